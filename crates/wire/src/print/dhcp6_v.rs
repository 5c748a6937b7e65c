//! DHCPv6 at `-v` (tcpdump 4.99.3's `dhcp6_print` with `ndo_vflag` and `dhcp6opt_print`): the
//! transaction ID or the relay addresses, then every option in parentheses, nested options
//! and relayed messages included.

use core::fmt::Write;

use super::common::fqdn;
use super::cursor::{Cursor, R};
use super::vutil::{hex_w, printjnp};
use crate::tok::{self, Tok};

/// The option names.
const OPTS: &Tok = &[
    (1, "client-ID"),
    (2, "server-ID"),
    (3, "IA_NA"),
    (4, "IA_TA"),
    (5, "IA_ADDR"),
    (6, "option-request"),
    (7, "preference"),
    (8, "elapsed-time"),
    (9, "relay-message"),
    (11, "authentication"),
    (12, "server-unicast"),
    (13, "status-code"),
    (14, "rapid-commit"),
    (15, "user-class"),
    (16, "vendor-class"),
    (17, "vendor-specific-info"),
    (18, "interface-ID"),
    (19, "reconfigure-message"),
    (20, "reconfigure-accept"),
    (21, "SIP-servers-domain"),
    (22, "SIP-servers-address"),
    (23, "DNS-server"),
    (24, "DNS-search-list"),
    (25, "IA_PD"),
    (26, "IA_PD-prefix"),
    (31, "SNTP-servers"),
    (32, "lifetime"),
    (27, "NIS-server"),
    (28, "NIS+-server"),
    (29, "NIS-domain-name"),
    (30, "NIS+-domain-name"),
    (33, "BCMCS-domain-name"),
    (34, "BCMCS-server"),
    (36, "Geoconf-Civic"),
    (37, "Remote-ID"),
    (38, "Subscriber-ID"),
    (39, "Client-FQDN"),
    (40, "PANA-agent"),
    (41, "POSIX-timezone"),
    (42, "POSIX-tz-database"),
    (43, "Echo-request-option"),
    (44, "Lease-query"),
    (45, "LQ-client-data"),
    (46, "Clt-time"),
    (47, "LQ-relay-data"),
    (48, "LQ-client-link"),
    (56, "NTP-server"),
    (64, "AFTR-Name"),
    (112, "MUD-URL"),
];

/// The status codes.
const STATUS: &Tok = &[
    (0, "Success"),
    (1, "UnspecFail"),
    (2, "NoAddrsAvail"),
    (3, "NoBinding"),
    (4, "NotOnLink"),
    (5, "UseMulticast"),
    (6, "NoPrefixAvail"),
    (7, "UnknownQueryType"),
    (8, "MalformedQuery"),
    (9, "NotConfigured"),
    (10, "NotAllowed"),
];

/// An option's name, `opt_N` without one.
fn opt_name<W: Write>(c: &mut Cursor<'_, W>, t: u16) -> R {
    match tok::find(OPTS, t.into()) {
        Some(n) => c.s(n),
        None => {
            c.s("opt_")?;
            c.d(t)
        }
    }
}

/// The `-v` form after `dhcp6` (printed by the caller): the message at `cp`, its options up
/// to `ep`.
#[cold]
#[inline(never)]
pub(crate) fn dhcp6_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    ep: usize,
    name: &str,
) -> R {
    c.s(" ")?;
    c.s(name)?;
    c.s(" (")?;
    let t = c.u8(cp)?;
    if t != 12 && t != 13 {
        let xid = c.be32(cp)? & 0x00ff_ffff;
        c.s("xid=")?;
        c.x(xid)?;
        opts(c, cp + 4, ep)?;
    } else {
        c.bytes(cp + 2, 16)?;
        c.s("linkaddr=")?;
        c.ip6_at(cp + 2)?;
        c.bytes(cp + 18, 16)?;
        c.s(" peeraddr=")?;
        c.ip6_at(cp + 18)?;
        opts(c, cp + 34, ep)?;
    }
    c.s(")")
}

/// ` ?)`: an option of the wrong length.
fn bad<W: Write>(c: &mut Cursor<'_, W>) -> R {
    c.s(" ?)")
}

/// `%02x` of each byte from `from` to `to` (exclusive) at `tp`.
fn hex_run<W: Write>(c: &mut Cursor<'_, W>, tp: usize, from: usize, to: usize) -> R {
    for i in from..to {
        c.x02(c.u8(tp + i)?)?;
    }
    Ok(())
}

/// `dhcp6opt_print`: the options from `cp` to `ep`.
fn opts<W: Write>(c: &mut Cursor<'_, W>, mut cp: usize, ep: usize) -> R {
    while cp < ep {
        if ep < cp + 4 {
            return c.trunc_here();
        }
        c.bytes(cp, 4)?;
        let olen = usize::from(c.be16(cp + 2)?);
        if ep < cp + 4 + olen {
            return c.trunc_here();
        }
        let t = c.be16(cp)?;
        c.s(" (")?;
        opt_name(c, t)?;
        c.bytes(cp + 4, olen)?;
        let tp = cp + 4;
        match t {
            1 | 2 => {
                if olen < 2 {
                    bad(c)?;
                } else {
                    match c.be16(tp)? {
                        1 if olen >= 8 => {
                            let ht = c.be16(tp + 2)?;
                            let time = c.be32(tp + 4)?;
                            c.s(" hwaddr/time type ")?;
                            c.d(ht)?;
                            c.s(" time ")?;
                            c.d(time)?;
                            c.s(" ")?;
                            hex_run(c, tp, 8, olen)?;
                            c.s(")")?;
                        }
                        2 if olen >= 10 => {
                            c.s(" vid ")?;
                            hex_run(c, tp, 2, 10)?;
                            c.s(")")?;
                        }
                        3 if olen >= 4 => {
                            let ht = c.be16(tp + 2)?;
                            c.s(" hwaddr type ")?;
                            c.d(ht)?;
                            c.s(" ")?;
                            hex_run(c, tp, 4, olen)?;
                            c.s(")")?;
                        }
                        1..=3 => bad(c)?,
                        d => {
                            c.s(" type ")?;
                            c.d(d)?;
                            c.s(")")?;
                        }
                    }
                }
            }
            5 => {
                if olen < 24 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.ip6_at(tp)?;
                    let (p, v) = (c.be32(tp + 16)?, c.be32(tp + 20)?);
                    c.s(" pltime:")?;
                    c.d(p)?;
                    c.s(" vltime:")?;
                    c.d(v)?;
                    if olen > 24 {
                        opts(c, tp + 24, tp + olen)?;
                    }
                    c.s(")")?;
                }
            }
            6 | 43 => {
                if olen % 2 != 0 {
                    bad(c)?;
                } else {
                    for i in (0..olen).step_by(2) {
                        let o = c.be16(tp + i)?;
                        c.s(" ")?;
                        opt_name(c, o)?;
                    }
                    c.s(")")?;
                }
            }
            7 => {
                if olen != 1 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.d(c.u8(tp)?)?;
                    c.s(")")?;
                }
            }
            8 => {
                if olen != 2 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.d(c.be16(tp)?)?;
                    c.s(")")?;
                }
            }
            9 => {
                c.s(" (")?;
                let save = c.snapend;
                c.snapend = (tp + olen).min(save);
                let r = dhcp6_inner(c, tp, olen);
                c.snapend = save;
                r?;
                c.s(")")?;
            }
            11 => auth(c, tp, olen)?,
            14 | 20 => c.s(")")?,
            18 | 38 => {
                c.s(" ")?;
                hex_run(c, tp, 0, olen.min(10))?;
                c.s("...)")?;
            }
            19 => {
                if olen != 1 {
                    bad(c)?;
                } else {
                    match c.u8(tp)? {
                        5 => c.s(" for renew)")?,
                        11 => c.s(" for inf-req)")?,
                        x => {
                            c.s(" for ???(")?;
                            c.x02(x)?;
                            c.s("))")?;
                        }
                    }
                }
            }
            22 | 23 | 31 | 27 | 28 | 34 | 40 | 48 => {
                if olen % 16 != 0 {
                    bad(c)?;
                } else {
                    for i in (0..olen).step_by(16) {
                        c.s(" ")?;
                        c.ip6_at(tp + i)?;
                    }
                    c.s(")")?;
                }
            }
            21 | 24 => {
                let end = tp + olen;
                let mut p = tp;
                while p < end {
                    c.s(" ")?;
                    match fqdn(c, p, end)? {
                        Some(n) => p = n,
                        None => return c.trunc_here(),
                    }
                }
                c.s(")")?;
            }
            13 => {
                if olen < 2 {
                    bad(c)?;
                } else {
                    let code = c.be16(tp)?;
                    c.s(" ")?;
                    if code > 255 {
                        c.s("INVALID code")?;
                    } else {
                        match tok::find(STATUS, code.into()) {
                            Some(n) => c.s(n)?,
                            None => {
                                c.s("code")?;
                                c.d(code)?;
                            }
                        }
                    }
                    c.s(")")?;
                }
            }
            3 | 25 => {
                if olen < 12 {
                    bad(c)?;
                } else {
                    let (a, b, d) = (c.be32(tp)?, c.be32(tp + 4)?, c.be32(tp + 8)?);
                    c.s(" IAID:")?;
                    c.d(a)?;
                    c.s(" T1:")?;
                    c.d(b)?;
                    c.s(" T2:")?;
                    c.d(d)?;
                    if olen > 12 {
                        opts(c, tp + 12, tp + olen)?;
                    }
                    c.s(")")?;
                }
            }
            4 => {
                if olen < 4 {
                    bad(c)?;
                } else {
                    let a = c.be32(tp)?;
                    c.s(" IAID:")?;
                    c.d(a)?;
                    if olen > 4 {
                        opts(c, tp + 4, tp + olen)?;
                    }
                    c.s(")")?;
                }
            }
            26 => {
                if olen < 25 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.ip6_at(tp + 9)?;
                    c.s("/")?;
                    c.d(c.u8(tp + 8)?)?;
                    let (p, v) = (c.be32(tp)?, c.be32(tp + 4)?);
                    c.s(" pltime:")?;
                    c.d(p)?;
                    c.s(" vltime:")?;
                    c.d(v)?;
                    if olen > 25 {
                        opts(c, tp + 25, tp + olen)?;
                    }
                    c.s(")")?;
                }
            }
            32 | 46 => {
                if olen != 4 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.d(c.be32(tp)?)?;
                    c.s(")")?;
                }
            }
            37 => {
                if olen < 4 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.d(c.be32(tp)?)?;
                    c.s(" ")?;
                    hex_run(c, tp, 4, olen.min(14))?;
                    c.s("...)")?;
                }
            }
            44 => {
                if olen < 17 {
                    bad(c)?;
                } else {
                    match c.u8(tp)? {
                        1 => c.s(" by-address")?,
                        2 => c.s(" by-clientID")?,
                        x => {
                            c.s(" type_")?;
                            c.d(x)?;
                        }
                    }
                    c.s(" ")?;
                    c.ip6_at(tp + 1)?;
                    if olen > 17 {
                        opts(c, tp + 17, tp + olen)?;
                    }
                    c.s(")")?;
                }
            }
            45 => {
                if olen > 0 {
                    opts(c, tp, tp + olen)?;
                }
                c.s(")")?;
            }
            47 => {
                if olen < 16 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    c.ip6_at(tp)?;
                    c.s(" ")?;
                    hex_run(c, tp, 16, olen.min(26))?;
                    c.s("...)")?;
                }
            }
            56 => {
                if olen < 4 {
                    bad(c)?;
                } else if !ntp_server(c, tp, cp + 4 + olen)? {
                    return c.trunc_here();
                }
            }
            64 => {
                if olen < 3 {
                    bad(c)?;
                } else {
                    aftr_name(c, tp, olen)?;
                }
            }
            41 | 42 | 112 => {
                if olen < 5 {
                    bad(c)?;
                } else {
                    c.s(" ")?;
                    printjnp(c, tp, olen)?;
                    c.s(")")?;
                }
            }
            _ => c.s(")")?,
        }
        cp += 4 + olen;
    }
    Ok(())
}

/// `dhcp6_print` of a relayed message, `length` bytes at `cp` (the captured data clipped to it).
fn dhcp6_inner<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: usize) -> R {
    c.s("dhcp6")?;
    let ep = (cp + length).min(c.snapend);
    if !c.test(cp, 4) {
        return c.trunc_here();
    }
    let t = c.u8(cp)?;
    let name = super::apps::dhcp6_name(t);
    match name {
        Some(n) => dhcp6_verbose(c, cp, ep, n),
        None => {
            let mut s = String::from("msgtype-");
            crate::fmtx::dec(&mut s, t.into())?;
            dhcp6_verbose(c, cp, ep, &s)
        }
    }
}

/// The authentication option, `olen` bytes at `tp`.
fn auth<W: Write>(c: &mut Cursor<'_, W>, tp: usize, olen: usize) -> R {
    if olen < 11 {
        return bad(c);
    }
    let proto = c.u8(tp)?;
    match proto {
        2 => c.s(" proto: delayed")?,
        3 => c.s(" proto: reconfigure")?,
        x => {
            c.s(" proto: ")?;
            c.d(x)?;
        }
    }
    match c.u8(tp + 1)? {
        1 => c.s(", alg: HMAC-MD5")?,
        x => {
            c.s(", alg: ")?;
            c.d(x)?;
        }
    }
    match c.u8(tp + 2)? {
        0 => c.s(", RDM: mono")?,
        x => {
            c.s(", RDM: ")?;
            c.d(x)?;
        }
    }
    c.s(", RD:")?;
    for i in 0..4 {
        let w = c.be16(tp + 3 + 2 * i)?;
        c.s(" ")?;
        hex_w(c, w.into(), 4)?;
    }
    let mut p = tp + 11;
    let info = olen - 11;
    match proto {
        2 => {
            if info == 0 {
            } else if info < 20 {
                c.s(" ??")?;
            } else {
                let realm = info - 20;
                if realm > 0 {
                    c.s(", realm: ")?;
                }
                hex_run(c, p, 0, realm)?;
                p += realm;
                let k = c.be32(p)?;
                c.s(", key ID: ")?;
                hex_w(c, k.into(), 8)?;
                p += 4;
                c.s(", HMAC-MD5:")?;
                for _ in 0..4 {
                    let w = c.be32(p)?;
                    c.s(" ")?;
                    hex_w(c, w.into(), 8)?;
                    p += 4;
                }
            }
        }
        3 => {
            if info != 17 {
                c.s(" ??")?;
            } else {
                match c.u8(p)? {
                    1 => c.s(" reconfig-key")?,
                    2 => c.s(" type: HMAC-MD5")?,
                    _ => c.s(" type: ??")?,
                }
                p += 1;
                c.s(" value:")?;
                for _ in 0..4 {
                    let w = c.be32(p)?;
                    c.s(" ")?;
                    hex_w(c, w.into(), 8)?;
                    p += 4;
                }
            }
        }
        _ => c.s(" ??")?,
    }
    c.s(")")
}

/// The NTP server option's sub-options from `tp` to `end`; `false` on a sub-option past the
/// end or a cut name.
fn ntp_server<W: Write>(c: &mut Cursor<'_, W>, mut tp: usize, end: usize) -> R<bool> {
    while tp < end - 4 {
        let code = c.be16(tp)?;
        let sl = usize::from(c.be16(tp + 2)?);
        tp += 4;
        if tp + sl > end {
            return Ok(false);
        }
        c.s(" subopt:")?;
        c.d(code)?;
        match code {
            1 | 2 => {
                if sl != 16 {
                    c.s(" ?")?;
                } else {
                    c.s(" ")?;
                    c.ip6_at(tp)?;
                }
            }
            3 => {
                c.s(" ")?;
                if fqdn(c, tp, tp + sl)?.is_none() {
                    return Ok(false);
                }
            }
            _ => c.s(" ?")?,
        }
        tp += sl;
    }
    c.s(")")?;
    Ok(true)
}

/// The AFTR name option: DNS labels, dotted.
fn aftr_name<W: Write>(c: &mut Cursor<'_, W>, mut tp: usize, olen: usize) -> R {
    let mut remain = olen;
    c.s(" ")?;
    while remain > 0 && c.u8(tp)? != 0 {
        let l = usize::from(c.u8(tp)?);
        tp += 1;
        if l < remain - 1 {
            printjnp(c, tp, l)?;
            tp += l;
            remain -= l + 1;
            if c.u8(tp)? != 0 {
                c.s(".")?;
            }
        } else {
            c.s(" ?")?;
            break;
        }
    }
    c.s(")")
}
