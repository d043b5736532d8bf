//! paycode's own merchant-presented benchmarks: parse (with the CRC check), validate, encode
//! and build, on the two payloads of `samples.rs`. Peers are compared in `benches/peers/`.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use paycode::checksum::crc16;
use paycode::mpm::{Builder, Initiation, Payload};

#[path = "support/samples.rs"]
mod samples;
use samples::{EMVCO_B7, PIX, crc_span};

fn mpm(c: &mut Criterion) {
    for (name, s) in [("pix-154", PIX), ("emvco-b7", EMVCO_B7)] {
        let mut g = c.benchmark_group(format!("mpm/{name}"));
        g.throughput(Throughput::Bytes(s.len() as u64));
        g.bench_function("parse (with crc)", |b| {
            b.iter(|| Payload::parse(black_box(s)).unwrap())
        });
        g.bench_function("crc alone", |b| b.iter(|| crc16(black_box(crc_span(s)))));
        let p = Payload::parse(s).unwrap();
        g.bench_function("validate", |b| b.iter(|| black_box(&p).is_conformant()));
        g.bench_function("parse + validate", |b| {
            b.iter(|| Payload::parse(black_box(s)).unwrap().is_conformant())
        });
        let mut buf = [0u8; 512];
        g.bench_function("encode_into", |b| {
            b.iter(|| black_box(&p).encode_into(&mut buf).unwrap().len())
        });
        g.finish();
    }
    let account = [
        (0, "br.gov.bcb.pix"),
        (1, "123e4567-e12b-12d1-a456-426655440000"),
    ];
    let mut builder = Builder::new();
    builder
        .initiation(Initiation::Static)
        .template(26, &account)
        .merchant_category_code("0000")
        .currency("986")
        .amount("123.45")
        .country("BR")
        .merchant_name("FULANO DE TAL")
        .merchant_city("BRASILIA");
    let mut buf = [0u8; Builder::MAX_LEN];
    c.bench_function("mpm/builder encode (checked)", |b| {
        b.iter(|| black_box(&builder).encode_into(&mut buf).unwrap().len())
    });
}

criterion_group!(benches, mpm);
criterion_main!(benches);
