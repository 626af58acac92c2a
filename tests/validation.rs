//! CONTRACT.md section 7: every input rule, each shown with a value it accepts and a value it
//! refuses. A refusal is exit 254 with the exact `ValidationException` message, nothing on stdout
//! and nothing written to the database; what the command line itself refuses is exit 252.

mod common;

use common::*;

const ID: &str = "abcdef01234567890";
/// The id of the connection every refusal test starts with.
const EXISTING: &str = "0000";
/// T1 as printed.
const T1_OUT: &str = "2021-04-28T23:13:50.847000+00:00";

const CREATE: &str = "CreateEnvironmentAccountConnection";
const ACCEPT: &str = "AcceptEnvironmentAccountConnection";
const REJECT: &str = "RejectEnvironmentAccountConnection";
const GET: &str = "GetEnvironmentAccountConnection";
const UPDATE: &str = "UpdateEnvironmentAccountConnection";
const DELETE: &str = "DeleteEnvironmentAccountConnection";
const LIST: &str = "ListEnvironmentAccountConnections";

const NAME_PATTERN: &str =
    r"Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\-]*$";
const ACCOUNT_PATTERN: &str = r"Member must satisfy regular expression pattern: ^\d{12}$";
const ROLE_PATTERN: &str = r"Member must satisfy regular expression pattern: ^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role/([\w+=,.@-]{1,512}[/:])*([\w+=,.@-]{1,64})$";
const ID_PATTERN: &str = "Member must satisfy regular expression pattern: ^[0-9a-f-]{1,36}$";
const TOKEN_PATTERN: &str = "Member must satisfy regular expression pattern: ^[!-~]*$";
const SIDES: &str = "Member must satisfy enum value set: [MANAGEMENT_ACCOUNT, ENVIRONMENT_ACCOUNT]";
const STATUSES: &str = "Member must satisfy enum value set: [PENDING, CONNECTED, REJECTED]";

const OTHER_ROLE: &str =
    "arn:aws:iam::444455556666:role/service-role/env-account-proton-service-role";
const CODEBUILD_ROLE: &str = "arn:aws:iam::111122223333:role/codebuild";
const COMPONENT_ROLE: &str = "arn:aws:iam::111122223333:role/component";

/// The message of a request with one violation of one model constraint.
fn one(value: &str, member: &str, constraint: &str) -> String {
    format!(
        "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}"
    )
}

/// The message of a request that breaks one rule stated in a sentence of its own.
fn one_rule(sentence: &str) -> String {
    format!("1 validation error detected: {sentence}")
}

fn role_in_other_account(member: &str, arn: &str) -> String {
    one_rule(&format!(
        "{member} {arn} is a role in account 444455556666; it must be a role in the environment account 111122223333."
    ))
}

/// A scenario that already holds one connection (`existing`, id `0000`), so that a refused
/// command has rows and a page-token secret it could spoil.
fn populated() -> Scenario {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(EXISTING)
        .run(&create_args("existing", &["--role-arn", ROLE]))
        .json();
    scenario
}

/// `create-environment-account-connection` for `name`, addressed to the management account.
fn create_args<'a>(name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "create-environment-account-connection",
        "--environment-name",
        name,
        "--management-account-id",
        MGMT_ACCOUNT,
    ];
    args.extend(extra);
    args
}

/// Runs `args` as `account` on a populated database and expects a `ValidationException` with
/// `message`, and the database exactly as it was.
#[track_caller]
fn refused(account: &str, args: &[&str], operation: &str, message: &str) {
    let scenario = populated();
    let before = scenario.dump();
    scenario
        .as_account(account)
        .at(T2)
        .with_id(ID)
        .run(args)
        .expect_error("ValidationException", operation, message);
    assert_eq!(scenario.dump(), before, "a refused command writes nothing");
}

/// Runs `args` as `account` at T1, creating id `ID`, and expects success with `stdout`.
#[track_caller]
fn accepted(scenario: &Scenario, account: &str, args: &[&str], stdout: &str) {
    scenario
        .as_account(account)
        .at(T1)
        .with_id(ID)
        .run(args)
        .expect(0, stdout, "");
}

/// The members of a connection made by the environment account for the management account in
/// us-east-1 at T1, in the printed order: `arn`, `status`, then alphabetical.
fn members(id: &str, name: &str, status: &str, roles: &[(&str, &str)], indent: &str) -> String {
    let arn = format!("arn:aws:proton:us-east-1:{ENV_ACCOUNT}:environment-account-connection/{id}");
    let mut rest = vec![
        ("environmentAccountId", ENV_ACCOUNT),
        ("environmentName", name),
        ("id", id),
        ("lastModifiedAt", T1_OUT),
        ("managementAccountId", MGMT_ACCOUNT),
        ("requestedAt", T1_OUT),
    ];
    rest.extend(roles.iter().copied());
    rest.sort();
    let mut lines = vec![
        format!("{indent}\"arn\": \"{arn}\""),
        format!("{indent}\"status\": \"{status}\""),
    ];
    lines.extend(
        rest.iter()
            .map(|(key, value)| format!("{indent}\"{key}\": \"{value}\"")),
    );
    lines.join(",\n")
}

/// The response of create, accept, reject, get, update and delete.
fn response(id: &str, name: &str, status: &str, roles: &[(&str, &str)]) -> String {
    format!(
        "{{\n    \"environmentAccountConnection\": {{\n{}\n    }}\n}}\n",
        members(id, name, status, roles, "        ")
    )
}

/// A connection with the default role, as created by `create_args(name, &["--role-arn", ROLE])`.
fn pending(id: &str, name: &str) -> String {
    response(id, name, "PENDING", &[("roleArn", ROLE)])
}

/// The response of list: these `(id, name, status)` connections, all with the default role.
fn listing(connections: &[(&str, &str, &str)], next_token: Option<&str>) -> String {
    if connections.is_empty() && next_token.is_none() {
        return "{\n    \"environmentAccountConnections\": []\n}\n".to_string();
    }
    let items: Vec<String> = connections
        .iter()
        .map(|(id, name, status)| {
            format!(
                "        {{\n{}\n        }}",
                members(id, name, status, &[("roleArn", ROLE)], "            ")
            )
        })
        .collect();
    let token = next_token
        .map(|token| format!(",\n    \"nextToken\": \"{token}\""))
        .unwrap_or_default();
    format!(
        "{{\n    \"environmentAccountConnections\": [\n{}\n    ]{token}\n}}\n",
        items.join(",\n")
    )
}

fn list_args<'a>(side: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "list-environment-account-connections",
        "--requested-by",
        side,
    ];
    args.extend(extra);
    args
}

/// A role ARN of exactly `length` characters in `account` that satisfies the model's pattern:
/// path segments of at most 500 characters, then a last name of at most 64.
fn role_of_length(account: &str, length: usize) -> String {
    let mut arn = format!("arn:aws:iam::{account}:role/");
    let mut left = length - arn.len();
    while left > 64 {
        let take = (left - 2).min(500);
        arn.push_str(&"p".repeat(take));
        arn.push('/');
        left -= take + 1;
    }
    arn.push_str(&"r".repeat(left));
    assert_eq!(arn.len(), length);
    arn
}

/// `n` tags as one JSON `--tags` value: `k1=v1`, `k2=v2`, ...
fn json_tags(n: usize) -> String {
    let tags: Vec<String> = (1..=n)
        .map(|i| format!("{{\"key\":\"k{i}\",\"value\":\"v{i}\"}}"))
        .collect();
    format!("[{}]", tags.join(","))
}

// Environment name ---------------------------------------------------------------------------

#[test]
fn environment_name_of_100_characters_is_accepted_on_create() {
    let name = "n".repeat(100);
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args(&name, &["--role-arn", ROLE]),
        &pending(ID, &name),
    );
}

#[test]
fn environment_name_of_101_characters_is_refused_on_create() {
    let name = "n".repeat(101);
    refused(
        ENV_ACCOUNT,
        &create_args(&name, &["--role-arn", ROLE]),
        CREATE,
        &one(
            &name,
            "environmentName",
            "Member must have length less than or equal to 100",
        ),
    );
}

#[test]
fn environment_name_with_underscore_and_hyphen_after_the_first_character_is_accepted_on_create() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("a_b-c", &["--role-arn", ROLE]),
        &pending(ID, "a_b-c"),
    );
}

#[test]
fn environment_name_starting_with_a_hyphen_is_refused_on_create() {
    // `--name=value`: a value that starts with `-` is otherwise an option, as in the AWS CLI.
    refused(
        ENV_ACCOUNT,
        &[
            "create-environment-account-connection",
            "--environment-name=-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ],
        CREATE,
        &one("-env", "environmentName", NAME_PATTERN),
    );
}

#[test]
fn environment_name_starting_with_an_underscore_is_refused_on_create() {
    refused(
        ENV_ACCOUNT,
        &create_args("_env", &["--role-arn", ROLE]),
        CREATE,
        &one("_env", "environmentName", NAME_PATTERN),
    );
}

/// What the AWS CLI itself refuses before it calls (botocore's check of the model's minimums):
/// exit 252, one line per problem, in the model's member order.
fn parameter_error(lines: &[&str]) -> String {
    format!("\nParameter validation failed:\n{}\n", lines.join("\n"))
}

#[test]
fn empty_environment_name_is_refused_before_the_call() {
    let scenario = populated();
    let before = scenario.dump();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&create_args("", &["--role-arn", ROLE]))
        .expect(
            252,
            "",
            &parameter_error(&[
                "Invalid length for parameter environmentName, value: 0, valid min length: 1",
            ]),
        );
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--environment-name", ""],
        ))
        .expect(
            252,
            "",
            &parameter_error(&[
                "Invalid length for parameter environmentName, value: 0, valid min length: 1",
            ]),
        );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn every_value_under_its_minimum_is_one_line_in_the_models_order() {
    let scenario = populated();
    let before = scenario.dump();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&create_args(
            "",
            &[
                "--role-arn",
                "",
                "--codebuild-role-arn",
                "",
                "--tags",
                "key=,value=v",
                "key=,value=",
            ],
        ))
        .expect(
            252,
            "",
            &parameter_error(&[
                "Invalid length for parameter codebuildRoleArn, value: 0, valid min length: 1",
                "Invalid length for parameter environmentName, value: 0, valid min length: 1",
                "Invalid length for parameter roleArn, value: 0, valid min length: 1",
                "Invalid length for parameter tags[0].key, value: 0, valid min length: 1",
                "Invalid length for parameter tags[1].key, value: 0, valid min length: 1",
            ]),
        );
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "update-environment-account-connection",
            "--id",
            EXISTING,
            "--component-role-arn",
            "",
            "--role-arn",
            "",
        ])
        .expect(
            252,
            "",
            &parameter_error(&[
                "Invalid length for parameter componentRoleArn, value: 0, valid min length: 1",
                "Invalid length for parameter roleArn, value: 0, valid min length: 1",
            ]),
        );
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--environment-name", "", "--max-results", "0"],
        ))
        .expect(
            252,
            "",
            &parameter_error(&[
                "Invalid length for parameter environmentName, value: 0, valid min length: 1",
                "Invalid value for parameter maxResults, value: 0, valid min value: 1",
            ]),
        );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn an_empty_id_passes_the_command_line_and_is_the_services_to_refuse() {
    let scenario = populated();
    let before = scenario.dump();
    for (command, operation) in [
        ("get-environment-account-connection", GET),
        ("accept-environment-account-connection", ACCEPT),
        ("reject-environment-account-connection", REJECT),
        ("delete-environment-account-connection", DELETE),
    ] {
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&[command, "--id", ""])
            .expect_error("ValidationException", operation, &one("", "id", ID_PATTERN));
    }
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "update-environment-account-connection",
            "--id",
            "",
            "--role-arn",
            ROLE,
        ])
        .expect_error("ValidationException", UPDATE, &one("", "id", ID_PATTERN));
    assert_eq!(scenario.dump(), before);
}

#[test]
fn environment_name_filter_of_100_characters_is_accepted_on_list() {
    let name = "n".repeat(100);
    let scenario = populated();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&create_args(&name, &["--role-arn", ROLE]))
        .json();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--environment-name", &name],
        ))
        .expect(0, &listing(&[(ID, &name, "PENDING")], None), "");
}

#[test]
fn environment_name_filter_of_101_characters_is_refused_on_list() {
    let name = "n".repeat(101);
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--environment-name", &name]),
        LIST,
        &one(
            &name,
            "environmentName",
            "Member must have length less than or equal to 100",
        ),
    );
}

#[test]
fn environment_name_filter_with_underscore_and_hyphen_after_the_first_character_is_accepted_on_list(
) {
    let scenario = populated();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&create_args("a_b-c", &["--role-arn", ROLE]))
        .json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&list_args(
            "MANAGEMENT_ACCOUNT",
            &["--environment-name", "a_b-c"],
        ))
        .expect(0, &listing(&[(ID, "a_b-c", "PENDING")], None), "");
}

#[test]
fn environment_name_filter_starting_with_a_hyphen_is_refused_on_list() {
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--environment-name=-env"]),
        LIST,
        &one("-env", "environmentName", NAME_PATTERN),
    );
}

#[test]
fn environment_name_filter_starting_with_an_underscore_is_refused_on_list() {
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--environment-name", "_env"]),
        LIST,
        &one("_env", "environmentName", NAME_PATTERN),
    );
}

// Management account --------------------------------------------------------------------------

#[test]
fn management_account_id_of_12_digits_is_accepted() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &[
            "create-environment-account-connection",
            "--environment-name",
            "env",
            "--management-account-id",
            THIRD_ACCOUNT,
            "--role-arn",
            ROLE,
        ],
        &pending(ID, "env").replace(MGMT_ACCOUNT, THIRD_ACCOUNT),
    );
}

#[test]
fn management_account_id_of_11_digits_is_refused() {
    refused(
        ENV_ACCOUNT,
        &[
            "create-environment-account-connection",
            "--environment-name",
            "env",
            "--management-account-id",
            "12345678901",
            "--role-arn",
            ROLE,
        ],
        CREATE,
        &one("12345678901", "managementAccountId", ACCOUNT_PATTERN),
    );
}

#[test]
fn management_account_id_equal_to_the_caller_is_refused() {
    refused(
        ENV_ACCOUNT,
        &[
            "create-environment-account-connection",
            "--environment-name",
            "env",
            "--management-account-id",
            ENV_ACCOUNT,
            "--role-arn",
            ROLE,
        ],
        CREATE,
        &one_rule(
            "managementAccountId 111122223333 is the calling account; a connection joins the \
             environment account to another account, its management account.",
        ),
    );
}

// Role ARNs -----------------------------------------------------------------------------------

#[test]
fn create_with_neither_role_arn_nor_codebuild_role_arn_is_refused() {
    refused(
        ENV_ACCOUNT,
        &create_args("env", &["--component-role-arn", COMPONENT_ROLE]),
        CREATE,
        &one_rule(
            "roleArn or codebuildRoleArn must be given: the connection needs a role in the \
             environment account to provision with.",
        ),
    );
}

#[test]
fn create_with_only_codebuild_role_arn_is_accepted() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--codebuild-role-arn", CODEBUILD_ROLE]),
        &response(
            ID,
            "env",
            "PENDING",
            &[("codebuildRoleArn", CODEBUILD_ROLE)],
        ),
    );
}

#[test]
fn all_three_role_arns_of_the_environment_account_are_accepted() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args(
            "env",
            &[
                "--role-arn",
                ROLE,
                "--codebuild-role-arn",
                CODEBUILD_ROLE,
                "--component-role-arn",
                COMPONENT_ROLE,
            ],
        ),
        &response(
            ID,
            "env",
            "PENDING",
            &[
                ("roleArn", ROLE),
                ("codebuildRoleArn", CODEBUILD_ROLE),
                ("componentRoleArn", COMPONENT_ROLE),
            ],
        ),
    );
}

/// For each role option: (option, member, the other options a create needs besides it).
const ROLE_OPTIONS: [(&str, &str, &[&str]); 3] = [
    ("--role-arn", "roleArn", &[]),
    ("--codebuild-role-arn", "codebuildRoleArn", &[]),
    (
        "--component-role-arn",
        "componentRoleArn",
        &["--role-arn", ROLE],
    ),
];

#[test]
fn role_arns_that_are_not_iam_roles_are_refused() {
    for bad in [
        "arn:aws:iam::111122223333:user/someone",
        "arn:aws-eu:iam::111122223333:role/x",
        "arn:aws:iam::111122223333:role/",
        "arn:aws:iam::111222333:role/service-role/env-account-proton-service-role",
        "role/x",
    ] {
        for (option, member, others) in ROLE_OPTIONS {
            let mut extra = others.to_vec();
            extra.extend([option, bad]);
            refused(
                ENV_ACCOUNT,
                &create_args("env", &extra),
                CREATE,
                &one(bad, member, ROLE_PATTERN),
            );
        }
    }
}

#[test]
fn role_arns_of_2048_characters_are_accepted() {
    let long = role_of_length(ENV_ACCOUNT, 2048);
    for (option, member, others) in ROLE_OPTIONS {
        let scenario = Scenario::new();
        let mut extra = others.to_vec();
        extra.extend([option, long.as_str()]);
        let mut roles: Vec<(&str, &str)> = vec![(member, &long)];
        if !others.is_empty() {
            roles.push(("roleArn", ROLE));
        }
        accepted(
            &scenario,
            ENV_ACCOUNT,
            &create_args("env", &extra),
            &response(ID, "env", "PENDING", &roles),
        );
    }
}

#[test]
fn role_arns_of_2049_characters_are_refused() {
    let long = role_of_length(ENV_ACCOUNT, 2049);
    for (option, member, others) in ROLE_OPTIONS {
        let mut extra = others.to_vec();
        extra.extend([option, long.as_str()]);
        refused(
            ENV_ACCOUNT,
            &create_args("env", &extra),
            CREATE,
            &one(
                &long,
                member,
                "Member must have length less than or equal to 2048",
            ),
        );
    }
}

#[test]
fn role_arns_of_another_account_than_the_environment_account_are_refused() {
    for (option, member, others) in ROLE_OPTIONS {
        let mut extra = others.to_vec();
        extra.extend([option, OTHER_ROLE]);
        refused(
            ENV_ACCOUNT,
            &create_args("env", &extra),
            CREATE,
            &role_in_other_account(member, OTHER_ROLE),
        );
    }
}

#[test]
fn role_arns_of_the_management_account_are_refused() {
    let management_role = "arn:aws:iam::123456789012:role/x";
    refused(
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", management_role]),
        CREATE,
        &one_rule(&format!(
            "roleArn {management_role} is a role in account 123456789012; it must be a role in the \
             environment account 111122223333."
        )),
    );
}

/// A create in `region` with all three roles in `partition` succeeds, and its ARN names both.
fn roles_in_a_partition_are_accepted(region: &str, partition: &str, role_paths: [&str; 3]) {
    let scenario = Scenario::new();
    let [role, codebuild, component] =
        role_paths.map(|path| format!("arn:{partition}:iam::111122223333:role/{path}"));
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region(region)
        .at(T1)
        .with_id(ID)
        .run(&create_args(
            "env",
            &[
                "--role-arn",
                &role,
                "--codebuild-role-arn",
                &codebuild,
                "--component-role-arn",
                &component,
            ],
        ))
        .expect(
            0,
            &response(
                ID,
                "env",
                "PENDING",
                &[
                    ("roleArn", &role),
                    ("codebuildRoleArn", &codebuild),
                    ("componentRoleArn", &component),
                ],
            )
            .replace(
                "arn:aws:proton:us-east-1:",
                &format!("arn:{partition}:proton:{region}:"),
            ),
            "",
        );
}

#[test]
fn role_arns_in_the_aws_cn_partition_are_accepted() {
    roles_in_a_partition_are_accepted(
        "cn-north-1",
        "aws-cn",
        ["provision", "codebuild", "component"],
    );
}

#[test]
fn role_arns_in_the_aws_us_gov_partition_are_accepted() {
    roles_in_a_partition_are_accepted(
        "us-gov-west-1",
        "aws-us-gov",
        ["path/provision", "codebuild", "a:b/component"],
    );
}

#[test]
fn update_refuses_role_arns_that_are_not_iam_roles() {
    for (option, member, _) in ROLE_OPTIONS {
        refused(
            ENV_ACCOUNT,
            &[
                "update-environment-account-connection",
                "--id",
                EXISTING,
                option,
                "arn:aws:iam::111122223333:group/x",
            ],
            UPDATE,
            &one("arn:aws:iam::111122223333:group/x", member, ROLE_PATTERN),
        );
    }
}

#[test]
fn update_refuses_role_arns_of_another_account() {
    for (option, member, _) in ROLE_OPTIONS {
        refused(
            ENV_ACCOUNT,
            &[
                "update-environment-account-connection",
                "--id",
                EXISTING,
                option,
                OTHER_ROLE,
            ],
            UPDATE,
            &role_in_other_account(member, OTHER_ROLE),
        );
    }
}

#[test]
fn update_without_any_role_arn_is_refused() {
    refused(
        ENV_ACCOUNT,
        &["update-environment-account-connection", "--id", EXISTING],
        UPDATE,
        &one_rule(
            "At least one of roleArn, codebuildRoleArn and componentRoleArn must be given to update \
             a connection.",
        ),
    );
}

// Connection id -------------------------------------------------------------------------------

/// Every command that takes `--id`, the account it runs as, and the options it needs besides.
const ID_COMMANDS: [(&str, &str, &str, &[&str]); 5] = [
    ("get-environment-account-connection", GET, ENV_ACCOUNT, &[]),
    (
        "update-environment-account-connection",
        UPDATE,
        ENV_ACCOUNT,
        &["--codebuild-role-arn", CODEBUILD_ROLE],
    ),
    (
        "accept-environment-account-connection",
        ACCEPT,
        MGMT_ACCOUNT,
        &[],
    ),
    (
        "reject-environment-account-connection",
        REJECT,
        MGMT_ACCOUNT,
        &[],
    ),
    (
        "delete-environment-account-connection",
        DELETE,
        ENV_ACCOUNT,
        &[],
    ),
];

/// Runs every id command in turn on `id`, the connection `name` (created with the default role),
/// and expects each to succeed with the connection as it then is.
fn every_id_command_accepts(id: &str) {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(id)
        .run(&create_args("env", &["--role-arn", ROLE]))
        .expect(0, &pending(id, "env"), "");
    let both = [("roleArn", ROLE), ("codebuildRoleArn", CODEBUILD_ROLE)];
    let expected = [
        response(id, "env", "PENDING", &[("roleArn", ROLE)]),
        response(id, "env", "PENDING", &both),
        response(id, "env", "CONNECTED", &both),
        response(id, "env", "REJECTED", &both),
        response(id, "env", "REJECTED", &both),
    ];
    for ((command, _, account, extra), stdout) in ID_COMMANDS.iter().zip(expected) {
        let mut args = vec![*command, "--id", id];
        args.extend(*extra);
        scenario
            .as_account(account)
            .at(T1)
            .run(&args)
            .expect(0, &stdout, "");
    }
}

#[test]
fn id_of_lowercase_hex_digits_is_accepted_by_every_id_command() {
    every_id_command_accepts(ID);
}

#[test]
fn id_of_36_characters_is_accepted_by_every_id_command() {
    every_id_command_accepts("a1b2c3d4-5678-90ab-cdef-000000000000");
}

fn every_id_command_refuses(bad: &str) {
    for (command, operation, account, extra) in ID_COMMANDS {
        let mut args = vec![command, "--id", bad];
        args.extend(extra);
        refused(account, &args, operation, &one(bad, "id", ID_PATTERN));
    }
}

#[test]
fn id_with_uppercase_letters_is_refused_by_every_id_command() {
    every_id_command_refuses("ABCDEF01234567890");
}

#[test]
fn id_with_a_letter_after_f_is_refused_by_every_id_command() {
    every_id_command_refuses("abcdefg");
}

#[test]
fn id_of_37_characters_is_refused_by_every_id_command() {
    every_id_command_refuses("a1b2c3d4-5678-90ab-cdef-0000000000001");
}

// Client token --------------------------------------------------------------------------------

#[test]
fn client_token_of_64_printable_characters_is_accepted() {
    let token = format!("{}!~-_", "t".repeat(60));
    let scenario = Scenario::new();
    let args = create_args("env", &["--role-arn", ROLE, "--client-token", &token]);
    accepted(&scenario, ENV_ACCOUNT, &args, &pending(ID, "env"));
    // The token is honoured: the same request again answers the first connection.
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T2)
        .with_id("ffff")
        .run(&args)
        .expect(0, &pending(ID, "env"), "");
}

#[test]
fn client_token_may_be_empty() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--client-token", ""]),
        &pending(ID, "env"),
    );
}

#[test]
fn client_token_of_65_characters_is_refused() {
    let token = "t".repeat(65);
    refused(
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--client-token", &token]),
        CREATE,
        &one(
            &token,
            "clientToken",
            "Member must have length less than or equal to 64",
        ),
    );
}

#[test]
fn client_token_with_a_space_is_refused() {
    refused(
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--client-token", "my token"]),
        CREATE,
        &one("my token", "clientToken", TOKEN_PATTERN),
    );
}

// List: requested-by, statuses, max-results, next-token ---------------------------------------

#[test]
fn requested_by_accepts_both_sides() {
    let scenario = populated();
    let existing = listing(&[(EXISTING, "existing", "PENDING")], None);
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &[]))
        .expect(0, &existing, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&list_args("MANAGEMENT_ACCOUNT", &[]))
        .expect(0, &existing, "");
}

#[test]
fn requested_by_of_another_value_is_refused_with_both_values_listed() {
    for bad in ["MANAGEMENT", "environment_account", ""] {
        refused(
            ENV_ACCOUNT,
            &list_args(bad, &[]),
            LIST,
            &one(bad, "requestedBy", SIDES),
        );
    }
}

#[test]
fn statuses_accept_pending_connected_and_rejected() {
    let scenario = populated();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--statuses", "PENDING", "CONNECTED", "REJECTED"],
        ))
        .expect(0, &listing(&[(EXISTING, "existing", "PENDING")], None), "");
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--statuses", "CONNECTED", "REJECTED"],
        ))
        .expect(0, &listing(&[], None), "");
}

/// As the AWS CLI's argprocess reads a list of strings: one value that starts with `[` is a JSON
/// list, and a malformed one is a parameter error (252) that sends nothing.
#[test]
fn statuses_may_be_one_json_list() {
    let scenario = populated();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--statuses", r#" ["PENDING", "REJECTED"]"#],
        ))
        .expect(0, &listing(&[(EXISTING, "existing", "PENDING")], None), "");
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &["--statuses", r#"["PENDING""#]))
        .expect(
            252,
            "",
            "\nError parsing parameter '--statuses': Invalid JSON: Expecting ',' delimiter: line 1 \
             column 11 (char 10)\nJSON received: [\"PENDING\"\n",
        );
}

#[test]
fn statuses_of_another_value_are_refused_with_their_position() {
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--statuses", "ACTIVE"]),
        LIST,
        &one("ACTIVE", "statuses.1.member", STATUSES),
    );
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--statuses", "PENDING", "pending"]),
        LIST,
        &one("pending", "statuses.2.member", STATUSES),
    );
}

/// A database with two connections of the environment account, `0001` then `0002`.
fn two_connections() -> Scenario {
    let scenario = Scenario::new();
    for (id, name) in [("0001", "env1"), ("0002", "env2")] {
        scenario
            .as_account(ENV_ACCOUNT)
            .at(T1)
            .with_id(id)
            .run(&create_args(name, &["--role-arn", ROLE]))
            .json();
    }
    scenario
}

/// The first page of one connection of `two_connections`, and its token.
fn first_page(scenario: &Scenario) -> String {
    let out = scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &["--max-results", "1"]));
    let token = out.json()["nextToken"]
        .as_str()
        .expect("a nextToken while more remain")
        .to_string();
    out.expect(
        0,
        &listing(&[("0001", "env1", "PENDING")], Some(&token)),
        "",
    );
    token
}

#[test]
fn max_results_of_1_is_accepted() {
    let scenario = two_connections();
    first_page(&scenario);
}

#[test]
fn max_results_of_100_is_accepted() {
    let scenario = two_connections();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &["--max-results", "100"]))
        .expect(
            0,
            &listing(
                &[("0001", "env1", "PENDING"), ("0002", "env2", "PENDING")],
                None,
            ),
            "",
        );
}

#[test]
fn max_results_of_101_is_refused_by_the_service() {
    refused(
        ENV_ACCOUNT,
        &list_args("ENVIRONMENT_ACCOUNT", &["--max-results", "101"]),
        LIST,
        &one(
            "101",
            "maxResults",
            "Member must have value less than or equal to 100",
        ),
    );
}

#[test]
fn max_results_of_0_is_refused_before_the_call() {
    let scenario = populated();
    let before = scenario.dump();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &["--max-results", "0"]))
        .expect(
            252,
            "",
            "\nParameter validation failed:\nInvalid value for parameter maxResults, value: 0, valid min value: 1\n",
        );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn next_token_of_the_previous_page_is_accepted() {
    let scenario = two_connections();
    let token = first_page(&scenario);
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&list_args(
            "ENVIRONMENT_ACCOUNT",
            &["--max-results", "1", "--next-token", &token],
        ))
        .expect(0, &listing(&[("0002", "env2", "PENDING")], None), "");
}

fn token_refusal(token: &str) -> String {
    format!(
        "The nextToken '{token}' was not issued for this query. Pass the nextToken of the previous \
         page, with the same requestedBy, environmentName and statuses."
    )
}

#[test]
fn next_token_that_this_tool_did_not_produce_is_refused() {
    for garbage in ["garbage", "", "AAAA", "////", "bm90IGEgdG9rZW4=", "ü"] {
        refused(
            ENV_ACCOUNT,
            &list_args("ENVIRONMENT_ACCOUNT", &["--next-token", garbage]),
            LIST,
            &token_refusal(garbage),
        );
    }
}

#[test]
fn next_token_of_another_query_is_refused() {
    let scenario = two_connections();
    let token = first_page(&scenario);
    let before = scenario.dump();
    for (account, side, extra) in [
        (
            ENV_ACCOUNT,
            "ENVIRONMENT_ACCOUNT",
            &["--statuses", "PENDING"][..],
        ),
        (
            ENV_ACCOUNT,
            "ENVIRONMENT_ACCOUNT",
            &["--environment-name", "env2"],
        ),
        (MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT", &[]),
    ] {
        let mut args = list_args(side, extra);
        args.extend(["--next-token", &token]);
        scenario.as_account(account).run(&args).expect_error(
            "ValidationException",
            LIST,
            &token_refusal(&token),
        );
    }
    scenario
        .as_account(ENV_ACCOUNT)
        .in_region(OTHER_REGION)
        .run(&list_args("ENVIRONMENT_ACCOUNT", &["--next-token", &token]))
        .expect_error("ValidationException", LIST, &token_refusal(&token));
    assert_eq!(scenario.dump(), before);
}

// Tags ----------------------------------------------------------------------------------------

#[test]
fn fifty_tags_are_accepted() {
    let scenario = Scenario::new();
    let tags = json_tags(50);
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--tags", &tags]),
        &pending(ID, "env"),
    );
}

#[test]
fn fifty_one_tags_are_refused() {
    refused(
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--tags", &json_tags(51)]),
        CREATE,
        &one_rule(
            "Value at 'tags' failed to satisfy constraint: Member must have length less than or \
             equal to 50 (it has 51).",
        ),
    );
}

#[test]
fn tag_key_of_128_characters_is_accepted() {
    let scenario = Scenario::new();
    let tag = format!("key={},value=v", "k".repeat(128));
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--tags", &tag]),
        &pending(ID, "env"),
    );
}

#[test]
fn tag_key_of_129_characters_is_refused() {
    let key = "k".repeat(129);
    refused(
        ENV_ACCOUNT,
        &create_args(
            "env",
            &[
                "--role-arn",
                ROLE,
                "--tags",
                "key=team,value=infra",
                &format!("key={key},value=v"),
            ],
        ),
        CREATE,
        &one(
            &key,
            "tags.2.member.key",
            "Member must have length less than or equal to 128",
        ),
    );
}

#[test]
fn tag_value_may_be_empty() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--tags", "key=team,value="]),
        &pending(ID, "env"),
    );
}

#[test]
fn tag_value_of_256_characters_is_accepted() {
    let scenario = Scenario::new();
    let tag = format!("key=team,value={}", "v".repeat(256));
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args("env", &["--role-arn", ROLE, "--tags", &tag]),
        &pending(ID, "env"),
    );
}

#[test]
fn tag_value_of_257_characters_is_refused() {
    let value = "v".repeat(257);
    refused(
        ENV_ACCOUNT,
        &create_args(
            "env",
            &[
                "--role-arn",
                ROLE,
                "--tags",
                &format!("key=team,value={value}"),
            ],
        ),
        CREATE,
        &one(
            &value,
            "tags.1.member.value",
            "Member must have length less than or equal to 256",
        ),
    );
}

#[test]
fn tag_key_starting_with_aws_colon_is_refused() {
    refused(
        ENV_ACCOUNT,
        &create_args(
            "env",
            &["--role-arn", ROLE, "--tags", "key=aws:team,value=infra"],
        ),
        CREATE,
        &one_rule("Tag key 'aws:team' starts with 'aws:', which is reserved for AWS's own tags."),
    );
}

#[test]
fn tag_key_with_aws_colon_later_is_accepted() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args(
            "env",
            &["--role-arn", ROLE, "--tags", "key=team-aws:x,value=infra"],
        ),
        &pending(ID, "env"),
    );
}

#[test]
fn duplicate_tag_keys_are_refused() {
    refused(
        ENV_ACCOUNT,
        &create_args(
            "env",
            &[
                "--role-arn",
                ROLE,
                "--tags",
                "key=team,value=infra",
                "key=team,value=platform",
            ],
        ),
        CREATE,
        &one_rule("Tag key 'team' is given more than once."),
    );
}

#[test]
fn tags_in_shorthand_and_in_json_are_stored_alike() {
    let scenario = Scenario::new();
    let token = "tagged-request";
    let shorthand = create_args(
        "env",
        &[
            "--role-arn",
            ROLE,
            "--client-token",
            token,
            "--tags",
            "key=team,value=infra",
            "key=env,value=dev",
        ],
    );
    accepted(&scenario, ENV_ACCOUNT, &shorthand, &pending(ID, "env"));
    // The same tags in JSON, in another order: the same request, so the first connection.
    let json = r#"[{"key":"env","value":"dev"},{"key":"team","value":"infra"}]"#;
    let same = create_args(
        "env",
        &["--role-arn", ROLE, "--client-token", token, "--tags", json],
    );
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T2)
        .with_id("ffff")
        .run(&same)
        .expect(0, &pending(ID, "env"), "");
    // Other tags with the same token: a mismatch, so the tags were stored.
    let mismatch = |tags: &[&str]| {
        let mut args = create_args(
            "env",
            &["--role-arn", ROLE, "--client-token", token, "--tags"],
        );
        args.extend(tags);
        let before = scenario.dump();
        scenario
            .as_account(ENV_ACCOUNT)
            .at(T2)
            .with_id("ffff")
            .run(&args)
            .expect_error(
                "ValidationException",
                CREATE,
                "Idempotent parameter mismatch: client token tagged-request was first used for \
                 environment account connection abcdef01234567890 with other parameters. Use a new \
                 client token for a new request.",
            );
        assert_eq!(scenario.dump(), before);
    };
    mismatch(&[r#"[{"key":"team","value":"infra"}]"#]);
    mismatch(&["key=team,value=infra", "key=env,value=prod"]);
}

#[test]
fn tags_as_one_json_list_are_accepted() {
    let scenario = Scenario::new();
    accepted(
        &scenario,
        ENV_ACCOUNT,
        &create_args(
            "env",
            &[
                "--role-arn",
                ROLE,
                "--tags",
                r#"[{"key":"team","value":"infra"}]"#,
            ],
        ),
        &pending(ID, "env"),
    );
}

/// A `--tags` value the AWS CLI refuses before it calls, in its words: exit 252, nothing written.
fn malformed_tags(value: &str, report: &str) {
    let scenario = populated();
    let before = scenario.dump();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&create_args("env", &["--role-arn", ROLE, "--tags", value]))
        .expect(252, "", &format!("\n{report}\n"));
    assert_eq!(scenario.dump(), before);
}

#[test]
fn tag_shorthand_without_a_value_is_refused_by_the_validator() {
    malformed_tags(
        "key=team",
        "Parameter validation failed:\nMissing required parameter in tags[0]: \"value\"",
    );
}

#[test]
fn tag_shorthand_without_a_key_is_refused_by_the_validator() {
    malformed_tags(
        "value=infra",
        "Parameter validation failed:\nMissing required parameter in tags[0]: \"key\"",
    );
}

#[test]
fn tag_shorthand_as_name_equals_value_is_refused_by_the_validator() {
    malformed_tags(
        "team=infra",
        "Parameter validation failed:\n\
         Missing required parameter in tags[0]: \"key\"\n\
         Missing required parameter in tags[0]: \"value\"\n\
         Unknown parameter in tags[0]: \"team\", must be one of: key, value",
    );
}

#[test]
fn tag_shorthand_without_an_equals_sign_is_a_parse_error_with_a_caret() {
    malformed_tags(
        "team",
        "Error parsing parameter '--tags': Expected: '=', received: 'EOF' for input:\nteam\n    ^",
    );
}

#[test]
fn tag_json_of_the_wrong_shape_is_refused_by_the_validator() {
    malformed_tags(
        r#"[{"key":1}]"#,
        "Parameter validation failed:\n\
         Missing required parameter in tags[0]: \"value\"\n\
         Invalid type for parameter tags[0].key, value: 1, type: <class 'int'>, valid types: <class 'str'>",
    );
}

#[test]
fn tag_json_that_does_not_parse_is_pythons_error() {
    malformed_tags(
        r#"[{"key":"team","value":"infra"}"#,
        "Error parsing parameter '--tags': Invalid JSON: Expecting ',' delimiter: line 1 column 32 (char 31)\n\
         JSON received: [{\"key\":\"team\",\"value\":\"infra\"}",
    );
}

// Several violations --------------------------------------------------------------------------

#[test]
fn several_violations_of_create_are_reported_together_in_order() {
    let long_token = "t".repeat(65);
    refused(
        ENV_ACCOUNT,
        &[
            "create-environment-account-connection",
            "--environment-name=-env",
            "--management-account-id",
            "123",
            "--component-role-arn",
            OTHER_ROLE,
            "--client-token",
            &long_token,
            "--tags",
            "key=aws:x,value=y",
        ],
        CREATE,
        &format!(
            "6 validation errors detected: \
             Value '-env' at 'environmentName' failed to satisfy constraint: {NAME_PATTERN}; \
             Value '123' at 'managementAccountId' failed to satisfy constraint: {ACCOUNT_PATTERN}; \
             roleArn or codebuildRoleArn must be given: the connection needs a role in the \
             environment account to provision with.; \
             componentRoleArn {OTHER_ROLE} is a role in account 444455556666; it must be a role in \
             the environment account 111122223333.; \
             Value '{long_token}' at 'clientToken' failed to satisfy constraint: Member must have \
             length less than or equal to 64; \
             Tag key 'aws:x' starts with 'aws:', which is reserved for AWS's own tags."
        ),
    );
}

#[test]
fn several_violations_of_list_are_reported_together_in_order() {
    refused(
        ENV_ACCOUNT,
        &list_args(
            "BOTH",
            &[
                "--environment-name",
                "_env",
                "--statuses",
                "OPEN",
                "--max-results",
                "101",
            ],
        ),
        LIST,
        &format!(
            "4 validation errors detected: \
             Value 'BOTH' at 'requestedBy' failed to satisfy constraint: {SIDES}; \
             Value '_env' at 'environmentName' failed to satisfy constraint: {NAME_PATTERN}; \
             Value 'OPEN' at 'statuses.1.member' failed to satisfy constraint: {STATUSES}; \
             Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less \
             than or equal to 100"
        ),
    );
}
