//! The readers of AFS call arguments the RX service printers share: each reads a field at
//! [`Afs::bp`], prints it as tcpdump does and moves past it.
//!
//! Two kinds of truncation, as in tcpdump: a field read past the captured data stops the
//! whole line (`[|rx]`, through [`Stop`]), while a length checked first and found short, or
//! a string longer than the service allows, ends only the service's part with ` [|fs]` (or
//! its service's name) and the line goes on with the RX length ([`Cut::Here`]).

use core::fmt::Write;

use super::super::cursor::{Cursor, Stop, R};
use crate::fmtx;

/// Why a service printer stopped early.
pub(super) enum Cut {
    /// A checked length ran past the data: print ` [|SERVICE]` and go on.
    Here,
    /// A read ran past the captured data: the whole walk stops.
    Stop(Stop),
}

impl From<Stop> for Cut {
    fn from(s: Stop) -> Self {
        Cut::Stop(s)
    }
}

/// A service printer's result.
pub(super) type A = Result<(), Cut>;

/// Ends a service printer: ` [|name]` for a [`Cut::Here`].
pub(super) fn finish<W: Write>(c: &mut Cursor<'_, W>, r: A, name: &str) -> R {
    match r {
        Ok(()) => Ok(()),
        Err(Cut::Here) => {
            c.s(" [|")?;
            c.s(name)?;
            c.s("]")
        }
        Err(Cut::Stop(s)) => Err(s),
    }
}

/// The longest strings the services take (tcpdump's `AFSNAMEMAX`, `PRNAMEMAX`, ...).
pub(super) const AFSNAMEMAX: u32 = 256;
pub(super) const PRNAMEMAX: u32 = 64;
pub(super) const VLNAMEMAX: u32 = 65;
pub(super) const KANAMEMAX: u32 = 64;
pub(super) const BOSNAMEMAX: u32 = 256;
/// The longest ACL text (tcpdump's `AFSOPAQUEMAX`) and user name in it.
pub(super) const AFSOPAQUEMAX: usize = 1024;
const USERNAMEMAX: usize = 1024;

/// A cursor over a call's arguments.
pub(super) struct Afs<'x, 'a, W: Write> {
    pub c: &'x mut Cursor<'a, W>,
    /// The next argument.
    pub bp: usize,
}

impl<W: Write> Afs<'_, '_, W> {
    /// Prints `s`.
    pub fn s(&mut self, s: &str) -> A {
        Ok(self.c.s(s)?)
    }

    /// `%u`.
    pub fn d(&mut self, v: impl Into<u64>) -> A {
        Ok(self.c.d(v)?)
    }

    /// Checks that `n` bytes are captured at the next argument (`ND_TCHECK_LEN`).
    pub fn check(&self, n: usize) -> A {
        if self.c.test(self.bp, n) {
            Ok(())
        } else {
            Err(Cut::Here)
        }
    }

    /// Reads the next 32-bit word.
    pub fn word(&mut self) -> Result<u32, Cut> {
        let v = self.c.be32(self.bp)?;
        self.bp += 4;
        Ok(v)
    }

    /// Skips `n` bytes.
    pub fn skip(&mut self, n: usize) {
        self.bp = self.bp.saturating_add(n);
    }

    /// `FIDOUT`: ` fid VOLUME/VNODE/UNIQUE`.
    pub fn fid(&mut self) -> A {
        self.check(12)?;
        let (a, b, c) = (self.word()?, self.word()?, self.word()?);
        self.s(" fid ")?;
        self.d(a)?;
        self.s("/")?;
        self.d(b)?;
        self.s("/")?;
        self.d(c)
    }

    /// `STROUT`: a counted string in quotes, at most `max` bytes long.
    pub fn str(&mut self, max: u32) -> A {
        let n = self.c.be32(self.bp)?;
        if n > max {
            return Err(Cut::Here);
        }
        self.bp += 4;
        self.s(" \"")?;
        if !self.c.printn(self.bp, n as usize)? {
            return Err(Cut::Here);
        }
        self.s("\"")?;
        self.skip((n as usize).div_ceil(4) * 4);
        Ok(())
    }

    /// `INTOUT`: a signed word.
    pub fn int(&mut self) -> A {
        let v = self.word()? as i32;
        self.s(" ")?;
        Ok(fmtx::idec(self.c.out, v.into()).map_err(Stop::from)?)
    }

    /// `UINTOUT`: an unsigned word.
    pub fn uint(&mut self) -> A {
        let v = self.word()?;
        self.s(" ")?;
        self.d(v)
    }

    /// `UINT64OUT`: an unsigned 64-bit number.
    pub fn uint64(&mut self) -> A {
        let v = self.c.be_n(self.bp, 8)?;
        self.bp += 8;
        self.s(" ")?;
        self.d(v)
    }

    /// `DATEOUT`: a time in seconds since 1970 as local time, ` YYYY/MM/DD HH:MM:SS`.
    pub fn date(&mut self) -> A {
        let t = self.word()? as i32;
        let local = i64::from(t) + i64::from(self.c.utc_offset);
        let (y, m, d) = fmtx::civil_from_days(local.div_euclid(86_400));
        let out = &mut *self.c.out;
        let r = (|| {
            out.write_char(' ')?;
            fmtx::idec(out, y)?;
            out.write_char('/')?;
            fmtx::dec_pad(out, m.into(), 2)?;
            out.write_char('/')?;
            fmtx::dec_pad(out, d.into(), 2)?;
            out.write_char(' ')?;
            fmtx::hms(out, local)
        })();
        Ok(r.map_err(Stop::from)?)
    }

    /// `STOREATTROUT`: the attributes a store sets, by its mask.
    pub fn store_attr(&mut self) -> A {
        self.check(24)?;
        let mask = self.word()?;
        if mask != 0 {
            self.s(" StoreStatus")?;
        }
        if mask & 1 != 0 {
            self.s(" date")?;
            self.date()?;
        } else {
            self.skip(4);
        }
        let v = self.word()?;
        if mask & 2 != 0 {
            self.s(" owner ")?;
            self.d(v)?;
        }
        let v = self.word()?;
        if mask & 4 != 0 {
            self.s(" group ")?;
            self.d(v)?;
        }
        let v = self.word()?;
        if mask & 8 != 0 {
            self.s(" mode ")?;
            self.octal(v & 0o7777)?;
        }
        let v = self.word()?;
        if mask & 16 != 0 {
            self.s(" segsize ")?;
            self.d(v)?;
        }
        if mask & 1024 != 0 {
            self.s(" fsync")?;
        }
        Ok(())
    }

    /// `%o`.
    fn octal(&mut self, v: u32) -> A {
        let mut digits = [0u8; 11];
        let (mut i, mut v) = (digits.len(), v);
        loop {
            i -= 1;
            digits[i] = b'0' + (v & 7) as u8;
            v >>= 3;
            if v == 0 {
                break;
            }
        }
        self.s(fmtx::ascii(&digits[i..]).map_err(Stop::from)?)
    }

    /// `UBIK_VERSIONOUT`: ` EPOCH.COUNTER`.
    pub fn ubik_version(&mut self) -> A {
        self.check(8)?;
        let (epoch, counter) = (self.word()?, self.word()?);
        self.s(" ")?;
        self.d(epoch)?;
        self.s(".")?;
        self.d(counter)
    }

    /// `AFSUUIDOUT`: a UUID sent as eleven words.
    pub fn uuid(&mut self) -> A {
        self.check(44)?;
        let w = self.word()?;
        self.s(" ")?;
        self.hex(w, 8)?;
        for _ in 0..2 {
            let w = self.word()?;
            self.hex(w, 4)?;
        }
        for _ in 0..8 {
            let w = self.word()?;
            self.hex(w & 0xff, 2)?;
        }
        Ok(())
    }

    /// `%0Nx`.
    fn hex(&mut self, v: u32, width: usize) -> A {
        Ok(fmtx::hex_pad(self.c.out, v.into(), width).map_err(Stop::from)?)
    }

    /// `VECOUT`: a string sent as `max` words of one character each, in quotes, up to its
    /// first NUL.
    pub fn vec(&mut self, max: usize) -> A {
        self.check(max * 4)?;
        let words = self.c.bytes(self.bp, max * 4)?;
        self.bp += max * 4;
        self.s(" \"")?;
        for w in words.chunks_exact(4) {
            if w[3] == 0 {
                break;
            }
            fmtx::safe_char(self.c.out, w[3]).map_err(Stop::from)?;
        }
        self.s("\"")
    }

    /// `DESTSERVEROUT`: ` server HOST:PORT:FLAGS`.
    pub fn dest_server(&mut self) -> A {
        self.check(12)?;
        let (a, b, c) = (self.word()?, self.word()?, self.word()?);
        self.s(" server ")?;
        self.d(a)?;
        self.s(":")?;
        self.d(b)?;
        self.s(":")?;
        self.d(c)
    }

    /// A list of `FIDOUT`s after its count, `,` between them, ` <none!>` for none.
    pub fn fids(&mut self) -> A {
        let j = self.word()?;
        for i in 0..j {
            self.fid()?;
            if i != j - 1 {
                self.s(",")?;
            }
        }
        if j == 0 {
            self.s(" <none!>")?;
        }
        Ok(())
    }

    /// An access control list, its length first: `acl_print`.
    pub fn acl(&mut self) -> A {
        let n = self.word()? as usize;
        self.check(n)?;
        let n = n.min(AFSOPAQUEMAX);
        let text = self.c.bytes(self.bp, n)?;
        let text = &text[..text.iter().position(|&b| b == 0).unwrap_or(n)];
        acl_print(self.c, text, n)?;
        Ok(())
    }
}

/// `acl_print`: the text `POSITIVE NEGATIVE\n` then that many `USER BITS\n` lines, printed as
/// ` +{USER rlidwka}` and ` -{USER rlidwka}`; `end` is how far tcpdump lets the entries go.
fn acl_print<W: Write>(c: &mut Cursor<'_, W>, s: &[u8], end: usize) -> R {
    let mut sc = Scan { s, at: 0 };
    let (Some(pos), Some(neg)) = (sc.int(), sc.int()) else {
        return Ok(());
    };
    sc.space();
    if sc.at > end {
        return Ok(());
    }
    for (count, sign) in [(pos, " +{"), (neg, " -{")] {
        let mut i = 0;
        while i < count {
            let Some(user) = sc.word(USERNAMEMAX) else {
                return Ok(());
            };
            let Some(bits) = sc.int() else {
                return Ok(());
            };
            sc.space();
            c.s(sign)?;
            fmtx::safe_str(c.out, user)?;
            c.s(" ")?;
            for (bit, ch) in [
                (1, "r"),
                (8, "l"),
                (4, "i"),
                (16, "d"),
                (2, "w"),
                (32, "k"),
                (64, "a"),
            ] {
                if bits & bit != 0 {
                    c.s(ch)?;
                }
            }
            c.s("}")?;
            if sc.at > end {
                return Ok(());
            }
            i += 1;
        }
    }
    Ok(())
}

/// The little of `sscanf` `acl_print` uses: `%d`, `%Ns` and white space.
struct Scan<'s> {
    s: &'s [u8],
    at: usize,
}

impl<'s> Scan<'s> {
    /// Skips white space.
    fn space(&mut self) {
        while self
            .s
            .get(self.at)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == 0x0b)
        {
            self.at += 1;
        }
    }

    /// `%d`.
    fn int(&mut self) -> Option<i32> {
        self.space();
        let mut i = self.at;
        let neg = match self.s.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut v: i64 = 0;
        while let Some(d) = self.s.get(i).filter(|b| b.is_ascii_digit()) {
            v = (v * 10 + i64::from(d - b'0')).min(i64::from(u32::MAX) + 1);
            i += 1;
        }
        if i == start {
            return None;
        }
        self.at = i;
        let v = if neg { -v } else { v };
        Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
    }

    /// `%Ns`: a word of at most `max` bytes.
    fn word(&mut self, max: usize) -> Option<&'s [u8]> {
        self.space();
        let start = self.at;
        while self.at - start < max
            && self
                .s
                .get(self.at)
                .is_some_and(|b| !(b.is_ascii_whitespace() || *b == 0x0b))
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.s[start..self.at])
    }
}
