//! `proton-local serve` as an HTTP server: the AWS JSON protocol's errors for bad requests (and
//! that it keeps serving after them), the caller from the SigV4 header, many clients at once, two
//! servers on one file, a clean stop on SIGTERM, and startup failures in one line.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;

const GET: &str = "AwsProton20200720.GetEnvironmentAccountConnection";
const CREATE: &str = "AwsProton20200720.CreateEnvironmentAccountConnection";
const UPDATE: &str = "AwsProton20200720.UpdateEnvironmentAccountConnection";

fn signed(account: &str, region: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={account}/20210428/{region}/proton/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abc123"
    )
}

/// Posts `body` with the given headers and returns the status and the body.
fn post(server: &Server, headers: &[(&str, &str)], body: &[u8]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut request = agent.post(&server.url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut response = request.send(body).expect("the server answers");
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap()),
        Some("application/x-amz-json-1.0")
    );
    assert!(
        response.headers().get("x-amzn-requestid").is_some(),
        "every answer has a request id"
    );
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

fn get_as(server: &Server, account: &str, id: &str) -> (u16, String) {
    let auth = signed(account, REGION);
    post(
        server,
        &[
            ("X-Amz-Target", GET),
            ("Content-Type", "application/x-amz-json-1.0"),
            ("Authorization", &auth),
        ],
        format!("{{\"id\": \"{id}\"}}").as_bytes(),
    )
}

fn error(code: &str, message: &str) -> String {
    serde_json::json!({"__type": code, "message": message}).to_string()
}

#[test]
fn bad_requests_get_their_own_errors_and_the_server_keeps_serving() {
    let scenario = Scenario::new();
    let id = scenario.create("served");
    let server = Server::start(scenario.db(), &[]);
    let auth = signed(ENV_ACCOUNT, REGION);
    let json = ("Content-Type", "application/x-amz-json-1.0");
    // What is wrong, the headers, the body, and the status and body of the answer.
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<u8>, u16, String);
    let cases: Vec<Case> = vec![
        (
            "no target",
            vec![json, ("Authorization", &auth)],
            b"{}".to_vec(),
            400,
            error("UnknownOperationException", "The request has no X-Amz-Target header."),
        ),
        (
            "unknown operation",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", "AwsProton20200720.CreateService")],
            b"{}".to_vec(),
            400,
            error(
                "UnknownOperationException",
                "proton-local does not know the operation AwsProton20200720.CreateService.",
            ),
        ),
        (
            "not JSON",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", GET)],
            b"{\"id\": ".to_vec(),
            400,
            error(
                "SerializationException",
                "The request body is not JSON: EOF while parsing a value at line 1 column 7",
            ),
        ),
        (
            "not an object",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", GET)],
            b"[\"id\"]".to_vec(),
            400,
            error("SerializationException", "The request body is not a JSON object."),
        ),
        (
            "wrong type",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", GET)],
            b"{\"id\": 17}".to_vec(),
            400,
            error(
                "SerializationException",
                "Member 'id' has the wrong type: invalid type: integer `17`, expected a string",
            ),
        ),
        (
            "wrong type inside a list",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", CREATE)],
            br#"{"environmentName": "e", "managementAccountId": "123456789012", "tags": [{"key": 1, "value": "v"}]}"#.to_vec(),
            400,
            error(
                "SerializationException",
                "Member 'tags[0].key' has the wrong type: invalid type: integer `1`, expected a string",
            ),
        ),
        (
            "wrong type of a role",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", UPDATE)],
            br#"{"id": "abc", "roleArn": ["arn"]}"#.to_vec(),
            400,
            error(
                "SerializationException",
                "Member 'roleArn' has the wrong type: invalid type: sequence, expected a string",
            ),
        ),
        (
            "missing member",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", GET)],
            b"{}".to_vec(),
            400,
            error(
                "ValidationException",
                "1 validation error detected: Value null at 'id' failed to satisfy constraint: Member must not be null",
            ),
        ),
        (
            "no Authorization",
            vec![json, ("X-Amz-Target", GET)],
            b"{}".to_vec(),
            403,
            error("MissingAuthenticationTokenException", "Missing Authentication Token"),
        ),
        (
            "a body over the limit",
            vec![json, ("Authorization", &auth), ("X-Amz-Target", GET)],
            vec![b' '; 2 * 1024 * 1024],
            413,
            error("RequestEntityTooLargeException", "The request body is larger than 1048576 bytes."),
        ),
    ];
    for (what, headers, body, status, answer) in cases {
        assert_eq!(post(&server, &headers, &body), (status, answer), "{what}");
        // Still serving, and the database is untouched.
        assert_eq!(get_as(&server, ENV_ACCOUNT, &id).0, 200, "after {what}");
    }
}

/// One HTTP/1.1 answer: the status line, the headers by lower-case name, and the body of its
/// Content-Length.
fn read_answer(stream: &mut impl BufRead) -> (String, BTreeMap<String, String>, String) {
    let mut line = String::new();
    stream.read_line(&mut line).unwrap();
    let status = line.trim_end().to_string();
    let mut headers = BTreeMap::new();
    loop {
        line.clear();
        stream.read_line(&mut line).unwrap();
        let Some((name, value)) = line.trim_end().split_once(": ") else {
            break;
        };
        headers.insert(name.to_ascii_lowercase(), value.to_string());
    }
    let length: usize = headers["content-length"].parse().unwrap();
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (status, headers, String::from_utf8(body).unwrap())
}

#[test]
fn an_oversized_body_is_read_to_its_end_before_the_413_and_the_connection_serves_on() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    let mut answers = BufReader::new(stream.try_clone().unwrap());
    let size = 2 * 1024 * 1024;
    let over_the_limit = 1024 * 1024 + 1;
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {GET}\r\nContent-Length: {size}\r\n\r\n"
    )
    .unwrap();
    stream.write_all(&vec![b' '; over_the_limit]).unwrap();
    // Give a server that answers as soon as it is over the limit the time to answer and close:
    // the rest of the body would then meet a closed connection (a broken pipe).
    std::thread::sleep(Duration::from_millis(200));
    stream
        .write_all(&vec![b' '; size - over_the_limit])
        .expect("the server reads the whole body");
    let (status, headers, body) = read_answer(&mut answers);
    assert_eq!(
        (status.as_str(), headers.get("connection"), body),
        (
            "HTTP/1.1 413 Payload Too Large",
            None,
            error(
                "RequestEntityTooLargeException",
                "The request body is larger than 1048576 bytes."
            )
        )
    );
    // The server knows where the next request starts, so the connection carries it.
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 2\r\n\r\n{{}}"
    )
    .unwrap();
    let (status, _, body) = read_answer(&mut answers);
    assert_eq!(
        (status.as_str(), body),
        (
            "HTTP/1.1 400 Bad Request",
            error(
                "UnknownOperationException",
                "The request has no X-Amz-Target header."
            )
        )
    );
}

#[test]
fn the_caller_is_the_access_key_id_and_the_credential_scopes_region() {
    let scenario = Scenario::new();
    let id = scenario.create("served");
    let server = Server::start(scenario.db(), &[]);
    let (status, body) = get_as(&server, MGMT_ACCOUNT, &id);
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            status,
            answer["environmentAccountConnection"]["id"].as_str()
        ),
        (200, Some(id.as_str()))
    );
    // A third account, or the right account in another region, does not see it.
    assert_eq!(get_as(&server, THIRD_ACCOUNT, &id).0, 404);
    let auth = signed(ENV_ACCOUNT, OTHER_REGION);
    let (status, _) = post(
        &server,
        &[("X-Amz-Target", GET), ("Authorization", &auth)],
        format!("{{\"id\":\"{id}\"}}").as_bytes(),
    );
    assert_eq!(status, 404);
    // An access key id that is not an account, without --default-account-id: refused.
    assert_eq!(
        get_as(&server, "AKIDEXAMPLE", &id),
        (
            403,
            error(
                "UnrecognizedClientException",
                "The access key id 'AKIDEXAMPLE' is not a 12-digit account id, and this server has no \
                 --default-account-id: use the calling account's id as the access key id."
            )
        )
    );
}

#[test]
fn default_account_id_stands_in_for_other_access_keys() {
    let scenario = Scenario::new();
    let id = scenario.create("served");
    let server = Server::start_with(scenario.db(), &["--default-account-id", MGMT_ACCOUNT], &[]);
    assert_eq!(get_as(&server, "AKIDEXAMPLE", &id).0, 200);
}

#[test]
fn many_clients_at_once_lose_nothing_and_never_see_a_locked_database() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let binary = assert_cmd::cargo::cargo_bin("proton-local");
    let client = |account: &str, args: &[&str]| {
        std::process::Command::new(&binary)
            .args([
                "--endpoint-url",
                &server.url,
                "--account-id",
                account,
                "--region",
                REGION,
            ])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let names: Vec<String> = (0..24).map(|n| format!("parallel-{n:02}")).collect();
    let creates: Vec<_> = names
        .iter()
        .map(|name| {
            client(
                ENV_ACCOUNT,
                &[
                    "create-environment-account-connection",
                    "--environment-name",
                    name,
                    "--management-account-id",
                    MGMT_ACCOUNT,
                    "--role-arn",
                    ROLE,
                ],
            )
        })
        .collect();
    let mut ids = Vec::new();
    for create in creates {
        let out = create.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), "")
        );
        let reply: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        ids.push(
            reply["environmentAccountConnection"]["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let accepts: Vec<_> = ids
        .iter()
        .map(|id| {
            client(
                MGMT_ACCOUNT,
                &["accept-environment-account-connection", "--id", id],
            )
        })
        .collect();
    for accept in accepts {
        let out = accept.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), "")
        );
    }
    let listed = scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "list-environment-account-connections",
            "--requested-by",
            "MANAGEMENT_ACCOUNT",
        ])
        .json();
    let mut seen: Vec<(String, String)> = listed["environmentAccountConnections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["environmentName"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    let expected: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.clone(), "CONNECTED".to_string()))
        .collect();
    assert_eq!(seen, expected);
}

#[test]
fn two_servers_share_one_database() {
    let scenario = Scenario::new();
    let first = Server::start(scenario.db(), &[]);
    let second = Server::start(scenario.db(), &[]);
    let created = std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local"))
        .args([
            "--endpoint-url",
            &first.url,
            "--account-id",
            ENV_ACCOUNT,
            "--region",
            REGION,
        ])
        .args([
            "create-environment-account-connection",
            "--environment-name",
            "shared",
        ])
        .args(["--management-account-id", MGMT_ACCOUNT, "--role-arn", ROLE])
        .output()
        .unwrap();
    let reply: serde_json::Value = serde_json::from_slice(&created.stdout).unwrap();
    let id = reply["environmentAccountConnection"]["id"]
        .as_str()
        .unwrap();
    let (status, body) = get_as(&second, MGMT_ACCOUNT, id);
    assert_eq!(status, 200, "{body}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    assert_eq!(get_as(&server, ENV_ACCOUNT, "abc").0, 404);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn a_server_on_a_bad_database_or_a_taken_port_fails_in_one_line() {
    let scenario = Scenario::new();
    let not_a_db = scenario.dir().join("notes.txt");
    std::fs::write(&not_a_db, "not a database\n").unwrap();
    Run::bare_command()
        .run(&[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            not_a_db.to_str().unwrap(),
        ])
        .expect(
            255,
            "",
            &format!(
                "proton-local: {} is not a proton-local database: file is not a database\n",
                not_a_db.display()
            ),
        );
    let server = Server::start(scenario.db(), &[]);
    let taken = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    Run::bare_command()
        .run(&[
            "serve",
            "--listen",
            taken,
            "--db",
            scenario.db().to_str().unwrap(),
        ])
        .expect(
            255,
            "",
            &format!(
                "proton-local: cannot listen on {taken}: Address already in use (os error 98)\n"
            ),
        );
}

#[test]
fn listen_takes_a_host_name_or_an_ip_address_and_says_where_it_listens() {
    let scenario = Scenario::new();
    // Of the addresses localhost resolves to, the server binds the first that works.
    let localhost = ("localhost", 0)
        .to_socket_addrs()
        .unwrap()
        .next()
        .expect("localhost resolves")
        .ip();
    let mut cases = vec![
        ("localhost:0", localhost),
        ("127.0.0.1:0", Ipv4Addr::LOCALHOST.into()),
    ];
    if std::net::TcpListener::bind("[::1]:0").is_ok() {
        cases.push(("[::1]:0", Ipv6Addr::LOCALHOST.into()));
    } else {
        eprintln!("no IPv6 loopback on this machine: [::1]:0 is not tried");
    }
    for (listen, ip) in cases {
        let server = Server::listening_on(listen, scenario.db(), &[], &[]);
        let port = server
            .url
            .trim_end_matches('/')
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .expect("the URL ends with a port");
        assert_eq!(
            server.said,
            format!(
                "proton-local: serving the AWS JSON protocol at http://{}/ with database {}\n",
                SocketAddr::new(ip, port),
                scenario.db().display()
            ),
            "{listen}"
        );
        assert_eq!(get_as(&server, ENV_ACCOUNT, "abc").0, 404, "{listen}");
    }
}

#[test]
fn a_listen_value_that_is_not_host_and_port_is_a_usage_error() {
    let scenario = Scenario::new();
    let unresolved = ("nowhere.invalid", 0).to_socket_addrs().unwrap_err();
    for (listen, why) in [
        (
            "localhost",
            "expected HOST:PORT, such as localhost:4599, 127.0.0.1:0 or [::1]:0".to_string(),
        ),
        (
            "localhost:http",
            "'http' is not a port: expected a number from 0 to 65535".to_string(),
        ),
        (
            "127.0.0.1:65536",
            "'65536' is not a port: expected a number from 0 to 65535".to_string(),
        ),
        (
            "::1:0",
            "an IPv6 address goes in brackets before its port: [::1]:0".to_string(),
        ),
        ("[::g]:0", "'::g' is not an IPv6 address".to_string()),
        (
            "nowhere.invalid:0",
            format!("the host 'nowhere.invalid' does not resolve: {unresolved}"),
        ),
    ] {
        Run::bare_command()
            .run(&[
                "serve",
                "--listen",
                listen,
                "--db",
                scenario.db().to_str().unwrap(),
            ])
            .expect(
                252,
                "",
                &format!(
                    "error: invalid value '{listen}' for '--listen <HOST:PORT>': {why}\n\n\
                     Usage: proton-local serve [OPTIONS]\n\n\
                     For more information, try '--help'.\n"
                ),
            );
    }
    assert!(!scenario.db().exists(), "no database is created");
}

#[test]
fn a_client_that_cannot_reach_its_endpoint_fails_in_one_line() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["--endpoint-url", "http://127.0.0.1:9/", "get-environment-account-connection", "--id", "abc"])
        .expect(
            255,
            "",
            "proton-local: Could not connect to the endpoint URL: \"http://127.0.0.1:9/\" (io: Connection refused (os error 111))\n",
        );
}

#[test]
fn sigterm_finishes_the_requests_in_flight_and_loses_none() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let binary = assert_cmd::cargo::cargo_bin("proton-local");
    let names: Vec<String> = (0..24).map(|n| format!("in-flight-{n:02}")).collect();
    let clients: Vec<_> = names
        .iter()
        .map(|name| {
            std::process::Command::new(&binary)
                .args([
                    "--endpoint-url",
                    &server.url,
                    "--account-id",
                    ENV_ACCOUNT,
                    "--region",
                    REGION,
                ])
                .args([
                    "create-environment-account-connection",
                    "--environment-name",
                    name,
                ])
                .args(["--management-account-id", MGMT_ACCOUNT, "--role-arn", ROLE])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Stop the server while the clients are still arriving.
    let url = server.url.clone();
    assert_eq!(server.stop(), Some(0));
    let mut answered = Vec::new();
    for (name, client) in names.iter().zip(clients) {
        let out = client.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => answered.push(name.clone()),
            // Turned away before it was read: one line naming the endpoint, never a half
            // answer. (The OS's words, refused or reset, vary with the moment.)
            Some(255) => {
                let turned_away = [
                    format!("proton-local: Could not connect to the endpoint URL: \"{url}\" ("),
                    format!("proton-local: The request to {url} failed: "),
                ];
                assert!(
                    stderr.lines().count() == 1
                        && turned_away
                            .iter()
                            .any(|start| stderr.starts_with(start.as_str())),
                    "{name}: {stderr}"
                );
                assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
            }
            other => panic!("{name}: exit {other:?}, {stderr}"),
        }
    }
    let listed = scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "list-environment-account-connections",
            "--requested-by",
            "ENVIRONMENT_ACCOUNT",
        ])
        .json();
    let mut stored: Vec<String> = listed["environmentAccountConnections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["environmentName"].as_str().unwrap().to_string())
        .collect();
    stored.sort();
    assert_eq!(stored, answered, "exactly the answered creates are stored");
}

/// A create of `name` as `account` (with a role of its own), with `extra` headers.
fn create_as(server: &Server, account: &str, name: &str, extra: &[(&str, &str)]) -> (u16, String) {
    let auth = signed(account, REGION);
    let mut headers = vec![("X-Amz-Target", CREATE), ("Authorization", auth.as_str())];
    headers.extend_from_slice(extra);
    let body = serde_json::json!({
        "environmentName": name,
        "managementAccountId": MGMT_ACCOUNT,
        "roleArn": format!("arn:aws:iam::{account}:role/proton"),
    });
    post(server, &headers, body.to_string().as_bytes())
}

/// The refusal of a client's x-proton-local-* headers by a server that does not allow them.
fn pins_refused(names: &str, them: &str, headers: &str) -> String {
    error(
        "ValidationException",
        &format!(
            "This server does not let its clients pin {names} (sent as {headers}): its clock, ids \
             and quota are its operator's. Unset {them} in the client, or start the server with \
             --allow-client-settings (for tests)."
        ),
    )
}

/// The clock, the ids and the quota are the operator's: a client of a shared server could
/// otherwise lift the quota, choose ids or backdate what it writes.
#[test]
fn a_client_pins_the_clock_ids_or_quota_only_where_the_server_allows_it() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[("PROTON_LOCAL_NOW", T1)]);
    let before = scenario.dump();
    let one = |name: &str| pins_refused(name, "it", "an x-proton-local-* header");
    let cases = [
        (
            vec![("x-proton-local-next-id", "abc")],
            one("PROTON_LOCAL_NEXT_ID"),
        ),
        (
            vec![("x-proton-local-quota", "1000000")],
            one("PROTON_LOCAL_QUOTA"),
        ),
        (vec![("x-proton-local-now", T2)], one("PROTON_LOCAL_NOW")),
        (vec![("x-proton-local-now", "")], one("PROTON_LOCAL_NOW")),
        (
            vec![
                ("x-proton-local-quota", "1000000"),
                ("x-proton-local-next-id", "abc"),
                ("x-proton-local-now", T2),
            ],
            pins_refused(
                "PROTON_LOCAL_NOW, PROTON_LOCAL_NEXT_ID and PROTON_LOCAL_QUOTA",
                "them",
                "x-proton-local-* headers",
            ),
        ),
    ];
    for (headers, refusal) in cases {
        assert_eq!(
            create_as(&server, ENV_ACCOUNT, "pinned", &headers),
            (400, refusal),
            "{headers:?}"
        );
    }
    assert_eq!(scenario.dump(), before, "nothing is written");
    // What the server's own setting says already changes nothing, and passes.
    let (status, body) = create_as(
        &server,
        ENV_ACCOUNT,
        "pinned",
        &[("x-proton-local-now", T1)],
    );
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            status,
            reply["environmentAccountConnection"]["requestedAt"].as_f64()
        ),
        (200, Some(1619651630.847))
    );
    // The command line as a client sends its PROTON_LOCAL_* settings as those headers.
    let create = [
        "--endpoint-url",
        &server.url,
        "create-environment-account-connection",
        "--environment-name",
        "from-the-cli",
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        ROLE,
    ];
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id("abc")
        .run(&create)
        .expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            "This server does not let its clients pin PROTON_LOCAL_NEXT_ID (sent as an \
             x-proton-local-* header): its clock, ids and quota are its operator's. Unset it in \
             the client, or start the server with --allow-client-settings (for tests).",
        );
    // A server started to allow it, for tests, takes them.
    let allowing = Server::start_with(
        scenario.db(),
        &["--allow-client-settings"],
        &[("PROTON_LOCAL_NOW", T1)],
    );
    let mut create = create.to_vec();
    create[1] = &allowing.url;
    let created = scenario
        .as_account(ENV_ACCOUNT)
        .with_id("abc")
        .at(T2)
        .run(&create)
        .json();
    assert_eq!(
        (
            created["environmentAccountConnection"]["id"].as_str(),
            created["environmentAccountConnection"]["requestedAt"].as_str()
        ),
        (Some("abc"), Some("2021-04-28T23:15:33.486000+00:00"))
    );
}

/// A third account that could pin ids would learn which ids exist (an id that is taken can't be
/// created again), though every other answer says they don't: an ordinary server gives it the
/// same refusal for a taken id and a free one.
#[test]
fn a_client_cannot_probe_a_shared_server_for_ids_it_may_not_see() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id("aaaa0001")
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "hidden",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    let server = Server::start(scenario.db(), &[]);
    let probe = |id: &str| {
        create_as(
            &server,
            THIRD_ACCOUNT,
            "probe",
            &[("x-proton-local-next-id", id)],
        )
    };
    let refused = (
        400,
        pins_refused("PROTON_LOCAL_NEXT_ID", "it", "an x-proton-local-* header"),
    );
    assert_eq!(probe("aaaa0001"), refused, "a taken id");
    assert_eq!(probe("bbbb0002"), refused, "a free id");
    assert_eq!(get_as(&server, THIRD_ACCOUNT, "aaaa0001").0, 404);
}

/// A `get` of a missing id, sent by hand to `address` with `host` as its Host header (none when
/// None): the status line and the body of the answer.
fn get_with_host(address: &str, method: &str, host: Option<&str>) -> (String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    let host = host
        .map(|host| format!("Host: {host}\r\n"))
        .unwrap_or_default();
    let auth = signed(ENV_ACCOUNT, REGION);
    let body = "{\"id\": \"abc\"}";
    write!(
        stream,
        "{method} / HTTP/1.1\r\n{host}X-Amz-Target: {GET}\r\nAuthorization: {auth}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let (status, _, body) = read_answer(&mut BufReader::new(stream));
    (status, body)
}

fn address_of(server: &Server) -> String {
    server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// A web page on a name its author controls can make that name resolve to 127.0.0.1 and reach
/// the server from a visitor's browser (DNS rebinding), with that name in Host. The server
/// answers IP addresses, localhost and the names its operator allows.
#[test]
fn a_host_name_the_server_does_not_answer_for_is_refused_against_dns_rebinding() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let address = address_of(&server);
    let port = address.rsplit_once(':').unwrap().1;
    let refused = |host: &str, name: &str| {
        (
            "HTTP/1.1 403 Forbidden".to_string(),
            error(
                "UnrecognizedHostException",
                &format!(
                    "This server does not answer for the host in 'Host: {host}': it answers IP \
                     addresses, localhost and its --listen host, so that no web page can reach it \
                     through a name of its own (DNS rebinding). Start it with --allow-host {name} \
                     to answer that name too."
                ),
            ),
        )
    };
    let answered = (
        "HTTP/1.1 404 Not Found".to_string(),
        error(
            "ResourceNotFoundException",
            "Environment account connection abc was not found in us-east-1 for account 111122223333.",
        ),
    );
    let evil = format!("evil.example:{port}");
    assert_eq!(
        get_with_host(&address, "POST", Some(&evil)),
        refused(&evil, "evil.example")
    );
    assert_eq!(
        get_with_host(&address, "GET", Some(&evil)),
        refused(&evil, "evil.example"),
        "whatever the method"
    );
    assert_eq!(
        get_with_host(&address, "POST", Some("localhost.evil.example")),
        refused("localhost.evil.example", "localhost.evil.example")
    );
    let loopback = [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
        format!("app.localhost:{port}"),
        format!("[::1]:{port}"),
        format!("192.0.2.7:{port}"),
    ];
    for host in &loopback {
        assert_eq!(
            get_with_host(&address, "POST", Some(host)),
            answered,
            "{host}"
        );
    }
    assert_eq!(get_with_host(&address, "POST", None), answered, "no Host");
    // The operator names what else to answer.
    let allowing = Server::start_with(scenario.db(), &["--allow-host", "evil.example"], &[]);
    let address = address_of(&allowing);
    assert_eq!(get_with_host(&address, "POST", Some(&evil)), answered);
    assert_eq!(
        get_with_host(&address, "POST", Some("other.example")),
        refused("other.example", "other.example")
    );
    Run::bare_command()
        .run(&["serve", "--allow-host", "evil.example:80"])
        .expect(
            252,
            "",
            "error: invalid value 'evil.example:80' for '--allow-host <HOST>': expected a host \
             name such as proton.internal, without a port, or * for any name (IP addresses are \
             always answered)\n\n\
             Usage: proton-local serve [OPTIONS]\n\n\
             For more information, try '--help'.\n",
        );
}

/// Everything `serve --listen listen` says on stderr from its start to a SIGTERM, after it has
/// answered one request.
fn stderr_of_a_served_request(listen: &str, db: &Path) -> (u16, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local"))
        .args(["serve", "--listen", listen, "--db"])
        .arg(db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = String::new();
    stderr.read_line(&mut said).unwrap();
    let port: u16 = said
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .and_then(|rest| rest.trim_end_matches('/').rsplit_once(':'))
        .and_then(|(_, port)| port.parse().ok())
        .unwrap_or_else(|| panic!("the server says where it listens: {said}"));
    get_with_host(&format!("127.0.0.1:{port}"), "POST", None);
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    (port, said)
}

#[test]
fn listening_beyond_loopback_warns_on_stderr() {
    let scenario = Scenario::new();
    let db = scenario.db().display().to_string();
    let (port, said) = stderr_of_a_served_request("0.0.0.0:0", scenario.db());
    assert_eq!(
        said,
        format!(
            "proton-local: serving the AWS JSON protocol at http://0.0.0.0:{port}/ with database {db}\n\
             proton-local: warning: 0.0.0.0:{port} can be reached from other machines, and the \
             server takes the account each request names (signatures are not checked): whoever \
             reaches it can read and change every account's connections. --listen \
             127.0.0.1:{port} keeps it to this machine.\n\
             proton-local: stopped\n"
        )
    );
    let (port, said) = stderr_of_a_served_request("127.0.0.1:0", scenario.db());
    assert_eq!(
        said,
        format!(
            "proton-local: serving the AWS JSON protocol at http://127.0.0.1:{port}/ with database {db}\n\
             proton-local: stopped\n"
        )
    );
}

/// The main thread of `pid` is blocked writing to its stderr.
fn blocked_writing_stderr(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/syscall"))
        .is_ok_and(|syscall| syscall.starts_with("1 0x2 "))
}

/// A pipe whose buffer is already full, and its read end: a process writing to it blocks until
/// the read end is read.
fn full_pipe() -> (std::fs::File, std::os::fd::OwnedFd) {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe writes two new descriptors into the array, which are owned from here on.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read, write) = unsafe {
        (
            std::fs::File::from_raw_fd(fds[0]),
            std::os::fd::OwnedFd::from_raw_fd(fds[1]),
        )
    };
    let flags = unsafe { libc::fcntl(fds[1], libc::F_GETFL) };
    unsafe { libc::fcntl(fds[1], libc::F_SETFL, flags | libc::O_NONBLOCK) };
    let mut filler = std::fs::File::from(write.try_clone().unwrap());
    while filler.write(&[b'.'; 4096]).is_ok() {}
    unsafe { libc::fcntl(fds[1], libc::F_SETFL, flags) };
    (read, write)
}

/// A signal that arrives as soon as the server says it serves stops it cleanly: the handlers are
/// in place before the line is written. The server is held inside that write (its stderr is a
/// full pipe) while the signal is sent.
#[test]
fn a_signal_sent_as_soon_as_the_server_says_it_serves_stops_it_cleanly() {
    let scenario = Scenario::new();
    for signal in ["-TERM", "-INT"] {
        let (mut stderr, write) = full_pipe();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(scenario.db())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(write))
            .spawn()
            .unwrap();
        while !blocked_writing_stderr(child.id()) {
            assert!(child.try_wait().unwrap().is_none(), "the server runs");
            std::thread::sleep(Duration::from_millis(5));
        }
        std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        let mut said = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
        let said = said.trim_start_matches('.');
        assert_eq!(
            (child.wait().unwrap().code(), said.lines().last()),
            (Some(0), Some("proton-local: stopped")),
            "{signal}: {said}"
        );
    }
}

/// Sends `bytes` on a new connection to `server` and leaves it open.
fn send_and_hold(server: &Server, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream.write_all(bytes).unwrap();
    stream
}

/// A client that holds a request half sent can't keep the server from stopping: one partway
/// through its head is closed at once, one partway through its body has the few seconds of the
/// grace.
#[test]
fn sigterm_stops_the_server_while_clients_hold_partial_requests() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let address = server.address();
    let _head = send_and_hold(
        &server,
        format!("POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Tar").as_bytes(),
    );
    // The server asks for the body (100 Continue) once the request is in its hands.
    let mut body = send_and_hold(
        &server,
        format!(
            "POST / HTTP/1.1\r\nHost: {address}\r\nExpect: 100-continue\r\n\
             Content-Length: 100\r\n\r\n"
        )
        .as_bytes(),
    );
    let mut continued = String::new();
    BufReader::new(body.try_clone().unwrap())
        .read_line(&mut continued)
        .unwrap();
    assert_eq!(continued, "HTTP/1.1 100 Continue\r\n");
    body.write_all(b"{\"id\"").unwrap();
    // The grace is 5 seconds.
    assert_eq!(server.stop_within(Duration::from_secs(15)), Some(0));
}

/// A client that sends its head a byte at a time is answered 408 once the header timeout is
/// up, and its connection closed.
#[test]
fn a_request_head_sent_too_slowly_is_answered_408_and_closed() {
    let scenario = Scenario::new();
    let server = Server::start_with(scenario.db(), &["--header-timeout", "1"], &[]);
    let stream = send_and_hold(&server, b"POST / HTTP/1.1\r\nX-Slow: ");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    // Keeps sending until the server closes the connection.
    std::thread::spawn(move || {
        while writer.write_all(b"a").is_ok() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let (status, headers, body) = read_answer(&mut BufReader::new(stream));
    assert_eq!(
        (
            status.as_str(),
            headers.get("connection").map(String::as_str),
            body
        ),
        (
            "HTTP/1.1 408 Request Timeout",
            Some("close"),
            error(
                "RequestTimeoutException",
                "The request's headers did not arrive within 1 second (--header-timeout)."
            )
        )
    );
    assert_eq!(
        headers["content-type"], "application/x-amz-json-1.0",
        "{headers:?}"
    );
    assert!(headers.contains_key("x-amzn-requestid"), "{headers:?}");
}

/// A body sent too slowly is answered 408 too.
#[test]
fn a_request_body_sent_too_slowly_is_answered_408_and_closed() {
    let scenario = Scenario::new();
    let server = Server::start_with(scenario.db(), &["--header-timeout", "1"], &[]);
    let stream = send_and_hold(
        &server,
        format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nX-Amz-Target: {GET}\r\nContent-Length: 100\r\n\r\n{{",
            server.address()
        )
        .as_bytes(),
    );
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let (status, headers, body) = read_answer(&mut BufReader::new(stream));
    assert_eq!(
        (
            status.as_str(),
            headers.get("connection").map(String::as_str),
            body
        ),
        (
            "HTTP/1.1 408 Request Timeout",
            Some("close"),
            error(
                "RequestTimeoutException",
                "The request's body did not arrive within 1 second (--header-timeout)."
            )
        )
    );
}

/// A connection that sends nothing is closed once the idle timeout is up.
#[test]
fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let scenario = Scenario::new();
    let server = Server::start_with(scenario.db(), &["--idle-timeout", "1"], &[]);
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut rest = Vec::new();
    assert_eq!(
        std::io::Read::read_to_end(&mut stream, &mut rest).map_err(|err| err.kind()),
        Ok(0),
        "closed without a word"
    );
}

/// Idle sockets can't take every descriptor the server may open: past its cap, a new client takes
/// the place of the connection idle the longest.
#[test]
fn idle_connections_beyond_the_open_file_limit_make_room_for_new_clients() {
    let scenario = Scenario::new();
    let server = Server::with_open_file_limit(256, scenario.db(), &[]);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(server.address()).unwrap())
        .collect();
    assert_eq!(
        get_as(&server, ENV_ACCOUNT, "abc"),
        (
            404,
            error(
                "ResourceNotFoundException",
                "Environment account connection abc was not found in us-east-1 for account 111122223333."
            )
        )
    );
    drop(idle);
    assert_eq!(server.stop_within(Duration::from_secs(15)), Some(0));
}

/// Holds the database's write lock, as another process's long write would, until dropped.
fn lock_database(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

/// A database locked by another process for longer than the server waits is a refusal the AWS
/// CLI and the SDKs retry (ThrottlingException), never a 500; reads go on meanwhile.
#[test]
fn a_database_locked_past_the_lock_timeout_is_a_throttling_exception() {
    let scenario = Scenario::new();
    let id = scenario.create("before-the-lock");
    let server = Server::start_with(scenario.db(), &["--lock-timeout", "1"], &[]);
    let lock = lock_database(scenario.db());
    assert_eq!(
        create_as(&server, ENV_ACCOUNT, "locked-out", &[]),
        (
            400,
            error(
                "ThrottlingException",
                &format!(
                    "Database {} stayed locked by another process for 1 second (--lock-timeout). \
                     Retry later; the AWS CLI and SDKs retry this error by themselves.",
                    scenario.db().display()
                )
            )
        )
    );
    assert_eq!(get_as(&server, ENV_ACCOUNT, &id).0, 200, "reads go on");
    drop(lock);
    assert_eq!(create_as(&server, ENV_ACCOUNT, "locked-out", &[]).0, 200);
}

/// A create whose first reply is lost (the client's read time-out fires while another process
/// holds the lock, and the server then stores it) is retried with the same client token, as
/// botocore fills one in for the model's `idempotencyToken` member: the retry answers the
/// connection the first attempt made, once, where it used to be a ConflictException with it.
#[test]
fn a_create_retried_after_its_reply_was_lost_answers_the_first_attempts_connection() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let lock = lock_database(scenario.db());
    let unlock = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(2500));
        drop(lock);
    });
    let created = scenario
        .as_account(ENV_ACCOUNT)
        .env("AWS_ENDPOINT_URL", &server.url)
        .env("AWS_MAX_ATTEMPTS", "6")
        .run(&[
            "--cli-read-timeout",
            "2",
            "create-environment-account-connection",
            "--environment-name",
            "lost-reply",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ]);
    unlock.join().unwrap();
    assert_eq!((created.code, created.stderr.as_str()), (0, ""));
    let id = created.json()["environmentAccountConnection"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = scenario.as_account(ENV_ACCOUNT).run(&[
        "list-environment-account-connections",
        "--requested-by",
        "ENVIRONMENT_ACCOUNT",
        "--query",
        "environmentAccountConnections[].id",
        "--output",
        "text",
    ]);
    listed.expect(0, &format!("{id}\n"), "");
}

/// A create sent by hand on a connection of its own; returns the stream to read the answer from.
fn send_create(address: &str, name: &str) -> TcpStream {
    let body = serde_json::json!({
        "environmentName": name,
        "managementAccountId": MGMT_ACCOUNT,
        "roleArn": ROLE,
    })
    .to_string();
    let auth = signed(ENV_ACCOUNT, REGION);
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {CREATE}\r\nAuthorization: {auth}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    stream
}

/// The number of files and sockets `pid` has open.
fn open_descriptors(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// A burst of creates queued behind another process's lock waits its turn on the server's one
/// writer: no connection to the database per request, no descriptor exhaustion, no 500.
#[test]
fn a_burst_of_creates_during_a_lock_is_answered_whole_within_the_open_file_limit() {
    let scenario = Scenario::new();
    let server = Server::with_open_file_limit(256, scenario.db(), &[]);
    let address = server.address();
    let lock = lock_database(scenario.db());
    let names: Vec<String> = (0..150).map(|n| format!("burst-{n:03}")).collect();
    let streams: Vec<TcpStream> = names
        .iter()
        .map(|name| send_create(&address, name))
        .collect();
    // The requests are in; the old pool opened a connection to the database for each.
    std::thread::sleep(Duration::from_millis(300));
    let during = open_descriptors(server.pid());
    drop(lock);
    let mut statuses = BTreeMap::new();
    for stream in streams {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let (status, _, body) = read_answer(&mut BufReader::new(stream));
        *statuses
            .entry((status, body.contains("environmentAccountConnection")))
            .or_insert(0) += 1;
    }
    assert_eq!(
        statuses,
        BTreeMap::from([(("HTTP/1.1 200 OK".to_string(), true), names.len())])
    );
    assert!(during < 256, "{during} descriptors open during the lock");
}

/// A client that shuts its side of the connection down once it has sent its request (as
/// `curl`, `nc -N` or a hand-written client may) still reads its answer.
#[test]
fn a_client_that_half_closes_after_sending_gets_its_answer() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let stream = send_create(&server.address(), "half-closed");
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let (status, _, body) = read_answer(&mut BufReader::new(stream));
    let reply: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (
            status.as_str(),
            reply["environmentAccountConnection"]["environmentName"].as_str()
        ),
        ("HTTP/1.1 200 OK", Some("half-closed"))
    );
}

/// Requests that are not HTTP/1.1 the server can read get the AWS JSON error and request id that
/// every other answer has, and the connection is closed.
#[test]
fn a_malformed_request_or_an_oversized_head_gets_an_aws_json_error_with_a_request_id() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let address = server.address();
    // Exactly the head limit, without its end: the server has read every byte when it answers,
    // so closing sends no reset that could destroy the answer.
    let mut oversized = format!("POST / HTTP/1.1\r\nHost: {address}\r\nX-Big: ").into_bytes();
    oversized.resize(64 * 1024, b'a');
    let cases: [(&[u8], &str, String); 2] = [
        (
            b"NOT AN HTTP REQUEST\r\n\r\n",
            "HTTP/1.1 400 Bad Request",
            error(
                "BadRequestException",
                "The request is not HTTP/1.1 that the server can read: its request line or a \
                 header is malformed.",
            ),
        ),
        (
            &oversized,
            "HTTP/1.1 431 Request Header Fields Too Large",
            error(
                "RequestHeaderFieldsTooLargeException",
                "The request's headers are larger than 65536 bytes.",
            ),
        ),
    ];
    for (request, status_line, answer) in cases {
        let stream = send_and_hold(&server, request);
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut answers = BufReader::new(stream);
        let (status, mut headers, body) = read_answer(&mut answers);
        let request_id = headers.remove("x-amzn-requestid").unwrap_or_default();
        assert!(
            uuid::Uuid::parse_str(&request_id).is_ok(),
            "a request id: {request_id:?}"
        );
        headers.remove("date");
        assert_eq!(
            (status.as_str(), headers, body),
            (
                status_line,
                BTreeMap::from([
                    ("connection".to_string(), "close".to_string()),
                    ("content-length".to_string(), answer.len().to_string()),
                    (
                        "content-type".to_string(),
                        "application/x-amz-json-1.0".to_string()
                    ),
                ]),
                answer.clone()
            )
        );
        let mut rest = Vec::new();
        std::io::Read::read_to_end(&mut answers, &mut rest).unwrap();
        assert!(rest.is_empty(), "then the connection closes");
    }
    assert_eq!(get_as(&server, ENV_ACCOUNT, "abc").0, 404, "still serving");
}

/// The port `pid` listens on, once it does.
fn listening_port(child: &mut std::process::Child) -> u16 {
    let pid = child.id();
    loop {
        let sockets: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|fds| {
                fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
                    .filter_map(|link| {
                        let link = link.to_string_lossy().into_owned();
                        Some(
                            link.strip_prefix("socket:[")?
                                .strip_suffix(']')?
                                .to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let table = std::fs::read_to_string(format!("/proc/{pid}/net/tcp")).unwrap_or_default();
        // sl local_address rem_address st ... inode
        for line in table.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.get(3) == Some(&"0A")
                && fields
                    .get(9)
                    .is_some_and(|i| sockets.iter().any(|s| s == i))
            {
                let port = fields[1].rsplit_once(':').unwrap().1;
                return u16::from_str_radix(port, 16).unwrap();
            }
        }
        assert!(child.try_wait().unwrap().is_none(), "the server runs");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A server whose stderr can't be written (a full disk, a closed terminal) serves all the same:
/// its log lines are dropped, not its requests.
#[test]
fn a_server_whose_stderr_cannot_be_written_serves_and_stops_cleanly() {
    let scenario = Scenario::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db"])
        .arg(scenario.db())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .spawn()
        .unwrap();
    let port = listening_port(&mut child);
    assert_eq!(
        get_with_host(&format!("127.0.0.1:{port}"), "POST", None).0,
        "HTTP/1.1 404 Not Found"
    );
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// The tagging operations on the wire: the empty structure `{}` for tag and untag, the model's
/// `tags` list, and each refusal with its HTTP status and `__type`.
#[test]
fn tagging_speaks_the_aws_json_protocol() {
    let scenario = Scenario::new();
    let id = scenario.create("tagged");
    let arn = format!("arn:aws:proton:{REGION}:{ENV_ACCOUNT}:environment-account-connection/{id}");
    let server = Server::start(scenario.db(), &[]);
    let call = |account: &str, operation: &str, body: serde_json::Value| {
        let auth = signed(account, REGION);
        let target = format!("AwsProton20200720.{operation}");
        post(
            &server,
            &[
                ("X-Amz-Target", target.as_str()),
                ("Content-Type", "application/x-amz-json-1.0"),
                ("Authorization", &auth),
            ],
            body.to_string().as_bytes(),
        )
    };
    let tags = serde_json::json!({"resourceArn": arn, "tags": [{"key": "b", "value": "2"}, {"key": "a", "value": ""}]});
    assert_eq!(
        call(ENV_ACCOUNT, "TagResource", tags.clone()),
        (200, "{}".to_string())
    );
    let (status, page) = call(
        ENV_ACCOUNT,
        "ListTagsForResource",
        serde_json::json!({"resourceArn": arn, "maxResults": 1}),
    );
    let page: serde_json::Value = serde_json::from_str(&page).unwrap();
    assert_eq!(status, 200);
    assert_eq!(page["tags"], serde_json::json!([{"key": "a", "value": ""}]));
    let token = page["nextToken"].as_str().unwrap();
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+=/".contains(&b)));
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "ListTagsForResource",
            serde_json::json!({"resourceArn": arn, "maxResults": 1, "nextToken": token})
        ),
        (200, r#"{"tags":[{"key":"b","value":"2"}]}"#.to_string())
    );
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "UntagResource",
            serde_json::json!({"resourceArn": arn, "tagKeys": ["a", "missing"]})
        ),
        (200, "{}".to_string())
    );
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "ListTagsForResource",
            serde_json::json!({"resourceArn": arn})
        ),
        (200, r#"{"tags":[{"key":"b","value":"2"}]}"#.to_string())
    );
    // Refusals, each with the model's status.
    assert_eq!(call(MGMT_ACCOUNT, "TagResource", tags.clone()).0, 403);
    assert_eq!(
        call(THIRD_ACCOUNT, "TagResource", tags.clone()),
        (
            404,
            error(
                "ResourceNotFoundException",
                &format!("Resource {arn} was not found in {REGION} for account {THIRD_ACCOUNT}.")
            )
        )
    );
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "UntagResource",
            serde_json::json!({"resourceArn": arn})
        ),
        (
            400,
            error(
                "ValidationException",
                "1 validation error detected: Value null at 'tagKeys' failed to satisfy \
                 constraint: Member must not be null"
            )
        )
    );
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "TagResource",
            serde_json::json!({"resourceArn": arn, "tags": "x"})
        )
        .0,
        400
    );
    assert_eq!(
        call(
            ENV_ACCOUNT,
            "ListTagsForResource",
            serde_json::json!({"resourceArn": "x"})
        )
        .0,
        400
    );
}
