//! QR symbols of payment codes, as EMVCo requires them (`spec/qr.md`): byte mode only, the ECI
//! for UTF-8 (26) whenever a character is outside the common set, the smallest version that
//! holds the code at the error-correction level asked (M unless another is asked). Nothing is
//! allocated: the symbol is drawn into the caller's buffers, whose type makes them large
//! enough for any symbol.
//!
//! [`check`] judges a symbol that another encoder made, from what a reader reports of it (its
//! version, level, segment modes and ECI), by the same rules.
//!
//! # Examples
//!
//! ```
//! use paycode::qr::{Buffers, Ecc, encode};
//! let mut bufs = Buffers::new();
//! let s = encode("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", Ecc::M, &mut bufs)?;
//! assert_eq!((s.version(), s.size(), s.has_eci()), (3, 29, false));
//! // The EMVCo example has Chinese in template 64: the symbol says UTF-8.
//! let s = encode(paycode::mpm::SPEC_EXAMPLE, Ecc::M, &mut bufs)?;
//! assert!(s.has_eci());
//! # Ok::<(), paycode::qr::Error>(())
//! ```

use core::fmt;

use qrcodegen_no_heap::{QrCode, QrCodeEcc, QrSegment, Version};

use crate::error::{Location, Rule, rule_error};

/// The size of each of the two buffers a symbol is drawn in: enough for version 40.
pub const BUFFER_LEN: usize = Version::MAX.buffer_len();

/// The buffers a symbol is drawn in: the symbol's modules, and room to compute them.
///
/// # Examples
///
/// ```
/// let mut bufs = paycode::qr::Buffers::new(); // about 8 KB: keep one per thread
/// let s = paycode::qr::encode("134556781234567890", paycode::qr::Ecc::M, &mut bufs)?;
/// assert_eq!(s.version(), 2); // 18 bytes: version 1 holds 14 at M
/// # Ok::<(), paycode::qr::Error>(())
/// ```
#[derive(Clone)]
pub struct Buffers {
    out: [u8; BUFFER_LEN],
    temp: [u8; BUFFER_LEN],
}

impl Buffers {
    /// Zeroed buffers.
    ///
    /// # Examples
    ///
    /// ```
    /// let _ = paycode::qr::Buffers::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Buffers {
            out: [0; BUFFER_LEN],
            temp: [0; BUFFER_LEN],
        }
    }
}

impl Default for Buffers {
    fn default() -> Self {
        Buffers::new()
    }
}

impl fmt::Debug for Buffers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Buffers")
    }
}

/// An error-correction level: the share of the symbol that may be damaged and still read.
///
/// # Examples
///
/// ```
/// use paycode::qr::Ecc;
/// assert_eq!(Ecc::default(), Ecc::M);
/// assert_eq!("q".parse::<Ecc>(), Ok(Ecc::Q));
/// assert_eq!(Ecc::H.to_string(), "H");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Ecc {
    /// About 7 %.
    L,
    /// About 15 %: the default.
    #[default]
    M,
    /// About 25 %: for stickers with a logo over the symbol.
    Q,
    /// About 30 %.
    H,
}

impl Ecc {
    const fn level(self) -> QrCodeEcc {
        match self {
            Ecc::L => QrCodeEcc::Low,
            Ecc::M => QrCodeEcc::Medium,
            Ecc::Q => QrCodeEcc::Quartile,
            Ecc::H => QrCodeEcc::High,
        }
    }
}

impl fmt::Display for Ecc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        })
    }
}

/// Reads `L`, `M`, `Q` or `H`, in either case.
impl core::str::FromStr for Ecc {
    type Err = UnknownEcc;

    fn from_str(s: &str) -> Result<Self, UnknownEcc> {
        match s {
            "L" | "l" => Ok(Ecc::L),
            "M" | "m" => Ok(Ecc::M),
            "Q" | "q" => Ok(Ecc::Q),
            "H" | "h" => Ok(Ecc::H),
            _ => Err(UnknownEcc),
        }
    }
}

/// The text is not `L`, `M`, `Q` or `H`.
///
/// # Examples
///
/// ```
/// assert!("X".parse::<paycode::qr::Ecc>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("an error-correction level is L, M, Q or H")]
pub struct UnknownEcc;

/// A QR symbol: a square of dark and light modules, without its quiet zone (draw four light
/// modules around it).
///
/// # Examples
///
/// ```
/// let mut bufs = paycode::qr::Buffers::new();
/// let s = paycode::qr::encode("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79", paycode::qr::Ecc::M, &mut bufs)?;
/// // The three finder patterns have dark corners.
/// let n = s.size();
/// assert!(s.module(0, 0) && s.module(n - 1, 0) && s.module(0, n - 1));
/// assert!(!s.module(n, n)); // outside: light
/// # Ok::<(), paycode::qr::Error>(())
/// ```
pub struct Symbol<'b> {
    code: QrCode<'b>,
    // Kept, not read back from the format bits, which are masked in the modules.
    ecc: Ecc,
    eci: bool,
}

impl Symbol<'_> {
    /// Returns the number of modules on a side: 21 to 177.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut bufs = paycode::qr::Buffers::new();
    /// assert_eq!(paycode::qr::encode("1", paycode::qr::Ecc::M, &mut bufs)?.size(), 21);
    /// # Ok::<(), paycode::qr::Error>(())
    /// ```
    #[must_use]
    pub fn size(&self) -> usize {
        usize::try_from(self.code.size()).unwrap_or(0)
    }

    /// Returns the version: 1 to 40.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut bufs = paycode::qr::Buffers::new();
    /// assert_eq!(paycode::qr::encode("1", paycode::qr::Ecc::H, &mut bufs)?.version(), 1);
    /// # Ok::<(), paycode::qr::Error>(())
    /// ```
    #[must_use]
    pub fn version(&self) -> u8 {
        self.code.version().value()
    }

    /// Returns the error-correction level: the one asked, never raised.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::qr::{Buffers, Ecc, encode};
    /// let mut bufs = Buffers::new();
    /// assert_eq!(encode("1", Ecc::L, &mut bufs)?.ecc(), Ecc::L);
    /// # Ok::<(), paycode::qr::Error>(())
    /// ```
    #[must_use]
    pub const fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// Returns whether the symbol starts with the ECI designator 000026 (UTF-8).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut bufs = paycode::qr::Buffers::new();
    /// assert!(paycode::qr::encode("面馆", paycode::qr::Ecc::M, &mut bufs)?.has_eci());
    /// # Ok::<(), paycode::qr::Error>(())
    /// ```
    #[must_use]
    pub const fn has_eci(&self) -> bool {
        self.eci
    }

    /// Returns whether the module at column `x`, row `y` (from the top left) is dark; outside
    /// the symbol, light.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut bufs = paycode::qr::Buffers::new();
    /// let s = paycode::qr::encode("1", paycode::qr::Ecc::M, &mut bufs)?;
    /// assert!(s.module(6, 6)); // the top-left finder's centre
    /// assert!(!s.module(7, 7)); // its separator
    /// # Ok::<(), paycode::qr::Error>(())
    /// ```
    #[must_use]
    pub fn module(&self, x: usize, y: usize) -> bool {
        match (i32::try_from(x), i32::try_from(y)) {
            (Ok(x), Ok(y)) => self.code.get_module(x, y),
            _ => false,
        }
    }
}

impl fmt::Debug for Symbol<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Symbol")
            .field("version", &self.version())
            .field("ecc", &self.ecc())
            .field("eci", &self.eci)
            .finish_non_exhaustive()
    }
}

/// Whether `text` is all in the common character set (printable ASCII, EMVCo's `ans`): a
/// symbol of anything else says UTF-8 with ECI 26 (`QR-ECI-1`).
fn common(text: &str) -> bool {
    text.bytes().all(|b| (0x20..=0x7E).contains(&b))
}

/// The ECI assignment number of UTF-8.
pub const ECI_UTF8: u32 = 26;

/// Draws the symbol of `text` at level `ecc`: one byte-mode segment (`QR-MODE-1`), after the
/// ECI designator 000026 if a character is outside the common set (`QR-ECI-1`), in the
/// smallest version that holds it at that level, the mask chosen as the QR standard scores
/// them.
///
/// # Errors
///
/// `QR-LEN-1` when no version holds the text at that level (more than 2,953 bytes at L,
/// 1,273 at H); the location is the byte where the text outgrows version 40.
///
/// # Examples
///
/// ```
/// use paycode::qr::{Buffers, Ecc, encode};
/// let mut bufs = Buffers::new();
/// let s = encode(paycode::mpm::SPEC_EXAMPLE, Ecc::Q, &mut bufs)?;
/// assert_eq!((s.version(), s.ecc()), (15, Ecc::Q)); // 260 bytes and the ECI
/// let e = encode(&"9".repeat(1274), Ecc::H, &mut bufs).unwrap_err();
/// assert_eq!(e.rule(), paycode::Rule::QrLen1);
/// # Ok::<(), paycode::qr::Error>(())
/// ```
pub fn encode<'b>(text: &str, ecc: Ecc, bufs: &'b mut Buffers) -> Result<Symbol<'b>, Error> {
    let eci = !common(text);
    let Buffers { out, temp } = bufs;
    let bytes = QrSegment::make_bytes(text.as_bytes());
    let mut eci_bits = [0u8; 3];
    let codewords = |segments: &[QrSegment<'_>], out: &mut [u8]| {
        QrCode::encode_segments_to_codewords(
            segments,
            out,
            ecc.level(),
            Version::MIN,
            Version::MAX,
            false,
        )
    };
    let written = if eci {
        let designator = QrSegment::make_eci(ECI_UTF8, &mut eci_bits);
        codewords(&[designator, bytes], out)
    } else {
        codewords(&[bytes], out)
    };
    let (len, level, version) = written.map_err(|_| too_long(text, ecc, eci))?;
    let code = QrCode::encode_codewords(out, len, temp, level, version, None);
    Ok(Symbol { code, ecc, eci })
}

/// Bytes of data that version 40 holds at each level, in byte mode (ISO/IEC 18004 Table 7),
/// less the 3 bytes an ECI 26 designator and the 16-bit count take with it.
const fn capacity(ecc: Ecc, eci: bool) -> usize {
    match (ecc, eci) {
        (Ecc::L, false) => 2953,
        (Ecc::L, true) => 2952,
        (Ecc::M, false) => 2331,
        (Ecc::M, true) => 2330,
        (Ecc::Q, false) => 1663,
        (Ecc::Q, true) => 1662,
        (Ecc::H, false) => 1273,
        (Ecc::H, true) => 1272,
    }
}

fn too_long(text: &str, ecc: Ecc, eci: bool) -> Error {
    let capacity = capacity(ecc, eci);
    let kind = ErrorKind::TooLong {
        bytes: text.len(),
        capacity,
    };
    Error::located(
        Rule::QrLen1,
        Location::Input(capacity.min(text.len())),
        kind,
    )
}

rule_error!(
    /// A code that no QR symbol holds at the level asked.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut bufs = paycode::qr::Buffers::new();
    /// let e = paycode::qr::encode(&"A".repeat(3000), paycode::qr::Ecc::L, &mut bufs).unwrap_err();
    /// assert_eq!(e.to_string(), "3000 bytes do not fit a QR symbol at this level, which holds 2953 (QR-LEN-1 at byte 2953)");
    /// ```
    Error(ErrorKind),
    "the code",
    example: "paycode::qr::encode(&\"9\".repeat(3000), paycode::qr::Ecc::L, &mut paycode::qr::Buffers::new()).unwrap_err()",
    "QrLen1",
    "Input(2953)"
);

/// What was wrong in making a symbol.
///
/// # Examples
///
/// ```
/// let mut bufs = paycode::qr::Buffers::new();
/// let e = paycode::qr::encode(&"9".repeat(3000), paycode::qr::Ecc::L, &mut bufs).unwrap_err();
/// assert_eq!(e.kind(), paycode::qr::ErrorKind::TooLong { bytes: 3000, capacity: 2953 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is longer than version 40 holds at the level.
    #[error("{bytes} bytes do not fit a QR symbol at this level, which holds {capacity}")]
    TooLong {
        /// The text's length in bytes.
        bytes: usize,
        /// What version 40 holds at the level, in bytes.
        capacity: usize,
    },
    /// A segment of another mode than byte mode (`QR-MODE-1`).
    #[error("a {mode} segment: a payment symbol holds one byte-mode segment")]
    Mode {
        /// The mode found.
        mode: Mode,
    },
    /// A symbol of text outside the common set without ECI 26, or with another ECI
    /// (`QR-ECI-1`).
    #[error(
        "the text has characters outside the common set: the symbol must say ECI 000026 (UTF-8)"
    )]
    EciMissing,
    /// An ECI designator in a symbol of common characters, or an ECI other than 26.
    #[error("ECI {eci:06}: only ECI 000026 (UTF-8), and only for text outside the common set")]
    EciWrong {
        /// The ECI assignment number found.
        eci: u32,
    },
}

/// A QR segment mode, as a reader reports it.
///
/// # Examples
///
/// ```
/// assert_eq!(paycode::qr::Mode::Kanji.to_string(), "kanji");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Mode {
    /// Numeric mode.
    Numeric,
    /// Alphanumeric mode.
    Alphanumeric,
    /// Byte mode.
    Byte,
    /// Kanji mode.
    Kanji,
    /// Structured append.
    StructuredAppend,
    /// FNC1 (GS1 or AIM).
    Fnc1,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Numeric => "numeric",
            Mode::Alphanumeric => "alphanumeric",
            Mode::Byte => "byte",
            Mode::Kanji => "kanji",
            Mode::StructuredAppend => "structured append",
            Mode::Fnc1 => "fnc1",
        })
    }
}

/// What a QR reader reports of a symbol's content: the modes of its data segments, in order,
/// and its ECI designator, if any.
///
/// # Examples
///
/// ```
/// use paycode::qr::{Mode, SymbolFacts};
/// let facts = SymbolFacts { modes: &[Mode::Byte], eci: None };
/// assert!(paycode::qr::check("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &facts).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SymbolFacts<'m> {
    /// The modes of the data segments, in order.
    pub modes: &'m [Mode],
    /// The ECI assignment number the symbol starts with, if it has one.
    pub eci: Option<u32>,
}

/// Judges a symbol another encoder made for `text`, from what its reader reports: the first
/// rule of `spec/qr.md` it breaks, or `None`. The location is the index of the segment at
/// fault ([`Location::Code`]).
///
/// # Examples
///
/// ```
/// use paycode::qr::{Mode, SymbolFacts, check};
/// // Digits in numeric mode make a smaller symbol, but a payment symbol is byte mode only.
/// let facts = SymbolFacts { modes: &[Mode::Numeric], eci: None };
/// assert_eq!(check("134556781234567890", &facts).map(|e| e.rule()), Some(paycode::Rule::QrMode1));
/// // Chinese text without ECI 26.
/// let facts = SymbolFacts { modes: &[Mode::Byte], eci: None };
/// assert_eq!(check("面馆", &facts).map(|e| e.rule()), Some(paycode::Rule::QrEci1));
/// ```
#[must_use]
pub fn check(text: &str, facts: &SymbolFacts<'_>) -> Option<Error> {
    if let Some((i, &mode)) = facts
        .modes
        .iter()
        .enumerate()
        .find(|&(_, &m)| m != Mode::Byte)
    {
        let kind = ErrorKind::Mode { mode };
        return Some(Error::located(Rule::QrMode1, Location::Code(i), kind));
    }
    match (common(text), facts.eci) {
        (true, None) => None,
        (false, Some(ECI_UTF8)) => None,
        (false, None) => Some(Error::located(
            Rule::QrEci1,
            Location::Code(0),
            ErrorKind::EciMissing,
        )),
        (_, Some(eci)) => Some(Error::located(
            Rule::QrEci1,
            Location::Code(0),
            ErrorKind::EciWrong { eci },
        )),
    }
}
