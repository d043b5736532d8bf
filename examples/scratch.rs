//! scratch
use paycode::mpm::Payload;
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        if v["mode"] != "MPM" { continue; }
        let s = v["payload"].as_str().unwrap();
        let cat = v["category"].as_str().unwrap();
        match Payload::parse(s) {
            Err(e) => println!("{cat:15} ERR {e}"),
            Ok(p) => { let vs = p.validate(); println!("{cat:15} {:?}\n{:15} {:?}", v["issues"], "", vs.iter().map(|v| v.to_string()).collect::<Vec<_>>()) }
        };
    }
}
