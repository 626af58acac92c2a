//! The README's shell blocks, taken from README.md itself, work pasted into bash and into zsh with
//! its default options (`zsh -f`, where `#` at the prompt starts no comment): each logical command
//! goes in turn to one interactive shell, which then prints its exit code. Every command exits with
//! 0 but the one refusal the README names in each demo (254, with its exact error line), and
//! prints exactly what is expected: each demo's transcript is a snapshot (`SNAPSHOTS=overwrite`
//! rewrites it), the server section's replies are checked one by one.
//!
//! A block is named in its fence, ```sh NAME, which scripts/readme-block.sh prints (for .ci/run,
//! which runs the `setup` block's lines): `walkthrough`, `story` (the whole story, to an
//! environment on the connection), `serve`, and `python serve`, the boto3 script, which runs where
//! the README puts it, between the shell blocks.
//!
//! The shell starts in an empty folder with an empty HOME, the fresh binary and the AWS CLI of
//! scripts/aws-clients.sh first on PATH, and PROTON_LOCAL_NOW pinned so that every timestamp is
//! the same each run. Ids are random: they are compared as `<id-1>`, `<id-2>`, ... in the order
//! they first appear, so the same id is the same name throughout.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The clock of every command, the seed's first instant.
const NOW: &str = "2021-04-28T23:13:50.847Z";
const NOW_ISO: &str = "2021-04-28T23:13:50.847000+00:00";
/// NOW as the AWS CLI version 1 prints it, in epoch seconds.
const NOW_EPOCH: f64 = 1619651630.847;
const ROLE: &str = "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role";
/// The address the README's server block names; the test's server takes a free port instead.
const README_ADDRESS: &str = "127.0.0.1:4599";
/// The longest a step may take: the AWS CLI's first start compiles its Python.
const STEP_TIMEOUT: Duration = Duration::from_secs(120);

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(manifest_dir().join("README.md")).expect("README.md is readable")
}

/// A fenced block of the README: ```LANG NAME.
#[derive(Debug)]
struct Block {
    lang: String,
    name: String,
    text: String,
}

/// Every fenced block, in order; the rule scripts/readme-block.sh follows.
fn blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;
    for line in readme.lines() {
        if let Some(info) = line.strip_prefix("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => {
                    let mut words = info.split_whitespace();
                    open = Some(Block {
                        lang: words.next().unwrap_or_default().to_string(),
                        name: words.collect::<Vec<_>>().join(" "),
                        text: String::new(),
                    });
                }
            }
        } else if let Some(block) = open.as_mut() {
            block.text.push_str(line);
            block.text.push('\n');
        }
    }
    assert!(open.is_none(), "README.md ends inside a code block");
    blocks
}

/// The README's blocks named `name` (of any language), in order; there must be some.
fn named(name: &str) -> Vec<Block> {
    let named: Vec<Block> = blocks(&readme())
        .into_iter()
        .filter(|block| block.name == name)
        .collect();
    assert!(!named.is_empty(), "README.md has no block named {name}");
    named
}

/// The logical commands of a shell block, each as pasted: its lines, a line that ends in a
/// backslash going on with the next.
fn steps(script: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut step = String::new();
    for line in script.lines() {
        if step.is_empty() && line.trim().is_empty() {
            continue;
        }
        step.push_str(line);
        step.push('\n');
        if !line.ends_with('\\') {
            steps.push(std::mem::take(&mut step));
        }
    }
    assert!(step.is_empty(), "a block ends in a backslash: {step}");
    steps
}

/// One of the two shells a README user pastes into.
#[derive(Clone, Copy, Debug)]
enum Shell {
    Bash,
    Zsh,
}

impl Shell {
    /// The shell, interactive as at a prompt, with none of the account's start-up files; bash
    /// without readline, which would echo what it reads. `zsh -f` is zsh's default options.
    fn command(self) -> Command {
        let (program, args): (&str, &[&str]) = match self {
            Shell::Bash => ("bash", &["--norc", "--noprofile", "--noediting", "-i"]),
            Shell::Zsh => ("zsh", &["-f", "-i"]),
        };
        let mut command = Command::new(program);
        command.args(args);
        command
    }

    /// What the test types first: no prompts, so that they don't mix with the output. This
    /// changes how the shell shows its prompt, not how it reads a command.
    fn quiet_prompts(self) -> &'static str {
        match self {
            Shell::Bash => "PS1= PS2=\n",
            Shell::Zsh => "unsetopt prompt_cr prompt_sp; PS1= PS2=\n",
        }
    }
}

/// What a child process printed on one stream so far, read by a thread of its own.
#[derive(Clone, Default)]
struct Captured(Arc<(Mutex<Stream>, Condvar)>);

#[derive(Default)]
struct Stream {
    bytes: Vec<u8>,
    closed: bool,
}

impl Captured {
    fn read_from(mut stream: impl Read + Send + 'static) -> Captured {
        let captured = Captured::default();
        let shared = captured.clone();
        std::thread::spawn(move || {
            let mut chunk = [0; 4096];
            loop {
                let read = stream.read(&mut chunk).unwrap_or(0);
                let (lock, changed) = &*shared.0;
                let mut state = lock.lock().unwrap();
                if read == 0 {
                    state.closed = true;
                } else {
                    state.bytes.extend_from_slice(&chunk[..read]);
                }
                changed.notify_all();
                if read == 0 {
                    break;
                }
            }
        });
        captured
    }

    /// The position of `pattern` at or after `from`, waiting for it up to `timeout`.
    fn find(&self, from: usize, pattern: &[u8], timeout: Duration) -> Option<usize> {
        let deadline = Instant::now() + timeout;
        let (lock, changed) = &*self.0;
        let mut state = lock.lock().unwrap();
        loop {
            let found = state.bytes[from.min(state.bytes.len())..]
                .windows(pattern.len())
                .position(|window| window == pattern);
            if let Some(at) = found {
                return Some(from + at);
            }
            let now = Instant::now();
            if state.closed || now >= deadline {
                return None;
            }
            state = changed.wait_timeout(state, deadline - now).unwrap().0;
        }
    }

    fn text(&self, range: std::ops::Range<usize>) -> String {
        let state = self.0 .0.lock().unwrap();
        String::from_utf8(state.bytes[range].to_vec()).expect("the shell prints UTF-8")
    }

    fn everything(&self) -> String {
        let state = self.0 .0.lock().unwrap();
        String::from_utf8_lossy(&state.bytes).into_owned()
    }
}

/// What one pasted command did.
#[derive(Debug)]
struct Step {
    code: i32,
    stdout: String,
    stderr: String,
}

const STDOUT_MARK: &str = "\n@@readme-step ";
const STDERR_MARK: &str = "\n@@readme-step-end\n";

/// One interactive shell in its own process group, fed one command at a time. Dropping it kills
/// the group and every job the shell put in the background, even when a test fails.
struct Session {
    shell: Child,
    kind: Shell,
    stdin: Option<ChildStdin>,
    stdout: Captured,
    stderr: Captured,
    /// Where the next step's output starts on each stream.
    stdout_at: usize,
    stderr_at: usize,
    /// Background jobs the shell started, from `$!`.
    jobs: Vec<u32>,
    /// The lines a background server wrote on the shell's stderr.
    server_lines: Vec<String>,
}

impl Session {
    fn start(kind: Shell, cwd: &Path, home: &Path) -> Session {
        let mut path = vec![
            assert_cmd::cargo::cargo_bin("proton-local")
                .parent()
                .unwrap()
                .to_path_buf(),
            aws_clients().join("bin"),
        ];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let mut command = kind.command();
        command
            .current_dir(cwd)
            .env_clear()
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("HOME", home)
            .env("TZ", "UTC")
            .env("PROTON_LOCAL_NOW", NOW)
            // The AWS CLI: no pager, and no instance metadata to look for.
            .env("AWS_PAGER", "")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut shell = command.spawn().unwrap_or_else(|err| {
            panic!("{kind:?} must be installed to run the README's blocks: {err}")
        });
        let mut session = Session {
            stdin: shell.stdin.take(),
            stdout: Captured::read_from(shell.stdout.take().unwrap()),
            stderr: Captured::read_from(shell.stderr.take().unwrap()),
            shell,
            kind,
            stdout_at: 0,
            stderr_at: 0,
            jobs: Vec::new(),
            server_lines: Vec::new(),
        };
        // What the shell says as it starts (bash: that it has no terminal) is not a step's.
        session.run(kind.quiet_prompts());
        session
    }

    /// Pastes one command, then a line that prints its exit code and `$!` on stdout and a mark on
    /// stderr; returns what came before the marks. (`$!` unquoted: in double quotes, zsh's
    /// interactive history expansion takes the `!`.)
    fn run(&mut self, command: &str) -> Step {
        let typed = format!(
            "{command}printf '{}%s %s\\n' \"$?\" $!; printf '{}' >&2\n",
            STDOUT_MARK.replace('\n', "\\n"),
            STDERR_MARK.replace('\n', "\\n"),
        );
        let stdin = self.stdin.as_mut().unwrap();
        if let Err(err) = stdin
            .write_all(typed.as_bytes())
            .and_then(|_| stdin.flush())
        {
            self.fail(command, &format!("the shell stopped reading ({err})"));
        }
        let Some(mark) = self
            .stdout
            .find(self.stdout_at, STDOUT_MARK.as_bytes(), STEP_TIMEOUT)
        else {
            self.fail(command, "it did not finish");
        };
        let Some(line_end) = self.stdout.find(mark + 1, b"\n", STEP_TIMEOUT) else {
            self.fail(command, "its exit code was cut short");
        };
        let Some(stderr_mark) =
            self.stderr
                .find(self.stderr_at, STDERR_MARK.as_bytes(), STEP_TIMEOUT)
        else {
            self.fail(command, "its stderr did not end");
        };
        let status = self.stdout.text(mark + STDOUT_MARK.len()..line_end);
        let stdout = self.stdout.text(self.stdout_at..mark);
        let stderr = self.stderr.text(self.stderr_at..stderr_mark);
        self.stdout_at = line_end + 1;
        self.stderr_at = stderr_mark + STDERR_MARK.len();

        let mut status = status.split(' ');
        let code = status.next().unwrap().parse().unwrap();
        // bash leaves `$!` empty, and zsh says 0, until a job starts.
        if let Ok(job) = status.next().unwrap_or_default().parse::<u32>() {
            if job > 1 && !self.jobs.contains(&job) {
                self.jobs.push(job);
            }
        }
        Step {
            code,
            stdout,
            stderr: self.without_notices(&stderr),
        }
    }

    /// A step's stderr without what the shell and a background server say of their own accord:
    /// job notices (`[1] 1234`, `[1]+ Done ...`) and the server's lines, which are kept apart.
    fn without_notices(&mut self, stderr: &str) -> String {
        let mut kept = String::new();
        for line in stderr.split_inclusive('\n') {
            let job_notice = line.starts_with('[')
                && line[1..].starts_with(|c: char| c.is_ascii_digit())
                && line.contains(']');
            if line.starts_with("proton-local: serving ")
                || line.starts_with("proton-local: stopped")
            {
                self.server_lines.push(line.trim_end().to_string());
            } else if !job_notice {
                kept.push_str(line);
            }
        }
        kept
    }

    /// The port of a server started at or after `from` on stderr, from the line it prints when
    /// it listens (before the step's end or after it), waited for as a person waits before
    /// pasting the next block.
    fn server_port(&mut self, from: usize) -> u16 {
        const LISTENING: &str = "proton-local: serving ";
        let Some(at) = self.stderr.find(from, LISTENING.as_bytes(), STEP_TIMEOUT) else {
            self.fail(
                "proton-local serve",
                "the server never said where it listens",
            );
        };
        let Some(end) = self.stderr.find(at, b"\n", STEP_TIMEOUT) else {
            self.fail("proton-local serve", "the server's line was cut short");
        };
        let line = self.stderr.text(at..end);
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|port| port.parse().ok());
        match port {
            Some(port) => port,
            None => self.fail("proton-local serve", &format!("no port in: {line}")),
        }
    }

    /// The AWS settings in the shell's environment, which the README's blocks leave alone.
    fn aws_settings(&mut self) -> Vec<String> {
        let step = self.run("env\n");
        let mut settings: Vec<String> = step
            .stdout
            .lines()
            .filter(|line| line.starts_with("AWS_"))
            .map(String::from)
            .collect();
        settings.sort();
        settings
    }

    fn fail(&self, command: &str, why: &str) -> ! {
        panic!(
            "{:?}: {why}: {command}\nstdout so far:\n{}\nstderr so far:\n{}",
            self.kind,
            self.stdout.everything(),
            self.stderr.everything()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The end of what is pasted: an interactive shell exits at the end of its input.
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.shell.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let group = format!("-{}", self.shell.id());
        let jobs = self.jobs.iter().map(u32::to_string);
        let _ = kill(
            ["-KILL", "--", &group]
                .into_iter()
                .map(String::from)
                .chain(jobs),
        );
        let _ = self.shell.kill();
        let _ = self.shell.wait();
    }
}

/// The folder of the AWS CLI and boto3, which scripts/aws-clients.sh installs when they are not
/// there yet (that needs PyPI), as tests/aws_clients.rs does.
fn aws_clients() -> &'static Path {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let out = Command::new("bash")
            .arg("scripts/aws-clients.sh")
            .current_dir(manifest_dir())
            .output()
            .expect("bash runs scripts/aws-clients.sh");
        assert!(
            out.status.success(),
            "scripts/aws-clients.sh could not install the AWS CLI and boto3: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let venv = manifest_dir().join(
            std::env::var_os("PROTON_LOCAL_VENV").unwrap_or_else(|| "target/aws-clients".into()),
        );
        assert!(venv.join("bin/aws").exists(), "no AWS CLI in {venv:?}");
        venv
    })
}

/// Random ids named in the order they first appear.
#[derive(Default)]
struct Ids(HashMap<String, String>);

impl Ids {
    fn name(&mut self, text: &str) -> String {
        static UUID: OnceLock<regex::Regex> = OnceLock::new();
        let uuid = UUID.get_or_init(|| {
            regex::Regex::new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .unwrap()
        });
        uuid.replace_all(text, |found: &regex::Captures| {
            let next = format!("<id-{}>", self.0.len() + 1);
            self.0.entry(found[0].to_string()).or_insert(next).clone()
        })
        .into_owned()
    }
}

/// Whether a process still runs: it has not exited, or has and its parent has not yet reaped it.
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses.
        Ok(stat) => !stat
            .rsplit(") ")
            .next()
            .unwrap_or_default()
            .starts_with('Z'),
        Err(_) if Path::new("/proc/self").exists() => false,
        // No /proc: ask kill, which counts a zombie as running.
        Err(_) => kill(["-0".to_string(), pid.to_string()]),
    }
}

/// bash's `kill` (bash is here anyway; a `kill` program may not be): whether it succeeded.
fn kill(args: impl IntoIterator<Item = String>) -> bool {
    Command::new("bash")
        .args(["-c", "kill \"$@\" 2>/dev/null", "kill"])
        .args(args)
        .status()
        .is_ok_and(|status| status.success())
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A step as a terminal shows it, for the walkthrough's snapshot.
fn transcript_entry(command: &str, step: &Step) -> String {
    let mut entry = String::new();
    for (n, line) in command.lines().enumerate() {
        entry.push_str(if n == 0 { "$ " } else { "> " });
        entry.push_str(line);
        entry.push('\n');
    }
    entry.push_str(&step.stdout);
    if !step.stderr.is_empty() {
        entry.push_str("[stderr]\n");
        entry.push_str(&step.stderr);
    }
    if step.code != 0 {
        entry.push_str(&format!("[exit code {}]\n", step.code));
    }
    entry
}

/// The refusal the walkthrough shows: the management account may not delete.
fn refused_delete(id: &str) -> String {
    format!(
        "\nAn error occurred (AccessDeniedException) when calling the DeleteEnvironmentAccountConnection \
         operation: User: arn:aws:iam::123456789012:root is not authorized to perform: \
         proton:DeleteEnvironmentAccountConnection on resource: \
         arn:aws:proton:us-east-1:111122223333:environment-account-connection/{id} \
         (only the environment account 111122223333 can update or delete this connection)\n"
    )
}

/// The refusal the whole story shows: a connection an environment uses can't be rejected.
fn refused_reject(id: &str) -> String {
    format!(
        "\nAn error occurred (ConflictException) when calling the RejectEnvironmentAccountConnection \
         operation: Environment account connection {id} is used by environment \
         simple-env-connected: delete the environment first, then reject the connection.\n"
    )
}

/// A demo of the README: its blocks, pasted in order into one shell, exit 0 but for one refused
/// command, and print what its snapshot holds.
struct Demo {
    /// The name of its blocks (```sh NAME).
    block: &'static str,
    /// Its transcript, in tests/snapshots.
    snapshot: &'static str,
    /// The README's words for the refused command, and its exit code.
    says: &'static str,
    /// Which command is refused (a part of it), then only the first time it runs.
    refused: &'static str,
    /// That command's stderr, given the name of the connection's id.
    refusal: fn(&str) -> String,
    /// What it leaves in its folder.
    files: &'static [&'static str],
}

const WALKTHROUGH: Demo = Demo {
    block: "walkthrough",
    snapshot: "readme-walkthrough.txt",
    says: "the management account's delete, is refused",
    refused: "--account-id $MGMT_ACCOUNT delete-environment-account-connection",
    refusal: refused_delete,
    files: &["proton-demo.db"],
};

const STORY: Demo = Demo {
    block: "story",
    snapshot: "readme-story.txt",
    says: "While the environment uses the connection, the management account can't reject it",
    refused: "--account-id $MGMT_ACCOUNT reject-environment-account-connection",
    refusal: refused_reject,
    files: &["proton-demo.db", "spec.yaml"],
};

fn the_demo_pasted_into(demo: &Demo, shell: Shell) {
    let readme = readme();
    let paragraph = readme
        .split("\n\n")
        .find(|paragraph| paragraph.replace('\n', " ").contains(demo.says))
        .unwrap_or_else(|| panic!("the README says which step of {} is refused", demo.block))
        .replace('\n', " ");
    assert!(
        paragraph.contains("exits with code 254"),
        "the README gives the refused step's exit code: {paragraph}"
    );
    let cwd = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut session = Session::start(shell, cwd.path(), home.path());
    let aws_settings = session.aws_settings();
    let mut ids = Ids::default();
    let mut transcript = String::new();
    let mut refused = false;
    for block in named(demo.block) {
        assert_eq!(block.lang, "sh", "{} is shell blocks", demo.block);
        for command in steps(&block.text) {
            let mut step = session.run(&command);
            step.stdout = ids.name(&step.stdout);
            step.stderr = ids.name(&step.stderr);
            transcript.push_str(&transcript_entry(&command, &step));
            if command.contains(demo.refused) && !refused {
                refused = true;
                assert_eq!(
                    (step.code, step.stdout.as_str(), step.stderr.as_str()),
                    (254, "", (demo.refusal)("<id-1>").as_str()),
                    "{shell:?}: the refused step: {command}"
                );
            } else {
                assert_eq!(
                    (step.code, step.stderr.as_str()),
                    (0, ""),
                    "{shell:?}: {command}printed:\n{}",
                    step.stdout
                );
            }
        }
    }
    assert!(refused, "{shell:?}: {} has its refused step", demo.block);
    assert_eq!(
        session.aws_settings(),
        aws_settings,
        "{shell:?}: {} leaves the shell's AWS settings alone",
        demo.block
    );
    let snapshot = manifest_dir().join("tests/snapshots").join(demo.snapshot);
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::write(&snapshot, &transcript).unwrap();
    }
    assert_eq!(
        transcript,
        std::fs::read_to_string(&snapshot).unwrap(),
        "{shell:?}: {} as a terminal shows it",
        demo.block
    );
    drop(session);
    // All it keeps is what the README names, and removing it starts afresh. The home folder
    // gets nothing but the shell's own history.
    assert_eq!(entries(cwd.path()), demo.files);
    let home = entries(home.path());
    assert!(
        home.iter().all(|name| name.ends_with("_history")),
        "{shell:?}: nothing in the home folder: {home:?}"
    );
}

#[test]
fn the_walkthrough_works_pasted_into_bash() {
    the_demo_pasted_into(&WALKTHROUGH, Shell::Bash);
}

#[test]
fn the_walkthrough_works_pasted_into_zsh() {
    the_demo_pasted_into(&WALKTHROUGH, Shell::Zsh);
}

#[test]
fn the_whole_story_works_pasted_into_bash() {
    the_demo_pasted_into(&STORY, Shell::Bash);
}

#[test]
fn the_whole_story_works_pasted_into_zsh() {
    the_demo_pasted_into(&STORY, Shell::Zsh);
}

/// A connection the environment account asked for at NOW, as the AWS CLI v1 prints it.
fn as_the_aws_cli_prints(id: &str, environment_name: &str) -> Value {
    json!({
        "arn": format!("arn:aws:proton:us-east-1:111122223333:environment-account-connection/{id}"),
        "environmentAccountId": "111122223333",
        "environmentName": environment_name,
        "id": id,
        "lastModifiedAt": NOW_EPOCH,
        "managementAccountId": "123456789012",
        "requestedAt": NOW_EPOCH,
        "roleArn": ROLE,
        "status": "PENDING"
    })
}

/// The JSON a step printed, after a clean exit.
#[track_caller]
fn json_of(shell: Shell, command: &str, step: &Step) -> Value {
    assert_eq!(
        (step.code, step.stderr.as_str()),
        (0, ""),
        "{shell:?}: {command}printed:\n{}",
        step.stdout
    );
    serde_json::from_str(&step.stdout).unwrap_or_else(|err| {
        panic!(
            "{shell:?}: {command}printed no JSON ({err}): {}",
            step.stdout
        )
    })
}

/// The boto3 script of the README, with the test's server in place of the README's address.
fn run_python(script: &str, port: u16, cwd: &Path, home: &Path) -> Step {
    let out = Command::new(aws_clients().join("bin/python"))
        .arg("-c")
        .arg(script.replace(README_ADDRESS, &format!("127.0.0.1:{port}")))
        .current_dir(cwd)
        .env_clear()
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the virtual environment's python runs");
    Step {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn the_server_section_pasted_into(shell: Shell) {
    let cwd = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut session = Session::start(shell, cwd.path(), home.path());
    let aws_settings = session.aws_settings();
    let mut ids = Ids::default();
    let mut port = None;
    let mut ran = Vec::new();
    for block in named("serve") {
        if block.lang == "python" {
            let port = port.expect("the server starts before the boto3 script");
            let mut step = run_python(&block.text, port, cwd.path(), home.path());
            step.stdout = ids.name(&step.stdout);
            assert_eq!(
                (step.code, step.stderr.as_str()),
                (0, ""),
                "{shell:?}: the boto3 script printed:\n{}",
                step.stdout
            );
            assert_eq!(
                step.stdout,
                "CONNECTED\nAn error occurred (AccessDeniedException) when calling the \
                 AcceptEnvironmentAccountConnection operation: User: arn:aws:iam::111122223333:root \
                 is not authorized to perform: proton:AcceptEnvironmentAccountConnection on \
                 resource: arn:aws:proton:us-east-1:111122223333:environment-account-connection/\
                 <id-2> (only the management account 123456789012 can accept or reject this \
                 connection)\n",
                "{shell:?}: the boto3 script"
            );
            ran.push("python");
            continue;
        }
        assert_eq!(
            block.lang, "sh",
            "the server section is shell blocks and one python block"
        );
        for command in steps(&block.text) {
            // The README's server listens on 127.0.0.1:4599. Here the server takes a free port
            // (`:0`), so that parallel tests, and a server of the user's, don't collide; the
            // commands after it are sent to the port it says it took.
            if command.contains("http://") {
                assert!(
                    command.contains(&format!("http://{README_ADDRESS}")),
                    "every URL in the server blocks is the README's address: {command}"
                );
            }
            let starts_the_server = command.starts_with("proton-local serve ");
            let pasted = if starts_the_server {
                assert!(command.contains(README_ADDRESS), "{command}");
                command.replace(README_ADDRESS, "127.0.0.1:0")
            } else if let Some(port) = port {
                command.replace(README_ADDRESS, &format!("127.0.0.1:{port}"))
            } else {
                command.clone()
            };
            let stderr_from = session.stderr_at;
            let mut step = session.run(&pasted);
            step.stdout = ids.name(&step.stdout);
            step.stderr = ids.name(&step.stderr);
            if starts_the_server {
                assert_eq!(
                    (step.code, step.stdout.as_str()),
                    (0, ""),
                    "{shell:?}: {command}"
                );
                assert_eq!(
                    session.jobs.len(),
                    1,
                    "{shell:?}: the server is a job: {command}"
                );
                port = Some(session.server_port(stderr_from));
                ran.push("serve");
            } else if command.contains(" aws ") && command.contains("create-") {
                let printed = json_of(shell, &command, &step);
                let expected = as_the_aws_cli_prints("<id-1>", "simple-env-connected");
                assert_eq!(printed, json!({ "environmentAccountConnection": expected }));
                ran.push("aws create");
            } else if command.contains(" aws ") && command.contains("list-") {
                let printed = json_of(shell, &command, &step);
                let expected = as_the_aws_cli_prints("<id-1>", "simple-env-connected");
                assert_eq!(
                    printed,
                    json!({ "environmentAccountConnections": [expected] })
                );
                ran.push("aws list");
            } else if command.starts_with("proton-local --endpoint-url") {
                json_of(shell, &command, &step);
                assert_eq!(
                    step.stdout,
                    format!(
                        r#"{{
    "environmentAccountConnections": [
        {{
            "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/<id-1>",
            "status": "PENDING",
            "environmentAccountId": "111122223333",
            "environmentName": "simple-env-connected",
            "id": "<id-1>",
            "lastModifiedAt": "{NOW_ISO}",
            "managementAccountId": "123456789012",
            "requestedAt": "{NOW_ISO}",
            "roleArn": "{ROLE}"
        }}
    ]
}}
"#
                    ),
                    "{shell:?}: {command}"
                );
                ran.push("proton-local list");
            } else if command == "kill $!\n" {
                assert_eq!(
                    (step.code, step.stdout.as_str(), step.stderr.as_str()),
                    (0, "", ""),
                    "{shell:?}: {command}"
                );
                let server = session.jobs[0];
                let deadline = Instant::now() + Duration::from_secs(30);
                while running(server) {
                    assert!(
                        Instant::now() < deadline,
                        "{shell:?}: `kill $!` stops the server"
                    );
                    std::thread::sleep(Duration::from_millis(20));
                }
                let port = port.expect("a server was started");
                assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
                ran.push("kill");
            } else {
                panic!("a step this test does not know what to expect of: {command}");
            }
        }
    }
    assert_eq!(
        ran,
        [
            "serve",
            "aws create",
            "aws list",
            "python",
            "proton-local list",
            "kill"
        ],
        "{shell:?}: the steps of the server section"
    );
    assert_eq!(
        session.aws_settings(),
        aws_settings,
        "{shell:?}: the server section leaves the shell's AWS settings alone"
    );
    drop(session);
    // The server stopped cleanly: no write-ahead log left beside its database.
    assert_eq!(entries(cwd.path()), ["proton-demo.db"]);
}

#[test]
fn the_server_section_works_pasted_into_bash() {
    the_server_section_pasted_into(Shell::Bash);
}

#[test]
fn the_server_section_works_pasted_into_zsh() {
    the_server_section_pasted_into(Shell::Zsh);
}

/// What a pasted block must not hold: a `#` comment is no comment at zsh's prompt, and a tab
/// asks an interactive shell to complete.
#[test]
fn the_shell_blocks_hold_no_comments_and_no_tabs() {
    for block in blocks(&readme()) {
        if !matches!(block.lang.as_str(), "sh" | "bash" | "zsh") {
            continue;
        }
        for line in block.text.lines() {
            assert!(
                !line.trim_start().starts_with('#') && !line.contains(" #"),
                "a comment in the README's ```{} {} block: {line}",
                block.lang,
                block.name
            );
            assert!(!line.contains('\t'), "a tab in the README: {line:?}");
        }
    }
}

/// The set-up block, which .ci/run takes with scripts/readme-block.sh: the two lines the README
/// describes, naming files that exist.
#[test]
fn the_setup_block_installs_and_runs_the_walkthrough_then_tests() {
    let setup = named("setup");
    assert_eq!(setup.len(), 1);
    assert_eq!(
        setup[0].text,
        "cargo install --locked --path . && examples/walkthrough.sh\ncargo test --locked\n"
    );
    let readme = readme();
    assert!(
        readme.contains("The first line installs `proton-local` and runs the cross-account")
            && readme.contains("second runs the tests"),
        "the README says which line is which"
    );
    for script in ["examples/walkthrough.sh", "scripts/readme-block.sh"] {
        let mode = std::fs::metadata(manifest_dir().join(script))
            .unwrap()
            .permissions()
            .mode();
        assert_ne!(mode & 0o111, 0, "{script} is executable");
    }
}

/// scripts/readme-block.sh prints the blocks this test runs, by the same rule.
#[test]
fn readme_block_prints_the_named_blocks() {
    for (name, lang) in [
        ("setup", None),
        ("walkthrough", None),
        ("story", None),
        ("serve", None),
        ("serve", Some("python")),
    ] {
        let out = Command::new("bash")
            .arg(manifest_dir().join("scripts/readme-block.sh"))
            .arg(name)
            .args(lang)
            .output()
            .unwrap();
        let expected: String = named(name)
            .iter()
            .filter(|block| block.lang == lang.unwrap_or("sh"))
            .map(|block| block.text.as_str())
            .collect();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap()
            ),
            (Some(0), expected, String::new()),
            "scripts/readme-block.sh {name} {lang:?}"
        );
    }
    let out = Command::new("bash")
        .arg(manifest_dir().join("scripts/readme-block.sh"))
        .arg("no-such-block")
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), String::from_utf8(out.stderr).unwrap()),
        (
            Some(1),
            "README.md has no block fenced as ```sh no-such-block\n".to_string()
        )
    );
}
