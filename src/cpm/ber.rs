//! The BER-TLV reader of consumer-presented payloads (EMV Book 3 Annex B), with nom:
//! multi-byte tags, definite lengths only, bounded nesting (`CPM-BER-1` to `CPM-BER-4`).

use nom::Parser;
use nom::bytes::complete::take;
use nom::number::complete::be_u8;

use super::{Error, ErrorKind, LengthFault, TagFault};
use crate::error::Rule;

/// The deepest nesting of templates the reader accepts (`CPM-BER-4`). CPM nests two levels
/// (61 holding 63); this leaves room for other templates and bounds the work of any input.
pub const MAX_DEPTH: usize = 4;

/// One BER-TLV data object, borrowed from the decoded payload.
///
/// # Examples
///
/// ```
/// let mut buf = [0u8; 64];
/// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// let first = p.objects().next().unwrap();
/// assert_eq!((first.tag(), first.value(), first.offset()), (0x85, &b"CPV01"[..], 0));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tlv<'a> {
    tag: u32,
    value: &'a [u8],
    offset: usize,
    /// Where the value starts: after the tag and the length as written, which BER lets be
    /// longer than needed (`81 2D` for 45).
    value_offset: usize,
}

impl<'a> Tlv<'a> {
    /// Returns the tag, its bytes read big-endian: `0x61`, `0x9F26`.
    #[must_use]
    pub const fn tag(&self) -> u32 {
        self.tag
    }

    /// Returns the value bytes.
    #[must_use]
    pub const fn value(&self) -> &'a [u8] {
        self.value
    }

    /// Returns the byte offset of the tag in the decoded payload.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns whether the tag says the value is itself data objects (bit 6 of the first tag
    /// byte).
    #[must_use]
    pub const fn is_constructed(&self) -> bool {
        first_byte(self.tag) & 0x20 != 0
    }

    /// Iterates over the data objects inside a constructed value (nothing for a primitive, or
    /// for the opaque transparent templates 63 and 64).
    pub fn children(&self) -> impl Iterator<Item = Tlv<'a>> + Clone + use<'a> {
        self.child_objects()
    }

    /// The iterator of [`children`](Self::children), nameable inside the crate.
    pub(crate) fn child_objects(&self) -> Objects<'a> {
        let text = if self.is_constructed() && !is_opaque(self.tag) {
            self.value
        } else {
            &[]
        };
        Objects {
            bytes: text,
            pos: 0,
            base: self.value_offset(),
        }
    }

    /// Returns the byte offset of the value in the decoded payload, after the tag and the
    /// length as they are written (a non-minimal length such as `81 2D` takes two bytes).
    ///
    /// # Examples
    ///
    /// ```
    /// // 85 CPV01, then 61 with its length written long: 81 02 instead of 02.
    /// let p = paycode::cpm::Cpm::parse(&[0x85, 5, b'C', b'P', b'V', b'0', b'1', 0x61, 0x81, 2, 0x4F, 0])?;
    /// let app = p.objects().nth(1).unwrap();
    /// assert_eq!((app.offset(), app.value_offset()), (7, 10));
    /// assert_eq!(app.children().next().map(|c| c.offset()), Some(10));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn value_offset(&self) -> usize {
        self.value_offset
    }
}

/// The transparent templates 63 and 64 hold issuer data the POI must not parse (CPM §5.1.1.7).
pub(crate) const fn is_opaque(tag: u32) -> bool {
    tag == 0x63 || tag == 0x64
}

/// The first byte of a tag as written: the highest non-zero byte of the number.
const fn first_byte(tag: u32) -> u8 {
    match tag.to_be_bytes() {
        [0, 0, 0, b] | [0, 0, b, _] | [0, b, _, _] | [b, _, _, _] => b,
    }
}

/// The number of bytes the tag and length of an object take.
pub(crate) fn header_len(tag: u32, len: usize) -> usize {
    let tag_len = TagBytes::new(tag).as_slice().len();
    let len_len = match len {
        0..=0x7F => 1,
        0x80..=0xFF => 2,
        0x100..=0xFFFF => 3,
        _ => 4,
    };
    tag_len.saturating_add(len_len)
}

/// A tag's bytes as written: its number, big-endian, without leading zero bytes (one byte at
/// least, as `first_byte` reads it).
pub(crate) struct TagBytes([u8; 4]);

impl TagBytes {
    pub(crate) const fn new(tag: u32) -> Self {
        TagBytes(tag.to_be_bytes())
    }

    /// The bytes written: the patterns yield them directly, so no count can disagree with them.
    pub(crate) fn as_slice(&self) -> &[u8] {
        match self.0.as_slice() {
            [0, 0, 0, rest @ ..] | [0, 0, rest @ ..] | [0, rest @ ..] | rest => rest,
        }
    }
}

/// Reads one object at `pos` of `bytes` (skipping 00 padding before it), returning it (offsets
/// made absolute by `base`) and the position after it, or `None` at the end of the input.
pub(crate) fn read_tlv(
    bytes: &[u8],
    pos: usize,
    base: usize,
) -> Result<Option<(Tlv<'_>, usize)>, Error> {
    const BER1: Rule = Rule::CpmBer1;
    const BER2: Rule = Rule::CpmBer2;
    const BER3: Rule = Rule::CpmBer3;
    let mut pos = pos;
    // 00 bytes may pad before, between and after objects (EMV Book 3 Annex B).
    while bytes.get(pos) == Some(&0) {
        pos = pos.saturating_add(1);
    }
    let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let at = base.saturating_add(pos);

    let (after_first, first) = be_u8::<&[u8], ()>.parse(rest).map_err(|_| {
        Error::new(
            BER1,
            at,
            ErrorKind::BerTag {
                fault: TagFault::CutShort,
            },
        )
    })?;
    let mut tag = u32::from(first);
    let mut input = after_first;
    if first & 0x1F == 0x1F {
        // Subsequent tag bytes: b8 set means another follows. EMV uses two-byte tags; three
        // are accepted, more are refused.
        let mut n: u8 = 0;
        loop {
            let (i, b) = be_u8::<&[u8], ()>.parse(input).map_err(|_| {
                Error::new(
                    BER1,
                    at,
                    ErrorKind::BerTag {
                        fault: TagFault::CutShort,
                    },
                )
            })?;
            input = i;
            tag = (tag << 8) | u32::from(b);
            n = n.saturating_add(1);
            if b & 0x80 == 0 {
                break;
            }
            if n >= 2 {
                return Err(Error::new(
                    BER1,
                    at,
                    ErrorKind::BerTag {
                        fault: TagFault::TooLong,
                    },
                ));
            }
        }
    }
    let len_at = at.saturating_add(rest.len().saturating_sub(input.len()));
    let cut_short = |_| {
        Error::new(
            BER2,
            len_at,
            ErrorKind::BerLength {
                tag,
                fault: LengthFault::CutShort,
            },
        )
    };
    let (input, len_byte) = be_u8::<&[u8], ()>.parse(input).map_err(cut_short)?;
    let (input, length) = match len_byte {
        0x00..=0x7F => (input, usize::from(len_byte)),
        0x81..=0x83 => {
            let n = usize::from(len_byte & 0x7F);
            let (i, digits) = take::<usize, &[u8], ()>(n)
                .parse(input)
                .map_err(cut_short)?;
            let v = digits
                .iter()
                .fold(0usize, |acc, &d| (acc << 8) | usize::from(d));
            (i, v)
        }
        0x80 => {
            let kind = ErrorKind::BerLength {
                tag,
                fault: LengthFault::Indefinite,
            };
            return Err(Error::new(BER2, len_at, kind));
        }
        _ => {
            let kind = ErrorKind::BerLength {
                tag,
                fault: LengthFault::TooManyBytes,
            };
            return Err(Error::new(BER2, len_at, kind));
        }
    };
    let value_at = at.saturating_add(rest.len().saturating_sub(input.len()));
    let (after, value) = take::<usize, &[u8], ()>(length).parse(input).map_err(|_| {
        let kind = ErrorKind::BerOverrun {
            tag,
            length,
            available: input.len(),
        };
        Error::new(BER3, value_at, kind)
    })?;
    let next = pos.saturating_add(rest.len().saturating_sub(after.len()));
    Ok(Some((
        Tlv {
            tag,
            value,
            offset: at,
            value_offset: value_at,
        },
        next,
    )))
}

/// Checks that `bytes` is a sequence of well-formed objects, descending into constructed ones
/// (except the opaque 63 and 64) down to [`MAX_DEPTH`].
pub(crate) fn check(bytes: &[u8], base: usize, depth: usize) -> Result<(), Error> {
    let mut pos = 0;
    while let Some((t, next)) = read_tlv(bytes, pos, base)? {
        if t.is_constructed() && !is_opaque(t.tag) {
            if depth >= MAX_DEPTH {
                let kind = ErrorKind::BerDepth { limit: MAX_DEPTH };
                return Err(Error::new(Rule::CpmBer4, t.offset, kind));
            }
            check(t.value, t.value_offset(), depth.saturating_add(1))?;
        }
        pos = next;
    }
    Ok(())
}

/// Iterates over objects already known to be well-formed; stops at anything else.
#[derive(Debug, Clone)]
pub(crate) struct Objects<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) base: usize,
}

impl<'a> Iterator for Objects<'a> {
    type Item = Tlv<'a>;

    fn next(&mut self) -> Option<Tlv<'a>> {
        match read_tlv(self.bytes, self.pos, self.base) {
            Ok(Some((t, next))) => {
                self.pos = next;
                Some(t)
            }
            _ => {
                self.pos = self.bytes.len();
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn tag_bytes_drop_leading_zero_bytes_only() {
        for (tag, bytes) in [
            (0, &[0][..]),
            (0x57, &[0x57]),
            (0x5F24, &[0x5F, 0x24]),
            (0x9F_8101, &[0x9F, 0x81, 0x01]),
            (0xDF_8101_u32 << 8 | 0x02, &[0xDF, 0x81, 0x01, 0x02]),
            (0x9F00, &[0x9F, 0x00]),
        ] {
            assert_eq!(TagBytes::new(tag).as_slice(), bytes, "{tag:X}");
            assert_eq!(header_len(tag, 0), bytes.len() + 1);
        }
    }

    fn err(b: &[u8]) -> String {
        check(b, 0, 0).unwrap_err().to_string()
    }

    #[test]
    fn reads_multi_byte_tags_and_long_lengths() {
        let (t, n) = read_tlv(&[0x9F, 0x26, 0x02, 0xAB, 0xCD], 0, 0)
            .unwrap()
            .unwrap();
        assert_eq!((t.tag(), t.value(), n), (0x9F26, &[0xAB, 0xCD][..], 5));
        let mut long = vec![0x63, 0x81, 0x80];
        long.extend([7u8; 128]);
        let (t, n) = read_tlv(&long, 0, 0).unwrap().unwrap();
        assert_eq!((t.value().len(), n, t.value_offset()), (128, 131, 3));
        assert_eq!(read_tlv(&[0, 0], 0, 0).unwrap(), None);
    }

    #[test]
    fn offsets_follow_the_length_as_written() {
        // 61 82 00 04 { 5A 02 12 34 }: a three-byte length where one would do.
        let b = [0x61, 0x82, 0x00, 0x04, 0x5A, 0x02, 0x12, 0x34];
        let (t, _) = read_tlv(&b, 0, 0).unwrap().unwrap();
        assert_eq!(t.value_offset(), 4);
        let child = t.children().next().unwrap();
        assert_eq!((child.offset(), child.value_offset()), (4, 6));
        // An error inside the template names the real byte too.
        let bad = [0x61, 0x81, 0x02, 0x5A, 0x05];
        assert_eq!(
            err(&bad),
            "value of tag 5A needs 5 bytes, only 0 left (CPM-BER-3 at byte 5)"
        );
    }

    #[test]
    fn errors_name_rule_and_offset() {
        assert_eq!(
            err(&[0x61, 0x93, 0x4F]),
            "ber-tlv length of tag 61 announces more than 3 length bytes (a bare length of 128 or more?) (CPM-BER-2 at byte 1)"
        );
        assert_eq!(
            err(&[0x61, 0x80]),
            "ber-tlv length of tag 61 is indefinite (0x80) (CPM-BER-2 at byte 1)"
        );
        assert_eq!(
            err(&[0x5A, 0x05, 1, 2]),
            "value of tag 5A needs 5 bytes, only 2 left (CPM-BER-3 at byte 2)"
        );
        assert_eq!(
            err(&[0x9F]),
            "ber-tlv tag is cut short (CPM-BER-1 at byte 0)"
        );
        assert_eq!(
            err(&[0x9F, 0x81, 0x81, 0x01, 0x00]),
            "ber-tlv tag is longer than 3 bytes (CPM-BER-1 at byte 0)"
        );
        assert_eq!(
            err(&[0x61, 0x02, 0x5A, 0x05]),
            "value of tag 5A needs 5 bytes, only 0 left (CPM-BER-3 at byte 4)"
        );
        let deep = [
            0x70, 0x0A, 0x70, 0x08, 0x70, 0x06, 0x70, 0x04, 0x70, 0x02, 0x70, 0x00,
        ];
        assert_eq!(
            err(&deep),
            "templates nest deeper than 4 levels (CPM-BER-4 at byte 8)"
        );
    }
}
