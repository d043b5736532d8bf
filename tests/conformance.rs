//! The conformance runner: every vector of `spec/vectors/` against the library, one line each.
//!
//! - `cargo test --test conformance` runs them all; `cargo test --test conformance -- TEXT`
//!   runs the vectors whose ID contains TEXT (and skips the whole-suite checks).
//! - `spec/expected_failures.txt` lists vectors known to fail, one ID per line with a reason.
//!   The run fails on an unexpected failure, on an unexpected pass (remove the line) and on a
//!   stale line (an ID no vector has): the list only shrinks.
//! - Every rule ID that `spec/*.md` defines must have a vector that breaks it (and is decided
//!   so) and a conformant vector that contains what the rule governs; every rule ID the source
//!   code reports must be defined in `spec/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use paycode::mpm::{LengthUnit, ParseOptions, Payload};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What running one vector produced.
enum Outcome {
    Error {
        rule: String,
        offset: usize,
    },
    Readable {
        rules: BTreeSet<String>,
        engaged: BTreeSet<&'static str>,
        /// The offsets of the violations, in the order reported, where the runner knows them.
        offsets: Vec<usize>,
    },
}

/// A readable input that breaks no rule and engages `engaged`.
fn kept(engaged: BTreeSet<&'static str>) -> Outcome {
    Outcome::Readable {
        rules: BTreeSet::new(),
        engaged,
        offsets: Vec::new(),
    }
}

struct Case {
    id: String,
    file: String,
    vector: Value,
}

fn load_vectors() -> Vec<Case> {
    let dir = root().join("spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    let mut ids = BTreeSet::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("qr") && !cfg!(feature = "qr") {
            println!("skipped {name}: QR symbols are the `qr` feature's (run with --features qr)");
            continue;
        }
        for (n, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let vector: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name}:{}: not JSON: {e}", n + 1));
            let id = vector["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}:{}: no id", n + 1));
            assert!(
                ids.insert(id.to_owned()),
                "{name}: duplicate vector id {id}"
            );
            assert!(
                vector["source"].is_string(),
                "{name}: vector {id} has no source"
            );
            // Adversarial files: every vector says what attack it stands for.
            const ADVERSARIAL: &[&str] = &[
                "after-crc.jsonl",
                "duplicates.jsonl",
                "legacy-adversarial.jsonl",
                "legacy-wrappers.jsonl",
                "masking.jsonl",
            ];
            if ADVERSARIAL.contains(&name.as_str()) {
                assert!(
                    vector["attack"].as_str().is_some_and(|a| !a.is_empty()),
                    "{name}: vector {id} has no attack"
                );
            }
            cases.push(Case {
                id: id.to_owned(),
                file: name.clone(),
                vector,
            });
        }
    }
    cases
}

/// The rules whose subject a payload contains: a conformant payload that contains the subject
/// of a rule is a vector that passes that rule.
fn engaged_mpm(p: &Payload<'_>) -> BTreeSet<&'static str> {
    let mut e: BTreeSet<&'static str> = [
        "MPM-LIM-1",
        "MPM-UTF-1",
        "MPM-TLV-1",
        "MPM-TLV-2",
        "MPM-TLV-3",
        "MPM-CRC-1",
        "MPM-CRC-2",
        "MPM-CRC-3",
        "MPM-CRC-4",
        "MPM-ORD-1",
        "MPM-DUP-1",
        "MPM-PRS-1",
        "MPM-MAI-1",
        "MPM-FMT-1",
        "MPM-FMT-2",
        "MPM-LEN-1",
        "MPM-PFI-1",
        "MPM-RFU-1",
        "MPM-SIZE-1",
    ]
    .into_iter()
    .collect();
    let has = |id| p.get(id).is_some();
    let mut add = |cond: bool, rule| {
        if cond {
            e.insert(rule);
        }
    };
    add(has(1), "MPM-POI-1");
    add(has(53), "MPM-CCY-1");
    add(has(54) || has(56), "MPM-AMT-1");
    add(has(55), "MPM-TIP-1");
    add(has(56) || p.tip_indicator() == Some("02"), "MPM-TIP-2");
    add(has(57) || p.tip_indicator() == Some("03"), "MPM-TIP-3");
    add(has(58), "MPM-CTY-1");
    add(has(64), "MPM-LNG-1");
    let templates = (26..=51).chain([62, 64]).chain(80..=99).any(has);
    add(templates, "MPM-TPL-1");
    add((26..=51).chain(80..=99).any(has), "MPM-GUI-1");
    if let Some(Ok(adf)) = p.additional_data() {
        add(adf.get(9).is_some(), "MPM-ADF-1");
        add(adf.get(11).is_some(), "MPM-ADF-2");
    }
    e
}

fn run(case: &Case) -> Outcome {
    #[cfg(feature = "qr")]
    if case.file.starts_with("qr") {
        return run_qr(case);
    }
    if case.file.starts_with("masking") {
        return run_masking(case);
    }
    // Conversions and routing, wherever they are filed (the adversarial files mix them with
    // plain payloads).
    if case.vector.get("kind").is_some() {
        return run_unified(case);
    }
    if case.file.starts_with("numeric") {
        return run_numeric(case);
    }
    if case.file.starts_with("cpm") {
        return run_cpm(case);
    }
    if case.file.starts_with("legacy") {
        return run_legacy(case);
    }
    if case.file.starts_with("unified") {
        return run_unified(case);
    }
    if case.file.starts_with("scan") {
        return run_scan(case);
    }
    if case.file.starts_with("alipay-plus") {
        return run_alipay_plus(case);
    }
    if case.file.starts_with("masking") {
        return run_masking(case);
    }
    let v = &case.vector;
    let bytes: Vec<u8> = match (v["payload"].as_str(), v["payload_hex"].as_str()) {
        (Some(p), _) => p.as_bytes().to_vec(),
        (None, Some(h)) => (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect(),
        _ => panic!("{}: neither payload nor payload_hex", case.id),
    };
    let mut opts = ParseOptions::new();
    if v["options"]["length_unit"] == "bytes" {
        opts = opts.length_unit(LengthUnit::Bytes);
    }
    if v["options"]["trim_line_end"] == true {
        opts = opts.trim_line_end(true);
    }
    match opts.parse_bytes(&bytes) {
        Err(e) => Outcome::Error {
            rule: e.rule().id().to_owned(),
            offset: e.offset(),
        },
        Ok(p) => {
            if v["issuers"].is_array() {
                expect_issuers(case, p.issuers());
            }
            // Re-encoding a readable payload reproduces it byte for byte.
            let mut buf = vec![0u8; bytes.len()];
            let encoded = p.encode_into(&mut buf).unwrap();
            assert_eq!(encoded, p.as_str(), "{}: re-encoding differs", case.id);
            let violations = p.validate();
            Outcome::Readable {
                rules: violations
                    .iter()
                    .map(|v| v.rule().id().to_owned())
                    .collect(),
                engaged: engaged_mpm(&p),
                offsets: violations.iter().map(|v| v.offset()).collect(),
            }
        }
    }
}

/// Checks the issuers of a readable consumer code against the vector's `issuers`.
fn expect_issuers(case: &Case, got: paycode::registry::Candidates) {
    let got: Vec<&str> = got.iter().map(|i| i.id()).collect();
    let want: Vec<&str> = case.vector["issuers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap())
        .collect();
    assert_eq!(got, want, "{}: issuers", case.id);
}

/// The `merchant` object of a `to-unified` vector: `name`, `city`, `mcc`, `currency`,
/// `amount` (decimal text) or `amount_minor` (an integer), `reference`, `terminal`, and
/// `alternate` (`language`, `name`, `city`).
fn merchant_of(m: &Value) -> paycode::unified::Merchant<'_> {
    use paycode::unified::{AlternateLanguage, Amount, Merchant};
    let amount = match (m["amount"].as_str(), m["amount_minor"].as_u64()) {
        (Some(a), None) => Some(Amount::Decimal(a)),
        (None, Some(n)) => Some(Amount::Minor(n)),
        (None, None) => None,
        (Some(_), Some(_)) => panic!("a merchant has amount or amount_minor, not both"),
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
            language: alt["language"].as_str().unwrap(),
            name: alt["name"].as_str().unwrap(),
            city: alt["city"].as_str(),
        }),
    }
}

fn run_unified(case: &Case) -> Outcome {
    use paycode::legacy::LegacyCode;
    use paycode::unified::{from_unified, to_unified};
    let v = &case.vector;
    let err = |e: paycode::Error| Outcome::Error {
        rule: e.rule().unwrap().id().to_owned(),
        offset: e.offset().unwrap(),
    };
    let engaged: BTreeSet<&'static str> = [
        "UNI-ISS-1",
        "UNI-CASE-1",
        "UNI-LEN-1",
        "UNI-FORM-1",
        "UNI-FORM-2",
        "UNI-DUP-1",
        "UNI-WRAP-1",
        "REG-ID-1",
        "RTE-CODE-1",
    ]
    .into_iter()
    .collect();
    match v["kind"].as_str().unwrap() {
        "to-unified" => {
            let texts: Vec<&str> = v["codes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            let codes: Vec<LegacyCode<'_>> =
                match texts.iter().map(|t| LegacyCode::parse(t)).collect() {
                    Ok(c) => c,
                    Err(e) => return err(e.into()),
                };
            let m = &v["merchant"];
            let merchant = merchant_of(m);
            let mut buf = vec![0u8; 1024];
            let s = match to_unified(&codes, &merchant, &mut buf) {
                Ok(s) => s.to_owned(),
                Err(e) => return err(e),
            };
            assert_eq!(
                s,
                v["payload"].as_str().unwrap(),
                "{}: unified payload",
                case.id
            );
            let p = Payload::parse(&s).unwrap();
            assert!(p.is_conformant(), "{}: {:?}", case.id, p.validate());
            let mut back = Vec::new();
            from_unified(&p, &mut |c| back.push(c.to_owned())).unwrap();
            assert_eq!(back, texts, "{}: recovered codes", case.id);
            kept(engaged)
        }
        "to-dynamic" => {
            use paycode::unified::{Amount, with_amount};
            let p = match Payload::parse(v["payload"].as_str().unwrap()) {
                Ok(p) => p,
                Err(e) => return err(e.into()),
            };
            let amount = match (v["amount"].as_str(), v["amount_minor"].as_u64()) {
                (Some(a), None) => Amount::Decimal(a),
                (None, Some(n)) => Amount::Minor(n),
                _ => panic!("{}: amount or amount_minor, one of them", case.id),
            };
            let mut buf = vec![0u8; paycode::mpm::Builder::MAX_LEN];
            let s = match with_amount(&p, amount, &mut buf) {
                Ok(s) => s.to_owned(),
                Err(e) => return err(e),
            };
            assert_eq!(
                s,
                v["dynamic"].as_str().unwrap(),
                "{}: dynamic code",
                case.id
            );
            let d = Payload::parse(&s).unwrap();
            assert!(d.is_conformant(), "{}: {:?}", case.id, d.validate());
            assert_eq!(d.initiation(), Some(paycode::mpm::Initiation::Dynamic));
            // Everything but 01, 54 and the CRC is as read, in order.
            let others = |p: &Payload<'_>| -> Vec<(u8, String)> {
                p.objects()
                    .filter(|o| !matches!(o.id(), 1 | 54 | 63))
                    .map(|o| (o.id(), o.value().to_owned()))
                    .collect()
            };
            assert_eq!(others(&d), others(&p), "{}: other objects", case.id);
            kept(["UNI-DYN-1"].into_iter().collect())
        }
        "from-unified" => {
            let p = match Payload::parse(v["payload"].as_str().unwrap()) {
                Ok(p) => p,
                Err(e) => return err(e.into()),
            };
            let mut back = Vec::new();
            match from_unified(&p, &mut |c| back.push(c.to_owned())) {
                Ok(()) => {
                    if let Some(codes) = v["codes"].as_array() {
                        let want: Vec<&str> = codes.iter().map(|c| c.as_str().unwrap()).collect();
                        assert_eq!(back, want, "{}: recovered codes", case.id);
                    }
                    kept(engaged)
                }
                Err(e) => err(e.into()),
            }
        }
        _ => {
            let mut buf = vec![0u8; 1024];
            let code = v["code"].as_str().unwrap();
            let wallet = match v["wallet"]
                .as_str()
                .unwrap()
                .parse::<paycode::registry::Issuer>()
            {
                Ok(w) => w,
                Err(e) => return err(paycode::registry::Error::into(e)),
            };
            match paycode::route::route(wallet, code, &mut buf) {
                Err(e) => err(e),
                Ok(r) => {
                    assert_eq!(
                        format!("{:?}", r.decision),
                        v["decision"].as_str().unwrap(),
                        "{}",
                        case.id
                    );
                    assert_eq!(
                        r.issuer.map(|i| i.id()),
                        v["issuer"].as_str(),
                        "{}",
                        case.id
                    );
                    assert_eq!(r.code, v["send"].as_str().unwrap(), "{}", case.id);
                    if let Some(since) = v["since"].as_str() {
                        assert_eq!(r.since, since, "{}: since", case.id);
                    }
                    // A fact has a source; only an own code and an unknown pair have none.
                    let sourced = !matches!(
                        r.decision,
                        paycode::route::Decision::Own | paycode::route::Decision::Unknown
                    );
                    assert_eq!(!r.source.is_empty(), sourced, "{}: source", case.id);
                    kept(engaged)
                }
            }
        }
    }
}

fn run_scan(case: &Case) -> Outcome {
    use paycode::scan::{ScanOptions, Scanned, scan};
    let text = case.vector["payload"].as_str().unwrap();
    let options = &case.vector["options"];
    let mut opts = ScanOptions::new();
    if let Some(o) = options.as_object() {
        for key in o.keys() {
            assert!(
                ["trim_line_end", "trim_trailing_blanks", "strip_bom"].contains(&key.as_str()),
                "{}: unknown scan option {key}",
                case.id
            );
        }
        opts = opts
            .trim_line_end(options["trim_line_end"] == true)
            .trim_trailing_blanks(options["trim_trailing_blanks"] == true)
            .strip_bom(options["strip_bom"] == true);
    }
    let mut buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
    if options.is_null() {
        let mut again = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
        let plain = scan(text, &mut again).into_owned();
        assert_eq!(
            opts.scan(text, &mut buf).into_owned(),
            plain,
            "{}: no option",
            case.id
        );
    }
    // The owned result answers as the borrowed one does.
    let owned = opts.scan_owned(text);
    let s = opts.scan(text, &mut buf);
    assert_eq!(owned, s.into_owned(), "{}: owned", case.id);
    assert_eq!(owned.as_view().form(), s.form(), "{}: owned form", case.id);
    assert_eq!(
        s.form().name(),
        case.vector["form"].as_str().unwrap(),
        "{}: form",
        case.id
    );
    if let Some(k) = case.vector["scan_kind"].as_str() {
        assert_eq!(s.scan_kind().name(), k, "{}: scan kind", case.id);
    }
    match s {
        Scanned::NotPayment { error, .. } => Outcome::Error {
            rule: error.rule().unwrap().id().to_owned(),
            offset: error.offset().unwrap(),
        },
        other => {
            expect_issuers(case, other.issuers());
            Outcome::Readable {
                rules: BTreeSet::new(),
                engaged: ["SCAN-FORM-1"].into_iter().collect(),
                offsets: Vec::new(),
            }
        }
    }
}

fn run_alipay_plus(case: &Case) -> Outcome {
    use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN};
    let v = &case.vector;
    let text = v["payload"].as_str().unwrap();
    let mut buf = vec![0u8; MAX_DECODED_LEN];
    match AlipayPlusMpm::parse(text, &mut buf) {
        Err(e) => Outcome::Error {
            rule: e.rule().unwrap().id().to_owned(),
            offset: e.offset().unwrap(),
        },
        Ok(c) => {
            expect_issuers(case, c.issuers());
            assert_eq!(c.to_string(), text, "{}: display", case.id);
            assert_eq!(
                Some(c.domain()),
                v["domain"].as_str(),
                "{}: domain",
                case.id
            );
            let objects: Vec<(String, String)> = c
                .objects()
                .map(|o| (o.id().to_owned(), o.value().to_owned()))
                .collect();
            let want: Vec<(String, String)> = v["objects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| {
                    let pair = o.as_array().unwrap();
                    (
                        pair[0].as_str().unwrap().to_owned(),
                        pair[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            assert_eq!(objects, want, "{}: objects", case.id);
            let mut engaged: BTreeSet<&'static str> = [
                "APL-URL-1",
                "APL-URL-2",
                "APL-URL-3",
                "APL-B64-1",
                "APL-LIM-1",
                "APL-CHR-1",
                "APL-TLV-1",
                "APL-TLV-2",
                "APL-TLV-3",
            ]
            .into_iter()
            .collect();
            if c.get("CDSD").is_some() || c.get("CIRD").is_some() {
                engaged.insert("APL-TLV-4");
            }
            kept(engaged)
        }
    }
}

/// The credential policy (`spec/masking.md`): a vector's `rules` are those that find a
/// credential in it; `valid` means none is found.
fn run_masking(case: &Case) -> Outcome {
    use paycode::mask;
    let v = &case.vector;
    let text = v["payload"].as_str().unwrap();
    if v["kind"] == "cpm-objects" {
        let mut buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
        let p = paycode::cpm::Cpm::decode(text, &mut buf).unwrap();
        let objects: Vec<_> = mask::cpm_objects(&p).collect();
        let tags: Vec<String> = objects
            .iter()
            .filter(|o| o.is_masked())
            .map(|o| format!("{:X}", o.tlv().tag()))
            .collect();
        let want: Vec<&str> = v["masked_tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(tags, want, "{}: masked tags", case.id);
        return Outcome::Readable {
            rules: objects
                .iter()
                .filter_map(|o| o.rule())
                .map(|r| r.id().to_owned())
                .collect(),
            engaged: ["MASK-CPM-1"].into_iter().collect(),
            offsets: Vec::new(),
        };
    }
    let shown = mask::masked(text).to_string();
    assert_eq!(shown, v["masked"].as_str().unwrap(), "{}: masked", case.id);
    assert_eq!(
        mask::is_credential(text),
        v["credential"].as_bool().unwrap(),
        "{}: credential",
        case.id
    );
    // What is shown holds no credential, and masking it again changes nothing.
    let mut again = Vec::new();
    mask::find(&shown, &mut |c| again.push(c));
    assert!(again.is_empty(), "{}: {again:?} in {shown:?}", case.id);
    assert_eq!(mask::masked(&shown).to_string(), shown, "{}", case.id);
    let mut found = Vec::new();
    mask::find(text, &mut |c| found.push(c));
    let mut engaged = BTreeSet::new();
    if text.bytes().any(|b| b.is_ascii_digit()) {
        engaged.extend(["MASK-CRED-1", "MASK-RUN-1"]);
    }
    // A text with a token that begins as a payload does (`hQVD`, "85 05 …"), whether or not
    // it goes on as one, is what the payload rules decide on.
    if text.contains("hQVD") {
        engaged.extend(["MASK-CRED-2", "MASK-RUN-2"]);
    }
    Outcome::Readable {
        rules: found.iter().map(|c| c.rule().id().to_owned()).collect(),
        engaged,
        offsets: found.iter().map(|c| c.offset()).collect(),
    }
}

fn run_legacy(case: &Case) -> Outcome {
    let v = &case.vector;
    let text = v["payload"].as_str().unwrap();
    match paycode::legacy::LegacyCode::parse(text) {
        Err(e) => Outcome::Error {
            rule: e.rule().id().to_owned(),
            offset: e.offset(),
        },
        Ok(c) => {
            expect_issuers(case, c.issuers());
            assert_eq!(c.to_string(), text, "{}: display", case.id);
            assert_eq!(
                c.form_id(),
                v["form"].as_str().unwrap(),
                "{}: form",
                case.id
            );
            let mut buf = vec![0u8; paycode::legacy::MAX_LEN];
            let plain = c.plain(&mut buf).map(|r| r.unwrap());
            assert_eq!(
                plain.map(|p| p.as_str()),
                v["inner"].as_str(),
                "{}: inner",
                case.id
            );
            if let Some(f) = v["inner_form"].as_str() {
                assert_eq!(c.inner_form_id(), Some(f), "{}: inner form", case.id);
                assert_eq!(
                    plain.map(|p| p.form_id()),
                    Some(f),
                    "{}: inner form",
                    case.id
                );
            }
            if let Some(i) = v.get("institution") {
                assert_eq!(c.institution(), i.as_str(), "{}: institution", case.id);
            }
            if let Some(k) = v["scan_kind"].as_str() {
                let mut scan_buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
                let s = paycode::scan::scan(text, &mut scan_buf);
                assert_eq!(s.scan_kind().name(), k, "{}: scan kind", case.id);
            }
            assert_eq!(
                c.pays_person(),
                v["pays_person"] == true,
                "{}: pays a person",
                case.id
            );
            let mut engaged: BTreeSet<&'static str> =
                ["LEG-CHR-1", "LEG-URL-1", "LEG-HOST-1", "LEG-FORM-1"]
                    .into_iter()
                    .collect();
            if text.contains('?') {
                engaged.insert("LEG-QRY-1");
            }
            if c.is_wrapper() {
                engaged.extend(["LEG-WRAP-1", "LEG-WRAP-2", "LEG-WRAP-3"]);
            }
            kept(engaged)
        }
    }
}

fn run_cpm(case: &Case) -> Outcome {
    let v = &case.vector;
    let text = v["payload"].as_str().unwrap();
    let mut buf = vec![0u8; paycode::cpm::MAX_DECODED_LEN];
    match paycode::cpm::Cpm::decode(text, &mut buf) {
        Err(e) => Outcome::Error {
            rule: e.rule().unwrap().id().to_owned(),
            offset: e.offset().unwrap(),
        },
        Ok(p) => {
            let mut out = vec![0u8; text.len()];
            assert_eq!(
                p.encode_into(&mut out).unwrap(),
                text,
                "{}: re-encoding differs",
                case.id
            );
            expect_issuers(case, p.issuers());
            let violations = p.validate();
            let rules = violations
                .iter()
                .map(|v| v.rule().id().to_owned())
                .collect();
            let offsets = violations.iter().map(|v| v.offset()).collect();
            let mut engaged: BTreeSet<&'static str> = [
                "CPM-LIM-1",
                "CPM-B64-1",
                "CPM-BER-1",
                "CPM-BER-2",
                "CPM-BER-3",
                "CPM-BER-4",
                "CPM-PFI-1",
                "CPM-PFI-2",
                "CPM-ORD-1",
                "CPM-APP-1",
                "CPM-APP-2",
                "CPM-APP-3",
                "CPM-DUP-1",
            ]
            .into_iter()
            .collect();
            let tags: BTreeSet<u32> = p
                .applications()
                .flat_map(|a| a.tlv().children().map(|t| t.tag()))
                .collect();
            if tags.contains(&0x57) {
                engaged.insert("CPM-T2-1");
            }
            if [0x5A, 0x50, 0x5F20, 0x5F2D, 0x9F19, 0x9F24, 0x9F25]
                .iter()
                .any(|t| tags.contains(t))
            {
                engaged.insert("CPM-FMT-1");
            }
            if [0x50, 0x5F20, 0x5F2D, 0x9F08, 0x9F19, 0x9F24, 0x9F25]
                .iter()
                .any(|t| tags.contains(t))
            {
                engaged.insert("CPM-LEN-1");
            }
            Outcome::Readable {
                rules,
                engaged,
                offsets,
            }
        }
    }
}

fn run_numeric(case: &Case) -> Outcome {
    let v = &case.vector;
    let code = v["payload"].as_str().unwrap();
    match paycode::numeric::NumericCode::parse(code) {
        Err(e) => Outcome::Error {
            rule: e.rule().id().to_owned(),
            offset: e.offset(),
        },
        Ok(c) => {
            expect_issuers(case, c.issuers());
            assert_eq!(c.to_string(), code, "{}: display", case.id);
            if let Some(want) = v.get("routing") {
                assert_eq!(
                    c.routing_number(),
                    want.as_str(),
                    "{}: routing number",
                    case.id
                );
            }
            let engaged = ["NUM-CHR-1", "NUM-LEN-1"].into_iter().collect();
            kept(engaged)
        }
    }
}

/// QR symbols (`spec/qr.md`): `encode` vectors through the encoder, whose symbol must have the
/// version and ECI given and pass `check` itself; `check` vectors through the checker.
#[cfg(feature = "qr")]
fn run_qr(case: &Case) -> Outcome {
    use paycode::qr::{Buffers, Ecc, Mode, SymbolFacts, check, encode};
    let v = &case.vector;
    let payload = v["payload"].as_str().unwrap();
    let engaged: BTreeSet<&'static str> = ["QR-MODE-1", "QR-ECI-1"].into_iter().collect();
    let error = |e: paycode::qr::Error| Outcome::Error {
        rule: e.rule().id().to_owned(),
        offset: e.offset(),
    };
    match v["kind"].as_str().unwrap() {
        "encode" => {
            let ecc: Ecc = v["ecc"].as_str().unwrap().parse().unwrap();
            let mut bufs = Box::new(Buffers::new());
            match encode(payload, ecc, &mut bufs) {
                Err(e) => error(e),
                Ok(s) => {
                    assert_eq!(
                        u64::from(s.version()),
                        v["version"].as_u64().unwrap(),
                        "{}: version",
                        case.id
                    );
                    assert_eq!(s.has_eci(), v["eci"].as_bool().unwrap(), "{}: eci", case.id);
                    assert_eq!(s.ecc(), ecc, "{}: level", case.id);
                    assert_eq!(
                        s.size(),
                        17 + 4 * usize::from(s.version()),
                        "{}: size",
                        case.id
                    );
                    let facts = SymbolFacts {
                        modes: &[Mode::Byte],
                        eci: s.has_eci().then_some(paycode::qr::ECI_UTF8),
                    };
                    assert_eq!(check(payload, &facts), None, "{}: own symbol", case.id);
                    let mut e = engaged;
                    e.insert("QR-LEN-1");
                    kept(e)
                }
            }
        }
        "check" => {
            let modes: Vec<Mode> = v["modes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| match m.as_str().unwrap() {
                    "numeric" => Mode::Numeric,
                    "alphanumeric" => Mode::Alphanumeric,
                    "byte" => Mode::Byte,
                    "kanji" => Mode::Kanji,
                    "structured-append" => Mode::StructuredAppend,
                    "fnc1" => Mode::Fnc1,
                    other => panic!("{}: mode {other}", case.id),
                })
                .collect();
            let eci = v["eci"].as_u64().map(|n| u32::try_from(n).unwrap());
            match check(payload, &SymbolFacts { modes: &modes, eci }) {
                Some(e) => error(e),
                None => kept(engaged),
            }
        }
        other => panic!("{}: kind {other}", case.id),
    }
}

/// Compares the outcome with the vector's expectation; `Err` says how they differ.
fn check(case: &Case, outcome: &Outcome) -> Result<(), String> {
    let v = &case.vector;
    let want_rules: BTreeSet<String> = v["rules"]
        .as_array()
        .map(|a| a.iter().map(|r| r.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    match (v["expect"].as_str().unwrap(), outcome) {
        ("error", Outcome::Error { rule, offset }) => {
            if !want_rules.contains(rule) {
                return Err(format!("expected error {want_rules:?}, got {rule}"));
            }
            match v["offset"].as_u64() {
                Some(o) if o as usize != *offset => {
                    Err(format!("expected offset {o}, got {offset}"))
                }
                _ => Ok(()),
            }
        }
        ("violations", Outcome::Readable { rules, offsets, .. }) if *rules == want_rules => {
            // `offsets`, where a vector gives them, are the violations' offsets in order.
            match v["offsets"].as_array() {
                Some(want) => {
                    let want: Vec<usize> =
                        want.iter().map(|o| o.as_u64().unwrap() as usize).collect();
                    if want == *offsets {
                        Ok(())
                    } else {
                        Err(format!("expected offsets {want:?}, got {offsets:?}"))
                    }
                }
                None => Ok(()),
            }
        }
        ("valid", Outcome::Readable { rules, .. }) if rules.is_empty() => Ok(()),
        (want, Outcome::Error { rule, offset }) => Err(format!(
            "expected {want} {want_rules:?}, got error {rule} at {offset}"
        )),
        (want, Outcome::Readable { rules, .. }) => Err(format!(
            "expected {want} {want_rules:?}, got violations {rules:?}"
        )),
    }
}

fn expected_failures() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("spec/expected_failures.txt")).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, why)) => (id.to_owned(), why.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

/// Rule IDs as the spec writes them: `MPM-CRC-2`, `NUM-LEN-1`.
fn rule_ids_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        let parts: Vec<&str> = word.split('-').collect();
        let shaped = parts.len() >= 3
            && parts[0].len() >= 2
            && parts[0].len() <= 5
            && parts[0].bytes().all(|b| b.is_ascii_uppercase())
            && parts[1..parts.len() - 1].iter().all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            })
            && parts
                .last()
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if shaped {
            out.insert(word.to_owned());
        }
    }
    out
}

/// The rule IDs of `spec/*.md`: (in force, retired). A retired rule is written
/// `**ID** (*retired*)` where its definition was (`spec/README.md`, Rule IDs).
fn spec_rules() -> (BTreeSet<String>, BTreeSet<String>) {
    const MARK: &str = "** (*retired*)";
    let mut ids = BTreeSet::new();
    let mut retired = BTreeSet::new();
    for e in std::fs::read_dir(root().join("spec")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md") {
            if p.ends_with("qr.md") && !cfg!(feature = "qr") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            ids.extend(rule_ids_in(&text));
            for (at, _) in text.match_indices(MARK) {
                let start = text[..at].rfind("**").unwrap() + 2;
                let id = &text[start..at];
                assert!(
                    rule_ids_in(id).contains(id),
                    "{}: `{id}` marked retired is not a rule ID",
                    p.display()
                );
                retired.insert(id.to_owned());
            }
        }
    }
    let in_force = ids.difference(&retired).cloned().collect();
    (in_force, retired)
}

fn source_rules(dir: &Path, out: &mut BTreeSet<String>) {
    // Every rule the code reports appears in it as its variant, `Rule::MpmCrc1`; the
    // generated `src/rule.rs`, which names them all, does not count.
    let names: BTreeMap<String, &'static str> = paycode::Rule::ALL
        .iter()
        .map(|r| (format!("{r:?}"), r.id()))
        .collect();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            source_rules(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && !p.ends_with("src/rule.rs")
            && (cfg!(feature = "qr") || !p.ends_with("src/qr.rs"))
        {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, _) in text.match_indices("Rule::") {
                let rest = &text[i + 6..];
                let end = rest
                    .find(|c: char| !c.is_ascii_alphanumeric())
                    .unwrap_or(rest.len());
                if let Some(id) = names.get(&rest[..end]) {
                    out.insert((*id).to_owned());
                }
            }
        }
    }
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let cases = load_vectors();
    let xfail = expected_failures();
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut problems = Vec::new();
    let mut broken: BTreeSet<String> = BTreeSet::new();
    let mut kept: BTreeSet<String> = BTreeSet::new();

    for case in &cases {
        if filter.as_deref().is_some_and(|f| !case.id.contains(f)) {
            continue;
        }
        let outcome = run(case);
        let result = check(case, &outcome);
        let expected_to_fail = xfail.contains_key(&case.id);
        match (&result, expected_to_fail) {
            (Ok(()), false) => {
                passed += 1;
                println!("ok      {} ({})", case.id, case.file);
                match &outcome {
                    Outcome::Error { rule, .. } => {
                        broken.insert(rule.clone());
                    }
                    Outcome::Readable { rules, engaged, .. } if rules.is_empty() => {
                        kept.extend(engaged.iter().map(|r| (*r).to_owned()));
                    }
                    Outcome::Readable { rules, .. } => broken.extend(rules.iter().cloned()),
                }
            }
            (Err(why), true) => {
                passed += 1;
                println!("xfail   {} ({}): {why}", case.id, case.file);
            }
            (Err(why), false) => {
                failed += 1;
                println!("FAIL    {} ({}): {why}", case.id, case.file);
                problems.push(format!("{}: {why}", case.id));
            }
            (Ok(()), true) => {
                failed += 1;
                println!(
                    "XPASS   {} ({}): remove it from spec/expected_failures.txt",
                    case.id, case.file
                );
                problems.push(format!(
                    "{}: passes but is listed as an expected failure",
                    case.id
                ));
            }
        }
    }

    if filter.is_none() {
        let ids: BTreeSet<&str> = cases.iter().map(|c| c.id.as_str()).collect();
        for id in xfail.keys() {
            if !ids.contains(id.as_str()) {
                problems.push(format!(
                    "stale line in spec/expected_failures.txt: no vector {id}"
                ));
            }
        }
        let (spec, retired) = spec_rules();
        assert!(!spec.is_empty(), "no rule IDs found in spec/*.md");
        assert!(
            retired.contains("MPM-ORD-2"),
            "the retired-rule marker is not recognised"
        );
        for case in &cases {
            for r in case.vector["rules"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap();
                if retired.contains(r) {
                    problems.push(format!("{}: expects the retired rule {r}", case.id));
                }
            }
        }
        for rule in &spec {
            if !broken.contains(rule) {
                problems.push(format!("rule {rule}: no vector that breaks it"));
            }
            if !kept.contains(rule) {
                problems.push(format!(
                    "rule {rule}: no conformant vector that exercises it"
                ));
            }
        }
        let mut code = BTreeSet::new();
        source_rules(&root().join("src"), &mut code);
        for rule in code.difference(&spec) {
            if retired.contains(rule) {
                problems.push(format!("rule {rule} is retired but src/ still reports it"));
            } else {
                problems.push(format!(
                    "rule {rule} is reported by src/ but not defined in spec/"
                ));
            }
        }
        for rule in spec.difference(&code) {
            problems.push(format!(
                "rule {rule} is defined in spec/ but nothing in src/ reports it"
            ));
        }
        println!(
            "{} rules in spec/, each broken and kept by a vector",
            spec.len()
        );
    }

    for p in &problems {
        println!("problem: {p}");
    }
    println!("conformance: {passed} passed, {failed} failed");
    if !problems.is_empty() {
        std::process::exit(1);
    }
}
