use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    credrecon::error::install_panic_hook();
    let cli = credrecon::cli::Cli::parse();
    match credrecon::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("credrecon: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
