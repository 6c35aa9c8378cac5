//! The pmc binary: parse the command line, set up logging, run, exit with the documented code.

use std::process::ExitCode;

use clap::Parser as _;
use pmc::exit::Exit;

fn main() -> ExitCode {
    pmc::install_panic_hook();
    let cli = match pmc::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return pmc::usage_error(err).into(),
    };
    let stderr_color = cli
        .global
        .color
        .for_stream(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let log_file = cli.global.log_file.as_deref();
    if let Err(err) = pmc::logging::init(cli.global.verbose, log_file, stderr_color) {
        return pmc::report_error(&err, Exit::Usage).into();
    }
    pmc::run(cli).into()
}
