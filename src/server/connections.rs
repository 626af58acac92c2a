//! The server's side of TCP: accepting within a cap on connections, the time a client has to send
//! a request and to sit idle, and a stop that finishes the requests in flight within a bound.
//!
//! Each connection is served by hyper's HTTP/1.1 and watched by its own task, which knows from the
//! bytes read and the requests answered whether the client is idle, sending a request's head, or
//! waiting for an answer.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use super::protocol::WireAnswer;
use super::say;

/// The longest request head (request line and headers) the server reads; hyper answers a longer
/// one 431. A SigV4-signed request's head is well under 2 KiB.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// After SIGINT or SIGTERM, how long the requests in flight have to finish.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Descriptors kept back from connections for everything else the process opens: the standard
/// streams, the listener, the runtime's own, and the database connections (two each).
const RESERVED_DESCRIPTORS: usize = 32 + 2 * 17;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    /// From a request's first byte, the time its head may take to arrive.
    pub header_timeout: Duration,
    /// How long a connection may sit between requests, or before its first.
    pub idle_timeout: Duration,
}

/// How many connections the open-file limit leaves room for, when it is lower than `wanted`.
pub fn connections_room(wanted: usize) -> usize {
    match open_file_limit() {
        Some(limit) => wanted.min(limit.saturating_sub(RESERVED_DESCRIPTORS).max(8)),
        None => wanted,
    }
}

/// The open-file limit, first raised as far as the system lets a process raise its own (the
/// soft limit is often 1024 under a far higher hard one), as Go's runtime and nginx do.
#[cfg(unix)]
fn open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read or write the struct they are given, and only that.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return None;
    }
    let wanted = limit.rlim_max.min(1 << 20);
    if limit.rlim_cur < wanted {
        let raised = libc::rlimit {
            rlim_cur: wanted,
            rlim_max: limit.rlim_max,
        };
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit.rlim_cur = wanted;
        }
    }
    (limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as usize)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<usize> {
    None
}

/// What a connection is doing, as its watcher sees it.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// No request since this moment (the connection's start, or the end of its last answer).
    Idle(Instant),
    /// A request's head started arriving at this moment.
    Head(Instant),
    /// A request is being read or answered.
    Busy,
}

/// One connection's phase, shared by the bytes it reads, the requests it answers and its watcher;
/// and the nudge that asks it to close if it is idle.
struct Tracker {
    phase: Mutex<Phase>,
    /// A request's head started arriving: the watcher's deadline moves closer.
    head_started: Notify,
    evict: Notify,
    /// Asked to make room once already: the next eviction picks another connection.
    evicted: std::sync::atomic::AtomicBool,
}

impl Tracker {
    fn phase(&self) -> MutexGuard<'_, Phase> {
        self.phase
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set(&self, phase: Phase) {
        *self.phase() = phase;
    }

    fn idle_since(&self) -> Option<Instant> {
        match *self.phase() {
            Phase::Idle(since) => Some(since),
            _ => None,
        }
    }
}

/// The live connections, by number, so that the longest idle one can be asked to make room.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    live: Mutex<HashMap<u64, Arc<Tracker>>>,
}

impl Registry {
    fn add(&self, tracker: Arc<Tracker>) -> u64 {
        let number = self.next.fetch_add(1, Ordering::Relaxed);
        self.live().insert(number, tracker);
        number
    }

    fn remove(&self, number: u64) {
        self.live().remove(&number);
    }

    fn live(&self) -> MutexGuard<'_, HashMap<u64, Arc<Tracker>>> {
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Asks the connection idle the longest to close; false when none is idle.
    fn evict_longest_idle(&self) -> bool {
        let live = self.live();
        let longest = live
            .values()
            .filter(|tracker| !tracker.evicted.load(Ordering::Relaxed))
            .filter_map(|tracker| tracker.idle_since().map(|since| (since, tracker)))
            .min_by_key(|(since, _)| *since);
        match longest {
            Some((_, tracker)) => {
                tracker.evicted.store(true, Ordering::Relaxed);
                tracker.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// What answers a request: the server's handler, given the request's parts.
pub type Handler = Arc<
    dyn Fn(hyper::Request<Incoming>) -> Pin<Box<dyn Future<Output = Response> + Send>>
        + Send
        + Sync,
>;

/// Accepts and serves connections until `stop` resolves, then gives the requests in flight up to
/// `SHUTDOWN_GRACE` to be answered.
pub async fn serve(
    listener: TcpListener,
    handler: Handler,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let registry = Arc::new(Registry::default());
    let (stopping, stopped) = watch::channel(false);
    tokio::pin!(stop);
    let mut out_of_descriptors = false;
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                out_of_descriptors = false;
                stream
            }
            Err(err) if is_out_of_descriptors(&err) => {
                // The connection waits in the listen queue. Make room, and try again shortly
                // rather than spin on an accept that fails at once.
                if !out_of_descriptors {
                    say(format_args!(
                        "proton-local: out of file descriptors ({err}): closing idle connections; \
                         new clients wait to be accepted until some close"
                    ));
                    out_of_descriptors = true;
                }
                registry.evict_longest_idle();
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(50)) => continue,
                    () = &mut stop => break,
                }
            }
            // The client went away before it was accepted, or the like: nothing to serve.
            Err(_) => continue,
        };
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            // At the cap: the connection idle the longest makes room, else the next to end does.
            // Meanwhile nothing more is accepted, and new clients wait in the listen queue.
            Err(_) => loop {
                registry.evict_longest_idle();
                tokio::select! {
                    permit = permits.clone().acquire_owned() => break permit.expect("never closed"),
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                    () = &mut stop => {
                        drop(stream);
                        return finish(listener, permits, stopping, limits.max_connections).await;
                    }
                }
            },
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(
            stream,
            handler.clone(),
            limits,
            registry.clone(),
            stopped.clone(),
            permit,
        ));
    }
    finish(listener, permits, stopping, limits.max_connections).await
}

/// Stops listening, asks every connection to finish, and waits for them within the grace.
async fn finish(
    listener: TcpListener,
    permits: Arc<Semaphore>,
    stopping: watch::Sender<bool>,
    max_connections: usize,
) {
    drop(listener);
    let _ = stopping.send(true);
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, permits.acquire_many(all)).await;
}

fn is_out_of_descriptors(err: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            err.raw_os_error(),
            Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}

async fn serve_connection(
    stream: TcpStream,
    handler: Handler,
    limits: Limits,
    registry: Arc<Registry>,
    mut stopping: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let tracker = Arc::new(Tracker {
        phase: Mutex::new(Phase::Idle(Instant::now())),
        head_started: Notify::new(),
        evict: Notify::new(),
        evicted: std::sync::atomic::AtomicBool::new(false),
    });
    let number = registry.add(tracker.clone());
    let service = {
        let tracker = tracker.clone();
        hyper::service::service_fn(move |request| {
            let (tracker, handler) = (tracker.clone(), handler.clone());
            async move {
                tracker.set(Phase::Busy);
                let response = handler(request).await;
                tracker.set(Phase::Idle(Instant::now()));
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let io = TokioIo::new(Watched {
        stream,
        tracker: tracker.clone(),
        rewrite: Vec::new(),
    });
    let mut connection = http1::Builder::new()
        // A client that shuts its side down after sending still reads the answer.
        .half_close(true)
        .max_buf_size(MAX_HEAD_BYTES)
        // Each answer in one write, which is what lets `Watched` see hyper's own.
        .writev(false)
        .serve_connection(io, service);
    /// What woke the watcher.
    enum Event {
        Closed,
        Deadline,
        HeadStarted,
        Evict,
        Stop,
    }
    // Once hyper is asked to close, it does so when the connection is between requests (at once
    // if it is already), and the watcher only waits for that or for the stop.
    let mut closing = false;
    let mut stop_asked = false;
    loop {
        let phase = *tracker.phase();
        let deadline = match phase {
            Phase::Idle(since) if !closing => since + limits.idle_timeout,
            Phase::Head(since) if !closing => since + limits.header_timeout,
            // A request's body has its own timeout, and its answer is the handler's.
            _ => Instant::now() + limits.idle_timeout,
        };
        let event = tokio::select! {
            _ = &mut connection => Event::Closed,
            () = tokio::time::sleep_until(deadline) => Event::Deadline,
            () = tracker.head_started.notified() => Event::HeadStarted,
            () = tracker.evict.notified(), if !closing => Event::Evict,
            _ = stopping.changed(), if !stop_asked => Event::Stop,
        };
        let (now, phase) = (Instant::now(), *tracker.phase());
        match (event, phase) {
            (Event::Closed, _) => break,
            (Event::Deadline, Phase::Head(since))
                if !closing && now >= since + limits.header_timeout =>
            {
                let io = connection.into_parts().io.into_inner();
                io.time_out(limits.header_timeout).await;
                break;
            }
            (Event::Deadline, Phase::Idle(since))
                if !closing && now >= since + limits.idle_timeout =>
            {
                closing = true;
                Pin::new(&mut connection).graceful_shutdown();
            }
            (Event::Evict, Phase::Idle(_)) => {
                closing = true;
                Pin::new(&mut connection).graceful_shutdown();
            }
            (Event::Stop, _) => {
                stop_asked = true;
                closing = true;
                // Hyper closes a connection between requests (or partway through a head) at
                // once, and one with a request in flight after its answer.
                Pin::new(&mut connection).graceful_shutdown();
            }
            _ => {}
        }
    }
    registry.remove(number);
}

/// A connection's socket, which tells its tracker when a request starts arriving, and which
/// gives hyper's own answers to a malformed request (400, 414, 431: a status line and no body)
/// the AWS JSON body and request id that every other answer has.
struct Watched {
    stream: TcpStream,
    tracker: Arc<Tracker>,
    /// The rewritten answer, still to be written.
    rewrite: Vec<u8>,
}

impl Watched {
    /// Answers a request whose head did not arrive in time, and closes.
    async fn time_out(mut self, header_timeout: Duration) {
        let answer = WireAnswer::error(
            408,
            "RequestTimeoutException",
            &format!(
                "The request's headers did not arrive within {} (--header-timeout).",
                super::protocol::seconds(header_timeout)
            ),
        );
        let bytes = answer_bytes("HTTP/1.1 408 Request Timeout", &answer, None);
        let write = async {
            self.stream.write_all(&bytes).await?;
            self.stream.shutdown().await
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
    }

    /// Writes what is left of a rewritten answer; ready once it is all out.
    fn poll_rewrite(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.rewrite.is_empty() {
            let written =
                std::task::ready!(Pin::new(&mut self.stream).poll_write(cx, &self.rewrite))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.rewrite.drain(..written);
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            let mut phase = self.tracker.phase();
            if let Phase::Idle(_) = *phase {
                *phase = Phase::Head(Instant::now());
                self.tracker.head_started.notify_one();
            }
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        std::task::ready!(self.poll_rewrite(cx))?;
        if let Some(rewritten) = rewrite_hypers_answer(buf) {
            self.rewrite = rewritten;
            // Taken whole; written by this call and the flushes that follow.
            let _ = self.poll_rewrite(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(self.poll_rewrite(cx))?;
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(self.poll_rewrite(cx))?;
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Hyper's answer to a request it could not parse, rewritten as an AWS JSON error; None for any
/// other write. Hyper's is a status line and headers with `content-length: 0`; the server's own
/// answers all carry a request id.
fn rewrite_hypers_answer(buf: &[u8]) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(buf).ok()?;
    let (status_line, headers) = head.split_once("\r\n")?;
    let status = status_line.strip_prefix("HTTP/1.1 ")?.get(..3)?;
    if headers.to_ascii_lowercase().contains("x-amzn-requestid") || !headers.ends_with("\r\n\r\n") {
        return None;
    }
    let answer = match status {
        "400" => WireAnswer::error(
            400,
            "BadRequestException",
            "The request is not HTTP/1.1 that the server can read: its request line or a header \
             is malformed.",
        ),
        "414" => WireAnswer::error(
            414,
            "BadRequestException",
            "The request's path is too long; AWS JSON requests are POSTed to /.",
        ),
        "431" => WireAnswer::error(
            431,
            "RequestHeaderFieldsTooLargeException",
            &format!("The request's headers are larger than {MAX_HEAD_BYTES} bytes."),
        ),
        _ => return None,
    };
    let date = headers
        .split("\r\n")
        .find(|line| line.to_ascii_lowercase().starts_with("date:"));
    Some(answer_bytes(status_line, &answer, date))
}

/// A whole answer, after which the connection closes.
fn answer_bytes(status_line: &str, answer: &WireAnswer, date: Option<&str>) -> Vec<u8> {
    let date = date.map(|line| format!("{line}\r\n")).unwrap_or_default();
    format!(
        "{status_line}\r\ncontent-type: application/x-amz-json-1.0\r\nx-amzn-requestid: {}\r\n\
         connection: close\r\ncontent-length: {}\r\n{date}\r\n{}",
        uuid::Uuid::new_v4(),
        answer.body.len(),
        answer.body
    )
    .into_bytes()
}

/// The handler's answer when the time to read a request's body ran out.
pub fn body_timeout(header_timeout: Duration) -> WireAnswer {
    WireAnswer::error(
        408,
        "RequestTimeoutException",
        &format!(
            "The request's body did not arrive within {} (--header-timeout).",
            super::protocol::seconds(header_timeout)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_answers_to_malformed_requests_become_aws_json_errors() {
        let hyper = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n";
        let rewritten = String::from_utf8(rewrite_hypers_answer(hyper).unwrap()).unwrap();
        let (head, body) = rewritten.split_once("\r\n\r\n").unwrap();
        let lines: Vec<&str> = head.split("\r\n").collect();
        assert_eq!(lines[0], "HTTP/1.1 431 Request Header Fields Too Large");
        assert_eq!(lines[1], "content-type: application/x-amz-json-1.0");
        assert!(lines[2].starts_with("x-amzn-requestid: "));
        assert_eq!(
            &lines[3..],
            [
                "connection: close",
                &format!("content-length: {}", body.len()),
                "date: Thu, 01 Jan 2026 00:00:00 GMT"
            ]
        );
        assert_eq!(
            body,
            r#"{"__type":"RequestHeaderFieldsTooLargeException","message":"The request's headers are larger than 65536 bytes."}"#
        );
        // The server's own answers, and anything that is not a whole head, pass as they are.
        let own = b"HTTP/1.1 400 Bad Request\r\nx-amzn-requestid: x\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(rewrite_hypers_answer(own), None);
        assert_eq!(
            rewrite_hypers_answer(b"HTTP/1.1 400 Bad Request\r\ncontent-len"),
            None
        );
        assert_eq!(rewrite_hypers_answer(b"{\"a\": 1}"), None);
    }
}
