//! The command line, as clap structs only: one `Args` struct per operation, with the AWS CLI's
//! command and option names. Doc comments are the `--help` text.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::{ArgValueCandidates, Shell};

use crate::service::validate;

/// A local emulator of AWS Proton environment account connections, environment templates and
/// environments.
///
/// Runs the `aws proton` connection, template and environment commands against a local SQLite
/// file, as the account and region given by --account-id and --region (or an AWS CLI profile),
/// with the real service's rules.
#[derive(Debug, Parser)]
#[command(
    name = "proton-local",
    version,
    propagate_version = true,
    max_term_width = 100,
    // An option given twice is the last one given, as argparse stores it for the AWS CLI
    // (`--statuses PENDING --statuses CONNECTED` lists the CONNECTED ones).
    args_override_self = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after the command name.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The calling AWS account, 12 digits [default: $AWS_ACCOUNT_ID, then the profile's
    /// aws_account_id, then a 12-digit access key id: $AWS_ACCESS_KEY_ID or the profile's]
    #[arg(long, global = true, value_name = "ID", value_parser = parse_account_id)]
    pub account_id: Option<String>,

    /// The calling region, such as us-east-1 [default: $AWS_REGION, then $AWS_DEFAULT_REGION,
    /// then the profile's region]
    // Not checked by clap: a malformed region is the AWS CLI's own refusal (exit 255) wherever it
    // comes from, the option included.
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// The AWS CLI profile to take the account, region and endpoint from: [profile NAME] in
    /// ~/.aws/config ($AWS_CONFIG_FILE), [NAME] in ~/.aws/credentials
    /// ($AWS_SHARED_CREDENTIALS_FILE) [default: $AWS_PROFILE, then [default]]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// The SQLite database file, created on first use
    /// [default: $PROTON_LOCAL_DB, then proton-local/proton-local.db in the user's data folder]
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub db: Option<PathBuf>,

    /// The format of the output [default: $AWS_DEFAULT_OUTPUT, then json]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// A JMESPath query to apply to the reply before it is printed, as the AWS CLI's --query
    #[arg(
        long,
        global = true,
        value_name = "EXPRESSION",
        allow_hyphen_values = true
    )]
    pub query: Option<String>,

    /// Colours in --output table: on, off, or auto (on when stdout is a terminal)
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Send the command to a `proton-local serve` at this URL instead of opening a database
    /// [default: $AWS_ENDPOINT_URL_PROTON, then $AWS_ENDPOINT_URL, then the profile's endpoint_url]
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Make one call of a list command and print its reply as it is, with its nextToken, instead
    /// of every page
    #[arg(long, global = true)]
    pub no_paginate: bool,

    /// Log what the command does on stderr: the caller, the database or the server, and each
    /// call with its time
    #[arg(long, global = true)]
    pub debug: bool,

    /// With --endpoint-url, the seconds to wait for a connection; 0 waits as long as it takes
    /// [default: 60]
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_connect_timeout: Option<u64>,

    /// With --endpoint-url, the seconds to wait for a reply; 0 waits as long as it takes
    /// [default: 60]
    #[arg(long, global = true, value_name = "SECONDS")]
    pub cli_read_timeout: Option<u64>,

    /// Accepted, as the AWS CLI's: proton-local never pages its output through a pager
    #[arg(long, global = true)]
    pub no_cli_pager: bool,

    /// Accepted, as the AWS CLI's: a proton-local server speaks plain HTTP, so there is no
    /// certificate to verify
    #[arg(long, global = true)]
    pub no_verify_ssl: bool,

    /// Accepted, as the AWS CLI's (see --no-verify-ssl)
    #[arg(long, global = true, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub ca_bundle: Option<PathBuf>,
}

/// The AWS CLI v2's output formats, with the same names (`--output`, `AWS_DEFAULT_OUTPUT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// JSON, as the AWS CLI prints it
    Json,
    /// Tab-separated lines, one per object
    Text,
    /// A table drawn with ASCII characters, titled with the operation's name
    Table,
    /// YAML
    Yaml,
    /// YAML, one list item per page of a listing
    #[value(name = "yaml-stream")]
    YamlStream,
    /// Nothing: only the exit code tells how the command went
    Off,
}

impl OutputFormat {
    /// The format named `name` as `--output` spells it.
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        OutputFormat::value_variants()
            .iter()
            .copied()
            .find(|format| {
                format
                    .to_possible_value()
                    .is_some_and(|v| v.get_name() == name)
            })
    }
}

/// `--color`: as the AWS CLI's, it only colours tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    On,
    Off,
    #[default]
    Auto,
}

/// Each operation's usage line is written out: its required options may come from
/// --cli-input-json instead, so clap would leave them out of the line it makes.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// In an environment account, ask a management account to connect (status PENDING)
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local create-environment-account-connection [OPTIONS] --environment-name <NAME> --management-account-id <ID>"
    )]
    CreateEnvironmentAccountConnection(CreateArgs),
    /// In a management account, accept a PENDING connection (status CONNECTED)
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local accept-environment-account-connection [OPTIONS] --id <ID>"
    )]
    AcceptEnvironmentAccountConnection(IdArgs),
    /// In a management account, reject a connection; a rejected connection can't be used again
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local reject-environment-account-connection [OPTIONS] --id <ID>"
    )]
    RejectEnvironmentAccountConnection(IdArgs),
    /// In either account, show a connection
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local get-environment-account-connection [OPTIONS] --id <ID>"
    )]
    GetEnvironmentAccountConnection(IdArgs),
    /// In an environment account, replace a connection's roles
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local update-environment-account-connection [OPTIONS] --id <ID>"
    )]
    UpdateEnvironmentAccountConnection(UpdateArgs),
    /// In an environment account, delete a connection; prints it as it was
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local delete-environment-account-connection [OPTIONS] --id <ID>"
    )]
    DeleteEnvironmentAccountConnection(IdArgs),
    /// List the caller's connections in its region, from one side
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local list-environment-account-connections [OPTIONS] --requested-by <SIDE>"
    )]
    ListEnvironmentAccountConnections(ListArgs),
    /// Tag a connection (as its environment account), a template or an environment by its ARN; a
    /// key it has takes the new value
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local tag-resource [OPTIONS] --resource-arn <ARN> --tags <TAGS>..."
    )]
    TagResource(TagResourceArgs),
    /// Remove tags from a connection (as its environment account), a template or an environment
    /// by their keys
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local untag-resource [OPTIONS] --resource-arn <ARN> --tag-keys <KEY>..."
    )]
    UntagResource(UntagResourceArgs),
    /// List a connection's (as its environment account), a template's or an environment's tags,
    /// in key order
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local list-tags-for-resource [OPTIONS] --resource-arn <ARN>"
    )]
    ListTagsForResource(ListTagsArgs),
    /// In a management account, create an environment template (a record: no bundle is fetched)
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local create-environment-template [OPTIONS] --name <NAME>"
    )]
    CreateEnvironmentTemplate(CreateTemplateArgs),
    /// Show one of the caller's environment templates
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local get-environment-template [OPTIONS] --name <NAME>"
    )]
    GetEnvironmentTemplate(TemplateNameArgs),
    /// List the caller's environment templates in its region, in name order
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local list-environment-templates [OPTIONS]"
    )]
    ListEnvironmentTemplates(ListTemplatesArgs),
    /// Replace an environment template's display name or description
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local update-environment-template [OPTIONS] --name <NAME>"
    )]
    UpdateEnvironmentTemplate(UpdateTemplateArgs),
    /// Delete an environment template and its tags; prints it as it was
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local delete-environment-template [OPTIONS] --name <NAME>"
    )]
    DeleteEnvironmentTemplate(TemplateNameArgs),
    /// Register a new version of an environment template, DRAFT at once (its source is recorded,
    /// not fetched)
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local create-environment-template-version [OPTIONS] --template-name <NAME> --source <SOURCE>"
    )]
    CreateEnvironmentTemplateVersion(CreateTemplateVersionArgs),
    /// Show one version of one of the caller's environment templates
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local get-environment-template-version [OPTIONS] --template-name <NAME> --major-version <MAJOR> --minor-version <MINOR>"
    )]
    GetEnvironmentTemplateVersion(TemplateVersionArgs),
    /// List an environment template's versions (of one major version with --major-version), in
    /// version order
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local list-environment-template-versions [OPTIONS] --template-name <NAME>"
    )]
    ListEnvironmentTemplateVersions(ListTemplateVersionsArgs),
    /// Publish an environment template version, or replace its description
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local update-environment-template-version [OPTIONS] --template-name <NAME> --major-version <MAJOR> --minor-version <MINOR>"
    )]
    UpdateEnvironmentTemplateVersion(UpdateTemplateVersionArgs),
    /// Delete an environment template version and its tags; prints it as it was
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local delete-environment-template-version [OPTIONS] --template-name <NAME> --major-version <MAJOR> --minor-version <MINOR>"
    )]
    DeleteEnvironmentTemplateVersion(TemplateVersionArgs),
    /// In a management account, create an environment from a PUBLISHED template version, on an
    /// environment account connection or in the caller's account; deployed at once
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local create-environment [OPTIONS] --name <NAME> --template-name <NAME> --template-major-version <MAJOR> --spec <SPEC>"
    )]
    CreateEnvironment(CreateEnvironmentArgs),
    /// Show one of the caller's environments
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local get-environment [OPTIONS] --name <NAME>"
    )]
    GetEnvironment(EnvironmentNameArgs),
    /// List the caller's environments in its region, in name order (of some template major
    /// versions with --environment-templates)
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local list-environments [OPTIONS]"
    )]
    ListEnvironments(ListEnvironmentsArgs),
    /// Update an environment: its description, roles, spec or connection, and deploy it (at once)
    /// unless --deployment-type is NONE
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local update-environment [OPTIONS] --name <NAME> --deployment-type <TYPE>"
    )]
    UpdateEnvironment(UpdateEnvironmentArgs),
    /// Delete an environment and its tags; prints it as it was, DELETE_COMPLETE
    #[command(
        disable_version_flag = true,
        override_usage = "proton-local delete-environment [OPTIONS] --name <NAME>"
    )]
    DeleteEnvironment(EnvironmentNameArgs),
    /// Wait until a particular condition is satisfied. Each subcommand polls an API until the
    /// listed requirement is met
    #[command(disable_version_flag = true)]
    Wait(WaitArgs),
    /// Serve the AWS JSON protocol, so the AWS CLI, boto3 and the SDKs can use the database
    #[command(disable_version_flag = true)]
    Serve(ServeArgs),
    /// Print the script that makes a shell complete proton-local's commands, options and values
    #[command(disable_version_flag = true)]
    Completions(CompletionsArgs),
    /// Print the status changes of the caller's connections, one EventBridge event a JSON line;
    /// with --follow, keep printing new ones as any process makes them
    #[command(disable_version_flag = true)]
    Events(EventsArgs),
}

impl Command {
    /// Whether the command runs an operation and prints its reply (`serve`, `completions` and
    /// `events` don't).
    pub fn prints_a_reply(&self) -> bool {
        !matches!(
            self,
            Command::Serve(_) | Command::Completions(_) | Command::Events(_)
        )
    }
}

/// The caller of each request comes from its SigV4 Authorization header: the region from the
/// credential scope, the account from the access key id when that is 12 digits.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The host (a name such as localhost, or an IP address such as 127.0.0.1 or [::1]) and port to
    /// listen on; port 0 picks a free one
    #[arg(
        long,
        value_name = "HOST:PORT",
        default_value = "127.0.0.1:4599",
        value_parser = parse_listen
    )]
    pub listen: String,

    /// The account of requests whose access key id is not 12 digits; without it they are refused
    #[arg(long, value_name = "ID", value_parser = parse_account_id)]
    pub default_account_id: Option<String>,

    /// Let clients pin the clock, the next id and the quota (the PROTON_LOCAL_* settings that
    /// `proton-local --endpoint-url` sends as x-proton-local-* headers), for tests. Without it
    /// these are the server's own, from its environment, and a request that tries to change them
    /// is refused
    #[arg(long)]
    pub allow_client_settings: bool,

    /// Also answer requests whose Host header names HOST (repeatable; * for any name). IP
    /// addresses, localhost and the --listen host are always answered; other names are refused,
    /// so that no web page can reach the server through a name of its own (DNS rebinding)
    #[arg(long, value_name = "HOST", value_parser = parse_allowed_host)]
    pub allow_host: Vec<String>,

    /// At most N connections at once [default: 1024, or fewer if the open-file limit leaves room
    /// for fewer]. A client beyond them takes the place of the connection idle the longest, else
    /// waits to be accepted
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: Option<u64>,

    /// From a request's first byte, the time its headers, and then its body, may take to arrive;
    /// a slower request is answered 408 and its connection closed
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// How long a connection may sit without a request before it is closed, and how long a whole
    /// list being sent may wait for its client to read on before it is cut off
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub idle_timeout: u64,

    /// How long a request waits for the database (behind the server's other requests, or another
    /// process's lock on the file) before it is answered ThrottlingException, which the AWS CLI
    /// and the SDKs retry
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub lock_timeout: u64,

    #[command(flatten)]
    pub not_here: ClientOptions,
}

/// The global options of the commands that call the service: they mean nothing to `serve` (each
/// request names its own caller) or to `completions`. Declared again here, hidden, with the global
/// ones' types, clap leaves those out of these commands' --help; given anyway, the command refuses
/// the ones that name a caller. How to print (`--output`, `--query`, `--color`) is only hidden:
/// these commands print no reply, and ignore it as they always have.
#[derive(Debug, Args)]
pub struct ClientOptions {
    #[arg(long, hide = true, value_parser = parse_account_id)]
    pub account_id: Option<String>,
    #[arg(long, hide = true)]
    pub region: Option<String>,
    #[arg(long, hide = true)]
    pub profile: Option<String>,
    #[arg(long, hide = true, value_enum)]
    pub output: Option<OutputFormat>,
    #[arg(long, hide = true, allow_hyphen_values = true)]
    pub query: Option<String>,
    #[arg(long, hide = true, value_enum)]
    pub color: Option<ColorChoice>,
    #[arg(long, hide = true)]
    pub endpoint_url: Option<String>,
    #[arg(long, hide = true)]
    pub no_paginate: bool,
    #[arg(long, hide = true)]
    pub debug: bool,
    #[arg(long, hide = true)]
    pub cli_connect_timeout: Option<u64>,
    #[arg(long, hide = true)]
    pub cli_read_timeout: Option<u64>,
    #[arg(long, hide = true)]
    pub no_cli_pager: bool,
    #[arg(long, hide = true)]
    pub no_verify_ssl: bool,
    #[arg(long, hide = true)]
    pub ca_bundle: Option<PathBuf>,
}

impl ClientOptions {
    /// The first of these options given, before or after the command name (a global one given
    /// before it reaches this copy too).
    pub fn given(&self, global: &GlobalArgs) -> Option<&'static str> {
        [
            (
                "--account-id",
                self.account_id.is_some() || global.account_id.is_some(),
            ),
            ("--region", self.region.is_some() || global.region.is_some()),
            (
                "--profile",
                self.profile.is_some() || global.profile.is_some(),
            ),
            (
                "--endpoint-url",
                self.endpoint_url.is_some() || global.endpoint_url.is_some(),
            ),
            ("--no-paginate", self.no_paginate || global.no_paginate),
            ("--debug", self.debug || global.debug),
            ("--cli-connect-timeout", self.cli_connect_timeout.is_some()),
            ("--cli-read-timeout", self.cli_read_timeout.is_some()),
            ("--no-cli-pager", self.no_cli_pager || global.no_cli_pager),
            (
                "--no-verify-ssl",
                self.no_verify_ssl || global.no_verify_ssl,
            ),
            ("--ca-bundle", self.ca_bundle.is_some()),
        ]
        .into_iter()
        .find_map(|(option, given)| given.then_some(option))
    }
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The name of the environment the management account will create (1-100 letters, digits, - and _)
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub environment_name: Option<String>,

    /// The management account that accepts or rejects the connection (12 digits)
    #[arg(long, value_name = "ID", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub management_account_id: Option<String>,

    #[command(flatten)]
    pub roles: RoleArgs,

    /// Makes the request idempotent: repeating it with the same token returns the first result
    #[arg(long, value_name = "TOKEN", allow_hyphen_values = true)]
    pub client_token: Option<String>,

    /// Tags for the connection: `key=team,value=infra key=env,value=dev`, or JSON
    /// `[{"key":"team","value":"infra"}]`
    // argparse takes `-1` or `-.5` as a value, not an option: so does this.
    #[arg(long, value_name = "TAGS", num_args = 1.., action = ArgAction::Set, allow_negative_numbers = true)]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

/// The three roles a connection carries, each a role in the environment account. On update, the
/// roles given replace the old ones and the others stay.
#[derive(Debug, Args)]
pub struct RoleArgs {
    /// The IAM role Proton provisions environment infrastructure with
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,

    /// The IAM role for CodeBuild-based provisioning
    #[arg(long, value_name = "ARN")]
    pub codebuild_role_arn: Option<String>,

    /// The IAM role for directly defined components
    #[arg(long, value_name = "ARN")]
    pub component_role_arn: Option<String>,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// The id of the environment account connection
    #[arg(long, value_name = "ID", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub id: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The id of the environment account connection
    #[arg(long, value_name = "ID", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub id: Option<String>,

    #[command(flatten)]
    pub roles: RoleArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

/// The options a required option is not required with: its value may come from a file.
const INPUT_FROM_ELSEWHERE: [&str; 3] =
    ["cli_input_json", "cli_input_yaml", "generate_cli_skeleton"];

/// The AWS CLI's input options of every operation.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Read the parameters from JSON (inline or file://PATH) in --generate-cli-skeleton's format;
    /// options given on the command line win over it
    #[arg(long, value_name = "JSON")]
    pub cli_input_json: Option<String>,

    /// Read the parameters from YAML (inline or file://PATH) in --generate-cli-skeleton
    /// yaml-input's format; options given on the command line win over it
    #[arg(long, value_name = "YAML")]
    pub cli_input_yaml: Option<String>,

    /// Print a skeleton and send nothing: of the input as JSON (input, the default) or YAML
    /// (yaml-input), or of the output (output)
    #[arg(
        long,
        value_name = "KIND",
        value_enum,
        num_args = 0..=1,
        default_missing_value = "input"
    )]
    pub generate_cli_skeleton: Option<Skeleton>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Skeleton {
    /// The input, as JSON for --cli-input-json
    Input,
    /// The output, as a reply would print
    Output,
    /// The input, as YAML for --cli-input-yaml, with each member's documentation
    YamlInput,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Which side the caller lists from: MANAGEMENT_ACCOUNT or ENVIRONMENT_ACCOUNT
    #[arg(
        long,
        value_name = "SIDE",
        required_unless_present_any = INPUT_FROM_ELSEWHERE,
        add = ArgValueCandidates::new(crate::completion::sides)
    )]
    pub requested_by: Option<String>,

    /// Only connections for this environment name
    #[arg(long, value_name = "NAME")]
    pub environment_name: Option<String>,

    /// Only connections in these statuses: PENDING, CONNECTED, REJECTED
    #[arg(
        long,
        value_name = "STATUS",
        num_args = 1..,
        action = ArgAction::Set,
        add = ArgValueCandidates::new(crate::completion::statuses)
    )]
    pub statuses: Vec<String>,

    /// Return one page of at most this many connections (1-100), with a nextToken while more remain
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_results: Option<i64>,

    /// Continue a list from the nextToken of the previous page
    #[arg(long, value_name = "TOKEN")]
    pub next_token: Option<String>,

    /// The most connections to print in all; when more remain, the output ends with a NextToken
    /// for --starting-token
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_items: Option<i64>,

    /// Start from the NextToken of a list cut short by --max-items
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// How many connections to ask for in each call (1-100); the output is the same, in more calls
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct TagResourceArgs {
    /// The ARN of the resource: an environment account connection's
    /// (arn:aws:proton:REGION:ACCOUNT:environment-account-connection/ID), an environment
    /// template's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME), a template
    /// version's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME:MAJOR.MINOR) or an
    /// environment's (arn:aws:proton:REGION:ACCOUNT:environment/NAME)
    #[arg(long, value_name = "ARN", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub resource_arn: Option<String>,

    /// The tags to set (at most 50 on the resource): `key=team,value=infra key=env,value=dev`,
    /// or JSON `[{"key":"team","value":"infra"}]`
    #[arg(
        long,
        value_name = "TAGS",
        num_args = 1..,
        action = ArgAction::Set,
        required_unless_present_any = INPUT_FROM_ELSEWHERE
    )]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct UntagResourceArgs {
    /// The ARN of the resource: an environment account connection's
    /// (arn:aws:proton:REGION:ACCOUNT:environment-account-connection/ID), an environment
    /// template's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME), a template
    /// version's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME:MAJOR.MINOR) or an
    /// environment's (arn:aws:proton:REGION:ACCOUNT:environment/NAME)
    #[arg(long, value_name = "ARN", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub resource_arn: Option<String>,

    /// The keys of the tags to remove: `team env`, or JSON `["team","env"]`; a key the resource
    /// lacks is passed over
    #[arg(
        long,
        value_name = "KEY",
        num_args = 1..,
        action = ArgAction::Set,
        required_unless_present_any = INPUT_FROM_ELSEWHERE
    )]
    pub tag_keys: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ListTagsArgs {
    /// The ARN of the resource: an environment account connection's
    /// (arn:aws:proton:REGION:ACCOUNT:environment-account-connection/ID), an environment
    /// template's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME), a template
    /// version's (arn:aws:proton:REGION:ACCOUNT:environment-template/NAME:MAJOR.MINOR) or an
    /// environment's (arn:aws:proton:REGION:ACCOUNT:environment/NAME)
    #[arg(long, value_name = "ARN", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub resource_arn: Option<String>,

    /// Return one page of at most this many tags (1-100), with a nextToken while more remain
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_results: Option<i64>,

    /// Continue a list from the nextToken of the previous page
    #[arg(long, value_name = "TOKEN")]
    pub next_token: Option<String>,

    /// The most tags to print in all; when more remain, the output ends with a NextToken for
    /// --starting-token
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_items: Option<i64>,

    /// Start from the NextToken of a list cut short by --max-items
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// How many tags to ask for in each call (1-100); the output is the same, in more calls
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub input: InputArgs,
}

/// The caller is the global options' (--account-id, --region, the environment, the profile); the
/// events are read from the database, never through --endpoint-url.
#[derive(Debug, Args)]
pub struct EventsArgs {
    /// After the events so far, keep waiting for new ones and print each as it comes, until
    /// interrupted
    #[arg(long)]
    pub follow: bool,
}

#[derive(Debug, Args)]
pub struct CreateTemplateArgs {
    /// The template's name, unique in the account and region (1-100 letters, digits, - and _)
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    /// The name shown in the developer interface (1-100 characters)
    #[arg(long, value_name = "TEXT")]
    pub display_name: Option<String>,

    /// A description of the template (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// The ARN of the customer-managed KMS key that encrypts the template's data (recorded)
    #[arg(long, value_name = "ARN")]
    pub encryption_key: Option<String>,

    /// CUSTOMER_MANAGED for a template of infrastructure provisioned and managed outside Proton
    #[arg(
        long,
        value_name = "PROVISIONING",
        add = ArgValueCandidates::new(crate::completion::provisionings)
    )]
    pub provisioning: Option<String>,

    /// Tags for the template: `key=team,value=infra key=env,value=dev`, or JSON
    /// `[{"key":"team","value":"infra"}]`
    // argparse takes `-1` or `-.5` as a value, not an option: so does this.
    #[arg(long, value_name = "TAGS", num_args = 1.., action = ArgAction::Set, allow_negative_numbers = true)]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct TemplateNameArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct UpdateTemplateArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    /// The new display name (1-100 characters)
    #[arg(long, value_name = "TEXT")]
    pub display_name: Option<String>,

    /// The new description (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ListTemplatesArgs {
    /// Return one page of at most this many templates (1-100), with a nextToken while more remain
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_results: Option<i64>,

    /// Continue a list from the nextToken of the previous page
    #[arg(long, value_name = "TOKEN")]
    pub next_token: Option<String>,

    /// The most templates to print in all; when more remain, the output ends with a NextToken
    /// for --starting-token
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_items: Option<i64>,

    /// Start from the NextToken of a list cut short by --max-items
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// How many templates to ask for in each call (1-100); the output is the same, in more calls
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct CreateTemplateVersionArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_name: Option<String>,

    /// The major version to add a minor version to, or a new major version; by default the
    /// template's highest (1 for its first version)
    #[arg(long, value_name = "MAJOR")]
    pub major_version: Option<String>,

    /// The template bundle, recorded and not fetched: `s3={bucket=BUCKET,key=KEY}`, or JSON
    /// `{"s3":{"bucket":"BUCKET","key":"KEY"}}`
    #[arg(long, value_name = "SOURCE", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub source: Option<String>,

    /// A description of the version (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// A token that makes retries safe: the same request with it again, within eight hours,
    /// returns the version it made
    #[arg(long, value_name = "TOKEN")]
    pub client_token: Option<String>,

    /// Tags for the version: `key=team,value=infra key=env,value=dev`, or JSON
    /// `[{"key":"team","value":"infra"}]`
    // argparse takes `-1` or `-.5` as a value, not an option: so does this.
    #[arg(long, value_name = "TAGS", num_args = 1.., action = ArgAction::Set, allow_negative_numbers = true)]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct TemplateVersionArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_name: Option<String>,

    /// The major version
    #[arg(long, value_name = "MAJOR", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub major_version: Option<String>,

    /// The minor version
    #[arg(long, value_name = "MINOR", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub minor_version: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct UpdateTemplateVersionArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_name: Option<String>,

    /// The major version
    #[arg(long, value_name = "MAJOR", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub major_version: Option<String>,

    /// The minor version
    #[arg(long, value_name = "MINOR", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub minor_version: Option<String>,

    /// The new description (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// PUBLISHED to publish a DRAFT version (the template's recommended version follows)
    #[arg(
        long,
        value_name = "STATUS",
        add = ArgValueCandidates::new(crate::completion::template_version_statuses)
    )]
    pub status: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ListTemplateVersionsArgs {
    /// The name of the environment template
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_name: Option<String>,

    /// List only the minor versions of this major version
    #[arg(long, value_name = "MAJOR")]
    pub major_version: Option<String>,

    /// Return one page of at most this many versions (1-100), with a nextToken while more remain
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_results: Option<i64>,

    /// Continue a list from the nextToken of the previous page
    #[arg(long, value_name = "TOKEN")]
    pub next_token: Option<String>,

    /// The most versions to print in all; when more remain, the output ends with a NextToken
    /// for --starting-token
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_items: Option<i64>,

    /// Start from the NextToken of a list cut short by --max-items
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// How many versions to ask for in each call (1-100); the output is the same, in more calls
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct CreateEnvironmentArgs {
    /// The environment's name, unique in the account and region (1-100 letters, digits, - and
    /// _); on a connection, the connection's environment name
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    /// The environment template to create it from
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_name: Option<String>,

    /// The template's major version
    #[arg(long, value_name = "MAJOR", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub template_major_version: Option<String>,

    /// The template's minor version, PUBLISHED; by default the recommended (highest published)
    /// minor version of the major version
    #[arg(long, value_name = "MINOR")]
    pub template_minor_version: Option<String>,

    /// The environment's spec (YAML, 1-51200 characters), inline or file://PATH; kept as given
    #[arg(
        long,
        value_name = "SPEC",
        required_unless_present_any = INPUT_FROM_ELSEWHERE,
        allow_hyphen_values = true
    )]
    pub spec: Option<String>,

    /// A description of the environment (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// The CONNECTED environment account connection to provision in, which names this
    /// environment; only its management account can use it
    #[arg(long, value_name = "ID")]
    pub environment_account_connection_id: Option<String>,

    /// The Proton service role, for an environment provisioned in the caller's own account (not
    /// with --environment-account-connection-id)
    #[arg(long, value_name = "ARN")]
    pub proton_service_role_arn: Option<String>,

    /// The IAM role for CodeBuild-based provisioning (recorded)
    #[arg(long, value_name = "ARN")]
    pub codebuild_role_arn: Option<String>,

    /// The IAM role for directly defined components (recorded)
    #[arg(long, value_name = "ARN")]
    pub component_role_arn: Option<String>,

    /// A linked repository for self-managed provisioning: `provider=GITHUB,name=OWNER/REPO,branch=BRANCH`;
    /// proton-local links no repositories, so it is never found
    #[arg(long, value_name = "REPOSITORY")]
    pub provisioning_repository: Option<String>,

    /// Tags for the environment: `key=team,value=infra key=env,value=dev`, or JSON
    /// `[{"key":"team","value":"infra"}]`
    // argparse takes `-1` or `-.5` as a value, not an option: so does this.
    #[arg(long, value_name = "TAGS", num_args = 1.., action = ArgAction::Set, allow_negative_numbers = true)]
    pub tags: Vec<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct EnvironmentNameArgs {
    /// The name of the environment
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct UpdateEnvironmentArgs {
    /// The name of the environment
    #[arg(long, value_name = "NAME", required_unless_present_any = INPUT_FROM_ELSEWHERE)]
    pub name: Option<String>,

    /// NONE (no deployment: members only), CURRENT_VERSION (the same template version),
    /// MINOR_VERSION (a minor version of the same major; the recommended one by default) or
    /// MAJOR_VERSION (a higher major version; the recommended one by default)
    #[arg(
        long,
        value_name = "TYPE",
        required_unless_present_any = INPUT_FROM_ELSEWHERE,
        add = ArgValueCandidates::new(crate::completion::deployment_types)
    )]
    pub deployment_type: Option<String>,

    /// The major version to move to (with MINOR_VERSION or MAJOR_VERSION)
    #[arg(long, value_name = "MAJOR")]
    pub template_major_version: Option<String>,

    /// The minor version to move to (with MINOR_VERSION or MAJOR_VERSION)
    #[arg(long, value_name = "MINOR")]
    pub template_minor_version: Option<String>,

    /// The new spec (YAML, 1-51200 characters), inline or file://PATH; kept as given
    #[arg(long, value_name = "SPEC", allow_hyphen_values = true)]
    pub spec: Option<String>,

    /// The new description (at most 500 characters)
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// A new CONNECTED connection from the same environment account for this environment: how
    /// an environment whose connection was deleted is managed again
    #[arg(long, value_name = "ID")]
    pub environment_account_connection_id: Option<String>,

    /// The new Proton service role (not for an environment on a connection)
    #[arg(long, value_name = "ARN")]
    pub proton_service_role_arn: Option<String>,

    /// The new IAM role for CodeBuild-based provisioning
    #[arg(long, value_name = "ARN")]
    pub codebuild_role_arn: Option<String>,

    /// The new IAM role for directly defined components
    #[arg(long, value_name = "ARN")]
    pub component_role_arn: Option<String>,

    /// A linked repository for self-managed provisioning (refused: environments here are
    /// AWS-managed)
    #[arg(long, value_name = "REPOSITORY")]
    pub provisioning_repository: Option<String>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ListEnvironmentsArgs {
    /// Only environments of these template major versions:
    /// `templateName=NAME,majorVersion=MAJOR ...`, or JSON
    /// `[{"templateName":"NAME","majorVersion":"MAJOR"}]`
    #[arg(long, value_name = "FILTERS", num_args = 1.., action = ArgAction::Set)]
    pub environment_templates: Vec<String>,

    /// Return one page of at most this many environments (1-100), with a nextToken while more
    /// remain
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_results: Option<i64>,

    /// Continue a list from the nextToken of the previous page
    #[arg(long, value_name = "TOKEN")]
    pub next_token: Option<String>,

    /// The most environments to print in all; when more remain, the output ends with a
    /// NextToken for --starting-token
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_items: Option<i64>,

    /// Start from the NextToken of a list cut short by --max-items
    #[arg(long, value_name = "TOKEN")]
    pub starting_token: Option<String>,

    /// How many environments to ask for in each call (1-100); the output is the same, in more
    /// calls
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub page_size: Option<i64>,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    #[command(subcommand)]
    pub waiter: WaitCommand,
}

/// A `wait` subcommand for each waiter of `waiters::waiters`, with the options of the operation it
/// polls. Its help is the model's description and botocore's sentence on the polling.
macro_rules! wait_commands {
    ($($name:ident = $operation:ident($args:ident), $delay:literal, $attempts:literal, $description:literal, $usage:literal, [$($acceptors:tt)*];)*) => {
        #[derive(Debug, Subcommand)]
        pub enum WaitCommand {
            $(
                #[command(
                    about = $description,
                    long_about = concat!(
                        $description, "\n\nIt will poll every ", $delay, " seconds until a ",
                        "successful state has been reached. This will exit with a return code of ",
                        "255 after ", $attempts, " failed checks. A WaiterConfig object in ",
                        "--cli-input-json or --cli-input-yaml changes both, as the AWS CLI's does: ",
                        "{\"Delay\": SECONDS, \"MaxAttempts\": N}"
                    )
                )]
                #[command(disable_version_flag = true, override_usage = $usage)]
                $name($args),
            )*
        }
    };
}

crate::waiters::waiters!(wait_commands);

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,

    #[command(flatten)]
    pub not_here: ClientOptions,
}

/// The AWS CLI's `COMMAND help`: the word `help` right after a command's name, or last on the
/// line where it can't be an option's value, asks for that command's help, as `--help` does.
/// `command` is `Cli::command()`, built once per run by the caller.
pub fn help_word(
    command: &clap::Command,
    mut args: Vec<std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let Some(at) = args
        .iter()
        .skip(1)
        .position(|arg| {
            arg.to_str()
                .is_some_and(|name| name != "help" && command.find_subcommand(name).is_some())
        })
        .map(|index| index + 1)
    else {
        return args;
    };
    let last = args.len() - 1;
    let word = if args.get(at + 1).is_some_and(|arg| arg == "help") {
        Some(at + 1)
    } else if last > at
        && args[last] == "help"
        && !args[last - 1].to_string_lossy().starts_with("--")
    {
        Some(last)
    } else {
        None
    };
    if let Some(index) = word {
        args[index] = "--help".into();
    }
    args
}

/// clap leaves the usage line out when it refuses an option's value; every usage error here
/// shows it (CONTRACT.md section 6), for the command that was being run.
pub fn with_usage(mut err: clap::Error, args: &[std::ffi::OsString]) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let refused_value = matches!(
        err.kind(),
        ErrorKind::ValueValidation | ErrorKind::InvalidValue
    );
    if !refused_value || err.get(ContextKind::Usage).is_some() {
        return err;
    }
    let mut command = Cli::command();
    command.build();
    let usage = match args
        .iter()
        .skip(1)
        .find_map(|arg| command.find_subcommand(arg))
    {
        Some(subcommand) => subcommand.clone().render_usage(),
        None => command.render_usage(),
    };
    err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    err
}

pub fn parse_account_id(value: &str) -> Result<String, String> {
    if validate::is_account_id(value) {
        Ok(value.to_string())
    } else {
        Err("an account id is exactly 12 digits, such as 111122223333".to_string())
    }
}

/// `^[a-z]{2}(-[a-z]+)+-[0-9]+$`: us-east-1, us-gov-west-1, cn-north-1.
pub fn parse_region(value: &str) -> Result<String, String> {
    let parts: Vec<&str> = value.split('-').collect();
    let is_region = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if is_region {
        Ok(value.to_string())
    } else {
        Err("a region is like us-east-1, us-gov-west-1 or cn-north-1".to_string())
    }
}

/// `--listen HOST:PORT`, HOST a name or an IP address, an IPv6 one in brackets. The name is looked
/// up now, so that one that does not resolve is a usage error; the server binds the first of its
/// addresses that works.
pub fn parse_listen(value: &str) -> Result<String, String> {
    use std::net::ToSocketAddrs;
    if value.parse::<SocketAddr>().is_ok() {
        return Ok(value.to_string());
    }
    let expected = "expected HOST:PORT, such as localhost:4599, 127.0.0.1:0 or [::1]:0";
    let Some((host, port)) = value
        .rsplit_once(':')
        .filter(|(host, _)| !host.is_empty() && !value.ends_with(']'))
    else {
        return Err(expected.to_string());
    };
    let port: u16 = port
        .parse()
        .map_err(|_| format!("'{port}' is not a port: expected a number from 0 to 65535"))?;
    if let Some(inside) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return Err(format!("'{inside}' is not an IPv6 address"));
    }
    if host.starts_with('[') {
        return Err(expected.to_string());
    }
    if host.contains(':') {
        return Err(format!(
            "an IPv6 address goes in brackets before its port: [{host}]:{port}"
        ));
    }
    match (host, port).to_socket_addrs() {
        Ok(addresses) if addresses.len() > 0 => Ok(value.to_string()),
        Ok(_) => Err(format!("the host '{host}' has no address")),
        Err(err) => Err(format!("the host '{host}' does not resolve: {err}")),
    }
}

/// `--allow-host`: a host name without a port, or `*`.
pub fn parse_allowed_host(value: &str) -> Result<String, String> {
    let is_name = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if value == "*" || is_name {
        Ok(value.to_string())
    } else {
        Err(
            "expected a host name such as proton.internal, without a port, or * for any name \
             (IP addresses are always answered)"
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn regions_follow_the_contract_pattern() {
        for good in [
            "us-east-1",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-10",
        ] {
            assert!(parse_region(good).is_ok(), "{good}");
        }
        for bad in [
            "us-east",
            "useast-1",
            "US-EAST-1",
            "u-east-1",
            "us--1",
            "us-east-",
            "us-east-1a",
            "",
        ] {
            assert!(parse_region(bad).is_err(), "{bad}");
        }
    }
}
