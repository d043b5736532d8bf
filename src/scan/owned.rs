//! [`ScannedBuf`] and [`scan_owned`]: a scan result that needs no caller buffer (`alloc`).

use super::{Form, ScanKind, ScanOptions, Scanned, scan};
use crate::alipay_plus::AlipayPlusMpmBuf;
use crate::cpm::CpmBuf;
use crate::error::Error;
use crate::legacy::LegacyCodeBuf;
use crate::mpm::PayloadBuf;
use crate::numeric::NumericCodeBuf;
use crate::registry::Candidates;

/// What [`scan_owned`] found: the owned form of [`Scanned`], holding the code of the detected
/// form, or why the input is not a payment code. It borrows nothing, so a batch can collect
/// them and a function can return one.
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, ScannedBuf, scan_owned};
/// let inputs = ["120061098828009406", "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79", "hello"];
/// let scans: Vec<ScannedBuf> = inputs.iter().copied().map(scan_owned).collect();
/// let forms: Vec<Form> = scans.iter().map(ScannedBuf::form).collect();
/// assert_eq!(forms, [Form::Numeric, Form::Legacy, Form::Unknown]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScannedBuf {
    /// An EMVCo merchant-presented payload (it may still break conformance rules).
    Mpm(PayloadBuf),
    /// An EMVCo consumer-presented payload, its text and decoded bytes.
    Cpm(CpmBuf),
    /// A numeric consumer-presented code.
    Numeric(NumericCodeBuf),
    /// A legacy merchant-presented URL of a known issuer.
    Legacy(LegacyCodeBuf),
    /// An Alipay+ merchant-presented code, its text and decoded payload.
    AlipayPlus(AlipayPlusMpmBuf),
    /// Not a payment code: the form it looked like, and the reader's error.
    NotPayment {
        /// The form [`detect`](super::detect) chose.
        form: Form,
        /// Why that form's reader refused it.
        error: Error,
    },
}

impl ScannedBuf {
    /// Returns the borrowed [`Scanned`], whose codes have every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Scanned, scan_owned};
    /// let s = scan_owned("120061098828009406");
    /// let Scanned::Numeric(code) = s.as_view() else { panic!("numeric") };
    /// assert_eq!(code.as_str(), "120061098828009406");
    /// ```
    #[must_use]
    pub fn as_view(&self) -> Scanned<'_> {
        match self {
            ScannedBuf::Mpm(p) => Scanned::Mpm(p.as_view()),
            ScannedBuf::Cpm(p) => Scanned::Cpm(p.as_view()),
            ScannedBuf::Numeric(c) => Scanned::Numeric(c.as_view()),
            ScannedBuf::Legacy(c) => Scanned::Legacy(c.as_view()),
            ScannedBuf::AlipayPlus(c) => Scanned::AlipayPlus(c.as_view()),
            ScannedBuf::NotPayment { form, error } => Scanned::NotPayment {
                form: *form,
                error: *error,
            },
        }
    }

    /// Returns the form detected, as [`Scanned::form`].
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Form, scan_owned};
    /// assert_eq!(scan_owned("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=").form(), Form::EmvCpm);
    /// assert_eq!(scan_owned("hello").form(), Form::Unknown);
    /// ```
    #[must_use]
    pub fn form(&self) -> Form {
        self.as_view().form()
    }

    /// Returns what a Chinese scanner calls the code, as [`Scanned::scan_kind`].
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{ScanKind, scan_owned};
    /// assert_eq!(scan_owned("134556781234567890").scan_kind(), ScanKind::Consumer);
    /// assert_eq!(scan_owned("hello").scan_kind(), ScanKind::Unknown);
    /// ```
    #[must_use]
    pub fn scan_kind(&self) -> ScanKind {
        self.as_view().scan_kind()
    }

    /// Returns the registry issuers of the code, most likely first, as [`Scanned::issuers`].
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::scan_owned;
    /// let s = scan_owned("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79");
    /// assert_eq!(s.issuers().first().map(|i| i.id()), Some("alipay"));
    /// assert!(scan_owned("hello").issuers().is_empty());
    /// ```
    #[must_use]
    pub fn issuers(&self) -> Candidates {
        self.as_view().issuers()
    }

    /// Returns why the input is not a payment code, or `None` for a code that was read.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::scan_owned;
    /// assert_eq!(scan_owned("hello").error().and_then(|e| e.rule()), Some(paycode::Rule::ScanForm1));
    /// assert_eq!(scan_owned("120061098828009406").error(), None);
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<Error> {
        match self {
            ScannedBuf::NotPayment { error, .. } => Some(*error),
            _ => None,
        }
    }
}

impl Scanned<'_> {
    /// Copies the result into a [`ScannedBuf`] that borrows neither the input nor the buffer
    /// (`alloc`).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Form, scan};
    /// let owned = {
    ///     let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    ///     scan("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=", &mut buf).into_owned()
    /// }; // `buf` is gone; `owned` is not.
    /// assert_eq!(owned.form(), Form::EmvCpm);
    /// ```
    #[must_use]
    pub fn into_owned(self) -> ScannedBuf {
        match self {
            Scanned::Mpm(p) => ScannedBuf::Mpm(p.into_owned()),
            Scanned::Cpm(p) => ScannedBuf::Cpm(p.into_owned()),
            Scanned::Numeric(c) => ScannedBuf::Numeric(c.into_owned()),
            Scanned::Legacy(c) => ScannedBuf::Legacy(c.into_owned()),
            Scanned::AlipayPlus(c) => ScannedBuf::AlipayPlus(c.into_owned()),
            Scanned::NotPayment { form, error } => ScannedBuf::NotPayment { form, error },
        }
    }
}

impl From<Scanned<'_>> for ScannedBuf {
    fn from(s: Scanned<'_>) -> Self {
        s.into_owned()
    }
}

/// Reads whatever a scanner read, as [`scan`] does, into a result that owns what it holds: no
/// caller buffer, nothing borrowed (`alloc`).
///
/// # Examples
///
/// ```
/// use paycode::scan::{Form, ScannedBuf, scan_owned};
/// fn read_line(line: &str) -> ScannedBuf {
///     scan_owned(line) // a function can return the result
/// }
/// let s = read_line(&String::from("HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79"));
/// assert_eq!(s.form(), Form::Legacy);
/// let s = read_line("hello");
/// assert!(matches!(s, ScannedBuf::NotPayment { form: Form::Unknown, .. }));
/// ```
#[must_use]
pub fn scan_owned(input: &str) -> ScannedBuf {
    let mut buf = [0u8; crate::cpm::MAX_DECODED_LEN];
    scan(input, &mut buf).into_owned()
}

impl ScanOptions {
    /// Reads as [`ScanOptions::scan`] does, into a result that owns what it holds (`alloc`).
    /// An error's offset counts from the first byte of `input`.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::scan::{Form, ScanOptions};
    /// let o = ScanOptions::new().strip_bom(true).trim_line_end(true);
    /// let s = o.scan_owned("\u{feff}120061098828009406\r\n");
    /// assert_eq!(s.form(), Form::Numeric);
    /// assert_eq!(o.scan_owned("\u{feff}hello").error().and_then(|e| e.offset()), Some(3));
    /// ```
    #[must_use]
    pub fn scan_owned(&self, input: &str) -> ScannedBuf {
        let mut buf = [0u8; crate::cpm::MAX_DECODED_LEN];
        self.scan(input, &mut buf).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    const INPUTS: [&str; 6] = [
        crate::mpm::SPEC_EXAMPLE,
        "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
        "120061098828009406",
        "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
        "https://qr.example.com/MPM/3/R1BMRDAwMA==",
        "hello",
    ];

    #[test]
    fn owned_results_answer_as_borrowed_ones() {
        let owned: Vec<ScannedBuf> = INPUTS.iter().copied().map(scan_owned).collect();
        let mut buf = [0u8; crate::cpm::MAX_DECODED_LEN];
        for (input, o) in INPUTS.iter().zip(&owned) {
            let b = scan(input, &mut buf);
            assert_eq!(o.form(), b.form(), "{input}");
            assert_eq!(o.scan_kind(), b.scan_kind(), "{input}");
            assert_eq!(o.issuers(), b.issuers(), "{input}");
            assert_eq!(*o, b.into_owned(), "{input}");
        }
        let forms: Vec<Form> = owned.iter().map(ScannedBuf::form).collect();
        assert_eq!(
            forms,
            [
                Form::EmvMpm,
                Form::EmvCpm,
                Form::Numeric,
                Form::Legacy,
                Form::AlipayPlus,
                Form::Unknown
            ]
        );
    }
}
