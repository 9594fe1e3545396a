"""What each C library decides for itself, and what CPython compiled against
its headers therefore offers: glibc keeps real-time signals 32 and 33 for its
threads, musl keeps 32 to 34 (so signal.SIGRTMIN differs); the composite
locale name lists glibc's 12 categories or musl's 6; the constants the os,
socket, fcntl… modules define are those the C library's headers declare."""

# matrix: agree within libc: glibc's SIGRTMIN is 34 and musl's 35, their composite locale names differ, and CPython defines the constants each C library's headers declare (musl adds O_EXEC, O_SEARCH and O_PATH in O_ACCMODE; glibc declares more sysconf and confstr names)

import errno
import importlib
import locale
import os
import signal

# WASI's C library has no sockets, terminals, mmap or resource limits: there
# CPython builds none of these modules, and the program says which.
optional = {}
for name in ["fcntl", "mmap", "resource", "select", "socket", "termios"]:
    try:
        optional[name] = importlib.import_module(name)
    except ImportError:
        print("no-module", name)
socket = optional.get("socket")


def fact(ask):
    """What `ask` returns, or that this platform has no such thing."""
    try:
        return ask()
    except (AttributeError, OSError) as e:
        return "absent (%s)" % type(e).__name__


print("realtime", fact(lambda: signal.SIGRTMIN), fact(lambda: signal.SIGRTMAX), signal.NSIG)
print("valid-signals", fact(lambda: sorted(int(s) for s in signal.valid_signals())))
print("locale-all", locale.setlocale(locale.LC_ALL, None))
print("open", os.O_ACCMODE, sorted(n for n in dir(os) if n.startswith("O_")))
print("limits", fact(lambda: os.NGROUPS_MAX), fact(lambda: os.TMP_MAX),
      fact(lambda: socket.SOMAXCONN), fact(lambda: socket.NI_MAXHOST))
print("sysconf", fact(lambda: sorted(os.sysconf_names)))
print("confstr", fact(lambda: sorted(os.confstr_names)))
print("pathconf", fact(lambda: sorted(os.pathconf_names)))
# Debian's python3.11 (the reference) is built with the Bluetooth headers and
# the hybrid's CPython is not: its socket.AF_BLUETOOTH, BTPROTO_* and HCI_*
# are listed in the README, not here.
bluetooth = ("AF_BLUETOOTH", "BTPROTO_", "HCI_", "BDADDR_", "SOL_HCI")
for module in [errno, os, signal] + list(optional.values()):
    names = sorted(n for n in dir(module) if n.isupper() and isinstance(getattr(module, n), int)
                   and not n.startswith(bluetooth))
    print("constants", module.__name__, len(names), " ".join(names))
