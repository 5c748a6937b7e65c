#!/usr/bin/env python3
"""Runs a command and records its resource usage, like /usr/bin/time but in microseconds.

Usage: rusage.py RESULT_FILE PID_FILE COMMAND [ARG...]

Writes the child's pid to PID_FILE as soon as it runs (send it the signals: this process
only waits), then, when it ends, one line to RESULT_FILE:

    <user µs> <system µs> <max RSS KiB> <exit status, or -signal> <wall µs>

from wait4(2)'s rusage, which covers every thread of the child (max RSS, though, also counts
the address space the child was forked from: read VmHWM for a tool's own peak), and the wall
time from the spawn to the reaping. SIGINT, SIGQUIT and SIGTERM
are reset to their default disposition in the child (a shell starts background jobs with
SIGINT ignored), so the tool sees ^C as it would in a terminal.
"""
import os
import signal
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    result, pidfile, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    start = time.monotonic_ns()
    pid = os.posix_spawnp(
        argv[0],
        argv,
        os.environ,
        setsigdef=(signal.SIGINT, signal.SIGQUIT, signal.SIGTERM),
    )
    tmp = pidfile + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{pid}\n")
    os.rename(tmp, pidfile)
    while True:
        try:
            _, status, ru = os.wait4(pid, 0)
            wall_us = (time.monotonic_ns() - start) // 1000
            break
        except InterruptedError:
            continue
    code = os.waitstatus_to_exitcode(status)
    with open(result, "w") as f:
        f.write(
            f"{round(ru.ru_utime * 1e6)} {round(ru.ru_stime * 1e6)} {ru.ru_maxrss} {code} {wall_us}\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
