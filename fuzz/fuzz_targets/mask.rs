//! The credential policy: masking any text never panics; what it shows holds no credential
//! the policy finds, and masking it again changes nothing; a text the policy calls a credential
//! is never shown as it is; and a CPM payload's object walk terminates and masks every card-data
//! tag.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::cpm::{Cpm, MAX_DECODED_LEN};
use paycode::mask::{self, CARD_DATA_TAGS};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let shown = mask::masked(s).to_string();
    let mut found = Vec::new();
    mask::find(s, &mut |c| found.push(c));
    // Masking replaces ASCII characters by '*' one for one: offsets carry over.
    assert_eq!(shown.len(), s.len());
    for c in &found {
        assert!(c.rule().id().starts_with("MASK-"));
        assert!(c.offset() < c.end() && c.end() <= s.len());
        // Where the credential was, at most its first and last four characters are left.
        let there = &shown[c.offset()..c.end()];
        assert_ne!(there, &s[c.offset()..c.end()], "{s:?} -> {shown:?}");
        let visible = there
            .chars()
            .filter(|ch| ch.is_ascii_alphanumeric())
            .count();
        assert!(visible <= 8, "{s:?} -> {shown:?}");
    }
    if mask::is_credential(s) {
        assert_ne!(shown, s);
    }
    let mut again = Vec::new();
    mask::find(&shown, &mut |c| again.push(c));
    assert!(again.is_empty(), "{s:?} -> {shown:?}: {again:?}");
    assert!(!mask::is_credential(&shown));
    assert_eq!(mask::masked(&shown).to_string(), shown);
    let _ = format!("{:?}", mask::masked(s));

    let mut buf = vec![0u8; MAX_DECODED_LEN];
    if let Ok(p) = Cpm::decode(s.trim(), &mut buf) {
        for o in mask::cpm_objects(&p) {
            if CARD_DATA_TAGS.contains(&o.tlv().tag()) || o.depth() >= 2 {
                assert!(o.is_masked());
            }
        }
    }
});
