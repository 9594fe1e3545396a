"""Every semantic trap of generated code, as ordinary typed functions.

Each typed function below is static (the report at the end stays Python): `cargo xtask partition --differential` checks
it against CPython on random and edge inputs, and the program prints a table
of results that must match the original byte for byte.
"""

import math


def true_div(a: int, b: int) -> float:
    return a / b


def floor_ops(a: int, b: int) -> tuple[int, int]:
    return a // b, a % b


def int_divmod(a: int, b: int) -> tuple[int, int]:
    return divmod(a, b)


def float_floor_ops(x: float, y: float) -> tuple[float, float]:
    return x // y, x % y


def float_divmod(x: float, y: float) -> tuple[float, float]:
    return divmod(x, y)


def mixed(a: int, x: float) -> float:
    return a * x + a / 3 - x * 2


def power_int(a: int) -> int:
    return a ** 3 + a ** 0


def power_float(x: float) -> float:
    return x ** 2 + x ** -1.0


def power_neg(a: int) -> float:
    return a ** -2.0


def compare_exact(a: int, x: float) -> tuple[bool, bool, bool]:
    return a == x, a < x, x <= a


def chained(a: int, b: int, c: int) -> bool:
    return a < b <= c != a


def bool_ops(a: int, b: int) -> int:
    return (a and b) or (a - b)


def shifts(a: int, n: int) -> tuple[int, int, int]:
    return a << (n % 70), a >> (n % 70), (a & n) ^ (a | ~n)


def rounding(x: float) -> tuple[int, int, int, int]:
    return round(x), int(x), math.floor(x), math.ceil(x)


def to_float(a: int) -> float:
    return float(a)


def reprs(x: float, a: int) -> str:
    return str(x) + "|" + str(a) + "|" + str(x * 10.0) + "|" + str(-x) + "|" + str(x > 0.5)


def maths(x: float) -> tuple[float, float, float, float]:
    return math.sqrt(x), math.exp(x), math.log(x), math.sin(x)


def math_more(x: float, y: float) -> tuple[float, float, float]:
    return math.pow(x, y), math.atan(x), math.fabs(y)


def minmax(x: float, y: float, z: float) -> tuple[float, float]:
    return min(x, y, z), max(x, y, z)


def text_ops(s: str, t: str) -> tuple[int, str, bool, bool]:
    return len(s + t), s[0] if s else t, s < t, s in t


def list_ops(xs: list[int], k: int) -> list[int]:
    ys = xs + [k]
    zs = ys * 2
    zs[k % len(zs)] = -k
    zs.append(len(xs))
    total = 0
    for v in zs:
        total += v
    zs.append(total)
    return zs


def indexing(xs: list[float], i: int) -> float:
    return xs[i] + xs[-1]


def aug_order(xs: list[int], i: int) -> list[int]:
    ys = [0] * 4
    ys[i % 4] += xs[0] if xs else 7
    return ys


def formatted(x: float, n: int, s: str, b: bool) -> str:
    return f"{x:.3f}|{n:>6}|{x!r}|{n:,}|{x:e}|{s!a}|{s:^9}|{b}|{x:%}|{n:#x}"


def rounded(x: float, n: int) -> tuple[float, float, int]:
    return round(x, n % 12 - 4), round(x, 2), round(n, -2)


def ordered(xs: list[int], words: list[str]) -> tuple[int, str]:
    ys = sorted(xs)
    ws = sorted(words)
    return (ys[0] if ys else -1), (ws[-1] if ws else "")


cases = [
    ("true_div", true_div(2**60 + 1, 3), true_div(-7, 2), true_div(10**30, 7)),
    ("floor_ops", floor_ops(7, -2), floor_ops(-7, 2), floor_ops(2**64, -3)),
    ("int_divmod", int_divmod(-2**63, -1), int_divmod(17, 5)),
    ("float_floor_ops", float_floor_ops(1.0, 0.1), float_floor_ops(-0.0, 5.0), float_floor_ops(-1.0, 3.0)),
    ("float_divmod", float_divmod(7.5, -2.0)),
    ("mixed", mixed(2**53 + 1, 0.5), mixed(-3, 1e308)),
    ("power", power_int(-2**40), power_float(-3.0), power_neg(-3)),
    ("compare_exact", compare_exact(2**53 + 1, 2.0**53), compare_exact(3, float("nan"))),
    ("chained", chained(1, 2, 2), chained(3, 2, 1), bool_ops(0, 5), bool_ops(4, 5)),
    ("shifts", shifts(-12345678901234567890, 67), shifts(5, -3)),
    ("rounding", rounding(2.5), rounding(-3.5), rounding(1e20), rounding(-0.4)),
    ("to_float", to_float(2**1023), to_float(-(2**53 + 1))),
    ("reprs", reprs(1551563132437320.25, -2**70), reprs(0.1, 0), reprs(1e22, 5)),
    ("maths", maths(2.0), maths(0.5)),
    ("math_more", math_more(2.0, 0.5), math_more(-8.0, 3.0)),
    ("minmax", minmax(1.0, float("nan"), 0.0), minmax(float("nan"), 1.0, 2.0), minmax(-0.0, 0.0, -0.0)),
    ("text_ops", text_ops("héllo", "wörld ✓"), text_ops("", "abc"), text_ops("b", "abc")),
    ("list_ops", list_ops([1, 2, 3], 5), list_ops([], -1)),
    ("indexing", indexing([0.5, 1.5, 2.5], -3), aug_order([9], 6)),
    ("formatted", formatted(2.675, 1234567, "naïve", True), formatted(-0.0, -5, "", False)),
    ("rounded", rounded(2.675, 6), rounded(-1234.5678, 1), rounded(float("inf"), 3)),
    ("ordered", ordered([3, -1, 2**70, 2], ["b", "é", "a"]), ordered([], [])),
]
def show(name, *results, **options):
    """The report stays Python (untyped, *args and **kwargs plumbing)."""
    print(name, *results, **options)


for name, *results in cases:
    show(name, *results, sep=" ")

for bad in (lambda: true_div(1, 0), lambda: floor_ops(1, 0), lambda: float_floor_ops(1.0, 0.0),
            lambda: rounding(float("inf")), lambda: rounding(float("nan")), lambda: maths(-1.0),
            lambda: maths(1000.0), lambda: power_float(0.0), lambda: to_float(10**400),
            lambda: true_div(10**400, 3), lambda: indexing([1.0], 5), lambda: math_more(10.0, 400.0),
            lambda: text_ops("", "")):
    try:
        print("no error:", bad())
    except (ArithmeticError, ValueError, IndexError) as e:
        print(type(e).__name__, "-", e)
