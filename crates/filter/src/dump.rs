//! Printing programs exactly as `tcpdump -d`, `-dd` and `-ddd` do, and reading `-ddd` back.

use std::fmt::Write as _;

use crate::bpf::*;
use crate::{Insn, Program};

/// Which of tcpdump's dump formats to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpStyle {
    /// `-d`: one human-readable line per instruction.
    D,
    /// `-dd`: a C array initializer.
    Dd,
    /// `-ddd`: the instruction count, then `code jt jf k` in decimal per line.
    Ddd,
}

/// Errors reading `-ddd` text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseDddError {
    /// The text is empty.
    #[error("empty program text")]
    Empty,
    /// The first line is not an instruction count.
    #[error("line 1: expected the instruction count, found {0:?}")]
    BadCount(String),
    /// An instruction line does not have four decimal fields in range.
    #[error("line {line}: expected \"code jt jf k\", found {text:?}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// The offending text.
        text: String,
    },
    /// The count does not match the number of instruction lines.
    #[error("the count says {expected} instructions but {found} follow")]
    CountMismatch {
        /// The count on the first line.
        expected: usize,
        /// Instruction lines found.
        found: usize,
    },
}

fn ancillary_name(k: u32) -> Option<&'static str> {
    if !(SKF_AD_OFF..SKF_AD_OFF + SKF_AD_MAX).contains(&k) {
        return None;
    }
    Some(match k - SKF_AD_OFF {
        0 => "proto",
        4 => "type",
        8 => "ifidx",
        12 => "nla",
        16 => "nlan",
        20 => "mark",
        24 => "queue",
        28 => "hatype",
        32 => "rxhash",
        36 => "cpu",
        40 => "xor_x",
        44 => "vlan_tci",
        48 => "vlanp",
        52 => "poff",
        56 => "random",
        60 => "vlan_tpid",
        _ => return None,
    })
}

fn abs_operand(k: u32) -> String {
    match ancillary_name(k) {
        Some(n) => format!("[{n}]"),
        None => format!("[{}]", k as i32),
    }
}

/// One instruction as `tcpdump -d` prints it (libpcap's `bpf_image`).
pub(crate) fn image(p: &Insn, n: usize) -> String {
    let k = p.k;
    let ks = k as i32;
    let (op, operand): (&str, String) = match p.code {
        c if c == RET | K => ("ret", format!("#{ks}")),
        c if c == RET | A => ("ret", String::new()),
        c if c == LD | W | ABS => ("ld", abs_operand(k)),
        c if c == LD | H | ABS => ("ldh", abs_operand(k)),
        c if c == LD | B | ABS => ("ldb", abs_operand(k)),
        c if c == LD | W | LEN => ("ld", "#pktlen".to_string()),
        c if c == LD | W | IND => ("ld", format!("[x + {ks}]")),
        c if c == LD | H | IND => ("ldh", format!("[x + {ks}]")),
        c if c == LD | B | IND => ("ldb", format!("[x + {ks}]")),
        c if c == LD | IMM => ("ld", format!("#0x{k:x}")),
        c if c == LDX | IMM => ("ldx", format!("#0x{k:x}")),
        c if c == LDX | MSH | B => ("ldxb", format!("4*([{ks}]&0xf)")),
        c if c == LD | MEM => ("ld", format!("M[{ks}]")),
        c if c == LDX | MEM => ("ldx", format!("M[{ks}]")),
        c if c == ST => ("st", format!("M[{ks}]")),
        c if c == STX => ("stx", format!("M[{ks}]")),
        c if c == JMP | JA => ("ja", format!("{}", (n as i64 + 1 + i64::from(ks)) as i32)),
        c if c == JMP | JGT | K => ("jgt", format!("#0x{k:x}")),
        c if c == JMP | JGE | K => ("jge", format!("#0x{k:x}")),
        c if c == JMP | JEQ | K => ("jeq", format!("#0x{k:x}")),
        c if c == JMP | JSET | K => ("jset", format!("#0x{k:x}")),
        c if c == JMP | JGT | X => ("jgt", "x".to_string()),
        c if c == JMP | JGE | X => ("jge", "x".to_string()),
        c if c == JMP | JEQ | X => ("jeq", "x".to_string()),
        c if c == JMP | JSET | X => ("jset", "x".to_string()),
        c if c == ALU | ADD | X => ("add", "x".to_string()),
        c if c == ALU | SUB | X => ("sub", "x".to_string()),
        c if c == ALU | MUL | X => ("mul", "x".to_string()),
        c if c == ALU | DIV | X => ("div", "x".to_string()),
        c if c == ALU | MOD | X => ("mod", "x".to_string()),
        c if c == ALU | AND | X => ("and", "x".to_string()),
        c if c == ALU | OR | X => ("or", "x".to_string()),
        c if c == ALU | XOR | X => ("xor", "x".to_string()),
        c if c == ALU | LSH | X => ("lsh", "x".to_string()),
        c if c == ALU | RSH | X => ("rsh", "x".to_string()),
        c if c == ALU | ADD | K => ("add", format!("#{ks}")),
        c if c == ALU | SUB | K => ("sub", format!("#{ks}")),
        c if c == ALU | MUL | K => ("mul", format!("#{ks}")),
        c if c == ALU | DIV | K => ("div", format!("#{ks}")),
        c if c == ALU | MOD | K => ("mod", format!("#{ks}")),
        c if c == ALU | AND | K => ("and", format!("#0x{k:x}")),
        c if c == ALU | OR | K => ("or", format!("#0x{k:x}")),
        c if c == ALU | XOR | K => ("xor", format!("#0x{k:x}")),
        c if c == ALU | LSH | K => ("lsh", format!("#{ks}")),
        c if c == ALU | RSH | K => ("rsh", format!("#{ks}")),
        c if c == ALU | NEG => ("neg", String::new()),
        c if c == MISC | TAX => ("tax", String::new()),
        c if c == MISC | TXA => ("txa", String::new()),
        c => ("unimp", format!("0x{c:x}")),
    };
    if class(p.code) == JMP && op_of(p.code) != JA {
        format!(
            "({n:03}) {op:<8} {operand:<16} jt {}\tjf {}",
            n + 1 + p.jt as usize,
            n + 1 + p.jf as usize
        )
    } else {
        format!("({n:03}) {op:<8} {operand}")
    }
}

fn op_of(code: u16) -> u16 {
    op(code)
}

/// Prints `p` exactly as `tcpdump -d`, `-dd` or `-ddd` prints a program (each line ends
/// with a newline).
pub fn dump(p: &Program, style: DumpStyle) -> String {
    let mut out = String::new();
    match style {
        DumpStyle::D => {
            for (i, insn) in p.0.iter().enumerate() {
                out.push_str(&image(insn, i));
                out.push('\n');
            }
        }
        DumpStyle::Dd => {
            for insn in &p.0 {
                let _ = writeln!(
                    out,
                    "{{ 0x{:x}, {}, {}, 0x{:08x} }},",
                    insn.code, insn.jt, insn.jf, insn.k
                );
            }
        }
        DumpStyle::Ddd => {
            let _ = writeln!(out, "{}", p.0.len());
            for insn in &p.0 {
                let _ = writeln!(out, "{} {} {} {}", insn.code, insn.jt, insn.jf, insn.k);
            }
        }
    }
    out
}

/// Reads the `-ddd` format (as printed by `tcpdump -ddd` or [`dump`]) back into a program.
/// Blank lines are ignored; fields may also be separated by commas, as in the
/// comma-separated one-line form that tools such as `iptables -m bpf` accept.
pub fn parse_ddd(text: &str) -> Result<Program, ParseDddError> {
    let normalized = text.replace(',', "\n");
    let mut lines = normalized
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, first)) = lines.next() else {
        return Err(ParseDddError::Empty);
    };
    let expected: usize = first
        .trim()
        .parse()
        .map_err(|_| ParseDddError::BadCount(first.to_string()))?;
    let mut insns = Vec::with_capacity(expected.min(4096));
    for (i, line) in lines {
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || ParseDddError::BadLine {
            line: i + 1,
            text: line.to_string(),
        };
        if f.len() != 4 {
            return Err(bad());
        }
        let code: u16 = f[0].parse().map_err(|_| bad())?;
        let jt: u8 = f[1].parse().map_err(|_| bad())?;
        let jf: u8 = f[2].parse().map_err(|_| bad())?;
        let k: u32 = f[3].parse().map_err(|_| bad())?;
        insns.push(Insn { code, jt, jf, k });
    }
    if insns.len() != expected {
        return Err(ParseDddError::CountMismatch {
            expected,
            found: insns.len(),
        });
    }
    Ok(Program(insns))
}
