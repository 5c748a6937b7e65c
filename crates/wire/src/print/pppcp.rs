//! What tcpdump's `handle_ctrl_proto` adds at `-v` to a PPP control protocol packet's line:
//! the encoded length, each code's fields, and the configuration options of LCP and IPCP
//! (`print_lcp_config_options`, `print_ipcp_config_options`), IP6CP, CCP and BACP.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::fmtx;
use crate::names::oui_name;

const LCP: u16 = 0xc021;
const IPCP: u16 = 0x8021;
const IP6CP: u16 = 0x8057;
const CCP: u16 = 0x80fd;
const BACP: u16 = 0xc02b;

/// The LCP option names, by type (`lcpconfopts`).
const LCP_OPTS: [&str; 31] = [
    "Vend-Ext",
    "MRU",
    "ACCM",
    "Auth-Prot",
    "Qual-Prot",
    "Magic-Num",
    "deprecated(6)",
    "PFC",
    "ACFC",
    "FCS-Alt",
    "SDP",
    "Num-Mode",
    "deprecated(12)",
    "Call-Back",
    "deprecated(14)",
    "deprecated(15)",
    "deprecated(16)",
    "MRRU",
    "12-Bit seq #",
    "End-Disc",
    "Proprietary",
    "DCE-Id",
    "MP+",
    "Link-Disc",
    "LCP-Auth-Opt",
    "COBS",
    "Prefix-elision",
    "Multilink-header-Form",
    "I18N",
    "SDL-over-SONET/SDH",
    "PPP-Muxing",
];

/// `LABEL0x%08x` of the 32 bits at `o`, read before anything is printed (as tcpdump's
/// `GET_` in the `ND_PRINT` arguments is).
fn hex8<W: Write>(c: &mut Cursor<'_, W>, label: &str, o: usize) -> R {
    let v = c.be32(o)?;
    c.s(label)?;
    c.s("0x")?;
    fmtx::hex_pad(c.out, v.into(), 8)?;
    Ok(())
}

/// `handle_ctrl_proto`'s `-v` part for the packet at `p` (its code byte), `length` bytes;
/// `name` is the protocol's name for the truncation marker.
#[cold]
pub(crate) fn ctrl_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    proto: u16,
    name: &str,
    p: usize,
    length: u32,
) -> R {
    let code = c.u8(p)?;
    let len = u32::from(c.be16(p + 2)?);
    let t = p + 4;
    if len < 4 {
        c.s("\n\tencoded length ")?;
        c.d(len)?;
        return c.s(" (< 4))");
    }
    if len > length {
        c.s("\n\tencoded length ")?;
        c.d(len)?;
        c.s(" (> packet length ")?;
        c.d(length)?;
        return c.s("))");
    }
    let length = len;
    c.s("\n\tencoded length ")?;
    c.d(len)?;
    c.s(" (=Option(s) length ")?;
    c.d(len - 4)?;
    c.s(")")?;
    if length == 4 {
        return Ok(());
    }
    if c.vflag > 1 {
        // tcpdump dumps from the PPP protocol field on: six bytes.
        c.unknown_data(p.wrapping_sub(2), 6)?;
    }
    match code {
        0 => {
            if length >= 11 {
                hex8(c, "\n\t  Magic-Num ", t)?;
                let oui = c.be24(t + 4)?;
                c.s(" Vendor: ")?;
                c.s(oui_name(oui).unwrap_or("Unknown"))?;
                c.s(" (")?;
                c.d(oui)?;
                c.s(")")?;
            }
        }
        1..=4 => {
            if !matches!(proto, LCP | IPCP | IP6CP | CCP | BACP) {
                return Ok(());
            }
            let mut tlen = len - 4;
            let mut o = t;
            loop {
                let advance = match proto {
                    LCP => lcp_option(c, o, len)?,
                    IPCP => ipcp_option(c, o, len)?,
                    _ => other_option(c, proto, o, len)?,
                };
                if advance == 0 {
                    break;
                }
                if tlen < advance {
                    c.s(" [remaining options length ")?;
                    c.d(tlen)?;
                    c.s(" < ")?;
                    c.d(advance)?;
                    c.s("]")?;
                    c.invalid()?;
                    break;
                }
                tlen -= advance;
                o += advance as usize;
                if tlen == 0 {
                    break;
                }
            }
        }
        5..=7 => {}
        8 => {
            if length >= 6 {
                let rp = c.be16(t)?;
                c.s("\n\t  Rejected ")?;
                c.s(super::pppoe::ppp_name(rp).unwrap_or("unknown"))?;
                c.s(" Protocol (0x")?;
                fmtx::hex_pad(c.out, rp.into(), 4)?;
                c.s(")")?;
                if len > 6 {
                    c.s("\n\t  Rejected Packet")?;
                    c.unknown_data_at(t + 2, len as usize - 2, "\n\t    ")?;
                }
            }
        }
        9..=11 => {
            if length >= 8 {
                hex8(c, "\n\t  Magic-Num ", t)?;
                if len > 8 {
                    c.s("\n\t  -----trailing data-----")?;
                    if !c.test(t + 4, len as usize - 8) {
                        c.s("[|")?;
                        c.s(name)?;
                        return c.s("]");
                    }
                    c.unknown_data_at(t + 4, len as usize - 8, "\n\t  ")?;
                }
            }
        }
        12 => {
            if length >= 8 {
                hex8(c, "\n\t  Magic-Num ", t)?;
                if len > 8 {
                    c.s("\n\t  Message\n\t    ")?;
                    if !c.printn(t + 4, len as usize - 4)? {
                        c.s("[|")?;
                        c.s(name)?;
                        return c.s("]");
                    }
                }
            }
        }
        13 => {
            if length >= 12 {
                hex8(c, "\n\t  Magic-Num ", t)?;
                let secs = c.be32(t + 4)?;
                c.s(", Seconds-Remaining ")?;
                c.d(secs)?;
                c.s("s")?;
            }
        }
        _ => {
            if c.vflag <= 1 {
                c.unknown_data_at(p.wrapping_sub(2), length as usize + 2, "\n\t  ")?;
            }
        }
    }
    Ok(())
}

/// ` (length bogus, should be OP N)`.
fn bogus<W: Write>(c: &mut Cursor<'_, W>, op: &str, n: u32) -> R {
    c.s(" (length bogus, should be ")?;
    c.s(op)?;
    c.s(" ")?;
    c.d(n)?;
    c.s(")")
}

/// The option dumps tcpdump adds: without `-vv` for an option it does not decode, at `-vv`
/// for every option.
fn option_tail<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32, decoded: bool) -> R {
    if (!decoded && c.vflag < 2) || c.vflag > 1 {
        c.unknown_data_at(o + 2, len as usize - 2, "\n\t    ")?;
    }
    Ok(())
}

/// `print_lcp_config_options`: one option at `o`; the bytes it takes, 0 to stop.
fn lcp_option<W: Write>(c: &mut Cursor<'_, W>, o: usize, length: u32) -> R<u32> {
    if length < 2 {
        return Ok(0);
    }
    if !c.test(o, 2) {
        c.s("[|lcp]")?;
        return Ok(0);
    }
    let (opt, len) = (c.u8(o)?, u32::from(c.u8(o + 1)?));
    if length < len {
        return Ok(0);
    }
    let name = LCP_OPTS.get(usize::from(opt));
    if len < 2 {
        match name {
            Some(n) => {
                c.s("\n\t  ")?;
                c.s(n)?;
                c.s(" Option (0x")?;
                c.x02(opt)?;
                c.s("), length ")?;
                c.d(len)?;
                c.s(" (length bogus, should be >= 2)")?;
            }
            None => {
                c.s("\n\tunknown LCP option 0x")?;
                c.x02(opt)?;
            }
        }
        return Ok(0);
    }
    let Some(n) = name else {
        c.s("\n\tunknown LCP option 0x")?;
        c.x02(opt)?;
        return Ok(len);
    };
    c.s("\n\t  ")?;
    c.s(n)?;
    c.s(" Option (0x")?;
    c.x02(opt)?;
    c.s("), length ")?;
    c.d(len)?;
    let mut decoded = true;
    match opt {
        0 => {
            if len < 6 {
                bogus(c, ">=", 6)?;
                return Ok(len);
            }
            let oui = c.be24(o + 2)?;
            c.s(": Vendor: ")?;
            c.s(oui_name(oui).unwrap_or("Unknown"))?;
            c.s(" (")?;
            c.d(oui)?;
            c.s(")")?;
        }
        1 | 17 => {
            if len != 4 {
                bogus(c, "=", 4)?;
                return Ok(if opt == 1 { len } else { 0 });
            }
            let v = c.be16(o + 2)?;
            c.s(": ")?;
            c.d(v)?;
        }
        2 | 5 => {
            if len != 6 {
                bogus(c, "=", 6)?;
                return Ok(if opt == 2 { len } else { 0 });
            }
            hex8(c, ": ", o + 2)?;
        }
        3 => {
            if len < 4 {
                bogus(c, ">=", 4)?;
                return Ok(len);
            }
            let ap = c.be16(o + 2)?;
            c.s(": ")?;
            match super::pppoe::ppp_name(ap) {
                Some(n) => c.s(n)?,
                None => c.s("Unknown Auth Proto (0x04x)")?,
            }
            match ap {
                0xc223 => {
                    let alg = c.u8(o + 4)?;
                    c.s(", ")?;
                    match alg {
                        5 => c.s("MD5")?,
                        128 => c.s("MS-CHAPv1")?,
                        129 => c.s("MS-CHAPv2")?,
                        _ => {
                            c.s("Unknown Auth Alg ")?;
                            c.d(alg)?;
                        }
                    }
                }
                0xc023 | 0xc227 | 0xc027 | 0xc123 => {}
                _ => c.unknown_data_at(o, len as usize, "\n\t")?,
            }
        }
        4 => {
            if len < 4 {
                bogus(c, ">=", 4)?;
                return Ok(0);
            }
            c.s(if c.be16(o + 2)? == 0xc025 {
                ": LQR"
            } else {
                ": unknown"
            })?;
        }
        7 | 8 => {}
        23 => {
            if len != 4 {
                bogus(c, "=", 4)?;
                return Ok(0);
            }
            let v = c.be16(o + 2)?;
            c.s(": 0x")?;
            fmtx::hex_pad(c.out, v.into(), 4)?;
        }
        13 => {
            if len < 3 {
                bogus(c, ">=", 3)?;
                return Ok(0);
            }
            let op = c.u8(o + 2)?;
            c.s(": : Callback Operation ")?;
            c.s(match op {
                0 => "UserAuth",
                1 => "DialString",
                2 => "LocalID",
                3 => "E.164",
                4 => "X.500",
                6 => "CBCP",
                _ => "Unknown",
            })?;
            c.s(" (")?;
            c.d(op)?;
            c.s(")")?;
        }
        19 => {
            if len < 3 {
                bogus(c, ">=", 3)?;
                return Ok(0);
            }
            let class = c.u8(o + 2)?;
            match class {
                0 => c.s(": Null")?,
                1 => c.s(": Local")?,
                2 => {
                    if len != 7 {
                        bogus(c, "=", 7)?;
                        return Ok(0);
                    }
                    c.bytes(o + 3, 4)?;
                    c.s(": IPv4 ")?;
                    c.ip4_at(o + 3)?;
                }
                3 => {
                    if len != 9 {
                        bogus(c, "=", 9)?;
                        return Ok(0);
                    }
                    c.bytes(o + 3, 6)?;
                    c.s(": MAC ")?;
                    c.mac_at(o + 3)?;
                }
                4 => c.s(": Magic-Num-Block")?,
                5 => c.s(": PSNDN")?,
                _ => {
                    c.s(": Unknown class ")?;
                    c.d(class)?;
                }
            }
        }
        _ => decoded = false,
    }
    option_tail(c, o, len, decoded)?;
    Ok(len)
}

/// The IPCP option names (`ipcpopt_values`).
fn ipcp_name(opt: u8) -> &'static str {
    match opt {
        1 => "IP-Addrs",
        2 => "IP-Comp",
        3 => "IP-Addr",
        4 => "Home-Addr",
        129 => "Pri-DNS",
        130 => "Pri-NBNS",
        131 => "Sec-DNS",
        132 => "Sec-NBNS",
        _ => "unknown",
    }
}

/// `print_ipcp_config_options`: one option at `o`; the bytes it takes, 0 to stop.
fn ipcp_option<W: Write>(c: &mut Cursor<'_, W>, o: usize, length: u32) -> R<u32> {
    if length < 2 {
        return Ok(0);
    }
    if !c.test(o, 2) {
        c.s("[|ipcp]")?;
        return Ok(0);
    }
    let (opt, len) = (c.u8(o)?, u32::from(c.u8(o + 1)?));
    if length < len {
        return Ok(0);
    }
    c.s("\n\t  ")?;
    c.s(ipcp_name(opt))?;
    c.s(" Option (0x")?;
    c.x02(opt)?;
    c.s("), length ")?;
    c.d(len)?;
    if len < 2 {
        c.s(" (length bogus, should be >= 2)")?;
        return Ok(0);
    }
    let mut decoded = true;
    // tcpdump's pointer moves on through IP header compression's suboptions, and its `-vv`
    // dump starts from there.
    let mut dump_at = o;
    match opt {
        1 => {
            if len != 10 {
                bogus(c, "=", 10)?;
                return Ok(len);
            }
            c.bytes(o + 2, 8)?;
            c.s(": src ")?;
            c.ip4_at(o + 2)?;
            c.s(", dst ")?;
            c.ip4_at(o + 6)?;
        }
        2 => {
            if len < 4 {
                bogus(c, ">=", 4)?;
                return Ok(0);
            }
            let cp = c.be16(o + 2)?;
            c.s(": ")?;
            c.s(match cp {
                0x002d => "VJ-Comp",
                0x0061 => "IP Header Compression",
                _ => "Unknown",
            })?;
            c.s(" (0x")?;
            fmtx::hex_pad(c.out, cp.into(), 2)?;
            c.s("):")?;
            if cp == 0x0061 {
                if len < 14 {
                    bogus(c, ">=", 14)?;
                    return Ok(0);
                }
                if !c.test(o + 2, 14) {
                    c.s("[|ipcp]")?;
                    return Ok(0);
                }
                let f = |i: usize| c.be16(o + i);
                let (a, b, d, e, g) = (f(4)?, f(6)?, f(8)?, f(10)?, f(12)?);
                c.s("\n\t    TCP Space ")?;
                c.d(a)?;
                c.s(", non-TCP Space ")?;
                c.d(b)?;
                c.s(", maxPeriod ")?;
                c.d(d)?;
                c.s(", maxTime ")?;
                c.d(e)?;
                c.s(", maxHdr ")?;
                c.d(g)?;
                if len > 14 {
                    let mut total = len - 14;
                    let mut s = o + 14;
                    dump_at = s;
                    c.s("\n\t      Suboptions, length ")?;
                    c.d(total)?;
                    while total >= 2 {
                        if !c.test(s, 2) {
                            c.s("[|ipcp]")?;
                            return Ok(0);
                        }
                        let (so, sl) = (c.u8(s)?, c.u8(s + 1)?);
                        if so == 0 || sl == 0 {
                            break;
                        }
                        c.s("\n\t\t")?;
                        c.s(match so {
                            1 => "RTP-Compression",
                            2 => "Enhanced RTP-Compression",
                            _ => "Unknown",
                        })?;
                        c.s(" Suboption #")?;
                        c.d(so)?;
                        c.s(", length ")?;
                        c.d(sl)?;
                        if total < u32::from(sl) {
                            c.s(" [remaining suboptions length ")?;
                            c.d(total)?;
                            c.s(" < ")?;
                            c.d(sl)?;
                            c.s("]")?;
                            c.invalid()?;
                            break;
                        }
                        total -= u32::from(sl);
                        s += usize::from(sl);
                        dump_at = s;
                    }
                }
            }
        }
        3 | 4 | 129..=132 => {
            if len != 6 {
                bogus(c, "=", 6)?;
                return Ok(0);
            }
            c.bytes(o + 2, 4)?;
            c.s(": ")?;
            c.ip4_at(o + 2)?;
        }
        _ => decoded = false,
    }
    option_tail(c, dump_at, len, decoded)?;
    Ok(len)
}

/// The option names of IP6CP, CCP and BACP, and their marker names.
fn other_names(proto: u16, opt: u8) -> (&'static str, &'static str) {
    match proto {
        IP6CP => (if opt == 1 { "Interface-ID" } else { "unknown" }, "ip6cp"),
        BACP => (if opt == 1 { "Favored-Peer" } else { "Unknown" }, "bacp"),
        _ => (
            match opt {
                0 => "OUI",
                1 => "Pred-1",
                2 => "Pred-2",
                3 => "Puddle",
                16 => "HP-PPC",
                17 => "Stac-LZS",
                18 => "MPPC",
                19 => "Gand-FZA",
                20 => "V.42bis",
                21 => "BSD-Comp",
                23 => "LZS-DCP",
                24 => "MVRCA",
                25 => "DEC",
                26 => "Deflate",
                255 => "Reserved",
                _ => "Unknown",
            },
            "ccp",
        ),
    }
}

/// `print_ip6cp_config_options`, `print_ccp_config_options` and
/// `print_bacp_config_options`: one option at `o`; the bytes it takes, 0 to stop.
fn other_option<W: Write>(c: &mut Cursor<'_, W>, proto: u16, o: usize, length: u32) -> R<u32> {
    if length < 2 {
        return Ok(0);
    }
    if !c.test(o, 2) {
        let (_, marker) = other_names(proto, 0);
        c.s("[|")?;
        c.s(marker)?;
        c.s("]")?;
        return Ok(0);
    }
    let (opt, len) = (c.u8(o)?, u32::from(c.u8(o + 1)?));
    if length < len {
        return Ok(0);
    }
    let (name, marker) = other_names(proto, opt);
    c.s("\n\t  ")?;
    c.s(name)?;
    c.s(" Option (0x")?;
    c.x02(opt)?;
    c.s("), length ")?;
    c.d(len)?;
    if len < 2 {
        c.s(" (length bogus, should be >= 2)")?;
        return Ok(0);
    }
    let decoded = match (proto, opt) {
        (IP6CP, 1) => {
            if len != 10 {
                bogus(c, "=", 10)?;
                return Ok(len);
            }
            if !c.test(o + 2, 8) {
                c.s("[|")?;
                c.s(marker)?;
                c.s("]")?;
                return Ok(0);
            }
            c.s(": ")?;
            for i in 0..4 {
                if i > 0 {
                    c.s(":")?;
                }
                let v = c.be16(o + 2 + 2 * i)?;
                fmtx::hex_pad(c.out, v.into(), 4)?;
            }
            true
        }
        (BACP, 1) => {
            if len != 6 {
                bogus(c, "=", 6)?;
                return Ok(len);
            }
            hex8(c, ": Magic-Num ", o + 2)?;
            true
        }
        (CCP, 21) => {
            if len < 3 {
                bogus(c, ">=", 3)?;
                return Ok(len);
            }
            let b = c.u8(o + 2)?;
            c.s(": Version: ")?;
            c.d(b >> 5)?;
            c.s(", Dictionary Bits: ")?;
            c.d(b & 0x1f)?;
            true
        }
        (CCP, 24) => {
            if len < 4 {
                bogus(c, ">=", 4)?;
                return Ok(len);
            }
            let (b, n) = (c.u8(o + 2)?, c.u8(o + 3)?);
            c.s(": Features: ")?;
            c.d((b & 0xc0) >> 6)?;
            c.s(", PxP: ")?;
            c.s(if b & 0x20 != 0 { "Enabled" } else { "Disabled" })?;
            c.s(", History: ")?;
            c.d(b & 0x1f)?;
            c.s(", #CTX-ID: ")?;
            c.d(n)?;
            true
        }
        (CCP, 26) => {
            if len < 4 {
                bogus(c, ">=", 4)?;
                return Ok(len);
            }
            let (b, d) = (c.u8(o + 2)?, c.u8(o + 3)?);
            c.s(": Window: ")?;
            c.d((b & 0xf0) >> 4)?;
            c.s("K, Method: ")?;
            c.s(if b & 0x0f == 8 { "zlib" } else { "unknown" })?;
            c.s(" (0x")?;
            c.x(b & 0x0f)?;
            c.s("), MBZ: ")?;
            c.d((d & 0xfc) >> 2)?;
            c.s(", CHK: ")?;
            c.d(d & 0x03)?;
            true
        }
        _ => false,
    };
    option_tail(c, o, len, decoded)?;
    Ok(len)
}
