//! IEEE 802.1D/w/s/aq bridge PDUs (STP, RSTP, MSTP, SPB) after LLC SAP 0x42 or Cisco's PVST+
//! SNAP protocol ID (tcpdump's `stp_print`): the protocol, the BPDU type, the flags and, for
//! configuration BPDUs, the bridge and port IDs; with `-v` the timers, the root, and MSTP's
//! and SPB's configuration and instances.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use super::vfmt;
use crate::fmtx;
use crate::tok::{self, Tok, Unknown};

/// Field offsets of a BPDU.
mod field {
    /// The protocol identifier, 0 for every spanning tree version.
    pub const PROTOCOL_ID: usize = 0;
    /// The protocol version (0 STP, 2 RSTP, 3 MSTP, 4 SPB).
    pub const VERSION: usize = 2;
    /// The BPDU type.
    pub const TYPE: usize = 3;
    /// The flags.
    pub const FLAGS: usize = 4;
    /// The sending bridge's ID, 8 bytes (priority and MAC address).
    pub const BRIDGE_ID: usize = 17;
    /// The sending port's ID.
    pub const PORT_ID: usize = 25;
    /// The version 1 length (RSTP, and 0 in MSTP and SPB BPDUs).
    pub const V1_LENGTH: usize = 35;
    /// The version 3 length of MSTP and SPB BPDUs.
    pub const V3_LENGTH: usize = 36;
    /// A configuration BPDU's length.
    pub const CONFIG_LEN: u32 = 35;
    /// An RSTP BPDU's length (the configuration BPDU and the version 1 length).
    pub const RSTP_LEN: u32 = 36;
    /// The shortest MSTP BPDU tcpdump accepts.
    pub const MSTP_MIN_LEN: u32 = 102;
    /// The shortest SPB (version 4) part tcpdump accepts.
    pub const SPB_MIN_LEN: u32 = 87;
}

/// The BPDU flag names tcpdump prints.
const FLAGS: &Tok = &[
    (0x01, "Topology change"),
    (0x02, "Proposal"),
    (0x10, "Learn"),
    (0x20, "Forward"),
    (0x40, "Agreement"),
    (0x80, "Topology change ACK"),
];

/// Protocol versions.
const STP: u8 = 0;
const RSTP: u8 = 2;
const MSTP: u8 = 3;
const SPB: u8 = 4;

/// The versions' names.
const VERSIONS: &Tok = &[
    (STP as u32, "802.1d"),
    (RSTP as u32, "802.1w"),
    (MSTP as u32, "802.1s"),
    (SPB as u32, "802.1aq"),
];

/// The BPDU types' names.
const BPDU_TYPES: &Tok = &[
    (0x00, "Config"),
    (0x02, "Rapid STP"),
    (0x80, "Topology Change"),
];

/// `stp_print`: the BPDU at `p`, `length` bytes long.
pub(crate) fn stp_print<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    e.proto = "stp";
    if length < 4 {
        return e.invalid();
    }
    if e.be16(p + field::PROTOCOL_ID)? != 0 {
        e.s("unknown STP version, length ")?;
        return e.d(length);
    }
    let version = e.u8(p + field::VERSION)?;
    e.s("STP ")?;
    let name = tok::find(VERSIONS, version.into());
    let unknown = Unknown::hex2("Unknown STP protocol (0x", ")");
    tok::tok2str(e.out, name, version.into(), unknown)?;
    if name.is_none() {
        return Ok(());
    }
    let bpdu_type = e.u8(p + field::TYPE)?;
    e.s(", ")?;
    let unknown = Unknown::hex2("Unknown BPDU Type (0x", ")");
    let name = tok::find(BPDU_TYPES, bpdu_type.into());
    tok::tok2str(e.out, name, bpdu_type.into(), unknown)?;
    match (bpdu_type, version) {
        (0x00, _) if length < field::CONFIG_LEN => e.invalid(),
        (0x00, _) => config_bpdu(e, p, length),
        (0x02, RSTP) if length < field::RSTP_LEN => e.invalid(),
        (0x02, RSTP) => config_bpdu(e, p, length),
        (0x02, MSTP | SPB) => mstp_bpdu(e, p, length, version == SPB),
        _ => Ok(()),
    }
}

/// `stp_print_config_bpdu` without `-v`: the flags, bridge ID, port ID and length.
fn config_bpdu<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32) -> R {
    let flags = e.u8(p + field::FLAGS)?;
    e.s(", Flags [")?;
    tok::bittok2str(e.out, FLAGS, flags.into(), "none")?;
    e.s("]")?;
    let id = e.bytes(p + field::BRIDGE_ID, 8)?;
    let port = e.be16(p + field::PORT_ID)?;
    e.s(", bridge-id ")?;
    fmtx::hex2(e.out, id[0])?;
    fmtx::hex2(e.out, id[1])?;
    e.s(".")?;
    fmtx::mac(e.out, &id[2..])?;
    e.s(".")?;
    fmtx::hex_pad(e.out, port.into(), 4)?;
    e.s(", length ")?;
    e.d(length)?;
    if e.vflag == 0 {
        return Ok(());
    }
    config_verbose(e, p, flags)
}

/// The port roles (bits 2-3 of the flags).
const PORT_ROLES: &Tok = &[
    (0, "Unknown"),
    (1, "Alternate"),
    (2, "Root"),
    (3, "Designated"),
];

/// A port role's name.
fn port_role(flags: u8) -> &'static str {
    tok::find(PORT_ROLES, ((flags & 0x0c) >> 2).into()).unwrap_or("Unknown")
}

/// `pppp.aa:bb:cc:dd:ee:ff`: the 8-byte bridge ID at `o`.
fn bridge_id<W: Write>(e: &mut Cursor<'_, W>, o: usize) -> R {
    let id = e.bytes(o, 8)?;
    fmtx::hex2(e.out, id[0])?;
    fmtx::hex2(e.out, id[1])?;
    e.s(".")?;
    fmtx::mac(e.out, &id[2..])?;
    Ok(())
}

/// The four timers (message age, max age, hello time, forwarding delay) on their own line.
fn timers<W: Write>(e: &mut Cursor<'_, W>, p: usize) -> R {
    let t = e.bytes(p + 27, 8)?;
    for (i, name) in [
        "\n\tmessage-age ",
        ", max-age ",
        ", hello-time ",
        ", forwarding-delay ",
    ]
    .into_iter()
    .enumerate()
    {
        e.s(name)?;
        let v = u16::from_be_bytes([t[2 * i], t[2 * i + 1]]);
        vfmt::fixed2(e.out, v.into(), 256)?;
        e.s("s")?;
    }
    Ok(())
}

/// The `-v` part of a configuration or RSTP BPDU.
#[cold]
#[inline(never)]
fn config_verbose<W: Write>(e: &mut Cursor<'_, W>, p: usize, flags: u8) -> R {
    timers(e, p)?;
    e.bytes(p + 5, 12)?;
    e.s("\n\troot-id ")?;
    bridge_id(e, p + 5)?;
    e.s(", root-pathcost ")?;
    e.d(e.be32(p + 13)?)?;
    if e.u8(p + field::VERSION)? == RSTP {
        e.s(", port-role ")?;
        e.s(port_role(flags))?;
    }
    Ok(())
}

/// The `-v` part of an MSTP BPDU: the CIST and every MSTI.
#[cold]
#[inline(never)]
fn mstp_verbose<W: Write>(e: &mut Cursor<'_, W>, p: usize, flags: u8) -> R {
    e.s("\n\tport-role ")?;
    e.s(port_role(flags))?;
    e.s(", ")?;
    e.bytes(p + 5, 12)?;
    e.s("CIST root-id ")?;
    bridge_id(e, p + 5)?;
    e.s(", CIST ext-pathcost ")?;
    e.d(e.be32(p + 13)?)?;
    e.bytes(p + field::BRIDGE_ID, 8)?;
    e.s("\n\tCIST regional-root-id ")?;
    bridge_id(e, p + field::BRIDGE_ID)?;
    e.s(", ")?;
    let port = e.be16(p + field::PORT_ID)?;
    e.s("CIST port-id ")?;
    fmtx::hex_pad(e.out, port.into(), 4)?;
    e.s(",")?;
    timers(e, p)?;
    let v3len = e.be16(p + field::V3_LENGTH)?;
    e.s("\n\tv3len ")?;
    e.d(v3len)?;
    e.s(", MCID Name ")?;
    vfmt::printjnp(e, p + 39, 32)?;
    let rev = e.be16(p + 71)?;
    e.bytes(p + 73, 16)?;
    e.s(", rev ")?;
    e.d(rev)?;
    e.s(",\n\t\tdigest ")?;
    vfmt::words_hex(e, p + 73, 4)?;
    e.s(", ")?;
    let cost = e.be32(p + 89)?;
    e.s("CIST int-root-pathcost ")?;
    e.d(cost)?;
    e.s(",")?;
    e.bytes(p + 93, 8)?;
    e.s("\n\tCIST bridge-id ")?;
    bridge_id(e, p + 93)?;
    e.s(", ")?;
    let hops = e.u8(p + 101)?;
    e.s("CIST remaining-hops ")?;
    e.d(hops)?;
    if v3len > 64 {
        let mut len = v3len - 64;
        let mut o = p + 102;
        while len >= 16 {
            let msti = e.be16(o + 1)? & 0x0fff;
            let f = e.u8(o)?;
            e.s("\n\tMSTI ")?;
            e.d(msti)?;
            e.s(", Flags [")?;
            tok::bittok2str(e.out, FLAGS, f.into(), "none")?;
            e.s("], port-role ")?;
            e.s(port_role(f))?;
            e.bytes(o + 1, 12)?;
            e.s("\n\t\tMSTI regional-root-id ")?;
            bridge_id(e, o + 1)?;
            e.s(", pathcost ")?;
            e.d(e.be32(o + 9)?)?;
            let b = e.bytes(o + 13, 3)?;
            e.s("\n\t\tMSTI bridge-prio ")?;
            e.d(b[0] >> 4)?;
            e.s(", port-prio ")?;
            e.d(b[1] >> 4)?;
            e.s(", hops ")?;
            e.d(b[2])?;
            len -= 16;
            o += 16;
        }
    }
    Ok(())
}

/// The `-v` part of SPB's version 4 fields at `o`.
#[cold]
#[inline(never)]
fn spb_verbose<W: Write>(e: &mut Cursor<'_, W>, o: usize) -> R {
    let v4len = e.be16(o)?;
    e.s("\n\tv4len ")?;
    e.d(v4len)?;
    e.s(", AUXMCID Name ")?;
    vfmt::printjnp(e, o + 3, 32)?;
    let rev = e.be16(o + 35)?;
    e.bytes(o + 37, 16)?;
    e.s(", Rev ")?;
    e.d(rev)?;
    e.s(",\n\t\tdigest ")?;
    vfmt::words_hex(e, o + 37, 4)?;
    let a = e.u8(o + 53)?;
    let format = e.u8(o + 55)?;
    let con = e.u8(o + 56)?;
    let edge = e.be16(o + 57)?;
    e.bytes(o + 67, 20)?;
    e.s("\n\tAgreement num ")?;
    e.d(a >> 6)?;
    e.s(", Discarded Agreement num ")?;
    e.d((a >> 4) & 3)?;
    e.s(", Agreement valid-flag ")?;
    e.d((a >> 3) & 1)?;
    e.s(",\n\tRestricted role-flag: ")?;
    e.d((a >> 2) & 1)?;
    e.s(", Format id ")?;
    e.d(format >> 4)?;
    e.s(" cap ")?;
    e.d(format)?;
    e.s(", Convention id ")?;
    e.d(con >> 4)?;
    e.s(" cap ")?;
    e.d(con)?;
    e.s(",\n\tEdge count ")?;
    e.d(edge)?;
    e.s(", Agreement digest ")?;
    vfmt::words_hex(e, o + 67, 5)
}

/// An MSTP (or SPB, `spb`) BPDU after its checks: the CIST flags and the length.
fn mstp_bpdu<W: Write>(e: &mut Cursor<'_, W>, p: usize, length: u32, spb: bool) -> R {
    if length < field::MSTP_MIN_LEN || e.u8(p + field::V1_LENGTH)? != 0 {
        return e.invalid();
    }
    let mstp_len = u32::from(e.be16(p + field::V3_LENGTH)?) + 2;
    if length < field::RSTP_LEN + mstp_len {
        return e.invalid();
    }
    let flags = e.u8(p + field::FLAGS)?;
    e.s(", CIST Flags [")?;
    tok::bittok2str(e.out, FLAGS, flags.into(), "none")?;
    e.s("], length ")?;
    e.d(length)?;
    if e.vflag > 0 {
        mstp_verbose(e, p, flags)?;
    }
    if spb {
        let at = p + field::V3_LENGTH + mstp_len as usize;
        let spb_len = u32::from(e.be16(at)?) + 2;
        if length < field::RSTP_LEN + mstp_len + spb_len || spb_len < field::SPB_MIN_LEN {
            return e.invalid();
        }
        if e.vflag > 0 {
            spb_verbose(e, at)?;
        }
    }
    Ok(())
}
