//! Cisco's SNAP protocols with a tcpdump printer of their own (OUI 00000c): CDP (protocol ID
//! 0x2000, `cdp_print`), DTP (0x2004, `dtp_print`), UDLD (0x0111, `udld_print`) and VTP
//! (0x2003, `vtp_print`). CDP shows its Device-ID and a hex dump of every other TLV, as
//! tcpdump 4.99.3 does without `-v`; DTP and UDLD print their TLVs with `-v`.

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
    e.be16(p + 2)?;
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
