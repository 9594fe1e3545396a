import hashlib
import math
import operator
from array import array

CHUNK = 4096
CANONICAL_NAN = bytes.fromhex("000000000000f87f")
ERRORS = (ArithmeticError, ValueError)


def function_named(name):
    return operator.pow if name == "pow" else getattr(math, name)


def evaluate(f, args):
    """Hashes f over the argument columns bit-exactly; errors and complex results become notes."""
    n = len(args[0])
    digest = hashlib.sha256()
    notes = []
    nans = infs = 0
    for start in range(0, n, CHUNK):
        chunk = [a[start:start + CHUNK] for a in args]
        try:
            res = list(map(f, *chunk))
            raw = array("d", res).tobytes()
        except (*ERRORS, TypeError):
            res = []
            for j, xs in enumerate(zip(*chunk), start):
                try:
                    r = f(*xs)
                except ERRORS as e:
                    notes.append(f"{j}:{type(e).__name__}")
                    r = math.nan
                if isinstance(r, complex):
                    notes.append(f"{j}:complex:{r.real.hex()}:{r.imag.hex()}")
                    r = math.nan
                res.append(r)
            raw = array("d", res).tobytes()
        k = sum(map(math.isnan, res))
        if k:
            raw = b"".join(CANONICAL_NAN if r != r else array("d", [r]).tobytes() for r in res)
        nans += k
        infs += sum(map(math.isinf, res))
        digest.update(raw)
    digest.update(";".join(notes).encode())
    return (n, nans, infs, len(notes), digest.hexdigest())



POOL = 100_000
TWO_M53 = 1.1102230246251565e-16
NAN = array("d", bytes.fromhex("000000000000f87f"))[0]
INF = math.inf


def lin(lo, hi):
    return ("lin", lo, hi)


def log(emin, emax, signed):
    return ("log", emin, emax, signed)


def ints(lo, hi):
    return ("int", lo, hi)


FULL = log(-1022, 1023, True)
UNIT = log(-1022, -1, True)

SPECS = [
    ("acos", [(60_000, [lin(-1.0, 1.0)]), (40_000, [UNIT])]),
    ("acosh", [(60_000, [lin(1.0, 20.0)]), (40_000, [log(0, 1023, False)])]),
    ("asin", [(60_000, [lin(-1.0, 1.0)]), (40_000, [UNIT])]),
    ("asinh", [(60_000, [lin(-20.0, 20.0)]), (40_000, [FULL])]),
    ("atan", [(60_000, [lin(-20.0, 20.0)]), (40_000, [FULL])]),
    ("atan2", [(60_000, [lin(-20.0, 20.0), lin(-20.0, 20.0)]), (40_000, [FULL, FULL])]),
    ("atanh", [(60_000, [lin(-1.0, 1.0)]), (40_000, [UNIT])]),
    ("cbrt", [(60_000, [lin(-1000.0, 1000.0)]), (40_000, [FULL])]),
    ("cos", [(60_000, [lin(-10.0, 10.0)]), (40_000, [FULL])]),
    ("cosh", [(60_000, [lin(-20.0, 20.0)]), (40_000, [log(-1022, 9, True)])]),
    ("erf", [(60_000, [lin(-6.0, 6.0)]), (40_000, [log(-1022, 4, True)])]),
    ("erfc", [(60_000, [lin(-6.0, 30.0)]), (40_000, [log(-1022, 5, True)])]),
    ("exp", [(60_000, [lin(-745.0, 709.0)]), (40_000, [log(-1022, 9, True)])]),
    ("exp2", [(60_000, [lin(-1074.0, 1023.0)]), (40_000, [log(-1022, 10, True)])]),
    ("expm1", [(60_000, [lin(-40.0, 709.0)]), (40_000, [log(-1022, 9, True)])]),
    ("hypot", [(60_000, [lin(-1000.0, 1000.0), lin(-1000.0, 1000.0)]), (40_000, [FULL, FULL])]),
    ("log", [(60_000, [lin(0.0, 100.0)]), (40_000, [log(-1022, 1023, False)])]),
    ("log10", [(60_000, [lin(0.0, 100.0)]), (40_000, [log(-1022, 1023, False)])]),
    ("log1p", [(60_000, [lin(-1.0, 100.0)]), (40_000, [log(-1022, 1023, False)])]),
    ("log2", [(60_000, [lin(0.0, 100.0)]), (40_000, [log(-1022, 1023, False)])]),
    (
        "pow",
        [
            (40_000, [lin(0.0, 10.0), lin(-30.0, 30.0)]),
            (20_000, [lin(-10.0, 10.0), ints(-30, 30)]),
            (40_000, [log(-1022, 1023, False), log(-12, 0, True)]),
        ],
    ),
    ("sin", [(60_000, [lin(-10.0, 10.0)]), (40_000, [FULL])]),
    ("sinh", [(60_000, [lin(-20.0, 20.0)]), (40_000, [log(-1022, 9, True)])]),
    ("tan", [(60_000, [lin(-10.0, 10.0)]), (40_000, [FULL])]),
    ("tanh", [(60_000, [lin(-20.0, 20.0)]), (40_000, [FULL])]),
]

EDGES = [
    0.0, -0.0, INF, -INF, NAN,
    5e-324, -5e-324, 1e-320, 2.225073858507201e-308, 2.2250738585072014e-308, -2.2250738585072014e-308,
    1.7976931348623157e308, -1.7976931348623157e308, 1e-300, 1e-16, 1e300, 1e22, 9007199254740992.0,
    1.0, 0.5, -0.5, 2.0, -2.0, 6.0, 22.0, 27.0, 1024.0, -1074.0, -1075.0,
    0.9999999999999999, -0.9999999999999999, 1.0000000000000002,
    3.141592653589793, 1.5707963267948966, -1.5707963267948966, 2.718281828459045,
    709.782712893384, 709.7827128933841, 710.0, -708.3964185322641, -745.1332191019411, -745.1332191019412, -746.0,
]

EDGES2 = [
    0.0, -0.0, INF, -INF, NAN, 5e-324, 1.0, -1.0,
    0.5, -2.0, 3.0, -3.0, 1e308, 1e-308, 0.3333333333333333, -8.0,
]


def lcg(state, increment, n):
    out = []
    for _ in range(n):
        state = (state * 6364136223846793005 + increment) & 0xFFFFFFFFFFFFFFFF
        out.append(state)
    return out


def column(dom, ts, vs):
    if dom[0] == "lin":
        lo, hi = dom[1], dom[2]
        w = hi - lo
        return [lo + w * t for t in ts]
    if dom[0] == "log":
        emin, span, signed = dom[1], dom[2] - dom[1] + 1, dom[3]
        xs = [math.ldexp(1.0 + t, emin + (v >> 32) % span) for t, v in zip(ts, vs)]
        if signed:
            xs = [-x if (v >> 31) & 1 else x for x, v in zip(xs, vs)]
        return xs
    lo, span = dom[1], dom[2] - dom[1] + 1
    return [float(lo + (v >> 32) % span) for v in vs]


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
    if isinstance(v, int):
        raw = v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True) if v else b""
        return b"\x03" + leb(len(raw)) + raw
    if isinstance(v, str):
        raw = v.encode()
        return b"\x05" + leb(len(raw)) + raw
    if isinstance(v, bytes):
        return b"\x06" + leb(len(v)) + v
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    raise TypeError(type(v).__name__)


def main():
    ts = [(u >> 11) * TWO_M53 for u in lcg(0x5EED_0001, 1442695040888963407, POOL)]
    vs = lcg(0x5EED_0002, 0x9E3779B97F4A7C15, POOL)
    ts_back, vs_back = ts[::-1], vs[::-1]
    inputs = []
    total = 0
    for name, blocks in SPECS:
        arity = len(blocks[0][1])
        if arity == 1:
            columns = [list(EDGES)]
        else:
            columns = [[a for a in EDGES2 for b in EDGES2], [b for a in EDGES2 for b in EDGES2]]
        i = 0
        for count, doms in blocks:
            for a, dom in enumerate(doms):
                # The second argument walks the pools backwards.
                t_pool, v_pool = (ts, vs) if a == 0 else (ts_back, vs_back)
                columns[a] += column(dom, t_pool[i:i + count], v_pool[i:i + count])
            i += count
        total += len(columns[0])
        inputs.append((name, [array("d", c).tobytes() for c in columns]))
    print(f"inputs: {len(SPECS)} functions, {total} argument tuples, digest {hashlib.sha256(canon(inputs)).hexdigest()}")

    table = []
    for name, blobs in inputs:
        columns = [array("d", blob) for blob in blobs]
        table.append((name, *evaluate(function_named(name), columns)))
    for name, n, nans, infs, notes, digest in table:
        print(f"{name:<6} n={n} nan={nans} inf={infs} notes={notes} sha256={digest}")
    print(f"table digest {hashlib.sha256(canon(table)).hexdigest()}")


main()
