//! Amounts as exact decimals: digits with at most one `.` (EMVCo MPM §4.7.4.1), never floats.

use core::fmt;

/// A decimal amount as a payload writes it (objects 54, 56, 57): digits with at most one `.`,
/// such as `"98.73"`, `"98"` or `"98."`, kept exactly as written.
///
/// Conversion to an integer number of minor units is exact or fails; nothing is rounded.
///
/// # Examples
///
/// ```
/// use paycode::mpm::Amount;
/// let a = Amount::new("23.72")?;
/// assert_eq!(a.to_minor_units(2), Some(2372));   // CNY: fen
/// assert_eq!(a.to_minor_units(0), None);         // JPY has no fractions: not exact
/// assert_eq!(Amount::new("98.")?.to_minor_units(2), Some(9800));
/// assert!(Amount::new("98,73").is_err());
/// # Ok::<(), paycode::mpm::AmountError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount<'a> {
    raw: &'a str,
    /// Byte index of the `.`, if any.
    dot: Option<usize>,
}

/// Why a string is not an [`Amount`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// The string has no digit at all.
    #[error("an amount needs at least one digit")]
    NoDigits,
    /// A character other than a digit or a single `.`.
    #[error(
        "unexpected {found:?} at byte {offset} of the amount: only digits and one '.' are allowed"
    )]
    Unexpected {
        /// The character.
        found: char,
        /// Its byte index in the amount.
        offset: usize,
    },
}

impl<'a> Amount<'a> {
    /// Reads an amount.
    ///
    /// # Errors
    ///
    /// [`AmountError::Unexpected`] for any character but digits and one `.` (`"98,73"`,
    /// `"3 705"`, `"1.2.3"`, `"-5"`); [`AmountError::NoDigits`] for `""` or `"."`.
    pub fn new(raw: &'a str) -> Result<Self, AmountError> {
        let mut dot = None;
        let mut digits = false;
        // Bytes, not characters: every byte before the first unexpected one is ASCII, so that
        // one starts the character to name.
        for (i, &b) in raw.as_bytes().iter().enumerate() {
            match b {
                b'0'..=b'9' => digits = true,
                b'.' if dot.is_none() => dot = Some(i),
                _ => {
                    let found = raw.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                    return Err(AmountError::Unexpected { found, offset: i });
                }
            }
        }
        if !digits {
            return Err(AmountError::NoDigits);
        }
        Ok(Amount { raw, dot })
    }

    /// Returns the amount exactly as written.
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.raw
    }

    /// Returns the digits before the `.` (possibly empty).
    #[must_use]
    pub fn integer_digits(&self) -> &'a str {
        match self.dot {
            Some(d) => self.raw.get(..d).unwrap_or(""),
            None => self.raw,
        }
    }

    /// Returns the digits after the `.` (empty if there is none).
    #[must_use]
    pub fn fraction_digits(&self) -> &'a str {
        match self.dot {
            Some(d) => self.raw.get(d.saturating_add(1)..).unwrap_or(""),
            None => "",
        }
    }

    /// Returns whether every digit is zero (`"0"`, `"0.00"`): the standard forbids a zero
    /// transaction amount or fixed fee.
    #[must_use]
    pub fn is_zero(&self) -> bool {
        self.raw.bytes().all(|b| b == b'0' || b == b'.')
    }

    /// Converts to an integer count of minor units for a currency with `minor_units` decimal
    /// places, or `None` if the amount has more decimals than that (it would not be exact) or
    /// does not fit in a `u64`.
    #[must_use]
    pub fn to_minor_units(&self, minor_units: u8) -> Option<u64> {
        let frac = self.fraction_digits();
        // Extra decimals are allowed only if they are zeros ("1.50" in a 1-decimal currency).
        let scale = usize::from(minor_units);
        let (kept, dropped) = if frac.len() > scale {
            (frac.get(..scale)?, frac.get(scale..)?)
        } else {
            (frac, "")
        };
        if dropped.bytes().any(|b| b != b'0') {
            return None;
        }
        let mut v: u64 = 0;
        for b in self.integer_digits().bytes().chain(kept.bytes()) {
            v = v
                .checked_mul(10)?
                .checked_add(u64::from(b.wrapping_sub(b'0')))?;
        }
        for _ in kept.len()..scale {
            v = v.checked_mul(10)?;
        }
        Some(v)
    }
}

impl fmt::Debug for Amount<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.raw)
    }
}

/// Writes the amount exactly as the payload has it.
impl fmt::Display for Amount<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn spec_examples() {
        for ok in ["98.73", "98", "98.", ".5", "0"] {
            assert!(Amount::new(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            Amount::new("98,73").unwrap_err().to_string(),
            "unexpected ',' at byte 2 of the amount: only digits and one '.' are allowed"
        );
        assert_eq!(
            Amount::new("3 705").unwrap_err().to_string(),
            "unexpected ' ' at byte 1 of the amount: only digits and one '.' are allowed"
        );
        assert_eq!(
            Amount::new(".").unwrap_err().to_string(),
            "an amount needs at least one digit"
        );
        assert!(Amount::new("1.2.3").is_err());
    }

    #[test]
    fn minor_units_are_exact() {
        let a = Amount::new("123.45").unwrap();
        assert_eq!(a.to_minor_units(2), Some(12345));
        assert_eq!(a.to_minor_units(3), Some(123450));
        assert_eq!(a.to_minor_units(1), None);
        assert_eq!(Amount::new("1.50").unwrap().to_minor_units(1), Some(15));
        assert_eq!(
            Amount::new("99999999999999999999")
                .unwrap()
                .to_minor_units(2),
            None
        );
        assert!(Amount::new("0.00").unwrap().is_zero());
        assert!(!Amount::new("0.01").unwrap().is_zero());
    }
}
