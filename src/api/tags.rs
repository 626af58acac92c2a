//! A page of a resource's tags on the wire.

use serde_json::{Map, Value};

use super::Output;
use crate::service::{Tag, TagPage};

/// The model's member order, `nextToken` before `tags`, as botocore parses the reply.
pub(super) fn tags_to_json(page: &TagPage) -> Value {
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

impl Output for TagPage {
    fn from_json(body: &Value) -> Result<TagPage, String> {
        let tags: Vec<Tag> = serde_json::from_value(body["tags"].clone())
            .map_err(|err| format!("the reply's tags can't be read: {err}"))?;
        let next_token = body
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(TagPage { tags, next_token })
    }
}
