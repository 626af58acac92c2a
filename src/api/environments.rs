//! An environment on the wire: `{"environment": {...}}`, and a page of them
//! (`{"environments": [...], "nextToken": ...}`).

use serde_json::{Map, Value};

use super::{page_from_json, Fields, Output, TimeFormat};
use crate::service::{Environment, EnvironmentPage};

pub(super) fn environment_reply_to_json(environment: &Environment, times: TimeFormat) -> Value {
    let mut body = Map::new();
    body.insert(
        "environment".into(),
        environment_to_json(environment, times, false),
    );
    Value::Object(body)
}

/// The model's member order, `environments` before `nextToken`.
pub(super) fn environment_page_to_json(page: &EnvironmentPage, times: TimeFormat) -> Value {
    let mut body = Map::new();
    let items = page
        .environments
        .iter()
        .map(|environment| environment_to_json(environment, times, true))
        .collect();
    body.insert("environments".into(), Value::Array(items));
    if let Some(token) = &page.next_token {
        body.insert("nextToken".into(), Value::String(token.clone()));
    }
    Value::Object(body)
}

/// `arn`, then the other present members in alphabetical order (CONTRACT.md section 5; the
/// model's order too). The list's summary shape has no `codebuildRoleArn` and no `spec`.
fn environment_to_json(environment: &Environment, times: TimeFormat, summary: bool) -> Value {
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        object.insert(key.to_string(), value);
    };
    let text = |value: &str| Value::String(value.to_string());
    put("arn", text(&environment.arn()));
    if let (false, Some(role)) = (summary, &environment.codebuild_role_arn) {
        put("codebuildRoleArn", text(role));
    }
    if let Some(role) = &environment.component_role_arn {
        put("componentRoleArn", text(role));
    }
    put("createdAt", times.render(environment.created_at));
    put("deploymentStatus", text(&environment.deployment_status));
    if let Some(description) = &environment.description {
        put("description", text(description));
    }
    if let Some(id) = &environment.environment_account_connection_id {
        put("environmentAccountConnectionId", text(id));
    }
    if let Some(account) = &environment.environment_account_id {
        put("environmentAccountId", text(account));
    }
    put(
        "lastDeploymentAttemptedAt",
        times.render(environment.last_deployment_attempted_at),
    );
    put(
        "lastDeploymentSucceededAt",
        times.render(environment.last_deployment_succeeded_at),
    );
    put("name", text(&environment.name));
    if let Some(role) = &environment.proton_service_role_arn {
        put("protonServiceRoleArn", text(role));
    }
    if let Some(provisioning) = &environment.provisioning {
        put("provisioning", text(provisioning));
    }
    if !summary {
        put("spec", text(&environment.spec));
    }
    put(
        "templateMajorVersion",
        text(&environment.template_major_version),
    );
    put(
        "templateMinorVersion",
        text(&environment.template_minor_version),
    );
    put("templateName", text(&environment.template_name));
    Value::Object(object)
}

impl Output for Environment {
    fn from_json(body: &Value) -> Result<Environment, String> {
        environment_from_json(&body["environment"])
    }
}

impl Output for EnvironmentPage {
    fn from_json(body: &Value) -> Result<EnvironmentPage, String> {
        let (environments, next_token) =
            page_from_json(body, "environments", environment_from_json)?;
        Ok(EnvironmentPage {
            environments,
            next_token,
        })
    }
}

/// A summary has no spec: it comes back empty, and nothing prints it.
fn environment_from_json(object: &Value) -> Result<Environment, String> {
    let fields = Fields {
        object,
        what: "environment",
    };
    let text = |key: &str| fields.text(key);
    let optional = |key: &str| fields.optional(key);
    let instant = |key: &str| fields.instant(key);
    let arn = text("arn")?;
    // arn:<partition>:proton:<region>:<account>:environment/<name>
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, _, region, account_id, _] = parts[..] else {
        return Err(format!("the reply's environment arn {arn} is not an ARN"));
    };
    Ok(Environment {
        name: text("name")?,
        region: region.to_string(),
        account_id: account_id.to_string(),
        description: optional("description"),
        spec: optional("spec").unwrap_or_default(),
        template_name: text("templateName")?,
        template_major_version: text("templateMajorVersion")?,
        template_minor_version: text("templateMinorVersion")?,
        environment_account_connection_id: optional("environmentAccountConnectionId"),
        environment_account_id: optional("environmentAccountId"),
        proton_service_role_arn: optional("protonServiceRoleArn"),
        codebuild_role_arn: optional("codebuildRoleArn"),
        component_role_arn: optional("componentRoleArn"),
        provisioning: optional("provisioning"),
        deployment_status: text("deploymentStatus")?,
        created_at: instant("createdAt")?,
        last_deployment_attempted_at: instant("lastDeploymentAttemptedAt")?,
        last_deployment_succeeded_at: instant("lastDeploymentSucceededAt")?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{reply_from_json, reply_to_json};
    use super::*;
    use crate::service::{Operation, Reply, Timestamp};

    fn environment() -> Environment {
        Environment {
            name: "web".into(),
            region: "cn-north-1".into(),
            account_id: "123456789012".into(),
            description: Some("d".into()),
            spec: "proton: EnvironmentSpec\n".into(),
            template_name: "t".into(),
            template_major_version: "1".into(),
            template_minor_version: "0".into(),
            environment_account_connection_id: Some("abcdef01234567890".into()),
            environment_account_id: Some("111122223333".into()),
            proton_service_role_arn: None,
            codebuild_role_arn: Some("arn:aws-cn:iam::123456789012:role/b".into()),
            component_role_arn: Some("arn:aws-cn:iam::123456789012:role/c".into()),
            provisioning: None,
            deployment_status: "SUCCEEDED".into(),
            created_at: Timestamp::from_millis(1_619_651_630_847),
            last_deployment_attempted_at: Timestamp::from_millis(1_619_651_631_000),
            last_deployment_succeeded_at: Timestamp::from_millis(1_619_651_631_000),
        }
    }

    /// An environment and a page of them read back from the wire as they were; the summary
    /// leaves out the CodeBuild role and the spec, as the model's summary shape does.
    #[test]
    fn an_environment_survives_the_wire() {
        let reply = Reply::Environment(environment());
        let wire = reply_to_json(&reply, TimeFormat::EpochSeconds);
        assert_eq!(
            wire["environment"]["arn"],
            "arn:aws-cn:proton:cn-north-1:123456789012:environment/web"
        );
        for operation in [
            Operation::CreateEnvironment,
            Operation::GetEnvironment,
            Operation::UpdateEnvironment,
            Operation::DeleteEnvironment,
        ] {
            assert_eq!(reply_from_json(operation, &wire), Ok(reply.clone()));
        }
        let page = Reply::Environments(EnvironmentPage {
            environments: vec![Environment {
                codebuild_role_arn: None,
                spec: String::new(),
                ..environment()
            }],
            next_token: Some("abc=".into()),
        });
        let wire = reply_to_json(&page, TimeFormat::EpochSeconds);
        let keys: Vec<&String> = wire.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["environments", "nextToken"]);
        let item: Vec<&String> = wire["environments"][0]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert!(!item.contains(&&"spec".to_string()));
        assert_eq!(
            reply_from_json(Operation::ListEnvironments, &wire),
            Ok(page)
        );
    }
}
