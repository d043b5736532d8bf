//! The error of the registry: a name that is no registry ID.

use crate::error::rule_error;

rule_error!(
    /// A registry ID is unknown (`REG-ID-1`).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = "CCB".parse::<paycode::registry::Issuer>().unwrap_err();
    /// assert_eq!(e.rule(), paycode::Rule::RegId1);
    /// assert_eq!(e.kind(), paycode::registry::ErrorKind::UnknownIssuer);
    /// ```
    Error(ErrorKind),
    "the name",
    example: "\"CCB\".parse::<paycode::registry::Issuer>().unwrap_err()",
    "RegId1",
    "Input(0)"
);

/// What was wrong with a registry name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A name is not the ID of any issuer of the registry.
    #[error("no issuer of the registry has this id")]
    UnknownIssuer,
}
