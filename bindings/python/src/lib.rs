//! The native part of the Python package `paycode` (`paycode._native`): the library called
//! directly (not through the C ABI), its reports turned into Python dicts of the JSON shape
//! every surface prints (`spec/report.schema.json`), and the batch decoder of the Arrow path.
//! The package's `__init__.py` puts the public names together; `__init__.pyi` types them.

#![deny(missing_docs)]

mod columns;
mod tape;

use std::borrow::Cow;
use std::sync::Arc;

use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::qr::{Buffers, Ecc, Symbol};
use paycode::registry::{Issuer, Registry};
use paycode::report::Report;
use paycode::unified::{AlternateLanguage, Amount, MAX_CODES, Merchant};

use columns::Columns;
use tape::Tape;

// Named in module `paycode`, where the package exports it, so that pickle finds it (an error
// crossing to a process pool or a Spark driver); its attributes travel in its `__dict__`.
pyo3::create_exception!(
    paycode,
    PaycodeError,
    PyValueError,
    "The library refused an input: `.rule` is the rule of spec/ broken (such as \"MPM-LEN-1\"; \
     None for an error outside the rules), `.offset` where (None when there is no place), \
     `.location` what the offset counts in (\"input\", \"decoded\", \"output\" or \"code\"), \
     `.message` what was wrong, without the rule and place."
);

/// The light modules drawn around a symbol, as ISO/IEC 18004 requires (as the tool draws it).
const QUIET: usize = 4;

/// What a [`PaycodeError`] says: a library error of any family, taken apart.
struct Refusal {
    rule: Option<&'static str>,
    offset: Option<usize>,
    location: Option<paycode::Location>,
    message: String,
    display: String,
}

impl From<&paycode::Error> for Refusal {
    fn from(e: &paycode::Error) -> Self {
        Refusal {
            rule: e.rule().map(|r| r.id()),
            offset: e.offset(),
            location: e.location(),
            message: e.message().to_string(),
            display: e.to_string(),
        }
    }
}

impl From<&paycode::qr::Error> for Refusal {
    fn from(e: &paycode::qr::Error) -> Self {
        Refusal {
            rule: Some(e.rule().id()),
            offset: Some(e.offset()),
            location: Some(e.location()),
            message: e.kind().to_string(),
            display: e.to_string(),
        }
    }
}

/// A [`PaycodeError`] for a library error: its rule, offset, location and message.
fn refuse(py: Python<'_>, e: impl Into<Refusal>) -> PyErr {
    refuse_at(py, e.into(), None)
}

/// A [`PaycodeError`] for a library error about the `index`-th code of a list.
fn refuse_at(py: Python<'_>, e: Refusal, index: Option<usize>) -> PyErr {
    let text = match index {
        Some(i) => format!("codes[{i}]: {}", e.display),
        None => e.display,
    };
    let err = PaycodeError::new_err(text);
    let set = || -> PyResult<()> {
        let v = err.value(py);
        v.setattr("rule", e.rule)?;
        v.setattr("offset", e.offset)?;
        let location = e.location.map(|l| match l {
            paycode::Location::Input(_) => "input",
            paycode::Location::Decoded(_) => "decoded",
            paycode::Location::Output(_) => "output",
            _ => "code",
        });
        v.setattr("location", location)?;
        v.setattr("message", e.message)?;
        v.setattr("index", index)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// A [`PaycodeError`] outside the library's rules.
fn refuse_plain(py: Python<'_>, message: &str) -> PyErr {
    refuse_plain_at(py, message, None)
}

/// A [`PaycodeError`] outside the library's rules, about `location` (such as "registry").
fn refuse_plain_at(py: Python<'_>, message: &str, location: Option<&str>) -> PyErr {
    let err = PaycodeError::new_err(message.to_owned());
    let set = || -> PyResult<()> {
        let v = err.value(py);
        v.setattr("rule", py.None())?;
        v.setattr("offset", py.None())?;
        v.setattr("location", location)?;
        v.setattr("message", message)?;
        v.setattr("index", py.None())?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// An argument quoted in a message, masked as every output is: a caller may have passed a
/// payment code in the wrong place.
fn shown(arg: &str) -> String {
    paycode::mask::masked(arg).to_string()
}

fn internal(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("paycode: internal error: {e}"))
}

/// The bytes of a `str` (UTF-8) or of a bytes-like object, borrowed from it.
///
/// A `str` holding a lone surrogate has no UTF-8: its bytes are taken as Python writes them
/// with `surrogatepass`, which the readers refuse as any bytes that are not UTF-8 (MPM-UTF-1),
/// so that its report says why. Converting it strictly would raise a `UnicodeEncodeError`
/// that carries the whole text, a payment code perhaps, in its `repr` and `args`.
fn input_bytes<'a>(obj: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return match s.to_str() {
            Ok(text) => Ok(Cow::Borrowed(text.as_bytes())),
            Err(_) => {
                let bytes = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
                Ok(Cow::Owned(bytes.cast::<PyBytes>()?.as_bytes().to_vec()))
            }
        };
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    Err(PyTypeError::new_err(format!(
        "paycode: a code is str or bytes, not {}",
        obj.get_type().name()?
    )))
}

/// A run-time registry: attribution facts read from a document of `spec/registry.json`'s
/// shape (spec/registry.md, Run-time registries), for `decode`, `scan` and `decode_many`'s
/// `registry=`. Immutable once loaded, shared by threads, and picklable (as its document).
#[pyclass(frozen, module = "paycode", name = "Registry")]
struct PyRegistry {
    inner: Arc<Registry>,
    /// The document it was read from: a registry pickles as it (for Spark's executors, or
    /// any `multiprocessing` worker), and is read again where it is unpickled.
    doc: String,
}

#[pymethods]
impl PyRegistry {
    /// Reads a registry document (JSON text). An issuer whose ID is built in replaces that
    /// issuer's facts; a document the library refuses raises `PaycodeError` (its `rule`
    /// None, its `location` "registry").
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Self> {
        // A lone surrogate has no UTF-8; the strict conversion's error would carry the whole
        // document, payment codes and all, in its `repr`.
        let Ok(text) = text.to_str() else {
            return Err(refuse_plain_at(
                py,
                "a registry document is Unicode text: this one holds a lone surrogate",
                Some("registry"),
            ));
        };
        let inner = py
            .detach(|| serde_json::from_str::<Registry>(text))
            // serde_json's message may quote the document (`invalid type: string "…"`), where
            // a caller may have put a payment code: masked, as every output is.
            .map_err(|e| {
                let message = paycode::mask::masked(&e.to_string()).to_string();
                refuse_plain_at(py, &message, Some("registry"))
            })?;
        Ok(PyRegistry {
            inner: Arc::new(inner),
            doc: text.to_owned(),
        })
    }

    /// Pickles as `Registry.from_json(document)`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let load = slf.get_type().getattr("from_json")?;
        let args = PyTuple::new(py, [slf.get().doc.as_str()])?;
        PyTuple::new(py, [load, args.into_any()])
    }

    fn __repr__(&self) -> String {
        "<paycode.Registry>".to_owned()
    }
}

/// The registry a call attributes through: the one given, or none (the built-in tables).
fn registry_of(r: Option<&Bound<'_, PyRegistry>>) -> Option<Arc<Registry>> {
    r.map(|r| Arc::clone(&r.get().inner))
}

/// The report of `bytes`, attributed through `registry` when there is one.
fn report<'a>(bytes: &'a [u8], reveal: bool, registry: Option<&'a Registry>) -> Report<'a> {
    Report::new(bytes).reveal(reveal).registry(registry)
}

/// Decodes one input into its report, as a dict of the JSON shape of
/// `paycode decode --json` (spec/report.schema.json). Credentials are masked unless
/// `reveal`. An input that is not a readable code is reported (`ok` false, `error` why), not
/// raised.
#[pyfunction]
#[pyo3(signature = (text, reveal = false, registry = None))]
fn decode<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    reveal: bool,
    registry: Option<&Bound<'py, PyRegistry>>,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = input_bytes(text)?;
    let registry = registry_of(registry);
    let mut tape = Tape::default();
    tape.push(&report(&bytes, reveal, registry.as_deref()))
        .map_err(internal)?;
    tape.replay(py)?
        .pop()
        .ok_or_else(|| internal("no report was written"))
}

/// Decodes every input of a list (str or bytes) into the list of dicts that `decode` returns
/// one by one. The reading runs without the GIL; the dicts are made with it.
#[pyfunction]
#[pyo3(signature = (codes, reveal = false, registry = None))]
fn decode_list<'py>(
    py: Python<'py>,
    codes: &Bound<'py, PyList>,
    reveal: bool,
    registry: Option<&Bound<'py, PyRegistry>>,
) -> PyResult<Bound<'py, PyList>> {
    let registry = registry_of(registry);
    // The list's items, held here: another thread may change the list while the GIL is
    // released, but these references keep each (immutable) string alive and unchanged.
    let items: Vec<Bound<'py, PyAny>> = codes.iter().collect();
    let inputs = items
        .iter()
        .map(input_bytes)
        .collect::<PyResult<Vec<Cow<'_, [u8]>>>>()?;
    let tape = py.detach(|| {
        let mut tape = Tape::default();
        for bytes in &inputs {
            tape.push(&report(bytes, reveal, registry.as_deref()))?;
        }
        Ok::<_, tape::TapeError>(tape)
    });
    let tape = tape.map_err(internal)?;
    // The dicts hold no cycles, yet making hundreds of thousands of them sets off the cyclic
    // collector again and again (a third of the time, measured): it is paused meanwhile, as
    // it was found (another thread may pause it too: it is resumed only if it was running).
    let gc = py.import("gc")?;
    let was_enabled: bool = gc.call_method0("isenabled")?.extract()?;
    if was_enabled && inputs.len() > 1000 {
        gc.call_method0("disable")?;
    }
    let objects = tape.replay(py);
    if was_enabled && inputs.len() > 1000 {
        gc.call_method0("enable")?;
    }
    PyList::new(py, objects?)
}

/// A read-only view of a buffer's bytes, valid while the buffer is held.
fn view(buf: &PyUntypedBuffer) -> PyResult<&[u8]> {
    if !buf.is_c_contiguous() {
        return Err(PyValueError::new_err(
            "paycode: an Arrow buffer is not contiguous",
        ));
    }
    let len = buf.len_bytes();
    if len == 0 {
        return Ok(&[]);
    }
    // SAFETY: the buffer is C-contiguous, `len` bytes long at `buf_ptr()`, and exported by
    // its object for as long as `buf` is held (the returned slice borrows `buf`). An Arrow
    // array is immutable by Arrow's contract, which every reader of one relies on: a caller
    // that wrote into an array's buffers from another thread during the call would break it.
    Ok(unsafe { core::slice::from_raw_parts(buf.buf_ptr().cast::<u8>(), len) })
}

/// An Arrow utf8 (32-bit offsets) or large_utf8 (64-bit) array, read in place.
struct StringArray<'a> {
    validity: Option<&'a [u8]>,
    offsets: &'a [u8],
    data: &'a [u8],
    /// The array's offset into its buffers, in rows.
    offset: usize,
    len: usize,
    large: bool,
}

impl StringArray<'_> {
    fn offset_at(&self, i: usize) -> Option<usize> {
        if self.large {
            let b = self.offsets.get(i * 8..i * 8 + 8)?;
            usize::try_from(i64::from_le_bytes(b.try_into().ok()?)).ok()
        } else {
            let b = self.offsets.get(i * 4..i * 4 + 4)?;
            usize::try_from(i32::from_le_bytes(b.try_into().ok()?)).ok()
        }
    }

    /// Row `i`: `Some(bytes)`, or `None` for a null; `Err` when the buffers are inconsistent.
    fn row(&self, i: usize) -> Result<Option<&[u8]>, &'static str> {
        let at = self.offset + i;
        if let Some(v) = self.validity {
            let byte = v.get(at / 8).ok_or("the validity bitmap is too short")?;
            if byte & (1 << (at % 8)) == 0 {
                return Ok(None);
            }
        }
        let (Some(a), Some(b)) = (self.offset_at(at), self.offset_at(at + 1)) else {
            return Err("the offsets buffer is too short");
        };
        self.data
            .get(a..b)
            .map(Some)
            .ok_or("an offset points past the data buffer")
    }
}

/// Decodes a batch of reports into columns.
fn decode_columns(
    a: &StringArray<'_>,
    reveal: bool,
    registry: Option<&Registry>,
) -> PyResult<Columns> {
    // The offsets are checked to cover every row before anything is reserved for the rows.
    let width = if a.large { 8 } else { 4 };
    let needed = a
        .offset
        .checked_add(a.len)
        .and_then(|n| n.checked_add(1))
        .and_then(|n| n.checked_mul(width));
    if needed.is_none_or(|n| n > a.offsets.len()) && a.len > 0 {
        return Err(PyValueError::new_err(
            "paycode: the offsets buffer is shorter than the array's rows",
        ));
    }
    let text = a.data.len().min(1 << 30);
    let mut cols = Columns::with_capacity(a.len, text);
    for i in 0..a.len {
        match a
            .row(i)
            .map_err(|e| PyValueError::new_err(format!("paycode: {e}")))?
        {
            Some(bytes) => cols.push(&report(bytes, reveal, registry)),
            None => cols.push_null(),
        }
        .map_err(internal)?;
    }
    Ok(cols)
}

/// The Arrow path's native half: decodes the utf8 or large_utf8 array given by its buffers
/// (`validity` may be None; `offset` and `length` are the array's) and returns its columns'
/// buffers, which `paycode.decode_many` puts into a table. The reading runs without the GIL.
#[pyfunction]
#[pyo3(signature = (validity, offsets, data, offset, length, large, reveal = false, registry = None))]
#[allow(clippy::too_many_arguments)]
fn decode_arrow<'py>(
    py: Python<'py>,
    validity: Option<Bound<'py, PyAny>>,
    offsets: Option<Bound<'py, PyAny>>,
    data: Option<Bound<'py, PyAny>>,
    offset: usize,
    length: usize,
    large: bool,
    reveal: bool,
    registry: Option<&Bound<'py, PyRegistry>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let registry = registry_of(registry);
    // Any format: pyarrow exports its buffers as signed bytes (`b`); only the bytes matter.
    let validity = validity.as_ref().map(PyUntypedBuffer::get).transpose()?;
    let offsets = offsets.as_ref().map(PyUntypedBuffer::get).transpose()?;
    let data = data.as_ref().map(PyUntypedBuffer::get).transpose()?;
    let validity_view = validity.as_ref().map(view).transpose()?;
    let data_view = match &data {
        Some(d) => view(d)?,
        None => &[],
    };
    let array = StringArray {
        validity: validity_view,
        offsets: match &offsets {
            Some(o) => view(o)?,
            None => &[],
        },
        data: data_view,
        offset,
        len: length,
        large,
    };
    let cols = py.detach(|| decode_columns(&array, reveal, registry.as_deref()))?;
    arrow_tuple(py, &cols)
}

/// The columns' buffers as a tuple of bytes, in the order `__init__.py` reads them.
fn arrow_tuple<'py>(py: Python<'py>, c: &Columns) -> PyResult<Bound<'py, PyTuple>> {
    let b = |bytes: &[u8]| PyBytes::new(py, bytes).into_any();
    let items: Vec<Bound<'py, PyAny>> = vec![
        c.rows.into_pyobject(py)?.into_any(),
        c.valid.zeros().into_pyobject(py)?.into_any(),
        b(c.valid.bytes()),
        b(&c.input.offsets()),
        b(c.input.data()),
        b(c.ok.bytes()),
        b(&c.form.offsets()),
        b(c.form.data()),
        b(c.conformant.bytes()),
        b(&c.issuers_offsets()),
        b(&c.issuer.offsets()),
        b(c.issuer.data()),
        c.rule_valid.zeros().into_pyobject(py)?.into_any(),
        b(c.rule_valid.bytes()),
        b(&c.rule.offsets()),
        b(c.rule.data()),
        c.offset_valid.zeros().into_pyobject(py)?.into_any(),
        b(c.offset_valid.bytes()),
        b(&c.offset_values()),
    ];
    PyTuple::new(py, items)
}

/// The library's own cost on the same codes, for the benchmark: times, in Rust and without
/// Python, `rounds` passes of what the Arrow path does for each code (the report made and
/// serialized into the columns) over the codes of `codes` (copied into Rust first), and
/// returns the seconds of the fastest pass. With `what = "json"`, each report is instead
/// serialized whole as JSON into a sink; with `what = "scan"`, each code is read and
/// validated as `cli/benches/throughput.rs` times the library (`scan`, then
/// `is_conformant` where the form has rules).
#[pyfunction]
#[pyo3(signature = (codes, what = "columns", rounds = 1))]
fn baseline(py: Python<'_>, codes: &Bound<'_, PyList>, what: &str, rounds: usize) -> PyResult<f64> {
    let owned: Vec<Vec<u8>> = codes
        .iter()
        .map(|c| input_bytes(&c).map(Cow::into_owned))
        .collect::<PyResult<_>>()?;
    let what = what.to_owned();
    py.detach(move || {
        let mut best = f64::INFINITY;
        for _ in 0..rounds.max(1) {
            let start = std::time::Instant::now();
            match what.as_str() {
                "columns" => {
                    let total = owned.iter().map(Vec::len).sum();
                    let mut cols = Columns::with_capacity(owned.len(), total);
                    for c in &owned {
                        cols.push(&Report::new(c)).map_err(internal)?;
                    }
                    std::hint::black_box(&cols);
                }
                "json" => {
                    for c in &owned {
                        serde_json::to_writer(std::io::sink(), &Report::new(c))
                            .map_err(internal)?;
                    }
                }
                "scan" => {
                    // As cli/benches/throughput.rs times the library: read, then validate
                    // what has rules to validate.
                    use paycode::scan::{Scanned, scan};
                    let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
                    let mut conformant = 0usize;
                    for c in &owned {
                        let text = core::str::from_utf8(c).unwrap_or("");
                        let ok = match scan(std::hint::black_box(text), &mut buf) {
                            Scanned::Mpm(p) => p.is_conformant(),
                            Scanned::Cpm(p) => p.is_conformant(),
                            Scanned::NotPayment { .. } => false,
                            _ => true,
                        };
                        conformant += usize::from(ok);
                    }
                    std::hint::black_box(conformant);
                }
                other => {
                    return Err(PyValueError::new_err(format!(
                        "paycode: no baseline {other:?}: columns, json or scan"
                    )));
                }
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        Ok(best)
    })
}

/// One unified code carrying the legacy codes given (spec/unified.md), with the merchant's
/// facts; the defaults are the standard's (`MERCHANT`, `CHINA`, MCC `0000`, CNY, static).
#[pyfunction]
#[pyo3(signature = (codes, *, name = None, city = None, mcc = None, currency = None,
    amount = None, reference = None, terminal = None, alternate = None))]
#[allow(clippy::too_many_arguments)]
fn to_unified(
    py: Python<'_>,
    codes: Vec<String>,
    name: Option<&str>,
    city: Option<&str>,
    mcc: Option<&str>,
    currency: Option<&str>,
    amount: Option<&Bound<'_, PyAny>>,
    reference: Option<&str>,
    terminal: Option<&str>,
    alternate: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let mut parsed = Vec::with_capacity(codes.len());
    for (i, c) in codes.iter().enumerate() {
        match LegacyCode::parse(c) {
            Ok(code) => parsed.push(code),
            Err(e) => return Err(refuse_at(py, (&paycode::Error::from(e)).into(), Some(i))),
        }
        // One more than a unified code carries is enough for the library to refuse them.
        if parsed.len() > MAX_CODES {
            break;
        }
    }
    let decimal;
    let amount = match amount {
        None => None,
        Some(a) if a.is_instance_of::<pyo3::types::PyBool>() => {
            return Err(PyTypeError::new_err(
                "paycode: amount is a str (\"12.34\") or an int of minor units, not a bool",
            ));
        }
        Some(a) => {
            if let Ok(minor) = a.extract::<u64>() {
                Some(Amount::Minor(minor))
            } else if let Ok(s) = a.extract::<String>() {
                decimal = s;
                Some(Amount::Decimal(&decimal))
            } else {
                return Err(PyTypeError::new_err(
                    "paycode: amount is a str (\"12.34\") or a non-negative int of minor units",
                ));
            }
        }
    };
    let (language, alt_name, alt_city): (Option<String>, Option<String>, Option<String>) =
        match alternate {
            None => (None, None, None),
            Some(d) => {
                let get = |k: &str| -> PyResult<Option<String>> {
                    d.get_item(k)?.map(|v| v.extract()).transpose()
                };
                for key in d.keys() {
                    let key: String = key.extract()?;
                    if !matches!(key.as_str(), "language" | "name" | "city") {
                        return Err(PyTypeError::new_err(format!(
                            "paycode: alternate has language, name and city, not {:?}",
                            shown(&key)
                        )));
                    }
                }
                (get("language")?, get("name")?, get("city")?)
            }
        };
    let alternate = match (&language, &alt_name) {
        (Some(l), Some(n)) => Some(AlternateLanguage {
            language: l,
            name: n,
            city: alt_city.as_deref(),
        }),
        (None, None) if alt_city.is_none() => None,
        _ => {
            return Err(PyTypeError::new_err(
                "paycode: alternate needs a language and a name (city is optional)",
            ));
        }
    };
    let merchant = Merchant {
        name,
        city,
        mcc,
        currency,
        amount,
        reference,
        terminal,
        alternate,
    };
    let mut buf = [0u8; 1024];
    match paycode::unified::to_unified(&parsed, &merchant, &mut buf) {
        Ok(payload) => Ok(payload.to_owned()),
        Err(e) => Err(refuse(py, &e)),
    }
}

/// The legacy codes a unified payload carries, in template order, as they were written.
#[pyfunction]
fn from_unified(py: Python<'_>, payload: &str) -> PyResult<Vec<String>> {
    let p = Payload::parse(payload).map_err(|e| refuse(py, &paycode::Error::from(e)))?;
    let mut found = Vec::new();
    paycode::unified::from_unified(&p, &mut |c| found.push(c.to_owned()))
        .map_err(|e| refuse(py, &paycode::Error::from(e)))?;
    if found.is_empty() {
        return Err(refuse_plain(py, "the payload carries no legacy code"));
    }
    Ok(found)
}

/// How the wallet `wallet` (a registry ID) pays the merchant code `code`, as a dict with the
/// keys of the C ABI's `paycode_route`: `code` (to send), `confidence`, `decision`, `issuer`,
/// `since`, `source`, `verdict`.
#[pyfunction]
fn route<'py>(py: Python<'py>, wallet: &str, code: &str) -> PyResult<Bound<'py, PyDict>> {
    let wallet: Issuer = wallet
        .parse()
        .map_err(|e: paycode::registry::Error| refuse(py, &paycode::Error::from(e)))?;
    let mut buf = vec![0u8; code.len().saturating_mul(3).saturating_add(512)];
    let r = paycode::route::route(wallet, code, &mut buf).map_err(|e| refuse(py, &e))?;
    let d = PyDict::new(py);
    d.set_item("code", r.code)?;
    d.set_item("confidence", format!("{:?}", r.confidence).to_lowercase())?;
    d.set_item("decision", r.decision.name())?;
    d.set_item("issuer", r.issuer.map(|i| i.id()))?;
    d.set_item("since", r.since)?;
    d.set_item("source", r.source)?;
    d.set_item("verdict", r.decision.verdict())?;
    Ok(d)
}

/// Whether the module at (x, y) of the drawing, quiet zone included, is dark.
fn dark(s: &Symbol<'_>, x: usize, y: usize) -> bool {
    match (x.checked_sub(QUIET), y.checked_sub(QUIET)) {
        (Some(x), Some(y)) => s.module(x, y),
        _ => false,
    }
}

/// The symbol as `paycode qr --format svg` writes it.
fn svg(s: &Symbol<'_>, size: u32) -> String {
    use std::fmt::Write as _;
    let modules = s.size() + 2 * QUIET;
    let px = modules.saturating_mul(size.max(1) as usize);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{px}\" height=\"{px}\" viewBox=\"0 0 {modules} {modules}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{modules}\" height=\"{modules}\" fill=\"#fff\"/><path d=\""
    );
    for y in 0..modules {
        for x in 0..modules {
            if dark(s, x, y) {
                let _ = write!(out, "M{x},{y}h1v1h-1z");
            }
        }
    }
    out.push_str("\" fill=\"#000\"/></svg>\n");
    out
}

/// The symbol as `paycode qr --format text` writes it: two rows of modules a line.
fn text(s: &Symbol<'_>) -> String {
    let modules = s.size() + 2 * QUIET;
    let mut out = String::new();
    for y in (0..modules).step_by(2) {
        for x in 0..modules {
            out.push(match (dark(s, x, y), dark(s, x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    out
}

/// Draws the QR symbol of `text` as EMVCo requires it (byte mode, ECI 26 when needed, the
/// smallest version, level `ecc`), quiet zone included: `format="svg"` gives the SVG text of
/// `paycode qr --format svg --size SIZE`, `"text"` the terminal drawing of
/// `paycode qr --format text`, `"matrix"` a list of rows of booleans (True is dark).
#[pyfunction]
#[pyo3(signature = (text, format = "svg", ecc = "M", size = 8))]
fn qr<'py>(
    py: Python<'py>,
    text: &str,
    format: &str,
    ecc: &str,
    size: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let level = match ecc.to_ascii_uppercase().as_str() {
        "L" => Ecc::L,
        "M" => Ecc::M,
        "Q" => Ecc::Q,
        "H" => Ecc::H,
        _ => {
            return Err(PyValueError::new_err(format!(
                "paycode: ecc is L, M, Q or H, not {:?}",
                shown(ecc)
            )));
        }
    };
    if !matches!(format, "svg" | "text" | "matrix") {
        return Err(PyValueError::new_err(format!(
            "paycode: format is svg, text or matrix, not {:?}",
            shown(format)
        )));
    }
    let mut bufs = Box::new(Buffers::new());
    let symbol = paycode::qr::encode(text, level, &mut bufs).map_err(|e| refuse(py, &e))?;
    Ok(match format {
        "svg" => PyString::new(py, &svg(&symbol, size)).into_any(),
        "text" => PyString::new(py, &self::text(&symbol)).into_any(),
        _ => {
            let modules = symbol.size() + 2 * QUIET;
            let rows = (0..modules)
                .map(|y| PyList::new(py, (0..modules).map(|x| dark(&symbol, x, y))))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, rows)?.into_any()
        }
    })
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("PaycodeError", m.py().get_type::<PaycodeError>())?;
    m.add_class::<PyRegistry>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(decode_list, m)?)?;
    m.add_function(wrap_pyfunction!(decode_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(baseline, m)?)?;
    m.add_function(wrap_pyfunction!(to_unified, m)?)?;
    m.add_function(wrap_pyfunction!(from_unified, m)?)?;
    m.add_function(wrap_pyfunction!(route, m)?)?;
    m.add_function(wrap_pyfunction!(qr, m)?)?;
    Ok(())
}
