//! CONTRACT.md section 9: every transition of a connection (create, accept, reject, update,
//! delete), the duplicate and quota rules, client tokens, and the list summary shape, each with
//! exact output; and a refused command leaves the database exactly as it was.

mod common;

use common::*;

const FIRST: &str = "aaaa0001";
const SECOND: &str = "bbbb0002";
const THIRD: &str = "cccc0003";
const NAME: &str = "simple-env";

/// A third instant, later than T1 and T2, with no milliseconds.
const T3: &str = "2021-04-29T01:00:00Z";
const AT_T1: &str = "2021-04-28T23:13:50.847000+00:00";
const AT_T2: &str = "2021-04-28T23:15:33.486000+00:00";
const AT_T3: &str = "2021-04-29T01:00:00+00:00";

const ROLE_V2: &str = "arn:aws:iam::111122223333:role/proton-provisioning-v2";
const CODEBUILD_ROLE: &str = "arn:aws:iam::111122223333:role/proton-codebuild";
const CODEBUILD_ROLE_V2: &str = "arn:aws:iam::111122223333:role/proton-codebuild-v2";
const COMPONENT_ROLE: &str = "arn:aws:iam::111122223333:role/proton-components";

/// Another management account, for the duplicate rule.
const OTHER_MGMT_ACCOUNT: &str = "555566667777";

/// Creates `name` as the environment account, addressed to MGMT_ACCOUNT with ROLE, at `at`,
/// with id `id` and any `extra` options.
fn create(scenario: &Scenario, name: &str, id: &str, at: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "create-environment-account-connection",
        "--environment-name",
        name,
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        ROLE,
    ];
    args.extend_from_slice(extra);
    scenario
        .as_account(ENV_ACCOUNT)
        .at(at)
        .with_id(id)
        .run(&args)
}

/// Runs `command --id id` as `account` at `at`.
fn act(scenario: &Scenario, account: &str, command: &str, id: &str, at: &str) -> Output {
    scenario
        .as_account(account)
        .at(at)
        .run(&[command, "--id", id])
}

fn accept(scenario: &Scenario, id: &str, at: &str) -> Output {
    act(
        scenario,
        MGMT_ACCOUNT,
        "accept-environment-account-connection",
        id,
        at,
    )
}

fn reject(scenario: &Scenario, id: &str, at: &str) -> Output {
    act(
        scenario,
        MGMT_ACCOUNT,
        "reject-environment-account-connection",
        id,
        at,
    )
}

fn get(scenario: &Scenario, id: &str) -> Output {
    act(
        scenario,
        ENV_ACCOUNT,
        "get-environment-account-connection",
        id,
        T3,
    )
}

fn delete(scenario: &Scenario, id: &str, at: &str) -> Output {
    act(
        scenario,
        ENV_ACCOUNT,
        "delete-environment-account-connection",
        id,
        at,
    )
}

fn update(scenario: &Scenario, id: &str, at: &str, roles: &[&str]) -> Output {
    let mut args = vec!["update-environment-account-connection", "--id", id];
    args.extend_from_slice(roles);
    scenario.as_account(ENV_ACCOUNT).at(at).run(&args)
}

/// A connection of ENV_ACCOUNT to MGMT_ACCOUNT in us-east-1 with the single role ROLE.
fn body(id: &str, status: &str, name: &str, requested: &str, modified: &str) -> String {
    format!(
        r#"{{
    "environmentAccountConnection": {{
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/{id}",
        "status": "{status}",
        "environmentAccountId": "111122223333",
        "environmentName": "{name}",
        "id": "{id}",
        "lastModifiedAt": "{modified}",
        "managementAccountId": "123456789012",
        "requestedAt": "{requested}",
        "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
    }}
}}
"#
    )
}

/// Runs `refused` and checks that the database is byte for byte what it was.
#[track_caller]
fn assert_writes_nothing(scenario: &Scenario, refused: impl FnOnce()) {
    let before = scenario.dump();
    refused();
    assert_eq!(scenario.dump(), before, "a refused command writes nothing");
}

/// Every operation on `id` now answers ResourceNotFoundException, as its rightful caller.
#[track_caller]
fn assert_gone(scenario: &Scenario, id: &str) {
    let not_found = |account: &str| {
        format!(
            "Environment account connection {id} was not found in us-east-1 for account {account}."
        )
    };
    get(scenario, id).expect_error(
        "ResourceNotFoundException",
        "GetEnvironmentAccountConnection",
        &not_found(ENV_ACCOUNT),
    );
    accept(scenario, id, T3).expect_error(
        "ResourceNotFoundException",
        "AcceptEnvironmentAccountConnection",
        &not_found(MGMT_ACCOUNT),
    );
    reject(scenario, id, T3).expect_error(
        "ResourceNotFoundException",
        "RejectEnvironmentAccountConnection",
        &not_found(MGMT_ACCOUNT),
    );
    update(scenario, id, T3, &["--role-arn", ROLE_V2]).expect_error(
        "ResourceNotFoundException",
        "UpdateEnvironmentAccountConnection",
        &not_found(ENV_ACCOUNT),
    );
    delete(scenario, id, T3).expect_error(
        "ResourceNotFoundException",
        "DeleteEnvironmentAccountConnection",
        &not_found(ENV_ACCOUNT),
    );
}

fn list_as_environment_account(scenario: &Scenario) -> Output {
    scenario.as_account(ENV_ACCOUNT).run(&[
        "list-environment-account-connections",
        "--requested-by",
        "ENVIRONMENT_ACCOUNT",
    ])
}

/// The ids in the environment account's list, in order.
fn listed_ids(scenario: &Scenario) -> Vec<String> {
    list_as_environment_account(scenario).json()["environmentAccountConnections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|summary| summary["id"].as_str().unwrap().to_string())
        .collect()
}

// create

#[test]
fn create_starts_pending_with_requested_at_equal_to_last_modified_at() {
    let scenario = Scenario::new();
    let expected = body(FIRST, "PENDING", NAME, AT_T1, AT_T1);
    create(&scenario, NAME, FIRST, T1, &[]).expect(0, &expected, "");
    get(&scenario, FIRST).expect(0, &expected, "");
}

// accept

#[test]
fn accept_moves_pending_to_connected_and_stamps_last_modified_at() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    let expected = body(FIRST, "CONNECTED", NAME, AT_T1, AT_T2);
    accept(&scenario, FIRST, T2).expect(0, &expected, "");
    get(&scenario, FIRST).expect(0, &expected, "");
}

#[test]
fn accept_of_a_connected_connection_returns_it_unchanged() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    let first = accept(&scenario, FIRST, T2);
    let expected = body(FIRST, "CONNECTED", NAME, AT_T1, AT_T2);
    first.expect(0, &expected, "");
    // Later, accepting again moves nothing: not even lastModifiedAt.
    assert_writes_nothing(&scenario, || {
        accept(&scenario, FIRST, T3).expect(0, &expected, "");
    });
    get(&scenario, FIRST).expect(0, &expected, "");
}

#[test]
fn accept_of_a_rejected_connection_is_a_conflict() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    reject(&scenario, FIRST, T2).json();
    assert_writes_nothing(&scenario, || {
        accept(&scenario, FIRST, T3).expect_error(
            "ConflictException",
            "AcceptEnvironmentAccountConnection",
            "Environment account connection aaaa0001 was rejected and can't be accepted. \
             The environment account must create a new connection.",
        );
    });
    get(&scenario, FIRST).expect(0, &body(FIRST, "REJECTED", NAME, AT_T1, AT_T2), "");
}

// reject

#[test]
fn reject_moves_pending_to_rejected_and_stamps_last_modified_at() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    let expected = body(FIRST, "REJECTED", NAME, AT_T1, AT_T2);
    reject(&scenario, FIRST, T2).expect(0, &expected, "");
    get(&scenario, FIRST).expect(0, &expected, "");
}

#[test]
fn reject_moves_connected_to_rejected_and_stamps_last_modified_at() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    accept(&scenario, FIRST, T2).json();
    let expected = body(FIRST, "REJECTED", NAME, AT_T1, AT_T3);
    reject(&scenario, FIRST, T3).expect(0, &expected, "");
    get(&scenario, FIRST).expect(0, &expected, "");
}

#[test]
fn reject_of_a_rejected_connection_returns_it_unchanged() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    let expected = body(FIRST, "REJECTED", NAME, AT_T1, AT_T2);
    reject(&scenario, FIRST, T2).expect(0, &expected, "");
    assert_writes_nothing(&scenario, || {
        reject(&scenario, FIRST, T3).expect(0, &expected, "");
    });
}

// update

#[test]
fn update_of_a_pending_connection_replaces_the_given_roles_and_keeps_the_others() {
    let scenario = Scenario::new();
    create(
        &scenario,
        NAME,
        FIRST,
        T1,
        &["--codebuild-role-arn", CODEBUILD_ROLE],
    )
    .json();
    let expected = r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/aaaa0001",
        "status": "PENDING",
        "codebuildRoleArn": "arn:aws:iam::111122223333:role/proton-codebuild",
        "componentRoleArn": "arn:aws:iam::111122223333:role/proton-components",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "aaaa0001",
        "lastModifiedAt": "2021-04-28T23:15:33.486000+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:13:50.847000+00:00",
        "roleArn": "arn:aws:iam::111122223333:role/proton-provisioning-v2"
    }
}
"#;
    update(
        &scenario,
        FIRST,
        T2,
        &[
            "--role-arn",
            ROLE_V2,
            "--component-role-arn",
            COMPONENT_ROLE,
        ],
    )
    .expect(0, expected, "");
    get(&scenario, FIRST).expect(0, expected, "");
}

#[test]
fn update_of_a_connected_connection_replaces_the_given_roles_and_keeps_the_others() {
    let scenario = Scenario::new();
    create(
        &scenario,
        NAME,
        FIRST,
        T1,
        &[
            "--codebuild-role-arn",
            CODEBUILD_ROLE,
            "--component-role-arn",
            COMPONENT_ROLE,
        ],
    )
    .json();
    accept(&scenario, FIRST, T2).json();
    let expected = r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/aaaa0001",
        "status": "CONNECTED",
        "codebuildRoleArn": "arn:aws:iam::111122223333:role/proton-codebuild-v2",
        "componentRoleArn": "arn:aws:iam::111122223333:role/proton-components",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "aaaa0001",
        "lastModifiedAt": "2021-04-29T01:00:00+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:13:50.847000+00:00",
        "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
    }
}
"#;
    update(
        &scenario,
        FIRST,
        T3,
        &["--codebuild-role-arn", CODEBUILD_ROLE_V2],
    )
    .expect(0, expected, "");
    get(&scenario, FIRST).expect(0, expected, "");
}

#[test]
fn update_of_a_rejected_connection_is_a_conflict() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    reject(&scenario, FIRST, T2).json();
    assert_writes_nothing(&scenario, || {
        update(&scenario, FIRST, T3, &["--role-arn", ROLE_V2]).expect_error(
            "ConflictException",
            "UpdateEnvironmentAccountConnection",
            "Environment account connection aaaa0001 was rejected and can't be updated. \
             Create a new connection instead.",
        );
    });
}

#[test]
fn update_without_a_role_option_is_a_validation_error() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    assert_writes_nothing(&scenario, || {
        update(&scenario, FIRST, T2, &[]).expect_error(
            "ValidationException",
            "UpdateEnvironmentAccountConnection",
            "1 validation error detected: At least one of roleArn, codebuildRoleArn and \
             componentRoleArn must be given to update a connection.",
        );
    });
    get(&scenario, FIRST).expect(0, &body(FIRST, "PENDING", NAME, AT_T1, AT_T1), "");
}

// delete

#[test]
fn delete_of_a_pending_connection_returns_it_as_it_was_and_it_is_gone() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    delete(&scenario, FIRST, T2).expect(0, &body(FIRST, "PENDING", NAME, AT_T1, AT_T1), "");
    assert_gone(&scenario, FIRST);
}

#[test]
fn delete_of_a_connected_connection_returns_it_as_it_was_and_it_is_gone() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    accept(&scenario, FIRST, T2).json();
    delete(&scenario, FIRST, T3).expect(0, &body(FIRST, "CONNECTED", NAME, AT_T1, AT_T2), "");
    assert_gone(&scenario, FIRST);
}

#[test]
fn delete_of_a_rejected_connection_returns_it_as_it_was_and_it_is_gone() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    reject(&scenario, FIRST, T2).json();
    delete(&scenario, FIRST, T3).expect(0, &body(FIRST, "REJECTED", NAME, AT_T1, AT_T2), "");
    assert_gone(&scenario, FIRST);
}

#[test]
fn delete_leaves_no_row_behind() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    create(&scenario, "other-env", SECOND, T1, &[]).json();
    delete(&scenario, FIRST, T2).json();
    // The events table is a log: it keeps the connection's status changes, its delete included
    // (tests/events.rs), and nothing else of it.
    let dump: String = scenario
        .dump()
        .lines()
        .filter(|line| !line.starts_with("events: "))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(!dump.contains(FIRST), "{dump}");
    assert!(dump.contains(SECOND), "{dump}");
    assert_eq!(listed_ids(&scenario), [SECOND]);
}

// one open connection per environment, accounts and region

#[test]
fn create_while_a_pending_connection_exists_is_a_conflict_naming_it() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    assert_writes_nothing(&scenario, || {
        create(&scenario, NAME, SECOND, T2, &[]).expect_error(
            "ConflictException",
            "CreateEnvironmentAccountConnection",
            "An environment account connection for environment simple-env from account \
             111122223333 to management account 123456789012 already exists in us-east-1: \
             aaaa0001 (PENDING). Use it, or delete it before asking again.",
        );
    });
}

#[test]
fn create_while_a_connected_connection_exists_is_a_conflict_naming_it() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    accept(&scenario, FIRST, T2).json();
    assert_writes_nothing(&scenario, || {
        create(&scenario, NAME, SECOND, T3, &[]).expect_error(
            "ConflictException",
            "CreateEnvironmentAccountConnection",
            "An environment account connection for environment simple-env from account \
             111122223333 to management account 123456789012 already exists in us-east-1: \
             aaaa0001 (CONNECTED). Use it, or delete it before asking again.",
        );
    });
}

#[test]
fn a_rejected_connection_does_not_block_a_new_request() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    reject(&scenario, FIRST, T2).json();
    create(&scenario, NAME, SECOND, T3, &[]).expect(
        0,
        &body(SECOND, "PENDING", NAME, AT_T3, AT_T3),
        "",
    );
    assert_eq!(listed_ids(&scenario), [FIRST, SECOND]);
}

#[test]
fn a_deleted_connection_does_not_block_a_new_request() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    delete(&scenario, FIRST, T2).json();
    create(&scenario, NAME, SECOND, T3, &[]).expect(
        0,
        &body(SECOND, "PENDING", NAME, AT_T3, AT_T3),
        "",
    );
}

#[test]
fn the_same_environment_name_to_another_management_account_is_allowed() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T2)
        .with_id(SECOND)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            NAME,
            "--management-account-id",
            OTHER_MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .expect(
            0,
            r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/bbbb0002",
        "status": "PENDING",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "bbbb0002",
        "lastModifiedAt": "2021-04-28T23:15:33.486000+00:00",
        "managementAccountId": "555566667777",
        "requestedAt": "2021-04-28T23:15:33.486000+00:00",
        "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
    }
}
"#,
            "",
        );
}

#[test]
fn the_same_environment_name_in_another_region_is_allowed() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region(OTHER_REGION)
        .at(T2)
        .with_id(SECOND)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            NAME,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .expect(
            0,
            r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:eu-west-1:111122223333:environment-account-connection/bbbb0002",
        "status": "PENDING",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "bbbb0002",
        "lastModifiedAt": "2021-04-28T23:15:33.486000+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:15:33.486000+00:00",
        "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
    }
}
"#,
            "",
        );
}

// quota

#[test]
fn one_connection_over_the_quota_is_refused() {
    let scenario = Scenario::new();
    let with_quota = |name: &str, id: &str| {
        scenario
            .as_account(ENV_ACCOUNT)
            .env("PROTON_LOCAL_QUOTA", "2")
            .at(T1)
            .with_id(id)
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                name,
                "--management-account-id",
                MGMT_ACCOUNT,
                "--role-arn",
                ROLE,
            ])
    };
    with_quota("env-a", FIRST).json();
    with_quota("env-b", SECOND).json();
    assert_writes_nothing(&scenario, || {
        with_quota("env-c", THIRD).expect_error(
            "ServiceQuotaExceededException",
            "CreateEnvironmentAccountConnection",
            "Account 111122223333 has reached its quota of 2 environment account connections in \
             us-east-1. Delete connections it no longer needs.",
        );
    });
    // A deleted connection no longer counts.
    delete(&scenario, FIRST, T2).json();
    with_quota("env-c", THIRD).expect(0, &body(THIRD, "PENDING", "env-c", AT_T1, AT_T1), "");
}

#[test]
fn the_quota_counts_per_environment_account_and_region() {
    let scenario = Scenario::new();
    let run = |account: &str, region: &str| {
        scenario
            .as_account(account)
            .in_region(region)
            .env("PROTON_LOCAL_QUOTA", "1")
            .at(T1)
    };
    let create_args = |name: &'static str, role: &'static str| {
        [
            "create-environment-account-connection",
            "--environment-name",
            name,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            role,
        ]
    };
    run(ENV_ACCOUNT, REGION)
        .with_id(FIRST)
        .run(&create_args("env-a", ROLE))
        .json();
    run(ENV_ACCOUNT, OTHER_REGION)
        .with_id(SECOND)
        .run(&create_args("env-a", ROLE))
        .json();
    run(THIRD_ACCOUNT, REGION)
        .with_id(THIRD)
        .run(&create_args(
            "env-a",
            "arn:aws:iam::444455556666:role/proton",
        ))
        .json();
    run(ENV_ACCOUNT, REGION)
        .with_id("dddd0004")
        .run(&create_args("env-b", ROLE))
        .expect_error(
            "ServiceQuotaExceededException",
            "CreateEnvironmentAccountConnection",
            "Account 111122223333 has reached its quota of 1 environment account connections in \
             us-east-1. Delete connections it no longer needs.",
        );
}

// client tokens

const TOKEN: &str = "token-1";

/// A create with TOKEN and the tag team=infra.
fn create_with_token(scenario: &Scenario, name: &str, id: &str, at: &str) -> Output {
    create(
        scenario,
        name,
        id,
        at,
        &["--client-token", TOKEN, "--tags", "key=team,value=infra"],
    )
}

const MISMATCH: &str = "Idempotent parameter mismatch: client token token-1 was first used for \
                        environment account connection aaaa0001 with other parameters. Use a new \
                        client token for a new request.";

#[test]
fn a_repeated_client_token_with_the_same_parameters_returns_the_original_unchanged() {
    let scenario = Scenario::new();
    let expected = body(FIRST, "PENDING", NAME, AT_T1, AT_T1);
    create_with_token(&scenario, NAME, FIRST, T1).expect(0, &expected, "");
    assert_writes_nothing(&scenario, || {
        // Another id and another instant would show if a new connection were made.
        create_with_token(&scenario, NAME, SECOND, T2).expect(0, &expected, "");
    });
    assert_eq!(listed_ids(&scenario), [FIRST]);
}

#[test]
fn a_repeated_client_token_with_another_environment_name_is_a_mismatch() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    assert_writes_nothing(&scenario, || {
        create_with_token(&scenario, "another-env", SECOND, T2).expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            MISMATCH,
        );
    });
}

#[test]
fn a_repeated_client_token_with_another_role_is_a_mismatch() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    assert_writes_nothing(&scenario, || {
        create(
            &scenario,
            NAME,
            SECOND,
            T2,
            &[
                "--client-token",
                TOKEN,
                "--tags",
                "key=team,value=infra",
                "--component-role-arn",
                COMPONENT_ROLE,
            ],
        )
        .expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            MISMATCH,
        );
    });
}

#[test]
fn a_repeated_client_token_with_other_tags_is_a_mismatch() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    assert_writes_nothing(&scenario, || {
        create(
            &scenario,
            NAME,
            SECOND,
            T2,
            &["--client-token", TOKEN, "--tags", "key=team,value=data"],
        )
        .expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            MISMATCH,
        );
        create(&scenario, NAME, SECOND, T2, &["--client-token", TOKEN]).expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            MISMATCH,
        );
    });
}

#[test]
fn a_repeated_client_token_with_another_management_account_is_a_mismatch() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    assert_writes_nothing(&scenario, || {
        scenario
            .as_account(ENV_ACCOUNT)
            .at(T2)
            .with_id(SECOND)
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                NAME,
                "--management-account-id",
                OTHER_MGMT_ACCOUNT,
                "--role-arn",
                ROLE,
                "--client-token",
                TOKEN,
                "--tags",
                "key=team,value=infra",
            ])
            .expect_error(
                "ValidationException",
                "CreateEnvironmentAccountConnection",
                MISMATCH,
            );
    });
}

#[test]
fn a_client_token_is_honoured_for_eight_hours_only() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    // T1 + 8h - 1ms: still the first request's token.
    create_with_token(&scenario, "another-env", SECOND, "2021-04-29T07:13:50.846Z").expect_error(
        "ValidationException",
        "CreateEnvironmentAccountConnection",
        MISMATCH,
    );
    // T1 + 8h + 1ms: a new request.
    create_with_token(&scenario, "another-env", SECOND, "2021-04-29T07:13:50.848Z").expect(
        0,
        &body(
            SECOND,
            "PENDING",
            "another-env",
            "2021-04-29T07:13:50.848000+00:00",
            "2021-04-29T07:13:50.848000+00:00",
        ),
        "",
    );
    assert_eq!(listed_ids(&scenario), [FIRST, SECOND]);
}

#[test]
fn an_expired_client_token_with_the_same_parameters_makes_a_new_connection() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    // Rejected, so that it does not block the same request again.
    reject(&scenario, FIRST, T2).json();
    create_with_token(&scenario, NAME, SECOND, "2021-04-29T09:00:00Z").expect(
        0,
        &body(
            SECOND,
            "PENDING",
            NAME,
            "2021-04-29T09:00:00+00:00",
            "2021-04-29T09:00:00+00:00",
        ),
        "",
    );
}

#[test]
fn the_client_token_of_a_deleted_connection_makes_a_new_connection() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    delete(&scenario, FIRST, T2).json();
    create_with_token(&scenario, NAME, SECOND, T3).expect(
        0,
        &body(SECOND, "PENDING", NAME, AT_T3, AT_T3),
        "",
    );
    assert_gone(&scenario, FIRST);
}

#[test]
fn client_tokens_are_per_caller_account() {
    let scenario = Scenario::new();
    create_with_token(&scenario, NAME, FIRST, T1).json();
    scenario
        .as_account(THIRD_ACCOUNT)
        .at(T2)
        .with_id(SECOND)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            NAME,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            "arn:aws:iam::444455556666:role/proton",
            "--client-token",
            TOKEN,
            "--tags",
            "key=team,value=infra",
        ])
        .expect(
            0,
            r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:444455556666:environment-account-connection/bbbb0002",
        "status": "PENDING",
        "environmentAccountId": "444455556666",
        "environmentName": "simple-env",
        "id": "bbbb0002",
        "lastModifiedAt": "2021-04-28T23:15:33.486000+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:15:33.486000+00:00",
        "roleArn": "arn:aws:iam::444455556666:role/proton"
    }
}
"#,
            "",
        );
    // The first account's token still answers with its own connection.
    create_with_token(&scenario, NAME, THIRD, T3).expect(
        0,
        &body(FIRST, "PENDING", NAME, AT_T1, AT_T1),
        "",
    );
}

// list

#[test]
fn list_summaries_have_no_codebuild_role_arn() {
    let scenario = Scenario::new();
    let expected_get = r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/aaaa0001",
        "status": "PENDING",
        "codebuildRoleArn": "arn:aws:iam::111122223333:role/proton-codebuild",
        "componentRoleArn": "arn:aws:iam::111122223333:role/proton-components",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "aaaa0001",
        "lastModifiedAt": "2021-04-28T23:13:50.847000+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:13:50.847000+00:00",
        "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
    }
}
"#;
    create(
        &scenario,
        NAME,
        FIRST,
        T1,
        &[
            "--codebuild-role-arn",
            CODEBUILD_ROLE,
            "--component-role-arn",
            COMPONENT_ROLE,
        ],
    )
    .expect(0, expected_get, "");
    get(&scenario, FIRST).expect(0, expected_get, "");
    let expected_summary = r#"{
    "environmentAccountConnections": [
        {
            "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/aaaa0001",
            "status": "PENDING",
            "componentRoleArn": "arn:aws:iam::111122223333:role/proton-components",
            "environmentAccountId": "111122223333",
            "environmentName": "simple-env",
            "id": "aaaa0001",
            "lastModifiedAt": "2021-04-28T23:13:50.847000+00:00",
            "managementAccountId": "123456789012",
            "requestedAt": "2021-04-28T23:13:50.847000+00:00",
            "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
        }
    ]
}
"#;
    list_as_environment_account(&scenario).expect(0, expected_summary, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "list-environment-account-connections",
            "--requested-by",
            "MANAGEMENT_ACCOUNT",
        ])
        .expect(0, expected_summary, "");
}

#[test]
fn list_is_ordered_by_requested_at_then_id() {
    let scenario = Scenario::new();
    create(&scenario, "env-c", THIRD, T1, &[]).json();
    create(&scenario, "env-a", FIRST, T2, &[]).json();
    create(&scenario, "env-b", SECOND, T1, &[]).json();
    assert_eq!(listed_ids(&scenario), [SECOND, THIRD, FIRST]);
}

#[test]
fn a_pinned_id_that_is_taken_is_a_conflict_and_writes_nothing() {
    let scenario = Scenario::new();
    create(&scenario, NAME, FIRST, T1, &[]).json();
    let before = scenario.dump();
    create(&scenario, "other-env", FIRST, T2, &[]).expect_error(
        "ConflictException",
        "CreateEnvironmentAccountConnection",
        "Cannot create the connection: PROTON_LOCAL_NEXT_ID pins its id to aaaa0001, which is \
         taken. Ids are unique across every account and region of the database: pin another id, \
         or unset PROTON_LOCAL_NEXT_ID for a random one.",
    );
    assert_eq!(scenario.dump(), before);
}
