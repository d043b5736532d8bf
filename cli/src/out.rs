//! Writing: standard output that ends quietly at a closed pipe, one-line errors on standard
//! error, and the masking every output goes through.

use std::io::Write;
use std::process::ExitCode;

/// Writes a line to standard output: `Ok(true)` once written, `Ok(false)` if the reader went
/// away (a closed pipe: the caller stops writing and the command ends quietly), and the exit
/// status of a failed command if the write failed otherwise (a full disk), after saying so.
pub(crate) fn say(line: &str) -> Result<bool, ExitCode> {
    let mut out = std::io::stdout().lock();
    let written = writeln!(out, "{line}").and_then(|()| out.flush());
    ended(written)
}

/// Writes bytes to standard output, as [`say`] does.
pub(crate) fn write_all(bytes: &[u8]) -> Result<bool, ExitCode> {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(bytes).and_then(|()| out.flush());
    ended(written)
}

fn ended(written: std::io::Result<()>) -> Result<bool, ExitCode> {
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => {
            complain(&format!("paycode: cannot write the output: {e}"));
            Err(ExitCode::from(1))
        }
    }
}

/// The exit status of a command that wrote its output with [`say`] or [`write_all`].
pub(crate) fn status(said: Result<bool, ExitCode>) -> ExitCode {
    said.map_or_else(|code| code, |_| ExitCode::SUCCESS)
}

/// Text as the anatomy shows it to a terminal: masked as [`shown`] does, with control
/// characters escaped, so that an input cannot move the cursor or retitle the window.
pub(crate) fn for_terminal(text: &str) -> String {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        text.to_owned()
    }
}

/// Writes a line to standard error, ignoring a closed stream: there is no one left to tell.
pub(crate) fn complain(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Text as every output shows it: with the credentials the library's policy finds masked
/// (`paycode::mask`), unless `--reveal` was given.
pub(crate) fn shown(text: &str, reveal: bool) -> String {
    if reveal {
        text.to_owned()
    } else {
        paycode::mask::masked(text).to_string()
    }
}

/// A value known to be a credential (a PAN, a numeric code): first four and last four
/// characters, unless `--reveal` was given.
pub(crate) fn secret(value: &str, reveal: bool) -> String {
    if reveal {
        value.to_owned()
    } else {
        paycode::mask::redact(value).to_string()
    }
}

/// Reports a command line clap refused, or prints the help or version asked for. clap's
/// message quotes the argument at fault, which may be a payment code: it is masked like any
/// other output.
pub(crate) fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // A closed pipe (`paycode --help | head -c1`) is no failure.
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            let text = e.render().to_string();
            let _ = write!(std::io::stderr().lock(), "{}", shown(&text, false));
            ExitCode::from(2)
        }
    }
}
