//! Consumer-presented codes: numeric classification and EMVCo CPM decoding; and the Alipay+
//! merchant code (MPM/3), whose read is base64 into a buffer and a text TLV, as a CPM's is.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use paycode::alipay_plus::AlipayPlusMpm;
use paycode::cpm::{Cpm, MAX_DECODED_LEN};
use paycode::numeric::NumericCode;

/// The EMVCo CPM specification's Annex B.2 example: 168 characters, two applications and a
/// common data template.
/// The sample of the Alipay+ Code Scanning Payment Standards: 170 characters, a 102-byte
/// payload with three objects, two of them composite.
const ALIPAY_PLUS_SAMPLE: &str = "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE";

const CPM_B2: &str = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";

fn consumer(c: &mut Criterion) {
    let mut g = c.benchmark_group("numeric");
    for (name, code) in [
        ("wechat-18", "120061098828009406"),
        ("unionpay-19 (two candidates)", "6236171220051893816"),
        ("alipay-24", "301234567890123456789012"),
        ("alipay-plus-19 (digit rule)", "2893612204263667830"),
    ] {
        // Classification is reading plus the built-in lookup: parse no longer classifies
        // (issue 8), so the lookup is asked explicitly to measure the same work as before.
        g.bench_function(name, |b| {
            b.iter(|| NumericCode::parse(black_box(code)).unwrap().issuers())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("cpm");
    g.throughput(Throughput::Bytes(CPM_B2.len() as u64));
    let mut buf = [0u8; MAX_DECODED_LEN];
    g.bench_function("decode b2-168 (base64 + BER-TLV)", |b| {
        b.iter(|| {
            Cpm::decode(black_box(CPM_B2), &mut buf)
                .unwrap()
                .as_bytes()
                .len()
        })
    });
    let mut buf2 = [0u8; MAX_DECODED_LEN];
    let p = Cpm::decode(CPM_B2, &mut buf2).unwrap();
    g.bench_function("validate b2-168", |b| {
        b.iter(|| black_box(&p).is_conformant())
    });
    g.finish();

    let mut g = c.benchmark_group("alipay-plus");
    g.throughput(Throughput::Bytes(ALIPAY_PLUS_SAMPLE.len() as u64));
    let mut buf = [0u8; paycode::alipay_plus::MAX_DECODED_LEN];
    g.bench_function("parse sample-170 (url + base64 + GPLD)", |b| {
        b.iter(|| {
            AlipayPlusMpm::parse(black_box(ALIPAY_PLUS_SAMPLE), &mut buf)
                .unwrap()
                .payload()
                .len()
        })
    });
    let mut buf2 = [0u8; paycode::alipay_plus::MAX_DECODED_LEN];
    let code = AlipayPlusMpm::parse(ALIPAY_PLUS_SAMPLE, &mut buf2).unwrap();
    g.bench_function("walk sample objects and sub-objects", |b| {
        b.iter(|| {
            black_box(&code)
                .objects()
                .map(|o| o.sub_objects().map_or(1, Iterator::count))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, consumer);
criterion_main!(benches);
