//! The Babel routing protocol (RFC 8966) on UDP ports 6696 and 6697: tcpdump's `babel_print`:
//! the version, the body length and one word per TLV (at `-v` one line per TLV, in babel_v).

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The magic number every Babel packet starts with.
const MAGIC: u8 = 42;
/// An Update TLV's body is at least this long; its flags are its second byte.
const UPDATE_MIN_LEN: usize = 10;

/// Why a TLV walk stopped: tcpdump's `-1` (truncated) or `-2` (invalid).
pub(super) enum Bad {
    Trunc,
    Invalid,
}

/// `babel 2 (38) hello ihu pc | mac`.
#[cold]
#[inline(never)]
pub(crate) fn babel_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "babel";
    c.s("babel")?;
    if !c.test(bp, 4) {
        return c.trunc_here();
    }
    if c.u8(bp)? != MAGIC {
        return c.s(" invalid header");
    }
    let version = c.u8(bp + 1)?;
    c.s(" ")?;
    c.d(version)?;
    if version != 2 {
        return c.s(" unknown version");
    }
    if length < 4 {
        return c.s(" (invalid)");
    }
    let bodylen = c.be16(bp + 2)?;
    c.s(" (")?;
    c.d(bodylen)?;
    c.s(")")?;
    let length = length as usize - 4;
    let bodylen = bodylen as usize;
    let cp = bp + 4;
    if length < bodylen {
        return c.s(" (invalid)");
    }
    let mut r = tlvs(c, cp, bodylen, length)?;
    let rest = length - bodylen;
    if r.is_ok() && rest != 0 {
        c.s(if c.vflag > 0 { "\n\t----" } else { " |" })?;
        r = tlvs(c, cp + bodylen, rest, rest)?;
    }
    match r {
        Ok(()) => Ok(()),
        Err(Bad::Trunc) => c.trunc_here(),
        Err(Bad::Invalid) => c.s(" (invalid)"),
    }
}

/// The TLVs in `len` bytes at `cp`, of which `remaining` are left in the packet.
fn tlvs<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    len: usize,
    remaining: usize,
) -> R<Result<(), Bad>> {
    let fits = |i: usize, l: usize| i + l <= len && i + l <= remaining;
    let mut pfx = super::babel_v::Prefixes::new();
    let mut i = 0;
    while i < len {
        let m = cp + i;
        if !fits(i, 1) {
            return Ok(Err(Bad::Invalid));
        }
        let Ok(t) = c.u8(m) else {
            return Ok(Err(Bad::Trunc));
        };
        if t == 0 {
            c.s(if c.vflag > 0 { "\n\tPad 1" } else { " pad1" })?;
            i += 1;
            continue;
        }
        if !fits(i, 2) {
            return Ok(Err(Bad::Invalid));
        }
        let Ok(l) = c.u8(m + 1) else {
            return Ok(Err(Bad::Trunc));
        };
        let l = l as usize;
        if !fits(i, 2 + l) {
            return Ok(Err(Bad::Invalid));
        }
        if !c.test(m, 2 + l) {
            return Ok(Err(Bad::Trunc));
        }
        if c.vflag > 0 {
            if let Err(b) = super::babel_v::tlv(c, m, t, l, &mut pfx)? {
                return Ok(Err(b));
            }
            i += l + 2;
            continue;
        }
        c.s(match t {
            1 => " padN",
            2 => " ack-req",
            3 => " ack",
            4 => " hello",
            5 => " ihu",
            6 => " router-id",
            7 => " nh",
            8 => " update",
            9 => " route-request",
            10 => " seqno-request",
            11 => " tspc",
            12 => " hmac",
            13 => " ss-update",
            14 => " ss-request",
            15 => " ss-mh-request",
            16 => " mac",
            17 => " pc",
            18 => " challenge_request",
            19 => " challenge_reply",
            _ => " unknown",
        })?;
        if t == 8 {
            if l < UPDATE_MIN_LEN {
                return Ok(Err(Bad::Invalid));
            }
            let flags = c.u8(m + 3)?;
            if flags & 0x80 != 0 {
                c.s("/prefix")?;
            }
            if flags & 0x40 != 0 {
                c.s("/id")?;
            }
            if flags & 0x3f != 0 {
                c.s("/unknown")?;
            }
        }
        i += l + 2;
    }
    Ok(Ok(()))
}
