//! `doctor --host`'s reading of `nft -j list ruleset` on arbitrary text: parsing and walking
//! the chains for a few ports may fail, never panic or loop.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_doctor::host::nft::Ruleset;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rules) = Ruleset::parse(text) {
        for port in ["vnet0", "vnet1", "tap100i0", "lo"] {
            let _ = rules.source_drop(port, Some("br0"));
            let _ = rules.source_drop(port, None);
        }
    }
});
