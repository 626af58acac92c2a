//! The rules of a connection: who may ask, accept, reject, update and delete it (CONTRACT.md
//! section 8), its lifecycle (section 9), and what a list of them shows.

use std::ops::ControlFlow;

use super::tags::validate_tags;
use super::validate::{self, Violations};
use super::{
    token, Caller, Connection, ConnectionIdInput, ConnectionPage, CreateConnectionInput,
    ListConnectionsInput, Operation, PageKey, Proton, RequestedBy, Roles, ServiceError, Status,
    Timestamp, UpdateConnectionInput, CLIENT_TOKEN_LIFETIME_MILLIS,
};
use crate::domain::{StatusChange, DELETED};
use crate::store::{Inserted, ListQuery, Tx};

/// Which of its two accounts a caller is to a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Environment,
    Management,
}

impl Proton<'_> {
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
                Inserted::Stored => {
                    record_change(tx, &connection, Status::Pending.as_str(), None, now)?;
                    return Ok(connection);
                }
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
        input: ConnectionIdInput,
    ) -> Result<Connection, ServiceError> {
        let id = input.id.as_str();
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
        input: ConnectionIdInput,
    ) -> Result<Connection, ServiceError> {
        let id = input.id.as_str();
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
            // rejected until that environment is deleted.
            // The one environment that can use it is the one of its name, in its management
            // account and region.
            let user = tx
                .environment(
                    &connection.region,
                    &connection.management_account_id,
                    &connection.environment_name,
                )?
                .filter(|environment| environment.uses(&connection));
            if let Some(environment) = user {
                return Err(ServiceError::Conflict(format!(
                    "Environment account connection {id} is used by environment {}: delete the \
                     environment first, then reject the connection.",
                    environment.name
                )));
            }
            transition(tx, connection, Status::Rejected, now)
        })
    }

    pub fn get_connection(
        &mut self,
        caller: &Caller,
        input: ConnectionIdInput,
    ) -> Result<Connection, ServiceError> {
        let id = input.id.as_str();
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
        input: ConnectionIdInput,
    ) -> Result<Connection, ServiceError> {
        let id = input.id.as_str();
        validate_id(id)?;
        let operation = Operation::DeleteEnvironmentAccountConnection;
        let now = self.now();
        self.store.write(|tx| {
            let connection = visible_connection(tx, caller, id)?;
            require(caller, &connection, operation, Side::Environment)?;
            tx.delete_connection(&connection)?;
            record_change(tx, &connection, DELETED, Some(connection.status), now)?;
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
    record_change(
        tx,
        &connection,
        status.as_str(),
        Some(connection.status),
        now,
    )?;
    connection.status = status;
    connection.last_modified_at = now;
    Ok(connection)
}

/// Records one status change of `connection`, in the transaction that makes it: every change
/// is one event, and an event is never kept for a change that was rolled back.
fn record_change(
    tx: &Tx,
    connection: &Connection,
    status: &str,
    previous: Option<Status>,
    now: Timestamp,
) -> Result<(), ServiceError> {
    tx.record_event(&StatusChange {
        seq: 0,
        time: now,
        region: connection.region.clone(),
        environment_account_id: connection.environment_account_id.clone(),
        management_account_id: connection.management_account_id.clone(),
        connection_id: connection.id.clone(),
        status: status.to_string(),
        previous_status: previous.map(|status| status.as_str().to_string()),
    })?;
    Ok(())
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
pub(super) fn visible_connection(
    tx: &Tx,
    caller: &Caller,
    id: &str,
) -> Result<Connection, ServiceError> {
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
pub(super) fn require(
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
