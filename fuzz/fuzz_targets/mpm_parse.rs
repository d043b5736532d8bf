//! Parse and validate arbitrary bytes as a merchant-presented payload, under both length
//! units; every accessor must answer without panicking, and re-encoding must give the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::mpm::{LengthUnit, ParseOptions};

fuzz_target!(|data: &[u8]| {
    for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
        let Ok(p) = ParseOptions::new().length_unit(unit).parse_bytes(data) else {
            continue;
        };
        let mut n = 0;
        p.validate_with(&mut |v| {
            assert!(!v.rule().id().is_empty());
            n += 1;
        });
        assert_eq!(n == 0, p.is_conformant());
        let _ = (
            p.merchant_name(),
            p.currency(),
            p.amount(),
            p.country(),
            p.initiation(),
        );
        for a in p.merchant_accounts() {
            let _ = a.guid();
        }
        if let Some(Ok(t)) = p.additional_data() {
            for o in t.objects() {
                let _ = t.template(o.id());
            }
        }
        for t in p.unreserved_templates().flatten() {
            let _ = t.objects().count();
        }
        let mut buf = vec![0u8; data.len()];
        assert_eq!(
            p.encode_into(&mut buf).expect("buffer fits").as_bytes(),
            data
        );
    }
});
