//! The AWS CLI's paging of a list, on the client side: `--max-items`, `--starting-token`,
//! `--page-size`, and every page by default. A port of botocore's `PageIterator` for the
//! model's paginators of the operations proton-local has (ListEnvironmentAccountConnections,
//! ListTagsForResource, ListEnvironmentTemplates, ListEnvironmentTemplateVersions and
//! ListEnvironments: input and output token `nextToken`, limit
//! key `maxResults`, and each its result key), including its resume token, so that a `NextToken` printed here is one the AWS
//! CLI accepts, and back.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{Map, Value};

use crate::error::CliError;
use crate::service::{Operation, Request};

/// The paginator's result key of a paged operation: the list that pages are merged on
/// (`result_key` in the model's paginators-1.json).
pub fn result_key(operation: Operation) -> Option<&'static str> {
    match operation {
        Operation::ListEnvironmentAccountConnections => Some("environmentAccountConnections"),
        Operation::ListTagsForResource => Some("tags"),
        Operation::ListEnvironmentTemplates => Some("templates"),
        Operation::ListEnvironmentTemplateVersions => Some("templateVersions"),
        Operation::ListEnvironments => Some("environments"),
        _ => None,
    }
}

/// The request's page members, `nextToken` and `maxResults` (the paginator's input token and
/// limit key).
fn page_of(request: &mut Request) -> (&mut Option<String>, &mut Option<i64>) {
    match request {
        Request::ListEnvironmentAccountConnections(input) => {
            (&mut input.next_token, &mut input.max_results)
        }
        Request::ListTagsForResource(input) => (&mut input.next_token, &mut input.max_results),
        Request::ListEnvironmentTemplates(input) => (&mut input.next_token, &mut input.max_results),
        Request::ListEnvironmentTemplateVersions(input) => {
            (&mut input.next_token, &mut input.max_results)
        }
        Request::ListEnvironments(input) => (&mut input.next_token, &mut input.max_results),
        _ => unreachable!("only a paged operation's request is paged"),
    }
}

/// Whether the request names a page itself, with `maxResults` or `nextToken`.
pub fn names_a_page(request: &Request) -> bool {
    match request {
        Request::ListEnvironmentAccountConnections(input) => {
            input.next_token.is_some() || input.max_results.is_some()
        }
        Request::ListTagsForResource(input) => {
            input.next_token.is_some() || input.max_results.is_some()
        }
        Request::ListEnvironmentTemplates(input) => {
            input.next_token.is_some() || input.max_results.is_some()
        }
        Request::ListEnvironmentTemplateVersions(input) => {
            input.next_token.is_some() || input.max_results.is_some()
        }
        Request::ListEnvironments(input) => {
            input.next_token.is_some() || input.max_results.is_some()
        }
        _ => false,
    }
}

/// The AWS CLI's paging options of one list command.
#[derive(Debug, Default, Clone)]
pub struct Paging {
    pub max_items: Option<i64>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
}

impl Paging {
    /// The paging options given, as the AWS CLI names them in its refusal.
    fn given(&self) -> Vec<&'static str> {
        [
            ("--starting-token", self.starting_token.is_some()),
            ("--page-size", self.page_size.is_some()),
            ("--max-items", self.max_items.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }
}

/// What a paged list gives the output layer: the pages as the service returned them (the first
/// cut at a starting token's offset, the last cut at `--max-items`), and the token to resume.
#[derive(Debug)]
pub struct Pages {
    pub pages: Vec<Value>,
    pub resume_token: Option<String>,
}

/// Whether the AWS CLI pages this command: not with `--no-paginate`, and not when the raw
/// `--max-results` or `--next-token` is given, which turns paging off by itself. Paging options
/// given while it is off are the AWS CLI's parameter error.
pub fn enabled(no_paginate: bool, raw: bool, paging: &Paging) -> Result<bool, CliError> {
    if !no_paginate && !raw {
        return Ok(true);
    }
    let given = paging.given();
    if given.is_empty() {
        return Ok(false);
    }
    Err(CliError::parameter(format!(
        "Cannot specify --no-paginate along with pagination arguments: {}",
        given.join(", ")
    )))
}

/// Fetches pages with `send` until the list ends or `--max-items` is reached, as botocore's
/// `PageIterator.__iter__` does.
pub fn collect(
    mut request: Request,
    result_key: &str,
    paging: &Paging,
    mut send: impl FnMut(Request) -> Result<Value, CliError>,
) -> Result<Pages, CliError> {
    let (mut next_token, mut starting_truncation) = match &paging.starting_token {
        Some(token) => parse_starting_token(token),
        None => (None, 0),
    };
    {
        let (input_token, max_results) = page_of(&mut request);
        *input_token = next_token.clone();
        *max_results = paging.page_size;
    }
    let mut pages = Vec::new();
    let mut total_items: i64 = 0;
    let mut previous_next_token: Option<String> = None;
    let mut first = true;
    loop {
        let mut page = send(request.clone())?;
        if !first {
            starting_truncation = 0;
        } else if starting_truncation > 0 {
            let items = items_mut(&mut page, result_key);
            let skip = starting_truncation.min(items.len());
            items.drain(..skip);
        }
        first = false;
        let count = items_mut(&mut page, result_key).len() as i64;
        let truncate_amount = paging.max_items.map_or(0, |max| total_items + count - max);
        if truncate_amount > 0 {
            // Python's `items[:keep]`: a negative `keep` (a negative --max-items) counts from the end.
            let keep = count - truncate_amount;
            let kept = if keep < 0 {
                (count + keep).max(0)
            } else {
                keep
            };
            items_mut(&mut page, result_key).truncate(kept as usize);
            pages.push(page);
            let resume = encode(
                next_token.as_deref(),
                Some(keep + starting_truncation as i64),
            );
            return Ok(Pages {
                pages,
                resume_token: Some(resume),
            });
        }
        let token = page
            .get("nextToken")
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
            .map(str::to_string);
        pages.push(page);
        total_items += count;
        next_token = token;
        let Some(token) = &next_token else {
            return Ok(Pages {
                pages,
                resume_token: None,
            });
        };
        if paging.max_items == Some(total_items) {
            return Ok(Pages {
                pages,
                resume_token: Some(encode(Some(token), None)),
            });
        }
        if previous_next_token.as_ref() == Some(token) {
            return Err(CliError::Local(format!(
                "The same next token was received twice: {{'nextToken': '{token}'}}"
            )));
        }
        *page_of(&mut request).0 = Some(token.clone());
        previous_next_token = Some(token.clone());
    }
}

fn items_mut<'a>(page: &'a mut Value, result_key: &str) -> &'a mut Vec<Value> {
    let object = page.as_object_mut().expect("a list reply is a JSON object");
    let items = object
        .entry(result_key)
        .or_insert_with(|| Value::Array(Vec::new()));
    if !items.is_array() {
        *items = Value::Array(Vec::new());
    }
    items.as_array_mut().expect("made an array above")
}

/// botocore's `TokenEncoder`: the base64 of Python's `json.dumps` of
/// `{"nextToken": ..., "boto_truncate_amount": N}` (the amount only when a page was cut).
fn encode(next_token: Option<&str>, truncate_amount: Option<i64>) -> String {
    let mut json = format!(
        "{{\"nextToken\": {}",
        next_token.map_or("null".to_string(), python_json_string)
    );
    if let Some(amount) = truncate_amount {
        json.push_str(&format!(", \"boto_truncate_amount\": {amount}"));
    }
    json.push('}');
    STANDARD.encode(json)
}

/// A string as Python's `json.dumps` writes it (`ensure_ascii`: anything outside ASCII escaped).
fn python_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for unit in text.encode_utf16() {
        match unit {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            0x20..=0x7e => out.push(unit as u8 as char),
            _ => out.push_str(&format!("\\u{unit:04x}")),
        }
    }
    out.push('"');
    out
}

/// botocore's `_parse_starting_token`: a token it encoded gives the service's token and the
/// items of that page already returned; anything else is the old `TOKEN___N` form, or the
/// service's own token as it is.
fn parse_starting_token(token: &str) -> (Option<String>, usize) {
    if let Some(parsed) = decode(token) {
        return parsed;
    }
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut index = 0;
    if parts.len() == 2 {
        match parts[1].parse::<usize>() {
            Ok(n) => {
                index = n;
                parts.pop();
            }
            Err(_) => parts = vec![token],
        }
    }
    let next = parts
        .first()
        .filter(|part| **part != "None")
        .map(|part| part.to_string());
    (next, index)
}

/// The members a botocore token puts into the call (`_inject_token_into_kwargs`): all but the
/// truncation, and not the empty ones.
pub fn token_members(token: &str) -> Option<Map<String, Value>> {
    let bytes = STANDARD.decode(token).ok()?;
    let Value::Object(object) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    Some(
        object
            .into_iter()
            .filter(|(key, value)| {
                key != "boto_truncate_amount" && !value.is_null() && value.as_str() != Some("None")
            })
            .collect(),
    )
}

fn decode(token: &str) -> Option<(Option<String>, usize)> {
    let bytes = STANDARD.decode(token).ok()?;
    let Value::Object(object) = serde_json::from_slice::<Value>(&bytes).ok()? else {
        return None;
    };
    let next = match object.get("nextToken") {
        Some(Value::String(text)) if text != "None" => Some(text.clone()),
        _ => None,
    };
    let index = object
        .get("boto_truncate_amount")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    Some((next, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_botocores_bytes() {
        // What AWS CLI 2.9.19 printed as NextToken for --max-items 2 on a first page.
        assert_eq!(
            encode(None, Some(2)),
            "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
        );
        assert_eq!(
            parse_starting_token(
                "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
            ),
            (None, 2)
        );
        let token = encode(Some("page-2"), None);
        assert_eq!(
            String::from_utf8(STANDARD.decode(&token).unwrap()).unwrap(),
            r#"{"nextToken": "page-2"}"#
        );
        assert_eq!(parse_starting_token(&token), (Some("page-2".into()), 0));
    }

    #[test]
    fn other_tokens_are_the_old_form_or_the_services_own() {
        assert_eq!(parse_starting_token("garbage"), (Some("garbage".into()), 0));
        assert_eq!(parse_starting_token("abc___3"), (Some("abc".into()), 3));
        assert_eq!(parse_starting_token("None___3"), (None, 3));
        assert_eq!(parse_starting_token("abc___x"), (Some("abc___x".into()), 0));
    }

    #[test]
    fn python_escapes_what_is_not_ascii() {
        assert_eq!(
            python_json_string("a\"b\\ü😀"),
            r#""a\"b\\\u00fc\ud83d\ude00""#
        );
    }
}
