//! BGP's VPLS and L2VPN routes (`decode_labeled_vpn_l2`). tcpdump writes this text into a
//! 164-byte buffer (`MAXHOSTNAMELEN + 100` on Linux) and prints it once whole: the text is
//! cut where the buffer ends, and once it is full the circuit status vector's bytes are no
//! longer read past (the read position moves only while there is room). Both are kept here,
//! and a first pass checks that what the second prints is captured.

use core::fmt::{self, Write};

use super::nlri::{rd_to, Pfx};
use crate::print::cursor::{Cursor, R};

/// The size of tcpdump's buffer.
const BUF: usize = 164;

/// One `snprintf`'s text, composed before it is appended.
struct Piece {
    buf: [u8; 160],
    len: usize,
}

impl Piece {
    fn new() -> Piece {
        Piece {
            buf: [0; 160],
            len: 0,
        }
    }
}

impl Write for Piece {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let b = s.as_bytes();
        let n = b.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
        self.len += n;
        Ok(())
    }
}

/// The room left in tcpdump's buffer, and whether this pass prints.
struct Budget {
    left: usize,
    print: bool,
}

impl Budget {
    /// Appends `piece` as `snprintf` and `UPDATE_BUF_BUFLEN` do: whole when it fits, else
    /// all but the last byte of the room, which is then gone.
    fn put<W: Write>(&mut self, c: &mut Cursor<'_, W>, piece: &Piece) -> R {
        let k = piece.len;
        let n = if k < self.left {
            self.left -= k;
            k
        } else {
            let n = self.left.saturating_sub(1);
            self.left = 0;
            n
        };
        if self.print {
            // The pieces are ASCII: any cut is at a character boundary.
            let s = core::str::from_utf8(&piece.buf[..n]).map_err(|_| fmt::Error)?;
            c.s(s)?;
        }
        Ok(())
    }

    /// [`Budget::put`] of a piece `f` writes, when there is room (tcpdump's `buflen != 0`).
    fn put_with<W: Write>(
        &mut self,
        c: &mut Cursor<'_, W>,
        f: impl FnOnce(&mut Piece) -> fmt::Result,
    ) -> R {
        if self.left == 0 {
            return Ok(());
        }
        let mut p = Piece::new();
        f(&mut p)?;
        self.put(c, &p)
    }
}

/// `decode_labeled_vpn_l2`: a VPLS / L2VPN route at `at`, printed after `indent`.
pub(super) fn labeled_vpn_l2<W: Write>(c: &mut Cursor<'_, W>, at: usize, indent: &str) -> R<Pfx> {
    let plen = usize::from(c.be16(at)?);
    let p = at + 2;
    if plen == 12 {
        if !c.test(p, 12) {
            return Ok(Pfx::Trunc);
        }
        c.bytes(p + 8, 4)?;
        c.s(indent)?;
        c.s("RD: ")?;
        super::nlri::rd(c, p)?;
        c.s(", BGPNH: ")?;
        c.ip4_at(p + 8)?;
        return Ok(Pfx::Len(plen + 2));
    }
    if plen <= 17 || !c.test(p, 15) || !body(c, p, plen, false)? {
        return Ok(Pfx::Trunc);
    }
    c.s(indent)?;
    body(c, p, plen, true)?;
    Ok(Pfx::Len(plen + 2))
}

/// The route's text (`print`) or only its reads: `Ok(false)` where tcpdump's `ND_TCHECK`
/// fails.
fn body<W: Write>(c: &mut Cursor<'_, W>, p: usize, plen: usize, print: bool) -> R<bool> {
    let mut b = Budget { left: BUF, print };
    let rd: [u8; 8] = c.bytes(p, 8)?.try_into().unwrap_or([0; 8]);
    let ce = c.be16(p + 8)?;
    let offset = c.be16(p + 10)?;
    let base = c.be24(p + 12)? >> 4;
    let asdot = c.bflag;
    b.put_with(c, |f| {
        f.write_str("RD: ")?;
        rd_to(f, &rd, asdot)?;
        write!(
            f,
            ", CE-ID: {ce}, Label-Block Offset: {offset}, Label Base {base}"
        )
    })?;
    let mut p = p + 15;
    let mut tlen = plen - 15;
    while tlen != 0 {
        if tlen < 3 {
            b.put_with(c, |f| f.write_str("\n\t\tran past the end"))?;
            return Ok(true);
        }
        let ty = c.u8(p)?;
        let bits = c.be16(p + 1)?;
        p += 3;
        let mut bytes = usize::from(bits).div_ceil(8);
        if ty == 1 {
            b.put_with(c, |f| {
                write!(f, "\n\t\tcircuit status vector ({ty}) length: {bits}: 0x")
            })?;
            while bytes != 0 {
                if tlen < 1 {
                    b.put_with(c, |f| f.write_str(" (ran past the end)"))?;
                    return Ok(true);
                }
                if !c.test(p, 1) {
                    return Ok(false);
                }
                if b.left != 0 {
                    let v = c.u8(p)?;
                    b.put_with(c, |f| write!(f, "{v:02x}"))?;
                    p += 1;
                }
                bytes -= 1;
                tlen -= 1;
            }
        } else {
            b.put_with(c, |f| write!(f, "\n\t\tunknown TLV #{ty}, length: {bits}"))?;
            if tlen < bytes {
                b.put_with(c, |f| f.write_str(" (ran past the end)"))?;
                return Ok(true);
            }
            tlen -= bytes;
        }
    }
    Ok(true)
}
