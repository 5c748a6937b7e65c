//! Code generation: the syntax tree becomes a flow graph of basic blocks, built the way libpcap's
//! `gencode.c` builds it (same blocks, same statements, same order), so that the optimizer can
//! then do what libpcap's does.

use crate::bpf::*;
use crate::error::{GenError, Spanned};
use crate::ir::Graph;
use crate::parser::*;
use crate::resolve::Resolver;
use crate::CompileTarget;

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
    Sll2,
    Ppp,
}

impl Lt {
    fn description(self) -> &'static str {
        match self {
            Lt::Ethernet => "Ethernet",
            Lt::Sll2 => "Linux cooked v2",
            Lt::Ppp => "PPP",
        }
    }
}

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

const ETHERMTU: u32 = 1500;
const ETHERTYPE_IP: u32 = 0x0800;
const ETHERTYPE_ARP: u32 = 0x0806;
const ETHERTYPE_REVARP: u32 = 0x8035;
const ETHERTYPE_NS: u32 = 0x0600;
const ETHERTYPE_MOPDL: u32 = 0x6001;
const ETHERTYPE_MOPRC: u32 = 0x6002;
const ETHERTYPE_DN: u32 = 0x6003;
const ETHERTYPE_LAT: u32 = 0x6004;
const ETHERTYPE_SCA: u32 = 0x6007;
const ETHERTYPE_ATALK: u32 = 0x809b;
const ETHERTYPE_AARP: u32 = 0x80f3;
const ETHERTYPE_8021Q: u32 = 0x8100;
const ETHERTYPE_IPX: u32 = 0x8137;
const ETHERTYPE_IPV6: u32 = 0x86dd;
const ETHERTYPE_MPLS: u32 = 0x8847;
const ETHERTYPE_PPPOED: u32 = 0x8863;
const ETHERTYPE_PPPOES: u32 = 0x8864;
const ETHERTYPE_8021AD: u32 = 0x88a8;
const ETHERTYPE_LOOPBACK: u32 = 0x9000;
const ETHERTYPE_8021QINQ: u32 = 0x9100;
const LLCSAP_IP: u32 = 0x06;
const LLCSAP_8021D: u32 = 0x42;
const LLCSAP_SNAP: u8 = 0xaa;
const LLCSAP_IPX: u32 = 0xe0;
const LLCSAP_NETBEUI: u32 = 0xf0;
const LLCSAP_ISONS: u32 = 0xfe;
const PPP_MPLS_UCAST: u32 = 0x0281;
const IPPROTO_TCP: u32 = 6;
const IPPROTO_UDP: u32 = 17;
const IPPROTO_SCTP: u32 = 132;
const IPPROTO_FRAGMENT: u32 = 44;
/// "Any of TCP, UDP and SCTP".
const PROTO_UNDEF: u32 = u32::MAX;

/// The code generator's state (libpcap's `compiler_state_t`, for the link types we support).
pub(crate) struct Gen<'a> {
    pub g: Graph,
    resolver: &'a dyn Resolver,
    target: CompileTarget,
    snaplen: u32,
    netmask: u32,
    linktype: Lt,
    off_linkhdr: AbsOffset,
    off_outermostlinkhdr: AbsOffset,
    off_linkpl: AbsOffset,
    off_linktype: AbsOffset,
    off_nl: u32,
    off_nl_nosnap: u32,
    label_stack_depth: u32,
    vlan_stack_depth: u32,
    is_vlan_vloffset: bool,
    /// Every register that holds a variable part of an offset (initialised to 0 at the start).
    vl_regs: Vec<i32>,
    regused: [bool; MEMWORDS],
    curreg: usize,
}

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

/// `__pcap_atoin`: a dotted IPv4 prefix and its length in bits, or `None`.
fn atoin(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    let mut addr: u32 = 0;
    let mut len = 0;
    let mut i = 0;
    loop {
        let mut n: u32 = 0;
        while i < b.len() && b[i] != b'.' {
            if n > 25 {
                return None;
            }
            n = n
                .wrapping_mul(10)
                .wrapping_add(u32::from(b[i]).wrapping_sub(u32::from(b'0')));
            i += 1;
        }
        if n > 255 {
            return None;
        }
        addr = (addr << 8) | (n & 0xff);
        len += 8;
        if i >= b.len() {
            return Some((addr, len));
        }
        i += 1;
    }
}

/// `sscanf(s, "%d.%d")`-like: two leading decimal integers separated by a dot.
fn scan_two(s: &str, sep: char) -> Option<(i64, i64)> {
    fn int(t: &str) -> Option<(i64, &str)> {
        let t = t.trim_start();
        let (neg, t) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let v: i64 = t[..n]
            .parse::<i64>()
            .unwrap_or(i64::MAX)
            .min(i64::from(u32::MAX));
        Some((if neg { -v } else { v }, &t[n..]))
    }
    let (a, rest) = int(s)?;
    let rest = rest.strip_prefix(sep)?;
    let (b, _) = int(rest)?;
    Some((a, b))
}

/// `pcap_ether_aton`: the scanner guarantees the form.
fn ether_aton(s: &str) -> [u8; 6] {
    let b = s.as_bytes();
    let mut out = [0u8; 6];
    let mut n = 0;
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    while i < b.len() && n < 6 {
        if matches!(b[i], b':' | b'.' | b'-') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let mut d = hex(b[i]);
        i += 1;
        if i < b.len() && b[i].is_ascii_hexdigit() {
            d = (d << 4) | hex(b[i]);
            i += 1;
        }
        out[n] = d;
        n += 1;
    }
    out
}

impl<'a> Gen<'a> {
    pub(crate) fn new(
        linktype: u32,
        target: CompileTarget,
        snaplen: u32,
        netmask: Option<u32>,
        resolver: &'a dyn Resolver,
    ) -> GResult<Self> {
        let (lt, off_linktype, off_linkpl, off_nl_nosnap) = match linktype {
            1 => (Lt::Ethernet, 12, 14, 3),
            276 => (Lt::Sll2, 0, 20, 0),
            other => return Err(GenError::LinkType(other)),
        };
        Ok(Gen {
            g: Graph::default(),
            resolver,
            target,
            snaplen,
            netmask: netmask.unwrap_or(0xffff_ffff),
            linktype: lt,
            off_linkhdr: AbsOffset::fixed(0),
            off_outermostlinkhdr: AbsOffset::fixed(0),
            off_linkpl: AbsOffset::fixed(off_linkpl),
            off_linktype: AbsOffset::fixed(off_linktype),
            off_nl: 0,
            off_nl_nosnap,
            label_stack_depth: 0,
            vlan_stack_depth: 0,
            is_vlan_vloffset: false,
            vl_regs: Vec::new(),
            regused: [false; MEMWORDS],
            curreg: 0,
        })
    }

    fn st(&mut self, code: u16, k: u32) -> usize {
        self.g.new_stmt(code, k)
    }

    fn blk(&mut self, code: u16, k: u32) -> usize {
        self.g.new_block(code, k)
    }

    fn and(&mut self, a: usize, b: usize) {
        self.g.and(a, b);
    }

    fn or(&mut self, a: usize, b: usize) {
        self.g.or(a, b);
    }

    fn not(&mut self, b: usize) {
        self.g.not(b);
    }

    // ---- registers ----

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

    fn free_reg(&mut self, n: i32) {
        if (0..MEMWORDS as i32).contains(&n) {
            self.regused[n as usize] = false;
        }
    }

    // ---- loads ----

    fn offset(&mut self, w: Which) -> &mut AbsOffset {
        match w {
            Which::Hdr => &mut self.off_linkhdr,
            Which::Pl => &mut self.off_linkpl,
            Which::Type => &mut self.off_linktype,
        }
    }

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

    fn cmp(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JEQ, false, v)
    }

    fn cmp_gt(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGT, false, v)
    }

    fn cmp_ge(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGE, false, v)
    }

    fn cmp_lt(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGE, true, v)
    }

    fn cmp_le(&mut self, rel: OffRel, offset: u32, size: u16, v: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, 0xffff_ffff, JGT, true, v)
    }

    fn mcmp(&mut self, rel: OffRel, offset: u32, size: u16, v: u32, mask: u32) -> GResult<usize> {
        self.ncmp(rel, offset, size, mask, JEQ, false, v)
    }

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

    // ---- link-layer types ----

    fn linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        if self.label_stack_depth > 0 {
            return self.mpls_linktype(ll_proto);
        }
        match self.linktype {
            Lt::Ethernet => self.ether_linktype(ll_proto),
            Lt::Sll2 => self.cmp(OffRel::LinkType, 0, H, ll_proto),
            Lt::Ppp => self.cmp(OffRel::LinkType, 0, H, ethertype_to_ppptype(ll_proto)),
        }
    }

    fn ether_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
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

    fn snap(&mut self, orgcode: u32, ptype: u32) -> GResult<usize> {
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

    fn mpls_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
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

    fn llc_internal(&mut self) -> GResult<usize> {
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

    fn llc(&mut self, kind: LlcKind) -> GResult<usize> {
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

    // ---- hosts ----

    fn dir_error(dir: u8, what: &str) -> GenError {
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
    fn hostop(
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
    fn hostop6(
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

    fn ehostop(&mut self, eaddr: &[u8; 6], dir: u8) -> GResult<usize> {
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

    fn dnhostop(&mut self, addr: u32, dir: u8) -> GResult<usize> {
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

    fn host(&mut self, addr: u32, mask: u32, proto: u8, dir: u8, typ: u8) -> GResult<usize> {
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

    fn host6(
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

    // ---- protocols ----

    fn proto_abbrev(&mut self, proto: u8) -> GResult<usize> {
        Ok(match proto {
            Q_SCTP => self.proto(IPPROTO_SCTP, Q_DEFAULT, Q_DEFAULT)?,
            Q_TCP => self.proto(IPPROTO_TCP, Q_DEFAULT, Q_DEFAULT)?,
            Q_UDP => self.proto(IPPROTO_UDP, Q_DEFAULT, Q_DEFAULT)?,
            Q_ICMP => self.proto(1, Q_IP, Q_DEFAULT)?,
            Q_IGMP => self.proto(2, Q_IP, Q_DEFAULT)?,
            Q_IGRP => self.proto(9, Q_IP, Q_DEFAULT)?,
            Q_PIM => self.proto(103, Q_DEFAULT, Q_DEFAULT)?,
            Q_VRRP => self.proto(112, Q_IP, Q_DEFAULT)?,
            Q_CARP => self.proto(112, Q_IP, Q_DEFAULT)?,
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
            Q_ICMPV6 => self.proto(58, Q_IPV6, Q_DEFAULT)?,
            Q_AH => self.proto(51, Q_DEFAULT, Q_DEFAULT)?,
            Q_ESP => self.proto(50, Q_DEFAULT, Q_DEFAULT)?,
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

    /// `b0 = first; b1 = second; or; then each further one or'ed in` (libpcap's IS-IS lists).
    fn isis_types(&mut self, types: &[u32]) -> GResult<usize> {
        let b0 = self.proto(types[0], Q_ISIS, Q_DEFAULT)?;
        let b1 = self.proto(types[1], Q_ISIS, Q_DEFAULT)?;
        self.or(b0, b1);
        for &t in &types[2..] {
            let b0 = self.proto(t, Q_ISIS, Q_DEFAULT)?;
            self.or(b0, b1);
        }
        Ok(b1)
    }

    fn proto(&mut self, v: u32, proto: u8, dir: u8) -> GResult<usize> {
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

    fn ipfrag(&mut self) -> GResult<usize> {
        let s = self.load_a(OffRel::LinkPl, 6, H)?;
        let b = self.blk(JMP | JSET, 0x1fff);
        self.g.blocks[b].stmts = s;
        self.not(b);
        Ok(b)
    }

    fn portop(&mut self, port: u32, proto: u32, dir: u8, v6: bool) -> GResult<usize> {
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

    fn port(&mut self, port: u32, ip_proto: u32, dir: u8, v6: bool) -> GResult<usize> {
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

    fn portrangeatom(&mut self, off: u32, v1: u32, v2: u32, v6: bool) -> GResult<usize> {
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

    fn portrangeop(&mut self, p1: u32, p2: u32, proto: u32, dir: u8, v6: bool) -> GResult<usize> {
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

    fn portrange(&mut self, p1: u32, p2: u32, ip_proto: u32, dir: u8, v6: bool) -> GResult<usize> {
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

    fn both_ports(&mut self, port: u32, proto: u32, dir: u8) -> GResult<usize> {
        let b = self.port(port, proto, dir, false)?;
        let b6 = self.port(port, proto, dir, true)?;
        self.or(b6, b);
        Ok(b)
    }

    fn both_portranges(&mut self, p1: u32, p2: u32, proto: u32, dir: u8) -> GResult<usize> {
        let b = self.portrange(p1, p2, proto, dir, false)?;
        let b6 = self.portrange(p1, p2, proto, dir, true)?;
        self.or(b6, b);
        Ok(b)
    }

    // ---- names ----

    /// `pcap_nametoport`: the port and which of TCP/UDP it belongs to.
    fn nametoport(&self, name: &str) -> Option<(u32, u32)> {
        let (tcp, udp) = if !name.is_empty() && name.bytes().all(|c| c.is_ascii_digit()) {
            let n: Option<u16> = name.parse().ok();
            (n, n)
        } else {
            (
                self.resolver.port(name, "tcp"),
                self.resolver.port(name, "udp"),
            )
        };
        match (tcp, udp) {
            (Some(t), Some(u)) if t == u => Some((u32::from(t), PROTO_UNDEF)),
            (Some(t), _) => Some((u32::from(t), IPPROTO_TCP)),
            (None, Some(u)) => Some((u32::from(u), IPPROTO_UDP)),
            (None, None) => None,
        }
    }

    fn lookup_proto(&self, name: &str, proto: u8) -> GResult<Option<u32>> {
        match proto {
            Q_DEFAULT | Q_IP | Q_IPV6 => match self.resolver.protocol(name) {
                Some(v) => Ok(Some(u32::from(v))),
                None => Err(GenError::UnknownName(format!("unknown ip proto '{name}'"))),
            },
            Q_LINK => {
                let eproto = match name {
                    "aarp" => Some(ETHERTYPE_AARP),
                    "arp" => Some(ETHERTYPE_ARP),
                    "atalk" => Some(ETHERTYPE_ATALK),
                    "decnet" => Some(ETHERTYPE_DN),
                    "ip" => Some(ETHERTYPE_IP),
                    "ip6" => Some(ETHERTYPE_IPV6),
                    "lat" => Some(ETHERTYPE_LAT),
                    "loopback" => Some(ETHERTYPE_LOOPBACK),
                    "mopdl" => Some(ETHERTYPE_MOPDL),
                    "moprc" => Some(ETHERTYPE_MOPRC),
                    "rarp" => Some(ETHERTYPE_REVARP),
                    "sca" => Some(ETHERTYPE_SCA),
                    "iso" => Some(LLCSAP_ISONS),
                    "stp" => Some(LLCSAP_8021D),
                    "ipx" => Some(LLCSAP_IPX),
                    "netbeui" => Some(LLCSAP_NETBEUI),
                    _ => None,
                };
                match eproto {
                    Some(v) => Ok(Some(v)),
                    None => Err(GenError::UnknownName(format!(
                        "unknown ether proto '{name}'"
                    ))),
                }
            }
            Q_ISO => match name {
                "esis" => Ok(Some(0x82)),
                "isis" => Ok(Some(0x83)),
                "clnp" => Ok(Some(0x81)),
                _ => Err(GenError::UnknownName(format!("unknown osi proto '{name}'"))),
            },
            _ => Ok(None),
        }
    }

    fn check_port_proto(proto: u8, real: u32, name: &str, what: &str) -> GResult<u32> {
        let want = match proto {
            Q_UDP => IPPROTO_UDP,
            Q_TCP => IPPROTO_TCP,
            Q_SCTP => IPPROTO_SCTP,
            _ => return Ok(real),
        };
        if real == PROTO_UNDEF || real == want {
            return Ok(want);
        }
        let got = match real {
            IPPROTO_TCP => "tcp",
            IPPROTO_UDP => "udp",
            _ => "sctp",
        };
        Err(GenError::Qualifier(format!("{what} '{name}' is {got}")))
    }

    fn scode(&mut self, name: &str, q: Qual) -> GResult<usize> {
        let proto = q.proto;
        let dir = q.dir;
        match q.addr {
            Q_NET => {
                let Some(mut addr) = self.resolver.network(name).filter(|&a| a != 0) else {
                    return Err(GenError::UnknownName(format!("unknown network '{name}'")));
                };
                let mut mask = 0xffff_ffffu32;
                while addr != 0 && (addr & 0xff00_0000) == 0 {
                    addr <<= 8;
                    mask <<= 8;
                }
                self.host(addr, mask, proto, dir, q.addr)
            }
            Q_DEFAULT | Q_HOST => {
                if proto == Q_LINK {
                    if self.linktype != Lt::Ethernet {
                        return Err(GenError::Unsupported("only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name".into()));
                    }
                    let Some(e) = self.resolver.ether(name) else {
                        return Err(GenError::UnknownName(format!(
                            "unknown ether host '{name}'"
                        )));
                    };
                    self.ehostop(&e, dir)
                } else if proto == Q_DECNET {
                    Err(GenError::Unsupported(format!(
                        "decnet name support not included, '{name}' cannot be translated"
                    )))
                } else {
                    let v4 = self.resolver.host_v4(name);
                    let v6 = self.resolver.host_v6(name);
                    if v4.is_empty() && v6.is_empty() {
                        return Err(GenError::UnknownName(format!("unknown host '{name}'")));
                    }
                    let mut b: Option<usize> = None;
                    for a in &v4 {
                        if proto == Q_IPV6 {
                            continue;
                        }
                        let tmp =
                            self.host(u32::from_be_bytes(*a), 0xffff_ffff, proto, dir, q.addr)?;
                        if let Some(b) = b {
                            self.or(b, tmp);
                        }
                        b = Some(tmp);
                    }
                    for a in &v6 {
                        if proto == Q_IP {
                            continue;
                        }
                        let tmp = self.host6(a, &[0xff; 16], proto, dir, q.addr)?;
                        if let Some(b) = b {
                            self.or(b, tmp);
                        }
                        b = Some(tmp);
                    }
                    b.ok_or_else(|| {
                        GenError::UnknownName(format!(
                            "unknown host '{name}'{}",
                            if proto == Q_DEFAULT {
                                ""
                            } else {
                                " for specified address family"
                            }
                        ))
                    })
                }
            }
            Q_PORT => {
                if !matches!(proto, Q_DEFAULT | Q_UDP | Q_TCP | Q_SCTP) {
                    return Err(GenError::Qualifier("illegal qualifier of 'port'".into()));
                }
                let Some((port, real)) = self.nametoport(name) else {
                    return Err(GenError::UnknownName(format!("unknown port '{name}'")));
                };
                let real = Self::check_port_proto(proto, real, name, "port")?;
                if port > 65535 {
                    return Err(GenError::BadValue(format!(
                        "illegal port number {port} > 65535"
                    )));
                }
                self.both_ports(port, real, dir)
            }
            Q_PORTRANGE => {
                if !matches!(proto, Q_DEFAULT | Q_UDP | Q_TCP | Q_SCTP) {
                    return Err(GenError::Qualifier(
                        "illegal qualifier of 'portrange'".into(),
                    ));
                }
                let (p1, p2, real) = match scan_two(name, '-') {
                    Some((a, b)) => (a, b, PROTO_UNDEF),
                    None => {
                        let unknown =
                            || GenError::UnknownName(format!("unknown port in range '{name}'"));
                        let (a, b) = name.split_once('-').ok_or_else(unknown)?;
                        let (p1, r1) = self.nametoport(a).ok_or_else(unknown)?;
                        let (p2, r2) = self.nametoport(b).ok_or_else(unknown)?;
                        (
                            i64::from(p1),
                            i64::from(p2),
                            if r1 == r2 { r2 } else { PROTO_UNDEF },
                        )
                    }
                };
                let real = Self::check_port_proto(proto, real, name, "port in range")?;
                for p in [p1, p2] {
                    if p < 0 {
                        return Err(GenError::BadValue(format!("illegal port number {p} < 0")));
                    }
                    if p > 65535 {
                        return Err(GenError::BadValue(format!(
                            "illegal port number {p} > 65535"
                        )));
                    }
                }
                self.both_portranges(p1 as u32, p2 as u32, real, dir)
            }
            Q_GATEWAY => Err(GenError::Unsupported(
                "'gateway' not supported in this configuration".into(),
            )),
            Q_PROTO => match self.lookup_proto(name, proto)? {
                Some(v) => self.proto(v, proto, dir),
                None => Err(GenError::UnknownName(format!("unknown protocol: {name}"))),
            },
            Q_PROTOCHAIN => {
                self.lookup_proto(name, proto)?;
                Err(GenError::Unsupported(PROTOCHAIN.into()))
            }
            _ => Err(GenError::Syntax),
        }
    }

    fn mcode(&mut self, s1: &str, s2: Option<&str>, masklen: u32, q: Qual) -> GResult<usize> {
        let Some((n, nlen)) = atoin(s1) else {
            return Err(GenError::BadValue(format!("invalid IPv4 address '{s1}'")));
        };
        let n = if nlen >= 32 { n } else { n << (32 - nlen) };
        let m = match s2 {
            Some(s2) => {
                let Some((m, mlen)) = atoin(s2) else {
                    return Err(GenError::BadValue(format!("invalid IPv4 address '{s2}'")));
                };
                let m = if mlen >= 32 { m } else { m << (32 - mlen) };
                if n & !m != 0 {
                    return Err(GenError::BadValue(format!(
                        "non-network bits set in \"{s1} mask {s2}\""
                    )));
                }
                m
            }
            None => {
                if masklen > 32 {
                    return Err(GenError::BadValue("mask length must be <= 32".into()));
                }
                let m = if masklen == 0 {
                    0
                } else {
                    0xffff_ffffu32 << (32 - masklen)
                };
                if n & !m != 0 {
                    return Err(GenError::BadValue(format!(
                        "non-network bits set in \"{s1}/{masklen}\""
                    )));
                }
                m
            }
        };
        if q.addr == Q_NET {
            self.host(n, m, q.proto, q.dir, q.addr)
        } else {
            Err(GenError::Qualifier("Mask syntax for networks only".into()))
        }
    }

    fn ncode(&mut self, s: Option<&str>, mut v: u32, q: Qual) -> GResult<usize> {
        let proto = q.proto;
        let dir = q.dir;
        let vlen = match s {
            None => 32,
            Some(s) if proto == Q_DECNET => match scan_two(s, '.') {
                Some((area, node)) => {
                    v = (((area as u32) << 10) & 0o176000) | ((node as u32) & 0o1777);
                    32
                }
                None => {
                    return Err(GenError::BadValue(format!(
                        "malformed decnet address '{s}'"
                    )))
                }
            },
            Some(s) => match atoin(s) {
                Some((a, l)) => {
                    v = a;
                    l
                }
                None => return Err(GenError::BadValue(format!("invalid IPv4 address '{s}'"))),
            },
        };
        match q.addr {
            Q_DEFAULT | Q_HOST | Q_NET => {
                if proto == Q_DECNET {
                    self.host(v, 0, proto, dir, q.addr)
                } else if proto == Q_LINK {
                    Err(GenError::BadValue("illegal link layer address".into()))
                } else {
                    let mut mask = 0xffff_ffffu32;
                    if s.is_none() && q.addr == Q_NET {
                        while v != 0 && (v & 0xff00_0000) == 0 {
                            v <<= 8;
                            mask <<= 8;
                        }
                    } else if vlen < 32 {
                        v <<= 32 - vlen;
                        mask <<= 32 - vlen;
                    }
                    self.host(v, mask, proto, dir, q.addr)
                }
            }
            Q_PORT | Q_PORTRANGE => {
                let p = match proto {
                    Q_UDP => IPPROTO_UDP,
                    Q_TCP => IPPROTO_TCP,
                    Q_SCTP => IPPROTO_SCTP,
                    Q_DEFAULT => PROTO_UNDEF,
                    _ => {
                        return Err(GenError::Qualifier(if q.addr == Q_PORT {
                            "illegal qualifier of 'port'".into()
                        } else {
                            "illegal qualifier of 'portrange'".into()
                        }))
                    }
                };
                if v > 65535 {
                    return Err(GenError::BadValue(format!(
                        "illegal port number {v} > 65535"
                    )));
                }
                if q.addr == Q_PORT {
                    self.both_ports(v, p, dir)
                } else {
                    self.both_portranges(v, v, p, dir)
                }
            }
            Q_GATEWAY => Err(GenError::Qualifier("'gateway' requires a name".into())),
            Q_PROTO => self.proto(v, proto, dir),
            Q_PROTOCHAIN => Err(GenError::Unsupported(PROTOCHAIN.into())),
            _ => Err(GenError::Syntax),
        }
    }

    fn mcode6(&mut self, s: &str, masklen: u32, q: Qual) -> GResult<usize> {
        let Some(addr) = crate::lexer::parse_v6(s) else {
            return Err(GenError::BadValue(format!("invalid ip6 address {s}")));
        };
        if masklen > 128 {
            return Err(GenError::BadValue("mask length must be <= 128".into()));
        }
        let mut mask = [0u8; 16];
        for (i, m) in mask.iter_mut().enumerate() {
            let bits = masklen.saturating_sub(8 * i as u32).min(8);
            *m = if bits == 0 {
                0
            } else {
                (0xffu32 << (8 - bits)) as u8
            };
        }
        if addr.iter().zip(mask.iter()).any(|(a, m)| a & !m != 0) {
            return Err(GenError::BadValue(format!(
                "non-network bits set in \"{s}/{masklen}\""
            )));
        }
        match q.addr {
            Q_DEFAULT | Q_HOST | Q_NET => {
                if q.addr != Q_NET && masklen != 128 {
                    return Err(GenError::Qualifier("Mask syntax for networks only".into()));
                }
                self.host6(&addr, &mask, q.proto, q.dir, q.addr)
            }
            _ => Err(GenError::Qualifier(
                "invalid qualifier against IPv6 address".into(),
            )),
        }
    }

    fn ecode(&mut self, s: &str, q: Qual) -> GResult<usize> {
        if (q.addr == Q_HOST || q.addr == Q_DEFAULT) && q.proto == Q_LINK {
            if self.linktype != Lt::Ethernet {
                return Err(GenError::Unsupported("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel".into()));
            }
            let e = ether_aton(s);
            return self.ehostop(&e, q.dir);
        }
        Err(GenError::Qualifier(
            "ethernet address used in non-ether expression".into(),
        ))
    }

    // ---- arithmetic ----

    fn loadi(&mut self, v: u32) -> GResult<Arith> {
        let reg = self.alloc_reg()?;
        let a = self.st(LD | IMM, v);
        let b = self.st(ST, reg as u32);
        Ok(Arith {
            s: vec![a, b],
            b: None,
            regno: reg,
        })
    }

    fn loadlen(&mut self) -> GResult<Arith> {
        let reg = self.alloc_reg()?;
        let a = self.st(LD | LEN, 0);
        let b = self.st(ST, reg as u32);
        Ok(Arith {
            s: vec![a, b],
            b: None,
            regno: reg,
        })
    }

    fn neg(&mut self, mut a: Arith) -> Arith {
        let s1 = self.st(LD | MEM, a.regno as u32);
        let s2 = self.st(ALU | NEG, 0);
        let s3 = self.st(ST, a.regno as u32);
        a.s.extend([s1, s2, s3]);
        a
    }

    fn arth(&mut self, code: u16, mut a0: Arith, a1: Arith) -> GResult<Arith> {
        let first = &self.g.stmts[a1.s[0]];
        let imm = first.code == i32::from(LD | IMM);
        if code == DIV && imm && first.k == 0 {
            return Err(GenError::DivisionByZero);
        }
        if code == MOD && imm && first.k == 0 {
            return Err(GenError::ModulusByZero);
        }
        if (code == LSH || code == RSH) && imm && first.k > 31 {
            return Err(GenError::ShiftTooWide);
        }
        let s0 = self.st(LDX | MEM, a1.regno as u32);
        let s1 = self.st(LD | MEM, a0.regno as u32);
        let s2 = self.st(ALU | X | code, 0);
        a0.s.extend(a1.s);
        a0.s.extend([s0, s1, s2]);
        self.free_reg(a0.regno);
        self.free_reg(a1.regno);
        let r = self.alloc_reg()?;
        let s = self.st(ST, r as u32);
        a0.regno = r;
        a0.s.push(s);
        Ok(a0)
    }

    fn load(&mut self, proto: u8, mut inst: Arith, size: u32) -> GResult<Arith> {
        let regno = self.alloc_reg()?;
        self.free_reg(inst.regno);
        let size_code = match size {
            1 => B,
            2 => H,
            4 => W,
            _ => return Err(GenError::BadValue("data size must be 1, 2, or 4".into())),
        };
        match proto {
            Q_RADIO => {
                return Err(GenError::Unsupported(
                    "radio information not present in capture".into(),
                ))
            }
            Q_LINK => {
                let s = match self.varpart(Which::Hdr)? {
                    Some(mut s) => {
                        let a = self.st(LD | MEM, inst.regno as u32);
                        let b = self.st(ALU | ADD | X, 0);
                        let c = self.st(MISC | TAX, 0);
                        s.extend([a, b, c]);
                        s
                    }
                    None => vec![self.st(LDX | MEM, inst.regno as u32)],
                };
                let tmp = self.st(LD | IND | size_code, self.off_linkhdr.constant_part);
                inst.s.extend(s);
                inst.s.push(tmp);
            }
            Q_IP | Q_ARP | Q_RARP | Q_ATALK | Q_DECNET | Q_SCA | Q_LAT | Q_MOPRC | Q_MOPDL
            | Q_IPV6 => {
                let s = self.index_to_x(&inst)?;
                let k = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
                let tmp = self.st(LD | IND | size_code, k);
                inst.s.extend(s);
                inst.s.push(tmp);
                let b = self.proto_abbrev(proto)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
            }
            Q_SCTP | Q_TCP | Q_UDP | Q_ICMP | Q_IGMP | Q_IGRP | Q_PIM | Q_VRRP | Q_CARP => {
                let mut s = self.loadx_iphdrlen()?;
                let a = self.st(LD | MEM, inst.regno as u32);
                let b = self.st(ALU | ADD | X, 0);
                let c = self.st(MISC | TAX, 0);
                let k = self.off_linkpl.constant_part.wrapping_add(self.off_nl);
                let d = self.st(LD | IND | size_code, k);
                s.extend([a, b, c, d]);
                inst.s.extend(s);
                let b = self.ipfrag()?;
                let p = self.proto_abbrev(proto)?;
                self.and(p, b);
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                let ip = self.proto_abbrev(Q_IP)?;
                self.and(ip, b);
                inst.b = Some(b);
            }
            Q_ICMPV6 => {
                let b = self.proto_abbrev(Q_IPV6)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
                let b = self.cmp(OffRel::LinkPl, 6, B, 58)?;
                if let Some(ib) = inst.b {
                    self.and(ib, b);
                }
                inst.b = Some(b);
                let s = self.index_to_x(&inst)?;
                let k = self
                    .off_linkpl
                    .constant_part
                    .wrapping_add(self.off_nl)
                    .wrapping_add(40);
                let tmp = self.st(LD | IND | size_code, k);
                inst.s.extend(s);
                inst.s.push(tmp);
            }
            _ => return Err(GenError::Unsupported("unsupported index operation".into())),
        }
        inst.regno = regno;
        let s = self.st(ST, regno as u32);
        inst.s.push(s);
        Ok(inst)
    }

    /// X = (variable part of the payload offset) + index.
    fn index_to_x(&mut self, inst: &Arith) -> GResult<Vec<usize>> {
        Ok(match self.varpart(Which::Pl)? {
            Some(mut s) => {
                let a = self.st(LD | MEM, inst.regno as u32);
                let b = self.st(ALU | ADD | X, 0);
                let c = self.st(MISC | TAX, 0);
                s.extend([a, b, c]);
                s
            }
            None => vec![self.st(LDX | MEM, inst.regno as u32)],
        })
    }

    fn relation(
        &mut self,
        code: u16,
        mut a0: Arith,
        mut a1: Arith,
        reversed: bool,
    ) -> GResult<usize> {
        let s0 = self.st(LDX | MEM, a1.regno as u32);
        let s1 = self.st(LD | MEM, a0.regno as u32);
        let b;
        let mut tail = vec![s0, s1];
        if code == JEQ {
            let s2 = self.st(ALU | SUB | X, 0);
            b = self.blk(JMP | code, 0);
            tail.push(s2);
        } else {
            b = self.blk(JMP | code | X, 0);
        }
        if reversed {
            self.not(b);
        }
        a1.s.extend(tail);
        a0.s.extend(std::mem::take(&mut a1.s));
        self.g.blocks[b].stmts = std::mem::take(&mut a0.s);
        self.free_reg(a0.regno);
        self.free_reg(a1.regno);
        let tmp = match (a0.b, a1.b) {
            (Some(x), Some(y)) => {
                self.and(x, y);
                Some(y)
            }
            (Some(x), None) => Some(x),
            (None, y) => y,
        };
        if let Some(t) = tmp {
            self.and(t, b);
        }
        Ok(b)
    }

    fn arith(&mut self, a: &Arth) -> GResult<Arith> {
        // Left-deep operator chains without recursion along the left spine.
        let mut spine: Vec<(u16, &Arth)> = Vec::new();
        let mut base = a;
        while let Arth::Bin { op, a, b } = base {
            spine.push((*op, b));
            base = a;
        }
        let mut acc = match base {
            Arth::Num(n) => self.loadi(*n)?,
            Arth::Len => self.loadlen()?,
            Arth::Load { proto, index, size } => {
                let i = self.arith(index)?;
                self.load(*proto, i, *size)?
            }
            Arth::Neg(x) => {
                let v = self.arith(x)?;
                self.neg(v)
            }
            Arth::Bin { .. } => {
                return Err(GenError::Internal(
                    "internal error: arithmetic spine".into(),
                ))
            }
        };
        for (op, rhs) in spine.into_iter().rev() {
            let y = self.arith(rhs)?;
            acc = self.arth(op, acc, y)?;
        }
        Ok(acc)
    }

    // ---- other primitives ----

    fn broadcast(&mut self, proto: u8) -> GResult<usize> {
        match proto {
            Q_DEFAULT | Q_LINK => match self.linktype {
                Lt::Ethernet => self.ehostop(&[0xff; 6], Q_DST),
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

    fn multicast(&mut self, proto: u8) -> GResult<usize> {
        let msg = "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel";
        match proto {
            Q_DEFAULT | Q_LINK => match self.linktype {
                Lt::Ethernet => {
                    let s = self.load_a(OffRel::LinkHdr, 0, B)?;
                    let b0 = self.blk(JMP | JSET, 1);
                    self.g.blocks[b0].stmts = s;
                    Ok(b0)
                }
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

    fn inbound(&mut self, outbound: bool) -> GResult<usize> {
        let b0 = match self.linktype {
            Lt::Sll2 => self.cmp(OffRel::LinkHdr, 10, B, 4)?,
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

    fn ifindex(&mut self, idx: u32) -> GResult<usize> {
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

    fn vlan_tpid_test(&mut self) -> GResult<usize> {
        let b0 = self.linktype(ETHERTYPE_8021Q)?;
        let b1 = self.linktype(ETHERTYPE_8021AD)?;
        self.or(b0, b1);
        let b0 = b1;
        let b1 = self.linktype(ETHERTYPE_8021QINQ)?;
        self.or(b0, b1);
        Ok(b1)
    }

    fn vlan_vid_test(&mut self, num: u32) -> GResult<usize> {
        if num > 0x0fff {
            return Err(GenError::BadValue(format!(
                "VLAN tag {num} greater than maximum 4095"
            )));
        }
        self.mcmp(OffRel::LinkPl, 0, H, num, 0x0fff)
    }

    fn vloffset_add(&mut self, w: Which, v: u32, s: &mut Vec<usize>) -> GResult<()> {
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

    fn vlan(&mut self, num: Option<u32>) -> GResult<usize> {
        if self.label_stack_depth > 0 {
            return Err(GenError::Unsupported("no VLAN match after MPLS".into()));
        }
        if self.linktype != Lt::Ethernet {
            return Err(GenError::Unsupported(format!(
                "no VLAN support for {}",
                self.linktype.description()
            )));
        }
        let special = self.target == CompileTarget::LiveLinux
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

    fn mpls(&mut self, label: Option<u32>) -> GResult<usize> {
        let mut b0 = if self.label_stack_depth > 0 {
            self.mcmp(OffRel::PrevMplsHdr, 2, B, 0, 0x01)?
        } else {
            match self.linktype {
                Lt::Ethernet => self.linktype(ETHERTYPE_MPLS)?,
                Lt::Ppp => self.linktype(PPP_MPLS_UCAST)?,
                Lt::Sll2 => {
                    return Err(GenError::Unsupported(
                        "no MPLS support for Linux cooked v2".into(),
                    ))
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

    fn pppoes(&mut self, sess: Option<u32>) -> GResult<usize> {
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

    fn byteop(&mut self, op: u8, idx: u32, val: u32) -> GResult<usize> {
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

    fn other(&mut self, o: &Other) -> GResult<usize> {
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
            Other::Geneve => Err(GenError::Unsupported(
                "'geneve' is not supported by this compiler".into(),
            )),
            Other::Llc(k) => self.llc(*k),
            Other::Unsupported(m) => Err(GenError::Unsupported(m.clone())),
        }
    }

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

    /// Generates code for `e`; errors come back with the span of the node that failed.
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

    /// Finishes the graph: returns for true and false, and the VLAN offset initialisation.
    /// Returns the root block.
    pub(crate) fn finish(&mut self, p: Option<usize>) -> GResult<usize> {
        let Some(p) = p else {
            return Ok(self.blk(RET | K, self.snaplen));
        };
        let head = self.g.blocks[p].head;
        if self.is_vlan_vloffset {
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

/// Why `protochain` is refused.
const PROTOCHAIN: &str =
    "'protochain' is not supported: it needs a backward jump, which the Linux kernel refuses";
