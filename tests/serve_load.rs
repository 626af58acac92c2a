//! `proton-local serve` under a bounded load: 64 connections creating, getting and listing for
//! 30 seconds. Every request must be answered as it should (no error, no throttling, no dropped
//! connection) and the server's memory must stay flat. Nothing here is timed: speed is
//! BENCHMARKS.md's business (scripts/bench-serve.sh), not a test's.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

const CLIENTS: usize = 64;
const LOAD: Duration = Duration::from_secs(30);
/// Memory is sampled from this long after the start, once the caches are warm.
const WARM: Duration = Duration::from_secs(5);

/// The server's resident memory, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

/// One client: its own account and its own keep-alive connection, a create, a get of what it
/// created and a page of its list, over and over until `stop`. Returns the requests it made and
/// every answer that was not what it should be.
fn client(url: &str, number: usize, stop: &AtomicBool) -> (usize, Vec<String>) {
    let account = format!("{:012}", 100_000_000_000 + number);
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={account}/20210428/{REGION}/proton/aws4_request, \
         SignedHeaders=host, Signature=abc"
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let call = |operation: &str, body: serde_json::Value| {
        let answer = agent
            .post(url)
            .header("X-Amz-Target", &format!("AwsProton20200720.{operation}"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("Authorization", &auth)
            .send(body.to_string());
        match answer {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let body = response.body_mut().read_to_string().unwrap_or_default();
                match status {
                    200 => serde_json::from_str::<serde_json::Value>(&body)
                        .map_err(|err| format!("{operation}: {err}: {body}")),
                    _ => Err(format!("{operation}: {status} {body}")),
                }
            }
            Err(err) => Err(format!("{operation}: {err}")),
        }
    };
    let (mut requests, mut errors) = (0, Vec::new());
    let mut round = 0;
    while !stop.load(Ordering::Relaxed) {
        round += 1;
        let created = call(
            "CreateEnvironmentAccountConnection",
            serde_json::json!({
                "environmentName": format!("load-{round}"),
                "managementAccountId": MGMT_ACCOUNT,
                "roleArn": format!("arn:aws:iam::{account}:role/load"),
            }),
        );
        requests += 1;
        let id = match created {
            Ok(reply) => reply["environmentAccountConnection"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            Err(err) => {
                errors.push(err);
                continue;
            }
        };
        let got = call(
            "GetEnvironmentAccountConnection",
            serde_json::json!({"id": id}),
        );
        let listed = call(
            "ListEnvironmentAccountConnections",
            serde_json::json!({"requestedBy": "ENVIRONMENT_ACCOUNT", "maxResults": 10}),
        );
        requests += 2;
        errors.extend(got.err());
        errors.extend(listed.err());
    }
    (requests, errors)
}

#[test]
fn serve_under_64_connections_for_30_seconds_answers_every_request_in_flat_memory() {
    let scenario = Scenario::new();
    // Each client creates as its own account; the quota is not what is tested here.
    let server = Server::start(scenario.db(), &[("PROTON_LOCAL_QUOTA", "100000000")]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|number| {
            let (url, stop) = (server.url.clone(), stop.clone());
            std::thread::spawn(move || client(&url, number, &stop))
        })
        .collect();
    let start = Instant::now();
    let samples = Mutex::new(Vec::new());
    while start.elapsed() < LOAD {
        std::thread::sleep(Duration::from_millis(500));
        samples
            .lock()
            .unwrap()
            .push((start.elapsed(), rss_kib(server.pid())));
    }
    stop.store(true, Ordering::Relaxed);
    let (mut requests, mut errors) = (0, Vec::new());
    for client in clients {
        let (made, failed) = client.join().unwrap();
        requests += made;
        errors.extend(failed);
    }
    let samples = samples.into_inner().unwrap();
    let warm: Vec<u64> = samples
        .iter()
        .filter(|(at, _)| *at >= WARM)
        .map(|(_, rss)| *rss)
        .collect();
    let (first, peak) = (warm[0], *warm.iter().max().unwrap());
    eprintln!(
        "{requests} requests, {} errors; resident memory {first} KiB after {WARM:?}, at most \
         {peak} KiB",
        errors.len()
    );
    assert_eq!(
        errors.iter().take(5).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "of {} errors in {requests} requests",
        errors.len()
    );
    assert!(requests > CLIENTS, "every client made requests: {requests}");
    // Flat: what the server holds once warm does not grow with the requests it answers. The
    // bound is generous (SQLite's caches fill as the file grows); a leak per request is not.
    assert!(
        peak <= first + 64 * 1024 && peak < 512 * 1024,
        "resident memory grew from {first} KiB to {peak} KiB: {samples:?}"
    );
    assert_eq!(server.stop(), Some(0));
}
