//! The error of routing: a code that cannot be routed.

use crate::error::rule_error;

rule_error!(
    /// A code cannot be routed (`RTE-CODE-1`): it is readable but not a merchant code a wallet
    /// can be routed to.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut buf = [0u8; 512];
    /// let e = paycode::route::route("alipay".parse()?, "134556781234567890", &mut buf).unwrap_err();
    /// assert_eq!(e.rule(), Some(paycode::Rule::RteCode1));
    /// # Ok::<(), paycode::Error>(())
    /// ```
    Error(ErrorKind),
    "the code",
    example: "match paycode::route::route(paycode::registry::issuer(\"alipay\").unwrap(), \"134556781234567890\", &mut [0u8; 64]) { Err(paycode::Error::Route(e)) => e, _ => panic!() }",
    "RteCode1",
    "Input(0)"
);

/// Why a code cannot be routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The code is not a merchant code that routing decides on.
    #[error("{fault}")]
    NotRouted {
        /// What is wrong.
        fault: Fault,
    },
}

/// Why a code is not routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Fault {
    /// Neither a legacy code nor a readable merchant payload.
    #[error("not a legacy code or a readable merchant payload")]
    NotMerchant,
    /// A consumer-presented code, which the merchant's acquirer reads.
    #[error("a consumer-presented code: the merchant's acquirer reads it, no wallet pays it")]
    Consumer,
    /// Not a code of any form.
    #[error("not a code of any form")]
    NoForm,
    /// A unified code that carries no legacy code.
    #[error("the unified code carries no legacy code")]
    Empty,
}
