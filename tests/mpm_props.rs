//! Property tests for merchant-presented payloads: round trips both ways, no panic on any
//! input, and the CRC rejecting every single-character substitution.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::mpm::{Builder, Initiation, LengthUnit, ParseOptions, Payload};
use proptest::prelude::*;

const EXAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// Every public accessor, so that "does not panic" covers them all.
fn exercise(p: &Payload<'_>) {
    let mut n = 0;
    p.validate_with(&mut |v| {
        let _ = v.to_string();
        n += 1;
    });
    assert_eq!(p.validate().len(), n);
    let _ = (
        p.format_indicator(),
        p.initiation(),
        p.merchant_category_code(),
        p.currency(),
    );
    let _ = (
        p.amount(),
        p.tip_indicator(),
        p.convenience_fee_fixed(),
        p.convenience_fee_percentage(),
    );
    let _ = (
        p.country(),
        p.merchant_name(),
        p.merchant_city(),
        p.postal_code(),
        p.crc(),
    );
    for a in p.merchant_accounts() {
        let _ = (a.guid(), a.template());
    }
    for t in p.unreserved_templates().flatten() {
        let _ = t.objects().count();
    }
    if let Some(Ok(t)) = p.additional_data() {
        for o in t.objects() {
            let _ = t.template(o.id());
        }
    }
    let _ = p.language_template();
    let _ = format!("{p:?} {p}");
    let mut buf = vec![0u8; p.as_str().len()];
    assert_eq!(p.encode_into(&mut buf).unwrap(), p.as_str());
}

fn ans(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9 .\\-]{{1,{max}}}")).unwrap()
}

fn amount() -> impl Strategy<Value = String> {
    (1u32..10_000_000, 0u32..100).prop_map(|(i, f)| format!("{i}.{f:02}"))
}

/// What a generated payload says, to compare with what parsing it gives back.
#[derive(Debug, Clone)]
struct Spec {
    dynamic: bool,
    guid: String,
    account: String,
    mcc: String,
    currency: &'static str,
    amount: Option<String>,
    country: &'static str,
    name: String,
    city: String,
    reference: Option<String>,
    alt_name: Option<String>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        any::<bool>(),
        proptest::string::string_regex("[a-z]{2,8}\\.[a-z]{2,8}\\.[a-z]{2,8}").unwrap(),
        proptest::string::string_regex("[A-Za-z0-9@.\\-]{1,40}").unwrap(),
        proptest::string::string_regex("[0-9]{4}").unwrap(),
        prop::sample::select(vec!["156", "840", "978", "392", "986", "764", "344"]),
        proptest::option::of(amount()),
        prop::sample::select(vec!["CN", "HK", "SG", "BR", "TH", "US"]),
        (ans(25), ans(15)),
        proptest::option::of(ans(25)),
        proptest::option::of("[\\p{Han}a-z]{1,25}"),
    )
        .prop_map(
            |(
                dynamic,
                guid,
                account,
                mcc,
                currency,
                amount,
                country,
                (name, city),
                reference,
                alt_name,
            )| Spec {
                dynamic,
                guid,
                account,
                mcc,
                currency,
                amount,
                country,
                name,
                city,
                reference,
                alt_name,
            },
        )
}

fn build(s: &Spec) -> String {
    let account = [(0, s.guid.as_str()), (1, s.account.as_str())];
    let adf = s.reference.as_deref().map(|r| [(5u8, r)]);
    let lang = s.alt_name.as_deref().map(|n| [(0u8, "ZH"), (1, n)]);
    let mut b = Builder::new();
    b.initiation(if s.dynamic {
        Initiation::Dynamic
    } else {
        Initiation::Static
    })
    .template(26, &account)
    .merchant_category_code(&s.mcc)
    .currency(s.currency)
    .country(s.country)
    .merchant_name(&s.name)
    .merchant_city(&s.city);
    if let Some(a) = &s.amount {
        b.amount(a);
    }
    if let Some(adf) = &adf {
        b.additional_data(adf);
    }
    if let Some(lang) = &lang {
        b.language(lang);
    }
    b.to_payload_string().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// parse(encode(x)) == x: what the builder was given is what parsing reads back.
    #[test]
    fn parse_of_encode_gives_back_the_fields(s in spec()) {
        let text = build(&s);
        let p = Payload::parse(&text).unwrap();
        prop_assert!(p.validate().is_empty(), "{:?}", p.validate());
        prop_assert_eq!(p.initiation(), Some(if s.dynamic { Initiation::Dynamic } else { Initiation::Static }));
        let acc = p.merchant_accounts().next().unwrap();
        prop_assert_eq!(acc.guid(), Some(s.guid.as_str()));
        prop_assert_eq!(acc.template().unwrap().unwrap().get(1).unwrap().value(), s.account.as_str());
        prop_assert_eq!(p.get(52).unwrap().value(), s.mcc.as_str());
        prop_assert_eq!(p.currency_code(), Some(s.currency));
        prop_assert_eq!(p.amount().map(|a| a.as_str()), s.amount.as_deref());
        prop_assert_eq!(p.country_code(), Some(s.country));
        prop_assert_eq!(p.merchant_name(), Some(s.name.as_str()));
        prop_assert_eq!(p.merchant_city(), Some(s.city.as_str()));
        let reference = p.additional_data().map(|t| t.unwrap().get(5).unwrap().value());
        prop_assert_eq!(reference, s.reference.as_deref());
        let alt = p.language_template().map(|t| t.unwrap().get(1).unwrap().value());
        prop_assert_eq!(alt, s.alt_name.as_deref());
    }

    /// encode(parse(s)) == s for canonical payloads.
    #[test]
    fn encode_of_parse_gives_back_the_text(s in spec()) {
        let text = build(&s);
        let p = Payload::parse(&text).unwrap();
        let mut buf = vec![0u8; text.len()];
        prop_assert_eq!(p.encode_into(&mut buf).unwrap(), text.as_str());
        prop_assert_eq!(p.to_string(), text);
    }

    /// Any substitution of one ASCII character by another is rejected: by the CRC outside the
    /// CRC value, inside it unless only the letter case changed.
    #[test]
    fn one_substitution_is_rejected(s in spec(), at in any::<prop::sample::Index>(), c in 0x20u8..0x7F) {
        let text = build(&s);
        let ascii: Vec<usize> = text.char_indices().filter(|(_, ch)| ch.is_ascii()).map(|(i, _)| i).collect();
        let i = ascii[at.index(ascii.len())];
        let original = text.as_bytes()[i];
        prop_assume!(original != c);
        let mut bytes = text.clone().into_bytes();
        bytes[i] = c;
        let mutated = String::from_utf8(bytes).unwrap();
        let in_crc = i >= text.len() - 4;
        let case_only = original.eq_ignore_ascii_case(&c);
        if in_crc && case_only {
            prop_assert!(Payload::parse(&mutated).is_ok());
        } else {
            prop_assert!(Payload::parse(&mutated).is_err(), "accepted {mutated:?}");
        }
    }

    #[test]
    fn no_panic_on_any_string(s in "\\PC{0,600}") {
        if let Ok(p) = Payload::parse(&s) {
            exercise(&p);
        }
        if let Ok(p) = ParseOptions::new().length_unit(LengthUnit::Bytes).trim_line_end(true).parse(&s) {
            exercise(&p);
        }
    }

    #[test]
    fn no_panic_on_any_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(p) = Payload::parse_bytes(&b) {
            exercise(&p);
        }
    }

    /// Payload-shaped noise reaches deeper than random text: digits and headers.
    #[test]
    fn no_panic_on_tlv_shaped_strings(s in "([0-9]{2}[0-9]{2}[A-Za-z0-9 最佳]{0,12}){0,30}(6304[0-9A-F]{4})?") {
        if let Ok(p) = Payload::parse(&s) {
            exercise(&p);
        }
    }

    /// Mutations of a valid payload: replace, delete or insert characters anywhere.
    #[test]
    fn no_panic_on_mutations(edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, "\\PC"), 1..6)) {
        let mut chars: Vec<char> = EXAMPLE.chars().collect();
        for (at, op, ch) in edits {
            let i = at.index(chars.len().max(1));
            let c = ch.chars().next().unwrap_or('0');
            match op {
                0 if i < chars.len() => chars[i] = c,
                1 if i < chars.len() => { chars.remove(i); }
                _ => chars.insert(i.min(chars.len()), c),
            }
        }
        let s: String = chars.into_iter().collect();
        for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
            if let Ok(p) = ParseOptions::new().length_unit(unit).parse(&s) {
                exercise(&p);
            }
        }
    }
}

/// The same substitution property, exhaustively, on the EMVCo example: 248 positions, every
/// printable ASCII character.
#[test]
fn every_substitution_of_the_example_is_rejected() {
    let crc_at = EXAMPLE.len() - 4;
    for (i, orig) in EXAMPLE.char_indices().filter(|(_, c)| c.is_ascii()) {
        for c in (0x20u8..0x7F).map(char::from) {
            if c == orig {
                continue;
            }
            let mut s = String::with_capacity(EXAMPLE.len());
            s.push_str(&EXAMPLE[..i]);
            s.push(c);
            s.push_str(&EXAMPLE[i + 1..]);
            let ok = Payload::parse(&s).is_ok();
            let case_only = i >= crc_at && orig.eq_ignore_ascii_case(&c);
            assert_eq!(ok, case_only, "substituting {c:?} at {i}");
        }
    }
}

/// Bytes to append after a payload's CRC: anything at all, payload-shaped data objects (an
/// account template, an amount, a second CRC), whitespace and line ends.
fn tail() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 1..48),
        "([0-9]{4}[A-Za-z0-9 .@]{0,12}){1,3}".prop_map(String::into_bytes),
        "(26|54|63|80)[0-9]{2}[A-Za-z0-9.]{0,20}".prop_map(String::into_bytes),
        "[\r\n \t]{1,4}".prop_map(String::into_bytes),
        "[\r\n]{0,3}[^\r\n][\r\n]{0,3}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Nothing the CRC does not cover is read: any bytes after a valid payload's CRC object make
    /// it unreadable, with MPM-CRC-4 at the first of them (or MPM-UTF-1 when they are not
    /// UTF-8). With `trim_line_end`, a tail of only CR and LF is removed, and nothing else is.
    #[test]
    fn anything_after_the_crc_is_unreadable(s in spec(), tail in tail()) {
        let text = build(&s);
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(&tail);
        let e = Payload::parse_bytes(&bytes).unwrap_err();
        if std::str::from_utf8(&bytes).is_ok() {
            prop_assert_eq!((e.rule().id(), e.offset()), ("MPM-CRC-4", text.len()));
        } else {
            prop_assert_eq!(e.rule().id(), "MPM-UTF-1");
        }
        let trimmed = ParseOptions::new().trim_line_end(true).parse_bytes(&bytes);
        let line_end_only = tail.iter().all(|b| matches!(b, b'\r' | b'\n'));
        prop_assert_eq!(trimmed.is_ok(), line_end_only, "{:?}", tail);
        if let Ok(p) = trimmed {
            prop_assert_eq!(p.as_str(), text.as_str());
        }
    }
}
