//! Round trips. For any readable payload: `encode(parse(s)) == s`; its serde form parses back
//! to the same payload; and a conformant payload rebuilt through the `Builder` keeps every
//! object, byte for byte when it was already in the builder's canonical order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::mpm::{Builder, Payload};

fuzz_target!(|data: &[u8]| {
    let Ok(p) = Payload::parse_bytes(data) else {
        return;
    };
    let s = p.as_str();
    assert_eq!(p.encode_to_string().expect("encodes"), s);
    assert_eq!(Payload::parse(&p.to_string()).expect("reparses"), p);

    let json = serde_json::to_string(&p).expect("serializes");
    if !s.contains(['"', '\\']) && !s.chars().any(char::is_control) {
        let back: Payload<'_> = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, p);
    }

    if p.is_conformant() {
        let mut b = Builder::new();
        for o in p.objects().filter(|o| o.id() != 63) {
            b.set(o.id(), o.value());
        }
        let rebuilt = b
            .to_payload_string()
            .expect("a conformant payload rebuilds");
        let q = Payload::parse(&rebuilt).expect("builder output parses");
        for o in p.objects().filter(|o| o.id() != 63) {
            assert_eq!(q.get(o.id()).map(|x| x.value()), Some(o.value()));
        }
        let ids: Vec<u8> = p.objects().map(|o| o.id()).filter(|&id| id != 63).collect();
        let canonical = ids.windows(2).all(|w| w[0] < w[1]);
        if canonical {
            assert_eq!(rebuilt, s, "a canonical payload rebuilt differently");
        }
    }
});
