//! Run-time registries through the C ABI: loading `spec/registry.json` attributes every vector
//! as the built-in tables do; a document of its own attributes as the library's
//! `Report::registry` does, one by one and in a batch, from several threads at once; broken
//! documents are refused with why, and no handle is made.

use std::path::Path;

use paycode::registry::Registry;
use paycode::report::Report;
use paycode_ffi::{
    PAYCODE_BUFFER_TOO_SMALL, PAYCODE_INVALID_ARGUMENT, PAYCODE_OK, PAYCODE_UNREADABLE,
    PaycodeRegistry, paycode_decode, paycode_registry_decode, paycode_registry_decode_many,
    paycode_registry_free, paycode_registry_load,
};
use serde_json::Value;

/// A loaded handle, freed when dropped.
struct Handle(*mut PaycodeRegistry);

// SAFETY: the ABI documents a registry as immutable and shareable across threads; the test
// below relies on exactly that.
unsafe impl Send for Handle {}
// SAFETY: as above.
unsafe impl Sync for Handle {}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: a live handle from paycode_registry_load, freed once.
        unsafe { paycode_registry_free(self.0) }
    }
}

/// Loads a document: the handle, or the status and the error's JSON.
fn load(doc: &[u8]) -> Result<Handle, (i32, String)> {
    let mut handle = std::ptr::dangling_mut::<PaycodeRegistry>();
    let mut buf = vec![0u8; 4096];
    let mut written = usize::MAX;
    // SAFETY: the document, the handle and the buffer are live.
    let status = unsafe {
        paycode_registry_load(
            doc.as_ptr(),
            doc.len(),
            &mut handle,
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        )
    };
    if status == PAYCODE_OK {
        assert_eq!(written, 0);
        assert!(!handle.is_null());
        return Ok(Handle(handle));
    }
    assert!(handle.is_null(), "no handle for a refused document");
    buf.truncate(written.min(buf.len()));
    Err((status, String::from_utf8(buf).expect("UTF-8")))
}

/// Decodes through a registry (NULL: the built-in tables) with the size asked for first.
fn decode(registry: *const PaycodeRegistry, input: &[u8]) -> String {
    let mut needed = 0usize;
    // SAFETY: the registry is NULL or live; the input is a live slice.
    let status = unsafe {
        paycode_registry_decode(
            registry,
            input.as_ptr(),
            input.len(),
            0,
            std::ptr::null_mut(),
            0,
            &mut needed,
        )
    };
    assert_eq!(status, PAYCODE_BUFFER_TOO_SMALL);
    let mut buf = vec![0u8; needed];
    let mut written = 0usize;
    // SAFETY: as above, and the buffer is live.
    let status = unsafe {
        paycode_registry_decode(
            registry,
            input.as_ptr(),
            input.len(),
            0,
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        )
    };
    assert!(status == PAYCODE_OK || status == PAYCODE_UNREADABLE);
    assert_eq!(written, needed);
    String::from_utf8(buf).expect("UTF-8")
}

fn decode_many(registry: *const PaycodeRegistry, batch: &[u8]) -> String {
    let mut needed = 0usize;
    // SAFETY: the registry is NULL or live; the batch is a live slice.
    unsafe {
        paycode_registry_decode_many(
            registry,
            batch.as_ptr(),
            batch.len(),
            0,
            std::ptr::null_mut(),
            0,
            &mut needed,
        )
    };
    let mut buf = vec![0u8; needed];
    let mut written = 0usize;
    // SAFETY: as above, and the buffer is live.
    let status = unsafe {
        paycode_registry_decode_many(
            registry,
            batch.as_ptr(),
            batch.len(),
            0,
            buf.as_mut_ptr(),
            buf.len(),
            &mut written,
        )
    };
    assert_eq!((status, written), (PAYCODE_OK, needed));
    String::from_utf8(buf).expect("UTF-8")
}

fn root(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// Every string input of the vectors.
fn inputs() -> Vec<String> {
    let mut out = Vec::new();
    for file in std::fs::read_dir(root("spec/vectors")).expect("spec/vectors") {
        let path = file.expect("a directory entry").path();
        if path.extension().is_none_or(|x| x != "jsonl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a vector file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value = serde_json::from_str(line).expect("a vector");
            for key in ["payload", "code", "input"] {
                if let Some(i) = v.get(key).and_then(Value::as_str) {
                    out.push(i.to_owned());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The test document the Java and Go tests load too (moves WeChat Pay's `13` codes to a
/// campus card).
const DOC: &str = include_str!("registry-doc.json");

#[test]
fn the_registrys_own_file_attributes_as_the_built_in_tables() {
    let doc = std::fs::read(root("spec/registry.json")).expect("spec/registry.json");
    let handle = load(&doc).expect("spec/registry.json loads");
    let inputs = inputs();
    assert!(inputs.len() > 300);
    for i in &inputs {
        let built_in = decode(std::ptr::null(), i.as_bytes());
        assert_eq!(decode(handle.0, i.as_bytes()), built_in, "{i:?}");
        // NULL is the built-in tables: what paycode_decode writes.
        let mut buf = vec![0u8; built_in.len()];
        let mut written = 0usize;
        // SAFETY: the input and the buffer are live.
        unsafe {
            paycode_decode(
                i.as_ptr(),
                i.len(),
                0,
                buf.as_mut_ptr(),
                buf.len(),
                &mut written,
            )
        };
        assert_eq!(buf, built_in.as_bytes(), "{i:?}");
    }
}

#[test]
fn a_document_attributes_as_the_librarys_report_does() {
    let handle = load(DOC.as_bytes()).expect("the document loads");
    let library: Registry = serde_json::from_str(DOC).expect("the library reads it");
    let mut inputs = inputs();
    inputs.extend(
        [
            "134556781234567890",
            "104556781234567890",
            "771234567890123456",
        ]
        .map(str::to_owned),
    );
    let mut batch = String::new();
    let mut expected = String::new();
    let mut changed = 0;
    for i in &inputs {
        let want = serde_json::to_string(&Report::new(i.as_bytes()).registry(&library))
            .expect("the report serializes");
        let got = decode(handle.0, i.as_bytes());
        assert_eq!(got, want, "{i:?}");
        if got != decode(std::ptr::null(), i.as_bytes()) {
            changed += 1;
        }
        if !i.contains('\n') && !i.ends_with('\r') {
            batch.push_str(i);
            batch.push('\n');
            expected.push_str(&want);
            expected.push('\n');
        }
    }
    // The document moved some codes from WeChat Pay to the campus card.
    assert!(changed > 0);
    let r: Value = serde_json::from_str(&decode(handle.0, b"134556781234567890")).expect("JSON");
    assert_eq!(r["issuers"], serde_json::json!(["campus-card"]));
    assert_eq!(decode_many(handle.0, batch.as_bytes()), expected);

    // One registry, eight threads at once: each gets what one gets.
    let (batch, shared) = (batch.as_bytes(), &handle);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..3 {
                    assert_eq!(decode_many(shared.0, batch), expected);
                }
            });
        }
    });
}

#[test]
fn broken_documents_are_refused_with_why() {
    for doc in [
        &b""[..],
        b"{",
        b"[1, 2]",
        br#"{"version": "1"}"#,
        br#"{"issuers": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#,
        br#"{"issuers": [{"id": "Bad", "name": "A"}]}"#,
        br#"{"issuers": [{"id": "a", "name": "A", "numeric": [{"prefixes": ["1x"], "lengths": [18]}]}]}"#,
        br#"{"issuers": [{"id": "a", "name": "A", "cpm_aids": [{"aid": "A0000003"}]}]}"#,
    ] {
        let shown = String::from_utf8_lossy(doc);
        let Err((status, e)) = load(doc) else {
            panic!("{shown} loaded");
        };
        assert_eq!(status, PAYCODE_UNREADABLE, "{shown}");
        let e: Value = serde_json::from_str(&e).expect("the error's JSON");
        assert_eq!(e["location"], "registry", "{shown}");
        assert_eq!(e["rule"], Value::Null, "{shown}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{shown}");
    }
    // Not UTF-8; no place for the handle.
    assert_eq!(
        load(b"{\"issuers\": [\xff]}").err().map(|e| e.0),
        Some(PAYCODE_INVALID_ARGUMENT)
    );
    let mut written = 7usize;
    // SAFETY: the document and `written` are live; the handle's place is NULL on purpose.
    let status = unsafe {
        paycode_registry_load(
            DOC.as_ptr(),
            DOC.len(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
            &mut written,
        )
    };
    assert_eq!(status, PAYCODE_INVALID_ARGUMENT);
    assert_eq!(
        written, 0,
        "an invalid argument leaves *written 0, as the header says"
    );
    // The error's size is asked for like any result's; a valid document needs no buffer.
    let mut handle = std::ptr::null_mut();
    // SAFETY: the document, the handle and `written` are live; no buffer.
    let status = unsafe {
        paycode_registry_load(
            b"{".as_ptr(),
            1,
            &mut handle,
            std::ptr::null_mut(),
            0,
            &mut written,
        )
    };
    assert!(status == PAYCODE_BUFFER_TOO_SMALL && written > 0 && handle.is_null());
    // SAFETY: as above.
    let status = unsafe {
        paycode_registry_load(
            DOC.as_ptr(),
            DOC.len(),
            &mut handle,
            std::ptr::null_mut(),
            0,
            &mut written,
        )
    };
    assert_eq!((status, written), (PAYCODE_OK, 0));
    drop(Handle(handle));
    // Freeing NULL does nothing.
    // SAFETY: NULL is allowed.
    unsafe { paycode_registry_free(std::ptr::null_mut()) };
}

/// serde_json's messages quote what they refuse, and a caller may have put a payment code
/// anywhere in a document: the refusal shows it masked, as every output does.
#[test]
fn a_refused_documents_message_masks_the_credentials_it_quotes() {
    let code = "134556781234567890";
    let cpm = "hQVDUFYwMWEaTwegAAAAAwEBAVcQYjYRcSMARWef";
    for doc in [
        format!(
            r#"{{"issuers": [{{"id": "{code}", "name": "A"}}, {{"id": "{code}", "name": "B"}}]}}"#
        ),
        format!(r#"{{"issuers": [{{"id": "a", "name": "A", "rank": "{code}"}}]}}"#),
        format!(
            r#"{{"issuers": [{{"id": "a", "name": "A", "numeric": [{{"prefixes": ["{code}x"], "lengths": [18]}}]}}]}}"#
        ),
        format!(
            r#"{{"issuers": [{{"id": "a", "name": "A", "mpm_guids": [{{"guid": "{cpm}"}}]}}]}}"#
        ),
        format!(r#"{{"issuers": "{code}"}}"#),
        code.to_owned(),
    ] {
        let Err((status, e)) = load(doc.as_bytes()) else {
            panic!("{doc} loaded");
        };
        assert_eq!(status, PAYCODE_UNREADABLE, "{doc}");
        let e: Value = serde_json::from_str(&e).expect("the error's JSON");
        let message = e["message"].as_str().expect("a message");
        assert!(!message.is_empty(), "{doc}");
        assert!(
            !message.contains(code) && !message.contains(cpm),
            "{doc}: {message}"
        );
    }
}
