//! Every string input of the shared conformance vectors (`spec/vectors/*.jsonl`: the keys
//! `payload`, `code` and `input`) decodes through the C ABI into exactly the JSON the library
//! writes for it, and that JSON reads back as the same object.

use std::path::Path;

use paycode::report::Report;
use paycode_ffi::{
    PAYCODE_BUFFER_TOO_SMALL, PAYCODE_OK, PAYCODE_UNREADABLE, paycode_decode, paycode_decode_many,
};

/// Decodes `input` as a C caller would: asks for the size, then decodes into a buffer of it.
fn decode(input: &[u8]) -> (i32, String) {
    let mut written = 0usize;
    // SAFETY: the input is a live slice; no buffer is given, with a length of 0.
    let status = unsafe {
        paycode_decode(
            input.as_ptr(),
            input.len(),
            0,
            std::ptr::null_mut(),
            0,
            &mut written,
        )
    };
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    let mut buf = vec![0u8; written];
    let mut again = 0usize;
    // SAFETY: the input and the buffer are live slices of the lengths given.
    let status = unsafe {
        paycode_decode(
            input.as_ptr(),
            input.len(),
            0,
            buf.as_mut_ptr(),
            buf.len(),
            &mut again,
        )
    };
    assert_eq!(again, written);
    (status, String::from_utf8(buf).expect("the report is UTF-8"))
}

#[test]
fn every_vector_decodes_as_the_library_reports_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("spec/vectors")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut checked = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a vector file");
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            for key in ["payload", "code", "input"] {
                let Some(input) = v.get(key).and_then(|i| i.as_str()) else {
                    continue;
                };
                let r = Report::new(input.as_bytes());
                let expected = serde_json::to_string(&r).expect("the report serializes");
                let (status, got) = decode(input.as_bytes());
                let at = format!("{}:{} ({key})", file.display(), n + 1);
                assert_eq!(got, expected, "{at}");
                let want = if r.ok() {
                    PAYCODE_OK
                } else {
                    PAYCODE_UNREADABLE
                };
                assert_eq!(status, want, "{at}");
                // The text reads back as the object the library serializes, and writing that
                // object again reads back the same. (Compared as values: an error's keys are
                // written rule, offset, location, message, not sorted as a `Value` sorts them.)
                let back: serde_json::Value = serde_json::from_str(&got).expect("JSON");
                assert_eq!(back, serde_json::to_value(&r).expect("the report"), "{at}");
                let again = serde_json::to_string(&back).expect("JSON");
                let reread: serde_json::Value = serde_json::from_str(&again).expect("JSON");
                assert_eq!(reread, back, "{at}");
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} inputs in {}", dir.display());
}

/// Calls `paycode_decode_many` as a C caller would: asks for the size, then decodes into a
/// buffer of it.
fn decode_many(batch: &[u8], reveal: bool) -> String {
    let mut needed = 0usize;
    // SAFETY: the batch is a live slice; no buffer is given, with a length of 0.
    let status = unsafe {
        paycode_decode_many(
            batch.as_ptr(),
            batch.len(),
            i32::from(reveal),
            std::ptr::null_mut(),
            0,
            &mut needed,
        )
    };
    let mut buf = vec![0u8; needed];
    if needed == 0 {
        assert_eq!(status, PAYCODE_OK);
        return String::new();
    }
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    let mut written = 0usize;
    // SAFETY: the batch and the buffer are live slices of the lengths given.
    let status = unsafe {
        paycode_decode_many(
            batch.as_ptr(),
            batch.len(),
            i32::from(reveal),
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        )
    };
    assert_eq!((status, written), (PAYCODE_OK, needed));
    String::from_utf8(buf).expect("the reports are UTF-8")
}

#[test]
fn every_vector_in_one_batch_decodes_as_one_by_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vectors");
    let mut inputs = Vec::new();
    for file in std::fs::read_dir(&dir).expect("spec/vectors") {
        let path = file.expect("a directory entry").path();
        if path.extension().is_none_or(|x| x != "jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a vector file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a vector");
            for key in ["payload", "code", "input"] {
                // A line break inside an input would make it two lines of a batch.
                if let Some(i) = v.get(key).and_then(|i| i.as_str()) {
                    if !i.contains('\n') && !i.ends_with('\r') {
                        inputs.push(i.to_owned());
                    }
                }
            }
        }
    }
    inputs.sort();
    assert!(inputs.len() > 500, "{} inputs", inputs.len());
    for reveal in [false, true] {
        // Each input followed by `\n`, and alternately by `\r\n`.
        let mut batch = Vec::new();
        for (n, i) in inputs.iter().enumerate() {
            batch.extend_from_slice(i.as_bytes());
            batch.extend_from_slice(if n % 2 == 0 { b"\n" } else { b"\r\n" });
        }
        let out = decode_many(&batch, reveal);
        assert!(out.ends_with('\n'));
        let got: Vec<&str> = out.split_terminator('\n').collect();
        assert_eq!(got.len(), inputs.len());
        for (i, line) in inputs.iter().zip(&got) {
            let expected = serde_json::to_string(&Report::new(i.as_bytes()).reveal(reveal))
                .expect("the report serializes");
            assert_eq!(*line, expected, "{i:?}");
        }
    }
}

#[test]
fn a_batch_is_cut_into_lines_as_documented() {
    let one = |i: &[u8]| {
        let r = serde_json::to_string(&Report::new(i)).expect("the report serializes");
        format!("{r}\n")
    };
    let wxp = b"wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L";
    // No input, no line; a lone LF is one empty line.
    assert_eq!(decode_many(b"", false), "");
    assert_eq!(decode_many(b"\n", false), one(b""));
    // The last line needs no LF; a final LF adds no line; a CR at a line's end goes.
    assert_eq!(decode_many(wxp, false), one(wxp));
    let mut crlf = wxp.to_vec();
    crlf.extend_from_slice(b"\r\n\r\n\xff\r");
    assert_eq!(
        decode_many(&crlf, false),
        format!("{}{}{}", one(wxp), one(b""), one(b"\xff"))
    );
    // Only one CR goes; a CR inside a line stays; a NUL is a byte like any other.
    assert_eq!(decode_many(b"a\r\r\nb\rc\n\0", false), {
        format!("{}{}{}", one(b"a\r"), one(b"b\rc"), one(b"\0"))
    });
    // A credential is masked unless revealed, as one by one.
    let masked = decode_many(b"134556781234567890\n", false);
    assert!(masked.contains("1345**********7890") && !masked.contains("134556781234567890"));
    assert!(decode_many(b"134556781234567890\n", true).contains("134556781234567890"));
}
