//! The typed input of each operation, and the pages some of them answer. Inputs carry the AWS
//! member names on the wire (`environmentName`), so the server can deserialize a request body
//! straight into them, and a client can send them. Their members are plain fields (no `flatten`),
//! so that a member of the wrong type can be named.

use serde::{Deserialize, Serialize};

use crate::domain::{
    Connection, Environment, EnvironmentTemplate, EnvironmentTemplateVersion, Roles, Tag,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateConnectionInput {
    #[serde(default)]
    pub environment_name: String,
    #[serde(default)]
    pub management_account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebuild_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// The input of accept, reject, get and delete: the connection's id alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ConnectionIdInput {
    #[serde(default)]
    pub id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateConnectionInput {
    #[serde(default)]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebuild_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_role_arn: Option<String>,
}

impl CreateConnectionInput {
    pub fn roles(&self) -> Roles {
        Roles::of(
            &self.role_arn,
            &self.codebuild_role_arn,
            &self.component_role_arn,
        )
    }
}

impl UpdateConnectionInput {
    pub fn roles(&self) -> Roles {
        Roles::of(
            &self.role_arn,
            &self.codebuild_role_arn,
            &self.component_role_arn,
        )
    }
}

/// Enumerations stay strings here: the service, not the parser, refuses a wrong value, as AWS does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListConnectionsInput {
    #[serde(default)]
    pub requested_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The input of `TagResource`: the tags merge into the resource's, a given key's value replacing
/// the old one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagResourceInput {
    #[serde(default)]
    pub resource_arn: String,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The input of `UntagResource`: the keys to remove; a key the resource lacks is no error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UntagResourceInput {
    #[serde(default)]
    pub resource_arn: String,
    #[serde(default)]
    pub tag_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTagsInput {
    #[serde(default)]
    pub resource_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One page of a resource's tags, in key order, and while more remain the token for the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagPage {
    pub tags: Vec<Tag>,
    pub next_token: Option<String>,
}

/// One page of a list: the connections and, while more remain, the token for the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionPage {
    pub connections: Vec<Connection>,
    pub next_token: Option<String>,
}

/// The input of `CreateEnvironmentTemplate`. `provisioning` stays a string: the service, not the
/// parser, refuses a wrong value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTemplateInput {
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioning: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

/// The input of get and delete of a template: its name alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateNameInput {
    #[serde(default)]
    pub name: String,
}

/// The input of `UpdateEnvironmentTemplate`: the members given replace the old ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTemplateInput {
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTemplatesInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One page of the caller's templates, in name order, and while more remain the token for the
/// next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplatePage {
    pub templates: Vec<EnvironmentTemplate>,
    pub next_token: Option<String>,
}

/// The model's `S3ObjectSource`: where a template bundle is (recorded, never fetched).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct S3ObjectSource {
    #[serde(default)]
    pub bucket: String,
    #[serde(default)]
    pub key: String,
}

/// The model's `TemplateVersionSourceInput`, a union with one member, `s3`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct TemplateVersionSourceInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3ObjectSource>,
}

/// The input of `CreateEnvironmentTemplateVersion`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateTemplateVersionInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub major_version: Option<String>,
    #[serde(default)]
    pub source: TemplateVersionSourceInput,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub template_name: String,
}

/// The input of get and delete of a template version: the template and `major.minor`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateVersionInput {
    #[serde(default)]
    pub major_version: String,
    #[serde(default)]
    pub minor_version: String,
    #[serde(default)]
    pub template_name: String,
}

/// The input of `UpdateEnvironmentTemplateVersion`. `status` stays a string: the service, not
/// the parser, refuses a wrong value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateTemplateVersionInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub major_version: String,
    #[serde(default)]
    pub minor_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default)]
    pub template_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListTemplateVersionsInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub major_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default)]
    pub template_name: String,
}

/// One page of a template's versions, in (major, minor) order, and while more remain the token
/// for the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateVersionPage {
    pub versions: Vec<EnvironmentTemplateVersion>,
    pub next_token: Option<String>,
}

/// The model's `RepositoryBranchInput`: a linked repository for self-managed provisioning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct RepositoryBranchInput {
    #[serde(default)]
    pub branch: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider: String,
}

/// The input of `CreateEnvironment`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateEnvironmentInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebuild_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_account_connection_id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proton_service_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioning_repository: Option<RepositoryBranchInput>,
    #[serde(default)]
    pub spec: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub template_major_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_minor_version: Option<String>,
    #[serde(default)]
    pub template_name: String,
}

/// The input of get and delete of an environment: its name alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct EnvironmentNameInput {
    #[serde(default)]
    pub name: String,
}

/// The input of `UpdateEnvironment`. `deploymentType` stays a string: the service, not the
/// parser, refuses a wrong value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateEnvironmentInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codebuild_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_role_arn: Option<String>,
    #[serde(default)]
    pub deployment_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment_account_connection_id: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proton_service_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisioning_repository: Option<RepositoryBranchInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_major_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_minor_version: Option<String>,
}

/// The model's `EnvironmentTemplateFilter`: environments of this template's major version.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentTemplateFilter {
    #[serde(default)]
    pub major_version: String,
    #[serde(default)]
    pub template_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListEnvironmentsInput {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environment_templates: Vec<EnvironmentTemplateFilter>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One page of the caller's environments, in name order, and while more remain the token for
/// the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentPage {
    pub environments: Vec<Environment>,
    pub next_token: Option<String>,
}
