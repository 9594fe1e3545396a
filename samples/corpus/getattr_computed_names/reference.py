KINDS = ["temp", "hum", "wind", "rain"]
M64 = 2**64

state = 20240601
readings = []
kept = []
for i in range(24):
    state = (state * 6364136223846793005 + 1442695040888963407) % M64
    value = (state >> 33) % 1000 - 200
    kind = KINDS[i % len(KINDS)]
    readings.append((f"{kind}_{i // len(KINDS)}", value))
    if value % 2 == 0:
        kept.append((kind, value))
kinds = KINDS

class Station:
    unit = "si"

    def describe(self):
        return f"{len(vars(self))} readings"


station = Station()
for name, value in readings:
    setattr(station, name, value)
print(station.describe(), "| class attr via getattr:", getattr(station, "unit"))

for name, value in readings:
    if value % 2:
        delattr(station, name)
print("after deleting odd readings:", station.describe())

probes = [f"{kind}_{i}" for kind in kinds for i in (0, 5, 9)]
print("probes:", " ".join(f"{p}={'y' if hasattr(station, p) else 'n'}" for p in probes))
print("defaults:", [getattr(station, p, None) for p in probes[:6]])
try:
    getattr(station, "temp_99")
except AttributeError as e:
    print("AttributeError:", e)

summary = {}
for kind in kinds:
    values = [getattr(station, n) for n in vars(station) if n.startswith(kind + "_")]
    summary[kind] = (len(values), sum(values), max(values) if values else None)
kind_set = {n.split("_")[0] for n in vars(station)}
print("kinds in set order:", " ".join(kind_set))
remaining = list(vars(station))

for kind, stats in summary.items():
    mine = [v for k, v in kept if k == kind]
    expected = (len(mine), sum(mine), max(mine) if mine else None)
    print(f"{kind:>5}: {stats} {'agrees' if stats == expected else 'DIFFERS'}")
print("vars order:", ",".join(remaining))
