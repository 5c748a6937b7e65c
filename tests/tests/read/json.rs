//! `promisc read --json`: one object per packet and line, each with its schema and only keys
//! that docs/json.md documents. Needs no privileges.

use crate::common::{assert_documented, bin};
use promisc_testkit::packets::{ethernet_packets, sll2_packets, write_pcap};
use promisc_testkit::temp::TempDir;
use serde_json::Value;
use std::process::Command;

#[test]
fn read_json_lines_carry_their_schema_and_documented_keys() {
    let dir = TempDir::new("read-json");
    for (linktype, pkts) in [(1, ethernet_packets()), (276, sll2_packets())] {
        let file = dir.path(&format!("lt{linktype}.pcap"));
        write_pcap(&file, linktype, &pkts);
        let o = Command::new(bin())
            .args(["read", "--json", "-r"])
            .arg(&file)
            .output()
            .expect("promisc read");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8(o.stdout).expect("UTF-8");
        assert_eq!(
            out.lines().count(),
            pkts.len(),
            "one line per packet: {out}"
        );
        for l in out.lines() {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            assert_eq!(v["schema"], 1, "{l}");
            assert_documented("packet", &v);
        }
    }
}
