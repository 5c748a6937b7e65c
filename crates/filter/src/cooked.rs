//! Programs for a cooked (`SOCK_DGRAM`) Linux packet socket.
//!
//! A program compiled for `LINKTYPE_LINUX_SLL2` (or `LINKTYPE_LINUX_SLL`) reads the cooked
//! header at the front of the packet. On a cooked socket the kernel runs the filter on data
//! that starts at the network header: the cooked header does not exist there, and only some of
//! its fields can be reached, through the ancillary loads (`SKF_AD_PROTOCOL`,
//! `SKF_AD_PKTTYPE`, `SKF_AD_IFINDEX`, `SKF_AD_HATYPE`). [`for_cooked_socket`] rewrites a
//! program for that layout, as libpcap's `fix_program` does, and says when it cannot: then the
//! caller must filter in user space on the cooked record instead.

use crate::bpf::*;
use crate::{Insn, Program};
use promisc_wire::LinkType;

/// One cooked-header field the kernel exposes as ancillary data: (offset, size, ancillary).
type Field = (u32, u16, u32);

/// The fields of the 20-byte `LINUX_SLL2` header the kernel can give a filter.
const SLL2_FIELDS: &[Field] = &[
    (0, H, SKF_AD_PROTOCOL),
    (4, W, SKF_AD_IFINDEX),
    (8, H, SKF_AD_HATYPE),
    (10, B, SKF_AD_PKTTYPE),
];

/// The fields of the 16-byte `LINUX_SLL` header the kernel can give a filter.
const SLL_FIELDS: &[Field] = &[
    (0, H, SKF_AD_PKTTYPE),
    (2, H, SKF_AD_HATYPE),
    (14, H, SKF_AD_PROTOCOL),
];

/// Why a program cannot run on a cooked socket as it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotCookable {
    /// The link type has no cooked header (only 113 and 276 do).
    #[error("link type {0} is not a Linux cooked header")]
    LinkType(u32),
    /// Instruction `at` reads a part of the cooked header the kernel does not expose.
    #[error("instruction {at} reads byte {offset} of the cooked header, which the kernel does not give a filter")]
    Header {
        /// The instruction's index.
        at: usize,
        /// The header offset it reads.
        offset: u32,
    },
    /// The kernel refuses the program itself (`protochain`'s backward jump): the whole
    /// program runs in user space, on any socket.
    #[error("{0}")]
    Kernel(crate::ValidationError),
    /// Instruction `at` reads the packet length, which on a cooked socket lacks the header.
    #[error("instruction {at} reads the packet length, which the kernel counts without the cooked header")]
    Length {
        /// The instruction's index.
        at: usize,
    },
}

/// Rewrites `p`, compiled for the cooked link type `linktype` (276 `LINUX_SLL2` or 113
/// `LINUX_SLL`), so that the kernel can run it on a cooked socket, where packet data starts
/// at the network header.
///
/// Loads past the cooked header move back by its length; loads of the protocol, interface
/// index, device type and packet type become ancillary loads. Any other read of the header
/// (the link-layer address, its length), an indexed read that could land in the header, and
/// any read of the packet length (which the kernel counts without the header) make the
/// program uncookable: the caller must then attach no program and run `p` itself on each
/// cooked record (libpcap falls back to user-space filtering the same way).
pub fn for_cooked_socket(p: &Program, linktype: u32) -> Result<Program, NotCookable> {
    let (hdr, fields) = match linktype {
        t if t == LinkType::LINUX_SLL2.0 => (20u32, SLL2_FIELDS),
        t if t == LinkType::LINUX_SLL.0 => (16u32, SLL_FIELDS),
        other => return Err(NotCookable::LinkType(other)),
    };
    let mut out = Vec::with_capacity(p.0.len());
    for (at, insn) in p.0.iter().enumerate() {
        out.push(cook_one(*insn, at, hdr, fields)?);
    }
    Ok(Program(out))
}

/// One instruction of [`for_cooked_socket`].
fn cook_one(insn: Insn, at: usize, hdr: u32, fields: &[Field]) -> Result<Insn, NotCookable> {
    let class = insn.code & 0x07;
    if class != LD && class != LDX {
        return Ok(insn);
    }
    let mode = insn.code & 0xe0;
    let size = insn.code & 0x18;
    // Negative offsets are the kernel's own extensions (SKF_AD_OFF, SKF_NET_OFF, SKF_LL_OFF):
    // they mean the same on every socket.
    let special = insn.k >= 0x8000_0000;
    match mode {
        LEN => Err(NotCookable::Length { at }),
        ABS if class == LD && !special => {
            if insn.k >= hdr {
                return Ok(Insn {
                    k: insn.k - hdr,
                    ..insn
                });
            }
            fields
                .iter()
                .find(|&&(off, sz, _)| off == insn.k && sz == size)
                .map(|&(_, _, ad)| Insn {
                    k: SKF_AD_OFF.wrapping_add(ad),
                    ..insn
                })
                .ok_or(NotCookable::Header { at, offset: insn.k })
        }
        IND | MSH if !special => {
            if insn.k >= hdr {
                Ok(Insn {
                    k: insn.k - hdr,
                    ..insn
                })
            } else {
                Err(NotCookable::Header { at, offset: insn.k })
            }
        }
        _ => Ok(insn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile, run, CompileTarget, Meta, NoResolver, Options};

    fn sll2(e: &str) -> Program {
        let opts = Options {
            linktype: 276,
            target: CompileTarget::LiveLinux,
            ..Options::default()
        };
        compile(e, &opts, &NoResolver).unwrap()
    }

    #[test]
    fn protocol_and_network_loads_are_rewritten() {
        let p = for_cooked_socket(&sll2("ip and udp port 9"), 276).unwrap();
        // The EtherType test reads the protocol; IPv4's protocol byte is at 9 of the payload.
        assert_eq!(p.0[0].k, SKF_AD_OFF + SKF_AD_PROTOCOL, "{p:?}");
        assert!(
            p.0.iter().any(|i| i.code == LD | B | ABS && i.k == 9),
            "{p:?}"
        );
        assert!(p
            .0
            .iter()
            .all(|i| (i.code & 0x07 != LD && i.code & 0x07 != LDX)
                || i.code & 0xe0 == IMM
                || i.code & 0xe0 == MEM
                || i.k < 0x8000_0000
                || i.k >= SKF_AD_OFF));
    }

    #[test]
    fn direction_and_ifindex_become_ancillary() {
        let p = for_cooked_socket(&sll2("inbound and ifindex 3"), 276).unwrap();
        let ks: Vec<u32> =
            p.0.iter()
                .filter(|i| i.code & 0x07 == LD)
                .map(|i| i.k)
                .collect();
        assert!(ks.contains(&(SKF_AD_OFF + SKF_AD_PKTTYPE)), "{p:?}");
        assert!(ks.contains(&(SKF_AD_OFF + SKF_AD_IFINDEX)), "{p:?}");
    }

    #[test]
    fn header_address_and_length_are_refused() {
        assert_eq!(
            for_cooked_socket(&sll2("link[12] == 2"), 276),
            Err(NotCookable::Header { at: 0, offset: 12 })
        );
        assert!(matches!(
            for_cooked_socket(&sll2("greater 100"), 276),
            Err(NotCookable::Length { .. })
        ));
        assert_eq!(
            for_cooked_socket(&sll2("ip"), 1),
            Err(NotCookable::LinkType(1))
        );
    }

    #[test]
    fn sll_v1_fields() {
        let p = Program(vec![
            Insn {
                code: LD | H | ABS,
                jt: 0,
                jf: 0,
                k: 14,
            },
            Insn {
                code: LD | H | ABS,
                jt: 0,
                jf: 0,
                k: 0,
            },
            Insn {
                code: LD | B | ABS,
                jt: 0,
                jf: 0,
                k: 16,
            },
            Insn {
                code: RET | K,
                jt: 0,
                jf: 0,
                k: 1,
            },
        ]);
        let c = for_cooked_socket(&p, 113).unwrap();
        assert_eq!(c.0[0].k, SKF_AD_OFF + SKF_AD_PROTOCOL);
        assert_eq!(c.0[1].k, SKF_AD_OFF + SKF_AD_PKTTYPE);
        assert_eq!(c.0[2].k, 0);
    }

    /// A cooked record: the SLL2 header, then `net`.
    fn record(protocol: u16, ifindex: u32, pkttype: u8, net: &[u8]) -> Vec<u8> {
        let mut r = protocol.to_be_bytes().to_vec();
        r.extend_from_slice(&[0, 0]);
        r.extend_from_slice(&ifindex.to_be_bytes());
        r.extend_from_slice(&1u16.to_be_bytes());
        r.extend_from_slice(&[pkttype, 6, 2, 0, 0, 0, 0, 1, 0, 0]);
        r.extend_from_slice(net);
        r
    }

    /// An IPv4 packet with `proto`, from 192.0.2.1 to 192.0.2.2, with an 8-byte L4 header
    /// whose ports are `sport` and `dport`.
    fn ipv4(proto: u8, sport: u16, dport: u16) -> Vec<u8> {
        let mut p = vec![
            0x45, 0, 0, 28, 0, 1, 0, 0, 64, proto, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
        ];
        p.extend_from_slice(&sport.to_be_bytes());
        p.extend_from_slice(&dport.to_be_bytes());
        p.extend_from_slice(&[0, 8, 0, 0]);
        p
    }

    /// The cooked program on the network data with the kernel's metadata gives the verdict the
    /// original gives on the whole record, for every expression that can be cooked.
    #[test]
    fn cooked_verdicts_equal_record_verdicts() {
        let packets = [
            record(0x0800, 3, 0, &ipv4(17, 1000, 9)),
            record(0x0800, 4, 4, &ipv4(1, 0, 0)),
            record(0x0800, 3, 1, &ipv4(6, 80, 443)),
            record(0x0806, 3, 1, &[0, 1, 8, 0, 6, 4, 0, 1]),
            record(0x86dd, 5, 3, &[0x60; 48]),
        ];
        let exprs = [
            "ip",
            "arp",
            "icmp",
            "udp port 9",
            "not icmp",
            "host 192.0.2.1 and icmp",
            "tcp port 443",
            "inbound",
            "outbound",
            "ifindex 4",
            "ip6",
            "not arp",
            "udp or arp",
            "ip[9] == 17",
            "src 192.0.2.1",
            "portrange 80-100",
        ];
        let mut cooked = 0;
        for e in exprs {
            let p = sll2(e);
            let Ok(c) = for_cooked_socket(&p, 276) else {
                continue;
            };
            cooked += 1;
            for r in &packets {
                let meta = Meta {
                    protocol: u16::from_be_bytes([r[0], r[1]]),
                    ifindex: u32::from_be_bytes([r[4], r[5], r[6], r[7]]),
                    hatype: u16::from_be_bytes([r[8], r[9]]),
                    pkttype: r[10],
                    ..Meta::default()
                };
                let want = run(&p, r, r.len() as u32, &Meta::default());
                let got = run(&c, &r[20..], (r.len() - 20) as u32, &meta);
                assert_eq!(got, want, "{e} on {r:?}");
            }
        }
        assert_eq!(cooked, exprs.len(), "every expression here can be cooked");
    }
}
