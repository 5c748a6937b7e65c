#!/usr/bin/env python3
"""Prints what happens to the entries of a directory, as inotify(7) reports it.

Usage: watch_dir.py DIR

Prints "ready" once the watch is in place, then one line per event, in the kernel's order:
"EVENT NAME MODE", EVENT one of create, moved_to, attrib, delete, moved_from; MODE the
entry's permission bits in octal when the event is read ("-" when it is gone by then).
A chmod of an entry shows as `attrib`: an entry created with its final mode has none.
"""
import ctypes
import os
import struct
import sys

IN_ATTRIB = 0x004
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
NAMES = [
    (IN_CREATE, "create"),
    (IN_MOVED_TO, "moved_to"),
    (IN_ATTRIB, "attrib"),
    (IN_DELETE, "delete"),
    (IN_MOVED_FROM, "moved_from"),
]


def main():
    directory = sys.argv[1]
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    fd = libc.inotify_init1(0)
    if fd < 0:
        sys.exit("inotify_init1: " + os.strerror(ctypes.get_errno()))
    mask = IN_ATTRIB | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
    if libc.inotify_add_watch(fd, directory.encode(), mask) < 0:
        sys.exit("inotify_add_watch: " + os.strerror(ctypes.get_errno()))
    print("ready", flush=True)
    while True:
        buf = os.read(fd, 65536)
        at = 0
        while at + 16 <= len(buf):
            _wd, got, _cookie, length = struct.unpack_from("iIII", buf, at)
            name = buf[at + 16 : at + 16 + length].rstrip(b"\0").decode(errors="replace")
            at += 16 + length
            try:
                mode = "%o" % (os.lstat(os.path.join(directory, name)).st_mode & 0o7777)
            except OSError:
                mode = "-"
            for bit, event in NAMES:
                if got & bit:
                    print(event, name, mode, flush=True)


if __name__ == "__main__":
    main()
