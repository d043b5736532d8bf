//! The one reader of merchant-presented text: data objects, `ID(2) LEN(2) VALUE(LEN)`, as nom
//! parsers. Parsing, templates, validation and the accessors all read through it.
//!
//! Rules `MPM-TLV-1` (header) and `MPM-TLV-2` (value within bounds) are enforced here. The
//! parsers have nom's shape (`IResult`, `Err::Error` where a sequence simply ends,
//! `Err::Failure` for a breach) and a crate-private error, [`TlvError`], that carries the rule,
//! the position and what is wrong, so nothing is lost between a parser and its caller. No nom
//! type leaves the crate.
//!
//! Lengths count Unicode scalar values (EMVCo MPM §4.4.1.1: the spec's own example has
//! `0104最佳运输`, four characters in twelve bytes). For ASCII input, the common case, characters
//! and bytes coincide and the value is sliced directly; otherwise characters are counted on
//! the bytes, from their leading bytes. [`LengthUnit::Bytes`] reads payloads from generators that count bytes instead.
//!
//! A payload is read once: [`payload`] walks the root objects on bytes (the hot path of a
//! parse) and records where the first object of each ID is and where the data objects of each
//! root template are ([`Index`], [`Layout`]), so that nothing reads a template twice.

use nom::error::{ErrorKind as NomKind, ParseError};
use nom::multi::fold;
use nom::{Err, IResult, Parser};

use super::{Error, ErrorKind};
use crate::error::{ObjectPath, Rule};

/// How the two-digit length of a data object counts its value.
///
/// # Examples
///
/// ```
/// use paycode::mpm::{LengthUnit, ParseOptions};
/// // Template 64 with lengths counted in UTF-8 bytes, as some generators write it.
/// let s = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///          520441115802CN5914BEST TRANSPORT6007BEIJING64320002ZH0112最佳运输0206北京\
///          540523.7253031565502016233030412340603***0708A60086670902ME91320016A011223344\
///          99887707081234567863045D81";
/// assert!(paycode::mpm::Payload::parse(s).is_err());
/// let p = ParseOptions::new().length_unit(LengthUnit::Bytes).parse(s)?;
/// assert_eq!(p.language_template().unwrap()?.get(1).unwrap().value(), "最佳运输");
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LengthUnit {
    /// Unicode scalar values, as the standard says (the default).
    #[default]
    Chars,
    /// UTF-8 bytes: a leniency for payloads from generators that count bytes.
    Bytes,
}

/// One data object: its ID, its value, and where its header starts in the payload.
///
/// The value is borrowed from the input; nothing is copied.
///
/// # Examples
///
/// ```
/// let p = paycode::mpm::Payload::parse(
///     "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1")?;
/// let first = p.objects().next().unwrap();
/// assert_eq!((first.id(), first.value(), first.offset()), (0, "01", 0));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DataObject<'a> {
    id: u8,
    /// The number of characters in `value`, as the reader found out anyway: at most 99.
    chars: u8,
    value: &'a str,
    offset: usize,
}

impl<'a> DataObject<'a> {
    /// Returns the object's two-digit ID as a number, 0 to 99.
    #[must_use]
    pub const fn id(&self) -> u8 {
        self.id
    }

    /// Returns the value, borrowed from the payload.
    #[must_use]
    pub const fn value(&self) -> &'a str {
        self.value
    }

    /// Returns the byte offset of the object's header in the payload.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Returns the byte offset of the value in the payload (four bytes after the header).
    #[must_use]
    pub const fn value_offset(&self) -> usize {
        self.offset.saturating_add(4)
    }

    /// Returns the number of characters (Unicode scalar values) in the value, which is what
    /// its length field says under the standard's counting.
    #[must_use]
    pub fn char_len(&self) -> usize {
        usize::from(self.chars)
    }
}

/// The reader's error, as nom carries it from parser to parser: the rule broken, what is
/// wrong, and where, as the number of input bytes left at the fault (nom's own errors carry
/// the input that is left, so a parser needs no idea of where its input starts);
/// [`Reader::error`] turns that into an offset in the payload.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TlvError {
    rule: Rule,
    left: usize,
    kind: ErrorKind,
}

impl ParseError<&str> for TlvError {
    /// The one nom combinator used here, `fold`, makes an error of its own only if a parser
    /// succeeds without consuming input, which [`Reader::object`] never does (a header is four
    /// bytes); were it to, the input would be a header cut short where it is.
    fn from_error_kind(input: &str, _: NomKind) -> Self {
        TlvError {
            rule: Rule::MpmTlv1,
            left: input.len(),
            kind: ErrorKind::TruncatedHeader {
                found: input.chars().count(),
            },
        }
    }

    fn append(_: &str, _: NomKind, other: Self) -> Self {
        other
    }
}

/// Reads the two-digit ID and length of the header at the start of `b`, if it is four ASCII
/// digits.
#[inline]
fn header(b: &[u8]) -> Option<(u8, usize)> {
    let word = u32::from_le_bytes(*b.first_chunk::<4>()?);
    // One test of the word instead of a branch per byte.
    if !all_digits(word) {
        return None;
    }
    Some(id_len(word))
}

/// Whether the four bytes of `word` are ASCII digits: a byte below `0` borrows into the high
/// bit when `0` is taken away, one above `9` carries into it when 0x46 is added, and one with
/// the high bit already set is not ASCII. A byte that borrows or carries is itself flagged, so
/// what it does to the next byte does not matter.
#[inline(always)]
const fn all_digits(word: u32) -> bool {
    non_digits(word) & 0x8080_8080 == 0
}

/// The bits from which [`all_digits`] decides, before the mask: ORed over several words, one
/// mask then tests them all.
#[inline(always)]
const fn non_digits(word: u32) -> u32 {
    word | word.wrapping_sub(0x3030_3030) | word.wrapping_add(0x4646_4646)
}

/// The ID and length of a header `word` of four ASCII digits (first digit in the low byte).
/// One multiply by 10 * 256 + 1 adds ten times each digit to the next: byte 1 of the product
/// is then the ID and byte 3 the length, and no byte sum exceeds 99, so nothing carries.
#[inline(always)]
const fn id_len(word: u32) -> (u8, usize) {
    let t = (word & 0x0F0F_0F0F).wrapping_mul(0x0A01);
    ((t >> 8) as u8, (t >> 24) as usize)
}

/// A reader of one span of a payload (the root, or a template's value): what it needs to know
/// besides the bytes themselves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader {
    /// The payload offset where the span ends: a position is `end` less the bytes left.
    end: usize,
    /// Every byte before this payload offset is ASCII, so characters there may be counted as
    /// bytes; at `end` or beyond, the whole span is.
    ascii_until: usize,
    /// Every byte from this payload offset on is ASCII too (a payload whose only non-ASCII
    /// text is one value in its middle, as the standard's example has in template 64).
    ascii_from: usize,
    unit: LengthUnit,
    /// The template being read, for the paths in errors; `None` at the root.
    parent: Option<ObjectPath>,
}

impl Reader {
    /// A reader of `span`, which starts at payload offset `base`.
    pub(crate) const fn new(
        span: &str,
        base: usize,
        ascii: bool,
        unit: LengthUnit,
        parent: Option<ObjectPath>,
    ) -> Self {
        let end = base.saturating_add(span.len());
        Reader {
            end,
            ascii_until: if ascii { end } else { base },
            ascii_from: if ascii { base } else { end },
            unit,
            parent,
        }
    }

    /// A reader of a payload's root objects, whose bytes before `ascii_until` and from
    /// `ascii_from` on are ASCII.
    pub(crate) const fn root(
        text: &str,
        (ascii_until, ascii_from): (usize, usize),
        unit: LengthUnit,
    ) -> Self {
        Reader {
            end: text.len(),
            ascii_until,
            ascii_from,
            unit,
            parent: None,
        }
    }

    /// Whether the value of `length` bytes after the header at payload offset `offset` lies
    /// where the reader knows the span to be ASCII.
    #[inline(always)]
    fn known_ascii(&self, offset: usize, length: usize) -> bool {
        // Offsets and lengths within a payload of at most `MAX_INPUT_LEN` bytes: nothing wraps.
        offset.wrapping_add(4).wrapping_add(length) <= self.ascii_until || offset >= self.ascii_from
    }

    /// The payload offset of the start of `input`, a tail of the span.
    fn at(&self, input: &str) -> usize {
        self.end.saturating_sub(input.len())
    }

    /// The payload error for a fault of this reader.
    pub(crate) fn error(&self, e: Err<TlvError>) -> Error {
        match e {
            Err::Error(e) | Err::Failure(e) => {
                Error::new(e.rule, self.end.saturating_sub(e.left), e.kind)
            }
            // The parsers here are complete: none asks for more input. Were one to, the input
            // would be cut short where it ends.
            Err::Incomplete(_) => Error::new(
                Rule::MpmTlv1,
                self.end,
                ErrorKind::TruncatedHeader { found: 0 },
            ),
        }
    }

    fn path(&self, id: u8) -> ObjectPath {
        match self.parent {
            Some(p) => p.child(id),
            None => ObjectPath::root(id),
        }
    }

    /// One data object. An empty input is nom's `Error`, where a sequence of objects ends;
    /// anything else that is not a data object is a `Failure`.
    #[inline(always)]
    pub(crate) fn object<'a>(&self, input: &'a str) -> IResult<&'a str, DataObject<'a>, TlvError> {
        let Some((id, length)) = header(input.as_bytes()) else {
            return Err(self.bad_header(input));
        };
        let offset = self.at(input);
        // The header is four ASCII bytes, so its end is a character boundary.
        let after = input.get(4..).unwrap_or_default();
        let counted = self.ascii_until >= self.end || self.unit == LengthUnit::Bytes;
        let ascii = || self.known_ascii(offset, length);
        let (rest, value) = match (after.get(..length), after.get(length..)) {
            // A value whose first `length` bytes are ASCII holds `length` characters, even in a
            // span that is not ASCII throughout.
            (Some(value), Some(rest)) if counted || ascii() || value.is_ascii() => (rest, value),
            _ if counted => return Err(self.short_bytes(after, id, length)),
            _ => match skip_chars(after.as_bytes(), 0, length)
                .and_then(|end| Some((after.get(end..)?, after.get(..end)?)))
            {
                Some(read) => read,
                None => return Err(self.short_chars(after, id, length)),
            },
        };
        // Counted in characters, the value holds `length` of them; in bytes, only an ASCII one
        // does (the length is two digits: at most 99).
        let chars = if self.unit == LengthUnit::Chars || ascii() || value.is_ascii() {
            length
        } else {
            value.chars().count()
        };
        let chars = u8::try_from(chars).unwrap_or(u8::MAX);
        Ok((
            rest,
            DataObject {
                id,
                chars,
                value,
                offset,
            },
        ))
    }

    /// A template's value, to its end: every data object, their places kept in a [`Layout`].
    pub(crate) fn sequence<'a>(&self, input: &'a str) -> IResult<&'a str, Layout, TlvError> {
        let start = self.at(input);
        fold(
            0..,
            |i| self.object(i),
            Layout::default,
            |mut layout: Layout, o: DataObject<'a>| {
                layout.push(o.id, o.offset.saturating_sub(start));
                layout
            },
        )
        .parse_complete(input)
    }

    #[cold]
    #[inline(never)]
    fn bad_header(&self, input: &str) -> Err<TlvError> {
        let fault = |at: usize, kind| TlvError {
            rule: Rule::MpmTlv1,
            left: input.len().saturating_sub(at),
            kind,
        };
        if input.is_empty() {
            return Err::Error(fault(0, ErrorKind::TruncatedHeader { found: 0 }));
        }
        let b = input.as_bytes();
        let Some(&[i1, i2, ..]) = b.first_chunk::<4>() else {
            let found = input.chars().count();
            return Err::Failure(fault(0, ErrorKind::TruncatedHeader { found }));
        };
        // The first non-digit starts a character: only digits precede it.
        let (at, found) = input
            .char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .unwrap_or((0, '0'));
        if !(i1.is_ascii_digit() && i2.is_ascii_digit()) {
            return Err::Failure(fault(at, ErrorKind::IdNotDigits { found }));
        }
        // Two digits: at most 99, no overflow.
        let id = (i1.wrapping_sub(b'0'))
            .wrapping_mul(10)
            .wrapping_add(i2.wrapping_sub(b'0'));
        let path = self.path(id);
        Err::Failure(fault(at, ErrorKind::LengthNotDigits { path, found }))
    }

    #[cold]
    #[inline(never)]
    fn short_bytes(&self, after: &str, id: u8, length: usize) -> Err<TlvError> {
        let path = self.path(id);
        let kind = if length <= after.len() {
            ErrorKind::SplitCharacter { path }
        } else {
            // ASCII or byte counting: characters left are bytes left.
            ErrorKind::ValueOverrun {
                path,
                length,
                available: after.len(),
            }
        };
        Err::Failure(TlvError {
            rule: Rule::MpmTlv2,
            left: after.len(),
            kind,
        })
    }

    #[cold]
    #[inline(never)]
    fn short_chars(&self, after: &str, id: u8, length: usize) -> Err<TlvError> {
        let kind = ErrorKind::ValueOverrun {
            path: self.path(id),
            length,
            available: after.chars().count(),
        };
        Err::Failure(TlvError {
            rule: Rule::MpmTlv2,
            left: after.len(),
            kind,
        })
    }
}

/// The most data objects a template holds: its value has at most 99 characters (or bytes),
/// and an object takes at least four.
const MAX_TEMPLATE_OBJECTS: usize = 24;

/// Where the data objects of one template are, as their IDs and the offsets of their headers
/// from the start of the template's value, recorded when the template is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Layout {
    at: [u16; MAX_TEMPLATE_OBJECTS],
    ids: [u8; MAX_TEMPLATE_OBJECTS],
    len: u8,
}

impl Layout {
    /// Notes an object; a value cannot hold more than [`MAX_TEMPLATE_OBJECTS`].
    fn push(&mut self, id: u8, at: usize) {
        let n = usize::from(self.len);
        if let (Some(a), Some(i), Ok(at)) =
            (self.at.get_mut(n), self.ids.get_mut(n), u16::try_from(at))
        {
            *a = at;
            *i = id;
            self.len = self.len.saturating_add(1);
        }
    }

    /// How many objects the template holds.
    pub(crate) const fn len(&self) -> usize {
        self.len as usize
    }

    /// Returns the `k`-th object of the template whose value is `value`, at payload offset
    /// `base` (`ascii` if all that value is): its value ends where the next object starts, or
    /// where the template ends.
    pub(crate) fn object<'a>(
        &self,
        value: &'a str,
        base: usize,
        ascii: bool,
        k: usize,
    ) -> Option<DataObject<'a>> {
        let id = *self.ids.get(..self.len())?.get(k)?;
        let at = usize::from(*self.at.get(k)?);
        let next = self.at.get(..self.len())?.get(k.wrapping_add(1));
        recorded_child(value, base, ascii, id, at, next.map(|&n| usize::from(n)))
    }

    /// Returns the position of the first object with this ID.
    pub(crate) fn find(&self, id: u8) -> Option<usize> {
        self.ids.get(..self.len())?.iter().position(|&i| i == id)
    }
}

/// Marks an ID with no object in [`Index::first`].
const ABSENT: u16 = u16::MAX;

/// Room for the objects of the root templates of one payload, and for the templates: the
/// Pix example has 3 in 2, the EMVCo example 13 in 5. A payload with more keeps the first ones
/// recorded; the others are read when asked for. Small, because the record travels with every
/// [`super::Payload`] (and every scan result) by value.
const MAX_RECORDED: usize = 20;
const MAX_TEMPLATES: usize = 8;

/// Whether root ID `id` is a template (26-51, 62, 64, 80-99).
#[inline]
fn is_template(id: u8) -> bool {
    // One load from a table with an entry per byte value (no bounds test), not four range
    // tests.
    const TEMPLATES: [bool; 256] = template_table();
    TEMPLATES.get(usize::from(id)).copied().unwrap_or(false)
}

/// [`is_template`] as a table, built at compile time (where an index out of bounds would fail
/// the build, not panic).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const fn template_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut id = 0;
    while id < 100 {
        t[id] = matches!(id, 26..=51 | 62 | 64 | 80..=99);
        id += 1;
    }
    t
}

/// Marks, in the count of a recorded template, that its value is ASCII (a template holds at
/// most 24 objects, so the bit is free).
const ASCII_TEMPLATE: u8 = 0x80;

/// What a parse records of a payload's root: the offset of the first object of each ID, and
/// for the first object of each template ID, where its data objects are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Index {
    /// Byte offset of the first object of each ID, or [`ABSENT`]. Offsets fit: the input is at
    /// most [`super::MAX_INPUT_LEN`] bytes.
    first: [u16; 100],
    /// Offsets of template objects from the start of their template's value, template after
    /// template.
    sub_at: [u16; MAX_RECORDED],
    /// The recorded templates: ID, first entry in `sub_at`, number of objects (with
    /// [`ASCII_TEMPLATE`] if the value is ASCII).
    templates: [(u8, u8, u8); MAX_TEMPLATES],
    recorded: u8,
    template_count: u8,
    /// Every byte of the payload before this offset is ASCII.
    ascii_until: u16,
    /// Every byte of the payload from this offset on is ASCII.
    ascii_from: u16,
}

/// Equal when they record the same: entries past `recorded` may hold what a template that
/// turned out not to be a sequence left there.
impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        let (n, t) = (usize::from(self.recorded), usize::from(self.template_count));
        self.first == other.first
            && self.ascii_until == other.ascii_until
            && self.ascii_from == other.ascii_from
            && self.recorded == other.recorded
            && self.template_count == other.template_count
            && self.sub_at.get(..n) == other.sub_at.get(..n)
            && self.templates.get(..t) == other.templates.get(..t)
    }
}

impl Eq for Index {}

impl Index {
    /// An index with nothing recorded. A function, not a constant: a constant of this size is
    /// copied in from the binary's data, which a parse pays for; this builds it in place.
    #[inline(always)]
    pub(crate) const fn empty() -> Index {
        Index {
            first: [ABSENT; 100],
            sub_at: [0; MAX_RECORDED],
            templates: [(0, 0, 0); MAX_TEMPLATES],
            recorded: 0,
            template_count: 0,
            ascii_until: 0,
            ascii_from: u16::MAX,
        }
    }

    /// Every byte of the payload before the first offset is ASCII, and every byte from the
    /// second on.
    pub(crate) fn ascii_bounds(&self) -> (usize, usize) {
        (usize::from(self.ascii_until), usize::from(self.ascii_from))
    }

    /// Returns the offset of the first object with `id`, if any.
    #[inline]
    pub(crate) fn first(&self, id: u8) -> Option<usize> {
        self.first
            .get(usize::from(id))
            .filter(|&&at| at != ABSENT)
            .map(|&at| usize::from(at))
    }

    /// Whether the object at `offset` is the first with `id`: one comparison with the record,
    /// as validation makes for every root object.
    #[inline]
    pub(crate) fn is_first(&self, id: u8, offset: usize) -> bool {
        self.first
            .get(usize::from(id))
            .is_some_and(|&at| usize::from(at) == offset)
    }

    /// Returns whether any ID in `ids` has an object.
    pub(crate) fn any(&self, ids: core::ops::RangeInclusive<u8>) -> bool {
        let span = usize::from(*ids.start())..=usize::from(*ids.end());
        // No early exit: the compiler tests the entries a vector at a time.
        self.first
            .get(span)
            .is_some_and(|at| at.iter().fold(false, |any, &a| any | (a != ABSENT)))
    }

    /// Notes `pos` as the offset of `id` unless an earlier object had that ID: offsets only
    /// grow and [`ABSENT`] is the largest `u16`, so the first offset is the smallest, without a
    /// branch.
    #[inline]
    fn record(&mut self, id: u8, pos: usize) {
        if let Some(slot) = self.first.get_mut(usize::from(id)) {
            *slot = (*slot).min(u16::try_from(pos).unwrap_or(ABSENT));
        }
    }

    /// Returns the recorded offsets (from the start of its value) of the objects of the first
    /// object of template ID `id`, if they were recorded, and whether its value is ASCII.
    #[inline]
    pub(crate) fn sub_offsets(&self, id: u8) -> Option<(&[u16], bool)> {
        let &(_, start, n) = self
            .templates
            .get(..usize::from(self.template_count))?
            .iter()
            .find(|t| t.0 == id)?;
        let start = usize::from(start);
        let count = usize::from(n & !ASCII_TEMPLATE);
        let offsets = self.sub_at.get(start..start.saturating_add(count))?;
        Some((offsets, n & ASCII_TEMPLATE != 0))
    }

    /// Returns the recorded layout of the first object of template ID `id`, whose value is
    /// `value`, if it was recorded.
    pub(crate) fn layout(&self, id: u8, value: &str) -> Option<Layout> {
        let (at, _) = self.sub_offsets(id)?;
        let mut layout = Layout::default();
        let b = value.as_bytes();
        for &a in at {
            let (sub, _) = b.get(usize::from(a)..).and_then(header)?;
            layout.push(sub, usize::from(a));
        }
        Some(layout)
    }

    /// Records the objects of the template `id` whose value is `b[start..end]`, if it is a
    /// sequence of data objects and there is room.
    #[inline(always)]
    fn template(&mut self, b: &[u8], span: (usize, usize), ascii: bool, id: u8) {
        let k = usize::from(self.recorded);
        if let Some(n) = children(&mut self.sub_at, k, b, span, ascii) {
            self.note_template(id, n, ascii);
        }
    }

    /// Notes the template `id` whose `n` objects [`children`] (or [`children_by_chars`])
    /// wrote into `sub_at` from entry `self.recorded` on; nothing if there is no room for
    /// another template.
    #[inline]
    fn note_template(&mut self, id: u8, n: usize, ascii: bool) {
        if let Some(slot) = self.templates.get_mut(usize::from(self.template_count)) {
            // The objects fit in `sub_at`, so `recorded + n` is at most `MAX_RECORDED`.
            let n = n as u8;
            *slot = (
                id,
                self.recorded,
                n | if ascii { ASCII_TEMPLATE } else { 0 },
            );
            self.recorded = self.recorded.wrapping_add(n);
            self.template_count = self.template_count.wrapping_add(1);
        }
    }

    /// Records a template read by the object reader (the walk's slow path).
    fn record_layout(&mut self, id: u8, layout: &Layout, ascii: bool) {
        let first = usize::from(self.recorded);
        let n = layout.len();
        let (Some(at), Some(src), Some(slot), Ok(f), Ok(k)) = (
            self.sub_at.get_mut(first..first.saturating_add(n)),
            layout.at.get(..n),
            self.templates.get_mut(usize::from(self.template_count)),
            u8::try_from(first),
            u8::try_from(first.saturating_add(n)),
        ) else {
            return;
        };
        at.copy_from_slice(src);
        *slot = (id, f, layout.len | if ascii { ASCII_TEMPLATE } else { 0 });
        self.recorded = k;
        self.template_count = self.template_count.saturating_add(1);
    }
}

/// Writes the offsets of the data objects of the template value `b[start..end]` into
/// `sub_at` from entry `k` on, and returns how many there are; `None` if the value is not a
/// sequence of data objects (then reading it later says what is wrong) or there is no room.
/// Lengths count bytes: either the value is ASCII, or the payload's lengths count bytes (where
/// a value must end on a character boundary).
#[inline]
fn children(
    sub_at: &mut [u16; MAX_RECORDED],
    k: usize,
    b: &[u8],
    (start, end): (usize, usize),
    ascii: bool,
) -> Option<usize> {
    let v = b.get(start..end)?;
    let mut at = k;
    let mut pos = 0;
    if ascii {
        // The common case, lean: whether every header is four digits is tested once, after
        // the loop. A value of at most 99 bytes: offsets fit and nothing wraps.
        let mut bad = 0;
        while pos < v.len() {
            let &w = v.get(pos..)?.first_chunk::<4>()?;
            let word = u32::from_le_bytes(w);
            bad |= non_digits(word);
            *sub_at.get_mut(at)? = pos as u16;
            at = at.wrapping_add(1);
            pos = pos.wrapping_add(4).wrapping_add(id_len(word).1);
        }
        return (bad & 0x8080_8080 == 0 && pos == v.len()).then(|| at.wrapping_sub(k));
    }
    while pos < v.len() {
        let (_, len) = header(v.get(pos..)?)?;
        let next = pos.wrapping_add(4).wrapping_add(len);
        if v.get(next).is_some_and(|&c| (0x80..0xC0).contains(&c)) {
            return None;
        }
        *sub_at.get_mut(at)? = pos as u16;
        at = at.wrapping_add(1);
        pos = next;
    }
    (pos == v.len()).then(|| at.wrapping_sub(k))
}

/// Reads the value of `n` characters at `start` of a template as a sequence of data objects
/// whose lengths count characters, writing their offsets (from `start`) into `sub_at` from
/// entry `k` on. Returns where the value ends and how many objects it holds; `None` if the
/// value is not such a sequence, does not end within `b`, or there is no room.
///
/// Each object's characters are counted once, and the value's end is where its last object
/// ends: counting the value's characters first and then its objects' would count each twice.
fn children_by_chars(
    sub_at: &mut [u16; MAX_RECORDED],
    k: usize,
    b: &[u8],
    start: usize,
    n: usize,
) -> Option<(usize, usize)> {
    let mut at = k;
    let mut pos = start;
    let mut left = n;
    while left > 0 {
        // A header is four ASCII digits: four characters, which must lie within the value.
        let (_, len) = header(b.get(pos..)?)?;
        left = left.checked_sub(4)?.checked_sub(len)?;
        let next = skip_chars(b, pos.wrapping_add(4), len)?;
        // A value of at most 99 characters: at most 396 bytes.
        *sub_at.get_mut(at)? = pos.wrapping_sub(start) as u16;
        at = at.wrapping_add(1);
        pos = next;
    }
    Some((pos, at.wrapping_sub(k)))
}

/// What the root walk of a payload found, besides the [`Index`].
pub(crate) struct Root {
    /// The offset of the first CRC object (63) and, when the walk read to its end, where it
    /// ends.
    pub(crate) crc: Option<(usize, Option<usize>)>,
    /// Whether the whole payload is ASCII.
    pub(crate) ascii: bool,
}

/// Reads the root objects of a payload, recording the [`Index`], up to the first CRC object
/// (63): nothing after it is read (`MPM-CRC-4`, refused by the caller).
///
/// The walk is most of a parse's cost after the CRC, so it runs on bytes in one tight loop;
/// `feed` is called once per object (the caller computes the CRC a chunk at a time there, the
/// two overlapping). At the first thing that loop does not read, [`Reader::object`] reads on
/// from that place and says exactly what is wrong.
#[inline]
pub(crate) fn payload<'a>(
    text: &'a str,
    unit: LengthUnit,
    index: &mut Index,
    feed: &mut impl FnMut(),
) -> IResult<&'a str, Root, TlvError> {
    let b = text.as_bytes();
    // Every byte from the walk's position up to `non_ascii` is ASCII: a value that ends there
    // has as many characters as bytes. `past_ascii` moves it on past each value that does not.
    let mut non_ascii = next_non_ascii(b, 0);
    let ascii = non_ascii == b.len();
    // The input is at most `MAX_INPUT_LEN` bytes: the offset fits.
    index.ascii_until = u16::try_from(non_ascii).unwrap_or(0);
    let mut pos: usize = 0;
    let mut stuck = false;
    while pos < b.len() {
        feed();
        let Some((id, len)) = b.get(pos..).and_then(header) else {
            stuck = true;
            break;
        };
        // Offsets are at most `MAX_INPUT_LEN` plus a header and a value: nothing wraps.
        let start = pos.wrapping_add(4);
        let end = start.wrapping_add(len);
        let next = if end <= non_ascii {
            // Only ASCII so far: `end` is within the text (`non_ascii` is at most its length)
            // and on a character boundary.
            if is_template(id) && index.first(id).is_none() {
                index.template(b, (start, end), true, id);
            }
            end
        } else {
            match past_ascii(text, unit, index, id, (start, end), &mut non_ascii) {
                Some(next) => next,
                None => {
                    stuck = true;
                    break;
                }
            }
        };
        index.record(id, pos);
        pos = next;
    }
    // The loop does not stop at the CRC object: a test per object costs more than reading on,
    // and whatever follows the CRC is refused by the caller anyway (`MPM-CRC-4`). The index
    // may then hold objects after the CRC; it is never used for such a payload.
    let crc = index.first(63).filter(|&at| !stuck || at < pos);
    if let Some(at) = crc {
        return Ok((
            "",
            Root {
                crc: Some((at, None)),
                ascii,
            },
        ));
    }
    if !stuck {
        return Ok(("", Root { crc: None, ascii }));
    }
    // Where the loop stopped, the object reader reads on, and fails there with the rule and
    // offset (the loop reads exactly what it reads: a property test keeps the two agreed).
    read_on(text, pos, ascii, unit, index)
}

/// The walk's step for an object whose value is not known to be ASCII (`start..end` would be
/// its value if its length counted bytes): returns where the object ends, recording it if it
/// is a template, or `None` if it does not end within the text. Out of the walk's loop, which
/// most payloads never leave, so that its registers serve the common case.
#[cold]
#[inline(never)]
fn past_ascii(
    text: &str,
    unit: LengthUnit,
    index: &mut Index,
    id: u8,
    (start, end): (usize, usize),
    non_ascii: &mut usize,
) -> Option<usize> {
    let b = text.as_bytes();
    // The value holds the byte at `non_ascii`: every object before this one ended at or before
    // it, and this one's header is digits. So a template here is not ASCII.
    let template = is_template(id) && index.first(id).is_none();
    let next = if unit == LengthUnit::Bytes {
        if end > b.len() || !text.is_char_boundary(end) {
            return None;
        }
        if template {
            index.template(b, (start, end), false, id);
        }
        end
    } else {
        let len = end.wrapping_sub(start);
        let k = usize::from(index.recorded);
        match template
            .then(|| children_by_chars(&mut index.sub_at, k, b, start, len))
            .flatten()
        {
            Some((next, n)) => {
                index.note_template(id, n, false);
                next
            }
            // `skip_chars` ends within the text.
            None => skip_chars(b, start, len)?,
        }
    };
    *non_ascii = next_non_ascii(b, next);
    if *non_ascii == b.len() {
        // The input is at most `MAX_INPUT_LEN` bytes: the offset fits.
        index.ascii_from = u16::try_from(next).unwrap_or(u16::MAX);
    }
    Some(next)
}

/// Reads root objects from `pos` on with [`Reader::object`], recording them in `index`, up to
/// and including the first CRC object.
fn read_on<'a>(
    text: &'a str,
    pos: usize,
    ascii: bool,
    unit: LengthUnit,
    index: &mut Index,
) -> IResult<&'a str, Root, TlvError> {
    let reader = Reader::new(text, 0, ascii, unit, None);
    let mut rest = text.get(pos..).unwrap_or_default();
    while !rest.is_empty() {
        let (after, o) = reader.object(rest)?;
        if is_template(o.id) && index.first(o.id).is_none() {
            let path = Some(ObjectPath::root(o.id));
            let ascii = ascii || o.value.is_ascii();
            let t = Reader::new(o.value, o.value_offset(), ascii, unit, path);
            if let Ok((_, layout)) = t.sequence(o.value) {
                index.record_layout(o.id, &layout, ascii);
            }
        }
        index.record(o.id, o.offset);
        if o.id == 63 {
            let crc = Some((o.offset, Some(reader.at(after))));
            return Ok((after, Root { crc, ascii }));
        }
        rest = after;
    }
    Ok(("", Root { crc: None, ascii }))
}

/// Returns where the data object at `at` ends, for an object that [`payload`] has already read
/// (its header is four digits and its value lies within `b`).
#[inline]
pub(crate) fn object_end(b: &[u8], at: usize, unit: LengthUnit) -> Option<usize> {
    let (_, len) = header(b.get(at..)?)?;
    let start = at.checked_add(4)?;
    let end = start.checked_add(len)?;
    let ascii = b.get(start..end).is_some_and(|v| v.is_ascii());
    if ascii || unit == LengthUnit::Bytes {
        Some(end)
    } else {
        skip_chars(b, start, len)
    }
}

/// The high bit of each byte of `w` that continues a character (`10xxxxxx`).
#[inline(always)]
const fn continuations(w: u64) -> u64 {
    w & !(w << 1) & 0x8080_8080_8080_8080
}

/// How many bytes of a word of high-bit marks are marked, summed by a multiply: the baseline
/// target has no population count instruction, and its emulation costs more.
#[inline(always)]
const fn marked(marks: u64) -> usize {
    ((marks >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// The number of characters in `s`, as its bytes that do not continue a character: for the
/// short values of a payload this costs a fraction of `chars().count()`, whose setup is made
/// for long texts.
#[inline]
fn char_count(s: &str) -> usize {
    let b = s.as_bytes();
    let mut words = b.chunks_exact(8);
    let mut continuing: usize = 0;
    for w in words.by_ref() {
        if let Ok(&w) = <&[u8; 8]>::try_from(w) {
            let w = u64::from_le_bytes(w);
            continuing = continuing.wrapping_add(marked(continuations(w)));
        }
    }
    let rest = words
        .remainder()
        .iter()
        .filter(|&&c| c & 0xC0 == 0x80)
        .count();
    b.len().wrapping_sub(continuing).wrapping_sub(rest)
}

/// Returns the offset of the first byte at or after `from` that is not ASCII, or `b.len()`:
/// 32 bytes at a time (four independent loads), since most payloads are ASCII throughout.
#[inline]
pub(crate) fn next_non_ascii(b: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or([0; 8])) & HIGH;
    // Offsets only grow up to `b.len()`: nothing wraps.
    let tail = b.get(from..).unwrap_or_default();
    let mut blocks = tail.chunks_exact(32);
    let mut at = from;
    for block in blocks.by_ref() {
        let w = |r: core::ops::Range<usize>| block.get(r).map_or(0, word);
        if (w(0..8) | w(8..16) | w(16..24) | w(24..32)) != 0 {
            break;
        }
        at = at.wrapping_add(32);
    }
    let mut words = b.get(at..).unwrap_or_default().chunks_exact(8);
    for w in words.by_ref() {
        let v = word(w);
        if v != 0 {
            // Little-endian: the lowest set bit belongs to the first such byte.
            return at.wrapping_add((v.trailing_zeros() / 8) as usize);
        }
        at = at.wrapping_add(8);
    }
    let rest = words.remainder();
    // The last eight bytes of the text, as one word, where it has that many: the bytes before
    // the remainder are shifted out (they were read above).
    let last = b
        .len()
        .checked_sub(8)
        .and_then(|s| b.get(s..)?.first_chunk::<8>());
    if let (Some(&w), false) = (last, rest.is_empty()) {
        let seen = 8usize.wrapping_sub(rest.len());
        let v = (u64::from_le_bytes(w) & HIGH).wrapping_shr((seen as u32).wrapping_mul(8));
        return if v == 0 {
            b.len()
        } else {
            at.wrapping_add((v.trailing_zeros() / 8) as usize)
        };
    }
    match rest.iter().position(|&c| c >= 0x80) {
        Some(i) => at.wrapping_add(i),
        None => b.len(),
    }
}

/// Returns the byte offset `n` characters after `start` in the UTF-8 bytes `b`, or `None` if
/// the text ends first.
///
/// Characters are counted eight bytes at a time, by their leading bytes (every byte that is
/// not `10xxxxxx`): the `n` characters end where the `n + 1`-th one starts, or where the text
/// does. The offsets of the words do not depend on what they hold, so their loads overlap.
#[inline]
fn skip_chars(b: &[u8], start: usize, n: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = start;
    let mut left = n;
    while let Some(&w) = b.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(w);
        // The high bit of each byte that continues a character, then of each that starts one.
        let continues = continuations(w);
        let starts = !continues & HIGH;
        let found = 8usize.wrapping_sub(marked(continues));
        if found > left {
            // The run ends at the `left + 1`-th start in the word (`left` is below eight). A
            // multiply sums the starts up to each byte in that byte (at most eight, so no
            // byte carries into the next); adding 0x80 less `left + 1` to each sets the high
            // bit of those that reach it, and the first of them is the run's end.
            let counts = (starts >> 7).wrapping_mul(0x0101_0101_0101_0101);
            let bias = 0x7Fu64
                .wrapping_sub(left as u64)
                .wrapping_mul(0x0101_0101_0101_0101);
            let reached = counts.wrapping_add(bias) & HIGH;
            return Some(at.wrapping_add((reached.trailing_zeros() / 8) as usize));
        }
        left = left.wrapping_sub(found);
        at = at.wrapping_add(8);
    }
    for (i, &c) in b.get(at..).unwrap_or_default().iter().enumerate() {
        if c & 0xC0 != 0x80 {
            if left == 0 {
                return Some(at.wrapping_add(i));
            }
            left = left.wrapping_sub(1);
        }
    }
    (left == 0).then_some(b.len())
}

/// Iterates over the data objects of a span already known to be well-formed: the root of a
/// parsed payload, whose headers the parse read. Where the reader knows the text to be ASCII,
/// a header is not tested again; on a span that is not such a root, the iteration may yield
/// what such bytes would say, and it ends where a value does not fit.
#[derive(Debug, Clone)]
pub(crate) struct Objects<'a> {
    reader: Reader,
    span: &'a str,
    /// The payload offset where `span` starts.
    base: usize,
    /// Where the next object starts in `span`.
    pos: usize,
}

impl<'a> Objects<'a> {
    /// The objects of `span`, read by `reader` (which reads that span).
    pub(crate) fn new(reader: Reader, span: &'a str) -> Self {
        Objects {
            base: reader.at(span),
            reader,
            span,
            pos: 0,
        }
    }
}

impl<'a> Iterator for Objects<'a> {
    type Item = DataObject<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<DataObject<'a>> {
        // The parse read every root header as four digits (nothing follows the CRC object,
        // `MPM-CRC-4`), so the header is not tested again. Where the value is known to be
        // ASCII (most of most payloads), its length is its size and the parse checked its
        // bounds: it is sliced off directly.
        let word = self.span.as_bytes().get(self.pos..)?.first_chunk::<4>()?;
        let (id, length) = id_len(u32::from_le_bytes(*word));
        // Offsets within a payload of at most `MAX_INPUT_LEN` bytes: nothing wraps.
        let offset = self.base.wrapping_add(self.pos);
        // The two paths' objects are joined as their fields, which stay in registers; joined
        // as objects, they were built in memory on both.
        let (chars, value) = if self.reader.known_ascii(offset, length) {
            let start = self.pos.wrapping_add(4);
            let end = start.wrapping_add(length);
            let value = self.span.get(start..end)?;
            self.pos = end;
            // Two digits: at most 99.
            (length as u8, value)
        } else {
            let rest = self.span.get(self.pos..)?;
            let (after, o) = self.reader.object(rest).ok()?;
            self.pos = self.span.len().wrapping_sub(after.len());
            (o.chars, o.value)
        };
        Some(DataObject {
            id,
            chars,
            value,
            offset,
        })
    }
}

/// The data objects of a root template whose places the parse recorded: their headers are at
/// `at` from the start of `value` (which starts at payload offset `base`), and each value ends
/// where the next header starts, or where the template does. The parse read them all, so
/// nothing is read twice.
#[derive(Debug, Clone)]
pub(crate) struct Recorded<'a, 'p> {
    pub(crate) value: &'a str,
    pub(crate) base: usize,
    pub(crate) at: &'p [u16],
    /// Whether all of `value` is ASCII, so characters are bytes.
    pub(crate) ascii: bool,
}

impl<'a> Iterator for Recorded<'a, '_> {
    type Item = DataObject<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<DataObject<'a>> {
        let (&first, rest) = self.at.split_first()?;
        self.at = rest;
        let at = usize::from(first);
        let (&[i1, i2], _) = self.value.as_bytes().get(at..)?.split_first_chunk::<2>()?;
        // Two digits, as the parse found them: at most 99.
        let id = (i1 & 0x0F).wrapping_mul(10).wrapping_add(i2 & 0x0F);
        recorded_child(
            self.value,
            self.base,
            self.ascii,
            id,
            at,
            rest.first().map(|&n| usize::from(n)),
        )
    }
}

/// The object `id` whose header is at `at` in the template value `value` (at payload offset
/// `base`, `ascii` if all of it is), of a template whose objects' places were recorded: its
/// value ends where the next object starts (`next`), or where the template does.
#[inline(always)]
fn recorded_child(
    value: &str,
    base: usize,
    ascii: bool,
    id: u8,
    at: usize,
    next: Option<usize>,
) -> Option<DataObject<'_>> {
    let value = value.get(at.saturating_add(4)..next.unwrap_or(value.len()))?;
    let chars = if ascii {
        value.len()
    } else {
        char_count(value)
    };
    Some(DataObject {
        id,
        chars: u8::try_from(chars).unwrap_or(u8::MAX),
        value,
        offset: base.saturating_add(at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::prelude::v1::*;

    fn read_object(
        s: &str,
        ascii: bool,
        unit: LengthUnit,
    ) -> Result<(DataObject<'_>, usize), Error> {
        let reader = Reader::new(s, 0, ascii, unit, None);
        match reader.object(s) {
            Ok((rest, o)) => Ok((o, s.len() - rest.len())),
            Err(e) => Err(reader.error(e)),
        }
    }

    fn read(s: &str) -> Result<(u8, &str, usize), Error> {
        read_object(s, s.is_ascii(), LengthUnit::Chars).map(|(o, n)| (o.id, o.value, n))
    }

    /// The root walk on bytes and the object reader from the start agree: on the CRC object,
    /// on where it ends, on the index (templates included) and on the error.
    fn agree(text: &str, unit: LengthUnit) {
        let b = text.as_bytes();
        let (mut fi, mut si) = (Index::empty(), Index::empty());
        let fast = payload(text, unit, &mut fi, &mut || {});
        // The slow path is entered only from `payload`, which notes where ASCII ends.
        si.ascii_until = fi.ascii_until;
        si.ascii_from = fi.ascii_from;
        let slow = read_on(text, 0, text.is_ascii(), unit, &mut si);
        let error = |e| Reader::new(text, 0, false, unit, None).error(e);
        match (fast, slow) {
            (Ok((_, f)), Ok((_, s))) => {
                assert_eq!(f.crc.map(|c| c.0), s.crc.map(|c| c.0), "{text:?}");
                assert_eq!(f.ascii, s.ascii, "{text:?}");
                if let (Some((at, fe)), Some((_, se))) = (f.crc, s.crc) {
                    let fe = fe.or_else(|| object_end(b, at, unit));
                    assert_eq!(fe, se, "{text:?}");
                }
                // The walk on bytes reads on after the CRC object (the payload is refused then).
                if s.crc.is_none_or(|(_, end)| end == Some(text.len())) {
                    assert_eq!(fi, si, "{text:?} ({unit:?})");
                }
            }
            (Err(f), Err(s)) => assert_eq!(error(f), error(s), "{text:?}"),
            (f, s) => ::std::panic!(
                "walk and reader disagree on {text:?} ({unit:?}): {:?} / {:?}",
                f.map(|(_, r)| r.crc),
                s.map(|(_, r)| r.crc)
            ),
        }
    }

    /// What a parse's record gives back, the root objects (sliced where the walk found ASCII)
    /// and the children of recorded templates (sliced between recorded offsets), is what the
    /// object reader reads knowing nothing of where the text is ASCII.
    fn record_reads_as_reader(text: &str, unit: LengthUnit) {
        let mut index = Index::empty();
        if payload(text, unit, &mut index, &mut || {}).is_err() {
            return;
        }
        let slow = Objects::new(Reader::new(text, 0, false, unit, None), text);
        let objects: Vec<DataObject<'_>> = slow.collect();
        // A payload's root is data objects to its end (nothing unreadable follows its CRC
        // object: `MPM-CRC-4`); the root iterator reads nothing else.
        let end = objects
            .last()
            .map_or(0, |o| o.value_offset() + o.value().len());
        if end != text.len() {
            return;
        }
        let fast = Objects::new(Reader::root(text, index.ascii_bounds(), unit), text);
        assert_eq!(fast.collect::<Vec<_>>(), objects, "{text:?}");
        for o in objects
            .iter()
            .filter(|o| index.first(o.id) == Some(o.offset))
        {
            let Some((at, ascii)) = index.sub_offsets(o.id) else {
                continue;
            };
            let recorded = Recorded {
                value: o.value,
                base: o.value_offset(),
                at,
                ascii,
            };
            let path = Some(ObjectPath::root(o.id));
            let reader = Reader::new(o.value, o.value_offset(), false, unit, path);
            let read = Objects::new(reader, o.value);
            assert_eq!(
                recorded.collect::<Vec<_>>(),
                read.collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn walk_agrees_with_reader(s in "([0-9]{2}[0-9]{2}[A-Za-z0-9 最佳运输é]{0,12}){0,12}[0-9A-Z北]{0,6}") {
            for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
                agree(&s, unit);
                record_reads_as_reader(&s, unit);
            }
        }

        /// Templates whose values are data objects, or nearly (one length off by `bump`).
        #[test]
        fn walk_agrees_with_reader_on_templates(
            templates in prop::collection::vec(
                (prop::sample::select(vec![26u8, 51, 62, 64, 80, 99, 52]),
                 prop::collection::vec((0u8..100, "[A-Z0-9最é]{0,6}"), 0..7)),
                0..5),
            bump in 0usize..40,
            crc in any::<bool>(),
        ) {
            for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
                let count = |v: &str| match unit {
                    LengthUnit::Chars => v.chars().count(),
                    LengthUnit::Bytes => v.len(),
                };
                let mut n = 0;
                let mut len = |v: &str| {
                    n += 1;
                    let l = count(v) + usize::from(n == bump);
                    format!("{:02}", l % 100)
                };
                let mut text = String::new();
                for (id, subs) in &templates {
                    let value: String = subs
                        .iter()
                        .map(|(sub, v)| format!("{sub:02}{}{v}", len(v)))
                        .collect();
                    text += &format!("{id:02}{}{value}", len(&value));
                }
                if crc {
                    text += "63041234";
                }
                agree(&text, unit);
                record_reads_as_reader(&text, unit);
            }
        }

        #[test]
        fn walk_agrees_with_reader_on_any_text(s in "\\PC{0,80}") {
            for unit in [LengthUnit::Chars, LengthUnit::Bytes] {
                agree(&s, unit);
                record_reads_as_reader(&s, unit);
            }
        }
    }

    #[test]
    fn templates_are_recorded_once() {
        let s = super::super::SPEC_EXAMPLE;
        let mut index = Index::empty();
        payload(s, LengthUnit::Chars, &mut index, &mut || {}).unwrap();
        let at = index.first(64).unwrap();
        let value = &s[at + 4..at + 4 + 32];
        let layout = index.layout(64, value).unwrap();
        assert_eq!(layout.len(), 3);
        let o = layout.object(value, at + 4, false, 1).unwrap();
        assert_eq!((o.id(), o.value()), (1, "最佳运输"));
        assert_eq!(layout.find(2), Some(2));
        assert!(index.layout(63, value).is_none());
    }

    #[test]
    fn next_non_ascii_finds_the_first_high_byte() {
        let s = "0123456789abcdef最x".as_bytes();
        assert_eq!(next_non_ascii(s, 0), 16);
        assert_eq!(next_non_ascii(s, 16), 16);
        assert_eq!(next_non_ascii(s, 19), s.len());
        assert_eq!(next_non_ascii(b"abc", 0), 3);
        assert_eq!(next_non_ascii(b"abc", 10), 3);
        // Every length, a high byte in every place (or none), from every start.
        for len in 0..80 {
            for high in (0..len).map(Some).chain([None]) {
                let mut v = vec![b'a'; len];
                if let Some(h) = high {
                    v[h] = 0xE5;
                }
                for from in 0..=len + 1 {
                    let naive = v.iter().skip(from).position(|&c| c >= 0x80);
                    let want = naive.map_or(len, |i| from + i);
                    assert_eq!(next_non_ascii(&v, from), want, "{len} {high:?} {from}");
                }
            }
        }
    }

    #[test]
    fn char_count_agrees_with_chars() {
        let pieces = ["a", "é", "最", "😀", "0", "\u{80}"];
        let mut s = String::new();
        for i in 0..60 {
            assert_eq!(char_count(&s), s.chars().count(), "{s:?}");
            s.push_str(pieces[(i * 7) % pieces.len()]);
        }
    }

    #[test]
    fn skip_chars_agrees_with_chars() {
        for s in [
            "",
            "a",
            "0123456789abcdef",
            "最佳运输0202北京",
            "é最x😀0123456789最佳运输é",
        ] {
            let b = s.as_bytes();
            let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
            for (k, &from) in starts.iter().enumerate() {
                for n in 0..=starts.len() + 1 {
                    let want = match starts.get(k + n) {
                        Some(&at) => Some(at),
                        None if k + n == starts.len() => Some(b.len()),
                        None => None,
                    };
                    assert_eq!(skip_chars(b, from, n), want, "{s:?} from {from} n {n}");
                }
            }
        }
    }

    #[test]
    fn reads_ascii_and_multibyte_values() {
        assert_eq!(read("0002010102").unwrap(), (0, "01", 6));
        assert_eq!(read("0104最佳运输0202").unwrap(), (1, "最佳运输", 16));
    }

    #[test]
    fn byte_unit_counts_bytes() {
        let s = "0106北京";
        let (o, n) = read_object(s, false, LengthUnit::Bytes).unwrap();
        assert_eq!((o.value, n), ("北京", 10));
        let err = read_object("0104北京", false, LengthUnit::Bytes).unwrap_err();
        assert_eq!(
            err.to_string(),
            "value of 01 ends inside a multi-byte character (MPM-TLV-2 at byte 4)"
        );
    }

    #[test]
    fn digit_test_agrees_with_the_definition() {
        let digits = |w: [u8; 4]| w.iter().all(u8::is_ascii_digit);
        // Every byte value in every position, the other three digits or not.
        for k in 0..4 {
            for fill in [b'5', b'0', b'9', b'/', b':', 0x80, 0xFF] {
                for c in 0..=255u8 {
                    let mut w = [fill; 4];
                    w[k] = c;
                    assert_eq!(all_digits(u32::from_le_bytes(w)), digits(w), "{w:?}");
                }
            }
        }
        // Two bytes of every value, where a borrow or carry from one reaches the other.
        for a in 0..=255u8 {
            for c in 0..=255u8 {
                for w in [[a, c, b'0', b'0'], [b'9', a, c, b'9'], [b'1', b'2', a, c]] {
                    assert_eq!(all_digits(u32::from_le_bytes(w)), digits(w), "{w:?}");
                }
            }
        }
    }

    #[test]
    fn id_and_length_are_read_from_every_header() {
        for id in 0..100u8 {
            for len in 0..100usize {
                let h = format!("{id:02}{len:02}");
                let word = u32::from_le_bytes(h.as_bytes().try_into().unwrap());
                assert_eq!(id_len(word), (id, len), "{h}");
                assert_eq!(header(h.as_bytes()), Some((id, len)), "{h}");
            }
        }
    }

    #[test]
    fn header_errors_carry_offsets() {
        assert_eq!(
            read("000").unwrap_err().to_string(),
            "data object header cut short: expected 4 characters, found 3 (MPM-TLV-1 at byte 0)"
        );
        assert_eq!(
            read("0A02").unwrap_err().to_string(),
            "data object id must be two digits, found 'A' (MPM-TLV-1 at byte 1)"
        );
        assert_eq!(
            read("00 2").unwrap_err().to_string(),
            "length of 00 must be two digits, found ' ' (MPM-TLV-1 at byte 2)"
        );
        assert_eq!(
            read("0005abc").unwrap_err().to_string(),
            "value of 00 needs 5 characters, only 3 left (MPM-TLV-2 at byte 4)"
        );
        assert_eq!(
            read("0005北京").unwrap_err().to_string(),
            "value of 00 needs 5 characters, only 2 left (MPM-TLV-2 at byte 4)"
        );
        assert_eq!(
            read("0北02").unwrap_err().to_string(),
            "data object id must be two digits, found '北' (MPM-TLV-1 at byte 1)"
        );
    }
}
