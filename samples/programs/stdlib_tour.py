"""A tour of stdlib modules whose output must be the same bytes everywhere:
json, decimal, collections, functools, random (seeded), zlib, datetime, and
the iteration order of a set of strings (str hashing, hash seed 0)."""

import collections
import datetime
import decimal
import functools
import json
import random
import zlib

# json: sorted keys, floats by repr, unicode escaping, round trip.
doc = {"name": "tour", "pi": 3.141592653589793, "tiny": 1e-310, "items": [1, 2.5, None, True],
       "text": "héllo ✓", "nested": {"b": [], "a": {}}}
text = json.dumps(doc, sort_keys=True)
print("json", text)
print("json-indent", json.dumps(json.loads(text), indent=1, ensure_ascii=False).replace("\n", "|"))
assert json.loads(text) == doc

# decimal: exact arithmetic and context precision (libmpdec).
decimal.getcontext().prec = 40
d = decimal.Decimal(1) / decimal.Decimal(7)
print("decimal", d, d.sqrt(), (decimal.Decimal("1.1") + decimal.Decimal("2.2")), decimal.Decimal(2).ln())
print("decimal-quantize", decimal.Decimal("2.675").quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN))

# collections
words = "the quick brown fox jumps over the lazy dog the fox".split()
counter = collections.Counter(words)
print("counter", counter.most_common(4))
dq = collections.deque(range(10), maxlen=8)
dq.rotate(3)
print("deque", list(dq))
Point = collections.namedtuple("Point", "x y")
print("namedtuple", Point(1, 2), Point._make([3, 4])._asdict())
dd = collections.defaultdict(list)
for w in words:
    dd[len(w)].append(w)
print("defaultdict", sorted(dd.items()))
od = collections.OrderedDict.fromkeys("abcde")
od.move_to_end("b")
print("ordereddict", list(od))


# functools
@functools.lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print("fib", fib(90), fib.cache_info())
print("reduce", functools.reduce(lambda a, b: a * b + 1, range(1, 15)))
print("partial", functools.partial(int, base=2)("101101"))

# random: the Mersenne Twister with a fixed seed (no libm-dependent draws).
rng = random.Random(42)
print("random", [rng.random() for _ in range(3)])
print("randrange", [rng.randrange(1000) for _ in range(5)], rng.choice(words))
items = list(range(12))
rng.shuffle(items)
print("shuffle", items, rng.sample(range(100), 5), rng.getrandbits(64))

# zlib: checksums, compressed bytes and round trip.
data = ("".join(words) * 50).encode()
packed = zlib.compress(data, 9)
print("zlib", zlib.crc32(data), zlib.adler32(data), len(packed), packed[:24].hex())
assert zlib.decompress(packed) == data

# datetime: arithmetic and formatting without the local time zone.
t = datetime.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=datetime.timezone.utc)
delta = datetime.timedelta(days=400, seconds=12345, microseconds=7)
print("datetime", t.isoformat(), (t + delta).isoformat(), t.timestamp(), t.strftime("%Y-%m-%d %H:%M:%S %j"))
print("date", datetime.date(2000, 1, 1).toordinal(), datetime.date.fromisoformat("2023-12-31").isocalendar())

# A set of strings: iteration order follows str hashing (SipHash-1-3, seed 0).
print("set", list({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}))
