//! The rules of an environment (CONTRACT.md section 11): a record of the management account that
//! creates it, in its region, made from a `PUBLISHED` version of one of its templates. Other
//! accounts (the environment account included) and other regions see nothing, as for a name
//! that does not exist. Deployments finish at once.
//!
//! An environment made on an environment account connection provisions in the connection's
//! environment account. While it uses the connection, the connection can't be rejected
//! (`connections.rs`); the connection can be deleted, and then the environment refuses every
//! update until one points it at a new `CONNECTED` connection from the same environment account
//! for the same environment name (the reference spec, section 6.8).

use super::connections::visible_connection;
use super::tags::validate_tags;
use super::template_versions::{with_recommended, PUBLISHED};
use super::templates::visible_template;
use super::validate::{self, Violations};
use super::{
    token, Caller, Connection, CreateEnvironmentInput, Environment, EnvironmentNameInput,
    EnvironmentPage, EnvironmentTemplateVersion, ListEnvironmentsInput, Proton,
    RepositoryBranchInput, ServiceError, Status, UpdateEnvironmentInput,
};
use crate::domain::{version_part_order, DELETE_COMPLETE, DEPLOYMENT_TYPES, SUCCEEDED};
use crate::store::Tx;

/// The model's `RepositoryProvider`.
const REPOSITORY_PROVIDERS: [&str; 3] = ["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"];

/// The model's `RepositoryName` pattern, unanchored as the model's patterns are: an `owner/name`.
const REPOSITORY_NAME_PATTERN: &str = "[A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*";

/// Whether `name` matches REPOSITORY_NAME_PATTERN somewhere: a `/` right before one of the
/// pattern's characters, with one of them before it too and no line break between (`.` matches
/// none).
fn is_repository_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-".contains(c);
    let chars: Vec<char> = name.chars().collect();
    chars.iter().enumerate().any(|(slash, &c)| {
        c == '/'
            && chars[..slash]
                .iter()
                .rev()
                .take_while(|&&c| c != '\n')
                .any(|&c| allowed(c))
            && chars.get(slash + 1).is_some_and(|&c| allowed(c))
    })
}

impl Proton<'_> {
    /// Creates an environment in the caller's account and region from a published version of
    /// one of its templates, deployed at once. An idempotent create, as for templates: the same
    /// request again returns the environment while no update has changed it.
    pub fn create_environment(
        &mut self,
        caller: &Caller,
        input: CreateEnvironmentInput,
    ) -> Result<Environment, ServiceError> {
        validate_create(&input)?;
        let now = self.now();
        let quota = self.settings.environment_quota;
        let request = canonical_request(&input);
        self.store.write(|tx| {
            if let Some(existing) = repeat_of(tx, caller, &input.name, &request)? {
                return Ok(existing);
            }
            if let Some(repository) = &input.provisioning_repository {
                return Err(unknown_repository(caller, repository));
            }
            if tx.count_environments(&caller.region, &caller.account)? >= quota {
                return Err(ServiceError::ServiceQuotaExceeded(format!(
                    "Account {} has reached its quota of {quota} environments in {}. Delete \
                     environments it no longer needs.",
                    caller.account, caller.region
                )));
            }
            // The connection first: its rules are about who calls, from where.
            let connection = match &input.environment_account_connection_id {
                Some(id) => Some(usable_connection(tx, caller, id, &input.name)?),
                None => None,
            };
            let template = visible_template(tx, caller, &input.template_name)?;
            if let Some(provisioning) = &template.provisioning {
                // Self-managed: the model wants a repository (never found here, above) and no
                // connection or service role; connections provision with CloudFormation only.
                let instead = match connection.is_some() || input.proton_service_role_arn.is_some()
                {
                    true => {
                        "can't be used with environmentAccountConnectionId or \
                             protonServiceRoleArn"
                    }
                    false => "needs provisioningRepository",
                };
                return Err(ServiceError::Validation(format!(
                    "Environment template {} provisions through a repository ({provisioning}): \
                     an environment of it {instead}.",
                    template.name
                )));
            }
            let version = published_version(
                tx,
                caller,
                &input.template_name,
                &input.template_major_version,
                input.template_minor_version.as_deref(),
            )?;
            let environment = Environment {
                name: input.name.clone(),
                region: caller.region.clone(),
                account_id: caller.account.clone(),
                description: input.description.clone(),
                spec: input.spec.clone(),
                template_name: input.template_name.clone(),
                template_major_version: version.major_version,
                template_minor_version: version.minor_version,
                environment_account_connection_id: connection.as_ref().map(|c| c.id.clone()),
                environment_account_id: connection.map(|c| c.environment_account_id),
                proton_service_role_arn: input.proton_service_role_arn.clone(),
                codebuild_role_arn: input.codebuild_role_arn.clone(),
                component_role_arn: input.component_role_arn.clone(),
                provisioning: template.provisioning,
                deployment_status: SUCCEEDED.to_string(),
                created_at: now,
                last_deployment_attempted_at: now,
                last_deployment_succeeded_at: now,
            };
            if tx.insert_environment(&environment, &request, &input.tags)? {
                Ok(environment)
            } else {
                // Not reached: the look-up above ran in this same write transaction.
                Err(mismatch(&input.name))
            }
        })
    }

    pub fn get_environment(
        &mut self,
        caller: &Caller,
        input: EnvironmentNameInput,
    ) -> Result<Environment, ServiceError> {
        validate_name(&input.name)?;
        self.store
            .read(|tx| visible_environment(tx, caller, &input.name))
    }

    /// Replaces the members given and, but for `NONE`, deploys at once: the same version
    /// (`CURRENT_VERSION`), a minor version of the same major (`MINOR_VERSION`), or a higher
    /// major version (`MAJOR_VERSION`); by default the recommended one.
    pub fn update_environment(
        &mut self,
        caller: &Caller,
        input: UpdateEnvironmentInput,
    ) -> Result<Environment, ServiceError> {
        validate_update(&input)?;
        let now = self.now();
        self.store.write(|tx| {
            let mut environment = visible_environment(tx, caller, &input.name)?;
            if input.provisioning_repository.is_some() {
                return Err(ServiceError::Validation(format!(
                    "Environment {} uses AWS-managed provisioning: omit provisioningRepository.",
                    environment.name
                )));
            }
            match (
                environment.environment_account_connection_id.clone(),
                &input.environment_account_connection_id,
            ) {
                (None, Some(id)) => {
                    return Err(ServiceError::Validation(format!(
                        "Environment {} isn't associated with an environment account connection, \
                         so it can't be connected to {id}: omit environmentAccountConnectionId.",
                        environment.name
                    )))
                }
                (None, None) => {}
                (Some(_), _) if input.proton_service_role_arn.is_some() => {
                    return Err(ServiceError::Validation(format!(
                        "Environment {} is associated with an environment account connection: \
                         omit protonServiceRoleArn.",
                        environment.name
                    )))
                }
                (Some(current), None) => {
                    // Still the connection it was made on (an id pinned with
                    // PROTON_LOCAL_NEXT_ID may come back on another connection).
                    let live = tx.connection(&current)?.is_some_and(|connection| {
                        connection.status == Status::Connected && environment.uses(&connection)
                    });
                    if !live {
                        return Err(unmanageable(&environment, &current));
                    }
                }
                (Some(_), Some(id)) => {
                    let connection = usable_connection(tx, caller, id, &environment.name)?;
                    let account = environment.environment_account_id.as_deref().unwrap_or("");
                    if connection.environment_account_id != account {
                        return Err(ServiceError::Validation(format!(
                            "Environment account connection {id} is from environment account \
                             {}, but environment {} provisions in environment account {account}: \
                             use a connection from that account.",
                            connection.environment_account_id, environment.name
                        )));
                    }
                    environment.environment_account_connection_id = Some(connection.id);
                }
            }
            let current_major = environment.template_major_version.clone();
            let version = match input.deployment_type.as_str() {
                "MINOR_VERSION" => {
                    let major = input
                        .template_major_version
                        .as_deref()
                        .unwrap_or(&current_major);
                    if major != current_major {
                        return Err(ServiceError::Validation(format!(
                            "MINOR_VERSION stays in major version {current_major}, which \
                             environment {} uses: give MAJOR_VERSION to move to major version \
                             {major}.",
                            environment.name
                        )));
                    }
                    Some(published_version(
                        tx,
                        caller,
                        &environment.template_name,
                        major,
                        input.template_minor_version.as_deref(),
                    )?)
                }
                "MAJOR_VERSION" => {
                    // The major given, else the one of the template's recommended version.
                    let major = match &input.template_major_version {
                        Some(major) => major.clone(),
                        None => {
                            let template =
                                visible_template(tx, caller, &environment.template_name)?;
                            let recommended = template.recommended_version.ok_or_else(|| {
                                ServiceError::Validation(format!(
                                    "Environment template {} has no PUBLISHED version.",
                                    environment.template_name
                                ))
                            })?;
                            let (major, _) = recommended
                                .split_once('.')
                                .unwrap_or((recommended.as_str(), ""));
                            major.to_string()
                        }
                    };
                    if version_part_order(&major, &current_major).is_le() {
                        let which = match &input.template_major_version {
                            Some(_) => format!("{major} is not"),
                            None => {
                                format!("the template's recommended major version, {major}, is not")
                            }
                        };
                        return Err(ServiceError::Validation(format!(
                            "MAJOR_VERSION moves to a major version higher than \
                             {current_major}, which environment {} uses; {which}.",
                            environment.name
                        )));
                    }
                    Some(published_version(
                        tx,
                        caller,
                        &environment.template_name,
                        &major,
                        input.template_minor_version.as_deref(),
                    )?)
                }
                _ => None,
            };
            if let Some(version) = version {
                environment.template_major_version = version.major_version;
                environment.template_minor_version = version.minor_version;
            }
            if let Some(description) = &input.description {
                environment.description = Some(description.clone());
            }
            if let Some(spec) = &input.spec {
                environment.spec = spec.clone();
            }
            if let Some(role) = &input.proton_service_role_arn {
                environment.proton_service_role_arn = Some(role.clone());
            }
            if let Some(role) = &input.codebuild_role_arn {
                environment.codebuild_role_arn = Some(role.clone());
            }
            if let Some(role) = &input.component_role_arn {
                environment.component_role_arn = Some(role.clone());
            }
            if input.deployment_type != "NONE" {
                environment.deployment_status = SUCCEEDED.to_string();
                environment.last_deployment_attempted_at = now;
                environment.last_deployment_succeeded_at = now;
            }
            tx.update_environment(&environment)?;
            Ok(environment)
        })
    }

    /// Deletes the environment and its tags, at once: the answer is the environment as it was,
    /// its deployment status `DELETE_COMPLETE`. Its connection, if any, may be rejected again.
    pub fn delete_environment(
        &mut self,
        caller: &Caller,
        input: EnvironmentNameInput,
    ) -> Result<Environment, ServiceError> {
        validate_name(&input.name)?;
        self.store.write(|tx| {
            let mut environment = visible_environment(tx, caller, &input.name)?;
            tx.delete_environment(&environment)?;
            environment.deployment_status = DELETE_COMPLETE.to_string();
            Ok(environment)
        })
    }

    /// The caller's environments in its region, in name order (those of the template major
    /// versions given, when filtered); with `maxResults`, one page and a token while more
    /// remain.
    pub fn list_environments(
        &mut self,
        caller: &Caller,
        input: ListEnvironmentsInput,
    ) -> Result<EnvironmentPage, ServiceError> {
        let mut violations = Violations::new();
        for (index, filter) in input.environment_templates.iter().enumerate() {
            let at = index + 1;
            violations.environment_name(
                &format!("environmentTemplates.{at}.member.templateName"),
                &filter.template_name,
            );
            violations.version_part(
                &format!("environmentTemplates.{at}.member.majorVersion"),
                &filter.major_version,
            );
        }
        if let Some(max_results) = input.max_results {
            violations.range("maxResults", max_results, 1, 100);
        }
        violations.into_result()?;
        // A token is good only for the query that made it: same caller and filters.
        let filters: Vec<String> = input
            .environment_templates
            .iter()
            .map(|f| format!("{}:{}", f.template_name, f.major_version))
            .collect();
        let query_identity = format!(
            "environments\n{}\n{}\n{}",
            caller.account,
            caller.region,
            filters.join(",")
        );
        let page_size = input.max_results.map(|n| n as usize);
        self.store.read(|tx| {
            let secret = match (&input.next_token, page_size) {
                (None, None) => Vec::new(),
                _ => tx.token_secret()?,
            };
            let after = match &input.next_token {
                None => None,
                Some(next_token) => Some(
                    token::verify(&secret, &query_identity, next_token).ok_or_else(|| {
                        ServiceError::Validation(format!(
                            "The nextToken '{next_token}' was not issued for this query. Pass the \
                             nextToken of the previous page of ListEnvironments, with the same \
                             environmentTemplates, as the same account in the same region."
                        ))
                    })?,
                ),
            };
            let templates: Vec<(&str, &str)> = input
                .environment_templates
                .iter()
                .map(|f| (f.template_name.as_str(), f.major_version.as_str()))
                .collect();
            // One more than the page: whether there is a next one.
            let mut environments = tx.environments_after(
                &caller.region,
                &caller.account,
                after.as_deref(),
                &templates,
                page_size.map(|n| n + 1),
            )?;
            let next_token = match page_size {
                Some(n) if environments.len() > n => {
                    environments.truncate(n);
                    let last = environments.last().expect("a page of at least one");
                    Some(token::sign(&secret, &query_identity, &last.name))
                }
                _ => None,
            };
            Ok(EnvironmentPage {
                environments,
                next_token,
            })
        })
    }
}

/// The environment `name`, if the caller may see it: its own, in its region. Any other answers
/// exactly as a name that does not exist.
pub(super) fn visible_environment(
    tx: &Tx,
    caller: &Caller,
    name: &str,
) -> Result<Environment, ServiceError> {
    tx.environment(&caller.region, &caller.account, name)?
        .filter(|environment| environment.is_visible_to(caller))
        .ok_or_else(|| {
            ServiceError::ResourceNotFound(format!(
                "Environment {name} was not found in {} for account {}.",
                caller.region, caller.account
            ))
        })
}

/// The `PUBLISHED` version `major.minor` of the caller's template `name`; without a minor, the
/// recommended (highest published) minor of `major`. A template, major or version that does not
/// exist is not found; one that is not published is a `ValidationException`.
fn published_version(
    tx: &Tx,
    caller: &Caller,
    name: &str,
    major: &str,
    minor: Option<&str>,
) -> Result<EnvironmentTemplateVersion, ServiceError> {
    visible_template(tx, caller, name)?;
    let versions = tx.template_versions(&caller.region, &caller.account, name)?;
    let of_major: Vec<&EnvironmentTemplateVersion> = versions
        .iter()
        .filter(|v| v.major_version == major)
        .collect();
    let version = match minor {
        Some(minor) => of_major
            .iter()
            .find(|v| v.minor_version == minor)
            .copied()
            .ok_or_else(|| {
                ServiceError::ResourceNotFound(format!(
                    "Version {major}.{minor} of environment template {name} was not found in {} \
                     for account {}.",
                    caller.region, caller.account
                ))
            })?,
        None => {
            if of_major.is_empty() {
                return Err(ServiceError::ResourceNotFound(format!(
                    "Environment template {name} has no major version {major} in {} for account \
                     {}.",
                    caller.region, caller.account
                )));
            }
            let recommended = with_recommended(&versions, of_major[0].clone())
                .recommended_minor_version
                .ok_or_else(|| {
                    ServiceError::Validation(format!(
                        "Major version {major} of environment template {name} has no PUBLISHED \
                         minor version: publish one with update-environment-template-version \
                         --status PUBLISHED."
                    ))
                })?;
            of_major
                .iter()
                .find(|v| v.minor_version == recommended)
                .copied()
                .expect("the recommended minor is one of the major's")
        }
    };
    if version.status != PUBLISHED {
        return Err(ServiceError::Validation(format!(
            "Version {} of environment template {name} is {}: an environment needs a PUBLISHED \
             version. Publish it with update-environment-template-version --status PUBLISHED.",
            version.number(),
            version.status
        )));
    }
    Ok(version.clone())
}

/// The connection `id`, if the caller may build the environment `name` on it: the connection's
/// management account, in its region, the connection `CONNECTED` and for that environment name.
fn usable_connection(
    tx: &Tx,
    caller: &Caller,
    id: &str,
    name: &str,
) -> Result<Connection, ServiceError> {
    let connection = visible_connection(tx, caller, id)?;
    if connection.management_account_id != caller.account {
        return Err(ServiceError::Validation(format!(
            "Environment account connection {id} was requested by account {} as its environment \
             account: only its management account, {}, can create or update an environment on \
             it.",
            caller.account, connection.management_account_id
        )));
    }
    if connection.status != Status::Connected {
        return Err(ServiceError::Conflict(format!(
            "Environment account connection {id} is {}: an environment can only use a CONNECTED \
             connection.",
            connection.status.as_str()
        )));
    }
    if connection.environment_name != name {
        return Err(ServiceError::Validation(format!(
            "Environment account connection {id} is for environment {}, not {name}: a connection \
             can only be used by the environment it names.",
            connection.environment_name
        )));
    }
    Ok(connection)
}

/// The refusal of every update of an environment whose connection was deleted (spec 6.8).
fn unmanageable(environment: &Environment, connection_id: &str) -> ServiceError {
    ServiceError::Validation(format!(
        "Environment {} can't be managed: its environment account connection {connection_id} was \
         deleted. Give environmentAccountConnectionId of a new CONNECTED connection from \
         environment account {} for environment {}.",
        environment.name,
        environment.environment_account_id.as_deref().unwrap_or(""),
        environment.name
    ))
}

/// proton-local keeps no linked repositories (`CreateRepository` is not emulated), so the one a
/// self-managed environment names is never found.
fn unknown_repository(caller: &Caller, repository: &RepositoryBranchInput) -> ServiceError {
    ServiceError::ResourceNotFound(format!(
        "Repository {}:{} was not found in {} for account {}: proton-local keeps no linked \
         repositories, so self-managed provisioning is not emulated.",
        repository.provider, repository.name, caller.region, caller.account
    ))
}

/// A create of a name the caller already has: the environment when the request is the one that
/// made it and nothing has changed it since; else the refusal the service documents.
fn repeat_of(
    tx: &Tx,
    caller: &Caller,
    name: &str,
    request: &str,
) -> Result<Option<Environment>, ServiceError> {
    let Some(origin) = tx.environment_origin(&caller.region, &caller.account, name)? else {
        return Ok(None);
    };
    if origin.create_request != request {
        return Err(mismatch(name));
    }
    if origin.updated {
        return Err(ServiceError::Conflict(format!(
            "Environment {name} has been updated since it was created, so this create can't \
             return it unchanged. Use GetEnvironment to read it."
        )));
    }
    visible_environment(tx, caller, name).map(Some)
}

fn mismatch(name: &str) -> ServiceError {
    ServiceError::Validation(format!(
        "Idempotent parameter mismatch: environment {name} already exists with other parameters. \
         Choose another name, or change it with UpdateEnvironment."
    ))
}

/// The create's parameters in one canonical text (tags in key order).
fn canonical_request(input: &CreateEnvironmentInput) -> String {
    let mut input = input.clone();
    input.tags.sort_by(|a, b| a.key.cmp(&b.key));
    serde_json::to_string(&input).expect("inputs are plain data")
}

fn validate_name(name: &str) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", name);
    violations.into_result()
}

/// The members create and update share.
fn validate_common(
    violations: &mut Violations,
    description: &Option<String>,
    connection_id: &Option<String>,
    service_role: &Option<String>,
    codebuild_role: &Option<String>,
    component_role: &Option<String>,
    repository: &Option<RepositoryBranchInput>,
) {
    if let Some(description) = description {
        violations.sensitive_length("description", description, 0, 500);
    }
    if let Some(id) = connection_id {
        violations.pattern(
            "environmentAccountConnectionId",
            id,
            validate::CONNECTION_ID_PATTERN,
            validate::is_connection_id,
        );
    }
    if let Some(role) = service_role {
        violations.arn("protonServiceRoleArn", role);
    }
    if let Some(role) = codebuild_role {
        violations.role_arn("codebuildRoleArn", role);
    }
    if let Some(role) = component_role {
        violations.role_arn("componentRoleArn", role);
    }
    if let Some(repository) = repository {
        violations.length("provisioningRepository.branch", &repository.branch, 1, 200);
        if violations.length("provisioningRepository.name", &repository.name, 1, 100) {
            violations.pattern(
                "provisioningRepository.name",
                &repository.name,
                REPOSITORY_NAME_PATTERN,
                is_repository_name,
            );
        }
        violations.one_of(
            "provisioningRepository.provider",
            &repository.provider,
            &REPOSITORY_PROVIDERS,
            REPOSITORY_PROVIDERS.contains(&repository.provider.as_str()),
        );
    }
    if connection_id.is_some() && service_role.is_some() {
        violations.rule(
            "environmentAccountConnectionId and protonServiceRoleArn can't both be given: an \
             environment on a connection provisions with the connection's role."
                .to_string(),
        );
    }
    if repository.is_some() && (connection_id.is_some() || service_role.is_some()) {
        violations.rule(
            "provisioningRepository is for self-managed provisioning: omit \
             environmentAccountConnectionId and protonServiceRoleArn with it."
                .to_string(),
        );
    }
}

fn validate_create(input: &CreateEnvironmentInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", &input.name);
    violations.environment_name("templateName", &input.template_name);
    violations.version_part("templateMajorVersion", &input.template_major_version);
    if let Some(minor) = &input.template_minor_version {
        violations.version_part("templateMinorVersion", minor);
    }
    violations.sensitive_length("spec", &input.spec, 1, 51200);
    validate_common(
        &mut violations,
        &input.description,
        &input.environment_account_connection_id,
        &input.proton_service_role_arn,
        &input.codebuild_role_arn,
        &input.component_role_arn,
        &input.provisioning_repository,
    );
    validate_tags(&mut violations, &input.tags);
    violations.into_result()
}

fn validate_update(input: &UpdateEnvironmentInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", &input.name);
    violations.one_of(
        "deploymentType",
        &input.deployment_type,
        &DEPLOYMENT_TYPES,
        DEPLOYMENT_TYPES.contains(&input.deployment_type.as_str()),
    );
    if let Some(major) = &input.template_major_version {
        violations.version_part("templateMajorVersion", major);
    }
    if let Some(minor) = &input.template_minor_version {
        violations.version_part("templateMinorVersion", minor);
    }
    if let Some(spec) = &input.spec {
        violations.sensitive_length("spec", spec, 1, 51200);
    }
    validate_common(
        &mut violations,
        &input.description,
        &input.environment_account_connection_id,
        &input.proton_service_role_arn,
        &input.codebuild_role_arn,
        &input.component_role_arn,
        &input.provisioning_repository,
    );
    let versions_given =
        input.template_major_version.is_some() || input.template_minor_version.is_some();
    if versions_given && matches!(input.deployment_type.as_str(), "NONE" | "CURRENT_VERSION") {
        violations.rule(format!(
            "Don't include templateMajorVersion or templateMinorVersion with deploymentType {}: \
             give MINOR_VERSION or MAJOR_VERSION to change the template version.",
            input.deployment_type
        ));
    }
    violations.into_result()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_repository_name_is_an_owner_and_a_name() {
        for name in [
            "owner/repo",
            "a/b",
            "my-org/my.repo_1",
            "x y/z",
            "//a/b",
            "a//b",
        ] {
            assert!(super::is_repository_name(name), "{name}");
        }
        for name in [
            "bad",
            "/repo",
            "owner/",
            "owner/ repo",
            "a\n/b",
            " /b",
            "é/b",
        ] {
            assert!(!super::is_repository_name(name), "{name:?}");
        }
    }
}
