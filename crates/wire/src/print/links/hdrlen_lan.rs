//! tcpdump's `ndo_ll_hdr_len` for the link types of [`super::lan`], [`super::arcnet`],
//! [`super::atalk`], [`super::encap`], [`super::pktap`] and [`super::host`]: the bytes `-x`,
//! `-X` and `-A` skip, as each `*_if_print` counts them (0 where a printer stops through its
//! `longjmp` before counting).

use crate::dump::{link_header_len, llc_len};

/// The link-layer header length of a record of `linktype` (one of the link types above).
pub(crate) fn header_len(linktype: u32, data: &[u8], orig_len: u32, hflag: bool) -> usize {
    let caplen = data.len();
    let length = orig_len as usize;
    let at = |i: usize| data.get(i).copied();
    let fixed = |n: usize| if caplen < n { 0 } else { n };
    let llc_after = |h: usize| h + llc_len(data.get(h..).unwrap_or(&[]), length.saturating_sub(h));
    match linktype {
        super::TOKEN_RING => {
            if caplen < 14 {
                return 14;
            }
            let mut h = 14;
            if data[8] & 0x80 != 0 {
                if caplen < 16 {
                    return h;
                }
                h += usize::from(data[14] & 0x1f);
                if caplen < h {
                    return h;
                }
            }
            if (data[1] & 0xc0) >> 6 == 1 {
                llc_after(h)
            } else {
                h
            }
        }
        super::FDDI => {
            if caplen < 13 {
                caplen
            } else if data[0] & 0xf0 == 0x50 {
                llc_after(13)
            } else {
                13
            }
        }
        super::IP_OVER_FC => {
            if caplen < 16 {
                0
            } else {
                llc_after(16)
            }
        }
        super::ARCNET => {
            let Some(t) = at(2) else { return caplen };
            if matches!(t, 240 | 241 | 0x80) {
                return 3;
            }
            match at(3) {
                None => caplen,
                Some(_) if caplen < 6 => caplen,
                Some(0xff) if caplen < 10 => caplen,
                Some(0xff) => 10,
                Some(_) => 6,
            }
        }
        super::ARCNET_LINUX => {
            let Some(t) = at(4) else { return caplen };
            let h = if matches!(t, 240 | 241 | 0x80) { 5 } else { 8 };
            if caplen < h {
                caplen
            } else {
                h
            }
        }
        super::LTALK => {
            if length < 3 {
                return length;
            }
            if caplen < 3 {
                return caplen;
            }
            let rest = length - 3;
            let need = match data[2] {
                1 => 5,
                2 => 13,
                _ => return 3,
            };
            if rest < need {
                rest
            } else if caplen < 3 + need {
                caplen
            } else {
                3 + need
            }
        }
        super::PFLOG => {
            let Some(l) = at(0) else { return caplen };
            if l < 45 {
                return usize::from(l);
            }
            (usize::from(l) + 3) & !3
        }
        super::ENC => fixed(12),
        super::SYMANTEC => fixed(44),
        super::AP1394 => fixed(18),
        super::USB_LINUX => fixed(48),
        super::USB_LINUX_MMAPPED => fixed(64),
        super::BT_H4_PHDR => fixed(4),
        super::NETANALYZER | super::NETANALYZER_TRANSPARENT => {
            let h = if linktype == super::NETANALYZER {
                4
            } else {
                12
            };
            if caplen < h {
                0
            } else {
                h + link_header_len(1, &data[h..], orig_len.saturating_sub(h as u32), hflag)
            }
        }
        super::PKTAP | super::USER2 => pktap_len_at(data, orig_len, 0, hflag),
        _ => 0,
    }
}

/// `pktap_if_print`'s count inside `depth` PKTAP headers: the PKTAP header and twice the
/// header of the link type inside.
fn pktap_len_at(data: &[u8], orig_len: u32, depth: u8, hflag: bool) -> usize {
    let le32 = |o: usize| {
        data.get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    if orig_len < super::pktap::HDRLEN {
        return 0;
    }
    let (Some(hdrlen), Some(rectype), Some(dlt)) = (le32(0), le32(4), le32(8)) else {
        return 0;
    };
    if hdrlen < super::pktap::HDRLEN || hdrlen > orig_len || data.len() < hdrlen as usize {
        return 0;
    }
    let h = hdrlen as usize;
    let nested = matches!(dlt, super::PKTAP | super::USER2);
    if rectype == 1 && super::pktap::has_printer(dlt) && (!nested || depth < 8) {
        let inner = match dlt {
            12 | 228 | 229 => 0,
            _ if nested => pktap_len_at(&data[h..], orig_len - hdrlen, depth + 1, hflag),
            _ => link_header_len(dlt, &data[h..], orig_len - hdrlen, hflag),
        };
        // tcpdump adds the inner printer's count to its own and then both to the total:
        // the inner header counts twice.
        h + 2 * inner
    } else {
        h
    }
}
