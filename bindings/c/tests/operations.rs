//! The conversion and routing vectors of `spec/vectors/*.jsonl` (`kind` `route`,
//! `from-unified`, `to-unified`) through the C ABI: each valid one gives what the vector says,
//! each error one is refused with its rule and offset. `to-unified` vectors whose merchant
//! has fields beyond a name and a city are skipped: the ABI takes only those two.

use std::path::Path;

use paycode_ffi::{
    PAYCODE_BUFFER_TOO_SMALL, PAYCODE_OK, PAYCODE_UNREADABLE, paycode_from_unified, paycode_route,
    paycode_to_unified,
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
