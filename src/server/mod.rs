//! `proton-local serve`: an HTTP server speaking the AWS JSON 1.0 protocol, so that the AWS CLI,
//! boto3 and the SDKs reach the same database through the same rules. Tokio and axum start only
//! here, never on a plain command's path.

mod protocol;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use protocol::{Protocol, WireAnswer, WireRequest};

use crate::cli::ServeArgs;
use crate::client::SETTINGS_HEADERS;
use crate::config::{self, Env};
use crate::error::CliError;
use crate::store::Store;

/// A request body larger than this is refused: the largest valid request (a create with fifty
/// tags and three long roles) is a few tens of kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn serve(args: &ServeArgs, db: &Path, env: Env) -> Result<(), CliError> {
    // Refuse bad settings and a bad database now, not on the first request.
    config::settings(env).map_err(CliError::Config)?;
    let store = Store::open(db).map_err(|err| CliError::Local(err.to_string()))?;
    let base_env: HashMap<&'static str, String> = SETTINGS_HEADERS
        .into_iter()
        .filter_map(|(name, _)| env(name).map(|value| (name, value)))
        .collect();
    let protocol = Arc::new(Protocol::new(
        db.to_path_buf(),
        args.default_account_id.clone(),
        base_env,
        store,
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| CliError::Local(format!("cannot start the server: {err}")))?;
    runtime.block_on(run(args.listen, db, protocol))
}

async fn run(listen: SocketAddr, db: &Path, protocol: Arc<Protocol>) -> Result<(), CliError> {
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
    let app = Router::new().fallback(handle).with_state(protocol);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|err| CliError::Local(format!("the server failed: {err}")))?;
    eprintln!("proton-local: stopped");
    Ok(())
}

/// Every path answers, as botocore posts to the endpoint URL's own path; only POST is a request.
async fn handle(
    State(protocol): State<Arc<Protocol>>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let answer = if method != Method::POST {
        WireAnswer::error(
            405,
            "UnknownOperationException",
            "AWS JSON requests are POSTed.",
        )
    } else {
        match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Err(_) => WireAnswer::error(
                413,
                "RequestEntityTooLargeException",
                &format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            ),
            Ok(bytes) => {
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
                    body: bytes.to_vec(),
                };
                // SQLite blocks; keep it off the async workers.
                tokio::task::spawn_blocking(move || protocol.answer(&request))
                    .await
                    .unwrap_or_else(|err| {
                        WireAnswer::error(500, "InternalServerException", &err.to_string())
                    })
            }
        }
    };
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let request_id = uuid::Uuid::new_v4().to_string();
    (
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
        .into_response()
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
