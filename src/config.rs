//! Where an invocation's settings come from: options first, then environment variables, then the
//! AWS CLI profile, then defaults (CONTRACT.md sections 2, 3 and 4). Nothing here touches the
//! database.

use std::path::PathBuf;

use crate::aws_config::{self, Profiles, Section, Value};
use crate::cli::{self, GlobalArgs, OutputFormat};
use crate::client::Retries;
use crate::error::{CliError, EXIT_LOCAL, EXIT_USAGE};
use crate::output::{Query, Style};
use crate::service::{
    validate, Caller, Settings, Timestamp, DEFAULT_ENVIRONMENT_QUOTA, DEFAULT_QUOTA,
    DEFAULT_TEMPLATE_QUOTA,
};

/// The environment, as a function so that tests can hand in their own. Empty values count as
/// unset, as they do for the AWS CLI.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// The AWS CLI profile an invocation reads: `--profile`, else `AWS_PROFILE`, else
/// `AWS_DEFAULT_PROFILE` (botocore's order), else `[default]` when there is one. Both files are
/// read, and refused if botocore would refuse them, whether or not a setting is then taken from
/// them, as the AWS CLI does.
#[derive(Debug)]
pub struct Profile {
    /// The name asked for; None: the default profile, which need not exist.
    name: Option<String>,
    /// `--profile` was given: the AWS CLI then takes credentials from the profile rather than
    /// from `AWS_ACCESS_KEY_ID` (botocore's credential chain drops its environment provider).
    from_option: bool,
    section: Option<Section>,
}

impl Profile {
    pub fn load(global: &GlobalArgs, env: Env) -> Result<Profile, CliError> {
        let home = || env("HOME").map(PathBuf::from).or_else(dirs::home_dir);
        let path = |variable: &str, default: &str| {
            let path = env(variable).unwrap_or_else(|| default.to_string());
            aws_config::expand_path(&path, env, home())
        };
        let profiles = Profiles::load(
            &path("AWS_CONFIG_FILE", "~/.aws/config"),
            &path("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
        )
        .map_err(|failure| {
            CliError::aws_cli(format!(
                "Unable to parse config file: {}",
                failure.path.display()
            ))
        })?;
        let name = global
            .profile
            .clone()
            .or_else(|| env("AWS_PROFILE"))
            .or_else(|| env("AWS_DEFAULT_PROFILE"));
        let section = profiles.get(name.as_deref().unwrap_or("default")).cloned();
        Ok(Profile {
            name,
            from_option: global.profile.is_some(),
            section,
        })
    }

    /// A named profile must exist, whether or not anything is taken from it.
    fn check_exists(&self) -> Result<(), CliError> {
        match (&self.name, &self.section) {
            (Some(name), None) => Err(CliError::aws_cli(format!(
                "The config profile ({name}) could not be found"
            ))),
            _ => Ok(()),
        }
    }

    /// One of the profile's keys, when it has a (non-empty) value.
    fn value(&self, key: &str) -> Result<Option<&str>, CliError> {
        self.check_exists()?;
        Ok(
            match self.section.as_ref().and_then(|section| section.get(key)) {
                Some(Value::Text(text)) if !text.is_empty() => Some(text),
                _ => None,
            },
        )
    }

    /// The profile's `output`, for the output layer: `--output` and `AWS_DEFAULT_OUTPUT` come
    /// before it.
    pub fn output(&self) -> Result<Option<&str>, CliError> {
        self.value("output")
    }

    fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("default")
    }
}

/// The calling account and region (CONTRACT.md section 2): options, then the environment, then the
/// profile. The errors come in the AWS CLI's order: a malformed region from an option or a variable,
/// then a profile that does not exist, then the account, then the profile's region.
pub fn resolve_caller(
    global: &GlobalArgs,
    profile: &Profile,
    env: Env,
) -> Result<Caller, CliError> {
    let given_region = global
        .region
        .clone()
        .or_else(|| env("AWS_REGION"))
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .map(checked_region)
        .transpose()?;
    profile.check_exists()?;
    let account = match &global.account_id {
        Some(account) => Some(account.clone()),
        None => match from_env(env, "AWS_ACCOUNT_ID", cli::parse_account_id)? {
            Some(account) => Some(account),
            None => match profile.value("aws_account_id")? {
                Some(value) => Some(cli::parse_account_id(value).map_err(|reason| {
                    CliError::BadValue(format!(
                        "invalid value '{value}' for aws_account_id in profile {}: {reason}",
                        profile.name()
                    ))
                })?),
                None => access_key_account(profile, env)?,
            },
        },
    };
    let account = account.ok_or_else(|| {
        CliError::Config(
            "You must specify an account. Pass --account-id or set AWS_ACCOUNT_ID.".into(),
        )
    })?;
    let region = match given_region {
        Some(region) => region,
        None => match profile.value("region")? {
            Some(region) => checked_region(region.to_string())?,
            None => {
                return Err(CliError::Config(
                    "You must specify a region. You can also configure your region by running \"aws configure\"."
                        .into(),
                ))
            }
        },
    };
    Ok(Caller { account, region })
}

/// The access key id the AWS CLI would sign with is the account when it is 12 digits, as `serve`
/// reads it (CONTRACT.md section 12); any other key id names no account.
fn access_key_account(profile: &Profile, env: Env) -> Result<Option<String>, CliError> {
    let key = match env("AWS_ACCESS_KEY_ID").filter(|_| !profile.from_option) {
        Some(key) => Some(key),
        None => profile.value("aws_access_key_id")?.map(str::to_string),
    };
    Ok(key.filter(|key| validate::is_account_id(key)))
}

/// A region, wherever it came from, matches the contract's pattern, or the AWS CLI refuses it.
fn checked_region(region: String) -> Result<String, CliError> {
    cli::parse_region(&region).map_err(|_| {
        CliError::aws_cli(format!(
            "Provided region_name '{region}' doesn't match a supported format."
        ))
    })
}

/// Where `--endpoint-url` would send the command: the option, `AWS_ENDPOINT_URL_PROTON`,
/// `AWS_ENDPOINT_URL`, then the profile's `endpoint_url`. None: the local database.
pub fn endpoint(
    global: &GlobalArgs,
    profile: &Profile,
    env: Env,
) -> Result<Option<String>, CliError> {
    if let Some(url) = global
        .endpoint_url
        .clone()
        .or_else(|| env("AWS_ENDPOINT_URL_PROTON"))
        .or_else(|| env("AWS_ENDPOINT_URL"))
    {
        return Ok(Some(url));
    }
    Ok(profile.value("endpoint_url")?.map(str::to_string))
}

/// How a client retries (`--endpoint-url`): `AWS_MAX_ATTEMPTS` or the profile's `max_attempts`,
/// `AWS_RETRY_MODE` or its `retry_mode`, refused in the AWS CLI's words (the attempts first, as it
/// checks them).
pub fn retries(profile: &Profile, env: Env) -> Result<Retries, CliError> {
    let mut retries = Retries::default();
    let attempts = match env("AWS_MAX_ATTEMPTS") {
        Some(text) => Some(text),
        None => profile.value("max_attempts")?.map(str::to_string),
    };
    if let Some(text) = attempts {
        // Python's int(): surrounding blanks, a sign and digits.
        let number: i64 = text.trim().parse().map_err(|_| {
            CliError::aws_cli(format!("invalid literal for int() with base 10: '{text}'"))
        })?;
        retries.max_attempts = u32::try_from(number)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                CliError::aws_cli(format!(
                    "Value provided to \"max_attempts\": {number} must be an integer greater \
                     than or equal to one."
                ))
            })?;
    }
    let mode = match env("AWS_RETRY_MODE") {
        Some(text) => Some(text),
        None => profile.value("retry_mode")?.map(str::to_string),
    };
    match mode.as_deref() {
        None | Some("standard" | "adaptive") => Ok(retries),
        Some(other) => Err(CliError::aws_cli(format!(
            "Invalid value provided to \"mode\": \"{other}\" must be one of: \"standard\" or \
             \"adaptive\""
        ))),
    }
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
    // A profile that can't be read is the command's to report, in the AWS CLI's order.
    let profile = Profile::load(global, env).ok();
    let profile_output = profile
        .as_ref()
        .and_then(|profile| profile.output().ok().flatten());
    Ok(Style {
        format: output_format(global.output, profile_output, env)?,
        query,
        color: global.color.unwrap_or_default(),
    })
}

/// `--output`, then `AWS_DEFAULT_OUTPUT`, then the profile's `output`, then json, as the AWS
/// CLI's output chain. An unknown name in the variable or the profile is the AWS CLI's `Unknown
/// output type` (exit 255); it is refused before the command runs, so that nothing is written by
/// a command whose reply can't be printed.
pub fn output_format(
    option: Option<OutputFormat>,
    profile: Option<&str>,
    env: Env,
) -> Result<OutputFormat, CliError> {
    if let Some(format) = option {
        return Ok(format);
    }
    if let Some(name) = env("AWS_DEFAULT_OUTPUT").or(profile.map(str::to_string)) {
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

/// `PROTON_LOCAL_NOW`, `PROTON_LOCAL_NEXT_ID`, `PROTON_LOCAL_QUOTA`,
/// `PROTON_LOCAL_TEMPLATE_QUOTA` and `PROTON_LOCAL_ENVIRONMENT_QUOTA`. A bad value is one line
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
    let template_quota = env("PROTON_LOCAL_TEMPLATE_QUOTA")
        .map(|text| {
            text.parse::<u64>().map_err(|_| {
                format!("PROTON_LOCAL_TEMPLATE_QUOTA '{text}' is not a whole number of templates.")
            })
        })
        .transpose()?
        .unwrap_or(DEFAULT_TEMPLATE_QUOTA);
    let environment_quota = env("PROTON_LOCAL_ENVIRONMENT_QUOTA")
        .map(|text| {
            text.parse::<u64>().map_err(|_| {
                format!(
                    "PROTON_LOCAL_ENVIRONMENT_QUOTA '{text}' is not a whole number of environments."
                )
            })
        })
        .transpose()?
        .unwrap_or(DEFAULT_ENVIRONMENT_QUOTA);
    Ok(Settings {
        now,
        next_id,
        quota,
        template_quota,
        environment_quota,
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

    /// resolve_caller with no profile files at all (never the real ~/.aws).
    fn caller_of(
        global: &GlobalArgs,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Caller, CliError> {
        let env = |name: &str| match name {
            "AWS_CONFIG_FILE" | "AWS_SHARED_CREDENTIALS_FILE" => {
                Some("/nonexistent/proton-local".to_string())
            }
            _ => env(name),
        };
        let profile = Profile::load(global, &env)?;
        resolve_caller(global, &profile, &env)
    }

    /// The hook for the output layer: the named profile's `output`, the default profile's when
    /// none is named, and the AWS CLI's refusal when the named one does not exist.
    #[test]
    fn the_profiles_output_is_there_for_the_output_layer() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            "[default]\noutput = table\n[profile t]\noutput = text\n",
        )
        .unwrap();
        let config = config.to_str().unwrap().to_string();
        let output = |args: &[&str], profile_variable: Option<&str>| {
            let env = |name: &str| match name {
                "AWS_CONFIG_FILE" => Some(config.clone()),
                "AWS_SHARED_CREDENTIALS_FILE" => Some("/nonexistent/proton-local".to_string()),
                "AWS_PROFILE" => profile_variable.map(str::to_string),
                _ => None,
            };
            Profile::load(&global(args), &env)
                .and_then(|profile| profile.output().map(|o| o.map(str::to_string)))
        };
        assert_eq!(output(&[], None).unwrap().as_deref(), Some("table"));
        assert_eq!(
            output(&["--profile", "t"], None).unwrap().as_deref(),
            Some("text")
        );
        assert_eq!(output(&[], Some("t")).unwrap().as_deref(), Some("text"));
        match output(&["--profile", "nope"], None) {
            Err(CliError::Client { exit: 255, message }) => {
                assert_eq!(message, "The config profile (nope) could not be found")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn options_win_over_the_environment() {
        let env = env_of(&[
            ("AWS_ACCOUNT_ID", "111111111111"),
            ("AWS_REGION", "eu-west-1"),
        ]);
        let caller = caller_of(
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
        assert_eq!(caller_of(&global(&[]), &env).unwrap().region, "eu-west-1");
        let env = env_of(&[
            ("AWS_ACCOUNT_ID", "111111111111"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
        ]);
        assert_eq!(caller_of(&global(&[]), &env).unwrap().region, "us-west-2");
    }

    #[test]
    fn the_output_format_is_the_option_then_aws_default_output_then_json() {
        let env = env_of(&[("AWS_DEFAULT_OUTPUT", "yaml-stream")]);
        assert_eq!(
            output_format(None, None, &env).unwrap(),
            OutputFormat::YamlStream
        );
        assert_eq!(
            output_format(Some(OutputFormat::Table), None, &env).unwrap(),
            OutputFormat::Table
        );
        assert_eq!(
            output_format(None, None, &env_of(&[])).unwrap(),
            OutputFormat::Json
        );
        let err =
            output_format(None, None, &env_of(&[("AWS_DEFAULT_OUTPUT", "JSON")])).unwrap_err();
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
