//! Every sample code, drawn by `paycode qr` at each level, then scaled, turned and blurred as
//! a camera would see it, reads back identical through `paycode decode --image`.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::Path;
use std::process::Command;

use image::imageops::{self, FilterType};
use serde_json::Value;

/// Codes of every form: fixtures for reading, never to pay.
const CODES: &[&str] = &[
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591",
    "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
    "https://qr.95516.com/48020000/34ZZ2401011234567890123456",
    "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
    "134556781234567890",
];

fn paycode(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_paycode"))
        .args(args)
        .output()
        .unwrap()
}

fn read_back(path: &Path) -> Vec<String> {
    let out = paycode(&[
        "decode",
        "--json",
        "--reveal",
        "--image",
        path.to_str().unwrap(),
    ]);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["input"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn every_sample_at_every_level_reads_back_scaled_turned_and_blurred() {
    let dir = std::env::temp_dir().join(format!("paycode-qr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for (n, code) in CODES.iter().enumerate() {
        for level in ["l", "m", "q", "h"] {
            let png = dir.join(format!("{n}-{level}.png"));
            let out = paycode(&[
                "qr",
                "--ecc",
                level,
                "--size",
                "4",
                "-o",
                png.to_str().unwrap(),
                code,
            ]);
            assert_eq!(out.status.code(), Some(0), "{code}");
            assert_eq!(read_back(&png), [*code], "{n} at {level}, as drawn");
            let img = image::open(&png).unwrap().to_luma8();
            let (w, h) = img.dimensions();
            let scaled = imageops::resize(&img, w * 3 / 2, h * 3 / 2, FilterType::Triangle);
            let turned = imageops::rotate90(&scaled);
            let blurred = imageops::blur(&turned, 1.2);
            for (what, shot) in [
                ("scaled", &scaled),
                ("turned", &turned),
                ("blurred", &blurred),
            ] {
                let path = dir.join(format!("{n}-{level}-{what}.png"));
                shot.save(&path).unwrap();
                if read_back(&path) != [*code] {
                    failures.push(format!("{n} at {level}, {what}"));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "not read back: {failures:?}");
}

#[test]
fn the_symbol_follows_the_rules_and_the_format_follows_the_file() {
    let dir = std::env::temp_dir().join(format!("paycode-qr-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("code.svg");
    let out = paycode(&["qr", "-o", svg.to_str().unwrap(), CODES[2]]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains("viewBox=\"0 0 37 37\""),
        "{text}"
    );
    // Text for a terminal: the version-3 symbol and its quiet zone, two rows a line.
    let out = paycode(&["qr", CODES[2]]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 19);
    assert!(text.lines().all(|l| l.chars().count() == 37));
    // Too long for any symbol: QR-LEN-1, exit 1.
    let long = "9".repeat(3000);
    let out = paycode(&["qr", "--ecc", "l", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("QR-LEN-1"));
    let _ = std::fs::remove_dir_all(&dir);
}
