use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use proton_local::cli::{self, Cli};
use proton_local::error::{CliError, EXIT_LOCAL};
use proton_local::{commands, completion, config, output, paramfile};

fn main() -> ExitCode {
    // A shell asking what <TAB> should offer is answered here, before anything else runs.
    completion::answer_if_asked();
    // args_os: an argument that is not UTF-8 is clap's to refuse, not a panic.
    let args: Vec<OsString> = cli::help_word(std::env::args_os().collect());
    let args = match paramfile::expand(args) {
        Ok(args) => args,
        Err(err) => return fail(err),
    };
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version are not errors.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => return fail(CliError::Usage(cli::with_usage(err, &args))),
    };
    let format = cli.global.output;
    match commands::run(cli, &config::process_env) {
        Ok(outcome) => match output::print(&outcome, format) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("proton-local: cannot write the output: {err}");
                ExitCode::from(EXIT_LOCAL)
            }
        },
        Err(err) => fail(err),
    }
}

fn fail(err: CliError) -> ExitCode {
    err.report();
    ExitCode::from(err.exit_code())
}
