//! An environment template as stored: a record in the management account that creates it, in its
//! region (CONTRACT.md section 11). Its versions are not kept yet; `recommended_version` stays
//! `None` until they are.

use super::records::{partition_of, Caller};
use super::time::Timestamp;

/// The model's `Provisioning` enumeration: a template's only provisioning besides the default.
pub const PROVISIONING: [&str; 1] = ["CUSTOMER_MANAGED"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentTemplate {
    pub name: String,
    pub region: String,
    /// The account that created it, and the only one that sees it.
    pub account_id: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub encryption_key: Option<String>,
    pub provisioning: Option<String>,
    pub recommended_version: Option<String>,
    pub created_at: Timestamp,
    pub last_modified_at: Timestamp,
}

impl EnvironmentTemplate {
    pub fn arn(&self) -> String {
        template_arn(&self.region, &self.account_id, &self.name)
    }

    /// Only its own account, in its own region, sees a template.
    pub fn is_visible_to(&self, caller: &Caller) -> bool {
        self.region == caller.region && self.account_id == caller.account
    }
}

/// `arn:<partition>:proton:<region>:<account>:environment-template/<name>`.
pub fn template_arn(region: &str, account_id: &str, name: &str) -> String {
    format!(
        "arn:{}:proton:{region}:{account_id}:environment-template/{name}",
        partition_of(region)
    )
}
