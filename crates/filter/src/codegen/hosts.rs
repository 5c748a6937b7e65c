//! Host and network address tests: IPv4, IPv6, Ethernet and DECnet (gencode.c's `gen_host`
//! family).

use super::*;

impl Gen<'_> {
    /// The `bpf_error` calls of the `Q_ADDR1`..`Q_TA` cases in gencode.c's `gen_hostop` and `gen_portop`.
    pub(super) fn dir_error(dir: u8, what: &str) -> GenError {
        GenError::Qualifier(match dir {
            Q_ADDR1 => format!("'addr1' and 'address1' are not valid qualifiers for {what}"),
            Q_ADDR2 => format!("'addr2' and 'address2' are not valid qualifiers for {what}"),
            Q_ADDR3 => format!("'addr3' and 'address3' are not valid qualifiers for {what}"),
            Q_ADDR4 => format!("'addr4' and 'address4' are not valid qualifiers for {what}"),
            Q_RA => format!("'ra' is not a valid qualifier for {what}"),
            _ => format!("'ta' is not a valid qualifier for {what}"),
        })
    }

    #[allow(clippy::too_many_arguments)]
    /// `gen_hostop` in gencode.c.
    pub(super) fn hostop(
        &mut self,
        addr: u32,
        mask: u32,
        dir: u8,
        ll_proto: u32,
        src_off: u32,
        dst_off: u32,
    ) -> GResult<usize> {
        let offset = match dir {
            Q_SRC => src_off,
            Q_DST => dst_off,
            Q_AND | Q_DEFAULT | Q_OR => {
                let b0 = self.hostop(addr, mask, Q_SRC, ll_proto, src_off, dst_off)?;
                let b1 = self.hostop(addr, mask, Q_DST, ll_proto, src_off, dst_off)?;
                if dir == Q_AND {
                    self.and(b0, b1);
                } else {
                    self.or(b0, b1);
                }
                return Ok(b1);
            }
            _ => {
                return Err(Self::dir_error(
                    dir,
                    "addresses other than 802.11 MAC addresses",
                ))
            }
        };
        let b0 = self.linktype(ll_proto)?;
        let b1 = self.mcmp(OffRel::LinkPl, offset, W, addr, mask)?;
        self.and(b0, b1);
        Ok(b1)
    }

    #[allow(clippy::too_many_arguments)]
    /// `gen_hostop6` in gencode.c.
    pub(super) fn hostop6(
        &mut self,
        addr: &[u8; 16],
        mask: &[u8; 16],
        dir: u8,
        ll_proto: u32,
        src_off: u32,
        dst_off: u32,
    ) -> GResult<usize> {
        let offset = match dir {
            Q_SRC => src_off,
            Q_DST => dst_off,
            Q_AND | Q_DEFAULT | Q_OR => {
                let b0 = self.hostop6(addr, mask, Q_SRC, ll_proto, src_off, dst_off)?;
                let b1 = self.hostop6(addr, mask, Q_DST, ll_proto, src_off, dst_off)?;
                if dir == Q_AND {
                    self.and(b0, b1);
                } else {
                    self.or(b0, b1);
                }
                return Ok(b1);
            }
            _ => {
                return Err(Self::dir_error(
                    dir,
                    "addresses other than 802.11 MAC addresses",
                ))
            }
        };
        let w = |x: &[u8; 16], i: usize| {
            u32::from_be_bytes([x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]])
        };
        let b1 = self.mcmp(OffRel::LinkPl, offset + 12, W, w(addr, 3), w(mask, 3))?;
        let b0 = self.mcmp(OffRel::LinkPl, offset + 8, W, w(addr, 2), w(mask, 2))?;
        self.and(b0, b1);
        let b0 = self.mcmp(OffRel::LinkPl, offset + 4, W, w(addr, 1), w(mask, 1))?;
        self.and(b0, b1);
        let b0 = self.mcmp(OffRel::LinkPl, offset, W, w(addr, 0), w(mask, 0))?;
        self.and(b0, b1);
        let b0 = self.linktype(ll_proto)?;
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_ehostop` in gencode.c.
    pub(super) fn ehostop(&mut self, eaddr: &[u8; 6], dir: u8) -> GResult<usize> {
        self.refuse_after_geneve()?;
        match dir {
            Q_SRC => self.bcmp(OffRel::LinkHdr, 6, eaddr),
            Q_DST => self.bcmp(OffRel::LinkHdr, 0, eaddr),
            Q_AND | Q_DEFAULT | Q_OR => {
                let b0 = self.ehostop(eaddr, Q_SRC)?;
                let b1 = self.ehostop(eaddr, Q_DST)?;
                if dir == Q_AND {
                    self.and(b0, b1);
                } else {
                    self.or(b0, b1);
                }
                Ok(b1)
            }
            Q_ADDR1 => Err(GenError::Qualifier(
                "'addr1' and 'address1' are only supported on 802.11 with 802.11 headers".into(),
            )),
            Q_ADDR2 => Err(GenError::Qualifier(
                "'addr2' and 'address2' are only supported on 802.11 with 802.11 headers".into(),
            )),
            Q_ADDR3 => Err(GenError::Qualifier(
                "'addr3' and 'address3' are only supported on 802.11 with 802.11 headers".into(),
            )),
            Q_ADDR4 => Err(GenError::Qualifier(
                "'addr4' and 'address4' are only supported on 802.11 with 802.11 headers".into(),
            )),
            Q_RA => Err(GenError::Qualifier(
                "'ra' is only supported on 802.11 with 802.11 headers".into(),
            )),
            _ => Err(GenError::Qualifier(
                "'ta' is only supported on 802.11 with 802.11 headers".into(),
            )),
        }
    }

    /// `gen_dnhostop` in gencode.c.
    pub(super) fn dnhostop(&mut self, addr: u32, dir: u8) -> GResult<usize> {
        let (offset_sh, offset_lh) = match dir {
            Q_DST => (1, 7),
            Q_SRC => (3, 15),
            Q_AND | Q_DEFAULT | Q_OR => {
                let b0 = self.dnhostop(addr, Q_SRC)?;
                let b1 = self.dnhostop(addr, Q_DST)?;
                if dir == Q_AND {
                    self.and(b0, b1);
                } else {
                    self.or(b0, b1);
                }
                return Ok(b1);
            }
            _ => {
                return Err(Self::dir_error(
                    dir,
                    "addresses other than 802.11 MAC addresses",
                ))
            }
        };
        // libpcap byte-swaps these constants with ntohs() on the little-endian hosts it runs on.
        let sw = |v: u16| u32::from(v.swap_bytes());
        let a = sw(addr as u16);
        let b0 = self.linktype(ETHERTYPE_DN)?;
        let tmp = self.mcmp(OffRel::LinkPl, 2, H, sw(0x0681), sw(0x07ff))?;
        let b1 = self.cmp(OffRel::LinkPl, 2 + 1 + offset_lh, H, a)?;
        self.and(tmp, b1);
        let tmp = self.mcmp(OffRel::LinkPl, 2, B, 0x06, 0x7)?;
        let b2 = self.cmp(OffRel::LinkPl, 2 + offset_lh, H, a)?;
        self.and(tmp, b2);
        self.or(b2, b1);
        let tmp = self.mcmp(OffRel::LinkPl, 2, H, sw(0x0281), sw(0x07ff))?;
        let b2 = self.cmp(OffRel::LinkPl, 2 + 1 + offset_sh, H, a)?;
        self.and(tmp, b2);
        self.or(b2, b1);
        let tmp = self.mcmp(OffRel::LinkPl, 2, B, 0x02, 0x7)?;
        let b2 = self.cmp(OffRel::LinkPl, 2 + offset_sh, H, a)?;
        self.and(tmp, b2);
        self.or(b2, b1);
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_host` in gencode.c.
    pub(super) fn host(
        &mut self,
        addr: u32,
        mask: u32,
        proto: u8,
        dir: u8,
        typ: u8,
    ) -> GResult<usize> {
        let typestr = if typ == Q_NET { "net" } else { "host" };
        match proto {
            Q_DEFAULT => {
                let mut b0 = self.host(addr, mask, Q_IP, dir, typ)?;
                if self.label_stack_depth == 0 {
                    let b1 = self.host(addr, mask, Q_ARP, dir, typ)?;
                    self.or(b0, b1);
                    b0 = self.host(addr, mask, Q_RARP, dir, typ)?;
                    self.or(b1, b0);
                }
                Ok(b0)
            }
            Q_LINK => Err(GenError::Qualifier(format!(
                "link-layer modifier applied to {typestr}"
            ))),
            Q_IP => self.hostop(addr, mask, dir, ETHERTYPE_IP, 12, 16),
            Q_RARP => self.hostop(addr, mask, dir, ETHERTYPE_REVARP, 14, 24),
            Q_ARP => self.hostop(addr, mask, dir, ETHERTYPE_ARP, 14, 24),
            Q_ATALK => Err(GenError::Unsupported(
                "AppleTalk host filtering not implemented".into(),
            )),
            Q_DECNET => self.dnhostop(addr, dir),
            Q_LAT => Err(GenError::Unsupported(
                "LAT host filtering not implemented".into(),
            )),
            Q_SCA => Err(GenError::Unsupported(
                "SCA host filtering not implemented".into(),
            )),
            Q_MOPRC => Err(GenError::Unsupported(
                "MOPRC host filtering not implemented".into(),
            )),
            Q_MOPDL => Err(GenError::Unsupported(
                "MOPDL host filtering not implemented".into(),
            )),
            Q_IPV6 => Err(GenError::Qualifier(
                "'ip6' modifier applied to ip host".into(),
            )),
            Q_AARP => Err(GenError::Unsupported(
                "AARP host filtering not implemented".into(),
            )),
            Q_ISO => Err(GenError::Unsupported(
                "ISO host filtering not implemented".into(),
            )),
            Q_IPX => Err(GenError::Unsupported(
                "IPX host filtering not implemented".into(),
            )),
            p => Err(GenError::Qualifier(format!(
                "'{}' modifier applied to {typestr}",
                pname_str(p)
            ))),
        }
    }

    /// `gen_host6` in gencode.c.
    pub(super) fn host6(
        &mut self,
        addr: &[u8; 16],
        mask: &[u8; 16],
        proto: u8,
        dir: u8,
        typ: u8,
    ) -> GResult<usize> {
        let typestr = if typ == Q_NET { "net" } else { "host" };
        match proto {
            Q_DEFAULT | Q_IPV6 => self.hostop6(addr, mask, dir, ETHERTYPE_IPV6, 8, 24),
            Q_LINK => Err(GenError::Qualifier(format!(
                "link-layer modifier applied to ip6 {typestr}"
            ))),
            Q_ATALK => Err(GenError::Qualifier(format!(
                "AppleTalk modifier applied to ip6 {typestr}"
            ))),
            p => Err(GenError::Qualifier(format!(
                "'{}' modifier applied to ip6 {typestr}",
                pname_str(p)
            ))),
        }
    }
}
