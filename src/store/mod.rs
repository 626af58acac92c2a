//! The SQLite file: opening it, its pragmas, its migrations and its transactions. The only code
//! that speaks SQL (with its query modules, one a table: `queries.rs`, `templates.rs`,
//! `template_versions.rs`, `environments.rs`, `events.rs`), and the only place that maps a SQLite
//! error to a domain one.

mod environments;
mod error;
mod events;
mod queries;
mod template_versions;
mod templates;

pub use error::StoreError;
pub use queries::{Inserted, ListQuery};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

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
    // 2: filtered list pages. A page filtered by environment name or status walked the caller's
    // whole (requested_at, id) range of the indexes above, testing each row, so a rare match cost
    // as much as the caller has rows (127 ms at a million). With the filter columns ahead of
    // (requested_at, id), each status is one range walked from the page key; a page merges the
    // ranges of the statuses it asks for (queries.rs), so it reads at most a page per status.
    r#"
    CREATE INDEX connections_by_environment_account_status
        ON environment_account_connections (region, environment_account_id, status, requested_at, id);
    CREATE INDEX connections_by_environment_account_name
        ON environment_account_connections
           (region, environment_account_id, environment_name, status, requested_at, id);
    CREATE INDEX connections_by_management_account_status
        ON environment_account_connections (region, management_account_id, status, requested_at, id);
    CREATE INDEX connections_by_management_account_name
        ON environment_account_connections
           (region, management_account_id, environment_name, status, requested_at, id);
    "#,
    // 3: the quota's count. A create counted the environment account's rows in the region, a
    // walk of its whole index range (18 ms at 300k rows against 3 ms). The count is kept here
    // by triggers instead, in the transaction that adds or removes the row, so that no path
    // that writes rows (nor a row added with sqlite3) can let it drift, and creates, which
    // hold the write lock from their first read, see and move it one at a time.
    r#"
    CREATE TABLE connection_counts (
        region                 TEXT NOT NULL,
        environment_account_id TEXT NOT NULL,
        connections            INTEGER NOT NULL,
        PRIMARY KEY (region, environment_account_id)
    ) WITHOUT ROWID;
    INSERT INTO connection_counts (region, environment_account_id, connections)
        SELECT region, environment_account_id, count(*) FROM environment_account_connections
        GROUP BY region, environment_account_id;
    CREATE TRIGGER count_created AFTER INSERT ON environment_account_connections BEGIN
        INSERT INTO connection_counts (region, environment_account_id, connections)
            VALUES (NEW.region, NEW.environment_account_id, 1)
            ON CONFLICT (region, environment_account_id) DO UPDATE SET connections = connections + 1;
    END;
    CREATE TRIGGER count_deleted AFTER DELETE ON environment_account_connections BEGIN
        UPDATE connection_counts SET connections = connections - 1
            WHERE region = OLD.region AND environment_account_id = OLD.environment_account_id;
    END;
    CREATE TRIGGER count_moved AFTER UPDATE OF region, environment_account_id
        ON environment_account_connections
        WHEN OLD.region IS NOT NEW.region OR OLD.environment_account_id IS NOT NEW.environment_account_id
    BEGIN
        UPDATE connection_counts SET connections = connections - 1
            WHERE region = OLD.region AND environment_account_id = OLD.environment_account_id;
        INSERT INTO connection_counts (region, environment_account_id, connections)
            VALUES (NEW.region, NEW.environment_account_id, 1)
            ON CONFLICT (region, environment_account_id) DO UPDATE SET connections = connections + 1;
    END;
    "#,
    // 4: environment templates, the management account's records (issue 9). A template is known
    // by its name within its account and region, so that is the key; a list page walks it in name
    // order from the page key, and the quota's count is a walk of one (region, account) range,
    // which the quota (1000) keeps short. `create_request` is the create's parameters as given
    // (canonical JSON), so a repeated create can tell an identical retry from a different request;
    // `updated` says an update has changed the template since (a retry then is a conflict).
    // `recommended_version` stays NULL until template versions are kept.
    r#"
    CREATE TABLE environment_templates (
        region              TEXT NOT NULL,
        account_id          TEXT NOT NULL,
        name                TEXT NOT NULL,
        display_name        TEXT,
        description         TEXT,
        encryption_key      TEXT,
        provisioning        TEXT,
        recommended_version TEXT,
        create_request      TEXT NOT NULL,
        updated             INTEGER NOT NULL DEFAULT 0,
        created_at          INTEGER NOT NULL,
        last_modified_at    INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, name)
    ) WITHOUT ROWID;
    "#,
    // 5: events: each status change of a connection (created, accepted, rejected, deleted), kept so
    // that the console and `proton-local events --follow` see changes made by any process. Each
    // row carries both accounts and the region, so it stays visible to exactly the callers that
    // could see the connection, after the connection itself is deleted. AUTOINCREMENT: a
    // follower's position (`seq`) is never given to another event. The indexes serve the two
    // sides of "seq > ? for this account in this region".
    r#"
    CREATE TABLE events (
        seq                    INTEGER PRIMARY KEY AUTOINCREMENT,
        time                   INTEGER NOT NULL,
        region                 TEXT NOT NULL,
        environment_account_id TEXT NOT NULL,
        management_account_id  TEXT NOT NULL,
        connection_id          TEXT NOT NULL,
        status                 TEXT NOT NULL,
        previous_status        TEXT
    );
    CREATE INDEX events_by_environment_account ON events (region, environment_account_id, seq);
    CREATE INDEX events_by_management_account ON events (region, management_account_id, seq);
    "#,
    // 6: environment template versions, keyed by their template (region, account, name) and
    // major.minor, kept as the model's text. The source is recorded, not fetched; the create's
    // canonical request and client token serve a retry.
    r#"
    CREATE TABLE environment_template_versions (
        region           TEXT NOT NULL,
        account_id       TEXT NOT NULL,
        template_name    TEXT NOT NULL,
        major_version    TEXT NOT NULL,
        minor_version    TEXT NOT NULL,
        description      TEXT,
        status           TEXT NOT NULL,
        source_bucket    TEXT NOT NULL,
        source_key       TEXT NOT NULL,
        client_token     TEXT,
        create_request   TEXT NOT NULL,
        created_at       INTEGER NOT NULL,
        last_modified_at INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, template_name, major_version, minor_version)
    ) WITHOUT ROWID;
    "#,
    // 7: environments, the management account's (issue 9), keyed by their name within its account
    // and region; a list page walks that key in name order. The connection an environment uses is
    // kept as its id, and stays after the connection is deleted (the environment then can't be
    // managed until pointed at a new one). Whether an environment uses a connection (reject) is
    // asked of the one environment of the connection's name; the index serves the question a
    // version's delete asks: does an environment use this template version.
    // `create_request` and `updated` serve a repeated create, as for templates.
    r#"
    CREATE TABLE environments (
        region                            TEXT NOT NULL,
        account_id                        TEXT NOT NULL,
        name                              TEXT NOT NULL,
        description                       TEXT,
        spec                              TEXT NOT NULL,
        template_name                     TEXT NOT NULL,
        template_major_version            TEXT NOT NULL,
        template_minor_version            TEXT NOT NULL,
        environment_account_connection_id TEXT,
        environment_account_id            TEXT,
        proton_service_role_arn           TEXT,
        codebuild_role_arn                TEXT,
        component_role_arn                TEXT,
        provisioning                      TEXT,
        deployment_status                 TEXT NOT NULL,
        create_request                    TEXT NOT NULL,
        updated                           INTEGER NOT NULL DEFAULT 0,
        created_at                        INTEGER NOT NULL,
        last_deployment_attempted_at      INTEGER NOT NULL,
        last_deployment_succeeded_at      INTEGER NOT NULL,
        PRIMARY KEY (region, account_id, name)
    ) WITHOUT ROWID;
    CREATE INDEX environments_by_template_version
        ON environments (region, account_id, template_name, template_major_version,
                         template_minor_version);
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

    /// How long a statement waits for another connection's lock before it fails (30 seconds
    /// unless set): a server answers within the time it promised, and retries are its client's.
    pub fn set_busy_timeout(&mut self, timeout: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(timeout)
            .map_err(|err| open_error(&self.path, err))
    }

    /// Runs `work` in one write transaction taken at its start (`BEGIN IMMEDIATE`), so that a
    /// read-check-write can't interleave with another process's. Committed only on success.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transaction(TransactionBehavior::Immediate, work)
    }

    /// Runs `work` on one consistent snapshot of the database.
    pub fn read<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<T, E> {
        self.transaction(TransactionBehavior::Deferred, work)
    }

    fn transaction<T, E: From<StoreError>>(
        &mut self,
        behavior: TransactionBehavior,
        work: impl FnOnce(&Tx) -> Result<T, E>,
    ) -> Result<T, E> {
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

pub(crate) fn query_error(path: &Path, err: rusqlite::Error) -> StoreError {
    let (path, reason) = (path.to_path_buf(), sqlite_reason(&err));
    match is_busy(&err) {
        true => StoreError::Busy { path, reason },
        false => StoreError::Query { path, reason },
    }
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
    use crate::domain::{Connection, RequestedBy, Roles, Status, Timestamp};

    #[test]
    fn migrating_twice_is_a_no_op() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.schema_state().unwrap().0, MIGRATIONS.len() as i64);
        store.migrate().unwrap();
        assert_eq!(store.schema_state().unwrap().0, MIGRATIONS.len() as i64);
    }

    /// Every range a list page reads is a search of an index on the caller's side, bounded by
    /// the page key, with no sort: so no page, filtered or not, walks more than its own rows,
    /// whatever the size of the table (issue 8: a filtered page read the caller's whole range).
    #[test]
    fn list_pages_walk_an_index_without_sorting() {
        use queries::Range;
        let mut store = Store::open_in_memory().unwrap();
        for (side, account, name) in [
            (
                RequestedBy::EnvironmentAccount,
                "environment_account_id",
                "environment_account",
            ),
            (
                RequestedBy::ManagementAccount,
                "management_account_id",
                "management_account",
            ),
        ] {
            for (range, index, filter) in [
                (Range::Caller, format!("connections_by_{name}"), ""),
                (
                    Range::Status,
                    format!("connections_by_{name}_status"),
                    " AND status=?",
                ),
                (
                    Range::NameAndStatus,
                    format!("connections_by_{name}_name"),
                    " AND environment_name=? AND status=?",
                ),
            ] {
                let plan = store
                    .read(|tx| Ok::<_, StoreError>(tx.list_plan(side, range)))
                    .unwrap();
                assert_eq!(
                    plan,
                    format!(
                        "SEARCH environment_account_connections USING INDEX {index} \
                         (region=? AND {account}=?{filter} AND (requested_at,id)>(?,?))"
                    ),
                    "{side:?} {range:?}"
                );
            }
        }
    }

    /// Which ranges each filter reads: the merge covers exactly the statuses asked for.
    #[test]
    fn each_filter_reads_the_ranges_of_its_statuses() {
        use queries::Range;
        let query = |environment_name, statuses| ListQuery {
            side: RequestedBy::ManagementAccount,
            account: "123456789012",
            region: "us-east-1",
            environment_name,
            statuses,
            after: None,
            limit: Some(10),
        };
        let all = [Status::Pending, Status::Connected, Status::Rejected];
        assert_eq!(query(None, &[]).ranges(), [(Range::Caller, None)]);
        assert_eq!(query(None, &all).ranges(), [(Range::Caller, None)]);
        assert_eq!(
            query(None, &[Status::Rejected, Status::Pending, Status::Rejected]).ranges(),
            [
                (Range::Status, Some(Status::Rejected)),
                (Range::Status, Some(Status::Pending))
            ]
        );
        assert_eq!(
            query(Some("env"), &[]).ranges(),
            all.map(|status| (Range::NameAndStatus, Some(status)))
        );
        assert_eq!(
            query(Some("env"), &[Status::Connected]).ranges(),
            [(Range::NameAndStatus, Some(Status::Connected))]
        );
    }

    /// Pages of every filter, from both sides, at several sizes, chained by their page keys,
    /// list exactly what a plain filter and sort of the rows gives: the merge of the status
    /// ranges keeps (requestedAt, id) order, ties on requestedAt included.
    #[test]
    fn merged_ranges_list_what_a_filter_and_sort_lists() {
        use crate::service::PageKey;
        let mut store = Store::open_in_memory().unwrap();
        let regions = ["us-east-1", "eu-west-1"];
        let environment_accounts = ["111111111111", "222222222222", "333333333333"];
        let management_accounts = ["444444444444", "555555555555"];
        let names = ["a", "b", "c-1", "d_2"];
        let mut seed: u64 = 7;
        let mut random = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut rows = Vec::new();
        for n in 0..600 {
            let row = (
                format!("{:x}{n:04x}", random(16)),
                regions[random(2)],
                environment_accounts[random(3)],
                management_accounts[random(2)],
                names[random(4)],
                Status::ALL[random(3)],
                // Few instants, so that many rows tie on requestedAt and order by id.
                1_600_000_000_000 + random(40) as i64,
            );
            let inserted = store
                .conn
                .execute(
                    "INSERT OR IGNORE INTO environment_account_connections (id, region, \
                     environment_account_id, management_account_id, environment_name, status, \
                     requested_at, last_modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                    rusqlite::params![row.0, row.1, row.2, row.3, row.4, row.5.as_str(), row.6],
                )
                .unwrap();
            if inserted == 1 {
                rows.push(row);
            }
        }
        let status_filters: Vec<Vec<Status>> = vec![
            vec![],
            vec![Status::Pending],
            vec![Status::Connected],
            vec![Status::Rejected],
            vec![Status::Rejected, Status::Pending],
            vec![Status::Connected, Status::Rejected],
            Status::ALL.to_vec(),
        ];
        let mut checked = 0;
        for region in regions {
            for (side, accounts) in [
                (RequestedBy::EnvironmentAccount, &environment_accounts[..]),
                (RequestedBy::ManagementAccount, &management_accounts[..]),
            ] {
                for account in accounts {
                    for name in [None, Some("a"), Some("d_2"), Some("none")] {
                        for statuses in &status_filters {
                            let mut expected: Vec<_> = rows
                                .iter()
                                .filter(|row| {
                                    row.1 == region
                                        && match side {
                                            RequestedBy::EnvironmentAccount => row.2 == *account,
                                            RequestedBy::ManagementAccount => row.3 == *account,
                                        }
                                        && name.is_none_or(|name| row.4 == name)
                                        && (statuses.is_empty() || statuses.contains(&row.5))
                                })
                                .map(|row| (row.6, row.0.clone()))
                                .collect();
                            expected.sort();
                            for limit in [Some(1), Some(3), Some(7), None] {
                                let mut listed = Vec::new();
                                let mut after: Option<PageKey> = None;
                                loop {
                                    let query = ListQuery {
                                        side,
                                        account,
                                        region,
                                        environment_name: name,
                                        statuses,
                                        after: after.as_ref(),
                                        limit,
                                    };
                                    let page =
                                        store.read(|tx| tx.list_connections(&query)).unwrap();
                                    listed.extend(
                                        page.iter()
                                            .map(|c| (c.requested_at.millis(), c.id.clone())),
                                    );
                                    match (page.last(), limit) {
                                        (Some(last), Some(limit)) if page.len() == limit => {
                                            after = Some(PageKey {
                                                requested_at: Timestamp::from_millis(
                                                    last.requested_at.millis(),
                                                ),
                                                id: last.id.clone(),
                                            })
                                        }
                                        _ => break,
                                    }
                                }
                                assert_eq!(
                                    listed, expected,
                                    "{region} {side:?} {account} {name:?} {statuses:?} {limit:?}"
                                );
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 2 * 5 * 4 * 7 * 4);
    }

    fn connection(id: &str, region: &str, account: &str, name: &str) -> Connection {
        Connection {
            id: id.to_string(),
            region: region.to_string(),
            environment_account_id: account.to_string(),
            management_account_id: "123456789012".to_string(),
            environment_name: name.to_string(),
            status: Status::Pending,
            roles: Roles::default(),
            requested_at: Timestamp::from_millis(1_600_000_000_000),
            last_modified_at: Timestamp::from_millis(1_600_000_000_000),
        }
    }

    /// The kept count and a count of the rows, for each (region, account) that has either.
    fn counts(store: &mut Store) -> Vec<(String, String, i64, u64)> {
        let pairs: Vec<(String, String, i64)> = store
            .conn
            .prepare(
                "SELECT region, environment_account_id, count(*) FROM environment_account_connections \
                 GROUP BY 1, 2 UNION SELECT region, environment_account_id, 0 FROM connection_counts \
                 WHERE (region, environment_account_id) NOT IN \
                       (SELECT region, environment_account_id FROM environment_account_connections) \
                 ORDER BY 1, 2",
            )
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        pairs
            .into_iter()
            .map(|(region, account, rows)| {
                let kept = store
                    .read(|tx| tx.count_connections(&region, &account))
                    .unwrap();
                (region, account, rows, kept)
            })
            .collect()
    }

    #[track_caller]
    fn assert_counts_agree(store: &mut Store, expected: &[(&str, &str, i64)]) {
        let counts = counts(store);
        let found: Vec<(&str, &str, i64)> = counts
            .iter()
            .map(|(region, account, rows, kept)| {
                assert_eq!(
                    *rows as u64, *kept,
                    "{region} {account}: kept count and rows differ"
                );
                (region.as_str(), account.as_str(), *rows)
            })
            .collect();
        assert_eq!(found, expected);
    }

    /// The quota's count follows every create and delete, per account and region; accept,
    /// reject and update leave it; a refused insert (a duplicate id) leaves it too.
    #[test]
    fn the_kept_count_follows_creates_and_deletes() {
        let mut store = Store::open_in_memory().unwrap();
        let now = Timestamp::from_millis(1_600_000_000_001);
        let a = connection("a1", "us-east-1", "111122223333", "env-a");
        let b = connection("b1", "us-east-1", "111122223333", "env-b");
        let c = connection("c1", "eu-west-1", "111122223333", "env-a");
        let d = connection("d1", "us-east-1", "444455556666", "env-a");
        for created in [&a, &b, &c, &d] {
            store
                .write(|tx| tx.insert_connection(created, None, &[]))
                .unwrap();
        }
        assert_counts_agree(
            &mut store,
            &[
                ("eu-west-1", "111122223333", 1),
                ("us-east-1", "111122223333", 2),
                ("us-east-1", "444455556666", 1),
            ],
        );
        let duplicate = store.write(|tx| tx.insert_connection(&a, None, &[]));
        // The same row again meets the one-open rule before its primary key.
        assert_eq!(duplicate.unwrap(), Inserted::DuplicateOpen);
        store
            .write(|tx| {
                tx.set_status("a1", Status::Connected, now)?;
                tx.set_status("b1", Status::Rejected, now)?;
                tx.set_roles("a1", &Roles::default(), now)
            })
            .unwrap();
        assert_counts_agree(
            &mut store,
            &[
                ("eu-west-1", "111122223333", 1),
                ("us-east-1", "111122223333", 2),
                ("us-east-1", "444455556666", 1),
            ],
        );
        store.write(|tx| tx.delete_connection(&b)).unwrap();
        store.write(|tx| tx.delete_connection(&c)).unwrap();
        assert_counts_agree(
            &mut store,
            &[
                ("eu-west-1", "111122223333", 0),
                ("us-east-1", "111122223333", 1),
                ("us-east-1", "444455556666", 1),
            ],
        );
        // A write that fails after its insert rolls the count back with the row.
        let failed: Result<(), StoreError> = store.write(|tx| {
            tx.insert_connection(&b, None, &[])?;
            Err(StoreError::Query {
                path: "x".into(),
                reason: "changed my mind".into(),
            })
        });
        assert!(failed.is_err());
        assert_counts_agree(
            &mut store,
            &[
                ("eu-west-1", "111122223333", 0),
                ("us-east-1", "111122223333", 1),
                ("us-east-1", "444455556666", 1),
            ],
        );
    }

    /// A file made by the first schema (no filtered-page indexes, no kept count) is brought
    /// forward on open: its rows are counted and listed as a new file's are.
    #[test]
    fn a_version_1_file_is_migrated_with_its_counts() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        for (id, region, account, status) in [
            ("a1", "us-east-1", "111122223333", "PENDING"),
            ("a2", "us-east-1", "111122223333", "REJECTED"),
            ("a3", "us-east-1", "111122223333", "CONNECTED"),
            ("b1", "eu-west-1", "111122223333", "PENDING"),
            ("c1", "us-east-1", "444455556666", "REJECTED"),
        ] {
            conn.execute(
                "INSERT INTO environment_account_connections (id, region, environment_account_id, \
                 management_account_id, environment_name, status, requested_at, last_modified_at) \
                 VALUES (?1, ?2, ?3, '123456789012', ?1, ?4, 0, 0)",
                rusqlite::params![id, region, account, status],
            )
            .unwrap();
        }
        let mut store = Store::prepare(conn, PathBuf::from(":memory:")).unwrap();
        assert_eq!(store.schema_state().unwrap().0, MIGRATIONS.len() as i64);
        assert_counts_agree(
            &mut store,
            &[
                ("eu-west-1", "111122223333", 1),
                ("us-east-1", "111122223333", 3),
                ("us-east-1", "444455556666", 1),
            ],
        );
        let rejected = store
            .read(|tx| {
                tx.list_connections(&ListQuery {
                    side: RequestedBy::ManagementAccount,
                    account: "123456789012",
                    region: "us-east-1",
                    environment_name: None,
                    statuses: &[Status::Rejected],
                    after: None,
                    limit: None,
                })
            })
            .unwrap();
        let ids: Vec<&str> = rejected.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a2", "c1"]);
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
