//! Environment templates (CONTRACT.md section 11): create, get, list, update and delete, each
//! reply compared whole; the model's limits with their exact refusals; who sees a template (its
//! own account, in its own region, and no one else); paging; tags by the template's ARN; the
//! documented idempotent create; the quota; and nothing written by a refused command.

mod common;

use common::*;

const NAME: &str = "simple-env-template";
const ARN: &str = "arn:aws:proton:us-east-1:123456789012:environment-template/simple-env-template";
const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const T1_ISO: &str = "2021-04-28T23:13:50.847000+00:00";
const T2_ISO: &str = "2021-04-28T23:15:33.486000+00:00";
const NO_TEMPLATES: &str = "{\n    \"templates\": []\n}\n";

/// The create of the round trip: every option.
fn create_all(run: Run) -> Output {
    run.run(&[
        "create-environment-template",
        "--name",
        NAME,
        "--display-name",
        "Simple environment",
        "--description",
        "A VPC and a cluster",
        "--encryption-key",
        KEY,
        "--provisioning",
        "CUSTOMER_MANAGED",
        "--tags",
        "key=team,value=platform",
    ])
}

/// The template of `create_all`, as `get` prints it, last modified at `modified`.
fn full_template(description: &str, modified: &str) -> String {
    format!(
        "{{\n    \"environmentTemplate\": {{\n        \"arn\": \"{ARN}\",\n        \"createdAt\": \"{T1_ISO}\",\n        \
         \"description\": \"{description}\",\n        \"displayName\": \"Simple environment\",\n        \
         \"encryptionKey\": \"{KEY}\",\n        \"lastModifiedAt\": \"{modified}\",\n        \
         \"name\": \"{NAME}\",\n        \"provisioning\": \"CUSTOMER_MANAGED\"\n    }}\n}}\n"
    )
}

/// A template with no optional member, created at T1, as `get` prints it.
fn bare_template(name: &str) -> String {
    format!(
        "{{\n    \"environmentTemplate\": {{\n        \"arn\": \"arn:aws:proton:us-east-1:123456789012:environment-template/{name}\",\n        \
         \"createdAt\": \"{T1_ISO}\",\n        \"lastModifiedAt\": \"{T1_ISO}\",\n        \"name\": \"{name}\"\n    }}\n}}\n"
    )
}

/// One summary of a list, as it prints inside `templates`.
fn summary(name: &str) -> String {
    format!(
        "        {{\n            \"arn\": \"arn:aws:proton:us-east-1:123456789012:environment-template/{name}\",\n            \
         \"createdAt\": \"{T1_ISO}\",\n            \"lastModifiedAt\": \"{T1_ISO}\",\n            \"name\": \"{name}\"\n        }}"
    )
}

fn listing(names: &[&str]) -> String {
    let items: Vec<String> = names.iter().map(|name| summary(name)).collect();
    format!(
        "{{\n    \"templates\": [\n{}\n    ]\n}}\n",
        items.join(",\n")
    )
}

fn create(scenario: &Scenario, name: &str) {
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&["create-environment-template", "--name", name])
        .expect(0, &bare_template(name), "");
}

/// The rows of templates and tags: what a template leaves in the file.
fn template_rows(scenario: &Scenario) -> String {
    scenario
        .dump()
        .lines()
        .filter(|line| line.starts_with("environment_templates: ") || line.starts_with("tags: "))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn not_found(operation: &str, name: &str, region: &str, account: &str) -> String {
    format!(
        "\nAn error occurred (ResourceNotFoundException) when calling the {operation} operation: \
         Environment template {name} was not found in {region} for account {account}.\n"
    )
}

fn validation(operation: &str, message: &str) -> String {
    format!(
        "\nAn error occurred (ValidationException) when calling the {operation} operation: {message}\n"
    )
}

#[test]
fn create_get_update_list_delete_round_trip() {
    let scenario = Scenario::new();
    create_all(scenario.as_account(MGMT_ACCOUNT).at(T1)).expect(
        0,
        &full_template("A VPC and a cluster", T1_ISO),
        "",
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["get-environment-template", "--name", NAME])
        .expect(0, &full_template("A VPC and a cluster", T1_ISO), "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&[
            "update-environment-template",
            "--name",
            NAME,
            "--description",
            "A VPC, a cluster and a queue",
        ])
        .expect(
            0,
            &full_template("A VPC, a cluster and a queue", T2_ISO),
            "",
        );
    // The list's summaries have no encryptionKey (the model's EnvironmentTemplateSummary).
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environment-templates"])
        .expect(
            0,
            &format!(
                "{{\n    \"templates\": [\n        {{\n            \"arn\": \"{ARN}\",\n            \
                 \"createdAt\": \"{T1_ISO}\",\n            \"description\": \"A VPC, a cluster and a queue\",\n            \
                 \"displayName\": \"Simple environment\",\n            \"lastModifiedAt\": \"{T2_ISO}\",\n            \
                 \"name\": \"{NAME}\",\n            \"provisioning\": \"CUSTOMER_MANAGED\"\n        }}\n    ]\n}}\n"
            ),
            "",
        );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["delete-environment-template", "--name", NAME])
        .expect(
            0,
            &full_template("A VPC, a cluster and a queue", T2_ISO),
            "",
        );
    for (command, operation) in [
        ("get-environment-template", "GetEnvironmentTemplate"),
        ("delete-environment-template", "DeleteEnvironmentTemplate"),
    ] {
        scenario
            .as_account(MGMT_ACCOUNT)
            .run(&[command, "--name", NAME])
            .expect(254, "", &not_found(operation, NAME, REGION, MGMT_ACCOUNT));
    }
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environment-templates"])
        .expect(0, NO_TEMPLATES, "");
    // Its tags went with it: nothing of the template is left.
    assert_eq!(template_rows(&scenario), "");
}

#[test]
fn an_update_replaces_only_what_it_is_given() {
    let scenario = Scenario::new();
    create(&scenario, NAME);
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&[
            "update-environment-template",
            "--name",
            NAME,
            "--display-name",
            "Shown",
        ])
        .json();
    let out = scenario.as_account(MGMT_ACCOUNT).at(T2).run(&[
        "update-environment-template",
        "--name",
        NAME,
        "--description",
        "",
    ]);
    out.expect(
        0,
        &format!(
            "{{\n    \"environmentTemplate\": {{\n        \"arn\": \"{ARN}\",\n        \"createdAt\": \"{T1_ISO}\",\n        \
             \"description\": \"\",\n        \"displayName\": \"Shown\",\n        \"lastModifiedAt\": \"{T2_ISO}\",\n        \
             \"name\": \"{NAME}\"\n    }}\n}}\n"
        ),
        "",
    );
    let before = scenario.dump();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["update-environment-template", "--name", NAME])
        .expect(
            254,
            "",
            &validation(
                "UpdateEnvironmentTemplate",
                "1 validation error detected: At least one of displayName and description must be \
                 given to update an environment template.",
            ),
        );
    assert_eq!(scenario.dump(), before);
}

/// The model's limits, each refused with the service's words and exit 254, or, under a minimum
/// length, by the command line itself with exit 252; nothing is written either way.
#[test]
fn the_models_limits_are_refused_and_nothing_is_written() {
    let scenario = Scenario::new();
    create(&scenario, NAME);
    let before = scenario.dump();
    let long_name = "a".repeat(101);
    let long_display = "d".repeat(101);
    let long_description = "x".repeat(501);
    let name_pattern =
        r"Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\-]*$";
    // `--name=value`: a value that starts with `-` is otherwise an option, as in the AWS CLI.
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["--name=-starts-with-a-hyphen"],
            format!("1 validation error detected: Value '-starts-with-a-hyphen' at 'name' failed to satisfy constraint: {name_pattern}"),
        ),
        (
            vec!["--name", "has.a.dot"],
            format!("1 validation error detected: Value 'has.a.dot' at 'name' failed to satisfy constraint: {name_pattern}"),
        ),
        (
            vec!["--name", &long_name],
            format!("1 validation error detected: Value '{long_name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 100"),
        ),
        (
            vec!["--name", "ok", "--display-name", &long_display],
            "1 validation error detected: Value at 'displayName' failed to satisfy constraint: Member must have length less than or equal to 100".to_string(),
        ),
        (
            vec!["--name", "ok", "--description", &long_description],
            "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 500".to_string(),
        ),
        (
            vec!["--name", "ok", "--provisioning", "AWS_MANAGED"],
            "1 validation error detected: Value 'AWS_MANAGED' at 'provisioning' failed to satisfy constraint: Member must satisfy enum value set: [CUSTOMER_MANAGED]".to_string(),
        ),
        (
            vec!["--name", "ok", "--encryption-key", "not-an-arn"],
            r"1 validation error detected: Value 'not-an-arn' at 'encryptionKey' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$".to_string(),
        ),
        (
            vec!["--name", "ok", "--tags", "key=aws:team,value=x"],
            "1 validation error detected: Tag key 'aws:team' starts with 'aws:', which is reserved for AWS's own tags.".to_string(),
        ),
        (
            vec!["--name=-", "--display-name", &long_display, "--description", &long_description],
            format!("3 validation errors detected: Value '-' at 'name' failed to satisfy constraint: {name_pattern}; Value at 'displayName' failed to satisfy constraint: Member must have length less than or equal to 100; Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 500"),
        ),
    ];
    for (options, message) in cases {
        let args = [&["create-environment-template"][..], &options].concat();
        scenario.as_account(MGMT_ACCOUNT).run(&args).expect(
            254,
            "",
            &validation("CreateEnvironmentTemplate", &message),
        );
    }
    for (command, operation) in [
        ("get-environment-template", "GetEnvironmentTemplate"),
        ("update-environment-template", "UpdateEnvironmentTemplate"),
        ("delete-environment-template", "DeleteEnvironmentTemplate"),
    ] {
        let extra: &[&str] = match command {
            "update-environment-template" => &["--display-name", "x"],
            _ => &[],
        };
        let args = [&[command, "--name", "bad name"][..], extra].concat();
        scenario.as_account(MGMT_ACCOUNT).run(&args).expect(
            254,
            "",
            &validation(
                operation,
                &format!("1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: {name_pattern}"),
            ),
        );
    }
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "update-environment-template",
            "--name",
            NAME,
            "--display-name",
            &long_display,
        ])
        .expect(
            254,
            "",
            &validation(
                "UpdateEnvironmentTemplate",
                "1 validation error detected: Value at 'displayName' failed to satisfy constraint: Member must have length less than or equal to 100",
            ),
        );
    // Under a minimum length: the AWS CLI's own check, before any call.
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "create-environment-template",
            "--name",
            "",
            "--display-name",
            "",
        ])
        .expect(
            252,
            "",
            // One line per problem, in the model's member order.
            "\nParameter validation failed:\nInvalid length for parameter displayName, value: 0, valid min length: 1\n\
             Invalid length for parameter name, value: 0, valid min length: 1\n",
        );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environment-templates", "--max-results", "0"])
        .expect(
            252,
            "",
            "\nParameter validation failed:\nInvalid value for parameter maxResults, value: 0, valid min value: 1\n",
        );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environment-templates", "--max-results", "101"])
        .expect(
            254,
            "",
            &validation(
                "ListEnvironmentTemplates",
                "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
            ),
        );
    assert_eq!(scenario.dump(), before);
}

/// A template is its own account's, in its own region: the other accounts (the environment
/// account of the seed among them) and the owner in another region get what an unknown name
/// gets, and list nothing.
#[test]
fn other_accounts_and_regions_find_nothing() {
    let scenario = Scenario::new();
    create(&scenario, NAME);
    let before = scenario.dump();
    let callers = [
        (ENV_ACCOUNT, REGION),
        (THIRD_ACCOUNT, REGION),
        (MGMT_ACCOUNT, OTHER_REGION),
    ];
    for (account, region) in callers {
        for (args, operation) in [
            (
                vec!["get-environment-template", "--name", NAME],
                "GetEnvironmentTemplate",
            ),
            (
                vec![
                    "update-environment-template",
                    "--name",
                    NAME,
                    "--display-name",
                    "Mine",
                ],
                "UpdateEnvironmentTemplate",
            ),
            (
                vec!["delete-environment-template", "--name", NAME],
                "DeleteEnvironmentTemplate",
            ),
        ] {
            scenario
                .as_account(account)
                .in_region(region)
                .run(&args)
                .expect(254, "", &not_found(operation, NAME, region, account));
        }
        scenario
            .as_account(account)
            .in_region(region)
            .run(&["list-environment-templates"])
            .expect(0, NO_TEMPLATES, "");
    }
    assert_eq!(scenario.dump(), before);
    // Another account may have a template of the same name: it is another template.
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .run(&["create-environment-template", "--name", NAME])
        .expect(
            0,
            &bare_template(NAME).replace(MGMT_ACCOUNT, ENV_ACCOUNT),
            "",
        );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-environment-templates"])
        .expect(0, &listing(&[NAME]), "");
}

/// The documented idempotent create: the same request returns the template; after an update
/// it is a conflict; other parameters for the name are a mismatch. None of them writes.
#[test]
fn create_is_idempotent_as_documented() {
    let scenario = Scenario::new();
    create_all(scenario.as_account(MGMT_ACCOUNT).at(T1)).json();
    let before = scenario.dump();
    // The same request later returns the template as it was made.
    create_all(scenario.as_account(MGMT_ACCOUNT).at(T2)).expect(
        0,
        &full_template("A VPC and a cluster", T1_ISO),
        "",
    );
    assert_eq!(scenario.dump(), before);
    let mismatch = validation(
        "CreateEnvironmentTemplate",
        "Idempotent parameter mismatch: environment template simple-env-template already exists \
         with other parameters. Choose another name, or change it with UpdateEnvironmentTemplate.",
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["create-environment-template", "--name", NAME])
        .expect(254, "", &mismatch);
    assert_eq!(scenario.dump(), before);
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&[
            "update-environment-template",
            "--name",
            NAME,
            "--display-name",
            "Renamed",
        ])
        .json();
    let updated = scenario.dump();
    create_all(scenario.as_account(MGMT_ACCOUNT)).expect(
        254,
        "",
        "\nAn error occurred (ConflictException) when calling the CreateEnvironmentTemplate \
         operation: Environment template simple-env-template has been updated since it was \
         created, so this create can't return it unchanged. Use GetEnvironmentTemplate to read it.\n",
    );
    assert_eq!(scenario.dump(), updated);
}

#[test]
fn lists_page_in_name_order() {
    let scenario = Scenario::new();
    for name in ["e", "b", "d", "a", "c"] {
        create(&scenario, name);
    }
    let run = |args: &[&str]| scenario.as_account(MGMT_ACCOUNT).run(args);
    run(&["list-environment-templates"]).expect(0, &listing(&["a", "b", "c", "d", "e"]), "");
    run(&["list-environment-templates", "--page-size", "2"]).expect(
        0,
        &listing(&["a", "b", "c", "d", "e"]),
        "",
    );
    // --max-items: a NextToken to carry on from, the AWS CLI's own.
    let first = run(&["list-environment-templates", "--max-items", "2"]).json();
    let names: Vec<&str> = first["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let token = first["NextToken"]
        .as_str()
        .expect("a NextToken")
        .to_string();
    run(&["list-environment-templates", "--starting-token", &token]).expect(
        0,
        &listing(&["c", "d", "e"]),
        "",
    );
    // --max-results: one page of the service's, with its nextToken.
    let page = run(&["list-environment-templates", "--max-results", "3"]).json();
    assert_eq!(page["templates"].as_array().unwrap().len(), 3);
    let next = page["nextToken"].as_str().expect("a nextToken").to_string();
    run(&["list-environment-templates", "--next-token", &next]).expect(
        0,
        &listing(&["d", "e"]),
        "",
    );
    // A token is good only for its own account's list.
    scenario
        .as_account(THIRD_ACCOUNT)
        .run(&["list-environment-templates", "--next-token", &next])
        .expect(
            254,
            "",
            &validation(
                "ListEnvironmentTemplates",
                &format!(
                    "The nextToken '{next}' was not issued for this query. Pass the nextToken of \
                     the previous page of ListEnvironmentTemplates, as the same account in the \
                     same region."
                ),
            ),
        );
    run(&["list-environment-templates", "--next-token", "bm90IGEgdG9rZW4="]).expect(
        254,
        "",
        &validation(
            "ListEnvironmentTemplates",
            "The nextToken 'bm90IGEgdG9rZW4=' was not issued for this query. Pass the nextToken of \
             the previous page of ListEnvironmentTemplates, as the same account in the same region.",
        ),
    );
}

const TAGS_TEAM: &str = "{\n    \"tags\": [\n        {\n            \"key\": \"team\",\n            \"value\": \"platform\"\n        }\n    ]\n}\n";

/// Tags given to create are the template's, by its ARN, for its own account only.
#[test]
fn tags_belong_to_the_template_by_its_arn() {
    let scenario = Scenario::new();
    create_all(scenario.as_account(MGMT_ACCOUNT).at(T1)).json();
    let mgmt = || scenario.as_account(MGMT_ACCOUNT);
    mgmt()
        .run(&["list-tags-for-resource", "--resource-arn", ARN])
        .expect(0, TAGS_TEAM, "");
    mgmt()
        .run(&[
            "tag-resource",
            "--resource-arn",
            ARN,
            "--tags",
            "key=env,value=dev",
        ])
        .expect(0, "", "");
    mgmt()
        .run(&["untag-resource", "--resource-arn", ARN, "--tag-keys", "env"])
        .expect(0, "", "");
    mgmt()
        .run(&["list-tags-for-resource", "--resource-arn", ARN])
        .expect(0, TAGS_TEAM, "");
    let before = scenario.dump();
    let unknown = "arn:aws:proton:us-east-1:123456789012:environment-template/unknown";
    for (account, region, arn) in [
        (ENV_ACCOUNT, REGION, ARN),
        (THIRD_ACCOUNT, REGION, ARN),
        (MGMT_ACCOUNT, OTHER_REGION, ARN),
        (MGMT_ACCOUNT, REGION, unknown),
    ] {
        for (args, operation) in [
            (
                vec!["list-tags-for-resource", "--resource-arn", arn],
                "ListTagsForResource",
            ),
            (
                vec![
                    "tag-resource",
                    "--resource-arn",
                    arn,
                    "--tags",
                    "key=a,value=b",
                ],
                "TagResource",
            ),
            (
                vec![
                    "untag-resource",
                    "--resource-arn",
                    arn,
                    "--tag-keys",
                    "team",
                ],
                "UntagResource",
            ),
        ] {
            scenario
                .as_account(account)
                .in_region(region)
                .run(&args)
                .expect_error(
                    "ResourceNotFoundException",
                    operation,
                    &format!("Resource {arn} was not found in {region} for account {account}."),
                );
        }
    }
    assert_eq!(scenario.dump(), before);
    // The template's tags go with it.
    mgmt()
        .run(&["delete-environment-template", "--name", NAME])
        .json();
    assert_eq!(template_rows(&scenario), "");
}

/// The quota, set low: one more template than it allows is refused, and nothing is written.
/// Through a server the command's setting travels as `x-proton-local-template-quota`.
#[test]
fn the_template_quota_is_enforced_per_account_and_region() {
    let scenario = Scenario::new();
    let run = |account: &str, region: &str, name: &str| {
        scenario
            .as_account(account)
            .in_region(region)
            .env("PROTON_LOCAL_TEMPLATE_QUOTA", "2")
            .run(&["create-environment-template", "--name", name])
    };
    run(MGMT_ACCOUNT, REGION, "a").json();
    run(MGMT_ACCOUNT, REGION, "b").json();
    let before = scenario.dump();
    run(MGMT_ACCOUNT, REGION, "c").expect_error(
        "ServiceQuotaExceededException",
        "CreateEnvironmentTemplate",
        "Account 123456789012 has reached its quota of 2 environment templates in us-east-1. \
         Delete templates it no longer needs.",
    );
    assert_eq!(scenario.dump(), before);
    // Other regions and accounts have quotas of their own.
    run(MGMT_ACCOUNT, OTHER_REGION, "c").json();
    run(ENV_ACCOUNT, REGION, "c").json();
    scenario
        .as_account(MGMT_ACCOUNT)
        .env("PROTON_LOCAL_TEMPLATE_QUOTA", "many")
        .run(&["create-environment-template", "--name", "c"])
        .expect(
            253,
            "",
            "PROTON_LOCAL_TEMPLATE_QUOTA 'many' is not a whole number of templates.\n",
        );
}
