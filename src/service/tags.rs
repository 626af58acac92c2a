//! Tags on a resource, by its ARN (CONTRACT.md section 11, "Tags"): `TagResource`,
//! `UntagResource`, `ListTagsForResource`. Only the resource's owner may use them: for a
//! connection that is its environment account, whose id is in the ARN; for an environment
//! template and its versions, the account that created the template; for an environment, its
//! management account, which created it.

use super::connections::{require, Side};
use super::validate::{self, Violations};
use super::{
    token, Caller, Connection, ListTagsInput, Operation, Proton, ServiceError, Tag, TagPage,
    TagResourceInput, UntagResourceInput,
};
use crate::store::Tx;

/// The model's limit on the tags of one resource (`TagList`, max 50).
const MAX_TAGS: usize = 50;

impl Proton<'_> {
    /// Merges the given tags into the resource's: a key it already has takes the new value.
    pub fn tag_resource(
        &mut self,
        caller: &Caller,
        input: TagResourceInput,
    ) -> Result<(), ServiceError> {
        let mut violations = Violations::new();
        violations.arn("resourceArn", &input.resource_arn);
        validate_tags(&mut violations, &input.tags);
        violations.into_result()?;
        let arn = &input.resource_arn;
        self.store.write(|tx| {
            owned_resource(tx, caller, arn, Operation::TagResource)?;
            let existing = tx.tags(arn)?;
            let added = input
                .tags
                .iter()
                .filter(|tag| !existing.iter().any(|old| old.key == tag.key))
                .count();
            let total = existing.len() + added;
            if total > MAX_TAGS {
                return Err(ServiceError::Validation(format!(
                    "Resource {arn} has {} tags, and this request would make it {total}: a resource \
                     can have at most {MAX_TAGS} tags. Untag some first.",
                    existing.len()
                )));
            }
            Ok(tx.insert_tags(arn, &input.tags)?)
        })
    }

    /// Removes the tags with the given keys; a key the resource lacks is not an error.
    pub fn untag_resource(
        &mut self,
        caller: &Caller,
        input: UntagResourceInput,
    ) -> Result<(), ServiceError> {
        let mut violations = Violations::new();
        violations.arn("resourceArn", &input.resource_arn);
        if input.tag_keys.len() > MAX_TAGS {
            violations.rule(format!(
                "Value at 'tagKeys' failed to satisfy constraint: Member must have length less than or \
                 equal to {MAX_TAGS} (it has {}).",
                input.tag_keys.len()
            ));
        }
        for (index, key) in input.tag_keys.iter().enumerate() {
            violations.length(&format!("tagKeys.{}.member", index + 1), key, 1, 128);
            if key.starts_with("aws:") {
                violations.rule(format!(
                    "Tag key '{key}' starts with 'aws:': tags with that prefix are AWS's own and \
                     can't be removed."
                ));
            }
        }
        violations.into_result()?;
        let arn = &input.resource_arn;
        self.store.write(|tx| {
            owned_resource(tx, caller, arn, Operation::UntagResource)?;
            Ok(tx.remove_tags(arn, &input.tag_keys)?)
        })
    }

    /// The resource's tags in key order; with `maxResults`, one page and a token while more remain.
    pub fn list_tags(
        &mut self,
        caller: &Caller,
        input: ListTagsInput,
    ) -> Result<TagPage, ServiceError> {
        let mut violations = Violations::new();
        violations.arn("resourceArn", &input.resource_arn);
        if let Some(max_results) = input.max_results {
            violations.range("maxResults", max_results, 1, 100);
        }
        violations.into_result()?;
        let arn = &input.resource_arn;
        // A token is good only for the query that made it: same caller and resource.
        let query_identity = format!("tags\n{}\n{}\n{arn}", caller.account, caller.region);
        let page_size = input.max_results.map(|n| n as usize);
        self.store.read(|tx| {
            owned_resource(tx, caller, arn, Operation::ListTagsForResource)?;
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
                             nextToken of the previous page, with the same resourceArn."
                        ))
                    })?,
                ),
            };
            // One more than asked for says whether another page follows.
            let mut tags = tx.tags_page(arn, after.as_deref(), page_size.map(|n| n + 1))?;
            let next_token = match page_size {
                Some(n) if tags.len() > n => {
                    tags.truncate(n);
                    let last: &Tag = tags.last().expect("a page of at least one");
                    Some(token::sign(&secret, &query_identity, &last.key))
                }
                _ => None,
            };
            Ok(TagPage { tags, next_token })
        })
    }
}

/// Checks that `caller` owns the resource `arn` names: a connection (its environment account),
/// an environment template or one of its versions (the account that created the template), or
/// an environment (its management account).
/// A well-formed ARN of nothing proton-local keeps, of a resource in another region or
/// partition, or of another account's resource, is not found, in the same words whatever the
/// reason, so that existence is never leaked. A connection's management account, which may see it, is refused in IAM's words.
fn owned_resource(
    tx: &Tx,
    caller: &Caller,
    arn: &str,
    operation: Operation,
) -> Result<(), ServiceError> {
    let not_found = || {
        ServiceError::ResourceNotFound(format!(
            "Resource {arn} was not found in {} for account {}.",
            caller.region, caller.account
        ))
    };
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = fields[..] else {
        return Err(not_found());
    };
    if service != "proton" || region != caller.region || partition != caller.partition() {
        return Err(not_found());
    }
    if let Some(name) = resource.strip_prefix("environment-template/") {
        if let Some((name, number)) = name.split_once(':') {
            // A version: environment-template/<name>:<major>.<minor>.
            let Some((major, minor)) = number.split_once('.') else {
                return Err(not_found());
            };
            if account != caller.account
                || !validate::is_environment_name(name)
                || !validate::is_version_part(major)
                || !validate::is_version_part(minor)
            {
                return Err(not_found());
            }
            let owned = tx
                .template(&caller.region, &caller.account, name)?
                .is_some_and(|template| template.is_visible_to(caller))
                && tx
                    .template_versions(&caller.region, &caller.account, name)?
                    .iter()
                    .any(|v| {
                        v.major_version == major && v.minor_version == minor && v.arn() == arn
                    });
            return if owned { Ok(()) } else { Err(not_found()) };
        }
        if account != caller.account || !validate::is_environment_name(name) {
            return Err(not_found());
        }
        return match tx.template(&caller.region, &caller.account, name)? {
            Some(template) if template.is_visible_to(caller) && template.arn() == arn => Ok(()),
            _ => Err(not_found()),
        };
    }
    if let Some(name) = resource.strip_prefix("environment/") {
        if account != caller.account || !validate::is_environment_name(name) {
            return Err(not_found());
        }
        return match tx.environment(&caller.region, &caller.account, name)? {
            Some(environment) if environment.is_visible_to(caller) && environment.arn() == arn => {
                Ok(())
            }
            _ => Err(not_found()),
        };
    }
    let Some(id) = resource
        .strip_prefix("environment-account-connection/")
        .filter(|id| validate::is_connection_id(id))
    else {
        return Err(not_found());
    };
    let connection: Connection = tx
        .connection(id)?
        .filter(|connection| connection.is_visible_to(caller) && connection.arn() == arn)
        .ok_or_else(not_found)?;
    require(caller, &connection, operation, Side::Environment)
}

/// The model's limits on the tags of one request: their count, key and value lengths, no `aws:`
/// prefix, no key twice.
pub(super) fn validate_tags(violations: &mut Violations, tags: &[Tag]) {
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
