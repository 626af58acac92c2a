//! Shell completion, answered by proton-local itself at each <TAB> (clap_complete's dynamic
//! completion). A shell's script only hands the words on the command line to
//! `PROTON_LOCAL_COMPLETE=<shell> proton-local -- <words>`, which completes them from the very clap
//! definition that parses them: every shell offers the same options after every command, the
//! model's values after an enum option, and file names only after `--db`.
//!
//! The static scripts clap_complete writes could not do this: their bash script stops after a
//! command name when the program's name has a hyphen, and no static script knows the enum values
//! the service, not clap, checks.

use clap::CommandFactory;
use clap_complete::env::Shells;
use clap_complete::{CompleteEnv, CompletionCandidate, Shell};

use crate::cli::Cli;
use crate::service::{RequestedBy, Status};

/// The variable that turns a run of proton-local into a completion request. It is ours, not
/// clap_complete's default `COMPLETE`, so that a variable of that common name in a user's
/// environment never changes what a command does.
pub const VAR: &str = "PROTON_LOCAL_COMPLETE";

/// When a shell is asking for completions, answers it on stdout and exits; otherwise returns at
/// once, having read one environment variable.
pub fn answer_if_asked() {
    CompleteEnv::with_factory(Cli::command).var(VAR).complete();
}

/// The script that makes `shell` complete proton-local; at each <TAB> it runs `completer`.
pub fn script(shell: Shell, completer: &str) -> String {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let adapter = shells
        .completer(&name)
        .unwrap_or_else(|| panic!("clap_complete completes every shell it names, not {name}"));
    let mut script = Vec::new();
    adapter
        .write_registration(VAR, "proton-local", "proton-local", completer, &mut script)
        .expect("writing to memory can't fail");
    String::from_utf8(script).expect("clap_complete writes UTF-8")
}

/// How the script should call this program: as it was called, when that was by a path (made
/// absolute, so the script works from any folder), else by its name on PATH.
pub fn this_program() -> String {
    let invoked = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    if invoked.components().count() > 1 {
        if let Ok(absolute) = std::path::absolute(&invoked) {
            return absolute.to_string_lossy().into_owned();
        }
    }
    "proton-local".to_string()
}

/// `--requested-by`: the model's two sides. The service refuses any other value (exit 254), so
/// clap only offers these; it does not check them.
pub fn sides() -> Vec<CompletionCandidate> {
    RequestedBy::ALL
        .into_iter()
        .map(|side| CompletionCandidate::new(side.as_str()))
        .collect()
}

/// `--statuses`: the model's three statuses, offered but, like the sides, checked by the service.
pub fn statuses() -> Vec<CompletionCandidate> {
    Status::ALL
        .into_iter()
        .map(|status| CompletionCandidate::new(status.as_str()))
        .collect()
}

/// `--provisioning`: the model's one value, offered but checked by the service.
pub fn provisionings() -> Vec<CompletionCandidate> {
    crate::domain::PROVISIONING
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// `--status` of a template version update: the two an update may set, offered but checked by
/// the service.
pub fn template_version_statuses() -> Vec<CompletionCandidate> {
    ["DRAFT", "PUBLISHED"]
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// `--deployment-type` of an environment update: the model's four, offered but checked by the
/// service.
pub fn deployment_types() -> Vec<CompletionCandidate> {
    crate::domain::DEPLOYMENT_TYPES
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_clap_names_has_a_script() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = script(shell, "proton-local");
            assert!(script.contains(VAR), "{shell}: {script}");
        }
    }
}
