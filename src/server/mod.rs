//! `proton-local serve`: an HTTP server speaking the AWS JSON 1.0 protocol, so that the AWS CLI,
//! boto3 and the SDKs reach the same database through the same rules. Tokio and axum start only
//! here, never on a plain command's path.

mod host;
mod protocol;

use std::collections::HashMap;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use protocol::{Protocol, WireAnswer, WireRequest};

use crate::cli::{parse_allowed_host, ServeArgs};
use crate::client::SETTINGS_HEADERS;
use crate::config::{self, Env};
use crate::error::CliError;
use crate::store::Store;
use host::AllowedHosts;

/// A request body larger than this is refused: the largest valid request (a create with fifty
/// tags and three long roles) is a few tens of kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How far a refused body is still read, and thrown away, before the 413. A server that answers
/// and closes while its client is still sending gives that client a broken pipe instead of the
/// answer, or a reset that can destroy the answer before it is read. Past either bound the server
/// gives up, answers, and closes the connection.
const DRAIN: Drain = Drain {
    bytes: 16 * 1024 * 1024,
    time: Duration::from_secs(5),
};

pub fn serve(args: &ServeArgs, db: &Path, env: Env) -> Result<(), CliError> {
    // Refuse bad settings and a bad database now, not on the first request.
    config::settings(env).map_err(CliError::Config)?;
    let store = Store::open(db).map_err(|err| CliError::Local(err.to_string()))?;
    let base_env: HashMap<&'static str, String> = SETTINGS_HEADERS
        .into_iter()
        .filter_map(|(name, _)| env(name).map(|value| (name, value)))
        .collect();
    let app = Arc::new(App {
        protocol: Protocol::new(
            db.to_path_buf(),
            args.default_account_id.clone(),
            base_env,
            args.allow_client_settings,
            store,
        ),
        hosts: AllowedHosts::new(&args.listen, &args.allow_host),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| CliError::Local(format!("cannot start the server: {err}")))?;
    runtime.block_on(run(&args.listen, db, app))
}

/// What every request is answered with: the protocol, and the hosts it is answered for.
struct App {
    protocol: Protocol,
    hosts: AllowedHosts,
}

/// `listen` is `HOST:PORT`; of the addresses a name resolves to, the first that binds is served.
async fn run(listen: &str, db: &Path, app: Arc<App>) -> Result<(), CliError> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|err| CliError::Local(format!("cannot listen on {listen}: {err}")))?;
    let address = listener
        .local_addr()
        .map_err(|err| CliError::Local(format!("cannot listen on {listen}: {err}")))?;
    eprintln!(
        "proton-local: serving the AWS JSON protocol at http://{address}/ with database {}",
        db.display()
    );
    if !address.ip().is_loopback() {
        eprintln!(
            "proton-local: warning: {address} can be reached from other machines, and the server \
             takes the account each request names (signatures are not checked): whoever reaches \
             it can read and change every account's connections. --listen 127.0.0.1:{} keeps it \
             to this machine.",
            address.port()
        );
    }
    let app = Router::new().fallback(handle).with_state(app);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| CliError::Local(format!("the server failed: {err}")))?;
    eprintln!("proton-local: stopped");
    Ok(())
}

/// Every path answers, as botocore posts to the endpoint URL's own path; only POST is a request.
async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // Whether to close the connection after this answer.
    let mut close = false;
    // Checked first, but answered once the body is read, so that the client finishes sending
    // and reads the refusal. A request has one Host; were there more, each must pass.
    let host_refused = headers
        .get_all(header::HOST)
        .iter()
        .find(|host| !host.to_str().is_ok_and(|host| app.hosts.allows(host)))
        .map(|host| unknown_host(&String::from_utf8_lossy(host.as_bytes())));
    let answer = if method != Method::POST {
        host_refused.unwrap_or_else(|| {
            WireAnswer::error(
                405,
                "UnknownOperationException",
                "AWS JSON requests are POSTed.",
            )
        })
    } else {
        match (read_body(body, MAX_BODY_BYTES, DRAIN).await, host_refused) {
            (Err(BodyRefused::TooLarge { read_to_end }), _) => {
                close = !read_to_end;
                WireAnswer::error(
                    413,
                    "RequestEntityTooLargeException",
                    &format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
                )
            }
            (Err(BodyRefused::Unreadable(err)), _) => {
                close = true;
                WireAnswer::error(
                    400,
                    "SerializationException",
                    &format!("The request body could not be read: {err}"),
                )
            }
            (Ok(_), Some(refusal)) => refusal,
            (Ok(bytes), None) => {
                let text = |name: &str| {
                    headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string)
                };
                let request = WireRequest {
                    target: text("x-amz-target"),
                    authorization: text("authorization"),
                    pinned: SETTINGS_HEADERS
                        .into_iter()
                        .filter_map(|(variable, header)| {
                            text(header).map(|value| (variable, value))
                        })
                        .collect(),
                    body: bytes,
                };
                // SQLite blocks; keep it off the async workers.
                tokio::task::spawn_blocking(move || app.protocol.answer(&request))
                    .await
                    .unwrap_or_else(|err| {
                        WireAnswer::error(500, "InternalServerException", &err.to_string())
                    })
            }
        }
    };
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut response = (
        status,
        [
            (
                header::CONTENT_TYPE,
                "application/x-amz-json-1.0".to_string(),
            ),
            (
                header::HeaderName::from_static("x-amzn-requestid"),
                request_id,
            ),
        ],
        answer.body,
    )
        .into_response();
    if close {
        // The rest of the body is still on the wire: the connection can't carry another request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The answer to a request whose `Host` header the server does not answer for.
fn unknown_host(host: &str) -> WireAnswer {
    let name = host.rsplit_once(':').map_or(host, |(name, _port)| name);
    let name = parse_allowed_host(name).unwrap_or_else(|_| "NAME".to_string());
    WireAnswer::error(
        403,
        "UnrecognizedHostException",
        &format!(
            "This server does not answer for the host in 'Host: {host}': it answers IP addresses, \
             localhost and its --listen host, so that no web page can reach it through a name of \
             its own (DNS rebinding). Start it with --allow-host {name} to answer that name too."
        ),
    )
}

/// How much of a refused body to read and throw away, and for how long.
#[derive(Debug, Clone, Copy)]
struct Drain {
    bytes: usize,
    time: Duration,
}

#[derive(Debug)]
enum BodyRefused {
    /// Over the limit; `read_to_end` when the server read the rest of it anyway (see `DRAIN`).
    TooLarge { read_to_end: bool },
    /// The client broke off or sent a malformed body.
    Unreadable(axum::Error),
}

/// The whole body when it is at most `limit` bytes. A larger one is still read to its end within
/// `drain`, so that the client finishes sending and then reads the 413.
async fn read_body(mut body: Body, limit: usize, drain: Drain) -> Result<Vec<u8>, BodyRefused> {
    let mut bytes = Vec::new();
    while let Some(chunk) = next_chunk(&mut body).await? {
        let seen = bytes.len() + chunk.len();
        if seen > limit {
            let drained = tokio::time::timeout(drain.time, discard(&mut body, seen, drain.bytes));
            return Err(BodyRefused::TooLarge {
                read_to_end: matches!(drained.await, Ok(Ok(true))),
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Reads the rest of a body and throws it away; false once the body as a whole is over `bytes`.
async fn discard(body: &mut Body, mut seen: usize, bytes: usize) -> Result<bool, BodyRefused> {
    while seen <= bytes {
        match next_chunk(body).await? {
            Some(chunk) => seen += chunk.len(),
            None => return Ok(true),
        }
    }
    Ok(false)
}

/// The next piece of data of a body; trailers are skipped.
async fn next_chunk(body: &mut Body) -> Result<Option<Bytes>, BodyRefused> {
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await;
        match frame {
            None => return Ok(None),
            Some(Err(err)) => return Err(BodyRefused::Unreadable(err)),
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            }
        }
    }
}

/// SIGINT or SIGTERM: stop accepting, finish the requests in flight, then return.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 10;
    const SMALL_DRAIN: Drain = Drain {
        bytes: 100,
        time: Duration::from_secs(5),
    };

    async fn read(size: usize) -> Result<Vec<u8>, BodyRefused> {
        read_body(Body::from(vec![b' '; size]), LIMIT, SMALL_DRAIN).await
    }

    #[tokio::test]
    async fn a_body_up_to_the_limit_is_read_whole() {
        assert_eq!(read(LIMIT).await.unwrap(), vec![b' '; LIMIT]);
        assert_eq!(read(0).await.unwrap(), Vec::<u8>::new());
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_but_read_to_its_end_within_the_drain() {
        for (size, read_to_end) in [
            (LIMIT + 1, true),
            (SMALL_DRAIN.bytes, true),
            (SMALL_DRAIN.bytes + 1, false),
        ] {
            assert!(
                matches!(
                    read(size).await,
                    Err(BodyRefused::TooLarge { read_to_end: r }) if r == read_to_end
                ),
                "{size} bytes"
            );
        }
    }
}
