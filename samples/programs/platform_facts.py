"""What a program can learn about the platform without asking the machine:
these are the same on every 64-bit Linux target, so the hybrid must print the
same bytes (the machine's own name and kernel are in the README instead)."""

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
