//! The AWS model's shapes of each operation's input and output, as AWS CLI 2.9.19 loads them
//! (its own copy of the Proton model): members in the model's order, with the kind, minimum and
//! documentation overview of each (`get_shape_doc_overview`, the first sentence). The command
//! line checks parameters, reads `--cli-input-json` and writes `--generate-cli-skeleton` from
//! these, as the AWS CLI does from its model.

use crate::service::Operation;

/// One member of a structure.
#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// The first sentence of the member's documentation.
    pub doc: &'static str,
}

#[derive(Debug)]
pub enum Kind {
    String { min: usize },
    Enum(&'static [&'static str]),
    Integer { min: i64 },
    Timestamp,
    List(&'static Kind),
    Structure(&'static [Member]),
}

/// The input shape of `operation`.
pub fn input(operation: Operation) -> &'static [Member] {
    match operation {
        Operation::CreateEnvironmentAccountConnection => CREATE_INPUT,
        Operation::AcceptEnvironmentAccountConnection => ACCEPT_INPUT,
        Operation::RejectEnvironmentAccountConnection => REJECT_INPUT,
        Operation::GetEnvironmentAccountConnection => GET_INPUT,
        Operation::UpdateEnvironmentAccountConnection => UPDATE_INPUT,
        Operation::DeleteEnvironmentAccountConnection => DELETE_INPUT,
        Operation::ListEnvironmentAccountConnections => LIST_INPUT,
    }
}

/// The output shape of `operation`.
pub fn output(operation: Operation) -> &'static [Member] {
    match operation {
        Operation::ListEnvironmentAccountConnections => LIST_OUTPUT,
        _ => CONNECTION_OUTPUT,
    }
}

const TAG: &[Member] = &[
    Member {
        name: "key",
        kind: Kind::String { min: 1 },
        required: true,
        doc: "The key of the resource tag.",
    },
    Member {
        name: "value",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "The value of the resource tag.",
    },
];

const CREATE_INPUT: &[Member] = &[
Member { name: "clientToken", kind: Kind::String { min: 0 }, required: false, doc: "When included, if two identical requests are made with the same client token, Proton returns the environment account connection that the first request created." },
Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of an IAM service role in the environment account." },
Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
Member { name: "environmentName", kind: Kind::String { min: 1 }, required: true, doc: "The name of the Proton environment that's created in the associated management account." },
Member { name: "managementAccountId", kind: Kind::String { min: 0 }, required: true, doc: "The ID of the management account that accepts or rejects the environment account connection." },
Member { name: "roleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that's created in the environment account." },
Member { name: "tags", kind: Kind::List(&Kind::Structure(TAG)), required: false, doc: "An optional list of metadata items that you can associate with the Proton environment account connection." },
];

const ACCEPT_INPUT: &[Member] = &[Member {
    name: "id",
    kind: Kind::String { min: 0 },
    required: true,
    doc: "The ID of the environment account connection.",
}];

const REJECT_INPUT: &[Member] = &[Member {
    name: "id",
    kind: Kind::String { min: 0 },
    required: true,
    doc: "The ID of the environment account connection to reject.",
}];

const GET_INPUT: &[Member] = &[Member {
    name: "id",
    kind: Kind::String { min: 0 },
    required: true,
    doc: "The ID of the environment account connection that you want to get the detailed data for.",
}];

const UPDATE_INPUT: &[Member] = &[
Member { name: "codebuildRoleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of an IAM service role in the environment account." },
Member { name: "componentRoleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that Proton uses when provisioning directly defined components in the associated environment account." },
Member { name: "id", kind: Kind::String { min: 0 }, required: true, doc: "The ID of the environment account connection to update." },
Member { name: "roleArn", kind: Kind::String { min: 1 }, required: false, doc: "The Amazon Resource Name (ARN) of the IAM service role that's associated with the environment account connection to update." },
];

const DELETE_INPUT: &[Member] = &[Member {
    name: "id",
    kind: Kind::String { min: 0 },
    required: true,
    doc: "The ID of the environment account connection to delete.",
}];

const LIST_INPUT: &[Member] = &[
Member { name: "environmentName", kind: Kind::String { min: 1 }, required: false, doc: "The environment name that's associated with each listed environment account connection." },
Member { name: "maxResults", kind: Kind::Integer { min: 1 }, required: false, doc: "The maximum number of environment account connections to list." },
Member { name: "nextToken", kind: Kind::String { min: 0 }, required: false, doc: "A token that indicates the location of the next environment account connection in the array of environment account connections, after the list of environment account connections that was previously requested." },
Member { name: "requestedBy", kind: Kind::Enum(&["MANAGEMENT_ACCOUNT", "ENVIRONMENT_ACCOUNT"]), required: true, doc: "The type of account making the ListEnvironmentAccountConnections request." },
Member { name: "statuses", kind: Kind::List(&Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"])), required: false, doc: "The status details for each listed environment account connection." },
];

/// EnvironmentAccountConnection. Output members need no documentation here.
const CONNECTION: &[Member] = &[
    Member {
        name: "arn",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "codebuildRoleArn",
        kind: Kind::String { min: 1 },
        required: false,
        doc: "",
    },
    Member {
        name: "componentRoleArn",
        kind: Kind::String { min: 1 },
        required: false,
        doc: "",
    },
    Member {
        name: "environmentAccountId",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "environmentName",
        kind: Kind::String { min: 1 },
        required: true,
        doc: "",
    },
    Member {
        name: "id",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "lastModifiedAt",
        kind: Kind::Timestamp,
        required: true,
        doc: "",
    },
    Member {
        name: "managementAccountId",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "requestedAt",
        kind: Kind::Timestamp,
        required: true,
        doc: "",
    },
    Member {
        name: "roleArn",
        kind: Kind::String { min: 1 },
        required: true,
        doc: "",
    },
    Member {
        name: "status",
        kind: Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"]),
        required: true,
        doc: "",
    },
];

/// EnvironmentAccountConnectionSummary.
const SUMMARY: &[Member] = &[
    Member {
        name: "arn",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "componentRoleArn",
        kind: Kind::String { min: 1 },
        required: false,
        doc: "",
    },
    Member {
        name: "environmentAccountId",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "environmentName",
        kind: Kind::String { min: 1 },
        required: true,
        doc: "",
    },
    Member {
        name: "id",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "lastModifiedAt",
        kind: Kind::Timestamp,
        required: true,
        doc: "",
    },
    Member {
        name: "managementAccountId",
        kind: Kind::String { min: 0 },
        required: true,
        doc: "",
    },
    Member {
        name: "requestedAt",
        kind: Kind::Timestamp,
        required: true,
        doc: "",
    },
    Member {
        name: "roleArn",
        kind: Kind::String { min: 1 },
        required: true,
        doc: "",
    },
    Member {
        name: "status",
        kind: Kind::Enum(&["PENDING", "CONNECTED", "REJECTED"]),
        required: true,
        doc: "",
    },
];

const CONNECTION_OUTPUT: &[Member] = &[Member {
    name: "environmentAccountConnection",
    kind: Kind::Structure(CONNECTION),
    required: true,
    doc: "",
}];

const LIST_OUTPUT: &[Member] = &[
    Member {
        name: "environmentAccountConnections",
        kind: Kind::List(&Kind::Structure(SUMMARY)),
        required: true,
        doc: "",
    },
    Member {
        name: "nextToken",
        kind: Kind::String { min: 0 },
        required: false,
        doc: "",
    },
];
