//! Legacy codes: any text is attributed or refused with a LEG rule; an attributed code goes
//! into a unified code and comes back byte for byte (or fails with a UNI rule); routing never
//! panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::legacy::LegacyCode;
use paycode::unified::{Merchant, from_unified, to_unified};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut route_buf = [0u8; 4096];
    let _ = paycode::route::route(
        "unionpay".parse().expect("a registry ID"),
        text,
        &mut route_buf,
    );
    let code = match LegacyCode::parse(text) {
        Ok(c) => c,
        Err(e) => {
            assert!(e.rule().id().starts_with("LEG-"));
            return;
        }
    };
    assert_eq!(code.to_string(), text);
    let mut buf = [0u8; 1024];
    match to_unified(&[code], &Merchant::default(), &mut buf) {
        Ok(unified) => {
            let p = paycode::mpm::Payload::parse(unified).expect("a unified code parses");
            assert!(p.is_conformant());
            let mut back = Vec::new();
            from_unified(&p, &mut |t| back.push(t.to_owned())).expect("recovers");
            assert_eq!(back, [text]);
        }
        Err(e) => assert!(
            e.rule()
                .expect("a rule: the buffer holds any code")
                .id()
                .starts_with("UNI-")
        ),
    }
});
