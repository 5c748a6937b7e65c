//! Arbitrary programs and packets: the machine never panics, and on programs that pass the
//! kernel's checks both interpreters agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_filter::{run, validate_user, Insn, Machine, Meta, Program};

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let n = usize::from(data[0] % 32);
    let (prog, packet) = data[1..].split_at((n * 8).min(data.len() - 1));
    let insns: Vec<Insn> = prog
        .chunks_exact(8)
        .map(|c| Insn {
            code: u16::from_le_bytes([c[0], c[1]]),
            jt: c[2],
            jf: c[3],
            k: u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
        })
        .collect();
    let p = Program(insns);
    let meta = Meta {
        vlan_tci: packet.first().map(|&b| u16::from(b)),
        vlan_tpid: 0x8100,
        pkttype: 0,
        ifindex: 1,
        protocol: 0x0800,
        hatype: 1,
    };
    let a = run(&p, packet, packet.len() as u32, &meta);
    let b = Machine::new(&p).run(packet, packet.len() as u32, &meta);
    // Programs a user-space machine accepts (backward jumps included) run alike both ways.
    if validate_user(&p).is_ok() {
        assert_eq!(a, b);
    }
});
