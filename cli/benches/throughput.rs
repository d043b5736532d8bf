//! The tool's throughput against the library's own reading of the same codes (issue 9): the
//! whole `paycode decode --json --file` run's time per code over 200,000 varied codes, against
//! the library's parse + validate of those codes in the same process run, timed alternately;
//! and, on the merchant-presented codes alone, against cemacqr (PyPI) driven in bulk through
//! its Python API, when the Python given by PAYCODE_PYTHON (default `python3`) has it.
//!
//! `cargo bench -p paycode-cli --bench throughput` (the codes are generated here, from a fixed
//! seed: see `generate`). Prints figures; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use paycode::scan::{Scanned, scan};

/// A small deterministic generator (xorshift64*), so every run reads the same codes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick(&mut self, from: &[u8]) -> char {
        char::from(from[self.below(from.len() as u64) as usize])
    }
    fn text(&mut self, from: &[u8], len: usize) -> String {
        (0..len).map(|_| self.pick(from)).collect()
    }
}

const UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ ";
const DIGITS: &[u8] = b"0123456789";
const TOKEN: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// An EMVCo object: two-digit ID, two-digit length in characters, value.
fn tlv(id: u8, v: &str) -> String {
    format!("{id:02}{:02}{v}", v.chars().count())
}

/// A merchant payload with its CRC.
fn with_crc(body: &str) -> String {
    let head = format!("{body}6304");
    let crc = paycode::checksum::crc16(head.as_bytes());
    format!("{head}{crc:04X}")
}

/// 200,000 codes of every form in the shares a busy acquirer sees: merchant payloads (Pix,
/// PromptPay, UnionPay-style with Chinese in 64, unified), numeric payment codes, legacy
/// wallet URLs, consumer-presented payloads, and one in twenty broken or not a code at all.
fn generate(n: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = Rng(0x5EED_CAFE_F00D_0001);
    let mut all = Vec::with_capacity(n);
    let mut mpm = Vec::new();
    for _ in 0..n {
        let roll = rng.below(100);
        let code = match roll {
            0..=29 => {
                let len = 5 + rng.below(20) as usize;
                let name = rng.text(UPPER, len).trim().to_owned();
                let name = if name.is_empty() { "SHOP".to_owned() } else { name };
                let amount = format!("{}.{:02}", rng.below(10_000), rng.below(100));
                let body = match rng.below(4) {
                    0 => format!(
                        "{}{}{}{}{}{}{}{}{}",
                        tlv(0, "01"),
                        tlv(26, &format!("{}{}", tlv(0, "br.gov.bcb.pix"), tlv(1, &rng.text(LOWER, 36)))),
                        tlv(52, "0000"),
                        tlv(53, "986"),
                        tlv(54, &amount),
                        tlv(58, "BR"),
                        tlv(59, &name),
                        tlv(60, "BRASILIA"),
                        tlv(62, &tlv(5, &rng.text(TOKEN, 10))),
                    ),
                    1 => format!(
                        "{}{}{}{}{}",
                        tlv(0, "01"),
                        tlv(1, "11"),
                        tlv(29, &format!("{}{}", tlv(0, "A000000677010111"), tlv(1, &format!("0066{}", rng.text(DIGITS, 9))))),
                        tlv(58, "TH"),
                        tlv(53, "764"),
                    ),
                    2 => format!(
                        "{}{}{}{}{}{}{}{}{}{}",
                        tlv(0, "01"),
                        tlv(1, "12"),
                        tlv(15, &format!("6{}", rng.text(DIGITS, 14))),
                        tlv(52, "5812"),
                        tlv(53, "156"),
                        tlv(54, &amount),
                        tlv(58, "CN"),
                        tlv(59, &name),
                        tlv(60, "BEIJING"),
                        tlv(64, &format!("{}{}", tlv(0, "ZH"), tlv(1, "面馆"))),
                    ),
                    _ => format!(
                        "{}{}{}{}{}{}{}{}",
                        tlv(0, "01"),
                        tlv(1, "11"),
                        tlv(26, &format!("{}{}{}", tlv(0, "cn.paycode.wx"), tlv(1, "01"), tlv(2, &rng.text(TOKEN, 32)))),
                        tlv(52, "0000"),
                        tlv(53, "156"),
                        tlv(58, "CN"),
                        tlv(59, &name),
                        tlv(60, "CHINA"),
                    ),
                };
                let mut code = with_crc(&body);
                if rng.below(20) == 0 {
                    // A character changed in transit: the CRC no longer holds.
                    let at = rng.below(code.len() as u64 - 8) as usize;
                    if code.is_char_boundary(at) && code.is_char_boundary(at + 1) {
                        code.replace_range(at..at + 1, "Z");
                    }
                }
                mpm.push(code.clone());
                code
            }
            30..=54 => {
                let (prefix, len) = match rng.below(3) {
                    0 => (format!("1{}", rng.below(6)), 18),
                    1 => {
                        let second = 5 + rng.below(6);
                        (format!("2{second}"), 16 + rng.below(9) as usize)
                    }
                    _ => ("62".to_owned(), 19),
                };
                let mut code = format!("{prefix}{}", rng.text(DIGITS, len - 2));
                if rng.below(20) == 0 {
                    code.push('x');
                }
                code
            }
            55..=84 => match rng.below(3) {
                0 => format!("wxp://f2f0{}", rng.text(TOKEN, 32)),
                1 => format!("https://qr.alipay.com/{}", rng.text(LOWER, 20)),
                _ => format!("https://qr.95516.com/00010000/{}", rng.text(DIGITS, 26)),
            },
            85..=94 => [
                "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
                "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==",
            ][rng.below(2) as usize]
                .to_owned(),
            _ => {
                let len = 1 + rng.below(40) as usize;
                rng.text(TOKEN, len)
            }
        };
        all.push(code);
    }
    (all, mpm)
}

/// The library's work for each code: read it, then validate what has rules to validate.
fn library(codes: &[String]) -> f64 {
    let mut buf = [0u8; 2048];
    let start = Instant::now();
    let mut conformant = 0usize;
    for c in codes {
        let ok = match scan(black_box(c), &mut buf) {
            Scanned::Mpm(p) => p.is_conformant(),
            Scanned::Cpm(p) => p.is_conformant(),
            Scanned::NotPayment { .. } => false,
            _ => true,
        };
        conformant += usize::from(ok);
    }
    black_box(conformant);
    start.elapsed().as_nanos() as f64 / codes.len() as f64
}

/// The tool's whole run over the file, per code.
fn tool(path: &Path, n: usize) -> f64 {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_paycode"))
        .args(["decode", "--json", "--file"])
        .arg(path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.code().is_some());
    start.elapsed().as_nanos() as f64 / n as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn write(path: &Path, codes: &[String]) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for c in codes {
        writeln!(f, "{c}").unwrap();
    }
}

fn main() {
    const N: usize = 200_000;
    const ROUNDS: usize = 5;
    let (codes, mpm) = generate(N);
    let dir = std::env::temp_dir().join(format!("paycode-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let all_path = dir.join("codes.txt");
    let mpm_path = dir.join("mpm.txt");
    write(&all_path, &codes);
    write(&mpm_path, &mpm);

    let (mut lib, mut cli) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        lib.push(library(&codes));
        cli.push(tool(&all_path, codes.len()));
    }
    let (lib, cli) = (median(lib), median(cli));
    println!("{N} varied codes, {ROUNDS} rounds alternately, medians:");
    println!("  library parse + validate: {lib:.1} ns/code");
    println!("  paycode decode --json --file: {cli:.1} ns/code");
    let ratio = cli / lib;
    let verdict = if ratio <= 8.0 { "PASS" } else { "FAIL" };
    println!("  tool / library = {ratio:.2} (target <= 8): {verdict}");

    let python = std::env::var("PAYCODE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/cemacqr_bulk.py");
    let peer = Command::new(&python).arg(&script).arg(&mpm_path).output();
    match peer {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            let peer: f64 = text.lines().last().unwrap().trim().parse().unwrap();
            let (mut lib_m, mut cli_m) = (Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                lib_m.push(library(&mpm));
                cli_m.push(tool(&mpm_path, mpm.len()));
            }
            let (lib_m, cli_m) = (median(lib_m), median(cli_m));
            println!("{} merchant-presented codes of them:", mpm.len());
            println!("  library parse + validate: {lib_m:.1} ns/code");
            println!("  paycode decode --json --file: {cli_m:.1} ns/code");
            println!("  cemacqr parse_payload + validate (Python API, bulk): {peer:.1} ns/code");
            let faster = peer / cli_m;
            let verdict = if faster > 1.0 { "PASS" } else { "FAIL" };
            println!("  cemacqr / tool = {faster:.1}x (target: the tool faster): {verdict}");
        }
        Ok(out) => println!(
            "cemacqr not timed: {python} {} failed: {}",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => println!("cemacqr not timed: cannot run {python}: {e}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
