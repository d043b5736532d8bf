//! An acquirer backend deciding on what a merchant's scanner read: whose code it is, whether
//! it is a payment code (付款码) to charge or a merchant code (收款码) shown by mistake, and
//! what is wrong with it, with every finding's rule and offset, and no credential logged.
//!
//! Run: `cargo run --example acquirer` (built-in scans), or pipe one scan a line:
//! `printf '134556781234567890\n' | cargo run --example acquirer -- -`.

use std::io::BufRead;

use paycode::scan::{ScanKind, ScanOptions, Scanned, ScannedBuf};

const SCANS: &[&str] = &[
    "134556781234567890",
    " 6236171220051893816\r\n",
    "281010897274821897274821",
    "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
    "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
    "https://qr.95516.com/48020000/34ZZ2401011234567890123456",
    "hello",
];

/// What scanners add around a code: a BOM, a line end, trailing blanks.
const OPTIONS: ScanOptions = ScanOptions::new()
    .strip_bom(true)
    .trim_line_end(true)
    .trim_trailing_blanks(true);

/// What the acquirer does with one scan. The owned scan result needs no buffer kept alive, so
/// a batch of them can be collected and returned.
fn decide(input: &str) -> (ScannedBuf, String) {
    let shown = paycode::mask::masked(input.trim_end()).to_string();
    let owned = OPTIONS.scan_owned(input.trim_start_matches(' '));
    let scanned = owned.as_view();
    let issuers: Vec<&str> = scanned.issuers().iter().map(|i| i.id()).collect();
    let verdict = match (&scanned, scanned.scan_kind()) {
        (Scanned::Numeric(code), _) => match (issuers.first(), code.routing_number()) {
            (Some(first), Some(routing)) => {
                format!("charge: send to {first} (CGCP routing number {routing})")
            }
            (Some(first), None) if issuers.len() > 1 => {
                format!(
                    "charge: send to {first}, or else {}",
                    issuers[1..].join(", ")
                )
            }
            (Some(first), None) => format!("charge: send to {first}"),
            (None, _) => "refuse: no registered issuer uses this prefix and length".to_owned(),
        },
        (Scanned::Cpm(p), _) if p.is_conformant() => {
            format!("charge: EMVCo consumer code of {}", issuers.join(", "))
        }
        (Scanned::Cpm(p), _) => format!("refuse: {} rule(s) broken", p.validate().len()),
        (Scanned::NotPayment { error, .. }, _) => format!("refuse: {error}"),
        (_, ScanKind::Consumer) => "charge".to_owned(),
        (_, kind) => format!(
            "not a payment code: a merchant code ({kind}) of {}",
            issuers.join(", ")
        ),
    };
    let line = format!(
        "{shown}\n  {} {}\n  {verdict}",
        scanned.form().name(),
        scanned.scan_kind()
    );
    (owned, line)
}

fn main() {
    let from_stdin = std::env::args().nth(1).as_deref() == Some("-");
    let lines: Vec<String> = if from_stdin {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        SCANS.iter().map(|s| (*s).to_owned()).collect()
    };
    let decided: Vec<(ScannedBuf, String)> = lines.iter().map(|l| decide(l)).collect();
    for (_, line) in &decided {
        println!("{line}");
    }
    let charged = decided
        .iter()
        .filter(|(s, _)| s.scan_kind() == ScanKind::Consumer)
        .count();
    println!("{charged} of {} scans are payment codes", decided.len());
}
