//! TCP (tcpdump's `tcp_print`): flags, relative sequence numbers and options.

use core::fmt::Write;

use crate::fmtx;
use crate::tcpseq::{SeqKey, TcpSeqState};

use super::ports::{self, TcpApp};
use crate::frame::{ipv4, ipv6, tcp};

use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};

/// Prints `[bad opt]` (closing the option list when `ch`, an option printed) and returns
/// `Ok($ret)` from the option printer.
macro_rules! bad {
    ($e:expr, $ch:expr, $ret:expr) => {{
        $e.s("[bad opt]")?;
        if $ch {
            $e.s("]")?;
        }
        return Ok($ret);
    }};
}

/// `LENCHECK`: `$l` bytes of option data at `$cp`, within the `$hlen` bytes of options left and
/// captured; otherwise [`bad!`] or the trunc marker, and `Ok(None)` (or `Ok($ret)`).
macro_rules! lencheck {
    ($e:expr, $ch:expr, $hlen:expr, $cp:expr, $l:expr) => {
        lencheck!($e, $ch, $hlen, $cp, $l, None)
    };
    ($e:expr, $ch:expr, $hlen:expr, $cp:expr, $l:expr, $ret:expr) => {{
        let l: u32 = $l;
        if l > $hlen {
            bad!($e, $ch, $ret);
        }
        if !$e.test($cp, l as usize) {
            $e.trunc_here()?;
            if $ch {
                $e.s(">")?;
            }
            return Ok($ret);
        }
    }};
}

impl<'a, W: Write> Cursor<'a, W> {
    /// `tcp_print`: the ports, flags, sequence numbers, window and options, and the payload's
    /// application printer.
    #[inline(never)]
    pub(crate) fn tcp(&mut self, bp: usize, length: u32, iph: usize, fragmented: bool) -> R {
        self.proto = "tcp";
        let v6 = self.u8(iph)? >> 4 == 6;
        if !self.test(bp + tcp::field::DST_PORT.start, 2) {
            self.addr_pair(iph, v6)?;
            self.s(":")?;
            return Err(Stop::Trunc);
        }
        let sport = self.be16(bp)?;
        let dport = self.be16(bp + tcp::field::DST_PORT.start)?;
        self.ports(iph, v6, 6, sport, dport)?;
        if !self.test(bp, 20) {
            return Err(Stop::Trunc);
        }
        let mut hlen = (self.u8(bp + tcp::field::DATA_OFF)? >> 4) as u32 * 4;
        if hlen < 20 {
            self.s(" tcp ")?;
            self.d(length.wrapping_sub(hlen))?;
            self.s(" [bad hdr length ")?;
            self.d(hlen)?;
            self.s(" - too short, < 20]")?;
            return Ok(());
        }
        let mut seq = self.be32(bp + tcp::field::SEQ_NUM.start)?;
        let mut ack = self.be32(bp + tcp::field::ACK_NUM.start)?;
        let win = self.be16(bp + tcp::field::WIN_SIZE.start)?;
        let urp = self.be16(bp + tcp::field::URGENT.start)?;
        if self.qflag {
            self.s("tcp ")?;
            self.d(length.wrapping_sub(hlen))?;
            if hlen > length {
                self.s(" [bad hdr length ")?;
                self.d(hlen)?;
                self.s(" - too long, > ")?;
                self.d(length)?;
                self.s("]")?;
            }
            return Ok(());
        }
        let flags = self.u8(bp + tcp::field::FLAGS)?;
        self.tcp_flags(flags)?;
        let (mut thseq, mut thack, mut rev) = (0u32, 0u32, false);
        if flags & 0x10 != 0 {
            (seq, ack, thseq, thack, rev) =
                self.tcp_rel_seq(iph, v6, sport, dport, seq, ack, flags)?;
        }
        if hlen > length {
            self.s(" [bad hdr length ")?;
            self.d(hlen)?;
            self.s(" - too long, > ")?;
            self.d(length)?;
            self.s("]")?;
            return Ok(());
        }
        if self.vflag != 0 && !fragmented {
            self.tcp_cksum(bp, length, iph)?;
        }
        let length = length - hlen;
        if length > 0 || flags & 0x07 != 0 || self.vflag > 1 {
            self.s(", seq ")?;
            self.d(seq)?;
            if length > 0 {
                self.s(":")?;
                self.d(seq.wrapping_add(length))?;
            }
        }
        if flags & 0x10 != 0 {
            self.s(", ack ")?;
            self.d(ack)?;
        }
        self.s(", win ")?;
        self.d(win)?;
        if flags & 0x20 != 0 {
            self.s(", urg ")?;
            self.d(urp)?;
        }
        if hlen > 20 {
            hlen -= 20;
            match self.tcp_options(bp + tcp::field::OPTIONS, hlen, rev, thseq, thack, flags)? {
                OptEnd::Done => {}
                OptEnd::Stop => return Ok(()),
            }
        }
        self.s(", length ")?;
        self.d(length)?;
        if length == 0 {
            return Ok(());
        }
        let header_len = (self.u8(bp + tcp::field::DATA_OFF)? >> 4) as usize * 4;
        if !self.test(bp, header_len) {
            self.s(" [remaining caplen(")?;
            self.d(self.avail(bp) as u64)?;
            self.s(") < header length(")?;
            self.d(header_len as u64)?;
            self.s(")]")?;
            return Err(Stop::Trunc);
        }
        let data = bp + header_len;
        if flags & 0x04 != 0 && self.vflag != 0 {
            return self.tcp_rst_data(data, length);
        }
        let app = ports::tcp_app(sport, dport);
        match app {
            TcpApp::None | TcpApp::Other => return Ok(()),
            TcpApp::Ssh | TcpApp::Domain => {}
            // The text protocols' printers come after a colon.
            _ => self.s(": ")?,
        }
        self.then(Next::tcp(app, off(data), length))
    }

    /// `-v`: `, cksum 0x1234 (correct)` or `(incorrect -> 0x...)` when the `length` bytes of
    /// the segment at `bp` are captured.
    #[cold]
    #[inline(never)]
    fn tcp_cksum(&mut self, bp: usize, length: u32, iph: usize) -> R {
        let Some(sum) = self.cksum_l4(iph, bp, length, 6)? else {
            return Ok(());
        };
        let field = self.be16(bp + tcp::field::CHECKSUM.start)?;
        self.s(", cksum 0x")?;
        fmtx::hex_pad(self.out, field as u64, 4)?;
        if sum != 0 {
            self.s(" (incorrect -> 0x")?;
            fmtx::hex_pad(self.out, super::cksum::shouldbe(field, sum) as u64, 4)?;
            self.s(")")
        } else {
            self.s(" (correct)")
        }
    }

    /// `-v`, a reset with data: `print_tcp_rst_data`, its first 30 bytes as text.
    #[cold]
    #[inline(never)]
    fn tcp_rst_data(&mut self, data: usize, length: u32) -> R {
        self.s(if self.test(data, length as usize) {
            " [RST"
        } else {
            " [!RST"
        })?;
        let mut n = length as usize;
        if n > 30 {
            n = 30;
            self.s("+")?;
        }
        self.s(" ")?;
        let n = n.min(self.avail(data));
        for i in 0..n {
            let c = self.u8(data + i)?;
            fmtx::safe_char(self.out, c)?;
        }
        self.s("]")
    }

    /// The `Flags [...]` list.
    #[inline]
    fn tcp_flags(&mut self, flags: u8) -> R {
        self.s("Flags [")?;
        if flags == 0 {
            self.s("none")?;
        } else {
            const NAMES: [(u8, &str); 8] = [
                (0x01, "F"),
                (0x02, "S"),
                (0x04, "R"),
                (0x08, "P"),
                (0x10, "."),
                (0x20, "U"),
                (0x40, "E"),
                (0x80, "W"),
            ];
            for (bit, n) in NAMES {
                if flags & bit != 0 {
                    self.s(n)?;
                }
            }
        }
        self.s("]")?;
        Ok(())
    }

    /// Relative sequence numbers (an ACK segment): `seq` and `ack` less the connection's
    /// initial ones once it is known, those bases (`thseq`, `thack`) and whether the segment
    /// goes the reverse way, as `(seq, ack, thseq, thack, rev)`.
    #[allow(clippy::too_many_arguments)]
    fn tcp_rel_seq(
        &mut self,
        iph: usize,
        v6: bool,
        sport: u16,
        dport: u16,
        mut seq: u32,
        mut ack: u32,
        flags: u8,
    ) -> R<(u32, u32, u32, u32, bool)> {
        let key = if v6 {
            let s = self.bytes(iph + ipv6::field::SRC.start, 16)?;
            let d = self.bytes(iph + ipv6::field::DST.start, 16)?;
            SeqKey::new(s, d, sport, dport)
        } else {
            let s = self.bytes(iph + ipv4::field::SRC.start, 4)?;
            let d = self.bytes(iph + ipv4::field::DST.start, 4)?;
            SeqKey::new(s, d, sport, dport)
        };
        let rev = key.rev;
        let syn = flags & 0x02 != 0;
        let (bases, hit) = match self.tcp.as_deref_mut() {
            Some(st) => {
                let b = st.lookup(key, seq, ack, syn);
                (b, st.last_was_hit())
            }
            // `-S`: tcpdump keeps no bases, so SACK blocks print absolute too.
            None if self.sflag => ((0, 0), false),
            None => (TcpSeqState::fresh(rev, seq, ack), false),
        };
        if hit {
            if rev {
                seq = seq.wrapping_sub(bases.1);
                ack = ack.wrapping_sub(bases.0);
            } else {
                seq = seq.wrapping_sub(bases.0);
                ack = ack.wrapping_sub(bases.1);
            }
        }
        Ok((seq, ack, bases.0, bases.1, rev))
    }

    pub(crate) fn tcp_options(
        &mut self,
        mut cp: usize,
        mut hlen: u32,
        rev: bool,
        thseq: u32,
        thack: u32,
        flags: u8,
    ) -> R<OptEnd> {
        let mut ch = false;
        self.s(", options [")?;
        while hlen > 0 {
            if ch {
                self.s(",")?;
            }
            let opt = self.u8(cp)?;
            cp += 1;
            let len: u32;
            if opt == 0 || opt == 1 {
                len = 1;
            } else {
                len = self.u8(cp)? as u32;
                cp += 1;
                if len < 2 || len > hlen {
                    bad!(self, ch, OptEnd::Stop);
                }
                hlen -= 1;
            }
            hlen -= 1;
            match tcp_option_name(opt) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("unknown-")?;
                    self.d(opt)?;
                }
            }
            let Some(mut datalen) =
                self.tcp_option(opt, len, cp, hlen, ch, rev, thseq, thack, flags)?
            else {
                return Ok(OptEnd::Stop);
            };
            cp += datalen as usize;
            hlen = hlen.wrapping_sub(datalen);
            datalen += 1;
            if opt != 0 && opt != 1 {
                datalen += 1;
            }
            if datalen != len {
                self.s("[len ")?;
                self.d(len)?;
                self.s("]")?;
            }
            ch = true;
            if opt == 0 {
                break;
            }
        }
        self.s("]")?;
        Ok(OptEnd::Done)
    }

    /// One option's data (`opt` of length `len` at `cp`, `hlen` bytes of options left):
    /// how many bytes it took, `None` when the options stop there (what is wrong printed).
    #[allow(clippy::too_many_arguments)]
    fn tcp_option(
        &mut self,
        opt: u8,
        len: u32,
        cp: usize,
        hlen: u32,
        ch: bool,
        rev: bool,
        thseq: u32,
        thack: u32,
        flags: u8,
    ) -> R<Option<u32>> {
        let mut datalen: u32 = 0;
        match opt {
            2 => {
                datalen = 2;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" ")?;
                let v = self.be16(cp)?;
                self.d(v)?;
            }
            3 => {
                datalen = 1;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" ")?;
                let v = self.u8(cp)?;
                self.d(v)?;
            }
            5 => {
                datalen = len - 2;
                if !self.tcp_opt_sack(cp, datalen, hlen, ch, rev, thseq, thack)? {
                    return Ok(None);
                }
            }
            11 | 12 | 13 | 6 | 7 => {
                datalen = 4;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" ")?;
                let v = self.be32(cp)?;
                self.d(v)?;
            }
            8 => {
                datalen = 8;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" val ")?;
                let v = self.be32(cp)?;
                self.d(v)?;
                self.s(" ecr ")?;
                let v = self.be32(cp + 4)?;
                self.d(v)?;
            }
            19 => {
                datalen = 16;
                lencheck!(self, ch, hlen, cp, datalen);
                // Debian's tcpdump is built with libcrypto, which says why it cannot check.
                self.s(" shared secret not supplied with -M, can't check - ")?;
                for i in 0..16 {
                    let b = self.u8(cp + i)?;
                    fmtx::hex2(self.out, b)?;
                }
            }
            20 => {
                datalen = 2;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" cap ")?;
                let a = self.u8(cp)?;
                fmtx::hex2(self.out, a)?;
                self.s(" id ")?;
                let b = self.u8(cp + 1)?;
                self.d(b)?;
            }
            29 => {
                datalen = len - 2;
                if !self.tcp_opt_ao(cp, datalen, hlen, ch)? {
                    return Ok(None);
                }
            }
            0 | 1 | 4 => {}
            28 => {
                datalen = 2;
                lencheck!(self, ch, hlen, cp, datalen);
                let mut uto = self.be16(cp)? as u32;
                self.s(" 0x")?;
                fmtx::hex(self.out, uto as u64)?;
                if uto & 1 != 0 {
                    uto = (uto >> 1) * 60;
                } else {
                    uto >>= 1;
                }
                self.s(" ")?;
                self.d(uto)?;
            }
            30 => {
                datalen = len - 2;
                lencheck!(self, ch, hlen, cp, datalen);
                if !super::mptcp::mptcp_print(self, cp - 2, len, flags)? {
                    bad!(self, ch, None);
                }
            }
            34 => {
                datalen = len - 2;
                lencheck!(self, ch, hlen, cp, datalen);
                self.s(" ")?;
                self.tfo(cp, datalen, false)?;
            }
            254 => {
                datalen = len - 2;
                if !self.tcp_opt_exp(cp, datalen, hlen, ch)? {
                    return Ok(None);
                }
            }
            _ => {
                datalen = len - 2;
                if !self.tcp_opt_hex(cp, datalen, hlen, ch)? {
                    return Ok(None);
                }
            }
        }
        Ok(Some(datalen))
    }

    /// SACK: the blocks relative to the connection's bases. `Ok(false)` when the options stop there.
    #[allow(clippy::too_many_arguments)]
    fn tcp_opt_sack(
        &mut self,
        cp: usize,
        datalen: u32,
        hlen: u32,
        ch: bool,
        rev: bool,
        thseq: u32,
        thack: u32,
    ) -> R<bool> {
        if datalen % 8 != 0 {
            self.s(" invalid sack")?;
        } else {
            self.s(" ")?;
            self.d(datalen / 8)?;
            self.s(" ")?;
            let mut i = 0;
            while i < datalen {
                lencheck!(self, ch, hlen, cp, i + 4, false);
                let mut s = self.be32(cp + i as usize)?;
                lencheck!(self, ch, hlen, cp, i + 8, false);
                let mut e = self.be32(cp + i as usize + 4)?;
                if rev {
                    s = s.wrapping_sub(thseq);
                    e = e.wrapping_sub(thseq);
                } else {
                    s = s.wrapping_sub(thack);
                    e = e.wrapping_sub(thack);
                }
                self.s("{")?;
                self.d(s)?;
                self.s(":")?;
                self.d(e)?;
                self.s("}")?;
                i += 8;
            }
        }
        Ok(true)
    }

    /// TCP-AO: the key ids and the MAC. `Ok(false)` when the options stop there.
    fn tcp_opt_ao(&mut self, cp: usize, datalen: u32, hlen: u32, ch: bool) -> R<bool> {
        if datalen < 2 {
            self.s(" (invalid)")?;
        } else {
            lencheck!(self, ch, hlen, cp, 1, false);
            self.s(" keyid ")?;
            let k = self.u8(cp)?;
            self.d(k)?;
            lencheck!(self, ch, hlen, cp, 2, false);
            self.s(" rnextkeyid ")?;
            let k = self.u8(cp + 1)?;
            self.d(k)?;
            if datalen > 2 {
                self.s(" mac 0x")?;
                for i in 2..datalen {
                    lencheck!(self, ch, hlen, cp, i + 1, false);
                    let b = self.u8(cp + i as usize)?;
                    fmtx::hex2(self.out, b)?;
                }
            }
        }
        Ok(true)
    }

    /// An experimental option: TFO under its magic number, else the magic in hex. `Ok(false)` when the options stop there.
    fn tcp_opt_exp(&mut self, cp: usize, datalen: u32, hlen: u32, ch: bool) -> R<bool> {
        lencheck!(self, ch, hlen, cp, datalen, false);
        if datalen < 2 {
            bad!(self, ch, false);
        }
        let magic = self.be16(cp)?;
        self.s("-")?;
        if magic == 0xf989 {
            self.tfo(cp + 2, datalen - 2, true)?;
        } else {
            fmtx::hex_pad(self.out, magic as u64, 4)?;
        }
        Ok(true)
    }

    /// An option without a decoder: its data in hex. `Ok(false)` when the options stop there.
    fn tcp_opt_hex(&mut self, cp: usize, datalen: u32, hlen: u32, ch: bool) -> R<bool> {
        if datalen > 0 {
            self.s(" 0x")?;
        }
        for i in 0..datalen {
            lencheck!(self, ch, hlen, cp, i + 1, false);
            let b = self.u8(cp + i as usize)?;
            fmtx::hex2(self.out, b)?;
        }
        Ok(true)
    }

    pub(crate) fn tfo(&mut self, cp: usize, datalen: u32, exp: bool) -> R {
        if exp {
            self.s("tfo")?;
        }
        if datalen == 0 {
            self.s(" cookiereq")
        } else if datalen % 2 != 0 || !(4..=16).contains(&datalen) {
            self.s(" (invalid)")
        } else {
            self.s(" cookie ")?;
            for i in 0..datalen as usize {
                let b = self.u8(cp + i)?;
                fmtx::hex2(self.out, b)?;
            }
            Ok(())
        }
    }
}

pub(crate) enum OptEnd {
    Done,
    Stop,
}

pub(crate) fn tcp_option_name(o: u8) -> Option<&'static str> {
    Some(match o {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => return None,
    })
}
