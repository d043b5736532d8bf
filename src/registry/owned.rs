//! A registry that a backend extends at run time with issuers of its own (`alloc`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{
    CandidatesIter, Confidence, Issuer, Lookup, by_aid, by_guid, by_root_id, numeric_candidates,
};

/// An issuer added at run time: a private wallet, a closed-loop card, a test issuer.
///
/// # Examples
///
/// ```
/// use paycode::registry::CustomIssuer;
/// let campus = CustomIssuer::new("campus-card", "Campus Card")
///     .numeric("77", 18..=18)
///     .guid("edu.example.campus");
/// assert_eq!(campus.id(), "campus-card");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomIssuer {
    id: String,
    name: String,
    numeric: Vec<NumericRule>,
    guids: Vec<String>,
    aids: Vec<Vec<u8>>,
    rank: Option<u32>,
    name_zh: Option<String>,
}

impl CustomIssuer {
    /// Starts an issuer with an ID (by convention lower-case kebab-case) and a name.
    #[must_use]
    pub fn new(id: &str, name: &str) -> Self {
        CustomIssuer {
            id: id.into(),
            name: name.into(),
            numeric: Vec::new(),
            guids: Vec::new(),
            aids: Vec::new(),
            rank: None,
            name_zh: None,
        }
    }

    /// Adds a numeric-code rule: codes starting with `prefix`, of a length in `lengths`.
    #[must_use]
    pub fn numeric(mut self, prefix: &str, lengths: core::ops::RangeInclusive<usize>) -> Self {
        self.numeric.push(NumericRule {
            prefix: prefix.into(),
            lengths,
            digit: None,
            confidence: None,
        });
        self
    }

    /// Adds a numeric-code rule that also requires the digit at position `at` (counting from
    /// 0) to be `digit` (`is`) or not to be it (`!is`): a registry document's `digit`.
    /// A registry document's rule also has a confidence.
    #[cfg(feature = "serde")]
    pub(crate) fn numeric_rule(
        mut self,
        prefix: &str,
        lengths: core::ops::RangeInclusive<usize>,
        digit: Option<(usize, u8, bool)>,
        confidence: Option<Confidence>,
    ) -> Self {
        self.numeric.push(NumericRule {
            prefix: prefix.into(),
            lengths,
            digit,
            confidence,
        });
        self
    }

    /// Sets the issuer's rank (lower first among candidates of equal prefix and confidence):
    /// a registry document's `rank`.
    #[cfg(feature = "serde")]
    pub(crate) fn ranked(mut self, rank: u32) -> Self {
        self.rank = Some(rank);
        self
    }

    /// Adds an MPM template GUID (compared without regard to ASCII case).
    #[must_use]
    pub fn guid(mut self, guid: &str) -> Self {
        self.guids.push(guid.into());
        self
    }

    /// Adds a CPM application identifier (matched as a prefix of the AID presented).
    #[must_use]
    pub fn aid(mut self, aid: &[u8]) -> Self {
        self.aids.push(aid.into());
        self
    }

    /// Returns the ID.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Returns the name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the Chinese name, where a registry document gave one.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::CustomIssuer;
    /// assert_eq!(CustomIssuer::new("campus-card", "Campus Card").name_zh(), None);
    /// ```
    #[must_use]
    pub fn name_zh(&self) -> Option<&str> {
        self.name_zh.as_deref()
    }

    /// Returns the confidence of the rule that attributes a numeric code to this issuer (its
    /// best matching rule), where a registry document gave one; `None` when no rule matches
    /// or the rule has none.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::CustomIssuer;
    /// let campus = CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18);
    /// assert_eq!(campus.numeric_confidence("771234567890123456"), None);
    /// ```
    #[must_use]
    pub fn numeric_confidence(&self, code: &str) -> Option<Confidence> {
        self.numeric
            .iter()
            .filter(|r| r.matches(code))
            .min_by_key(|r| (core::cmp::Reverse(r.prefix.len()), sure(r.confidence)))
            .and_then(|r| r.confidence)
    }

    /// The number of numeric rules (prefix and length range pairs).
    #[cfg(feature = "serde")]
    pub(crate) fn numeric_rules(&self) -> usize {
        self.numeric.len()
    }

    /// Sets the Chinese name: a registry document's `name.zh`.
    #[cfg(feature = "serde")]
    pub(crate) fn named_zh(mut self, name_zh: &str) -> Self {
        self.name_zh = Some(name_zh.into());
        self
    }
}

/// An issuer found in a [`Registry`]: built in, or added at run time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IssuerRef<'r> {
    /// An issuer of `spec/registry.json`.
    Builtin(Issuer),
    /// An issuer added with [`Registry::add`].
    Custom(&'r CustomIssuer),
}

impl<'r> IssuerRef<'r> {
    /// Returns the issuer's ID, borrowed from the registry rather than from this reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{IssuerRef, issuer};
    /// let wx = IssuerRef::Builtin(issuer("wechat-pay").unwrap());
    /// assert_eq!(wx.id(), "wechat-pay");
    /// ```
    #[must_use]
    pub fn id(&self) -> &'r str {
        match *self {
            IssuerRef::Builtin(i) => i.id(),
            IssuerRef::Custom(c) => c.id(),
        }
    }

    /// Returns the issuer's name.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{CustomIssuer, IssuerRef};
    /// let campus = CustomIssuer::new("campus-card", "Campus Card");
    /// assert_eq!(IssuerRef::Custom(&campus).name(), "Campus Card");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'r str {
        match *self {
            IssuerRef::Builtin(i) => i.name(),
            IssuerRef::Custom(c) => c.name(),
        }
    }
}

/// Writes the issuer's ID.
impl fmt::Display for IssuerRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl fmt::Debug for IssuerRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IssuerRef({})", self.id())
    }
}

/// The built-in registry plus issuers added at run time. Custom issuers are consulted first,
/// so a backend can also override the built-in attribution of a prefix or GUID; a custom
/// issuer with a built-in issuer's ID replaces that issuer's numeric rules, GUIDs and AIDs
/// (the built-in ones are no longer matched). With `serde`, a registry also deserializes from a
/// document of `spec/registry.json`'s shape, so a backend can update attribution without a new
/// release.
///
/// # Examples
///
/// ```
/// use paycode::registry::{CustomIssuer, Registry};
/// let mut r = Registry::new();
/// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
/// let ids: Vec<&str> = r.numeric_candidates("771234567890123456").map(|i| i.id()).collect();
/// assert_eq!(ids, ["campus-card"]);
/// // Built-in issuers are still found.
/// assert_eq!(r.numeric_candidates("120061098828009406").next().map(|i| i.id()), Some("wechat-pay"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Registry {
    custom: Vec<CustomIssuer>,
}

impl Registry {
    /// Returns the built-in registry with nothing added.
    #[must_use]
    pub fn new() -> Self {
        Registry::default()
    }

    /// Adds an issuer.
    pub fn add(&mut self, issuer: CustomIssuer) -> &mut Self {
        self.custom.push(issuer);
        self
    }

    /// Returns the candidates for a numeric code, most likely first: the custom issuers whose
    /// rules match its prefix and length, longest matching prefix first and, at equal length,
    /// by the rule's confidence and the issuer's rank where a registry document gave them,
    /// then in the order they were added; then the built-in candidates that no custom issuer
    /// replaces, in their order (`spec/numeric.md`, Classification). Nothing is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{CustomIssuer, Registry};
    /// let mut r = Registry::new();
    /// r.add(CustomIssuer::new("bank-app", "A bank app").numeric("62", 19..=19));
    /// let ids: Vec<_> = r.numeric_candidates("6236171220051893816").map(|i| i.id()).collect();
    /// assert_eq!(ids, ["bank-app", "unionpay", "jd-pay"]);
    /// ```
    #[must_use]
    pub fn numeric_candidates<'c>(&self, code: &'c str) -> RegistryCandidates<'_, 'c> {
        RegistryCandidates {
            custom: &self.custom,
            code,
            last: None,
            builtin: numeric_candidates(code).into_iter(),
        }
    }

    /// Looks up a GUID among custom issuers, then built-in ones.
    #[must_use]
    pub fn by_guid(&self, guid: &str) -> Option<IssuerRef<'_>> {
        self.custom
            .iter()
            .find(|c| c.guids.iter().any(|g| g.eq_ignore_ascii_case(guid)))
            .map(IssuerRef::Custom)
            .or_else(|| self.builtin(by_guid(guid)))
    }

    /// Looks up an AID among custom issuers (longest match), then built-in ones.
    #[must_use]
    pub fn by_aid(&self, aid: &[u8]) -> Option<IssuerRef<'_>> {
        self.custom
            .iter()
            .filter_map(|c| {
                c.aids
                    .iter()
                    .filter(|a| aid.starts_with(a))
                    .map(|a| (a.len(), c))
                    .max_by_key(|x| x.0)
            })
            .max_by_key(|x| x.0)
            .map(|(_, c)| IssuerRef::Custom(c))
            .or_else(|| self.builtin(by_aid(aid)))
    }

    /// A built-in issuer found by a lookup, unless a custom issuer with its ID replaces it.
    fn builtin(&self, found: Option<Issuer>) -> Option<IssuerRef<'_>> {
        found
            .filter(|i| !self.replaces(i.id()))
            .map(IssuerRef::Builtin)
    }

    /// Whether a custom issuer has this built-in ID, and so replaces the built-in issuer's
    /// numeric rules, GUIDs and AIDs with its own.
    fn replaces(&self, id: &str) -> bool {
        self.custom.iter().any(|c| c.id == id)
    }

    /// Looks up a root ID (02-25); custom issuers cannot claim these.
    #[must_use]
    pub fn by_root_id(&self, id: u8) -> Option<IssuerRef<'_>> {
        by_root_id(id).map(IssuerRef::Builtin)
    }
}

impl CustomIssuer {
    /// The length of the longest of the issuer's numeric prefixes that starts `code`, among
    /// its rules whose lengths admit the code's.
    fn order_key(&self, code: &str, index: usize) -> Option<OrderKey> {
        self.numeric
            .iter()
            .filter(|r| r.matches(code))
            .map(|r| {
                (
                    core::cmp::Reverse(r.prefix.len()),
                    sure(r.confidence),
                    self.rank.unwrap_or(0),
                    index,
                )
            })
            .min()
    }
}

/// How sure a rule is, surest first: a rule without a confidence counts as verified, so that
/// issuers added without one keep the order they were added in.
fn sure(c: Option<Confidence>) -> u8 {
    match c {
        None | Some(Confidence::Verified) => 0,
        Some(Confidence::Secondary) => 1,
        Some(_) => 2,
    }
}

/// One numeric-code rule of a [`CustomIssuer`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct NumericRule {
    prefix: String,
    lengths: core::ops::RangeInclusive<usize>,
    /// The digit at a position that the code must (`true`) or must not (`false`) have.
    digit: Option<(usize, u8, bool)>,
    /// The rule's confidence, where a registry document gave it.
    confidence: Option<Confidence>,
}

impl NumericRule {
    fn matches(&self, code: &str) -> bool {
        code.starts_with(self.prefix.as_str())
            && self.lengths.contains(&code.len())
            && self
                .digit
                .is_none_or(|(at, d, is)| (code.as_bytes().get(at) == Some(&d)) == is)
    }
}

/// The candidates of a numeric code in a [`Registry`], most likely first: see
/// [`Registry::numeric_candidates`].
///
/// Custom issuers are yielded by the length of their longest matching prefix, from the
/// longest down; at equal length by the confidence of the rule and the issuer's rank where a
/// registry document gave them (`spec/registry.md`, Lookups), then in the order they were
/// added. Each step is one pass over the custom issuers, so no buffer is needed. Then the
/// built-in candidates, less those a custom issuer replaces.
///
/// # Examples
///
/// ```
/// use paycode::registry::{CustomIssuer, Registry};
/// let mut r = Registry::new();
/// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
/// let mut it = r.numeric_candidates("771234567890123456");
/// assert_eq!(it.next().map(|i| i.id()), Some("campus-card"));
/// assert!(it.next().is_none()); // no built-in issuer uses 77
/// ```
#[derive(Debug, Clone)]
pub struct RegistryCandidates<'r, 'c> {
    custom: &'r [CustomIssuer],
    code: &'c str,
    /// The order key of the custom issuer yielded last; `None` before the first.
    last: Option<OrderKey>,
    builtin: CandidatesIter,
}

/// Where a custom issuer's best matching rule puts it among the candidates: longest prefix,
/// then surest rule, then lowest rank, then the order of adding.
type OrderKey = (core::cmp::Reverse<usize>, u8, u32, usize);

impl<'r> Iterator for RegistryCandidates<'r, '_> {
    type Item = IssuerRef<'r>;

    fn next(&mut self) -> Option<IssuerRef<'r>> {
        let last = self.last;
        let next = self
            .custom
            .iter()
            .enumerate()
            .filter_map(|(n, c)| c.order_key(self.code, n).map(|k| (k, c)))
            .filter(|(k, _)| last.is_none_or(|l| *k > l))
            .min_by_key(|(k, _)| *k);
        if let Some((k, c)) = next {
            self.last = Some(k);
            return Some(IssuerRef::Custom(c));
        }
        let custom = self.custom;
        self.builtin
            .find(|i| !custom.iter().any(|c| c.id == i.id()))
            .map(IssuerRef::Builtin)
    }
}

impl core::iter::FusedIterator for RegistryCandidates<'_, '_> {}

/// The run-time registry as a [`Lookup`]: readers' `issuers_in(&registry)` find custom
/// issuers first, then the built-in ones.
///
/// # Examples
///
/// ```
/// use paycode::numeric::NumericCode;
/// use paycode::registry::{CustomIssuer, Registry};
/// let mut r = Registry::new();
/// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
/// let code = NumericCode::parse("771234567890123456")?;
/// assert!(code.issuers().is_empty()); // the built-in registry knows no 77
/// let ids: Vec<_> = code.issuers_in(&r).map(|i| i.to_string()).collect();
/// assert_eq!(ids, ["campus-card"]);
/// # Ok::<(), paycode::Error>(())
/// ```
impl Lookup for Registry {
    type Issuer<'r> = IssuerRef<'r>;
    type NumericCandidates<'r, 'c> = RegistryCandidates<'r, 'c>;

    fn numeric_candidates<'r, 'c>(&'r self, code: &'c str) -> RegistryCandidates<'r, 'c> {
        Registry::numeric_candidates(self, code)
    }

    fn by_guid<'r>(&'r self, guid: &str) -> Option<IssuerRef<'r>> {
        Registry::by_guid(self, guid)
    }

    fn by_aid<'r>(&'r self, aid: &[u8]) -> Option<IssuerRef<'r>> {
        Registry::by_aid(self, aid)
    }

    fn by_root_id<'r>(&'r self, id: u8) -> Option<IssuerRef<'r>> {
        Registry::by_root_id(self, id)
    }

    // Account forms are the built-in registry's only: a custom issuer registers none.
    fn by_account_form<'r, 'v>(
        &'r self,
        template: u8,
        sub: &dyn Fn(u8) -> Option<&'v str>,
        country: Option<&str>,
    ) -> Option<IssuerRef<'r>> {
        super::BUILT_IN
            .by_account_form(template, sub, country)
            .map(IssuerRef::Builtin)
    }

    // Custom issuers first, as for every other lookup: one with a built-in ID replaces it.
    fn by_id<'r>(&'r self, id: &str) -> Option<IssuerRef<'r>> {
        self.custom
            .iter()
            .find(|c| c.id == id)
            .map(IssuerRef::Custom)
            .or_else(|| super::issuer(id).map(IssuerRef::Builtin))
    }
}
