//! Numeric consumer-presented codes (付款码): the 16- to 24-digit codes that wallets show as a
//! barcode for the merchant to scan (`spec/numeric.md`).
//!
//! Whose code it is follows from its prefix and length, through the registry; several issuers
//! may share a prefix, and then all of them are candidates. Codes stay strings from end to
//! end: e-CNY codes start with `0`, and 19 digits do not survive a trip through a float.
//!
//! These codes are one-time payment credentials: `Debug` shows only their first four and last
//! four digits.

#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
pub use owned::NumericCodeBuf;

use core::fmt;

use crate::error::{Error, ErrorKind, Rule, TwoChars};
use crate::registry::{self, Candidates};

/// The shortest numeric payment code (`NUM-LEN-1`).
pub const MIN_LEN: usize = 16;
/// The longest numeric payment code (`NUM-LEN-1`).
pub const MAX_LEN: usize = 24;

/// The length of a CGCP code ([`NumericCode::routing_number`]).
const CGCP_LEN: usize = 24;
/// The only CGCP agreement digit the sources document (its default).
const CGCP_AGREEMENT: u8 = b'1';

/// A numeric payment code whose form holds and whose prefix and length a registered issuer
/// uses, with its candidate issuers.
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
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct NumericCode<'a> {
    code: &'a str,
    issuers: Candidates,
}

impl<'a> NumericCode<'a> {
    /// Reads and classifies a numeric payment code.
    ///
    /// # Errors
    ///
    /// - `NUM-CHR-1` for anything but ASCII digits: letters, spaces, full-width digits
    ///   (`"1200 6109"`, `"１２００"`), with the offset of the first;
    /// - `NUM-LEN-1` for fewer than 16 or more than 24 digits;
    /// - `NUM-ISS-1` if no registered issuer uses the code's prefix (`"99…"`);
    /// - `NUM-ISS-2` if the issuers of that prefix do not use codes of this length (a
    ///   17-digit code starting `10`), or not with the digits a rule of theirs requires.
    pub fn parse(code: &'a str) -> Result<Self, Error> {
        // One pass over the bytes; the character at fault is found only on failure.
        if !all_digits(code.as_bytes()) {
            let (i, found) = code
                .char_indices()
                .find(|(_, c)| !c.is_ascii_digit())
                .unwrap_or((0, '?'));
            let kind = ErrorKind::CodeNotDigits { found };
            return Err(Error::new(Rule::NumChr1, i, kind));
        }
        let found = code.len();
        if !(MIN_LEN..=MAX_LEN).contains(&found) {
            let kind = ErrorKind::CodeLength {
                min: MIN_LEN,
                max: MAX_LEN,
                found,
            };
            return Err(Error::new(Rule::NumLen1, found.min(MAX_LEN), kind));
        }
        let issuers = registry::numeric_candidates(code);
        if issuers.is_empty() {
            if !registry::has_numeric_prefix(code) {
                let [a, b, ..] = *code.as_bytes() else {
                    return Err(too_short(found));
                };
                let kind = ErrorKind::UnknownPrefix {
                    prefix: TwoChars([a, b]),
                };
                return Err(Error::new(Rule::NumIss1, 0, kind));
            }
            let kind = ErrorKind::LengthForPrefix { found };
            return Err(Error::new(Rule::NumIss2, found, kind));
        }
        Ok(NumericCode { code, issuers })
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

    /// Returns the issuers the code may belong to, most likely first (never empty).
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::numeric::NumericCode::parse("120061098828009406")?;
    /// assert_eq!(c.issuers().first().map(|i| i.id()), Some("wechat-pay"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn issuers(&self) -> Candidates {
        self.issuers
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

/// Whether every byte is an ASCII digit, eight bytes at a time: a byte is a digit iff its high
/// nibble is 3 and adding 6 does not carry out of its low nibble.
fn all_digits(b: &[u8]) -> bool {
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    let mut words = b.chunks_exact(8);
    let words_ok = words.by_ref().all(|w| {
        let v = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        v & HIGH == THREES && v.wrapping_add(0x0606_0606_0606_0606) & HIGH == THREES
    });
    words_ok && words.remainder().iter().all(u8::is_ascii_digit)
}

fn too_short(found: usize) -> Error {
    let kind = ErrorKind::CodeLength {
        min: MIN_LEN,
        max: MAX_LEN,
        found,
    };
    Error::new(Rule::NumLen1, found, kind)
}

impl fmt::Debug for NumericCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NumericCode(\"{}\", {:?})", self.masked(), self.issuers)
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
        assert_eq!(
            e("990061098828009406"),
            "no issuer registers payment codes starting \"99\" (NUM-ISS-1 at byte 0)"
        );
        assert_eq!(
            e("10006109882800940"),
            "no issuer with this prefix uses payment codes of 17 digits (NUM-ISS-2 at byte 17)"
        );
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
