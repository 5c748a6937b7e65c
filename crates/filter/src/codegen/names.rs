//! Identifiers: names, numbers, networks and addresses resolved and dispatched by their
//! qualifiers (gencode.c's `gen_scode`, `gen_ncode`, `gen_mcode`, `gen_mcode6`, `gen_ecode`),
//! and the nametoaddr.c parsers they need.

use super::*;
use std::net::IpAddr;

/// `__pcap_atoin` in nametoaddr.c (gencode.c's `gen_mcode` and `gen_ncode` call it): a dotted
/// IPv4 prefix and its length in bits, or `None`.
fn atoin(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    let mut addr: u32 = 0;
    let mut len = 0;
    let mut i = 0;
    loop {
        let mut n: u32 = 0;
        while i < b.len() && b[i] != b'.' {
            if n > 25 {
                return None;
            }
            n = n
                .wrapping_mul(10)
                .wrapping_add(u32::from(b[i]).wrapping_sub(u32::from(b'0')));
            i += 1;
        }
        if n > 255 {
            return None;
        }
        addr = (addr << 8) | (n & 0xff);
        len += 8;
        if i >= b.len() {
            return Some((addr, len));
        }
        i += 1;
    }
}

/// The `sscanf(s, "%d.%d")` of `__pcap_atodn` in nametoaddr.c (for gencode.c's `gen_ncode`):
/// two leading decimal integers separated by `sep`.
fn scan_two(s: &str, sep: char) -> Option<(i64, i64)> {
    fn int(t: &str) -> Option<(i64, &str)> {
        let t = t.trim_start();
        let (neg, t) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let n = t.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let v: i64 = t[..n]
            .parse::<i64>()
            .unwrap_or(i64::MAX)
            .min(i64::from(u32::MAX));
        Some((if neg { -v } else { v }, &t[n..]))
    }
    let (a, rest) = int(s)?;
    let rest = rest.strip_prefix(sep)?;
    let (b, _) = int(rest)?;
    Some((a, b))
}

/// `pcap_ether_aton` in nametoaddr.c (gencode.c's `gen_ecode` input); the scanner guarantees
/// the form.
fn ether_aton(s: &str) -> [u8; 6] {
    let b = s.as_bytes();
    let mut out = [0u8; 6];
    let mut n = 0;
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    while i < b.len() && n < 6 {
        if matches!(b[i], b':' | b'.' | b'-') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let mut d = hex(b[i]);
        i += 1;
        if i < b.len() && b[i].is_ascii_hexdigit() {
            d = (d << 4) | hex(b[i]);
            i += 1;
        }
        out[n] = d;
        n += 1;
    }
    out
}

impl Gen<'_> {
    /// `pcap_nametoport` in nametoaddr.c (gencode.c's `gen_scode` calls it): the port and which
    /// of TCP/UDP it belongs to.
    pub(super) fn nametoport(&self, name: &str) -> Option<(u32, u32)> {
        let (tcp, udp) = if !name.is_empty() && name.bytes().all(|c| c.is_ascii_digit()) {
            let n: Option<u16> = name.parse().ok();
            (n, n)
        } else {
            (
                self.resolver.port(name, "tcp"),
                self.resolver.port(name, "udp"),
            )
        };
        match (tcp, udp) {
            (Some(t), Some(u)) if t == u => Some((u32::from(t), PROTO_UNDEF)),
            (Some(t), _) => Some((u32::from(t), IPPROTO_TCP)),
            (None, Some(u)) => Some((u32::from(u), IPPROTO_UDP)),
            (None, None) => None,
        }
    }

    /// `lookup_proto` in gencode.c.
    pub(super) fn lookup_proto(&self, name: &str, proto: u8) -> GResult<Option<u32>> {
        match proto {
            Q_DEFAULT | Q_IP | Q_IPV6 => match self.resolver.protocol(name) {
                Some(v) => Ok(Some(u32::from(v))),
                None => Err(GenError::UnknownName(format!("unknown ip proto '{name}'"))),
            },
            Q_LINK => {
                let eproto = match name {
                    "aarp" => Some(ETHERTYPE_AARP),
                    "arp" => Some(ETHERTYPE_ARP),
                    "atalk" => Some(ETHERTYPE_ATALK),
                    "decnet" => Some(ETHERTYPE_DN),
                    "ip" => Some(ETHERTYPE_IP),
                    "ip6" => Some(ETHERTYPE_IPV6),
                    "lat" => Some(ETHERTYPE_LAT),
                    "loopback" => Some(ETHERTYPE_LOOPBACK),
                    "mopdl" => Some(ETHERTYPE_MOPDL),
                    "moprc" => Some(ETHERTYPE_MOPRC),
                    "rarp" => Some(ETHERTYPE_REVARP),
                    "sca" => Some(ETHERTYPE_SCA),
                    "iso" => Some(LLCSAP_ISONS),
                    "stp" => Some(LLCSAP_8021D),
                    "ipx" => Some(LLCSAP_IPX),
                    "netbeui" => Some(LLCSAP_NETBEUI),
                    _ => None,
                };
                match eproto {
                    Some(v) => Ok(Some(v)),
                    None => Err(GenError::UnknownName(format!(
                        "unknown ether proto '{name}'"
                    ))),
                }
            }
            Q_ISO => match name {
                "esis" => Ok(Some(0x82)),
                "isis" => Ok(Some(0x83)),
                "clnp" => Ok(Some(0x81)),
                _ => Err(GenError::UnknownName(format!("unknown osi proto '{name}'"))),
            },
            _ => Ok(None),
        }
    }

    /// The protocol check of `port`/`portrange` names in gencode.c's `gen_scode`.
    pub(super) fn check_port_proto(proto: u8, real: u32, name: &str, what: &str) -> GResult<u32> {
        let want = match proto {
            Q_UDP => IPPROTO_UDP,
            Q_TCP => IPPROTO_TCP,
            Q_SCTP => IPPROTO_SCTP,
            _ => return Ok(real),
        };
        if real == PROTO_UNDEF || real == want {
            return Ok(want);
        }
        let got = match real {
            IPPROTO_TCP => "tcp",
            IPPROTO_UDP => "udp",
            _ => "sctp",
        };
        Err(GenError::Qualifier(format!("{what} '{name}' is {got}")))
    }

    /// `gen_scode` in gencode.c.
    pub(super) fn scode(&mut self, name: &str, q: Qual) -> GResult<usize> {
        let proto = q.proto;
        let dir = q.dir;
        match q.addr {
            Q_NET => {
                let Some(mut addr) = self.resolver.network(name).filter(|&a| a != 0) else {
                    return Err(GenError::UnknownName(format!("unknown network '{name}'")));
                };
                let mut mask = 0xffff_ffffu32;
                while addr != 0 && (addr & 0xff00_0000) == 0 {
                    addr <<= 8;
                    mask <<= 8;
                }
                self.host(addr, mask, proto, dir, q.addr)
            }
            Q_DEFAULT | Q_HOST => {
                if proto == Q_LINK && matches!(self.linktype, Lt::Wlan(_)) {
                    let Some(e) = self.resolver.ether(name) else {
                        return Err(GenError::UnknownName(format!(
                            "unknown 802.11 host '{name}'"
                        )));
                    };
                    self.wlanhostop(&e, dir)
                } else if proto == Q_LINK {
                    if self.linktype != Lt::Ethernet {
                        return Err(GenError::Unsupported("only ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel supports link-level host name".into()));
                    }
                    let Some(e) = self.resolver.ether(name) else {
                        return Err(GenError::UnknownName(format!(
                            "unknown ether host '{name}'"
                        )));
                    };
                    self.ehostop(&e, dir)
                } else if proto == Q_DECNET {
                    Err(GenError::Unsupported(format!(
                        "decnet name support not included, '{name}' cannot be translated"
                    )))
                } else {
                    self.host_name(name, q)
                }
            }
            Q_PORT => {
                if !matches!(proto, Q_DEFAULT | Q_UDP | Q_TCP | Q_SCTP) {
                    return Err(GenError::Qualifier("illegal qualifier of 'port'".into()));
                }
                let Some((port, real)) = self.nametoport(name) else {
                    return Err(GenError::UnknownName(format!("unknown port '{name}'")));
                };
                let real = Self::check_port_proto(proto, real, name, "port")?;
                if port > 65535 {
                    return Err(GenError::BadValue(format!(
                        "illegal port number {port} > 65535"
                    )));
                }
                self.both_ports(port, real, dir)
            }
            Q_PORTRANGE => {
                if !matches!(proto, Q_DEFAULT | Q_UDP | Q_TCP | Q_SCTP) {
                    return Err(GenError::Qualifier(
                        "illegal qualifier of 'portrange'".into(),
                    ));
                }
                let (p1, p2, real) = match scan_two(name, '-') {
                    Some((a, b)) => (a, b, PROTO_UNDEF),
                    None => {
                        let unknown =
                            || GenError::UnknownName(format!("unknown port in range '{name}'"));
                        let (a, b) = name.split_once('-').ok_or_else(unknown)?;
                        let (p1, r1) = self.nametoport(a).ok_or_else(unknown)?;
                        let (p2, r2) = self.nametoport(b).ok_or_else(unknown)?;
                        (
                            i64::from(p1),
                            i64::from(p2),
                            if r1 == r2 { r2 } else { PROTO_UNDEF },
                        )
                    }
                };
                let real = Self::check_port_proto(proto, real, name, "port in range")?;
                for p in [p1, p2] {
                    if p < 0 {
                        return Err(GenError::BadValue(format!("illegal port number {p} < 0")));
                    }
                    if p > 65535 {
                        return Err(GenError::BadValue(format!(
                            "illegal port number {p} > 65535"
                        )));
                    }
                }
                self.both_portranges(p1 as u32, p2 as u32, real, dir)
            }
            Q_GATEWAY => Err(GenError::Unsupported(
                "'gateway' not supported in this configuration".into(),
            )),
            Q_PROTO => match self.lookup_proto(name, proto)? {
                Some(v) => self.proto(v, proto, dir),
                None => Err(GenError::UnknownName(format!("unknown protocol: {name}"))),
            },
            Q_PROTOCHAIN => match self.lookup_proto(name, proto)? {
                Some(v) => self.protochain(v, proto),
                None => Err(GenError::UnknownName(format!("unknown protocol: {name}"))),
            },
            _ => Err(GenError::Syntax),
        }
    }

    /// The `Q_HOST` case of `gen_scode` in gencode.c for IPv4 and IPv6: every address the name
    /// resolves to, or'ed together.
    fn host_name(&mut self, name: &str, q: Qual) -> GResult<usize> {
        let (proto, dir) = (q.proto, q.dir);
        let all = self.resolver.host(name);
        if all.is_empty() {
            return Err(GenError::UnknownName(format!("unknown host '{name}'")));
        }
        // A link layer without a type field carries only IP: no ARP or RARP alternatives.
        let (tproto, tproto6) =
            if self.off_linktype.constant_part == OFFSET_NOT_SET && proto == Q_DEFAULT {
                (Q_IP, Q_IPV6)
            } else {
                (proto, proto)
            };
        // In the resolver's order, as libpcap 1.10 walks getaddrinfo's list.
        let mut b: Option<usize> = None;
        for a in &all {
            let tmp = match a {
                IpAddr::V4(a) if tproto != Q_IPV6 => {
                    self.host(u32::from(*a), 0xffff_ffff, tproto, dir, q.addr)?
                }
                IpAddr::V6(a) if tproto6 != Q_IP => {
                    self.host6(&a.octets(), &[0xff; 16], tproto6, dir, q.addr)?
                }
                _ => continue,
            };
            if let Some(b) = b {
                self.or(b, tmp);
            }
            b = Some(tmp);
        }
        b.ok_or_else(|| {
            GenError::UnknownName(format!(
                "unknown host '{name}'{}",
                if proto == Q_DEFAULT {
                    ""
                } else {
                    " for specified address family"
                }
            ))
        })
    }

    /// `gen_mcode` in gencode.c.
    pub(super) fn mcode(
        &mut self,
        s1: &str,
        s2: Option<&str>,
        masklen: u32,
        q: Qual,
    ) -> GResult<usize> {
        let Some((n, nlen)) = atoin(s1) else {
            return Err(GenError::BadValue(format!("invalid IPv4 address '{s1}'")));
        };
        let n = if nlen >= 32 { n } else { n << (32 - nlen) };
        let m = match s2 {
            Some(s2) => {
                let Some((m, mlen)) = atoin(s2) else {
                    return Err(GenError::BadValue(format!("invalid IPv4 address '{s2}'")));
                };
                let m = if mlen >= 32 { m } else { m << (32 - mlen) };
                if n & !m != 0 {
                    return Err(GenError::BadValue(format!(
                        "non-network bits set in \"{s1} mask {s2}\""
                    )));
                }
                m
            }
            None => {
                if masklen > 32 {
                    return Err(GenError::BadValue("mask length must be <= 32".into()));
                }
                let m = if masklen == 0 {
                    0
                } else {
                    0xffff_ffffu32 << (32 - masklen)
                };
                if n & !m != 0 {
                    return Err(GenError::BadValue(format!(
                        "non-network bits set in \"{s1}/{masklen}\""
                    )));
                }
                m
            }
        };
        if q.addr == Q_NET {
            self.host(n, m, q.proto, q.dir, q.addr)
        } else {
            Err(GenError::Qualifier("Mask syntax for networks only".into()))
        }
    }

    /// `gen_ncode` in gencode.c.
    pub(super) fn ncode(&mut self, s: Option<&str>, mut v: u32, q: Qual) -> GResult<usize> {
        let proto = q.proto;
        let dir = q.dir;
        let vlen = match s {
            None => 32,
            Some(s) if proto == Q_DECNET => match scan_two(s, '.') {
                Some((area, node)) => {
                    v = (((area as u32) << 10) & 0o176000) | ((node as u32) & 0o1777);
                    32
                }
                None => {
                    return Err(GenError::BadValue(format!(
                        "malformed decnet address '{s}'"
                    )))
                }
            },
            Some(s) => match atoin(s) {
                Some((a, l)) => {
                    v = a;
                    l
                }
                None => return Err(GenError::BadValue(format!("invalid IPv4 address '{s}'"))),
            },
        };
        match q.addr {
            Q_DEFAULT | Q_HOST | Q_NET => {
                if proto == Q_DECNET {
                    self.host(v, 0, proto, dir, q.addr)
                } else if proto == Q_LINK {
                    Err(GenError::BadValue("illegal link layer address".into()))
                } else {
                    let mut mask = 0xffff_ffffu32;
                    if s.is_none() && q.addr == Q_NET {
                        while v != 0 && (v & 0xff00_0000) == 0 {
                            v <<= 8;
                            mask <<= 8;
                        }
                    } else if vlen < 32 {
                        v <<= 32 - vlen;
                        mask <<= 32 - vlen;
                    }
                    self.host(v, mask, proto, dir, q.addr)
                }
            }
            Q_PORT | Q_PORTRANGE => {
                let p = match proto {
                    Q_UDP => IPPROTO_UDP,
                    Q_TCP => IPPROTO_TCP,
                    Q_SCTP => IPPROTO_SCTP,
                    Q_DEFAULT => PROTO_UNDEF,
                    _ => {
                        return Err(GenError::Qualifier(if q.addr == Q_PORT {
                            "illegal qualifier of 'port'".into()
                        } else {
                            "illegal qualifier of 'portrange'".into()
                        }))
                    }
                };
                if v > 65535 {
                    return Err(GenError::BadValue(format!(
                        "illegal port number {v} > 65535"
                    )));
                }
                if q.addr == Q_PORT {
                    self.both_ports(v, p, dir)
                } else {
                    self.both_portranges(v, v, p, dir)
                }
            }
            Q_GATEWAY => Err(GenError::Qualifier("'gateway' requires a name".into())),
            Q_PROTO => self.proto(v, proto, dir),
            Q_PROTOCHAIN => self.protochain(v, proto),
            _ => Err(GenError::Syntax),
        }
    }

    /// `gen_mcode6` in gencode.c.
    pub(super) fn mcode6(&mut self, s: &str, masklen: u32, q: Qual) -> GResult<usize> {
        let Some(addr) = crate::lexer::parse_v6(s) else {
            return Err(GenError::BadValue(format!("invalid ip6 address {s}")));
        };
        if masklen > 128 {
            return Err(GenError::BadValue("mask length must be <= 128".into()));
        }
        let mut mask = [0u8; 16];
        for (i, m) in mask.iter_mut().enumerate() {
            let bits = masklen.saturating_sub(8 * i as u32).min(8);
            *m = if bits == 0 {
                0
            } else {
                (0xffu32 << (8 - bits)) as u8
            };
        }
        if addr.iter().zip(mask.iter()).any(|(a, m)| a & !m != 0) {
            return Err(GenError::BadValue(format!(
                "non-network bits set in \"{s}/{masklen}\""
            )));
        }
        match q.addr {
            Q_DEFAULT | Q_HOST | Q_NET => {
                if q.addr != Q_NET && masklen != 128 {
                    return Err(GenError::Qualifier("Mask syntax for networks only".into()));
                }
                self.host6(&addr, &mask, q.proto, q.dir, q.addr)
            }
            _ => Err(GenError::Qualifier(
                "invalid qualifier against IPv6 address".into(),
            )),
        }
    }

    /// `gen_ecode` in gencode.c.
    pub(super) fn ecode(&mut self, s: &str, q: Qual) -> GResult<usize> {
        if (q.addr == Q_HOST || q.addr == Q_DEFAULT) && q.proto == Q_LINK {
            if matches!(self.linktype, Lt::Wlan(_)) {
                let e = ether_aton(s);
                return self.wlanhostop(&e, q.dir);
            }
            if self.linktype != Lt::Ethernet {
                return Err(GenError::Unsupported("ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel".into()));
            }
            let e = ether_aton(s);
            return self.ehostop(&e, q.dir);
        }
        Err(GenError::Qualifier(
            "ethernet address used in non-ether expression".into(),
        ))
    }
}
