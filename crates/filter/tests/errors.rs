//! Bad expressions: the message (libpcap's wording) and the span we point at. In the table the
//! span is marked with « and » inside the expression.

mod system;

use promisc_filter::{compile, CompileTarget, NoResolver, Options};

const ETH: u32 = 1;
const SLL2: u32 = 276;
const WLAN: u32 = 105;
const PPI: u32 = 192;

/// (link type, expression with the span marked, message)
const TABLE: &[(u32, &str, &str)] = &[
    (ETH, "host«»", "can't parse filter expression: syntax error"),
    (ETH, "tcp port«»", "can't parse filter expression: syntax error"),
    (ETH, "«port 99999»", "illegal port number 99999 > 65535"),
    (ETH, "«portrange 1-70000»", "illegal port number 70000 > 65535"),
    (ETH, "«portrange 70000-1»", "illegal port number 70000 > 65535"),
    (ETH, "«vlan 5000»", "VLAN tag 5000 greater than maximum 4095"),
    (ETH, "«mpls 1048576»", "MPLS label 1048576 greater than maximum 1048575"),
    (ETH, "«pppoes 70000»", "PPPoE session number 70000 greater than maximum 65535"),
    (ETH, "«ip[0:3] = 1»", "data size must be 1, 2, or 4"),
    (ETH, "«ip[0] / 0 = 1»", "division by zero"),
    (ETH, "«ip[0] % 0 = 1»", "modulus by zero"),
    (ETH, "«ip[0] << 32 = 1»", "shift by more than 31 bits"),
    (ETH, "«ip[0] / (2 - 2) = 1»", "division by zero"),
    (ETH, "«net 10.0.0.1/8»", "non-network bits set in \"10.0.0.1/8\""),
    (ETH, "«net 10.0.0.0/33»", "mask length must be <= 32"),
    (ETH, "«host 10.0.0.1/8»", "non-network bits set in \"10.0.0.1/8\""),
    (ETH, "«net 10.0.0.1 mask 255.0.0.0»", "non-network bits set in \"10.0.0.1 mask 255.0.0.0\""),
    (ETH, "«host 10.0.0.0 mask 255.0.0.0»", "Mask syntax for networks only"),
    (ETH, "«tcp host 10.0.0.1»", "'tcp' modifier applied to host"),
    (ETH, "«ip6 host 10.0.0.1»", "'ip6' modifier applied to ip host"),
    (ETH, "«ip host 2001:db8::1»", "'ip' modifier applied to ip6 host"),
    (ETH, "«port 10.0.0.1»", "'port' modifier applied to ip host"),
    (ETH, "«proto 10.0.0.1»", "'proto' modifier applied to ip host"),
    (ETH, "«ether host 10.0.0.1»", "illegal link layer address"),
    (ETH, "«ether src 1.2.3.4»", "illegal link layer address"),
    (ETH, "«ether proto \\nosuchproto»", "unknown ether proto 'nosuchproto'"),
    (ETH, "«ip proto \\nosuchproto»", "unknown ip proto 'nosuchproto'"),
    (ETH, "«host nosuchhost.invalid»", "unknown host 'nosuchhost.invalid'"),
    (ETH, "«host 1.2.3.4.5»", "unknown host '1.2.3.4.5'"),
    (ETH, "«tcp port nosuchport»", "unknown port 'nosuchport'"),
    (ETH, "tcp and «80»", "syntax error in filter expression"),
    (ETH, "port 80 and (udp or «81»)", "syntax error in filter expression"),
    (ETH, "«arp proto 6»", "arp does not encapsulate another protocol"),
    (ETH, "«tcp proto 6»", "'tcp proto' is bogus"),
    (ETH, "vlan and mpls and «vlan»", "no VLAN match after MPLS"),
    (ETH, "mpls 1 and «vlan»", "no VLAN match after MPLS"),
    (ETH, "mpls and «arp»", "unsupported protocol over mpls"),
    (ETH, "vlan 1 and pppoes 1 and «vlan 2»", "no VLAN support for PPP"),
    (ETH, "«inbound»", "inbound/outbound not supported on Ethernet when reading savefiles"),
    (ETH, "«outbound»", "inbound/outbound not supported on Ethernet when reading savefiles"),
    (ETH, "«ifindex 3»", "ifindex not supported on Ethernet when reading savefiles"),
    (ETH, "«gateway foo»", "'gateway' not supported in this configuration"),
    (ETH, "«tcp protochain 6»", "bad protocol applied for 'protochain'"),
    (ETH, "«1 = 1 and 0 = 1»", "expression rejects all packets"),
    (ETH, "«tcp and udp and icmp»", "expression rejects all packets"),
    (ETH, "host 1.2.3.4 and «and»", "can't parse filter expression: syntax error"),
    (ETH, "(tcp«»", "can't parse filter expression: syntax error"),
    (ETH, "tcp«)»", "can't parse filter expression: syntax error"),
    (ETH, "tcp or«»", "can't parse filter expression: syntax error"),
    (ETH, "not«»", "can't parse filter expression: syntax error"),
    (ETH, "ip[«»", "can't parse filter expression: syntax error"),
    (ETH, "ip[0«»", "can't parse filter expression: syntax error"),
    (ETH, "ip[0]«»", "can't parse filter expression: syntax error"),
    (ETH, "ip[0] = 1 +«»", "can't parse filter expression: syntax error"),
    (ETH, "«099»", "number 099 contains non-octal digit"),
    (ETH, "«4294967296»", "number 4294967296 overflows 32 bits"),
    (ETH, "«0x100000000»", "number 0x100000000 overflows 32 bits"),
    (ETH, "«#»", "can't parse filter expression: syntax error"),
    (ETH, "ip and «#»", "can't parse filter expression: syntax error"),
    (ETH, "«aa:bb:»", "bogus ethernet address aa:bb:"),
    (ETH, "ip6 host «1::2::»3", "bogus ethernet address 1::2::"),
    (ETH, "«$1»", "can't parse filter expression: syntax error"),
    (ETH, "«lane»", "'lane' supported only on raw ATM"),
    (ETH, "«vpi 1»", "'vpi' supported only on raw ATM"),
    (ETH, "«fisu»", "'fisu' supported only on MTP2"),
    (ETH, "«sio 1»", "'sio' supported only on SS7"),
    (ETH, "«on eth0»", "ifname supported only on PF linktype"),
    (ETH, "«rnr 1»", "rnr supported only on PF linktype"),
    (ETH, "«type mgt»", "802.11 link-layer types supported only on 802.11"),
    (ETH, "«dir tods»", "frame direction supported only with 802.11 headers"),
    (WLAN, "«type bogus»", "unknown 802.11 type name \"bogus\""),
    (WLAN, "«type 3»", "invalid 802.11 type value 0x03"),
    (WLAN, "«type mgt subtype 0x81»", "invalid 802.11 subtype value 0x81"),
    (WLAN, "«type ctl subtype beacon»", "unknown 802.11 subtype name \"beacon\""),
    (WLAN, "«type 12 subtype beacon»", "unknown 802.11 type"),
    (WLAN, "«subtype bogus»", "unknown 802.11 type name"),
    (WLAN, "«dir bogus»", "unknown 802.11 direction"),
    (WLAN, "«mpls»", "no MPLS support for 802.11"),
    (WLAN, "«link host foo»", "unknown 802.11 host 'foo'"),
    (PPI, "«type mgt»", "802.11 link-layer types supported only on 802.11"),
    (PPI, "«vlan»", "no VLAN support for Per-Packet Information"),
    (PPI, "«radio[0] = 1»", "radio information not present in capture"),
    (ETH, "«llc foo»", "unknown LLC type name \"foo\""),
    (ETH, "«decnet host foo»", "decnet name support not included, 'foo' cannot be translated"),
    (ETH, "«ip broadcast»", "netmask not known, so 'ip broadcast' not supported"),
    (ETH, "«radio[0] = 1»", "radio information not present in capture"),
    (ETH, "«ah[0] = 1»", "unsupported index operation"),
    (ETH, "tcp src or «80»", "can't parse filter expression: syntax error"),
    (ETH, "src or dst «or» src host 1.2.3.4", "can't parse filter expression: syntax error"),
    (ETH, "«host ::1/64»", "non-network bits set in \"::1/64\""),
    (ETH, "«net 2001:db8::/129»", "mask length must be <= 128"),
    (ETH, "«$1» = 1", "can't parse filter expression: syntax error"),
    (SLL2, "«vlan»", "no VLAN support for Linux cooked v2"),
    (SLL2, "«mpls»", "no MPLS support for Linux cooked v2"),
    (SLL2, "«llc»", "'llc' not supported for Linux cooked v2"),
    (SLL2, "«broadcast»", "not a broadcast link"),
    (
        SLL2,
        "«multicast»",
        "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel",
    ),
    (
        SLL2,
        "«ether host 00:11:22:33:44:55»",
        "ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel",
    ),
];

fn unmark(marked: &str) -> (String, std::ops::Range<usize>) {
    let start = marked.find('«').expect("span start marker");
    let without_start = marked.replacen('«', "", 1);
    let end = without_start.find('»').expect("span end marker");
    (without_start.replacen('»', "", 1), start..end)
}

#[test]
fn error_table() {
    let mut bad = Vec::new();
    for &(lt, marked, message) in TABLE {
        let (expr, span) = unmark(marked);
        let opts = Options {
            linktype: lt,
            ..Options::default()
        };
        match compile(&expr, &opts, &system::SYSTEM) {
            Ok(_) => bad.push(format!("{expr:?}: compiled, expected {message:?}")),
            Err(e) => {
                if e.message != message || e.span != Some(span.clone()) {
                    bad.push(format!(
                        "{expr:?}: got {:?} at {:?}, expected {message:?} at {span:?}",
                        e.message, e.span
                    ));
                }
                assert_eq!(e.to_string(), e.message);
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn live_target_errors_and_successes() {
    let live = Options {
        target: CompileTarget::LiveLinux,
        ..Options::default()
    };
    for e in ["inbound", "outbound", "ifindex 3", "vlan 10 and inbound"] {
        assert!(compile(e, &live, &NoResolver).is_ok(), "{e}");
    }
    let ll = Options {
        linktype: 276,
        target: CompileTarget::LiveLinux,
        ..Options::default()
    };
    assert_eq!(
        compile("vlan", &ll, &NoResolver).unwrap_err().message,
        "no VLAN support for Linux cooked v2"
    );
    let other = Options {
        linktype: 6,
        ..Options::default()
    };
    assert!(compile("ip", &other, &NoResolver).is_err());
    let zero = Options {
        snaplen: 0,
        ..Options::default()
    };
    assert_eq!(
        compile("ip", &zero, &NoResolver).unwrap_err().message,
        "snaplen of 0 rejects all packets"
    );
}

#[test]
fn names_need_a_resolver() {
    let o = Options::default();
    assert_eq!(
        compile("host localhost", &o, &NoResolver)
            .unwrap_err()
            .message,
        "unknown host 'localhost'"
    );
    assert_eq!(
        compile("port http", &o, &NoResolver).unwrap_err().message,
        "unknown port 'http'"
    );
    assert_eq!(
        compile("ip proto \\tcp", &o, &NoResolver)
            .unwrap_err()
            .message,
        "unknown ip proto 'tcp'"
    );
    assert_eq!(
        compile("ether host foo", &o, &NoResolver)
            .unwrap_err()
            .message,
        "unknown ether host 'foo'"
    );
    assert_eq!(
        compile("net foo", &o, &NoResolver).unwrap_err().message,
        "unknown network 'foo'"
    );
    // Numbers never need one.
    assert!(compile("portrange 80-443", &o, &NoResolver).is_ok());
}

#[test]
fn deep_and_long_expressions_are_refused_not_crashed() {
    let o = Options::default();
    let deep = format!("{}ip{}", "(".repeat(3000), ")".repeat(3000));
    assert_eq!(
        compile(&deep, &o, &NoResolver).unwrap_err().message,
        "expression nested too deeply"
    );
    let nots = format!("{}ip", "not ".repeat(5000));
    assert!(compile(&nots, &o, &NoResolver).is_err());
    let long = vec!["ip"; 6000].join(" or ");
    assert!(compile(&long, &o, &NoResolver)
        .unwrap_err()
        .message
        .starts_with("expression too long"));
    let big = (0..200)
        .map(|i| format!("host 10.0.0.{i}"))
        .collect::<Vec<_>>()
        .join(" or ");
    let unoptimized = Options {
        optimize: false,
        ..Options::default()
    };
    let e = compile(&big, &unoptimized, &NoResolver).unwrap_err();
    assert!(
        e.message.contains("more than the kernel's limit of 4096"),
        "{}",
        e.message
    );
    let ok = (0..60)
        .map(|i| format!("host 10.0.0.{i}"))
        .collect::<Vec<_>>()
        .join(" or ");
    assert!(compile(&ok, &o, &NoResolver).is_ok());
}

#[test]
fn backtracking_stays_linear() {
    let o = Options::default();
    let t = std::time::Instant::now();
    for n in [20usize, 100, 190] {
        let e = format!("{}x {}", "(".repeat(n), "y".repeat(3));
        assert!(compile(&e, &o, &NoResolver).is_err());
        let e = format!("host a and {}1 or b", "(".repeat(n));
        assert!(compile(&e, &o, &NoResolver).is_err());
    }
    assert!(t.elapsed().as_secs() < 5, "parsing took {:?}", t.elapsed());
}
