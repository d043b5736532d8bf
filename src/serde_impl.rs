//! `serde` support: the JSON shape of a parsed payload and of findings.
//!
//! A [`Payload`] serializes as
//!
//! ```json
//! {"payload": "000201…6304A13A",
//!  "objects": [{"id": "00", "name": "Payload Format Indicator", "value": "01"},
//!              {"id": "26", "name": "…", "value": "0012…", "objects": [ … ]}, …]}
//! ```
//!
//! `objects` lists every root object in order; a template that reads as data objects also
//! lists its own (nested templates of 62.50–99 likewise), read from that template's own value,
//! so that two templates with one ID each show what they hold. Deserializing accepts either that
//! object (only `payload` is read) or a bare string, and always goes through
//! [`Payload::parse`]: a payload that does not parse does not deserialize. The payload string
//! is borrowed, so it must reach the deserializer without escapes.
//!
//! With `alloc`, the owned values ([`PayloadBuf`](crate::mpm::PayloadBuf) and its kin) read
//! from owned strings too (`serde_json::from_value`, JSON with escapes), always through the
//! family's reader:
//!
//! - `PayloadBuf` serializes as a [`Payload`] does and deserializes from the same object (only
//!   `payload` is read) or a bare string;
//! - `LegacyCodeBuf` serializes as a `LegacyCode` does (the object below) and deserializes from
//!   that object (only `code` is read) or a bare string;
//! - `NumericCodeBuf`, `CpmBuf` and `AlipayPlusMpmBuf` deserialize from their text. They do not
//!   serialize: their views have no JSON shape, and numeric and consumer-presented codes are
//!   credentials, which output masks (`paycode::mask`) rather than writes in full.

#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "alloc")]
mod registry;

use core::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::error::ObjectPath;
use crate::mpm::{DataObject, LengthUnit, ParseOptions, Payload, Template, object_name};

struct Objects<'p, 'a> {
    payload: &'p Payload<'a>,
    template: Option<Template<'a>>,
}

struct Object<'p, 'a> {
    payload: &'p Payload<'a>,
    /// The template the object sits in, `None` at the root.
    parent: Option<Template<'a>>,
    object: DataObject<'a>,
    path: ObjectPath,
}

impl Serialize for Payload<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("payload", self.as_str())?;
        m.serialize_entry(
            "objects",
            &Objects {
                payload: self,
                template: None,
            },
        )?;
        m.end()
    }
}

impl Serialize for Objects<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        match self.template {
            None => {
                for object in self.payload.objects() {
                    let path = ObjectPath::root(object.id());
                    seq.serialize_element(&Object {
                        payload: self.payload,
                        parent: None,
                        object,
                        path,
                    })?;
                }
            }
            Some(t) => {
                for object in t.objects() {
                    let path = t.path().child(object.id());
                    seq.serialize_element(&Object {
                        payload: self.payload,
                        parent: Some(t),
                        object,
                        path,
                    })?;
                }
            }
        }
        seq.end()
    }
}

impl Serialize for Object<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Each object's children are read from its own span: with a repeated ID (MPM-DUP-1),
        // looking the template up by ID would show the first one's children for both.
        let template = if is_template(self.path) {
            match &self.parent {
                None => self.payload.template_of(self.object).ok(),
                Some(t) => t.template_of(self.object).ok(),
            }
        } else {
            None
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &format_args!("{:02}", self.object.id()))?;
        m.serialize_entry("name", object_name(self.path))?;
        m.serialize_entry("value", self.object.value())?;
        if let Some(t) = template {
            m.serialize_entry(
                "objects",
                &Objects {
                    payload: self.payload,
                    template: Some(t),
                },
            )?;
        }
        m.end()
    }
}

fn is_template(path: ObjectPath) -> bool {
    matches!(path.ids(), [26..=51 | 62 | 64 | 80..=99] | [62, 50..=99])
}

impl<'de: 'a, 'a> Deserialize<'de> for Payload<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Payload<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an EMVCo merchant-presented payload string, or a map with `payload`")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Payload<'de>, E> {
                ParseOptions::new()
                    .length_unit(LengthUnit::Chars)
                    .parse(v)
                    .map_err(E::custom)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Payload<'de>, A::Error> {
                let mut found = None;
                while let Some(key) = map.next_key::<&'de str>()? {
                    if key == "payload" {
                        // Two of them would leave the payload ambiguous: readers differ on which.
                        if found.is_some() {
                            return Err(de::Error::duplicate_field("payload"));
                        }
                        let v: &'de str = map.next_value()?;
                        found = Some(Payload::parse(v).map_err(de::Error::custom)?);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                found.ok_or_else(|| de::Error::missing_field("payload"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Serializes as its name: `"e-cny"`, `"unionpay"`, `"aggregated"`, …
impl Serialize for crate::scan::ScanKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

struct Issuers(crate::registry::Candidates);

impl Serialize for Issuers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for i in self.0.iter() {
            seq.serialize_element(i.id())?;
        }
        seq.end()
    }
}

/// A legacy code serializes as
///
/// ```json
/// {"code": "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A…", "form": "unionpay-gateway",
///  "scan_kind": "unionpay", "issuers": ["unionpay", "wechat-pay"], "institution": null,
///  "pays_person": false, "inner": {"code": "wxp://f2f0…", "form": "wechat-f2f0", …}}
/// ```
///
/// where `inner` is the plain code a wrapper carries (`null` for any other code).
impl Serialize for crate::legacy::LegacyCode<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("code", self.as_str())?;
        m.serialize_entry("form", self.form_id())?;
        m.serialize_entry("scan_kind", &self.issuer().scan_kind())?;
        m.serialize_entry("issuers", &Issuers(self.issuers()))?;
        m.serialize_entry("institution", &self.institution())?;
        m.serialize_entry("pays_person", &self.pays_person())?;
        let mut buf = [0u8; crate::legacy::MAX_LEN];
        match self.plain(&mut buf) {
            Some(Ok(plain)) => m.serialize_entry("inner", &plain)?,
            _ => m.serialize_entry("inner", &None::<()>)?,
        }
        m.end()
    }
}
