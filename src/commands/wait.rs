//! `wait`: the AWS CLI's waiters. The operation is called as its own command calls it (the same
//! options, checks and transport), again and again, as botocore's `Waiter.wait` does: success
//! prints nothing, anything else is `Waiter <Name> failed: <reason>`, exit 255.

use std::time::Duration;

use serde_json::{Map, Value};

use super::{input_skeleton, params, resolve_caller, skeleton, typed, Call, Outcome, Transport};
use crate::cli::{GlobalArgs, InputArgs, Skeleton, WaitCommand};
use crate::config::Env;
use crate::error::CliError;
use crate::shapes;
use crate::waiters::{self, State, Waiter};

/// The waiter of each `wait` subcommand, its operation's options, and the AWS CLI's input options.
macro_rules! wait_calls {
    ($($name:ident = $operation:ident($args:ident), $delay:literal, $attempts:literal, $description:literal, $usage:literal, [$($acceptors:tt)*];)*) => {
        fn call(command: &WaitCommand) -> (&'static Waiter, &dyn Call, &InputArgs) {
            match command {
                $(WaitCommand::$name(args) => (waiters::named(stringify!($name)), args, &args.input),)*
            }
        }
    };
}

waiters::waiters!(wait_calls);

pub(super) fn run(
    command: &WaitCommand,
    global: &GlobalArgs,
    env: Env,
) -> Result<Outcome, CliError> {
    end_on_interrupt_as_the_aws_cli();
    let (waiter, args, input) = call(command);
    let operation = waiter.operation;
    let given = args.members()?;
    if let Some(skeleton) = input_skeleton(operation, input) {
        return Ok(skeleton);
    }
    let (caller, endpoint) = resolve_caller(global, env)?;
    let mut params = params::assemble(operation, given, input)?;
    // The output skeleton is the AWS CLI's stubbed call of the operation, made with the
    // parameters as given, before any waiter: a WaiterConfig is an unknown member to it.
    if input.generate_cli_skeleton == Some(Skeleton::Output) {
        params::check(operation, &params)?;
        let body = skeleton::output(shapes::output(operation));
        return Ok(Outcome::Skeleton { operation, body });
    }
    // botocore's `Waiter.wait` takes WaiterConfig out of the call's parameters before it calls:
    // the one way the AWS CLI gives to change the delay and the attempts.
    let config = params.remove("WaiterConfig");
    let config = Config::of(waiter, config)?;
    params::check(operation, &params)?;
    let mut transport = Transport::open(caller, endpoint, global, env)?;
    let mut attempts: u64 = 0;
    // Whether an attempt has matched an acceptor, and the state the last match left.
    let mut last_matched = false;
    let mut state = State::Retry;
    loop {
        // A refusal, the server's or one of the request's own members, is a reply to match.
        let reply =
            match typed(operation, params.clone()).and_then(|request| transport.send(request)) {
                Ok(body) => Ok(body),
                Err(CliError::Service { code, message, .. }) => Err((code, message)),
                Err(other) => return Err(other),
            };
        attempts += 1;
        let matched = waiter
            .acceptors
            .iter()
            .find(|acceptor| acceptor.matches(reply.as_ref().map_err(|(code, _)| code.as_str())));
        match (matched, &reply) {
            (Some(acceptor), _) => {
                last_matched = true;
                state = acceptor.state;
            }
            (None, Err((code, message))) => {
                return Err(failed(
                    waiter,
                    &format!("An error occurred ({code}): {message}"),
                ));
            }
            (None, Ok(_)) => {}
        }
        // botocore names the acceptor of its loop variable: the one matched now, else the last.
        let acceptor = matched.or(waiter.acceptors.last());
        let explanation = || acceptor.map(|a| a.explanation()).unwrap_or_default();
        match state {
            State::Success => return Ok(Outcome::Done),
            State::Failure => {
                return Err(failed(
                    waiter,
                    &format!(
                        "Waiter encountered a terminal failure state: {}",
                        explanation()
                    ),
                ))
            }
            State::Retry => {}
        }
        if config.attempts_exhausted(attempts)? {
            let reason = match last_matched {
                false => "Max attempts exceeded".to_string(),
                true => format!(
                    "Max attempts exceeded. Previously accepted state: {}",
                    explanation()
                ),
            };
            return Err(failed(waiter, &reason));
        }
        std::thread::sleep(config.delay()?);
    }
}

/// Ctrl-C ends a wait as the AWS CLI's `InterruptExceptionHandler` ends it: a newline on stdout,
/// nothing on stderr, exit 130 (128 + SIGINT). A wait may last hours (999 attempts of 5 s), and
/// scripts tell an interrupted wait from a failed one (255) by that code.
#[cfg(unix)]
fn end_on_interrupt_as_the_aws_cli() {
    extern "C" fn interrupted(_signal: libc::c_int) {
        // SAFETY: write and _exit are async-signal-safe, and the newline is a static buffer.
        // Nothing is held that needs undoing: a call to the database is one transaction, which
        // SQLite rolls back when the process ends midway.
        unsafe {
            libc::write(libc::STDOUT_FILENO, b"\n".as_ptr().cast(), 1);
            libc::_exit(130);
        }
    }
    let handler = interrupted as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only calls write and _exit, which are async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
    }
}

#[cfg(not(unix))]
fn end_on_interrupt_as_the_aws_cli() {}

fn failed(waiter: &Waiter, reason: &str) -> CliError {
    CliError::aws_cli(format!("Waiter {} failed: {reason}", waiter.name))
}

/// The delay and the attempts, the waiter's own or WaiterConfig's `Delay` and `MaxAttempts`,
/// used as Python uses them: compared with `>=` and given to `time.sleep`. A value of another
/// type fails where Python fails, with Python's words.
struct Config {
    delay: Value,
    max_attempts: Value,
}

impl Config {
    fn of(waiter: &Waiter, config: Option<Value>) -> Result<Config, CliError> {
        let mut config = match config {
            None => Map::new(),
            Some(Value::Object(config)) => config,
            Some(other) => {
                return Err(CliError::aws_cli(format!(
                    "'{}' object has no attribute 'get'",
                    python_type(&other)
                )))
            }
        };
        Ok(Config {
            delay: config.remove("Delay").unwrap_or(Value::from(waiter.delay)),
            max_attempts: config
                .remove("MaxAttempts")
                .unwrap_or(Value::from(waiter.max_attempts)),
        })
    }

    /// `num_attempts >= max_attempts`.
    fn attempts_exhausted(&self, attempts: u64) -> Result<bool, CliError> {
        match python_number(&self.max_attempts) {
            Some(Number::Int(max)) => Ok(i128::from(attempts) >= max),
            // Python compares an int with a float exactly; the attempts are far below 2^53.
            Some(Number::Float(max)) => Ok(attempts as f64 >= max),
            None => Err(CliError::aws_cli(format!(
                "'>=' not supported between instances of 'int' and '{}'",
                python_type(&self.max_attempts)
            ))),
        }
    }

    /// `time.sleep(delay)` of CPython 3.11, which the AWS CLI v2 runs: the delay becomes whole
    /// nanoseconds in an i64 (rounded up), and the deadline, the monotonic clock plus that, is
    /// summed in an i64 too, unchecked: past its end it wraps, and the kernel refuses the
    /// negative deadline.
    fn delay(&self) -> Result<Duration, CliError> {
        let too_large = || CliError::aws_cli("timestamp too large to convert to C _PyTime_t");
        let nanoseconds = match python_number(&self.delay) {
            Some(Number::Int(seconds)) => seconds
                .checked_mul(1_000_000_000)
                .and_then(|ns| i64::try_from(ns).ok())
                .ok_or_else(too_large)?,
            Some(Number::Float(seconds)) => {
                let ns = seconds * 1e9;
                let ns = if ns >= 0.0 { ns.ceil() } else { ns.floor() };
                // i64::MIN as f64 is -2^63 exactly: the range is [-2^63, 2^63).
                if !(ns >= i64::MIN as f64 && ns < -(i64::MIN as f64)) {
                    return Err(too_large());
                }
                ns as i64
            }
            None => {
                return Err(CliError::aws_cli(format!(
                    "'{}' object cannot be interpreted as an integer",
                    python_type(&self.delay)
                )))
            }
        };
        if nanoseconds < 0 {
            return Err(CliError::aws_cli("sleep length must be non-negative"));
        }
        if monotonic_nanoseconds().checked_add(nanoseconds).is_none() {
            return Err(CliError::aws_cli("[Errno 22] Invalid argument"));
        }
        Ok(Duration::from_nanos(nanoseconds.unsigned_abs()))
    }
}

/// The monotonic clock as CPython reads it for a deadline, in nanoseconds.
#[cfg(unix)]
// time_t and c_long are i32 on 32-bit targets.
#[allow(clippy::useless_conversion)]
fn monotonic_nanoseconds() -> i64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: one valid timespec to fill; CLOCK_MONOTONIC is always there on Linux and macOS.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    i64::from(now.tv_sec)
        .saturating_mul(1_000_000_000)
        .saturating_add(i64::from(now.tv_nsec))
}

#[cfg(not(unix))]
fn monotonic_nanoseconds() -> i64 {
    0
}

/// A number as Python's json module loads it.
enum Number {
    /// Digits alone: an int, of any size (beyond i128 it is held at i128's end, where every use
    /// here gives what the exact value would).
    Int(i128),
    /// With a fraction or an exponent: a float, infinite when it overflows (`1e400`).
    Float(f64),
}

/// A number as Python reads it from JSON: a bool is an int.
fn python_number(value: &Value) -> Option<Number> {
    match value {
        // The literal itself (arbitrary_precision keeps it), as Python's json module parses it.
        Value::Number(number) => {
            let literal = number.to_string();
            if is_float_literal(&literal) {
                literal.parse().ok().map(Number::Float)
            } else {
                let saturated = match literal.starts_with('-') {
                    true => i128::MIN,
                    false => i128::MAX,
                };
                Some(Number::Int(literal.parse().unwrap_or(saturated)))
            }
        }
        Value::Bool(flag) => Some(Number::Int(i128::from(*flag))),
        _ => None,
    }
}

fn is_float_literal(literal: &str) -> bool {
    literal.contains(['.', 'e', 'E'])
}

/// The name of the Python type that JSON's value loads as.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(number) if is_float_literal(&number.to_string()) => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}
