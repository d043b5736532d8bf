//! The text TLV reader: `ID(2) LEN(2) VALUE(LEN)`, one level at a time.
//!
//! Rules `MPM-TLV-1` (header) and `MPM-TLV-2` (value within bounds) are enforced here. The
//! reader never recurses: a template's value is read by calling it again on that value, and the
//! standard nests at most two levels below the root.
//!
//! Lengths count Unicode scalar values (EMVCo MPM §4.4.1.1: the spec's own example has
//! `0104最佳运输`, four characters in twelve bytes). For ASCII input, the common case, characters
//! and bytes coincide and the value is sliced directly; otherwise nom's `take` counts
//! characters. [`LengthUnit::Bytes`] reads payloads from generators that count bytes instead.

use nom::Parser;
use nom::bytes::complete::take;

use super::{Error, ErrorKind};
use crate::error::{ObjectPath, Rule};

/// How the two-digit length of a data object counts its value.
///
/// # Examples
///
/// ```
/// use paycode::mpm::{LengthUnit, ParseOptions};
/// // Template 64 with lengths counted in UTF-8 bytes, as some generators write it.
/// let s = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///          520441115802CN5914BEST TRANSPORT6007BEIJING64320002ZH0112最佳运输0206北京\
///          540523.7253031565502016233030412340603***0708A60086670902ME91320016A011223344\
///          99887707081234567863045D81";
/// assert!(paycode::mpm::Payload::parse(s).is_err());
/// let p = ParseOptions::new().length_unit(LengthUnit::Bytes).parse(s)?;
/// assert_eq!(p.language_template().unwrap()?.get(1).unwrap().value(), "最佳运输");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LengthUnit {
    /// Unicode scalar values, as the standard says (the default).
    #[default]
    Chars,
    /// UTF-8 bytes: a leniency for payloads from generators that count bytes.
    Bytes,
}

/// One data object: its ID, its value, and where its header starts in the payload.
///
/// The value is borrowed from the input; nothing is copied.
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(
///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
/// let first = p.objects().next().unwrap();
/// assert_eq!((first.id(), first.value(), first.offset()), (0, "01", 0));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataObject<'a> {
    id: u8,
    value: &'a str,
    offset: usize,
}

impl<'a> DataObject<'a> {
    /// Returns the object's two-digit ID as a number, 0 to 99.
    #[must_use]
    pub const fn id(&self) -> u8 {
        self.id
    }

    /// Returns the value, borrowed from the payload.
    #[must_use]
    pub const fn value(&self) -> &'a str {
        self.value
    }

    /// Returns the byte offset of the object's header in the payload.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns the byte offset of the value in the payload (four bytes after the header).
    #[must_use]
    pub const fn value_offset(&self) -> usize {
        self.offset.saturating_add(4)
    }

    /// Returns the number of characters (Unicode scalar values) in the value, which is what
    /// its length field says under the standard's counting.
    #[must_use]
    pub fn char_len(&self) -> usize {
        if self.value.is_ascii() {
            self.value.len()
        } else {
            self.value.chars().count()
        }
    }
}

/// Reads the data object starting at byte `pos` of `input`.
///
/// Returns the object (offsets relative to `input`) and the byte offset just after it.
/// `parent` is the path of the template being read, for error messages; `ascii` says that
/// `input` is known to be ASCII, so characters may be counted as bytes.
#[inline]
pub(crate) fn read_object<'a>(
    input: &'a str,
    pos: usize,
    ascii: bool,
    unit: LengthUnit,
    parent: Option<ObjectPath>,
) -> Result<(DataObject<'a>, usize), Error> {
    const TLV1: Rule = Rule::MpmTlv1;
    const TLV2: Rule = Rule::MpmTlv2;
    let rest = input.get(pos..).unwrap_or("");

    // The header is four ASCII digits, so it is read as bytes whatever the value holds: the
    // first byte that is not a digit starts a character, since only digits precede it.
    let Ok((_, header)) = take::<usize, &[u8], ()>(4).parse(rest.as_bytes()) else {
        let found = rest.chars().count();
        return Err(Error::new(TLV1, pos, ErrorKind::TruncatedHeader { found }));
    };
    let (id_digits, len_digits) = header.split_at(2);
    let id = match two_digits(id_digits) {
        Some(id) => id,
        None => {
            let (at, found) = first_non_digit(rest);
            let kind = ErrorKind::IdNotDigits { found };
            return Err(Error::new(TLV1, pos.saturating_add(at), kind));
        }
    };
    let path = match parent {
        Some(p) => p.child(id),
        None => ObjectPath::root(id),
    };
    let length = match two_digits(len_digits) {
        Some(n) => usize::from(n),
        None => {
            let (at, found) = first_non_digit(rest);
            let kind = ErrorKind::LengthNotDigits { path, found };
            return Err(Error::new(TLV1, pos.saturating_add(at), kind));
        }
    };
    let after = rest.get(4..).unwrap_or("");

    let value_pos = pos.saturating_add(4);
    let value = if ascii || unit == LengthUnit::Bytes {
        match after.get(..length) {
            Some(v) => v,
            None if length <= after.len() => {
                return Err(Error::new(
                    TLV2,
                    value_pos,
                    ErrorKind::SplitCharacter { path },
                ));
            }
            None => {
                // ASCII or byte counting: characters left are bytes left.
                let kind = ErrorKind::ValueOverrun {
                    path,
                    length,
                    available: after.len(),
                };
                return Err(Error::new(TLV2, value_pos, kind));
            }
        }
    } else {
        match take::<usize, &str, ()>(length).parse(after) {
            Ok((_, v)) => v,
            Err(_) => {
                let available = after.chars().count();
                let kind = ErrorKind::ValueOverrun {
                    path,
                    length,
                    available,
                };
                return Err(Error::new(TLV2, value_pos, kind));
            }
        }
    };
    let next = value_pos.saturating_add(value.len());
    Ok((
        DataObject {
            id,
            value,
            offset: pos,
        },
        next,
    ))
}

/// Reads two ASCII digits as a number, or `None` if either is not a digit.
fn two_digits(d: &[u8]) -> Option<u8> {
    match *d {
        // Two digits make at most 99: no overflow in u8.
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(
            (a.wrapping_sub(b'0'))
                .wrapping_mul(10)
                .wrapping_add(b.wrapping_sub(b'0')),
        ),
        _ => None,
    }
}

/// Returns the byte index and the character of the first non-digit in `s` (the header's
/// fault, once `two_digits` has failed).
fn first_non_digit(s: &str) -> (usize, char) {
    s.char_indices()
        .find(|(_, c)| !c.is_ascii_digit())
        .unwrap_or((0, '0'))
}

/// Iterates over the data objects of a span already known to be well-formed.
///
/// Offsets are made absolute by adding `base`. Should the span turn out not to be well-formed
/// after all, the iteration simply ends.
#[derive(Debug, Clone)]
pub(crate) struct Objects<'a> {
    pub(crate) text: &'a str,
    pub(crate) pos: usize,
    pub(crate) base: usize,
    pub(crate) ascii: bool,
    pub(crate) unit: LengthUnit,
}

impl<'a> Iterator for Objects<'a> {
    type Item = DataObject<'a>;

    fn next(&mut self) -> Option<DataObject<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        match read_object(self.text, self.pos, self.ascii, self.unit, None) {
            Ok((obj, next)) => {
                self.pos = next;
                Some(DataObject {
                    offset: obj.offset.saturating_add(self.base),
                    ..obj
                })
            }
            Err(_) => {
                self.pos = self.text.len();
                None
            }
        }
    }
}

/// Checks that `text` is a sequence of well-formed data objects, returning the first error
/// with its offset made absolute by adding `base`.
pub(crate) fn check_sequence(
    text: &str,
    base: usize,
    ascii: bool,
    unit: LengthUnit,
    path: ObjectPath,
) -> Result<(), Error> {
    let mut pos = 0;
    while pos < text.len() {
        match read_object(text, pos, ascii, unit, Some(path)) {
            Ok((_, next)) => pos = next,
            Err(e) => return Err(e.shifted(base)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    fn read(s: &str) -> Result<(u8, &str, usize), Error> {
        read_object(s, 0, s.is_ascii(), LengthUnit::Chars, None).map(|(o, n)| (o.id, o.value, n))
    }

    #[test]
    fn reads_ascii_and_multibyte_values() {
        assert_eq!(read("0002010102").unwrap(), (0, "01", 6));
        assert_eq!(read("0104最佳运输0202").unwrap(), (1, "最佳运输", 16));
    }

    #[test]
    fn byte_unit_counts_bytes() {
        let s = "0106北京";
        let (o, n) = read_object(s, 0, false, LengthUnit::Bytes, None).unwrap();
        assert_eq!((o.value, n), ("北京", 10));
        let err = read_object("0104北京", 0, false, LengthUnit::Bytes, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "value of 01 ends inside a multi-byte character (MPM-TLV-2 at byte 4)"
        );
    }

    #[test]
    fn header_errors_carry_offsets() {
        assert_eq!(
            read("000").unwrap_err().to_string(),
            "data object header cut short: expected 4 characters, found 3 (MPM-TLV-1 at byte 0)"
        );
        assert_eq!(
            read("0A02").unwrap_err().to_string(),
            "data object id must be two digits, found 'A' (MPM-TLV-1 at byte 1)"
        );
        assert_eq!(
            read("00 2").unwrap_err().to_string(),
            "length of 00 must be two digits, found ' ' (MPM-TLV-1 at byte 2)"
        );
        assert_eq!(
            read("0005abc").unwrap_err().to_string(),
            "value of 00 needs 5 characters, only 3 left (MPM-TLV-2 at byte 4)"
        );
        assert_eq!(
            read("0005北京").unwrap_err().to_string(),
            "value of 00 needs 5 characters, only 2 left (MPM-TLV-2 at byte 4)"
        );
        assert_eq!(
            read("0北02").unwrap_err().to_string(),
            "data object id must be two digits, found '北' (MPM-TLV-1 at byte 1)"
        );
    }
}
