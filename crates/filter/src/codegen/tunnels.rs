//! `geneve [VNI]` (gencode.c's `gen_geneve` family): a UDP datagram to port 6081 with a version
//! 0 Geneve header, after which the offsets point into the Geneve payload, computed at run
//! time (an inner Ethernet frame when the protocol type is 0x6558, else the payload itself).

use super::*;

/// Geneve's UDP port.
const GENEVE_PORT: u32 = 6081;
/// Transparent Ethernet bridging, Geneve's protocol type for an inner Ethernet frame.
const ETHERTYPE_TEB: u32 = ethertype::TEB as u32;

impl Gen<'_> {
    /// `gen_geneve_check` in gencode.c: port, version and VNI, over IPv4 or IPv6.
    fn geneve_check(&mut self, v6: bool, vni: Option<u32>) -> GResult<usize> {
        let rel = if v6 {
            OffRel::TranIpv6
        } else {
            OffRel::TranIpv4
        };
        let b0 = self.port(GENEVE_PORT, IPPROTO_UDP, Q_DST, v6)?;
        let b1 = self.mcmp(rel, 8, B, 0, 0xc0)?;
        self.and(b0, b1);
        let Some(vni) = vni else {
            return Ok(b1);
        };
        if vni > 0xff_ffff {
            return Err(GenError::BadValue(format!(
                "Geneve VNI {vni} greater than maximum 16777215"
            )));
        }
        let b2 = self.mcmp(rel, 12, W, vni << 8, 0xffff_ff00)?;
        self.and(b1, b2);
        Ok(b2)
    }

    /// `gen_geneve4` and `gen_geneve6` in gencode.c: the check, then the IP header's length
    /// (with any variable link prefix) left in A and X.
    fn geneve_ip(&mut self, v6: bool, vni: Option<u32>) -> GResult<usize> {
        let b0 = self.geneve_check(v6, vni)?;
        let s = if v6 {
            let mut s = match self.varpart(Which::Pl)? {
                Some(mut s) => {
                    let a = self.st(LD | IMM, 40);
                    let b = self.st(ALU | ADD | X, 0);
                    s.extend([a, b]);
                    s
                }
                None => vec![self.st(LD | IMM, 40)],
            };
            let t = self.st(MISC | TAX, 0);
            s.push(t);
            s
        } else {
            let mut s = self.loadx_iphdrlen()?;
            let t = self.st(MISC | TXA, 0);
            s.push(t);
            s
        };
        let b1 = self.blk(JMP | JEQ | X, 0);
        self.g.blocks[b1].stmts = s;
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_geneve_offsets` in gencode.c: the statements that store the inner link type,
    /// link header and payload offsets in fresh registers.
    fn geneve_offsets(&mut self) -> GResult<Vec<usize>> {
        let k = self
            .off_linkpl
            .constant_part
            .wrapping_add(self.off_nl)
            .wrapping_add(8);
        let mut s = vec![
            self.st(ALU | ADD | K, k),
            self.st(MISC | TAX, 0),
            self.st(ALU | ADD | K, 2),
        ];
        let linktype_reg = self.alloc_reg()?;
        self.off_linktype = AbsOffset {
            constant_part: 0,
            is_variable: true,
            reg: linktype_reg,
        };
        s.extend([
            self.st(ST, linktype_reg as u32),
            self.st(LD | IND | B, 0),
            self.st(ALU | AND | K, 0x3f),
            self.st(ALU | MUL | K, 4),
            self.st(ALU | ADD | K, 8),
            self.st(ALU | ADD | X, 0),
        ]);
        // PUSH_LINKHDR: an Ethernet header at a variable offset.
        let hdr_reg = self.alloc_reg()?;
        self.linktype = Lt::Ethernet;
        self.off_linkhdr = AbsOffset {
            constant_part: 0,
            is_variable: true,
            reg: hdr_reg,
        };
        self.is_geneve = false;
        s.push(self.st(ST, hdr_reg as u32));
        // An in-block jump: libpcap's optimizer is turned off for the whole program.
        self.no_optimize = true;
        s.push(self.st(LD | IND | H, 2));
        s.push(self.st(LDX | MEM, hdr_reg as u32));
        let s_proto = self.st(JMP | JEQ, ETHERTYPE_TEB);
        let txa = self.st(MISC | TXA, 0);
        s.extend([s_proto, txa]);
        s.extend([
            self.st(ALU | ADD | K, 12),
            self.st(ST, linktype_reg as u32),
            self.st(ALU | ADD | K, 2),
            self.st(MISC | TAX, 0),
        ]);
        let pl_reg = self.alloc_reg()?;
        self.off_linkpl = AbsOffset {
            constant_part: 0,
            is_variable: true,
            reg: pl_reg,
        };
        let stx = self.st(STX, pl_reg as u32);
        s.push(stx);
        self.g.stmts[s_proto].jt = Some(txa);
        self.g.stmts[s_proto].jf = Some(stx);
        self.off_nl = 0;
        Ok(s)
    }

    /// `gen_geneve` in gencode.c.
    pub(super) fn geneve(&mut self, vni: Option<u32>) -> GResult<usize> {
        let b0 = self.geneve_ip(false, vni)?;
        let b1 = self.geneve_ip(true, vni)?;
        self.or(b0, b1);
        let mut s = self.geneve_offsets()?;
        // gen_true: `ld #0; jeq #0`, after the offset statements.
        let t = self.st(LD | IMM, 0);
        s.push(t);
        let b2 = self.blk(JMP | JEQ, 0);
        self.g.blocks[b2].stmts = s;
        self.and(b1, b2);
        self.is_geneve = true;
        Ok(b2)
    }

    /// Link-layer address tests after `geneve`, where libpcap first checks that the payload
    /// has an Ethernet header (`gen_geneve_ll_check`), are refused rather than compiled
    /// without that check.
    pub(super) fn refuse_after_geneve(&self) -> GResult<()> {
        if self.is_geneve {
            return Err(GenError::Unsupported(
                "link-layer address tests after 'geneve' are not supported by this compiler".into(),
            ));
        }
        Ok(())
    }
}
