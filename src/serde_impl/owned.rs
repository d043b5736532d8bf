//! `serde` support for the owned values (`alloc`): the borrowed views' JSON shapes, and
//! deserializing from owned strings (escapes included) through each family's reader.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::alipay_plus::AlipayPlusMpmBuf;
use crate::cpm::CpmBuf;

use crate::legacy::LegacyCodeBuf;
use crate::mpm::PayloadBuf;
use crate::numeric::NumericCodeBuf;

/// As [`Payload`](crate::mpm::Payload): `{"payload": "000201…", "objects": [ … ]}`.
impl Serialize for PayloadBuf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_view().serialize(s)
    }
}

/// As [`LegacyCode`](crate::legacy::LegacyCode): `{"code": "…", "form": "…", …}`.
impl Serialize for LegacyCodeBuf {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_view().serialize(s)
    }
}

/// Reads a string, or the string at `key` of a map (other entries ignored), with `T`'s reader.
struct Reader<T> {
    expecting: &'static str,
    key: Option<&'static str>,
    read: PhantomData<T>,
}

impl<T> Reader<T> {
    const fn new(expecting: &'static str, key: Option<&'static str>) -> Self {
        Reader {
            expecting,
            key,
            read: PhantomData,
        }
    }
}

impl<'de, T: FromStr<Err: core::fmt::Display>> Visitor<'de> for Reader<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v).map_err(E::custom)
    }

    // serde's defaults echo a number in the error: a payment code stored as a JSON number
    // would reach the logs in clear. The type is named, never the value.
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Err(E::invalid_type(de::Unexpected::Other("an integer"), &self))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Err(E::invalid_type(de::Unexpected::Other("an integer"), &self))
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<T, E> {
        Err(E::invalid_type(de::Unexpected::Other("an integer"), &self))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Err(E::invalid_type(de::Unexpected::Other("a number"), &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(wanted) = self.key else {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        };
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == wanted {
                // Two of them would leave the value ambiguous.
                if found.is_some() {
                    return Err(de::Error::duplicate_field(wanted));
                }
                let v: String = map.next_value()?;
                found = Some(T::from_str(&v).map_err(de::Error::custom)?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| de::Error::missing_field(wanted))
    }
}

/// From a payload string or a map with `payload`, owned or borrowed, through
/// [`Payload::parse`](crate::mpm::Payload::parse).
impl<'de> Deserialize<'de> for PayloadBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader::new(
            "an EMVCo merchant-presented payload string, or a map with `payload`",
            Some("payload"),
        ))
    }
}

/// From a code string or a map with `code`, through
/// [`LegacyCode::parse`](crate::legacy::LegacyCode::parse).
impl<'de> Deserialize<'de> for LegacyCodeBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader::new(
            "a legacy merchant-presented URL, or a map with `code`",
            Some("code"),
        ))
    }
}

/// From the code's string, through [`NumericCode::parse`](crate::numeric::NumericCode::parse).
// `deserialize_any`, not `deserialize_str`: given a number, a format's own refusal would echo
// it, and a payment code stored as a JSON number would reach the logs in clear; the reader's
// visitor refuses numbers without their value.
impl<'de> Deserialize<'de> for NumericCodeBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader::new("a numeric payment code string", None))
    }
}

/// From the base64 text, through [`Cpm::decode`](crate::cpm::Cpm::decode).
impl<'de> Deserialize<'de> for CpmBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader::new(
            "an EMVCo consumer-presented payload in base64",
            None,
        ))
    }
}

/// From the code's text, through
/// [`AlipayPlusMpm::parse`](crate::alipay_plus::AlipayPlusMpm::parse).
impl<'de> Deserialize<'de> for AlipayPlusMpmBuf {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Reader::new(
            "an Alipay+ merchant-presented code string",
            None,
        ))
    }
}
