//! Merchant-presented codes: the EMVCo MPM payload, the unified 收款码 format (`spec/mpm.md`).
//!
//! A payload is a string of data objects, `ID(2) LEN(2) VALUE`, ending with a CRC:
//!
//! ```text
//! 00 02 01  01 02 12  26 .. {template}  52 04 5812  53 03 156  ...  63 04 A13A
//! ```
//!
//! Reading happens in two stages, each its own step:
//!
//! 1. [`Payload::parse`] reads what can be read unambiguously and checks the CRC. It fails only
//!    when the input is not a readable, CRC-correct payload, and borrows everything from the
//!    input. Real-world payloads that bend the rules (PromptPay without a merchant name,
//!    DuitNow's format indicator `02`, zero-length values) parse.
//! 2. [`Payload::validate`] (or [`Payload::validate_with`] without `alloc`) lists every breach
//!    of the standard, each with its rule and offset.
//!
//! [`Builder`] makes new payloads and refuses to make one that breaks a rule;
//! [`Payload::encode_into`] writes a parsed payload back, byte for byte.

mod error;
pub use error::{Condition, Error, ErrorKind, Expected, Violation};
mod amount;
mod builder;
mod encode;
mod objects;
#[cfg(feature = "alloc")]
mod owned;
mod tlv;
mod validate;

pub use amount::{Amount, AmountError};
pub use builder::Builder;
pub use encode::EncodeError;
pub(crate) use encode::Writer;
pub use objects::object_name;
pub(crate) use objects::spec_at;
#[cfg(feature = "alloc")]
pub use owned::PayloadBuf;
pub use tlv::{DataObject, LengthUnit};
pub use validate::MAX_PAYLOAD_LEN;

use core::fmt;

use crate::checksum::{Crc16, crc16};
use crate::codes::{self, Country, Currency};
use crate::error::{ObjectPath, Rule};
use tlv::{Index, Layout, Objects, Reader, object_end};

/// The EMVCo MPM specification's own example payload (v1.1 Annex B.7), with Chinese text in
/// template 64 and lengths counted in characters: conformant, and handy in tests and examples.
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
/// assert!(p.is_conformant());
/// # Ok::<(), paycode::Error>(())
/// ```
pub const SPEC_EXAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// The longest input, in bytes, that the reader accepts (rule `MPM-LIM-1`).
///
/// The standard's own limit is 512 (rule `MPM-SIZE-1`, a validation rule); real payloads exceed
/// it a little. This bound only keeps a hostile input from costing more than it should.
pub const MAX_INPUT_LEN: usize = 4096;

/// Options for reading payloads that do not follow the standard to the letter.
///
/// The defaults follow the standard: lengths count characters and nothing is trimmed. Each
/// leniency is a named option, off unless asked for.
///
/// # Examples
///
/// ```
/// use paycode::mpm::ParseOptions;
/// let scanned = "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1\r\n";
/// assert!(paycode::mpm::Payload::parse(scanned).is_err());
/// let p = ParseOptions::new().trim_line_end(true).parse(scanned)?;
/// assert_eq!(p.country_code(), Some("TH"));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[must_use]
pub struct ParseOptions {
    unit: LengthUnit,
    trim_line_end: bool,
}

impl ParseOptions {
    /// Returns the standard's options: lengths in characters, nothing trimmed.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::ParseOptions::new().parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.length_unit(), paycode::mpm::LengthUnit::Chars);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new() -> Self {
        ParseOptions {
            unit: LengthUnit::Chars,
            trim_line_end: false,
        }
    }

    /// Sets how lengths count their values.
    ///
    /// # Background
    ///
    /// EMVCo MPM §4.4.1.1: "Length shall be equal to the number of characters in the value
    /// field". Some national generators count UTF-8 bytes instead; their payloads only differ
    /// when a value holds non-ASCII text.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::mpm::{LengthUnit, ParseOptions};
    /// let p = ParseOptions::new().length_unit(LengthUnit::Bytes).parse("000201")
    ///     .unwrap_err();
    /// assert_eq!(p.rule().id(), "MPM-CRC-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn length_unit(mut self, unit: LengthUnit) -> Self {
        self.unit = unit;
        self
    }

    /// Sets whether trailing `\r` and `\n`, as keyboard-wedge scanners append, are removed
    /// before reading.
    ///
    /// # Examples
    ///
    /// ```
    /// let scanned = format!("{}\n", paycode::mpm::SPEC_EXAMPLE);
    /// let p = paycode::mpm::ParseOptions::new().trim_line_end(true).parse(&scanned)?;
    /// assert_eq!(p.as_str(), paycode::mpm::SPEC_EXAMPLE);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn trim_line_end(mut self, trim: bool) -> Self {
        self.trim_line_end = trim;
        self
    }

    /// Parses a payload with these options.
    ///
    /// # Errors
    ///
    /// As [`Payload::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::ParseOptions::new().parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_city(), Some("BEIJING"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse<'a>(&self, input: &'a str) -> Result<Payload<'a>, Error> {
        let input = if self.trim_line_end {
            trim_line_end(input)
        } else {
            input
        };
        Payload::read(input, self.unit)
    }

    /// Parses a payload given as bytes, as a scanner delivers it, with these options.
    ///
    /// # Errors
    ///
    /// `MPM-UTF-1` if the bytes are not UTF-8 (the offset is that of the first bad byte);
    /// otherwise as [`Payload::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::ParseOptions::new().parse_bytes(paycode::mpm::SPEC_EXAMPLE.as_bytes())?;
    /// assert_eq!(p.crc(), 0xA13A);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_bytes<'a>(&self, input: &'a [u8]) -> Result<Payload<'a>, Error> {
        self.parse(utf8(input)?)
    }
}

/// Removes the trailing `\r` and `\n` a keyboard-wedge scanner appends, and nothing else
/// ([`ParseOptions::trim_line_end`], [`crate::scan::ScanOptions::trim_line_end`]).
pub(crate) fn trim_line_end(input: &str) -> &str {
    input.trim_end_matches(['\r', '\n'])
}

/// How many bytes of CRC input to process per step of the walk: the walk is bound by the
/// latency of its loads, the CRC by throughput, so interleaving them hides most of the walk.
const CRC_CHUNK: usize = 16;

/// A merchant-presented payload that is readable and whose CRC holds, borrowed from its input.
///
/// Every root data object is kept, in order, including unknown and reserved ones. Typed
/// accessors find the first object of each ID; [`objects`](Self::objects) yields all of them.
/// Nothing is allocated.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use paycode::mpm::Payload;
/// let p = Payload::parse(
///     "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///      520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京\
///      540523.7253031565502016233030412340603***0708A60086670902ME91320016A011223344\
///      9988770708123456786304A13A",
/// )?;
/// assert_eq!(p.merchant_name(), Some("BEST TRANSPORT"));
/// assert_eq!(p.currency().map(|c| c.alpha()), Some("CNY"));
/// assert_eq!(p.amount().and_then(|a| a.to_minor_units(2)), Some(2372));
/// assert_eq!(p.crc(), 0xA13A);
/// assert!(p.validate().is_empty());
/// # }
/// # Ok::<(), paycode::Error>(())
/// ```
// Aligned to 64 bytes, the record first: a payload is moved by a call to `memcpy`, and on the
// machine in BENCHMARKS.md a 300-byte copy whose destination crosses a 4 KiB page took 3 to 6
// times as long unless that destination was 64-byte aligned. A parse ends with that move, so
// where its caller's stack happened to fall, some processes parsed 10-25 % slower.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub struct Payload<'a> {
    /// Where the first object of each ID is, and the objects of the root templates: the
    /// parse's record, so that nothing is read twice.
    index: Index,
    text: &'a str,
    ascii: bool,
    unit: LengthUnit,
    crc_offset: u16,
    crc: u16,
}

impl<'a> Payload<'a> {
    /// Parses a payload under the standard's rules (lengths in characters).
    ///
    /// # Errors
    ///
    /// Fails with the rule broken and the byte offset where:
    ///
    /// - `MPM-LIM-1`: the input is over [`MAX_INPUT_LEN`] bytes;
    /// - `MPM-TLV-1`: an ID or length is not two digits, or a header is cut short
    ///   (`"0002010"`);
    /// - `MPM-TLV-2`: a value runs past the end (`"000501"`);
    /// - `MPM-CRC-1`: there is no `6304` CRC object;
    /// - `MPM-CRC-4`: anything follows the CRC object (the offset is the first byte after it):
    ///   the CRC covers only what precedes it, so nothing after it is read;
    /// - `MPM-CRC-2`: the CRC is not hex or does not match the payload.
    ///
    /// Everything else (missing objects, bad values, order) is for [`validate`](Self::validate).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::mpm::Payload;
    /// let p = Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_name(), Some("BEST TRANSPORT"));
    /// let err = Payload::parse("000501").unwrap_err();
    /// assert_eq!(err.to_string(), "value of 00 needs 5 characters, only 2 left (MPM-TLV-2 at byte 4)");
    /// // An amount appended after a genuine CRC is not read: the payload is refused.
    /// let appended = format!("{}540599.99", paycode::mpm::SPEC_EXAMPLE);
    /// let err = Payload::parse(&appended).unwrap_err();
    /// assert_eq!((err.rule().id(), err.offset()), ("MPM-CRC-4", paycode::mpm::SPEC_EXAMPLE.len()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse(input: &'a str) -> Result<Self, Error> {
        Self::read(input, LengthUnit::Chars)
    }

    /// Parses a payload given as bytes, as a scanner delivers it (EMVCo MPM §4.12: QR byte
    /// mode, UTF-8).
    ///
    /// # Errors
    ///
    /// `MPM-UTF-1` if the bytes are not UTF-8, with the offset of the first bad byte; otherwise
    /// as [`parse`](Self::parse).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = paycode::mpm::Payload::parse_bytes(b"000201\xff").unwrap_err();
    /// assert_eq!(err.to_string(), "input is not utf-8 text (MPM-UTF-1 at byte 6)");
    /// ```
    pub fn parse_bytes(input: &'a [u8]) -> Result<Self, Error> {
        Self::parse(utf8(input)?)
    }

    /// Returns options for reading payloads that bend the standard.
    ///
    /// # Examples
    ///
    /// ```
    /// let opts = paycode::mpm::Payload::options().trim_line_end(true);
    /// assert!(opts.parse("\r\n").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn options() -> ParseOptions {
        ParseOptions::new()
    }

    fn read(text: &'a str, unit: LengthUnit) -> Result<Self, Error> {
        const LIM1: Rule = Rule::MpmLim1;
        const CRC1: Rule = Rule::MpmCrc1;
        const CRC2: Rule = Rule::MpmCrc2;
        const CRC4: Rule = Rule::MpmCrc4;
        if text.len() > MAX_INPUT_LEN {
            let kind = ErrorKind::InputTooLong {
                limit: MAX_INPUT_LEN,
                found: text.len(),
            };
            return Err(Error::new(LIM1, MAX_INPUT_LEN, kind));
        }
        // Most payloads end with their CRC object; its span is then known before the walk, and
        // the CRC is computed a chunk per walk step (see `tlv::payload`).
        let bytes = text.as_bytes();
        let tail_crc = bytes
            .len()
            .checked_sub(8)
            .filter(|&at| is_crc_header(bytes, at));
        let mut digest = Crc16::new();
        let mut pending = bytes
            .get(..tail_crc.map_or(0, |at| at.saturating_add(4)))
            .unwrap_or_default();
        let mut feed = || {
            if let Some((chunk, rest)) = pending.split_first_chunk::<CRC_CHUNK>() {
                digest.block(chunk);
                pending = rest;
            }
        };
        let mut index = Index::empty();
        let root = match tlv::payload(text, unit, &mut index, &mut feed) {
            Ok((_, root)) => root,
            Err(e) => return Err(Reader::new(text, 0, false, unit, None).error(e)),
        };
        let ascii = root.ascii;
        // Where the payload ends with a CRC object and the first 63 is that one, nothing
        // follows it; otherwise the first 63's end is read from its header.
        let crc_at = root.crc.map(|(at, end)| {
            let end = match end {
                Some(end) => Some(end),
                None if tail_crc == Some(at) => Some(text.len()),
                None => object_end(bytes, at, unit),
            };
            (at, end.unwrap_or(at))
        });
        let Some((at, end)) = crc_at else {
            return Err(Error::new(CRC1, text.len(), ErrorKind::CrcMissing));
        };
        if !is_crc_header(text.as_bytes(), at) {
            return Err(Error::new(CRC1, at, ErrorKind::CrcMissing));
        }
        // The CRC covers only what precedes it: whatever follows it would be read unprotected.
        // `end` is where the first CRC object ends; the reader reads no further, so bytes after
        // it that are not data objects are refused here too, not as a broken header.
        if end != text.len() {
            let kind = ErrorKind::AfterCrc {
                found: text.len().saturating_sub(end),
            };
            return Err(Error::new(CRC4, end, kind));
        }
        let value_at = at.saturating_add(4);
        let found = parse_hex4(text.get(value_at..).unwrap_or("")).map_err(|(i, found)| {
            Error::new(
                CRC2,
                value_at.saturating_add(i),
                ErrorKind::CrcNotHex { found },
            )
        })?;
        let expected = if tail_crc == Some(at) {
            digest.update(pending);
            digest.finish()
        } else {
            crc16(text.as_bytes().get(..value_at).unwrap_or_default())
        };
        if expected != found {
            let kind = ErrorKind::CrcMismatch { expected, found };
            return Err(Error::new(CRC2, value_at, kind));
        }
        Ok(Payload {
            text,
            ascii,
            unit,
            index,
            crc_offset: u16::try_from(at).unwrap_or(u16::MAX),
            crc: found,
        })
    }

    /// Returns the payload text exactly as it was read.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert!(p.as_str().starts_with("000201"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Returns how the payload's lengths were counted when it was read.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.length_unit(), paycode::mpm::LengthUnit::Chars);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn length_unit(&self) -> LengthUnit {
        self.unit
    }

    /// Iterates over every root data object in payload order, unknown, reserved and repeated
    /// ones included.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let ids: Vec<u8> = p.objects().map(|o| o.id()).take(4).collect();
    /// assert_eq!(ids, [0, 1, 29, 31]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn objects(&self) -> impl Iterator<Item = DataObject<'a>> + use<'a> {
        Objects::new(self.reader(), self.text)
    }

    /// The reader of the root objects.
    fn reader(&self) -> Reader {
        Reader::root(self.text, self.index.ascii_bounds(), self.unit)
    }

    /// Returns the first root data object with this ID, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.get(60).map(|o| o.value()), Some("BEIJING"));
    /// assert!(p.get(61).is_none());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, id: u8) -> Option<DataObject<'a>> {
        let at = self.index.first(id)?;
        let (_, o) = self.reader().object(self.text.get(at..)?).ok()?;
        Some(o)
    }

    fn value(&self, id: u8) -> Option<&'a str> {
        self.get(id).map(|o| o.value())
    }

    /// Returns the payload format indicator (00); the standard's value is `"01"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.format_indicator(), Some("01"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn format_indicator(&self) -> Option<&'a str> {
        self.value(0)
    }

    /// Returns the point of initiation method (01), if present.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.initiation(), Some(paycode::mpm::Initiation::Dynamic));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn initiation(&self) -> Option<Initiation> {
        self.value(1).map(|v| match v {
            "11" => Initiation::Static,
            "12" => Initiation::Dynamic,
            _ => Initiation::Other,
        })
    }

    /// Iterates over the merchant account information objects (02–51), in payload order.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let ids: Vec<u8> = p.merchant_accounts().map(|a| a.id()).collect();
    /// assert_eq!(ids, [29, 31]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'a>> + use<'a> {
        let (ascii, unit, country, index) =
            (self.ascii, self.unit, self.country_code(), self.index);
        self.objects()
            .filter(|o| (2..=51).contains(&o.id()))
            .map(move |object| MerchantAccount {
                object,
                ascii,
                unit,
                country,
                layout: index
                    .first(object.id())
                    .filter(|&at| at == object.offset())
                    .and_then(|_| index.layout(object.id(), object.value())),
            })
    }

    /// Iterates over the unreserved templates (80–99), in payload order.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let t = p.unreserved_templates().next().unwrap()?;
    /// assert_eq!(t.get(0).map(|o| o.value()), Some("A011223344998877"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn unreserved_templates(
        &self,
    ) -> impl Iterator<Item = Result<Template<'a>, Error>> + use<'a> {
        let p = *self;
        self.objects()
            .filter(|o| o.id() >= 80)
            .map(move |o| p.template_of(o))
    }

    /// Returns the merchant category code (52) as a number, if present and four digits.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_category_code(), Some(4111));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn merchant_category_code(&self) -> Option<u16> {
        self.value(52).filter(|v| v.len() == 4).and_then(digits_u16)
    }

    /// Returns the raw transaction currency (53): three digits of ISO 4217.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.currency_code(), Some("156"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn currency_code(&self) -> Option<&'a str> {
        self.value(53)
    }

    /// Returns the transaction currency (53), if present and listed in ISO 4217.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.currency().map(|c| c.alpha()), Some("CNY"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn currency(&self) -> Option<Currency> {
        self.value(53)
            .filter(|v| v.len() == 3)
            .and_then(digits_u16)
            .and_then(codes::currency)
    }

    /// Returns the transaction amount (54), if present and a well-formed decimal.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.amount().map(|a| a.as_str()), Some("23.72"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn amount(&self) -> Option<Amount<'a>> {
        self.value(54).and_then(|v| Amount::new(v).ok())
    }

    /// Returns the tip or convenience indicator (55), if present.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.tip_indicator(), Some("01"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn tip_indicator(&self) -> Option<&'a str> {
        self.value(55)
    }

    /// Returns the fixed convenience fee (56), if present and a well-formed decimal.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert!(p.convenience_fee_fixed().is_none()); // 55 is 01: no fee
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn convenience_fee_fixed(&self) -> Option<Amount<'a>> {
        self.value(56).and_then(|v| Amount::new(v).ok())
    }

    /// Returns the convenience fee percentage (57), if present and a well-formed decimal.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert!(p.convenience_fee_percentage().is_none());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn convenience_fee_percentage(&self) -> Option<Amount<'a>> {
        self.value(57).and_then(|v| Amount::new(v).ok())
    }

    /// Returns the raw country code (58).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.country_code(), Some("CN"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn country_code(&self) -> Option<&'a str> {
        self.value(58)
    }

    /// Returns the country (58), if present and listed in ISO 3166-1.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.country().map(|c| c.name()), Some("China"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn country(&self) -> Option<Country> {
        self.value(58).and_then(codes::country)
    }

    /// Returns the merchant name (59).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_name(), Some("BEST TRANSPORT"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.value(59)
    }

    /// Returns the merchant city (60).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_city(), Some("BEIJING"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.value(60)
    }

    /// Returns the postal code (61).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.postal_code(), None);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn postal_code(&self) -> Option<&'a str> {
        self.value(61)
    }

    /// Returns the additional data field template (62), if present.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails (`MPM-TLV-1`, `MPM-TLV-2`) if the template's value is not a
    /// sequence of well-formed data objects.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let adf = p.additional_data().unwrap()?;
    /// assert_eq!(adf.get(9).map(|o| o.value()), Some("ME"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn additional_data(&self) -> Option<Result<Template<'a>, Error>> {
        self.template(62)
    }

    /// Returns the merchant information language template (64), if present.
    ///
    /// # Errors
    ///
    /// As for [`additional_data`](Self::additional_data).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let lang = p.language_template().unwrap()?;
    /// assert_eq!(lang.get(1).map(|o| o.value()), Some("最佳运输"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn language_template(&self) -> Option<Result<Template<'a>, Error>> {
        self.template(64)
    }

    /// Reads the root object `id` as a template, if present.
    ///
    /// # Errors
    ///
    /// As for [`additional_data`](Self::additional_data).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let acc = p.template(29).unwrap()?;
    /// assert_eq!(acc.get(5).map(|o| o.value()), Some("A93FO3230Q"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn template(&self, id: u8) -> Option<Result<Template<'a>, Error>> {
        self.get(id).map(|o| self.template_of(o))
    }

    /// Reads one root object of this payload as a template: that object's own value, wherever
    /// it sits. Where an ID repeats (a breach of `MPM-DUP-1`), [`template`](Self::template)
    /// reads the first object of the ID; this reads the one given, so that what is shown of
    /// each object is what that object holds.
    ///
    /// # Errors
    ///
    /// Fails (`MPM-TLV-1`, `MPM-TLV-2`, offsets in the payload) if the value is not a sequence
    /// of well-formed data objects.
    ///
    /// # Examples
    ///
    /// ```
    /// // Two 26 templates: each is read from its own span.
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020126110001X0102A126110001X0102B25802CN63046912")?;
    /// let accounts: Vec<&str> = p
    ///     .objects()
    ///     .filter(|o| o.id() == 26)
    ///     .map(|o| Ok(p.template_of(o)?.get(1).map_or("", |c| c.value())))
    ///     .collect::<Result<_, paycode::Error>>()?;
    /// assert_eq!(accounts, ["A1", "B2"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn template_of(&self, object: DataObject<'a>) -> Result<Template<'a>, Error> {
        match self.recorded(object) {
            Some(layout) => Ok(Template::new(object, None, self.ascii, self.unit, layout)),
            None => Template::read(object, None, self.ascii, self.unit),
        }
    }

    /// The layout the parse recorded for `object`, if it is the first root object of its
    /// template ID, of this payload (not merely one with the same ID and offset).
    fn recorded(&self, object: DataObject<'a>) -> Option<Layout> {
        self.is_first(object)
            .then(|| self.index.layout(object.id(), object.value()))?
    }

    /// Whether `object` is this payload's first root object of its ID (not merely one with
    /// the same ID and offset in another payload).
    fn is_first(&self, object: DataObject<'a>) -> bool {
        self.index.first(object.id()).is_some_and(|at| {
            at == object.offset()
                && self
                    .text
                    .get(at.saturating_add(4)..)
                    .is_some_and(|ours| core::ptr::eq(ours.as_ptr(), object.value().as_ptr()))
        })
    }

    /// Returns the issuers that a given registry (the built-in one, or a run-time
    /// [`Registry`](crate::registry::Registry) with issuers of its own) finds for the payload's
    /// accounts, each once, in payload order, as [`issuers`](Self::issuers) does with the
    /// built-in one.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020101021126160012com.example05802CN53031566304EAE4")?;
    /// assert!(p.issuers().is_empty());
    /// assert_eq!(p.issuers_in(&BUILT_IN).count(), 0);
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("example-pay", "Example Pay").guid("com.example0"));
    /// let ids: Vec<_> = p.issuers_in(&r).map(|i| i.to_string()).collect();
    /// assert_eq!(ids, ["example-pay"]);
    /// # }
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn issuers_in<'r, R: crate::registry::Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> impl Iterator<Item = R::Issuer<'r>> + use<'r, '_, 'a, R> {
        self.merchant_accounts()
            .enumerate()
            .filter_map(move |(n, a)| Some((n, a.issuer_in(registry)?)))
            .filter(move |&(n, i)| {
                !self
                    .merchant_accounts()
                    .take(n)
                    .any(|earlier| earlier.issuer_in(registry) == Some(i))
            })
            .map(|(_, i)| i)
    }

    /// Returns the registry issuers and networks whose accounts the payload carries, in payload
    /// order: primitive accounts (02-25) by their ID, templates (26-51) by their GUID or, where
    /// the registry says so, by the shape of a sub-object ([`MerchantAccount::issuer`]).
    /// Accounts the registry does not know are left out.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591")?;
    /// let ids: Vec<_> = p.issuers().iter().map(|i| i.id()).collect();
    /// assert_eq!(ids, ["pix"]);
    /// // KHQR (Cambodia): a Bakong account ID, name@bank, where other schemes put a GUID.
    /// let khqr = paycode::mpm::Payload::parse(
    ///     "00020101021229220018sopheak_leng2@ftcc520459995303116540410005802KH5912sopheak leng6010Phnom Penh9936001411732270085311011417323270145310630445D7")?;
    /// assert_eq!(khqr.issuers().first().map(|i| i.id()), Some("khqr"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> crate::registry::Candidates {
        let mut out = crate::registry::Candidates::EMPTY;
        for a in self.merchant_accounts() {
            if let Some((i, confidence)) = a.attributed() {
                out.push(i, confidence);
            }
        }
        out
    }

    /// Returns the CRC (63) that the payload carries and that [`parse`](Self::parse) verified.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.crc(), 0xA13A);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn crc(&self) -> u16 {
        self.crc
    }

    /// Returns the byte offset of the CRC object (the `6304` header).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.crc_offset(), p.as_str().len() - 8);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn crc_offset(&self) -> usize {
        self.crc_offset as usize
    }
}

impl fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for o in self.objects() {
            list.entry(&format_args!("{:02}", o.id()), &o.value());
        }
        list.finish()
    }
}

/// Writes the payload exactly as it was read (its canonical wire form).
impl fmt::Display for Payload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl PartialEq for Payload<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.unit == other.unit
    }
}

impl Eq for Payload<'_> {}

impl<'a> TryFrom<&'a [u8]> for Payload<'a> {
    type Error = Error;

    fn try_from(b: &'a [u8]) -> Result<Self, Error> {
        Payload::parse_bytes(b)
    }
}

impl<'a> TryFrom<&'a str> for Payload<'a> {
    type Error = Error;

    fn try_from(s: &'a str) -> Result<Self, Error> {
        Payload::parse(s)
    }
}

/// Checks that `input` is UTF-8 (`MPM-UTF-1`).
fn utf8(input: &[u8]) -> Result<&str, Error> {
    core::str::from_utf8(input)
        .map_err(|e| Error::new(Rule::MpmUtf1, e.valid_up_to(), ErrorKind::NotUtf8))
}

/// Reads up to four ASCII digits as a number; `None` for anything else (even a `+` sign).
pub(crate) fn digits_u16(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads the first four characters of `s` as hex digits, either case; on failure returns the
/// index and the first bad character.
fn parse_hex4(s: &str) -> Result<u16, (usize, char)> {
    // The common case, without a branch per digit: four hex digits, looked up in a table.
    if let Some(&[a, b, c, d]) = s.as_bytes().first_chunk::<4>() {
        let [a, b, c, d] = [a, b, c, d].map(hex_digit);
        if (a | b | c | d) < 16 {
            return Ok(u16::from_be_bytes([(a << 4) | b, (c << 4) | d]));
        }
    }
    let mut v: u16 = 0;
    for (i, &b) in s.as_bytes().iter().take(4).enumerate() {
        let Some(d) = char::from(b).to_digit(16).filter(|_| b.is_ascii()) else {
            // Only now decode characters, to name the one at fault.
            let found = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
            return Err((i, found));
        };
        // Four hex digits fill exactly 16 bits.
        v = (v << 4) | (d as u16);
    }
    Ok(v)
}

/// The value of hex digit `b` (either case), or 16 or more if it is not one.
#[inline(always)]
fn hex_digit(b: u8) -> u8 {
    const HEX: [u8; 256] = hex_table();
    HEX.get(usize::from(b)).copied().unwrap_or(u8::MAX)
}

/// [`hex_digit`] as a table, built at compile time (where an index out of bounds would fail
/// the build, not panic).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn hex_table() -> [u8; 256] {
    let mut t = [u8::MAX; 256];
    let mut d = 0;
    while d < 16 {
        let c = if d < 10 { b'0' + d } else { b'A' + d - 10 };
        t[c as usize] = d;
        t[c.to_ascii_lowercase() as usize] = d;
        d += 1;
    }
    t
}

/// Whether the four bytes at `at` are `6304`, the CRC object's header, compared as one word.
fn is_crc_header(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at..at.saturating_add(4))
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
        .is_some_and(|w| u32::from_le_bytes(w) == u32::from_le_bytes(*b"6304"))
}

/// The point of initiation method (01).
///
/// # Examples
///
/// ```
/// use paycode::mpm::{Initiation, Payload};
/// let p = Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
/// assert_eq!(p.initiation(), Some(Initiation::Dynamic));
/// # Ok::<(), paycode::mpm::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Initiation {
    /// `11`: the same code serves many payments.
    Static,
    /// `12`: a new code for each payment.
    Dynamic,
    /// Any other value, reserved by the standard (`MPM-POI-1`).
    Other,
}

/// A merchant account information object (02–51): a network's primitive identifier (02–25) or
/// a template with a globally unique identifier (26–51).
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
/// let a = p.merchant_accounts().next().unwrap();
/// assert_eq!((a.id(), a.guid()), (29, Some("D15600000000")));
/// # Ok::<(), paycode::mpm::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MerchantAccount<'a> {
    object: DataObject<'a>,
    ascii: bool,
    unit: LengthUnit,
    /// The payload's country code (58): some schemes are attributed by it (KHQR).
    country: Option<&'a str>,
    /// The template's objects as the parse recorded them, if it did.
    layout: Option<Layout>,
}

impl<'a> MerchantAccount<'a> {
    /// Returns the root object itself.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let a = p.merchant_accounts().next().unwrap();
    /// assert_eq!(a.object().id(), 29);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn object(&self) -> DataObject<'a> {
        self.object
    }

    /// Returns the root ID, 2 to 51.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_accounts().next().map(|a| a.id()), Some(29));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn id(&self) -> u8 {
        self.object.id()
    }

    /// Returns whether this is a template (26–51) rather than a primitive (02–25).
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert!(p.merchant_accounts().all(|a| a.is_template()));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn is_template(&self) -> bool {
        self.object.id() >= 26
    }

    /// Reads the value as a template (for 26–51), or `None` for a primitive.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails if the value is not a sequence of well-formed data objects.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let t = p.merchant_accounts().next().unwrap().template().unwrap()?;
    /// assert_eq!(t.path().to_string(), "29");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn template(&self) -> Option<Result<Template<'a>, Error>> {
        self.is_template().then(|| match self.layout {
            Some(layout) => Ok(Template::new(
                self.object,
                None,
                self.ascii,
                self.unit,
                layout,
            )),
            None => Template::read(self.object, None, self.ascii, self.unit),
        })
    }

    /// Returns the registry issuer of this account: by ID for a primitive (02-25), by GUID
    /// for a template (26-51), or for a template without a registered GUID by the shape of a
    /// sub-object where the registry gives one (`mpm_account_forms`: KHQR's `name@bank` in
    /// 29.00 or 30.00 of a payload whose country is `KH`).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
    /// let a = p.merchant_accounts().next().unwrap();
    /// assert_eq!(a.issuer().map(|i| i.id()), Some("promptpay"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> Option<crate::registry::Issuer> {
        self.attributed().map(|(i, _)| i)
    }

    /// Returns the issuer of this account that a given registry finds, as
    /// [`issuer`](Self::issuer) does with the built-in one.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::BUILT_IN;
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
    /// let a = p.merchant_accounts().next().unwrap();
    /// assert_eq!(a.issuer_in(&BUILT_IN).map(|i| i.id()), Some("promptpay"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn issuer_in<'r, R: crate::registry::Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> Option<R::Issuer<'r>> {
        if !self.is_template() {
            return registry.by_root_id(self.id());
        }
        let t = self.template()?.ok()?;
        if let Some(i) = t.get(0).and_then(|g| registry.by_guid(g.value())) {
            return Some(i);
        }
        let sub = |id: u8| t.get(id).map(|o| o.value());
        registry.by_account_form(self.id(), &sub, self.country)
    }

    /// The issuer with the confidence of the registry fact that attributes it.
    fn attributed(&self) -> Option<(crate::registry::Issuer, crate::registry::Confidence)> {
        use crate::registry::{self, Confidence};
        if !self.is_template() {
            return registry::by_root_id(self.id()).map(|i| (i, Confidence::Verified));
        }
        let t = self.template()?.ok()?;
        let guid = t.get(0).map(|o| o.value());
        if let Some(i) = guid.and_then(registry::by_guid) {
            return Some((i, Confidence::Verified));
        }
        registry::by_account_form(self.id(), |sub| t.get(sub).map(|o| o.value()), self.country)
    }

    /// Returns the globally unique identifier (sub-object 00) of a template account.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.merchant_accounts().next().and_then(|a| a.guid()), Some("D15600000000"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn guid(&self) -> Option<&'a str> {
        self.template()?.ok()?.get(0).map(|o| o.value())
    }
}

/// A template's value read as data objects, borrowed from the payload.
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(
///     "00020101021130620016A000000677010112011301122334455660211CUSTOMER0010306INV00153037645802TH62070703SCB6304780E")?;
/// let adf = p.additional_data().unwrap()?;
/// assert_eq!(adf.get(7).map(|o| o.value()), Some("SCB"));
/// assert_eq!(adf.path().to_string(), "62");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template<'a> {
    object: DataObject<'a>,
    path: ObjectPath,
    ascii: bool,
    unit: LengthUnit,
    /// Where its objects are: read once, when the template is made.
    layout: Layout,
}

impl<'a> Template<'a> {
    /// Reads `object`'s value as a template, under `parent` (`None` at the root).
    pub(crate) fn read(
        object: DataObject<'a>,
        parent: Option<ObjectPath>,
        ascii: bool,
        unit: LengthUnit,
    ) -> Result<Self, Error> {
        let path = parent.map_or(ObjectPath::root(object.id()), |p| p.child(object.id()));
        let ascii = ascii || object.value().is_ascii();
        let reader = Reader::new(
            object.value(),
            object.value_offset(),
            ascii,
            unit,
            Some(path),
        );
        let (_, layout) = reader
            .sequence(object.value())
            .map_err(|e| reader.error(e))?;
        Ok(Template::new(object, parent, ascii, unit, layout))
    }

    /// A template whose layout is already known.
    fn new(
        object: DataObject<'a>,
        parent: Option<ObjectPath>,
        ascii: bool,
        unit: LengthUnit,
        layout: Layout,
    ) -> Self {
        Template {
            object,
            path: parent.map_or(ObjectPath::root(object.id()), |p| p.child(object.id())),
            ascii: ascii || object.value().is_ascii(),
            unit,
            layout,
        }
    }

    /// Returns where the template sits, such as `26` or `62.50`.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.additional_data().unwrap()?.path().to_string(), "62");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn path(&self) -> ObjectPath {
        self.path
    }

    /// Returns the template's own data object.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.additional_data().unwrap()?.object().id(), 62);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn object(&self) -> DataObject<'a> {
        self.object
    }

    /// Iterates over the template's data objects in order; offsets count from the payload's
    /// start.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let ids: Vec<u8> = p.additional_data().unwrap()?.objects().map(|o| o.id()).collect();
    /// assert_eq!(ids, [3, 6, 7, 9]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn objects(&self) -> impl Iterator<Item = DataObject<'a>> + use<'a> {
        let (layout, value, base) = (self.layout, self.object.value(), self.object.value_offset());
        let ascii = self.ascii;
        (0..layout.len()).filter_map(move |k| layout.object(value, base, ascii, k))
    }

    /// Returns the first data object with this ID, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert_eq!(p.additional_data().unwrap()?.get(3).map(|o| o.value()), Some("1234"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, id: u8) -> Option<DataObject<'a>> {
        let k = self.layout.find(id)?;
        self.layout.object(
            self.object.value(),
            self.object.value_offset(),
            self.ascii,
            k,
        )
    }

    /// Reads the child object `id` as a nested template (62.50–99), if present.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails if the child's value is not well-formed data objects.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// // The example has no 62.50-99; reading 62.07 as a template fails.
    /// let adf = p.additional_data().unwrap()?;
    /// assert!(adf.template(7).unwrap().is_err());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn template(&self, id: u8) -> Option<Result<Template<'a>, Error>> {
        self.get(id).map(|o| self.template_of(o))
    }

    /// Reads one child object of this template as a nested template (62.50–99): that object's
    /// own value, even where its ID repeats (see [`Payload::template_of`]).
    ///
    /// # Errors
    ///
    /// Fails (`MPM-TLV-1`, `MPM-TLV-2`) if the value is not well-formed data objects.
    ///
    /// # Examples
    ///
    /// ```
    /// # let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// let adf = p.additional_data().unwrap()?;
    /// let reference = adf.objects().next().unwrap();
    /// assert!(adf.template_of(reference).is_err()); // 62.03 holds "1234", not data objects
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn template_of(&self, object: DataObject<'a>) -> Result<Template<'a>, Error> {
        Template::read(object, Some(self.path), self.ascii, self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn crc_hex_is_read_as_the_digit_loop_reads_it() {
        let slow = |s: &str| -> Result<u16, (usize, char)> {
            let mut v = 0u16;
            for (i, c) in s.chars().take(4).enumerate() {
                let d = c.to_digit(16).filter(|_| c.is_ascii()).ok_or((i, c))?;
                v = (v << 4) | d as u16;
            }
            Ok(v)
        };
        for c in 0..=255u8 {
            for k in 0..4 {
                let mut w = *b"A13a";
                w[k] = c;
                if let Ok(s) = core::str::from_utf8(&w) {
                    assert_eq!(parse_hex4(s), slow(s), "{s:?}");
                }
            }
        }
        for s in ["", "A", "A1", "A13", "A13é", "é", "0000", "ffff", "FFFF"] {
            assert_eq!(parse_hex4(s), slow(s), "{s:?}");
        }
    }

    #[test]
    fn the_crc_object_ends_where_its_length_says() {
        // Four characters of a non-ASCII CRC value end the payload: not hex (MPM-CRC-2), and
        // not mistaken for bytes after the CRC object.
        let e = Payload::parse("0002016304最佳运输").unwrap_err();
        assert_eq!((e.rule().id(), e.offset()), ("MPM-CRC-2", 10));
        let e = Payload::parse("0002016304最佳运输01").unwrap_err();
        assert_eq!((e.rule().id(), e.offset()), ("MPM-CRC-4", 22));
        // A 63 that is not the last object, before and after bytes the walk on bytes stops at.
        let tail = format!("{SPEC_EXAMPLE}6304A13A");
        let e = Payload::parse(&tail).unwrap_err();
        assert_eq!(
            (e.rule().id(), e.offset()),
            ("MPM-CRC-4", SPEC_EXAMPLE.len())
        );
        let e = Payload::parse(&format!("{SPEC_EXAMPLE}63")).unwrap_err();
        assert_eq!(
            (e.rule().id(), e.offset()),
            ("MPM-CRC-4", SPEC_EXAMPLE.len())
        );
        assert_eq!(object_end(b"63041234", 0, LengthUnit::Chars), Some(8));
        assert_eq!(
            object_end("6302北京".as_bytes(), 0, LengthUnit::Chars),
            Some(10)
        );
        assert_eq!(
            object_end("6306北京".as_bytes(), 0, LengthUnit::Bytes),
            Some(10)
        );
    }
}
