//! Reading a run-time [`Registry`] from a document of `spec/registry.json`'s shape
//! (`spec/registry.md`, Run-time registries).

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::registry::{Confidence, CustomIssuer, Registry};

/// The lengths of numeric payment codes (NUM-LEN-1): a rule for another length matches no
/// code.
const NUMERIC_LENGTHS: core::ops::RangeInclusive<usize> = 16..=24;
/// The most numeric rules (prefix and length pairs) a document may declare: each numeric code
/// is matched against every one, and the built-in registry has fewer than a hundred.
const MAX_NUMERIC_RULES: usize = 10_000;
/// The longest CPM AID, in bytes (EMV: 5–16).
const MAX_AID_LEN: usize = 16;

/// Reads `{"issuers": [{"id", "name", "numeric", "mpm_guids", "cpm_aids", …}, …], …}`: the
/// attribution facts of each issuer, every other key ignored. Each issuer is added as a
/// [`CustomIssuer`]; one whose ID is built in replaces that issuer's facts. A document that
/// names an issuer twice, or declares a fact that no code could match, does not deserialize.
///
/// # Examples
///
/// ```
/// use paycode::registry::Registry;
/// let doc = r#"{"version": "0.1", "issuers": [
///   {"id": "campus-card", "name": {"en": "Campus Card"}, "kind": "wallet",
///    "numeric": [{"prefixes": ["77"], "lengths": [18], "source": "s", "confidence": "verified"}]}
/// ]}"#;
/// let r: Registry = serde_json::from_str(doc)?;
/// let ids: Vec<_> = r.numeric_candidates("771234567890123456").map(|i| i.id()).collect();
/// assert_eq!(ids, ["campus-card"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Registry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Registry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a registry document: an object with an `issuers` array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Registry, A::Error> {
        let mut issuers: Option<Vec<CustomIssuer>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "issuers" if issuers.is_some() => {
                    return Err(de::Error::duplicate_field("issuers"));
                }
                "issuers" => {
                    let list = map.next_value::<List<IssuerEntry>>()?.0;
                    issuers = Some(list.into_iter().map(|i| i.0).collect());
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let issuers = issuers.ok_or_else(|| de::Error::missing_field("issuers"))?;
        let mut registry = Registry::new();
        let mut ids = BTreeSet::new();
        for issuer in &issuers {
            if !ids.insert(issuer.id()) {
                return Err(de::Error::custom(format_args!(
                    "issuer `{}` is listed twice",
                    issuer.id()
                )));
            }
        }
        let rules = issuers
            .iter()
            .fold(0usize, |n, i| n.saturating_add(i.numeric_rules()));
        if rules > MAX_NUMERIC_RULES {
            return Err(de::Error::custom(format_args!(
                "{rules} numeric rules (prefix and length pairs) are more than {MAX_NUMERIC_RULES}"
            )));
        }
        for issuer in issuers {
            registry.add(issuer);
        }
        Ok(registry)
    }
}

struct IssuerEntry(CustomIssuer);

impl<'de> Deserialize<'de> for IssuerEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IssuerEntry;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an issuer: an object with `id` and `name`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IssuerEntry, A::Error> {
                let mut id: Option<String> = None;
                let mut name: Option<Name> = None;
                let mut numeric: Vec<NumericRule> = Vec::new();
                let mut guids: Vec<String> = Vec::new();
                let mut aids: Vec<Vec<u8>> = Vec::new();
                let mut rank = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "id" => id = Some(map.next_value::<String>()?),
                        "name" => name = Some(map.next_value::<Name>()?),
                        "rank" => rank = Some(map.next_value::<u32>()?),
                        "numeric" => numeric = map.next_value::<List<NumericRule>>()?.0,
                        "mpm_guids" => {
                            guids = map
                                .next_value::<List<Guid>>()?
                                .0
                                .into_iter()
                                .map(|g| g.0)
                                .collect();
                        }
                        "cpm_aids" => {
                            aids = map
                                .next_value::<List<Aid>>()?
                                .0
                                .into_iter()
                                .map(|a| a.0)
                                .collect();
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
                if !is_registry_id(&id) {
                    return Err(de::Error::custom(format_args!(
                        "issuer ID `{id}` is not lower-case letters, digits and hyphens"
                    )));
                }
                let name = name.ok_or_else(|| de::Error::missing_field("name"))?;
                let mut issuer = CustomIssuer::new(&id, &name.0);
                if let Some(zh) = &name.1 {
                    issuer = issuer.named_zh(zh);
                }
                if let Some(rank) = rank {
                    issuer = issuer.ranked(rank);
                }
                for rule in numeric {
                    for prefix in &rule.prefixes {
                        for &len in &rule.lengths {
                            issuer =
                                issuer.numeric_rule(prefix, len..=len, rule.digit, rule.confidence);
                        }
                    }
                }
                for guid in guids {
                    issuer = issuer.guid(&guid);
                }
                for aid in aids {
                    issuer = issuer.aid(&aid);
                }
                Ok(IssuerEntry(issuer))
            }
        }
        d.deserialize_map(V)
    }
}

fn is_registry_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A name: a string, or `{"en": …, "zh": …}`.
struct Name(String, Option<String>);

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Name;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a name: a string or an object with `en`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Name, E> {
                Ok(Name(v.into(), None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Name, A::Error> {
                let mut en = None;
                let mut zh = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "en" => en = Some(map.next_value::<String>()?),
                        "zh" => zh = Some(map.next_value::<String>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let en = en.ok_or_else(|| de::Error::missing_field("en"))?;
                Ok(Name(en, zh))
            }
        }
        d.deserialize_any(V)
    }
}

/// An array of `T`.
struct List<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(core::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = seq.next_element::<T>()? {
                    out.push(x);
                }
                Ok(List(out))
            }
        }
        d.deserialize_seq(V(core::marker::PhantomData))
    }
}

/// `{"prefixes": ["10", …], "lengths": [18, …], …}`.
struct NumericRule {
    prefixes: Vec<String>,
    lengths: Vec<usize>,
    /// `{"at": 13, "is": "6"}` or `{"at": 13, "not": "6"}`: (position, digit, is).
    digit: Option<(usize, u8, bool)>,
    confidence: Option<Confidence>,
}

impl<'de> Deserialize<'de> for NumericRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumericRule;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a numeric rule: an object with `prefixes` and `lengths`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NumericRule, A::Error> {
                let mut prefixes: Option<Vec<String>> = None;
                let mut lengths: Option<Vec<usize>> = None;
                let mut digit = None;
                let mut confidence = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "prefixes" => prefixes = Some(map.next_value::<List<String>>()?.0),
                        "lengths" => lengths = Some(map.next_value::<List<usize>>()?.0),
                        "digit" => digit = Some(map.next_value::<DigitRule>()?.0),
                        "confidence" => {
                            let c = map.next_value::<String>()?;
                            confidence = Some(match c.as_str() {
                                "verified" => Confidence::Verified,
                                "secondary" => Confidence::Secondary,
                                "folklore" => Confidence::Folklore,
                                _ => {
                                    return Err(de::Error::unknown_variant(
                                        &c,
                                        &["verified", "secondary", "folklore"],
                                    ));
                                }
                            });
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let prefixes = prefixes.ok_or_else(|| de::Error::missing_field("prefixes"))?;
                let lengths = lengths.ok_or_else(|| de::Error::missing_field("lengths"))?;
                let pairs = prefixes.len().saturating_mul(lengths.len());
                if pairs > MAX_NUMERIC_RULES {
                    return Err(de::Error::custom(format_args!(
                        "{pairs} numeric rules (prefix and length pairs) are more than \
                         {MAX_NUMERIC_RULES}"
                    )));
                }
                let longest = *NUMERIC_LENGTHS.end();
                for p in &prefixes {
                    if p.is_empty() || p.len() > longest || !p.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(de::Error::custom(format_args!(
                            "numeric prefix `{p}` is not 1 to {longest} digits"
                        )));
                    }
                }
                for &l in &lengths {
                    if !NUMERIC_LENGTHS.contains(&l) || prefixes.iter().any(|p| p.len() > l) {
                        return Err(de::Error::custom(format_args!(
                            "numeric length {l} admits no code with the rule's prefixes \
                             (codes are 16 to 24 digits, NUM-LEN-1)"
                        )));
                    }
                }
                if let Some((at, _, _)) = digit {
                    if lengths.iter().any(|&l| at >= l) || prefixes.iter().any(|p| at < p.len()) {
                        return Err(de::Error::custom(format_args!(
                            "digit position {at} is not after the prefix and inside every length"
                        )));
                    }
                }
                Ok(NumericRule {
                    prefixes,
                    lengths,
                    digit,
                    confidence,
                })
            }
        }
        d.deserialize_map(V)
    }
}

/// `{"at": 13, "is": "6"}` or `{"at": 13, "not": "6"}`.
struct DigitRule((usize, u8, bool));

impl<'de> Deserialize<'de> for DigitRule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DigitRule;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a digit condition: `at` and one of `is` or `not`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DigitRule, A::Error> {
                let mut at = None;
                let mut digit: Option<(String, bool)> = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "at" => at = Some(map.next_value::<usize>()?),
                        k @ ("is" | "not") if digit.is_none() => {
                            digit = Some((map.next_value::<String>()?, k == "is"));
                        }
                        "is" | "not" => {
                            return Err(de::Error::custom(
                                "a digit condition has one of `is`, `not`",
                            ));
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let at = at.ok_or_else(|| de::Error::missing_field("at"))?;
                let (text, is) = digit.ok_or_else(|| de::Error::missing_field("is"))?;
                match *text.as_bytes() {
                    [d] if d.is_ascii_digit() => Ok(DigitRule((at, d, is))),
                    _ => Err(de::Error::custom(format_args!("`{text}` is not one digit"))),
                }
            }
        }
        d.deserialize_map(V)
    }
}

/// `{"guid": "…", …}`.
struct Guid(String);

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let guid = field::<D, String>(d, "guid", "an MPM GUID: an object with `guid`")?;
        // A template's 00 holds at most 32 characters (MPM-GUID-1's bound).
        if guid.is_empty() || guid.len() > 32 || !guid.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(de::Error::custom(format_args!(
                "GUID `{guid}` is not 1 to 32 printable ASCII characters"
            )));
        }
        Ok(Guid(guid))
    }
}

/// `{"aid": "A000000333", …}`: hexadecimal, 5 to 16 bytes.
struct Aid(Vec<u8>);

impl<'de> Deserialize<'de> for Aid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hex = field::<D, String>(d, "aid", "a CPM AID: an object with `aid`")?;
        let bytes = decode_hex(&hex).filter(|b| (5..=MAX_AID_LEN).contains(&b.len()));
        bytes.map(Aid).ok_or_else(|| {
            de::Error::custom(format_args!(
                "AID `{hex}` is not 5 to {MAX_AID_LEN} bytes of hexadecimal"
            ))
        })
    }
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => c.checked_sub(b'0'),
            b'a'..=b'f' => c.checked_sub(b'a' - 10),
            b'A'..=b'F' => c.checked_sub(b'A' - 10),
            _ => None,
        }
    }
    let bytes = hex.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| match *pair {
            [hi, lo] => Some(nibble(hi)?.checked_shl(4)? | nibble(lo)?),
            _ => None,
        })
        .collect()
}

/// Reads the value at `key` of a map, every other entry ignored.
fn field<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    key: &'static str,
    expecting: &'static str,
) -> Result<T, D::Error> {
    struct V<T> {
        key: &'static str,
        expecting: &'static str,
        value: core::marker::PhantomData<T>,
    }
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut value = None;
            while let Some(k) = map.next_key::<String>()? {
                if k == self.key && value.is_none() {
                    value = Some(map.next_value::<T>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            value.ok_or_else(|| de::Error::missing_field(self.key))
        }
    }
    d.deserialize_map(V {
        key,
        expecting,
        value: core::marker::PhantomData,
    })
}
