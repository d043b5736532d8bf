//! `paycode decode` and the bare `paycode`: one result per input, in input order.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use paycode::mpm::Payload;
use paycode::report::Report;
use paycode::scan::{Form, Scanned, detect, scan};

use crate::DecodeArgs;
use crate::input::{Input, Source, lines, os_bytes};
use crate::out::{complain, shown};
use crate::samples::SAMPLES;
use crate::summary::Summary;
use crate::text;

/// How results are printed.
#[derive(Clone, Copy)]
struct Options {
    json: bool,
    reveal: bool,
}

/// The bundled samples' anatomy. The demo shows an unreadable sample on purpose; it succeeds
/// if it could show them.
pub(crate) fn samples() -> ExitCode {
    let inputs = SAMPLES
        .iter()
        .map(|(label, code)| Input::new(Some((*label).to_owned()), code.as_bytes().to_vec()));
    let opts = Options {
        json: false,
        reveal: false,
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, input) in inputs.enumerate() {
        if one(n, &input, opts, &mut out).is_err() {
            break;
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}

pub(crate) fn run(a: &DecodeArgs) -> ExitCode {
    let opts = Options {
        json: a.json,
        reveal: a.reveal,
    };
    let mut run = Run::new(opts, a.summary);
    if !a.images.is_empty() {
        for path in &a.images {
            if !run.image(path) {
                break;
            }
        }
        return run.finish();
    }
    if !a.codes.is_empty() {
        for c in &a.codes {
            let input = Input::new(None, os_bytes(c));
            if !run.input(&input) {
                break;
            }
        }
        return run.finish();
    }
    let sources: Vec<Source> = if a.files.is_empty() {
        vec![Source::Stdin]
    } else {
        a.files.iter().map(|p| Source::of(p)).collect()
    };
    // Every file is opened before any is read: a misnamed file fails the run before any
    // output, not in the middle of it.
    for source in &sources {
        if let Err(e) = source.check() {
            complain(&format!("paycode: {}: {e}", source.name(opts.reveal)));
            return ExitCode::from(2);
        }
    }
    for source in &sources {
        let (reader, size) = match source.open() {
            Ok(r) => r,
            Err(e) => {
                run.flush();
                complain(&format!("paycode: {}: {e}", source.name(opts.reveal)));
                return ExitCode::from(2);
            }
        };
        let mut lines = lines(reader);
        let mut progress = Progress::new(size);
        loop {
            if lines.will_read() {
                run.flush();
            }
            let Some(input) = lines.next() else { break };
            if !run.input(&input) {
                progress.clear();
                return run.finish();
            }
            progress.tick(lines.consumed);
        }
        progress.clear();
        if let Some(e) = lines.failed.take() {
            run.flush();
            complain(&format!(
                "paycode: cannot read {}: {e}",
                source.name(opts.reveal)
            ));
            return ExitCode::from(2);
        }
    }
    run.finish()
}

/// A run over inputs: the buffered output, the status so far, and the counts.
struct Run {
    opts: Options,
    out: BufWriter<std::io::StdoutLock<'static>>,
    n: usize,
    all_ok: bool,
    summary: Option<Summary>,
    closed: bool,
    /// A write failed for another reason than a closed pipe (a full disk): the run fails.
    write_failed: Option<std::io::Error>,
}

impl Run {
    fn new(opts: Options, summary: bool) -> Self {
        Run {
            opts,
            out: BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            n: 0,
            all_ok: true,
            summary: summary.then(Summary::default),
            closed: false,
            write_failed: None,
        }
    }

    /// Decodes and prints one input; `false` once the reader of the output went away.
    fn input(&mut self, input: &Input) -> bool {
        match one(self.n, input, self.opts, &mut self.out) {
            Ok(ok) => self.all_ok &= ok,
            Err(e) => {
                self.stopped(e);
                return false;
            }
        }
        if let Some(s) = &mut self.summary {
            s.add(&input.bytes);
        }
        self.n += 1;
        true
    }

    /// Decodes and prints every symbol of an image, each with the image's name; an image
    /// without a readable symbol is one unreadable input. `false` once the output is closed.
    fn image(&mut self, path: &std::path::Path) -> bool {
        // A file's name is shown like any other output: it can be a payment code.
        let name = shown(&path.display().to_string(), self.opts.reveal);
        match crate::image::read(path) {
            crate::image::Read::Symbols(texts) => {
                for (k, text) in texts.into_iter().enumerate() {
                    let input =
                        Input::new(Some(format!("{name}, symbol {}", k + 1)), text.into_bytes());
                    let written = if self.opts.json {
                        image_json(&mut self.out, &name, &input, self.opts.reveal)
                    } else {
                        one(self.n, &input, self.opts, &mut self.out)
                    };
                    match written {
                        Ok(ok) => self.all_ok &= ok,
                        Err(e) => {
                            self.stopped(e);
                            return false;
                        }
                    }
                    if let Some(s) = &mut self.summary {
                        s.add(&input.bytes);
                    }
                    self.n += 1;
                }
            }
            crate::image::Read::Unreadable(why) => {
                self.all_ok = false;
                let line = if self.opts.json {
                    serde_json::json!({
                        "conformant": false,
                        "error": {"rule": null, "message": why},
                        "fields": null, "form": "unknown", "image": name, "input": "",
                        "issuers": [], "ok": false, "scan_kind": "unknown", "violations": [],
                    })
                    .to_string()
                } else {
                    format!("── image {name}\n   unreadable: {why}\n")
                };
                if let Err(e) = writeln!(self.out, "{line}") {
                    self.stopped(e);
                    return false;
                }
                if let Some(s) = &mut self.summary {
                    s.add_unreadable();
                }
                self.n += 1;
            }
        }
        true
    }

    /// The output went away: quietly for a closed pipe, as a failure for anything else.
    fn stopped(&mut self, e: std::io::Error) {
        self.closed = true;
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            self.write_failed.get_or_insert(e);
        }
    }

    fn flush(&mut self) {
        if let Err(e) = self.out.flush() {
            self.stopped(e);
        }
    }

    fn finish(mut self) -> ExitCode {
        self.flush();
        if let Some(e) = &self.write_failed {
            complain(&format!("paycode: cannot write the output: {e}"));
            return ExitCode::from(1);
        }
        if let Some(s) = &self.summary {
            if !self.closed {
                complain(&s.line());
            }
        }
        ExitCode::from(if self.all_ok { 0 } else { 1 })
    }
}

/// Prints the result of one input; returns whether it read.
fn one(n: usize, input: &Input, opts: Options, out: &mut impl Write) -> std::io::Result<bool> {
    if input.cut {
        return cut(n, input, opts, out);
    }
    if opts.json {
        let r = Report::new(&input.bytes).reveal(opts.reveal);
        serde_json::to_writer(&mut *out, &r).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        return Ok(r.ok());
    }
    // Bytes that are not UTF-8 are no code of any form; the MPM reader names the first bad
    // byte (MPM-UTF-1), where the other readers would only see replacement characters.
    let form = if std::str::from_utf8(&input.bytes).is_err() {
        Form::EmvMpm
    } else {
        detect(&input.bytes)
    };
    let text = String::from_utf8_lossy(&input.bytes);
    let shown = shown(&text, opts.reveal);
    let (ok, s) = match form {
        Form::Numeric => text::numeric(n, input, &text, &shown),
        Form::EmvCpm => text::consumer(n, input, &text, &shown, opts.reveal),
        Form::Legacy => text::legacy(n, input, &text, &shown),
        Form::AlipayPlus => text::alipay_plus(n, input, &text, &shown),
        Form::Unknown => {
            let mut buf = [0u8; 16];
            match scan(&text, &mut buf) {
                Scanned::NotPayment { error, .. } => {
                    (false, text::unknown(n, input, &error, &shown))
                }
                _ => merchant(n, input, &shown),
            }
        }
        _ => merchant(n, input, &shown),
    };
    writeln!(out, "{s}")?;
    Ok(ok)
}

/// A line longer than the tool reads: its start is read as any input, for the rule its reader
/// names, but never shown, since the cut may have split a credential that the masking policy
/// would have found whole.
fn cut(n: usize, input: &Input, opts: Options, out: &mut impl Write) -> std::io::Result<bool> {
    let shown = format!(
        "(a line of more than {} bytes, not shown)",
        crate::input::MAX_LINE
    );
    if opts.json {
        let r = Report::new(&input.bytes).reveal(opts.reveal);
        let mut v = serde_json::to_value(&r).map_err(std::io::Error::from)?;
        if let Some(m) = v.as_object_mut() {
            m.insert("input".to_owned(), serde_json::Value::from(""));
            m.insert("fields".to_owned(), serde_json::Value::Null);
        }
        writeln!(out, "{v}")?;
        return Ok(false);
    }
    let mut buf = [0u8; 16];
    let text = String::from_utf8_lossy(&input.bytes);
    let why = match scan(&text, &mut buf) {
        Scanned::NotPayment { error, .. } => error.to_string(),
        _ => "longer than any code".to_owned(),
    };
    writeln!(
        out,
        "{}   unreadable: {why}\n",
        text::header(n, input, &shown)
    )?;
    Ok(false)
}

/// The report of a symbol read from an image, with the image's name (`image`).
fn image_json(
    out: &mut impl Write,
    name: &str,
    input: &Input,
    reveal: bool,
) -> std::io::Result<bool> {
    let r = Report::new(&input.bytes).reveal(reveal);
    let mut v = serde_json::to_value(&r).map_err(std::io::Error::from)?;
    if let Some(m) = v.as_object_mut() {
        m.insert("image".to_owned(), serde_json::Value::from(name));
    }
    writeln!(out, "{v}")?;
    Ok(r.ok())
}

/// What reads as a payload is no credential; what does not may hold one (a code with a stray
/// letter starts with two digits too): the anatomy echoes the input as shown.
fn merchant(n: usize, input: &Input, shown: &str) -> (bool, String) {
    let result = Payload::parse_bytes(&input.bytes);
    let echoed = Input {
        cut: input.cut,
        label: input.label.clone(),
        bytes: shown.as_bytes().to_vec(),
    };
    (result.is_ok(), text::merchant(n, &echoed, &result))
}

/// A progress line on standard error while a large file is read, when standard error is a
/// terminal: nothing on a pipe, nothing for small inputs.
struct Progress {
    size: Option<u64>,
    last: Instant,
    shown: bool,
}

/// Files smaller than this (a few thousand codes) finish before a progress line would help.
const PROGRESS_FROM_BYTES: u64 = 256 * 1024;

impl Progress {
    fn new(size: Option<u64>) -> Self {
        let wanted = size.is_some_and(|s| s >= PROGRESS_FROM_BYTES)
            && std::io::stderr().is_terminal()
            && std::env::var_os("PAYCODE_NO_PROGRESS").is_none();
        Progress {
            size: size.filter(|_| wanted),
            last: Instant::now(),
            shown: false,
        }
    }

    fn tick(&mut self, consumed: u64) {
        let Some(size) = self.size else { return };
        if self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        let pct = consumed.saturating_mul(100) / size.max(1);
        let _ = write!(std::io::stderr().lock(), "\r  {pct:>3} % of the input read");
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r{:30}\r", "");
            self.shown = false;
        }
    }
}
