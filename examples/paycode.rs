//! `paycode`: decode payment codes from the command line.
//!
//! ```text
//! cargo run --example paycode                      # anatomy of the bundled sample codes
//! cargo run --example paycode -- decode CODE...    # anatomy of these codes
//! cargo run --example paycode -- decode --json     # one JSON object per line of stdin
//! ```
//!
//! `decode` takes codes from its arguments, or else one per line from standard input. With
//! `--json` it prints one JSON object per input, in input order:
//!
//! ```json
//! {"input": "...", "ok": true, "form": "emv-mpm", "conformant": false,
//!  "violations": [{"rule": "MPM-PRS-1", "offset": 0, "message": "..."}],
//!  "error": null, "issuers": ["pix"], "fields": {...}}
//! ```
//!
//! `form` is `emv-mpm`, `emv-cpm` or `numeric`; `ok` means readable (with a correct checksum,
//! where the form has one); `conformant` means no rule is broken; `error` (when `ok` is false)
//! has the same shape as a violation; `issuers` lists registry IDs, most likely first.
//! Consumer-presented codes are payment credentials: every output (text, JSON, echoed input,
//! error messages, `convert` and `route`) shows them through the one policy of
//! `paycode::mask` (`spec/masking.md`), first four and last four characters, unless `--reveal`
//! is given; card-data objects show as `<masked>`. Exit status: 0 if every input is ok, 1 if
//! any is not, 2 on misuse; a reader that goes away (a closed pipe) ends the output quietly
//! with the status so far. This interface is relied on from outside: keep it.
#![allow(clippy::print_stdout)]

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::process::ExitCode;

use paycode::cpm::Cpm;
use paycode::mpm::{self, Initiation, MerchantAccount, Payload, Template};
use paycode::numeric::NumericCode;
use paycode::registry::Candidates;
use paycode::scan::{Form, detect};
use paycode::{ObjectPath, codes};
use serde_json::{Value, json};

/// Sample codes shown when the command runs without arguments: fixtures for parsing, never to
/// pay. Each is a vector of `spec/vectors/mpm.jsonl`.
const SAMPLES: &[(&str, &str)] = &[
    (
        "EMVCo MPM v1.1 Annex B.7: the spec's own example, with Chinese in template 64",
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    ),
    (
        "Pix (Brazil), static code with an amount",
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591",
    ),
    (
        "PromptPay (Thailand): readable, but without merchant name, city and MCC",
        "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
    ),
    (
        "WeChat Pay payment code (付款码), 18 digits",
        "120061098828009406",
    ),
    (
        "A 19-digit UnionPay-network payment code: UnionPay first, JD Pay also possible",
        "6236171220051893816",
    ),
    (
        "e-CNY payment code: starts with 0, kept as a string",
        "0112345678901234567",
    ),
    (
        "EMVCo CPM Annex B.1: consumer-presented, track 2, the spec's test AID",
        "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
    ),
    (
        "Consumer-presented UnionPay code with a token PAN and a transparent template",
        "hQVDUFYwMWEwTwigAAADMwEBAVoKYpJhA1hEQzVkH180AQBjFJ8mCAAAAAAAAAAAnycBgJ82AgAB",
    ),
    (
        "QRIS (Indonesia) consumer-presented code",
        "hQVDUFYwMWFFTwegAAAGAiAgUAdRUklTQ1BNWgqTYAkUMBAFMXIPXy0EaWRlbmMen3QbY2hlcXVlOjk1Njc3MjQ5NTA5MDUxODk4MDc0",
    ),
    (
        "WeChat Pay personal receipt code (legacy 收款码)",
        "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    ),
    (
        "Alipay receipt code in upper case, as printed for QR alphanumeric mode",
        "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
    ),
    (
        "UnionPay's gateway wrapping a WeChat code: read one level, both issuers named",
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    ),
    (
        "The gateway wrapping an attacker's URL: UnionPay's name is not lent to it",
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fevil.example%2Fpay",
    ),
    (
        "A China UMS aggregated code (聚合码) on the UnionPay host: UnionPay, then China UMS",
        "https://qr.95516.com/48020000/34ZZ2401011234567890123456",
    ),
    (
        "A China UMS aggregated code on its own host",
        "https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456",
    ),
    (
        "An e-CNY merchant code: the operating institution in its first three digits",
        "https://qr.pbcdci.cn/002030000000000000000000000000000000001",
    ),
    (
        "WeChat Pay's API v3 Native code",
        "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00",
    ),
    (
        "An Alipay+ merchant code (the standard's sample): objects of its own TLV",
        "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE",
    ),
    (
        "A look-alike host: never attributed",
        "https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24",
    ),
    (
        "The spec example with one letter changed and the old CRC kept: unreadable",
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEZT TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    ),
];

/// Longest line read from standard input; longer lines are cut here (and then refused by the
/// reader's own limit, MPM-LIM-1) and the rest is read past in bounded chunks without being
/// kept, so that a hostile input cannot exhaust memory.
const MAX_LINE: usize = 64 * 1024;

const USAGE: &str = "usage: paycode [decode [--json] [--reveal] [CODE...]]
       paycode convert --to unified [--name N] [--city C] [--mcc M] [--amount A] CODE...
       paycode convert --to legacy PAYLOAD
       paycode route --wallet ID CODE

  paycode                   decode the bundled sample codes
  paycode decode CODE...    decode the codes given (or one per line of stdin)
      --json                print one JSON object per code instead of the anatomy
      --reveal              show consumer codes, PANs and track 2 in full (masked otherwise)
      --reveal              (also for convert and route) show credentials in full
  paycode convert --to unified CODE...
                            print one unified code carrying the legacy codes given
  paycode convert --to legacy PAYLOAD
                            print each legacy code a unified code carries, one per line
  paycode route --wallet ID CODE
                            say whether the wallet (a registry ID) can pay the merchant code,
                            and print the code to send

exit status: 0 if every code is readable with a correct checksum, 1 if any is not, 2 on misuse";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let Some(first) = args.first() else {
        let inputs = SAMPLES.iter().map(|(label, code)| Input {
            label: Some(label),
            bytes: code.as_bytes().to_vec(),
        });
        // The demo shows an unreadable sample on purpose; it succeeds if it could show them.
        run(
            inputs,
            Options {
                json: false,
                reveal: false,
            },
        );
        return ExitCode::SUCCESS;
    };
    match first.to_str() {
        Some("decode") => {}
        Some("convert") => return convert(&args[1..]),
        Some("route") => return route(&args[1..]),
        Some("-h" | "--help" | "help") => {
            // A closed pipe (`paycode --help | head -c1`) is no failure.
            say(USAGE);
            return ExitCode::SUCCESS;
        }
        _ => {
            let shown = shown(&first.to_string_lossy(), false);
            return misuse(&format!("unknown command {shown:?}"));
        }
    }
    let mut opts = Options {
        json: false,
        reveal: false,
    };
    let mut codes = Vec::new();
    let mut only_codes = false;
    for a in &args[1..] {
        match a.to_str() {
            Some("--json") if !only_codes => opts.json = true,
            Some("--reveal") if !only_codes => opts.reveal = true,
            Some("--") if !only_codes => only_codes = true,
            Some(s) if s.starts_with('-') && !only_codes && s.len() > 1 => {
                return misuse(&format!("unknown option {}", shown(s, false)));
            }
            _ => codes.push(Input {
                label: None,
                bytes: os_bytes(a),
            }),
        }
    }
    if !codes.is_empty() {
        return run(codes.into_iter(), opts);
    }
    let stdin = std::io::stdin();
    let lines = StdinLines {
        reader: stdin.lock(),
    };
    run(lines, opts)
}

/// `--flag value` pairs, then the plain arguments.
type Parsed<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

/// Reads `--flag value` pairs and plain arguments; `None` on an unknown flag or a flag
/// without its value. `--reveal` stands alone: it is given as the pair `("--reveal", "")`.
fn flags<'a>(args: &'a [OsString], known: &[&str]) -> Option<Parsed<'a>> {
    let mut pairs = Vec::new();
    let mut rest = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.to_str()?;
        if a == "--reveal" {
            pairs.push((a, ""));
        } else if a.starts_with("--") {
            if !known.contains(&a) {
                return None;
            }
            pairs.push((a, it.next()?.to_str()?));
        } else {
            rest.push(a);
        }
    }
    Some((pairs, rest))
}

fn convert(args: &[OsString]) -> ExitCode {
    let Some((pairs, codes)) = flags(args, &["--to", "--name", "--city", "--mcc", "--amount"])
    else {
        return misuse("convert: unknown option or missing value");
    };
    let get = |k: &str| pairs.iter().find(|(f, _)| *f == k).map(|&(_, v)| v);
    let reveal = get("--reveal").is_some();
    match get("--to") {
        Some("unified") => {
            if codes.is_empty() {
                return misuse("convert --to unified: no code given");
            }
            let mut parsed = Vec::new();
            for c in &codes {
                match paycode::legacy::LegacyCode::parse(c) {
                    Ok(l) => parsed.push(l),
                    Err(e) => {
                        complain(&format!("paycode: {}: {e}", shown(c, reveal)));
                        return ExitCode::from(1);
                    }
                }
            }
            let merchant = paycode::unified::Merchant {
                name: get("--name"),
                city: get("--city"),
                mcc: get("--mcc"),
                amount: get("--amount").map(paycode::unified::Amount::Decimal),
                ..Default::default()
            };
            let mut buf = [0u8; 1024];
            match paycode::unified::to_unified(&parsed, &merchant, &mut buf) {
                Ok(s) => {
                    say(&shown(s, reveal));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    ExitCode::from(1)
                }
            }
        }
        Some("legacy") => {
            let [payload] = codes.as_slice() else {
                return misuse("convert --to legacy: give exactly one payload");
            };
            let p = match Payload::parse(payload) {
                Ok(p) => p,
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    return ExitCode::from(1);
                }
            };
            let mut found = Vec::new();
            match paycode::unified::from_unified(&p, &mut |c| found.push(c.to_owned())) {
                Ok(()) if !found.is_empty() => {
                    // Stop at a closed pipe.
                    let _ = found.iter().all(|c| say(&shown(c, reveal)));
                    ExitCode::SUCCESS
                }
                Ok(()) => {
                    complain("paycode: the payload carries no legacy code");
                    ExitCode::from(1)
                }
                Err(e) => {
                    complain(&format!("paycode: {e}"));
                    ExitCode::from(1)
                }
            }
        }
        _ => misuse("convert: --to must be unified or legacy"),
    }
}

fn route(args: &[OsString]) -> ExitCode {
    let Some((pairs, codes)) = flags(args, &["--wallet"]) else {
        return misuse("route: unknown option or missing value");
    };
    let (Some(&(_, wallet)), [code]) = (
        pairs.iter().find(|(f, _)| *f == "--wallet"),
        codes.as_slice(),
    ) else {
        return misuse("route: give --wallet ID and exactly one code");
    };
    let reveal = pairs.iter().any(|(f, _)| *f == "--reveal");
    let mut buf = [0u8; 4096];
    let wallet_id = wallet;
    let wallet = match wallet_id.parse::<paycode::registry::Issuer>() {
        Ok(w) => w,
        Err(e) => {
            complain(&format!("paycode: {wallet_id}: {e}"));
            return ExitCode::from(1);
        }
    };
    match paycode::route::route(wallet, code, &mut buf) {
        Ok(r) => {
            use paycode::route::Decision;
            let issuer = r.issuer.map(|i| i.id()).unwrap_or("-");
            let what = match r.decision {
                Decision::Own => format!("{wallet} pays its own {issuer} code"),
                Decision::Direct => format!("{wallet} pays the {issuer} code directly"),
                Decision::Gateway => {
                    format!("{wallet} pays the {issuer} code through the UnionPay gateway")
                }
                Decision::Page => {
                    format!("{wallet} opens the {issuer} page, which takes the payment")
                }
                Decision::Handover => {
                    format!("{wallet} hands the {issuer} code over to the {issuer} app")
                }
                Decision::NotAccepted => format!("{wallet} cannot pay the {issuer} code"),
                _ => format!("no registry fact says whether {wallet} pays {issuer} codes"),
            };
            // The first line says pays, cannot or unknown; the second where that comes from.
            let confidence = format!("{:?}", r.confidence).to_lowercase();
            let fact = match (r.since, r.source) {
                (_, "") if r.decision == Decision::Own => String::new(),
                (_, "") => "source: none in the registry".to_owned(),
                ("", source) => format!("undated, {confidence}: {source}"),
                (since, source) => format!("since {since}, {confidence}: {source}"),
            };
            let mut ok = say(&format!("{}: {what}", r.decision.verdict()));
            if ok && !fact.is_empty() {
                ok = say(&fact);
            }
            if ok && !r.code.is_empty() {
                say(&shown(r.code, reveal));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            complain(&format!("paycode: {e}"));
            ExitCode::from(1)
        }
    }
}

fn misuse(why: &str) -> ExitCode {
    complain(&format!("paycode: {why}\n{USAGE}"));
    ExitCode::from(2)
}

/// Writes a line to standard output; `false` if the reader went away (a closed pipe), and
/// then the caller stops writing: the command ends quietly, as `decode` does.
fn say(line: &str) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).is_ok()
}

/// Writes a line to standard error, ignoring a closed stream: there is no one left to tell.
fn complain(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Text as every output shows it: with the credentials the library's policy finds masked
/// (`paycode::mask`), unless `--reveal` was given.
fn shown(text: &str, reveal: bool) -> String {
    if reveal {
        text.to_owned()
    } else {
        paycode::mask::masked(text).to_string()
    }
}

/// A value known to be a credential (a PAN, a numeric code): first four and last four
/// characters, unless `--reveal` was given.
fn secret(value: &str, reveal: bool) -> String {
    if reveal {
        value.to_owned()
    } else {
        paycode::mask::redact(value).to_string()
    }
}

#[cfg(unix)]
fn os_bytes(s: &OsString) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &OsString) -> Vec<u8> {
    s.to_string_lossy().into_owned().into_bytes()
}

struct Input {
    label: Option<&'static str>,
    bytes: Vec<u8>,
}

/// Lines of standard input as bytes (not necessarily UTF-8), each cut after [`MAX_LINE`]
/// bytes. The reader's buffer is read a chunk at a time: the part of a line past the cut is
/// passed over, never held.
struct StdinLines<R> {
    reader: R,
}

impl<R: BufRead> Iterator for StdinLines<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let mut line = Vec::new();
        let mut read_any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            if chunk.is_empty() {
                break;
            }
            read_any = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let used = newline.map_or(chunk.len(), |i| i + 1);
            // Keep one byte past MAX_LINE, so that the reader's limit refuses the line.
            let room = (MAX_LINE + 1).saturating_sub(line.len());
            line.extend_from_slice(&chunk[..used.min(room)]);
            self.reader.consume(used);
            if newline.is_some() {
                break;
            }
        }
        if !read_any {
            return None;
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        Some(Input {
            label: None,
            bytes: line,
        })
    }
}

#[derive(Clone, Copy)]
struct Options {
    json: bool,
    reveal: bool,
}

fn run(inputs: impl Iterator<Item = Input>, opts: Options) -> ExitCode {
    let mut all_ok = true;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (n, input) in inputs.enumerate() {
        // Bytes that are not UTF-8 are no code of any form; the MPM reader names the first bad
        // byte (MPM-UTF-1), where the other readers would only see replacement characters.
        let form = if std::str::from_utf8(&input.bytes).is_err() {
            Form::EmvMpm
        } else {
            detect(&input.bytes)
        };
        let (ok, text) = match form {
            Form::Numeric => numeric(n, &input, opts),
            Form::EmvCpm => consumer(n, &input, opts),
            Form::Legacy => legacy(n, &input, opts),
            Form::AlipayPlus => alipay_plus(n, &input, opts),
            Form::Unknown => unknown(n, &input, opts),
            _ => merchant(n, &input, opts),
        };
        all_ok &= ok;
        if writeln!(out, "{text}").is_err() {
            // The reader went away (a closed pipe): stop quietly.
            break;
        }
    }
    ExitCode::from(if all_ok { 0 } else { 1 })
}

fn merchant(n: usize, input: &Input, opts: Options) -> (bool, String) {
    let result = Payload::parse_bytes(&input.bytes);
    // What reads as a payload is no credential; what does not may hold one (a code with a
    // stray letter starts with two digits too): the anatomy echoes the input masked.
    let shown = shown(&String::from_utf8_lossy(&input.bytes), opts.reveal);
    let text = if opts.json {
        to_json(&shown, &result).to_string()
    } else {
        let echoed = Input {
            label: input.label,
            bytes: shown.into_bytes(),
        };
        anatomy(n, &echoed, &result)
    };
    (result.is_ok(), text)
}

fn ids(c: Candidates) -> Vec<&'static str> {
    c.iter().map(|i| i.id()).collect()
}

fn header(n: usize, input: &Input, shown: &str) -> String {
    format!(
        "── code {}{}\n   {shown}\n",
        n + 1,
        input.label.map(|l| format!(": {l}")).unwrap_or_default()
    )
}

fn numeric(n: usize, input: &Input, opts: Options) -> (bool, String) {
    let text = String::from_utf8_lossy(&input.bytes);
    let shown = shown(&text, opts.reveal);
    let result = NumericCode::parse(&text);
    if opts.json {
        let v = match &result {
            Ok(c) => json!({
                "input": shown, "ok": true, "form": "numeric", "conformant": true,
                "violations": [], "error": null, "issuers": ids(c.issuers()),
                "scan_kind": "consumer",
                "fields": {
                    "code": secret(c.as_str(), opts.reveal),
                    "routing_number": c.routing_number(),
                    "length": c.as_str().len(),
                    "candidates": c.issuers().with_confidence().map(|(i, conf)| json!({
                        "id": i.id(), "name": i.name(), "name_zh": i.name_zh(),
                        "confidence": format!("{conf:?}").to_lowercase(),
                    })).collect::<Vec<_>>(),
                },
            }),
            Err(e) => unreadable(&shown, "numeric", &(*e).into()),
        };
        return (result.is_ok(), v.to_string());
    }
    let mut s = header(n, input, &shown);
    match &result {
        Ok(c) => {
            s.push_str(&format!(
                "   numeric payment code, {} digits\n",
                c.as_str().len()
            ));
            if let Some(r) = c.routing_number() {
                s.push_str(&format!("   CGCP routing number: {r}\n"));
            }
            for (i, conf) in c.issuers().with_confidence() {
                let zh = i.name_zh().map(|z| format!(" {z}")).unwrap_or_default();
                s.push_str(&format!(
                    "   candidate: {} ({}{zh}), {conf:?}\n",
                    i.id(),
                    i.name()
                ));
            }
        }
        Err(e) => s.push_str(&format!("   unreadable: {e}\n")),
    }
    (result.is_ok(), s)
}

fn unknown(n: usize, input: &Input, opts: Options) -> (bool, String) {
    let text = String::from_utf8_lossy(&input.bytes);
    let mut buf = [0u8; 16];
    let error = match paycode::scan::scan(&text, &mut buf) {
        paycode::scan::Scanned::NotPayment { error, .. } => error,
        _ => return merchant(n, input, opts),
    };
    let shown = shown(&text, opts.reveal);
    if opts.json {
        return (false, unreadable(&shown, "unknown", &error).to_string());
    }
    (
        false,
        format!("{}   unreadable: {error}\n", header(n, input, &shown)),
    )
}

fn legacy(n: usize, input: &Input, opts: Options) -> (bool, String) {
    let text = String::from_utf8_lossy(&input.bytes);
    let result = paycode::legacy::LegacyCode::parse(&text);
    let shown = shown(&text, opts.reveal);
    let mut buf = [0u8; paycode::legacy::MAX_LEN];
    let plain = result
        .as_ref()
        .ok()
        .and_then(|c| c.plain(&mut buf))
        .and_then(Result::ok);
    if opts.json {
        let v = match &result {
            Ok(c) => {
                let inner = plain.map(|p| {
                    json!({"code": p.as_str(), "form": p.form_id(), "issuers": ids(p.issuers()),
                           "scan_kind": p.issuer().scan_kind().name()})
                });
                json!({
                    "input": shown, "ok": true, "form": "legacy", "conformant": true,
                    "violations": [], "error": null, "issuers": ids(c.issuers()),
                    "scan_kind": c.issuer().scan_kind().name(),
                    "fields": {
                        "form": c.form_id(), "form_code": c.form_code(),
                        "issuer": c.issuer().id(), "fixed": c.fixed(), "variable": c.variable(),
                        "institution": c.institution(), "pays_person": c.pays_person(),
                        "inner": inner,
                    },
                })
            }
            Err(e) => unreadable(&shown, "legacy", &(*e).into()),
        };
        return (result.is_ok(), v.to_string());
    }
    let mut s = header(n, input, &shown);
    match &result {
        Ok(c) => {
            let i = c.issuer();
            s.push_str(&format!(
                "   legacy code of {} ({}), form {}, scan kind {}\n",
                i.id(),
                i.name(),
                c.form_id(),
                i.scan_kind()
            ));
            s.push_str(&format!("   issuers: {}\n", ids(c.issuers()).join(", ")));
            if let Some(inst) = c.institution() {
                s.push_str(&format!("   institution: {inst}\n"));
            }
            if c.pays_person() {
                s.push_str("   pays a person's account, not a merchant\n");
            }
            if let Some(p) = plain {
                s.push_str(&format!(
                    "   wraps {} (form {}, issuers {})\n",
                    p.as_str(),
                    p.form_id(),
                    ids(p.issuers()).join(", ")
                ));
            }
        }
        Err(e) => s.push_str(&format!("   unreadable: {e}\n")),
    }
    (result.is_ok(), s)
}

fn alipay_plus(n: usize, input: &Input, opts: Options) -> (bool, String) {
    use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN};
    let text = String::from_utf8_lossy(&input.bytes);
    let mut buf = [0u8; MAX_DECODED_LEN];
    let result = AlipayPlusMpm::parse(&text, &mut buf);
    let shown = shown(&text, opts.reveal);
    let objects = |c: &AlipayPlusMpm<'_>| -> Vec<Value> {
        c.objects()
            .map(|o| {
                let subs: Option<Vec<Value>> = o.sub_objects().map(|subs| {
                    subs.map(|x| json!({"id": x.id(), "value": x.value()}))
                        .collect()
                });
                json!({"id": o.id(), "value": o.value(), "objects": subs})
            })
            .collect()
    };
    if opts.json {
        let v = match &result {
            Ok(c) => json!({
                "input": shown, "ok": true, "form": "alipay-plus", "conformant": true,
                "violations": [], "error": null, "issuers": ids(c.issuers()),
                "scan_kind": c.issuers().first().map_or("other-wallet", |i| i.scan_kind().name()),
                "fields": {"domain": c.domain(), "version": c.version(), "payload": c.payload(),
                           "objects": objects(c)},
            }),
            Err(e) => unreadable(&shown, "alipay-plus", e),
        };
        return (result.is_ok(), v.to_string());
    }
    let mut s = header(n, input, &shown);
    match &result {
        Ok(c) => {
            s.push_str(&format!(
                "   Alipay+ merchant code on {} (the domain is as written, not vouched for)\n",
                c.domain()
            ));
            for o in c.objects() {
                s.push_str(&format!("   {} {}\n", o.id(), o.value()));
                for x in o.sub_objects().into_iter().flatten() {
                    s.push_str(&format!("      {} {}\n", x.id(), x.value()));
                }
            }
        }
        Err(e) => s.push_str(&format!("   unreadable: {e}\n")),
    }
    (result.is_ok(), s)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn consumer(n: usize, input: &Input, opts: Options) -> (bool, String) {
    let text = String::from_utf8_lossy(&input.bytes);
    let shown = shown(&text, opts.reveal);
    let mut buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
    let result = Cpm::decode(&text, &mut buf);
    // The objects whose values the policy masks (MASK-CPM-1), by offset.
    let masked_at: std::collections::BTreeSet<usize> = match &result {
        Ok(p) if !opts.reveal => paycode::mask::cpm_objects(p)
            .filter(|o| o.is_masked())
            .map(|o| o.tlv().offset())
            .collect(),
        _ => Default::default(),
    };
    let value = |t: &paycode::cpm::Tlv<'_>| {
        if masked_at.contains(&t.offset()) {
            "<masked>".to_owned()
        } else {
            hex(t.value())
        }
    };
    if opts.json {
        let v = match &result {
            Ok(p) => {
                let violations = violations_json(&p.validate());
                let apps: Vec<Value> = p
                    .applications()
                    .map(|a| {
                        json!({
                            "aid": a.aid().map(hex),
                            "issuer": a.issuer().map(|i| i.id()),
                            "label": a.label(),
                            "pan": a.pan().map(|p| secret(p.as_str(), opts.reveal)),
                            "pan_luhn_valid": a.pan().map(|p| p.luhn_valid()),
                            "expiry": a.track2().map(|t| t.expiry().to_owned()),
                            "cardholder_name": a.cardholder_name(),
                            "language_preference": a.language_preference(),
                            "issuer_url": a.issuer_url(),
                            "version": format!("{:04X}", a.version()),
                            "objects": a.tlv().children().map(|t| json!({
                                "tag": format!("{:X}", t.tag()),
                                "value": value(&t),
                            })).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({
                    "input": shown, "ok": true, "form": "emv-cpm",
                    "conformant": violations.is_empty(), "violations": violations,
                    "error": null, "issuers": ids(p.issuers()), "scan_kind": "consumer",
                    "fields": {
                        "format_indicator": p.format_indicator().map(|f| String::from_utf8_lossy(f).into_owned()),
                        "applications": apps,
                        "decoded_bytes": p.as_bytes().len(),
                    },
                })
            }
            Err(e) => unreadable(&shown, "emv-cpm", e),
        };
        return (result.is_ok(), v.to_string());
    }
    let mut s = header(n, input, &shown);
    match &result {
        Err(e) => s.push_str(&format!("   unreadable: {e}\n")),
        Ok(p) => {
            s.push_str(&format!(
                "   consumer-presented, {} bytes decoded\n",
                p.as_bytes().len()
            ));
            // Every object, nested ones indented; constructed ones list their children.
            for o in paycode::mask::cpm_objects(p) {
                let t = o.tlv();
                let v = match t.tag() {
                    _ if masked_at.contains(&t.offset()) => "<masked>".to_owned(),
                    0x85 if o.depth() == 0 => String::from_utf8_lossy(t.value()).into_owned(),
                    _ if t.is_constructed() => String::new(),
                    _ => value(&t),
                };
                let indent = "  ".repeat(o.depth());
                let line = format!("   {indent}{:<6} {v}", format!("{:X}", t.tag()));
                s.push_str(line.trim_end());
                s.push('\n');
            }
            for a in p.applications() {
                let issuer = a
                    .issuer()
                    .map(|i| format!("{} ({})", i.id(), i.name()))
                    .unwrap_or_else(|| "not in the registry".into());
                s.push_str(&format!(
                    "   application {}: {issuer}\n",
                    a.aid().map(hex).unwrap_or_default()
                ));
                if let Some(pan) = a.pan() {
                    s.push_str(&format!(
                        "     PAN {}, Luhn {}\n",
                        secret(pan.as_str(), opts.reveal),
                        if pan.luhn_valid() { "holds" } else { "fails" }
                    ));
                }
            }
            let violations = p.validate();
            if violations.is_empty() {
                s.push_str("   conformant\n");
            } else {
                s.push_str(&format!("   {} violation(s):\n", violations.len()));
                for v in &violations {
                    s.push_str(&format!(
                        "     - {} at byte {}: {}\n",
                        v.rule(),
                        v.offset(),
                        v.kind()
                    ));
                }
            }
        }
    }
    (result.is_ok(), s)
}

/// The JSON of an input its form's reader refused: same fields as a readable one.
fn unreadable(input: &str, form: &str, e: &paycode::Error) -> Value {
    json!({
        "input": input, "ok": false, "form": form, "conformant": false, "violations": [],
        "error": error_json(e),
        "issuers": [], "scan_kind": "unknown", "fields": null,
    })
}

/// Each violation as `{"rule", "offset", "message"}`: the two families' violations alike.
trait Finding {
    fn parts(&self) -> (&'static str, usize, String);
}

impl Finding for paycode::mpm::Violation {
    fn parts(&self) -> (&'static str, usize, String) {
        (self.rule().id(), self.offset(), self.kind().to_string())
    }
}

impl Finding for paycode::cpm::Violation {
    fn parts(&self) -> (&'static str, usize, String) {
        (self.rule().id(), self.offset(), self.kind().to_string())
    }
}

fn violations_json<V: Finding>(violations: &[V]) -> Vec<Value> {
    violations
        .iter()
        .map(|v| {
            let (rule, offset, message) = v.parts();
            finding(rule, offset, message)
        })
        .collect()
}

/// A reading error: its rule (none for a buffer too small), where, and what was wrong.
fn error_json(e: &paycode::Error) -> Value {
    json!({
        "rule": e.rule().map(|r| r.id()),
        "offset": e.offset(),
        "location": e.location().map(|l| l.name()),
        "message": e.message().to_string(),
    })
}

fn finding(rule: &str, offset: usize, message: String) -> Value {
    json!({"rule": rule, "offset": offset, "message": message})
}

/// `input` is the input as shown: masked, unless `--reveal` was given.
fn to_json(input: &str, result: &Result<Payload<'_>, paycode::mpm::Error>) -> Value {
    match result {
        Ok(p) => {
            let violations = violations_json(&p.validate());
            json!({
                "input": input,
                "ok": true,
                "form": "emv-mpm",
                "conformant": violations.is_empty(),
                "violations": violations,
                "error": null,
                "issuers": ids(p.issuers()),
                "scan_kind": if paycode::unified::is_unified(p) { "unified" } else { "emv" },
                "fields": fields(p),
            })
        }
        Err(e) => unreadable(input, "emv-mpm", &(*e).into()),
    }
}

/// The decoded content: named fields for what the standard defines, and every object in order.
fn fields(p: &Payload<'_>) -> Value {
    let accounts: Vec<Value> = p
        .merchant_accounts()
        .map(|a: MerchantAccount<'_>| {
            json!({"id": format!("{:02}", a.id()), "template": a.is_template(),
                   "guid": a.guid(), "issuer": a.issuer().map(|i| i.id()),
                   "value": a.object().value()})
        })
        .collect();
    let currency = p.currency();
    let amount = p.amount();
    json!({
        "format_indicator": p.format_indicator(),
        "initiation": p.initiation().map(|i| match i {
            Initiation::Static => "static",
            Initiation::Dynamic => "dynamic",
            _ => "other",
        }),
        "merchant_accounts": accounts,
        "merchant_category_code": p.get(52).map(|o| o.value()),
        "merchant_category": p.merchant_category_code().and_then(codes::mcc_description),
        "currency": p.currency_code(),
        "currency_alpha": currency.map(|c| c.alpha()),
        "amount": amount.map(|a| a.as_str()),
        "amount_minor_units": amount.zip(currency.and_then(|c| c.minor_units()))
            .and_then(|(a, m)| a.to_minor_units(m)),
        "country": p.country_code(),
        "merchant_name": p.merchant_name(),
        "merchant_city": p.merchant_city(),
        "postal_code": p.postal_code(),
        "crc": format!("{:04X}", p.crc()),
        "objects": objects_json(p, p.objects(), None),
    })
}

fn objects_json<'a>(
    p: &Payload<'a>,
    objects: impl Iterator<Item = mpm::DataObject<'a>>,
    parent: Option<&Template<'a>>,
) -> Vec<Value> {
    objects
        .map(|o| {
            let path = parent.map_or(ObjectPath::root(o.id()), |t| t.path().child(o.id()));
            let mut v = json!({"id": format!("{:02}", o.id()), "name": mpm::object_name(path),
                               "value": o.value()});
            if let Some(t) = template_at(p, parent, o) {
                v["objects"] = Value::Array(objects_json(p, t.objects(), Some(&t)));
            }
            v
        })
        .collect()
}

/// The object `o` (at the root, or inside `parent`) read as a template from its own span, where
/// the standard says it is one and it reads as one: with a repeated ID, each object shows what
/// it holds, not what the first object of its ID holds.
fn template_at<'a>(
    p: &Payload<'a>,
    parent: Option<&Template<'a>>,
    o: mpm::DataObject<'a>,
) -> Option<Template<'a>> {
    match parent {
        None if matches!(o.id(), 26..=51 | 62 | 64 | 80..=99) => p.template_of(o).ok(),
        Some(t) if t.path().ids() == [62] && o.id() >= 50 => t.template_of(o).ok(),
        _ => None,
    }
}

fn anatomy(n: usize, input: &Input, result: &Result<Payload<'_>, paycode::mpm::Error>) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let text = String::from_utf8_lossy(&input.bytes);
    let _ = writeln!(
        s,
        "── code {}{}",
        n + 1,
        input.label.map(|l| format!(": {l}")).unwrap_or_default()
    );
    let _ = writeln!(s, "   {text}");
    match result {
        Err(e) => {
            let _ = writeln!(s, "   unreadable: {e}");
        }
        Ok(p) => {
            for o in p.objects() {
                line(&mut s, p, o, None, 1);
            }
            let violations = p.validate();
            if violations.is_empty() {
                let _ = writeln!(s, "   checksum {:04X} verified; conformant", p.crc());
            } else {
                let _ = writeln!(
                    s,
                    "   checksum {:04X} verified; {} violation(s):",
                    p.crc(),
                    violations.len()
                );
                for v in &violations {
                    let _ = writeln!(
                        s,
                        "     - {} at byte {}: {}",
                        v.rule(),
                        v.offset(),
                        v.kind()
                    );
                }
            }
        }
    }
    s
}

fn line<'a>(
    s: &mut String,
    p: &Payload<'a>,
    o: mpm::DataObject<'a>,
    parent: Option<&Template<'a>>,
    depth: usize,
) {
    use std::fmt::Write as _;
    let path = parent.map_or(ObjectPath::root(o.id()), |t| t.path().child(o.id()));
    let name = mpm::object_name(path);
    let indent = "  ".repeat(depth);
    let template = template_at(p, parent, o);
    // Notes describe this object's own value (a repeated ID shows each value's meaning).
    let v = o.value();
    let number = || Some(v).filter(|v| v.bytes().all(|b| b.is_ascii_digit()));
    let note = match (path.ids(), template) {
        (_, Some(_)) => String::new(),
        ([1], _) => match v {
            "11" => "  (static)".into(),
            "12" => "  (dynamic)".into(),
            _ => String::new(),
        },
        ([52], _) => number()
            .filter(|v| v.len() == 4)
            .and_then(|v| v.parse().ok())
            .and_then(codes::mcc_description)
            .map(|d| format!("  ({d})"))
            .unwrap_or_default(),
        ([53], _) => number()
            .filter(|v| v.len() == 3)
            .and_then(|v| v.parse().ok())
            .and_then(codes::currency)
            .map(|c| format!("  ({}, {})", c.alpha(), c.name()))
            .unwrap_or_default(),
        ([58], _) => codes::country(v)
            .map(|c| format!("  ({})", c.name()))
            .unwrap_or_default(),
        ([63], _) if o.offset() == p.crc_offset() => "  (verified)".into(),
        _ => String::new(),
    };
    let shown = if template.is_some() { "" } else { o.value() };
    let text = format!(" {indent}{:02}  {name:<44} {shown}{note}", o.id());
    let _ = writeln!(s, "{}", text.trim_end());
    if let Some(t) = template {
        for c in t.objects() {
            line(s, p, c, Some(&t), depth + 1);
        }
    }
}
