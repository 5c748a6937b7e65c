//! OSPFv2 (IP protocol 89 over IPv4, RFC 2328) and OSPFv3 (over IPv6, RFC 5340) as tcpdump
//! 4.99.3's `ospf_print` and `ospf6_print` show them without `-v`: the version, the packet
//! type and the IP payload length (`OSPFv2, Hello, length 44`).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::tok::{self, Unknown};

/// Field offsets of the common OSPF header.
mod field {
    /// The version.
    pub const VERSION: usize = 0;
    /// The packet type.
    pub const TYPE: usize = 1;
    /// OSPFv2's authentication type.
    pub const AUTH_TYPE: usize = 14;
    /// OSPFv2's cryptographic (MD5) authentication type.
    pub const AUTH_MD5: u16 = 2;
    /// The MD5 digest trailing an OSPFv2 packet with MD5 authentication.
    pub const MD5_LEN: u32 = 16;
}

/// The packet type's name (the same five in both versions).
fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Hello",
        2 => "Database Description",
        3 => "LS-Request",
        4 => "LS-Update",
        5 => "LS-Ack",
        _ => return None,
    })
}

/// Prints the OSPF packet at `bp`, `length` bytes by the IP header, carried over IP version
/// `ver`.
pub(crate) fn ospf_print<W: Write>(
    e: &mut Cursor<'_, W>,
    bp: usize,
    mut length: u32,
    ver: u8,
) -> R {
    if ver == 6 {
        e.proto = "ospf3";
    } else {
        e.proto = "ospf2";
        // tcpdump strips the MD5 trailer first, from the length and from the captured data.
        if e.be16(bp + field::AUTH_TYPE)? == field::AUTH_MD5 {
            length = length.wrapping_sub(field::MD5_LEN);
            if e.avail(bp + field::TYPE) <= field::MD5_LEN as usize {
                return Err(Stop::Trunc);
            }
        }
    }
    let t = e.u8(bp + field::TYPE)?;
    let v = e.u8(bp + field::VERSION)?;
    e.s("OSPFv")?;
    e.d(v)?;
    e.s(", ")?;
    let unknown = if ver == 6 {
        Unknown::dec("unknown packet type (", ")")
    } else {
        Unknown::dec("unknown LS-type ", "")
    };
    tok::tok2str(e.out, type_name(t), t.into(), unknown)?;
    e.s(", length ")?;
    e.d(length)?;
    if ver == 6 && e.vflag > 0 && type_name(t).is_some() {
        return super::ospf6_v::ospf6_verbose(e, bp, length);
    }
    Ok(())
}
