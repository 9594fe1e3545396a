"""The C library's words in Python's output: errno messages (os.strerror,
every OSError, the OverflowError of float **), signal descriptions
(signal.strsignal) and resolver errors (socket.gaierror). glibc and musl word
most of them differently; the pinned text makes every target print glibc's."""

import errno
import os
import signal
import socket

# The three lines of the original report.
try:
    10.0 ** 400
except OverflowError as e:
    print("float-pow", e)
print(os.strerror(2), "|", os.strerror(34), "|", os.strerror(22))

# Every errno value CPython knows, and two it does not.
for code in sorted(errno.errorcode):
    print("errno", code, errno.errorcode[code], os.strerror(code))
print("errno-unknown", os.strerror(4000), "|", os.strerror(-1))

# OSErrors raised by real calls carry the same text.
missing = "/nonexistent-hybrid-dir/file.txt"
attempts = [
    ("open-missing", lambda: open(missing)),
    ("open-dir-for-write", lambda: open("/", "w")),
    ("fstat-closed-fd", lambda: os.fstat(987)),
    ("listdir-missing", lambda: os.listdir(missing)),
]
for name, attempt in attempts:
    try:
        attempt()
    except OSError as e:
        print(name, type(e).__name__, e.errno, e.strerror, "|", str(e).replace(missing, "<missing>"))

# Signal descriptions, None where the C library has none.
for number in range(1, signal.NSIG):
    print("signal", number, signal.strsignal(number))

# Resolver errors that need no network: flags and a numeric host are checked first.
for host, flags in [("not-a-number", socket.AI_NUMERICHOST), (None, 0x7FFF)]:
    try:
        socket.getaddrinfo(host, "80", flags=flags)
    except socket.gaierror as e:
        print("gaierror", e.errno, e.strerror)
