"""Spectral norm of the infinite matrix A(i, j) = 1 / ((i + j)(i + j + 1)/2 + i + 1),
written naively, driven by a small experiment runner that configures itself
through keyword plumbing and attribute lookup.
"""

import math


def eval_a(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mult_av(v: list[float], n: int) -> list[float]:
    out = [0.0] * n
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(i, j) * v[j]
        out[i] = total
    return out


def mult_atv(v: list[float], n: int) -> list[float]:
    out = [0.0] * n
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_a(j, i) * v[j]
        out[i] = total
    return out


def mult_atav(v: list[float], n: int) -> list[float]:
    return mult_atv(mult_av(v, n), n)


def spectral_norm(n: int, rounds: int) -> float:
    u = [1.0] * n
    v = [0.0] * n
    for _ in range(rounds):
        v = mult_atav(u, n)
        u = mult_atav(v, n)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    return math.sqrt(vbv / vv)


class Experiment:
    defaults = {"n": 100, "rounds": 10}

    def __init__(self, **overrides):
        self.settings = {**self.defaults, **overrides}

    def __getattr__(self, name):
        try:
            return self.settings[name]
        except KeyError:
            raise AttributeError(name) from None

    def run(self):
        return spectral_norm(self.n, self.rounds)


def sweep(*sizes, **common):
    return [(size, Experiment(n=size, **common).run()) for size in sizes]


for size, norm in sweep(10, 100, 400, rounds=10):
    print(f"n={size:4d} spectral norm {norm!r} {norm:.9f}")
