//! `paycode::report::Report`, the JSON every surface prints: each report of every vector's
//! input is valid against `spec/report.schema.json`, agrees with the readers, and masks what
//! the policy masks.
#![cfg(all(feature = "serde", feature = "alloc"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::collections::BTreeSet;
use std::path::Path;

use paycode::report::Report;
use paycode::scan::{Scanned, scan};
use serde_json::Value;

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/report.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every string input of every vector file, once each.
fn inputs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line).unwrap();
            for key in ["input", "payload", "code", "text"] {
                if let Some(s) = v.get(key).and_then(Value::as_str) {
                    if seen.insert(s.to_owned()) {
                        out.push(s.to_owned());
                    }
                }
            }
        }
    }
    out
}

/// The subset of JSON Schema (2020-12) that `spec/report.schema.json` uses: `type`, `enum`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `oneOf`, `$ref` into
/// `$defs`, `minimum`, and the rule-ID `pattern`. A keyword it does not know fails the test,
/// so the schema cannot grow past what is checked.
fn check(root: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    let obj = schema.as_object().unwrap();
    for key in obj.keys() {
        let known = [
            "$schema",
            "$id",
            "title",
            "description",
            "type",
            "enum",
            "required",
            "properties",
            "additionalProperties",
            "items",
            "oneOf",
            "$ref",
            "$defs",
            "minimum",
            "pattern",
        ];
        assert!(
            known.contains(&key.as_str()),
            "schema keyword {key} is not checked"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap();
        return check(root, &root["$defs"][name], v, at);
    }
    if let Some(t) = obj.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_u64() || v.is_i64(),
            "null" => v.is_null(),
            other => panic!("type {other}"),
        };
        if !ok {
            return Err(format!("{at}: not {t}: {v}"));
        }
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not one of {e:?}"));
        }
    }
    if let Some(min) = obj.get("minimum").and_then(Value::as_u64) {
        if v.as_u64().is_none_or(|n| n < min) {
            return Err(format!("{at}: {v} below {min}"));
        }
    }
    if obj.contains_key("pattern") {
        // The one pattern used: a rule ID, upper-case letters and digits in dash-joined parts.
        let s = v.as_str().unwrap_or("");
        let ok = s.split('-').count() >= 2
            && s.split('-').all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
        if !ok {
            return Err(format!("{at}: {v} is not a rule ID"));
        }
    }
    if let Some(one) = obj.get("oneOf").and_then(Value::as_array) {
        let passing = one.iter().filter(|s| check(root, s, v, at).is_ok()).count();
        if passing != 1 {
            return Err(format!("{at}: {passing} of oneOf match {v}"));
        }
    }
    if let Some(req) = obj.get("required").and_then(Value::as_array) {
        for k in req {
            if v.get(k.as_str().unwrap()).is_none() {
                return Err(format!("{at}: missing {k}"));
            }
        }
    }
    if let (Some(props), Some(map)) = (
        obj.get("properties").and_then(Value::as_object),
        v.as_object(),
    ) {
        for (k, x) in map {
            match props.get(k) {
                Some(s) => check(root, s, x, &format!("{at}.{k}"))?,
                None if obj.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: unexpected key {k}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(list)) = (obj.get("items"), v.as_array()) {
        for (i, x) in list.iter().enumerate() {
            check(root, items, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn every_report_of_every_vector_input_is_valid_against_the_schema() {
    let schema = schema();
    let inputs = inputs();
    assert!(inputs.len() > 300, "{}", inputs.len());
    let mut forms = BTreeSet::new();
    for input in &inputs {
        for reveal in [false, true] {
            let r = Report::new(input.as_bytes()).reveal(reveal);
            let v = serde_json::to_value(&r).unwrap();
            check(&schema, &schema, &v, "$").unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(v["ok"], r.ok(), "{input}");
            assert_eq!(v["form"], r.form().name(), "{input}");
            forms.insert(r.form().name());
        }
    }
    // Every form is exercised.
    assert_eq!(forms.len(), 6, "{forms:?}");
}

#[test]
fn a_report_agrees_with_the_scanner() {
    let mut buf = [0u8; 2048];
    for input in inputs() {
        let v = serde_json::to_value(Report::new(input.as_bytes()).reveal(true)).unwrap();
        match scan(&input, &mut buf) {
            Scanned::NotPayment { error, .. } => {
                assert_eq!(v["ok"], false, "{input}");
                assert_eq!(v["error"]["rule"], error.rule().unwrap().id(), "{input}");
                assert_eq!(v["error"]["offset"], error.offset().unwrap(), "{input}");
            }
            s => {
                assert_eq!(v["ok"], true, "{input}");
                let ids: Vec<&str> = s.issuers().iter().map(|i| i.id()).collect();
                assert_eq!(v["issuers"], serde_json::json!(ids), "{input}");
                assert_eq!(v["scan_kind"], s.scan_kind().name(), "{input}");
                assert_eq!(v["input"], input.as_str());
            }
        }
    }
}

#[test]
fn credentials_are_masked_unless_revealed() {
    for input in inputs() {
        let shown = serde_json::to_string(&Report::new(input.as_bytes())).unwrap();
        let mut found = Vec::new();
        paycode::mask::find(&input, &mut |c| found.push(c));
        for c in found {
            let secret = &input[c.offset()..c.end()];
            assert!(
                !shown.contains(secret),
                "{input}: {secret} shown in {shown}"
            );
        }
    }
}

#[test]
fn the_top_level_keys_are_written_in_alphabetical_order() {
    // The text itself: a parsed `Value` would sort the keys whatever the order written.
    for input in inputs() {
        let text = serde_json::to_string(&Report::new(input.as_bytes())).unwrap();
        let top: Vec<&str> = [
            "\"conformant\"",
            "\"error\"",
            "\"fields\"",
            "\"form\"",
            "\"input\"",
            "\"issuers\"",
            "\"ok\"",
            "\"scan_kind\"",
            "\"violations\"",
        ]
        .into_iter()
        .collect();
        let mut last = 0;
        for k in top {
            let at = text[last..].find(k).map(|i| i + last);
            let at = at.unwrap_or_else(|| panic!("{input}: {k} missing or out of order in {text}"));
            last = at;
        }
    }
}
