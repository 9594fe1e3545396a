"""The outer planets as a naive n-body simulation.

Positions, velocities and masses live in flat float lists; the integrator
and the energy are typed float kernels (static). Bodies are declared through
a dataclass-like metaclass-free registry built with `type()` and `**kwargs`
(dynamic).
"""

import math

PI = 3.141592653589793
SOLAR_MASS = 4 * PI * PI
DAYS_PER_YEAR = 365.24


def energy(pos: list[float], vel: list[float], mass: list[float], n: int) -> float:
    e = 0.0
    for i in range(n):
        vx = vel[3 * i]
        vy = vel[3 * i + 1]
        vz = vel[3 * i + 2]
        e += 0.5 * mass[i] * (vx * vx + vy * vy + vz * vz)
        for j in range(i + 1, n):
            dx = pos[3 * i] - pos[3 * j]
            dy = pos[3 * i + 1] - pos[3 * j + 1]
            dz = pos[3 * i + 2] - pos[3 * j + 2]
            e -= (mass[i] * mass[j]) / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(pos0: list[float], vel0: list[float], mass: list[float], n: int, dt: float, steps: int) -> list[float]:
    """Returns positions then velocities after `steps` steps (inputs untouched)."""
    pos = [0.0] * (3 * n)
    vel = [0.0] * (3 * n)
    for k in range(3 * n):
        pos[k] = pos0[k]
        vel[k] = vel0[k]
    for _ in range(steps):
        for i in range(n):
            for j in range(i + 1, n):
                dx = pos[3 * i] - pos[3 * j]
                dy = pos[3 * i + 1] - pos[3 * j + 1]
                dz = pos[3 * i + 2] - pos[3 * j + 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * math.sqrt(d2))
                bm = mass[j] * mag
                vel[3 * i] -= dx * bm
                vel[3 * i + 1] -= dy * bm
                vel[3 * i + 2] -= dz * bm
                bm = mass[i] * mag
                vel[3 * j] += dx * bm
                vel[3 * j + 1] += dy * bm
                vel[3 * j + 2] += dz * bm
        for i in range(n):
            pos[3 * i] += dt * vel[3 * i]
            pos[3 * i + 1] += dt * vel[3 * i + 1]
            pos[3 * i + 2] += dt * vel[3 * i + 2]
    return pos + vel


def offset_momentum(vel: list[float], mass: list[float], n: int) -> list[float]:
    px = 0.0
    py = 0.0
    pz = 0.0
    for i in range(n):
        px += vel[3 * i] * mass[i]
        py += vel[3 * i + 1] * mass[i]
        pz += vel[3 * i + 2] * mass[i]
    return [-px / SOLAR_MASS, -py / SOLAR_MASS, -pz / SOLAR_MASS]


def body_class(type_name, **fields):
    """A tiny record type made at run time."""
    def init(self, **values):
        for key in fields:
            setattr(self, key, values.get(key, fields[key]))
    return type(type_name, (), {"__init__": init, "__repr__": lambda self: f"{type_name}({self.name})"})


Body = body_class("Body", name="?", x=0.0, y=0.0, z=0.0, vx=0.0, vy=0.0, vz=0.0, m=0.0)
bodies = [
    Body(name="sun", m=SOLAR_MASS),
    Body(name="jupiter", x=4.84143144246472090e00, y=-1.16032004402742839e00, z=-1.03622044471123109e-01,
         vx=1.66007664274403694e-03 * DAYS_PER_YEAR, vy=7.69901118419740425e-03 * DAYS_PER_YEAR,
         vz=-6.90460016972063023e-05 * DAYS_PER_YEAR, m=9.54791938424326609e-04 * SOLAR_MASS),
    Body(name="saturn", x=8.34336671824457987e00, y=4.12479856412430479e00, z=-4.03523417114321381e-01,
         vx=-2.76742510726862411e-03 * DAYS_PER_YEAR, vy=4.99852801234917238e-03 * DAYS_PER_YEAR,
         vz=2.30417297573763929e-05 * DAYS_PER_YEAR, m=2.85885980666130812e-04 * SOLAR_MASS),
    Body(name="uranus", x=1.28943695621391310e01, y=-1.51111514016986312e01, z=-2.23307578892655734e-01,
         vx=2.96460137564761618e-03 * DAYS_PER_YEAR, vy=2.37847173959480950e-03 * DAYS_PER_YEAR,
         vz=-2.96589568540237556e-05 * DAYS_PER_YEAR, m=4.36624404335156298e-05 * SOLAR_MASS),
    Body(name="neptune", x=1.53796971148509165e01, y=-2.59193146099879641e01, z=1.79258772950371181e-01,
         vx=2.68067772490389322e-03 * DAYS_PER_YEAR, vy=1.62824170038242295e-03 * DAYS_PER_YEAR,
         vz=-9.51592254519715870e-05 * DAYS_PER_YEAR, m=5.15138902046611451e-05 * SOLAR_MASS),
]
n = len(bodies)
pos = [getattr(b, axis) for b in bodies for axis in ("x", "y", "z")]
vel = [getattr(b, axis) for b in bodies for axis in ("vx", "vy", "vz")]
mass = [b.m for b in bodies]
vel[0:3] = offset_momentum(vel, mass, n)
print(bodies[1], f"{energy(pos, vel, mass, n):.9f}")
for steps in (1000, 20000, 100000):
    state = advance(pos, vel, mass, n, 0.01, steps)
    print(steps, f"{energy(state[:3 * n], state[3 * n:], mass, n):.9f}", state[3], state[-1])
