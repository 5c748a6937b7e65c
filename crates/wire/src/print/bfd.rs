//! Bidirectional Forwarding Detection (RFC 5880, 5881, 5883, 7130) over UDP: tcpdump's
//! `bfd_print` without `-v`, picked by destination port.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The UDP ports tcpdump hands to `bfd_print` (by destination).
pub(crate) const CONTROL_PORT: u16 = 3784;
pub(crate) const ECHO_PORT: u16 = 3785;
pub(crate) const MULTIHOP_PORT: u16 = 4784;
pub(crate) const LAG_PORT: u16 = 6784;

/// The length of a control packet's mandatory section, which tcpdump checks is captured.
const HEADER_LEN: usize = 24;
/// Field offset: the flags (state in the top two bits in version 1).
const FLAGS: usize = 1;

/// Version 0's flag bits in tcpdump's order.
const V0_FLAGS: &Tok = &[
    (0x80, "I Hear You"),
    (0x40, "Demand"),
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Reserved"),
    (0x01, "Reserved"),
];

/// Version 1's flag bits (below the state) in tcpdump's order.
const V1_FLAGS: &Tok = &[
    (0x20, "Poll"),
    (0x10, "Final"),
    (0x08, "Control Plane Independent"),
    (0x04, "Authentication Present"),
    (0x02, "Demand"),
    (0x01, "Multipoint"),
];

/// `BFDv1, Control, State Up, Flags: [none], length: 24` and the echo and other forms; `port`
/// is the destination port that chose this printer.
pub(crate) fn bfd_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32, port: u16) -> R {
    c.proto = "bfd";
    let kind = match port {
        CONTROL_PORT => "Control",
        MULTIHOP_PORT => "Multihop",
        LAG_PORT => "Lag",
        _ => {
            c.s("BFD, Echo, length: ")?;
            return c.d(len);
        }
    };
    if !c.test(bp, HEADER_LEN) {
        return Err(c.jump());
    }
    let version = c.u8(bp)? >> 5;
    let flags = c.u8(bp + FLAGS)?;
    match version {
        0 => {
            c.s("BFDv0, Control, Flags: [")?;
            tok::bittok2str(c.out, V0_FLAGS, flags.into(), "none")?;
        }
        1 => {
            c.s("BFDv1, ")?;
            c.s(kind)?;
            c.s(", State ")?;
            c.s(["AdminDown", "Down", "Init", "Up"][(flags >> 6) as usize])?;
            c.s(", Flags: [")?;
            tok::bittok2str(c.out, V1_FLAGS, (flags & 0x3f).into(), "none")?;
        }
        v => {
            c.s("BFDv")?;
            c.d(v)?;
            c.s(", Control, length: ")?;
            return c.d(len);
        }
    }
    c.s("], length: ")?;
    c.d(len)
}
