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
    "the code",
    example: "match paycode::alipay_plus::AlipayPlusMpm::parse(\"http://example.com/MPM/3/R1BMRDAwMA==\", &mut [0u8; 64]) { Err(paycode::Error::AlipayPlus(e)) => e, _ => panic!() }",
    "AplUrl1",
    "Input(4)"
);

/// What was wrong in an Alipay+ merchant code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Base64 text that is not standard base64 with padding (RFC 4648 §4).
    #[error("not standard base64: {fault}")]
    Base64 {
        /// What is wrong.
        fault: crate::error::Base64Fault,
    },
    /// An Alipay+ merchant code is not a URL of the form `https://<domain>/MPM/3/<payload>`.
    #[error("not an alipay+ merchant code: {fault}")]
    Url {
        /// What is wrong.
        fault: UrlFault,
    },
    /// A decoded Alipay+ payload holds a byte outside printable ASCII.
    #[error("an alipay+ payload must be printable ascii, found byte {found:#04x}")]
    Char {
        /// The byte at fault.
        found: u8,
    },
    /// An Alipay+ payload's GPLD header, or a data object's header, is malformed.
    #[error("malformed alipay+ payload: {fault}")]
    Tlv {
        /// What is wrong.
        fault: TlvFault,
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

/// What is wrong with an Alipay+ URL before its payload (`APL-URL-1` to `APL-URL-3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum UrlFault {
    /// The scheme is not `https://`.
    #[error("it must start with https://")]
    NotHttps,
    /// User information (`user@`) before the host.
    #[error("user information is not allowed")]
    UserInfo,
    /// A port after the host.
    #[error("a port is not allowed")]
    Port,
    /// A host character outside letters, digits, hyphens and dots.
    #[error("the host must be letters, digits, hyphens and dots")]
    HostChars,
    /// No host.
    #[error("no host")]
    NoHost,
    /// A host over 253 characters.
    #[error("the host is longer than 253 characters")]
    HostTooLong,
    /// An empty label (`a..b`).
    #[error("an empty label")]
    EmptyLabel,
    /// A label over 63 characters.
    #[error("a label longer than 63 characters")]
    LabelTooLong,
    /// A label that starts with a hyphen.
    #[error("a label starts with a hyphen")]
    LabelStartsWithHyphen,
    /// A label that ends with a hyphen.
    #[error("a label ends with a hyphen")]
    LabelEndsWithHyphen,
    /// A host of one label.
    #[error("a domain name has at least two labels")]
    OneLabel,
    /// A last label of digits: an IP address.
    #[error("the last label is all digits: an ip address, not a domain name")]
    IpAddress,
    /// A path other than `/MPM/3/`.
    #[error("the path must be /MPM/3/ followed by the payload")]
    Path,
}

/// What is wrong with the structure of a decoded Alipay+ payload (`APL-TLV-1`, `APL-TLV-2`,
/// `APL-TLV-4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TlvFault {
    /// The payload does not start with `GPLD`.
    #[error("the payload must start with GPLD")]
    NoGpld,
    /// The length after `GPLD` is not three digits.
    #[error("the gpld length must be three digits")]
    GpldLength,
    /// A data object's header is cut short.
    #[error("a data object header cut short")]
    HeaderCutShort,
    /// A data object's ID is not four letters or digits.
    #[error("a data object id must be four letters or digits")]
    Id,
    /// A data object's length is not three digits.
    #[error("a data object length must be three digits")]
    Length,
    /// A sub-object's header is cut short.
    #[error("a sub-object header cut short")]
    SubHeaderCutShort,
    /// A sub-object's ID is not two digits.
    #[error("a sub-object id must be two digits")]
    SubId,
    /// A sub-object's length is not two digits.
    #[error("a sub-object length must be two digits")]
    SubLength,
}
