//! Redis RESP segments to and from port 6379, built byte by byte: every item type, pipelined
//! commands, inline commands, the malformed lengths tcpdump names, and cut variants.

use super::*;

/// A segment from `sport` to Redis carrying `payload`, in an Ethernet frame.
fn to_redis(sport: u16, payload: &[u8]) -> Vec<u8> {
    let seg = Tcp::new(sport, 6379, 1000, 2000, 0x18).build(&IP_A, &IP_B, payload);
    eth(MAC_B, MAC_A, 0x0800, &ipv4(IP_A, IP_B, 6, &seg))
}

/// The payloads: (name, bytes).
const PAYLOADS: &[(&str, &[u8])] = &[
    ("resp ping inline", b"PING\r\n"),
    ("resp inline lf", b"\r\nGET k\nSET a b\r"),
    ("resp simple string", b"+OK\r\n"),
    ("resp error", b"-ERR unknown command 'FOO'\r\n"),
    ("resp integer", b":1000\r\n"),
    ("resp bulk string", b"$6\r\nfoobar\r\n"),
    ("resp bulk empty", b"$0\r\n\r\n"),
    ("resp bulk null", b"$-1\r\n"),
    ("resp bulk negative", b"$-7\r\n"),
    ("resp bulk too large", b"$99999999999\r\nx\r\n"),
    ("resp bulk invalid", b"$x\r\n"),
    ("resp bulk bad end", b"$3\rxfoo\r\n"),
    ("resp bulk short", b"$10\r\nabc\r\n"),
    (
        "resp array command",
        b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n",
    ),
    ("resp array empty", b"*0\r\n"),
    ("resp array null", b"*-1\r\n"),
    ("resp array nested", b"*2\r\n*1\r\n:1\r\n+two\r\n"),
    (
        "resp pipelined",
        b"*2\r\n$4\r\nINCR\r\n$1\r\nz\r\n*2\r\n$4\r\nINCR\r\n$1\r\nz\r\n",
    ),
    ("resp array short", b"*3\r\n$1\r\na\r\n"),
    ("resp no crlf", b"+OK"),
    ("resp unprintable", b"+\x01\x7f\xe9\r\n"),
    ("resp length no digits", b"*-\r\n"),
];

/// The packets: each payload whole, then the longer ones cut inside their RESP data.
pub fn resp_packets() -> Vec<Pkt> {
    let mut out = Vec::new();
    let mut t = 1_700_500_000_000_001_000u64;
    let mut push = |name: &'static str, data: Vec<u8>, orig_len: u32| {
        t += 1_000_250_000;
        out.push(Pkt {
            name,
            data,
            orig_len,
            ts_ns: t,
            strict: false,
        });
    };
    for (i, &(name, payload)) in PAYLOADS.iter().enumerate() {
        let frame = to_redis(40000 + i as u16, payload);
        let len = frame.len() as u32;
        push(name, frame, len);
    }
    for (i, &(name, payload)) in PAYLOADS.iter().enumerate().skip(12).take(6) {
        let frame = to_redis(41000 + i as u16, payload);
        let len = frame.len() as u32;
        for keep in (frame.len() - payload.len() + 1)..frame.len() {
            push(name, frame[..keep].to_vec(), len);
        }
    }
    out
}
