//! The names 802.15.4-2015 gives frame types, header and payload information elements, MLME
//! sub-elements and MAC commands, as tcpdump prints them (`Reserved 0xNN` for the numbers
//! without one).

use core::fmt::{self, Write};

/// The frame types (table 7-1).
pub(super) const FRAME_TYPES: [&str; 8] = [
    "Beacon",
    "Data",
    "ACK",
    "Command",
    "Reserved",
    "Multipurpose",
    "Fragment",
    "Extended",
];

/// Looks `id` up in `table`, else writes `Reserved 0xNN`.
fn named(out: &mut impl Write, table: &[(u8, &str)], id: u8) -> fmt::Result {
    match table.iter().find(|(n, _)| *n == id) {
        Some((_, s)) => out.write_str(s),
        None => write!(out, "Reserved 0x{id:02x}"),
    }
}

/// The header information elements with a name (table 7-7).
const HEADER_IES: &[(u8, &str)] = &[
    (0x00, "Vendor Specific Header IE"),
    (0x1a, "LE CSL IE"),
    (0x1b, "LE RIT IE"),
    (0x1c, "DSME PAN descriptor IE"),
    (0x1d, "Rendezvous Time IE"),
    (0x1e, "Time Correction IE"),
    (0x21, "Extended DSME PAN descriptor IE"),
    (0x22, "Fragment Sequence Context Description IE"),
    (0x23, "Simplified Superframe Specification IE"),
    (0x24, "Simplified GTS Specification IE"),
    (0x25, "LECIM Capabilities IE"),
    (0x26, "TRLE Descriptor IE"),
    (0x27, "RCC Capabilities IE"),
    (0x28, "RCCN Descriptor IE"),
    (0x29, "Global Time IE"),
    (0x2a, "Omnibus Header IE"),
    (0x2b, "DA IE"),
    (0x7e, "Header Termination 1 IE"),
    (0x7f, "Header Termination 2 IE"),
];

/// A header information element's name (`id` below 0x80).
pub(super) fn header_ie(out: &mut impl Write, id: u8) -> fmt::Result {
    named(out, HEADER_IES, id)
}

/// The payload information element groups with a name (table 7-15).
const PAYLOAD_IES: &[(u8, &str)] = &[
    (0x0, "ESDU IE"),
    (0x1, "MLME IE"),
    (0x2, "Vendor Specific Nested IE"),
    (0x3, "Multiplexed IE (802.15.9)"),
    (0x4, "Omnibus Payload Group IE"),
    (0x5, "IETF IE"),
    (0xf, "List termination"),
];

/// A payload information element group's name (`id` below 0x10).
pub(super) fn payload_ie(out: &mut impl Write, id: u8) -> fmt::Result {
    named(out, PAYLOAD_IES, id)
}

/// The short-format MLME sub-elements with a name (table 7-16).
const MLME_SHORT: &[(u8, &str)] = &[
    (0x1a, "TSCH Synchronization IE"),
    (0x1b, "TSCH Slotframe and Link IE"),
    (0x1c, "TSCH Timeslot IE"),
    (0x1d, "Hopping timing IE"),
    (0x1e, "Enhanced Beacon Filter IE"),
    (0x1f, "MAC Metrics IE"),
    (0x20, "All MAC Metrics IE"),
    (0x21, "Coexistence Specification IE"),
    (0x22, "SUN Device Capabilities IE"),
    (0x23, "SUN FSK Generic PHY IE"),
    (0x24, "Mode Switch Parameter IE"),
    (0x25, "PHY Parameter Change IE"),
    (0x26, "O-QPSK PHY Mode IE"),
    (0x27, "PCA Allocation IE"),
    (0x28, "LECIM DSSS Operating Mode IE"),
    (0x29, "LECIM FSK Operating Mode IE"),
    (0x2b, "TVWS PHY Operating Mode Description IE"),
    (0x2c, "TVWS Device Capabilities IE"),
    (0x2d, "TVWS Device Category IE"),
    (0x2e, "TVWS Device Identiication IE"),
    (0x2f, "TVWS Device Location IE"),
    (0x30, "TVWS Channel Information Query IE"),
    (0x31, "TVWS Channel Information Source IE"),
    (0x32, "CTM IE"),
    (0x33, "Timestamp IE"),
    (0x34, "Timestamp Difference IE"),
    (0x35, "TMCTP Specification IE"),
    (0x36, "RCC PHY Operating Mode IE"),
];

/// A short-format MLME sub-element's name (`id` below 0x80).
pub(super) fn mlme_short(out: &mut impl Write, id: u8) -> fmt::Result {
    if id < 0x10 {
        return write!(out, "Reserved for long format 0x{id:x}");
    }
    named(out, MLME_SHORT, id)
}

/// A long-format MLME sub-element's name (`id` below 0x10, table 7-17).
pub(super) fn mlme_long(out: &mut impl Write, id: u8) -> fmt::Result {
    named(
        out,
        &[
            (0x08, "Vendor Specific MLME Nested IE"),
            (0x09, "Channel Hopping IE"),
        ],
        id,
    )
}

/// The MAC commands with a name (table 7-49).
const COMMANDS: &[(u8, &str)] = &[
    (0x01, "Association Request command"),
    (0x02, "Association Response command"),
    (0x03, "Disassociation Notification command"),
    (0x04, "Data Request command"),
    (0x05, "PAN ID Conflict Notification command"),
    (0x06, "Orphan Notification command"),
    (0x07, "Beacon Request command"),
    (0x08, "Coordinator realignment command"),
    (0x09, "GTS request command"),
    (0x0a, "TRLE Management Request command"),
    (0x0b, "TRLE Management Response command"),
    (0x13, "DSME Association Request command"),
    (0x14, "DSME Association Response command"),
    (0x15, "DSME GTS Request command"),
    (0x16, "DSME GTS Response command"),
    (0x17, "DSME GTS Notify command"),
    (0x18, "DSME Information Request command"),
    (0x19, "DSME Information Response command"),
    (0x1a, "DSME Beacon Allocation Notification command"),
    (0x1b, "DSME Beacon Collision Notification command"),
    (0x1c, "DSME Link Report command"),
    (0x20, "RIT Data Request command"),
    (0x21, "DBS Request command"),
    (0x22, "DBS Response command"),
    (0x23, "RIT Data Response command"),
    (0x24, "Vendor Specific command"),
];

/// A MAC command's name (`id` below 0x30).
pub(super) fn command(out: &mut impl Write, id: u8) -> fmt::Result {
    named(out, COMMANDS, id)
}
