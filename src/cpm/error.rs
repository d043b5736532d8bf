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
    "the payload"
);

rule_error!(
    /// A breach of the standard in a consumer-presented payload that can be read.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut buf)?; // only 85 CPV01
    /// let v = p.validate();
    /// assert_eq!(v[0].rule(), paycode::Rule::CpmApp1);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    Violation(ErrorKind),
    "the payload"
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
    #[error("not standard base64: {reason}")]
    Base64 {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A BER-TLV tag is cut short or longer than the reader accepts.
    #[error("ber-tlv tag {reason}")]
    BerTag {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A BER-TLV length is cut short, indefinite or longer than three bytes.
    #[error("ber-tlv length of tag {tag:X} {reason}")]
    BerLength {
        /// The tag whose length is malformed.
        tag: u32,
        /// What is wrong, in words.
        reason: &'static str,
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
        /// What the standard allows, in words.
        expected: &'static str,
    },
    /// A mandatory consumer-presented data object is absent.
    #[error("{what} is missing")]
    TagMissing {
        /// What is missing, in words.
        what: &'static str,
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
