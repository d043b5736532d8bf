//! Property tests for consumer-presented codes: numeric codes and EMVCo CPM payloads. Round
//! trips both ways and no panic on any input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::cpm::{Cpm, CpmBuilder, MAX_DECODED_LEN};
use paycode::numeric::NumericCode;
use paycode::registry::{self, BUILT_IN, CustomIssuer, Issuer, Lookup, Registry};
use proptest::prelude::*;

fn exercise_cpm(p: &Cpm<'_>) {
    let _ = p.validate();
    let _ = (
        p.format_indicator(),
        p.common_data(),
        p.issuers(),
        format!("{p:?}"),
    );
    for a in p.applications() {
        let _ = (
            a.aid(),
            a.label(),
            a.track2(),
            a.pan(),
            a.cardholder_name(),
            a.version(),
        );
        let _ = (
            a.language_preference(),
            a.issuer_url(),
            a.payment_account_reference(),
        );
        let _ = (a.transparent(), a.issuer(), format!("{a:?}"));
        if let Some(p) = a.pan() {
            let _ = (p.luhn_valid(), p.to_string());
        }
    }
}

fn bcd(digits: &str) -> Vec<u8> {
    let mut s = digits.to_owned();
    if s.len() % 2 == 1 {
        s.push('F');
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn numeric_never_panics(s in "\\PC{0,40}") {
        if let Ok(c) = NumericCode::parse(&s) {
            prop_assert_eq!(c.to_string(), s.clone());
            prop_assert!((16..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()));
            let _ = format!("{c:?}");
        }
    }

    /// Reading is not classifying: any 16 to 24 ASCII digits read, whatever their prefix, and
    /// the candidates are exactly the registry's lookup (possibly none), from either path.
    #[test]
    fn any_16_to_24_digits_read_and_classify_by_lookup(s in "[0-9]{16,24}") {
        let c = NumericCode::parse(&s).unwrap();
        prop_assert_eq!(c.as_str(), s.as_str());
        let ids = |it: &mut dyn Iterator<Item = Issuer>| it.map(|i| i.id()).collect::<Vec<_>>();
        let want = ids(&mut registry::numeric_candidates(&s).iter());
        prop_assert_eq!(ids(&mut c.issuers().iter()), want.clone());
        prop_assert_eq!(ids(&mut c.issuers_in(&BUILT_IN)), want.clone());
        prop_assert_eq!(ids(&mut BUILT_IN.numeric_candidates(&s)), want.clone());
        // An empty run-time registry is the built-in one.
        let r = Registry::new();
        let got: Vec<&str> = c.issuers_in(&r).map(|i| i.id()).collect();
        prop_assert_eq!(got, want);
    }

    /// A custom issuer's prefix is a candidate in the registry that has it, first, and never in
    /// the built-in one; the built-in candidates follow in their order.
    #[test]
    fn a_custom_prefix_appears_in_issuers_in_and_never_in_issuers(
        prefix in "[0-9]{1,6}",
        tail in "[0-9]{24}",
        len in 16usize..=24,
    ) {
        let code = format!("{prefix}{}", &tail[..len - prefix.len()]);
        let c = NumericCode::parse(&code).unwrap();
        let mut r = Registry::new();
        r.add(CustomIssuer::new("custom-test", "Custom").numeric(&prefix, len..=len));
        r.add(CustomIssuer::new("custom-other-length", "Other").numeric(&prefix, 25..=32));
        let got: Vec<String> = c.issuers_in(&r).map(|i| i.id().to_owned()).collect();
        prop_assert_eq!(got.first().map(String::as_str), Some("custom-test"));
        prop_assert!(!got.iter().any(|id| id == "custom-other-length"));
        let builtin: Vec<String> = c.issuers().iter().map(|i| i.id().to_owned()).collect();
        prop_assert!(!builtin.iter().any(|id| id.starts_with("custom-")));
        prop_assert_eq!(&got[1..], &builtin[..]);
    }

    /// Every code the registry's rules describe is read back with its issuer among the
    /// candidates; display gives the code back.
    #[test]
    fn numeric_codes_of_every_rule_classify(
        rule in prop::sample::select(vec![("10", 18), ("15", 18), ("25", 16), ("30", 24), ("62", 19), ("01", 19), ("51", 18), ("91", 18), ("5678", 19), ("822", 19)]),
        tail in "[0-9]{24}",
    ) {
        let (prefix, len) = rule;
        let code = format!("{prefix}{}", &tail[..len - prefix.len()]);
        let c = NumericCode::parse(&code).unwrap();
        prop_assert_eq!(c.as_str(), code.as_str());
        prop_assert!(!c.issuers().is_empty());
    }

    #[test]
    fn cpm_never_panics_on_text(s in "[A-Za-z0-9+/=]{0,200}") {
        let mut buf = vec![0u8; MAX_DECODED_LEN];
        if let Ok(p) = Cpm::decode(&s, &mut buf) {
            exercise_cpm(&p);
            let mut out = vec![0u8; s.len() + 4];
            prop_assert_eq!(p.encode_into(&mut out).unwrap(), s.as_str());
        }
    }

    #[test]
    fn cpm_never_panics_on_bytes(mut b in proptest::collection::vec(any::<u8>(), 0..300)) {
        // Half the time, start as a payload does, to get past CPM-PFI-1.
        if b.first().is_some_and(|x| x % 2 == 0) {
            let mut v = vec![0x85, 0x05, b'C', b'P', b'V', b'0', b'1'];
            v.append(&mut b);
            b = v;
        }
        if let Ok(p) = Cpm::parse(&b) {
            exercise_cpm(&p);
        }
    }

    /// parse(encode(x)) == x: what the builder was given is what reading gives back.
    #[test]
    fn cpm_builder_round_trip(
        aid in proptest::collection::vec(any::<u8>(), 5..=16),
        pan in "[0-9]{12,19}",
        label in proptest::option::of("[A-Z0-9 ]{1,16}"),
        name in proptest::option::of("[A-Z/ ]{2,26}"),
        crypto in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let pan_bcd = bcd(&pan);
        let mut app: Vec<(u32, &[u8])> = vec![(0x4F, &aid), (0x5A, &pan_bcd)];
        if let Some(l) = &label {
            app.push((0x50, l.as_bytes()));
        }
        if let Some(n) = &name {
            app.push((0x5F20, n.as_bytes()));
        }
        app.push((0x63, &crypto));
        let mut b = CpmBuilder::new();
        b.application(&app);
        let (mut bytes, mut text) = (vec![0u8; 512], vec![0u8; 700]);
        let s = b.encode_base64_into(&mut bytes, &mut text).unwrap().to_owned();
        let mut buf = vec![0u8; MAX_DECODED_LEN];
        let p = Cpm::decode(&s, &mut buf).unwrap();
        prop_assert!(p.is_conformant(), "{:?}", p.validate());
        let a = p.applications().next().unwrap();
        prop_assert_eq!(a.aid(), Some(&aid[..]));
        let got_pan = a.pan().unwrap();
        prop_assert_eq!(got_pan.as_str(), pan.as_str());
        prop_assert_eq!(a.label(), label.as_deref());
        prop_assert_eq!(a.cardholder_name(), name.as_deref());
        prop_assert_eq!(a.transparent(), Some(&crypto[..]));
        // encode(parse(s)) == s
        let mut out = vec![0u8; s.len()];
        prop_assert_eq!(p.encode_into(&mut out).unwrap(), s.as_str());
    }
}
