//! The playground's WebAssembly module: what the page shows, computed by the paycode library
//! in the browser, so that nothing a person pastes or drops leaves it.
//!
//! Every answer is JSON; a report is [`paycode::report::Report`]'s, the one contract of
//! `spec/report.schema.json` that the tool and the bindings print too. The safe functions below
//! are the module's logic (tested natively); the `pc_*` exports wrap them for JavaScript with a
//! plain C ABI: the caller asks for a buffer with [`pc_alloc`], writes its input there, calls
//! a function, which returns the length of its answer, and reads the answer at
//! [`pc_out_ptr`]. No generated glue: `web/site/paycode.js` is the whole of it.
//!
//! Built for `wasm32-wasip1`, not `wasm32-unknown-unknown`: rxing stamps each result with the
//! time (`chrono::Utc::now`), which panics where the standard library has no clock; the glue
//! answers the six WASI calls the module imports (the clock, random bytes for hash maps, an
//! empty environment, standard error, exit).

use std::cell::RefCell;

use paycode::legacy::LegacyCode;
use paycode::qr::{Buffers, Ecc, Symbol, encode};
use paycode::report::Report;
use paycode::unified::{Amount, Merchant, to_unified};
use serde::Deserialize;
use serde_json::{Value, json};

/// The report of one input, as `paycode decode --json` prints it (credentials masked).
#[must_use]
pub fn decode(input: &[u8]) -> String {
    serde_json::to_string(&Report::new(input)).unwrap_or_default()
}

/// The reports of every QR symbol in an RGBA image (four bytes a pixel, rows top to bottom):
/// `{"reports": [report, …], "unreadable": null}`, or `{"reports": [], "unreadable": why}`.
#[must_use]
pub fn image(rgba: &[u8], width: u32, height: u32) -> String {
    let pixels = usize::try_from(u64::from(width) * u64::from(height)).unwrap_or(usize::MAX);
    if width == 0 || height == 0 || rgba.len() / 4 != pixels || rgba.len() % 4 != 0 {
        return json!({"reports": [], "unreadable": "the image's size does not match its pixels"})
            .to_string();
    }
    // ITU-R BT.601 weights, as the tool's image crate converts to grey.
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| {
            let [r, g, b, _] = [p[0], p[1], p[2], p[3]].map(u32::from);
            u8::try_from((r * 299 + g * 587 + b * 114) / 1000).unwrap_or(u8::MAX)
        })
        .collect();
    let texts = paycode_photos::symbols(&luma, width, height);
    if texts.is_empty() {
        return json!({"reports": [], "unreadable": "no QR symbol found in the image"}).to_string();
    }
    let mut out = String::from("{\"reports\":[");
    for (n, t) in texts.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&decode(t.as_bytes()));
    }
    out.push_str("],\"unreadable\":null}");
    out
}

/// Whether `wallet` (a registry ID) pays `code`, how, and the code to send:
/// `{"ok", "decision", "verdict", "issuer", "since", "source", "confidence", "code", "error"}`.
#[must_use]
pub fn route(wallet: &str, code: &str) -> String {
    let wallet = match wallet.parse::<paycode::registry::Issuer>() {
        Ok(w) => w,
        // The library's error, as every other: its rule (REG-ID-1) links to the spec.
        Err(e) => return json!({"ok": false, "error": e}).to_string(),
    };
    let mut buf = [0u8; 4096];
    match paycode::route::route(wallet, code, &mut buf) {
        Ok(r) => json!({
            "ok": true,
            "decision": r.decision.name(),
            "verdict": r.decision.verdict(),
            "issuer": r.issuer.map(|i| i.id()),
            "since": r.since,
            "source": r.source,
            "confidence": format!("{:?}", r.confidence).to_lowercase(),
            // The code to send is a merchant code; masked all the same, as every output is.
            "code": paycode::mask::masked(r.code).to_string(),
            "error": null,
        })
        .to_string(),
        Err(e) => json!({"ok": false, "error": e}).to_string(),
    }
}

/// What [`unified`] reads: the legacy codes and the merchant's data.
#[derive(Deserialize)]
struct UnifiedRequest {
    codes: Vec<String>,
    name: Option<String>,
    city: Option<String>,
    mcc: Option<String>,
    amount: Option<String>,
}

/// The unified code of one or several legacy codes and its QR symbol: the request is
/// `{"codes": [...], "name", "city", "mcc", "amount"}` (all but `codes` optional, empty
/// strings are absent); the answer `{"ok", "payload", "svg", "error", "code"}`, where `code` is
/// the index of the code an error is about, if it is about one.
#[must_use]
pub fn unified(request: &str) -> String {
    let req: UnifiedRequest = match serde_json::from_str(request) {
        Ok(r) => r,
        // serde_json's message may quote the request, where a payment code may be: masked,
        // as every output is.
        Err(e) => {
            let message = paycode::mask::masked(&e.to_string()).to_string();
            return json!({"ok": false, "error": {"rule": null, "message": message}}).to_string();
        }
    };
    let mut parsed = Vec::new();
    for (n, c) in req.codes.iter().enumerate() {
        match LegacyCode::parse(c.trim()) {
            Ok(l) => parsed.push(l),
            Err(e) => return json!({"ok": false, "error": e, "code": n}).to_string(),
        }
    }
    fn some(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let merchant = Merchant {
        name: some(&req.name),
        city: some(&req.city),
        mcc: some(&req.mcc),
        amount: some(&req.amount).map(Amount::Decimal),
        ..Default::default()
    };
    let mut buf = [0u8; 1024];
    match to_unified(&parsed, &merchant, &mut buf) {
        Ok(payload) => json!({
            "ok": true,
            "payload": payload,
            "svg": svg(payload),
            "error": null,
        })
        .to_string(),
        Err(e) => json!({"ok": false, "error": e}).to_string(),
    }
}

/// The light modules drawn around a symbol, as ISO/IEC 18004 requires.
const QUIET: usize = 4;

/// Pixels per module of the SVG's nominal size, as `paycode convert --qr` draws it.
const SCALE: usize = 8;

/// `text`'s QR symbol (level M) as an SVG image, black on white with its quiet zone, the
/// drawing `paycode qr --format svg` makes; `None` when the text does not fit a symbol.
#[must_use]
pub fn svg(text: &str) -> Option<String> {
    let mut bufs = Box::new(Buffers::new());
    let symbol = encode(text, Ecc::M, &mut bufs).ok()?;
    Some(draw(&symbol))
}

fn draw(s: &Symbol<'_>) -> String {
    let modules = s.size() + 2 * QUIET;
    let px = modules * SCALE;
    let dark = |x: usize, y: usize| match (x.checked_sub(QUIET), y.checked_sub(QUIET)) {
        (Some(x), Some(y)) => s.module(x, y),
        _ => false,
    };
    let mut path = String::new();
    for y in 0..modules {
        for x in 0..modules {
            if dark(x, y) {
                path.push_str(&format!("M{x},{y}h1v1h-1z"));
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {modules} {modules}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{modules}\" height=\"{modules}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>\n"
    )
}

/// The registry's entries, for the page's wallet list: `[{"id", "name", "name_zh", "kind"}]`.
#[must_use]
pub fn issuers() -> String {
    let list: Vec<Value> = paycode::registry::issuers()
        .map(|i| json!({"id": i.id(), "name": i.name(), "name_zh": i.name_zh(), "kind": i.kind()}))
        .collect();
    Value::from(list).to_string()
}

/// Every rule ID the library knows with the spec file that defines it: `{"MPM-CRC-1":
/// "mpm.md", …}`; the page links a finding's rule to its text with it.
#[must_use]
pub fn rules() -> String {
    let map: serde_json::Map<String, Value> = paycode::Rule::ALL
        .iter()
        .map(|r| (r.id().to_owned(), Value::from(r.spec_file())))
        .collect();
    Value::from(map).to_string()
}

thread_local! {
    /// The last answer, until the next call: JavaScript copies it out at once.
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn answer(s: String) -> usize {
    let n = s.len();
    OUT.with(|o| *o.borrow_mut() = s.into_bytes());
    n
}

/// The bytes a caller wrote at `ptr`, `len` long.
///
/// # Safety
///
/// `ptr` must come from [`pc_alloc`] with at least `len` bytes (or `len` be 0).
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if len == 0 || ptr.is_null() {
        return &[];
    }
    // SAFETY: the caller's contract above.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Text a caller wrote; bytes that are not UTF-8 read as no text, which no reader accepts.
///
/// # Safety
///
/// As [`bytes`].
unsafe fn text<'a>(ptr: *const u8, len: usize) -> &'a str {
    // SAFETY: the caller's contract.
    std::str::from_utf8(unsafe { bytes(ptr, len) }).unwrap_or("\u{fffd}")
}

/// A buffer of `len` bytes for the caller to write an input into; free it with [`pc_free`].
#[unsafe(no_mangle)]
pub extern "C" fn pc_alloc(len: usize) -> *mut u8 {
    let mut v = std::mem::ManuallyDrop::new(vec![0u8; len.max(1)]);
    v.as_mut_ptr()
}

/// Frees a buffer of [`pc_alloc`].
///
/// # Safety
///
/// `ptr` and `len` must be a pair [`pc_alloc`] returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_free(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        let len = len.max(1);
        // SAFETY: the pair came from pc_alloc, which made a Vec of exactly this length.
        drop(unsafe { Vec::from_raw_parts(ptr, len, len) });
    }
}

/// Where the last answer is, [`pc_out_len`] bytes of UTF-8.
#[unsafe(no_mangle)]
pub extern "C" fn pc_out_ptr() -> *const u8 {
    OUT.with(|o| o.borrow().as_ptr())
}

/// The last answer's length.
#[unsafe(no_mangle)]
pub extern "C" fn pc_out_len() -> usize {
    OUT.with(|o| o.borrow().len())
}

/// [`decode`] of the `len` bytes at `ptr`; returns the answer's length.
///
/// # Safety
///
/// `ptr` must come from [`pc_alloc`] with at least `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_decode(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller's contract.
    answer(decode(unsafe { bytes(ptr, len) }))
}

/// [`image`] of the RGBA pixels at `ptr`.
///
/// # Safety
///
/// `ptr` must come from [`pc_alloc`] with at least `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_image(ptr: *const u8, len: usize, width: u32, height: u32) -> usize {
    // SAFETY: the caller's contract.
    answer(image(unsafe { bytes(ptr, len) }, width, height))
}

/// [`route`] of the wallet ID and the code.
///
/// # Safety
///
/// Each pointer must come from [`pc_alloc`] with at least its length of bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_route(
    wallet: *const u8,
    wallet_len: usize,
    code: *const u8,
    code_len: usize,
) -> usize {
    // SAFETY: the caller's contract.
    let (w, c) = unsafe { (text(wallet, wallet_len), text(code, code_len)) };
    answer(route(w, c))
}

/// [`unified`] of the JSON request at `ptr`.
///
/// # Safety
///
/// `ptr` must come from [`pc_alloc`] with at least `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_unified(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller's contract.
    answer(unified(unsafe { text(ptr, len) }))
}

/// [`svg`] of the text at `ptr`; an empty answer when it fits no symbol.
///
/// # Safety
///
/// `ptr` must come from [`pc_alloc`] with at least `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pc_svg(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller's contract.
    answer(svg(unsafe { text(ptr, len) }).unwrap_or_default())
}

/// [`issuers`].
#[unsafe(no_mangle)]
pub extern "C" fn pc_issuers() -> usize {
    answer(issuers())
}

/// [`rules`].
#[unsafe(no_mangle)]
pub extern "C" fn pc_rules() -> usize {
    answer(rules())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_report_is_the_librarys() {
        let v: Value = serde_json::from_str(&decode(b"134556781234567890")).unwrap();
        assert_eq!(v["form"], "numeric");
        assert_eq!(v["input"], "1345**********7890");
    }

    #[test]
    fn two_legacy_codes_make_a_unified_code_whose_symbol_reads_back() {
        let req = r#"{"codes": ["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79"], "name": "NOODLE HOUSE"}"#;
        let v: Value = serde_json::from_str(&unified(req)).unwrap();
        assert_eq!(v["ok"], true, "{v}");
        let payload = v["payload"].as_str().unwrap();
        assert!(
            paycode::mpm::Payload::parse(payload)
                .unwrap()
                .is_conformant()
        );
        // The symbol drawn, read back by the module's own reader from a rendered image.
        let mut bufs = Box::new(Buffers::new());
        let s = encode(payload, Ecc::M, &mut bufs).unwrap();
        let side = (s.size() + 2 * QUIET) * 4;
        let mut rgba = Vec::with_capacity(side * side * 4);
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / 4, y / 4);
                let dark = mx >= QUIET
                    && my >= QUIET
                    && mx - QUIET < s.size()
                    && my - QUIET < s.size()
                    && s.module(mx - QUIET, my - QUIET);
                let c = if dark { 0 } else { 255 };
                rgba.extend_from_slice(&[c, c, c, 255]);
            }
        }
        let side = u32::try_from(side).unwrap();
        let r: Value = serde_json::from_str(&image(&rgba, side, side)).unwrap();
        assert_eq!(r["reports"][0]["input"], payload, "{r}");
        assert!(v["svg"].as_str().unwrap().starts_with("<svg "));
    }

    #[test]
    fn a_broken_request_is_an_error_not_a_panic() {
        let v: Value = serde_json::from_str(&unified("{")).unwrap();
        assert_eq!(v["ok"], false);
        let v: Value = serde_json::from_str(&image(&[0; 7], 1, 2)).unwrap();
        assert!(v["unreadable"].is_string());
        let v: Value = serde_json::from_str(&route("no-such-wallet", "x")).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["error"]["rule"], "REG-ID-1");
        // A request's refusal quotes it: a payment code there is masked.
        let v: Value =
            serde_json::from_str(&unified(r#"{"codes": "134556781234567890"}"#)).unwrap();
        let message = v["error"]["message"].as_str().unwrap();
        assert!(!message.contains("134556781234567890"), "{message}");
    }

    #[test]
    fn every_rule_names_its_spec_file() {
        let v: Value = serde_json::from_str(&rules()).unwrap();
        assert_eq!(v["MPM-CRC-1"], "mpm.md");
        assert_eq!(v.as_object().unwrap().len(), paycode::Rule::ALL.len());
    }
}
