//! Well-formed expressions generated from the input: compile, check with the kernel's rules,
//! and run on a few packets with both interpreters, which must agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_filter::{
    compile, run, testgen, validate_user, CompileTarget, Machine, Meta, NoResolver, Options,
};

const PACKETS: &[&[u8]] = &[
    // Ethernet, IPv4, TCP SYN 10.0.0.1:80 -> 10.0.0.2:443
    &[
        0, 0x66, 0x77, 0x88, 0x99, 0xaa, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x00, 0x45, 0, 0,
        40, 0x12, 0x34, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 80, 1, 187, 0, 0, 0, 1, 0,
        0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
    ],
    // VLAN 10, IPv6 UDP
    &[
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x81, 0x00, 0, 10,
        0x86, 0xdd, 0x60, 0, 0, 0, 0, 8, 17, 64, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 53, 0, 53, 0, 8, 0, 0,
    ],
    // ARP
    &[
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x08, 0x06, 0, 1, 8,
        0, 6, 4, 0, 1, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2,
    ],
    // A runt
    &[1, 2, 3],
];

fuzz_target!(|data: &[u8]| {
    let e = testgen::expression(data);
    let flags = data.last().copied().unwrap_or(0);
    let opts = Options {
        linktype: if flags & 1 == 0 { 1 } else { 276 },
        target: if flags & 2 == 0 {
            CompileTarget::Offline
        } else {
            CompileTarget::LiveLinux
        },
        optimize: flags & 4 == 0,
        netmask: Some(0xffff_ff00),
        ..Options::default()
    };
    if let Ok(p) = compile(&e, &opts, &NoResolver) {
        assert!(validate_user(&p).is_ok(), "{e}");
        let m = Machine::new(&p);
        let meta = Meta {
            vlan_tci: Some(10),
            vlan_tpid: 0x8100,
            pkttype: 4,
            ifindex: 2,
            protocol: 0x0800,
            hatype: 1,
        };
        for pkt in PACKETS {
            assert_eq!(
                m.run(pkt, pkt.len() as u32, &meta),
                run(&p, pkt, pkt.len() as u32, &meta)
            );
        }
    }
});
