//! An environment template version on the wire: `{"environmentTemplateVersion": {...}}`, and a
//! page of them (`{"nextToken": ..., "templateVersions": [...]}`).

use serde_json::{Map, Value};

use super::{page_from_json, Fields, Output, TimeFormat};
use crate::service::{EnvironmentTemplateVersion, TemplateVersionPage};

pub(super) fn version_reply_to_json(
    version: &EnvironmentTemplateVersion,
    times: TimeFormat,
) -> Value {
    let mut body = Map::new();
    body.insert(
        "environmentTemplateVersion".into(),
        version_to_json(version, times),
    );
    Value::Object(body)
}

/// The model's member order, `nextToken` before `templateVersions`.
pub(super) fn version_page_to_json(page: &TemplateVersionPage, times: TimeFormat) -> Value {
    let mut body = Map::new();
    if let Some(token) = &page.next_token {
        body.insert("nextToken".into(), Value::String(token.clone()));
    }
    let items = page
        .versions
        .iter()
        .map(|version| version_to_json(version, times))
        .collect();
    body.insert("templateVersions".into(), Value::Array(items));
    Value::Object(body)
}

/// `arn`, then the other present members in alphabetical order (CONTRACT.md section 5). The
/// summary shape has the same members but `schema`, which proton-local never has (it does not
/// read bundles); `statusMessage` stays absent, as registration never fails here.
fn version_to_json(version: &EnvironmentTemplateVersion, times: TimeFormat) -> Value {
    let mut object = Map::new();
    let mut put = |key: &str, value: Value| {
        object.insert(key.to_string(), value);
    };
    let text = |value: &str| Value::String(value.to_string());
    put("arn", text(&version.arn()));
    put("createdAt", times.render(version.created_at));
    if let Some(description) = &version.description {
        put("description", text(description));
    }
    put("lastModifiedAt", times.render(version.last_modified_at));
    put("majorVersion", text(&version.major_version));
    put("minorVersion", text(&version.minor_version));
    if let Some(minor) = &version.recommended_minor_version {
        put("recommendedMinorVersion", text(minor));
    }
    put("status", text(&version.status));
    put("templateName", text(&version.template_name));
    Value::Object(object)
}

impl Output for EnvironmentTemplateVersion {
    fn from_json(body: &Value) -> Result<EnvironmentTemplateVersion, String> {
        version_from_json(&body["environmentTemplateVersion"])
    }
}

impl Output for TemplateVersionPage {
    fn from_json(body: &Value) -> Result<TemplateVersionPage, String> {
        let (versions, next_token) = page_from_json(body, "templateVersions", version_from_json)?;
        Ok(TemplateVersionPage {
            versions,
            next_token,
        })
    }
}

/// The source is not on the wire: it comes back empty, and nothing prints it.
fn version_from_json(object: &Value) -> Result<EnvironmentTemplateVersion, String> {
    let fields = Fields {
        object,
        what: "environment template version",
    };
    let text = |key: &str| fields.text(key);
    let optional = |key: &str| fields.optional(key);
    let instant = |key: &str| fields.instant(key);
    let arn = text("arn")?;
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, _, region, account_id, _] = fields[..] else {
        return Err(format!(
            "the reply's environment template version arn {arn} is not an ARN"
        ));
    };
    Ok(EnvironmentTemplateVersion {
        template_name: text("templateName")?,
        region: region.to_string(),
        account_id: account_id.to_string(),
        major_version: text("majorVersion")?,
        minor_version: text("minorVersion")?,
        description: optional("description"),
        status: text("status")?,
        recommended_minor_version: optional("recommendedMinorVersion"),
        source_bucket: String::new(),
        source_key: String::new(),
        created_at: instant("createdAt")?,
        last_modified_at: instant("lastModifiedAt")?,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{reply_from_json, reply_to_json};
    use super::*;
    use crate::service::{Operation, Reply, Timestamp};

    /// A version and a page of them read back from the wire as they were, but for the source,
    /// which is not on it; the members are `arn` then alphabetical.
    #[test]
    fn a_template_version_survives_the_wire() {
        let version = EnvironmentTemplateVersion {
            template_name: "web".into(),
            region: "cn-north-1".into(),
            account_id: "123456789012".into(),
            major_version: "2".into(),
            minor_version: "10".into(),
            description: Some("d".into()),
            status: "PUBLISHED".into(),
            recommended_minor_version: Some("10".into()),
            source_bucket: String::new(),
            source_key: String::new(),
            created_at: Timestamp::from_millis(1_619_651_630_847),
            last_modified_at: Timestamp::from_millis(1_619_651_631_000),
        };
        let reply = Reply::TemplateVersion(version.clone());
        let wire = reply_to_json(&reply, TimeFormat::EpochSeconds);
        let object = &wire["environmentTemplateVersion"];
        assert_eq!(
            object["arn"],
            "arn:aws-cn:proton:cn-north-1:123456789012:environment-template/web:2.10"
        );
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "arn",
                "createdAt",
                "description",
                "lastModifiedAt",
                "majorVersion",
                "minorVersion",
                "recommendedMinorVersion",
                "status",
                "templateName"
            ]
        );
        for operation in [
            Operation::CreateEnvironmentTemplateVersion,
            Operation::GetEnvironmentTemplateVersion,
            Operation::UpdateEnvironmentTemplateVersion,
            Operation::DeleteEnvironmentTemplateVersion,
        ] {
            assert_eq!(reply_from_json(operation, &wire), Ok(reply.clone()));
        }
        let page = Reply::TemplateVersions(TemplateVersionPage {
            versions: vec![version],
            next_token: Some("abc=".into()),
        });
        let wire = reply_to_json(&page, TimeFormat::EpochSeconds);
        let keys: Vec<&String> = wire.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["nextToken", "templateVersions"]);
        assert_eq!(
            reply_from_json(Operation::ListEnvironmentTemplateVersions, &wire),
            Ok(page)
        );
    }
}
