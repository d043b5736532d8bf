//! Every string input of the shared conformance vectors (`spec/vectors/*.jsonl`: the keys
//! `payload`, `code` and `input`) decodes through the C ABI into exactly the JSON the library
//! writes for it, and that JSON reads back as the same object.

use std::path::Path;

use paycode::report::Report;
use paycode_ffi::{PAYCODE_BUFFER_TOO_SMALL, PAYCODE_OK, PAYCODE_UNREADABLE, paycode_decode};

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
