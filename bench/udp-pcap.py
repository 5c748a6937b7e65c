#!/usr/bin/env python3
"""Writes a pcap of N identical 64-byte Ethernet/IPv4/UDP frames (192.0.2.1:40000 ->
192.0.2.2:9), time stamps 10 us apart: the input of bench/read.sh and bench/instructions.sh
when no capture is at hand.

Usage: bench/udp-pcap.py N FILE     (e.g. 2000000 2m.pcap; then the first 200,000 records:
       head -c $((24 + 200000 * 80)) 2m.pcap > 200k.pcap)
"""
import struct
import sys


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    n, path = int(sys.argv[1]), sys.argv[2]
    eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 50, 0, 0x4000, 64, 17, 0,
                     bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
    total = sum(struct.unpack("!10H", ip))
    total = (total & 0xFFFF) + (total >> 16)
    ip = ip[:10] + struct.pack("!H", ~total & 0xFFFF) + ip[12:]
    udp = struct.pack("!HHHH", 40000, 9, 30, 0) + bytes(22)
    frame = eth + ip + udp
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for i in range(n):
            f.write(struct.pack("<IIII", 1700000000 + i // 100000, (i % 100000) * 10, 64, 64))
            f.write(frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
