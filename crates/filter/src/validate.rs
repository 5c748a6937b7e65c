//! The Linux kernel's checks on a classic BPF program (`bpf_check_classic()` and
//! `check_load_and_stores()` in `net/core/filter.c`), so a program can be known to attach
//! with `SO_ATTACH_FILTER` before it is tried.

use crate::bpf::*;
use crate::Program;

/// Why the kernel would refuse a program.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// No instructions, or more than 4096 (`BPF_MAXINSNS`).
    #[error("program length {0} is outside 1..=4096")]
    Length(usize),
    /// An opcode the kernel does not know.
    #[error("instruction {pc}: opcode 0x{code:x} is not allowed")]
    BadOpcode {
        /// Index of the instruction.
        pc: usize,
        /// The opcode.
        code: u16,
    },
    /// Division or modulus by the constant zero.
    #[error("instruction {0}: division by constant zero")]
    DivByZero(usize),
    /// A constant shift by 32 or more.
    #[error("instruction {0}: shift by 32 or more")]
    BadShift(usize),
    /// A scratch memory index of 16 or more.
    #[error("instruction {0}: scratch memory index out of range")]
    BadMemIndex(usize),
    /// A jump past the end (jumps are always forward in classic BPF).
    #[error("instruction {0}: jump out of range")]
    BadJump(usize),
    /// A `ja` back to an earlier instruction (the loop of `protochain`): libpcap runs it in
    /// user space, the kernel refuses it.
    #[error("instruction {0}: a backward jump (protochain's loop), which the kernel refuses")]
    BackwardJump(usize),
    /// An absolute load at an ancillary offset the kernel does not know.
    #[error("instruction {0}: unknown ancillary load offset")]
    BadAncillary(usize),
    /// The last instruction is not a return.
    #[error("the last instruction is not a return")]
    NoReturn,
    /// A scratch memory word read on some path before any store to it.
    #[error("instruction {0}: scratch memory read before it is written")]
    ReadBeforeWrite(usize),
}

/// Whether the kernel's opcode table (`chk_code_allowed`) has `code`.
pub(crate) fn code_allowed(code: u16) -> bool {
    const ALU_OPS: [u16; 10] = [ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, LSH, RSH];
    if class(code) == ALU {
        if code == ALU | NEG {
            return true;
        }
        return ALU_OPS
            .iter()
            .any(|&o| code == ALU | o | K || code == ALU | o | X);
    }
    matches!(
        code,
        c if c == LD | W | ABS
            || c == LD | H | ABS
            || c == LD | B | ABS
            || c == LD | W | LEN
            || c == LD | W | IND
            || c == LD | H | IND
            || c == LD | B | IND
            || c == LD | IMM
            || c == LD | MEM
            || c == LDX | W | LEN
            || c == LDX | B | MSH
            || c == LDX | IMM
            || c == LDX | MEM
            || c == ST
            || c == STX
            || c == MISC | TAX
            || c == MISC | TXA
            || c == RET | K
            || c == RET | A
            || c == JMP | JA
            || c == JMP | JEQ | K
            || c == JMP | JEQ | X
            || c == JMP | JGE | K
            || c == JMP | JGE | X
            || c == JMP | JGT | K
            || c == JMP | JGT | X
            || c == JMP | JSET | K
            || c == JMP | JSET | X
    )
}

/// The ancillary offsets the kernel accepts (`bpf_anc_helper`).
fn known_ancillary(k: u32) -> bool {
    k >= SKF_AD_OFF && (k - SKF_AD_OFF) % 4 == 0 && k - SKF_AD_OFF < SKF_AD_MAX
}

/// Checks `p` with the kernel's rules for classic BPF socket filters: length 1..=4096, only
/// known opcodes, no constant division by zero or shift by 32 or more, scratch indexes below 16,
/// every jump forward and inside the program, only known ancillary loads, a return at the end,
/// and no scratch word read on any path before a store to it.
pub fn validate(p: &Program) -> Result<(), ValidationError> {
    check(p, false)
}

/// Checks `p` with the rules of a user-space machine ([`crate::Machine`], libpcap's
/// `bpf_validate` for userland): those of [`validate()`], except that a `ja` may jump back to
/// an earlier instruction (`protochain` compiles to such a loop; the machine bounds how often
/// it goes round). A program that passes this and fails [`validate()`] with
/// [`ValidationError::BackwardJump`] must be run in user space.
pub fn validate_user(p: &Program) -> Result<(), ValidationError> {
    check(p, true)
}

/// The target of the `ja` at `pc` whose operand, read as signed (as libpcap's `bpf_filter`
/// reads it), goes back: `None` for a forward jump.
pub(crate) fn backward_target(pc: usize, k: u32) -> Option<i64> {
    let off = k as i32;
    (off < 0).then(|| pc as i64 + 1 + i64::from(off))
}

fn check(p: &Program, user: bool) -> Result<(), ValidationError> {
    let insns = &p.0;
    let flen = insns.len();
    if flen == 0 || flen > 4096 {
        return Err(ValidationError::Length(flen));
    }
    for (pc, f) in insns.iter().enumerate() {
        if !code_allowed(f.code) {
            return Err(ValidationError::BadOpcode { pc, code: f.code });
        }
        let c = f.code;
        if c == ALU | DIV | K || c == ALU | MOD | K {
            if f.k == 0 {
                return Err(ValidationError::DivByZero(pc));
            }
        } else if c == ALU | LSH | K || c == ALU | RSH | K {
            if f.k >= 32 {
                return Err(ValidationError::BadShift(pc));
            }
        } else if c == LD | MEM || c == LDX | MEM || c == ST || c == STX {
            if f.k >= MEMWORDS as u32 {
                return Err(ValidationError::BadMemIndex(pc));
            }
        } else if c == JMP | JA {
            if let Some(t) = backward_target(pc, f.k) {
                if t < 0 {
                    return Err(ValidationError::BadJump(pc));
                }
                if !user {
                    return Err(ValidationError::BackwardJump(pc));
                }
            } else if u64::from(f.k) >= (flen - pc - 1) as u64 {
                return Err(ValidationError::BadJump(pc));
            }
        } else if class(c) == JMP {
            if pc + f.jt as usize + 1 >= flen || pc + f.jf as usize + 1 >= flen {
                return Err(ValidationError::BadJump(pc));
            }
        } else if (c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS)
            && f.k >= SKF_AD_OFF
            && !known_ancillary(f.k)
        {
            return Err(ValidationError::BadAncillary(pc));
        }
    }
    if !matches!(insns[flen - 1].code, c if c == RET | K || c == RET | A) {
        return Err(ValidationError::NoReturn);
    }
    // check_load_and_stores: one bit per scratch word, valid on every path to here.
    let mut masks = vec![0xffffu16; flen];
    let mut memvalid: u16 = 0;
    for (pc, f) in insns.iter().enumerate() {
        memvalid &= masks[pc];
        let c = f.code;
        if c == ST || c == STX {
            memvalid |= 1 << f.k;
        } else if c == LD | MEM || c == LDX | MEM {
            if memvalid & (1 << f.k) == 0 {
                return Err(ValidationError::ReadBeforeWrite(pc));
            }
        } else if c == JMP | JA {
            // A backward jump (user space only) goes to code already checked: the loop body
            // must then have stored what it reads, which the forward pass has seen.
            if backward_target(pc, f.k).is_none() {
                masks[pc + 1 + f.k as usize] &= memvalid;
            }
            memvalid = 0xffff;
        } else if class(c) == JMP {
            masks[pc + 1 + f.jt as usize] &= memvalid;
            masks[pc + 1 + f.jf as usize] &= memvalid;
            memvalid = 0xffff;
        }
    }
    Ok(())
}
