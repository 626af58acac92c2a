//! The store's own failures: the database file, never a rule of the service. The service turns
//! them into its errors at its edge (`ServiceError::Store`).

use std::path::PathBuf;

/// A failure of the database file itself: it names the file, in one line.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the folder for database {path}: {reason}")]
    CreateFolder { path: PathBuf, reason: String },
    #[error("cannot open database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    /// A name that SQLite reads as something other than a file.
    #[error("cannot use {name} as the database: {reason}")]
    NotAFile { name: String, reason: &'static str },
    #[error("{path} is not a proton-local database: {reason}")]
    NotADatabase { path: PathBuf, reason: String },
    #[error(
        "database {path} has schema version {found}, newer than this proton-local knows ({known}): \
         use a newer proton-local, or another --db"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("database {path}: {reason}")]
    Query { path: PathBuf, reason: String },
    /// Another connection held the write lock for longer than the busy timeout: a refusal worth
    /// retrying, unlike the other failures here.
    #[error("database {path}: {reason}")]
    Busy { path: PathBuf, reason: String },
}
