//! OLSR version 1 (RFC 3626) on UDP port 698, as tcpdump 4.99's `olsr_print` prints it:
//! `OLSRv4`/`OLSRv6` (by the IP version it came in), the sequence number and the packet's
//! length; from `-v` each message's header and its body (HELLO and HELLO-LQ links and
//! neighbours, TC and TC-LQ neighbours, MID interfaces, HNA networks with olsr.org's smart
//! gateways, name-service entries, the other types in hex).

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::tok::{self, Tok};

/// The packet header: length and sequence number.
const COMMON_LEN: usize = 4;
/// A HELLO body's fixed part: reserved, hello time, willingness.
const HELLO_LEN: usize = 4;
/// A HELLO link header: link code, reserved, length.
const LINK_LEN: usize = 4;
/// A TC body's fixed part: ANSN and reserved.
const TC_LEN: usize = 4;

const HELLO: u8 = 1;
const TC: u8 = 2;
const MID: u8 = 3;
const HNA: u8 = 4;
const NAMESERVICE: u8 = 130;
const HELLO_LQ: u8 = 201;
const TC_LQ: u8 = 202;

/// The message types' names.
const MSG_TYPES: &Tok = &[
    (1, "Hello"),
    (2, "TC"),
    (3, "MID"),
    (4, "HNA"),
    (128, "Powerinfo"),
    (130, "Nameservice"),
    (201, "Hello-LQ"),
    (202, "TC-LQ"),
];

/// The link types (a link code's low two bits).
const LINK_TYPES: &Tok = &[
    (0, "Unspecified"),
    (1, "Asymmetric"),
    (2, "Symmetric"),
    (3, "Lost"),
];

/// The neighbour types (a link code's upper six bits).
const NEIGHBOR_TYPES: &Tok = &[(0, "Not-Neighbor"), (1, "Symmetric"), (2, "Symmetric-MPR")];

/// The smart gateway flags' names, by bit.
const GW_FLAGS: [(u8, &str); 5] = [
    (1, " LINKSPEED"),
    (2, " IPV4"),
    (4, " IPV4-NAT"),
    (8, " IPV6"),
    (16, " IPv6-PREFIX"),
];

/// The address family's sizes: an address, and a message header (type, vtime, size,
/// originator, TTL, hop count, sequence number).
#[derive(Clone, Copy)]
struct Family {
    v6: bool,
    addr: usize,
    header: usize,
}

impl Family {
    fn new(v6: bool) -> Family {
        let addr = if v6 { 16 } else { 4 };
        Family {
            v6,
            addr,
            header: addr + 8,
        }
    }

    /// An LQ neighbour entry: address, two qualities, two reserved bytes.
    fn lq_len(self) -> usize {
        self.addr + 4
    }
}

/// `%.3f` of `v / div`, rounded to the nearest with ties to even as glibc does (the quotient
/// is exact in binary).
fn fixed3(out: &mut impl Write, v: u64, div: u64) -> core::fmt::Result {
    let num = v * 1000;
    let mut q = num / div;
    let r = num % div;
    if r * 2 > div || (r * 2 == div && q % 2 == 1) {
        q += 1;
    }
    fmtx::dec(out, q / 1000)?;
    out.write_char('.')?;
    fmtx::dec_pad(out, q % 1000, 3)
}

/// A validity time or hello interval (mantissa in the upper nibble, exponent in the lower):
/// `0.0625 * (1 + a / 16) * 2^b` seconds, `%.3fs`.
fn me_time<W: Write>(c: &mut Cursor<'_, W>, me: u8) -> R {
    let (a, b) = (u64::from(me >> 4), u32::from(me & 0x0f));
    fixed3(c.out, (16 + a) << b, 256)?;
    c.s("s")
}

/// A tok name or `Unknown`.
fn name(table: &Tok, v: u8) -> &'static str {
    tok::find(table, v.into()).unwrap_or("Unknown")
}

/// An IPv4 netmask's prefix length (`mask2plen`), `u32::MAX` (tcpdump's `-1` printed
/// unsigned) when its ones are not contiguous.
fn plen4(mask: u32) -> u32 {
    let ones = mask.leading_ones();
    if mask.checked_shl(ones).unwrap_or(0) == 0 {
        ones
    } else {
        u32::MAX
    }
}

/// An IPv6 netmask's prefix length as `mask62plen` counts it: the bytes of eight ones up to the
/// first other byte, and that byte's ones if they lead it (`0xf0`, not `0x0f`); the bytes after
/// it are not looked at.
fn plen6(mask: &[u8]) -> u32 {
    let mut n = 0;
    for &b in mask {
        let ones = b.leading_ones();
        if b.checked_shl(ones).unwrap_or(0) == 0 {
            n += ones;
        }
        if b != 0xff {
            break;
        }
    }
    n
}

/// An olsr.org smart gateway speed: 5 bits of mantissa, 3 of decimal exponent, in kbit/s.
fn gw_speed(v: u8) -> u32 {
    match v {
        0 => 0,
        u8::MAX => 320_000_000,
        _ => (u32::from(v >> 3) + 1) * 10u32.pow(u32::from(v & 7)),
    }
}

/// The address at `o` in the family's form.
fn addr<W: Write>(c: &mut Cursor<'_, W>, f: Family, o: usize) -> R {
    if f.v6 {
        c.ip6_at(o)
    } else {
        c.ip4_at(o)
    }
}

/// `OLSRv4`/`OLSRv6`, the sequence number and length, and from `-v` the messages.
#[cold]
#[inline(never)]
pub(crate) fn olsr_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32, v6: bool) -> R {
    c.proto = "olsr";
    c.s(if v6 { "OLSRv6" } else { "OLSRv4" })?;
    let mut length = length as usize;
    if length < COMMON_LEN || !c.test(cp, COMMON_LEN) {
        return c.trunc_here();
    }
    length = length.min(c.be16(cp)?.into());
    let seq = c.be16(cp + 2)?;
    c.s(", seq 0x")?;
    fmtx::hex_pad(c.out, seq.into(), 4)?;
    c.s(", length ")?;
    c.d(length as u64)?;
    if c.vflag < 1 {
        return Ok(());
    }
    let f = Family::new(v6);
    let end = cp + length;
    let mut t = cp + COMMON_LEN;
    while t < end {
        if !c.test(t, f.header) {
            return c.trunc_here();
        }
        let ty = c.u8(t)?;
        let msg_len = usize::from(c.be16(t + 2)?);
        let valid = msg_len >= f.header && msg_len <= length;
        if ty == 0 || msg_len == 0 {
            return Ok(());
        }
        c.s("\n\t")?;
        c.s(name(MSG_TYPES, ty))?;
        c.s(" Message (0x")?;
        fmtx::hex_pad(c.out, ty.into(), 2)?;
        c.s("), originator ")?;
        addr(c, f, t + 4)?;
        let o = t + 4 + f.addr;
        c.s(", ttl ")?;
        c.d(c.u8(o)?)?;
        c.s(", hop ")?;
        c.d(c.u8(o + 1)?)?;
        c.s("\n\t  vtime ")?;
        me_time(c, c.u8(t + 1)?)?;
        c.s(", msg-seq 0x")?;
        fmtx::hex_pad(c.out, c.be16(o + 2)?.into(), 4)?;
        c.s(", length ")?;
        c.d(msg_len as u64)?;
        if !valid {
            return c.invalid();
        }
        if !body(c, f, ty, t + f.header, msg_len - f.header)? {
            return c.trunc_here();
        }
        t += msg_len;
    }
    Ok(())
}

/// A message's body of `tlen` bytes at `d`; `Ok(false)` where tcpdump ends the packet with
/// its truncation marker.
fn body<W: Write>(c: &mut Cursor<'_, W>, f: Family, ty: u8, d: usize, tlen: usize) -> R<bool> {
    match ty {
        HELLO | HELLO_LQ => hello(c, f, ty, d, tlen),
        TC | TC_LQ => {
            if tlen < TC_LEN || !c.test(d, TC_LEN) {
                return Ok(false);
            }
            c.s("\n\t    advertised neighbor seq 0x")?;
            fmtx::hex_pad(c.out, c.be16(d)?.into(), 4)?;
            if ty == TC {
                neighbors(c, d + TC_LEN, tlen - TC_LEN)?;
                Ok(true)
            } else {
                lq_neighbors(c, f, d + TC_LEN, tlen - TC_LEN)
            }
        }
        MID => {
            let (mut d, mut tlen) = (d, tlen);
            while tlen >= f.addr {
                if !c.test(d, f.addr) {
                    return Ok(false);
                }
                c.s("\n\t  interface address ")?;
                addr(c, f, d)?;
                d += f.addr;
                tlen -= f.addr;
            }
            Ok(true)
        }
        HNA => hna(c, f, d, tlen),
        NAMESERVICE => names(c, f, d, tlen),
        _ => {
            c.unknown_data_at(d, tlen, "\n\t    ")?;
            Ok(true)
        }
    }
}

/// A HELLO or HELLO-LQ body: hello time, willingness, then each link with its neighbours.
fn hello<W: Write>(
    c: &mut Cursor<'_, W>,
    f: Family,
    ty: u8,
    mut d: usize,
    mut tlen: usize,
) -> R<bool> {
    if tlen < HELLO_LEN || !c.test(d, HELLO_LEN) {
        return Ok(false);
    }
    c.s("\n\t  hello-time ")?;
    me_time(c, c.u8(d + 2)?)?;
    c.s(", MPR willingness ")?;
    c.d(c.u8(d + 3)?)?;
    d += HELLO_LEN;
    tlen -= HELLO_LEN;
    while tlen >= LINK_LEN {
        if !c.test(d, LINK_LEN) {
            return Ok(false);
        }
        let hello_len = usize::from(c.be16(d + 2)?);
        let code = c.u8(d)?;
        let valid = hello_len <= tlen && hello_len >= LINK_LEN;
        c.s("\n\t    link-type ")?;
        c.s(name(LINK_TYPES, code & 3))?;
        c.s(", neighbor-type ")?;
        c.s(name(NEIGHBOR_TYPES, code >> 2))?;
        c.s(", len ")?;
        c.d(hello_len as u64)?;
        if !valid {
            c.invalid()?;
            break;
        }
        d += LINK_LEN;
        tlen -= LINK_LEN;
        let n = hello_len - LINK_LEN;
        if !c.test(d, n) {
            return Ok(false);
        }
        if ty == HELLO {
            neighbors(c, d, n)?;
        } else if !lq_neighbors(c, f, d, n)? {
            return Ok(false);
        }
        d += n;
        tlen -= n;
    }
    Ok(true)
}

/// A list of IPv4 neighbours (whatever the family, as tcpdump prints them), each followed by
/// a space.
fn neighbors<W: Write>(c: &mut Cursor<'_, W>, mut d: usize, mut n: usize) -> R {
    c.s("\n\t      neighbor\n\t\t")?;
    while n >= 4 {
        c.ip4_at(d)?;
        c.s(" ")?;
        d += 4;
        n -= 4;
    }
    Ok(())
}

/// A list of LQ neighbours: address, link quality and neighbour link quality in percent.
fn lq_neighbors<W: Write>(c: &mut Cursor<'_, W>, f: Family, mut d: usize, mut n: usize) -> R<bool> {
    let size = f.lq_len();
    while n >= size {
        if !c.test(d, size) {
            return Ok(false);
        }
        c.s("\n\t      neighbor ")?;
        addr(c, f, d)?;
        let (lq, nlq) = (c.u8(d + f.addr)?, c.u8(d + f.addr + 1)?);
        write!(
            c.out,
            ", link-quality {:.2}%, neighbor-link-quality {:.2}%",
            f64::from(lq) / 2.55,
            f64::from(nlq) / 2.55
        )?;
        d += size;
        n -= size;
    }
    Ok(true)
}

/// An HNA body: the count, then each network and mask (olsr.org's smart gateways in IPv4).
fn hna<W: Write>(c: &mut Cursor<'_, W>, f: Family, mut d: usize, mut tlen: usize) -> R<bool> {
    let size = 2 * f.addr;
    c.s("\n\t  Advertised networks (total ")?;
    c.d((tlen / size) as u64)?;
    c.s(")")?;
    let mut col = 0;
    while tlen >= size {
        if !c.test(d, size) {
            return Ok(false);
        }
        let b = c.bytes(d, size)?;
        let (net, mask) = b.split_at(f.addr);
        if f.v6 {
            // (tcpdump's index never advances.)
            c.s("\n\t    #0: ")?;
            c.ip6_at(d)?;
            c.s("/")?;
            c.d(plen6(mask))?;
        } else {
            c.s(if col == 0 { "\n\t    " } else { ", " })?;
            let flags = mask.get(1).copied().unwrap_or(0);
            if net.iter().all(|&x| x == 0) && mask.first() == Some(&0) && flags != 0 {
                c.s("Smart-Gateway:")?;
                for (bit, label) in GW_FLAGS {
                    if flags & bit != 0 {
                        c.s(label)?;
                    }
                }
                let speed = |i: usize| {
                    if flags & 1 != 0 {
                        gw_speed(mask.get(i).copied().unwrap_or(0))
                    } else {
                        0
                    }
                };
                let (up, down) = (speed(2), speed(3));
                c.s(" ")?;
                c.d(up)?;
                c.s("/")?;
                c.d(down)?;
            } else {
                c.ip4_at(d)?;
                c.s("/")?;
                let m = mask.iter().fold(0u32, |v, &x| (v << 8) | u32::from(x));
                c.d(plen4(m))?;
            }
            col = (col + 1) % 4;
        }
        d += size;
        tlen -= size;
    }
    Ok(true)
}

/// A name-service body: version, entry count, then each entry's type, length, address and
/// name (padded to four bytes).
fn names<W: Write>(c: &mut Cursor<'_, W>, f: Family, mut d: usize, mut tlen: usize) -> R<bool> {
    if tlen < 4 {
        return Ok(false);
    }
    let entries = usize::from(c.be16(d + 2)?);
    let version = c.be16(d)?;
    let valid = entries > 0 && entries * (4 + f.addr) <= tlen;
    c.s("\n\t  Version ")?;
    c.d(version)?;
    c.s(", Entries ")?;
    c.d(entries as u64)?;
    if !valid {
        c.invalid()?;
        return Ok(true);
    }
    d += 4;
    tlen -= 4;
    for i in 0..entries {
        if tlen < 4 {
            break;
        }
        let ety = c.be16(d)?;
        let elen = usize::from(c.be16(d + 2)?);
        d += 4;
        tlen -= 4;
        let evalid = elen > 0 && f.addr + elen <= tlen;
        c.s("\n\t    #")?;
        c.d(i as u64)?;
        c.s(": type ")?;
        if ety == 0 {
            c.s("000000")?;
        } else {
            c.s("0x")?;
            fmtx::hex_pad(c.out, ety.into(), 4)?;
        }
        c.s(", length ")?;
        c.d(elen as u64)?;
        if !evalid {
            c.invalid()?;
            break;
        }
        let pad = (4 - elen % 4) % 4;
        let whole = f.addr + elen + pad;
        if tlen < whole || !c.test(d, whole) {
            return Ok(false);
        }
        c.s(", address ")?;
        addr(c, f, d)?;
        c.s(", name \"")?;
        c.printn(d + f.addr, elen)?;
        c.s("\"")?;
        d += whole;
        tlen -= whole;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_lengths_and_speeds() {
        assert_eq!(plen4(0xffff_ff00), 24);
        assert_eq!(plen4(0), 0);
        assert_eq!(plen4(0xffff_ffff), 32);
        assert_eq!(plen4(0xff00_ff00), u32::MAX);
        assert_eq!(plen6(&[0xff; 16]), 128);
        assert_eq!(plen6(&[0xff, 0xf0, 0xff]), 12);
        assert_eq!(plen6(&[0xff, 0x0f, 0xff]), 8);
        assert_eq!(gw_speed(0x48), 10);
        assert_eq!(gw_speed(0x0b), 2_000);
        assert_eq!(gw_speed(255), 320_000_000);
        let mut s = String::new();
        fixed3(&mut s, 17, 256).unwrap();
        assert_eq!(s, "0.066");
        s.clear();
        fixed3(&mut s, 16, 256).unwrap();
        assert_eq!(s, "0.062");
    }
}
