//! `paycode`: decode, validate, convert and route barcode-payment codes from the command line.
//!
//! The interface is relied on from outside; keep it: `decode [--json] [--reveal]` prints one
//! result per input, in input order (with `--json`, one object per line in the shape of
//! `spec/report.schema.json`); exit status 0 if every input is readable, 1 if any is not, 2
//! on misuse; a reader that goes away (a closed pipe) ends the output quietly with the status
//! so far. Consumer-presented codes are payment credentials: every output shows them through
//! the one policy of `paycode::mask` unless `--reveal` is given.

mod convert;
mod decode;
mod image;
mod input;
mod out;
mod qr;
mod route;
mod samples;
mod summary;
mod text;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  paycode
      Decode the bundled sample codes.
  paycode decode 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L'
      Show what a code is, who issued it and whether it keeps the standard's rules.
  paycode decode --image sticker.jpg
      Read the QR symbols of a photo, and decode each.
  paycode decode --json --summary --file codes.txt > codes.jsonl
      One JSON object per line of codes.txt; counts by form, issuer and rule on stderr.
  paycode convert --to unified --name 'NOODLE HOUSE' WECHAT_CODE ALIPAY_CODE
      One unified code that every wallet can scan.
  paycode convert --to legacy UNIFIED_PAYLOAD
      The wallet codes a unified code carries, one per line.
  paycode route --wallet unionpay 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L'
      Whether the wallet pays the code, how, and the code to send.
  paycode qr -o shop.png --ecc q UNIFIED_PAYLOAD
      The code's QR symbol as a PNG, for a sticker with a logo.
  paycode convert --to unified --name 'NOODLE HOUSE' --qr shop.svg WECHAT_CODE ALIPAY_CODE
      The unified code, and its symbol as an SVG.
  paycode completions bash > /etc/bash_completion.d/paycode

Exit status: 0 if every code is readable (with a correct checksum, where its form has one),
1 if any is not, 2 on misuse.";

/// Decode, validate, convert and route barcode-payment codes: EMVCo merchant- and
/// consumer-presented QR payloads, numeric payment codes, and the wallets' own URLs.
///
/// Payment codes (付款码) and card data are credentials: every output masks them, all but
/// their first four and last four characters, unless --reveal is given.
#[derive(Debug, Parser)]
#[command(name = "paycode", version, after_long_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode codes: what each is, who issued it, and every rule of the standard it breaks.
    ///
    /// Codes are taken from the arguments; else from the files given with --file, in order
    /// (`-` is standard input); else one per line of standard input.
    Decode(DecodeArgs),
    /// Carry wallet codes in one unified code, or recover them from one.
    Convert(ConvertArgs),
    /// Say whether a wallet pays a merchant code, how, and print the code to send.
    Route(RouteArgs),
    /// Draw a code's QR symbol as EMVCo requires it: byte mode, ECI 26 for UTF-8 when needed,
    /// the smallest version, level M unless another is asked, a four-module quiet zone.
    Qr(QrArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// How `decode` reads and prints.
#[derive(Debug, Args)]
struct DecodeArgs {
    /// Print one JSON object per code (spec/report.schema.json) instead of the anatomy.
    #[arg(long)]
    json: bool,
    /// Show consumer codes, PANs and track 2 in full (masked otherwise).
    #[arg(long)]
    reveal: bool,
    /// Read codes from FILE, one per line (`-` is standard input); may be repeated.
    #[arg(long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// At the end, print one line of counts (by form, issuer and rule broken) to stderr.
    #[arg(long)]
    summary: bool,
    /// Read every QR symbol of a PNG or JPEG photo or scan; may be repeated. Each symbol is
    /// decoded as any other input; the JSON names the image (`image`).
    #[arg(long = "image", value_name = "FILE", conflicts_with_all = ["files", "codes"])]
    images: Vec<PathBuf>,
    /// The codes to decode.
    #[arg(value_name = "CODE")]
    codes: Vec<OsString>,
}

/// What `convert` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    /// One unified code carrying the legacy codes given.
    Unified,
    /// Each legacy code a unified code carries.
    Legacy,
}

/// How `convert` converts.
#[derive(Debug, Args)]
struct ConvertArgs {
    /// What to make.
    #[arg(long, value_enum)]
    to: Target,
    /// The merchant name (59) of the unified code.
    #[arg(long)]
    name: Option<String>,
    /// The merchant city (60) of the unified code.
    #[arg(long)]
    city: Option<String>,
    /// The merchant category code (52) of the unified code.
    #[arg(long)]
    mcc: Option<String>,
    /// The amount (54) of a dynamic unified code, such as 12.34.
    #[arg(long)]
    amount: Option<String>,
    /// Also write the unified code's QR symbol to FILE (PNG, SVG or text by its extension).
    #[arg(long, value_name = "FILE")]
    qr: Option<PathBuf>,
    /// Show credentials in full.
    #[arg(long)]
    reveal: bool,
    /// The legacy codes (to unified), or the one unified payload (to legacy).
    #[arg(value_name = "CODE", required = true)]
    codes: Vec<String>,
}

/// How `qr` draws.
#[derive(Debug, Args)]
struct QrArgs {
    /// The image format: by default the output file's extension's (.png, .svg, .txt), else
    /// text for the terminal.
    #[arg(long, value_enum)]
    format: Option<qr::Format>,
    /// The error-correction level: Q or H for a sticker with a logo over the symbol.
    #[arg(long, value_enum, default_value = "m", ignore_case = true)]
    ecc: qr::Level,
    /// Pixels per module (PNG and SVG).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64))]
    size: u32,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show a credential in an error message in full.
    #[arg(long)]
    reveal: bool,
    /// The code.
    #[arg(value_name = "CODE")]
    code: String,
}

/// Which wallet routes which code.
#[derive(Debug, Args)]
struct RouteArgs {
    /// The wallet that scanned the code: a registry ID such as wechat-pay, alipay, unionpay, ccb.
    #[arg(long, value_name = "ID")]
    wallet: String,
    /// Show credentials in full.
    #[arg(long)]
    reveal: bool,
    /// The merchant code scanned.
    #[arg(value_name = "CODE")]
    code: String,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return out::usage_error(&e),
    };
    match cli.command {
        None => decode::samples(),
        Some(Command::Decode(a)) => decode::run(&a),
        Some(Command::Convert(a)) => convert::run(&a),
        Some(Command::Route(a)) => route::run(&a),
        Some(Command::Qr(a)) => qr::write(
            &a.code,
            a.format,
            a.ecc,
            a.size,
            a.output.as_ref(),
            a.reveal,
        ),
        Some(Command::Completions { shell }) => {
            // Into memory first: the generator panics on a failed write, a closed pipe would.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "paycode", &mut script);
            out::status(out::write_all(&script))
        }
    }
}
