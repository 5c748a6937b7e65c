//! LLDP (EtherType 0x88cc; tcpdump's `lldp_print`): the length and the system name TLV, the
//! TLV chain walked to check it was captured; `-v` in `lldp_v`.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};

/// The System Name TLV's type.
const SYSTEM_NAME: u16 = 5;

/// `lldp_print`: the LLDPDU at `p`, `len` bytes long.
pub(crate) fn lldp_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    e.proto = "lldp";
    e.s("LLDP, length ")?;
    e.d(len)?;
    if e.vflag > 0 {
        return super::lldp_v::lldp_verbose(e, p, len);
    }
    let (mut at, mut tlen) = (p, len);
    while tlen >= 2 {
        let tlv = e.be16(at)?;
        let (t, l) = (tlv >> 9, u32::from(tlv & 0x1ff));
        tlen -= 2;
        at += 2;
        if t == 0 || l == 0 {
            break;
        }
        if !e.test(at, l as usize) || tlen < l {
            return Err(Stop::Trunc);
        }
        if t == SYSTEM_NAME {
            e.s(": ")?;
            // nd_printjnp: up to a NUL.
            let v = e.bytes(at, l as usize)?;
            let end = v.iter().position(|&c| c == 0).unwrap_or(v.len());
            crate::fmtx::safe_str(e.out, &v[..end])?;
        }
        tlen -= l;
        at += l as usize;
    }
    Ok(())
}
