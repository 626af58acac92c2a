//! The AWS shapes of requests and replies, as JSON. For replies, the command line shows timestamps in ISO 8601 as the
//! AWS CLI v2 prints them; the AWS JSON protocol carries them as epoch seconds.

use serde_json::{Map, Value};

mod connections;
mod environments;
mod tags;
mod template_versions;
mod templates;

pub use connections::{connection_members, summary_from_json, summary_to_json};

use crate::service::{operations, Operation, Reply, Request, Timestamp};
use crate::shapes;
use connections::{connection_reply_to_json, page_to_json};
use environments::{environment_page_to_json, environment_reply_to_json};
use tags::tags_to_json;
use template_versions::{version_page_to_json, version_reply_to_json};
use templates::{template_page_to_json, template_reply_to_json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    Iso8601,
    EpochSeconds,
}

impl TimeFormat {
    pub(crate) fn render(self, instant: Timestamp) -> Value {
        match self {
            TimeFormat::Iso8601 => Value::String(instant.to_iso8601()),
            TimeFormat::EpochSeconds => Value::from(instant.to_epoch_seconds()),
        }
    }
}

/// `{"environmentAccountConnection": {...}}`, `{"environmentAccountConnections": [...], "nextToken": ...}`,
/// `{"nextToken": ..., "tags": [...]}`, `{"environmentTemplate": {...}}`,
/// `{"nextToken": ..., "templates": [...]}`, `{"environmentTemplateVersion": {...}}`,
/// `{"nextToken": ..., "templateVersions": [...]}`, `{"environment": {...}}`,
/// `{"environments": [...], "nextToken": ...}`, or `{}`.
pub fn reply_to_json(reply: &Reply, times: TimeFormat) -> Value {
    match reply {
        Reply::Connection(connection) => connection_reply_to_json(connection, times),
        Reply::Page(page) => page_to_json(page, times),
        Reply::Tags(page) => tags_to_json(page),
        Reply::Template(template) => template_reply_to_json(template, times),
        Reply::Templates(page) => template_page_to_json(page, times),
        Reply::TemplateVersion(version) => version_reply_to_json(version, times),
        Reply::TemplateVersions(page) => version_page_to_json(page, times),
        Reply::Environment(environment) => environment_reply_to_json(environment, times),
        Reply::Environments(page) => environment_page_to_json(page, times),
        Reply::Empty => Value::Object(Map::new()),
    }
}

/// A request's JSON body, as an AWS SDK sends it (absent members left out).
pub fn request_to_json(request: &Request) -> Value {
    serde_json::to_value(request).expect("inputs are plain data")
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
    #[allow(unused_imports)] // the operation table's types, named in `from_json!`'s expansion
    use crate::service::{
        Connection, ConnectionIdInput, ConnectionPage, CreateConnectionInput,
        CreateEnvironmentInput, CreateTemplateInput, CreateTemplateVersionInput, Environment,
        EnvironmentNameInput, EnvironmentPage, EnvironmentTemplate, EnvironmentTemplateVersion,
        ListConnectionsInput, ListEnvironmentsInput, ListTagsInput, ListTemplateVersionsInput,
        ListTemplatesInput, TagPage, TagResourceInput, TemplateNameInput, TemplatePage,
        TemplateVersionInput, TemplateVersionPage, UntagResourceInput, UpdateConnectionInput,
        UpdateEnvironmentInput, UpdateTemplateInput, UpdateTemplateVersionInput,
    };
    macro_rules! from_json {
        ($($name:ident($input:ty) -> $output:ty = $rule:ident, $access:ident;)*) => {
            match operation {
                $(Operation::$name => Request::$name(input(body)?),)*
            }
        };
    }
    Ok(operations!(from_json))
}

/// A reply as a server sent it (timestamps in epoch seconds), read back into the domain so the
/// command line prints it exactly as it prints a local reply.
pub fn reply_from_json(operation: Operation, body: &Value) -> Result<Reply, String> {
    #[allow(unused_imports)] // the operation table's types, named in `from_json!`'s expansion
    use crate::service::{
        Connection, ConnectionIdInput, ConnectionPage, CreateConnectionInput,
        CreateEnvironmentInput, CreateTemplateInput, CreateTemplateVersionInput, Environment,
        EnvironmentNameInput, EnvironmentPage, EnvironmentTemplate, EnvironmentTemplateVersion,
        ListConnectionsInput, ListEnvironmentsInput, ListTagsInput, ListTemplateVersionsInput,
        ListTemplatesInput, TagPage, TagResourceInput, TemplateNameInput, TemplatePage,
        TemplateVersionInput, TemplateVersionPage, UntagResourceInput, UpdateConnectionInput,
        UpdateEnvironmentInput, UpdateTemplateInput, UpdateTemplateVersionInput,
    };
    macro_rules! from_json {
        ($($name:ident($input:ty) -> $output:ty = $rule:ident, $access:ident;)*) => {
            match operation {
                $(Operation::$name => <$output as Output>::from_json(body).map(Reply::from),)*
            }
        };
    }
    operations!(from_json)
}

/// What an operation answers, read back from its JSON body.
trait Output: Sized {
    fn from_json(body: &Value) -> Result<Self, String>;
}

/// A page of a list reply: the items under `key`, each read by `item`, and the `nextToken`.
fn page_from_json<T>(
    body: &Value,
    key: &str,
    item: impl Fn(&Value) -> Result<T, String>,
) -> Result<(Vec<T>, Option<String>), String> {
    let items = body[key]
        .as_array()
        .ok_or_else(|| format!("the reply has no {key} list"))?
        .iter()
        .map(item)
        .collect::<Result<_, _>>()?;
    let next_token = body
        .get("nextToken")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((items, next_token))
}

/// The members of one object of a reply, read back, with errors that name `what` it is.
struct Fields<'a> {
    object: &'a Value,
    what: &'static str,
}

impl Fields<'_> {
    fn text(&self, key: &str) -> Result<String, String> {
        self.optional(key)
            .ok_or_else(|| format!("the reply's {} has no {key}", self.what))
    }

    fn optional(&self, key: &str) -> Option<String> {
        self.object
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// A timestamp, which the AWS JSON protocol carries as epoch seconds.
    fn instant(&self, key: &str) -> Result<Timestamp, String> {
        self.object
            .get(key)
            .and_then(Value::as_f64)
            .map(Timestamp::from_epoch_seconds)
            .ok_or_else(|| format!("the reply's {} has no {key} timestamp", self.what))
    }
}

/// The model's empty output structure.
impl Output for () {
    fn from_json(_: &Value) -> Result<(), String> {
        Ok(())
    }
}

/// The members the model requires of each operation's input (`required` in service-2.json).
pub fn required_members(operation: Operation) -> impl Iterator<Item = &'static str> {
    shapes::input(operation)
        .iter()
        .filter(|member| member.required)
        .map(|member| member.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{
        Connection, ConnectionIdInput, ConnectionPage, CreateConnectionInput, EnvironmentTemplate,
        Roles, Status, Tag, TagPage, TemplatePage,
    };

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

    /// A template and a page of them read back from the wire as they were, optional members
    /// and all; the summary leaves out the encryption key, as the model's summary shape does.
    #[test]
    fn a_template_survives_the_wire() {
        let template = EnvironmentTemplate {
            name: "web".into(),
            region: "us-gov-west-1".into(),
            account_id: "123456789012".into(),
            display_name: Some("Web".into()),
            description: Some(String::new()),
            encryption_key: Some("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k".into()),
            provisioning: Some("CUSTOMER_MANAGED".into()),
            recommended_version: None,
            created_at: Timestamp::from_millis(1_619_651_630_847),
            last_modified_at: Timestamp::from_millis(1_619_651_631_000),
        };
        let reply = Reply::Template(template.clone());
        let wire = reply_to_json(&reply, TimeFormat::EpochSeconds);
        assert_eq!(
            wire["environmentTemplate"]["arn"],
            "arn:aws-us-gov:proton:us-gov-west-1:123456789012:environment-template/web"
        );
        for operation in [
            Operation::CreateEnvironmentTemplate,
            Operation::GetEnvironmentTemplate,
            Operation::UpdateEnvironmentTemplate,
            Operation::DeleteEnvironmentTemplate,
        ] {
            assert_eq!(reply_from_json(operation, &wire), Ok(reply.clone()));
        }
        let page = Reply::Templates(TemplatePage {
            templates: vec![EnvironmentTemplate {
                encryption_key: None,
                ..template
            }],
            next_token: Some("abc=".into()),
        });
        let wire = reply_to_json(&page, TimeFormat::EpochSeconds);
        let keys: Vec<&String> = wire.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["nextToken", "templates"]);
        assert_eq!(
            reply_from_json(Operation::ListEnvironmentTemplates, &wire),
            Ok(page)
        );
    }

    #[test]
    fn a_request_survives_the_wire() {
        let create = Request::CreateEnvironmentAccountConnection(CreateConnectionInput {
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
        let get = Request::GetEnvironmentAccountConnection(ConnectionIdInput { id: "a".into() });
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
