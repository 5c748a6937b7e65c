//! BOOTP/DHCP at `-v` (tcpdump 4.99.3's `bootp_print` with `ndo_vflag`, `rfc1048_print` and
//! `cmu_print`): the header's interesting fields, then the vendor area's options, each by
//! its format letter in tcpdump's table or by a decoder of its own.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vutil::hex_w;
use crate::tok::{self, Tok};

/// Field offsets of a BOOTP message.
mod field {
    pub const HOPS: usize = 3;
    pub const XID: usize = 4;
    pub const SECS: usize = 8;
    pub const FLAGS: usize = 10;
    pub const CIADDR: usize = 12;
    pub const CHADDR: usize = 28;
    pub const SNAME: usize = 44;
    pub const FILE: usize = 108;
    pub const VEND: usize = 236;
}

/// The options: tag, tcpdump's format letter, name.
const TAGS: &[(u8, u8, &str)] = &[
    (0, b' ', "PAD"),
    (1, b'i', "Subnet-Mask"),
    (2, b'L', "Time-Zone"),
    (3, b'i', "Default-Gateway"),
    (4, b'i', "Time-Server"),
    (5, b'i', "IEN-Name-Server"),
    (6, b'i', "Domain-Name-Server"),
    (7, b'i', "LOG"),
    (8, b'i', "CS"),
    (9, b'i', "LPR-Server"),
    (10, b'i', "IM"),
    (11, b'i', "RL"),
    (12, b'a', "Hostname"),
    (13, b's', "BS"),
    (255, b' ', "END"),
    (14, b'a', "DP"),
    (15, b'a', "Domain-Name"),
    (16, b'i', "SS"),
    (17, b'a', "RP"),
    (18, b'a', "EP"),
    (19, b'B', "IPF"),
    (20, b'B', "SRT"),
    (21, b'p', "PF"),
    (22, b's', "RSZ"),
    (23, b'b', "TTL"),
    (24, b'l', "MTU-Timeout"),
    (25, b's', "MTU-Table"),
    (26, b's', "MTU"),
    (27, b'B', "LSN"),
    (28, b'i', "BR"),
    (29, b'B', "MD"),
    (30, b'B', "MS"),
    (31, b'B', "Router-Discovery"),
    (32, b'i', "RSA"),
    (33, b'p', "Static-Route"),
    (34, b'B', "UT"),
    (35, b'l', "AT"),
    (36, b'B', "IE"),
    (37, b'b', "TT"),
    (38, b'l', "KI"),
    (39, b'B', "KG"),
    (40, b'a', "YD"),
    (41, b'i', "YS"),
    (42, b'i', "NTP"),
    (43, b'b', "Vendor-Option"),
    (44, b'i', "Netbios-Name-Server"),
    (45, b'i', "WDD"),
    (46, b'$', "Netbios-Node"),
    (47, b'a', "Netbios-Scope"),
    (48, b'i', "XFS"),
    (49, b'i', "XDM"),
    (64, b's', "N+D"),
    (65, b'i', "N+S"),
    (68, b'i', "MH"),
    (69, b'i', "SMTP"),
    (70, b'i', "POP3"),
    (71, b'i', "NNTP"),
    (72, b'i', "WWW"),
    (73, b'i', "FG"),
    (74, b'i', "IRC"),
    (75, b'i', "STS"),
    (76, b'i', "STDA"),
    (50, b'i', "Requested-IP"),
    (51, b'l', "Lease-Time"),
    (52, b'$', "OO"),
    (66, b'a', "TFTP"),
    (67, b'a', "BF"),
    (53, b' ', "DHCP-Message"),
    (54, b'i', "Server-ID"),
    (55, b'b', "Parameter-Request"),
    (56, b'a', "MSG"),
    (57, b's', "MSZ"),
    (58, b'l', "RN"),
    (59, b'l', "RB"),
    (60, b'a', "Vendor-Class"),
    (61, b'$', "Client-ID"),
    (98, b'a', "UAP"),
    (116, b'B', "NOAUTO"),
    (78, b'b', "SLP-DA"),
    (79, b'b', "SLP-SCOPE"),
    (117, b's', "NSSEARCH"),
    (77, b'$', "User-Class"),
    (118, b'i', "SUBNET"),
    (121, b'$', "Classless-Static-Route"),
    (249, b'$', "Classless-Static-Route-Microsoft"),
    (150, b'i', "TFTP-Server-Address"),
    (80, b'a', "SLP-NA"),
    (81, b'$', "FQDN"),
    (82, b'$', "Agent-Information"),
    (83, b'b', "ARMT"),
    (88, b'a', "TZSTR"),
    (89, b'b', "FQDNS"),
    (90, b'b', "AUTH"),
    (91, b'L', "Last-Transaction-Time"),
    (92, b'i', "Associated-IP"),
    (93, b's', "ARCH"),
    (94, b'b', "NDI"),
    (97, b'b', "GUID"),
    (95, b'a', "LDAP"),
    (100, b'a', "POSIX-TZ"),
    (101, b'a', "TZ-Name"),
    (112, b'i', "NI"),
    (113, b'a', "NITAG"),
    (114, b'a', "URL"),
    (161, b'a', "MUD-URL"),
];

/// A tag's format letter and name (`?Unknown` without one).
fn tag(t: u8) -> (u8, &'static str) {
    TAGS.iter()
        .find(|e| e.0 == t)
        .map_or((b'?', "Unknown"), |e| (e.1, e.2))
}

/// The DHCP message types.
const MSG_TYPES: &Tok = &[
    (1, "Discover"),
    (2, "Offer"),
    (3, "Request"),
    (4, "Decline"),
    (5, "ACK"),
    (6, "NACK"),
    (7, "Release"),
    (8, "Inform"),
    (10, "LeaseQuery"),
    (11, "LeaseUnassigned"),
    (12, "LeaseUnknown"),
    (13, "LeaseActive"),
];

/// The relay agent's sub-options.
const AGENT_SUBOPTS: &Tok = &[(1, "Circuit-ID"), (2, "Remote-ID"), (6, "Subscriber-ID")];

/// The Client-ID's hardware types.
const ARP_TYPES: &Tok = &[
    (0x1, "ether"),
    (0x6, "ieee802"),
    (0x7, "arcnet"),
    (0xf, "frelay"),
    (0x17, "strip"),
    (0x18, "ieee1394"),
];

/// The rest of the `-v` form after `, length N` (printed by the caller).
#[cold]
#[inline(never)]
pub(crate) fn bootp_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, htype: u8, hlen: u8) -> R {
    c.bytes(bp + field::SECS, 2)?;
    if htype != 1 {
        c.s(", htype ")?;
        c.d(htype)?;
    }
    if htype != 1 || hlen != 6 {
        c.s(", hlen ")?;
        c.d(hlen)?;
    }
    let hops = c.u8(bp + field::HOPS)?;
    if hops != 0 {
        c.s(", hops ")?;
        c.d(hops)?;
    }
    let xid = c.be32(bp + field::XID)?;
    if xid != 0 {
        c.s(", xid 0x")?;
        c.x(xid)?;
    }
    let secs = c.be16(bp + field::SECS)?;
    if secs != 0 {
        c.s(", secs ")?;
        c.d(secs)?;
    }
    let flags = c.be16(bp + field::FLAGS)?;
    c.s(", Flags [")?;
    tok::bittok2str(c.out, &[(0x8000, "Broadcast")], flags.into(), "none")?;
    c.s("]")?;
    if c.vflag > 1 {
        c.s(" (0x")?;
        hex_w(c, flags.into(), 4)?;
        c.s(")")?;
    }
    for (i, label) in [
        "\n\t  Client-IP ",
        "\n\t  Your-IP ",
        "\n\t  Server-IP ",
        "\n\t  Gateway-IP ",
    ]
    .iter()
    .enumerate()
    {
        let o = bp + field::CIADDR + 4 * i;
        if c.be32(o)? != 0 {
            c.s(label)?;
            c.ip4_at(o)?;
        }
    }
    if htype == 1 && hlen == 6 {
        c.bytes(bp + field::CHADDR, 6)?;
        c.s("\n\t  Client-Ethernet-Address ")?;
        c.mac_at(bp + field::CHADDR)?;
    }
    for (label, o, n) in [
        ("\n\t  sname \"", field::SNAME, 64u32),
        ("\n\t  file \"", field::FILE, 128),
    ] {
        if c.u8(bp + o)? != 0 {
            c.s(label)?;
            if c.printztn(bp + o, n)? == 0 {
                c.s("\"")?;
                return c.trunc_here();
            }
            c.s("\"")?;
        }
    }
    let v = bp + field::VEND;
    let magic = c.be32(v)?;
    match magic {
        0x6382_5363 => rfc1048(c, v),
        0x434d_5500 => cmu(c, v),
        0 => Ok(()),
        m => {
            c.s("\n\t  Vendor-#0x")?;
            c.x(m)
        }
    }
}

/// `cmu_print`: the CMU vendor area's addresses.
fn cmu<W: Write>(c: &mut Cursor<'_, W>, v: usize) -> R {
    c.s(" vend-cmu")?;
    c.bytes(v + 4, 4)?;
    let f = c.u8(v + 4)?;
    if f & !1 != 0 {
        c.s(" F:0x")?;
        c.x(f)?;
    }
    let sm = if f & 1 != 0 { "SM" } else { "SM*" };
    // The gateway (the second field) prints before the mask (the first).
    for (i, name) in [
        (1, "DG"),
        (0, sm),
        (2, "NS1"),
        (3, "NS2"),
        (4, "IEN1"),
        (5, "IEN2"),
        (6, "TS1"),
        (7, "TS2"),
    ] {
        let o = v + 8 + 4 * i;
        if c.be32(o)? != 0 {
            c.s(" ")?;
            c.s(name)?;
            c.s(":")?;
            c.ip4_at(o)?;
        }
    }
    Ok(())
}

/// `"TEXT"` of `n` bytes at `p`; `false` when the capture ended first (the marker is due).
fn quoted<W: Write>(c: &mut Cursor<'_, W>, p: usize, n: usize) -> R<bool> {
    c.s("\"")?;
    let whole = c.printn(p, n)?;
    c.s("\"")?;
    Ok(whole)
}

/// `rfc1048_print`: the options after the magic cookie at `v`.
fn rfc1048<W: Write>(c: &mut Cursor<'_, W>, v: usize) -> R {
    c.s("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x")?;
    hex_w(c, c.be32(v)?.into(), 8)?;
    let mut bp = v + 4;
    while c.test(bp, 1) {
        let t = c.u8(bp)?;
        bp += 1;
        if t == 0 && c.vflag < 3 {
            continue;
        }
        if t == 255 && c.vflag < 3 {
            return Ok(());
        }
        let (mut fmt, name) = tag(t);
        let mut len = if t == 0 || t == 255 {
            0usize
        } else {
            let l = c.u8(bp)?;
            bp += 1;
            usize::from(l)
        };
        c.s("\n\t    ")?;
        c.s(name)?;
        c.s(" (")?;
        c.d(t)?;
        c.s("), length ")?;
        c.d(len as u64)?;
        if len > 0 {
            c.s(": ")?;
        }
        if t == 0 && c.vflag > 2 {
            let mut n = 1u32;
            while c.test(bp, 1) && c.u8(bp)? == 0 {
                bp += 1;
                n += 1;
            }
            if n > 1 {
                c.s(", occurs ")?;
                c.d(n)?;
            }
        }
        c.bytes(bp, len)?;
        if t == 53 && len == 1 {
            let m = c.u8(bp)?;
            match tok::find(MSG_TYPES, m.into()) {
                Some(n) => c.s(n)?,
                None => {
                    c.s("Unknown (")?;
                    c.d(m)?;
                    c.s(")")?;
                }
            }
            bp += 1;
            continue;
        }
        if t == 55 {
            for idx in 0..len {
                let inner = c.u8(bp + idx)?;
                c.s(if idx % 4 == 0 { "\n\t      " } else { ", " })?;
                c.s(tag(inner).1)?;
                c.s(" (")?;
                c.d(inner)?;
                c.s(")")?;
            }
            bp += len;
            continue;
        }
        if fmt == b'?' {
            fmt = if len & 1 != 0 {
                b'b'
            } else if len & 2 != 0 {
                b's'
            } else {
                b'l'
            };
        }
        let mut first = true;
        match fmt {
            b'a' => {
                if !quoted(c, bp, len)? {
                    return c.trunc_here();
                }
                bp += len;
                len = 0;
            }
            b'i' | b'l' | b'L' => {
                while len >= 4 {
                    if !first {
                        c.s(",")?;
                    }
                    match fmt {
                        b'i' => c.ip4_at(bp)?,
                        b'L' => crate::fmtx::idec(c.out, i64::from(c.be32(bp)? as i32))?,
                        _ => c.d(c.be32(bp)?)?,
                    }
                    bp += 4;
                    len -= 4;
                    first = false;
                }
            }
            b'p' => {
                while len >= 8 {
                    if !first {
                        c.s(",")?;
                    }
                    c.bytes(bp, 4)?;
                    c.s("(")?;
                    c.ip4_at(bp)?;
                    c.s(":")?;
                    c.ip4_at(bp + 4)?;
                    c.s(")")?;
                    bp += 8;
                    len -= 8;
                    first = false;
                }
            }
            b's' => {
                while len >= 2 {
                    if !first {
                        c.s(",")?;
                    }
                    c.d(c.be16(bp)?)?;
                    bp += 2;
                    len -= 2;
                    first = false;
                }
            }
            b'B' => {
                while len > 0 {
                    if !first {
                        c.s(",")?;
                    }
                    match c.u8(bp)? {
                        0 => c.s("N")?,
                        1 => c.s("Y")?,
                        x => {
                            c.d(x)?;
                            c.s("?")?;
                        }
                    }
                    bp += 1;
                    len -= 1;
                    first = false;
                }
            }
            b'$' => {
                let Some((used, done)) = special(c, t, bp, len)? else {
                    return c.trunc_here();
                };
                bp += used;
                len = if done { 0 } else { len - used };
            }
            _ => {
                while len > 0 {
                    if !first {
                        c.s(".")?;
                    }
                    c.d(c.u8(bp)?)?;
                    bp += 1;
                    len -= 1;
                    first = false;
                }
            }
        }
        if len > 0 {
            c.s("\n\t  trailing data length ")?;
            c.d(len as u64)?;
            bp += len;
        }
    }
    Ok(())
}

/// An `[ERROR: ...]` for an option too short.
fn too_short<W: Write>(c: &mut Cursor<'_, W>, n: u8) -> R {
    c.s("[ERROR: length < ")?;
    c.d(n)?;
    c.s(" bytes]")
}

/// The options tcpdump decodes one by one (`$`), `len` bytes at `bp`: the bytes used and
/// whether the rest counts as used too, `None` when the capture ended in a string.
fn special<W: Write>(
    c: &mut Cursor<'_, W>,
    t: u8,
    bp: usize,
    len: usize,
) -> R<Option<(usize, bool)>> {
    match t {
        46 | 52 => {
            if len < 1 {
                too_short(c, 1)?;
                return Ok(Some((0, false)));
            }
            let v = c.u8(bp)?;
            let names: &Tok = if t == 46 {
                &[(1, "b-node"), (2, "p-node"), (4, "m-node"), (8, "h-node")]
            } else {
                &[(1, "file"), (2, "sname"), (3, "file+sname")]
            };
            match tok::find(names, v.into()) {
                Some(n) => c.s(n)?,
                None => {
                    c.s("#")?;
                    c.d(v)?;
                }
            }
            Ok(Some((1, false)))
        }
        81 => {
            if len < 3 {
                too_short(c, 3)?;
                return Ok(Some((len, true)));
            }
            let f = c.u8(bp)?;
            if f & 0xf0 != 0 {
                c.s("[ERROR: MBZ nibble 0x")?;
                c.x(f >> 4)?;
                c.s(" != 0] ")?;
            }
            if f & 0x0f != 0 {
                c.s("[")?;
                for (bit, ch) in [(1u8, "S"), (2, "O"), (4, "E"), (8, "N")] {
                    if f & bit != 0 {
                        c.s(ch)?;
                    }
                }
                c.s("] ")?;
            }
            let (r1, r2) = (c.u8(bp + 1)?, c.u8(bp + 2)?);
            if r1 != 0 || r2 != 0 {
                c.d(r1)?;
                c.s("/")?;
                c.d(r2)?;
                c.s(" ")?;
            }
            if !quoted(c, bp + 3, len - 3)? {
                return Ok(None);
            }
            Ok(Some((len, true)))
        }
        61 => {
            if len < 1 {
                too_short(c, 1)?;
                return Ok(Some((0, false)));
            }
            let ty = c.u8(bp)?;
            if ty == 0 {
                if !quoted(c, bp + 1, len - 1)? {
                    return Ok(None);
                }
                return Ok(Some((len, true)));
            }
            match tok::find(ARP_TYPES, ty.into()) {
                Some(n) => c.s(n)?,
                None => {
                    c.s("hardware-type ")?;
                    c.d(ty)?;
                    c.s(",")?;
                }
            }
            c.s(" ")?;
            for i in 1..len {
                if i > 1 {
                    c.s(":")?;
                }
                c.x02(c.u8(bp + i)?)?;
            }
            Ok(Some((len, true)))
        }
        82 => {
            let (mut p, mut left) = (bp, len);
            while left >= 2 {
                let so = c.u8(p)?;
                let sl = usize::from(c.u8(p + 1)?);
                p += 2;
                left -= 2;
                c.s("\n\t      ")?;
                c.s(tok::find(AGENT_SUBOPTS, so.into()).unwrap_or("Unknown"))?;
                c.s(" SubOption ")?;
                c.d(so)?;
                c.s(", length ")?;
                c.d(sl as u64)?;
                if sl > left {
                    c.s(": length goes past end of option")?;
                    return Ok(Some((len, true)));
                }
                c.s(": ")?;
                match so {
                    1 | 2 | 6 => {
                        if !c.printn(p, sl)? {
                            return Ok(None);
                        }
                    }
                    _ => c.unknown_data_at(p, sl, "\n\t\t")?,
                }
                left -= sl;
                p += sl;
            }
            Ok(Some((len - left, false)))
        }
        121 | 249 => {
            if len < 5 {
                too_short(c, 5)?;
                return Ok(Some((len, true)));
            }
            let (mut p, mut left, mut first) = (bp, len, true);
            while left > 0 {
                if !first {
                    c.s(",")?;
                }
                let mw = c.u8(p)?;
                p += 1;
                left -= 1;
                if mw > 32 {
                    c.s("[ERROR: Mask width (")?;
                    c.d(mw)?;
                    c.s(") > 32]")?;
                    return Ok(Some((len, true)));
                }
                let sig = usize::from(mw).div_ceil(8);
                if left < sig + 4 {
                    c.s("[ERROR: Remaining length (")?;
                    c.d(left as u64)?;
                    c.s(") < ")?;
                    c.d((sig + 4) as u64)?;
                    c.s(" bytes]")?;
                    return Ok(Some((len, true)));
                }
                c.s("(")?;
                if mw == 0 {
                    c.s("default")?;
                } else {
                    for i in 0..sig {
                        if i > 0 {
                            c.s(".")?;
                        }
                        c.d(c.u8(p)?)?;
                        p += 1;
                    }
                    for _ in sig..4 {
                        c.s(".0")?;
                    }
                    c.s("/")?;
                    c.d(mw)?;
                }
                c.bytes(p, 4)?;
                c.s(":")?;
                c.ip4_at(p)?;
                c.s(")")?;
                p += 4;
                left -= sig + 4;
                first = false;
            }
            Ok(Some((len, true)))
        }
        77 => {
            if len < 2 {
                c.s("[ERROR: length < 2 bytes]")?;
                return Ok(Some((len, true)));
            }
            let (mut p, mut left, mut n) = (bp, len, 1u32);
            while left > 0 {
                let sl = usize::from(c.u8(p)?);
                p += 1;
                left -= 1;
                c.s("\n\t      instance#")?;
                c.d(n)?;
                c.s(": ")?;
                if sl == 0 {
                    c.s("[ERROR: suboption length must be non-zero]")?;
                    return Ok(Some((len, true)));
                }
                if left < sl {
                    c.s("[ERROR: invalid option]")?;
                    return Ok(Some((len, true)));
                }
                if !quoted(c, p, sl)? {
                    return Ok(None);
                }
                c.s(", length ")?;
                c.d(sl as u64)?;
                n += 1;
                left -= sl;
                p += sl;
            }
            Ok(Some((len, true)))
        }
        _ => {
            c.s("[unknown special tag ")?;
            c.d(t)?;
            c.s(", size ")?;
            c.d(len as u64)?;
            c.s("]")?;
            Ok(Some((len, true)))
        }
    }
}
