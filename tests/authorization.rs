//! CONTRACT.md section 8, cell by cell: what each caller (the environment account, the management
//! account, a third account, either of the two from another region) gets from create, accept,
//! reject, get, update, delete and both sides of list; outsiders never learn that a connection exists.

mod common;

use common::*;

const ID: &str = "abcdef01234567890";
/// An id no connection has.
const MISSING_ID: &str = "0123456789abcdef0";
const NEW_ROLE: &str = "arn:aws:iam::111122223333:role/proton-provisioning-v2";
/// A management account other than MGMT_ACCOUNT, for the list tests.
const OTHER_MGMT_ACCOUNT: &str = "555566667777";
const EMPTY_LIST: &str = "{\n    \"environmentAccountConnections\": []\n}\n";

/// Who calls: the two accounts of the connection at home, an outsider, and the two from elsewhere.
#[derive(Debug, Clone, Copy)]
enum Who {
    Environment,
    Management,
    Third,
    EnvironmentElsewhere,
    ManagementElsewhere,
}

impl Who {
    const OUTSIDERS: [Who; 3] = [
        Who::Third,
        Who::EnvironmentElsewhere,
        Who::ManagementElsewhere,
    ];

    fn account(self) -> &'static str {
        match self {
            Who::Environment | Who::EnvironmentElsewhere => ENV_ACCOUNT,
            Who::Management | Who::ManagementElsewhere => MGMT_ACCOUNT,
            Who::Third => THIRD_ACCOUNT,
        }
    }

    fn region(self) -> &'static str {
        match self {
            Who::EnvironmentElsewhere | Who::ManagementElsewhere => OTHER_REGION,
            _ => REGION,
        }
    }

    fn run(self, scenario: &Scenario) -> Run {
        scenario
            .as_account(self.account())
            .in_region(self.region())
            .at(T2)
    }
}

/// The operations on one connection, with the arguments a caller would naturally pass.
#[derive(Debug, Clone, Copy)]
enum Op {
    Accept,
    Reject,
    Get,
    Update,
    Delete,
}

impl Op {
    const ALL: [Op; 5] = [Op::Accept, Op::Reject, Op::Get, Op::Update, Op::Delete];

    fn command(self) -> &'static str {
        match self {
            Op::Accept => "accept-environment-account-connection",
            Op::Reject => "reject-environment-account-connection",
            Op::Get => "get-environment-account-connection",
            Op::Update => "update-environment-account-connection",
            Op::Delete => "delete-environment-account-connection",
        }
    }

    fn operation(self) -> &'static str {
        match self {
            Op::Accept => "AcceptEnvironmentAccountConnection",
            Op::Reject => "RejectEnvironmentAccountConnection",
            Op::Get => "GetEnvironmentAccountConnection",
            Op::Update => "UpdateEnvironmentAccountConnection",
            Op::Delete => "DeleteEnvironmentAccountConnection",
        }
    }

    /// Runs the operation on `id` as `who`, at T2.
    fn call(self, scenario: &Scenario, who: Who, id: &str) -> Output {
        let mut args = vec![self.command(), "--id", id];
        if let Op::Update = self {
            // A role of the connection's environment account, as the contract asks of every role.
            args.extend(["--role-arn", NEW_ROLE]);
        }
        who.run(scenario).run(&args)
    }
}

/// A scenario with one PENDING connection, created by the environment account at T1.
fn with_pending_connection() -> Scenario {
    let scenario = Scenario::new();
    scenario.request_at_t1(ID, &[]);
    scenario
}

/// The connection of `with_pending_connection` in `status`, last modified at `modified`.
fn connection(status: &str, modified: &str, role: &str) -> String {
    format!(
        r#"{{
    "environmentAccountConnection": {{
        "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/abcdef01234567890",
        "status": "{status}",
        "environmentAccountId": "111122223333",
        "environmentName": "simple-env",
        "id": "abcdef01234567890",
        "lastModifiedAt": "{modified}",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:13:50.847000+00:00",
        "roleArn": "{role}"
    }}
}}
"#
    )
}

const AT_T1: &str = "2021-04-28T23:13:50.847000+00:00";
const AT_T2: &str = "2021-04-28T23:15:33.486000+00:00";

/// Runs `op` as `who` and checks that it was refused with `code`/`message` and wrote nothing.
#[track_caller]
fn assert_refused(scenario: &Scenario, op: Op, who: Who, code: &str, message: &str) {
    let before = scenario.dump();
    op.call(scenario, who, ID)
        .expect_error(code, op.operation(), message);
    assert_eq!(scenario.dump(), before, "a refused command writes nothing");
}

#[track_caller]
fn assert_not_found(op: Op, who: Who) {
    let scenario = with_pending_connection();
    let message = format!(
        "Environment account connection {ID} was not found in {} for account {}.",
        who.region(),
        who.account()
    );
    assert_refused(&scenario, op, who, "ResourceNotFoundException", &message);
}

#[track_caller]
fn assert_denied(op: Op, who: Who, only: &str) {
    let scenario = with_pending_connection();
    let message = format!(
        "User: arn:aws:iam::{}:root is not authorized to perform: proton:{} on resource: \
         arn:aws:proton:us-east-1:111122223333:environment-account-connection/{ID} ({only})",
        who.account(),
        op.operation()
    );
    assert_refused(&scenario, op, who, "AccessDeniedException", &message);
}

const ONLY_MANAGEMENT: &str =
    "only the management account 123456789012 can accept or reject this connection";
const ONLY_ENVIRONMENT: &str =
    "only the environment account 111122223333 can update or delete this connection";

// create

#[test]
fn create_makes_the_caller_the_environment_account() {
    let scenario = Scenario::new();
    let third_role = "arn:aws:iam::444455556666:role/proton";
    scenario
        .as_account(THIRD_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "third-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            third_role,
        ])
        .expect(
            0,
            r#"{
    "environmentAccountConnection": {
        "arn": "arn:aws:proton:us-east-1:444455556666:environment-account-connection/abcdef01234567890",
        "status": "PENDING",
        "environmentAccountId": "444455556666",
        "environmentName": "third-env",
        "id": "abcdef01234567890",
        "lastModifiedAt": "2021-04-28T23:13:50.847000+00:00",
        "managementAccountId": "123456789012",
        "requestedAt": "2021-04-28T23:13:50.847000+00:00",
        "roleArn": "arn:aws:iam::444455556666:role/proton"
    }
}
"#,
            "",
        );
    // The caller is now this connection's environment account: it may delete, not accept.
    let out = scenario.on(THIRD_ACCOUNT, "accept-environment-account-connection", ID);
    out.expect_error(
        "AccessDeniedException",
        "AcceptEnvironmentAccountConnection",
        "User: arn:aws:iam::444455556666:root is not authorized to perform: \
         proton:AcceptEnvironmentAccountConnection on resource: \
         arn:aws:proton:us-east-1:444455556666:environment-account-connection/abcdef01234567890 \
         (only the management account 123456789012 can accept or reject this connection)",
    );
}

#[test]
fn create_naming_the_caller_as_its_own_management_account_is_refused() {
    let scenario = with_pending_connection();
    let before = scenario.dump();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .with_id(MISSING_ID)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "simple-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            "arn:aws:iam::123456789012:role/proton",
        ])
        .expect_error(
            "ValidationException",
            "CreateEnvironmentAccountConnection",
            "1 validation error detected: managementAccountId 123456789012 is the calling account; \
             a connection joins the environment account to another account, its management account.",
        );
    assert_eq!(scenario.dump(), before);
}

// accept

#[test]
fn accept_by_the_environment_account_is_denied() {
    assert_denied(Op::Accept, Who::Environment, ONLY_MANAGEMENT);
}

#[test]
fn accept_by_the_management_account_connects() {
    let scenario = with_pending_connection();
    Op::Accept.call(&scenario, Who::Management, ID).expect(
        0,
        &connection("CONNECTED", AT_T2, ROLE),
        "",
    );
}

#[test]
fn accept_by_a_third_account_is_not_found() {
    assert_not_found(Op::Accept, Who::Third);
}

#[test]
fn accept_by_the_environment_account_in_another_region_is_not_found() {
    assert_not_found(Op::Accept, Who::EnvironmentElsewhere);
}

#[test]
fn accept_by_the_management_account_in_another_region_is_not_found() {
    assert_not_found(Op::Accept, Who::ManagementElsewhere);
}

// reject

#[test]
fn reject_by_the_environment_account_is_denied() {
    assert_denied(Op::Reject, Who::Environment, ONLY_MANAGEMENT);
}

#[test]
fn reject_by_the_management_account_rejects() {
    let scenario = with_pending_connection();
    Op::Reject.call(&scenario, Who::Management, ID).expect(
        0,
        &connection("REJECTED", AT_T2, ROLE),
        "",
    );
}

#[test]
fn reject_by_a_third_account_is_not_found() {
    assert_not_found(Op::Reject, Who::Third);
}

#[test]
fn reject_by_the_environment_account_in_another_region_is_not_found() {
    assert_not_found(Op::Reject, Who::EnvironmentElsewhere);
}

#[test]
fn reject_by_the_management_account_in_another_region_is_not_found() {
    assert_not_found(Op::Reject, Who::ManagementElsewhere);
}

// get

#[test]
fn get_by_the_environment_account_shows_the_connection() {
    let scenario = with_pending_connection();
    Op::Get.call(&scenario, Who::Environment, ID).expect(
        0,
        &connection("PENDING", AT_T1, ROLE),
        "",
    );
}

#[test]
fn get_by_the_management_account_shows_the_connection() {
    let scenario = with_pending_connection();
    Op::Get
        .call(&scenario, Who::Management, ID)
        .expect(0, &connection("PENDING", AT_T1, ROLE), "");
}

#[test]
fn get_by_a_third_account_is_not_found() {
    assert_not_found(Op::Get, Who::Third);
}

#[test]
fn get_by_the_environment_account_in_another_region_is_not_found() {
    assert_not_found(Op::Get, Who::EnvironmentElsewhere);
}

#[test]
fn get_by_the_management_account_in_another_region_is_not_found() {
    assert_not_found(Op::Get, Who::ManagementElsewhere);
}

// update

#[test]
fn update_by_the_environment_account_replaces_the_role() {
    let scenario = with_pending_connection();
    Op::Update.call(&scenario, Who::Environment, ID).expect(
        0,
        &connection("PENDING", AT_T2, NEW_ROLE),
        "",
    );
}

#[test]
fn update_by_the_management_account_is_denied() {
    assert_denied(Op::Update, Who::Management, ONLY_ENVIRONMENT);
}

#[test]
fn update_by_a_third_account_is_not_found() {
    assert_not_found(Op::Update, Who::Third);
}

#[test]
fn update_by_the_environment_account_in_another_region_is_not_found() {
    assert_not_found(Op::Update, Who::EnvironmentElsewhere);
}

#[test]
fn update_by_the_management_account_in_another_region_is_not_found() {
    assert_not_found(Op::Update, Who::ManagementElsewhere);
}

// delete

#[test]
fn delete_by_the_environment_account_deletes() {
    let scenario = with_pending_connection();
    Op::Delete.call(&scenario, Who::Environment, ID).expect(
        0,
        &connection("PENDING", AT_T1, ROLE),
        "",
    );
    Op::Get.call(&scenario, Who::Environment, ID).expect_error(
        "ResourceNotFoundException",
        "GetEnvironmentAccountConnection",
        "Environment account connection abcdef01234567890 was not found in us-east-1 for account 111122223333.",
    );
}

#[test]
fn delete_by_the_management_account_is_denied() {
    assert_denied(Op::Delete, Who::Management, ONLY_ENVIRONMENT);
}

#[test]
fn delete_by_a_third_account_is_not_found() {
    assert_not_found(Op::Delete, Who::Third);
}

#[test]
fn delete_by_the_environment_account_in_another_region_is_not_found() {
    assert_not_found(Op::Delete, Who::EnvironmentElsewhere);
}

#[test]
fn delete_by_the_management_account_in_another_region_is_not_found() {
    assert_not_found(Op::Delete, Who::ManagementElsewhere);
}

// existence is never leaked

#[test]
fn outsiders_get_the_same_answer_for_an_existing_and_a_missing_id() {
    let with_it = with_pending_connection();
    // The same database shape, but the connection has another id: ID does not exist there.
    let without_it = Scenario::new();
    without_it
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(MISSING_ID)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "simple-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    let mut wrong = Vec::new();
    for op in Op::ALL {
        for who in Who::OUTSIDERS {
            let existing = op.call(&with_it, who, ID);
            let missing = op.call(&without_it, who, ID);
            let not_found = Output {
                code: 254,
                stdout: String::new(),
                stderr: format!(
                    "\nAn error occurred (ResourceNotFoundException) when calling the {} operation: \
                     Environment account connection {ID} was not found in {} for account {}.\n",
                    op.operation(),
                    who.region(),
                    who.account()
                ),
            };
            if existing != missing {
                wrong.push(format!(
                    "{op:?} as {who:?} leaks existence: {existing:?} vs {missing:?}"
                ));
            }
            if existing != not_found {
                wrong.push(format!("{op:?} as {who:?} answered {existing:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Ids are unique across the file, so a create pinned to a taken id can't succeed; its refusal is
/// the same bytes for every caller, and names nothing of the connection that holds the id.
#[test]
fn a_create_pinned_to_a_taken_id_is_refused_alike_whoever_holds_it() {
    let scenario = with_pending_connection();
    let before = scenario.dump();
    for who in [
        Who::Environment,
        Who::Management,
        Who::Third,
        Who::EnvironmentElsewhere,
        Who::ManagementElsewhere,
    ] {
        // A request of the caller's own: its role, to an account other than itself.
        let role = format!("arn:aws:iam::{}:role/proton", who.account());
        let management = match who.account() {
            ENV_ACCOUNT => OTHER_MGMT_ACCOUNT,
            _ => ENV_ACCOUNT,
        };
        who.run(&scenario)
            .with_id(ID)
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                "another-env",
                "--management-account-id",
                management,
                "--role-arn",
                &role,
            ])
            .expect_error(
                "ConflictException",
                "CreateEnvironmentAccountConnection",
                &format!(
                    "Cannot create the connection: PROTON_LOCAL_NEXT_ID pins its id to {ID}, which \
                     is taken. Ids are unique across every account and region of the database: \
                     pin another id, or unset PROTON_LOCAL_NEXT_ID for a random one."
                ),
            );
    }
    assert_eq!(scenario.dump(), before, "a refused create writes nothing");
}

#[test]
fn a_missing_id_is_not_found_for_the_connections_own_accounts_too() {
    let scenario = with_pending_connection();
    for op in Op::ALL {
        let who = match op {
            Op::Accept | Op::Reject => Who::Management,
            Op::Get | Op::Update | Op::Delete => Who::Environment,
        };
        op.call(&scenario, who, MISSING_ID).expect_error(
            "ResourceNotFoundException",
            op.operation(),
            &format!(
                "Environment account connection {MISSING_ID} was not found in us-east-1 for account {}.",
                who.account()
            ),
        );
    }
}

// list

/// The environment account has two connections in REGION, to two management accounts.
fn with_two_connections() -> Scenario {
    let scenario = Scenario::new();
    for (id, name, management) in [
        ("aaaa0001", "env-a", MGMT_ACCOUNT),
        ("bbbb0002", "env-b", OTHER_MGMT_ACCOUNT),
    ] {
        scenario
            .as_account(ENV_ACCOUNT)
            .at(T1)
            .with_id(id)
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                name,
                "--management-account-id",
                management,
                "--role-arn",
                ROLE,
            ])
            .json();
    }
    scenario
}

fn list(scenario: &Scenario, who: Who, requested_by: &str) -> Output {
    who.run(scenario).run(&[
        "list-environment-account-connections",
        "--requested-by",
        requested_by,
    ])
}

const SUMMARY_A: &str = r#"        {
            "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/aaaa0001",
            "status": "PENDING",
            "environmentAccountId": "111122223333",
            "environmentName": "env-a",
            "id": "aaaa0001",
            "lastModifiedAt": "2021-04-28T23:13:50.847000+00:00",
            "managementAccountId": "123456789012",
            "requestedAt": "2021-04-28T23:13:50.847000+00:00",
            "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
        }"#;

const SUMMARY_B: &str = r#"        {
            "arn": "arn:aws:proton:us-east-1:111122223333:environment-account-connection/bbbb0002",
            "status": "PENDING",
            "environmentAccountId": "111122223333",
            "environmentName": "env-b",
            "id": "bbbb0002",
            "lastModifiedAt": "2021-04-28T23:13:50.847000+00:00",
            "managementAccountId": "555566667777",
            "requestedAt": "2021-04-28T23:13:50.847000+00:00",
            "roleArn": "arn:aws:iam::111122223333:role/service-role/env-account-proton-service-role"
        }"#;

#[test]
fn list_as_environment_account_shows_all_its_own_connections_in_the_region() {
    let scenario = with_two_connections();
    list(&scenario, Who::Environment, "ENVIRONMENT_ACCOUNT").expect(
        0,
        &format!(
            "{{\n    \"environmentAccountConnections\": [\n{SUMMARY_A},\n{SUMMARY_B}\n    ]\n}}\n"
        ),
        "",
    );
}

#[test]
fn list_as_management_account_shows_only_the_connections_addressed_to_it() {
    let scenario = with_two_connections();
    list(&scenario, Who::Management, "MANAGEMENT_ACCOUNT").expect(
        0,
        &format!("{{\n    \"environmentAccountConnections\": [\n{SUMMARY_A}\n    ]\n}}\n"),
        "",
    );
}

#[test]
fn list_from_the_side_the_caller_is_not_on_is_empty() {
    let scenario = with_two_connections();
    list(&scenario, Who::Environment, "MANAGEMENT_ACCOUNT").expect(0, EMPTY_LIST, "");
    list(&scenario, Who::Management, "ENVIRONMENT_ACCOUNT").expect(0, EMPTY_LIST, "");
}

#[test]
fn list_by_a_third_account_is_empty_from_either_side() {
    let scenario = with_two_connections();
    list(&scenario, Who::Third, "ENVIRONMENT_ACCOUNT").expect(0, EMPTY_LIST, "");
    list(&scenario, Who::Third, "MANAGEMENT_ACCOUNT").expect(0, EMPTY_LIST, "");
}

#[test]
fn list_from_another_region_is_empty_for_both_accounts_from_either_side() {
    let scenario = with_two_connections();
    for who in [Who::EnvironmentElsewhere, Who::ManagementElsewhere] {
        for side in ["ENVIRONMENT_ACCOUNT", "MANAGEMENT_ACCOUNT"] {
            let out = list(&scenario, who, side);
            assert_eq!(
                (out.code, out.stdout.as_str(), out.stderr.as_str()),
                (0, EMPTY_LIST, ""),
                "{who:?} listing as {side}"
            );
        }
    }
}
