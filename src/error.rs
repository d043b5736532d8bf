//! Errors and violations, each naming the rule of `spec/` it enforces and the byte offset where
//! the input broke it.
//!
//! Two kinds of finding exist, kept apart on purpose:
//!
//! - an [`Error`] is fatal: the input cannot be read (a length running past the end, a wrong
//!   checksum). Parsing stops at the first one.
//! - a [`Violation`] is a breach of the standard in input that *can* be read: a missing mandatory
//!   object, a name over 25 characters. Validation reports every one of them.
//!
//! Both carry the same three things: the [`Rule`] (its stable ID, such as `MPM-CRC-2`, is what
//! the spec, the vectors and the code all use), the byte offset into the input, and an
//! [`ErrorKind`] that says what was expected and what was found.

use core::fmt;

pub use crate::rule::Rule;

/// Reads a rule ID, exactly as `spec/` spells it.
///
/// # Errors
///
/// [`UnknownRule`] for text that is no rule's ID (a retired rule's included).
///
/// # Examples
///
/// ```
/// use paycode::Rule;
/// assert_eq!("LEG-WRAP-2".parse::<Rule>(), Ok(Rule::LegWrap2));
/// assert!("MPM-ORD-2".parse::<Rule>().is_err()); // retired
/// ```
impl core::str::FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(id: &str) -> Result<Self, UnknownRule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id() == id)
            .ok_or(UnknownRule)
    }
}

/// The text is not the ID of any rule of `spec/`.
///
/// # Examples
///
/// ```
/// assert_eq!("NOPE-1-1".parse::<paycode::Rule>(), Err(paycode::UnknownRule));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("not the id of a rule of the standard")]
pub struct UnknownRule;

/// Where a data object sits in a payload: a root ID, or a root ID and the IDs of the templates
/// it is nested in, printed as `62.05` or `62.50.00`.
///
/// # Examples
///
/// ```
/// use paycode::ObjectPath;
/// assert_eq!(ObjectPath::root(59).to_string(), "59");
/// assert_eq!(ObjectPath::root(62).child(5).to_string(), "62.05");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjectPath {
    ids: [u8; 3],
    depth: u8,
}

impl ObjectPath {
    /// The path of a root data object.
    #[must_use]
    pub const fn root(id: u8) -> Self {
        ObjectPath {
            ids: [id, 0, 0],
            depth: 1,
        }
    }

    /// The path of a data object inside the template at `self`. Paths stop at three levels,
    /// the deepest the standard nests (`62.50.00`); a deeper child keeps the last ID.
    #[must_use]
    pub const fn child(self, id: u8) -> Self {
        let mut ids = self.ids;
        let depth = match self.depth {
            1 => {
                ids[1] = id;
                2
            }
            _ => {
                ids[2] = id;
                3
            }
        };
        ObjectPath { ids, depth }
    }

    /// Returns the IDs from the root down, one to three of them.
    #[must_use]
    pub fn ids(&self) -> &[u8] {
        self.ids.get(..usize::from(self.depth)).unwrap_or(&self.ids)
    }

    /// Returns the ID of the object itself (the last element of the path).
    #[must_use]
    pub fn id(&self) -> u8 {
        self.ids().last().copied().unwrap_or(0)
    }
}

impl fmt::Display for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, id) in self.ids().iter().enumerate() {
            if n > 0 {
                f.write_str(".")?;
            }
            write!(f, "{id:02}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ObjectPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectPath({self})")
    }
}

/// What was wrong, with what was expected and what was found.
///
/// The `Display` text is part of the public API: it is lower-case, has no trailing period, and
/// tests assert it verbatim.
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
    /// The input is not UTF-8 text.
    #[error("input is not utf-8 text")]
    NotUtf8,
    /// A data object header (two-digit ID and two-digit length) is cut short.
    #[error("data object header cut short: expected 4 characters, found {found}")]
    TruncatedHeader {
        /// How many characters were left.
        found: usize,
    },
    /// A data object ID is not two ASCII digits.
    #[error("data object id must be two digits, found {found:?}")]
    IdNotDigits {
        /// The first character that is not a digit.
        found: char,
    },
    /// A data object length is not two ASCII digits.
    #[error("length of {path} must be two digits, found {found:?}")]
    LengthNotDigits {
        /// The object whose length is malformed.
        path: ObjectPath,
        /// The first character that is not a digit.
        found: char,
    },
    /// A value runs past the end of the input or of its template.
    #[error("value of {path} needs {length} characters, only {available} left")]
    ValueOverrun {
        /// The object whose value is cut short.
        path: ObjectPath,
        /// The length its header announces.
        length: usize,
        /// How many characters were left.
        available: usize,
    },
    /// A length counted in bytes ends inside a multi-byte character.
    #[error("value of {path} ends inside a multi-byte character")]
    SplitCharacter {
        /// The object whose value would split a character.
        path: ObjectPath,
    },
    /// No CRC object (ID 63, length 04) was found.
    #[error("no crc object: expected 6304 followed by 4 hex digits")]
    CrcMissing,
    /// The CRC value is not four hexadecimal digits.
    #[error("crc value must be 4 hex digits, found {found:?}")]
    CrcNotHex {
        /// The first character that is not a hex digit.
        found: char,
    },
    /// Something follows the CRC object, which must end the payload.
    #[error("{found} byte(s) after the crc object, which must end the payload")]
    AfterCrc {
        /// How many bytes follow the CRC object.
        found: usize,
    },
    /// The CRC in the payload differs from the one computed over it.
    #[error("crc mismatch: computed {expected:04X}, payload says {found:04X}")]
    CrcMismatch {
        /// The CRC computed over the payload.
        expected: u16,
        /// The CRC the payload carries.
        found: u16,
    },
    /// The CRC is written with lower-case hex digits.
    #[error("crc {found:04x} must be written in upper-case hex")]
    CrcLowercase {
        /// The CRC value.
        found: u16,
    },
    /// A value has length zero.
    #[error("value of {path} is empty: lengths run from 01 to 99")]
    EmptyValue {
        /// The empty object.
        path: ObjectPath,
    },
    /// A mandatory object is absent.
    #[error("mandatory object {path} is missing")]
    Missing {
        /// The missing object.
        path: ObjectPath,
    },
    /// No merchant account information object (02–51) is present.
    #[error("no merchant account information: expected at least one of 02-51")]
    NoMerchantAccount,
    /// An object appears more than once in one template or at the root.
    #[error("object {path} appears more than once")]
    Duplicate {
        /// The repeated object.
        path: ObjectPath,
    },
    /// The payload format indicator is not the first object.
    #[error("payload format indicator (00) must be the first object, found {found}")]
    NotFirst {
        /// The object that comes first instead.
        found: ObjectPath,
    },
    /// The CRC is not the last object. No longer reported: a payload with anything after its
    /// CRC object is unreadable (`MPM-CRC-4`; `MPM-ORD-2` is retired).
    #[error("crc (63) must be the last object, found {found} after it")]
    NotLast {
        /// The first object after the CRC.
        found: ObjectPath,
    },
    /// A value of format N holds something other than digits.
    #[error("{path} must be digits only, found {found:?}")]
    NotNumeric {
        /// The object.
        path: ObjectPath,
        /// The first character that is not a digit.
        found: char,
    },
    /// A value of format ans holds something outside printable ASCII.
    #[error("{path} must be printable ascii (ans), found {found:?}")]
    NotAns {
        /// The object.
        path: ObjectPath,
        /// The first character outside 0x20-0x7E.
        found: char,
    },
    /// A value's length is outside what the standard allows for it.
    #[error("{path} must be {range} characters long, found {found}", range = Range(*min, *max))]
    Length {
        /// The object.
        path: ObjectPath,
        /// The shortest length allowed.
        min: usize,
        /// The longest length allowed.
        max: usize,
        /// The length found.
        found: usize,
    },
    /// A value is not one of those the standard defines.
    #[error("{path} must be {expected}")]
    Value {
        /// The object.
        path: ObjectPath,
        /// What the standard allows, in words.
        expected: &'static str,
    },
    /// A template value is not a sequence of well-formed data objects.
    #[error("{path} is not a well-formed template")]
    NotTemplate {
        /// The template.
        path: ObjectPath,
    },
    /// An object's presence depends on another object, and the two disagree.
    #[error("{path} {condition}")]
    Conditional {
        /// The object present or absent against the condition.
        path: ObjectPath,
        /// The condition, in words (`"is required when 55 is 02"`).
        condition: &'static str,
    },
    /// An ISO 4217 numeric currency code that ISO does not list.
    #[error("currency {found:03} is not an iso 4217 code")]
    UnknownCurrency {
        /// The numeric code found.
        found: u16,
    },
    /// An ISO 3166-1 alpha-2 country code that ISO does not list.
    #[error("country {found:?} is not an iso 3166-1 alpha-2 code")]
    UnknownCountry {
        /// The two characters found (as bytes; non-ASCII input shows as `?`).
        found: TwoChars,
    },
    /// An object that the standard reserves for future use is present.
    #[error("{path} is reserved for future use and must not be present")]
    Reserved {
        /// The reserved object.
        path: ObjectPath,
    },
    /// A numeric payment code holds something other than ASCII digits.
    #[error("a payment code must be ascii digits only, found {found:?}")]
    CodeNotDigits {
        /// The first character that is not an ASCII digit.
        found: char,
    },
    /// A numeric payment code is too short or too long.
    #[error("a payment code must be {min} to {max} digits long, found {found}")]
    CodeLength {
        /// The shortest length allowed.
        min: usize,
        /// The longest length allowed.
        max: usize,
        /// The length found.
        found: usize,
    },
    /// Base64 text that is not standard base64 with padding (RFC 4648 §4).
    #[error("not standard base64: {reason}")]
    Base64 {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// An Alipay+ merchant code is not a URL of the form `https://<domain>/MPM/3/<payload>`.
    #[error("not an alipay+ merchant code: {reason}")]
    AlipayPlusUrl {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A decoded Alipay+ payload holds a byte outside printable ASCII.
    #[error("an alipay+ payload must be printable ascii, found byte {found:#04x}")]
    AlipayPlusChar {
        /// The byte at fault.
        found: u8,
    },
    /// An Alipay+ payload's GPLD header, or a data object's header, is malformed.
    #[error("malformed alipay+ payload: {reason}")]
    AlipayPlusTlv {
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
    AlipayPlusOverrun {
        /// The length its header announces.
        length: usize,
        /// How many characters were left.
        available: usize,
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
    /// The input starts like no form of payment code.
    #[error("not a payment code: no form of the standard starts this way")]
    UnknownForm,
    /// A legacy code holds a character outside printable ASCII: a space, a control character,
    /// a non-ASCII look-alike.
    #[error("a legacy code must be printable ascii without spaces, found {found:?}")]
    LegacyChar {
        /// The first character at fault.
        found: char,
    },
    /// A legacy code is not a URL of the form `scheme://…`.
    #[error("not a url: {reason}")]
    LegacyUrl {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A legacy code's scheme, host or authority is not a registered issuer's.
    #[error("not attributable: {reason}")]
    LegacyHost {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A legacy code's path does not have the shape its host registers.
    #[error("not attributable: the path does not have a registered shape for this host")]
    LegacyShape,
    /// A name is not the ID of any issuer of the registry.
    #[error("no issuer of the registry has this id")]
    UnknownIssuer,
    /// A legacy code's query is ambiguous or incomplete: a parameter twice, a parameter that
    /// differs from a registered one only in case, an empty pair, a required one missing.
    #[error("not attributable: {reason}")]
    LegacyQuery {
        /// What is wrong, in words.
        reason: &'static str,
    },
    /// A wrapper's parameter does not percent-decode: a `%` not followed by two hex digits, or
    /// bytes that are not UTF-8.
    #[error("not attributable: the wrapped code is not validly percent-encoded UTF-8")]
    LegacyEscape,
    /// The code a wrapper carries is not an attributable code of a registered form.
    #[error("not attributable: the wrapped code breaks {inner}")]
    LegacyInner {
        /// The rule the wrapped code breaks.
        inner: Rule,
    },
    /// The code a wrapper carries is itself a wrapper that the form does not declare.
    #[error("not attributable: the wrapped code is itself a wrapper")]
    LegacyNested,
    /// A legacy code cannot be carried in, or recovered from, a unified payload.
    #[error("{reason}")]
    Unified {
        /// What is wrong, in words.
        reason: &'static str,
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

/// A length range in words: "3" for a fixed length, "1 to 25" otherwise.
struct Range(usize, usize);

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == self.1 {
            write!(f, "exactly {}", self.0)
        } else {
            write!(f, "{} to {}", self.0, self.1)
        }
    }
}

/// Two characters as found in the input (a country code, a code prefix), kept without
/// borrowing the input.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TwoChars(pub [u8; 2]);

impl fmt::Debug for TwoChars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b] = self.0;
        let show = |c: u8| {
            if c.is_ascii_graphic() || c == b' ' {
                char::from(c)
            } else {
                '?'
            }
        };
        write!(f, "\"{}{}\"", show(a), show(b))
    }
}

/// A fatal problem: the input cannot be read as the form it claims to be.
///
/// # Examples
///
/// ```
/// use paycode::mpm::Payload;
/// // The spec's example with one letter of the name changed: the CRC no longer holds.
/// let s = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///          520441115802CN5914BEZT TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京\
///          540523.7253031565502016233030412340603***0708A60086670902ME91320016A011223344\
///          9988770708123456786304A13A";
/// let err = Payload::parse(s).unwrap_err();
/// assert_eq!(err.rule().id(), "MPM-CRC-2");
/// assert_eq!(err.to_string(), "crc mismatch: computed 6BE4, payload says A13A (MPM-CRC-2 at byte 256)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({rule} at byte {offset})")]
#[non_exhaustive]
pub struct Error {
    rule: Rule,
    offset: usize,
    kind: ErrorKind,
}

impl Error {
    pub(crate) const fn new(rule: Rule, offset: usize, kind: ErrorKind) -> Self {
        Error { rule, offset, kind }
    }

    /// Returns the rule the input broke.
    #[must_use]
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Returns the byte offset in the input where reading failed.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns what was wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Returns the same error with its offset moved by `base` bytes: a template's reader counts
    /// from the template's start, its caller from the payload's.
    pub(crate) const fn shifted(self, base: usize) -> Self {
        Error {
            offset: self.offset.saturating_add(base),
            ..self
        }
    }
}

/// A breach of the standard in a payload that can still be read.
///
/// # Examples
///
/// ```
/// use paycode::mpm::Payload;
/// // A PromptPay payload: readable and CRC-correct, but without 52, 59 and 60.
/// let p = Payload::parse("00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
/// let rules: Vec<_> = p.validate().iter().map(|v| v.rule().id()).collect();
/// assert_eq!(rules, ["MPM-PRS-1", "MPM-PRS-1", "MPM-PRS-1"]);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{kind} ({rule} at byte {offset})")]
#[non_exhaustive]
pub struct Violation {
    rule: Rule,
    offset: usize,
    kind: ErrorKind,
}

impl Violation {
    pub(crate) const fn new(rule: Rule, offset: usize, kind: ErrorKind) -> Self {
        Violation { rule, offset, kind }
    }

    /// Returns the rule the payload breaks.
    #[must_use]
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Returns the byte offset in the payload of the object (or character) at fault.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns what was wrong.
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// Runs a `validate_with`-style check and collects what it reports, so that every form's
/// `validate`, `is_conformant` and builder share one implementation.
pub(crate) struct Findings;

impl Findings {
    /// Returns every violation reported.
    #[cfg(feature = "alloc")]
    pub(crate) fn all(check: impl FnOnce(&mut dyn FnMut(Violation))) -> alloc::vec::Vec<Violation> {
        let mut out = alloc::vec::Vec::new();
        check(&mut |v| out.push(v));
        out
    }

    /// Returns the first violation reported, if any.
    pub(crate) fn first(check: impl FnOnce(&mut dyn FnMut(Violation))) -> Option<Violation> {
        let mut first = None;
        check(&mut |v| {
            first.get_or_insert(v);
        });
        first
    }
}

impl From<Error> for Violation {
    fn from(e: Error) -> Self {
        Violation {
            rule: e.rule,
            offset: e.offset,
            kind: e.kind,
        }
    }
}
