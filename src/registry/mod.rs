//! The issuer registry: who owns which numeric prefix, MPM root ID and GUID, CPM AID
//! (`spec/registry.md`).
//!
//! The data lives in `spec/registry.json`, every fact with its source and a confidence level;
//! `tests/codegen.rs` turns it into the static, sorted tables of `generated.rs`, searched by
//! binary search. There is no runtime map, and nothing needs `alloc`. A backend that knows
//! issuers the registry does not can add them at run time with [`Registry`] (`alloc`).
//!
//! Readers attribute through the [`Lookup`] trait: their `issuers()` ask the built-in tables
//! ([`BUILT_IN`]), their `issuers_in(&registry)` the registry given, built in, run-time or a
//! caller's own. Reading never depends on a registry (`spec/numeric.md`): a code of no
//! registered issuer reads, with no candidate.
//!
//! Ambiguity is a result, not an error: a 19-digit code starting `62` may come from UnionPay
//! QuickPass, a bank app or JD Pay, and [`numeric_candidates`] returns all of them, most likely
//! first.
//!
//! The registry changes as wallets do: entries may be added or corrected in patch releases.

mod error;
#[rustfmt::skip]
mod generated;
#[cfg(feature = "alloc")]
mod owned;

pub use error::{Error, ErrorKind};

#[cfg(feature = "alloc")]
pub use owned::{CustomIssuer, IssuerRef, Registry, RegistryCandidates};

use core::fmt;

pub(crate) use generated::{ACCEPTANCE, INSTITUTIONS, LEGACY_FORMS, UNIFIED_GUIDS};

use crate::scan::ScanKind;
use generated::{ACCOUNT_FORMS, AIDS, GUIDS, ISSUERS, NUMERIC_RULES, ROOT_IDS};

/// How well a registry fact is established.
///
/// # Examples
///
/// ```
/// use paycode::registry::Confidence;
/// let c = paycode::numeric::NumericCode::parse("6229999912345678901")?.issuers();
/// assert_eq!(c.with_confidence().next().map(|(_, k)| k), Some(Confidence::Verified));
/// assert!(Confidence::Verified < Confidence::Folklore); // ordered, best first
/// # Ok::<(), paycode::numeric::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Confidence {
    /// An official document or SDK, or several independent code bases that agree.
    Verified,
    /// One third-party code base, a blog, or a single sample.
    Secondary,
    /// Unconfirmed.
    Folklore,
}

/// One issuer's data, as generated from `spec/registry.json`.
#[derive(Debug)]
pub(crate) struct IssuerData {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    pub(crate) name_zh: Option<&'static str>,
    pub(crate) kind: &'static str,
    pub(crate) network: Option<&'static str>,
    pub(crate) rank: u8,
    pub(crate) notes: Option<&'static str>,
    /// What a Chinese scanner calls the issuer's merchant codes.
    pub(crate) scan_kind: ScanKind,
}

/// A numeric payment-code rule: codes that start with `prefix`, whose length's bit is set in
/// `lengths`, and whose digit at a position is (or is not) a given one, where `digit` says so.
#[derive(Debug)]
pub(crate) struct NumericRule {
    pub(crate) prefix: &'static str,
    pub(crate) lengths: u32,
    pub(crate) digit: Option<DigitAt>,
    pub(crate) issuer: Issuer,
    pub(crate) confidence: Confidence,
}

/// A numeric rule's constraint on one digit (`spec/registry.md`, `digit`): the byte at `at`
/// (counted from 0) equals `digit` when `is` holds, and differs from it otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DigitAt {
    pub(crate) at: u8,
    pub(crate) digit: u8,
    pub(crate) is: bool,
}

impl NumericRule {
    /// Whether the rule's digit constraint, if any, holds for the code. A code too short to
    /// have the position fails it, whichever way the constraint points.
    fn digit_holds(&self, code: &[u8]) -> bool {
        match self.digit {
            None => true,
            Some(d) => code
                .get(usize::from(d.at))
                .is_some_and(|&b| (b == d.digit) == d.is),
        }
    }
}

/// A legacy merchant-presented URL form: `scheme://host` + `prefix` + `parts`, then, for forms
/// with a `query`, `?` and its parameters.
#[derive(Debug)]
pub(crate) struct LegacyForm {
    pub(crate) id: &'static str,
    /// The two-digit number this standard gives the form in unified codes.
    pub(crate) code: &'static str,
    pub(crate) issuer: Issuer,
    pub(crate) scheme: &'static str,
    /// `None` for forms with no host, such as `wxp://f2f0…`.
    pub(crate) host: Option<&'static str>,
    pub(crate) prefix: &'static str,
    pub(crate) parts: &'static [Part],
    /// The query after the path, for forms that read it parameter by parameter; `None` when
    /// the parts run to the end of the code.
    pub(crate) query: Option<&'static Query>,
    /// For a wrapper (its query has a wrapped parameter): what it may carry.
    pub(crate) wrapper: Option<&'static Wrapper>,
    /// How many characters at the start of the variable part name the issuing institution,
    /// and whether they are looked up in [`INSTITUTIONS`].
    pub(crate) institution: Option<(usize, bool)>,
    /// Whether the code pays a person's account rather than a merchant.
    pub(crate) person: bool,
    /// Whether a parameter of the form takes raw characters (`LEG-CHR-1`).
    pub(crate) raw: bool,
    /// Whether the prefix must match in case (scheme and host never do).
    pub(crate) case_sensitive: bool,
    pub(crate) confidence: Confidence,
}

/// What a wrapper form may carry.
#[derive(Debug)]
pub(crate) struct Wrapper {
    /// The wrapper forms it may carry in turn, by ID. Any other wrapper inside it is refused
    /// (`LEG-WRAP-3`).
    pub(crate) nests: &'static [&'static str],
    /// The only issuer whose codes it carries, where it has one (`LEG-WRAP-2`): Alipay's
    /// launchers open Alipay codes, nothing else.
    pub(crate) carries: Option<Issuer>,
}

/// The query of a legacy form: its parameters in any order, each at most once.
#[derive(Debug)]
pub(crate) struct Query {
    /// Whether the whole query (`?` and all) may be absent.
    pub(crate) optional: bool,
    pub(crate) params: &'static [Param],
    /// The value of parameters the form does not name, if it allows them: a class and a
    /// length range. Their names are `A-Z a-z 0-9 _ . -`, 1-64 characters.
    pub(crate) others: Option<(Class, usize, usize)>,
}

/// One named parameter of a legacy form's query.
#[derive(Debug)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) value: Value,
    pub(crate) optional: bool,
}

/// What a query parameter holds.
#[derive(Debug)]
pub(crate) enum Value {
    /// Parts matched exactly as a form's path parts are.
    Parts(&'static [Part]),
    /// Another code, percent-encoded or not: the form is a wrapper.
    Wrapped,
}

/// How a wallet pays codes of another issuer (`spec/registry.md`, acceptance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub(crate) enum Path {
    /// The wallet reads and pays the code itself.
    Direct,
    /// The wallet pays the code through the UnionPay gateway wrapper.
    Gateway,
    /// The wallet opens the acquirer's hosted page of an aggregated code, and the page takes
    /// the payment in that wallet.
    Page,
    /// The scanner hands the code over to its issuer's own app.
    Handover,
    /// The wallet cannot pay the code (a source says so).
    None,
}

/// One fact of acceptance: `wallet` pays merchant codes of `code_issuer` by `path`.
#[derive(Debug)]
pub(crate) struct Acceptance {
    pub(crate) wallet: Issuer,
    pub(crate) code_issuer: Issuer,
    pub(crate) path: Path,
    pub(crate) since: &'static str,
    pub(crate) source: &'static str,
    pub(crate) confidence: Confidence,
}

/// An MPM account template attributed by the shape of one sub-object instead of a GUID:
/// `<account><separator><bank>` in sub-object `sub` of one of `templates`, in a payload whose
/// country (58) is `country` (KHQR: `name@bank` in 29.00 or 30.00, country `KH`).
#[derive(Debug)]
pub(crate) struct AccountForm {
    pub(crate) issuer: Issuer,
    pub(crate) templates: &'static [u8],
    pub(crate) sub: u8,
    pub(crate) country: &'static str,
    pub(crate) separator: u8,
    /// The part before the separator: its characters, at least, at most.
    pub(crate) account: (AccountClass, usize, usize),
    /// The part after the separator.
    pub(crate) bank: (AccountClass, usize, usize),
    pub(crate) confidence: Confidence,
}

/// The character classes of account forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountClass {
    /// `A-Z a-z 0-9 _ . -`.
    AccountId,
    /// `a-z 0-9`.
    LowerAlnum,
}

impl AccountClass {
    fn admits(self, b: u8) -> bool {
        match self {
            AccountClass::AccountId => b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'),
            AccountClass::LowerAlnum => b.is_ascii_lowercase() || b.is_ascii_digit(),
        }
    }

    fn matches(part: (Self, usize, usize), s: &str) -> bool {
        let (class, min, max) = part;
        (min..=max).contains(&s.len()) && s.bytes().all(|b| class.admits(b))
    }
}

/// Attributes an MPM account template by the shape of a sub-object rather than a GUID
/// (`registry.json`, `mpm_account_forms`): `template` is the root ID (26-51), `sub` the value of
/// the sub-object the form names, `country` the payload's country code (58).
pub(crate) fn by_account_form<'v>(
    template: u8,
    sub: impl Fn(u8) -> Option<&'v str>,
    country: Option<&str>,
) -> Option<(Issuer, Confidence)> {
    ACCOUNT_FORMS
        .iter()
        .filter(|f| f.templates.contains(&template) && country == Some(f.country))
        .find(|f| {
            sub(f.sub).is_some_and(|v| {
                v.bytes().position(|b| b == f.separator).is_some_and(|at| {
                    let (account, bank) = (v.get(..at), v.get(at.saturating_add(1)..));
                    account.is_some_and(|a| AccountClass::matches(f.account, a))
                        && bank.is_some_and(|b| AccountClass::matches(f.bank, b))
                })
            })
        })
        .map(|f| (f.issuer, f.confidence))
}

/// One part of a legacy form after its prefix.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    Lit(&'static str),
    /// Characters of a class, between a minimum and a maximum count.
    Class(Class, usize, usize),
    /// Parts that are matched whole or not at all.
    Opt(&'static [Part]),
}

/// The character classes of legacy forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// `0-9`.
    Digits,
    /// `A-Z a-z 0-9`.
    Alnum,
    /// `A-Z a-z 0-9 _ -` (base64url).
    B64Url,
    /// A percent-encoded query value: `A-Z a-z 0-9 % . _ ~ - +`, no `&`, `=` or `#`.
    QueryValue,
    /// The rest of a URL: printable ASCII without spaces.
    UrlTail,
    /// `0-9 A-F a-f`.
    Hex,
    /// `0-9 a-f`.
    LowerHex,
    /// `A-Z 0-9`.
    UpperAlnum,
    /// `A-Z a-z 0-9 -`: an institution's token segment.
    Token,
    /// `A-Z a-z 0-9 _ -`: names and values of an institution's query.
    Name,
    /// `0-9 .`: an amount.
    Amount,
    /// A query value with its URLs unencoded: printable ASCII but `&` and `#`.
    UrlQuery,
    /// A raw query value: any character but a control character, `&` and `#` (`LEG-CHR-1`).
    Raw,
}

/// An issuer or network of the registry.
///
/// # Examples
///
/// ```
/// let wx = paycode::registry::issuer("wechat-pay").unwrap();
/// assert_eq!(wx.name(), "WeChat Pay");
/// assert_eq!(wx.name_zh(), Some("微信支付"));
/// assert_eq!(wx.to_string(), "wechat-pay");
/// ```
#[derive(Clone, Copy)]
pub struct Issuer(&'static IssuerData);

impl Issuer {
    const fn data(self) -> &'static IssuerData {
        self.0
    }

    /// Returns the stable registry ID, lower-case kebab-case, such as `"alipay"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert_eq!(i.id(), "unionpay");
    /// ```
    #[must_use]
    pub fn id(self) -> &'static str {
        self.data().id
    }

    /// Returns the English name.
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert!(i.name().starts_with("UnionPay"));
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        self.data().name
    }

    /// Returns the Chinese name, where the issuer has one.
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert_eq!(i.name_zh(), Some("银联云闪付"));
    /// ```
    #[must_use]
    pub fn name_zh(self) -> Option<&'static str> {
        self.data().name_zh
    }

    /// Returns what kind of entity this is: `"wallet"`, `"network"`, `"card-scheme"`,
    /// `"national-scheme"`, `"bank"`, `"acquirer"`, `"currency"`, …
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert_eq!(i.kind(), "network");
    /// ```
    #[must_use]
    pub fn kind(self) -> &'static str {
        self.data().kind
    }

    /// Returns what a Chinese scanner calls this issuer's merchant codes: the e-CNY wallet's
    /// vocabulary (`e-cny`, `unionpay`, `aggregated`, `wechat`, `alipay`), or `other-wallet`.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::ScanKind;
    /// # let i = paycode::registry::issuer("chinaums").unwrap();
    /// assert_eq!(i.scan_kind(), ScanKind::Aggregated);
    /// assert_eq!(paycode::registry::issuer("jd-pay").unwrap().scan_kind(), ScanKind::OtherWallet);
    /// ```
    #[must_use]
    pub fn scan_kind(self) -> ScanKind {
        self.data().scan_kind
    }

    /// Returns the network the issuer clears through, where known (`"unionpay"`, `"tenpay"`).
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert_eq!(i.network(), Some("unionpay"));
    /// ```
    #[must_use]
    pub fn network(self) -> Option<&'static str> {
        self.data().network
    }

    /// Returns the registry's notes on this issuer, if any.
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert!(i.notes().is_some());
    /// ```
    #[must_use]
    pub fn notes(self) -> Option<&'static str> {
        self.data().notes
    }

    /// Returns the issuer's rank among ambiguous candidates: lower is more likely.
    ///
    /// # Examples
    ///
    /// ```
    /// # let i = paycode::registry::issuer("unionpay").unwrap();
    /// assert!(i.rank() <= paycode::registry::issuer("jd-pay").unwrap().rank());
    /// ```
    #[must_use]
    pub fn rank(self) -> u8 {
        self.data().rank
    }
}

/// Two issuers are the same when they are the same registry entry.
impl PartialEq for Issuer {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.0, other.0)
    }
}

impl Eq for Issuer {}

/// Hashes the registry ID, which is unique (`tests/codegen.rs` checks it).
impl core::hash::Hash for Issuer {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Issuer({})", self.id())
    }
}

/// Reads a registry ID, exactly as the registry spells it (`REG-ID-1`).
///
/// # Errors
///
/// `REG-ID-1` at byte 0: no issuer of the registry has this ID.
///
/// # Examples
///
/// ```
/// use paycode::registry::Issuer;
/// let ccb: Issuer = "ccb".parse()?;
/// assert_eq!(ccb.kind(), "bank");
/// assert_eq!("CCB".parse::<Issuer>().unwrap_err().rule().id(), "REG-ID-1");
/// # Ok::<(), paycode::Error>(())
/// ```
impl core::str::FromStr for Issuer {
    type Err = Error;

    fn from_str(id: &str) -> Result<Self, Error> {
        issuer(id).ok_or(Error::new(crate::Rule::RegId1, 0, ErrorKind::UnknownIssuer))
    }
}

/// Writes the registry ID.
impl fmt::Display for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Looks up the institution that the institution segment of a UnionPay merchant code names
/// (`spec/legacy.md`, institutions): an exact segment where the registry knows one, else the
/// member code in its first four digits.
pub(crate) fn by_institution(segment: &str) -> Option<(Issuer, Confidence)> {
    let exact = INSTITUTIONS.iter().find(|i| i.exact && i.code == segment);
    let member = || {
        INSTITUTIONS
            .iter()
            .find(|i| !i.exact && segment.get(..4) == Some(i.code))
    };
    exact.or_else(member).map(|i| (i.issuer, i.confidence))
}

/// An institution segment of UnionPay merchant codes: an exact 8-digit segment or a 4-digit
/// member code.
#[derive(Debug)]
pub(crate) struct Institution {
    pub(crate) code: &'static str,
    pub(crate) exact: bool,
    pub(crate) issuer: Issuer,
    pub(crate) confidence: Confidence,
}

/// Looks up an issuer by its registry ID.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::registry::issuer("e-cny").map(|i| i.name()), Some("e-CNY"));
/// assert!(paycode::registry::issuer("nope").is_none());
/// ```
#[must_use]
pub fn issuer(id: &str) -> Option<Issuer> {
    ISSUERS.iter().copied().find(|i| i.id() == id)
}

/// Iterates over every issuer of the registry, in registry order.
///
/// # Examples
///
/// ```
/// let ids: Vec<&str> = paycode::registry::issuers().map(|i| i.id()).collect();
/// assert!(ids.contains(&"hebao")); // known to exist, no code format yet
/// ```
pub fn issuers() -> impl Iterator<Item = Issuer> {
    ISSUERS.iter().copied()
}

/// The most candidates a numeric code can have.
pub const MAX_CANDIDATES: usize = 8;

/// The issuers a numeric payment code may belong to, most likely first: longest matching
/// prefix first, then the confidence of the matching rule, then the registry's rank.
///
/// # Examples
///
/// ```
/// let c = paycode::registry::numeric_candidates("6236171220051893816");
/// let ids: Vec<&str> = c.iter().map(|i| i.id()).collect();
/// assert_eq!(ids, ["unionpay", "jd-pay"]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Candidates {
    items: [Option<(Issuer, Confidence)>; MAX_CANDIDATES],
    len: u8,
}

impl Candidates {
    pub(crate) const EMPTY: Candidates = Candidates {
        items: [None; MAX_CANDIDATES],
        len: 0,
    };

    /// Iterates over the candidates, most likely first.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::registry::numeric_candidates("6236171220051893816");
    /// assert_eq!(c.iter().map(|i| i.id()).collect::<Vec<_>>(), ["unionpay", "jd-pay"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Issuer> + '_ {
        self.items.iter().flatten().map(|&(i, _)| i)
    }

    /// Iterates over the candidates with the confidence of the rule that matched each.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::registry::numeric_candidates("6236171220051893816");
    /// use paycode::registry::Confidence;
    /// assert_eq!(c.with_confidence().map(|(_, k)| k).collect::<Vec<_>>(), [Confidence::Verified, Confidence::Secondary]);
    /// ```
    pub fn with_confidence(&self) -> impl Iterator<Item = (Issuer, Confidence)> + '_ {
        self.items.iter().flatten().copied()
    }

    /// Returns the most likely candidate.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::registry::numeric_candidates("6236171220051893816");
    /// assert_eq!(c.first().map(|i| i.id()), Some("unionpay"));
    /// ```
    #[must_use]
    pub fn first(&self) -> Option<Issuer> {
        self.iter().next()
    }

    /// Returns how many candidates there are.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::registry::numeric_candidates("6236171220051893816");
    /// assert_eq!(c.len(), 2);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Returns whether there is no candidate.
    ///
    /// # Examples
    ///
    /// ```
    /// # let c = paycode::registry::numeric_candidates("6236171220051893816");
    /// assert!(!c.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub(crate) fn push(&mut self, issuer: Issuer, confidence: Confidence) {
        let filled = self.items.get(..usize::from(self.len)).unwrap_or_default();
        if filled.iter().flatten().any(|&(i, _)| i == issuer) {
            return;
        }
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = Some((issuer, confidence));
            self.len = self.len.saturating_add(1);
        }
    }
}

impl IntoIterator for Candidates {
    type Item = Issuer;
    type IntoIter = CandidatesIter;

    fn into_iter(self) -> CandidatesIter {
        CandidatesIter {
            items: self,
            next: 0,
        }
    }
}

/// The candidates of a numeric code, by value, most likely first: what
/// [`Candidates::into_iter`] and [`BuiltIn`]'s [`Lookup::numeric_candidates`] return.
///
/// # Examples
///
/// ```
/// let c = paycode::registry::numeric_candidates("6236171220051893816");
/// let mut it = c.into_iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next().map(|i| i.id()), Some("unionpay"));
/// ```
#[derive(Debug, Clone)]
pub struct CandidatesIter {
    items: Candidates,
    next: u8,
}

impl Iterator for CandidatesIter {
    type Item = Issuer;

    fn next(&mut self) -> Option<Issuer> {
        let (issuer, _) = (*self.items.items.get(usize::from(self.next))?)?;
        self.next = self.next.saturating_add(1);
        Some(issuer)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::from(self.items.len.saturating_sub(self.next));
        (n, Some(n))
    }
}

impl ExactSizeIterator for CandidatesIter {}

impl core::iter::FusedIterator for CandidatesIter {}

/// A registry that readers attribute codes with: the built-in tables ([`BUILT_IN`]), a
/// run-time [`Registry`] (`alloc`), or a caller's own.
///
/// Reading a code never depends on a registry; attributing it does. A reader's `issuers()`
/// asks the built-in tables; its `issuers_in(&registry)` asks the registry given, so the
/// same code serves both (`spec/numeric.md`, Classification).
///
/// # Examples
///
/// ```
/// use paycode::numeric::NumericCode;
/// use paycode::registry::{BUILT_IN, Lookup};
///
/// // Generic over where issuers come from.
/// fn first_id<R: Lookup + ?Sized>(registry: &R, code: &str) -> Option<String> {
///     let code = NumericCode::parse(code).ok()?;
///     code.issuers_in(registry).next().map(|i| i.to_string())
/// }
/// assert_eq!(first_id(&BUILT_IN, "120061098828009406").as_deref(), Some("wechat-pay"));
/// assert_eq!(first_id(&BUILT_IN, "990061098828009406"), None); // reads, but no issuer
/// ```
pub trait Lookup {
    /// An issuer the registry names; it may borrow from the registry.
    type Issuer<'r>: Copy + Eq + fmt::Debug + fmt::Display
    where
        Self: 'r;

    /// The candidates of a numeric code, most likely first.
    type NumericCandidates<'r, 'c>: Iterator<Item = Self::Issuer<'r>>
    where
        Self: 'r;

    /// Returns the issuers a numeric payment code may belong to, by prefix and length, most
    /// likely first; none for a code that no rule of the registry matches. The code is not
    /// otherwise checked: read it with [`NumericCode`](crate::numeric::NumericCode) first.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// let ids: Vec<_> = BUILT_IN.numeric_candidates("6236171220051893816").map(|i| i.id()).collect();
    /// assert_eq!(ids, ["unionpay", "jd-pay"]);
    /// ```
    fn numeric_candidates<'r, 'c>(&'r self, code: &'c str) -> Self::NumericCandidates<'r, 'c>;

    /// Looks up the issuer of an MPM template GUID, without regard to ASCII case.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// assert_eq!(BUILT_IN.by_guid("br.gov.bcb.pix").map(|i| i.id()), Some("pix"));
    /// ```
    fn by_guid<'r>(&'r self, guid: &str) -> Option<Self::Issuer<'r>>;

    /// Looks up the issuer of a CPM application identifier (the longest registered prefix).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// let debit = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01];
    /// assert_eq!(BUILT_IN.by_aid(&debit).map(|i| i.id()), Some("unionpay"));
    /// ```
    fn by_aid<'r>(&'r self, aid: &[u8]) -> Option<Self::Issuer<'r>>;

    /// Looks up the network that an MPM root ID between 02 and 25 names.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// assert_eq!(BUILT_IN.by_root_id(15).map(|i| i.id()), Some("unionpay"));
    /// ```
    fn by_root_id<'r>(&'r self, id: u8) -> Option<Self::Issuer<'r>>;

    /// Looks up the issuer of an MPM account template that has no registered GUID by the shape
    /// of its sub-objects (`mpm_account_forms`: KHQR's `name@bank` in 29.00 or 30.00 of a
    /// payload whose country, 58, is `KH`). `sub` returns the template's sub-object of an ID.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// let sub = |id: u8| (id == 0).then_some("john_smith@devb");
    /// assert_eq!(BUILT_IN.by_account_form(29, &sub, Some("KH")).map(|i| i.id()), Some("khqr"));
    /// assert!(BUILT_IN.by_account_form(29, &sub, Some("TH")).is_none());
    /// ```
    fn by_account_form<'r, 'v>(
        &'r self,
        template: u8,
        sub: &dyn Fn(u8) -> Option<&'v str>,
        country: Option<&str>,
    ) -> Option<Self::Issuer<'r>>;

    /// Looks up an issuer by its registry ID, exactly as spelled: how readers whose
    /// attribution the built-in data decides (a legacy code's form and institution, an
    /// Alipay+ code) name their issuers in this registry.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{BUILT_IN, Lookup};
    /// assert_eq!(BUILT_IN.by_id("alipay").map(|i| i.name()), Some("Alipay"));
    /// assert!(BUILT_IN.by_id("Alipay").is_none());
    /// ```
    fn by_id<'r>(&'r self, id: &str) -> Option<Self::Issuer<'r>>;
}

/// The registry generated from `spec/registry.json`, as a [`Lookup`]: what readers' plain
/// `issuers()` ask. Zero-sized; use [`BUILT_IN`].
///
/// # Examples
///
/// ```
/// use paycode::registry::{BUILT_IN, Lookup};
/// let c = BUILT_IN.numeric_candidates("120061098828009406");
/// assert_eq!(c.map(|i| i.id()).collect::<Vec<_>>(), ["wechat-pay"]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BuiltIn;

/// The built-in registry ([`BuiltIn`]).
///
/// # Examples
///
/// ```
/// use paycode::registry::{BUILT_IN, Lookup};
/// assert!(BUILT_IN.by_root_id(2).is_some()); // Visa
/// ```
pub const BUILT_IN: BuiltIn = BuiltIn;

impl Lookup for BuiltIn {
    type Issuer<'r> = Issuer;
    type NumericCandidates<'r, 'c> = CandidatesIter;

    fn numeric_candidates(&self, code: &str) -> CandidatesIter {
        numeric_candidates(code).into_iter()
    }

    fn by_guid(&self, guid: &str) -> Option<Issuer> {
        by_guid(guid)
    }

    fn by_aid(&self, aid: &[u8]) -> Option<Issuer> {
        by_aid(aid)
    }

    fn by_root_id(&self, id: u8) -> Option<Issuer> {
        by_root_id(id)
    }

    fn by_account_form<'v>(
        &self,
        template: u8,
        sub: &dyn Fn(u8) -> Option<&'v str>,
        country: Option<&str>,
    ) -> Option<Issuer> {
        by_account_form(template, sub, country).map(|(i, _)| i)
    }

    fn by_id(&self, id: &str) -> Option<Issuer> {
        issuer(id)
    }
}

impl fmt::Debug for Candidates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.iter().map(DisplayAsDebug))
            .finish()
    }
}

/// Shows an issuer as its bare ID inside a `Debug` list.
struct DisplayAsDebug(Issuer);

impl fmt::Debug for DisplayAsDebug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id())
    }
}

/// The rules whose prefix starts the code, in candidate order: the bucket of the code's first
/// two digits, filtered.
fn prefix_rules(code: &str) -> impl Iterator<Item = &'static NumericRule> + '_ {
    let bucket = match code.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9', ..] => {
            let i = usize::from(a.wrapping_sub(b'0'))
                .wrapping_mul(10)
                .wrapping_add(usize::from(b.wrapping_sub(b'0')));
            NUMERIC_RULES.get(i).copied().unwrap_or_default()
        }
        _ => &[],
    };
    // Prefixes are two to seven bytes: compared inline rather than through `memcmp`.
    bucket.iter().filter(move |r| {
        code.len() >= r.prefix.len() && r.prefix.bytes().zip(code.bytes()).all(|(a, b)| a == b)
    })
}

/// Returns the issuers a numeric payment code (付款码) may belong to, by prefix and length,
/// most likely first. The code is not otherwise checked: see
/// [`NumericCode`](crate::numeric::NumericCode) for that.
///
/// # Examples
///
/// ```
/// use paycode::registry::numeric_candidates;
/// assert_eq!(numeric_candidates("120061098828009406").first().map(|i| i.id()), Some("wechat-pay"));
/// assert!(numeric_candidates("120061098828009").is_empty()); // 15 digits: no rule
/// ```
#[must_use]
pub fn numeric_candidates(code: &str) -> Candidates {
    let mut out = Candidates::EMPTY;
    let bit = u32::try_from(code.len())
        .ok()
        .and_then(|n| 1u32.checked_shl(n))
        .unwrap_or(0);
    let bytes = code.as_bytes();
    for r in prefix_rules(code).filter(|r| r.lengths & bit != 0 && r.digit_holds(bytes)) {
        out.push(r.issuer, r.confidence);
    }
    out
}

/// Looks up the issuer of an MPM template GUID (sub-object 00 of 26-51 or 80-99), compared
/// without regard to ASCII case.
///
/// # Examples
///
/// ```
/// use paycode::registry::by_guid;
/// assert_eq!(by_guid("br.gov.bcb.pix").map(|i| i.id()), Some("pix"));
/// assert_eq!(by_guid("BR.GOV.BCB.PIX").map(|i| i.id()), Some("pix"));
/// assert!(by_guid("com.example").is_none());
/// ```
#[must_use]
pub fn by_guid(guid: &str) -> Option<Issuer> {
    let i = GUIDS
        .binary_search_by(|(g, _)| cmp_ignore_ascii_case(g, guid))
        .ok()?;
    GUIDS.get(i).map(|&(_, n)| n)
}

fn cmp_ignore_ascii_case(upper: &str, other: &str) -> core::cmp::Ordering {
    upper
        .bytes()
        .cmp(other.bytes().map(|b| b.to_ascii_uppercase()))
}

/// Looks up the issuer of a CPM application identifier (tag 4F): the longest registered AID
/// that the given one starts with (EMV partial selection).
///
/// # Examples
///
/// ```
/// use paycode::registry::by_aid;
/// let debit = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x01];
/// assert_eq!(by_aid(&debit).map(|i| i.id()), Some("unionpay"));
/// assert!(by_aid(&[0xA0, 0x00]).is_none());
/// ```
#[must_use]
pub fn by_aid(aid: &[u8]) -> Option<Issuer> {
    AIDS.iter()
        .filter(|(a, _)| aid.starts_with(a))
        .max_by_key(|(a, _)| a.len())
        .map(|&(_, n)| n)
}

/// Looks up the network that an MPM root ID between 02 and 25 names by itself (EMVCo MPM
/// Table 4.1): 02-03 Visa, 15-16 UnionPay, …
///
/// # Examples
///
/// ```
/// use paycode::registry::by_root_id;
/// assert_eq!(by_root_id(15).map(|i| i.id()), Some("unionpay"));
/// assert_eq!(by_root_id(2).map(|i| i.id()), Some("visa"));
/// assert!(by_root_id(26).is_none()); // a template: its GUID says whose it is
/// ```
#[must_use]
pub fn by_root_id(id: u8) -> Option<Issuer> {
    let i = ROOT_IDS.binary_search_by_key(&id, |&(r, _)| r).ok()?;
    ROOT_IDS.get(i).map(|&(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn account_forms_attribute_khqr_only_in_its_shape_and_country() {
        let khqr = issuer("khqr").unwrap();
        let at = |t: u8, v: &'static str, c: &str| {
            by_account_form(t, |sub| (sub == 0).then_some(v), Some(c)).map(|(i, _)| i)
        };
        assert_eq!(at(29, "your_name@bank", "KH"), Some(khqr));
        assert_eq!(at(30, "a.b-c_d@devb01", "KH"), Some(khqr));
        assert_eq!(
            by_account_form(29, |_| Some("x@bank"), Some("KH")).map(|(_, c)| c),
            Some(Confidence::Secondary)
        );
        for (t, v, c) in [
            (29, "your_name@bank", "TH"),
            (29, "your_name@Bank", "KH"),
            (29, "your_name@", "KH"),
            (29, "@bank", "KH"),
            (29, "your name@bank", "KH"),
            (29, "a@abcdefghijklmnopq", "KH"),
            (31, "your_name@bank", "KH"),
        ] {
            assert_eq!(at(t, v, c), None, "{t} {v} {c}");
        }
        assert_eq!(by_account_form(29, |_| Some("x@bank"), None), None);
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for (i, bucket) in NUMERIC_RULES.iter().enumerate() {
            assert!(
                bucket
                    .iter()
                    .all(|r| r.prefix.get(..2) == Some(format!("{i:02}").as_str()))
            );
            assert!(
                bucket
                    .windows(2)
                    .all(|w| w[0].prefix.len() >= w[1].prefix.len())
            );
        }
        assert!(GUIDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            GUIDS
                .iter()
                .all(|(g, _)| !g.bytes().any(|b| b.is_ascii_lowercase()))
        );
        assert!(ROOT_IDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(!ISSUERS.is_empty());
    }

    #[test]
    fn the_fixed_ids_exist() {
        for id in [
            "wechat-pay",
            "alipay",
            "unionpay",
            "jd-pay",
            "bestpay",
            "e-cny",
            "qq-wallet",
            "hebao",
            "wo-wallet",
            "suning",
            "webank",
            "lakala",
            "visa",
            "mastercard",
            "discover",
            "amex",
            "jcb",
            "emvco",
        ] {
            assert!(issuer(id).is_some(), "{id}");
        }
    }

    #[test]
    fn digit_constraints_point_both_ways() {
        let rule = |is| NumericRule {
            prefix: "28",
            lengths: 1 << 19,
            digit: Some(DigitAt {
                at: 13,
                digit: b'6',
                is,
            }),
            issuer: ISSUERS[0],
            confidence: Confidence::Verified,
        };
        let six = b"2893612204263667830";
        let five = b"2893612204263567830";
        assert!(rule(true).digit_holds(six));
        assert!(!rule(true).digit_holds(five));
        assert!(!rule(false).digit_holds(six));
        assert!(rule(false).digit_holds(five));
        // Too short to have the position: neither way holds.
        assert!(!rule(true).digit_holds(b"289"));
        assert!(!rule(false).digit_holds(b"289"));
        let free = NumericRule {
            digit: None,
            ..rule(true)
        };
        assert!(free.digit_holds(b""));
    }

    #[test]
    fn longest_prefix_first() {
        // 5678 (WeBank) is longer than any other prefix of this code.
        let c = numeric_candidates("5678123456789012345");
        assert_eq!(c.iter().map(|i| i.id()).collect::<Vec<_>>(), ["webank"]);
        assert!(numeric_candidates("990061098828009406").is_empty());
    }
}
