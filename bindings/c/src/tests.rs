//! The statuses and the buffer sizing of every function, called as C calls them.

use super::*;

const WXP: &str = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
const ALI: &str = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";

/// Calls `f` with a buffer of `cap` bytes; returns the status and what was written.
fn with_buf(
    cap: usize,
    f: impl FnOnce(*mut u8, usize, *mut usize) -> i32,
) -> (i32, Vec<u8>, usize) {
    let mut buf = vec![0u8; cap];
    let mut written = usize::MAX;
    let ptr = if cap == 0 {
        core::ptr::null_mut()
    } else {
        buf.as_mut_ptr()
    };
    let status = f(ptr, cap, &mut written);
    let kept = buf.get(..written.min(cap)).unwrap_or_default().to_vec();
    (status, kept, written)
}

fn decode(input: &[u8], reveal: bool, cap: usize) -> (i32, Vec<u8>, usize) {
    with_buf(cap, |out, len, written| {
        // SAFETY: the input and the buffer are live slices of the lengths given.
        unsafe {
            paycode_decode(
                input.as_ptr(),
                input.len(),
                i32::from(reveal),
                out,
                len,
                written,
            )
        }
    })
}

fn text(bytes: &[u8]) -> &str {
    core::str::from_utf8(bytes).unwrap()
}

#[test]
fn decode_writes_the_report_and_sizes_the_buffer() {
    let expected = serde_json::to_string(&Report::new(WXP.as_bytes())).unwrap();
    // Ask for the size first, with no buffer at all.
    let (status, _, needed) = decode(WXP.as_bytes(), false, 0);
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    assert_eq!(needed, expected.len());
    // One byte short is still too small, and says the same size.
    let (status, _, again) = decode(WXP.as_bytes(), false, needed - 1);
    assert_eq!((status, again), (PAYCODE_BUFFER_TOO_SMALL, needed));
    // Exactly the size needed fits.
    let (status, out, written) = decode(WXP.as_bytes(), false, needed);
    assert_eq!((status, written), (PAYCODE_OK, needed));
    assert_eq!(text(&out), expected);
}

#[test]
fn decode_masks_unless_revealed() {
    let (status, out, _) = decode(b"134556781234567890", false, 4096);
    assert_eq!(status, PAYCODE_OK);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["input"], "1345**********7890");
    let (_, out, _) = decode(b"134556781234567890", true, 4096);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["input"], "134556781234567890");
}

#[test]
fn an_unreadable_input_is_reported_in_full() {
    for input in [&b"hello"[..], b"\xff\xfe", b""] {
        let (status, out, _) = decode(input, false, 4096);
        assert_eq!(status, PAYCODE_UNREADABLE, "{input:?}");
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(
            text(&out),
            serde_json::to_string(&Report::new(input)).unwrap()
        );
    }
    let (_, out, _) = decode(b"\xff", false, 4096);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["rule"], "MPM-UTF-1");
}

#[test]
fn null_pointers_are_invalid_arguments() {
    let mut buf = [0u8; 64];
    let mut written = 7usize;
    // SAFETY: every pointer is NULL or a live buffer of the length given.
    unsafe {
        // NULL input with a length.
        let s = paycode_decode(core::ptr::null(), 5, 0, buf.as_mut_ptr(), 64, &mut written);
        assert_eq!((s, written), (PAYCODE_INVALID_ARGUMENT, 0));
        // NULL `written`.
        let s = paycode_decode(
            b"x".as_ptr(),
            1,
            0,
            buf.as_mut_ptr(),
            64,
            core::ptr::null_mut(),
        );
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
        // NULL `out` with a length.
        written = 7;
        let s = paycode_decode(b"x".as_ptr(), 1, 0, core::ptr::null_mut(), 64, &mut written);
        assert_eq!((s, written), (PAYCODE_INVALID_ARGUMENT, 0));
        // A length past isize::MAX is refused before it is read.
        let s = paycode_decode(
            b"x".as_ptr(),
            usize::MAX,
            0,
            buf.as_mut_ptr(),
            64,
            &mut written,
        );
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
        // NULL with length 0 is the empty input, which reads as nothing.
        let s = paycode_decode(
            core::ptr::null(),
            0,
            0,
            core::ptr::null_mut(),
            0,
            &mut written,
        );
        assert_eq!(s, PAYCODE_BUFFER_TOO_SMALL);
        assert!(written > 0);
        let s = paycode_route(
            core::ptr::null(),
            3,
            WXP.as_ptr(),
            WXP.len(),
            buf.as_mut_ptr(),
            64,
            &mut written,
        );
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
        let s = paycode_qr_svg(
            core::ptr::null(),
            1,
            b'M' as c_char,
            1,
            buf.as_mut_ptr(),
            64,
            &mut written,
        );
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
        let s = paycode_from_unified(core::ptr::null(), 1, buf.as_mut_ptr(), 64, &mut written);
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
        let s = paycode_to_unified(
            WXP.as_ptr(),
            WXP.len(),
            core::ptr::null(),
            2,
            core::ptr::null(),
            0,
            buf.as_mut_ptr(),
            64,
            &mut written,
        );
        assert_eq!(s, PAYCODE_INVALID_ARGUMENT);
    }
}

fn to_unified_call(codes: &str, name: Option<&str>, city: Option<&str>) -> (i32, String) {
    let (n_ptr, n_len) = name.map_or((core::ptr::null(), 0), |n| (n.as_ptr(), n.len()));
    let (c_ptr, c_len) = city.map_or((core::ptr::null(), 0), |c| (c.as_ptr(), c.len()));
    let (status, out, _) = with_buf(1024, |out, len, written| {
        // SAFETY: every input is a live str or NULL with 0; the buffer is live.
        unsafe {
            paycode_to_unified(
                codes.as_ptr(),
                codes.len(),
                n_ptr,
                n_len,
                c_ptr,
                c_len,
                out,
                len,
                written,
            )
        }
    });
    (status, String::from_utf8(out).unwrap())
}

fn from_unified_call(payload: &[u8]) -> (i32, String) {
    let (status, out, _) = with_buf(1024, |out, len, written| {
        // SAFETY: the payload and the buffer are live.
        unsafe { paycode_from_unified(payload.as_ptr(), payload.len(), out, len, written) }
    });
    (status, String::from_utf8(out).unwrap())
}

#[test]
fn unified_round_trip() {
    let codes = format!("{WXP}\r\n{ALI}\n");
    let (status, unified) = to_unified_call(&codes, Some("NOODLE HOUSE"), Some("BEIJING"));
    assert_eq!(status, PAYCODE_OK, "{unified}");
    assert!(unified.starts_with("000201"));
    assert!(unified.contains("NOODLE HOUSE"));
    let (status, back) = from_unified_call(unified.as_bytes());
    assert_eq!(status, PAYCODE_OK);
    assert_eq!(back, format!("{WXP}\n{ALI}"));
    // The library writes the same payload.
    let mut buf = [0u8; 1024];
    let wx = LegacyCode::parse(WXP).unwrap();
    let ali = LegacyCode::parse(ALI).unwrap();
    let m = Merchant {
        name: Some("NOODLE HOUSE"),
        city: Some("BEIJING"),
        ..Default::default()
    };
    assert_eq!(unified, to_unified(&[wx, ali], &m, &mut buf).unwrap());
    // The defaults when no name or city is given.
    let (status, unified) = to_unified_call(WXP, None, None);
    assert_eq!(status, PAYCODE_OK);
    assert!(unified.contains("MERCHANT") && unified.contains("CHINA"));
}

#[test]
fn conversions_refuse_with_the_error() {
    // No code at all.
    let (status, e) = to_unified_call("\n\n", None, None);
    assert_eq!(status, PAYCODE_UNREADABLE);
    let v: serde_json::Value = serde_json::from_str(&e).unwrap();
    assert_eq!(v["rule"], "UNI-ISS-1");
    // A line that is no legacy code.
    let (status, e) = to_unified_call(&format!("{WXP}\n\nhello"), None, None);
    assert_eq!(status, PAYCODE_UNREADABLE);
    let v: serde_json::Value = serde_json::from_str(&e).unwrap();
    assert!(
        v["rule"].as_str().is_some_and(|r| r.starts_with("LEG-")),
        "{v}"
    );
    assert_eq!(v["line"], 3);
    // A name over 25 characters.
    let (status, e) = to_unified_call(WXP, Some("THE NOODLE HOUSE OF BEIJING CENTRAL"), None);
    assert_eq!(status, PAYCODE_UNREADABLE);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&e).unwrap()["rule"],
        "MPM-LEN-1"
    );
    // A long list is refused without reading it all.
    let many = format!("{WXP}\n").repeat(10_000);
    let (status, e) = to_unified_call(&many, None, None);
    assert_eq!(status, PAYCODE_UNREADABLE, "{e}");
    // Not UTF-8.
    let (status, e) = from_unified_call(b"0002\xff");
    assert_eq!((status, e.as_str()), (PAYCODE_INVALID_ARGUMENT, ""));
    // A payload that reads but carries no legacy code.
    let (status, e) = from_unified_call(paycode::mpm::SPEC_EXAMPLE.as_bytes());
    assert_eq!(status, PAYCODE_UNREADABLE);
    let v: serde_json::Value = serde_json::from_str(&e).unwrap();
    assert_eq!(v["rule"], serde_json::Value::Null);
    assert_eq!(v["message"], "the payload carries no legacy code");
    // A payload that does not read.
    let (status, e) = from_unified_call(b"hello");
    assert_eq!(status, PAYCODE_UNREADABLE);
    assert!(serde_json::from_str::<serde_json::Value>(&e).unwrap()["rule"].is_string());
}

fn route_call(wallet: &[u8], code: &[u8], cap: usize) -> (i32, String, usize) {
    let (status, out, written) = with_buf(cap, |out, len, written| {
        // SAFETY: the inputs and the buffer are live.
        unsafe {
            paycode_route(
                wallet.as_ptr(),
                wallet.len(),
                code.as_ptr(),
                code.len(),
                out,
                len,
                written,
            )
        }
    });
    (status, String::from_utf8(out).unwrap(), written)
}

#[test]
fn route_answers_in_json() {
    let (status, out, _) = route_call(b"unionpay", WXP.as_bytes(), 4096);
    assert_eq!(status, PAYCODE_OK);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["decision"], "gateway");
    assert_eq!(v["verdict"], "pays");
    assert_eq!(v["issuer"], "wechat-pay");
    assert_eq!(
        v["code"],
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"
    );
    assert!(v["source"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(["verified", "secondary", "folklore"].contains(&v["confidence"].as_str().unwrap()));
    // Sizing.
    let (status, _, needed) = route_call(b"unionpay", WXP.as_bytes(), 0);
    assert_eq!((status, needed), (PAYCODE_BUFFER_TOO_SMALL, out.len()));
    // No source either way: unknown.
    let (_, out, _) = route_call(b"alipay", WXP.as_bytes(), 4096);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["decision"].as_str(), v["verdict"].as_str()),
        (Some("unknown"), Some("unknown"))
    );
    // Refusals.
    let (status, out, _) = route_call(b"no-such-wallet", WXP.as_bytes(), 4096);
    assert_eq!(status, PAYCODE_UNREADABLE);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["rule"],
        "REG-ID-1"
    );
    let (status, out, _) = route_call(b"unionpay", b"134556781234567890", 4096);
    assert_eq!(status, PAYCODE_UNREADABLE);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["rule"],
        "RTE-CODE-1"
    );
    let (status, _, _) = route_call(b"union\xffpay", WXP.as_bytes(), 4096);
    assert_eq!(status, PAYCODE_INVALID_ARGUMENT);
}

fn qr_call(code: &[u8], ecc: u8, px: u32, cap: usize) -> (i32, String, usize) {
    let (status, out, written) = with_buf(cap, |out, len, written| {
        // SAFETY: the code and the buffer are live.
        #[allow(clippy::cast_possible_wrap)]
        unsafe {
            paycode_qr_svg(
                code.as_ptr(),
                code.len(),
                ecc as c_char,
                px,
                out,
                len,
                written,
            )
        }
    });
    (status, String::from_utf8(out).unwrap(), written)
}

#[test]
fn qr_svg_draws_the_symbol() {
    let (status, _, needed) = qr_call(WXP.as_bytes(), b'M', 8, 0);
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    let (status, svg, written) = qr_call(WXP.as_bytes(), b'M', 8, needed);
    assert_eq!((status, written), (PAYCODE_OK, needed));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>\n"));
    // The symbol of 42 bytes at M is version 3, 29 modules; 37 with the quiet zone.
    let mut bufs = Box::new(Buffers::new());
    let s = paycode::qr::encode(WXP, Ecc::M, &mut bufs).unwrap();
    let side = s.size() + 8;
    assert!(svg.contains(&format!("viewBox=\"0 0 {side} {side}\"")));
    assert!(svg.contains(&format!("width=\"{}\"", side * 8)));
    // The quiet zone: nothing dark before (4, 4), the finder pattern's corner.
    assert!(svg.contains("<path d=\"M4,4h1v1h-1z"));
    // Lower case is the same level; 0 pixels is 1.
    let (_, lower, _) = qr_call(WXP.as_bytes(), b'm', 8, needed);
    assert_eq!(lower, svg);
    let (_, one, _) = qr_call(WXP.as_bytes(), b'M', 0, 65536);
    assert!(one.contains(&format!("width=\"{side}\"")));
    // Another level is an invalid argument; a code too long for any symbol is refused.
    assert_eq!(
        qr_call(WXP.as_bytes(), b'X', 8, 65536).0,
        PAYCODE_INVALID_ARGUMENT
    );
    let long = "9".repeat(8000);
    let (status, e, _) = qr_call(long.as_bytes(), b'L', 1, 65536);
    assert_eq!(status, PAYCODE_UNREADABLE);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&e).unwrap()["rule"],
        "QR-LEN-1"
    );
}

#[test]
fn version_is_nul_terminated() {
    // SAFETY: the version is a static NUL-terminated string.
    let v = unsafe { core::ffi::CStr::from_ptr(paycode_version()) };
    assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn a_panic_becomes_a_status() {
    assert_eq!(guard(|| panic!("a bug")), PAYCODE_INTERNAL_ERROR);
    // Inside a call a panic is kept quiet (its message could quote the input); outside, the
    // flag is down again.
    assert_eq!(guard(|| i32::from(!IN_CALL.with(std::cell::Cell::get))), 0);
    assert!(!IN_CALL.with(std::cell::Cell::get));
    let mut written = 9usize;
    // SAFETY: `written` is live; no buffer is given.
    let s = unsafe {
        call(core::ptr::null_mut(), 0, &mut written, |_| {
            panic!("a bug in a body")
        })
    };
    assert_eq!((s, written), (PAYCODE_INTERNAL_ERROR, 0));
}

#[test]
fn a_sink_counts_past_its_end() {
    let mut buf = [0u8; 4];
    let mut sink = Sink {
        out: &mut buf,
        len: 0,
    };
    sink.write_all(b"ab").unwrap();
    sink.write_all(b"cde").unwrap();
    sink.write_all(b"f").unwrap();
    assert_eq!(sink.len, 6);
    assert_eq!(&buf[..2], b"ab");
}
