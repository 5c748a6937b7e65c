#!/usr/bin/env python3
"""Generates the seed corpus of the `wire`, `savefile` and `netlink` fuzz targets.

    python3 fuzz/gen_corpus.py frames    # fuzz/corpus/wire and fuzz/corpus/savefile
    python3 fuzz/gen_corpus.py netlink   # fuzz/corpus/netlink (root: builds two throwaway netns)

Run from the repository root. Every address is a documentation or locally administered one
(192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32, 02:00:00:00:00:xx), so nothing about the machine
that ran the script lands in the corpus. `frames` is deterministic; `netlink` records what the
running kernel answers, so its bytes differ from kernel to kernel.
"""

import os
import shutil
import socket
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
MAX_SEED = 4096

MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")
BCAST = b"\xff" * 6
IP_A = bytes([192, 0, 2, 1])
IP_B = bytes([192, 0, 2, 2])
IP_DNS = bytes([198, 51, 100, 53])
IP6_A = socket.inet_pton(socket.AF_INET6, "2001:db8::1")
IP6_B = socket.inet_pton(socket.AF_INET6, "2001:db8::2")


# --- frames -------------------------------------------------------------------------------


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(proto, src, dst, payload, ident=0x1234, ttl=64, frag=0x4000):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ipv6(nh, src, dst, payload, hlim=64):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nh, hlim, src, dst) + payload


def l4_sum4(proto, src, dst, seg):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def l4_sum6(nh, src, dst, seg):
    return csum(src + dst + struct.pack("!IxxxB", len(seg), nh) + seg)


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", opts=b"", six=False):
    off = (20 + len(opts)) // 4
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 65535, 0, 0) + opts + payload
    c = l4_sum6(6, src, dst, seg) if six else l4_sum4(6, src, dst, seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def udp(src, dst, sport, dport, payload, six=False):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = l4_sum6(17, src, dst, seg) if six else l4_sum4(17, src, dst, seg)
    return seg[:6] + struct.pack("!H", c or 0xFFFF) + seg[8:]


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def pad60(f):
    return f + b"\0" * max(0, 60 - len(f))


def dns_query(ident, name, qtype=1):
    q = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + q + struct.pack("!HH", qtype, 1)


def dns_answer(ident, name):
    q = b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0"
    body = q + struct.pack("!HH", 1, 1)
    # A record with a compression pointer to the question name, and an AAAA record.
    ans = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + bytes([192, 0, 2, 80])
    ans += b"\xc0\x0c" + struct.pack("!HHIH", 28, 1, 300, 16) + IP6_B
    return struct.pack("!HHHHHH", ident, 0x8180, 1, 2, 0, 0) + body + ans


SYN_OPTS = b"\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x00\x01\x00\x00\x00\x00\x01\x03\x03\x07"

ARP_REQ = pad60(eth(BCAST, MAC_A, 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, IP_A, b"\0" * 6, IP_B)))
ARP_REPLY = pad60(eth(MAC_A, MAC_B, 0x0806, struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 2, MAC_B, IP_B, MAC_A, IP_A)))
TCP_SYN = eth(MAC_B, MAC_A, 0x0800, ipv4(6, IP_A, IP_B, tcp(IP_A, IP_B, 40000, 80, 1000, 0, 0x02, opts=SYN_OPTS)))
TCP_SYNACK = eth(MAC_A, MAC_B, 0x0800, ipv4(6, IP_B, IP_A, tcp(IP_B, IP_A, 80, 40000, 5000, 1001, 0x12, opts=SYN_OPTS)))
HTTP = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
TCP_DATA = eth(MAC_B, MAC_A, 0x0800, ipv4(6, IP_A, IP_B, tcp(IP_A, IP_B, 40000, 80, 1001, 5001, 0x18, HTTP)))
TCP_FIN = pad60(eth(MAC_B, MAC_A, 0x0800, ipv4(6, IP_A, IP_B, tcp(IP_A, IP_B, 40000, 80, 1001 + len(HTTP), 5001, 0x11))))
UDP_DNS_Q = eth(MAC_B, MAC_A, 0x0800, ipv4(17, IP_A, IP_DNS, udp(IP_A, IP_DNS, 53000, 53, dns_query(0xBEEF, "www.example.com"))))
UDP_DNS_R = eth(MAC_A, MAC_B, 0x0800, ipv4(17, IP_DNS, IP_A, udp(IP_DNS, IP_A, 53, 53000, dns_answer(0xBEEF, "www.example.com"))))
_echo = struct.pack("!BBHHH", 8, 0, 0, 0x42, 1) + b"promisc-fuzz-seed"
ICMP_ECHO = pad60(eth(MAC_B, MAC_A, 0x0800, ipv4(1, IP_A, IP_B, _echo[:2] + struct.pack("!H", csum(_echo)) + _echo[4:])))
_unr_inner = ipv4(17, IP_B, IP_DNS, udp(IP_B, IP_DNS, 33434, 33434, b""))[:28]
_unr = struct.pack("!BBHI", 3, 3, 0, 0) + _unr_inner
ICMP_UNREACH = eth(MAC_B, MAC_A, 0x0800, ipv4(1, IP_DNS, IP_B, _unr[:2] + struct.pack("!H", csum(_unr)) + _unr[4:]))
# IPv6 neighbour solicitation for 2001:db8::2 to its solicited-node group, with a source
# link-layer address option.
_sn = socket.inet_pton(socket.AF_INET6, "ff02::1:ff00:2")
_ns = struct.pack("!BBHI16s", 135, 0, 0, 0, IP6_B) + b"\x01\x01" + MAC_A
_ns = _ns[:2] + struct.pack("!H", l4_sum6(58, IP6_A, _sn, _ns)) + _ns[4:]
ICMP6_NS = eth(bytes.fromhex("3333ff000002"), MAC_A, 0x86DD, ipv6(58, IP6_A, _sn, _ns, hlim=255))
_na = struct.pack("!BBHI16s", 136, 0, 0, 0x60000000, IP6_B) + b"\x02\x01" + MAC_B
_na = _na[:2] + struct.pack("!H", l4_sum6(58, IP6_B, IP6_A, _na)) + _na[4:]
ICMP6_NA = eth(MAC_A, MAC_B, 0x86DD, ipv6(58, IP6_B, IP6_A, _na, hlim=255))
UDP6_DNS = eth(MAC_B, MAC_A, 0x86DD, ipv6(17, IP6_A, IP6_B, udp(IP6_A, IP6_B, 53001, 53, dns_query(7, "example.org", 28), six=True)))
TCP6_SYN = eth(MAC_B, MAC_A, 0x86DD, ipv6(6, IP6_A, IP6_B, tcp(IP6_A, IP6_B, 40001, 443, 77, 0, 0x02, opts=SYN_OPTS, six=True)))
VLAN_UDP = eth(MAC_B, MAC_A, 0x8100, struct.pack("!HH", 100, 0x0800) + ipv4(17, IP_A, IP_B, udp(IP_A, IP_B, 5000, 5001, b"vlan 100")))
QINQ_ICMP = eth(MAC_B, MAC_A, 0x88A8, struct.pack("!HHHH", 0x2000 | 200, 0x8100, 10, 0x0800) + ipv4(1, IP_A, IP_B, _echo))
# 802.3 length field, LLC/SNAP with OUI 0 carrying IPv4; and a spanning tree BPDU (LLC 42 42 03).
_snap = b"\xaa\xaa\x03\x00\x00\x00\x08\x00" + ipv4(17, IP_A, IP_B, udp(IP_A, IP_B, 9, 9, b"snap"))
LLC_SNAP = MAC_B + MAC_A + struct.pack("!H", len(_snap)) + _snap
_bpdu = b"\x42\x42\x03" + bytes(4) + b"\x80\x00" + MAC_A + bytes(4) + b"\x80\x00" + MAC_A + b"\x80\x01" + b"\x00\x00\x14\x00\x02\x00\x0f\x00"
STP = pad60(bytes.fromhex("0180c2000000") + MAC_A + struct.pack("!H", len(_bpdu)) + _bpdu)
IP_FRAG = eth(MAC_B, MAC_A, 0x0800, ipv4(17, IP_A, IP_B, b"fragment" * 3, ident=0x5555, frag=185))


def sll2(proto, arphrd, pkttype, ifindex, addr, payload):
    return struct.pack("!HHIHBB8s", proto, 0, ifindex, arphrd, pkttype, len(addr), addr) + payload


def sll(proto, arphrd, pkttype, addr, payload):
    return struct.pack("!HHH8sH", pkttype, arphrd, len(addr), addr, proto) + payload


def ip_of(frame):
    return frame[14:]


SLL2_TCP = sll2(0x0800, 1, 0, 2, MAC_A, ip_of(TCP_SYN))
SLL2_OUT_DNS = sll2(0x0800, 1, 4, 3, MAC_B, ip_of(UDP_DNS_Q))
SLL2_ARP = sll2(0x0806, 1, 1, 2, MAC_A, ARP_REQ[14:42])
SLL2_LO_ICMP6 = sll2(0x86DD, 772, 0, 1, bytes(6), ip_of(ICMP6_NA))
SLL_UDP6 = sll(0x86DD, 1, 0, MAC_A, ip_of(UDP6_DNS))
SLL_ICMP = sll(0x0800, 1, 4, MAC_B, ip_of(ICMP_ECHO)[:20 + len(_echo)])
RAW_TCP = ip_of(TCP_DATA)
RAW_IP6 = ip_of(TCP6_SYN)
NULL_IPV4 = struct.pack("<I", 2) + ip_of(UDP_DNS_R)

# (name, linktype index for the wire target's selector, frame)
LT_INDEX = {1: 0, 276: 1, 113: 2, 101: 3, 0: 4}
WIRE = [
    ("eth-arp-request", 1, ARP_REQ),
    ("eth-arp-reply", 1, ARP_REPLY),
    ("eth-ipv4-tcp-syn", 1, TCP_SYN),
    ("eth-ipv4-tcp-synack", 1, TCP_SYNACK),
    ("eth-ipv4-tcp-http", 1, TCP_DATA),
    ("eth-ipv4-tcp-fin", 1, TCP_FIN),
    ("eth-ipv4-udp-dns-query", 1, UDP_DNS_Q),
    ("eth-ipv4-udp-dns-answer", 1, UDP_DNS_R),
    ("eth-ipv4-icmp-echo", 1, ICMP_ECHO),
    ("eth-ipv4-icmp-unreach", 1, ICMP_UNREACH),
    ("eth-ipv4-fragment", 1, IP_FRAG),
    ("eth-ipv6-icmp6-ns", 1, ICMP6_NS),
    ("eth-ipv6-icmp6-na", 1, ICMP6_NA),
    ("eth-ipv6-udp-dns", 1, UDP6_DNS),
    ("eth-ipv6-tcp-syn", 1, TCP6_SYN),
    ("eth-vlan100-udp", 1, VLAN_UDP),
    ("eth-qinq-icmp", 1, QINQ_ICMP),
    ("eth-llc-snap-ipv4", 1, LLC_SNAP),
    ("eth-llc-stp", 1, STP),
    ("sll2-ipv4-tcp", 276, SLL2_TCP),
    ("sll2-outgoing-dns", 276, SLL2_OUT_DNS),
    ("sll2-arp", 276, SLL2_ARP),
    ("sll2-loopback-icmp6", 276, SLL2_LO_ICMP6),
    ("sll-ipv6-udp", 113, SLL_UDP6),
    ("sll-ipv4-icmp", 113, SLL_ICMP),
    ("raw-ipv4-tcp", 101, RAW_TCP),
    ("raw-ipv6-tcp", 101, RAW_IP6),
    ("null-ipv4-udp", 0, NULL_IPV4),
]


def write(target, name, data):
    assert len(data) < MAX_SEED, (target, name, len(data))
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gen_wire():
    for i, (name, lt, frame) in enumerate(WIRE):
        sel = LT_INDEX[lt]
        # Every third seed prints the link header (-e), every fourth is quiet (-q), every fifth
        # has nanosecond timestamps, every seventh claims a longer wire length (a cut frame).
        sel |= 0x08 if i % 3 == 0 else 0
        sel |= 0x10 if i % 4 == 3 else 0
        sel |= 0x20 if i % 5 == 4 else 0
        sel |= 0x40 if i % 7 == 6 else 0
        write("wire", name, bytes([sel]) + frame)


# --- savefiles ----------------------------------------------------------------------------

ETH_PACKETS = [ARP_REQ, TCP_SYN, TCP_SYNACK, TCP_DATA, UDP_DNS_Q, ICMP6_NS, VLAN_UDP]
SLL2_PACKETS = [SLL2_TCP, SLL2_OUT_DNS, SLL2_LO_ICMP6]
T0 = 1_700_000_000_123_456_789


def pcap(be, nanos, packets, linktype=1, snaplen=262144, cut=None):
    e = ">" if be else "<"
    out = struct.pack(e + "IHHiIII", 0xA1B23C4D if nanos else 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype)
    for i, p in enumerate(packets):
        ts = T0 + i * 1_001_001
        sub = ts % 1_000_000_000 if nanos else ts % 1_000_000_000 // 1000
        data = p[:cut] if cut else p
        out += struct.pack(e + "IIII", ts // 1_000_000_000, sub, len(data), len(p)) + data
    return out


def opt(e, code, val):
    return struct.pack(e + "HH", code, len(val)) + val + b"\0" * (-len(val) % 4)


def opts(e, *pairs):
    if not pairs:
        return b""
    return b"".join(opt(e, c, v) for c, v in pairs) + struct.pack(e + "HH", 0, 0)


def block(e, kind, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack(e + "II", kind, n) + body + struct.pack(e + "I", n)


def shb(e, app=b"promisc gen_corpus.py"):
    return block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opts(e, (1, b"fuzz seed"), (4, app)))


def idb(e, linktype, snaplen, name, tsresol=None, tsoffset=None):
    o = [(2, name)]
    if tsresol is not None:
        o.append((9, bytes([tsresol])))
    if tsoffset is not None:
        o.append((14, struct.pack(e + "q", tsoffset)))
    return block(e, 1, struct.pack(e + "HHI", linktype, 0, snaplen) + opts(e, *o))


def ticks(ts_ns, tsresol):
    if tsresol & 0x80:
        return ts_ns * (1 << (tsresol & 0x7F)) // 1_000_000_000
    return ts_ns // 10 ** (9 - tsresol) if tsresol <= 9 else ts_ns * 10 ** (tsresol - 9)


def epb(e, iface, ts_ns, tsresol, data, orig_len=None, comment=None, flags=None):
    t = ticks(ts_ns, tsresol)
    o = []
    if comment:
        o.append((1, comment))
    if flags is not None:
        o.append((2, struct.pack(e + "I", flags)))
    body = struct.pack(e + "IIIII", iface, t >> 32, t & 0xFFFFFFFF, len(data), orig_len or len(data))
    body += data + b"\0" * (-len(data) % 4) + opts(e, *o)
    return block(e, 6, body)


def spb(e, orig_len, data):
    return block(e, 3, struct.pack(e + "I", orig_len) + data)


def isb(e, iface, ts_ns, tsresol, recv, drop):
    t = ticks(ts_ns, tsresol)
    o = [
        (2, struct.pack(e + "II", ticks(T0, tsresol) >> 32, ticks(T0, tsresol) & 0xFFFFFFFF)),
        (3, struct.pack(e + "II", t >> 32, t & 0xFFFFFFFF)),
        (4, struct.pack(e + "Q", recv)),
        (5, struct.pack(e + "Q", drop)),
        (7, struct.pack(e + "Q", 0)),
    ]
    return block(e, 5, struct.pack(e + "III", iface, t >> 32, t & 0xFFFFFFFF) + opts(e, *o))


def pcapng_two_interfaces(be):
    """SHB, an Ethernet IDB in microseconds and an SLL2 IDB in nanoseconds, EPBs on both
    (one with a comment and flags, one cut short), an SPB, and an ISB per interface."""
    e = ">" if be else "<"
    out = shb(e) + idb(e, 1, 262144, b"veth0", tsresol=6) + idb(e, 276, 262144, b"any", tsresol=9)
    ts = T0
    for i, p in enumerate(ETH_PACKETS[:4]):
        out += epb(e, 0, ts, 6, p, comment=b"first" if i == 0 else None, flags=1 if i == 1 else None)
        ts += 1_000_000
        out += epb(e, 1, ts, 9, SLL2_PACKETS[i % 3])
        ts += 1_000_000
    out += epb(e, 0, ts, 6, ETH_PACKETS[4][:42], orig_len=len(ETH_PACKETS[4]))
    out += spb(e, len(ICMP_ECHO), ICMP_ECHO)
    out += isb(e, 0, ts, 6, 10, 0) + isb(e, 1, ts, 9, 8, 1)
    return out


def pcapng_tsresol():
    """Odd timestamp resolutions: 2^-20 s with a one-hour if_tsoffset, and 10^-3 s."""
    e = "<"
    out = shb(e) + idb(e, 1, 65535, b"eth0", tsresol=0x80 | 20, tsoffset=3600) + idb(e, 1, 128, b"eth1", tsresol=3)
    for i, p in enumerate(ETH_PACKETS):
        out += epb(e, i % 2, T0 - 3600 * 10**9 * (1 - i % 2) + i * 123_456_789, 0x80 | 20 if i % 2 == 0 else 3, p[:128] if i % 2 else p, orig_len=len(p))
    return out


def pcapng_two_sections():
    """A little-endian section and a big-endian one: interface indexes go on counting."""
    a = shb("<") + idb("<", 1, 262144, b"eth0", tsresol=9)
    a += b"".join(epb("<", 0, T0 + i, 9, p) for i, p in enumerate(ETH_PACKETS[:3]))
    b = shb(">") + idb(">", 276, 262144, b"any")
    b += b"".join(epb(">", 0, T0 + 10**6 * i, 6, p) for i, p in enumerate(SLL2_PACKETS))
    b += spb(">", len(SLL2_TCP), SLL2_TCP)
    return a + b


def gen_savefile():
    fixtures = os.path.join(ROOT, "crates", "wire", "tests", "fixtures")
    for be in (False, True):
        for nanos in (False, True):
            name = "pcap-%s-%s.pcap" % ("be" if be else "le", "ns" if nanos else "us")
            write("savefile", name, pcap(be, nanos, ETH_PACKETS))
    write("savefile", "pcap-le-us-snaplen64.pcap", pcap(False, False, ETH_PACKETS, snaplen=64, cut=64))
    write("savefile", "pcap-be-ns-sll2.pcap", pcap(True, True, SLL2_PACKETS, linktype=276))
    write("savefile", "pcapng-le-two-interfaces.pcapng", pcapng_two_interfaces(False))
    write("savefile", "pcapng-be-two-interfaces.pcapng", pcapng_two_interfaces(True))
    write("savefile", "pcapng-tsresol.pcapng", pcapng_tsresol())
    write("savefile", "pcapng-two-sections.pcapng", pcapng_two_sections())
    # The wire crate's golden fixtures: the SLL2 one whole, the Ethernet one cut to its first
    # records (it is 25 KiB).
    shutil.copyfile(os.path.join(fixtures, "sll2.pcap"), os.path.join(CORPUS, "savefile", "fixture-sll2.pcap"))
    with open(os.path.join(fixtures, "ether.pcap"), "rb") as f:
        ether = f.read()
    be = ether[:4] in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d")
    end, off = 24, 24
    while off + 16 <= len(ether):
        incl = struct.unpack((">" if be else "<") + "I", ether[off + 8 : off + 12])[0]
        if off + 16 + incl >= MAX_SEED:
            break
        off += 16 + incl
        end = off
    write("savefile", "fixture-ether-head.pcap", ether[:end])


# --- netlink ------------------------------------------------------------------------------

NLM_F_REQUEST, NLM_F_DUMP = 0x1, 0x300
RTM_NEWLINK, RTM_GETLINK, RTM_GETNEIGH, RTM_GETNSID = 16, 18, 30, 90
SOCK_DIAG_BY_FAMILY = 20
NETLINK_ROUTE, NETLINK_SOCK_DIAG = 0, 4


def nl_request(proto, kind, flags, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((0, 0))
    s.send(struct.pack("=IHHII", 16 + len(body), kind, NLM_F_REQUEST | flags, 1, 0) + body)
    msgs = []
    while True:
        data = s.recv(65536)
        done = False
        off = 0
        while off + 16 <= len(data):
            n, t = struct.unpack_from("=IH", data, off)
            msgs.append(data[off : off + n])
            if t in (2, 3) or not flags & NLM_F_DUMP:
                done = True
            off += (n + 3) & ~3
        if done:
            break
    s.close()
    return msgs


def pack_datagrams(msgs):
    """Groups whole messages into seeds under MAX_SEED bytes, each one a datagram as the kernel
    sends it (messages 4-byte aligned, the dump's NLMSG_DONE kept at the end)."""
    seeds, cur = [], b""
    for m in msgs:
        m = m + b"\0" * (-len(m) % 4)
        assert len(m) < MAX_SEED, len(m)
        if cur and len(cur) + len(m) >= MAX_SEED:
            seeds.append(cur)
            cur = b""
        cur += m
    if cur:
        seeds.append(cur)
    return seeds


def sh(*args, env=None):
    subprocess.run(args, check=True, env=env)


def netlink_in_ns():
    """Runs inside the seed namespace: dumps links, packet sockets, the bridge fdb, nsids."""
    out = {}
    ifinfo = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)
    out["rtm-newlink-dump"] = nl_request(NETLINK_ROUTE, RTM_GETLINK, NLM_F_DUMP, ifinfo)
    # Packet sockets with a promiscuous and a multicast membership, so packet_diag answers
    # carry PACKET_DIAG_INFO, PACKET_DIAG_MCLIST and PACKET_DIAG_UID.
    holders = []
    for ifname, mr_type in (("veth0", 1), ("vetha", 0)):
        p = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        idx = socket.if_nametoindex(ifname)
        p.bind((ifname, 0))
        addr = bytes.fromhex("01005e000001") if mr_type == 0 else b""
        mreq = struct.pack("=iHH8s", idx, mr_type, len(addr), addr)
        p.setsockopt(263, 1, mreq)  # SOL_PACKET, PACKET_ADD_MEMBERSHIP
        holders.append(p)
    # struct packet_diag_req: family, protocol, pad, ino, show, cookie[2]
    show = 0x1 | 0x2 | 0x4 | 0x20  # INFO, MCLIST, RING, UID
    req = struct.pack("=BBHIIII", socket.AF_PACKET, 0, 0, 0, show, 0xFFFFFFFF, 0xFFFFFFFF)
    out["packet-diag-dump"] = nl_request(NETLINK_SOCK_DIAG, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, req)
    for p in holders:
        p.close()
    ndmsg = struct.pack("=BxxxiHBB", socket.AF_BRIDGE, 0, 0, 0, 0)
    out["af-bridge-fdb-dump"] = nl_request(NETLINK_ROUTE, RTM_GETNEIGH, NLM_F_DUMP, ndmsg)
    with open("/run/netns/" + os.environ["PM_PEER_NS"]) as f:
        # struct rtgenmsg (padded to 4) then NETNSA_FD.
        body = struct.pack("=Bxxx", socket.AF_UNSPEC) + struct.pack("=HHI", 8, 3, f.fileno())
        out["rtm-newnsid"] = nl_request(NETLINK_ROUTE, RTM_GETNSID, 0, body)
    out["rtm-newnsid-dump"] = nl_request(NETLINK_ROUTE, RTM_GETNSID, NLM_F_DUMP, struct.pack("=Bxxx", socket.AF_UNSPEC))
    for name, msgs in out.items():
        for i, seed in enumerate(pack_datagrams(msgs)):
            write("netlink", "%s-%d" % (name, i), seed)


def nlattr(kind, payload):
    return struct.pack("=HH", 4 + len(payload), kind) + payload + b"\0" * (-len(payload) % 4)


def nlmsg(kind, flags, payload):
    return struct.pack("=IHHII", 16 + len(payload), kind, flags, 1, 0) + payload


def gen_netlink_synthetic():
    """Link kinds the recording kernel may lack (bridge, bond, hsr and their ports), built by
    hand in the kernel's layout, and an NLMSG_ERROR; deterministic."""

    def link(index, name, mac, flags, kind, data, slave_kind=None, slave_data=b"", master=None):
        info = nlattr(1, kind + b"\0") + nlattr(2, data)
        if slave_kind:
            info += nlattr(4, slave_kind + b"\0") + nlattr(5, slave_data)
        a = nlattr(3, name + b"\0") + nlattr(1, mac) + nlattr(30, struct.pack("=I", 1))
        a += nlattr(61, struct.pack("=I", 0))
        if master:
            a += nlattr(10, struct.pack("=I", master))
        a += nlattr(18, info)
        return nlmsg(RTM_NEWLINK, 2, struct.pack("=BxHiII", 0, 1, index, 0x1103, 0) + a)

    u8 = lambda v: bytes([v])
    u32 = lambda v: struct.pack("=I", v)
    msgs = [
        link(10, b"br0", bytes.fromhex("020000000010"), 0x1003, b"bridge", nlattr(7, u8(1))),
        link(11, b"bond0", bytes.fromhex("020000000011"), 0x1403, b"bond", nlattr(1, u8(4)),
             slave_kind=b"bridge", slave_data=nlattr(8, u8(1)) + nlattr(9, u8(0)), master=10),
        link(12, b"eth1", bytes.fromhex("020000000011"), 0x1903, b"veth", b"",
             slave_kind=b"bond", slave_data=nlattr(1, u8(0)), master=11),
        link(13, b"hsr0", bytes.fromhex("020000000013"), 0x1003, b"hsr", nlattr(1, u32(12)) + nlattr(2, u32(14))),
        link(15, b"macvtap0", bytes.fromhex("020000000015"), 0x1103, b"macvtap", nlattr(1, u32(8)) + nlattr(2, struct.pack("=H", 1))),
        nlmsg(3, 2, u32(0)),
    ]
    write("netlink", "synthetic-link-kinds", b"".join(msgs))
    # An error answer (-EPERM) echoing the request header.
    write("netlink", "synthetic-nlmsg-error", nlmsg(2, 0, struct.pack("=i", -1) + nlmsg(RTM_GETLINK, 0x301, b"\0" * 16)))


def gen_netlink():
    if os.geteuid() != 0:
        sys.exit("netlink: run as root (it creates two network namespaces)")
    ns, peer = "pm-fuzz-seed-%d" % os.getpid(), "pm-fuzz-peer-%d" % os.getpid()
    sh("ip", "netns", "add", ns)
    sh("ip", "netns", "add", peer)
    try:
        ipn = ("ip", "-n", ns)
        sh(*ipn, "link", "set", "lo", "up")
        # veth0 here, veth1 in the peer namespace (so veth0 has IFLA_LINK_NETNSID), a bridge
        # with vethb as a port, a macvlan on veth0 and a VLAN on the bridge.
        sh(*ipn, "netns", "set", peer, "7")
        sh(*ipn, "link", "add", "veth0", "address", "02:00:00:00:00:01", "type", "veth",
           "peer", "name", "veth1", "address", "02:00:00:00:00:02", "netns", peer)
        # Optional kinds (a kernel may lack the module): skipped when refused.
        opt = lambda *a: subprocess.run(a, stderr=subprocess.DEVNULL).returncode == 0
        if opt(*ipn, "link", "add", "br0", "address", "02:00:00:00:00:10", "type", "bridge", "vlan_filtering", "1"):
            opt(*ipn, "link", "add", "link", "br0", "name", "br0.100", "address", "02:00:00:00:00:30",
                "type", "vlan", "id", "100")
        sh(*ipn, "link", "add", "vetha", "address", "02:00:00:00:00:0a", "type", "veth",
           "peer", "name", "vethb", "address", "02:00:00:00:00:0b")
        opt(*ipn, "link", "set", "vethb", "master", "br0")
        opt(*ipn, "link", "add", "link", "veth0", "name", "mv0", "address", "02:00:00:00:00:20",
            "type", "macvlan", "mode", "bridge")
        opt(*ipn, "link", "add", "link", "vetha", "name", "vetha.100", "address", "02:00:00:00:00:40",
            "type", "vlan", "id", "100")
        opt(*ipn, "link", "add", "dummy0", "address", "02:00:00:00:00:50", "type", "dummy")
        for l in ("veth0", "br0", "vetha", "vethb", "mv0", "br0.100", "vetha.100", "dummy0"):
            opt(*ipn, "link", "set", l, "up")
        sh(*ipn, "addr", "add", "192.0.2.1/24", "dev", "veth0")
        sh(*ipn, "addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad")
        # An own-list entry (self permanent) on veth0, as `bridge fdb add ... self permanent`.
        sh("ip", "netns", "exec", ns, "bridge", "fdb", "add", "02:00:00:00:00:99", "dev", "veth0", "self", "permanent")
        d = os.path.join(CORPUS, "netlink")
        shutil.rmtree(d, ignore_errors=True)
        env = dict(os.environ, PM_PEER_NS=peer)
        sh("ip", "netns", "exec", ns, sys.executable, os.path.abspath(__file__), "netlink-in-ns", env=env)
        gen_netlink_synthetic()
    finally:
        subprocess.run(["ip", "netns", "del", ns])
        subprocess.run(["ip", "netns", "del", peer])


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "frames":
        for t in ("wire", "savefile"):
            shutil.rmtree(os.path.join(CORPUS, t), ignore_errors=True)
        gen_wire()
        gen_savefile()
    elif what == "netlink":
        gen_netlink()
    elif what == "netlink-in-ns":
        netlink_in_ns()
    else:
        sys.exit(__doc__)
