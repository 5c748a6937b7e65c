//! The IKEv1 payloads, the payload list walk both versions share, and the attribute printers.
//! Every printer returns where the next payload starts, `None` where tcpdump's returns NULL
//! (after printing ` [|NAME]` for a payload cut short).

use core::fmt::Write;

use super::{np_name, open, rawprint, show_somedata, str_or_id, trunc_np, v2, PROTO_IDS};
use crate::print::cursor::{Cursor, R};

/// A payload printer's result.
pub(super) type P = R<Option<usize>>;

/// The printer tcpdump's `npfunc` table names for payload type `np` at `ext`, `None` for a
/// type it has none for.
#[allow(clippy::too_many_arguments)]
pub(super) fn npfunc<W: Write>(
    c: &mut Cursor<'_, W>,
    np: u8,
    ext: usize,
    item_len: u32,
    phase: u32,
    doi: u32,
    proto: u32,
    depth: u32,
) -> Option<P> {
    Some(match np {
        1 => sa(c, ext, phase, proto, depth),
        2 => proposal(c, ext, phase, doi, depth),
        3 => transform(c, ext, item_len, proto),
        4 => ke(c, ext, item_len),
        5 => id(c, ext, item_len, phase),
        6 | 7 => cert(c, np, ext, item_len),
        8 | 9 | 13 => plain(c, np, ext, item_len),
        10 => nonce(c, ext, item_len),
        11 => notify(c, ext, item_len),
        12 => delete(c, ext),
        33 => v2::sa(c, np, ext, depth),
        34 => v2::ke(c, np, ext, item_len),
        35 | 36 => v2::id(c, np, ext, item_len),
        37 | 38 | 42 | 44 | 45 | 47 | 48 => v2::gen(c, np, ext, item_len),
        39 => v2::auth(c, np, ext, item_len),
        40 => v2::nonce(c, np, ext, item_len),
        41 => v2::notify(c, ext, item_len),
        43 => v2::vid(c, np, ext, item_len),
        _ => return None,
    })
}

/// `ike_sub0_print`: one payload of type `np` at `ext`.
fn sub0<W: Write>(
    c: &mut Cursor<'_, W>,
    np: u8,
    ext: usize,
    phase: u32,
    doi: u32,
    proto: u32,
    depth: u32,
) -> P {
    if !c.test(ext, 4) {
        c.trunc_here()?;
        return Ok(None);
    }
    let item_len = u32::from(c.be16(ext + 2)?);
    if item_len <= 4 {
        return Ok(None);
    }
    match npfunc(c, np, ext, item_len, phase, doi, proto, depth) {
        Some(r) => r,
        None => {
            np_name(c, np)?;
            Ok(Some(ext + item_len as usize))
        }
    }
}

/// `ikev1_sub_print`: the payloads from `ext` on, the first of type `np`, each on its own
/// line one level deeper than `depth`.
pub(super) fn sub_print<W: Write>(
    c: &mut Cursor<'_, W>,
    mut np: u8,
    mut ext: usize,
    phase: u32,
    doi: u32,
    proto: u32,
    depth: u32,
) -> P {
    let mut cp = ext;
    while np != 0 {
        if !c.test(ext, 4) {
            return trunc_np(c, np);
        }
        let item_len = usize::from(c.be16(ext + 2)?);
        if !c.test(ext, item_len) {
            return trunc_np(c, np);
        }
        open(c, depth + 1)?;
        let r = sub0(c, np, ext, phase, doi, proto, depth + 1)?;
        c.s(")")?;
        let Some(next) = r else {
            return Ok(None);
        };
        cp = next;
        np = c.u8(ext)?;
        ext = cp;
    }
    Ok(Some(cp))
}

/// One attribute value table: the type's name and its values' names.
pub(super) type AttrMap = &'static [(&'static str, &'static [&'static str])];

/// The Diffie-Hellman group names (IKEv1's group description, IKEv2's transform type 4).
pub(super) const GROUPS: &[&str] = &[
    "",
    "modp768",
    "modp1024",
    "EC2N 2^155",
    "EC2N 2^185",
    "modp1536",
    "iana-grp06",
    "iana-grp07",
    "iana-grp08",
    "iana-grp09",
    "iana-grp10",
    "iana-grp11",
    "iana-grp12",
    "iana-grp13",
    "modp2048",
    "modp3072",
    "modp4096",
    "modp6144",
    "modp8192",
];

/// The IPsec DOI's SA attributes.
const IPSEC_T_MAP: AttrMap = &[
    ("", &[]),
    ("lifetype", &["", "sec", "kb"]),
    ("life", &[]),
    ("group desc", GROUPS),
    ("enc mode", &["", "tunnel", "transport"]),
    ("auth", &["", "hmac-md5", "hmac-sha1", "1des-mac", "keyed"]),
    ("keylen", &[]),
    ("rounds", &[]),
    ("dictsize", &[]),
    ("privalg", &[]),
];

/// Oakley's (IKE's own) SA attributes.
pub(super) const OAKLEY_T_MAP: AttrMap = &[
    ("", &[]),
    (
        "enc",
        &["", "1des", "idea", "blowfish", "rc5", "3des", "cast", "aes"],
    ),
    (
        "hash",
        &[
            "", "md5", "sha1", "tiger", "sha2-256", "sha2-384", "sha2-512",
        ],
    ),
    (
        "auth",
        &[
            "",
            "preshared",
            "dss",
            "rsa sig",
            "rsa enc",
            "rsa enc revised",
        ],
    ),
    ("group desc", GROUPS),
    ("group type", &["", "MODP", "ECP", "EC2N"]),
    ("group prime", &[]),
    ("group gen1", &[]),
    ("group gen2", &[]),
    ("group curve A", &[]),
    ("group curve B", &[]),
    ("lifetype", &["", "sec", "kb"]),
    ("lifeduration", &[]),
    ("prf", &[]),
    ("keylen", &[]),
    ("field", &[]),
    ("order", &[]),
];

/// `ikev1_attrmap_print` (with `map`) and `ikev1_attr_print` (without): the attribute at `p`,
/// the attributes ending at `ep2`. `Ok(None)` stops the list (a cut value).
pub(super) fn attr<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    ep2: usize,
    map: Option<AttrMap>,
) -> P {
    let tv = c.u8(p)? & 0x80 != 0;
    let totlen = if tv {
        4
    } else {
        4 + usize::from(c.be16(p + 2)?)
    };
    if ep2 < p + totlen {
        c.s("[|attr]")?;
        return Ok(Some(ep2 + 1));
    }
    c.s("(")?;
    let t = c.be16(p)? & 0x7fff;
    let entry = map.and_then(|m| m.get(usize::from(t)).filter(|e| !e.0.is_empty()));
    match entry {
        Some((name, _)) => {
            c.s("type=")?;
            c.s(name)?;
            c.s(" ")?;
        }
        None => {
            c.s("type=#")?;
            c.d(t)?;
            c.s(" ")?;
        }
    }
    if tv {
        c.s("value=")?;
        let v = c.be16(p + 2)?;
        let named = map
            .and_then(|m| m.get(usize::from(t)))
            .and_then(|e| e.1.get(usize::from(v)))
            .filter(|s| !s.is_empty());
        match named {
            Some(s) => c.s(s)?,
            None => {
                if !rawprint(c, p + 2, 2)? {
                    c.s(")")?;
                    return Ok(None);
                }
            }
        }
    } else {
        c.s("len=")?;
        c.d((totlen - 4) as u32)?;
        c.s(" value=")?;
        if !rawprint(c, p + 4, totlen - 4)? {
            c.s(")")?;
            return Ok(None);
        }
    }
    c.s(")")?;
    Ok(Some(p + totlen))
}

/// The attributes from `cp` to `ep2` (or the captured end), `...` when cut; `None` after a
/// truncation printed.
pub(super) fn attrs<W: Write>(
    c: &mut Cursor<'_, W>,
    mut cp: usize,
    ep2: usize,
    map: Option<AttrMap>,
    np: u8,
) -> P {
    let ep = c.snapend;
    while cp < ep && cp < ep2 {
        match attr(c, cp, ep2, map)? {
            Some(n) => cp = n,
            None => return trunc_np(c, np),
        }
    }
    if ep < ep2 {
        c.s("...")?;
    }
    Ok(Some(cp))
}

/// The SA payload.
fn sa<W: Write>(c: &mut Cursor<'_, W>, ext: usize, phase: u32, proto: u32, depth: u32) -> P {
    c.s("sa:")?;
    if !c.test(ext, 12) {
        return trunc_np(c, 1);
    }
    let doi = c.be32(ext + 4)?;
    let sit = c.be32(ext + 8)?;
    if doi != 1 {
        c.s(" doi=")?;
        c.d(doi)?;
        c.s(" situation=")?;
        c.d(sit)?;
        return Ok(Some(ext + 12));
    }
    c.s(" doi=ipsec situation=")?;
    let mut t = false;
    for (bit, s) in [(1, "identity"), (2, "secrecy"), (4, "integrity")] {
        if sit & bit != 0 {
            if t {
                c.s("+")?;
            }
            c.s(s)?;
            t = true;
        }
    }
    let mut np = ext + 12;
    if sit != 1 {
        // tcpdump reads the identifier right after the generic header.
        let ident = c.be32(ext + 4)?;
        c.s(" ident=")?;
        c.d(ident)?;
        np += 4;
    }
    if !c.test(np, 4) {
        return trunc_np(c, 1);
    }
    sub_print(c, 2, np, phase, doi, proto, depth)
}

/// The proposal payload.
fn proposal<W: Write>(c: &mut Cursor<'_, W>, ext: usize, phase: u32, doi: u32, depth: u32) -> P {
    c.s("p:")?;
    if !c.test(ext, 8) {
        return trunc_np(c, 2);
    }
    c.s(" #")?;
    c.d(c.u8(ext + 4)?)?;
    c.s(" protoid=")?;
    let proto = c.u8(ext + 5)?;
    str_or_id(c, proto.into(), PROTO_IDS)?;
    c.s(" transform=")?;
    c.d(c.u8(ext + 7)?)?;
    let spi_size = usize::from(c.u8(ext + 6)?);
    if spi_size != 0 {
        c.s(" spi=")?;
        if !rawprint(c, ext + 8, spi_size)? {
            return trunc_np(c, 2);
        }
    }
    let next = ext + 8 + spi_size;
    if !c.test(next, 4) {
        return trunc_np(c, 2);
    }
    sub_print(c, 3, next, phase, doi, proto.into(), depth)
}

/// The transform payload.
fn transform<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32, proto: u32) -> P {
    c.s("t:")?;
    if !c.test(ext, 8) {
        return trunc_np(c, 3);
    }
    let t_id = c.u8(ext + 5)?;
    let (ids, map): (&[&str], Option<AttrMap>) = match proto {
        1 => (&["", "ike"], Some(OAKLEY_T_MAP)),
        2 => (
            &[
                "",
                "(reserved)",
                "md5",
                "sha",
                "1des",
                "sha2-256",
                "sha2-384",
                "sha2-512",
            ],
            Some(IPSEC_T_MAP),
        ),
        3 => (v2::ESP_IDS, Some(IPSEC_T_MAP)),
        4 => (&["", "oui", "deflate", "lzs"], Some(IPSEC_T_MAP)),
        _ => (&[], None),
    };
    c.s(" #")?;
    c.d(c.u8(ext + 4)?)?;
    c.s(" id=")?;
    if map.is_some() {
        str_or_id(c, t_id.into(), ids)?;
    } else {
        c.d(t_id)?;
    }
    c.s(" ")?;
    attrs(c, ext + 8, ext + item_len as usize, map, 3)
}

/// The key exchange payload.
fn ke<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32) -> P {
    c.s("ke:")?;
    c.s(" key len=")?;
    c.d(item_len - 4)?;
    dump_if(c, 4, ext, item_len)
}

/// Under `-vvv`, ` ` and the payload after its generic header in hex; the next payload.
fn dump_if<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    if c.vflag > 2 && item_len > 4 {
        c.s(" ")?;
        if !rawprint(c, ext + 4, item_len as usize - 4)? {
            return trunc_np(c, np);
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The hash, signature and vendor ID payloads: their length (and bytes under `-vvv`).
fn plain<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    np_name(c, np)?;
    c.s(": len=")?;
    c.d(item_len - 4)?;
    dump_if(c, np, ext, item_len)
}

/// The certificate and certificate request payloads.
fn cert<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    const CERTS: &[&str] = &[
        "none", "pkcs7", "pgp", "dns", "x509sign", "x509ke", "kerberos", "crl", "arl", "spki",
        "x509attr",
    ];
    np_name(c, np)?;
    c.s(":")?;
    if !c.test(ext, 6) {
        return trunc_np(c, np);
    }
    c.s(" len=")?;
    c.d(item_len - 4)?;
    c.s(" type=")?;
    str_or_id(c, c.u8(ext + 4)?.into(), CERTS)?;
    dump_if(c, np, ext, item_len)
}

/// The nonce payload.
fn nonce<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32) -> P {
    c.s("nonce: n len=")?;
    c.d(item_len - 4)?;
    if item_len > 4 {
        if c.vflag > 2 {
            c.s(" ")?;
            if !rawprint(c, ext + 4, item_len as usize - 4)? {
                return trunc_np(c, 10);
            }
        } else if c.vflag > 1 {
            c.s(" ")?;
            let ep = c.snapend;
            if !show_somedata(c, ext + 4, ep)? {
                return trunc_np(c, 10);
            }
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// `%s` of a notification type.
fn notify_type<W: Write>(c: &mut Cursor<'_, W>, t: u16, ipsec: bool) -> R {
    const ERRORS: &[&str] = &[
        "",
        "INVALID-PAYLOAD-TYPE",
        "DOI-NOT-SUPPORTED",
        "SITUATION-NOT-SUPPORTED",
        "INVALID-COOKIE",
        "INVALID-MAJOR-VERSION",
        "INVALID-MINOR-VERSION",
        "INVALID-EXCHANGE-TYPE",
        "INVALID-FLAGS",
        "INVALID-MESSAGE-ID",
        "INVALID-PROTOCOL-ID",
        "INVALID-SPI",
        "INVALID-TRANSFORM-ID",
        "ATTRIBUTES-NOT-SUPPORTED",
        "NO-PROPOSAL-CHOSEN",
        "BAD-PROPOSAL-SYNTAX",
        "PAYLOAD-MALFORMED",
        "INVALID-KEY-INFORMATION",
        "INVALID-ID-INFORMATION",
        "INVALID-CERT-ENCODING",
        "INVALID-CERTIFICATE",
        "CERT-TYPE-UNSUPPORTED",
        "INVALID-CERT-AUTHORITY",
        "INVALID-HASH-INFORMATION",
        "AUTHENTICATION-FAILED",
        "INVALID-SIGNATURE",
        "ADDRESS-NOTIFICATION",
        "NOTIFY-SA-LIFETIME",
        "CERTIFICATE-UNAVAILABLE",
        "UNSUPPORTED-EXCHANGE-TYPE",
        "UNEQUAL-PAYLOAD-LENGTHS",
    ];
    let t32 = u32::from(t);
    c.s(" type=")?;
    match t {
        0..=8191 => str_or_id(c, t32, ERRORS),
        8192..=16383 if ipsec => str_or_id(c, t32 - 8192, &["RESERVED"]),
        16384..=24575 => str_or_id(c, t32 - 16384, &["CONNECTED"]),
        24576..=32767 if ipsec => str_or_id(
            c,
            t32 - 24576,
            &["RESPONDER-LIFETIME", "REPLAY-STATUS", "INITIAL-CONTACT"],
        ),
        _ => {
            c.s("#")?;
            c.d(t)
        }
    }
}

/// The notification payload.
fn notify<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32) -> P {
    c.s("n:")?;
    if !c.test(ext, 12) {
        return trunc_np(c, 11);
    }
    let doi = c.be32(ext + 4)?;
    let proto = c.u8(ext + 8)?;
    let t = c.be16(ext + 10)?;
    if doi != 1 {
        c.s(" doi=")?;
        c.d(doi)?;
        c.s(" proto=")?;
        c.d(proto)?;
    } else {
        c.s(" doi=ipsec proto=")?;
        str_or_id(c, proto.into(), PROTO_IDS)?;
    }
    notify_type(c, t, doi == 1)?;
    let spi_size = usize::from(c.u8(ext + 9)?);
    if spi_size != 0 {
        c.s(" spi=")?;
        if !rawprint(c, ext + 12, spi_size)? {
            return trunc_np(c, 11);
        }
    }
    let cp = ext + 12 + spi_size;
    if doi != 1 {
        return Ok(Some(cp));
    }
    let ep = c.snapend;
    let ep2 = ext + item_len as usize;
    if cp < ep {
        match t {
            24576 => {
                c.s(" attrs=(")?;
                let mut cp = cp;
                while cp < ep && cp < ep2 {
                    match attr(c, cp, ep2, Some(OAKLEY_T_MAP))? {
                        Some(n) => cp = n,
                        None => {
                            c.s(")")?;
                            return trunc_np(c, 11);
                        }
                    }
                }
                c.s(")")?;
            }
            24577 => {
                c.s(" status=(")?;
                let on = c.be32(cp)? != 0;
                c.s("replay detection ")?;
                c.s(if on { "en" } else { "dis" })?;
                c.s("abled)")?;
            }
            _ => {
                if c.vflag > 3 {
                    c.s(" data=(")?;
                    if !rawprint(c, cp, ep - cp)? {
                        return trunc_np(c, 11);
                    }
                    c.s(")")?;
                } else if !show_somedata(c, cp, ep)? {
                    return trunc_np(c, 11);
                }
            }
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The delete payload.
fn delete<W: Write>(c: &mut Cursor<'_, W>, ext: usize) -> P {
    c.s("d:")?;
    if !c.test(ext, 12) {
        return trunc_np(c, 12);
    }
    let doi = c.be32(ext + 4)?;
    let proto = c.u8(ext + 8)?;
    if doi != 1 {
        c.s(" doi=")?;
        c.d(doi)?;
        c.s(" proto=")?;
        c.d(proto)?;
    } else {
        c.s(" doi=ipsec proto=")?;
        str_or_id(c, proto.into(), PROTO_IDS)?;
    }
    let spi_size = usize::from(c.u8(ext + 9)?);
    c.s(" spilen=")?;
    c.d(spi_size as u32)?;
    let n = c.be16(ext + 10)?;
    c.s(" nspi=")?;
    c.d(n)?;
    c.s(" spi=")?;
    let mut q = ext + 12;
    for i in 0..n {
        if i != 0 {
            c.s(",")?;
        }
        if !rawprint(c, q, spi_size)? {
            return trunc_np(c, 12);
        }
        q += spi_size;
    }
    Ok(Some(q))
}

/// The identification payload (the IPsec DOI's form in phases 1 and 2).
fn id<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32, phase: u32) -> P {
    c.s("id:")?;
    if !c.test(ext, 8) {
        return trunc_np(c, 5);
    }
    let (data, mut len) = if item_len > 8 {
        (Some(ext + 8), item_len as usize - 8)
    } else {
        (None, 0)
    };
    let t = c.u8(ext + 4)?;
    if phase != 1 && phase != 2 {
        c.s(" idtype=")?;
        str_or_id(c, t.into(), &["IPv4", "IPv4net", "IPv6", "IPv6net"])?;
        c.s(" doi_data=")?;
        c.d(c.be32(ext + 4)? & 0xff_ffff)?;
    } else {
        const TYPES: &[&str] = &[
            "",
            "IPv4",
            "FQDN",
            "user FQDN",
            "IPv4net",
            "IPv6",
            "IPv6net",
            "IPv4range",
            "IPv6range",
            "ASN1 DN",
            "ASN1 GN",
            "keyid",
        ];
        c.s(" idtype=")?;
        str_or_id(c, t.into(), TYPES)?;
        // Protocol names need the services database: numbers, as with -n.
        c.s(" protoid=")?;
        c.d(c.u8(ext + 5)?)?;
        c.s(" port=")?;
        c.d(c.be16(ext + 6)?)?;
        if len != 0 {
            let Some(d) = data else {
                return trunc_np(c, 5);
            };
            if !c.test(d, len) {
                return trunc_np(c, 5);
            }
            let lenp = |c: &mut Cursor<'_, W>, len: usize| -> R {
                c.s(" len=")?;
                c.d(len as u32)
            };
            let bad = |c: &mut Cursor<'_, W>, len: usize, min: u32| -> R {
                c.s(" len=")?;
                c.d(len as u32)?;
                c.s(" [bad: < ")?;
                c.d(min)?;
                c.s("]")
            };
            match t {
                1 | 5 => {
                    let n = if t == 1 { 4 } else { 16 };
                    if len < n {
                        bad(c, len, n as u32)?;
                    } else {
                        lenp(c, len)?;
                        c.s(" ")?;
                        if t == 1 {
                            c.ip4_at(d)?;
                        } else {
                            c.ip6_at(d)?;
                        }
                    }
                    len = 0;
                }
                2 | 3 => {
                    lenp(c, len)?;
                    c.s(" ")?;
                    for i in 0..len {
                        crate::fmtx::safe_char(c.out, c.p[d + i])?;
                    }
                    len = 0;
                }
                4 => {
                    if len < 8 {
                        bad(c, len, 8)?;
                    } else {
                        lenp(c, len)?;
                        c.s(" ")?;
                        c.ip4_at(d)?;
                        c.s("/")?;
                        for i in 0..4 {
                            if i != 0 {
                                c.s(".")?;
                            }
                            c.d(c.u8(d + 4 + i)?)?;
                        }
                    }
                    len = 0;
                }
                6 => {
                    if len < 32 {
                        bad(c, len, 32)?;
                    } else {
                        lenp(c, len)?;
                        c.s(" ")?;
                        c.ip6_at(d)?;
                        c.s("/0x")?;
                        for i in 0..16 {
                            c.x02(c.u8(d + 16 + i)?)?;
                        }
                    }
                    len = 0;
                }
                7 | 8 => {
                    let n = if t == 7 { 8 } else { 32 };
                    if len < n {
                        bad(c, len, n as u32)?;
                    } else {
                        lenp(c, len)?;
                        c.s(" ")?;
                        if t == 7 {
                            c.ip4_at(d)?;
                            c.s("-")?;
                            c.ip4_at(d + 4)?;
                        } else {
                            c.ip6_at(d)?;
                            c.s("-")?;
                            c.ip6_at(d + 16)?;
                        }
                    }
                    len = 0;
                }
                _ => {}
            }
        }
    }
    if let Some(d) = data {
        if len != 0 {
            c.s(" len=")?;
            c.d(len as u32)?;
            if c.vflag > 2 {
                c.s(" ")?;
                if !rawprint(c, d, len)? {
                    return trunc_np(c, 5);
                }
            }
        }
    }
    Ok(Some(ext + item_len as usize))
}
