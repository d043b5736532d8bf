//! The credential policy (`spec/masking.md`): what in a text is a consumer's payment
//! credential, and how to show the text without it.
//!
//! Consumer-presented codes, numeric or EMVCo, pay whoever holds them: a tool that prints one
//! in full has leaked it. This module is the one place that decides what to hide:
//!
//! - [`is_credential`]: the whole input, once stripped of dressing (spaces, a byte order mark,
//!   punctuation), is a numeric payment code (`MASK-CRED-1`) or a consumer-presented payload
//!   (`MASK-CRED-2`);
//! - [`find`]: every credential in the input, including the digit runs and the payloads inside
//!   an input that is no merchant code (`MASK-RUN-1`, `MASK-RUN-2`);
//! - [`masked`]: the input with every credential found replaced by `*`, but for its first four
//!   and last four characters;
//! - [`cpm_objects`]: every data object of a consumer-presented payload, with whether its value
//!   is card data to hide (`MASK-CPM-1`).
//!
//! Nothing here allocates.

use core::fmt;

use crate::cpm::{Cpm, MAX_DEPTH, Objects, Tlv};
use crate::error::Rule;
use crate::numeric::{MAX_LEN, MIN_LEN, NumericCode};

/// How many characters of a credential stay visible at each end.
const KEEP: usize = 4;

/// A run of digits longer than this is searched no further: it is masked whole, but for its
/// first and last digit.
const MAX_RUN_DIGITS: usize = 256;

/// A run of more groups of digits than this is masked whole, but for its first and last digit.
const MAX_RUN_GROUPS: usize = 128;

/// The tags of consumer-presented data objects that are card data (`MASK-CPM-1`): track 1
/// (56), track 2 (57), the PAN (5A), the transparent templates (63, 64), issuer application
/// data (9F10), track 1 and 2 discretionary data (9F1F, 9F20), the cryptogram (9F26) and
/// track 2 data (9F6B).
///
/// # Examples
///
/// ```
/// assert!(paycode::mask::CARD_DATA_TAGS.contains(&0x5A));
/// assert!(!paycode::mask::CARD_DATA_TAGS.contains(&0x4F)); // the AID is shown
/// ```
pub const CARD_DATA_TAGS: [u32; 10] = [
    0x56, 0x57, 0x5A, 0x63, 0x64, 0x9F10, 0x9F1F, 0x9F20, 0x9F26, 0x9F6B,
];

/// A credential found in a text: the rule that found it and the bytes it spans.
///
/// # Examples
///
/// ```
/// let mut found = Vec::new();
/// paycode::mask::find("paid with 134556781234567890x", &mut |c| found.push(c));
/// assert_eq!(found.len(), 1);
/// assert_eq!((found[0].rule().id(), found[0].offset(), found[0].end()), ("MASK-RUN-1", 10, 28));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Credential {
    rule: Rule,
    start: usize,
    end: usize,
}

impl Credential {
    /// Returns the rule that found the credential.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut found = Vec::new();
    /// paycode::mask::find("code 134556781234567890 paid", &mut |c| found.push(c));
    /// assert_eq!(found[0].rule(), paycode::Rule::MaskRun1);
    /// ```
    #[must_use]
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Returns the byte offset of the credential's first character in the input.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut found = Vec::new();
    /// paycode::mask::find("code 134556781234567890 paid", &mut |c| found.push(c));
    /// assert_eq!(found[0].offset(), 5);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.start
    }

    /// Returns the byte offset just past the credential's last character.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut found = Vec::new();
    /// paycode::mask::find("code 134556781234567890 paid", &mut |c| found.push(c));
    /// assert_eq!(found[0].end(), 23);
    /// ```
    #[must_use]
    pub const fn end(&self) -> usize {
        self.end
    }
}

/// Returns whether the whole input is a consumer's credential: once stripped of leading and
/// trailing dressing (whitespace, a byte order mark, punctuation: anything but letters and
/// digits), it is a numeric payment code, perhaps with spaces or hyphens between its digits
/// (`MASK-CRED-1`), or text the consumer-presented reader accepts (`MASK-CRED-2`).
///
/// # Examples
///
/// ```
/// use paycode::mask::is_credential;
/// assert!(is_credential(" 134556781234567890\t"));
/// assert!(is_credential("\u{FEFF}1345 5678 1234 5678 90"));
/// assert!(is_credential("(hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=)"));
/// assert!(!is_credential("134556781234567890x")); // but find() finds its digits
/// assert!(!is_credential("120061098828009")); // 15 digits: no code
/// ```
#[must_use]
pub fn is_credential(input: &str) -> bool {
    whole(input).is_some()
}

/// Reports every credential of the input to `sink`, in order: the whole input (`MASK-CRED-1`,
/// `MASK-CRED-2`), or else, unless the input is a merchant code of a registered form (an EMVCo
/// merchant-presented payload or an attributed legacy code), every run of 16 to 24 digits
/// that reads as a numeric payment code (`MASK-RUN-1`), and every token of base64 starting
/// `hQVDUFY` that reads as a consumer-presented payload (`MASK-RUN-2`). Runs may overlap.
///
/// # Examples
///
/// ```
/// let mut rules = Vec::new();
/// paycode::mask::find("+62 3617 1220 0518 93816", &mut |c| rules.push(c.rule().id()));
/// assert_eq!(rules, ["MASK-CRED-1"]);
/// rules.clear();
/// paycode::mask::find("https://qr.95516.com/00010000/62027533387488456892269917213370", &mut |c| rules.push(c.rule().id()));
/// assert!(rules.is_empty()); // a merchant code
/// ```
pub fn find(input: &str, sink: &mut dyn FnMut(Credential)) {
    if let Some(c) = whole(input) {
        sink(c);
        return;
    }
    if is_merchant(input) {
        return;
    }
    let run1 = |start, end| Credential {
        rule: Rule::MaskRun1,
        start,
        end,
    };
    let _ = walk(input, &mut |piece| {
        match piece {
            Piece::Text(..) => {}
            Piece::Run(run) if run.overflow => sink(run1(run.start, run.end)),
            Piece::Run(run) => run.spans(&mut |span| sink(run1(span.start, span.end))),
            Piece::Cpm(start, end) => sink(Credential {
                rule: Rule::MaskRun2,
                start,
                end,
            }),
        }
        Ok(())
    });
}

/// Returns a view that displays the input with every credential [`find`] finds masked: each
/// character of it but its first four and last four digits (or characters, for a
/// consumer-presented payload; one inside other text keeps only its first four) replaced by
/// `*`. Separators inside a credential and all other text are kept. A digit run joined by separators to other digits keeps none of its digits
/// on that side, so that no new credential can be read in what is shown.
///
/// # Examples
///
/// ```
/// use paycode::mask::masked;
/// assert_eq!(masked(" 134556781234567890\t").to_string(), " 1345**********7890\t");
/// assert_eq!(masked("1345 5678 1234 5678 90").to_string(), "1345 **** **** **78 90");
/// assert_eq!(masked("134556781234567890x").to_string(), "1345**********7890x");
/// assert_eq!(masked("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=").to_string(),
///            "hQVD****************************************NF8=");
/// assert_eq!(masked("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79").to_string(),
///            "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79");
/// ```
#[must_use]
pub const fn masked(input: &str) -> Masked<'_> {
    Masked {
        text: input,
        merchant: false,
    }
}

/// As [`masked`], for an input its caller has just read, as it is, as a merchant code of a
/// registered form: the policy would read it again only to learn that.
#[cfg_attr(not(all(feature = "serde", feature = "alloc")), allow(dead_code))]
pub(crate) const fn masked_merchant(input: &str) -> Masked<'_> {
    Masked {
        text: input,
        merchant: true,
    }
}

/// The input with its credentials masked; see [`masked`]. `Debug` shows the same.
///
/// # Examples
///
/// ```
/// let m = paycode::mask::masked("134556781234567890");
/// assert_eq!(format!("{m}"), "1345**********7890");
/// assert_eq!(format!("{m:?}"), "Masked(\"1345**********7890\")");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Masked<'a> {
    text: &'a str,
    /// Known to read as a merchant code of a registered form.
    merchant: bool,
}

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = self.text;
        if let Some(c) = whole(input) {
            let (before, core, after) = split3(input, c.start, c.end);
            f.write_str(before)?;
            if c.rule == Rule::MaskCred2 {
                write_edges(f, core)?;
            } else {
                write_digits(f, core, &|d, n| d < KEEP || d.saturating_add(KEEP) >= n)?;
            }
            return f.write_str(after);
        }
        if self.merchant || is_merchant(input) {
            return f.write_str(input);
        }
        walk(input, &mut |piece| match piece {
            Piece::Text(a, b) => f.write_str(input.get(a..b).unwrap_or_default()),
            Piece::Run(run) => {
                let text = input.get(run.start..run.end).unwrap_or_default();
                if run.long_group {
                    write_digits(f, text, &|_, _| false)
                } else if run.overflow {
                    // The ends stay, so that the run still ends in a digit (see `is_b64`).
                    write_digits(f, text, &|d, n| d == 0 || d.saturating_add(1) == n)
                } else {
                    let stars = run.stars();
                    write_digits(f, text, &|d, _| !stars.get(d))
                }
            }
            // Only the prefix stays: a visible tail could join digits after it.
            Piece::Cpm(a, b) => {
                let text = input.get(a..b).unwrap_or_default();
                text.chars().enumerate().try_for_each(|(i, c)| {
                    fmt::Write::write_char(f, if i < KEEP { c } else { '*' })
                })
            }
        })
    }
}

/// A piece of an input that is neither a credential nor a merchant code.
enum Piece<'r> {
    /// Text with no credential, by byte range.
    Text(usize, usize),
    /// A digit run.
    Run(&'r Run),
    /// A consumer-presented payload inside the text (`MASK-RUN-2`), by byte range.
    Cpm(usize, usize),
}

/// Walks an input that is neither a credential nor a merchant code, in order: the
/// consumer-presented payloads in it, the digit runs between them, and the text between
/// those. Stops at the first error `on` returns.
fn walk(input: &str, on: &mut dyn FnMut(Piece<'_>) -> fmt::Result) -> fmt::Result {
    let mut pos = 0;
    loop {
        let cpm = next_cpm(input, pos);
        let seg_end = cpm.map_or(input.len(), |(a, _)| a);
        // A run cannot reach into the payload: it starts with a letter.
        let segment = input.get(..seg_end).unwrap_or_default();
        while let Some(run) = next_run(segment, pos) {
            on(Piece::Text(pos, run.start))?;
            on(Piece::Run(&run))?;
            pos = run.end;
        }
        on(Piece::Text(pos, seg_end))?;
        match cpm {
            Some((a, b)) => {
                on(Piece::Cpm(a, b))?;
                pos = b;
            }
            None => return Ok(()),
        }
    }
}

/// Finds the next consumer-presented payload at or after byte `from` (`MASK-RUN-2`): a token
/// of base64 characters starting `hQVDUFY`, after the start of the text or a character that
/// is not a letter, a digit or a `*`. Read or not: a payload cut short, unpadded or with
/// bytes after it carries the card data all the same.
fn next_cpm(input: &str, from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    loop {
        let start = at.saturating_add(input.get(at..)?.find("hQVDUFY")?);
        // `h` is one byte: the next search starts on a character boundary.
        at = start.saturating_add(1);
        // A `*` before it is masking's own: the token was masked already.
        let before = input.get(..start)?.chars().next_back();
        if before == Some('*') {
            continue;
        }
        let run = input.get(start..)?.bytes().take_while(is_b64).count();
        return Some((start, start.saturating_add(run)));
    }
}

/// A character of a token: the standard base64 alphabet, padding included, and `*`. Masking
/// turns characters of a token into `*`; counting `*` in keeps every token the same length in
/// what is shown, so that nothing masking does can make a new payload of an old token.
fn is_b64(b: &u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'*')
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked({:?})", DisplayAsDebug(self))
    }
}

/// Formats a `Display` value as a quoted, escaped string without allocating.
struct DisplayAsDebug<'a, T>(&'a T);

impl<T: fmt::Display> fmt::Debug for DisplayAsDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Escaper<'a, 'b>(&'a mut fmt::Formatter<'b>);
        impl fmt::Write for Escaper<'_, '_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                s.chars()
                    .try_for_each(|c| write!(self.0, "{}", c.escape_debug()))
            }
        }
        f.write_str("\"")?;
        fmt::write(&mut Escaper(f), format_args!("{}", self.0))?;
        f.write_str("\"")
    }
}

/// Returns a view that displays a text known to be a credential (a PAN, a numeric code) with
/// all but its first four and last four characters replaced by `*`; a text of eight
/// characters or fewer is replaced whole.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::mask::redact("6292610358444335641").to_string(), "6292***********5641");
/// assert_eq!(paycode::mask::redact("12345678").to_string(), "********");
/// ```
#[must_use]
pub const fn redact(credential: &str) -> Redacted<'_> {
    Redacted(credential)
}

/// A credential shown by its ends only; see [`redact`].
///
/// # Examples
///
/// ```
/// let r = paycode::mask::redact("6292610358444335641");
/// assert_eq!(r.to_string(), "6292***********5641");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted<'a>(&'a str);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        let keep = n > KEEP.saturating_mul(2);
        for (i, c) in self.0.chars().enumerate() {
            let shown = keep && (i < KEEP || i.saturating_add(KEEP) >= n);
            fmt::Write::write_char(f, if shown { c } else { '*' })?;
        }
        Ok(())
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redacted({:?})", DisplayAsDebug(self))
    }
}

/// Returns whether a character is dressing around a credential: anything but a letter or a
/// digit (whitespace, a byte order mark, punctuation, symbols, invisible characters).
fn is_dressing(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Returns whether a character may stand between the digits of one numeric code: whitespace,
/// a hyphen or dash, a control character, or an invisible one (zero-width space and joiners,
/// direction marks, embeddings and isolates, word joiner and invisible operators, combining
/// grapheme joiner, Mongolian and variation selectors, byte order mark, soft hyphen, tags): a
/// terminal or a page shows the digits around it as one run.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}'
                | '\u{2212}'
                | '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Splits `s` at two byte offsets known to be character boundaries.
fn split3(s: &str, a: usize, b: usize) -> (&str, &str, &str) {
    (
        s.get(..a).unwrap_or_default(),
        s.get(a..b).unwrap_or_default(),
        s.get(b..).unwrap_or_default(),
    )
}

/// The whole input as a credential (`MASK-CRED-1`, `MASK-CRED-2`), if it is one.
fn whole(input: &str) -> Option<Credential> {
    let start = input.find(|c: char| !is_dressing(c))?;
    let end = input.rfind(|c: char| !is_dressing(c)).and_then(|i| {
        input
            .get(i..)?
            .chars()
            .next()
            .map(|c| i.saturating_add(c.len_utf8()))
    })?;
    let core = input.get(start..end)?;
    if numeric_core(core) {
        return Some(Credential {
            rule: Rule::MaskCred1,
            start,
            end,
        });
    }
    cpm_core(input, start).map(|end| Credential {
        rule: Rule::MaskCred2,
        start,
        end,
    })
}

/// Whether `core` (starting and ending with a letter or digit) is digits and separators only,
/// and its digits are a numeric payment code.
fn numeric_core(core: &str) -> bool {
    let mut digits = [0u8; MAX_LEN];
    let mut n = 0usize;
    for c in core.chars() {
        if c.is_ascii_digit() {
            let Some(slot) = digits.get_mut(n) else {
                return false;
            };
            *slot = c as u8;
            n = n.saturating_add(1);
        } else if !is_separator(c) {
            return false;
        }
    }
    n >= MIN_LEN && digits.get(..n).is_some_and(digits_code)
}

/// Whether these ASCII digits read as a numeric payment code, whatever its issuer: reading
/// does not ask the registry, so neither does masking (`spec/masking.md`, MASK-CRED-1).
fn digits_code(digits: &[u8]) -> bool {
    core::str::from_utf8(digits).is_ok_and(|s| NumericCode::parse(s).is_ok())
}

/// Where the consumer-presented payload that starts at `start` ends, if the text from there
/// is one followed by dressing only. Trailing `+`, `/` and `=` may be either the payload's or
/// dressing: each way is tried.
fn cpm_core(input: &str, start: usize) -> Option<usize> {
    let rest = input.get(start..)?;
    // A `*` glued to the token is part of it, not dressing (spec/masking.md, MASK-CRED-2):
    // `*hQVDUFY…` starts with no `hQVDUFY`, as MASK-RUN-2 holds too. Otherwise masking a digit
    // run before such a token into `*` would make the token the whole input.
    if !rest.starts_with("hQVDUFY") || input.get(..start)?.ends_with('*') {
        return None;
    }
    let run = rest.bytes().take_while(is_b64).count();
    if !rest.get(run..)?.chars().all(is_dressing) {
        return None;
    }
    // Read or not (MASK-CRED-2): what the reader refuses may still hold card data.
    Some(start.saturating_add(run))
}

/// Whether the input is a merchant code of a registered form, with or without whitespace
/// around it: an EMVCo merchant-presented payload, or a legacy code that is attributed.
fn is_merchant(input: &str) -> bool {
    let t = input.trim_matches(|c: char| c.is_whitespace() || c.is_control() || c == '\u{FEFF}');
    crate::mpm::Payload::parse(t).is_ok() || crate::legacy::LegacyCode::parse(t).is_ok()
}

/// Writes `text`, replacing each ASCII digit by `*` unless `shown(index of the digit, number
/// of digits)` says to keep it.
fn write_digits(
    f: &mut fmt::Formatter<'_>,
    text: &str,
    shown: &dyn Fn(usize, usize) -> bool,
) -> fmt::Result {
    let n = text.bytes().filter(u8::is_ascii_digit).count();
    let mut d = 0usize;
    for c in text.chars() {
        if c.is_ascii_digit() {
            fmt::Write::write_char(f, if shown(d, n) { c } else { '*' })?;
            d = d.saturating_add(1);
        } else {
            fmt::Write::write_char(f, c)?;
        }
    }
    Ok(())
}

/// Writes an ASCII credential with all but its first and last four characters as `*`.
fn write_edges(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    fmt::Display::fmt(&Redacted(text), f)
}

/// A set of digit positions in a run.
struct Bits([u64; MAX_RUN_DIGITS / 64]);

impl Bits {
    fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
}

/// Groups of ASCII digits joined by separators, found by [`next_run`].
struct Run {
    /// Byte offsets of the first digit and past the last.
    start: usize,
    end: usize,
    /// More groups or digits than are searched: the run is masked whole.
    overflow: bool,
    /// One group longer than any code: masked whole, every digit, since a digit left at
    /// its end could join the groups beside it into a code that was not there.
    long_group: bool,
    digits: [u8; MAX_RUN_DIGITS],
    /// For each group: its byte range in the input and the digit count up to its end.
    groups: [(usize, usize, usize); MAX_RUN_GROUPS],
    count: usize,
}

/// A range of a run's groups whose digits read as a numeric payment code, as
/// [`Run::spans`] finds them: the values are taken from the groups themselves.
struct Span {
    /// Byte offsets of its first digit and past its last.
    start: usize,
    end: usize,
    /// Digit indices in the run of its first digit and past its last.
    from: usize,
    to: usize,
    /// Whether it starts the run, and whether it ends it.
    first: bool,
    last: bool,
}

impl Run {
    /// Calls `span` for every range of groups whose digits, 16 to 24 of them, read as a
    /// numeric payment code. Only the groups found are visited: `count` of them.
    fn spans(&self, span: &mut dyn FnMut(Span)) {
        let groups = self.groups.iter().take(self.count);
        let last = self.count.saturating_sub(1);
        // The digit index where the group `i` starts: where the one before it ended.
        let mut from = 0;
        for (i, &(start, _, first_end)) in groups.clone().enumerate() {
            for (j, &(_, end, to)) in groups.clone().enumerate().skip(i) {
                let n = to.saturating_sub(from);
                if n > MAX_LEN {
                    break;
                }
                if n >= MIN_LEN && self.digits.get(from..to).is_some_and(digits_code) {
                    span(Span {
                        start,
                        end,
                        from,
                        to,
                        first: i == 0,
                        last: j == last,
                    });
                }
            }
            from = first_end;
        }
    }

    /// The digits to hide: every digit of a code, but its first four if the code starts the
    /// run and its last four if it ends it. A code with digits joined to it keeps none on
    /// that side, so that what stays visible cannot join them into a new code.
    fn stars(&self) -> Bits {
        let mut stars = Bits([0; MAX_RUN_DIGITS / 64]);
        self.spans(&mut |s| {
            for d in s.from..s.to {
                let head = s.first && d < s.from.saturating_add(KEEP);
                let tail = s.last && d.saturating_add(KEEP) >= s.to;
                if !(head || tail) {
                    stars.set(d);
                }
            }
        });
        stars
    }
}

/// Finds the next run of digit groups at or after byte `from`. A group of more than 24
/// digits is no part of any code: it ends a run and is skipped.
fn next_run(input: &str, from: usize) -> Option<Run> {
    let bytes = input.as_bytes();
    let mut pos = from;
    let mut run = Run {
        start: 0,
        end: 0,
        overflow: false,
        long_group: false,
        digits: [0; MAX_RUN_DIGITS],
        groups: [(0, 0, 0); MAX_RUN_GROUPS],
        count: 0,
    };
    let mut n = 0usize;
    loop {
        // The next group of digits.
        while bytes.get(pos).is_some_and(|b| !b.is_ascii_digit()) {
            if run.count > 0 {
                break;
            }
            pos = pos.saturating_add(1);
        }
        let g_start = pos;
        let len = bytes
            .iter()
            .skip(pos)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len == 0 {
            return (run.count > 0).then_some(run);
        }
        let g_end = pos.saturating_add(len);
        if len > MAX_LEN {
            if run.count > 0 {
                return Some(run);
            }
            // Longer than any code, but two codes glued together are that long too: the
            // group is masked whole, as an over-long run is (MASK-RUN-1).
            run.start = g_start;
            run.end = g_end;
            run.overflow = true;
            run.long_group = true;
            run.count = 1;
            return Some(run);
        }
        if run.count == 0 {
            run.start = g_start;
        }
        match (
            run.groups.get_mut(run.count),
            run.digits.get_mut(n..n.saturating_add(len)),
        ) {
            (Some(g), Some(d)) if !run.overflow => {
                // `d` is as long as the group: zip copies exactly its digits.
                for (dst, src) in d.iter_mut().zip(bytes.iter().skip(g_start)) {
                    *dst = *src;
                }
                n = n.saturating_add(len);
                *g = (g_start, g_end, n);
                run.count = run.count.saturating_add(1);
            }
            _ => run.overflow = true,
        }
        run.end = g_end;
        // Separators, then another group joins the run.
        let rest = input.get(g_end..).unwrap_or_default();
        let sep: usize = rest
            .chars()
            .take_while(|c| is_separator(*c))
            .map(char::len_utf8)
            .sum();
        let next = g_end.saturating_add(sep);
        if sep == 0 || !bytes.get(next).is_some_and(u8::is_ascii_digit) {
            return Some(run);
        }
        // A group too long to be in a code ends the run here.
        let next_len = bytes
            .iter()
            .skip(next)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if next_len > MAX_LEN {
            return Some(run);
        }
        pos = next;
    }
}

/// One data object of a consumer-presented payload, as [`cpm_objects`] walks them.
///
/// # Examples
///
/// ```
/// let mut buf = [0u8; 64];
/// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// let track2 = paycode::mask::cpm_objects(&p).last().unwrap();
/// assert_eq!((track2.tlv().tag(), track2.is_masked()), (0x57, true));
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CpmObject<'a> {
    tlv: Tlv<'a>,
    depth: usize,
    masked: bool,
}

impl<'a> CpmObject<'a> {
    /// Returns the object.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// let track2 = paycode::mask::cpm_objects(&p).last().unwrap();
    /// assert_eq!(track2.tlv().tag(), 0x57);
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn tlv(&self) -> Tlv<'a> {
        self.tlv
    }

    /// Returns how deep the object is nested: 0 at the top level, 1 inside a template.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// let track2 = paycode::mask::cpm_objects(&p).last().unwrap();
    /// assert_eq!(track2.depth(), 1); // inside the application template
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn depth(&self) -> usize {
        self.depth
    }

    /// Returns whether the object's value is card data that shall not be shown
    /// (`MASK-CPM-1`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// let track2 = paycode::mask::cpm_objects(&p).last().unwrap();
    /// assert!(track2.is_masked());
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub const fn is_masked(&self) -> bool {
        self.masked
    }

    /// Returns the rule that masks the value, if one does.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 64];
    /// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
    /// let rules: Vec<_> = paycode::mask::cpm_objects(&p).filter_map(|o| o.rule()).map(|r| r.id()).collect();
    /// assert_eq!(rules, ["MASK-CPM-1"]); // track 2
    /// # Ok::<(), paycode::Error>(())
    /// ```
    #[must_use]
    pub fn rule(&self) -> Option<Rule> {
        self.masked.then_some(Rule::MaskCpm1)
    }
}

/// Walks every data object of a consumer-presented payload, depth first, in order, saying of
/// each whether its value is card data to mask (`MASK-CPM-1`): a tag of [`CARD_DATA_TAGS`]
/// wherever it is, a constructed object inside a template (its value holds other objects),
/// and anything nested in one.
///
/// # Examples
///
/// ```
/// let mut buf = [0u8; 64];
/// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// let shown: Vec<(u32, usize, bool)> = paycode::mask::cpm_objects(&p)
///     .map(|o| (o.tlv().tag(), o.depth(), o.is_masked()))
///     .collect();
/// assert_eq!(shown, [(0x85, 0, false), (0x61, 0, false), (0x4F, 1, false), (0x57, 1, true)]);
/// # Ok::<(), paycode::Error>(())
/// ```
#[must_use]
pub fn cpm_objects<'a>(p: &Cpm<'a>) -> CpmObjects<'a> {
    let top = Objects {
        bytes: p.as_bytes(),
        pos: 0,
        base: 0,
    };
    let mut stack: [Option<Objects<'a>>; MAX_DEPTH + 2] = Default::default();
    if let Some(s) = stack.first_mut() {
        *s = Some(top);
    }
    CpmObjects { stack, depth: 0 }
}

/// The iterator of [`cpm_objects`].
///
/// # Examples
///
/// ```
/// let mut buf = [0u8; 64];
/// let p = paycode::cpm::Cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf)?;
/// assert_eq!(paycode::mask::cpm_objects(&p).count(), 4);
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CpmObjects<'a> {
    stack: [Option<Objects<'a>>; MAX_DEPTH + 2],
    depth: usize,
}

impl<'a> Iterator for CpmObjects<'a> {
    type Item = CpmObject<'a>;

    fn next(&mut self) -> Option<CpmObject<'a>> {
        loop {
            let depth = self.depth;
            let next = self.stack.get_mut(depth)?.as_mut()?.next();
            let Some(t) = next else {
                if let Some(s) = self.stack.get_mut(depth) {
                    *s = None;
                }
                self.depth = depth.checked_sub(1)?;
                continue;
            };
            let masked = CARD_DATA_TAGS.contains(&t.tag())
                || depth >= 2
                || (depth >= 1 && t.is_constructed());
            let children = t.child_objects();
            if !children.bytes.is_empty() {
                if let Some(s) = self.stack.get_mut(depth.saturating_add(1)) {
                    *s = Some(children);
                    self.depth = depth.saturating_add(1);
                }
            }
            return Some(CpmObject {
                tlv: t,
                depth,
                masked,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    fn m(s: &str) -> String {
        masked(s).to_string()
    }

    fn rules(s: &str) -> Vec<&'static str> {
        let mut out = vec![];
        find(s, &mut |c| out.push(c.rule().id()));
        out
    }

    const CODE: &str = "134556781234567890";
    const CPM: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";

    #[test]
    fn dressed_numeric_codes_are_credentials() {
        for s in [
            " 134556781234567890",
            "134556781234567890\t",
            "\u{FEFF}134556781234567890",
            "+134556781234567890",
            "\"134556781234567890\".",
            "1345 5678 1234 5678 90",
            "1345-5678-1234-5678-90",
            "1345\u{200B}5678\u{00A0}1234567890",
            "（134556781234567890）",
        ] {
            assert!(is_credential(s), "{s:?}");
            assert_eq!(rules(s), ["MASK-CRED-1"], "{s:?}");
            let out = m(s);
            let digits: String = out.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(digits, "13457890", "{s:?} -> {out:?}");
        }
        assert_eq!(
            m("\u{FEFF}134556781234567890"),
            "\u{FEFF}1345**********7890"
        );
    }

    #[test]
    fn dressed_cpm_payloads_are_credentials() {
        for s in [
            format!(" {CPM}"),
            format!("{CPM}\n"),
            format!("\u{FEFF}{CPM}"),
            format!("<{CPM}>"),
            format!("{CPM}+"),
            format!("{CPM}=."),
        ] {
            assert!(is_credential(&s), "{s:?}");
            assert_eq!(rules(&s), ["MASK-CRED-2"]);
            assert!(!m(&s).contains("SNFZ4kBI0WNGRIgE"), "{s:?}");
        }
        // A text after the payload: no whole credential (its token still is one).
        assert!(!is_credential(&format!("{CPM} thanks")));
        // Cut short, unpadded, with bytes after it: the reader refuses it, the card data is
        // in it all the same.
        for s in [
            "hQVDUFYwMQ",
            "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8",
            "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGR",
        ] {
            assert!(is_credential(s), "{s}");
            assert!(!m(s).contains("AAVVVV"), "{s}");
        }
    }

    #[test]
    fn payloads_inside_other_text_are_masked() {
        let s = format!("paid with {CPM} thanks");
        assert!(!is_credential(&s));
        assert_eq!(rules(&s), ["MASK-RUN-2"]);
        let want = format!("paid with hQVD{} thanks", "*".repeat(CPM.len() - 4));
        assert_eq!(m(&s), want);
        assert_eq!(
            m(&format!("https://x.example/pay/{CPM}")),
            format!("https://x.example/pay/hQVD{}", "*".repeat(CPM.len() - 4))
        );
        // Glued after other characters: still its card data.
        assert!(!m(&format!("x{CPM} y")).contains("AAVVVV"));
        assert_eq!(m("see hQVDUFYwMQ"), "see hQVD******");
        // A payload, then digits of a code: both found, neither shown.
        let s = format!("{CPM} 134556781234567890 ok");
        assert_eq!(rules(&s), ["MASK-RUN-2", "MASK-RUN-1"]);
        assert!(!m(&s).contains("5678123456"));
    }

    #[test]
    fn many_tokens_are_masked_in_one_pass() {
        // No token is decoded: a text of thousands of them is masked as fast as it is read,
        // and masking what is shown changes nothing.
        let s = format!("{} ", "/hQVDUFYw".repeat(227)).repeat(30);
        let out = m(&s);
        assert!(
            out.starts_with("/hQVD****") && !out.contains("UFY"),
            "masked"
        );
        assert_eq!(m(&out), out);
    }

    #[test]
    fn digit_runs_in_other_text_are_masked() {
        assert_eq!(m("134556781234567890x"), "1345**********7890x");
        assert_eq!(m("code:134556781234567890;"), "code:1345**********7890;");
        assert_eq!(rules("paid 134556781234567890 ok"), ["MASK-RUN-1"]);
        // Digits joined to a code keep none of its digits on their side; here the run with
        // them, 20 digits, is a code too, of no registered issuer.
        assert_eq!(
            m("x 99 1345 5678 1234 5678 90"),
            "x 99 **** **** **** **** 90"
        );
        assert_eq!(
            m("x 9999999 1345 5678 1234 5678 90"),
            "x 9999*** **** **** **** **** 90"
        );
        // Any 16 to 24 digits are a code, whoever issued them (19 digits starting 91: no
        // registered issuer); 15 digits are none.
        assert_eq!(m("x9134556781234567890"), "x9134***********7890");
        assert_eq!(m("x120061098828009"), "x120061098828009");
    }

    #[test]
    fn merchant_codes_keep_their_digits() {
        let upay = "https://qr.95516.com/00010000/62027533387488456892269917213370";
        assert_eq!(m(upay), upay);
        assert!(rules(upay).is_empty());
        assert_eq!(m(crate::mpm::SPEC_EXAMPLE), crate::mpm::SPEC_EXAMPLE);
        // A look-alike host is no merchant code: its digit runs are searched.
        let fake = "https://qr.95516.com.evil/134556781234567890";
        assert_eq!(m(fake), "https://qr.95516.com.evil/1345**********7890");
    }

    #[test]
    fn masking_finds_nothing_in_its_own_output() {
        for s in [
            "1111 1345 5678 1234 5678 90 2222",
            "1345 5678 1234 5678 90 6236171220051893816",
            "12 134556781234567890 34",
            "x134556781234567890y6236171220051893816",
        ] {
            let once = m(s);
            assert_eq!(m(&once), once, "{s:?}");
            assert!(rules(&once).is_empty(), "{s:?} -> {once:?}");
        }
    }

    #[test]
    fn long_runs_are_masked_whole() {
        let s = "1 ".repeat(200);
        let out = m(&s);
        assert_eq!(out.matches('1').count(), 2, "only its ends: {out}");
        assert_eq!(rules(&s), ["MASK-RUN-1"]);
        // One group longer than any code (two codes glued together are): masked whole.
        let glued = "134556781234567890134556781234567890";
        assert_eq!(m(glued), "*".repeat(glued.len()));
        let zeros = "0".repeat(100_000);
        let out = m(&zeros);
        assert_eq!(out, "*".repeat(100_000));
        // Every digit goes: one left at an end could join the groups beside it into a code.
        let beside = "236171220056778 281010897274236171220056778";
        assert_eq!(m(beside), format!("236171220056778 {}", "*".repeat(27)));
        assert_eq!(m(&m(beside)), m(beside));
    }

    #[test]
    fn cpm_objects_mask_card_data_and_nested_templates() {
        let mut buf = [0u8; 256];
        // 85, 61 {4F, 70 {5A}, 5F20}: a PAN nested in a template inside the application.
        let bytes = [
            0x85, 5, b'C', b'P', b'V', b'0', b'1', 0x61, 0x14, 0x4F, 7, 0xA0, 0, 0, 0, 0x55, 0x55,
            0x55, 0x70, 4, 0x5A, 2, 0x12, 0x34, 0x5F, 0x20, 2, b'A', b'B',
        ];
        let n = bytes.len();
        buf[..n].copy_from_slice(&bytes);
        let p = Cpm::parse(&buf[..n]).unwrap();
        let walk: Vec<(u32, usize, bool)> = cpm_objects(&p)
            .map(|o| (o.tlv().tag(), o.depth(), o.is_masked()))
            .collect();
        assert_eq!(
            walk,
            [
                (0x85, 0, false),
                (0x61, 0, false),
                (0x4F, 1, false),
                (0x70, 1, true),
                (0x5A, 2, true),
                (0x5F20, 1, false),
            ]
        );
        assert_eq!(
            cpm_objects(&p).filter_map(|o| o.rule()).count(),
            2,
            "MASK-CPM-1 twice"
        );
    }

    #[test]
    fn redact_and_debug_never_show_the_middle() {
        assert_eq!(redact(CODE).to_string(), "1345**********7890");
        assert_eq!(
            format!("{:?}", masked(CODE)),
            "Masked(\"1345**********7890\")"
        );
        assert_eq!(
            format!("{:?}", redact("ab\"cdefghij")),
            "Redacted(\"ab\\\"c***ghij\")"
        );
    }
}
