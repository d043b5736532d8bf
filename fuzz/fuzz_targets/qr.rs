//! QR symbols: any text at any level either fits (a symbol of the version's size that says
//! UTF-8 exactly when the text needs it, and passes the checker) or is refused by QR-LEN-1;
//! the encoder's own preconditions never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::qr::{Buffers, ECI_UTF8, Ecc, Mode, SymbolFacts, check, encode};

fuzz_target!(|data: &[u8]| {
    let Some((&level, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let ecc = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H][usize::from(level % 4)];
    let mut bufs = Box::new(Buffers::new());
    match encode(text, ecc, &mut bufs) {
        Ok(s) => {
            assert_eq!(s.size(), 17 + 4 * usize::from(s.version()));
            assert_eq!(s.ecc(), ecc);
            let common = text.bytes().all(|b| (0x20..=0x7E).contains(&b));
            assert_eq!(s.has_eci(), !common);
            let facts = SymbolFacts {
                modes: &[Mode::Byte],
                eci: s.has_eci().then_some(ECI_UTF8),
            };
            assert_eq!(check(text, &facts), None);
        }
        Err(e) => {
            assert_eq!(e.rule(), paycode::Rule::QrLen1);
            assert!(text.len() > 1200, "{} bytes refused", text.len());
        }
    }
});
