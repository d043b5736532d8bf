//! Property tests for the credential policy (`spec/masking.md`): a numeric payment code, dressed
//! in any whitespace, byte order mark, punctuation or grouping, is a credential and its digits
//! never appear in what is shown; masking never panics and finds nothing in its own output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::mask::{find, is_credential, masked};
use paycode::numeric::NumericCode;
use proptest::prelude::*;

/// Prefixes and lengths of codes (`spec/vectors/numeric.jsonl`): registered ones, and codes of
/// no registered issuer, which are credentials all the same (`spec/masking.md`, MASK-CRED-1).
const SHAPES: &[(&str, usize)] = &[
    ("12", 18),
    ("13", 18),
    ("28", 17),
    ("28", 18),
    ("62", 19),
    ("01", 19),
    ("99", 16),
    ("10", 17),
    ("00", 24),
];

/// A numeric payment code: a prefix and length of `SHAPES`, random digits after the prefix.
fn code() -> impl Strategy<Value = String> {
    (0..SHAPES.len(), prop::collection::vec(0u8..10, 24)).prop_filter_map(
        "a code",
        |(i, digits)| {
            let (prefix, len) = SHAPES[i];
            let mut s = prefix.to_owned();
            s.extend(
                digits[..len - prefix.len()]
                    .iter()
                    .map(|d| char::from(b'0' + d)),
            );
            NumericCode::parse(&s).is_ok().then_some(s)
        },
    )
}

const DRESSING: &[&str] = &[
    " ", "\t", "\u{FEFF}", "+", "(", ")", "\"", "'", ".", ",", ":", "-", "\u{3000}", "。",
    "\u{201C}", "\u{201D}", "\u{200B}", "\u{00A0}", "*", "#",
];
const SEPARATORS: &[&str] = &[
    " ",
    "-",
    "\u{00A0}",
    "\u{200B}",
    "  ",
    " - ",
    "\u{FEFF}",
    "\u{200E}",
    "\u{0000}",
    "\u{2064}",
    "\u{034F}",
    "\u{FE0F}",
    "\u{E0041}",
];

/// The code with dressing before and after it and separators between some of its digits.
fn dressed() -> impl Strategy<Value = (String, String)> {
    (
        code(),
        prop::collection::vec(prop::sample::select(DRESSING), 0..4),
        prop::collection::vec(prop::sample::select(DRESSING), 0..4),
        prop::collection::vec(
            prop::option::weighted(0.2, prop::sample::select(SEPARATORS)),
            24,
        ),
    )
        .prop_map(|(code, before, after, seps)| {
            let mut s: String = before.concat();
            for (i, c) in code.chars().enumerate() {
                if i > 0 {
                    if let Some(sep) = seps[i] {
                        s.push_str(sep);
                    }
                }
                s.push(c);
            }
            s.push_str(&after.concat());
            (code, s)
        })
}

/// The output with every character but digits taken out, so that no grouping hides them.
fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_dressed_code_is_a_credential_and_never_shown((code, input) in dressed()) {
        prop_assert!(is_credential(&input), "{:?}", input);
        let shown = masked(&input).to_string();
        prop_assert!(!digits_of(&shown).contains(&code), "{:?} -> {:?}", input, shown);
        prop_assert_eq!(digits_of(&shown), format!("{}{}", &code[..4], &code[code.len() - 4..]));
    }

    #[test]
    fn a_code_in_other_text_is_never_shown(
        code in code(),
        before in "[a-zA-Z ,:]{0,8}",
        after in "[a-zA-Z]{1,3}",
    ) {
        let input = format!("{before}{code}{after}");
        let shown = masked(&input).to_string();
        prop_assert!(!shown.contains(&code), "{:?} -> {:?}", input, shown);
    }

    #[test]
    fn masking_never_panics_and_finds_nothing_in_its_output(s in "\\PC{0,60}") {
        let shown = masked(&s).to_string();
        let mut again = Vec::new();
        find(&shown, &mut |c| again.push(c));
        prop_assert!(again.is_empty(), "{:?} -> {:?}: {:?}", s, shown, again);
        prop_assert_eq!(masked(&shown).to_string(), shown);
    }

    #[test]
    fn digit_soup_masks_to_a_fixed_point(s in "[0-9 \\-x]{0,80}") {
        let shown = masked(&s).to_string();
        let mut again = Vec::new();
        find(&shown, &mut |c| again.push(c));
        prop_assert!(again.is_empty(), "{:?} -> {:?}: {:?}", s, shown, again);
    }
}
