//! Classic BPF opcodes and the Linux ancillary-data offsets.

// Instruction classes.
pub(crate) const LD: u16 = 0x00;
pub(crate) const LDX: u16 = 0x01;
pub(crate) const ST: u16 = 0x02;
pub(crate) const STX: u16 = 0x03;
pub(crate) const ALU: u16 = 0x04;
pub(crate) const JMP: u16 = 0x05;
pub(crate) const RET: u16 = 0x06;
pub(crate) const MISC: u16 = 0x07;

// Sizes.
pub(crate) const W: u16 = 0x00;
pub(crate) const H: u16 = 0x08;
pub(crate) const B: u16 = 0x10;

// Modes.
pub(crate) const IMM: u16 = 0x00;
pub(crate) const ABS: u16 = 0x20;
pub(crate) const IND: u16 = 0x40;
pub(crate) const MEM: u16 = 0x60;
pub(crate) const LEN: u16 = 0x80;
pub(crate) const MSH: u16 = 0xa0;

// ALU operations.
pub(crate) const ADD: u16 = 0x00;
pub(crate) const SUB: u16 = 0x10;
pub(crate) const MUL: u16 = 0x20;
pub(crate) const DIV: u16 = 0x30;
pub(crate) const OR: u16 = 0x40;
pub(crate) const AND: u16 = 0x50;
pub(crate) const LSH: u16 = 0x60;
pub(crate) const RSH: u16 = 0x70;
pub(crate) const NEG: u16 = 0x80;
pub(crate) const MOD: u16 = 0x90;
pub(crate) const XOR: u16 = 0xa0;

// Jumps.
pub(crate) const JA: u16 = 0x00;
pub(crate) const JEQ: u16 = 0x10;
pub(crate) const JGT: u16 = 0x20;
pub(crate) const JGE: u16 = 0x30;
pub(crate) const JSET: u16 = 0x40;

// Sources.
pub(crate) const K: u16 = 0x00;
pub(crate) const X: u16 = 0x08;
pub(crate) const A: u16 = 0x10;

// MISC operations.
pub(crate) const TAX: u16 = 0x00;
pub(crate) const TXA: u16 = 0x80;

/// Scratch memory words.
pub(crate) const MEMWORDS: usize = 16;

/// Base of the Linux ancillary-data offsets (`SKF_AD_OFF`, -4096).
pub(crate) const SKF_AD_OFF: u32 = 0xffff_f000;
pub(crate) const SKF_AD_PROTOCOL: u32 = 0;
pub(crate) const SKF_AD_PKTTYPE: u32 = 4;
pub(crate) const SKF_AD_IFINDEX: u32 = 8;
/// The device type (`SKF_AD_HATYPE`).
pub(crate) const SKF_AD_HATYPE: u32 = 28;
pub(crate) const SKF_AD_VLAN_TAG: u32 = 44;
pub(crate) const SKF_AD_VLAN_TAG_PRESENT: u32 = 48;
pub(crate) const SKF_AD_VLAN_TPID: u32 = 60;
/// One past the last ancillary offset the kernel knows (`SKF_AD_MAX`).
pub(crate) const SKF_AD_MAX: u32 = 64;

pub(crate) const fn class(code: u16) -> u16 {
    code & 0x07
}
pub(crate) const fn size(code: u16) -> u16 {
    code & 0x18
}
pub(crate) const fn mode(code: u16) -> u16 {
    code & 0xe0
}
pub(crate) const fn op(code: u16) -> u16 {
    code & 0xf0
}
pub(crate) const fn src(code: u16) -> u16 {
    code & 0x08
}
pub(crate) const fn rval(code: u16) -> u16 {
    code & 0x18
}
pub(crate) const fn miscop(code: u16) -> u16 {
    code & 0xf8
}
