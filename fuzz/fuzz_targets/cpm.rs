//! EMVCo consumer-presented payloads: any text decodes or fails with a rule; a readable
//! payload encodes back to its text byte for byte, validates without panicking, and a
//! conformant one rebuilt through `CpmBuilder` reads back with the same applications.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::cpm::{Cpm, CpmBuilder, MAX_DECODED_LEN};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut buf = vec![0u8; MAX_DECODED_LEN];
    let p = match Cpm::decode(text, &mut buf) {
        Ok(p) => p,
        Err(e) => {
            assert!(
                e.rule()
                    .expect("a rule: the buffer holds any payload")
                    .id()
                    .starts_with("CPM-")
            );
            return;
        }
    };
    let mut out = vec![0u8; text.len()];
    assert_eq!(p.encode_into(&mut out).expect("fits"), text);
    let _ = format!("{p:?}");
    for a in p.applications() {
        let _ = (a.pan(), a.track2(), a.issuer(), a.label(), a.version());
    }
    if p.is_conformant() && p.objects().all(|t| matches!(t.tag(), 0x85 | 0x61 | 0x62)) {
        let apps: Vec<Vec<(u32, &[u8])>> = p
            .applications()
            .map(|a| a.tlv().children().map(|t| (t.tag(), t.value())).collect())
            .collect();
        let common: Option<Vec<(u32, &[u8])>> = p
            .common_data()
            .map(|c| c.children().map(|t| (t.tag(), t.value())).collect());
        let mut b = CpmBuilder::new();
        for a in &apps {
            b.application(a);
        }
        if let Some(c) = &common {
            b.common_data(c);
        }
        let mut bytes = vec![0u8; MAX_DECODED_LEN * 2];
        let rebuilt = b
            .encode_into(&mut bytes)
            .expect("a conformant payload rebuilds");
        let q = Cpm::parse(rebuilt).expect("reads back");
        assert!(
            q.applications()
                .map(|a| a.aid())
                .eq(p.applications().map(|a| a.aid()))
        );
    }
});
