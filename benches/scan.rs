//! Scan dispatch and conversion between legacy and unified codes.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use paycode::checksum::crc16;
use paycode::legacy::LegacyCode;
use paycode::mpm::Payload;
use paycode::scan::detect;
use paycode::unified::{Merchant, from_unified, to_unified};

// Only the Pix payload and the comparison are used here; the rest is the other benches'.
#[allow(dead_code)]
#[path = "support/interleave.rs"]
mod interleave;
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;
use samples::{PIX, crc_span};

const WX: &str = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
const ALI: &str = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";
const UMS: &str = "https://qr.95516.com/48020000/34ZZ2401011234567890123456";
const GATEWAY: &str = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
const RENDER: &str = "https://render.alipay.com/p/s/i?scheme=alipays%3A%2F%2Fplatformapi%2Fstartapp%3FsaId%3D10000007%26qrcode%3Dhttps%253A%252F%252Fqr.alipay.com%252Fbax03190uxd47wbekffy6033";

fn scan(c: &mut Criterion) {
    let mut g = c.benchmark_group("scan");
    for (name, input) in [
        ("detect mpm", paycode::mpm::SPEC_EXAMPLE),
        (
            "detect cpm",
            "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
        ),
        ("detect numeric", "120061098828009406"),
        ("detect legacy", ALI),
    ] {
        g.bench_function(name, |b| b.iter(|| detect(black_box(input.as_bytes()))));
    }
    // The yardstick of issue 8's target for the Alipay read, timed in the same run.
    g.bench_function("legacy yardstick: crc of the pix body", |b| {
        b.iter(|| crc16(black_box(crc_span(PIX))))
    });
    g.bench_function("legacy parse (alipay)", |b| {
        b.iter(|| LegacyCode::parse(black_box(ALI)).unwrap())
    });
    g.bench_function("legacy parse (wechat)", |b| {
        b.iter(|| LegacyCode::parse(black_box(WX)).unwrap())
    });
    for (name, input) in [
        ("legacy parse (unionpay, china ums)", UMS),
        ("legacy parse (gateway wrapper of wechat)", GATEWAY),
        ("legacy parse (render, launcher, alipay)", RENDER),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| LegacyCode::parse(black_box(input)).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("convert");
    let codes = [
        LegacyCode::parse(WX).unwrap(),
        LegacyCode::parse(ALI).unwrap(),
    ];
    let merchant = Merchant {
        name: Some("NOODLE HOUSE"),
        city: Some("BEIJING"),
        ..Default::default()
    };
    let mut buf = [0u8; 512];
    g.bench_function("to_unified (wechat + alipay, checked)", |b| {
        b.iter(|| {
            to_unified(black_box(&codes), &merchant, &mut buf)
                .unwrap()
                .len()
        })
    });
    let mut buf2 = [0u8; 512];
    let unified = to_unified(&codes, &merchant, &mut buf2).unwrap();
    let p = Payload::parse(unified).unwrap();
    g.bench_function("from_unified (two codes)", |b| {
        b.iter(|| {
            let mut n = 0;
            from_unified(black_box(&p), &mut |t| n += t.len()).unwrap();
            n
        })
    });
    g.finish();
}

/// Each legacy read timed alternately with the CRC of the Pix body in one process
/// (`support/interleave.rs`), which this shared machine's load affects about equally:
/// `cargo bench --bench scan -- interleaved` (no criterion bench has the name, so only these
/// run). Issue 8's target is for the Alipay read: at most 1.1 times the CRC.
fn interleaved() {
    let plan = interleave::Plan::default();
    for (name, input) in [
        ("alipay", ALI),
        ("wechat", WX),
        ("unionpay, china ums", UMS),
        ("gateway wrapper of wechat", GATEWAY),
        ("render, launcher, alipay", RENDER),
    ] {
        LegacyCode::parse(input).unwrap();
        let r = interleave::compare(
            &plan,
            || crc16(black_box(crc_span(PIX))),
            || LegacyCode::parse(black_box(input)).is_ok(),
        );
        println!(
            "interleaved: legacy parse ({name}) {:.1} ns / pix crc alone {:.1} ns = {:.2}",
            r.b_ns,
            r.a_ns,
            r.b_over_a()
        );
    }
}

criterion_group!(benches, scan);

fn main() {
    if interleave::filter().is_some_and(|f| f.contains("interleaved")) {
        interleaved();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
