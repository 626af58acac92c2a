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

/// The statuses a version can have in the model's `TemplateVersionStatus`. Registration is
/// immediate here, so a version is only ever `DRAFT` or `PUBLISHED`; the others are the
/// model's, accepted by nothing that writes.
pub const TEMPLATE_VERSION_STATUSES: [&str; 4] = [
    "REGISTRATION_IN_PROGRESS",
    "REGISTRATION_FAILED",
    "DRAFT",
    "PUBLISHED",
];

/// A version of an environment template, `major.minor`, as stored: it belongs to the template's
/// account and region. Its `source` (an S3 bundle) is recorded, never fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentTemplateVersion {
    pub template_name: String,
    pub region: String,
    pub account_id: String,
    pub major_version: String,
    pub minor_version: String,
    pub description: Option<String>,
    pub status: String,
    /// The highest `PUBLISHED` minor version of this major, when there is one.
    pub recommended_minor_version: Option<String>,
    pub source_bucket: String,
    pub source_key: String,
    pub created_at: Timestamp,
    pub last_modified_at: Timestamp,
}

impl EnvironmentTemplateVersion {
    pub fn arn(&self) -> String {
        template_version_arn(
            &self.region,
            &self.account_id,
            &self.template_name,
            &self.major_version,
            &self.minor_version,
        )
    }

    /// `major.minor`.
    pub fn number(&self) -> String {
        format!("{}.{}", self.major_version, self.minor_version)
    }
}

/// `arn:<partition>:proton:<region>:<account>:environment-template/<name>:<major>.<minor>`.
pub fn template_version_arn(
    region: &str,
    account_id: &str,
    name: &str,
    major: &str,
    minor: &str,
) -> String {
    format!("{}:{major}.{minor}", template_arn(region, account_id, name))
}

/// Version parts (the model's `TemplateVersionPart`: digits, no leading zero) in numeric order:
/// a shorter part is a smaller number.
pub fn version_part_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}
