//! 802.1X EAPOL frames (EtherType 0x888e; tcpdump's `eapol_print`) at tcpdump's default
//! verbosity: the frame type, version and length (the EAP packet inside is shown with `-v`
//! only, which this printer does not decode).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};

/// Field offsets of the EAPOL header.
mod field {
    /// The protocol version.
    pub const VERSION: usize = 0;
    /// The packet type.
    pub const TYPE: usize = 1;
    /// The body's length.
    pub const LENGTH: usize = 2;
    /// The header's length.
    pub const LEN: usize = 4;
}

/// `eapol_print`: the EAPOL header at `p`.
pub(crate) fn eapol_print<W: Write>(e: &mut Cursor<'_, W>, p: usize) -> R {
    e.proto = "eap";
    if !e.test(p, field::LEN) {
        return Err(Stop::Trunc);
    }
    let t = e.u8(p + field::TYPE)?;
    let version = e.u8(p + field::VERSION)?;
    let len = e.be16(p + field::LENGTH)?;
    e.s(match t {
        0 => "EAP packet",
        1 => "EAPOL start",
        2 => "EAPOL logoff",
        3 => "EAPOL key",
        4 => "Encapsulated ASF alert",
        _ => "unknown",
    })?;
    e.s(" (")?;
    e.d(t)?;
    e.s(") v")?;
    e.d(version)?;
    e.s(", len ")?;
    e.d(len)
}
