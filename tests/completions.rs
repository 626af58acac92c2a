//! The completion scripts committed under completions/ are what the command line generates now:
//! regenerated in memory and compared, so they can't go stale. `SNAPSHOTS=overwrite cargo test
//! --test completions` rewrites them after a change to the commands.

use std::path::PathBuf;

use clap_complete::Shell;
use proton_local::commands::completion_script;

const SCRIPTS: [(Shell, &str); 5] = [
    (Shell::Bash, "proton-local.bash"),
    (Shell::Zsh, "_proton-local"),
    (Shell::Fish, "proton-local.fish"),
    (Shell::PowerShell, "_proton-local.ps1"),
    (Shell::Elvish, "proton-local.elv"),
];

fn committed(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file)
}

#[test]
fn committed_completions_match_the_commands() {
    let overwrite = std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite");
    for (shell, file) in SCRIPTS {
        let generated = completion_script(shell);
        if overwrite {
            std::fs::write(committed(file), &generated).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(committed(file)).unwrap_or_default();
        assert!(
            on_disk == generated,
            "completions/{file} is stale: run `SNAPSHOTS=overwrite cargo test --test completions`"
        );
    }
}

#[test]
fn every_command_is_completed() {
    let bash = completion_script(Shell::Bash);
    for command in [
        "create-environment-account-connection",
        "accept-environment-account-connection",
        "reject-environment-account-connection",
        "get-environment-account-connection",
        "update-environment-account-connection",
        "delete-environment-account-connection",
        "list-environment-account-connections",
    ] {
        assert!(bash.contains(command), "{command}");
    }
}

#[test]
fn the_binary_prints_the_same_script() {
    for (shell, _) in SCRIPTS {
        let out = assert_cmd::Command::cargo_bin("proton-local")
            .unwrap()
            .args(["completions", &shell.to_string()])
            .output()
            .unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8(out.stdout).unwrap(),
                out.stderr
            ),
            (Some(0), completion_script(shell), vec![]),
            "{shell}"
        );
    }
}
