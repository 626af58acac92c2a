//! The console: the seed's "Environment account connections" pages as one web page built into the
//! binary (`GET /` and its two assets; no build step, nothing fetched from elsewhere), and the
//! events it follows (`GET /events?after=N`). The page calls the AWS JSON API on `POST /` like any
//! client, as the account and region chosen in it; only the events have a route of their own,
//! scoped to the caller its Authorization header names, as the API's calls are.

use std::sync::Arc;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::protocol::WireAnswer;
use super::App;
use crate::service::{Proton, ServiceError, Settings};

const INDEX: &str = include_str!("console/index.html");
const SCRIPT: &str = include_str!("console/console.js");
const STYLE: &str = include_str!("console/console.css");

/// Events answered at a time; the page asks again from the last one it got.
const EVENTS_PER_ANSWER: usize = 500;

/// The answer to a GET or HEAD; `None` for any other method, which the AWS JSON API answers.
pub(super) async fn answer(app: &Arc<App>, parts: &Parts) -> Option<Response> {
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return None;
    }
    let host_allowed = parts
        .headers
        .get_all(header::HOST)
        .iter()
        .all(|host| host.to_str().is_ok_and(|host| app.hosts.allows(host)));
    if !host_allowed {
        let host = parts
            .headers
            .get(header::HOST)
            .map(|host| String::from_utf8_lossy(host.as_bytes()).into_owned())
            .unwrap_or_default();
        return Some(json_answer(super::unknown_host(&host)));
    }
    let response = match parts.uri.path() {
        "/" | "/index.html" => asset("text/html; charset=utf-8", INDEX),
        "/console.js" => asset("text/javascript; charset=utf-8", SCRIPT),
        "/console.css" => asset("text/css; charset=utf-8", STYLE),
        "/events" => json_answer(events(app, parts).await),
        _ => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Not found. The console is at /; the AWS JSON API is POST /.\n",
        )
            .into_response(),
    };
    Some(response)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        Body::from(text),
    )
        .into_response();
    let headers = response.headers_mut();
    // The page runs only its own script and style, and no other site may frame it.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn json_answer(answer: WireAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/x-amz-json-1.0")],
        answer.body,
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /events?after=N`: the caller's events after `N` (0 for all), oldest first, as
/// `{"events": [{"seq": n, "event": {...}}, ...], "last": n}`, `last` being where to ask from next.
/// `after=newest` answers no events and the caller's newest `seq`: where a page that has just
/// read the tables starts following, without replaying the history.
async fn events(app: &Arc<App>, parts: &Parts) -> WireAnswer {
    let authorization = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let caller = match app.protocol.caller_of(authorization) {
        Ok(caller) => caller,
        Err(answer) => return answer,
    };
    let after = match after_of(parts.uri.query()) {
        Ok(after) => after,
        Err(message) => return WireAnswer::error(400, "ValidationException", &message),
    };
    // As the API's reads wait: at most --lock-timeout, then a retryable refusal.
    let deadline = tokio::time::Instant::now() + app.lock_timeout;
    let turn = match tokio::time::timeout_at(deadline, app.readers.clone().acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        Ok(Err(_)) => {
            return WireAnswer::error(500, "InternalServerException", "The server is stopping.")
        }
        Err(_) => {
            return WireAnswer::throttled(&format!(
                "The server is busy: this request waited {} (--lock-timeout) behind its other \
                 requests to the database. Retry later.",
                super::protocol::seconds(app.lock_timeout)
            ))
        }
    };
    let app = app.clone();
    let read = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        app.database.read(|store| -> Result<_, ServiceError> {
            let settings = Settings::default();
            let mut proton = Proton::new(store, &settings);
            match after {
                After::Seq(after) => Ok((
                    after,
                    proton.events_after(&caller, after, EVENTS_PER_ANSWER)?,
                )),
                After::Newest => Ok((proton.newest_event_seq(&caller)?, Vec::new())),
            }
        })
    })
    .await;
    match read {
        Ok(Ok((after, events))) => {
            let last = events.last().map_or(after, |event| event.seq);
            let events: Vec<Value> = events
                .iter()
                .map(|event| json!({"seq": event.seq, "event": event.to_json()}))
                .collect();
            WireAnswer {
                status: 200,
                body: json!({"events": events, "last": last}).to_string(),
            }
        }
        Ok(Err(err)) => WireAnswer::error(500, "InternalServerException", &err.to_string()),
        Err(err) => WireAnswer::error(500, "InternalServerException", &err.to_string()),
    }
}

/// Where to read the events from.
#[derive(Debug, PartialEq)]
enum After {
    /// After this `seq`.
    Seq(i64),
    /// After the caller's newest.
    Newest,
}

/// The `after` of a query string: a whole number from 0, or `newest`; absent is 0.
fn after_of(query: Option<&str>) -> Result<After, String> {
    let Some(value) = query
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("after="))
    else {
        return Ok(After::Seq(0));
    };
    if value == "newest" {
        return Ok(After::Newest);
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|after| *after >= 0)
        .map(After::Seq)
        .ok_or_else(|| {
            format!(
                "after '{value}' is not an event number: pass a whole number from 0, or newest."
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_is_a_whole_number_from_zero_or_newest() {
        assert_eq!(after_of(None), Ok(After::Seq(0)));
        assert_eq!(after_of(Some("after=12")), Ok(After::Seq(12)));
        assert_eq!(after_of(Some("x=1&after=3")), Ok(After::Seq(3)));
        assert_eq!(after_of(Some("after=newest")), Ok(After::Newest));
        assert_eq!(
            after_of(Some("after=-1")),
            Err(
                "after '-1' is not an event number: pass a whole number from 0, or newest."
                    .to_string()
            )
        );
        assert!(after_of(Some("after=99999999999999999999")).is_err());
    }
}
