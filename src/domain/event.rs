//! A connection's status change, as it is kept and as EventBridge would deliver it: the envelope
//! of every AWS event (`version`, `id`, `detail-type`, `source`, `account`, `time`, `region`,
//! `resources`) around a `detail` of `status` and `previousStatus`.

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::records::partition_of;
use super::time::Timestamp;

/// The `detail-type` AWS Proton gives a connection's status change.
pub const DETAIL_TYPE: &str = "AWS Proton Environment Account Connection Status Change";

/// The status an event gives a deleted connection: it has none left of its own.
pub const DELETED: &str = "DELETED";

/// One status change of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Its place in the database's order of events, from 1; never reused.
    pub seq: i64,
    pub time: Timestamp,
    pub region: String,
    pub environment_account_id: String,
    pub management_account_id: String,
    pub connection_id: String,
    /// `PENDING`, `CONNECTED`, `REJECTED`, or `DELETED`.
    pub status: String,
    /// None for a connection just created.
    pub previous_status: Option<String>,
}

impl StatusChange {
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:proton:{}:{}:environment-account-connection/{}",
            partition_of(&self.region),
            self.region,
            self.environment_account_id,
            self.connection_id
        )
    }

    /// The event id: UUID-shaped, from what the event is (its place, connection and status), so
    /// that a run with the clock and ids pinned prints the same events every time.
    pub fn event_id(&self) -> String {
        let digest = Sha256::digest(format!(
            "{}/{}/{}",
            self.seq, self.connection_id, self.status
        ));
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// The event as EventBridge delivers it. `account` is the environment account, which owns
    /// the connection (its ARN names it), as EventBridge sends an event to the resource's owner.
    pub fn to_json(&self) -> Value {
        let mut detail = Map::new();
        detail.insert("status".into(), json!(self.status));
        if let Some(previous) = &self.previous_status {
            detail.insert("previousStatus".into(), json!(previous));
        }
        let mut event = Map::new();
        event.insert("version".into(), json!("0"));
        event.insert("id".into(), json!(self.event_id()));
        event.insert("detail-type".into(), json!(DETAIL_TYPE));
        event.insert("source".into(), json!("aws.proton"));
        event.insert("account".into(), json!(self.environment_account_id));
        event.insert("time".into(), json!(self.time.to_event_time()));
        event.insert("region".into(), json!(self.region));
        event.insert("resources".into(), json!([self.arn()]));
        event.insert("detail".into(), Value::Object(detail));
        Value::Object(event)
    }
}
