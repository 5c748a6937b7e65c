//! ARP, RARP and ATM ARP (tcpdump's `arp_print` and `atmarp_print`).

use core::fmt::Write;

use crate::frame::arp::{self, atm};

use crate::ethertype;
use crate::fmtx;
use crate::tok::{self, Unknown};

use super::cursor::{Cursor, R};

/// The protocol type's name, or `Unknown Protocol (0x....)`.
fn arp_proto_name<W: Write>(c: &mut Cursor<'_, W>, pro: u16) -> R {
    let unknown = Unknown::hex4("Unknown Protocol (0x", ")");
    Ok(tok::tok2str(
        c.out,
        ethertype::name(pro),
        pro.into(),
        unknown,
    )?)
}

/// The operation's name, or `Unknown (n)`.
fn arp_op_name<W: Write>(c: &mut Cursor<'_, W>, op: u16) -> R {
    let unknown = Unknown::dec("Unknown (", ")");
    Ok(tok::tok2str(c.out, arp::op_name(op), op.into(), unknown)?)
}

pub(crate) fn linkaddr<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: usize) -> R {
    if len == 0 {
        return c.s("<empty>");
    }
    if len == 6 {
        // `linkaddr_string` hands MAC addresses to `etheraddr_string` (the OUI's name
        // without -n).
        return c.mac_at(o);
    }
    let a = c.bytes(o, len)?;
    fmtx::bytes_colon(c.out, a)?;
    Ok(())
}

pub(crate) fn arp_ip<W: Write>(c: &mut Cursor<'_, W>, o: usize, pro: u16, pln: u8) -> R {
    if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
        c.s("<wrong proto type>")
    } else if pln != 4 {
        c.s("<wrong len>")
    } else {
        c.ip4_at(o)
    }
}

/// `arp_print`.
#[inline(never)]
pub(crate) fn arp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, caplen: u32) -> R {
    c.proto = "arp";
    if !c.test(bp, arp::FIXED_LEN) {
        return Err(c.jump());
    }
    let hrd = c.be16(bp + arp::field::HTYPE.start)?;
    if hrd == arp::HTYPE_ATM2225 {
        return atmarp(c, bp, length, caplen);
    }
    let pro = c.be16(bp + arp::field::PTYPE.start)?;
    let hln = c.u8(bp + arp::field::HLEN)?;
    let pln = c.u8(bp + arp::field::PLEN)?;
    let op = c.be16(bp + arp::field::OPER.start)?;
    let (h, pl) = (hln as usize, pln as usize);
    let sha = bp + arp::field::ADDRS;
    let spa = sha + h;
    let tha = spa + pl;
    let tpa = tha + h;
    if !c.test(tpa, pl) {
        return Err(c.jump());
    }
    if !c.eflag {
        c.s("ARP, ")?;
    }
    let odd = (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || pln != 4 || hln == 0;
    if odd || c.vflag != 0 {
        let unknown = Unknown::dec("Unknown Hardware (", ")");
        tok::tok2str(c.out, arphrd_name(hrd), hrd.into(), unknown)?;
        c.s(" (len ")?;
        c.d(hln)?;
        c.s("), ")?;
        arp_proto_name(c, pro)?;
        c.s(" (len ")?;
        c.d(pln)?;
        c.s(")")?;
    }
    // Without -v an odd header ends here; -v prints the operation after it.
    if !odd || c.vflag != 0 {
        if c.vflag != 0 {
            c.s(", ")?;
        }
        arp_op_name(c, op)?;
        c.s(" ")?;
        match op {
            arp::OP_REQUEST => {
                c.s("who-has ")?;
                arp_ip(c, tpa, pro, pln)?;
                let t = c.bytes(tha, h)?;
                if t.iter().any(|&b| b != 0) {
                    c.s(" (")?;
                    linkaddr(c, tha, h)?;
                    c.s(")")?;
                }
                c.s(" tell ")?;
                arp_ip(c, spa, pro, pln)?;
            }
            arp::OP_REPLY => {
                arp_ip(c, spa, pro, pln)?;
                c.s(" is-at ")?;
                linkaddr(c, sha, h)?;
            }
            arp::OP_REVREQUEST | arp::OP_INVREQUEST => {
                c.s("who-is ")?;
                linkaddr(c, tha, h)?;
                c.s(" tell ")?;
                linkaddr(c, sha, h)?;
            }
            arp::OP_REVREPLY => {
                linkaddr(c, tha, h)?;
                c.s(" at ")?;
                arp_ip(c, tpa, pro, pln)?;
            }
            arp::OP_INVREPLY => {
                linkaddr(c, sha, h)?;
                c.s(" at ")?;
                arp_ip(c, spa, pro, pln)?;
            }
            _ => return c.default_print(bp, caplen as usize),
        }
    }
    c.s(", length ")?;
    c.d(length)
}

/// `atmarp_addr_print`: an ATM number and, if any, its subaddress after a comma.
pub(crate) fn atm_addr<W: Write>(
    c: &mut Cursor<'_, W>,
    ha: usize,
    ha_len: usize,
    sa: usize,
    sa_len: usize,
) -> R {
    if ha_len == 0 {
        return c.s("<No address>");
    }
    linkaddr(c, ha, ha_len)?;
    if sa_len != 0 {
        c.s(",")?;
        linkaddr(c, sa, sa_len)?;
    }
    Ok(())
}

/// An ATMARP protocol address: IPv4 or a complaint naming the bad length (`which`).
pub(crate) fn atm_ip<W: Write>(
    c: &mut Cursor<'_, W>,
    o: usize,
    pro: u16,
    pln: u8,
    which: &str,
) -> R {
    if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
        c.s("<wrong proto type>")
    } else if pln != 4 {
        c.s("<wrong ")?;
        c.s(which)?;
        c.s(">")
    } else {
        c.ip4_at(o)
    }
}

/// `atmarp_print`: RFC 2225 ARP (hardware type 19), whose addresses are variable-length ATM
/// numbers and subaddresses in a 12-byte fixed header.
pub(crate) fn atmarp<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, caplen: u32) -> R {
    if !c.test(bp, atm::ADDRS) {
        return Err(c.jump());
    }
    let pro = c.be16(bp + atm::PTYPE.start)?;
    let op = c.be16(bp + atm::OPER.start)?;
    let len6 = |v: u8| (v & atm::LEN_MASK) as usize;
    let shl = len6(c.u8(bp + atm::SHTL)?);
    let ssl = len6(c.u8(bp + atm::SSTL)?);
    let spln = c.u8(bp + atm::SPLN)?;
    let thl = len6(c.u8(bp + atm::THTL)?);
    let tsl = len6(c.u8(bp + atm::TSTL)?);
    let tpln = c.u8(bp + atm::TPLN)?;
    let sha = bp + atm::ADDRS;
    let ssa = sha + shl;
    let spa = ssa + ssl;
    let tha = spa + spln as usize;
    let tsa = tha + thl;
    let tpa = tsa + tsl;
    if !c.test(tpa, tpln as usize) {
        return Err(c.jump());
    }
    if !c.eflag {
        c.s("ARP, ")?;
    }
    let odd = (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || spln != 4 || tpln != 4;
    if odd || c.vflag != 0 {
        c.s("ATM, ")?;
        arp_proto_name(c, pro)?;
        c.s(" (len ")?;
        c.d(spln)?;
        c.s("/")?;
        c.d(tpln)?;
        c.s(")")?;
    }
    if !odd || c.vflag != 0 {
        if c.vflag != 0 {
            c.s(", ")?;
        }
        arp_op_name(c, op)?;
        c.s(" ")?;
        match op {
            arp::OP_REQUEST => {
                c.s("who-has ")?;
                atm_ip(c, tpa, pro, tpln, "tplen")?;
                if thl != 0 {
                    c.s(" (")?;
                    atm_addr(c, tha, thl, tsa, tsl)?;
                    c.s(")")?;
                }
                c.s(" tell ")?;
                atm_ip(c, spa, pro, spln, "splen")?;
            }
            arp::OP_REPLY => {
                atm_ip(c, spa, pro, spln, "splen")?;
                c.s(" is-at ")?;
                atm_addr(c, sha, shl, ssa, ssl)?;
            }
            arp::OP_INVREQUEST => {
                c.s("who-is ")?;
                atm_addr(c, tha, thl, tsa, tsl)?;
                c.s(" tell ")?;
                atm_addr(c, sha, shl, ssa, ssl)?;
            }
            arp::OP_INVREPLY => {
                // tcpdump prints no space before "at" here.
                atm_addr(c, sha, shl, ssa, ssl)?;
                c.s("at ")?;
                atm_ip(c, spa, pro, spln, "splen")?;
            }
            arp::OP_NAK => {
                c.s("for ")?;
                atm_ip(c, spa, pro, spln, "splen")?;
            }
            _ => return c.default_print(bp, caplen as usize),
        }
    }
    c.s(", length ")?;
    c.d(length)
}

pub(crate) fn arphrd_name(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        23 => "Strip",
        24 => "IEEE 1394",
        19 => "ATM",
        32 => "InfiniBand",
        _ => return None,
    })
}
