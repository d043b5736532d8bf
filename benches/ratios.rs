//! Issue 8's speed targets as interleaved ratios: each pair (A, B) is timed alternately in one
//! process (`support/interleave.rs`) and B/A is printed with its target. Run with
//! `cargo bench --bench ratios [-- FILTER]`; FILTER keeps the pairs whose name contains it.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use paycode::checksum::crc16;
use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;

#[path = "support/interleave.rs"]
mod interleave;
#[path = "support/samples.rs"]
mod samples;
use interleave::{Plan, compare, filter, report};
use samples::{EMVCO_B7, PIX, crc_span};

const ALIPAY: &str = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";

fn main() {
    let filter = filter();
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let plan = Plan::default();
    // Every pair is checked once before timing, so a broken input cannot time an error path.
    for s in [PIX, EMVCO_B7] {
        assert!(Payload::parse(s).unwrap().is_conformant());
    }
    LegacyCode::parse(ALIPAY).unwrap();

    for (payload, s) in [("pix-154", PIX), ("emvco-b7", EMVCO_B7)] {
        let name = format!("{payload} parse / crc alone");
        if wanted(&name) {
            let r = compare(
                &plan,
                || crc16(black_box(crc_span(s))),
                || Payload::parse(black_box(s)).is_ok(),
            );
            report(&name, "crc alone", "parse", &r, 2.5);
        }
    }
    for (payload, s, target) in [("pix-154", PIX, 2.5), ("emvco-b7", EMVCO_B7, 3.0)] {
        let name = format!("{payload} parse + validate / parse");
        if wanted(&name) {
            let r = compare(
                &plan,
                || Payload::parse(black_box(s)).is_ok(),
                || {
                    Payload::parse(black_box(s))
                        .as_ref()
                        .is_ok_and(Payload::is_conformant)
                },
            );
            report(&name, "parse", "parse + validate", &r, target);
        }
    }
    let name = "alipay legacy parse / pix crc alone";
    if wanted(name) {
        let r = compare(
            &plan,
            || crc16(black_box(crc_span(PIX))),
            || LegacyCode::parse(black_box(ALIPAY)).is_ok(),
        );
        report(name, "pix crc alone", "alipay legacy parse", &r, 1.1);
    }
}
