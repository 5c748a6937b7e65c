//! One JSON object per packet, written straight to an `io::Write` without building a value.

use core::fmt::{self, Write as _};
use std::io::{self, Write};

use crate::frame::tcp;
use crate::layers::{parse, Dns, Layer};
use crate::names::AddrCache;
use crate::{fmtx, render, PrintOptions, TcpSeqState};

/// Adapts an `io::Write` to `fmt::Write`, escaping for the inside of a JSON string.
struct Esc<'w, W: Write> {
    w: &'w mut W,
    err: Option<io::Error>,
}

impl<W: Write> fmt::Write for Esc<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let esc: Option<&[u8]> = match b {
                b'"' => Some(b"\\\""),
                b'\\' => Some(b"\\\\"),
                b'\n' => Some(b"\\n"),
                b'\t' => Some(b"\\t"),
                b'\r' => Some(b"\\r"),
                0..=0x1f => None,
                _ => continue,
            };
            let r = self.w.write_all(&bytes[start..i]).and_then(|_| match esc {
                Some(e) => self.w.write_all(e),
                None => write!(self.w, "\\u{:04x}", b),
            });
            if let Err(e) = r {
                self.err = Some(e);
                return Err(fmt::Error);
            }
            start = i + 1;
        }
        if let Err(e) = self.w.write_all(&bytes[start..]) {
            self.err = Some(e);
            return Err(fmt::Error);
        }
        Ok(())
    }
}

/// Adapts an `io::Write` to `fmt::Write` for text that needs no escaping (numbers, addresses).
struct Raw<'w, W: Write> {
    w: &'w mut W,
    err: Option<io::Error>,
}

impl<W: Write> fmt::Write for Raw<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.w.write_all(s.as_bytes()).map_err(|e| {
            self.err = Some(e);
            fmt::Error
        })
    }
}

fn lift(r: fmt::Result, err: &mut Option<io::Error>) -> io::Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(_) => Err(err
            .take()
            .unwrap_or_else(|| io::Error::other("formatting failed"))),
    }
}

fn raw<W: Write>(w: &mut W, f: impl FnOnce(&mut Raw<'_, W>) -> fmt::Result) -> io::Result<()> {
    let mut r = Raw { w, err: None };
    let res = f(&mut r);
    lift(res, &mut r.err)
}

fn num<W: Write>(w: &mut W, key: &str, v: u64) -> io::Result<()> {
    w.write_all(b",\"")?;
    w.write_all(key.as_bytes())?;
    w.write_all(b"\":")?;
    raw(w, |r| fmtx::dec(r, v))
}

fn boolean<W: Write>(w: &mut W, key: &str, v: bool) -> io::Result<()> {
    w.write_all(b",\"")?;
    w.write_all(key.as_bytes())?;
    w.write_all(if v { b"\":true" } else { b"\":false" })
}

fn text<W: Write>(
    w: &mut W,
    key: &str,
    f: impl FnOnce(&mut Raw<'_, W>) -> fmt::Result,
) -> io::Result<()> {
    w.write_all(b",\"")?;
    w.write_all(key.as_bytes())?;
    w.write_all(b"\":\"")?;
    raw(w, f)?;
    w.write_all(b"\"")
}

fn hw<W: Write>(w: &mut W, key: &str, a: &[u8]) -> io::Result<()> {
    text(w, key, |r| fmtx::bytes_colon(r, a))
}

fn proto_addr<W: Write>(w: &mut W, key: &str, a: &[u8]) -> io::Result<()> {
    match a.len() {
        4 => text(w, key, |r| fmtx::ipv4(r, a)),
        16 => text(w, key, |r| fmtx::ipv6(r, a)),
        _ => hw(w, key, a),
    }
}

fn layer<W: Write>(w: &mut W, l: &Layer<'_>) -> io::Result<()> {
    if !(link_layer(w, l)? || ip_layer(w, l)?) {
        transport_layer(w, l)?;
    }
    w.write_all(b"}")
}

/// A link-layer header's object without its closing brace; `Ok(false)` for the other layers.
fn link_layer<W: Write>(w: &mut W, l: &Layer<'_>) -> io::Result<bool> {
    match *l {
        Layer::Sll2 {
            protocol,
            ifindex,
            hatype,
            pkttype,
            addr,
        } => {
            w.write_all(b"{\"type\":\"sll2\"")?;
            num(w, "ifindex", ifindex as u64)?;
            num(w, "pkttype", pkttype as u64)?;
            num(w, "hatype", hatype as u64)?;
            hw(w, "addr", addr)?;
            num(w, "protocol", protocol as u64)?;
        }
        Layer::Sll {
            pkttype,
            hatype,
            addr,
            protocol,
        } => {
            w.write_all(b"{\"type\":\"sll\"")?;
            num(w, "pkttype", pkttype as u64)?;
            num(w, "hatype", hatype as u64)?;
            hw(w, "addr", addr)?;
            num(w, "protocol", protocol as u64)?;
        }
        Layer::Ethernet {
            dst,
            src,
            ethertype,
        } => {
            w.write_all(b"{\"type\":\"eth\"")?;
            hw(w, "src", &src)?;
            hw(w, "dst", &dst)?;
            num(w, "ethertype", ethertype as u64)?;
        }
        Layer::Vlan {
            tpid,
            vid,
            pcp,
            dei,
            ethertype,
        } => {
            w.write_all(b"{\"type\":\"vlan\"")?;
            num(w, "tpid", tpid as u64)?;
            num(w, "id", vid as u64)?;
            num(w, "pcp", pcp as u64)?;
            boolean(w, "dei", dei)?;
            num(w, "ethertype", ethertype as u64)?;
        }
        Layer::Arp {
            htype,
            ptype,
            op,
            sha,
            spa,
            tha,
            tpa,
        } => {
            w.write_all(b"{\"type\":\"arp\"")?;
            num(w, "op", op as u64)?;
            num(w, "htype", htype as u64)?;
            num(w, "ptype", ptype as u64)?;
            hw(w, "sha", sha)?;
            proto_addr(w, "spa", spa)?;
            hw(w, "tha", tha)?;
            proto_addr(w, "tpa", tpa)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// An IP header's object without its closing brace; `Ok(false)` for the other layers.
fn ip_layer<W: Write>(w: &mut W, l: &Layer<'_>) -> io::Result<bool> {
    match *l {
        Layer::Ipv4 {
            src,
            dst,
            protocol,
            ttl,
            tos,
            id,
            dont_fragment,
            more_fragments,
            fragment_offset,
            header_len,
            total_len,
        } => {
            w.write_all(b"{\"type\":\"ipv4\"")?;
            text(w, "src", |r| fmtx::ipv4(r, &src.octets()))?;
            text(w, "dst", |r| fmtx::ipv4(r, &dst.octets()))?;
            num(w, "proto", protocol as u64)?;
            num(w, "ttl", ttl as u64)?;
            num(w, "tos", tos as u64)?;
            num(w, "id", id as u64)?;
            boolean(w, "df", dont_fragment)?;
            boolean(w, "mf", more_fragments)?;
            num(w, "frag_offset", fragment_offset as u64)?;
            num(w, "hlen", header_len as u64)?;
            num(w, "len", total_len as u64)?;
        }
        Layer::Ipv6 {
            src,
            dst,
            next_header,
            hop_limit,
            payload_len,
            traffic_class,
            flow_label,
        } => {
            w.write_all(b"{\"type\":\"ipv6\"")?;
            text(w, "src", |r| fmtx::ipv6(r, &src.octets()))?;
            text(w, "dst", |r| fmtx::ipv6(r, &dst.octets()))?;
            num(w, "next_header", next_header as u64)?;
            num(w, "hop_limit", hop_limit as u64)?;
            num(w, "payload_len", payload_len as u64)?;
            num(w, "tclass", traffic_class as u64)?;
            num(w, "flow", flow_label as u64)?;
        }
        Layer::Ipv6Ext {
            kind,
            next_header,
            len,
        } => {
            w.write_all(b"{\"type\":\"ipv6_ext\"")?;
            num(w, "kind", kind as u64)?;
            num(w, "next_header", next_header as u64)?;
            num(w, "len", len as u64)?;
        }
        Layer::Ipv6Fragment {
            next_header,
            offset,
            more_fragments,
            id,
        } => {
            w.write_all(b"{\"type\":\"ipv6_frag\"")?;
            num(w, "next_header", next_header as u64)?;
            num(w, "offset", offset as u64)?;
            boolean(w, "mf", more_fragments)?;
            num(w, "id", id as u64)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A transport or application layer's object without its closing brace (nothing for the
/// layers [`link_layer`] and [`ip_layer`] write).
fn transport_layer<W: Write>(w: &mut W, l: &Layer<'_>) -> io::Result<()> {
    match *l {
        Layer::Tcp {
            src_port,
            dst_port,
            seq,
            ack,
            flags,
            window,
            header_len,
            payload_len,
        } => {
            w.write_all(b"{\"type\":\"tcp\"")?;
            num(w, "sport", src_port as u64)?;
            num(w, "dport", dst_port as u64)?;
            num(w, "seq", seq as u64)?;
            num(w, "ack", ack as u64)?;
            text(w, "flags", |r| tcp_flags(r, flags))?;
            num(w, "win", window as u64)?;
            num(w, "hlen", header_len as u64)?;
            num(w, "payload_len", payload_len as u64)?;
        }
        Layer::Udp {
            src_port,
            dst_port,
            length,
        } => {
            w.write_all(b"{\"type\":\"udp\"")?;
            num(w, "sport", src_port as u64)?;
            num(w, "dport", dst_port as u64)?;
            num(w, "len", length as u64)?;
        }
        Layer::Icmp { icmp_type, code } | Layer::Icmpv6 { icmp_type, code } => {
            if matches!(l, Layer::Icmp { .. }) {
                w.write_all(b"{\"type\":\"icmp\"")?;
            } else {
                w.write_all(b"{\"type\":\"icmpv6\"")?;
            }
            num(w, "icmp_type", icmp_type as u64)?;
            num(w, "code", code as u64)?;
        }
        Layer::Dns(ref d) => dns_layer(w, d)?,
        Layer::Sll2 { .. }
        | Layer::Sll { .. }
        | Layer::Ethernet { .. }
        | Layer::Vlan { .. }
        | Layer::Arp { .. }
        | Layer::Ipv4 { .. }
        | Layer::Ipv6 { .. }
        | Layer::Ipv6Ext { .. }
        | Layer::Ipv6Fragment { .. } => {}
    }
    Ok(())
}

/// TCP flags as tcpdump's letters (none for no flag).
fn tcp_flags(r: &mut impl fmt::Write, flags: u8) -> fmt::Result {
    crate::tok::bittok2str_nosep(r, tcp::FLAG_LETTERS, flags.into(), "")
}

/// A DNS message's object without its closing brace.
fn dns_layer<W: Write>(w: &mut W, d: &Dns<'_>) -> io::Result<()> {
    w.write_all(b"{\"type\":\"dns\"")?;
    num(w, "id", d.id as u64)?;
    w.write_all(if d.is_response() {
        b",\"qr\":\"response\""
    } else {
        b",\"qr\":\"query\""
    })?;
    num(w, "opcode", d.opcode() as u64)?;
    num(w, "rcode", d.rcode() as u64)?;
    num(w, "qdcount", d.qdcount as u64)?;
    num(w, "ancount", d.ancount as u64)?;
    num(w, "nscount", d.nscount as u64)?;
    num(w, "arcount", d.arcount as u64)?;
    w.write_all(b",\"questions\":[")?;
    for (i, q) in d.questions().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(b"{\"name\":\"")?;
        let mut e = Esc { w, err: None };
        let r = q.name.write_to(&mut e);
        lift(r, &mut e.err)?;
        w.write_all(b"\"")?;
        num(w, "qtype", q.qtype as u64)?;
        num(w, "qclass", q.qclass as u64)?;
        w.write_all(b"}")?;
    }
    w.write_all(b"]")?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn write<W: Write>(
    w: &mut W,
    ts_ns: u64,
    linktype: u32,
    interface: Option<&str>,
    data: &[u8],
    orig_len: u32,
    tcp: Option<&mut TcpSeqState>,
    ifnames: &[(u32, Box<str>)],
    names: Option<&mut AddrCache>,
) -> io::Result<()> {
    let secs = (ts_ns / 1_000_000_000) as i64;
    let frac = ts_ns % 1_000_000_000;
    w.write_all(b"{\"schema\":")?;
    raw(w, |r| fmtx::dec(r, u64::from(crate::JSON_SCHEMA)))?;
    w.write_all(b",\"ts\":\"")?;
    raw(w, |r| {
        fmtx::clock(r, secs, true)?;
        r.write_char('.')?;
        fmtx::dec_pad(r, frac, 9)?;
        r.write_char('Z')
    })?;
    w.write_all(b"\"")?;
    num(w, "ts_ns", ts_ns)?;
    w.write_all(b",\"interface\":")?;
    match interface {
        Some(name) => {
            w.write_all(b"\"")?;
            let mut e = Esc { w, err: None };
            let r = e.write_str(name);
            lift(r, &mut e.err)?;
            w.write_all(b"\"")?;
        }
        None => w.write_all(b"null")?,
    }
    num(w, "len", orig_len as u64)?;
    num(w, "caplen", data.len() as u64)?;
    w.write_all(b",\"layers\":[")?;
    let ls = parse(linktype, data);
    for (i, l) in ls.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        layer(w, l)?;
    }
    if ls.truncated {
        if !ls.is_empty() {
            w.write_all(b",")?;
        }
        w.write_all(b"{\"type\":\"truncated\"}")?;
    }
    w.write_all(b"],\"summary\":\"")?;
    let opts = PrintOptions::default();
    let mut e = Esc { w, err: None };
    let r = render(
        &mut e, None, linktype, data, orig_len, &opts, tcp, ifnames, names, None, false,
    )
    .map(|_| ());
    lift(r, &mut e.err)?;
    w.write_all(b"\"}")
}
