//! The Arrow path: the main fields of many reports, written straight into the buffers of Arrow
//! columns, with no Python object per code.
//!
//! A report serializes into [`Grab`], a serde serializer that keeps only what the columns hold
//! (`input`, `ok`, `form`, `conformant`, `issuers`, and the rule and offset of the error, or
//! else of the first violation) and skips the rest of the report: the values of `fields`,
//! `scan_kind` and the later violations are never visited. The columns are Arrow's layouts,
//! built here and handed to `pyarrow.Array.from_buffers` by the Python side:
//!
//! - `input`, `form`, `rule`: utf8 (32-bit offsets, then the bytes);
//! - `ok`, `conformant`: bit-packed booleans, least significant bit first;
//! - `issuers`: list<utf8> (list offsets, then the strings' offsets and bytes);
//! - `offset`: int64;
//! - validity bitmaps for `rule` and `offset` (null when there is no finding) and for the row
//!   (null where the input is null).

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Serializer};

/// A bitmap being built, bit `i` of byte `i / 8` least significant first.
#[derive(Debug, Default)]
pub(crate) struct Bits {
    bytes: Vec<u8>,
    len: usize,
    /// How many bits are 0.
    zeros: usize,
}

impl Bits {
    fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            if let Some(b) = self.bytes.last_mut() {
                *b |= 1 << (self.len % 8);
            }
        } else {
            self.zeros += 1;
        }
        self.len += 1;
    }

    /// The bitmap's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many bits are 0 (nulls, in a validity bitmap).
    pub(crate) fn zeros(&self) -> usize {
        self.zeros
    }
}

/// A utf8 column being built: offsets (one more than the rows) and bytes.
#[derive(Debug)]
pub(crate) struct Utf8 {
    offsets: Vec<i32>,
    data: Vec<u8>,
}

impl Default for Utf8 {
    fn default() -> Self {
        Utf8 {
            offsets: vec![0],
            data: Vec::new(),
        }
    }
}

impl Utf8 {
    /// Ends the current string (whatever was appended since the last `finish`).
    fn finish(&mut self) -> Result<(), Overflow> {
        let end = i32::try_from(self.data.len()).map_err(|_| Overflow)?;
        self.offsets.push(end);
        Ok(())
    }

    /// The offsets as little-endian bytes, as Arrow lays them out.
    pub(crate) fn offsets(&self) -> Vec<u8> {
        self.offsets.iter().flat_map(|o| o.to_le_bytes()).collect()
    }

    /// The strings' bytes.
    pub(crate) fn data(&self) -> &[u8] {
        &self.data
    }

    /// How many strings there are.
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// A column's strings passed 2 GiB, which 32-bit offsets cannot address.
#[derive(Debug)]
pub(crate) struct Overflow;

/// The columns of a batch of reports.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    /// Rows so far.
    pub(crate) rows: usize,
    /// The row's validity: 0 where the input was null.
    pub(crate) valid: Bits,
    pub(crate) input: Utf8,
    pub(crate) ok: Bits,
    pub(crate) form: Utf8,
    pub(crate) conformant: Bits,
    /// The `issuers` lists' offsets into `issuer`, one more than the rows.
    pub(crate) issuers: Vec<i32>,
    /// Every issuer of every row, in order.
    pub(crate) issuer: Utf8,
    pub(crate) rule: Utf8,
    pub(crate) rule_valid: Bits,
    pub(crate) offset: Vec<i64>,
    pub(crate) offset_valid: Bits,
    /// What the row being serialized has said so far.
    row: Row,
}

/// The state of the report being serialized.
#[derive(Debug, Default, Clone, Copy)]
struct Row {
    key: Key,
    ok: bool,
    conformant: bool,
    /// A finding (the error, else the first violation) was seen: later ones are skipped.
    finding: bool,
    /// Its rule was written into `rule` (not yet finished).
    rule: bool,
    offset: Option<u64>,
}

/// The report's keys that the columns keep.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Key {
    Conformant,
    Error,
    Form,
    Input,
    Issuers,
    Ok,
    Violations,
    #[default]
    Other,
}

/// The keys of a finding that the columns keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FindingKey {
    Rule,
    Offset,
    Other,
}

/// Why a report could not be written into the columns.
#[derive(Debug)]
pub(crate) struct GrabError(String);

impl fmt::Display for GrabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GrabError {}

impl ser::Error for GrabError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        GrabError(msg.to_string())
    }
}

impl From<Overflow> for GrabError {
    fn from(_: Overflow) -> Self {
        GrabError("a column's text passed 2 GiB: decode the array in smaller slices".into())
    }
}

impl Columns {
    /// A batch of `rows` rows, its buffers sized for them.
    pub(crate) fn with_capacity(rows: usize, text: usize) -> Self {
        let mut c = Columns::default();
        c.input.offsets.reserve(rows);
        c.input.data.reserve(text);
        c.form.offsets.reserve(rows);
        c.form.data.reserve(rows * 7);
        c.issuers.reserve(rows + 1);
        c.issuer.offsets.reserve(rows);
        c.rule.offsets.reserve(rows);
        c.offset.reserve(rows);
        c
    }

    /// Adds the row of one report.
    pub(crate) fn push(&mut self, report: &impl Serialize) -> Result<(), GrabError> {
        if self.issuers.is_empty() {
            self.issuers.push(0);
        }
        self.row = Row::default();
        report.serialize(Grab {
            cols: self,
            what: What::Top,
        })?;
        let row = self.row;
        self.input.finish()?;
        self.form.finish()?;
        self.ok.push(row.ok);
        self.conformant.push(row.conformant);
        self.issuers
            .push(i32::try_from(self.issuer.len()).map_err(|_| Overflow)?);
        self.rule.finish()?;
        self.rule_valid.push(row.rule);
        self.offset.push(row.offset.map_or(0, |o| o as i64));
        self.offset_valid.push(row.offset.is_some());
        self.valid.push(true);
        self.rows += 1;
        Ok(())
    }

    /// Adds a null row (a null input).
    pub(crate) fn push_null(&mut self) -> Result<(), GrabError> {
        if self.issuers.is_empty() {
            self.issuers.push(0);
        }
        self.input.finish()?;
        self.form.finish()?;
        self.ok.push(false);
        self.conformant.push(false);
        self.issuers
            .push(i32::try_from(self.issuer.len()).map_err(|_| Overflow)?);
        self.rule.finish()?;
        self.rule_valid.push(false);
        self.offset.push(0);
        self.offset_valid.push(false);
        self.valid.push(false);
        self.rows += 1;
        Ok(())
    }

    /// The `issuers` list offsets as little-endian bytes.
    pub(crate) fn issuers_offsets(&self) -> Vec<u8> {
        let zero = [0i32];
        let offsets: &[i32] = if self.issuers.is_empty() {
            &zero
        } else {
            &self.issuers
        };
        offsets.iter().flat_map(|o| o.to_le_bytes()).collect()
    }

    /// The `offset` column's values as little-endian bytes.
    pub(crate) fn offset_values(&self) -> Vec<u8> {
        self.offset.iter().flat_map(|o| o.to_le_bytes()).collect()
    }
}

/// What the value being serialized is, to the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    /// The report itself: a map.
    Top,
    /// A key of the report.
    Key,
    /// `ok` or `conformant`.
    Bool(Key),
    /// `input` or `form`.
    Text(Key),
    /// The `issuers` list.
    Issuers,
    /// One issuer of the list.
    Issuer,
    /// The error (null or a finding) or one violation.
    Finding,
    /// A key of a finding.
    FindingKey,
    /// A finding's `rule` (a string, or null).
    Rule,
    /// A finding's `offset`.
    Offset,
    /// The `violations` list.
    Violations,
    /// Anything else: skipped.
    Skip,
}

/// The serializer (and every compound of it): where the value goes.
struct Grab<'c> {
    cols: &'c mut Columns,
    what: What,
}

/// A compound being serialized: the columns, what it is, and the key it is at.
struct Compound<'c> {
    cols: &'c mut Columns,
    what: What,
    finding_key: FindingKey,
}

fn unexpected(what: What, found: &str) -> GrabError {
    GrabError(format!(
        "paycode: internal error: the report's shape changed ({what:?} got {found})"
    ))
}

impl<'c> Grab<'c> {
    fn text(self, v: &str) -> Result<(), GrabError> {
        match self.what {
            What::Key => {
                self.cols.row.key = match v {
                    "conformant" => Key::Conformant,
                    "error" => Key::Error,
                    "form" => Key::Form,
                    "input" => Key::Input,
                    "issuers" => Key::Issuers,
                    "ok" => Key::Ok,
                    "violations" => Key::Violations,
                    _ => Key::Other,
                };
            }
            What::Text(Key::Input) => self.cols.input.data.extend_from_slice(v.as_bytes()),
            What::Text(_) => self.cols.form.data.extend_from_slice(v.as_bytes()),
            What::Issuer => {
                self.cols.issuer.data.extend_from_slice(v.as_bytes());
                self.cols.issuer.finish()?;
            }
            What::Rule => {
                self.cols.rule.data.extend_from_slice(v.as_bytes());
                self.cols.row.rule = true;
            }
            What::Skip => {}
            other => return Err(unexpected(other, "a string")),
        }
        Ok(())
    }

    fn number(self, v: u64) -> Result<(), GrabError> {
        match self.what {
            What::Offset => self.cols.row.offset = Some(v),
            What::Skip => {}
            other => return Err(unexpected(other, "a number")),
        }
        Ok(())
    }

    fn null(self) -> Result<(), GrabError> {
        match self.what {
            // No error; or a finding whose rule is null (a buffer too small): it is the
            // finding all the same, so no violation stands in for it.
            What::Finding | What::Rule | What::Skip => Ok(()),
            other => Err(unexpected(other, "null")),
        }
    }

    fn open(self) -> Result<Compound<'c>, GrabError> {
        match self.what {
            What::Top | What::Issuers | What::Violations | What::Skip => {}
            What::Finding => {
                if self.cols.row.finding {
                    return Ok(Compound {
                        cols: self.cols,
                        what: What::Skip,
                        finding_key: FindingKey::Other,
                    });
                }
                self.cols.row.finding = true;
            }
            other => return Err(unexpected(other, "a compound")),
        }
        Ok(Compound {
            cols: self.cols,
            what: self.what,
            finding_key: FindingKey::Other,
        })
    }
}

impl Compound<'_> {
    fn key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), GrabError> {
        match self.what {
            What::Top => k.serialize(Grab {
                cols: self.cols,
                what: What::Key,
            }),
            What::Finding => {
                self.finding_key = k.serialize(FindingKeyName)?;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        let what = match self.what {
            What::Top => match self.cols.row.key {
                Key::Conformant | Key::Ok => What::Bool(self.cols.row.key),
                Key::Input | Key::Form => What::Text(self.cols.row.key),
                Key::Issuers => What::Issuers,
                Key::Error => What::Finding,
                Key::Violations => What::Violations,
                Key::Other => return Ok(()),
            },
            What::Finding => match self.finding_key {
                FindingKey::Rule => What::Rule,
                FindingKey::Offset => What::Offset,
                FindingKey::Other => return Ok(()),
            },
            _ => return Ok(()),
        };
        v.serialize(Grab {
            cols: self.cols,
            what,
        })
    }

    fn element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        let what = match self.what {
            What::Issuers => What::Issuer,
            What::Violations => {
                if self.cols.row.finding {
                    return Ok(());
                }
                What::Finding
            }
            _ => return Ok(()),
        };
        v.serialize(Grab {
            cols: self.cols,
            what,
        })
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), GrabError> {
        self.key(k)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        self.value(v)
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), GrabError> {
        self.key(key)?;
        self.value(v)
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        _: &'static str,
        _: &T,
    ) -> Result<(), GrabError> {
        Ok(())
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        self.element(v)
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        self.element(v)
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), GrabError> {
        self.element(v)
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = GrabError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &T) -> Result<(), GrabError> {
        Ok(())
    }
    fn end(self) -> Result<(), GrabError> {
        Ok(())
    }
}

impl<'c> Serializer for Grab<'c> {
    type Ok = ();
    type Error = GrabError;
    type SerializeSeq = Compound<'c>;
    type SerializeTuple = Compound<'c>;
    type SerializeTupleStruct = Compound<'c>;
    type SerializeTupleVariant = Compound<'c>;
    type SerializeMap = Compound<'c>;
    type SerializeStruct = Compound<'c>;
    type SerializeStructVariant = Compound<'c>;

    fn serialize_bool(self, v: bool) -> Result<(), GrabError> {
        match self.what {
            What::Bool(Key::Ok) => self.cols.row.ok = v,
            What::Bool(_) => self.cols.row.conformant = v,
            What::Skip => {}
            other => return Err(unexpected(other, "a boolean")),
        }
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), GrabError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), GrabError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), GrabError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), GrabError> {
        match u64::try_from(v) {
            Ok(v) => self.number(v),
            Err(_) => Err(unexpected(self.what, "a negative number")),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<(), GrabError> {
        self.number(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), GrabError> {
        self.number(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), GrabError> {
        self.number(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), GrabError> {
        self.number(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), GrabError> {
        self.serialize_f64(0.0)
    }
    fn serialize_f64(self, _: f64) -> Result<(), GrabError> {
        match self.what {
            What::Skip => Ok(()),
            other => Err(unexpected(other, "a float")),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), GrabError> {
        self.text(v.encode_utf8(&mut [0u8; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), GrabError> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), GrabError> {
        match self.what {
            What::Skip => Ok(()),
            other => Err(unexpected(other, "bytes")),
        }
    }
    fn serialize_none(self) -> Result<(), GrabError> {
        self.null()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), GrabError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), GrabError> {
        self.null()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), GrabError> {
        self.null()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), GrabError> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), GrabError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), GrabError> {
        match self.what {
            What::Skip => Ok(()),
            other => Err(unexpected(other, "a variant")),
        }
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'c>, GrabError> {
        self.open()
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, v: &T) -> Result<(), GrabError> {
        use std::io::Write as _;
        let buf = match self.what {
            What::Text(Key::Input) => &mut self.cols.input.data,
            What::Text(_) => &mut self.cols.form.data,
            What::Rule => {
                self.cols.row.rule = true;
                &mut self.cols.rule.data
            }
            What::Skip => return Ok(()),
            _ => return self.text(&v.to_string()),
        };
        write!(buf, "{v}").map_err(|_| GrabError("a value's Display failed".into()))
    }
}

/// The name of a finding's key.
struct FindingKeyName;

impl Serializer for FindingKeyName {
    type Ok = FindingKey;
    type Error = GrabError;
    type SerializeSeq = ser::Impossible<FindingKey, GrabError>;
    type SerializeTuple = ser::Impossible<FindingKey, GrabError>;
    type SerializeTupleStruct = ser::Impossible<FindingKey, GrabError>;
    type SerializeTupleVariant = ser::Impossible<FindingKey, GrabError>;
    type SerializeMap = ser::Impossible<FindingKey, GrabError>;
    type SerializeStruct = ser::Impossible<FindingKey, GrabError>;
    type SerializeStructVariant = ser::Impossible<FindingKey, GrabError>;

    fn serialize_str(self, v: &str) -> Result<FindingKey, GrabError> {
        Ok(match v {
            "rule" => FindingKey::Rule,
            "offset" => FindingKey::Offset,
            _ => FindingKey::Other,
        })
    }
    fn serialize_bool(self, _: bool) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_i8(self, _: i8) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_i16(self, _: i16) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_i32(self, _: i32) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_i64(self, _: i64) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_u8(self, _: u8) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_u16(self, _: u16) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_u32(self, _: u32) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_u64(self, _: u64) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_f32(self, _: f32) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_f64(self, _: f64) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_char(self, _: char) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_none(self) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<FindingKey, GrabError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<FindingKey, GrabError> {
        Ok(FindingKey::Other)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        v: &'static str,
    ) -> Result<FindingKey, GrabError> {
        self.serialize_str(v)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<FindingKey, GrabError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<FindingKey, GrabError> {
        Err(unexpected(What::FindingKey, "a variant"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, GrabError> {
        Err(unexpected(What::FindingKey, "a sequence"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, GrabError> {
        Err(unexpected(What::FindingKey, "a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, GrabError> {
        Err(unexpected(What::FindingKey, "a tuple"))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, GrabError> {
        Err(unexpected(What::FindingKey, "a variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, GrabError> {
        Err(unexpected(What::FindingKey, "a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, GrabError> {
        Err(unexpected(What::FindingKey, "a struct"))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, GrabError> {
        Err(unexpected(What::FindingKey, "a variant"))
    }
    fn collect_str<T: ?Sized + fmt::Display>(self, v: &T) -> Result<FindingKey, GrabError> {
        self.serialize_str(&v.to_string())
    }
}
