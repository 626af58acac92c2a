//! How a failed invocation ends: the exit codes of CONTRACT.md section 6 (the AWS CLI v2's) and
//! what each kind of failure prints on stderr. The one place that turns an error into an exit code.

use std::io::Write;

use crate::service::{Operation, ServiceError};

/// Usage: an unknown command or option, a missing or malformed value.
pub const EXIT_USAGE: u8 = 252;
/// Configuration: no account, no region, a bad setting.
pub const EXIT_CONFIG: u8 = 253;
/// The service refused the operation.
pub const EXIT_SERVICE: u8 = 254;
/// A local failure: the database, the file system, the endpoint.
pub const EXIT_LOCAL: u8 = 255;

#[derive(Debug)]
pub enum CliError {
    /// clap's own report, with the usage line.
    Usage(clap::Error),
    /// A value from the environment that its option would have refused.
    BadValue(String),
    Config(String),
    /// The service refused the operation, here or on the server at --endpoint-url.
    Service {
        operation: Operation,
        code: String,
        message: String,
        /// The retries made when the last attempt allowed (`max_attempts`) was refused too:
        /// botocore then says `(reached max retries: N)`.
        retries: Option<u32>,
    },
    /// Something failed on this machine; one line.
    Local(String),
    /// The AWS CLI's own words and exit code for a problem it finds on the client side, reported
    /// as an empty line and a message: its parameter checks (252), a bad `--query` (252), a
    /// profile that does not exist, a config file it can't parse, a malformed region, an unknown
    /// output type or a query that fails as it runs (255).
    Client {
        exit: u8,
        message: String,
    },
}

impl CliError {
    /// A refusal keeps its AWS code; a local failure (the database) is not a refusal.
    pub fn from_service(operation: Operation, error: ServiceError) -> CliError {
        match error.code() {
            Some(code) => CliError::Service {
                operation,
                code: code.to_string(),
                message: error.to_string(),
                retries: None,
            },
            None => CliError::Local(error.to_string()),
        }
    }

    /// The AWS CLI's refusal of the parameters before it calls: `Parameter validation failed:`
    /// and its lines, a paging conflict, an unreadable parameter file (exit 252).
    pub fn parameter(message: impl Into<String>) -> CliError {
        CliError::Client {
            exit: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// What the AWS CLI refuses before it sends anything, in its words, exit 255.
    pub fn aws_cli(message: impl Into<String>) -> CliError {
        CliError::Client {
            exit: EXIT_LOCAL,
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::BadValue(_) => EXIT_USAGE,
            CliError::Config(_) => EXIT_CONFIG,
            CliError::Service { .. } => EXIT_SERVICE,
            CliError::Local(_) => EXIT_LOCAL,
            CliError::Client { exit, .. } => *exit,
        }
    }

    /// Writes the report to stderr. A service refusal is an empty line and the AWS CLI's
    /// `An error occurred (<Code>) when calling the <Operation> operation: <message>`.
    pub fn report(&self) {
        let mut stderr = std::io::stderr().lock();
        let _ = match self {
            CliError::Usage(err) => write!(stderr, "{}", err.render()),
            CliError::BadValue(message) => writeln!(stderr, "error: {message}"),
            CliError::Config(message) => writeln!(stderr, "{message}"),
            CliError::Service {
                operation,
                code,
                message,
                retries,
            } => writeln!(
                stderr,
                "\nAn error occurred ({code}) when calling the {} operation{}: {message}",
                operation.name(),
                retries
                    .map(|n| format!(" (reached max retries: {n})"))
                    .unwrap_or_default()
            ),
            CliError::Local(message) => writeln!(stderr, "proton-local: {}", one_line(message)),
            CliError::Client { message, .. } => writeln!(stderr, "\n{message}"),
        };
    }
}

/// The longest local failure printed whole; the rest is counted, not shown. Room for a long
/// path and its reason, not for a damaged file's contents.
const LONGEST_MESSAGE: usize = 1000;

/// A local failure as one readable line, whatever a damaged file put into it: control and
/// invisible formatting characters shown escaped (`\x1b`, `\n`, `\u202e`), and no more than
/// `LONGEST_MESSAGE` characters.
fn one_line(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars();
    for c in chars.by_ref().take(LONGEST_MESSAGE) {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // Bidirectional overrides and isolates, zero-width characters, line and paragraph
            // separators: they would reorder or hide what follows them.
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    let rest = chars.count();
    if rest > 0 {
        out.push_str(&format!("... ({rest} more characters)"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_failure_is_one_readable_line() {
        assert_eq!(one_line("plain"), "plain");
        assert_eq!(
            one_line("status '\u{1b}[31mred\u{7}'\nnext \u{202e}"),
            "status '\\x1b[31mred\\x07'\\nnext \\u202e"
        );
        let long = "é".repeat(LONGEST_MESSAGE + 5);
        assert_eq!(
            one_line(&long),
            format!("{}... (5 more characters)", "é".repeat(LONGEST_MESSAGE))
        );
    }
}
