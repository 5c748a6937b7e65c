//! The other primitives: `broadcast`, `multicast`, `less`/`greater`, byte tests, `inbound`,
//! `outbound`, `ifindex`, `vlan`, `mpls`, `pppoed`/`pppoes` (gencode.c's `gen_broadcast`,
//! `gen_inbound_outbound`, `gen_ifindex`, `gen_vlan`, `gen_mpls`, `gen_pppoes`...).

use super::*;

impl Gen<'_> {
    /// `gen_broadcast` in gencode.c.
    pub(super) fn broadcast(&mut self, proto: u8) -> GResult<usize> {
        match proto {
            Q_DEFAULT | Q_LINK => match self.linktype {
                Lt::Ethernet => self.ehostop(&[0xff; 6], Q_DST),
                Lt::Wlan(_) => self.wlanhostop(&[0xff; 6], Q_DST),
                _ => Err(GenError::Unsupported("not a broadcast link".into())),
            },
            Q_IP => {
                if self.netmask == 0xffff_ffff {
                    return Err(GenError::Unsupported(
                        "netmask not known, so 'ip broadcast' not supported".into(),
                    ));
                }
                let b0 = self.linktype(ETHERTYPE_IP)?;
                let hostmask = !self.netmask;
                let b1 = self.mcmp(OffRel::LinkPl, 16, W, 0, hostmask)?;
                let b2 = self.mcmp(OffRel::LinkPl, 16, W, hostmask, hostmask)?;
                self.or(b1, b2);
                self.and(b0, b2);
                Ok(b2)
            }
            _ => Err(GenError::Unsupported(
                "only link-layer/IP broadcast filters supported".into(),
            )),
        }
    }

    /// `gen_multicast` in gencode.c.
    pub(super) fn multicast(&mut self, proto: u8) -> GResult<usize> {
        if matches!(proto, Q_DEFAULT | Q_LINK) {
            self.refuse_after_geneve()?;
        }
        let msg = "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel";
        match proto {
            Q_DEFAULT | Q_LINK => match self.linktype {
                Lt::Ethernet => {
                    let s = self.load_a(OffRel::LinkHdr, 0, B)?;
                    let b0 = self.blk(JMP | JSET, 1);
                    self.g.blocks[b0].stmts = s;
                    Ok(b0)
                }
                Lt::Wlan(_) => self.wlan_multicast(),
                _ => Err(GenError::Unsupported(msg.into())),
            },
            Q_IP => {
                let b0 = self.linktype(ETHERTYPE_IP)?;
                let b1 = self.cmp_ge(OffRel::LinkPl, 16, B, 224)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_IPV6 => {
                let b0 = self.linktype(ETHERTYPE_IPV6)?;
                let b1 = self.cmp(OffRel::LinkPl, 24, B, 255)?;
                self.and(b0, b1);
                Ok(b1)
            }
            _ => Err(GenError::Unsupported(msg.into())),
        }
    }

    /// `gen_inbound_outbound` in gencode.c.
    pub(super) fn inbound(&mut self, outbound: bool) -> GResult<usize> {
        let b0 = match self.linktype {
            Lt::Sll => self.cmp(OffRel::LinkHdr, 0, H, 4)?,
            Lt::Sll2 => self.cmp(OffRel::LinkHdr, 10, B, 4)?,
            // libpcap's SLIP pseudo-header starts with the direction: 0 in, 1 out; tested as
            // the relation `link[0] == 0` (its operands made right to left, as gcc evaluates
            // gencode.c's call).
            Lt::Slip => {
                let zero = self.loadi(0)?;
                let index = self.loadi(0)?;
                let dir = self.load(Q_LINK, index, 1)?;
                return self.relation(JEQ, dir, zero, outbound);
            }
            // pppd's pseudo-header: 0 in, 1 out.
            Lt::Ppp if self.pppd => {
                return self.cmp(OffRel::LinkHdr, 0, B, u32::from(outbound));
            }
            lt => {
                if self.target == CompileTarget::Offline {
                    return Err(GenError::NeedsLive {
                        what: "inbound/outbound",
                        link: lt.description(),
                    });
                }
                self.cmp(OffRel::LinkHdr, SKF_AD_OFF + SKF_AD_PKTTYPE, H, 4)?
            }
        };
        if !outbound {
            self.not(b0);
        }
        Ok(b0)
    }

    /// `gen_ifindex` in gencode.c.
    pub(super) fn ifindex(&mut self, idx: u32) -> GResult<usize> {
        match self.linktype {
            Lt::Sll2 => self.cmp(OffRel::LinkHdr, 4, W, idx),
            lt => {
                if self.target == CompileTarget::Offline {
                    return Err(GenError::NeedsLive {
                        what: "ifindex",
                        link: lt.description(),
                    });
                }
                self.cmp(OffRel::LinkHdr, SKF_AD_OFF + SKF_AD_IFINDEX, W, idx)
            }
        }
    }

    /// `gen_vlan_tpid_test` in gencode.c.
    pub(super) fn vlan_tpid_test(&mut self) -> GResult<usize> {
        let b0 = self.linktype(ETHERTYPE_8021Q)?;
        let b1 = self.linktype(ETHERTYPE_8021AD)?;
        self.or(b0, b1);
        let b0 = b1;
        let b1 = self.linktype(ETHERTYPE_8021QINQ)?;
        self.or(b0, b1);
        Ok(b1)
    }

    /// `gen_vlan_vid_test` in gencode.c.
    pub(super) fn vlan_vid_test(&mut self, num: u32) -> GResult<usize> {
        if num > 0x0fff {
            return Err(GenError::BadValue(format!(
                "VLAN tag {num} greater than maximum 4095"
            )));
        }
        self.mcmp(OffRel::LinkPl, 0, H, num, 0x0fff)
    }

    /// `gen_vlan_vloffset_add` in gencode.c.
    pub(super) fn vloffset_add(&mut self, w: Which, v: u32, s: &mut Vec<usize>) -> GResult<()> {
        self.offset(w).is_variable = true;
        if self.offset(w).reg == -1 {
            let r = self.alloc_reg()?;
            self.offset(w).reg = r;
        }
        let reg = self.offset(w).reg as u32;
        if !self.vl_regs.contains(&(reg as i32)) {
            self.vl_regs.push(reg as i32);
        }
        let a = self.st(LD | MEM, reg);
        let b = self.st(ALU | ADD | K, v);
        let c = self.st(ST, reg);
        s.extend([a, b, c]);
        Ok(())
    }

    /// `gen_vlan` (with `gen_vlan_no_bpf_extensions` and `gen_vlan_bpf_extensions`) in gencode.c.
    pub(super) fn vlan(&mut self, num: Option<u32>) -> GResult<usize> {
        if self.label_stack_depth > 0 {
            return Err(GenError::Unsupported("no VLAN match after MPLS".into()));
        }
        let wlan = matches!(self.linktype, Lt::Wlan(h) if h != WlanHdr::Ppi);
        if self.linktype != Lt::Ethernet && !wlan {
            return Err(GenError::Unsupported(format!(
                "no VLAN support for {}",
                self.linktype.description()
            )));
        }
        let special = !wlan
            && self.target == CompileTarget::LiveLinux
            && self.vlan_stack_depth == 0
            && !self.off_linkhdr.is_variable
            && self.off_linkhdr.constant_part == self.off_outermostlinkhdr.constant_part;
        let b0 = if special {
            let s = self.st(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT);
            let b0 = self.blk(JMP | JEQ, 1);
            self.g.blocks[b0].stmts = vec![s];
            let b_tpid = self.vlan_tpid_test()?;
            let b_vid = match num {
                Some(n) => Some(self.vlan_vid_test(n)?),
                None => None,
            };
            // Patch the TPID test to advance the variable offsets first.
            let mut s = Vec::new();
            self.is_vlan_vloffset = true;
            self.vloffset_add(Which::Pl, 4, &mut s)?;
            self.vloffset_add(Which::Type, 4, &mut s)?;
            let head = self.g.blocks[b_tpid].head;
            s.extend(std::mem::take(&mut self.g.blocks[head].stmts));
            self.g.blocks[head].stmts = s;
            self.or(b0, b_tpid);
            let mut b0 = b_tpid;
            if let Some(b_vid) = b_vid {
                // Take the VID from the metadata when the kernel stripped the tag.
                let first = self.g.blocks[b_vid].stmts[0];
                let cnt = self.g.blocks[b_vid].stmts.len() as u32;
                let s1 = self.st(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT);
                let sjeq = self.st(JMP | JEQ, 1);
                let s2 = self.st(LD | B | ABS, SKF_AD_OFF + SKF_AD_VLAN_TAG);
                self.g.stmts[sjeq].jt = Some(s2);
                self.g.stmts[sjeq].jf = Some(first);
                let ja = self.st(JMP | JA, cnt - 1);
                let mut s = vec![s1, sjeq, s2, ja];
                s.extend(std::mem::take(&mut self.g.blocks[b_vid].stmts));
                self.g.blocks[b_vid].stmts = s;
                self.and(b0, b_vid);
                b0 = b_vid;
            }
            b0
        } else {
            let mut b0 = self.vlan_tpid_test()?;
            if let Some(n) = num {
                let b1 = self.vlan_vid_test(n)?;
                self.and(b0, b1);
                b0 = b1;
            }
            self.off_linkpl.constant_part = self.off_linkpl.constant_part.wrapping_add(4);
            self.off_linktype.constant_part = self.off_linktype.constant_part.wrapping_add(4);
            b0
        };
        self.vlan_stack_depth += 1;
        Ok(b0)
    }

    /// `gen_mpls` in gencode.c.
    pub(super) fn mpls(&mut self, label: Option<u32>) -> GResult<usize> {
        let mut b0 = if self.label_stack_depth > 0 {
            self.mcmp(OffRel::PrevMplsHdr, 2, B, 0, 0x01)?
        } else {
            match self.linktype {
                Lt::Ethernet | Lt::Chdlc => self.linktype(ETHERTYPE_MPLS)?,
                Lt::Ppp if self.ppp_dlt == 9 => self.linktype(PPP_MPLS_UCAST)?,
                Lt::Ppp => {
                    let what = if self.ppp_dlt == 50 {
                        "PPP over serial"
                    } else {
                        "PPP for pppd, with direction flag"
                    };
                    return Err(GenError::Unsupported(format!("no MPLS support for {what}")));
                }
                lt => {
                    return Err(GenError::Unsupported(format!(
                        "no MPLS support for {}",
                        lt.description()
                    )))
                }
            }
        };
        if let Some(l) = label {
            if l > 0xfffff {
                return Err(GenError::BadValue(format!(
                    "MPLS label {l} greater than maximum 1048575"
                )));
            }
            let b1 = self.mcmp(OffRel::LinkPl, 0, W, l << 12, 0xffff_f000)?;
            self.and(b0, b1);
            b0 = b1;
        }
        self.off_nl_nosnap = self.off_nl_nosnap.wrapping_add(4);
        self.off_nl = self.off_nl.wrapping_add(4);
        self.label_stack_depth += 1;
        Ok(b0)
    }

    /// `gen_pppoes` in gencode.c.
    pub(super) fn pppoes(&mut self, sess: Option<u32>) -> GResult<usize> {
        let mut b0 = self.linktype(ETHERTYPE_PPPOES)?;
        if let Some(s) = sess {
            if s > 0xffff {
                return Err(GenError::BadValue(format!(
                    "PPPoE session number {s} greater than maximum 65535"
                )));
            }
            let b1 = self.mcmp(OffRel::LinkPl, 0, W, s, 0x0000_ffff)?;
            self.and(b0, b1);
            b0 = b1;
        }
        let c = self
            .off_linkpl
            .constant_part
            .wrapping_add(self.off_nl)
            .wrapping_add(6);
        self.linktype = Lt::Ppp;
        self.ppp_dlt = 9;
        self.pppd = false;
        self.is_geneve = false;
        self.off_linkhdr = AbsOffset {
            constant_part: c,
            is_variable: self.off_linkpl.is_variable,
            reg: self.off_linkpl.reg,
        };
        self.off_linktype = self.off_linkhdr;
        self.off_linkpl.constant_part = self.off_linkhdr.constant_part.wrapping_add(2);
        self.off_nl = 0;
        self.off_nl_nosnap = 0;
        Ok(b0)
    }

    /// `gen_byteop` in gencode.c.
    pub(super) fn byteop(&mut self, op: u8, idx: u32, val: u32) -> GResult<usize> {
        match op {
            b'=' => self.cmp(OffRel::LinkHdr, idx, B, val),
            b'<' => self.cmp_lt(OffRel::LinkHdr, idx, B, val),
            b'>' => self.cmp_gt(OffRel::LinkHdr, idx, B, val),
            _ => {
                let s = self.st(ALU | if op == b'|' { OR } else { AND } | K, val);
                let b = self.blk(JMP | JEQ, 0);
                self.g.blocks[b].stmts = vec![s];
                self.not(b);
                Ok(b)
            }
        }
    }

    /// The grammar.y `other` primitives: `gen_broadcast`, `gen_multicast`, `gen_less`, `gen_greater`, `gen_byteop`, `gen_inbound_outbound`, `gen_ifindex`, `gen_vlan`, `gen_mpls`, `gen_pppoed`, `gen_pppoes`... in gencode.c.
    pub(super) fn other(&mut self, o: &Other) -> GResult<usize> {
        match o {
            Other::Broadcast(p) => self.broadcast(*p),
            Other::Multicast(p) => self.multicast(*p),
            Other::Less(n) => {
                let s = self.st(LD | LEN, 0);
                let b = self.blk(JMP | JGT, *n);
                self.g.blocks[b].stmts = vec![s];
                self.not(b);
                Ok(b)
            }
            Other::Greater(n) => {
                let s = self.st(LD | LEN, 0);
                let b = self.blk(JMP | JGE, *n);
                self.g.blocks[b].stmts = vec![s];
                Ok(b)
            }
            Other::Byte { idx, op, val } => self.byteop(*op, *idx, *val),
            Other::Inbound => self.inbound(false),
            Other::Outbound => self.inbound(true),
            Other::Ifindex(n) => self.ifindex(*n),
            Other::Vlan(n) => self.vlan(*n),
            Other::Mpls(n) => self.mpls(*n),
            Other::Pppoed => self.linktype(ETHERTYPE_PPPOED),
            Other::Pppoes(n) => self.pppoes(*n),
            Other::Geneve(vni) => self.geneve(*vni),
            Other::Llc(k) => self.llc(*k),
            Other::P80211Type { val, mask } => self.p80211_type(*val, *mask),
            Other::P80211Dir(d) => self.p80211_fcdir(*d),
            Other::Unsupported(m) => Err(GenError::Unsupported(m.clone())),
        }
    }
}
