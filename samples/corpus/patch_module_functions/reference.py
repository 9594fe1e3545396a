points = [((i * i * 5) % 17 - 8, (i * 11 + 3) % 19 - 9) for i in range(9)]
euclid2 = [(p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 for p, q in zip(points, points[1:])]
manhattan_expected = [abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in zip(points, points[1:])]

import contextlib
import json
import sys
import types

geometry = types.ModuleType("geometry", "Distances between lattice points.")
exec(
    "def dist2(p, q):\n"
    "    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2\n"
    "def path(points):\n"
    "    return [dist2(p, q) for p, q in zip(points, points[1:])]\n",
    geometry.__dict__,
)
sys.modules["geometry"] = geometry
import geometry as late_ref  # noqa: E402
from geometry import dist2 as early_dist2  # noqa: E402


@contextlib.contextmanager
def patched(module, name, replacement):
    saved = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield saved
    finally:
        setattr(module, name, saved)


def manhattan(p, q):
    return abs(p[0] - q[0]) + abs(p[1] - q[1])


pairs = list(zip(points, points[1:]))
with patched(geometry, "dist2", manhattan) as saved:
    late = late_ref.path(points)
    early = [early_dist2(p, q) for p, q in pairs]
    print("inside:", geometry.dist2.__name__, saved.__name__, sys.modules["geometry"].dist2 is manhattan)
restored = geometry.path(points)
print("after:", geometry.dist2.__name__, geometry.dist2 is early_dist2)

calls = []
real_dumps = json.dumps


def sorted_dumps(obj, **kwargs):
    calls.append(sorted(kwargs))
    return real_dumps(obj, **{**kwargs, "sort_keys": True, "separators": (",", ":")})


summary = {"zeta": len(points), "alpha": sum(restored), "mid": {"b": 2, "a": [1, 2]}}
with patched(json, "dumps", sorted_dumps):
    dumped = json.dumps(summary, ensure_ascii=False)
print("plain:", json.dumps(summary), "| patch calls:", calls, "| restored:", json.dumps is real_dumps)
del sys.modules["geometry"]

for name, got, mine in [("late", late, manhattan_expected), ("early", early, euclid2), ("restored", restored, euclid2)]:
    print(f"{name:>8}: {got} {'matches rust' if got == mine else 'DIFFERS'}")
print("dumped", dumped)
