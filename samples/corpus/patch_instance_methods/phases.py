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
