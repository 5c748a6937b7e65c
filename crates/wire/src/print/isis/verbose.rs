//! IS-IS under `-v`: the header's fields on their own lines, then the TLVs, for the hellos
//! and the sequence number PDUs whose TLVs are all ones this printer decodes (or ones
//! tcpdump only dumps); [`decodes`] says which.

use core::fmt::Write;

use super::{extis, id, subtlv, COMMON_LEN, PDU_TYPES};
use crate::fmtx;
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok, Unknown};

/// The TLVs decoded here.
const DECODED: &[u8] = &[
    1, 2, 5, 6, 7, 8, 9, 10, 13, 14, 22, 24, 128, 129, 130, 132, 134, 135, 137, 143, 144, 211, 240,
    241, 242,
];

/// The TLVs tcpdump decodes (the others it dumps in hex, as this printer does).
const TCPDUMP_DECODES: &[u8] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 22, 24, 128, 129, 130, 131, 132, 134, 135, 137, 138,
    143, 144, 211, 222, 229, 232, 235, 236, 237, 240, 241, 242, 250,
];

/// The TLVs' names.
const TLV_NAMES: &Tok = &[
    (1, "Area address(es)"),
    (2, "IS Reachability"),
    (3, "ES Neighbor(s)"),
    (4, "Partition DIS"),
    (5, "Prefix Neighbors"),
    (6, "IS Neighbor(s)"),
    (7, "Instance Identifier"),
    (8, "Padding"),
    (9, "LSP entries"),
    (10, "Authentication"),
    (12, "Checksum"),
    (13, "Purge Originator Identifier"),
    (14, "LSP Buffersize"),
    (22, "Extended IS Reachability"),
    (24, "IS Alias ID"),
    (42, "DECnet Phase IV"),
    (66, "Lucent Proprietary"),
    (128, "IPv4 Internal Reachability"),
    (129, "Protocols supported"),
    (130, "IPv4 External Reachability"),
    (131, "Inter-Domain Information Type"),
    (132, "IPv4 Interface address(es)"),
    (133, "IPv4 authentication (deprecated)"),
    (134, "Traffic Engineering Router ID"),
    (135, "Extended IPv4 Reachability"),
    (138, "Shared Risk Link Group"),
    (143, "Multi-Topology-Aware Port Capability"),
    (144, "Multi-Topology Capability"),
    (176, "Nortel Proprietary"),
    (177, "Nortel Proprietary"),
    (137, "Hostname"),
    (211, "Restart Signaling"),
    (222, "Multi Topology IS Reachability"),
    (229, "Multi Topology"),
    (232, "IPv6 Interface address(es)"),
    (235, "Multi-Topology IPv4 Reachability"),
    (236, "IPv6 reachability"),
    (237, "Multi-Topology IP6 Reachability"),
    (240, "Point-to-point Adjacency State"),
    (241, "Hello PDU Sequence Number"),
    (242, "IS-IS Router Capability"),
    (250, "Vendor Private"),
];

/// The NLPIDs' names (tcpdump's `nlpid_values`).
const NLPIDS: &Tok = &[
    (0x00, "NULL"),
    (0x08, "Q.933"),
    (0x09, "LMI"),
    (0x80, "SNAP"),
    (0x81, "CLNP"),
    (0x82, "ES-IS"),
    (0x83, "IS-IS"),
    (0x84, "CONS"),
    (0x85, "IDRP"),
    (0xc1, "ISIS_SPB"),
    (0xb1, "FRF.15"),
    (0xcc, "IPv4"),
    (0xcf, "PPP"),
    (0x8a, "X25 ES-IS"),
    (0x8e, "IPv6"),
];

/// The circuit types of a hello.
const CIRCUIT_TYPES: &Tok = &[
    (1, "Level 1 only"),
    (2, "Level 2 only"),
    (3, "Level 1, Level 2"),
];

/// The restart signaling flags.
const RESTART_FLAGS: &Tok = &[
    (1, "Restart Request"),
    (2, "Restart Acknowledgement"),
    (4, "Suppress adjacency advertisement"),
];

/// The router capability TLV's flags.
const CAP_FLAGS: &Tok = &[(1, "S bit"), (2, "D bit")];

/// The IS reachability TLV's virtual flag.
const VIRTUAL: &Tok = &[(0, "IsNotVirtual"), (1, "IsVirtual")];

/// An LSP's level.
const IS_TYPES: &Tok = &[
    (0, "Unused 0x0 (invalid)"),
    (1, "L1 IS"),
    (2, "Unused 0x2 (invalid)"),
    (3, "L2 IS"),
];

/// The point-to-point adjacency states.
const ADJ_STATES: &Tok = &[(0, "Up"), (1, "Initializing"), (2, "Down")];

/// The PDU's own header length after the common one, for the PDU types decoded here.
fn own_len(ty: u8) -> Option<usize> {
    match ty {
        15 | 16 | 18 | 20 => Some(19),
        17 => Some(12),
        24 | 25 => Some(25),
        26 | 27 => Some(9),
        _ => None,
    }
}

/// Whether the PDU at `p` is one this printer decodes under `-v`: a hello or a sequence
/// number PDU whose TLVs (as far as captured) are all [`DECODED`] or only dumped by tcpdump.
pub(super) fn decodes<W: Write>(c: &Cursor<'_, W>, p: usize, length: u32) -> bool {
    let (Ok(fixed), Ok(ty)) = (c.u8(p + 1), c.u8(p + 4)) else {
        return true;
    };
    let Some(own) = own_len(ty) else {
        return true;
    };
    if usize::from(fixed) != COMMON_LEN + own || !c.test(p + COMMON_LEN, own) {
        return true;
    }
    let pdu_len = c.be16(if matches!(ty, 18 | 20 | 24..=27) {
        p + COMMON_LEN
    } else {
        p + COMMON_LEN + 9
    });
    let Ok(pdu_len) = pdu_len else {
        return true;
    };
    let end = (length.min(u32::from(pdu_len)) as usize).saturating_add(p);
    let mut t = p + COMMON_LEN + own;
    while t + 2 <= end {
        let (Ok(ty), Ok(len)) = (c.u8(t), c.u8(t + 1)) else {
            return true;
        };
        if !DECODED.contains(&ty) && TCPDUMP_DECODES.contains(&ty) {
            return false;
        }
        if !sub_tlvs_ok(c, ty, t + 2, usize::from(len)) {
            return false;
        }
        t += 2 + usize::from(len);
    }
    true
}

/// Whether the TLV of type `ty` at `t` (`len` bytes) has none of the sub-TLVs this printer
/// does not decode (some of the extended IS reachability's).
fn sub_tlvs_ok<W: Write>(c: &Cursor<'_, W>, ty: u8, t: usize, len: usize) -> bool {
    match ty {
        22 | 24 => extis::sub_tlvs_ok(c, t, len, ty == 24),
        10 => subtlv::auth_ok(c, t, len),
        143 | 144 if len >= 2 => subtlv::mt_subtlvs_ok(c, ty == 143, t + 2, len - 2),
        _ => true,
    }
}

/// `print_unknown_data`: the bytes in hex on lines starting with `indent`; `Ok(false)` (after
/// saying so) when `at` is past the captured data.
fn unknown<W: Write>(c: &mut Cursor<'_, W>, at: usize, len: usize, indent: &str) -> R<bool> {
    if at > c.snapend {
        c.s(indent)?;
        c.s("Dissector error: print_unknown_data called with pointer past end of packet")?;
        return Ok(false);
    }
    c.unknown_data_at(at, len, indent)?;
    Ok(true)
}

/// `tok2str` with a fallback format.
fn name<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u8, unknown: Unknown) -> R {
    tok::tok2str(c.out, tok::find(table, v.into()), v.into(), unknown)?;
    Ok(())
}

/// `tok2str` with `unknown` (no number) as its fallback.
fn name_or_unknown<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, v: u8) -> R {
    c.s(tok::find(table, v.into()).unwrap_or("unknown"))
}

/// How a TLV's printing ended.
enum End {
    /// Go on with the next TLV.
    Next,
    /// tcpdump's `goto trunc`: ` [|isis]` and the end of the PDU.
    Trunc,
    /// tcpdump's `return 0`: the caller dumps the PDU.
    GiveUp,
    /// tcpdump's `return 1` from within a TLV: the PDU ends there.
    Stop,
}

/// `isis_print` under `-v`, after the checks of the common header: `Ok(false)` when tcpdump
/// returns 0 (the caller dumps the PDU).
pub(super) fn isis_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    mut length: u32,
    hdr: (u8, u8, u8, u8, u8),
) -> R<bool> {
    let (fixed, version, id_len, pdu_version, max_area) = hdr;
    let ty = c.u8(p + 4)?;
    c.s(if c.eflag { "" } else { ", " })?;
    c.s("length ")?;
    c.d(length)?;
    c.s("\n\t")?;
    name(c, PDU_TYPES, ty, Unknown::dec("unknown, type ", ""))?;
    c.s(", hlen: ")?;
    c.d(fixed)?;
    c.s(", v: ")?;
    c.d(version)?;
    c.s(", pdu-v: ")?;
    c.d(pdu_version)?;
    c.s(", sys-id-len: 6 (")?;
    c.d(id_len)?;
    c.s("), max-area: ")?;
    c.d(if max_area == 0 { 3 } else { max_area })?;
    c.s(" (")?;
    c.d(max_area)?;
    c.s(")")?;
    if c.vflag > 1 && !unknown(c, p, COMMON_LEN, "\n\t")? {
        return Ok(false);
    }
    let h = p + COMMON_LEN;
    let lsp = matches!(ty, 18 | 20);
    let Some(own) = own_len(ty) else {
        let _ = unknown(c, h, length as usize, "\n\t  ")?;
        return Ok(false);
    };
    if usize::from(fixed) != COMMON_LEN + own {
        c.s(if matches!(ty, 26 | 27) {
            "- bogus fixed header length "
        } else {
            ", bogus fixed header length "
        })?;
        c.d(fixed)?;
        c.s(" should be ")?;
        // (tcpdump names the LSP header's own length there, not the whole.)
        c.d(if lsp { own } else { COMMON_LEN + own } as u64)?;
        return Ok(false);
    }
    if !c.test(h, own) || (length as usize) < COMMON_LEN + own {
        c.trunc_here()?;
        return Ok(true);
    }
    let pdu_len = c.be16(if (own == 19 && !lsp) || own == 12 {
        h + 9
    } else {
        h
    })?;
    let mut packet_len = length;
    if packet_len > u32::from(pdu_len) {
        packet_len = pdu_len.into();
        length = pdu_len.into();
    }
    if lsp {
        lsp_header(c, h, length, pdu_len)?;
    }
    match ty {
        18 | 20 => {}
        15..=17 => {
            let (hold, circuit) = (c.be16(h + 7)?, c.u8(h)?);
            c.s("\n\t  source-id: ")?;
            id(c, h + 1, 6)?;
            c.s(if own == 19 {
                ",  holding time: "
            } else {
                ", holding time: "
            })?;
            c.d(hold)?;
            c.s("s, Flags: [")?;
            name(
                c,
                CIRCUIT_TYPES,
                circuit,
                Unknown::hex2("unknown circuit type 0x", ""),
            )?;
            c.s("]")?;
            if own == 19 {
                c.s("\n\t  lan-id:    ")?;
                id(c, h + 12, 7)?;
                let prio = c.u8(h + 11)?;
                c.s(", Priority: ")?;
                c.d(prio & 0x7f)?;
            } else {
                let circuit_id = c.u8(h + 11)?;
                c.s("\n\t  circuit-id: 0x")?;
                c.x02(circuit_id)?;
            }
        }
        _ => {
            c.s("\n\t  source-id:    ")?;
            id(c, h + 2, 7)?;
        }
    }
    if !lsp {
        c.s(", PDU length: ")?;
        c.d(pdu_len)?;
    }
    if matches!(ty, 24 | 25) {
        c.s("\n\t  start lsp-id: ")?;
        id(c, h + 9, 8)?;
        c.s("\n\t  end lsp-id:   ")?;
        id(c, h + 17, 8)?;
    }
    if c.vflag > 1 && !unknown(c, h, own, "\n\t  ")? {
        return Ok(false);
    }
    let whole = (COMMON_LEN + own) as u32;
    if packet_len < whole {
        c.s(" [packet length ")?;
        c.d(packet_len)?;
        c.s(" < ")?;
        c.d(whole)?;
        c.s("]")?;
        c.invalid()?;
        return Ok(true);
    }
    tlvs(c, h + own, packet_len - whole)
}

/// The TLVs: `Ok(false)` when tcpdump gives up on the PDU.
fn tlvs<W: Write>(c: &mut Cursor<'_, W>, mut t: usize, mut packet_len: u32) -> R<bool> {
    while packet_len > 0 {
        if !c.test(t, 2) || packet_len < 2 {
            c.trunc_here()?;
            return Ok(true);
        }
        let (ty, len) = (c.u8(t)?, c.u8(t + 1)?);
        t += 2;
        packet_len -= 2;
        c.s("\n\t    ")?;
        name_or_unknown(c, TLV_NAMES, ty)?;
        c.s(" TLV #")?;
        c.d(ty)?;
        c.s(", length: ")?;
        c.d(len)?;
        if packet_len < u32::from(len) {
            c.trunc_here()?;
            return Ok(true);
        }
        match tlv(c, ty, t, len)? {
            End::Next => {}
            End::Trunc => {
                c.trunc_here()?;
                return Ok(true);
            }
            End::GiveUp => return Ok(false),
            End::Stop => return Ok(true),
        }
        if c.vflag > 1 && !unknown(c, t, len.into(), "\n\t      ")? {
            return Ok(false);
        }
        t += usize::from(len);
        packet_len -= u32::from(len);
    }
    Ok(true)
}

/// One TLV's value (`len` bytes at `t`).
fn tlv<W: Write>(c: &mut Cursor<'_, W>, ty: u8, mut t: usize, len: u8) -> R<End> {
    let mut tlen = usize::from(len);
    match ty {
        1 => {
            while tlen != 0 {
                let alen = usize::from(c.u8(t)?);
                t += 1;
                tlen -= 1;
                if tlen < alen {
                    break;
                }
                let b = c.bytes(t, alen)?;
                c.s("\n\t      Area address (length: ")?;
                c.d(alen as u64)?;
                c.s("): ")?;
                if alen == 0 || alen > 20 {
                    c.s("isonsap_string: illegal length")?;
                } else {
                    for (i, &x) in b.iter().enumerate() {
                        fmtx::hex2(c.out, x)?;
                        if i & 1 == 0 && i + 1 < alen {
                            c.s(".")?;
                        }
                    }
                }
                t += alen;
                tlen -= alen;
            }
        }
        6 => {
            while tlen != 0 {
                if tlen < 6 {
                    break;
                }
                if !c.test(t, 6) {
                    return Ok(End::Trunc);
                }
                c.s("\n\t      SNPA: ")?;
                id(c, t, 6)?;
                t += 6;
                tlen -= 6;
            }
        }
        7 => {
            if tlen < 4 {
                return Ok(End::Next);
            }
            let n = (tlen - 2) / 2;
            let iid = c.be16(t)?;
            c.s("\n\t      Instance ID: ")?;
            c.d(iid)?;
            c.s(", ITIDs(")?;
            c.d(n as u64)?;
            c.s(if n != 0 { "): " } else { ") " })?;
            for i in 0..n {
                let v = c.be16(t + 2 + 2 * i)?;
                c.d(v)?;
                if i + 1 < n {
                    c.s(", ")?;
                }
            }
        }
        9 => {
            while tlen != 0 {
                if tlen < 16 {
                    break;
                }
                if !c.test(t + 2 + 7, 1) {
                    return Ok(End::Trunc);
                }
                c.s("\n\t      lsp-id: ")?;
                id(c, t + 2, 8)?;
                let seq = c.be32(t + 10)?;
                c.s(", seq: 0x")?;
                fmtx::hex_pad(c.out, seq.into(), 8)?;
                let life = c.be16(t)?;
                c.s(", lifetime: ")?;
                lifetime(c, life)?;
                let ck = c.be16(t + 14)?;
                c.s(", chksum: 0x")?;
                fmtx::hex_pad(c.out, ck.into(), 4)?;
                t += 16;
                tlen -= 16;
            }
        }
        // Purge Originator Identifier (RFC 6232): the count, the originator, and the system
        // it was received from when there are two.
        13 => {
            if tlen < 1 {
                return Ok(End::Next);
            }
            let n = c.u8(t)?;
            t += 1;
            tlen -= 1;
            if n == 0 {
                c.s(" No system IDs supplied")?;
                return Ok(End::Next);
            }
            if tlen < 6 {
                return Ok(End::Next);
            }
            if !c.test(t, 6) {
                return Ok(End::Trunc);
            }
            c.s("\n\t      Purge Originator System-ID: ")?;
            id(c, t, 6)?;
            t += 6;
            tlen -= 6;
            if n > 1 {
                if tlen < 6 {
                    return Ok(End::Next);
                }
                // tcpdump checks 13 bytes captured here, not 6.
                if !c.test(t, 13) {
                    return Ok(End::Trunc);
                }
                c.s("\n\t      Received from System-ID: ")?;
                id(c, t, 6)?;
            }
        }
        129 => {
            c.s("\n\t      NLPID(s): ")?;
            while tlen != 0 {
                let v = c.u8(t)?;
                name_or_unknown(c, NLPIDS, v)?;
                c.s(" (0x")?;
                c.x02(v)?;
                c.s(")")?;
                if tlen > 1 {
                    c.s(", ")?;
                }
                t += 1;
                tlen -= 1;
            }
        }
        132 => {
            while tlen != 0 {
                if tlen < 4 {
                    break;
                }
                c.bytes(t, 4)?;
                c.s("\n\t      IPv4 interface address: ")?;
                c.ip4_at(t)?;
                t += 4;
                tlen -= 4;
            }
        }
        211 => {
            if tlen < 1 {
                return Ok(End::Next);
            }
            if !c.test(t, 1) {
                return Ok(End::Trunc);
            }
            let flags = c.u8(t)?;
            c.s("\n\t      Flags [")?;
            tok::bittok2str(c.out, RESTART_FLAGS, flags.into(), "none")?;
            c.s("]")?;
            tlen -= 1;
            if tlen == 0 || tlen < 2 {
                return Ok(End::Next);
            }
            if !c.test(t + 1, 2) {
                return Ok(End::Trunc);
            }
            let hold = c.be16(t + 1)?;
            c.s(", Remaining holding time ")?;
            c.d(hold)?;
            c.s("s")?;
            tlen -= 2;
            if tlen == 6 {
                if !c.test(t + 3, 6) {
                    return Ok(End::Trunc);
                }
                c.s(", for ")?;
                id(c, t + 3, 6)?;
            }
        }
        240 => {
            if tlen >= 1 {
                let st = c.u8(t)?;
                c.s("\n\t      Adjacency State: ")?;
                name_or_unknown(c, ADJ_STATES, st)?;
                c.s(" (")?;
                c.d(st)?;
                c.s(")")?;
                tlen -= 1;
            }
            if tlen > 4 {
                let v = c.be32(t + 1)?;
                c.s("\n\t      Extended Local circuit-ID: 0x")?;
                fmtx::hex_pad(c.out, v.into(), 8)?;
                tlen -= 4;
            }
            if tlen >= 6 {
                if !c.test(t + 5, 6) {
                    return Ok(End::Trunc);
                }
                c.s("\n\t      Neighbor System-ID: ")?;
                id(c, t + 5, 6)?;
                tlen -= 6;
            }
            if tlen >= 4 {
                let v = c.be32(t + 11)?;
                c.s("\n\t      Neighbor Extended Local circuit-ID: 0x")?;
                fmtx::hex_pad(c.out, v.into(), 8)?;
            }
        }
        2 => {
            if tlen < 1 {
                return Ok(End::Next);
            }
            let virt = c.u8(t)?;
            c.s("\n\t      ")?;
            name(c, VIRTUAL, virt, Unknown::hex2("bogus virtual flag 0x", ""))?;
            t += 1;
            tlen -= 1;
            while tlen != 0 {
                if tlen < 11 {
                    break;
                }
                if !c.test(t, 11) {
                    return Ok(End::Trunc);
                }
                c.s("\n\t      IS Neighbor: ")?;
                id(c, t + 4, 7)?;
                metrics(c, t, None)?;
                t += 11;
                tlen -= 11;
            }
        }
        128 | 130 => {
            while tlen > 0 {
                if tlen < 12 {
                    c.s("short IPv4 Reachability (")?;
                    c.d(tlen as u64)?;
                    c.s(" vs 12)")?;
                    return Ok(End::Stop);
                }
                if !c.test(t, 12) {
                    return Ok(End::Stop);
                }
                let mask = c.be32(t + 8)?;
                c.s("\n\t      IPv4 prefix: ")?;
                match mask2plen(mask) {
                    Some(plen) => {
                        let mut a = String::new();
                        fmtx::ipv4(&mut a, c.bytes(t + 4, 4)?)?;
                        for _ in a.len()..15 {
                            c.s(" ")?;
                        }
                        c.ip4_at(t + 4)?;
                        c.s("/")?;
                        c.d(plen)?;
                    }
                    None => {
                        c.ip4_at(t + 4)?;
                        c.s(" mask ")?;
                        c.ip4_at(t + 8)?;
                    }
                }
                metrics(c, t, Some("\n\t      "))?;
                t += 12;
                tlen -= 12;
            }
        }
        22 | 24 => {
            while tlen != 0 {
                let Some(used) = extis::ext_is_reach(c, t, "\n\t      ", ty, tlen)? else {
                    return Ok(End::Trunc);
                };
                if tlen < used {
                    c.s(" [remaining tlv length ")?;
                    c.d(tlen as u64)?;
                    c.s(" < ")?;
                    c.d(used as u64)?;
                    c.s("]")?;
                    c.invalid()?;
                    break;
                }
                // (tcpdump steps by the count's low byte.)
                let step = usize::from(used as u8);
                tlen -= step;
                t += step;
            }
        }
        5 => subtlv::prefix_neighbors(c, t, tlen)?,
        241 => {
            if tlen >= 4 {
                let v = c.be32(t)?;
                c.s("\n\t      Sequence number: ")?;
                c.d(v)?;
            }
        }
        10 => {
            if !subtlv::auth(c, t, tlen)? {
                return Ok(End::GiveUp);
            }
        }
        143 | 144 => {
            let _ = subtlv::mt_capability(c, ty == 143, t, tlen)?;
        }
        14 => {
            if tlen >= 2 {
                let v = c.be16(t)?;
                c.s("\n\t      LSP Buffersize: ")?;
                c.d(v)?;
            }
        }
        135 => {
            while tlen != 0 {
                let metric = c.be32(t)?;
                let status = c.u8(t + 4)?;
                let bits = status & 0x3f;
                if bits > 32 {
                    c.s("\n\t      IPv4 prefix: bad bit length ")?;
                    c.d(bits)?;
                    return Ok(End::Trunc);
                }
                let n = usize::from(bits).div_ceil(8);
                let mut prefix = [0u8; 4];
                prefix[..n].copy_from_slice(c.bytes(t + 5, n)?);
                let mut a = String::new();
                fmtx::ipv4(&mut a, &prefix)?;
                c.s("\n\t      IPv4 prefix: ")?;
                for _ in a.len()..15 {
                    c.s(" ")?;
                }
                c.s(&a)?;
                c.s("/")?;
                c.d(bits)?;
                c.s(", Distribution: ")?;
                c.s(if status & 0x80 != 0 { "down" } else { "up" })?;
                c.s(", Metric: ")?;
                c.d(metric)?;
                let mut used = 5 + n;
                if status & 0x40 != 0 {
                    c.s(", sub-TLVs present")?;
                    let sublen = c.u8(t + used)?;
                    c.s(" (")?;
                    c.d(sublen)?;
                    c.s(")")?;
                    if !subtlv::ip_reach_subtlvs(c, t + used + 1, sublen, "\n\t        ")? {
                        return Ok(End::Trunc);
                    }
                    used += 1 + usize::from(sublen);
                }
                if tlen < used {
                    c.s(" [remaining tlv length ")?;
                    c.d(tlen as u64)?;
                    c.s(" < ")?;
                    c.d(used as u64)?;
                    c.s("]")?;
                    c.invalid()?;
                    break;
                }
                t += used;
                tlen -= used;
            }
        }
        242 => {
            if tlen < 5 {
                c.s(" [object length ")?;
                c.d(tlen as u64)?;
                c.s(" < 5]")?;
                c.invalid()?;
                return Ok(End::Next);
            }
            c.bytes(t, 4)?;
            let flags = c.u8(t + 4)?;
            c.s("\n\t      Router-ID ")?;
            c.ip4_at(t)?;
            c.s(", Flags [")?;
            tok::bittok2str(c.out, CAP_FLAGS, flags.into(), "none")?;
            c.s("]")?;
            let (mut st, mut sl) = (t + 5, tlen - 5);
            while sl >= 2 {
                let (ty, len) = (c.u8(st)?, usize::from(c.u8(st + 1)?));
                sl -= 2;
                st += 2;
                c.s("\n\t\t")?;
                c.s(if ty == 2 {
                    "SR-Capabilities"
                } else {
                    "unknown"
                })?;
                c.s(" subTLV #")?;
                c.d(ty)?;
                c.s(", length: ")?;
                c.d(len as u64)?;
                if len > sl || !c.test(st, len) {
                    break;
                }
                if ty == 2 {
                    subtlv::sr_capabilities(c, st, len as u8)?;
                } else {
                    c.unknown_data_at(st, len, "\n\t\t")?;
                }
                sl -= len;
                st += len;
            }
        }
        134 => {
            if tlen >= 4 {
                c.s("\n\t      Traffic Engineering Router ID: ")?;
                c.ip4_at(t)?;
            }
        }
        137 => {
            c.s("\n\t      Hostname: ")?;
            for i in 0..tlen {
                let ch = c.u8(t + i)?;
                if ch == 0 {
                    break;
                }
                fmtx::safe_char(c.out, ch)?;
            }
        }
        8 => {}
        _ => {
            if c.vflag <= 1 && !unknown(c, t, tlen, "\n\t\t")? {
                return Ok(End::GiveUp);
            }
        }
    }
    Ok(End::Next)
}

/// `%5d` of a lifetime, then `s`.
fn lifetime<W: Write>(c: &mut Cursor<'_, W>, life: u16) -> R {
    let digits = match life {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    };
    for _ in digits..5 {
        c.s(" ")?;
    }
    c.d(life)?;
    c.s("s")
}

/// An LSP's own header fields: its ID, sequence number, lifetime, checksum (verified as
/// tcpdump verifies it) and flags.
fn lsp_header<W: Write>(c: &mut Cursor<'_, W>, h: usize, length: u32, pdu_len: u16) -> R {
    let (seq, life, ck) = (c.be32(h + 12)?, c.be16(h + 2)?, c.be16(h + 16)?);
    c.s("\n\t  lsp-id: ")?;
    id(c, h + 4, 8)?;
    c.s(", seq: 0x")?;
    fmtx::hex_pad(c.out, seq.into(), 8)?;
    c.s(", lifetime: ")?;
    lifetime(c, life)?;
    c.s("\n\t  chksum: 0x")?;
    fmtx::hex_pad(c.out, ck.into(), 4)?;
    let n = length.wrapping_sub(12) as usize;
    let ok = ck != 0 && c.test(h + 4 + 12, 2) && 12 <= n && c.test(h + 4, n);
    if !ok {
        c.s(" (unverified)")?;
    } else {
        let sum = osi_cksum(c.bytes(h + 4, n)?, 12);
        if sum == ck {
            c.s(" (correct)")?;
        } else {
            c.s(" (incorrect should be 0x")?;
            fmtx::hex_pad(c.out, sum.into(), 4)?;
            c.s(")")?;
        }
    }
    let tb = c.u8(h + 18)?;
    c.s(", PDU length: ")?;
    c.d(pdu_len)?;
    c.s(", Flags: [ ")?;
    if tb & 4 != 0 {
        c.s("Overload bit set, ")?;
    }
    if tb & 0x78 != 0 {
        for (bit, n) in [
            (8, "default "),
            (0x10, "delay "),
            (0x20, "expense "),
            (0x40, "error "),
        ] {
            if tb & bit != 0 {
                c.s(n)?;
            }
        }
        c.s("ATT bit set, ")?;
    }
    if tb & 0x80 != 0 {
        c.s("P bit set, ")?;
    }
    name(c, IS_TYPES, tb & 3, Unknown::hex("Unknown(0x", ")"))?;
    c.s(" ]")
}

/// The ISO 8473 (Fletcher) checksum of `b` with the two bytes at `off` taken as zero, as
/// tcpdump's `create_osi_cksum` computes it.
pub(super) fn osi_cksum(b: &[u8], off: usize) -> u16 {
    let (mut c0, mut c1) = (0u32, 0u32);
    for (i, &x) in b.iter().enumerate() {
        if i != off && i != off + 1 {
            c0 = c0.wrapping_add(u32::from(x));
        }
        c1 = c1.wrapping_add(c0);
    }
    let (c0, c1) = (c0 % 255, c1 % 255);
    let mul = ((b.len() - off) as u32).wrapping_mul(c0);
    let mut x = mul.wrapping_sub(c0).wrapping_sub(c1) as i32;
    let mut y = c1.wrapping_sub(mul).wrapping_sub(1) as i32;
    if y >= 0 {
        y += 1;
    }
    if x < 0 {
        x -= 1;
    }
    x %= 255;
    y %= 255;
    if x == 0 {
        x = 255;
    }
    if y == 0 {
        y = 255;
    }
    (x.wrapping_shl(8) | (y & 0xff)) as u16
}

/// A netmask's prefix length, `None` when its ones are not contiguous (`mask2plen`).
fn mask2plen(mask: u32) -> Option<u32> {
    let ones = mask.leading_ones();
    (mask.checked_shl(ones).unwrap_or(0) == 0).then_some(ones)
}

/// The metric block at `m` (default, delay, expense, error): `, Default Metric: N, Internal`
/// and the supported others on lines of their own; under `ip` (the line indent), the IP
/// reachability form with the distribution bit.
pub(super) fn metrics<W: Write>(c: &mut Cursor<'_, W>, m: usize, ip: Option<&str>) -> R {
    let b = c.bytes(m, 4)?;
    let ie = |v: u8| {
        if v & 0x40 != 0 {
            "External"
        } else {
            "Internal"
        }
    };
    match ip {
        Some(_) => {
            c.s(", Distribution: ")?;
            c.s(if b[0] & 0x80 != 0 { "down" } else { "up" })?;
            c.s(", Metric: ")?;
        }
        None => c.s(", Default Metric: ")?,
    }
    c.d(b[0] & 0x3f)?;
    c.s(", ")?;
    c.s(ie(b[0]))?;
    for (v, label) in [(b[1], "Delay"), (b[2], "Expense"), (b[3], "Error")] {
        if v & 0x80 == 0 {
            c.s(ip.unwrap_or("\n\t\t"))?;
            c.s("  ")?;
            c.s(label)?;
            c.s(" Metric: ")?;
            c.d(v & 0x3f)?;
            c.s(", ")?;
            c.s(ie(v))?;
        }
    }
    Ok(())
}
