//! [`CpmBuf`], the owned form of a [`Cpm`] (`alloc`).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{Cpm, MAX_DECODED_LEN};
use crate::error::Error;

/// A consumer-presented payload that was read successfully, owning both its base64 text and
/// its decoded bytes: the owned form of [`Cpm`] (see [`PayloadBuf`](crate::mpm::PayloadBuf)
/// for the naming). No caller buffer is needed.
///
/// The text is what [`Cpm::decode`] read; made from a view ([`Cpm::into_owned`]) it is the
/// bytes' standard base64, which is the same text: the reader takes only canonical base64
/// (padding required, no stray bits in the last character), so one text decodes to given bytes.
/// `Display` writes the text; `Debug` is the view's, which masks card data; equality and
/// hashing follow the bytes.
///
/// # Examples
///
/// ```
/// use paycode::cpm::CpmBuf;
/// let text = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
/// let p: CpmBuf = text.parse()?;
/// assert_eq!(p.as_view().format_indicator(), Some(&b"CPV01"[..]));
/// assert_eq!(p.as_bytes().len(), 35);
/// assert_eq!(p.to_string(), text);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone)]
pub struct CpmBuf {
    text: String,
    /// `text`, decoded: a payload [`Cpm::parse`] accepted.
    bytes: Vec<u8>,
}

impl CpmBuf {
    /// Reads decoded payload bytes and keeps them, with their base64 text.
    ///
    /// # Errors
    ///
    /// As [`Cpm::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::cpm::CpmBuf::from_bytes(&[0x85, 0x05, b'C', b'P', b'V', b'0', b'1'])?;
    /// assert_eq!(p.as_str(), "hQVDUFYwMQ==");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, super::Error> {
        Cpm::parse(bytes).map(Cpm::into_owned)
    }

    /// Returns the borrowed view, which has every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::cpm::CpmBuf = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=".parse()?;
    /// assert_eq!(p.as_view().applications().count(), 1);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_view(&self) -> Cpm<'_> {
        Cpm { bytes: &self.bytes }
    }

    /// Returns the base64 text.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::cpm::CpmBuf = "hQVDUFYwMQ==".parse()?;
    /// assert_eq!(p.as_str(), "hQVDUFYwMQ==");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the decoded bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::cpm::CpmBuf = "hQVDUFYwMQ==".parse()?;
    /// assert_eq!(p.as_bytes(), b"\x85\x05CPV01");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Cpm<'_> {
    /// Copies the payload into a [`CpmBuf`] that owns its bytes and their base64 text
    /// (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// let text = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
    /// let owned = {
    ///     let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    ///     paycode::cpm::Cpm::decode(text, &mut buf)?.into_owned()
    /// }; // `buf` is gone; `owned` is not.
    /// assert_eq!(owned.as_str(), text);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_owned(self) -> CpmBuf {
        CpmBuf {
            text: STANDARD.encode(self.bytes),
            bytes: Vec::from(self.bytes),
        }
    }
}

impl From<Cpm<'_>> for CpmBuf {
    fn from(p: Cpm<'_>) -> Self {
        p.into_owned()
    }
}

/// Decodes and reads as [`Cpm::decode`], into a buffer of its own.
impl FromStr for CpmBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let mut bytes = vec![0u8; MAX_DECODED_LEN];
        let len = Cpm::decode(s, &mut bytes)?.as_bytes().len();
        bytes.truncate(len);
        bytes.shrink_to_fit();
        Ok(CpmBuf {
            text: String::from(s),
            bytes,
        })
    }
}

/// Writes the base64 text.
impl fmt::Display for CpmBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As the view's `Debug`: card data masked, the text not shown.
impl fmt::Debug for CpmBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl PartialEq for CpmBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for CpmBuf {}

/// Hashes the bytes, which equality compares.
impl Hash for CpmBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl PartialEq<Cpm<'_>> for CpmBuf {
    fn eq(&self, other: &Cpm<'_>) -> bool {
        self.as_view() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::ToString;

    const TEXT: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";

    #[test]
    fn text_and_bytes_agree_whichever_way_it_was_made() {
        let mut buf = [0u8; MAX_DECODED_LEN];
        let view = Cpm::decode(TEXT, &mut buf).unwrap();
        let from_view = view.into_owned();
        let parsed: CpmBuf = TEXT.parse().unwrap();
        assert_eq!(from_view, parsed);
        assert_eq!(from_view.as_str(), parsed.as_str());
        assert_eq!(parsed.as_bytes(), view.as_bytes());
        assert_eq!(parsed.to_string(), TEXT);
        assert_eq!(format!("{parsed:?}"), format!("{view:?}"));
        assert!(!format!("{parsed:?}").contains(TEXT));
    }

    #[test]
    fn bad_base64_makes_no_owned_payload() {
        let err = "hQVDUFYwMQ".parse::<CpmBuf>().unwrap_err();
        assert_eq!(err.rule().unwrap().id(), "CPM-B64-1");
    }
}
