//! A small builder that makes a multi-account scenario read like the seed's walkthrough: one
//! temporary database per test, each command run as a chosen account, at a chosen instant, with
//! its stdout, stderr and exit code compared whole.
//!
//! Included by tests/via_endpoint.rs, every scenario starts a `proton-local serve` on its database
//! and runs each command with `--endpoint-url`: the same tests then show that the command line as
//! a client prints the same bytes and exits the same way as it does locally.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use assert_cmd::Command;
use tempfile::TempDir;

/// The seed's environment account.
pub const ENV_ACCOUNT: &str = "111122223333";
/// The seed's management account.
pub const MGMT_ACCOUNT: &str = "123456789012";
/// An account that is neither side of any connection in these tests.
pub const THIRD_ACCOUNT: &str = "444455556666";
pub const REGION: &str = "us-east-1";
pub const OTHER_REGION: &str = "eu-west-1";
pub const ROLE: &str =
    "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role";
/// The seed's two instants.
pub const T1: &str = "2021-04-28T23:13:50.847Z";
pub const T2: &str = "2021-04-28T23:15:33.486Z";

/// A `get` of an id that does not exist: its refusal names the caller's region and account.
pub const PROBE: [&str; 3] = ["get-environment-account-connection", "--id", "0"];

/// PROBE's refusal, as the account in the region.
pub fn not_found_as(region: &str, account: &str) -> String {
    format!(
        "\nAn error occurred (ResourceNotFoundException) when calling the \
         GetEnvironmentAccountConnection operation: Environment account connection 0 was not found \
         in {region} for account {account}.\n"
    )
}

pub struct Scenario {
    // Declared first, so that the server stops before its folder is removed.
    server: Option<Server>,
    dir: TempDir,
    db: PathBuf,
}

/// A `proton-local serve` on a free port, stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    /// The line the server printed when it started listening.
    pub said: String,
}

impl Server {
    pub fn start(db: &Path, env: &[(&str, &str)]) -> Server {
        Server::start_with(db, &[], env)
    }

    /// A server with more `serve` options, such as `--default-account-id`.
    pub fn start_with(db: &Path, options: &[&str], env: &[(&str, &str)]) -> Server {
        Server::listening_on("127.0.0.1:0", db, options, env)
    }

    /// A server on `--listen listen`.
    pub fn listening_on(listen: &str, db: &Path, options: &[&str], env: &[(&str, &str)]) -> Server {
        Server::spawn(
            std::process::Command::new(assert_cmd::cargo::cargo_bin("proton-local")),
            listen,
            db,
            options,
            env,
        )
    }

    /// A server that may open at most `limit` files and sockets at once (`ulimit -n`).
    pub fn with_open_file_limit(limit: u32, db: &Path, options: &[&str]) -> Server {
        let mut command = std::process::Command::new("sh");
        command
            .args(["-c", &format!("ulimit -n {limit} && exec \"$0\" \"$@\"")])
            .arg(assert_cmd::cargo::cargo_bin("proton-local"));
        Server::spawn(command, "127.0.0.1:0", db, options, &[])
    }

    fn spawn(
        mut command: std::process::Command,
        listen: &str,
        db: &Path,
        options: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        command
            .args(["serve", "--listen", listen, "--db"])
            .arg(db)
            .args(options)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for name in [
            "PROTON_LOCAL_NOW",
            "PROTON_LOCAL_NEXT_ID",
            "PROTON_LOCAL_QUOTA",
            "PROTON_LOCAL_TEMPLATE_QUOTA",
        ] {
            if !env.iter().any(|(key, _)| *key == name) {
                command.env_remove(name);
            }
        }
        let mut child = command.spawn().expect("the server starts");
        let said = Server::read_startup_line(&mut child);
        let url = said
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("the server says where it listens, but said: {said}"))
            .to_string();
        Server { child, url, said }
    }

    /// The line a server prints when it listens.
    fn read_startup_line(child: &mut Child) -> String {
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        // Keep draining what the server says, so it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        line
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `HOST:PORT` of the server.
    pub fn address(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// Sends SIGTERM and returns the exit code, or panics when the server is still running
    /// `within` later.
    pub fn stop_within(mut self, within: std::time::Duration) -> Option<i32> {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server still runs {within:?} after SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Asks the server to stop (SIGTERM) and returns its exit code.
    pub fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let code = self.child.wait().unwrap().code();
        std::mem::forget(self);
        code
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether these tests run through a server: they do when tests/via_endpoint.rs includes them.
pub fn via_endpoint() -> bool {
    module_path!().starts_with("via_endpoint::")
}

/// What one command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts all three at once, so a failure shows the whole picture.
    #[track_caller]
    pub fn expect(&self, code: i32, stdout: &str, stderr: &str) {
        assert_eq!(
            (self.code, self.stdout.as_str(), self.stderr.as_str()),
            (code, stdout, stderr),
            "exit code, stdout, stderr"
        );
    }

    /// A service refusal: exit 254, nothing on stdout, and the AWS CLI's error line.
    #[track_caller]
    pub fn expect_error(&self, code: &str, operation: &str, message: &str) {
        self.expect(
            254,
            "",
            &format!(
                "\nAn error occurred ({code}) when calling the {operation} operation: {message}\n"
            ),
        );
    }

    /// Success, and the parsed JSON on stdout.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        assert_eq!(
            (self.code, self.stderr.as_str()),
            (0, ""),
            "stdout was {}",
            self.stdout
        );
        serde_json::from_str(&self.stdout).expect("stdout is JSON")
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Self::new()
    }
}

impl Scenario {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("proton-local.db");
        // The commands pin the clock and ids through the server, as a test suite does.
        let server =
            via_endpoint().then(|| Server::start_with(&db, &["--allow-client-settings"], &[]));
        Scenario { server, dir, db }
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The URL of this scenario's server, when its commands go through one.
    pub fn endpoint(&self) -> Option<&str> {
        self.server.as_ref().map(|server| server.url.as_str())
    }

    /// A command as `account` in us-east-1 on this scenario's database.
    pub fn as_account(&self, account: &str) -> Run {
        self.client()
            .env("AWS_ACCOUNT_ID", account)
            .env("AWS_REGION", REGION)
            .env("PROTON_LOCAL_DB", self.db.to_str().unwrap())
    }

    /// A command with no account, region or database set at all.
    pub fn bare(&self) -> Run {
        self.client()
    }

    /// A command that reaches this scenario's server, when it has one. Its HOME is the scenario's
    /// folder, so that no ~/.aws of the person running the tests is read.
    fn client(&self) -> Run {
        let run = Run::bare().env("HOME", self.dir.path().to_str().unwrap());
        match &self.server {
            Some(server) => run.arg("--endpoint-url").arg(&server.url),
            None => run,
        }
    }

    /// Creates `environment_name` as the environment account, addressed to the management account,
    /// and returns its id.
    pub fn create(&self, environment_name: &str) -> String {
        let out = self.as_account(ENV_ACCOUNT).run(&[
            "create-environment-account-connection",
            "--environment-name",
            environment_name,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ]);
        out.json()["environmentAccountConnection"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The environment account's request for `simple-env`, with id `id`, made at T1 with the
    /// default role and any `more` options (`--tags ...`).
    pub fn request_at_t1(&self, id: &str, more: &[&str]) {
        let args = [
            &[
                "create-environment-account-connection",
                "--environment-name",
                "simple-env",
                "--management-account-id",
                MGMT_ACCOUNT,
                "--role-arn",
                ROLE,
            ][..],
            more,
        ]
        .concat();
        self.as_account(ENV_ACCOUNT)
            .at(T1)
            .with_id(id)
            .run(&args)
            .json();
    }

    /// Runs `command --id id` as `account` and returns the output.
    pub fn on(&self, account: &str, command: &str, id: &str) -> Output {
        self.as_account(account).run(&[command, "--id", id])
    }

    /// Every row of every table, as text: a refused command must leave it exactly as it was.
    pub fn dump(&self) -> String {
        if !self.db.exists() {
            return "no database".to_string();
        }
        let conn = rusqlite::Connection::open(&self.db).expect("the database opens");
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut dump = String::new();
        for table in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
                .unwrap();
            let columns = stmt.column_count();
            let rows = stmt
                .query_map([], |row| {
                    (0..columns)
                        .map(|i| {
                            row.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .unwrap();
            for row in rows {
                dump.push_str(&format!("{table}: {}\n", row.unwrap().join(" | ")));
            }
        }
        dump
    }
}

/// One invocation of the binary, built up step by step.
pub struct Run {
    cmd: Command,
}

impl Run {
    /// The binary with no account, region, database or settings from the environment.
    pub fn bare_command() -> Self {
        Run::bare()
    }

    fn bare() -> Self {
        let mut cmd = Command::cargo_bin("proton-local").expect("the binary is built");
        for name in [
            "AWS_ACCOUNT_ID",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_CONFIG_FILE",
            "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_ACCESS_KEY_ID",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_PROTON",
            "PROTON_LOCAL_DB",
            "PROTON_LOCAL_NOW",
            "PROTON_LOCAL_NEXT_ID",
            "PROTON_LOCAL_QUOTA",
            "PROTON_LOCAL_TEMPLATE_QUOTA",
            "PROTON_LOCAL_ENVIRONMENT_QUOTA",
            "XDG_DATA_HOME",
        ] {
            cmd.env_remove(name);
        }
        Run { cmd }
    }

    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.cmd.env(name, value);
        self
    }

    fn arg(mut self, arg: &str) -> Self {
        self.cmd.arg(arg);
        self
    }

    /// Runs the command in `dir`, where a relative `--db` is.
    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Self {
        self.cmd.env_remove(name);
        self
    }

    /// Pins the clock (PROTON_LOCAL_NOW).
    pub fn at(self, instant: &str) -> Self {
        self.env("PROTON_LOCAL_NOW", instant)
    }

    /// Pins the id of the connection this command creates (PROTON_LOCAL_NEXT_ID).
    pub fn with_id(self, id: &str) -> Self {
        self.env("PROTON_LOCAL_NEXT_ID", id)
    }

    pub fn in_region(self, region: &str) -> Self {
        self.env("AWS_REGION", region)
    }

    pub fn run(mut self, args: &[&str]) -> Output {
        let out = self.cmd.args(args).output().expect("the binary runs");
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}
