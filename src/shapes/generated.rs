// Written by scripts/gen-shapes.py from AWS CLI 2.9.19's copy of the Proton model; do not edit.
// Each member's `doc` is the AWS CLI's get_shape_doc_overview of it.

use super::{Kind, Member};

pub const TAG: &[Member] = &[
    Member { name: "key", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The key of the resource tag." },
    Member { name: "value", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The value of the resource tag." },
];

pub const CREATE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "clientToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: true, doc: "When included, if two identical requests are made with the same client token, Proton returns the environment account connection that the first request created." },
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of an IAM service role in the environment account." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
    Member { name: "environmentName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the Proton environment that's created in the associated management account." },
    Member { name: "managementAccountId", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the management account that accepts or rejects the environment account connection." },
    Member { name: "roleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that's created in the environment account." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: false, idempotency_token: false, doc: "An optional list of metadata items that you can associate with the Proton environment account connection." },
];

pub const ENVIRONMENT_ACCOUNT_CONNECTION: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment account connection." },
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of an IAM service role in the environment account." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
    Member { name: "environmentAccountId", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The environment account that's connected to the environment account connection." },
    Member { name: "environmentName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment that's associated with the environment account connection." },
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment account connection was last modified." },
    Member { name: "managementAccountId", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the management account that's connected to the environment account connection." },
    Member { name: "requestedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment account connection request was made." },
    Member { name: "roleArn", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The IAM service role that's associated with the environment account connection." },
    Member { name: "status", kind: Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"]), required: true, idempotency_token: false, doc: "The status of the environment account connection." },
];

pub const CREATE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: true, idempotency_token: false, doc: "The environment account connection detail data that's returned by Proton." },
];

pub const ACCEPT_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection." },
];

pub const ACCEPT_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: true, idempotency_token: false, doc: "The environment account connection data that's returned by Proton." },
];

pub const REJECT_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection to reject." },
];

pub const REJECT_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: true, idempotency_token: false, doc: "The environment connection account detail data that's returned by Proton." },
];

pub const GET_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection that you want to get the detailed data for." },
];

pub const GET_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: true, idempotency_token: false, doc: "The detailed data of the requested environment account connection." },
];

pub const UPDATE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of an IAM service role in the environment account." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection to update." },
    Member { name: "roleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that's associated with the environment account connection to update." },
];

pub const UPDATE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: true, idempotency_token: false, doc: "The environment account connection detail data that's returned by Proton." },
];

pub const DELETE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT: &[Member] = &[
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection to delete." },
];

pub const DELETE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnection", kind: Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION), required: false, idempotency_token: false, doc: "The detailed data of the environment account connection being deleted." },
];

pub const LIST_ENVIRONMENT_ACCOUNT_CONNECTIONS_INPUT: &[Member] = &[
    Member { name: "environmentName", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The environment name that's associated with each listed environment account connection." },
    Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, idempotency_token: false, doc: "The maximum number of environment account connections to list." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment account connection in the array of environment account connections, after the list of environment account connections that was previously requested." },
    Member { name: "requestedBy", kind: Kind::Enum(&["MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"]), required: true, idempotency_token: false, doc: "The type of account making the ListEnvironmentAccountConnections request." },
    Member { name: "statuses", kind: Kind::List(&Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"])), required: false, idempotency_token: false, doc: "The status details for each listed environment account connection." },
];

pub const ENVIRONMENT_ACCOUNT_CONNECTION_SUMMARY: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment account connection." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
    Member { name: "environmentAccountId", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account that's connected to the environment account connection." },
    Member { name: "environmentName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment that's associated with the environment account connection." },
    Member { name: "id", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the environment account connection." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment account connection was last modified." },
    Member { name: "managementAccountId", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The ID of the management account that's connected to the environment account connection." },
    Member { name: "requestedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment account connection request was made." },
    Member { name: "roleArn", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The IAM service role that's associated with the environment account connection." },
    Member { name: "status", kind: Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"]), required: true, idempotency_token: false, doc: "The status of the environment account connection." },
];

pub const LIST_ENVIRONMENT_ACCOUNT_CONNECTIONS_OUTPUT: &[Member] = &[
    Member { name: "environmentAccountConnections", kind: Kind::List(&Kind::Structure(ENVIRONMENT_ACCOUNT_CONNECTION_SUMMARY)), required: true, idempotency_token: false, doc: "An array of environment account connections with details that's returned by Proton." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment account connection in the array of environment account connections, after the current requested list of environment account connections." },
];

pub const TAG_RESOURCE_INPUT: &[Member] = &[
    Member { name: "resourceArn", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the Proton resource to apply customer tags to." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: true, idempotency_token: false, doc: "A list of customer tags to apply to the Proton resource." },
];

pub const TAG_RESOURCE_OUTPUT: &[Member] = &[];

pub const UNTAG_RESOURCE_INPUT: &[Member] = &[
    Member { name: "resourceArn", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the resource to remove customer tags from." },
    Member { name: "tagKeys", kind: Kind::List(&Kind::String { min: 1 }), required: true, idempotency_token: false, doc: "A list of customer tag keys that indicate the customer tags to be removed from the resource." },
];

pub const UNTAG_RESOURCE_OUTPUT: &[Member] = &[];

pub const LIST_TAGS_FOR_RESOURCE_INPUT: &[Member] = &[
    Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, idempotency_token: false, doc: "The maximum number of tags to list." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next resource tag in the array of resource tags, after the list of resource tags that was previously requested." },
    Member { name: "resourceArn", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the resource for the listed tags." },
];

pub const LIST_TAGS_FOR_RESOURCE_OUTPUT: &[Member] = &[
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next resource tag in the array of resource tags, after the current requested list of resource tags." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: true, idempotency_token: false, doc: "A list of resource tags with detail data." },
];

pub const CREATE_ENVIRONMENT_TEMPLATE_INPUT: &[Member] = &[
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment template." },
    Member { name: "displayName", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The environment template name as displayed in the developer interface." },
    Member { name: "encryptionKey", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "A customer provided encryption key that Proton uses to encrypt data." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
    Member { name: "provisioning", kind: Kind::Enum(&["CUSTOMER_MANAGED"]), required: false, idempotency_token: false, doc: "When included, indicates that the environment template is for customer provisioned and managed infrastructure." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: false, idempotency_token: false, doc: "An optional list of metadata items that you can associate with the Proton environment template." },
];

pub const ENVIRONMENT_TEMPLATE: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment template." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment template was created." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment template." },
    Member { name: "displayName", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The name of the environment template as displayed in the developer interface." },
    Member { name: "encryptionKey", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The customer provided encryption key for the environment template." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment template was last modified." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
    Member { name: "provisioning", kind: Kind::Enum(&["CUSTOMER_MANAGED"]), required: false, idempotency_token: false, doc: "When included, indicates that the environment template is for customer provisioned and managed infrastructure." },
    Member { name: "recommendedVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The ID of the recommended version of the environment template." },
];

pub const CREATE_ENVIRONMENT_TEMPLATE_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplate", kind: Kind::Structure(ENVIRONMENT_TEMPLATE), required: true, idempotency_token: false, doc: "The environment template detail data that's returned by Proton." },
];

pub const GET_ENVIRONMENT_TEMPLATE_INPUT: &[Member] = &[
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template that you want to get the detailed data for." },
];

pub const GET_ENVIRONMENT_TEMPLATE_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplate", kind: Kind::Structure(ENVIRONMENT_TEMPLATE), required: true, idempotency_token: false, doc: "The detailed data of the requested environment template." },
];

pub const LIST_ENVIRONMENT_TEMPLATES_INPUT: &[Member] = &[
    Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, idempotency_token: false, doc: "The maximum number of environment templates to list." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment template in the array of environment templates, after the list of environment templates that was previously requested." },
];

pub const ENVIRONMENT_TEMPLATE_SUMMARY: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment template." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment template was created." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment template." },
    Member { name: "displayName", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The name of the environment template as displayed in the developer interface." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment template was last modified." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
    Member { name: "provisioning", kind: Kind::Enum(&["CUSTOMER_MANAGED"]), required: false, idempotency_token: false, doc: "When included, indicates that the environment template is for customer provisioned and managed infrastructure." },
    Member { name: "recommendedVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The recommended version of the environment template." },
];

pub const LIST_ENVIRONMENT_TEMPLATES_OUTPUT: &[Member] = &[
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment template in the array of environment templates, after the current requested list of environment templates." },
    Member { name: "templates", kind: Kind::List(&Kind::Structure(ENVIRONMENT_TEMPLATE_SUMMARY)), required: true, idempotency_token: false, doc: "An array of environment templates with detail data." },
];

pub const UPDATE_ENVIRONMENT_TEMPLATE_INPUT: &[Member] = &[
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment template update." },
    Member { name: "displayName", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The name of the environment template to update as displayed in the developer interface." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template to update." },
];

pub const UPDATE_ENVIRONMENT_TEMPLATE_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplate", kind: Kind::Structure(ENVIRONMENT_TEMPLATE), required: true, idempotency_token: false, doc: "The environment template detail data that's returned by Proton." },
];

pub const DELETE_ENVIRONMENT_TEMPLATE_INPUT: &[Member] = &[
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template to delete." },
];

pub const DELETE_ENVIRONMENT_TEMPLATE_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplate", kind: Kind::Structure(ENVIRONMENT_TEMPLATE), required: false, idempotency_token: false, doc: "The detailed data of the environment template being deleted." },
];

pub const S3_OBJECT_SOURCE: &[Member] = &[
    Member { name: "bucket", kind: Kind::String { min: 3 }, required: true, idempotency_token: false, doc: "The name of the S3 bucket that contains a template bundle." },
    Member { name: "key", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The path to the S3 bucket that contains a template bundle." },
];

pub const TEMPLATE_VERSION_SOURCE_INPUT: &[Member] = &[
    Member { name: "s3", kind: Kind::Structure(S3_OBJECT_SOURCE), required: false, idempotency_token: false, doc: "An S3 source object that includes the template bundle S3 path and name for a template minor version." },
];

pub const CREATE_ENVIRONMENT_TEMPLATE_VERSION_INPUT: &[Member] = &[
    Member { name: "clientToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: true, doc: "When included, if two identical requests are made with the same client token, Proton returns the environment template version that the first request created." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the new version of an environment template." },
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "To create a new minor version of the environment template, include major Version." },
    Member { name: "source", kind: Kind::Structure(TEMPLATE_VERSION_SOURCE_INPUT), required: true, idempotency_token: false, doc: "An object that includes the template bundle S3 bucket path and name for the new version of an template." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: false, idempotency_token: false, doc: "An optional list of metadata items that you can associate with the Proton environment template version." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const ENVIRONMENT_TEMPLATE_VERSION: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the version of an environment template." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the version of an environment template was created." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the minor version of an environment template." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the version of an environment template was last modified." },
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The latest major version that's associated with the version of an environment template." },
    Member { name: "minorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The minor version of an environment template." },
    Member { name: "recommendedMinorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The recommended minor version of the environment template." },
    Member { name: "schema", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The schema of the version of an environment template." },
    Member { name: "status", kind: Kind::Enum(&["REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"]), required: true, idempotency_token: false, doc: "The status of the version of an environment template." },
    Member { name: "statusMessage", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The status message of the version of an environment template." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the version of an environment template." },
];

pub const CREATE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplateVersion", kind: Kind::Structure(ENVIRONMENT_TEMPLATE_VERSION), required: true, idempotency_token: false, doc: "The environment template detail data that's returned by Proton." },
];

pub const GET_ENVIRONMENT_TEMPLATE_VERSION_INPUT: &[Member] = &[
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "To get environment template major version detail data, include major Version." },
    Member { name: "minorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "To get environment template minor version detail data, include minorVersion." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template a version of which you want to get detailed data for." },
];

pub const GET_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplateVersion", kind: Kind::Structure(ENVIRONMENT_TEMPLATE_VERSION), required: true, idempotency_token: false, doc: "The detailed data of the requested environment template version." },
];

pub const LIST_ENVIRONMENT_TEMPLATE_VERSIONS_INPUT: &[Member] = &[
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "To view a list of minor of versions under a major version of an environment template, include major Version." },
    Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, idempotency_token: false, doc: "The maximum number of major or minor versions of an environment template to list." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next major or minor version in the array of major or minor versions of an environment template, after the list of major or minor versions that was previously requested." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const ENVIRONMENT_TEMPLATE_VERSION_SUMMARY: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the version of an environment template." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the version of an environment template was created." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the version of an environment template." },
    Member { name: "lastModifiedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the version of an environment template was last modified." },
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The latest major version that's associated with the version of an environment template." },
    Member { name: "minorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The version of an environment template." },
    Member { name: "recommendedMinorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The recommended minor version of the environment template." },
    Member { name: "status", kind: Kind::Enum(&["REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"]), required: true, idempotency_token: false, doc: "The status of the version of an environment template." },
    Member { name: "statusMessage", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The status message of the version of an environment template." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const LIST_ENVIRONMENT_TEMPLATE_VERSIONS_OUTPUT: &[Member] = &[
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next major or minor version in the array of major or minor versions of an environment template, after the list of major or minor versions that was previously requested." },
    Member { name: "templateVersions", kind: Kind::List(&Kind::Structure(ENVIRONMENT_TEMPLATE_VERSION_SUMMARY)), required: true, idempotency_token: false, doc: "An array of major or minor versions of an environment template detail data." },
];

pub const UPDATE_ENVIRONMENT_TEMPLATE_VERSION_INPUT: &[Member] = &[
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of environment template version to update." },
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "To update a major version of an environment template, include major Version." },
    Member { name: "minorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "To update a minor version of an environment template, include minorVersion." },
    Member { name: "status", kind: Kind::Enum(&["REGISTRATION_IN_PROGRESS", "REGISTRATION_FAILED", "DRAFT", "PUBLISHED"]), required: false, idempotency_token: false, doc: "The status of the environment template minor version to update." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const UPDATE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplateVersion", kind: Kind::Structure(ENVIRONMENT_TEMPLATE_VERSION), required: true, idempotency_token: false, doc: "The environment template version detail data that's returned by Proton." },
];

pub const DELETE_ENVIRONMENT_TEMPLATE_VERSION_INPUT: &[Member] = &[
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The environment template major version to delete." },
    Member { name: "minorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The environment template minor version to delete." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const DELETE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT: &[Member] = &[
    Member { name: "environmentTemplateVersion", kind: Kind::Structure(ENVIRONMENT_TEMPLATE_VERSION), required: false, idempotency_token: false, doc: "The detailed data of the environment template version being deleted." },
];

pub const REPOSITORY_BRANCH_INPUT: &[Member] = &[
    Member { name: "branch", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The repository branch." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The repository name." },
    Member { name: "provider", kind: Kind::Enum(&["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"]), required: true, idempotency_token: false, doc: "The repository provider." },
];

pub const CREATE_ENVIRONMENT_INPUT: &[Member] = &[
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that allows Proton to provision infrastructure using CodeBuild-based provisioning on your behalf." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in this environment." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment that's being created and deployed." },
    Member { name: "environmentAccountConnectionId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account connection that you provide if you're provisioning your environment infrastructure resources to an environment account." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment." },
    Member { name: "protonServiceRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the Proton service role that allows Proton to make calls to other services on your behalf." },
    Member { name: "provisioningRepository", kind: Kind::Structure(REPOSITORY_BRANCH_INPUT), required: false, idempotency_token: false, doc: "The linked repository that you use to host your rendered infrastructure templates for self-managed provisioning." },
    Member { name: "spec", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "A YAML formatted string that provides inputs as defined in the environment template bundle schema file." },
    Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: false, idempotency_token: false, doc: "An optional list of metadata items that you can associate with the Proton environment." },
    Member { name: "templateMajorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The major version of the environment template." },
    Member { name: "templateMinorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The minor version of the environment template." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const REPOSITORY_BRANCH: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the linked repository." },
    Member { name: "branch", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The repository branch." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The repository name." },
    Member { name: "provider", kind: Kind::Enum(&["GITHUB", "GITHUB_ENTERPRISE", "BITBUCKET"]), required: true, idempotency_token: false, doc: "The repository provider." },
];

pub const ENVIRONMENT: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment." },
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that allows Proton to provision infrastructure using CodeBuild-based provisioning on your behalf." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in this environment." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment was created." },
    Member { name: "deploymentStatus", kind: Kind::Enum(&["IN_PROGRESS", "FAILED", "SUCCEEDED", "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE", "CANCELLING", "CANCELLED"]), required: true, idempotency_token: false, doc: "The environment deployment status." },
    Member { name: "deploymentStatusMessage", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "An environment deployment status message." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The description of the environment." },
    Member { name: "environmentAccountConnectionId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account connection that's used to provision infrastructure resources in an environment account." },
    Member { name: "environmentAccountId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account that the environment infrastructure resources are provisioned in." },
    Member { name: "lastDeploymentAttemptedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when a deployment of the environment was last attempted." },
    Member { name: "lastDeploymentSucceededAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment was last deployed successfully." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment." },
    Member { name: "protonServiceRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the Proton service role that allows Proton to make calls to other services on your behalf." },
    Member { name: "provisioning", kind: Kind::Enum(&["CUSTOMER_MANAGED"]), required: false, idempotency_token: false, doc: "When included, indicates that the environment template is for customer provisioned and managed infrastructure." },
    Member { name: "provisioningRepository", kind: Kind::Structure(REPOSITORY_BRANCH), required: false, idempotency_token: false, doc: "The linked repository that you use to host your rendered infrastructure templates for self-managed provisioning." },
    Member { name: "spec", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The environment spec." },
    Member { name: "templateMajorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The major version of the environment template." },
    Member { name: "templateMinorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The minor version of the environment template." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment template." },
];

pub const CREATE_ENVIRONMENT_OUTPUT: &[Member] = &[
    Member { name: "environment", kind: Kind::Structure(ENVIRONMENT), required: true, idempotency_token: false, doc: "The environment detail data that's returned by Proton." },
];

pub const GET_ENVIRONMENT_INPUT: &[Member] = &[
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment that you want to get the detailed data for." },
];

pub const GET_ENVIRONMENT_OUTPUT: &[Member] = &[
    Member { name: "environment", kind: Kind::Structure(ENVIRONMENT), required: true, idempotency_token: false, doc: "The detailed data of the requested environment." },
];

pub const ENVIRONMENT_TEMPLATE_FILTER: &[Member] = &[
    Member { name: "majorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "Include majorVersion to filter search for a major version." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "Include templateName to filter search for a template name." },
];

pub const LIST_ENVIRONMENTS_INPUT: &[Member] = &[
    Member { name: "environmentTemplates", kind: Kind::List(&Kind::Structure(ENVIRONMENT_TEMPLATE_FILTER)), required: false, idempotency_token: false, doc: "An array of the versions of the environment template." },
    Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, idempotency_token: false, doc: "The maximum number of environments to list." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment in the array of environments, after the list of environments that was previously requested." },
];

pub const ENVIRONMENT_SUMMARY: &[Member] = &[
    Member { name: "arn", kind: Kind::String { min: 0 }, required: true, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the environment." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in this environment." },
    Member { name: "createdAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment was created." },
    Member { name: "deploymentStatus", kind: Kind::Enum(&["IN_PROGRESS", "FAILED", "SUCCEEDED", "DELETE_IN_PROGRESS", "DELETE_FAILED", "DELETE_COMPLETE", "CANCELLING", "CANCELLED"]), required: true, idempotency_token: false, doc: "The environment deployment status." },
    Member { name: "deploymentStatusMessage", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "An environment deployment status message." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The description of the environment." },
    Member { name: "environmentAccountConnectionId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account connection that the environment is associated with." },
    Member { name: "environmentAccountId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account that the environment infrastructure resources are provisioned in." },
    Member { name: "lastDeploymentAttemptedAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when a deployment of the environment was last attempted." },
    Member { name: "lastDeploymentSucceededAt", kind: Kind::Timestamp, required: true, idempotency_token: false, doc: "The time when the environment was last deployed successfully." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment." },
    Member { name: "protonServiceRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the Proton service role that allows Proton to make calls to other services on your behalf." },
    Member { name: "provisioning", kind: Kind::Enum(&["CUSTOMER_MANAGED"]), required: false, idempotency_token: false, doc: "When included, indicates that the environment template is for customer provisioned and managed infrastructure." },
    Member { name: "templateMajorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The major version of the environment template." },
    Member { name: "templateMinorVersion", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The minor version of the environment template." },
    Member { name: "templateName", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment template." },
];

pub const LIST_ENVIRONMENTS_OUTPUT: &[Member] = &[
    Member { name: "environments", kind: Kind::List(&Kind::Structure(ENVIRONMENT_SUMMARY)), required: true, idempotency_token: false, doc: "An array of environment detail data summaries." },
    Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A token that indicates the location of the next environment in the array of environments, after the current requested list of environments." },
];

pub const UPDATE_ENVIRONMENT_INPUT: &[Member] = &[
    Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that allows Proton to provision infrastructure using CodeBuild-based provisioning on your behalf." },
    Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in this environment." },
    Member { name: "deploymentType", kind: Kind::Enum(&["NONE", "CURRENT_VERSION", "MINOR_VERSION", "MAJOR_VERSION"]), required: true, idempotency_token: false, doc: "There are four modes for updating an environment." },
    Member { name: "description", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "A description of the environment update." },
    Member { name: "environmentAccountConnectionId", kind: Kind::String { min: 0 }, required: false, idempotency_token: false, doc: "The ID of the environment account connection." },
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment to update." },
    Member { name: "protonServiceRoleArn", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The Amazon Resource Name (ARN) of the Proton service role that allows Proton to make API calls to other services your behalf." },
    Member { name: "provisioningRepository", kind: Kind::Structure(REPOSITORY_BRANCH_INPUT), required: false, idempotency_token: false, doc: "The linked repository that you use to host your rendered infrastructure templates for self-managed provisioning." },
    Member { name: "spec", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The formatted specification that defines the update." },
    Member { name: "templateMajorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The major version of the environment to update." },
    Member { name: "templateMinorVersion", kind: Kind::String { min: 1 }, required: false, idempotency_token: false, doc: "The minor version of the environment to update." },
];

pub const UPDATE_ENVIRONMENT_OUTPUT: &[Member] = &[
    Member { name: "environment", kind: Kind::Structure(ENVIRONMENT), required: true, idempotency_token: false, doc: "The environment detail data that's returned by Proton." },
];

pub const DELETE_ENVIRONMENT_INPUT: &[Member] = &[
    Member { name: "name", kind: Kind::String { min: 1 }, required: true, idempotency_token: false, doc: "The name of the environment to delete." },
];

pub const DELETE_ENVIRONMENT_OUTPUT: &[Member] = &[
    Member { name: "environment", kind: Kind::Structure(ENVIRONMENT), required: false, idempotency_token: false, doc: "The detailed data of the environment being deleted." },
];

/// The input shape of the operation with this API name.
pub fn input(operation: &str) -> Option<&'static [Member]> {
    Some(match operation {
        "CreateEnvironmentAccountConnection" => CREATE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "AcceptEnvironmentAccountConnection" => ACCEPT_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "RejectEnvironmentAccountConnection" => REJECT_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "GetEnvironmentAccountConnection" => GET_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "UpdateEnvironmentAccountConnection" => UPDATE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "DeleteEnvironmentAccountConnection" => DELETE_ENVIRONMENT_ACCOUNT_CONNECTION_INPUT,
        "ListEnvironmentAccountConnections" => LIST_ENVIRONMENT_ACCOUNT_CONNECTIONS_INPUT,
        "TagResource" => TAG_RESOURCE_INPUT,
        "UntagResource" => UNTAG_RESOURCE_INPUT,
        "ListTagsForResource" => LIST_TAGS_FOR_RESOURCE_INPUT,
        "CreateEnvironmentTemplate" => CREATE_ENVIRONMENT_TEMPLATE_INPUT,
        "GetEnvironmentTemplate" => GET_ENVIRONMENT_TEMPLATE_INPUT,
        "ListEnvironmentTemplates" => LIST_ENVIRONMENT_TEMPLATES_INPUT,
        "UpdateEnvironmentTemplate" => UPDATE_ENVIRONMENT_TEMPLATE_INPUT,
        "DeleteEnvironmentTemplate" => DELETE_ENVIRONMENT_TEMPLATE_INPUT,
        "CreateEnvironmentTemplateVersion" => CREATE_ENVIRONMENT_TEMPLATE_VERSION_INPUT,
        "GetEnvironmentTemplateVersion" => GET_ENVIRONMENT_TEMPLATE_VERSION_INPUT,
        "ListEnvironmentTemplateVersions" => LIST_ENVIRONMENT_TEMPLATE_VERSIONS_INPUT,
        "UpdateEnvironmentTemplateVersion" => UPDATE_ENVIRONMENT_TEMPLATE_VERSION_INPUT,
        "DeleteEnvironmentTemplateVersion" => DELETE_ENVIRONMENT_TEMPLATE_VERSION_INPUT,
        "CreateEnvironment" => CREATE_ENVIRONMENT_INPUT,
        "GetEnvironment" => GET_ENVIRONMENT_INPUT,
        "ListEnvironments" => LIST_ENVIRONMENTS_INPUT,
        "UpdateEnvironment" => UPDATE_ENVIRONMENT_INPUT,
        "DeleteEnvironment" => DELETE_ENVIRONMENT_INPUT,
        _ => return None,
    })
}

/// The output shape of the operation with this API name.
pub fn output(operation: &str) -> Option<&'static [Member]> {
    Some(match operation {
        "CreateEnvironmentAccountConnection" => CREATE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "AcceptEnvironmentAccountConnection" => ACCEPT_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "RejectEnvironmentAccountConnection" => REJECT_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "GetEnvironmentAccountConnection" => GET_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "UpdateEnvironmentAccountConnection" => UPDATE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "DeleteEnvironmentAccountConnection" => DELETE_ENVIRONMENT_ACCOUNT_CONNECTION_OUTPUT,
        "ListEnvironmentAccountConnections" => LIST_ENVIRONMENT_ACCOUNT_CONNECTIONS_OUTPUT,
        "TagResource" => TAG_RESOURCE_OUTPUT,
        "UntagResource" => UNTAG_RESOURCE_OUTPUT,
        "ListTagsForResource" => LIST_TAGS_FOR_RESOURCE_OUTPUT,
        "CreateEnvironmentTemplate" => CREATE_ENVIRONMENT_TEMPLATE_OUTPUT,
        "GetEnvironmentTemplate" => GET_ENVIRONMENT_TEMPLATE_OUTPUT,
        "ListEnvironmentTemplates" => LIST_ENVIRONMENT_TEMPLATES_OUTPUT,
        "UpdateEnvironmentTemplate" => UPDATE_ENVIRONMENT_TEMPLATE_OUTPUT,
        "DeleteEnvironmentTemplate" => DELETE_ENVIRONMENT_TEMPLATE_OUTPUT,
        "CreateEnvironmentTemplateVersion" => CREATE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT,
        "GetEnvironmentTemplateVersion" => GET_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT,
        "ListEnvironmentTemplateVersions" => LIST_ENVIRONMENT_TEMPLATE_VERSIONS_OUTPUT,
        "UpdateEnvironmentTemplateVersion" => UPDATE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT,
        "DeleteEnvironmentTemplateVersion" => DELETE_ENVIRONMENT_TEMPLATE_VERSION_OUTPUT,
        "CreateEnvironment" => CREATE_ENVIRONMENT_OUTPUT,
        "GetEnvironment" => GET_ENVIRONMENT_OUTPUT,
        "ListEnvironments" => LIST_ENVIRONMENTS_OUTPUT,
        "UpdateEnvironment" => UPDATE_ENVIRONMENT_OUTPUT,
        "DeleteEnvironment" => DELETE_ENVIRONMENT_OUTPUT,
        _ => return None,
    })
}
