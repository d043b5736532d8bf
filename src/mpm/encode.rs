//! Writing payloads into a caller's buffer: `ID(2) LEN(2) VALUE`, then `6304` and the CRC.

#[cfg(feature = "alloc")]
use alloc::string::String;

use super::Violation;
use super::{LengthUnit, Payload};
use crate::checksum::{crc16, hex4};
use crate::error::ObjectPath;

/// Why a payload could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The caller's buffer is too small; nothing usable was written.
    #[error("buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// The bytes the payload needs.
        needed: usize,
        /// The bytes the buffer has.
        available: usize,
    },
    /// A value cannot be framed: a length field holds 00 to 99 characters.
    #[error("value of {path} is {found} characters long; a length field holds at most 99")]
    ValueTooLong {
        /// The object.
        path: ObjectPath,
        /// Its length in characters.
        found: usize,
    },
    /// An ID outside 00-99.
    #[error("data object id {id} is outside 00-99")]
    IdOutOfRange {
        /// The ID given.
        id: u8,
    },
    /// The payload would break a rule of the standard; the violation names it.
    #[error("the payload would break the standard: {0}")]
    Invalid(Violation),
}

/// Appends to a caller's buffer, counting what would not fit so the error can say how much
/// was needed.
pub(crate) struct Writer<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> Writer<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Writer { buf, len: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }

    /// Writes one data object; the length is the value's size in `unit`s.
    pub(crate) fn object(
        &mut self,
        path: ObjectPath,
        value: &str,
        unit: LengthUnit,
    ) -> Result<(), EncodeError> {
        let id = path.id();
        if id > 99 {
            return Err(EncodeError::IdOutOfRange { id });
        }
        let n = match unit {
            LengthUnit::Chars => char_count(value),
            LengthUnit::Bytes => value.len(),
        };
        let Ok(n8) = u8::try_from(n) else {
            return Err(EncodeError::ValueTooLong { path, found: n });
        };
        if n8 > 99 {
            return Err(EncodeError::ValueTooLong { path, found: n });
        }
        self.push(&two_digits(id));
        self.push(&two_digits(n8));
        self.push(value.as_bytes());
        Ok(())
    }

    /// Writes `6304` and the CRC of everything written so far.
    pub(crate) fn crc(&mut self) {
        self.push(b"6304");
        let covered = self.buf.get(..self.len).unwrap_or_default();
        let crc = hex4(crc16(covered));
        self.push(&crc);
    }

    /// Returns the text written.
    pub(crate) fn finish(self) -> Result<&'b str, EncodeError> {
        let available = self.buf.len();
        match self.buf.get(..self.len) {
            Some(bytes) => core::str::from_utf8(bytes).map_err(|_| EncodeError::BufferTooSmall {
                needed: self.len,
                available,
            }),
            None => Err(EncodeError::BufferTooSmall {
                needed: self.len,
                available,
            }),
        }
    }
}

pub(crate) fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

const fn two_digits(n: u8) -> [u8; 2] {
    [
        (n / 10 % 10).wrapping_add(b'0'),
        (n % 10).wrapping_add(b'0'),
    ]
}

impl Payload<'_> {
    /// Writes the payload into `buf` from its data objects (lengths recomputed in the unit it
    /// was read with, the CRC kept as it was read), returning the text written. For every
    /// payload that parses, this reproduces the input byte for byte, unknown objects and
    /// object order included.
    ///
    /// # Errors
    ///
    /// [`EncodeError::BufferTooSmall`] if `buf` is shorter than the payload (which is at most
    /// [`MAX_INPUT_LEN`](super::MAX_INPUT_LEN) bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = "00020101021129370016A000000677010111011300668912345675802TH5303764630429c1";
    /// let p = paycode::mpm::Payload::parse(s)?;
    /// let mut buf = [0u8; 128];
    /// assert_eq!(p.encode_into(&mut buf)?, s); // lower-case CRC and all
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, EncodeError> {
        let mut w = Writer::new(buf);
        for o in self.objects() {
            w.object(ObjectPath::root(o.id()), o.value(), self.unit)?;
        }
        w.finish()
    }

    /// Writes the payload into a new `String`; see [`encode_into`](Self::encode_into).
    ///
    /// # Errors
    ///
    /// None in practice: the buffer is sized to the payload.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.encode_to_string()?, paycode::mpm::SPEC_EXAMPLE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn encode_to_string(&self) -> Result<String, EncodeError> {
        let mut buf = alloc::vec![0u8; self.as_str().len()];
        self.encode_into(&mut buf).map(String::from)
    }
}
