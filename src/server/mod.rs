//! `proton-local serve`: an HTTP server speaking the AWS JSON 1.0 protocol, so that the AWS CLI,
//! boto3 and the SDKs reach the same database through the same rules. Tokio and axum start only
//! here, never on a plain command's path.

mod connections;
mod console;
mod database;
mod host;
mod listing;
mod protocol;

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;
use tokio::time::Instant;

pub use protocol::{Protocol, WireAnswer, WireRequest};

use crate::cli::{parse_allowed_host, ServeArgs};
use crate::client::SETTINGS_HEADERS;
use crate::config::{self, Env};
use crate::error::CliError;
use crate::store::Store;
use connections::Limits;
use database::Database;
use host::AllowedHosts;

/// A request body larger than this is refused: the largest valid request (a create with fifty
/// tags and three long roles) is a few tens of kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Connections served at once, unless `--max-connections` says.
const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long a request waits for the database, behind the server's other requests or another
/// process's lock, before it is answered ThrottlingException, unless `--lock-timeout` says.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// How far a refused body is still read, and thrown away, before the 413. A server that answers
/// and closes while its client is still sending gives that client a broken pipe instead of the
/// answer, or a reset that can destroy the answer before it is read. Past either bound the server
/// gives up, answers, and closes the connection.
const DRAIN: Drain = Drain {
    bytes: 16 * 1024 * 1024,
    time: Duration::from_secs(5),
};

/// Writes one line to stderr. A line that can't be written (stderr closed, or `/dev/full`) is
/// dropped: the server's answers matter more than its log.
pub(crate) fn say(line: fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

pub fn serve(args: &ServeArgs, db: &Path, env: Env) -> Result<(), CliError> {
    // Refuse bad settings and a bad database now, not on the first request.
    config::settings(env).map_err(CliError::Config)?;
    let store = Store::open(db).map_err(|err| CliError::Local(err.to_string()))?;
    let base_env: HashMap<&'static str, String> = SETTINGS_HEADERS
        .into_iter()
        .filter_map(|(name, _)| env(name).map(|value| (name, value)))
        .collect();
    let wanted = args.max_connections.map_or(DEFAULT_MAX_CONNECTIONS, |n| {
        usize::try_from(n).unwrap_or(usize::MAX)
    });
    let limits = Limits {
        max_connections: connections::connections_room(wanted),
        header_timeout: Duration::from_secs(args.header_timeout),
        idle_timeout: Duration::from_secs(args.idle_timeout),
    };
    let app = Arc::new(App {
        protocol: Protocol::new(
            args.default_account_id.clone(),
            base_env,
            args.allow_client_settings,
        ),
        database: Database::new(db.to_path_buf(), store),
        writer: Arc::new(Semaphore::new(1)),
        readers: Arc::new(Semaphore::new(database::reader_limit())),
        lock_timeout: Duration::from_secs(args.lock_timeout),
        header_timeout: limits.header_timeout,
        answer_timeout: limits.idle_timeout,
        hosts: AllowedHosts::new(&args.listen, &args.allow_host),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| CliError::Local(format!("cannot start the server: {err}")))?;
    // Only a number the operator chose is worth a warning when the limit cuts it.
    let asked = args.max_connections.map(|_| wanted);
    let result = runtime.block_on(run(&args.listen, db, app, limits, asked));
    // A request still on the database after the grace is abandoned: SQLite rolls back what it
    // did not commit.
    runtime.shutdown_timeout(Duration::from_secs(1));
    if result.is_ok() {
        say(format_args!("proton-local: stopped"));
    }
    result
}

/// What every request is answered with: the protocol, the database and the turns on it, and the
/// hosts it is answered for.
struct App {
    protocol: Protocol,
    database: Database,
    /// One write at a time, in the order they came.
    writer: Arc<Semaphore>,
    /// At most this many reads at once, each on a reader of its own.
    readers: Arc<Semaphore>,
    lock_timeout: Duration,
    header_timeout: Duration,
    /// How long a streamed answer waits for its client to read on before it is broken off, so
    /// that a client that stops reading gives its reader back.
    answer_timeout: Duration,
    hosts: AllowedHosts,
}

/// A server's handling of one request after hyper has read its head, on the database at `db`, with
/// no socket: the seam the fuzz targets and the hostile-request tests drive (`crate::fuzzing`).
#[doc(hidden)]
pub struct InProcess(Arc<App>);

impl InProcess {
    /// A server started as `serve --default-account-id .. [--allow-client-settings]` would be,
    /// listening on 127.0.0.1 with the default timeouts and no PROTON_LOCAL_* settings of its own.
    pub fn open(
        db: &Path,
        default_account_id: Option<String>,
        allow_client_settings: bool,
    ) -> Result<InProcess, CliError> {
        let store = Store::open(db).map_err(|err| CliError::Local(err.to_string()))?;
        Ok(InProcess(Arc::new(App {
            protocol: Protocol::new(default_account_id, HashMap::new(), allow_client_settings),
            database: Database::new(db.to_path_buf(), store),
            writer: Arc::new(Semaphore::new(1)),
            readers: Arc::new(Semaphore::new(database::reader_limit())),
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            header_timeout: Duration::from_secs(10),
            answer_timeout: Duration::from_secs(60),
            hosts: AllowedHosts::new("127.0.0.1:0", &[]),
        })))
    }

    /// Answers one request as `serve` does; needs a tokio runtime.
    pub async fn handle(&self, method: Method, headers: HeaderMap, body: Vec<u8>) -> Response {
        handle(self.0.clone(), method, headers, Body::from(body)).await
    }
}

/// `listen` is `HOST:PORT`; of the addresses a name resolves to, the first that binds is served.
async fn run(
    listen: &str,
    db: &Path,
    app: Arc<App>,
    limits: Limits,
    asked: Option<usize>,
) -> Result<(), CliError> {
    // Listening for the signals starts before anything is said: a SIGTERM sent as soon as the
    // server says it serves stops it cleanly.
    let stop =
        stop_signal().map_err(|err| CliError::Local(format!("cannot start the server: {err}")))?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|err| CliError::Local(format!("cannot listen on {listen}: {err}")))?;
    let address = listener
        .local_addr()
        .map_err(|err| CliError::Local(format!("cannot listen on {listen}: {err}")))?;
    say(format_args!(
        "proton-local: serving the AWS JSON protocol at http://{address}/ with database {}",
        db.display()
    ));
    if !address.ip().is_loopback() {
        say(format_args!(
            "proton-local: warning: {address} can be reached from other machines, and the server \
             takes the account each request names (signatures are not checked): whoever reaches \
             it can read and change every account's connections. --listen 127.0.0.1:{} keeps it \
             to this machine.",
            address.port()
        ));
    }
    if let Some(wanted) = asked.filter(|wanted| limits.max_connections < *wanted) {
        say(format_args!(
            "proton-local: warning: the open-file limit leaves room for {} connections at once, \
             not --max-connections {wanted}; raise it (ulimit -n) to serve more",
            limits.max_connections
        ));
    }
    let shrinking = tokio::spawn({
        let app = app.clone();
        async move {
            let mut every = tokio::time::interval(database::READER_IDLE / 3);
            loop {
                every.tick().await;
                let app = app.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    app.database
                        .shrink(std::time::Instant::now(), database::READER_IDLE)
                })
                .await;
            }
        }
    });
    let handler: connections::Handler = Arc::new(move |request| {
        let app = app.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            if let Some(page) = console::answer(&app, &parts).await {
                return page;
            }
            handle(app, parts.method, parts.headers, Body::new(body)).await
        })
    });
    connections::serve(listener, handler, limits, stop).await;
    shrinking.abort();
    Ok(())
}

/// Every path answers, as botocore posts to the endpoint URL's own path; only POST is a request.
async fn handle(app: Arc<App>, method: Method, headers: HeaderMap, body: Body) -> Response {
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
        let read = tokio::time::timeout(app.header_timeout, read_body(body, MAX_BODY_BYTES, DRAIN));
        match (
            read.await.unwrap_or(Err(BodyRefused::TimedOut)),
            host_refused,
        ) {
            (Err(BodyRefused::TimedOut), _) => {
                close = true;
                connections::body_timeout(app.header_timeout)
            }
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
                match answer(&app, &request).await {
                    listing::Answer::Whole(answer) => answer,
                    listing::Answer::Streamed(body) => return respond(200, body, false),
                }
            }
        }
    };
    respond(answer.status, Body::from(answer.body), close)
}

/// An answer with the headers every answer has; `close` when the connection can't carry another
/// request.
fn respond(status: u16, body: Body, close: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
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
        body,
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
    /// The body did not arrive within the header timeout.
    TimedOut,
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

/// Answers a request read whole: checked first, then run on the database in its turn, off the
/// async workers (SQLite blocks). A list of every match is sent as it is read.
async fn answer(app: &Arc<App>, request: &WireRequest) -> listing::Answer {
    let call = match app.protocol.prepare(request) {
        Ok(call) => call,
        Err(answer) => return listing::Answer::Whole(answer),
    };
    let deadline = Instant::now() + app.lock_timeout;
    let turns = match call.writes() {
        true => app.writer.clone(),
        false => app.readers.clone(),
    };
    let Ok(Ok(turn)) = tokio::time::timeout_at(deadline, turns.acquire_owned()).await else {
        return listing::Answer::Whole(WireAnswer::throttled(&format!(
            "The server is busy: this request waited {} (--lock-timeout) behind its other \
             requests to the database. Retry later; the AWS CLI and SDKs retry this error by \
             themselves.",
            protocol::seconds(app.lock_timeout)
        )));
    };
    if call.lists_everything() {
        return listing::answer(app, call, turn, deadline).await;
    }
    let app = app.clone();
    let answered = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        let patience = deadline.saturating_duration_since(Instant::now());
        let lock_timeout = app.lock_timeout;
        match call.writes() {
            true => app
                .database
                .write(|store| call.run(store, patience, lock_timeout)),
            false => app
                .database
                .read(|store| call.run(store, patience, lock_timeout)),
        }
    })
    .await;
    listing::Answer::Whole(
        answered.unwrap_or_else(|err| {
            WireAnswer::error(500, "InternalServerException", &err.to_string())
        }),
    )
}

/// Resolves on the first SIGINT or SIGTERM. The handlers are in place once this returns, before
/// the future is first polled.
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
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
