//! `paycode route`: whether a wallet pays a merchant code, how, and the code to send.

use std::process::ExitCode;

use paycode::registry::Issuer;
use paycode::route::{Decision, route};

use crate::RouteArgs;
use crate::out::{complain, say, shown};

pub(crate) fn run(a: &RouteArgs) -> ExitCode {
    let wallet = match a.wallet.parse::<Issuer>() {
        Ok(w) => w,
        Err(e) => {
            complain(&format!("paycode: {}: {e}", shown(&a.wallet, a.reveal)));
            return ExitCode::from(1);
        }
    };
    let mut buf = [0u8; 4096];
    let r = match route(wallet, &a.code, &mut buf) {
        Ok(r) => r,
        Err(e) => {
            complain(&format!("paycode: {e}"));
            return ExitCode::from(1);
        }
    };
    let issuer = r.issuer.map(|i| i.id()).unwrap_or("-");
    let what = match r.decision {
        Decision::Own => format!("{wallet} pays its own {issuer} code"),
        Decision::Direct => format!("{wallet} pays the {issuer} code directly"),
        Decision::Gateway => {
            format!("{wallet} pays the {issuer} code through the UnionPay gateway")
        }
        Decision::Page => format!("{wallet} opens the {issuer} page, which takes the payment"),
        Decision::Handover => format!("{wallet} hands the {issuer} code over to the {issuer} app"),
        Decision::NotAccepted => format!("{wallet} cannot pay the {issuer} code"),
        _ => format!("no registry fact says whether {wallet} pays {issuer} codes"),
    };
    // The first line says pays, cannot or unknown; the second where that comes from.
    let confidence = format!("{:?}", r.confidence).to_lowercase();
    let fact = match (r.since, r.source) {
        (_, "") if r.decision == Decision::Own => String::new(),
        (_, "") => "source: none in the registry".to_owned(),
        ("", source) => format!("undated, {confidence}: {source}"),
        (since, source) => format!("since {since}, {confidence}: {source}"),
    };
    let mut lines = vec![format!("{}: {what}", r.decision.verdict())];
    if !fact.is_empty() {
        lines.push(fact);
    }
    if !r.code.is_empty() {
        lines.push(shown(r.code, a.reveal));
    }
    for line in &lines {
        match say(line) {
            Ok(true) => {}
            // A closed pipe: stop quietly.
            Ok(false) => break,
            Err(code) => return code,
        }
    }
    ExitCode::SUCCESS
}
