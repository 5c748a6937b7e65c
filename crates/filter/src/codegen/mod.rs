//! Code generation: the syntax tree becomes a flow graph of basic blocks, built the way libpcap's
//! `gencode.c` builds it (same blocks, same statements, same order), so that the optimizer can
//! then do what libpcap's does.
//!
//! This file holds the generator's state, the offsets, registers, loads and comparisons every
//! primitive uses, and the walk over the syntax tree; the primitives are in the submodules,
//! along gencode.c's own sections.

mod arith;
mod hosts;
mod link;
mod names;
mod other;
mod ports;
mod protochain;
mod protocols;
mod tunnels;
mod wlan;

use wlan::WlanHdr;

use crate::ast::*;
use crate::bpf::*;
use crate::error::{GenError, Spanned};
use crate::ir::Graph;
use crate::resolve::Resolver;
use crate::CompileTarget;
use promisc_wire::{ethertype, ip_proto, LinkType};

/// The result of a code generation step.
pub(crate) type GResult<T> = Result<T, GenError>;

#[derive(Clone, Copy, Debug)]
struct AbsOffset {
    constant_part: u32,
    is_variable: bool,
    reg: i32,
}

impl AbsOffset {
    const fn fixed(c: u32) -> Self {
        AbsOffset {
            constant_part: c,
            is_variable: false,
            reg: -1,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lt {
    Ethernet,
    /// Linux cooked v1: a 16-byte header, the protocol at 14 (DLT_LINUX_SLL).
    Sll,
    Sll2,
    /// PPP in HDLC-like framing (DLT_PPP, DLT_PPP_PPPD, DLT_PPP_SERIAL), and the PPP inside
    /// PPPoE sessions after `pppoes`.
    Ppp,
    /// Cisco HDLC (DLT_C_HDLC).
    Chdlc,
    /// Raw IP, either version (DLT_RAW).
    Raw,
    /// Raw IPv4 only (DLT_IPV4).
    Ipv4,
    /// Raw IPv6 only (DLT_IPV6).
    Ipv6,
    /// SLIP with libpcap's 16-byte pseudo-header (DLT_SLIP).
    Slip,
    /// BSD loopback: a 4-byte address family in the writer's byte order (DLT_NULL).
    Null,
    /// OpenBSD loopback: a 4-byte address family in network byte order (DLT_LOOP).
    Loop,
    /// IEEE 802.11, bare or after a radio pseudo-header (DLT_IEEE802_11,
    /// DLT_IEEE802_11_RADIO, DLT_PRISM_HEADER, DLT_IEEE802_11_RADIO_AVS, DLT_PPI).
    Wlan(WlanHdr),
}

impl Lt {
    fn description(self) -> &'static str {
        match self {
            Lt::Ethernet => "Ethernet",
            Lt::Sll => "Linux cooked v1",
            Lt::Sll2 => "Linux cooked v2",
            Lt::Ppp => "PPP",
            Lt::Chdlc => "Cisco HDLC",
            Lt::Raw => "Raw IP",
            Lt::Ipv4 => "Raw IPv4",
            Lt::Ipv6 => "Raw IPv6",
            Lt::Slip => "SLIP",
            Lt::Null => "BSD loopback",
            Lt::Loop => "OpenBSD loopback",
            Lt::Wlan(WlanHdr::Bare) => "802.11",
            Lt::Wlan(WlanHdr::Radiotap) => "802.11 plus radiotap header",
            Lt::Wlan(WlanHdr::Prism) => "802.11 plus Prism header",
            Lt::Wlan(WlanHdr::Avs) => "802.11 plus AVS radio information header",
            Lt::Wlan(WlanHdr::Ppi) => "Per-Packet Information",
        }
    }
}

/// `OFFSET_NOT_SET` in gencode.c: the link layer has no type field.
const OFFSET_NOT_SET: u32 = u32::MAX;

/// The link types [`Gen::new`] compiles for: (LINKTYPE_ value, tcpdump's `-y` name).
pub(crate) const LINKTYPES: &[(u32, &str)] = &[
    (1, "EN10MB"),
    (113, "LINUX_SLL"),
    (276, "LINUX_SLL2"),
    (0, "NULL"),
    (108, "LOOP"),
    (101, "RAW"),
    (228, "IPV4"),
    (229, "IPV6"),
    (8, "SLIP"),
    (9, "PPP"),
    (50, "PPP_SERIAL"),
    (166, "PPP_PPPD"),
    (104, "C_HDLC"),
    (105, "IEEE802_11"),
    (127, "IEEE802_11_RADIO"),
    (119, "PRISM_HEADER"),
    (163, "IEEE802_11_RADIO_AVS"),
    (192, "PPI"),
];

#[derive(Clone, Copy)]
enum OffRel {
    LinkHdr,
    Llc,
    PrevMplsHdr,
    LinkType,
    LinkPl,
    LinkPlNoSnap,
    TranIpv4,
    TranIpv6,
}

#[derive(Clone, Copy)]
enum Which {
    Hdr,
    Pl,
    Type,
}

/// An arithmetic value: statements that leave it in scratch register `regno`, plus the
/// protocol checks it depends on.
struct Arith {
    s: Vec<usize>,
    b: Option<usize>,
    regno: i32,
}

const ETHERMTU: u32 = ethertype::MAX_LENGTH as u32;
const ETHERTYPE_IP: u32 = ethertype::IPV4 as u32;
const ETHERTYPE_ARP: u32 = ethertype::ARP as u32;
const ETHERTYPE_REVARP: u32 = ethertype::REVARP as u32;
const ETHERTYPE_NS: u32 = ethertype::NS as u32;
const ETHERTYPE_MOPDL: u32 = ethertype::MOPDL as u32;
const ETHERTYPE_MOPRC: u32 = ethertype::MOPRC as u32;
const ETHERTYPE_DN: u32 = ethertype::DN as u32;
const ETHERTYPE_LAT: u32 = ethertype::LAT as u32;
const ETHERTYPE_SCA: u32 = ethertype::SCA as u32;
const ETHERTYPE_ATALK: u32 = ethertype::ATALK as u32;
const ETHERTYPE_AARP: u32 = ethertype::AARP as u32;
const ETHERTYPE_8021Q: u32 = ethertype::VLAN as u32;
const ETHERTYPE_IPX: u32 = ethertype::IPX as u32;
const ETHERTYPE_IPV6: u32 = ethertype::IPV6 as u32;
const ETHERTYPE_MPLS: u32 = ethertype::MPLS as u32;
const ETHERTYPE_PPPOED: u32 = ethertype::PPPOED as u32;
const ETHERTYPE_PPPOES: u32 = ethertype::PPPOES as u32;
const ETHERTYPE_8021AD: u32 = ethertype::QINQ as u32;
const ETHERTYPE_LOOPBACK: u32 = ethertype::LOOPBACK as u32;
const ETHERTYPE_8021QINQ: u32 = ethertype::VLAN_9100 as u32;
const LLCSAP_IP: u32 = 0x06;
const LLCSAP_8021D: u32 = 0x42;
const LLCSAP_SNAP: u8 = 0xaa;
const LLCSAP_IPX: u32 = 0xe0;
const LLCSAP_NETBEUI: u32 = 0xf0;
const LLCSAP_ISONS: u32 = 0xfe;
const PPP_MPLS_UCAST: u32 = 0x0281;
const IPPROTO_TCP: u32 = ip_proto::TCP as u32;
const IPPROTO_UDP: u32 = ip_proto::UDP as u32;
const IPPROTO_SCTP: u32 = ip_proto::SCTP as u32;
const IPPROTO_FRAGMENT: u32 = ip_proto::FRAGMENT as u32;
const IPPROTO_ICMP: u32 = ip_proto::ICMP as u32;
const IPPROTO_IGMP: u32 = ip_proto::IGMP as u32;
const IPPROTO_IGRP: u32 = ip_proto::IGRP as u32;
const IPPROTO_PIM: u32 = ip_proto::PIM as u32;
const IPPROTO_VRRP: u32 = ip_proto::VRRP as u32;
const IPPROTO_ICMPV6: u32 = ip_proto::ICMPV6 as u32;
const IPPROTO_AH: u32 = ip_proto::AH as u32;
const IPPROTO_ESP: u32 = ip_proto::ESP as u32;
/// "Any of TCP, UDP and SCTP".
const PROTO_UNDEF: u32 = u32::MAX;
const LINKTYPE_ETHERNET: u32 = LinkType::ETHERNET.0;
const LINKTYPE_LINUX_SLL2: u32 = LinkType::LINUX_SLL2.0;

/// The code generator's state (libpcap's `compiler_state_t`, for the link types we support).
pub(crate) struct Gen<'a> {
    pub g: Graph,
    resolver: &'a dyn Resolver,
    target: CompileTarget,
    snaplen: u32,
    netmask: u32,
    linktype: Lt,
    /// The link type of the packet's outermost header (libpcap's `outermostlinktype`):
    /// `linktype` until `pppoes` or `geneve` moves to an inner one.
    outermost: Lt,
    off_linkhdr: AbsOffset,
    off_outermostlinkhdr: AbsOffset,
    off_linkpl: AbsOffset,
    off_linktype: AbsOffset,
    off_nl: u32,
    off_nl_nosnap: u32,
    label_stack_depth: u32,
    vlan_stack_depth: u32,
    is_vlan_vloffset: bool,
    /// `geneve` appeared (libpcap's `is_geneve`): the link-layer header may be absent.
    is_geneve: bool,
    /// A primitive left in-block jumps the optimizer cannot follow (libpcap's `no_optimize`).
    pub no_optimize: bool,
    /// For a savefile: whether its byte order is the opposite of this machine's (`None`: no
    /// file). Only `NULL`'s address family depends on it.
    pub null_swapped: Option<bool>,
    /// The link type is DLT_PPP_PPPD (PPP with pppd's direction byte).
    pppd: bool,
    /// Which PPP link type `Lt::Ppp` is: 9 (DLT_PPP, also after `pppoes`), 50 (PPP over
    /// serial) or 166 (PPP for pppd); libpcap tells them apart for `mpls`.
    ppp_dlt: u32,
    /// Every register that holds a variable part of an offset (initialised to 0 at the start).
    vl_regs: Vec<i32>,
    regused: [bool; MEMWORDS],
    curreg: usize,
}

/// `pqkw` in gencode.c: a protocol qualifier's keyword.
fn pname_str(p: u8) -> &'static str {
    match p {
        Q_LINK => "link",
        Q_IP => "ip",
        Q_ARP => "arp",
        Q_RARP => "rarp",
        Q_SCTP => "sctp",
        Q_TCP => "tcp",
        Q_UDP => "udp",
        Q_ICMP => "icmp",
        Q_IGMP => "igmp",
        Q_IGRP => "igrp",
        Q_ATALK => "atalk",
        Q_DECNET => "decnet",
        Q_LAT => "lat",
        Q_SCA => "sca",
        Q_MOPRC => "moprc",
        Q_MOPDL => "mopdl",
        Q_IPV6 => "ip6",
        Q_ICMPV6 => "icmp6",
        Q_AH => "ah",
        Q_ESP => "esp",
        Q_PIM => "pim",
        Q_VRRP => "vrrp",
        Q_AARP => "aarp",
        Q_ISO => "iso",
        Q_ESIS => "esis",
        Q_ISIS => "isis",
        Q_CLNP => "clnp",
        Q_STP => "stp",
        Q_IPX => "ipx",
        Q_NETBEUI => "netbeui",
        Q_ISIS_L1 => "l1",
        Q_ISIS_L2 => "l2",
        Q_ISIS_IIH => "iih",
        Q_ISIS_SNP => "snp",
        Q_ISIS_CSNP => "csnp",
        Q_ISIS_PSNP => "psnp",
        Q_ISIS_LSP => "lsp",
        Q_RADIO => "radio",
        Q_CARP => "carp",
        _ => "?",
    }
}

impl<'a> Gen<'a> {
    /// `init_linktype` and the `compiler_state_t` set-up of `pcap_compile` in gencode.c.
    pub(crate) fn new(
        linktype: u32,
        target: CompileTarget,
        snaplen: u32,
        netmask: Option<u32>,
        resolver: &'a dyn Resolver,
    ) -> GResult<Self> {
        let wlan = |h| (Lt::Wlan(h), 24, 0, 3);
        let (lt, off_linktype, off_linkpl, off_nl_nosnap) = match linktype {
            LINKTYPE_ETHERNET => (Lt::Ethernet, 12, 14, 3),
            113 => (Lt::Sll, 14, 16, 0),
            LINKTYPE_LINUX_SLL2 => (Lt::Sll2, 0, 20, 0),
            0 => (Lt::Null, 0, 4, 0),
            108 => (Lt::Loop, 0, 4, 0),
            101 => (Lt::Raw, OFFSET_NOT_SET, 0, 0),
            228 => (Lt::Ipv4, OFFSET_NOT_SET, 0, 0),
            229 => (Lt::Ipv6, OFFSET_NOT_SET, 0, 0),
            8 => (Lt::Slip, OFFSET_NOT_SET, 16, 0),
            9 | 50 | 166 => (Lt::Ppp, 2, 4, 0),
            104 => (Lt::Chdlc, 2, 4, 0),
            105 => wlan(WlanHdr::Bare),
            127 => wlan(WlanHdr::Radiotap),
            119 => wlan(WlanHdr::Prism),
            163 => wlan(WlanHdr::Avs),
            192 => wlan(WlanHdr::Ppi),
            other => return Err(GenError::LinkType(other)),
        };
        // 802.11's header has a variable length (its payload's offset is computed into a
        // register), and so has the pseudo-header before it; the payload starts with 802.2
        // LLC and SNAP.
        let is_wlan = matches!(lt, Lt::Wlan(_));
        let hdr_variable = is_wlan && lt != Lt::Wlan(WlanHdr::Bare);
        Ok(Gen {
            g: Graph::default(),
            resolver,
            target,
            snaplen,
            netmask: netmask.unwrap_or(0xffff_ffff),
            linktype: lt,
            outermost: lt,
            off_linkhdr: AbsOffset {
                is_variable: hdr_variable,
                ..AbsOffset::fixed(0)
            },
            off_outermostlinkhdr: AbsOffset::fixed(0),
            off_linkpl: AbsOffset {
                is_variable: is_wlan,
                ..AbsOffset::fixed(off_linkpl)
            },
            off_linktype: AbsOffset::fixed(off_linktype),
            off_nl: if is_wlan { 8 } else { 0 },
            off_nl_nosnap,
            label_stack_depth: 0,
            vlan_stack_depth: 0,
            is_vlan_vloffset: false,
            is_geneve: false,
            no_optimize: false,
            null_swapped: None,
            pppd: linktype == 166,
            ppp_dlt: linktype,
            vl_regs: Vec::new(),
            regused: [false; MEMWORDS],
            curreg: 0,
        })
    }

    /// `new_stmt` in gencode.c.
    fn st(&mut self, code: u16, k: u32) -> usize {
        self.g.new_stmt(code, k)
    }

    /// `new_block` in gencode.c.
    fn blk(&mut self, code: u16, k: u32) -> usize {
        self.g.new_block(code, k)
    }

    /// `gen_and` in gencode.c.
    fn and(&mut self, a: usize, b: usize) {
        self.g.and(a, b);
    }

    /// `gen_or` in gencode.c.
    fn or(&mut self, a: usize, b: usize) {
        self.g.or(a, b);
    }

    /// `gen_not` in gencode.c.
    fn not(&mut self, b: usize) {
        self.g.not(b);
    }

    // ---- registers ----

    /// `alloc_reg` in gencode.c.
    fn alloc_reg(&mut self) -> GResult<i32> {
        for _ in 0..MEMWORDS {
            if self.regused[self.curreg] {
                self.curreg = (self.curreg + 1) % MEMWORDS;
            } else {
                self.regused[self.curreg] = true;
                return Ok(self.curreg as i32);
            }
        }
        Err(GenError::TooManyRegisters)
    }

    /// `free_reg` in gencode.c.
    fn free_reg(&mut self, n: i32) {
        if (0..MEMWORDS as i32).contains(&n) {
            self.regused[n as usize] = false;
        }
    }

    // ---- loads ----

    /// The `off_*` field of `compiler_state_t` that a `bpf_abs_offset` argument names in gencode.c.
    fn offset(&mut self, w: Which) -> &mut AbsOffset {
        match w {
            Which::Hdr => &mut self.off_linkhdr,
            Which::Pl => &mut self.off_linkpl,
            Which::Type => &mut self.off_linktype,
        }
    }

    /// `gen_abs_offset_varpart` in gencode.c.
    fn varpart(&mut self, w: Which) -> GResult<Option<Vec<usize>>> {
        if self.offset(w).is_variable {
            if self.offset(w).reg == -1 {
                let r = self.alloc_reg()?;
                self.offset(w).reg = r;
            }
            let reg = self.offset(w).reg as u32;
            Ok(Some(vec![self.st(LDX | MEM, reg)]))
        } else {
            Ok(None)
        }
    }

    /// `gen_load_absoffsetrel` in gencode.c.
    fn load_absoffsetrel(&mut self, w: Which, offset: u32, size: u16) -> GResult<Vec<usize>> {
        let s = self.varpart(w)?;
        let k = self.offset(w).constant_part.wrapping_add(offset);
        Ok(match s {
            Some(mut s) => {
                let s2 = self.st(LD | IND | size, k);
                s.push(s2);
                s
            }
            None => vec![self.st(LD | ABS | size, k)],
        })
    }

    /// `gen_load_a` in gencode.c.
    fn load_a(&mut self, rel: OffRel, offset: u32, size: u16) -> GResult<Vec<usize>> {
        match rel {
            OffRel::LinkHdr => self.load_absoffsetrel(Which::Hdr, offset, size),
            OffRel::Llc => self.load_absoffsetrel(Which::Pl, offset, size),
            OffRel::PrevMplsHdr => {
                let o = self.off_nl.wrapping_sub(4).wrapping_add(offset);
                self.load_absoffsetrel(Which::Pl, o, size)
            }
            OffRel::LinkPl => {
                let o = self.off_nl.wrapping_add(offset);
                self.load_absoffsetrel(Which::Pl, o, size)
            }
            OffRel::LinkPlNoSnap => {
                let o = self.off_nl_nosnap.wrapping_add(offset);
                self.load_absoffsetrel(Which::Pl, o, size)
            }
            OffRel::LinkType => self.load_absoffsetrel(Which::Type, offset, size),
            OffRel::TranIpv4 => {
                let mut s = self.loadx_iphdrlen()?;
                let k = self
                    .off_linkpl
                    .constant_part
                    .wrapping_add(self.off_nl)
                    .wrapping_add(offset);
                let s2 = self.st(LD | IND | size, k);
                s.push(s2);
                Ok(s)
            }
            OffRel::TranIpv6 => {
                let o = self.off_nl.wrapping_add(40).wrapping_add(offset);
                self.load_absoffsetrel(Which::Pl, o, size)
            }
        }
    }

    /// `gen_loadx_iphdrlen` in gencode.c.
    fn loadx_iphdrlen(&mut self) -> GResult<Vec<usize>> {
        let k = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
        match self.varpart(Which::Pl)? {
            Some(mut s) => {
                let a = self.st(LD | IND | B, k);
                let b = self.st(ALU | AND | K, 0xf);
                let c = self.st(ALU | LSH | K, 2);
                let d = self.st(ALU | ADD | X, 0);
                let e = self.st(MISC | TAX, 0);
                s.extend([a, b, c, d, e]);
                Ok(s)
            }
            None => Ok(vec![self.st(LDX | MSH | B, k)]),
        }
    }

    // ---- comparisons ----

    #[allow(clippy::too_many_arguments)]
    /// `gen_ncmp` in gencode.c.
    fn ncmp(
        &mut self,
        rel: OffRel,
        offset: u32,
        size: u16,
        mask: u32,
        jtype: u16,
        reverse: bool,
        v: u32,
    ) -> GResult<usize> {
        let mut s = self.load_a(rel, offset, size)?;
        if mask != 0xffff_ffff {
            let s2 = self.st(ALU | AND | K, mask);
            s.push(s2);
        }
        let b = self.blk(JMP | jtype, v);
        self.g.blocks[b].stmts = s;
        if reverse && (jtype == JGT || jtype == JGE) {
            self.not(b);
        }
        Ok(b)
    }

    /// `gen_cmp` in gencode.c.
    fn cmp(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JEQ, false, v)
    }

    /// `gen_cmp_gt` in gencode.c.
    fn cmp_gt(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGT, false, v)
    }

    /// `gen_cmp_ge` in gencode.c.
    fn cmp_ge(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGE, false, v)
    }

    /// `gen_cmp_lt` in gencode.c.
    fn cmp_lt(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGE, true, v)
    }

    /// `gen_cmp_le` in gencode.c.
    fn cmp_le(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGT, true, v)
    }

    /// `gen_mcmp` in gencode.c.
    fn mcmp(&mut self, rel: OffRel, offset: u32, size: u16, v: u32, mask: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, mask, JEQ, false, v)
    }

    /// `gen_bcmp` in gencode.c.
    fn bcmp(&mut self, rel: OffRel, offset: u32, v: &[u8]) -> GResult<usize> {
        let mut size = v.len();
        let mut b: Option<usize> = None;
        while size >= 4 {
            let p = &v[size - 4..size];
            let val = u32::from_be_bytes([p[0], p[1], p[2], p[3]]);
            let tmp = self.cmp(rel, offset + size as u32 - 4, W, val)?;
            if let Some(b) = b {
                self.and(b, tmp);
            }
            b = Some(tmp);
            size -= 4;
        }
        while size >= 2 {
            let p = &v[size - 2..size];
            let val = u32::from(u16::from_be_bytes([p[0], p[1]]));
            let tmp = self.cmp(rel, offset + size as u32 - 2, H, val)?;
            if let Some(b) = b {
                self.and(b, tmp);
            }
            b = Some(tmp);
            size -= 2;
        }
        if size > 0 {
            let tmp = self.cmp(rel, offset, B, u32::from(v[0]))?;
            if let Some(b) = b {
                self.and(b, tmp);
            }
            b = Some(tmp);
        }
        b.ok_or_else(|| GenError::Internal("empty comparison".into()))
    }

    /// The grammar.y `id`, `nid` and `pnum` actions: `gen_scode`, `gen_mcode`, `gen_ncode`, `gen_mcode6` and `gen_ecode` in gencode.c.
    fn id(&mut self, kind: &IdKind, q: Qual) -> GResult<usize> {
        match kind {
            IdKind::Name(s) => self.scode(s, q),
            IdKind::NetLen(s, n) => self.mcode(s, None, *n, q),
            IdKind::NetMask(s, m) => self.mcode(s, Some(m), 0, q),
            IdKind::Hid(s) => {
                match q.addr {
                    Q_PORT => {
                        return Err(GenError::Qualifier(
                            "'port' modifier applied to ip host".into(),
                        ))
                    }
                    Q_PORTRANGE => {
                        return Err(GenError::Qualifier(
                            "'portrange' modifier applied to ip host".into(),
                        ))
                    }
                    Q_PROTO => {
                        return Err(GenError::Qualifier(
                            "'proto' modifier applied to ip host".into(),
                        ))
                    }
                    Q_PROTOCHAIN => {
                        return Err(GenError::Qualifier(
                            "'protochain' modifier applied to ip host".into(),
                        ))
                    }
                    _ => {}
                }
                self.ncode(Some(s), 0, q)
            }
            IdKind::Num(n) => self.ncode(None, *n, q),
            IdKind::Hid6(s, n) => self.mcode6(s, *n, q),
            IdKind::Eid(s) => self.ecode(s, q),
            IdKind::Aid => Err(GenError::Unsupported("aid supported only on ARCnet".into())),
        }
    }

    /// The grammar.y `expr` actions (`gen_and` and `gen_or` in gencode.c) over the tree: generates
    /// code for `e`; errors come back with the span of the node that failed.
    pub(crate) fn expr(&mut self, e: &Expr) -> Result<usize, Spanned> {
        // Long `a or b or c ...` chains are left-deep: walk the left spine without recursion.
        let mut spine: Vec<(bool, &Expr)> = Vec::new();
        let mut base = e;
        loop {
            match base {
                Expr::And(a, b) => {
                    spine.push((true, b));
                    base = a;
                }
                Expr::Or(a, b) => {
                    spine.push((false, b));
                    base = a;
                }
                _ => break,
            }
        }
        let mut acc = self.leaf(base)?;
        for (is_and, rhs) in spine.into_iter().rev() {
            let y = self.expr(rhs)?;
            if is_and {
                self.and(acc, y);
            } else {
                self.or(acc, y);
            }
            acc = y;
        }
        Ok(acc)
    }

    /// One grammar.y primitive (`gen_not`, `gen_proto_abbrev`, `gen_relation`, the `other` primitives) in gencode.c.
    fn leaf(&mut self, e: &Expr) -> Result<usize, Spanned> {
        match e {
            Expr::And(..) | Expr::Or(..) => self.expr(e),
            Expr::Not(a) => {
                let x = self.expr(a)?;
                self.not(x);
                Ok(x)
            }
            Expr::Id { kind, q, span } => self.id(kind, *q).map_err(|error| Spanned {
                error,
                span: span.clone(),
            }),
            Expr::Proto { proto, span } => self.proto_abbrev(*proto).map_err(|error| Spanned {
                error,
                span: span.clone(),
            }),
            Expr::Rel {
                op,
                a,
                b,
                reversed,
                span,
            } => {
                let r = (|| {
                    let x = self.arith(a)?;
                    let y = self.arith(b)?;
                    self.relation(*op, x, y, *reversed)
                })();
                r.map_err(|error| Spanned {
                    error,
                    span: span.clone(),
                })
            }
            Expr::Other { other, span } => self.other(other).map_err(|error| Spanned {
                error,
                span: span.clone(),
            }),
        }
    }

    /// `finish_parse` in gencode.c: finishes the graph with the returns for true and false and
    /// the initialisation of the VLAN offset registers. Returns the root block.
    pub(crate) fn finish(&mut self, p: Option<usize>) -> GResult<usize> {
        let Some(p) = p else {
            return Ok(self.blk(RET | K, self.snaplen));
        };
        let head = self.g.blocks[p].head;
        if let Lt::Wlan(h) = self.outermost {
            self.wlan_compute_vloffsets(head, h)?;
            if h == WlanHdr::Ppi {
                let check = self.ppi_dlt_check();
                self.and(check, p);
            }
        } else if self.is_vlan_vloffset {
            if self.off_linkpl.reg == -1 {
                self.off_linkpl.reg = self.alloc_reg()?;
            }
            if self.off_linktype.reg == -1 {
                self.off_linktype.reg = self.alloc_reg()?;
            }
            // libpcap initialises the two current offset registers; after `pppoes` those are
            // not all the registers the VLAN code adds to, and the kernel refuses a program
            // that reads a scratch word never written, so every one of them is set.
            let mut regs = vec![self.off_linkpl.reg, self.off_linktype.reg];
            for &r in &self.vl_regs {
                if !regs.contains(&r) {
                    regs.push(r);
                }
            }
            let a = self.st(LD | W | IMM, 0);
            let mut s = vec![a];
            for r in regs {
                let st = self.st(ST, r as u32);
                s.push(st);
            }
            s.extend(std::mem::take(&mut self.g.blocks[head].stmts));
            self.g.blocks[head].stmts = s;
        }
        let t = self.blk(RET | K, self.snaplen);
        self.g.backpatch(Some(p), t);
        self.g.blocks[p].sense ^= true;
        let f = self.blk(RET | K, 0);
        self.g.backpatch(Some(p), f);
        Ok(self.g.blocks[p].head)
    }
}
