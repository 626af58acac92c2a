//! Reading the status-change events: a caller sees the events of the connections it could see
//! (CONTRACT.md section 8: its region, either of the two accounts), deleted ones included.

use super::{Caller, Proton, ServiceError};
use crate::domain::StatusChange;

impl Proton<'_> {
    /// The caller's events after `after` (a `seq`), oldest first, at most `limit`.
    pub fn events_after(
        &mut self,
        caller: &Caller,
        after: i64,
        limit: usize,
    ) -> Result<Vec<StatusChange>, ServiceError> {
        self.store
            .read(|tx| Ok(tx.events_after(&caller.region, &caller.account, after, limit)?))
    }

    /// The `seq` of the caller's newest event (0 if none): following from there shows only what
    /// happens next, without replaying the history.
    pub fn newest_event_seq(&mut self, caller: &Caller) -> Result<i64, ServiceError> {
        self.store
            .read(|tx| Ok(tx.newest_event_seq(&caller.region, &caller.account)?))
    }
}
