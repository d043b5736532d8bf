//! The error of the scanner: an input that starts like no form of payment code.

use crate::error::rule_error;

rule_error!(
    /// The input starts like no form of payment code (`SCAN-FORM-1`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; paycode::cpm::MAX_DECODED_LEN];
    /// let paycode::scan::Scanned::NotPayment { error, .. } = paycode::scan::scan("hello", &mut buf) else { panic!() };
    /// assert_eq!(error.rule(), Some(paycode::Rule::ScanForm1));
    /// ```
    Error(ErrorKind),
    "the input",
    example: "match paycode::scan::scan(\"hello\", &mut [0u8; 16]) { paycode::scan::Scanned::NotPayment { error: paycode::Error::Scan(e), .. } => e, _ => panic!() }",
    "ScanForm1",
    "Input(0)"
);

/// Why the input is no payment code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input starts like no form of payment code.
    #[error("not a payment code: no form of the standard starts this way")]
    UnknownForm,
}
