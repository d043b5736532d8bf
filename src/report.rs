//! One report of a decoded input, in the JSON shape every surface prints: the `paycode` tool's
//! `decode --json`, the bindings, the playground (`spec/report.schema.json`).
//!
//! [`Report`] reads an input once, as [`scan`](crate::scan::scan) would, and serializes as it
//! goes: no tree of values is built, and with `serde_json::to_writer` each report is written
//! straight into the output. Credentials are masked as [`mask`](crate::mask) says, unless the
//! report is made with [`Report::reveal`].
//!
//! ```json
//! {"conformant": true, "error": null, "fields": {…}, "form": "legacy",
//!  "input": "wxp://f2f0…", "issuers": ["wechat-pay"], "ok": true, "scan_kind": "wechat",
//!  "violations": []}
//! ```
//!
//! `fields` holds what the form defines (`null` when the input cannot be read); `error` the
//! reader's error as [`Error`] serializes it (`null` when it can). The keys of the report and of
//! its `fields` are written in alphabetical order; a finding (`error`, each of `violations`) is
//! `{"rule", "offset", "location", "message"}`, in that order, as the families' errors write it.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;

use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};

use crate::Error;
use crate::alipay_plus::AlipayPlusMpm;
use crate::cpm::{Cpm, Tlv};
use crate::error::ObjectPath;
use crate::legacy::LegacyCode;
use crate::mpm::{DataObject, Initiation, Payload, Template};
use crate::numeric::NumericCode;
use crate::registry::{Candidates, Confidence, Lookup, Registry};
use crate::scan::{Form, detect};

/// The report of one input, ready to serialize.
///
/// # Examples
///
/// ```
/// use paycode::report::Report;
/// let r = Report::new(b"wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
/// assert!(r.ok());
/// let json = serde_json::to_value(&r).unwrap();
/// assert_eq!(json["form"], "legacy");
/// assert_eq!(json["issuers"][0], "wechat-pay");
///
/// // A payment code is a credential: masked unless revealed.
/// let r = Report::new(b"134556781234567890");
/// assert_eq!(serde_json::to_value(&r).unwrap()["input"], "1345**********7890");
/// let r = Report::new(b"134556781234567890").reveal(true);
/// assert_eq!(serde_json::to_value(&r).unwrap()["input"], "134556781234567890");
/// ```
#[derive(Debug, Clone)]
pub struct Report<'a> {
    input: &'a [u8],
    /// The input as text, when it is UTF-8 (checked once, here).
    utf8: Option<&'a str>,
    form: Form,
    reveal: bool,
    /// Whether the input read, once known: serializing the report learns it.
    ok: Cell<Option<bool>>,
    /// Where issuers come from: the built-in tables when `None`.
    registry: Option<&'a Registry>,
}

impl<'a> Report<'a> {
    /// Detects the form of `input`. Bytes that are not UTF-8 are no code of any form; they are
    /// reported as a merchant-presented payload, whose reader names the first bad byte
    /// (`MPM-UTF-1`).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = paycode::report::Report::new(b"\xff");
    /// assert_eq!(serde_json::to_value(&r).unwrap()["error"]["rule"], "MPM-UTF-1");
    /// ```
    #[must_use]
    pub fn new(input: &'a [u8]) -> Self {
        let utf8 = core::str::from_utf8(input).ok();
        let form = match utf8 {
            Some(_) => detect(input),
            None => Form::EmvMpm,
        };
        Report {
            input,
            utf8,
            form,
            reveal: false,
            ok: Cell::new(None),
            registry: None,
        }
    }

    /// Shows credentials in full: the input, a numeric code, a PAN. For a caller entitled to
    /// them; the default masks them.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = paycode::report::Report::new(b"134556781234567890").reveal(true);
    /// assert_eq!(serde_json::to_value(&r).unwrap()["fields"]["code"], "134556781234567890");
    /// ```
    #[must_use]
    pub fn reveal(self, reveal: bool) -> Self {
        Report { reveal, ..self }
    }

    /// Attributes the code through a run-time registry rather than the built-in tables: the
    /// report's `issuers`, a numeric code's `candidates` and every `issuer` in its `fields`
    /// come from `registry` (a run-time issuer's candidate has the `confidence` and `name_zh`
    /// its document gave, or `null`). What reads, and how, does not change. `None` keeps the
    /// built-in tables, so a caller holding an optional registry passes it as it is.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::registry::{CustomIssuer, Registry};
    /// use paycode::report::Report;
    /// let mut registry = Registry::new();
    /// registry.add(CustomIssuer::new("campus-card", "Campus Card").numeric("77", 18..=18));
    /// let r = Report::new(b"771234567890123456").registry(&registry);
    /// assert_eq!(serde_json::to_value(&r).unwrap()["issuers"][0], "campus-card");
    /// let r = Report::new(b"771234567890123456").registry(None);
    /// assert_eq!(serde_json::to_value(&r).unwrap()["issuers"], serde_json::json!([]));
    /// ```
    #[must_use]
    pub fn registry(self, registry: impl Into<Option<&'a Registry>>) -> Self {
        Report {
            registry: registry.into(),
            ..self
        }
    }

    /// Returns the form detected.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::{report::Report, scan::Form};
    /// assert_eq!(Report::new(b"134556781234567890").form(), Form::Numeric);
    /// ```
    #[must_use]
    pub const fn form(&self) -> Form {
        self.form
    }

    /// Returns whether the input reads as a code of its form (the report's `ok`). After the
    /// report is serialized this costs nothing; before, it reads the input.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!paycode::report::Report::new(b"hello").ok());
    /// ```
    #[must_use]
    pub fn ok(&self) -> bool {
        if let Some(ok) = self.ok.get() {
            return ok;
        }
        let mut buf = [0u8; crate::alipay_plus::MAX_DECODED_LEN];
        let text = self.text();
        match self.form {
            Form::Numeric => NumericCode::parse(&text).is_ok(),
            Form::EmvCpm => Cpm::decode(&text, &mut buf).is_ok(),
            Form::Legacy => LegacyCode::parse(&text).is_ok(),
            Form::AlipayPlus => AlipayPlusMpm::parse(&text, &mut buf).is_ok(),
            Form::Unknown => false,
            _ => Payload::parse_bytes(self.input).is_ok(),
        }
    }

    fn text(&self) -> Cow<'a, str> {
        match self.utf8 {
            Some(text) => Cow::Borrowed(text),
            None => String::from_utf8_lossy(self.input),
        }
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.text();
        let text: &str = &text;
        let shown = Shown {
            text,
            reveal: self.reveal,
            merchant: false,
        };
        let merchant = Shown {
            merchant: true,
            ..shown
        };
        let reveal = self.reveal;
        let form = self.form.name();
        // Zeroed only for the forms that decode into it.
        let mut buf = [0u8; 0];
        let mut big;
        let buf: &mut [u8] = if matches!(self.form, Form::EmvCpm | Form::AlipayPlus) {
            big = [0u8; crate::alipay_plus::MAX_DECODED_LEN];
            &mut big
        } else {
            &mut buf
        };
        let ok = &self.ok;
        let registry = self.registry;
        match self.form {
            Form::Numeric => match NumericCode::parse(text) {
                Ok(c) => {
                    let fields = NumericFields {
                        code: c,
                        reveal,
                        registry,
                    };
                    let v = NoViolations;
                    let ids = Ids::of(registry, || c.issuers(), |r| c.issuers_in(r).collect());
                    read(s, ok, shown, form, &v, ids, "consumer", &fields)
                }
                Err(e) => unreadable(s, ok, shown, form, &e.into()),
            },
            Form::EmvCpm => match Cpm::decode(text, buf) {
                Ok(p) => {
                    let v = CpmViolations(p);
                    let fields = CpmFields {
                        p,
                        reveal,
                        registry,
                    };
                    let ids = Ids::of(registry, || p.issuers(), |r| p.issuers_in(r).collect());
                    read(s, ok, shown, form, &v, ids, "consumer", &fields)
                }
                Err(e) => unreadable(s, ok, shown, form, &e),
            },
            Form::Legacy => match LegacyCode::parse(text) {
                Ok(c) => {
                    let kind = c.issuer().scan_kind().name();
                    let ids = Ids::of(registry, || c.issuers(), |r| c.issuers_in(r).collect());
                    read(
                        s,
                        ok,
                        merchant,
                        form,
                        &NoViolations,
                        ids,
                        kind,
                        &LegacyFields(c, registry),
                    )
                }
                Err(e) => unreadable(s, ok, shown, form, &e.into()),
            },
            Form::AlipayPlus => match AlipayPlusMpm::parse(text, buf) {
                Ok(c) => {
                    let kind = c
                        .issuers()
                        .first()
                        .map_or("other-wallet", |i| i.scan_kind().name());
                    read(
                        s,
                        ok,
                        shown,
                        form,
                        &NoViolations,
                        Ids::of(
                            registry,
                            || c.issuers(),
                            |r| c.issuers().iter().filter_map(|i| r.by_id(i.id())).collect(),
                        ),
                        kind,
                        &AlipayPlusFields(c),
                    )
                }
                Err(e) => unreadable(s, ok, shown, form, &e),
            },
            Form::Unknown => match crate::scan::scan(text, &mut []) {
                crate::scan::Scanned::NotPayment { error, .. } => {
                    unreadable(s, ok, shown, form, &error)
                }
                _ => Err(S::Error::custom(
                    "the scanner read what detect called unknown",
                )),
            },
            _ => match Payload::parse_bytes(self.input) {
                Ok(p) => {
                    let kind = if crate::unified::is_unified(&p) {
                        "unified"
                    } else {
                        "emv"
                    };
                    let v = MpmViolations(p);
                    let ids = Ids::of(registry, || p.issuers(), |r| p.issuers_in(r).collect());
                    read(
                        s,
                        ok,
                        merchant,
                        form,
                        &v,
                        ids,
                        kind,
                        &MpmFields(p, registry),
                    )
                }
                Err(e) => unreadable(s, ok, shown, form, &e.into()),
            },
        }
    }
}

/// The violations of a readable payload: whether there are any, and the list.
trait Violations: Serialize {
    fn conformant(&self) -> bool;
}

/// The forms without violations to report: numeric, legacy, Alipay+ codes.
struct NoViolations;

impl Violations for NoViolations {
    fn conformant(&self) -> bool {
        true
    }
}

impl Serialize for NoViolations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_seq(Some(0))?.end()
    }
}

/// Serializes every violation `validate_with` reports, as it reports it.
macro_rules! violations {
    ($name:ident, $view:ident) => {
        struct $name<'a>($view<'a>);

        impl Violations for $name<'_> {
            fn conformant(&self) -> bool {
                self.0.is_conformant()
            }
        }

        impl Serialize for $name<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(None)?;
                let mut failed = None;
                self.0.validate_with(&mut |v| {
                    if failed.is_none() {
                        if let Err(e) = seq.serialize_element(&v) {
                            failed = Some(e);
                        }
                    }
                });
                match failed {
                    Some(e) => Err(e),
                    None => seq.end(),
                }
            }
        }
    };
}

violations!(MpmViolations, Payload);
violations!(CpmViolations, Cpm);

/// A report of an input its form's reader accepted.
#[allow(clippy::too_many_arguments)]
fn read<S: Serializer, V: Violations, F: Serialize>(
    s: S,
    ok: &Cell<Option<bool>>,
    shown: Shown<'_>,
    form: &str,
    violations: &V,
    issuers: Ids<'_>,
    scan_kind: &str,
    fields: &F,
) -> Result<S::Ok, S::Error> {
    ok.set(Some(true));
    let mut m = s.serialize_map(Some(9))?;
    m.serialize_entry("conformant", &violations.conformant())?;
    m.serialize_entry("error", &None::<()>)?;
    m.serialize_entry("fields", fields)?;
    m.serialize_entry("form", form)?;
    m.serialize_entry("input", &shown)?;
    m.serialize_entry("issuers", &issuers)?;
    m.serialize_entry("ok", &true)?;
    m.serialize_entry("scan_kind", scan_kind)?;
    m.serialize_entry("violations", violations)?;
    m.end()
}

/// A report of an input its form's reader refused: the same keys as a readable one.
fn unreadable<S: Serializer>(
    s: S,
    ok: &Cell<Option<bool>>,
    shown: Shown<'_>,
    form: &str,
    error: &Error,
) -> Result<S::Ok, S::Error> {
    ok.set(Some(false));
    let mut m = s.serialize_map(Some(9))?;
    m.serialize_entry("conformant", &false)?;
    m.serialize_entry("error", error)?;
    m.serialize_entry("fields", &None::<()>)?;
    m.serialize_entry("form", form)?;
    m.serialize_entry("input", &shown)?;
    m.serialize_entry("issuers", &[(); 0])?;
    m.serialize_entry("ok", &false)?;
    m.serialize_entry("scan_kind", "unknown")?;
    m.serialize_entry("violations", &[(); 0])?;
    m.end()
}

/// Text as a report shows it: credentials masked (`paycode::mask`) unless revealed.
#[derive(Clone, Copy)]
struct Shown<'t> {
    text: &'t str,
    reveal: bool,
    /// The text was just read as a merchant code of a registered form.
    merchant: bool,
}

impl Serialize for Shown<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.reveal {
            s.serialize_str(self.text)
        } else if self.merchant {
            s.collect_str(&crate::mask::masked_merchant(self.text))
        } else {
            s.collect_str(&crate::mask::masked(self.text))
        }
    }
}

/// A value known to be a credential (a numeric code, a PAN): its ends only, unless revealed.
struct Secret<'t> {
    text: &'t str,
    reveal: bool,
}

impl Serialize for Secret<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.reveal {
            s.serialize_str(self.text)
        } else {
            s.collect_str(&crate::mask::redact(self.text))
        }
    }
}

/// The candidates' registry IDs: from the built-in tables, or found in a run-time registry.
enum Ids<'r> {
    BuiltIn(Candidates),
    Found(Vec<crate::registry::IssuerRef<'r>>),
}

impl<'r> Ids<'r> {
    /// The built-in candidates, or those `registry` finds when there is one.
    fn of(
        registry: Option<&'r Registry>,
        built_in: impl FnOnce() -> Candidates,
        found: impl FnOnce(&'r Registry) -> Vec<crate::registry::IssuerRef<'r>>,
    ) -> Self {
        match registry {
            Some(r) => Ids::Found(found(r)),
            None => Ids::BuiltIn(built_in()),
        }
    }
}

impl Serialize for Ids<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Ids::BuiltIn(c) => s.collect_seq(c.iter().map(|i| i.id())),
            Ids::Found(found) => s.collect_seq(found.iter().map(|i| i.id())),
        }
    }
}

/// Upper-case hexadecimal, two digits a byte.
struct Hex<'b>(&'b [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02X}"))
    }
}

impl Serialize for Hex<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The IDs `00` to `99` as text: an ID is written for every object of every payload, and a
/// table costs less than formatting.
const IDS: [&str; 100] = [
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
    "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
    "80", "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95",
    "96", "97", "98", "99",
];

/// A data object ID as its two digits.
struct Id(u8);

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match IDS.get(usize::from(self.0)) {
            Some(text) => s.serialize_str(text),
            // An ID has two digits; were one ever larger, it would still be written as it is.
            None => s.collect_str(&self.0),
        }
    }
}

/// Four upper-case hexadecimal digits (a CRC, a version number).
struct Hex4(u16);

impl Serialize for Hex4 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let n = usize::from(self.0);
        let digit = |shift: usize| HEX.get((n >> shift) & 0xF).copied().unwrap_or(b'0');
        let text = [digit(12), digit(8), digit(4), digit(0)];
        match core::str::from_utf8(&text) {
            Ok(t) => s.serialize_str(t),
            Err(_) => s.collect_str(&format_args!("{:04X}", self.0)),
        }
    }
}

/// A value written with `format_args!`-style formatting.
struct Fmt<T>(T);

impl<T: fmt::Display> Serialize for Fmt<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

fn confidence_name(c: Confidence) -> &'static str {
    match c {
        Confidence::Verified => "verified",
        Confidence::Secondary => "secondary",
        _ => "folklore",
    }
}

/// `{"candidates": [{"confidence", "id", "name", "name_zh"}], "code", "length",
/// "routing_number"}`.
struct NumericFields<'a> {
    code: NumericCode<'a>,
    reveal: bool,
    registry: Option<&'a Registry>,
}

impl Serialize for NumericFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// An issuer with the confidence of its fact, when the built-in tables have one.
        struct Candidate<'r> {
            id: &'r str,
            name: &'r str,
            name_zh: Option<&'r str>,
            confidence: Option<Confidence>,
        }
        impl Serialize for Candidate<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("confidence", &self.confidence.map(confidence_name))?;
                m.serialize_entry("id", self.id)?;
                m.serialize_entry("name", self.name)?;
                m.serialize_entry("name_zh", &self.name_zh)?;
                m.end()
            }
        }
        let c = self.code;
        let mut m = s.serialize_map(Some(4))?;
        let candidates = c.issuers();
        let built_in = |(i, k): (crate::registry::Issuer, Confidence)| Candidate {
            id: i.id(),
            name: i.name(),
            name_zh: i.name_zh(),
            confidence: Some(k),
        };
        match self.registry {
            None => m.serialize_entry(
                "candidates",
                &Seq(|| candidates.with_confidence().map(built_in)),
            )?,
            Some(r) => m.serialize_entry(
                "candidates",
                &Seq(|| {
                    c.issuers_in(r).map(|i| match i {
                        crate::registry::IssuerRef::Builtin(b) => Candidate {
                            confidence: candidates
                                .with_confidence()
                                .find(|(x, _)| *x == b)
                                .map(|(_, k)| k),
                            ..built_in((b, Confidence::Folklore))
                        },
                        crate::registry::IssuerRef::Custom(custom) => Candidate {
                            id: custom.id(),
                            name: custom.name(),
                            name_zh: custom.name_zh(),
                            confidence: custom.numeric_confidence(c.as_str()),
                        },
                    })
                }),
            )?,
        }
        let code = Secret {
            text: c.as_str(),
            reveal: self.reveal,
        };
        m.serialize_entry("code", &code)?;
        m.serialize_entry("length", &c.as_str().len())?;
        m.serialize_entry("routing_number", &c.routing_number())?;
        m.end()
    }
}

/// A sequence made by an iterator, serialized element by element.
struct Seq<F>(F);

impl<F, I> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// `{"fixed", "form", "form_code", "inner", "institution", "issuer", "pays_person",
/// "variable"}`, where `inner` is `{"code", "form", "issuers", "scan_kind"}` of the code a
/// wrapper carries, or `null`.
struct LegacyFields<'a>(LegacyCode<'a>, Option<&'a Registry>);

impl Serialize for LegacyFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Inner<'a>(LegacyCode<'a>, Option<&'a Registry>);
        impl Serialize for Inner<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let c = self.0;
                let mut m = s.serialize_map(Some(4))?;
                m.serialize_entry("code", self.0.as_str())?;
                m.serialize_entry("form", self.0.form_id())?;
                let ids = Ids::of(self.1, || c.issuers(), |r| c.issuers_in(r).collect());
                m.serialize_entry("issuers", &ids)?;
                m.serialize_entry("scan_kind", self.0.issuer().scan_kind().name())?;
                m.end()
            }
        }
        let c = self.0;
        let mut buf = [0u8; 0];
        let mut big;
        let buf: &mut [u8] = if c.is_wrapper() {
            big = [0u8; crate::legacy::MAX_LEN];
            &mut big
        } else {
            &mut buf
        };
        let registry = self.1;
        let inner = c
            .plain(buf)
            .and_then(Result::ok)
            .map(|inner| Inner(inner, registry));
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("fixed", c.fixed())?;
        m.serialize_entry("form", c.form_id())?;
        m.serialize_entry("form_code", c.form_code())?;
        m.serialize_entry("inner", &inner)?;
        m.serialize_entry("institution", &c.institution())?;
        match registry {
            Some(r) => m.serialize_entry("issuer", &r.by_id(c.issuer().id()).map(|i| i.id()))?,
            None => m.serialize_entry("issuer", c.issuer().id())?,
        }
        m.serialize_entry("pays_person", &c.pays_person())?;
        m.serialize_entry("variable", c.variable())?;
        m.end()
    }
}

/// `{"domain", "objects": [{"id", "objects", "value"}], "payload", "version"}`.
struct AlipayPlusFields<'a>(AlipayPlusMpm<'a>);

impl Serialize for AlipayPlusFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Sub<'a>(&'a str, &'a str);
        impl Serialize for Sub<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("id", self.0)?;
                m.serialize_entry("value", self.1)?;
                m.end()
            }
        }
        struct Object<'a>(crate::alipay_plus::Object<'a>);
        impl Serialize for Object<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let o = self.0;
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("id", o.id())?;
                match o.sub_objects() {
                    Some(_) => m.serialize_entry(
                        "objects",
                        &Seq(|| {
                            o.sub_objects()
                                .into_iter()
                                .flatten()
                                .map(|x| Sub(x.id(), x.value()))
                        }),
                    )?,
                    None => m.serialize_entry("objects", &None::<()>)?,
                }
                m.serialize_entry("value", o.value())?;
                m.end()
            }
        }
        let c = self.0;
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("domain", c.domain())?;
        m.serialize_entry("objects", &Seq(|| c.objects().map(Object)))?;
        m.serialize_entry("payload", c.payload())?;
        m.serialize_entry("version", &c.version())?;
        m.end()
    }
}

/// `{"applications": [{"aid", "cardholder_name", "expiry", "issuer", "issuer_url", "label",
/// "language_preference", "objects": [{"tag", "value"}], "pan", "pan_luhn_valid",
/// "version"}], "decoded_bytes", "format_indicator"}`. Card data is `"<masked>"` unless
/// revealed (`MASK-CPM-1`).
struct CpmFields<'a> {
    p: Cpm<'a>,
    reveal: bool,
    registry: Option<&'a Registry>,
}

impl Serialize for CpmFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.p;
        let reveal = self.reveal;
        let registry = self.registry;
        struct Object<'a> {
            tlv: Tlv<'a>,
            masked: bool,
        }
        impl Serialize for Object<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("tag", &Fmt(format_args!("{:X}", self.tlv.tag())))?;
                if self.masked {
                    m.serialize_entry("value", "<masked>")?;
                } else {
                    m.serialize_entry("value", &Hex(self.tlv.value()))?;
                }
                m.end()
            }
        }
        struct App<'a> {
            p: Cpm<'a>,
            app: crate::cpm::Application<'a>,
            reveal: bool,
            registry: Option<&'a Registry>,
        }
        impl Serialize for App<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (a, p, reveal) = (self.app, self.p, self.reveal);
                let masked = |t: Tlv<'_>| {
                    !reveal
                        && crate::mask::cpm_objects(&p)
                            .any(|o| o.is_masked() && o.tlv().offset() == t.offset())
                };
                let pan = a.pan();
                let mut m = s.serialize_map(Some(11))?;
                m.serialize_entry("aid", &a.aid().map(Hex))?;
                m.serialize_entry("cardholder_name", &a.cardholder_name())?;
                let track2 = a.track2();
                m.serialize_entry("expiry", &track2.as_ref().map(|t| t.expiry()))?;
                match self.registry {
                    Some(r) => m.serialize_entry(
                        "issuer",
                        &a.aid().and_then(|aid| r.by_aid(aid)).map(|i| i.id()),
                    )?,
                    None => m.serialize_entry("issuer", &a.issuer().map(|i| i.id()))?,
                }
                m.serialize_entry("issuer_url", &a.issuer_url())?;
                m.serialize_entry("label", &a.label())?;
                m.serialize_entry("language_preference", &a.language_preference())?;
                m.serialize_entry(
                    "objects",
                    &Seq(|| {
                        a.tlv().children().map(|tlv| Object {
                            tlv,
                            masked: masked(tlv),
                        })
                    }),
                )?;
                m.serialize_entry(
                    "pan",
                    &pan.as_ref().map(|p| Secret {
                        text: p.as_str(),
                        reveal,
                    }),
                )?;
                m.serialize_entry("pan_luhn_valid", &pan.as_ref().map(|p| p.luhn_valid()))?;
                m.serialize_entry("version", &Hex4(a.version()))?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "applications",
            &Seq(|| {
                p.applications().map(|app| App {
                    p,
                    app,
                    reveal,
                    registry,
                })
            }),
        )?;
        m.serialize_entry("decoded_bytes", &p.as_bytes().len())?;
        let pfi = p.format_indicator().map(String::from_utf8_lossy);
        m.serialize_entry("format_indicator", &pfi)?;
        m.end()
    }
}

/// The decoded content of a merchant-presented payload: named fields for what the standard
/// defines, and every object in order, templates with their objects.
struct MpmFields<'a>(Payload<'a>, Option<&'a Registry>);

impl Serialize for MpmFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Account<'a>(crate::mpm::MerchantAccount<'a>, Option<&'a Registry>);
        impl Serialize for Account<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let a = self.0;
                let mut m = s.serialize_map(Some(5))?;
                m.serialize_entry("guid", &a.guid())?;
                m.serialize_entry("id", &Id(a.id()))?;
                match self.1 {
                    Some(r) => m.serialize_entry("issuer", &a.issuer_in(r).map(|i| i.id()))?,
                    None => m.serialize_entry("issuer", &a.issuer().map(|i| i.id()))?,
                }
                m.serialize_entry("template", &a.is_template())?;
                m.serialize_entry("value", a.object().value())?;
                m.end()
            }
        }
        let p = self.0;
        let currency = p.currency();
        let amount = p.amount();
        let minor = amount
            .zip(currency.and_then(|c| c.minor_units()))
            .and_then(|(a, m)| a.to_minor_units(m));
        let initiation = p.initiation().map(|i| match i {
            Initiation::Static => "static",
            Initiation::Dynamic => "dynamic",
            _ => "other",
        });
        let mut m = s.serialize_map(Some(17))?;
        m.serialize_entry("amount", &amount.map(|a| a.as_str()))?;
        m.serialize_entry("amount_minor_units", &minor)?;
        m.serialize_entry("country", &p.country_code())?;
        m.serialize_entry("crc", &Hex4(p.crc()))?;
        m.serialize_entry("currency", &p.currency_code())?;
        m.serialize_entry("currency_alpha", &currency.map(|c| c.alpha()))?;
        m.serialize_entry("format_indicator", &p.format_indicator())?;
        m.serialize_entry("initiation", &initiation)?;
        m.serialize_entry(
            "merchant_accounts",
            &Seq(|| p.merchant_accounts().map(|a| Account(a, self.1))),
        )?;
        m.serialize_entry(
            "merchant_category",
            &p.merchant_category_code()
                .and_then(crate::codes::mcc_description),
        )?;
        m.serialize_entry("merchant_category_code", &p.get(52).map(|o| o.value()))?;
        m.serialize_entry("merchant_city", &p.merchant_city())?;
        m.serialize_entry("merchant_name", &p.merchant_name())?;
        m.serialize_entry(
            "objects",
            &Seq(|| p.objects().map(|o| MpmObject { p, parent: None, o })),
        )?;
        m.serialize_entry("postal_code", &p.postal_code())?;
        m.end()
    }
}

/// `{"id", "name", "objects"?, "value"}`: `objects` only for a template that reads as one.
struct MpmObject<'a> {
    p: Payload<'a>,
    parent: Option<Template<'a>>,
    o: DataObject<'a>,
}

impl Serialize for MpmObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, o) = (self.p, self.o);
        let path = self
            .parent
            .map_or(ObjectPath::root(o.id()), |t| t.path().child(o.id()));
        // The object read as a template from its own span, where the standard says it is one
        // and it reads as one: with a repeated ID, each object shows what it holds.
        let template = match self.parent {
            None if matches!(o.id(), 26..=51 | 62 | 64 | 80..=99) => p.template_of(o).ok(),
            Some(t) if t.path().ids() == [62] && o.id() >= 50 => t.template_of(o).ok(),
            _ => None,
        };
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("id", &Id(o.id()))?;
        m.serialize_entry("name", crate::mpm::object_name(path))?;
        if let Some(t) = template {
            m.serialize_entry(
                "objects",
                &Seq(|| {
                    t.objects().map(move |o| MpmObject {
                        p,
                        parent: Some(t),
                        o,
                    })
                }),
            )?;
        }
        m.serialize_entry("value", o.value())?;
        m.end()
    }
}
