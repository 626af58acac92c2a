//! Model-based testing of the rules layer (issue 8): random sequences of every operation by
//! random callers (two environment accounts, two management accounts, a third account, two
//! regions), run against `proton_local::service` on a real database file and, step by step,
//! against a small model of CONTRACT.md sections 8 and 9 written here from the contract alone.
//! Each step must agree: the same error code, or the same connection (every field), or the same
//! list (all pages, in order). proptest shrinks a failing sequence to a minimal one.
//!
//! `PROPTEST_CASES=2000 cargo test --test model` runs longer searches.

use proptest::prelude::*;

use proton_local::service::{
    Caller, Connection, ConnectionIdInput, CreateConnectionInput, ListConnectionsInput, Proton,
    Reply, Request, Settings, Status, Timestamp, UpdateConnectionInput,
};
use proton_local::store::Store;

const ENV_A: &str = "111122223333";
const ENV_B: &str = "555566667777";
const MGMT_A: &str = "123456789012";
const MGMT_B: &str = "210987654321";
const THIRD: &str = "444455556666";
/// An account that none of the callers is: a role there is never the caller's.
const ELSEWHERE: &str = "999988887777";
const ACCOUNTS: [&str; 5] = [ENV_A, ENV_B, MGMT_A, MGMT_B, THIRD];
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];
const NAMES: [&str; 3] = ["alpha", "beta", "gamma"];
const TOKENS: [&str; 2] = ["token-1", "token-2"];
/// Small, so that sequences reach it.
const QUOTA: u64 = 4;
/// Step n runs at START + n seconds.
const START: i64 = 1_619_651_630_000;

/// Which role a create or update names.
#[derive(Debug, Clone, Copy)]
enum RoleChoice {
    /// No role at all.
    None,
    /// Role `n` in the caller's own account.
    Own(u8),
    /// A role in another account.
    Foreign,
}

/// Which connection an operation names: one made earlier in the run (any of the ones made so
/// far, deleted or not), or an id nobody made.
#[derive(Debug, Clone, Copy)]
enum Target {
    Made(proptest::sample::Index),
    Unknown,
}

#[derive(Debug, Clone)]
enum Step {
    Create {
        caller: usize,
        region: usize,
        management: usize,
        name: usize,
        role: RoleChoice,
        token: Option<usize>,
    },
    Accept(usize, usize, Target),
    Reject(usize, usize, Target),
    Get(usize, usize, Target),
    Delete(usize, usize, Target),
    Update(usize, usize, Target, RoleChoice),
    List {
        caller: usize,
        region: usize,
        management_side: bool,
        name: Option<usize>,
        statuses: Vec<Status>,
        page: Option<i64>,
    },
}

fn role_choice() -> impl Strategy<Value = RoleChoice> {
    prop_oneof![
        1 => Just(RoleChoice::None),
        6 => (1u8..=2).prop_map(RoleChoice::Own),
        1 => Just(RoleChoice::Foreign),
    ]
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        8 => any::<proptest::sample::Index>().prop_map(Target::Made),
        1 => Just(Target::Unknown),
    ]
}

fn caller() -> impl Strategy<Value = (usize, usize)> {
    // Mostly the first region, so that connections meet their accounts often.
    (
        0..ACCOUNTS.len(),
        prop_oneof![4 => Just(0usize), 1 => Just(1usize)],
    )
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (
            prop_oneof![3 => 0usize..2, 1 => 0..ACCOUNTS.len()],
            prop_oneof![4 => Just(0usize), 1 => Just(1usize)],
            prop_oneof![4 => 2usize..4, 1 => 0..ACCOUNTS.len()],
            0..NAMES.len(),
            role_choice(),
            proptest::option::weighted(0.3, 0..TOKENS.len()),
        )
            .prop_map(|(caller, region, management, name, role, token)| Step::Create {
                caller,
                region,
                management,
                name,
                role,
                token,
            }),
        3 => (caller(), target()).prop_map(|((c, r), t)| Step::Accept(c, r, t)),
        2 => (caller(), target()).prop_map(|((c, r), t)| Step::Reject(c, r, t)),
        2 => (caller(), target()).prop_map(|((c, r), t)| Step::Get(c, r, t)),
        2 => (caller(), target()).prop_map(|((c, r), t)| Step::Delete(c, r, t)),
        2 => (caller(), target(), role_choice()).prop_map(|((c, r), t, role)| Step::Update(c, r, t, role)),
        3 => (
            caller(),
            any::<bool>(),
            proptest::option::weighted(0.3, 0..NAMES.len()),
            proptest::sample::subsequence(vec![Status::Pending, Status::Connected, Status::Rejected], 0..=3),
            proptest::option::weighted(0.5, 1i64..4),
        )
            .prop_map(|((caller, region), management_side, name, statuses, page)| Step::List {
                caller,
                region,
                management_side,
                name,
                statuses,
                page,
            }),
    ]
}

/// The model's record of a connection: what CONTRACT.md says is kept.
#[derive(Debug, Clone, PartialEq)]
struct Record {
    id: String,
    region: String,
    environment: String,
    management: String,
    name: String,
    status: Status,
    role: String,
    requested_at: i64,
    last_modified_at: i64,
}

/// What a step answers, in terms both sides can be compared in.
#[derive(Debug, PartialEq)]
enum Answer {
    Refused(&'static str),
    One(Record),
    Many(Vec<Record>),
}

#[derive(Default)]
struct Model {
    /// Every connection made in the run, by creation order; `None` once deleted.
    made: Vec<Option<Record>>,
    /// The ids of `made`, deleted or not, so that a deleted id can be named again.
    ids: Vec<String>,
    /// The client token each connection was made with, by id.
    tokens: Vec<(String, &'static str)>,
}

fn role_arn(account: &str, n: u8) -> String {
    format!("arn:aws:iam::{account}:role/proton-{n}")
}

fn id_of(step: usize) -> String {
    format!("c0000000-0000-4000-8000-{step:012x}")
}

impl Model {
    fn id(&self, target: Target) -> String {
        match target {
            Target::Made(n) if !self.ids.is_empty() => self.ids[n.index(self.ids.len())].clone(),
            _ => "0eeeeeee-0000-4000-8000-000000000000".to_string(),
        }
    }

    /// The live record with `id` that the caller may see (section 8: anything else is not found).
    fn visible(&mut self, id: &str, account: &str, region: &str) -> Option<&mut Record> {
        self.made.iter_mut().flatten().find(|record| {
            record.id == id
                && record.region == region
                && (record.environment == account || record.management == account)
        })
    }

    fn apply(&mut self, index: usize, step: &Step) -> Answer {
        let now = START + index as i64 * 1000;
        match *step {
            Step::Create {
                caller,
                region,
                management,
                name,
                role,
                token,
            } => {
                let (account, region) = (ACCOUNTS[caller], REGIONS[region]);
                let management = ACCOUNTS[management];
                let role = match role {
                    _ if management == account => return Answer::Refused("ValidationException"),
                    RoleChoice::Own(n) => role_arn(account, n),
                    RoleChoice::None | RoleChoice::Foreign => {
                        return Answer::Refused("ValidationException")
                    }
                };
                let token = token.map(|t| TOKENS[t]);
                if let Some(token) = token {
                    let earlier = self.made.iter().flatten().find(|record| {
                        record.environment == account
                            && record.region == region
                            && self.tokens.contains(&(record.id.clone(), token))
                    });
                    if let Some(earlier) = earlier {
                        let same = earlier.management == management
                            && earlier.name == NAMES[name]
                            && earlier.role == role;
                        return match same {
                            true => Answer::One(earlier.clone()),
                            false => Answer::Refused("ValidationException"),
                        };
                    }
                }
                let live = self.made.iter().flatten();
                let mut mine = live.filter(|r| r.environment == account && r.region == region);
                if mine.clone().any(|r| {
                    r.management == management
                        && r.name == NAMES[name]
                        && r.status != Status::Rejected
                }) {
                    return Answer::Refused("ConflictException");
                }
                if mine.by_ref().count() as u64 >= QUOTA {
                    return Answer::Refused("ServiceQuotaExceededException");
                }
                let record = Record {
                    id: id_of(index),
                    region: region.to_string(),
                    environment: account.to_string(),
                    management: management.to_string(),
                    name: NAMES[name].to_string(),
                    status: Status::Pending,
                    role,
                    requested_at: now,
                    last_modified_at: now,
                };
                if let Some(token) = token {
                    self.tokens.push((record.id.clone(), token));
                }
                self.made.push(Some(record.clone()));
                self.ids.push(record.id.clone());
                Answer::One(record)
            }
            Step::Accept(caller, region, target) | Step::Reject(caller, region, target) => {
                let accept = matches!(step, Step::Accept(..));
                let (account, id) = (ACCOUNTS[caller], self.id(target));
                let Some(record) = self.visible(&id, account, REGIONS[region]) else {
                    return Answer::Refused("ResourceNotFoundException");
                };
                if record.management != account {
                    return Answer::Refused("AccessDeniedException");
                }
                match (accept, record.status) {
                    (true, Status::Rejected) => return Answer::Refused("ConflictException"),
                    (true, Status::Pending) => record.status = Status::Connected,
                    (false, Status::Pending | Status::Connected) => {
                        record.status = Status::Rejected
                    }
                    // Accepting a connected one, rejecting a rejected one: unchanged.
                    _ => return Answer::One(record.clone()),
                }
                record.last_modified_at = now;
                Answer::One(record.clone())
            }
            Step::Get(caller, region, target) => {
                let id = self.id(target);
                match self.visible(&id, ACCOUNTS[caller], REGIONS[region]) {
                    Some(record) => Answer::One(record.clone()),
                    None => Answer::Refused("ResourceNotFoundException"),
                }
            }
            Step::Update(caller, region, target, role) => {
                let (account, id) = (ACCOUNTS[caller], self.id(target));
                if matches!(role, RoleChoice::None) {
                    return Answer::Refused("ValidationException");
                }
                let Some(record) = self.visible(&id, account, REGIONS[region]) else {
                    return Answer::Refused("ResourceNotFoundException");
                };
                if record.environment != account {
                    return Answer::Refused("AccessDeniedException");
                }
                let RoleChoice::Own(n) = role else {
                    return Answer::Refused("ValidationException");
                };
                if record.status == Status::Rejected {
                    return Answer::Refused("ConflictException");
                }
                record.role = role_arn(account, n);
                record.last_modified_at = now;
                Answer::One(record.clone())
            }
            Step::Delete(caller, region, target) => {
                let (account, id) = (ACCOUNTS[caller], self.id(target));
                let Some(record) = self.visible(&id, account, REGIONS[region]) else {
                    return Answer::Refused("ResourceNotFoundException");
                };
                if record.environment != account {
                    return Answer::Refused("AccessDeniedException");
                }
                let record = record.clone();
                for slot in &mut self.made {
                    if slot.as_ref().is_some_and(|r| r.id == record.id) {
                        *slot = None;
                    }
                }
                Answer::One(record)
            }
            Step::List {
                caller,
                region,
                management_side,
                name,
                ref statuses,
                ..
            } => {
                let (account, region) = (ACCOUNTS[caller], REGIONS[region]);
                // Creation order is (requestedAt, id) order: both grow with the step.
                let listed = self.made.iter().flatten().filter(|record| {
                    record.region == region
                        && match management_side {
                            true => record.management == account,
                            false => record.environment == account,
                        }
                        && name.is_none_or(|n| record.name == NAMES[n])
                        && (statuses.is_empty() || statuses.contains(&record.status))
                });
                Answer::Many(listed.cloned().collect())
            }
        }
    }
}

/// A connection as the service returned it, in the model's terms. The other two roles are never
/// given, so they must stay absent.
fn record(connection: Connection) -> Record {
    assert_eq!(connection.roles.codebuild_role_arn, None);
    assert_eq!(connection.roles.component_role_arn, None);
    Record {
        id: connection.id,
        region: connection.region,
        environment: connection.environment_account_id,
        management: connection.management_account_id,
        name: connection.environment_name,
        status: connection.status,
        role: connection.roles.role_arn.unwrap_or_default(),
        requested_at: connection.requested_at.millis(),
        last_modified_at: connection.last_modified_at.millis(),
    }
}

/// Runs `step` on the real service.
fn run(store: &mut Store, model: &Model, index: usize, step: &Step) -> Answer {
    let settings = Settings {
        now: Some(Timestamp::from_millis(START + index as i64 * 1000)),
        next_id: Some(id_of(index)),
        quota: QUOTA,
        ..Settings::default()
    };
    let as_caller = |caller: usize, region: usize| Caller {
        account: ACCOUNTS[caller].to_string(),
        region: REGIONS[region].to_string(),
    };
    let role = |caller: usize, role: RoleChoice| match role {
        RoleChoice::None => None,
        RoleChoice::Own(n) => Some(role_arn(ACCOUNTS[caller], n)),
        RoleChoice::Foreign => Some(role_arn(ELSEWHERE, 9)),
    };
    let by_id = |target| ConnectionIdInput {
        id: model.id(target),
    };
    let (caller, request) = match *step {
        Step::Create {
            caller,
            region,
            management,
            name,
            role: choice,
            token,
        } => (
            as_caller(caller, region),
            Request::CreateEnvironmentAccountConnection(CreateConnectionInput {
                environment_name: NAMES[name].to_string(),
                management_account_id: ACCOUNTS[management].to_string(),
                role_arn: role(caller, choice),
                client_token: token.map(|t| TOKENS[t].to_string()),
                ..Default::default()
            }),
        ),
        Step::Accept(c, r, t) => (
            as_caller(c, r),
            Request::AcceptEnvironmentAccountConnection(by_id(t)),
        ),
        Step::Reject(c, r, t) => (
            as_caller(c, r),
            Request::RejectEnvironmentAccountConnection(by_id(t)),
        ),
        Step::Get(c, r, t) => (
            as_caller(c, r),
            Request::GetEnvironmentAccountConnection(by_id(t)),
        ),
        Step::Delete(c, r, t) => (
            as_caller(c, r),
            Request::DeleteEnvironmentAccountConnection(by_id(t)),
        ),
        Step::Update(c, r, t, choice) => (
            as_caller(c, r),
            Request::UpdateEnvironmentAccountConnection(UpdateConnectionInput {
                id: model.id(t),
                role_arn: role(c, choice),
                ..Default::default()
            }),
        ),
        Step::List {
            caller,
            region,
            management_side,
            name,
            ref statuses,
            page,
        } => {
            let caller = as_caller(caller, region);
            let mut input = ListConnectionsInput {
                requested_by: match management_side {
                    true => "MANAGEMENT_ACCOUNT",
                    false => "ENVIRONMENT_ACCOUNT",
                }
                .to_string(),
                environment_name: name.map(|n| NAMES[n].to_string()),
                statuses: statuses.iter().map(|s| s.as_str().to_string()).collect(),
                max_results: page,
                next_token: None,
            };
            // Every page, following the tokens; each page no longer than asked.
            let mut all = Vec::new();
            loop {
                let reply = Proton::new(store, &settings).call(
                    &caller,
                    Request::ListEnvironmentAccountConnections(input.clone()),
                );
                let page = match reply {
                    Ok(Reply::Page(page)) => page,
                    Ok(other) => panic!("a list answered {other:?}"),
                    Err(err) => return Answer::Refused(err.code().expect("a service error")),
                };
                if let Some(size) = page_size(&input) {
                    assert!(page.connections.len() <= size, "a page longer than {size}");
                    assert!(
                        page.next_token.is_none() || page.connections.len() == size,
                        "a short page before the last"
                    );
                }
                all.extend(page.connections.into_iter().map(record));
                match page.next_token {
                    Some(token) => input.next_token = Some(token),
                    None => return Answer::Many(all),
                }
            }
        }
    };
    match Proton::new(store, &settings).call(&caller, request) {
        Ok(Reply::Connection(connection)) => Answer::One(record(connection)),
        Ok(other) => panic!("{step:?} answered {other:?}"),
        Err(err) => {
            // Not found reads the same whether the id is unknown or hidden (section 8).
            if let (Some("ResourceNotFoundException"), Some(id)) =
                (err.code(), named_id(model, step))
            {
                assert_eq!(
                    err.to_string(),
                    format!(
                        "Environment account connection {id} was not found in {} for account {}.",
                        caller.region, caller.account
                    ),
                    "{step:?}"
                );
            }
            Answer::Refused(err.code().expect("a service error, not a local failure"))
        }
    }
}

/// The id a step names, when it names one.
fn named_id(model: &Model, step: &Step) -> Option<String> {
    match *step {
        Step::Accept(_, _, target)
        | Step::Reject(_, _, target)
        | Step::Get(_, _, target)
        | Step::Delete(_, _, target)
        | Step::Update(_, _, target, _) => Some(model.id(target)),
        Step::Create { .. } | Step::List { .. } => None,
    }
}

fn page_size(input: &ListConnectionsInput) -> Option<usize> {
    input.max_results.map(|n| n as usize)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_service_follows_the_contracts_model(steps in proptest::collection::vec(step(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("model.db")).unwrap();
        let mut model = Model::default();
        for (index, step) in steps.iter().enumerate() {
            // The real service first: it reads the model's ids of earlier steps.
            let real = run(&mut store, &model, index, step);
            let expected = model.apply(index, step);
            prop_assert_eq!(real, expected, "step {}: {:?}", index, step);
        }
    }
}
