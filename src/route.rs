//! Interconnection routing: a wallet scanned a merchant code; can it pay it, and how
//! (`spec/unified.md`, Routing)?
//!
//! The facts are registry data (`spec/registry.json`, `acceptance`), each with its date and
//! source: which wallet pays which issuer's codes, directly, through the UnionPay gateway
//! wrapper, or not at all. Links can be one-way: UnionPay QuickPass pays WeChat personal codes,
//! WeChat does not pay QuickPass codes.

use crate::error::{Error, ErrorKind, Rule};
use crate::legacy::{LegacyCode, percent_encode};
use crate::mpm::Payload;
use crate::registry::{self, ACCEPTANCE, Confidence, Issuer, Path};
use crate::scan::{Form, detect};
use crate::unified::from_unified;

/// The gateway wrapper's fixed part: the code follows, percent-encoded.
const GATEWAY: &str = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=";

/// What a wallet does with a scanned merchant code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// The code is the wallet's own issuer's: it pays it as always.
    Own,
    /// The wallet pays the other issuer's code itself.
    Direct,
    /// The wallet pays the code through the UnionPay gateway wrapper (the code to send).
    Gateway,
    /// The code is an aggregated code: the wallet opens the acquirer's hosted page, and the
    /// page takes the payment in that wallet.
    Page,
    /// The scanner hands the code over to its issuer's own app.
    Handover,
    /// No registry fact says whether the wallet pays such codes.
    Unknown,
    /// The wallet cannot pay the code: a source says so.
    NotAccepted,
}

impl Decision {
    /// Returns what the decision says of paying: `"pays"`, `"cannot"` or `"unknown"`, as the
    /// command line's `route` prints it first.
    ///
    /// # Examples
    ///
    /// ```
    /// use paycode::route::Decision;
    /// assert_eq!(Decision::Gateway.verdict(), "pays");
    /// assert_eq!(Decision::Unknown.verdict(), "unknown");
    /// ```
    #[must_use]
    pub const fn verdict(self) -> &'static str {
        match self {
            Decision::Unknown => "unknown",
            Decision::NotAccepted => "cannot",
            _ => "pays",
        }
    }

    /// Returns the decision's name in the JSON output: `"own"`, `"direct"`, `"gateway"`,
    /// `"page"`, `"handover"`, `"unknown"` or `"not-accepted"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(paycode::route::Decision::Page.name(), "page");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Decision::Own => "own",
            Decision::Direct => "direct",
            Decision::Gateway => "gateway",
            Decision::Page => "page",
            Decision::Handover => "handover",
            Decision::Unknown => "unknown",
            Decision::NotAccepted => "not-accepted",
        }
    }

    /// The order in which decisions are preferred among a code's candidates: what pays first,
    /// then what a source says cannot pay, and what no source covers last (a UnionPay code of
    /// ICBC's is UnionPay's to WeChat, which cannot pay it, whatever is unknown of ICBC).
    const fn rank(self) -> u8 {
        match self {
            Decision::Own => 0,
            Decision::Direct => 1,
            Decision::Gateway => 2,
            Decision::Page => 3,
            Decision::Handover => 4,
            Decision::NotAccepted => 5,
            Decision::Unknown => 6,
        }
    }
}

/// The answer to "wallet W scanned code C": the decision, the issuer whose code it pays, the
/// code to send (the wrapped code for [`Decision::Gateway`]), and the fact behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'b> {
    /// What the wallet does.
    pub decision: Decision,
    /// The candidate issuer the decision is about: for a code with several candidates (a
    /// UnionPay code of China UMS) the one that gave the best decision; for a wrapper, the
    /// wrapped code's; for a unified code, the best account's.
    pub issuer: Option<Issuer>,
    /// The code to send: the (recovered, unwrapped) legacy code, or its gateway wrapper. Empty
    /// when the code is not accepted.
    pub code: &'b str,
    /// Since when the link exists, as the registry dates it (`""` if undated, own or unknown).
    pub since: &'static str,
    /// Where the fact comes from (`""` for an own code or an unknown one).
    pub source: &'static str,
    /// How well the fact is established.
    pub confidence: Confidence,
}

/// A decision with the fact behind it: (decision, since, source, confidence).
type Fact = (Decision, &'static str, &'static str, Confidence);

fn decide(wallet: Issuer, issuer: Issuer) -> Fact {
    if wallet == issuer {
        return (Decision::Own, "", "", Confidence::Verified);
    }
    ACCEPTANCE
        .iter()
        .find(|a| {
            Issuer::from_index(a.wallet) == wallet && Issuer::from_index(a.code_issuer) == issuer
        })
        .map_or((Decision::Unknown, "", "", Confidence::Folklore), |a| {
            let d = match a.path {
                Path::Direct => Decision::Direct,
                Path::Gateway => Decision::Gateway,
                Path::Page => Decision::Page,
                Path::Handover => Decision::Handover,
                _ => Decision::NotAccepted,
            };
            (d, a.since, a.source, a.confidence)
        })
}

/// Decides how `wallet` (a registry ID) pays the merchant code `code` (a legacy URL, a wrapper
/// of one, or a unified code carrying legacy codes), writing the code to send into `buf`.
///
/// Every candidate issuer of the code is considered and the best decision wins (`Own`, then
/// `Direct`, `Gateway`, `Page`, `Handover`, then `NotAccepted` (a source says so), then
/// `Unknown`). A wrapper is decided on
/// the code it carries: a wallet that pays WeChat codes directly pays a gateway-wrapped WeChat
/// code directly. With no registry fact the decision is [`Decision::Unknown`], never
/// [`Decision::NotAccepted`].
///
/// # Errors
///
/// - `RTE-WAL-1`: `wallet` is not a registry ID;
/// - `RTE-CODE-1`: the code is neither an attributable legacy code nor a readable unified code
///   (the legacy reader's error is returned as is), or `buf` cannot hold the code to send.
///
/// # Examples
///
/// ```
/// use paycode::route::{Decision, route};
/// let mut buf = [0u8; 512];
/// let r = route("unionpay", "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.decision, Decision::Gateway);
/// assert_eq!(r.code, "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
/// let r = route("wechat-pay", "https://qr.95516.com/00010000/62027533387488456892269917213370", &mut buf)?;
/// assert_eq!(r.decision, Decision::NotAccepted); // one-way
/// let r = route("alipay", "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.decision, Decision::Unknown); // no source either way
/// # Ok::<(), paycode::Error>(())
/// ```
pub fn route<'b>(wallet: &str, code: &str, buf: &'b mut [u8]) -> Result<Route<'b>, Error> {
    let w = registry::issuer(wallet).ok_or(Error::new(
        Rule::new("RTE-WAL-1"),
        0,
        ErrorKind::Unified {
            reason: "the wallet is not a registry ID",
        },
    ))?;
    let too_long = || {
        Error::new(
            Rule::new("RTE-CODE-1"),
            0,
            ErrorKind::Unified {
                reason: "the code to send does not fit the buffer",
            },
        )
    };
    // The best legacy code to act on: the code itself (unwrapped), or the best account of a
    // unified code.
    let mut best: Option<(Fact, Issuer)> = None;
    // Any attributable legacy code fits: `LegacyCode::parse` refuses longer ones.
    let mut chosen = [0u8; crate::legacy::MAX_LEN];
    let mut chosen_len = 0usize;
    let mut consider = |text: &str| -> Result<(), Error> {
        let outer = LegacyCode::parse(text)?;
        let mut plain_buf = [0u8; crate::legacy::MAX_LEN];
        let c = match outer.plain(&mut plain_buf) {
            Some(plain) => plain?,
            None => outer,
        };
        for candidate in c.issuers().iter() {
            let fact = decide(w, candidate);
            if best.is_none_or(|(b, _)| fact.0.rank() < b.0.rank()) {
                best = Some((fact, candidate));
                let t = c.as_str();
                let dst = chosen.get_mut(..t.len()).ok_or_else(too_long)?;
                dst.copy_from_slice(t.as_bytes());
                chosen_len = t.len();
            }
        }
        Ok(())
    };
    match detect(code.as_bytes()) {
        Form::Legacy => consider(code)?,
        _ => {
            let p = Payload::parse(code).map_err(|e| {
                Error::new(
                    Rule::new("RTE-CODE-1"),
                    e.offset(),
                    ErrorKind::Unified {
                        reason: "not a legacy code or a readable unified code",
                    },
                )
            })?;
            let mut failed = None;
            from_unified(&p, &mut |t| {
                if let Err(e) = consider(t) {
                    failed.get_or_insert(e);
                }
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
        }
    }
    let Some(((decision, since, source, confidence), issuer)) = best else {
        let reason = "the unified code carries no legacy code";
        return Err(Error::new(
            Rule::new("RTE-CODE-1"),
            0,
            ErrorKind::Unified { reason },
        ));
    };
    let text = core::str::from_utf8(chosen.get(..chosen_len).unwrap_or_default())
        .map_err(|_| too_long())?;
    let code_out: &'b str = match decision {
        Decision::NotAccepted => "",
        Decision::Gateway => {
            let (head, rest) = buf.split_at_mut(GATEWAY.len().min(buf.len()));
            if head.len() < GATEWAY.len() {
                return Err(too_long());
            }
            head.copy_from_slice(GATEWAY.as_bytes());
            let n = percent_encode(text, rest).ok_or_else(too_long)?.len();
            core::str::from_utf8(
                buf.get(..GATEWAY.len().saturating_add(n))
                    .unwrap_or_default(),
            )
            .map_err(|_| too_long())?
        }
        _ => {
            let dst = buf.get_mut(..text.len()).ok_or_else(too_long)?;
            dst.copy_from_slice(text.as_bytes());
            core::str::from_utf8(dst).map_err(|_| too_long())?
        }
    };
    Ok(Route {
        decision,
        issuer: Some(issuer),
        code: code_out,
        since,
        source,
        confidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::prelude::v1::*;

    #[test]
    fn long_codes_are_routed_whole() {
        // A gateway wrapper near the form's limit: longer than any fixed scratch size would be.
        let code = format!(
            "{GATEWAY}{}",
            "wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L".repeat(20)
        );
        let mut buf = vec![0u8; 2048];
        // Wrapped WeChat codes are decided on the WeChat code: re-wrapped for QuickPass.
        let r = route("unionpay", &code, &mut buf);
        assert!(r.is_err(), "20 codes glued together are no WeChat code");
        let inner = "wxp%3A%2F%2Ff2f1".to_owned() + &"a".repeat(60);
        let code = format!("{GATEWAY}{inner}");
        let r = route("unionpay", &code, &mut buf).unwrap();
        assert_eq!(r.decision, Decision::Gateway);
        assert_eq!(r.code, code);
    }
}
