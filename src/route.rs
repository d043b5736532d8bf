//! Interconnection routing: a wallet scanned a merchant code; can it pay it, and how
//! (`spec/unified.md`, Routing)?
//!
//! The facts are registry data (`spec/registry.json`, `acceptance`), each with its date and
//! source: which wallet pays which issuer's codes, directly, through the UnionPay gateway
//! wrapper, or not at all. Links can be one-way: UnionPay QuickPass pays WeChat personal codes,
//! WeChat does not pay QuickPass codes.

mod error;

pub use error::{Error, ErrorKind, Fault};

use crate::error::Rule;
use crate::legacy::{LegacyCode, percent_encode};
use crate::mpm::Payload;
use crate::registry::{ACCEPTANCE, Confidence, Issuer, Path};
use crate::scan::{Form, detect};
use crate::unified::from_unified;

/// The gateway wrapper's fixed part: the code follows, percent-encoded.
const GATEWAY: &str = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=";

/// What a wallet does with a scanned merchant code.
///
/// # Examples
///
/// ```
/// use paycode::route::{Decision, route};
/// let mut buf = [0u8; 512];
/// let r = route("unionpay".parse()?, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.decision, Decision::Gateway); // QuickPass pays WeChat codes through its gateway
/// # Ok::<(), paycode::Error>(())
/// ```
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

    /// The order in which decisions are preferred among one code's candidates, which are
    /// readings of the same account: what pays first, then what a source says cannot pay, and
    /// what no source covers last (a UnionPay code of ICBC's is UnionPay's to WeChat, which
    /// cannot pay it, whatever is unknown of ICBC).
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

    /// The order in which decisions are preferred among the accounts of one payload, which
    /// are different ways to pay: an account no source covers may still be payable, so it
    /// goes before one a source refuses. An object added to a payload can then add a way to
    /// pay, never take one away.
    const fn path_rank(self) -> u8 {
        match self {
            Decision::Unknown => 5,
            Decision::NotAccepted => 6,
            other => other.rank(),
        }
    }
}

/// The answer to "wallet W scanned code C": the decision, the issuer whose code it pays, the
/// code to send (the wrapped code for [`Decision::Gateway`]), and the fact behind it.
///
/// # Examples
///
/// ```
/// use paycode::route::route;
/// let mut buf = [0u8; 512];
/// let r = route("unionpay".parse()?, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.issuer.map(|i| i.id()), Some("wechat-pay"));
/// assert!(r.code.starts_with("https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2F"));
/// assert!(!r.source.is_empty());
/// # Ok::<(), paycode::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'b> {
    /// What the wallet does.
    pub decision: Decision,
    /// The candidate issuer the decision is about: for a code with several candidates (a
    /// UnionPay code of China UMS) the one that gave the best decision; for a wrapper, the
    /// wrapped code's; for a unified code, the best account's; `None` for a payload that no
    /// registry entry claims.
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

/// Keeps a decision if it is the best so far: the fact, the candidate, the code to send.
type Keep<'k> = dyn FnMut(Fact, Option<Issuer>, &str) -> Result<(), crate::Error> + 'k;

fn decide(wallet: Issuer, issuer: Issuer) -> Fact {
    if wallet == issuer {
        return (Decision::Own, "", "", Confidence::Verified);
    }
    ACCEPTANCE
        .iter()
        .find(|a| a.wallet == wallet && a.code_issuer == issuer)
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

/// Decides how `wallet` pays the merchant code `code`, whatever the scanner read: a legacy URL
/// or a wrapper of one, a unified code carrying legacy codes, another EMVCo merchant payload
/// (attributed by its templates' GUIDs and root IDs), or an Alipay+ merchant code. The code to
/// send is written into `buf`.
///
/// Every candidate issuer of the code is considered and the best decision wins (`Own`, then
/// `Direct`, `Gateway`, `Page`, `Handover`, then `NotAccepted` (a source says so), then
/// `Unknown`). A wrapper is decided on the code it carries: a wallet that pays WeChat codes
/// directly pays a gateway-wrapped WeChat code directly. With no registry fact the decision is
/// [`Decision::Unknown`] (with the fact's date and source empty), never
/// [`Decision::NotAccepted`]; a payload no registry entry claims is `Unknown` with no issuer.
///
/// # Errors
///
/// - `RTE-CODE-1`: the code is a consumer-presented code (numeric or EMVCo CPM: the merchant's
///   acquirer reads it, no wallet pays it), not a code of any form, or `buf` cannot hold the
///   code to send; an unreadable merchant payload with its reader's offset;
/// - the legacy reader's error, as is, for a URL that is not attributable;
/// - `MPM-DUP-1` or `UNI-DUP-1`: the payload reads two ways (`unified.md`, unambiguous
///   reading), and the conversion errors of [`from_unified`] for a unified code.
///
/// # Examples
///
/// ```
/// use paycode::registry::Issuer;
/// use paycode::route::{Decision, route};
/// let unionpay: Issuer = "unionpay".parse()?;
/// let mut buf = [0u8; 512];
/// let r = route(unionpay, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.decision, Decision::Gateway);
/// assert_eq!(r.code, "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
/// let wechat: Issuer = "wechat-pay".parse()?;
/// let r = route(wechat, "https://qr.95516.com/00010000/62027533387488456892269917213370", &mut buf)?;
/// assert_eq!(r.decision, Decision::NotAccepted); // one-way
/// let r = route("alipay".parse()?, "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L", &mut buf)?;
/// assert_eq!(r.decision, Decision::Unknown); // no source either way
/// // An EMVCo payload is routed by its templates: a Pix wallet pays a Pix code.
/// let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591";
/// let r = route("pix".parse()?, pix, &mut buf)?;
/// assert_eq!((r.decision, r.code), (Decision::Own, pix));
/// # Ok::<(), paycode::Error>(())
/// ```
pub fn route<'b>(wallet: Issuer, code: &str, buf: &'b mut [u8]) -> Result<Route<'b>, crate::Error> {
    let w = wallet;
    let available = buf.len();
    let too_long = || {
        crate::Error::BufferTooSmall(crate::BufferTooSmall {
            needed: available.saturating_add(1),
            available,
        })
    };
    // The best code to act on and the candidate behind it: the code itself (a legacy code
    // unwrapped), or the best account of a unified code.
    let mut best: Option<(Fact, Option<Issuer>)> = None;
    // Any readable code fits: the readers refuse longer ones (a merchant payload is the
    // longest, MPM-LIM-1).
    let mut chosen = [0u8; crate::mpm::MAX_INPUT_LEN];
    let mut chosen_len = 0usize;
    // Each way to pay (a legacy code, a payload's account) is decided on its best candidate,
    // then the ways are compared by `path_rank`.
    let mut keep =
        |fact: Fact, candidate: Option<Issuer>, text: &str| -> Result<(), crate::Error> {
            if best.is_none_or(|(b, _)| fact.0.path_rank() < b.0.path_rank()) {
                best = Some((fact, candidate));
                let dst = chosen.get_mut(..text.len()).ok_or_else(too_long)?;
                dst.copy_from_slice(text.as_bytes());
                chosen_len = text.len();
            }
            Ok(())
        };
    let consider_legacy = |text: &str, keep: &mut Keep<'_>| -> Result<(), crate::Error> {
        let outer = LegacyCode::parse(text)?;
        let mut plain_buf = [0u8; crate::legacy::MAX_LEN];
        let c = match outer.plain(&mut plain_buf) {
            Some(plain) => plain?,
            None => outer,
        };
        let mut code_best: Option<(Fact, Issuer)> = None;
        for candidate in c.issuers().iter() {
            let fact = decide(w, candidate);
            if code_best.is_none_or(|(b, _)| fact.0.rank() < b.0.rank()) {
                code_best = Some((fact, candidate));
            }
        }
        if let Some((fact, candidate)) = code_best {
            keep(fact, Some(candidate), c.as_str())?;
        }
        Ok(())
    };
    let not_routed = |at: usize, fault: Fault| {
        crate::Error::Route(Error::new(
            Rule::RteCode1,
            at,
            ErrorKind::NotRouted { fault },
        ))
    };
    match detect(code.as_bytes()) {
        Form::Legacy => consider_legacy(code, &mut keep)?,
        Form::AlipayPlus => {
            let mut apl = [0u8; crate::alipay_plus::MAX_DECODED_LEN];
            let c = crate::alipay_plus::AlipayPlusMpm::parse(code, &mut apl)?;
            for candidate in c.issuers().iter() {
                keep(decide(w, candidate), Some(candidate), code)?;
            }
        }
        Form::EmvMpm => {
            let p = Payload::parse(code).map_err(|e| not_routed(e.offset(), Fault::NotMerchant))?;
            if crate::unified::is_unified(&p) {
                let mut failed = None;
                from_unified(&p, &mut |t| {
                    if let Err(e) = consider_legacy(t, &mut keep) {
                        failed.get_or_insert(e);
                    }
                })?;
                if let Some(e) = failed {
                    return Err(e);
                }
                // The unified code's other accounts (a network's own template beside the
                // carried codes) are ways to pay too: the wallet reads the payload for them.
                for a in p.merchant_accounts() {
                    let unified = a.guid().is_some_and(crate::unified::is_unified_guid);
                    if let (false, Some(candidate)) = (unified, a.issuer()) {
                        keep(decide(w, candidate), Some(candidate), code)?;
                    }
                }
            } else {
                crate::unified::unambiguous(&p)?;
                let candidates = p.issuers();
                for candidate in candidates.iter() {
                    keep(decide(w, candidate), Some(candidate), code)?;
                }
                if candidates.is_empty() {
                    keep(
                        (Decision::Unknown, "", "", Confidence::Folklore),
                        None,
                        code,
                    )?;
                }
            }
        }
        Form::Numeric | Form::EmvCpm => {
            return Err(not_routed(0, Fault::Consumer));
        }
        _ => return Err(not_routed(0, Fault::NoForm)),
    }
    let Some(((decision, since, source, confidence), issuer)) = best else {
        return Err(not_routed(0, Fault::Empty));
    };
    // `keep` copied the text into `chosen` only where it fits: no shorter text stands in.
    let kept = chosen.get(..chosen_len).ok_or_else(too_long)?;
    let text = core::str::from_utf8(kept).map_err(|_| too_long())?;
    let code_out: &'b str = match decision {
        Decision::NotAccepted => "",
        Decision::Gateway => {
            let (head, rest) = buf.split_at_mut(GATEWAY.len().min(buf.len()));
            if head.len() < GATEWAY.len() {
                return Err(too_long());
            }
            head.copy_from_slice(GATEWAY.as_bytes());
            let n = percent_encode(text, rest).ok_or_else(too_long)?.len();
            let written = buf
                .get(..GATEWAY.len().saturating_add(n))
                .ok_or_else(too_long)?;
            core::str::from_utf8(written).map_err(|_| too_long())?
        }
        _ => {
            let dst = buf.get_mut(..text.len()).ok_or_else(too_long)?;
            dst.copy_from_slice(text.as_bytes());
            core::str::from_utf8(dst).map_err(|_| too_long())?
        }
    };
    Ok(Route {
        decision,
        issuer,
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
        let unionpay = crate::registry::issuer("unionpay").unwrap();
        let r = route(unionpay, &code, &mut buf);
        assert!(r.is_err(), "20 codes glued together are no WeChat code");
        let inner = "wxp%3A%2F%2Ff2f1".to_owned() + &"a".repeat(60);
        let code = format!("{GATEWAY}{inner}");
        let r = route(unionpay, &code, &mut buf).unwrap();
        assert_eq!(r.decision, Decision::Gateway);
        assert_eq!(r.code, code);
    }
}
