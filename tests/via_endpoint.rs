//! The command-line suites once more, with every command sent through a `proton-local serve` on
//! the scenario's database (`--endpoint-url`): as a client, the command line must print the same
//! bytes and exit the same way as it does on a local database (CONTRACT.md section 12).
//!
//! Each included suite brings its own copy of tests/common; in this crate that copy's module path
//! starts with `via_endpoint::`, which is how its scenarios know to start a server.
#![allow(clippy::duplicate_mod)]

#[path = "authorization.rs"]
mod authorization;
#[path = "environments.rs"]
mod environments;
#[path = "lifecycle.rs"]
mod lifecycle;
#[path = "pagination.rs"]
mod pagination;
#[path = "seed.rs"]
mod seed;
#[path = "tags.rs"]
mod tags;
#[path = "template_versions.rs"]
mod template_versions;
#[path = "templates.rs"]
mod templates;
#[path = "validation.rs"]
mod validation;
#[path = "wait.rs"]
mod wait;

mod common;

#[test]
fn these_suites_really_run_through_a_server() {
    let scenario = common::Scenario::new();
    let endpoint = scenario.endpoint().expect("a scenario here has a server");
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let out = scenario.as_account(common::ENV_ACCOUNT).run(&[
        "get-environment-account-connection",
        "--id",
        "abc",
    ]);
    assert_eq!(out.code, 254);
}
