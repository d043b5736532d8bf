//! A wallet backend deciding how to pay what its users scan: for each merchant code, whether
//! this wallet pays it (its own code, directly, through UnionPay's gateway, through an
//! aggregator's page), cannot (a source says so), or does not know, with the fact behind the
//! decision and the code to send.
//!
//! Run: `cargo run --example wallet` (the wallet and codes are built in), or
//! `cargo run --example wallet -- WALLET CODE…`.

use paycode::registry::Issuer;
use paycode::route::{Decision, route};

const SCANNED: &[&str] = &[
    "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    "https://qr.95516.com/01050000/123e4567-e89b-12d3-a456-426614174000",
    "https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456",
    "https://qr.pbcdci.cn/002030000000000000000000000000000000001",
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fevil.example%2Fpay",
    "134556781234567890",
];

fn main() -> Result<(), paycode::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (wallet, codes): (&str, Vec<&str>) = match args.split_first() {
        Some((w, rest)) if !rest.is_empty() => (w, rest.iter().map(String::as_str).collect()),
        _ => ("ccb", SCANNED.to_vec()),
    };
    // A wallet is a registry ID: a typo is refused here, once, not per code.
    let wallet: Issuer = wallet.parse()?;
    println!("wallet: {} ({})", wallet, wallet.name());
    let mut buf = [0u8; 4096];
    for code in codes {
        // Never log a payment code (付款码) in clear.
        println!("\nscanned {}", paycode::mask::masked(code));
        match route(wallet, code, &mut buf) {
            Ok(r) => {
                let issuer = r.issuer.map_or("nobody", |i| i.id());
                let how = match r.decision {
                    Decision::Own => "as its own",
                    Decision::Direct => "directly",
                    Decision::Gateway => "through the UnionPay gateway",
                    Decision::Page => "through the acquirer's page",
                    Decision::Handover => "by handing it to the issuer's app",
                    Decision::NotAccepted => "not at all",
                    _ => "perhaps: no registry fact either way",
                };
                println!("  {}: {issuer}'s code, paid {how}", r.decision.verdict());
                if !r.source.is_empty() {
                    let since = if r.since.is_empty() {
                        "undated"
                    } else {
                        r.since
                    };
                    println!("  fact: {since}, {:?}: {}", r.confidence, r.source);
                }
                if !r.code.is_empty() {
                    println!("  send: {}", r.code);
                }
            }
            // Every refusal names its rule and byte offset.
            Err(e) => println!("  refused: {e}"),
        }
    }
    Ok(())
}
