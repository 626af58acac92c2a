//! Shell completion, checked the way a person meets it: the README's install lines run on a fresh
//! account (an empty HOME), then a real interactive bash (with and without the bash-completion
//! package), zsh and fish in a tmux pane, where <TAB> is pressed and the screen is read.
//!
//! The shells and tmux come from the system (CI installs them with apt). Where one is missing the
//! test says so and passes, except under CI=true, where a missing shell is a failure.
//!
//! The scripts committed under completions/ are also regenerated in memory and compared, so they
//! can't go stale: `SNAPSHOTS=overwrite cargo test --test completions` rewrites them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap_complete::Shell;
use proton_local::completion;

const SCRIPTS: [(Shell, &str); 5] = [
    (Shell::Bash, "proton-local.bash"),
    (Shell::Zsh, "_proton-local"),
    (Shell::Fish, "proton-local.fish"),
    (Shell::PowerShell, "_proton-local.ps1"),
    (Shell::Elvish, "proton-local.elv"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_completions_match_the_commands() {
    let overwrite = std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite");
    for (shell, file) in SCRIPTS {
        let path = root().join("completions").join(file);
        let generated = completion::script(shell, "proton-local");
        if overwrite {
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "completions/{file} is stale: run `SNAPSHOTS=overwrite cargo test --test completions`"
        );
    }
}

#[test]
fn the_binary_prints_a_script_that_calls_it_back_by_the_path_it_was_run_by() {
    let binary = assert_cmd::cargo::cargo_bin("proton-local");
    for (shell, _) in SCRIPTS {
        let out = Command::new(&binary)
            .args(["completions", &shell.to_string()])
            .output()
            .unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                out.stderr
            ),
            (
                Some(0),
                completion::script(shell, binary.to_str().unwrap()),
                vec![]
            ),
            "{shell}"
        );
    }
}

/// What a <TAB> is checked against.
const CREATE_OPTIONS: [&str; 26] = [
    "--environment-name",
    "--management-account-id",
    "--role-arn",
    "--codebuild-role-arn",
    "--component-role-arn",
    "--client-token",
    "--tags",
    "--cli-input-json",
    "--cli-input-yaml",
    "--generate-cli-skeleton",
    "--help",
    "--account-id",
    "--region",
    "--profile",
    "--db",
    "--output",
    "--query",
    "--color",
    "--endpoint-url",
    "--no-paginate",
    "--debug",
    "--cli-connect-timeout",
    "--cli-read-timeout",
    "--no-cli-pager",
    "--no-verify-ssl",
    "--ca-bundle",
];
const LIST: &str = "proton-local list-environment-account-connections";

/// The checks every shell must pass, in a folder holding `a.db`, `notes.txt` and `data/`, so that
/// file names offered where none are expected would show.
fn check_completion(shell: &Pane) {
    // Options after a command, the global ones included.
    assert_eq!(
        shell.offers("proton-local create-environment-account-connection --"),
        set(&CREATE_OPTIONS),
        "{}",
        shell.name
    );
    // The model's values after an enum option, and no file names.
    assert_eq!(
        shell.offers(&format!("{LIST} --requested-by ")),
        set(&["MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"]),
        "{}",
        shell.name
    );
    assert_eq!(
        shell.offers(&format!("{LIST} --statuses ")),
        set(&["PENDING", "CONNECTED", "REJECTED"]),
        "{}",
        shell.name
    );
    // File names after --db, before or after the command.
    assert_eq!(
        shell.offers("proton-local --db "),
        set(&["a.db", "data", "notes.txt"]),
        "{}",
        shell.name
    );
    assert_eq!(
        shell.offers("proton-local get-environment-account-connection --db "),
        set(&["a.db", "data", "notes.txt"]),
        "{}",
        shell.name
    );
    // Nothing at all after an option whose value is free text: not file names.
    assert_eq!(
        shell.offers("proton-local get-environment-account-connection --id "),
        set(&[]),
        "{}",
        shell.name
    );
    // A unique match is written out: a command name, an option's only value.
    assert_eq!(
        shell.completes("proton-local get-environment-a"),
        "proton-local get-environment-account-connection ",
        "{}",
        shell.name
    );
    // A shared prefix is written out as far as it goes, with no space after it.
    assert_eq!(
        shell.completes("proton-local get-environment-t"),
        "proton-local get-environment-template",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local get-environment-template-"),
        "proton-local get-environment-template-version ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local update-environment-template-version --status P"),
        "proton-local update-environment-template-version --status PUBLISHED ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.offers("proton-local update-environment --deployment-type "),
        set(&["NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"]),
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local update-environment --deployment-type MA"),
        "proton-local update-environment --deployment-type MAJOR_VERSION ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local list-environments --environment-t"),
        "proton-local list-environments --environment-templates ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local create-environment-template --provisioning "),
        "proton-local create-environment-template --provisioning CUSTOMER_MANAGED ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes(&format!("{LIST} --requested-by MANAGEMENT_ACCOUNT --stat")),
        format!("{LIST} --requested-by MANAGEMENT_ACCOUNT --statuses "),
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local list-tags"),
        "proton-local list-tags-for-resource ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local untag-resource --tag-k"),
        "proton-local untag-resource --tag-keys ",
        "{}",
        shell.name
    );
    // wait's subcommands, the two waiters' common start, then each waiter, and then the options
    // of the operation it polls.
    assert_eq!(
        shell.completes("proton-local wait env"),
        "proton-local wait environment-",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local wait environment-t"),
        "proton-local wait environment-template-version-registered ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local wait environment-d"),
        "proton-local wait environment-deployed ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local wait environment-deployed --na"),
        "proton-local wait environment-deployed --name ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local wait environment-template-version-registered --maj"),
        "proton-local wait environment-template-version-registered --major-version ",
        "{}",
        shell.name
    );
    assert_eq!(
        shell.completes("proton-local --output yaml-"),
        "proton-local --output yaml-stream ",
        "{}",
        shell.name
    );
}

#[test]
fn bash_completes_without_the_bash_completion_package() {
    let Some(shell) = Pane::start("bash", &[]) else {
        return;
    };
    check_completion(&shell);
}

#[test]
fn bash_completes_with_the_bash_completion_package() {
    let package = "/usr/share/bash-completion/bash_completion";
    if !Path::new(package).exists() {
        missing("the bash-completion package (apt-get install bash-completion)");
        return;
    }
    let Some(shell) = Pane::start("bash", &[&format!(". {package}")]) else {
        return;
    };
    check_completion(&shell);
}

#[test]
fn zsh_completes() {
    let Some(shell) = Pane::start("zsh", &[]) else {
        return;
    };
    check_completion(&shell);
}

#[test]
fn fish_completes() {
    let Some(shell) = Pane::start("fish", &[]) else {
        return;
    };
    check_completion(&shell);
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| item.to_string()).collect()
}

/// A missing tool fails the test in CI, and is only reported elsewhere.
fn missing(what: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{what} is needed for this test");
    }
    eprintln!("skipped: {what} is not installed");
}

fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The README's install lines for `shell`: the block fenced as that shell's, in the section
/// "Shell completion".
fn readme_install_lines(shell: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|section| section.starts_with("Shell completion"))
        .expect("README.md has a section \"Shell completion\"");
    let fence = format!("```{shell}\n");
    let start = section
        .find(&fence)
        .unwrap_or_else(|| panic!("the section has a ```{shell} block"))
        + fence.len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

const PROMPT: &str = "READY> ";
static PANES: AtomicUsize = AtomicUsize::new(0);

/// An interactive shell in a tmux pane of its own server, with a fresh HOME where the README's
/// install lines have been run, and the freshly built proton-local first on PATH.
struct Pane {
    name: String,
    socket: String,
    /// One line for each completion request proton-local has answered.
    answers: PathBuf,
    _home: tempfile::TempDir,
}

impl Pane {
    /// `rc` are lines for the shell's startup file before the README's (a bash-completion
    /// package, as distributions load it); the prompt is set for the screen to be read.
    fn start(shell: &str, rc: &[&str]) -> Option<Pane> {
        for program in ["tmux", shell] {
            if !installed(program) {
                missing(program);
                return None;
            }
        }
        let home = tempfile::tempdir().unwrap();
        let work = home.path().join("work");
        std::fs::create_dir_all(work.join("data")).unwrap();
        std::fs::write(work.join("a.db"), "").unwrap();
        std::fs::write(work.join("notes.txt"), "").unwrap();
        // proton-local on PATH is a stand-in that runs the real one under its own name, then
        // counts the answer, so that a test knows when a shell has had its answer to a <TAB>.
        let bin = home.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let stand_in = bin.join("proton-local");
        std::fs::write(
            &stand_in,
            format!(
                "#!/bin/bash\n(exec -a proton-local {:?} \"$@\")\nstatus=$?\n\
                 [ -z \"$PROTON_LOCAL_COMPLETE\" ] || echo >> \"$HOME/answers\"\nexit $status\n",
                assert_cmd::cargo::cargo_bin("proton-local")
            ),
        )
        .unwrap();
        std::fs::set_permissions(
            &stand_in,
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
        let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display());
        let env = [
            ("HOME", home.path().to_str().unwrap()),
            ("PATH", path.as_str()),
            ("TERM", "xterm"),
            ("LANG", "C.UTF-8"),
        ];

        // The shell's own startup file as a fresh account would have it, then the README's
        // install lines, run by that shell.
        let prompt_lines = match shell {
            "fish" => {
                let config = home.path().join(".config/fish");
                std::fs::create_dir_all(&config).unwrap();
                std::fs::write(
                    config.join("config.fish"),
                    format!("set fish_greeting\nfunction fish_prompt; echo -n '{PROMPT}'; end\n"),
                )
                .unwrap();
                None
            }
            "zsh" => Some(".zshrc"),
            _ => Some(".bashrc"),
        };
        if let Some(file) = prompt_lines {
            let mut text: String = rc.iter().map(|line| format!("{line}\n")).collect();
            text.push_str(&format!("PS1='{PROMPT}'\n"));
            std::fs::write(home.path().join(file), text).unwrap();
        }
        let install = readme_install_lines(shell);
        let flags: &[&str] = if shell == "zsh" {
            &["-f", "-c"]
        } else {
            &["-c"]
        };
        let out = Command::new(shell)
            .args(flags)
            .arg(&install)
            .env_clear()
            .envs(env)
            .current_dir(home.path())
            .output()
            .unwrap();
        assert_eq!(
            (out.status.code(), String::from_utf8_lossy(&out.stderr)),
            (Some(0), "".into()),
            "the README's {shell} install lines:\n{install}"
        );

        let socket = format!(
            "proton-local-test-{}-{}",
            std::process::id(),
            PANES.fetch_add(1, Ordering::Relaxed)
        );
        let mut command = vec![
            "-f".to_string(),
            "/dev/null".into(),
            "-L".into(),
            socket.clone(),
            "new-session".into(),
            "-d".into(),
            "-x".into(),
            "250".into(),
            "-y".into(),
            "100".into(),
            "-c".into(),
            work.to_str().unwrap().into(),
            "env".into(),
            "-i".into(),
        ];
        command.extend(env.iter().map(|(name, value)| format!("{name}={value}")));
        command.extend([shell.to_string(), "-i".into()]);
        let status = Command::new("tmux").args(&command).status().unwrap();
        assert!(status.success(), "tmux starts {shell}");
        let pane = Pane {
            name: if rc.is_empty() {
                shell.to_string()
            } else {
                format!("{shell} with {rc:?}")
            },
            socket,
            answers: home.path().join("answers"),
            _home: home,
        };
        pane.wait_for(|screen| screen.trim_end() == PROMPT.trim_end());
        Some(pane)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
            .lines()
            .map(str::trim_end)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Waits until `ready` holds of the screen, and the screen has then stayed the same for a
    /// moment; gives up after twenty seconds and shows what the screen holds.
    fn wait_for(&self, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        let mut since = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let screen = self.screen();
            if screen != last {
                last = screen;
                since = Instant::now();
            } else if ready(&last) && since.elapsed() > Duration::from_millis(300) {
                return last;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{}: the screen never settled as expected:\n{last}",
                self.name
            );
        }
    }

    fn answered(&self) -> usize {
        std::fs::read_to_string(&self.answers)
            .map(|text| text.lines().count())
            .unwrap_or(0)
    }

    /// Types `line`, presses <TAB> `times`, and returns the screen once proton-local has
    /// answered each and the screen has settled.
    fn press_tab(&self, line: &str, times: usize) -> String {
        self.tmux(&["send-keys", "-l", line]);
        let typed = format!("{PROMPT}{line}");
        self.wait_for(|screen| screen.starts_with(typed.trim_end()));
        for _ in 0..times {
            let before = self.answered();
            self.tmux(&["send-keys", "Tab"]);
            self.wait_for(|_| self.answered() > before);
        }
        self.wait_for(|_| true)
    }

    /// Clears the line and the screen for the next question: with editing keys every shell has,
    /// not C-c, whose signal can overtake the keys before it.
    fn clear(&self) {
        self.tmux(&["send-keys", "C-e", "C-u", "C-l"]);
        self.wait_for(|screen| screen.trim_end() == PROMPT.trim_end());
    }

    /// The screen after <TAB> asks for a list: twice in bash, which lists only on the second.
    fn tab(&self, line: &str) -> String {
        let times = if self.name.starts_with("bash") { 2 } else { 1 };
        let screen = self.press_tab(line, times);
        self.clear();
        screen
    }

    /// What <TAB> lists below the line: each cell's word, without zsh's `-- description`s,
    /// fish's `(description)`s or a folder's trailing `/`.
    fn offers(&self, line: &str) -> BTreeSet<String> {
        let screen = self.tab(line);
        let mut lines = screen.lines();
        let first = lines.next().unwrap_or_default();
        assert!(first.starts_with(PROMPT), "{}: {screen}", self.name);
        lines
            .take_while(|line| !line.starts_with(PROMPT))
            .flat_map(|line| line.split("  ").map(str::trim).collect::<Vec<_>>())
            .filter(|cell| !cell.is_empty() && !cell.starts_with("-- ") && !cell.starts_with('('))
            .map(|cell| {
                let word = cell.split(' ').next().unwrap();
                word.strip_suffix('/').unwrap_or(word).to_string()
            })
            .collect()
    }

    /// The command line after <TAB>, when <TAB> completes it without a list.
    fn completes(&self, line: &str) -> String {
        let screen = self.press_tab(line, 1);
        // The line as the shell holds it, trailing space included: the cursor says where it ends.
        let cursor: usize = self
            .tmux(&["display-message", "-p", "#{cursor_x}"])
            .trim()
            .parse()
            .unwrap();
        let row = self.tmux(&["capture-pane", "-p"]);
        let row = row.lines().next().unwrap_or_default();
        let held: String = format!("{row:<cursor$}").chars().take(cursor).collect();
        self.clear();
        assert!(held.starts_with(PROMPT), "{}: {screen}", self.name);
        held[PROMPT.len()..].to_string()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
