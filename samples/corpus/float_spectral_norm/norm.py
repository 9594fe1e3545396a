import math


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

stats = {name: REDUCERS[name](u, v) for name in wanted}
norm = math.sqrt(stats["vBv"] / stats["vv"])
print(f"n={n:<4} spectral norm {norm:.9f} repr {norm!r}")
print("        " + " ".join(f"{name}={value!r}" for name, value in stats.items()))
print(f"        v[0]={v[0]!r} v[-1]={v[-1]!r} u[{n // 2}]={u[n // 2]!r}")
