//! Tags on a connection (CONTRACT.md section 11, "Tags"): tag-resource, untag-resource and
//! list-tags-for-resource, cell by cell for each caller, with the model's limits, the merge,
//! paging, and nothing written by a refused command.

mod common;

use common::*;

const ID: &str = "abcdef01234567890";
const ARN: &str =
    "arn:aws:proton:us-east-1:111122223333:environment-account-connection/abcdef01234567890";
const NO_TAGS: &str = "{\n    \"tags\": []\n}\n";

/// A scenario with one PENDING connection, tagged team=infra at its create.
fn with_tagged_connection() -> Scenario {
    let scenario = Scenario::new();
    scenario.request_at_t1(ID, &["--tags", "key=team,value=infra"]);
    scenario
}

/// The JSON of `list-tags-for-resource` for these tags, in this order.
fn tags_json(tags: &[(&str, &str)]) -> String {
    if tags.is_empty() {
        return NO_TAGS.to_string();
    }
    let items: Vec<String> = tags
        .iter()
        .map(|(key, value)| {
            format!(
                "        {{\n            \"key\": \"{key}\",\n            \"value\": \"{value}\"\n        }}"
            )
        })
        .collect();
    format!("{{\n    \"tags\": [\n{}\n    ]\n}}\n", items.join(",\n"))
}

fn list(scenario: &Scenario) -> Output {
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&["list-tags-for-resource", "--resource-arn", ARN])
}

fn tag(scenario: &Scenario, tags: &[&str]) -> Output {
    let args = [&["tag-resource", "--resource-arn", ARN, "--tags"][..], tags].concat();
    scenario.as_account(ENV_ACCOUNT).run(&args)
}

fn untag(scenario: &Scenario, keys: &[&str]) -> Output {
    let args = [
        &["untag-resource", "--resource-arn", ARN, "--tag-keys"][..],
        keys,
    ]
    .concat();
    scenario.as_account(ENV_ACCOUNT).run(&args)
}

/// The three operations, each with arguments that would succeed for the owner.
const OPERATIONS: [(&str, &str, &[&str]); 3] = [
    ("tag-resource", "TagResource", &["--tags", "key=a,value=b"]),
    ("untag-resource", "UntagResource", &["--tag-keys", "team"]),
    ("list-tags-for-resource", "ListTagsForResource", &[]),
];

fn call(run: Run, command: &str, arn: &str, more: &[&str]) -> Output {
    let args = [&[command, "--resource-arn", arn][..], more].concat();
    run.run(&args)
}

#[test]
fn the_environment_account_tags_untags_and_lists() {
    let scenario = with_tagged_connection();
    list(&scenario).expect(0, &tags_json(&[("team", "infra")]), "");
    tag(&scenario, &["key=env,value=dev", "key=cost,value="]).expect(0, "", "");
    list(&scenario).expect(
        0,
        &tags_json(&[("cost", ""), ("env", "dev"), ("team", "infra")]),
        "",
    );
    untag(&scenario, &["env", "team"]).expect(0, "", "");
    list(&scenario).expect(0, &tags_json(&[("cost", "")]), "");
}

#[test]
fn the_management_account_is_refused_in_iam_words() {
    let scenario = with_tagged_connection();
    let before = scenario.dump();
    for (command, operation, more) in OPERATIONS {
        call(scenario.as_account(MGMT_ACCOUNT), command, ARN, more).expect_error(
            "AccessDeniedException",
            operation,
            &format!(
                "User: arn:aws:iam::123456789012:root is not authorized to perform: proton:{operation} \
                 on resource: {ARN} (only the environment account 111122223333 can tag, untag or \
                 list the tags of this connection)"
            ),
        );
    }
    assert_eq!(scenario.dump(), before);
}

/// A third account, either account from another region, an unknown id, an ARN naming another
/// account, and an environment or template that does not exist: all the same "not found".
#[test]
fn everyone_else_finds_nothing_as_for_an_arn_that_does_not_exist() {
    let scenario = with_tagged_connection();
    let before = scenario.dump();
    let unknown =
        "arn:aws:proton:us-east-1:111122223333:environment-account-connection/0123456789abcdef0";
    let as_management =
        "arn:aws:proton:us-east-1:123456789012:environment-account-connection/abcdef01234567890";
    let environment = "arn:aws:proton:us-east-1:111122223333:environment/simple-env";
    let template = "arn:aws:proton:us-east-1:111122223333:environment-template/simple-env";
    let other_service =
        "arn:aws:s3:us-east-1:111122223333:environment-account-connection/abcdef01234567890";
    let other_partition =
        "arn:aws-cn:proton:us-east-1:111122223333:environment-account-connection/abcdef01234567890";
    let callers = [
        (THIRD_ACCOUNT, REGION, ARN),
        (ENV_ACCOUNT, OTHER_REGION, ARN),
        (MGMT_ACCOUNT, OTHER_REGION, ARN),
        (ENV_ACCOUNT, REGION, unknown),
        (ENV_ACCOUNT, REGION, as_management),
        (MGMT_ACCOUNT, REGION, as_management),
        (ENV_ACCOUNT, REGION, environment),
        (ENV_ACCOUNT, REGION, template),
        (ENV_ACCOUNT, REGION, other_service),
        (ENV_ACCOUNT, REGION, other_partition),
    ];
    for (account, region, arn) in callers {
        for (command, operation, more) in OPERATIONS {
            let run = scenario.as_account(account).in_region(region);
            call(run, command, arn, more).expect_error(
                "ResourceNotFoundException",
                operation,
                &format!("Resource {arn} was not found in {region} for account {account}."),
            );
        }
    }
    assert_eq!(scenario.dump(), before);
}

#[test]
fn a_deleted_connection_takes_its_tags_with_it() {
    let scenario = with_tagged_connection();
    tag(&scenario, &["key=env,value=dev"]).expect(0, "", "");
    scenario
        .on(ENV_ACCOUNT, "delete-environment-account-connection", ID)
        .json();
    list(&scenario).expect_error(
        "ResourceNotFoundException",
        "ListTagsForResource",
        &format!("Resource {ARN} was not found in us-east-1 for account 111122223333."),
    );
    // A new connection with the same id starts with no tags.
    scenario
        .as_account(ENV_ACCOUNT)
        .with_id(ID)
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
    list(&scenario).expect(0, NO_TAGS, "");
}

#[test]
fn a_given_key_takes_the_new_value_and_untagging_a_missing_key_is_no_error() {
    let scenario = with_tagged_connection();
    tag(&scenario, &["key=team,value=platform"]).expect(0, "", "");
    list(&scenario).expect(0, &tags_json(&[("team", "platform")]), "");
    untag(&scenario, &["not-there"]).expect(0, "", "");
    untag(&scenario, &["team", "team"]).expect(0, "", "");
    list(&scenario).expect(0, NO_TAGS, "");
    // The same request twice leaves the same tags: tagging is idempotent.
    tag(&scenario, &["key=a,value=1"]).expect(0, "", "");
    tag(&scenario, &["key=a,value=1"]).expect(0, "", "");
    list(&scenario).expect(0, &tags_json(&[("a", "1")]), "");
}

#[test]
fn tags_come_back_whatever_the_output_format() {
    let scenario = with_tagged_connection();
    tag(&scenario, &["key=env,value=dev"]).expect(0, "", "");
    let list_as = |output: &str| {
        scenario.as_account(ENV_ACCOUNT).run(&[
            "list-tags-for-resource",
            "--resource-arn",
            ARN,
            "--output",
            output,
        ])
    };
    list_as("text").expect(0, "TAGS\tenv\tdev\nTAGS\tteam\tinfra\n", "");
    list_as("yaml").expect(
        0,
        "tags:\n- key: env\n  value: dev\n- key: team\n  value: infra\n",
        "",
    );
    list_as("table").expect(
        0,
        "---------------------\n\
         |ListTagsForResource|\n\
         +-------------------+\n\
         ||      tags       ||\n\
         |+-------+---------+|\n\
         ||  key  |  value  ||\n\
         |+-------+---------+|\n\
         ||  env  |  dev    ||\n\
         ||  team |  infra  ||\n\
         |+-------+---------+|\n",
        "",
    );
    // The empty replies of tag and untag print nothing in any format.
    for output in ["json", "text", "table", "yaml", "yaml-stream", "off"] {
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&[
                "tag-resource",
                "--resource-arn",
                ARN,
                "--tags",
                "key=x,value=y",
                "--output",
                output,
            ])
            .expect(0, "", "");
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&[
                "untag-resource",
                "--resource-arn",
                ARN,
                "--tag-keys",
                "x",
                "--output",
                output,
            ])
            .expect(0, "", "");
    }
}

#[test]
fn at_most_fifty_tags_after_the_merge() {
    let scenario = with_tagged_connection();
    let keys: Vec<String> = (1..=49).map(|n| format!("key=k{n:02},value=v")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    tag(&scenario, &keys).expect(0, "", "");
    // 50 now; replacing values is fine, one key more is not.
    tag(&scenario, &["key=k01,value=w", "key=team,value=x"]).expect(0, "", "");
    let before = scenario.dump();
    tag(&scenario, &["key=k01,value=z", "key=one-more,value=x"]).expect_error(
        "ValidationException",
        "TagResource",
        &format!(
            "Resource {ARN} has 50 tags, and this request would make it 51: a resource can have \
             at most 50 tags. Untag some first."
        ),
    );
    assert_eq!(scenario.dump(), before);
    untag(&scenario, &["k49"]).expect(0, "", "");
    tag(&scenario, &["key=one-more,value=x"]).expect(0, "", "");
}

#[test]
fn the_models_limits_are_refused_and_nothing_is_written() {
    let scenario = with_tagged_connection();
    let before = scenario.dump();
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    let fifty_one: Vec<String> = (1..=51).map(|n| format!("key=k{n},value=v")).collect();
    let fifty_one: Vec<&str> = fifty_one.iter().map(String::as_str).collect();
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![format!("key={long_key},value=v")],
            format!(
                "1 validation error detected: Value '{long_key}' at 'tags.1.member.key' failed to \
                 satisfy constraint: Member must have length less than or equal to 128"
            ),
        ),
        (
            vec![format!("key=k,value={long_value}")],
            format!(
                "1 validation error detected: Value '{long_value}' at 'tags.1.member.value' failed \
                 to satisfy constraint: Member must have length less than or equal to 256"
            ),
        ),
        (
            vec!["key=aws:owner,value=me".into()],
            "1 validation error detected: Tag key 'aws:owner' starts with 'aws:', which is \
             reserved for AWS's own tags."
                .into(),
        ),
        (
            vec!["key=a,value=1".into(), "key=a,value=2".into()],
            "1 validation error detected: Tag key 'a' is given more than once.".into(),
        ),
        (
            fifty_one.iter().map(|s| s.to_string()).collect(),
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member \
             must have length less than or equal to 50 (it has 51)."
                .into(),
        ),
    ];
    for (tags, message) in cases {
        let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
        tag(&scenario, &tags).expect_error("ValidationException", "TagResource", &message);
    }
    untag(&scenario, &["aws:owner"]).expect_error(
        "ValidationException",
        "UntagResource",
        "1 validation error detected: Tag key 'aws:owner' starts with 'aws:': tags with that \
         prefix are AWS's own and can't be removed.",
    );
    untag(&scenario, &[&long_key]).expect_error(
        "ValidationException",
        "UntagResource",
        &format!(
            "1 validation error detected: Value '{long_key}' at 'tagKeys.1.member' failed to \
             satisfy constraint: Member must have length less than or equal to 128"
        ),
    );
    let many_keys: Vec<String> = (1..=51).map(|n| format!("k{n}")).collect();
    let many_keys: Vec<&str> = many_keys.iter().map(String::as_str).collect();
    untag(&scenario, &many_keys).expect_error(
        "ValidationException",
        "UntagResource",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must \
         have length less than or equal to 50 (it has 51).",
    );
    assert_eq!(scenario.dump(), before);
}

#[test]
fn a_malformed_arn_is_a_validation_error() {
    let scenario = with_tagged_connection();
    let pattern = r"^arn:(aws|aws-cn|aws-us-gov):[a-zA-Z0-9-]+:[a-zA-Z0-9-]*:\d{12}:([\w+=,.@-]+[/:])*[\w+=,.@-]+$";
    let long = format!("{ARN}{}", "0".repeat(201 - ARN.len()));
    for (command, operation, more) in OPERATIONS {
        for arn in [
            "environment-account-connection/abcdef01234567890",
            "arn:aws:proton:us-east-1:1111:x/y",
        ] {
            call(scenario.as_account(ENV_ACCOUNT), command, arn, more).expect_error(
                "ValidationException",
                operation,
                &format!(
                    "1 validation error detected: Value '{arn}' at 'resourceArn' failed to \
                     satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
                ),
            );
        }
        call(scenario.as_account(ENV_ACCOUNT), command, &long, more).expect_error(
            "ValidationException",
            operation,
            &format!(
                "1 validation error detected: Value '{long}' at 'resourceArn' failed to satisfy \
                 constraint: Member must have length less than or equal to 200"
            ),
        );
        // The AWS CLI's own check: the model's minimum length.
        call(scenario.as_account(ENV_ACCOUNT), command, "", more).expect(
            252,
            "",
            "\nParameter validation failed:\nInvalid length for parameter resourceArn, value: 0, \
             valid min length: 1\n",
        );
    }
}

#[test]
fn tags_page_in_key_order_with_signed_tokens() {
    let scenario = with_tagged_connection();
    tag(
        &scenario,
        &["key=b,value=2", "key=a,value=1", "key=c,value=3"],
    )
    .expect(0, "", "");
    let run = |more: &[&str]| {
        let args = [&["list-tags-for-resource", "--resource-arn", ARN][..], more].concat();
        scenario.as_account(ENV_ACCOUNT).run(&args)
    };
    // One raw page: two tags and the service's token.
    let first = run(&["--max-results", "2"]).json();
    assert_eq!(
        first["tags"],
        serde_json::json!([{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
    );
    let token = first["nextToken"].as_str().unwrap().to_string();
    let second = run(&["--max-results", "2", "--next-token", &token]).json();
    assert_eq!(
        second,
        serde_json::json!({"tags": [{"key": "c", "value": "3"}, {"key": "team", "value": "infra"}]})
    );
    // A token is good only for its own resource and caller.
    let forged = "YWJj";
    run(&["--next-token", forged]).expect_error(
        "ValidationException",
        "ListTagsForResource",
        &format!(
            "The nextToken '{forged}' was not issued for this query. Pass the nextToken of the \
             previous page, with the same resourceArn."
        ),
    );
    // Every page by default, in calls of --page-size; --max-items stops with a NextToken.
    run(&["--page-size", "1"]).expect(
        0,
        &tags_json(&[("a", "1"), ("b", "2"), ("c", "3"), ("team", "infra")]),
        "",
    );
    let cut = run(&["--max-items", "3", "--page-size", "2"]).json();
    assert_eq!(cut["tags"].as_array().unwrap().len(), 3);
    let resume = cut["NextToken"].as_str().unwrap().to_string();
    run(&["--starting-token", &resume, "--page-size", "2"]).expect(
        0,
        &tags_json(&[("team", "infra")]),
        "",
    );
    run(&["--max-results", "0"]).expect(
        252,
        "",
        "\nParameter validation failed:\nInvalid value for parameter maxResults, value: 0, valid \
         min value: 1\n",
    );
    run(&["--max-results", "101"]).expect_error(
        "ValidationException",
        "ListTagsForResource",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: \
         Member must have value less than or equal to 100",
    );
    run(&["--max-results", "2", "--max-items", "1"]).expect(
        252,
        "",
        "\nCannot specify --no-paginate along with pagination arguments: --max-items\n",
    );
}

#[test]
fn tag_keys_and_tags_read_as_the_aws_cli_reads_them() {
    let scenario = with_tagged_connection();
    tag(
        &scenario,
        &[r#"[{"key":"a","value":"1"},{"key":"b","value":"2"}]"#],
    )
    .expect(0, "", "");
    untag(&scenario, &[r#"["a","team"]"#]).expect(0, "", "");
    list(&scenario).expect(0, &tags_json(&[("b", "2")]), "");
    untag(&scenario, &[""]).expect(
        252,
        "",
        "\nParameter validation failed:\nInvalid length for parameter tagKeys[0], value: 0, valid \
         min length: 1\n",
    );
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[
            "untag-resource",
            "--cli-input-json",
            &format!(r#"{{"resourceArn": "{ARN}", "tagKeys": ["b"]}}"#),
        ])
        .expect(0, "", "");
    list(&scenario).expect(0, NO_TAGS, "");
}
