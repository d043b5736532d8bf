//! The error of the numeric family: a code that is not 16 to 24 ASCII digits.

use crate::error::rule_error;

rule_error!(
    /// A numeric payment code cannot be read: a character that is not a digit, or a length
    /// outside 16 to 24.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::numeric::{ErrorKind, NumericCode};
    /// let e = NumericCode::parse("1345567812345678901234567").unwrap_err();
    /// assert_eq!(e.rule(), paycode::Rule::NumLen1);
    /// assert!(matches!(e.kind(), ErrorKind::Length { found: 25, .. }));
    /// ```
    Error(ErrorKind),
    "the code",
    example: "paycode::numeric::NumericCode::parse(\"12\").unwrap_err()",
    "NumLen1",
    "Input(2)"
);

/// What was wrong in a numeric payment code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A numeric payment code holds something other than ASCII digits.
    #[error("a payment code must be ascii digits only, found {found:?}")]
    NotDigits {
        /// The first character that is not an ASCII digit.
        found: char,
    },
    /// A numeric payment code is too short or too long.
    #[error("a payment code must be {min} to {max} digits long, found {found}")]
    Length {
        /// The shortest length allowed.
        min: usize,
        /// The longest length allowed.
        max: usize,
        /// The length found.
        found: usize,
    },
}
