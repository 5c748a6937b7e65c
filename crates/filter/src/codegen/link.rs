//! Link-layer type tests: the Ethernet/802.2/SNAP type field, MPLS payloads and `llc`
//! (gencode.c's `gen_linktype` family).

use super::*;

/// Linux's `AF_INET` and `AF_INET6` (libpcap compiles with the host's values).
const AF_INET: u32 = 2;
const AF_INET6: u32 = 10;

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
            Lt::Sll => self.sll_linktype(ll_proto),
            Lt::Sll2 => self.cmp(OffRel::LinkType, 0, H, ll_proto),
            Lt::Ppp => self.cmp(OffRel::LinkType, 0, H, ethertype_to_ppptype(ll_proto)),
            Lt::Chdlc => {
                let v = if ll_proto == LLCSAP_ISONS {
                    (ll_proto << 8) | LLCSAP_ISONS
                } else {
                    ll_proto
                };
                self.cmp(OffRel::LinkType, 0, H, v)
            }
            Lt::Raw | Lt::Slip => match ll_proto {
                ETHERTYPE_IP => self.mcmp(OffRel::LinkHdr, 0, B, 0x40, 0xf0),
                ETHERTYPE_IPV6 => self.mcmp(OffRel::LinkHdr, 0, B, 0x60, 0xf0),
                _ => Ok(self.uncond(false)),
            },
            Lt::Wlan(_) => {
                let b0 = self.wlan_data_frame()?;
                let b1 = self.llc_linktype(ll_proto)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Lt::Ipv4 => Ok(self.uncond(ll_proto == ETHERTYPE_IP)),
            Lt::Ipv6 => Ok(self.uncond(ll_proto == ETHERTYPE_IPV6)),
            Lt::Null | Lt::Loop => match ll_proto {
                ETHERTYPE_IP => self.loopback_linktype(AF_INET),
                ETHERTYPE_IPV6 => match self.null_swapped {
                    // A savefile: any of the BSDs' numbers for IPv6.
                    Some(_) => {
                        let b0 = self.loopback_linktype(24)?;
                        let b1 = self.loopback_linktype(28)?;
                        self.or(b0, b1);
                        let b0 = self.loopback_linktype(30)?;
                        self.or(b0, b1);
                        Ok(b1)
                    }
                    // No file: this system's AF_INET6.
                    None => self.loopback_linktype(AF_INET6),
                },
                _ => Ok(self.uncond(false)),
            },
        }
    }

    /// `gen_uncond` in gencode.c (`gen_true`, `gen_false`): `ld #!v; jeq #0`.
    pub(super) fn uncond(&mut self, v: bool) -> usize {
        let s = self.st(LD | IMM, u32::from(!v));
        let b = self.blk(JMP | JEQ, 0);
        self.g.blocks[b].stmts = vec![s];
        b
    }

    /// `gen_loopback_linktype` in gencode.c: the 4-byte address family, which DLT_NULL stores
    /// in the writer's byte order (this machine's for a live capture).
    fn loopback_linktype(&mut self, af: u32) -> GResult<usize> {
        let mut v = af;
        if self.linktype == Lt::Null {
            if self.null_swapped == Some(true) {
                v = v.swap_bytes();
            }
            v = v.to_be();
        }
        self.cmp(OffRel::LinkHdr, 0, W, v)
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

    /// `gen_linux_sll_linktype` in gencode.c: Linux cooked v1 gives 802.2 frames the protocol
    /// `LINUX_SLL_P_802_2` (4) and Novell's raw 802.3 frames `LINUX_SLL_P_802_3` (1).
    fn sll_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        const P_802_3: u32 = 0x0001;
        const P_802_2: u32 = 0x0004;
        match ll_proto {
            LLCSAP_ISONS | LLCSAP_IP | LLCSAP_NETBEUI => {
                let b0 = self.cmp(OffRel::LinkType, 0, H, P_802_2)?;
                let b1 = self.cmp(OffRel::Llc, 0, H, (ll_proto << 8) | ll_proto)?;
                self.and(b0, b1);
                Ok(b1)
            }
            LLCSAP_IPX => {
                let b0 = self.cmp(OffRel::Llc, 0, B, LLCSAP_IPX)?;
                let b1 = self.snap(0x000000, ETHERTYPE_IPX)?;
                self.or(b0, b1);
                let b0 = self.cmp(OffRel::LinkType, 0, H, P_802_2)?;
                self.and(b0, b1);
                let b0 = self.cmp(OffRel::LinkType, 0, H, P_802_3)?;
                self.or(b0, b1);
                let b0 = self.cmp(OffRel::LinkType, 0, H, ETHERTYPE_IPX)?;
                self.or(b0, b1);
                Ok(b1)
            }
            ETHERTYPE_ATALK | ETHERTYPE_AARP => {
                let b0 = self.cmp(OffRel::LinkType, 0, H, P_802_2)?;
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
            _ if ll_proto <= ETHERMTU => {
                let b0 = self.cmp(OffRel::LinkType, 0, H, P_802_2)?;
                // libpcap reads the DSAP relative to the link-layer header, at the payload's
                // constant offset.
                let at = self.off_linkpl.constant_part;
                let b1 = self.cmp(OffRel::LinkHdr, at, B, ll_proto)?;
                self.and(b0, b1);
                Ok(b1)
            }
            _ => self.cmp(OffRel::LinkType, 0, H, ll_proto),
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
            Lt::Wlan(_) => self.wlan_data_frame(),
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
