//! The records themselves: who is calling, what a connection is, a tag. The store keeps them and
//! the service reasons about them; neither the wire nor the command line is known here.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// The (account, region) pair every operation is evaluated as (CONTRACT.md section 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account: String,
    pub region: String,
}

impl Caller {
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }

    /// The IAM principal that an `AccessDeniedException` names.
    pub fn principal_arn(&self) -> String {
        format!("arn:{}:iam::{}:root", self.partition(), self.account)
    }
}

/// `cn-*` regions are `aws-cn`, `us-gov-*` are `aws-us-gov`, all others `aws`.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Connected,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::Connected, Status::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Connected => "CONNECTED",
            Status::Rejected => "REJECTED",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

/// Which side of its connections a `list` caller is looking from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestedBy {
    ManagementAccount,
    EnvironmentAccount,
}

impl RequestedBy {
    pub const ALL: [RequestedBy; 2] = [
        RequestedBy::ManagementAccount,
        RequestedBy::EnvironmentAccount,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestedBy::ManagementAccount => "MANAGEMENT_ACCOUNT",
            RequestedBy::EnvironmentAccount => "ENVIRONMENT_ACCOUNT",
        }
    }

    pub fn parse(text: &str) -> Option<RequestedBy> {
        RequestedBy::ALL
            .into_iter()
            .find(|side| side.as_str() == text)
    }
}

/// An environment account connection as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub id: String,
    pub region: String,
    pub environment_account_id: String,
    pub management_account_id: String,
    pub environment_name: String,
    pub status: Status,
    pub roles: Roles,
    pub requested_at: Timestamp,
    pub last_modified_at: Timestamp,
}

impl Connection {
    /// The ARN names the environment account: the connection is its resource.
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:proton:{}:{}:environment-account-connection/{}",
            partition_of(&self.region),
            self.region,
            self.environment_account_id,
            self.id
        )
    }

    /// Whether `caller` may see this connection at all: its region and one of its two accounts.
    pub fn is_visible_to(&self, caller: &Caller) -> bool {
        self.region == caller.region
            && (caller.account == self.environment_account_id
                || caller.account == self.management_account_id)
    }
}

/// The three IAM roles a connection can carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    pub role_arn: Option<String>,
    pub codebuild_role_arn: Option<String>,
    pub component_role_arn: Option<String>,
}

impl Roles {
    pub fn of(
        role_arn: &Option<String>,
        codebuild_role_arn: &Option<String>,
        component_role_arn: &Option<String>,
    ) -> Roles {
        Roles {
            role_arn: role_arn.clone(),
            codebuild_role_arn: codebuild_role_arn.clone(),
            component_role_arn: component_role_arn.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.role_arn.is_none()
            && self.codebuild_role_arn.is_none()
            && self.component_role_arn.is_none()
    }

    /// Each role that is set, with its AWS member name.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("roleArn", &self.role_arn),
            ("codebuildRoleArn", &self.codebuild_role_arn),
            ("componentRoleArn", &self.component_role_arn),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_deref().map(|value| (name, value)))
    }

    /// These roles laid over `self`: what an update leaves behind.
    pub fn replaced_by(&self, new: &Roles) -> Roles {
        Roles {
            role_arn: new.role_arn.clone().or_else(|| self.role_arn.clone()),
            codebuild_role_arn: new
                .codebuild_role_arn
                .clone()
                .or_else(|| self.codebuild_role_arn.clone()),
            component_role_arn: new
                .component_role_arn
                .clone()
                .or_else(|| self.component_role_arn.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition_of("us-east-1"), "aws");
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-central-2"), "aws");
    }

    #[test]
    fn update_keeps_the_roles_it_does_not_name() {
        let old = Roles {
            role_arn: Some("a".into()),
            codebuild_role_arn: Some("b".into()),
            component_role_arn: None,
        };
        let new = Roles {
            component_role_arn: Some("c".into()),
            role_arn: Some("d".into()),
            ..Roles::default()
        };
        let merged = old.replaced_by(&new);
        assert_eq!(merged.role_arn.as_deref(), Some("d"));
        assert_eq!(merged.codebuild_role_arn.as_deref(), Some("b"));
        assert_eq!(merged.component_role_arn.as_deref(), Some("c"));
    }
}
