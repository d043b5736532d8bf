//! The command-line tool, whose interface is relied on from outside:
//! exit codes, the JSON fields, input order, and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The `paycode` binary of this package, which cargo builds for its integration tests.
fn tool() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_paycode"))
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
        let path = format!("{}/../spec/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
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
    let routed = text(&routed);
    let lines: Vec<&str> = routed.lines().collect();
    assert_eq!(lines[0], "pays: unionpay pays the alipay code directly");
    assert!(
        lines[1].starts_with("since 2021-08, secondary: interconnection press reports"),
        "{routed}"
    );
    assert_eq!(lines[2], ali);
    assert_eq!(lines.len(), 3);
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
    let none = text(&none);
    assert!(
        none.starts_with(
            "cannot: wechat-pay cannot pay the unionpay code\nsince 2021-08-24, secondary: "
        ),
        "{none}"
    );
    assert_eq!(none.lines().count(), 2, "nothing to send: {none}");
    let unknown = text(&run(&["route", "--wallet", "alipay", wx], None));
    assert_eq!(
        unknown,
        format!(
            "unknown: no registry fact says whether alipay pays wechat-pay codes\nsource: none in the registry\n{wx}\n"
        )
    );
    let page = text(&run(
        &[
            "route",
            "--wallet",
            "wechat-pay",
            "https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456",
        ],
        None,
    ));
    assert!(page.starts_with("pays: wechat-pay opens the chinaums page, which takes the payment\nundated, secondary: "), "{page}");
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
        // Only the echo of the input may show the appended template. The echo is masked: the
        // unreadable payload's leading 20 digits are a digit run of a code's length, a
        // credential whoever issued it (spec/masking.md, MASK-RUN-1).
        let echo = paycode::mask::masked(APPENDED).to_string();
        let shown = text(&out).replace(&echo, "").replace(APPENDED, "");
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
        err.contains("59 must be printable ascii (ans), found 'É' (MPM-FMT-2 at byte 103 of the payload written)"),
        "{err}"
    );
}

const CODE: &str = "134556781234567890";
const CPM_B1: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";

/// The output with separators a credential may be dressed in taken out.
fn squeezed(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '\u{200B}' | '\u{FEFF}' | '\u{00A0}')))
        .collect()
}

fn assert_hidden(out: &Output, secret: &str, what: &str) {
    for (name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(stream);
        assert!(
            !text.contains(secret) && !squeezed(stream).contains(secret),
            "{what}: {secret} in {name}: {text}"
        );
    }
}

/// Every way a credential is dressed, in every output: text, JSON, stdin, errors.
#[test]
fn dressed_credentials_are_masked_in_every_output() {
    let numeric = [
        format!(" {CODE}"),
        format!("{CODE}\t"),
        "+6236171220051893816".to_owned(),
        format!("\u{FEFF}{CODE}"),
        "1345 5678 1234 5678 90".to_owned(),
        "1345-5678-1234-5678-90".to_owned(),
        "1345\u{200B}5678\u{200B}1234\u{200B}5678\u{200B}90".to_owned(),
        format!("{CODE}x"),
        format!("\"{CODE}\","),
        format!("付款码 {CODE}"),
        format!("https://qr.alipay.com.example.org/{CODE}"),
    ];
    for input in &numeric {
        let secret = if input.contains("6236") {
            "6236171220051893816"
        } else {
            CODE
        };
        for json in [false, true] {
            let mut args = vec!["decode"];
            if json {
                args.push("--json");
            }
            args.push(input);
            let out = run(&args, None);
            assert_hidden(&out, secret, &format!("{input:?} json={json}"));
            assert!(!out.stdout.is_empty(), "{input:?}");
            // The same through standard input.
            let out = run(
                &args[..args.len() - 1],
                Some(format!("{input}\n").as_bytes()),
            );
            assert_hidden(&out, secret, &format!("stdin {input:?} json={json}"));
        }
        assert_hidden(
            &run(&["route", "--wallet", "unionpay", input], None),
            secret,
            "route",
        );
        assert_hidden(
            &run(&["convert", "--to", "unified", input], None),
            secret,
            "convert",
        );
        assert_hidden(
            &run(&["convert", "--to", "legacy", input], None),
            secret,
            "legacy",
        );
        assert_hidden(&run(&[input], None), secret, "misuse");
    }
    let middle = &CPM_B1[4..CPM_B1.len() - 4];
    for input in [
        format!(" {CPM_B1}"),
        format!("\u{FEFF}{CPM_B1}"),
        format!("<{CPM_B1}>"),
        format!("{CPM_B1}+"),
        CPM_B1.to_owned(),
    ] {
        for args in [vec!["decode"], vec!["decode", "--json"]] {
            let mut a = args.clone();
            a.push(&input);
            let out = run(&a, None);
            assert_hidden(&out, middle, &format!("{input:?} {args:?}"));
            assert_hidden(&out, "1234567890123458", &format!("{input:?} {args:?}"));
        }
    }
    // --reveal shows them all.
    let out = run(&["decode", "--json", "--reveal", &format!(" {CODE}")], None);
    assert_eq!(json_lines(&out)[0]["input"], format!(" {CODE}"));
    let out = run(&["route", "--reveal", "--wallet", "unionpay", CODE], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("RTE-CODE-1"));
}

#[test]
fn card_data_nested_in_a_template_is_masked() {
    // 61 {4F, 70 {5A 1234567890123458}}: a PAN inside a template inside the application.
    let nested = "hQVDUFYwMWEVTwegAAAAVVVVcApaCBI0VniQEjRY";
    for json in [false, true] {
        let args: &[&str] = if json {
            &["decode", "--json", nested]
        } else {
            &["decode", nested]
        };
        let out = run(args, None);
        let text = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(
            !text.contains("1234567890123458") && !text.contains("5A08"),
            "{text}"
        );
        assert!(text.contains("<masked>"), "{text}");
    }
    let out = run(&["decode", "--reveal", nested], None);
    assert!(text(&out).contains("1234567890123458"));
}

/// A write end of a pipe whose read end is already closed: every write to it fails with
/// EPIPE, as for `paycode ... | head -c1` once `head` has gone.
fn closed_pipe() -> Stdio {
    let mut reader = Command::new(tool())
        .arg("--help")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let write_end = reader.stdin.take().unwrap();
    // The child never reads its stdin; once it exits, no read end is left open.
    reader.wait().unwrap();
    Stdio::from(write_end)
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let cases: &[(&[&str], i32)] = &[
        (&["--help"], 0),
        (&["decode", PROMPTPAY], 0),
        (&[], 0),
        (
            &[
                "route",
                "--wallet",
                "unionpay",
                "HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79",
            ],
            0,
        ),
        (
            &[
                "convert",
                "--to",
                "unified",
                "--name",
                "SHOP",
                "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            ],
            0,
        ),
    ];
    for (args, code) in cases {
        let out = Command::new(tool())
            .args(*args)
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && err.is_empty(),
            "{args:?}: {err}"
        );
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {err}");
    }
    // convert --to legacy, with the payload made by convert --to unified.
    let unified = run(
        &[
            "convert",
            "--to",
            "unified",
            "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
        ],
        None,
    );
    let payload = text(&unified).trim_end().to_owned();
    let out = Command::new(tool())
        .args(["convert", "--to", "legacy", &payload])
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

/// The peak resident memory of a running process, in KiB (`VmHWM`).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[cfg(target_os = "linux")]
fn an_over_long_line_is_skipped_without_being_held() {
    use std::io::{BufRead, BufReader};
    const LONG: usize = 64 << 20;
    let mut child = Command::new(tool())
        .args(["decode", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The line is made on the fly: the test holds 1 MiB of it at a time.
    let writer = std::thread::spawn(move || {
        let block = vec![b'7'; 1 << 20];
        for _ in 0..LONG / block.len() {
            stdin.write_all(&block).unwrap();
        }
        stdin.write_all(b"\n").unwrap();
        stdin
            .write_all(format!("{PROMPTPAY}\n").as_bytes())
            .unwrap();
        stdin
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let second: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    // Both lines are answered and the child waits for more: its peak is final for them.
    let peak = peak_kib(child.id()).expect("VmHWM of the running child");
    drop(writer.join().unwrap());
    assert!(lines.next().is_none());
    let status = child.wait().unwrap();
    assert_eq!(first["ok"], false);
    assert_eq!(first["error"]["rule"], "MPM-LIM-1");
    assert_eq!(
        second["ok"], true,
        "the short line after the long one is decoded"
    );
    assert_eq!(second["issuers"], serde_json::json!(["promptpay"]));
    assert_eq!(status.code(), Some(1));
    assert!(
        peak < 32 * 1024,
        "peak resident memory {peak} KiB for a 64 MiB line"
    );
}

/// Every JSON object says what a Chinese scanner calls the code; wrappers show what they
/// carry, UnionPay and e-CNY codes their institution, Alipay+ codes their objects.
#[test]
fn decode_json_names_the_scan_kind_and_what_a_wrapper_carries() {
    let apl = "HTTPS://QR.SAMPLEDOMAIN.COM/MPM/3/R1BMRDA5NVBMVlMwMDIwMUNEU0QwMzMwMTE0U0FNUExFUExBVEZPUk0wMjExU0FNUExFTUVSSURDSVJEMDM5MDExMlNBTVBMRUlTU1VFUjAyMDIxMjAzMTNNSU5JUFJPR1JBTUlE";
    let inputs = [
        (
            "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            "unionpay",
        ),
        (
            "https://qr.95516.com/48020000/34ZZ2401011234567890123456",
            "unionpay",
        ),
        (
            "https://qr.chinaums.com/bills/qrCode.do?id=34ZZ2401011234567890123456",
            "aggregated",
        ),
        (
            "https://qr.pbcdci.cn/002030000000000000000000000000000000001",
            "e-cny",
        ),
        (apl, "other-wallet"),
        (PROMPTPAY, "emv"),
        ("134556781234567890", "consumer"),
        ("hello", "unknown"),
    ];
    let args: Vec<&str> = ["decode", "--json"]
        .into_iter()
        .chain(inputs.iter().map(|(i, _)| *i))
        .collect();
    let json = json_lines(&run(&args, None));
    for (v, (input, kind)) in json.iter().zip(inputs) {
        assert_eq!(v["scan_kind"], *kind, "{input}");
    }
    assert_eq!(
        json[0]["issuers"],
        serde_json::json!(["unionpay", "wechat-pay"])
    );
    assert_eq!(
        json[0]["fields"]["inner"]["code"],
        "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"
    );
    assert_eq!(json[0]["fields"]["inner"]["scan_kind"], "wechat");
    assert_eq!(
        json[1]["issuers"],
        serde_json::json!(["unionpay", "chinaums"])
    );
    assert_eq!(json[1]["fields"]["institution"], "48020000");
    assert_eq!(json[3]["fields"]["institution"], "002");
    assert_eq!(json[4]["form"], "alipay-plus");
    assert_eq!(json[4]["issuers"], serde_json::json!(["alipay-plus"]));
    assert_eq!(json[4]["fields"]["domain"], "QR.SAMPLEDOMAIN.COM");
    assert!(json[4]["fields"]["objects"].as_array().unwrap().len() >= 2);
}

/// What an outside attack found: file names are shown masked, a line cut at the tool's limit is
/// never echoed (the cut could split a credential), a full disk is a failure and a directory no
/// file of codes, and an input cannot send control sequences to the terminal.
#[test]
fn names_cut_lines_full_disks_and_terminals() {
    let code = "134556781234567890";
    let out = run(&["decode", "--file", code], None);
    assert_eq!(out.status.code(), Some(2));
    assert_hidden(&out, code, "a missing file named as a code");
    let dir = std::env::temp_dir();
    let out = run(&["decode", "--file", dir.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &["qr", "-o", &format!("/nonexistent/{code}.png"), "x"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_hidden(&out, code, "an unwritable output named as a code");
    let out = run(&["qr", "-o", "/nonexistent/x.jpg", "x"], None);
    assert_eq!(out.status.code(), Some(2), "no format for .jpg");
    // 15 of 16 digits of a code at the cut: not shown.
    let mut line = "x".repeat(65_521);
    line.push_str(" 6212345678901234\n");
    let out = run(&["decode", "--json"], Some(line.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    assert_hidden(&out, "621234567890123", "a line cut at the limit");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["input"], "");
    let out = run(&["decode"], Some(line.as_bytes()));
    assert_hidden(&out, "621234567890123", "a line cut at the limit, as text");
    // An escape sequence is shown escaped.
    let out = run(&["decode"], Some(b"abc\x1b[31mRED\n"));
    assert!(!out.stdout.contains(&0x1b), "raw escape in the anatomy");
    // A full disk.
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(tool())
            .args([
                "decode",
                "--json",
                "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
            ])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
    }
}
