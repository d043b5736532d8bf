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
    "the code",
    example: "match paycode::unified::to_unified(&[], &Default::default(), &mut [0u8; 512]) { Err(paycode::Error::Unified(e)) => e, _ => panic!() }",
    "UniIss1",
    "Code(0)"
);

/// What was wrong in making or reading a unified code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A merchant field, or the payload as a whole, would break a rule of `spec/mpm.md`.
    #[error("{0}")]
    Mpm(crate::mpm::ErrorKind),
    /// A legacy code cannot be carried in, or recovered from, a unified payload.
    #[error("{fault}")]
    Unified {
        /// What is wrong.
        fault: Fault,
    },
}

/// What is wrong with a code to carry in a unified code, or with a unified code's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Fault {
    /// No code, or more than eight (`UNI-ISS-1`).
    #[error("a unified code carries one to eight legacy codes")]
    CodeCount,
    /// A wrapper given to carry (`UNI-WRAP-1`).
    #[error("a wrapper carries another issuer's code: carry the plain code it wraps")]
    Wrapper,
    /// An account that carries a wrapper (`UNI-WRAP-1`).
    #[error("the account carries a wrapper: its template's GUID does not name who is paid")]
    WrapperRecovered,
    /// A case flag (03) that is neither `U` nor the fixed part (`UNI-CASE-1`).
    #[error("the case flag (03) must be U or the fixed part as written")]
    CaseFlag,
    /// A code too long for its template and one continuation (`UNI-LEN-1`).
    #[error("the code is too long for an account template and one continuation")]
    TooLong,
    /// The dynamic code cannot be framed (`UNI-LEN-1`).
    #[error("the dynamic code cannot be written")]
    DynamicNotWritable,
    /// A code of a form the registry does not list (`UNI-ISS-1`).
    #[error("the form is not registered")]
    UnregisteredForm,
    /// A form number (01) the issuer does not register (`UNI-FORM-1`).
    #[error("the form number is not one the issuer registers")]
    UnknownFormNumber,
    /// An issuer without a unified GUID (`UNI-ISS-1`).
    #[error("the issuer has no unified GUID")]
    NoGuid,
    /// A dynamic source (`UNI-DYN-1`).
    #[error("the payload is already dynamic (01 = 12): make the code from the static one")]
    AlreadyDynamic,
    /// A recovered code too long to be a legacy code (`UNI-FORM-2`).
    #[error("the recovered code is too long")]
    RecoveredTooLong,
    /// Recovered text that is not a code of its form (`UNI-FORM-2`).
    #[error("the recovered text is not a code of its form")]
    NotItsForm,
    /// The unified payload cannot be framed (`UNI-LEN-1`).
    #[error("the unified payload cannot be written")]
    NotWritable,
    /// No variable part (02) (`UNI-FORM-1`).
    #[error("the variable part (02) is missing")]
    NoVariablePart,
    /// Two codes of one issuer (`UNI-ISS-1`).
    #[error("two codes of one issuer: a unified code has one account per issuer")]
    SameIssuer,
    /// Two continuations with one GUID (`UNI-DUP-1`).
    #[error("a second continuation with the same unified GUID")]
    SecondContinuation,
    /// Two account templates with one GUID (`UNI-DUP-1`).
    #[error("a second account template with the same unified GUID")]
    SecondAccount,
}
