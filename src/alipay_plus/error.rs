//! The error of the Alipay+ family: the URL, its base64 payload, and the payload's structure.

use crate::error::rule_error;

rule_error!(
    /// An Alipay+ merchant code cannot be read. URL and base64 problems are located in the text
    /// ([`Location::Input`](crate::Location::Input)), the rest in the decoded payload
    /// ([`Location::Decoded`](crate::Location::Decoded)).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::alipay_plus::AlipayPlusMpm;
    /// let mut buf = [0u8; paycode::alipay_plus::MAX_DECODED_LEN];
    /// let e = AlipayPlusMpm::parse("http://example.com/MPM/3/R1BMRDAwMA==", &mut buf).unwrap_err();
    /// let paycode::Error::AlipayPlus(e) = e else { panic!("{e}") };
    /// assert_eq!((e.rule(), e.location()), (paycode::Rule::AplUrl1, paycode::Location::Input(4)));
    /// ```
    Error(ErrorKind),
    "the code"
);

/// What was wrong in an Alipay+ merchant code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Base64 text that is not standard base64 with padding (RFC 4648 §4).
    #[error("not standard base64: {reason}")]
    Base64 {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// An Alipay+ merchant code is not a URL of the form `https://<domain>/MPM/3/<payload>`.
    #[error("not an alipay+ merchant code: {reason}")]
    Url {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A decoded Alipay+ payload holds a byte outside printable ASCII.
    #[error("an alipay+ payload must be printable ascii, found byte {found:#04x}")]
    Char {
        /// The byte at fault.
        found: u8,
    },
    /// An Alipay+ payload's GPLD header, or a data object's header, is malformed.
    #[error("malformed alipay+ payload: {reason}")]
    Tlv {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// The GPLD length of an Alipay+ payload does not cover exactly the rest of it.
    #[error("gpld announces {announced} characters, {found} follow")]
    GpldLength {
        /// The length the GPLD header announces.
        announced: usize,
        /// The characters after the header.
        found: usize,
    },
    /// An Alipay+ data object's value runs past the end of the payload or of its object.
    #[error("alipay+ value needs {length} characters, only {available} left")]
    Overrun {
        /// The length its header announces.
        length: usize,
        /// How many characters were left.
        available: usize,
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
