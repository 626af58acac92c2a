//! CONTRACT.md section 3 (storage) and the local failures of section 6: many processes on one
//! file at once, racing read-check-writes with exactly one winner, files that can't be used
//! (exit 255, one line naming the file, nothing written, never a panic), a closed stdout pipe,
//! and where and how the file is created.

mod common;

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::*;

/// Another environment account, so that parallel writers come from two accounts.
const OTHER_ENV_ACCOUNT: &str = "555566667777";
const OTHER_ENV_ROLE: &str = "arn:aws:iam::555566667777:role/proton-role";
/// The instant each racing connection is created at.
const T0: &str = "2021-04-28T23:00:00Z";
const T0_PRINTED: &str = "2021-04-28T23:00:00+00:00";

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("proton-local")
}

/// A process of the binary as `account` in us-east-1 on `db`, started and not waited on, with
/// `env` set on top of a clean environment.
fn start(db: &Path, account: &str, env: &[(&str, &str)], args: &[&str]) -> Child {
    command(db, account, env, args)
        .spawn()
        .expect("the binary starts")
}

/// The command `start` starts, with stdout and stderr piped.
fn command(db: &Path, account: &str, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    for name in [
        "AWS_ACCOUNT_ID",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_PROTON",
        "PROTON_LOCAL_DB",
        "PROTON_LOCAL_NOW",
        "PROTON_LOCAL_NEXT_ID",
        "PROTON_LOCAL_QUOTA",
        "XDG_DATA_HOME",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(name);
    }
    cmd.env("AWS_ACCOUNT_ID", account)
        .env("AWS_REGION", REGION)
        // No profile files of the person running the tests.
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd
}

fn finish(child: Child) -> Output {
    let out = child.wait_with_output().expect("the process ends");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn create_args<'a>(name: &'a str, role: &'a str) -> Vec<&'a str> {
    vec![
        "create-environment-account-connection",
        "--environment-name",
        name,
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        role,
    ]
}

/// `list --requested-by <side>` as `account`, run alone: every connection it shows, by name.
fn listed_names(db: &Path, account: &str, side: &str) -> Vec<String> {
    let out = finish(start(
        db,
        account,
        &[],
        &[
            "list-environment-account-connections",
            "--requested-by",
            side,
        ],
    ));
    names_in(&out)
}

fn names_in(out: &Output) -> Vec<String> {
    out.json()["environmentAccountConnections"]
        .as_array()
        .expect("a list of connections")
        .iter()
        .map(|c| c["environmentName"].as_str().unwrap().to_string())
        .collect()
}

/// The lines of a `get`, `accept` or `reject` reply for a connection created at T0 by the
/// environment account with ROLE.
fn connection_reply(id: &str, name: &str, status: &str, modified: &str) -> String {
    format!(
        r#"{{
    "environmentAccountConnection": {{
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/{id}",
        "status": "{status}",
        "environmentAccountId": "111122223333",
        "environmentName": "{name}",
        "id": "{id}",
        "lastModifiedAt": "{modified}",
        "managementAccountId": "123456789012",
        "requestedAt": "{T0_PRINTED}",
        "roleArn": "{ROLE}"
    }}
}}
"#
    )
}

/// Creates `name` at T0 with `id`, as the environment account, alone.
fn create_pending(scenario: &Scenario, id: &str, name: &str) {
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T0)
        .with_id(id)
        .run(&create_args(name, ROLE))
        .expect(0, &connection_reply(id, name, "PENDING", T0_PRINTED), "");
}

/// A local failure as section 6 has it: exit 255, nothing on stdout, exactly `line` on stderr.
#[track_caller]
fn expect_local_failure(out: &Output, line: &str) {
    assert!(
        !out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"),
        "a panic: {}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "one line: {:?}", out.stderr);
    out.expect(255, "", &format!("{line}\n"));
}

fn list_args() -> [&'static str; 3] {
    [
        "list-environment-account-connections",
        "--requested-by",
        "ENVIRONMENT_ACCOUNT",
    ]
}

#[test]
fn parallel_creates_on_a_new_file_all_succeed_and_each_is_listed_once() {
    let scenario = Scenario::new();
    // Ten new files: on each, sixteen processes also race to create and migrate the file.
    for file in 0..10 {
        let db = scenario
            .dir()
            .join(format!("new-{file}/folder/proton-local.db"));
        let names: Vec<String> = (0..16).map(|i| format!("parallel-{i:02}")).collect();
        let children: Vec<Child> = names
            .iter()
            .map(|name| start(&db, ENV_ACCOUNT, &[], &create_args(name, ROLE)))
            .collect();
        let mut ids = BTreeSet::new();
        for (name, child) in names.iter().zip(children) {
            let out = finish(child);
            assert_eq!(
                (out.code, out.stderr.as_str()),
                (0, ""),
                "create {name} on new file {file}"
            );
            let connection = &out.json()["environmentAccountConnection"];
            assert_eq!(connection["environmentName"], name.as_str());
            assert_eq!(connection["status"], "PENDING");
            ids.insert(connection["id"].as_str().unwrap().to_string());
        }
        assert_eq!(ids.len(), 16, "sixteen distinct ids");

        let out = finish(start(&db, ENV_ACCOUNT, &[], &list_args()));
        let mut listed = names_in(&out);
        listed.sort();
        assert_eq!(listed, names, "every create listed exactly once");
        let listed_ids: BTreeSet<String> = out.json()["environmentAccountConnections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(listed_ids, ids);
    }
}

#[test]
fn rounds_of_parallel_creates_and_lists_lose_no_write() {
    let scenario = Scenario::new();
    let db = scenario.db();
    // The file exists before the first round (a new file is the test above).
    assert!(listed_names(db, MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT").is_empty());
    let mut created: Vec<String> = Vec::new();
    for round in 0..4 {
        // Sixteen creates from two environment accounts and four lists from both sides, all
        // started before any is waited on.
        let names: Vec<String> = (0..16).map(|i| format!("round{round}-{i:02}")).collect();
        let creates: Vec<Child> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let (account, role) = if i % 2 == 0 {
                    (ENV_ACCOUNT, ROLE)
                } else {
                    (OTHER_ENV_ACCOUNT, OTHER_ENV_ROLE)
                };
                start(db, account, &[], &create_args(name, role))
            })
            .collect();
        let lists: Vec<Child> = (0..4)
            .map(|_| {
                start(
                    db,
                    MGMT_ACCOUNT,
                    &[],
                    &[
                        "list-environment-account-connections",
                        "--requested-by",
                        "MANAGEMENT_ACCOUNT",
                    ],
                )
            })
            .collect();
        for (name, child) in names.iter().zip(creates) {
            let out = finish(child);
            assert_eq!(
                (out.code, out.stderr.as_str()),
                (0, ""),
                "create {name} in round {round}"
            );
            assert_eq!(
                out.json()["environmentAccountConnection"]["environmentName"],
                name.as_str()
            );
        }
        // A list that ran alongside sees everything of the earlier rounds and part of this one,
        // each once.
        for child in lists {
            let out = finish(child);
            assert_eq!(
                (out.code, out.stderr.as_str()),
                (0, ""),
                "a list in round {round}"
            );
            let seen = names_in(&out);
            let distinct: BTreeSet<&String> = seen.iter().collect();
            assert_eq!(distinct.len(), seen.len(), "a name listed twice: {seen:?}");
            for name in &created {
                assert!(distinct.contains(name), "{name} missing from {seen:?}");
            }
            for name in &seen {
                assert!(
                    created.contains(name) || names.contains(name),
                    "{name} was never created"
                );
            }
        }
        created.extend(names);
        let mut listed = listed_names(db, MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT");
        listed.sort();
        let mut expected = created.clone();
        expected.sort();
        assert_eq!(listed, expected, "after round {round}");
    }
    // Each environment account sees its own half.
    assert_eq!(
        listed_names(db, ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").len(),
        32
    );
    assert_eq!(
        listed_names(db, OTHER_ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").len(),
        32
    );
}

#[test]
fn racing_accept_and_reject_end_as_one_serial_order() {
    const TA: &str = "2021-04-28T23:00:01.111Z";
    const TA_PRINTED: &str = "2021-04-28T23:00:01.111000+00:00";
    const TR: &str = "2021-04-28T23:00:02.222Z";
    const TR_PRINTED: &str = "2021-04-28T23:00:02.222000+00:00";
    let scenario = Scenario::new();
    let (mut accept_first, mut reject_first) = (0, 0);
    for i in 0..20 {
        let id = format!("00000000-0000-4000-8000-{i:012x}");
        let name = format!("race-{i:02}");
        create_pending(&scenario, &id, &name);
        let accept = ["accept-environment-account-connection", "--id", &id];
        let reject = ["reject-environment-account-connection", "--id", &id];
        let start_accept = || {
            start(
                scenario.db(),
                MGMT_ACCOUNT,
                &[("PROTON_LOCAL_NOW", TA)],
                &accept,
            )
        };
        let start_reject = || {
            start(
                scenario.db(),
                MGMT_ACCOUNT,
                &[("PROTON_LOCAL_NOW", TR)],
                &reject,
            )
        };
        let (accept_child, reject_child) = if i % 2 == 0 {
            let a = start_accept();
            (a, start_reject())
        } else {
            let r = start_reject();
            (start_accept(), r)
        };
        let accepted = finish(accept_child);
        let rejected = finish(reject_child);

        // Either order ends REJECTED at TR; the reject always succeeds (a CONNECTED connection
        // may be rejected), and the accept succeeded only if it came first.
        let rejected_reply = connection_reply(&id, &name, "REJECTED", TR_PRINTED);
        rejected.expect(0, &rejected_reply, "");
        let conflict = Output {
            code: 254,
            stdout: String::new(),
            stderr: format!(
                "\nAn error occurred (ConflictException) when calling the AcceptEnvironmentAccountConnection \
                 operation: Environment account connection {id} was rejected and can't be accepted. \
                 The environment account must create a new connection.\n"
            ),
        };
        if accepted == conflict {
            reject_first += 1;
        } else {
            accepted.expect(
                0,
                &connection_reply(&id, &name, "CONNECTED", TA_PRINTED),
                "",
            );
            accept_first += 1;
        }
        scenario
            .on(MGMT_ACCOUNT, "get-environment-account-connection", &id)
            .expect(0, &rejected_reply, "");
    }
    eprintln!("accept first {accept_first} times, reject first {reject_first} times");
}

/// Runs `command` twice at once, at two instants, on each of ten new PENDING connections: there
/// is one winner, and the loser found the connection already in `status` and returned it
/// unchanged, so both print the winner's reply, and so does a get afterwards.
fn race_the_same_command_twice(id_prefix: &str, command: &str, status: &str) {
    const TIMES: [(&str, &str); 2] = [
        (
            "2021-04-28T23:00:01.111Z",
            "2021-04-28T23:00:01.111000+00:00",
        ),
        (
            "2021-04-28T23:00:02.222Z",
            "2021-04-28T23:00:02.222000+00:00",
        ),
    ];
    let scenario = Scenario::new();
    for i in 0..10 {
        let id = format!("{id_prefix}-0000-4000-8000-{i:012x}");
        let name = format!("race-{i:02}");
        create_pending(&scenario, &id, &name);
        let children: Vec<Child> = TIMES
            .iter()
            .map(|(at, _)| {
                start(
                    scenario.db(),
                    MGMT_ACCOUNT,
                    &[("PROTON_LOCAL_NOW", at)],
                    &[command, "--id", &id],
                )
            })
            .collect();
        let outs: Vec<Output> = children.into_iter().map(finish).collect();
        let winner = TIMES
            .iter()
            .map(|(_, printed)| connection_reply(&id, &name, status, printed))
            .find(|reply| outs[0].stdout == *reply)
            .unwrap_or_else(|| panic!("neither {command}'s reply: {outs:?}"));
        outs[0].expect(0, &winner, "");
        outs[1].expect(0, &winner, "");
        scenario
            .on(MGMT_ACCOUNT, "get-environment-account-connection", &id)
            .expect(0, &winner, "");
    }
}

#[test]
fn racing_accepts_have_one_winner_and_the_other_returns_its_record() {
    race_the_same_command_twice(
        "aaaaaaaa",
        "accept-environment-account-connection",
        "CONNECTED",
    );
}

#[test]
fn racing_rejects_have_one_winner_and_the_other_returns_its_record() {
    race_the_same_command_twice(
        "bbbbbbbb",
        "reject-environment-account-connection",
        "REJECTED",
    );
}

#[test]
fn racing_creates_of_one_environment_make_exactly_one_connection() {
    let scenario = Scenario::new();
    let ids: Vec<String> = (0..8)
        .map(|i| format!("cccccccc-0000-4000-8000-{i:012x}"))
        .collect();
    let children: Vec<Child> = ids
        .iter()
        .map(|id| {
            start(
                scenario.db(),
                ENV_ACCOUNT,
                &[("PROTON_LOCAL_NOW", T0), ("PROTON_LOCAL_NEXT_ID", id)],
                &create_args("contested", ROLE),
            )
        })
        .collect();
    let outs: Vec<Output> = children.into_iter().map(finish).collect();
    let winners: Vec<usize> = (0..outs.len()).filter(|&i| outs[i].code == 0).collect();
    assert_eq!(winners.len(), 1, "exactly one create wins: {outs:?}");
    let winner = &ids[winners[0]];
    for (i, out) in outs.iter().enumerate() {
        if i == winners[0] {
            out.expect(
                0,
                &connection_reply(winner, "contested", "PENDING", T0_PRINTED),
                "",
            );
        } else {
            out.expect_error(
                "ConflictException",
                "CreateEnvironmentAccountConnection",
                &format!(
                    "An environment account connection for environment contested from account 111122223333 \
                     to management account 123456789012 already exists in us-east-1: {winner} (PENDING). \
                     Use it, or delete it before asking again."
                ),
            );
        }
    }
    assert_eq!(
        listed_names(scenario.db(), ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ["contested"]
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_in_one_line_and_left_unchanged() {
    let scenario = Scenario::new();
    let db = scenario.dir().join("notes.db");
    let text = "these are my notes, not a database\n";
    std::fs::write(&db, text).unwrap();
    let db_arg = db.to_str().unwrap();
    for args in [create_args("env", ROLE), list_args().to_vec()] {
        let mut argv = vec!["--db", db_arg];
        argv.extend(args);
        let out = scenario.as_account(ENV_ACCOUNT).run(&argv);
        expect_local_failure(
            &out,
            &format!(
                "proton-local: {db_arg} is not a proton-local database: file is not a database"
            ),
        );
        assert_eq!(std::fs::read_to_string(&db).unwrap(), text);
    }
    // No journal, WAL or shared-memory file beside it either.
    let files: Vec<String> = std::fs::read_dir(scenario.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(files, ["notes.db"]);
}

#[test]
fn another_programs_sqlite_database_is_refused_in_one_line_and_left_unchanged() {
    let scenario = Scenario::new();
    let db = scenario.dir().join("photos.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE photos (name TEXT); INSERT INTO photos VALUES ('cat.jpg');")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    let db_arg = db.to_str().unwrap();
    for args in [create_args("env", ROLE), list_args().to_vec()] {
        let mut argv = vec!["--db", db_arg];
        argv.extend(args);
        let out = scenario.as_account(ENV_ACCOUNT).run(&argv);
        expect_local_failure(
            &out,
            &format!(
                "proton-local: {db_arg} is not a proton-local database: it is another program's \
                 SQLite database (1 tables and no proton-local schema)"
            ),
        );
        assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
    }
}

#[test]
fn a_database_from_a_newer_schema_is_refused_in_one_line_and_left_unchanged() {
    let scenario = Scenario::new();
    let id = scenario.create("env");
    {
        let conn = rusqlite::Connection::open(scenario.db()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = scenario.dump();
    let line = regex::Regex::new(&format!(
        r"^proton-local: database {} has schema version 99, newer than this proton-local knows \(\d+\): use a newer proton-local, or another --db\n$",
        regex::escape(scenario.db().to_str().unwrap())
    ))
    .unwrap();
    for out in [
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&create_args("env2", ROLE)),
        scenario.on(ENV_ACCOUNT, "delete-environment-account-connection", &id),
        scenario.as_account(ENV_ACCOUNT).run(&list_args()),
    ] {
        assert!(line.is_match(&out.stderr), "stderr: {:?}", out.stderr);
        expect_local_failure(&out, out.stderr.trim_end_matches('\n'));
    }
    assert_eq!(scenario.dump(), before);
    let conn = rusqlite::Connection::open(scenario.db()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_database_path_under_a_regular_file_is_refused_in_one_line() {
    let scenario = Scenario::new();
    let file = scenario.dir().join("plain.txt");
    std::fs::write(&file, "plain\n").unwrap();
    let cases = [
        (file.join("p.db"), "File exists (os error 17)"),
        (file.join("sub/p.db"), "Not a directory (os error 20)"),
    ];
    for (db, reason) in cases {
        let db_arg = db.to_str().unwrap();
        let out = scenario.as_account(ENV_ACCOUNT).run(&[
            "--db",
            db_arg,
            "list-environment-account-connections",
            "--requested-by",
            "ENVIRONMENT_ACCOUNT",
        ]);
        expect_local_failure(
            &out,
            &format!("proton-local: cannot create the folder for database {db_arg}: {reason}"),
        );
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "plain\n");
}

#[test]
fn a_database_path_that_is_a_folder_is_refused_in_one_line() {
    let scenario = Scenario::new();
    let folder = scenario.dir().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let db_arg = folder.to_str().unwrap();
    let mut argv = vec!["--db", db_arg];
    argv.extend(create_args("env", ROLE));
    let out = scenario.as_account(ENV_ACCOUNT).run(&argv);
    expect_local_failure(
        &out,
        &format!("proton-local: cannot open database {db_arg}: it is a folder; name a file"),
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn a_list_into_a_pipe_closed_early_ends_quietly_with_exit_0() {
    let scenario = Scenario::new();
    // Long roles make a large reply: several times what a pipe holds, so the writer is still
    // writing when the reader goes away.
    let long_role = format!(
        "arn:aws:iam::111122223333:role/{}{}",
        format!("{}/", "p".repeat(500)).repeat(3),
        "n".repeat(64)
    );
    for batch in 0..4 {
        let children: Vec<Child> = (0..16)
            .map(|i| {
                let name = format!("piped-{batch}-{i:02}");
                let mut args = create_args(&name, &long_role);
                args.extend(["--component-role-arn", &long_role]);
                start(scenario.db(), ENV_ACCOUNT, &[], &args)
            })
            .collect();
        for child in children {
            finish(child).json();
        }
    }
    let whole = scenario.as_account(ENV_ACCOUNT).run(&list_args());
    assert_eq!(names_in(&whole).len(), 64);
    assert!(whole.stdout.len() > 3 * 65536, "{}", whole.stdout.len());

    let mut child = start(scenario.db(), ENV_ACCOUNT, &[], &list_args());
    let mut head = [0u8; 16];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = finish(child);
    assert_eq!(&head, b"{\n    \"environme");
    out.expect(0, "", "");
}

/// A stream that takes nothing: every write fails with "No space left on device".
fn full() -> Stdio {
    Stdio::from(File::create("/dev/full").expect("/dev/full opens"))
}

#[test]
fn a_create_whose_reply_cannot_be_written_says_the_connection_was_made() {
    let scenario = Scenario::new();
    let out = command(
        scenario.db(),
        ENV_ACCOUNT,
        &[("PROTON_LOCAL_NOW", T0)],
        &create_args("unprinted", ROLE),
    )
    .stdout(full())
    .output()
    .expect("the binary runs");
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "proton-local: the CreateEnvironmentAccountConnection call succeeded and its change is \
         saved, but its reply could not be written: No space left on device (os error 28)\n"
    );
    assert_eq!(
        listed_names(scenario.db(), ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ["unprinted"]
    );
}

#[test]
fn a_read_whose_reply_cannot_be_written_is_a_local_failure() {
    let scenario = Scenario::new();
    let out = command(scenario.db(), ENV_ACCOUNT, &[], &list_args())
        .stdout(full())
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "proton-local: cannot write the output: No space left on device (os error 28)\n"
    );
}

#[test]
fn version_and_help_into_a_full_stdout_are_a_local_failure() {
    for flag in ["--version", "--help"] {
        let out = Command::new(binary())
            .arg(flag)
            .stdout(full())
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(255), "{flag}");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            "proton-local: cannot write the output: No space left on device (os error 28)\n",
            "{flag}"
        );
    }
}

#[test]
fn a_debug_log_into_a_full_stderr_changes_nothing_else() {
    let scenario = Scenario::new();
    let mut args = list_args().to_vec();
    args.push("--debug");
    let out = command(scenario.db(), ENV_ACCOUNT, &[], &args)
        .stderr(full())
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\n    \"environmentAccountConnections\": []\n}\n"
    );
}

#[test]
fn the_database_and_its_parent_folders_are_created_on_first_use_in_wal_mode() {
    let scenario = Scenario::new();
    let db = scenario.dir().join("a/b/c/proton-local.db");
    let db_arg = db.to_str().unwrap();
    // Even a read creates the file.
    let mut argv = vec!["--db", db_arg];
    argv.extend(list_args());
    scenario.as_account(ENV_ACCOUNT).run(&argv).expect(
        0,
        "{\n    \"environmentAccountConnections\": []\n}\n",
        "",
    );
    assert!(db.is_file());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert!(version >= 1, "schema version {version}");
}

#[test]
fn without_db_the_file_is_under_the_user_data_folder() {
    let scenario = Scenario::new();
    let xdg = scenario.dir().join("xdg-data");
    let create = |run: Run| {
        run.env("AWS_ACCOUNT_ID", ENV_ACCOUNT)
            .env("AWS_REGION", REGION)
            .run(&create_args("env", ROLE))
            .json()
    };
    // XDG_DATA_HOME first, else ~/.local/share.
    create(scenario.bare().env("XDG_DATA_HOME", xdg.to_str().unwrap()));
    let under_xdg = xdg.join("proton-local/proton-local.db");
    let under_home = scenario
        .dir()
        .join(".local/share/proton-local/proton-local.db");
    assert!(under_xdg.is_file());
    assert!(!under_home.exists());
    create(scenario.bare());
    assert!(under_home.is_file());
    for db in [under_xdg, under_home] {
        assert_eq!(
            listed_names(&db, ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
            ["env"]
        );
    }
}

/// `:memory:` is SQLite's name for a database that vanishes with the process: a command on it
/// would answer as if it had stored something and store nothing, and each of a server's
/// connections would have its own. Refused in one line, wherever the name comes from.
#[test]
fn sqlites_in_memory_name_is_refused_in_one_line_and_nothing_is_written() {
    let scenario = Scenario::new();
    let refusal = "proton-local: cannot use :memory: as the database: it is SQLite's name for a \
                   database in memory, which is gone when the command ends; name a file \
                   (./:memory: for a file of that name)\n";
    let mut argv = vec!["--db", ":memory:"];
    argv.extend(create_args("env", ROLE));
    scenario
        .as_account(ENV_ACCOUNT)
        .current_dir(scenario.dir())
        .run(&argv)
        .expect(255, "", refusal);
    scenario
        .as_account(ENV_ACCOUNT)
        .current_dir(scenario.dir())
        .env("PROTON_LOCAL_DB", ":memory:")
        .run(&list_args())
        .expect(255, "", refusal);
    Run::bare_command()
        .current_dir(scenario.dir())
        .run(&["serve", "--listen", "127.0.0.1:0", "--db", ":memory:"])
        .expect(255, "", refusal);
    assert_eq!(std::fs::read_dir(scenario.dir()).unwrap().count(), 0);
    // A file of that name is a file like any other.
    let mut argv = vec!["--db", "./:memory:"];
    argv.extend(list_args());
    scenario
        .as_account(ENV_ACCOUNT)
        .current_dir(scenario.dir())
        .run(&argv)
        .expect(0, "{\n    \"environmentAccountConnections\": []\n}\n", "");
    assert!(scenario.dir().join(":memory:").is_file());
}

/// A path is a path: `file:` does not make it an SQLite URI, which would write to another file
/// (`file:plain.db` is `plain.db`) or to memory (`?mode=memory`).
#[test]
fn a_path_that_starts_with_file_colon_is_that_file_not_a_uri() {
    let scenario = Scenario::new();
    for (name, id) in [
        ("file:plain.db", "aaaa0001"),
        ("file:kept.db?mode=memory", "aaaa0002"),
    ] {
        let run = || {
            scenario
                .as_account(ENV_ACCOUNT)
                .current_dir(scenario.dir())
                .env("PROTON_LOCAL_DB", name)
        };
        run()
            .at(T0)
            .with_id(id)
            .run(&create_args("env", ROLE))
            .expect(0, &connection_reply(id, "env", "PENDING", T0_PRINTED), "");
        assert_eq!(names_in(&run().run(&list_args())), ["env"], "{name}");
        assert!(scenario.dir().join(name).is_file(), "{name}");
    }
    let mut files: Vec<String> = std::fs::read_dir(scenario.dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files, ["file:kept.db?mode=memory", "file:plain.db"]);
}

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The file holds every account's connections and the secret that signs page tokens: a new one,
/// its `-wal` and `-shm`, and the folders made for it are the owner's alone. What exists already
/// keeps its mode.
#[test]
fn a_new_database_and_its_new_folders_are_private_and_existing_ones_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let scenario = Scenario::new();
    let shared = scenario.dir().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = shared.join("new/nested/proton-local.db");
    // A server keeps the database open, so its -wal and -shm are there to look at.
    let server = Server::start(&db, &[]);
    let modes: Vec<(String, u32)> = [
        shared.clone(),
        shared.join("new"),
        shared.join("new/nested"),
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ]
    .iter()
    .map(|path| {
        (
            path.strip_prefix(scenario.dir())
                .unwrap()
                .display()
                .to_string(),
            mode_of(path),
        )
    })
    .collect();
    assert_eq!(
        modes,
        [
            ("shared".to_string(), 0o755),
            ("shared/new".to_string(), 0o700),
            ("shared/new/nested".to_string(), 0o700),
            ("shared/new/nested/proton-local.db".to_string(), 0o600),
            ("shared/new/nested/proton-local.db-wal".to_string(), 0o600),
            ("shared/new/nested/proton-local.db-shm".to_string(), 0o600),
        ]
    );
    drop(server);
    // A file someone made readable stays so.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut argv = vec!["--db", db.to_str().unwrap()];
    argv.extend(create_args("env", ROLE));
    scenario.as_account(ENV_ACCOUNT).run(&argv).json();
    assert_eq!(mode_of(&db), 0o644);
}

#[test]
fn a_device_as_the_database_is_refused_and_nothing_is_left_beside_it() {
    let out = finish(start(
        Path::new("/dev/null"),
        ENV_ACCOUNT,
        &[],
        &list_args(),
    ));
    out.expect(
        255,
        "",
        "proton-local: cannot open database /dev/null: it is not a regular file; name a file\n",
    );
    assert!(!Path::new("/dev/null-journal").exists());
    assert!(!Path::new("/dev/null-wal").exists());
}

#[test]
fn a_damaged_row_is_reported_on_one_short_line_with_its_control_bytes_escaped() {
    let scenario = Scenario::new();
    let id = scenario.create("damaged");
    let conn = rusqlite::Connection::open(scenario.db()).unwrap();
    let status = format!("\u{1b}[31m{}\n", "X".repeat(1200));
    conn.execute_batch("PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    conn.execute(
        "UPDATE environment_account_connections SET status = ?1 WHERE id = ?2",
        [&status, &id],
    )
    .unwrap();
    drop(conn);
    let out =
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&["get-environment-account-connection", "--id", &id]);
    // The first 1000 characters of the message, the escape sequence's byte shown as `\x1b`,
    // then how many more there were.
    let message = format!(
        "database {}: Conversion error from type Text at index: 5, unknown connection status '{status}'",
        scenario.db().display()
    );
    let shown: String = message.chars().take(1000).collect();
    let line = format!(
        "proton-local: {}... ({} more characters)\n",
        shown.replace('\u{1b}', "\\x1b"),
        message.chars().count() - 1000
    );
    out.expect(255, "", &line);
}

/// The binary, copied where another user can run it, and a folder anyone may write in.
fn shared_folder() -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let copy = dir.path().join("proton-local");
    std::fs::copy(binary(), &copy).unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, copy)
}

#[test]
fn a_database_that_cannot_be_written_is_read_and_a_write_is_refused_in_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, copy) = shared_folder();
    let db = dir.path().join("read-only.db");
    let created = Scenario::new();
    created.create("kept");
    std::fs::copy(created.db(), &db).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // As root, permissions don't bind: the commands run as nobody. A file we made tells who we are.
    let is_root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&copy).unwrap()) == 0;
    let as_reader = |args: &[&str]| {
        let mut cmd = match is_root {
            true => {
                let mut cmd = Command::new("setpriv");
                cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                    .arg(&copy);
                cmd
            }
            false => Command::new(&copy),
        };
        let out = cmd
            .env_clear()
            .args(["--account-id", ENV_ACCOUNT, "--region", REGION, "--db"])
            .arg(&db)
            .args(args)
            .output()
            .expect("the binary runs");
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, stdout, stderr) = as_reader(&list_args());
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert!(stdout.contains("\"environmentName\": \"kept\""), "{stdout}");
    let (code, _, stderr) = as_reader(&create_args("refused", ROLE));
    assert_eq!(code, Some(255));
    assert_eq!(
        stderr,
        format!(
            "proton-local: database {}: the file is read-only\n",
            db.display()
        )
    );
    // SQLite needs the -wal and -shm beside a write-ahead-log file to read it, and only a
    // connection that may write can remove them safely, so a reader leaves them, as sqlite3 does.
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "proton-local",
            "read-only.db",
            "read-only.db-shm",
            "read-only.db-wal"
        ]
    );
}

#[test]
fn an_output_skeleton_into_a_full_stdout_claims_no_change() {
    let scenario = Scenario::new();
    let mut args = create_args("skeleton", ROLE);
    args.extend(["--generate-cli-skeleton", "output"]);
    let out = command(scenario.db(), ENV_ACCOUNT, &[], &args)
        .stdout(full())
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "proton-local: cannot write the output: No space left on device (os error 28)\n"
    );
}

/// Parallel creates of distinct environments with a quota of 5: however they interleave,
/// exactly 5 are stored and the others refused; parallel deletes give every place back, so the
/// kept count neither loses nor invents one (issue 8: the count is kept, not recounted).
#[test]
fn racing_creates_never_pass_the_quota_and_racing_deletes_give_it_back() {
    let scenario = Scenario::new();
    let quota = [("PROTON_LOCAL_QUOTA", "5")];
    let race = |names: &[String]| -> Vec<Output> {
        let children: Vec<Child> = names
            .iter()
            .map(|name| start(scenario.db(), ENV_ACCOUNT, &quota, &create_args(name, ROLE)))
            .collect();
        children.into_iter().map(finish).collect()
    };
    let refusal =
        "Account 111122223333 has reached its quota of 5 environment account connections \
                   in us-east-1. Delete connections it no longer needs.";
    for round in 0..3 {
        let names: Vec<String> = (0..12).map(|i| format!("round{round}-{i:02}")).collect();
        let outs = race(&names);
        let mut stored = Vec::new();
        for (name, out) in names.iter().zip(&outs) {
            if out.code == 0 {
                stored.push(name.clone());
            } else {
                out.expect_error(
                    "ServiceQuotaExceededException",
                    "CreateEnvironmentAccountConnection",
                    refusal,
                );
            }
        }
        assert_eq!(
            stored.len(),
            5,
            "round {round}: exactly the quota is stored: {outs:?}"
        );
        let mut listed = listed_names(scenario.db(), ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
        listed.sort();
        assert_eq!(listed, stored, "round {round}");
        // Delete them all at once: the next round has the whole quota again.
        let ids: Vec<String> = outs
            .iter()
            .filter(|out| out.code == 0)
            .map(|out| {
                out.json()["environmentAccountConnection"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let deletes: Vec<Child> = ids
            .iter()
            .map(|id| {
                start(
                    scenario.db(),
                    ENV_ACCOUNT,
                    &[],
                    &["delete-environment-account-connection", "--id", id],
                )
            })
            .collect();
        for out in deletes.into_iter().map(finish) {
            assert_eq!((out.code, out.stderr.as_str()), (0, ""));
        }
        assert!(listed_names(scenario.db(), ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").is_empty());
    }
}

/// Rows written straight into a file: one made with the first schema (user_version 1), and a
/// new one made by today's proton-local.
fn fill(db: &Path, rows: usize) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    // One secret for both files, so that their page tokens are the same bytes.
    tx.execute(
        "UPDATE meta SET value = x'000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f' \
         WHERE key = 'token_secret'",
        [],
    )
    .unwrap();
    for n in 0..rows {
        let status = ["PENDING", "CONNECTED", "REJECTED"][n % 3];
        let (account, management) = match n % 4 {
            3 => ("444455556666", MGMT_ACCOUNT),
            _ => (ENV_ACCOUNT, MGMT_ACCOUNT),
        };
        tx.execute(
            "INSERT INTO environment_account_connections (id, region, environment_account_id, \
             management_account_id, environment_name, status, role_arn, component_role_arn, \
             requested_at, last_modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            rusqlite::params![
                format!("{n:08x}-0000-4000-8000-000000000000"),
                if n % 7 == 6 { OTHER_REGION } else { REGION },
                account,
                management,
                // A name may have one open connection: names repeat among the rejected ones.
                match (status, n) {
                    ("REJECTED", _) | (_, 0..5) => format!("env-{}", n % 5),
                    _ => format!("env-{}-{n}", n % 5),
                },
                status,
                format!("arn:aws:iam::{account}:role/r{n}"),
                (n % 2 == 0).then(|| format!("arn:aws:iam::{account}:role/component")),
                // Pairs of rows share an instant, so that ties order by id.
                1_619_651_630_000i64 + (n as i64 / 2) * 1000,
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// A database from the first schema is migrated on open and then lists, pages and counts
/// exactly as a new file with the same rows.
#[test]
fn a_version_1_database_lists_and_counts_as_a_new_one() {
    let scenario = Scenario::new();
    let old = scenario.dir().join("old.db");
    let new = scenario.dir().join("new.db");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch(include_str!("fixtures/schema-v1.sql"))
        .unwrap();
    // Today's proton-local makes the new file.
    assert_eq!(finish(start(&new, ENV_ACCOUNT, &[], &list_args())).code, 0);
    fill(&old, 60);
    fill(&new, 60);
    let mut lists = Vec::new();
    for (account, side) in [
        (ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        (MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT"),
    ] {
        for filter in [
            vec![],
            vec!["--environment-name", "env-2"],
            vec!["--statuses", "REJECTED"],
            vec!["--statuses", "PENDING", "CONNECTED"],
            vec![
                "--environment-name",
                "env-1",
                "--statuses",
                "CONNECTED",
                "REJECTED",
            ],
        ] {
            for paging in [vec![], vec!["--max-results", "4"], vec!["--page-size", "3"]] {
                let mut args = vec![
                    "list-environment-account-connections",
                    "--requested-by",
                    side,
                ];
                args.extend(&filter);
                args.extend(&paging);
                lists.push((account, args));
            }
        }
    }
    // The old file first: the first command migrates it.
    for (account, args) in &lists {
        let from_old = finish(start(&old, account, &[], args));
        let from_new = finish(start(&new, account, &[], args));
        assert_eq!(from_old.code, 0, "{args:?}: {}", from_old.stderr);
        assert!(from_old.stdout.len() > 60, "{args:?}: {}", from_old.stdout);
        assert_eq!(from_old.stdout, from_new.stdout, "{args:?}");
    }
    // 60 rows: the environment account has 39 in us-east-1 (n % 4 != 3, n % 7 != 6).
    for db in [&old, &new] {
        let quota = [("PROTON_LOCAL_QUOTA", "40")];
        let out = finish(start(
            db,
            ENV_ACCOUNT,
            &quota,
            &create_args("one-more", ROLE),
        ));
        assert_eq!((out.code, out.stderr.as_str()), (0, ""));
        finish(start(
            db,
            ENV_ACCOUNT,
            &quota,
            &create_args("too-many", ROLE),
        ))
        .expect_error(
            "ServiceQuotaExceededException",
            "CreateEnvironmentAccountConnection",
            "Account 111122223333 has reached its quota of 40 environment account connections \
             in us-east-1. Delete connections it no longer needs.",
        );
    }
}

/// A list of every match is printed as it is read (JSON, off) or gathered first (the other
/// formats, --query): either way its bytes are those of the same reply printed whole, as
/// --no-paginate prints it, here for a list of several MiB, written in several pieces.
#[test]
fn a_whole_list_prints_the_bytes_of_the_reply_printed_whole() {
    let scenario = Scenario::new();
    let db = scenario.db();
    assert_eq!(finish(start(db, ENV_ACCOUNT, &[], &list_args())).code, 0);
    fill(db, 4000);
    for (account, side) in [
        (ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        (MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT"),
    ] {
        for format in ["json", "text", "table", "yaml", "yaml-stream", "off"] {
            for query in [
                None,
                Some("environmentAccountConnections[?status=='REJECTED'].[id, environmentName]"),
            ] {
                let mut args = vec![
                    "list-environment-account-connections",
                    "--requested-by",
                    side,
                    "--output",
                    format,
                ];
                if let Some(query) = query {
                    args.extend(["--query", query]);
                }
                let streamed = finish(start(db, account, &[], &args));
                args.push("--no-paginate");
                let whole = finish(start(db, account, &[], &args));
                assert_eq!(
                    (streamed.code, streamed.stderr.as_str()),
                    (0, ""),
                    "{side} {format} {query:?}"
                );
                assert!(
                    streamed.stdout == whole.stdout,
                    "{side} {format} {query:?}: the bytes differ"
                );
                if format == "json" && query.is_none() {
                    assert!(streamed.stdout.len() > 1 << 20, "{}", streamed.stdout.len());
                }
            }
        }
    }
}
