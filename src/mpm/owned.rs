//! [`PayloadBuf`], the owned form of a [`Payload`] (`alloc`).

use alloc::string::String;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::str::FromStr;

use super::Error;
use super::{LengthUnit, ParseOptions, Payload};

/// A merchant-presented payload that was read successfully, owning its text: the owned form of
/// [`Payload`], for a value that outlives its input (a batch, a struct field, a channel).
///
/// It keeps what the reader found (the index of objects, the CRC) next to the text, so
/// [`as_view`](Self::as_view) gives the borrowed [`Payload`] back without reading again and
/// without any way to fail; every accessor is the view's. `Display` writes the text byte for
/// byte; `Debug` is the view's; equality and hashing follow the text and the length unit, as
/// the view's equality does.
///
/// The owned form of every family is named after its view with `Buf` appended, as `PathBuf`
/// is to `Path`, and made with the view's `into_owned`, `From` or [`FromStr`].
///
/// # Examples
///
/// ```
/// use paycode::mpm::{Payload, PayloadBuf};
/// let owned: PayloadBuf = paycode::mpm::SPEC_EXAMPLE.parse()?;
/// assert_eq!(owned.as_view().merchant_name(), Some("BEST TRANSPORT"));
/// assert_eq!(owned.to_string(), paycode::mpm::SPEC_EXAMPLE);
/// let view = Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
/// assert_eq!(view.into_owned(), owned);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone)]
pub struct PayloadBuf {
    text: String,
    ascii: bool,
    unit: LengthUnit,
    /// The view's index, valid for `text`: it was computed from the same bytes.
    index: super::tlv::Index,
    crc_offset: u16,
    crc: u16,
}

impl PayloadBuf {
    /// Parses a payload with `options` and keeps it. With
    /// [`trim_line_end`](ParseOptions::trim_line_end) the kept text is the trimmed one.
    ///
    /// # Errors
    ///
    /// As [`ParseOptions::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::mpm::{ParseOptions, PayloadBuf};
    /// let scanned = format!("{}\r\n", paycode::mpm::SPEC_EXAMPLE);
    /// let p = PayloadBuf::parse_with(ParseOptions::new().trim_line_end(true), &scanned)?;
    /// assert_eq!(p.as_str(), paycode::mpm::SPEC_EXAMPLE);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn parse_with(options: ParseOptions, input: &str) -> Result<Self, Error> {
        options.parse(input).map(Payload::into_owned)
    }

    /// Returns the borrowed view, which has every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::mpm::PayloadBuf = paycode::mpm::SPEC_EXAMPLE.parse()?;
    /// assert_eq!(p.as_view().crc(), 0xA13A);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_view(&self) -> Payload<'_> {
        Payload {
            text: &self.text,
            ascii: self.ascii,
            unit: self.unit,
            index: self.index,
            crc_offset: self.crc_offset,
            crc: self.crc,
        }
    }

    /// Returns the payload text exactly as it was read.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::mpm::PayloadBuf = paycode::mpm::SPEC_EXAMPLE.parse()?;
    /// assert!(p.as_str().starts_with("000201"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the text, giving up the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// let p: paycode::mpm::PayloadBuf = paycode::mpm::SPEC_EXAMPLE.parse()?;
    /// assert_eq!(p.into_string(), paycode::mpm::SPEC_EXAMPLE);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_string(self) -> String {
        self.text
    }
}

impl Payload<'_> {
    /// Copies the payload into a [`PayloadBuf`] that owns its text (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// let owned = {
    ///     let input = String::from(paycode::mpm::SPEC_EXAMPLE);
    ///     paycode::mpm::Payload::parse(&input)?.into_owned()
    /// }; // `input` is gone; `owned` is not.
    /// assert_eq!(owned.as_view().merchant_city(), Some("BEIJING"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn into_owned(self) -> PayloadBuf {
        PayloadBuf {
            text: String::from(self.text),
            ascii: self.ascii,
            unit: self.unit,
            index: self.index,
            crc_offset: self.crc_offset,
            crc: self.crc,
        }
    }
}

impl From<Payload<'_>> for PayloadBuf {
    fn from(p: Payload<'_>) -> Self {
        p.into_owned()
    }
}

/// Parses under the standard's rules, as [`Payload::parse`].
impl FromStr for PayloadBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Payload::parse(s).map(Payload::into_owned)
    }
}

/// Writes the payload exactly as it was read.
impl fmt::Display for PayloadBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// As the view's `Debug`: the root objects and their values.
impl fmt::Debug for PayloadBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_view(), f)
    }
}

impl PartialEq for PayloadBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_view() == other.as_view()
    }
}

impl Eq for PayloadBuf {}

impl Hash for PayloadBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.unit.hash(state);
    }
}

impl PartialEq<Payload<'_>> for PayloadBuf {
    fn eq(&self, other: &Payload<'_>) -> bool {
        self.as_view() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::string::ToString;

    const PP: &str = "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1";

    #[test]
    fn the_view_of_the_owned_form_is_the_view_it_was_made_from() {
        for text in [PP, super::super::SPEC_EXAMPLE] {
            let view = Payload::parse(text).unwrap();
            let owned = view.into_owned();
            let back = owned.as_view();
            assert_eq!(back, view);
            assert_eq!(back.index, view.index);
            assert_eq!((back.crc, back.crc_offset), (view.crc, view.crc_offset));
            assert_eq!(back.ascii, view.ascii);
            assert_eq!(owned.to_string(), text);
            assert_eq!(std::format!("{owned:?}"), std::format!("{view:?}"));
            assert_eq!(owned, text.parse::<PayloadBuf>().unwrap());
        }
    }

    #[test]
    fn a_payload_that_does_not_parse_makes_no_owned_one() {
        let err = "000201".parse::<PayloadBuf>().unwrap_err();
        assert_eq!(err.rule().id(), "MPM-CRC-1");
    }

    #[test]
    fn equal_payloads_hash_alike() {
        let a: PayloadBuf = PP.parse().unwrap();
        let set: HashSet<PayloadBuf> = [a.clone(), a.clone()].into_iter().collect();
        assert_eq!(set.len(), 1);
        assert_eq!(a.clone().into_string(), PP.to_string());
    }
}
