//! ICMPv6 messages (RFC 4443) and neighbour discovery (RFC 4861): router and neighbour
//! solicitations and advertisements with their source/target link-layer address options.

use std::net::Ipv6Addr;

use super::checksum::PseudoHeader;
use super::ethernet::mac;
use super::ipv6::addr;
use super::{check_len, get16, get32, put16, put32, Error, Field, Result};
use crate::ip_proto;

/// Field offsets of the ICMPv6 header and of the neighbour discovery messages' bodies.
pub mod field {
    use super::Field;
    /// The type.
    pub const TYPE: usize = 0;
    /// The code.
    pub const CODE: usize = 1;
    /// The checksum.
    pub const CHECKSUM: Field = 2..4;
    /// The identifier of echo messages.
    pub const ECHO_IDENT: Field = 4..6;
    /// The sequence number of echo messages.
    pub const ECHO_SEQ: Field = 6..8;
    /// The MTU of "packet too big", the pointer of "parameter problem".
    pub const REST: Field = 4..8;
    /// A router advertisement's current hop limit.
    pub const RA_HOP_LIMIT: usize = 4;
    /// A router advertisement's flags (M, O, ...).
    pub const RA_FLAGS: usize = 5;
    /// A router advertisement's router lifetime.
    pub const RA_LIFETIME: Field = 6..8;
    /// A router advertisement's reachable time.
    pub const RA_REACHABLE: Field = 8..12;
    /// A router advertisement's retransmission timer.
    pub const RA_RETRANS: Field = 12..16;
    /// A neighbour advertisement's flags (R, S, O).
    pub const NA_FLAGS: usize = 4;
    /// The target address of a neighbour solicitation or advertisement (and of a redirect).
    pub const TARGET: Field = 8..24;
    /// A redirect's destination address.
    pub const REDIRECT_DST: Field = 24..40;
    /// The MTU of a packet too big message.
    pub const MTU: Field = 4..8;
    /// The pointer of a parameter problem: the offset of the octet in error.
    pub const PPTR: Field = 4..8;
    /// The maximum response delay of MLD messages (RFC 2710).
    pub const MLD_MAX_DELAY: Field = 4..6;
    /// The multicast address of MLD messages.
    pub const MLD_ADDR: Field = 8..24;
    /// The number of sources of an MLDv2 query (RFC 3810).
    pub const MLDV2_NUM_SOURCES: Field = 26..28;
    /// The first source address of an MLDv2 query.
    pub const MLDV2_SOURCES: usize = 28;
    /// The number of group records of an MLDv2 report.
    pub const MLDV2_NUM_RECORDS: Field = 6..8;
    /// The identifier of Mobile IPv6 home agent address discovery and mobile prefix messages
    /// (RFC 6275).
    pub const MIP_IDENT: Field = 4..6;
}

/// The length of the ICMPv6 header.
pub const HEADER_LEN: usize = 8;

/// Destination unreachable.
pub const DST_UNREACH: u8 = 1;
/// Packet too big.
pub const PACKET_TOO_BIG: u8 = 2;
/// Time exceeded.
pub const TIME_EXCEEDED: u8 = 3;
/// Parameter problem.
pub const PARAM_PROB: u8 = 4;
/// Echo request.
pub const ECHO_REQUEST: u8 = 128;
/// Echo reply.
pub const ECHO_REPLY: u8 = 129;
/// Multicast listener query.
pub const MLD_QUERY: u8 = 130;
/// Multicast listener report.
pub const MLD_REPORT: u8 = 131;
/// Multicast listener done.
pub const MLD_DONE: u8 = 132;
/// Router solicitation.
pub const ROUTER_SOLICIT: u8 = 133;
/// Router advertisement.
pub const ROUTER_ADVERT: u8 = 134;
/// Neighbour solicitation.
pub const NEIGHBOR_SOLICIT: u8 = 135;
/// Neighbour advertisement.
pub const NEIGHBOR_ADVERT: u8 = 136;
/// Redirect.
pub const REDIRECT: u8 = 137;
/// Multicast listener report, version 2.
pub const MLDV2_REPORT: u8 = 143;

/// Neighbour discovery option: source link-layer address.
pub const OPT_SOURCE_LLADDR: u8 = 1;
/// Neighbour discovery option: target link-layer address.
pub const OPT_TARGET_LLADDR: u8 = 2;
/// Neighbour discovery option: prefix information.
pub const OPT_PREFIX_INFO: u8 = 3;
/// Neighbour discovery option: redirected header.
pub const OPT_REDIRECTED_HDR: u8 = 4;
/// Neighbour discovery option: MTU.
pub const OPT_MTU: u8 = 5;

/// Neighbour advertisement flag: the sender is a router.
pub const NA_ROUTER: u8 = 0x80;
/// Neighbour advertisement flag: sent in response to a solicitation.
pub const NA_SOLICITED: u8 = 0x40;
/// Neighbour advertisement flag: override an existing cache entry.
pub const NA_OVERRIDE: u8 = 0x20;

/// A checked view of an ICMPv6 message: the header is there.
#[derive(Debug, Clone, Copy)]
pub struct Packet<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Packet<T> {
    /// Views `buffer`, checking it holds the header.
    pub fn new_checked(buffer: T) -> Result<Self> {
        check_len(buffer.as_ref(), HEADER_LEN)?;
        Ok(Packet { buffer })
    }
    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }
    /// The type.
    pub fn msg_type(&self) -> u8 {
        self.b()[field::TYPE]
    }
    /// The code.
    pub fn code(&self) -> u8 {
        self.b()[field::CODE]
    }
    /// The checksum.
    pub fn checksum(&self) -> u16 {
        get16(self.b(), field::CHECKSUM.start)
    }
    /// The 4 bytes after the checksum.
    pub fn rest(&self) -> u32 {
        get32(self.b(), field::REST.start)
    }
    /// The bytes after the header.
    pub fn data(&self) -> &[u8] {
        &self.b()[HEADER_LEN..]
    }
    /// Whether the checksum over the whole buffer verifies under `ph`.
    pub fn verify_checksum(&self, ph: &PseudoHeader) -> bool {
        ph.verify(ip_proto::ICMPV6, self.b())
    }
}

/// The length of the fixed body (before the options) of a neighbour discovery message, header
/// included; `None` for other types.
pub fn ndisc_fixed_len(msg_type: u8) -> Option<usize> {
    match msg_type {
        ROUTER_SOLICIT => Some(8),
        ROUTER_ADVERT => Some(16),
        NEIGHBOR_SOLICIT | NEIGHBOR_ADVERT => Some(24),
        REDIRECT => Some(40),
        _ => None,
    }
}

/// Finds the first Ethernet link-layer address option of `kind` in neighbour discovery
/// options; a zero-length option is [`Error::Malformed`].
pub fn find_lladdr(mut opts: &[u8], kind: u8) -> Result<Option<[u8; 6]>> {
    while opts.len() >= 2 {
        let len = usize::from(opts[1]) * 8;
        if len == 0 {
            return Err(Error::Malformed);
        }
        check_len(opts, len)?;
        if opts[0] == kind && len == 8 {
            return Ok(Some(mac(&opts[2..8])));
        }
        opts = &opts[len..];
    }
    Ok(None)
}

/// A neighbour discovery message with the options the sniffer detector and the virtual switch
/// need (an Ethernet source or target link-layer address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NdiscRepr {
    /// A router solicitation.
    RouterSolicit {
        /// The source link-layer address option.
        lladdr: Option<[u8; 6]>,
    },
    /// A router advertisement.
    RouterAdvert {
        /// The current hop limit to use.
        hop_limit: u8,
        /// The M/O/... flags byte.
        flags: u8,
        /// The router lifetime in seconds.
        router_lifetime: u16,
        /// The reachable time in milliseconds.
        reachable_time: u32,
        /// The retransmission timer in milliseconds.
        retrans_time: u32,
        /// The source link-layer address option.
        lladdr: Option<[u8; 6]>,
    },
    /// A neighbour solicitation.
    NeighborSolicit {
        /// The address asked about.
        target: Ipv6Addr,
        /// The source link-layer address option.
        lladdr: Option<[u8; 6]>,
    },
    /// A neighbour advertisement.
    NeighborAdvert {
        /// The [`NA_ROUTER`], [`NA_SOLICITED`] and [`NA_OVERRIDE`] flags.
        flags: u8,
        /// The address advertised.
        target: Ipv6Addr,
        /// The target link-layer address option.
        lladdr: Option<[u8; 6]>,
    },
}

/// An ICMPv6 message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repr<'a> {
    /// An echo request.
    EchoRequest {
        /// The identifier.
        ident: u16,
        /// The sequence number.
        seq: u16,
        /// The data.
        data: &'a [u8],
    },
    /// An echo reply.
    EchoReply {
        /// The identifier.
        ident: u16,
        /// The sequence number.
        seq: u16,
        /// The data.
        data: &'a [u8],
    },
    /// A neighbour discovery message.
    Ndisc(NdiscRepr),
}

impl<'a> Repr<'a> {
    /// Reads a checked message (the whole buffer), checking its checksum under `ph`; types
    /// other than echo and RS/RA/NS/NA are [`Error::Malformed`].
    pub fn parse(p: &Packet<&'a [u8]>, ph: &PseudoHeader) -> Result<Repr<'a>> {
        if !p.verify_checksum(ph) {
            return Err(Error::Malformed);
        }
        let b: &'a [u8] = p.buffer;
        let t = p.msg_type();
        let echo = || {
            (
                get16(b, field::ECHO_IDENT.start),
                get16(b, field::ECHO_SEQ.start),
            )
        };
        match t {
            ECHO_REQUEST => {
                let (ident, seq) = echo();
                return Ok(Repr::EchoRequest {
                    ident,
                    seq,
                    data: &b[HEADER_LEN..],
                });
            }
            ECHO_REPLY => {
                let (ident, seq) = echo();
                return Ok(Repr::EchoReply {
                    ident,
                    seq,
                    data: &b[HEADER_LEN..],
                });
            }
            _ => {}
        }
        let fixed = ndisc_fixed_len(t).ok_or(Error::Malformed)?;
        check_len(b, fixed)?;
        let opts = &b[fixed..];
        let target = || addr(&b[field::TARGET]);
        Ok(Repr::Ndisc(match t {
            ROUTER_SOLICIT => NdiscRepr::RouterSolicit {
                lladdr: find_lladdr(opts, OPT_SOURCE_LLADDR)?,
            },
            ROUTER_ADVERT => NdiscRepr::RouterAdvert {
                hop_limit: b[field::RA_HOP_LIMIT],
                flags: b[field::RA_FLAGS],
                router_lifetime: get16(b, field::RA_LIFETIME.start),
                reachable_time: get32(b, field::RA_REACHABLE.start),
                retrans_time: get32(b, field::RA_RETRANS.start),
                lladdr: find_lladdr(opts, OPT_SOURCE_LLADDR)?,
            },
            NEIGHBOR_SOLICIT => NdiscRepr::NeighborSolicit {
                target: target(),
                lladdr: find_lladdr(opts, OPT_SOURCE_LLADDR)?,
            },
            NEIGHBOR_ADVERT => NdiscRepr::NeighborAdvert {
                flags: b[field::NA_FLAGS],
                target: target(),
                lladdr: find_lladdr(opts, OPT_TARGET_LLADDR)?,
            },
            _ => return Err(Error::Malformed),
        }))
    }

    /// The length [`Repr::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        let ll = |o: &Option<[u8; 6]>| if o.is_some() { 8 } else { 0 };
        match self {
            Repr::EchoRequest { data, .. } | Repr::EchoReply { data, .. } => {
                HEADER_LEN + data.len()
            }
            Repr::Ndisc(n) => match n {
                NdiscRepr::RouterSolicit { lladdr } => 8 + ll(lladdr),
                NdiscRepr::RouterAdvert { lladdr, .. } => 16 + ll(lladdr),
                NdiscRepr::NeighborSolicit { lladdr, .. }
                | NdiscRepr::NeighborAdvert { lladdr, .. } => 24 + ll(lladdr),
            },
        }
    }

    /// Writes the message into the first [`Repr::buffer_len`] bytes of `buf`, with the
    /// checksum under `ph` (the IPv6 header's addresses).
    pub fn emit(&self, buf: &mut [u8], ph: &PseudoHeader) -> Result<()> {
        let len = self.buffer_len();
        check_len(buf, len)?;
        let d = &mut buf[..len];
        d.fill(0);
        let opt = |d: &mut [u8], at: usize, kind: u8, ll: &Option<[u8; 6]>| {
            if let Some(m) = ll {
                d[at] = kind;
                d[at + 1] = 1;
                d[at + 2..at + 8].copy_from_slice(m);
            }
        };
        match self {
            Repr::EchoRequest { ident, seq, data } | Repr::EchoReply { ident, seq, data } => {
                d[field::TYPE] = if matches!(self, Repr::EchoRequest { .. }) {
                    ECHO_REQUEST
                } else {
                    ECHO_REPLY
                };
                put16(d, field::ECHO_IDENT.start, *ident);
                put16(d, field::ECHO_SEQ.start, *seq);
                d[HEADER_LEN..].copy_from_slice(data);
            }
            Repr::Ndisc(NdiscRepr::RouterSolicit { lladdr }) => {
                d[field::TYPE] = ROUTER_SOLICIT;
                opt(d, 8, OPT_SOURCE_LLADDR, lladdr);
            }
            Repr::Ndisc(NdiscRepr::RouterAdvert {
                hop_limit,
                flags,
                router_lifetime,
                reachable_time,
                retrans_time,
                lladdr,
            }) => {
                d[field::TYPE] = ROUTER_ADVERT;
                d[field::RA_HOP_LIMIT] = *hop_limit;
                d[field::RA_FLAGS] = *flags;
                put16(d, field::RA_LIFETIME.start, *router_lifetime);
                put32(d, field::RA_REACHABLE.start, *reachable_time);
                put32(d, field::RA_RETRANS.start, *retrans_time);
                opt(d, 16, OPT_SOURCE_LLADDR, lladdr);
            }
            Repr::Ndisc(NdiscRepr::NeighborSolicit { target, lladdr }) => {
                d[field::TYPE] = NEIGHBOR_SOLICIT;
                d[field::TARGET].copy_from_slice(&target.octets());
                opt(d, 24, OPT_SOURCE_LLADDR, lladdr);
            }
            Repr::Ndisc(NdiscRepr::NeighborAdvert {
                flags,
                target,
                lladdr,
            }) => {
                d[field::TYPE] = NEIGHBOR_ADVERT;
                d[field::NA_FLAGS] = *flags;
                d[field::TARGET].copy_from_slice(&target.octets());
                opt(d, 24, OPT_TARGET_LLADDR, lladdr);
            }
        }
        let c = ph.checksum(ip_proto::ICMPV6, d);
        put16(d, field::CHECKSUM.start, c);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph() -> PseudoHeader {
        PseudoHeader::V6 {
            src: "fe80::1".parse().unwrap(),
            dst: "ff02::1:ff00:2".parse().unwrap(),
        }
    }

    fn round_trip(r: Repr<'_>) {
        let mut b = vec![0u8; r.buffer_len()];
        r.emit(&mut b, &ph()).unwrap();
        let p = Packet::new_checked(&b[..]).unwrap();
        assert!(p.verify_checksum(&ph()));
        assert_eq!(Repr::parse(&p, &ph()).unwrap(), r);
        b[HEADER_LEN - 1] ^= 0x10;
        let p = Packet::new_checked(&b[..]).unwrap();
        assert_eq!(Repr::parse(&p, &ph()), Err(Error::Malformed));
    }

    #[test]
    fn all_kinds_round_trip() {
        let m = Some([2, 0, 0, 0, 0, 1]);
        let target = "fe80::2".parse().unwrap();
        round_trip(Repr::EchoRequest {
            ident: 1,
            seq: 2,
            data: b"ping",
        });
        round_trip(Repr::EchoReply {
            ident: 1,
            seq: 2,
            data: b"",
        });
        round_trip(Repr::Ndisc(NdiscRepr::RouterSolicit { lladdr: m }));
        round_trip(Repr::Ndisc(NdiscRepr::RouterSolicit { lladdr: None }));
        round_trip(Repr::Ndisc(NdiscRepr::RouterAdvert {
            hop_limit: 64,
            flags: 0xc0,
            router_lifetime: 1800,
            reachable_time: 30000,
            retrans_time: 1000,
            lladdr: m,
        }));
        round_trip(Repr::Ndisc(NdiscRepr::NeighborSolicit {
            target,
            lladdr: m,
        }));
        round_trip(Repr::Ndisc(NdiscRepr::NeighborAdvert {
            flags: NA_SOLICITED | NA_OVERRIDE,
            target,
            lladdr: m,
        }));
    }

    #[test]
    fn a_zero_length_option_is_malformed() {
        assert_eq!(find_lladdr(&[1, 0, 0, 0], 1), Err(Error::Malformed));
        assert_eq!(find_lladdr(&[1, 1, 0, 0], 1), Err(Error::Truncated));
        assert_eq!(
            find_lladdr(&[3, 1, 0, 0, 0, 0, 0, 0, 1, 1, 9, 9, 9, 9, 9, 9], 1),
            Ok(Some([9; 6]))
        );
    }
}
