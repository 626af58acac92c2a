//! A list of every match through `proton-local serve` and `--endpoint-url`: sent by the server as
//! it reads its rows and printed by the client as it reads the body, with the bytes of the local
//! command, past the 10 MiB a reply read whole was once limited to; a refusal before the first
//! row is still a plain error answer; and a client that stops reading can't wedge the server.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

const LIST: &str = "AwsProton20200720.ListEnvironmentAccountConnections";

fn signed(account: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={account}/20210428/{REGION}/proton/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123"
    )
}

/// A scenario whose file holds `rows` connections from ENV_ACCOUNT to MGMT_ACCOUNT, written
/// straight into it. Each has a role of about `role_length` bytes and every other one a component
/// role as long; names, statuses and instants vary, and pairs of rows share an instant.
fn filled(rows: usize, role_length: usize) -> Scenario {
    let scenario = Scenario::new();
    // The command makes the file and its tables.
    let made = scenario.as_account(ENV_ACCOUNT).run(&[
        "list-environment-account-connections",
        "--requested-by",
        "ENVIRONMENT_ACCOUNT",
    ]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let path = "p".repeat(role_length.saturating_sub(48).min(500));
    let folders = role_length / 502 + 1;
    let mut conn = rusqlite::Connection::open(scenario.db()).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO environment_account_connections (id, region, environment_account_id, \
                 management_account_id, environment_name, status, role_arn, component_role_arn, \
                 requested_at, last_modified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .unwrap();
        for n in 0..rows {
            let role = format!(
                "arn:aws:iam::{ENV_ACCOUNT}:role/{}r{n}",
                format!("{path}/").repeat(folders)
            );
            let requested = 1_619_651_630_000i64 + (n as i64 / 2) * 1000 + 7;
            insert
                .execute(rusqlite::params![
                    format!("{n:08x}-0000-4000-8000-000000000000"),
                    REGION,
                    ENV_ACCOUNT,
                    MGMT_ACCOUNT,
                    format!("env-{n}"),
                    ["PENDING", "CONNECTED", "REJECTED"][n % 3],
                    role,
                    (n % 2 == 0).then(|| role.replace("role/", "role/component/")),
                    requested,
                    requested + (n as i64 % 5) * 250,
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    scenario
}

/// `list-environment-account-connections` of every row, locally or through `endpoint`.
fn list(scenario: &Scenario, endpoint: Option<&str>, extra: &[&str]) -> Output {
    let mut run = scenario.as_account(MGMT_ACCOUNT);
    if let Some(endpoint) = endpoint {
        run = run.env("AWS_ENDPOINT_URL", endpoint);
    }
    let mut args = vec![
        "list-environment-account-connections",
        "--requested-by",
        "MANAGEMENT_ACCOUNT",
    ];
    args.extend(extra);
    run.run(&args)
}

/// The status, the headers and the whole body of a list of every row as MGMT_ACCOUNT.
fn post_list(server: &Server, body: &str) -> (u16, http_head::Head, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut response = agent
        .post(&server.url)
        .header("X-Amz-Target", LIST)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("Authorization", signed(MGMT_ACCOUNT))
        .send(body)
        .expect("the server answers");
    let head = http_head::Head::of(&response);
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .unwrap();
    (response.status().as_u16(), head, body)
}

mod http_head {
    /// The headers of an answer that say how its body was framed.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Head {
        pub content_type: Option<String>,
        pub content_length: Option<String>,
        pub chunked: bool,
        pub request_id: bool,
    }

    impl Head {
        pub fn of(response: &ureq::http::Response<ureq::Body>) -> Head {
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_string())
            };
            Head {
                content_type: header("content-type"),
                content_length: header("content-length"),
                chunked: header("transfer-encoding").as_deref() == Some("chunked"),
                request_id: header("x-amzn-requestid").is_some(),
            }
        }
    }
}

/// 20,000 rows through the server and the client print the local command's bytes; the server
/// sends them as it reads them (chunked), as compact JSON with times in epoch seconds.
#[test]
fn a_list_of_20000_rows_through_serve_prints_the_bytes_of_the_local_command() {
    let scenario = filled(20_000, 60);
    let server = Server::start(scenario.db(), &[]);
    let local = list(&scenario, None, &[]);
    assert_eq!((local.code, local.stderr.as_str()), (0, ""));
    let served = list(&scenario, Some(&server.url), &[]);
    assert_eq!((served.code, served.stderr.as_str()), (0, ""));
    assert!(served.stdout == local.stdout, "the bytes differ");
    assert_eq!(local.stdout.matches("\"arn\"").count(), 20_000);

    let (status, head, body) = post_list(&server, r#"{"requestedBy": "MANAGEMENT_ACCOUNT"}"#);
    assert_eq!(status, 200);
    assert_eq!(
        head,
        http_head::Head {
            content_type: Some("application/x-amz-json-1.0".into()),
            content_length: None,
            chunked: true,
            request_id: true,
        }
    );
    let reply: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(reply.to_string().as_bytes() == body, "compact JSON");
    let items = reply["environmentAccountConnections"].as_array().unwrap();
    assert_eq!(items.len(), 20_000);
    assert_eq!(items[0]["requestedAt"].to_string(), "1619651630.007");
    assert_eq!(reply.as_object().unwrap().len(), 1, "no nextToken");
}

/// A list whose reply is over 10 MiB, the most a reply read whole once could be, prints the local
/// command's bytes, streamed or (`--no-paginate`) read whole.
#[test]
fn a_list_over_10_mib_through_serve_prints_the_bytes_of_the_local_command() {
    let scenario = filled(3500, 2000);
    let server = Server::start(scenario.db(), &[]);
    let (status, _, body) = post_list(&server, r#"{"requestedBy": "MANAGEMENT_ACCOUNT"}"#);
    assert_eq!(status, 200);
    assert!(body.len() > 10 << 20, "{} bytes", body.len());
    for extra in [&[][..], &["--no-paginate"], &["--output", "text"]] {
        let local = list(&scenario, None, extra);
        assert_eq!((local.code, local.stderr.as_str()), (0, ""), "{extra:?}");
        let served = list(&scenario, Some(&server.url), extra);
        assert_eq!((served.code, served.stderr.as_str()), (0, ""), "{extra:?}");
        assert!(served.stdout == local.stdout, "{extra:?}: the bytes differ");
    }
}

/// A list refused before its first row is a plain error answer, with its status, a length and
/// the same words through the client as locally.
#[test]
fn a_list_refused_before_its_first_row_is_an_error_answer() {
    let scenario = filled(500, 60);
    let server = Server::start(scenario.db(), &[]);
    let refusals = [
        (
            r#"{"requestedBy": "EVERYONE"}"#,
            "ValidationException",
            "1 validation error detected: Value 'EVERYONE' at 'requestedBy' failed to satisfy \
             constraint: Member must satisfy enum value set: [MANAGEMENT_ACCOUNT, \
             ENVIRONMENT_ACCOUNT]",
        ),
        (
            r#"{"requestedBy": "MANAGEMENT_ACCOUNT", "nextToken": "abc"}"#,
            "ValidationException",
            "The nextToken 'abc' was not issued for this query. Pass the nextToken of the \
             previous page, with the same requestedBy, environmentName and statuses.",
        ),
    ];
    for (body, code, message) in refusals {
        let (status, head, answer) = post_list(&server, body);
        let expected = serde_json::json!({"__type": code, "message": message}).to_string();
        assert_eq!(
            (status, String::from_utf8(answer).unwrap()),
            (400, expected.clone()),
            "{body}"
        );
        assert_eq!(head.content_length, Some(expected.len().to_string()));
        assert!(!head.chunked);
    }
    for args in [
        &["--requested-by", "EVERYONE"][..],
        &["--next-token", "abc"],
    ] {
        let mut local_args = vec!["list-environment-account-connections"];
        if args[0] != "--requested-by" {
            local_args.extend(["--requested-by", "MANAGEMENT_ACCOUNT"]);
        }
        local_args.extend(args);
        let local = scenario.as_account(MGMT_ACCOUNT).run(&local_args);
        let served = scenario
            .as_account(MGMT_ACCOUNT)
            .env("AWS_ENDPOINT_URL", &server.url)
            .run(&local_args);
        assert_eq!(served, local, "{args:?}");
        assert_ne!(local.code, 0);
    }
}

/// A connection that asks for a list and then reads nothing: a list of several times what the
/// sockets buffer (a few MiB on loopback) stalls the server's writes.
fn ask_and_stall(server: &Server) -> TcpStream {
    let address = server.address();
    let mut stream = TcpStream::connect(&address).unwrap();
    let body = r#"{"requestedBy": "MANAGEMENT_ACCOUNT"}"#;
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {LIST}\r\nAuthorization: {}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        signed(MGMT_ACCOUNT),
        body.len()
    )
    .unwrap();
    stream
}

/// More clients than the server has readers ask for a big list and stop reading: each gives its
/// reader back once its answer has waited `--idle-timeout`, so another client is answered long
/// before the `--lock-timeout` it would otherwise be throttled after, and each stalled answer is
/// broken off, never ended as if whole.
#[test]
fn clients_that_stop_reading_a_list_give_their_readers_back() {
    // About 27 MB: more than the sockets of a connection buffer.
    let scenario = filled(8000, 2000);
    let id = "00000001-0000-4000-8000-000000000000";
    let server = Server::start_with(
        scenario.db(),
        &["--idle-timeout", "1", "--lock-timeout", "60"],
        &[],
    );
    // One more than the server's readers (src/server/database.rs, reader_limit).
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let readers = (2 * cores).clamp(2, 16);
    let stalled: Vec<TcpStream> = (0..=readers).map(|_| ask_and_stall(&server)).collect();
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let get = scenario
        .as_account(MGMT_ACCOUNT)
        .env("AWS_ENDPOINT_URL", &server.url)
        .run(&["get-environment-account-connection", "--id", id]);
    assert_eq!((get.code, get.stderr.as_str()), (0, ""));
    assert!(
        started.elapsed() < Duration::from_secs(45),
        "{:?}",
        started.elapsed()
    );
    // A client that reads on within --idle-timeout gets its whole answer: these waited longer.
    std::thread::sleep(Duration::from_secs(5));
    for mut stream in stalled {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{}",
            &answer[..40]
        );
        assert!(answer.contains("transfer-encoding: chunked\r\n"));
        assert!(
            !answer.ends_with("\r\n0\r\n\r\n"),
            "the answer was ended as if whole"
        );
    }
}

/// Clients that stop reading for a while and then read on: whatever the moment they read on,
/// each answer is either the whole list, ended cleanly, or broken off. Before, a client that read
/// on within one `--idle-timeout` after the server had given up on a piece got the `]}` and a
/// clean end after the rows it had, and printed a short list with exit 0 (a review found 1279 of
/// 8000 rows ended that way). The pauses are spread so that some land in that window.
#[test]
fn a_list_is_whole_or_broken_off_whenever_its_client_reads_on() {
    let scenario = filled(8000, 2000);
    let server = Server::start_with(scenario.db(), &["--idle-timeout", "1"], &[]);
    let readers: Vec<_> = [1200, 1700, 2200, 2700, 3500]
        .into_iter()
        .map(|pause| {
            let mut stream = ask_and_stall(&server);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(pause));
                stream
                    .set_read_timeout(Some(Duration::from_secs(60)))
                    .unwrap();
                let mut answer = Vec::new();
                let _ = stream.read_to_end(&mut answer);
                (pause, String::from_utf8_lossy(&answer).into_owned())
            })
        })
        .collect();
    for reader in readers {
        let (pause, answer) = reader.join().unwrap();
        let items = answer.matches("\"arn\"").count();
        if answer.ends_with("\r\n0\r\n\r\n") {
            assert_eq!(
                items, 8000,
                "after {pause} ms: ended cleanly with rows missing"
            );
        }
    }
}

/// A client whose output closes partway through a list ends quietly, and the server serves on.
#[test]
fn a_client_whose_output_closes_partway_ends_quietly() {
    let scenario = filled(3000, 2000);
    let server = Server::start(scenario.db(), &[]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local"))
        .args([
            "list-environment-account-connections",
            "--requested-by",
            "MANAGEMENT_ACCOUNT",
            "--endpoint-url",
            &server.url,
        ])
        .env("AWS_ACCOUNT_ID", MGMT_ACCOUNT)
        .env("AWS_REGION", REGION)
        .env("HOME", scenario.dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 16];
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(&head, b"{\n    \"environme");
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).as_ref()
        ),
        (Some(0), "")
    );
    let again = list(&scenario, Some(&server.url), &["--output", "off"]);
    assert_eq!((again.code, again.stderr.as_str()), (0, ""));
}
