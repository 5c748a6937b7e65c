//! The classic BPF instruction, as the kernel takes it (`struct sock_filter`): what the filter
//! compiler produces and what `SO_ATTACH_FILTER` attaches, one type for both.

/// One classic BPF instruction (`struct sock_filter`, `linux/filter.h`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Insn {
    /// The opcode.
    pub code: u16,
    /// Instructions to skip when the condition holds.
    pub jt: u8,
    /// Instructions to skip when it does not.
    pub jf: u8,
    /// The operand.
    pub k: u32,
}
