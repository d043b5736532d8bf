//! Wrappers: any content, percent-encoded or not, inside each registered wrapper. A wrapper is
//! attributed only if what it carries is an attributable code that is no wrapper (or, for
//! render.alipay.com, a launcher of one), and Alipay's wrappers only Alipay codes; its plain
//! code decodes, reads and names issuers the
//! wrapper names too; routing decides without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::legacy::{LegacyCode, MAX_LEN};

const WRAPPERS: &[&str] = &[
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=",
    "alipays://platformapi/startapp?saId=10000007&qrcode=",
    "alipayqr://platformapi/startapp?saId=10000007&qrcode=",
    "https://render.alipay.com/p/s/i?scheme=",
];

fn encode(s: &[u8]) -> String {
    s.iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, content)) = data.split_first() else {
        return;
    };
    let wrapper = WRAPPERS[usize::from(selector) % WRAPPERS.len()];
    let raw = selector & 0x80 != 0;
    let body = if raw {
        match std::str::from_utf8(content) {
            Ok(s) => s.to_owned(),
            Err(_) => return,
        }
    } else {
        encode(content)
    };
    let text = format!("{wrapper}{body}");
    let code = match LegacyCode::parse(&text) {
        Ok(c) => c,
        Err(e) => {
            assert!(e.rule().id().starts_with("LEG-"));
            return;
        }
    };
    assert!(code.is_wrapper(), "{text}");
    // Attributed: the content, decoded, is itself attributable.
    let mut buf = vec![0u8; MAX_LEN];
    let inner = code.inner(&mut buf).expect("a wrapper").expect("decodes");
    let carried = LegacyCode::parse(inner).expect("the carried code is attributable");
    if carried.is_wrapper() {
        assert_eq!(
            wrapper, WRAPPERS[3],
            "only render.alipay.com carries a wrapper"
        );
        assert!(carried.form_id().starts_with("alipay-launcher"), "{text}");
    }
    let mut pbuf = vec![0u8; MAX_LEN];
    let plain = code
        .plain(&mut pbuf)
        .expect("a wrapper")
        .expect("the plain code reads");
    assert!(!plain.is_wrapper());
    // Alipay's launchers and render carry Alipay codes only.
    if wrapper != WRAPPERS[0] {
        assert_eq!(plain.issuer().id(), "alipay", "{text}");
    }
    let ids: Vec<_> = code.issuers().iter().collect();
    assert!(plain.issuers().iter().all(|i| ids.contains(&i)));
    let mut route_buf = vec![0u8; 2 * MAX_LEN];
    for wallet in ["unionpay", "wechat-pay", "alipay", "ccb"] {
        let wallet = wallet.parse().expect("a registry ID");
        let _ = paycode::route::route(wallet, &text, &mut route_buf);
    }
});
