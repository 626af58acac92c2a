//! `--debug`: a log on stderr of what a command does, one line per step, in the AWS CLI's
//! `--debug` layout (`<time> - <where> - DEBUG - <what>`): the caller and where the request goes,
//! the database opened, and each call with its time, or the HTTP exchange with a server.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static ON: AtomicBool = AtomicBool::new(false);

pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Writes one line when --debug is on; `what` is only built then.
pub fn log(place: &str, what: impl FnOnce() -> String) {
    if on() {
        let now = chrono::Utc::now().format("%Y-%m-%d %H:%M:%S,%3f");
        // A log that can't be written is no reason to fail the command.
        let _ = writeln!(io::stderr(), "{now} - {place} - DEBUG - {}", what());
    }
}
