//! A classic BPF machine with the Linux kernel's semantics, for filtering offline: a load
//! outside the packet rejects it (returns 0), so does a division or modulus by a zero X, shifts
//! use the low five bits of the amount, and the ancillary loads read [`Meta`]. A `ja` whose
//! operand is negative as a signed number jumps back, as in libpcap's `bpf_filter` (the kernel
//! refuses such programs; `protochain` needs them), at most [`MAX_BACKWARD_JUMPS`] times.

use crate::bpf::*;
use crate::validate::backward_target;
use crate::{Insn, Program};

/// How many backward jumps one run may take before the packet is rejected. The kernel runs no
/// backward jump; `protochain`'s loop steps over at least 8 bytes of the packet each time
/// round, so a capture's packets never need more than this, and no program can loop forever.
pub const MAX_BACKWARD_JUMPS: u32 = 1 << 16;

/// Packet metadata that the kernel keeps outside the packet bytes (ancillary data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// The VLAN TCI the kernel stripped from the frame, if any (`SKF_AD_VLAN_TAG`; its
    /// presence is `SKF_AD_VLAN_TAG_PRESENT`).
    pub vlan_tci: Option<u16>,
    /// The TPID of the stripped tag (`SKF_AD_VLAN_TPID`), usually 0x8100.
    pub vlan_tpid: u16,
    /// The packet type (`SKF_AD_PKTTYPE`): 0 host, 1 broadcast, 2 multicast, 3 other host,
    /// 4 outgoing.
    pub pkttype: u8,
    /// The interface index (`SKF_AD_IFINDEX`).
    pub ifindex: u32,
    /// The link-layer protocol in host byte order (`SKF_AD_PROTOCOL`), e.g. 0x0800.
    pub protocol: u16,
    /// The device's ARPHRD type (`SKF_AD_HATYPE`), e.g. 1 for Ethernet.
    pub hatype: u16,
}

#[derive(Clone, Copy, Debug)]
enum Op {
    LdW(u32),
    LdH(u32),
    LdB(u32),
    LdIndW(u32),
    LdIndH(u32),
    LdIndB(u32),
    LdLen,
    LdImm(u32),
    LdMem(usize),
    LdAnc(u32),
    LdxImm(u32),
    LdxMem(usize),
    LdxMsh(u32),
    LdxLen,
    St(usize),
    Stx(usize),
    AddK(u32),
    SubK(u32),
    MulK(u32),
    DivK(u32),
    ModK(u32),
    AndK(u32),
    OrK(u32),
    XorK(u32),
    LshK(u32),
    RshK(u32),
    AddX,
    SubX,
    MulX,
    DivX,
    ModX,
    AndX,
    OrX,
    XorX,
    LshX,
    RshX,
    Neg,
    Ja(usize),
    /// A `ja` back to an earlier instruction (`protochain`'s loop), counted against
    /// [`MAX_BACKWARD_JUMPS`].
    JaBack(usize),
    JeqK(u32, usize, usize),
    JgtK(u32, usize, usize),
    JgeK(u32, usize, usize),
    JsetK(u32, usize, usize),
    JeqX(usize, usize),
    JgtX(usize, usize),
    JgeX(usize, usize),
    JsetX(usize, usize),
    RetK(u32),
    RetA,
    Tax,
    Txa,
    Reject,
    // A load from a constant or X-relative offset fused with the conditional jump on a constant
    // after it, the commonest pair in compiled filters: one dispatch instead of two. Each leaves
    // A as the load would; the jump it absorbs stays in place for jumps that land on it.
    LdWJeq(u32, u32, usize, usize),
    LdHJeq(u32, u32, usize, usize),
    LdBJeq(u32, u32, usize, usize),
    LdWJgt(u32, u32, usize, usize),
    LdHJgt(u32, u32, usize, usize),
    LdBJgt(u32, u32, usize, usize),
    LdWJge(u32, u32, usize, usize),
    LdHJge(u32, u32, usize, usize),
    LdBJge(u32, u32, usize, usize),
    LdWJset(u32, u32, usize, usize),
    LdHJset(u32, u32, usize, usize),
    LdBJset(u32, u32, usize, usize),
    LdIndHJeq(u32, u32, usize, usize),
    LdIndBJeq(u32, u32, usize, usize),
    LdIndHJgt(u32, u32, usize, usize),
    LdIndHJge(u32, u32, usize, usize),
    LdIndWJeq(u32, u32, usize, usize),
    LdIndWJgt(u32, u32, usize, usize),
    LdIndWJge(u32, u32, usize, usize),
    LdIndWJset(u32, u32, usize, usize),
    LdIndHJset(u32, u32, usize, usize),
    LdIndBJgt(u32, u32, usize, usize),
    LdIndBJge(u32, u32, usize, usize),
    LdIndBJset(u32, u32, usize, usize),
}

/// Replaces each load followed by a conditional jump on a constant with one fused op.
fn fuse(ops: &mut [Op]) {
    for i in 0..ops.len().saturating_sub(1) {
        let fused = match (ops[i], ops[i + 1]) {
            (Op::LdW(o), Op::JeqK(k, t, f)) => Op::LdWJeq(o, k, t, f),
            (Op::LdH(o), Op::JeqK(k, t, f)) => Op::LdHJeq(o, k, t, f),
            (Op::LdB(o), Op::JeqK(k, t, f)) => Op::LdBJeq(o, k, t, f),
            (Op::LdW(o), Op::JgtK(k, t, f)) => Op::LdWJgt(o, k, t, f),
            (Op::LdH(o), Op::JgtK(k, t, f)) => Op::LdHJgt(o, k, t, f),
            (Op::LdB(o), Op::JgtK(k, t, f)) => Op::LdBJgt(o, k, t, f),
            (Op::LdW(o), Op::JgeK(k, t, f)) => Op::LdWJge(o, k, t, f),
            (Op::LdH(o), Op::JgeK(k, t, f)) => Op::LdHJge(o, k, t, f),
            (Op::LdB(o), Op::JgeK(k, t, f)) => Op::LdBJge(o, k, t, f),
            (Op::LdW(o), Op::JsetK(k, t, f)) => Op::LdWJset(o, k, t, f),
            (Op::LdH(o), Op::JsetK(k, t, f)) => Op::LdHJset(o, k, t, f),
            (Op::LdB(o), Op::JsetK(k, t, f)) => Op::LdBJset(o, k, t, f),
            (Op::LdIndH(o), Op::JeqK(k, t, f)) => Op::LdIndHJeq(o, k, t, f),
            (Op::LdIndB(o), Op::JeqK(k, t, f)) => Op::LdIndBJeq(o, k, t, f),
            (Op::LdIndH(o), Op::JgtK(k, t, f)) => Op::LdIndHJgt(o, k, t, f),
            (Op::LdIndH(o), Op::JgeK(k, t, f)) => Op::LdIndHJge(o, k, t, f),
            (Op::LdIndW(o), Op::JeqK(k, t, f)) => Op::LdIndWJeq(o, k, t, f),
            (Op::LdIndW(o), Op::JgtK(k, t, f)) => Op::LdIndWJgt(o, k, t, f),
            (Op::LdIndW(o), Op::JgeK(k, t, f)) => Op::LdIndWJge(o, k, t, f),
            (Op::LdIndW(o), Op::JsetK(k, t, f)) => Op::LdIndWJset(o, k, t, f),
            (Op::LdIndH(o), Op::JsetK(k, t, f)) => Op::LdIndHJset(o, k, t, f),
            (Op::LdIndB(o), Op::JgtK(k, t, f)) => Op::LdIndBJgt(o, k, t, f),
            (Op::LdIndB(o), Op::JgeK(k, t, f)) => Op::LdIndBJge(o, k, t, f),
            (Op::LdIndB(o), Op::JsetK(k, t, f)) => Op::LdIndBJset(o, k, t, f),
            _ => continue,
        };
        ops[i] = fused;
    }
}

/// A program decoded once for fast repeated runs (jump targets resolved, opcodes split).
#[derive(Clone, Debug)]
pub struct Machine {
    ops: Vec<Op>,
}

fn decode(insns: &[Insn]) -> Vec<Op> {
    let n = insns.len();
    // A jump past the end lands on a final `Reject`.
    let tgt = |pc: usize, off: u64| -> usize { (pc as u64 + 1 + off).min(n as u64) as usize };
    let mut ops: Vec<Op> = insns
        .iter()
        .enumerate()
        .map(|(pc, i)| {
            let k = i.k;
            let (t, f) = (tgt(pc, u64::from(i.jt)), tgt(pc, u64::from(i.jf)));
            let mem = |k: u32| {
                if (k as usize) < MEMWORDS {
                    Some(k as usize)
                } else {
                    None
                }
            };
            match i.code {
                c if c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS => {
                    if k >= SKF_AD_OFF {
                        Op::LdAnc(k - SKF_AD_OFF)
                    } else if c == LD | W | ABS {
                        Op::LdW(k)
                    } else if c == LD | H | ABS {
                        Op::LdH(k)
                    } else {
                        Op::LdB(k)
                    }
                }
                c if c == LD | W | IND => Op::LdIndW(k),
                c if c == LD | H | IND => Op::LdIndH(k),
                c if c == LD | B | IND => Op::LdIndB(k),
                c if c == LD | W | LEN => Op::LdLen,
                c if c == LD | IMM => Op::LdImm(k),
                c if c == LD | MEM => mem(k).map_or(Op::Reject, Op::LdMem),
                c if c == LDX | W | LEN => Op::LdxLen,
                c if c == LDX | IMM => Op::LdxImm(k),
                c if c == LDX | MEM => mem(k).map_or(Op::Reject, Op::LdxMem),
                c if c == LDX | B | MSH => Op::LdxMsh(k),
                c if c == ST => mem(k).map_or(Op::Reject, Op::St),
                c if c == STX => mem(k).map_or(Op::Reject, Op::Stx),
                c if c == ALU | ADD | K => Op::AddK(k),
                c if c == ALU | SUB | K => Op::SubK(k),
                c if c == ALU | MUL | K => Op::MulK(k),
                c if c == ALU | DIV | K => Op::DivK(k),
                c if c == ALU | MOD | K => Op::ModK(k),
                c if c == ALU | AND | K => Op::AndK(k),
                c if c == ALU | OR | K => Op::OrK(k),
                c if c == ALU | XOR | K => Op::XorK(k),
                c if c == ALU | LSH | K => Op::LshK(k & 31),
                c if c == ALU | RSH | K => Op::RshK(k & 31),
                c if c == ALU | ADD | X => Op::AddX,
                c if c == ALU | SUB | X => Op::SubX,
                c if c == ALU | MUL | X => Op::MulX,
                c if c == ALU | DIV | X => Op::DivX,
                c if c == ALU | MOD | X => Op::ModX,
                c if c == ALU | AND | X => Op::AndX,
                c if c == ALU | OR | X => Op::OrX,
                c if c == ALU | XOR | X => Op::XorX,
                c if c == ALU | LSH | X => Op::LshX,
                c if c == ALU | RSH | X => Op::RshX,
                c if c == ALU | NEG => Op::Neg,
                c if c == JMP | JA => match backward_target(pc, k) {
                    Some(t) if t >= 0 => Op::JaBack(t as usize),
                    Some(_) => Op::Reject,
                    None => Op::Ja(tgt(pc, u64::from(k))),
                },
                c if c == JMP | JEQ | K => Op::JeqK(k, t, f),
                c if c == JMP | JGT | K => Op::JgtK(k, t, f),
                c if c == JMP | JGE | K => Op::JgeK(k, t, f),
                c if c == JMP | JSET | K => Op::JsetK(k, t, f),
                c if c == JMP | JEQ | X => Op::JeqX(t, f),
                c if c == JMP | JGT | X => Op::JgtX(t, f),
                c if c == JMP | JGE | X => Op::JgeX(t, f),
                c if c == JMP | JSET | X => Op::JsetX(t, f),
                c if c == RET | K => Op::RetK(k),
                c if c == RET | A => Op::RetA,
                c if c == MISC | TAX => Op::Tax,
                c if c == MISC | TXA => Op::Txa,
                _ => Op::Reject,
            }
        })
        .collect();
    ops.push(Op::Reject);
    fuse(&mut ops);
    ops
}

#[inline(always)]
fn load(p: &[u8], off: u64, n: usize) -> Option<u32> {
    let off = usize::try_from(off).ok()?;
    let s = p.get(off..off.checked_add(n)?)?;
    Some(match n {
        4 => u32::from_be_bytes([s[0], s[1], s[2], s[3]]),
        2 => u32::from(u16::from_be_bytes([s[0], s[1]])),
        _ => u32::from(s[0]),
    })
}

impl Machine {
    /// Decodes `p` once.
    pub fn new(p: &Program) -> Machine {
        Machine { ops: decode(&p.0) }
    }

    /// Runs the program on `packet` (the captured bytes) whose length on the wire was
    /// `wire_len`; returns the program's result: how many bytes to accept, 0 to reject.
    pub fn run(&self, packet: &[u8], wire_len: u32, meta: &Meta) -> u32 {
        let ops = &self.ops[..];
        let mut a: u32 = 0;
        let mut x: u32 = 0;
        let mut m = [0u32; MEMWORDS];
        let mut pc = 0usize;
        let mut back = 0u32;
        macro_rules! ld {
            ($off:expr, $n:expr) => {
                match load(packet, $off, $n) {
                    Some(v) => v,
                    None => return 0,
                }
            };
        }
        // A fused load and jump: load, then jump on a test of the loaded value.
        macro_rules! ldj {
            ($off:expr, $n:expr, |$v:ident| $test:expr, $t:expr, $f:expr) => {{
                a = ld!($off, $n);
                let $v = a;
                pc = if $test { $t } else { $f };
            }};
        }
        loop {
            let Some(op) = ops.get(pc) else { return 0 };
            pc += 1;
            match *op {
                Op::LdW(k) => a = ld!(u64::from(k), 4),
                Op::LdH(k) => a = ld!(u64::from(k), 2),
                Op::LdB(k) => a = ld!(u64::from(k), 1),
                Op::LdIndW(k) => a = ld!(u64::from(x) + u64::from(k), 4),
                Op::LdIndH(k) => a = ld!(u64::from(x) + u64::from(k), 2),
                Op::LdIndB(k) => a = ld!(u64::from(x) + u64::from(k), 1),
                Op::LdLen => a = wire_len,
                Op::LdImm(k) => a = k,
                Op::LdMem(i) => a = m[i],
                Op::LdAnc(off) => {
                    a = match off {
                        SKF_AD_PROTOCOL => u32::from(meta.protocol),
                        SKF_AD_PKTTYPE => u32::from(meta.pkttype),
                        SKF_AD_IFINDEX => meta.ifindex,
                        SKF_AD_HATYPE => u32::from(meta.hatype),
                        SKF_AD_VLAN_TAG => u32::from(meta.vlan_tci.unwrap_or(0)),
                        SKF_AD_VLAN_TAG_PRESENT => u32::from(meta.vlan_tci.is_some()),
                        SKF_AD_VLAN_TPID => u32::from(meta.vlan_tpid),
                        40 => a ^ x,
                        o if o < SKF_AD_MAX && o % 4 == 0 => 0,
                        _ => return 0,
                    }
                }
                Op::LdxImm(k) => x = k,
                Op::LdxMem(i) => x = m[i],
                Op::LdxMsh(k) => x = (ld!(u64::from(k), 1) & 0xf) << 2,
                Op::LdxLen => x = wire_len,
                Op::St(i) => m[i] = a,
                Op::Stx(i) => m[i] = x,
                Op::AddK(k) => a = a.wrapping_add(k),
                Op::SubK(k) => a = a.wrapping_sub(k),
                Op::MulK(k) => a = a.wrapping_mul(k),
                Op::DivK(k) => match a.checked_div(k) {
                    Some(v) => a = v,
                    None => return 0,
                },
                Op::ModK(k) => match a.checked_rem(k) {
                    Some(v) => a = v,
                    None => return 0,
                },
                Op::AndK(k) => a &= k,
                Op::OrK(k) => a |= k,
                Op::XorK(k) => a ^= k,
                Op::LshK(k) => a <<= k,
                Op::RshK(k) => a >>= k,
                Op::AddX => a = a.wrapping_add(x),
                Op::SubX => a = a.wrapping_sub(x),
                Op::MulX => a = a.wrapping_mul(x),
                Op::DivX => match a.checked_div(x) {
                    Some(v) => a = v,
                    None => return 0,
                },
                Op::ModX => match a.checked_rem(x) {
                    Some(v) => a = v,
                    None => return 0,
                },
                Op::AndX => a &= x,
                Op::OrX => a |= x,
                Op::XorX => a ^= x,
                Op::LshX => a <<= x & 31,
                Op::RshX => a >>= x & 31,
                Op::Neg => a = a.wrapping_neg(),
                Op::Ja(t) => pc = t,
                Op::JaBack(t) => {
                    back += 1;
                    if back > MAX_BACKWARD_JUMPS {
                        return 0;
                    }
                    pc = t;
                }
                Op::JeqK(k, t, f) => pc = if a == k { t } else { f },
                Op::JgtK(k, t, f) => pc = if a > k { t } else { f },
                Op::JgeK(k, t, f) => pc = if a >= k { t } else { f },
                Op::JsetK(k, t, f) => pc = if a & k != 0 { t } else { f },
                Op::JeqX(t, f) => pc = if a == x { t } else { f },
                Op::JgtX(t, f) => pc = if a > x { t } else { f },
                Op::JgeX(t, f) => pc = if a >= x { t } else { f },
                Op::JsetX(t, f) => pc = if a & x != 0 { t } else { f },
                Op::RetK(k) => return k,
                Op::RetA => return a,
                Op::Tax => x = a,
                Op::Txa => a = x,
                Op::Reject => return 0,
                Op::LdWJeq(o, k, t, f) => ldj!(u64::from(o), 4, |v| v == k, t, f),
                Op::LdHJeq(o, k, t, f) => ldj!(u64::from(o), 2, |v| v == k, t, f),
                Op::LdBJeq(o, k, t, f) => ldj!(u64::from(o), 1, |v| v == k, t, f),
                Op::LdWJgt(o, k, t, f) => ldj!(u64::from(o), 4, |v| v > k, t, f),
                Op::LdHJgt(o, k, t, f) => ldj!(u64::from(o), 2, |v| v > k, t, f),
                Op::LdBJgt(o, k, t, f) => ldj!(u64::from(o), 1, |v| v > k, t, f),
                Op::LdWJge(o, k, t, f) => ldj!(u64::from(o), 4, |v| v >= k, t, f),
                Op::LdHJge(o, k, t, f) => ldj!(u64::from(o), 2, |v| v >= k, t, f),
                Op::LdBJge(o, k, t, f) => ldj!(u64::from(o), 1, |v| v >= k, t, f),
                Op::LdWJset(o, k, t, f) => ldj!(u64::from(o), 4, |v| v & k != 0, t, f),
                Op::LdHJset(o, k, t, f) => ldj!(u64::from(o), 2, |v| v & k != 0, t, f),
                Op::LdBJset(o, k, t, f) => ldj!(u64::from(o), 1, |v| v & k != 0, t, f),
                Op::LdIndHJeq(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 2, |v| v == k, t, f),
                Op::LdIndBJeq(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 1, |v| v == k, t, f),
                Op::LdIndHJgt(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 2, |v| v > k, t, f),
                Op::LdIndHJge(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 2, |v| v >= k, t, f),
                Op::LdIndWJeq(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 4, |v| v == k, t, f),
                Op::LdIndWJgt(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 4, |v| v > k, t, f),
                Op::LdIndWJge(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 4, |v| v >= k, t, f),
                Op::LdIndWJset(o, k, t, f) => {
                    ldj!(u64::from(x) + u64::from(o), 4, |v| v & k != 0, t, f)
                }
                Op::LdIndHJset(o, k, t, f) => {
                    ldj!(u64::from(x) + u64::from(o), 2, |v| v & k != 0, t, f)
                }
                Op::LdIndBJgt(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 1, |v| v > k, t, f),
                Op::LdIndBJge(o, k, t, f) => ldj!(u64::from(x) + u64::from(o), 1, |v| v >= k, t, f),
                Op::LdIndBJset(o, k, t, f) => {
                    ldj!(u64::from(x) + u64::from(o), 1, |v| v & k != 0, t, f)
                }
            }
        }
    }
}

/// Runs `p` on one packet. `packet` holds the captured bytes, `wire_len` the length on the
/// wire (what `len` and `ld #pktlen` see); returns the accept length, 0 for reject.
///
/// This interprets the instructions as they are, without allocating; [`Machine`] decodes a
/// program once and is the faster choice for many packets.
pub fn run(p: &Program, packet: &[u8], wire_len: u32, meta: &Meta) -> u32 {
    let insns = &p.0[..];
    let mut a: u32 = 0;
    let mut x: u32 = 0;
    let mut m = [0u32; MEMWORDS];
    let mut pc = 0usize;
    let mut back = 0u32;
    macro_rules! ld {
        ($off:expr, $n:expr) => {
            match load(packet, $off, $n) {
                Some(v) => v,
                None => return 0,
            }
        };
    }
    loop {
        let Some(i) = insns.get(pc) else { return 0 };
        pc += 1;
        let k = i.k;
        let code = i.code;
        match class(code) {
            LD | LDX => {
                let v = match mode(code) {
                    ABS if code & 0x01 == 0 => {
                        if k >= SKF_AD_OFF {
                            match k - SKF_AD_OFF {
                                SKF_AD_PROTOCOL => u32::from(meta.protocol),
                                SKF_AD_PKTTYPE => u32::from(meta.pkttype),
                                SKF_AD_IFINDEX => meta.ifindex,
                                SKF_AD_HATYPE => u32::from(meta.hatype),
                                SKF_AD_VLAN_TAG => u32::from(meta.vlan_tci.unwrap_or(0)),
                                SKF_AD_VLAN_TAG_PRESENT => u32::from(meta.vlan_tci.is_some()),
                                SKF_AD_VLAN_TPID => u32::from(meta.vlan_tpid),
                                40 => a ^ x,
                                o if o < SKF_AD_MAX && o % 4 == 0 => 0,
                                _ => return 0,
                            }
                        } else {
                            match size(code) {
                                W => ld!(u64::from(k), 4),
                                H => ld!(u64::from(k), 2),
                                B => ld!(u64::from(k), 1),
                                _ => return 0,
                            }
                        }
                    }
                    IND if code & 0x01 == 0 => {
                        let off = u64::from(x) + u64::from(k);
                        match size(code) {
                            W => ld!(off, 4),
                            H => ld!(off, 2),
                            B => ld!(off, 1),
                            _ => return 0,
                        }
                    }
                    LEN if size(code) == W => wire_len,
                    IMM if code == LD | IMM || code == LDX | IMM => k,
                    MEM if size(code) == W => match m.get(k as usize) {
                        Some(&v) => v,
                        None => return 0,
                    },
                    MSH if code == LDX | B | MSH => (ld!(u64::from(k), 1) & 0xf) << 2,
                    _ => return 0,
                };
                if class(code) == LD {
                    a = v;
                } else {
                    x = v;
                }
            }
            ST | STX => {
                if code != ST && code != STX {
                    return 0;
                }
                let Some(slot) = m.get_mut(k as usize) else {
                    return 0;
                };
                *slot = if code == ST { a } else { x };
            }
            ALU => {
                if code == ALU | NEG {
                    a = a.wrapping_neg();
                    continue;
                }
                let v = match src(code) {
                    K => k,
                    _ => x,
                };
                a = match op(code) {
                    ADD => a.wrapping_add(v),
                    SUB => a.wrapping_sub(v),
                    MUL => a.wrapping_mul(v),
                    DIV => match a.checked_div(v) {
                        Some(r) => r,
                        None => return 0,
                    },
                    MOD => match a.checked_rem(v) {
                        Some(r) => r,
                        None => return 0,
                    },
                    AND => a & v,
                    OR => a | v,
                    XOR => a ^ v,
                    LSH => a << (v & 31),
                    RSH => a >> (v & 31),
                    _ => return 0,
                };
            }
            JMP => {
                if code == JMP | JA {
                    match backward_target(pc - 1, k) {
                        Some(t) if t >= 0 => {
                            back += 1;
                            if back > MAX_BACKWARD_JUMPS {
                                return 0;
                            }
                            pc = t as usize;
                        }
                        Some(_) => return 0,
                        None => pc = pc.saturating_add(k as usize),
                    }
                    continue;
                }
                let v = if src(code) == K { k } else { x };
                let taken = match op(code) {
                    JEQ => a == v,
                    JGT => a > v,
                    JGE => a >= v,
                    JSET => a & v != 0,
                    _ => return 0,
                };
                pc += if taken { i.jt as usize } else { i.jf as usize };
            }
            RET => {
                return match rval(code) {
                    K => k,
                    A => a,
                    _ => return 0,
                };
            }
            _ => match code {
                c if c == MISC | TAX => x = a,
                c if c == MISC | TXA => a = x,
                _ => return 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insn(code: u16, jt: u8, jf: u8, k: u32) -> Insn {
        Insn { code, jt, jf, k }
    }

    /// A jump that lands on the second instruction of a fused load-and-jump pair runs that
    /// jump alone, on the A it arrives with; entering at the load runs both.
    #[test]
    fn jumps_into_a_fused_pair_skip_its_load() {
        let p = Program(vec![
            insn(LD | IMM, 0, 0, 0x800),
            insn(JMP | JEQ | K, 0, 1, 1), // A != 1: on to 3, skipping the load at 2
            insn(LD | H | ABS, 0, 0, 12), // fused with 3
            insn(JMP | JEQ | K, 0, 1, 0x800),
            insn(RET | K, 0, 0, 1),
            insn(RET | K, 0, 0, 0),
        ]);
        let m = Machine::new(&p);
        assert!(matches!(m.ops[2], Op::LdHJeq(12, 0x800, 4, 5)));
        let mut ipv6 = [0u8; 20];
        ipv6[12..14].copy_from_slice(&[0x86, 0xdd]);
        assert_eq!(m.run(&ipv6, 20, &Meta::default()), 1);
        assert_eq!(run(&p, &ipv6, 20, &Meta::default()), 1);

        // The same pair entered at its load tests the packet, and a short packet is rejected.
        let q = Program(p.0[2..].to_vec());
        let m = Machine::new(&q);
        assert_eq!(m.run(&ipv6, 20, &Meta::default()), 0);
        let mut ipv4 = ipv6;
        ipv4[12..14].copy_from_slice(&[0x08, 0x00]);
        assert_eq!(m.run(&ipv4, 20, &Meta::default()), 1);
        assert_eq!(m.run(&ipv4[..13], 13, &Meta::default()), 0);
    }
}
