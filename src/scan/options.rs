//! [`ScanOptions`]: what scanners and stored lists add around a code, removed before reading.

use super::{Scanned, scan};

/// The byte order mark, U+FEFF, that some files and tools put before text.
const BOM: char = '\u{feff}';

/// Options for reading a scan that carries more than the code: the line end a keyboard-wedge
/// scanner appends, the blanks a stored list pads codes with, the byte order mark a file starts
/// with (`spec/unified.md`, Scanning). Each is off unless asked for; with none, reading is
/// [`scan`]'s.
///
/// The options only remove what surrounds the code; the code itself is read by its form's
/// reader as it stands. Offsets in the [`Scanned::NotPayment`] error count bytes from the
/// first byte of the caller's input, the removed byte order mark included; offsets that the
/// read code gives (its objects, its violations) count from the code's own text, which starts
/// where [`code_in`](Self::code_in) says.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, ScanOptions, Scanned};
/// let options = ScanOptions::new().trim_line_end(true).trim_trailing_blanks(true).strip_bom(true);
/// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
/// let s = options.scan("\u{feff}120061098828009406 \t\r\n", &mut buf);
/// assert_eq!(s.form(), Form::Numeric);
/// // The error's offset counts the byte order mark's three bytes.
/// let Scanned::NotPayment { error, .. } = options.scan("\u{feff}000201", &mut buf) else {
///     panic!("not a payment code");
/// };
/// assert_eq!((error.rule(), error.offset()), (Some(paycode::Rule::MpmCrc1), Some(9)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[must_use]
pub struct ScanOptions {
    trim_line_end: bool,
    trim_trailing_blanks: bool,
    strip_bom: bool,
}

impl ScanOptions {
    /// Returns the options that remove nothing: reading is [`scan`]'s.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{ScanOptions, Scanned};
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let s = ScanOptions::new().scan("120061098828009406\n", &mut buf);
    /// assert!(matches!(s, Scanned::NotPayment { .. }));
    /// ```
    pub const fn new() -> Self {
        ScanOptions {
            trim_line_end: false,
            trim_trailing_blanks: false,
            strip_bom: false,
        }
    }

    /// Sets whether trailing `\r` and `\n`, as keyboard-wedge scanners append, are removed
    /// before reading: the same trimming as the merchant reader's
    /// [`ParseOptions::trim_line_end`](crate::mpm::ParseOptions::trim_line_end). Alone, it
    /// removes nothing else: a space before the line end stays.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::ScanOptions;
    /// let o = ScanOptions::new().trim_line_end(true);
    /// assert_eq!(o.code_in("120061098828009406\r\n"), (0, "120061098828009406"));
    /// assert_eq!(o.code_in("120061098828009406 \n"), (0, "120061098828009406 "));
    /// ```
    pub const fn trim_line_end(mut self, on: bool) -> Self {
        self.trim_line_end = on;
        self
    }

    /// Sets whether trailing spaces and tabs, as lists and spreadsheets store codes padded
    /// with, are removed before reading. With [`trim_line_end`](Self::trim_line_end) too, any
    /// mix of the four at the end is removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::ScanOptions;
    /// let o = ScanOptions::new().trim_trailing_blanks(true);
    /// assert_eq!(o.code_in("120061098828009406 \t "), (0, "120061098828009406"));
    /// let o = o.trim_line_end(true);
    /// assert_eq!(o.code_in("120061098828009406 \r\n\t"), (0, "120061098828009406"));
    /// ```
    pub const fn trim_trailing_blanks(mut self, on: bool) -> Self {
        self.trim_trailing_blanks = on;
        self
    }

    /// Sets whether one leading byte order mark (U+FEFF, the bytes `EF BB BF`) is removed
    /// before reading.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::ScanOptions;
    /// let o = ScanOptions::new().strip_bom(true);
    /// assert_eq!(o.code_in("\u{feff}120061098828009406"), (3, "120061098828009406"));
    /// ```
    pub const fn strip_bom(mut self, on: bool) -> Self {
        self.strip_bom = on;
        self
    }

    /// Returns the code these options find in `input`, and the byte offset in `input` where
    /// it starts (3 after a removed byte order mark, else 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::ScanOptions;
    /// let o = ScanOptions::new().strip_bom(true).trim_line_end(true);
    /// let input = "\u{feff}120061098828009406\n";
    /// let (start, code) = o.code_in(input);
    /// assert_eq!(&input[start..start + code.len()], code);
    /// ```
    #[must_use]
    pub fn code_in<'a>(&self, input: &'a str) -> (usize, &'a str) {
        let (start, rest) = match input.strip_prefix(BOM) {
            Some(rest) if self.strip_bom => (BOM.len_utf8(), rest),
            _ => (0, input),
        };
        let code = match (self.trim_line_end, self.trim_trailing_blanks) {
            (false, false) => rest,
            (true, false) => crate::mpm::trim_line_end(rest),
            (false, true) => rest.trim_end_matches([' ', '\t']),
            (true, true) => rest.trim_end_matches([' ', '\t', '\r', '\n']),
        };
        (start, code)
    }

    /// Reads whatever a scanner read, as [`scan`] does, after removing what these options
    /// name. An error's offset counts from the first byte of `input`.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Form, ScanOptions};
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let o = ScanOptions::new().trim_line_end(true);
    /// let s = o.scan("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79\r\n", &mut buf);
    /// assert_eq!(s.form(), Form::Legacy);
    /// ```
    pub fn scan<'a>(&self, input: &'a str, buf: &'a mut [u8]) -> Scanned<'a> {
        let (start, code) = self.code_in(input);
        match scan(code, buf) {
            Scanned::NotPayment { form, error } => Scanned::NotPayment {
                form,
                error: error.shifted(start),
            },
            read => read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::Form;

    fn not_payment(s: Scanned<'_>) -> (Form, &'static str, usize) {
        match s {
            Scanned::NotPayment { form, error } => {
                (form, error.rule().unwrap().id(), error.offset().unwrap())
            }
            other => panic!("read: {other:?}"),
        }
    }

    #[test]
    fn with_no_option_reading_is_scans() {
        let mut a = [0u8; crate::cpm::MAX_DECODED_LEN];
        let mut b = [0u8; crate::cpm::MAX_DECODED_LEN];
        for input in [
            "\u{feff}120061098828009406",
            "120061098828009406\n",
            "hello",
        ] {
            let with = not_payment(ScanOptions::new().scan(input, &mut a));
            let without = not_payment(scan(input, &mut b));
            assert_eq!(with, without, "{input:?}");
        }
    }

    #[test]
    fn offsets_count_from_the_callers_first_byte() {
        let mut buf = [0u8; crate::cpm::MAX_DECODED_LEN];
        let o = ScanOptions::new().strip_bom(true).trim_line_end(true);
        let plain = not_payment(scan("1200 6109 8828 0094 06", &mut buf));
        let bom = not_payment(o.scan("\u{feff}1200 6109 8828 0094 06\r\n", &mut buf));
        assert_eq!(plain, (Form::Numeric, "NUM-CHR-1", 4));
        assert_eq!(bom, (Form::Numeric, "NUM-CHR-1", 7));
        // Only one mark is removed; a second is read, and is no payment code.
        let two = not_payment(o.scan("\u{feff}\u{feff}120061098828009406", &mut buf));
        assert_eq!(two, (Form::Unknown, "SCAN-FORM-1", 3));
    }

    #[test]
    fn a_bom_inside_the_code_is_not_removed() {
        let o = ScanOptions::new().strip_bom(true);
        assert_eq!(o.code_in("12\u{feff}34"), (0, "12\u{feff}34"));
        assert_eq!(o.code_in(""), (0, ""));
        assert_eq!(o.code_in("\u{feff}"), (3, ""));
    }
}
