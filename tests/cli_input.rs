//! CONTRACT.md section 13, the input side of the AWS CLI: `--cli-input-json` and
//! `--cli-input-yaml` (inline or `file://`, the command line winning), `--generate-cli-skeleton`
//! (compared with what AWS CLI 2.9.19 printed, in tests/fixtures/skeletons), `file://` and
//! `fileb://` values for any parameter, and botocore's check of what they bring: each refusal is
//! the AWS CLI's bytes and exit code, and changes nothing.

mod common;

use std::path::PathBuf;

use common::*;

const GET: &str = "get-environment-account-connection";
const CREATE: &str = "create-environment-account-connection";
const LIST: &str = "list-environment-account-connections";
const ID: &str = "abcdef01234567890";

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/skeletons")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The AWS CLI's refusal of its own parameters: an empty line, the lines, exit 252.
fn refused(lines: &[&str]) -> String {
    format!("\n{}\n", lines.join("\n"))
}

/// A scenario with the seed's connection `abcdef01234567890`, created and accepted.
fn connected() -> Scenario {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .at(T1)
        .with_id(ID)
        .run(&[
            CREATE,
            "--environment-name",
            "simple-env-connected",
            "--management-account-id",
            MGMT_ACCOUNT,
            "--role-arn",
            ROLE,
        ])
        .json();
    scenario
}

#[test]
fn input_skeletons_are_the_aws_clis_bytes() {
    let scenario = Scenario::new();
    for (operation, kind, args) in [
        (CREATE, "input", &["--generate-cli-skeleton"][..]),
        (CREATE, "input", &["--generate-cli-skeleton", "input"][..]),
        (
            CREATE,
            "yaml-input",
            &["--generate-cli-skeleton", "yaml-input"][..],
        ),
        (
            "update-environment-account-connection",
            "input",
            &["--generate-cli-skeleton"][..],
        ),
        (GET, "input", &["--generate-cli-skeleton"][..]),
        (LIST, "input", &["--generate-cli-skeleton"][..]),
        (
            LIST,
            "yaml-input",
            &["--generate-cli-skeleton", "yaml-input"][..],
        ),
    ] {
        let mut argv = vec![operation];
        argv.extend(args);
        // No caller is needed: nothing is sent.
        scenario
            .bare()
            .run(&argv)
            .expect(0, &fixture(&format!("{operation}.{kind}")), "");
    }
    assert_eq!(scenario.dump(), "no database");
}

#[test]
fn an_output_skeleton_prints_as_a_reply_after_the_parameters_are_checked() {
    let scenario = Scenario::new();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, "--generate-cli-skeleton", "output", "--id", "x"])
        .expect(0, &fixture(&format!("{GET}.output")), "");
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            LIST,
            "--generate-cli-skeleton",
            "output",
            "--requested-by",
            "x",
        ])
        .expect(0, &fixture(&format!("{LIST}.output")), "");
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, "--generate-cli-skeleton", "output"])
        .expect(
            252,
            "",
            &refused(&[
                "Parameter validation failed:",
                "Missing required parameter in input: \"id\"",
            ]),
        );
}

#[test]
fn cli_input_json_and_yaml_give_the_parameters_and_the_command_line_wins() {
    let scenario = connected();
    let get = scenario.as_account(ENV_ACCOUNT).run(&[GET, "--id", ID]);
    assert_eq!(get.code, 0);
    let dir = scenario.dir();
    std::fs::write(dir.join("get.json"), format!("{{\"id\": \"{ID}\"}}")).unwrap();
    std::fs::write(dir.join("get.yaml"), "id: nothing-here\n").unwrap();
    for args in [
        vec![
            GET.to_string(),
            "--cli-input-json".into(),
            format!("{{\"id\": \"{ID}\"}}"),
        ],
        vec![
            GET.into(),
            "--cli-input-json".into(),
            format!("file://{}", dir.join("get.json").display()),
        ],
        vec![GET.into(), "--cli-input-yaml".into(), format!("id: {ID}")],
        // The file names another id; the option wins.
        vec![
            GET.into(),
            "--cli-input-yaml".into(),
            format!("file://{}", dir.join("get.yaml").display()),
            "--id".into(),
            ID.into(),
        ],
    ] {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&argv)
            .expect(0, &get.stdout, "");
    }
    // A list's input with paging options beside it.
    let list = scenario.as_account(MGMT_ACCOUNT).run(&[
        LIST,
        "--requested-by",
        "MANAGEMENT_ACCOUNT",
        "--max-items",
        "1",
    ]);
    scenario
        .as_account(MGMT_ACCOUNT)
        .run(&[
            LIST,
            "--cli-input-yaml",
            "requestedBy: MANAGEMENT_ACCOUNT\nstatuses: [PENDING]",
            "--max-items",
            "1",
        ])
        .expect(0, &list.stdout, "");
}

#[test]
fn what_the_documents_bring_is_checked_as_botocore_checks_it() {
    let scenario = connected();
    let before = scenario.dump();
    let cases: [(&[&str], &[&str]); 9] = [
        (
            &[GET, "--cli-input-json", r#"{"idx":"a"}"#],
            &[
                "Parameter validation failed:",
                "Missing required parameter in input: \"id\"",
                "Unknown parameter in input: \"idx\", must be one of: id",
            ],
        ),
        (
            &[GET, "--cli-input-json", r#"{"id":1}"#],
            &[
                "Parameter validation failed:",
                "Invalid type for parameter id, value: 1, type: <class 'int'>, valid types: <class 'str'>",
            ],
        ),
        (
            &[LIST, "--cli-input-json", r#"{"requestedBy":"MANAGEMENT_ACCOUNT","maxResults":"2"}"#],
            &[
                "Parameter validation failed:",
                "Invalid type for parameter maxResults, value: 2, type: <class 'str'>, valid types: <class 'int'>",
            ],
        ),
        (
            &[
                CREATE,
                "--cli-input-json",
                r#"{"environmentName":"e","managementAccountId":"123456789012","tags":[{"key":"k","value":1,"x":null}],"roleArn":["a"],"zz":{"a":true}}"#,
            ],
            &[
                "Parameter validation failed:",
                "Unknown parameter in input: \"zz\", must be one of: clientToken, codebuildRoleArn, componentRoleArn, environmentName, managementAccountId, roleArn, tags",
                "Unknown parameter in tags[0]: \"x\", must be one of: key, value",
                "Invalid type for parameter tags[0].value, value: 1, type: <class 'int'>, valid types: <class 'str'>",
                "Invalid type for parameter roleArn, value: ['a'], type: <class 'list'>, valid types: <class 'str'>",
            ],
        ),
        (
            &[CREATE, "--cli-input-json", r#"{"environmentName":"e","managementAccountId":"123456789012","tags":[{"key":"k"}]}"#],
            &["Parameter validation failed:", "Missing required parameter in tags[0]: \"value\""],
        ),
        (
            &[GET, "--cli-input-json", "[1]"],
            &["Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>"],
        ),
        (
            &[GET, "--cli-input-json", "{bad"],
            &["Error parsing parameter 'cli-input-json': Invalid JSON received."],
        ),
        (
            &[GET, "--cli-input-yaml", "a:b:c"],
            &["Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'str'>"],
        ),
        (
            &[GET, "--cli-input-json", "{}", "--cli-input-yaml", "id: x"],
            &["Only one --cli-input- parameter may be specified."],
        ),
    ];
    for (args, lines) in cases {
        let account = if args[0] == LIST {
            MGMT_ACCOUNT
        } else {
            ENV_ACCOUNT
        };
        scenario
            .as_account(account)
            .run(args)
            .expect(252, "", &refused(lines));
    }
    assert_eq!(scenario.dump(), before);
}

#[test]
fn file_values_are_read_for_any_parameter_and_a_missing_file_is_the_aws_clis_error() {
    let scenario = connected();
    let dir = scenario.dir();
    std::fs::write(dir.join("id.txt"), ID).unwrap();
    std::fs::write(dir.join("id-newline.txt"), format!("{ID}\n")).unwrap();
    let get = scenario.as_account(ENV_ACCOUNT).run(&[GET, "--id", ID]);
    let path = |name: &str| dir.join(name).display().to_string();
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, "--id", &format!("file://{}", path("id.txt"))])
        .expect(0, &get.stdout, "");
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, &format!("--id=file://{}", path("id.txt"))])
        .expect(0, &get.stdout, "");
    // The file's contents are the value as they are, newline and all: the service refuses it.
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, "--id", &format!("file://{}", path("id-newline.txt"))])
        .expect_error(
            "ValidationException",
            "GetEnvironmentAccountConnection",
            &format!(
                "1 validation error detected: Value '{ID}\n' at 'id' failed to satisfy constraint: \
                 Member must satisfy regular expression pattern: ^[0-9a-f-]{{1,36}}$"
            ),
        );
    let missing = path("missing.txt");
    for prefix in ["file://", "fileb://"] {
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&[GET, "--id", &format!("{prefix}{missing}")])
            .expect(
                252,
                "",
                &refused(&[&format!(
                    "Error parsing parameter '--id': Unable to load paramfile {prefix}{missing}: \
                     [Errno 2] No such file or directory: '{missing}'"
                )]),
            );
    }
    // Bytes are no string.
    scenario
        .as_account(ENV_ACCOUNT)
        .run(&[GET, "--id", &format!("fileb://{}", path("id.txt"))])
        .expect(
            252,
            "",
            &refused(&[
                "Parameter validation failed:",
                &format!(
                    "Invalid type for parameter id, value: b'{ID}', type: <class 'bytes'>, valid types: <class 'str'>"
                ),
            ]),
        );
    // A global option's value is never a file to read.
    let out =
        scenario
            .as_account(ENV_ACCOUNT)
            .run(&["--endpoint-url", "file://x", GET, "--id", ID]);
    assert_eq!(out.code, 255, "{}", out.stderr);
}
