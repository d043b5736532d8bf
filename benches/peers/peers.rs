//! paycode against its Rust peers, in one criterion run, on the same payloads: parse plus CRC
//! check of (a) a 154-character Pix code and (b) the EMVCo Annex B.7 example. A peer that
//! panics on a payload is reported and left out of that group (peers.md §2 found that most do
//! on (b)).
#![allow(missing_docs, clippy::unwrap_used)]

use std::borrow::Cow;
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use emv_qrcps::EmvEncoder;

#[path = "../support/samples.rs"]
mod samples;
use samples::{EMVCO_B7, PIX, crc_span};

/// emv-qrcps parses into a struct the user declares; this one names the root objects that
/// both payloads use, templates kept as strings.
#[allow(dead_code)]
#[derive(EmvEncoder, Clone, Debug, PartialEq)]
struct Mpm<'a> {
    #[encoder(id = "00")]
    format: Cow<'a, str>,
    #[encoder(id = "01")]
    initiation: Option<Cow<'a, str>>,
    #[encoder(id = "26")]
    account: Option<Cow<'a, str>>,
    #[encoder(id = "29")]
    account29: Option<Cow<'a, str>>,
    #[encoder(id = "52")]
    mcc: Cow<'a, str>,
    #[encoder(id = "53")]
    currency: Cow<'a, str>,
    #[encoder(id = "54")]
    amount: Option<Cow<'a, str>>,
    #[encoder(id = "58")]
    country: Cow<'a, str>,
    #[encoder(id = "59")]
    name: Cow<'a, str>,
    #[encoder(id = "60")]
    city: Cow<'a, str>,
    #[encoder(id = "62")]
    additional: Option<Cow<'a, str>>,
    #[encoder(id = "63")]
    crc: Cow<'a, str>,
}

fn promptparse_strict(s: &str) -> bool {
    promptparse::parse(s, true, true).is_some()
}

fn emv_qrcps_checked(s: &str) -> bool {
    let m: Mpm<'_> = emv_qrcps::base_parser(s);
    emv_qrcps::helpers::validate(s) && !m.crc.is_empty()
}

/// Runs `f` once to see whether the peer copes with the payload at all.
fn survives(f: impl Fn(&str) -> bool, s: &str) -> Result<bool, ()> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = catch_unwind(AssertUnwindSafe(|| f(s))).map_err(|_| ());
    std::panic::set_hook(hook);
    r
}

fn peers(c: &mut Criterion) {
    for (name, s) in [("pix-154", PIX), ("emvco-b7", EMVCO_B7)] {
        let mut g = c.benchmark_group(format!("peers/{name}"));
        g.throughput(Throughput::Bytes(s.len() as u64));
        g.bench_function("paycode parse", |b| {
            b.iter(|| paycode::mpm::Payload::parse(black_box(s)).unwrap())
        });
        g.bench_function("crc alone (paycode, slice-by-16)", |b| {
            b.iter(|| paycode::checksum::crc16(black_box(crc_span(s))))
        });
        type Peer = (&'static str, fn(&str) -> bool);
        let list: [Peer; 2] = [
            ("promptparse::parse strict", promptparse_strict),
            ("emv-qrcps base_parser + validate", emv_qrcps_checked),
        ];
        for (peer, f) in list {
            match survives(f, s) {
                Ok(true) => {
                    g.bench_function(peer, |b| b.iter(|| f(black_box(s))));
                }
                Ok(false) => println!("{name}: {peer} rejects the payload; not timed"),
                Err(()) => println!("{name}: {peer} panics on the payload; not timed"),
            }
        }
        g.finish();
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
