//! The IPsec headers tcpdump prints without decrypting: ESP (tcpdump's `esp_print` without
//! `-E`), AH (`ah_print`, whose payload the IP dispatch then prints) and IPComp
//! (`ipcomp_print`).

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::fmtx;

/// ESP's SPI and sequence number.
const ESP_HDR_LEN: usize = 8;

/// `esp_print`: `ESP(spi=0x...,seq=0x...), length N`. tcpdump wants a byte past the SPI and
/// sequence number captured.
pub(crate) fn esp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "esp";
    if !c.test(bp, ESP_HDR_LEN + 1) {
        return Err(Stop::Trunc);
    }
    c.s("ESP(spi=0x")?;
    fmtx::hex_pad(c.out, c.be32(bp)?.into(), 8)?;
    c.s(",seq=0x")?;
    c.x(c.be32(bp + 4)?)?;
    c.s("), length ")?;
    c.d(length)
}

/// `ah_print`: the header, `AH(...): `; the header's length in bytes (the payload, of the next
/// header at `bp`, follows).
pub(crate) fn ah_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R<usize> {
    c.proto = "ah";
    c.s("AH")?;
    let ah_len = c.u8(bp + 1)?;
    let hdr_len = (usize::from(ah_len) + 2) * 4;
    c.s("(")?;
    if c.vflag > 0 {
        c.s("length=")?;
        c.d(ah_len)?;
        c.s("(")?;
        c.d(hdr_len as u64)?;
        c.s("-bytes),")?;
    }
    let reserved = c.be16(bp + 2)?;
    if reserved != 0 {
        c.s("reserved=0x")?;
        c.x(reserved)?;
        c.s("[MustBeZero],")?;
    }
    // Each field is read before its label prints (tcpdump's arguments are evaluated first).
    let spi = c.be32(bp + 4)?;
    c.s("spi=0x")?;
    fmtx::hex_pad(c.out, spi.into(), 8)?;
    c.s(",")?;
    let seq = c.be32(bp + 8)?;
    c.s("seq=0x")?;
    c.x(seq)?;
    c.s(",icv=0x")?;
    for o in bp + 12..bp + hdr_len {
        let b = c.u8(o)?;
        c.x02(b)?;
    }
    c.s("): ")?;
    Ok(hdr_len)
}

/// `ipcomp_print`: `IPComp(cpi=0x....)`; the compressed payload is not printed.
pub(crate) fn ipcomp_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.proto = "ipcomp";
    let cpi = c.be16(bp + 2)?;
    c.s("IPComp(cpi=0x")?;
    fmtx::hex_pad(c.out, cpi.into(), 4)?;
    c.s(")")
}

/// `isakmp_rfc3948_print` (UDP port 4500): a NAT keepalive, or ESP in UDP (`UDP-encap: `).
/// An IKE message (four zero bytes first, [`rfc3948_is_ike`]) goes to the ISAKMP printer
/// instead.
pub(crate) fn isakmp_rfc3948_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    c.proto = "isakmp_rfc3948";
    if length == 1 && c.u8(bp)? == 0xff {
        return c.s("isakmp-nat-keep-alive");
    }
    if length < 4 {
        return c.trunc_here();
    }
    // The non-ESP marker is read (a cut one ends the line here).
    c.be32(bp)?;
    c.s("UDP-encap: ")?;
    esp_print(c, bp, length)
}

/// Whether the datagram on port 4500 at `bp` carries IKE (a zero non-ESP marker).
pub(crate) fn rfc3948_is_ike<W: Write>(c: &Cursor<'_, W>, bp: usize, length: u32) -> bool {
    length >= 4 && c.be32(bp) == Ok(0)
}
