//! The command-line tool (`examples/paycode.rs`), whose interface is relied on from outside:
//! exit codes, the JSON fields, input order, and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// `cargo test` builds the examples next to the test binaries: target/<profile>/examples.
fn tool() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap();
    let path = dir
        .join("examples")
        .join(format!("paycode{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not built: run through `cargo test`",
        path.display()
    );
    path
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(tool())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(data) = stdin {
        input.write_all(data).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const PROMPTPAY: &str =
    "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1";

#[test]
fn no_arguments_shows_the_samples_and_succeeds() {
    let out = run(&[], None);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("BEST TRANSPORT"));
    assert!(text.contains("checksum A13A verified; conformant"));
    assert!(text.contains("MPM-PRS-1"));
    assert!(text.contains("unreadable: crc mismatch"));
}

#[test]
fn decode_json_fields_and_exit_codes() {
    let out = run(
        &["decode", "--json", paycode::mpm::SPEC_EXAMPLE, PROMPTPAY],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json_lines(&out);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["input"], paycode::mpm::SPEC_EXAMPLE);
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[0]["form"], "emv-mpm");
    assert_eq!(v[0]["conformant"], true);
    assert_eq!(v[0]["violations"], serde_json::json!([]));
    assert_eq!(v[0]["fields"]["merchant_name"], "BEST TRANSPORT");
    assert_eq!(v[0]["fields"]["amount_minor_units"], 2372);
    assert_eq!(v[1]["conformant"], false);
    assert_eq!(v[1]["violations"][0]["rule"], "MPM-PRS-1");
    assert_eq!(v[1]["violations"][0]["offset"], 0);
    assert_eq!(
        v[1]["violations"][0]["message"],
        "mandatory object 52 is missing"
    );
}

#[test]
fn unreadable_input_fails_with_exit_1_in_order() {
    let bad = PROMPTPAY.replace("29C1", "29C2");
    let out = run(
        &["decode", "--json"],
        Some(format!("{PROMPTPAY}\n{bad}\n").as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json_lines(&out);
    assert_eq!(
        (v[0]["ok"].clone(), v[1]["ok"].clone()),
        (Value::Bool(true), Value::Bool(false))
    );
    assert_eq!(v[1]["error"]["rule"], "MPM-CRC-2");
    assert_eq!(
        v[1]["error"]["message"],
        "crc mismatch: computed 29C1, payload says 29C2"
    );
}

#[test]
fn hostile_input_gets_an_error_not_a_panic() {
    let mut data = b"\xff\xfe\x00binary\n".to_vec();
    data.extend(std::iter::repeat_n(b'0', 200_000));
    data.push(b'\n');
    let out = run(&["decode", "--json"], Some(&data));
    assert_eq!(out.status.code(), Some(1));
    let v = json_lines(&out);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["error"]["rule"], "MPM-UTF-1");
    assert_eq!(v[1]["error"]["rule"], "MPM-LIM-1");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn consumer_codes_are_classified_and_masked() {
    let cpm = "hQVDUFYwMWEwTwigAAADMwEBAVoKYpJhA1hEQzVkH180AQBjFJ8mCAAAAAAAAAAAnycBgJ82AgAB";
    let out = run(
        &[
            "decode",
            "--json",
            "6236171220051893816",
            cpm,
            "120061098828009",
            "hQVDUFYwMQ",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json_lines(&out);
    assert_eq!(v[0]["form"], "numeric");
    assert_eq!(v[0]["ok"], true);
    assert_eq!(v[0]["issuers"], serde_json::json!(["unionpay", "jd-pay"]));
    assert_eq!(v[0]["input"], "6236***********3816");
    assert_eq!(v[1]["form"], "emv-cpm");
    assert_eq!(v[1]["conformant"], true);
    assert_eq!(v[1]["issuers"], serde_json::json!(["unionpay"]));
    assert_eq!(
        v[1]["fields"]["applications"][0]["pan"],
        "6292***********5641"
    );
    assert_eq!(v[1]["fields"]["applications"][0]["pan_luhn_valid"], true);
    assert_eq!(v[2]["error"]["rule"], "NUM-LEN-1");
    assert_eq!(v[2]["issuers"], serde_json::json!([]));
    assert_eq!(v[3]["error"]["rule"], "CPM-B64-1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("6236171220051893816") && !text.contains("6292610358444335641"));

    let revealed = run(
        &["decode", "--json", "--reveal", "6236171220051893816"],
        None,
    );
    assert_eq!(json_lines(&revealed)[0]["input"], "6236171220051893816");
}

#[test]
fn merchant_results_name_their_issuers() {
    let out = run(&["decode", "--json", PROMPTPAY], None);
    assert_eq!(
        json_lines(&out)[0]["issuers"],
        serde_json::json!(["promptpay"])
    );
}

#[test]
fn misuse_exits_2() {
    assert_eq!(run(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(run(&["decode", "--bogus"], None).status.code(), Some(2));
    assert_eq!(run(&["--help"], None).status.code(), Some(0));
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Every attributable legacy vector goes through `convert --to unified` and back through
/// `convert --to legacy`, byte for byte; a wrapper is refused (UNI-WRAP-1).
#[test]
fn every_legacy_vector_round_trips_through_the_cli() {
    let mut data = String::new();
    for file in ["legacy.jsonl", "legacy-real.jsonl", "legacy-wrappers.jsonl"] {
        let path = format!("{}/spec/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
        data.push_str(&std::fs::read_to_string(path).unwrap());
    }
    let mut n = 0;
    for line in data.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if v["expect"] != "valid" {
            continue;
        }
        let code = v["payload"].as_str().unwrap();
        if v["inner"].is_string() {
            let out = run(&["convert", "--to", "unified", code], None);
            assert_eq!(out.status.code(), Some(1), "{code}");
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("UNI-WRAP-1"),
                "{code}"
            );
            continue;
        }
        let unified = run(
            &["convert", "--to", "unified", "--name", "SHOP", code],
            None,
        );
        // A long order link does not fit one template and one continuation (UNI-LEN-1).
        if code.len() > 150 && String::from_utf8_lossy(&unified.stderr).contains("UNI-LEN-1") {
            continue;
        }
        assert_eq!(
            unified.status.code(),
            Some(0),
            "{code}: {}",
            String::from_utf8_lossy(&unified.stderr)
        );
        let payload = text(&unified).trim_end().to_owned();
        let back = run(&["convert", "--to", "legacy", &payload], None);
        assert_eq!(back.status.code(), Some(0));
        assert_eq!(text(&back), format!("{code}\n"), "{}", v["id"]);
        n += 1;
    }
    assert!(n >= 10, "only {n} legacy vectors converted");
}

#[test]
fn convert_and_route_as_the_readme_shows() {
    let wx = "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    let ali = "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79";
    let out = run(
        &[
            "convert",
            "--to",
            "unified",
            "--name",
            "NOODLE HOUSE",
            "--city",
            "BEIJING",
            wx,
            ali,
        ],
        None,
    );
    let unified = text(&out).trim_end().to_owned();
    assert!(
        paycode::mpm::Payload::parse(&unified)
            .unwrap()
            .is_conformant()
    );
    let routed = run(&["route", "--wallet", "unionpay", &unified], None);
    assert_eq!(
        text(&routed),
        format!("unionpay pays the alipay code directly (since 2021-08)\n{ali}\n")
    );
    let gw = run(&["route", "--wallet", "unionpay", wx], None);
    assert!(text(&gw).contains("qrCode=wxp%3A%2F%2Ff2f0"));
    let none = run(
        &[
            "route",
            "--wallet",
            "wechat-pay",
            "https://qr.95516.com/00010000/62027533387488456892269917213370",
        ],
        None,
    );
    assert_eq!(text(&none), "wechat-pay cannot pay the unionpay code\n");
    assert_eq!(
        run(&["convert", "--to", "nowhere", wx], None).status.code(),
        Some(2)
    );
    assert_eq!(run(&["route", wx], None).status.code(), Some(2));
    let bad = run(
        &[
            "convert",
            "--to",
            "unified",
            "https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24",
        ],
        None,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LEG-HOST-1"));
}

/// A genuine Alipay-only unified code with a WeChat account template appended after its CRC.
const APPENDED: &str = "00020101021126550014cn.paycode.ali0102010222FKX05106TWOWYTJ6VELP790301U5204000053031565802CN5912NOODLE HOUSE6007BEIJING6304D51E27590013cn.paycode.wx0102010232ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ";
/// A unified code with two 26 templates of one GUID and different accounts.
const TWO_26: &str = "00020101021126590013cn.paycode.wx0102010232GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L26590013cn.paycode.wx0102010232ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ5204000053031565802CN5912NOODLE HOUSE6007BEIJING63047B19";

#[test]
fn nothing_after_the_crc_is_converted_or_routed() {
    for args in [
        &["convert", "--to", "legacy", APPENDED][..],
        &["route", "--wallet", "wechat-pay", APPENDED][..],
        &["decode", APPENDED][..],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        // Only the echo of the input may show the appended template.
        let shown = text(&out).replace(APPENDED, "");
        assert!(!shown.contains("ZZZZ"), "{args:?}: {shown}");
    }
    assert!(text(&run(&["decode", APPENDED], None)).contains("(MPM-CRC-4 at byte 127)"));
    let err =
        String::from_utf8(run(&["convert", "--to", "legacy", APPENDED], None).stderr).unwrap();
    assert!(err.contains("MPM-CRC-4 at byte 127"), "{err}");
}

#[test]
fn repeated_templates_are_shown_each_as_read_and_not_acted_on() {
    let out = run(&["decode", TWO_26], None);
    let shown = text(&out).replace(TWO_26, "");
    // Each 26 shows its own 02: the first token once, then the second once.
    let tokens: Vec<&str> = shown
        .lines()
        .filter(|l| l.trim_start().starts_with("02 "))
        .filter_map(|l| l.split_whitespace().last())
        .collect();
    assert_eq!(
        tokens,
        [
            "GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"
        ],
        "{shown}"
    );
    let json = json_lines(&run(&["decode", "--json", TWO_26], None));
    let objects = json[0]["fields"]["objects"].as_array().unwrap();
    let token = |i: usize| {
        objects[i]["objects"][2]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(token(2), "GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L");
    assert_eq!(token(3), "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ");
    for args in [
        &["convert", "--to", "legacy", TWO_26][..],
        &["route", "--wallet", "wechat-pay", TWO_26][..],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("MPM-DUP-1 at byte 75"), "{args:?}: {err}");
    }
}

#[test]
fn convert_names_the_merchant_field_and_its_rule() {
    let out = run(
        &[
            "convert",
            "--to",
            "unified",
            "--name",
            "CAFÉ",
            "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("59 must be printable ascii (ans), found 'É' (MPM-FMT-2 at byte 103)"),
        "{err}"
    );
}
