//! Issue 10's events: each status change of a connection (create, accept, reject, delete) is one
//! EventBridge event in the database, in the transaction that makes it; `proton-local events`
//! prints the caller's as JSON lines, and `--follow` sees what another process changes.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use common::*;

const FIRST: &str = "aaaa0001";
const SECOND: &str = "bbbb0002";

fn create(scenario: &Scenario, name: &str, id: &str, at: &str) {
    scenario
        .as_account(ENV_ACCOUNT)
        .at(at)
        .with_id(id)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            name,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
}

fn act(scenario: &Scenario, account: &str, command: &str, id: &str, at: &str) -> Output {
    scenario
        .as_account(account)
        .at(at)
        .run(&[command, "--id", id])
}

fn event(id: &str, time: &str, connection: &str, status: &str, previous: Option<&str>) -> String {
    let previous = previous
        .map(|previous| format!(",\"previousStatus\":\"{previous}\""))
        .unwrap_or_default();
    format!(
        "{{\"version\":\"0\",\"id\":\"{id}\",\"detail-type\":\"AWS Proton Environment Account \
         Connection Status Change\",\"source\":\"aws.proton\",\"account\":\"{ENV_ACCOUNT}\",\
         \"time\":\"{time}\",\"region\":\"us-east-1\",\"resources\":[\"arn:aws:proton:us-east-1:\
         {ENV_ACCOUNT}:environment-account-connection/{connection}\"],\"detail\":{{\"status\":\
         \"{status}\"{previous}}}}}\n"
    )
}

/// The whole lifecycle of two connections, with the changes that are no change (an accept of a
/// connected one, a reject of a rejected one, an update) in between: one event per change.
fn lifecycle(scenario: &Scenario) {
    create(scenario, "simple-env-connected", FIRST, T1);
    act(
        scenario,
        MGMT_ACCOUNT,
        "accept-environment-account-connection",
        FIRST,
        T2,
    )
    .json();
    act(
        scenario,
        MGMT_ACCOUNT,
        "accept-environment-account-connection",
        FIRST,
        T2,
    )
    .json();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T2)
        .run(&[
            "update-environment-account-connection",
            "--id",
            FIRST,
            "--role-arn",
            ROLE,
        ])
        .json();
    create(scenario, "simple-env-reject", SECOND, T1);
    act(
        scenario,
        MGMT_ACCOUNT,
        "reject-environment-account-connection",
        SECOND,
        T2,
    )
    .json();
    act(
        scenario,
        MGMT_ACCOUNT,
        "reject-environment-account-connection",
        SECOND,
        T2,
    )
    .json();
    act(
        scenario,
        ENV_ACCOUNT,
        "delete-environment-account-connection",
        FIRST,
        T2,
    )
    .json();
    act(
        scenario,
        ENV_ACCOUNT,
        "delete-environment-account-connection",
        SECOND,
        T2,
    )
    .json();
}

fn expected_events() -> String {
    [
        event(
            "fcc60b45-a536-dea0-5a15-5dad903eaba0",
            "2021-04-28T23:13:50Z",
            FIRST,
            "PENDING",
            None,
        ),
        event(
            "f4a4ea91-e59f-b469-372c-9c908b1abd46",
            "2021-04-28T23:15:33Z",
            FIRST,
            "CONNECTED",
            Some("PENDING"),
        ),
        event(
            "45da0fac-34f0-3fbc-8a06-afaa2cf7dc25",
            "2021-04-28T23:13:50Z",
            SECOND,
            "PENDING",
            None,
        ),
        event(
            "cdd9e588-18f8-fa89-f8bc-7d6575c7de64",
            "2021-04-28T23:15:33Z",
            SECOND,
            "REJECTED",
            Some("PENDING"),
        ),
        event(
            "ceb91fe7-1008-c90e-01cf-eb82127538f6",
            "2021-04-28T23:15:33Z",
            FIRST,
            "DELETED",
            Some("CONNECTED"),
        ),
        event(
            "ccf3e44f-6233-8d4d-e908-e931ce581178",
            "2021-04-28T23:15:33Z",
            SECOND,
            "DELETED",
            Some("REJECTED"),
        ),
    ]
    .concat()
}

#[test]
fn every_status_change_is_one_event_seen_by_both_accounts() {
    let scenario = Scenario::new();
    lifecycle(&scenario);
    let expected = expected_events();
    for account in [ENV_ACCOUNT, MGMT_ACCOUNT] {
        scenario
            .as_account(account)
            .run(&["events"])
            .expect(0, &expected, "");
    }
}

#[test]
fn another_account_or_region_sees_no_events() {
    let scenario = Scenario::new();
    lifecycle(&scenario);
    scenario
        .as_account(THIRD_ACCOUNT)
        .run(&["events"])
        .expect(0, "", "");
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region(OTHER_REGION)
        .run(&["events"])
        .expect(0, "", "");
}

#[test]
fn a_refused_change_records_no_event() {
    let scenario = Scenario::new();
    create(&scenario, "simple-env", FIRST, T1);
    act(
        &scenario,
        ENV_ACCOUNT,
        "accept-environment-account-connection",
        FIRST,
        T2,
    )
    .expect_error(
        "AccessDeniedException",
        "AcceptEnvironmentAccountConnection",
        &format!(
            "User: arn:aws:iam::{ENV_ACCOUNT}:root is not authorized to perform: \
                 proton:AcceptEnvironmentAccountConnection on resource: arn:aws:proton:us-east-1:\
                 {ENV_ACCOUNT}:environment-account-connection/{FIRST} (only the management account \
                 {MGMT_ACCOUNT} can accept or reject this connection)"
        ),
    );
    scenario.as_account(MGMT_ACCOUNT).run(&["events"]).expect(
        0,
        &event(
            "fcc60b45-a536-dea0-5a15-5dad903eaba0",
            "2021-04-28T23:13:50Z",
            FIRST,
            "PENDING",
            None,
        ),
        "",
    );
}

#[test]
fn events_read_the_database_not_a_server() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["--endpoint-url", "http://127.0.0.1:9", "events"])
        .expect(
            253,
            "",
            "events reads the database itself and can't be sent to a server (http://127.0.0.1:9): \
             run it without --endpoint-url (nor AWS_ENDPOINT_URL or a profile's endpoint_url), \
             with the server's --db.\n",
        );
}

/// Each event is one line of JSON: a `--query` or another `--output` would be ignored, so the
/// command line refuses them (`--output json` says what events print anyway, and passes).
#[test]
fn events_take_no_query_and_no_other_output() {
    let scenario = Scenario::new();
    for (option, value, named) in [
        ("--query", "detail", "--query"),
        ("--output", "text", "--output other than json"),
    ] {
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&["events", option, value])
            .expect(
                252,
                "",
                &format!(
                    "error: events takes no {named}: it prints each event as one line of JSON\n\n\
                 Usage: proton-local events [OPTIONS]\n\nFor more information, try '--help'.\n"
                ),
            );
    }
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["events", "--output", "json"])
        .expect(0, "", "");
}

#[test]
fn events_need_a_caller() {
    let scenario = Scenario::new();
    scenario
        .bare()
        .env("AWS_REGION", REGION)
        .run(&["events"])
        .expect(
            253,
            "",
            "You must specify an account. Pass --account-id or set AWS_ACCOUNT_ID.\n",
        );
}

/// A follower started before anything exists prints each change another process makes, as it is
/// made, and stops cleanly (exit 0) on SIGINT.
#[test]
fn follow_sees_changes_made_by_another_process() {
    let scenario = Scenario::new();
    // The database exists before the follower opens it.
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["events"])
        .expect(0, "", "");
    let mut follower = std::process::Command::new(env!("CARGO_BIN_EXE_proton-local"))
        .args([
            "events",
            "--follow",
            "--account-id",
            MGMT_ACCOUNT,
            "--region",
            REGION,
        ])
        .arg("--db")
        .arg(scenario.db())
        .env("HOME", scenario.dir())
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the follower starts");
    let (lines, received) = mpsc::channel();
    let stdout = follower.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let next = || {
        received
            .recv_timeout(Duration::from_secs(20))
            .expect("the follower prints the change")
            + "\n"
    };
    create(&scenario, "simple-env-connected", FIRST, T1);
    assert_eq!(
        next(),
        event(
            "fcc60b45-a536-dea0-5a15-5dad903eaba0",
            "2021-04-28T23:13:50Z",
            FIRST,
            "PENDING",
            None
        )
    );
    act(
        &scenario,
        MGMT_ACCOUNT,
        "accept-environment-account-connection",
        FIRST,
        T2,
    )
    .json();
    assert_eq!(
        next(),
        event(
            "f4a4ea91-e59f-b469-372c-9c908b1abd46",
            "2021-04-28T23:15:33Z",
            FIRST,
            "CONNECTED",
            Some("PENDING")
        )
    );
    unsafe { libc::kill(follower.id() as libc::pid_t, libc::SIGINT) };
    let status = follower.wait().unwrap();
    assert_eq!(status.code(), Some(0), "the follower exits 0 on SIGINT");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut follower.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr, "");
}

/// `events --follow | grep -m1 CONNECTED` ends when grep has its line: the follower sees that its
/// reader has gone without waiting for another event to write.
#[test]
fn follow_ends_when_its_reader_goes() {
    let scenario = Scenario::new();
    create(&scenario, "simple-env-connected", FIRST, T1);
    let mut follower = std::process::Command::new(env!("CARGO_BIN_EXE_proton-local"))
        .args([
            "events",
            "--follow",
            "--account-id",
            ENV_ACCOUNT,
            "--region",
            REGION,
        ])
        .arg("--db")
        .arg(scenario.db())
        .env("HOME", scenario.dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the follower starts");
    let mut first = String::new();
    BufReader::new(follower.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(
        first,
        event(
            "fcc60b45-a536-dea0-5a15-5dad903eaba0",
            "2021-04-28T23:13:50Z",
            FIRST,
            "PENDING",
            None
        )
    );
    // The reader is dropped here: the pipe has no reader left.
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = follower.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the follower still runs with no reader"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A follower whose reader has stalled (a full pipe nobody reads) still stops, exit 0, on
/// SIGINT: its write is blocked, and the signal ends it rather than waiting on the reader.
#[test]
fn follow_stops_on_sigint_while_its_reader_stalls() {
    let scenario = Scenario::new();
    create(&scenario, "simple-env-connected", FIRST, T1);
    // Far more than a pipe holds (64 KiB): the follower's first write blocks.
    let conn = rusqlite::Connection::open(scenario.db()).unwrap();
    conn.execute(
        "INSERT INTO events (time, region, environment_account_id, management_account_id, \
         connection_id, status) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) \
         SELECT 1619651630847, ?1, ?2, ?3, 'aaaa0001', 'PENDING' FROM n",
        [REGION, ENV_ACCOUNT, MGMT_ACCOUNT],
    )
    .unwrap();
    drop(conn);
    let mut follower = std::process::Command::new(env!("CARGO_BIN_EXE_proton-local"))
        .args([
            "events",
            "--follow",
            "--account-id",
            ENV_ACCOUNT,
            "--region",
            REGION,
        ])
        .arg("--db")
        .arg(scenario.db())
        .env("HOME", scenario.dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the follower starts");
    // Kept open and never read.
    let stdout = follower.stdout.take().unwrap();
    let wchan = format!("/proc/{}/wchan", follower.id());
    let started = std::time::Instant::now();
    // The kernel function it sleeps in: `pipe_write`, or `anon_pipe_write` on newer kernels.
    while !std::fs::read_to_string(&wchan)
        .unwrap_or_default()
        .contains("pipe_write")
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the follower blocks writing to the full pipe"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    unsafe { libc::kill(follower.id() as libc::pid_t, libc::SIGINT) };
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = follower.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the follower still runs after SIGINT, blocked on its stalled reader"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "the follower exits 0 on SIGINT");
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut follower.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr, "");
    // What reached the pipe is whole lines, each an event: none is cut short.
    let mut printed = String::new();
    std::io::Read::read_to_string(&mut { stdout }, &mut printed).unwrap();
    assert!(printed.ends_with('\n'), "the last line printed is whole");
    for line in printed.lines() {
        let event: serde_json::Value = serde_json::from_str(line).expect("each line is an event");
        assert_eq!(event["source"], "aws.proton");
    }
}
