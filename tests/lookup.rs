//! Attribution through a registry given to the reader: the built-in one gives what the plain
//! accessors give, and a run-time registry adds its own issuers and nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
use paycode::scan::scan;

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

/// Every input of the vectors: payloads, codes, the codes a unified code carries, the codes a
/// wrapper carries.
fn inputs() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/vectors");
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            for key in ["payload", "code", "inner"] {
                out.extend(v[key].as_str().map(str::to_owned));
            }
            for c in v["codes"].as_array().into_iter().flatten() {
                out.extend(c.as_str().map(str::to_owned));
            }
        }
    }
    out
}

#[test]
fn legacy_codes_attribute_through_any_registry_as_through_the_built_in_one() {
    let empty = Registry::new();
    let (mut read, mut wrappers, mut institutions) = (0, 0, 0);
    for text in inputs() {
        let Ok(c) = LegacyCode::parse(&text) else {
            continue;
        };
        let plain: Vec<&str> = c.issuers().iter().map(|i| i.id()).collect();
        let built_in: Vec<&str> = c.issuers_in(&BUILT_IN).map(|i| i.id()).collect();
        let run_time: Vec<String> = c.issuers_in(&empty).map(|i| i.to_string()).collect();
        assert_eq!(built_in, plain, "{text}");
        assert_eq!(run_time, plain, "{text}");
        assert!(!plain.is_empty(), "{text}");
        read += 1;
        wrappers += usize::from(c.is_wrapper());
        institutions += usize::from(plain.len() > 1 && !c.is_wrapper());
    }
    assert!(read > 100, "{read} legacy codes");
    assert!(
        wrappers > 10 && institutions > 3,
        "{wrappers} {institutions}"
    );
}

#[test]
fn scanned_codes_attribute_through_any_registry_as_through_the_built_in_one() {
    let empty = Registry::new();
    let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    let mut attributed = 0;
    for text in inputs() {
        let s = scan(&text, &mut buf);
        let plain: Vec<&str> = s.issuers().iter().map(|i| i.id()).collect();
        let built_in: Vec<&str> = s.issuers_in(&BUILT_IN).map(|i| i.id()).collect();
        let run_time: Vec<String> = s.issuers_in(&empty).map(|i| i.to_string()).collect();
        assert_eq!(built_in, plain, "{text}");
        assert_eq!(run_time, plain, "{text}");
        attributed += usize::from(!plain.is_empty());
    }
    assert!(attributed > 300, "{attributed} attributed");
}

#[test]
fn a_run_time_issuer_replaces_the_built_in_one_of_its_id() {
    let mut r = Registry::new();
    r.add(CustomIssuer::new(
        "alipay",
        "Alipay, as this backend knows it",
    ));
    let c = LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79").unwrap();
    let names: Vec<&str> = c.issuers_in(&r).map(|i| i.name()).collect();
    assert_eq!(names, ["Alipay, as this backend knows it"]);
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
