//! CONTRACT.md sections 1-4 and 6 at the command line: exit codes and stderr of usage and
//! configuration errors, where the caller, the region and the database come from (options, then
//! the environment), global options on either side of the command, the partition in ARNs,
//! `--version`, and every `--help` text against its snapshot in tests/snapshots/help.

mod common;

use std::path::{Path, PathBuf};

use common::*;

const ID: &str = "abcdef01234567890";
const T1_OUT: &str = "2021-04-28T23:13:50.847000+00:00";
const EMPTY_LIST: &str = "{\n    \"environmentAccountConnections\": []\n}\n";

const TOP_USAGE: &str = "Usage: proton-local [OPTIONS] <COMMAND>";
/// The usage line of the command PROBE runs.
const PROBE_USAGE: &str =
    "Usage: proton-local get-environment-account-connection [OPTIONS] --id <ID>";
const ACCOUNT_REASON: &str = "an account id is exactly 12 digits, such as 111122223333";
const NO_ACCOUNT: &str = "You must specify an account. Pass --account-id or set AWS_ACCOUNT_ID.\n";
const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".\n";

/// clap's report of a usage error: the problem, the usage line, the pointer to `--help`.
fn usage_error(problem: &str, usage: &str) -> String {
    format!("error: {problem}\n\n{usage}\n\nFor more information, try '--help'.\n")
}

/// The response of a create of `env` with id `ID` at T1, by the environment account in `region`
/// with a role of the environment account in `partition`.
fn created_in(region: &str, partition: &str) -> String {
    format!(
        "{{\n    \"environmentAccountConnection\": {{\n        \
         \"arn\": \"arn:{partition}:proton:{region}:111122223333:environment-account-connection/{ID}\",\n        \
         \"status\": \"PENDING\",\n        \
         \"environmentAccountId\": \"111122223333\",\n        \
         \"environmentName\": \"env\",\n        \
         \"id\": \"{ID}\",\n        \
         \"lastModifiedAt\": \"{T1_OUT}\",\n        \
         \"managementAccountId\": \"123456789012\",\n        \
         \"requestedAt\": \"{T1_OUT}\",\n        \
         \"roleArn\": \"arn:{partition}:iam::111122223333:role/provision\"\n    }}\n}}\n"
    )
}

fn create_args(partition: &str) -> Vec<String> {
    [
        "create-environment-account-connection",
        "--environment-name",
        "env",
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        &format!("arn:{partition}:iam::111122223333:role/provision"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

// Usage errors: 252 ---------------------------------------------------------------------------

#[test]
fn unknown_command_is_a_usage_error() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["frobnicate", "--id", ID])
        .expect(
            252,
            "",
            &usage_error("unrecognized subcommand 'frobnicate'", TOP_USAGE),
        );
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn unknown_option_before_the_command_is_a_usage_error() {
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .run(&["--bogus", "get-environment-account-connection", "--id", ID])
        .expect(
            252,
            "",
            &usage_error("unexpected argument '--bogus' found", TOP_USAGE),
        );
}

#[test]
fn unknown_option_after_the_command_is_a_usage_error() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "list-environment-account-connections",
            "--requested-by",
            "ENVIRONMENT_ACCOUNT",
            "--bogus",
        ])
        .expect(
            252,
            "",
            &usage_error(
                "unexpected argument '--bogus' found",
                "Usage: proton-local list-environment-account-connections [OPTIONS] --requested-by <SIDE>",
            ),
        );
    assert_eq!(scenario.dump(), "no database");
}

/// `serve` takes its callers from each request, and `completions` prints a script: an option that
/// names a caller would be ignored, so it is refused, before or after the command name, and no
/// database is opened.
#[test]
fn serve_and_completions_refuse_the_options_that_name_a_caller() {
    let serve_usage = "Usage: proton-local serve [OPTIONS]";
    let completions_usage = "Usage: proton-local completions [OPTIONS] <SHELL>";
    let refused = |command: &str, option: &str| {
        format!(
            "{command} takes no {option}: it is an option of the commands that call the service"
        )
    };
    let cases: [(&[&str], String, &str); 10] = [
        (
            &["serve", "--account-id", ENV_ACCOUNT],
            refused("serve", "--account-id"),
            serve_usage,
        ),
        (
            &["--region", "us-east-1", "serve"],
            refused("serve", "--region"),
            serve_usage,
        ),
        (
            &["serve", "--endpoint-url", "http://127.0.0.1:4599"],
            refused("serve", "--endpoint-url"),
            serve_usage,
        ),
        (
            &["serve", "--debug"],
            refused("serve", "--debug"),
            serve_usage,
        ),
        (
            &["--no-paginate", "serve"],
            refused("serve", "--no-paginate"),
            serve_usage,
        ),
        (
            &["serve", "--cli-read-timeout", "5"],
            refused("serve", "--cli-read-timeout"),
            serve_usage,
        ),
        (
            &["serve", "--profile", "env"],
            refused("serve", "--profile"),
            serve_usage,
        ),
        (
            &["--profile", "env", "completions", "fish"],
            refused("completions", "--profile"),
            completions_usage,
        ),
        (
            &["completions", "bash", "--region", "us-east-1"],
            refused("completions", "--region"),
            completions_usage,
        ),
        (
            &["--account-id", MGMT_ACCOUNT, "completions", "zsh"],
            refused("completions", "--account-id"),
            completions_usage,
        ),
    ];
    for (args, problem, usage) in cases {
        let scenario = Scenario::new();
        scenario
            .bare()
            .run(args)
            .expect(252, "", &usage_error(&problem, usage));
        // Not the default database under HOME either.
        assert_eq!(
            std::fs::read_dir(scenario.dir()).unwrap().count(),
            0,
            "{args:?}"
        );
    }
}

#[test]
fn missing_required_option_is_a_usage_error() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["list-environment-account-connections"])
        .expect(
            252,
            "",
            &usage_error(
                "the following required arguments were not provided:\n  --requested-by <SIDE>",
                "Usage: proton-local list-environment-account-connections [OPTIONS] --requested-by <SIDE>",
            ),
        );
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["create-environment-account-connection", "--role-arn", ROLE])
        .expect(
            252,
            "",
            &usage_error(
                "the following required arguments were not provided:\n  \
                 --environment-name <NAME>\n  --management-account-id <ID>",
                "Usage: proton-local create-environment-account-connection [OPTIONS] \
                 --environment-name <NAME> --management-account-id <ID>",
            ),
        );
    assert_eq!(scenario.dump(), "no database");
}

/// A region that is not `^[a-z]{2}(-[a-z]+)+-[0-9]+$` is the AWS CLI's own refusal, before any
/// request, wherever it came from (CONTRACT.md section 2): exit 255 and, after an empty line,
/// what AWS CLI 2.9.19 prints for `--region 'us east'`.
fn bad_region(region: &str) -> String {
    format!("\nProvided region_name '{region}' doesn't match a supported format.\n")
}

#[test]
fn region_option_that_is_not_a_region_is_the_aws_cli_refusal() {
    for bad in [
        "us-east",
        "US-EAST-1",
        "useast-1",
        "us-east-1a",
        "east",
        "us east",
        "",
    ] {
        let scenario = Scenario::new();
        let mut args = vec!["--region", bad];
        args.extend(PROBE);
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&args)
            .expect(255, "", &bad_region(bad));
        assert_eq!(scenario.dump(), "no database");
    }
}

#[test]
fn account_id_option_that_is_not_12_digits_is_a_usage_error_naming_the_option() {
    for bad in ["11112222333", "1111222233334", "11112222333x"] {
        let scenario = Scenario::new();
        let mut args = vec!["--account-id", bad];
        args.extend(PROBE);
        scenario.as_account(ENV_ACCOUNT).run(&args).expect(
            252,
            "",
            &usage_error(
                &format!("invalid value '{bad}' for '--account-id <ID>': {ACCOUNT_REASON}"),
                PROBE_USAGE,
            ),
        );
        assert_eq!(scenario.dump(), "no database");
    }
}

#[test]
fn aws_region_that_is_not_a_region_is_the_aws_cli_refusal() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .env("AWS_REGION", "us-east")
        .run(&PROBE)
        .expect(255, "", &bad_region("us-east"));
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn aws_default_region_that_is_not_a_region_is_the_aws_cli_refusal() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .env_remove("AWS_REGION")
        .env("AWS_DEFAULT_REGION", "Europe")
        .run(&PROBE)
        .expect(255, "", &bad_region("Europe"));
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn aws_account_id_that_is_not_12_digits_is_a_usage_error_naming_the_variable() {
    let scenario = Scenario::new();
    scenario.as_account("1111-2222-3333").run(&PROBE).expect(
        252,
        "",
        &format!("error: invalid value '1111-2222-3333' in AWS_ACCOUNT_ID: {ACCOUNT_REASON}\n"),
    );
    assert_eq!(scenario.dump(), "no database");
}

// Configuration errors: 253 -------------------------------------------------------------------

#[test]
fn no_account_is_a_configuration_error() {
    let scenario = Scenario::new();
    scenario
        .bare()
        .env("AWS_REGION", REGION)
        .env("PROTON_LOCAL_DB", scenario.db().to_str().unwrap())
        .run(&PROBE)
        .expect(253, "", NO_ACCOUNT);
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn no_region_is_a_configuration_error() {
    let scenario = Scenario::new();
    scenario
        .bare()
        .env("AWS_ACCOUNT_ID", ENV_ACCOUNT)
        .env("PROTON_LOCAL_DB", scenario.db().to_str().unwrap())
        .run(&PROBE)
        .expect(253, "", NO_REGION);
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn neither_account_nor_region_reports_the_account_first() {
    let scenario = Scenario::new();
    scenario
        .bare()
        .env("PROTON_LOCAL_DB", scenario.db().to_str().unwrap())
        .run(&PROBE)
        .expect(253, "", NO_ACCOUNT);
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn proton_local_now_that_is_not_rfc_3339_is_a_configuration_error() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .at("yesterday")
        .run(&strs(&create_args("aws")))
        .expect(
            253,
            "",
            "PROTON_LOCAL_NOW 'yesterday' is not an RFC 3339 instant such as \
             2021-04-28T23:13:50.847Z.\n",
        );
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn proton_local_next_id_that_is_not_a_connection_id_is_a_configuration_error() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id("ABCDEF")
        .run(&strs(&create_args("aws")))
        .expect(
            253,
            "",
            "PROTON_LOCAL_NEXT_ID 'ABCDEF' is not a connection id: 1 to 36 characters of 0-9, a-f \
             and -.\n",
        );
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn proton_local_quota_that_is_not_a_whole_number_is_a_configuration_error() {
    for bad in ["many", "-1", "1.5"] {
        let scenario = Scenario::new();
        scenario
            .as_account(ENV_ACCOUNT)
            .env("PROTON_LOCAL_QUOTA", bad)
            .run(&strs(&create_args("aws")))
            .expect(
                253,
                "",
                &format!("PROTON_LOCAL_QUOTA '{bad}' is not a whole number of connections.\n"),
            );
        assert_eq!(scenario.dump(), "no database");
    }
}

// Who is calling: options, then the environment -----------------------------------------------

#[test]
fn aws_account_id_names_the_caller() {
    Scenario::new()
        .as_account(THIRD_ACCOUNT)
        .run(&PROBE)
        .expect_error(
            "ResourceNotFoundException",
            "GetEnvironmentAccountConnection",
            "Environment account connection 0 was not found in us-east-1 for account 444455556666.",
        );
}

#[test]
fn account_id_option_wins_over_aws_account_id() {
    let mut args = vec!["--account-id", THIRD_ACCOUNT];
    args.extend(PROBE);
    Scenario::new().as_account(ENV_ACCOUNT).run(&args).expect(
        254,
        "",
        &not_found_as(REGION, THIRD_ACCOUNT),
    );
}

#[test]
fn region_option_wins_over_aws_region_and_aws_default_region() {
    let mut args = vec!["--region", "ap-southeast-2"];
    args.extend(PROBE);
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .run(&args)
        .expect(254, "", &not_found_as("ap-southeast-2", ENV_ACCOUNT));
}

#[test]
fn aws_region_wins_over_aws_default_region() {
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .run(&PROBE)
        .expect(254, "", &not_found_as("eu-west-1", ENV_ACCOUNT));
}

#[test]
fn aws_default_region_is_the_region_when_aws_region_is_unset() {
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .env_remove("AWS_REGION")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .run(&PROBE)
        .expect(254, "", &not_found_as("us-west-2", ENV_ACCOUNT));
}

// Where the database is -----------------------------------------------------------------------

const LIST: [&str; 3] = [
    "list-environment-account-connections",
    "--requested-by",
    "ENVIRONMENT_ACCOUNT",
];

/// The four places a database can be, in a scenario whose HOME is its own folder.
struct Places {
    option: PathBuf,
    variable: PathBuf,
    xdg: PathBuf,
    home: PathBuf,
}

impl Places {
    fn of(scenario: &Scenario) -> Places {
        let dir = scenario.dir();
        Places {
            option: dir.join("option/dir/option.db"),
            variable: dir.join("variable/dir/variable.db"),
            xdg: dir.join("xdg/proton-local/proton-local.db"),
            home: dir.join(".local/share/proton-local/proton-local.db"),
        }
    }

    /// Which of the four exist.
    fn existing(&self) -> [bool; 4] {
        [&self.option, &self.variable, &self.xdg, &self.home].map(|path| path.exists())
    }
}

fn caller(scenario: &Scenario) -> Run {
    scenario
        .bare()
        .env("AWS_ACCOUNT_ID", ENV_ACCOUNT)
        .env("AWS_REGION", REGION)
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn db_option_wins_over_proton_local_db_and_the_data_folder() {
    let scenario = Scenario::new();
    let places = Places::of(&scenario);
    let mut args = vec!["--db", path_str(&places.option)];
    args.extend(LIST);
    caller(&scenario)
        .env("PROTON_LOCAL_DB", path_str(&places.variable))
        .env("XDG_DATA_HOME", path_str(&scenario.dir().join("xdg")))
        .run(&args)
        .expect(0, EMPTY_LIST, "");
    assert_eq!(places.existing(), [true, false, false, false]);
}

#[test]
fn proton_local_db_wins_over_the_data_folder() {
    let scenario = Scenario::new();
    let places = Places::of(&scenario);
    caller(&scenario)
        .env("PROTON_LOCAL_DB", path_str(&places.variable))
        .env("XDG_DATA_HOME", path_str(&scenario.dir().join("xdg")))
        .run(&LIST)
        .expect(0, EMPTY_LIST, "");
    assert_eq!(places.existing(), [false, true, false, false]);
}

#[test]
fn xdg_data_home_wins_over_home() {
    let scenario = Scenario::new();
    let places = Places::of(&scenario);
    caller(&scenario)
        .env("XDG_DATA_HOME", path_str(&scenario.dir().join("xdg")))
        .run(&LIST)
        .expect(0, EMPTY_LIST, "");
    assert_eq!(places.existing(), [false, false, true, false]);
}

#[test]
fn without_any_setting_the_database_is_under_home_local_share() {
    let scenario = Scenario::new();
    let places = Places::of(&scenario);
    caller(&scenario).run(&LIST).expect(0, EMPTY_LIST, "");
    assert_eq!(places.existing(), [false, false, false, true]);
}

#[test]
fn the_database_is_shared_by_the_commands_that_name_it_the_same_way() {
    let scenario = Scenario::new();
    let places = Places::of(&scenario);
    let mut create = vec!["--db".to_string(), path_str(&places.option).to_string()];
    create.extend(create_args("aws"));
    caller(&scenario)
        .at(T1)
        .with_id(ID)
        .run(&strs(&create))
        .expect(0, &created_in(REGION, "aws"), "");
    caller(&scenario)
        .env("PROTON_LOCAL_DB", path_str(&places.option))
        .run(&["get-environment-account-connection", "--id", ID])
        .expect(0, &created_in(REGION, "aws"), "");
}

// Global options on either side of the command ------------------------------------------------

/// Builds a command line around the database path it is given.
type Placement = fn(&str) -> Vec<String>;

#[test]
fn global_options_are_accepted_before_and_after_the_command() {
    let placements: [(&str, Placement); 4] = [
        ("before", |db| {
            let mut args = strs_owned(&[
                "--account-id",
                ENV_ACCOUNT,
                "--region",
                "eu-west-1",
                "--db",
                db,
                "--output",
                "json",
            ]);
            args.extend(create_args("aws"));
            args
        }),
        ("after", |db| {
            let mut args = create_args("aws");
            args.extend(strs_owned(&[
                "--account-id",
                ENV_ACCOUNT,
                "--region",
                "eu-west-1",
                "--db",
                db,
                "--output",
                "json",
            ]));
            args
        }),
        ("between the command's options", |db| {
            let mut args = create_args("aws");
            let tail = args.split_off(3);
            args.extend(strs_owned(&["--region", "eu-west-1", "--db", db]));
            args.extend(tail);
            args.extend(strs_owned(&["--account-id", ENV_ACCOUNT]));
            args
        }),
        ("on both sides", |db| {
            let mut args = strs_owned(&["--region", "eu-west-1", "--output", "json"]);
            args.extend(create_args("aws"));
            args.extend(strs_owned(&["--db", db, "--account-id", ENV_ACCOUNT]));
            args
        }),
    ];
    for (placement, args) in placements {
        let scenario = Scenario::new();
        let db = scenario.dir().join("placed.db");
        // The environment names another account, region and database: the options must win.
        let out = scenario
            .as_account(THIRD_ACCOUNT)
            .in_region("us-west-2")
            .at(T1)
            .with_id(ID)
            .run(&strs(&args(path_str(&db))));
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (0, created_in("eu-west-1", "aws").as_str(), ""),
            "global options {placement}"
        );
        assert!(db.exists(), "global options {placement}: --db is used");
        assert_eq!(scenario.dump(), "no database", "global options {placement}");
    }
}

fn strs_owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

// The partition follows the region ------------------------------------------------------------

#[test]
fn connections_in_cn_regions_have_aws_cn_arns() {
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .in_region("cn-north-1")
        .at(T1)
        .with_id(ID)
        .run(&strs(&create_args("aws-cn")))
        .expect(0, &created_in("cn-north-1", "aws-cn"), "");
}

#[test]
fn connections_in_us_gov_regions_have_aws_us_gov_arns() {
    Scenario::new()
        .as_account(ENV_ACCOUNT)
        .in_region("us-gov-west-1")
        .at(T1)
        .with_id(ID)
        .run(&strs(&create_args("aws-us-gov")))
        .expect(0, &created_in("us-gov-west-1", "aws-us-gov"), "");
}

#[test]
fn connections_in_other_regions_have_aws_arns() {
    for region in ["us-east-1", "eu-west-1", "ap-southeast-2"] {
        Scenario::new()
            .as_account(ENV_ACCOUNT)
            .in_region(region)
            .at(T1)
            .with_id(ID)
            .run(&strs(&create_args("aws")))
            .expect(0, &created_in(region, "aws"), "");
    }
}

#[test]
fn access_denied_names_the_principal_in_the_partition_of_the_region() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region("cn-north-1")
        .at(T1)
        .with_id(ID)
        .run(&strs(&create_args("aws-cn")))
        .json();
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region("cn-north-1")
        .run(&["accept-environment-account-connection", "--id", ID])
        .expect_error(
            "AccessDeniedException",
            "AcceptEnvironmentAccountConnection",
            "User: arn:aws-cn:iam::111122223333:root is not authorized to perform: \
             proton:AcceptEnvironmentAccountConnection on resource: \
             arn:aws-cn:proton:cn-north-1:111122223333:environment-account-connection/abcdef01234567890 \
             (only the management account 123456789012 can accept or reject this connection)",
        );
}

// --version and --help ------------------------------------------------------------------------

#[test]
fn version_prints_the_name_and_version() {
    let expected = format!("proton-local {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-V"] {
        Scenario::new().bare().run(&[flag]).expect(0, &expected, "");
    }
}

/// Every command, as its help snapshot is named: read from the command line's own definition, so
/// a new command can't go without a snapshot.
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    proton_local::cli::Cli::command()
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .collect()
}

/// Compares `args`' help with tests/snapshots/help/`name`.txt, or writes the snapshot when
/// SNAPSHOTS=overwrite.
#[track_caller]
fn check_help(name: &str, args: &[&str]) {
    let out = Scenario::new().bare().run(args);
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, ""),
        "{args:?}: exit code and stderr"
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots/help")
        .join(format!("{name}.txt"));
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &out.stdout).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "snapshot {} must be readable ({err}); run with SNAPSHOTS=overwrite to write it",
            path.display()
        )
    });
    assert_eq!(out.stdout, expected, "{args:?} against {}", path.display());
}

#[test]
fn top_level_help_matches_its_snapshot() {
    check_help("proton-local", &["--help"]);
}

#[test]
fn every_command_help_matches_its_snapshot() {
    for command in commands() {
        check_help(&command, &[&command, "--help"]);
    }
}

/// `wait`'s subcommands, one a waiter, each with its snapshot `wait-<name>`.
#[test]
fn every_waiter_help_matches_its_snapshot() {
    use clap::CommandFactory;
    let cli = proton_local::cli::Cli::command();
    let wait = cli.find_subcommand("wait").expect("wait is a command");
    let waiters: Vec<String> = wait
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .collect();
    assert!(!waiters.is_empty());
    for waiter in waiters {
        check_help(&format!("wait-{waiter}"), &["wait", &waiter, "--help"]);
    }
}

#[test]
fn help_command_prints_the_same_help_as_the_help_option() {
    for command in commands() {
        check_help(&command, &["help", &command]);
    }
    check_help("proton-local", &["help"]);
}

#[test]
fn help_ignores_the_environment() {
    // No account, region or database is needed for help, and a bad one does not matter.
    let out = Scenario::new()
        .bare()
        .env("AWS_REGION", "nowhere")
        .env("AWS_ACCOUNT_ID", "x")
        .env("PROTON_LOCAL_NOW", "never")
        .run(&["get-environment-account-connection", "--help"]);
    let plain = Scenario::new()
        .bare()
        .run(&["get-environment-account-connection", "--help"]);
    assert_eq!(out, plain);
    assert_eq!(out.code, 0);
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let out = assert_cmd::Command::cargo_bin("proton-local")
        .unwrap()
        .arg("get-environment-account-connection")
        .arg("--id")
        .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe"))
        .env_remove("AWS_ACCOUNT_ID")
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (
            Some(252),
            "",
            "error: invalid UTF-8 was detected in one or more arguments\n\n\
             Usage: proton-local get-environment-account-connection [OPTIONS] --id <ID>\n\n\
             For more information, try '--help'.\n"
        )
    );
}

/// The AWS CLI's `COMMAND help`: the same text as `--help`, right after the command's name or
/// last on the line; `help` as an option's value stays a value.
#[test]
fn the_word_help_after_a_command_shows_its_help() {
    let scenario = Scenario::new();
    let help = scenario
        .bare()
        .run(&["get-environment-account-connection", "--help"]);
    assert_eq!(help.code, 0);
    for args in [
        &["get-environment-account-connection", "help"][..],
        &["get-environment-account-connection", "--id", "x", "help"][..],
        &[
            "--region",
            "us-east-1",
            "get-environment-account-connection",
            "help",
        ][..],
    ] {
        scenario.bare().run(args).expect(0, &help.stdout, "");
    }
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["list-environment-account-connections", "--requested-by", "help"])
        .expect_error(
            "ValidationException",
            "ListEnvironmentAccountConnections",
            "1 validation error detected: Value 'help' at 'requestedBy' failed to satisfy constraint: \
             Member must satisfy enum value set: [MANAGEMENT_ACCOUNT, ENVIRONMENT_ACCOUNT]",
        );
}

/// `--debug` logs each step on stderr in the AWS CLI's layout, and changes nothing on stdout.
#[test]
fn debug_logs_the_caller_the_database_and_each_call() {
    let scenario = Scenario::new();
    let quiet = scenario.as_account(ENV_ACCOUNT).run(&PROBE);
    let logged = scenario
        .as_account(ENV_ACCOUNT)
        .run(&[PROBE[0], PROBE[1], PROBE[2], "--debug"]);
    assert_eq!((logged.code, &logged.stdout), (quiet.code, &quiet.stdout));
    let line = regex::Regex::new(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - (proton-local\.[a-z]+) - DEBUG - (.*)$",
    )
    .unwrap();
    let db = scenario.db().display().to_string();
    let steps: Vec<(String, String)> = logged
        .stderr
        .lines()
        .take_while(|text| !text.is_empty())
        .map(|text| {
            let found = line.captures(text).unwrap_or_else(|| panic!("{text}"));
            let what = regex::Regex::new(r"\d+\.\d ms")
                .unwrap()
                .replace(&found[2], "N ms");
            (found[1].to_string(), what.into_owned())
        })
        .collect();
    assert_eq!(
        steps,
        [
            (
                "proton-local.config",
                "caller: account 111122223333, region us-east-1".to_string()
            ),
            (
                "proton-local.store",
                format!("database {db} opened in N ms")
            ),
            (
                "proton-local.service",
                r#"GetEnvironmentAccountConnection {"id":"0"}"#.to_string()
            ),
            (
                "proton-local.service",
                format!(
                    "GetEnvironmentAccountConnection refused ({}) in N ms",
                    not_found_message()
                ),
            ),
        ]
        .map(|(place, what)| (place.to_string(), what))
    );
    // After the log, the refusal as without it.
    assert!(logged.stderr.ends_with(&quiet.stderr), "{}", logged.stderr);
}

fn not_found_message() -> String {
    "Environment account connection 0 was not found in us-east-1 for account 111122223333."
        .to_string()
}

/// The AWS CLI's other global options are accepted: the pager and TLS ones change nothing here.
#[test]
fn the_aws_clis_pager_and_tls_options_are_accepted() {
    let scenario = Scenario::new();
    let plain = scenario.as_account(ENV_ACCOUNT).run(&PROBE);
    let mut args = PROBE.to_vec();
    args.extend([
        "--no-cli-pager",
        "--no-verify-ssl",
        "--ca-bundle",
        "/nonexistent/ca.pem",
        "--cli-read-timeout",
        "5",
        "--cli-connect-timeout",
        "0",
    ]);
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&args)
        .expect(plain.code, &plain.stdout, &plain.stderr);
}

/// `--cli-read-timeout` bounds the wait for a server that never answers: exit 255, one line.
#[test]
fn a_server_that_never_answers_times_out_after_cli_read_timeout() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let started = std::time::Instant::now();
    let out = Scenario::new().as_account(ENV_ACCOUNT).run(&[
        "--endpoint-url",
        &url,
        "--cli-read-timeout",
        "1",
        PROBE[0],
        PROBE[1],
        PROBE[2],
    ]);
    let waited = started.elapsed();
    assert_eq!((out.code, out.stdout.as_str()), (255, ""));
    assert!(
        out.stderr.starts_with(&format!(
            "proton-local: Could not connect to the endpoint URL: \"{url}\" ("
        )),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        waited >= std::time::Duration::from_secs(1) && waited < std::time::Duration::from_secs(30),
        "{waited:?}"
    );
    drop(silent);
}
