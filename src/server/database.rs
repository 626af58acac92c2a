//! The server's connections to its database: one writer, which every write goes through in turn,
//! and a few readers, opened when reads need them and closed again when they sit unused.
//!
//! Writers in one process that each take SQLite's file lock only meet in its busy handler, which
//! sleeps and polls: as clients are added, throughput falls and the tail grows. Queued in the
//! server instead, each write finds the lock free (other processes may still take it; the busy
//! handler waits for those). Readers never wait for the writer: the file is in WAL mode.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store::Store;

/// The number of reader connections: enough to keep every core busy with reads while others wait
/// on the network, few enough that a burst can't take the process's file descriptors (each
/// connection holds two: the database and its write-ahead log).
pub fn reader_limit() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (2 * cores).clamp(2, 16)
}

/// A reader unused for this long is closed, down to one.
pub const READER_IDLE: Duration = Duration::from_secs(30);

pub struct Database {
    /// Where readers are opened; None for a database in memory, whose reads use the writer.
    path: Option<PathBuf>,
    writer: Mutex<Store>,
    /// Readers not in use, the most recently used last, with the moment each was put back.
    idle_readers: Mutex<Vec<(Store, Instant)>>,
}

impl Database {
    /// The database at `path`, with `writer` already open on it.
    pub fn new(path: PathBuf, writer: Store) -> Database {
        Database {
            path: Some(path),
            writer: Mutex::new(writer),
            idle_readers: Mutex::new(Vec::new()),
        }
    }

    /// A database of one connection, for unit tests in memory.
    pub fn single(store: Store) -> Database {
        Database {
            path: None,
            writer: Mutex::new(store),
            idle_readers: Mutex::new(Vec::new()),
        }
    }

    /// Runs `work` on the writer. Callers queue here, so the server's own writes never contend for
    /// SQLite's lock.
    pub fn write<T>(&self, work: impl FnOnce(&mut Store) -> T) -> T {
        work(&mut lock(&self.writer))
    }

    /// Runs `work` on a reader: an idle one, else a new one. When no reader can be opened (the
    /// process is out of file descriptors, say), the writer reads: slower, never a failure.
    /// How many readers run at once is the caller's to bound (`reader_limit`).
    pub fn read<T>(&self, work: impl FnOnce(&mut Store) -> T) -> T {
        let idle = lock(&self.idle_readers).pop().map(|(store, _)| store);
        let opened = || self.path.as_deref().and_then(|path| Store::open(path).ok());
        match idle.or_else(opened) {
            Some(mut store) => {
                let value = work(&mut store);
                lock(&self.idle_readers).push((store, Instant::now()));
                value
            }
            None => self.write(work),
        }
    }

    /// Closes the readers unused since `idle_for` before `now`, keeping the most recent one.
    pub fn shrink(&self, now: Instant, idle_for: Duration) {
        let mut idle = lock(&self.idle_readers);
        let keep_from = idle
            .iter()
            .position(|(_, since)| now.saturating_duration_since(*since) < idle_for)
            .unwrap_or(idle.len())
            .min(idle.len().saturating_sub(1));
        // Dropped outside the lock: closing a connection touches the file system.
        let closed: Vec<_> = idle.drain(..keep_from).collect();
        drop(idle);
        drop(closed);
    }

    /// Readers open and not in use.
    pub fn idle_readers(&self) -> usize {
        lock(&self.idle_readers).len()
    }
}

/// A poisoned lock only means a request panicked; the connection it guards is still sound, as
/// SQLite rolls back a transaction that was not committed.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database() -> (tempfile::TempDir, Database) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let writer = Store::open(&path).unwrap();
        (dir, Database::new(path, writer))
    }

    #[test]
    fn readers_are_reused_and_the_unused_ones_closed_down_to_one() {
        let (_dir, db) = database();
        // Three reads at once open three readers.
        db.read(|_| db.read(|_| db.read(|_| ())));
        assert_eq!(db.idle_readers(), 3);
        db.read(|_| ());
        assert_eq!(db.idle_readers(), 3, "a reader is reused, not opened");
        let later = Instant::now() + READER_IDLE;
        db.shrink(Instant::now(), READER_IDLE);
        assert_eq!(db.idle_readers(), 3, "none has been idle long enough");
        db.shrink(later, READER_IDLE);
        assert_eq!(db.idle_readers(), 1, "the most recent one stays");
        db.shrink(later + READER_IDLE, READER_IDLE);
        assert_eq!(db.idle_readers(), 1);
    }

    #[test]
    fn in_memory_reads_use_the_writer() {
        let db = Database::single(Store::open_in_memory().unwrap());
        db.read(|_| ());
        assert_eq!(db.idle_readers(), 0);
    }
}
