//! Link types whose header wraps an Ethernet frame, an EtherType payload, LLC or an IP packet:
//! Hilscher netANALYZER (`LINKTYPE_NETANALYZER`, `_TRANSPARENT`), OpenBSD's `enc` and `pflog`
//! (`LINKTYPE_ENC`, `LINKTYPE_PFLOG`), IP over Fibre Channel (`LINKTYPE_IP_OVER_FC`), Apple's
//! IP over IEEE 1394 (`LINKTYPE_APPLE_IP_OVER_IEEE1394`) and the Symantec firewall
//! (`LINKTYPE_SYMANTEC_FIREWALL`), printed as tcpdump 4.99 prints them.

use core::fmt::Write;

use crate::ethertype;
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};
use crate::print::next::{ethertype_has_printer, Next};

/// `netanalyzer_if_print` (`hdr` 4) and `netanalyzer_transparent_if_print` (`hdr` 12, the
/// preamble and start-of-frame delimiter after the pseudo-header).
pub(crate) fn netanalyzer_print<W: Write>(
    c: &mut Cursor<'_, W>,
    hdr: u32,
    length: u32,
    caplen: u32,
) -> R {
    c.proto = if hdr == 4 {
        "netanalyzer"
    } else {
        "netanalyzer_transparent"
    };
    c.bytes(0, hdr as usize)?;
    c.then(Next::ether(hdr, length.wrapping_sub(hdr), caplen - hdr))
}

/// BSD's `AF_INET`.
const AF_INET: u32 = 2;

/// Whether `af` is one of BSD's `AF_INET6` values (BSD, FreeBSD, Darwin).
fn af_inet6(af: u32) -> bool {
    matches!(af, 24 | 28 | 30)
}

/// The `enc` header's length.
const ENC_HDRLEN: u32 = 12;

/// `enc_if_print`. The family and flags are in the capturing host's byte order: read as
/// little-endian, and byte-swapped when the family has any of its upper 16 bits set.
pub(crate) fn enc_print<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    c.proto = "enc";
    let h = c.bytes(0, ENC_HDRLEN as usize)?;
    let mut af = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
    let mut flags = u32::from_le_bytes([h[8], h[9], h[10], h[11]]);
    if af & 0xffff_0000 != 0 {
        af = af.swap_bytes();
        flags = flags.swap_bytes();
    }
    c.s(if flags == 0 { "(unprotected): " } else { "(" })?;
    for (bit, name) in [(0x0800, "authentic"), (0x0400, "confidential")] {
        if flags & bit != 0 {
            c.s(name)?;
            c.s(if flags == bit { "): " } else { "," })?;
            flags &= !bit;
        }
    }
    c.s("SPI 0x")?;
    let spi = c.be32(4)?;
    fmtx::hex_pad(c.out, spi.into(), 8)?;
    c.s(": ")?;
    let length = length.wrapping_sub(ENC_HDRLEN);
    match af {
        AF_INET => c.then(Next::ip(ENC_HDRLEN, length)),
        _ if af_inet6(af) => c.then(Next::ip6(ENC_HDRLEN, length)),
        _ => Ok(()),
    }
}

/// The shortest `pflog` header tcpdump accepts.
const PFLOG_MIN_HDRLEN: u8 = 45;
/// `struct pfloghdr`'s length as Linux builds it.
const PFLOG_STRUCT_LEN: usize = 64;

/// `pflog_print`: `rule N[.RULESET.SUB]/REASON: ACTION DIR on IF: `.
fn pflog_header<W: Write>(c: &mut Cursor<'_, W>) -> R {
    c.proto = "pflog";
    let rulenr = c.be32(36)?;
    let sub = c.be32(40)?;
    c.s("rule ")?;
    c.d(rulenr)?;
    if sub == u32::MAX {
        c.s("/")?;
    } else {
        c.s(".")?;
        printjnp(c, 20, 16)?;
        c.s(".")?;
        c.d(sub)?;
        c.s("/")?;
    }
    let (reason, action, dir) = (c.u8(3)?, c.u8(2)?, c.u8(60)?);
    const REASONS: [&str; 15] = [
        "0(match)",
        "1(bad-offset)",
        "2(fragment)",
        "",
        "3(short)",
        "5(memory)",
        "6(bad-timestamp)",
        "7(congestion)",
        "8(ip-option)",
        "9(proto-cksum)",
        "10(state-mismatch)",
        "11(state-insert)",
        "12(state-limit)",
        "13(src-limit)",
        "14(synproxy)",
    ];
    const ACTIONS: [&str; 11] = [
        "pass",
        "block",
        "scrub",
        "",
        "nat",
        "nonat",
        "binat",
        "nobinat",
        "rdr",
        "nordr",
        "synproxy-drop",
    ];
    const DIRS: [&str; 3] = ["in/out", "in", "out"];
    let named =
        |t: &[&'static str], v: u8| t.get(usize::from(v)).copied().filter(|s| !s.is_empty());
    for (i, (table, v)) in [
        (&REASONS[..], reason),
        (&ACTIONS[..], action),
        (&DIRS[..], dir),
    ]
    .into_iter()
    .enumerate()
    {
        c.s(["", ": ", " "][i])?;
        match named(table, v) {
            Some(n) => c.s(n)?,
            None => {
                c.s("unkn(")?;
                c.d(v)?;
                c.s(")")?;
            }
        }
    }
    c.s(" on ")?;
    printjnp(c, 4, 16)?;
    c.s(": ")
}

/// `nd_printjnp`: up to `n` bytes at `at`, stopping at a NUL.
fn printjnp<W: Write>(c: &mut Cursor<'_, W>, at: usize, n: usize) -> R {
    for i in 0..n {
        let b = c.u8(at + i)?;
        if b == 0 {
            break;
        }
        fmtx::safe_str(c.out, &[b])?;
    }
    Ok(())
}

/// `pflog_if_print`.
pub(crate) fn pflog_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "pflog";
    if caplen < 1 {
        return Err(Stop::Trunc);
    }
    let hlen = c.u8(0)?;
    if hlen < PFLOG_MIN_HDRLEN {
        return c.s("[pflog: invalid header length!]");
    }
    let hdrlen = (u32::from(hlen) + 3) & !3;
    if caplen < hdrlen {
        return Err(Stop::Trunc);
    }
    if !c.test(0, PFLOG_STRUCT_LEN) {
        return Err(Stop::Trunc);
    }
    if c.eflag {
        pflog_header(c)?;
    }
    let af = u32::from(c.u8(1)?);
    let (length, caplen) = (length.wrapping_sub(hdrlen), caplen - hdrlen);
    match af {
        AF_INET => c.then(Next::ip(hdrlen, length)),
        _ if af_inet6(af) => c.then(Next::ip6(hdrlen, length)),
        _ => {
            if !c.eflag {
                pflog_header(c)?;
            }
            c.default_print_guarded(hdrlen as usize, caplen as usize)
        }
    }
}

/// The IP-over-Fibre-Channel header: two network addresses, each 2 bytes and a MAC address.
const IPFC_HDRLEN: u32 = 16;

/// `ipfc_if_print`: the MAC addresses under `-e`, then LLC.
pub(crate) fn ipfc_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ipfc";
    c.bytes(0, IPFC_HDRLEN as usize)?;
    if c.eflag {
        c.mac_at(10)?;
        c.s(" > ")?;
        c.mac_at(2)?;
        c.s(", length ")?;
        c.d(length)?;
        c.s(": ")?;
    }
    // The addresses are not 6 bytes apart as Cursor::llc_eth wants them: LLC's fallback
    // names none.
    c.llc_eth = None;
    c.then(Next::llc(
        IPFC_HDRLEN,
        length.wrapping_sub(IPFC_HDRLEN),
        caplen - IPFC_HDRLEN,
    ))
}

/// The IEEE 1394 header: two EUI-64s and an EtherType.
const FIREWIRE_HDRLEN: u32 = 18;

/// `ap1394_hdr_print`.
fn ap1394_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    eui64(c, 8)?;
    c.s(" > ")?;
    eui64(c, 0)?;
    let t = c.be16(16)?;
    ethertype_name(c, t)?;
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `, ethertype NAME (0x....)`, or under `-q` `, NAME`.
fn ethertype_name<W: Write>(c: &mut Cursor<'_, W>, t: u16) -> R {
    let name = ethertype::name(t);
    if !c.qflag {
        c.s(", ethertype ")?;
        c.s(name.unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, t.into(), 4)?;
        c.s(")")
    } else {
        c.s(", ")?;
        match name {
            Some(n) => c.s(n),
            None => {
                c.s("Unknown Ethertype (0x")?;
                fmtx::hex_pad(c.out, t.into(), 4)?;
                c.s(")")
            }
        }
    }
}

/// An EUI-64 at `at` as colon-separated hex bytes.
fn eui64<W: Write>(c: &mut Cursor<'_, W>, at: usize) -> R {
    let b = c.bytes(at, 8)?;
    for (i, &x) in b.iter().enumerate() {
        if i > 0 {
            c.s(":")?;
        }
        c.x02(x)?;
    }
    Ok(())
}

/// `ap1394_if_print`.
pub(crate) fn ap1394_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "ap1394";
    c.bytes(0, FIREWIRE_HDRLEN as usize)?;
    if c.eflag {
        ap1394_header(c, length)?;
    }
    let t = c.be16(16)?;
    let at = FIREWIRE_HDRLEN;
    let (length, caplen) = (
        length.wrapping_sub(FIREWIRE_HDRLEN),
        caplen - FIREWIRE_HDRLEN,
    );
    if ethertype_has_printer(t) {
        return c.then(Next::ether_type(t, at, length, caplen));
    }
    if !c.eflag {
        ap1394_header(c, length.wrapping_add(FIREWIRE_HDRLEN))?;
    }
    c.default_print_guarded(at as usize, caplen as usize)
}

/// The Symantec firewall's header: 6 bytes, an EtherType, 36 bytes.
const SYMANTEC_HDRLEN: u32 = 44;

/// `symantec_hdr_print`.
fn symantec_header<W: Write>(c: &mut Cursor<'_, W>, length: u32) -> R {
    let t = c.be16(6)?;
    if t <= ethertype::MAX_LENGTH {
        c.s("invalid ethertype ")?;
        c.d(t)?;
    } else if !c.qflag {
        c.s("ethertype ")?;
        c.s(ethertype::name(t).unwrap_or("Unknown"))?;
        c.s(" (0x")?;
        fmtx::hex_pad(c.out, t.into(), 4)?;
        c.s(")")?;
    } else {
        match ethertype::name(t) {
            Some(n) => c.s(n)?,
            None => {
                c.s("Unknown Ethertype (0x")?;
                fmtx::hex_pad(c.out, t.into(), 4)?;
                c.s(")")?;
            }
        }
    }
    c.s(", length ")?;
    c.d(length)?;
    c.s(": ")
}

/// `symantec_if_print`.
pub(crate) fn symantec_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "symantec";
    c.bytes(0, SYMANTEC_HDRLEN as usize)?;
    if c.eflag {
        symantec_header(c, length)?;
    }
    let t = c.be16(6)?;
    let at = SYMANTEC_HDRLEN;
    let (length, caplen) = (
        length.wrapping_sub(SYMANTEC_HDRLEN),
        caplen - SYMANTEC_HDRLEN,
    );
    if t > ethertype::MAX_LENGTH && ethertype_has_printer(t) {
        return c.then(Next::ether_type(t, at, length, caplen));
    }
    if !c.eflag {
        symantec_header(c, length.wrapping_add(SYMANTEC_HDRLEN))?;
    }
    c.default_print_guarded(at as usize, caplen as usize)
}
