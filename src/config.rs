//! Where an invocation's settings come from: options first, then environment variables, then
//! defaults (CONTRACT.md sections 2, 3 and 4). Nothing here touches the database.

use std::path::PathBuf;

use crate::cli::{self, GlobalArgs, OutputFormat};
use crate::error::{CliError, EXIT_LOCAL, EXIT_USAGE};
use crate::output::{Query, Style};
use crate::service::{validate, Caller, Settings, Timestamp, DEFAULT_QUOTA};

/// The environment, as a function so that tests can hand in their own. Empty values count as
/// unset, as they do for the AWS CLI.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The calling account and region: options, then the environment.
pub fn resolve_caller(global: &GlobalArgs, env: Env) -> Result<Caller, CliError> {
    let account = match &global.account_id {
        Some(account) => account.clone(),
        None => from_env(env, "AWS_ACCOUNT_ID", cli::parse_account_id)?.ok_or_else(|| {
            CliError::Config(
                "You must specify an account. Pass --account-id or set AWS_ACCOUNT_ID.".into(),
            )
        })?,
    };
    let region = match &global.region {
        Some(region) => region.clone(),
        None => match from_env(env, "AWS_REGION", cli::parse_region)? {
            Some(region) => region,
            None => from_env(env, "AWS_DEFAULT_REGION", cli::parse_region)?.ok_or_else(|| {
                CliError::Config(
                    "You must specify a region. You can also configure your region by running \"aws configure\"."
                        .into(),
                )
            })?,
        },
    };
    Ok(Caller { account, region })
}

/// A variable that is set must hold a valid value; it is refused like the option it stands for.
fn from_env(
    env: Env,
    name: &str,
    parse: fn(&str) -> Result<String, String>,
) -> Result<Option<String>, CliError> {
    env(name)
        .map(|value| {
            parse(&value).map_err(|reason| {
                CliError::BadValue(format!("invalid value '{value}' in {name}: {reason}"))
            })
        })
        .transpose()
}

/// How to print the reply: the output format, the query compiled once before the command runs
/// (a bad one is the AWS CLI's message, exit 252), and `--color`.
pub fn output_style(global: &GlobalArgs, env: Env) -> Result<Style, CliError> {
    let query = global
        .query
        .as_deref()
        .map(Query::compile)
        .transpose()
        .map_err(|message| CliError::Client {
            exit: EXIT_USAGE,
            message,
        })?;
    Ok(Style {
        format: output_format(global.output, env)?,
        query,
        color: global.color.unwrap_or_default(),
    })
}

/// `--output`, then `AWS_DEFAULT_OUTPUT`, then json, as the AWS CLI's output chain (the
/// profile's `output` goes between the variable and json). An unknown name in the variable is the
/// AWS CLI's `Unknown output type` (exit 255); it is refused before the command runs, so that
/// nothing is written by a command whose reply can't be printed.
pub fn output_format(option: Option<OutputFormat>, env: Env) -> Result<OutputFormat, CliError> {
    if let Some(format) = option {
        return Ok(format);
    }
    if let Some(name) = env("AWS_DEFAULT_OUTPUT") {
        return OutputFormat::from_name(&name).ok_or_else(|| CliError::Client {
            exit: EXIT_LOCAL,
            message: format!("Unknown output type: {name}"),
        });
    }
    Ok(OutputFormat::Json)
}

/// `--db`, then `PROTON_LOCAL_DB`, then `proton-local/proton-local.db` in the user's data folder
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux).
pub fn database_path(global: &GlobalArgs, env: Env) -> Result<PathBuf, CliError> {
    if let Some(path) = &global.db {
        return Ok(path.clone());
    }
    if let Some(path) = env("PROTON_LOCAL_DB") {
        return Ok(PathBuf::from(path));
    }
    let data = match env("XDG_DATA_HOME") {
        Some(data) => PathBuf::from(data),
        None => dirs::data_dir().ok_or_else(|| {
            CliError::Config(
                "Cannot find your data folder (no HOME is set). Pass --db or set PROTON_LOCAL_DB."
                    .into(),
            )
        })?,
    };
    Ok(data.join("proton-local").join("proton-local.db"))
}

/// `PROTON_LOCAL_NOW`, `PROTON_LOCAL_NEXT_ID` and `PROTON_LOCAL_QUOTA`. A bad value is one line
/// naming the variable: a configuration error on the command line, a ValidationException in a
/// server (where it came in a header).
pub fn settings(env: Env) -> Result<Settings, String> {
    let now = env("PROTON_LOCAL_NOW")
        .map(|text| {
            Timestamp::parse_rfc3339(&text).map_err(|_| {
                format!(
                    "PROTON_LOCAL_NOW '{text}' is not an RFC 3339 instant such as 2021-04-28T23:13:50.847Z."
                )
            })
        })
        .transpose()?;
    let next_id = env("PROTON_LOCAL_NEXT_ID")
        .map(|id| {
            if validate::is_connection_id(&id) {
                Ok(id)
            } else {
                Err(format!(
                    "PROTON_LOCAL_NEXT_ID '{id}' is not a connection id: 1 to 36 characters of 0-9, a-f and -."
                ))
            }
        })
        .transpose()?;
    let quota = env("PROTON_LOCAL_QUOTA")
        .map(|text| {
            text.parse::<u64>().map_err(|_| {
                format!("PROTON_LOCAL_QUOTA '{text}' is not a whole number of connections.")
            })
        })
        .transpose()?
        .unwrap_or(DEFAULT_QUOTA);
    Ok(Settings {
        now,
        next_id,
        quota,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn global(args: &[&str]) -> GlobalArgs {
        let mut argv = vec!["proton-local"];
        argv.extend(args);
        argv.extend(["get-environment-account-connection", "--id", "a"]);
        cli::Cli::parse_from(argv).global
    }

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn options_win_over_the_environment() {
        let env = env_of(&[
            ("AWS_ACCOUNT_ID", "111111111111"),
            ("AWS_REGION", "eu-west-1"),
        ]);
        let caller = resolve_caller(
            &global(&["--account-id", "222222222222", "--region", "us-east-1"]),
            &env,
        )
        .unwrap();
        assert_eq!(
            caller,
            Caller {
                account: "222222222222".into(),
                region: "us-east-1".into()
            }
        );
    }

    #[test]
    fn aws_region_wins_over_aws_default_region() {
        let env = env_of(&[
            ("AWS_ACCOUNT_ID", "111111111111"),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(
            resolve_caller(&global(&[]), &env).unwrap().region,
            "eu-west-1"
        );
        let env = env_of(&[
            ("AWS_ACCOUNT_ID", "111111111111"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(
            resolve_caller(&global(&[]), &env).unwrap().region,
            "us-west-2"
        );
    }

    #[test]
    fn the_output_format_is_the_option_then_aws_default_output_then_json() {
        let env = env_of(&[("AWS_DEFAULT_OUTPUT", "yaml-stream")]);
        assert_eq!(output_format(None, &env).unwrap(), OutputFormat::YamlStream);
        assert_eq!(
            output_format(Some(OutputFormat::Table), &env).unwrap(),
            OutputFormat::Table
        );
        assert_eq!(
            output_format(None, &env_of(&[])).unwrap(),
            OutputFormat::Json
        );
        let err = output_format(None, &env_of(&[("AWS_DEFAULT_OUTPUT", "JSON")])).unwrap_err();
        assert_eq!(err.exit_code(), 255);
        assert!(
            matches!(err, CliError::Client { message, .. } if message == "Unknown output type: JSON")
        );
    }

    #[test]
    fn the_data_folder_is_the_default_database_home() {
        let env = env_of(&[("XDG_DATA_HOME", "/data")]);
        assert_eq!(
            database_path(&global(&[]), &env).unwrap(),
            PathBuf::from("/data/proton-local/proton-local.db")
        );
        let env = env_of(&[("XDG_DATA_HOME", "/data"), ("PROTON_LOCAL_DB", "/x.db")]);
        assert_eq!(
            database_path(&global(&[]), &env).unwrap(),
            PathBuf::from("/x.db")
        );
        assert_eq!(
            database_path(&global(&["--db", "/y.db"]), &env).unwrap(),
            PathBuf::from("/y.db")
        );
    }
}
