//! An environment template on the wire: `{"environmentTemplate": {...}}`, and a page of them
//! (`{"nextToken": ..., "templates": [...]}`).

use serde_json::{Map, Value};

use super::{page_from_json, Fields, Output, TimeFormat};
use crate::service::{EnvironmentTemplate, TemplatePage};

pub(super) fn template_reply_to_json(template: &EnvironmentTemplate, times: TimeFormat) -> Value {
    let mut body = Map::new();
    body.insert(
        "environmentTemplate".into(),
        template_to_json(template, times, false),
    );
    Value::Object(body)
}

/// The model's member order, `nextToken` before `templates`, as botocore parses the reply.
pub(super) fn template_page_to_json(page: &TemplatePage, times: TimeFormat) -> Value {
    let mut body = Map::new();
    if let Some(token) = &page.next_token {
        body.insert("nextToken".into(), Value::String(token.clone()));
    }
    let items = page
        .templates
        .iter()
        .map(|template| template_to_json(template, times, true))
        .collect();
    body.insert("templates".into(), Value::Array(items));
    Value::Object(body)
}

/// `arn`, then the other present members in alphabetical order (CONTRACT.md section 5; the
/// model's order too). The list's summary shape has no `encryptionKey`.
fn template_to_json(template: &EnvironmentTemplate, times: TimeFormat, summary: bool) -> Value {
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        object.insert(key.to_string(), value);
    };
    let text = |value: &str| Value::String(value.to_string());
    put("arn", text(&template.arn()));
    put("createdAt", times.render(template.created_at));
    if let Some(description) = &template.description {
        put("description", text(description));
    }
    if let Some(display_name) = &template.display_name {
        put("displayName", text(display_name));
    }
    if let (false, Some(key)) = (summary, &template.encryption_key) {
        put("encryptionKey", text(key));
    }
    put("lastModifiedAt", times.render(template.last_modified_at));
    put("name", text(&template.name));
    if let Some(provisioning) = &template.provisioning {
        put("provisioning", text(provisioning));
    }
    if let Some(version) = &template.recommended_version {
        put("recommendedVersion", text(version));
    }
    Value::Object(object)
}

impl Output for EnvironmentTemplate {
    fn from_json(body: &Value) -> Result<EnvironmentTemplate, String> {
        template_from_json(&body["environmentTemplate"])
    }
}

impl Output for TemplatePage {
    fn from_json(body: &Value) -> Result<TemplatePage, String> {
        let (templates, next_token) = page_from_json(body, "templates", template_from_json)?;
        Ok(TemplatePage {
            templates,
            next_token,
        })
    }
}

fn template_from_json(object: &Value) -> Result<EnvironmentTemplate, String> {
    let fields = Fields {
        object,
        what: "environment template",
    };
    let text = |key: &str| fields.text(key);
    let optional = |key: &str| fields.optional(key);
    let instant = |key: &str| fields.instant(key);
    let arn = text("arn")?;
    // arn:<partition>:proton:<region>:<account>:environment-template/<name>
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, _, region, account_id, _] = fields[..] else {
        return Err(format!(
            "the reply's environment template arn {arn} is not an ARN"
        ));
    };
    Ok(EnvironmentTemplate {
        name: text("name")?,
        region: region.to_string(),
        account_id: account_id.to_string(),
        display_name: optional("displayName"),
        description: optional("description"),
        encryption_key: optional("encryptionKey"),
        provisioning: optional("provisioning"),
        recommended_version: optional("recommendedVersion"),
        created_at: instant("createdAt")?,
        last_modified_at: instant("lastModifiedAt")?,
    })
}
