//! Attribution through a registry given to the reader: the built-in one gives what the plain
//! accessors give, and a run-time registry adds its own issuers and nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::mpm::Payload;
use paycode::registry::{BUILT_IN, CustomIssuer, Registry};

/// Every readable merchant payload of the vectors.
fn payloads() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/vectors");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for key in ["payload", "code"] {
                if let Some(p) = v[key].as_str() {
                    if Payload::parse(p).is_ok() {
                        out.push(p.to_owned());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_built_in_registry_attributes_as_the_plain_accessors() {
    let all = payloads();
    assert!(all.len() > 100, "{} payloads", all.len());
    let empty = Registry::new();
    let mut attributed = 0;
    for text in &all {
        let p = Payload::parse(text).unwrap();
        let plain: Vec<&str> = p.issuers().iter().map(|i| i.id()).collect();
        let built_in: Vec<&str> = p.issuers_in(&BUILT_IN).map(|i| i.id()).collect();
        let run_time: Vec<String> = p.issuers_in(&empty).map(|i| i.to_string()).collect();
        assert_eq!(built_in, plain, "{text}");
        assert_eq!(run_time, plain, "{text}");
        for a in p.merchant_accounts() {
            assert_eq!(a.issuer_in(&BUILT_IN), a.issuer(), "{text}");
        }
        attributed += usize::from(!plain.is_empty());
    }
    assert!(attributed > 50, "{attributed} attributed");
}

#[test]
fn a_run_time_issuer_attributes_only_through_its_registry() {
    // An account template whose GUID no built-in issuer has, and a Pix account.
    let text = "00020101021126160012com.example05802CN53031566304EAE4";
    let p = Payload::parse(text).unwrap();
    let mut r = Registry::new();
    r.add(CustomIssuer::new("example-pay", "Example Pay").guid("COM.EXAMPLE0"));
    assert!(p.issuers().is_empty());
    let ids: Vec<String> = p.issuers_in(&r).map(|i| i.to_string()).collect();
    assert_eq!(ids, ["example-pay"]);
    // The built-in issuers stay what they were under a registry that adds one.
    let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591";
    let p = Payload::parse(pix).unwrap();
    let ids: Vec<String> = p.issuers_in(&r).map(|i| i.to_string()).collect();
    assert_eq!(ids, ["pix"]);
}
