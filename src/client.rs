//! `--endpoint-url`: the command line as a client of a `proton-local serve`, speaking the AWS JSON
//! protocol. The reply is read back into the domain, so it prints exactly as a local one does.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use crate::commands::Listing;
use crate::config::Env;
use crate::error::CliError;
use crate::service::{
    Caller, Connection, ListConnectionsInput, Operation, Reply, Request, Settings, Timestamp,
};
use crate::{api, debug, shapes};

/// The AWS JSON 1.0 target prefix of the Proton API.
pub const TARGET_PREFIX: &str = "AwsProton20200720";
/// Headers that carry this invocation's PROTON_LOCAL_NOW, PROTON_LOCAL_NEXT_ID and
/// PROTON_LOCAL_QUOTA to the server, so that a scripted scenario gives the same bytes through a
/// server as it does locally (CONTRACT.md section 4). Only a server started with
/// `--allow-client-settings` takes them; any other refuses one that differs from its own setting.
pub const SETTINGS_HEADERS: [(&str, &str); 5] = [
    ("PROTON_LOCAL_NOW", "x-proton-local-now"),
    ("PROTON_LOCAL_NEXT_ID", "x-proton-local-next-id"),
    ("PROTON_LOCAL_QUOTA", "x-proton-local-quota"),
    (
        "PROTON_LOCAL_TEMPLATE_QUOTA",
        "x-proton-local-template-quota",
    ),
    (
        "PROTON_LOCAL_ENVIRONMENT_QUOTA",
        "x-proton-local-environment-quota",
    ),
];

/// A connection to a server, kept for every call of one command.
pub struct Client {
    endpoint: String,
    agent: ureq::Agent,
    retries: Retries,
    /// botocore's retry quota, shared by the calls of one command: each retry takes some, each
    /// success gives some back, and a retry that finds too little is not made.
    quota: Cell<u32>,
}

/// How a refused call is retried: botocore's `standard` mode, the AWS CLI v2's default
/// (`retry_mode`, `AWS_RETRY_MODE`). `adaptive` retries the same way; its client-side rate limit,
/// which paces a long-running client, is not kept for a command's few calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retries {
    /// Attempts per call, the first included (`max_attempts`, `AWS_MAX_ATTEMPTS`): 3 unless set.
    pub max_attempts: u32,
}

impl Default for Retries {
    fn default() -> Self {
        Retries { max_attempts: 3 }
    }
}

/// botocore's `RetryQuota` and what a retry costs from it (`RetryQuotaChecker`).
const QUOTA: u32 = 500;
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
const NO_RETRY_INCREMENT: u32 = 1;
/// botocore's `ExponentialBackoff`: `min(rand(0, 1) * 2 ** (attempt - 1), 20)` seconds.
const MAX_BACKOFF: f64 = 20.0;

/// The error codes botocore's standard mode retries: throttling (`ThrottledRetryableChecker`),
/// transient (`TransientRetryableChecker`), and the ones Proton's model marks `retryable`.
const RETRIED_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalServerException",
];

/// The HTTP statuses botocore retries whatever the body says.
fn transient_status(status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504)
}

/// A failed attempt, and what retrying it would take from the quota (None: not retried).
struct Failure {
    error: CliError,
    retry_cost: Option<u32>,
}

impl From<CliError> for Failure {
    fn from(error: CliError) -> Self {
        Failure {
            error,
            retry_cost: None,
        }
    }
}

/// The AWS CLI's `--cli-connect-timeout` and `--cli-read-timeout`, in seconds: 60 each unless
/// given, and 0 for no limit.
pub fn timeout(seconds: Option<u64>) -> Option<Duration> {
    match seconds.unwrap_or(60) {
        0 => None,
        seconds => Some(Duration::from_secs(seconds)),
    }
}

impl Client {
    pub fn new(
        endpoint: &str,
        connect: Option<Duration>,
        read: Option<Duration>,
        retries: Retries,
    ) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(connect)
            .timeout_recv_response(read)
            .timeout_recv_body(read)
            .build()
            .into();
        Client {
            endpoint: endpoint.to_string(),
            agent,
            retries,
            quota: Cell::new(QUOTA),
        }
    }

    /// A list of every match (no `maxResults`) as a `Listing`: each connection is handed on as it
    /// is read from the body, which the server sends as it reads its rows, so neither side holds
    /// the list whole. The settings headers are taken from `env` now, as `call` takes them.
    pub fn listing(
        self,
        caller: Caller,
        input: ListConnectionsInput,
        settings: &Settings,
        env: Env,
    ) -> Listing {
        let pins: Vec<(&'static str, String)> = SETTINGS_HEADERS
            .into_iter()
            .filter_map(|(variable, header)| env(variable).map(|value| (header, value)))
            .collect();
        let now = settings.now;
        Listing::new(move |visit| {
            let request = Request::ListEnvironmentAccountConnections(input);
            let authorization = authorization(&caller, now.unwrap_or_else(Timestamp::now));
            self.read_list(&request, &authorization, &pins, visit)
        })
    }

    fn read_list(
        &self,
        request: &Request,
        authorization: &str,
        pins: &[(&'static str, String)],
        visit: &mut dyn FnMut(Connection) -> ControlFlow<()>,
    ) -> Result<(), CliError> {
        let endpoint = self.endpoint.as_str();
        let operation = request.operation();
        let body = api::request_to_json(request).to_string();
        let target = format!("{TARGET_PREFIX}.{}", operation.name());
        debug::log("proton-local.client", || {
            format!("POST {endpoint} X-Amz-Target: {target} body: {body} (read as it is printed)")
        });
        let started = Instant::now();
        let mut post = self
            .agent
            .post(endpoint)
            .header("X-Amz-Target", &target)
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("Authorization", authorization);
        for (header, value) in pins {
            post = post.header(*header, value);
        }
        let mut response = post
            .send(body.as_str())
            .map_err(|err| unreachable(endpoint, err))?;
        let status = response.status().as_u16();
        if status != 200 {
            // An error is a small body, read whole.
            let text = response
                .body_mut()
                .read_to_string()
                .map_err(|err| unreachable(endpoint, err))?;
            debug::log("proton-local.client", || {
                format!(
                    "HTTP {status} in {:.1} ms, body: {text}",
                    started.elapsed().as_secs_f64() * 1000.0
                )
            });
            let answer: Value =
                serde_json::from_str(&text).map_err(|_| not_json(endpoint, status, &text))?;
            return Err(refused(operation, status, &answer));
        }
        let reader = response.body_mut().with_config().limit(u64::MAX).reader();
        let mut list = List {
            visit,
            found: false,
            items: 0,
            stopped: false,
            unreadable: None,
        };
        let mut json = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
        let read = ReplySeed(&mut list)
            .deserialize(&mut json)
            .and_then(|()| json.end());
        debug::log("proton-local.client", || {
            format!(
                "HTTP {status} in {:.1} ms, {} items read as they came",
                started.elapsed().as_secs_f64() * 1000.0,
                list.items
            )
        });
        match read {
            // The visitor stopped (its output went away): the rest is not read.
            Err(_) if list.stopped => Ok(()),
            Err(_) if list.unreadable.is_some() => Err(unreadable(
                endpoint,
                list.unreadable.take().unwrap_or_default(),
            )),
            Err(err) if err.is_io() => Err(CliError::Local(format!(
                "The reply from the endpoint URL \"{endpoint}\" broke off: {err}"
            ))),
            Err(err) => Err(unreadable(endpoint, err)),
            Ok(()) if !list.found => Err(unreadable(
                endpoint,
                "the reply has no environmentAccountConnections list",
            )),
            Ok(()) => Ok(()),
        }
    }

    /// Sends `request` as `caller`, retrying as botocore's standard mode does: a throttled,
    /// transient or unreachable attempt is sent again after a random pause that doubles its bound
    /// each time, until `max_attempts`. The settings variables this invocation set travel as
    /// headers; `settings` holds their parsed values.
    pub fn call(
        &self,
        caller: &Caller,
        request: &Request,
        settings: &Settings,
        env: Env,
    ) -> Result<Reply, CliError> {
        let request = &with_idempotency_token(request);
        let mut attempt = 1;
        let mut taken = None;
        loop {
            let failure = match call(&self.agent, &self.endpoint, caller, request, settings, env) {
                Ok(reply) => {
                    let given = taken.unwrap_or(NO_RETRY_INCREMENT);
                    self.quota.set((self.quota.get() + given).min(QUOTA));
                    return Ok(reply);
                }
                Err(failure) => failure,
            };
            // botocore checks the attempts first: the last one allowed says so whatever it was.
            if attempt >= self.retries.max_attempts {
                return Err(match failure.error {
                    CliError::Service {
                        operation,
                        code,
                        message,
                        ..
                    } => CliError::Service {
                        operation,
                        code,
                        message,
                        retries: Some(attempt - 1),
                    },
                    other => other,
                });
            }
            let Some(cost) = failure.retry_cost.filter(|cost| *cost <= self.quota.get()) else {
                return Err(failure.error);
            };
            self.quota.set(self.quota.get() - cost);
            taken = Some(cost);
            let pause = (random_fraction() * 2f64.powi(attempt as i32 - 1)).min(MAX_BACKOFF);
            debug::log("proton-local.client", || {
                format!("attempt {attempt} refused; retrying in {pause:.3} s")
            });
            std::thread::sleep(Duration::from_secs_f64(pause));
            attempt += 1;
        }
    }
}

/// The request with its idempotency token: botocore gives a member the model marks
/// `idempotencyToken` a new UUID when the caller gave none, once for the call and all its retries,
/// so that a retry after a reply was lost (a read time-out, a reset) answers the resource the first
/// attempt made instead of a conflict with it.
fn with_idempotency_token(request: &Request) -> Cow<'_, Request> {
    let operation = request.operation();
    let mut body = api::request_to_json(request);
    let Value::Object(members) = &mut body else {
        return Cow::Borrowed(request);
    };
    let mut filled = false;
    for member in shapes::input(operation) {
        if member.idempotency_token && !members.contains_key(member.name) {
            let token = uuid::Uuid::new_v4().to_string();
            members.insert(member.name.to_string(), Value::String(token));
            filled = true;
        }
    }
    if !filled {
        return Cow::Borrowed(request);
    }
    Cow::Owned(
        api::request_from_json(operation, body)
            .expect("a request with a UUID string added reads back as the same input"),
    )
}

/// A number in [0, 1), as botocore's `random.random()` gives the backoff its jitter.
fn random_fraction() -> f64 {
    (uuid::Uuid::new_v4().as_u64_pair().0 >> 11) as f64 / (1u64 << 53) as f64
}

fn call(
    agent: &ureq::Agent,
    endpoint: &str,
    caller: &Caller,
    request: &Request,
    settings: &Settings,
    env: Env,
) -> Result<Reply, Failure> {
    let operation = request.operation();
    let body = api::request_to_json(request).to_string();
    let target = format!("{TARGET_PREFIX}.{}", operation.name());
    debug::log("proton-local.client", || {
        format!("POST {endpoint} X-Amz-Target: {target} body: {body}")
    });
    let started = Instant::now();
    let mut post = agent
        .post(endpoint)
        .header("X-Amz-Target", &target)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header(
            "Authorization",
            authorization(caller, settings.now.unwrap_or_else(Timestamp::now)),
        );
    for (variable, header) in SETTINGS_HEADERS {
        if let Some(value) = env(variable) {
            post = post.header(header, value);
        }
    }
    // botocore retries a connection that failed or timed out; a time-out costs more quota.
    let failed = |err: ureq::Error| match err {
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Timeout(_) => Failure {
            retry_cost: Some(match err {
                ureq::Error::Timeout(_) => TIMEOUT_RETRY_COST,
                _ => RETRY_COST,
            }),
            error: CliError::Local(format!(
                "Could not connect to the endpoint URL: \"{endpoint}\" ({err})"
            )),
        },
        other => CliError::Local(format!("The request to {endpoint} failed: {other}")).into(),
    };
    let mut response = post.send(body.as_str()).map_err(failed)?;
    let status = response.status().as_u16();
    // No limit: a list without `--max-results` (`--no-paginate`) grows with the table.
    let text = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .lossy_utf8(true)
        .read_to_string()
        .map_err(failed)?;
    debug::log("proton-local.client", || {
        format!(
            "HTTP {status} in {:.1} ms, body: {text}",
            started.elapsed().as_secs_f64() * 1000.0
        )
    });
    let answer: Value = serde_json::from_str(&text).map_err(|_| Failure {
        error: CliError::Local(format!(
            "The endpoint {endpoint} answered HTTP {status} with a body that is not JSON: {}",
            text.chars().take(200).collect::<String>()
        )),
        retry_cost: transient_status(status).then_some(RETRY_COST),
    })?;
    if status == 200 {
        return api::reply_from_json(operation, &answer).map_err(|reason| {
            CliError::Local(format!(
                "The endpoint {endpoint} sent a reply proton-local can't read: {reason}"
            ))
            .into()
        });
    }
    let code = error_code(&answer).unwrap_or_else(|| format!("HTTP{status}"));
    let retried = transient_status(status) || RETRIED_CODES.contains(&code.as_str());
    Err(Failure {
        error: CliError::Service {
            operation,
            code,
            message: ["message", "Message"]
                .iter()
                .find_map(|key| answer.get(*key).and_then(Value::as_str))
                .unwrap_or_default()
                .to_string(),
            retries: None,
        },
        retry_cost: retried.then_some(RETRY_COST),
    })
}

fn unreachable(endpoint: &str, err: ureq::Error) -> CliError {
    match err {
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Timeout(_) => CliError::Local(format!(
            "Could not connect to the endpoint URL: \"{endpoint}\" ({err})"
        )),
        other => CliError::Local(format!("The request to {endpoint} failed: {other}")),
    }
}

fn not_json(endpoint: &str, status: u16, text: &str) -> CliError {
    CliError::Local(format!(
        "The endpoint {endpoint} answered HTTP {status} with a body that is not JSON: {}",
        text.chars().take(200).collect::<String>()
    ))
}

fn unreadable(endpoint: &str, reason: impl std::fmt::Display) -> CliError {
    CliError::Local(format!(
        "The endpoint {endpoint} sent a reply proton-local can't read: {reason}"
    ))
}

/// The service error an AWS JSON error body names.
fn refused(operation: Operation, status: u16, answer: &Value) -> CliError {
    CliError::Service {
        operation,
        code: error_code(answer).unwrap_or_else(|| format!("HTTP{status}")),
        message: ["message", "Message"]
            .iter()
            .find_map(|key| answer.get(*key).and_then(Value::as_str))
            .unwrap_or_default()
            .to_string(),
        retries: None,
    }
}

/// A list reply being read: what its items are handed to, and what was seen.
struct List<'v> {
    visit: &'v mut dyn FnMut(Connection) -> ControlFlow<()>,
    /// The reply had its `environmentAccountConnections`.
    found: bool,
    items: usize,
    /// The visitor said stop.
    stopped: bool,
    /// Why an item could not be read into a connection.
    unreadable: Option<String>,
}

/// The reply object: `environmentAccountConnections` is read item by item, any other member
/// skipped.
struct ReplySeed<'a, 'v>(&'a mut List<'v>);

/// `environmentAccountConnections`: each item handed to the visitor as soon as it is parsed.
struct ItemsSeed<'a, 'v>(&'a mut List<'v>);

impl<'de> DeserializeSeed<'de> for ReplySeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ReplySeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "environmentAccountConnections" {
                map.next_value_seed(ItemsSeed(&mut *self.0))?;
                self.0.found = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of environment account connections")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while let Some(item) = items.next_element::<Value>()? {
            let connection = api::summary_from_json(&item).map_err(|reason| {
                self.0.unreadable = Some(reason);
                A::Error::custom("unreadable item")
            })?;
            self.0.items += 1;
            if (self.0.visit)(connection).is_break() {
                self.0.stopped = true;
                return Err(A::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

/// The error code of an AWS JSON error body, without a `namespace#` prefix or a `:suffix`, as
/// botocore reads it.
fn error_code(answer: &Value) -> Option<String> {
    let raw = answer
        .get("__type")
        .or_else(|| answer.get("code"))?
        .as_str()?;
    let code = raw.rsplit('#').next().unwrap_or(raw);
    Some(code.split(':').next().unwrap_or(code).to_string())
}

/// A SigV4-shaped header that names the caller: the account as the access key id and the region
/// in the credential scope. The signature is a placeholder: proton-local servers don't check it.
pub fn authorization(caller: &Caller, now: Timestamp) -> String {
    let day = &now.to_iso8601()[..10].replace('-', "");
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{day}/{}/proton/aws4_request, \
         SignedHeaders=content-type;host;x-amz-target, Signature={}",
        caller.account,
        caller.region,
        "0".repeat(64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every member the model marks idempotencyToken, and only those, is filled when absent.
    #[test]
    fn the_models_idempotency_tokens_are_filled_when_absent() {
        let mut with_tokens = 0;
        for &operation in Operation::ALL {
            let marked: Vec<&str> = shapes::input(operation)
                .iter()
                .filter(|member| member.idempotency_token)
                .map(|member| member.name)
                .collect();
            // The inputs read an empty body as every member absent.
            let request = api::request_from_json(operation, json!({})).unwrap();
            with_tokens += usize::from(!marked.is_empty());
            let sent = api::request_to_json(&with_idempotency_token(&request));
            for name in &marked {
                let token = sent[name].as_str().unwrap_or_default();
                assert!(uuid::Uuid::parse_str(token).is_ok(), "{}", operation.name());
            }
            let before = api::request_to_json(&request);
            let added: Vec<&String> = sent
                .as_object()
                .unwrap()
                .keys()
                .filter(|key| before.get(key.as_str()).is_none())
                .collect();
            assert_eq!(added.len(), marked.len(), "{}", operation.name());
        }
        // CreateEnvironmentAccountConnection and CreateEnvironmentTemplateVersion at least.
        assert!(with_tokens >= 2, "{with_tokens}");
        // A token given is kept.
        let given = api::request_from_json(
            Operation::CreateEnvironmentTemplateVersion,
            json!({"templateName": "t", "clientToken": "mine"}),
        )
        .unwrap();
        assert_eq!(
            api::request_to_json(&with_idempotency_token(&given))["clientToken"],
            "mine"
        );
        assert!(matches!(with_idempotency_token(&given), Cow::Borrowed(_)));
    }

    #[test]
    fn error_codes_lose_their_namespace_and_suffix() {
        assert_eq!(
            error_code(&json!({"__type": "ConflictException"})).as_deref(),
            Some("ConflictException")
        );
        assert_eq!(
            error_code(&json!({"__type": "com.amazon.coral.service#UnknownOperationException"}))
                .as_deref(),
            Some("UnknownOperationException")
        );
        assert_eq!(
            error_code(&json!({"__type": "ValidationException:http://internal"})).as_deref(),
            Some("ValidationException")
        );
        assert_eq!(error_code(&json!({"message": "x"})), None);
    }

    #[test]
    fn the_authorization_header_names_the_caller() {
        let caller = Caller {
            account: "111122223333".into(),
            region: "us-east-1".into(),
        };
        let header = authorization(&caller, Timestamp::from_millis(1_619_651_630_847));
        assert!(header.starts_with(
            "AWS4-HMAC-SHA256 Credential=111122223333/20210428/us-east-1/proton/aws4_request, "
        ));
    }
}
