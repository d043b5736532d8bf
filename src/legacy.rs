//! Legacy merchant-presented codes: the per-wallet URLs that came before the unified code
//! (`wxp://…`, `https://qr.alipay.com/…`, `https://qr.95516.com/…`), `spec/legacy.md`.
//!
//! Every form is registry data (`spec/registry.json`: issuer, scheme, host, path shape), not a
//! string check in code. A URL belongs to an issuer only if its scheme and host are the
//! registered ones exactly (ASCII case aside) and its path has the registered shape: look-alike
//! hosts, extra labels, user information, ports, issuer URLs hidden in a query, non-ASCII
//! look-alikes, spaces and truncated tokens are never attributed.

mod error;
pub use error::{Error, ErrorKind, HostFault, QueryFault, UrlFault};
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
pub use owned::LegacyCodeBuf;

use core::fmt;

use crate::error::Rule;
use crate::registry::{
    self, Candidates, Class, Issuer, LEGACY_FORMS, LegacyForm, Part, Query, Value,
};

/// The longest legacy code the reader accepts, in bytes (`LEG-CHR-1` covers the characters).
pub const MAX_LEN: usize = 2048;

/// A legacy merchant-presented code attributed to its issuer, borrowed from the input; the
/// text is kept byte for byte.
///
/// A *wrapper* (the UnionPay gateway, Alipay's launchers, `render.alipay.com`) carries another
/// code in a query parameter. It is attributed only when that parameter percent-decodes
/// strictly to an attributable code of a registered form that is not itself a wrapper (but
/// for the nesting a form declares: `render.alipay.com` carries a launcher). Its
/// [`issuers`](Self::issuers) name the wrapper's issuer, then the wrapped code's.
///
/// # Examples
///
/// ```
/// use paycode::legacy::LegacyCode;
/// let c = LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
/// assert_eq!(c.issuer().id(), "alipay");
/// assert_eq!(c.form_id(), "alipay-qr");
/// assert_eq!(c.variable(), "FKX05106TWOWYTJ6VELP79");
/// assert!(LegacyCode::parse("https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24").is_err());
/// // A wrapper is judged by what it carries.
/// let w = LegacyCode::parse("https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fevil.example%2Fpay");
/// assert_eq!(w.unwrap_err().rule().id(), "LEG-WRAP-2");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct LegacyCode<'a> {
    text: &'a str,
    form: &'static LegacyForm,
    /// Byte offset where the form's variable part starts.
    variable_at: usize,
    /// For a wrapper: what it carries.
    inner: Option<Inner>,
}

/// What a wrapper carries: where its parameter is in the text, and the wrapped code's form and
/// issuers as read when the wrapper was.
#[derive(Clone, Copy)]
struct Inner {
    start: usize,
    end: usize,
    /// The form of the plain code at the end of the nesting (the wrapped code's own form,
    /// unless it is a declared nested wrapper).
    plain: &'static LegacyForm,
    candidates: Candidates,
}

/// How deep wrappers may nest: the outer code, a declared nested wrapper, the plain code.
const MAX_DEPTH: u8 = 2;

fn err(rule: Rule, at: usize, kind: ErrorKind) -> Error {
    Error::new(rule, at, kind)
}

/// A form that did not match: where, and the error to report if no other form matches.
struct Miss {
    at: usize,
    rule: Rule,
    kind: ErrorKind,
}

impl Miss {
    fn shape(at: usize) -> Miss {
        Miss {
            at,
            rule: Rule::LegForm1,
            kind: ErrorKind::Shape,
        }
    }

    fn query(at: usize, fault: QueryFault) -> Miss {
        Miss {
            at,
            rule: Rule::LegQry1,
            kind: ErrorKind::Query { fault },
        }
    }

    /// Which of two misses to report: an ambiguity before a mere shape mismatch, then the one
    /// that got further.
    fn better(self, other: Option<Miss>) -> Miss {
        match other {
            Some(o)
                if (o.rule != Rule::LegForm1, o.at) >= (self.rule != Rule::LegForm1, self.at) =>
            {
                o
            }
            _ => self,
        }
    }
}

/// A form that matched: the form, where its variable part starts, and where a wrapper's
/// parameter is.
#[derive(Clone, Copy)]
struct Matched {
    form: &'static LegacyForm,
    variable_at: usize,
    wrapped: Option<(usize, usize)>,
}

/// What matching the candidate forms found when none matched: whether the host is registered
/// with the scheme, and the miss to report.
#[derive(Default)]
struct Tried {
    known_host: bool,
    miss: Option<Miss>,
}

impl<'a> LegacyCode<'a> {
    /// Reads a legacy code and attributes it.
    ///
    /// # Errors
    ///
    /// - `LEG-CHR-1`: a character outside printable ASCII (a space, a control character, a
    ///   Cyrillic `а` in `qr.аlipay.com`) anywhere but in a query value that the form declares
    ///   raw, or more than [`MAX_LEN`] bytes;
    /// - `LEG-URL-1`: not `scheme://…`;
    /// - `LEG-HOST-1`: a scheme or host no issuer registers (`qr.alipay.com.example.org`,
    ///   `www.qr.alipay.com`), user information (`user@qr.alipay.com`) or a port;
    /// - `LEG-FORM-1`: the host is registered but the path or query does not have its shape (a
    ///   truncated token, an extra segment, a missing or unregistered parameter);
    /// - `LEG-QRY-1`: an ambiguous query: a parameter twice, a parameter that differs from a
    ///   registered one only in case, an empty pair;
    /// - `LEG-WRAP-1`: a wrapper's parameter has a broken `%` escape or is not UTF-8;
    /// - `LEG-WRAP-2`: a wrapper's parameter is not an attributable code of a registered form;
    /// - `LEG-WRAP-3`: a wrapper's parameter is itself a wrapper the form does not declare.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::legacy::{ErrorKind, HostFault, LegacyCode};
    /// let c = LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!((c.issuer().id(), c.form_id()), ("alipay", "alipay-qr"));
    /// let e = LegacyCode::parse("https://qr.alipay.com.example.org/fkx05106").unwrap_err();
    /// assert_eq!(e.rule(), paycode::Rule::LegHost1);
    /// assert_eq!(e.kind(), ErrorKind::Host { fault: HostFault::UnknownHost });
    /// # Ok::<(), paycode::legacy::Error>(())
    /// ```
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        Self::parse_at(text, 0)
    }

    fn parse_at(text: &'a str, depth: u8) -> Result<Self, Error> {
        // The length first: nothing longer is looked at.
        if text.len() > MAX_LEN {
            let kind = ErrorKind::InputTooLong {
                limit: MAX_LEN,
                found: text.len(),
            };
            return Err(err(Rule::LegChr1, MAX_LEN, kind));
        }
        // The code is built in one place, straight into the result: moving a built result
        // between enums costs more than reading a short code.
        match registered_form(text) {
            Some(found) => Self::from_match(text, found, depth),
            None => Self::read_diagnosed(text, depth),
        }
    }

    /// The code of a form that matched; a wrapper's error is the code's.
    #[inline]
    fn from_match(text: &'a str, found: Matched, depth: u8) -> Result<Self, Error> {
        let code = |inner| LegacyCode {
            text,
            form: found.form,
            variable_at: found.variable_at,
            inner,
        };
        // Two paths, so that a code with nothing wrapped (most) is written straight into the
        // result, not built beside it and copied in with the wrapped code's room.
        match found.wrapped {
            None => Ok(code(None)),
            Some((start, end)) => {
                let inner = read_inner(text, start, end, found.form, depth)?;
                Ok(code(Some(inner)))
            }
        }
    }

    /// Reads a code rule by rule, in the order `spec/legacy.md` gives them, and says which
    /// one it breaks.
    fn read_diagnosed(text: &'a str, depth: u8) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        // One pass over the bytes: the first outside printable ASCII (a character starts
        // there: every other byte of one is 0x80 or more), and where the query starts.
        let (bad_at, query_at) = scan_chars(bytes);
        let bad = bad_at.and_then(|i| Some((i, text.get(i..)?.chars().next()?)));
        if let Some((i, found)) = bad {
            // Raw characters are possible only in a query value of a form that declares them.
            if query_at.is_none_or(|q| i < q) {
                return Err(err(Rule::LegChr1, i, ErrorKind::Char { found }));
            }
        }
        let colon = scheme_end(bytes)?;
        let scheme = text.get(..colon).unwrap_or_default();
        let after = colon.saturating_add(3);
        let rest = bytes.get(after..).unwrap_or_default();
        let (authority_len, at_sign, port) = scan_authority(rest);
        if let Some(i) = at_sign {
            let kind = ErrorKind::Host {
                fault: HostFault::UserInfo,
            };
            return Err(err(Rule::LegHost1, after.saturating_add(i), kind));
        }
        if let Some(i) = port {
            let kind = ErrorKind::Host {
                fault: HostFault::Port,
            };
            return Err(err(Rule::LegHost1, after.saturating_add(i), kind));
        }
        let mut tried = Tried::default();
        let host = host_key(bytes, after, authority_len);
        let found = first_match(text, colon, authority_len, &host, bad.is_some(), &mut tried);
        if let Some(found) = found {
            return Self::from_match(text, found, depth);
        }
        let Tried { known_host, miss } = tried;
        if let Some((i, found)) = bad {
            // A raw form that failed on a character of its own says where; otherwise the first
            // character outside printable ASCII is at fault.
            let at_fault = miss.as_ref().and_then(|m| {
                let c = text.get(m.at..)?.chars().next()?;
                (!('!'..='~').contains(&c)).then_some((m.at, c))
            });
            return match (at_fault, miss) {
                (Some((at, c)), _) => Err(err(Rule::LegChr1, at, ErrorKind::Char { found: c })),
                (None, Some(m)) => Err(err(m.rule, m.at, m.kind)),
                (None, None) => Err(err(Rule::LegChr1, i, ErrorKind::Char { found })),
            };
        }
        let known_scheme = LEGACY_FORMS
            .iter()
            .any(|f| f.scheme.eq_ignore_ascii_case(scheme));
        if !known_scheme {
            let kind = ErrorKind::Host {
                fault: HostFault::UnknownScheme,
            };
            return Err(err(Rule::LegHost1, 0, kind));
        }
        if !known_host {
            let kind = ErrorKind::Host {
                fault: HostFault::UnknownHost,
            };
            return Err(err(Rule::LegHost1, after, kind));
        }
        let m = miss.unwrap_or(Miss::shape(after));
        Err(err(m.rule, m.at, m.kind))
    }

    /// Returns the code exactly as it was read.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.as_str(), "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Returns the issuer whose form the code has (for a wrapper, the wrapper's issuer).
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.issuer().id(), "alipay");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuer(&self) -> Issuer {
        self.form.issuer
    }

    /// Returns the issuers of the code, most likely first: the form's issuer; then, for a
    /// UnionPay code whose institution segment the registry knows, that institution; then, for
    /// a wrapper, the issuers of the wrapped code.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// let ids: Vec<_> = c.issuers().iter().map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "wechat-pay"]);
    /// let c = paycode::legacy::LegacyCode::parse("https://qr.95516.com/48020000/34ZZ240101123456789012345A")?;
    /// let ids: Vec<_> = c.issuers().iter().map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "chinaums"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        let mut out = Candidates::EMPTY;
        out.push(self.issuer(), self.form.confidence);
        if let (Some(segment), Some((_, true))) = (self.institution(), self.form.institution) {
            if let Some((i, confidence)) = registry::by_institution(segment) {
                out.push(i, confidence);
            }
        }
        if let Some(inner) = self.inner {
            for (i, confidence) in inner.candidates.with_confidence() {
                out.push(i, confidence);
            }
        }
        out
    }

    /// Returns the issuers of the code in `registry`, most likely first, each once: the
    /// issuers [`issuers`](Self::issuers) names (the form's, a UnionPay institution's, a
    /// wrapped code's), as the registry given has them, by registry ID
    /// ([`Lookup::by_id`](registry::Lookup::by_id)). The forms and institutions are the
    /// built-in registry's; a run-time [`Registry`](crate::registry::Registry) gives what the
    /// built-in one gives, unless it replaces an issuer with one of the same ID. Nothing is
    /// allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "alloc")] {
    /// use paycode::legacy::LegacyCode;
    /// use paycode::registry::{BUILT_IN, CustomIssuer, Registry};
    /// let c = LegacyCode::parse("https://qr.95516.com/48020000/34ZZ240101123456789012345A")?;
    /// let ids: Vec<_> = c.issuers_in(&BUILT_IN).map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "chinaums"]);
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
    /// let ids: Vec<_> = c.issuers_in(&r).map(|i| i.to_string()).collect();
    /// assert_eq!(ids, ["unionpay", "chinaums"]);
    /// # }
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn issuers_in<'r, R: registry::Lookup + ?Sized>(
        &self,
        registry: &'r R,
    ) -> impl Iterator<Item = R::Issuer<'r>> + use<'r, R> {
        let named = self.issuers();
        named.into_iter().enumerate().filter_map(move |(k, i)| {
            let found = registry.by_id(i.id())?;
            // A registry may give two IDs one issuer: it is named once, where first.
            let seen = named
                .iter()
                .take(k)
                .any(|j| registry.by_id(j.id()) == Some(found));
            (!seen).then_some(found)
        })
    }

    /// Returns the registry ID of the form, such as `"wechat-f2f0"` or `"alipay-qr"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.form_id(), "alipay-qr");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn form_id(&self) -> &'static str {
        self.form.id
    }

    /// Returns the two-digit number this standard gives the form in unified codes.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.form_code(), "01");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn form_code(&self) -> &'static str {
        self.form.code
    }

    /// Returns the part of the code after the form's fixed prefix: the token, the IDs, the
    /// query.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.variable(), "FKX05106TWOWYTJ6VELP79");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn variable(&self) -> &'a str {
        self.text.get(self.variable_at..).unwrap_or_default()
    }

    /// Returns the fixed part of the code as written: scheme, host and prefix.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert_eq!(c.fixed(), "HTTPS://QR.ALIPAY.COM/");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn fixed(&self) -> &'a str {
        self.text.get(..self.variable_at).unwrap_or_default()
    }

    /// Returns the institution segment of the code, for forms that have one: the 8-digit
    /// institution of a UnionPay code, the 3-digit operating institution of an e-CNY merchant
    /// code (reported, not mapped to an issuer: no mapping is public).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::legacy::LegacyCode;
    /// let c = LegacyCode::parse("https://qr.pbcdci.cn/002030000000000000000000000000000000001")?;
    /// assert_eq!(c.institution(), Some("002"));
    /// let c = LegacyCode::parse("https://qr.95516.com/01020001/wcqr?f=ICBCqr&X=1&T=3&P=2&I=0123456789ABCDEF&N=0A1B")?;
    /// assert_eq!(c.institution(), Some("01020001"));
    /// assert_eq!(c.issuers().iter().map(|i| i.id()).collect::<Vec<_>>(), ["unionpay", "icbc"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn institution(&self) -> Option<&'a str> {
        let (len, _) = self.form.institution?;
        self.variable().get(..len)
    }

    /// Returns whether the code pays a person's account (a transfer link) rather than a
    /// merchant; for a wrapper, whether the plain code it carries does.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "alipays://platformapi/startapp?appId=09999988&actionType=toAccount&userId=2088123412341234&amount=1.00")?;
    /// assert!(c.pays_person());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn pays_person(&self) -> bool {
        self.form.person || self.inner.is_some_and(|i| i.plain.person)
    }

    /// Returns whether the code is the UnionPay gateway wrapper of another issuer's code.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::legacy::LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
    /// assert!(!c.is_gateway());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn is_gateway(&self) -> bool {
        self.form.id == "unionpay-gateway"
    }

    /// Returns whether the code is a wrapper of another code (the UnionPay gateway, an Alipay
    /// launcher, `render.alipay.com`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax03190uxd47wbekffy6033")?;
    /// assert!(c.is_wrapper());
    /// assert_eq!(c.inner_form_id(), Some("alipay-qr"));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn is_wrapper(&self) -> bool {
        self.inner.is_some()
    }

    /// For a wrapper, returns the form of the plain code it carries (through a declared nested
    /// wrapper, the innermost one's).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse("https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// assert_eq!(c.inner_form_id(), Some("wechat-f2f0"));
    /// # Ok::<(), paycode::legacy::Error>(())
    /// ```
    #[must_use]
    pub fn inner_form_id(&self) -> Option<&'static str> {
        self.inner.map(|i| i.plain.id)
    }

    /// For a wrapper, percent-decodes the wrapped code into `buf` and returns it.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails with `LEG-WRAP-1` if the wrapped code does not fit `buf` (it
    /// decoded when the wrapper was read).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// let mut buf = [0u8; 256];
    /// let inner = c.inner(&mut buf).unwrap()?;
    /// assert_eq!(inner, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn inner<'b>(&self, buf: &'b mut [u8]) -> Option<Result<&'b str, Error>> {
        let inner = self.inner?;
        let value = self.text.get(inner.start..inner.end).unwrap_or_default();
        Some(percent_decode(value, buf).map_err(|at| {
            err(
                Rule::LegWrap1,
                inner.start.saturating_add(at),
                ErrorKind::Escape,
            )
        }))
    }

    /// For a wrapper, decodes the plain code it carries into `buf`, through a declared nested
    /// wrapper (`render.alipay.com` → launcher → code), and reads it.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails with `LEG-WRAP-1` if the plain code does not fit `buf`.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "https://render.alipay.com/p/s/i?scheme=alipays%3A%2F%2Fplatformapi%2Fstartapp%3FsaId%3D10000007%26qrcode%3Dhttps%253A%252F%252Fqr.alipay.com%252Fbax03190uxd47wbekffy6033")?;
    /// let mut buf = [0u8; 256];
    /// let plain = c.plain(&mut buf).unwrap()?;
    /// assert_eq!(plain.as_str(), "https://qr.alipay.com/bax03190uxd47wbekffy6033");
    /// assert_eq!(plain.issuer().id(), "alipay");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn plain<'b>(&self, buf: &'b mut [u8]) -> Option<Result<LegacyCode<'b>, Error>> {
        let inner = self.inner?;
        Some(self.plain_into(inner.start, buf))
    }

    fn plain_into<'b>(&self, at: usize, buf: &'b mut [u8]) -> Result<LegacyCode<'b>, Error> {
        let too_small = err(Rule::LegWrap1, at, ErrorKind::Escape);
        let mut scratch = [0u8; MAX_LEN];
        let first = self.inner(&mut scratch).ok_or(too_small)??;
        let code = LegacyCode::parse(first)?;
        let n = if code.is_wrapper() {
            code.inner(buf).ok_or(too_small)??.len()
        } else {
            let dst = buf.get_mut(..first.len()).ok_or(too_small)?;
            dst.copy_from_slice(first.as_bytes());
            first.len()
        };
        let buf: &'b [u8] = buf;
        let text = core::str::from_utf8(buf.get(..n).unwrap_or_default()).map_err(|_| too_small)?;
        LegacyCode::parse(text)
    }
}

/// Finds the first byte outside printable ASCII and the first `?`, in one pass: eight bytes
/// at a time, since every byte of every code is looked at.
fn scan_chars(bytes: &[u8]) -> (Option<usize>, Option<usize>) {
    let mut query_at = None;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0usize;
    for chunk in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(word);
        let mut found = special_bytes(word, query_at.is_none());
        while found != 0 {
            let i = base.saturating_add(usize::try_from(found.trailing_zeros() / 8).unwrap_or(0));
            if query_at.is_none() && bytes.get(i) == Some(&b'?') {
                query_at = Some(i);
                // The bytes after it are looked at again, for characters only: no byte up
                // to the `?` is outside printable ASCII, so none carries a borrow upwards.
                let above = (!0u64)
                    .checked_shl(found.trailing_zeros().saturating_add(1))
                    .unwrap_or(0);
                found = special_bytes(word, false) & above;
                continue;
            }
            return (Some(i), query_at);
        }
        base = base.saturating_add(8);
    }
    for (k, &b) in words.remainder().iter().enumerate() {
        let i = base.saturating_add(k);
        if query_at.is_none() && b == b'?' {
            query_at = Some(i);
        } else if !(0x21..=0x7E).contains(&b) {
            return (Some(i), query_at);
        }
    }
    (None, query_at)
}

/// One bit set at the top of each byte of `word` that is outside printable ASCII or, when
/// `query` holds, a `?`. Only the lowest byte marked is exact (a borrow may mark bytes above
/// it), and only the lowest is used.
fn special_bytes(word: u64, query: bool) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH;
    let below = word.wrapping_sub(ONES.wrapping_mul(0x21)) & !word & HIGH;
    let del = zero(word ^ ONES.wrapping_mul(0x7F));
    let q = if query {
        zero(word ^ ONES.wrapping_mul(u64::from(b'?')))
    } else {
        0
    };
    (word & HIGH) | below | del | q
}

/// Where the scheme ends (its `://`), as `LEG-URL-1` has it: a letter, then letters, digits,
/// `+ . -`, then the first `://` of the text.
fn scheme_end(bytes: &[u8]) -> Result<usize, Error> {
    // The common case in one pass: scheme characters up to a `://`, which is then the first.
    let n = bytes
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        .count();
    if bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(n..n.saturating_add(3)) == Some(b"://")
    {
        return Ok(n);
    }
    let colon = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b':')
        .map(|(i, _)| i)
        .find(|&i| bytes.get(i.saturating_add(1)..i.saturating_add(3)) == Some(b"//"));
    let fault = if colon.is_none() {
        UrlFault::NoScheme
    } else {
        UrlFault::SchemeChars
    };
    Err(err(Rule::LegUrl1, 0, ErrorKind::Url { fault }))
}

/// Where the first `:` is, eight bytes at a time.
fn first_colon(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0usize;
    for chunk in words.by_ref() {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let x = word ^ ONES.wrapping_mul(u64::from(b':'));
        let found = x.wrapping_sub(ONES) & !x & HIGH;
        if found != 0 {
            let k = usize::try_from(found.trailing_zeros() / 8).unwrap_or(0);
            return Some(base.saturating_add(k));
        }
        base = base.saturating_add(8);
    }
    let k = words.remainder().iter().position(|&b| b == b':')?;
    Some(base.saturating_add(k))
}

/// Reads the authority at the start of `rest` (up to `/`, `?` or `#`): its length, and where
/// its first `@` and first `:` are.
fn scan_authority(rest: &[u8]) -> (usize, Option<usize>, Option<usize>) {
    let mut at_sign = None;
    let mut port = None;
    for (i, &b) in rest.iter().enumerate() {
        match AUTHORITY_STOPS.get(usize::from(b)).copied().unwrap_or(0) {
            AUTHORITY_END => return (i, at_sign, port),
            AUTHORITY_AT if at_sign.is_none() => at_sign = Some(i),
            AUTHORITY_COLON if port.is_none() => port = Some(i),
            _ => {}
        }
    }
    (rest.len(), at_sign, port)
}

/// Reads the authority at the start of `rest` as [`scan_authority`] does, eight bytes at a
/// time, and folds it into a [`host_key`] from the same words; `None` if an `@` or `:` (always
/// refused) comes before its end.
fn authority_key(rest: &[u8]) -> Option<(usize, [u64; HOST_WORDS])> {
    let mut key = [0u64; HOST_WORDS];
    let mut words = rest.chunks_exact(8);
    let mut base = 0usize;
    for chunk in words.by_ref() {
        let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
        let (end, refused) = authority_bytes(word);
        // 64 where there is none: the lowest byte marked is exact in each mask.
        let end_at = end.trailing_zeros();
        if refused.trailing_zeros() < end_at {
            return None;
        }
        if let Some(slot) = key.get_mut(base / 8) {
            let keep = u64::MAX
                .checked_shr(64u32.saturating_sub(end_at & !7))
                .unwrap_or(0);
            *slot = fold_word(word & keep);
        }
        if end != 0 {
            return Some((
                base.saturating_add(usize::try_from(end_at / 8).unwrap_or(0)),
                key,
            ));
        }
        base = base.saturating_add(8);
    }
    let tail = words.remainder();
    let mut len = rest.len();
    for (k, &b) in tail.iter().enumerate() {
        match AUTHORITY_STOPS.get(usize::from(b)).copied().unwrap_or(0) {
            AUTHORITY_END => {
                len = base.saturating_add(k);
                break;
            }
            AUTHORITY_AT | AUTHORITY_COLON => return None,
            _ => {}
        }
    }
    if let Some(slot) = key.get_mut(base / 8) {
        *slot = folded_word(rest, base, len.saturating_sub(base));
    }
    Some((len, key))
}

/// The top bit of each byte of `word` that ends an authority (`/ ? #`), and of each that is
/// refused in one (`@ :`); only the lowest byte marked in each is exact, as in
/// [`special_bytes`].
fn authority_bytes(word: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let is = |b: u8| {
        let x = word ^ ONES.wrapping_mul(u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGH
    };
    (is(b'/') | is(b'?') | is(b'#'), is(b'@') | is(b':'))
}

const AUTHORITY_END: u8 = 1;
const AUTHORITY_AT: u8 = 2;
const AUTHORITY_COLON: u8 = 3;

/// What each byte is to an authority: its end (`/ ? #`), `@`, `:`, or nothing (0).
// Evaluated when the crate compiles: the indices are bytes, below 256.
#[allow(clippy::indexing_slicing)]
static AUTHORITY_STOPS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'/' as usize] = AUTHORITY_END;
    t[b'?' as usize] = AUTHORITY_END;
    t[b'#' as usize] = AUTHORITY_END;
    t[b'@' as usize] = AUTHORITY_AT;
    t[b':' as usize] = AUTHORITY_COLON;
    t
};

/// The `n` bytes (at most 8) of `bytes` at `at`, lower-cased as [`fold_word`] does, as a
/// little-endian word padded with zeros: one comparison then tells a scheme or an eighth of a
/// host from a registered one.
fn folded_word(bytes: &[u8], at: usize, n: usize) -> u64 {
    let keep = u64::MAX
        .checked_shr(64u32.saturating_sub(u32::try_from(n.min(8)).unwrap_or(0).saturating_mul(8)))
        .unwrap_or(0);
    let word = match bytes.get(at..at.saturating_add(8)) {
        Some(w) => <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes),
        // Near the end of the text: a byte at a time.
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take(8)
            .rev()
            .fold(0, |w, &b| (w << 8) | u64::from(b)),
    };
    fold_word(word & keep)
}

/// The folded words of a host of `len` bytes at `at` (see [`folded_word`]); zero for a host
/// longer than any registered one, which no form has.
fn host_key(bytes: &[u8], at: usize, len: usize) -> [u64; HOST_WORDS] {
    if len > HOST_WORDS.saturating_mul(8) {
        return [0; HOST_WORDS];
    }
    let word = |j: usize| {
        let from = j.saturating_mul(8);
        if from < len {
            folded_word(bytes, at.saturating_add(from), len.saturating_sub(from))
        } else {
            0
        }
    };
    [word(0), word(1), word(2)]
}

/// Whether two host keys are equal, word by word: the key is built in registers, and
/// comparing it as one block would store it first and stall on reading it back.
fn same_host(a: &[u64; HOST_WORDS], b: &[u64; HOST_WORDS]) -> bool {
    a.iter().zip(b).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// How many words a registered host takes at most (checked when the crate compiles).
const HOST_WORDS: usize = 3;

/// Lower-cases the ASCII letters of eight bytes, leaving other bytes as they are: the low
/// seven bits of each byte are added to, so no addition carries into the next byte.
const fn fold_word(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = w & !HIGH;
    // The top bit of each byte: at least `A` and not above `Z`, and below 0x80.
    let at_least_a = low.wrapping_add(ONES.wrapping_mul(0x80 - 0x41));
    let above_z = low.wrapping_add(ONES.wrapping_mul(0x80 - 0x5B));
    let upper = at_least_a & !above_z & !w & HIGH;
    w | (upper >> 2)
}

/// The forms that a scheme and a host of given lengths can be, as bit masks over
/// [`LEGACY_FORMS`] (bit `k` for form `k`), so that a read compares its scheme and host with
/// those forms only.
struct Dispatch {
    /// Each form's scheme and host as [`folded_word`]s, by the form's index.
    keys: [Key; 64],
    by_scheme_len: [u64; DISPATCH_LENS],
    by_host_len: [u64; DISPATCH_LENS],
    /// Forms with no host: any authority may be their path.
    hostless: u64,
}

/// Schemes and hosts are shorter than this (checked when the crate compiles).
const DISPATCH_LENS: usize = 32;

/// A form's scheme and host, folded.
#[derive(Clone, Copy)]
struct Key {
    scheme: u64,
    host: [u64; HOST_WORDS],
}

/// [`folded_word`] of `n` bytes of `s` from `at`, when the crate compiles.
// Evaluated when the crate compiles: an index out of bounds here is a compile error.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn const_folded(s: &[u8], at: usize, n: usize) -> u64 {
    let mut w = 0u64;
    let mut i = 0;
    while i < n && i < 8 && at + i < s.len() {
        w |= (s[at + i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    w
}

impl Dispatch {
    fn candidates(&self, scheme_len: usize, host_len: usize) -> u64 {
        let scheme = self.by_scheme_len.get(scheme_len).copied().unwrap_or(0);
        let host = self.by_host_len.get(host_len).copied().unwrap_or(0);
        scheme & (host | self.hostless)
    }
}

// Evaluated when the crate compiles: an index out of bounds or an overflow here is a compile
// error, never a panic on input.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
static DISPATCH: Dispatch = {
    assert!(
        LEGACY_FORMS.len() <= 64,
        "more than 64 legacy forms: widen the dispatch masks"
    );
    let mut d = Dispatch {
        keys: [Key {
            scheme: 0,
            host: [0; HOST_WORDS],
        }; 64],
        by_scheme_len: [0; DISPATCH_LENS],
        by_host_len: [0; DISPATCH_LENS],
        hostless: 0,
    };
    let mut k = 0;
    while k < LEGACY_FORMS.len() {
        let form = &LEGACY_FORMS[k];
        let bit = 1u64 << k;
        d.by_scheme_len[form.scheme.len()] |= bit;
        assert!(form.scheme.len() <= 8, "a scheme longer than a word");
        d.keys[k].scheme = const_folded(form.scheme.as_bytes(), 0, 8);
        match form.host {
            Some(h) => {
                d.by_host_len[h.len()] |= bit;
                assert!(h.len() <= HOST_WORDS * 8, "a host longer than its key");
                let mut j = 0;
                while j < HOST_WORDS {
                    d.keys[k].host[j] = const_folded(h.as_bytes(), 8 * j, 8);
                    j += 1;
                }
            }
            None => d.hostless |= bit,
        }
        k += 1;
    }
    d
};

/// Finds the registered form of a code without looking for faults first, or gives up
/// (`None`) where [`LegacyCode::read_diagnosed`] must say what is wrong. A form that
/// matches is the one found there: a non-raw form matches only printable ASCII, and a raw
/// form's raw characters come after its query's `?`, the text's first, so no character
/// check could have refused the code.
fn registered_form(text: &str) -> Option<Matched> {
    let bytes = text.as_bytes();
    // The first `:` starts the first `://`; that the scheme is well formed follows from a
    // form matching it, since registered schemes are.
    let colon = first_colon(bytes)?;
    if bytes.get(colon.saturating_add(1)..colon.saturating_add(3)) != Some(b"//") {
        return None;
    }
    let rest = bytes.get(colon.saturating_add(3)..).unwrap_or_default();
    let (authority_len, host) = authority_key(rest)?;
    first_match(
        text,
        colon,
        authority_len,
        &host,
        false,
        &mut Tried::default(),
    )
}

/// Matches the forms that the scheme and host can be, in registry order, skipping forms
/// without raw values when the text has a raw character (`bad`). Returns the first that
/// matches; what the others tried is left in `tried`.
// Inlined into both callers: as a call it cost a frame of its own and the moves of its six
// arguments, about a tenth of reading a short code.
#[inline(always)]
fn first_match(
    text: &str,
    colon: usize,
    authority_len: usize,
    host_key: &[u64; HOST_WORDS],
    bad: bool,
    tried: &mut Tried,
) -> Option<Matched> {
    let scheme = text.get(..colon).unwrap_or_default();
    let after = colon.saturating_add(3);
    let authority = text
        .get(after..after.saturating_add(authority_len))
        .unwrap_or_default();
    // Only forms whose scheme and host have these lengths can match; the masks keep the
    // registry's order, so the first form that matches is still the one chosen.
    let mut candidates = DISPATCH.candidates(scheme.len(), authority.len());
    let bytes = text.as_bytes();
    let scheme_key = folded_word(bytes, 0, scheme.len());
    while candidates != 0 {
        let k = usize::try_from(candidates.trailing_zeros()).unwrap_or(usize::MAX);
        candidates &= candidates.wrapping_sub(1);
        let (Some(form), Some(key)) = (LEGACY_FORMS.get(k), DISPATCH.keys.get(k)) else {
            continue;
        };
        // Host-less forms (wxp://f2f0…) match their prefix right after `://`.
        let path_at = match form.host {
            Some(_) if same_host(&key.host, host_key) => after.saturating_add(authority_len),
            Some(_) => continue,
            None => after,
        };
        if key.scheme != scheme_key {
            continue;
        }
        tried.known_host = true;
        if bad && !form.raw {
            continue;
        }
        match match_form(text, path_at, form) {
            Ok((variable_at, wrapped)) => {
                return Some(Matched {
                    form,
                    variable_at,
                    wrapped,
                });
            }
            Err(m) => tried.miss = Some(m.better(tried.miss.take())),
        }
    }
    None
}

/// Reads the code a wrapper carries in `text[start..end]`, as `LEG-WRAP-1` to `-3` say.
// Out of line: its decoding buffer would otherwise enlarge the frame of every read.
#[inline(never)]
fn read_inner(
    text: &str,
    start: usize,
    end: usize,
    form: &'static LegacyForm,
    depth: u8,
) -> Result<Inner, Error> {
    let nested = || err(Rule::LegWrap3, start, ErrorKind::Nested);
    if depth >= MAX_DEPTH {
        return Err(nested());
    }
    let value = text.get(start..end).unwrap_or_default();
    let mut buf = [0u8; MAX_LEN];
    let decoded = percent_decode(value, &mut buf)
        .map_err(|at| err(Rule::LegWrap1, start.saturating_add(at), ErrorKind::Escape))?;
    let code = LegacyCode::parse_at(decoded, depth.saturating_add(1)).map_err(|e| {
        if e.rule() == Rule::LegWrap3 {
            nested()
        } else {
            err(Rule::LegWrap2, start, ErrorKind::Inner { inner: e.rule() })
        }
    })?;
    let wrapper = form.wrapper;
    let nests = wrapper.map_or(&[][..], |w| w.nests);
    if code.is_wrapper() && !nests.contains(&code.form.id) {
        return Err(nested());
    }
    // Alipay's launchers open Alipay codes: another issuer's code inside one is not theirs.
    if let Some(only) = wrapper.and_then(|w| w.carries) {
        if code.form.issuer != only {
            let kind = ErrorKind::Host {
                fault: HostFault::NotItsIssuer,
            };
            return Err(err(Rule::LegWrap2, start, kind));
        }
    }
    Ok(Inner {
        start,
        end,
        plain: code.inner.map_or(code.form, |i| i.plain),
        candidates: code.issuers(),
    })
}

/// Whether any form with the scheme and host of `form` registers a query parameter `name`
/// (in any case).
fn registered_on_host(form: &LegacyForm, name: &[u8]) -> bool {
    LEGACY_FORMS
        .iter()
        .filter(|f| f.scheme == form.scheme && f.host == form.host)
        .filter_map(|f| f.query)
        .flat_map(|q| q.params)
        .any(|p| p.name.as_bytes().eq_ignore_ascii_case(name))
}

/// Whether two names or literals are equal, with or without regard to ASCII case.
fn same(a: &[u8], b: &[u8], case_sensitive: bool) -> bool {
    if case_sensitive {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

/// Matches `form` against `text` from `at` (the path), to the end. Returns where the variable
/// part starts and, for a wrapper, where its wrapped parameter's value is.
fn match_form(
    text: &str,
    at: usize,
    form: &LegacyForm,
) -> Result<(usize, Option<(usize, usize)>), Miss> {
    let bytes = text.as_bytes();
    let rest = bytes.get(at..).unwrap_or_default();
    let prefix = form.prefix.as_bytes();
    let common = rest
        .iter()
        .zip(prefix)
        .take_while(|(a, b)| same(&[**a], &[**b], form.case_sensitive))
        .count();
    if common < prefix.len() {
        return Err(Miss::shape(at.saturating_add(common)));
    }
    let variable_at = at.saturating_add(prefix.len());
    let pos =
        match_parts(bytes, variable_at, form.parts, form.case_sensitive).map_err(Miss::shape)?;
    let Some(query) = form.query else {
        return if pos == text.len() {
            Ok((variable_at, None))
        } else {
            Err(Miss::shape(pos))
        };
    };
    match bytes.get(pos) {
        None if query.optional => Ok((variable_at, None)),
        Some(b'?') => {
            let wrapped = match_query(text, pos.saturating_add(1), form, query)?;
            Ok((variable_at, wrapped))
        }
        _ => Err(Miss::shape(pos)),
    }
}

/// Matches `parts` against `bytes` from `pos`, as far as they go. Returns where they end, or
/// how far the match got.
fn match_parts(
    bytes: &[u8],
    mut pos: usize,
    parts: &[Part],
    case_sensitive: bool,
) -> Result<usize, usize> {
    for part in parts {
        let here = bytes.get(pos..).unwrap_or_default();
        match *part {
            Part::Lit(l) => {
                let l = l.as_bytes();
                match here.get(..l.len()) {
                    Some(h) if same(h, l, case_sensitive) => pos = pos.saturating_add(l.len()),
                    _ => return Err(pos),
                }
            }
            Part::Class(class, min, max) => {
                let n = run_len(class, here, max);
                if n < min {
                    return Err(pos.saturating_add(n));
                }
                check_run(class, here.get(..n).unwrap_or_default())
                    .map_err(|at| pos.saturating_add(at))?;
                pos = pos.saturating_add(n);
            }
            Part::Opt(group) => {
                if let Ok(end) = match_parts(bytes, pos, group, case_sensitive) {
                    pos = end;
                }
            }
        }
    }
    Ok(pos)
}

/// The longest name of a query parameter that a form does not register.
const MAX_OTHER_NAME: usize = 64;

/// The most parameters a query may have: this bounds the work of finding repeated names.
const MAX_PARAMS: usize = 64;

/// Matches the query of a form, from `start` (after `?`) to the end of `text`: parameters in
/// any order, each at most once (`LEG-QRY-1`), each value of its registered shape.
fn match_query(
    text: &str,
    start: usize,
    form: &LegacyForm,
    query: &Query,
) -> Result<Option<(usize, usize)>, Miss> {
    let case_sensitive = form.case_sensitive;
    let bytes = text.as_bytes();
    let all = bytes.get(start..).unwrap_or_default();
    if all.is_empty() {
        return Err(Miss::shape(start));
    }
    let mut seen = 0u64;
    let mut wrapped = None;
    let mut foreign = None;
    let mut pair_at = start;
    for (n, pair) in all.split(|&b| b == b'&').enumerate() {
        let here = pair_at;
        pair_at = pair_at.saturating_add(pair.len()).saturating_add(1);
        if n >= MAX_PARAMS {
            return Err(Miss::shape(here));
        }
        if pair.is_empty() {
            return Err(Miss::query(here, QueryFault::EmptyPair));
        }
        let eq = pair.iter().position(|&b| b == b'=');
        let Some(eq) = eq else {
            return Err(Miss::shape(here.saturating_add(pair.len())));
        };
        let (name, value) = (
            pair.get(..eq).unwrap_or_default(),
            pair.get(eq.saturating_add(1)..).unwrap_or_default(),
        );
        let value_at = here.saturating_add(eq).saturating_add(1);
        // A name given twice, in any case, is ambiguous: readers disagree on which one counts.
        let earlier = all.get(..here.saturating_sub(start)).unwrap_or_default();
        if earlier.split(|&b| b == b'&').take(n).any(|p| {
            p.split(|&b| b == b'=')
                .next()
                .is_some_and(|m| m.eq_ignore_ascii_case(name))
        }) {
            return Err(Miss::query(here, QueryFault::Twice));
        }
        let found = query
            .params
            .iter()
            .enumerate()
            .find(|(_, p)| same(p.name.as_bytes(), name, case_sensitive));
        if let Some((k, param)) = found {
            seen |= 1u64
                .checked_shl(u32::try_from(k).unwrap_or(u32::MAX))
                .unwrap_or(0);
            match param.value {
                Value::Parts(parts) => match match_parts(value, 0, parts, case_sensitive) {
                    Ok(end) if end == value.len() => {}
                    Ok(end) | Err(end) => return Err(Miss::shape(value_at.saturating_add(end))),
                },
                Value::Wrapped => {
                    let n = value
                        .iter()
                        .take_while(|&&b| in_class(Class::UrlQuery, b))
                        .count();
                    if value.is_empty() || n < value.len() {
                        return Err(Miss::shape(value_at.saturating_add(n)));
                    }
                    wrapped = Some((value_at, value_at.saturating_add(value.len())));
                }
            }
            continue;
        }
        if query
            .params
            .iter()
            .any(|p| p.name.as_bytes().eq_ignore_ascii_case(name))
        {
            return Err(Miss::query(here, QueryFault::CaseVariant));
        }
        // A name another form of this host registers selects that form: `saId` and `appId`
        // in one Alipay link open two different things.
        if registered_on_host(form, name) {
            // Reported only if the form otherwise matches: until then it is another form's.
            foreign.get_or_insert(here);
        }
        let Some((class, min, max)) = query.others else {
            return Err(Miss::shape(here));
        };
        let name_ok = !name.is_empty()
            && name.len() <= MAX_OTHER_NAME
            && name
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
        if !name_ok {
            return Err(Miss::shape(here));
        }
        let n = run_len(class, value, max);
        if n < min || n < value.len() {
            return Err(Miss::shape(value_at.saturating_add(n)));
        }
        check_run(class, value).map_err(|at| Miss::shape(value_at.saturating_add(at)))?;
    }
    let missing = query.params.iter().enumerate().any(|(k, p)| {
        !p.optional
            && seen
                & 1u64
                    .checked_shl(u32::try_from(k).unwrap_or(u32::MAX))
                    .unwrap_or(0)
                == 0
    });
    if missing {
        return Err(Miss::shape(text.len()));
    }
    if let Some(at) = foreign {
        let fault = QueryFault::OtherForm;
        return Err(Miss::query(at, fault));
    }
    Ok(wrapped)
}

/// How many bytes at the start of `here`, at most `max`, are of `class`. Raw text is taken a
/// character at a time, so that a run never ends inside one.
#[inline]
fn run_len(class: Class, here: &[u8], max: usize) -> usize {
    if class == Class::Raw {
        return raw_run_len(here, max);
    }
    let limit = here.get(..max).unwrap_or(here);
    let bit = class_bit(class);
    let classes = |b: u8| CLASSES.get(usize::from(b)).copied().unwrap_or(0);
    // Four bytes a test: the class bits of all four, ANDed, keep the class's bit only if
    // each is of the class. The group where one is not is then looked at byte by byte.
    let mut quads = limit.chunks_exact(4);
    let mut n: usize = 0;
    for q in quads.by_ref() {
        if let &[a, b, c, d] = q {
            if classes(a) & classes(b) & classes(c) & classes(d) & bit == 0 {
                break;
            }
        }
        n = n.wrapping_add(4);
    }
    // `n` is at most `limit.len()`, a multiple of four below it.
    let tail = limit.get(n..).unwrap_or_default();
    let run = tail.iter().position(|&b| classes(b) & bit == 0);
    n.wrapping_add(run.unwrap_or(tail.len()))
}

/// [`run_len`] of raw text.
#[inline(never)]
fn raw_run_len(here: &[u8], max: usize) -> usize {
    let text = match core::str::from_utf8(here) {
        Ok(t) => t,
        Err(e) => core::str::from_utf8(here.get(..e.valid_up_to()).unwrap_or_default())
            .unwrap_or_default(),
    };
    text.char_indices()
        .take_while(|&(i, c)| raw_char(c) && i.saturating_add(c.len_utf8()) <= max)
        .last()
        .map_or(0, |(i, c)| i.saturating_add(c.len_utf8()))
}

/// Whether a raw value may hold `c` (`LEG-CHR-1`): no control character (C0 or C1), no
/// character that changes how text around it is shown (bidirectional overrides, zero-width
/// and other format characters, line and paragraph separators), no `&` or `#`.
fn raw_char(c: char) -> bool {
    !c.is_control()
        && !matches!(c,
            '&' | '#' | '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Checks what a class's characters alone do not: a `%` in a percent-encoded value starts an
/// escape of two hexadecimal digits; an amount is digits with at most one inner `.`; a URL
/// tail has no `..` segment. Returns the offset of the fault within `run`.
#[inline]
fn check_run(class: Class, run: &[u8]) -> Result<(), usize> {
    match class {
        Class::QueryValue | Class::UrlQuery => {
            for (i, &b) in run.iter().enumerate() {
                if b == b'%' {
                    let hex = |k: usize| {
                        run.get(i.saturating_add(k))
                            .is_some_and(u8::is_ascii_hexdigit)
                    };
                    if !(hex(1) && hex(2)) {
                        return Err(i);
                    }
                }
            }
            Ok(())
        }
        Class::Amount => {
            // Digits with at most one `.` between them: the fault is a leading dot, the
            // second dot, or a trailing one.
            let mut dots = run
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'.')
                .map(|(i, _)| i);
            match (dots.next(), dots.next()) {
                (Some(0), _) => Err(0),
                (_, Some(second)) => Err(second),
                (Some(last), None) if last.saturating_add(1) == run.len() => Err(last),
                _ => Ok(()),
            }
        }
        Class::UrlTail => run.windows(2).position(|w| w == b"..").map_or(Ok(()), Err),
        _ => Ok(()),
    }
}

/// Whether `b` is of `class`: one load from [`CLASSES`].
#[inline]
fn in_class(class: Class, b: u8) -> bool {
    let bits = CLASSES.get(usize::from(b)).copied().unwrap_or(0);
    bits & class_bit(class) != 0
}

/// Each byte's classes, one bit a class: classes are matched a byte at a time on every read,
/// and a table load is cheaper than the class's tests.
// Evaluated when the crate compiles: an index out of bounds here is a compile error, never a
// panic on input.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
static CLASSES: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut b = 0usize;
    while b < 256 {
        // `b` is below 256: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let byte = b as u8;
        let mut bits = 0u16;
        let mut k = 0;
        while k < ALL_CLASSES.len() {
            if class_test(ALL_CLASSES[k], byte) {
                bits |= class_bit(ALL_CLASSES[k]);
            }
            k += 1;
        }
        table[b] = bits;
        b += 1;
    }
    table
};

const ALL_CLASSES: [Class; 13] = [
    Class::Digits,
    Class::Alnum,
    Class::B64Url,
    Class::QueryValue,
    Class::UrlTail,
    Class::Hex,
    Class::LowerHex,
    Class::UpperAlnum,
    Class::Token,
    Class::Name,
    Class::Amount,
    Class::UrlQuery,
    Class::Raw,
];

const fn class_bit(class: Class) -> u16 {
    1 << (class as u16)
}

/// The classes' characters, as `spec/legacy.md` lists them.
const fn class_test(class: Class, b: u8) -> bool {
    match class {
        Class::Digits => b.is_ascii_digit(),
        Class::Alnum => b.is_ascii_alphanumeric(),
        Class::B64Url => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
        Class::QueryValue => {
            b.is_ascii_alphanumeric() || matches!(b, b'%' | b'.' | b'_' | b'~' | b'-' | b'+')
        }
        Class::UrlTail => b.is_ascii_graphic(),
        Class::Hex => b.is_ascii_hexdigit(),
        Class::LowerHex => b.is_ascii_digit() || matches!(b, b'a'..=b'f'),
        Class::UpperAlnum => b.is_ascii_digit() || b.is_ascii_uppercase(),
        Class::Token => b.is_ascii_alphanumeric() || b == b'-',
        Class::Name => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
        Class::Amount => b.is_ascii_digit() || b == b'.',
        Class::UrlQuery => b.is_ascii_graphic() && !matches!(b, b'&' | b'#' | b';'),
        Class::Raw => (b >= 0x80 || (b >= 0x20 && b < 0x7F)) && b != b'&' && b != b'#',
    }
}

/// Decodes `%XX` escapes into `buf`, strictly (`LEG-WRAP-1`): `+` is itself, not a space.
/// Returns the offset in `s` of the escape at fault, or of the first byte that does not fit.
fn percent_decode<'b>(s: &str, buf: &'b mut [u8]) -> Result<&'b str, usize> {
    let src = s.as_bytes();
    let mut out = 0usize;
    let mut i = 0usize;
    while let Some(&b) = src.get(i) {
        let (v, step) = if b == b'%' {
            let hex = |k: usize| src.get(k).and_then(|&c| char::from(c).to_digit(16));
            match (hex(i.saturating_add(1)), hex(i.saturating_add(2))) {
                (Some(hi), Some(lo)) => {
                    let v = hi.checked_mul(16).and_then(|h| h.checked_add(lo));
                    (v.and_then(|v| u8::try_from(v).ok()).ok_or(i)?, 3)
                }
                _ => return Err(i),
            }
        } else {
            (b, 1)
        };
        *buf.get_mut(out).ok_or(i)? = v;
        out = out.saturating_add(1);
        i = i.saturating_add(step);
    }
    let decoded = buf.get(..out).ok_or(0usize)?;
    match core::str::from_utf8(decoded) {
        Ok(_) => {}
        Err(e) => return Err(source_offset(src, e.valid_up_to())),
    }
    core::str::from_utf8(buf.get(..out).ok_or(0usize)?).map_err(|_| 0usize)
}

/// The offset in a percent-encoded `src` of the escape (or byte) that decodes to byte `k`.
fn source_offset(src: &[u8], k: usize) -> usize {
    let mut i = 0usize;
    for _ in 0..k {
        i = i.saturating_add(if src.get(i) == Some(&b'%') { 3 } else { 1 });
    }
    i
}

/// Percent-encodes `s` for a query value into `buf`: unreserved characters stay, others
/// become `%XX` (upper-case hex).
pub(crate) fn percent_encode<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = 0usize;
    let mut put = |b: u8, buf: &mut [u8]| -> Option<()> {
        *buf.get_mut(out)? = b;
        out = out.checked_add(1)?;
        Some(())
    };
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            put(b, buf)?;
        } else {
            put(b'%', buf)?;
            put(*HEX.get(usize::from(b >> 4))?, buf)?;
            put(*HEX.get(usize::from(b & 0xF))?, buf)?;
        }
    }
    core::str::from_utf8(buf.get(..out)?).ok()
}

impl PartialEq for LegacyCode<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.form.id == other.form.id
    }
}

impl Eq for LegacyCode<'_> {}

impl fmt::Debug for LegacyCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyCode")
            .field("issuer", &self.issuer())
            .field("form", &self.form.id)
            .field("text", &self.text)
            .finish()
    }
}

/// Writes the code exactly as it was read.
impl fmt::Display for LegacyCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl<'a> TryFrom<&'a str> for LegacyCode<'a> {
    type Error = Error;

    fn try_from(s: &'a str) -> Result<Self, Error> {
        LegacyCode::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn the_class_table_agrees_with_the_classes() {
        assert_eq!(
            ALL_CLASSES.len(),
            Class::Raw as usize + 1,
            "every class is listed"
        );
        for class in ALL_CLASSES {
            for b in 0..=255u8 {
                assert_eq!(in_class(class, b), class_test(class, b), "{class:?} {b}");
            }
            assert!((0..=255u8).any(|b| in_class(class, b)), "{class:?}");
        }
    }

    #[test]
    fn the_word_scan_finds_what_a_byte_scan_finds() {
        // The first `?` counts only before the first bad byte: after it, the code is refused.
        let naive = |b: &[u8]| {
            let bad = b.iter().position(|b| !(0x21..=0x7E).contains(b));
            let query = b.iter().position(|&b| b == b'?');
            (bad, query.filter(|&q| bad.is_none_or(|i| q < i)))
        };
        let specials = [
            b'?', b' ', 0, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0xFF, b'!', b'@',
        ];
        for len in 0..40 {
            for i in 0..len {
                for j in 0..len {
                    for &x in &specials {
                        for &y in &specials {
                            let mut t = vec![b'a'; len];
                            t[i] = x;
                            t[j] = y;
                            assert_eq!(scan_chars(&t), naive(&t), "{t:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_word_authority_scan_finds_what_a_byte_scan_finds() {
        let naive = |r: &[u8]| {
            let len = r.iter().position(|b| b"/?#".contains(b)).unwrap_or(r.len());
            let host = &r[..len];
            (
                len,
                host.iter().position(|&b| b == b'@'),
                host.iter().position(|&b| b == b':'),
            )
        };
        let specials = [b'/', b'?', b'#', b'@', b':', b'A', b'.', b'0', b';', b'$'];
        for len in 0..28 {
            for i in 0..len {
                for j in 0..len {
                    for &x in &specials {
                        for &y in &specials {
                            let mut t = vec![b'a'; len];
                            t[i] = x;
                            t[j] = y;
                            assert_eq!(scan_authority(&t), naive(&t), "{t:?}");
                            let fast = match scan_authority(&t) {
                                (n, None, None) => Some((n, host_key(&t, 0, n))),
                                _ => None,
                            };
                            let fast = fast.map(|(n, k)| (n, if n > 24 { None } else { Some(k) }));
                            let found = authority_key(&t)
                                .map(|(n, k)| (n, if n > 24 { None } else { Some(k) }));
                            assert_eq!(found, fast, "{t:?}");
                        }
                    }
                }
            }
        }
    }

    /// What the fast reader rests on: a form without raw values admits only printable ASCII,
    /// and a raw form admits no `?` before its query's.
    #[test]
    fn raw_characters_only_in_raw_forms_after_the_query() {
        fn classes(parts: &[Part], out: &mut Vec<Class>, lits: &mut Vec<&'static str>) {
            for p in parts {
                match *p {
                    Part::Lit(l) => lits.push(l),
                    Part::Class(c, _, _) => out.push(c),
                    Part::Opt(g) => classes(g, out, lits),
                }
            }
        }
        for form in LEGACY_FORMS {
            let (mut path, mut lits) = (Vec::new(), Vec::new());
            classes(form.parts, &mut path, &mut lits);
            let mut query = Vec::new();
            if let Some(q) = form.query {
                for p in q.params {
                    if let Value::Parts(parts) = p.value {
                        classes(parts, &mut query, &mut lits);
                    }
                }
                query.extend(q.others.map(|(c, _, _)| c));
            }
            let uses_raw = path.iter().chain(&query).any(|&c| c == Class::Raw);
            assert_eq!(form.raw, uses_raw, "{}", form.id);
            for c in path.iter().chain(&query).filter(|&&c| c != Class::Raw) {
                assert!((0..=255u8).all(|b| !in_class(*c, b) || (0x21..=0x7E).contains(&b)));
            }
            if form.raw {
                assert!(!form.prefix.contains('?'), "{}", form.id);
                assert!(path.iter().all(|&c| !in_class(c, b'?')), "{}", form.id);
                assert!(
                    form.parts
                        .iter()
                        .all(|p| !matches!(p, Part::Lit(l) if l.contains('?')))
                );
            }
            assert!(form.scheme.is_ascii() && form.host.is_none_or(|h| h.is_ascii()));
            // The fast reader takes a matching scheme to be well formed (`LEG-URL-1`).
            let s = form.scheme.as_bytes();
            assert!(s[0].is_ascii_alphabetic(), "{}", form.id);
            assert!(
                s.iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(b))
            );
        }
    }

    #[test]
    fn folded_keys_compare_as_the_byte_compare() {
        let key = |s: &[u8]| host_key(s, 0, s.len());
        let printable: Vec<u8> = (0x21..=0x7Eu8).collect();
        for len in 0..=24usize {
            for (k, &x) in printable.iter().enumerate() {
                let a: Vec<u8> = (0..len)
                    .map(|i| printable[(i * 7 + k) % printable.len()])
                    .collect();
                for i in 0..len {
                    let mut b = a.clone();
                    b[i] = x;
                    assert_eq!(
                        key(&a) == key(&b),
                        a.eq_ignore_ascii_case(&b),
                        "{a:?} {b:?}"
                    );
                    let upper = b.to_ascii_uppercase();
                    assert_eq!(key(&a) == key(&upper), a.eq_ignore_ascii_case(&upper));
                    // The same host inside a longer text, as the reader sees it.
                    let mut text = b"https://".to_vec();
                    text.extend_from_slice(&upper);
                    text.extend_from_slice(b"/x");
                    assert_eq!(host_key(&text, 8, len), key(&b));
                }
            }
        }
        // Bytes above 0x7F are themselves: no carry makes them equal to a letter.
        for b in 0x80..=0xFFu8 {
            let mut t = *b"qr.alipay.com";
            t[3] = b;
            assert_ne!(key(b"qr.alipay.com"), key(&t));
            assert_eq!(fold_word(u64::from(b) << 8) >> 8, u64::from(b));
        }
        for form in LEGACY_FORMS {
            let k = DISPATCH.keys[LEGACY_FORMS.iter().position(|f| f.id == form.id).unwrap()];
            let s = form.scheme.as_bytes();
            assert_eq!(k.scheme, folded_word(s, 0, s.len()), "{}", form.id);
            if let Some(h) = form.host {
                assert_eq!(
                    k.host,
                    key(h.to_ascii_uppercase().as_bytes()),
                    "{}",
                    form.id
                );
            }
        }
    }

    #[test]
    fn the_first_colon_by_the_word() {
        for len in 0..30 {
            for i in 0..len {
                for j in 0..len {
                    let mut t = vec![b'a'; len];
                    t[i] = b':';
                    t[j] = if j % 2 == 0 { b';' } else { b':' };
                    assert_eq!(first_colon(&t), t.iter().position(|&b| b == b':'), "{t:?}");
                }
            }
            assert_eq!(first_colon(&vec![b'9'; len]), None);
        }
    }

    #[test]
    fn runs_are_as_long_as_the_class_goes() {
        for class in ALL_CLASSES.into_iter().filter(|&c| c != Class::Raw) {
            let inside: Vec<u8> = (0..=255u8).filter(|&b| in_class(class, b)).collect();
            for len in 0..40usize {
                for stop in 0..=len {
                    for max in [0, 1, 7, 8, 9, 16, 17, 64] {
                        let mut t: Vec<u8> = (0..len).map(|i| inside[i % inside.len()]).collect();
                        if stop < len {
                            t[stop] = 0;
                        }
                        let naive = t
                            .iter()
                            .take(max)
                            .take_while(|&&b| in_class(class, b))
                            .count();
                        assert_eq!(run_len(class, &t, max), naive, "{class:?} {t:?} {max}");
                    }
                }
            }
        }
    }

    /// The fast reader and the rule-by-rule one agree on every input of the vectors and on
    /// faults put into them: the same form and offsets, or the same error.
    #[test]
    fn the_fast_reader_reads_as_the_diagnosing_one() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/vectors");
        let mut inputs = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for line in text.lines() {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                for key in ["payload", "code", "inner"] {
                    inputs.extend(v[key].as_str().map(String::from));
                }
            }
        }
        let legacy: Vec<String> = inputs
            .iter()
            .filter(|s| s.contains("://"))
            .cloned()
            .collect();
        assert!(legacy.len() > 100, "{}", legacy.len());
        let faults = [
            " ", "@", ":", "?", "#", "/", "&", "=", "%", "é", "\u{202E}", "\u{7F}", "A",
        ];
        let mut cases = inputs.clone();
        for s in &legacy {
            cases.push(s.to_ascii_uppercase());
            cases.push(s.to_ascii_lowercase());
            let cuts: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
            for &i in &cuts {
                cases.push(s[..i].to_string());
                for f in faults {
                    cases.push(format!("{}{f}{}", &s[..i], &s[i..]));
                }
            }
        }
        let outcome = |r: Result<LegacyCode<'_>, Error>| {
            r.map(|c| {
                (
                    c.form.id,
                    c.variable_at,
                    c.inner.map(|i| (i.start, i.end, i.plain.id)),
                )
            })
            .map_err(|e| (e, e.to_string()))
        };
        let mut fast = 0;
        // Both run after the length check.
        for text in cases.iter().filter(|t| t.len() <= MAX_LEN) {
            let diagnosed = outcome(LegacyCode::read_diagnosed(text, 0));
            assert_eq!(outcome(LegacyCode::parse(text)), diagnosed, "{text}");
            fast += usize::from(registered_form(text).is_some());
        }
        assert!(
            fast > 1000,
            "{fast} of {} read by the fast reader",
            cases.len()
        );
    }

    #[test]
    fn percent_round_trip() {
        let mut a = [0u8; 128];
        let mut b = [0u8; 128];
        let s = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
        let enc = percent_encode(s, &mut a).unwrap();
        assert_eq!(enc, "wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
        assert_eq!(percent_decode(enc, &mut b), Ok(s));
        assert_eq!(percent_decode("ab%G0", &mut b), Err(2));
        assert_eq!(percent_decode("ab%E4%B8", &mut b), Err(2)); // not UTF-8
        assert_eq!(percent_decode("a+b", &mut b), Ok("a+b"));
    }

    #[test]
    fn adversarial_hosts_are_not_attributed() {
        let rule = |s: &str| {
            LegacyCode::parse(s)
                .map(|_| "ok")
                .unwrap_or_else(|e| e.rule().id())
        };
        assert_eq!(rule("https://qr.alipay.com/stx05107r5oaa4fyofbkh24"), "ok");
        assert_eq!(
            rule("https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
        assert_eq!(
            rule("https://www.qr.alipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
        assert_eq!(
            rule("https://user@qr.alipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
        assert_eq!(
            rule("https://qr.alipay.com:8443/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
        assert_eq!(
            rule("https://evil.example/?u=https://qr.alipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
        assert_eq!(
            rule("https://qr.аlipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-CHR-1"
        );
        assert_eq!(rule("https://qr.alipay.com/stx05107r5oaa4"), "LEG-FORM-1");
        assert_eq!(
            rule("https://qr.alipay.com/stx05107r5oaa4fyofbkh24/x"),
            "LEG-FORM-1"
        );
        assert_eq!(
            rule(" https://qr.alipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-CHR-1"
        );
        assert_eq!(rule("qr.alipay.com/stx05107r5oaa4fyofbkh24"), "LEG-URL-1");
        assert_eq!(
            rule("http://qr.alipay.com/stx05107r5oaa4fyofbkh24"),
            "LEG-HOST-1"
        );
    }
}
