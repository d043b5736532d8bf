//! Writing: standard output that ends quietly at a closed pipe, one-line errors on standard
//! error, and the masking every output goes through.

use std::io::Write;
use std::process::ExitCode;

/// Writes a line to standard output; `false` if the reader went away (a closed pipe), and
/// then the caller stops writing: the command ends quietly.
pub(crate) fn say(line: &str) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).is_ok()
}

/// Writes bytes to standard output, ignoring a closed pipe.
pub(crate) fn write_all(bytes: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
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
