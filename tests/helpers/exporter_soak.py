#!/usr/bin/env python3
"""Soak of `promisc exporter` (tests/tests/exporter.rs): hostile clients and scrapes at once.

Usage: exporter_soak.py PORT PID SCRAPES [SLOW HUGE IDLE]

While SCRAPES scrapes (more if they take less than 15 s) run one after the other (each on a new connection, each bounded by
10 s), at the same time: SLOW (40) slowloris clients (a header line a second, never done),
HUGE (8) clients each sending one endless header line (up to 256 MB), and IDLE (500) idle
connections renewed every 3 s. The exporter's peak RSS (VmHWM) and descriptor count are sampled. Prints one JSON object:
scrapes, failed, p50_s, p99_s, max_s, hwm_kb, max_fds, huge_rounds, idle_open, slow_dropped
(slow clients the exporter closed), seconds.
Every loop is bounded: it stops when the scrapes are done (or after 120 s).
"""
import json
import os
import socket
import sys
import threading
import time

port, pid, total = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
n_slow, n_huge, n_idle = (int(a) for a in (sys.argv[4:7] if len(sys.argv) > 6 else (40, 8, 500)))
stop = threading.Event()
start = time.monotonic()
deadline = start + 120
st = {"hwm_kb": 0, "max_fds": 0, "huge_rounds": 0, "idle_open": 0, "slow_open": 0, "slow_dropped": 0}
# Long enough for the exporter's 10 s request deadline to drop the slow clients once.
MIN_SECONDS = 15
lock = threading.Lock()


def over():
    return stop.is_set() or time.monotonic() > deadline


def connect(timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def monitor():
    while not over():
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        st["hwm_kb"] = max(st["hwm_kb"], int(line.split()[1]))
            st["max_fds"] = max(st["max_fds"], len(os.listdir(f"/proc/{pid}/fd")))
        except OSError:
            pass
        time.sleep(0.05)


def slowloris():
    while not over():
        try:
            s = connect(30)
            s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
            with lock:
                st["slow_open"] += 1
            while not over():
                s.sendall(b"X-Slow: a\r\n")
                time.sleep(1)
        except OSError:
            with lock:
                st["slow_dropped"] += 1
            time.sleep(0.1)


def huge():
    chunk = b"a" * 65536
    while not over():
        try:
            s = connect(30)
            s.sendall(b"GET /metrics HTTP/1.1\r\nX-Huge: ")
            sent = 0
            while sent < (256 << 20) and not over():
                s.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass
        with lock:
            st["huge_rounds"] += 1
        time.sleep(0.01)


def idle():
    while not over():
        conns = []
        for _ in range(n_idle):
            try:
                conns.append(connect())
            except OSError:
                break
        st["idle_open"] = max(st["idle_open"], len(conns))
        t = time.monotonic()
        while time.monotonic() - t < 3 and not over():
            time.sleep(0.1)
        for c in conns:
            c.close()


def scrape():
    s = connect(10)
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        b = s.recv(65536)
        if not b:
            break
        data += b
    s.close()
    return data.startswith(b"HTTP/1.1 200 ") and b"promisc_build_info" in data


threads = [threading.Thread(target=monitor)]
threads += [threading.Thread(target=slowloris) for _ in range(n_slow)]
threads += [threading.Thread(target=huge) for _ in range(n_huge)]
threads += [threading.Thread(target=idle)] if n_idle else []
for t in threads:
    t.daemon = True
    t.start()
# The scrapes start once the slow and idle clients are connected (bounded: 10 s).
while (st["slow_open"] < n_slow or st["idle_open"] < n_idle) and time.monotonic() < start + 10:
    time.sleep(0.01)
lat, failed = [], 0
while len(lat) < total or time.monotonic() < start + MIN_SECONDS:
    if time.monotonic() > deadline:
        break
    t = time.perf_counter()
    try:
        ok = scrape()
    except OSError:
        ok = False
    lat.append(time.perf_counter() - t)
    failed += 0 if ok else 1
stop.set()
for t in threads:
    t.join(timeout=15)
lat.sort()
print(json.dumps({
    "scrapes": len(lat),
    "failed": failed,
    "p50_s": round(lat[len(lat) // 2], 4) if lat else None,
    "p99_s": round(lat[max(0, int(len(lat) * 0.99) - 1)], 4) if lat else None,
    "max_s": round(lat[-1], 4) if lat else None,
    "hwm_kb": st["hwm_kb"],
    "max_fds": st["max_fds"],
    "huge_rounds": st["huge_rounds"],
    "idle_open": st["idle_open"],
    "slow_dropped": st["slow_dropped"],
    "seconds": round(time.monotonic() - start, 1),
}))
