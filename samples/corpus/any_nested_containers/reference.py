import hashlib
import struct

SEEDS = 20


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon(v):
    """The runtime codec's canonical encoding, written out in Python."""
    if v is None:
        return b"\x00"
    if isinstance(v, bool):
        return b"\x02" if v else b"\x01"
    if isinstance(v, int):
        raw = b"" if v == 0 else v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True)
        return b"\x03" + leb(len(raw)) + raw
    if isinstance(v, float):
        return b"\x04" + (b"\x7f\xf8" + bytes(6) if v != v else struct.pack(">d", v))
    if isinstance(v, str):
        raw = v.encode()
        return b"\x05" + leb(len(raw)) + raw
    if isinstance(v, bytes):
        return b"\x06" + leb(len(v)) + v
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    if isinstance(v, dict):
        return b"\x09" + leb(len(v)) + b"".join(canon(k) + canon(x) for k, x in v.items())
    items = sorted(set(map(canon, v)))
    return (b"\x0b" if isinstance(v, frozenset) else b"\x0a") + leb(len(items)) + b"".join(items)


def digest(v):
    return hashlib.sha256(canon(v)).hexdigest()


def collatz(seed):
    path = [seed]
    n = seed
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        path.append(n)
    return path


def shape(v):
    if v is None:
        return "N"
    if isinstance(v, bool):
        return "b"
    if isinstance(v, int):
        return "i"
    if isinstance(v, str):
        return "s"
    if isinstance(v, tuple):
        return "(" + ",".join(shape(x) for x in v) + ")"
    if isinstance(v, list):
        return "[" + ",".join(sorted(set(shape(x) for x in v))) + "]*" + str(len(v))
    if isinstance(v, dict):
        return "{" + ",".join(f"{k}:{shape(x)}" for k, x in v.items()) + "}"
    if isinstance(v, frozenset):
        return "F" + str(len(v))
    if isinstance(v, set):
        return "S" + str(len(v))
    raise TypeError(type(v).__name__)


def show(v):
    """How the Rust side displays ints, lists, tuples and frozensets."""
    if isinstance(v, tuple):
        return "(" + ", ".join(map(show, v)) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list):
        return "[" + ", ".join(map(show, v)) + "]"
    if isinstance(v, frozenset):
        return "frozenset({" + ", ".join(map(show, sorted(v, key=canon))) + "})"
    return str(v)


def main():
    seeds = {}
    peaks, lengths = set(), set()
    for seed in range(1, SEEDS + 1):
        path = collatz(seed)
        steps, peak = len(path) - 1, max(path)
        seeds[seed] = {
            "steps": steps,
            "peak": peak,
            "head": tuple(path[:3]),
            "path": path,
            "odd": seed % 2 == 1,
            "note": None if peak == seed else f"rises x{peak // seed}",
        }
        peaks.add(peak)
        lengths.add(steps)
    meta = ("collatz", SEEDS, None, True)
    doc = {"meta": meta, "seeds": seeds, "peaks": peaks, "lengths": frozenset(lengths)}
    print("doc digest", digest(doc))

    print("top", shape({k: v for k, v in doc.items() if k != "seeds"}))
    for seed, info in doc["seeds"].items():
        print(f"seed {seed:2d} {shape(info)}")
    by_steps = {}
    for seed, info in doc["seeds"].items():
        by_steps.setdefault(info["steps"], []).append(seed)
    inverted = {steps: tuple(group) for steps, group in sorted(by_steps.items())}
    rising = [seed for seed, info in doc["seeds"].items() if info["note"] is not None]
    record = {
        "inverted": inverted,
        "echo": [doc["meta"], list(doc["meta"]), None],
        "rising": rising,
        "peaks": sorted(doc["peaks"] - {1}),
        "shared": doc["lengths"] & frozenset(doc["peaks"]),
        "odd_heads": [info["head"] for info in doc["seeds"].values() if info["odd"]],
    }

    print("record digest", digest(record))
    for name, value in record.items():
        if name == "inverted":
            for steps, group in value.items():
                print(f"steps {steps}: ({', '.join(map(str, group))})")
        elif name == "echo":
            print("meta round-trips:", "true" if value[0] == meta else "false")
            print("echo shapes:", len(value))
        else:
            print(f"{name} = {show(value)}")


main()
