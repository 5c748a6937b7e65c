#!/usr/bin/env python3
"""Hold a PACKET_MR_PROMISC membership on IFNAME until killed.

usage: hold_membership.py IFNAME [--fork]

Opens one AF_PACKET/SOCK_RAW socket with protocol 0 (so it receives no
traffic), adds a PACKET_MR_PROMISC membership for IFNAME, prints "ready" on
stdout and sleeps.  With --fork the process forks after the membership is
taken, so parent and child share the one socket; the parent prints
"ready child=<PID>" once the child runs.  The child dies with the parent
(PR_SET_PDEATHSIG), so killing the parent is enough to clean up.
"""

import ctypes
import os
import signal
import socket
import struct
import sys

SOL_PACKET = 263
PACKET_ADD_MEMBERSHIP = 1
PACKET_MR_PROMISC = 1
PR_SET_PDEATHSIG = 1


def sleep_forever():
    while True:
        signal.pause()


def main():
    args = sys.argv[1:]
    fork = "--fork" in args
    names = [a for a in args if a != "--fork"]
    if len(names) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    ifindex = socket.if_nametoindex(names[0])

    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    # struct packet_mreq { int ifindex; unsigned short type; unsigned short alen; unsigned char address[8]; }
    mreq = struct.pack("iHH8s", ifindex, PACKET_MR_PROMISC, 0, b"")
    sock.setsockopt(SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq)

    if not fork:
        print("ready", flush=True)
        sleep_forever()

    parent = os.getpid()
    rfd, wfd = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(rfd)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(0)
        os.write(wfd, b"x")
        os.close(wfd)
        sleep_forever()
    os.close(wfd)
    if os.read(rfd, 1) != b"x":
        print("child died before it was ready", file=sys.stderr)
        return 1
    os.close(rfd)
    print(f"ready child={child}", flush=True)
    sleep_forever()


if __name__ == "__main__":
    sys.exit(main())
