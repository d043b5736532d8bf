//! Numeric payment codes: any text either fails with a rule or reads as 16 to 24 ASCII digits,
//! whose candidates (possibly none) are the registry's lookup, and displays back to itself; the
//! masked form never shows the middle digits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::numeric::NumericCode;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match NumericCode::parse(s) {
        Ok(c) => {
            assert_eq!(c.to_string(), s);
            assert!((16..=24).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(c.issuers(), paycode::registry::numeric_candidates(s));
            let masked = c.masked().to_string();
            assert_eq!(masked.len(), s.len());
            assert!(masked[4..s.len() - 4].bytes().all(|b| b == b'*'));
        }
        Err(e) => assert!(e.rule().id().starts_with("NUM-")),
    }
});
