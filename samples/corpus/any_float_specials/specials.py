import math
import struct

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
