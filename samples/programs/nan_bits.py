"""The bits of a NaN belong to the CPU. An invalid operation (inf - inf,
0 * inf) makes the CPU's default NaN: x86_64's has its sign bit set
(fff8...), aarch64's does not (7ff8...). wasmtime canonicalises every NaN an
operation makes to 7ff8... and so drops payloads that the CPUs keep. repr()
prints 'nan' for all of them: only the bits (struct) and the sign
(math.copysign) show the difference. float('nan') and math.nan are
CPython's own constant, the same everywhere."""

# matrix: agree within arch: an invalid operation makes the CPU's default NaN (x86_64: sign bit set, fff8...; aarch64: 7ff8...) and wasmtime canonicalises every NaN an operation makes to 7ff8..., dropping payloads; repr() says 'nan' for all of them

import math
import struct


def bits(x):
    return struct.pack(">d", x).hex()


def from_bits(text):
    return struct.unpack(">d", bytes.fromhex(text))[0]


inf = math.inf
made = [
    ("float('nan')", float("nan")),
    ("math.nan", math.nan),
    ("inf - inf", inf - inf),
    ("0.0 * inf", 0.0 * inf),
    ("-(inf - inf)", -(inf - inf)),
    ("fabs(inf - inf)", math.fabs(inf - inf)),
    ("payload, unpacked", from_bits("7ff8000000000abc")),
    ("payload + 0.0", from_bits("7ff8000000000abc") + 0.0),
    ("signalling + 0.0", from_bits("7ff0000000000001") + 0.0),
]
for name, x in made:
    print(f"{name:18} {x!r} {bits(x)} sign {math.copysign(1.0, x):+.0f}")
