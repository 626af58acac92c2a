//! One handler per command: turn the parsed arguments into the service's typed request, resolve
//! the caller and the database (or the endpoint), run it, and hand back the data for the output
//! layer to print.

use serde_json::Value;

use crate::api::{self, TimeFormat};
use clap::error::ErrorKind;
use clap::CommandFactory;

use crate::cli::{
    CallerOptions, Cli, Command, CreateArgs, GlobalArgs, IdArgs, ListArgs, RoleArgs, UpdateArgs,
};
use crate::config::{self, Env};
use crate::error::CliError;
use crate::service::{
    ConnectionIdInput, CreateConnectionInput, ListConnectionsInput, Operation, Proton, Request,
    UpdateConnectionInput,
};
use crate::store::Store;
use crate::{client, completion, server};

/// What a successful command gives the output layer.
#[derive(Debug)]
pub enum Outcome {
    /// An operation's reply, shaped as the AWS CLI shows it.
    Reply { operation: Operation, body: Value },
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
    /// Text printed as it is (a completion script).
    Text(String),
    /// Nothing to print (a server that has stopped).
    Done,
}

pub fn run(cli: Cli, env: Env) -> Result<Outcome, CliError> {
    let request = match cli.command {
        Command::Completions(args) => {
            refuse_caller_options(
                "completions",
                &args.not_here,
                &cli.global,
                "it prints a script for a shell",
            )?;
            let script = completion::script(args.shell, &completion::this_program());
            return Ok(Outcome::Text(script));
        }
        Command::Serve(args) => {
            refuse_caller_options(
                "serve",
                &args.not_here,
                &cli.global,
                "each request names its own caller in its Authorization header",
            )?;
            server::serve(&args, &config::database_path(&cli.global, env)?, env)?;
            return Ok(Outcome::Done);
        }
        Command::CreateEnvironmentAccountConnection(args) => Request::Create(create_input(args)),
        Command::AcceptEnvironmentAccountConnection(args) => Request::Accept(id_input(args)),
        Command::RejectEnvironmentAccountConnection(args) => Request::Reject(id_input(args)),
        Command::GetEnvironmentAccountConnection(args) => Request::Get(id_input(args)),
        Command::UpdateEnvironmentAccountConnection(args) => Request::Update(update_input(args)),
        Command::DeleteEnvironmentAccountConnection(args) => Request::Delete(id_input(args)),
        Command::ListEnvironmentAccountConnections(args) => Request::List(list_input(args)),
    };
    let caller = config::resolve_caller(&cli.global, env)?;
    let settings = config::settings(env).map_err(CliError::Config)?;
    let operation = request.operation();
    let reply = match &cli.global.endpoint_url {
        Some(endpoint) => client::call(endpoint, &caller, &request, &settings, env)?,
        None => {
            let mut store = Store::open(&config::database_path(&cli.global, env)?)
                .map_err(|err| CliError::Local(err.to_string()))?;
            Proton::new(&mut store, &settings)
                .call(&caller, request)
                .map_err(|error| CliError::from_service(operation, error))?
        }
    };
    Ok(Outcome::Reply {
        operation,
        body: api::reply_to_json(&reply, TimeFormat::Iso8601),
    })
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

/// `serve` and `completions` take no caller and print no reply: an option that says who calls or
/// how to print would be ignored, so it is refused as a usage error, with the command's usage.
fn refuse_caller_options(
    name: &str,
    not_here: &CallerOptions,
    global: &GlobalArgs,
    why: &str,
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
        format!("{name} takes no {option}: {why}"),
    )))
}
