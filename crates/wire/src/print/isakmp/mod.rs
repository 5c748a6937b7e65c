//! ISAKMP, IKEv1 and IKEv2 (UDP ports 500, 7500 and 8500, and port 4500 after RFC 3948's
//! non-ESP marker), as tcpdump 4.99's `isakmp_print` prints them: the header line (`-v` adds
//! the version and message ID, `-vv` the cookies), and under `-v` the payloads, one per
//! indented line. Encrypted payloads are not decrypted.
//!
//! - [`v1`]: the IKEv1 payloads (SA, proposal, transform and their attributes, KE, ID, ...).
//! - [`v2`]: the IKEv2 payloads.
//!
//! Like tcpdump, the printer remembers the initiator cookies of the exchanges it saw begin
//! (the last 20, with their addresses) to tell the initiator's messages (`I`) from the
//! responder's (`R`): [`Cookies`], kept by the [`crate::Printer`].

mod v1;
mod v2;

use core::fmt::Write;

use crate::fmtx;
use crate::print::cursor::{Cursor, R};

/// How many initiators tcpdump remembers.
const MAX_INITIATORS: usize = 20;

/// One remembered exchange: the initiator cookie and both addresses (IPv4 ones in the first
/// four bytes), by IP version.
#[derive(Clone, Copy, Default)]
struct Initiator {
    cookie: [u8; 8],
    version: u8,
    iaddr: [u8; 16],
    raddr: [u8; 16],
}

/// The initiators seen (tcpdump's `cookiecache`), the next slot to fill round-robin.
#[derive(Default)]
pub(crate) struct Cookies {
    slots: Vec<Initiator>,
    next: usize,
}

impl Cookies {
    fn find(&self, ck: &[u8]) -> Option<usize> {
        // Unused slots hold an all-zero cookie, as tcpdump's static table does.
        (0..MAX_INITIATORS).find(|&i| {
            let c = self.slots.get(i).map_or([0; 8], |s| s.cookie);
            c[..] == *ck
        })
    }

    fn record(&mut self, ck: &[u8], version: u8, src: &[u8], dst: &[u8]) {
        if let Some(i) = self.find(ck) {
            self.next = (i + 1) % MAX_INITIATORS;
            return;
        }
        if self.slots.len() < MAX_INITIATORS {
            self.slots.resize(MAX_INITIATORS, Initiator::default());
        }
        let s = &mut self.slots[self.next];
        s.version = version;
        s.iaddr = [0; 16];
        s.raddr = [0; 16];
        s.iaddr[..src.len()].copy_from_slice(src);
        s.raddr[..dst.len()].copy_from_slice(dst);
        s.cookie.copy_from_slice(ck);
        self.next = (self.next + 1) % MAX_INITIATORS;
    }

    fn side(&self, i: usize, version: u8, src: &[u8], initiator: bool) -> bool {
        let Some(s) = self.slots.get(i) else {
            return false;
        };
        if s.version != version {
            return false;
        }
        let a = if initiator { &s.iaddr } else { &s.raddr };
        a[..src.len()] == *src
    }
}

/// `NPSTR`: a payload type's name, `#N` for one without.
pub(super) fn np_name<W: Write>(c: &mut Cursor<'_, W>, np: u8) -> R {
    const NAMES: [&str; 49] = [
        "none", "sa", "p", "t", "ke", "id", "cert", "cr", "hash", "sig", "nonce", "n", "d", "vid",
        "pay14", "pay15", "pay16", "pay17", "pay18", "pay19", "pay20", "pay21", "pay22", "pay23",
        "pay24", "pay25", "pay26", "pay27", "pay28", "pay29", "pay30", "pay31", "pay32", "v2sa",
        "v2ke", "v2IDi", "v2IDr", "v2cert", "v2cr", "v2auth", "v2nonce", "v2n", "v2d", "v2vid",
        "v2TSi", "v2TSr", "v2e", "v2cp", "v2eap",
    ];
    match NAMES.get(usize::from(np)) {
        Some(s) => c.s(s),
        None => {
            c.s("#")?;
            c.d(np)
        }
    }
}

/// `STR_OR_ID`: `table[x]`, or `#x` where the table has no name ("" entries).
pub(super) fn str_or_id<W: Write>(c: &mut Cursor<'_, W>, x: u32, table: &[&str]) -> R {
    match table.get(x as usize) {
        Some(s) if !s.is_empty() => c.s(s),
        _ => {
            c.s("#")?;
            c.d(x)
        }
    }
}

/// The protocol IDs.
pub(super) const PROTO_IDS: &[&str] = &["", "isakmp", "ipsec-ah", "ipsec-esp", "ipcomp"];

/// ` [|NAME]` for payload type `np`, the payload printer giving up (a local truncation).
pub(super) fn trunc_np<W: Write>(c: &mut Cursor<'_, W>, np: u8) -> R<Option<usize>> {
    c.s(" [|")?;
    np_name(c, np)?;
    c.s("]")?;
    Ok(None)
}

/// `rawprint`: `len` bytes at `o` in hex; false (nothing printed) when they are not all
/// captured.
pub(super) fn rawprint<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: usize) -> R<bool> {
    if !c.test(o, len) {
        return Ok(false);
    }
    for i in 0..len {
        c.x02(c.p[o + i])?;
    }
    Ok(true)
}

/// `ike_show_somedata`: ` data=(` the first 10 bytes up to `ep` `...` the last 20 `)`; false
/// on bytes not captured.
pub(super) fn show_somedata<W: Write>(c: &mut Cursor<'_, W>, cp: usize, ep: usize) -> R<bool> {
    let mut len = ep.wrapping_sub(cp);
    if len > 10 {
        len = 10;
    }
    let mut end = ep.wrapping_sub(20);
    let mut elen = 20usize;
    if (end as isize) < (cp + len) as isize {
        end = cp + len;
        elen = ep.wrapping_sub(end);
    }
    c.s(" data=(")?;
    if !rawprint(c, cp, len)? {
        return Ok(false);
    }
    c.s("...")?;
    if elen != 0 && !rawprint(c, end, elen)? {
        return Ok(false);
    }
    c.s(")")?;
    Ok(true)
}

/// A new line indented `depth` levels and `(`.
pub(super) fn open<W: Write>(c: &mut Cursor<'_, W>, depth: u32) -> R {
    c.s("\n")?;
    for _ in 0..depth {
        c.s("    ")?;
    }
    c.s("(")
}

/// The IP header's version and source and destination addresses.
fn ip_addrs<'a, W: Write>(c: &Cursor<'a, W>, iph: usize) -> Option<(u8, &'a [u8], &'a [u8])> {
    let v = c.p.get(iph)? >> 4;
    match v {
        4 => Some((
            4,
            c.p.get(iph + 12..iph + 16)?,
            c.p.get(iph + 16..iph + 20)?,
        )),
        6 => Some((6, c.p.get(iph + 8..iph + 24)?, c.p.get(iph + 24..iph + 40)?)),
        _ => None,
    }
}

/// `isakmp_print`: the message at `bp`, `length` bytes from the UDP length; `iph` the IP
/// header before it.
pub(crate) fn isakmp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    iph: usize,
) -> R {
    c.proto = "isakmp";
    if !c.test(bp, 28) {
        return c.trunc_here();
    }
    c.s("isakmp")?;
    let vers = c.u8(bp + 17)?;
    let (major, minor) = (vers >> 4, vers & 0x0f);
    if c.vflag > 0 {
        c.s(" ")?;
        c.d(major)?;
        c.s(".")?;
        c.d(minor)?;
        c.s(" msgid ")?;
        rawprint(c, bp + 20, 4)?;
    }
    if c.vflag > 1 {
        c.s(" cookie ")?;
        rawprint(c, bp, 8)?;
        c.s("->")?;
        rawprint(c, bp + 8, 8)?;
    }
    c.s(":")?;
    match major {
        1 => ikev1_print(c, bp, length, iph),
        2 => ikev2_print(c, bp, length),
        _ => Ok(()),
    }
}

/// `isakmp_rfc3948_print`'s IKE case: `NONESP-encap: ` and the message after the marker.
pub(crate) fn nonesp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    iph: usize,
) -> R {
    c.s("NONESP-encap: ")?;
    isakmp_print(c, bp + 4, length - 4, iph)
}

/// The exchange types.
const ETYPES: &[&str] = &[
    "none",
    "base",
    "ident",
    "auth",
    "agg",
    "inf",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "oakley-quick",
    "oakley-newgroup",
    "ikev2_init",
    "ikev2_auth",
    "child_sa",
    "inf2",
];

/// `ikev1_print`.
fn ikev1_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, iph: usize) -> R {
    let phase = if c.be32(bp + 20)? == 0 { 1 } else { 2 };
    c.s(if phase == 1 {
        " phase 1"
    } else {
        " phase 2/others"
    })?;
    let ck: [u8; 8] = c.p[bp..bp + 8].try_into().unwrap_or([0; 8]);
    let r_zero = c.p[bp + 8..bp + 16] == [0; 8];
    let addrs = ip_addrs(c, iph).map(|(v, s, d)| (v, s.to_vec(), d.to_vec()));
    // Without a printer's memory (the free functions), every message is the first seen.
    let mut fresh = Cookies::default();
    let cookies = match c.names.as_deref_mut() {
        Some(n) => &mut n.isakmp,
        None => &mut fresh,
    };
    let side = match cookies.find(&ck) {
        None if r_zero => {
            if let Some((v, s, d)) = &addrs {
                cookies.record(&ck, *v, s, d);
            }
            " I"
        }
        None => " ?",
        Some(i) => match &addrs {
            Some((v, s, _)) if cookies.side(i, *v, s, true) => " I",
            Some((v, s, _)) if cookies.side(i, *v, s, false) => " R",
            _ => " ?",
        },
    };
    c.s(side)?;
    c.s(" ")?;
    str_or_id(c, u32::from(c.u8(bp + 18)?), ETYPES)?;
    let flags = c.u8(bp + 19)?;
    if flags != 0 {
        c.s("[")?;
        if flags & 1 != 0 {
            c.s("E")?;
        }
        if flags & 2 != 0 {
            c.s("C")?;
        }
        c.s("]")?;
    }
    if c.vflag > 0 {
        c.s(":")?;
        let np = c.u8(bp + 16)?;
        if flags & 1 != 0 {
            c.s(" [encrypted ")?;
            np_name(c, np)?;
            c.s("]")?;
        } else if c.snapend < bp + 28 {
            trunc_np(c, np)?;
        } else {
            v1::sub_print(c, np, bp + 28, phase, 0, 0, 0)?;
        }
        len_mismatch(c, bp, length)?;
    }
    Ok(())
}

/// ` (len mismatch: isakmp N/ip M)` under `-v`.
fn len_mismatch<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    let len = c.be32(bp + 24)?;
    if len != length {
        c.s(" (len mismatch: isakmp ")?;
        c.d(len)?;
        c.s("/ip ")?;
        c.d(length)?;
        c.s(")")?;
    }
    Ok(())
}

/// `ikev2_print`.
fn ikev2_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    let phase = if c.be32(bp + 20)? == 0 { 1 } else { 2 };
    c.s(if phase == 1 {
        " parent_sa"
    } else {
        " child_sa "
    })?;
    c.s(" ")?;
    str_or_id(c, u32::from(c.u8(bp + 18)?), ETYPES)?;
    let flags = c.u8(bp + 19)?;
    if flags != 0 {
        c.s("[")?;
        for (bit, s) in [(0x08, "I"), (0x10, "V"), (0x20, "R")] {
            if flags & bit != 0 {
                c.s(s)?;
            }
        }
        c.s("]")?;
    }
    if c.vflag > 0 {
        c.s(":")?;
        let np = c.u8(bp + 16)?;
        if flags & 1 != 0 {
            c.s(" [encrypted ")?;
            np_name(c, np)?;
            c.s("]")?;
        } else if c.snapend < bp + 28 {
            trunc_np(c, np)?;
        } else {
            v2::sub_print(c, np, bp + 28, phase, 0)?;
        }
        len_mismatch(c, bp, length)?;
    }
    Ok(())
}

/// `%c` of the printable ASCII bytes, `.` for the others, `len` bytes at `o` (all captured).
pub(super) fn ascii_or_dot<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: usize) -> R {
    for i in 0..len {
        let b = c.u8(o + i)?;
        if (0x20..0x7f).contains(&b) {
            fmtx::safe_char(c.out, b)?;
        } else {
            c.s(".")?;
        }
    }
    Ok(())
}
