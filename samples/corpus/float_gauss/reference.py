import hashlib
import random
import struct

SEED = 20_240_601
COUNT = 20_000
BINS = 16
PLAN = [
    ("gauss", (0.0, 1.0)),
    ("normalvariate", (10.0, 2.5)),
    ("expovariate", (1.5,)),
    ("lognormvariate", (0.0, 0.5)),
    ("vonmisesvariate", (1.0, 4.0)),
    ("gammavariate", (2.0, 1.0)),
    ("gammavariate", (0.5, 2.0)),
    ("betavariate", (2.0, 5.0)),
    ("weibullvariate", (1.0, 1.5)),
    ("paretovariate", (3.0,)),
    ("triangular", (0.0, 1.0, 0.3)),
]


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon_floats(xs):
    """The runtime codec's canonical encoding of a list of floats."""
    return b"\x07" + leb(len(xs)) + b"".join(b"\x04" + struct.pack(">d", x) for x in xs)


def main():
    draws = {}
    for k, (method, args) in enumerate(PLAN):
        rng = random.Random(SEED + k)
        sample = getattr(rng, method)
        values = [sample(*args) for _ in range(COUNT)]
        label = f"{method}{tuple(args)!r}"
        print(f"{label:<34} first {values[0]!r} {values[1]!r} {values[2]!r}")
        draws[label] = values

    for label, xs in draws.items():
        n, mean, m2 = 0, 0.0, 0.0
        lo, hi = xs[0], xs[0]
        for x in xs:
            n += 1
            delta = x - mean
            mean += delta / n
            m2 += delta * (x - mean)
            if x < lo:
                lo = x
            if x > hi:
                hi = x
        variance = m2 / (n - 1)
        width = (hi - lo) / BINS
        hist = [0] * BINS
        for x in xs:
            t = (x - lo) / width
            hist[min(int(t), BINS - 1)] += 1
        ordered = sorted(xs)
        median = (ordered[n // 2 - 1] + ordered[n // 2]) / 2.0
        print(label)
        print(f"  n={n} mean={mean.hex()} var={variance.hex()} median={median.hex()}")
        print(f"  min={lo.hex()} max={hi.hex()} p01={ordered[n // 100].hex()} p99={ordered[n - n // 100 - 1].hex()}")
        print(f"  hist {' '.join(map(str, hist))}")
        print(f"  digest {hashlib.sha256(canon_floats(xs)).hexdigest()}")


main()
