//! Issuing: any readable payload is made dynamic (conformant, 01 = 12, every other object
//! kept) or refused with a rule; any text as every merchant field is issued conformant or
//! refused with an MPM rule. Nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::legacy::LegacyCode;
use paycode::mpm::{Builder, Initiation, Payload};
use paycode::unified::{AlternateLanguage, Amount, Merchant, to_unified, with_amount};

fn others<'a>(p: &Payload<'a>) -> Vec<(u8, &'a str)> {
    p.objects()
        .filter(|o| !matches!(o.id(), 1 | 54 | 63))
        .map(|o| (o.id(), o.value()))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut buf = [0u8; Builder::MAX_LEN];
    if let Ok(p) = Payload::parse(text) {
        for amount in [
            Amount::Minor(1234),
            Amount::Minor(u64::MAX),
            Amount::Decimal("1.5"),
        ] {
            match with_amount(&p, amount, &mut buf) {
                Ok(d) => {
                    let q = Payload::parse(d).expect("a dynamic code parses");
                    assert!(q.is_conformant());
                    assert_eq!(q.initiation(), Some(Initiation::Dynamic));
                    assert_eq!(others(&q), others(&p));
                }
                Err(e) => {
                    let id = e.rule().expect("a rule: the buffer holds any code").id();
                    assert!(id.starts_with("MPM-") || id == "UNI-DYN-1", "{e}");
                }
            }
        }
    }
    // The text as merchant fields, split on '|'.
    let f: Vec<&str> = text.splitn(9, '|').collect();
    let field = |i: usize| f.get(i).copied();
    let merchant = Merchant {
        name: field(0),
        city: field(1),
        mcc: field(2),
        currency: field(3),
        amount: field(4).map(|a| a.parse().map_or(Amount::Decimal(a), Amount::Minor)),
        reference: field(5),
        terminal: field(6),
        alternate: field(7).map(|l| AlternateLanguage {
            language: l,
            name: field(8).unwrap_or(""),
            city: None,
        }),
    };
    let code = LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L").expect("a code");
    match to_unified(&[code], &merchant, &mut buf) {
        Ok(s) => assert!(
            Payload::parse(s)
                .expect("a unified code parses")
                .is_conformant()
        ),
        Err(e) => assert!(
            e.rule()
                .expect("a rule: the buffer holds any code")
                .id()
                .starts_with("MPM-"),
            "{e}"
        ),
    }
});
