//! The 802.15.4 frames tcpdump decodes: the standard ones (beacon, data, acknowledgement, MAC
//! command) and the multipurpose frame, each with its addresses, auxiliary security header,
//! information elements, MIC and FCS.

use core::fmt::Write;

use super::{crc16, crc32, ie, names, Ctx, Res};

/// An addressing mode's address length: none, reserved (`None`), short or extended.
fn addr_len(mode: u16) -> Option<u32> {
    match mode & 3 {
        0 => Some(0),
        2 => Some(2),
        3 => Some(8),
        _ => None,
    }
}

/// The FCS found at the end of the `cap` bytes at `p`: (stored value, computed value, the
/// frame's length without it). `mp` for the multipurpose frame's tests.
fn fcs<W: Write>(x: &Ctx<'_, W>, p: usize, cap: u32, mp: bool) -> Res<(u32, u32, u32)> {
    let two = |cap: u32| -> Res<(u32, u32, u32)> {
        let fcs = x.le(p + cap as usize - 2, 2)? as u32;
        let crc = crc16(x, p, cap - 2)?;
        Ok((fcs, crc, if crc == fcs { cap - 2 } else { cap }))
    };
    if (!mp && cap < 4) || (mp && cap < 3) {
        return Ok((0, 0, cap));
    }
    if mp && cap <= 4 {
        return two(cap);
    }
    let fcs = x.le(p + cap as usize - 4, 4)? as u32;
    let crc = crc32(x, p, cap - 4)?;
    if crc == fcs {
        return Ok((fcs, crc, cap - 4));
    }
    two(cap)
}

/// The part every frame shares after its addresses: the auxiliary security header, the
/// information elements, the MIC and the FCS. The offset and length left, `None` after an
/// error printed.
fn after_addresses<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    mut cap: u32,
    security: bool,
    ies: bool,
    fcs: (u32, u32),
) -> Res<Option<(usize, u32)>> {
    let mut level = 0;
    if security {
        let Some((len, l)) = aux_sec_header(x, p, cap)? else {
            return Ok(None);
        };
        if p + len as usize > x.end {
            return Err(crate::print::cursor::Stop::Trunc);
        }
        level = l;
        p += len as usize;
        cap -= len;
    }
    let miclen = match level & 3 {
        0 => 0,
        1 => 4,
        2 => 8,
        _ => 16,
    };
    let mut mic = 0;
    if miclen != 0 {
        if cap < miclen {
            x.s("[ERROR: Truncated before MIC]")?;
            return Ok(None);
        }
        cap -= miclen;
        mic = p + cap as usize;
    }
    let mut payload_ies = false;
    if ies {
        let Some((len, more)) = ie::header_ie_list(x, p, cap)? else {
            return Ok(None);
        };
        payload_ies = more;
        p += len as usize;
        cap -= len;
    }
    if payload_ies {
        if level >= 4 {
            x.s("Payload IEs present, but encrypted, cannot print ")?;
        } else {
            let Some(len) = ie::payload_ie_list(x, p, cap)? else {
                return Ok(None);
            };
            p += len as usize;
            cap -= len;
        }
    }
    if x.v > 2 && miclen != 0 {
        x.s("\n\tMIC ")?;
        for i in 0..miclen as usize {
            let b = x.u8(mic + i)?;
            x.f(format_args!("{b:02x}"))?;
        }
        x.s(" ")?;
    }
    if x.v > 2 {
        let (stored, computed) = fcs;
        if stored == computed {
            x.f(format_args!("FCS {stored:x} "))?;
        } else {
            x.f(format_args!(
                "wrong FCS {stored:x} vs {computed:x} (assume no FCS stored) "
            ))?;
        }
    }
    Ok(Some((p, cap)))
}

/// `ieee802_15_4_std_frames`: a beacon, data, acknowledgement or MAC command frame of `cap`
/// bytes at `p` with frame control `fc`; false where tcpdump returns after an error.
pub(super) fn std_frame<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    cap: u32,
    fc: u16,
) -> Res<bool> {
    let (stored, computed, mut cap) = fcs(x, p, cap, false)?;
    let version = (fc >> 12) & 3;
    let ft = fc & 7;
    x.f(format_args!("v{version} "))?;
    if x.v > 2 {
        for (bit, s) in [
            (3, "Security Enabled, "),
            (4, "Frame Pending, "),
            (5, "AR, "),
            (6, "PAN ID Compression, "),
            (8, "Sequence Number Suppression, "),
            (9, "IE present, "),
        ] {
            if fc >> bit & 1 != 0 {
                x.s(s)?;
            }
        }
    }
    if fc >> 8 & 1 != 0 {
        if version < 2 {
            x.s("[ERROR: Sequence number suppressed on frames where version < 2]")?;
        }
        if x.v > 0 {
            x.s("seq suppressed ")?;
        }
        if cap < 2 {
            x.trunc()?;
            return Ok(false);
        }
        p += 2;
        cap -= 2;
    } else {
        let seq = x.u8(p + 2)?;
        if x.v > 0 {
            x.f(format_args!("seq {seq:02x} "))?;
        }
        if cap < 3 {
            x.trunc()?;
            return Ok(false);
        }
        p += 3;
        cap -= 3;
    }
    let (dst, src) = (addr_len(fc >> 10), addr_len(fc >> 14));
    let Some(src) = src else {
        x.s("[ERROR: Invalid src address mode]")?;
        return Ok(false);
    };
    let Some(dst) = dst else {
        x.s("[ERROR: Invalid dst address mode]")?;
        return Ok(false);
    };
    let comp = fc >> 6 & 1 != 0;
    let (mut src_pan, mut dst_pan) = (!comp, true);
    if dst == 0 {
        dst_pan = false;
    }
    if src == 0 {
        src_pan = false;
    }
    if version < 2 {
        if comp && (dst == 0 || src == 0) {
            x.s("[ERROR: PAN ID Compression != 0, and only one address with frame version < 2]")?;
        }
    } else if comp {
        if src == 0 && dst == 0 {
            dst_pan = true;
        } else if src == 0 || dst == 0 || (src == 8 && dst == 8) {
            dst_pan = false;
            src_pan = false;
        }
    } else {
        if src == 8 && dst == 8 {
            dst_pan = true;
            src_pan = false;
        }
        if src == 8 && dst == 2 {
            src_pan = false;
        }
    }
    let Some((p, cap)) = addresses(x, p, cap, dst_pan, dst, Some(src_pan), src)? else {
        return Ok(false);
    };
    let Some((mut p, mut cap)) = after_addresses(
        x,
        p,
        cap,
        fc >> 3 & 1 != 0,
        fc >> 9 & 1 != 0,
        (stored, computed),
    )?
    else {
        return Ok(false);
    };
    match ft {
        0 => {
            if version < 2 {
                let Some((q, c)) = beacon(x, p, cap)? else {
                    return Ok(true);
                };
                (p, cap) = (q, c);
            }
            x.default_print(p, cap)?;
        }
        3 => {
            if cap < 1 {
                x.s("[ERROR: Truncated before Command ID]")?;
            } else {
                let id = x.u8(p)?;
                x.s("Command ID = ")?;
                if id >= 0x30 {
                    x.f(format_args!("Reserved 0x{id:02x} "))?;
                } else {
                    names::command(x.out, id)?;
                    x.s(" ")?;
                }
                p += 1;
                cap -= 1;
                if cap != 0 {
                    if let Some(len) = command_data(x, id, p, cap)? {
                        p += len as usize;
                        cap -= len;
                    }
                }
            }
            x.default_print(p, cap)?;
        }
        _ => x.default_print(p, cap)?,
    }
    Ok(true)
}

/// The destination PAN and address, ` < `, the source PAN (`None`: the multipurpose frame's
/// ` -:`) and address. The offset and length left, `None` after an error printed.
fn addresses<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    mut cap: u32,
    dst_pan: bool,
    dst: u32,
    src_pan: Option<bool>,
    src: u32,
) -> Res<Option<(usize, u32)>> {
    if dst_pan {
        if cap < 2 {
            x.s("[ERROR: Truncated before dst_pan]")?;
            return Ok(None);
        }
        let pan = x.le16(p)?;
        x.f(format_args!("{pan:04x}:"))?;
        p += 2;
        cap -= 2;
    } else {
        x.s("-:")?;
    }
    if cap < dst {
        x.s("[ERROR: Truncated before dst_addr]")?;
        return Ok(None);
    }
    x.addr(p, dst)?;
    p += dst as usize;
    cap -= dst;
    x.s(" < ")?;
    match src_pan {
        Some(true) => {
            if cap < 2 {
                x.s("[ERROR: Truncated before dst_pan]")?;
                return Ok(None);
            }
            let pan = x.le16(p)?;
            x.f(format_args!("{pan:04x}:"))?;
            p += 2;
            cap -= 2;
        }
        Some(false) => x.s("-:")?,
        None => x.s(" -:")?,
    }
    if cap < src {
        x.s("[ERROR: Truncated before dst_addr]")?;
        return Ok(None);
    }
    x.addr(p, src)?;
    x.s(" ")?;
    Ok(Some((p + src as usize, cap - src)))
}

/// `ieee802_15_4_mp_frame`: a multipurpose frame of `cap` bytes at `p`.
pub(super) fn mp_frame<W: Write>(x: &mut Ctx<'_, W>, mut p: usize, cap: u32, fc: u16) -> Res<bool> {
    let (stored, computed, mut cap) = fcs(x, p, cap, true)?;
    let (mut pan_present, mut ies, mut security) = (false, false, false);
    if fc >> 3 & 1 != 0 {
        let version = (fc >> 12) & 3;
        x.f(format_args!("v{version} "))?;
        pan_present = fc >> 8 & 1 != 0;
        ies = fc >> 15 & 1 != 0;
        security = fc >> 9 & 1 != 0;
        if x.v > 2 {
            for (on, s) in [
                (security, "Security Enabled, "),
                (fc >> 11 & 1 != 0, "Frame Pending, "),
                (fc >> 14 & 1 != 0, "AR, "),
                (pan_present, "PAN ID Present, "),
                (fc >> 10 & 1 != 0, "Sequence Number Suppression, "),
                (ies, "IE present, "),
            ] {
                if on {
                    x.s(s)?;
                }
            }
        }
        if fc >> 10 & 1 != 0 {
            if cap < 2 {
                x.trunc()?;
                return Ok(false);
            }
            p += 2;
            cap -= 2;
        } else {
            let seq = x.u8(p + 2)?;
            if x.v > 0 {
                x.f(format_args!("seq {seq:02x} "))?;
            }
            if cap < 3 {
                x.trunc()?;
                return Ok(false);
            }
            p += 3;
            cap -= 3;
        }
    } else {
        let seq = x.u8(p + 1)?;
        p += 2;
        // tcpdump's length is unsigned: a frame shorter than this wraps round.
        cap = cap.wrapping_sub(2);
        if x.v > 0 {
            x.f(format_args!("seq {seq:02x} "))?;
        }
    }
    let (dst, src) = (addr_len(fc >> 4), addr_len(fc >> 6));
    let Some(src) = src else {
        x.s("[ERROR: Invalid src address mode]")?;
        return Ok(false);
    };
    let Some(dst) = dst else {
        x.s("[ERROR: Invalid dst address mode]")?;
        return Ok(false);
    };
    let Some((p, cap)) = addresses(x, p, cap, pan_present, dst, None, src)? else {
        return Ok(false);
    };
    let Some((p, cap)) = after_addresses(x, p, cap, security, ies, (stored, computed))? else {
        return Ok(false);
    };
    x.default_print(p, cap)?;
    Ok(true)
}

/// `ieee802_15_4_print_aux_sec_header`: (its length, the security level), `None` after an
/// error printed.
fn aux_sec_header<W: Write>(
    x: &mut Ctx<'_, W>,
    mut p: usize,
    mut cap: u32,
) -> Res<Option<(u32, u8)>> {
    if cap < 1 {
        x.s("[ERROR: Truncated before Aux Security Header]")?;
        return Ok(None);
    }
    let sc = x.u8(p)?;
    let mut len = 1;
    let level = sc & 7;
    let key_mode = (sc >> 3) & 3;
    cap -= 1;
    p += 1;
    if x.v > 0 {
        x.f(format_args!(
            "\n\tSecurity Level {level}, Key Id Mode {key_mode}, "
        ))?;
    }
    if sc >> 5 & 1 == 0 {
        if cap < 4 {
            x.s("[ERROR: Truncated before Frame Counter]")?;
            return Ok(None);
        }
        if x.v > 1 {
            let n = x.le(p, 4)?;
            x.f(format_args!("Frame Counter 0x{n:08x} "))?;
        }
        p += 4;
        cap -= 4;
        len += 4;
    }
    match key_mode {
        0 => {
            if x.v > 1 {
                x.s("Implicit")?;
            }
            return Ok(Some((len, level)));
        }
        2 => {
            if cap < 4 {
                x.s("[ERROR: Truncated before Key Source]")?;
                return Ok(None);
            }
            if x.v > 1 {
                let (a, b) = (x.le16(p)?, x.le16(p + 2)?);
                // tcpdump's format has the second field as `%0x4x`.
                x.f(format_args!("KeySource 0x{a:04x}:{b:x}4x, "))?;
            }
            p += 4;
            cap -= 4;
            len += 4;
        }
        3 => {
            if cap < 8 {
                x.s("[ERROR: Truncated before Key Source]")?;
                return Ok(None);
            }
            if x.v > 1 {
                x.s("KeySource ")?;
                x.le64addr(p)?;
                x.s(", ")?;
            }
            // tcpdump steps over 4 of the 8 bytes.
            p += 4;
            cap -= 4;
            len += 4;
        }
        _ => {}
    }
    if cap < 1 {
        x.s("[ERROR: Truncated before Key Index]")?;
        return Ok(None);
    }
    if x.v > 1 {
        let k = x.u8(p)?;
        x.f(format_args!("KeyIndex 0x{k:02x}, "))?;
    }
    Ok(Some((len + 1, level)))
}

/// The superframe specification (`-v`).
pub(super) fn superframe_spec<W: Write>(x: &mut Ctx<'_, W>, ss: u16) -> Res {
    if x.v < 1 {
        return Ok(());
    }
    x.f(format_args!(
        "\n\tBeacon order = {}, Superframe order = {}, Final CAP Slot = {}",
        ss & 0xf,
        (ss >> 4) & 0xf,
        (ss >> 8) & 0xf
    ))?;
    for (bit, s) in [
        (12, ", BLE enabled"),
        (14, ", PAN Coordinator"),
        (15, ", Association Permit"),
    ] {
        if ss >> bit & 1 != 0 {
            x.s(s)?;
        }
    }
    Ok(())
}

/// The old beacon's superframe specification, GTS information and pending addresses: the
/// offset and length left, `None` after an error printed.
fn beacon<W: Write>(x: &mut Ctx<'_, W>, mut p: usize, mut cap: u32) -> Res<Option<(usize, u32)>> {
    if cap < 2 {
        x.s("[ERROR: Truncated before beacon information]")?;
        return Ok(None);
    }
    let ss = x.le16(p)?;
    superframe_spec(x, ss)?;
    p += 2;
    cap -= 2;
    if cap < 1 {
        x.s("[ERROR: Truncated before GTS info]")?;
        return Ok(None);
    }
    let Some(len) = gts_info(x, p, cap)? else {
        return Ok(None);
    };
    p += len as usize;
    cap -= len;
    if cap < 1 {
        x.s("[ERROR: Truncated before pending addresses]")?;
        return Ok(None);
    }
    let Some(len) = pending_addresses(x, p, cap)? else {
        return Ok(None);
    };
    if p + len as usize > x.end {
        return Err(crate::print::cursor::Stop::Trunc);
    }
    Ok(Some((p + len as usize, cap - len)))
}

/// The GTS information: its length, `None` after an error printed.
fn gts_info<W: Write>(x: &mut Ctx<'_, W>, p: usize, cap: u32) -> Res<Option<u32>> {
    let spec = x.u8(p)?;
    let n = u32::from(spec & 7);
    if n == 0 {
        if x.v > 0 {
            x.s("\n\tGTS Descriptor Count = 0, ")?;
        }
        return Ok(Some(1));
    }
    let len = 2 + n * 3;
    if cap < len {
        x.s(" [ERROR: Truncated GTS Info List]")?;
        return Ok(None);
    }
    if x.v < 2 {
        return Ok(Some(len));
    }
    let mask = x.u8(p + 1)? & 0x7f;
    x.f(format_args!(
        "GTS Descriptor Count = {n}, GTS Directions Mask = {mask:02x}, [ "
    ))?;
    for i in 0..n as usize {
        let d = p + 2 + i * 3;
        x.s("[ ")?;
        x.addr(d, 2)?;
        let b = x.u8(d + 1)?;
        x.f(format_args!(
            ", Start slot = {}, Length = {} ] ",
            b & 0xf,
            (b >> 4) & 0xf
        ))?;
    }
    x.s("]")?;
    Ok(Some(len))
}

/// The pending address list: its length, `None` after an error printed.
pub(super) fn pending_addresses<W: Write>(
    x: &mut Ctx<'_, W>,
    p: usize,
    cap: u32,
) -> Res<Option<u32>> {
    let pas = x.u8(p)?;
    let (s, e) = (u32::from(pas & 7), u32::from((pas >> 4) & 7));
    let len = 1 + s * 2 + e * 8;
    if x.v > 0 {
        x.f(format_args!(
            "\n\tPending address list, # short addresses = {s}, # extended addresses = {e}"
        ))?;
    }
    if cap < len {
        x.s(" [ERROR: Pending address list truncated]")?;
        return Ok(None);
    }
    if x.v < 2 {
        return Ok(Some(len));
    }
    if s != 0 {
        x.s(", Short address list = [ ")?;
        for i in 0..s as usize {
            x.addr(p + 1 + i * 2, 2)?;
            x.s(" ")?;
        }
        x.s("]")?;
    }
    if e != 0 {
        x.s(", Extended address list = [ ")?;
        for i in 0..e as usize {
            x.addr(p + 1 + s as usize * 2 + i * 8, 8)?;
            x.s(" ")?;
        }
        x.s("]")?;
    }
    Ok(Some(len))
}

/// `ieee802_15_4_print_command_data`: the bytes of the command's data it consumed (`None`
/// after an error printed).
fn command_data<W: Write>(x: &mut Ctx<'_, W>, id: u8, p: usize, cap: u32) -> Res<Option<u32>> {
    let bad = |x: &mut Ctx<'_, W>, what: &str| -> Res<Option<u32>> {
        x.s("Invalid ")?;
        x.s(what)?;
        x.s(" command length")?;
        Ok(None)
    };
    match id {
        0x01 => {
            if cap != 1 {
                return bad(x, "Association request");
            }
            let ci = x.u8(p)?;
            x.s(if ci & 0x02 != 0 { "FFD, " } else { "RFD, " })?;
            for (bit, s) in [
                (0x04, "AC powered, "),
                (0x08, "Receiver on when idle, "),
                (0x10, "Fast association, "),
                (0x40, "Security supported, "),
                (0x80, "Allocate address, "),
            ] {
                if ci & bit != 0 {
                    x.s(s)?;
                }
            }
            Ok(Some(cap))
        }
        0x02 => {
            if cap != 3 {
                return bad(x, "Association response");
            }
            x.s("Short address = ")?;
            x.addr(p, 2)?;
            let st = x.u8(p + 2)?;
            match st {
                0x00 => x.s(", Association successful")?,
                0x01 => x.s(", PAN at capacity")?,
                0x02 => x.s(", PAN access denied")?,
                0x03 => x.s(", Hooping sequence offset duplication")?,
                0x80 => x.s(", Fast association successful")?,
                _ => x.f(format_args!(", Status = 0x{st:02x}"))?,
            }
            Ok(Some(cap))
        }
        0x03 => {
            if cap != 1 {
                return bad(x, "Disassociation Notification");
            }
            match x.u8(p)? {
                0x00 => x.s("Reserved")?,
                0x01 => x.s("Reason = The coordinator wishes the device to leave PAN")?,
                0x02 => x.s("Reason = The device wishes to leave the PAN")?,
                _ => {
                    // tcpdump prints the byte two further on.
                    let r = x.u8(p + 2)?;
                    x.f(format_args!("Reason = 0x{r:02x}"))?;
                }
            }
            Ok(Some(cap))
        }
        0x04..=0x07 => Ok(Some(0)),
        0x08 => {
            if !(7..=8).contains(&cap) {
                return bad(x, "Coordinator Realignment");
            }
            let pan = x.le16(p)?;
            x.f(format_args!(
                "Pan ID = 0x{pan:04x}, Coordinator short address = "
            ))?;
            x.addr(p + 2, 2)?;
            let mut channel = u16::from(x.u8(p + 4)?);
            let page = if cap == 8 {
                u16::from(x.u8(p + 7)?)
            } else {
                0x80
            };
            if page & 0x80 != 0 {
                channel |= (page & 0x7f) << 8;
                x.f(format_args!(", Channel Number = {channel}"))?;
            } else {
                x.f(format_args!(", Channel Number = {channel}, page = {page}"))?;
            }
            x.s(", Short address = ")?;
            x.addr(p + 5, 2)?;
            Ok(Some(cap))
        }
        0x09 => {
            if cap != 1 {
                return bad(x, "GTS Request");
            }
            let g = x.u8(p)?;
            x.f(format_args!(
                "GTS Length = {}, {}, {}",
                g & 0xf,
                if g & 0x10 != 0 {
                    "Receive-only GTS"
                } else {
                    "Transmit-only GTS"
                },
                if g & 0x20 != 0 {
                    "GTS allocation"
                } else {
                    "GTS deallocations"
                }
            ))?;
            Ok(Some(cap))
        }
        _ => {
            x.s("Command Data = ")?;
            x.hex_bytes(p, cap as usize)?;
            Ok(Some(0))
        }
    }
}
