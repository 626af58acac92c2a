//! The README's demo, examples/walkthrough.sh, runs as documented: its whole stdout is the
//! committed snapshot (`SNAPSHOTS=overwrite` rewrites it) and its one refusal is on stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// examples/walkthrough.sh with the fresh binary and none of the caller's pins.
fn walkthrough() -> Command {
    let mut command = Command::new("bash");
    command
        .arg(manifest_dir().join("examples/walkthrough.sh"))
        .env("PROTON_LOCAL", assert_cmd::cargo::cargo_bin("proton-local"))
        .env_remove("PROTON_LOCAL_DB")
        .env_remove("AWS_ACCOUNT_ID")
        .env_remove("PROTON_LOCAL_NOW")
        .env_remove("PROTON_LOCAL_NEXT_ID");
    command
}

/// Runs it and checks everything it printed against the snapshot and the one refusal.
#[track_caller]
fn assert_prints_the_guides_replies(command: &mut Command) {
    let out = command.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let snapshot = manifest_dir().join("tests/snapshots/walkthrough.txt");
    if std::env::var("SNAPSHOTS").as_deref() == Ok("overwrite") {
        std::fs::write(&snapshot, &stdout).unwrap();
    }
    assert_eq!(stdout, std::fs::read_to_string(&snapshot).unwrap());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "\nAn error occurred (AccessDeniedException) when calling the DeleteEnvironmentAccountConnection \
         operation: User: arn:aws:iam::123456789012:root is not authorized to perform: \
         proton:DeleteEnvironmentAccountConnection on resource: \
         arn:aws:proton:us-east-1:111122223333:environment-account-connection/abcdef01234567890 \
         (only the environment account 111122223333 can update or delete this connection)\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect()
}

#[test]
fn the_walkthrough_prints_the_guides_replies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walkthrough.db");
    assert_prints_the_guides_replies(walkthrough().env("PROTON_LOCAL_DB", &db));
    assert!(
        db.exists(),
        "the walkthrough used the database it was given"
    );
}

/// Run as the README's first line runs it, with no database named: it makes a folder of its own
/// for one, and removes it on the way out.
#[test]
fn the_walkthrough_leaves_no_folder_behind() {
    let tmp = tempfile::tempdir().unwrap();
    assert_prints_the_guides_replies(walkthrough().env("TMPDIR", tmp.path()));
    assert_eq!(entries(tmp.path()), Vec::<PathBuf>::new());
}
