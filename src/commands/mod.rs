//! One module per subcommand: each translates its arguments and calls the library.

pub mod check;
pub mod init;
pub mod profiles;
pub mod run;

use crate::error::{Error, Result};
use std::io::Write as _;
use std::path::Path;

/// Write `text` to standard output. A reader that went away (`credrecon … | head`) is not an error:
/// it has what it wanted, and the work is done. Any other failure, such as a full disk, is; `written`
/// names the run folder when the reports are already in place.
pub fn print(text: &str, written: Option<&Path>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    printed(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        written,
    )
}

/// What a write to standard output came to, as [`print`] judges it.
pub fn printed(outcome: std::io::Result<()>, written: Option<&Path>) -> Result<()> {
    match outcome {
        Err(cause) if cause.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Stdout {
            cause,
            written: written.map(Path::to_path_buf),
        }),
        _ => Ok(()),
    }
}

/// One line on stderr (a warning or progress). A failed write to stderr has nowhere to be reported.
pub fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
