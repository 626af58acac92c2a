//! Crash safety (issue 8): writers SIGKILLed at random moments, many times, on one database
//! file. Afterwards SQLite's integrity check is clean, and every create, accept and delete whose
//! process exited 0 is in the file as it said; a killed one is there whole or not at all.
//!
//! The kill moments come from a seed printed at the start (`CRASH_SEED=<n>` replays a run).

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{ENV_ACCOUNT, MGMT_ACCOUNT, REGION, ROLE};

const ROUNDS: usize = 60;
const WRITERS: usize = 4;

/// A small xorshift generator: enough to spread kill moments, reproducible from its seed.
struct Moments(u64);

impl Moments {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn start(db: &Path, account: &str, args: &[&str]) -> Child {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("proton-local"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("AWS_") || name.starts_with("PROTON_LOCAL_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .args(["--db"])
        .arg(db)
        .args(["--account-id", account, "--region", REGION])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// What a finished process said: its exit code (None when killed) and stdout.
fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().expect("the process ends");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
    )
}

fn reply_id(stdout: &str) -> String {
    let reply: serde_json::Value = serde_json::from_str(stdout).expect("a JSON reply");
    reply["environmentAccountConnection"]["id"]
        .as_str()
        .expect("an id")
        .to_string()
}

/// Every connection in the file, by id, with its status, read by proton-local itself.
fn stored(db: &Path, account: &str) -> BTreeMap<String, String> {
    let (code, stdout) = finish(start(
        db,
        account,
        &[
            "list-environment-account-connections",
            "--requested-by",
            "ENVIRONMENT_ACCOUNT",
        ],
    ));
    assert_eq!(code, Some(0), "the list after the crashes");
    let listed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    listed["environmentAccountConnections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn writers_killed_at_random_moments_lose_nothing_they_reported_and_corrupt_nothing() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("CRASH_SEED={seed}");
    // xorshift never leaves 0.
    let mut moments = Moments(seed.max(1));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");

    // What each process that exited 0 said is now true: id -> status, or absent when deleted.
    let mut promised: BTreeMap<String, Option<&str>> = BTreeMap::new();
    let mut killed = 0;
    for round in 0..ROUNDS {
        let mut writers: Vec<Child> = (0..WRITERS)
            .map(|n| {
                let name = format!("crash-{round}-{n}");
                start(
                    &db,
                    ENV_ACCOUNT,
                    &[
                        "create-environment-account-connection",
                        "--environment-name",
                        &name,
                        "--management-account-id",
                        MGMT_ACCOUNT,
                        "--role-arn",
                        ROLE,
                    ],
                )
            })
            .collect();
        // Kill one writer at a random moment, from at once to well after it would be done.
        std::thread::sleep(Duration::from_micros(moments.next(40_000)));
        let victim = moments.next(WRITERS as u64) as usize;
        let _ = writers[victim].kill();
        for (n, child) in writers.into_iter().enumerate() {
            match finish(child) {
                (Some(0), stdout) => {
                    promised.insert(reply_id(&stdout), Some("PENDING"));
                }
                (None, _) if n == victim => killed += 1,
                (code, stdout) => panic!("writer {n} of round {round}: {code:?} {stdout}"),
            }
        }
        // Accept and delete some of what exists, with a kill among them too.
        let ids: Vec<String> = promised
            .iter()
            .filter(|(_, status)| **status == Some("PENDING"))
            .map(|(id, _)| id.clone())
            .collect();
        if ids.len() >= 2 {
            let accept_id = ids[moments.next(ids.len() as u64) as usize].clone();
            let delete_id = ids
                .iter()
                .find(|id| **id != accept_id)
                .expect("two ids")
                .clone();
            let accept = start(
                &db,
                MGMT_ACCOUNT,
                &["accept-environment-account-connection", "--id", &accept_id],
            );
            let delete = start(
                &db,
                ENV_ACCOUNT,
                &["delete-environment-account-connection", "--id", &delete_id],
            );
            std::thread::sleep(Duration::from_micros(moments.next(30_000)));
            let mut pair = [
                (accept, accept_id, Some("CONNECTED")),
                (delete, delete_id, None),
            ];
            let victim = moments.next(2) as usize;
            let _ = pair[victim].0.kill();
            for (child, id, after) in pair {
                match finish(child) {
                    (Some(0), _) => {
                        promised.insert(id, after);
                    }
                    (None, _) => {
                        killed += 1;
                        // Done or not done: either is true now, but nothing in between.
                        promised.remove(&id);
                    }
                    (code, stdout) => panic!("round {round}: {id}: {code:?} {stdout}"),
                }
            }
        }
    }

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok", "CRASH_SEED={seed}");
    drop(conn);

    let now = stored(&db, ENV_ACCOUNT);
    for (id, status) in &promised {
        assert_eq!(
            now.get(id).map(String::as_str),
            *status,
            "{id} (CRASH_SEED={seed})"
        );
    }
    for status in now.values() {
        assert!(
            ["PENDING", "CONNECTED"].contains(&status.as_str()),
            "{status} (CRASH_SEED={seed})"
        );
    }
    eprintln!(
        "{killed} processes killed, {} promises kept",
        promised.len()
    );
}

/// `serve` SIGKILLed while many clients create, its writes grouped into one commit each: every
/// create it acknowledged is in the file (an answer is sent only once its group is committed),
/// and SQLite's integrity check is clean.
#[test]
fn serve_killed_while_committing_groups_loses_no_acknowledged_create() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("serve-crash.db");
    let server = common::Server::start(&db, &[("PROTON_LOCAL_QUOTA", "1000000")]);
    let url = server.url.clone();
    let killed = AtomicBool::new(false);
    let acknowledged = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for client in 0..16 {
            let (url, killed, acknowledged) = (&url, &killed, &acknowledged);
            scope.spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .timeout_global(Some(Duration::from_secs(30)))
                    .build()
                    .into();
                let auth = format!(
                    "AWS4-HMAC-SHA256 Credential={ENV_ACCOUNT}/20210428/{REGION}/proton/\
                     aws4_request, SignedHeaders=host, Signature=abc"
                );
                for n in 0.. {
                    let body = serde_json::json!({
                        "environmentName": format!("crash-{client}-{n}"),
                        "managementAccountId": MGMT_ACCOUNT,
                        "roleArn": ROLE,
                    });
                    let answer = agent
                        .post(url)
                        .header(
                            "X-Amz-Target",
                            "AwsProton20200720.CreateEnvironmentAccountConnection",
                        )
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("Authorization", &auth)
                        .send(body.to_string());
                    let Ok(mut response) = answer else {
                        assert!(
                            killed.load(Ordering::SeqCst),
                            "only the kill cuts a request"
                        );
                        return;
                    };
                    let text = response.body_mut().read_to_string().unwrap_or_default();
                    if response.status().as_u16() != 200 {
                        panic!("create {client}-{n}: {} {text}", response.status());
                    }
                    let reply: serde_json::Value = serde_json::from_str(&text).unwrap();
                    let id = reply["environmentAccountConnection"]["id"]
                        .as_str()
                        .unwrap();
                    acknowledged.lock().unwrap().push(id.to_string());
                }
            });
        }
        std::thread::sleep(Duration::from_millis(1500));
        killed.store(true, Ordering::SeqCst);
        // Dropped, the server is killed with SIGKILL, mid-group most likely.
        drop(server);
    });
    let acknowledged = acknowledged.into_inner().unwrap();
    assert!(
        acknowledged.len() > 16,
        "the clients created before the kill"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let mut stmt = conn
        .prepare("SELECT count(*) FROM environment_account_connections WHERE id = ?")
        .unwrap();
    for id in &acknowledged {
        let found: i64 = stmt.query_row([id], |row| row.get(0)).unwrap();
        assert_eq!(found, 1, "acknowledged create {id} is in the file");
    }
}
