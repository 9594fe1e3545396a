import hashlib
import math
import struct


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon(v):
    """The runtime codec's canonical encoding (the parts this program needs)."""
    if isinstance(v, float):
        return b"\x04" + (b"\x7f\xf8" + bytes(6) if v != v else struct.pack(">d", v))
    if isinstance(v, str):
        raw = v.encode()
        return b"\x05" + leb(len(raw)) + raw
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    if isinstance(v, dict):
        return b"\x09" + leb(len(v)) + b"".join(canon(k) + canon(x) for k, x in v.items())
    raise TypeError(type(v).__name__)


def harmonic(n):
    naive = kahan = carry = 0.0
    for k in range(1, n + 1):
        term = 1.0 / k
        naive += term
        y = term - carry
        t = kahan + y
        carry = (t - kahan) - y
        kahan = t
    return naive, kahan


def main():
    naive, kahan = harmonic(2000)
    table = [
        ("zero", 0.0),
        ("neg_zero", -0.0),
        ("inf", math.inf),
        ("neg_inf", -math.inf),
        ("nan_payload", struct.unpack(">d", bytes.fromhex("7ff8000000000001"))[0]),
        ("neg_nan", struct.unpack(">d", bytes.fromhex("fff8000000000000"))[0]),
        ("min_subnormal", 5e-324),
        ("min_normal", 2.2250738585072014e-308),
        ("max", 1.7976931348623157e308),
        ("epsilon", 2.220446049250313e-16),
        ("tenth_sum", 0.1 + 0.2),
        ("third", 1.0 / 3.0),
        ("sqrt2", math.sqrt(2.0)),
        ("half_sqrt3", math.sqrt(3.0) / 2.0),
        ("h_naive", naive),
        ("h_kahan", kahan),
    ]
    names = [n for n, _ in table]
    values = [x for _, x in table]

    for name, x in zip(names, values):
        bits = "-" if math.isnan(x) else struct.pack(">d", x).hex()
        print(f"{name:14} {x!r:24} {x.hex():24} sign={math.copysign(1.0, x):+.0f} bits={bits}")
    finite = [x for x in values if math.isfinite(x) and x < 1e300]
    fsum = math.fsum(1.0 / k for k in range(1, 2001))
    print("sorted finite:", [names[values.index(x)] for x in sorted(finite)])
    derived = []
    for x in values:
        derived.append((-x, x + x, x / 2, x - x, x * 1e308, math.fmod(x, 1.0) if math.isfinite(x) else x))
    keyed = {}
    for name, x in zip(names, values):
        keyed[x] = name
    keyed[0.0] = "zero again"
    print(len(keyed), "keys;", sum(1 for k in keyed if k != k), "nan keys")

    print(f"fsum {fsum.hex()} naive-fsum {(naive - fsum).hex()} kahan-fsum {(kahan - fsum).hex()}")
    for i, row in enumerate(derived):
        print(f"{i:2} {' '.join(x.hex() for x in row)}")
    print("derived digest", hashlib.sha256(canon(derived)).hexdigest())
    for key, name in keyed.items():
        print(f"keyed {key.hex()} -> {name}")
    print("keyed digest", hashlib.sha256(canon(keyed)).hexdigest())


main()
