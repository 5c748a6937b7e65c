//! The link types beyond Ethernet, the cooked headers, NULL/LOOP and raw IP: each prints its
//! header as tcpdump 4.99 does and names the layer it carries for [`crate::print::walk`].
//!
//! - [`switch`]: Ethernet with a switch chip's tag (Marvell DSA and EDSA, Broadcom).
//! - [`misc`]: IP over InfiniBand, Solaris `ipnet`, Linux vsock monitoring, Linux NFLOG.
//! - [`slip`]: SLIP with its Van Jacobson compression header.
//! - [`chdlc`]: Cisco HDLC and SLARP, and the OSI NLPID dispatch.
//! - [`fr`]: Frame Relay, FRF.15, FRF.16 multilink and Q.933/LMI.
//! - [`ppp`]: PPP and PPP in HDLC-like framing (the protocols in `print/pppoe.rs`).

mod chdlc;
mod fr;
mod hdrlen;
mod ieee802154;
mod misc;
mod ppp;
mod slip;
mod switch;

pub(crate) use chdlc::isoclns_print;
pub(crate) use fr::q933_print;
pub(crate) use hdrlen::header_len;

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// `LINKTYPE_PPP` (9).
pub(crate) const PPP: u32 = 9;
/// `LINKTYPE_PPP_HDLC` (50, `DLT_PPP_SERIAL`).
pub(crate) const PPP_HDLC: u32 = 50;
/// `LINKTYPE_FRELAY` (107).
pub(crate) const FRELAY: u32 = 107;
/// `LINKTYPE_SLIP` (8).
pub(crate) const SLIP: u32 = 8;
/// `LINKTYPE_NFLOG` (239).
pub(crate) const NFLOG: u32 = 239;
/// `LINKTYPE_MFR` (182).
pub(crate) const MFR: u32 = 182;
/// `LINKTYPE_C_HDLC` (104).
pub(crate) const C_HDLC: u32 = 104;
/// `LINKTYPE_IPNET` (226).
pub(crate) const IPNET: u32 = 226;
/// `LINKTYPE_IPOIB` (242).
pub(crate) const IPOIB: u32 = 242;
/// `LINKTYPE_VSOCK` (271).
pub(crate) const VSOCK: u32 = 271;
/// `LINKTYPE_DSA_TAG_BRCM` (281).
pub(crate) const DSA_TAG_BRCM: u32 = 281;
/// `LINKTYPE_DSA_TAG_BRCM_PREPEND` (282).
pub(crate) const DSA_TAG_BRCM_PREPEND: u32 = 282;
/// `LINKTYPE_DSA_TAG_DSA` (284).
pub(crate) const DSA_TAG_DSA: u32 = 284;
/// `LINKTYPE_DSA_TAG_EDSA` (285).
pub(crate) const DSA_TAG_EDSA: u32 = 285;
/// `LINKTYPE_IEEE802_15_4_WITHFCS` (195), `_NOFCS` (230) and `_TAP` (283).
pub(crate) const IEEE802_15_4: [u32; 3] = [195, 230, 283];

/// Whether [`link_print`] prints `linktype`.
pub(crate) fn supported(linktype: u32) -> bool {
    matches!(
        linktype,
        SLIP | NFLOG
            | MFR
            | PPP
            | PPP_HDLC
            | FRELAY
            | C_HDLC
            | IPNET
            | IPOIB
            | VSOCK
            | DSA_TAG_BRCM
            | DSA_TAG_BRCM_PREPEND
            | DSA_TAG_DSA
            | DSA_TAG_EDSA
    ) || IEEE802_15_4.contains(&linktype)
}

/// Prints the link-layer header of a record of `linktype` (one [`supported`] says is),
/// `length` bytes on the wire and `caplen` captured, and names the layer after it.
#[cold]
#[inline(never)]
pub(crate) fn link_print<W: Write>(
    c: &mut Cursor<'_, W>,
    linktype: u32,
    length: u32,
    caplen: u32,
) -> R {
    match linktype {
        SLIP => slip::sl_print(c, length),
        NFLOG => misc::nflog_print(c, length, caplen),
        PPP => ppp::ppp_if_print(c, length, caplen),
        PPP_HDLC => ppp::ppp_hdlc_if_print(c, length, caplen),
        FRELAY => fr::fr_if_print(c, length, caplen),
        MFR => fr::mfr_if_print(c, length, caplen),
        C_HDLC => chdlc::chdlc_print(c, 0, length),
        IPNET => misc::ipnet_print(c, length, caplen),
        IPOIB => misc::ipoib_print(c, length, caplen),
        VSOCK => misc::vsock_print(c, caplen),
        DSA_TAG_BRCM => switch::tagged_ether_print(c, switch::Tag::Brcm, length, caplen),
        DSA_TAG_BRCM_PREPEND => switch::brcm_prepend_print(c, length, caplen),
        DSA_TAG_DSA => switch::tagged_ether_print(c, switch::Tag::Dsa, length, caplen),
        DSA_TAG_EDSA => switch::tagged_ether_print(c, switch::Tag::Edsa, length, caplen),
        _ => ieee802154::if_print(c, linktype == IEEE802_15_4[2]),
    }
}
