//! One handler per command: turn the parsed arguments into the service's typed request, resolve
//! the caller and the database (or the endpoint), run it, and hand back the data for the output
//! layer to print.

use serde_json::Value;

use crate::api::{self, TimeFormat};
use std::time::Instant;

use clap::error::ErrorKind;
use clap::CommandFactory;

use crate::cli::{
    Cli, ClientOptions, Command, CreateArgs, GlobalArgs, IdArgs, ListArgs, RoleArgs, UpdateArgs,
};
use crate::client::{self, Client};
use crate::config::{self, Env};
use crate::error::CliError;
use crate::service::{
    Caller, ConnectionIdInput, CreateConnectionInput, ListConnectionsInput, Operation, Proton,
    Request, Settings, UpdateConnectionInput,
};
use crate::store::Store;
use crate::{completion, debug, server};

mod paging;
mod params;

pub use paging::full_result;
use paging::Paging;

/// What a successful command gives the output layer.
#[derive(Debug)]
pub enum Outcome {
    /// An operation's reply, shaped as the AWS CLI shows it.
    Reply { operation: Operation, body: Value },
    /// A list the AWS CLI's way: its pages, and the token to resume it when it was cut short.
    Pages {
        operation: Operation,
        pages: Vec<Value>,
        resume_token: Option<String>,
    },
    /// Text printed as it is (a completion script).
    Text(String),
    /// Nothing to print (a server that has stopped).
    Done,
}

pub fn run(cli: Cli, env: Env) -> Result<Outcome, CliError> {
    if cli.global.debug {
        debug::enable();
    }
    let request = match cli.command {
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
        Command::CreateEnvironmentAccountConnection(args) => Request::Create(create_input(args)),
        Command::AcceptEnvironmentAccountConnection(args) => Request::Accept(id_input(args)),
        Command::RejectEnvironmentAccountConnection(args) => Request::Reject(id_input(args)),
        Command::GetEnvironmentAccountConnection(args) => Request::Get(id_input(args)),
        Command::UpdateEnvironmentAccountConnection(args) => Request::Update(update_input(args)),
        Command::DeleteEnvironmentAccountConnection(args) => Request::Delete(id_input(args)),
        Command::ListEnvironmentAccountConnections(args) => {
            return list(args, &cli.global, env);
        }
    };
    // The AWS CLI knows its caller before it checks the parameters.
    let (caller, endpoint) = resolve_caller(&cli.global, env)?;
    params::check(&request)?;
    let operation = request.operation();
    let mut transport = Transport::open(caller, endpoint, &cli.global, env)?;
    let body = transport.send(request)?;
    Ok(Outcome::Reply { operation, body })
}

/// A list, paged as the AWS CLI pages it unless told not to (section 13).
fn list(args: ListArgs, global: &GlobalArgs, env: Env) -> Result<Outcome, CliError> {
    let paging = Paging {
        max_items: args.max_items,
        starting_token: args.starting_token.clone(),
        page_size: args.page_size,
    };
    let input = list_input(args);
    let (caller, endpoint) = resolve_caller(global, env)?;
    // The first call as it will be made: --page-size is its maxResults.
    params::check(&Request::List(ListConnectionsInput {
        max_results: input.max_results.or(paging.page_size),
        ..input.clone()
    }))?;
    let operation = Operation::ListEnvironmentAccountConnections;
    let paged = paging::enabled(global.no_paginate, &input, &paging)?;
    let mut transport = Transport::open(caller, endpoint, global, env)?;
    if !paged {
        let body = transport.send(Request::List(input))?;
        return Ok(Outcome::Reply { operation, body });
    }
    let pages = paging::collect(input, &paging, |page| transport.send(Request::List(page)))?;
    Ok(Outcome::Pages {
        operation,
        pages: pages.pages,
        resume_token: pages.resume_token,
    })
}

/// The caller, and the server its requests go to if not to a local database: from the options,
/// the environment and the profile (CONTRACT.md section 2).
fn resolve_caller(global: &GlobalArgs, env: Env) -> Result<(Caller, Option<String>), CliError> {
    let profile = config::Profile::load(global, env)?;
    let caller = config::resolve_caller(global, &profile, env)?;
    let endpoint = config::endpoint(global, &profile, env)?;
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
        endpoint: Option<String>,
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
            Some(endpoint) => {
                debug::log("proton-local.config", || format!("endpoint: {endpoint}"));
                Target::Endpoint(Client::new(
                    endpoint,
                    client::timeout(global.cli_connect_timeout),
                    client::timeout(global.cli_read_timeout),
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

fn create_input(args: CreateArgs) -> CreateConnectionInput {
    let RoleArgs {
        role_arn,
        codebuild_role_arn,
        component_role_arn,
    } = args.roles;
    CreateConnectionInput {
        environment_name: args.environment_name,
        management_account_id: args.management_account_id,
        role_arn,
        codebuild_role_arn,
        component_role_arn,
        client_token: args.client_token,
        tags: args.tags.into_iter().flatten().collect(),
    }
}

fn id_input(args: IdArgs) -> ConnectionIdInput {
    ConnectionIdInput { id: args.id }
}

fn update_input(args: UpdateArgs) -> UpdateConnectionInput {
    let RoleArgs {
        role_arn,
        codebuild_role_arn,
        component_role_arn,
    } = args.roles;
    UpdateConnectionInput {
        id: args.id,
        role_arn,
        codebuild_role_arn,
        component_role_arn,
    }
}

fn list_input(args: ListArgs) -> ListConnectionsInput {
    ListConnectionsInput {
        requested_by: args.requested_by,
        environment_name: args.environment_name,
        statuses: args.statuses,
        max_results: args.max_results,
        next_token: args.next_token,
    }
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
