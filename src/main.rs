use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    credrecon::error::install_panic_hook();
    let outcome = credrecon::cli::parse(std::env::args_os().collect()).and_then(|cli| match cli {
        Some(cli) => credrecon::run(cli),
        None => Ok(0),
    });
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "credrecon: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
