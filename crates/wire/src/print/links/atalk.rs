//! AppleTalk as tcpdump 4.99 prints it: LocalTalk's LLAP header (`LINKTYPE_LTALK`,
//! `llap_print`), DDP after it or after ARCNET's AppleTalk code (`atalk_print`), and the DDP
//! payloads tcpdump decodes: ATP and NBP (EIGRP over DDP goes to the EIGRP printer).

use core::fmt::Write;

use crate::fmtx;
use crate::ip_proto;
use crate::print::cursor::{Cursor, R};
use crate::print::next::{off, Next};

/// The long DDP header's length.
const DDP_SIZE: u32 = 13;
/// The short DDP header's length.
const DDP_SSIZE: u32 = 5;

/// `ataddr_string` (its names file is never read): `net.node`, or `net` for node 255.
fn ataddr<W: Write>(c: &mut Cursor<'_, W>, net: u16, node: u8) -> R {
    c.d(net)?;
    if node != 255 {
        c.s(".")?;
        c.d(node)?;
    }
    Ok(())
}

/// `ddpskt_string`: the socket's number under `-n`, its name otherwise.
fn socket<W: Write>(c: &mut Cursor<'_, W>, skt: u8) -> R {
    if c.port_names.is_some() {
        let name = match skt {
            1 => Some("rtmp"),
            2 => Some("nis"),
            4 => Some("echo"),
            6 => Some("zip"),
            _ => None,
        };
        if let Some(n) = name {
            return c.s(n);
        }
    }
    c.d(skt)
}

/// `llap_print`: the LLAP header, then short or long DDP.
pub(crate) fn llap_print<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.proto = "llap";
    if length < 3 {
        c.s(" [|llap ")?;
        c.d(length)?;
        return c.s("]");
    }
    if !c.test(0, 3) {
        return c.trunc_here();
    }
    let (dst, src, ty) = (c.u8(0)?, c.u8(1)?, c.u8(2)?);
    let length = length - 3;
    match ty {
        1 => {
            if length < DDP_SSIZE {
                c.s(" [|sddp ")?;
                c.d(length)?;
                return c.s("]");
            }
            if !c.test(3, DDP_SSIZE as usize) {
                return c.s(" [|sddp]");
            }
            let (dskt, sskt, t) = (c.u8(5)?, c.u8(6)?, c.u8(7)?);
            ataddr(c, 0, src)?;
            c.s(".")?;
            socket(c, sskt)?;
            c.s(" > ")?;
            ataddr(c, 0, dst)?;
            c.s(".")?;
            socket(c, dskt)?;
            c.s(":")?;
            ddp_print(c, 8, length - DDP_SSIZE, t, 0, src, sskt)
        }
        2 => {
            if length < DDP_SIZE {
                c.s(" [|ddp ")?;
                c.d(length)?;
                return c.s("]");
            }
            if !c.test(3, DDP_SIZE as usize) {
                return c.s(" [|ddp]");
            }
            let (snet, snode, sskt, t) = ddp_addrs(c, 3, ":")?;
            ddp_print(c, 16, length - DDP_SIZE, t, snet, snode, sskt)
        }
        _ => {
            c.d(src)?;
            c.s(" > ")?;
            c.d(dst)?;
            c.s(" at-lap#")?;
            c.d(ty)?;
            c.s(" ")?;
            c.d(length)
        }
    }
}

/// The long DDP header's addresses at `at` (`src.skt > dst.skt` and `sep`); the source's
/// network, node and socket and the DDP type.
fn ddp_addrs<W: Write>(c: &mut Cursor<'_, W>, at: usize, sep: &str) -> R<(u16, u8, u8, u8)> {
    let (dnet, snet) = (c.be16(at + 4)?, c.be16(at + 6)?);
    let (dnode, snode) = (c.u8(at + 8)?, c.u8(at + 9)?);
    let (dskt, sskt, t) = (c.u8(at + 10)?, c.u8(at + 11)?, c.u8(at + 12)?);
    ataddr(c, snet, snode)?;
    c.s(".")?;
    socket(c, sskt)?;
    c.s(" > ")?;
    ataddr(c, dnet, dnode)?;
    c.s(".")?;
    socket(c, dskt)?;
    c.s(sep)?;
    Ok((snet, snode, sskt, t))
}

/// `atalk_print`: a long DDP header at `at` and its payload.
pub(crate) fn atalk_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    c.proto = "atalk";
    if !c.eflag {
        c.s("AT ")?;
    }
    if length < DDP_SIZE {
        c.s(" [|ddp ")?;
        c.d(length)?;
        return c.s("]");
    }
    if !c.test(at, DDP_SIZE as usize) {
        return c.s(" [|ddp]");
    }
    let (snet, snode, sskt, t) = ddp_addrs(c, at, ": ")?;
    ddp_print(c, at + 13, length - DDP_SIZE, t, snet, snode, sskt)
}

/// `ethertype_print` for AppleTalk (EtherType 0x809b, and SNAP's AppleTalk OUI): `et1 `
/// under `-v`, then [`atalk_print`].
pub(crate) fn ethertalk_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    if c.vflag > 0 {
        c.s("et1 ")?;
    }
    atalk_print(c, at, length)
}

/// `ddp_print`: the DDP payload of type `t` at `at`.
fn ddp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    length: u32,
    t: u8,
    snet: u16,
    snode: u8,
    skt: u8,
) -> R {
    match t {
        2 => nbp_print(c, at, length, snet, snode, skt),
        3 => atp_print(c, at, length),
        88 => c.then(Next::ip_proto(
            ip_proto::EIGRP,
            4,
            false,
            off(at),
            length,
            0,
        )),
        _ => {
            c.s(" at-")?;
            match t {
                1 => c.s("rtmp")?,
                5 => c.s("rtmpReq")?,
                4 => c.s("echo")?,
                22 => c.s("IP")?,
                23 => c.s("ARP")?,
                0x4b => c.s("KLAP")?,
                _ => {
                    c.s("#")?;
                    c.d(t)?;
                }
            }
            c.s(" ")?;
            c.d(length)
        }
    }
}

/// `atp_print`.
fn atp_print<W: Write>(c: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    if !c.test(at, 8) {
        return c.trunc_here();
    }
    if length < 8 {
        c.s(" [|atp ")?;
        c.d(length)?;
        return c.s("]");
    }
    let length = length - 8;
    let control = c.u8(at)?;
    let bitmap = c.u8(at + 1)?;
    let tid = c.be16(at + 2)?;
    let flags = |c: &mut Cursor<'_, W>, bits: &[(u8, &str)]| -> R {
        let mut first = true;
        for &(b, n) in bits {
            if control & b != 0 {
                c.s(if first { " [" } else { "," })?;
                c.s(n)?;
                first = false;
            }
        }
        if !first {
            c.s("]")?;
        }
        Ok(())
    };
    match control & 0xc0 {
        0x40 => {
            c.s(" atp-req")?;
            c.s(if control & 0x20 != 0 { " " } else { "*" })?;
            c.s(" ")?;
            c.d(tid)?;
            bitmap_print(c, bitmap)?;
            if length != 0 {
                c.s(" [len=")?;
                c.d(length)?;
                c.s("]")?;
            }
            flags(c, &[(0x10, "EOM"), (0x08, "STS")])?;
        }
        0x80 => {
            c.s(" atp-resp")?;
            c.s(if control & 0x10 != 0 { "*" } else { " " })?;
            c.d(tid)?;
            c.s(":")?;
            c.d(bitmap)?;
            c.s(" (")?;
            c.d(length)?;
            c.s(")")?;
            flags(c, &[(0x20, "XO"), (0x08, "STS")])?;
        }
        0xc0 => {
            c.s(" atp-rel  ")?;
            c.d(tid)?;
            bitmap_print(c, bitmap)?;
            if length != 0 {
                c.s(" [len=")?;
                c.d(length)?;
                c.s("]")?;
            }
            if control & 0x38 != 0 {
                let mut sep = "[";
                for (b, n) in [(0x20, "XO"), (0x10, "EOM"), (0x08, "STS")] {
                    if control & b != 0 {
                        c.s(sep)?;
                        c.s(n)?;
                        sep = ",";
                    }
                }
                c.s("]")?;
            }
        }
        _ => {
            c.s(" atp-0x")?;
            c.x(control)?;
            c.s("  ")?;
            c.d(tid)?;
            c.s(" (")?;
            c.d(length)?;
            c.s(")")?;
        }
    }
    let data = c.be32(at + 4)?;
    if data != 0 {
        c.s(" 0x")?;
        c.x(data)?;
    }
    Ok(())
}

/// `atp_bitmap_print`: `<0-N>` for a run from bit 0, the bits set otherwise.
fn bitmap_print<W: Write>(c: &mut Cursor<'_, W>, bm: u8) -> R {
    let run = bm.wrapping_add(1) & bm == 0;
    if !run {
        let mut sep = "<";
        for i in 0..8 {
            if bm & (1 << i) != 0 {
                c.s(sep)?;
                c.d(i as u32)?;
                sep = ",";
            }
        }
        c.s(">")
    } else {
        let n = 8 - bm.leading_zeros();
        if n > 1 {
            c.s("<0-")?;
            c.d(n - 1)?;
            c.s(">")
        } else {
            c.s("<0>")
        }
    }
}

/// `nbp_print`.
fn nbp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    at: usize,
    length: u32,
    snet: u16,
    snode: u8,
    skt: u8,
) -> R {
    if length < 2 || length - 2 < 8 {
        c.s(" truncated-nbp ")?;
        return c.d(length);
    }
    let tp = at + 2;
    if tp > c.snapend {
        return c.trunc_here();
    }
    let control = c.u8(at)?;
    let id = c.u8(at + 1)?;
    match control & 0xf0 {
        k @ (0x10 | 0x20) => {
            c.s(if k == 0x20 {
                " nbp-lkup "
            } else {
                " nbp-brRq "
            })?;
            c.d(id)?;
            c.s(":")?;
            if !c.test(tp, 5) {
                return c.trunc_here();
            }
            name_print(c, tp)?;
            if control & 0xf != 1 {
                c.s(" [ntup=")?;
                c.d(control & 0xf)?;
                c.s("]")?;
            }
            let en = c.u8(tp + 4)?;
            if en != 0 {
                c.s(" [enum=")?;
                c.d(en)?;
                c.s("]")?;
            }
            let (net, node, tskt) = (c.be16(tp)?, c.u8(tp + 2)?, c.u8(tp + 3)?);
            if net != snet || node != snode || tskt != skt {
                c.s(" [addr=")?;
                ataddr(c, net, node)?;
                c.s(".")?;
                c.d(tskt)?;
                c.s("]")?;
            }
            Ok(())
        }
        0x30 => {
            c.s(" nbp-reply ")?;
            c.d(id)?;
            c.s(":")?;
            let mut tp = Some(tp);
            let mut i = control & 0xf;
            while i != 0 {
                let Some(t) = tp else { break };
                tp = tuple_print(c, t, snet, snode, skt)?;
                i -= 1;
            }
            Ok(())
        }
        _ => {
            c.s(" nbp-0x")?;
            c.x(control)?;
            c.s("  ")?;
            c.d(id)?;
            c.s(" (")?;
            c.d(length - 2)?;
            c.s(")")
        }
    }
}

/// `nbp_tuple_print`: one tuple at `tp`; where the next starts, `None` when cut short.
fn tuple_print<W: Write>(
    c: &mut Cursor<'_, W>,
    tp: usize,
    snet: u16,
    snode: u8,
    skt: u8,
) -> R<Option<usize>> {
    if !c.test(tp, 5) {
        c.trunc_here()?;
        return Ok(None);
    }
    let next = name_print(c, tp)?;
    let en = c.u8(tp + 4)?;
    if en != 1 {
        c.s("(")?;
        c.d(en)?;
        c.s(")")?;
    }
    let tskt = c.u8(tp + 3)?;
    if tskt != skt {
        c.s(" ")?;
        c.d(tskt)?;
    }
    let (net, node) = (c.be16(tp)?, c.u8(tp + 2)?);
    if net != snet || node != snode {
        c.s(" [addr=")?;
        ataddr(c, net, node)?;
        c.s("]")?;
    }
    Ok(next)
}

/// `nbp_name_print`: ` "object:type@zone"`; where the tuple ends, `None` when cut short.
fn name_print<W: Write>(c: &mut Cursor<'_, W>, tp: usize) -> R<Option<usize>> {
    c.s(" \"")?;
    let mut cp = tp + 5;
    for sep in [":", "@", "\""] {
        match cstring(c, cp)? {
            Some(n) => cp = n,
            None => return Ok(None),
        }
        c.s(sep)?;
    }
    Ok(Some(cp))
}

/// `print_cstring`: a counted string of at most 32 bytes at `cp`; where it ends.
fn cstring<W: Write>(c: &mut Cursor<'_, W>, cp: usize) -> R<Option<usize>> {
    if cp >= c.snapend {
        c.trunc_here()?;
        return Ok(None);
    }
    let n = c.u8(cp)? as usize;
    if n > 32 {
        c.s("[len=")?;
        c.d(n as u32)?;
        c.s("]")?;
        return Ok(None);
    }
    for i in 0..n {
        let p = cp + 1 + i;
        if p >= c.snapend {
            c.trunc_here()?;
            return Ok(None);
        }
        let b = c.u8(p)?;
        fmtx::safe_str(c.out, &[b])?;
    }
    Ok(Some(cp + 1 + n))
}
