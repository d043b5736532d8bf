//! Property tests for issuing: random merchants give conformant unified codes whose fields
//! read back as given; random static payloads made dynamic keep every other object as read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::legacy::LegacyCode;
use paycode::mpm::{Builder, Initiation, Payload};
use paycode::unified::{
    AlternateLanguage, Amount, Merchant, from_unified, to_unified, with_amount,
};
use proptest::prelude::*;

const WX: &str = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
const ALI: &str = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";

/// Currencies with their minor units, numeric and alphabetic, as ISO 4217 gives them.
const CURRENCIES: [(&str, &str, u8); 6] = [
    ("156", "CNY", 2),
    ("392", "JPY", 0),
    ("048", "BHD", 3),
    ("344", "HKD", 2),
    ("990", "CLF", 4),
    ("446", "MOP", 2),
];

/// Printable ASCII (ans) without leading or trailing blanks, `n` characters at most.
fn ans(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[!-~]([ -~]{{0,{}}}[!-~])?",
        max.saturating_sub(2)
    ))
    .unwrap()
}

/// Any text of 1 to `max` characters, Chinese above all (format S).
fn text_s(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::char::range('\u{4e00}', '\u{9fa5}'),
            1 => proptest::char::range('!', '~'),
            1 => Just('·'),
        ],
        1..=max,
    )
    .prop_map(|v| v.into_iter().collect())
}

#[derive(Debug, Clone)]
struct Given {
    name: Option<String>,
    city: Option<String>,
    mcc: Option<String>,
    currency: Option<(usize, bool)>,
    minor: Option<u64>,
    reference: Option<String>,
    terminal: Option<String>,
    alternate: Option<(String, String, Option<String>)>,
}

fn given() -> impl Strategy<Value = Given> {
    (
        (
            proptest::option::of(ans(25)),
            proptest::option::of(ans(15)),
            proptest::option::of("[0-9]{4}"),
            proptest::option::of((0..CURRENCIES.len(), any::<bool>())),
        ),
        (
            // 1 to 10^11 - 1: at most 13 characters with a point and up to four decimals.
            proptest::option::of(1u64..100_000_000_000),
            proptest::option::of(ans(25)),
            proptest::option::of(ans(25)),
            proptest::option::of(("[a-zA-Z]{2}", text_s(25), proptest::option::of(text_s(15)))),
        ),
    )
        .prop_map(
            |((name, city, mcc, currency), (minor, reference, terminal, alternate))| Given {
                name,
                city,
                mcc,
                currency,
                minor,
                reference,
                terminal,
                alternate,
            },
        )
}

/// `minor` minor units in a currency of `units` decimals, as text.
fn decimal(minor: u64, units: u8) -> String {
    if units == 0 {
        return minor.to_string();
    }
    let s = format!("{minor:0>width$}", width = usize::from(units) + 1);
    let (int, frac) = s.split_at(s.len() - usize::from(units));
    format!("{int}.{frac}")
}

/// A conformant static payload of random shape: some optional objects, an order that is not
/// always ascending, and non-ASCII text in template 64.
fn static_payload() -> impl Strategy<Value = String> {
    (
        proptest::option::of(Just("11")),
        ans(25),
        proptest::option::of(ans(10)),
        proptest::option::of(("[a-zA-Z]{2}", text_s(25))),
        proptest::option::of(ans(25)),
        proptest::option::of("[1-9][0-9]{0,5}(\\.[0-9]{2})?"),
        0..CURRENCIES.len(),
    )
        .prop_map(|(poi, name, postal, lang, bill, amount, ccy)| {
            let acct = [(0u8, "com.example.pay"), (1, "M-0001")];
            let mut b = Builder::new();
            if let Some(p) = poi {
                b.set(1, p);
            }
            b.template(26, &acct)
                .merchant_category_code("5812")
                .currency(CURRENCIES[ccy].0)
                .country("CN")
                .merchant_name(&name)
                .merchant_city("BEIJING");
            if let Some(p) = &postal {
                b.postal_code(p);
            }
            let l;
            if let Some((code, n)) = &lang {
                l = [(0u8, code.as_str()), (1, n.as_str())];
                b.language(&l);
            }
            let adf;
            if let Some(bill) = &bill {
                adf = [(1u8, bill.as_str())];
                b.additional_data(&adf);
            }
            if let Some(a) = &amount {
                b.amount(a);
            }
            let mut buf = [0u8; Builder::MAX_LEN];
            b.encode_into(&mut buf).unwrap().to_owned()
        })
}

/// The root objects other than 01, 54 and 63, in order.
fn others(p: &Payload<'_>) -> Vec<(u8, String)> {
    p.objects()
        .filter(|o| !matches!(o.id(), 1 | 54 | 63))
        .map(|o| (o.id(), o.value().to_owned()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_merchants_give_conformant_codes_that_read_back(g in given()) {
        let codes = [LegacyCode::parse(WX).unwrap(), LegacyCode::parse(ALI).unwrap()];
        let (ccy, units) = match g.currency {
            Some((i, alpha)) => {
                let (n, a, u) = CURRENCIES[i];
                (Some(if alpha { a } else { n }), u)
            }
            None => (None, 2),
        };
        let m = Merchant {
            name: g.name.as_deref(),
            city: g.city.as_deref(),
            mcc: g.mcc.as_deref(),
            currency: ccy,
            amount: g.minor.map(Amount::Minor),
            reference: g.reference.as_deref(),
            terminal: g.terminal.as_deref(),
            alternate: g.alternate.as_ref().map(|(l, n, c)| AlternateLanguage {
                language: l,
                name: n,
                city: c.as_deref(),
            }),
        };
        let mut buf = [0u8; Builder::MAX_LEN];
        let s = match to_unified(&codes, &m, &mut buf) {
            Ok(s) => s.to_owned(),
            // Only size can fail: every field is within its rule.
            Err(e) => {
                prop_assert_eq!(e.rule().unwrap().id(), "MPM-SIZE-1", "{}", e);
                return Ok(());
            }
        };
        let p = Payload::parse(&s).unwrap();
        prop_assert!(p.is_conformant(), "{:?}", p.validate());
        prop_assert_eq!(p.merchant_name(), Some(g.name.as_deref().unwrap_or("MERCHANT")));
        prop_assert_eq!(p.merchant_city(), Some(g.city.as_deref().unwrap_or("CHINA")));
        let mcc = g.mcc.as_deref().unwrap_or("0000");
        prop_assert_eq!(p.get(52).map(|o| o.value()), Some(mcc));
        let numeric = g.currency.map_or("156", |(i, _)| CURRENCIES[i].0);
        prop_assert_eq!(p.currency_code(), Some(numeric));
        prop_assert_eq!(p.amount().map(|a| a.as_str().to_owned()), g.minor.map(|n| decimal(n, units)));
        prop_assert_eq!(p.amount().and_then(|a| a.to_minor_units(units)), g.minor);
        let want = if g.minor.is_some() { Initiation::Dynamic } else { Initiation::Static };
        prop_assert_eq!(p.initiation(), Some(want));
        let adf = p.additional_data().map(Result::unwrap);
        let sub = |id| adf.as_ref().and_then(|t| t.get(id)).map(|o| o.value());
        prop_assert_eq!(sub(5), g.reference.as_deref());
        prop_assert_eq!(sub(7), g.terminal.as_deref());
        let lang = p.language_template().map(Result::unwrap);
        let lsub = |id| lang.as_ref().and_then(|t| t.get(id)).map(|o| o.value());
        let alt = g.alternate.as_ref();
        prop_assert_eq!(lsub(0), alt.map(|a| a.0.as_str()));
        prop_assert_eq!(lsub(1), alt.map(|a| a.1.as_str()));
        prop_assert_eq!(lsub(2), alt.and_then(|a| a.2.as_deref()));
        let mut back = Vec::new();
        from_unified(&p, &mut |c| back.push(c.to_owned())).unwrap();
        prop_assert_eq!(back, [WX, ALI]);
    }

    #[test]
    fn static_payloads_made_dynamic_keep_everything_else(
        s in static_payload(),
        minor in 1u64..1_000_000_000,
    ) {
        let p = Payload::parse(&s).unwrap();
        prop_assert!(p.is_conformant(), "{:?}", p.validate());
        let mut buf = [0u8; Builder::MAX_LEN];
        let d = match with_amount(&p, Amount::Minor(minor), &mut buf) {
            Ok(d) => d.to_owned(),
            Err(e) => {
                prop_assert_eq!(e.rule().unwrap().id(), "MPM-SIZE-1", "{}", e);
                return Ok(());
            }
        };
        let q = Payload::parse(&d).unwrap();
        prop_assert!(q.is_conformant(), "{:?}", q.validate());
        prop_assert_eq!(q.initiation(), Some(Initiation::Dynamic));
        let units = p.currency().unwrap().minor_units().unwrap();
        prop_assert_eq!(q.amount().and_then(|a| a.to_minor_units(units)), Some(minor));
        prop_assert_eq!(others(&q), others(&p));
        // The bytes of every other object are those of the source, in the same order.
        let raw = |p: &Payload<'_>, text: &str| -> Vec<String> {
            let mut spans: Vec<(usize, u8)> = p.objects().map(|o| (o.offset(), o.id())).collect();
            spans.push((p.crc_offset(), 63));
            spans.windows(2)
                .filter(|w| !matches!(w[0].1, 1 | 54 | 63))
                .map(|w| text[w[0].0..w[1].0].to_owned())
                .collect()
        };
        prop_assert_eq!(raw(&q, &d), raw(&p, &s));
        // And a dynamic code is not the source of another (UNI-DYN-1).
        let mut again_buf = [0u8; Builder::MAX_LEN];
        let again = with_amount(&q, Amount::Minor(minor), &mut again_buf);
        prop_assert_eq!(again.unwrap_err().rule().unwrap().id(), "UNI-DYN-1");
    }
}

/// A conformant payload with one byte changed, or any text: what a service might be handed.
fn mutated_payload() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            static_payload(),
            any::<proptest::sample::Index>(),
            proptest::char::any()
        )
            .prop_map(|(s, at, c)| {
                // One character before the CRC object changed, and the CRC made to match, so
                // that most of these are readable and many are not conformant.
                let mut chars: Vec<char> = s.chars().collect();
                let i = at.index(chars.len() - 8);
                chars[i] = c;
                let mut t: String = chars[..chars.len() - 4].iter().collect();
                let crc = paycode::checksum::crc16(t.as_bytes());
                t.push_str(&format!("{crc:04X}"));
                t
            }),
        ".{0,600}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Any merchant data, Unicode and lengths at random: no panic, and what is returned is
    /// conformant; what is refused names an MPM rule (or UNI-LEN-1 for the buffer).
    #[test]
    fn any_merchant_is_written_conformant_or_refused_by_a_rule(
        fields in proptest::collection::vec(proptest::option::of(".{0,30}"), 9),
        minor in proptest::option::of(any::<u64>()),
    ) {
        let codes = [LegacyCode::parse(WX).unwrap()];
        let f = |i: usize| fields[i].as_deref();
        let m = Merchant {
            name: f(0),
            city: f(1),
            mcc: f(2),
            currency: f(3),
            amount: minor.map(Amount::Minor),
            reference: f(4),
            terminal: f(5),
            alternate: f(6).map(|l| AlternateLanguage { language: l, name: f(7).unwrap_or(""), city: f(8) }),
        };
        let mut buf = [0u8; Builder::MAX_LEN];
        match to_unified(&codes, &m, &mut buf) {
            Ok(s) => {
                let p = Payload::parse(s).unwrap();
                prop_assert!(p.is_conformant(), "{:?}", p.validate());
            }
            Err(e) => prop_assert!(e.rule().unwrap().id().starts_with("MPM-"), "{}", e),
        }
    }

    /// Any payload and amount: no panic; a result is conformant, dynamic and keeps the rest.
    #[test]
    fn any_payload_is_made_dynamic_or_refused_by_a_rule(
        s in mutated_payload(),
        amount in prop_oneof![any::<u64>().prop_map(Amount::Minor), Just(Amount::Decimal("1.5"))],
    ) {
        let Ok(p) = Payload::parse(&s) else { return Ok(()) };
        let mut buf = [0u8; Builder::MAX_LEN];
        match with_amount(&p, amount, &mut buf) {
            Ok(d) => {
                let q = Payload::parse(d).unwrap();
                prop_assert!(q.is_conformant(), "{:?}", q.validate());
                prop_assert_eq!(q.initiation(), Some(Initiation::Dynamic));
                prop_assert_eq!(others(&q), others(&p));
            }
            Err(e) => {
                let id = e.rule().unwrap().id();
                prop_assert!(id.starts_with("MPM-") || id == "UNI-DYN-1", "{}", e);
            }
        }
    }
}
