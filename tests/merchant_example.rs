//! The merchant service example (`examples/merchant.rs`) runs with no arguments, exits 0, and
//! prints a static code and per-order dynamic codes that read back conformant.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::process::Command;

use paycode::mpm::{Initiation, Payload};

#[test]
fn the_merchant_example_issues_conformant_codes() {
    // `cargo test` builds the examples next to the test binaries: target/<profile>/examples.
    let exe = std::env::current_exe().unwrap();
    let path = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("merchant{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not built: run through `cargo test`",
        path.display()
    );
    let out = Command::new(path).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| l.starts_with("0002"))
        .collect();
    assert_eq!(codes.len(), 5, "{text}");
    let amounts: Vec<Option<&str>> = codes
        .iter()
        .map(|c| {
            let p = Payload::parse(c).unwrap();
            assert!(p.is_conformant(), "{c}: {:?}", p.validate());
            assert!(paycode::unified::is_unified(&p));
            let dynamic = p.initiation() == Some(Initiation::Dynamic);
            assert_eq!(dynamic, p.amount().is_some(), "{c}");
            p.amount().map(|a| a.as_str())
        })
        .collect();
    assert_eq!(
        amounts,
        [
            None,
            Some("12.34"),
            Some("28.00"),
            Some("0.05"),
            Some("12.34")
        ]
    );
    assert!(text.contains("老王面馆"), "{text}");
    assert!(text.contains("MPM-FMT-2"), "{text}");
}
