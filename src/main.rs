use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use proton_local::cli::{self, Cli};
use proton_local::error::CliError;
use proton_local::{commands, completion, config, output, paramfile};

fn main() -> ExitCode {
    // A shell asking what <TAB> should offer is answered here, before anything else runs.
    completion::answer_if_asked();
    // The command tree is built once: building it is most of what a command costs before it
    // opens the database, and it grows with every command.
    let mut command = Cli::command();
    // args_os: an argument that is not UTF-8 is clap's to refuse, not a panic.
    let args: Vec<OsString> = cli::help_word(&command, std::env::args_os().collect());
    let args = match paramfile::expand(&command, args) {
        Ok(args) => args,
        Err(err) => return fail(err),
    };
    // As `Cli::try_parse_from`, on the tree already built.
    let parsed = command
        .try_get_matches_from_mut(&args)
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.format(&mut command))
        });
    let cli = match parsed {
        Ok(cli) => cli,
        // --help and --version are not errors, unless stdout refuses them.
        Err(err) if !err.use_stderr() => {
            return match err.print() {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    fail(CliError::Local(format!("cannot write the output: {err}")))
                }
                _ => ExitCode::SUCCESS,
            };
        }
        Err(err) => return fail(CliError::Usage(cli::with_usage(err, &args))),
    };
    // --query and the output format are checked before the command runs, as the AWS CLI does.
    let style = match cli.command.prints_a_reply() {
        true => match config::output_style(&cli.global, &config::process_env) {
            Ok(style) => style,
            Err(err) => return fail(err),
        },
        false => output::Style::json(),
    };
    match commands::run(cli, &config::process_env)
        .and_then(|outcome| output::print(&outcome, &style))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err),
    }
}

fn fail(err: CliError) -> ExitCode {
    err.report();
    ExitCode::from(err.exit_code())
}
