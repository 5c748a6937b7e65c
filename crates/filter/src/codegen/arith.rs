//! Arithmetic expressions and relations: loads, ALU operations and comparisons of values
//! (gencode.c's `gen_load`, `gen_arth`, `gen_relation`).

use super::*;

impl Gen<'_> {
    /// `gen_loadi` in gencode.c.
    pub(super) fn loadi(&mut self, v: u32) -> GResult<Arith> {
        let reg = self.alloc_reg()?;
        let a = self.st(LD | IMM, v);
        let b = self.st(ST, reg as u32);
        Ok(Arith {
            s: vec![a, b],
            b: None,
            regno: reg,
        })
    }

    /// `gen_loadlen` in gencode.c.
    pub(super) fn loadlen(&mut self) -> GResult<Arith> {
        let reg = self.alloc_reg()?;
        let a = self.st(LD | LEN, 0);
        let b = self.st(ST, reg as u32);
        Ok(Arith {
            s: vec![a, b],
            b: None,
            regno: reg,
        })
    }

    /// `gen_neg` in gencode.c.
    pub(super) fn neg(&mut self, mut a: Arith) -> Arith {
        let s1 = self.st(LD | MEM, a.regno as u32);
        let s2 = self.st(ALU | NEG, 0);
        let s3 = self.st(ST, a.regno as u32);
        a.s.extend([s1, s2, s3]);
        a
    }

    /// `gen_arth` in gencode.c.
    pub(super) fn arth(&mut self, code: u16, mut a0: Arith, a1: Arith) -> GResult<Arith> {
        let first = &self.g.stmts[a1.s[0]];
        let imm = first.code == i32::from(LD | IMM);
        if code == DIV && imm && first.k == 0 {
            return Err(GenError::DivisionByZero);
        }
        if code == MOD && imm && first.k == 0 {
            return Err(GenError::ModulusByZero);
        }
        if (code == LSH || code == RSH) && imm && first.k > 31 {
            return Err(GenError::ShiftTooWide);
        }
        let s0 = self.st(LDX | MEM, a1.regno as u32);
        let s1 = self.st(LD | MEM, a0.regno as u32);
        let s2 = self.st(ALU | X | code, 0);
        a0.s.extend(a1.s);
        a0.s.extend([s0, s1, s2]);
        self.free_reg(a0.regno);
        self.free_reg(a1.regno);
        let r = self.alloc_reg()?;
        let s = self.st(ST, r as u32);
        a0.regno = r;
        a0.s.push(s);
        Ok(a0)
    }

    /// `gen_load_internal` in gencode.c.
    pub(super) fn load(&mut self, proto: u8, mut inst: Arith, size: u32) -> GResult<Arith> {
        let regno = self.alloc_reg()?;
        self.free_reg(inst.regno);
        let size_code = match size {
            1 => B,
            2 => H,
            4 => W,
            _ => return Err(GenError::BadValue("data size must be 1, 2, or 4".into())),
        };
        match proto {
            Q_RADIO => {
                if !matches!(
                    self.linktype,
                    Lt::Wlan(WlanHdr::Radiotap | WlanHdr::Prism | WlanHdr::Avs)
                ) {
                    return Err(GenError::Unsupported(
                        "radio information not present in capture".into(),
                    ));
                }
                // Relative to the packet's start: the radio header's.
                let x = self.st(LDX | MEM, inst.regno as u32);
                let tmp = self.st(LD | IND | size_code, 0);
                inst.s.extend([x, tmp]);
            }
            Q_LINK => {
                let s = match self.varpart(Which::Hdr)? {
                    Some(mut s) => {
                        let a = self.st(LD | MEM, inst.regno as u32);
                        let b = self.st(ALU | ADD | X, 0);
                        let c = self.st(MISC | TAX, 0);
                        s.extend([a, b, c]);
                        s
                    }
                    None => vec![self.st(LDX | MEM, inst.regno as u32)],
                };
                let tmp = self.st(LD | IND | size_code, self.off_linkhdr.constant_part);
                inst.s.extend(s);
                inst.s.push(tmp);
            }
            Q_IP | Q_ARP | Q_RARP | Q_ATALK | Q_DECNET | Q_SCA | Q_LAT | Q_MOPRC | Q_MOPDL
            | Q_IPV6 => {
                let s = self.index_to_x(&inst)?;
                let k = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
                let tmp = self.st(LD | IND | size_code, k);
                inst.s.extend(s);
                inst.s.push(tmp);
                let b = self.proto_abbrev(proto)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
            }
            Q_SCTP | Q_TCP | Q_UDP | Q_ICMP | Q_IGMP | Q_IGRP | Q_PIM | Q_VRRP | Q_CARP => {
                let mut s = self.loadx_iphdrlen()?;
                let a = self.st(LD | MEM, inst.regno as u32);
                let b = self.st(ALU | ADD | X, 0);
                let c = self.st(MISC | TAX, 0);
                let k = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
                let d = self.st(LD | IND | size_code, k);
                s.extend([a, b, c, d]);
                inst.s.extend(s);
                let b = self.ipfrag()?;
                let p = self.proto_abbrev(proto)?;
                self.and(p, b);
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                let ip = self.proto_abbrev(Q_IP)?;
                self.and(ip, b);
                inst.b = Some(b);
            }
            Q_ICMPV6 => {
                let b = self.proto_abbrev(Q_IPV6)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
                let b = self.cmp(OffRel::LinkPl, 6, B, IPPROTO_ICMPV6)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
                let s = self.index_to_x(&inst)?;
                let k = self
                    .off_linkpl
                    .constant_part
                    .wrapping_add(self.off_nl)
                    .wrapping_add(40);
                let tmp = self.st(LD | IND | size_code, k);
                inst.s.extend(s);
                inst.s.push(tmp);
            }
            _ => return Err(GenError::Unsupported("unsupported index operation".into())),
        }
        inst.regno = regno;
        let s = self.st(ST, regno as u32);
        inst.s.push(s);
        Ok(inst)
    }

    /// The index-to-X sequence of `gen_load_internal` in gencode.c: X = (variable part of the
    /// payload offset) + index.
    pub(super) fn index_to_x(&mut self, inst: &Arith) -> GResult<Vec<usize>> {
        Ok(match self.varpart(Which::Pl)? {
            Some(mut s) => {
                let a = self.st(LD | MEM, inst.regno as u32);
                let b = self.st(ALU | ADD | X, 0);
                let c = self.st(MISC | TAX, 0);
                s.extend([a, b, c]);
                s
            }
            None => vec![self.st(LDX | MEM, inst.regno as u32)],
        })
    }

    /// `gen_relation_internal` in gencode.c.
    pub(super) fn relation(
        &mut self,
        code: u16,
        mut a0: Arith,
        mut a1: Arith,
        reversed: bool,
    ) -> GResult<usize> {
        let s0 = self.st(LDX | MEM, a1.regno as u32);
        let s1 = self.st(LD | MEM, a0.regno as u32);
        let b;
        let mut tail = vec![s0, s1];
        if code == JEQ {
            let s2 = self.st(ALU | SUB | X, 0);
            b = self.blk(JMP | code, 0);
            tail.push(s2);
        } else {
            b = self.blk(JMP | code | X, 0);
        }
        if reversed {
            self.not(b);
        }
        a1.s.extend(tail);
        a0.s.extend(std::mem::take(&mut a1.s));
        self.g.blocks[b].stmts = std::mem::take(&mut a0.s);
        self.free_reg(a0.regno);
        self.free_reg(a1.regno);
        let tmp = match (a0.b, a1.b) {
            (Some(x), Some(y)) => {
                self.and(x, y);
                Some(y)
            }
            (Some(x), None) => Some(x),
            (None, y) => y,
        };
        if let Some(t) = tmp {
            self.and(t, b);
        }
        Ok(b)
    }

    /// The `arth` rules of grammar.y, built with gencode.c's `gen_loadi`, `gen_load`, `gen_arth` and `gen_neg`.
    pub(super) fn arith(&mut self, a: &Arth) -> GResult<Arith> {
        // Left-deep operator chains without recursion along the left spine.
        let mut spine: Vec<(u16, &Arth)> = Vec::new();
        let mut base = a;
        while let Arth::Bin { op, a, b } = base {
            spine.push((*op, b));
            base = a;
        }
        let mut acc = match base {
            Arth::Num(n) => self.loadi(*n)?,
            Arth::Len => self.loadlen()?,
            Arth::Load { proto, index, size } => {
                let i = self.arith(index)?;
                self.load(*proto, i, *size)?
            }
            Arth::Neg(x) => {
                let v = self.arith(x)?;
                self.neg(v)
            }
            Arth::Bin { .. } => {
                return Err(GenError::Internal(
                    "internal error: arithmetic spine".into(),
                ))
            }
        };
        for (op, rhs) in spine.into_iter().rev() {
            let y = self.arith(rhs)?;
            acc = self.arth(op, acc, y)?;
        }
        Ok(acc)
    }
}
