//! `wait` (issue 9, point 8): the AWS CLI's waiters, run as botocore runs them. Success prints
//! nothing; a failure state, a refusal no acceptor matches and attempts run out each print the
//! AWS CLI's `Waiter <Name> failed: <reason>` with its exit code 255. Included by
//! tests/via_endpoint.rs, the database cases run through `proton-local serve` too; the states this
//! emulator never makes (REGISTRATION_FAILED, REGISTRATION_IN_PROGRESS, a deployment FAILED or
//! IN_PROGRESS) come from a stub server that answers with canned replies, and WaiterConfig in
//! --cli-input-json (the AWS CLI's own way to change the delay and the attempts) keeps them short.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;

const NAME: &str = "simple-env-template";
const WAIT: &str = "wait";
const REGISTERED: &str = "environment-template-version-registered";
const DEPLOYED: &str = "environment-deployed";
const ENVIRONMENT: &str = "solo-env";

fn failed(reason: &str) -> String {
    format!("\nWaiter EnvironmentTemplateVersionRegistered failed: {reason}\n")
}

/// A template with version 1.0 (a draft) and 1.1 (published), as the management account.
fn versions() -> Scenario {
    let scenario = Scenario::new();
    let mgmt = || scenario.as_account(MGMT_ACCOUNT).at(T1);
    mgmt()
        .run(&["create-environment-template", "--name", NAME])
        .json();
    for _ in 0..2 {
        mgmt()
            .run(&[
                "create-environment-template-version",
                "--template-name",
                NAME,
                "--source",
                "s3={bucket=my-bucket,key=template.tar.gz}",
            ])
            .json();
    }
    mgmt()
        .run(&[
            "update-environment-template-version",
            "--template-name",
            NAME,
            "--major-version",
            "1",
            "--minor-version",
            "1",
            "--status",
            "PUBLISHED",
        ])
        .json();
    scenario
}

fn wait_for(scenario: &Scenario, major: &str, minor: &str) -> Output {
    scenario.as_account(MGMT_ACCOUNT).run(&[
        WAIT,
        REGISTERED,
        "--template-name",
        NAME,
        "--major-version",
        major,
        "--minor-version",
        minor,
    ])
}

#[test]
fn a_draft_version_is_registered_and_nothing_is_printed() {
    let scenario = versions();
    let started = Instant::now();
    wait_for(&scenario, "1", "0").expect(0, "", "");
    // Matched on the first call: no delay slept.
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_published_version_is_registered() {
    wait_for(&versions(), "1", "1").expect(0, "", "");
}

#[test]
fn an_unknown_version_fails_the_waiter_with_the_refusal() {
    let scenario = versions();
    wait_for(&scenario, "1", "9").expect(
        255,
        "",
        &failed(
            "An error occurred (ResourceNotFoundException): Version 1.9 of environment template \
             simple-env-template was not found in us-east-1 for account 123456789012.",
        ),
    );
    // Another account's template is not found either, whatever the output format.
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            WAIT,
            REGISTERED,
            "--template-name",
            NAME,
            "--major-version",
            "1",
            "--minor-version",
            "0",
            "--output",
            "table",
        ])
        .expect(
            255,
            "",
            &failed(
                "An error occurred (ResourceNotFoundException): Environment template \
                 simple-env-template was not found in us-east-1 for account 111122223333.",
            ),
        );
}

#[test]
fn the_parameters_come_from_cli_input_json_with_a_waiter_config() {
    let scenario = versions();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            WAIT,
            REGISTERED,
            "--cli-input-json",
            r#"{"templateName": "simple-env-template", "majorVersion": "1", "minorVersion": "0",
                "WaiterConfig": {"Delay": 0, "MaxAttempts": 1}}"#,
        ])
        .expect(0, "", "");
}

#[test]
fn parameters_are_checked_as_the_operation_checks_them() {
    let scenario = versions();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            WAIT,
            REGISTERED,
            "--template-name",
            "",
            "--major-version",
            "1",
            "--minor-version",
            "0",
        ])
        .expect(
            252,
            "",
            "\nParameter validation failed:\nInvalid length for parameter templateName, value: 0, \
             valid min length: 1\n",
        );
    // WaiterConfig is the waiter's: the operation's own command refuses it.
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "get-environment-template-version",
            "--cli-input-json",
            r#"{"templateName": "t", "majorVersion": "1", "minorVersion": "0",
                "WaiterConfig": {"Delay": 0}}"#,
        ])
        .expect(
            252,
            "",
            "\nParameter validation failed:\nUnknown parameter in input: \"WaiterConfig\", must \
             be one of: majorVersion, minorVersion, templateName\n",
        );
}

#[test]
fn the_skeletons_are_the_operations() {
    let scenario = Scenario::new();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[WAIT, REGISTERED, "--generate-cli-skeleton"])
        .expect(
            0,
            "{\n    \"majorVersion\": \"\",\n    \"minorVersion\": \"\",\n    \"templateName\": \"\"\n}\n",
            "",
        );
    // The output skeleton is a stubbed call of the operation, before any waiter: WaiterConfig is
    // an unknown member to it.
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            WAIT,
            REGISTERED,
            "--cli-input-json",
            r#"{"templateName": "t", "majorVersion": "1", "minorVersion": "0",
                "WaiterConfig": {"Delay": 0}}"#,
            "--generate-cli-skeleton",
            "output",
        ])
        .expect(
            252,
            "",
            "\nParameter validation failed:\nUnknown parameter in input: \"WaiterConfig\", must \
             be one of: majorVersion, minorVersion, templateName\n",
        );
}

/// A server that answers every call with one version in `status`, counting the calls.
fn stub(status: &'static str) -> (String, Arc<AtomicUsize>) {
    stub_states(vec![status])
}

/// A server whose version is in each of `states` in turn, then stays in the last.
fn stub_states(states: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let version = |status: &str| {
        format!(
            r#"{{"environmentTemplateVersion": {{"arn": "arn:aws:proton:us-east-1:123456789012:environment-template/{NAME}:1.0", "createdAt": 1619651630.847, "lastModifiedAt": 1619651630.847, "majorVersion": "1", "minorVersion": "0", "status": "{status}", "templateName": "{NAME}"}}}}"#
        )
    };
    stub_answering(states.into_iter().map(version).collect())
}

/// A server that answers every call with one environment whose deployment is in `status`.
fn environment_stub(status: &str) -> (String, Arc<AtomicUsize>) {
    stub_answering(vec![format!(
        r#"{{"environment": {{"arn": "arn:aws:proton:us-east-1:123456789012:environment/{ENVIRONMENT}", "createdAt": 1619651630.847, "deploymentStatus": "{status}", "lastDeploymentAttemptedAt": 1619651630.847, "lastDeploymentSucceededAt": 1619651630.847, "name": "{ENVIRONMENT}", "templateMajorVersion": "1", "templateMinorVersion": "1", "templateName": "{NAME}"}}}}"#
    )])
}

/// A server that answers each call with each of `bodies` in turn, then with the last, counting
/// the calls.
fn stub_answering(bodies: Vec<String>) -> (String, Arc<AtomicUsize>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    let bodies = Arc::new(bodies);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (counted, bodies) = (counted.clone(), bodies.clone());
            std::thread::spawn(move || {
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                loop {
                    let (mut line, mut length) = (String::new(), 0);
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(value) =
                            line.to_ascii_lowercase().strip_prefix("content-length:")
                        {
                            length = value.trim().parse().unwrap();
                        }
                    }
                    let mut request = vec![0; length];
                    reader.read_exact(&mut request).unwrap();
                    let call = counted.fetch_add(1, Ordering::SeqCst);
                    let body = &bodies[call.min(bodies.len() - 1)];
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n\
                         Content-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if writer.write_all(answer.as_bytes()).is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, count)
}

/// `wait environment-template-version-registered` at `url`, its parameters (and WaiterConfig,
/// when given) in --cli-input-json.
fn wait_at(url: &str, waiter_config: Option<&str>) -> Output {
    let config = waiter_config
        .map(|config| format!(r#", "WaiterConfig": {config}"#))
        .unwrap_or_default();
    Run::bare_command()
        .env("AWS_ACCOUNT_ID", MGMT_ACCOUNT)
        .env("AWS_REGION", REGION)
        .run(&[
            "--endpoint-url",
            url,
            WAIT,
            REGISTERED,
            "--cli-input-json",
            &format!(
                r#"{{"templateName": "{NAME}", "majorVersion": "1", "minorVersion": "0"{config}}}"#
            ),
        ])
}

#[test]
fn a_failure_state_ends_the_wait_at_once() {
    if via_endpoint() {
        return;
    }
    let (url, calls) = stub("REGISTRATION_FAILED");
    wait_at(&url, None).expect(
        255,
        "",
        &failed(
            "Waiter encountered a terminal failure state: For expression \
             \"environmentTemplateVersion.status\" we matched expected path: \
             \"REGISTRATION_FAILED\"",
        ),
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn attempts_run_out_after_max_attempts_with_the_delay_between_them() {
    if via_endpoint() {
        return;
    }
    let (url, calls) = stub("REGISTRATION_IN_PROGRESS");
    let started = Instant::now();
    let waiting = std::thread::spawn(move || {
        let out = wait_at(&url, Some(r#"{"Delay": 1, "MaxAttempts": 2}"#));
        (out, Instant::now())
    });
    // The instant of the last call, as the stub counts it.
    let last_call = loop {
        if calls.load(Ordering::SeqCst) >= 2 || waiting.is_finished() {
            break Instant::now();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let (out, ended) = waiting.join().unwrap();
    out.expect(255, "", &failed("Max attempts exceeded"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    // One pause between the two calls, and none after the last: the exit follows it at once,
    // well within the delay a pause would take.
    let took = ended - started;
    assert!(took >= Duration::from_secs(1), "{took:?}");
    let after_last = ended - last_call;
    assert!(after_last < Duration::from_millis(900), "{after_last:?}");
    // An infinite MaxAttempts (1e400 is a float to Python) polls until a state is accepted.
    let (url, calls) = stub_states(vec![
        "REGISTRATION_IN_PROGRESS",
        "REGISTRATION_IN_PROGRESS",
        "DRAFT",
    ]);
    wait_at(&url, Some(r#"{"Delay": 0, "MaxAttempts": 1e400}"#)).expect(0, "", "");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // And -1e400 is run out by the first.
    let (url, calls) = stub("REGISTRATION_IN_PROGRESS");
    wait_at(&url, Some(r#"{"Delay": 0, "MaxAttempts": -1e400}"#)).expect(
        255,
        "",
        &failed("Max attempts exceeded"),
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // MaxAttempts 0 still makes one call, as botocore does.
    let (url, calls) = stub("REGISTRATION_IN_PROGRESS");
    wait_at(&url, Some(r#"{"Delay": 0, "MaxAttempts": 0}"#)).expect(
        255,
        "",
        &failed("Max attempts exceeded"),
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[test]
fn a_waiter_config_python_cant_use_fails_where_python_does() {
    if via_endpoint() {
        return;
    }
    for (config, message, calls) in [
        ("5", "'int' object has no attribute 'get'", 0),
        ("null", "'NoneType' object has no attribute 'get'", 0),
        (r#"{"Delay": -1}"#, "sleep length must be non-negative", 1),
        (
            r#"{"Delay": "0"}"#,
            "'str' object cannot be interpreted as an integer",
            1,
        ),
        (
            r#"{"Delay": 0, "MaxAttempts": "2"}"#,
            "'>=' not supported between instances of 'int' and 'str'",
            1,
        ),
        // time.sleep holds nanoseconds in an i64: beyond it Python can't convert the delay.
        (
            r#"{"Delay": 1e10}"#,
            "timestamp too large to convert to C _PyTime_t",
            1,
        ),
        (
            r#"{"Delay": 1e300}"#,
            "timestamp too large to convert to C _PyTime_t",
            1,
        ),
        (
            r#"{"Delay": 9223372037}"#,
            "timestamp too large to convert to C _PyTime_t",
            1,
        ),
        (
            r#"{"Delay": -1e300}"#,
            "timestamp too large to convert to C _PyTime_t",
            1,
        ),
        // Within it, but the deadline (the monotonic clock plus the delay) wraps past its end.
        (r#"{"Delay": 9223372036}"#, "[Errno 22] Invalid argument", 1),
        // 1e400 is a float to Python, infinite: attempts never run out, and the delay then fails.
        (
            r#"{"Delay": "0", "MaxAttempts": 1e400}"#,
            "'str' object cannot be interpreted as an integer",
            1,
        ),
    ] {
        let (url, count) = stub("REGISTRATION_IN_PROGRESS");
        wait_at(&url, Some(config)).expect(255, "", &format!("\n{message}\n"));
        assert_eq!(count.load(Ordering::SeqCst), calls, "{config}");
    }
}

#[test]
fn ctrl_c_ends_the_wait_as_the_aws_cli_does() {
    if via_endpoint() {
        return;
    }
    use std::io::Read;
    use std::process::Stdio;
    let (url, calls) = stub("REGISTRATION_IN_PROGRESS");
    let home = tempfile::tempdir().unwrap();
    let mut waiting = std::process::Command::new(env!("CARGO_BIN_EXE_proton-local"))
        .args(["--endpoint-url", &url, "--region", REGION, WAIT, REGISTERED])
        .args(["--template-name", NAME, "--major-version", "1"])
        .args(["--minor-version", "0"])
        .env("AWS_ACCOUNT_ID", MGMT_ACCOUNT)
        .env("HOME", home.path())
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wait starts");
    let started = Instant::now();
    while calls.load(Ordering::SeqCst) == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "no call made");
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(waiting.id() as libc::pid_t, libc::SIGINT) };
    let status = waiting.wait().unwrap();
    let (mut stdout, mut stderr) = (String::new(), String::new());
    waiting
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    waiting
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    // errorhandler.py's InterruptExceptionHandler: a newline, exit 128 + SIGINT.
    assert_eq!(
        (status.code(), stdout.as_str(), stderr.as_str()),
        (Some(130), "\n", ""),
        "exit code, stdout, stderr"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// versions(), and ENVIRONMENT from its version 1 (1.1, published), the management account's
/// own: deployed at once.
fn environment() -> Scenario {
    let scenario = versions();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&[
            "create-environment",
            "--name",
            ENVIRONMENT,
            "--template-name",
            NAME,
            "--template-major-version",
            "1",
            "--spec",
            "proton: EnvironmentSpec\n",
            "--proton-service-role-arn",
            "arn:aws:iam::123456789012:role/ProtonServiceRole",
        ])
        .json();
    scenario
}

#[test]
fn a_deployed_environment_ends_the_wait_at_once() {
    let scenario = environment();
    let started = Instant::now();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[WAIT, DEPLOYED, "--name", ENVIRONMENT])
        .expect(0, "", "");
    // Matched on the first call: the 5 s delay is never slept.
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn an_unknown_environment_fails_the_environment_waiter() {
    let scenario = environment();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[WAIT, DEPLOYED, "--name", "no-such-env"])
        .expect(
            255,
            "",
            "\nWaiter EnvironmentDeployed failed: An error occurred (ResourceNotFoundException): \
             Environment no-such-env was not found in us-east-1 for account 123456789012.\n",
        );
}

#[test]
fn a_failed_deployment_ends_the_environment_wait_at_once() {
    if via_endpoint() {
        return;
    }
    let (url, calls) = environment_stub("FAILED");
    Run::bare_command()
        .env("AWS_ACCOUNT_ID", MGMT_ACCOUNT)
        .env("AWS_REGION", REGION)
        .run(&[
            "--endpoint-url",
            &url,
            WAIT,
            DEPLOYED,
            "--name",
            ENVIRONMENT,
        ])
        .expect(
            255,
            "",
            "\nWaiter EnvironmentDeployed failed: Waiter encountered a terminal failure state: \
             For expression \"environment.deploymentStatus\" we matched expected path: \
             \"FAILED\"\n",
        );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // A deployment under way is polled until the attempts run out.
    let (url, calls) = environment_stub("IN_PROGRESS");
    Run::bare_command()
        .env("AWS_ACCOUNT_ID", MGMT_ACCOUNT)
        .env("AWS_REGION", REGION)
        .run(&[
            "--endpoint-url",
            &url,
            WAIT,
            DEPLOYED,
            "--cli-input-json",
            &format!(
                r#"{{"name": "{ENVIRONMENT}", "WaiterConfig": {{"Delay": 0, "MaxAttempts": 2}}}}"#
            ),
        ])
        .expect(
            255,
            "",
            "\nWaiter EnvironmentDeployed failed: Max attempts exceeded\n",
        );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
