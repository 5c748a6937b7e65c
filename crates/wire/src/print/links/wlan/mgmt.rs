//! 802.11 management frame bodies as tcpdump 4.99's `mgmt_body_print` prints them: the
//! subtype's name, then the fields and information elements (SSID, supported rates, DS
//! channel) it shows for each subtype.

use core::fmt::Write;

use super::text::{REASON, STATUS};
use super::{le16, protected, wep_print};
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};

/// The elements of a body tcpdump keeps (the first of each kind it finds whole).
#[derive(Default)]
struct Elements {
    /// The SSID's offset and length.
    ssid: Option<(usize, usize)>,
    /// The supported rates' offset and count (a non-empty element).
    rates: Option<(usize, usize)>,
    /// The DS parameter set's channel.
    channel: Option<u8>,
}

/// `parse_elements`: the elements from `o`, `length` bytes of them; the second value is false
/// where tcpdump's parser gives up (an element cut short or longer than it accepts).
fn parse_elements<W: Write>(c: &Cursor<'_, W>, mut o: usize, mut length: u32) -> (Elements, bool) {
    let mut el = Elements::default();
    while length != 0 {
        if !c.test(o, 2) || length < 2 {
            return (el, false);
        }
        let id = c.p[o];
        let len = c.p[o + 1];
        let n = usize::from(len);
        if !c.test(o + 2, n) || length < u32::from(len) + 2 {
            return (el, false);
        }
        let body = o + 2;
        match id {
            // SSID (at most 32 bytes), rates (at most 16), challenge text (at most 253) and
            // a TIM's bitmap (at most 251): tcpdump's copies of them hold no more.
            0 if n > 32 => return (el, false),
            1 if n > 16 => return (el, false),
            16 if n > 253 => return (el, false),
            5 if n > 3 && n - 3 > 251 => return (el, false),
            0 if el.ssid.is_none() => el.ssid = Some((body, n)),
            1 if el.rates.is_none() && n != 0 => el.rates = Some((body, n)),
            // DS parameter set: the channel, when the element is one byte long.
            3 if n == 1 && el.channel.is_none() => el.channel = Some(c.p[body]),
            _ => {}
        }
        o = body + n;
        length -= u32::from(len) + 2;
    }
    (el, true)
}

/// ` (SSID)`, printed up to its first NUL as tcpdump's copy of it ends there.
fn print_ssid<W: Write>(c: &mut Cursor<'_, W>, el: &Elements) -> R {
    if let Some((o, n)) = el.ssid {
        let s = &c.p[o..o + n];
        let s = &s[..s.iter().position(|&b| b == 0).unwrap_or(n)];
        c.s(" (")?;
        fmtx::safe_str(c.out, s)?;
        c.s(")")?;
    }
    Ok(())
}

/// `R.R` Mb/s for a rate in units of 500 kb/s.
fn half_mbit<W: Write>(c: &mut Cursor<'_, W>, r: u32) -> R {
    c.d(r / 2)?;
    c.s(if r % 2 == 1 { ".5" } else { ".0" })
}

/// ` [1.0* 2.0* 5.5 ... Mbit]`: the supported rates, `*` marking the basic ones.
fn print_rates<W: Write>(c: &mut Cursor<'_, W>, el: &Elements) -> R {
    if let Some((o, n)) = el.rates {
        let mut sep = " [";
        for i in 0..n {
            let r = c.p[o + i];
            c.s(sep)?;
            half_mbit(c, u32::from(r & 0x7f))?;
            if r & 0x80 != 0 {
                c.s("*")?;
            }
            sep = " ";
        }
        c.s(" Mbit]")?;
    }
    Ok(())
}

/// ` CH: N` and `, PRIVACY`.
fn print_ds_channel<W: Write>(c: &mut Cursor<'_, W>, el: &Elements, cap: u16) -> R {
    if let Some(ch) = el.channel {
        c.s(" CH: ")?;
        c.d(ch)?;
    }
    if cap & 0x10 != 0 {
        c.s(", PRIVACY")?;
    }
    Ok(())
}

/// The status code's text.
fn status(code: u16) -> &'static str {
    STATUS.get(usize::from(code)).copied().unwrap_or("n/a")
}

/// The reason code's text.
fn reason(code: u16) -> &'static str {
    REASON.get(usize::from(code)).copied().unwrap_or("Reserved")
}

/// Fails as tcpdump's handlers do when fewer than `n` bytes of the body at `p` are captured
/// or in its length.
fn need<W: Write>(c: &Cursor<'_, W>, p: usize, n: usize, length: u32) -> R {
    if !c.test(p, n) || (length as usize) < n {
        return Err(Stop::Trunc);
    }
    Ok(())
}

/// Turns the parser's verdict into tcpdump's truncation marker.
fn verdict(ok: bool) -> R {
    if ok {
        Ok(())
    } else {
        Err(Stop::Trunc)
    }
}

/// `mgmt_body_print`: the management frame body at `p`, `length` bytes, of a frame whose
/// source address is at `src`.
pub(super) fn body_print<W: Write>(
    c: &mut Cursor<'_, W>,
    fc: u16,
    src: usize,
    p: usize,
    length: u32,
) -> R {
    let st = super::fc_subtype(fc);
    match NAMES.get(usize::from(st)).copied().flatten() {
        Some(n) => c.s(n)?,
        None => {
            c.s("Unhandled Management subtype(")?;
            c.x(st)?;
            c.s(")")?;
        }
    }
    if protected(fc) {
        return wep_print(c, p);
    }
    match st {
        // Association request.
        0x0 => {
            need(c, p, 4, length)?;
            let (el, ok) = parse_elements(c, p + 4, length - 4);
            print_ssid(c, &el)?;
            print_rates(c, &el)?;
            verdict(ok)
        }
        // Association and reassociation responses.
        0x1 | 0x3 => {
            need(c, p, 6, length)?;
            let cap = le16(c, p)?;
            let code = le16(c, p + 2)?;
            let aid = le16(c, p + 4)?;
            let (_, ok) = parse_elements(c, p + 6, length - 6);
            c.s(" AID(")?;
            c.x(aid & 0x3fff)?;
            c.s(") :")?;
            c.s(if cap & 0x10 != 0 { " PRIVACY " } else { "" })?;
            c.s(": ")?;
            c.s(status(code))?;
            verdict(ok)
        }
        // Reassociation request.
        0x2 => {
            need(c, p, 10, length)?;
            let (el, ok) = parse_elements(c, p + 10, length - 10);
            print_ssid(c, &el)?;
            c.s(" AP : ")?;
            c.mac_at(p + 4)?;
            verdict(ok)
        }
        // Probe request.
        0x4 => {
            let (el, ok) = parse_elements(c, p, length);
            print_ssid(c, &el)?;
            print_rates(c, &el)?;
            verdict(ok)
        }
        // Probe response and beacon.
        0x5 | 0x8 => {
            need(c, p, 12, length)?;
            let cap = le16(c, p + 10)?;
            let (el, ok) = parse_elements(c, p + 12, length - 12);
            print_ssid(c, &el)?;
            print_rates(c, &el)?;
            if st == 0x8 {
                c.s(if cap & 1 != 0 { " ESS" } else { " IBSS" })?;
            }
            print_ds_channel(c, &el, cap)?;
            verdict(ok)
        }
        // Disassociation.
        0xa => {
            need(c, p, 2, length)?;
            let code = le16(c, p)?;
            c.s(": ")?;
            c.s(reason(code))
        }
        // Authentication.
        0xb => auth(c, p, length),
        // Deauthentication.
        0xc => {
            need(c, p, 2, length)?;
            let code = le16(c, p)?;
            if c.eflag {
                c.s(": ")?;
            } else {
                c.s(" (")?;
                c.mac_at(src)?;
                c.s("): ")?;
            }
            c.s(reason(code))
        }
        // Action.
        0xd => action(c, src, p, length),
        _ => Ok(()),
    }
}

/// The management subtypes' names.
const NAMES: [Option<&str>; 16] = [
    Some("Assoc Request"),
    Some("Assoc Response"),
    Some("ReAssoc Request"),
    Some("ReAssoc Response"),
    Some("Probe Request"),
    Some("Probe Response"),
    None,
    None,
    Some("Beacon"),
    Some("ATIM"),
    Some("Disassociation"),
    Some("Authentication"),
    Some("DeAuthentication"),
    Some("Action"),
    None,
    None,
];

/// An authentication frame's algorithm, transaction number and status.
fn auth<W: Write>(c: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    need(c, p, 6, length)?;
    let alg = le16(c, p)?;
    let seq = le16(c, p + 2)?;
    let code = le16(c, p + 4)?;
    let (_, ok) = parse_elements(c, p + 6, length - 6);
    let alg_name = ["Open System", "Shared Key", "EAP"]
        .get(usize::from(alg))
        .copied()
        .unwrap_or("Reserved");
    c.s(" (")?;
    c.s(alg_name)?;
    c.s(")-")?;
    c.x(seq)?;
    let text = if seq % 2 == 1 { status(code) } else { "" };
    if alg == 1 && (seq == 2 || seq == 3) {
        c.s(" [Challenge Text] ")?;
        c.s(text)?;
    } else {
        c.s(": ")?;
        c.s(text)?;
    }
    verdict(ok)
}

/// An action frame's category and action.
fn action<W: Write>(c: &mut Cursor<'_, W>, src: usize, p: usize, length: u32) -> R {
    need(c, p, 2, length)?;
    if c.eflag {
        c.s(": ")?;
    } else {
        c.s(" (")?;
        c.mac_at(src)?;
        c.s("): ")?;
    }
    let cat = c.u8(p)?;
    let act = c.u8(p + 1)?;
    let named = |names: &[(u8, &'static str)]| names.iter().find(|n| n.0 == act).map(|n| n.1);
    let (prefix, name) = match cat {
        0 => ("Spectrum Management ", None),
        1 => ("QoS ", None),
        2 => ("DLS ", None),
        3 => (
            "BA ",
            named(&[(0, "ADDBA Request"), (1, "ADDBA Response"), (2, "DELBA")]),
        ),
        7 => ("HT ", named(&[(0, "TxChWidth"), (1, "MIMOPwrSave")])),
        13 => (
            "MeshAction ",
            named(&[
                (0, "MeshLink"),
                (1, "HWMP"),
                (2, "Gate Announcement"),
                (3, "Congestion Control"),
                (4, "MCCA Setup Request"),
                (5, "MCCA Setup Reply"),
                (6, "MCCA Advertisement Request"),
                (7, "MCCA Advertisement"),
                (8, "MCCA Teardown"),
                (9, "TBTT Adjustment Request"),
                (10, "TBTT Adjustment Response"),
            ]),
        ),
        14 => (
            "MultiohopAction ",
            named(&[(0, "Proxy Update"), (1, "Proxy Update Confirmation")]),
        ),
        15 => (
            "SelfprotectAction ",
            named(&[
                (1, "Peering Open"),
                (2, "Peering Confirm"),
                (3, "Peering Close"),
                (4, "Group Key Inform"),
                (5, "Group Key Acknowledge"),
            ]),
        ),
        127 => ("Vendor ", None),
        _ => {
            c.s("Reserved(")?;
            c.d(cat)?;
            c.s(") ")?;
            ("", None)
        }
    };
    c.s(prefix)?;
    match name {
        Some(n) => c.s(n),
        None => {
            c.s("Act#")?;
            c.d(act)
        }
    }
}
