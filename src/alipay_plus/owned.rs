//! [`AlipayPlusMpmBuf`], the owned form of an [`AlipayPlusMpm`] (`alloc`).

use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use super::{AlipayPlusMpm, MAX_DECODED_LEN};
use crate::error::Error;

/// An Alipay+ merchant code that was read successfully, owning its text and its decoded
/// payload: the owned form of [`AlipayPlusMpm`] (see [`PayloadBuf`](crate::mpm::PayloadBuf)
/// for the naming). No caller buffer is needed.
///
/// [`as_view`](Self::as_view) gives the view back without reading again and cannot fail.
/// `Display` writes the text byte for byte; `Debug` is the view's; equality and hashing follow
/// the text (the rest is read from it).
///
/// # Examples
///
/// ```
/// use paycode::alipay_plus::AlipayPlusMpmBuf;
/// let c: AlipayPlusMpmBuf = "https://qr.example.com/MPM/3/R1BMRDAwMA==".parse()?;
/// assert_eq!(c.as_view().domain(), "qr.example.com");
/// assert_eq!(c.as_view().payload(), "GPLD000");
/// assert_eq!(c.to_string(), "https://qr.example.com/MPM/3/R1BMRDAwMA==");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone)]
pub struct AlipayPlusMpmBuf {
    text: String,
    /// The view's parts, each a copy of what the reader found: the domain and the base64 are
    /// parts of `text`, the payload is `text`'s decoded base64.
    domain: String,
    encoded: String,
    payload: String,
}

impl AlipayPlusMpmBuf {
    /// Returns the borrowed view, which has every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::alipay_plus::AlipayPlusMpmBuf = "https://qr.example.com/MPM/3/R1BMRDAwMA==".parse()?;
    /// assert_eq!(c.as_view().encoded_payload(), "R1BMRDAwMA==");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_view(&self) -> AlipayPlusMpm<'_> {
        AlipayPlusMpm {
            text: &self.text,
            domain: &self.domain,
            encoded: &self.encoded,
            payload: &self.payload,
        }
    }

    /// Returns the code's text, in full.
    ///
    /// # Examples
    ///
    /// ```
    /// let c: paycode::alipay_plus::AlipayPlusMpmBuf = "https://qr.example.com/MPM/3/R1BMRDAwMA==".parse()?;
    /// assert_eq!(c.as_str(), "https://qr.example.com/MPM/3/R1BMRDAwMA==");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl AlipayPlusMpm<'_> {
    /// Copies the code and its decoded payload into an [`AlipayPlusMpmBuf`] (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// let owned = {
    ///     let mut buf = [0u8; paycode::alipay_plus::MAX_DECODED_LEN];
    ///     paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAwMA==", &mut buf)?
    ///         .into_owned()
    /// }; // `buf` is gone; `owned` is not.
    /// assert_eq!(owned.as_view().payload(), "GPLD000");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_owned(self) -> AlipayPlusMpmBuf {
        AlipayPlusMpmBuf {
            text: String::from(self.text),
            domain: String::from(self.domain),
            encoded: String::from(self.encoded),
            payload: String::from(self.payload),
        }
    }
}

impl From<AlipayPlusMpm<'_>> for AlipayPlusMpmBuf {
    fn from(c: AlipayPlusMpm<'_>) -> Self {
        c.into_owned()
    }
}

/// Reads as [`AlipayPlusMpm::parse`], decoding into a buffer of its own.
impl FromStr for AlipayPlusMpmBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let mut buf = [0u8; MAX_DECODED_LEN];
        AlipayPlusMpm::parse(s, &mut buf).map(AlipayPlusMpm::into_owned)
    }
}

/// Writes the code's text as read, byte for byte.
impl fmt::Display for AlipayPlusMpmBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As the view's `Debug`.
impl fmt::Debug for AlipayPlusMpmBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl PartialEq for AlipayPlusMpmBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for AlipayPlusMpmBuf {}

/// Hashes the text, from which the rest is read.
impl Hash for AlipayPlusMpmBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialEq<AlipayPlusMpm<'_>> for AlipayPlusMpmBuf {
    fn eq(&self, other: &AlipayPlusMpm<'_>) -> bool {
        self.as_view() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::string::ToString;

    const TEXT: &str = "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE";

    #[test]
    fn the_view_of_the_owned_form_reads_as_the_original() {
        let mut buf = [0u8; MAX_DECODED_LEN];
        let view = AlipayPlusMpm::parse(TEXT, &mut buf).unwrap();
        let owned: AlipayPlusMpmBuf = TEXT.parse().unwrap();
        assert_eq!(owned, view);
        assert_eq!(owned.as_view().domain(), "QR.SAMPLEDOMAIN.COM");
        let ids: std::vec::Vec<&str> = owned.as_view().objects().map(|o| o.id()).collect();
        assert_eq!(ids, ["PLVS", "CDSD", "CIRD"]);
        assert_eq!(owned.to_string(), TEXT);
        assert_eq!(format!("{owned:?}"), format!("{view:?}"));
    }
}
