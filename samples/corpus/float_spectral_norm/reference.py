import math

SIZES = [10, 100, 400]
ITERATIONS = 10
WANTED = ["vBv", "vv", "uu"]


def a_times(u):
    n = len(u)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1) * u[j]
        out.append(s)
    return out


def at_times(u):
    n = len(u)
    out = []
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += 1.0 / ((j + i) * (j + i + 1) // 2 + j + 1) * u[j]
        out.append(s)
    return out


def ata_times(u):
    return at_times(a_times(u))


def dot(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s


REDUCERS = {
    "vBv": lambda u, v: dot(u, v),
    "vv": lambda u, v: dot(v, v),
    "uu": lambda u, v: dot(u, u),
}


def main():
    for n in SIZES:
        u = [1.0] * n
        for _ in range(ITERATIONS):
            v = ata_times(u)
            u = ata_times(v)
        stats = {name: REDUCERS[name](u, v) for name in WANTED}
        norm = math.sqrt(stats["vBv"] / stats["vv"])
        print(f"n={n:<4} spectral norm {norm:.9f} repr {norm!r}")
        print("        " + " ".join(f"{name}={value!r}" for name, value in stats.items()))
        print(f"        v[0]={v[0]!r} v[-1]={v[-1]!r} u[{n // 2}]={u[n // 2]!r}")


main()
