//! The AWS CLI's `wait` commands, from the model's waiters (waiters-2.json): each polls one
//! operation until its reply matches a success or failure acceptor, as botocore's `Waiter.wait`.

use crate::service::Operation;

/// The waiters, one line each: the model's name, the operation it polls and that operation's
/// options (as its own command takes them), the delay in seconds and the attempts, the model's
/// description, the usage line, and the acceptors in the model's order (`path` a member path of
/// the reply, `error` an error code; each with the value expected and the state it means).
///
/// Each layer expands this list with a macro of its own, named as the argument: the `wait`
/// subcommands in `cli`, the table `WAITERS` below, the dispatch in `commands::wait`.
macro_rules! waiters {
    ($then:ident) => {
        $then! {
            EnvironmentDeployed = GetEnvironment(EnvironmentNameArgs), 5, 999, "Wait until an Environment is deployed. Use this after invoking CreateEnvironment or UpdateEnvironment", "proton-local wait environment-deployed [OPTIONS] --name <NAME>", [path "environment.deploymentStatus" == "SUCCEEDED" => success, path "environment.deploymentStatus" == "FAILED" => failure];
            EnvironmentTemplateVersionRegistered = GetEnvironmentTemplateVersion(TemplateVersionArgs), 2, 150, "Wait until an EnvironmentTemplateVersion is registered. Use this after invoking CreateEnvironmentTemplateVersion", "proton-local wait environment-template-version-registered [OPTIONS] --template-name <NAME> --major-version <MAJOR> --minor-version <MINOR>", [path "environmentTemplateVersion.status" == "DRAFT" => success, path "environmentTemplateVersion.status" == "PUBLISHED" => success, path "environmentTemplateVersion.status" == "REGISTRATION_FAILED" => failure];
        }
    };
}
pub(crate) use waiters;

/// One waiter of the model.
#[derive(Debug)]
pub struct Waiter {
    /// The model's name, as `Waiter <name> failed` says it.
    pub name: &'static str,
    pub operation: Operation,
    /// Seconds between attempts.
    pub delay: u64,
    pub max_attempts: u64,
    /// The model's description, the first paragraph of the command's help.
    pub description: &'static str,
    pub acceptors: &'static [Acceptor],
}

#[derive(Debug)]
pub struct Acceptor {
    pub matcher: Matcher,
    pub expected: &'static str,
    pub state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// A member path of the reply (`environment.deploymentStatus`), equal to the expected value.
    Path(&'static str),
    /// The error code of a refusal.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Success,
    Failure,
    Retry,
}

impl Acceptor {
    /// Whether the reply (Ok) or the refusal's error code (Err) matches: a path never matches a
    /// refusal, an error code never a reply.
    pub fn matches(&self, reply: Result<&serde_json::Value, &str>) -> bool {
        match (self.matcher, reply) {
            (Matcher::Path(path), Ok(body)) => path
                .split('.')
                .try_fold(body, |value, member| value.get(member))
                .is_some_and(|value| value.as_str() == Some(self.expected)),
            (Matcher::Error, Err(code)) => code == self.expected,
            _ => false,
        }
    }

    /// botocore's `AcceptorConfig.explanation`, which its failure messages quote.
    pub fn explanation(&self) -> String {
        match self.matcher {
            Matcher::Path(path) => format!(
                "For expression \"{path}\" we matched expected path: \"{}\"",
                self.expected
            ),
            Matcher::Error => format!("Matched expected service error code: {}", self.expected),
        }
    }
}

macro_rules! acceptor {
    (path $argument:literal == $expected:literal => $state:ident) => {
        Acceptor {
            matcher: Matcher::Path($argument),
            expected: $expected,
            state: acceptor!(@state $state),
        }
    };
    (error == $expected:literal => $state:ident) => {
        Acceptor {
            matcher: Matcher::Error,
            expected: $expected,
            state: acceptor!(@state $state),
        }
    };
    (@state success) => {
        State::Success
    };
    (@state failure) => {
        State::Failure
    };
    (@state retry) => {
        State::Retry
    };
}

macro_rules! waiter_table {
    ($($name:ident = $operation:ident($args:ident), $delay:literal, $attempts:literal, $description:literal, $usage:literal, [$($matcher:ident $($argument:literal)? == $expected:literal => $state:ident),* $(,)?];)*) => {
        /// Every waiter, in the model's (alphabetical) order.
        pub const WAITERS: &[Waiter] = &[$(
            Waiter {
                name: stringify!($name),
                operation: Operation::$operation,
                delay: $delay,
                max_attempts: $attempts,
                description: $description,
                acceptors: &[$(acceptor!($matcher $($argument)? == $expected => $state)),*],
            },
        )*];
    };
}

waiters!(waiter_table);

/// The waiter of this model name.
pub fn named(name: &str) -> &'static Waiter {
    WAITERS
        .iter()
        .find(|waiter| waiter.name == name)
        .expect("every wait command has its waiter in the table")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AWS CLI v2's copy of the model (apt-get install awscli).
    const MODEL: &str =
        "/usr/lib/python3/dist-packages/awscli/botocore/data/proton/2020-07-20/waiters-2.json";

    /// The table says what the model the AWS CLI runs says, for the waiters it has.
    #[test]
    fn the_table_is_the_models() {
        let Ok(text) = std::fs::read_to_string(MODEL) else {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "{MODEL} is missing"
            );
            eprintln!("SKIPPED: {MODEL} is missing");
            return;
        };
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        for waiter in WAITERS {
            let modelled = &model["waiters"][waiter.name];
            assert_eq!(
                modelled["operation"],
                waiter.operation.name(),
                "{}",
                waiter.name
            );
            assert_eq!(modelled["delay"], waiter.delay, "{}", waiter.name);
            assert_eq!(
                modelled["maxAttempts"], waiter.max_attempts,
                "{}",
                waiter.name
            );
            assert_eq!(
                modelled["description"], waiter.description,
                "{}",
                waiter.name
            );
            let acceptors: Vec<serde_json::Value> = waiter
                .acceptors
                .iter()
                .map(|acceptor| {
                    let state = match acceptor.state {
                        State::Success => "success",
                        State::Failure => "failure",
                        State::Retry => "retry",
                    };
                    match acceptor.matcher {
                        Matcher::Path(path) => serde_json::json!({
                            "matcher": "path", "argument": path, "state": state,
                            "expected": acceptor.expected,
                        }),
                        Matcher::Error => serde_json::json!({
                            "matcher": "error", "state": state, "expected": acceptor.expected,
                        }),
                    }
                })
                .collect();
            assert_eq!(
                modelled["acceptors"],
                serde_json::Value::Array(acceptors),
                "{}",
                waiter.name
            );
        }
    }
}
