//! Card data inside an application template: the PAN (5A) and track 2 (57), decoded from
//! their packed digits, masked in `Debug`.

use core::fmt;

use crate::checksum::luhn_valid;

/// The most digits a [`Pan`] holds: 5A may carry up to 19 in EMV; some national schemes
/// send longer account numbers, which are kept up to this length.
pub const MAX_PAN_DIGITS: usize = 40;

/// A primary account number (or payment token) decoded from packed digits, kept as a string
/// of ASCII digits without allocation.
///
/// # Examples
///
/// ```
/// use paycode::cpm::Pan;
/// let pan = Pan::from_bcd(&[0x62, 0x92, 0x61, 0x03, 0x58, 0x44, 0x43, 0x35, 0x64, 0x1F]).unwrap();
/// assert_eq!(pan.as_str(), "6292610358444335641");
/// assert!(pan.luhn_valid());
/// assert_eq!(format!("{pan:?}"), "Pan(\"629261*********5641\")");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pan {
    digits: [u8; MAX_PAN_DIGITS],
    len: u8,
}

impl Pan {
    /// Decodes packed digits (format cn: two digits a byte, `F` padding at the end only).
    /// Returns `None` for any other nibble, padding before a digit, or more than
    /// [`MAX_PAN_DIGITS`] digits.
    #[must_use]
    pub fn from_bcd(bytes: &[u8]) -> Option<Pan> {
        let mut out = Pan {
            digits: [0; MAX_PAN_DIGITS],
            len: 0,
        };
        let mut padded = false;
        for nibble in bytes.iter().flat_map(|b| [b >> 4, b & 0x0F]) {
            match nibble {
                0..=9 if !padded => out.push(nibble)?,
                0x0F => padded = true,
                _ => return None,
            }
        }
        (out.len > 0).then_some(out)
    }

    fn push(&mut self, digit: u8) -> Option<()> {
        let slot = self.digits.get_mut(usize::from(self.len))?;
        *slot = digit.wrapping_add(b'0');
        self.len = self.len.checked_add(1)?;
        Some(())
    }

    /// Returns the digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(..usize::from(self.len)).unwrap_or_default();
        core::str::from_utf8(digits).unwrap_or_default()
    }

    /// Returns whether the last digit is the Luhn check digit of the others. Card numbers and
    /// payment tokens have one; the EMVCo specification's own example PAN does not, so this is
    /// reported, not required (`spec/cpm.md`).
    #[must_use]
    pub fn luhn_valid(&self) -> bool {
        luhn_valid(self.as_str().as_bytes())
    }
}

impl fmt::Debug for Pan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The first six (the issuer's BIN) and the last four, as PCI DSS allows, when at least
        // three digits stay hidden; a shorter number shows two and two, or nothing.
        let s = self.as_str();
        let n = s.len();
        let (head, tail) = match n {
            13.. => (6, 4),
            6..=12 => (2, 2),
            _ => (0, 0),
        };
        f.write_str("Pan(\"")?;
        for (i, c) in s.chars().enumerate() {
            let shown = i < head || (tail > 0 && i.saturating_add(tail) >= n);
            f.write_fmt(format_args!("{}", if shown { c } else { '*' }))?;
        }
        f.write_str("\")")
    }
}

/// Writes the full number.
impl fmt::Display for Pan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Track 2 equivalent data (57): PAN, `D`, expiry YYMM, service code, discretionary data, `F`
/// padding (CPM Table 6.2).
///
/// # Examples
///
/// ```
/// use paycode::cpm::Track2;
/// let t = Track2::decode(&[0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x58, 0xD1, 0x91,
///                          0x22, 0x01, 0x12, 0x34, 0x5F]).unwrap();
/// assert_eq!((t.pan().as_str(), t.expiry(), t.service_code()), ("1234567890123458", "1912", "201"));
/// assert_eq!(t.discretionary(), "12345");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Track2 {
    pan: Pan,
    /// Expiry (4 digits), service code (3) and discretionary data, as ASCII digits.
    rest: [u8; 38],
    rest_len: u8,
}

impl Track2 {
    /// Decodes track 2 equivalent data, or `None` if it is not PAN (1 to 19 digits), `D`,
    /// four expiry digits, three service-code digits, digits, and `F` padding only at the end.
    #[must_use]
    pub fn decode(bytes: &[u8]) -> Option<Track2> {
        if bytes.len() > 19 {
            return None;
        }
        let mut pan = Pan {
            digits: [0; MAX_PAN_DIGITS],
            len: 0,
        };
        let mut t = Track2 {
            pan,
            rest: [0; 38],
            rest_len: 0,
        };
        let mut in_pan = true;
        let mut padded = false;
        for nibble in bytes.iter().flat_map(|b| [b >> 4, b & 0x0F]) {
            match nibble {
                _ if padded && nibble != 0x0F => return None,
                0..=9 if in_pan => pan.push(nibble)?,
                0x0D if in_pan => in_pan = false,
                0..=9 => {
                    let slot = t.rest.get_mut(usize::from(t.rest_len))?;
                    *slot = nibble.wrapping_add(b'0');
                    t.rest_len = t.rest_len.checked_add(1)?;
                }
                0x0F if !in_pan => padded = true,
                _ => return None,
            }
        }
        if in_pan || pan.len == 0 || pan.len > 19 || t.rest_len < 7 {
            return None;
        }
        t.pan = pan;
        Some(t)
    }

    /// Returns the PAN.
    #[must_use]
    pub const fn pan(&self) -> Pan {
        self.pan
    }

    fn rest(&self) -> &str {
        let digits = self
            .rest
            .get(..usize::from(self.rest_len))
            .unwrap_or_default();
        core::str::from_utf8(digits).unwrap_or_default()
    }

    /// Returns the expiry date, YYMM.
    #[must_use]
    pub fn expiry(&self) -> &str {
        self.rest().get(..4).unwrap_or_default()
    }

    /// Returns the three-digit service code.
    #[must_use]
    pub fn service_code(&self) -> &str {
        self.rest().get(4..7).unwrap_or_default()
    }

    /// Returns the discretionary data digits.
    #[must_use]
    pub fn discretionary(&self) -> &str {
        self.rest().get(7..).unwrap_or_default()
    }
}

impl fmt::Debug for Track2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Track2")
            .field("pan", &self.pan)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn debug_never_shows_a_short_pan_whole() {
        let debug = |bcd: &[u8]| format!("{:?}", Pan::from_bcd(bcd).unwrap());
        assert_eq!(
            debug(&[0x12, 0x34, 0x56, 0x78, 0x90]),
            "Pan(\"12******90\")"
        );
        assert_eq!(debug(&[0x12, 0x34, 0x5F]), "Pan(\"*****\")");
        assert_eq!(
            debug(&[0x62, 0x92, 0x61, 0x03, 0x58, 0x44, 0x43, 0x56, 0x41]),
            "Pan(\"629261********5641\")"
        );
    }
}
