//! Legacy wallet codes into the unified code and back, losslessly (`spec/unified.md`).
//!
//! A unified code is an EMVCo merchant-presented payload that carries, for each issuer, one
//! account template (26-51) with the GUID this standard assigns to the issuer
//! (`cn.paycode.wx`, `cn.paycode.ali`, …): sub-object 01 is the number of the legacy form, 02
//! the part of the legacy code after the form's fixed prefix, and 03 says how the fixed part
//! was written when not as registered: `U` for all upper case, else the fixed part itself. A
//! variable part too long for the template continues in an unreserved template (80-99) with
//! the same GUID. Every wallet that reads EMVCo payloads can read the code; each issuer finds
//! its own template, and the original code is recovered byte for byte.
//!
//! Issuing (`spec/unified.md`, Issuing): [`to_unified`] writes a merchant's static code, or a
//! dynamic one with an [`Amount`], from a [`Merchant`] (currency, reference and terminal
//! labels, the name in another language); [`with_amount`] makes each order's dynamic code
//! from the static code. Both write into the caller's buffer and refuse, naming the rule,
//! whatever would break the standard.

mod error;
use crate::codes;
use crate::error::{Findings, Location, ObjectPath, Rule};
use crate::legacy::LegacyCode;
use crate::mpm::{
    Builder, EncodeError, Initiation, LengthUnit, ParseOptions, Payload, Writer, spec_at,
};
use crate::mpm::{ErrorKind as MpmKind, Expected};
use crate::registry::{Issuer, LEGACY_FORMS, LegacyForm, UNIFIED_GUIDS};
pub use error::{Error, ErrorKind, Fault};

/// The most legacy codes one unified code carries.
pub const MAX_CODES: usize = 8;

/// What a unified code says of the merchant, beside the accounts. Absent fields take the
/// defaults of `spec/unified.md` (Issuing); every field given is checked by the rules of
/// `spec/mpm.md` when the code is written ([`to_unified`]).
///
/// # Examples
///
/// ```
/// use paycode::unified::{AlternateLanguage, Amount, Merchant};
/// let m = Merchant { name: Some("NOODLE HOUSE"), ..Default::default() };
/// assert_eq!(m.city, None); // the default, CHINA, is written
///
/// // A per-order code: 12.34 yuan, an order reference, and the name in Chinese.
/// let order = Merchant {
///     name: Some("NOODLE HOUSE"),
///     amount: Some(Amount::Minor(1234)),
///     reference: Some("ORDER-0001"),
///     alternate: Some(AlternateLanguage { language: "zh", name: "面馆", city: Some("北京") }),
///     ..Default::default()
/// };
/// assert_eq!(order.currency, None); // the default, 156 (CNY), is written
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merchant<'a> {
    /// Merchant name (59), `ans`, 1-25 characters; default `MERCHANT`.
    pub name: Option<&'a str>,
    /// Merchant city (60), `ans`, 1-15 characters; default `CHINA`.
    pub city: Option<&'a str>,
    /// Merchant category code (52), four digits; default `0000`.
    pub mcc: Option<&'a str>,
    /// Transaction currency (53): an ISO 4217 numeric (`"156"`) or alphabetic (`"CNY"`, any
    /// case) code; the numeric code is written. Default `156` (CNY).
    pub currency: Option<&'a str>,
    /// Transaction amount (54); absent by default (the payer enters it). With an amount the
    /// code is dynamic (01 = 12).
    pub amount: Option<Amount<'a>>,
    /// Reference label (62.05), `ans`, 1-25 characters, such as an order number.
    pub reference: Option<&'a str>,
    /// Terminal label (62.07), `ans`, 1-25 characters.
    pub terminal: Option<&'a str>,
    /// The merchant's name and city in another language (template 64).
    pub alternate: Option<AlternateLanguage<'a>>,
}

/// The merchant information language template (64): the merchant's name and city in an
/// alternate language, such as Chinese. These are format `S`: any Unicode text.
///
/// # Examples
///
/// ```
/// let zh = paycode::unified::AlternateLanguage { language: "zh", name: "面馆", city: Some("北京") };
/// assert_eq!(zh.name.chars().count(), 2); // lengths count characters, not bytes
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlternateLanguage<'a> {
    /// Language preference (64.00): an ISO 639-1 code of two letters (`"zh"`, `"ZH"`).
    pub language: &'a str,
    /// Merchant name in that language (64.01), 1-25 characters.
    pub name: &'a str,
    /// Merchant city in that language (64.02), 1-15 characters; optional.
    pub city: Option<&'a str>,
}

/// A transaction amount (54) to write: as decimal text in the currency's major unit, or as an
/// integer number of the currency's minor units, written with the decimals ISO 4217 gives it.
///
/// # Examples
///
/// ```
/// use paycode::unified::Amount;
/// let mut buf = [0u8; 24];
/// assert_eq!(Amount::Minor(1234).write(2, &mut buf), Some("12.34")); // fen into yuan
/// assert_eq!(Amount::Minor(5).write(2, &mut buf), Some("0.05"));
/// assert_eq!(Amount::Minor(500).write(0, &mut buf), Some("500")); // JPY has no minor unit
/// assert_eq!(Amount::Decimal("23.72").write(2, &mut buf), Some("23.72")); // as given
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount<'a> {
    /// Decimal text as the payload writes it, such as `"23.72"` (checked by `MPM-AMT-1`).
    Decimal(&'a str),
    /// Minor units of the currency (fen for CNY): `1234` is written `12.34` in CNY.
    Minor(u64),
}

impl<'a> Amount<'a> {
    /// Returns the text of object 54 for a currency of `minor_units` decimals, written into
    /// `buf` for [`Amount::Minor`]. `None` if `buf` is too small (24 bytes always suffice for
    /// up to four decimals, as many as ISO 4217 gives).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 24];
    /// let a = paycode::unified::Amount::Minor(12_345);
    /// assert_eq!(a.write(3, &mut buf), Some("12.345")); // KWD: fils
    /// ```
    pub fn write<'b>(&self, minor_units: u8, buf: &'b mut [u8]) -> Option<&'b str>
    where
        'a: 'b,
    {
        let v = match *self {
            Amount::Decimal(s) => return Some(s),
            Amount::Minor(v) => v,
        };
        // The digits of v, at least minor_units + 1 of them, right-aligned in `digits`.
        let mut digits = [b'0'; 24];
        let mut n = 0usize;
        let mut rest = v;
        let want = usize::from(minor_units).saturating_add(1);
        while rest > 0 || n < want {
            let slot = digits.len().checked_sub(n.checked_add(1)?)?;
            // `rest % 10` is below 10: its low byte is all of it.
            let [digit, ..] = (rest % 10).to_le_bytes();
            *digits.get_mut(slot)? = b'0'.saturating_add(digit);
            rest /= 10;
            n = n.checked_add(1)?;
        }
        let start = digits.len().checked_sub(n)?;
        let int_len = n.checked_sub(usize::from(minor_units))?;
        let int = digits.get(start..start.checked_add(int_len)?)?;
        let frac = digits.get(start.checked_add(int_len)?..)?;
        let mut w = 0usize;
        let mut put = |b: &[u8]| -> Option<()> {
            let end = w.checked_add(b.len())?;
            buf.get_mut(w..end)?.copy_from_slice(b);
            w = end;
            Some(())
        };
        put(int)?;
        if minor_units > 0 {
            put(b".")?;
            put(frac)?;
        }
        core::str::from_utf8(buf.get(..w)?).ok()
    }
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
        .find(|(i, _)| *i == issuer)
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

/// Whether `g` is a GUID this standard assigns for unified codes.
pub(crate) fn is_unified_guid(g: &str) -> bool {
    issuer_of_guid(g).is_some()
}

fn issuer_of_guid(g: &str) -> Option<Issuer> {
    UNIFIED_GUIDS
        .iter()
        .find(|(_, u)| u.eq_ignore_ascii_case(g))
        .map(|&(i, _)| i)
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

fn err(id: Rule, at: usize, fault: Fault) -> Error {
    Error::new(id, at, ErrorKind::Unified { fault })
}

/// A code of `to_unified`'s list that cannot be carried, by its index.
fn code_err(id: Rule, n: usize, fault: Fault) -> Error {
    Error::located(id, Location::Code(n), ErrorKind::Unified { fault })
}

/// A rule of `spec/mpm.md` broken at `at`.
fn mpm_err(id: Rule, at: Location, kind: MpmKind) -> Error {
    Error::located(id, at, ErrorKind::Mpm(kind))
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
///   that is not four digits, `MPM-CCY-1` for a currency (53) that ISO 4217 does not list
///   (numeric or alphabetic), `MPM-AMT-1` for an amount (54) that is not a non-zero decimal
///   or is in minor units of a currency without them, `MPM-LEN-1` for an amount over 13
///   characters, a reference (62.05) or terminal label (62.07) over 25, or an alternate name
///   (64.01) over 25 or city (64.02) over 15, `MPM-LNG-1` for a language (64.00) that is not
///   two letters, `MPM-SIZE-1` for a payload over 512 bytes. The alternate name and city are
///   format `S`: any Unicode text; every other field is `ans` (`MPM-FMT-2`).
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
/// assert_eq!(e.to_string(), "59 must be 1 to 25 characters long, found 35 (MPM-LEN-1 at byte 96 of the payload written)");
/// # Ok::<(), paycode::Error>(())
/// ```
pub fn to_unified<'b>(
    codes: &[LegacyCode<'_>],
    merchant: &Merchant<'_>,
    buf: &'b mut [u8],
) -> Result<&'b str, crate::Error> {
    if codes.is_empty() || codes.len() > MAX_CODES {
        return Err(code_err(Rule::UniIss1, 0, Fault::CodeCount).into());
    }
    // One slot a code: its account template and its continuation, if it needs one. Slots past
    // the codes are never read.
    let mut slots: [(Account<'_>, Option<Continuation<'_>>); MAX_CODES] =
        [(Account::Plain([(0, ""); 3]), None); MAX_CODES];
    for (n, (code, (acc, cont))) in codes.iter().zip(slots.iter_mut()).enumerate() {
        let at = n;
        let issuer = code.issuer();
        if codes.iter().take(n).any(|c| c.issuer() == issuer) {
            return Err(code_err(Rule::UniIss1, at, Fault::SameIssuer).into());
        }
        if code.is_wrapper() {
            return Err(code_err(Rule::UniWrap1, at, Fault::Wrapper).into());
        }
        let g = guid(issuer).ok_or(code_err(Rule::UniIss1, at, Fault::NoGuid))?;
        let form = form_of(code).ok_or(code_err(Rule::UniIss1, at, Fault::UnregisteredForm))?;
        let flag = case_flag(code, form);
        let variable = code.variable();
        let cap = first_capacity(g, flag.map_or(0, str::len));
        let (head, tail) = split_chars(variable, cap);
        if tail.chars().count()
            > 99usize.saturating_sub(4usize.saturating_add(g.len()).saturating_add(4))
        {
            return Err(code_err(Rule::UniLen1, at, Fault::TooLong).into());
        }
        *acc = match flag {
            Some(flag) => Account::Flagged([(0, g), (1, form.code), (2, head), (3, flag)]),
            None => Account::Plain([(0, g), (1, form.code), (2, head)]),
        };
        *cont = (!tail.is_empty()).then_some([(0, g), (2, tail)]);
    }
    let mut b = Builder::new();
    b.initiation(if merchant.amount.is_some() {
        Initiation::Dynamic
    } else {
        Initiation::Static
    })
    .merchant_category_code(merchant.mcc.unwrap_or("0000"))
    .country("CN")
    .merchant_name(merchant.name.unwrap_or("MERCHANT"))
    .merchant_city(merchant.city.unwrap_or("CHINA"));
    // The n-th code's account template is 26 + n, its continuation 80 + n: the IDs are
    // counted with the slots, so none is computed from an index.
    for ((acc, cont), (account_id, continuation_id)) in slots
        .iter()
        .take(codes.len())
        .zip((26u8..=51).zip(80u8..=99))
    {
        b.template(account_id, acc.objects());
        if let Some(cont) = cont {
            b.template(continuation_id, cont);
        }
    }
    // The currency: numeric as given (the builder checks it), alphabetic looked up.
    let mut numeric = [0u8; 3];
    let given = merchant.currency.unwrap_or("156");
    let currency = if given.len() == 3 && given.bytes().all(|c| c.is_ascii_alphabetic()) {
        let unknown = || {
            let path = ObjectPath::root(53);
            let expected = Expected::Currency;
            mpm_err(
                Rule::MpmCcy1,
                Location::Output(b.offset_of(53)),
                MpmKind::Value { path, expected },
            )
        };
        let c = codes::currency_by_alpha(given).ok_or_else(unknown)?;
        // A currency whose numeric code could not be written is not written as another.
        let text = three_digits(c.numeric(), &mut numeric).ok_or_else(unknown)?;
        Some((text, c))
    } else {
        crate::mpm::digits_u16(given)
            .filter(|_| given.len() == 3)
            .and_then(codes::currency)
            .map(|c| (given, c))
    };
    b.currency(currency.map_or(given, |(text, _)| text));
    let mut amount_buf = [0u8; 24];
    // Template 62 holds what is given of the reference (05) and terminal label (07); template
    // 64 the alternate language (00), name (01) and city (02) if given. Each is an array of
    // exactly the objects given, so no count can disagree with it.
    let (both, one);
    let additional: &[(u8, &str)] = match (merchant.reference, merchant.terminal) {
        (Some(r), Some(t)) => {
            both = [(5, r), (7, t)];
            &both
        }
        (Some(r), None) => {
            one = [(5, r)];
            &one
        }
        (None, Some(t)) => {
            one = [(7, t)];
            &one
        }
        (None, None) => &[],
    };
    if !additional.is_empty() {
        b.additional_data(additional);
    }
    let (with_city, without_city);
    if let Some(alt) = merchant.alternate {
        let language: &[(u8, &str)] = match alt.city {
            Some(city) => {
                with_city = [(0, alt.language), (1, alt.name), (2, city)];
                &with_city
            }
            None => {
                without_city = [(0, alt.language), (1, alt.name)];
                &without_city
            }
        };
        b.language(language);
    }
    if let Some(a) = merchant.amount {
        let minor = currency.map(|(_, c)| c.minor_units());
        // Minor units of an unknown or malformed currency are left to the builder, which
        // names the currency (53 is written, and checked, before 54).
        if !(matches!(a, Amount::Minor(_)) && minor.is_none()) {
            let at = b.offset_of(54);
            let text = amount_text(a, minor.flatten(), &mut amount_buf)
                .map_err(|expected| amount_error(at, expected))?;
            b.amount(text);
        }
    }
    // A merchant field that breaks a rule of spec/mpm.md is named by that rule, at the offset
    // the rule gives in the payload that would be built (spec/unified.md, Rules).
    let available = buf.len();
    b.encode_into(buf).map_err(|e| match e {
        EncodeError::Invalid(v) => mpm_err(v.rule(), Location::Output(v.offset()), v.kind()).into(),
        EncodeError::ValueTooLong { path, found } => match path.ids() {
            [id @ (26..=51 | 80..=99), ..] => code_err(
                Rule::UniLen1,
                usize::from(id.saturating_sub(if *id >= 80 { 80 } else { 26 })),
                Fault::TooLong,
            )
            .into(),
            _ => too_long(
                path,
                found,
                b.offset_of(path.ids().first().copied().unwrap_or(0)),
            )
            .into(),
        },
        EncodeError::BufferTooSmall { needed, .. } if needed > Builder::MAX_LEN => {
            oversize(needed).into()
        }
        EncodeError::BufferTooSmall { needed, .. } => {
            crate::Error::BufferTooSmall(crate::BufferTooSmall { needed, available })
        }
        _ => err(Rule::UniLen1, 0, Fault::NotWritable).into(),
    })
}

/// `MPM-LEN-1` for a value a length field cannot frame, at the offset of its root object.
fn too_long(path: ObjectPath, found: usize, at: usize) -> Error {
    let spec = spec_at(path);
    let kind = MpmKind::Length {
        path,
        min: spec.min,
        max: spec.max,
        found,
    };
    mpm_err(Rule::MpmLen1, Location::Output(at), kind)
}

/// `MPM-SIZE-1` for a payload of `found` bytes, more than the standard's 512.
fn oversize(found: usize) -> Error {
    let limit = crate::mpm::MAX_PAYLOAD_LEN;
    mpm_err(
        Rule::MpmSize1,
        Location::Output(limit),
        MpmKind::PayloadTooLong { limit, found },
    )
}

/// The objects of one code's account template: GUID (00), form number (01) and variable
/// part (02), and the case flag (03) when the fixed part is not written as registered.
#[derive(Clone, Copy)]
enum Account<'c> {
    Plain([(u8, &'c str); 3]),
    Flagged([(u8, &'c str); 4]),
}

impl<'c> Account<'c> {
    fn objects(&self) -> &[(u8, &'c str)] {
        match self {
            Account::Plain(o) => o,
            Account::Flagged(o) => o,
        }
    }
}

/// The objects of a continuation template: GUID (00) and the rest of the variable part (02).
type Continuation<'c> = [(u8, &'c str); 2];

// Every code has an account template ID (26-51) and a continuation ID (80-99) to go in.
const _: () = assert!(MAX_CODES <= 20);

/// Writes `n` (at most 999) as three digits into `buf`. `None` only if `buf` were not ASCII
/// digits after writing, which it always is: the caller turns that into its own error rather
/// than writing made-up digits.
fn three_digits(n: u16, buf: &mut [u8; 3]) -> Option<&str> {
    let mut rest = n;
    for b in buf.iter_mut().rev() {
        // `rest % 10` is below 10: its low byte is all of it.
        let [digit, _] = (rest % 10).to_le_bytes();
        *b = b'0'.saturating_add(digit);
        rest /= 10;
    }
    core::str::from_utf8(buf).ok()
}

/// The text of object 54 for `amount` in a currency of `minor_units` decimals, or what
/// `MPM-AMT-1` expects instead: minor units of a currency that ISO 4217 gives none.
fn amount_text<'b>(
    amount: Amount<'b>,
    minor_units: Option<u8>,
    buf: &'b mut [u8; 24],
) -> Result<&'b str, Expected> {
    let minor = match amount {
        Amount::Decimal(_) => 0,
        Amount::Minor(_) => minor_units.ok_or(Expected::MinorUnits)?,
    };
    amount.write(minor, buf).ok_or(Expected::AmountLength)
}

/// `MPM-AMT-1` at `at`, the offset 54 has in the payload written.
fn amount_error(at: usize, expected: Expected) -> Error {
    let path = ObjectPath::root(54);
    mpm_err(
        Rule::MpmAmt1,
        Location::Output(at),
        MpmKind::Value { path, expected },
    )
}

/// Makes a dynamic code from a static one (`spec/unified.md`, Issuing, `UNI-DYN-1`): the
/// payload with the point of initiation (01) set to `12` and the amount (54) set, every other
/// object kept as read, byte for byte and in order, and the CRC recomputed. An existing 01 or
/// 54 is replaced where it stands; where absent, 01 goes right after 00 and 54 right after 53.
/// Any merchant-presented payload will do, unified or not; what is returned is conformant.
///
/// An [`Amount::Minor`] is written with the decimals ISO 4217 gives the payload's currency
/// (53): 1234 is `12.34` in CNY, `1234` in JPY.
///
/// # Errors
///
/// - `UNI-DYN-1`: the payload is already dynamic (01 is `12`): a per-payment code is not the
///   source of another (offset: its 01);
/// - `MPM-TLV-2`: the payload was read with byte-counted lengths and is not all ASCII; a
///   generator counts characters (offset: the first object that is not ASCII);
/// - `MPM-AMT-1`: an [`Amount::Minor`] for a currency that ISO 4217 gives no minor unit (gold,
///   SDR, test codes), or an amount that is not a non-zero decimal (offset: 54 in the result);
/// - `MPM-CCY-1`, `MPM-PRS-1`: an [`Amount::Minor`] with an unknown or absent currency;
/// - `MPM-LEN-1`: an amount over 13 characters;
/// - `MPM-SIZE-1`: a result over 512 bytes;
/// - any other rule of `spec/mpm.md` the result would break (the payload's own breaches
///   included: a non-conformant code is not made conformant by an amount), at its offset in
///   the result;
/// - `UNI-LEN-1`: `buf` cannot hold the result ([`Builder::MAX_LEN`] bytes always can).
///
/// # Examples
///
/// ```
/// use paycode::legacy::LegacyCode;
/// use paycode::mpm::{Initiation, Payload};
/// use paycode::unified::{Amount, Merchant, to_unified, with_amount};
/// let wx = LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
/// let mut fixed_buf = [0u8; 512];
/// let fixed = to_unified(&[wx], &Merchant::default(), &mut fixed_buf)?; // static: 01 = 11
/// let p = Payload::parse(fixed)?;
/// let mut buf = [0u8; paycode::mpm::Builder::MAX_LEN];
/// let order = with_amount(&p, Amount::Minor(1234), &mut buf)?;
/// let d = Payload::parse(order)?;
/// assert_eq!(d.initiation(), Some(Initiation::Dynamic));
/// assert_eq!(d.amount().map(|a| a.as_str()), Some("12.34"));
/// assert!(d.is_conformant());
///
/// // A dynamic code is not the source of another.
/// let e = with_amount(&d, Amount::Minor(99), &mut [0u8; 512]).unwrap_err();
/// assert_eq!(e.rule(), Some(paycode::Rule::UniDyn1));
/// # Ok::<(), paycode::Error>(())
/// ```
pub fn with_amount<'b>(
    payload: &Payload<'_>,
    amount: Amount<'_>,
    buf: &'b mut [u8],
) -> Result<&'b str, crate::Error> {
    if let Some(o) = payload.get(1).filter(|o| o.value() == "12") {
        return Err(err(Rule::UniDyn1, o.offset(), Fault::AlreadyDynamic).into());
    }
    if payload.length_unit() == LengthUnit::Bytes {
        if let Some(o) = payload.objects().find(|o| !o.value().is_ascii()) {
            let path = ObjectPath::root(o.id());
            let expected = Expected::CharLengths;
            let kind = MpmKind::Value { path, expected };
            return Err(mpm_err(Rule::MpmTlv2, Location::Input(o.offset()), kind).into());
        }
    }
    let mut text_buf = [0u8; 24];
    let value = match (amount, payload.currency()) {
        (Amount::Minor(_), None) => return Err(no_currency(payload).into()),
        (a, c) => amount_text(a, c.and_then(|c| c.minor_units()), &mut text_buf),
    };
    let has = |id: u8| payload.get(id).is_some();
    let (has_01, has_54) = (has(1), has(54));
    let mut w = Writer::new(buf);
    // Writes 54 at the writer's position, which is the offset it has in the result.
    let put_amount = |w: &mut Writer<'_>| -> Result<(), Error> {
        let at = w.len();
        let v = value.map_err(|expected| amount_error(at, expected))?;
        let path = ObjectPath::root(54);
        w.object(path, v, LengthUnit::Chars)
            .map_err(|_| too_long(path, v.chars().count(), at))
    };
    for o in payload.objects() {
        let path = ObjectPath::root(o.id());
        let at = w.len();
        match o.id() {
            63 => break,
            1 => w.object(path, "12", LengthUnit::Chars),
            54 => {
                put_amount(&mut w)?;
                Ok(())
            }
            _ => w.object(path, o.value(), LengthUnit::Chars),
        }
        .map_err(|_| too_long(path, o.value().chars().count(), at))?;
        if o.id() == 0 && !has_01 {
            w.object(ObjectPath::root(1), "12", LengthUnit::Chars)
                .map_err(|_| too_long(path, 2, at))?;
        }
        if o.id() == 53 && !has_54 {
            put_amount(&mut w)?;
        }
    }
    if !has_54 && !has(53) {
        // No currency to follow: 54 goes before the CRC, and the result names the missing 53.
        put_amount(&mut w)?;
    }
    w.crc();
    let text = w.finish().map_err(|e| match e {
        EncodeError::BufferTooSmall { needed, .. } if needed > Builder::MAX_LEN => {
            oversize(needed).into()
        }
        EncodeError::BufferTooSmall { needed, available } => {
            crate::Error::BufferTooSmall(crate::BufferTooSmall { needed, available })
        }
        _ => crate::Error::from(err(Rule::UniLen1, 0, Fault::DynamicNotWritable)),
    })?;
    let output =
        |v: crate::mpm::Violation| mpm_err(v.rule(), Location::Output(v.offset()), v.kind());
    let result = ParseOptions::new()
        .parse(text)
        .map_err(|e| output(e.into()))?;
    match Findings::first(|sink| result.validate_with(sink)) {
        Some(v) => Err(output(v).into()),
        None => Ok(text),
    }
}

/// Why minor units cannot be written for `payload`: its currency (53) is unknown
/// (`MPM-CCY-1`, at 53) or absent (`MPM-PRS-1`).
fn no_currency(payload: &Payload<'_>) -> Error {
    let path = ObjectPath::root(53);
    match payload.get(53) {
        Some(o) => mpm_err(
            Rule::MpmCcy1,
            Location::Input(o.offset()),
            MpmKind::Value {
                path,
                expected: Expected::MinorUnitsCurrency,
            },
        ),
        None => mpm_err(Rule::MpmPrs1, Location::Input(0), MpmKind::Missing { path }),
    }
}

/// Splits `s` after `n` characters: all of `s` and nothing if it has no more than `n`. Both
/// halves are what trimming a count of characters leaves, so no byte offset is computed, and
/// none can fall inside a character.
fn split_chars(s: &str, n: usize) -> (&str, &str) {
    let after = s.chars().count().saturating_sub(n);
    let mut from_start = 0usize;
    let tail = s.trim_start_matches(|_| {
        from_start = from_start.saturating_add(1);
        from_start <= n
    });
    let mut from_end = 0usize;
    let head = s.trim_end_matches(|_| {
        from_end = from_end.saturating_add(1);
        from_end <= after
    });
    (head, tail)
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
                return Err(mpm_err(
                    Rule::MpmDup1,
                    Location::Input(o.offset()),
                    MpmKind::Duplicate { path },
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
                    return Err(mpm_err(
                        Rule::MpmDup1,
                        Location::Input(c.offset()),
                        MpmKind::Duplicate { path },
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
                Fault::SecondContinuation
            } else {
                Fault::SecondAccount
            };
            return Err(err(Rule::UniDup1, o.offset(), reason));
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
/// ```
/// use paycode::{legacy::LegacyCode, mpm::Payload, unified::{Merchant, from_unified, to_unified}};
/// let wx = LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
/// let mut buf = [0u8; 512];
/// let unified = Payload::parse(to_unified(&[wx], &Merchant::default(), &mut buf)?)?;
/// let mut back = Vec::new();
/// from_unified(&unified, &mut |code| back.push(code.to_owned()))?;
/// assert_eq!(back, ["wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"]);
/// # Ok::<(), paycode::Error>(())
/// ```
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
        // A template without its form number (01) has no form: no stand-in number is looked up.
        let code = t.get(1).map(|o| o.value());
        let form = LEGACY_FORMS
            .iter()
            .find(|f| f.issuer == issuer && Some(f.code) == code)
            .ok_or(err(Rule::UniForm1, at, Fault::UnknownFormNumber))?;
        let head =
            t.get(2)
                .map(|o| o.value())
                .ok_or(err(Rule::UniForm1, at, Fault::NoVariablePart))?;
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
                return Err(err(Rule::UniCase1, at, Fault::CaseFlag));
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
            .ok_or(err(Rule::UniForm2, at, Fault::RecoveredTooLong))?;
        match LegacyCode::parse(text) {
            Ok(c) if c.is_wrapper() => {
                return Err(err(Rule::UniWrap1, at, Fault::WrapperRecovered));
            }
            Ok(c) if c.form_id() == form.id => each(text),
            _ => {
                return Err(err(Rule::UniForm2, at, Fault::NotItsForm));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::mpm::{Builder, Initiation};
    use alloc::borrow::ToOwned;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    #[test]
    fn split_chars_splits_after_n_characters() {
        for s in ["", "a", "abc", "汉字ab", "a汉b字c"] {
            for n in 0..7 {
                let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
                assert_eq!(split_chars(s, n), s.split_at(at), "{s:?} after {n}");
            }
        }
    }

    const WX: &str = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    const ALI: &str = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";

    fn issue<'b>(m: &Merchant<'_>, buf: &'b mut [u8]) -> Result<&'b str, crate::Error> {
        let codes = [
            LegacyCode::parse(WX).unwrap(),
            LegacyCode::parse(ALI).unwrap(),
        ];
        to_unified(&codes, m, buf)
    }

    fn rule_of(r: Result<&str, crate::Error>) -> (String, usize, String) {
        let e = r.unwrap_err();
        (
            e.rule().unwrap().id().into(),
            e.offset().unwrap(),
            e.to_string(),
        )
    }

    const ZH: AlternateLanguage<'static> = AlternateLanguage {
        language: "zh",
        name: "面馆",
        city: Some("北京"),
    };

    #[test]
    fn every_new_field_is_written_and_read_back() {
        let m = Merchant {
            name: Some("NOODLE HOUSE"),
            city: Some("BEIJING"),
            mcc: Some("5812"),
            currency: Some("cny"),
            amount: Some(Amount::Minor(1234)),
            reference: Some("ORDER-0001"),
            terminal: Some("T-07"),
            alternate: Some(ZH),
        };
        let mut buf = [0u8; 512];
        let s = issue(&m, &mut buf).unwrap();
        let p = Payload::parse(s).unwrap();
        assert!(p.is_conformant(), "{:?}", p.validate());
        assert_eq!(p.initiation(), Some(Initiation::Dynamic));
        assert_eq!(p.currency_code(), Some("156"));
        assert_eq!(p.amount().map(|a| a.as_str()), Some("12.34"));
        let adf = p.additional_data().unwrap().unwrap();
        assert_eq!(adf.get(5).map(|o| o.value()), Some("ORDER-0001"));
        assert_eq!(adf.get(7).map(|o| o.value()), Some("T-07"));
        let lang = p.language_template().unwrap().unwrap();
        let subs: Vec<_> = lang.objects().map(|o| (o.id(), o.value())).collect();
        assert_eq!(subs, [(0, "zh"), (1, "面馆"), (2, "北京")]);
        assert!(s.contains("64180002zh0102面馆0202北京"), "{s}");
        let mut back = alloc::vec::Vec::new();
        from_unified(&p, &mut |c| back.push(alloc::string::String::from(c))).unwrap();
        assert_eq!(back, [WX, ALI]);
    }

    #[test]
    fn defaults_are_static_cny_and_no_optional_templates() {
        let mut buf = [0u8; 512];
        let p = Payload::parse(issue(&Merchant::default(), &mut buf).unwrap()).unwrap();
        assert_eq!(p.initiation(), Some(Initiation::Static));
        assert_eq!(p.currency_code(), Some("156"));
        assert!(p.amount().is_none() && p.additional_data().is_none());
        assert!(p.language_template().is_none());
        // A city without an alternate city: 64.02 is left out.
        let m = Merchant {
            alternate: Some(AlternateLanguage { city: None, ..ZH }),
            ..Default::default()
        };
        let p = Payload::parse(issue(&m, &mut buf).unwrap()).unwrap();
        let lang = p.language_template().unwrap().unwrap();
        assert_eq!(lang.objects().count(), 2);
    }

    #[test]
    fn minor_units_follow_the_currency() {
        let mut buf = [0u8; 512];
        for (ccy, minor, want) in [
            ("156", 1234, "12.34"),
            ("CNY", 5, "0.05"),
            ("JPY", 500, "500"),
            ("392", 7, "7"),
            ("KWD", 12_345, "12.345"),
            ("CLF", 1, "0.0001"),
        ] {
            let m = Merchant {
                currency: Some(ccy),
                amount: Some(Amount::Minor(minor)),
                ..Default::default()
            };
            let p = Payload::parse(issue(&m, &mut buf).unwrap()).unwrap();
            assert_eq!(p.amount().map(|a| a.as_str()), Some(want), "{ccy}");
            let units = p.currency().unwrap().minor_units().unwrap();
            assert_eq!(p.amount().unwrap().to_minor_units(units), Some(minor));
        }
    }

    #[test]
    fn each_field_is_refused_by_the_mpm_rule_it_breaks() {
        let mut buf = [0u8; 512];
        let cases: [(Merchant<'_>, &str, &str); 12] = [
            (
                Merchant {
                    currency: Some("XYZ"),
                    ..Default::default()
                },
                "MPM-CCY-1",
                "53",
            ),
            (
                Merchant {
                    currency: Some("000"),
                    ..Default::default()
                },
                "MPM-CCY-1",
                "000",
            ),
            (
                Merchant {
                    currency: Some("15"),
                    ..Default::default()
                },
                "MPM-LEN-1",
                "53",
            ),
            (
                Merchant {
                    currency: Some("XAU"),
                    amount: Some(Amount::Minor(100)),
                    ..Default::default()
                },
                "MPM-AMT-1",
                "54",
            ),
            (
                Merchant {
                    amount: Some(Amount::Minor(0)),
                    ..Default::default()
                },
                "MPM-AMT-1",
                "54",
            ),
            (
                Merchant {
                    amount: Some(Amount::Minor(u64::MAX)),
                    ..Default::default()
                },
                "MPM-LEN-1",
                "54",
            ),
            (
                Merchant {
                    reference: Some("ORDER 0001 0002 0003 0004 5"),
                    ..Default::default()
                },
                "MPM-LEN-1",
                "62.05",
            ),
            (
                Merchant {
                    terminal: Some("柜台"),
                    ..Default::default()
                },
                "MPM-FMT-2",
                "62.07",
            ),
            (
                Merchant {
                    name: Some("面馆"),
                    ..Default::default()
                },
                "MPM-FMT-2",
                "59",
            ),
            (
                Merchant {
                    alternate: Some(AlternateLanguage {
                        language: "z1",
                        ..ZH
                    }),
                    ..Default::default()
                },
                "MPM-LNG-1",
                "64.00",
            ),
            (
                Merchant {
                    alternate: Some(AlternateLanguage {
                        name: "很长很长很长很长很长很长很长很长很长很长很长很长很长",
                        ..ZH
                    }),
                    ..Default::default()
                },
                "MPM-LEN-1",
                "64.01",
            ),
            (
                Merchant {
                    alternate: Some(AlternateLanguage {
                        city: Some("北京北京北京北京北京北京北京北京"),
                        ..ZH
                    }),
                    ..Default::default()
                },
                "MPM-LEN-1",
                "64.02",
            ),
        ];
        for (m, rule, field) in cases {
            let (got, _, text) = rule_of(issue(&m, &mut buf));
            assert_eq!(got, rule, "{m:?}: {text}");
            assert!(text.contains(field), "{m:?}: {text}");
        }
    }

    #[test]
    fn the_rules_offset_is_that_of_the_field_in_the_payload_built() {
        let mut buf = [0u8; 512];
        let ok = issue(&Merchant::default(), &mut buf).unwrap().to_owned();
        let at53 = ok.find("5303156").unwrap();
        let m = Merchant {
            currency: Some("XYZ"),
            ..Default::default()
        };
        assert_eq!(rule_of(issue(&m, &mut buf)).1, at53);
        let m = Merchant {
            currency: Some("XAU"),
            amount: Some(Amount::Minor(1)),
            ..Default::default()
        };
        assert_eq!(rule_of(issue(&m, &mut buf)).1, at53 + 7); // 53 is 5303959, then 54
    }

    fn static_code(buf: &mut [u8]) -> &str {
        let acct = [(0, "com.example.pay"), (1, "M-1")];
        let mut b = Builder::new();
        b.initiation(Initiation::Static)
            .template(26, &acct)
            .merchant_category_code("5812")
            .currency("156")
            .country("CN")
            .merchant_name("NOODLES")
            .merchant_city("BEIJING")
            .language(&[(0, "ZH"), (1, "面馆")]);
        b.encode_into(buf).unwrap()
    }

    /// The root objects other than 01, 54 and 63, as (id, value).
    fn others<'a>(p: &Payload<'a>) -> alloc::vec::Vec<(u8, &'a str)> {
        p.objects()
            .filter(|o| !matches!(o.id(), 1 | 54 | 63))
            .map(|o| (o.id(), o.value()))
            .collect()
    }

    #[test]
    fn a_dynamic_code_is_the_static_one_with_01_and_54_set() {
        let mut sbuf = [0u8; 512];
        let s = static_code(&mut sbuf);
        let p = Payload::parse(s).unwrap();
        let mut buf = [0u8; 512];
        let d = with_amount(&p, Amount::Minor(2372), &mut buf).unwrap();
        let q = Payload::parse(d).unwrap();
        assert!(q.is_conformant(), "{:?}", q.validate());
        assert_eq!(q.initiation(), Some(Initiation::Dynamic));
        assert_eq!(q.amount().map(|a| a.as_str()), Some("23.72"));
        assert_eq!(others(&q), others(&p));
        // 54 right after 53, everything else where it was: only 01, 54 and the CRC differ.
        let at = s.find("5303156").unwrap() + 7;
        assert_eq!(&d[..at], s[..at].replace("010211", "010212"));
        assert_eq!(&d[at..at + 9], "540523.72");
        assert_eq!(&d[at + 9..d.len() - 4], &s[at..s.len() - 4]);
        // Again, from a payload that already has an amount: it is replaced where it stands.
        let mut abuf = [0u8; 512];
        let again = with_amount(&p, Amount::Decimal("5"), &mut abuf).unwrap();
        let fixed = with_amount(&Payload::parse(again).unwrap(), Amount::Minor(1), &mut buf);
        assert_eq!(rule_of(fixed).0, "UNI-DYN-1");
    }

    #[test]
    fn an_existing_amount_is_replaced_in_place_and_a_missing_01_added() {
        // A static code with a fixed amount, 54 after 60, and no 01.
        let acct = [(0, "com.example.pay"), (1, "M-1")];
        let mut b = Builder::new();
        b.template(26, &acct)
            .merchant_category_code("5812")
            .currency("392")
            .country("JP")
            .merchant_name("RAMEN")
            .merchant_city("TOKYO");
        let mut bb = [0u8; 512];
        let base = b.encode_into(&mut bb).unwrap();
        // Move 54 after 60 by hand, and recompute the CRC.
        let body = base.strip_suffix(&base[base.len() - 8..]).unwrap();
        let mut t = alloc::format!("{body}5403100");
        t.push_str("6304");
        let crc = crate::checksum::crc16(t.as_bytes());
        t.push_str(&alloc::format!("{crc:04X}"));
        let p = Payload::parse(&t).unwrap();
        assert!(p.is_conformant());
        let mut buf = [0u8; 512];
        let d = with_amount(&p, Amount::Minor(500), &mut buf).unwrap();
        assert!(d.starts_with("0002010102122"), "{d}");
        assert!(
            d.ends_with(&alloc::format!("5403500{}", &d[d.len() - 8..])),
            "{d}"
        );
        let q = Payload::parse(d).unwrap();
        assert!(q.is_conformant());
        assert_eq!(others(&q), others(&p));
        let ids: alloc::vec::Vec<u8> = q.objects().map(|o| o.id()).collect();
        assert_eq!(ids, [0, 1, 26, 52, 53, 58, 59, 60, 54, 63]);
    }

    #[test]
    fn what_would_break_a_rule_is_refused_by_that_rule() {
        let mut sbuf = [0u8; 512];
        let p = Payload::parse(static_code(&mut sbuf)).unwrap();
        let mut buf = [0u8; 512];
        assert_eq!(
            rule_of(with_amount(&p, Amount::Minor(0), &mut buf)).0,
            "MPM-AMT-1"
        );
        assert_eq!(
            rule_of(with_amount(&p, Amount::Decimal("1,5"), &mut buf)).0,
            "MPM-AMT-1"
        );
        let (r, _, t) = rule_of(with_amount(&p, Amount::Decimal("12345678901234"), &mut buf));
        assert_eq!(r, "MPM-LEN-1", "{t}");
        let (r, _, t) = rule_of(with_amount(&p, Amount::Minor(u64::MAX), &mut buf));
        assert_eq!(r, "MPM-LEN-1", "{t}");
        // A buffer too small breaks no rule.
        let small = with_amount(&p, Amount::Minor(1), &mut [0u8; 20]).unwrap_err();
        assert!(
            matches!(small, crate::Error::BufferTooSmall(b) if b.available == 20),
            "{small}"
        );
        // Not conformant before, not conformant after: PromptPay without a name.
        let pp = Payload::parse(
            "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1",
        )
        .unwrap();
        assert_eq!(
            rule_of(with_amount(&pp, Amount::Minor(100), &mut buf)).0,
            "MPM-PRS-1"
        );
        // The spec example is dynamic already.
        let ex = Payload::parse(crate::mpm::SPEC_EXAMPLE).unwrap();
        let (r, at, _) = rule_of(with_amount(&ex, Amount::Minor(1), &mut buf));
        assert_eq!((r.as_str(), at), ("UNI-DYN-1", 6));
    }

    #[test]
    fn minor_units_need_a_currency_that_has_them() {
        let acct = [(0, "com.example.pay"), (1, "M-1")];
        let mut b = Builder::new();
        b.template(26, &acct)
            .merchant_category_code("5812")
            .currency("959")
            .country("CN")
            .merchant_name("GOLD")
            .merchant_city("BEIJING");
        let mut bb = [0u8; 512];
        let p = Payload::parse(b.encode_into(&mut bb).unwrap()).unwrap();
        let mut buf = [0u8; 512];
        let (r, at, _) = rule_of(with_amount(&p, Amount::Minor(1), &mut buf));
        let s = p.as_str();
        assert_eq!(
            (r.as_str(), at),
            ("MPM-AMT-1", s.find("5303959").unwrap() + 7 + 6)
        );
        // Decimal text is written as given.
        assert!(with_amount(&p, Amount::Decimal("1.5"), &mut buf).is_ok());
    }

    #[test]
    fn oversize_is_mpm_size_1() {
        let long = "A".repeat(99);
        let mut b = Builder::new();
        let t = [(0, "com.example.pay"), (1, &long[..76])];
        let last = [(0, "com.example.pay"), (1, &long[..21])];
        b.template(26, &t)
            .template(27, &t)
            .template(28, &t)
            .template(29, &t)
            .template(30, &last)
            .merchant_category_code("5812")
            .currency("156")
            .country("CN")
            .merchant_name("N")
            .merchant_city("C");
        let mut bb = [0u8; 512];
        let s = b.encode_into(&mut bb).unwrap();
        let p = Payload::parse(s).unwrap();
        let mut buf = [0u8; 1024];
        let spare = 512 - s.len();
        assert!(spare < 13, "{spare}");
        let (r, at, _) = rule_of(with_amount(&p, Amount::Decimal("99999.99"), &mut buf));
        assert_eq!((r.as_str(), at), ("MPM-SIZE-1", 512));
        // And with a buffer of exactly 512 bytes, the same rule.
        let (r, ..) = rule_of(with_amount(
            &p,
            Amount::Decimal("99999.99"),
            &mut [0u8; 512],
        ));
        assert_eq!(r, "MPM-SIZE-1");
    }

    #[test]
    fn byte_counted_non_ascii_payloads_are_refused() {
        let body = "00020101021126190015com.example.pay5204581253031565802CN5905NOODS6007BEIJING64160002ZH0106面馆6304";
        let t = alloc::format!("{body}{:04X}", crate::checksum::crc16(body.as_bytes()));
        let p = crate::mpm::ParseOptions::new()
            .length_unit(LengthUnit::Bytes)
            .parse(&t)
            .unwrap();
        let (r, at, _) = rule_of(with_amount(&p, Amount::Minor(1), &mut [0u8; 512]));
        assert_eq!((r.as_str(), at), ("MPM-TLV-2", t.find("6416").unwrap()));
    }
}
