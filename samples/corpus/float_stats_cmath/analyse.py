import cmath
import hashlib
import statistics
import struct

CANONICAL_NAN = bytes.fromhex("000000000000f87f")
STATISTICS = [
    ("mean", "x"), ("fmean", "x"), ("stdev", "x"), ("pstdev", "y"), ("variance", "y"), ("pvariance", "x"),
    ("geometric_mean", "x"), ("harmonic_mean", "x"), ("median", "y"), ("median_low", "x"), ("median_high", "x"),
    ("quantiles", "x"), ("correlation", "xy"), ("covariance", "xy"), ("linear_regression", "xy"),
]
CMATH = [
    "exp", "log", "log10", "sqrt", "phase", "polar", "sin", "cos", "tan", "sinh", "cosh", "tanh",
    "asin", "acos", "atan", "asinh", "acosh", "atanh",
]


def bits(x):
    return CANONICAL_NAN if x != x else struct.pack("<d", x)


def encode(r):
    if isinstance(r, complex):
        return bits(r.real) + bits(r.imag)
    if isinstance(r, tuple):
        return b"".join(map(encode, r))
    return bits(r)


def cmath_row(name, f, args):
    digest = hashlib.sha256()
    errors = 0
    for i, a in enumerate(args):
        try:
            digest.update(encode(f(*a)))
        except (ValueError, OverflowError) as e:
            errors += 1
            digest.update(f"{i}:{type(e).__name__};".encode())
    return (name, len(args), errors, digest.hexdigest())


columns = {"x": (xs,), "y": (ys,), "xy": (xs, ys)}
stats = []
for name, cols in STATISTICS:
    value = getattr(statistics, name)(*columns[cols])
    if isinstance(value, (list, tuple)):
        value = tuple(value)
    stats.append((name, value))

zs = [(complex(re, im),) for re, im in points]
table = [cmath_row(name, getattr(cmath, name), zs) for name in CMATH]
table.append(cmath_row("rect", cmath.rect, [(abs(re), im) for re, im in points]))
