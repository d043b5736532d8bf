//! Strict validation of a parsed payload against `spec/mpm.md`: every violation, in payload
//! order, each with its rule and byte offset.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::error::Findings;

use super::objects::{Check, Context, Format};
use super::tlv::Recorded;
use super::{Amount, Condition, DataObject, ErrorKind, Expected, Payload, Template, Violation};
use crate::codes;
use crate::error::{ObjectPath, Rule, TwoChars};

/// The standard's size limit in bytes (`MPM-SIZE-1`; EMVCo MPM §4.1 says 512 characters of
/// the alphanumeric kind, fewer with multi-byte text, which bytes measure).
pub const MAX_PAYLOAD_LEN: usize = 512;

impl Payload<'_> {
    /// Reports every violation of the standard to `sink`, in payload order, without allocating.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
    /// let mut count = 0;
    /// p.validate_with(&mut |v| {
    ///     assert_eq!(v.rule().id(), "MPM-PRS-1");
    ///     count += 1;
    /// });
    /// assert_eq!(count, 3); // 52, 59 and 60 are missing
    /// # Ok::<(), paycode::Error>(())
    /// ```
    pub fn validate_with(&self, sink: &mut dyn FnMut(Violation)) {
        let b = self.as_str().as_bytes();
        // Most payloads are printable where the parse found them ASCII: all of the text, or
        // all but some text in their middle (as the standard's example has in template 64).
        // One test of those parts then passes the character set of every value within them;
        // values elsewhere are tested byte by byte. Otherwise each chunk is marked.
        let (until, from) = self.index.ascii_bounds();
        let (head, tail) = (b.get(..until), b.get(from..).unwrap_or_default());
        let (printable, prefix, suffix) =
            if head.is_some_and(printable_throughout) && printable_throughout(tail) {
                (0, until, from)
            } else {
                let printable = printable_chunks(b);
                let prefix = CHUNK.saturating_mul(printable.trailing_ones() as usize);
                (printable, prefix, printable_suffix(printable, b.len()))
            };
        Checker {
            sink,
            p: self,
            printable,
            prefix,
            suffix,
        }
        .payload();
    }

    /// Returns every violation of the standard, in payload order; empty for a conformant
    /// payload (and then nothing is allocated).
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(
    ///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
    /// let v = p.validate();
    /// assert_eq!(v[0].to_string(), "mandatory object 52 is missing (MPM-PRS-1 at byte 0)");
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[cfg(feature = "alloc")]
    #[must_use]
    pub fn validate(&self) -> Vec<Violation> {
        Findings::all(|sink| self.validate_with(sink))
    }

    /// Returns whether the payload breaks no rule of the standard.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = paycode::mpm::Payload::parse(paycode::mpm::SPEC_EXAMPLE)?;
    /// assert!(p.is_conformant());
    /// # Ok::<(), paycode::mpm::Error>(())
    /// ```
    #[must_use]
    pub fn is_conformant(&self) -> bool {
        Findings::first(|sink| self.validate_with(sink)).is_none()
    }
}

/// One pass over the payload's objects and those of its templates, as the parse recorded them.
struct Checker<'s, 'p, 'a> {
    sink: &'s mut dyn FnMut(Violation),
    p: &'p Payload<'a>,
    /// Bit `i` is set if bytes `16 i` to `16 i + 15` of the payload are all printable ASCII:
    /// values within such chunks pass `MPM-FMT-2` without a look of their own.
    printable: u64,
    /// The number of bytes before the first chunk that is not printable.
    prefix: usize,
    /// The offset from which every chunk is printable (as in a payload whose only
    /// non-ASCII text is in its middle).
    suffix: usize,
}

/// Returns the offset from which every chunk of a payload of `len` bytes is marked printable
/// in `printable` (see [`printable_chunks`]), or `usize::MAX` if the marks do not cover the
/// payload's end.
fn printable_suffix(printable: u64, len: usize) -> usize {
    // The chunks, the last one perhaps short; all of them are marked below 63 chunks.
    let chunks = len.div_ceil(CHUNK);
    let Some(all) = u32::try_from(chunks)
        .ok()
        .filter(|&n| n < 64)
        .and_then(|n| 1u64.checked_shl(n))
        .map(|b| b.wrapping_sub(1))
    else {
        return usize::MAX;
    };
    let bad = all & !printable;
    // The chunk after the last one that is not printable.
    let after = 64_usize.wrapping_sub(bad.leading_zeros() as usize);
    CHUNK.saturating_mul(after)
}

/// The bit of ID `id` in a set of IDs (none for a number above 99, which no ID is).
#[inline]
fn bit(id: u8) -> u128 {
    // A load from a table with an entry per byte value: a 128-bit shift by a variable amount
    // takes about seven instructions on x86-64, and validation takes it for every object.
    static BITS: [u128; 256] = bit_table();
    BITS.get(usize::from(id)).copied().unwrap_or(0)
}

/// [`bit`] as a table, built at compile time (where an index out of bounds would fail the
/// build, not panic).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn bit_table() -> [u128; 256] {
    let mut t = [0; 256];
    let mut id = 0;
    while id < 100 {
        t[id] = 1 << id;
        id += 1;
    }
    t
}

/// The merchant account IDs.
const ACCOUNT_IDS: core::ops::RangeInclusive<u8> = 2..=51;

/// Bytes per bit of [`Checker::printable`].
const CHUNK: usize = 16;

/// Whether every byte of `b` is printable ASCII (0x20-0x7E), eight bytes a test: a byte above
/// 0x7E has its high bit set, or sets it when 1 is added; one below 0x20 borrows into it when
/// 0x20 is taken away. Only such a byte carries or borrows, so a word with no high bit set in
/// any of the three is printable throughout.
fn printable_throughout(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let marks = |w: &[u8; 8]| {
        let w = u64::from_le_bytes(*w);
        w | w.wrapping_sub(0x20 * ONES) | w.wrapping_add(ONES)
    };
    let mut words = b.chunks_exact(8);
    let mut bad = 0;
    for w in words.by_ref() {
        if let Ok(w) = <&[u8; 8]>::try_from(w) {
            bad |= marks(w);
        }
    }
    if words.remainder().is_empty() {
        return bad & (0x80 * ONES) == 0;
    }
    // The last eight bytes as one word, where there are eight: some are tested twice.
    match b
        .len()
        .checked_sub(8)
        .and_then(|at| b.get(at..)?.first_chunk::<8>())
    {
        Some(w) => (bad | marks(w)) & (0x80 * ONES) == 0,
        None => words.remainder().iter().all(|c| (b' '..=b'~').contains(c)),
    }
}

/// Marks the 16-byte chunks of `b` that hold only printable ASCII (0x20-0x7E), for the first
/// 64 chunks. Each chunk is tested without a branch per byte, so the compiler makes one vector
/// test of it: one pass over the payload instead of a loop per value.
fn printable_chunks(b: &[u8]) -> u64 {
    let unprintable = |c: &u8| !(b' '..=b'~').contains(c);
    let mut mask: u64 = 0;
    let mut bit: u64 = 1;
    let mut chunks = b.chunks_exact(CHUNK);
    for chunk in chunks.by_ref().take(64) {
        // A fixed size and no early exit: the compiler tests the chunk as one vector.
        if let Ok(chunk) = <&[u8; CHUNK]>::try_from(chunk) {
            if !chunk.iter().fold(false, |bad, c| bad | unprintable(c)) {
                mask |= bit;
            }
        }
        bit = bit.wrapping_shl(1);
    }
    if bit != 0 && !chunks.remainder().iter().any(unprintable) {
        mask |= bit;
    }
    mask
}

/// The offset of the first byte of `v` that is not an ASCII digit, if any: eight bytes at a
/// time, as the header test reads four.
#[inline(always)]
fn first_non_digit(v: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = v.chunks_exact(8);
    let mut at: usize = 0;
    for w in words.by_ref() {
        if let Ok(&w) = <&[u8; 8]>::try_from(w) {
            let w = u64::from_le_bytes(w);
            let bad =
                (w | w.wrapping_sub(0x30 * ONES) | w.wrapping_add(0x46 * ONES)) & (0x80 * ONES);
            if bad != 0 {
                return Some(at.wrapping_add((bad.trailing_zeros() / 8) as usize));
            }
        }
        at = at.wrapping_add(8);
    }
    let i = words.remainder().iter().position(|b| !b.is_ascii_digit())?;
    Some(at.wrapping_add(i))
}

impl<'a> Checker<'_, '_, 'a> {
    #[cold]
    fn report(&mut self, id: Rule, offset: usize, kind: ErrorKind) {
        (self.sink)(Violation::new(id, offset, kind));
    }

    fn payload(&mut self) {
        let p = self.p;
        // The first 55, 56 and 57: their conditions are checked after the pass.
        let mut fees: [Option<DataObject<'a>>; 3] = [None; 3];
        // Nothing follows the CRC object of a readable payload (MPM-CRC-4), so the retired
        // MPM-ORD-2 (the CRC is last) has nothing left to check.
        for o in p.objects() {
            let path = ObjectPath::root(o.id());
            if o.offset() == 0 && o.id() != 0 {
                self.report(Rule::MpmOrd1, 0, ErrorKind::NotFirst { found: path });
            }
            // The parse recorded where the first object of each ID is: any other is a repeat.
            let first = p.index.is_first(o.id(), o.offset());
            if !first {
                self.report(Rule::MpmDup1, o.offset(), ErrorKind::Duplicate { path });
            }
            if let (true, Some(fee)) = (first, o.id().checked_sub(55)) {
                if let Some(slot) = fees.get_mut(usize::from(fee)) {
                    *slot = Some(o);
                }
            }
            if let Some(context) = self.object(o, path, Context::Root) {
                self.root_template(o, path, context, first);
            }
        }
        let present = |id| p.index.first(id).is_some();

        const MANDATORY: [u8; 6] = [0, 52, 53, 58, 59, 60];
        for id in MANDATORY {
            if !present(id) {
                self.report(
                    Rule::MpmPrs1,
                    0,
                    ErrorKind::Missing {
                        path: ObjectPath::root(id),
                    },
                );
            }
        }
        if !p.index.any(ACCOUNT_IDS) {
            self.report(Rule::MpmMai1, 0, ErrorKind::NoMerchantAccount);
        }
        if present(55) || present(56) || present(57) {
            let [ind, fixed, percentage] = fees;
            if let Some((at, kind)) = fee_condition(ind, 56, fixed, "02") {
                self.report(Rule::MpmTip2, at, kind);
            }
            if let Some((at, kind)) = fee_condition(ind, 57, percentage, "03") {
                self.report(Rule::MpmTip3, at, kind);
            }
        }
        if p.as_str().len() > MAX_PAYLOAD_LEN {
            let kind = ErrorKind::PayloadTooLong {
                limit: MAX_PAYLOAD_LEN,
                found: p.as_str().len(),
            };
            self.report(Rule::MpmSize1, MAX_PAYLOAD_LEN, kind);
        }
    }

    /// Checks one object against its table entry, then its value's own rules; returns the
    /// context of its children if it is a template to be read.
    #[inline(always)]
    fn object(&mut self, o: DataObject<'a>, path: ObjectPath, context: Context) -> Option<Context> {
        if o.value().is_empty() {
            self.report(Rule::MpmTlv3, o.offset(), ErrorKind::EmptyValue { path });
            return None;
        }
        // IDs are two digits: every one has an entry.
        let &check = Check::get(context, o.id())?;
        if check.rfu {
            self.report(Rule::MpmRfu1, o.offset(), ErrorKind::Reserved { path });
            return None;
        }
        self.format(o, path, check.format);
        let found = o.char_len();
        if found < usize::from(check.min) || found > usize::from(check.max) {
            let kind = ErrorKind::Length {
                path,
                min: usize::from(check.min),
                max: usize::from(check.max),
                found,
            };
            self.report(Rule::MpmLen1, o.offset(), kind);
        }
        if check.value_rule {
            self.value(o, path, context);
        }
        check.template
    }

    /// A root template (`first` if it is the payload's first of its ID): its objects are where
    /// the parse recorded them, or read here.
    fn root_template(
        &mut self,
        o: DataObject<'a>,
        path: ObjectPath,
        context: Context,
        first: bool,
    ) {
        let p = self.p;
        // The parse recorded the first template of each ID, if any: `o` comes from this
        // payload's own objects, so no check that it is this payload's is needed.
        if let Some((at, ascii)) = first.then(|| p.index.sub_offsets(o.id())).flatten() {
            let objects = Recorded {
                value: o.value(),
                base: o.value_offset(),
                at,
                ascii,
            };
            self.children::<true>(objects, path, o.offset(), context);
            return;
        }
        match Template::read(o, None, p.ascii, p.unit) {
            Ok(t) => self.children::<true>(t.objects(), path, o.offset(), context),
            Err(e) => self.report(Rule::MpmTpl1, e.offset(), ErrorKind::NotTemplate { path }),
        }
    }

    /// A template inside a template (62.50-99), read here; the standard nests no deeper.
    #[inline(never)]
    fn nested_template(
        &mut self,
        o: DataObject<'a>,
        path: ObjectPath,
        parent: ObjectPath,
        context: Context,
    ) {
        let p = self.p;
        match Template::read(o, Some(parent), p.ascii, p.unit) {
            Ok(t) => self.children::<false>(t.objects(), path, o.offset(), context),
            Err(e) => self.report(Rule::MpmTpl1, e.offset(), ErrorKind::NotTemplate { path }),
        }
    }

    /// Whether the `len` bytes at `at` lie in chunks of printable ASCII only.
    #[inline]
    fn all_printable(&self, at: usize, len: usize) -> bool {
        let Some(end) = at.checked_add(len).and_then(|e| e.checked_sub(1)) else {
            return false;
        };
        // Most payloads are printable throughout, or up to some non-ASCII text.
        if end < self.prefix || at >= self.suffix {
            return true;
        }
        let (first, last) = (at / CHUNK, end / CHUNK);
        // `last - first + 1` bits, from bit `first`: at most 64 when `last` is below 64.
        let (Ok(first), Ok(count)) = (
            u32::try_from(first),
            u32::try_from(last.wrapping_sub(first)),
        ) else {
            return false;
        };
        let want = u64::MAX
            .checked_shr(63_u32.wrapping_sub(count))
            .and_then(|ones| ones.checked_shl(first))
            .filter(|_| last < 64 && count < 64);
        want.is_some_and(|w| self.printable & w == w)
    }

    /// The character set of a value, byte by byte: the first byte outside the set starts the
    /// character at fault, since every byte before it is ASCII.
    #[inline(always)]
    fn format(&mut self, o: DataObject<'_>, path: ObjectPath, format: Format) {
        let v = o.value().as_bytes();
        if format == Format::Ans && self.all_printable(o.value_offset(), v.len()) {
            return;
        }
        let bad = match format {
            Format::N => first_non_digit(v),
            Format::Ans => v.iter().position(|b| !(b' '..=b'~').contains(b)),
            Format::S => None,
        };
        if let Some(i) = bad {
            let found = o
                .value()
                .get(i..)
                .and_then(|r| r.chars().next())
                .unwrap_or('?');
            let at = o.value_offset().saturating_add(i);
            match format {
                Format::N => self.report(Rule::MpmFmt1, at, ErrorKind::NotNumeric { path, found }),
                _ => self.report(Rule::MpmFmt2, at, ErrorKind::NotAns { path, found }),
            }
        }
    }

    /// The objects of the template at `path` (whose header is at `at`), and what the template
    /// must hold; templates among them are read if `NEST` (the root's templates' children).
    fn children<const NEST: bool>(
        &mut self,
        objects: impl Iterator<Item = DataObject<'a>>,
        path: ObjectPath,
        at: usize,
        context: Context,
    ) {
        let mut seen: u128 = 0;
        for o in objects {
            let child = path.child(o.id());
            let b = bit(o.id());
            if seen & b != 0 {
                let kind = ErrorKind::Duplicate { path: child };
                self.report(Rule::MpmDup1, o.offset(), kind);
            }
            seen |= b;
            if let Some(context) = self.object(o, child, context) {
                if NEST {
                    self.nested_template(o, child, path, context);
                }
            }
        }
        match context {
            Context::Account if seen & bit(0) == 0 => {
                let path = path.child(0);
                self.report(Rule::MpmGui1, at, ErrorKind::Missing { path });
            }
            Context::Language => {
                for id in [0, 1] {
                    if seen & bit(id) == 0 {
                        let path = path.child(id);
                        self.report(Rule::MpmPrs1, at, ErrorKind::Missing { path });
                    }
                }
            }
            _ => {}
        }
    }

    /// The rules on particular values, beyond format and length.
    #[inline(always)]
    fn value(&mut self, o: DataObject<'_>, path: ObjectPath, context: Context) {
        let p = self.p;
        let v = o.value();
        let at = o.offset();
        match (context, o.id()) {
            (Context::Root, 0) if v != "01" => {
                self.report(
                    Rule::MpmPfi1,
                    at,
                    ErrorKind::Value {
                        path,
                        expected: Expected::Pfi01,
                    },
                );
            }
            (Context::Root, 1) if v != "11" && v != "12" => {
                let expected = Expected::Initiation;
                self.report(Rule::MpmPoi1, at, ErrorKind::Value { path, expected });
            }
            (Context::Root, 53) => {
                if let &[a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] = v.as_bytes() {
                    // Three digits: at most 999.
                    let n = [a, b, c].iter().fold(0u16, |n, &d| {
                        n.wrapping_mul(10)
                            .wrapping_add(u16::from(d.wrapping_sub(b'0')))
                    });
                    if !codes::is_currency(n) {
                        self.report(Rule::MpmCcy1, at, ErrorKind::UnknownCurrency { found: n });
                    }
                }
            }
            (Context::Root, 54 | 56) => match Amount::new(v) {
                Err(_) => {
                    let expected = Expected::Decimal;
                    self.report(Rule::MpmAmt1, at, ErrorKind::Value { path, expected });
                }
                Ok(a) if a.is_zero() => {
                    let expected = Expected::NonZero;
                    self.report(Rule::MpmAmt1, at, ErrorKind::Value { path, expected });
                }
                Ok(_) => {}
            },
            (Context::Root, 55) if !matches!(v, "01" | "02" | "03") => {
                let expected = Expected::TipIndicator;
                self.report(Rule::MpmTip1, at, ErrorKind::Value { path, expected });
            }
            (Context::Root, 57) if !is_percentage(v) => {
                let expected = Expected::Percentage;
                self.report(Rule::MpmTip3, at, ErrorKind::Value { path, expected });
            }
            (Context::Root, 58) => {
                if let [a, b] = *v.as_bytes() {
                    if !codes::is_country(v) {
                        let found = TwoChars([a, b]);
                        self.report(Rule::MpmCty1, at, ErrorKind::UnknownCountry { found });
                    }
                }
            }
            (Context::Root, 63)
                if o.offset() == p.crc_offset() && v.bytes().any(|b| b.is_ascii_lowercase()) =>
            {
                self.report(
                    Rule::MpmCrc3,
                    at,
                    ErrorKind::CrcLowercase { found: p.crc() },
                );
            }
            (Context::AdditionalData, 9) if !is_consumer_data_request(v) => {
                let expected = Expected::ConsumerData;
                self.report(Rule::MpmAdf1, at, ErrorKind::Value { path, expected });
            }
            (Context::AdditionalData, 11) if v.len() == 3 && !is_merchant_channel(v) => {
                let expected = Expected::Channel;
                self.report(Rule::MpmAdf2, at, ErrorKind::Value { path, expected });
            }
            (Context::Language, 0) if !v.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let expected = Expected::Language;
                self.report(Rule::MpmLng1, at, ErrorKind::Value { path, expected });
            }
            _ => {}
        }
    }
}

/// 56 is present exactly when 55 is `02`, 57 exactly when 55 is `03` (§4.7.7-4.7.8): returns
/// the breach, if any, as the offset to report and what is wrong.
fn fee_condition(
    ind: Option<DataObject<'_>>,
    fee: u8,
    found: Option<DataObject<'_>>,
    indicator: &str,
) -> Option<(usize, ErrorKind)> {
    let path = ObjectPath::root(fee);
    match (ind.is_some_and(|o| o.value() == indicator), found) {
        (true, None) => {
            let condition = if fee == 56 {
                Condition::RequiredWhen02
            } else {
                Condition::RequiredWhen03
            };
            Some((
                ind.map_or(0, |o| o.offset()),
                ErrorKind::Conditional { path, condition },
            ))
        }
        (false, Some(o)) => {
            let condition = if fee == 56 {
                Condition::AbsentUnless02
            } else {
                Condition::AbsentUnless03
            };
            Some((o.offset(), ErrorKind::Conditional { path, condition }))
        }
        _ => None,
    }
}

/// 57: "00.01" to "99.99", no `%` (§4.7.8.1): at most two digits before the point and two
/// after, not zero.
fn is_percentage(v: &str) -> bool {
    let Ok(a) = Amount::new(v) else { return false };
    a.integer_digits().len() <= 2 && a.fraction_digits().len() <= 2 && !a.is_zero()
}

/// 62.09: any combination of `A`, `M` and `E`, each at most once (§4.8.1.3).
fn is_consumer_data_request(v: &str) -> bool {
    let mut seen = [false; 3];
    v.bytes().all(|b| {
        let i = match b {
            b'A' => 0,
            b'M' => 1,
            b'E' => 2,
            _ => return false,
        };
        seen.get_mut(i)
            .is_some_and(|s| !core::mem::replace(s, true))
    })
}

/// 62.11: media 0-7, transaction location 0-3, merchant presence 0-3 (Tables 4.5-4.7).
fn is_merchant_channel(v: &str) -> bool {
    matches!(v.as_bytes(), [b'0'..=b'7', b'0'..=b'3', b'0'..=b'3'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn digit_test_agrees_with_the_definition() {
        for k in 0..8 {
            for fill in [b'A', b' ', b'~', 0x1F, 0x7F, 0x80, b'0', b'9'] {
                for c in 0..=255u8 {
                    let mut w = [fill; 8];
                    w[k] = c;
                    for n in 0..=8 {
                        let v = &w[..n];
                        let naive = v.iter().position(|b| !b.is_ascii_digit());
                        assert_eq!(first_non_digit(v), naive, "{v:?}");
                    }
                }
            }
        }
        // Longer values, the fault in every place.
        let digits = [b'7'; 20];
        assert_eq!(first_non_digit(&digits), None);
        for i in 0..20 {
            for c in [b'/', b':', b'a', 0x00, 0xFF] {
                let mut v = digits;
                v[i] = c;
                assert_eq!(first_non_digit(&v), Some(i));
            }
        }
    }

    #[test]
    fn printable_test_agrees_with_the_definition() {
        let printable = |v: &[u8]| v.iter().all(|c| (b' '..=b'~').contains(c));
        for len in 0..40 {
            for i in 0..len {
                for c in [0x00, 0x1F, b' ', b'~', 0x7F, 0x80, 0xE4, 0xFF] {
                    let mut v = vec![b'q'; len];
                    v[i] = c;
                    assert_eq!(printable_throughout(&v), printable(&v), "{len} {i} {c}");
                }
            }
            assert!(printable_throughout(&vec![b'q'; len]));
        }
    }

    #[test]
    fn printable_chunks_mark_what_they_hold() {
        let text = [b'x'; 40];
        assert_eq!(printable_chunks(&text), 0b111);
        for i in 0..40 {
            for c in [0x7F, 0x1F, 0xE4] {
                let mut t = text;
                t[i] = c;
                assert_eq!(printable_chunks(&t), 0b111 & !(1 << (i / CHUNK)), "{i} {c}");
            }
        }
    }
}
