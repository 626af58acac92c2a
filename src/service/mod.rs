//! The rules of CONTRACT.md: who may do what to a connection, its lifecycle, and the validation
//! of every input. It knows nothing of clap, HTTP or terminals: the command line and the server
//! both hand it a `Caller` and a typed `Request`, and get a `Reply` or a `ServiceError` back.

mod connections;
mod environments;
mod error;
mod events;
mod inputs;
mod tags;
mod template_versions;
mod templates;
pub(crate) mod token;
pub mod validate;

pub use crate::domain::{
    partition_of, Caller, Connection, Environment, EnvironmentTemplate, EnvironmentTemplateVersion,
    PageKey, RequestedBy, Roles, Status, StatusChange, Tag, Timestamp,
};
pub use crate::store::StoreError;
pub use error::ServiceError;
pub use inputs::{
    ConnectionIdInput, ConnectionPage, CreateConnectionInput, CreateEnvironmentInput,
    CreateTemplateInput, CreateTemplateVersionInput, EnvironmentNameInput, EnvironmentPage,
    EnvironmentTemplateFilter, ListConnectionsInput, ListEnvironmentsInput, ListTagsInput,
    ListTemplateVersionsInput, ListTemplatesInput, RepositoryBranchInput, S3ObjectSource, TagPage,
    TagResourceInput, TemplateNameInput, TemplatePage, TemplateVersionInput, TemplateVersionPage,
    TemplateVersionSourceInput, UntagResourceInput, UpdateConnectionInput, UpdateEnvironmentInput,
    UpdateTemplateInput, UpdateTemplateVersionInput,
};

use crate::store::Store;

/// The API, one line an operation: its AWS name, its input, what it answers, the rule that
/// answers it (a method of `Proton`), and whether a success changes what is stored.
///
/// Each layer expands this one list with a macro of its own, named as the argument: the
/// `Operation` and `Request` enums and `Proton::call` below, the wire in `api`, the command line
/// in `commands`. Adding an operation is adding its line here, its rule, its input (`inputs.rs`),
/// its command's options (`cli.rs`) and its name in `scripts/gen-shapes.py`.
macro_rules! operations {
    ($then:ident) => {
        $then! {
            CreateEnvironmentAccountConnection(CreateConnectionInput) -> Connection = create_connection, writes;
            AcceptEnvironmentAccountConnection(ConnectionIdInput) -> Connection = accept_connection, writes;
            RejectEnvironmentAccountConnection(ConnectionIdInput) -> Connection = reject_connection, writes;
            GetEnvironmentAccountConnection(ConnectionIdInput) -> Connection = get_connection, reads;
            UpdateEnvironmentAccountConnection(UpdateConnectionInput) -> Connection = update_connection, writes;
            DeleteEnvironmentAccountConnection(ConnectionIdInput) -> Connection = delete_connection, writes;
            ListEnvironmentAccountConnections(ListConnectionsInput) -> ConnectionPage = list_connections, reads;
            TagResource(TagResourceInput) -> () = tag_resource, writes;
            UntagResource(UntagResourceInput) -> () = untag_resource, writes;
            ListTagsForResource(ListTagsInput) -> TagPage = list_tags, reads;
            CreateEnvironmentTemplate(CreateTemplateInput) -> EnvironmentTemplate = create_template, writes;
            GetEnvironmentTemplate(TemplateNameInput) -> EnvironmentTemplate = get_template, reads;
            ListEnvironmentTemplates(ListTemplatesInput) -> TemplatePage = list_templates, reads;
            UpdateEnvironmentTemplate(UpdateTemplateInput) -> EnvironmentTemplate = update_template, writes;
            DeleteEnvironmentTemplate(TemplateNameInput) -> EnvironmentTemplate = delete_template, writes;
            CreateEnvironmentTemplateVersion(CreateTemplateVersionInput) -> EnvironmentTemplateVersion = create_template_version, writes;
            GetEnvironmentTemplateVersion(TemplateVersionInput) -> EnvironmentTemplateVersion = get_template_version, reads;
            ListEnvironmentTemplateVersions(ListTemplateVersionsInput) -> TemplateVersionPage = list_template_versions, reads;
            UpdateEnvironmentTemplateVersion(UpdateTemplateVersionInput) -> EnvironmentTemplateVersion = update_template_version, writes;
            DeleteEnvironmentTemplateVersion(TemplateVersionInput) -> EnvironmentTemplateVersion = delete_template_version, writes;
            CreateEnvironment(CreateEnvironmentInput) -> Environment = create_environment, writes;
            GetEnvironment(EnvironmentNameInput) -> Environment = get_environment, reads;
            ListEnvironments(ListEnvironmentsInput) -> EnvironmentPage = list_environments, reads;
            UpdateEnvironment(UpdateEnvironmentInput) -> Environment = update_environment, writes;
            DeleteEnvironment(EnvironmentNameInput) -> Environment = delete_environment, writes;
        }
    };
}
pub(crate) use operations;

/// `Operation`, `Request` and `Proton::call`, from the list above.
macro_rules! service_operations {
    ($($name:ident($input:ty) -> $output:ty = $rule:ident, $access:ident;)*) => {
        /// The operations, by their AWS API names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Operation {
            $($name,)*
        }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name,)*];

            /// The API name, as in `X-Amz-Target` and in `when calling the <Operation> operation`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Operation::$name => stringify!($name),)*
                }
            }

            /// Whether a successful call changes what is stored.
            pub fn writes(self) -> bool {
                match self {
                    $(Operation::$name => access_writes!($access),)*
                }
            }
        }

        /// One call of an operation, with its input. It serializes as the input alone: the
        /// operation travels beside the body (`X-Amz-Target`), not in it.
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
        #[serde(untagged)]
        pub enum Request {
            $($name($input),)*
        }

        impl Request {
            pub fn operation(&self) -> Operation {
                match self {
                    $(Request::$name(_) => Operation::$name,)*
                }
            }
        }

        impl Proton<'_> {
            /// Runs one request as `caller`.
            pub fn call(&mut self, caller: &Caller, request: Request) -> Result<Reply, ServiceError> {
                match request {
                    $(Request::$name(input) => self.$rule(caller, input).map(Reply::from),)*
                }
            }
        }
    };
}

macro_rules! access_writes {
    (writes) => {
        true
    };
    (reads) => {
        false
    };
}

operations!(service_operations);

impl Operation {
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|op| op.name() == name)
    }
}

/// What an operation answers: one connection, a page of them, a page of tags, one template, a
/// page of them, one template version, a page of them, one environment, a page of them, or
/// nothing (the model's empty output structures).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Connection(Connection),
    Page(ConnectionPage),
    Tags(TagPage),
    Template(EnvironmentTemplate),
    Templates(TemplatePage),
    TemplateVersion(EnvironmentTemplateVersion),
    TemplateVersions(TemplateVersionPage),
    Environment(Environment),
    Environments(EnvironmentPage),
    Empty,
}

impl From<Environment> for Reply {
    fn from(environment: Environment) -> Reply {
        Reply::Environment(environment)
    }
}

impl From<EnvironmentPage> for Reply {
    fn from(page: EnvironmentPage) -> Reply {
        Reply::Environments(page)
    }
}

impl From<EnvironmentTemplateVersion> for Reply {
    fn from(version: EnvironmentTemplateVersion) -> Reply {
        Reply::TemplateVersion(version)
    }
}

impl From<TemplateVersionPage> for Reply {
    fn from(page: TemplateVersionPage) -> Reply {
        Reply::TemplateVersions(page)
    }
}

impl From<EnvironmentTemplate> for Reply {
    fn from(template: EnvironmentTemplate) -> Reply {
        Reply::Template(template)
    }
}

impl From<TemplatePage> for Reply {
    fn from(page: TemplatePage) -> Reply {
        Reply::Templates(page)
    }
}

impl From<Connection> for Reply {
    fn from(connection: Connection) -> Reply {
        Reply::Connection(connection)
    }
}

impl From<ConnectionPage> for Reply {
    fn from(page: ConnectionPage) -> Reply {
        Reply::Page(page)
    }
}

impl From<TagPage> for Reply {
    fn from(page: TagPage) -> Reply {
        Reply::Tags(page)
    }
}

impl From<()> for Reply {
    fn from((): ()) -> Reply {
        Reply::Empty
    }
}

/// The clock, the id source and the quota an invocation runs with (CONTRACT.md sections 4, 9).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Every timestamp written is this instant, when set.
    pub now: Option<Timestamp>,
    /// The id of the connection the next create makes, when set; else a random UUID v4.
    pub next_id: Option<String>,
    /// Connections per environment account per region.
    pub quota: u64,
    /// Environment templates per account per region.
    pub template_quota: u64,
    /// Environments per account per region.
    pub environment_quota: u64,
}

pub const DEFAULT_QUOTA: u64 = 1000;

/// The published quota on templates: 1,000 per account per region ("Templates per account",
/// the General Reference's AWS Proton quotas; the 2021-2023 guides said 100).
pub const DEFAULT_TEMPLATE_QUOTA: u64 = 1000;

/// The published quota on environments: 1,000 per account per region ("Environments per
/// account", the current AWS Proton quotas; the 2021-2023 guides said 100).
pub const DEFAULT_ENVIRONMENT_QUOTA: u64 = 1000;

/// A client token is honoured for eight hours, as the service documents.
const CLIENT_TOKEN_LIFETIME_MILLIS: i64 = 8 * 60 * 60 * 1000;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            now: None,
            next_id: None,
            quota: DEFAULT_QUOTA,
            template_quota: DEFAULT_TEMPLATE_QUOTA,
            environment_quota: DEFAULT_ENVIRONMENT_QUOTA,
        }
    }
}

/// The service, for one or more requests on one open database.
pub struct Proton<'a> {
    store: &'a mut Store,
    settings: &'a Settings,
}

impl<'a> Proton<'a> {
    pub fn new(store: &'a mut Store, settings: &'a Settings) -> Self {
        Proton { store, settings }
    }

    fn now(&self) -> Timestamp {
        self.settings.now.unwrap_or_else(Timestamp::now)
    }

    fn new_id(&self) -> String {
        match &self.settings.next_id {
            Some(id) => id.clone(),
            None => uuid::Uuid::new_v4().to_string(),
        }
    }
}
