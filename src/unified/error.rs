//! The error of the unified family: a code that cannot be carried, a merchant field that would
//! break a rule, a unified code that cannot be recovered.

use crate::error::rule_error;

rule_error!(
    /// A unified code cannot be written, or its legacy codes recovered. A merchant field that
    /// would break a rule of `spec/mpm.md` is named by that rule, at the byte it would have in
    /// the payload written ([`Location::Output`](crate::Location::Output)); a code that cannot
    /// be carried by its index ([`Location::Code`](crate::Location::Code)).
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::unified::{ErrorKind, Merchant, to_unified};
    /// let wx = paycode::legacy::LegacyCode::parse("wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L")?;
    /// let long = Merchant { name: Some("THE NOODLE HOUSE OF BEIJING CENTRAL"), ..Default::default() };
    /// let e = to_unified(&[wx], &long, &mut [0u8; 512]).unwrap_err();
    /// let paycode::Error::Unified(e) = e else { panic!("{e}") };
    /// assert_eq!((e.rule(), e.location()), (paycode::Rule::MpmLen1, paycode::Location::Output(96)));
    /// assert!(matches!(e.kind(), ErrorKind::Mpm(_)));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    Error(ErrorKind),
    "the code"
);

/// What was wrong in making or reading a unified code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A merchant field, or the payload as a whole, would break a rule of `spec/mpm.md`.
    #[error("{0}")]
    Mpm(crate::mpm::ErrorKind),
    /// A legacy code cannot be carried in, or recovered from, a unified payload.
    #[error("{reason}")]
    Unified {
        /// What is wrong, in words.
        reason: &'static str,
    },
}
