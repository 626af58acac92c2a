//! The README's demo, examples/walkthrough.sh, runs as documented: its whole stdout is the
//! committed snapshot (`SNAPSHOTS=overwrite` rewrites it) and its one refusal is on stderr.

use std::path::PathBuf;

#[test]
fn the_walkthrough_prints_the_guides_replies() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("bash")
        .arg(root.join("examples/walkthrough.sh"))
        .env("PROTON_LOCAL", assert_cmd::cargo::cargo_bin("proton-local"))
        .env("PROTON_LOCAL_DB", dir.path().join("walkthrough.db"))
        .env_remove("AWS_ACCOUNT_ID")
        .env_remove("PROTON_LOCAL_NOW")
        .env_remove("PROTON_LOCAL_NEXT_ID")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let snapshot = root.join("tests/snapshots/walkthrough.txt");
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
