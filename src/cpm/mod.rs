//! Consumer-presented codes: the EMVCo CPM payload (`spec/cpm.md`).
//!
//! The QR text is standard base64 of BER-TLV binary: a payload format indicator `85 05 CPV01`,
//! one or two application templates (61) with the account (AID, track 2 or PAN, name…), an
//! optional common data template (62), and transparent templates (63, 64) that carry the
//! issuer's cryptogram data for the acquirer.
//!
//! [`Cpm::decode`] decodes into a caller's buffer and checks the structure; [`Cpm::validate`]
//! lists every breach of the standard. Offsets in errors count bytes of the *decoded* payload,
//! except for `CPM-B64-1` and `CPM-LIM-1`, which count characters of the text.
//!
//! Card numbers, track 2 data and cryptograms are credentials: `Debug` masks them.

mod error;
pub use error::{
    EncodeError, Error, ErrorKind, Expected, LengthFault, Missing, TagFault, Violation,
};
mod ber;
mod builder;
mod card;
#[cfg(feature = "alloc")]
mod owned;
mod validate;

pub(crate) use ber::Objects;
pub use ber::{MAX_DEPTH, Tlv};
pub use builder::CpmBuilder;
pub use card::{MAX_PAN_DIGITS, Pan, Track2};
#[cfg(feature = "alloc")]
pub use owned::CpmBuf;

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::error::{Base64Fault, Rule};

use crate::registry::{self, Candidates, Confidence, Issuer};
use ber::{check, read_tlv};

/// The longest base64 text the reader accepts, in characters (`CPM-LIM-1`): readers must take
/// 512 (CPM §4.1.1.1); real payloads are under 300.
pub const MAX_TEXT_LEN: usize = 2048;

/// A buffer size that holds any payload the reader accepts, decoded.
pub const MAX_DECODED_LEN: usize = MAX_TEXT_LEN / 4 * 3;

/// Returns whether `text` starts as an EMVCo consumer-presented payload does: `hQVDUFY`, the
/// base64 of `85 05 "CPV` (CPM §5.1.1.1). The version digits are checked after decoding.
///
/// # Examples
///
/// ```
/// assert!(paycode::cpm::looks_like_cpm("hQVDUFYwMWEaTwegAAAA"));
/// assert!(!paycode::cpm::looks_like_cpm("000201010212"));
/// ```
#[must_use]
pub fn looks_like_cpm(text: &str) -> bool {
    text.starts_with("hQVDUFY")
}

/// A consumer-presented payload: base64-decoded, well-formed BER-TLV, starting with the payload
/// format indicator. It borrows the decoded bytes.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "alloc")] {
/// use paycode::cpm::Cpm;
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// let p = Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// assert_eq!(p.format_indicator(), Some(&b"CPV01"[..]));
/// let app = p.applications().next().unwrap();
/// assert_eq!(app.aid(), Some(&[0xA0, 0x00, 0x00, 0x00, 0x55, 0x55, 0x55][..]));
/// let t2 = app.track2().unwrap();
/// assert_eq!(t2.pan().as_str(), "1234567890123458");
/// assert_eq!(t2.expiry(), "1912");
/// assert!(p.validate().is_empty());
/// # }
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Cpm<'a> {
    bytes: &'a [u8],
}

impl<'a> Cpm<'a> {
    /// Decodes base64 text into `buf` and reads the result. Errors in the text are located
    /// in it ([`Location::Input`](crate::Location::Input)), errors in what it decodes to in the
    /// decoded bytes ([`Location::Decoded`](crate::Location::Decoded)).
    ///
    /// # Errors
    ///
    /// - [`Error::Cpm`](crate::Error::Cpm) with `CPM-LIM-1`: more than [`MAX_TEXT_LEN`]
    ///   characters;
    /// - with `CPM-B64-1`: not standard base64 with padding (a missing `=`, the base64url
    ///   `-`/`_`, a space);
    /// - otherwise as [`Cpm::parse`];
    /// - [`Error::BufferTooSmall`](crate::Error::BufferTooSmall) if `buf` cannot hold the
    ///   decoded bytes ([`MAX_DECODED_LEN`] always can).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let e = paycode::cpm::Cpm::decode("hQVDUFYwMQ=", &mut buf).unwrap_err();
    /// assert_eq!(e.rule(), Some(paycode::Rule::CpmB641));
    /// ```
    pub fn decode(text: &str, buf: &'a mut [u8]) -> Result<Self, crate::Error> {
        let bytes = decode_base64(text, buf)?;
        Cpm::parse(bytes).map_err(|e| {
            let at = crate::Location::Decoded(e.offset());
            crate::Error::Cpm(Error::located(e.rule(), at, e.kind()))
        })
    }

    /// Reads decoded payload bytes.
    ///
    /// # Errors
    ///
    /// - `CPM-BER-1` to `CPM-BER-4`: a tag or length cut short, an indefinite length or a bare
    ///   length byte of 128 or more, a value running past its container, too deep a nesting;
    /// - `CPM-PFI-1`: the first object is not the payload format indicator (85).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = paycode::cpm::Cpm::parse(&[0x61, 0x00]).unwrap_err();
    /// assert_eq!(err.rule().id(), "CPM-PFI-1");
    /// ```
    pub fn parse(bytes: &'a [u8]) -> Result<Self, Error> {
        check(bytes, 0, 0)?;
        let first = read_tlv(bytes, 0, 0)?.map(|(t, _)| t);
        match first {
            Some(t) if t.tag() == 0x85 => Ok(Cpm { bytes }),
            other => {
                let found = other.map_or(0, |t| t.tag());
                let at = other.map_or(bytes.len(), |t| t.offset());
                Err(Error::new(Rule::CpmPfi1, at, ErrorKind::NotCpm { found }))
            }
        }
    }

    /// Returns the decoded bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// assert_eq!(p.as_bytes().len(), 124);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Iterates over the top-level data objects, in order, unknown ones included.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// let tags: Vec<u32> = p.objects().map(|t| t.tag()).collect();
    /// assert_eq!(tags, [0x85, 0x61, 0x61, 0x62]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn objects(&self) -> impl Iterator<Item = Tlv<'a>> + use<'a> {
        Objects {
            bytes: self.bytes,
            pos: 0,
            base: 0,
        }
    }

    /// Returns the payload format indicator (85): `CPV01` in a conformant payload.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// assert_eq!(p.format_indicator(), Some(&b"CPV01"[..]));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn format_indicator(&self) -> Option<&'a [u8]> {
        self.objects().find(|t| t.tag() == 0x85).map(|t| t.value())
    }

    /// Iterates over the application templates (61), in order.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// assert_eq!(p.applications().count(), 2);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn applications(&self) -> impl Iterator<Item = Application<'a>> + use<'a> {
        let common = self.common_data();
        self.objects()
            .filter(|t| t.tag() == 0x61)
            .map(move |tlv| Application { tlv, common })
    }

    /// Returns the common data template (62), if present.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// assert_eq!(p.common_data().map(|t| t.tag()), Some(0x62));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn common_data(&self) -> Option<Tlv<'a>> {
        self.objects().find(|t| t.tag() == 0x62)
    }

    /// Returns the registry issuers of the applications' AIDs, in payload order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 256];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// assert_eq!(p.issuers().first().map(|i| i.id()), Some("emvco-example"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        let mut out = Candidates::EMPTY;
        for a in self.applications() {
            if let Some(i) = a.issuer() {
                out.push(i, Confidence::Verified);
            }
        }
        out
    }

    /// Returns the issuers of the applications' AIDs in `registry`, in payload order, each
    /// once: in the built-in registry ([`BUILT_IN`](registry::BUILT_IN)) what
    /// [`issuers`](Self::issuers) returns; in a run-time
    /// [`Registry`](crate::registry::Registry), its own AIDs before the built-in ones. Nothing
    /// is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
    /// let mut buf = [0u8; 256];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// assert!(p.issuers_in(&BUILT_IN).eq(p.issuers()));
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("test-wallet", "Test wallet").aid(&[0xA0, 0x00, 0x00, 0x00, 0x55]));
    /// assert_eq!(p.issuers_in(&r).map(|i| i.id()).collect::<Vec<_>>(), ["test-wallet"]);
    /// # }
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn issuers_in<'r, R: registry::Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> impl Iterator<Item = R::Issuer<'r>> + use<'a, 'r, R> {
        let payload = *self;
        let of = move |a: Application<'a>| a.aid().and_then(|aid| registry.by_aid(aid));
        self.applications().enumerate().filter_map(move |(k, a)| {
            let found = of(a)?;
            let seen = payload.applications().take(k).any(|b| of(b) == Some(found));
            (!seen).then_some(found)
        })
    }

    /// Writes the payload as base64 text into `buf`, returning it. For a payload decoded from
    /// text, this gives the text back, byte for byte.
    ///
    /// # Errors
    ///
    /// [`EncodeError::BufferTooSmall`] if `buf` cannot hold the text (4 characters per 3
    /// bytes, rounded up).
    ///
    /// # Examples
    ///
    /// ```
    /// let text = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
    /// let mut bytes = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode(text, &mut bytes)?;
    /// let mut out = [0u8; 64];
    /// assert_eq!(p.encode_into(&mut out)?, text);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn encode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, EncodeError> {
        encode_base64(self.bytes, buf)
    }
}

impl fmt::Debug for Cpm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cpm")
            .field("format_indicator", &self.format_indicator().map(Bytes))
            .field("applications", &Apps(*self))
            .finish_non_exhaustive()
    }
}

struct Apps<'a>(Cpm<'a>);

impl fmt::Debug for Apps<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.applications()).finish()
    }
}

/// Bytes shown as upper-case hex, or as text when they are printable ASCII.
struct Bytes<'a>(&'a [u8]);

impl fmt::Debug for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            write!(f, "\"{}\"", self.0.escape_ascii())
        } else {
            self.0.iter().try_for_each(|b| write!(f, "{b:02X}"))
        }
    }
}

/// Decodes standard base64 with padding into `buf` (`CPM-B64-1`, `CPM-LIM-1`).
fn decode_base64<'b>(text: &str, buf: &'b mut [u8]) -> Result<&'b [u8], crate::Error> {
    const B64: Rule = Rule::CpmB641;
    if text.len() > MAX_TEXT_LEN {
        let kind = ErrorKind::InputTooLong {
            limit: MAX_TEXT_LEN,
            found: text.len(),
        };
        return Err(Error::new(Rule::CpmLim1, MAX_TEXT_LEN, kind).into());
    }
    let available = buf.len();
    let too_small = || {
        let padding = text.bytes().rev().take_while(|&b| b == b'=').count();
        let needed = (text.len() / 4).saturating_mul(3).saturating_sub(padding);
        crate::Error::BufferTooSmall(crate::BufferTooSmall { needed, available })
    };
    match STANDARD.decode_slice(text.as_bytes(), buf) {
        Ok(n) => buf.get(..n).ok_or_else(too_small),
        Err(base64::DecodeSliceError::OutputSliceTooSmall) => Err(too_small()),
        Err(base64::DecodeSliceError::DecodeError(e)) => {
            let (at, fault) = match e {
                base64::DecodeError::InvalidByte(i, _) => (i, Base64Fault::Alphabet),
                base64::DecodeError::InvalidLength(n) => (n, Base64Fault::Length),
                base64::DecodeError::InvalidLastSymbol { offset, .. } => {
                    (offset, Base64Fault::TrailingBits)
                }
                base64::DecodeError::InvalidPadding => (text.len(), Base64Fault::Padding),
            };
            Err(Error::new(B64, at, ErrorKind::Base64 { fault }).into())
        }
    }
}

/// Encodes bytes as standard base64 with padding into `buf`.
pub(crate) fn encode_base64<'b>(bytes: &[u8], buf: &'b mut [u8]) -> Result<&'b str, EncodeError> {
    let available = buf.len();
    let too_small = || EncodeError::BufferTooSmall {
        needed: bytes.len().div_ceil(3).saturating_mul(4),
        available,
    };
    let n = STANDARD.encode_slice(bytes, buf).map_err(|_| too_small())?;
    let written = buf.get(..n).ok_or_else(too_small)?;
    core::str::from_utf8(written).map_err(|_| too_small())
}

/// An application template (61): one account the consumer offers.
///
/// The data a POI reads for an application is the template's objects and the common data
/// template's (62, CPM §5.1.1.10): the card-data accessors ([`pan`](Self::pan),
/// [`track2`](Self::track2), the cardholder name, …) look in the template first and then in
/// the common data. [`get`](Self::get) and [`aid`](Self::aid) read the template only.
///
/// # Examples
///
/// ```
/// let mut buf = [0u8; 64];
/// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// let app = p.applications().next().unwrap();
/// assert_eq!(app.aid(), Some(&[0xA0, 0, 0, 0, 0x55, 0x55, 0x55][..]));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Application<'a> {
    tlv: Tlv<'a>,
    common: Option<Tlv<'a>>,
}

impl<'a> Application<'a> {
    /// Returns the template itself.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.tlv().tag(), 0x61);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn tlv(&self) -> Tlv<'a> {
        self.tlv
    }

    /// Returns the first object with this tag inside the template.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.get(0x50), Some(&b"Product1"[..]));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, tag: u32) -> Option<&'a [u8]> {
        self.tlv
            .children()
            .find(|t| t.tag() == tag)
            .map(|t| t.value())
    }

    /// Returns the first object with this tag in the data a POI reads for this application:
    /// the template, then the common data template (62).
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.get(0x5A), None); // B.2 carries the PAN in 62
    /// assert_eq!(app.poi_get(0x5A), Some(&[0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34, 0x58][..]));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn poi_get(&self, tag: u32) -> Option<&'a [u8]> {
        self.get(tag).or_else(|| {
            self.common?
                .children()
                .find(|t| t.tag() == tag)
                .map(|t| t.value())
        })
    }

    /// Returns the application identifier (4F).
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.aid().map(|a| a.len()), Some(7));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn aid(&self) -> Option<&'a [u8]> {
        self.get(0x4F)
    }

    /// Returns the registry issuer of the AID (the longest registered AID it starts with).
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.issuer().map(|i| i.id()), Some("emvco-example"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> Option<Issuer> {
        self.aid().and_then(registry::by_aid)
    }

    /// Returns the application label (50), if it is printable ASCII.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.label(), Some("Product1"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn label(&self) -> Option<&'a str> {
        self.poi_get(0x50).and_then(ascii)
    }

    /// Returns the track 2 equivalent data (57), decoded, if it is well-formed.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert!(app.track2().is_none()); // B.2 carries the PAN in 62 instead
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn track2(&self) -> Option<Track2> {
        self.poi_get(0x57).and_then(Track2::decode)
    }

    /// Returns the application PAN (5A), or else the PAN of the track 2 data, each looked for
    /// in the template and then in the common data template.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// // B.2 carries the PAN in its common data template, for both applications.
    /// assert_eq!(app.pan().map(|p| p.to_string()), Some("1234567890123458".into()));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn pan(&self) -> Option<Pan> {
        match self.poi_get(0x5A) {
            Some(v) => Pan::from_bcd(v),
            None => self.track2().map(|t| t.pan()),
        }
    }

    /// Returns the cardholder name (5F20), if printable ASCII.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.cardholder_name(), Some("CARDHOLDER/EMV")); // from 62
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn cardholder_name(&self) -> Option<&'a str> {
        self.poi_get(0x5F20).and_then(ascii)
    }

    /// Returns the language preference (5F2D): one to four ISO 639-1 codes run together.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.language_preference(), Some("ruesdeen")); // from 62
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn language_preference(&self) -> Option<&'a str> {
        self.poi_get(0x5F2D).and_then(ascii)
    }

    /// Returns the issuer URL (5F50), if printable ASCII.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.issuer_url(), None);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuer_url(&self) -> Option<&'a str> {
        self.poi_get(0x5F50).and_then(ascii)
    }

    /// Returns the application version number (9F08), `0x0010` when absent (CPM §6.1.1.5).
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.version(), 0x0010); // the default
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn version(&self) -> u16 {
        match self.poi_get(0x9F08) {
            Some(&[a, b]) => u16::from_be_bytes([a, b]),
            _ => 0x0010,
        }
    }

    /// Returns the payment account reference (9F24), if printable ASCII.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.payment_account_reference(), None);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn payment_account_reference(&self) -> Option<&'a str> {
        self.poi_get(0x9F24).and_then(ascii)
    }

    /// Returns the application-specific transparent template (63): the issuer's data for the
    /// acquirer, which the POI passes on without reading.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 256];
    /// # let p = paycode::cpm::Cpm::decode("hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==", &mut buf)?;
    /// # let app = p.applications().next().unwrap();
    /// assert_eq!(app.transparent(), None);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn transparent(&self) -> Option<&'a [u8]> {
        self.get(0x63)
    }
}

impl fmt::Debug for Application<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Application")
            .field("aid", &self.aid().map(Bytes))
            .field("issuer", &self.issuer())
            .field("label", &self.label())
            .field("pan", &self.pan())
            .field("track2", &self.poi_get(0x57).map(|_| "<masked>"))
            .field("transparent", &self.transparent().map(|_| "<masked>"))
            .finish_non_exhaustive()
    }
}

/// The value as text if it is printable ASCII. Read as UTF-8 first: bytes that are not UTF-8
/// are not ASCII either, so every `None` is a value that is not printable ASCII.
fn ascii(v: &[u8]) -> Option<&str> {
    core::str::from_utf8(v)
        .ok()
        .filter(|s| s.bytes().all(|b| (0x20..0x7F).contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_data_in_the_common_data_template_is_the_applications() {
        let mut buf = [0u8; 128];
        // 61 {4F, 50} and 62 {57, 5F20, 9F08}: the POI data of the application is both.
        let p = Cpm::decode(
            "hQVDUFYwMWEOTwegAAAAVVVVUANBUFBiH1cPEjRWeJASNFjRkSIBEjRfXyAGTkFNRS9YnwgCABE=",
            &mut buf,
        )
        .unwrap();
        assert!(p.is_conformant());
        let app = p.applications().next().unwrap();
        assert_eq!(app.get(0x57), None);
        assert_eq!(app.track2().map(|t| t.expiry().len()), Some(4));
        assert_eq!(
            app.pan().as_ref().map(Pan::as_str),
            Some("1234567890123458")
        );
        assert_eq!(app.cardholder_name(), Some("NAME/X"));
        assert_eq!(app.version(), 0x0011);
        assert_eq!(app.label(), Some("APP"));
    }

    #[test]
    fn the_templates_own_pan_comes_before_the_common_one() {
        let mut buf = [0u8; 128];
        let p = Cpm::decode(
            "hQVDUFYwMWETTwegAAAAVVVVWggRESIiMzNERGIRVw8SNFZ4kBI0WNGRIgESNF8=",
            &mut buf,
        )
        .unwrap();
        let app = p.applications().next().unwrap();
        assert_eq!(
            app.pan().as_ref().map(Pan::as_str),
            Some("1111222233334444")
        );
        assert!(app.track2().is_some());
    }
}
