//! Issue 10's console in a real browser: tests/clients/console_check.py drives the system's
//! headless Chromium (`apt-get install chromium chromium-driver`, as .ci/run does) through
//! Selenium (installed from PyPI by scripts/browser-clients.sh) against a `proton-local serve`:
//! the seed's console workflow as the two accounts, what a third account and another Region see,
//! an error on the page, and changes made with the command line showing in the open page.
//!
//! Screenshots go to target/console-screenshots; `SNAPSHOTS=overwrite` also copies them to
//! docs/screenshots, which the README shows. Without Chromium the test says so and passes, except
//! in CI (`CI` set), which installs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first of `names` on PATH.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|folder| folder.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The virtual environment with Selenium, installed when it is not there yet (which needs PyPI).
fn selenium() -> PathBuf {
    let out = Command::new("bash")
        .arg("scripts/browser-clients.sh")
        .current_dir(manifest_dir())
        .output()
        .expect("bash runs scripts/browser-clients.sh");
    assert!(
        out.status.success(),
        "scripts/browser-clients.sh could not install Selenium (it needs PyPI when \
         target/browser-clients is not there yet): {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let venv = manifest_dir().join(
        std::env::var_os("PROTON_LOCAL_BROWSER_VENV")
            .unwrap_or_else(|| "target/browser-clients".into()),
    );
    venv.join("bin/python")
}

fn copy_screenshots(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn the_seed_console_workflow_in_headless_chromium() {
    let browser = program(&["chromium", "chromium-browser"]);
    let driver = program(&["chromedriver"]);
    let (Some(browser), Some(driver)) = (browser, driver) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium and chromedriver: .ci/run installs chromium chromium-driver"
        );
        eprintln!(
            "SKIPPED: the console test needs Chromium and chromedriver on PATH \
             (apt-get install chromium chromium-driver)"
        );
        return;
    };
    let python = selenium();
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let shots = manifest_dir().join("target/console-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    let out = Command::new(python)
        .arg(manifest_dir().join("tests/clients/console_check.py"))
        .arg(&server.url)
        .arg(env!("CARGO_BIN_EXE_proton-local"))
        .arg(scenario.db())
        .arg(&shots)
        .arg(&browser)
        .arg(&driver)
        .env("HOME", scenario.dir())
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.ends_with("console check passed\n"),
        "the console check failed: {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    for name in [
        "environment-account.png",
        "management-account.png",
        "request-to-connect-error.png",
    ] {
        assert!(shots.join(name).is_file(), "{name} was taken");
    }
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        copy_screenshots(&shots, &manifest_dir().join("docs/screenshots"));
    }
    drop(server);
}

/// One HTTP/1.1 request on a connection of its own: the status line, the headers (lowercased
/// names) and the body.
fn http_get(
    server: &Server,
    path: &str,
    headers: &[(&str, &str)],
) -> (String, Vec<String>, String) {
    use std::io::{Read, Write};
    let address = server
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request.push_str(&format!("Host: {address}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().to_string();
    let headers = lines.map(|line| line.to_ascii_lowercase()).collect();
    (status, headers, body.to_string())
}

fn signed(account: &str, region: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={account}/20210428/{region}/proton/aws4_request, \
         SignedHeaders=host, Signature=abc"
    )
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let (status, headers, body) = http_get(&server, "/", &[]);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(headers.contains(&"content-type: text/html; charset=utf-8".to_string()));
    assert!(headers
        .iter()
        .any(|h| h.starts_with("content-security-policy: default-src 'none'")));
    assert!(body.contains("<h1>Environment account connections</h1>"));
    for (path, content_type) in [
        (
            "/console.js",
            "content-type: text/javascript; charset=utf-8",
        ),
        ("/console.css", "content-type: text/css; charset=utf-8"),
    ] {
        let (status, headers, _) = http_get(&server, path, &[]);
        assert_eq!(status, "HTTP/1.1 200 OK", "{path}");
        assert!(
            headers.contains(&content_type.to_string()),
            "{path}: {headers:?}"
        );
    }
    let (status, _, body) = http_get(&server, "/nothing-here", &[]);
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert_eq!(
        body,
        "Not found. The console is at /; the AWS JSON API is POST /.\n"
    );
}

#[test]
fn the_page_is_refused_on_a_host_name_the_server_does_not_answer_for() {
    let scenario = Scenario::new();
    let server = Server::start(scenario.db(), &[]);
    let (status, _, body) = http_get(&server, "/", &[("Host", "evil.example")]);
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    assert_eq!(
        body,
        serde_json::json!({
            "__type": "UnrecognizedHostException",
            "message": "This server does not answer for the host in 'Host: evil.example': it \
                answers IP addresses, localhost and its --listen host, so that no web page can \
                reach it through a name of its own (DNS rebinding). Start it with --allow-host \
                evil.example to answer that name too."
        })
        .to_string()
    );
}

/// GET /events answers the caller of its Authorization header, as the API would: the two
/// accounts of a connection see its events, a third account and another Region none.
#[test]
fn the_page_follows_the_events_of_its_caller_only() {
    let scenario = Scenario::new();
    scenario.request_at_t1("aaaa0001", &[]);
    let server = Server::start(scenario.db(), &[]);
    let event = serde_json::json!({
        "version": "0",
        "id": "fcc60b45-a536-dea0-5a15-5dad903eaba0",
        "detail-type": "AWS Proton Environment Account Connection Status Change",
        "source": "aws.proton",
        "account": ENV_ACCOUNT,
        "time": "2021-04-28T23:13:50Z",
        "region": REGION,
        "resources": [format!("arn:aws:proton:us-east-1:{ENV_ACCOUNT}:environment-account-connection/aaaa0001")],
        "detail": {"status": "PENDING"}
    });
    for account in [ENV_ACCOUNT, MGMT_ACCOUNT] {
        let (status, _, body) = http_get(
            &server,
            "/events?after=0",
            &[("Authorization", &signed(account, REGION))],
        );
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert_eq!(
            body,
            serde_json::json!({"events": [{"seq": 1, "event": event}], "last": 1}).to_string()
        );
        let (_, _, body) = http_get(
            &server,
            "/events?after=1",
            &[("Authorization", &signed(account, REGION))],
        );
        assert_eq!(body, r#"{"events":[],"last":1}"#);
        let (_, _, body) = http_get(
            &server,
            "/events?after=newest",
            &[("Authorization", &signed(account, REGION))],
        );
        assert_eq!(body, r#"{"events":[],"last":1}"#, "{account}: newest");
    }
    for (account, region) in [(THIRD_ACCOUNT, REGION), (ENV_ACCOUNT, OTHER_REGION)] {
        let (_, _, body) = http_get(
            &server,
            "/events",
            &[("Authorization", &signed(account, region))],
        );
        assert_eq!(body, r#"{"events":[],"last":0}"#, "{account} {region}");
        // Where to follow from says nothing of other accounts' events either.
        let (_, _, body) = http_get(
            &server,
            "/events?after=newest",
            &[("Authorization", &signed(account, region))],
        );
        assert_eq!(
            body, r#"{"events":[],"last":0}"#,
            "{account} {region}: newest"
        );
    }
    let (status, _, body) = http_get(&server, "/events", &[]);
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    assert_eq!(
        body,
        r#"{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}"#
    );
    let (status, _, body) = http_get(
        &server,
        "/events?after=soon",
        &[("Authorization", &signed(ENV_ACCOUNT, REGION))],
    );
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    assert_eq!(
        body,
        r#"{"__type":"ValidationException","message":"after 'soon' is not an event number: pass a whole number from 0, or newest."}"#
    );
}
