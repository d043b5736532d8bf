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
    /// The wallet cannot pay the code.
    NotAccepted,
}

/// The answer to "wallet W scanned code C": the decision, the issuer whose code it pays, the
/// code to send (the wrapped code for [`Decision::Gateway`]), and the fact behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'b> {
    /// What the wallet does.
    pub decision: Decision,
    /// The issuer of the code the decision is about (for a unified code, the best account).
    pub issuer: Option<Issuer>,
    /// The code to send: the (recovered) legacy code, or its gateway wrapper. Empty when the
    /// code is not accepted.
    pub code: &'b str,
    /// Since when the link exists, as the registry dates it (`""` if undated or own).
    pub since: &'static str,
    /// How well the fact is established.
    pub confidence: Confidence,
}

fn decide(wallet: Issuer, issuer: Issuer) -> (Decision, &'static str, Confidence) {
    if wallet == issuer {
        return (Decision::Own, "", Confidence::Verified);
    }
    ACCEPTANCE
        .iter()
        .find(|a| {
            Issuer::from_index(a.wallet) == wallet && Issuer::from_index(a.code_issuer) == issuer
        })
        .map_or((Decision::NotAccepted, "", Confidence::Folklore), |a| {
            let d = match a.path {
                Path::Direct => Decision::Direct,
                Path::Gateway => Decision::Gateway,
                _ => Decision::NotAccepted,
            };
            (d, a.since, a.confidence)
        })
}

fn rank(d: Decision) -> u8 {
    match d {
        Decision::Own => 0,
        Decision::Direct => 1,
        Decision::Gateway => 2,
        Decision::NotAccepted => 3,
    }
}

/// Decides how `wallet` (a registry ID) pays the merchant code `code` (a legacy URL, or a
/// unified code carrying legacy codes), writing the code to send into `buf`.
///
/// # Errors
///
/// - `RTE-WAL-1`: `wallet` is not a registry ID;
/// - `RTE-CODE-1`: the code is neither an attributable legacy code nor a readable unified code
///   (the legacy or MPM reader's error is in the message of the rule it broke, which is
///   returned as is), or `buf` cannot hold the code to send.
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
    // The best legacy code to act on: the code itself, or the best account of a unified code.
    let mut best: Option<(Decision, Issuer, &'static str, Confidence)> = None;
    // Any attributable legacy code fits: `LegacyCode::parse` refuses longer ones.
    let mut chosen = [0u8; crate::legacy::MAX_LEN];
    let mut chosen_len = 0usize;
    let mut consider = |text: &str| -> Result<(), Error> {
        let c = LegacyCode::parse(text)?;
        let (d, since, conf) = decide(w, c.issuer());
        if best.is_none_or(|(bd, ..)| rank(d) < rank(bd)) {
            best = Some((d, c.issuer(), since, conf));
            let dst = chosen.get_mut(..text.len()).ok_or_else(too_long)?;
            dst.copy_from_slice(text.as_bytes());
            chosen_len = text.len();
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
    let Some((decision, issuer, since, confidence)) = best else {
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
        let r = route("unionpay", &code, &mut buf).unwrap();
        assert_eq!((r.decision, r.code), (Decision::Own, code.as_str()));
    }
}
