//! The error of the legacy family: a wallet URL that cannot be read or attributed.

use crate::error::{Rule, rule_error};

rule_error!(
    /// A legacy code cannot be read as a registered form: its characters, its URL, its host, its
    /// path, its query, or what a wrapper carries.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::legacy::LegacyCode;
    /// let e = LegacyCode::parse("https://qr.alipay.com/fkx 123").unwrap_err();
    /// assert_eq!((e.rule(), e.offset()), (paycode::Rule::LegChr1, 25));
    /// ```
    Error(ErrorKind),
    "the code",
    example: "paycode::legacy::LegacyCode::parse(\"https://qr.alipay.com.example.org/x\").unwrap_err()",
    "LegHost1",
    "Input(8)"
);

/// What was wrong in a legacy code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is longer than the reader accepts.
    #[error("input is {found} bytes long, more than the {limit} this reader accepts")]
    InputTooLong {
        /// The reader's limit, in bytes.
        limit: usize,
        /// The input's length, in bytes.
        found: usize,
    },
    /// A legacy code holds a character outside printable ASCII: a space, a control character,
    /// a non-ASCII look-alike.
    #[error("a legacy code must be printable ascii without spaces, found {found:?}")]
    Char {
        /// The first character at fault.
        found: char,
    },
    /// A legacy code is not a URL of the form `scheme://…`.
    #[error("not a url: {fault}")]
    Url {
        /// What is wrong.
        fault: UrlFault,
    },
    /// A legacy code's scheme, host or authority is not a registered issuer's.
    #[error("not attributable: {fault}")]
    Host {
        /// What is wrong.
        fault: HostFault,
    },
    /// A legacy code's path does not have the shape its host registers.
    #[error("not attributable: the path does not have a registered shape for this host")]
    Shape,
    /// A legacy code's query is ambiguous or incomplete: a parameter twice, a parameter that
    /// differs from a registered one only in case, an empty pair, a required one missing.
    #[error("not attributable: {fault}")]
    Query {
        /// What is wrong.
        fault: QueryFault,
    },
    /// A wrapper's parameter does not percent-decode: a `%` not followed by two hex digits, or
    /// bytes that are not UTF-8.
    #[error("not attributable: the wrapped code is not validly percent-encoded UTF-8")]
    Escape,
    /// The code a wrapper carries is not an attributable code of a registered form.
    #[error("not attributable: the wrapped code breaks {inner}")]
    Inner {
        /// The rule the wrapped code breaks.
        inner: Rule,
    },
    /// The code a wrapper carries is itself a wrapper that the form does not declare.
    #[error("not attributable: the wrapped code is itself a wrapper")]
    Nested,
}

/// Why a legacy code is not a URL (`LEG-URL-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum UrlFault {
    /// No scheme followed by `://`.
    #[error("no scheme followed by ://")]
    NoScheme,
    /// A scheme of other characters than letters, digits, `+`, `.` and `-`.
    #[error("the scheme is not letters, digits, + . -")]
    SchemeChars,
}

/// Why a legacy code's authority is not a registered issuer's (`LEG-HOST-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum HostFault {
    /// User information (`user@`) before the host.
    #[error("user information before the host")]
    UserInfo,
    /// A port after the host.
    #[error("a port after the host")]
    Port,
    /// A scheme no issuer registers.
    #[error("no issuer registers this scheme")]
    UnknownScheme,
    /// A host no issuer registers.
    #[error("no issuer registers this host")]
    UnknownHost,
    /// A wrapper that carries another issuer's code (`LEG-WRAP-2`).
    #[error("the wrapper carries only its own issuer's codes")]
    NotItsIssuer,
}

/// Why a legacy code's query is ambiguous or incomplete (`LEG-QRY-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum QueryFault {
    /// An empty parameter (`&&`, a trailing `&`).
    #[error("an empty parameter")]
    EmptyPair,
    /// A parameter given twice.
    #[error("a parameter given twice")]
    Twice,
    /// A parameter that differs from a registered one only in case.
    #[error("a parameter that differs from a registered one only in case")]
    CaseVariant,
    /// A parameter that another form of the same host registers.
    #[error("a parameter that another form of this host registers")]
    OtherForm,
}
