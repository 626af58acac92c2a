//! The AWS shapes of requests and replies, as JSON. For replies, the command line shows timestamps in ISO 8601 as the
//! AWS CLI v2 prints them; the AWS JSON protocol carries them as epoch seconds.

use serde_json::{Map, Value};

use crate::service::{
    Connection, ConnectionPage, Operation, Reply, Request, Roles, Status, Tag, TagPage, Timestamp,
};

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

/// `{"environmentAccountConnection": {...}}`, `{"environmentAccountConnections": [...], "nextToken": ...}`,
/// `{"nextToken": ..., "tags": [...]}`, or `{}`.
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
        Reply::Tags(page) => tags_to_json(page),
        Reply::Empty => Value::Object(Map::new()),
    }
}

/// The model's member order, `nextToken` before `tags`, as botocore parses the reply.
fn tags_to_json(page: &TagPage) -> Value {
    let mut body = Map::new();
    if let Some(token) = &page.next_token {
        body.insert("nextToken".into(), Value::String(token.clone()));
    }
    body.insert(
        "tags".into(),
        serde_json::to_value(&page.tags).expect("tags are plain data"),
    );
    Value::Object(body)
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

/// A request's JSON body, as an AWS SDK sends it (absent members left out).
pub fn request_to_json(request: &Request) -> Value {
    serde_json::to_value(request).expect("inputs are plain data")
}

/// The members the model requires of each operation's input (`required` in service-2.json).
pub fn required_members(operation: Operation) -> &'static [&'static str] {
    match operation {
        Operation::CreateEnvironmentAccountConnection => {
            &["environmentName", "managementAccountId"]
        }
        Operation::ListEnvironmentAccountConnections => &["requestedBy"],
        Operation::TagResource => &["resourceArn", "tags"],
        Operation::UntagResource => &["resourceArn", "tagKeys"],
        Operation::ListTagsForResource => &["resourceArn"],
        Operation::AcceptEnvironmentAccountConnection
        | Operation::RejectEnvironmentAccountConnection
        | Operation::GetEnvironmentAccountConnection
        | Operation::UpdateEnvironmentAccountConnection
        | Operation::DeleteEnvironmentAccountConnection => &["id"],
    }
}

/// A request from its JSON body. A member of the wrong type is refused, naming the member;
/// unknown members are ignored, as the service ignores them.
pub fn request_from_json(operation: Operation, body: Value) -> Result<Request, String> {
    fn input<T: serde::de::DeserializeOwned>(body: Value) -> Result<T, String> {
        // Read from text, not from the Value: with `arbitrary_precision` serde_json names a number
        // of the wrong type by its value (`integer `17``) only as it reads text.
        let text = body.to_string();
        let mut reader = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut reader).map_err(|err| {
            let inner = err.inner();
            let message = inner.to_string();
            // The position is one in the text written here, not in the request.
            let position = format!(" at line {} column {}", inner.line(), inner.column());
            format!(
                "Member '{}' has the wrong type: {}",
                err.path(),
                message.strip_suffix(&position).unwrap_or(&message)
            )
        })
    }
    Ok(match operation {
        Operation::CreateEnvironmentAccountConnection => Request::Create(input(body)?),
        Operation::AcceptEnvironmentAccountConnection => Request::Accept(input(body)?),
        Operation::RejectEnvironmentAccountConnection => Request::Reject(input(body)?),
        Operation::GetEnvironmentAccountConnection => Request::Get(input(body)?),
        Operation::UpdateEnvironmentAccountConnection => Request::Update(input(body)?),
        Operation::DeleteEnvironmentAccountConnection => Request::Delete(input(body)?),
        Operation::ListEnvironmentAccountConnections => Request::List(input(body)?),
        Operation::TagResource => Request::Tag(input(body)?),
        Operation::UntagResource => Request::Untag(input(body)?),
        Operation::ListTagsForResource => Request::ListTags(input(body)?),
    })
}

/// A reply as a server sent it (timestamps in epoch seconds), read back into the domain so the
/// command line prints it exactly as it prints a local reply.
pub fn reply_from_json(operation: Operation, body: &Value) -> Result<Reply, String> {
    match operation {
        Operation::TagResource | Operation::UntagResource => return Ok(Reply::Empty),
        Operation::ListTagsForResource => {
            let tags: Vec<Tag> = serde_json::from_value(body["tags"].clone())
                .map_err(|err| format!("the reply's tags can't be read: {err}"))?;
            let next_token = body
                .get("nextToken")
                .and_then(Value::as_str)
                .map(str::to_string);
            return Ok(Reply::Tags(TagPage { tags, next_token }));
        }
        _ => {}
    }
    if operation == Operation::ListEnvironmentAccountConnections {
        let items = body["environmentAccountConnections"]
            .as_array()
            .ok_or("the reply has no environmentAccountConnections list")?;
        let connections = items
            .iter()
            .map(connection_from_json)
            .collect::<Result<_, _>>()?;
        let next_token = body
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        return Ok(Reply::Page(ConnectionPage {
            connections,
            next_token,
        }));
    }
    connection_from_json(&body["environmentAccountConnection"]).map(Reply::Connection)
}

/// One item of `environmentAccountConnections` as a server sent it, read back into the domain.
pub fn summary_from_json(object: &Value) -> Result<Connection, String> {
    connection_from_json(object)
}

fn connection_from_json(object: &Value) -> Result<Connection, String> {
    let text = |key: &str| -> Result<String, String> {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("the reply's connection has no {key}"))
    };
    let optional = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
    let instant = |key: &str| -> Result<Timestamp, String> {
        object
            .get(key)
            .and_then(Value::as_f64)
            .map(Timestamp::from_epoch_seconds)
            .ok_or_else(|| format!("the reply's connection has no {key} timestamp"))
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{ConnectionIdInput, CreateConnectionInput};

    fn connection() -> Connection {
        Connection {
            id: "abcdef01234567890".into(),
            region: "cn-north-1".into(),
            environment_account_id: "111122223333".into(),
            management_account_id: "123456789012".into(),
            environment_name: "env".into(),
            status: Status::Connected,
            roles: Roles {
                role_arn: Some("arn:aws-cn:iam::111122223333:role/a".into()),
                codebuild_role_arn: Some("arn:aws-cn:iam::111122223333:role/b".into()),
                component_role_arn: None,
            },
            requested_at: Timestamp::from_millis(1_619_651_630_847),
            last_modified_at: Timestamp::from_millis(1_619_651_631_000),
        }
    }

    #[test]
    fn a_reply_survives_the_wire() {
        let reply = Reply::Connection(connection());
        let wire = reply_to_json(&reply, TimeFormat::EpochSeconds);
        assert_eq!(
            wire["environmentAccountConnection"]["requestedAt"],
            serde_json::json!(1_619_651_630.847)
        );
        assert_eq!(
            reply_from_json(Operation::GetEnvironmentAccountConnection, &wire),
            Ok(reply)
        );
        let page = Reply::Page(ConnectionPage {
            connections: vec![Connection {
                roles: Roles {
                    codebuild_role_arn: None,
                    ..connection().roles
                },
                ..connection()
            }],
            next_token: Some("abc=".into()),
        });
        let wire = reply_to_json(&page, TimeFormat::EpochSeconds);
        assert_eq!(
            reply_from_json(Operation::ListEnvironmentAccountConnections, &wire),
            Ok(page)
        );
        let tags = Reply::Tags(TagPage {
            tags: vec![Tag {
                key: "k".into(),
                value: "".into(),
            }],
            next_token: Some("abc=".into()),
        });
        let wire = reply_to_json(&tags, TimeFormat::EpochSeconds);
        assert_eq!(
            wire.to_string(),
            r#"{"nextToken":"abc=","tags":[{"key":"k","value":""}]}"#
        );
        assert_eq!(
            reply_from_json(Operation::ListTagsForResource, &wire),
            Ok(tags)
        );
        let empty = reply_to_json(&Reply::Empty, TimeFormat::EpochSeconds);
        assert_eq!(empty.to_string(), "{}");
        assert_eq!(
            reply_from_json(Operation::TagResource, &empty),
            Ok(Reply::Empty)
        );
    }

    #[test]
    fn a_request_survives_the_wire() {
        let create = Request::Create(CreateConnectionInput {
            environment_name: "env".into(),
            management_account_id: "123456789012".into(),
            role_arn: Some("arn".into()),
            client_token: None,
            tags: vec![Tag {
                key: "k".into(),
                value: "".into(),
            }],
            ..CreateConnectionInput::default()
        });
        let body = request_to_json(&create);
        assert_eq!(
            body,
            serde_json::json!({"environmentName": "env", "managementAccountId": "123456789012", "roleArn": "arn", "tags": [{"key": "k", "value": ""}]})
        );
        assert_eq!(
            request_from_json(Operation::CreateEnvironmentAccountConnection, body).unwrap(),
            create
        );
        let get = Request::Get(ConnectionIdInput { id: "a".into() });
        assert_eq!(
            request_from_json(
                Operation::GetEnvironmentAccountConnection,
                request_to_json(&get)
            )
            .unwrap(),
            get
        );
    }

    #[test]
    fn members_of_the_wrong_type_are_refused() {
        let body = serde_json::json!({"id": 5});
        assert!(request_from_json(Operation::GetEnvironmentAccountConnection, body).is_err());
        let body = serde_json::json!({"requestedBy": "MANAGEMENT_ACCOUNT", "maxResults": "ten"});
        assert!(request_from_json(Operation::ListEnvironmentAccountConnections, body).is_err());
    }
}
