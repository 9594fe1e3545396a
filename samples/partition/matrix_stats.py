"""Dense linear algebra on flat float lists: products, Gaussian elimination,
least squares and summary statistics (static), configured by a dataclass
whose fields are read back with `dataclasses.fields` and `getattr` (dynamic).
"""

import dataclasses
import math


def matmul(a: list[float], b: list[float], n: int) -> list[float]:
    out = [0.0] * (n * n)
    for i in range(n):
        for j in range(n):
            total = 0.0
            for k in range(n):
                total += a[i * n + k] * b[k * n + j]
            out[i * n + j] = total
    return out


def determinant(m: list[float], n: int) -> float:
    a = [0.0] * (n * n)
    for k in range(n * n):
        a[k] = m[k]
    det = 1.0
    for col in range(n):
        pivot = col
        best = abs(a[col * n + col])
        for row in range(col + 1, n):
            if abs(a[row * n + col]) > best:
                best = abs(a[row * n + col])
                pivot = row
        if best == 0.0:
            return 0.0
        if pivot != col:
            for k in range(n):
                t = a[col * n + k]
                a[col * n + k] = a[pivot * n + k]
                a[pivot * n + k] = t
            det = -det
        det *= a[col * n + col]
        for row in range(col + 1, n):
            factor = a[row * n + col] / a[col * n + col]
            for k in range(col, n):
                a[row * n + k] -= factor * a[col * n + k]
    return det


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = len(xs)
    sx = 0.0
    sy = 0.0
    sxx = 0.0
    sxy = 0.0
    for i in range(n):
        sx += xs[i]
        sy += ys[i]
        sxx += xs[i] * xs[i]
        sxy += xs[i] * ys[i]
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return slope, (sy - slope * sx) / n


def stddev(xs: list[float]) -> float:
    n = len(xs)
    mean = 0.0
    for x in xs:
        mean += x
    mean /= n
    acc = 0.0
    for x in xs:
        acc += (x - mean) ** 2
    return math.sqrt(acc / (n - 1))


def hilbert(n: int) -> list[float]:
    out = [0.0] * (n * n)
    for i in range(n):
        for j in range(n):
            out[i * n + j] = 1.0 / (i + j + 1)
    return out


@dataclasses.dataclass
class Config:
    size: int = 6
    samples: int = 40
    noise: float = 0.125

    def describe(self):
        return ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(self))


cfg = Config(size=7)
print("config:", cfg.describe())
h = hilbert(cfg.size)
print("det(hilbert):", determinant(h, cfg.size), repr(determinant(matmul(h, h, cfg.size), cfg.size)))
xs = [i * 0.5 for i in range(cfg.samples)]
ys = [3.0 * x - 2.0 + cfg.noise * ((i * 7) % 5 - 2) for i, x in enumerate(xs)]
print("fit:", linear_fit(xs, ys), "stddev:", stddev(ys))
print("singular:", determinant([1.0, 2.0, 2.0, 4.0], 2), "swap:", determinant([0.0, 1.0, 1.0, 0.0], 2))
