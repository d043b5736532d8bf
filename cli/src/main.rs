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
mod input;
mod out;
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
  paycode decode --json --summary --file codes.txt > codes.jsonl
      One JSON object per line of codes.txt; counts by form, issuer and rule on stderr.
  paycode convert --to unified --name 'NOODLE HOUSE' WECHAT_CODE ALIPAY_CODE
      One unified code that every wallet can scan.
  paycode convert --to legacy UNIFIED_PAYLOAD
      The wallet codes a unified code carries, one per line.
  paycode route --wallet unionpay 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L'
      Whether the wallet pays the code, how, and the code to send.
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
    /// Show credentials in full.
    #[arg(long)]
    reveal: bool,
    /// The legacy codes (to unified), or the one unified payload (to legacy).
    #[arg(value_name = "CODE", required = true)]
    codes: Vec<String>,
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
        Some(Command::Completions { shell }) => {
            // Into memory first: the generator panics on a failed write, a closed pipe would.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "paycode", &mut script);
            out::write_all(&script);
            ExitCode::SUCCESS
        }
    }
}
