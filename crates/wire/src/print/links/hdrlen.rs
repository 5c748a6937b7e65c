//! tcpdump's `ndo_ll_hdr_len` for the link types of this module: the bytes `-x`, `-X` and `-A`
//! skip, as each `*_if_print` counts them.

use crate::dump::link_header_len;
use crate::LinkType;

/// The link-layer header length of a record of `linktype` (one [`super::supported`] says is).
pub(crate) fn header_len(linktype: u32, data: &[u8], orig_len: u32, hflag: bool) -> usize {
    let caplen = data.len();
    let length = orig_len as usize;
    let at = |i: usize| data.get(i).copied();
    match linktype {
        super::SLIP => {
            if caplen < 16 {
                0
            } else {
                16
            }
        }
        super::PPP => caplen.min(4),
        super::PPP_HDLC => match at(0) {
            _ if caplen < 2 => caplen,
            Some(0x0f | 0x8f) => chdlc_len(data, length),
            Some(0xff) if caplen >= 4 => 4,
            Some(_) if caplen >= 4 => 2,
            _ => caplen,
        },
        super::C_HDLC => chdlc_len(data, length),
        super::FRELAY => {
            if caplen < 4 {
                caplen
            } else {
                fr_len(data, length)
            }
        }
        super::MFR => {
            if caplen < 2 {
                caplen
            } else if length < 4 || caplen < 4 {
                length
            } else {
                let bec = data[0] & 0xe0;
                if bec == 0xe0 && data[1] == 0 {
                    3
                } else if bec == 0xc0 || bec == 0x80 {
                    2
                } else {
                    0
                }
            }
        }
        super::IPOIB => {
            if caplen < 44 {
                caplen
            } else if length < 44 {
                length
            } else {
                44
            }
        }
        super::IPNET => {
            if caplen < 24 {
                0
            } else {
                24
            }
        }
        super::VSOCK => caplen.min(32),
        super::NFLOG => nflog_len(data, length),
        super::DSA_TAG_BRCM => tagged_len(data, orig_len, 4),
        super::DSA_TAG_DSA => tagged_len(data, orig_len, 4),
        super::DSA_TAG_EDSA => tagged_len(data, orig_len, 8),
        super::DSA_TAG_BRCM_PREPEND => {
            if caplen < 4 {
                0
            } else {
                4 + link_header_len(
                    LinkType::ETHERNET.0,
                    &data[4..],
                    orig_len.saturating_sub(4),
                    hflag,
                )
            }
        }
        195 | 230 | 283 => super::ieee802154::header_len(data, linktype == 283),
        super::IEEE802_11
        | super::IEEE802_11_RADIO
        | super::IEEE802_11_RADIO_AVS
        | super::PRISM_HEADER
        | super::PPI => super::wlan::header_len(linktype, data, orig_len, hflag),
        super::TOKEN_RING
        | super::ARCNET
        | super::FDDI
        | super::SYMANTEC
        | super::ENC
        | super::LTALK
        | super::PFLOG
        | super::IP_OVER_FC
        | super::ARCNET_LINUX
        | super::AP1394
        | super::USER2
        | super::USB_LINUX
        | super::BT_H4_PHDR
        | super::USB_LINUX_MMAPPED
        | super::NETANALYZER
        | super::NETANALYZER_TRANSPARENT
        | super::PKTAP => super::hdrlen_lan::header_len(linktype, data, orig_len, hflag),
        // Juniper, ATM and the aliases of other printers (issue 22).
        lt if super::juniper::supported(lt) => super::juniper::header_len(lt, data, orig_len),
        lt if super::atm::supported(lt) => super::atm::header_len(lt, data, orig_len),
        lt if super::alias::supported(lt) => super::alias::header_len(lt, data, orig_len),
        _ => 0,
    }
}

/// `chdlc_print`'s count: the 4-byte header, or all that is captured of a frame cut short
/// (shorter than the header, or OSI with less than two bytes after it).
fn chdlc_len(data: &[u8], length: usize) -> usize {
    let iso = data.get(2..4) == Some(&[0xfe, 0xfe][..]);
    if length < 4 || (iso && length < 6) {
        data.len()
    } else {
        4
    }
}

/// `fr_print`'s count: the address, control, pad and NLPID (the address and EtherType of
/// Cisco's encapsulation); 0 for an invalid or cut address.
fn fr_len(data: &[u8], length: usize) -> usize {
    let at = |i: usize| data.get(i).copied();
    let Some(b0) = at(0) else { return 0 };
    if b0 & 1 != 0 {
        return 0;
    }
    let Some(b1) = at(1) else { return 0 };
    let mut al = 2;
    let dlci_nonzero = (b0 & 0xfc) != 0 || (b1 & 0xf0) != 0 || b1 & 1 == 0;
    if b1 & 1 == 0 {
        let Some(mut b) = at(2) else { return 0 };
        al = 3;
        if b & 1 == 0 {
            al = 4;
            let Some(n) = at(3) else { return 0 };
            b = n;
        }
        if b & 1 == 0 {
            return 0;
        }
    }
    let Some(ctl) = at(al) else { return 0 };
    if length < al + 1 {
        return 0;
    }
    if ctl != 0x03 && dlci_nonzero && at(al + 1).is_some() && length >= al + 2 {
        let et = u16::from_be_bytes([data[al], data[al + 1]]);
        if crate::print::next::ethertype_has_printer(et) {
            return al + 2;
        }
    }
    let Some(pad) = at(al + 1) else { return 0 };
    let hdr = if pad == 0 { al + 3 } else { al + 2 };
    if at(hdr - 1).is_none() || length < hdr {
        return 0;
    }
    hdr
}

/// `nflog_if_print`'s count: the header and the TLVs up to the payload's TLV header.
fn nflog_len(data: &[u8], length: usize) -> usize {
    let caplen = data.len();
    if caplen < 4 {
        return caplen;
    }
    if data[1] != 0 {
        // A version tcpdump does not know: the header alone.
        return 4;
    }
    let (mut p, mut length, mut caplen) = (4usize, length.wrapping_sub(4), caplen - 4);
    while length > 0 {
        if caplen < 4 {
            break;
        }
        let mut size = usize::from(u16::from_le_bytes([data[p], data[p + 1]]));
        if size % 4 != 0 {
            size += 4 - size % 4;
        }
        if size < 4 || caplen < size {
            break;
        }
        if u16::from_le_bytes([data[p + 2], data[p + 3]]) == 9 {
            p += 4;
            break;
        }
        p += size;
        length = length.wrapping_sub(size);
        caplen -= size;
    }
    p
}

/// `ether_common_print`'s count with a switch tag of `tag` bytes after the addresses.
fn tagged_len(data: &[u8], orig_len: u32, tag: usize) -> usize {
    if data.len() < 14 + tag {
        return data.len();
    }
    let mut v = data[..12].to_vec();
    v.extend_from_slice(&data[12 + tag..]);
    tag + link_header_len(
        LinkType::ETHERNET.0,
        &v,
        orig_len.saturating_sub(tag as u32),
        false,
    )
}
