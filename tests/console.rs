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
