//! The events table: one row per status change of a connection, written in the transaction that
//! makes the change, and read back in order by whoever may see the connection.

use rusqlite::{params, Row};

use super::{query_error, StoreError, Tx};
use crate::domain::{StatusChange, Timestamp};

const EVENT_COLUMNS: &str = "seq, time, region, environment_account_id, management_account_id, \
     connection_id, status, previous_status";

fn event_from_row(row: &Row) -> rusqlite::Result<StatusChange> {
    Ok(StatusChange {
        seq: row.get(0)?,
        time: Timestamp::from_millis(row.get(1)?),
        region: row.get(2)?,
        environment_account_id: row.get(3)?,
        management_account_id: row.get(4)?,
        connection_id: row.get(5)?,
        status: row.get(6)?,
        previous_status: row.get(7)?,
    })
}

impl Tx<'_> {
    /// Records a status change; its `seq` is the database's to give, so the one passed is ignored.
    pub fn record_event(&self, event: &StatusChange) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO events (time, region, environment_account_id, management_account_id, \
                 connection_id, status, previous_status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    event.time.millis(),
                    event.region,
                    event.environment_account_id,
                    event.management_account_id,
                    event.connection_id,
                    event.status,
                    event.previous_status,
                ])
            })
            .map(drop)
            .map_err(|err| query_error(self.path, err))
    }

    /// The events after `after` (a `seq`) of the connections of `account` (either side) in
    /// `region`, oldest first, at most `limit`.
    pub fn events_after(
        &self,
        region: &str,
        account: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<StatusChange>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE seq > ?1 AND region = ?2 \
             AND (environment_account_id = ?3 OR management_account_id = ?3) ORDER BY seq LIMIT ?4"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.tx
            .prepare_cached(&sql)
            .and_then(|mut stmt| {
                stmt.query_map(params![after, region, account, limit], event_from_row)?
                    .collect()
            })
            .map_err(|err| query_error(self.path, err))
    }

    /// The `seq` of the newest event `account` may see in `region` (0 if none): following from
    /// there shows only what happens next. Each half is one step down its index.
    pub fn newest_event_seq(&self, region: &str, account: &str) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached(
                "SELECT max(coalesce((SELECT max(seq) FROM events \
                 WHERE region = ?1 AND environment_account_id = ?2), 0), \
                 coalesce((SELECT max(seq) FROM events \
                 WHERE region = ?1 AND management_account_id = ?2), 0))",
            )
            .and_then(|mut stmt| stmt.query_row(params![region, account], |row| row.get(0)))
            .map_err(|err| query_error(self.path, err))
    }
}
