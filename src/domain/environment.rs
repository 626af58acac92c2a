//! An environment as stored: a record of the management account that creates it, in its region
//! (CONTRACT.md section 11), made from a published version of one of its templates. When it is
//! created on an environment account connection, it names that connection and the connection's
//! environment account, and keeps naming them after the connection is deleted: it can't be
//! managed again until it is pointed at a new connection.

use super::records::{partition_of, Caller, Connection};
use super::time::Timestamp;

/// The model's `DeploymentUpdateType`: how `UpdateEnvironment` deploys.
pub const DEPLOYMENT_TYPES: [&str; 4] =
    ["NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"];

/// Deployments finish at once here.
pub const SUCCEEDED: &str = "SUCCEEDED";

/// What a deleted environment's last answer says: its deletion, finished at once.
pub const DELETE_COMPLETE: &str = "DELETE_COMPLETE";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub region: String,
    /// The management account that created it, and the only one that sees it.
    pub account_id: String,
    pub description: Option<String>,
    /// The spec, exactly as given.
    pub spec: String,
    pub template_name: String,
    pub template_major_version: String,
    pub template_minor_version: String,
    pub environment_account_connection_id: Option<String>,
    /// The connection's environment account; none without a connection.
    pub environment_account_id: Option<String>,
    pub proton_service_role_arn: Option<String>,
    pub codebuild_role_arn: Option<String>,
    pub component_role_arn: Option<String>,
    /// The template's provisioning, when it has one.
    pub provisioning: Option<String>,
    pub deployment_status: String,
    pub created_at: Timestamp,
    pub last_deployment_attempted_at: Timestamp,
    pub last_deployment_succeeded_at: Timestamp,
}

impl Environment {
    pub fn arn(&self) -> String {
        environment_arn(&self.region, &self.account_id, &self.name)
    }

    /// Whether `connection` is the one the environment was made on (or pointed at): its id, and
    /// the same region, accounts and environment name. An id alone is not enough: the
    /// environment keeps its connection's id after that connection is deleted, and an id pinned
    /// with PROTON_LOCAL_NEXT_ID may come back on a connection of other accounts.
    pub fn uses(&self, connection: &Connection) -> bool {
        self.environment_account_connection_id.as_deref() == Some(connection.id.as_str())
            && connection.region == self.region
            && connection.management_account_id == self.account_id
            && connection.environment_name == self.name
            && self.environment_account_id.as_deref()
                == Some(connection.environment_account_id.as_str())
    }

    /// Only its own (management) account, in its own region, sees an environment.
    pub fn is_visible_to(&self, caller: &Caller) -> bool {
        self.region == caller.region && self.account_id == caller.account
    }
}

/// `arn:<partition>:proton:<region>:<account>:environment/<name>`.
pub fn environment_arn(region: &str, account_id: &str, name: &str) -> String {
    format!(
        "arn:{}:proton:{region}:{account_id}:environment/{name}",
        partition_of(region)
    )
}
