//! Environment template versions (CONTRACT.md section 11): the numbering of major and minor
//! versions, each reply compared whole; publishing and the recommended versions it moves; the
//! delete rules of the model's documentation; a template with versions can't be deleted; who sees
//! a version (its template's account, in its region); the model's limits; the client token; and
//! nothing written by a refused command.

mod common;

use common::*;

const NAME: &str = "simple-env-template";
const T1_ISO: &str = "2021-04-28T23:13:50.847000+00:00";
const T2_ISO: &str = "2021-04-28T23:15:33.486000+00:00";
const SOURCE: &str = "s3={bucket=my-bucket,key=simple-env-template.tar.gz}";

/// A version as `get` prints it: created at T1, last modified at `modified`.
fn version(
    major: &str,
    minor: &str,
    status: &str,
    recommended_minor: Option<&str>,
    description: Option<&str>,
    modified: &str,
) -> String {
    let description = description
        .map(|d| format!("        \"description\": \"{d}\",\n"))
        .unwrap_or_default();
    let recommended = recommended_minor
        .map(|m| format!("        \"recommendedMinorVersion\": \"{m}\",\n"))
        .unwrap_or_default();
    format!(
        "{{\n    \"environmentTemplateVersion\": {{\n        \"arn\": \
         \"arn:aws:proton:us-east-1:123456789012:environment-template/{NAME}:{major}.{minor}\",\n        \
         \"createdAt\": \"{T1_ISO}\",\n{description}        \"lastModifiedAt\": \"{modified}\",\n        \
         \"majorVersion\": \"{major}\",\n        \"minorVersion\": \"{minor}\",\n{recommended}        \
         \"status\": \"{status}\",\n        \"templateName\": \"{NAME}\"\n    }}\n}}\n"
    )
}

fn draft(major: &str, minor: &str) -> String {
    version(major, minor, "DRAFT", None, None, T1_ISO)
}

fn create_template(scenario: &Scenario) {
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T1)
        .run(&["create-environment-template", "--name", NAME])
        .json();
}

/// `create-environment-template-version` at T1 with `more` options.
fn create_version(scenario: &Scenario, more: &[&str]) -> Output {
    let args = [
        &[
            "create-environment-template-version",
            "--template-name",
            NAME,
            "--source",
            SOURCE,
        ][..],
        more,
    ]
    .concat();
    scenario.as_account(MGMT_ACCOUNT).at(T1).run(&args)
}

fn on_version(scenario: &Scenario, command: &str, major: &str, minor: &str) -> Output {
    scenario.as_account(MGMT_ACCOUNT).at(T2).run(&[
        command,
        "--template-name",
        NAME,
        "--major-version",
        major,
        "--minor-version",
        minor,
    ])
}

fn publish(scenario: &Scenario, major: &str, minor: &str) -> Output {
    scenario.as_account(MGMT_ACCOUNT).at(T2).run(&[
        "update-environment-template-version",
        "--template-name",
        NAME,
        "--major-version",
        major,
        "--minor-version",
        minor,
        "--status",
        "PUBLISHED",
    ])
}

fn recommended_version(scenario: &Scenario) -> serde_json::Value {
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["get-environment-template", "--name", NAME])
        .json()["environmentTemplate"]["recommendedVersion"]
        .clone()
}

fn numbers(scenario: &Scenario, more: &[&str]) -> Vec<String> {
    let args = [
        &[
            "list-environment-template-versions",
            "--template-name",
            NAME,
        ][..],
        more,
    ]
    .concat();
    let listing = scenario.as_account(MGMT_ACCOUNT).run(&args).json();
    listing["templateVersions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!(
                "{}.{}",
                v["majorVersion"].as_str().unwrap(),
                v["minorVersion"].as_str().unwrap()
            )
        })
        .collect()
}

fn validation(operation: &str, message: &str) -> String {
    format!(
        "\nAn error occurred (ValidationException) when calling the {operation} operation: {message}\n"
    )
}

fn conflict(operation: &str, message: &str) -> String {
    format!(
        "\nAn error occurred (ConflictException) when calling the {operation} operation: {message}\n"
    )
}

#[test]
fn versions_are_numbered_in_the_highest_major_or_the_one_given() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &["--description", "First"]).expect(
        0,
        &version("1", "0", "DRAFT", None, Some("First"), T1_ISO),
        "",
    );
    create_version(&scenario, &[]).expect(0, &draft("1", "1"), "");
    create_version(&scenario, &["--major-version", "2"]).expect(0, &draft("2", "0"), "");
    // Without a major version, the highest one takes the next minor.
    create_version(&scenario, &[]).expect(0, &draft("2", "1"), "");
    create_version(&scenario, &["--major-version", "1"]).expect(0, &draft("1", "2"), "");
    create_version(&scenario, &["--major-version", "10"]).expect(0, &draft("10", "0"), "");
    // Numeric order, not text order: 10 after 2.
    assert_eq!(
        numbers(&scenario, &[]),
        ["1.0", "1.1", "1.2", "2.0", "2.1", "10.0"]
    );
    assert_eq!(
        numbers(&scenario, &["--major-version", "2"]),
        ["2.0", "2.1"]
    );
    on_version(&scenario, "get-environment-template-version", "1", "0").expect(
        0,
        &version("1", "0", "DRAFT", None, Some("First"), T1_ISO),
        "",
    );
    // JSON for the source, as the AWS CLI takes it.
    create_version(
        &scenario,
        &[
            "--major-version",
            "3",
            "--source",
            r#"{"s3": {"bucket": "my-bucket", "key": "k"}}"#,
        ],
    )
    .expect(0, &draft("3", "0"), "");
}

#[test]
fn pages_of_versions_follow_their_tokens() {
    let scenario = Scenario::new();
    create_template(&scenario);
    for _ in 0..3 {
        create_version(&scenario, &[]).json();
    }
    let first = scenario.as_account(MGMT_ACCOUNT).run(&[
        "list-environment-template-versions",
        "--template-name",
        NAME,
        "--max-results",
        "2",
    ]);
    let page = first.json();
    assert_eq!(page["templateVersions"].as_array().unwrap().len(), 2);
    let token = page["nextToken"].as_str().unwrap();
    assert_eq!(
        numbers(&scenario, &["--max-results", "2", "--next-token", token]),
        ["1.2"]
    );
    // The AWS CLI's own paging gives the same versions, one call each.
    assert_eq!(
        numbers(&scenario, &["--page-size", "1"]),
        ["1.0", "1.1", "1.2"]
    );
    // A token of one major's list is not one of the template's whole list.
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "list-environment-template-versions",
            "--template-name",
            NAME,
            "--major-version",
            "1",
            "--next-token",
            token,
        ])
        .expect(
            254,
            "",
            &validation(
                "ListEnvironmentTemplateVersions",
                &format!(
                    "The nextToken '{token}' was not issued for this query. Pass the nextToken of \
                     the previous page of ListEnvironmentTemplateVersions, for the same template \
                     and major version, as the same account in the same region."
                ),
            ),
        );
}

#[test]
fn publishing_moves_the_recommended_versions() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &[]).json();
    create_version(&scenario, &[]).json();
    assert_eq!(recommended_version(&scenario), serde_json::Value::Null);
    publish(&scenario, "1", "0").expect(
        0,
        &version("1", "0", "PUBLISHED", Some("0"), None, T2_ISO),
        "",
    );
    assert_eq!(recommended_version(&scenario), "1.0");
    publish(&scenario, "1", "1").expect(
        0,
        &version("1", "1", "PUBLISHED", Some("1"), None, T2_ISO),
        "",
    );
    assert_eq!(recommended_version(&scenario), "1.1");
    // Every version of the major carries its recommended minor.
    on_version(&scenario, "get-environment-template-version", "1", "0").expect(
        0,
        &version("1", "0", "PUBLISHED", Some("1"), None, T2_ISO),
        "",
    );
    // A new draft major leaves the template's recommendation where it is, and has none itself.
    create_version(&scenario, &["--major-version", "2"]).expect(0, &draft("2", "0"), "");
    assert_eq!(recommended_version(&scenario), "1.1");
    publish(&scenario, "2", "0").json();
    assert_eq!(recommended_version(&scenario), "2.0");
    // A description alone changes nothing else.
    scenario
        .as_account(MGMT_ACCOUNT)
        .at(T2)
        .run(&[
            "update-environment-template-version",
            "--template-name",
            NAME,
            "--major-version",
            "2",
            "--minor-version",
            "0",
            "--description",
            "Second",
        ])
        .expect(
            0,
            &version("2", "0", "PUBLISHED", Some("0"), Some("Second"), T2_ISO),
            "",
        );
}

#[test]
fn a_published_version_stays_published_and_the_model_s_statuses_are_checked() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &[]).json();
    publish(&scenario, "1", "0").json();
    let before = scenario.dump();
    let update = |status: &str| {
        scenario.as_account(MGMT_ACCOUNT).at(T2).run(&[
            "update-environment-template-version",
            "--template-name",
            NAME,
            "--major-version",
            "1",
            "--minor-version",
            "0",
            "--status",
            status,
        ])
    };
    update("DRAFT").expect(
        254,
        "",
        &conflict(
            "UpdateEnvironmentTemplateVersion",
            &format!(
                "Version 1.0 of environment template {NAME} is PUBLISHED: a published version \
                 can't return to DRAFT."
            ),
        ),
    );
    // The model's TemplateVersionStatus has no DEPRECATED.
    update("DEPRECATED").expect(
        254,
        "",
        &validation(
            "UpdateEnvironmentTemplateVersion",
            "1 validation error detected: Value 'DEPRECATED' at 'status' failed to satisfy \
             constraint: Member must satisfy enum value set: [REGISTRATION_IN_PROGRESS, \
             REGISTRATION_FAILED, DRAFT, PUBLISHED]",
        ),
    );
    update("REGISTRATION_FAILED").expect(
        254,
        "",
        &validation(
            "UpdateEnvironmentTemplateVersion",
            "1 validation error detected: Status REGISTRATION_FAILED is set by registration, not \
             by an update: give DRAFT or PUBLISHED.",
        ),
    );
    on_version(&scenario, "update-environment-template-version", "1", "0").expect(
        254,
        "",
        &validation(
            "UpdateEnvironmentTemplateVersion",
            "1 validation error detected: At least one of description and status must be given \
             to update an environment template version.",
        ),
    );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn deletes_follow_the_documented_rules_and_free_the_template() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &[]).json(); // 1.0, draft
    create_version(&scenario, &[]).json(); // 1.1, published: major 1's recommended minor
    create_version(&scenario, &["--major-version", "2"]).json(); // 2.0: the template's
    publish(&scenario, "1", "1").json();
    publish(&scenario, "2", "0").json();
    let before = scenario.dump();
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["delete-environment-template", "--name", NAME])
        .expect(
            254,
            "",
            &conflict(
                "DeleteEnvironmentTemplate",
                &format!(
                    "Environment template {NAME} has versions (1.0, 1.1, 2.0): delete them first."
                ),
            ),
        );
    on_version(&scenario, "delete-environment-template-version", "2", "0").expect(
        254,
        "",
        &conflict(
            "DeleteEnvironmentTemplateVersion",
            &format!(
                "Version 2.0 is the recommended version of environment template {NAME}, and the \
                 template has other versions: delete them first."
            ),
        ),
    );
    on_version(&scenario, "delete-environment-template-version", "1", "1").expect(
        254,
        "",
        &conflict(
            "DeleteEnvironmentTemplateVersion",
            &format!(
                "Version 1.1 is the recommended minor version of major version 1 of environment \
                 template {NAME}, and that major version has other minor versions: delete them \
                 first."
            ),
        ),
    );
    assert_eq!(scenario.dump(), before);
    // A version that is recommended for nothing goes; it prints as it was.
    on_version(&scenario, "delete-environment-template-version", "1", "0").expect(
        0,
        &version("1", "0", "DRAFT", Some("1"), None, T1_ISO),
        "",
    );
    // Now the only minor of its major, 1.1 goes too.
    on_version(&scenario, "delete-environment-template-version", "1", "1").json();
    assert_eq!(recommended_version(&scenario), "2.0");
    // The last version, recommended, goes; the template has no recommended version left.
    on_version(&scenario, "delete-environment-template-version", "2", "0").expect(
        0,
        &version("2", "0", "PUBLISHED", Some("0"), None, T2_ISO),
        "",
    );
    assert_eq!(recommended_version(&scenario), serde_json::Value::Null);
    on_version(&scenario, "get-environment-template-version", "2", "0").expect(
        254,
        "",
        &format!(
            "\nAn error occurred (ResourceNotFoundException) when calling the \
             GetEnvironmentTemplateVersion operation: Version 2.0 of environment template {NAME} \
             was not found in us-east-1 for account 123456789012.\n"
        ),
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["delete-environment-template", "--name", NAME])
        .json();
    assert!(
        !scenario.dump().contains("environment_template"),
        "{}",
        scenario.dump()
    );
}

#[test]
fn only_the_template_s_account_in_its_region_sees_its_versions() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &[]).json();
    let before = scenario.dump();
    let not_found = |operation: &str, region: &str, account: &str| {
        format!(
            "\nAn error occurred (ResourceNotFoundException) when calling the {operation} \
             operation: Environment template {NAME} was not found in {region} for account \
             {account}.\n"
        )
    };
    for (account, region) in [
        (ENV_ACCOUNT, REGION),
        (THIRD_ACCOUNT, REGION),
        (MGMT_ACCOUNT, OTHER_REGION),
    ] {
        let run = |args: &[&str]| scenario.as_account(account).in_region(region).run(args);
        let version_args = |command: &'static str| {
            vec![
                command,
                "--template-name",
                NAME,
                "--major-version",
                "1",
                "--minor-version",
                "0",
            ]
        };
        for (command, operation) in [
            (
                "get-environment-template-version",
                "GetEnvironmentTemplateVersion",
            ),
            (
                "delete-environment-template-version",
                "DeleteEnvironmentTemplateVersion",
            ),
        ] {
            run(&version_args(command)).expect(254, "", &not_found(operation, region, account));
        }
        let mut update = version_args("update-environment-template-version");
        update.extend(["--status", "PUBLISHED"]);
        run(&update).expect(
            254,
            "",
            &not_found("UpdateEnvironmentTemplateVersion", region, account),
        );
        run(&[
            "list-environment-template-versions",
            "--template-name",
            NAME,
        ])
        .expect(
            254,
            "",
            &not_found("ListEnvironmentTemplateVersions", region, account),
        );
        run(&[
            "create-environment-template-version",
            "--template-name",
            NAME,
            "--source",
            SOURCE,
        ])
        .expect(
            254,
            "",
            &not_found("CreateEnvironmentTemplateVersion", region, account),
        );
        run(&[
            "list-tags-for-resource",
            "--resource-arn",
            &format!("arn:aws:proton:us-east-1:123456789012:environment-template/{NAME}:1.0"),
        ])
        .expect(
            254,
            "",
            &format!(
                "\nAn error occurred (ResourceNotFoundException) when calling the \
                 ListTagsForResource operation: Resource \
                 arn:aws:proton:us-east-1:123456789012:environment-template/{NAME}:1.0 was not \
                 found in {region} for account {account}.\n"
            ),
        );
    }
    assert_eq!(scenario.dump(), before);
}

#[test]
fn the_model_s_limits_are_refused_and_nothing_is_written() {
    let scenario = Scenario::new();
    create_template(&scenario);
    let before = scenario.dump();
    let create = |more: &[&str]| {
        let args = [
            &[
                "create-environment-template-version",
                "--template-name",
                NAME,
            ][..],
            more,
        ]
        .concat();
        scenario.as_account(MGMT_ACCOUNT).run(&args)
    };
    create(&["--source", SOURCE, "--major-version", "01"]).expect(
        254,
        "",
        &validation(
            "CreateEnvironmentTemplateVersion",
            r"1 validation error detected: Value '01' at 'majorVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(0|([1-9]{1}\d*))$",
        ),
    );
    create(&["--source", "s3={bucket=My_Bucket,key=k}"]).expect(
        254,
        "",
        &validation(
            "CreateEnvironmentTemplateVersion",
            r"1 validation error detected: Value 'My_Bucket' at 'source.s3.bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]+[a-z0-9-\.]+[a-z0-9]+$",
        ),
    );
    let long = "d".repeat(501);
    create(&["--source", SOURCE, "--description", &long]).expect(
        254,
        "",
        &validation(
            "CreateEnvironmentTemplateVersion",
            "1 validation error detected: Value at 'description' failed to satisfy constraint: \
             Member must have length less than or equal to 500",
        ),
    );
    // The AWS CLI's own checks: a missing member of the source, its minimum lengths.
    create(&["--source", "s3={bucket=b}"]).expect(
        252,
        "",
        "\nParameter validation failed:\nMissing required parameter in source.s3: \"key\"\n\
         Invalid length for parameter source.s3.bucket, value: 1, valid min length: 3\n",
    );
    create(&["--source", "[1]"]).expect(
        252,
        "",
        "\nError parsing parameter '--source': Invalid JSON:\n[1]\n",
    );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "get-environment-template-version",
            "--template-name",
            NAME,
            "--major-version",
            "1",
            "--minor-version",
            "x",
        ])
        .expect(
            254,
            "",
            &validation(
                "GetEnvironmentTemplateVersion",
                r"1 validation error detected: Value 'x' at 'minorVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(0|([1-9]{1}\d*))$",
            ),
        );
    // An unknown template: nothing to add a version to.
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "create-environment-template-version",
            "--template-name",
            "nope",
            "--source",
            SOURCE,
        ])
        .expect(
            254,
            "",
            "\nAn error occurred (ResourceNotFoundException) when calling the \
             CreateEnvironmentTemplateVersion operation: Environment template nope was not found \
             in us-east-1 for account 123456789012.\n",
        );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn a_client_token_replays_its_version_and_refuses_other_parameters() {
    let scenario = Scenario::new();
    create_template(&scenario);
    let token = ["--client-token", "tok-1", "--description", "One"];
    let first = version("1", "0", "DRAFT", None, Some("One"), T1_ISO);
    create_version(&scenario, &token).expect(0, &first, "");
    let after_first = scenario.dump();
    create_version(&scenario, &token).expect(0, &first, "");
    assert_eq!(scenario.dump(), after_first);
    create_version(
        &scenario,
        &["--client-token", "tok-1", "--description", "Two"],
    )
    .expect(
        254,
        "",
        &validation(
            "CreateEnvironmentTemplateVersion",
            &format!(
                "Idempotent parameter mismatch: client token tok-1 was used to create version 1.0 \
                 of environment template {NAME} with other parameters."
            ),
        ),
    );
    assert_eq!(scenario.dump(), after_first);
    // Without the token, the same request is a new version.
    create_version(&scenario, &["--description", "One"]).expect(
        0,
        &version("1", "1", "DRAFT", None, Some("One"), T1_ISO),
        "",
    );
}

#[test]
fn a_version_s_tags_live_and_die_with_it() {
    let scenario = Scenario::new();
    create_template(&scenario);
    create_version(&scenario, &["--tags", "key=team,value=platform"]).json();
    let arn = format!("arn:aws:proton:us-east-1:123456789012:environment-template/{NAME}:1.0");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&["list-tags-for-resource", "--resource-arn", &arn])
        .expect(
            0,
            "{\n    \"tags\": [\n        {\n            \"key\": \"team\",\n            \"value\": \"platform\"\n        }\n    ]\n}\n",
            "",
        );
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            "tag-resource",
            "--resource-arn",
            &arn,
            "--tags",
            "key=env,value=dev",
        ])
        .expect(0, "", "");
    on_version(&scenario, "delete-environment-template-version", "1", "0").json();
    assert!(!scenario.dump().contains("tags: "), "{}", scenario.dump());
}
