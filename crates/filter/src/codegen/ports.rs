//! TCP, UDP and SCTP port and port range tests over IPv4 and IPv6 (gencode.c's `gen_port`
//! family).

use super::*;

impl Gen<'_> {
    /// `gen_portop` (and `gen_portop6` when `v6`) in gencode.c.
    pub(super) fn portop(&mut self, port: u32, proto: u32, dir: u8, v6: bool) -> GResult<usize> {
        let b0 = if v6 {
            self.cmp(OffRel::LinkPl, 6, B, proto)?
        } else {
            let tmp = self.cmp(OffRel::LinkPl, 9, B, proto)?;
            let b0 = self.ipfrag()?;
            self.and(tmp, b0);
            b0
        };
        let rel = if v6 {
            OffRel::TranIpv6
        } else {
            OffRel::TranIpv4
        };
        let b1 = match dir {
            Q_SRC => self.cmp(rel, 0, H, port)?,
            Q_DST => self.cmp(rel, 2, H, port)?,
            Q_AND | Q_DEFAULT | Q_OR => {
                let tmp = self.cmp(rel, 0, H, port)?;
                let b1 = self.cmp(rel, 2, H, port)?;
                if dir == Q_AND {
                    self.and(tmp, b1);
                } else {
                    self.or(tmp, b1);
                }
                b1
            }
            _ => return Err(Self::dir_error(dir, "ports")),
        };
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_port` (and `gen_port6` when `v6`) in gencode.c.
    pub(super) fn port(&mut self, port: u32, ip_proto: u32, dir: u8, v6: bool) -> GResult<usize> {
        let b0 = self.linktype(if v6 { ETHERTYPE_IPV6 } else { ETHERTYPE_IP })?;
        let b1 = if ip_proto == PROTO_UNDEF {
            let tmp = self.portop(port, IPPROTO_TCP, dir, v6)?;
            let b1 = self.portop(port, IPPROTO_UDP, dir, v6)?;
            self.or(tmp, b1);
            let tmp = self.portop(port, IPPROTO_SCTP, dir, v6)?;
            self.or(tmp, b1);
            b1
        } else {
            self.portop(port, ip_proto, dir, v6)?
        };
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_portrangeatom` (and `gen_portrangeatom6` when `v6`) in gencode.c.
    pub(super) fn portrangeatom(&mut self, off: u32, v1: u32, v2: u32, v6: bool) -> GResult<usize> {
        let (v1, v2) = if v1 > v2 { (v2, v1) } else { (v1, v2) };
        let rel = if v6 {
            OffRel::TranIpv6
        } else {
            OffRel::TranIpv4
        };
        let b1 = self.cmp_ge(rel, off, H, v1)?;
        let b2 = self.cmp_le(rel, off, H, v2)?;
        self.and(b1, b2);
        Ok(b2)
    }

    /// `gen_portrangeop` (and `gen_portrangeop6` when `v6`) in gencode.c.
    pub(super) fn portrangeop(
        &mut self,
        p1: u32,
        p2: u32,
        proto: u32,
        dir: u8,
        v6: bool,
    ) -> GResult<usize> {
        let b0 = if v6 {
            self.cmp(OffRel::LinkPl, 6, B, proto)?
        } else {
            let tmp = self.cmp(OffRel::LinkPl, 9, B, proto)?;
            let b0 = self.ipfrag()?;
            self.and(tmp, b0);
            b0
        };
        let b1 = match dir {
            Q_SRC => self.portrangeatom(0, p1, p2, v6)?,
            Q_DST => self.portrangeatom(2, p1, p2, v6)?,
            Q_AND | Q_DEFAULT | Q_OR => {
                let tmp = self.portrangeatom(0, p1, p2, v6)?;
                let b1 = self.portrangeatom(2, p1, p2, v6)?;
                if dir == Q_AND {
                    self.and(tmp, b1);
                } else {
                    self.or(tmp, b1);
                }
                b1
            }
            _ => return Err(Self::dir_error(dir, "port ranges")),
        };
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_portrange` (and `gen_portrange6` when `v6`) in gencode.c.
    pub(super) fn portrange(
        &mut self,
        p1: u32,
        p2: u32,
        ip_proto: u32,
        dir: u8,
        v6: bool,
    ) -> GResult<usize> {
        let b0 = self.linktype(if v6 { ETHERTYPE_IPV6 } else { ETHERTYPE_IP })?;
        let b1 = if ip_proto == PROTO_UNDEF {
            let tmp = self.portrangeop(p1, p2, IPPROTO_TCP, dir, v6)?;
            let b1 = self.portrangeop(p1, p2, IPPROTO_UDP, dir, v6)?;
            self.or(tmp, b1);
            let tmp = self.portrangeop(p1, p2, IPPROTO_SCTP, dir, v6)?;
            self.or(tmp, b1);
            b1
        } else {
            self.portrangeop(p1, p2, ip_proto, dir, v6)?
        };
        self.and(b0, b1);
        Ok(b1)
    }

    /// `gen_port` or'ed with `gen_port6`, as `gen_scode` and `gen_ncode` in gencode.c do for `port`.
    pub(super) fn both_ports(&mut self, port: u32, proto: u32, dir: u8) -> GResult<usize> {
        let b = self.port(port, proto, dir, false)?;
        let b6 = self.port(port, proto, dir, true)?;
        self.or(b6, b);
        Ok(b)
    }

    /// `gen_portrange` or'ed with `gen_portrange6`, as `gen_scode` and `gen_ncode` in gencode.c do for `portrange`.
    pub(super) fn both_portranges(
        &mut self,
        p1: u32,
        p2: u32,
        proto: u32,
        dir: u8,
    ) -> GResult<usize> {
        let b = self.portrange(p1, p2, proto, dir, false)?;
        let b6 = self.portrange(p1, p2, proto, dir, true)?;
        self.or(b6, b);
        Ok(b)
    }
}
