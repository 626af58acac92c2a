//! CONTRACT.md section 2 with AWS CLI profiles: `--profile`, `AWS_PROFILE`, the config and
//! credentials files (in a temporary HOME, never the real ~/.aws), each rung of the account, region
//! and endpoint ladders winning over the next, and the AWS CLI's own refusals (a profile that does
//! not exist, a file it can't parse, a malformed region), whose bytes and exit codes are AWS CLI
//! 2.9.19's.

mod common;

use std::path::PathBuf;

use common::*;

const ID: &str = "abcdef01234567890";
const T1_OUT: &str = "2021-04-28T23:13:50.847000+00:00";
const T2_OUT: &str = "2021-04-28T23:15:33.486000+00:00";
const NO_ACCOUNT: &str = "You must specify an account. Pass --account-id or set AWS_ACCOUNT_ID.\n";
const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".\n";

/// What AWS CLI 2.9.19 prints for `--profile NAME` when no file names that profile.
fn no_profile(name: &str) -> String {
    format!("\nThe config profile ({name}) could not be found\n")
}

fn unparsable(path: &str) -> String {
    format!("\nUnable to parse config file: {path}\n")
}

fn bad_region(region: &str) -> String {
    format!("\nProvided region_name '{region}' doesn't match a supported format.\n")
}

/// A scenario with a config file and a credentials file of its own, named by AWS_CONFIG_FILE and
/// AWS_SHARED_CREDENTIALS_FILE.
struct Files {
    scenario: Scenario,
}

impl Files {
    fn new(config: &str, credentials: &str) -> Files {
        let scenario = Scenario::new();
        std::fs::write(scenario.dir().join("config"), config).unwrap();
        std::fs::write(scenario.dir().join("credentials"), credentials).unwrap();
        Files { scenario }
    }

    fn path(&self, name: &str) -> String {
        self.scenario.dir().join(name).to_str().unwrap().to_string()
    }

    /// A command with nothing set but the two files and the database.
    fn run(&self) -> Run {
        self.scenario
            .bare()
            .env("AWS_CONFIG_FILE", &self.path("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", &self.path("credentials"))
            .env("PROTON_LOCAL_DB", self.scenario.db().to_str().unwrap())
    }
}

/// Two profiles as a team would write them: `env` names its account, `mgmt` signs with a 12-digit
/// access key id in the credentials file; `[default]` is a third account in another region.
const CONFIG: &str = "\
# proton-local and the AWS CLI read the same file
[default]
region = ap-southeast-2
aws_account_id = 444455556666

[profile env]
region = us-east-1
aws_account_id = 111122223333

[profile mgmt]
region = us-east-1
";
const CREDENTIALS: &str = "\
[mgmt]
aws_access_key_id = 123456789012
aws_secret_access_key = unused
";

// Which profile -------------------------------------------------------------------------------

#[test]
fn without_a_profile_named_the_default_profile_is_the_caller() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files
        .run()
        .run(&PROBE)
        .expect(254, "", &not_found_as("ap-southeast-2", THIRD_ACCOUNT));
}

#[test]
fn profile_option_names_the_profile() {
    let files = Files::new(CONFIG, CREDENTIALS);
    let mut args = vec!["--profile", "env"];
    args.extend(PROBE);
    files
        .run()
        .run(&args)
        .expect(254, "", &not_found_as(REGION, ENV_ACCOUNT));
    // After the command name too.
    let mut args = PROBE.to_vec();
    args.extend(["--profile", "mgmt"]);
    files
        .run()
        .run(&args)
        .expect(254, "", &not_found_as(REGION, MGMT_ACCOUNT));
}

#[test]
fn aws_profile_names_the_profile() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files.run().env("AWS_PROFILE", "env").run(&PROBE).expect(
        254,
        "",
        &not_found_as(REGION, ENV_ACCOUNT),
    );
}

#[test]
fn profile_option_wins_over_aws_profile() {
    let files = Files::new(CONFIG, CREDENTIALS);
    let mut args = vec!["--profile", "mgmt"];
    args.extend(PROBE);
    files.run().env("AWS_PROFILE", "env").run(&args).expect(
        254,
        "",
        &not_found_as(REGION, MGMT_ACCOUNT),
    );
}

/// botocore's order: AWS_PROFILE, then AWS_DEFAULT_PROFILE.
#[test]
fn aws_profile_wins_over_aws_default_profile() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files
        .run()
        .env("AWS_PROFILE", "env")
        .env("AWS_DEFAULT_PROFILE", "mgmt")
        .run(&PROBE)
        .expect(254, "", &not_found_as(REGION, ENV_ACCOUNT));
    files
        .run()
        .env("AWS_DEFAULT_PROFILE", "mgmt")
        .run(&PROBE)
        .expect(254, "", &not_found_as(REGION, MGMT_ACCOUNT));
}

#[test]
fn the_files_default_to_dot_aws_in_home() {
    let scenario = Scenario::new();
    let aws = scenario.dir().join(".aws");
    std::fs::create_dir(&aws).unwrap();
    std::fs::write(aws.join("config"), CONFIG).unwrap();
    std::fs::write(aws.join("credentials"), CREDENTIALS).unwrap();
    let mut args = vec!["--profile", "mgmt"];
    args.extend(PROBE);
    scenario
        .bare()
        .env("PROTON_LOCAL_DB", scenario.db().to_str().unwrap())
        .run(&args)
        .expect(254, "", &not_found_as(REGION, MGMT_ACCOUNT));
}

/// Sections and keys as botocore reads them: `[profile NAME]` (quoted when it has spaces) and
/// `[default]` are profiles, other sections are not; keys are case-insensitive, `:` works as `=`,
/// whole-line comments are skipped, and `[DEFAULT]` lies under every section.
#[test]
fn the_files_are_read_as_the_aws_cli_reads_them() {
    let files = Files::new(
        "[DEFAULT]\nregion = eu-west-1\n\n\
         [profile \"two words\"]\n  ; a comment\nAWS_ACCOUNT_ID: 111122223333\n\
         [Profile env]\naws_account_id = 123456789012\n",
        "",
    );
    let mut args = vec!["--profile", "two words"];
    args.extend(PROBE);
    files
        .run()
        .run(&args)
        .expect(254, "", &not_found_as(OTHER_REGION, ENV_ACCOUNT));
    let mut args = vec!["--profile", "env"];
    args.extend(PROBE);
    files.run().run(&args).expect(255, "", &no_profile("env"));
}

// A profile that does not exist, a file that can't be read ------------------------------------

#[test]
fn a_named_profile_that_does_not_exist_is_the_aws_cli_refusal() {
    let files = Files::new(CONFIG, CREDENTIALS);
    let mut args = vec!["--profile", "nope"];
    args.extend(PROBE);
    files.run().run(&args).expect(255, "", &no_profile("nope"));
    files
        .run()
        .env("AWS_PROFILE", "nope")
        .run(&PROBE)
        .expect(255, "", &no_profile("nope"));
    // Even when the options and the environment say everything.
    let mut args = vec![
        "--profile",
        "nope",
        "--account-id",
        ENV_ACCOUNT,
        "--region",
        REGION,
    ];
    args.extend(PROBE);
    files.run().run(&args).expect(255, "", &no_profile("nope"));
    assert_eq!(files.scenario.dump(), "no database");
}

#[test]
fn default_named_is_a_profile_that_must_exist() {
    let files = Files::new("[profile env]\nregion = us-east-1\n", "");
    let mut args = vec!["--profile", "default", "--account-id", ENV_ACCOUNT];
    args.extend(PROBE);
    files
        .run()
        .run(&args)
        .expect(255, "", &no_profile("default"));
    // Unnamed, a missing [default] is no error.
    files
        .run()
        .env("AWS_ACCOUNT_ID", ENV_ACCOUNT)
        .run(&PROBE)
        .expect(253, "", NO_REGION);
}

#[test]
fn a_profile_only_in_the_credentials_file_exists() {
    let files = Files::new("", CREDENTIALS);
    let mut args = vec!["--profile", "mgmt", "--region", REGION];
    args.extend(PROBE);
    files
        .run()
        .run(&args)
        .expect(254, "", &not_found_as(REGION, MGMT_ACCOUNT));
}

/// The AWS CLI checks a region given by an option or a variable before it looks for the profile.
#[test]
fn a_malformed_region_is_reported_before_a_missing_profile() {
    let files = Files::new(CONFIG, CREDENTIALS);
    let mut args = vec!["--profile", "nope", "--region", "us east"];
    args.extend(PROBE);
    files
        .run()
        .run(&args)
        .expect(255, "", &bad_region("us east"));
}

#[test]
fn a_config_file_the_aws_cli_cant_parse_is_its_refusal() {
    for bad in [
        "region = us-east-1\n",
        "[default]\nregion us-east-1\n",
        "[default]\nregion = us-east-1\n[default]\noutput = json\n",
        "[default]\nregion = us-east-1\nRegion = us-east-2\n",
    ] {
        let files = Files::new(bad, CREDENTIALS);
        // Refused even when nothing would be taken from it.
        let mut args = vec!["--account-id", ENV_ACCOUNT, "--region", REGION];
        args.extend(PROBE);
        files
            .run()
            .run(&args)
            .expect(255, "", &unparsable(&files.path("config")));
        assert_eq!(files.scenario.dump(), "no database", "{bad:?}");
    }
}

#[test]
fn a_credentials_file_the_aws_cli_cant_parse_is_its_refusal() {
    let files = Files::new(CONFIG, "aws_access_key_id = 111122223333\n");
    files
        .run()
        .run(&PROBE)
        .expect(255, "", &unparsable(&files.path("credentials")));
    // The config file is read first.
    std::fs::write(files.scenario.dir().join("config"), "junk\n").unwrap();
    files
        .run()
        .run(&PROBE)
        .expect(255, "", &unparsable(&files.path("config")));
}

/// A path that is not a file is no file, as for the AWS CLI.
#[test]
fn a_config_path_that_is_a_folder_is_no_file() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files
        .run()
        .env("AWS_CONFIG_FILE", files.scenario.dir().to_str().unwrap())
        .env("AWS_ACCOUNT_ID", ENV_ACCOUNT)
        .run(&PROBE)
        .expect(253, "", NO_REGION);
}

// The account: --account-id, AWS_ACCOUNT_ID, aws_account_id, a 12-digit access key id ----------

/// A profile with every source of an account, so each test can take one away.
const EVERY_ACCOUNT: &str = "\
[profile p]
region = us-east-1
aws_account_id = 111111111111
aws_access_key_id = 333333333333
";
const EVERY_KEY: &str = "\
[p]
aws_access_key_id = 222222222222
";

#[test]
fn account_id_option_wins_over_aws_account_id_and_the_profile() {
    let files = Files::new(EVERY_ACCOUNT, EVERY_KEY);
    let mut args = vec!["--account-id", "999999999999"];
    args.extend(PROBE);
    files
        .run()
        .env("AWS_PROFILE", "p")
        .env("AWS_ACCOUNT_ID", "888888888888")
        .env("AWS_ACCESS_KEY_ID", "777777777777")
        .run(&args)
        .expect(254, "", &not_found_as(REGION, "999999999999"));
}

#[test]
fn aws_account_id_wins_over_the_profile() {
    let files = Files::new(EVERY_ACCOUNT, EVERY_KEY);
    files
        .run()
        .env("AWS_PROFILE", "p")
        .env("AWS_ACCOUNT_ID", "888888888888")
        .env("AWS_ACCESS_KEY_ID", "777777777777")
        .run(&PROBE)
        .expect(254, "", &not_found_as(REGION, "888888888888"));
}

#[test]
fn the_profiles_aws_account_id_wins_over_access_key_ids() {
    let files = Files::new(EVERY_ACCOUNT, EVERY_KEY);
    files
        .run()
        .env("AWS_PROFILE", "p")
        .env("AWS_ACCESS_KEY_ID", "777777777777")
        .run(&PROBE)
        .expect(254, "", &not_found_as(REGION, "111111111111"));
}

#[test]
fn aws_access_key_id_wins_over_the_profiles_credentials() {
    let files = Files::new(
        EVERY_ACCOUNT
            .replace("aws_account_id = 111111111111\n", "")
            .as_str(),
        EVERY_KEY,
    );
    files
        .run()
        .env("AWS_PROFILE", "p")
        .env("AWS_ACCESS_KEY_ID", "777777777777")
        .run(&PROBE)
        .expect(254, "", &not_found_as(REGION, "777777777777"));
}

/// botocore leaves AWS_ACCESS_KEY_ID out of its credential chain when `--profile` names the
/// profile (not when AWS_PROFILE does): the AWS CLI then signs with the profile's key, and so the
/// account is the profile's.
#[test]
fn with_the_profile_option_the_profiles_key_wins_over_aws_access_key_id() {
    let files = Files::new(
        EVERY_ACCOUNT
            .replace("aws_account_id = 111111111111\n", "")
            .as_str(),
        EVERY_KEY,
    );
    let mut args = vec!["--profile", "p"];
    args.extend(PROBE);
    files
        .run()
        .env("AWS_ACCESS_KEY_ID", "777777777777")
        .run(&args)
        .expect(254, "", &not_found_as(REGION, "222222222222"));
}

#[test]
fn the_credentials_files_key_wins_over_the_config_files() {
    let files = Files::new(
        EVERY_ACCOUNT
            .replace("aws_account_id = 111111111111\n", "")
            .as_str(),
        EVERY_KEY,
    );
    files.run().env("AWS_PROFILE", "p").run(&PROBE).expect(
        254,
        "",
        &not_found_as(REGION, "222222222222"),
    );
    // Without it, the config file's key.
    std::fs::write(files.scenario.dir().join("credentials"), "").unwrap();
    files.run().env("AWS_PROFILE", "p").run(&PROBE).expect(
        254,
        "",
        &not_found_as(REGION, "333333333333"),
    );
}

/// A key id that is not 12 digits (a real AWS one) names no account; being the key the AWS CLI
/// would sign with, it also hides the profile's.
#[test]
fn an_access_key_id_that_is_not_12_digits_names_no_account() {
    let files = Files::new("[default]\nregion = us-east-1\n", "");
    files
        .run()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .run(&PROBE)
        .expect(253, "", NO_ACCOUNT);
    let files = Files::new(
        "[default]\nregion = us-east-1\naws_access_key_id = 11112222333\n",
        "",
    );
    files.run().run(&PROBE).expect(253, "", NO_ACCOUNT);
    let files = Files::new(
        "[default]\nregion = us-east-1\naws_access_key_id = 111122223333\n",
        "",
    );
    files
        .run()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        .run(&PROBE)
        .expect(253, "", NO_ACCOUNT);
}

#[test]
fn a_profiles_aws_account_id_that_is_not_12_digits_is_refused_naming_it() {
    let files = Files::new(
        "[profile env]\nregion = us-east-1\naws_account_id = 1111-2222-3333\n",
        "",
    );
    let mut args = vec!["--profile", "env"];
    args.extend(PROBE);
    files.run().run(&args).expect(
        252,
        "",
        "error: invalid value '1111-2222-3333' for aws_account_id in profile env: an account id \
         is exactly 12 digits, such as 111122223333\n",
    );
}

// The region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region ---------------------

#[test]
fn aws_default_region_wins_over_the_profiles_region() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files
        .run()
        .env("AWS_PROFILE", "env")
        .env("AWS_DEFAULT_REGION", "us-west-2")
        .run(&PROBE)
        .expect(254, "", &not_found_as("us-west-2", ENV_ACCOUNT));
}

#[test]
fn aws_region_and_the_region_option_win_over_the_profiles_region() {
    let files = Files::new(CONFIG, CREDENTIALS);
    files
        .run()
        .env("AWS_PROFILE", "env")
        .env("AWS_REGION", "eu-west-1")
        .run(&PROBE)
        .expect(254, "", &not_found_as("eu-west-1", ENV_ACCOUNT));
    let mut args = vec!["--region", "cn-north-1"];
    args.extend(PROBE);
    files.run().env("AWS_PROFILE", "env").run(&args).expect(
        254,
        "",
        &not_found_as("cn-north-1", ENV_ACCOUNT),
    );
}

/// As the AWS CLI: a credentials file's `region` in a profile's section is the profile's.
#[test]
fn the_credentials_files_region_wins_over_the_config_files() {
    let files = Files::new(CONFIG, "[env]\nregion = eu-west-1\n");
    files.run().env("AWS_PROFILE", "env").run(&PROBE).expect(
        254,
        "",
        &not_found_as("eu-west-1", ENV_ACCOUNT),
    );
}

#[test]
fn a_profiles_region_that_is_not_a_region_is_the_aws_cli_refusal() {
    let files = Files::new(
        "[default]\nregion = us east\naws_account_id = 111122223333\n",
        "",
    );
    files
        .run()
        .run(&PROBE)
        .expect(255, "", &bad_region("us east"));
}

#[test]
fn a_profile_without_a_region_is_no_region() {
    let files = Files::new(
        "[profile env]\naws_account_id = 111122223333\nregion =\n",
        "",
    );
    files
        .run()
        .env("AWS_PROFILE", "env")
        .run(&PROBE)
        .expect(253, "", NO_REGION);
}

// The endpoint: --endpoint-url, AWS_ENDPOINT_URL_PROTON, AWS_ENDPOINT_URL, endpoint_url ----------

/// Nothing listens here: an endpoint that loses must never be tried.
const NOWHERE: &str = "http://127.0.0.1:1";

/// A server on its own database; commands run with the files and a local database that must stay
/// unopened, since they go to the server.
struct Remote {
    files: Files,
    server: Server,
    server_db: PathBuf,
}

impl Remote {
    fn new(config: &str) -> Remote {
        let files = Files::new(config, CREDENTIALS);
        let server_db = files.scenario.dir().join("server.db");
        // The commands pin the clock and the id they create.
        let server = Server::start_with(&server_db, &["--allow-client-settings"], &[]);
        Remote {
            files,
            server,
            server_db,
        }
    }

    /// Creates a connection as `env` through whatever endpoint the settings pick, and shows it
    /// reached the server's database and not the local one.
    #[track_caller]
    fn expect_served(&self, run: Run, args: &[&str]) {
        let mut all = vec!["--profile", "env"];
        all.extend(args);
        all.extend(create_args());
        run.at(T1)
            .with_id(ID)
            .run(&all)
            .expect(0, &connection("PENDING", T1_OUT), "");
        assert_eq!(self.files.scenario.dump(), "no database");
        assert!(self.server_db.exists());
    }
}

#[test]
fn the_profiles_endpoint_url_selects_client_mode() {
    let remote = Remote::new("");
    let config = CONFIG.replace(
        "[profile env]\n",
        &format!("[profile env]\nendpoint_url = {}\n", remote.server.url),
    );
    std::fs::write(remote.files.scenario.dir().join("config"), config).unwrap();
    remote.expect_served(remote.files.run(), &[]);
}

#[test]
fn aws_endpoint_url_wins_over_the_profiles_endpoint_url() {
    let remote = Remote::new(&CONFIG.replace(
        "[profile env]\n",
        &format!("[profile env]\nendpoint_url = {NOWHERE}\n"),
    ));
    remote.expect_served(
        remote
            .files
            .run()
            .env("AWS_ENDPOINT_URL", &remote.server.url),
        &[],
    );
}

#[test]
fn aws_endpoint_url_proton_wins_over_aws_endpoint_url() {
    let remote = Remote::new(CONFIG);
    remote.expect_served(
        remote
            .files
            .run()
            .env("AWS_ENDPOINT_URL", NOWHERE)
            .env("AWS_ENDPOINT_URL_PROTON", &remote.server.url),
        &[],
    );
}

#[test]
fn endpoint_url_option_wins_over_the_environment() {
    let remote = Remote::new(CONFIG);
    let url = remote.server.url.clone();
    remote.expect_served(
        remote
            .files
            .run()
            .env("AWS_ENDPOINT_URL", NOWHERE)
            .env("AWS_ENDPOINT_URL_PROTON", NOWHERE),
        &["--endpoint-url", &url],
    );
}

#[test]
fn an_unreachable_endpoint_from_the_environment_is_a_local_failure() {
    let files = Files::new(CONFIG, CREDENTIALS);
    let mut args = vec!["--profile", "env"];
    args.extend(PROBE);
    let out = files.run().env("AWS_ENDPOINT_URL", NOWHERE).run(&args);
    assert_eq!((out.code, out.stdout.as_str()), (255, ""));
    assert!(
        out.stderr.starts_with(&format!(
            "proton-local: Could not connect to the endpoint URL: \"{NOWHERE}\""
        )),
        "{}",
        out.stderr
    );
    assert_eq!(files.scenario.dump(), "no database");
}

// Two profiles, one per account ----------------------------------------------------------------

fn create_args() -> Vec<&'static str> {
    vec![
        "create-environment-account-connection",
        "--environment-name",
        "env",
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        "arn:aws:iam::111122223333:role/provision",
    ]
}

fn connection(status: &str, last_modified: &str) -> String {
    format!(
        "{{\n    \"environmentAccountConnection\": {{\n        \
         \"arn\": \"arn:aws:proton:us-east-1:111122223333:environment-account-connection/{ID}\",\n        \
         \"status\": \"{status}\",\n        \
         \"environmentAccountId\": \"111122223333\",\n        \
         \"environmentName\": \"env\",\n        \
         \"id\": \"{ID}\",\n        \
         \"lastModifiedAt\": \"{last_modified}\",\n        \
         \"managementAccountId\": \"123456789012\",\n        \
         \"requestedAt\": \"{T1_OUT}\",\n        \
         \"roleArn\": \"arn:aws:iam::111122223333:role/provision\"\n    }}\n}}\n"
    )
}

/// The README's demo: `--profile env` asks, `--profile mgmt` accepts, `env` is refused the accept.
fn two_profile_demo(files: &Files, endpoint: &[&str]) {
    let mut args = vec!["--profile", "env"];
    args.extend(endpoint);
    args.extend(create_args());
    files
        .run()
        .at(T1)
        .with_id(ID)
        .run(&args)
        .expect(0, &connection("PENDING", T1_OUT), "");
    let mut args = vec!["--profile", "mgmt"];
    args.extend(endpoint);
    args.extend(["accept-environment-account-connection", "--id", ID]);
    files
        .run()
        .at(T2)
        .run(&args)
        .expect(0, &connection("CONNECTED", T2_OUT), "");
    let mut args = vec!["--profile", "env"];
    args.extend(endpoint);
    args.extend(["accept-environment-account-connection", "--id", ID]);
    files.run().run(&args).expect_error(
        "AccessDeniedException",
        "AcceptEnvironmentAccountConnection",
        &format!(
            "User: arn:aws:iam::111122223333:root is not authorized to perform: \
             proton:AcceptEnvironmentAccountConnection on resource: \
             arn:aws:proton:us-east-1:111122223333:environment-account-connection/{ID} (only the \
             management account 123456789012 can accept or reject this connection)"
        ),
    );
}

#[test]
fn two_profiles_drive_the_two_accounts() {
    two_profile_demo(&Files::new(CONFIG, CREDENTIALS), &[]);
}

#[test]
fn two_profiles_drive_the_two_accounts_through_a_server() {
    let remote = Remote::new(CONFIG);
    let url = remote.server.url.clone();
    two_profile_demo(&remote.files, &["--endpoint-url", &url]);
    assert_eq!(remote.files.scenario.dump(), "no database");
}

/// The profile's `output` comes after `--output` and `AWS_DEFAULT_OUTPUT`; an unknown one is the
/// AWS CLI's `Unknown output type`, exit 255.
#[test]
fn a_profiles_output_is_the_format_after_the_option_and_the_variable() {
    let files = Files::new(
        "[profile env]\nregion = us-east-1\naws_account_id = 111122223333\noutput = text\n\
         [profile odd]\nregion = us-east-1\naws_account_id = 111122223333\noutput = xml\n",
        "",
    );
    files
        .run()
        .env("PROTON_LOCAL_NEXT_ID", ID)
        .run(&[
            "--profile",
            "env",
            "--output",
            "json",
            "create-environment-account-connection",
            "--environment-name",
            "shown",
            "--management-account-id",
            "123456789012",
            "--role-arn",
            "arn:aws:iam::111122223333:role/r",
        ])
        .json();
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec![
            "get-environment-account-connection",
            "--id",
            ID,
            "--query",
            "environmentAccountConnection.environmentName",
        ];
        args.extend(extra);
        let mut run = files.run();
        for (name, value) in env {
            run = run.env(name, value);
        }
        run.run(&args)
    };
    run(&["--profile", "env"], &[]).expect(0, "shown\n", "");
    run(&["--profile", "env", "--output", "json"], &[]).expect(0, "\"shown\"\n", "");
    run(&["--profile", "env"], &[("AWS_DEFAULT_OUTPUT", "json")]).expect(0, "\"shown\"\n", "");
    run(&["--profile", "odd"], &[]).expect(255, "", "\nUnknown output type: xml\n");
}
