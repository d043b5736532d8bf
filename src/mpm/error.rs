//! The errors of the merchant-presented family: [`Error`] when a payload cannot be read,
//! [`Violation`] for each breach of the standard in one that can, both with an [`ErrorKind`].

use core::fmt;

use crate::error::{ObjectPath, TwoChars, rule_error};

rule_error!(
    /// A fatal problem: the input cannot be read as a merchant-presented payload.
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
    /// assert_eq!(err.rule(), paycode::Rule::MpmCrc2);
    /// assert_eq!(err.to_string(), "crc mismatch: computed 6BE4, payload says A13A (MPM-CRC-2 at byte 256)");
    /// ```
    Error(ErrorKind),
    "the input",
    example: "paycode::mpm::Payload::parse(\"000201\").unwrap_err()",
    "MpmCrc1",
    "Input(6)"
);

rule_error!(
    /// A breach of the standard in a payload that can still be read.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::mpm::Payload;
    /// // A PromptPay payload: readable and CRC-correct, but without 52, 59 and 60.
    /// let p = Payload::parse("00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
    /// let rules: Vec<_> = p.validate().iter().map(|v| v.rule().id()).collect();
    /// assert_eq!(rules, ["MPM-PRS-1", "MPM-PRS-1", "MPM-PRS-1"]);
    /// # }
    /// # Ok::<(), paycode::mpm::Error>(())
    /// ```
    Violation(ErrorKind),
    "the payload",
    example: "paycode::mpm::Violation::from(paycode::mpm::Payload::parse(\"000201\").unwrap_err())",
    "MpmCrc1",
    "Input(6)"
);

impl From<Error> for Violation {
    fn from(e: Error) -> Self {
        Violation::located(e.rule(), e.location(), e.kind())
    }
}

/// What was wrong in a merchant-presented payload, with what was expected and what was found.
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
        /// What the standard allows.
        expected: Expected,
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
        /// The condition.
        condition: Condition,
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

/// What the standard allows for a value (`Value` findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Expected {
    /// The payload format indicator's one value.
    #[error("01")]
    Pfi01,
    /// A point of initiation: static or dynamic.
    #[error("11 (static) or 12 (dynamic)")]
    Initiation,
    /// An amount of digits with at most one `.`.
    #[error("a decimal amount: digits with at most one '.'")]
    Decimal,
    /// An amount above zero.
    #[error("a non-zero amount")]
    NonZero,
    /// A tip or convenience indicator.
    #[error("01 (prompt for tip), 02 (fixed fee) or 03 (percentage fee)")]
    TipIndicator,
    /// A percentage fee.
    #[error("a percentage from 00.01 to 99.99")]
    Percentage,
    /// Additional consumer data request letters.
    #[error("letters A, M and E, each at most once")]
    ConsumerData,
    /// A merchant channel code.
    #[error("a channel code: media 0-7, location 0-3, presence 0-3")]
    Channel,
    /// An ISO 639-1 language code.
    #[error("a two-letter ISO 639-1 language code")]
    Language,
    /// An ISO 4217 currency code (issuing: numeric or alphabetic).
    #[error("an iso 4217 currency code, numeric or alphabetic")]
    Currency,
    /// Lengths counted in characters (a dynamic code is made from a payload read so).
    #[error("lengths counted in characters, as a generator writes them")]
    CharLengths,
    /// A currency with minor units, to write an amount given in them.
    #[error("an iso 4217 numeric currency code, to write minor units in")]
    MinorUnitsCurrency,
    /// An amount in minor units, of a currency that has them.
    #[error("an amount in minor units of a currency that has them (iso 4217 gives this one none)")]
    MinorUnits,
    /// An amount of at most 13 characters.
    #[error("an amount of at most 13 characters")]
    AmountLength,
}

/// How an object's presence depends on the tip or convenience indicator (55).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Condition {
    /// 56 is required when 55 is 02.
    #[error("is required when 55 is 02")]
    RequiredWhen02,
    /// 57 is required when 55 is 03.
    #[error("is required when 55 is 03")]
    RequiredWhen03,
    /// 56 must be absent unless 55 is 02.
    #[error("must be absent unless 55 is 02")]
    AbsentUnless02,
    /// 57 must be absent unless 55 is 03.
    #[error("must be absent unless 55 is 03")]
    AbsentUnless03,
}
