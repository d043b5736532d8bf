//! The conversion and routing vectors of `spec/vectors/*.jsonl` (`kind` `route`,
//! `from-unified`, `to-unified`) through the C ABI: each valid one gives what the vector says,
//! each error one is refused with its rule and offset. Every `to-unified` vector runs through
//! `paycode_to_unified_json` (its `merchant` object as it is) and agrees with the vector and
//! with the library; those whose merchant is a name and a city run through
//! `paycode_to_unified` too.

use std::path::Path;

use paycode_ffi::{
    PAYCODE_BUFFER_TOO_SMALL, PAYCODE_OK, PAYCODE_UNREADABLE, paycode_from_unified, paycode_route,
    paycode_to_unified, paycode_to_unified_json,
};
use serde_json::Value;

/// Calls `f` with no buffer to learn the size, then with a buffer of that size.
fn sized(f: impl Fn(*mut u8, usize, *mut usize) -> i32) -> (i32, String) {
    let mut needed = 0usize;
    let status = f(std::ptr::null_mut(), 0, &mut needed);
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    let mut buf = vec![0u8; needed];
    let mut written = 0usize;
    let status = f(buf.as_mut_ptr(), buf.len(), &mut written);
    assert_eq!(written, needed);
    (status, String::from_utf8(buf).expect("UTF-8"))
}

fn vectors() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("spec/vectors")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a vector file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line).expect("a vector");
            out.push((format!("{}:{}", file.display(), n + 1), v));
        }
    }
    out
}

/// Checks a refusal against an error vector: its rule among the vector's, at its offset.
fn refused(at: &str, v: &Value, status: i32, out: &str) {
    assert_eq!(status, PAYCODE_UNREADABLE, "{at}: {out}");
    let e: Value = serde_json::from_str(out).expect("the error's JSON");
    let rules = v["rules"].as_array().expect("rules");
    assert!(rules.contains(&e["rule"]), "{at}: {e}");
    if let Some(offset) = v.get("offset") {
        assert_eq!(&e["offset"], offset, "{at}: {e}");
    }
}

/// The decision's name in the ABI's JSON from the vector's (`NotAccepted` → `not-accepted`).
fn decision_name(d: &str) -> String {
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[test]
fn every_route_vector() {
    let mut checked = 0;
    for (at, v) in vectors().iter().filter(|(_, v)| v["kind"] == "route") {
        let wallet = v["wallet"].as_str().expect("wallet");
        let code = v["code"].as_str().expect("code");
        let (status, out) = sized(|o, l, w| {
            // SAFETY: the inputs are live strs; the buffer is NULL with 0 or live.
            unsafe {
                paycode_route(
                    wallet.as_ptr(),
                    wallet.len(),
                    code.as_ptr(),
                    code.len(),
                    o,
                    l,
                    w,
                )
            }
        });
        if v["expect"] == "error" {
            refused(at, v, status, &out);
        } else {
            assert_eq!(status, PAYCODE_OK, "{at}: {out}");
            let r: Value = serde_json::from_str(&out).expect("the route's JSON");
            let decision = decision_name(v["decision"].as_str().expect("decision"));
            assert_eq!(r["decision"], decision.as_str(), "{at}");
            assert_eq!(r["issuer"], v["issuer"], "{at}");
            assert_eq!(r["code"], v["send"], "{at}");
            if let Some(since) = v.get("since") {
                assert_eq!(&r["since"], since, "{at}");
            }
            let verdict = match decision.as_str() {
                "unknown" => "unknown",
                "not-accepted" => "cannot",
                _ => "pays",
            };
            assert_eq!(r["verdict"], verdict, "{at}");
        }
        checked += 1;
    }
    assert!(checked >= 40, "{checked} route vectors");
}

#[test]
fn every_from_unified_vector() {
    let mut checked = 0;
    for (at, v) in vectors()
        .iter()
        .filter(|(_, v)| v["kind"] == "from-unified")
    {
        let payload = v["payload"].as_str().expect("payload");
        let (status, out) = sized(|o, l, w| {
            // SAFETY: the payload is a live str; the buffer is NULL with 0 or live.
            unsafe { paycode_from_unified(payload.as_ptr(), payload.len(), o, l, w) }
        });
        if v["expect"] == "error" {
            refused(at, v, status, &out);
        } else {
            assert_eq!(status, PAYCODE_OK, "{at}: {out}");
            let codes: Vec<&str> = v["codes"]
                .as_array()
                .expect("codes")
                .iter()
                .map(|c| c.as_str().expect("a code"))
                .collect();
            assert_eq!(out, codes.join("\n"), "{at}");
        }
        checked += 1;
    }
    assert!(checked >= 16, "{checked} from-unified vectors");
}

#[test]
fn every_to_unified_vector_of_a_name_and_a_city() {
    let (mut checked, mut skipped) = (0, 0);
    for (at, v) in vectors().iter().filter(|(_, v)| v["kind"] == "to-unified") {
        let merchant = v["merchant"].as_object().expect("merchant");
        if merchant.keys().any(|k| k != "name" && k != "city") {
            skipped += 1;
            continue;
        }
        let field = |k: &str| merchant.get(k).and_then(Value::as_str).unwrap_or("");
        let (name, city) = (field("name"), field("city"));
        let codes: Vec<&str> = v["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("a code"))
            .collect();
        let codes = codes.join("\n");
        let (status, out) = sized(|o, l, w| {
            // SAFETY: the inputs are live strs; the buffer is NULL with 0 or live.
            unsafe {
                paycode_to_unified(
                    codes.as_ptr(),
                    codes.len(),
                    name.as_ptr(),
                    name.len(),
                    city.as_ptr(),
                    city.len(),
                    o,
                    l,
                    w,
                )
            }
        });
        if v["expect"] == "error" {
            refused(at, v, status, &out);
        } else {
            assert_eq!(status, PAYCODE_OK, "{at}: {out}");
            assert_eq!(out, v["payload"].as_str().expect("payload"), "{at}");
        }
        checked += 1;
    }
    assert!(
        checked >= 8,
        "{checked} to-unified vectors checked, {skipped} skipped"
    );
}

/// The library's merchant for a vector's `merchant` object, read here on its own (not by the
/// ABI's reader), so that the two readings are compared.
fn library_merchant(m: &Value) -> paycode::unified::Merchant<'_> {
    use paycode::unified::{AlternateLanguage, Amount, Merchant};
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

/// What the library gives for a list of codes and a merchant: the payload, or the JSON of
/// the error (the first code that does not read, or the conversion's refusal).
fn library_unified(codes: &[&str], m: &Value) -> Result<String, String> {
    use paycode::legacy::LegacyCode;
    let mut parsed = Vec::new();
    for c in codes {
        match LegacyCode::parse(c) {
            Ok(l) => parsed.push(l),
            Err(e) => return Err(serde_json::to_string(&paycode::Error::from(e)).expect("JSON")),
        }
    }
    let mut buf = [0u8; 1024];
    paycode::unified::to_unified(&parsed, &library_merchant(m), &mut buf)
        .map(str::to_owned)
        .map_err(|e| serde_json::to_string(&e).expect("JSON"))
}

#[test]
fn every_to_unified_vector_through_the_merchant_json() {
    let mut checked = 0;
    for (at, v) in vectors().iter().filter(|(_, v)| v["kind"] == "to-unified") {
        let merchant = serde_json::to_string(&v["merchant"]).expect("JSON");
        let list: Vec<&str> = v["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("a code"))
            .collect();
        let codes = list.join("\n");
        let (status, out) = sized(|o, l, w| {
            // SAFETY: the inputs are live strs; the buffer is NULL with 0 or live.
            unsafe {
                paycode_to_unified_json(
                    codes.as_ptr(),
                    codes.len(),
                    merchant.as_ptr(),
                    merchant.len(),
                    o,
                    l,
                    w,
                )
            }
        });
        let library = library_unified(&list, &v["merchant"]);
        if v["expect"] == "error" {
            refused(at, v, status, &out);
            assert_eq!(Err(out), library, "{at}");
        } else {
            assert_eq!(status, PAYCODE_OK, "{at}: {out}");
            assert_eq!(out, v["payload"].as_str().expect("payload"), "{at}");
            assert_eq!(Ok(out), library, "{at}");
        }
        checked += 1;
    }
    assert_eq!(checked, 33, "the to-unified vectors of spec/vectors");
}

/// Calls `paycode_to_unified_json` with a buffer of 4 KiB.
fn unified_json(codes: &str, merchant: &[u8]) -> (i32, String) {
    let mut buf = vec![0u8; 4096];
    let mut written = 0usize;
    // SAFETY: the inputs and the buffer are live slices of the lengths given.
    let status = unsafe {
        paycode_to_unified_json(
            codes.as_ptr(),
            codes.len(),
            merchant.as_ptr(),
            merchant.len(),
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        )
    };
    buf.truncate(written);
    (status, String::from_utf8(buf).expect("UTF-8"))
}

#[test]
fn a_merchant_of_another_shape_is_refused_with_why() {
    const WXP: &str = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    // No merchant at all, and `{}`, are every default.
    let (status, empty) = unified_json(WXP, b"");
    assert_eq!(status, PAYCODE_OK, "{empty}");
    assert_eq!(unified_json(WXP, b"{}"), (PAYCODE_OK, empty.clone()));
    assert!(empty.contains("5908MERCHANT6005CHINA"), "{empty}");
    // `null` values are missing keys.
    assert_eq!(
        unified_json(WXP, br#"{"name": null, "alternate": null}"#),
        (PAYCODE_OK, empty)
    );
    for bad in [
        &br#"{"nmae": "X"}"#[..],
        br#"{"name": 5}"#,
        br#"{"amount_minor": -1}"#,
        br#"{"amount_minor": 1.5}"#,
        br#"{"amount": "1.00", "amount_minor": 100}"#,
        br#"{"alternate": {"language": "zh"}}"#,
        br#"{"alternate": {"language": "zh", "name": "x", "extra": 1}}"#,
        br#"["name"]"#,
        br#"["NOODLE", "BEIJING", null, null, "1.00", null, null, null, null]"#,
        b"{",
        b"null",
        b"{} {}",
    ] {
        let (status, e) = unified_json(WXP, bad);
        let shown = String::from_utf8_lossy(bad);
        assert_eq!(status, PAYCODE_UNREADABLE, "{shown}: {e}");
        let e: Value = serde_json::from_str(&e).expect("the error's JSON");
        assert_eq!(e["location"], "merchant", "{shown}");
        assert_eq!(e["rule"], Value::Null, "{shown}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // serde_json's messages quote what they refuse: a payment code put there is masked.
    let code = "134556781234567890";
    let cpm = "hQVDUFYwMWEaTwegAAAAAwEBAVcQYjYRcSMARWef";
    for bad in [
        format!(r#"{{"amount_minor": "{code}"}}"#),
        format!(r#"{{"{code}": 1}}"#),
        format!(r#"{{"name": {code}}}"#),
        format!(r#"{{"amount_minor": "{cpm}"}}"#),
    ] {
        let (status, e) = unified_json(WXP, bad.as_bytes());
        assert_eq!(status, PAYCODE_UNREADABLE, "{bad}: {e}");
        assert!(!e.contains(code) && !e.contains(cpm), "{bad}: {e}");
        if !bad.contains(cpm) {
            assert!(
                e.contains("1345*"),
                "the message still says what it refused: {e}"
            );
        }
    }
    // A merchant that is not UTF-8 is an invalid argument, as every text is.
    assert_eq!(
        unified_json(WXP, b"{\"name\": \"\xff\"}").0,
        paycode_ffi::PAYCODE_INVALID_ARGUMENT
    );
}
