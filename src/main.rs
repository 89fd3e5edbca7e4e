use std::io::Write as _;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    credrecon::error::install_panic_hook();
    let outcome = credrecon::cli::parse(std::env::args_os().collect()).and_then(|cli| match cli {
        Some(cli) => credrecon::run(cli),
        None => Ok(credrecon::Finished::from(0)),
    });
    match outcome {
        // A run's rows are not dropped one by one: the process ends with them (stdout is flushed first).
        Ok(finished) if finished.leftovers.is_some() => {
            let _ = std::io::stdout().flush();
            std::process::exit(i32::from(finished.code))
        }
        Ok(finished) => ExitCode::from(finished.code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "credrecon: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
