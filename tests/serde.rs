//! The JSON shape of a parsed payload and of findings, and deserializing through the parser.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use paycode::mpm::Payload;
use serde_json::json;

const PP: &str = "00020101021129370016A000000677010111011300668912345675802TH5303764630429C1";

#[test]
fn payload_serializes_to_the_documented_shape() {
    let p = Payload::parse(PP).unwrap();
    let v = serde_json::to_value(p).unwrap();
    assert_eq!(
        v,
        json!({
            "payload": PP,
            "objects": [
                {"id": "00", "name": "Payload Format Indicator", "value": "01"},
                {"id": "01", "name": "Point of Initiation Method", "value": "11"},
                {"id": "29", "name": "Merchant Account Information (template)",
                 "value": "0016A00000067701011101130066891234567",
                 "objects": [
                    {"id": "00", "name": "Globally Unique Identifier", "value": "A000000677010111"},
                    {"id": "01", "name": "Payment network specific", "value": "0066891234567"}
                 ]},
                {"id": "58", "name": "Country Code", "value": "TH"},
                {"id": "53", "name": "Transaction Currency", "value": "764"},
                {"id": "63", "name": "CRC", "value": "29C1"}
            ]
        })
    );
}

#[test]
fn deserializing_goes_through_the_parser() {
    let map_json = format!("{{\"payload\": \"{PP}\", \"objects\": []}}");
    let from_map: Payload<'_> = serde_json::from_str(&map_json).unwrap();
    assert_eq!(from_map.as_str(), PP);
    let str_json = format!("\"{PP}\"");
    let from_str: Payload<'_> = serde_json::from_str(&str_json).unwrap();
    assert_eq!(from_str, from_map);

    // A wrong CRC does not deserialize, whatever the rest of the map says.
    let bad = PP.replace("29C1", "29C2");
    let err = serde_json::from_str::<Payload<'_>>(&format!("\"{bad}\"")).unwrap_err();
    assert!(err.to_string().contains("MPM-CRC-2"), "{err}");
    let err = serde_json::from_str::<Payload<'_>>("{\"objects\": []}").unwrap_err();
    assert!(err.to_string().contains("missing field `payload`"), "{err}");
}

#[test]
fn findings_serialize_as_rule_offset_message() {
    let p = Payload::parse(PP).unwrap();
    let v = serde_json::to_value(p.validate()[0]).unwrap();
    assert_eq!(
        v,
        json!({"rule": "MPM-PRS-1", "offset": 0, "location": "input", "message": "mandatory object 52 is missing"})
    );
    let e = Payload::parse("0002016304ABCD").unwrap_err();
    assert_eq!(
        serde_json::to_value(e).unwrap(),
        json!({"rule": "MPM-CRC-2", "offset": 10, "location": "input", "message": "crc mismatch: computed AAE6, payload says ABCD"})
    );
    // A BER error of a base64 payload is located in the decoded bytes; a buffer too small
    // names no rule.
    let mut buf = [0u8; 16];
    let e = paycode::cpm::Cpm::decode("YQA=", &mut buf).unwrap_err();
    assert_eq!(serde_json::to_value(e).unwrap()["location"], "decoded");
    let e = paycode::cpm::Cpm::decode("hQVDUFYwMQ==", &mut buf[..2]).unwrap_err();
    assert_eq!(
        serde_json::to_value(e).unwrap(),
        json!({"rule": null, "message": "buffer too small: need 7 bytes, have 2"})
    );
}

#[test]
fn round_trip_through_json() {
    for s in [
        PP,
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A",
    ] {
        let p = Payload::parse(s).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        let back: Payload<'_> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
    }
}

#[test]
fn legacy_codes_serialize_with_kind_issuers_and_inner() {
    let c = paycode::legacy::LegacyCode::parse(
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L",
    )
    .unwrap();
    let v = serde_json::to_value(c).unwrap();
    assert_eq!(v["form"], "unionpay-gateway");
    assert_eq!(v["scan_kind"], "unionpay");
    assert_eq!(v["issuers"], serde_json::json!(["unionpay", "wechat-pay"]));
    assert_eq!(
        v["inner"]["code"],
        "wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L"
    );
    assert_eq!(v["inner"]["scan_kind"], "wechat");
    assert_eq!(v["inner"]["inner"], serde_json::Value::Null);
    let e = paycode::legacy::LegacyCode::parse(
        "https://qr.pbcdci.cn/002030000000000000000000000000000000001",
    )
    .unwrap();
    let v = serde_json::to_value(e).unwrap();
    assert_eq!(
        (v["scan_kind"].as_str(), v["institution"].as_str()),
        (Some("e-cny"), Some("002"))
    );
}

/// Two 26 templates, a 62 with two 50 templates inside, and a second 62: each object shows the
/// children of its own span, never those of the first object with its ID.
#[test]
fn repeated_templates_show_their_own_children() {
    const DUP: &str = "00020126110001X0102A126110001X0102B2623050110001G0102N150110001G0102N262070503BBB5802CN6304D7EF";
    let p = Payload::parse(DUP).unwrap();
    let v = serde_json::to_value(p).unwrap();
    let objects = v["objects"].as_array().unwrap();
    let child = |i: usize, j: usize| objects[i]["objects"][j]["value"].clone();
    assert_eq!((child(1, 1), child(2, 1)), (json!("A1"), json!("B2")));
    let adf = &objects[3]["objects"];
    assert_eq!(adf[0]["objects"][1]["value"], "N1");
    assert_eq!(adf[1]["objects"][1]["value"], "N2");
    assert_eq!(objects[4]["objects"][0]["value"], "BBB");
    assert_eq!(objects[4]["objects"].as_array().unwrap().len(), 1);
}

/// The owned values: the borrowed shapes, and reading from owned strings through the readers.
#[cfg(feature = "alloc")]
mod owned {
    use super::PP;
    use paycode::alipay_plus::AlipayPlusMpmBuf;
    use paycode::cpm::CpmBuf;
    use paycode::legacy::{LegacyCode, LegacyCodeBuf};
    use paycode::mpm::{Payload, PayloadBuf};
    use paycode::numeric::NumericCodeBuf;
    use serde_json::json;

    const WRAPPER: &str = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=wxp%3A%2F%2Ff2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    const CPM: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
    const APLUS: &str = "https://qr.example.com/MPM/3/R1BMRDAwMA==";

    /// JSON text for `s` with every character written as a `\u` escape: a deserializer can
    /// only hand such a string over as an owned one.
    fn escaped(s: &str) -> String {
        let mut out = String::from("\"");
        for unit in s.encode_utf16() {
            out.push_str(&format!("\\u{unit:04x}"));
        }
        out.push('"');
        out
    }

    #[test]
    fn an_owned_payload_has_the_borrowed_shape_and_reads_from_owned_strings() {
        let view = Payload::parse(PP).unwrap();
        let owned = view.into_owned();
        let v = serde_json::to_value(&owned).unwrap();
        assert_eq!(v, serde_json::to_value(view).unwrap());
        // Back from a `Value`, whose strings are owned: the borrowed Payload cannot do this.
        assert_eq!(serde_json::from_value::<PayloadBuf>(v).unwrap(), owned);
        assert_eq!(
            serde_json::from_value::<PayloadBuf>(json!(PP)).unwrap(),
            owned
        );
        assert_eq!(
            serde_json::from_str::<PayloadBuf>(&escaped(PP)).unwrap(),
            owned
        );
        let map = format!("{{\"objects\": [], \"payload\": {}}}", escaped(PP));
        assert_eq!(serde_json::from_str::<PayloadBuf>(&map).unwrap(), owned);
        assert!(serde_json::from_str::<Payload<'_>>(&escaped(PP)).is_err());
    }

    #[test]
    fn an_owned_payload_deserializes_only_through_the_reader() {
        let bad = PP.replace("29C1", "29C2");
        let err = serde_json::from_value::<PayloadBuf>(json!(bad)).unwrap_err();
        assert!(err.to_string().contains("MPM-CRC-2"), "{err}");
        let err = serde_json::from_value::<PayloadBuf>(json!({"payload": bad})).unwrap_err();
        assert!(err.to_string().contains("MPM-CRC-2"), "{err}");
        let err = serde_json::from_value::<PayloadBuf>(json!({"objects": []})).unwrap_err();
        assert!(err.to_string().contains("missing field `payload`"), "{err}");
        let twice = format!("{{\"payload\": \"{PP}\", \"payload\": \"{PP}\"}}");
        let err = serde_json::from_str::<PayloadBuf>(&twice).unwrap_err();
        assert!(
            err.to_string().contains("duplicate field `payload`"),
            "{err}"
        );
        assert!(serde_json::from_value::<PayloadBuf>(json!(42)).is_err());
    }

    #[test]
    fn an_owned_legacy_code_has_the_borrowed_shape_and_reads_back() {
        let view = LegacyCode::parse(WRAPPER).unwrap();
        let owned = view.into_owned();
        let v = serde_json::to_value(&owned).unwrap();
        assert_eq!(v, serde_json::to_value(view).unwrap());
        assert_eq!(v["form"], "unionpay-gateway");
        assert_eq!(v["inner"]["form"], "wechat-f2f0");
        assert_eq!(serde_json::from_value::<LegacyCodeBuf>(v).unwrap(), owned);
        assert_eq!(
            serde_json::from_str::<LegacyCodeBuf>(&escaped(WRAPPER)).unwrap(),
            owned
        );
        let err = serde_json::from_value::<LegacyCodeBuf>(json!(
            "https://qr.alipay.com.example.org/stx05107r5oaa4fyofbkh24"
        ))
        .unwrap_err();
        assert!(err.to_string().contains("LEG-HOST-1"), "{err}");
        let err =
            serde_json::from_value::<LegacyCodeBuf>(json!({"form": "alipay-qr"})).unwrap_err();
        assert!(err.to_string().contains("missing field `code`"), "{err}");
    }

    #[test]
    fn numeric_consumer_and_alipay_plus_codes_read_from_their_text() {
        let n: NumericCodeBuf = serde_json::from_str(&escaped("120061098828009406")).unwrap();
        assert_eq!(n.as_str(), "120061098828009406");
        let err = serde_json::from_value::<NumericCodeBuf>(json!("99")).unwrap_err();
        assert!(err.to_string().contains("NUM-LEN-1"), "{err}");
        assert!(
            serde_json::from_value::<NumericCodeBuf>(json!({"code": "120061098828009406"}))
                .is_err()
        );

        let c: CpmBuf = serde_json::from_str(&escaped(CPM)).unwrap();
        assert_eq!(c.as_str(), CPM);
        let err = serde_json::from_value::<CpmBuf>(json!("hQVDUFYwMQ")).unwrap_err();
        assert!(err.to_string().contains("CPM-B64-1"), "{err}");

        let a: AlipayPlusMpmBuf = serde_json::from_value(json!(APLUS)).unwrap();
        assert_eq!(a.as_view().payload(), "GPLD000");
        let err = serde_json::from_value::<AlipayPlusMpmBuf>(json!(
            "https://qr.example.com/mpm/3/R1BMRDAwMA=="
        ))
        .unwrap_err();
        assert!(err.to_string().contains("APL-URL-3"), "{err}");
    }
}

/// A payment code stored as a JSON number is refused without its digits in the error, and a
/// payload given twice is refused.
#[test]
fn credentials_never_reach_deserialization_errors_and_payloads_are_unique() {
    let e = serde_json::from_str::<paycode::numeric::NumericCodeBuf>("120061098828009406")
        .unwrap_err()
        .to_string();
    assert!(
        !e.contains("120061098828009406") && !e.contains("1.2006"),
        "{e}"
    );
    let e = serde_json::from_str::<paycode::numeric::NumericCodeBuf>("1.200610988280094e17")
        .unwrap_err()
        .to_string();
    assert!(!e.contains("1.2006") && !e.contains("120061"), "{e}");
    let twice = format!(
        r#"{{"payload":"{}","payload":"{PP}"}}"#,
        paycode::mpm::SPEC_EXAMPLE
    );
    let e = serde_json::from_str::<Payload<'_>>(&twice)
        .unwrap_err()
        .to_string();
    assert!(e.contains("duplicate field"), "{e}");
}
