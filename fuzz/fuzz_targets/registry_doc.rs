//! Run-time registry documents (`spec/registry.md`, Run-time registries): any bytes either are
//! refused or load a registry whose lookups never panic, find only issuers that match, and list
//! each issuer at most once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paycode::registry::Registry;

fuzz_target!(|data: &[u8]| {
    let Ok(registry) = serde_json::from_slice::<Registry>(data) else {
        return;
    };
    for code in [
        "771234567890123456",
        "134556781234567890",
        "6236171220051893816",
        "2893612204263667830",
        "1",
    ] {
        let ids: Vec<&str> = registry.numeric_candidates(code).map(|i| i.id()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{code}: an issuer listed twice: {ids:?}");
    }
    let _ = registry.by_guid("cn.paycode.wx");
    let _ = registry.by_aid(&[0xA0, 0, 0, 3, 0x33, 1, 1, 1]);
});
