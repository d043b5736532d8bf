//! Property tests for legacy codes: generated codes of every form attribute and round-trip
//! through the unified code byte for byte; no panic on any text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::unified::{Merchant, from_unified, to_unified};
use proptest::prelude::*;

fn case(s: &str, upper: bool) -> String {
    if upper {
        s.to_ascii_uppercase()
    } else {
        s.to_owned()
    }
}

/// A generated code of one of the registered forms, with its issuer.
fn legacy_code() -> impl Strategy<Value = (String, &'static str)> {
    prop_oneof![
        "[A-Za-z0-9_-]{32}".prop_map(|t| (format!("wxp://f2f0{t}"), "wechat-pay")),
        prop_oneof!["[A-Za-z0-9_-]{32}", "[A-Za-z0-9_-]{64}"].prop_map(|t| (format!("wxp://f2f1{t}"), "wechat-pay")),
        "[A-Za-z0-9%]{8,60}".prop_map(|t| (format!("https://wx.tenpay.com/f2f?t={t}"), "wechat-pay")),
        "[A-Za-z0-9]{4,20}".prop_map(|t| (format!("weixin://wxpay/bizpayurl?pr={t}"), "wechat-pay")),
        ("[a-z]{3}[0-9]{5}[a-z0-9]{14,16}", any::<bool>())
            .prop_map(|(t, up)| (format!("{}{}", case("https://qr.alipay.com/", up), case(&t, up)), "alipay")),
        ("[0-9]{8}", "[0-9]{32}").prop_map(|(a, b)| (format!("https://qr.95516.com/{a}/{b}"), "unionpay")),
        ("[0-9]{5,12}", "[0-9A-F]{64}", "[A-Za-z0-9%.]{0,30}").prop_map(|(u, ac, n)| {
            (format!("https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u={u}&ac={ac}&n={n}&f=wallet"), "qq-wallet")
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn generated_codes_attribute_and_round_trip((code, issuer) in legacy_code()) {
        let c = LegacyCode::parse(&code).unwrap();
        prop_assert_eq!(c.issuer().id(), issuer);
        prop_assert_eq!(c.to_string(), code.clone());
        let mut buf = [0u8; 1024];
        let unified = to_unified(&[c], &Merchant::default(), &mut buf).unwrap().to_owned();
        let p = Payload::parse(&unified).unwrap();
        prop_assert!(p.is_conformant(), "{:?}", p.validate());
        let mut back = Vec::new();
        from_unified(&p, &mut |t| back.push(t.to_owned())).unwrap();
        prop_assert_eq!(back, vec![code]);
    }

    /// Several codes of different issuers in one unified code come back in order.
    #[test]
    fn aggregated_codes_round_trip(codes in proptest::collection::vec(legacy_code(), 1..4)) {
        let mut seen = Vec::new();
        let codes: Vec<String> = codes.into_iter().filter(|(_, i)| {
            let new = !seen.contains(i);
            seen.push(*i);
            new
        }).map(|(c, _)| c).collect();
        let parsed: Vec<LegacyCode<'_>> = codes.iter().map(|c| LegacyCode::parse(c).unwrap()).collect();
        let mut buf = [0u8; 1024];
        let unified = match to_unified(&parsed, &Merchant::default(), &mut buf) {
            Ok(u) => u.to_owned(),
            // Several long codes can exceed the 512-byte payload: a clear error, never a panic.
            Err(e) => { prop_assert_eq!(e.rule().id(), "UNI-LEN-1"); return Ok(()); }
        };
        let p = Payload::parse(&unified).unwrap();
        let mut back = Vec::new();
        from_unified(&p, &mut |t| back.push(t.to_owned())).unwrap();
        prop_assert_eq!(back, codes);
    }

    #[test]
    fn no_panic_on_any_text(s in "\\PC{0,200}") {
        if let Ok(c) = LegacyCode::parse(&s) {
            let _ = (c.issuers(), c.variable(), c.fixed(), format!("{c:?}"));
        }
        let mut buf = [0u8; 1024];
        let _ = paycode::route::route("unionpay", &s, &mut buf);
        let mut sbuf = [0u8; paycode::cpm::MAX_DECODED_LEN];
        let scanned = paycode::scan::scan(&s, &mut sbuf);
        let _ = (scanned.form(), scanned.issuers());
    }

    #[test]
    fn no_panic_on_url_shaped_text(s in "(https?|wxp|weixin)://(qr\\\\.alipay\\\\.com|qr\\\\.95516\\\\.com|wx\\\\.tenpay\\\\.com|[a-z.]{0,12})[/?#&=%A-Za-z0-9@:._-]{0,80}") {
        if let Ok(c) = LegacyCode::parse(&s) {
            let mut buf = [0u8; 1024];
            let _ = to_unified(&[c], &Merchant::default(), &mut buf);
        }
    }
}
