//! Protocol tests: the protocol keywords, `proto N` and the IPv4 fragment test (gencode.c's
//! `gen_proto_abbrev_internal`, `gen_proto`).

use super::*;

impl Gen<'_> {
    /// `gen_proto_abbrev_internal` in gencode.c.
    pub(super) fn proto_abbrev(&mut self, proto: u8) -> GResult<usize> {
        Ok(match proto {
            Q_SCTP => self.proto(IPPROTO_SCTP, Q_DEFAULT, Q_DEFAULT)?,
            Q_TCP => self.proto(IPPROTO_TCP, Q_DEFAULT, Q_DEFAULT)?,
            Q_UDP => self.proto(IPPROTO_UDP, Q_DEFAULT, Q_DEFAULT)?,
            Q_ICMP => self.proto(IPPROTO_ICMP, Q_IP, Q_DEFAULT)?,
            Q_IGMP => self.proto(IPPROTO_IGMP, Q_IP, Q_DEFAULT)?,
            Q_IGRP => self.proto(IPPROTO_IGRP, Q_IP, Q_DEFAULT)?,
            Q_PIM => self.proto(IPPROTO_PIM, Q_DEFAULT, Q_DEFAULT)?,
            Q_VRRP => self.proto(IPPROTO_VRRP, Q_IP, Q_DEFAULT)?,
            Q_CARP => self.proto(IPPROTO_VRRP, Q_IP, Q_DEFAULT)?,
            Q_IP => self.linktype(ETHERTYPE_IP)?,
            Q_ARP => self.linktype(ETHERTYPE_ARP)?,
            Q_RARP => self.linktype(ETHERTYPE_REVARP)?,
            Q_LINK => {
                return Err(GenError::Qualifier(
                    "link layer applied in wrong context".into(),
                ))
            }
            Q_ATALK => self.linktype(ETHERTYPE_ATALK)?,
            Q_AARP => self.linktype(ETHERTYPE_AARP)?,
            Q_DECNET => self.linktype(ETHERTYPE_DN)?,
            Q_SCA => self.linktype(ETHERTYPE_SCA)?,
            Q_LAT => self.linktype(ETHERTYPE_LAT)?,
            Q_MOPDL => self.linktype(ETHERTYPE_MOPDL)?,
            Q_MOPRC => self.linktype(ETHERTYPE_MOPRC)?,
            Q_IPV6 => self.linktype(ETHERTYPE_IPV6)?,
            Q_ICMPV6 => self.proto(IPPROTO_ICMPV6, Q_IPV6, Q_DEFAULT)?,
            Q_AH => self.proto(IPPROTO_AH, Q_DEFAULT, Q_DEFAULT)?,
            Q_ESP => self.proto(IPPROTO_ESP, Q_DEFAULT, Q_DEFAULT)?,
            Q_ISO => self.linktype(LLCSAP_ISONS)?,
            Q_ESIS => self.proto(0x82, Q_ISO, Q_DEFAULT)?,
            Q_ISIS => self.proto(0x83, Q_ISO, Q_DEFAULT)?,
            Q_ISIS_L1 => self.isis_types(&[15, 17, 18, 24, 26])?,
            Q_ISIS_L2 => self.isis_types(&[16, 17, 20, 25, 27])?,
            Q_ISIS_IIH => self.isis_types(&[15, 16, 17])?,
            Q_ISIS_LSP => self.isis_types(&[18, 20])?,
            Q_ISIS_SNP => self.isis_types(&[24, 25, 26, 27])?,
            Q_ISIS_CSNP => self.isis_types(&[24, 25])?,
            Q_ISIS_PSNP => self.isis_types(&[26, 27])?,
            Q_CLNP => self.proto(0x81, Q_ISO, Q_DEFAULT)?,
            Q_STP => self.linktype(LLCSAP_8021D)?,
            Q_IPX => self.linktype(LLCSAP_IPX)?,
            Q_NETBEUI => self.linktype(LLCSAP_NETBEUI)?,
            _ => {
                return Err(GenError::Unsupported(
                    "'radio' is not a valid protocol type".into(),
                ))
            }
        })
    }

    /// The IS-IS PDU type lists of `gen_proto_abbrev_internal` in gencode.c: `b0 = first;
    /// b1 = second; or; then each further one or'ed in`.
    pub(super) fn isis_types(&mut self, types: &[u32]) -> GResult<usize> {
        let b0 = self.proto(types[0], Q_ISIS, Q_DEFAULT)?;
        let b1 = self.proto(types[1], Q_ISIS, Q_DEFAULT)?;
        self.or(b0, b1);
        for &t in &types[2..] {
            let b0 = self.proto(t, Q_ISIS, Q_DEFAULT)?;
            self.or(b0, b1);
        }
        Ok(b1)
    }

    /// `gen_proto` in gencode.c.
    pub(super) fn proto(&mut self, v: u32, proto: u8, dir: u8) -> GResult<usize> {
        if dir != Q_DEFAULT {
            return Err(GenError::Qualifier("direction applied to 'proto'".into()));
        }
        match proto {
            Q_DEFAULT => {
                let b0 = self.proto(v, Q_IP, dir)?;
                let b1 = self.proto(v, Q_IPV6, dir)?;
                self.or(b0, b1);
                Ok(b1)
            }
            Q_LINK => self.linktype(v),
            Q_IP => {
                let b0 = self.linktype(ETHERTYPE_IP)?;
                let b1 = self.cmp(OffRel::LinkPl, 9, B, v)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_ARP => Err(GenError::Qualifier(
                "arp does not encapsulate another protocol".into(),
            )),
            Q_RARP => Err(GenError::Qualifier(
                "rarp does not encapsulate another protocol".into(),
            )),
            Q_ATALK => Err(GenError::Qualifier(
                "AppleTalk encapsulation is not specifiable".into(),
            )),
            Q_DECNET => Err(GenError::Qualifier(
                "DECNET encapsulation is not specifiable".into(),
            )),
            Q_LAT => Err(GenError::Qualifier(
                "LAT does not encapsulate another protocol".into(),
            )),
            Q_SCA => Err(GenError::Qualifier(
                "SCA does not encapsulate another protocol".into(),
            )),
            Q_MOPRC => Err(GenError::Qualifier(
                "MOPRC does not encapsulate another protocol".into(),
            )),
            Q_MOPDL => Err(GenError::Qualifier(
                "MOPDL does not encapsulate another protocol".into(),
            )),
            Q_IPV6 => {
                let b0 = self.linktype(ETHERTYPE_IPV6)?;
                let b2 = self.cmp(OffRel::LinkPl, 6, B, IPPROTO_FRAGMENT)?;
                let b1 = self.cmp(OffRel::LinkPl, 40, B, v)?;
                self.and(b2, b1);
                let b2 = self.cmp(OffRel::LinkPl, 6, B, v)?;
                self.or(b2, b1);
                self.and(b0, b1);
                Ok(b1)
            }
            // Cisco HDLC marks OSI with the type 0xfefe and a fudge byte before the NLPID.
            Q_ISO if self.linktype == Lt::Chdlc => {
                let b0 = self.linktype((LLCSAP_ISONS << 8) | LLCSAP_ISONS)?;
                let b1 = self.cmp(OffRel::LinkPlNoSnap, 1, B, v)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_ISO => {
                let b0 = self.linktype(LLCSAP_ISONS)?;
                let b1 = self.cmp(OffRel::LinkPlNoSnap, 0, B, v)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_ISIS => {
                let b0 = self.proto(0x83, Q_ISO, Q_DEFAULT)?;
                let b1 = self.cmp(OffRel::LinkPlNoSnap, 4, B, v)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_CLNP => Err(GenError::Unsupported(
                "'clnp proto' is not supported".into(),
            )),
            p => Err(GenError::Qualifier(format!(
                "'{} proto' is bogus",
                pname_str(p)
            ))),
        }
    }

    /// `gen_ipfrag` in gencode.c.
    pub(super) fn ipfrag(&mut self) -> GResult<usize> {
        let s = self.load_a(OffRel::LinkPl, 6, H)?;
        let b = self.blk(JMP | JSET, 0x1fff);
        self.g.blocks[b].stmts = s;
        self.not(b);
        Ok(b)
    }
}
