//! Well-formed filter expressions generated from bytes, for fuzzing the compiler and for
//! randomized tests: every byte picks the next grammar choice, so a fuzzer's mutations move
//! through the language rather than through syntax errors.
//!
//! Only with the `testgen` cargo feature (off by default): the crate's tests and the fuzz
//! targets enable it.

/// Reads choices from bytes; past the end every choice is 0.
struct Choices<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Choices<'_> {
    fn next(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[usize::from(self.next()) % items.len()]
    }

    fn num(&mut self, max: u32) -> u32 {
        let v = u32::from(self.next()) << 8 | u32::from(self.next());
        if max == 0 {
            0
        } else {
            v % (max + 1)
        }
    }
}

const PROTOS: &[&str] = &[
    "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "pim", "vrrp", "ah",
    "esp", "stp", "ipx", "llc", "decnet", "iso", "isis", "netbeui", "atalk", "aarp", "pppoed",
];
const HOSTS: &[&str] = &[
    "10.0.0.1",
    "10.0.0.2",
    "192.168.1.10",
    "8.8.8.8",
    "2001:db8::1",
    "fe80::1",
    "ff02::1",
];
const NETS: &[&str] = &[
    "10.0.0.0/8",
    "192.168.1.0/24",
    "10",
    "172.16",
    "2001:db8::/32",
    "0.0.0.0/0",
];
const PORTS: &[&str] = &["80", "443", "53", "22", "0", "65535", "8080"];
const DIRS: &[&str] = &["", "src ", "dst ", "src or dst ", "src and dst "];
const PNAMES: &[&str] = &[
    "ether", "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "arp", "link",
];
const RELOPS: &[&str] = &[">", "<", ">=", "<=", "=", "==", "!="];
const ARITH_OPS: &[&str] = &["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"];
const NAMED: &[&str] = &[
    "tcp-syn",
    "tcp-ack",
    "tcp-fin",
    "tcp-rst",
    "icmp-echo",
    "icmp-echoreply",
    "tcpflags",
];

fn arith(c: &mut Choices, depth: u32) -> String {
    match c.next() % if depth == 0 { 3 } else { 6 } {
        0 => c.num(300).to_string(),
        1 => c.pick(NAMED).to_string(),
        2 => format!(
            "{}[{}:{}]",
            c.pick(PNAMES),
            c.num(60),
            ["1", "2", "4"][usize::from(c.next() % 3)]
        ),
        3 => format!(
            "{} {} {}",
            arith(c, depth - 1),
            c.pick(ARITH_OPS),
            arith(c, depth - 1)
        ),
        4 => format!("({})", arith(c, depth - 1)),
        _ => {
            if c.next() % 2 == 0 {
                "len".to_string()
            } else {
                format!("-{}", arith(c, depth - 1))
            }
        }
    }
}

fn primitive(c: &mut Choices) -> String {
    match c.next() % 24 {
        0 | 1 => c.pick(PROTOS).to_string(),
        2 => format!("{}host {}", c.pick(DIRS), c.pick(HOSTS)),
        3 => format!("{}net {}", c.pick(DIRS), c.pick(NETS)),
        4 => format!("{}port {}", c.pick(DIRS), c.pick(PORTS)),
        5 => format!(
            "{} {}port {}",
            c.pick(&["tcp", "udp", "sctp"]),
            c.pick(DIRS),
            c.pick(PORTS)
        ),
        6 => format!("portrange {}-{}", c.num(2000), c.num(65535)),
        7 => {
            ["vlan".to_string(), format!("vlan {}", c.num(4095))][usize::from(c.next() % 2)].clone()
        }
        8 => ["mpls".to_string(), format!("mpls {}", c.num(1_048_575))][usize::from(c.next() % 2)]
            .clone(),
        9 => ["pppoes".to_string(), format!("pppoes {}", c.num(65535))][usize::from(c.next() % 2)]
            .clone(),
        10 => format!("ether {}host 00:11:22:33:44:{:02x}", c.pick(DIRS), c.next()),
        11 => format!("{} proto {}", c.pick(&["ip", "ip6", "ether"]), c.num(255)),
        12 => format!("{} {}", c.pick(&["less", "greater"]), c.num(2000)),
        13 => format!("{} {} {}", arith(c, 2), c.pick(RELOPS), arith(c, 2)),
        14 => format!("{}[{}] & {} != 0", c.pick(PNAMES), c.num(40), c.num(255)),
        15 => c
            .pick(&[
                "broadcast",
                "multicast",
                "ip multicast",
                "ip6 multicast",
                "ether broadcast",
            ])
            .to_string(),
        16 => format!("host {} or {}", c.pick(HOSTS), c.pick(HOSTS)),
        17 => format!("port {} and not {}", c.pick(PORTS), c.pick(PORTS)),
        18 => c
            .pick(&[
                "llc i", "llc s", "llc u", "llc ui", "llc rr", "stp", "ipx", "iso", "l1", "clnp",
            ])
            .to_string(),
        19 => format!("proto {}", c.num(255)),
        20 => c.pick(&["inbound", "outbound", "ifindex 2"]).to_string(),
        21 => format!(
            "icmp[icmptype] = {}",
            c.pick(&["icmp-echo", "icmp-unreach", "0", "8"])
        ),
        22 => format!("tcp[tcpflags] & ({}|{}) != 0", c.pick(NAMED), c.pick(NAMED)),
        _ => format!(
            "ip6 {}host {}",
            c.pick(DIRS),
            c.pick(&["2001:db8::1", "::1", "fe80::1"])
        ),
    }
}

fn expr(c: &mut Choices, depth: u32) -> String {
    if depth == 0 {
        return primitive(c);
    }
    match c.next() % 7 {
        0 | 1 => primitive(c),
        2 => format!("{} and {}", expr(c, depth - 1), expr(c, depth - 1)),
        3 => format!("{} or {}", expr(c, depth - 1), expr(c, depth - 1)),
        4 => format!("not {}", expr(c, depth - 1)),
        5 => format!("({})", expr(c, depth - 1)),
        _ => format!("{} && !{}", expr(c, depth - 1), expr(c, depth - 1)),
    }
}

/// A well-formed pcap-filter expression chosen by `bytes` (it may still be refused: a `vlan`
/// after `mpls`, a division by zero, an expression that matches nothing).
pub fn expression(bytes: &[u8]) -> String {
    let mut c = Choices { bytes, pos: 0 };
    let depth = u32::from(c.next() % 5);
    expr(&mut c, depth)
}
