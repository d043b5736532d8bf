//! Alipay+ merchant codes: any text reads or fails with an `APL-` rule at an offset inside the
//! input; a readable code displays back to its text, its objects and sub-objects sit at their
//! offsets in the decoded payload, and a buffer one byte short is refused, not overrun.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN, looks_like_alipay_plus};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut buf = vec![0u8; MAX_DECODED_LEN];
    let c = match AlipayPlusMpm::parse(text, &mut buf) {
        Ok(c) => c,
        Err(e) => {
            let rule = e.rule().expect("a rule: the buffer holds any payload");
            assert!(rule.id().starts_with("APL-"));
            assert!(e.offset().is_some_and(|o| o <= text.len()));
            return;
        }
    };
    assert_eq!(c.to_string(), text);
    assert!(looks_like_alipay_plus(text));
    let p = c.payload();
    assert!(p.starts_with("GPLD"));
    for o in c.objects() {
        assert_eq!(&p[o.offset()..o.offset() + 4], o.id());
        assert_eq!(c.get(o.id()).map(|f| f.id()), Some(o.id()));
        for s in o.sub_objects().into_iter().flatten() {
            assert_eq!(&p[s.offset()..s.offset() + 2], s.id());
        }
    }
    let _ = (format!("{c:?}"), c.version(), c.issuers());
    let mut small = vec![0u8; p.len() - 1];
    let e = AlipayPlusMpm::parse(text, &mut small).expect_err("a buffer one byte short");
    assert!(
        matches!(e, paycode::Error::BufferTooSmall(b) if b.needed == p.len()),
        "{e}"
    );
});
