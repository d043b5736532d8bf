//! Legacy wallet codes into the unified code and back, losslessly (`spec/unified.md`).
//!
//! A unified code is an EMVCo merchant-presented payload that carries, for each issuer, one
//! account template (26-51) with the GUID this standard assigns to the issuer
//! (`cn.paycode.wx`, `cn.paycode.ali`, …): sub-object 01 is the number of the legacy form, 02
//! the part of the legacy code after the form's fixed prefix, and 03 says how the fixed part was
//! written when not as registered: `U` for all upper case, else the fixed part itself. A variable part too long for the template continues in an
//! unreserved template (80-99) with the same GUID. Every wallet that reads EMVCo payloads can
//! read the code; each issuer finds its own template, and the original code is recovered byte
//! for byte.

use crate::error::{Error, ErrorKind, ObjectPath, Rule};
use crate::legacy::LegacyCode;
use crate::mpm::{Builder, EncodeError, Initiation, Payload, spec_at};
use crate::registry::{Issuer, LEGACY_FORMS, LegacyForm, UNIFIED_GUIDS};

/// The most legacy codes one unified code carries.
pub const MAX_CODES: usize = 8;

/// What a unified code says of the merchant, beside the accounts. Absent fields take the
/// defaults of `spec/unified.md`.
///
/// # Examples
///
/// ```
/// let m = paycode::unified::Merchant { name: Some("NOODLE HOUSE"), ..Default::default() };
/// assert_eq!(m.city, None); // the default, CHINA, is written
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merchant<'a> {
    /// Merchant name (59); default `MERCHANT`.
    pub name: Option<&'a str>,
    /// Merchant city (60); default `CHINA`.
    pub city: Option<&'a str>,
    /// Merchant category code (52); default `0000`.
    pub mcc: Option<&'a str>,
    /// Transaction amount (54) in yuan; absent by default (the payer enters it). With an
    /// amount the code is dynamic (01 = 12).
    pub amount: Option<&'a str>,
}

/// Returns the GUID this standard assigns to an issuer for unified codes, if any.
///
/// # Examples
///
/// ```
/// let wx = paycode::registry::issuer("wechat-pay").unwrap();
/// assert_eq!(paycode::unified::guid(wx), Some("cn.paycode.wx"));
/// ```
#[must_use]
pub fn guid(issuer: Issuer) -> Option<&'static str> {
    UNIFIED_GUIDS
        .iter()
        .find(|(i, _)| Issuer::from_index(*i) == issuer)
        .map(|&(_, g)| g)
}

/// Returns whether the payload is a unified code: one of its account templates has a GUID this
/// standard assigns for unified codes (`cn.paycode.*`).
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
/// assert!(!paycode::unified::is_unified(&p));
/// # Ok::<(), paycode::Error>(())
/// ```
#[must_use]
pub fn is_unified(payload: &Payload<'_>) -> bool {
    payload.merchant_accounts().any(|account| {
        account
            .template()
            .and_then(Result::ok)
            .and_then(|t| t.get(0))
            .is_some_and(|g| issuer_of_guid(g.value()).is_some())
    })
}

fn issuer_of_guid(g: &str) -> Option<Issuer> {
    UNIFIED_GUIDS
        .iter()
        .find(|(_, u)| u.eq_ignore_ascii_case(g))
        .map(|&(i, _)| Issuer::from_index(i))
}

/// How the fixed part (scheme, host, prefix) of a code is written, as sub-object 03 says it:
/// nothing when as registered, `U` when all in upper case, otherwise the fixed part itself.
fn case_flag<'c>(code: &LegacyCode<'c>, form: &LegacyForm) -> Option<&'c str> {
    let registered = form
        .scheme
        .bytes()
        .chain(*b"://")
        .chain(form.host.unwrap_or("").bytes())
        .chain(form.prefix.bytes());
    let fixed = code.fixed().bytes();
    if fixed.clone().eq(registered.clone()) {
        None
    } else if fixed.eq(registered.map(|b| b.to_ascii_uppercase())) {
        Some("U")
    } else {
        Some(code.fixed())
    }
}

fn form_of(code: &LegacyCode<'_>) -> Option<&'static LegacyForm> {
    LEGACY_FORMS.iter().find(|f| f.id == code.form_id())
}

fn err(id: &'static str, at: usize, reason: &'static str) -> Error {
    Error::new(Rule::new(id), at, ErrorKind::Unified { reason })
}

/// How many characters of the variable part an account template holds, after its GUID (sub
/// 00), form number (sub 01, 6 characters), the header of sub 02 and the case flag (sub 03,
/// `flag` characters long).
fn first_capacity(guid: &str, flag: usize) -> usize {
    let used = 4usize
        .saturating_add(guid.len())
        .saturating_add(6)
        .saturating_add(4);
    let flag_len = if flag == 0 { 0 } else { flag.saturating_add(4) };
    99usize
        .saturating_sub(used)
        .saturating_sub(flag_len)
        .min(99)
}

/// Writes one unified code carrying `codes` into `buf`.
///
/// # Errors
///
/// - `UNI-ISS-1`: no code, more than [`MAX_CODES`], two codes of one issuer, or an issuer
///   without a unified GUID;
/// - `UNI-WRAP-1`: a wrapper (carry the plain code it wraps: [`LegacyCode::plain`]);
/// - `UNI-LEN-1`: a code whose variable part does not fit its account template and one
///   continuation template (offset: the code's index), or a `buf` too small for the payload;
/// - the rule of `spec/mpm.md` that a merchant field would break, at the offset that rule
///   gives in the payload that would be built: the field's object, or for a character at
///   fault (`MPM-FMT-1`, `MPM-FMT-2`) that character. The message names the field's ID:
///   `MPM-LEN-1` for a name (59) over 25 characters or a city (60) over 15, `MPM-FMT-2` for
///   a character outside printable ASCII, `MPM-FMT-1` or `MPM-LEN-1` for a category code (52)
///   that is not four digits, `MPM-AMT-1` for an amount (54) that is not a decimal,
///   `MPM-SIZE-1` for a payload over 512 bytes.
///
/// # Examples
///
/// ```
/// use paycode::legacy::LegacyCode;
/// use paycode::unified::{Merchant, to_unified, from_unified};
/// let wx = LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
/// let ali = LegacyCode::parse("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79")?;
/// let mut buf = [0u8; 512];
/// let merchant = Merchant { name: Some("NOODLE HOUSE"), city: Some("BEIJING"), ..Default::default() };
/// let unified = to_unified(&[wx, ali], &merchant, &mut buf)?;
/// let p = paycode::mpm::Payload::parse(unified)?;
/// assert!(p.is_conformant());
/// let mut back = Vec::new();
/// from_unified(&p, &mut |code| back.push(code.to_owned()))?;
/// assert_eq!(back, [wx.as_str(), ali.as_str()]);
///
/// // A name over 25 characters: the error names the MPM rule, the field and where it would be.
/// let long = Merchant { name: Some("THE NOODLE HOUSE OF BEIJING CENTRAL"), ..Default::default() };
/// let e = to_unified(&[wx], &long, &mut buf).unwrap_err();
/// assert_eq!(e.to_string(), "59 must be 1 to 25 characters long, found 35 (MPM-LEN-1 at byte 96)");
/// # Ok::<(), paycode::Error>(())
/// ```
pub fn to_unified<'b>(
    codes: &[LegacyCode<'_>],
    merchant: &Merchant<'_>,
    buf: &'b mut [u8],
) -> Result<&'b str, Error> {
    if codes.is_empty() || codes.len() > MAX_CODES {
        return Err(err(
            "UNI-ISS-1",
            0,
            "a unified code carries one to eight legacy codes",
        ));
    }
    type Template<'c> = [(u8, &'c str); 4];
    let mut accounts: [Template<'_>; MAX_CODES] = [[(0, ""); 4]; MAX_CODES];
    let mut continuations: [[(u8, &str); 2]; MAX_CODES] = [[(0, ""); 2]; MAX_CODES];
    let mut counts = [0usize; MAX_CODES];
    let mut continued = [false; MAX_CODES];
    for (n, code) in codes.iter().enumerate() {
        let at = n;
        let issuer = code.issuer();
        if codes.iter().take(n).any(|c| c.issuer() == issuer) {
            return Err(err(
                "UNI-ISS-1",
                at,
                "two codes of one issuer: a unified code has one account per issuer",
            ));
        }
        if code.is_wrapper() {
            return Err(err(
                "UNI-WRAP-1",
                at,
                "a wrapper carries another issuer's code: carry the plain code it wraps",
            ));
        }
        let g = guid(issuer).ok_or(err("UNI-ISS-1", at, "the issuer has no unified GUID"))?;
        let form = form_of(code).ok_or(err("UNI-ISS-1", at, "the form is not registered"))?;
        let flag = case_flag(code, form);
        let variable = code.variable();
        let cap = first_capacity(g, flag.map_or(0, str::len));
        let (head, tail) = split_chars(variable, cap);
        if tail.chars().count()
            > 99usize.saturating_sub(4usize.saturating_add(g.len()).saturating_add(4))
        {
            return Err(err(
                "UNI-LEN-1",
                at,
                "the code is too long for an account template and one continuation",
            ));
        }
        let (Some(acc), Some(cont), Some(count), Some(cflag)) = (
            accounts.get_mut(n),
            continuations.get_mut(n),
            counts.get_mut(n),
            continued.get_mut(n),
        ) else {
            return Err(err(
                "UNI-ISS-1",
                at,
                "a unified code carries one to eight legacy codes",
            ));
        };
        *acc = [(0, g), (1, form.code), (2, head), (3, flag.unwrap_or(""))];
        *count = if flag.is_some() { 4 } else { 3 };
        if !tail.is_empty() {
            *cont = [(0, g), (2, tail)];
            *cflag = true;
        }
    }
    let mut b = Builder::new();
    b.initiation(if merchant.amount.is_some() {
        Initiation::Dynamic
    } else {
        Initiation::Static
    })
    .merchant_category_code(merchant.mcc.unwrap_or("0000"))
    .currency("156")
    .country("CN")
    .merchant_name(merchant.name.unwrap_or("MERCHANT"))
    .merchant_city(merchant.city.unwrap_or("CHINA"));
    if let Some(a) = merchant.amount {
        b.amount(a);
    }
    for (n, ((acc, count), (cont, cflag))) in accounts
        .iter()
        .zip(counts.iter())
        .zip(continuations.iter().zip(continued.iter()))
        .take(codes.len())
        .enumerate()
    {
        let id = u8::try_from(n).unwrap_or(0);
        b.template(
            26u8.saturating_add(id),
            acc.get(..*count).unwrap_or_default(),
        );
        if *cflag {
            b.template(80u8.saturating_add(id), cont);
        }
    }
    // A merchant field that breaks a rule of spec/mpm.md is named by that rule, at the offset
    // the rule gives in the payload that would be built (spec/unified.md, Rules).
    b.encode_into(buf).map_err(|e| match e {
        EncodeError::Invalid(v) => Error::new(v.rule(), v.offset(), v.kind()),
        EncodeError::ValueTooLong { path, found } => match path.ids() {
            [id @ (26..=51 | 80..=99), ..] => err(
                "UNI-LEN-1",
                usize::from(id.saturating_sub(if *id >= 80 { 80 } else { 26 })),
                "the code is too long for an account template and one continuation",
            ),
            _ => {
                let spec = spec_at(path);
                let kind = ErrorKind::Length {
                    path,
                    min: spec.min,
                    max: spec.max,
                    found,
                };
                let at = b.offset_of(path.ids().first().copied().unwrap_or(0));
                Error::new(Rule::new("MPM-LEN-1"), at, kind)
            }
        },
        EncodeError::BufferTooSmall { .. } => {
            err("UNI-LEN-1", 0, "the buffer cannot hold the unified payload")
        }
        _ => err("UNI-LEN-1", 0, "the unified payload cannot be written"),
    })
}

/// Splits `s` after `n` characters.
fn split_chars(s: &str, n: usize) -> (&str, &str) {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    (s.get(..at).unwrap_or(s), s.get(at..).unwrap_or(""))
}

/// Refuses a payload whose reading is ambiguous, before anything is recovered from it: a
/// repeated ID at the root or within an account template (`MPM-DUP-1`, which typed accessors
/// would resolve to the first while another reader takes the second), and a unified GUID in
/// two account templates or two continuations (`UNI-DUP-1`). The error names the second
/// occurrence. One pass in payload order, so the first error found is the earliest.
pub(crate) fn unambiguous(payload: &Payload<'_>) -> Result<(), Error> {
    let mut seen = [false; 100];
    for o in payload.objects() {
        let path = ObjectPath::root(o.id());
        if let Some(s) = seen.get_mut(usize::from(o.id())) {
            if core::mem::replace(s, true) {
                return Err(Error::new(
                    Rule::new("MPM-DUP-1"),
                    o.offset(),
                    ErrorKind::Duplicate { path },
                ));
            }
        }
        let account = matches!(o.id(), 26..=51 | 80..=99);
        let Some(Ok(t)) = account.then(|| payload.template_of(o)) else {
            continue;
        };
        let mut children = [false; 100];
        for c in t.objects() {
            if let Some(s) = children.get_mut(usize::from(c.id())) {
                if core::mem::replace(s, true) {
                    let path = path.child(c.id());
                    return Err(Error::new(
                        Rule::new("MPM-DUP-1"),
                        c.offset(),
                        ErrorKind::Duplicate { path },
                    ));
                }
            }
        }
        let Some(issuer) = t.get(0).and_then(|g| issuer_of_guid(g.value())) else {
            continue;
        };
        let continuation = o.id() >= 80;
        let earlier = payload
            .objects()
            .take_while(|e| e.offset() < o.offset())
            .filter(|e| matches!(e.id(), 26..=51 | 80..=99) && (e.id() >= 80) == continuation)
            .filter_map(|e| payload.template_of(e).ok()?.get(0))
            .any(|g| issuer_of_guid(g.value()) == Some(issuer));
        if earlier {
            let reason = if continuation {
                "a second continuation with the same unified GUID"
            } else {
                "a second account template with the same unified GUID"
            };
            return Err(err("UNI-DUP-1", o.offset(), reason));
        }
    }
    Ok(())
}

/// Recovers every legacy code a unified payload carries, in template order, calling `each`
/// with the code as originally written. Account templates of other GUIDs are skipped.
///
/// A payload read ambiguously is refused before `each` is called at all: nothing after its CRC
/// is ever read (`MPM-CRC-4`, when it was parsed), and a repeated ID or unified GUID fails.
///
/// # Errors
///
/// - `MPM-DUP-1`: an ID appears twice at the root or within one account template (26-51,
///   80-99); the offset is that of the second occurrence;
/// - `UNI-DUP-1`: two account templates, or two continuations, carry the same unified GUID;
///   the offset is that of the second template;
/// - `UNI-FORM-1`: a template with a unified GUID whose form number the issuer does not
///   register, or without its variable part (02);
/// - `UNI-CASE-1`: a case flag (03) that is neither `U` nor a fixed part of the right length;
/// - `UNI-FORM-2`: the recovered text is not a code of that form (LEG rules);
/// - `UNI-WRAP-1`: the recovered code is a wrapper.
///
/// # Examples
///
/// See [`to_unified`].
pub fn from_unified(payload: &Payload<'_>, each: &mut dyn FnMut(&str)) -> Result<(), Error> {
    unambiguous(payload)?;
    let mut buf = [0u8; 256];
    for account in payload.merchant_accounts() {
        let Some(Ok(t)) = account.template() else {
            continue;
        };
        let Some(g) = t.get(0).map(|o| o.value()) else {
            continue;
        };
        let Some(issuer) = issuer_of_guid(g) else {
            continue;
        };
        let at = account.object().offset();
        let code = t.get(1).map(|o| o.value()).unwrap_or("");
        let form = LEGACY_FORMS
            .iter()
            .find(|f| Issuer::from_index(f.issuer) == issuer && f.code == code)
            .ok_or(err(
                "UNI-FORM-1",
                at,
                "the form number is not one the issuer registers",
            ))?;
        let head = t.get(2).map(|o| o.value()).ok_or(err(
            "UNI-FORM-1",
            at,
            "the variable part (02) is missing",
        ))?;
        let registered_len = form
            .scheme
            .len()
            .saturating_add(3)
            .saturating_add(form.host.map_or(0, str::len))
            .saturating_add(form.prefix.len());
        let (upper, written) = match t.get(3).map(|o| o.value()) {
            None => (false, None),
            Some("U") => (true, None),
            Some(f) if f.len() == registered_len => (false, Some(f)),
            Some(_) => {
                return Err(err(
                    "UNI-CASE-1",
                    at,
                    "the case flag (03) must be U or the fixed part as written",
                ));
            }
        };
        // The continuation: an unreserved template with the same GUID.
        let tail = payload
            .unreserved_templates()
            .flatten()
            .find(|u| u.get(0).is_some_and(|o| o.value().eq_ignore_ascii_case(g)))
            .and_then(|u| u.get(2).map(|o| o.value()))
            .unwrap_or("");
        let mut w = 0usize;
        let mut put = |s: &str, up: bool| -> Option<()> {
            for b in s.bytes() {
                *buf.get_mut(w)? = if up { b.to_ascii_uppercase() } else { b };
                w = w.checked_add(1)?;
            }
            Some(())
        };
        let fixed = match written {
            Some(f) => put(f, false),
            None => put(form.scheme, upper)
                .and_then(|()| put("://", false))
                .and_then(|()| put(form.host.unwrap_or(""), upper))
                .and_then(|()| put(form.prefix, upper)),
        };
        let fits = fixed
            .and_then(|()| put(head, false))
            .and_then(|()| put(tail, false));
        let text = fits
            .and_then(|()| core::str::from_utf8(buf.get(..w)?).ok())
            .ok_or(err("UNI-FORM-2", at, "the recovered code is too long"))?;
        match LegacyCode::parse(text) {
            Ok(c) if c.is_wrapper() => {
                return Err(err(
                    "UNI-WRAP-1",
                    at,
                    "the account carries a wrapper: its template's GUID does not name who is paid",
                ));
            }
            Ok(c) if c.form_id() == form.id => each(text),
            _ => {
                return Err(err(
                    "UNI-FORM-2",
                    at,
                    "the recovered text is not a code of its form",
                ));
            }
        }
    }
    Ok(())
}
