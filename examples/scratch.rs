//! scratch
use paycode::mpm::{LengthUnit, ParseOptions};
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let s = v["payload"].as_str().unwrap();
        let mut o = ParseOptions::new();
        if v["options"]["length_unit"] == "bytes" {
            o = o.length_unit(LengthUnit::Bytes);
        }
        if v["options"]["trim_line_end"] == true {
            o = o.trim_line_end(true);
        }
        let out = match o.parse(s) {
            Err(e) => {
                serde_json::json!({"error": e.rule().id(), "offset": e.offset(), "msg": e.to_string()})
            }
            Ok(p) => {
                let mut r: Vec<&str> = p.validate().iter().map(|v| v.rule().id()).collect();
                r.sort();
                r.dedup();
                serde_json::json!({"violations": r, "msgs": p.validate().iter().map(|v| v.to_string()).collect::<Vec<_>>()})
            }
        };
        println!("{out}");
    }
}
