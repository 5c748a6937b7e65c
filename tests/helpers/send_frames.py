#!/usr/bin/env python3
"""Send raw Ethernet frames out of an interface, exactly as given.

usage: send_frames.py IFNAME FILE [--pause-every N --pause-ms MS]
       send_frames.py IFNAME --stream HEX --counter-at OFFSET [--interval-ms MS]

FILE holds one frame per line in hex (blank lines ignored).  Each frame is
sent with one send() on an AF_PACKET/SOCK_RAW socket bound to IFNAME with
protocol 0 (so the socket itself receives nothing); the kernel adds nothing
(no padding, no checksum).  With --pause-every N the sender sleeps MS
milliseconds after every N frames, so that a burst does not outrun the
receiver.  When every frame is sent it prints "sent N" on stdout and exits 0.

With --stream it sends the HEX frame forever (until killed), writing a
32-bit big-endian counter (0, 1, 2, ...) at byte OFFSET of each copy, one
frame every MS milliseconds (default 20).  It prints "streaming" on stdout
after the first frame.
"""

import socket
import sys
import time


def parse(argv):
    opts = {}
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--"):
            if i + 1 >= len(argv):
                raise SystemExit(f"{a} needs a value\n{__doc__}")
            opts[a[2:]] = argv[i + 1]
            i += 2
        else:
            pos.append(a)
            i += 1
    return pos, opts


def open_socket(ifname):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    sock.bind((ifname, 0))
    return sock


def send_one(sock, frame):
    n = sock.send(frame)
    if n != len(frame):
        raise SystemExit(f"short send: {n} of {len(frame)} bytes")


def stream(sock, template, offset, interval):
    frame = bytearray(template)
    if offset + 4 > len(frame):
        raise SystemExit("--counter-at is past the end of the frame")
    counter = 0
    while True:
        frame[offset:offset + 4] = counter.to_bytes(4, "big")
        send_one(sock, bytes(frame))
        if counter == 0:
            print("streaming", flush=True)
        counter += 1
        time.sleep(interval)


def main():
    pos, opts = parse(sys.argv[1:])
    if "stream" in opts:
        if len(pos) != 1 or "counter-at" not in opts:
            print(__doc__, file=sys.stderr)
            return 2
        sock = open_socket(pos[0])
        interval = float(opts.get("interval-ms", "20")) / 1000.0
        stream(sock, bytes.fromhex(opts["stream"]), int(opts["counter-at"]), interval)
        return 0
    if len(pos) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    ifname, path = pos
    with open(path) as f:
        frames = [bytes.fromhex(line.strip()) for line in f if line.strip()]
    every = int(opts.get("pause-every", "0"))
    pause = float(opts.get("pause-ms", "0")) / 1000.0
    sock = open_socket(ifname)
    for i, frame in enumerate(frames, 1):
        send_one(sock, frame)
        if every and i % every == 0:
            time.sleep(pause)
    print(f"sent {len(frames)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
