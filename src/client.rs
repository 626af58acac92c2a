//! `--endpoint-url`: the command line as a client of a `proton-local serve`, speaking the AWS JSON
//! protocol. The reply is read back into the domain, so it prints exactly as a local one does.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::config::Env;
use crate::error::CliError;
use crate::service::{Caller, Reply, Request, Settings, Timestamp};
use crate::{api, debug};

/// The AWS JSON 1.0 target prefix of the Proton API.
pub const TARGET_PREFIX: &str = "AwsProton20200720";
/// Headers that carry this invocation's PROTON_LOCAL_NOW, PROTON_LOCAL_NEXT_ID and
/// PROTON_LOCAL_QUOTA to the server, so that a scripted scenario gives the same bytes through a
/// server as it does locally (CONTRACT.md section 4). Only a server started with
/// `--allow-client-settings` takes them; any other refuses one that differs from its own setting.
pub const SETTINGS_HEADERS: [(&str, &str); 3] = [
    ("PROTON_LOCAL_NOW", "x-proton-local-now"),
    ("PROTON_LOCAL_NEXT_ID", "x-proton-local-next-id"),
    ("PROTON_LOCAL_QUOTA", "x-proton-local-quota"),
];

/// A connection to a server, kept for every call of one command.
pub struct Client {
    endpoint: String,
    agent: ureq::Agent,
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
    pub fn new(endpoint: &str, connect: Option<Duration>, read: Option<Duration>) -> Client {
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
        }
    }

    /// Sends `request` as `caller`. The settings variables this invocation set travel as
    /// headers; `settings` holds their parsed values.
    pub fn call(
        &self,
        caller: &Caller,
        request: &Request,
        settings: &Settings,
        env: Env,
    ) -> Result<Reply, CliError> {
        call(&self.agent, &self.endpoint, caller, request, settings, env)
    }
}

fn call(
    agent: &ureq::Agent,
    endpoint: &str,
    caller: &Caller,
    request: &Request,
    settings: &Settings,
    env: Env,
) -> Result<Reply, CliError> {
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
    let unreachable = |err: ureq::Error| match err {
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Timeout(_) => CliError::Local(format!(
            "Could not connect to the endpoint URL: \"{endpoint}\" ({err})"
        )),
        other => CliError::Local(format!("The request to {endpoint} failed: {other}")),
    };
    let mut response = post.send(body.as_str()).map_err(unreachable)?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().map_err(unreachable)?;
    debug::log("proton-local.client", || {
        format!(
            "HTTP {status} in {:.1} ms, body: {text}",
            started.elapsed().as_secs_f64() * 1000.0
        )
    });
    let answer: Value = serde_json::from_str(&text).map_err(|_| {
        CliError::Local(format!(
            "The endpoint {endpoint} answered HTTP {status} with a body that is not JSON: {}",
            text.chars().take(200).collect::<String>()
        ))
    })?;
    if status == 200 {
        return api::reply_from_json(operation, &answer).map_err(|reason| {
            CliError::Local(format!(
                "The endpoint {endpoint} sent a reply proton-local can't read: {reason}"
            ))
        });
    }
    Err(CliError::Service {
        operation,
        code: error_code(&answer).unwrap_or_else(|| format!("HTTP{status}")),
        message: ["message", "Message"]
            .iter()
            .find_map(|key| answer.get(*key).and_then(Value::as_str))
            .unwrap_or_default()
            .to_string(),
    })
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
