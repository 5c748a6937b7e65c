//! The application printers' packets of the Ethernet fixture.

use super::*;

/// One application-layer test case: the payload goes over TCP or UDP between two ports, and
/// the truncated variants capture only `cut` bytes of it.
struct App {
    name: &'static str,
    tcp: bool,
    sport: u16,
    dport: u16,
    payload: Vec<u8>,
    cut: usize,
}

fn app(name: &'static str, tcp: bool, sport: u16, dport: u16, payload: &[u8], cut: usize) -> App {
    App {
        name,
        tcp,
        sport,
        dport,
        payload: payload.to_vec(),
        cut,
    }
}

/// A BOOTP/DHCP message of 300 bytes: op, the client's MAC, a magic cookie and a few options.
fn dhcp_msg(op: u8, chaddr: [u8; 6], your_ip: [u8; 4], msg_type: u8) -> Vec<u8> {
    let mut v = vec![op, 1, 6, 0];
    v.extend_from_slice(&0x3903_f326u32.to_be_bytes());
    v.extend_from_slice(&[0, 0, 0x80, 0]);
    v.extend_from_slice(&[0; 4]);
    v.extend_from_slice(&your_ip);
    v.extend_from_slice(&[0; 8]);
    v.extend_from_slice(&chaddr);
    v.extend_from_slice(&[0; 10 + 64 + 128]);
    v.extend_from_slice(&[99, 130, 83, 99, 53, 1, msg_type, 55, 4, 1, 3, 6, 15, 255]);
    v.resize(300, 0);
    v
}

fn ntp_msg(status: u8) -> Vec<u8> {
    let mut v = vec![status, 2, 6, 0xe9];
    v.resize(40, 0);
    v.extend_from_slice(&0xe8f1_2345u32.to_be_bytes());
    v.extend_from_slice(&0x8000_0000u32.to_be_bytes());
    v
}

/// The application printers tcpdump applies by port: each case complete and truncated, over
/// IPv4 and IPv6.
pub(super) fn app_packets(b: &mut B) {
    let http_get = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.4.0\r\nAccept: */*\r\n\r\n";
    let http_ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello";
    let mut tftp_data = vec![0, 3, 0, 1];
    tftp_data.extend_from_slice(&[b'z'; 512]);
    let cases = [
        app("http request", true, 40100, 80, http_get, 10),
        app("http response", true, 80, 40100, http_ok, 17),
        app(
            "http body",
            true,
            40101,
            8080,
            b"<html><body>hi</body></html>\n",
            3,
        ),
        app("http no line end", true, 40102, 8080, b"GET /x HTTP/1.0", 4),
        app(
            "http lower-case method",
            true,
            40103,
            80,
            b"post /form HTTP/1.1\r\n\r\n",
            0,
        ),
        app(
            "http binary",
            true,
            40104,
            80,
            &[0x16, 3, 1, 0, 0x2a, 1, 0, 0],
            2,
        ),
        app(
            "ftp banner",
            true,
            21,
            40105,
            b"220 ProFTPD Server (Debian) [192.168.1.1]\r\n",
            8,
        ),
        app(
            "ftp command",
            true,
            40105,
            21,
            b"RETR pub/file.tar.gz\r\n",
            4,
        ),
        app(
            "smtp ehlo",
            true,
            40106,
            25,
            b"EHLO client.example.org\r\n",
            6,
        ),
        app("smtp binary", true, 25, 40106, &[0x80, 0x81, 0x0d, 0x0a], 1),
        app(
            "rtsp describe",
            true,
            40107,
            554,
            b"DESCRIBE rtsp://cam.local/stream RTSP/1.0\r\nCSeq: 2\r\n\r\n",
            12,
        ),
        app(
            "rtsp reply",
            true,
            8554,
            40107,
            b"RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n",
            16,
        ),
        app("whois query", true, 40108, 43, b"example.com\r\n", 5),
        app("telnet before http", true, 23, 80, http_get, 30),
        // No tcpdump printer: the line ends at the length.
        app(
            "imap greeting",
            true,
            143,
            40116,
            b"* OK [CAPABILITY IMAP4rev1] ready\r\n",
            4,
        ),
        app(
            "pop3 greeting",
            true,
            110,
            40117,
            b"+OK POP3 server ready\r\n",
            4,
        ),
        app("ntp client", false, 123, 123, &ntp_msg(0x23), 0),
        app("ntp server", false, 123, 40109, &ntp_msg(0x24), 1),
        app(
            "dhcp discover",
            false,
            68,
            67,
            &dhcp_msg(1, MAC_A, [0; 4], 1),
            30,
        ),
        app("dhcp offer", false, 67, 68, &dhcp_msg(2, MAC_A, IP_A, 2), 0),
        app(
            "dhcp6 solicit",
            false,
            546,
            547,
            &[1, 0x12, 0x34, 0x56, 0, 8, 0, 2, 0, 0],
            2,
        ),
        app(
            "dhcp6 reply",
            false,
            547,
            546,
            &[7, 0x12, 0x34, 0x56, 0, 1, 0, 0],
            4,
        ),
        app(
            "tftp read request",
            false,
            40110,
            69,
            b"\x00\x01boot/pxelinux.0\x00octet\x00tsize\x000\x00",
            9,
        ),
        app("tftp data", false, 69, 40110, &tftp_data, 3),
        app(
            "tftp error",
            false,
            69,
            40111,
            b"\x00\x05\x00\x01File not found\x00",
            10,
        ),
        app(
            "tftp option ack",
            false,
            69,
            40112,
            b"\x00\x06blksize\x001428\x00",
            5,
        ),
        app(
            "syslog",
            false,
            40113,
            514,
            b"<134>Jan  1 12:00:00 host app[1]: message",
            3,
        ),
        app("syslog invalid", false, 40113, 514, b"no priority here", 0),
        app(
            "sip invite",
            false,
            5060,
            5060,
            b"INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.10\r\n\r\n",
            20,
        ),
        app(
            "sip response",
            false,
            5060,
            40114,
            b"SIP/2.0 180 Ringing\r\n\r\n",
            0,
        ),
        app(
            "ssdp search",
            false,
            40115,
            1900,
            b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n\r\n",
            4,
        ),
        app(
            "netbios name query",
            false,
            137,
            137,
            &{
                let mut v = vec![0x12, 0x34, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0, 0x20];
                v.extend_from_slice(&[b'E', b'B'].repeat(16));
                v.extend_from_slice(&[0, 0, 0x20, 0, 1]);
                v
            },
            6,
        ),
    ];
    let hsrp = |op: u8, state: u8, reserved: u8| {
        let mut v = vec![0, op, state, 3, 10, 100, 1, reserved];
        v.extend_from_slice(b"cisco\0\0\0");
        v.extend_from_slice(&[192, 168, 0, 1]);
        v
    };
    let bfd = |vers_diag: u8, flags: u8| {
        let mut v = vec![vers_diag, flags, 3, 24];
        v.extend_from_slice(&0x1122_3344u32.to_be_bytes());
        v.extend_from_slice(&0u32.to_be_bytes());
        v.extend_from_slice(&1_000_000u32.to_be_bytes());
        v.extend_from_slice(&1_000_000u32.to_be_bytes());
        v.extend_from_slice(&0u32.to_be_bytes());
        v
    };
    let ptp = |first: u8, vers: u8, body_len: usize| {
        let mut v = vec![first, vers, 0, 0, 4, 0, 0x06, 0x3f];
        v.extend_from_slice(&[0, 0, 0, 1, 0x86, 0xa0, 0x80, 0x00]);
        v.extend_from_slice(&[0, 0, 0, 9]);
        v.extend_from_slice(&[0x74, 0x83, 0xef, 0xff, 0xfe, 0x01, 0xac, 0x16]);
        v.extend_from_slice(&[0x01, 0x12, 0x00, 0x2a, first & 0x0f, 0xfd]);
        v.extend((0..body_len).map(|i| 0xf0 - i as u8));
        let n = v.len() as u16;
        v[2..4].copy_from_slice(&n.to_be_bytes());
        v
    };
    let sflow = |version: u32, ip_version: u32, len: usize| {
        let mut v = Vec::new();
        v.extend_from_slice(&version.to_be_bytes());
        v.extend_from_slice(&ip_version.to_be_bytes());
        v.extend_from_slice(&[15, 184, 8, 4]);
        v.extend_from_slice(&[0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
        v.extend_from_slice(&[0, 0, 0, 2, 0, 0, 0, 3]);
        v.resize(len, 0);
        v
    };
    // A Babel packet: magic, version, the body's length, the body's TLVs, then a trailer.
    let babel = |version: u8, body: &[u8], trailer: &[u8]| {
        let mut v = vec![42, version];
        v.extend_from_slice(&(body.len() as u16).to_be_bytes());
        v.extend_from_slice(body);
        v.extend_from_slice(trailer);
        v
    };
    let update = |flags: u8| vec![8, 10, 1, flags, 64, 0, 0, 100, 0, 5, 0, 1];
    let mut every_tlv = vec![0u8];
    for t in 1u8..=20 {
        if t != 8 {
            every_tlv.extend_from_slice(&[t, 2, 0, 0]);
        }
    }
    let mut updates = update(0x80);
    updates.extend(update(0xc0));
    updates.extend(update(0x41));
    updates.extend(update(0));
    let hello_ihu = [4, 6, 0, 0, 0, 1, 1, 144, 5, 6, 0, 0, 0, 96, 1, 144];
    // An AHCP version 1 message: magic, version, hop counts, nonce, source and destination
    // IDs, then the body (type, MBZ, length) and its options.
    let ahcp = |ty: u8, mbz: u8, options: &[u8]| {
        let mut v = vec![43, 1, 1, 2, 0xde, 0x3e, 0x51, 0x27];
        v.extend_from_slice(&[2, 0x18, 0xf3, 0xff, 0xfe, 0xa9, 0x91, 0x4e]);
        v.extend_from_slice(&[0xff; 8]);
        v.extend_from_slice(&[ty, mbz]);
        v.extend_from_slice(&(options.len() as u16).to_be_bytes());
        v.extend_from_slice(options);
        v
    };
    let v6 = |last: u8| {
        [
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last,
        ]
    };
    let ahcp_options = [
        vec![0, 1],                                                // pad, mandatory
        vec![2, 4, 0x65, 0x53, 0xf1, 0x00],                        // origin time
        vec![3, 4, 0, 0, 0x0e, 0x10],                              // expires
        [vec![4, 16], v6(1).to_vec()].concat(),                    // my IPv6 address
        vec![5, 4, 192, 0, 2, 1],                                  // my IPv4 address
        [vec![6, 17], v6(0).to_vec(), vec![64]].concat(),          // IPv6 prefix
        vec![7, 5, 192, 0, 2, 0, 24],                              // IPv4 prefix (no decoder)
        vec![11, 10, 192, 0, 2, 0, 24, 198, 51, 100, 0, 24],       // IPv4 delegations
        [vec![12, 32], v6(53).to_vec(), v6(54).to_vec()].concat(), // name servers
        vec![20, 2, 1, 2],                                         // unknown
        vec![3, 3, 0, 0, 1],                                       // expires of a bad length
        vec![9, 6, 192, 0, 2, 7, 0, 0],                            // IPv4 addresses, one short
        vec![13, 16],                                              // NTP server, past the body
    ]
    .concat();
    let mut llmnr = dns_header(0x4d2, 0, 1, 0, 0, 0);
    llmnr.extend_from_slice(&qname("printer"));
    llmnr.extend_from_slice(&[0, 1, 0, 1]);
    let mut mdns_answer = dns_header(0, 0x8400, 0, 1, 0, 0);
    mdns_answer.extend_from_slice(&rr(
        &qname("printer.local"),
        1,
        0x8001,
        120,
        &[192, 168, 1, 9],
    ));
    let radius = |code: u8, len: u16, size: usize| {
        let mut v = vec![code, 0x2a];
        v.extend_from_slice(&len.to_be_bytes());
        v.resize(size, 0x5a);
        v
    };
    let mut hsrp_v1 = hsrp(0, 16, 0);
    hsrp_v1[0] = 1;
    let cases: Vec<App> = cases
        .into_iter()
        .chain([
            app("hsrp hello", false, 1985, 1985, &hsrp(0, 16, 0), 17),
            app("hsrp coup", false, 40120, 1985, &hsrp(1, 4, 0), 3),
            app("hsrp resign", false, 40120, 1985, &hsrp(2, 8, 7), 8),
            app("hsrp unknown", false, 40120, 1985, &hsrp(3, 3, 0), 16),
            app("hsrp v1", false, 40120, 1985, &hsrp_v1, 0),
            app("hsrp by source", false, 1985, 40120, &hsrp(0, 16, 0), 0),
            app("bfd control up", false, 49153, 3784, &bfd(0x20, 0xc0), 23),
            app("bfd multihop", false, 40121, 4784, &bfd(0x21, 0x78), 2),
            app("bfd lag", false, 40121, 6784, &bfd(0x20, 0x47), 24),
            app("bfd admin down", false, 40121, 3784, &bfd(0x27, 0x03), 0),
            app("bfd v0", false, 40121, 3784, &bfd(0x01, 0xff), 10),
            app("bfd v0 no flags", false, 40121, 3784, &bfd(0x00, 0), 0),
            app("bfd v2", false, 40121, 3784, &bfd(0x40, 0), 0),
            app("bfd echo", false, 3785, 3785, b"echo-payload", 0),
            app("bfd by source", false, 3784, 40121, &bfd(0x20, 0xc0), 0),
            app("ptp sync", false, 319, 319, &ptp(0x00, 2, 10), 40),
            app("ptp delay req", false, 40122, 319, &ptp(0x11, 2, 10), 36),
            app("ptp pdelay req", false, 319, 40122, &ptp(0x02, 2, 20), 50),
            app("ptp pdelay resp", false, 319, 319, &ptp(0x03, 2, 20), 46),
            app("ptp follow up", false, 320, 320, &ptp(0x08, 2, 10), 34),
            app("ptp delay resp", false, 320, 320, &ptp(0x09, 2, 20), 52),
            app(
                "ptp pdelay resp fup",
                false,
                320,
                320,
                &ptp(0x0a, 2, 20),
                20,
            ),
            app("ptp announce", false, 320, 320, &ptp(0x0b, 2, 30), 60),
            app("ptp signalling", false, 320, 320, &ptp(0x0c, 2, 10), 40),
            app("ptp management", false, 320, 320, &ptp(0x0d, 2, 14), 44),
            app("ptp reserved type", false, 320, 320, &ptp(0x05, 2, 4), 33),
            app("ptp v1", false, 320, 320, &ptp(0x00, 1, 10), 1),
            app("ptp v2.1", false, 319, 319, &ptp(0x00, 0x12, 10), 0),
            app("ptp short", false, 319, 319, &ptp(0x00, 2, 0)[..33], 10),
            app(
                "bcm li ingress",
                false,
                49152,
                49153,
                &[0x69, 0x81, 0x04, 0x6a, 0x45, 0, 0, 20],
                6,
            ),
            app(
                "bcm li egress ipv6",
                false,
                49152,
                40123,
                &[0x4d, 0x00, 0x00, 0x07],
                0,
            ),
            app(
                "bcm li unknown",
                false,
                49152,
                40123,
                &[0xff, 0xff, 0xff, 0xff, 1, 2],
                3,
            ),
            app("bcm li unused", false, 49152, 40123, &[0x30, 0xc0, 0, 1], 2),
            app("bcm li short", false, 49152, 40123, &[0x69, 0x81], 1),
            app("sflow v4 agent", false, 40124, 6343, &sflow(5, 1, 200), 26),
            app("sflow v6 agent", false, 40124, 6343, &sflow(5, 2, 200), 30),
            app("sflow version 4", false, 40124, 6343, &sflow(4, 1, 200), 20),
            app("sflow short", false, 40124, 6343, &sflow(5, 1, 27), 6),
            app("sflow v6 short", false, 40124, 6343, &sflow(5, 2, 39), 0),
            app(
                "sflow other ip version",
                false,
                40124,
                6343,
                &sflow(5, 7, 40),
                29,
            ),
            app(
                "radius access request",
                false,
                40127,
                1812,
                &radius(1, 38, 38),
                19,
            ),
            app(
                "radius access accept",
                false,
                1812,
                40127,
                &radius(2, 20, 20),
                0,
            ),
            app(
                "radius accounting",
                false,
                40127,
                1813,
                &radius(4, 26, 26),
                0,
            ),
            app(
                "radius disconnect",
                false,
                40127,
                3799,
                &radius(40, 38, 38),
                3,
            ),
            app("radius coa nak", false, 1700, 40127, &radius(45, 20, 20), 0),
            app(
                "radius unknown code",
                false,
                40127,
                1645,
                &radius(99, 20, 20),
                0,
            ),
            app(
                "radius reserved",
                false,
                40127,
                1646,
                &radius(255, 20, 20),
                0,
            ),
            app(
                "radius length too small",
                false,
                40127,
                1812,
                &radius(1, 19, 24),
                0,
            ),
            app(
                "radius length past end",
                false,
                40127,
                1812,
                &radius(1, 300, 24),
                0,
            ),
            // LLMNR has no tcpdump 4.99 printer: plain UDP, like SSDP and NetBIOS.
            app("llmnr query", false, 40125, 5355, &llmnr, 6),
            // NTP control (mode 6) and private (mode 7) messages, and a broadcast.
            app(
                "ntp control",
                false,
                40126,
                123,
                &[0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
                0,
            ),
            app(
                "ntp control response",
                false,
                123,
                40126,
                &[0x1e, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4],
                1,
            ),
            app(
                "ntp private",
                false,
                40126,
                123,
                &[0x17, 0x00, 0x03, 0x2a, 0, 0, 0, 0],
                0,
            ),
            app("ntp broadcast", false, 123, 123, &ntp_msg(0x25), 2),
            app("ntp v3 symmetric", false, 123, 123, &ntp_msg(0x19), 0),
            // mDNS answer on 5353, DHCP request and ACK, DHCPv6 relay.
            app("mdns response", false, 5353, 5353, &mdns_answer, 14),
            app(
                "dhcp request",
                false,
                68,
                67,
                &dhcp_msg(1, MAC_A, [0; 4], 3),
                0,
            ),
            app("dhcp ack", false, 67, 68, &dhcp_msg(2, MAC_A, IP_A, 5), 0),
            app(
                "dhcp6 relay forward",
                false,
                547,
                547,
                &[12, 0, 0x20, 0x01],
                1,
            ),
            app("dhcp6 unknown type", false, 546, 547, &[40, 0, 0, 1], 0),
            app(
                "babel hello ihu",
                false,
                6696,
                6696,
                &babel(2, &hello_ihu, &[]),
                12,
            ),
            app(
                "babel every tlv",
                false,
                6696,
                6696,
                &babel(2, &every_tlv, &[]),
                30,
            ),
            app(
                "babel updates",
                false,
                6697,
                6697,
                &babel(2, &updates, &[]),
                21,
            ),
            app(
                "babel trailer",
                false,
                6696,
                6696,
                &babel(2, &hello_ihu, &[17, 4, 0, 0, 0, 1, 16, 2, 0, 0]),
                22,
            ),
            app(
                "babel short update",
                false,
                6696,
                6696,
                &babel(2, &[8, 4, 0, 0, 0, 0], &[]),
                0,
            ),
            app(
                "babel tlv past body",
                false,
                6696,
                6696,
                &babel(2, &[4, 6, 0, 0], &[0, 0]),
                0,
            ),
            app(
                "babel version 1",
                false,
                6696,
                6696,
                &babel(1, &hello_ihu, &[]),
                0,
            ),
            app("babel bad magic", false, 6696, 6696, &[41, 2, 0, 0], 0),
            app("ahcp discover", false, 5359, 5359, &ahcp(0, 0, &[]), 10),
            app(
                "ahcp offer options",
                false,
                5359,
                5359,
                &ahcp(1, 0, &ahcp_options),
                60,
            ),
            app(
                "ahcp unknown type mbz",
                false,
                5359,
                5359,
                &ahcp(9, 5, &[]),
                23,
            ),
            app("ahcp version 2", false, 5359, 5359, &[43, 2, 0, 0], 3),
            app("ahcp bad magic", false, 5359, 5359, &[42, 1, 0, 0], 1),
            app("ahcp short header", false, 5359, 5359, &[43, 1, 0, 0, 0], 0),
            app(
                "ahcp body too long",
                false,
                5359,
                5359,
                &ahcp(1, 0, &[0, 0])[..27],
                25,
            ),
            app("babel short", false, 6696, 6696, &[42, 2], 1),
            app(
                "babel body too long",
                false,
                6696,
                6696,
                &[42, 2, 0, 9, 4, 0],
                0,
            ),
        ])
        .collect();
    let names = ["", " cut", " ipv6", " ipv6 cut"];
    for c in &cases {
        for (k, suffix) in names.iter().enumerate() {
            let v6 = k >= 2;
            let frame = match (c.tcp, v6) {
                (true, false) => {
                    let t = Tcp::new(c.sport, c.dport, 7_000_000, 9_000_000, PSH | ACK);
                    eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_B, &t, &c.payload))
                }
                (true, true) => {
                    let t = Tcp::new(c.sport, c.dport, 7_000_000, 9_000_000, PSH | ACK);
                    eth(MAC_B, MAC_A, 0x86dd, &v6tcp(IP6_A, IP6_B, &t, &c.payload))
                }
                (false, false) => eth(
                    MAC_B,
                    MAC_A,
                    0x0800,
                    &v4udp(IP_A, IP_B, c.sport, c.dport, &c.payload),
                ),
                (false, true) => eth(
                    MAC_B,
                    MAC_A,
                    0x86dd,
                    &v6udp(IP6_A, IP6_B, c.sport, c.dport, &c.payload),
                ),
            };
            let name: &'static str = Box::leak(format!("{}{suffix}", c.name).into_boxed_str());
            if k % 2 == 0 {
                b.add(name, true, frame);
            } else {
                let headers = 14 + if v6 { 40 } else { 20 } + if c.tcp { 20 } else { 8 };
                let len = frame.len() as u32;
                b.add_len(name, true, frame[..headers + c.cut].to_vec(), len);
            }
        }
    }
    // A port whose printer comes first in tcpdump's chain wins: BGP (not decoded here) over
    // HTTP.
    let t = Tcp::new(179, 80, 1, 2, PSH | ACK);
    b.add(
        "bgp before http",
        false,
        eth(MAC_B, MAC_A, 0x0800, &v4tcp(IP_A, IP_B, &t, http_get)),
    );
}
