//! The byte progress bar of a large file (SPEC §1): for any file over 100 MB, bytes read of the total, on
//! stderr, only when stderr is a terminal and the run is not `--quiet`. The readers move it once per block
//! of bytes, never per row.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files larger than this get a bar.
pub const BAR_FROM_BYTES: u64 = 100_000_000;

/// Where the bars of a run are drawn: nowhere (tests, `--quiet`, stderr not a terminal) or on stderr.
pub struct Bars {
    multi: Option<MultiProgress>,
}

impl Bars {
    /// No bars.
    pub fn hidden() -> Bars {
        Bars { multi: None }
    }

    /// Bars on stderr when `show` (the caller has checked that stderr is a terminal and not `--quiet`).
    pub fn on_stderr(show: bool) -> Bars {
        Bars {
            multi: show.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    /// A bar for reading `total` bytes of `label`; a hidden one for a file of 100 MB or less.
    pub fn bar(&self, label: &str, total: u64) -> Bar {
        let Some(multi) = &self.multi else {
            return Bar(None);
        };
        if total <= BAR_FROM_BYTES {
            return Bar(None);
        }
        let style = ProgressStyle::with_template(
            "{msg} [{bar:40}] {binary_bytes}/{binary_total_bytes} ({eta} left)",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bar = multi.add(ProgressBar::new(total).with_style(style));
        bar.set_message(format!("reading {label}"));
        Bar(Some(bar))
    }

    /// Print a line on stderr without tearing a bar being drawn.
    pub fn note(&self, line: &str) {
        match &self.multi {
            Some(multi) => multi.suspend(|| line_on_stderr(line)),
            None => line_on_stderr(line),
        }
    }
}

/// A failed write to stderr has nowhere to be reported.
fn line_on_stderr(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// One file's bar (hidden when the file is small or there is no terminal).
pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn hidden() -> Bar {
        Bar(None)
    }

    /// `n` more bytes read.
    pub fn advance(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// `pos` bytes read in all.
    pub fn set(&self, pos: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(pos);
        }
    }
}

impl Drop for Bar {
    /// A file read, or given up on: its bar leaves the terminal.
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
