//! The owned values: a batch loop and a function returning a scan result compile and work, and
//! `FromStr(Display(x)) == x` for every owned family over the conformance vectors' inputs.
#![cfg(feature = "alloc")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fmt::{Debug, Display};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::LazyLock;

use paycode::alipay_plus::{AlipayPlusMpm, AlipayPlusMpmBuf};
use paycode::cpm::{Cpm, CpmBuf, MAX_DECODED_LEN};
use paycode::legacy::{LegacyCode, LegacyCodeBuf};
use paycode::mpm::{Payload, PayloadBuf};
use paycode::numeric::{NumericCode, NumericCodeBuf};
use paycode::scan::{Form, ScanOptions, Scanned, ScannedBuf, scan, scan_owned};
use proptest::prelude::*;
use serde_json::Value;

/// Every text input of `spec/vectors/*.jsonl`: each vector's `payload` and `code`.
fn vector_inputs() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_owned();
            for key in ["payload", "code"] {
                if let Some(s) = v[key].as_str() {
                    out.push((id.clone(), s.to_owned()));
                }
            }
        }
    }
    assert!(out.len() > 500, "only {} vector inputs", out.len());
    out
}

/// The inputs, read once for all property cases.
static INPUTS: LazyLock<Vec<(String, String)>> = LazyLock::new(vector_inputs);

fn hash_of<T: Hash>(x: &T) -> u64 {
    let mut h = DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Checks the round trip for one input and one family; returns whether the input read.
fn round_trip<T>(id: &str, input: &str) -> bool
where
    T: FromStr<Err: Debug + Display> + Display + Debug + Clone + Eq + Hash,
{
    let Ok(x) = input.parse::<T>() else {
        return false;
    };
    let text = x.to_string();
    assert_eq!(text, input, "{id}: Display is byte-exact");
    let again: T = text.parse().unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(again, x, "{id}: FromStr(Display(x)) == x");
    assert_eq!(
        hash_of(&again),
        hash_of(&x),
        "{id}: equal values hash alike"
    );
    assert_eq!(x.clone(), x, "{id}: clone");
    true
}

#[test]
fn from_str_of_display_is_the_value_for_every_family_over_the_vectors() {
    let mut read: BTreeMap<&str, usize> = BTreeMap::new();
    let mut buf = vec![0u8; MAX_DECODED_LEN];
    for (id, input) in INPUTS.iter() {
        if round_trip::<PayloadBuf>(id, input) {
            *read.entry("mpm").or_default() += 1;
            let owned: PayloadBuf = input.parse().unwrap();
            assert_eq!(owned.as_view(), Payload::parse(input).unwrap(), "{id}");
            assert_eq!(
                format!("{:?}", owned.as_view().validate()),
                format!("{:?}", Payload::parse(input).unwrap().validate()),
                "{id}: the view validates as the original"
            );
        }
        if round_trip::<CpmBuf>(id, input) {
            *read.entry("cpm").or_default() += 1;
            let owned: CpmBuf = input.parse().unwrap();
            let view = Cpm::decode(input, &mut buf).unwrap();
            assert_eq!(owned.as_view(), view, "{id}");
            assert_eq!(view.into_owned().as_str(), *input, "{id}: re-encoded text");
        }
        if round_trip::<NumericCodeBuf>(id, input) {
            *read.entry("numeric").or_default() += 1;
            let owned: NumericCodeBuf = input.parse().unwrap();
            assert_eq!(owned.as_view(), NumericCode::parse(input).unwrap(), "{id}");
            assert!(
                !format!("{owned:?}").contains(input.as_str()),
                "{id}: Debug is masked"
            );
        }
        if round_trip::<LegacyCodeBuf>(id, input) {
            *read.entry("legacy").or_default() += 1;
            let owned: LegacyCodeBuf = input.parse().unwrap();
            assert_eq!(owned.as_view(), LegacyCode::parse(input).unwrap(), "{id}");
        }
        if round_trip::<AlipayPlusMpmBuf>(id, input) {
            *read.entry("alipay-plus").or_default() += 1;
            let owned: AlipayPlusMpmBuf = input.parse().unwrap();
            let view = AlipayPlusMpm::parse(input, &mut buf).unwrap();
            assert_eq!(owned.as_view(), view, "{id}");
        }
        // Scanning owned and borrowed agree on every input, readable or not.
        let owned = scan_owned(input);
        let borrowed = scan(input, &mut buf);
        assert_eq!(owned.form(), borrowed.form(), "{id}");
        assert_eq!(owned.scan_kind(), borrowed.scan_kind(), "{id}");
        assert_eq!(owned.issuers(), borrowed.issuers(), "{id}");
        assert_eq!(owned, borrowed.into_owned(), "{id}");
    }
    for family in ["mpm", "cpm", "numeric", "legacy", "alipay-plus"] {
        assert!(
            read.get(family).is_some_and(|&n| n >= 5),
            "too few readable {family} vectors: {read:?}"
        );
    }
}

/// Reads one line of a file: a function can return an owned scan result.
fn read_line(line: &str) -> ScannedBuf {
    ScanOptions::new()
        .trim_line_end(true)
        .trim_trailing_blanks(true)
        .strip_bom(true)
        .scan_owned(line)
}

#[test]
fn a_batch_loop_collects_owned_results() {
    let file = String::from(
        "\u{feff}120061098828009406 \r\n\
         HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79\t\r\n\
         hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=\r\n\
         hello\r\n",
    );
    // The lines borrow `file`; the results borrow nothing, so the loop and the collect compile
    // (with `scan(line, &mut buf)` they would not: E0499).
    let mut results = Vec::new();
    for line in file.split_inclusive('\n') {
        results.push(read_line(line));
    }
    let collected: Vec<ScannedBuf> = file.split_inclusive('\n').map(read_line).collect();
    drop(file);
    assert_eq!(results, collected);
    let forms: Vec<Form> = results.iter().map(ScannedBuf::form).collect();
    assert_eq!(
        forms,
        [Form::Numeric, Form::Legacy, Form::EmvCpm, Form::Unknown]
    );
    let ScannedBuf::Numeric(code) = &results[0] else {
        panic!("numeric")
    };
    assert_eq!(code.as_str(), "120061098828009406");
    assert_eq!(
        results[3].error().map(|e| e.rule().unwrap().id()),
        Some("SCAN-FORM-1")
    );
    let Scanned::Legacy(c) = results[1].as_view() else {
        panic!("legacy")
    };
    assert_eq!(c.issuer().id(), "alipay");
}

#[test]
fn owned_values_outlive_their_input() {
    fn keep(input: String) -> (PayloadBuf, ScannedBuf) {
        (input.parse().unwrap(), scan_owned(&input))
    }
    let (p, s) = keep(paycode::mpm::SPEC_EXAMPLE.to_owned());
    assert_eq!(p.as_view().merchant_name(), Some("BEST TRANSPORT"));
    assert_eq!(s, ScannedBuf::Mpm(p));
}

/// What a scanner or a list may put around a code.
fn dressing() -> impl Strategy<Value = (bool, String)> {
    (any::<bool>(), "[ \t\r\n]{0,6}")
}

proptest! {
    /// With every option on, a code with a byte order mark before it and blanks and line ends
    /// after it reads as the code alone; an error's offset is the bare code's plus the mark's
    /// three bytes.
    #[test]
    fn options_remove_only_the_dressing(i in 0usize..10_000, (bom, tail) in dressing()) {
        let (id, code) = &INPUTS[i % INPUTS.len()];
        // A code that itself ends with dressing, or starts with a mark, is not a bare code.
        prop_assume!(code.trim_end_matches([' ', '\t', '\r', '\n']) == code);
        prop_assume!(!code.starts_with('\u{feff}'));
        let dressed = format!("{}{code}{tail}", if bom { "\u{feff}" } else { "" });
        let options = ScanOptions::new().trim_line_end(true).trim_trailing_blanks(true).strip_bom(true);
        let bare = scan_owned(code);
        let read = options.scan_owned(&dressed);
        match (&bare, &read) {
            (ScannedBuf::NotPayment { form: f1, error: e1 }, ScannedBuf::NotPayment { form: f2, error: e2 }) => {
                prop_assert_eq!(f1, f2, "{}", id);
                prop_assert_eq!(e1.rule(), e2.rule(), "{}", id);
                // Bytes of the input move with the BOM; bytes of a decoded payload do not.
                let moved = bom && matches!(e1.location(), Some(paycode::Location::Input(_)));
                prop_assert_eq!(e1.offset().map(|o| o + if moved { 3 } else { 0 }), e2.offset(), "{}", id);
            }
            _ => prop_assert_eq!(&bare, &read, "{}", id),
        }
    }
}
