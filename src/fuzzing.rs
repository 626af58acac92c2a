//! The entry points of the fuzz targets in `fuzz/` (`cargo +nightly fuzz run <target>`): each
//! takes whatever bytes the fuzzer makes and runs one parser a user's input reaches; and the
//! harness that runs a whole HTTP request through the server in-process, for them and for
//! `tests/serve_hostile.rs`. Not an API; compiled always, so that it can't fall behind the code
//! it calls.

use std::path::{Path, PathBuf};

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;

use crate::commands::{params, python_json, shorthand};
use crate::output::Query;
use crate::server::{InProcess, MAX_BODY_BYTES};
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

/// One HTTP request as the server's handler gets it from hyper, written as the fuzzer's bytes:
/// header lines `name: value`, a blank line, then the body. A line without a colon that is a
/// method (`GET`) is the method, POST otherwise; lines hyper could not have parsed are dropped.
/// Runs on a server that takes client settings and has no default account.
pub fn http_request(data: &[u8]) {
    thread_local! {
        // One database for the whole run, as a server has: what one input created, the next
        // may find.
        static SERVER: HttpServer = {
            let dir = std::env::temp_dir().join(format!("proton-local-fuzz-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            HttpServer::open(&dir.join("fuzz.db"), None, true)
        };
    }
    let (method, headers, body) = request_of(data);
    let served = SERVER.with(|server| server.send(method, headers, body));
    if let Err(broken) = served.check() {
        panic!("{broken}\n{served:?}");
    }
}

/// The method, headers and body of `http_request`'s bytes.
pub fn request_of(data: &[u8]) -> (Method, HeaderMap, Vec<u8>) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut method = Method::POST;
    let mut headers = HeaderMap::new();
    for line in head.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match line.iter().position(|b| *b == b':') {
            Some(colon) => {
                let name = HeaderName::from_bytes(line[..colon].trim_ascii());
                let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
                if let (Ok(name), Ok(value)) = (name, value) {
                    headers.append(name, value);
                }
            }
            None => {
                if let Ok(named) = Method::from_bytes(line) {
                    method = named;
                }
            }
        }
    }
    (method, headers, body.to_vec())
}

/// A server's request handling on a database file, with a second connection that sees whether a
/// request wrote to it.
pub struct HttpServer {
    runtime: tokio::runtime::Runtime,
    server: InProcess,
    watcher: rusqlite::Connection,
    pub db: PathBuf,
}

/// What the server answered, and whether the database changed meanwhile.
#[derive(Debug)]
pub struct Served {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// Another connection saw a commit while the request was answered.
    pub wrote: bool,
}

impl HttpServer {
    /// A server as `serve --db db [--default-account-id ..] [--allow-client-settings]`.
    pub fn open(db: &Path, default_account_id: Option<&str>, allow_client_settings: bool) -> Self {
        let server = InProcess::open(
            db,
            default_account_id.map(str::to_string),
            allow_client_settings,
        )
        .expect("the database opens");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        HttpServer {
            runtime,
            server,
            watcher: rusqlite::Connection::open(db).expect("the database opens"),
            db: db.to_path_buf(),
        }
    }

    /// Sends one request and reads the whole answer.
    pub fn send(&self, method: Method, headers: HeaderMap, body: Vec<u8>) -> Served {
        let before = self.data_version();
        let response = self
            .runtime
            .block_on(self.server.handle(method, headers, body));
        let (parts, body) = response.into_parts();
        let body = self
            .runtime
            .block_on(axum::body::to_bytes(body, 2 * MAX_BODY_BYTES))
            .expect("the answer is read whole");
        Served {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: body.to_vec(),
            wrote: self.data_version() != before,
        }
    }

    /// SQLite's count of the commits made by other connections than the watcher.
    fn data_version(&self) -> i64 {
        self.watcher
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .expect("the database is readable")
    }
}

impl Served {
    /// What every answer must be: never a 5xx; the AWS JSON content type and a request id; a JSON
    /// object; a refusal an `__type` and a `message` and nothing written.
    pub fn check(&self) -> Result<(), String> {
        if self.status >= 500 {
            return Err(format!("status {}", self.status));
        }
        let content_type = self.headers.get(header::CONTENT_TYPE);
        if content_type.is_none_or(|value| value != "application/x-amz-json-1.0") {
            return Err(format!("content-type {content_type:?}"));
        }
        if !self.headers.contains_key("x-amzn-requestid") {
            return Err("no x-amzn-requestid".to_string());
        }
        let body: Value = serde_json::from_slice(&self.body)
            .map_err(|err| format!("the body is not JSON: {err}"))?;
        let Some(members) = body.as_object() else {
            return Err("the body is not a JSON object".to_string());
        };
        if self.status == 200 {
            return Ok(());
        }
        let text = |name: &str| members.get(name).and_then(Value::as_str).unwrap_or("");
        if members.len() != 2 || text("__type").is_empty() || text("message").is_empty() {
            return Err("a refusal is not {__type, message}".to_string());
        }
        if self.wrote {
            return Err("a refused request wrote to the database".to_string());
        }
        Ok(())
    }

    /// The `__type` of a refusal.
    pub fn code(&self) -> Option<String> {
        let body: Value = serde_json::from_slice(&self.body).ok()?;
        body.get("__type")?.as_str().map(str::to_string)
    }
}
