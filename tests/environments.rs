//! Environments (CONTRACT.md section 11): made by the management account from a PUBLISHED
//! template version, on an environment account connection or in its own account; each reply
//! compared whole. Every linking rule with its own error; a connection in use can't be rejected
//! until its environment is deleted; a deleted connection leaves its environment unmanageable
//! until it is pointed at a new one; a version in use can't be deleted; who may do what; tags on
//! environment ARNs; and nothing written by a refused command.

mod common;

use common::*;

const ID: &str = "abcdef01234567890";
/// The connection that replaces ID once it is deleted.
const NEW_ID: &str = "abcdef01234567891";
const MISSING_ID: &str = "0123456789abcdef0";
const ENV: &str = "simple-env";
const TEMPLATE: &str = "simple-env-template";
const SPEC: &str = "proton: EnvironmentSpec\nspec:\n  my_sample_input: abc\n";
const T1_ISO: &str = "2021-04-28T23:13:50.847000+00:00";
const T2_ISO: &str = "2021-04-28T23:15:33.486000+00:00";
const SERVICE_ROLE: &str = "arn:aws:iam::123456789012:role/ProtonServiceRole";
const ENV_ARN: &str = "arn:aws:proton:us-east-1:123456789012:environment/simple-env";

/// A connection `id` for `name` from `env_account`, accepted by the management account.
fn connect(scenario: &Scenario, id: &str, env_account: &str, name: &str) {
    scenario
        .as_account(env_account)
        .at(T1)
        .with_id(id)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            name,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            &format!("arn:aws:iam::{env_account}:role/r"),
        ])
        .json();
    scenario
        .on(MGMT_ACCOUNT, "accept-environment-account-connection", id)
        .json();
}

/// Registers version `major`.`minor` of the template (creating the template first) as the
/// management account, published unless `draft`.
fn version(scenario: &Scenario, major: &str, draft: bool) {
    let mgmt = || scenario.as_account(MGMT_ACCOUNT).at(T1);
    let template = mgmt().run(&["get-environment-template", "--name", TEMPLATE]);
    if template.code != 0 {
        mgmt()
            .run(&["create-environment-template", "--name", TEMPLATE])
            .json();
    }
    let made = mgmt()
        .run(&[
            "create-environment-template-version",
            "--template-name",
            TEMPLATE,
            "--major-version",
            major,
            "--source",
            "s3={bucket=my-bucket,key=t.tar.gz}",
        ])
        .json();
    if !draft {
        let minor = made["environmentTemplateVersion"]["minorVersion"]
            .as_str()
            .unwrap()
            .to_string();
        mgmt()
            .run(&[
                "update-environment-template-version",
                "--template-name",
                TEMPLATE,
                "--major-version",
                major,
                "--minor-version",
                &minor,
                "--status",
                "PUBLISHED",
            ])
            .json();
    }
}

/// The seed's setting: connection ID for simple-env, CONNECTED; template version 1.0 PUBLISHED.
fn setup() -> Scenario {
    let scenario = Scenario::new();
    connect(&scenario, ID, ENV_ACCOUNT, ENV);
    version(&scenario, "1", false);
    scenario
}

/// `create-environment` of `name` from version 1 as `account`, at T1, with `more` options.
fn create_as(scenario: &Scenario, account: &str, name: &str, more: &[&str]) -> Output {
    let args = [
        &[
            "create-environment",
            "--name",
            name,
            "--template-name",
            TEMPLATE,
            "--template-major-version",
            "1",
            "--spec",
            SPEC,
        ][..],
        more,
    ]
    .concat();
    scenario.as_account(account).at(T1).run(&args)
}

fn create_on(scenario: &Scenario, id: &str) -> Output {
    create_as(
        scenario,
        MGMT_ACCOUNT,
        ENV,
        &["--environment-account-connection-id", id],
    )
}

fn update(scenario: &Scenario, more: &[&str]) -> Output {
    let args = [&["update-environment", "--name", ENV][..], more].concat();
    scenario.as_account(MGMT_ACCOUNT).at(T2).run(&args)
}

/// The environment ENV on connection `id`, as get prints it.
fn environment_json(id: &str, minor: &str, deployed: &str, status: &str) -> String {
    format!(
        "{{\n    \"environment\": {{\n        \"arn\": \"{ENV_ARN}\",\n        \
         \"createdAt\": \"{T1_ISO}\",\n        \"deploymentStatus\": \"{status}\",\n        \
         \"environmentAccountConnectionId\": \"{id}\",\n        \
         \"environmentAccountId\": \"{ENV_ACCOUNT}\",\n        \
         \"lastDeploymentAttemptedAt\": \"{deployed}\",\n        \
         \"lastDeploymentSucceededAt\": \"{deployed}\",\n        \"name\": \"{ENV}\",\n        \
         \"spec\": \"proton: EnvironmentSpec\\nspec:\\n  my_sample_input: abc\\n\",\n        \
         \"templateMajorVersion\": \"1\",\n        \"templateMinorVersion\": \"{minor}\",\n        \
         \"templateName\": \"{TEMPLATE}\"\n    }}\n}}\n"
    )
}

/// The seed's promise: an environment in the management account on the connection, provisioned
/// in the environment account; get and list show it, the summary without its spec.
#[test]
fn an_environment_on_a_connection_provisions_in_the_environment_account() {
    let scenario = setup();
    std::fs::write(scenario.dir().join("spec.yaml"), SPEC).unwrap();
    let spec = format!("file://{}", scenario.dir().join("spec.yaml").display());
    let expected = environment_json(ID, "0", T1_ISO, "SUCCEEDED");
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&[
            "create-environment",
            "--name",
            ENV,
            "--template-name",
            TEMPLATE,
            "--template-major-version",
            "1",
            "--spec",
            &spec,
            "--environment-account-connection-id",
            ID,
        ])
        .expect(0, &expected, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["get-environment", "--name", ENV])
        .expect(0, &expected, "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environments", "--output", "text"])
        .expect(
            0,
            &format!(
                "ENVIRONMENTS\t{ENV_ARN}\t{T1_ISO}\tSUCCEEDED\t{ID}\t{ENV_ACCOUNT}\t{T1_ISO}\t\
                 {T1_ISO}\t{ENV}\t1\t0\t{TEMPLATE}\n"
            ),
            "",
        );
}

/// Without a connection the environment is the caller's alone: no connection, no environment
/// account (as the documented single-account example), its service role kept.
#[test]
fn an_environment_without_a_connection_is_the_callers_own() {
    let scenario = setup();
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "solo",
        &["--proton-service-role-arn", SERVICE_ROLE, "--description", "d"],
    )
    .expect(
        0,
        &format!(
            "{{\n    \"environment\": {{\n        \
             \"arn\": \"arn:aws:proton:us-east-1:123456789012:environment/solo\",\n        \
             \"createdAt\": \"{T1_ISO}\",\n        \"deploymentStatus\": \"SUCCEEDED\",\n        \
             \"description\": \"d\",\n        \"lastDeploymentAttemptedAt\": \"{T1_ISO}\",\n        \
             \"lastDeploymentSucceededAt\": \"{T1_ISO}\",\n        \"name\": \"solo\",\n        \
             \"protonServiceRoleArn\": \"{SERVICE_ROLE}\",\n        \
             \"spec\": \"proton: EnvironmentSpec\\nspec:\\n  my_sample_input: abc\\n\",\n        \
             \"templateMajorVersion\": \"1\",\n        \"templateMinorVersion\": \"0\",\n        \
             \"templateName\": \"{TEMPLATE}\"\n    }}\n}}\n"
        ),
        "",
    );
}

/// Each linking rule of section 11, its own error, and nothing written.
#[test]
fn each_linking_rule_has_its_own_error() {
    let scenario = setup();
    // A PENDING connection, a REJECTED one, and one for another environment name.
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id("aaaa0000000000001")
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "pending-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id("aaaa0000000000002")
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "rejected-env",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    scenario
        .on(
            MGMT_ACCOUNT,
            "reject-environment-account-connection",
            "aaaa0000000000002",
        )
        .json();
    let before = scenario.dump();
    let op = "CreateEnvironment";
    create_on(&scenario, MISSING_ID).expect_error(
        "ResourceNotFoundException",
        op,
        &format!(
            "Environment account connection {MISSING_ID} was not found in us-east-1 for account \
             {MGMT_ACCOUNT}."
        ),
    );
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "pending-env",
        &["--environment-account-connection-id", "aaaa0000000000001"],
    )
    .expect_error(
        "ConflictException",
        op,
        "Environment account connection aaaa0000000000001 is PENDING: an environment can only use \
         a CONNECTED connection.",
    );
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "rejected-env",
        &["--environment-account-connection-id", "aaaa0000000000002"],
    )
    .expect_error(
        "ConflictException",
        op,
        "Environment account connection aaaa0000000000002 is REJECTED: an environment can only \
         use a CONNECTED connection.",
    );
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "other-env",
        &["--environment-account-connection-id", ID],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "Environment account connection {ID} is for environment {ENV}, not other-env: a \
             connection can only be used by the environment it names."
        ),
    );
    // The environment account sees the connection, but can't build on it.
    create_as(
        &scenario,
        ENV_ACCOUNT,
        ENV,
        &["--environment-account-connection-id", ID],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "Environment account connection {ID} was requested by account {ENV_ACCOUNT} as its \
             environment account: only its management account, {MGMT_ACCOUNT}, can create or \
             update an environment on it."
        ),
    );
    // A third account, and the management account in another region, don't see it at all.
    create_as(
        &scenario,
        THIRD_ACCOUNT,
        ENV,
        &["--environment-account-connection-id", ID],
    )
    .expect_error(
        "ResourceNotFoundException",
        op,
        &format!(
            "Environment account connection {ID} was not found in us-east-1 for account \
             {THIRD_ACCOUNT}."
        ),
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .in_region(OTHER_REGION)
        .run(&[
            "create-environment",
            "--name",
            ENV,
            "--template-name",
            TEMPLATE,
            "--template-major-version",
            "1",
            "--spec",
            SPEC,
            "--environment-account-connection-id",
            ID,
        ])
        .expect_error(
            "ResourceNotFoundException",
            op,
            &format!(
                "Environment account connection {ID} was not found in eu-west-1 for account \
                 {MGMT_ACCOUNT}."
            ),
        );
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        ENV,
        &[
            "--environment-account-connection-id",
            ID,
            "--proton-service-role-arn",
            SERVICE_ROLE,
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        "1 validation error detected: environmentAccountConnectionId and protonServiceRoleArn \
         can't both be given: an environment on a connection provisions with the connection's \
         role.",
    );
    assert_eq!(scenario.dump(), before);
}

/// An environment needs a published version: an unknown template, major or minor is not found,
/// a draft is invalid; without a minor, the recommended (highest published) one is taken.
#[test]
fn an_environment_needs_a_published_template_version() {
    let scenario = setup();
    version(&scenario, "1", true); // 1.1, DRAFT
    version(&scenario, "2", true); // 2.0, DRAFT
    let before = scenario.dump();
    let op = "CreateEnvironment";
    let run = |template: &str, major: &str, minor: Option<&str>| {
        let mut args = vec![
            "create-environment",
            "--name",
            "e",
            "--template-name",
            template,
            "--template-major-version",
            major,
            "--spec",
            SPEC,
        ];
        if let Some(minor) = minor {
            args.extend(["--template-minor-version", minor]);
        }
        scenario.as_account(MGMT_ACCOUNT).at(T1).run(&args)
    };
    run("nope", "1", None).expect_error(
        "ResourceNotFoundException",
        op,
        &format!(
            "Environment template nope was not found in us-east-1 for account {MGMT_ACCOUNT}."
        ),
    );
    run(TEMPLATE, "3", None).expect_error(
        "ResourceNotFoundException",
        op,
        &format!(
            "Environment template {TEMPLATE} has no major version 3 in us-east-1 for account \
             {MGMT_ACCOUNT}."
        ),
    );
    run(TEMPLATE, "1", Some("7")).expect_error(
        "ResourceNotFoundException",
        op,
        &format!(
            "Version 1.7 of environment template {TEMPLATE} was not found in us-east-1 for \
             account {MGMT_ACCOUNT}."
        ),
    );
    run(TEMPLATE, "1", Some("1")).expect_error(
        "ValidationException",
        op,
        &format!(
            "Version 1.1 of environment template {TEMPLATE} is DRAFT: an environment needs a \
             PUBLISHED version. Publish it with update-environment-template-version --status \
             PUBLISHED."
        ),
    );
    run(TEMPLATE, "2", None).expect_error(
        "ValidationException",
        op,
        &format!(
            "Major version 2 of environment template {TEMPLATE} has no PUBLISHED minor version: \
             publish one with update-environment-template-version --status PUBLISHED."
        ),
    );
    assert_eq!(scenario.dump(), before);
    let made = run(TEMPLATE, "1", None).json();
    assert_eq!(made["environment"]["templateMinorVersion"], "0");
}

/// "You can't reject an environment account connection that's connected to an environment":
/// refused naming the environment, and allowed once the environment is deleted.
#[test]
fn reject_waits_for_the_environment_to_be_deleted() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    let before = scenario.dump();
    scenario
        .on(MGMT_ACCOUNT, "reject-environment-account-connection", ID)
        .expect_error(
            "ConflictException",
            "RejectEnvironmentAccountConnection",
            &format!(
                "Environment account connection {ID} is used by environment {ENV}: delete the \
                 environment first, then reject the connection."
            ),
        );
    assert_eq!(scenario.dump(), before);
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&["delete-environment", "--name", ENV])
        .expect(0, &environment_json(ID, "0", T1_ISO, "DELETE_COMPLETE"), "");
    let rejected = scenario
        .on(MGMT_ACCOUNT, "reject-environment-account-connection", ID)
        .json();
    assert_eq!(
        rejected["environmentAccountConnection"]["status"],
        "REJECTED"
    );
}

/// Deleting a connection in use is allowed; the environment then refuses every update until it
/// is pointed at a new CONNECTED connection from the same environment account for the same
/// name (spec 6.8); after that it is managed as before, on the new connection.
#[test]
fn a_deleted_connection_leaves_its_environment_unmanageable_until_replaced() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    scenario
        .on(ENV_ACCOUNT, "delete-environment-account-connection", ID)
        .json();
    let op = "UpdateEnvironment";
    let unmanageable = format!(
        "Environment {ENV} can't be managed: its environment account connection {ID} was \
         deleted. Give environmentAccountConnectionId of a new CONNECTED connection from \
         environment account {ENV_ACCOUNT} for environment {ENV}."
    );
    let before = scenario.dump();
    update(
        &scenario,
        &["--deployment-type", "NONE", "--description", "x"],
    )
    .expect_error("ValidationException", op, &unmanageable);
    update(&scenario, &["--deployment-type", "CURRENT_VERSION"]).expect_error(
        "ValidationException",
        op,
        &unmanageable,
    );
    assert_eq!(scenario.dump(), before, "the refused updates wrote nothing");
    // A new request, not yet accepted.
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id(NEW_ID)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            ENV,
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    let pending = scenario.dump();
    update(
        &scenario,
        &[
            "--deployment-type",
            "NONE",
            "--environment-account-connection-id",
            NEW_ID,
        ],
    )
    .expect_error(
        "ConflictException",
        op,
        &format!(
            "Environment account connection {NEW_ID} is PENDING: an environment can only use a \
             CONNECTED connection."
        ),
    );
    assert_eq!(scenario.dump(), pending, "the refused update wrote nothing");
    // A CONNECTED one from another environment account, for the same name.
    connect(&scenario, "bbbb0000000000001", THIRD_ACCOUNT, ENV);
    let third = scenario.dump();
    update(
        &scenario,
        &[
            "--deployment-type",
            "NONE",
            "--environment-account-connection-id",
            "bbbb0000000000001",
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "Environment account connection bbbb0000000000001 is from environment account \
             {THIRD_ACCOUNT}, but environment {ENV} provisions in environment account \
             {ENV_ACCOUNT}: use a connection from that account."
        ),
    );
    assert_eq!(scenario.dump(), third, "the refused update wrote nothing");
    // A CONNECTED one from the same account for another name.
    connect(&scenario, "bbbb0000000000002", ENV_ACCOUNT, "other-env");
    let other = scenario.dump();
    update(
        &scenario,
        &[
            "--deployment-type",
            "NONE",
            "--environment-account-connection-id",
            "bbbb0000000000002",
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "Environment account connection bbbb0000000000002 is for environment other-env, not \
             {ENV}: a connection can only be used by the environment it names."
        ),
    );
    assert_eq!(scenario.dump(), other, "the refused update wrote nothing");
    // The right one: accepted, same account, same name.
    scenario
        .on(
            MGMT_ACCOUNT,
            "accept-environment-account-connection",
            NEW_ID,
        )
        .json();
    update(
        &scenario,
        &[
            "--deployment-type",
            "CURRENT_VERSION",
            "--environment-account-connection-id",
            NEW_ID,
        ],
    )
    .expect(0, &environment_json(NEW_ID, "0", T2_ISO, "SUCCEEDED"), "");
    // Managed again: an update without a connection id, and the new connection is in use.
    update(&scenario, &["--deployment-type", "NONE"]).expect(
        0,
        &environment_json(NEW_ID, "0", T2_ISO, "SUCCEEDED"),
        "",
    );
    scenario
        .on(
            MGMT_ACCOUNT,
            "reject-environment-account-connection",
            NEW_ID,
        )
        .expect_error(
            "ConflictException",
            "RejectEnvironmentAccountConnection",
            &format!(
                "Environment account connection {NEW_ID} is used by environment {ENV}: delete \
                 the environment first, then reject the connection."
            ),
        );
}

/// The update rules about connections and versions, each its own error, nothing written.
#[test]
fn update_refuses_what_the_model_says_not_to_include() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    create_as(&scenario, MGMT_ACCOUNT, "solo", &[]).json();
    let before = scenario.dump();
    let op = "UpdateEnvironment";
    update(
        &scenario,
        &[
            "--deployment-type",
            "NONE",
            "--proton-service-role-arn",
            SERVICE_ROLE,
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "Environment {ENV} is associated with an environment account connection: omit \
             protonServiceRoleArn."
        ),
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "update-environment",
            "--name",
            "solo",
            "--deployment-type",
            "NONE",
            "--environment-account-connection-id",
            ID,
        ])
        .expect_error(
            "ValidationException",
            op,
            &format!(
                "Environment solo isn't associated with an environment account connection, so it \
                 can't be connected to {ID}: omit environmentAccountConnectionId."
            ),
        );
    update(
        &scenario,
        &[
            "--deployment-type",
            "CURRENT_VERSION",
            "--template-minor-version",
            "0",
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        "1 validation error detected: Don't include templateMajorVersion or templateMinorVersion \
         with deploymentType CURRENT_VERSION: give MINOR_VERSION or MAJOR_VERSION to change the \
         template version.",
    );
    update(&scenario, &["--deployment-type", "SOMETIMES"]).expect_error(
        "ValidationException",
        op,
        "1 validation error detected: Value 'SOMETIMES' at 'deploymentType' failed to satisfy \
         constraint: Member must satisfy enum value set: [NONE, CURRENT_VERSION, MINOR_VERSION, \
         MAJOR_VERSION]",
    );
    update(
        &scenario,
        &[
            "--deployment-type",
            "MAJOR_VERSION",
            "--template-major-version",
            "1",
        ],
    )
    .expect_error(
        "ValidationException",
        op,
        &format!(
            "MAJOR_VERSION moves to a major version higher than 1, which environment {ENV} uses; \
             1 is not."
        ),
    );
    // Without a major, the recommended version's: still 1, so no move either.
    update(&scenario, &["--deployment-type", "MAJOR_VERSION"]).expect_error(
        "ValidationException",
        op,
        &format!(
            "MAJOR_VERSION moves to a major version higher than 1, which environment {ENV} uses; \
             the template's recommended major version, 1, is not."
        ),
    );
    assert_eq!(scenario.dump(), before);
}

/// MINOR_VERSION moves to the recommended minor of the same major, MAJOR_VERSION to the
/// recommended version of the template; each deploys at once.
#[test]
fn updates_deploy_the_recommended_versions() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    version(&scenario, "1", false); // 1.1
    version(&scenario, "2", false); // 2.0
    let minor = update(&scenario, &["--deployment-type", "MINOR_VERSION"]).json();
    assert_eq!(minor["environment"]["templateMajorVersion"], "1");
    assert_eq!(minor["environment"]["templateMinorVersion"], "1");
    assert_eq!(minor["environment"]["lastDeploymentSucceededAt"], T2_ISO);
    let major = update(&scenario, &["--deployment-type", "MAJOR_VERSION"]).json();
    assert_eq!(major["environment"]["templateMajorVersion"], "2");
    assert_eq!(major["environment"]["templateMinorVersion"], "0");
}

/// "A published version can't be deleted while an environment uses it": refused naming the
/// environment; deletable once the environment is gone.
#[test]
fn a_version_in_use_cant_be_deleted() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    let before = scenario.dump();
    let delete = || {
        scenario.as_account(MGMT_ACCOUNT).run(&[
            "delete-environment-template-version",
            "--template-name",
            TEMPLATE,
            "--major-version",
            "1",
            "--minor-version",
            "0",
        ])
    };
    delete().expect_error(
        "ConflictException",
        "DeleteEnvironmentTemplateVersion",
        &format!(
            "Version 1.0 of environment template {TEMPLATE} is used by environment {ENV}: delete \
             the environment, or move it to another version, first."
        ),
    );
    assert_eq!(scenario.dump(), before);
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["delete-environment", "--name", ENV])
        .json();
    delete().json();
}

/// Who calls, from where.
#[derive(Debug, Clone, Copy)]
enum Who {
    Management,
    Environment,
    Third,
    ManagementElsewhere,
    EnvironmentElsewhere,
}

impl Who {
    const ALL: [Who; 5] = [
        Who::Management,
        Who::Environment,
        Who::Third,
        Who::ManagementElsewhere,
        Who::EnvironmentElsewhere,
    ];

    fn run(self, scenario: &Scenario) -> Run {
        let (account, region) = match self {
            Who::Management => (MGMT_ACCOUNT, REGION),
            Who::Environment => (ENV_ACCOUNT, REGION),
            Who::Third => (THIRD_ACCOUNT, REGION),
            Who::ManagementElsewhere => (MGMT_ACCOUNT, OTHER_REGION),
            Who::EnvironmentElsewhere => (ENV_ACCOUNT, OTHER_REGION),
        };
        scenario.as_account(account).in_region(region).at(T2)
    }

    fn account(self) -> &'static str {
        match self {
            Who::Management | Who::ManagementElsewhere => MGMT_ACCOUNT,
            Who::Environment | Who::EnvironmentElsewhere => ENV_ACCOUNT,
            Who::Third => THIRD_ACCOUNT,
        }
    }

    fn region(self) -> &'static str {
        match self {
            Who::ManagementElsewhere | Who::EnvironmentElsewhere => OTHER_REGION,
            _ => REGION,
        }
    }
}

/// The who-may-do-what matrix of every environment operation: only the management account, in
/// its region, sees or manages the environment; everyone else is answered exactly as for a name
/// that does not exist, and lists nothing. Each cell: its exit code and its whole stderr.
#[test]
fn only_the_management_account_sees_or_manages_its_environment() {
    for who in Who::ALL {
        let scenario = setup();
        create_on(&scenario, ID).json();
        let before = scenario.dump();
        let not_found = |operation: &str| {
            format!(
                "\nAn error occurred (ResourceNotFoundException) when calling the {operation} \
                 operation: Environment {ENV} was not found in {} for account {}.\n",
                who.region(),
                who.account()
            )
        };
        let get = who.run(&scenario).run(&["get-environment", "--name", ENV]);
        let list = who.run(&scenario).run(&["list-environments"]);
        let update = who.run(&scenario).run(&[
            "update-environment",
            "--name",
            ENV,
            "--deployment-type",
            "NONE",
            "--description",
            "d",
        ]);
        let delete_args = ["delete-environment", "--name", ENV];
        if let Who::Management = who {
            assert_eq!((get.code, update.code), (0, 0), "{who:?}");
            let listed = list.json();
            assert_eq!(listed["environments"][0]["name"], ENV);
            assert_eq!(listed["environments"].as_array().unwrap().len(), 1);
            // The same create again, once the update above has changed it.
            create_on(&scenario, ID).expect_error(
                "ConflictException",
                "CreateEnvironment",
                &format!(
                    "Environment {ENV} has been updated since it was created, so this create \
                     can't return it unchanged. Use GetEnvironment to read it."
                ),
            );
            let deleted = who.run(&scenario).run(&delete_args).json();
            assert_eq!(
                deleted["environment"]["deploymentStatus"],
                "DELETE_COMPLETE"
            );
            continue;
        }
        get.expect(254, "", &not_found("GetEnvironment"));
        list.expect(0, "{\n    \"environments\": []\n}\n", "");
        update.expect(254, "", &not_found("UpdateEnvironment"));
        who.run(&scenario)
            .run(&delete_args)
            .expect(254, "", &not_found("DeleteEnvironment"));
        // Creating it on the connection: the environment account sees the connection but may
        // not build on it; everyone else doesn't see it.
        let create = who.run(&scenario).run(&[
            "create-environment",
            "--name",
            ENV,
            "--template-name",
            TEMPLATE,
            "--template-major-version",
            "1",
            "--spec",
            SPEC,
            "--environment-account-connection-id",
            ID,
        ]);
        let refusal = match who {
            Who::Environment => format!(
                "(ValidationException) when calling the CreateEnvironment operation: Environment \
                 account connection {ID} was requested by account {ENV_ACCOUNT} as its \
                 environment account: only its management account, {MGMT_ACCOUNT}, can create or \
                 update an environment on it."
            ),
            _ => format!(
                "(ResourceNotFoundException) when calling the CreateEnvironment operation: \
                 Environment account connection {ID} was not found in {} for account {}.",
                who.region(),
                who.account()
            ),
        };
        create.expect(254, "", &format!("\nAn error occurred {refusal}\n"));
        assert_eq!(scenario.dump(), before, "{who:?}");
    }
}

/// Tags on an environment's ARN: given at create, added, removed and listed by the management
/// account; the environment account and a refused tag write nothing; a deleted environment's
/// tags go with it.
#[test]
fn tags_on_an_environment_round_trip() {
    let scenario = setup();
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        ENV,
        &[
            "--environment-account-connection-id",
            ID,
            "--tags",
            "key=team,value=infra",
        ],
    )
    .json();
    let list_tags = |account: &str| {
        scenario
            .as_account(account)
            .run(&["list-tags-for-resource", "--resource-arn", ENV_ARN])
    };
    let tags = |pairs: &[(&str, &str)]| {
        let items: Vec<String> = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "        {{\n            \"key\": \"{k}\",\n            \"value\": \"{v}\"\n        }}"
                )
            })
            .collect();
        format!("{{\n    \"tags\": [\n{}\n    ]\n}}\n", items.join(",\n"))
    };
    list_tags(MGMT_ACCOUNT).expect(0, &tags(&[("team", "infra")]), "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "tag-resource",
            "--resource-arn",
            ENV_ARN,
            "--tags",
            "key=env,value=dev",
        ])
        .expect(0, "", "");
    list_tags(MGMT_ACCOUNT).expect(0, &tags(&[("env", "dev"), ("team", "infra")]), "");
    let before = scenario.dump();
    let not_found = |operation: &str| {
        format!(
            "\nAn error occurred (ResourceNotFoundException) when calling the {operation} \
             operation: Resource {ENV_ARN} was not found in us-east-1 for account {ENV_ACCOUNT}.\n"
        )
    };
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "tag-resource",
            "--resource-arn",
            ENV_ARN,
            "--tags",
            "key=x,value=y",
        ])
        .expect(254, "", &not_found("TagResource"));
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "untag-resource",
            "--resource-arn",
            ENV_ARN,
            "--tag-keys",
            "team",
        ])
        .expect(254, "", &not_found("UntagResource"));
    list_tags(ENV_ACCOUNT).expect(254, "", &not_found("ListTagsForResource"));
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "tag-resource",
            "--resource-arn",
            ENV_ARN,
            "--tags",
            "key=aws:x,value=y",
        ])
        .expect_error(
            "ValidationException",
            "TagResource",
            "1 validation error detected: Tag key 'aws:x' starts with 'aws:', which is reserved \
             for AWS's own tags.",
        );
    assert_eq!(scenario.dump(), before);
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "untag-resource",
            "--resource-arn",
            ENV_ARN,
            "--tag-keys",
            "team",
        ])
        .expect(0, "", "");
    list_tags(MGMT_ACCOUNT).expect(0, &tags(&[("env", "dev")]), "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["delete-environment", "--name", ENV])
        .json();
    list_tags(MGMT_ACCOUNT).expect(
        254,
        "",
        &format!(
            "\nAn error occurred (ResourceNotFoundException) when calling the ListTagsForResource \
             operation: Resource {ENV_ARN} was not found in us-east-1 for account {MGMT_ACCOUNT}.\n"
        ),
    );
}

/// The list's filter keeps the environments of the template major versions named; pages walk
/// the names in order.
#[test]
fn list_filters_by_template_major_version_and_pages() {
    let scenario = setup();
    version(&scenario, "2", false);
    for (name, major) in [("a", "1"), ("b", "2"), ("c", "1")] {
        scenario
            .as_account(MGMT_ACCOUNT)
            .at(T1)
            .run(&[
                "create-environment",
                "--name",
                name,
                "--template-name",
                TEMPLATE,
                "--template-major-version",
                major,
                "--spec",
                SPEC,
            ])
            .json();
    }
    let names = |more: &[&str]| -> Vec<String> {
        let args = [&["list-environments"][..], more].concat();
        let listed = scenario.as_account(MGMT_ACCOUNT).run(&args).json();
        listed["environments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&[]), ["a", "b", "c"]);
    let filter = format!("templateName={TEMPLATE},majorVersion=1");
    assert_eq!(names(&["--environment-templates", &filter]), ["a", "c"]);
    assert_eq!(names(&["--page-size", "1"]), ["a", "b", "c"]);
    let page = scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environments", "--max-results", "2"])
        .json();
    assert_eq!(page["environments"].as_array().unwrap().len(), 2);
    let token = page["nextToken"].as_str().unwrap();
    assert_eq!(names(&["--next-token", token]), ["c"]);
}

/// A repeated create returns the environment; another request for the name is a mismatch; the
/// quota (PROTON_LOCAL_ENVIRONMENT_QUOTA) refuses one more, writing nothing.
#[test]
fn creates_are_idempotent_and_counted() {
    let scenario = setup();
    let first = create_on(&scenario, ID);
    assert_eq!(create_on(&scenario, ID), first);
    create_as(&scenario, MGMT_ACCOUNT, ENV, &["--description", "other"]).expect_error(
        "ValidationException",
        "CreateEnvironment",
        &format!(
            "Idempotent parameter mismatch: environment {ENV} already exists with other \
             parameters. Choose another name, or change it with UpdateEnvironment."
        ),
    );
    let before = scenario.dump();
    scenario
        .as_account(MGMT_ACCOUNT)
        .env("PROTON_LOCAL_ENVIRONMENT_QUOTA", "1")
        .run(&[
            "create-environment",
            "--name",
            "second",
            "--template-name",
            TEMPLATE,
            "--template-major-version",
            "1",
            "--spec",
            SPEC,
        ])
        .expect_error(
            "ServiceQuotaExceededException",
            "CreateEnvironment",
            &format!(
                "Account {MGMT_ACCOUNT} has reached its quota of 1 environments in us-east-1. \
                 Delete environments it no longer needs."
            ),
        );
    assert_eq!(scenario.dump(), before);
    scenario
        .as_account(MGMT_ACCOUNT)
        .env("PROTON_LOCAL_ENVIRONMENT_QUOTA", "many")
        .run(&["get-environment", "--name", ENV])
        .expect(
            253,
            "",
            "PROTON_LOCAL_ENVIRONMENT_QUOTA 'many' is not a whole number of environments.\n",
        );
}

/// A connection id pinned again (PROTON_LOCAL_NEXT_ID) after the environment's connection was
/// deleted names another connection, for another environment: the environment stays
/// unmanageable.
#[test]
fn a_reused_connection_id_does_not_bring_the_environment_back() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    scenario
        .on(ENV_ACCOUNT, "delete-environment-account-connection", ID)
        .json();
    connect(&scenario, ID, ENV_ACCOUNT, "other-env");
    let before = scenario.dump();
    update(&scenario, &["--deployment-type", "NONE"]).expect_error(
        "ValidationException",
        "UpdateEnvironment",
        &format!(
            "Environment {ENV} can't be managed: its environment account connection {ID} was \
             deleted. Give environmentAccountConnectionId of a new CONNECTED connection from \
             environment account {ENV_ACCOUNT} for environment {ENV}."
        ),
    );
    assert_eq!(scenario.dump(), before);
    // Nor is that other connection in use: it can be rejected, and no environment is named.
    let rejected = scenario
        .on(MGMT_ACCOUNT, "reject-environment-account-connection", ID)
        .json();
    assert_eq!(
        rejected["environmentAccountConnection"]["status"],
        "REJECTED"
    );
}

/// The environment that uses a connection is the one of its name, in its management account and
/// region: an id pinned again for a connection of other accounts is not "in use", and its
/// rejection names nobody's environment.
#[test]
fn a_reused_connection_id_of_other_accounts_can_be_rejected() {
    let scenario = setup();
    create_on(&scenario, ID).json();
    scenario
        .on(ENV_ACCOUNT, "delete-environment-account-connection", ID)
        .json();
    // The same id, asked of a fourth account (the management account here) by a third one.
    let fourth = "777788889999";
    scenario
        .as_account(THIRD_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "other",
            "--management-account-id",
            fourth,
            "--role-arn",
            &format!("arn:aws:iam::{THIRD_ACCOUNT}:role/r"),
        ])
        .json();
    let rejected = scenario
        .on(fourth, "reject-environment-account-connection", ID)
        .json();
    assert_eq!(
        rejected["environmentAccountConnection"]["status"],
        "REJECTED"
    );
}

/// A template that provisions through a repository (CUSTOMER_MANAGED) makes no environment on
/// a connection or with a service role, and none without a repository; proton-local keeps no
/// repositories, and a refused create writes nothing.
#[test]
fn a_self_managed_template_makes_no_environment_here() {
    let scenario = setup();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&[
            "create-environment-template",
            "--name",
            "self-managed",
            "--provisioning",
            "CUSTOMER_MANAGED",
        ])
        .json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&[
            "create-environment-template-version",
            "--template-name",
            "self-managed",
            "--source",
            "s3={bucket=my-bucket,key=t.tar.gz}",
        ])
        .json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&[
            "update-environment-template-version",
            "--template-name",
            "self-managed",
            "--major-version",
            "1",
            "--minor-version",
            "0",
            "--status",
            "PUBLISHED",
        ])
        .json();
    let before = scenario.dump();
    let create = |more: &[&str]| {
        let args = [
            &[
                "create-environment",
                "--name",
                ENV,
                "--template-name",
                "self-managed",
                "--template-major-version",
                "1",
                "--spec",
                SPEC,
            ][..],
            more,
        ]
        .concat();
        scenario.as_account(MGMT_ACCOUNT).at(T1).run(&args)
    };
    let refused = |instead: &str| {
        format!(
            "Environment template self-managed provisions through a repository \
             (CUSTOMER_MANAGED): an environment of it {instead}."
        )
    };
    create(&["--environment-account-connection-id", ID]).expect_error(
        "ValidationException",
        "CreateEnvironment",
        &refused("can't be used with environmentAccountConnectionId or protonServiceRoleArn"),
    );
    create(&["--proton-service-role-arn", SERVICE_ROLE]).expect_error(
        "ValidationException",
        "CreateEnvironment",
        &refused("can't be used with environmentAccountConnectionId or protonServiceRoleArn"),
    );
    create(&[]).expect_error(
        "ValidationException",
        "CreateEnvironment",
        &refused("needs provisioningRepository"),
    );
    assert_eq!(scenario.dump(), before);
}

/// `--provisioning-repository` is checked against the model (its name an `owner/name`, a known
/// provider) before anything else; a valid one is never found, since proton-local keeps no
/// repositories. Nothing is written either way.
#[test]
fn a_provisioning_repository_is_checked_then_not_found() {
    let scenario = setup();
    let before = scenario.dump();
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "solo",
        &[
            "--provisioning-repository",
            "branch=main,name=bad,provider=GITHUB",
        ],
    )
    .expect_error(
        "ValidationException",
        "CreateEnvironment",
        "1 validation error detected: Value 'bad' at 'provisioningRepository.name' failed to \
         satisfy constraint: Member must satisfy regular expression pattern: \
         [A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*",
    );
    create_as(
        &scenario,
        MGMT_ACCOUNT,
        "solo",
        &[
            "--provisioning-repository",
            "branch=main,name=my-org/infra,provider=GITHUB",
        ],
    )
    .expect_error(
        "ResourceNotFoundException",
        "CreateEnvironment",
        "Repository GITHUB:my-org/infra was not found in us-east-1 for account 123456789012: \
         proton-local keeps no linked repositories, so self-managed provisioning is not emulated.",
    );
    assert_eq!(scenario.dump(), before);
}

/// A reject and a create-environment on the same connection, at the same time in two processes:
/// each check is made in the transaction that writes, so exactly one wins, and what is stored
/// agrees with it (a REJECTED connection and no environment, or an environment on a CONNECTED
/// connection).
#[test]
fn a_reject_racing_a_create_on_its_connection_has_one_winner() {
    let scenario = Scenario::new();
    version(&scenario, "1", false);
    for round in 0..12 {
        let id = format!("cccc00000000000{round:02}");
        let name = format!("race-{round}");
        connect(&scenario, &id, ENV_ACCOUNT, &name);
        let (rejected, created) = std::thread::scope(|threads| {
            let reject = threads.spawn(|| {
                scenario.as_account(MGMT_ACCOUNT).run(&[
                    "reject-environment-account-connection",
                    "--id",
                    &id,
                ])
            });
            let create = threads.spawn(|| {
                create_as(
                    &scenario,
                    MGMT_ACCOUNT,
                    &name,
                    &["--environment-account-connection-id", &id],
                )
            });
            (reject.join().unwrap(), create.join().unwrap())
        });
        let status = scenario
            .on(MGMT_ACCOUNT, "get-environment-account-connection", &id)
            .json()["environmentAccountConnection"]["status"]
            .clone();
        let environment =
            scenario
                .as_account(MGMT_ACCOUNT)
                .run(&["get-environment", "--name", &name]);
        match (rejected.code, created.code) {
            (0, 254) => {
                assert_eq!(status, "REJECTED", "round {round}");
                assert_eq!(environment.code, 254, "round {round}: no environment");
            }
            (254, 0) => {
                assert_eq!(status, "CONNECTED", "round {round}");
                assert_eq!(environment.code, 0, "round {round}: the environment");
            }
            codes => panic!("round {round}: not one winner: {codes:?}"),
        }
    }
}
