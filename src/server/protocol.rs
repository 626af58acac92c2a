//! The AWS JSON 1.0 protocol without the HTTP: from a request's target, Authorization header and
//! body to a status and a JSON body, through the very same rules as the command line.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::time::Duration;

use serde_json::{json, Value};

use crate::api::{self, TimeFormat};
use crate::cli::parse_region;
use crate::client::{SETTINGS_HEADERS, TARGET_PREFIX};
use crate::config;
use crate::service::{
    validate, Caller, Connection, Operation, Proton, Request, ServiceError, Settings, StoreError,
};
use crate::store::Store;

use super::database::Database;

/// The parts of an HTTP request the protocol reads.
#[derive(Debug, Default)]
pub struct WireRequest {
    pub target: Option<String>,
    pub authorization: Option<String>,
    /// The settings a proton-local client pinned (`x-proton-local-now` and the like), by variable.
    pub pinned: HashMap<&'static str, String>,
    pub body: Vec<u8>,
}

/// The status and JSON body of an answer.
#[derive(Debug, PartialEq, Eq)]
pub struct WireAnswer {
    pub status: u16,
    pub body: String,
}

impl WireAnswer {
    /// An AWS JSON error: `{"__type": ..., "message": ...}`.
    pub fn error(status: u16, code: &str, message: &str) -> WireAnswer {
        WireAnswer {
            status,
            body: json!({"__type": code, "message": message}).to_string(),
        }
    }

    /// A refusal the AWS CLI and the SDKs retry, with a pause between tries: the server or its
    /// database is busy, not the request wrong.
    pub fn throttled(message: &str) -> WireAnswer {
        WireAnswer::error(400, "ThrottlingException", message)
    }

    fn from_service(error: ServiceError) -> WireAnswer {
        let code = error.code().unwrap_or("InternalServerException");
        WireAnswer::error(error.http_status(), code, &error.to_string())
    }
}

/// The settings a server keeps for every request: its fallback account and its own clock, ids and
/// quota, and whether its clients may pin those.
pub struct Protocol {
    default_account_id: Option<String>,
    /// The PROTON_LOCAL_* settings (`client::SETTINGS_HEADERS`) as the server was started.
    base_env: HashMap<&'static str, String>,
    /// `--allow-client-settings`: a client's `x-proton-local-*` headers win over `base_env`.
    allow_client_settings: bool,
}

/// A request read and checked, ready to run on the database.
#[derive(Debug)]
pub struct Call {
    caller: Caller,
    input: Request,
    settings: Settings,
}

impl Call {
    /// Whether the call goes to the writer.
    pub fn writes(&self) -> bool {
        self.input.operation().writes()
    }

    /// Runs the call on `store`, which waits at most `patience` for another process's lock.
    pub fn run(self, store: &mut Store, patience: Duration, lock_timeout: Duration) -> WireAnswer {
        let result = store
            .set_busy_timeout(patience)
            .map_err(ServiceError::Store)
            .and_then(|()| Proton::new(store, &self.settings).call(&self.caller, self.input));
        match result {
            Ok(reply) => WireAnswer {
                status: 200,
                body: api::reply_to_json(&reply, TimeFormat::EpochSeconds).to_string(),
            },
            Err(error) => refusal(error, lock_timeout),
        }
    }

    /// Whether the call lists every match (no `maxResults`): an answer that grows with the
    /// table, so it is sent as it is read (`stream`) rather than held whole.
    pub fn lists_everything(&self) -> bool {
        matches!(&self.input, Request::ListEnvironmentAccountConnections(list) if list.max_results.is_none())
    }

    /// Runs a list of every match on `store`, handing `piece` the bytes `run` would answer, in
    /// pieces of at least `LIST_PIECE` bytes, as the rows are read; the last piece is returned.
    /// `piece` may stop the list (its client went away). A refusal comes before any piece.
    pub fn stream(
        self,
        store: &mut Store,
        patience: Duration,
        lock_timeout: Duration,
        mut piece: impl FnMut(Vec<u8>) -> ControlFlow<()>,
    ) -> Result<Vec<u8>, WireAnswer> {
        let Request::ListEnvironmentAccountConnections(input) = self.input else {
            unreachable!("only a list is streamed")
        };
        let mut buffer = Vec::with_capacity(LIST_PIECE + LIST_PIECE / 8);
        buffer.extend_from_slice(br#"{"environmentAccountConnections":["#);
        let mut first = true;
        let listed = store
            .set_busy_timeout(patience)
            .map_err(ServiceError::Store)
            .and_then(|()| {
                Proton::new(store, &self.settings).visit_connections(
                    &self.caller,
                    input,
                    |connection| {
                        if !std::mem::take(&mut first) {
                            buffer.push(b',');
                        }
                        write_summary(&mut buffer, &connection);
                        match buffer.len() < LIST_PIECE {
                            true => ControlFlow::Continue(()),
                            false => piece(std::mem::take(&mut buffer)),
                        }
                    },
                )
            });
        match listed {
            // Without `maxResults` there is no next page, so no `nextToken`.
            Ok(_) => {
                buffer.extend_from_slice(b"]}");
                Ok(buffer)
            }
            Err(error) => Err(refusal(error, lock_timeout)),
        }
    }
}

/// A list's body is handed on in pieces of about this size: small enough that a few in flight
/// cost little, large enough that each is one write.
pub const LIST_PIECE: usize = 64 * 1024;

/// One item of `environmentAccountConnections` as `Value::to_string` writes it in the whole
/// reply: `{"key":value,...}`, each value as serde_json writes it.
fn write_summary(out: &mut Vec<u8>, connection: &Connection) {
    out.push(b'{');
    let mut first = true;
    api::connection_members(connection, TimeFormat::EpochSeconds, true, |key, value| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, key).expect("a string serializes");
        out.push(b':');
        serde_json::to_writer(&mut *out, &value).expect("a JSON value serializes");
    });
    out.push(b'}');
}

/// The answer to a request the service refused or the database could not serve.
fn refusal(error: ServiceError, lock_timeout: Duration) -> WireAnswer {
    match error {
        ServiceError::Store(StoreError::Busy { path, .. }) => WireAnswer::throttled(&format!(
            "Database {} stayed locked by another process for {} (--lock-timeout). Retry later; \
             the AWS CLI and SDKs retry this error by themselves.",
            path.display(),
            seconds(lock_timeout)
        )),
        error => WireAnswer::from_service(error),
    }
}

/// A duration as the options give it: `10 seconds`, `1 second`.
pub fn seconds(duration: Duration) -> String {
    match duration.as_secs_f64() {
        1.0 => "1 second".to_string(),
        secs => format!("{secs} seconds"),
    }
}

impl Protocol {
    pub fn new(
        default_account_id: Option<String>,
        base_env: HashMap<&'static str, String>,
        allow_client_settings: bool,
    ) -> Self {
        Protocol {
            default_account_id,
            base_env,
            allow_client_settings,
        }
    }

    /// Answers one request on `database`, waiting for it as long as it takes. Every failure is an
    /// AWS JSON error with its HTTP status.
    pub fn answer(&self, database: &Database, request: &WireRequest) -> WireAnswer {
        match self.prepare(request) {
            Ok(call) => {
                let wait = crate::server::DEFAULT_LOCK_TIMEOUT;
                match call.writes() {
                    true => database.write(|store| call.run(store, wait, wait)),
                    false => database.read(|store| call.run(store, wait, wait)),
                }
            }
            Err(answer) => answer,
        }
    }

    /// Reads and checks a request, without the database: the operation, the caller, the input
    /// and the settings it runs with.
    pub fn prepare(&self, request: &WireRequest) -> Result<Call, WireAnswer> {
        let operation = operation_of(request.target.as_deref())?;
        let caller = self.caller_of(request.authorization.as_deref())?;
        let body = body_of(&request.body)?;
        require_members(operation, &body)?;
        let input = api::request_from_json(operation, body)
            .map_err(|message| WireAnswer::error(400, "SerializationException", &message))?;
        let settings = self.settings_for(request)?;
        Ok(Call {
            caller,
            input,
            settings,
        })
    }

    /// The caller from a SigV4 header: `Credential=<access key id>/<date>/<region>/<service>/aws4_request`.
    pub(super) fn caller_of(&self, authorization: Option<&str>) -> Result<Caller, WireAnswer> {
        let header = authorization.ok_or_else(|| {
            WireAnswer::error(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            )
        })?;
        let incomplete = |why: &str| {
            WireAnswer::error(
                400,
                "IncompleteSignatureException",
                &format!("The Authorization header {why}: {header}"),
            )
        };
        let credential = header
            .split([' ', ','])
            .find_map(|part| part.strip_prefix("Credential="))
            .ok_or_else(|| incomplete("has no Credential"))?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key_id, _date, region, _service, _terminator] = scope[..] else {
            return Err(incomplete(
                "has no credential scope <key>/<date>/<region>/<service>/aws4_request",
            ));
        };
        let region = parse_region(region)
            .map_err(|reason| incomplete(&format!("names region '{region}': {reason}")))?;
        let account = if validate::is_account_id(access_key_id) {
            access_key_id.to_string()
        } else {
            self.default_account_id.clone().ok_or_else(|| {
                WireAnswer::error(
                    403,
                    "UnrecognizedClientException",
                    &format!(
                        "The access key id '{access_key_id}' is not a 12-digit account id, and this server has no \
                         --default-account-id: use the calling account's id as the access key id."
                    ),
                )
            })?
        };
        Ok(Caller { account, region })
    }

    /// The server's settings, under the clock, id and quota a client pinned for this request
    /// when the server allows it.
    fn settings_for(&self, request: &WireRequest) -> Result<Settings, WireAnswer> {
        if !self.allow_client_settings {
            self.refuse_client_pins(request)?;
        }
        let env = |name: &str| {
            request
                .pinned
                .get(name)
                .or_else(|| self.base_env.get(name))
                .cloned()
        };
        config::settings(&env)
            .map_err(|message| WireAnswer::error(400, "ValidationException", &message))
    }

    /// Without `--allow-client-settings` the settings are the operator's: a client that pinned
    /// one could lift the quota, choose ids or backdate. A header that says what the server's
    /// own setting says changes nothing and passes (a shell that started the server and then
    /// calls it shares its PROTON_LOCAL_NOW).
    fn refuse_client_pins(&self, request: &WireRequest) -> Result<(), WireAnswer> {
        let refused: Vec<&str> = SETTINGS_HEADERS
            .iter()
            .map(|(variable, _)| *variable)
            .filter(|variable| {
                request
                    .pinned
                    .get(variable)
                    .is_some_and(|value| self.base_env.get(variable) != Some(value))
            })
            .collect();
        let (names, them, headers) = match refused[..] {
            [] => return Ok(()),
            [one] => (one.to_string(), "it", "an x-proton-local-* header"),
            [ref first @ .., last] => (
                format!("{} and {last}", first.join(", ")),
                "them",
                "x-proton-local-* headers",
            ),
        };
        Err(WireAnswer::error(
            400,
            "ValidationException",
            &format!(
                "This server does not let its clients pin {names} (sent as {headers}): its clock, \
                 ids and quota are its operator's. Unset {them} in the client, or start the server \
                 with --allow-client-settings (for tests)."
            ),
        ))
    }
}

fn operation_of(target: Option<&str>) -> Result<Operation, WireAnswer> {
    let target = target.ok_or_else(|| {
        WireAnswer::error(
            400,
            "UnknownOperationException",
            "The request has no X-Amz-Target header.",
        )
    })?;
    target
        .strip_prefix(TARGET_PREFIX)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(Operation::from_name)
        .ok_or_else(|| {
            WireAnswer::error(
                400,
                "UnknownOperationException",
                &format!("proton-local does not know the operation {target}."),
            )
        })
}

/// The body as a JSON object; an empty body is an empty object, as botocore sends `{}`.
fn body_of(bytes: &[u8]) -> Result<Value, WireAnswer> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    let body: Value = serde_json::from_slice(bytes).map_err(|err| {
        WireAnswer::error(
            400,
            "SerializationException",
            &format!("The request body is not JSON: {err}"),
        )
    })?;
    if body.is_object() {
        Ok(body)
    } else {
        Err(WireAnswer::error(
            400,
            "SerializationException",
            "The request body is not a JSON object.",
        ))
    }
}

/// The model's required members, refused in the service's words when absent or null.
fn require_members(operation: Operation, body: &Value) -> Result<(), WireAnswer> {
    let missing: Vec<String> = api::required_members(operation)
        .filter(|member| body.get(*member).is_none_or(Value::is_null))
        .map(|member| {
            format!(
                "Value null at '{member}' failed to satisfy constraint: Member must not be null"
            )
        })
        .collect();
    let message = match missing.len() {
        0 => return Ok(()),
        1 => format!("1 validation error detected: {}", missing[0]),
        n => format!("{n} validation errors detected: {}", missing.join("; ")),
    };
    Err(WireAnswer::error(400, "ValidationException", &message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol(default_account: Option<&str>) -> Protocol {
        Protocol::new(default_account.map(str::to_string), HashMap::new(), false)
    }

    fn database() -> Database {
        Database::single(Store::open_in_memory().unwrap())
    }

    fn signed(account: &str, region: &str) -> Option<String> {
        Some(format!(
            "AWS4-HMAC-SHA256 Credential={account}/20210428/{region}/proton/aws4_request, SignedHeaders=host, Signature=abc"
        ))
    }

    fn call(protocol: &Protocol, operation: &str, body: &str) -> WireAnswer {
        protocol.answer(
            &database(),
            &WireRequest {
                target: Some(format!("AwsProton20200720.{operation}")),
                authorization: signed("111122223333", "us-east-1"),
                body: body.as_bytes().to_vec(),
                ..WireRequest::default()
            },
        )
    }

    #[test]
    fn the_caller_comes_from_the_credential_scope() {
        let p = protocol(Some("999999999999"));
        assert_eq!(
            p.caller_of(signed("111122223333", "eu-west-1").as_deref())
                .unwrap(),
            Caller {
                account: "111122223333".into(),
                region: "eu-west-1".into()
            }
        );
        assert_eq!(
            p.caller_of(signed("AKIDEXAMPLE", "us-east-1").as_deref())
                .unwrap()
                .account,
            "999999999999"
        );
        let refused = protocol(None)
            .caller_of(signed("AKIDEXAMPLE", "us-east-1").as_deref())
            .unwrap_err();
        assert_eq!(
            (
                refused.status,
                refused.body.contains("UnrecognizedClientException")
            ),
            (403, true)
        );
        assert_eq!(p.caller_of(None).unwrap_err().status, 403);
        assert_eq!(
            p.caller_of(Some("AWS4-HMAC-SHA256 Credential=x"))
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(
            p.caller_of(signed("111122223333", "mars").as_deref())
                .unwrap_err()
                .status,
            400
        );
    }

    #[test]
    fn bad_requests_get_their_own_errors() {
        let p = protocol(None);
        let cases = [
            (call(&p, "Nope", "{}"), 400, "UnknownOperationException"),
            (
                call(&p, "GetEnvironmentAccountConnection", "{"),
                400,
                "SerializationException",
            ),
            (
                call(&p, "GetEnvironmentAccountConnection", "[]"),
                400,
                "SerializationException",
            ),
            (
                call(&p, "GetEnvironmentAccountConnection", "{\"id\": 5}"),
                400,
                "SerializationException",
            ),
            (
                call(&p, "GetEnvironmentAccountConnection", ""),
                400,
                "ValidationException",
            ),
            (
                call(&p, "GetEnvironmentAccountConnection", "{\"id\": \"abc\"}"),
                404,
                "ResourceNotFoundException",
            ),
        ];
        for (answer, status, code) in cases {
            let body: Value = serde_json::from_str(&answer.body).unwrap();
            assert_eq!(
                (answer.status, body["__type"].as_str()),
                (status, Some(code)),
                "{}",
                answer.body
            );
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }

    /// A list of every match sent in pieces is the very body `run` answers whole: for no row,
    /// for rows with and without their optional roles, and for enough rows to make several
    /// pieces.
    #[test]
    fn a_streamed_list_is_the_body_answered_whole() {
        let quota = HashMap::from([("PROTON_LOCAL_QUOTA", "10000".to_string())]);
        let p = Protocol::new(None, quota, false);
        let db = database();
        let request = |operation: &str, body: String| WireRequest {
            target: Some(format!("AwsProton20200720.{operation}")),
            authorization: signed("111122223333", "us-east-1"),
            body: body.into_bytes(),
            ..WireRequest::default()
        };
        let list = || {
            request(
                "ListEnvironmentAccountConnections",
                r#"{"requestedBy": "ENVIRONMENT_ACCOUNT"}"#.to_string(),
            )
        };
        let long_role = format!("arn:aws:iam::111122223333:role/{}/r", "p".repeat(400));
        let mut rows = 0;
        for wanted in [0, 3, 400] {
            while rows < wanted {
                let mut create = json!({
                    "environmentName": format!("env-{rows}"),
                    "managementAccountId": "123456789012",
                    "codebuildRoleArn": "arn:aws:iam::111122223333:role/b",
                });
                if rows % 2 == 0 {
                    create["roleArn"] = json!(long_role);
                }
                if rows % 3 == 0 {
                    create["componentRoleArn"] = json!("arn:aws:iam::111122223333:role/c");
                }
                let created = p.answer(
                    &db,
                    &request("CreateEnvironmentAccountConnection", create.to_string()),
                );
                assert_eq!(created.status, 200, "{}", created.body);
                rows += 1;
            }
            let whole = p.answer(&db, &list());
            assert_eq!(whole.status, 200);
            let call = p.prepare(&list()).unwrap();
            assert!(call.lists_everything());
            let mut pieces = Vec::new();
            let wait = Duration::from_secs(1);
            let last = db
                .read(|store| {
                    call.stream(store, wait, wait, |piece| {
                        pieces.push(piece);
                        ControlFlow::Continue(())
                    })
                })
                .unwrap();
            assert_eq!(
                pieces.len() > 1,
                rows == 400,
                "{rows} rows: {} pieces",
                pieces.len()
            );
            pieces.push(last);
            assert!(pieces.concat() == whole.body.as_bytes(), "{rows} rows");
        }
        let page = r#"{"requestedBy": "ENVIRONMENT_ACCOUNT", "maxResults": 5}"#;
        let page = p
            .prepare(&request(
                "ListEnvironmentAccountConnections",
                page.to_string(),
            ))
            .unwrap();
        assert!(!page.lists_everything(), "a page is answered whole");
    }

    #[test]
    fn a_missing_member_is_named() {
        let answer = call(
            &protocol(None),
            "ListEnvironmentAccountConnections",
            "{\"requestedBy\": null}",
        );
        assert_eq!(
            answer,
            WireAnswer::error(
                400,
                "ValidationException",
                "1 validation error detected: Value null at 'requestedBy' failed to satisfy constraint: Member must not be null"
            )
        );
    }
}
