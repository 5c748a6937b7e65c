//! The tokenizer: the same tokens as libpcap's scanner, chosen by longest match with ties going
//! to the earlier rule (keywords, then punctuation, then `$xx`, MAC, number, dotted IPv4, IPv6,
//! malformed MAC, named constants, identifiers).

use std::ops::Range;

/// A keyword or punctuation token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kw {
    Dst,
    Src,
    Link,
    Arp,
    Rarp,
    Ip,
    Sctp,
    Tcp,
    Udp,
    Icmp,
    Igmp,
    Igrp,
    Pim,
    Vrrp,
    Carp,
    Radio,
    Ip6,
    Icmp6,
    Ah,
    Esp,
    Atalk,
    Aarp,
    Decnet,
    Lat,
    Sca,
    Moprc,
    Mopdl,
    Iso,
    Esis,
    Isis,
    L1,
    L2,
    Iih,
    Lsp,
    Snp,
    Csnp,
    Psnp,
    Clnp,
    Stp,
    Ipx,
    Netbeui,
    Host,
    Net,
    Mask,
    Port,
    Portrange,
    Proto,
    Protochain,
    Gateway,
    Type,
    Subtype,
    Dir,
    Addr1,
    Addr2,
    Addr3,
    Addr4,
    Ra,
    Ta,
    Less,
    Greater,
    Byte,
    Broadcast,
    Multicast,
    And,
    Or,
    Not,
    Len,
    Inbound,
    Outbound,
    Ifindex,
    Vlan,
    Mpls,
    Pppoed,
    Pppoes,
    Geneve,
    Lane,
    Llc,
    Metac,
    Bcc,
    Oam,
    Oamf4,
    Oamf4ec,
    Oamf4sc,
    Sc,
    Ilmic,
    Vpi,
    Vci,
    Connectmsg,
    Metaconnect,
    PfIfname,
    PfRset,
    PfRnr,
    PfSrnr,
    PfReason,
    PfAction,
    Fisu,
    Lssu,
    Msu,
    Hfisu,
    Hlssu,
    Hmsu,
    Sio,
    Opc,
    Dpc,
    Sls,
    Hsio,
    Hopc,
    Hdpc,
    Hsls,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    Kw(Kw),
    /// One of `+ - * / % : [ ] < > ( ) & | ^ =` (and `!` is `Kw::Not`).
    Ch(u8),
    Geq,
    Leq,
    Neq,
    Lsh,
    Rsh,
    /// `$xx`, an ARCnet address.
    Aid(String),
    /// An Ethernet address.
    Eid(String),
    /// A number (or a named constant such as `tcp-syn`).
    Num(u32),
    /// A dotted IPv4 address or prefix (`10`, `10.1`, `10.1.2`, `10.1.2.3` with dots).
    Hid(String),
    /// An IPv6 address.
    Hid6(String),
    /// A name.
    Id(String),
    /// A lexical error, reported when the parser reaches it (as libpcap's scanner does).
    Error(String),
    /// The end of the expression.
    Eof,
}

/// A token and where it is in the expression.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Range<usize>,
}

const KEYWORDS: &[(&str, Kw)] = &[
    ("dst", Kw::Dst),
    ("src", Kw::Src),
    ("link", Kw::Link),
    ("ether", Kw::Link),
    ("ppp", Kw::Link),
    ("slip", Kw::Link),
    ("fddi", Kw::Link),
    ("tr", Kw::Link),
    ("wlan", Kw::Link),
    ("arp", Kw::Arp),
    ("rarp", Kw::Rarp),
    ("ip", Kw::Ip),
    ("sctp", Kw::Sctp),
    ("tcp", Kw::Tcp),
    ("udp", Kw::Udp),
    ("icmp", Kw::Icmp),
    ("igmp", Kw::Igmp),
    ("igrp", Kw::Igrp),
    ("pim", Kw::Pim),
    ("vrrp", Kw::Vrrp),
    ("carp", Kw::Carp),
    ("radio", Kw::Radio),
    ("ip6", Kw::Ip6),
    ("icmp6", Kw::Icmp6),
    ("ah", Kw::Ah),
    ("esp", Kw::Esp),
    ("atalk", Kw::Atalk),
    ("aarp", Kw::Aarp),
    ("decnet", Kw::Decnet),
    ("lat", Kw::Lat),
    ("sca", Kw::Sca),
    ("moprc", Kw::Moprc),
    ("mopdl", Kw::Mopdl),
    ("iso", Kw::Iso),
    ("esis", Kw::Esis),
    ("es-is", Kw::Esis),
    ("isis", Kw::Isis),
    ("is-is", Kw::Isis),
    ("l1", Kw::L1),
    ("l2", Kw::L2),
    ("iih", Kw::Iih),
    ("lsp", Kw::Lsp),
    ("snp", Kw::Snp),
    ("csnp", Kw::Csnp),
    ("psnp", Kw::Psnp),
    ("clnp", Kw::Clnp),
    ("stp", Kw::Stp),
    ("ipx", Kw::Ipx),
    ("netbeui", Kw::Netbeui),
    ("host", Kw::Host),
    ("net", Kw::Net),
    ("mask", Kw::Mask),
    ("port", Kw::Port),
    ("portrange", Kw::Portrange),
    ("proto", Kw::Proto),
    ("protochain", Kw::Protochain),
    ("gateway", Kw::Gateway),
    ("type", Kw::Type),
    ("subtype", Kw::Subtype),
    ("direction", Kw::Dir),
    ("dir", Kw::Dir),
    ("address1", Kw::Addr1),
    ("addr1", Kw::Addr1),
    ("address2", Kw::Addr2),
    ("addr2", Kw::Addr2),
    ("address3", Kw::Addr3),
    ("addr3", Kw::Addr3),
    ("address4", Kw::Addr4),
    ("addr4", Kw::Addr4),
    ("ra", Kw::Ra),
    ("ta", Kw::Ta),
    ("less", Kw::Less),
    ("greater", Kw::Greater),
    ("byte", Kw::Byte),
    ("broadcast", Kw::Broadcast),
    ("multicast", Kw::Multicast),
    ("and", Kw::And),
    ("&&", Kw::And),
    ("or", Kw::Or),
    ("||", Kw::Or),
    ("not", Kw::Not),
    ("len", Kw::Len),
    ("length", Kw::Len),
    ("inbound", Kw::Inbound),
    ("outbound", Kw::Outbound),
    ("ifindex", Kw::Ifindex),
    ("vlan", Kw::Vlan),
    ("mpls", Kw::Mpls),
    ("pppoed", Kw::Pppoed),
    ("pppoes", Kw::Pppoes),
    ("geneve", Kw::Geneve),
    ("lane", Kw::Lane),
    ("llc", Kw::Llc),
    ("metac", Kw::Metac),
    ("bcc", Kw::Bcc),
    ("oam", Kw::Oam),
    ("oamf4", Kw::Oamf4),
    ("oamf4ec", Kw::Oamf4ec),
    ("oamf4sc", Kw::Oamf4sc),
    ("sc", Kw::Sc),
    ("ilmic", Kw::Ilmic),
    ("vpi", Kw::Vpi),
    ("vci", Kw::Vci),
    ("connectmsg", Kw::Connectmsg),
    ("metaconnect", Kw::Metaconnect),
    ("on", Kw::PfIfname),
    ("ifname", Kw::PfIfname),
    ("rset", Kw::PfRset),
    ("ruleset", Kw::PfRset),
    ("rnr", Kw::PfRnr),
    ("rulenum", Kw::PfRnr),
    ("srnr", Kw::PfSrnr),
    ("subrulenum", Kw::PfSrnr),
    ("reason", Kw::PfReason),
    ("action", Kw::PfAction),
    ("fisu", Kw::Fisu),
    ("lssu", Kw::Lssu),
    ("lsu", Kw::Lssu),
    ("msu", Kw::Msu),
    ("hfisu", Kw::Hfisu),
    ("hlssu", Kw::Hlssu),
    ("hmsu", Kw::Hmsu),
    ("sio", Kw::Sio),
    ("opc", Kw::Opc),
    ("dpc", Kw::Dpc),
    ("sls", Kw::Sls),
    ("hsio", Kw::Hsio),
    ("hopc", Kw::Hopc),
    ("hdpc", Kw::Hdpc),
    ("hsls", Kw::Hsls),
];

/// Names that stand for numbers (offsets and values in protocol headers).
const NAMED_NUMBERS: &[(&str, u32)] = &[
    ("icmptype", 0),
    ("icmpcode", 1),
    ("icmp-echoreply", 0),
    ("icmp-unreach", 3),
    ("icmp-sourcequench", 4),
    ("icmp-redirect", 5),
    ("icmp-echo", 8),
    ("icmp-routeradvert", 9),
    ("icmp-routersolicit", 10),
    ("icmp-timxceed", 11),
    ("icmp-paramprob", 12),
    ("icmp-tstamp", 13),
    ("icmp-tstampreply", 14),
    ("icmp-ireq", 15),
    ("icmp-ireqreply", 16),
    ("icmp-maskreq", 17),
    ("icmp-maskreply", 18),
    ("icmp6type", 0),
    ("icmp6code", 1),
    ("icmp6-destinationunreach", 1),
    ("icmp6-packettoobig", 2),
    ("icmp6-timeexceeded", 3),
    ("icmp6-parameterproblem", 4),
    ("icmp6-echo", 128),
    ("icmp6-echoreply", 129),
    ("icmp6-multicastlistenerquery", 130),
    ("icmp6-multicastlistenerreportv1", 131),
    ("icmp6-multicastlistenerdone", 132),
    ("icmp6-routersolicit", 133),
    ("icmp6-routeradvert", 134),
    ("icmp6-neighborsolicit", 135),
    ("icmp6-neighboradvert", 136),
    ("icmp6-redirect", 137),
    ("icmp6-routerrenum", 138),
    ("icmp6-nodeinformationquery", 139),
    ("icmp6-nodeinformationresponse", 140),
    ("icmp6-ineighbordiscoverysolicit", 141),
    ("icmp6-ineighbordiscoveryadvert", 142),
    ("icmp6-multicastlistenerreportv2", 143),
    ("icmp6-homeagentdiscoveryrequest", 144),
    ("icmp6-homeagentdiscoveryreply", 145),
    ("icmp6-mobileprefixsolicit", 146),
    ("icmp6-mobileprefixadvert", 147),
    ("icmp6-certpathsolicit", 148),
    ("icmp6-certpathadvert", 149),
    ("icmp6-multicastrouteradvert", 151),
    ("icmp6-multicastroutersolicit", 152),
    ("icmp6-multicastrouterterm", 153),
    ("tcpflags", 13),
    ("tcp-fin", 0x01),
    ("tcp-syn", 0x02),
    ("tcp-rst", 0x04),
    ("tcp-push", 0x08),
    ("tcp-ack", 0x10),
    ("tcp-urg", 0x20),
    ("tcp-ece", 0x40),
    ("tcp-cwr", 0x80),
];

fn is_hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

/// Length of `{B}` (one or two hex digits) at `i`, greedy.
fn hex12(s: &[u8], i: usize) -> usize {
    let mut n = 0;
    while n < 2 && i + n < s.len() && is_hex(s[i + n]) {
        n += 1;
    }
    n
}

/// Longest `{N}` at `i`: decimal digits or `0x` followed by hex digits.
fn num_len(s: &[u8], i: usize) -> usize {
    let mut dec = 0;
    while i + dec < s.len() && s[i + dec].is_ascii_digit() {
        dec += 1;
    }
    if i + 2 < s.len() + 1
        && i + 1 < s.len()
        && s[i] == b'0'
        && (s[i + 1] == b'x' || s[i + 1] == b'X')
    {
        let mut h = 0;
        while i + 2 + h < s.len() && is_hex(s[i + 2 + h]) {
            h += 1;
        }
        if h > 0 {
            return (2 + h).max(dec);
        }
    }
    dec
}

/// Longest `{N}(\.{N}){1,3}` at `i`.
fn hid_len(s: &[u8], i: usize) -> usize {
    let first = num_len(s, i);
    if first == 0 {
        return 0;
    }
    let mut end = i + first;
    let mut best = 0;
    for _ in 0..3 {
        if end < s.len() && s[end] == b'.' {
            let n = num_len(s, end + 1);
            if n == 0 {
                break;
            }
            end += 1 + n;
            best = end - i;
        } else {
            break;
        }
    }
    best
}

/// Longest MAC address at `i`.
fn mac_len(s: &[u8], i: usize) -> usize {
    let mut best = 0;
    // B sep B sep ... six groups with one separator kind.
    for sep in [b':', b'-', b'.'] {
        let mut p = i;
        let mut ok = true;
        for g in 0..6 {
            let n = hex12(s, p);
            if n == 0 {
                ok = false;
                break;
            }
            p += n;
            if g < 5 {
                if p < s.len() && s[p] == sep {
                    p += 1;
                } else {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            best = best.max(p - i);
        }
    }
    // xxxx.xxxx.xxxx
    let four = |p: usize| p + 4 <= s.len() && s[p..p + 4].iter().all(|&c| is_hex(c));
    if four(i)
        && s.get(i + 4) == Some(&b'.')
        && four(i + 5)
        && s.get(i + 9) == Some(&b'.')
        && four(i + 10)
    {
        best = best.max(14);
    }
    if i + 12 <= s.len() && s[i..i + 12].iter().all(|&c| is_hex(c)) {
        best = best.max(12);
    }
    best
}

/// Whether `t` is exactly a dotted quad of `{N}`.
fn is_v4_tail(t: &[u8]) -> bool {
    let mut p = 0;
    for g in 0..4 {
        let n = num_len(t, p);
        if n == 0 {
            return false;
        }
        p += n;
        if g < 3 {
            if p < t.len() && t[p] == b'.' {
                p += 1;
            } else {
                return false;
            }
        }
    }
    p == t.len()
}

fn is_w(g: &[u8]) -> bool {
    !g.is_empty() && g.len() <= 4 && g.iter().all(|&c| is_hex(c))
}

/// Whether `t` is exactly one of the scanner's IPv6 address forms.
fn is_v6(t: &[u8]) -> bool {
    // Split off an embedded IPv4 tail: it follows the last ':'.
    let text = t;
    let dc = text.windows(2).position(|w| w == b"::");
    if let Some(d) = dc {
        if text[d + 2..].windows(2).any(|w| w == b"::") {
            return false;
        }
        let left = &text[..d];
        let right = &text[d + 2..];
        let lcount = if left.is_empty() {
            0
        } else {
            let groups: Vec<&[u8]> = left.split(|&c| c == b':').collect();
            if !groups.iter().all(|g| is_w(g)) {
                return false;
            }
            groups.len()
        };
        if right.is_empty() {
            return lcount <= 7;
        }
        let groups: Vec<&[u8]> = right.split(|&c| c == b':').collect();
        let last = groups[groups.len() - 1];
        if is_v4_tail(last) {
            let ws = &groups[..groups.len() - 1];
            if !ws.iter().all(|g| is_w(g)) {
                return false;
            }
            lcount + ws.len() <= 5
        } else {
            if !groups.iter().all(|g| is_w(g)) {
                return false;
            }
            lcount + groups.len() <= 7
        }
    } else {
        let groups: Vec<&[u8]> = text.split(|&c| c == b':').collect();
        if groups.len() == 8 {
            return groups.iter().all(|g| is_w(g));
        }
        if groups.len() == 7 {
            return groups[..6].iter().all(|g| is_w(g)) && is_v4_tail(groups[6]);
        }
        false
    }
}

/// Longest IPv6 address at `i`.
fn v6_len(s: &[u8], i: usize) -> usize {
    let mut run = 0;
    while i + run < s.len()
        && (is_hex(s[i + run]) || matches!(s[i + run], b':' | b'.' | b'x' | b'X'))
    {
        run += 1;
    }
    for n in (2..=run).rev() {
        let t = &s[i..i + n];
        if t.contains(&b':') && is_v6(t) {
            return n;
        }
    }
    0
}

/// Longest `{B}:+({B}:+)+` at `i`.
fn bogus_eth_len(s: &[u8], i: usize) -> usize {
    let mut p = i;
    let mut groups = 0;
    let mut best = 0;
    loop {
        let n = hex12(s, p);
        if n == 0 {
            break;
        }
        let mut q = p + n;
        let mut colons = 0;
        while q < s.len() && s[q] == b':' {
            q += 1;
            colons += 1;
        }
        if colons == 0 {
            break;
        }
        groups += 1;
        p = q;
        if groups >= 2 {
            best = p - i;
        }
    }
    best
}

/// Longest identifier `[A-Za-z0-9]([-_.A-Za-z0-9]*[.A-Za-z0-9])?` at `i`.
fn id_len(s: &[u8], i: usize) -> usize {
    if i >= s.len() || !s[i].is_ascii_alphanumeric() {
        return 0;
    }
    let mut run = 1;
    let mut last_good = 1;
    while i + run < s.len() {
        let c = s[i + run];
        if c.is_ascii_alphanumeric() || c == b'.' {
            run += 1;
            last_good = run;
        } else if c == b'-' || c == b'_' {
            run += 1;
        } else {
            break;
        }
    }
    last_good
}

/// Converts a `{N}` string to a number the way libpcap does, with its error messages.
fn stou(text: &str) -> Result<u32, String> {
    let b = text.as_bytes();
    let mut n: u32 = 0;
    if b[0] == b'0' && b.len() > 1 && (b[1] == b'x' || b[1] == b'X') {
        for &c in &b[2..] {
            let d = (c as char).to_digit(16).unwrap_or(0);
            if n > 0x0FFF_FFFF {
                return Err(format!("number {text} overflows 32 bits"));
            }
            n = (n << 4) + d;
        }
    } else if b[0] == b'0' {
        for &c in &b[1..] {
            if !(b'0'..=b'7').contains(&c) {
                return Err(format!("number {text} contains non-octal digit"));
            }
            if n > 0o3777777777 {
                return Err(format!("number {text} overflows 32 bits"));
            }
            n = (n << 3) + u32::from(c - b'0');
        }
    } else {
        for &c in b {
            let d = u32::from(c - b'0');
            if n > u32::MAX / 10 || (n == u32::MAX / 10 && d > u32::MAX % 10) {
                return Err(format!("number {text} overflows 32 bits"));
            }
            n = n * 10 + d;
        }
    }
    Ok(n)
}

/// Splits `src` into tokens, ending with [`Tok::Eof`].
pub(crate) fn tokenize(src: &str) -> Vec<Token> {
    let s = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < s.len() && matches!(s[i], b' ' | b'\r' | b'\n' | b'\t') {
            i += 1;
        }
        if i >= s.len() {
            out.push(Token {
                tok: Tok::Eof,
                span: s.len()..s.len(),
            });
            return out;
        }
        // (length, rule rank, token builder)
        #[derive(Clone, Copy, PartialEq)]
        enum Rule {
            Keyword(Kw),
            Punct,
            Two,
            Aid,
            Mac,
            Num,
            Hid,
            V6,
            BogusEth,
            Named(u32),
            Id,
            BackslashId,
            Error,
        }
        let mut best: (usize, Rule) = (0, Rule::Error);
        let mut consider = |len: usize, rule: Rule| {
            if len > best.0 {
                best = (len, rule);
            }
        };
        for &(k, kw) in KEYWORDS {
            if s[i..].starts_with(k.as_bytes()) {
                consider(k.len(), Rule::Keyword(kw));
            }
        }
        if b"+-*/%:[]!<>()&|^=".contains(&s[i]) {
            consider(1, Rule::Punct);
        }
        for two in [&b">="[..], b"<=", b"!=", b"==", b"<<", b">>"] {
            if s[i..].starts_with(two) {
                consider(2, Rule::Two);
            }
        }
        if s[i] == b'$' {
            let n = hex12(s, i + 1);
            if n > 0 {
                consider(1 + n, Rule::Aid);
            }
        }
        consider(mac_len(s, i), Rule::Mac);
        consider(num_len(s, i), Rule::Num);
        consider(hid_len(s, i), Rule::Hid);
        consider(v6_len(s, i), Rule::V6);
        consider(bogus_eth_len(s, i), Rule::BogusEth);
        for &(k, v) in NAMED_NUMBERS {
            if s[i..].starts_with(k.as_bytes()) {
                consider(k.len(), Rule::Named(v));
            }
        }
        consider(id_len(s, i), Rule::Id);
        if s[i] == b'\\' {
            let mut n = 1;
            while i + n < s.len() && !matches!(s[i + n], b' ' | b'!' | b'(' | b')' | b'\n' | b'\t')
            {
                n += 1;
            }
            if n > 1 {
                consider(n, Rule::BackslashId);
            }
        }
        let (len, rule) = best;
        let len = if len == 0 {
            // One character (a whole UTF-8 sequence) is a lexical error.
            src[i..].chars().next().map_or(1, char::len_utf8)
        } else {
            len
        };
        let span = i..i + len;
        let text = &src[span.clone()];
        let tok = match rule {
            Rule::Keyword(kw) => Tok::Kw(kw),
            Rule::Punct => {
                if s[i] == b'!' {
                    Tok::Kw(Kw::Not)
                } else {
                    Tok::Ch(s[i])
                }
            }
            Rule::Two => match text {
                ">=" => Tok::Geq,
                "<=" => Tok::Leq,
                "!=" => Tok::Neq,
                "==" => Tok::Ch(b'='),
                "<<" => Tok::Lsh,
                _ => Tok::Rsh,
            },
            Rule::Aid => Tok::Aid(text.to_string()),
            Rule::Mac => Tok::Eid(text.to_string()),
            Rule::Num => match stou(text) {
                Ok(n) => Tok::Num(n),
                Err(message) => Tok::Error(message),
            },
            Rule::Hid => Tok::Hid(text.to_string()),
            Rule::V6 => {
                if parse_v6(text).is_none() {
                    Tok::Error(format!("bogus IPv6 address {text}"))
                } else {
                    Tok::Hid6(text.to_string())
                }
            }
            Rule::BogusEth => Tok::Error(format!("bogus ethernet address {text}")),
            Rule::Named(v) => Tok::Num(v),
            Rule::Id => Tok::Id(text.to_string()),
            Rule::BackslashId => Tok::Id(text[1..].to_string()),
            Rule::Error => Tok::Error("can't parse filter expression: syntax error".to_string()),
        };
        out.push(Token { tok, span });
        i += len;
    }
}

/// Parses an IPv6 address the way the system's numeric parser does, including an embedded
/// dotted quad; `None` if it is not one.
pub(crate) fn parse_v6(text: &str) -> Option<[u8; 16]> {
    text.parse::<std::net::Ipv6Addr>().ok().map(|a| a.octets())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        tokenize(s).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn longest_match_and_ties() {
        assert_eq!(toks("host"), vec![Tok::Kw(Kw::Host), Tok::Eof]);
        assert_eq!(toks("hosts"), vec![Tok::Id("hosts".into()), Tok::Eof]);
        assert_eq!(
            toks("10.1.2.3"),
            vec![Tok::Hid("10.1.2.3".into()), Tok::Eof]
        );
        assert_eq!(toks("1-1"), vec![Tok::Id("1-1".into()), Tok::Eof]);
        assert_eq!(toks("tcp-syn"), vec![Tok::Num(2), Tok::Eof]);
        assert_eq!(toks("0x1f"), vec![Tok::Num(31), Tok::Eof]);
        assert_eq!(toks("017"), vec![Tok::Num(15), Tok::Eof]);
        assert_eq!(
            toks("aa:bb:cc:dd:ee:ff"),
            vec![Tok::Eid("aa:bb:cc:dd:ee:ff".into()), Tok::Eof]
        );
        assert_eq!(toks("::1"), vec![Tok::Hid6("::1".into()), Tok::Eof]);
        assert_eq!(
            toks("fe80::1:2"),
            vec![Tok::Hid6("fe80::1:2".into()), Tok::Eof]
        );
        assert_eq!(toks("\\tcp"), vec![Tok::Id("tcp".into()), Tok::Eof]);
        assert_eq!(
            toks(">= >> =="),
            vec![Tok::Geq, Tok::Rsh, Tok::Ch(b'='), Tok::Eof]
        );
        assert_eq!(
            toks("a&&b"),
            vec![
                Tok::Id("a".into()),
                Tok::Kw(Kw::And),
                Tok::Id("b".into()),
                Tok::Eof
            ]
        );
        assert!(matches!(toks("099")[0], Tok::Error(_)));
        assert!(matches!(toks("4294967296")[0], Tok::Error(_)));
        assert!(matches!(toks("#")[0], Tok::Error(_)));
    }
}
