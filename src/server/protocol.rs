//! The AWS JSON 1.0 protocol without the HTTP: from a request's target, Authorization header and
//! body to a status and a JSON body, through the very same rules as the command line.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{json, Value};

use crate::api::{self, TimeFormat};
use crate::cli::parse_region;
use crate::client::{SETTINGS_HEADERS, TARGET_PREFIX};
use crate::config;
use crate::service::{
    validate, Caller, Operation, Proton, Request, ServiceError, Settings, StoreError,
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
    /// PROTON_LOCAL_NOW, PROTON_LOCAL_NEXT_ID and PROTON_LOCAL_QUOTA as the server was started.
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
            Err(ServiceError::Store(StoreError::Busy { path, .. })) => {
                WireAnswer::throttled(&format!(
                    "Database {} stayed locked by another process for {} (--lock-timeout). Retry \
                 later; the AWS CLI and SDKs retry this error by themselves.",
                    path.display(),
                    seconds(lock_timeout)
                ))
            }
            Err(error) => WireAnswer::from_service(error),
        }
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
