def expected(phase, i, w, h):
    own = i % 3 == 0
    if phase == 1 or (phase == 2 and not own):
        return 2 * (w + h)
    if phase in (2, 3) and own:
        return w * h * 10 + i
    return w * h


w, h = 3, 5
rects_dims = []
for _ in range(8):
    rects_dims.append((w, h))
    w, h = h % 11 + 1, (w * 7 + h) % 13 + 1
dims = rects_dims

import types


class Rect:
    def __init__(self, index, w, h):
        self.index, self.w, self.h = index, w, h

    def measure(self):
        return self.w * self.h


def perimeter(self):
    return 2 * (self.w + self.h)


def tagged_area(self):
    return self.w * self.h * 10 + self.index


rects = [Rect(i, w, h) for i, (w, h) in enumerate(dims)]
original = Rect.measure
phases = [[r.measure() for r in rects]]

Rect.measure = perimeter
phases.append([r.measure() for r in rects])

for r in rects[::3]:
    r.measure = types.MethodType(tagged_area, r)
phases.append([r.measure() for r in rects])
print("patched instances:", [r.index for r in rects if "measure" in vars(r)])
print("bound to:", rects[0].measure.__func__.__name__, rects[1].measure.__func__.__name__, rects[0].measure.__self__ is rects[0])

Rect.measure = original
phases.append([r.measure() for r in rects])

for r in rects:
    if "measure" in vars(r):
        del r.measure
phases.append([r.measure() for r in rects])
print("unbound call on class:", Rect.measure(rects[2]), "| patched method names:", sorted({f.__name__ for f in (original, perimeter, tagged_area)}))

for phase, row in enumerate(phases):
    ok = all(v == expected(phase, i, w, h) for i, (v, (w, h)) in enumerate(zip(row, rects_dims)))
    print(f"phase {phase}: {row} {'as expected' if ok else 'UNEXPECTED'}")
