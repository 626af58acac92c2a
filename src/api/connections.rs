//! A connection on the wire: `{"environmentAccountConnection": {...}}`, and a page of them.

use serde_json::{Map, Value};

use super::{page_from_json, Fields, Output, TimeFormat};
use crate::service::{Connection, ConnectionPage, Roles, Status};

pub(super) fn connection_reply_to_json(connection: &Connection, times: TimeFormat) -> Value {
    let mut body = Map::new();
    body.insert(
        "environmentAccountConnection".into(),
        connection_to_json(connection, times, false),
    );
    Value::Object(body)
}

pub(super) fn page_to_json(page: &ConnectionPage, times: TimeFormat) -> Value {
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

/// One item of a list reply, as in `environmentAccountConnections`.
pub fn summary_to_json(connection: &Connection, times: TimeFormat) -> Value {
    connection_to_json(connection, times, true)
}

fn connection_to_json(connection: &Connection, times: TimeFormat, summary: bool) -> Value {
    let mut object = Map::new();
    connection_members(connection, times, summary, |key, value| {
        object.insert(key.to_string(), value);
    });
    Value::Object(object)
}

/// `arn`, then `status`, then the other present members in alphabetical order: the order of the
/// documented responses (CONTRACT.md section 5). The list's summary shape has no `codebuildRoleArn`.
/// Handed to `put` one at a time, so that a list can be written as it is read, without a map.
pub fn connection_members(
    connection: &Connection,
    times: TimeFormat,
    summary: bool,
    mut put: impl FnMut(&'static str, Value),
) {
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
}

impl Output for Connection {
    fn from_json(body: &Value) -> Result<Connection, String> {
        connection_from_json(&body["environmentAccountConnection"])
    }
}

impl Output for ConnectionPage {
    fn from_json(body: &Value) -> Result<ConnectionPage, String> {
        let (connections, next_token) =
            page_from_json(body, "environmentAccountConnections", connection_from_json)?;
        Ok(ConnectionPage {
            connections,
            next_token,
        })
    }
}

/// One item of `environmentAccountConnections` as a server sent it, read back into the domain.
pub fn summary_from_json(object: &Value) -> Result<Connection, String> {
    connection_from_json(object)
}

fn connection_from_json(object: &Value) -> Result<Connection, String> {
    let fields = Fields {
        object,
        what: "connection",
    };
    let text = |key: &str| fields.text(key);
    let optional = |key: &str| fields.optional(key);
    let instant = |key: &str| fields.instant(key);
    let arn = text("arn")?;
    // arn:<partition>:proton:<region>:<account>:environment-account-connection/<id>
    let region = arn
        .split(':')
        .nth(3)
        .ok_or("the reply's connection arn has no region")?
        .to_string();
    let status = text("status")?;
    Ok(Connection {
        id: text("id")?,
        region,
        environment_account_id: text("environmentAccountId")?,
        management_account_id: text("managementAccountId")?,
        environment_name: text("environmentName")?,
        status: Status::parse(&status)
            .ok_or_else(|| format!("the reply's status {status} is unknown"))?,
        roles: Roles {
            role_arn: optional("roleArn"),
            codebuild_role_arn: optional("codebuildRoleArn"),
            component_role_arn: optional("componentRoleArn"),
        },
        requested_at: instant("requestedAt")?,
        last_modified_at: instant("lastModifiedAt")?,
    })
}
