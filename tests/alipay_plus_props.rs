//! Property tests for Alipay+ merchant codes (`HTTPS://<domain>/MPM/3/<base64>`): no panic on
//! any input, every error names an `APL-` rule and an offset inside its input, and codes built
//! here from random objects read back with the same domain, objects and sub-objects.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN, looks_like_alipay_plus};
use proptest::prelude::*;

/// Standard base64 with padding (RFC 4648 §4), written here independently of the reader.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Writes `+`, `/` and `=` as percent escapes, each one or not as `mask`'s bits say, in either
/// hex case: the reader takes both spellings.
fn escape(b64: &str, mask: u64) -> String {
    let mut out = String::new();
    for (i, c) in b64.chars().enumerate() {
        let escaped = (mask >> (i % 64)) & 1 == 1;
        let lower = (mask >> ((i + 7) % 64)) & 1 == 1;
        match (c, escaped) {
            ('+', true) => out.push_str(if lower { "%2b" } else { "%2B" }),
            ('/', true) => out.push_str(if lower { "%2f" } else { "%2F" }),
            ('=', true) => out.push_str("%3D"),
            _ => out.push(c),
        }
    }
    out
}

/// A data object to build: an ID and either a raw value or sub-objects.
#[derive(Debug, Clone)]
enum Value {
    Raw(String),
    Subs(Vec<(u8, String)>),
}

fn encode_value(v: &Value) -> String {
    match v {
        Value::Raw(s) => s.clone(),
        Value::Subs(subs) => subs
            .iter()
            .map(|(id, s)| format!("{id:02}{:02}{s}", s.len()))
            .collect(),
    }
}

fn gpld(objects: &[(String, Value)]) -> String {
    let body: String = objects
        .iter()
        .map(|(id, v)| {
            let value = encode_value(v);
            format!("{id}{:03}{value}", value.len())
        })
        .collect();
    format!("GPLD{:03}{body}", body.len())
}

fn domain() -> impl Strategy<Value = String> {
    let label = "[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?";
    (
        prop::collection::vec(label, 1..4),
        "[A-Za-z][A-Za-z0-9]{0,5}",
    )
        .prop_map(|(mut labels, top)| {
            labels.push(top);
            labels.join(".")
        })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[ -~]{0,40}".prop_map(Value::Raw),
        prop::collection::vec((0u8..100, "[ -~]{0,30}"), 1..5).prop_map(Value::Subs),
    ]
}

fn objects() -> impl Strategy<Value = Vec<(String, Value)>> {
    let id = prop_oneof![
        Just("PLVS".to_owned()),
        Just("CDSD".to_owned()),
        Just("CIRD".to_owned()),
        "[A-Z0-9]{4}",
        "[a-z][A-Za-z0-9]{3}",
    ];
    prop::collection::vec((id, value()), 0..8).prop_map(|objects| {
        objects
            .into_iter()
            .map(|(id, v)| {
                // The standard makes CDSD and CIRD composite and PLVS plain.
                let v = match (id.as_str(), v) {
                    ("CDSD" | "CIRD", Value::Raw(s)) => Value::Subs(vec![(1, s)]),
                    ("PLVS", _) => Value::Raw("01".to_owned()),
                    (_, v) => v,
                };
                (id, v)
            })
            .collect()
    })
}

/// Reads a code with a fresh buffer and checks what holds of every outcome: a readable code
/// displays back to its text, its objects sit at their offsets; an error names an `APL-` rule
/// and an offset no further than the end of its input.
fn read_and_check(text: &str) -> Result<(), paycode::Error> {
    let mut buf = vec![0u8; MAX_DECODED_LEN];
    match AlipayPlusMpm::parse(text, &mut buf) {
        Ok(c) => {
            assert_eq!(c.to_string(), text);
            assert!(looks_like_alipay_plus(text));
            assert!(text.contains(c.domain()) && text.ends_with(c.encoded_payload()));
            let p = c.payload();
            for o in c.objects() {
                assert_eq!(&p[o.offset()..o.offset() + 4], o.id());
                assert_eq!(
                    &p[o.value_offset()..o.value_offset() + o.value().len()],
                    o.value()
                );
                for s in o.sub_objects().into_iter().flatten() {
                    assert_eq!(&p[s.offset()..s.offset() + 2], s.id());
                }
            }
            assert_eq!(c.issuers().first().map(|i| i.id()), Some("alipay-plus"));
            let _ = (format!("{c:?}"), c.version());
            Ok(())
        }
        Err(e) => {
            let rule = e.rule().unwrap().id();
            assert!(rule.starts_with("APL-"), "{rule}");
            // Text rules count bytes of the text; the others, bytes of the decoded payload,
            // which is never longer than the text.
            assert!(e.offset().unwrap() <= text.len(), "{e}");
            Err(e)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_never_panics(s in "\\PC{0,200}") {
        let _ = read_and_check(&s);
    }

    #[test]
    fn url_shaped_text_never_panics(
        scheme in prop_oneof![Just("https://"), Just("HTTPS://"), Just("http://"), Just("")],
        host in "[A-Za-z0-9.:@-]{0,20}",
        path in prop_oneof![Just("/MPM/3/"), Just("/mpm/3/"), Just("/MPM/3"), Just("/")],
        payload in "[A-Za-z0-9+/=%_-]{0,80}",
    ) {
        let _ = read_and_check(&format!("{scheme}{host}{path}{payload}"));
    }

    #[test]
    fn any_decoded_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 1..300)) {
        // Arbitrary payload bytes behind a good URL: the payload rules alone decide.
        let text = format!("https://qr.example.com/MPM/3/{}", base64(&bytes));
        let r = read_and_check(&text);
        if let Err(e) = r {
            prop_assert!(!e.rule().unwrap().id().starts_with("APL-URL"), "{}", e);
            prop_assert!(e.rule().unwrap().id() != "APL-B64-1", "{}", e);
        }
    }

    #[test]
    fn built_codes_read_back(
        domain in domain(),
        objects in objects(),
        mask in any::<u64>(),
        https in prop_oneof![Just("https"), Just("HTTPS"), Just("Https")],
    ) {
        let payload = gpld(&objects);
        prop_assume!(payload.len() <= MAX_DECODED_LEN);
        let text = format!("{https}://{domain}/MPM/3/{}", escape(&base64(payload.as_bytes()), mask));
        let mut buf = vec![0u8; MAX_DECODED_LEN];
        let c = AlipayPlusMpm::parse(&text, &mut buf).unwrap();
        prop_assert_eq!(c.domain(), domain.as_str());
        prop_assert_eq!(c.payload(), payload.as_str());
        prop_assert_eq!(c.to_string(), text.clone());
        let read: Vec<_> = c.objects().collect();
        prop_assert_eq!(read.len(), objects.len());
        for (o, (id, v)) in read.iter().zip(&objects) {
            prop_assert_eq!(o.id(), id.as_str());
            prop_assert_eq!(o.value(), encode_value(v));
            match v {
                Value::Subs(subs) => {
                    let got: Vec<(String, String)> = o
                        .sub_objects()
                        .unwrap()
                        .map(|s| (s.id().to_owned(), s.value().to_owned()))
                        .collect();
                    let want: Vec<(String, String)> =
                        subs.iter().map(|(i, s)| (format!("{i:02}"), s.clone())).collect();
                    prop_assert_eq!(got, want);
                }
                Value::Raw(_) if id == "PLVS" => prop_assert!(o.sub_objects().is_none()),
                Value::Raw(_) => {}
            }
        }
        prop_assert!(read_and_check(&text).is_ok());
        // One byte too few in the buffer is refused, not overrun.
        let mut small = vec![0u8; payload.len() - 1];
        let e = AlipayPlusMpm::parse(&text, &mut small).unwrap_err();
        prop_assert_eq!(
            e,
            paycode::Error::BufferTooSmall(paycode::BufferTooSmall { needed: payload.len(), available: payload.len() - 1 })
        );
    }

    #[test]
    fn a_changed_character_is_read_or_refused(
        objects in objects(),
        at in any::<prop::sample::Index>(),
        c in "[ -~]",
    ) {
        let payload = gpld(&objects);
        prop_assume!(payload.len() <= MAX_DECODED_LEN);
        let mut text = format!("https://qr.example.com/MPM/3/{}", base64(payload.as_bytes()));
        let i = at.index(text.len());
        text.replace_range(i..=i, &c);
        let _ = read_and_check(&text);
    }
}

#[test]
fn the_encoder_here_agrees_with_the_standards_sample() {
    // The sample of the Alipay+ Code Scanning Payment Standards: the test's encoder makes it.
    let text = "GPLD095PLVS00201CDSD0330114SAMPLEPLATFORM0211SAMPLEMERIDCIRD0390112SAMPLEISSUER0202120313MINIPROGRAMID";
    assert_eq!(
        base64(text.as_bytes()),
        "R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE"
    );
    assert_eq!(base64(b"GPLD000"), "R1BMRDAwMA==");
    assert_eq!(base64(b"GPLD0000"), "R1BMRDAwMDA=");
}
