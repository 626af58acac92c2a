//! CONTRACT.md sections 7 and 9, `list-environment-account-connections`: every match exactly
//! once in (requestedAt, id) order whatever the page size, a nextToken while more remain and none
//! on the last page, the filters and both sides combined with paging, and page tokens that are
//! good only for the query (and the database) that issued them.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use common::*;

/// A second management account, addressed by some of the environment account's connections.
const OTHER_MGMT_ACCOUNT: &str = "210987654321";
/// A second environment account, with connections to the management account.
const OTHER_ENV_ACCOUNT: &str = "555566667777";
const OTHER_ENV_ROLE: &str = "arn:aws:iam::555566667777:role/proton-role";

const LIST: &str = "list-environment-account-connections";
const PAGE_SIZES: [Option<usize>; 9] = [
    None,
    Some(1),
    Some(2),
    Some(5),
    Some(7),
    Some(24),
    Some(25),
    Some(26),
    Some(100),
];

/// An instant as milliseconds after 2021-05-01T10:00:00Z, as PROTON_LOCAL_NOW takes it.
fn rfc3339(offset: u64) -> String {
    format!("{}.{:03}Z", whole_seconds(offset), offset % 1000)
}

/// As the AWS CLI prints it: no fraction when the milliseconds are zero.
fn printed(offset: u64) -> String {
    match offset % 1000 {
        0 => format!("{}+00:00", whole_seconds(offset)),
        millis => format!("{}.{millis:03}000+00:00", whole_seconds(offset)),
    }
}

fn whole_seconds(offset: u64) -> String {
    let seconds = offset / 1000;
    format!(
        "2021-05-01T{:02}:{:02}:{:02}",
        10 + seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// What the test knows each connection to be.
#[derive(Debug, Clone)]
struct Known {
    id: String,
    name: String,
    env_account: &'static str,
    mgmt_account: &'static str,
    region: &'static str,
    role: &'static str,
    requested_at: u64,
    last_modified_at: u64,
    status: &'static str,
}

impl Known {
    /// The list's summary shape.
    fn summary(&self) -> Value {
        json!({
            "arn": format!(
                "arn:aws:proton:{}:{}:environment-account-connection/{}",
                self.region, self.env_account, self.id
            ),
            "status": self.status,
            "environmentAccountId": self.env_account,
            "environmentName": self.name,
            "id": self.id,
            "lastModifiedAt": printed(self.last_modified_at),
            "managementAccountId": self.mgmt_account,
            "requestedAt": printed(self.requested_at),
            "roleArn": self.role,
        })
    }
}

struct Fixture {
    scenario: Scenario,
    /// In creation order.
    connections: Vec<Known>,
}

/// The environment account's 25 connections in us-east-1, created in an order unlike their
/// (requestedAt, id) order: ten at distinct instants, fifteen in three groups sharing an instant
/// (one group shares it with one of the ten too), with ids that sort unlike their creation order.
/// Some go to a second management account; `web` is asked for three times (twice rejected).
/// Then four connections of a second environment account, and one in another region.
fn fixture() -> Fixture {
    let scenario = Scenario::new();
    let mut connections = Vec::new();
    for k in 0..25u64 {
        let requested_at = match k {
            0..=9 => (k * 7 % 10) * 1000 + 250,
            10..=14 => 3_250,
            15..=19 => 0,
            _ => 60_000,
        };
        let name = match k {
            7 | 17 | 19 => "web".to_string(),
            _ => format!("app-{k:02}"),
        };
        let status = match k {
            _ if k % 5 == 2 => "REJECTED",
            _ if k % 3 == 1 => "CONNECTED",
            _ => "PENDING",
        };
        connections.push(Known {
            id: format!("{:02x}000000-0000-4000-8000-{k:012x}", (k * 37 + 11) % 256),
            name,
            env_account: ENV_ACCOUNT,
            mgmt_account: if k % 4 == 3 {
                OTHER_MGMT_ACCOUNT
            } else {
                MGMT_ACCOUNT
            },
            region: REGION,
            role: ROLE,
            requested_at,
            last_modified_at: if status == "PENDING" {
                requested_at
            } else {
                3_600_000 + k
            },
            status,
        });
    }
    for j in 0..4u64 {
        connections.push(Known {
            id: format!("{:02x}111111-0000-4000-8000-{j:012x}", j * 77 % 256),
            name: if j == 0 {
                "web".to_string()
            } else {
                format!("svc-{j}")
            },
            env_account: OTHER_ENV_ACCOUNT,
            mgmt_account: MGMT_ACCOUNT,
            region: REGION,
            role: OTHER_ENV_ROLE,
            requested_at: [3_250, 0, 60_000, 5_500][j as usize],
            last_modified_at: [3_250, 0, 60_000, 5_500][j as usize],
            status: "PENDING",
        });
    }
    connections.push(Known {
        id: "ffffffff-0000-4000-8000-000000000000".to_string(),
        name: "app-00".to_string(),
        env_account: ENV_ACCOUNT,
        mgmt_account: MGMT_ACCOUNT,
        region: OTHER_REGION,
        role: ROLE,
        requested_at: 250,
        last_modified_at: 250,
        status: "PENDING",
    });

    for known in &connections {
        let created = scenario
            .as_account(known.env_account)
            .in_region(known.region)
            .at(&rfc3339(known.requested_at))
            .with_id(&known.id)
            .run(&[
                "create-environment-account-connection",
                "--environment-name",
                &known.name,
                "--management-account-id",
                known.mgmt_account,
                "--role-arn",
                known.role,
            ])
            .json();
        assert_eq!(created["environmentAccountConnection"]["id"], known.id);
        // Accept or reject at once, so that `web` is never open twice to one management account.
        let answer = |command: &str| {
            scenario
                .as_account(known.mgmt_account)
                .in_region(known.region)
                .at(&rfc3339(known.last_modified_at))
                .run(&[command, "--id", &known.id])
                .json()
        };
        match known.status {
            "CONNECTED" => answer("accept-environment-account-connection"),
            "REJECTED" => answer("reject-environment-account-connection"),
            _ => Value::Null,
        };
    }
    Fixture {
        scenario,
        connections,
    }
}

/// Who lists, and how.
struct Query<'a> {
    account: &'a str,
    region: &'a str,
    /// `--requested-by` and the filters.
    args: Vec<&'a str>,
}

impl<'a> Query<'a> {
    fn new(account: &'a str, requested_by: &'a str) -> Self {
        Query {
            account,
            region: REGION,
            args: vec!["--requested-by", requested_by],
        }
    }

    fn with(mut self, args: &[&'a str]) -> Self {
        self.args.extend(args);
        self
    }

    fn in_region(mut self, region: &'a str) -> Self {
        self.region = region;
        self
    }

    fn run(&self, scenario: &Scenario, extra: &[&str]) -> Output {
        let mut argv = vec![LIST];
        argv.extend(&self.args);
        argv.extend(extra);
        scenario
            .as_account(self.account)
            .in_region(self.region)
            .run(&argv)
    }
}

/// The reply as the AWS CLI prints it: four-space indent, one trailing newline.
fn render(page: &[&Known], next_token: Option<&str>) -> String {
    let mut body = serde_json::Map::new();
    body.insert(
        "environmentAccountConnections".into(),
        Value::Array(page.iter().map(|known| known.summary()).collect()),
    );
    if let Some(token) = next_token {
        body.insert("nextToken".into(), Value::String(token.into()));
    }
    let mut text = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut text,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    serde::Serialize::serialize(&Value::Object(body), &mut serializer).unwrap();
    text.push(b'\n');
    String::from_utf8(text).unwrap()
}

/// The matches in (requestedAt, id) order.
fn ordered<'a>(matches: impl Iterator<Item = &'a Known>) -> Vec<&'a Known> {
    let mut matches: Vec<&Known> = matches.collect();
    matches.sort_by(|a, b| (a.requested_at, &a.id).cmp(&(b.requested_at, &b.id)));
    matches
}

/// The model's pattern for a token: `^[A-Za-z0-9+=/]+$`.
#[track_caller]
fn assert_token_alphabet(token: &str) {
    assert!(
        !token.is_empty()
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=/".contains(&b)),
        "token {token:?}"
    );
}

/// Walks every page of `query` with `--max-results page_size` (every match in one reply when
/// `None`), checking each reply byte for byte but for the token's value, which is the database's
/// own. Returns the tokens it was given.
#[track_caller]
fn walk(
    scenario: &Scenario,
    query: &Query,
    page_size: Option<usize>,
    expected: &[&Known],
) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut from: usize = 0;
    loop {
        let size = page_size.unwrap_or(usize::MAX);
        let max_results = page_size.map(|n| n.to_string());
        let mut extra = Vec::new();
        if let Some(n) = &max_results {
            extra.extend(["--max-results", n.as_str()]);
        }
        if let Some(token) = tokens.last() {
            extra.extend(["--next-token", token.as_str()]);
        }
        let out = query.run(scenario, &extra);
        let to = expected.len().min(from.saturating_add(size));
        let more = to < expected.len();
        let token = out
            .json()
            .get("nextToken")
            .map(|token| token.as_str().expect("nextToken is a string").to_string());
        assert_eq!(
            token.is_some(),
            more,
            "page {from}..{to} of {} with --max-results {page_size:?}: {}",
            expected.len(),
            out.stdout
        );
        if let Some(token) = &token {
            assert_token_alphabet(token);
        }
        out.expect(0, &render(&expected[from..to], token.as_deref()), "");
        match token {
            Some(token) => tokens.push(token),
            None => return tokens,
        }
        from = to;
    }
}

fn walk_all_sizes(scenario: &Scenario, query: &Query, expected: &[&Known]) {
    for page_size in PAGE_SIZES {
        walk(scenario, query, page_size, expected);
    }
}

fn refused_token(token: &str) -> String {
    format!(
        "The nextToken '{token}' was not issued for this query. Pass the nextToken of the previous page, \
         with the same requestedBy, environmentName and statuses."
    )
}

#[test]
fn every_page_size_walks_the_environment_side_once_in_requested_at_then_id_order() {
    let fixture = fixture();
    let expected = ordered(
        fixture
            .connections
            .iter()
            .filter(|c| c.env_account == ENV_ACCOUNT && c.region == REGION),
    );
    assert_eq!(expected.len(), 25);
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    walk_all_sizes(&fixture.scenario, &query, &expected);
}

#[test]
fn connections_requested_at_one_instant_are_ordered_by_id_across_pages() {
    let fixture = fixture();
    let expected = ordered(
        fixture
            .connections
            .iter()
            .filter(|c| c.env_account == ENV_ACCOUNT && c.region == REGION),
    );
    // The fixture has ties whose id order is not their creation order, and the ties span pages.
    let tied: Vec<&Known> = expected
        .iter()
        .copied()
        .filter(|c| c.requested_at == 3_250)
        .collect();
    assert_eq!(tied.len(), 6);
    let creation: Vec<&String> = fixture
        .connections
        .iter()
        .filter(|c| c.requested_at == 3_250 && c.env_account == ENV_ACCOUNT)
        .map(|c| &c.id)
        .collect();
    let by_id: Vec<&String> = tied.iter().map(|c| &c.id).collect();
    assert_ne!(creation, by_id);
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    for page_size in [1, 2, 4] {
        walk(&fixture.scenario, &query, Some(page_size), &expected);
    }
}

#[test]
fn without_max_results_every_match_comes_in_one_reply_without_a_token() {
    let fixture = fixture();
    let scenario = &fixture.scenario;
    let all = &fixture.connections;
    let env_side = ordered(
        all.iter()
            .filter(|c| c.env_account == ENV_ACCOUNT && c.region == REGION),
    );
    let mgmt_side = ordered(
        all.iter()
            .filter(|c| c.mgmt_account == MGMT_ACCOUNT && c.region == REGION),
    );
    for (query, expected) in [
        (Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"), &env_side),
        (Query::new(MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT"), &mgmt_side),
    ] {
        let tokens = walk(scenario, &query, None, expected);
        assert!(tokens.is_empty());
    }
    // Nothing to list: an empty list, with or without --max-results.
    let none = Query::new(MGMT_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    for extra in [&[][..], &["--max-results", "1"][..]] {
        none.run(scenario, extra).expect(
            0,
            "{\n    \"environmentAccountConnections\": []\n}\n",
            "",
        );
    }
}

#[test]
fn the_management_side_pages_through_the_connections_addressed_to_it() {
    let fixture = fixture();
    let all = &fixture.connections;
    for account in [MGMT_ACCOUNT, OTHER_MGMT_ACCOUNT] {
        let expected = ordered(
            all.iter()
                .filter(|c| c.mgmt_account == account && c.region == REGION),
        );
        assert!(expected.len() >= 6, "{account}");
        let query = Query::new(account, "MANAGEMENT_ACCOUNT");
        walk_all_sizes(&fixture.scenario, &query, &expected);
    }
    // The second environment account sees only its own four.
    let expected = ordered(all.iter().filter(|c| c.env_account == OTHER_ENV_ACCOUNT));
    assert_eq!(expected.len(), 4);
    let query = Query::new(OTHER_ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    walk_all_sizes(&fixture.scenario, &query, &expected);
}

#[test]
fn the_environment_name_filter_pages_on_both_sides() {
    let fixture = fixture();
    let all = &fixture.connections;
    let web = |c: &&Known| c.name == "web" && c.region == REGION;
    let env_side = ordered(
        all.iter()
            .filter(web)
            .filter(|c| c.env_account == ENV_ACCOUNT),
    );
    assert_eq!(env_side.len(), 3);
    let mgmt_side = ordered(
        all.iter()
            .filter(web)
            .filter(|c| c.mgmt_account == MGMT_ACCOUNT),
    );
    assert_eq!(mgmt_side.len(), 2);
    for (query, expected) in [
        (
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--environment-name", "web"]),
            &env_side,
        ),
        (
            Query::new(MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT").with(&["--environment-name", "web"]),
            &mgmt_side,
        ),
        (
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT")
                .with(&["--environment-name", "nothing-by-this-name"]),
            &Vec::new(),
        ),
    ] {
        walk_all_sizes(&fixture.scenario, &query, expected);
    }
}

#[test]
fn status_filters_of_one_and_several_statuses_page_on_both_sides() {
    let fixture = fixture();
    let all = &fixture.connections;
    let cases: [(&str, &str, &[&str], Option<&str>); 6] = [
        (ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT", &["PENDING"], None),
        (
            ENV_ACCOUNT,
            "ENVIRONMENT_ACCOUNT",
            &["CONNECTED", "REJECTED"],
            None,
        ),
        (
            ENV_ACCOUNT,
            "ENVIRONMENT_ACCOUNT",
            &["REJECTED"],
            Some("web"),
        ),
        (
            ENV_ACCOUNT,
            "ENVIRONMENT_ACCOUNT",
            &["PENDING", "CONNECTED", "REJECTED"],
            None,
        ),
        (MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT", &["CONNECTED"], None),
        (
            MGMT_ACCOUNT,
            "MANAGEMENT_ACCOUNT",
            &["PENDING", "REJECTED"],
            None,
        ),
    ];
    for (account, side, statuses, name) in cases {
        let expected = ordered(all.iter().filter(|c| {
            c.region == REGION
                && match side {
                    "ENVIRONMENT_ACCOUNT" => c.env_account == account,
                    _ => c.mgmt_account == account,
                }
                && statuses.contains(&c.status)
                && name.iter().all(|name| c.name == *name)
        }));
        assert!(!expected.is_empty(), "{statuses:?} {name:?}");
        let mut query = Query::new(account, side)
            .with(&["--statuses"])
            .with(statuses);
        if let Some(name) = name {
            query = query.with(&["--environment-name", name]);
        }
        walk_all_sizes(&fixture.scenario, &query, &expected);
    }
}

#[test]
fn each_region_lists_and_pages_only_its_own_connections() {
    let fixture = fixture();
    let all = &fixture.connections;
    let elsewhere = ordered(all.iter().filter(|c| c.region == OTHER_REGION));
    assert_eq!(elsewhere.len(), 1);
    for query in [
        Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").in_region(OTHER_REGION),
        Query::new(MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT").in_region(OTHER_REGION),
    ] {
        walk_all_sizes(&fixture.scenario, &query, &elsewhere);
    }
}

#[test]
fn a_forged_or_malformed_token_is_refused() {
    let fixture = fixture();
    let scenario = &fixture.scenario;
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let real = query.run(scenario, &["--max-results", "2"]).json()["nextToken"]
        .as_str()
        .unwrap()
        .to_string();
    // The real token, with another id in its payload and its signature kept.
    let mut tampered = STANDARD.decode(&real).unwrap();
    let at = tampered
        .iter()
        .position(|&b| b == b':')
        .expect("a token names its position")
        + 1;
    tampered[at] = if tampered[at] == b'0' { b'1' } else { b'0' };
    let tampered = STANDARD.encode(tampered);
    assert_ne!(tampered, real);

    // The same query on another database, whose secret differs.
    let other = Scenario::new();
    for i in 0..3 {
        other.create(&format!("other-{i}"));
    }
    let from_other_database = query.run(&other, &["--max-results", "1"]).json()["nextToken"]
        .as_str()
        .unwrap()
        .to_string();

    let before = scenario.dump();
    for bad in [
        STANDARD.encode("1619651630847:abcdef01234567890.0123456789abcdef"),
        STANDARD.encode("made up"),
        "!!!".to_string(),
        tampered,
        real[..real.len() - 4].to_string(),
        from_other_database,
    ] {
        for page in [&["--max-results", "2"][..], &[][..]] {
            let mut extra = vec!["--next-token", bad.as_str()];
            extra.extend(page);
            query.run(scenario, &extra).expect_error(
                "ValidationException",
                "ListEnvironmentAccountConnections",
                &refused_token(&bad),
            );
        }
    }
    assert_eq!(scenario.dump(), before);
}

#[test]
fn a_token_from_another_query_is_refused() {
    let fixture = fixture();
    let scenario = &fixture.scenario;
    let token_of = |query: &Query| -> String {
        query.run(scenario, &["--max-results", "1"]).json()["nextToken"]
            .as_str()
            .expect("more than one match")
            .to_string()
    };
    let pending = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--statuses", "PENDING"]);
    let env_side = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let mgmt_side = Query::new(MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT");
    let web = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--environment-name", "web"]);
    let other_env = Query::new(OTHER_ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let cases: Vec<(String, Query)> = vec![
        // Other statuses.
        (
            token_of(&pending),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--statuses", "CONNECTED"]),
        ),
        (
            token_of(&pending),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&[
                "--statuses",
                "PENDING",
                "CONNECTED",
            ]),
        ),
        (
            token_of(&env_side),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--statuses", "PENDING"]),
        ),
        // The other side, by the same account and by the other one.
        (
            token_of(&env_side),
            Query::new(ENV_ACCOUNT, "MANAGEMENT_ACCOUNT"),
        ),
        (
            token_of(&mgmt_side),
            Query::new(MGMT_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ),
        (
            token_of(&mgmt_side),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ),
        // Another environment name, or none.
        (
            token_of(&web),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ),
        (
            token_of(&env_side),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").with(&["--environment-name", "web"]),
        ),
        // Another caller with the same options, in the same region or the same caller elsewhere.
        (
            token_of(&env_side),
            Query::new(OTHER_ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ),
        (
            token_of(&other_env),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT"),
        ),
        (
            token_of(&mgmt_side),
            Query::new(OTHER_MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT"),
        ),
        (
            token_of(&env_side),
            Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT").in_region(OTHER_REGION),
        ),
    ];
    for (token, query) in cases {
        query
            .run(scenario, &["--max-results", "1", "--next-token", &token])
            .expect_error(
                "ValidationException",
                "ListEnvironmentAccountConnections",
                &refused_token(&token),
            );
    }
}

// The AWS CLI's paging (CONTRACT.md section 13): every page by default, --max-items with a
// NextToken that --starting-token takes, --page-size, --no-paginate. ---------------------------

/// The reply the AWS CLI builds from its pages: the connections, then `NextToken` when cut short.
fn render_full(items: &[&Known], resume_token: Option<&str>) -> String {
    let mut text = render(items, None);
    if let Some(token) = resume_token {
        let end = text.len() - "\n}\n".len();
        text.replace_range(end.., &format!(",\n    \"NextToken\": \"{token}\"\n}}\n"));
    }
    text
}

/// botocore's resume token: the base64 of Python's `json.dumps` of the service's token and, when
/// a page was cut, how many of its connections were printed.
fn resume_token(next_token: Option<&str>, truncate_amount: Option<i64>) -> String {
    let mut json = match next_token {
        Some(token) => format!("{{\"nextToken\": \"{token}\""),
        None => "{\"nextToken\": null".to_string(),
    };
    if let Some(amount) = truncate_amount {
        json.push_str(&format!(", \"boto_truncate_amount\": {amount}"));
    }
    json.push('}');
    STANDARD.encode(json)
}

/// The environment account's connections in the default region, in list order.
fn environment_side(connections: &[Known]) -> Vec<&Known> {
    ordered(
        connections
            .iter()
            .filter(|known| known.env_account == ENV_ACCOUNT && known.region == REGION),
    )
}

#[test]
fn max_items_cuts_the_list_and_starting_token_resumes_it_exactly_at_any_page_size() {
    let Fixture {
        scenario,
        connections,
    } = fixture();
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let expected = environment_side(&connections);
    for page_size in [None, Some("1"), Some("3"), Some("7"), Some("100")] {
        for max_items in [1, 2, 5, 7, 24, 25] {
            let max = max_items.to_string();
            let mut from = 0;
            let mut token: Option<String> = None;
            loop {
                let mut extra = vec!["--max-items", max.as_str()];
                extra.extend(page_size.iter().flat_map(|size| ["--page-size", size]));
                extra.extend(token.iter().flat_map(|token| ["--starting-token", token]));
                let out = query.run(&scenario, &extra);
                let to = expected.len().min(from + max_items);
                let next = out
                    .json()
                    .get("NextToken")
                    .map(|token| token.as_str().unwrap().to_string());
                assert_eq!(
                    next.is_some(),
                    to < expected.len(),
                    "{from}..{to} by {max_items}, pages of {page_size:?}"
                );
                out.expect(0, &render_full(&expected[from..to], next.as_deref()), "");
                match next {
                    Some(next) => token = Some(next),
                    None => break,
                }
                from = to;
            }
        }
    }
}

#[test]
fn a_next_token_says_where_the_service_page_starts_and_how_much_of_it_was_printed() {
    let Fixture {
        scenario,
        connections,
    } = fixture();
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let expected = environment_side(&connections);
    // Cut inside the first (only) page: no service token yet, and two printed.
    query.run(&scenario, &["--max-items", "2"]).expect(
        0,
        &render_full(&expected[..2], Some(&resume_token(None, Some(2)))),
        "",
    );
    // Cut at the end of a service page: that page's own nextToken, as the raw call gives it.
    let service_token = query.run(&scenario, &["--max-results", "3"]).json()["nextToken"]
        .as_str()
        .unwrap()
        .to_string();
    query
        .run(&scenario, &["--max-items", "3", "--page-size", "3"])
        .expect(
            0,
            &render_full(
                &expected[..3],
                Some(&resume_token(Some(&service_token), None)),
            ),
            "",
        );
    // Cut inside the second page of three: the token that fetched it, and one printed of it.
    query
        .run(&scenario, &["--max-items", "4", "--page-size", "3"])
        .expect(
            0,
            &render_full(
                &expected[..4],
                Some(&resume_token(Some(&service_token), Some(1))),
            ),
            "",
        );
    // The old `TOKEN___N` form, and the service's own token, are taken too.
    query
        .run(
            &scenario,
            &["--starting-token", &format!("{service_token}___1")],
        )
        .expect(0, &render_full(&expected[4..], None), "");
    query
        .run(&scenario, &["--starting-token", &service_token])
        .expect(0, &render_full(&expected[3..], None), "");
}

#[test]
fn zero_and_negative_max_items_cut_as_the_aws_cli_does() {
    let Fixture {
        scenario,
        connections,
    } = fixture();
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let expected = environment_side(&connections);
    query.run(&scenario, &["--max-items", "0"]).expect(
        0,
        &render_full(&[], Some(&resume_token(None, Some(0)))),
        "",
    );
    // Python's items[:-1]: all but the last, and a token that says -1.
    query.run(&scenario, &["--max-items", "-1"]).expect(
        0,
        &render_full(
            &expected[..expected.len() - 1],
            Some(&resume_token(None, Some(-1))),
        ),
        "",
    );
}

#[test]
fn page_size_changes_the_calls_not_the_output() {
    let Fixture {
        scenario,
        connections,
    } = fixture();
    let query = Query::new(MGMT_ACCOUNT, "MANAGEMENT_ACCOUNT");
    let expected = ordered(
        connections
            .iter()
            .filter(|known| known.mgmt_account == MGMT_ACCOUNT && known.region == REGION),
    );
    let all = render_full(&expected, None);
    for size in ["1", "2", "5", "100"] {
        query
            .run(&scenario, &["--page-size", size])
            .expect(0, &all, "");
    }
    query.run(&scenario, &[]).expect(0, &all, "");
    // Over the model's maximum, the service refuses the call.
    query.run(&scenario, &["--page-size", "101"]).expect_error(
        "ValidationException",
        "ListEnvironmentAccountConnections",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: \
             Member must have value less than or equal to 100",
    );
}

#[test]
fn no_paginate_or_a_raw_page_option_makes_one_call_and_refuses_paging_options() {
    let Fixture {
        scenario,
        connections,
    } = fixture();
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    let expected = environment_side(&connections);
    query
        .run(&scenario, &["--no-paginate"])
        .expect(0, &render(&expected, None), "");
    let conflict = |options: &str| {
        format!("\nCannot specify --no-paginate along with pagination arguments: {options}\n")
    };
    let before = scenario.dump();
    for (extra, options) in [
        (&["--no-paginate", "--max-items", "2"][..], "--max-items"),
        (
            &[
                "--max-results",
                "2",
                "--page-size",
                "1",
                "--starting-token",
                "x",
            ][..],
            "--starting-token, --page-size",
        ),
        (
            &[
                "--next-token",
                "x",
                "--max-items",
                "1",
                "--page-size",
                "1",
                "--starting-token",
                "x",
            ][..],
            "--starting-token, --page-size, --max-items",
        ),
    ] {
        query
            .run(&scenario, extra)
            .expect(252, "", &conflict(options));
    }
    assert_eq!(scenario.dump(), before);
}

#[test]
fn a_page_size_under_one_is_the_aws_clis_parameter_error() {
    let scenario = Scenario::new();
    let before = scenario.dump();
    let query = Query::new(ENV_ACCOUNT, "ENVIRONMENT_ACCOUNT");
    for (option, value) in [
        ("--page-size", "0"),
        ("--max-results", "0"),
        ("--max-results", "-3"),
    ] {
        query.run(&scenario, &[option, value]).expect(
            252,
            "",
            &format!(
                "\nParameter validation failed:\nInvalid value for parameter maxResults, value: \
                 {value}, valid min value: 1\n"
            ),
        );
    }
    assert_eq!(scenario.dump(), before);
}
