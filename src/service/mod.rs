//! The rules of CONTRACT.md: who may do what to a connection, its lifecycle, and the validation
//! of every input. It knows nothing of clap, HTTP or terminals: the command line and the server
//! both hand it a `Caller` and a typed `Request`, and get a `Reply` or a `ServiceError` back.

mod error;
mod inputs;
mod tags;
pub(crate) mod token;
pub mod validate;

pub use crate::domain::{
    partition_of, Caller, Connection, PageKey, RequestedBy, Roles, Status, Tag, Timestamp,
};
pub use crate::store::StoreError;
pub use error::ServiceError;
pub use inputs::{
    ConnectionIdInput, ConnectionPage, CreateConnectionInput, ListConnectionsInput, ListTagsInput,
    TagPage, TagResourceInput, UntagResourceInput, UpdateConnectionInput,
};

use std::ops::ControlFlow;

use crate::store::{Inserted, ListQuery, Store, Tx};
use validate::Violations;

/// The operations, by their AWS API names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    CreateEnvironmentAccountConnection,
    AcceptEnvironmentAccountConnection,
    RejectEnvironmentAccountConnection,
    GetEnvironmentAccountConnection,
    UpdateEnvironmentAccountConnection,
    DeleteEnvironmentAccountConnection,
    ListEnvironmentAccountConnections,
    TagResource,
    UntagResource,
    ListTagsForResource,
}

impl Operation {
    pub const ALL: [Operation; 10] = [
        Operation::CreateEnvironmentAccountConnection,
        Operation::AcceptEnvironmentAccountConnection,
        Operation::RejectEnvironmentAccountConnection,
        Operation::GetEnvironmentAccountConnection,
        Operation::UpdateEnvironmentAccountConnection,
        Operation::DeleteEnvironmentAccountConnection,
        Operation::ListEnvironmentAccountConnections,
        Operation::TagResource,
        Operation::UntagResource,
        Operation::ListTagsForResource,
    ];

    /// The API name, as in `X-Amz-Target` and in `when calling the <Operation> operation`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateEnvironmentAccountConnection => "CreateEnvironmentAccountConnection",
            Operation::AcceptEnvironmentAccountConnection => "AcceptEnvironmentAccountConnection",
            Operation::RejectEnvironmentAccountConnection => "RejectEnvironmentAccountConnection",
            Operation::GetEnvironmentAccountConnection => "GetEnvironmentAccountConnection",
            Operation::UpdateEnvironmentAccountConnection => "UpdateEnvironmentAccountConnection",
            Operation::DeleteEnvironmentAccountConnection => "DeleteEnvironmentAccountConnection",
            Operation::ListEnvironmentAccountConnections => "ListEnvironmentAccountConnections",
            Operation::TagResource => "TagResource",
            Operation::UntagResource => "UntagResource",
            Operation::ListTagsForResource => "ListTagsForResource",
        }
    }

    /// Whether a successful call changes what is stored.
    pub fn writes(self) -> bool {
        !matches!(
            self,
            Operation::GetEnvironmentAccountConnection
                | Operation::ListEnvironmentAccountConnections
                | Operation::ListTagsForResource
        )
    }

    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// One call of an operation, with its input. It serializes as the input alone: the operation
/// travels beside the body (`X-Amz-Target`), not in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Request {
    Create(CreateConnectionInput),
    Accept(ConnectionIdInput),
    Reject(ConnectionIdInput),
    Get(ConnectionIdInput),
    Update(UpdateConnectionInput),
    Delete(ConnectionIdInput),
    List(ListConnectionsInput),
    Tag(TagResourceInput),
    Untag(UntagResourceInput),
    ListTags(ListTagsInput),
}

impl Request {
    pub fn operation(&self) -> Operation {
        match self {
            Request::Create(_) => Operation::CreateEnvironmentAccountConnection,
            Request::Accept(_) => Operation::AcceptEnvironmentAccountConnection,
            Request::Reject(_) => Operation::RejectEnvironmentAccountConnection,
            Request::Get(_) => Operation::GetEnvironmentAccountConnection,
            Request::Update(_) => Operation::UpdateEnvironmentAccountConnection,
            Request::Delete(_) => Operation::DeleteEnvironmentAccountConnection,
            Request::List(_) => Operation::ListEnvironmentAccountConnections,
            Request::Tag(_) => Operation::TagResource,
            Request::Untag(_) => Operation::UntagResource,
            Request::ListTags(_) => Operation::ListTagsForResource,
        }
    }
}

/// What an operation answers: one connection, a page of them, a page of tags, or nothing (the
/// model's empty output structures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Connection(Connection),
    Page(ConnectionPage),
    Tags(TagPage),
    Empty,
}

/// The clock, the id source and the quota an invocation runs with (CONTRACT.md sections 4, 9).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Every timestamp written is this instant, when set.
    pub now: Option<Timestamp>,
    /// The id of the connection the next create makes, when set; else a random UUID v4.
    pub next_id: Option<String>,
    /// Connections per environment account per region.
    pub quota: u64,
}

pub const DEFAULT_QUOTA: u64 = 1000;

/// A client token is honoured for eight hours, as the service documents.
const CLIENT_TOKEN_LIFETIME_MILLIS: i64 = 8 * 60 * 60 * 1000;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            now: None,
            next_id: None,
            quota: DEFAULT_QUOTA,
        }
    }
}

/// Which of its two accounts a caller is to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Environment,
    Management,
}

/// The service, for one or more requests on one open database.
pub struct Proton<'a> {
    store: &'a mut Store,
    settings: &'a Settings,
}

impl<'a> Proton<'a> {
    pub fn new(store: &'a mut Store, settings: &'a Settings) -> Self {
        Proton { store, settings }
    }

    /// Runs one request as `caller`.
    pub fn call(&mut self, caller: &Caller, request: Request) -> Result<Reply, ServiceError> {
        match request {
            Request::Create(input) => self.create_connection(caller, input).map(Reply::Connection),
            Request::Accept(input) => self
                .accept_connection(caller, &input.id)
                .map(Reply::Connection),
            Request::Reject(input) => self
                .reject_connection(caller, &input.id)
                .map(Reply::Connection),
            Request::Get(input) => self
                .get_connection(caller, &input.id)
                .map(Reply::Connection),
            Request::Update(input) => self.update_connection(caller, input).map(Reply::Connection),
            Request::Delete(input) => self
                .delete_connection(caller, &input.id)
                .map(Reply::Connection),
            Request::List(input) => self.list_connections(caller, input).map(Reply::Page),
            Request::Tag(input) => self.tag_resource(caller, input).map(|()| Reply::Empty),
            Request::Untag(input) => self.untag_resource(caller, input).map(|()| Reply::Empty),
            Request::ListTags(input) => self.list_tags(caller, input).map(Reply::Tags),
        }
    }

    fn now(&self) -> Timestamp {
        self.settings.now.unwrap_or_else(Timestamp::now)
    }

    fn new_id(&self) -> String {
        match &self.settings.next_id {
            Some(id) => id.clone(),
            None => uuid::Uuid::new_v4().to_string(),
        }
    }

    /// The environment account asks a management account to connect; it starts `PENDING`.
    pub fn create_connection(
        &mut self,
        caller: &Caller,
        input: CreateConnectionInput,
    ) -> Result<Connection, ServiceError> {
        validate_create(caller, &input)?;
        let now = self.now();
        let quota = self.settings.quota;
        let connection = Connection {
            id: self.new_id(),
            region: caller.region.clone(),
            environment_account_id: caller.account.clone(),
            management_account_id: input.management_account_id.clone(),
            environment_name: input.environment_name.clone(),
            status: Status::Pending,
            roles: input.roles(),
            requested_at: now,
            last_modified_at: now,
        };
        self.store.write(|tx| {
            if let Some(token) = &input.client_token {
                if let Some(earlier) = tx.connection_by_client_token(&caller.region, &caller.account, token)? {
                    if now.millis() - earlier.requested_at.millis() < CLIENT_TOKEN_LIFETIME_MILLIS {
                        return repeat_of(tx, earlier, &input, token);
                    }
                }
            }
            if let Some(open) = tx.open_connection_for(
                &caller.region,
                &caller.account,
                &input.management_account_id,
                &input.environment_name,
            )? {
                return Err(ServiceError::Conflict(format!(
                    "An environment account connection for environment {} from account {} to management \
                     account {} already exists in {}: {} ({}). Use it, or delete it before asking again.",
                    open.environment_name,
                    open.environment_account_id,
                    open.management_account_id,
                    open.region,
                    open.id,
                    open.status.as_str()
                )));
            }
            if tx.count_connections(&caller.region, &caller.account)? >= quota {
                return Err(ServiceError::ServiceQuotaExceeded(format!(
                    "Account {} has reached its quota of {quota} environment account connections in {}. \
                     Delete connections it no longer needs.",
                    caller.account, caller.region
                )));
            }
            if self.settings.next_id.is_some() && tx.connection(&connection.id)?.is_some() {
                return Err(taken_id(&connection.id));
            }
            let what = match tx.insert_connection(
                &connection,
                input.client_token.as_deref(),
                &input.tags,
            )? {
                Inserted::Stored => return Ok(connection),
                Inserted::DuplicateId => format!(
                    "an environment account connection with id {} already exists",
                    connection.id
                ),
                Inserted::DuplicateOpen => format!(
                    "an open environment account connection for environment {} from account {} \
                     to management account {} already exists in {}",
                    connection.environment_name,
                    connection.environment_account_id,
                    connection.management_account_id,
                    connection.region
                ),
            };
            Err(ServiceError::Conflict(format!(
                "Cannot create the connection: {what}."
            )))
        })
    }

    /// The management account accepts: `PENDING` becomes `CONNECTED`.
    pub fn accept_connection(
        &mut self,
        caller: &Caller,
        id: &str,
    ) -> Result<Connection, ServiceError> {
        validate_id(id)?;
        let now = self.now();
        let operation = Operation::AcceptEnvironmentAccountConnection;
        self.store.write(|tx| {
            let connection = visible_connection(tx, caller, id)?;
            require(caller, &connection, operation, Side::Management)?;
            match connection.status {
                Status::Connected => Ok(connection),
                Status::Rejected => Err(ServiceError::Conflict(format!(
                    "Environment account connection {id} was rejected and can't be accepted. \
                     The environment account must create a new connection."
                ))),
                Status::Pending => transition(tx, connection, Status::Connected, now),
            }
        })
    }

    /// The management account rejects: the connection is dead for good.
    pub fn reject_connection(
        &mut self,
        caller: &Caller,
        id: &str,
    ) -> Result<Connection, ServiceError> {
        validate_id(id)?;
        let now = self.now();
        let operation = Operation::RejectEnvironmentAccountConnection;
        self.store.write(|tx| {
            let connection = visible_connection(tx, caller, id)?;
            require(caller, &connection, operation, Side::Management)?;
            if connection.status == Status::Rejected {
                return Ok(connection);
            }
            // CONTRACT.md sections 9 and 11: a connection that an environment uses can't be
            // rejected. Environments are not modelled yet; when they are, find the environment
            // using `connection` here, in this transaction, and answer ServiceError::Conflict
            // naming it ("delete the environment first").
            transition(tx, connection, Status::Rejected, now)
        })
    }

    pub fn get_connection(
        &mut self,
        caller: &Caller,
        id: &str,
    ) -> Result<Connection, ServiceError> {
        validate_id(id)?;
        self.store.read(|tx| visible_connection(tx, caller, id))
    }

    /// The environment account replaces the roles it names; the others stay.
    pub fn update_connection(
        &mut self,
        caller: &Caller,
        input: UpdateConnectionInput,
    ) -> Result<Connection, ServiceError> {
        validate_update(&input)?;
        let now = self.now();
        let operation = Operation::UpdateEnvironmentAccountConnection;
        self.store.write(|tx| {
            let mut connection = visible_connection(tx, caller, &input.id)?;
            require(caller, &connection, operation, Side::Environment)?;
            let mut violations = Violations::new();
            validate_role_accounts(
                &mut violations,
                &connection.environment_account_id,
                &input.roles(),
            );
            violations.into_result()?;
            if connection.status == Status::Rejected {
                return Err(ServiceError::Conflict(format!(
                    "Environment account connection {} was rejected and can't be updated. \
                     Create a new connection instead.",
                    input.id
                )));
            }
            connection.roles = connection.roles.replaced_by(&input.roles());
            connection.last_modified_at = now;
            tx.set_roles(&input.id, &connection.roles, now)?;
            Ok(connection)
        })
    }

    /// The environment account deletes, whatever the status; the answer is the connection as it
    /// was just before.
    pub fn delete_connection(
        &mut self,
        caller: &Caller,
        id: &str,
    ) -> Result<Connection, ServiceError> {
        validate_id(id)?;
        let operation = Operation::DeleteEnvironmentAccountConnection;
        self.store.write(|tx| {
            let connection = visible_connection(tx, caller, id)?;
            require(caller, &connection, operation, Side::Environment)?;
            tx.delete_connection(&connection)?;
            Ok(connection)
        })
    }

    /// The caller's connections in its region, from the side it names, in (requestedAt, id) order.
    pub fn list_connections(
        &mut self,
        caller: &Caller,
        input: ListConnectionsInput,
    ) -> Result<ConnectionPage, ServiceError> {
        let mut connections = Vec::new();
        let next_token = self.visit_connections(caller, input, |connection| {
            connections.push(connection);
            ControlFlow::Continue(())
        })?;
        Ok(ConnectionPage {
            connections,
            next_token,
        })
    }

    /// What `list_connections` answers, handed to `visit` one connection at a time as it is
    /// read, so that a list of every match (no `maxResults`) is never held in memory whole.
    /// Returns the page's `nextToken`. `visit` may stop early; nothing more is read then.
    pub fn visit_connections(
        &mut self,
        caller: &Caller,
        input: ListConnectionsInput,
        mut visit: impl FnMut(Connection) -> ControlFlow<()>,
    ) -> Result<Option<String>, ServiceError> {
        let (side, statuses) = validate_list(&input)?;
        // A token is good only for the query that made it: same caller, side and filters.
        let mut status_names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        status_names.sort_unstable();
        let query_identity = format!(
            "{}\n{}\n{}\n{}\n{}",
            caller.account,
            caller.region,
            side.as_str(),
            input.environment_name.as_deref().unwrap_or("\u{0}"),
            status_names.join(",")
        );
        let page_size = input.max_results.map(|n| n as usize);
        self.store.read(|tx| {
            // Read once, and only when a token is read or may be written.
            let secret = match (&input.next_token, page_size) {
                (None, None) => Vec::new(),
                _ => tx.token_secret()?,
            };
            let after = match &input.next_token {
                None => None,
                Some(next_token) => {
                    let key = token::decode(&secret, &query_identity, next_token).ok_or_else(|| {
                        ServiceError::Validation(format!(
                            "The nextToken '{next_token}' was not issued for this query. Pass the nextToken \
                             of the previous page, with the same requestedBy, environmentName and statuses."
                        ))
                    })?;
                    Some(key)
                }
            };
            let mut visited = 0;
            let mut last = None;
            let mut more = false;
            tx.each_connection(
                &ListQuery {
                    side,
                    account: &caller.account,
                    region: &caller.region,
                    environment_name: input.environment_name.as_deref(),
                    statuses: &statuses,
                    after: after.as_ref(),
                    // One more than asked for says whether another page follows.
                    limit: page_size.map(|n| n + 1),
                },
                |connection| {
                    let Some(page_size) = page_size else {
                        return visit(connection);
                    };
                    if visited == page_size {
                        more = true;
                        return ControlFlow::Break(());
                    }
                    visited += 1;
                    last = Some(PageKey {
                        requested_at: connection.requested_at,
                        id: connection.id.clone(),
                    });
                    visit(connection)
                },
            )?;
            Ok(match (more, last) {
                (true, Some(key)) => Some(token::encode(&secret, &query_identity, &key)),
                _ => None,
            })
        })
    }
}

/// Moves a connection to `status` at `now`, in the database and in hand.
fn transition(
    tx: &Tx,
    mut connection: Connection,
    status: Status,
    now: Timestamp,
) -> Result<Connection, ServiceError> {
    tx.set_status(&connection.id, status, now)?;
    connection.status = status;
    connection.last_modified_at = now;
    Ok(connection)
}

/// A repeated create with a client token: the same parameters get the connection the first
/// request made; different ones are a mismatch.
fn repeat_of(
    tx: &Tx,
    earlier: Connection,
    input: &CreateConnectionInput,
    token: &str,
) -> Result<Connection, ServiceError> {
    let mut asked_tags = input.tags.clone();
    asked_tags.sort_by(|a, b| a.key.cmp(&b.key));
    let same = earlier.environment_name == input.environment_name
        && earlier.management_account_id == input.management_account_id
        && earlier.roles == input.roles()
        && tx.tags(&earlier.arn())? == asked_tags;
    if same {
        Ok(earlier)
    } else {
        Err(ServiceError::Validation(format!(
            "Idempotent parameter mismatch: client token {token} was first used for environment account \
             connection {} with other parameters. Use a new client token for a new request.",
            earlier.id
        )))
    }
}

/// The connection with `id`, if the caller may see it. A connection in another region or of two
/// other accounts answers exactly as one that does not exist: existence is never leaked.
fn visible_connection(tx: &Tx, caller: &Caller, id: &str) -> Result<Connection, ServiceError> {
    tx.connection(id)?
        .filter(|connection| connection.is_visible_to(caller))
        .ok_or_else(|| {
            ServiceError::ResourceNotFound(format!(
                "Environment account connection {id} was not found in {} for account {}.",
                caller.region, caller.account
            ))
        })
}

/// A create whose pinned id (PROTON_LOCAL_NEXT_ID) is taken. Ids are unique across the whole
/// file, so the taken one may be another account's or another region's: the refusal is the
/// same whoever holds it, and says nothing of that connection. Only whoever may pin ids can ask
/// (the command line's user, who has the file, or a server's operator and the clients it lets).
fn taken_id(id: &str) -> ServiceError {
    ServiceError::Conflict(format!(
        "Cannot create the connection: PROTON_LOCAL_NEXT_ID pins its id to {id}, which is taken. \
         Ids are unique across every account and region of the database: pin another id, or \
         unset PROTON_LOCAL_NEXT_ID for a random one."
    ))
}

/// The table of CONTRACT.md section 8: accept and reject are the management account's, update,
/// delete and tagging the environment account's; the other one gets an IAM-style refusal.
fn require(
    caller: &Caller,
    connection: &Connection,
    operation: Operation,
    allowed: Side,
) -> Result<(), ServiceError> {
    let side = if caller.account == connection.environment_account_id {
        Side::Environment
    } else {
        Side::Management
    };
    if side == allowed {
        return Ok(());
    }
    let who = match allowed {
        Side::Management => format!(
            "only the management account {} can accept or reject this connection",
            connection.management_account_id
        ),
        Side::Environment => format!(
            "only the environment account {} can {} this connection",
            connection.environment_account_id,
            match operation {
                Operation::TagResource
                | Operation::UntagResource
                | Operation::ListTagsForResource => "tag, untag or list the tags of",
                _ => "update or delete",
            }
        ),
    };
    Err(ServiceError::AccessDenied(format!(
        "User: {} is not authorized to perform: proton:{} on resource: {} ({who})",
        caller.principal_arn(),
        operation.name(),
        connection.arn()
    )))
}

fn validate_id(id: &str) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.connection_id(id);
    violations.into_result()
}

/// Each role's ARN must follow the model's pattern.
fn validate_role_arns(violations: &mut Violations, roles: &Roles) -> bool {
    roles.named().fold(true, |valid, (member, arn)| {
        violations.role_arn(member, arn) && valid
    })
}

/// Each role must be a role of the connection's environment account. Checked only once the caller
/// is known to be that account, so that no one else learns anything from the answer.
fn validate_role_accounts(
    violations: &mut Violations,
    environment_account_id: &str,
    roles: &Roles,
) {
    for (member, arn) in roles.named() {
        let account = validate::role_account(arn);
        if account != environment_account_id {
            violations.rule(format!(
                "{member} {arn} is a role in account {account}; it must be a role in the environment account {environment_account_id}."
            ));
        }
    }
}

fn validate_tags(violations: &mut Violations, tags: &[Tag]) {
    if tags.len() > 50 {
        violations.rule(format!(
            "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50 (it has {}).",
            tags.len()
        ));
    }
    // A set, not a look back over the earlier tags: a request may bring tens of thousands of
    // tags, and comparing each with every earlier one took seconds before the refusal.
    let mut seen = std::collections::HashSet::with_capacity(tags.len().min(64));
    for (index, tag) in tags.iter().enumerate() {
        let at = index + 1;
        violations.length(&format!("tags.{at}.member.key"), &tag.key, 1, 128);
        violations.length(&format!("tags.{at}.member.value"), &tag.value, 0, 256);
        if tag.key.starts_with("aws:") {
            violations.rule(format!(
                "Tag key '{}' starts with 'aws:', which is reserved for AWS's own tags.",
                tag.key
            ));
        }
        if !seen.insert(tag.key.as_str()) {
            violations.rule(format!("Tag key '{}' is given more than once.", tag.key));
        }
    }
}

fn validate_create(caller: &Caller, input: &CreateConnectionInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("environmentName", &input.environment_name);
    if violations.account_id("managementAccountId", &input.management_account_id)
        && input.management_account_id == caller.account
    {
        violations.rule(format!(
            "managementAccountId {} is the calling account; a connection joins the environment account \
             to another account, its management account.",
            input.management_account_id
        ));
    }
    if input.role_arn.is_none() && input.codebuild_role_arn.is_none() {
        violations.rule(
            "roleArn or codebuildRoleArn must be given: the connection needs a role in the environment \
             account to provision with."
                .to_string(),
        );
    }
    let roles = input.roles();
    if validate_role_arns(&mut violations, &roles) {
        // The caller becomes the environment account.
        validate_role_accounts(&mut violations, &caller.account, &roles);
    }
    if let Some(token) = &input.client_token {
        violations.client_token(token);
    }
    validate_tags(&mut violations, &input.tags);
    violations.into_result()
}

fn validate_update(input: &UpdateConnectionInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.connection_id(&input.id);
    let roles = input.roles();
    if roles.is_empty() {
        violations.rule(
            "At least one of roleArn, codebuildRoleArn and componentRoleArn must be given to update a connection."
                .to_string(),
        );
    }
    validate_role_arns(&mut violations, &roles);
    violations.into_result()
}

fn validate_list(input: &ListConnectionsInput) -> Result<(RequestedBy, Vec<Status>), ServiceError> {
    let mut violations = Violations::new();
    let side = RequestedBy::parse(&input.requested_by);
    let allowed_sides = RequestedBy::ALL.map(RequestedBy::as_str);
    violations.one_of(
        "requestedBy",
        &input.requested_by,
        &allowed_sides,
        side.is_some(),
    );
    if let Some(name) = &input.environment_name {
        violations.environment_name("environmentName", name);
    }
    let mut statuses = Vec::new();
    let allowed_statuses = Status::ALL.map(Status::as_str);
    for (index, text) in input.statuses.iter().enumerate() {
        let status = Status::parse(text);
        violations.one_of(
            &format!("statuses.{}.member", index + 1),
            text,
            &allowed_statuses,
            status.is_some(),
        );
        statuses.extend(status.filter(|status| !statuses.contains(status)));
    }
    if let Some(max_results) = input.max_results {
        violations.range("maxResults", max_results, 1, 100);
    }
    violations.into_result()?;
    Ok((side.expect("validated above"), statuses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(keys: &[&str]) -> Vec<Tag> {
        keys.iter()
            .map(|key| Tag {
                key: key.to_string(),
                value: String::new(),
            })
            .collect()
    }

    fn tag_violations(tags: &[Tag]) -> String {
        let mut violations = Violations::new();
        validate_tags(&mut violations, tags);
        match violations.into_result() {
            Ok(()) => String::new(),
            Err(err) => err.to_string(),
        }
    }

    /// Each repeat of a key is named once, where it repeats, in the order given.
    #[test]
    fn every_repeat_of_a_tag_key_is_reported_in_order() {
        assert_eq!(
            tag_violations(&tags(&["a", "b", "a", "c", "b", "a"])),
            "3 validation errors detected: Tag key 'a' is given more than once.; \
             Tag key 'b' is given more than once.; Tag key 'a' is given more than once."
        );
        assert_eq!(tag_violations(&tags(&["a", "A", "b"])), "");
    }

    /// The M9 request of issue 8: tens of thousands of distinct tags get the one count refusal
    /// (the look for repeats is a set, so this returns at once).
    #[test]
    fn forty_thousand_tags_get_the_count_refusal_alone() {
        let keys: Vec<String> = (0..40_500).map(|i| format!("k{i:05}")).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert_eq!(
            tag_violations(&tags(&keys)),
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must \
             have length less than or equal to 50 (it has 40500)."
        );
    }
}
