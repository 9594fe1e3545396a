"""What a program can learn about the platform without asking the machine:
these are the same on every 64-bit Linux target, so the hybrid must print the
same bytes (the machine's own name and kernel are in the README instead).
WASI is another system, and wasm32 a 32-bit one: its hash width, sys.maxsize
and C sizes are its own."""

# matrix: agree within os: wasm32-wasip1 is another OS (sys.platform and os.uname() say 'wasi') and a 32-bit platform: sys.maxsize is 2**31-1, Py_hash_t has 32 bits (sys.hash_info, so every hash() value differs), and C's long, size_t and pointers have 4 bytes (struct l, L, n, N, P)

import os
import platform
import struct
import sys

print("platform", sys.platform, os.name, platform.system(), os.uname().sysname, sys.byteorder)
print("sizes", sys.maxsize, os.sep, repr(os.linesep), os.pathsep, os.devnull)
print("float", sys.float_info)
print("int", sys.int_info)
print("hash", sys.hash_info)
print("implementation", sys.implementation.name, sys.implementation.cache_tag, sys.version_info)
for code in "cbB?hHiIlLqQnNefdP":
    print("struct", code, struct.calcsize(code), struct.calcsize("@c" + code), struct.calcsize("=" + code) if code not in "nNP" else "-")
print("float-parse", [float(s) for s in ["1e500", "-1e-400", " 12_3.5 ", "0x1p3".replace("0x1p3", "8"), "inFinity", "-nan", "1_0e1_0"]])
for bad in ["1e", "0x10", "1__0", "１２３"]:
    try:
        print("float-parse", bad, float(bad))
    except ValueError as e:
        print("float-parse", bad, e)
# Hashes are as wide as Py_hash_t (str: SipHash-1-3, seed 0).
print("hash-values", hash(frozenset({"a", "b", "c"})), hash("hybrid"), hash((1, "x", 2.5)))
