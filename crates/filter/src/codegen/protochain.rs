//! `protochain`: follow the IPv6 extension-header chain (and IPv4/IPv6 AH headers) to the
//! protocol `v` (gencode.c's `gen_protochain`). The walk is a loop, so the program has a
//! backward `ja`: the Linux kernel refuses it, a user-space machine runs it. The optimizer
//! assumes an acyclic graph, so the whole program is left unoptimized, as libpcap leaves it.

use super::*;

impl Gen<'_> {
    /// `gen_protochain` in gencode.c: `[ip|ip6] protochain v`.
    pub(super) fn protochain(&mut self, v: u32, proto: u8) -> GResult<usize> {
        // libpcap takes the scratch register before looking at the qualifier, so the
        // unqualified form keeps one word for itself while each half takes (and frees) another.
        let reg = self.alloc_reg()?;
        match proto {
            Q_IP | Q_IPV6 => {}
            Q_DEFAULT => {
                let b0 = self.protochain(v, Q_IP)?;
                let b = self.protochain(v, Q_IPV6)?;
                self.or(b0, b);
                return Ok(b);
            }
            _ => {
                return Err(GenError::Qualifier(
                    "bad protocol applied for 'protochain'".into(),
                ))
            }
        }
        if self.off_linkpl.is_variable {
            return Err(GenError::Unsupported(
                "'protochain' not supported with variable length headers".into(),
            ));
        }
        self.no_optimize = true;
        let nl = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
        let reg = reg as u32;

        let mut s: Vec<usize> = Vec::new();
        let b0 = if proto == Q_IP {
            let b0 = self.linktype(ETHERTYPE_IP)?;
            // A = the protocol field, X = the header length.
            s.push(self.st(LD | ABS | B, nl + 9));
            s.push(self.st(LDX | MSH | B, nl));
            b0
        } else {
            let b0 = self.linktype(ETHERTYPE_IPV6)?;
            // A = the next-header field, X = the fixed header's length.
            s.push(self.st(LD | ABS | B, nl + 6));
            s.push(self.st(LDX | IMM, 40));
            b0
        };

        // again: the protocol found, or no next header: done.
        let again = s.len();
        let found = self.st(JMP | JEQ | K, v);
        s.push(found);
        let none = self.st(JMP | JEQ | K, u32::from(ip_proto::NONE));
        s.push(none);
        self.g.stmts[found].jf = Some(none);

        let mut last_v6_test = None;
        if proto == Q_IPV6 {
            // An IPv6 extension header: step over it (length in 8-octet units, not counting
            // the first 8) and go round again.
            let kinds = [
                ip_proto::HOPOPTS,
                ip_proto::DSTOPTS,
                ip_proto::ROUTING,
                ip_proto::FRAGMENT,
            ];
            let mut tests = Vec::new();
            let mut prev = none;
            for kind in kinds {
                let t = self.st(JMP | JEQ | K, u32::from(kind));
                self.g.stmts[prev].jf = Some(t);
                s.push(t);
                tests.push(t);
                prev = t;
            }
            last_v6_test = Some(prev);
            let advance = self.st(LD | IND | B, nl);
            s.push(advance);
            s.push(self.st(ST, reg));
            s.push(self.st(LD | IND | B, nl + 1));
            s.push(self.st(ALU | ADD | K, 1));
            s.push(self.st(ALU | MUL | K, 8));
            s.push(self.st(ALU | ADD | X, 0));
            s.push(self.st(MISC | TAX, 0));
            s.push(self.st(LD | MEM, reg));
            let back = (again as i64 - s.len() as i64 - 1) as u32;
            s.push(self.st(JMP | JA, back));
            for t in tests {
                self.g.stmts[t].jt = Some(advance);
            }
        } else {
            // IPv4 has no extension headers: a no-op where IPv6 steps over one.
            let nop = self.st(ALU | ADD | K, 0);
            self.g.stmts[none].jf = Some(nop);
            s.push(nop);
        }

        // ahcheck: an Authentication Header (length in 4-octet units, not counting the first
        // 8) is stepped over too; anything else ends the walk.
        let ah = self.st(JMP | JEQ | K, u32::from(ip_proto::AH));
        if let Some(t) = last_v6_test {
            self.g.stmts[t].jf = Some(ah);
        }
        s.push(ah);
        let first = self.st(MISC | TXA, 0);
        self.g.stmts[ah].jt = Some(first);
        s.push(first);
        s.push(self.st(LD | IND | B, nl));
        s.push(self.st(ST, reg));
        s.push(self.st(MISC | TXA, 0));
        s.push(self.st(ALU | ADD | K, 1));
        s.push(self.st(MISC | TAX, 0));
        s.push(self.st(LD | IND | B, nl));
        s.push(self.st(ALU | ADD | K, 2));
        s.push(self.st(ALU | MUL | K, 4));
        s.push(self.st(MISC | TAX, 0));
        s.push(self.st(LD | MEM, reg));
        let back = (again as i64 - s.len() as i64 - 1) as u32;
        s.push(self.st(JMP | JA, back));

        // end: A holds the protocol the walk stopped at.
        let end = self.st(ALU | ADD | K, 0);
        s.push(end);
        self.g.stmts[none].jt = Some(end);
        self.g.stmts[ah].jf = Some(end);
        self.g.stmts[found].jt = Some(end);

        let b = self.blk(JMP | JEQ | K, v);
        self.g.blocks[b].stmts = s;
        self.free_reg(reg as i32);
        self.and(b0, b);
        Ok(b)
    }
}
