//! TIPC (EtherType 0x88ca): tcpdump's `tipc_print`, the header of payload, internal and link
//! configuration messages, with the extra fields of `-v`.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The user (message class) names.
fn user_name(user: u32) -> &'static str {
    match user {
        0 => "Low Importance Data payload",
        1 => "Medium Importance Data payload",
        2 => "High Importance Data payload",
        3 => "Critical Importance Data payload",
        5 => "Broadcast Link Protocol internal",
        6 => "Message Bundler Protocol internal",
        7 => "Link State Protocol internal",
        8 => "Connection Manager internal",
        10 => "Link Changeover Protocol internal",
        11 => "Name Table Update Protocol internal",
        12 => "Message Fragmentation Protocol internal",
        13 => "Neighbor Detection Protocol internal",
        _ => "unknown",
    }
}

/// The message type names (tcpdump's table swaps the direct and multicast names).
fn mtype_name(mtype: u32) -> &'static str {
    match mtype {
        0 => "CONN_MSG",
        1 => "MCAST_MSG",
        2 => "NAMED_MSG",
        3 => "DIRECT_MSG",
        _ => "Unknown",
    }
}

/// `Z.C.N` of a TIPC address.
fn addr<W: Write>(c: &mut Cursor<'_, W>, a: u32) -> R {
    c.d(a >> 24)?;
    c.s(".")?;
    c.d((a >> 12) & 0xfff)?;
    c.s(".")?;
    c.d(a & 0xfff)
}

/// `, headerlength N bytes, MessageSize N bytes, USER, messageType TYPE`.
fn sizes<W: Write>(c: &mut Cursor<'_, W>, w0: u32, user: u32, mtype: &str) -> R {
    c.s(", headerlength ")?;
    c.d(((w0 >> 21) & 0xf) * 4)?;
    c.s(" bytes, MessageSize ")?;
    c.d(w0 & 0x1ffff)?;
    c.s(" bytes, ")?;
    c.s(user_name(user))?;
    c.s(", messageType ")?;
    c.s(mtype)
}

/// `tipc_print`: the message at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn tipc_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.proto = "tipc";
    let w0 = c.be32(bp)?;
    let user = (w0 >> 25) & 0xf;
    let ver = w0 >> 29;
    match user {
        0..=3 | 8 | 11 => {
            let w1 = c.be32(bp + 4)?;
            let prev = c.be32(bp + 12)?;
            let (oport, dport) = (c.be32(bp + 16)?, c.be32(bp + 20)?);
            let hsize = (w0 >> 21) & 0xf;
            if hsize <= 6 {
                c.s("TIPC v")?;
                c.d(ver)?;
                c.s(".0 ")?;
                addr(c, prev)?;
                c.s(":")?;
                c.d(oport)?;
                c.s(" > ")?;
                c.d(dport)?;
                return sizes(c, w0, user, mtype_name(w1 >> 29));
            }
            let (onode, dnode) = (c.be32(bp + 24)?, c.be32(bp + 28)?);
            c.s("TIPC v")?;
            c.d(ver)?;
            c.s(".0 ")?;
            addr(c, onode)?;
            c.s(":")?;
            c.d(oport)?;
            c.s(" > ")?;
            addr(c, dnode)?;
            c.s(":")?;
            c.d(dport)?;
            sizes(c, w0, user, mtype_name(w1 >> 29))?;
            if c.vflag > 0 {
                let w2 = c.be32(bp + 8)?;
                c.s("\n\tPrevious Node ")?;
                addr(c, prev)?;
                c.s(", Broadcast Ack ")?;
                c.d(w1 & 0xffff)?;
                c.s(", Link Ack ")?;
                c.d(w2 >> 16)?;
                c.s(", Link Sequence ")?;
                c.d(w2 & 0xffff)?;
            }
            Ok(())
        }
        13 => {
            let w1 = c.be32(bp + 4)?;
            let (domain, prev) = (c.be32(bp + 8)?, c.be32(bp + 12)?);
            c.s("TIPC v")?;
            c.d(ver)?;
            c.s(".0 ")?;
            addr(c, prev)?;
            c.s(" > ")?;
            addr(c, domain)?;
            let mtype = match w1 >> 29 {
                0 => "Link request",
                1 => "Link response",
                _ => "Unknown",
            };
            sizes(c, w0, user, mtype)?;
            if c.vflag > 0 {
                let (net, w5) = (c.be32(bp + 16)?, c.be32(bp + 20)?);
                c.s("\n\tNodeSignature ")?;
                c.d(w1 & 0xffff)?;
                c.s(", network_id ")?;
                c.d(net)?;
                c.s(", media_id ")?;
                c.d(w5 & 0xff)?;
            }
            Ok(())
        }
        5..=7 | 10 | 12 => {
            let w1 = c.be32(bp + 4)?;
            let (onode, dnode) = (c.be32(bp + 24)?, c.be32(bp + 28)?);
            c.s("TIPC v")?;
            c.d(ver)?;
            c.s(".0 ")?;
            addr(c, onode)?;
            c.s(" > ")?;
            addr(c, dnode)?;
            sizes(c, w0, user, mtype_name(w1 >> 29))?;
            c.s(" (0x")?;
            crate::fmtx::hex_pad(c.out, w1.into(), 8)?;
            c.s(")")?;
            if c.vflag > 0 {
                let w2 = c.be32(bp + 8)?;
                let prev = c.be32(bp + 12)?;
                let (w4, w5) = (c.be32(bp + 16)?, c.be32(bp + 20)?);
                let (seq, w9) = (c.be32(bp + 32)?, c.be32(bp + 36)?);
                c.s("\n\tPrevious Node ")?;
                addr(c, prev)?;
                for (label, v) in [
                    (", Session No. ", w5 >> 16),
                    (", Broadcast Ack ", w1 & 0xffff),
                    (", Sequence Gap ", (w1 >> 16) & 0x1fff),
                    (",  Broadcast Gap After ", w2 >> 16),
                    (", Broadcast Gap To ", w2 & 0xffff),
                    (", Last Sent Packet No. ", w4 >> 16),
                    (", Next sent Packet No. ", w4 & 0xffff),
                    (", Transport Sequence ", seq),
                    (", msg_count ", w9 >> 16),
                    (", Link Tolerance ", w9 & 0xffff),
                ] {
                    c.s(label)?;
                    c.d(v)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
