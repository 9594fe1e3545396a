import math

PI = 3.14159265358979323
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24
STEPS = 300_000
CHECKPOINTS = 10
DT = 0.01

CATALOGUE = {
    "sun": ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 1.0),
    "jupiter": (
        [4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01],
        [1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05],
        9.54791938424326609e-04,
    ),
    "saturn": (
        [8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01],
        [-2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05],
        2.85885980666130812e-04,
    ),
    "uranus": (
        [1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01],
        [2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05],
        4.36624404335156298e-05,
    ),
    "neptune": (
        [1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01],
        [2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05],
        5.15138902046611451e-05,
    ),
}


class Body:
    def __init__(self, name, **fields):
        self.name = name
        for field, value in fields.items():
            setattr(self, field, value)


def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        x1, y1, z1, vx1, vy1, vz1, m1 = bodies[i]
        for j in range(i + 1, n):
            x2, y2, z2, vx2, vy2, vz2, m2 = bodies[j]
            dx = x1 - x2
            dy = y1 - y2
            dz = z1 - z2
            e -= (m1 * m2) / math.sqrt(dx * dx + dy * dy + dz * dz)
    for x, y, z, vx, vy, vz, m in bodies:
        e += m * (vx * vx + vy * vy + vz * vz) / 2.0
    return e


def advance(state, dt, steps):
    pos = [[b[0], b[1], b[2]] for b in state]
    vel = [[b[3], b[4], b[5]] for b in state]
    mass = [b[6] for b in state]
    n = len(state)
    pairs = [(pos[i], vel[i], mass[i], pos[j], vel[j], mass[j]) for i in range(n) for j in range(i + 1, n)]
    bodies = list(zip(pos, vel))
    sqrt = math.sqrt
    for _ in range(steps):
        for p1, v1, m1, p2, v2, m2 in pairs:
            dx = p1[0] - p2[0]
            dy = p1[1] - p2[1]
            dz = p1[2] - p2[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = dt / (d2 * sqrt(d2))
            b1m = m1 * mag
            b2m = m2 * mag
            v1[0] -= dx * b2m
            v1[1] -= dy * b2m
            v1[2] -= dz * b2m
            v2[0] += dx * b1m
            v2[1] += dy * b1m
            v2[2] += dz * b1m
        for p, v in bodies:
            p[0] += dt * v[0]
            p[1] += dt * v[1]
            p[2] += dt * v[2]
    return [(p[0], p[1], p[2], v[0], v[1], v[2], m) for p, v, m in zip(pos, vel, mass)]


def main():
    axes = "xyz"
    bodies = []
    for name, (pos, vel, mass) in CATALOGUE.items():
        fields = {f"{axis}": p for axis, p in zip(axes, pos)}
        fields.update({f"v{axis}": v * DAYS_PER_YEAR for axis, v in zip(axes, vel)})
        bodies.append(Body(name, m=mass * SOLAR_MASS, **fields))

    momentum = {}
    for axis in axes:
        p = 0.0
        for b in bodies:
            p -= getattr(b, "v" + axis) * b.m
        momentum[axis] = p
    centre = next(b for b in bodies if b.name == "sun")
    for axis in axes:
        setattr(centre, "v" + axis, momentum[axis] / centre.m)

    print("bodies:", " ".join(b.name for b in bodies))
    print("momentum offset:", " ".join(f"p{axis}={momentum[axis]!r}" for axis in axes))
    state = [tuple(getattr(b, f) for f in ("x", "y", "z", "vx", "vy", "vz", "m")) for b in bodies]
    names = [b.name for b in bodies]

    checkpoints = [(0, energy(state))]
    chunk = STEPS // CHECKPOINTS
    for k in range(1, CHECKPOINTS + 1):
        state = advance(state, DT, chunk)
        checkpoints.append((k * chunk, energy(state)))
    final = [row[:6] for row in state]

    for step, e in checkpoints:
        print(f"step {step:>7} energy {e!r}")
    first, last = checkpoints[0][1], checkpoints[-1][1]
    print(f"drift {last - first!r} relative {(last - first) / abs(first):.3e}")
    for name, row in zip(names, final):
        print(f"{name:<8}", " ".join(f"{field}={value!r}" for field, value in zip(("x", "y", "z", "vx", "vy", "vz"), row)))


main()
