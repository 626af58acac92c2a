//! The entry points of the fuzz targets in `fuzz/` (`cargo +nightly fuzz run <target>`): each
//! takes whatever bytes the fuzzer makes and runs one parser a user's input reaches. Not an API;
//! compiled always, so that it can't fall behind the code it calls.

use serde_json::Value;

use crate::commands::{params, python_json, shorthand};
use crate::output::Query;
use crate::service::token;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// One `--tags` value in the AWS CLI's shorthand.
pub fn shorthand(data: &[u8]) {
    if let Some(input) = text(data) {
        let _ = shorthand::parse(input);
    }
}

/// A JSON option value, read as Python's `json.loads` reads it.
pub fn python_json(data: &[u8]) {
    if let Some(input) = text(data) {
        let _ = python_json::loads(input);
    }
}

/// The values of `--tags`, split at NUL bytes as separate arguments.
pub fn tags(data: &[u8]) {
    if let Some(input) = text(data) {
        let values: Vec<String> = input.split('\0').map(str::to_string).collect();
        let _ = params::list_of_structures("--tags", &values);
    }
}

/// A `--next-token` or `--starting-token` value.
pub fn page_token(data: &[u8]) {
    if let Some(input) = text(data) {
        let _ = token::decode(b"fuzzing secret", "query", input);
    }
}

/// A `--query` expression, run on a list reply.
pub fn query(data: &[u8]) {
    if let Some(Ok(query)) = text(data).map(Query::compile) {
        let reply: Value = serde_json::json!({
            "environmentAccountConnections": [
                {"arn": "a", "id": "1", "status": "PENDING", "tags": [{"key": "k", "value": "v"}]},
                {"arn": "b", "id": "2", "status": "CONNECTED"}
            ]
        });
        let _ = query.search(&reply);
    }
}
