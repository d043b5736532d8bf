//! Numeric consumer-presented codes (付款码): the 16- to 24-digit codes that wallets show as a
//! barcode for the merchant to scan (`spec/numeric.md`).
//!
//! Reading is not classifying. [`NumericCode::parse`] checks the digits and the length only,
//! so what reads does not change when the registry does; whose code it is follows from its
//! prefix and length through a registry, asked afterwards: the built-in one
//! ([`NumericCode::issuers`]) or one the caller gives ([`NumericCode::issuers_in`]). Several
//! issuers may share a prefix, and then all of them are candidates; a code no issuer
//! registers has none. Codes stay strings from end to end: e-CNY codes start with `0`, and 19
//! digits do not survive a trip through a float.
//!
//! These codes are one-time payment credentials: `Debug` shows only their first four and last
//! four digits.

mod error;
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
pub use owned::NumericCodeBuf;

pub use error::{Error, ErrorKind};

use core::fmt;

use crate::error::Rule;
use crate::registry::{self, Candidates, Lookup};

/// The shortest numeric payment code (`NUM-LEN-1`).
pub const MIN_LEN: usize = 16;
/// The longest numeric payment code (`NUM-LEN-1`).
pub const MAX_LEN: usize = 24;

/// The length of a CGCP code ([`NumericCode::routing_number`]).
const CGCP_LEN: usize = 24;
/// The only CGCP agreement digit the sources document (its default).
const CGCP_AGREEMENT: u8 = b'1';

/// A numeric payment code: 16 to 24 ASCII digits. Its candidate issuers are looked up on
/// demand, in the built-in registry or in one the caller gives.
///
/// # Examples
///
/// ```
/// use paycode::numeric::NumericCode;
/// let code = NumericCode::parse("6236171220051893816")?;
/// let ids: Vec<_> = code.issuers().iter().map(|i| i.id()).collect();
/// assert_eq!(ids, ["unionpay", "jd-pay"]); // ambiguous: both, most likely first
/// assert_eq!(format!("{code:?}"), "NumericCode(\"6236***********3816\", [unionpay, jd-pay])");
/// assert_eq!(code.to_string(), "6236171220051893816");
///
/// // A well-formed code of no registered issuer reads, with no candidate.
/// let unknown = NumericCode::parse("990061098828009406")?;
/// assert!(unknown.issuers().is_empty());
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumericCode<'a> {
    code: &'a str,
}

impl<'a> NumericCode<'a> {
    /// Reads a numeric payment code: ASCII digits only, 16 to 24 of them. Whose it is is not
    /// asked here: see [`issuers`](Self::issuers) and [`issuers_in`](Self::issuers_in).
    ///
    /// # Errors
    ///
    /// - `NUM-CHR-1` for anything but ASCII digits: letters, spaces, full-width digits
    ///   (`"1200 6109"`, `"１２００"`), with the offset of the first;
    /// - `NUM-LEN-1` for fewer than 16 or more than 24 digits.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::numeric::NumericCode;
    /// assert!(NumericCode::parse("120061098828009406").is_ok());
    /// assert!(NumericCode::parse("990061098828009406").is_ok()); // no issuer, still a code
    /// let e = NumericCode::parse("1200 6109").unwrap_err();
    /// assert_eq!((e.rule().id(), e.offset()), ("NUM-CHR-1", 4));
    /// ```
    pub fn parse(code: &'a str) -> Result<Self, Error> {
        if let Some((i, found)) = first_non_digit(code) {
            let kind = ErrorKind::NotDigits { found };
            return Err(Error::new(Rule::NumChr1, i, kind));
        }
        let found = code.len();
        if !(MIN_LEN..=MAX_LEN).contains(&found) {
            let kind = ErrorKind::Length {
                min: MIN_LEN,
                max: MAX_LEN,
                found,
            };
            return Err(Error::new(Rule::NumLen1, found.min(MAX_LEN), kind));
        }
        Ok(NumericCode { code })
    }

    /// Returns the code, in full.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::numeric::NumericCode::parse("120061098828009406")?;
    /// assert_eq!(c.as_str(), "120061098828009406");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.code
    }

    /// Returns the issuers of the built-in registry that the code may belong to, by prefix
    /// and length, most likely first (`spec/numeric.md`, Classification): none for a code
    /// that no registered issuer uses. The same as
    /// [`issuers_in(&BUILT_IN)`](Self::issuers_in), as a fixed-size value.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::numeric::NumericCode;
    /// let c = NumericCode::parse("120061098828009406")?;
    /// assert_eq!(c.issuers().first().map(|i| i.id()), Some("wechat-pay"));
    /// // WeChat Pay's prefix, but 17 digits: a code, of no registered issuer.
    /// assert!(NumericCode::parse("10006109882800940")?.issuers().is_empty());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        registry::numeric_candidates(self.code)
    }

    /// Returns the issuers of `registry` that the code may belong to, most likely first: the
    /// built-in registry ([`BUILT_IN`](crate::registry::BUILT_IN)), a run-time
    /// [`Registry`](crate::registry::Registry) with issuers of its own (they come first, longest
    /// matching prefix first), or any other [`Lookup`]. Nothing is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::numeric::NumericCode;
    /// use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
    ///
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("bank-app", "A bank app").numeric("6236", 19..=19));
    /// let code = NumericCode::parse("6236171220051893816")?;
    /// let ids: Vec<_> = code.issuers_in(&r).map(|i| i.id()).collect();
    /// assert_eq!(ids, ["bank-app", "unionpay", "jd-pay"]);
    /// let ids: Vec<_> = code.issuers_in(&BUILT_IN).map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "jd-pay"]);
    /// # }
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn issuers_in<'r, R: Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> R::NumericCandidates<'r, 'a> {
        registry.numeric_candidates(self.code)
    }

    /// Returns the routing number of a code read as a CGCP code (`spec/numeric.md`, CGCP
    /// routing): for a 24-digit code that starts `25` to `30` and whose third digit, the
    /// agreement digit, is `1`, the three digits after it (the 4th to the 6th). Any other code
    /// has none.
    ///
    /// This is a reading of the digits, not an attribution: Alipay's own 24-digit codes have
    /// the same shape, and the registry does not say which wallet a routing number names.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::numeric::NumericCode;
    /// let c = NumericCode::parse("281010897274821897274821")?;
    /// assert_eq!(c.routing_number(), Some("010"));
    /// // The 19-digit Alipay+ form is no CGCP code.
    /// assert_eq!(NumericCode::parse("2893612204263667830")?.routing_number(), None);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn routing_number(&self) -> Option<&'a str> {
        let cgcp = self.code.len() == CGCP_LEN
            && matches!(
                self.code.as_bytes(),
                [b'2', b'5'..=b'9', CGCP_AGREEMENT, ..] | [b'3', b'0', CGCP_AGREEMENT, ..]
            );
        if cgcp { self.code.get(3..6) } else { None }
    }

    /// Returns a view that displays the code with all but its first four and last four digits
    /// replaced by `*`, for logs and screens.
    ///
    /// # Examples
    ///
    /// ```
    /// let code = paycode::numeric::NumericCode::parse("120061098828009406")?;
    /// assert_eq!(code.masked().to_string(), "1200**********9406");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn masked(&self) -> Masked<'a> {
        Masked(self.code)
    }
}

/// The offset and character of the first character of `code` that is not an ASCII digit, if
/// any. One fast pass over the bytes; the character at fault is looked for only on failure.
fn first_non_digit(code: &str) -> Option<(usize, char)> {
    if all_digits(code.as_bytes()) {
        return None;
    }
    code.char_indices().find(|(_, c)| !c.is_ascii_digit())
}

/// Whether every byte is an ASCII digit, eight bytes at a time: a byte is a digit iff its high
/// nibble is 3 and adding 6 does not carry out of its low nibble.
fn all_digits(mut b: &[u8]) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    // `split_first_chunk` yields each word as a `[u8; 8]`: no length to check, no fallback.
    while let Some((w, rest)) = b.split_first_chunk::<8>() {
        let v = u64::from_le_bytes(*w);
        if v & HIGH != THREES || v.wrapping_add(0x0606_0606_0606_0606) & HIGH != THREES {
            return false;
        }
        b = rest;
    }
    b.iter().all(u8::is_ascii_digit)
}

impl fmt::Debug for NumericCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NumericCode(\"{}\", {:?})",
            self.masked(),
            self.issuers()
        )
    }
}

/// Writes the code in full: it is the code's wire form. Use [`NumericCode::masked`] for logs.
impl fmt::Display for NumericCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl<'a> TryFrom<&'a str> for NumericCode<'a> {
    type Error = Error;

    fn try_from(s: &'a str) -> Result<Self, Error> {
        NumericCode::parse(s)
    }
}

/// A code shown with its middle digits replaced by `*` (see [`NumericCode::masked`]).
///
/// # Examples
///
/// ```
/// let code = paycode::numeric::NumericCode::parse("134556781234567890")?;
/// assert_eq!(code.masked().to_string(), "1345**********7890");
/// # Ok::<(), paycode::numeric::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Masked<'a>(&'a str);

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        for (i, c) in self.0.chars().enumerate() {
            let shown = i < 4 || i.saturating_add(4) >= n;
            f.write_fmt(format_args!("{}", if shown { c } else { '*' }))?;
        }
        Ok(())
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn errors_name_rule_and_offset() {
        let e = |s: &str| NumericCode::parse(s).unwrap_err().to_string();
        assert_eq!(
            e("12006109882800940x"),
            "a payment code must be ascii digits only, found 'x' (NUM-CHR-1 at byte 17)"
        );
        assert_eq!(
            e("１２００"),
            "a payment code must be ascii digits only, found '１' (NUM-CHR-1 at byte 0)"
        );
        assert_eq!(
            e("120061098828009"),
            "a payment code must be 16 to 24 digits long, found 15 (NUM-LEN-1 at byte 15)"
        );
        assert_eq!(
            e(""),
            "a payment code must be 16 to 24 digits long, found 0 (NUM-LEN-1 at byte 0)"
        );
    }

    #[test]
    fn reading_does_not_ask_the_registry() {
        // An unknown prefix, a registered prefix at a length no issuer of it uses, and a digit
        // constraint that fails: each reads, with no candidate (NUM-ISS-1 and NUM-ISS-2 are
        // retired).
        for s in [
            "990061098828009406",
            "10006109882800940",
            "1234567890123456789012",
            "0000000000000000",
            "999999999999999999999999",
        ] {
            let c = NumericCode::parse(s).unwrap();
            assert_eq!(c.as_str(), s);
            assert!(c.issuers().is_empty(), "{s}");
            assert_eq!(c.issuers_in(&registry::BUILT_IN).count(), 0, "{s}");
            assert_eq!(format!("{c:?}").matches("[]").count(), 1, "{s}");
        }
    }

    #[test]
    fn issuers_in_the_built_in_registry_are_issuers() {
        for s in [
            "6236171220051893816",
            "120061098828009406",
            "2893612204263667830",
            "6250105123456789012",
        ] {
            let c = NumericCode::parse(s).unwrap();
            assert!(c.issuers_in(&registry::BUILT_IN).eq(c.issuers()), "{s}");
        }
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn issuers_in_a_registry_come_custom_first_longest_prefix_first() {
        use crate::registry::{CustomIssuer, Registry};
        let mut r = Registry::new();
        r.add(CustomIssuer::new("short", "Short").numeric("6", 16..=24))
            .add(CustomIssuer::new("wrong-length", "W").numeric("6236", 18..=18))
            .add(
                CustomIssuer::new("long", "Long")
                    .numeric("62", 19..=19)
                    .numeric("62361", 19..=19),
            )
            .add(CustomIssuer::new("mid", "Mid").numeric("623", 19..=19))
            .add(CustomIssuer::new("also-short", "Also").numeric("6", 19..=19))
            .add(CustomIssuer::new("any", "Any").numeric("", 16..=24));
        let c = NumericCode::parse("6236171220051893816").unwrap();
        let ids: Vec<&str> = c.issuers_in(&r).map(|i| i.id()).collect();
        assert_eq!(
            ids,
            [
                "long",
                "mid",
                "short",
                "also-short",
                "any",
                "unionpay",
                "jd-pay"
            ]
        );
        // The custom registry agrees with the Vec-free lookup it is built on.
        let unknown = NumericCode::parse("990061098828009406").unwrap();
        let ids: Vec<&str> = unknown.issuers_in(&r).map(|i| i.id()).collect();
        assert_eq!(ids, ["any"]);
        assert!(unknown.issuers().is_empty());
    }

    #[test]
    fn all_digits_agrees_with_the_byte_test() {
        for s in [
            "",
            "0",
            "0123456789",
            "01234567x9",
            "0123456/",
            "012345:7",
            "9999999999999999",
            "99999999999999\u{0}9",
            "１２３",
        ] {
            assert_eq!(
                all_digits(s.as_bytes()),
                s.bytes().all(|b| b.is_ascii_digit()),
                "{s:?}"
            );
        }
        for b in 0u8..=255 {
            let w = [b'5', b'5', b'5', b, b'5', b'5', b'5', b'5'];
            assert_eq!(all_digits(&w), b.is_ascii_digit(), "{b}");
        }
    }

    #[test]
    fn alipay_plus_codes_and_their_order() {
        let ids = |s: &str| -> Vec<&str> {
            NumericCode::parse(s)
                .unwrap()
                .issuers()
                .iter()
                .map(|i| i.id())
                .collect()
        };
        // 24 digits: same prefix length and confidence, so rank decides (Alipay 10, Alipay+ 20).
        assert_eq!(ids("251001020123456789012345"), ["alipay", "alipay-plus"]);
        assert_eq!(ids("301234567890123456789012"), ["alipay", "alipay-plus"]);
        // 289, ten digits, 6, five digits: the longer prefix 289 puts Alipay+ first.
        assert_eq!(ids("2893612204263667830"), ["alipay-plus", "alipay"]);
        // Another digit at that position: Alipay's alone.
        assert_eq!(ids("2893612204263567830"), ["alipay"]);
        // Alipay+ registers no other length.
        assert_eq!(ids("28763443825664394"), ["alipay"]);
    }

    #[test]
    fn routing_numbers_of_cgcp_codes_only() {
        let r = |s: &'static str| NumericCode::parse(s).unwrap().routing_number();
        assert_eq!(r("281010897274821897274821"), Some("010"));
        assert_eq!(r("251001020123456789012345"), Some("001"));
        assert_eq!(r("301999020123456789012345"), Some("999"));
        // Agreement digit other than 1: not a documented CGCP code.
        assert_eq!(r("282010897274821897274821"), None);
        // Not 24 digits, or not 25-30.
        assert_eq!(r("2810108972748218972748"), None);
        assert_eq!(r("2893612204263667830"), None);
        assert_eq!(r("120061098828009406"), None);
    }

    #[test]
    fn masking_hides_the_middle() {
        let c = NumericCode::parse("0112345678901234567").unwrap();
        assert_eq!(c.masked().to_string(), "0112***********4567");
        assert!(!format!("{c:?}").contains("5678901"));
    }
}
