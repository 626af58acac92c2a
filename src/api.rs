//! The AWS shapes of each reply, as JSON: the command line shows timestamps in ISO 8601 as the
//! AWS CLI v2 prints them; the AWS JSON protocol carries them as epoch seconds.

use serde_json::{Map, Value};

use crate::service::{Connection, ConnectionPage, Reply, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    Iso8601,
    EpochSeconds,
}

impl TimeFormat {
    fn render(self, instant: Timestamp) -> Value {
        match self {
            TimeFormat::Iso8601 => Value::String(instant.to_iso8601()),
            TimeFormat::EpochSeconds => Value::from(instant.to_epoch_seconds()),
        }
    }
}

/// `{"environmentAccountConnection": {...}}` or `{"environmentAccountConnections": [...], "nextToken": ...}`.
pub fn reply_to_json(reply: &Reply, times: TimeFormat) -> Value {
    match reply {
        Reply::Connection(connection) => {
            let mut body = Map::new();
            body.insert(
                "environmentAccountConnection".into(),
                connection_to_json(connection, times, false),
            );
            Value::Object(body)
        }
        Reply::Page(page) => page_to_json(page, times),
    }
}

fn page_to_json(page: &ConnectionPage, times: TimeFormat) -> Value {
    let mut body = Map::new();
    let items = page
        .connections
        .iter()
        .map(|connection| connection_to_json(connection, times, true))
        .collect();
    body.insert("environmentAccountConnections".into(), Value::Array(items));
    if let Some(token) = &page.next_token {
        body.insert("nextToken".into(), Value::String(token.clone()));
    }
    Value::Object(body)
}

/// `arn`, then `status`, then the other present members in alphabetical order: the order of the
/// documented responses (CONTRACT.md section 5). The list's summary shape has no `codebuildRoleArn`.
fn connection_to_json(connection: &Connection, times: TimeFormat, summary: bool) -> Value {
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        object.insert(key.to_string(), value);
    };
    put("arn", Value::String(connection.arn()));
    put("status", Value::String(connection.status.as_str().into()));
    if let (false, Some(arn)) = (summary, &connection.roles.codebuild_role_arn) {
        put("codebuildRoleArn", Value::String(arn.clone()));
    }
    if let Some(arn) = &connection.roles.component_role_arn {
        put("componentRoleArn", Value::String(arn.clone()));
    }
    put(
        "environmentAccountId",
        Value::String(connection.environment_account_id.clone()),
    );
    put(
        "environmentName",
        Value::String(connection.environment_name.clone()),
    );
    put("id", Value::String(connection.id.clone()));
    put("lastModifiedAt", times.render(connection.last_modified_at));
    put(
        "managementAccountId",
        Value::String(connection.management_account_id.clone()),
    );
    put("requestedAt", times.render(connection.requested_at));
    if let Some(arn) = &connection.roles.role_arn {
        put("roleArn", Value::String(arn.clone()));
    }
    Value::Object(object)
}
