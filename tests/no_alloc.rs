//! Parsing and validating allocate nothing: a counting global allocator proves it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use paycode::mpm::{LengthUnit, ParseOptions, Payload};

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

// The only unsafe code of the project, and only in this test: a global allocator must be an
// `unsafe impl`. Each method forwards its arguments unchanged to the system allocator, so the
// caller's obligations pass through as they are.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` through this allocator, with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract on `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(0));
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    COUNT.with(Cell::get)
}

fn vectors() -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/vectors/mpm.jsonl"
    ))
    .unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|v| {
            let bytes = v["options"]["length_unit"] == "bytes";
            v["payload"].as_str().map(|p| (p.to_owned(), bytes))
        })
        .collect()
}

#[test]
fn parse_validate_and_accessors_allocate_nothing() {
    let vectors = vectors();
    assert!(vectors.len() > 100);
    let mut buf = vec![0u8; 8192];
    let mut readable = 0;
    let n = allocations(|| {
        for (payload, bytes) in &vectors {
            let unit = if *bytes {
                LengthUnit::Bytes
            } else {
                LengthUnit::Chars
            };
            let Ok(p) = ParseOptions::new().length_unit(unit).parse(payload) else {
                continue;
            };
            readable += 1;
            let mut violations = 0;
            p.validate_with(&mut |_| violations += 1);
            assert_eq!(violations == 0, p.is_conformant());
            let _ = (
                p.merchant_name(),
                p.currency(),
                p.amount(),
                p.country(),
                p.crc(),
            );
            for a in p.merchant_accounts() {
                let _ = a.guid();
            }
            if let Some(Ok(t)) = p.additional_data() {
                for o in t.objects() {
                    let _ = t.template(o.id());
                }
            }
            let out = p.encode_into(&mut buf).unwrap();
            assert_eq!(out.len(), p.as_str().len());
        }
    });
    assert!(readable > 100);
    assert_eq!(
        n, 0,
        "parsing, validating, reading and re-encoding allocated {n} times"
    );
}

#[test]
fn validate_allocates_nothing_for_a_conformant_payload() {
    let s = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";
    let n = allocations(|| {
        let p = Payload::parse(s).unwrap();
        assert!(p.validate().is_empty());
    });
    assert_eq!(n, 0);
}

#[test]
fn the_counter_counts() {
    // The proof above is worth something only if an allocation would have been seen.
    let n = allocations(|| {
        let v: Vec<u8> = Vec::with_capacity(10);
        std::hint::black_box(v);
    });
    assert_eq!(n, 1);
}

#[test]
fn numeric_and_consumer_codes_allocate_nothing() {
    let cpm = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
    let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    // A run-time registry is built (and allocates) before counting; asking it does not.
    let mut registry = paycode::registry::Registry::new();
    registry.add(paycode::registry::CustomIssuer::new("campus", "Campus").numeric("99", 18..=18));
    let n = allocations(|| {
        for code in [
            "6236171220051893816",
            "120061098828009406",
            "0112345678901234567",
            "990061098828009406",
            "9900",
        ] {
            if let Ok(c) = paycode::numeric::NumericCode::parse(code) {
                let n = c.issuers().len();
                assert_eq!(c.issuers_in(&paycode::registry::BUILT_IN).count(), n);
                assert!(c.issuers_in(&registry).count() >= n);
                assert!(c.issuers_in(&registry).next().is_some());
            }
        }
        let p = paycode::cpm::Cpm::decode(cpm, &mut buf).unwrap();
        assert!(p.is_conformant());
        for a in p.applications() {
            let _ = (a.pan(), a.track2(), a.issuer(), a.label());
        }
        assert!(p.validate().is_empty());
        let mut sbuf = [0u8; paycode::cpm::MAX_DECODED_LEN];
        for input in [
            "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            "120061098828009406",
            "hello",
        ] {
            let s = paycode::scan::scan(input, &mut sbuf);
            let _ = s.issuers();
        }
        // The scan options trim the caller's input in place.
        let options = paycode::scan::ScanOptions::new()
            .trim_line_end(true)
            .trim_trailing_blanks(true)
            .strip_bom(true);
        for input in ["\u{feff}120061098828009406 \r\n", "\u{feff}hello"] {
            let s = options.scan(input, &mut sbuf);
            let _ = (s.form(), s.issuers());
        }
    });
    assert_eq!(
        n, 0,
        "numeric, CPM, legacy and scan reading allocated {n} times"
    );
}

#[test]
fn alipay_plus_codes_allocate_nothing() {
    use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN, looks_like_alipay_plus};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/vectors/alipay-plus.jsonl"
    ))
    .unwrap();
    let inputs: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| v["payload"].as_str().unwrap().to_owned())
        .collect();
    assert!(inputs.len() > 20);
    let mut buf = [0u8; MAX_DECODED_LEN];
    let mut readable = 0;
    let mut subs = 0;
    let n = allocations(|| {
        for input in &inputs {
            let _ = looks_like_alipay_plus(input);
            let Ok(c) = AlipayPlusMpm::parse(input, &mut buf) else {
                continue;
            };
            readable += 1;
            let _ = (c.domain(), c.payload(), c.version(), c.issuers().first());
            for o in c.objects() {
                let _ = c.get(o.id());
                subs += o.sub_objects().into_iter().flatten().count();
            }
        }
    });
    assert!(
        readable >= 5 && subs >= 5,
        "{readable} readable, {subs} sub-objects"
    );
    assert_eq!(n, 0, "reading Alipay+ codes allocated {n} times");
}

#[test]
fn masking_allocates_nothing() {
    use std::fmt::Write as _;
    /// A `fmt::Write` into a fixed buffer.
    struct Fixed<'a>(&'a mut [u8], usize);
    impl std::fmt::Write for Fixed<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let end = self.1 + s.len();
            self.0
                .get_mut(self.1..end)
                .ok_or(std::fmt::Error)?
                .copy_from_slice(s.as_bytes());
            self.1 = end;
            Ok(())
        }
    }
    let cpm = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
    let mut out = [0u8; 512];
    let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    let mut found = 0;
    let n = allocations(|| {
        for input in [
            " 134556781234567890",
            "1345 5678 1234 5678 90",
            "134556781234567890x",
            " hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
            "https://qr.95516.com/00010000/62027533387488456892269917213370",
        ] {
            let mut w = Fixed(&mut out, 0);
            write!(w, "{}", paycode::mask::masked(input)).unwrap();
            assert_eq!(w.1, input.len());
            paycode::mask::find(input, &mut |_| found += 1);
            let _ = paycode::mask::is_credential(input);
        }
        let p = paycode::cpm::Cpm::decode(cpm, &mut buf).unwrap();
        assert_eq!(
            paycode::mask::cpm_objects(&p)
                .filter(|o| o.is_masked())
                .count(),
            1
        );
    });
    assert_eq!(found, 4);
    assert_eq!(n, 0, "masking allocated {n} times");
}

#[test]
fn issuing_allocates_nothing() {
    use paycode::legacy::LegacyCode;
    use paycode::unified::{
        AlternateLanguage, Amount, Merchant, from_unified, to_unified, with_amount,
    };
    let mut sbuf = [0u8; paycode::mpm::Builder::MAX_LEN];
    let mut dbuf = [0u8; paycode::mpm::Builder::MAX_LEN];
    let n = allocations(|| {
        let codes = [
            LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L").unwrap(),
            LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79").unwrap(),
        ];
        let merchant = Merchant {
            name: Some("NOODLE HOUSE"),
            city: Some("BEIJING"),
            currency: Some("CNY"),
            terminal: Some("T-07"),
            alternate: Some(AlternateLanguage {
                language: "zh",
                name: "面馆",
                city: Some("北京"),
            }),
            ..Merchant::default()
        };
        let fixed = to_unified(&codes, &merchant, &mut sbuf).unwrap();
        let p = Payload::parse(fixed).unwrap();
        let order = with_amount(&p, Amount::Minor(1234), &mut dbuf).unwrap();
        let d = Payload::parse(order).unwrap();
        assert!(d.is_conformant());
        let mut count = 0;
        from_unified(&d, &mut |_| count += 1).unwrap();
        assert_eq!(count, 2);
        // Refusals allocate nothing either.
        let gold = Merchant {
            currency: Some("XAU"),
            amount: Some(Amount::Minor(1)),
            ..Merchant::default()
        };
        let mut ebuf = [0u8; paycode::mpm::Builder::MAX_LEN];
        assert!(to_unified(&codes, &gold, &mut ebuf).is_err());
        assert!(with_amount(&d, Amount::Minor(1), &mut ebuf).is_err());
        assert!(with_amount(&p, Amount::Minor(0), &mut ebuf).is_err());
    });
    assert_eq!(n, 0, "issuing allocated {n} times");
}
