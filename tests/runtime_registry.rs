//! A run-time registry read from a document of `spec/registry.json`'s shape
//! (`spec/registry.md`, Run-time registries): the built-in document itself attributes every
//! vector as the built-in tables do, confidence included; a document's issuer with a built-in
//! ID replaces its facts; broken documents are refused.
#![cfg(all(feature = "serde", feature = "alloc"))]
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::collections::BTreeSet;
use std::path::Path;

use paycode::registry::Registry;
use paycode::report::Report;
use serde_json::Value;

fn spec(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn inputs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut seen = BTreeSet::new();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            for key in ["input", "payload", "code", "text"] {
                if let Some(s) = v.get(key).and_then(Value::as_str) {
                    seen.insert(s.to_owned());
                }
            }
        }
    }
    seen.into_iter().collect()
}

fn report(input: &str, registry: Option<&Registry>) -> Value {
    serde_json::to_value(Report::new(input.as_bytes()).registry(registry)).unwrap()
}

#[test]
fn the_built_in_document_attributes_every_vector_as_the_built_in_tables() {
    let registry: Registry = serde_json::from_str(&spec("spec/registry.json")).unwrap();
    let inputs = inputs();
    assert!(inputs.len() > 300, "only {} vector inputs", inputs.len());
    let mut attributed = 0;
    for input in &inputs {
        let built_in = report(input, None);
        let loaded = report(input, Some(&registry));
        if built_in["issuers"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
        {
            attributed += 1;
        }
        assert_eq!(loaded, built_in, "{input:?}");
    }
    assert!(attributed > 150, "only {attributed} inputs have issuers");
}

#[test]
fn a_documents_issuer_with_a_built_in_id_replaces_its_facts() {
    let code = "134556781234567890"; // WeChat Pay's 13 prefix, 18 digits
    assert_eq!(
        report(code, None)["issuers"],
        serde_json::json!(["wechat-pay"])
    );
    let doc = r#"{"issuers": [{"id": "wechat-pay", "name": "WeChat Pay",
        "numeric": [{"prefixes": ["10"], "lengths": [18]}]},
        {"id": "campus-card", "name": {"en": "Campus Card", "zh": "校园卡"},
         "numeric": [{"prefixes": ["13"], "lengths": [18]}],
         "mpm_guids": [{"guid": "edu.example.campus"}],
         "cpm_aids": [{"aid": "A000000999"}]}]}"#;
    let registry: Registry = serde_json::from_str(doc).unwrap();
    let r = report(code, Some(&registry));
    assert_eq!(r["issuers"], serde_json::json!(["campus-card"]));
    assert_eq!(r["fields"]["candidates"][0]["confidence"], Value::Null);
    assert_eq!(r["fields"]["candidates"][0]["name_zh"], "校园卡");
    assert_eq!(r["fields"]["candidates"][0]["name"], "Campus Card");
    // The replaced issuer's other facts are gone too: its unified GUID no longer attributes.
    assert!(registry.by_guid("cn.paycode.wx").is_none());
    assert_eq!(
        registry.by_guid("EDU.EXAMPLE.CAMPUS").map(|i| i.id()),
        Some("campus-card")
    );
    assert_eq!(
        registry
            .by_aid(&[0xA0, 0, 0, 0x09, 0x99, 1])
            .map(|i| i.id()),
        Some("campus-card")
    );
    // What reads does not change: only who it belongs to.
    assert_eq!(report(code, Some(&registry))["ok"], true);
    assert_eq!(
        report("104556781234567890", Some(&registry))["issuers"][0],
        "wechat-pay"
    );
}

#[test]
fn a_digit_condition_narrows_the_rule() {
    let doc = r#"{"issuers": [{"id": "x-wallet", "name": "X",
        "numeric": [{"prefixes": ["77"], "lengths": [16], "digit": {"at": 5, "is": "6"}}]},
        {"id": "y-wallet", "name": "Y",
        "numeric": [{"prefixes": ["77"], "lengths": [16], "digit": {"at": 5, "not": "6"}}]}]}"#;
    let r: Registry = serde_json::from_str(doc).unwrap();
    let first = |c: &str| r.numeric_candidates(c).next().map(|i| i.id());
    assert_eq!(first("7712361234567890"), Some("x-wallet"));
    assert_eq!(first("7712351234567890"), Some("y-wallet"));
}

#[test]
fn broken_documents_are_refused() {
    let cases = [
        (r#"{"version": "1"}"#, "missing field `issuers`"),
        (
            r#"{"issuers": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#,
            "twice",
        ),
        (r#"{"issuers": [{"id": "Bad", "name": "A"}]}"#, "lower-case"),
        (r#"{"issuers": [{"name": "A"}]}"#, "missing field `id`"),
        (r#"{"issuers": [{"id": "a"}]}"#, "missing field `name`"),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["1x"], "lengths": [18]}]}]}"#,
            "not 1 to 24 digits",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["77"], "lengths": [30]}]}]}"#,
            "admits no code",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["77"], "lengths": [10]}]}]}"#,
            "NUM-LEN-1",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["123"], "lengths": [2]}]}]}"#,
            "admits no code",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["1"], "lengths": [18], "digit": {"at": 18, "is": "6"}}]}]}"#,
            "digit position",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["1"], "lengths": [18], "digit": {"at": 3, "is": "66"}}]}]}"#,
            "not one digit",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "cpm_aids": [{"aid": "A0000003"}]}]}"#,
            "5 to 16 bytes",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "cpm_aids": [{"aid": "A00000033G"}]}]}"#,
            "5 to 16 bytes",
        ),
        (
            r#"{"issuers": [{"id": "a", "name": "A", "mpm_guids": [{"guid": "has space"}]}]}"#,
            "printable ASCII",
        ),
        (r#"[1, 2]"#, "registry document"),
    ];
    for (doc, message) in cases {
        let e = serde_json::from_str::<Registry>(doc)
            .unwrap_err()
            .to_string();
        assert!(e.contains(message), "{doc}: {e}");
    }
}

#[test]
fn a_document_too_large_to_match_quickly_is_refused() {
    // Every numeric code is matched against every rule: a document may declare 10,000.
    let prefixes: Vec<String> = (0..1200).map(|n| format!("\"7{n:04}\"")).collect();
    let rule = format!(
        r#"{{"prefixes": [{}], "lengths": [16, 17, 18, 19, 20, 21, 22, 23, 24]}}"#,
        prefixes.join(",")
    );
    let one = format!(r#"{{"issuers": [{{"id": "a", "name": "A", "numeric": [{rule}]}}]}}"#);
    let e = serde_json::from_str::<Registry>(&one)
        .unwrap_err()
        .to_string();
    assert!(e.contains("10800 numeric rules"), "{e}");
    // Spread over issuers, the document's total counts.
    let few = format!(
        r#"{{"prefixes": [{}], "lengths": [18]}}"#,
        prefixes.join(",")
    );
    let issuers: Vec<String> = (0..9)
        .map(|n| format!(r#"{{"id": "i{n}", "name": "I", "numeric": [{few}]}}"#))
        .collect();
    let doc = format!(r#"{{"issuers": [{}]}}"#, issuers.join(","));
    let e = serde_json::from_str::<Registry>(&doc)
        .unwrap_err()
        .to_string();
    assert!(e.contains("10800 numeric rules"), "{e}");
    // Many issuers load in linear time: a set finds the one listed twice.
    let many: Vec<String> = (0..50_000)
        .map(|n| format!(r#"{{"id": "i{n}", "name": "I"}}"#))
        .collect();
    let doc = format!(r#"{{"issuers": [{}]}}"#, many.join(","));
    assert!(serde_json::from_str::<Registry>(&doc).is_ok());
}
