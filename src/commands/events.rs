//! `proton-local events [--follow]`: the caller's status-change events as JSON lines, read from
//! the database. A follower polls the file, so it sees changes made by any process (the command
//! line, a server, another follower's neighbour). It prints as it reads instead of handing the
//! output layer a reply: a follow has no end to wait for.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::cli::{EventsArgs, GlobalArgs};
use crate::config::{self, Env};
use crate::error::CliError;
use crate::service::{Caller, Proton, Settings};
use crate::store::Store;

/// How often a follower looks for new events: a change shows within this.
const POLL: Duration = Duration::from_millis(200);

/// Events read at a time, so a long history is never held in memory whole.
const BATCH: usize = 500;

/// Set by SIGINT or SIGTERM: the follower stops, exit 0, between two lines.
static STOP: AtomicBool = AtomicBool::new(false);

/// Set while a line is being written: a stop signal then ends the process at once, since the
/// write may never end (a reader that has stalled). It is set before `STOP` is checked, so a
/// signal is either seen by that check or ends the write.
static WRITING: AtomicBool = AtomicBool::new(false);

pub fn print(
    caller: &Caller,
    endpoint: Option<&str>,
    args: &EventsArgs,
    global: &GlobalArgs,
    env: Env,
) -> Result<(), CliError> {
    if let Some(endpoint) = endpoint {
        return Err(CliError::Config(format!(
            "events reads the database itself and can't be sent to a server ({endpoint}): run it \
             without --endpoint-url (nor AWS_ENDPOINT_URL or a profile's endpoint_url), with the \
             server's --db."
        )));
    }
    let path = config::database_path(global, env)?;
    let mut store = Store::open(&path).map_err(|err| CliError::Local(err.to_string()))?;
    let settings = Settings::default();
    if args.follow {
        stop_on_signals();
    }
    let mut after = 0;
    let mut lines = Vec::new();
    loop {
        let events = Proton::new(&mut store, &settings)
            .events_after(caller, after, BATCH)
            .map_err(|err| CliError::Local(err.to_string()))?;
        lines.clear();
        for event in &events {
            after = event.seq;
            writeln!(lines, "{}", event.to_json()).expect("writing to memory");
        }
        if let Err(err) = write_stdout(&lines) {
            return closed_or(err);
        }
        if STOP.load(Ordering::SeqCst) {
            return Ok(());
        }
        if events.len() == BATCH {
            continue;
        }
        if !args.follow {
            return Ok(());
        }
        // Sleep in steps, so an interrupt is answered at once. A reader that has gone (`grep -m1`
        // has seen its line) ends the follow now, not at the next event, which may never come.
        for _ in 0..4 {
            if STOP.load(Ordering::SeqCst) || reader_gone() {
                return Ok(());
            }
            std::thread::sleep(POLL / 4);
        }
        if STOP.load(Ordering::SeqCst) || reader_gone() {
            return Ok(());
        }
    }
}

/// Writes the lines of `bytes` to stdout, one write each. A reader that stops reading (a full
/// pipe) blocks a write, and a stop signal then can't be answered after it: so while a line is
/// being written, a stop signal ends the process at once, with exit 0 (see `stop_on_signals`).
/// A line (an event, well under PIPE_BUF, 4096 bytes) goes to a pipe whole or not at all, so the
/// reader never gets half of one.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for line in bytes.split_inclusive(|&byte| byte == b'\n') {
        WRITING.store(true, Ordering::SeqCst);
        if STOP.load(Ordering::SeqCst) {
            WRITING.store(false, Ordering::SeqCst);
            return Ok(());
        }
        let written = out.write_all(line).and_then(|()| out.flush());
        WRITING.store(false, Ordering::SeqCst);
        written?;
    }
    Ok(())
}

/// A closed pipe (`| head -1`, a script that has seen what it waited for) ends the command
/// without an error; any other failure to write is one.
fn closed_or(err: std::io::Error) -> Result<(), CliError> {
    match err.kind() {
        std::io::ErrorKind::BrokenPipe => Ok(()),
        _ => Err(CliError::Local(format!("cannot write the output: {err}"))),
    }
}

/// Whether stdout is a pipe whose reader has closed it (or a terminal that hung up).
#[cfg(unix)]
fn reader_gone() -> bool {
    let mut stdout = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, and no waiting.
    let ready = unsafe { libc::poll(&mut stdout, 1, 0) };
    ready > 0 && stdout.revents & (libc::POLLERR | libc::POLLHUP | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
fn reader_gone() -> bool {
    false
}

#[cfg(unix)]
fn stop_on_signals() {
    extern "C" fn stop(_signal: libc::c_int) {
        STOP.store(true, Ordering::SeqCst);
        if WRITING.load(Ordering::SeqCst) {
            // SAFETY: _exit is async-signal-safe. The write may be blocked on a stalled reader;
            // it is abandoned, as the stop asked.
            unsafe { libc::_exit(0) };
        }
    }
    let handler = stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only uses atomics and _exit, which are async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

#[cfg(not(unix))]
fn stop_on_signals() {}
