//! AppleTalk ARP (EtherType 0x80f3; tcpdump's `aarp_print`): requests, replies and probes
//! between AppleTalk addresses, the other messages by their fields.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The message: hardware and protocol types and lengths, operation, the two address pairs.
const LEN: usize = 28;

/// An AppleTalk address (`net.node`, `net` for node 255) from its 4-byte form at `o` (the
/// first byte unused).
fn at_addr<W: Write>(c: &mut Cursor<'_, W>, o: usize) -> R {
    let b = c.bytes(o, 4)?;
    let (net, node) = (u16::from_be_bytes([b[1], b[2]]), b[3]);
    c.d(net)?;
    if node != 255 {
        c.s(".")?;
        c.d(node)?;
    }
    Ok(())
}

/// `aarp_print`: `length` bytes at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn aarp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "aarp";
    c.s("aarp ")?;
    if !c.test(bp, LEN) {
        return c.trunc_here();
    }
    if (length as usize) < LEN {
        c.s(" [|aarp ")?;
        c.d(length)?;
        return c.s("]");
    }
    let (htype, ptype) = (c.be16(bp)?, c.be16(bp + 2)?);
    let (halen, palen) = (c.u8(bp + 4)?, c.u8(bp + 5)?);
    let op = c.be16(bp + 6)?;
    let (psaddr, pdaddr) = (bp + 14, bp + 24);
    if htype == 1 && ptype == crate::ethertype::ATALK && halen == 6 && palen == 4 {
        match op {
            1 | 3 => {
                c.s(if op == 1 { "who-has " } else { "probe " })?;
                at_addr(c, pdaddr)?;
                c.s(" tell ")?;
                return at_addr(c, psaddr);
            }
            2 => {
                c.s("reply ")?;
                at_addr(c, psaddr)?;
                c.s(" is-at ")?;
                return c.mac_at(bp + 8);
            }
            _ => {}
        }
    }
    c.s("len ")?;
    c.d(length)?;
    c.s(" op ")?;
    c.d(op)?;
    c.s(" htype ")?;
    c.d(htype)?;
    c.s(" ptype ")?;
    if ptype == 0 {
        c.s("0")?;
    } else {
        c.s("0x")?;
        c.x(ptype)?;
    }
    c.s(" halen ")?;
    c.d(halen)?;
    c.s(" palen ")?;
    c.d(palen)
}
