//! RIP versions 1 and 2 on UDP port 520 (tcpdump's `rip_print`): the version, command and
//! length; at `-v` every route entry and RIPv2's authentication entries, and a hex dump of
//! the message at `-vv`.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;

/// The header: command, version, two zero bytes.
const HDR_LEN: u32 = 4;
/// A route entry.
const ROUTE_LEN: u32 = 20;
/// A simple password.
const AUTH_LEN: usize = 16;
/// The BSD address family of IPv4.
const AF_INET: u16 = 2;

/// `bsd_af_values`.
fn af_name(af: u16) -> Option<&'static str> {
    Some(match af {
        2 => "IPv4",
        6 => "NS",
        7 => "ISO",
        16 => "Appletalk",
        23 => "IPX",
        24 | 28 | 30 => "IPv6",
        _ => return None,
    })
}

/// `AFI NAME` or `AFI Unknown (N)`.
fn afi<W: Write>(c: &mut Cursor<'_, W>, af: u16) -> R {
    c.s("AFI ")?;
    match af_name(af) {
        Some(n) => c.s(n),
        None => {
            c.s("Unknown (")?;
            c.d(af)?;
            c.s(")")
        }
    }
}

/// `rip_print`: `length` bytes at `bp`.
#[cold]
#[inline(never)]
pub(crate) fn rip_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "rip";
    let mut len = (c.avail(bp) as u32).min(length);
    if len < HDR_LEN {
        return c.trunc_here();
    }
    len -= HDR_LEN;
    let vers = c.u8(bp + 1)?;
    if c.vflag > 0 {
        c.s("\n\t")?;
    }
    c.s("RIPv")?;
    c.d(vers)?;
    if vers == 0 {
        return c.unknown_data_at(bp, length as usize, "\n\t");
    }
    let cmd = c.u8(bp)?;
    c.s(", ")?;
    match cmd {
        1 => c.s("Request")?,
        2 => c.s("Response")?,
        3 => c.s("Trace on")?,
        4 => c.s("Trace off")?,
        5 => c.s("Poll")?,
        6 => c.s("Poll Entry")?,
        _ => {
            c.s("unknown command (")?;
            c.d(cmd)?;
            c.s(")")?;
        }
    }
    c.s(", length: ")?;
    c.d(length)?;
    if c.vflag < 1 {
        return Ok(());
    }
    match cmd {
        1 | 2 => match vers {
            1 | 2 => {
                c.s(", routes: ")?;
                c.d(length / ROUTE_LEN)?;
                if vers == 2 {
                    c.s(" or less")?;
                }
                let mut p = bp + HDR_LEN as usize;
                while len != 0 {
                    let size = if vers == 1 {
                        entry_v1(c, p, len)?
                    } else {
                        entry_v2(c, p, len)?
                    };
                    if size == 0 {
                        c.trunc_here()?;
                        break;
                    }
                    if len < size {
                        c.s(" [remaining entries length ")?;
                        c.d(len)?;
                        c.s(" < ")?;
                        c.d(size)?;
                        c.s("]")?;
                        c.invalid()?;
                        break;
                    }
                    p += size as usize;
                    len -= size;
                }
            }
            _ => c.s(", unknown version")?,
        },
        4..=6 => {}
        _ => {
            if c.vflag <= 1 {
                c.unknown_data_at(bp, length as usize, "\n\t")?;
            }
        }
    }
    if c.vflag > 1 {
        c.unknown_data_at(bp, length as usize, "\n\t")?;
    }
    Ok(())
}

/// `rip_entry_print_v1`: the entry's length, 0 when it is cut.
fn entry_v1<W: Write>(c: &mut Cursor<'_, W>, p: usize, remaining: u32) -> R<u32> {
    if remaining < ROUTE_LEN || !c.test(p, ROUTE_LEN as usize) {
        return Ok(0);
    }
    let family = c.be16(p)?;
    if family != AF_INET && family != 0 {
        c.s("\n\t ")?;
        afi(c, family)?;
        c.s(", ")?;
        c.unknown_data_at(p + 4, (ROUTE_LEN - 4) as usize, "\n\t  ")?;
        return Ok(ROUTE_LEN);
    }
    if c.be16(p + 2)? != 0 || c.be32(p + 8)? != 0 || c.be32(p + 12)? != 0 {
        c.unknown_data_at(p, ROUTE_LEN as usize, "\n\t  ")?;
        return Ok(ROUTE_LEN);
    }
    let metric = c.be32(p + 16)?;
    c.s(if family == 0 {
        "\n\t  AFI 0, "
    } else {
        "\n\t  "
    })?;
    c.ip4_at(p + 4)?;
    c.s(", metric: ")?;
    c.d(metric)?;
    Ok(ROUTE_LEN)
}

/// `rip_entry_print_v2`: the entry's length, 0 when it is cut.
fn entry_v2<W: Write>(c: &mut Cursor<'_, W>, mut p: usize, mut remaining: u32) -> R<u32> {
    if remaining < 4 || !c.test(p, 4) {
        return Ok(0);
    }
    let family = c.be16(p)?;
    if family == 0xffff {
        let auth_type = c.be16(p + 2)?;
        p += 4;
        remaining -= 4;
        match auth_type {
            2 => {
                c.s("\n\t  Simple Text Authentication data: ")?;
                super::vfmt::printjnp(c, p, AUTH_LEN)?;
            }
            3 => {
                if !c.test(p, 16) {
                    return Ok(0);
                }
                if remaining < 16 {
                    return Ok(0);
                }
                c.s("\n\t  Auth header: Packet Len ")?;
                c.d(c.be16(p)?)?;
                c.s(", Key-ID ")?;
                c.d(c.u8(p + 2)?)?;
                c.s(", Auth Data Len ")?;
                c.d(c.u8(p + 3)?)?;
                c.s(", SeqNo ")?;
                c.d(c.be32(p + 4)?)?;
                c.s(", MBZ ")?;
                c.d(c.be32(p + 8)?)?;
                c.s(", MBZ ")?;
                c.d(c.be32(p + 12)?)?;
            }
            1 => {
                c.s("\n\t  Auth trailer:")?;
                c.unknown_data_at(p, remaining as usize, "\n\t  ")?;
                return Ok(4 + remaining);
            }
            _ => {
                c.s("\n\t  Unknown (")?;
                c.d(auth_type)?;
                c.s(") Authentication data:")?;
                c.unknown_data_at(p, remaining as usize, "\n\t  ")?;
                return Ok(4 + remaining);
            }
        }
    } else if family != AF_INET && family != 0 {
        c.s("\n\t  ")?;
        afi(c, family)?;
        c.unknown_data_at(p + 4, (ROUTE_LEN - 4) as usize, "\n\t  ")?;
    } else {
        if !c.test(p, ROUTE_LEN as usize) || remaining < ROUTE_LEN {
            return Ok(0);
        }
        c.s("\n\t  AFI ")?;
        match af_name(family) {
            Some(n) => c.s(n)?,
            None => c.d(family)?,
        }
        c.s(", ")?;
        // `%15s`: the dotted quad right-aligned (as under `-n`; no host name is looked up).
        let dest = heapless_addr(c.bytes(p + 4, 4)?);
        let s = dest.as_str();
        fmtx::left(c.out, "", 15usize.saturating_sub(s.len()))?;
        c.s(s)?;
        c.s("/")?;
        let plen = match mask2plen(c.be32(p + 8)?) {
            Some(n) => n as i64,
            None => -1,
        };
        let mut t = [0u8; 4];
        let n = itoa(plen, &mut t);
        c.s(n)?;
        fmtx::left(c.out, "", 2usize.saturating_sub(n.len()))?;
        c.s(", tag 0x")?;
        fmtx::hex_pad(c.out, c.be16(p + 2)?.into(), 4)?;
        c.s(", metric: ")?;
        c.d(c.be32(p + 16)?)?;
        c.s(", next-hop: ")?;
        if c.be32(p + 12)? != 0 {
            c.ip4_at(p + 12)?;
        } else {
            c.s("self")?;
        }
    }
    Ok(ROUTE_LEN)
}

/// A netmask's prefix length, `None` when its ones are not contiguous (`mask2plen`).
fn mask2plen(mask: u32) -> Option<u32> {
    let ones = mask.leading_ones();
    (mask.checked_shl(ones).unwrap_or(0) == 0).then_some(ones)
}

/// A dotted quad's text, to pad it to its printed width.
struct Quad {
    buf: [u8; 15],
    len: usize,
}

impl Quad {
    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl Write for Quad {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let b = s.as_bytes();
        let end = self.len + b.len();
        if end > self.buf.len() {
            return Err(core::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(b);
        self.len = end;
        Ok(())
    }
}

/// The dotted quad of `a` in a stack buffer.
fn heapless_addr(a: &[u8]) -> Quad {
    let mut q = Quad {
        buf: [0; 15],
        len: 0,
    };
    let _ = fmtx::ipv4(&mut q, a);
    q
}

/// `v` (from -1 to 32) in decimal, in `buf`.
fn itoa(v: i64, buf: &mut [u8; 4]) -> &str {
    let mut q = Quad {
        buf: [0; 15],
        len: 0,
    };
    let _ = fmtx::idec(&mut q, v);
    let n = q.len.min(4);
    buf[..n].copy_from_slice(&q.buf[..n]);
    core::str::from_utf8(&buf[..n]).unwrap_or("")
}
