//! A registry that a backend extends at run time with issuers of its own (`alloc`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{Issuer, by_aid, by_guid, by_root_id, numeric_candidates};

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
    numeric: Vec<(String, core::ops::RangeInclusive<usize>)>,
    guids: Vec<String>,
    aids: Vec<Vec<u8>>,
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
        }
    }

    /// Adds a numeric-code rule: codes starting with `prefix`, of a length in `lengths`.
    #[must_use]
    pub fn numeric(mut self, prefix: &str, lengths: core::ops::RangeInclusive<usize>) -> Self {
        self.numeric.push((prefix.into(), lengths));
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
}

/// An issuer found in a [`Registry`]: built in, or added at run time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IssuerRef<'r> {
    /// An issuer of `spec/registry.json`.
    Builtin(Issuer),
    /// An issuer added with [`Registry::add`].
    Custom(&'r CustomIssuer),
}

impl IssuerRef<'_> {
    /// Returns the issuer's ID.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            IssuerRef::Builtin(i) => i.id(),
            IssuerRef::Custom(c) => c.id(),
        }
    }
}

impl fmt::Debug for IssuerRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IssuerRef({})", self.id())
    }
}

/// The built-in registry plus issuers added at run time. Custom issuers are consulted first,
/// so a backend can also override the built-in attribution of a prefix or GUID.
///
/// # Examples
///
/// ```
/// use paycode::registry::{CustomIssuer, Registry};
/// let mut r = Registry::new();
/// r.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
/// let ids: Vec<String> = r.numeric_candidates("771234567890123456").iter().map(|i| i.id().to_owned()).collect();
/// assert_eq!(ids, ["campus-card"]);
/// // Built-in issuers are still found.
/// assert_eq!(r.numeric_candidates("120061098828009406")[0].id(), "wechat-pay");
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

    /// Returns the candidates for a numeric code: custom issuers (longest prefix first), then
    /// the built-in ones.
    #[must_use]
    pub fn numeric_candidates(&self, code: &str) -> Vec<IssuerRef<'_>> {
        let mut custom: Vec<(usize, &CustomIssuer)> = self
            .custom
            .iter()
            .filter_map(|c| {
                c.numeric
                    .iter()
                    .filter(|(p, l)| code.starts_with(p.as_str()) && l.contains(&code.len()))
                    .map(|(p, _)| p.len())
                    .max()
                    .map(|n| (n, c))
            })
            .collect();
        custom.sort_by_key(|c| core::cmp::Reverse(c.0));
        let mut out: Vec<IssuerRef<'_>> = custom
            .into_iter()
            .map(|(_, c)| IssuerRef::Custom(c))
            .collect();
        out.extend(numeric_candidates(code).iter().map(IssuerRef::Builtin));
        out
    }

    /// Looks up a GUID among custom issuers, then built-in ones.
    #[must_use]
    pub fn by_guid(&self, guid: &str) -> Option<IssuerRef<'_>> {
        self.custom
            .iter()
            .find(|c| c.guids.iter().any(|g| g.eq_ignore_ascii_case(guid)))
            .map(IssuerRef::Custom)
            .or_else(|| by_guid(guid).map(IssuerRef::Builtin))
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
            .or_else(|| by_aid(aid).map(IssuerRef::Builtin))
    }

    /// Looks up a root ID (02-25); custom issuers cannot claim these.
    #[must_use]
    pub fn by_root_id(&self, id: u8) -> Option<IssuerRef<'_>> {
        by_root_id(id).map(IssuerRef::Builtin)
    }
}
