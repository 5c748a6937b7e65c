//! tcpdump's `ndo_ll_hdr_len` for the 802.11 link types: the bytes `-x`, `-X` and `-A` skip,
//! as `ieee802_11_print` and the radio header printers count them.

use super::radio::{is_avs, PRISM_HDRLEN};
use super::{fc_subtype, fc_type, mac_header_len, protected, T_DATA};
use crate::dump::llc_len;

/// The link-layer header length of a record of `linktype` (an 802.11 one).
pub(crate) fn header_len(linktype: u32, data: &[u8], orig_len: u32, hflag: bool) -> usize {
    let length = orig_len as usize;
    match linktype {
        super::super::IEEE802_11 => frame_len(data, length, false, 0, hflag),
        super::super::IEEE802_11_RADIO => radiotap_len(data, length, hflag),
        super::super::IEEE802_11_RADIO_AVS => avs_len(data, length, hflag),
        super::super::PRISM_HEADER => prism_len(data, length, hflag),
        super::super::PPI => ppi_len(data, length, hflag),
        _ => 0,
    }
}

/// `ieee802_11_print`'s count for the frame at `data`, `length` bytes on the wire.
fn frame_len(data: &[u8], length: usize, pad: bool, fcslen: usize, hflag: bool) -> usize {
    let mut caplen = data.len();
    if length < fcslen {
        return caplen;
    }
    let length = length - fcslen;
    caplen = caplen.min(length);
    if caplen < 2 {
        return data.len();
    }
    let hdrlen = mac_header_len(&data[..caplen], pad, hflag);
    if hdrlen == 0 || caplen < hdrlen {
        return hdrlen;
    }
    let fc = u16::from_le_bytes([data[0], data[1]]);
    if fc_type(fc) == T_DATA && fc_subtype(fc) & 0x4 == 0 && !protected(fc) {
        return hdrlen + llc_len(&data[hdrlen..caplen], length - hdrlen);
    }
    hdrlen
}

/// The radiotap header's length and what follows it.
fn radiotap_len(data: &[u8], length: usize, hflag: bool) -> usize {
    let caplen = data.len();
    if caplen < 8 {
        return caplen;
    }
    let len = usize::from(u16::from_le_bytes([data[2], data[3]]));
    if len < 8 || caplen < len {
        return caplen;
    }
    let word = |o: usize| u32::from_le_bytes([data[o], data[o + 1], data[o + 2], data[o + 3]]);
    let mut last = 4;
    while last + 4 <= len && word(last) & 1 << 31 != 0 {
        last += 4;
    }
    if last + 4 > len {
        return caplen;
    }
    // The flags field (bit 1), after the 8-byte aligned TSFT (bit 0) when that is present.
    let present = word(4);
    let mut flags = 0;
    if present & 2 != 0 {
        let mut at = last + 4;
        if present & 1 != 0 {
            at = at.div_ceil(8) * 8 + 8;
        }
        if at < len {
            flags = data[at];
        }
    }
    let fcslen = if flags & 0x10 != 0 { 4 } else { 0 };
    len + frame_len(
        &data[len..],
        length.saturating_sub(len),
        flags & 0x20 != 0,
        fcslen,
        hflag,
    )
}

/// The AVS header's length and what follows it.
fn avs_len(data: &[u8], length: usize, hflag: bool) -> usize {
    let caplen = data.len();
    if caplen < 8 {
        return caplen;
    }
    let hl = u32::from_be_bytes([data[4], data[5], data[6], data[7]]) as usize;
    if hl < 8 || caplen < hl {
        return caplen;
    }
    hl + frame_len(&data[hl..], length.saturating_sub(hl), false, 0, hflag)
}

/// The Prism header's length and what follows it.
fn prism_len(data: &[u8], length: usize, hflag: bool) -> usize {
    let caplen = data.len();
    if caplen < 4 {
        return caplen;
    }
    if is_avs(u32::from_be_bytes([data[0], data[1], data[2], data[3]])) {
        return avs_len(data, length, hflag);
    }
    let hl = PRISM_HDRLEN as usize;
    if caplen < hl {
        return caplen;
    }
    hl + frame_len(&data[hl..], length.saturating_sub(hl), false, 0, hflag)
}

/// The PPI header's length and, twice as tcpdump 4.99 adds it, the inner link header's.
fn ppi_len(data: &[u8], length: usize, hflag: bool) -> usize {
    let caplen = data.len();
    if caplen < 8 {
        return caplen;
    }
    let len = usize::from(u16::from_le_bytes([data[2], data[3]]));
    if !(8..=65532).contains(&len) || caplen < len {
        return caplen;
    }
    let dlt = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
    let inner = &data[len..];
    let length = length.saturating_sub(len);
    let n = match dlt {
        super::super::IEEE802_11 => frame_len(inner, length, false, 0, hflag),
        super::super::IEEE802_11_RADIO => radiotap_len(inner, length, hflag),
        super::super::IEEE802_11_RADIO_AVS => avs_len(inner, length, hflag),
        super::super::PRISM_HEADER => prism_len(inner, length, hflag),
        _ if dlt == 1 || super::radio::inner_printer(dlt) => {
            crate::dump::link_header_len(dlt, inner, length as u32, hflag)
        }
        _ => 0,
    };
    len + 2 * n
}
