//! Cisco's SNAP protocols with a tcpdump printer of their own (OUI 00000c): CDP (protocol ID
//! 0x2000, `cdp_print`), DTP (0x2004, `dtp_print`), UDLD (0x0111, `udld_print`) and VTP
//! (0x2003, `vtp_print`). CDP shows its Device-ID and a hex dump of every other TLV, as
//! tcpdump 4.99.3 does without `-v`; CDP, DTP and UDLD print their TLVs with `-v`.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use super::vfmt;
use crate::fmtx;
use crate::tok::{self, Tok};

/// The CDP header's and TLV header's length.
const HDR_LEN: u32 = 4;
/// The Device-ID TLV's type.
const DEV_ID: u16 = 0x01;

/// The name, shortest and longest value length (0 for no bound) tcpdump gives CDP TLV `t`.
fn cdp_tlv(t: u16) -> (&'static str, u32, u32) {
    match t {
        0x01 => ("Device-ID", 0, 0),
        0x02 => ("Address", 0, 0),
        0x03 => ("Port-ID", 0, 0),
        0x04 => ("Capability", 4, 4),
        0x05 => ("Version String", 0, 0),
        0x06 => ("Platform", 0, 0),
        0x07 => ("Prefixes", 0, 0),
        0x08 => ("Protocol-Hello option", 0, 0),
        0x09 => ("VTP Management Domain", 0, 0),
        0x0a => ("Native VLAN ID", 2, 2),
        0x0b => ("Duplex", 1, 1),
        0x0e => ("ATA-186 VoIP VLAN assignment", 3, 3),
        0x0f => ("ATA-186 VoIP VLAN request", 2, 3),
        0x10 => ("power consumption", 1, 3),
        0x11 => ("MTU", 4, 4),
        0x12 => ("AVVID trust bitmap", 1, 1),
        0x13 => ("AVVID untrusted ports CoS", 1, 1),
        0x14 => ("System Name", 0, 0),
        0x15 => ("System Object ID (not decoded)", 0, 0),
        0x16 => ("Management Addresses", 4, 0),
        0x17 => ("Physical Location", 1, 0),
        _ => ("unknown field type", 0, 0),
    }
}

/// `print_unknown_data` with CDP's indent: a hex dump of the captured part of `len` bytes.
fn hex<W: Write>(e: &mut Cursor<'_, W>, at: usize, len: u32) -> R {
    if e.avail(at) > 0 && len > 0 {
        e.unknown_data_at(at, len as usize, "\n\t  ")?;
    }
    Ok(())
}

/// `nd_print_invalid` and the check that the rest, `length` bytes at `at`, was captured.
fn invalid_rest<W: Write>(e: &mut Cursor<'_, W>, at: usize, length: u32) -> R {
    e.invalid()?;
    if !e.test(at, length as usize) {
        return Err(Stop::Trunc);
    }
    Ok(())
}

/// `cdp_print`: the CDP packet at `p`, `length` bytes long.
pub(crate) fn cdp_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "cdp";
    let orig = length;
    if length < HDR_LEN {
        e.s(" (packet length ")?;
        e.d(length)?;
        e.s(" < 4)")?;
        return invalid_rest(e, p, length);
    }
    let version = e.u8(p)?;
    let ttl = e.u8(p + 1)?;
    e.s("CDPv")?;
    e.d(version)?;
    e.s(", ttl: ")?;
    e.d(ttl)?;
    e.s("s")?;
    let sum = e.be16(p + 2)?;
    if e.vflag > 0 {
        return cdp_verbose(e, p, orig, sum);
    }
    let (mut at, mut length) = (p + HDR_LEN as usize, length - HDR_LEN);
    while length > 0 {
        if length < HDR_LEN {
            e.s(" (remaining packet length ")?;
            e.d(length)?;
            e.s(" < 4)")?;
            return invalid_rest(e, at, length);
        }
        let t = e.be16(at)?;
        let len = u32::from(e.be16(at + 2)?);
        let (name, min, max) = cdp_tlv(t);
        if len < HDR_LEN {
            e.s(", ")?;
            e.s(name)?;
            e.s(" TLV length ")?;
            e.d(len)?;
            e.s(" too short")?;
            return invalid_rest(e, at, length);
        }
        if len > length {
            e.s(" (TLV length ")?;
            e.d(len)?;
            e.s(" > ")?;
            e.d(length)?;
            e.s(")")?;
            return invalid_rest(e, at, length);
        }
        at += HDR_LEN as usize;
        length -= HDR_LEN;
        let len = len - HDR_LEN;
        if t == DEV_ID {
            e.s(", Device-ID ")?;
        }
        let malformed = (min > 0 && len < min) || (max > 0 && len > max);
        if malformed {
            e.s(" (malformed TLV)")?;
        }
        if t == DEV_ID && !malformed {
            e.s("'")?;
            let n = (len as usize).min(e.avail(at));
            if n > 0 {
                fmtx::safe_str(e.out, &e.p[at..at + n])?;
            }
            if n < len as usize {
                return Err(Stop::Trunc);
            }
            e.s("'")?;
        } else {
            if !e.test(at, len as usize) {
                return Err(Stop::Trunc);
            }
            hex(e, at, len)?;
        }
        at += len as usize;
        length -= len;
    }
    e.s(", length ")?;
    e.d(orig)
}

/// The CDP TLV types tcpdump has an entry for (a name and maybe a printer); the others get a
/// hex dump under `-v`.
fn cdp_known(t: u16) -> bool {
    t <= 0x17
}

/// The capability bits.
const CDP_CAPS: &Tok = &[
    (0x01, "Router"),
    (0x02, "Transparent Bridge"),
    (0x04, "Source Route Bridge"),
    (0x08, "L2 Switch"),
    (0x10, "L3 capable"),
    (0x20, "IGMP snooping"),
    (0x40, "L1 capable"),
];

/// `cdp_print` under `-v`: the checksum, then one line per TLV.
#[cold]
#[inline(never)]
fn cdp_verbose<W: Write>(e: &mut Cursor<'_, W>, p: usize, orig: u32, sum: u16) -> R {
    e.s(", checksum: 0x")?;
    fmtx::hex_pad(e.out, sum.into(), 4)?;
    e.s(" (unverified), length ")?;
    e.d(orig)?;
    let (mut at, mut length) = (p + HDR_LEN as usize, orig - HDR_LEN);
    while length > 0 {
        if length < HDR_LEN {
            e.s(" (remaining packet length ")?;
            e.d(length)?;
            e.s(" < 4)")?;
            return invalid_rest(e, at, length);
        }
        let t = e.be16(at)?;
        let len = u32::from(e.be16(at + 2)?);
        let (name, min, max) = cdp_tlv(t);
        let name = if matches!(t, 0 | 0x0c | 0x0d) {
            "unknown field type"
        } else {
            name
        };
        if len < HDR_LEN {
            e.s("\n\t")?;
            e.s(name)?;
            e.s(" (0x")?;
            e.x02(t as u8)?;
            e.s("), TLV length: ")?;
            e.d(len)?;
            e.s(if len == 1 { " byte" } else { " bytes" })?;
            e.s(" (too short)")?;
            return invalid_rest(e, at, length);
        }
        if len > length {
            e.s(" (TLV length ")?;
            e.d(len)?;
            e.s(" > ")?;
            e.d(length)?;
            e.s(")")?;
            return invalid_rest(e, at, length);
        }
        at += HDR_LEN as usize;
        length -= HDR_LEN;
        let len = len - HDR_LEN;
        e.s("\n\t")?;
        e.s(name)?;
        e.s(" (0x")?;
        // tcpdump's `%02x` of the whole type.
        if t > 0xff {
            e.x(t)?;
        } else {
            e.x02(t as u8)?;
        }
        e.s("), value length: ")?;
        e.d(len)?;
        e.s(if len == 1 { " byte: " } else { " bytes: " })?;
        let mut covered = false;
        if cdp_known(t) {
            if (min > 0 && len < min) || (max > 0 && len > max) {
                e.s(" (malformed TLV)")?;
            } else {
                cdp_value(e, t, at, len)?;
                covered = true;
            }
        }
        if !covered {
            if !e.test(at, len as usize) {
                return Err(e.jump());
            }
            e.unknown_data_at(at, len as usize, "\n\t  ")?;
        }
        at += len as usize;
        length -= len;
    }
    Ok(())
}

/// `'text'` (`cdp_print_string`).
fn cdp_string<W: Write>(e: &mut Cursor<'_, W>, at: usize, len: u32) -> R {
    e.s("'")?;
    vfmt::printjn(e, at, len as usize)?;
    e.s("'")
}

/// One known TLV's value under `-v`.
fn cdp_value<W: Write>(e: &mut Cursor<'_, W>, t: u16, at: usize, len: u32) -> R {
    match t {
        0x01 | 0x03 | 0x06 | 0x09 | 0x14 => cdp_string(e, at, len),
        0x02 | 0x16 => cdp_addr(e, at, len),
        0x04 => {
            let v = e.be32(at)?;
            e.s("(0x")?;
            fmtx::hex_pad(e.out, v.into(), 8)?;
            e.s("): ")?;
            tok::bittok2str(e.out, CDP_CAPS, v, "none")?;
            Ok(())
        }
        0x05 => {
            e.s("\n\t  ")?;
            for i in 0..len as usize {
                let ch = e.u8(at + i)?;
                if ch == b'\n' {
                    e.s("\n\t  ")?;
                } else {
                    fmtx::safe_char(e.out, ch)?;
                }
            }
            Ok(())
        }
        0x07 => {
            if len % 5 != 0 {
                e.s(" [length ")?;
                e.d(len)?;
                e.s(" is not a multiple of 5]")?;
                return if e.test(at, len as usize) {
                    Ok(())
                } else {
                    Err(e.jump())
                };
            }
            e.s(" IPv4 Prefixes (")?;
            e.d(len / 5)?;
            e.s("):")?;
            for i in (0..len as usize).step_by(5) {
                let b = e.bytes(at + i, 5)?;
                e.s(" ")?;
                fmtx::ipv4(e.out, &b[..4])?;
                e.s("/")?;
                e.d(b[4])?;
            }
            Ok(())
        }
        0x0a => e.d(e.be16(at)?),
        0x0b => e.s(if e.u8(at)? != 0 { "full" } else { "half" }),
        0x0e | 0x0f => {
            if len == 2 {
                let v = e.be16(at)?;
                e.s("unknown 0x")?;
                fmtx::hex_pad(e.out, v.into(), 4).map_err(super::cursor::Stop::from)
            } else {
                let (a, v) = (e.u8(at)?, e.be16(at + 1)?);
                e.s("app ")?;
                e.d(a)?;
                e.s(", vlan ")?;
                e.d(v)
            }
        }
        0x10 => {
            let v = match len {
                1 => u32::from(e.u8(at)?),
                2 => u32::from(e.be16(at)?),
                _ => e.be24(at)?,
            };
            write!(e.out, "{:.2}W", f64::from(v) / 1000.0)?;
            Ok(())
        }
        0x11 => {
            e.d(e.be32(at)?)?;
            e.s(" bytes")
        }
        0x12 | 0x13 => {
            let v = e.u8(at)?;
            e.s("0x")?;
            e.x02(v)
        }
        0x17 => {
            let v = e.u8(at)?;
            e.s("0x")?;
            e.x02(v)?;
            if len > 1 {
                e.s("/")?;
                vfmt::printjn(e, at + 1, len as usize - 1)?;
            }
            Ok(())
        }
        _ => {
            if e.test(at, len as usize) {
                Ok(())
            } else {
                Err(e.jump())
            }
        }
    }
}

/// `cdp_print_addr`: the address list of the Address and Management Addresses TLVs.
fn cdp_addr<W: Write>(e: &mut Cursor<'_, W>, mut p: usize, mut l: u32) -> R {
    const PROT_IPV6: [u8; 8] = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd];
    let rest = |e: &mut Cursor<'_, W>, p: usize, l: u32| -> R {
        if e.test(p, l as usize) {
            Ok(())
        } else {
            Err(e.jump())
        }
    };
    if l < 4 {
        e.s(" (not enough space for num)")?;
        return rest(e, p, l);
    }
    let mut num = e.be32(p)?;
    p += 4;
    l -= 4;
    while num > 0 {
        if l < 2 {
            e.s(" (not enough space for PT+PL)")?;
            return rest(e, p, l);
        }
        let (pt, pl) = (e.u8(p)?, u32::from(e.u8(p + 1)?));
        p += 2;
        l -= 2;
        if l < pl + 2 {
            e.s(" (not enough space for P+AL)")?;
            return rest(e, p, l);
        }
        let al = u32::from(e.be16(p + pl as usize)?);
        let ipv6 = pt == 2 && pl == 8 && e.test(p, 8) && e.p[p..p + 8] == PROT_IPV6 && al == 16;
        if (pt == 1 && pl == 1 && e.u8(p)? == 0xcc && al == 4) || ipv6 {
            p += pl as usize + 2;
            l -= pl + 2;
            if l < al {
                e.s(" (not enough space for A)")?;
                return rest(e, p, l);
            }
            if ipv6 {
                e.bytes(p, 16)?;
                e.s("IPv6 (")?;
                e.d(num)?;
                e.s(") ")?;
                e.ip6_at(p)?;
            } else {
                e.bytes(p, 4)?;
                e.s("IPv4 (")?;
                e.d(num)?;
                e.s(") ")?;
                e.ip4_at(p)?;
            }
            p += al as usize;
            l -= al;
        } else {
            e.s("pt=0x")?;
            e.x02(pt)?;
            e.s(", pl=")?;
            e.d(pl)?;
            e.s(", pb=")?;
            for _ in 0..pl {
                let b = e.u8(p)?;
                e.s(" ")?;
                e.x02(b)?;
                p += 1;
                l -= 1;
            }
            e.s(", al=")?;
            e.d(al)?;
            e.s(", a=")?;
            p += 2;
            l -= 2;
            if l < al {
                e.s(" (not enough space for A)")?;
                return rest(e, p, l);
            }
            for _ in 0..al {
                let b = e.u8(p)?;
                e.s(" ")?;
                e.x02(b)?;
                p += 1;
                l -= 1;
            }
        }
        num -= 1;
        if num > 0 {
            e.s(" ")?;
        }
    }
    if l > 0 {
        e.s(" (")?;
        e.d(l)?;
        e.s(" bytes of stray data)")?;
    }
    Ok(())
}

/// `dtp_print`: the DTP packet at `p`, `length` bytes long.
pub(crate) fn dtp_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "dtp";
    if length < 1 {
        e.s("[zero packet length]")?;
        return invalid_rest(e, p, length);
    }
    let version = e.u8(p)?;
    e.s("DTPv")?;
    e.d(version)?;
    e.s(", length ")?;
    e.d(length)?;
    if e.vflag == 0 {
        return Ok(());
    }
    dtp_tlvs(e, p + 1, length - 1)
}

/// DTP's TLVs under `-v`.
#[cold]
#[inline(never)]
fn dtp_tlvs<W: Write>(e: &mut Cursor<'_, W>, mut at: usize, mut length: u32) -> R {
    while length > 0 {
        if length < 4 {
            e.s("[")?;
            e.d(length)?;
            e.s(" bytes remaining]")?;
            return invalid_rest(e, at, length);
        }
        let t = e.be16(at)?;
        let len = e.be16(at + 2)?;
        if t == 0 {
            return Ok(());
        }
        e.s("\n\t")?;
        e.s(match t {
            1 => "Domain",
            2 => "Status",
            3 => "DTP type",
            4 => "Neighbor",
            _ => "Unknown",
        })?;
        e.s(" (0x")?;
        fmtx::hex_pad(e.out, t.into(), 4)?;
        e.s(") TLV, length ")?;
        e.d(len)?;
        let len32 = u32::from(len);
        if len < 4 || len32 > length {
            e.s("[invalid TLV length ")?;
            e.d(len)?;
            e.s("]")?;
            return invalid_rest(e, at, length);
        }
        match t {
            1 => {
                e.s(", ")?;
                vfmt::printjnp(e, at + 4, usize::from(len - 4))?;
            }
            2 | 3 => {
                if len != 5 {
                    return invalid_rest(e, at, length);
                }
                let v = e.u8(at + 4)?;
                e.s(", 0x")?;
                e.x(v)?;
            }
            4 => {
                if len != 10 {
                    return invalid_rest(e, at, length);
                }
                e.bytes(at + 4, 6)?;
                e.s(", ")?;
                e.mac_at(at + 4)?;
            }
            _ => {
                e.bytes(at, len.into())?;
            }
        }
        at += usize::from(len);
        length -= len32;
    }
    Ok(())
}

/// The UDLD flag names.
const UDLD_FLAGS: &Tok = &[
    (0x01, "RT"),
    (0x02, "RSY"),
    (0x04, "MBZ-2"),
    (0x08, "MBZ-3"),
    (0x10, "MBZ-4"),
    (0x20, "MBZ-5"),
    (0x40, "MBZ-6"),
    (0x80, "MBZ-7"),
];

/// `udld_print`: the UDLD packet at `p`, `length` bytes long.
pub(crate) fn udld_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "udld";
    if length < 4 {
        return invalid_rest(e, p, length);
    }
    let b = e.u8(p)?;
    let flags = e.u8(p + 1)?;
    let code = b & 0x1f;
    e.s("UDLDv")?;
    e.d(b >> 5)?;
    e.s(", Code ")?;
    e.s(match code {
        1 => "Probe message",
        2 => "Echo message",
        3 => "Flush message",
        _ => "Reserved",
    })?;
    e.s(" (")?;
    fmtx::hex(e.out, code.into())?;
    e.s("), Flags [")?;
    tok::bittok2str(e.out, UDLD_FLAGS, flags.into(), "none")?;
    e.s("] (0x")?;
    fmtx::hex2(e.out, flags)?;
    e.s("), length ")?;
    e.d(length)?;
    if e.vflag > 0 {
        return udld_tlvs(e, p + 2, length - 2);
    }
    if !e.test(p + 2, length as usize - 2) {
        return Err(Stop::Trunc);
    }
    Ok(())
}

/// UDLD's checksum and TLVs under `-v`, `length` bytes at `at`.
#[cold]
#[inline(never)]
fn udld_tlvs<W: Write>(e: &mut Cursor<'_, W>, mut at: usize, mut length: u32) -> R {
    let sum = e.be16(at)?;
    e.s("\n\tChecksum 0x")?;
    fmtx::hex_pad(e.out, sum.into(), 4)?;
    e.s(" (unverified)")?;
    at += 2;
    length -= 2;
    while length > 0 {
        if length < 4 {
            return invalid_rest(e, at, length);
        }
        let t = e.be16(at)?;
        let len = e.be16(at + 2)?;
        at += 4;
        length -= 4;
        e.s("\n\t")?;
        e.s(match t {
            1 => "Device-ID TLV",
            2 => "Port-ID TLV",
            3 => "Echo TLV",
            4 => "Message Interval TLV",
            5 => "Timeout Interval TLV",
            6 => "Device Name TLV",
            7 => "Sequence Number TLV",
            _ => "Unknown",
        })?;
        e.s(" (0x")?;
        fmtx::hex_pad(e.out, t.into(), 4)?;
        e.s(") TLV, length ")?;
        e.d(len)?;
        if len <= 4 {
            return invalid_rest(e, at, length);
        }
        let len = u32::from(len - 4);
        if length < len {
            return invalid_rest(e, at, length);
        }
        match t {
            1 | 2 | 6 => {
                e.s(", ")?;
                vfmt::printjnp(e, at, len as usize)?;
            }
            3 => {
                e.s(", ")?;
                vfmt::printjn(e, at, len as usize)?;
            }
            4 | 5 => {
                if len != 1 {
                    return invalid_rest(e, at, length);
                }
                let v = e.u8(at)?;
                e.s(", ")?;
                e.d(v)?;
                e.s("s")?;
            }
            7 => {
                if len != 4 {
                    return invalid_rest(e, at, length);
                }
                let v = e.be32(at)?;
                e.s(", ")?;
                e.d(v)?;
            }
            _ => {
                e.bytes(at, len as usize)?;
            }
        }
        at += len as usize;
        length -= len;
    }
    Ok(())
}

/// The VTP header's length (version, code, followers, domain length and name).
const VTP_HDR_LEN: u32 = 36;

/// `vtp_print`: the VTP message at `p`, `length` bytes long.
pub(crate) fn vtp_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "vtp";
    if length >= VTP_HDR_LEN {
        if !e.test(p, VTP_HDR_LEN as usize) {
            return Err(Stop::Trunc);
        }
        let version = e.u8(p)?;
        let t = e.u8(p + 1)?;
        e.s("VTPv")?;
        e.d(version)?;
        e.s(", Message ")?;
        e.s(match t {
            1 => "Summary advertisement",
            2 => "Subset advertisement",
            3 => "Advertisement request",
            4 => "Join message",
            _ => "Unknown message type",
        })?;
        e.s(" (0x")?;
        fmtx::hex2(e.out, t)?;
        e.s("), length ")?;
        e.d(length)?;
    } else {
        e.invalid()?;
    }
    if !e.test(p, length as usize) {
        return Err(Stop::Trunc);
    }
    Ok(())
}
