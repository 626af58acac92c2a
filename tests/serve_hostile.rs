//! `serve` against hostile requests: random bodies for every operation, random headers, random
//! bytes on a socket, and a process out of file descriptors. Whatever arrives, the server does not
//! panic or answer 5xx, every refusal is an AWS JSON error naming its code, a refused request
//! writes nothing, and the server goes on serving.
//!
//! The in-process properties drive `proton_local::fuzzing::HttpServer`, the handler the
//! `http_request` fuzz target drives too; the rest run the real binary.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use proton_local::fuzzing::{HttpServer, Served};
use proton_local::service::Operation;
use serde_json::{json, Value};

use common::*;

/// The connection made before the properties run, so that some requests find it.
const KNOWN_ID: &str = "c0ffee00-0000-4000-8000-000000000001";

/// The members of every input shape, and a few that are none.
const MEMBERS: [&str; 17] = [
    "id",
    "environmentName",
    "managementAccountId",
    "environmentAccountId",
    "roleArn",
    "componentRoleArn",
    "codebuildRoleArn",
    "clientToken",
    "tags",
    "tagKeys",
    "resourceArn",
    "requestedBy",
    "statuses",
    "maxResults",
    "nextToken",
    "key",
    "__type",
];

fn signed(account: &str, region: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={account}/20210428/{region}/proton/aws4_request, \
         SignedHeaders=host;x-amz-target, Signature=abc123"
    )
}

fn target(operation: Operation) -> String {
    format!("AwsProton20200720.{}", operation.name())
}

fn headers(pairs: &[(&str, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_bytes(value).unwrap(),
        );
    }
    map
}

/// A request as the AWS CLI signs it for ENV_ACCOUNT.
fn proper(operation: Operation) -> HeaderMap {
    let auth = signed(ENV_ACCOUNT, REGION);
    headers(&[
        ("host", b"127.0.0.1:4599"),
        ("content-type", b"application/x-amz-json-1.0"),
        ("x-amz-target", target(operation).as_bytes()),
        ("authorization", auth.as_bytes()),
    ])
}

fn error(code: &str, message: &str) -> String {
    json!({"__type": code, "message": message}).to_string()
}

/// A server on a fresh database that holds KNOWN_ID, requested by ENV_ACCOUNT.
fn server_with_a_connection(dir: &Path, default_account: Option<&str>) -> HttpServer {
    let server = HttpServer::open(&dir.join("hostile.db"), default_account, true);
    let mut create = proper(Operation::CreateEnvironmentAccountConnection);
    create.append("x-proton-local-next-id", HeaderValue::from_static(KNOWN_ID));
    let body = json!({
        "environmentName": "dev",
        "managementAccountId": MGMT_ACCOUNT,
        "roleArn": ROLE,
        "tags": [{"key": "team", "value": "a"}],
    });
    let created = server.send(Method::POST, create, body.to_string().into_bytes());
    assert_eq!(created.status, 200, "{created:?}");
    server
}

/// Sends a request and checks the properties every answer has.
fn send(server: &HttpServer, headers: HeaderMap, body: Vec<u8>) -> Served {
    let served = server.send(Method::POST, headers, body);
    if let Err(broken) = served.check() {
        panic!("{broken}: {served:?}");
    }
    served
}

/// Any JSON value: strings of every sort (and the ones the rules look for), numbers past every
/// integer type, nesting.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(vec![
            "1e400",
            "-0",
            "18446744073709551616",
            "-9223372036854775809",
            "0.0000000000000000000000000001",
            "123456789012345678901234567890e-5",
        ])
        .prop_map(|number| serde_json::from_str(number).unwrap()),
        ".{0,40}".prop_map(Value::from),
        "[\\x00-\\x7f]{0,300}".prop_map(Value::from),
        prop::sample::select(vec![
            KNOWN_ID,
            ENV_ACCOUNT,
            MGMT_ACCOUNT,
            ROLE,
            "arn:aws:proton:us-east-1:111122223333:environment-account-connection/c0ffee00-0000-4000-8000-000000000001",
            "ENVIRONMENT_ACCOUNT",
            "MANAGEMENT_ACCOUNT",
            "PENDING",
            "",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), inner), 0..6).prop_map(
                |members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(name, value)| (name.to_string(), value))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

/// A JSON object of the model's members (some twice), with any values.
fn object_body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((prop::sample::select(MEMBERS.to_vec()), any_json()), 0..6).prop_map(
        |members| {
            let text: Vec<String> = members
                .iter()
                .map(|(name, value)| format!("{}:{value}", json!(name)))
                .collect();
            // Written by hand, so that a member may come twice.
            format!("{{{}}}", text.join(",")).into_bytes()
        },
    )
}

/// A body that is near what the operation takes, or far from it.
fn hostile_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => object_body(),
        // One byte of it changed: broken JSON, invalid UTF-8, a NUL.
        2 => (object_body(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut body, at, byte)| {
            if !body.is_empty() {
                let at = at.index(body.len());
                body[at] = byte;
            }
            body
        }),
        1 => any_json().prop_map(|value| value.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
        1 => (1..5000usize, prop::bool::ANY).prop_map(|(depth, arrays)| {
            let (open, close) = if arrays { ("[", "]") } else { ("{\"id\":", "}") };
            format!("{{\"tags\":{}{}}}", open.repeat(depth), close.repeat(depth)).into_bytes()
        }),
        1 => prop::sample::select(vec![
            "{\"maxResults\": NaN}",
            "{\"maxResults\": Infinity}",
            "{\"maxResults\": -Infinity}",
            "{\"maxResults\": 1e400}",
            "{\"maxResults\": 18446744073709551616}",
            "{\"id\": \"\\ud800\"}",
            "{\"id\": \"a\\u0000b\"}",
            "{\"id\": \"abc\", \"id\": 5}",
            "{\"id\": 5, \"id\": \"abc\"}",
            "{\"id\": \"abc\"} trailing",
            "{\"id\": \"abc\"}{}",
            "\u{feff}{\"id\": \"abc\"}",
            "null",
            " \t\r\n",
        ])
        .prop_map(|text| text.as_bytes().to_vec()),
    ]
}

/// Every operation, each body: no 5xx, an AWS JSON error with a code for each refusal, no write
/// for a refused request; and whatever is not a JSON object is refused before anything else looks.
#[test]
fn every_operation_answers_hostile_bodies_with_a_clear_error_and_no_write() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_a_connection(dir.path(), None);
    let mut runner = TestRunner::new(Config {
        cases: 1024,
        failure_persistence: None,
        ..Config::default()
    });
    let operations = prop::sample::select(Operation::ALL.to_vec());
    runner
        .run(&(operations, hostile_body()), |(operation, body)| {
            let served = send(&server, proper(operation), body.clone());
            let parsed = serde_json::from_slice::<Value>(&body);
            let expected_code = match parsed {
                _ if body.iter().all(u8::is_ascii_whitespace) => None,
                Err(_) => Some("SerializationException"),
                Ok(ref value) if !value.is_object() => Some("SerializationException"),
                Ok(_) => None,
            };
            if let Some(code) = expected_code {
                let answered = served.code();
                prop_assert_eq!((served.status, answered.as_deref()), (400, Some(code)));
            }
            prop_assert!(
                [200, 400, 402, 403, 404, 409].contains(&served.status),
                "{:?}",
                served
            );
            Ok(())
        })
        .unwrap();
}

/// A few hostile bodies, answered exactly.
#[test]
fn hostile_bodies_get_these_exact_answers() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_a_connection(dir.path(), None);
    let get = Operation::GetEnvironmentAccountConnection;
    let list = Operation::ListEnvironmentAccountConnections;
    let nested = format!("{{\"id\":{}{}}}", "[".repeat(200), "]".repeat(200));
    let cases: Vec<(Operation, Vec<u8>, u16, String)> = vec![
        (
            list,
            b"{\"requestedBy\": \"ENVIRONMENT_ACCOUNT\", \"maxResults\": NaN}".to_vec(),
            400,
            error(
                "SerializationException",
                "The request body is not JSON: expected value at line 1 column 54",
            ),
        ),
        (
            get,
            b"{\"id\": \"\xff\"}".to_vec(),
            400,
            error(
                "SerializationException",
                "The request body is not JSON: invalid unicode code point at line 1 column 9",
            ),
        ),
        (
            get,
            nested.into_bytes(),
            400,
            error(
                "SerializationException",
                "The request body is not JSON: recursion limit exceeded at line 1 column 133",
            ),
        ),
        (
            get,
            b"null".to_vec(),
            400,
            error(
                "SerializationException",
                "The request body is not a JSON object.",
            ),
        ),
        (
            // Of a member given twice, the last counts, as in the SDKs' parsers.
            get,
            format!("{{\"id\": 5, \"id\": \"{KNOWN_ID}\"}}").into_bytes(),
            200,
            String::new(),
        ),
    ];
    for (operation, body, status, answer) in cases {
        let served = send(&server, proper(operation), body.clone());
        let text = String::from_utf8(served.body.clone()).unwrap();
        assert_eq!(
            served.status,
            status,
            "{}: {text}",
            String::from_utf8_lossy(&body)
        );
        if status != 200 {
            assert_eq!(text, answer, "{}", String::from_utf8_lossy(&body));
        }
    }
}

/// A header value: printable, or with bytes past ASCII (which hyper lets through and `to_str`
/// refuses), or very long.
fn header_text() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[ -~]{0,60}".prop_map(String::into_bytes),
        prop::collection::vec(prop_oneof![0x20u8..0x7f, 0x80u8..=0xff], 1..40)
            .prop_filter("not ASCII", |bytes| !bytes.is_ascii()),
        (1..70_000usize).prop_map(|n| vec![b'a'; n]),
    ]
}

/// What a generated header is, so that the answer can be foretold.
#[derive(Debug, Clone)]
enum Auth {
    Missing,
    /// Not ASCII: the server can't read it, which is as good as missing.
    Unreadable(Vec<u8>),
    NoCredential(String),
    BadScope(String),
    BadRegion(String),
    NotAnAccount(String),
    Good,
}

fn any_auth() -> impl Strategy<Value = Auth> {
    prop_oneof![
        Just(Auth::Missing),
        header_text()
            .prop_filter("not ASCII", |bytes| !bytes.is_ascii())
            .prop_map(Auth::Unreadable),
        "[ -~]{0,80}"
            .prop_filter("no credential", |text| !text.contains("Credential="))
            .prop_map(Auth::NoCredential),
        // Not five parts: fewer or more slashes.
        prop_oneof![
            "[a-z0-9]{0,20}(/[a-z0-9-]{0,10}){0,3}",
            "[a-z0-9]{1,8}(/[a-z0-9]{0,4}){5,8}"
        ]
        .prop_map(Auth::BadScope),
        "[a-zA-Z0-9_.-]{0,20}"
            .prop_filter("not a region", |region| {
                proton_local::cli::parse_region(region).is_err()
            })
            .prop_map(Auth::BadRegion),
        "[A-Z0-9]{1,24}"
            .prop_filter("not an account id", |key| {
                !(key.len() == 12 && key.bytes().all(|b| b.is_ascii_digit()))
            })
            .prop_map(Auth::NotAnAccount),
        Just(Auth::Good),
    ]
}

impl Auth {
    fn header(&self) -> Option<Vec<u8>> {
        match self {
            Auth::Missing => None,
            Auth::Unreadable(bytes) => Some(bytes.clone()),
            Auth::NoCredential(text) => Some(text.clone().into_bytes()),
            Auth::BadScope(scope) => Some(
                format!("AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host").into_bytes(),
            ),
            Auth::BadRegion(region) => Some(signed(ENV_ACCOUNT, region).into_bytes()),
            Auth::NotAnAccount(key) => Some(signed(key, REGION).into_bytes()),
            Auth::Good => Some(signed(ENV_ACCOUNT, REGION).into_bytes()),
        }
    }

    /// The refusal, when there is one.
    fn refusal(&self) -> Option<(u16, &'static str)> {
        match self {
            Auth::Missing | Auth::Unreadable(_) => {
                Some((403, "MissingAuthenticationTokenException"))
            }
            Auth::NoCredential(_) | Auth::BadScope(_) | Auth::BadRegion(_) => {
                Some((400, "IncompleteSignatureException"))
            }
            Auth::NotAnAccount(_) => Some((403, "UnrecognizedClientException")),
            Auth::Good => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Head {
    /// Allowed or refused hosts, each header once.
    hosts: Vec<(Vec<u8>, bool)>,
    /// None: no target; Some(true) a known one; Some(false) one that is not.
    target: Option<(Vec<u8>, bool)>,
    auth: Auth,
    /// A second Authorization after the first, which the server never reads.
    second_auth: Option<Vec<u8>>,
    pins: Vec<(&'static str, Vec<u8>)>,
    others: Vec<(String, Vec<u8>)>,
}

fn any_head() -> impl Strategy<Value = Head> {
    let host = prop_oneof![
        prop::sample::select(vec![
            "127.0.0.1:4599",
            "localhost",
            "[::1]:1",
            "app.localhost:80"
        ])
        .prop_map(|host| (host.as_bytes().to_vec(), true)),
        "[a-z]{1,12}\\.example(:[0-9]{1,4})?".prop_map(|host| (host.into_bytes(), false)),
        header_text()
            .prop_filter("not a host", |bytes| !bytes.is_ascii() || bytes.len() > 300)
            .prop_map(|bytes| (bytes, false)),
    ];
    let target = prop_oneof![
        Just(None),
        prop::sample::select(Operation::ALL.to_vec())
            .prop_map(|operation| Some((target(operation).into_bytes(), true))),
        "AwsProton20200720\\.Zz[A-Za-z]{0,20}".prop_map(|text| Some((text.into_bytes(), false))),
        header_text().prop_filter_map("not a target", |bytes| {
            (!bytes.is_ascii() || !bytes.starts_with(b"AwsProton20200720."))
                .then_some(Some((bytes, false)))
        }),
    ];
    let pin = (
        prop::sample::select(vec![
            "x-proton-local-now",
            "x-proton-local-next-id",
            "x-proton-local-quota",
        ]),
        header_text(),
    );
    let other = (
        "x-[a-z-]{1,20}|content-type|content-length|x-amz-date|connection"
            .prop_filter("not read by the server", |name| {
                !name.starts_with("x-amz-target") && !name.starts_with("x-proton-local-")
            }),
        header_text(),
    );
    (
        prop::collection::vec(host, 0..3),
        target,
        any_auth(),
        prop::option::of(header_text()),
        prop::collection::vec(pin, 0..3),
        prop::collection::vec(other, 0..4),
    )
        .prop_map(|(hosts, target, auth, second_auth, pins, others)| Head {
            hosts,
            target,
            auth,
            second_auth,
            pins,
            others,
        })
}

impl Head {
    fn headers(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        let mut add = |name: &str, value: &[u8]| {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_bytes(value).unwrap(),
            );
        };
        for (host, _) in &self.hosts {
            add("host", host);
        }
        if let Some((target, _)) = &self.target {
            add("x-amz-target", target);
        }
        if let Some(auth) = self.auth.header() {
            add("authorization", &auth);
            if let Some(second) = &self.second_auth {
                add("authorization", second);
            }
        }
        for (name, value) in &self.pins {
            add(name, value);
        }
        for (name, value) in &self.others {
            add(name, value);
        }
        map
    }

    /// The status and code of the answer: the first check a request fails, in the server's order
    /// (host, target, caller, body, pinned settings), else a get of an id no one has.
    fn expected(&self) -> (u16, &'static str) {
        if self.hosts.iter().any(|(_, allowed)| !allowed) {
            return (403, "UnrecognizedHostException");
        }
        match &self.target {
            Some((bytes, true)) if bytes.ends_with(b".GetEnvironmentAccountConnection") => {}
            Some((_, true)) => return (0, "the operation's own"),
            _ => return (400, "UnknownOperationException"),
        }
        if let Some(refusal) = self.auth.refusal() {
            return refusal;
        }
        // A pinned value past ASCII can't be read, and pins nothing.
        if self.pins.iter().any(|(_, value)| value.is_ascii()) {
            return (400, "ValidationException");
        }
        (404, "ResourceNotFoundException")
    }
}

/// Random headers, repeated, past ASCII, 70 KB long, on a server with no default account that
/// lets no client pin its settings: the first check a request fails names it.
#[test]
fn hostile_headers_are_refused_by_the_first_check_they_fail() {
    let dir = tempfile::tempdir().unwrap();
    let server = HttpServer::open(&dir.path().join("hostile.db"), None, false);
    let mut runner = TestRunner::new(Config {
        cases: 1024,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&any_head(), |head| {
            let served = send(&server, head.headers(), b"{\"id\": \"abc\"}".to_vec());
            match head.expected() {
                (0, _) => prop_assert!(served.status < 500),
                (status, code) => {
                    let answered = served.code();
                    prop_assert_eq!(
                        (served.status, answered.as_deref()),
                        (status, Some(code)),
                        "{}",
                        String::from_utf8_lossy(&served.body)
                    )
                }
            }
            Ok(())
        })
        .unwrap();
}

/// A few hostile headers, answered exactly.
#[test]
fn hostile_headers_get_these_exact_answers() {
    let dir = tempfile::tempdir().unwrap();
    let server = HttpServer::open(&dir.path().join("hostile.db"), None, false);
    let get = target(Operation::GetEnvironmentAccountConnection);
    let good = signed(ENV_ACCOUNT, REGION);
    let long_key = "A".repeat(5000);
    let long = signed(&long_key, REGION);
    // The headers, and the status and body of the answer.
    type Case<'a> = (Vec<(&'a str, &'a [u8])>, u16, String);
    let cases: Vec<Case> = vec![
        (
            // An Authorization header past ASCII can't be read: as good as none.
            vec![("x-amz-target", get.as_bytes()), ("authorization", "AWS4-HMAC-SHA256 Credential=ünïcode".as_bytes())],
            403,
            error("MissingAuthenticationTokenException", "Missing Authentication Token"),
        ),
        (
            vec![("x-amz-target", get.as_bytes()), ("authorization", b"AWS4-HMAC-SHA256 Credential=111122223333/20210428/us-east-1/proton")],
            400,
            error(
                "IncompleteSignatureException",
                "The Authorization header has no credential scope <key>/<date>/<region>/<service>/aws4_request: AWS4-HMAC-SHA256 Credential=111122223333/20210428/us-east-1/proton",
            ),
        ),
        (
            vec![("x-amz-target", get.as_bytes()), ("authorization", b"Bearer abc")],
            400,
            error("IncompleteSignatureException", "The Authorization header has no Credential: Bearer abc"),
        ),
        (
            vec![("x-amz-target", get.as_bytes()), ("authorization", b"AWS4-HMAC-SHA256 Credential=11112222333/20210428/us-east-1/proton/aws4_request")],
            403,
            error(
                "UnrecognizedClientException",
                "The access key id '11112222333' is not a 12-digit account id, and this server has no --default-account-id: use the calling account's id as the access key id.",
            ),
        ),
        (
            vec![("x-amz-target", get.as_bytes()), ("authorization", long.as_bytes())],
            403,
            error(
                "UnrecognizedClientException",
                &format!("The access key id '{long_key}' is not a 12-digit account id, and this server has no --default-account-id: use the calling account's id as the access key id."),
            ),
        ),
        (
            // Of two Authorization headers, the first is the caller.
            vec![("x-amz-target", get.as_bytes()), ("authorization", good.as_bytes()), ("authorization", b"nonsense")],
            404,
            error(
                "ResourceNotFoundException",
                "Environment account connection abc was not found in us-east-1 for account 111122223333.",
            ),
        ),
        (
            vec![("x-amz-target", "AwsProton20200720.GetEnvironmentAccountConnectión".as_bytes()), ("authorization", good.as_bytes())],
            400,
            error("UnknownOperationException", "The request has no X-Amz-Target header."),
        ),
        (
            vec![("host", b"localhost:4599"), ("host", "\u{e9}vil.example".as_bytes()), ("x-amz-target", get.as_bytes()), ("authorization", good.as_bytes())],
            403,
            error(
                "UnrecognizedHostException",
                "This server does not answer for the host in 'Host: \u{e9}vil.example': it answers IP addresses, localhost and its --listen host, so that no web page can reach it through a name of its own (DNS rebinding). Start it with --allow-host NAME to answer that name too.",
            ),
        ),
        (
            vec![("x-amz-target", get.as_bytes()), ("authorization", good.as_bytes()), ("x-proton-local-quota", b"\xff")],
            404,
            error(
                "ResourceNotFoundException",
                "Environment account connection abc was not found in us-east-1 for account 111122223333.",
            ),
        ),
    ];
    for (pairs, status, answer) in cases {
        let served = send(&server, headers(&pairs), b"{\"id\": \"abc\"}".to_vec());
        assert_eq!(
            (served.status, String::from_utf8(served.body).unwrap()),
            (status, answer),
            "{pairs:?}"
        );
    }
}

/// An answer read off the wire: its status line, its headers (names in lower case) and its body.
type WireAnswer = (String, Vec<(String, String)>, Vec<u8>);

/// Bytes sent on a connection of their own, which is then half closed; every answer read until
/// the server closes (or 10 seconds pass): each answer's status line, headers and body.
fn exchange(address: &str, bytes: &[u8]) -> Vec<WireAnswer> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may close before it has read everything: a reset here is no failure.
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(Shutdown::Write);
    let mut all = Vec::new();
    let _ = stream.read_to_end(&mut all);
    let mut answers = Vec::new();
    let mut rest = &all[..];
    while !rest.is_empty() {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an answer's head: {:?}", String::from_utf8_lossy(rest)));
        let head = std::str::from_utf8(&rest[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().to_string();
        let headers: Vec<(String, String)> = lines
            .map(|line| {
                let (name, value) = line.split_once(": ").unwrap();
                (name.to_ascii_lowercase(), value.to_string())
            })
            .collect();
        // An interim answer (100 Continue to `Expect: 100-continue`) has no body.
        let length: usize = match status.get(8..10) == Some(" 1") {
            true => 0,
            false => headers
                .iter()
                .find(|(name, _)| name == "content-length")
                .map(|(_, value)| value.parse().unwrap())
                .unwrap_or_else(|| panic!("no content-length in {status} {headers:?}")),
        };
        let body = rest[end + 4..end + 4 + length].to_vec();
        rest = &rest[end + 4 + length..];
        answers.push((status, headers, body));
    }
    answers
}

/// What every answer on the wire must be: no 5xx, the AWS JSON content type, a request id, and a
/// refusal an `__type` and a `message`.
fn check_wire_answer((status, headers, body): &WireAnswer) {
    // A request in HTTP/1.0 is answered in HTTP/1.0.
    let code: u16 = status
        .strip_prefix("HTTP/1.1 ")
        .or_else(|| status.strip_prefix("HTTP/1.0 "))
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {status:?}"));
    assert!(code < 500, "{status}");
    if code == 100 {
        return;
    }
    let header = |wanted: &str| {
        headers
            .iter()
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.as_str())
    };
    assert_eq!(
        header("content-type"),
        Some("application/x-amz-json-1.0"),
        "{status}"
    );
    assert!(
        header("x-amzn-requestid").is_some(),
        "{status}: a request id"
    );
    let body: Value = serde_json::from_slice(body).unwrap();
    if code != 200 {
        assert!(
            body["__type"].as_str().is_some_and(|t| !t.is_empty()),
            "{body}"
        );
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
    }
}

/// Bytes that are close to a request, or nowhere near one.
fn hostile_wire_bytes(address: String) -> impl Strategy<Value = Vec<u8>> {
    let line = prop_oneof![
        3 => prop::sample::select(vec![
            "Content-Type: application/x-amz-json-1.0",
            "X-Amz-Target: AwsProton20200720.GetEnvironmentAccountConnection",
            "Authorization: AWS4-HMAC-SHA256 Credential=111122223333/20210428/us-east-1/proton/aws4_request",
            "Content-Length: 12",
            "Content-Length: -1",
            "Content-Length: 99999999999999999999",
            "Transfer-Encoding: chunked",
            "Transfer-Encoding: gzip",
            "Expect: 100-continue",
            "Connection: close",
            "Host: evil.example",
        ])
        .prop_map(|line| line.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..40),
        1 => "[!-~]{1,20}: [ -~]{0,40}".prop_map(String::into_bytes),
    ];
    let request_line = prop_oneof![
        Just(b"POST / HTTP/1.1".to_vec()),
        "[A-Z]{1,8} /[!-~]{0,20} HTTP/[0-9]\\.[0-9]".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..30),
    ];
    let body = prop_oneof![
        Just(b"{\"id\": \"abc\"}".to_vec()),
        Just(b"5\r\n{\"id\"\r\nzz\r\n".to_vec()),
        prop::collection::vec(any::<u8>(), 0..40),
    ];
    prop_oneof![
        4 => (request_line, prop::collection::vec(line, 0..6), body).prop_map(move |(first, lines, body)| {
            let mut bytes = first;
            bytes.extend_from_slice(format!("\r\nHost: {address}").as_bytes());
            for line in lines {
                bytes.extend_from_slice(b"\r\n");
                bytes.extend_from_slice(&line);
            }
            bytes.extend_from_slice(b"\r\n\r\n");
            bytes.extend_from_slice(&body);
            bytes
        }),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ]
}

/// Random bytes on real sockets: every answer is an AWS JSON answer under 500, and the server
/// answers a proper request afterwards.
#[test]
fn hostile_bytes_on_the_wire_get_aws_json_answers_and_the_server_serves_on() {
    let scenario = Scenario::new();
    scenario.create("before");
    let before = scenario.dump();
    let server = Server::start(scenario.db(), &[]);
    let address = server.address();
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&hostile_wire_bytes(address.clone()), |bytes| {
            for answer in exchange(&address, &bytes) {
                check_wire_answer(&answer);
            }
            Ok(())
        })
        .unwrap();
    let get = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {}\r\nAuthorization: {}\r\n\
         Content-Length: 13\r\n\r\n{{\"id\": \"abc\"}}",
        target(Operation::GetEnvironmentAccountConnection),
        signed(ENV_ACCOUNT, REGION)
    );
    let answers = exchange(&address, get.as_bytes());
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].0, "HTTP/1.1 404 Not Found");
    assert_eq!(scenario.dump(), before, "nothing was written");
}

/// A few malformed requests on the wire, answered exactly.
#[test]
fn malformed_requests_on_the_wire_get_these_exact_answers() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let address = server.address();
    let bad_request = error(
        "BadRequestException",
        "The request is not HTTP/1.1 that the server can read: its request line or a header is \
         malformed.",
    );
    let cases: Vec<(String, &str, String)> = vec![
        // GET / is the console's page (tests/console.rs); other methods are not the API's.
        (
            format!("PUT / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\n\r\n"),
            "HTTP/1.1 405 Method Not Allowed",
            error("UnknownOperationException", "AWS JSON requests are POSTed."),
        ),
        (
            format!("POST / HTTP/1.1\r\nHost: {address}\r\nX-Bad: a\0b\r\n\r\n"),
            "HTTP/1.1 400 Bad Request",
            bad_request.clone(),
        ),
        (
            format!("POST / HTTP/1.1\r\nHost: {address}\r\nno colon here\r\n\r\n"),
            "HTTP/1.1 400 Bad Request",
            bad_request.clone(),
        ),
        (
            format!("POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: x\r\n\r\n"),
            "HTTP/1.1 400 Bad Request",
            bad_request.clone(),
        ),
        (
            format!("POST / HTTP/9.9\r\nHost: {address}\r\n\r\n"),
            "HTTP/1.1 400 Bad Request",
            bad_request.clone(),
        ),
        (
            format!(
                "POST / HTTP/1.1\r\nHost: {address}\r\nTransfer-Encoding: chunked\r\n\r\n\
                 zz\r\n"
            ),
            "HTTP/1.1 400 Bad Request",
            error(
                "SerializationException",
                "The request body could not be read: error reading a body from connection",
            ),
        ),
    ];
    for (request, status_line, answer) in cases {
        let answers = exchange(&address, request.as_bytes());
        assert_eq!(answers.len(), 1, "{request:?}");
        check_wire_answer(&answers[0]);
        let (status, _, body) = &answers[0];
        assert_eq!(
            (status.as_str(), String::from_utf8_lossy(body).into_owned()),
            (status_line, answer),
            "{request:?}"
        );
    }
}

/// The CPU time `pid` has used so far, in clock ticks (user and system, `/proc/PID/stat`).
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    let fields: Vec<&str> = stat.rsplit_once(") ").unwrap().1.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// A connection that has sent the start of a request's head: busy to the server, so that it can't
/// be closed to make room as an idle one would be. It is reset when dropped: a plain close reads
/// to the server as a client that half closed and still waits for its answer, which the server
/// gives up on only after the header timeout.
fn half_a_head(address: &str) -> TcpStream {
    use std::os::fd::AsRawFd;
    let mut stream = TcpStream::connect(address).unwrap();
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: setsockopt reads the struct it is given, of the size it is told, on a socket this
    // function owns.
    let set = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        )
    };
    assert_eq!(set, 0, "SO_LINGER");
    stream.write_all(b"POST / HTTP/1.1\r\n").unwrap();
    stream
}

/// Out of file descriptors, the accept loop backs off instead of spinning on an accept that fails
/// at once, new clients wait in the listen queue, and once connections close they are answered.
#[test]
fn out_of_file_descriptors_the_server_backs_off_and_answers_once_connections_close() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("emfile.db");
    let said = dir.path().join("stderr");
    // 20 descriptors: the process holds about 14 of its own, so the 7th or so connection is
    // refused by the kernel (EMFILE) before the server's own cap (8 at this limit) is reached.
    let mut child = std::process::Command::new("sh")
        .args(["-c", "ulimit -n 20 && exec \"$0\" \"$@\""])
        .arg(assert_cmd::cargo::cargo_bin("proton-local"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--header-timeout",
            "60",
            "--db",
        ])
        .arg(&db)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&said).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stderr = || std::fs::read_to_string(&said).unwrap();
    let started = std::time::Instant::now();
    while !stderr().contains('\n') {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server starts"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let address = stderr()
        .split_whitespace()
        .find_map(|word| word.strip_prefix("http://"))
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let busy: Vec<TcpStream> = (0..30).map(|_| half_a_head(&address)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(1));
    let spent = cpu_ticks(pid) - before;
    assert_eq!(child.try_wait().unwrap(), None, "the server still runs");
    // A spinning accept loop takes a whole core: 100 ticks a second.
    assert!(
        spent <= 10,
        "{spent} ticks of CPU in a second out of descriptors"
    );
    assert_eq!(
        stderr().lines().skip(1).collect::<Vec<_>>(),
        [
            "proton-local: out of file descriptors (Too many open files (os error 24)): closing \
             idle connections; new clients wait to be accepted until some close"
        ]
    );
    // A new client waits in the listen queue; its request is answered once the others close.
    let body = "{\"requestedBy\": \"ENVIRONMENT_ACCOUNT\"}";
    let list = format!(
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: {}\r\nAuthorization: {}\r\n\
         Content-Length: {}\r\n\r\n{body}",
        target(Operation::ListEnvironmentAccountConnections),
        signed(ENV_ACCOUNT, REGION),
        body.len()
    );
    let mut waiting = TcpStream::connect(&address).unwrap();
    waiting.write_all(list.as_bytes()).unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut nothing = [0; 1];
    assert!(
        waiting.read(&mut nothing).is_err(),
        "no answer while every descriptor is taken"
    );
    drop(busy);
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0; 4096];
    while !String::from_utf8_lossy(&answer).ends_with("{\"environmentAccountConnections\":[]}") {
        let read = waiting.read(&mut chunk).expect("the answer comes");
        assert!(read > 0, "closed: {}", String::from_utf8_lossy(&answer));
        answer.extend_from_slice(&chunk[..read]);
    }
    assert!(
        answer.starts_with(b"HTTP/1.1 200 OK\r\n"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// The `http_request` fuzz target's seeds are proper requests, read as the target reads them, so
/// that the fuzzer starts from requests that reach the service.
#[test]
fn the_fuzz_seeds_are_proper_requests() {
    let dir = tempfile::tempdir().unwrap();
    let server = HttpServer::open(&dir.path().join("seeds.db"), None, true);
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/http_request");
    let mut answered = Vec::new();
    // Create first, so that the others find no connection "abc" but a server with data.
    for name in [
        "create",
        "get",
        "list",
        "update",
        "accept",
        "tag",
        "list-tags",
        "get-method",
    ] {
        let data = std::fs::read(seeds.join(name)).unwrap();
        let (method, headers, body) = proton_local::fuzzing::request_of(&data);
        let served = server.send(method, headers, body);
        served.check().unwrap();
        answered.push((name, served.status, served.code()));
    }
    let not_found = Some("ResourceNotFoundException".to_string());
    assert_eq!(
        answered,
        [
            ("create", 200, None),
            ("get", 404, not_found.clone()),
            ("list", 200, None),
            ("update", 404, not_found.clone()),
            ("accept", 404, not_found.clone()),
            ("tag", 404, not_found.clone()),
            ("list-tags", 404, not_found),
            (
                "get-method",
                405,
                Some("UnknownOperationException".to_string())
            ),
        ]
    );
}
