//! IEEE 802.1D/w/s/aq bridge PDUs (STP, RSTP, MSTP, SPB) after LLC SAP 0x42 or Cisco's PVST+
//! SNAP protocol ID (tcpdump's `stp_print`), at tcpdump's default verbosity: the protocol,
//! the BPDU type, the flags and, for configuration BPDUs, the bridge and port IDs.

use core::fmt::Write;

use super::cursor::{Cursor, R};
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
    e.d(length)
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
    if spb {
        let at = p + field::V3_LENGTH + mstp_len as usize;
        let spb_len = u32::from(e.be16(at)?) + 2;
        if length < field::RSTP_LEN + mstp_len + spb_len || spb_len < field::SPB_MIN_LEN {
            return e.invalid();
        }
    }
    Ok(())
}
