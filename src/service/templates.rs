//! The rules of an environment template (CONTRACT.md section 11): a record of the management
//! account that creates it, in its region. Other accounts and regions see nothing, as for a name
//! that does not exist. Its versions (`template_versions.rs`) set its `recommendedVersion`, and
//! keep it from being deleted while it has any.

use super::tags::validate_tags;
use super::validate::Violations;
use super::{
    token, Caller, CreateTemplateInput, EnvironmentTemplate, ListTemplatesInput, Proton,
    ServiceError, TemplateNameInput, TemplatePage, UpdateTemplateInput,
};
use crate::domain::PROVISIONING;
use crate::store::Tx;

impl Proton<'_> {
    /// Creates a template in the caller's account and region. An idempotent create, as the
    /// service documents it: the same request again returns the template unchanged while no
    /// update has changed it (`ConflictException` once one has); a different request for a name
    /// in use is an `Idempotent parameter mismatch` (`ValidationException`).
    pub fn create_template(
        &mut self,
        caller: &Caller,
        input: CreateTemplateInput,
    ) -> Result<EnvironmentTemplate, ServiceError> {
        validate_create(&input)?;
        let now = self.now();
        let quota = self.settings.template_quota;
        let template = EnvironmentTemplate {
            name: input.name.clone(),
            region: caller.region.clone(),
            account_id: caller.account.clone(),
            display_name: input.display_name.clone(),
            description: input.description.clone(),
            encryption_key: input.encryption_key.clone(),
            provisioning: input.provisioning.clone(),
            recommended_version: None,
            created_at: now,
            last_modified_at: now,
        };
        let request = canonical_request(&input);
        self.store.write(|tx| {
            if let Some(existing) = repeat_of(tx, caller, &input.name, &request)? {
                return Ok(existing);
            }
            if tx.count_templates(&caller.region, &caller.account)? >= quota {
                return Err(ServiceError::ServiceQuotaExceeded(format!(
                    "Account {} has reached its quota of {quota} environment templates in {}. \
                     Delete templates it no longer needs.",
                    caller.account, caller.region
                )));
            }
            if tx.insert_template(&template, &request, &input.tags)? {
                Ok(template)
            } else {
                // Not reached: the look-up above ran in this same write transaction.
                Err(mismatch(&input.name))
            }
        })
    }

    pub fn get_template(
        &mut self,
        caller: &Caller,
        input: TemplateNameInput,
    ) -> Result<EnvironmentTemplate, ServiceError> {
        validate_name(&input.name)?;
        self.store
            .read(|tx| visible_template(tx, caller, &input.name))
    }

    /// Replaces the display name and the description given; the others stay.
    pub fn update_template(
        &mut self,
        caller: &Caller,
        input: UpdateTemplateInput,
    ) -> Result<EnvironmentTemplate, ServiceError> {
        validate_update(&input)?;
        let now = self.now();
        self.store.write(|tx| {
            let mut template = visible_template(tx, caller, &input.name)?;
            if let Some(display_name) = &input.display_name {
                template.display_name = Some(display_name.clone());
            }
            if let Some(description) = &input.description {
                template.description = Some(description.clone());
            }
            template.last_modified_at = now;
            tx.update_template(&template)?;
            Ok(template)
        })
    }

    /// Deletes the template and its tags; the answer is the template as it was just before.
    pub fn delete_template(
        &mut self,
        caller: &Caller,
        input: TemplateNameInput,
    ) -> Result<EnvironmentTemplate, ServiceError> {
        validate_name(&input.name)?;
        self.store.write(|tx| {
            let template = visible_template(tx, caller, &input.name)?;
            // "A template with versions can't be deleted" (issue 9).
            let versions = tx.template_versions(&caller.region, &caller.account, &input.name)?;
            if !versions.is_empty() {
                let numbers: Vec<String> = versions.iter().map(|v| v.number()).collect();
                return Err(ServiceError::Conflict(format!(
                    "Environment template {} has versions ({}): delete them first.",
                    input.name,
                    numbers.join(", ")
                )));
            }
            tx.delete_template(&template)?;
            Ok(template)
        })
    }

    /// The caller's templates in its region, in name order; with `maxResults`, one page and a
    /// token while more remain.
    pub fn list_templates(
        &mut self,
        caller: &Caller,
        input: ListTemplatesInput,
    ) -> Result<TemplatePage, ServiceError> {
        let mut violations = Violations::new();
        if let Some(max_results) = input.max_results {
            violations.range("maxResults", max_results, 1, 100);
        }
        violations.into_result()?;
        // A token is good only for the query that made it: same caller.
        let query_identity = format!(
            "environment-templates\n{}\n{}",
            caller.account, caller.region
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
                             nextToken of the previous page of ListEnvironmentTemplates, as the \
                             same account in the same region."
                        ))
                    })?,
                ),
            };
            // One more than asked for says whether another page follows.
            let mut templates = tx.templates_page(
                &caller.region,
                &caller.account,
                after.as_deref(),
                page_size.map(|n| n + 1),
            )?;
            let next_token = match page_size {
                Some(n) if templates.len() > n => {
                    templates.truncate(n);
                    let last = templates.last().expect("a page of at least one");
                    Some(token::sign(&secret, &query_identity, &last.name))
                }
                _ => None,
            };
            Ok(TemplatePage {
                templates,
                next_token,
            })
        })
    }
}

/// The template `name`, if the caller may see it: its own, in its region. Any other answers
/// exactly as a name that does not exist.
pub(super) fn visible_template(
    tx: &Tx,
    caller: &Caller,
    name: &str,
) -> Result<EnvironmentTemplate, ServiceError> {
    tx.template(&caller.region, &caller.account, name)?
        .filter(|template| template.is_visible_to(caller))
        .ok_or_else(|| {
            ServiceError::ResourceNotFound(format!(
                "Environment template {name} was not found in {} for account {}.",
                caller.region, caller.account
            ))
        })
}

/// A create of a name the caller already has: the template when the request is the one that
/// made it and nothing has changed it since; else the refusal the service documents.
fn repeat_of(
    tx: &Tx,
    caller: &Caller,
    name: &str,
    request: &str,
) -> Result<Option<EnvironmentTemplate>, ServiceError> {
    let Some(origin) = tx.template_origin(&caller.region, &caller.account, name)? else {
        return Ok(None);
    };
    if origin.create_request != request {
        return Err(mismatch(name));
    }
    if origin.updated {
        return Err(ServiceError::Conflict(format!(
            "Environment template {name} has been updated since it was created, so this create \
             can't return it unchanged. Use GetEnvironmentTemplate to read it."
        )));
    }
    visible_template(tx, caller, name).map(Some)
}

fn mismatch(name: &str) -> ServiceError {
    ServiceError::Validation(format!(
        "Idempotent parameter mismatch: environment template {name} already exists with other \
         parameters. Choose another name, or change it with UpdateEnvironmentTemplate."
    ))
}

/// The create's parameters in one canonical text (tags in key order), so that a retry can be
/// compared with the request that made the template.
fn canonical_request(input: &CreateTemplateInput) -> String {
    let mut input = input.clone();
    input.tags.sort_by(|a, b| a.key.cmp(&b.key));
    serde_json::to_string(&input).expect("inputs are plain data")
}

fn validate_name(name: &str) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", name);
    violations.into_result()
}

fn validate_display_name_and_description(
    violations: &mut Violations,
    display_name: &Option<String>,
    description: &Option<String>,
) {
    if let Some(display_name) = display_name {
        violations.sensitive_length("displayName", display_name, 1, 100);
    }
    if let Some(description) = description {
        violations.sensitive_length("description", description, 0, 500);
    }
}

fn validate_create(input: &CreateTemplateInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", &input.name);
    validate_display_name_and_description(&mut violations, &input.display_name, &input.description);
    if let Some(key) = &input.encryption_key {
        violations.arn("encryptionKey", key);
    }
    if let Some(provisioning) = &input.provisioning {
        violations.one_of(
            "provisioning",
            provisioning,
            &PROVISIONING,
            PROVISIONING.contains(&provisioning.as_str()),
        );
    }
    validate_tags(&mut violations, &input.tags);
    violations.into_result()
}

fn validate_update(input: &UpdateTemplateInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("name", &input.name);
    if input.display_name.is_none() && input.description.is_none() {
        violations.rule(
            "At least one of displayName and description must be given to update an environment \
             template."
                .to_string(),
        );
    }
    validate_display_name_and_description(&mut violations, &input.display_name, &input.description);
    violations.into_result()
}
