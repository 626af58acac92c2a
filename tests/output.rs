//! `--output` and `--query` against what the real AWS CLI v2.9.19 printed for the same data
//! (tests/fixtures/output/aws-cli/, made by scripts/capture-output-fixtures.sh): every format of
//! create, get and list with none, one and several connections, queries, colours, the output
//! setting, bad queries, and the paginated rendering.
//!
//! stdout is compared byte for byte, except where JSON prints a connection: proton-local keeps the
//! documented key order there (CONTRACT.md section 5) and the AWS CLI its model's, so those are
//! compared as JSON values.

mod common;

use std::path::Path;

use common::{Scenario, ENV_ACCOUNT, MGMT_ACCOUNT, ROLE, T1, T2};
use proton_local::cli::{ColorChoice, OutputFormat};
use proton_local::commands::Outcome;
use proton_local::output::{self, Query, Style, Terminal};
use proton_local::service::Operation;
use serde_json::Value;

const T3: &str = "2021-04-28T23:16:00Z";
const FORMATS: [&str; 5] = ["json", "text", "table", "yaml", "yaml-stream"];
const LIST: [&str; 3] = [
    "list-environment-account-connections",
    "--requested-by",
    "ENVIRONMENT_ACCOUNT",
];
const GET1: [&str; 3] = [
    "get-environment-account-connection",
    "--id",
    "abcdef01234567890",
];
const GET2: [&str; 3] = [
    "get-environment-account-connection",
    "--id",
    "0123456789abcdef0",
];
/// Cases whose JSON holds a whole connection, so differs from the AWS CLI's in key order only.
const MODEL_ORDERED_JSON: [&str; 7] = [
    "create", "get", "get2", "list1", "listN", "q_obj", "q_filter",
];

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/output/aws-cli")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn create(scenario: &Scenario, id: &str, at: &str, name: &str, more: &[&str]) {
    let mut args = vec![
        "create-environment-account-connection",
        "--environment-name",
        name,
        "--management-account-id",
        MGMT_ACCOUNT,
        "--role-arn",
        ROLE,
    ];
    args.extend(more);
    let out = scenario
        .as_account(ENV_ACCOUNT)
        .at(at)
        .with_id(id)
        .run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// One PENDING connection with tags.
fn one() -> Scenario {
    let scenario = Scenario::new();
    create(
        &scenario,
        "abcdef01234567890",
        T1,
        "simple-env-connected",
        &["--tags", "key=team,value=infra"],
    );
    scenario
}

/// CONNECTED, PENDING with every role, and REJECTED at a whole second.
fn many() -> Scenario {
    let scenario = one();
    let out = scenario.as_account(MGMT_ACCOUNT).at(T2).run(&[
        "accept-environment-account-connection",
        "--id",
        "abcdef01234567890",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    create(
        &scenario,
        "0123456789abcdef0",
        T2,
        "second-env",
        &[
            "--codebuild-role-arn",
            "arn:aws:iam::111122223333:role/codebuild",
            "--component-role-arn",
            "arn:aws:iam::111122223333:role/component",
        ],
    );
    create(&scenario, "fedcba9876543210f", T3, "third_env", &[]);
    let out = scenario.as_account(MGMT_ACCOUNT).at(T3).run(&[
        "reject-environment-account-connection",
        "--id",
        "fedcba9876543210f",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    scenario
}

/// `args --output format` prints what the AWS CLI printed for `case`.
#[track_caller]
fn check(scenario: &Scenario, case: &str, format: &str, args: &[&str]) {
    let mut args = args.to_vec();
    args.extend(["--output", format]);
    let out = scenario.as_account(ENV_ACCOUNT).run(&args);
    let expected = fixture(&format!("{case}.{format}"));
    if format == "json" && MODEL_ORDERED_JSON.contains(&case) {
        let ours: Value = serde_json::from_str(&out.stdout).expect("JSON");
        let theirs: Value = serde_json::from_str(&expected).unwrap();
        assert_eq!(
            (out.code, &out.stderr, ours),
            (0, &String::new(), theirs),
            "{case}.{format}"
        );
    } else {
        out.expect(0, &expected, "");
    }
}

#[test]
fn create_in_every_format() {
    for format in FORMATS {
        let scenario = Scenario::new();
        let out = scenario
            .as_account(ENV_ACCOUNT)
            .at(T1)
            .with_id("abcdef01234567890")
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                "simple-env-connected",
                "--management-account-id",
                MGMT_ACCOUNT,
                "--role-arn",
                ROLE,
                "--tags",
                "key=team,value=infra",
                "--output",
                format,
            ]);
        let expected = fixture(&format!("create.{format}"));
        if format == "json" {
            assert_eq!(
                serde_json::from_str::<Value>(&out.stdout).unwrap(),
                serde_json::from_str::<Value>(&expected).unwrap()
            );
        } else {
            out.expect(0, &expected, "");
        }
    }
}

#[test]
fn get_and_list_in_every_format() {
    let (one, many, empty) = (one(), many(), Scenario::new());
    for format in FORMATS {
        check(&one, "get", format, &GET1);
        check(&one, "list1", format, &LIST);
        check(&many, "get2", format, &GET2);
        check(&many, "listN", format, &LIST);
        check(&empty, "list0", format, &LIST);
    }
}

#[test]
fn queries_in_every_format() {
    let (one, many) = (one(), many());
    fn q<'a>(args: &[&'a str], query: &'a str) -> Vec<&'a str> {
        let mut args = args.to_vec();
        args.extend(["--query", query]);
        args
    }
    for format in FORMATS {
        check(
            &one,
            "q_scalar",
            format,
            &q(&GET1, "environmentAccountConnection.id"),
        );
        check(&one, "q_null", format, &q(&GET1, "nothing"));
        check(
            &one,
            "q_obj",
            format,
            &q(&GET1, "environmentAccountConnection"),
        );
        check(
            &one,
            "q_hash1",
            format,
            &q(
                &GET1,
                "environmentAccountConnection.{s: status, a: arn, n: `null`, t: `true`, e: `[]`}",
            ),
        );
        check(
            &one,
            "q_bool",
            format,
            &q(
                &GET1,
                "environmentAccountConnection.status == `\"PENDING\"`",
            ),
        );
        check(
            &many,
            "q_proj",
            format,
            &q(&LIST, "environmentAccountConnections[].id"),
        );
        check(
            &many,
            "q_hash",
            format,
            &q(
                &LIST,
                "environmentAccountConnections[].{id: id, status: status, env: environmentName}",
            ),
        );
        check(
            &many,
            "q_filter",
            format,
            &q(&LIST, "environmentAccountConnections[?status=='PENDING']"),
        );
        check(
            &many,
            "q_lists",
            format,
            &q(&LIST, "environmentAccountConnections[].[id, status]"),
        );
        check(
            &many,
            "q_number",
            format,
            &q(&LIST, "length(environmentAccountConnections)"),
        );
        check(
            &many,
            "q_empty",
            format,
            &q(&LIST, "environmentAccountConnections[?status=='NONE']"),
        );
    }
}

#[test]
fn a_table_in_colour_is_the_aws_cli_s_bytes() {
    let one = one();
    for (color, case) in [("on", "color_on.table"), ("off", "color_off.table")] {
        let mut args = GET1.to_vec();
        args.extend(["--output", "table", "--color", color]);
        one.as_account(ENV_ACCOUNT)
            .run(&args)
            .expect(0, &fixture(case), "");
    }
    // auto is plain when stdout is not a terminal.
    let mut args = GET1.to_vec();
    args.extend(["--output", "table", "--color", "auto"]);
    one.as_account(ENV_ACCOUNT)
        .run(&args)
        .expect(0, &fixture("color_off.table"), "");
}

#[test]
fn the_output_format_comes_from_aws_default_output() {
    let one = one();
    one.as_account(ENV_ACCOUNT)
        .env("AWS_DEFAULT_OUTPUT", "text")
        .run(&GET1)
        .expect(0, &fixture("env_text"), "");
    let mut args = GET1.to_vec();
    args.extend(["--output", "yaml"]);
    one.as_account(ENV_ACCOUNT)
        .env("AWS_DEFAULT_OUTPUT", "text")
        .run(&args)
        .expect(0, &fixture("get.yaml"), "");
    one.as_account(ENV_ACCOUNT)
        .env("AWS_DEFAULT_OUTPUT", "bogus")
        .run(&GET1)
        .expect(255, "", &fixture("env_bogus.stderr"));
}

#[test]
fn a_bad_output_setting_writes_nothing() {
    let scenario = Scenario::new();
    let out = scenario
        .as_account(ENV_ACCOUNT)
        .env("AWS_DEFAULT_OUTPUT", "bogus")
        .run(&[
            "create-environment-account-connection",
            "--environment-name",
            "env",
            "--management-account-id",
            MGMT_ACCOUNT,
        ]);
    out.expect(255, "", "\nUnknown output type: bogus\n");
    let out = scenario.as_account(ENV_ACCOUNT).run(&LIST);
    assert_eq!(
        out.json()["environmentAccountConnections"],
        serde_json::json!([])
    );
}

#[test]
fn output_off_prints_nothing() {
    let mut args = GET1.to_vec();
    args.extend(["--output", "off"]);
    one().as_account(ENV_ACCOUNT).run(&args).expect(0, "", "");
}

#[test]
fn bad_queries_are_the_aws_cli_s_errors() {
    let one = one();
    // Parse errors (252) in Python jmespath's words, and errors found as the query runs (255).
    for case in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16] {
        let query = fixture(&format!("badq{case}.query"));
        let stderr = fixture(&format!("badq{case}.stderr"));
        let code = if stderr.starts_with("\nBad value for --query") {
            252
        } else {
            255
        };
        let mut args = GET1.to_vec();
        args.extend(["--query", &query]);
        one.as_account(ENV_ACCOUNT)
            .run(&args)
            .expect(code, "", &stderr);
    }
}

/// The pages `list --max-results 1` hands out, one after the other, as the service returns them.
fn raw_pages(scenario: &Scenario) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut args = LIST.to_vec();
        args.extend(["--max-results", "1"]);
        if let Some(token) = &token {
            args.extend(["--next-token", token]);
        }
        let page = scenario.as_account(ENV_ACCOUNT).run(&args).json();
        token = page["nextToken"].as_str().map(str::to_string);
        pages.push(page);
        if token.is_none() {
            return pages;
        }
    }
}

/// The paginated rendering, on the pages the AWS CLI's paginator fetched one connection at a time
/// (`--page-size 1`), all of them or the first two (`--max-items 2`, with the AWS CLI's own token).
#[test]
fn pages_print_as_the_aws_cli_prints_its_paginator() {
    let mut pages = raw_pages(&many());
    assert_eq!(pages.len(), 3);
    // A page token is signed with the database's own key: give the pages the tokens the AWS CLI
    // was handed, so that yaml-stream, which prints them, can be compared.
    let aws_page_tokens: Vec<String> = fixture("pages.yaml-stream")
        .lines()
        .filter_map(|line| line.strip_prefix("  nextToken: "))
        .map(str::to_string)
        .collect();
    assert_eq!(aws_page_tokens.len(), 2);
    for (page, token) in pages.iter_mut().zip(aws_page_tokens) {
        page["nextToken"] = Value::String(token);
    }
    let aws_token: Value = serde_json::from_str(&fixture("pages_trunc.json")).unwrap();
    let aws_token = aws_token["NextToken"].as_str().unwrap().to_string();
    let cases: [(&str, usize, Option<&str>, Option<&str>); 4] = [
        ("pages", 3, None, None),
        ("pages_trunc", 2, Some(&aws_token), None),
        (
            "pages_trunc_q",
            2,
            Some(&aws_token),
            Some("environmentAccountConnections[].id"),
        ),
        ("pages_q_null", 3, None, Some("nothing")),
    ];
    for (case, count, resume_token, query) in cases {
        for format in FORMATS {
            let outcome = Outcome::Pages {
                operation: Operation::ListEnvironmentAccountConnections,
                pages: pages[..count].to_vec(),
                result_key: "environmentAccountConnections",
                resume_token: resume_token.map(str::to_string),
            };
            let style = Style {
                format: OutputFormat::from_name(format).unwrap(),
                query: query.map(|q| Query::compile(q).unwrap()),
                color: ColorChoice::Off,
            };
            let terminal = Terminal {
                colored: false,
                width: 80,
            };
            let ours = output::render(&outcome, &style, terminal).unwrap();
            let expected = fixture(&format!("{case}.{format}"));
            if format == "json" {
                assert_eq!(
                    serde_json::from_str::<Value>(&ours).unwrap(),
                    serde_json::from_str::<Value>(&expected).unwrap(),
                    "{case}.{format}"
                );
            } else {
                assert_eq!(ours, expected, "{case}.{format}");
            }
        }
    }
}
