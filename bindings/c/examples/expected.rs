//! Writes what the Rust library itself (not the C ABI) answers for every shared conformance
//! vector the C ABI can take, so that the Java and Go bindings' tests compare their answers
//! with the library's, computed in the same run:
//!
//! ```sh
//! cargo run -p paycode-ffi --example expected -- expected.tsv
//! ```
//!
//! One case a line, five tab-separated columns: the operation, the library's outcome (`ok`
//! or `refused`), two arguments and the expected output, each of those three in standard
//! base64 (an empty column is an empty text), then the vector's place (`file:line`):
//!
//! | operation | first argument | second argument | expected output |
//! |---|---|---|---|
//! | `decode`, `decode-reveal` | the input | | the report's JSON |
//! | `decode-registry` | the input | | the report's JSON, attributed through the registry `bindings/c/tests/registry-doc.json` |
//! | `to-unified` | the codes, one a line | the merchant's JSON | the payload, or the error's JSON |
//! | `from-unified` | the payload | | the codes, one a line, or the error's JSON |
//! | `route` | the wallet | the code | the route's JSON, or the error's JSON |
//! | `qr` | the code | the ECC level | the symbol's side in modules with the quiet zone, or the error's JSON |

use std::fmt::Write as _;
use std::path::Path;

use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::registry::{Issuer, Registry};
use paycode::report::Report;
use paycode::unified::{AlternateLanguage, Amount, Merchant, from_unified, to_unified};
use serde_json::{Value, json};

/// Standard base64 with padding (RFC 4648 §4).
fn b64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let six = (n >> (18 - 6 * i)) & 63;
                out.push(char::from(ABC[six as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The library's error as the C ABI writes it.
fn error(e: impl Into<paycode::Error>) -> (bool, String) {
    (
        false,
        serde_json::to_string(&e.into()).expect("an error serializes"),
    )
}

/// The library's merchant for a vector's `merchant` object.
fn merchant(m: &Value) -> Merchant<'_> {
    let amount = match (m["amount"].as_str(), m["amount_minor"].as_u64()) {
        (Some(a), None) => Some(Amount::Decimal(a)),
        (None, Some(n)) => Some(Amount::Minor(n)),
        (None, None) => None,
        (Some(_), Some(_)) => panic!("a vector's merchant has both amounts"),
    };
    let alt = &m["alternate"];
    Merchant {
        name: m["name"].as_str(),
        city: m["city"].as_str(),
        mcc: m["mcc"].as_str(),
        currency: m["currency"].as_str(),
        amount,
        reference: m["reference"].as_str(),
        terminal: m["terminal"].as_str(),
        alternate: alt.is_object().then(|| AlternateLanguage {
            language: alt["language"].as_str().expect("language"),
            name: alt["name"].as_str().expect("name"),
            city: alt["city"].as_str(),
        }),
    }
}

fn unify(codes: &[&str], m: &Value) -> (bool, String) {
    let mut parsed = Vec::new();
    for c in codes {
        match LegacyCode::parse(c) {
            Ok(l) => parsed.push(l),
            Err(e) => return error(e),
        }
    }
    let mut buf = [0u8; 1024];
    match to_unified(&parsed, &merchant(m), &mut buf) {
        Ok(p) => (true, p.to_owned()),
        Err(e) => error(e),
    }
}

fn recover(payload: &str) -> (bool, String) {
    let p = match Payload::parse(payload) {
        Ok(p) => p,
        Err(e) => return error(e),
    };
    let mut codes = Vec::new();
    match from_unified(&p, &mut |c| codes.push(c.to_owned())) {
        Ok(()) if codes.is_empty() => (
            false,
            json!({"message": "the payload carries no legacy code", "rule": null}).to_string(),
        ),
        Ok(()) => (true, codes.join("\n")),
        Err(e) => error(e),
    }
}

fn routed(wallet: &str, code: &str) -> (bool, String) {
    let w: Issuer = match wallet.parse() {
        Ok(w) => w,
        Err(e) => return error(e),
    };
    let mut buf = [0u8; 4096];
    match paycode::route::route(w, code, &mut buf) {
        // A `Value`'s keys are sorted, as the C ABI writes a route's.
        Ok(r) => (
            true,
            json!({
                "code": r.code,
                "confidence": format!("{:?}", r.confidence).to_lowercase(),
                "decision": r.decision.name(),
                "issuer": r.issuer.map(|i| i.id()),
                "since": r.since,
                "source": r.source,
                "verdict": r.decision.verdict(),
            })
            .to_string(),
        ),
        Err(e) => (
            false,
            serde_json::to_string(&e).expect("an error serializes"),
        ),
    }
}

fn drawn(code: &str, ecc: &str) -> (bool, String) {
    use paycode::qr::{Buffers, Ecc};
    let level = match ecc {
        "L" => Ecc::L,
        "M" => Ecc::M,
        "Q" => Ecc::Q,
        "H" => Ecc::H,
        other => panic!("ECC level {other}"),
    };
    let mut bufs = Box::new(Buffers::new());
    match paycode::qr::encode(code, level, &mut bufs) {
        Ok(s) => (true, (s.size() + 8).to_string()),
        Err(e) => (
            false,
            serde_json::to_string(&e).expect("an error serializes"),
        ),
    }
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: expected OUT.tsv");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("spec/vectors")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/registry-doc.json"),
    )
    .expect("tests/registry-doc.json");
    let registry: Registry = serde_json::from_str(&doc).expect("the test registry loads");
    let mut tsv = String::new();
    let mut cases = 0usize;
    let mut add = |op: &str, (ok, expected): (bool, String), a: &str, b: &str, at: &str| {
        let outcome = if ok { "ok" } else { "refused" };
        let (a, b, e) = (
            b64(a.as_bytes()),
            b64(b.as_bytes()),
            b64(expected.as_bytes()),
        );
        writeln!(tsv, "{op}\t{outcome}\t{a}\t{b}\t{e}\t{at}").expect("a String takes it");
        cases += 1;
    };
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let text = std::fs::read_to_string(file).expect("a vector file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{name}:{}", n + 1);
            let v: Value = serde_json::from_str(line).expect("a vector");
            for key in ["payload", "code", "input"] {
                if let Some(i) = v.get(key).and_then(Value::as_str) {
                    for (op, reveal) in [("decode", false), ("decode-reveal", true)] {
                        let r = Report::new(i.as_bytes()).reveal(reveal);
                        let json = serde_json::to_string(&r).expect("a report serializes");
                        add(op, (r.ok(), json), i, "", &at);
                    }
                    let r = Report::new(i.as_bytes()).registry(&registry);
                    let json = serde_json::to_string(&r).expect("a report serializes");
                    add("decode-registry", (r.ok(), json), i, "", &at);
                }
            }
            let str_of = |k: &str| v[k].as_str().unwrap_or_default();
            match v["kind"].as_str() {
                Some("to-unified") => {
                    let codes: Vec<&str> = v["codes"]
                        .as_array()
                        .expect("codes")
                        .iter()
                        .map(|c| c.as_str().expect("a code"))
                        .collect();
                    let m = serde_json::to_string(&v["merchant"]).expect("JSON");
                    add(
                        "to-unified",
                        unify(&codes, &v["merchant"]),
                        &codes.join("\n"),
                        &m,
                        &at,
                    );
                }
                Some("from-unified") => {
                    add(
                        "from-unified",
                        recover(str_of("payload")),
                        str_of("payload"),
                        "",
                        &at,
                    );
                }
                Some("route") => {
                    let (w, c) = (str_of("wallet"), str_of("code"));
                    add("route", routed(w, c), w, c, &at);
                }
                Some("encode") => {
                    let (p, e) = (str_of("payload"), str_of("ecc"));
                    add("qr", drawn(p, e), p, e, &at);
                }
                _ => {}
            }
        }
    }
    std::fs::write(&out, tsv).unwrap_or_else(|e| panic!("{out}: {e}"));
    eprintln!("{out}: {cases} cases");
}
