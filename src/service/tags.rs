//! Tags on a resource, by its ARN (CONTRACT.md section 11, "Tags"): `TagResource`,
//! `UntagResource`, `ListTagsForResource`. Only the resource's owner may use them; for a
//! connection that is its environment account, whose id is in the ARN.

use super::validate::{self, Violations};
use super::{
    require, token, validate_tags, Caller, Connection, ListTagsInput, Operation, Proton,
    ServiceError, Side, Tag, TagPage, TagResourceInput, UntagResourceInput,
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

/// The resource `arn` names, if `caller` owns it. A well-formed ARN of nothing proton-local
/// keeps, of a resource in another region or partition, or of another account's resource, is
/// not found, in the same words whatever the reason, so that existence is never leaked. The
/// connection's management account, which may see it, is refused in IAM's words.
fn owned_resource(
    tx: &Tx,
    caller: &Caller,
    arn: &str,
    operation: Operation,
) -> Result<Connection, ServiceError> {
    let not_found = || {
        ServiceError::ResourceNotFound(format!(
            "Resource {arn} was not found in {} for account {}.",
            caller.region, caller.account
        ))
    };
    let fields: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, service, region, _account, resource] = fields[..] else {
        return Err(not_found());
    };
    if service != "proton" || region != caller.region || partition != caller.partition() {
        return Err(not_found());
    }
    let Some(id) = resource
        .strip_prefix("environment-account-connection/")
        .filter(|id| validate::is_connection_id(id))
    else {
        return Err(not_found());
    };
    let connection = tx
        .connection(id)?
        .filter(|connection| connection.is_visible_to(caller) && connection.arn() == arn)
        .ok_or_else(not_found)?;
    require(caller, &connection, operation, Side::Environment)?;
    Ok(connection)
}
