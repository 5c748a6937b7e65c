//! ATA over Ethernet (EtherType 0x88a2): tcpdump's `aoe_print`: the length, the version and,
//! for version 1, the flags; with `-v` the common header and each command's arguments.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vfmt;
use crate::tok::{self, Tok, Unknown};

/// Version 1's common header: flags and version, error, major, minor, command, tag.
const V1_COMMON_HDR_LEN: u32 = 10;
/// Version 1's flags (the low four bits of the first byte) in tcpdump's order.
const V1_FLAGS: &Tok = &[
    (0x08, "Response"),
    (0x04, "Error"),
    (0x02, "MBZ-1"),
    (0x01, "MBZ-0"),
];

/// `AoE length 46, Ver 1, Flags: [Response]`.
#[cold]
#[inline(never)]
pub(crate) fn aoe_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "aoe";
    c.s("AoE length ")?;
    c.d(len)?;
    if len < 1 {
        return invalid(c, bp, len);
    }
    let first = c.u8(bp)?;
    let ver = first >> 4;
    c.s(", Ver ")?;
    c.d(ver)?;
    if ver != 1 {
        return Ok(());
    }
    if len < V1_COMMON_HDR_LEN {
        return invalid(c, bp, len);
    }
    c.s(", Flags: [")?;
    tok::bittok2str(c.out, V1_FLAGS, (first & 0x0f).into(), "none")?;
    c.s("]")?;
    if c.vflag == 0 {
        return Ok(());
    }
    v1_verbose(c, bp, len, first)
}

/// The error names of a version 1 response with the Error flag.
const ERRORS: &Tok = &[
    (1, "Unrecognized command code"),
    (2, "Bad argument parameter"),
    (3, "Device unavailable"),
    (4, "Config string present"),
    (5, "Unsupported version"),
    (6, "Target is reserved"),
];
/// The command codes.
const COMMANDS: &Tok = &[
    (0, "Issue ATA Command"),
    (1, "Query Config Information"),
    (2, "MAC Mask List"),
    (3, "Reserve/Release"),
];
/// The ATA command's flags.
const AFLAGS: &Tok = &[
    (0x80, "MBZ-7"),
    (0x40, "Ext48"),
    (0x20, "MBZ-5"),
    (0x10, "Device"),
    (0x08, "MBZ-3"),
    (0x04, "MBZ-2"),
    (0x02, "Async"),
    (0x01, "Write"),
];
/// The Query Config command's sub-commands.
const CCMDS: &Tok = &[
    (0, "read config string"),
    (1, "test config string"),
    (2, "test config string prefix"),
    (3, "set config string"),
    (4, "force set config string"),
];
/// The MAC Mask List command's sub-commands.
const MCMDS: &Tok = &[(0, "Read Mac Mask List"), (1, "Edit Mac Mask List")];
/// The MAC Mask List errors.
const MERRORS: &Tok = &[
    (1, "Unspecified Error"),
    (2, "Bad DCmd directive"),
    (3, "Mask list full"),
];
/// The MAC Mask List directives.
const DCMDS: &Tok = &[
    (0, "No Directive"),
    (1, "Add mac address to mask list"),
    (2, "Delete mac address from mask list"),
];
/// The Reserve/Release sub-commands.
const RCMDS: &Tok = &[
    (0, "Read reserve list"),
    (1, "Set reserve list"),
    (2, "Force set reserve list"),
];

/// `Unknown (0x%02x)`.
const UNKNOWN_02X: Unknown = Unknown::hex2("Unknown (0x", ")");

/// The `-v` part of a version 1 message: error, major, minor, command, tag, then the command's
/// arguments on their own lines.
#[cold]
#[inline(never)]
fn v1_verbose<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32, first: u8) -> R {
    let mut o = bp + 1;
    if first & 0x04 != 0 {
        let e = c.u8(o)?;
        c.s("\n\tError: ")?;
        tok::tok2str(
            c.out,
            tok::find(ERRORS, e.into()),
            e.into(),
            Unknown::dec("Invalid (", ")"),
        )?;
    }
    o += 1;
    let major = c.be16(o)?;
    c.s("\n\tMajor: 0x")?;
    write!(c.out, "{major:04x}")?;
    let minor = c.u8(o + 2)?;
    c.s(", Minor: 0x")?;
    c.x02(minor)?;
    let command = c.u8(o + 3)?;
    c.s(", Command: ")?;
    tok::tok2str(
        c.out,
        tok::find(COMMANDS, command.into()),
        command.into(),
        UNKNOWN_02X,
    )?;
    let tag = c.be32(o + 4)?;
    c.s(", Tag: 0x")?;
    write!(c.out, "{tag:08x}")?;
    let o = bp + V1_COMMON_HDR_LEN as usize;
    let len = len - V1_COMMON_HDR_LEN;
    match command {
        0 => issue(c, o, len),
        1 => query(c, o, len),
        2 => mac_list(c, o, len),
        3 => reserve(c, o, len),
        _ => Ok(()),
    }
}

/// Issue ATA Command's arguments.
fn issue<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32) -> R {
    if len < 12 {
        return invalid(c, o, len);
    }
    let f = c.u8(o)?;
    c.s("\n\tAFlags: [")?;
    tok::bittok2str(c.out, AFLAGS, f.into(), "none")?;
    c.s("]")?;
    for (i, name) in [", Err/Feature: ", ", Sector Count: ", ", Cmd/Status: "]
        .into_iter()
        .enumerate()
    {
        let v = c.u8(o + 1 + i)?;
        c.s(name)?;
        c.d(v)?;
    }
    for i in 0..6u8 {
        let v = c.u8(o + 4 + usize::from(i))?;
        c.s(if i == 0 { "\n\tlba" } else { ", lba" })?;
        c.d(i)?;
        c.s(": ")?;
        c.d(v)?;
    }
    if !c.test(o + 10, 2) {
        return Err(c.jump());
    }
    if len > 12 {
        c.s("\n\tData: ")?;
        c.d(len - 12)?;
        c.s(" bytes")?;
    }
    Ok(())
}

/// Query Config Information's arguments.
fn query<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32) -> R {
    if len < 8 {
        return invalid(c, o, len);
    }
    let v = c.be16(o)?;
    c.s("\n\tBuffer Count: ")?;
    c.d(v)?;
    let v = c.be16(o + 2)?;
    c.s(", Firmware Version: ")?;
    c.d(v)?;
    let v = c.u8(o + 4)?;
    c.s(", Sector Count: ")?;
    c.d(v)?;
    let b = c.u8(o + 5)?;
    c.s(", AoE: ")?;
    c.d(b >> 4)?;
    c.s(", CCmd: ")?;
    // tcpdump's format for an unknown code lacks its `%`: it prints the format itself.
    c.s(tok::find(CCMDS, (b & 0x0f).into()).unwrap_or("Unknown (0x02x)"))?;
    let cslen = c.be16(o + 6)?;
    let rest = len - 8;
    if cslen > 1024 || u32::from(cslen) > rest {
        return invalid(c, o + 8, rest);
    }
    if cslen > 0 {
        c.s("\n\tConfig String (length ")?;
        c.d(cslen)?;
        c.s("): ")?;
        vfmt::printjn(c, o + 8, cslen.into())?;
    }
    Ok(())
}

/// MAC Mask List's arguments.
fn mac_list<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32) -> R {
    if len < 4 {
        return invalid(c, o, len);
    }
    let m = c.u8(o + 1)?;
    c.s("\n\tMCmd: ")?;
    tok::tok2str(c.out, tok::find(MCMDS, m.into()), m.into(), UNKNOWN_02X)?;
    let e = c.u8(o + 2)?;
    c.s(", MError: ")?;
    tok::tok2str(c.out, tok::find(MERRORS, e.into()), e.into(), UNKNOWN_02X)?;
    let n = c.u8(o + 3)?;
    c.s(", Dir Count: ")?;
    c.d(n)?;
    let rest = len - 4;
    if u32::from(n) * 8 > rest {
        return invalid(c, o + 4, rest);
    }
    let mut p = o + 4;
    for _ in 0..n {
        let d = c.u8(p + 1)?;
        c.s("\n\t DCmd: ")?;
        tok::tok2str(c.out, tok::find(DCMDS, d.into()), d.into(), UNKNOWN_02X)?;
        c.bytes(p + 2, 6)?;
        c.s(", Ethernet Address: ")?;
        c.mac_at(p + 2)?;
        p += 8;
    }
    Ok(())
}

/// Reserve/Release's arguments.
fn reserve<W: Write>(c: &mut Cursor<'_, W>, o: usize, len: u32) -> R {
    if len < 2 || (len - 2) % 6 != 0 {
        return invalid(c, o, len);
    }
    let r = c.u8(o)?;
    c.s("\n\tRCmd: ")?;
    tok::tok2str(c.out, tok::find(RCMDS, r.into()), r.into(), UNKNOWN_02X)?;
    let n = c.u8(o + 1)?;
    c.s(", NMacs: ")?;
    c.d(n)?;
    if u32::from(n) * 6 != len - 2 {
        return invalid(c, o + 2, len - 2);
    }
    for i in 0..n {
        c.bytes(o + 2 + 6 * usize::from(i), 6)?;
        c.s("\n\tEthernet Address ")?;
        c.d(i)?;
        c.s(": ")?;
        c.mac_at(o + 2 + 6 * usize::from(i))?;
    }
    Ok(())
}

/// `nd_print_invalid`, then the truncation marker if the `len` bytes at `bp` were not all
/// captured.
fn invalid<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.s(" (invalid)")?;
    if !c.test(bp, len as usize) {
        return Err(c.jump());
    }
    Ok(())
}
