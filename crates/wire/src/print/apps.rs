//! The application printers tcpdump 4.99 applies to plain TCP and UDP by port, at its default
//! verbosity: the text protocols (HTTP, RTSP, FTP, SMTP, WHOIS over TCP, SIP over UDP), NTP,
//! BOOTP/DHCP, DHCPv6, TFTP, syslog and the SSH banner. DNS and mDNS live in `dns.rs`.
//!
//! Which of them a segment goes to is [`super::ports`]' choice; the dispatch in `print/mod.rs`
//! calls them.

use core::fmt::Write;

use super::cursor::{Cursor, Stop, R};
use crate::tok::{self, Tok, Unknown};

/// `tok` in upper case, if it is no longer than the longest request name.
#[inline]
fn upper<'a>(tok: &[u8], buf: &'a mut [u8; 16]) -> Option<&'a [u8]> {
    let d = buf.get_mut(..tok.len())?;
    for (d, s) in d.iter_mut().zip(tok) {
        *d = s.to_ascii_uppercase();
    }
    Some(d)
}

/// HTTP request names (WebDAV included), matched without regard to case as tcpdump does.
fn http_cmd(tok: &[u8]) -> bool {
    let mut b = [0u8; 16];
    matches!(
        upper(tok, &mut b),
        Some(
            b"GET"
                | b"PUT"
                | b"COPY"
                | b"HEAD"
                | b"LOCK"
                | b"MOVE"
                | b"POLL"
                | b"POST"
                | b"BCOPY"
                | b"BMOVE"
                | b"MKCOL"
                | b"TRACE"
                | b"LABEL"
                | b"MERGE"
                | b"DELETE"
                | b"SEARCH"
                | b"UNLOCK"
                | b"REPORT"
                | b"UPDATE"
                | b"NOTIFY"
                | b"BDELETE"
                | b"CONNECT"
                | b"OPTIONS"
                | b"CHECKIN"
                | b"PROPFIND"
                | b"CHECKOUT"
                | b"CCM_POST"
                | b"SUBSCRIBE"
                | b"PROPPATCH"
                | b"BPROPFIND"
                | b"BPROPPATCH"
                | b"UNCHECKOUT"
                | b"MKACTIVITY"
                | b"MKWORKSPACE"
                | b"UNSUBSCRIBE"
                | b"RPC_CONNECT"
                | b"VERSION-CONTROL"
                | b"BASELINE-CONTROL"
        )
    )
}

fn rtsp_cmd(tok: &[u8]) -> bool {
    let mut b = [0u8; 16];
    matches!(
        upper(tok, &mut b),
        Some(
            b"DESCRIBE"
                | b"ANNOUNCE"
                | b"GET_PARAMETER"
                | b"OPTIONS"
                | b"PAUSE"
                | b"PLAY"
                | b"RECORD"
                | b"REDIRECT"
                | b"SETUP"
                | b"SET_PARAMETER"
                | b"TEARDOWN"
        )
    )
}

fn sip_cmd(tok: &[u8]) -> bool {
    let mut b = [0u8; 16];
    matches!(
        upper(tok, &mut b),
        Some(
            b"ACK"
                | b"BYE"
                | b"CANCEL"
                | b"DO"
                | b"INFO"
                | b"INVITE"
                | b"MESSAGE"
                | b"NOTIFY"
                | b"OPTIONS"
                | b"PRACK"
                | b"QAUTH"
                | b"REFER"
                | b"REGISTER"
                | b"SPRACK"
                | b"SUBSCRIBE"
                | b"UPDATE"
                | b"PUBLISH"
        )
    )
}

/// Whether a first token is one of a protocol's request names.
type IsCommand = fn(&[u8]) -> bool;

/// The longest token tcpdump's `fetch_token` accepts.
const MAX_TOKEN: usize = 128;

const fn printable(c: u8) -> bool {
    c >= 0x20 && c <= 0x7e
}

/// How many bytes at the start of `b` are printable ASCII, counted eight at a time where it
/// can (an exact under-count is fine: callers look at the rest one by one).
#[inline]
fn printable_prefix(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(c) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let w = u64::from_le_bytes(w);
        // Any byte with the high bit, below 0x20, or equal to 0x7f.
        let below = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        let del = w ^ (ONES * 0x7f);
        let del = del.wrapping_sub(ONES) & !del & HIGH;
        if (w & HIGH) | below | del != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// `fetch_token` over the payload bytes `b` that are both within the protocol's length and
/// captured (`cut`: the capture ended first): the token at `idx` and the index after the
/// spaces that follow it; `None` where tcpdump returns 0.
fn fetch_token(b: &[u8], cut: bool, mut idx: usize) -> Option<(usize, &[u8])> {
    let start = idx;
    loop {
        let Some(&c) = b.get(idx) else {
            if cut {
                // Ran past the captured data.
                return None;
            }
            break;
        };
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            break;
        }
        if !printable(c) || idx - start >= MAX_TOKEN {
            return None;
        }
        idx += 1;
    }
    if idx == start {
        return None;
    }
    let tok = &b[start..idx];
    // Blanks after it: only spaces, as a tab is not printable ASCII to tcpdump here.
    while b.get(idx) == Some(&b' ') {
        idx += 1;
    }
    Some((idx, tok))
}

/// The BOOTP operations.
const BOOTP_OPS: &Tok = &[(1, "Request"), (2, "Reply")];

/// Field offsets of a BOOTP/DHCP message (RFC 951, RFC 2131).
mod bootp {
    /// The hardware address type.
    pub const HTYPE: usize = 1;
    /// The hardware address length.
    pub const HLEN: usize = 2;
    /// The client hardware address.
    pub const CHADDR: usize = 28;
}

/// `ssh_print`: the version banner only.
pub(crate) fn ssh_print<W: Write>(c: &mut Cursor<'_, W>, pp: usize, len: u32) -> R {
    c.proto = "ssh";
    for (i, ch) in b"SSH-".iter().enumerate() {
        if c.u8(pp + i)? != *ch {
            return Ok(());
        }
    }
    let len = len as usize;
    let mut idx = 4usize;
    while idx < len {
        let ch = c.u8(pp + idx)?;
        if ch == b'\n' {
            break;
        } else if ch == b'\r' {
            if idx + 1 >= len {
                return Ok(());
            }
            if c.u8(pp + idx + 1)? == b'\n' {
                break;
            }
            return Ok(());
        } else if !(0x20..=0x7e).contains(&ch) {
            return Ok(());
        }
        idx += 1;
    }
    if idx >= len {
        return Ok(());
    }
    c.s(": SSH: ")?;
    let b = c.bytes(pp, idx)?;
    for &ch in b {
        c.out.write_char(ch as char)?;
    }
    Ok(())
}

/// The text-protocol printers (`http_print`, `rtsp_print`, `ftp_print`, `smtp_print`,
/// `whois_print`, `sip_print`) for a payload of `len` bytes at `p`.
pub(crate) fn txtproto_print<W: Write>(
    c: &mut Cursor<'_, W>,
    app: TextProto,
    p: usize,
    len: u32,
) -> R {
    let (proto, caps, cmd): (&'static str, &str, Option<IsCommand>) = match app {
        TextProto::Http => ("http", "HTTP", Some(http_cmd)),
        TextProto::Rtsp => ("rtsp", "RTSP", Some(rtsp_cmd)),
        TextProto::Sip => ("sip", "SIP", Some(sip_cmd)),
        TextProto::Ftp => ("ftp", "FTP", None),
        TextProto::Smtp => ("smtp", "SMTP", None),
        TextProto::Whois => ("whois", "WHOIS", None),
    };
    c.proto = proto;
    let len = len as usize;
    let (b, cut) = c.payload(p, len);
    let print_this = match cmd {
        // Only request and response lines (or plain text): always the first line.
        None => true,
        // A request name first, or a three-digit response code second.
        Some(is_cmd) => match fetch_token(b, cut, 0) {
            None => false,
            Some((next, tok)) => {
                is_cmd(tok)
                    || fetch_token(b, cut, next).is_some_and(|(_, tok)| {
                        tok.len() == 3 && tok.iter().all(u8::is_ascii_digit)
                    })
            }
        },
    };
    c.s(caps)?;
    if !print_this {
        return Ok(());
    }
    if c.vflag > 0 {
        // Every text line of the message, each on a line of its own, after the length.
        c.s(", length: ")?;
        c.d(len as u64)?;
        let mut idx = 0;
        while idx < len {
            match txt_line(c, "\n\t", b, idx, len)? {
                0 => break,
                eol => idx = eol,
            }
        }
        return Ok(());
    }
    txt_line(c, ": ", b, 0, len)?;
    Ok(())
}

/// `print_txt_line`: the line of `b` (the payload, `len` bytes on the wire, perhaps fewer
/// captured) that starts at `start`, after `prefix`, if it is printable text (tabs allowed)
/// ending in LF or CR-LF; the index after its line end. 0 when it is not such text (nothing
/// printed), or when it runs to the end of the payload without a line end (printed, then
/// ` [|proto]`, as tcpdump calls it truncated). A byte not captured stops the walk.
fn txt_line<W: Write>(
    c: &mut Cursor<'_, W>,
    prefix: &str,
    b: &[u8],
    start: usize,
    len: usize,
) -> R<usize> {
    let lim = len.min(b.len());
    let mut idx = start
        + if start < lim {
            printable_prefix(&b[start..lim])
        } else {
            0
        };
    let (end, next) = loop {
        if idx >= len {
            c.s(prefix)?;
            c.s(core::str::from_utf8(&b[start..idx]).map_err(|_| Stop::Fmt)?)?;
            c.trunc_here()?;
            return Ok(0);
        }
        let Some(&ch) = b.get(idx) else {
            return Err(c.jump());
        };
        if ch == b'\n' {
            break (idx, idx + 1);
        } else if ch == b'\r' {
            if idx + 1 >= len {
                return Ok(0);
            }
            match b.get(idx + 1) {
                None => return Err(c.jump()),
                Some(b'\n') => break (idx, idx + 2),
                Some(_) => return Ok(0),
            }
        } else if !printable(ch) && ch != b'\t' {
            return Ok(0);
        }
        idx += 1;
    };
    c.s(prefix)?;
    c.s(core::str::from_utf8(&b[start..end]).map_err(|_| Stop::Fmt)?)?;
    Ok(next)
}

/// `ntp_print` (its `-v` form in `ntp_v`).
pub(crate) fn ntp_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    c.proto = "ntp";
    let status = c.u8(cp)?;
    c.s("NTPv")?;
    c.d((status & 0x38) >> 3)?;
    let mode = match status & 7 {
        0 => ", unspecified",
        1 => ", symmetric active",
        2 => ", symmetric passive",
        3 => ", Client",
        4 => ", Server",
        5 => ", Broadcast",
        6 => ", Control Message",
        _ => ", Reserved",
    };
    if c.vflag > 0 {
        return super::ntp_v::ntp_verbose(c, cp, length, status, mode);
    }
    c.s(mode)?;
    c.s(", length ")?;
    c.d(length)
}

/// `bootp_print` (its `-v` form in `bootp_v`).
pub(crate) fn bootp_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    c.proto = "bootp";
    let op = c.u8(cp)?;
    c.s("BOOTP/DHCP, ")?;
    let unknown = Unknown::hex2("unknown (0x", ")");
    tok::tok2str(c.out, tok::find(BOOTP_OPS, op.into()), op.into(), unknown)?;
    let htype = c.u8(cp + bootp::HTYPE)?;
    let hlen = c.u8(cp + bootp::HLEN)?;
    if htype == 1 && hlen == 6 && op == 1 {
        c.bytes(cp + bootp::CHADDR, 6)?;
        c.s(" from ")?;
        c.mac_at(cp + bootp::CHADDR)?;
    }
    c.s(", length ")?;
    c.d(length)?;
    if c.vflag > 0 {
        return super::bootp_v::bootp_verbose(c, cp, htype, hlen);
    }
    Ok(())
}

/// A DHCPv6 message type's name.
pub(crate) fn dhcp6_name(t: u8) -> Option<&'static str> {
    const NAMES: [&str; 15] = [
        "solicit",
        "advertise",
        "request",
        "confirm",
        "renew",
        "rebind",
        "reply",
        "release",
        "decline",
        "reconfigure",
        "inf-req",
        "relay-fwd",
        "relay-reply",
        "leasequery",
        "leasequery-reply",
    ];
    t.checked_sub(1)
        .and_then(|i| NAMES.get(usize::from(i)).copied())
}

/// `dhcp6_print`, `length` bytes at `cp` (its `-v` form in `dhcp6_v`).
pub(crate) fn dhcp6_print<W: Write>(c: &mut Cursor<'_, W>, cp: usize, length: u32) -> R {
    c.proto = "dhcp6";
    c.s("dhcp6")?;
    if !c.test(cp, 4) {
        return c.trunc_here();
    }
    let t = c.u8(cp)?;
    let name = dhcp6_name(t);
    if c.vflag > 0 {
        let ep = cp.saturating_add(length as usize).min(c.snapend);
        let n = match name {
            Some(n) => n,
            None => {
                let mut s = String::from("msgtype-");
                crate::fmtx::dec(&mut s, t.into())?;
                return super::dhcp6_v::dhcp6_verbose(c, cp, ep, &s);
            }
        };
        return super::dhcp6_v::dhcp6_verbose(c, cp, ep, n);
    }
    c.s(" ")?;
    Ok(tok::tok2str(
        c.out,
        name,
        t.into(),
        Unknown::dec("msgtype-", ""),
    )?)
}

/// `syslog_print`.
pub(crate) fn syslog_print<W: Write>(c: &mut Cursor<'_, W>, p: usize, len: u32) -> R {
    c.proto = "syslog";
    if c.u8(p)? != b'<' {
        return c.s(" (invalid)");
    }
    let mut off = 1;
    let mut pri = 0u16;
    while off <= 3 {
        let ch = c.u8(p + off)?;
        if !ch.is_ascii_digit() {
            break;
        }
        pri = pri * 10 + (ch - b'0') as u16;
        off += 1;
    }
    if c.u8(p + off)? != b'>' {
        return c.s(" (invalid)");
    }
    let facility = (pri & 0x3f8) >> 3;
    let severity = pri & 7;
    const FACILITIES: [&str; 24] = [
        "kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
        "authpriv", "ftp", "ntp", "security", "console", "cron", "local0", "local1", "local2",
        "local3", "local4", "local5", "local6", "local7",
    ];
    const SEVERITIES: [&str; 8] = [
        "emergency",
        "alert",
        "critical",
        "error",
        "warning",
        "notice",
        "info",
        "debug",
    ];
    let name = FACILITIES.get(facility as usize).copied();
    if c.vflag > 0 {
        return syslog_verbose(
            c,
            p,
            len,
            off + 1,
            name,
            facility,
            severity,
            SEVERITIES[severity as usize],
        );
    }
    c.s("SYSLOG ")?;
    tok::tok2str(c.out, name, facility.into(), Unknown::dec("unknown (", ")"))?;
    c.s(".")?;
    c.s(SEVERITIES[severity as usize])?;
    c.s(", length: ")?;
    c.d(len)
}

/// `syslog_print`'s `-v` form: facility and severity with their numbers, the message from
/// `msg_off` as it is, and at `-vv` a hex dump of the whole datagram.
#[cold]
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn syslog_verbose<W: Write>(
    c: &mut Cursor<'_, W>,
    p: usize,
    len: u32,
    msg_off: usize,
    facility_name: Option<&str>,
    facility: u16,
    severity: u16,
    severity_name: &str,
) -> R {
    c.s("SYSLOG, length: ")?;
    c.d(len)?;
    c.s("\n\tFacility ")?;
    tok::tok2str(
        c.out,
        facility_name,
        facility.into(),
        Unknown::dec("unknown (", ")"),
    )?;
    c.s(" (")?;
    c.d(facility)?;
    c.s("), Severity ")?;
    c.s(severity_name)?;
    c.s(" (")?;
    c.d(severity)?;
    c.s(")\n\tMsg: ")?;
    if len as usize > msg_off {
        c.printn(p + msg_off, len as usize - msg_off)?;
    }
    if c.vflag > 1 {
        c.unknown_data_at(p, len as usize, "\n\t")?;
    }
    Ok(())
}

/// `tftp_print`.
pub(crate) fn tftp_print<W: Write>(c: &mut Cursor<'_, W>, mut bp: usize, mut length: u32) -> R {
    c.proto = "tftp";
    c.s("TFTP, length ")?;
    c.d(length)?;
    if length < 2 {
        return c.trunc_here();
    }
    let opcode = c.be16(bp)?;
    let name = match opcode {
        1 => "RRQ",
        2 => "WRQ",
        3 => "DATA",
        4 => "ACK",
        5 => "ERROR",
        6 => "OACK",
        _ => {
            c.s(", tftp-#")?;
            return c.d(opcode);
        }
    };
    c.s(", ")?;
    c.s(name)?;
    bp += 2;
    length -= 2;
    match opcode {
        1 | 2 => {
            if length == 0 {
                return c.trunc_here();
            }
            c.s(" \"")?;
            let ui = c.printztn(bp, length)?;
            c.s("\"")?;
            if ui == 0 {
                return c.trunc_here();
            }
            bp += ui as usize;
            length -= ui;
            if length == 0 {
                return c.trunc_here();
            }
            c.s(" ")?;
            let ui = c.printztn(bp, length)?;
            if ui == 0 {
                return c.trunc_here();
            }
            bp += ui as usize;
            length -= ui;
            tftp_options(c, bp, length)
        }
        6 => tftp_options(c, bp, length),
        3 | 4 => {
            if length < 2 {
                return c.trunc_here();
            }
            let block = c.be16(bp)?;
            c.s(" block ")?;
            c.d(block)
        }
        _ => {
            if length < 2 {
                return c.trunc_here();
            }
            let code = c.be16(bp)?;
            const ERRORS: [&str; 8] = [
                "EUNDEF",
                "ENOTFOUND",
                "EACCESS",
                "ENOSPACE",
                "EBADOP",
                "EBADID",
                "EEXISTS",
                "ENOUSER",
            ];
            c.s(" ")?;
            // tcpdump's fallback format carries a stray quote.
            let unknown = Unknown::dec("tftp-err-#", " \"");
            tok::tok2str(
                c.out,
                ERRORS.get(code as usize).copied(),
                code.into(),
                unknown,
            )?;
            bp += 2;
            length -= 2;
            if length == 0 {
                return c.trunc_here();
            }
            c.s(" \"")?;
            let ui = c.printztn(bp, length)?;
            c.s("\"")?;
            if ui == 0 {
                return c.trunc_here();
            }
            Ok(())
        }
    }
}

fn tftp_options<W: Write>(c: &mut Cursor<'_, W>, mut bp: usize, mut length: u32) -> R {
    while length != 0 {
        if c.u8(bp)? != 0 {
            c.s(" ")?;
        }
        let ui = c.printztn(bp, length)?;
        if ui == 0 {
            return c.trunc_here();
        }
        bp += ui as usize;
        length -= ui;
    }
    Ok(())
}

/// The protocols tcpdump prints with `txtproto_print`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextProto {
    Http,
    Rtsp,
    Sip,
    Ftp,
    Smtp,
    Whois,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_prefix_is_exact_or_short() {
        for len in 0..40usize {
            for bad in [0u8, 9, 0x0a, 0x0d, 0x1f, 0x7f, 0x80, 0xff] {
                for at in 0..=len {
                    let mut b: Vec<u8> = (0..len).map(|i| b' ' + (i * 7 % 95) as u8).collect();
                    if at < len {
                        b[at] = bad;
                    }
                    let n = printable_prefix(&b);
                    let want = b.iter().position(|&c| !printable(c)).unwrap_or(b.len());
                    assert!(n <= want && want - n < 8, "{b:?}: {n} vs {want}");
                }
            }
        }
    }
}
