PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


class Body:
    def __init__(self, name, **fields):
        self.name = name
        for field, value in fields.items():
            setattr(self, field, value)


bodies = []
for name, (pos, vel, mass) in catalogue.items():
    fields = {f"{axis}": p for axis, p in zip(axes, pos)}
    fields.update({f"v{axis}": v * DAYS_PER_YEAR for axis, v in zip(axes, vel)})
    bodies.append(Body(name, m=mass * SOLAR_MASS, **fields))

momentum = {}
for axis in axes:
    p = 0.0
    for b in bodies:
        p -= getattr(b, "v" + axis) * b.m
    momentum[axis] = p
centre = next(b for b in bodies if b.name == anchor)
for axis in axes:
    setattr(centre, "v" + axis, momentum[axis] / centre.m)

print("bodies:", " ".join(b.name for b in bodies))
print("momentum offset:", " ".join(f"p{axis}={momentum[axis]!r}" for axis in axes))
state = [tuple(getattr(b, f) for f in ("x", "y", "z", "vx", "vy", "vz", "m")) for b in bodies]
names = [b.name for b in bodies]
