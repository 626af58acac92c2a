//! The SQLite file: opening it, its pragmas, its migrations and its transactions. The only code
//! that speaks SQL (with `queries.rs`), and the only place that maps a SQLite error to a domain one.

mod queries;

pub use queries::ListQuery;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use crate::service::{ServiceError, StoreError};

/// The schema, one migration per entry, applied in order and never edited once released: a
/// database at `user_version` N has had the first N applied.
const MIGRATIONS: &[&str] = &[
    // 1: connections, their tags (kept by resource ARN, so environments can share the table later)
    // and the secret that signs this database's page tokens. The indexes serve the two list
    // queries (keyset on requestedAt, id), the client-token look-up and the one-open-request rule.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value BLOB NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO meta (key, value) VALUES ('token_secret', randomblob(32));

    CREATE TABLE environment_account_connections (
        id                     TEXT PRIMARY KEY,
        region                 TEXT NOT NULL,
        environment_account_id TEXT NOT NULL,
        management_account_id  TEXT NOT NULL,
        environment_name       TEXT NOT NULL,
        status                 TEXT NOT NULL CHECK (status IN ('PENDING', 'CONNECTED', 'REJECTED')),
        role_arn               TEXT,
        codebuild_role_arn     TEXT,
        component_role_arn     TEXT,
        client_token           TEXT,
        requested_at           INTEGER NOT NULL,
        last_modified_at       INTEGER NOT NULL
    );
    CREATE INDEX connections_by_environment_account
        ON environment_account_connections (region, environment_account_id, requested_at, id);
    CREATE INDEX connections_by_management_account
        ON environment_account_connections (region, management_account_id, requested_at, id);
    CREATE INDEX connections_by_client_token
        ON environment_account_connections (region, environment_account_id, client_token)
        WHERE client_token IS NOT NULL;
    CREATE UNIQUE INDEX one_open_connection_per_environment
        ON environment_account_connections
           (region, environment_account_id, management_account_id, environment_name)
        WHERE status IN ('PENDING', 'CONNECTED');

    CREATE TABLE tags (
        resource_arn TEXT NOT NULL,
        key          TEXT NOT NULL,
        value        TEXT NOT NULL,
        PRIMARY KEY (resource_arn, key)
    ) WITHOUT ROWID;
    "#,
];

/// Long enough for a few hundred parallel commands queued on one file, each holding the write
/// lock for a millisecond or so.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A transaction in progress; the queries in `queries.rs` run on it.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: &'a Path,
}

impl Store {
    /// Opens (creating it and its folders if need be) and migrates the database at `path`: a plain
    /// file path, never one of SQLite's special names or URIs.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        refuse_special_names(path)?;
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            create_private_folders(parent).map_err(|err| StoreError::CreateFolder {
                path: path.to_path_buf(),
                reason: err.to_string(),
            })?;
        }
        if path.is_dir() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "it is a folder; name a file".to_string(),
            });
        }
        // A device or a pipe is refused before SQLite opens it and leaves a `-journal` beside it.
        if path.exists() && !path.is_file() {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: "it is not a regular file; name a file".to_string(),
            });
        }
        create_private_file(path).map_err(|err| StoreError::Open {
            path: path.to_path_buf(),
            reason: err.to_string(),
        })?;
        // No SQLITE_OPEN_URI; but the bundled SQLite is built with SQLITE_USE_URI, which reads a
        // name starting `file:` as a URI even without the flag, so a relative path goes in as
        // `./path`, which SQLite takes as it is.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(Path::new(".").join(path), flags).map_err(|err| {
                StoreError::Open {
                    path: path.to_path_buf(),
                    reason: sqlite_reason(&err),
                }
            })?;
        Store::prepare(conn, path.to_path_buf())
    }

    /// A private database in memory, for unit tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|err| StoreError::Open {
            path: PathBuf::from(":memory:"),
            reason: sqlite_reason(&err),
        })?;
        Store::prepare(conn, PathBuf::from(":memory:"))
    }

    fn prepare(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let mut store = Store { conn, path };
        store
            .conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|err| open_error(&store.path, err))?;
        let (version, tables) = store
            .schema_state()
            .map_err(|err| open_error(&store.path, err))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::NewerSchema {
                path: store.path.clone(),
                found: version,
                known,
            });
        }
        // Tables but no schema version: another program's SQLite database. Refused before
        // anything, even the switch to write-ahead logging, touches it.
        if version == 0 && tables > 0 {
            return Err(StoreError::NotADatabase {
                path: store.path.clone(),
                reason: format!("it is another program's SQLite database ({tables} tables and no proton-local schema)"),
            });
        }
        let mode = enable_wal(&store.conn).map_err(|err| open_error(&store.path, err))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Open {
                path: store.path.clone(),
                reason: format!("cannot switch to write-ahead logging (journal mode is {mode})"),
            });
        }
        store
            .conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|err| open_error(&store.path, err))?;
        if version < known {
            store
                .migrate()
                .map_err(|err| open_error(&store.path, err))?;
        }
        Ok(store)
    }

    /// The schema version and the number of tables, read in one statement so that both come
    /// from the same moment even while another process is migrating the file.
    fn schema_state(&self) -> rusqlite::Result<(i64, i64)> {
        self.conn.query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_master WHERE type = 'table')",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
    }

    /// Applies the missing migrations in one write transaction. Another process may have
    /// migrated the file since we looked, so the version is read again under the lock.
    fn migrate(&mut self) -> rusqlite::Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        for migration in MIGRATIONS.iter().skip(version.max(0) as usize) {
            tx.execute_batch(migration)?;
        }
        tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
        tx.commit()
    }

    /// Runs `work` in one write transaction taken at its start (`BEGIN IMMEDIATE`), so that a
    /// read-check-write can't interleave with another process's. Committed only on success.
    pub fn write<T>(
        &mut self,
        work: impl FnOnce(&Tx) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.transaction(TransactionBehavior::Immediate, work)
    }

    /// Runs `work` on one consistent snapshot of the database.
    pub fn read<T>(
        &mut self,
        work: impl FnOnce(&Tx) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        self.transaction(TransactionBehavior::Deferred, work)
    }

    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        work: impl FnOnce(&Tx) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(|err| query_error(path, err))?;
        let tx = Tx { tx, path };
        let value = work(&tx)?;
        tx.tx.commit().map_err(|err| query_error(path, err))?;
        Ok(value)
    }
}

/// SQLite gives a few names a meaning of their own: `:memory:` (and an empty name) is a private
/// database that is gone when the command ends, so every write would be lost without a word.
fn refuse_special_names(path: &Path) -> Result<(), StoreError> {
    let (name, reason) = match path.to_str() {
        Some("") => ("an empty path", "name a file"),
        Some(":memory:") => (
            ":memory:",
            "it is SQLite's name for a database in memory, which is gone when the command ends; \
             name a file (./:memory: for a file of that name)",
        ),
        _ => return Ok(()),
    };
    Err(StoreError::NotAFile {
        name: name.to_string(),
        reason,
    })
}

/// The folders of a new database, readable by their owner only: the file holds every account's
/// connections and the secret that signs page tokens. Folders that exist are left as they are.
fn create_private_folders(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// Creates a new database file readable and writable by its owner only, before SQLite opens it:
/// SQLite would make it 0644, and it gives the `-wal` and `-shm` files the mode of the database.
/// A file that exists is left as it is.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

/// Switching a new file to write-ahead logging takes a lock that SQLite does not wait for (the
/// busy handler is not called for it), so processes racing to open a new file retry here, as
/// long as the busy timeout would have waited.
fn enable_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)) {
            Err(err) if is_busy(&err) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1))
            }
            other => return other,
        }
    }
}

fn is_busy(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// The first statements on a file tell whether it is a database at all.
fn open_error(path: &Path, err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: sqlite_reason(&err),
        },
        _ => StoreError::Open {
            path: path.to_path_buf(),
            reason: sqlite_reason(&err),
        },
    }
}

pub(crate) fn query_error(path: &Path, err: rusqlite::Error) -> ServiceError {
    ServiceError::Store(StoreError::Query {
        path: path.to_path_buf(),
        reason: sqlite_reason(&err),
    })
}

/// SQLite's own words, without rusqlite's wrapping; a few codes that SQLite words tersely are
/// said more plainly.
fn sqlite_reason(err: &rusqlite::Error) -> String {
    match err {
        rusqlite::Error::SqliteFailure(failure, message) => match failure.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                "the database stayed locked by another process for 30 seconds".to_string()
            }
            ErrorCode::ReadOnly => "the file is read-only".to_string(),
            ErrorCode::CannotOpen => "SQLite cannot open the file".to_string(),
            ErrorCode::DiskFull => "the disk is full".to_string(),
            _ => message.clone().unwrap_or_else(|| failure.to_string()),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_state().unwrap().0, MIGRATIONS.len() as i64);
        store.migrate().unwrap();
        assert_eq!(store.schema_state().unwrap().0, MIGRATIONS.len() as i64);
    }

    /// A page is a range scan of the caller's index in (requestedAt, id) order: no table scan and
    /// no sort, so its cost does not grow with the table.
    #[test]
    fn list_pages_walk_an_index_without_sorting() {
        use crate::service::RequestedBy;
        let mut store = Store::open_in_memory().unwrap();
        for (side, account_column, index) in [
            (
                RequestedBy::EnvironmentAccount,
                "environment_account_id",
                "connections_by_environment_account",
            ),
            (
                RequestedBy::ManagementAccount,
                "management_account_id",
                "connections_by_management_account",
            ),
        ] {
            let plan = store.read(|tx| Ok(tx.list_plan(side))).unwrap();
            assert_eq!(
                plan,
                format!(
                    "SEARCH environment_account_connections USING INDEX {index} \
                     (region=? AND {account_column}=? AND (requested_at,id)>(?,?))"
                )
            );
        }
    }

    #[test]
    fn a_row_with_an_unknown_status_is_an_error_not_a_guess() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute_batch(
                "PRAGMA ignore_check_constraints = ON;
                 INSERT INTO environment_account_connections VALUES
                   ('abc', 'us-east-1', '111122223333', '123456789012', 'env', 'DELETED',
                    NULL, NULL, NULL, NULL, 0, 0);",
            )
            .unwrap();
        let err = store.read(|tx| tx.connection("abc")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "database :memory:: Conversion error from type Text at index: 5, unknown connection status 'DELETED'"
        );
    }

    #[test]
    fn a_file_uses_write_ahead_logging() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("nested/folder/p.db")).unwrap();
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
