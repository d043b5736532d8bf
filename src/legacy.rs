//! Legacy merchant-presented codes: the per-wallet URLs that came before the unified code
//! (`wxp://…`, `https://qr.alipay.com/…`, `https://qr.95516.com/…`), `spec/legacy.md`.
//!
//! Every form is registry data (`spec/registry.json`: issuer, scheme, host, path shape), not a
//! string check in code. A URL belongs to an issuer only if its scheme and host are the
//! registered ones exactly (ASCII case aside) and its path has the registered shape: look-alike
//! hosts, extra labels, user information, ports, issuer URLs hidden in a query, non-ASCII
//! look-alikes, spaces and truncated tokens are never attributed.

use core::fmt;

use crate::error::{Error, ErrorKind, Rule};
use crate::registry::{Candidates, Class, Issuer, LEGACY_FORMS, LegacyForm, Part};

/// The longest legacy code the reader accepts, in bytes (`LEG-CHR-1` covers the characters).
pub const MAX_LEN: usize = 2048;

/// A legacy merchant-presented code attributed to its issuer, borrowed from the input; the
/// text is kept byte for byte.
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
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct LegacyCode<'a> {
    text: &'a str,
    form: &'static LegacyForm,
    /// Byte offset where the form's variable part starts.
    variable_at: usize,
}

impl<'a> LegacyCode<'a> {
    /// Reads a legacy code and attributes it.
    ///
    /// # Errors
    ///
    /// - `LEG-CHR-1`: a character outside printable ASCII (a space, a control character, a
    ///   Cyrillic `а` in `qr.аlipay.com`), or more than [`MAX_LEN`] bytes;
    /// - `LEG-URL-1`: not `scheme://…`;
    /// - `LEG-HOST-1`: a scheme or host no issuer registers (`qr.alipay.com.example.org`,
    ///   `www.qr.alipay.com`), user information (`user@qr.alipay.com`) or a port;
    /// - `LEG-FORM-1`: the host is registered but the path does not have its shape (a
    ///   truncated token, an extra segment).
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        if let Some((i, found)) = text
            .char_indices()
            .find(|&(_, c)| !('!'..='~').contains(&c))
        {
            return Err(Error::new(
                Rule::new("LEG-CHR-1"),
                i,
                ErrorKind::LegacyChar { found },
            ));
        }
        if text.len() > MAX_LEN {
            let kind = ErrorKind::InputTooLong {
                limit: MAX_LEN,
                found: text.len(),
            };
            return Err(Error::new(Rule::new("LEG-CHR-1"), MAX_LEN, kind));
        }
        let Some(colon) = text.find("://") else {
            let kind = ErrorKind::LegacyUrl {
                reason: "no scheme followed by ://",
            };
            return Err(Error::new(Rule::new("LEG-URL-1"), 0, kind));
        };
        let scheme = text.get(..colon).unwrap_or_default();
        let scheme_ok = scheme
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
        if !scheme_ok {
            let kind = ErrorKind::LegacyUrl {
                reason: "the scheme is not letters, digits, + . -",
            };
            return Err(Error::new(Rule::new("LEG-URL-1"), 0, kind));
        }
        let after = colon.saturating_add(3);
        let rest = text.get(after..).unwrap_or_default();
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..authority_len).unwrap_or_default();
        if let Some(i) = authority.find('@') {
            let kind = ErrorKind::LegacyHost {
                reason: "user information before the host",
            };
            return Err(Error::new(
                Rule::new("LEG-HOST-1"),
                after.saturating_add(i),
                kind,
            ));
        }
        if let Some(i) = authority.find(':') {
            let kind = ErrorKind::LegacyHost {
                reason: "a port after the host",
            };
            return Err(Error::new(
                Rule::new("LEG-HOST-1"),
                after.saturating_add(i),
                kind,
            ));
        }
        let mut known_scheme = false;
        let mut known_host = false;
        let mut furthest = after;
        for form in LEGACY_FORMS
            .iter()
            .filter(|f| f.scheme.eq_ignore_ascii_case(scheme))
        {
            known_scheme = true;
            // Host-less forms (wxp://f2f0…) match their prefix right after `://`.
            let path_at = match form.host {
                Some(h) if h.eq_ignore_ascii_case(authority) => after.saturating_add(authority_len),
                Some(_) => continue,
                None => after,
            };
            known_host = true;
            match match_form(text, path_at, form) {
                Ok(variable_at) => {
                    return Ok(LegacyCode {
                        text,
                        form,
                        variable_at,
                    });
                }
                Err(at) => furthest = furthest.max(at),
            }
        }
        if !known_scheme {
            let kind = ErrorKind::LegacyHost {
                reason: "no issuer registers this scheme",
            };
            return Err(Error::new(Rule::new("LEG-HOST-1"), 0, kind));
        }
        if !known_host {
            let kind = ErrorKind::LegacyHost {
                reason: "no issuer registers this host",
            };
            return Err(Error::new(Rule::new("LEG-HOST-1"), after, kind));
        }
        Err(Error::new(
            Rule::new("LEG-FORM-1"),
            furthest,
            ErrorKind::LegacyShape,
        ))
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

    /// Returns the issuer whose form the code has.
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
        Issuer::from_index(self.form.issuer)
    }

    /// Returns the issuers of the code, most likely first: the form's issuer, then, for the
    /// UnionPay gateway wrapper, the issuer of the wrapped code.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = paycode::legacy::LegacyCode::parse(
    ///     "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// let ids: Vec<_> = c.issuers().iter().map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "wechat-pay"]);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        let mut out = Candidates::EMPTY;
        out.push(self.issuer(), self.form.confidence);
        let mut buf = [0u8; MAX_LEN];
        if let Some(Ok(inner)) = self.inner(&mut buf) {
            // One level only: a wrapper inside a wrapper is not followed.
            if let Ok(code) = LegacyCode::parse(inner) {
                out.push(code.issuer(), code.form.confidence);
            }
        }
        out
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

    /// Returns the part of the code after the form's fixed prefix: the token, the IDs.
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

    /// For a gateway wrapper, percent-decodes the wrapped code into `buf` and returns it.
    ///
    /// # Errors
    ///
    /// The inner `Result` fails with `LEG-FORM-1` if the parameter is not valid percent-encoded
    /// UTF-8 or does not fit `buf`.
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
        if !self.is_gateway() {
            return None;
        }
        let bad = Error::new(
            Rule::new("LEG-FORM-1"),
            self.variable_at,
            ErrorKind::LegacyShape,
        );
        Some(percent_decode(self.variable(), buf).ok_or(bad))
    }
}

/// Matches the prefix and parts of `form` against `text` from `at`, to the end. Returns where
/// the variable part starts, or how far the match got.
fn match_form(text: &str, at: usize, form: &LegacyForm) -> Result<usize, usize> {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    let prefix = form.prefix.as_bytes();
    let same = |a: &u8, b: &u8| {
        if form.case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    };
    let common = rest
        .iter()
        .zip(prefix)
        .take_while(|(a, b)| same(a, b))
        .count();
    if common < prefix.len() {
        return Err(at.saturating_add(common));
    }
    let variable_at = at.saturating_add(prefix.len());
    let mut pos = variable_at;
    for part in form.parts {
        let here = text.as_bytes().get(pos..).unwrap_or_default();
        match *part {
            Part::Lit(l) => {
                if !here.starts_with(l.as_bytes()) {
                    return Err(pos);
                }
                pos = pos.saturating_add(l.len());
            }
            Part::Class(class, min, max) => {
                let n = here
                    .iter()
                    .take(max)
                    .take_while(|&&b| in_class(class, b))
                    .count();
                if n < min {
                    return Err(pos.saturating_add(n));
                }
                pos = pos.saturating_add(n);
            }
        }
    }
    if pos == text.len() {
        Ok(variable_at)
    } else {
        Err(pos)
    }
}

fn in_class(class: Class, b: u8) -> bool {
    match class {
        Class::Digits => b.is_ascii_digit(),
        Class::Alnum => b.is_ascii_alphanumeric(),
        Class::B64Url => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
        Class::QueryValue => b.is_ascii_alphanumeric() || b"%._~-+".contains(&b),
        Class::UrlTail => b.is_ascii_graphic(),
    }
}

/// Decodes `%XX` escapes (and `+` as space is not used by these forms) into `buf`.
fn percent_decode<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    let mut out = 0usize;
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        let v = if b == b'%' {
            let hi = char::from(bytes.next()?).to_digit(16)?;
            let lo = char::from(bytes.next()?).to_digit(16)?;
            u8::try_from(hi.checked_mul(16)?.checked_add(lo)?).ok()?
        } else {
            b
        };
        *buf.get_mut(out)? = v;
        out = out.checked_add(1)?;
    }
    core::str::from_utf8(buf.get(..out)?).ok()
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
    fn percent_round_trip() {
        let mut a = [0u8; 128];
        let mut b = [0u8; 128];
        let s = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
        let enc = percent_encode(s, &mut a).unwrap();
        assert_eq!(enc, "wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
        assert_eq!(percent_decode(enc, &mut b).unwrap(), s);
        assert!(percent_decode("%G0", &mut b).is_none());
        assert!(percent_decode("%E4%B8", &mut b).is_none()); // not UTF-8
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
