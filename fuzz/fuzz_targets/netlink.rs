//! Every netlink parser of promisc-facts on arbitrary bytes: none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_facts::{fdb, link, nlmsg, nsid, packet_diag};

fuzz_target!(|data: &[u8]| {
    for m in nlmsg::messages(data).flatten() {
        let _ = link::parse_link(m.payload);
        let _ = packet_diag::parse_packet_diag(m.payload);
        let _ = fdb::parse_fdb(m.payload);
        let _ = fdb::parse_bridge_fdb(m.payload);
        let _ = nsid::parse_nsid(m.payload);
        let _ = nlmsg::error_code(m.payload);
    }
    let _ = link::parse_link(data);
    let _ = packet_diag::parse_packet_diag(data);
    let _ = fdb::parse_fdb(data);
    let _ = fdb::parse_bridge_fdb(data);
    let _ = nsid::parse_nsid(data);
});
