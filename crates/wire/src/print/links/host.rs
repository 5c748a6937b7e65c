//! Host buses captured on Linux: USB through usbmon (`LINKTYPE_USB_LINUX`, and
//! `LINKTYPE_USB_LINUX_MMAPPED` with its padded header) and Bluetooth HCI with its direction
//! pseudo-header (`LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR`), printed as tcpdump 4.99's
//! `usb_linux_*_byte_if_print` and `bt_if_print` print them: the header, no payload decoder.

use core::fmt::Write;

use crate::print::cursor::{Cursor, R};

/// `usb_linux_48_byte_if_print` (`hdr` 48) and `usb_linux_64_byte_if_print` (`hdr` 64).
pub(crate) fn usb_print<W: Write>(c: &mut Cursor<'_, W>, hdr: usize) -> R {
    c.proto = if hdr == 48 {
        "usb_linux_48_byte"
    } else {
        "usb_linux_64_byte"
    };
    c.bytes(0, hdr)?;
    c.proto = "usb";
    c.s("USB")?;
    if c.qflag {
        return Ok(());
    }
    let (event, transfer) = (c.u8(8)?, c.u8(9)?);
    c.s(" ")?;
    c.s(match transfer {
        0 => "ISOCHRONOUS",
        1 => "INTERRUPT",
        2 => "CONTROL",
        3 => "BULK",
        _ => " ?",
    })?;
    c.s(match event {
        b'S' => " SUBMIT",
        b'C' => " COMPLETE",
        b'E' => " ERROR",
        _ => " ?",
    })?;
    // Which way the data goes: to the device for a bulk, control or isochronous submission
    // and an interrupt's completion, from it the other way round.
    let to = match (transfer, event) {
        (0 | 2 | 3, b'S') | (1, b'C' | b'E') => Some(true),
        (0 | 2 | 3, b'C' | b'E') | (1, b'S') => Some(false),
        _ => None,
    };
    match to {
        Some(true) => c.s(" to")?,
        Some(false) => c.s(" from")?,
        None => {}
    }
    let b = c.bytes(12, 2)?;
    let bus = u16::from_le_bytes([b[0], b[1]]);
    let (dev, ep) = (c.u8(11)?, c.u8(10)?);
    c.s(" ")?;
    c.d(bus)?;
    c.s(":")?;
    c.d(dev)?;
    c.s(":")?;
    c.d(ep & 0x7f)
}

/// `bt_if_print`: `bluetooth`, under `-e` the HCI length and direction, then the dump.
pub(crate) fn bt_print<W: Write>(c: &mut Cursor<'_, W>, length: u32, caplen: u32) -> R {
    c.proto = "bluetooth";
    c.s("bluetooth")?;
    let dir = c.be32(0)?;
    let (length, caplen) = (length.wrapping_sub(4), caplen - 4);
    if c.eflag {
        c.s(", hci length ")?;
        c.d(length)?;
        c.s(", direction ")?;
        c.s(if dir & 1 != 0 { "in" } else { "out" })?;
    }
    c.default_print_guarded(4, caplen as usize)
}
