//! Novell IPX: tcpdump's `ipx_print`, with its SAP and RIP printers (and, like the tcpdump
//! this crate follows, built without SMB: NetBIOS over IPX prints its length only).
//!
//! `IPX NET.NODE.SOCKET > NET.NODE.SOCKET: ` then by the destination socket `ipx-ncp N`,
//! the SAP services, the RIP routes, `ipx-netbios N`, `ipx-diags N`, `ipx-nwlink-dgm N`,
//! Cisco's EIGRP, or `ipx-#SOCKET N`.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::next::{off, Next};
use crate::{fmtx, ip_proto};

/// The IPX header's length and field offsets.
const HDR: usize = 30;
const LENGTH: usize = 2;
const DST_NET: usize = 6;
const DST_SKT: usize = 16;
const SRC_NET: usize = 18;
const SRC_SKT: usize = 28;

/// The well-known sockets.
const SKT_NCP: u16 = 0x0451;
const SKT_SAP: u16 = 0x0452;
const SKT_RIP: u16 = 0x0453;
const SKT_NETBIOS: u16 = 0x0455;
const SKT_DIAGNOSTICS: u16 = 0x0456;
const SKT_NWLINK_DGM: u16 = 0x0553;
const SKT_EIGRP: u16 = 0x85be;

/// An IPX packet carried in Ethernet II (EtherType 0x8137): `(NOV-ETHII) ` and the packet.
pub(crate) fn ipx_ether_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    c.s("(NOV-ETHII) ")?;
    ipx_print(c, p, length)
}

/// `ipx_print`: the IPX packet at `p`.
pub(crate) fn ipx_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, _length: u32) -> R {
    c.proto = "ipx";
    if !c.eflag {
        c.s("IPX ")?;
    }
    endpoint(c, p + SRC_NET, p + SRC_SKT)?;
    c.s(" > ")?;
    endpoint(c, p + DST_NET, p + DST_SKT)?;
    let dskt = c.be16(p + DST_SKT)?;
    c.s(": ")?;
    let length = c.be16(p + LENGTH)? as u32;
    if length < HDR as u32 {
        c.s("[length ")?;
        c.d(length)?;
        c.s(" < 30]")?;
        return c.invalid();
    }
    let (data, length) = (p + HDR, length - HDR as u32);
    let count = |c: &mut Cursor<'_, W>, what: &str| -> R {
        c.s(what)?;
        c.d(length)
    };
    match dskt {
        SKT_NCP => count(c, "ipx-ncp "),
        SKT_SAP => sap_print(c, data, length),
        SKT_RIP => rip_print(c, data, length),
        SKT_NETBIOS => count(c, "ipx-netbios "),
        SKT_DIAGNOSTICS => count(c, "ipx-diags "),
        SKT_NWLINK_DGM => count(c, "ipx-nwlink-dgm "),
        SKT_EIGRP => c.then(Next::ip_proto(
            ip_proto::EIGRP,
            4,
            false,
            off(data),
            length,
            off(p),
        )),
        _ => {
            c.s("ipx-#")?;
            c.x(dskt)?;
            c.s(" ")?;
            c.d(length)
        }
    }
}

/// `NETWORK.NODE.SOCKET`, all read before any is printed.
fn endpoint<W: Write>(c: &mut Cursor<'_, W>, at: usize, skt: usize) -> R {
    c.bytes(at, 10)?;
    let skt = c.be16(skt)?;
    addr(c, at)?;
    c.s(".")?;
    fmtx::hex_pad(c.out, skt.into(), 4)?;
    Ok(())
}

/// `NETWORK.NODE`: the network in eight hex digits, the node as a MAC address.
fn addr<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let net = c.be32(at)?;
    let node = c.bytes(at + 4, 6)?;
    fmtx::hex_pad(c.out, net.into(), 8)?;
    c.s(".")?;
    fmtx::mac(c.out, node)?;
    Ok(())
}

/// ` [length N < 2] (invalid)` when a message is too short for its command.
fn short<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.s(" [length ")?;
    c.d(length)?;
    c.s(" < 2]")?;
    c.invalid()
}

/// A SAP type: four hex digits (tcpdump's `ipxsap_string` under `-n`).
fn sap_type<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let t = c.be16(at)?;
    c.s(" ")?;
    fmtx::hex_pad(c.out, t.into(), 4)?;
    Ok(())
}

/// `ipx_sap_print`: a request's service type, or up to eight services of a response.
fn sap_print<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut length: u32) -> R {
    let command = c.be16(p)?;
    if length < 2 {
        return short(c, length);
    }
    p += 2;
    length -= 2;
    match command {
        1 | 3 => {
            c.s(if command == 1 {
                "ipx-sap-req"
            } else {
                "ipx-sap-nearest-req"
            })?;
            sap_type(c, p)
        }
        2 | 4 => {
            c.s(if command == 2 {
                "ipx-sap-resp"
            } else {
                "ipx-sap-nearest-resp"
            })?;
            let mut i = 0;
            while i < 8 && length != 0 {
                c.bytes(p, 2)?;
                if length < 2 {
                    return c.invalid();
                }
                sap_type(c, p)?;
                c.s(" '")?;
                p += 2;
                length -= 2;
                if length < 48 {
                    c.s("'")?;
                    return c.invalid();
                }
                printjnp(c, p, 48)?;
                c.s("'")?;
                p += 48;
                length -= 48;
                c.bytes(p, 10)?;
                if length < 10 {
                    return c.invalid();
                }
                c.s(" addr ")?;
                addr(c, p)?;
                p += 10;
                length -= 10;
                c.bytes(p, 4)?;
                if length < 4 {
                    return c.invalid();
                }
                p += 4;
                length -= 4;
                i += 1;
            }
            Ok(())
        }
        _ => {
            c.s("ipx-sap-?")?;
            c.x(command)
        }
    }
}

/// `nd_printjnp`: at most `n` bytes up to a NUL, each read as captured.
fn printjnp<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R {
    for i in 0..n {
        let ch = c.u8(p + i)?;
        if ch == 0 {
            break;
        }
        fmtx::safe_char(c.out, ch)?;
    }
    Ok(())
}

/// ` NETWORK/HOPS.TICKS`.
fn route<W: Write>(c: &mut Cursor<'_, W>, p: usize) -> R {
    let (net, hops, ticks) = (c.be32(p)?, c.be16(p + 4)?, c.be16(p + 6)?);
    c.s(" ")?;
    fmtx::hex_pad(c.out, net.into(), 8)?;
    c.s("/")?;
    c.d(hops)?;
    c.s(".")?;
    c.d(ticks)
}

/// `ipx_rip_print`: a request's network, or up to 50 routes of a response.
fn rip_print<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut length: u32) -> R {
    let command = c.be16(p)?;
    if length < 2 {
        return short(c, length);
    }
    p += 2;
    length -= 2;
    match command {
        1 => {
            c.s("ipx-rip-req")?;
            if length != 0 {
                if length < 8 {
                    return c.invalid();
                }
                route(c, p)?;
            }
            Ok(())
        }
        2 => {
            c.s("ipx-rip-resp")?;
            let mut i = 0;
            while i < 50 && length != 0 {
                if length < 8 {
                    return c.invalid();
                }
                route(c, p)?;
                p += 8;
                length -= 8;
                i += 1;
            }
            Ok(())
        }
        _ => {
            c.s("ipx-rip-?")?;
            c.x(command)
        }
    }
}
