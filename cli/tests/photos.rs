//! Real photos and scans of QR symbols (`tests/photos/`, zxing's black-box sets): at least
//! 90 % are read exactly, and a decoder that gives up on an image costs that image only.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn photos() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos");
    let mut out = Vec::new();
    for set in ["qrcode-2", "qrcode-5"] {
        let mut texts: Vec<PathBuf> = std::fs::read_dir(root.join(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "txt")
                    && !p.to_string_lossy().ends_with(".metadata.txt")
            })
            .collect();
        texts.sort();
        for t in texts {
            let image = ["png", "jpg", "jpeg", "gif"]
                .iter()
                .map(|x| t.with_extension(x))
                .find(|p| p.exists());
            if let Some(image) = image {
                let want = String::from_utf8(std::fs::read(&t).unwrap()).unwrap();
                out.push((image, want));
            }
        }
    }
    out
}

fn read(image: &Path) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_paycode"))
        .args(["decode", "--json", "--reveal", "--image"])
        .arg(image)
        .output()
        .unwrap();
    assert!(out.status.code().is_some(), "{}: killed", image.display());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["image"], image.display().to_string());
            v["input"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn at_least_nine_photos_in_ten_are_read_exactly() {
    let photos = photos();
    assert!(photos.len() >= 50, "{} photos", photos.len());
    let mut missed = Vec::new();
    for (image, want) in &photos {
        if !read(image).contains(want) {
            missed.push(image.display().to_string());
        }
    }
    let read_ok = photos.len() - missed.len();
    println!(
        "{read_ok} of {} photos read exactly ({:.1} %); missed: {missed:?}",
        photos.len(),
        100.0 * read_ok as f64 / photos.len() as f64
    );
    assert!(
        read_ok * 10 >= photos.len() * 9,
        "{read_ok} of {} read exactly; missed {missed:?}",
        photos.len()
    );
}

#[test]
fn a_file_that_is_no_image_is_one_unreadable_input() {
    let not_image = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_paycode"))
        .args(["decode", "--json", "--image"])
        .arg(&not_image)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["rule"], Value::Null);
}
