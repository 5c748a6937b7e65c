//! Link-layer type tests: the Ethernet/802.2/SNAP type field, MPLS payloads and `llc`
//! (gencode.c's `gen_linktype` family).

use super::*;

/// `ethertype_to_ppptype` in gencode.c.
fn ethertype_to_ppptype(p: u32) -> u32 {
    match p {
        ETHERTYPE_IP => 0x0021,
        ETHERTYPE_IPV6 => 0x0057,
        ETHERTYPE_DN => 0x0027,
        ETHERTYPE_ATALK => 0x0029,
        ETHERTYPE_NS => 0x0025,
        LLCSAP_ISONS => 0x0023,
        LLCSAP_8021D => 0x0031,
        LLCSAP_IPX => 0x002b,
        other => other,
    }
}

impl Gen<'_> {
    /// `gen_linktype` in gencode.c.
    pub(super) fn linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        if self.label_stack_depth > 0 {
            return self.mpls_linktype(ll_proto);
        }
        match self.linktype {
            Lt::Ethernet => self.ether_linktype(ll_proto),
            Lt::Sll2 => self.cmp(OffRel::LinkType, 0, H, ll_proto),
            Lt::Ppp => self.cmp(OffRel::LinkType, 0, H, ethertype_to_ppptype(ll_proto)),
        }
    }

    /// `gen_ether_linktype` in gencode.c.
    pub(super) fn ether_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        match ll_proto {
            LLCSAP_ISONS | LLCSAP_IP | LLCSAP_NETBEUI => {
                let b0 = self.cmp_gt(OffRel::LinkType, 0, H, ETHERMTU)?;
                self.not(b0);
                let b1 = self.cmp(OffRel::Llc, 0, H, (ll_proto << 8) | ll_proto)?;
                self.and(b0, b1);
                Ok(b1)
            }
            LLCSAP_IPX => {
                let b0 = self.cmp(OffRel::Llc, 0, B, LLCSAP_IPX)?;
                let b1 = self.cmp(OffRel::Llc, 0, H, 0xffff)?;
                self.or(b0, b1);
                let b0 = self.snap(0x000000, ETHERTYPE_IPX)?;
                self.or(b0, b1);
                let b0 = self.cmp_gt(OffRel::LinkType, 0, H, ETHERMTU)?;
                self.not(b0);
                self.and(b0, b1);
                let b0 = self.cmp(OffRel::LinkType, 0, H, ETHERTYPE_IPX)?;
                self.or(b0, b1);
                Ok(b1)
            }
            ETHERTYPE_ATALK | ETHERTYPE_AARP => {
                let b0 = self.cmp_gt(OffRel::LinkType, 0, H, ETHERMTU)?;
                self.not(b0);
                let b1 = if ll_proto == ETHERTYPE_ATALK {
                    self.snap(0x080007, ETHERTYPE_ATALK)?
                } else {
                    self.snap(0x000000, ETHERTYPE_AARP)?
                };
                self.and(b0, b1);
                let b0 = self.cmp(OffRel::LinkType, 0, H, ll_proto)?;
                self.or(b0, b1);
                Ok(b1)
            }
            _ => {
                if ll_proto <= ETHERMTU {
                    let b0 = self.cmp_gt(OffRel::LinkType, 0, H, ETHERMTU)?;
                    self.not(b0);
                    let b1 = self.cmp(OffRel::LinkType, 2, B, ll_proto)?;
                    self.and(b0, b1);
                    Ok(b1)
                } else {
                    self.cmp(OffRel::LinkType, 0, H, ll_proto)
                }
            }
        }
    }

    /// `gen_snap` in gencode.c.
    pub(super) fn snap(&mut self, orgcode: u32, ptype: u32) -> GResult<usize> {
        let block = [
            LLCSAP_SNAP,
            LLCSAP_SNAP,
            0x03,
            (orgcode >> 16) as u8,
            (orgcode >> 8) as u8,
            orgcode as u8,
            (ptype >> 8) as u8,
            ptype as u8,
        ];
        self.bcmp(OffRel::Llc, 0, &block)
    }

    /// `gen_mpls_linktype` in gencode.c.
    pub(super) fn mpls_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        let version = match ll_proto {
            ETHERTYPE_IP => 0x40,
            ETHERTYPE_IPV6 => 0x60,
            _ => {
                return Err(GenError::Unsupported(
                    "unsupported protocol over mpls".to_string(),
                ))
            }
        };
        let b0 = self.mcmp(OffRel::LinkPl, 0u32.wrapping_sub(2), B, 0x01, 0x01)?;
        let b1 = self.mcmp(OffRel::LinkPl, 0, B, version, 0xf0)?;
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_llc_internal` in gencode.c.
    pub(super) fn llc_internal(&mut self) -> GResult<usize> {
        match self.linktype {
            Lt::Ethernet => {
                let b0 = self.cmp_gt(OffRel::LinkType, 0, H, ETHERMTU)?;
                self.not(b0);
                let b1 = self.cmp(OffRel::Llc, 0, H, 0xffff)?;
                self.not(b1);
                self.and(b0, b1);
                Ok(b1)
            }
            lt => Err(GenError::Unsupported(format!(
                "'llc' not supported for {}",
                lt.description()
            ))),
        }
    }

    /// `gen_llc`, `gen_llc_i`, `gen_llc_s`, `gen_llc_u` and their subtypes in gencode.c.
    pub(super) fn llc(&mut self, kind: LlcKind) -> GResult<usize> {
        let b0 = self.llc_internal()?;
        let b1 = match kind {
            LlcKind::Any => return Ok(b0),
            LlcKind::I => {
                let s = self.load_a(OffRel::Llc, 2, B)?;
                let b1 = self.blk(JMP | JSET, 0x01);
                self.g.blocks[b1].stmts = s;
                self.not(b1);
                b1
            }
            LlcKind::S => self.mcmp(OffRel::Llc, 2, B, 1, 0x03)?,
            LlcKind::U => self.mcmp(OffRel::Llc, 2, B, 3, 0x03)?,
            LlcKind::SSubtype(t) => self.mcmp(OffRel::Llc, 2, B, t, 0x0f)?,
            LlcKind::USubtype(t) => self.mcmp(OffRel::Llc, 2, B, t, 0xef)?,
        };
        self.and(b0, b1);
        Ok(b1)
    }
}
