//! One handler per command: turn the parsed arguments into the service's typed request, resolve
//! the caller and the database (or the endpoint), run it, and hand back the data for the output
//! layer to print.

use std::cell::Cell;
use std::ops::ControlFlow;
use std::time::Instant;

use serde_json::{Map, Value};

use crate::api::{self, TimeFormat};

use clap::error::ErrorKind;
use clap::CommandFactory;

use crate::cli::{
    Cli, ClientOptions, Command, CreateArgs, CreateEnvironmentArgs, CreateTemplateArgs,
    CreateTemplateVersionArgs, EnvironmentNameArgs, GlobalArgs, IdArgs, InputArgs, ListArgs,
    ListEnvironmentsArgs, ListTagsArgs, ListTemplateVersionsArgs, ListTemplatesArgs, OutputFormat,
    RoleArgs, Skeleton, TagResourceArgs, TemplateNameArgs, TemplateVersionArgs, UntagResourceArgs,
    UpdateArgs, UpdateEnvironmentArgs, UpdateTemplateArgs, UpdateTemplateVersionArgs,
};
use crate::client::{self, Client, Retries};
use crate::config::{self, Env};
use crate::error::CliError;
use crate::service::{
    operations, Caller, Connection, ListConnectionsInput, Operation, Proton, Request, Settings,
};
use crate::store::Store;
use crate::{completion, debug, output, server, shapes};

mod events;
mod paging;
pub(crate) mod params;
pub(crate) mod python_json;
pub(crate) mod shorthand;
mod skeleton;
mod wait;

use paging::Paging;

/// What a successful command gives the output layer.
#[derive(Debug)]
pub enum Outcome {
    /// An operation's reply, shaped as the AWS CLI shows it.
    Reply { operation: Operation, body: Value },
    /// What a reply would look like (`--generate-cli-skeleton output`): printed as a reply, but
    /// nothing was called.
    Skeleton { operation: Operation, body: Value },
    /// A listing fetched page by page, printed as the AWS CLI prints botocore's paginated
    /// replies: each page as the service returned it (`result_key`'s list and maybe
    /// `nextToken`), and the token to resume from when the listing stopped early (printed as a
    /// top-level `NextToken`).
    Pages {
        operation: Operation,
        pages: Vec<Value>,
        result_key: &'static str,
        resume_token: Option<String>,
    },
    /// Every item of a list, read as it is printed (a local list of every match, paged as the
    /// AWS CLI pages it, with no `--max-items`, `--starting-token` or `--page-size`). It prints
    /// as `Pages` holding one page of every item would.
    Listing {
        operation: Operation,
        result_key: &'static str,
        items: Listing,
    },
    /// Text printed as it is (a completion script).
    Text(String),
    /// Nothing to print (a server that has stopped).
    Done,
}

/// The connections of a list, handed one at a time to a visitor that may stop early. Reading them
/// runs the list: a refusal comes back from `each`, before any item. A listing is read once;
/// it sits in a cell so that the output layer can read it from the outcome it is lent.
pub struct Listing(Cell<Option<Box<ListingSource>>>);

type ListingSource =
    dyn FnOnce(&mut dyn FnMut(Connection) -> ControlFlow<()>) -> Result<(), CliError>;

impl Listing {
    pub fn new(
        source: impl FnOnce(&mut dyn FnMut(Connection) -> ControlFlow<()>) -> Result<(), CliError>
            + 'static,
    ) -> Listing {
        Listing(Cell::new(Some(Box::new(source))))
    }

    /// Runs the list, handing each item to `visit` until the end or until it says stop.
    pub fn each(
        &self,
        mut visit: impl FnMut(Connection) -> ControlFlow<()>,
    ) -> Result<(), CliError> {
        let source = self.0.take().expect("a listing is read once");
        source(&mut visit)
    }
}

impl std::fmt::Debug for Listing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Listing")
    }
}

pub fn run(cli: Cli, env: Env) -> Result<Outcome, CliError> {
    if cli.global.debug {
        debug::enable();
    }
    let command = match cli.command {
        Command::Completions(args) => {
            refuse_client_options("completions", &args.not_here, &cli.global)?;
            let script = completion::script(args.shell, &completion::this_program());
            return Ok(Outcome::Text(script));
        }
        Command::Serve(args) => {
            refuse_client_options("serve", &args.not_here, &cli.global)?;
            server::serve(&args, &config::database_path(&cli.global, env)?, env)?;
            return Ok(Outcome::Done);
        }
        Command::Events(args) => {
            refuse_print_options("events", &cli.global)?;
            let (caller, endpoint) = resolve_caller(&cli.global, env)?;
            events::print(
                &caller,
                endpoint.as_ref().map(|(url, _)| url.as_str()),
                &args,
                &cli.global,
                env,
            )?;
            return Ok(Outcome::Done);
        }
        Command::Wait(args) => return wait::run(&args.waiter, &cli.global, env),
        command => command,
    };
    let (operation, args, input) = call(&command).expect("every other command calls an operation");
    let given = args.members()?;
    let input = input.clone();
    if let Some((names_a_page, paging)) = args.paging() {
        let list = List {
            operation,
            given,
            names_a_page,
            paging,
            input,
        };
        return list.run(&cli.global, env);
    }
    if let Some(skeleton) = input_skeleton(operation, &input) {
        return Ok(skeleton);
    }
    // The AWS CLI knows its caller before it checks the parameters.
    let (caller, endpoint) = resolve_caller(&cli.global, env)?;
    let params = params::assemble(operation, given, &input)?;
    params::check(operation, &params)?;
    if input.generate_cli_skeleton == Some(Skeleton::Output) {
        let body = skeleton::output(shapes::output(operation));
        return Ok(Outcome::Skeleton { operation, body });
    }
    let request = typed(operation, params)?;
    let mut transport = Transport::open(caller, endpoint, &cli.global, env)?;
    let body = transport.send(request)?;
    Ok(Outcome::Reply { operation, body })
}

/// `--generate-cli-skeleton` of the input, which needs no caller and sends nothing.
fn input_skeleton(operation: Operation, input: &InputArgs) -> Option<Outcome> {
    let members = shapes::input(operation);
    match input.generate_cli_skeleton? {
        Skeleton::Input => Some(Outcome::Text(output::to_json(&skeleton::input_json(
            members,
        )))),
        Skeleton::YamlInput => Some(Outcome::Text(skeleton::input_yaml(members))),
        Skeleton::Output => None,
    }
}

/// The service's typed request from checked parameters.
/// The typed request. Parameters the AWS CLI's checks let through but the service can't read
/// (`"maxResults": true`, a whole number beyond 64 bits) get the server's answer to the same
/// body, so a command says the same with or without --endpoint-url.
fn typed(operation: Operation, params: Map<String, Value>) -> Result<Request, CliError> {
    api::request_from_json(operation, Value::Object(params)).map_err(|message| CliError::Service {
        operation,
        code: "SerializationException".to_string(),
        message,
        retries: None,
    })
}

/// A list command: its members given on the command line, whether they name a page themselves
/// (`--max-results`, `--next-token`), and the AWS CLI's paging options.
struct List {
    operation: Operation,
    given: Given,
    names_a_page: bool,
    paging: Paging,
    input: InputArgs,
}

impl List {
    /// Paged as the AWS CLI pages a list unless told not to (section 13).
    fn run(self, global: &GlobalArgs, env: Env) -> Result<Outcome, CliError> {
        let List {
            operation,
            given,
            names_a_page,
            paging,
            input,
        } = self;
        let result_key = paging::result_key(operation).expect("a list has a paginator");
        if let Some(skeleton) = input_skeleton(operation, &input) {
            return Ok(skeleton);
        }
        let (caller, endpoint) = resolve_caller(global, env)?;
        let from_command_line: Vec<&str> = given.iter().map(|(name, _)| *name).collect();
        let params = params::assemble(operation, given, &input)?;
        // The AWS CLI turns paging off when the document brings maxResults or nextToken, but only
        // once it has put the paging options in the call as a PaginationConfig, which botocore then
        // refuses as an unknown parameter, ahead of the document's own members.
        let document_stops_paging = !global.no_paginate
            && !names_a_page
            && (params.contains_key("maxResults") || params.contains_key("nextToken"));
        let paging_given = paging.max_items.is_some()
            || paging.starting_token.is_some()
            || paging.page_size.is_some();
        if document_stops_paging && paging_given {
            let (mut call, document): (Map<String, Value>, Map<String, Value>) = params
                .into_iter()
                .partition(|(key, _)| from_command_line.contains(&key.as_str()));
            call.insert("PaginationConfig".to_string(), Value::Object(Map::new()));
            call.extend(document);
            return Err(params::check(operation, &call)
                .expect_err("PaginationConfig is no member of the list's input"));
        }
        // Checked as the first call will be made: --page-size is its maxResults.
        let mut first_call = params.clone();
        if let Some(size) = paging.page_size {
            first_call.entry("maxResults").or_insert(Value::from(size));
        }
        params::check(operation, &first_call)?;
        if input.generate_cli_skeleton == Some(Skeleton::Output) {
            let body = skeleton::output(shapes::output(operation));
            return Ok(Outcome::Skeleton { operation, body });
        }
        let request = typed(operation, params)?;
        let paged = paging::enabled(global.no_paginate, paging::names_a_page(&request), &paging)?;
        let mut transport = Transport::open(caller, endpoint, global, env)?;
        // Every connection in one call: read locally as it is printed, never held whole.
        let whole_list = paging.max_items.is_none()
            && paging.starting_token.is_none()
            && paging.page_size.is_none();
        if let (true, true, Request::ListEnvironmentAccountConnections(list)) =
            (paged, whole_list, &request)
        {
            return Ok(Outcome::Listing {
                operation,
                result_key,
                items: transport.listing(list.clone()),
            });
        }
        if !paged {
            let body = transport.send(request)?;
            return Ok(Outcome::Reply { operation, body });
        }
        // botocore puts a starting token's members into the call: one the input lacks is refused.
        if let Some(members) = paging
            .starting_token
            .as_deref()
            .and_then(paging::token_members)
        {
            let mut call = first_call;
            call.extend(members);
            params::check(operation, &call)?;
        }
        let pages = paging::collect(request, result_key, &paging, |page| transport.send(page))?;
        Ok(Outcome::Pages {
            operation,
            pages: pages.pages,
            result_key,
            resume_token: pages.resume_token,
        })
    }
}

/// The caller, and the server its requests go to if not to a local database: from the options,
/// the environment and the profile (CONTRACT.md section 2).
/// The endpoint comes with how its calls are retried.
fn resolve_caller(
    global: &GlobalArgs,
    env: Env,
) -> Result<(Caller, Option<(String, Retries)>), CliError> {
    let profile = config::Profile::load(global, env)?;
    let caller = config::resolve_caller(global, &profile, env)?;
    let endpoint = match config::endpoint(global, &profile, env)? {
        Some(url) => Some((url, config::retries(&profile, env)?)),
        None => None,
    };
    Ok((caller, endpoint))
}

/// Where requests go: the service on a local database, or a server at --endpoint-url. Opened
/// once per command, however many calls a list makes.
struct Transport<'a> {
    caller: Caller,
    settings: Settings,
    env: Env<'a>,
    target: Target,
}

enum Target {
    Local(Store),
    Endpoint(Client),
}

impl<'a> Transport<'a> {
    fn open(
        caller: Caller,
        endpoint: Option<(String, Retries)>,
        global: &GlobalArgs,
        env: Env<'a>,
    ) -> Result<Self, CliError> {
        let settings = config::settings(env).map_err(CliError::Config)?;
        debug::log("proton-local.config", || {
            format!(
                "caller: account {}, region {}",
                caller.account, caller.region
            )
        });
        let target = match &endpoint {
            Some((endpoint, retries)) => {
                debug::log("proton-local.config", || format!("endpoint: {endpoint}"));
                Target::Endpoint(Client::new(
                    endpoint,
                    client::timeout(global.cli_connect_timeout),
                    client::timeout(global.cli_read_timeout),
                    *retries,
                ))
            }
            None => {
                let path = config::database_path(global, env)?;
                let started = Instant::now();
                let store = Store::open(&path).map_err(|err| CliError::Local(err.to_string()))?;
                debug::log("proton-local.store", || {
                    format!(
                        "database {} opened in {:.1} ms",
                        path.display(),
                        started.elapsed().as_secs_f64() * 1000.0
                    )
                });
                Target::Local(store)
            }
        };
        Ok(Transport {
            caller,
            settings,
            env,
            target,
        })
    }

    /// A list of every match as a `Listing`, read as it is printed, locally or from a server.
    fn listing(self, input: ListConnectionsInput) -> Listing {
        let Transport {
            caller,
            settings,
            env,
            target,
        } = self;
        let mut store = match target {
            Target::Local(store) => store,
            Target::Endpoint(client) => return client.listing(caller, input, &settings, env),
        };
        let operation = Operation::ListEnvironmentAccountConnections;
        Listing::new(move |visit| {
            let started = Instant::now();
            debug::log("proton-local.service", || {
                format!(
                    "{} {} (read as it is printed)",
                    operation.name(),
                    api::request_to_json(&Request::ListEnvironmentAccountConnections(
                        input.clone()
                    ))
                )
            });
            let mut items = 0;
            let listed = Proton::new(&mut store, &settings).visit_connections(
                &caller,
                input,
                |connection| {
                    items += 1;
                    visit(connection)
                },
            );
            debug::log("proton-local.service", || {
                format!(
                    "{} {} in {:.1} ms",
                    operation.name(),
                    match &listed {
                        Ok(_) => format!("answered {items} items"),
                        Err(error) => format!("refused ({error})"),
                    },
                    started.elapsed().as_secs_f64() * 1000.0
                )
            });
            listed
                .map(drop)
                .map_err(|error| CliError::from_service(operation, error))
        })
    }

    /// One call, and its reply shaped as the AWS CLI shows it.
    fn send(&mut self, request: Request) -> Result<Value, CliError> {
        let operation = request.operation();
        let reply = match &mut self.target {
            Target::Endpoint(client) => {
                client.call(&self.caller, &request, &self.settings, self.env)?
            }
            Target::Local(store) => {
                let started = Instant::now();
                debug::log("proton-local.service", || {
                    format!("{} {}", operation.name(), api::request_to_json(&request))
                });
                let reply = Proton::new(store, &self.settings).call(&self.caller, request);
                debug::log("proton-local.service", || {
                    format!(
                        "{} {} in {:.1} ms",
                        operation.name(),
                        match &reply {
                            Ok(_) => "answered".to_string(),
                            Err(error) => format!("refused ({error})"),
                        },
                        started.elapsed().as_secs_f64() * 1000.0
                    )
                });
                reply.map_err(|error| CliError::from_service(operation, error))?
            }
        };
        Ok(api::reply_to_json(&reply, TimeFormat::Iso8601))
    }
}

/// The members given on the command line, by their model names.
type Given = Vec<(&'static str, Value)>;

fn string(name: &'static str, value: &Option<String>) -> Option<(&'static str, Value)> {
    value
        .as_ref()
        .map(|text| (name, Value::String(text.clone())))
}

fn role_members(roles: &RoleArgs) -> Given {
    [
        string("roleArn", &roles.role_arn),
        string("codebuildRoleArn", &roles.codebuild_role_arn),
        string("componentRoleArn", &roles.component_role_arn),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What a command's options give its operation.
trait Call {
    /// The members given on the command line, by their model names.
    fn members(&self) -> Result<Given, CliError>;

    /// A list's paging: whether its own options name a page (`--max-results`, `--next-token`),
    /// and the AWS CLI's paging options. `None` for an operation that is no list.
    fn paging(&self) -> Option<(bool, Paging)> {
        None
    }
}

/// The command of each operation in the table (`service::operations`), with its options.
macro_rules! command_calls {
    ($($name:ident($input:ty) -> $output:ty = $rule:ident, $access:ident;)*) => {
        /// The operation a command calls, its options, and the AWS CLI's input options that every
        /// operation's options carry (`input`).
        fn call(command: &Command) -> Option<(Operation, &dyn Call, &InputArgs)> {
            match command {
                $(Command::$name(args) => Some((Operation::$name, args, &args.input)),)*
                Command::Serve(_)
                | Command::Completions(_)
                | Command::Events(_)
                | Command::Wait(_) => None,
            }
        }
    };
}

operations!(command_calls);

/// A list's own page options (`--max-results`, `--next-token`), and the AWS CLI's paging options
/// (`--max-items`, `--starting-token`, `--page-size`).
fn list_paging(
    (max_results, next_token): (Option<i64>, &Option<String>),
    (max_items, starting_token, page_size): (Option<i64>, &Option<String>, Option<i64>),
) -> Option<(bool, Paging)> {
    let paging = Paging {
        max_items,
        starting_token: starting_token.clone(),
        page_size,
    };
    Some((max_results.is_some() || next_token.is_some(), paging))
}

impl Call for CreateArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("environmentName", &self.environment_name),
            string("managementAccountId", &self.management_account_id),
            string("clientToken", &self.client_token),
        ]
        .into_iter()
        .flatten()
        .collect();
        given.extend(role_members(&self.roles));
        if !self.tags.is_empty() {
            given.push(("tags", params::list_of_structures("--tags", &self.tags)?));
        }
        Ok(given)
    }
}

impl Call for IdArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok(string("id", &self.id).into_iter().collect())
    }
}

impl Call for UpdateArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = string("id", &self.id).into_iter().collect();
        given.extend(role_members(&self.roles));
        Ok(given)
    }
}

impl Call for ListArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("requestedBy", &self.requested_by),
            string("environmentName", &self.environment_name),
            string("nextToken", &self.next_token),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !self.statuses.is_empty() {
            given.push((
                "statuses",
                params::list_of_scalars("--statuses", &self.statuses)?,
            ));
        }
        if let Some(max) = self.max_results {
            given.push(("maxResults", Value::from(max)));
        }
        Ok(given)
    }

    fn paging(&self) -> Option<(bool, Paging)> {
        list_paging(
            (self.max_results, &self.next_token),
            (self.max_items, &self.starting_token, self.page_size),
        )
    }
}

impl Call for TagResourceArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = string("resourceArn", &self.resource_arn)
            .into_iter()
            .collect();
        if !self.tags.is_empty() {
            given.push(("tags", params::list_of_structures("--tags", &self.tags)?));
        }
        Ok(given)
    }
}

impl Call for UntagResourceArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = string("resourceArn", &self.resource_arn)
            .into_iter()
            .collect();
        if !self.tag_keys.is_empty() {
            given.push((
                "tagKeys",
                params::list_of_scalars("--tag-keys", &self.tag_keys)?,
            ));
        }
        Ok(given)
    }
}

impl Call for ListTagsArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("resourceArn", &self.resource_arn),
            string("nextToken", &self.next_token),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(max) = self.max_results {
            given.push(("maxResults", Value::from(max)));
        }
        Ok(given)
    }

    fn paging(&self) -> Option<(bool, Paging)> {
        list_paging(
            (self.max_results, &self.next_token),
            (self.max_items, &self.starting_token, self.page_size),
        )
    }
}

impl Call for CreateTemplateArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("name", &self.name),
            string("displayName", &self.display_name),
            string("description", &self.description),
            string("encryptionKey", &self.encryption_key),
            string("provisioning", &self.provisioning),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !self.tags.is_empty() {
            given.push(("tags", params::list_of_structures("--tags", &self.tags)?));
        }
        Ok(given)
    }
}

impl Call for TemplateNameArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok(string("name", &self.name).into_iter().collect())
    }
}

impl Call for UpdateTemplateArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok([
            string("name", &self.name),
            string("displayName", &self.display_name),
            string("description", &self.description),
        ]
        .into_iter()
        .flatten()
        .collect())
    }
}

impl Call for ListTemplatesArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = string("nextToken", &self.next_token).into_iter().collect();
        if let Some(max) = self.max_results {
            given.push(("maxResults", Value::from(max)));
        }
        Ok(given)
    }

    fn paging(&self) -> Option<(bool, Paging)> {
        let paging = Paging {
            max_items: self.max_items,
            starting_token: self.starting_token.clone(),
            page_size: self.page_size,
        };
        Some((
            self.max_results.is_some() || self.next_token.is_some(),
            paging,
        ))
    }
}

impl Call for CreateTemplateVersionArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("clientToken", &self.client_token),
            string("description", &self.description),
            string("majorVersion", &self.major_version),
            string("templateName", &self.template_name),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(source) = &self.source {
            given.push(("source", params::single_structure("--source", source)?));
        }
        if !self.tags.is_empty() {
            given.push(("tags", params::list_of_structures("--tags", &self.tags)?));
        }
        Ok(given)
    }
}

impl Call for TemplateVersionArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok([
            string("majorVersion", &self.major_version),
            string("minorVersion", &self.minor_version),
            string("templateName", &self.template_name),
        ]
        .into_iter()
        .flatten()
        .collect())
    }
}

impl Call for UpdateTemplateVersionArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok([
            string("description", &self.description),
            string("majorVersion", &self.major_version),
            string("minorVersion", &self.minor_version),
            string("status", &self.status),
            string("templateName", &self.template_name),
        ]
        .into_iter()
        .flatten()
        .collect())
    }
}

impl Call for ListTemplateVersionsArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("majorVersion", &self.major_version),
            string("nextToken", &self.next_token),
            string("templateName", &self.template_name),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(max) = self.max_results {
            given.push(("maxResults", Value::from(max)));
        }
        Ok(given)
    }

    fn paging(&self) -> Option<(bool, Paging)> {
        list_paging(
            (self.max_results, &self.next_token),
            (self.max_items, &self.starting_token, self.page_size),
        )
    }
}

impl Call for CreateEnvironmentArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("codebuildRoleArn", &self.codebuild_role_arn),
            string("componentRoleArn", &self.component_role_arn),
            string("description", &self.description),
            string(
                "environmentAccountConnectionId",
                &self.environment_account_connection_id,
            ),
            string("name", &self.name),
            string("protonServiceRoleArn", &self.proton_service_role_arn),
            string("spec", &self.spec),
            string("templateMajorVersion", &self.template_major_version),
            string("templateMinorVersion", &self.template_minor_version),
            string("templateName", &self.template_name),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(repository) = &self.provisioning_repository {
            given.push((
                "provisioningRepository",
                params::single_structure("--provisioning-repository", repository)?,
            ));
        }
        if !self.tags.is_empty() {
            given.push(("tags", params::list_of_structures("--tags", &self.tags)?));
        }
        Ok(given)
    }
}

impl Call for EnvironmentNameArgs {
    fn members(&self) -> Result<Given, CliError> {
        Ok(string("name", &self.name).into_iter().collect())
    }
}

impl Call for UpdateEnvironmentArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = [
            string("codebuildRoleArn", &self.codebuild_role_arn),
            string("componentRoleArn", &self.component_role_arn),
            string("deploymentType", &self.deployment_type),
            string("description", &self.description),
            string(
                "environmentAccountConnectionId",
                &self.environment_account_connection_id,
            ),
            string("name", &self.name),
            string("protonServiceRoleArn", &self.proton_service_role_arn),
            string("spec", &self.spec),
            string("templateMajorVersion", &self.template_major_version),
            string("templateMinorVersion", &self.template_minor_version),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(repository) = &self.provisioning_repository {
            given.push((
                "provisioningRepository",
                params::single_structure("--provisioning-repository", repository)?,
            ));
        }
        Ok(given)
    }
}

impl Call for ListEnvironmentsArgs {
    fn members(&self) -> Result<Given, CliError> {
        let mut given: Given = string("nextToken", &self.next_token).into_iter().collect();
        if !self.environment_templates.is_empty() {
            given.push((
                "environmentTemplates",
                params::list_of_structures("--environment-templates", &self.environment_templates)?,
            ));
        }
        if let Some(max) = self.max_results {
            given.push(("maxResults", Value::from(max)));
        }
        Ok(given)
    }

    fn paging(&self) -> Option<(bool, Paging)> {
        list_paging(
            (self.max_results, &self.next_token),
            (self.max_items, &self.starting_token, self.page_size),
        )
    }
}

/// `events` prints each event as one line of JSON, whatever the profile's output: a `--query` or
/// another `--output` given on the command line would be ignored, so it is refused.
fn refuse_print_options(name: &str, global: &GlobalArgs) -> Result<(), CliError> {
    let option = match (&global.query, global.output) {
        (Some(_), _) => "--query",
        (None, Some(format)) if format != OutputFormat::Json => "--output other than json",
        _ => return Ok(()),
    };
    let mut command = Cli::command();
    command.build();
    let subcommand = command
        .find_subcommand_mut(name)
        .expect("the command is one of the command line's own");
    Err(CliError::Usage(subcommand.error(
        ErrorKind::ArgumentConflict,
        format!("{name} takes no {option}: it prints each event as one line of JSON"),
    )))
}

/// `serve` and `completions` call no service and print no reply: an option that says who calls,
/// where, or how to print would be ignored, so it is refused as a usage error, with the
/// command's usage.
fn refuse_client_options(
    name: &str,
    not_here: &ClientOptions,
    global: &GlobalArgs,
) -> Result<(), CliError> {
    let Some(option) = not_here.given(global) else {
        return Ok(());
    };
    let mut command = Cli::command();
    command.build();
    let subcommand = command
        .find_subcommand_mut(name)
        .expect("the command is one of the command line's own");
    Err(CliError::Usage(subcommand.error(
        ErrorKind::ArgumentConflict,
        format!("{name} takes no {option}: it is an option of the commands that call the service"),
    )))
}
