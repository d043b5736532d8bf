//! `paycode qr` and `convert --qr`: a code's QR symbol as PNG, SVG or text, always with its
//! quiet zone of four light modules.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use paycode::qr::{Buffers, Ecc, Symbol, encode};

use crate::out::{complain, shown};

/// The light modules drawn around a symbol, as ISO/IEC 18004 requires.
const QUIET: usize = 4;

/// How a symbol is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A PNG image, black on white.
    Png,
    /// An SVG image, black on white.
    Svg,
    /// Characters for a terminal, two rows of modules per line.
    Text,
}

impl Format {
    /// The format a file's name asks for, by its extension.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// A level as clap reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Level {
    /// About 7 % of the symbol may be damaged.
    L,
    /// About 15 %: the default.
    M,
    /// About 25 %: for stickers with a logo over the symbol.
    Q,
    /// About 30 %.
    H,
}

impl From<Level> for Ecc {
    fn from(l: Level) -> Ecc {
        match l {
            Level::L => Ecc::L,
            Level::M => Ecc::M,
            Level::Q => Ecc::Q,
            Level::H => Ecc::H,
        }
    }
}

/// Draws `code`'s symbol and writes it to `out` (a file) or standard output; the format is
/// the one given, else the file's extension's, else text.
pub(crate) fn write(
    code: &str,
    format: Option<Format>,
    level: Level,
    size: u32,
    out: Option<&PathBuf>,
    reveal: bool,
) -> ExitCode {
    let format = match (format, out) {
        (Some(f), _) => f,
        (None, None) => Format::Text,
        (None, Some(path)) => match Format::of(path) {
            Some(f) => f,
            None => {
                complain(&format!(
                    "paycode: {}: the file's extension names no format: give --format png, svg or text",
                    shown(&path.display().to_string(), reveal)
                ));
                return ExitCode::from(2);
            }
        },
    };
    let mut bufs = Box::new(Buffers::new());
    let symbol = match encode(code, level.into(), &mut bufs) {
        Ok(s) => s,
        Err(e) => {
            complain(&format!("paycode: {}: {e}", shown(code, reveal)));
            return ExitCode::from(1);
        }
    };
    let bytes = match format {
        Format::Png => match png(&symbol, size) {
            Ok(b) => b,
            Err(e) => {
                complain(&format!("paycode: cannot write the PNG: {e}"));
                return ExitCode::from(1);
            }
        },
        Format::Svg => svg(&symbol, size).into_bytes(),
        Format::Text => text(&symbol).into_bytes(),
    };
    match out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &bytes) {
                complain(&format!(
                    "paycode: {}: {e}",
                    shown(&path.display().to_string(), reveal)
                ));
                return ExitCode::from(1);
            }
        }
        None => return crate::out::status(crate::out::write_all(&bytes)),
    }
    ExitCode::SUCCESS
}

/// Whether the module at (x, y) of the drawing, quiet zone included, is dark.
fn dark(s: &Symbol<'_>, x: usize, y: usize) -> bool {
    match (x.checked_sub(QUIET), y.checked_sub(QUIET)) {
        (Some(x), Some(y)) => s.module(x, y),
        _ => false,
    }
}

fn png(s: &Symbol<'_>, size: u32) -> Result<Vec<u8>, image::ImageError> {
    let modules = s.size() + 2 * QUIET;
    let scale = size.max(1) as usize;
    let side = u32::try_from(modules * scale).unwrap_or(u32::MAX);
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (x, y) = (x as usize / scale, y as usize / scale);
        image::Luma([if dark(s, x, y) { 0 } else { 255 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

fn svg(s: &Symbol<'_>, size: u32) -> String {
    let modules = s.size() + 2 * QUIET;
    let px = modules * size.max(1) as usize;
    let mut path = String::new();
    for y in 0..modules {
        for x in 0..modules {
            if dark(s, x, y) {
                path.push_str(&format!("M{x},{y}h1v1h-1z"));
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {modules} {modules}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{modules}\" height=\"{modules}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>\n"
    )
}

/// Two rows of modules per line: dark is drawn, light is blank, so the terminal's background
/// must be light (as paper is) for a camera to read it.
fn text(s: &Symbol<'_>) -> String {
    let modules = s.size() + 2 * QUIET;
    let mut out = String::new();
    for y in (0..modules).step_by(2) {
        for x in 0..modules {
            out.push(match (dark(s, x, y), dark(s, x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    out
}
