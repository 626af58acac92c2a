use std::process::ExitCode;

use clap::Parser;

use proton_local::cli::Cli;
use proton_local::error::{CliError, EXIT_LOCAL};
use proton_local::{commands, config, output};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are not errors.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => return fail(CliError::Usage(err)),
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
