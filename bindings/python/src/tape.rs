//! A serde serializer into a flat tape of events, and the tape's replay into Python objects.
//!
//! Two steps, so that the library's work (reading the code, computing the report) runs without
//! the GIL: a batch's reports are serialized onto one tape with the GIL released, then the
//! tape is turned into dicts, lists and strings with it held. A single `decode` goes the same
//! way, so `decode_many(list)` returns exactly what `decode` returns one by one.
//!
//! The shapes are serde_json's: a map or a struct is a dict, a sequence or a tuple a list,
//! `None` and `()` are `None`, a unit variant is its name, a newtype variant `{name: value}`.

use std::collections::HashMap;
use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;
use serde::ser::{self, Serializer};

/// One event of the tape. Strings are ranges of the tape's text.
#[derive(Debug, Clone, Copy)]
enum Ev {
    /// A map or a struct starts; keys and values alternate until [`Ev::End`].
    Map,
    /// A sequence starts; its elements follow until [`Ev::End`].
    Seq,
    /// The innermost open map or sequence ends.
    End,
    /// A string: `text[start..end]`.
    Str(u32, u32),
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    /// `None`, `()`, a unit struct.
    Null,
}

/// Serialized values, one after another.
#[derive(Debug, Default)]
pub(crate) struct Tape {
    ev: Vec<Ev>,
    text: String,
}

/// Why a value could not be put on the tape.
#[derive(Debug)]
pub(crate) struct TapeError(String);

impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TapeError {}

impl ser::Error for TapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TapeError(msg.to_string())
    }
}

impl Tape {
    /// Puts one value on the tape. On an error the tape is left as it was.
    pub(crate) fn push(&mut self, value: &impl Serialize) -> Result<(), TapeError> {
        let (ev, text) = (self.ev.len(), self.text.len());
        let r = value.serialize(&mut *self);
        if r.is_err() {
            self.ev.truncate(ev);
            self.text.truncate(text);
        }
        r
    }

    fn str(&mut self, s: &str) -> Result<(), TapeError> {
        let start = self.text.len();
        self.text.push_str(s);
        let (Ok(a), Ok(b)) = (u32::try_from(start), u32::try_from(self.text.len())) else {
            return Err(TapeError(
                "a batch's text is over 4 GiB: decode it in parts".into(),
            ));
        };
        self.ev.push(Ev::Str(a, b));
        Ok(())
    }

    /// Turns every value of the tape into a Python object, in order.
    pub(crate) fn replay<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let mut r = Replay {
            py,
            tape: self,
            at: 0,
            keys: HashMap::new(),
            values: HashMap::new(),
        };
        let mut out = Vec::new();
        while r.at < self.ev.len() {
            out.push(r.value()?);
        }
        Ok(out)
    }
}

/// The replay of a tape: where it is, and the dict keys made so far (a report's keys repeat
/// in every report: one string object each, its hash computed once).
struct Replay<'t, 'py> {
    py: Python<'py>,
    tape: &'t Tape,
    at: usize,
    keys: HashMap<&'t str, Bound<'py, PyString>>,
    values: HashMap<&'t str, Bound<'py, PyString>>,
}

/// The longest string value [`Replay::string`] shares.
const SHARED_MAX: usize = 96;

impl<'t, 'py> Replay<'t, 'py> {
    fn next(&mut self) -> PyResult<Ev> {
        let ev = self.tape.ev.get(self.at).copied().ok_or_else(broken)?;
        self.at += 1;
        Ok(ev)
    }

    fn text(&self, a: u32, b: u32) -> PyResult<&'t str> {
        self.tape
            .text
            .get(a as usize..b as usize)
            .ok_or_else(broken)
    }

    fn value(&mut self) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        Ok(match self.next()? {
            Ev::Map => {
                let d = PyDict::new(py);
                loop {
                    let key = match self.next()? {
                        Ev::End => break,
                        Ev::Str(a, b) => self.key(a, b)?,
                        _ => return Err(broken()),
                    };
                    let v = self.value()?;
                    d.set_item(key, v)?;
                }
                d.into_any()
            }
            Ev::Seq => {
                let l = PyList::empty(py);
                while !matches!(self.tape.ev.get(self.at), Some(Ev::End) | None) {
                    l.append(self.value()?)?;
                }
                self.next()?;
                l.into_any()
            }
            Ev::Str(a, b) => self.string(a, b)?.into_any(),
            Ev::Bool(v) => v.into_pyobject(py)?.to_owned().into_any(),
            Ev::I64(v) => v.into_pyobject(py)?.into_any(),
            Ev::U64(v) => v.into_pyobject(py)?.into_any(),
            Ev::F64(v) => v.into_pyobject(py)?.into_any(),
            Ev::Null => py.None().into_bound(py),
            Ev::End => return Err(broken()),
        })
    }

    /// A string value: short ones (forms, IDs, rules, messages, field values that repeat
    /// across a batch) are made once per replay and shared, as Python shares equal strings.
    fn string(&mut self, a: u32, b: u32) -> PyResult<Bound<'py, PyString>> {
        let s = self.text(a, b)?;
        if s.len() > SHARED_MAX {
            return Ok(PyString::new(self.py, s));
        }
        if let Some(v) = self.values.get(s) {
            return Ok(v.clone());
        }
        let v = PyString::new(self.py, s);
        self.values.insert(s, v.clone());
        Ok(v)
    }

    fn key(&mut self, a: u32, b: u32) -> PyResult<Bound<'py, PyString>> {
        let k = self.text(a, b)?;
        if let Some(s) = self.keys.get(k) {
            return Ok(s.clone());
        }
        let s = PyString::intern(self.py, k);
        self.keys.insert(k, s.clone());
        Ok(s)
    }
}

fn broken() -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err("paycode: internal error: a malformed tape")
}

/// Every compound (map, struct, sequence, tuple, variant) writes the same way.
impl ser::SerializeSeq for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), TapeError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        self.ev.push(Ev::End);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), TapeError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), TapeError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        ser::SerializeSeq::end(self)
    }
}

/// A tuple variant `{name: [fields]}`: the sequence's end, then the map's.
impl ser::SerializeTupleVariant for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), TapeError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        self.ev.push(Ev::End);
        self.ev.push(Ev::End);
        Ok(())
    }
}

impl ser::SerializeMap for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), TapeError> {
        k.serialize(KeySerializer(self))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), TapeError> {
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), TapeError> {
        self.str(key)?;
        v.serialize(&mut **self)
    }
    fn end(self) -> Result<(), TapeError> {
        ser::SerializeSeq::end(self)
    }
}

/// A struct variant `{name: {fields}}`.
impl ser::SerializeStructVariant for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), TapeError> {
        ser::SerializeStruct::serialize_field(self, key, v)
    }
    fn end(self) -> Result<(), TapeError> {
        ser::SerializeTupleVariant::end(self)
    }
}

impl Serializer for &mut Tape {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.ev.push(Ev::Bool(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.ev.push(Ev::I64(v));
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.ev.push(Ev::U64(v));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), TapeError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), TapeError> {
        self.ev.push(Ev::F64(v));
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.str(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), TapeError> {
        // As serde_json writes bytes: a list of numbers.
        self.ev.push(Ev::Seq);
        self.ev.extend(v.iter().map(|b| Ev::U64(u64::from(*b))));
        self.ev.push(Ev::End);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        self.ev.push(Ev::Null);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), TapeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), TapeError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), TapeError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), TapeError> {
        self.ev.push(Ev::Map);
        self.str(variant)?;
        v.serialize(&mut *self)?;
        self.ev.push(Ev::End);
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, TapeError> {
        self.ev.push(Ev::Seq);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, TapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, TapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, TapeError> {
        self.ev.push(Ev::Map);
        self.str(variant)?;
        self.ev.push(Ev::Seq);
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, TapeError> {
        self.ev.push(Ev::Map);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, TapeError> {
        self.ev.push(Ev::Map);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, TapeError> {
        self.ev.push(Ev::Map);
        self.str(variant)?;
        self.ev.push(Ev::Map);
        Ok(self)
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, v: &T) -> Result<(), TapeError> {
        use std::fmt::Write as _;
        let start = self.text.len();
        write!(self.text, "{v}").map_err(|_| TapeError("a value's Display failed".into()))?;
        let end = self.text.len();
        let (Ok(a), Ok(b)) = (u32::try_from(start), u32::try_from(end)) else {
            return Err(TapeError(
                "a batch's text is over 4 GiB: decode it in parts".into(),
            ));
        };
        self.ev.push(Ev::Str(a, b));
        Ok(())
    }
}

/// A map key: a string, as JSON keys are (numbers and booleans written as their text).
struct KeySerializer<'a>(&'a mut Tape);

fn key_error() -> TapeError {
    TapeError("a map key must be a string".into())
}

impl Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = TapeError;
    type SerializeSeq = ser::Impossible<(), TapeError>;
    type SerializeTuple = ser::Impossible<(), TapeError>;
    type SerializeTupleStruct = ser::Impossible<(), TapeError>;
    type SerializeTupleVariant = ser::Impossible<(), TapeError>;
    type SerializeMap = ser::Impossible<(), TapeError>;
    type SerializeStruct = ser::Impossible<(), TapeError>;
    type SerializeStructVariant = ser::Impossible<(), TapeError>;

    fn serialize_str(self, v: &str) -> Result<(), TapeError> {
        self.0.str(v)
    }
    fn serialize_char(self, v: char) -> Result<(), TapeError> {
        self.0.str(v.encode_utf8(&mut [0u8; 4]))
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, v: &T) -> Result<(), TapeError> {
        self.0.collect_str(v)
    }
    fn serialize_bool(self, v: bool) -> Result<(), TapeError> {
        self.0.str(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), TapeError> {
        self.0.collect_str(&v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), TapeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), TapeError> {
        self.0.str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), TapeError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), TapeError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, TapeError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, TapeError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, TapeError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, TapeError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, TapeError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, TapeError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, TapeError> {
        Err(key_error())
    }
}
