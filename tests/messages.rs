//! The text of every error and violation, asserted verbatim: `Display` is public API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::mpm::{LengthUnit, ParseOptions, Payload};

/// The payload of a vector of `spec/vectors/mpm.jsonl`, by ID.
fn vector(id: &str) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/vectors/mpm.jsonl"
    ))
    .unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["id"] == id {
            return v["payload"].as_str().unwrap().to_owned();
        }
    }
    panic!("no vector {id}");
}

#[track_caller]
fn error(s: &str) -> String {
    Payload::parse(s).unwrap_err().to_string()
}

#[track_caller]
fn violations(id: &str) -> Vec<String> {
    let s = vector(id);
    Payload::parse(&s)
        .unwrap()
        .validate()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn reading_errors() {
    assert_eq!(
        error(&"0".repeat(5000)),
        "input is 5000 bytes long, more than the 4096 this reader accepts (MPM-LIM-1 at byte 4096)"
    );
    assert_eq!(
        Payload::parse_bytes(b"0002\xc3").unwrap_err().to_string(),
        "input is not utf-8 text (MPM-UTF-1 at byte 4)"
    );
    assert_eq!(
        error("000201010"),
        "data object header cut short: expected 4 characters, found 3 (MPM-TLV-1 at byte 6)"
    );
    assert_eq!(
        error("0002010X02"),
        "data object id must be two digits, found 'X' (MPM-TLV-1 at byte 7)"
    );
    assert_eq!(
        error("000201010-"),
        "length of 01 must be two digits, found '-' (MPM-TLV-1 at byte 9)"
    );
    assert_eq!(
        error("000201020599"),
        "value of 02 needs 5 characters, only 2 left (MPM-TLV-2 at byte 10)"
    );
    assert_eq!(
        ParseOptions::new()
            .length_unit(LengthUnit::Bytes)
            .parse("0002010102北")
            .unwrap_err()
            .to_string(),
        "value of 01 ends inside a multi-byte character (MPM-TLV-2 at byte 10)"
    );
    assert_eq!(
        error(&vector("derived-crc-missing")),
        "no crc object: expected 6304 followed by 4 hex digits (MPM-CRC-1 at byte 252)"
    );
    assert_eq!(
        error(&vector("emv-public-133")),
        "36 byte(s) after the crc object, which must end the payload (MPM-CRC-4 at byte 224)"
    );
    assert_eq!(
        error("0002016304XYZW"),
        "crc value must be 4 hex digits, found 'X' (MPM-CRC-2 at byte 10)"
    );
    assert_eq!(
        error("0002016304ABCD"),
        "crc mismatch: computed AAE6, payload says ABCD (MPM-CRC-2 at byte 10)"
    );
}

#[test]
fn conformance_violations() {
    let cases: &[(&str, &[&str])] = &[
        (
            "derived-crc-lower",
            &["crc a13a must be written in upper-case hex (MPM-CRC-3 at byte 252)"],
        ),
        (
            "derived-empty-city",
            &["value of 60 is empty: lengths run from 01 to 99 (MPM-TLV-3 at byte 110)"],
        ),
        (
            "emv-public-038",
            &[
                "mandatory object 52 is missing (MPM-PRS-1 at byte 0)",
                "mandatory object 59 is missing (MPM-PRS-1 at byte 0)",
                "mandatory object 60 is missing (MPM-PRS-1 at byte 0)",
            ],
        ),
        (
            "derived-no-account",
            &[
                "no merchant account information: expected at least one of 02-51 (MPM-MAI-1 at byte 0)",
            ],
        ),
        (
            "derived-duplicate-root-59",
            &["object 59 appears more than once (MPM-DUP-1 at byte 110)"],
        ),
        (
            "emv-public-128",
            &[
                "payload format indicator (00) must be the first object, found 01 (MPM-ORD-1 at byte 0)",
            ],
        ),
        (
            "emv-public-008",
            &["52 must be digits only, found 'x' (MPM-FMT-1 at byte 82)"],
        ),
        (
            "derived-name-non-ascii",
            &["59 must be printable ascii (ans), found 'Ö' (MPM-FMT-2 at byte 107)"],
        ),
        (
            "derived-postal-code-long",
            &["61 must be 1 to 10 characters long, found 11 (MPM-LEN-1 at byte 121)"],
        ),
        (
            "derived-mcc-short",
            &["52 must be exactly 4 characters long, found 3 (MPM-LEN-1 at byte 78)"],
        ),
        ("derived-pfi-02", &["00 must be 01 (MPM-PFI-1 at byte 0)"]),
        (
            "derived-poi-13",
            &["01 must be 11 (static) or 12 (dynamic) (MPM-POI-1 at byte 6)"],
        ),
        (
            "derived-adf-not-template",
            &["62 is not a well-formed template (MPM-TPL-1 at byte 183)"],
        ),
        (
            "derived-gui-missing",
            &["mandatory object 91.00 is missing (MPM-GUI-1 at byte 216)"],
        ),
        (
            "derived-currency-000",
            &["currency 000 is not an iso 4217 code (MPM-CCY-1 at byte 166)"],
        ),
        (
            "derived-amount-two-points",
            &["54 must be a decimal amount: digits with at most one '.' (MPM-AMT-1 at byte 157)"],
        ),
        (
            "derived-fee-zero",
            &["56 must be a non-zero amount (MPM-AMT-1 at byte 179)"],
        ),
        (
            "derived-tip-04",
            &[
                "55 must be 01 (prompt for tip), 02 (fixed fee) or 03 (percentage fee) (MPM-TIP-1 at byte 173)",
            ],
        ),
        (
            "emv-public-129",
            &["56 is required when 55 is 02 (MPM-TIP-2 at byte 173)"],
        ),
        (
            "derived-tip-percentage-100",
            &["57 must be a percentage from 00.01 to 99.99 (MPM-TIP-3 at byte 179)"],
        ),
        (
            "derived-country-lower",
            &["country \"cn\" is not an iso 3166-1 alpha-2 code (MPM-CTY-1 at byte 86)"],
        ),
        (
            "derived-consumer-request-twice",
            &["62.09 must be letters A, M and E, each at most once (MPM-ADF-1 at byte 210)"],
        ),
        (
            "derived-channel-location-4",
            &[
                "62.11 must be a channel code: media 0-7, location 0-3, presence 0-3 (MPM-ADF-2 at byte 216)",
            ],
        ),
        (
            "derived-language-digit",
            &["64.00 must be a two-letter ISO 639-1 language code (MPM-LNG-1 at byte 125)"],
        ),
        (
            "derived-root-rfu-70",
            &["70 is reserved for future use and must not be present (MPM-RFU-1 at byte 157)"],
        ),
    ];
    for (id, want) in cases {
        assert_eq!(violations(id), *want, "vector {id}");
    }
    let big = violations("emv-public-093");
    assert_eq!(
        big.last().unwrap(),
        "payload is 513 bytes long, more than the 512 the standard allows (MPM-SIZE-1 at byte 512)"
    );
    let fees = violations("emv-public-062");
    assert!(
        fees.contains(&"56 must be absent unless 55 is 02 (MPM-TIP-2 at byte 62)".to_owned()),
        "{fees:?}"
    );
}

#[test]
fn findings_expose_rule_offset_and_kind() {
    let e = Payload::parse("0002016304ABCD").unwrap_err();
    assert_eq!((e.rule().id(), e.offset()), ("MPM-CRC-2", 10));
    assert_eq!(
        e.kind(),
        paycode::mpm::ErrorKind::CrcMismatch {
            expected: 0xAAE6,
            found: 0xABCD
        }
    );
    // A rule is matched as a variant, printed as its ID.
    assert_eq!(e.rule(), paycode::Rule::MpmCrc2);
    assert_eq!(format!("{:?}", e.rule()), "MpmCrc2");
    assert_eq!(e.rule().to_string(), "MPM-CRC-2");
}

#[test]
fn alipay_plus_errors() {
    use paycode::alipay_plus::{AlipayPlusMpm, MAX_DECODED_LEN};
    let e = |s: &str| {
        let mut buf = [0u8; MAX_DECODED_LEN];
        AlipayPlusMpm::parse(s, &mut buf).unwrap_err().to_string()
    };
    let b64 = "https://qr.example.com/MPM/3/";
    assert_eq!(
        e("ftp://qr.example.com/MPM/3/R1BMRDAwMA=="),
        "not an alipay+ merchant code: it must start with https:// (APL-URL-1 at byte 0)"
    );
    assert_eq!(
        e("https://qr.example.com:8443/MPM/3/R1BMRDAwMA=="),
        "not an alipay+ merchant code: a port is not allowed (APL-URL-2 at byte 22)"
    );
    assert_eq!(
        e("https://qr.example.com/MPM/3/R1BMRDAwMA"),
        "not standard base64: missing '=' padding: the length is not a multiple of 4 (APL-B64-1 at byte 39)"
    );
    // "GPLD000\x01" and "GPLD010PLVS00201".
    assert_eq!(
        e(&format!("{b64}R1BMRDAwMAE=")),
        "an alipay+ payload must be printable ascii, found byte 0x01 (APL-CHR-1 at byte 7 of the decoded payload)"
    );
    assert_eq!(
        e(&format!("{b64}R1BMRDAxMFBMVlMwMDIwMQ==")),
        "gpld announces 10 characters, 9 follow (APL-TLV-1 at byte 4 of the decoded payload)"
    );
    // "GPLD009PL-S00201", "GPLD009PLVS00501".
    assert_eq!(
        e(&format!("{b64}R1BMRDAwOVBMLVMwMDIwMQ==")),
        "malformed alipay+ payload: a data object id must be four letters or digits (APL-TLV-2 at byte 9 of the decoded payload)"
    );
    assert_eq!(
        e(&format!("{b64}R1BMRDAwOVBMVlMwMDUwMQ==")),
        "alipay+ value needs 5 characters, only 2 left (APL-TLV-3 at byte 11 of the decoded payload)"
    );
}
