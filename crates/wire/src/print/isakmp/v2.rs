//! The IKEv2 payloads (RFC 4306): SA with its proposals and transforms, KE, ID, AUTH, nonce,
//! notify, vendor ID, and the ones printed as a length (certificates, traffic selectors,
//! configuration, EAP, delete, encrypted).

use core::fmt::Write;

use super::v1::{attrs, npfunc, AttrMap, GROUPS, P};
use super::{ascii_or_dot, np_name, open, rawprint, show_somedata, str_or_id, trunc_np, PROTO_IDS};
use crate::print::cursor::{Cursor, R};

/// ESP's transform IDs (IKEv1's ESP transforms, IKEv2's encryption algorithms).
pub(super) const ESP_IDS: &[&str] = &[
    "",
    "1des-iv64",
    "1des",
    "3des",
    "rc5",
    "idea",
    "cast",
    "blowfish",
    "3idea",
    "1des-iv32",
    "rc4",
    "null",
    "aes",
];

/// The encryption transform's attributes: only the key length (14) is named.
const ENCR_T_MAP: AttrMap = &[
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("", &[]),
    ("keylen", &[]),
];

/// `NAME:` or `NAME[C]:` for a critical payload.
fn pay<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize) -> R {
    np_name(c, np)?;
    if c.u8(ext + 1)? & 0x80 != 0 {
        c.s("[C]")?;
    }
    c.s(":")
}

/// `ikev2_sub0_print`.
fn sub0<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, phase: u32, depth: u32) -> P {
    if !c.test(ext, 4) {
        c.trunc_here()?;
        return Ok(None);
    }
    let item_len = u32::from(c.be16(ext + 2)?);
    if item_len <= 4 {
        return Ok(None);
    }
    if np == 46 {
        return encrypted(c, ext, item_len);
    }
    // The phase, DOI and protocol only matter to IKEv1's payloads (an IKEv1 type in an IKEv2
    // message is printed with IKEv1's printer); the DOI and protocol are 0 there.
    match npfunc(c, np, ext, item_len, phase, 0, 0, depth) {
        Some(r) => r,
        None => {
            np_name(c, np)?;
            Ok(Some(ext + item_len as usize))
        }
    }
}

/// `ikev2_sub_print`: the payloads from `ext` on.
pub(super) fn sub_print<W: Write>(
    c: &mut Cursor<'_, W>,
    mut np: u8,
    mut ext: usize,
    phase: u32,
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
        let r = sub0(c, np, ext, phase, depth + 1)?;
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

/// `ikev2_gen_print`: the length, and the bytes under `-vvv`.
pub(super) fn gen<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    pay(c, np, ext)?;
    c.s(" len=")?;
    c.d(item_len - 4)?;
    if c.vflag > 2 && item_len > 4 {
        c.s(" ")?;
        if !rawprint(c, ext + 4, item_len as usize - 4)? {
            return trunc_np(c, np);
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The encrypted payload: its length (the rest of the message is inside it).
fn encrypted<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32) -> P {
    pay(c, 46, ext)?;
    let dlen = item_len - 4;
    c.s(" len=")?;
    c.d(dlen)?;
    if c.vflag > 2 && dlen > 4 {
        c.s(" ")?;
        if !rawprint(c, ext + 4, dlen as usize)? {
            return trunc_np(c, 46);
        }
    }
    if !c.test(ext + 4, dlen as usize) {
        return trunc_np(c, 46);
    }
    Ok(None)
}

/// The SA payload and its proposals.
pub(super) fn sa<W: Write>(c: &mut Cursor<'_, W>, np0: u8, ext1: usize, mut depth: u32) -> P {
    c.s("sa")?;
    if c.u8(ext1 + 1)? & 0x80 != 0 {
        c.s("[C]")?;
    }
    c.s(":")?;
    let mut sa_len = u32::from(c.be16(ext1 + 2)?) - 4;
    c.s(" len=")?;
    c.d(sa_len)?;
    let mut cp = ext1 + 4;
    let mut np = 2u8;
    let mut ext;
    while np != 0 {
        ext = cp;
        if sa_len < 4 {
            c.s(" [|")?;
            np_name(c, np0)?;
            c.s("]")?;
            return Ok(Some(cp + sa_len as usize));
        }
        if !c.test(ext, 4) {
            return trunc_np(c, np0);
        }
        let item_len = u32::from(c.be16(ext + 2)?);
        if item_len <= 4 {
            return trunc_np(c, np0);
        }
        if sa_len < item_len {
            c.s(" [|")?;
            np_name(c, np0)?;
            c.s("]")?;
            return Ok(Some(cp + sa_len as usize));
        }
        if !c.test(cp, item_len as usize) {
            return trunc_np(c, np0);
        }
        depth += 1;
        open(c, depth)?;
        if np == 2 {
            match proposal(c, ext, item_len, depth)? {
                Some(n) => cp = n,
                None => return Ok(None),
            }
        } else {
            np_name(c, np)?;
            cp += item_len as usize;
        }
        c.s(")")?;
        depth -= 1;
        sa_len -= item_len;
        np = c.u8(ext)?;
    }
    Ok(Some(cp))
}

/// A proposal and its transforms.
fn proposal<W: Write>(c: &mut Cursor<'_, W>, p: usize, oprop_len: u32, mut depth: u32) -> P {
    if !c.test(p, 8) {
        return trunc_np(c, 2);
    }
    pay(c, 2, p)?;
    let mut prop_len = oprop_len - 4;
    c.s(" #")?;
    c.d(c.u8(p + 4)?)?;
    c.s(" protoid=")?;
    str_or_id(c, c.u8(p + 5)?.into(), PROTO_IDS)?;
    c.s(" transform=")?;
    c.d(c.u8(p + 7)?)?;
    c.s(" len=")?;
    c.d(oprop_len)?;
    // tcpdump starts the transforms right after the 4-byte generic header plus the 4 fields.
    let mut cp = p + 8;
    let toolong = |c: &mut Cursor<'_, W>, cp: usize, left: u32| -> P {
        c.s(" [|p]")?;
        Ok(Some(cp + left as usize))
    };
    let spi_size = u32::from(c.u8(p + 6)?);
    if spi_size != 0 {
        if prop_len < spi_size {
            return toolong(c, cp, prop_len);
        }
        c.s(" spi=")?;
        if !rawprint(c, cp, spi_size as usize)? {
            return trunc_np(c, 2);
        }
        cp += spi_size as usize;
        prop_len -= spi_size;
    }
    let mut np = 3u8;
    let mut tcount = 0u32;
    while np != 0 {
        tcount += 1;
        let ext = cp;
        if prop_len < 4 {
            return toolong(c, cp, prop_len);
        }
        if !c.test(ext, 4) {
            return trunc_np(c, 2);
        }
        let item_len = u32::from(c.be16(ext + 2)?);
        if item_len <= 4 {
            return trunc_np(c, 2);
        }
        if prop_len < item_len {
            return toolong(c, cp, prop_len);
        }
        if !c.test(cp, item_len as usize) {
            return trunc_np(c, 2);
        }
        depth += 1;
        open(c, depth)?;
        if np == 3 {
            match transform(c, tcount, ext, item_len)? {
                Some(n) => cp = n,
                None => return Ok(None),
            }
        } else {
            np_name(c, np)?;
            cp += item_len as usize;
        }
        c.s(")")?;
        depth -= 1;
        prop_len -= item_len;
        np = c.u8(ext)?;
    }
    Ok(Some(cp))
}

/// A transform and its attributes.
fn transform<W: Write>(c: &mut Cursor<'_, W>, tcount: u32, p: usize, item_len: u32) -> P {
    if !c.test(p, 8) {
        return trunc_np(c, 3);
    }
    pay(c, 3, p)?;
    let t_id = u32::from(c.be16(p + 6)?);
    let t_type = c.u8(p + 4)?;
    let (ids, map): (Option<&[&str]>, Option<AttrMap>) = match t_type {
        1 => (Some(ESP_IDS), Some(ENCR_T_MAP)),
        2 => (
            Some(&["", "hmac-md5", "hmac-sha", "hmac-tiger", "aes128_xcbc"]),
            None,
        ),
        3 => (
            Some(&[
                "", "hmac-md5", "hmac-sha", "dec-mac", "kpdk-md5", "aes-xcbc",
            ]),
            None,
        ),
        4 => (Some(GROUPS), None),
        5 => (Some(&["no-esn", "esn"]), None),
        _ => (None, None),
    };
    c.s(" #")?;
    c.d(tcount)?;
    c.s(" type=")?;
    str_or_id(c, t_type.into(), &["", "encr", "prf", "integ", "dh", "esn"])?;
    c.s(" id=")?;
    match ids {
        Some(t) => str_or_id(c, t_id, t)?,
        None => c.d(t_id)?,
    }
    c.s(" ")?;
    attrs(c, p + 8, p + item_len as usize, map, 3)
}

/// The key exchange payload.
pub(super) fn ke<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    if !c.test(ext, 8) {
        return trunc_np(c, np);
    }
    pay(c, np, ext)?;
    if item_len < 8 {
        c.s(" len=")?;
        c.d(item_len)?;
        c.s(" < 8")?;
        return Ok(Some(ext + item_len as usize));
    }
    c.s(" len=")?;
    c.d(item_len - 8)?;
    c.s(" group=")?;
    str_or_id(c, c.be16(ext + 4)?.into(), GROUPS)?;
    if c.vflag > 2 && item_len > 8 {
        c.s(" ")?;
        if !rawprint(c, ext + 8, item_len as usize - 8)? {
            return trunc_np(c, np);
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The identification payloads.
pub(super) fn id<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    if !c.test(ext, 8) {
        return trunc_np(c, np);
    }
    pay(c, np, ext)?;
    c.s(" len=")?;
    c.d(item_len - 4)?;
    if c.vflag > 2 && item_len > 4 {
        c.s(" ")?;
        if !rawprint(c, ext + 4, item_len as usize - 4)? {
            return trunc_np(c, np);
        }
    }
    // tcpdump's length is unsigned: a payload shorter than its header wraps round.
    let tlen = item_len.wrapping_sub(8) as usize;
    let data = ext + 8;
    let (label, ascii) = match c.u8(ext + 4)? {
        1 => (" ipv4:", false),
        2 => (" fqdn:", true),
        3 => (" rfc822:", true),
        5 => (" ipv6:", false),
        9 => (" dn:", false),
        10 => (" gn:", false),
        11 => (" keyid:", false),
        _ => return Ok(Some(ext + item_len as usize)),
    };
    c.s(label)?;
    if ascii {
        if !c.test(data, tlen) {
            return trunc_np(c, np);
        }
        ascii_or_dot(c, data, tlen)?;
    } else if !rawprint(c, data, tlen)? {
        return trunc_np(c, np);
    }
    Ok(Some(ext + item_len as usize))
}

/// The authentication payload.
pub(super) fn auth<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    if !c.test(ext, 8) {
        return trunc_np(c, np);
    }
    pay(c, np, ext)?;
    c.s(" len=")?;
    c.d(item_len - 4)?;
    c.s(" method=")?;
    str_or_id(
        c,
        c.u8(ext + 4)?.into(),
        &["invalid", "rsasig", "shared-secret", "dsssig"],
    )?;
    if item_len > 4 {
        if c.vflag > 1 {
            c.s(" authdata=(")?;
            if !rawprint(c, ext + 8, item_len.wrapping_sub(8) as usize)? {
                return trunc_np(c, np);
            }
            c.s(") ")?;
        } else if c.vflag > 0 {
            let ep = c.snapend;
            if !show_somedata(c, ext + 8, ep)? {
                return trunc_np(c, np);
            }
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The nonce payload.
pub(super) fn nonce<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    c.s("nonce")?;
    if c.u8(ext + 1)? & 0x80 != 0 {
        c.s("[C]")?;
    }
    c.s(":")?;
    c.s(" len=")?;
    c.d(item_len - 4)?;
    if c.vflag > 1 && item_len > 4 {
        c.s(" nonce=(")?;
        if !rawprint(c, ext + 4, item_len as usize - 4)? {
            return trunc_np(c, np);
        }
        c.s(") ")?;
    } else if c.vflag > 0 && item_len > 4 {
        let ep = c.snapend;
        if !show_somedata(c, ext + 4, ep)? {
            return trunc_np(c, np);
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// A notification type's name and whether its SPI is printed.
fn notify_name(t: u16) -> (&'static str, bool) {
    match t {
        1 => ("unsupported_critical_payload", false),
        4 => ("invalid_ike_spi", true),
        5 => ("invalid_major_version", false),
        7 => ("invalid_syntax", true),
        9 => ("invalid_message_id", true),
        11 => ("invalid_spi", true),
        14 => ("no_protocol_chosen", true),
        17 => ("invalid_ke_payload", true),
        24 => ("authentication_failed", true),
        34 => ("single_pair_required", true),
        35 => ("no_additional_sas", false),
        36 => ("internal_address_failure", false),
        37 => ("failed:cp_required", false),
        39 => ("invalid_selectors", false),
        16384 => ("initial_contact", false),
        16385 => ("set_window_size", false),
        16386 => ("additional_ts_possible", false),
        16387 => ("ipcomp_supported", false),
        16388 => ("nat_detection_source_ip", true),
        16389 => ("nat_detection_destination_ip", true),
        16390 => ("cookie", true),
        16391 => ("use_transport_mode", false),
        16392 => ("http_cert_lookup_supported", false),
        16393 => ("rekey_sa", true),
        16394 => ("tfc_padding_not_supported", false),
        16395 => ("non_first_fragment_also", false),
        _ if t < 8192 => ("error", true),
        _ if t < 16384 => ("private-error", true),
        _ if t < 40960 => ("status", true),
        _ => ("private-status", true),
    }
}

/// The notify payload.
pub(super) fn notify<W: Write>(c: &mut Cursor<'_, W>, ext: usize, item_len: u32) -> P {
    if !c.test(ext, 8) {
        return trunc_np(c, 11);
    }
    pay(c, 11, ext)?;
    c.s(" prot_id=")?;
    str_or_id(c, c.u8(ext + 4)?.into(), PROTO_IDS)?;
    let t = c.be16(ext + 6)?;
    let (name, showspi) = notify_name(t);
    let somedata = t == 16390;
    c.s(" type=")?;
    c.d(t)?;
    c.s("(")?;
    c.s(name)?;
    c.s(")")?;
    let spi_size = usize::from(c.u8(ext + 5)?);
    if showspi && spi_size != 0 {
        c.s(" spi=")?;
        if !rawprint(c, ext + 8, spi_size)? {
            return trunc_np(c, 11);
        }
    }
    let cp = ext + 8 + spi_size;
    let ep = c.snapend;
    if cp < ep {
        if c.vflag > 3 || (somedata && ep - cp < 30) {
            c.s(" data=(")?;
            if !rawprint(c, cp, ep - cp)? {
                return trunc_np(c, 11);
            }
            c.s(")")?;
        } else if somedata && !show_somedata(c, cp, ep)? {
            return trunc_np(c, 11);
        }
    }
    Ok(Some(ext + item_len as usize))
}

/// The vendor ID payload.
pub(super) fn vid<W: Write>(c: &mut Cursor<'_, W>, np: u8, ext: usize, item_len: u32) -> P {
    pay(c, np, ext)?;
    let len = item_len as usize - 4;
    c.s(" len=")?;
    c.d(len as u32)?;
    c.s(" vid=")?;
    if !c.test(ext + 4, len) {
        return trunc_np(c, np);
    }
    ascii_or_dot(c, ext + 4, len)?;
    if c.vflag > 2 && len > 4 {
        c.s(" ")?;
        if !rawprint(c, ext + 4, len)? {
            return trunc_np(c, np);
        }
    }
    Ok(Some(ext + item_len as usize))
}
