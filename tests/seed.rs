//! CONTRACT.md section 10: each documented response of the seed page, produced byte for byte by
//! the command documented with it, run as the right account with the clock and id pinned. The
//! commands and responses are data: the page's fenced blocks, carried verbatim in
//! tests/fixtures/seed-cli-examples.md, and checked against the page itself when it is there.

mod common;

use std::path::PathBuf;

use common::*;

const ID: &str = "abcdef01234567890";

/// The page's fenced blocks, as the repository carries them.
fn fixture_text() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-cli-examples.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("the fixture {} must be readable: {err}", path.display()))
}

/// The fixture is a copy: where the seed page itself is beside the checkout (the project's
/// `../shared`, or wherever PROTON_LOCAL_SEED points), its blocks must still be the fixture's.
/// Without the page there is nothing to compare, unless PROTON_LOCAL_REQUIRE_SEED=1 says the
/// page must be there (CI sets it for the run that has it).
#[test]
fn the_fixture_still_holds_the_seed_pages_blocks() {
    let path = std::env::var_os("PROTON_LOCAL_SEED")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/seed/000_0cc8ed1862966b4c.txt")
        });
    let page = match std::fs::read_to_string(&path) {
        Ok(page) => page,
        Err(err) if std::env::var("PROTON_LOCAL_REQUIRE_SEED").as_deref() == Ok("1") => {
            panic!("the seed page {} must be readable: {err}", path.display())
        }
        Err(_) => {
            eprintln!(
                "no seed page at {}: the fixture is not compared",
                path.display()
            );
            return;
        }
    };
    let (in_page, in_fixture) = (fenced_blocks(&page), fenced_blocks(&fixture_text()));
    assert_eq!(in_page.len(), 10, "the seed page's fenced blocks");
    assert_eq!(in_fixture, in_page);
}

/// The fenced blocks of a page, in order.
fn fenced_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for line in text.lines() {
        match (line == "```", open.take()) {
            (true, None) => open = Some(String::new()),
            (true, Some(block)) => blocks.push(block),
            (false, Some(mut block)) => {
                block.push_str(line);
                block.push('\n');
                open = Some(block);
            }
            (false, None) => {}
        }
    }
    blocks
}

struct Documented {
    /// The `aws proton ...` command, split into arguments, without `aws proton`.
    command: Vec<String>,
    /// The response block, with its final newline.
    response: String,
}

/// The page's five command/response pairs: create, accept, reject, get, delete.
fn documented() -> Vec<Documented> {
    let blocks = fenced_blocks(&fixture_text());
    let pairs: Vec<Documented> = blocks
        .chunks(2)
        .filter(|pair| pair.len() == 2 && pair[0].starts_with("aws proton "))
        .map(|pair| Documented {
            command: split_command(pair[0].trim_end().trim_start_matches("aws proton ")),
            response: pair[1].clone(),
        })
        .collect();
    let names: Vec<&str> = pairs.iter().map(|pair| pair.command[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "create-environment-account-connection",
            "accept-environment-account-connection",
            "reject-environment-account-connection",
            "get-environment-account-connection",
            "delete-environment-account-connection",
        ],
        "the seed page's commands"
    );
    pairs
}

/// The seed's commands quote every value with double quotes and nothing else.
fn split_command(line: &str) -> Vec<String> {
    line.split(' ')
        .map(|word| word.trim_matches('"').to_string())
        .collect()
}

fn args(command: &[String]) -> Vec<&str> {
    command.iter().map(String::as_str).collect()
}

/// The seed's create command names a role in a 9-digit account, a typo; its response shows the
/// 12-digit role. Run as printed, the command is refused; with the response's own role it works.
fn corrected_create(create: &Documented) -> Vec<String> {
    let typo = "arn:aws:iam::111222333:role/service-role/env-account-proton-service-role";
    assert!(
        create.command.iter().any(|arg| arg == typo),
        "the seed's create names the 9-digit role"
    );
    assert!(create.response.contains(ROLE));
    create
        .command
        .iter()
        .map(|arg| {
            if arg == typo {
                ROLE.to_string()
            } else {
                arg.clone()
            }
        })
        .collect()
}

#[test]
fn the_literal_documented_create_is_refused_for_its_nine_digit_role() {
    let seed = documented();
    let scenario = Scenario::new();
    let out = scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&args(&seed[0].command));
    out.expect_error(
        "ValidationException",
        "CreateEnvironmentAccountConnection",
        r"1 validation error detected: Value 'arn:aws:iam::111222333:role/service-role/env-account-proton-service-role' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$",
    );
    assert_eq!(
        scenario
            .dump()
            .matches("environment_account_connections:")
            .count(),
        0
    );
}

#[test]
fn create_then_accept_then_get_print_the_documented_responses() {
    let seed = documented();
    let scenario = Scenario::new();
    let create = corrected_create(&seed[0]);
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&args(&create))
        .expect(0, &seed[0].response, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&args(&seed[1].command))
        .expect(0, &seed[1].response, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&args(&seed[3].command))
        .expect(0, &seed[3].response, "");
    // The environment account sees the very same connection.
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&args(&seed[3].command))
        .expect(0, &seed[3].response, "");
}

#[test]
fn reject_prints_the_documented_response_with_an_id_that_agrees_with_its_arn() {
    let seed = documented();
    let reject = &seed[2];
    // The block's id contradicts its own arn and command; CONTRACT.md section 10 keeps every
    // other byte and prints the id the arn names.
    let contradiction = "\"id\": \"021345abcdef6789\"";
    assert_eq!(reject.response.matches(contradiction).count(), 1);
    let expected = reject
        .response
        .replace(contradiction, &format!("\"id\": \"{ID}\""));

    let scenario = Scenario::new();
    let create: Vec<String> = corrected_create(&seed[0])
        .into_iter()
        .map(|arg| {
            if arg == "simple-env-connected" {
                "simple-env-reject".to_string()
            } else {
                arg
            }
        })
        .collect();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&args(&create))
        .json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&args(&reject.command))
        .expect(0, &expected, "");
}

#[test]
fn delete_prints_the_documented_response_and_the_connection_is_gone() {
    let seed = documented();
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&args(&corrected_create(&seed[0])))
        .json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&args(&seed[1].command))
        .json();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .run(&args(&seed[4].command))
        .expect(0, &seed[4].response, "");
    scenario.as_account(ENV_ACCOUNT).run(&args(&seed[3].command)).expect_error(
        "ResourceNotFoundException",
        "GetEnvironmentAccountConnection",
        "Environment account connection abcdef01234567890 was not found in us-east-1 for account 111122223333.",
    );
}
