"""What each C library decides for itself, and what CPython compiled against
its headers therefore offers: glibc keeps real-time signals 32 and 33 for its
threads, musl keeps 32 to 34 (so signal.SIGRTMIN differs); the composite
locale name lists glibc's 12 categories or musl's 6; the constants the os,
socket, fcntl… modules define are those the C library's headers declare."""

# matrix: agree within libc: glibc's SIGRTMIN is 34 and musl's 35, their composite locale names differ, and CPython defines the constants each C library's headers declare (musl adds O_EXEC, O_SEARCH and O_PATH in O_ACCMODE; glibc declares more sysconf and confstr names)

import errno
import fcntl
import locale
import mmap
import os
import resource
import select
import signal
import socket
import termios

print("realtime", signal.SIGRTMIN, signal.SIGRTMAX, signal.NSIG)
print("valid-signals", sorted(int(s) for s in signal.valid_signals()))
print("locale-all", locale.setlocale(locale.LC_ALL, None))
print("open", os.O_ACCMODE, sorted(n for n in dir(os) if n.startswith("O_")))
print("limits", os.NGROUPS_MAX, os.TMP_MAX, socket.SOMAXCONN, socket.NI_MAXHOST)
print("sysconf", sorted(os.sysconf_names))
print("confstr", sorted(os.confstr_names))
print("pathconf", sorted(os.pathconf_names))
# Debian's python3.11 (the reference) is built with the Bluetooth headers and
# the hybrid's CPython is not: its socket.AF_BLUETOOTH, BTPROTO_* and HCI_*
# are listed in the README, not here.
bluetooth = ("AF_BLUETOOTH", "BTPROTO_", "HCI_", "BDADDR_", "SOL_HCI")
for module in (errno, fcntl, mmap, os, resource, select, signal, socket, termios):
    names = sorted(n for n in dir(module) if n.isupper() and isinstance(getattr(module, n), int)
                   and not n.startswith(bluetooth))
    print("constants", module.__name__, len(names), " ".join(names))
