//! The errors of the consumer-presented family: base64 text, BER-TLV structure, and the rules
//! on what the payload holds.

use crate::error::rule_error;

rule_error!(
    /// A consumer-presented payload cannot be read. Base64 problems are located in the text
    /// ([`Location::Input`](crate::Location::Input)), BER-TLV ones in the decoded bytes
    /// ([`Location::Decoded`](crate::Location::Decoded)).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::{Location, cpm::Cpm};
    /// let e = Cpm::parse(&[0x85, 0x05, b'C']).unwrap_err();
    /// assert_eq!(e.rule(), paycode::Rule::CpmBer3);
    /// assert_eq!(e.location(), Location::Input(2)); // a byte of the bytes given
    /// // Decoded from base64, the same bytes are located in the decoded payload.
    /// let mut buf = [0u8; 16];
    /// let e = Cpm::decode("hQVD", &mut buf).unwrap_err();
    /// assert_eq!(e.location(), Some(Location::Decoded(2)));
    /// ```
    Error(ErrorKind),
    "the payload",
    example: "paycode::cpm::Cpm::parse(&[0x61, 0x00]).unwrap_err()",
    "CpmPfi1",
    "Input(0)"
);

rule_error!(
    /// A breach of the standard in a consumer-presented payload that can be read.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut buf)?; // only 85 CPV01
    /// let v = p.validate();
    /// assert_eq!(v[0].rule(), paycode::Rule::CpmApp1);
    /// # }
    /// # Ok::<(), paycode::Error>(())
    /// ```
    Violation(ErrorKind),
    "the payload",
    example: "paycode::cpm::Violation::from(paycode::cpm::Cpm::parse(&[0x61, 0x00]).unwrap_err())",
    "CpmPfi1",
    "Input(0)"
);

impl From<Error> for Violation {
    fn from(e: Error) -> Self {
        Violation::located(e.rule(), e.location(), e.kind())
    }
}

/// What was wrong in a consumer-presented payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is longer than the reader accepts.
    #[error("input is {found} bytes long, more than the {limit} this reader accepts")]
    InputTooLong {
        /// The reader's limit, in bytes.
        limit: usize,
        /// The input's length, in bytes.
        found: usize,
    },
    /// Base64 text that is not standard base64 with padding (RFC 4648 §4).
    #[error("not standard base64: {fault}")]
    Base64 {
        /// What is wrong.
        fault: crate::error::Base64Fault,
    },
    /// A BER-TLV tag is cut short or longer than the reader accepts.
    #[error("ber-tlv tag {fault}")]
    BerTag {
        /// What is wrong.
        fault: TagFault,
    },
    /// A BER-TLV length is cut short, indefinite or longer than three bytes.
    #[error("ber-tlv length of tag {tag:X} {fault}")]
    BerLength {
        /// The tag whose length is malformed.
        tag: u32,
        /// What is wrong.
        fault: LengthFault,
    },
    /// A BER-TLV value runs past the end of its container.
    #[error("value of tag {tag:X} needs {length} bytes, only {available} left")]
    BerOverrun {
        /// The tag.
        tag: u32,
        /// The length announced.
        length: usize,
        /// The bytes left.
        available: usize,
    },
    /// BER-TLV templates nest deeper than the reader accepts.
    #[error("templates nest deeper than {limit} levels")]
    BerDepth {
        /// The reader's limit.
        limit: usize,
    },
    /// The first data object of a consumer-presented payload is not the payload format
    /// indicator (85).
    #[error("the first data object must be the payload format indicator (85), found tag {found:X}")]
    NotCpm {
        /// The first tag found (0 if there is none).
        found: u32,
    },
    /// A consumer-presented data object breaks a rule on its value.
    #[error("tag {tag:X} must be {expected}")]
    TagValue {
        /// The tag.
        tag: u32,
        /// What the standard allows.
        expected: Expected,
    },
    /// A mandatory consumer-presented data object is absent.
    #[error("{what} is missing")]
    TagMissing {
        /// What is missing.
        what: Missing,
    },
    /// A consumer-presented data object appears twice in the data a POI reads.
    #[error("tag {tag:X} appears more than once in the POI data")]
    TagDuplicate {
        /// The tag.
        tag: u32,
    },
    /// The payload exceeds the standard's size limit.
    #[error("payload is {found} bytes long, more than the {limit} the standard allows")]
    PayloadTooLong {
        /// The standard's limit in bytes.
        limit: usize,
        /// The payload's length in bytes.
        found: usize,
    },
}

/// Why a consumer-presented payload could not be written.
///
/// # Examples
///
/// ```
/// use paycode::cpm::{CpmBuilder, EncodeError};
/// let err = CpmBuilder::new().encode_into(&mut [0u8; 64]).unwrap_err();
/// assert!(matches!(err, EncodeError::Invalid(v) if v.rule() == paycode::Rule::CpmApp1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The caller's buffer is too small; nothing usable was written. No rule is broken.
    #[error("buffer too small: need {needed} bytes, have {available}")]
    BufferTooSmall {
        /// The bytes the payload needs.
        needed: usize,
        /// The bytes the buffer has.
        available: usize,
    },
    /// The payload would break a rule of the standard; the violation names it.
    #[error("the payload would break the standard: {0}")]
    Invalid(Violation),
}

/// What is wrong with a BER-TLV tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TagFault {
    /// The tag's bytes end before the tag does.
    #[error("is cut short")]
    CutShort,
    /// The tag has more than three bytes.
    #[error("is longer than 3 bytes")]
    TooLong,
}

/// What is wrong with a BER-TLV length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum LengthFault {
    /// The length's bytes end before the length does.
    #[error("is cut short")]
    CutShort,
    /// The indefinite form (0x80), which EMV does not use.
    #[error("is indefinite (0x80)")]
    Indefinite,
    /// A first length byte of 0x84 or more: more than three length bytes, or a bare length of
    /// 128 or more written without its 0x81.
    #[error("announces more than 3 length bytes (a bare length of 128 or more?)")]
    TooManyBytes,
}

/// What the standard allows for a data object's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expected {
    /// The payload format indicator's one value.
    Cpv01,
    /// The order of the root templates.
    TemplateOrder,
    /// A length in bytes, from `min` to `max`.
    Bytes {
        /// The shortest length.
        min: u8,
        /// The longest length.
        max: u8,
    },
    /// The language preference's lengths: 2, 4, 6 or 8 bytes.
    LanguageBytes,
    /// Printable ASCII (format ans).
    Ans,
    /// Letters: ISO 639-1 language codes.
    Letters,
    /// Packed decimal digits, this many.
    PackedDigits {
        /// How many digits.
        digits: u8,
    },
    /// Upper-case letters and digits.
    UpperAlnum,
    /// Packed digits with `F` padding at the end (format cn).
    Cn,
    /// Track 2 equivalent data.
    Track2,
}

impl core::fmt::Display for Expected {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Expected::Cpv01 => f.write_str("CPV01"),
            Expected::TemplateOrder => {
                f.write_str("in the order 85, 61 (one or two), 62, then other templates")
            }
            Expected::Bytes { min, max } if min == max => write!(f, "exactly {min} bytes long"),
            Expected::Bytes { min, max } => write!(f, "{min} to {max} bytes long"),
            Expected::LanguageBytes => f.write_str("2, 4, 6 or 8 bytes long"),
            Expected::Ans => f.write_str("printable ascii"),
            Expected::Letters => f.write_str("letters (ISO 639-1 codes)"),
            Expected::PackedDigits { digits } => write!(f, "{digits} packed decimal digits"),
            Expected::UpperAlnum => f.write_str("upper-case letters and digits"),
            Expected::Cn => f.write_str("packed digits with F padding at the end (cn)"),
            Expected::Track2 => {
                f.write_str("track 2: PAN, D, YYMM, service code, digits, F padding")
            }
        }
    }
}

/// What a consumer-presented payload lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Missing {
    /// One or two application templates and at most one common data template.
    #[error("one or two application templates (61) and at most one common data template (62)")]
    Templates,
    /// An application template's AID.
    #[error("the application identifier (4F) of an application template")]
    Aid,
    /// Track 2 or the PAN, in the application template or the common data.
    #[error("track 2 (57) or the PAN (5A)")]
    Track2OrPan,
}
