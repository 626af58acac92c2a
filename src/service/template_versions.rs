//! The rules of an environment template's versions (CONTRACT.md section 11). A version belongs to
//! its template's account and region; everyone else is answered as for an unknown template. Its
//! source is recorded, not fetched, so registration is immediate: a new version is `DRAFT`.
//!
//! Recommended versions, as the model documents them: a version's `recommendedMinorVersion` is
//! the highest `PUBLISHED` minor version of its major version; the template's
//! `recommendedVersion` is the highest `PUBLISHED` `major.minor`. Both follow every publish and
//! delete.

use super::tags::validate_tags;
use super::templates::visible_template;
use super::validate::{self, Violations};
use super::{
    token, Caller, CreateTemplateVersionInput, EnvironmentTemplateVersion,
    ListTemplateVersionsInput, Proton, ServiceError, TemplateVersionInput, TemplateVersionPage,
    UpdateTemplateVersionInput, CLIENT_TOKEN_LIFETIME_MILLIS,
};
use crate::domain::{version_part_order, TEMPLATE_VERSION_STATUSES};
use crate::store::Tx;

const DRAFT: &str = "DRAFT";
pub(super) const PUBLISHED: &str = "PUBLISHED";

impl Proton<'_> {
    /// Registers a new version of the caller's template: in the major version given, else in
    /// the highest one it has ("1" for its first); the next minor version in that major ("0"
    /// first). A retry with the same client token and parameters, within eight hours, returns
    /// the version it made; other parameters with that token are a mismatch.
    pub fn create_template_version(
        &mut self,
        caller: &Caller,
        input: CreateTemplateVersionInput,
    ) -> Result<EnvironmentTemplateVersion, ServiceError> {
        validate_create(&input)?;
        let now = self.now();
        let request = canonical_request(&input);
        let source = input.source.s3.clone().unwrap_or_default();
        self.store.write(|tx| {
            visible_template(tx, caller, &input.template_name)?;
            if let Some(token) = &input.client_token {
                let since = now.millis() - CLIENT_TOKEN_LIFETIME_MILLIS;
                if let Some((earlier, earlier_request)) = tx.template_version_by_token(
                    &caller.region,
                    &caller.account,
                    &input.template_name,
                    token,
                    since,
                )? {
                    if earlier_request != request {
                        return Err(ServiceError::Validation(format!(
                            "Idempotent parameter mismatch: client token {token} was used to \
                             create version {} of environment template {} with other parameters.",
                            earlier.number(),
                            input.template_name
                        )));
                    }
                    let versions = tx.template_versions(
                        &caller.region,
                        &caller.account,
                        &input.template_name,
                    )?;
                    return find(&versions, &earlier.major_version, &earlier.minor_version)
                        .ok_or_else(|| not_found(caller, &input.template_name, &earlier.number()));
                }
            }
            let versions =
                tx.template_versions(&caller.region, &caller.account, &input.template_name)?;
            let major = match &input.major_version {
                Some(major) => major.clone(),
                None => versions
                    .last()
                    .map_or_else(|| "1".to_string(), |v| v.major_version.clone()),
            };
            let minor = versions
                .iter()
                .filter(|v| v.major_version == major)
                .map(|v| &v.minor_version)
                .max_by(|a, b| version_part_order(a, b))
                .map_or_else(|| "0".to_string(), |minor| increment(minor));
            let version = EnvironmentTemplateVersion {
                template_name: input.template_name.clone(),
                region: caller.region.clone(),
                account_id: caller.account.clone(),
                major_version: major,
                minor_version: minor,
                description: input.description.clone(),
                status: DRAFT.to_string(),
                recommended_minor_version: None,
                source_bucket: source.bucket.clone(),
                source_key: source.key.clone(),
                created_at: now,
                last_modified_at: now,
            };
            tx.insert_template_version(
                &version,
                input.client_token.as_deref(),
                &request,
                &input.tags,
            )?;
            let mut versions = versions;
            versions.push(version.clone());
            Ok(with_recommended(&versions, version))
        })
    }

    pub fn get_template_version(
        &mut self,
        caller: &Caller,
        input: TemplateVersionInput,
    ) -> Result<EnvironmentTemplateVersion, ServiceError> {
        validate_version_input(
            &input.template_name,
            &input.major_version,
            &input.minor_version,
        )?;
        self.store.read(|tx| {
            let (_, version) = visible_version(
                tx,
                caller,
                &input.template_name,
                &input.major_version,
                &input.minor_version,
            )?;
            Ok(version)
        })
    }

    /// Replaces the description given, and moves the status: `DRAFT` to `PUBLISHED` publishes
    /// the version (the recommended versions follow). A published version stays published.
    pub fn update_template_version(
        &mut self,
        caller: &Caller,
        input: UpdateTemplateVersionInput,
    ) -> Result<EnvironmentTemplateVersion, ServiceError> {
        validate_update(&input)?;
        let now = self.now();
        self.store.write(|tx| {
            let (mut versions, mut version) = visible_version(
                tx,
                caller,
                &input.template_name,
                &input.major_version,
                &input.minor_version,
            )?;
            if let Some(description) = &input.description {
                version.description = Some(description.clone());
            }
            if let Some(status) = &input.status {
                if version.status == PUBLISHED && status == DRAFT {
                    return Err(ServiceError::Conflict(format!(
                        "Version {} of environment template {} is PUBLISHED: a published \
                         version can't return to DRAFT.",
                        version.number(),
                        version.template_name
                    )));
                }
                version.status = status.clone();
            }
            version.last_modified_at = now;
            tx.update_template_version(&version)?;
            for stored in versions.iter_mut() {
                if stored.major_version == version.major_version
                    && stored.minor_version == version.minor_version
                {
                    *stored = version.clone();
                }
            }
            tx.set_recommended_version(
                &caller.region,
                &caller.account,
                &input.template_name,
                recommended_version(&versions).as_deref(),
            )?;
            Ok(with_recommended(&versions, version))
        })
    }

    /// Deletes a version and its tags, as the model documents: the template's recommended
    /// version only while it has no other version, its major version's recommended minor only
    /// while that major has no other minor. The answer is the version as it was just before.
    pub fn delete_template_version(
        &mut self,
        caller: &Caller,
        input: TemplateVersionInput,
    ) -> Result<EnvironmentTemplateVersion, ServiceError> {
        validate_version_input(
            &input.template_name,
            &input.major_version,
            &input.minor_version,
        )?;
        self.store.write(|tx| {
            let (versions, version) = visible_version(
                tx,
                caller,
                &input.template_name,
                &input.major_version,
                &input.minor_version,
            )?;
            let number = version.number();
            if recommended_version(&versions).as_deref() == Some(number.as_str())
                && versions.len() > 1
            {
                return Err(ServiceError::Conflict(format!(
                    "Version {number} is the recommended version of environment template {}, and \
                     the template has other versions: delete them first.",
                    version.template_name
                )));
            }
            let same_major = versions
                .iter()
                .filter(|v| v.major_version == version.major_version)
                .count();
            if version.recommended_minor_version.as_deref() == Some(version.minor_version.as_str())
                && same_major > 1
            {
                return Err(ServiceError::Conflict(format!(
                    "Version {number} is the recommended minor version of major version {} of \
                     environment template {}, and that major version has other minor versions: \
                     delete them first.",
                    version.major_version, version.template_name
                )));
            }
            // "A published version can't be deleted while an environment uses it" (issue 9).
            if let Some(environment) = tx.environment_using_version(
                &caller.region,
                &caller.account,
                &version.template_name,
                &version.major_version,
                &version.minor_version,
            )? {
                return Err(ServiceError::Conflict(format!(
                    "Version {number} of environment template {} is used by environment \
                     {environment}: delete the environment, or move it to another version, first.",
                    version.template_name
                )));
            }
            tx.delete_template_version(&version)?;
            let rest: Vec<EnvironmentTemplateVersion> = versions
                .into_iter()
                .filter(|v| v.number() != number)
                .collect();
            tx.set_recommended_version(
                &caller.region,
                &caller.account,
                &input.template_name,
                recommended_version(&rest).as_deref(),
            )?;
            Ok(version)
        })
    }

    /// The versions of one of the caller's templates (of one major version, when given), in
    /// numeric (major, minor) order; with `maxResults`, one page and a token while more remain.
    pub fn list_template_versions(
        &mut self,
        caller: &Caller,
        input: ListTemplateVersionsInput,
    ) -> Result<TemplateVersionPage, ServiceError> {
        let mut violations = Violations::new();
        violations.environment_name("templateName", &input.template_name);
        if let Some(major) = &input.major_version {
            violations.version_part("majorVersion", major);
        }
        if let Some(max_results) = input.max_results {
            violations.range("maxResults", max_results, 1, 100);
        }
        violations.into_result()?;
        // A token is good only for the query that made it: same caller, template and major.
        let query_identity = format!(
            "environment-template-versions\n{}\n{}\n{}\n{}",
            caller.account,
            caller.region,
            input.template_name,
            input.major_version.as_deref().unwrap_or("")
        );
        let page_size = input.max_results.map(|n| n as usize);
        self.store.read(|tx| {
            visible_template(tx, caller, &input.template_name)?;
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
                             nextToken of the previous page of ListEnvironmentTemplateVersions, \
                             for the same template and major version, as the same account in the \
                             same region."
                        ))
                    })?,
                ),
            };
            let all =
                tx.template_versions(&caller.region, &caller.account, &input.template_name)?;
            let mut versions: Vec<EnvironmentTemplateVersion> = all
                .iter()
                .filter(|v| {
                    input
                        .major_version
                        .as_ref()
                        .is_none_or(|major| &v.major_version == major)
                })
                .cloned()
                .map(|v| with_recommended(&all, v))
                .collect();
            if let Some(after) = &after {
                // The versions after the last one of the previous page, in the same order.
                let position = versions
                    .iter()
                    .position(|v| version_order(v, after) == std::cmp::Ordering::Greater)
                    .unwrap_or(versions.len());
                versions.drain(..position);
            }
            let next_token = match page_size {
                Some(n) if versions.len() > n => {
                    versions.truncate(n);
                    let last = versions.last().expect("a page of at least one");
                    Some(token::sign(&secret, &query_identity, &last.number()))
                }
                _ => None,
            };
            Ok(TemplateVersionPage {
                versions,
                next_token,
            })
        })
    }
}

/// `v` against the `major.minor` a page ended at, in numeric order.
fn version_order(v: &EnvironmentTemplateVersion, number: &str) -> std::cmp::Ordering {
    let (major, minor) = number.split_once('.').unwrap_or((number, ""));
    version_part_order(&v.major_version, major)
        .then_with(|| version_part_order(&v.minor_version, minor))
}

/// The version `major.minor` of the caller's template `name`, with all the template's versions
/// (their recommended minors filled in). Another account's, region's or an unknown one answers
/// as an unknown template or version.
fn visible_version(
    tx: &Tx,
    caller: &Caller,
    name: &str,
    major: &str,
    minor: &str,
) -> Result<(Vec<EnvironmentTemplateVersion>, EnvironmentTemplateVersion), ServiceError> {
    visible_template(tx, caller, name)?;
    let stored = tx.template_versions(&caller.region, &caller.account, name)?;
    let versions: Vec<EnvironmentTemplateVersion> = stored
        .iter()
        .cloned()
        .map(|v| with_recommended(&stored, v))
        .collect();
    let version = find(&versions, major, minor)
        .ok_or_else(|| not_found(caller, name, &format!("{major}.{minor}")))?;
    Ok((versions, version))
}

fn find(
    versions: &[EnvironmentTemplateVersion],
    major: &str,
    minor: &str,
) -> Option<EnvironmentTemplateVersion> {
    versions
        .iter()
        .find(|v| v.major_version == major && v.minor_version == minor)
        .cloned()
}

fn not_found(caller: &Caller, name: &str, number: &str) -> ServiceError {
    ServiceError::ResourceNotFound(format!(
        "Version {number} of environment template {name} was not found in {} for account {}.",
        caller.region, caller.account
    ))
}

/// `version` with its major version's recommended minor: the highest published one.
pub(super) fn with_recommended(
    versions: &[EnvironmentTemplateVersion],
    mut version: EnvironmentTemplateVersion,
) -> EnvironmentTemplateVersion {
    version.recommended_minor_version = versions
        .iter()
        .filter(|v| v.major_version == version.major_version && v.status == PUBLISHED)
        .map(|v| v.minor_version.clone())
        .max_by(|a, b| version_part_order(a, b));
    version
}

/// The template's recommended version: its highest published `major.minor`.
fn recommended_version(versions: &[EnvironmentTemplateVersion]) -> Option<String> {
    versions
        .iter()
        .filter(|v| v.status == PUBLISHED)
        .max_by(|a, b| {
            version_part_order(&a.major_version, &b.major_version)
                .then_with(|| version_part_order(&a.minor_version, &b.minor_version))
        })
        .map(EnvironmentTemplateVersion::number)
}

/// The next number after `part` (a `TemplateVersionPart`, which may be longer than any integer
/// type): decimal addition on its digits.
fn increment(part: &str) -> String {
    let mut digits: Vec<u8> = part.bytes().collect();
    for digit in digits.iter_mut().rev() {
        if *digit == b'9' {
            *digit = b'0';
        } else {
            *digit += 1;
            return String::from_utf8(digits).expect("digits");
        }
    }
    digits.insert(0, b'1');
    String::from_utf8(digits).expect("digits")
}

/// The create's parameters in one canonical text (tags in key order), so that a retry can be
/// compared with the request that made the version.
fn canonical_request(input: &CreateTemplateVersionInput) -> String {
    let mut input = input.clone();
    input.tags.sort_by(|a, b| a.key.cmp(&b.key));
    serde_json::to_string(&input).expect("inputs are plain data")
}

fn validate_version_input(name: &str, major: &str, minor: &str) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("templateName", name);
    violations.version_part("majorVersion", major);
    violations.version_part("minorVersion", minor);
    violations.into_result()
}

fn validate_create(input: &CreateTemplateVersionInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("templateName", &input.template_name);
    if let Some(major) = &input.major_version {
        violations.version_part("majorVersion", major);
    }
    if let Some(description) = &input.description {
        violations.sensitive_length("description", description, 0, 500);
    }
    if let Some(token) = &input.client_token {
        violations.client_token(token);
    }
    match &input.source.s3 {
        None => violations.rule(
            "The source must name a template bundle: give source.s3 with its bucket and key."
                .to_string(),
        ),
        Some(s3) => {
            if violations.length("source.s3.bucket", &s3.bucket, 3, 63) {
                violations.pattern(
                    "source.s3.bucket",
                    &s3.bucket,
                    validate::S3_BUCKET_PATTERN,
                    validate::is_s3_bucket,
                );
            }
            violations.length("source.s3.key", &s3.key, 1, 1024);
        }
    }
    validate_tags(&mut violations, &input.tags);
    violations.into_result()
}

fn validate_update(input: &UpdateTemplateVersionInput) -> Result<(), ServiceError> {
    let mut violations = Violations::new();
    violations.environment_name("templateName", &input.template_name);
    violations.version_part("majorVersion", &input.major_version);
    violations.version_part("minorVersion", &input.minor_version);
    if let Some(description) = &input.description {
        violations.sensitive_length("description", description, 0, 500);
    }
    if let Some(status) = &input.status {
        if !TEMPLATE_VERSION_STATUSES.contains(&status.as_str()) {
            violations.one_of("status", status, &TEMPLATE_VERSION_STATUSES, false);
        } else if status != DRAFT && status != PUBLISHED {
            violations.rule(format!(
                "Status {status} is set by registration, not by an update: give DRAFT or \
                 PUBLISHED."
            ));
        }
    }
    if input.description.is_none() && input.status.is_none() {
        violations.rule(
            "At least one of description and status must be given to update an environment \
             template version."
                .to_string(),
        );
    }
    violations.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_part_counts_on_past_any_integer() {
        assert_eq!(increment("0"), "1");
        assert_eq!(increment("9"), "10");
        assert_eq!(increment("199"), "200");
        assert_eq!(increment("99999999999999999999"), "100000000000000000000");
    }
}
