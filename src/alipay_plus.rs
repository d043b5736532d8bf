//! Alipay+ merchant-presented codes: `HTTPS://<domain>/MPM/3/<base64>` (`spec/alipay-plus.md`).
//!
//! The URL carries, in standard base64, a payload of its own that is not EMVCo: `GPLD`, a
//! three-digit length, then data objects of a four-character ID, a three-digit length and a
//! value. Some values (`CDSD`, `CIRD`) are made of sub-objects with two-digit IDs and two-digit
//! lengths.
//!
//! [`AlipayPlusMpm::parse`] checks the URL, decodes the payload into a caller's buffer and reads
//! its structure; nothing is allocated. Offsets in errors count bytes of the *text* for the URL
//! and base64 rules (`APL-URL-*`, `APL-B64-1`, `APL-LIM-1`), and bytes of the *decoded payload*
//! for the rest, as do the offsets of [`Object`] and [`SubObject`].
//!
//! Attribution rests on the structure, as it does for an EMVCo template's GUID: a URL of this
//! shape is an Alipay+ code whatever its domain. The domain is the code issuer's and is reported
//! as written ([`AlipayPlusMpm::domain`]); this crate does not vouch for it.

mod error;
pub use error::{Error, ErrorKind, TlvFault, UrlFault};
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
pub use owned::AlipayPlusMpmBuf;

use core::fmt;

use crate::error::{Base64Fault, Rule};
use crate::registry::{self, Candidates, Confidence};

/// The longest decoded payload (`APL-LIM-1`): `GPLD`, three digits of length, 999 characters.
/// A buffer of this size holds any payload the reader accepts.
pub const MAX_DECODED_LEN: usize = 1006;

/// The longest domain name, in characters (RFC 1035 §2.3.4, written without the final dot).
pub const MAX_DOMAIN_LEN: usize = 253;

const SCHEME: &[u8] = b"https://";
const PATH: &[u8] = b"/MPM/3/";
/// [`PATH`] after its leading `/`.
const PATH_AFTER_SLASH: &str = "MPM/3/";
/// `GPLD` and three digits.
const GPLD_HEADER: usize = 7;
/// A data object's header: four characters of ID, three digits of length.
const OBJECT_HEADER: usize = 7;
/// A sub-object's header: two digits of ID, two digits of length.
const SUB_HEADER: usize = 4;

/// The objects whose value the standard defines as sub-objects (`APL-TLV-4`).
const COMPOSITE: [&str; 2] = ["CDSD", "CIRD"];
/// The payload version object: its value is never read as sub-objects.
const VERSION: &str = "PLVS";

/// Returns whether `text` starts as an Alipay+ merchant code does: `https://` (any case), a
/// host, then `/MPM/3/`. The rest is checked by [`AlipayPlusMpm::parse`]. This costs a few
/// comparisons.
///
/// # Examples
///
/// ```
/// use paycode::alipay_plus::looks_like_alipay_plus;
/// assert!(looks_like_alipay_plus("HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDAwMA=="));
/// assert!(!looks_like_alipay_plus("https://qr.alipay.com/fkx05106twowytj6velp79"));
/// ```
#[must_use]
pub fn looks_like_alipay_plus(text: &str) -> bool {
    looks_like_bytes(text.as_bytes())
}

/// [`looks_like_alipay_plus`] on bytes, for [`scan::detect`](crate::scan::detect).
pub(crate) fn looks_like_bytes(b: &[u8]) -> bool {
    let Some((scheme, rest)) = b.split_at_checked(SCHEME.len()) else {
        return false;
    };
    let scheme_ok = scheme.eq_ignore_ascii_case(SCHEME);
    let path_ok = rest
        .iter()
        .position(|&c| c == b'/')
        .and_then(|i| rest.get(i..))
        .is_some_and(|p| p.starts_with(PATH));
    scheme_ok && path_ok
}

/// An Alipay+ merchant-presented code: a URL of the right shape whose base64 payload decodes
/// into a well-formed GPLD structure. It borrows the text and the decoded bytes; `Display`
/// writes the text back byte for byte.
///
/// # Examples
///
/// ```
/// use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN};
/// // The example of the Alipay+ Code Scanning Payment Standards.
/// let text = "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE";
/// let mut buf = [0u8; MAX_DECODED_LEN];
/// let code = AlipayPlusMpm::parse(text, &mut buf)?;
/// assert_eq!(code.domain(), "QR.SAMPLEDOMAIN.COM");
/// assert_eq!(code.version(), Some("01"));
/// let ids: Vec<&str> = code.objects().map(|o| o.id()).collect();
/// assert_eq!(ids, ["PLVS", "CDSD", "CIRD"]);
/// let cird = code.get("CIRD").unwrap();
/// let subs: Vec<(&str, &str)> = cird.sub_objects().unwrap().map(|s| (s.id(), s.value())).collect();
/// assert_eq!(subs, [("01", "SAMPLEISSUER"), ("02", "12"), ("03", "MINIPROGRAMID")]);
/// assert_eq!(code.issuers().first().map(|i| i.id()), Some("alipay-plus"));
/// assert_eq!(code.to_string(), text);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AlipayPlusMpm<'a> {
    text: &'a str,
    domain: &'a str,
    encoded: &'a str,
    payload: &'a str,
}

impl<'a> AlipayPlusMpm<'a> {
    /// Reads an Alipay+ merchant code, decoding its payload into `buf`
    /// ([`MAX_DECODED_LEN`] bytes hold any payload).
    ///
    /// # Errors
    ///
    /// Offsets count bytes of the text for the first five, of the decoded payload for the rest:
    ///
    /// - `APL-URL-1`: not `https://` (in any case) at the start;
    /// - `APL-URL-2`: a host that is not a domain name of letters, digits and hyphens in dotted
    ///   labels: user information (`user@…`), a port (`…:443`), an IP address, an empty label;
    /// - `APL-URL-3`: the path is not `/MPM/3/` exactly (`/mpm/3/`, `/MPM/2/`);
    /// - `APL-B64-1`: the payload is not standard base64 with padding (`+`, `/` and `=` may be
    ///   written `%2B`, `%2F`, `%3D`);
    /// - `APL-LIM-1`: it decodes to more than [`MAX_DECODED_LEN`] bytes;
    /// - `APL-CHR-1`: a decoded byte outside printable ASCII;
    /// - `APL-TLV-1`: the payload does not start `GPLD` and three digits of a length that covers
    ///   exactly the rest;
    /// - `APL-TLV-2`: a data object's header is cut short, or its ID is not four letters or
    ///   digits, or its length not three digits;
    /// - `APL-TLV-3`: a value runs past the end of the payload;
    /// - `APL-TLV-4`: the value of `CDSD` or `CIRD` is not a sequence of sub-objects (two-digit
    ///   ID, two-digit length, value) that fills it exactly.
    ///
    /// These are [`Error::AlipayPlus`](crate::Error::AlipayPlus): the URL and base64 rules
    /// located in the text ([`Location::Input`](crate::Location::Input)), the others in the
    /// decoded payload ([`Location::Decoded`](crate::Location::Decoded)).
    /// [`Error::BufferTooSmall`](crate::Error::BufferTooSmall) if the payload does not fit `buf`
    /// ([`MAX_DECODED_LEN`] bytes always suffice).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::{Location, Rule, alipay_plus::AlipayPlusMpm};
    /// let mut buf = [0u8; 64];
    /// let e = AlipayPlusMpm::parse("https://qr.example.com/mpm/3/R1BMRDAwMA==", &mut buf).unwrap_err();
    /// assert_eq!((e.rule(), e.location()), (Some(Rule::AplUrl3), Some(Location::Input(23))));
    /// ```
    pub fn parse(text: &'a str, buf: &'a mut [u8]) -> Result<Self, crate::Error> {
        let (domain, encoded, payload_at) = read_url(text)?;
        let bytes: &'a [u8] = decode_base64(encoded, payload_at, buf)?;
        let decoded =
            |e: Error| Error::located(e.rule(), crate::Location::Decoded(e.offset()), e.kind());
        let payload = ascii(bytes).map_err(decoded)?;
        read_gpld(payload).map_err(decoded)?;
        Ok(AlipayPlusMpm {
            text,
            domain,
            encoded,
            payload,
        })
    }

    /// Returns the code's text, in full.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 16];
    /// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAwMA==", &mut buf)?;
    /// assert_eq!(c.as_str(), "https://qr.example.com/MPM/3/R1BMRDAwMA==");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Returns the domain, as written (its case kept). It names the code issuer's server; the
    /// code is Alipay+'s by its structure, and nothing here vouches for the domain.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 16];
    /// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://Qr.Example.com/MPM/3/R1BMRDAwMA==", &mut buf)?;
    /// assert_eq!(c.domain(), "Qr.Example.com");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn domain(&self) -> &'a str {
        self.domain
    }

    /// Returns the base64 payload as written after `/MPM/3/`, percent escapes included.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 16];
    /// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAwMA%3D%3D", &mut buf)?;
    /// assert_eq!(c.encoded_payload(), "R1BMRDAwMA%3D%3D");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn encoded_payload(&self) -> &'a str {
        self.encoded
    }

    /// Returns the decoded payload, `GPLD` header included.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 16];
    /// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAwMA==", &mut buf)?;
    /// assert_eq!(c.payload(), "GPLD000");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn payload(&self) -> &'a str {
        self.payload
    }

    /// Iterates over the data objects after the `GPLD` header, in order, unknown ones included.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// // GPLD017PLVS00201ABCD001X
    /// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// let objects: Vec<(&str, &str, usize)> = c.objects().map(|o| (o.id(), o.value(), o.offset())).collect();
    /// assert_eq!(objects, [("PLVS", "01", 7), ("ABCD", "X", 16)]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            payload: self.payload,
            pos: GPLD_HEADER,
        }
    }

    /// Returns the first data object with this ID (compared exactly), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// assert_eq!(c.get("ABCD").map(|o| o.value()), Some("X"));
    /// assert!(c.get("CDSD").is_none());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, id: &str) -> Option<Object<'a>> {
        self.objects().find(|o| o.id == id)
    }

    /// Returns the payload version (`PLVS`), if present: `01` in the standard's example.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// assert_eq!(c.version(), Some("01"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn version(&self) -> Option<&'a str> {
        self.get(VERSION).map(|o| o.value)
    }

    /// Returns the issuer the code's structure names: Alipay+ (`alipay-plus`), whatever the
    /// domain.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 16];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAwMA==", &mut buf)?;
    /// assert_eq!(c.issuers().iter().map(|i| i.id()).collect::<Vec<_>>(), ["alipay-plus"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        let mut out = Candidates::EMPTY;
        if let Some(i) = registry::issuer("alipay-plus") {
            out.push(i, Confidence::Verified);
        }
        out
    }
}

/// Writes the code's text as read, byte for byte.
impl fmt::Display for AlipayPlusMpm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl fmt::Debug for AlipayPlusMpm<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlipayPlusMpm")
            .field("domain", &self.domain)
            .field("objects", &ObjectList(self.objects()))
            .finish()
    }
}

struct ObjectList<'a>(Objects<'a>);

impl fmt::Debug for ObjectList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

/// A data object of an Alipay+ payload: a four-character ID, a three-digit length and a value.
///
/// # Examples
///
/// ```
/// # let mut buf = [0u8; 64];
/// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
/// let o = c.objects().next().unwrap();
/// assert_eq!((o.id(), o.value(), o.offset(), o.value_offset()), ("PLVS", "01", 7, 14));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object<'a> {
    id: &'a str,
    value: &'a str,
    offset: usize,
}

impl<'a> Object<'a> {
    /// Returns the four-character ID, such as `"CDSD"`.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// let o = c.get("ABCD").unwrap();
    /// assert_eq!(o.id(), "ABCD");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn id(&self) -> &'a str {
        self.id
    }

    /// Returns the value, as written.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// let o = c.get("ABCD").unwrap();
    /// assert_eq!(o.value(), "X");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn value(&self) -> &'a str {
        self.value
    }

    /// Returns the byte offset of the object's ID in the decoded payload.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// let o = c.get("ABCD").unwrap();
    /// assert_eq!(o.offset(), 16);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns the byte offset of the object's value in the decoded payload.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// let o = c.get("ABCD").unwrap();
    /// assert_eq!(o.value_offset(), 23);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn value_offset(&self) -> usize {
        self.offset.saturating_add(OBJECT_HEADER)
    }

    /// Returns the value's sub-objects, if it is made of them: always for `CDSD` and `CIRD`
    /// (`APL-TLV-4`), and for any other object but `PLVS` whose value happens to be a sequence
    /// of two-digit IDs, two-digit lengths and values that fills it exactly. That reading of an
    /// unknown object is a guess at its structure, not a claim; [`Object::value`] keeps the raw
    /// value either way.
    ///
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
    /// assert!(c.get("PLVS").unwrap().sub_objects().is_none());
    /// assert!(c.get("ABCD").unwrap().sub_objects().is_none()); // "X" is no sub-object
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn sub_objects(&self) -> Option<SubObjects<'a>> {
        if self.id == VERSION {
            return None;
        }
        let base = self.value_offset();
        check_subs(self.value, base).ok()?;
        Some(SubObjects {
            value: self.value,
            base,
            pos: 0,
        })
    }
}

/// A sub-object of a composite data object: a two-digit ID, a two-digit length and a value.
///
/// # Examples
///
/// ```
/// # let mut buf = [0u8; 64];
/// // GPLD016CDSD0090105ABCDE
/// let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxNkNEU0QwMDkwMTA1QUJDREU=", &mut buf)?;
/// let s = c.get("CDSD").unwrap().sub_objects().unwrap().next().unwrap();
/// assert_eq!((s.id(), s.value(), s.offset()), ("01", "ABCDE", 14));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubObject<'a> {
    id: &'a str,
    value: &'a str,
    offset: usize,
}

impl<'a> SubObject<'a> {
    /// Returns the two-digit ID, such as `"01"`.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxNkNEU0QwMDkwMTA1QUJDREU=", &mut buf)?;
    /// let s = c.get("CDSD").unwrap().sub_objects().unwrap().next().unwrap();
    /// assert_eq!(s.id(), "01");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn id(&self) -> &'a str {
        self.id
    }

    /// Returns the value, as written.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxNkNEU0QwMDkwMTA1QUJDREU=", &mut buf)?;
    /// let s = c.get("CDSD").unwrap().sub_objects().unwrap().next().unwrap();
    /// assert_eq!(s.value(), "ABCDE");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn value(&self) -> &'a str {
        self.value
    }

    /// Returns the byte offset of the sub-object's ID in the decoded payload.
    /// # Examples
    ///
    /// ```
    /// # let mut buf = [0u8; 64];
    /// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxNkNEU0QwMDkwMTA1QUJDREU=", &mut buf)?;
    /// let s = c.get("CDSD").unwrap().sub_objects().unwrap().next().unwrap();
    /// assert_eq!(s.offset(), 14);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }
}

/// The data objects of a payload, in order ([`AlipayPlusMpm::objects`]).
///
/// # Examples
///
/// ```
/// # let mut buf = [0u8; 64];
/// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxN1BMVlMwMDIwMUFCQ0QwMDFY", &mut buf)?;
/// let mut objects = c.objects();
/// assert_eq!(objects.next().map(|o| o.id()), Some("PLVS"));
/// assert_eq!(objects.next().map(|o| o.id()), Some("ABCD"));
/// assert!(objects.next().is_none());
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Objects<'a> {
    payload: &'a str,
    pos: usize,
}

impl<'a> Iterator for Objects<'a> {
    type Item = Object<'a>;

    fn next(&mut self) -> Option<Object<'a>> {
        // The payload was read whole by `parse`: no error is left to find here.
        let (o, next) = read_object(self.payload, self.pos).ok()??;
        self.pos = next;
        Some(o)
    }
}

/// The sub-objects of a composite value, in order ([`Object::sub_objects`]).
///
/// # Examples
///
/// ```
/// # let mut buf = [0u8; 64];
/// # let c = paycode::alipay_plus::AlipayPlusMpm::parse("https://qr.example.com/MPM/3/R1BMRDAxNkNEU0QwMDkwMTA1QUJDREU=", &mut buf)?;
/// let subs = c.get("CDSD").unwrap().sub_objects().unwrap();
/// assert_eq!(subs.map(|s| s.id()).collect::<Vec<_>>(), ["01"]);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SubObjects<'a> {
    value: &'a str,
    base: usize,
    pos: usize,
}

impl<'a> Iterator for SubObjects<'a> {
    type Item = SubObject<'a>;

    fn next(&mut self) -> Option<SubObject<'a>> {
        let (s, next) = read_sub(self.value, self.pos, self.base).ok()??;
        self.pos = next;
        Some(s)
    }
}

fn url_error(rule: Rule, at: usize, fault: UrlFault) -> Error {
    Error::new(rule, at, ErrorKind::Url { fault })
}

/// Checks the URL up to the payload: returns the domain, the payload and the offset where the
/// payload starts.
fn read_url(text: &str) -> Result<(&str, &str, usize), Error> {
    // How much of the scheme the text starts with, in one pass: the offset of the first
    // fault when it is not all of it. Splitting there yields the rest of the URL.
    let matched = text
        .bytes()
        .zip(SCHEME)
        .take_while(|(c, s)| c.to_ascii_lowercase() == **s)
        .count();
    let rest = match text.split_at_checked(SCHEME.len()) {
        Some((_, rest)) if matched == SCHEME.len() => rest,
        _ => return Err(url_error(Rule::AplUrl1, matched, UrlFault::NotHttps)),
    };
    let host_at = SCHEME.len();
    // The host runs to the first `/` (or to the end): splitting there yields the host and
    // what follows the `/`, which is the rest of the path and then the payload. Stripping the
    // path yields the payload; only when it fails is the offset of the fault counted.
    let (host, payload) = match rest.split_once('/') {
        None => (rest, Err(0)),
        Some((host, after)) => match after.strip_prefix(PATH_AFTER_SLASH) {
            Some(payload) => (host, Ok(payload)),
            None => {
                let matched = after
                    .bytes()
                    .zip(PATH_AFTER_SLASH.bytes())
                    .take_while(|(a, p)| a == p)
                    .count();
                (host, Err(matched.saturating_add(1)))
            }
        },
    };
    check_host(host.as_bytes(), host_at)?;
    let path_at = host_at.saturating_add(host.len());
    let payload =
        payload.map_err(|i| url_error(Rule::AplUrl3, path_at.saturating_add(i), UrlFault::Path))?;
    Ok((host, payload, path_at.saturating_add(PATH.len())))
}

/// `APL-URL-2`: dotted labels of letters, digits and hyphens, each 1 to 63 long and neither
/// starting nor ending with a hyphen; at least two labels, the last not all digits.
fn check_host(host: &[u8], base: usize) -> Result<(), Error> {
    const RULE: Rule = Rule::AplUrl2;
    let at = |i: usize| base.saturating_add(i);
    // One pass yields the offset and the byte at fault together.
    if let Some((i, c)) = host
        .iter()
        .enumerate()
        .find(|&(_, &c)| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'.'))
    {
        let reason = match c {
            b'@' => UrlFault::UserInfo,
            b':' => UrlFault::Port,
            _ => UrlFault::HostChars,
        };
        return Err(url_error(RULE, at(i), reason));
    }
    if host.is_empty() {
        return Err(url_error(RULE, base, UrlFault::NoHost));
    }
    if host.len() > MAX_DOMAIN_LEN {
        return Err(url_error(RULE, at(MAX_DOMAIN_LEN), UrlFault::HostTooLong));
    }
    let mut start = 0usize;
    let mut labels = 0usize;
    let mut last_all_digits = false;
    for label in host.split(|&c| c == b'.') {
        let end = start.saturating_add(label.len());
        if label.is_empty() {
            return Err(url_error(RULE, at(start), UrlFault::EmptyLabel));
        }
        if label.len() > 63 {
            return Err(url_error(
                RULE,
                at(start.saturating_add(63)),
                UrlFault::LabelTooLong,
            ));
        }
        if label.first() == Some(&b'-') {
            return Err(url_error(RULE, at(start), UrlFault::LabelStartsWithHyphen));
        }
        if label.last() == Some(&b'-') {
            return Err(url_error(
                RULE,
                at(end.saturating_sub(1)),
                UrlFault::LabelEndsWithHyphen,
            ));
        }
        last_all_digits = label.iter().all(u8::is_ascii_digit);
        labels = labels.saturating_add(1);
        start = end.saturating_add(1);
    }
    if labels < 2 {
        return Err(url_error(RULE, at(host.len()), UrlFault::OneLabel));
    }
    if last_all_digits {
        return Err(url_error(RULE, base, UrlFault::IpAddress));
    }
    Ok(())
}

/// The value of a standard base64 character, or `None`.
const fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c.wrapping_sub(b'A')),
        b'a'..=b'z' => Some(c.wrapping_sub(b'a').wrapping_add(26)),
        b'0'..=b'9' => Some(c.wrapping_sub(b'0').wrapping_add(52)),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// [`sextet`] as a table, `0xFF` for characters outside the alphabet (`%` and `=` included).
// Built at compile time: an index out of bounds would fail the build, not a read.
#[allow(clippy::indexing_slicing)]
static SEXTETS: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut c = 0u8;
    loop {
        if let Some(v) = sextet(c) {
            t[c as usize] = v;
        }
        if c == u8::MAX {
            break;
        }
        c += 1;
    }
    t
};

/// Decodes whole quanta of four plain alphabet characters from the start of `b` into `buf`,
/// as long as they fit `buf` and the limit: returns the symbols and bytes done. The general
/// loop of [`decode_base64`] takes over where a quantum holds anything else (`%`, `=`, a
/// character at fault) or would not fit, so errors keep their offsets.
fn decode_plain_quanta(b: &[u8], buf: &mut [u8]) -> (usize, usize) {
    let cap = buf.len().min(MAX_DECODED_LEN);
    let (mut read, mut written) = (0usize, 0usize);
    for (quad, out) in b.chunks_exact(4).zip(buf.chunks_exact_mut(3)) {
        let next = written.saturating_add(3);
        let [w, x, y, z] = *quad else { break };
        let [w, x, y, z] =
            [w, x, y, z].map(|c| SEXTETS.get(usize::from(c)).copied().unwrap_or(0xFF));
        // A padded or escaped quantum may end the text: leave the last one to the general loop.
        if next > cap || (w | x | y | z) & 0xC0 != 0 || read.saturating_add(4) >= b.len() {
            break;
        }
        let n = (u32::from(w) << 18) | (u32::from(x) << 12) | (u32::from(y) << 6) | u32::from(z);
        out.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        read = read.saturating_add(4);
        written = next;
    }
    (read, written)
}

/// Reads one base64 symbol at `i`: a character, or a percent escape of `+`, `/` or `=`.
/// Returns the character it stands for and the symbol's width.
fn symbol(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match b.get(i)? {
        b'%' => {
            let hex = b.get(i.saturating_add(1)..i.saturating_add(3))?;
            let c = match [
                hex.first()?.to_ascii_uppercase(),
                hex.get(1)?.to_ascii_uppercase(),
            ] {
                [b'2', b'B'] => b'+',
                [b'2', b'F'] => b'/',
                [b'3', b'D'] => b'=',
                _ => return None,
            };
            Some((c, 3))
        }
        &c => Some((c, 1)),
    }
}

fn b64_error(at: usize, fault: Base64Fault) -> crate::Error {
    Error::new(Rule::AplB641, at, ErrorKind::Base64 { fault }).into()
}

/// Decodes standard base64 with padding (`APL-B64-1`, `APL-LIM-1`) into `buf`, returning the
/// bytes. `base` is the text offset of `encoded`, for errors.
fn decode_base64<'b>(
    encoded: &str,
    base: usize,
    buf: &'b mut [u8],
) -> Result<&'b [u8], crate::Error> {
    let b = encoded.as_bytes();
    let at = |i: usize| base.saturating_add(i);
    if b.is_empty() {
        return Err(b64_error(at(0), Base64Fault::Empty));
    }
    // The sextets of the quantum being read and how many symbols it has (padding included),
    // how many of them are `=`, and where the last data symbol starts.
    let mut acc = 0u32;
    let mut held = 0u8;
    let mut sink = Sink {
        buf,
        out: 0,
        limit_at: None,
    };
    let mut padding: Option<u8> = None;
    let mut last_at = 0usize;
    let (read, written) = decode_plain_quanta(b, sink.buf);
    let mut i = read;
    sink.out = written;
    while i < b.len() {
        let Some((c, width)) = symbol(b, i) else {
            return Err(b64_error(at(i), Base64Fault::PercentEscape));
        };
        if c == b'=' {
            // Padding completes a quantum of two or three symbols, and ends the text.
            let pads = padding.unwrap_or(0);
            if !(held == 2 || held == 3) {
                return Err(b64_error(at(i), Base64Fault::MisplacedPadding));
            }
            padding = Some(pads.saturating_add(1));
            held = held.saturating_add(1);
            if held == 4 {
                i = i.saturating_add(width);
                if i < b.len() {
                    return Err(b64_error(at(i), Base64Fault::AfterPadding));
                }
                break;
            }
            i = i.saturating_add(width);
            continue;
        }
        if padding.is_some() {
            return Err(b64_error(at(i), Base64Fault::AfterPadding));
        }
        let Some(v) = sextet(c) else {
            return Err(b64_error(at(i), Base64Fault::Alphabet));
        };
        acc = (acc << 6) | u32::from(v);
        held = held.saturating_add(1);
        last_at = i;
        if held == 4 {
            for shift in [16u32, 8, 0] {
                sink.emit((acc >> shift) as u8, at(i));
            }
            acc = 0;
            held = 0;
        }
        i = i.saturating_add(width);
    }
    match (held, padding) {
        (0, None) => {}
        (4, Some(pads)) => {
            // `acc` holds the data sextets of the final quantum: 2 for one byte, 3 for two.
            let data = 4u8.saturating_sub(pads);
            let (unused_mask, bytes) = if data == 2 {
                (0x0F, 1u32)
            } else {
                (0x03, 2u32)
            };
            if acc & unused_mask != 0 {
                return Err(b64_error(at(last_at), Base64Fault::TrailingBits));
            }
            let bits = u32::from(data).saturating_mul(6);
            let value = acc << 24u32.saturating_sub(bits);
            for k in 0..bytes {
                let shift = 16u32.saturating_sub(k.saturating_mul(8));
                sink.emit((value >> shift) as u8, at(last_at));
            }
        }
        _ => {
            return Err(b64_error(at(b.len()), Base64Fault::MissingPadding));
        }
    }
    if let Some(offset) = sink.limit_at {
        let kind = ErrorKind::PayloadTooLong {
            limit: MAX_DECODED_LEN,
            found: sink.out,
        };
        return Err(Error::new(Rule::AplLim1, offset, kind).into());
    }
    // Every byte decoded is in the buffer exactly when they fit it: taking them is the check.
    let Sink { buf, out, .. } = sink;
    let buf: &'b [u8] = buf;
    buf.get(..out)
        .ok_or(crate::Error::BufferTooSmall(crate::BufferTooSmall {
            needed: out,
            available: buf.len(),
        }))
}

/// Where decoded bytes go: the caller's buffer, with a count of every byte decoded (more than
/// the buffer holds if it overflowed) and the text offset of the symbol whose byte first went
/// over the limit.
struct Sink<'b> {
    buf: &'b mut [u8],
    out: usize,
    limit_at: Option<usize>,
}

impl Sink<'_> {
    fn emit(&mut self, byte: u8, at: usize) {
        if self.out >= MAX_DECODED_LEN {
            self.limit_at.get_or_insert(at);
        }
        if let Some(slot) = self.buf.get_mut(self.out) {
            *slot = byte;
        }
        self.out = self.out.saturating_add(1);
    }
}

/// `APL-CHR-1`: the decoded payload is printable ASCII, and so text.
fn ascii(bytes: &[u8]) -> Result<&str, Error> {
    let char_error = |i: usize, found: u8| Error::new(Rule::AplChr1, i, ErrorKind::Char { found });
    // One pass yields the offset and the byte at fault together.
    let fault = bytes
        .iter()
        .enumerate()
        .find(|&(_, c)| !(b' '..=b'~').contains(c));
    if let Some((i, &found)) = fault {
        return Err(char_error(i, found));
    }
    core::str::from_utf8(bytes).map_err(|e| char_error(e.valid_up_to(), 0))
}

fn tlv_error(rule: Rule, at: usize, fault: TlvFault) -> Error {
    Error::new(rule, at, ErrorKind::Tlv { fault })
}

/// Reads `n` ASCII digits at `at` as a number, or returns the offset of the first that is not.
fn digits(b: &[u8], at: usize, n: usize) -> Result<usize, usize> {
    let mut v = 0usize;
    for k in 0..n {
        let i = at.saturating_add(k);
        match b.get(i) {
            Some(c @ b'0'..=b'9') => {
                v = v
                    .saturating_mul(10)
                    .saturating_add(usize::from(c.wrapping_sub(b'0')));
            }
            _ => return Err(i),
        }
    }
    Ok(v)
}

/// `APL-TLV-1` to `APL-TLV-4`: the GPLD header, then every object (and the sub-objects of
/// `CDSD` and `CIRD`).
fn read_gpld(p: &str) -> Result<(), Error> {
    let b = p.as_bytes();
    if let Some(i) = (0..4).find(|&i| b.get(i) != b"GPLD".get(i)) {
        return Err(tlv_error(Rule::AplTlv1, i, TlvFault::NoGpld));
    }
    let announced =
        digits(b, 4, 3).map_err(|i| tlv_error(Rule::AplTlv1, i, TlvFault::GpldLength))?;
    let found = b.len().saturating_sub(GPLD_HEADER);
    if announced != found {
        let kind = ErrorKind::GpldLength { announced, found };
        return Err(Error::new(Rule::AplTlv1, 4, kind));
    }
    let mut pos = GPLD_HEADER;
    while let Some((o, next)) = read_object(p, pos)? {
        if COMPOSITE.contains(&o.id) {
            check_subs(o.value, o.value_offset())?;
        }
        pos = next;
    }
    Ok(())
}

/// Reads the object at `pos`: `None` at the end of the payload.
fn read_object(p: &str, pos: usize) -> Result<Option<(Object<'_>, usize)>, Error> {
    let b = p.as_bytes();
    if pos >= b.len() {
        return Ok(None);
    }
    let left = b.len().saturating_sub(pos);
    if left < OBJECT_HEADER {
        return Err(tlv_error(Rule::AplTlv2, pos, TlvFault::HeaderCutShort));
    }
    if let Some(i) =
        (pos..pos.saturating_add(4)).find(|&i| !b.get(i).is_some_and(u8::is_ascii_alphanumeric))
    {
        return Err(tlv_error(Rule::AplTlv2, i, TlvFault::Id));
    }
    let len_at = pos.saturating_add(4);
    // The four bytes were just found alphanumeric: the ID is the text they are.
    let Some(id) = p.get(pos..len_at) else {
        return Err(tlv_error(Rule::AplTlv2, pos, TlvFault::Id));
    };
    let length = digits(b, len_at, 3).map_err(|i| tlv_error(Rule::AplTlv2, i, TlvFault::Length))?;
    let value_at = pos.saturating_add(OBJECT_HEADER);
    let end = value_at.saturating_add(length);
    // The value is there exactly when it does not overrun the payload: taking it is the check.
    let Some(value) = p.get(value_at..end) else {
        let available = b.len().saturating_sub(value_at);
        let kind = ErrorKind::Overrun { length, available };
        return Err(Error::new(Rule::AplTlv3, len_at, kind));
    };
    Ok(Some((
        Object {
            id,
            value,
            offset: pos,
        },
        end,
    )))
}

/// Reads the sub-object at `pos` of `value`, which starts at `base` in the payload.
fn read_sub(value: &str, pos: usize, base: usize) -> Result<Option<(SubObject<'_>, usize)>, Error> {
    const RULE: Rule = Rule::AplTlv4;
    let b = value.as_bytes();
    if pos >= b.len() {
        return Ok(None);
    }
    let at = |i: usize| base.saturating_add(i);
    if b.len().saturating_sub(pos) < SUB_HEADER {
        return Err(tlv_error(RULE, at(pos), TlvFault::SubHeaderCutShort));
    }
    digits(b, pos, 2).map_err(|i| tlv_error(RULE, at(i), TlvFault::SubId))?;
    let len_at = pos.saturating_add(2);
    // The two bytes were just read as digits: the ID is the text they are.
    let Some(id) = value.get(pos..len_at) else {
        return Err(tlv_error(RULE, at(pos), TlvFault::SubId));
    };
    let length = digits(b, len_at, 2).map_err(|i| tlv_error(RULE, at(i), TlvFault::SubLength))?;
    let value_at = pos.saturating_add(SUB_HEADER);
    let end = value_at.saturating_add(length);
    // The value is there exactly when it does not overrun its object: taking it is the check.
    let Some(sub_value) = value.get(value_at..end) else {
        let available = b.len().saturating_sub(value_at);
        let kind = ErrorKind::Overrun { length, available };
        return Err(Error::new(RULE, at(len_at), kind));
    };
    let sub = SubObject {
        id,
        value: sub_value,
        offset: at(pos),
    };
    Ok(Some((sub, end)))
}

/// Whether `value` is a sequence of sub-objects that fills it exactly.
fn check_subs(value: &str, base: usize) -> Result<(), Error> {
    let mut pos = 0;
    while let Some((_, next)) = read_sub(value, pos, base)? {
        pos = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn path_after_slash_is_the_path_without_its_slash() {
        assert_eq!(
            PATH.split_first(),
            Some((&b'/', PATH_AFTER_SLASH.as_bytes()))
        );
    }

    #[test]
    fn url_faults_keep_their_offsets() {
        for (text, rule, at) in [
            ("http", "APL-URL-1", 4),
            ("https:/", "APL-URL-1", 7),
            ("https:/x", "APL-URL-1", 7),
            ("httpé://x", "APL-URL-1", 4),
            ("https://qr.example.com", "APL-URL-3", 22),
            ("https://qr.example.com/", "APL-URL-3", 23),
            ("https://qr.example.com/MPM", "APL-URL-3", 26),
            ("https://qr.example.com/MPM/4/", "APL-URL-3", 27),
        ] {
            let (_, r, o) = err(text);
            assert_eq!((r, o), (rule, at), "{text}");
        }
    }

    const SAMPLE: &str = "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE";

    fn err(text: &str) -> (String, &'static str, usize) {
        let mut buf = [0u8; MAX_DECODED_LEN];
        let e = AlipayPlusMpm::parse(text, &mut buf).unwrap_err();
        (e.to_string(), e.rule().unwrap().id(), e.offset().unwrap())
    }

    #[test]
    fn the_documentation_sample_reads() {
        let mut buf = [0u8; MAX_DECODED_LEN];
        let c = AlipayPlusMpm::parse(SAMPLE, &mut buf).unwrap();
        assert_eq!(
            c.payload(),
            "GPLD095PLVS00201CDSD0330114SAMPLEPLATFORM0211SAMPLEMERIDCIRD0390112SAMPLEISSUER0202120313MINIPROGRAMID"
        );
        let cdsd = c.get("CDSD").unwrap();
        assert_eq!(cdsd.offset(), 16);
        let subs: Vec<_> = cdsd
            .sub_objects()
            .unwrap()
            .map(|s| (s.id(), s.value(), s.offset()))
            .collect();
        assert_eq!(
            subs,
            [("01", "SAMPLEPLATFORM", 23), ("02", "SAMPLEMERID", 41)]
        );
        for o in c.objects() {
            assert_eq!(c.payload().get(o.offset()..o.offset() + 4), Some(o.id()));
            for s in o.sub_objects().into_iter().flatten() {
                assert_eq!(c.payload().get(s.offset()..s.offset() + 2), Some(s.id()));
            }
        }
        assert_eq!(
            format!("{c:?}").get(..48),
            Some("AlipayPlusMpm { domain: \"QR.SAMPLEDOMAIN.COM\", o")
        );
    }

    #[test]
    fn percent_escapes_and_padding() {
        let mut buf = [0u8; 32];
        // "GPLD000" is R1BMRDAwMA==; escaped padding, any hex case.
        for text in [
            "https://a.example/MPM/3/R1BMRDAwMA==",
            "https://a.example/MPM/3/R1BMRDAwMA%3D%3d",
        ] {
            let c = AlipayPlusMpm::parse(text, &mut buf).unwrap();
            assert_eq!(c.payload(), "GPLD000");
            assert_eq!(c.to_string(), text);
        }
        assert_eq!(err("https://a.example/MPM/3/R1BMRDAwMA").1, "APL-B64-1");
        assert_eq!(err("https://a.example/MPM/3/R1BMRDAwMA=").2, 35);
        assert_eq!(err("https://a.example/MPM/3/R1BMRDAwMB==").2, 33);
        assert_eq!(err("https://a.example/MPM/3/R1BMRDAwMA==A").2, 36);
        assert_eq!(err("https://a.example/MPM/3/R1BMR=AwMA==").2, 29);
        assert_eq!(err("https://a.example/MPM/3/R1BMRDAw%41A==").2, 32);
        assert_eq!(err("https://a.example/MPM/3/R1BM-DAwMA==").2, 28);
        assert_eq!(err("https://a.example/MPM/3/").1, "APL-B64-1");
        // `/` and `+` of the standard alphabet, literal or escaped: "GPLD011ABCD004???~".
        for text in [
            "https://a.example/MPM/3/R1BMRDAxMUFCQ0QwMDQ/Pz9+",
            "https://a.example/MPM/3/R1BMRDAxMUFCQ0QwMDQ%2FPz9%2b",
        ] {
            let c = AlipayPlusMpm::parse(text, &mut buf).unwrap();
            assert_eq!(c.get("ABCD").map(|o| o.value()), Some("???~"));
        }
    }

    #[test]
    fn errors_name_rule_and_offset() {
        assert_eq!(
            err("http://a.example/MPM/3/R1BMRDAwMA=="),
            (
                "not an alipay+ merchant code: it must start with https:// (APL-URL-1 at byte 4)"
                    .to_owned(),
                "APL-URL-1",
                4
            )
        );
        assert_eq!(err("https://user@a.example/MPM/3/R1BMRDAwMA==").2, 12);
        assert_eq!(err("https://a.example:443/MPM/3/R1BMRDAwMA==").2, 17);
        assert_eq!(err("https://a..example/MPM/3/R1BMRDAwMA==").2, 10);
        assert_eq!(err("https://-a.example/MPM/3/R1BMRDAwMA==").2, 8);
        assert_eq!(err("https://localhost/MPM/3/R1BMRDAwMA==").1, "APL-URL-2");
        assert_eq!(err("https://10.0.0.1/MPM/3/R1BMRDAwMA==").1, "APL-URL-2");
        assert_eq!(err("https:///MPM/3/R1BMRDAwMA==").2, 8);
        assert_eq!(err("https://a.example/MPM/2/R1BMRDAwMA==").2, 22);
        assert_eq!(err("https://a.example").1, "APL-URL-3");
        let mut small = [0u8; 4];
        let e =
            AlipayPlusMpm::parse("https://a.example/MPM/3/R1BMRDAwMA==", &mut small).unwrap_err();
        // A buffer too small breaks no rule.
        assert!(
            matches!(e, crate::Error::BufferTooSmall(b) if b.available == 4),
            "{e}"
        );
        // Over the limit: APL-LIM-1 at the symbol of byte 1006, whatever the buffer's size.
        let long = std::format!("https://a.example/MPM/3/{}", "QUJD".repeat(336));
        for size in [16, MAX_DECODED_LEN, 2 * MAX_DECODED_LEN] {
            let mut buf = std::vec![0u8; size];
            let e = AlipayPlusMpm::parse(&long, &mut buf).unwrap_err();
            assert_eq!(
                (e.rule().unwrap().id(), e.offset().unwrap()),
                ("APL-LIM-1", 24 + 335 * 4 + 3),
                "{size}"
            );
            assert!(e.to_string().starts_with("payload is 1008 bytes long"));
        }
    }
}
