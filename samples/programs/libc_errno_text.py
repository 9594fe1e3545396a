"""The C library's words in Python's output: errno messages (os.strerror,
every OSError, the OverflowError of float **) and signal descriptions
(signal.strsignal); the resolver's are in
libc_netdb_text.py. glibc, musl and wasi-libc word most of them differently;
the pinned text makes every target print glibc's."""

# matrix: agree within os: WASI numbers errno values its own way (errno.ERANGE is 68, Linux's 68 is EADV) and has 76 of them (1 to 76), so the numbers and the list differ; libc_errno_names.py compares the words by name on every target, WASI included

import errno
import os
import signal

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
