//! Errors and violations, each naming the rule of `spec/` it enforces and where the input broke
//! it.
//!
//! Every family of codes has its own small error type, with the [`Rule`] broken, a typed
//! [`Location`] and a kind enum of its own: [`mpm::Error`](crate::mpm::Error) (and
//! [`mpm::Violation`](crate::mpm::Violation)), [`cpm::Error`](crate::cpm::Error),
//! [`numeric::Error`](crate::numeric::Error), [`legacy::Error`](crate::legacy::Error),
//! [`alipay_plus::Error`](crate::alipay_plus::Error), [`unified::Error`](crate::unified::Error),
//! [`registry::Error`](crate::registry::Error), [`scan::Error`](crate::scan::Error) and
//! [`route::Error`](crate::route::Error). [`Error`] wraps them all for callers that do not care
//! which family failed, and adds the one failure that breaks no rule: a caller's buffer too
//! small ([`BufferTooSmall`]).
//!
//! Two kinds of finding exist, kept apart on purpose: an *error* is fatal (the input cannot be
//! read, and reading stops at the first one); a *violation* is a breach of the standard in input
//! that *can* be read, and validation reports every one of them.

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

/// Where in what a finding lies. "At byte 12" can mean a byte of the text given, of the bytes
/// that text decodes to, or of a payload being written; a list of codes is pointed into by
/// index.
///
/// # Examples
///
/// ```
/// use paycode::Location;
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// // A base64 character outside the alphabet: a byte of the text.
/// let e = paycode::cpm::Cpm::decode("hQVDUFYw*Q==", &mut buf).unwrap_err();
/// assert_eq!(e.location(), Some(Location::Input(8)));
/// // Valid base64 whose first object is not 85: a byte of the decoded payload.
/// let e = paycode::cpm::Cpm::decode("YQA=", &mut buf).unwrap_err();
/// assert_eq!(e.location(), Some(Location::Decoded(0)));
/// assert_eq!(Location::Code(1).to_string(), "in code 1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Location {
    /// A byte offset into the text or bytes the caller gave.
    Input(usize),
    /// A byte offset into the bytes the input decodes to (base64 payloads: CPM, Alipay+).
    Decoded(usize),
    /// A byte offset into the payload a writer would produce (a merchant field that breaks a
    /// rule where it would stand).
    Output(usize),
    /// An index into a list of codes the caller gave (`to_unified`'s codes), from 0.
    Code(usize),
}

impl Location {
    /// Returns the number the location holds: the byte offset or the index.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(paycode::Location::Decoded(7).offset(), 7);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        match *self {
            Location::Input(n) | Location::Decoded(n) | Location::Output(n) | Location::Code(n) => {
                n
            }
        }
    }

    /// Returns the location's name in JSON output: `input`, `decoded`, `output` or `code`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(paycode::Location::Input(0).name(), "input");
    /// ```
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Location::Input(_) => "input",
            Location::Decoded(_) => "decoded",
            Location::Output(_) => "output",
            Location::Code(_) => "code",
        }
    }

    pub(crate) const fn shifted(self, base: usize) -> Self {
        match self {
            Location::Input(n) => Location::Input(n.saturating_add(base)),
            Location::Decoded(n) => Location::Decoded(n.saturating_add(base)),
            Location::Output(n) => Location::Output(n.saturating_add(base)),
            Location::Code(n) => Location::Code(n),
        }
    }
}

/// `at byte 12`, `at byte 12 of the decoded payload`, `at byte 12 of the payload written`,
/// `in code 1`.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Input(n) => write!(f, "at byte {n}"),
            Location::Decoded(n) => write!(f, "at byte {n} of the decoded payload"),
            Location::Output(n) => write!(f, "at byte {n} of the payload written"),
            Location::Code(n) => write!(f, "in code {n}"),
        }
    }
}

/// A caller's buffer cannot hold what would be written into it. This breaks no rule of the
/// standard: a larger buffer succeeds.
///
/// # Examples
///
/// ```
/// use paycode::{BufferTooSmall, Error};
/// let mut small = [0u8; 4];
/// let e = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut small).unwrap_err();
/// assert_eq!(e, Error::BufferTooSmall(BufferTooSmall { needed: 7, available: 4 }));
/// assert_eq!(e.rule(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("buffer too small: need {needed} bytes, have {available}")]
pub struct BufferTooSmall {
    /// The bytes needed (at least this many; for some writers a lower bound).
    pub needed: usize,
    /// The bytes the buffer has.
    pub available: usize,
}

/// What is wrong with base64 text (RFC 4648 §4, standard alphabet, with padding): the CPM and
/// Alipay+ payloads are written in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Base64Fault {
    /// A character outside `A-Z a-z 0-9 + /` and `=` (the base64url `-` and `_`, a space).
    #[error("a character outside the standard base64 alphabet")]
    Alphabet,
    /// A length that no padding completes (one character too many).
    #[error("a length that no padding completes")]
    Length,
    /// The last character has bits set that encode nothing (a non-canonical encoding).
    #[error("a last character with bits set that encode nothing")]
    TrailingBits,
    /// Padding missing or wrong.
    #[error("missing or wrong '=' padding")]
    Padding,
    /// The length is not a multiple of 4: padding is missing.
    #[error("missing '=' padding: the length is not a multiple of 4")]
    MissingPadding,
    /// A `=` where no padding belongs.
    #[error("'=' padding where no padding belongs")]
    MisplacedPadding,
    /// Characters after the padding.
    #[error("characters after the '=' padding")]
    AfterPadding,
    /// A percent escape other than those of `+`, `/` and `=` (Alipay+ URLs).
    #[error("a percent escape other than %2B, %2F or %3D")]
    PercentEscape,
    /// Nothing to decode (an Alipay+ URL that ends at `/MPM/3/`).
    #[error("no payload after /MPM/3/")]
    Empty,
}

/// Defines a family's error (or violation) type: a rule, a [`Location`] and the family's kind.
macro_rules! rule_error {
    ($(#[$doc:meta])* $name:ident($kind:ty), $what:literal, example: $make:literal, $rule:literal, $loc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            rule: $crate::error::Rule,
            at: $crate::error::Location,
            kind: $kind,
        }

        impl $name {
            /// A finding at a byte of the input.
            #[allow(dead_code)]
            pub(crate) const fn new(rule: $crate::error::Rule, offset: usize, kind: $kind) -> Self {
                $name { rule, at: $crate::error::Location::Input(offset), kind }
            }

            /// A finding at any location.
            #[allow(dead_code)]
            pub(crate) const fn located(
                rule: $crate::error::Rule,
                at: $crate::error::Location,
                kind: $kind,
            ) -> Self {
                $name { rule, at, kind }
            }

            #[doc = concat!("Returns the rule ", $what, " broke.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let e = ", $make, ";")]
            #[doc = concat!("assert_eq!(e.rule(), paycode::Rule::", $rule, ");")]
            /// ```
            #[must_use]
            pub const fn rule(&self) -> $crate::error::Rule {
                self.rule
            }

            /// Returns where: a byte of the input, of the decoded payload, of the payload
            /// written, or a code's index.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let e = ", $make, ";")]
            #[doc = concat!("assert_eq!(e.location(), paycode::Location::", $loc, ");")]
            /// ```
            #[must_use]
            pub const fn location(&self) -> $crate::error::Location {
                self.at
            }

            /// Returns the number [`location`](Self::location) holds: a byte offset, or an
            /// index.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let e = ", $make, ";")]
            #[doc = concat!("assert_eq!(paycode::Location::", $loc, ".offset(), e.offset());")]
            /// ```
            #[must_use]
            pub const fn offset(&self) -> usize {
                self.at.offset()
            }

            /// Returns what was wrong: its text is the message without the rule and location.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let e = ", $make, ";")]
            #[doc = concat!("assert_eq!(e.to_string(), format!(\"{} (", $rule, " {})\", e.kind(), e.location()).replace(\"", $rule, "\", e.rule().id()));")]
            /// ```
            #[must_use]
            pub const fn kind(&self) -> $kind {
                self.kind
            }

            /// The same finding with its offset moved by `base` bytes: a nested reader counts
            /// from its own start, its caller from the outer input's.
            #[allow(dead_code)]
            pub(crate) const fn shifted(self, base: usize) -> Self {
                $name { at: self.at.shifted(base), ..self }
            }
        }

        /// `<what was wrong> (<rule> <where>)`: the text is part of the public API and tested
        /// verbatim.
        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{} ({} {})", self.kind, self.rule, self.at)
            }
        }

        impl core::error::Error for $name {}

        /// `{"rule": "…", "offset": 12, "location": "input", "message": "…"}`, where `message`
        /// is the kind's text.
        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::error::serialize_finding(s, self.rule, self.at, &self.kind)
            }
        }
    };
}
pub(crate) use rule_error;

#[cfg(feature = "serde")]
pub(crate) fn serialize_finding<S: serde::Serializer>(
    s: S,
    rule: Rule,
    at: Location,
    message: &dyn fmt::Display,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(4))?;
    m.serialize_entry("rule", rule.id())?;
    m.serialize_entry("offset", &at.offset())?;
    m.serialize_entry("location", at.name())?;
    m.serialize_entry("message", &format_args!("{message}"))?;
    m.end()
}

/// Any error of this crate: one family's, or a buffer too small.
///
/// Functions that read one family return that family's error; those that take any code
/// ([`route`](crate::route::route), [`scan`](crate::scan::scan)) or write into a caller's buffer
/// return this one. Every family's error converts into it with `?`.
///
/// # Examples
///
/// ```
/// use paycode::{Error, Rule};
/// fn read(s: &str) -> Result<usize, Error> {
///     let n = paycode::numeric::NumericCode::parse(s)?; // a numeric::Error converts
///     Ok(n.as_str().len())
/// }
/// let e = read("13455678123456789X").unwrap_err();
/// assert!(matches!(e, Error::Numeric(_)));
/// assert_eq!(e.rule(), Some(Rule::NumChr1));
/// assert_eq!(e.to_string(), "a payment code must be ascii digits only, found 'X' (NUM-CHR-1 at byte 17)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An EMVCo merchant-presented payload could not be read.
    Mpm(crate::mpm::Error),
    /// An EMVCo consumer-presented payload could not be read.
    Cpm(crate::cpm::Error),
    /// A numeric payment code could not be read.
    Numeric(crate::numeric::Error),
    /// A legacy wallet URL could not be read or attributed.
    Legacy(crate::legacy::Error),
    /// An Alipay+ merchant code could not be read.
    AlipayPlus(crate::alipay_plus::Error),
    /// A unified code could not be written or recovered.
    Unified(crate::unified::Error),
    /// A registry ID is unknown.
    Registry(crate::registry::Error),
    /// The input is no form of payment code.
    Scan(crate::scan::Error),
    /// A code could not be routed.
    Route(crate::route::Error),
    /// A caller's buffer is too small; no rule is broken.
    BufferTooSmall(BufferTooSmall),
}

/// Matches an [`Error`] on its family, binding the family's error to `$e` in `$family`, and
/// the buffer's to `$b` in `$buffer`: one list of families for every method below.
macro_rules! by_family {
    ($value:expr, $e:ident => $family:expr, $b:ident => $buffer:expr) => {
        match $value {
            Error::Mpm($e) => $family,
            Error::Cpm($e) => $family,
            Error::Numeric($e) => $family,
            Error::Legacy($e) => $family,
            Error::AlipayPlus($e) => $family,
            Error::Unified($e) => $family,
            Error::Registry($e) => $family,
            Error::Scan($e) => $family,
            Error::Route($e) => $family,
            Error::BufferTooSmall($b) => $buffer,
        }
    };
}

impl Error {
    /// Returns the rule broken, or `None` for a buffer too small.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = paycode::Error::from(paycode::numeric::NumericCode::parse("12").unwrap_err());
    /// assert_eq!(e.rule().map(|r| r.id()), Some("NUM-LEN-1"));
    /// ```
    #[must_use]
    pub const fn rule(&self) -> Option<Rule> {
        match self.located() {
            Some((rule, _)) => Some(rule),
            None => None,
        }
    }

    /// Returns where the rule was broken, or `None` for a buffer too small.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = paycode::Error::from(paycode::numeric::NumericCode::parse("12").unwrap_err());
    /// assert_eq!(e.location(), Some(paycode::Location::Input(2)));
    /// ```
    #[must_use]
    pub const fn location(&self) -> Option<Location> {
        match self.located() {
            Some((_, at)) => Some(at),
            None => None,
        }
    }

    /// Returns the number the location holds (a byte offset, or an index), or `None` for a
    /// buffer too small.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = paycode::Error::from(paycode::numeric::NumericCode::parse("12").unwrap_err());
    /// assert_eq!(e.offset(), Some(2));
    /// ```
    #[must_use]
    pub const fn offset(&self) -> Option<usize> {
        match self.located() {
            Some((_, at)) => Some(at.offset()),
            None => None,
        }
    }

    /// Returns what was wrong, without the rule and location: the family kind's text, or the
    /// buffer's.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = paycode::Error::from(paycode::numeric::NumericCode::parse("12").unwrap_err());
    /// assert_eq!(e.message().to_string(), "a payment code must be 16 to 24 digits long, found 2");
    /// ```
    #[must_use]
    pub fn message(&self) -> impl fmt::Display + '_ {
        Message(self)
    }

    const fn located(&self) -> Option<(Rule, Location)> {
        Some(by_family!(self, e => (e.rule(), e.location()), _b => return None))
    }
}

impl Error {
    /// The same error with a location in the input moved by `base` bytes: the reader saw a
    /// slice of what the caller gave.
    pub(crate) fn shifted(self, base: usize) -> Self {
        macro_rules! shift {
            ($($v:ident),*) => {
                match self {
                    $(Error::$v(e) if matches!(e.location(), Location::Input(_)) => {
                        Error::$v(e.shifted(base))
                    })*
                    other => other,
                }
            };
        }
        shift!(
            Mpm, Cpm, Numeric, Legacy, AlipayPlus, Unified, Registry, Scan, Route
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        by_family!(self, e => e.fmt(f), b => b.fmt(f))
    }
}

struct Message<'e>(&'e Error);

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        by_family!(self.0, e => e.kind().fmt(f), b => b.fmt(f))
    }
}

impl core::error::Error for Error {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        Some(by_family!(self, e => e, b => b))
    }
}

/// The family's error, or `{"rule": null, "message": "buffer too small: …"}`.
#[cfg(feature = "serde")]
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        by_family!(self, e => e.serialize(s), b => {
            use serde::ser::SerializeMap;
            let mut m = s.serialize_map(Some(2))?;
            m.serialize_entry("rule", &None::<&str>)?;
            m.serialize_entry("message", &format_args!("{b}"))?;
            m.end()
        })
    }
}

macro_rules! from_family {
    ($($variant:ident($ty:ty)),* $(,)?) => {$(
        impl From<$ty> for Error {
            fn from(e: $ty) -> Self {
                Error::$variant(e)
            }
        }
    )*};
}

from_family!(
    Mpm(crate::mpm::Error),
    Cpm(crate::cpm::Error),
    Numeric(crate::numeric::Error),
    Legacy(crate::legacy::Error),
    AlipayPlus(crate::alipay_plus::Error),
    Unified(crate::unified::Error),
    Registry(crate::registry::Error),
    Scan(crate::scan::Error),
    Route(crate::route::Error),
    BufferTooSmall(BufferTooSmall),
);

/// Runs a `validate_with`-style check and collects what it reports, so that every form's
/// `validate`, `is_conformant` and builder share one implementation.
pub(crate) struct Findings;

impl Findings {
    /// Returns every violation reported.
    #[cfg(feature = "alloc")]
    pub(crate) fn all<V>(check: impl FnOnce(&mut dyn FnMut(V))) -> alloc::vec::Vec<V> {
        let mut out = alloc::vec::Vec::new();
        check(&mut |v| out.push(v));
        out
    }

    /// Returns the first violation reported, if any.
    pub(crate) fn first<V>(check: impl FnOnce(&mut dyn FnMut(V))) -> Option<V> {
        let mut first = None;
        check(&mut |v| {
            first.get_or_insert(v);
        });
        first
    }
}
