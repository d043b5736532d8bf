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
        "([A-Za-z0-9]|%[0-9A-F]{2}){8,20}".prop_map(|t| (format!("https://wx.tenpay.com/f2f?t={t}"), "wechat-pay")),
        "[A-Za-z0-9]{4,20}".prop_map(|t| (format!("weixin://wxpay/bizpayurl?pr={t}"), "wechat-pay")),
        ("[a-z]{3}[0-9]{5}[a-z0-9]{14,16}", any::<bool>())
            .prop_map(|(t, up)| (format!("{}{}", case("https://qr.alipay.com/", up), case(&t, up)), "alipay")),
        ("[0-9]{8}", "[0-9]{32}").prop_map(|(a, b)| (format!("https://qr.95516.com/{a}/{b}"), "unionpay")),
        ("[0-9]{5,12}", "[0-9A-F]{64}", "([A-Za-z0-9.]|%[0-9A-F]{2}){0,10}").prop_map(|(u, ac, n)| {
            (format!("https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u={u}&ac={ac}&n={n}&f=wallet"), "qq-wallet")
        }),
        new_form_code(),
    ]
}

/// A generated code of one of the forms the real shapes brought (research notes §1-§8).
fn new_form_code() -> impl Strategy<Value = (String, &'static str)> {
    prop_oneof![
        (
            "[0-9]{8}",
            "[A-Za-z0-9-]{1,64}",
            proptest::option::of("[A-Za-z0-9-]{1,20}"),
            proptest::option::of("[a-z_]{1,8}=[A-Za-z0-9_-]{0,20}")
        )
            .prop_map(|(i, t, t2, q)| {
                let t2 = t2.map(|x| format!("/{x}")).unwrap_or_default();
                let q = q.map(|x| format!("?{x}")).unwrap_or_default();
                (format!("https://qr.95516.com/{i}/{t}{t2}{q}"), "unionpay")
            }),
        "[0-9]{39}".prop_map(|d| (format!("https://qr.pbcdci.cn/{d}"), "e-cny")),
        ("[A-Z0-9]{4}", "[0-9]{22}").prop_map(|(a, b)| (
            format!("https://qr.chinaums.com/bills/qrCode.do?id={a}{b}"),
            "chinaums"
        )),
        "[0-9]{20}".prop_map(|d| (format!("https://qr.shouqianba.com/{d}"), "shouqianba")),
        "[A-Za-z0-9]{4,32}".prop_map(|t| (
            format!("weixin://wxpay/bizpayurl/up?pr={t}&groupid=00"),
            "wechat-pay"
        )),
        "[0-9a-f]{64}".prop_map(|t| (format!("https://h5pay.jd.com/c2cIndex?t={t}"), "jd-pay")),
        "[0-9]{22}".prop_map(|d| (
            format!("https://ibsbjstar.ccb.com.cn/CCBIS/QR?QRCODE=CCB{d}"),
            "ccb"
        )),
    ]
}

/// Percent-encodes every byte but the unreserved ones, as the wrappers' builders do.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const WRAPPERS: &[&str] = &[
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=",
    "alipays://platformapi/startapp?saId=10000007&qrcode=",
    "alipayqr://platformapi/startapp?saId=10000007&qrcode=",
    "https://render.alipay.com/p/s/i?scheme=",
];

/// Content for a wrapper: a real code, a wrapper of one, a URL-shaped string or any text.
fn content() -> impl Strategy<Value = String> {
    prop_oneof![
        legacy_code().prop_map(|(c, _)| c),
        (0..WRAPPERS.len(), legacy_code()).prop_map(|(w, (c, _))| format!(
            "{}{}",
            WRAPPERS[w],
            encode(&c)
        )),
        "(https?|wxp|weixin|alipays)://[a-z0-9.@:-]{0,24}[/?#&=%A-Za-z0-9._-]{0,60}",
        "\\PC{0,80}",
    ]
}

/// The registered (scheme, host) pairs, read from the registry.
fn registered_hosts() -> Vec<(String, String)> {
    let reg: serde_json::Value =
        serde_json::from_str(include_str!("../spec/registry.json")).unwrap();
    let mut out = Vec::new();
    for i in reg["issuers"].as_array().unwrap() {
        for f in i["legacy_forms"].as_array().into_iter().flatten() {
            if let Some(h) = f["host"].as_str() {
                out.push((
                    f["scheme"].as_str().unwrap().to_owned(),
                    h.to_ascii_lowercase(),
                ));
            }
        }
    }
    out
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
            Err(e) => { prop_assert_eq!(e.rule().unwrap().id(), "UNI-LEN-1"); return Ok(()); }
        };
        let p = Payload::parse(&unified).unwrap();
        let mut back = Vec::new();
        from_unified(&p, &mut |t| back.push(t.to_owned())).unwrap();
        prop_assert_eq!(back, codes);
    }

    /// No wrapper of random content is attributed unless its content is: an attributable code
    /// that is no wrapper (or, for render.alipay.com, a launcher of one).
    #[test]
    fn wrappers_are_attributed_only_for_what_they_carry(w in 0..WRAPPERS.len(), c in content(), encoded in any::<bool>()) {
        let text = format!("{}{}", WRAPPERS[w], if encoded { encode(&c) } else { c.clone() });
        let inner = LegacyCode::parse(&c);
        // The gateway carries any issuer's code; Alipay's launchers and render carry Alipay's.
        let carried_ok = match &inner {
            Ok(i) if w > 0 && i.issuer().id() != "alipay" => false,
            Ok(i) if !i.is_wrapper() => true,
            Ok(i) => w == 3 && i.form_id().starts_with("alipay-launcher"),
            Err(_) => false,
        };
        match LegacyCode::parse(&text) {
            Ok(code) => {
                prop_assert!(carried_ok, "{text} attributed, carrying {c:?}: {inner:?}");
                prop_assert!(code.is_wrapper());
                let mut buf = vec![0u8; paycode::legacy::MAX_LEN];
                let plain = code.plain(&mut buf).unwrap().unwrap();
                prop_assert!(!plain.is_wrapper());
                let ids: Vec<_> = code.issuers().iter().collect();
                prop_assert!(plain.issuers().iter().all(|i| ids.contains(&i)));
            }
            // Encoded, an attributable carried code makes an attributable wrapper (when both fit).
            Err(e) => prop_assert!(
                !(encoded && carried_ok) || text.len() > paycode::legacy::MAX_LEN,
                "{text} refused ({e}) though it carries {c}"
            ),
        }
    }

    /// No host but a registered one is attributed: a registered code with its host changed
    /// (labels added before or after, a character changed, dropped or added) is refused.
    #[test]
    fn no_random_host_is_attributed((code, _) in legacy_code(), edit in 0..4usize, label in "[a-z0-9-]{1,10}", at in any::<prop::sample::Index>()) {
        let parsed = LegacyCode::parse(&code).unwrap();
        let after = code.find("://").unwrap() + 3;
        let end = code[after..].find(['/', '?']).map_or(code.len(), |e| after + e);
        let host = &code[after..end];
        prop_assume!(!host.is_empty());
        let i = at.index(host.len());
        let new_host = match edit {
            0 => format!("{label}.{host}"),
            1 => format!("{host}.{label}"),
            2 => format!("{}{}{}", &host[..i], label, &host[i + 1..]),
            _ => format!("{}{}", &host[..i], &host[i + 1..]),
        };
        let scheme = &code[..after - 3];
        let hosts = registered_hosts();
        // Host-less forms (wxp://f2f0…) have no host to change.
        prop_assume!(hosts.iter().any(|(s, h)| s == scheme && *h == host.to_ascii_lowercase()));
        prop_assume!(!hosts.iter().any(|(s, h)| s.eq_ignore_ascii_case(scheme) && *h == new_host.to_ascii_lowercase()));
        let mutated = format!("{}{}{}", &code[..after], new_host, &code[end..]);
        match LegacyCode::parse(&mutated) {
            Ok(c) => prop_assert!(false, "{mutated} attributed to {} (was {})", c.issuer(), parsed.issuer()),
            Err(e) => prop_assert!(["LEG-HOST-1", "LEG-FORM-1", "LEG-URL-1"].contains(&e.rule().id()), "{mutated}: {e}"),
        }
    }

    #[test]
    fn no_panic_on_any_text(s in "\\PC{0,200}") {
        if let Ok(c) = LegacyCode::parse(&s) {
            let _ = (c.issuers(), c.variable(), c.fixed(), format!("{c:?}"));
        }
        let mut buf = [0u8; 1024];
        let _ = paycode::route::route("unionpay".parse().unwrap(), &s, &mut buf);
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
