//! CONTRACT.md section 12 with the real clients: the AWS CLI (v1) and boto3, installed by
//! scripts/aws-clients.sh, against `proton-local serve`.
//!
//! The seed's walkthrough (section 10) runs step by step through `aws --endpoint-url ... proton`
//! as the two accounts, and each step also through proton-local's own command line on a database
//! of its own with the same clock and id: both print the same JSON, and a refused step prints the
//! very same error line (exit 255 from the AWS CLI v1, 254 from proton-local). The AWS CLI can't
//! pin the clock per request, so each instant gets a server of its own on the same database.
//!
//! tests/clients/boto3_check.py drives every operation, every error code as boto3's modelled
//! exception class, and the paginator.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::{json, Value};
use tempfile::TempDir;

const ID: &str = "abcdef01234567890";
/// The seed's create command names a role in a 9-digit account, a typo.
const LITERAL_ROLE: &str =
    "arn:aws:iam::111222333:role/service-role/env-account-proton-service-role";
const COMPONENT_ROLE: &str = "arn:aws:iam::111122223333:role/component-role";
/// A third instant, after the seed's two.
const T3: &str = "2021-04-28T23:20:00.000Z";
/// T1, T2 and T3 as the AWS CLI prints them with `cli_timestamp_format = iso8601` and TZ=UTC.
const T1_ISO: &str = "2021-04-28T23:13:50.847000+00:00";
const T2_ISO: &str = "2021-04-28T23:15:33.486000+00:00";
const T3_ISO: &str = "2021-04-28T23:20:00+00:00";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The virtual environment with the AWS CLI and boto3, installed by scripts/aws-clients.sh when
/// it is not there yet (which needs PyPI). Every test in this file needs it, so none is skipped.
fn aws_clients() -> &'static Path {
    static VENV: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let venv = VENV.get_or_init(|| {
        let out = Command::new("bash")
            .arg("scripts/aws-clients.sh")
            .current_dir(manifest_dir())
            .output()
            .map_err(|err| format!("bash could not run scripts/aws-clients.sh: {err}"))?;
        if !out.status.success() {
            return Err(format!(
                "scripts/aws-clients.sh could not install the AWS CLI and boto3 (it needs PyPI \
                 when target/aws-clients is not there yet): {}\nstdout:\n{}\nstderr:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let venv = manifest_dir().join(
            std::env::var_os("PROTON_LOCAL_VENV").unwrap_or_else(|| "target/aws-clients".into()),
        );
        for program in ["bin/aws", "bin/python"] {
            if !venv.join(program).exists() {
                return Err(format!(
                    "scripts/aws-clients.sh succeeded but {} is missing",
                    venv.join(program).display()
                ));
            }
        }
        Ok(venv)
    });
    match venv {
        Ok(venv) => venv,
        Err(why) => panic!("the real AWS clients are needed: {why}"),
    }
}

/// A client's environment with nothing of the caller's: no profile, region, session token,
/// credentials file, home folder or instance metadata.
fn clean_client(program: PathBuf, home: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("HOME", home)
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "")
        .env("TZ", "UTC");
    command
}

fn output_of(command: &mut Command) -> Output {
    let out = command.output().expect("the client runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// The clock and id a step runs with, as `PROTON_LOCAL_*` variables.
type Pins = &'static [(&'static str, &'static str)];

const AT_T1_WITH_ID: Pins = &[("PROTON_LOCAL_NOW", T1), ("PROTON_LOCAL_NEXT_ID", ID)];
const AT_T2: Pins = &[("PROTON_LOCAL_NOW", T2)];
const AT_T3: Pins = &[("PROTON_LOCAL_NOW", T3)];

/// One walkthrough, run twice: through the AWS CLI against a server, and through proton-local's
/// own command line on a database of its own, each step with the same pins.
struct Twin {
    /// The server for the current pins. Declared first, so it stops before its folder goes.
    server: Option<(Pins, Server)>,
    /// The server's database and the AWS CLI's config file and home.
    dir: TempDir,
    /// The database of the local runs.
    local: Scenario,
}

impl Twin {
    fn new() -> Twin {
        aws_clients();
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(
            dir.path().join("aws-config"),
            "[default]\ncli_timestamp_format = iso8601\n",
        )
        .unwrap();
        Twin {
            server: None,
            dir,
            local: Scenario::new(),
        }
    }

    /// The server started with `pins` in its environment: the running one if it has them, else
    /// the running one is stopped and another started on the same database.
    fn server(&mut self, pins: Pins) -> String {
        if self
            .server
            .as_ref()
            .is_some_and(|(running, _)| *running != pins)
        {
            self.stop();
        }
        let db = self.dir.path().join("served.db");
        let (_, server) = self
            .server
            .get_or_insert_with(|| (pins, Server::start(&db, pins)));
        server.url.clone()
    }

    /// Stops the server, which must exit cleanly.
    fn stop(&mut self) {
        if let Some((_, server)) = self.server.take() {
            assert_eq!(server.stop(), Some(0), "the server stops cleanly");
        }
    }

    /// `aws proton <args>` as `account`, and `proton-local <args>` as `account`.
    fn both(&mut self, account: &str, pins: Pins, args: &[&str]) -> (Output, Output) {
        let url = self.server(pins);
        let home = self.dir.path();
        let mut aws = clean_client(aws_clients().join("bin/aws"), home);
        aws.env("AWS_ACCESS_KEY_ID", account)
            .env("AWS_SECRET_ACCESS_KEY", "anything")
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_CONFIG_FILE", home.join("aws-config"))
            .args(["--endpoint-url", &url, "proton"])
            .args(args);
        let aws = output_of(&mut aws);
        let mut local = self.local.as_account(account);
        for (name, value) in pins {
            local = local.env(name, value);
        }
        (aws, local.run(args))
    }

    /// A step that succeeds: the AWS CLI and proton-local print the same JSON, which is returned.
    #[track_caller]
    fn ok(&mut self, account: &str, pins: Pins, args: &[&str]) -> Value {
        let (aws, local) = self.both(account, pins, args);
        assert_eq!(
            (aws.code, aws.stderr.as_str()),
            (0, ""),
            "aws proton {args:?} as {account}; stdout: {}",
            aws.stdout
        );
        let printed: Value = serde_json::from_str(&aws.stdout)
            .unwrap_or_else(|err| panic!("the AWS CLI prints JSON ({err}): {}", aws.stdout));
        assert_eq!(
            printed,
            local.json(),
            "aws proton {args:?} as {account}, and proton-local"
        );
        printed
    }

    /// A refused step: the AWS CLI v1 exits 255 and proton-local 254, both print nothing on stdout
    /// and the very same error line, which names `code` and `operation` and says `message`.
    #[track_caller]
    fn refused(
        &mut self,
        account: &str,
        pins: Pins,
        args: &[&str],
        (code, operation, message): (&str, &str, &str),
    ) {
        let (aws, local) = self.both(account, pins, args);
        let line = format!(
            "\nAn error occurred ({code}) when calling the {operation} operation: {message}\n"
        );
        assert_eq!(
            (aws.code, aws.stdout.as_str(), aws.stderr.as_str()),
            (255, "", line.as_str()),
            "aws proton {args:?} as {account}: exit code, stdout, stderr"
        );
        assert_eq!(
            (local.code, local.stdout.as_str(), local.stderr.as_str()),
            (254, "", line.as_str()),
            "proton-local {args:?} as {account}: exit code, stdout, stderr"
        );
    }
}

/// A response as the seed page shows it, for the connection with the seed's id.
fn documented(environment_name: &str, status: &str, last_modified_at: &str) -> Value {
    json!({
        "environmentAccountConnection": {
            "arn": format!("arn:aws:proton:us-east-1:111122223333:environment-account-connection/{ID}"),
            "status": status,
            "environmentAccountId": ENV_ACCOUNT,
            "environmentName": environment_name,
            "id": ID,
            "lastModifiedAt": last_modified_at,
            "managementAccountId": MGMT_ACCOUNT,
            "requestedAt": T1_ISO,
            "roleArn": ROLE
        }
    })
}

fn create_args<'a>(environment_name: &'a str, role: &'a str) -> [&'a str; 7] {
    [
        "create-environment-account-connection",
        "--environment-name",
        environment_name,
        "--role-arn",
        role,
        "--management-account-id",
        MGMT_ACCOUNT,
    ]
}

fn access_denied(caller: &str, operation: &str, who: &str) -> String {
    format!(
        "User: arn:aws:iam::{caller}:root is not authorized to perform: proton:{operation} on resource: \
         arn:aws:proton:us-east-1:111122223333:environment-account-connection/{ID} ({who})"
    )
}

fn not_found(caller: &str) -> String {
    format!("Environment account connection {ID} was not found in us-east-1 for account {caller}.")
}

#[test]
fn the_seed_walkthrough_through_the_aws_cli_prints_what_proton_local_prints() {
    let mut twin = Twin::new();

    // The literal create: its 9-digit role is refused.
    twin.refused(
        ENV_ACCOUNT,
        AT_T1_WITH_ID,
        &create_args("simple-env-connected", LITERAL_ROLE),
        (
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            r"1 validation error detected: Value 'arn:aws:iam::111222333:role/service-role/env-account-proton-service-role' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$",
        ),
    );

    // The corrected create, at T1 with the seed's id: the documented response.
    let created = twin.ok(
        ENV_ACCOUNT,
        AT_T1_WITH_ID,
        &create_args("simple-env-connected", ROLE),
    );
    assert_eq!(
        created,
        documented("simple-env-connected", "PENDING", T1_ISO)
    );
    twin.refused(
        ENV_ACCOUNT,
        AT_T1_WITH_ID,
        &["accept-environment-account-connection", "--id", ID],
        (
            "AccessDeniedException",
            "AcceptEnvironmentAccountConnection",
            &access_denied(
                ENV_ACCOUNT,
                "AcceptEnvironmentAccountConnection",
                "only the management account 123456789012 can accept or reject this connection",
            ),
        ),
    );

    // At T2, on a server of its own: accept, get and list print the documented connection.
    let connected = documented("simple-env-connected", "CONNECTED", T2_ISO);
    let accepted = twin.ok(
        MGMT_ACCOUNT,
        AT_T2,
        &["accept-environment-account-connection", "--id", ID],
    );
    assert_eq!(accepted, connected);
    for account in [MGMT_ACCOUNT, ENV_ACCOUNT] {
        let got = twin.ok(
            account,
            AT_T2,
            &["get-environment-account-connection", "--id", ID],
        );
        assert_eq!(got, connected, "get as {account}");
    }
    let listed = json!({
        "environmentAccountConnections": [connected["environmentAccountConnection"]]
    });
    for (account, requested_by) in [
        (MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT"),
        (ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
    ] {
        let list = twin.ok(
            account,
            AT_T2,
            &[
                "list-environment-account-connections",
                "--requested-by",
                requested_by,
            ],
        );
        assert_eq!(list, listed, "list as {account}");
    }

    // At T3: update, then delete, which only the environment account may do.
    let mut updated = documented("simple-env-connected", "CONNECTED", T3_ISO);
    updated["environmentAccountConnection"]["componentRoleArn"] = json!(COMPONENT_ROLE);
    let update = twin.ok(
        ENV_ACCOUNT,
        AT_T3,
        &[
            "update-environment-account-connection",
            "--id",
            ID,
            "--component-role-arn",
            COMPONENT_ROLE,
        ],
    );
    assert_eq!(update, updated);
    twin.refused(
        MGMT_ACCOUNT,
        AT_T3,
        &["delete-environment-account-connection", "--id", ID],
        (
            "AccessDeniedException",
            "DeleteEnvironmentAccountConnection",
            &access_denied(
                MGMT_ACCOUNT,
                "DeleteEnvironmentAccountConnection",
                "only the environment account 111122223333 can update or delete this connection",
            ),
        ),
    );
    let deleted = twin.ok(
        ENV_ACCOUNT,
        AT_T3,
        &["delete-environment-account-connection", "--id", ID],
    );
    assert_eq!(deleted, updated, "delete prints the connection as it was");
    for account in [ENV_ACCOUNT, MGMT_ACCOUNT] {
        twin.refused(
            account,
            AT_T3,
            &["get-environment-account-connection", "--id", ID],
            (
                "ResourceNotFoundException",
                "GetEnvironmentAccountConnection",
                &not_found(account),
            ),
        );
    }
    twin.stop();
}

#[test]
fn a_rejected_connection_through_the_aws_cli_cannot_be_accepted() {
    let mut twin = Twin::new();
    twin.ok(
        ENV_ACCOUNT,
        AT_T1_WITH_ID,
        &create_args("simple-env-reject", ROLE),
    );
    // The seed's reject response, with the id its arn names (CONTRACT.md section 10).
    let rejected = twin.ok(
        MGMT_ACCOUNT,
        AT_T1_WITH_ID,
        &["reject-environment-account-connection", "--id", ID],
    );
    assert_eq!(
        rejected,
        documented("simple-env-reject", "REJECTED", T1_ISO)
    );
    twin.refused(
        MGMT_ACCOUNT,
        AT_T2,
        &["accept-environment-account-connection", "--id", ID],
        (
            "ConflictException",
            "AcceptEnvironmentAccountConnection",
            "Environment account connection abcdef01234567890 was rejected and can't be accepted. \
             The environment account must create a new connection.",
        ),
    );
    // Still rejected, as of T1.
    let got = twin.ok(
        ENV_ACCOUNT,
        AT_T2,
        &["get-environment-account-connection", "--id", ID],
    );
    assert_eq!(got, rejected);
    twin.stop();
}

#[test]
fn boto3_sees_every_operation_every_error_and_the_paginator() {
    let venv = aws_clients();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let server = Server::start(
        &dir.path().join("boto3.db"),
        &[("PROTON_LOCAL_QUOTA", "12")],
    );
    let mut python = clean_client(venv.join("bin/python"), dir.path());
    python
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .arg(manifest_dir().join("tests/clients/boto3_check.py"))
        .arg(&server.url);
    let out = output_of(&mut python);
    let passed = out
        .stdout
        .lines()
        .last()
        .and_then(|line| line.strip_suffix(" passed, 0 failed"))
        .and_then(|count| count.parse::<usize>().ok());
    let oks = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("ok - "))
        .count();
    assert!(
        out.code == 0 && out.stderr.is_empty() && passed.is_some_and(|n| n > 0 && n == oks),
        "boto3_check.py exited {}\nstdout:\n{}\nstderr:\n{}",
        out.code,
        out.stdout,
        out.stderr
    );
    assert_eq!(server.stop(), Some(0), "the server stops cleanly");
}
