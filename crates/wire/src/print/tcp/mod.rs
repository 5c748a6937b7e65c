//! TCP (tcpdump's `tcp_print`): flags, relative sequence numbers and options; the MPTCP
//! option's printer is [`mptcp`].

use core::fmt::Write;

use crate::fmtx;
use crate::tcpseq::{SeqKey, TcpSeqState};
use crate::tok::{self, Unknown};
use crate::PacketType;

use crate::frame::{ipv4, ipv6, tcp};

use super::common::{addr_pair, addrs_and_ports, cksum_l4, shouldbe};
use super::cursor::{Cursor, Stop, R};
use super::next::{off, Next};
use super::ports::{self, TcpApp};

mod mptcp;

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

/// `tcp_print`: the ports, flags, sequence numbers, window and options, and the payload's
/// application printer.
#[inline(never)]
pub(crate) fn tcp_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    iph: usize,
    fragmented: bool,
) -> R {
    c.proto = "tcp";
    let v6 = c.u8(iph)? >> 4 == 6;
    if !c.test(bp + tcp::field::DST_PORT.start, 2) {
        addr_pair(c, iph, v6)?;
        c.s(":")?;
        return Err(Stop::Trunc);
    }
    let sport = c.be16(bp)?;
    let dport = c.be16(bp + tcp::field::DST_PORT.start)?;
    addrs_and_ports(c, iph, v6, 6, sport, dport)?;
    if !c.test(bp, 20) {
        return Err(Stop::Trunc);
    }
    let mut hlen = (c.u8(bp + tcp::field::DATA_OFF)? >> 4) as u32 * 4;
    if hlen < 20 {
        c.s(" tcp ")?;
        c.d(length.wrapping_sub(hlen))?;
        c.s(" [bad hdr length ")?;
        c.d(hlen)?;
        c.s(" - too short, < 20]")?;
        return Ok(());
    }
    let mut seq = c.be32(bp + tcp::field::SEQ_NUM.start)?;
    let mut ack = c.be32(bp + tcp::field::ACK_NUM.start)?;
    let win = c.be16(bp + tcp::field::WIN_SIZE.start)?;
    let urp = c.be16(bp + tcp::field::URGENT.start)?;
    if c.qflag {
        c.s("tcp ")?;
        c.d(length.wrapping_sub(hlen))?;
        if hlen > length {
            c.s(" [bad hdr length ")?;
            c.d(hlen)?;
            c.s(" - too long, > ")?;
            c.d(length)?;
            c.s("]")?;
        }
        return Ok(());
    }
    let flags = c.u8(bp + tcp::field::FLAGS)?;
    tcp_flags(c, flags)?;
    let (mut thseq, mut thack, mut rev) = (0u32, 0u32, false);
    if flags & 0x10 != 0 {
        (seq, ack, thseq, thack, rev) = tcp_rel_seq(c, iph, v6, sport, dport, seq, ack, flags)?;
    }
    if hlen > length {
        c.s(" [bad hdr length ")?;
        c.d(hlen)?;
        c.s(" - too long, > ")?;
        c.d(length)?;
        c.s("]")?;
        return Ok(());
    }
    if c.vflag != 0 && !fragmented && !c.kflag {
        tcp_cksum(c, bp, length, iph)?;
    }
    let length = length - hlen;
    if length > 0 || flags & 0x07 != 0 || c.vflag > 1 {
        c.s(", seq ")?;
        c.d(seq)?;
        if length > 0 {
            c.s(":")?;
            c.d(seq.wrapping_add(length))?;
        }
    }
    if flags & 0x10 != 0 {
        c.s(", ack ")?;
        c.d(ack)?;
    }
    c.s(", win ")?;
    c.d(win)?;
    if flags & 0x20 != 0 {
        c.s(", urg ")?;
        c.d(urp)?;
    }
    if hlen > 20 {
        hlen -= 20;
        match tcp_options(c, bp + tcp::field::OPTIONS, hlen, rev, thseq, thack, flags)? {
            OptEnd::Done => {}
            OptEnd::Stop => return Ok(()),
        }
    }
    c.s(", length ")?;
    c.d(length)?;
    if length == 0 {
        return Ok(());
    }
    let header_len = (c.u8(bp + tcp::field::DATA_OFF)? >> 4) as usize * 4;
    if !c.test(bp, header_len) {
        c.s(" [remaining caplen(")?;
        c.d(c.avail(bp) as u64)?;
        c.s(") < header length(")?;
        c.d(header_len as u64)?;
        c.s(")]")?;
        return Err(Stop::Trunc);
    }
    let data = bp + header_len;
    if flags & 0x04 != 0 && c.vflag != 0 {
        return tcp_rst_data(c, data, length);
    }
    let app = match c.ptype {
        None => ports::tcp_app(sport, dport),
        Some(t) => match forced_tcp(t) {
            Some(app) => app,
            None => ports::tcp_app(sport, dport),
        },
    };
    match app {
        TcpApp::None | TcpApp::Other => return Ok(()),
        // PPTP and RESP print their own `: pptp`, `: RESP`.
        TcpApp::Ssh
        | TcpApp::Domain
        | TcpApp::Zmtp1
        | TcpApp::Bgp
        | TcpApp::OpenFlow
        | TcpApp::Pptp
        | TcpApp::Resp
        | TcpApp::RpkiRtr => {}
        // The text protocols' printers come after a colon.
        _ => c.s(": ")?,
    }
    c.then(Next::tcp(app, off(data), length))
}

/// `-T TYPE`: the printer of a segment's payload whatever the ports, as tcpdump's `tcp_print`
/// picks it ([`TcpApp::None`] for the types it does not look at over TCP); `None` for a type
/// whose printer this crate lacks (the ports then pick, as without `-T`).
#[cold]
#[inline(never)]
fn forced_tcp(t: PacketType) -> Option<TcpApp> {
    match t {
        PacketType::Domain => Some(TcpApp::Domain),
        PacketType::Zmtp1 => Some(TcpApp::Zmtp1),
        PacketType::Resp => Some(TcpApp::Resp),
        _ => Some(TcpApp::None),
    }
}

/// `-v`: `, cksum 0x1234 (correct)` or `(incorrect -> 0x...)` when the `length` bytes of
/// the segment at `bp` are captured.
#[cold]
#[inline(never)]
fn tcp_cksum<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32, iph: usize) -> R {
    let Some(sum) = cksum_l4(c, iph, bp, length, 6)? else {
        return Ok(());
    };
    let field = c.be16(bp + tcp::field::CHECKSUM.start)?;
    c.s(", cksum 0x")?;
    fmtx::hex_pad(c.out, field as u64, 4)?;
    if sum != 0 {
        c.s(" (incorrect -> 0x")?;
        fmtx::hex_pad(c.out, shouldbe(field, sum) as u64, 4)?;
        c.s(")")
    } else {
        c.s(" (correct)")
    }
}

/// `-v`, a reset with data: `print_tcp_rst_data`, its first 30 bytes as text.
#[cold]
#[inline(never)]
fn tcp_rst_data<W: Write>(c: &mut Cursor<'_, W>, data: usize, length: u32) -> R {
    c.s(if c.test(data, length as usize) {
        " [RST"
    } else {
        " [!RST"
    })?;
    let mut n = length as usize;
    if n > 30 {
        n = 30;
        c.s("+")?;
    }
    c.s(" ")?;
    let n = n.min(c.avail(data));
    for i in 0..n {
        let ch = c.u8(data + i)?;
        fmtx::safe_char(c.out, ch)?;
    }
    c.s("]")
}

/// The `Flags [...]` list.
#[inline]
fn tcp_flags<W: Write>(c: &mut Cursor<'_, W>, flags: u8) -> R {
    c.s("Flags [")?;
    tok::bittok2str_nosep(c.out, tcp::FLAG_LETTERS, flags.into(), "none")?;
    c.s("]")?;
    Ok(())
}

/// Relative sequence numbers (an ACK segment): `seq` and `ack` less the connection's
/// initial ones once it is known, those bases (`thseq`, `thack`) and whether the segment
/// goes the reverse way, as `(seq, ack, thseq, thack, rev)`.
#[allow(clippy::too_many_arguments)]
fn tcp_rel_seq<W: Write>(
    c: &mut Cursor<'_, W>,
    iph: usize,
    v6: bool,
    sport: u16,
    dport: u16,
    mut seq: u32,
    mut ack: u32,
    flags: u8,
) -> R<(u32, u32, u32, u32, bool)> {
    let key = if v6 {
        let s = c.bytes(iph + ipv6::field::SRC.start, 16)?;
        let d = c.bytes(iph + ipv6::field::DST.start, 16)?;
        SeqKey::new(s, d, sport, dport)
    } else {
        let s = c.bytes(iph + ipv4::field::SRC.start, 4)?;
        let d = c.bytes(iph + ipv4::field::DST.start, 4)?;
        SeqKey::new(s, d, sport, dport)
    };
    let rev = key.rev;
    let syn = flags & 0x02 != 0;
    let (bases, hit) = match c.tcp.as_deref_mut() {
        Some(st) => {
            let b = st.lookup(key, seq, ack, syn);
            (b, st.last_was_hit())
        }
        // `-S`: tcpdump keeps no bases, so SACK blocks print absolute too.
        None if c.sflag => ((0, 0), false),
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

pub(crate) fn tcp_options<W: Write>(
    c: &mut Cursor<'_, W>,
    mut cp: usize,
    mut hlen: u32,
    rev: bool,
    thseq: u32,
    thack: u32,
    flags: u8,
) -> R<OptEnd> {
    let mut ch = false;
    c.s(", options [")?;
    while hlen > 0 {
        if ch {
            c.s(",")?;
        }
        let opt = c.u8(cp)?;
        cp += 1;
        let len: u32;
        if opt == 0 || opt == 1 {
            len = 1;
        } else {
            len = c.u8(cp)? as u32;
            cp += 1;
            if len < 2 || len > hlen {
                bad!(c, ch, OptEnd::Stop);
            }
            hlen -= 1;
        }
        hlen -= 1;
        let name = tcp_option_name(opt);
        tok::tok2str(c.out, name, opt.into(), Unknown::dec("unknown-", ""))?;
        let Some(mut datalen) = tcp_option(c, opt, len, cp, hlen, ch, rev, thseq, thack, flags)?
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
            c.s("[len ")?;
            c.d(len)?;
            c.s("]")?;
        }
        ch = true;
        if opt == 0 {
            break;
        }
    }
    c.s("]")?;
    Ok(OptEnd::Done)
}

/// One option's data (`opt` of length `len` at `cp`, `hlen` bytes of options left):
/// how many bytes it took, `None` when the options stop there (what is wrong printed).
#[allow(clippy::too_many_arguments)]
fn tcp_option<W: Write>(
    c: &mut Cursor<'_, W>,
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
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" ")?;
            let v = c.be16(cp)?;
            c.d(v)?;
        }
        3 => {
            datalen = 1;
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" ")?;
            let v = c.u8(cp)?;
            c.d(v)?;
        }
        5 => {
            datalen = len - 2;
            if !tcp_opt_sack(c, cp, datalen, hlen, ch, rev, thseq, thack)? {
                return Ok(None);
            }
        }
        11 | 12 | 13 | 6 | 7 => {
            datalen = 4;
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" ")?;
            let v = c.be32(cp)?;
            c.d(v)?;
        }
        8 => {
            datalen = 8;
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" val ")?;
            let v = c.be32(cp)?;
            c.d(v)?;
            c.s(" ecr ")?;
            let v = c.be32(cp + 4)?;
            c.d(v)?;
        }
        19 => {
            datalen = 16;
            lencheck!(c, ch, hlen, cp, datalen);
            // Debian's tcpdump is built with libcrypto, which says why it cannot check.
            c.s(" shared secret not supplied with -M, can't check - ")?;
            for i in 0..16 {
                let b = c.u8(cp + i)?;
                fmtx::hex2(c.out, b)?;
            }
        }
        20 => {
            datalen = 2;
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" cap ")?;
            let a = c.u8(cp)?;
            fmtx::hex2(c.out, a)?;
            c.s(" id ")?;
            let b = c.u8(cp + 1)?;
            c.d(b)?;
        }
        29 => {
            datalen = len - 2;
            if !tcp_opt_ao(c, cp, datalen, hlen, ch)? {
                return Ok(None);
            }
        }
        0 | 1 | 4 => {}
        28 => {
            datalen = 2;
            lencheck!(c, ch, hlen, cp, datalen);
            let mut uto = c.be16(cp)? as u32;
            c.s(" 0x")?;
            fmtx::hex(c.out, uto as u64)?;
            if uto & 1 != 0 {
                uto = (uto >> 1) * 60;
            } else {
                uto >>= 1;
            }
            c.s(" ")?;
            c.d(uto)?;
        }
        30 => {
            datalen = len - 2;
            lencheck!(c, ch, hlen, cp, datalen);
            if !mptcp::mptcp_print(c, cp - 2, len, flags)? {
                bad!(c, ch, None);
            }
        }
        34 => {
            datalen = len - 2;
            lencheck!(c, ch, hlen, cp, datalen);
            c.s(" ")?;
            tfo(c, cp, datalen, false)?;
        }
        254 => {
            datalen = len - 2;
            if !tcp_opt_exp(c, cp, datalen, hlen, ch)? {
                return Ok(None);
            }
        }
        _ => {
            datalen = len - 2;
            if !tcp_opt_hex(c, cp, datalen, hlen, ch)? {
                return Ok(None);
            }
        }
    }
    Ok(Some(datalen))
}

/// SACK: the blocks relative to the connection's bases. `Ok(false)` when the options stop there.
#[allow(clippy::too_many_arguments)]
fn tcp_opt_sack<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    datalen: u32,
    hlen: u32,
    ch: bool,
    rev: bool,
    thseq: u32,
    thack: u32,
) -> R<bool> {
    if datalen % 8 != 0 {
        c.s(" invalid sack")?;
    } else {
        c.s(" ")?;
        c.d(datalen / 8)?;
        c.s(" ")?;
        let mut i = 0;
        while i < datalen {
            lencheck!(c, ch, hlen, cp, i + 4, false);
            let mut s = c.be32(cp + i as usize)?;
            lencheck!(c, ch, hlen, cp, i + 8, false);
            let mut e = c.be32(cp + i as usize + 4)?;
            if rev {
                s = s.wrapping_sub(thseq);
                e = e.wrapping_sub(thseq);
            } else {
                s = s.wrapping_sub(thack);
                e = e.wrapping_sub(thack);
            }
            c.s("{")?;
            c.d(s)?;
            c.s(":")?;
            c.d(e)?;
            c.s("}")?;
            i += 8;
        }
    }
    Ok(true)
}

/// TCP-AO: the key ids and the MAC. `Ok(false)` when the options stop there.
fn tcp_opt_ao<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    datalen: u32,
    hlen: u32,
    ch: bool,
) -> R<bool> {
    if datalen < 2 {
        c.s(" (invalid)")?;
    } else {
        lencheck!(c, ch, hlen, cp, 1, false);
        c.s(" keyid ")?;
        let k = c.u8(cp)?;
        c.d(k)?;
        lencheck!(c, ch, hlen, cp, 2, false);
        c.s(" rnextkeyid ")?;
        let k = c.u8(cp + 1)?;
        c.d(k)?;
        if datalen > 2 {
            c.s(" mac 0x")?;
            for i in 2..datalen {
                lencheck!(c, ch, hlen, cp, i + 1, false);
                let b = c.u8(cp + i as usize)?;
                fmtx::hex2(c.out, b)?;
            }
        }
    }
    Ok(true)
}

/// An experimental option: TFO under its magic number, else the magic in hex. `Ok(false)` when the options stop there.
fn tcp_opt_exp<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    datalen: u32,
    hlen: u32,
    ch: bool,
) -> R<bool> {
    lencheck!(c, ch, hlen, cp, datalen, false);
    if datalen < 2 {
        bad!(c, ch, false);
    }
    let magic = c.be16(cp)?;
    c.s("-")?;
    if magic == 0xf989 {
        tfo(c, cp + 2, datalen - 2, true)?;
    } else {
        fmtx::hex_pad(c.out, magic as u64, 4)?;
    }
    Ok(true)
}

/// An option without a decoder: its data in hex. `Ok(false)` when the options stop there.
fn tcp_opt_hex<W: Write>(
    c: &mut Cursor<'_, W>,
    cp: usize,
    datalen: u32,
    hlen: u32,
    ch: bool,
) -> R<bool> {
    if datalen > 0 {
        c.s(" 0x")?;
    }
    for i in 0..datalen {
        lencheck!(c, ch, hlen, cp, i + 1, false);
        let b = c.u8(cp + i as usize)?;
        fmtx::hex2(c.out, b)?;
    }
    Ok(true)
}

pub(crate) fn tfo<W: Write>(c: &mut Cursor<'_, W>, cp: usize, datalen: u32, exp: bool) -> R {
    if exp {
        c.s("tfo")?;
    }
    if datalen == 0 {
        c.s(" cookiereq")
    } else if datalen % 2 != 0 || !(4..=16).contains(&datalen) {
        c.s(" (invalid)")
    } else {
        c.s(" cookie ")?;
        for i in 0..datalen as usize {
            let b = c.u8(cp + i)?;
            fmtx::hex2(c.out, b)?;
        }
        Ok(())
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
