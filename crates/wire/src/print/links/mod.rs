//! The link types beyond Ethernet, the cooked headers, NULL/LOOP and raw IP: each prints its
//! header as tcpdump 4.99 does and names the layer it carries for [`crate::print::walk`].
//!
//! - [`switch`]: Ethernet with a switch chip's tag (Marvell DSA and EDSA, Broadcom).
//! - [`misc`]: IP over InfiniBand, Solaris `ipnet`, Linux vsock monitoring, Linux NFLOG.
//! - [`slip`]: SLIP with its Van Jacobson compression header.
//! - [`chdlc`]: Cisco HDLC and SLARP, and the OSI NLPID dispatch.
//! - [`fr`]: Frame Relay, FRF.15, FRF.16 multilink and Q.933/LMI.
//! - [`ppp`]: PPP and PPP in HDLC-like framing (the protocols in `print/pppoe.rs`).
//! - [`juniper`]: the Juniper PIC pseudo-headers; [`atm`]: RFC 1483, SunATM, classical IP
//!   and OAM cells; [`alias`]: link types printed by the printers of others.
//! - [`lan`], [`arcnet`], [`atalk`], [`encap`], [`pktap`], [`host`]: FDDI, Token Ring,
//!   ARCNET, LocalTalk, netANALYZER, enc, pflog, IP over FC and IEEE 1394, Symantec, PKTAP,
//!   USB and Bluetooth.
//! - [`wlan`]: IEEE 802.11 bare and behind radiotap, AVS, Prism and PPI headers.

mod alias;
mod arcnet;
mod atalk;
mod atm;
mod chdlc;
mod encap;
mod fr;
mod hdrlen;
mod hdrlen_lan;
mod host;
mod ieee802154;
mod juniper;
mod juniper_tables;
mod lan;
mod misc;
mod pktap;
mod ppp;
mod slip;
mod switch;
mod wlan;

pub(crate) use atalk::ethertalk_print;
pub(crate) use chdlc::{isoclns_print, nlpid_name};
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
/// `LINKTYPE_IEEE802_5` (6, Token Ring).
pub(crate) const TOKEN_RING: u32 = 6;
/// `LINKTYPE_ARCNET_BSD` (7).
pub(crate) const ARCNET: u32 = 7;
/// `LINKTYPE_FDDI` (10).
pub(crate) const FDDI: u32 = 10;
/// `LINKTYPE_SYMANTEC_FIREWALL` (99).
pub(crate) const SYMANTEC: u32 = 99;
/// `LINKTYPE_ENC` (109).
pub(crate) const ENC: u32 = 109;
/// `LINKTYPE_LTALK` (114).
pub(crate) const LTALK: u32 = 114;
/// `LINKTYPE_PFLOG` (117).
pub(crate) const PFLOG: u32 = 117;
/// `LINKTYPE_IP_OVER_FC` (122).
pub(crate) const IP_OVER_FC: u32 = 122;
/// `LINKTYPE_ARCNET_LINUX` (129).
pub(crate) const ARCNET_LINUX: u32 = 129;
/// `LINKTYPE_APPLE_IP_OVER_IEEE1394` (138).
pub(crate) const AP1394: u32 = 138;
/// `LINKTYPE_USER2` (149): PKTAP as macOS wrote it.
pub(crate) const USER2: u32 = 149;
/// `LINKTYPE_USB_LINUX` (189).
pub(crate) const USB_LINUX: u32 = 189;
/// `LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR` (201).
pub(crate) const BT_H4_PHDR: u32 = 201;
/// `LINKTYPE_USB_LINUX_MMAPPED` (220).
pub(crate) const USB_LINUX_MMAPPED: u32 = 220;
/// `LINKTYPE_NETANALYZER` (240).
pub(crate) const NETANALYZER: u32 = 240;
/// `LINKTYPE_NETANALYZER_TRANSPARENT` (241).
pub(crate) const NETANALYZER_TRANSPARENT: u32 = 241;
/// `LINKTYPE_PKTAP` (258).
pub(crate) const PKTAP: u32 = 258;
/// `LINKTYPE_IEEE802_11` (105).
pub(crate) const IEEE802_11: u32 = 105;
/// `LINKTYPE_IEEE802_11_RADIO` (127, radiotap).
pub(crate) const IEEE802_11_RADIO: u32 = 127;
/// `LINKTYPE_IEEE802_11_RADIO_AVS` (163).
pub(crate) const IEEE802_11_RADIO_AVS: u32 = 163;
/// `LINKTYPE_PRISM_HEADER` (119).
pub(crate) const PRISM_HEADER: u32 = 119;
/// `LINKTYPE_PPI` (192).
pub(crate) const PPI: u32 = 192;
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
            | IEEE802_11
            | IEEE802_11_RADIO
            | IEEE802_11_RADIO_AVS
            | PRISM_HEADER
            | PPI
            | TOKEN_RING
            | ARCNET
            | FDDI
            | SYMANTEC
            | ENC
            | LTALK
            | PFLOG
            | IP_OVER_FC
            | ARCNET_LINUX
            | AP1394
            | USER2
            | USB_LINUX
            | BT_H4_PHDR
            | USB_LINUX_MMAPPED
            | NETANALYZER
            | NETANALYZER_TRANSPARENT
            | PKTAP
    ) || juniper::supported(linktype)
        || atm::supported(linktype)
        || alias::supported(linktype)
        || IEEE802_15_4.contains(&linktype)
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
        IEEE802_11 => wlan::ieee802_11_if_print(c, length, caplen),
        IEEE802_11_RADIO => wlan::radio::radiotap_if_print(c, length, caplen),
        IEEE802_11_RADIO_AVS => wlan::radio::avs_if_print(c, length, caplen),
        PRISM_HEADER => wlan::radio::prism_if_print(c, length, caplen),
        PPI => wlan::radio::ppi_if_print(c, length, caplen),
        TOKEN_RING => lan::token_print(c, length, caplen),
        ARCNET => arcnet::arcnet_print(c, length, caplen),
        FDDI => lan::fddi_print(c, length, caplen),
        SYMANTEC => encap::symantec_print(c, length, caplen),
        ENC => encap::enc_print(c, length),
        LTALK => atalk::llap_print(c, length),
        PFLOG => encap::pflog_print(c, length, caplen),
        IP_OVER_FC => encap::ipfc_print(c, length, caplen),
        ARCNET_LINUX => arcnet::arcnet_linux_print(c, length, caplen),
        AP1394 => encap::ap1394_print(c, length, caplen),
        USER2 | PKTAP => pktap::pktap_print(c, length, caplen),
        USB_LINUX => host::usb_print(c, 48),
        USB_LINUX_MMAPPED => host::usb_print(c, 64),
        BT_H4_PHDR => host::bt_print(c, length, caplen),
        NETANALYZER => encap::netanalyzer_print(c, 4, length, caplen),
        NETANALYZER_TRANSPARENT => encap::netanalyzer_print(c, 12, length, caplen),
        // Juniper, ATM and the aliases of other printers (issue 22).
        lt if juniper::supported(lt) => juniper::juniper_if_print(c, lt, length, caplen),
        lt if atm::supported(lt) => atm::atm_link_print(c, lt, length, caplen),
        lt if alias::supported(lt) => alias::alias_print(c, lt, length, caplen),
        // `supported` admits no other link type than IEEE 802.15.4's here.
        _ => ieee802154::if_print(c, linktype == IEEE802_15_4[2]),
    }
}
