"""Number kernels behind a plugin registry.

Typed integer and float kernels (big integers, floor division, float
formatting) are called through a decorator registry and `getattr` dispatch,
the way a small analytics tool might wire its commands.
"""

import math

MODULUS = 1_000_000_007
SCALE = 0.125


def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def longest_collatz(limit: int) -> int:
    best = 1
    best_steps = 0
    for start in range(1, limit):
        s = collatz_steps(start)
        if s > best_steps:
            best_steps = s
            best = start
    return best


def fib_mod(n: int) -> int:
    a = 0
    b = 1
    for _ in range(n):
        a, b = b, (a + b) % MODULUS
    return a


def big_factorial(n: int) -> int:
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def digit_sum(n: int) -> int:
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total


def harmonic(n: int) -> float:
    total = 0.0
    for k in range(1, n + 1):
        total += 1.0 / k
    return total


def mean_and_spread(xs: list[float]) -> tuple[float, float]:
    n = len(xs)
    total = 0.0
    for x in xs:
        total += x
    mean = total / n
    acc = 0.0
    for x in xs:
        acc += (x - mean) * (x - mean)
    return mean, math.sqrt(acc / n)


def ratio_table(n: int) -> list[float]:
    out: list[float] = []
    for i in range(1, n + 1):
        out.append(i / 7 + i // 3 * SCALE - (-i) % 5)
    return out


def describe(x: float) -> str:
    if x != x:
        return "nan"
    return "value=" + str(x) + " floor=" + str(math.floor(x)) + " round=" + str(round(x))


COMMANDS = {}


def command(name):
    def register(fn):
        COMMANDS[name] = fn
        return fn
    return register


@command("collatz")
def run_collatz(args):
    limit = int(args.get("limit", 1000))
    best = longest_collatz(limit)
    return f"longest below {limit}: {best} ({collatz_steps(best)} steps)"


@command("fib")
def run_fib(args):
    return "fib_mod: " + ", ".join(str(fib_mod(n)) for n in args["ns"])


@command("factorial")
def run_factorial(args):
    n = args["n"]
    f = big_factorial(n)
    return f"{n}! has {len(str(f))} digits, digit sum {digit_sum(f)}, ends {str(f)[-12:]}"


@command("floats")
def run_floats(args):
    xs = ratio_table(args["n"])
    mean, spread = mean_and_spread(xs)
    lines = [describe(x) for x in xs[:4]]
    lines.append(f"mean={mean!r} spread={spread!r} harmonic={harmonic(args['n'])!r}")
    lines.append(describe(1551563132437320.25) + " " + describe(-2.5) + " " + describe(0.1 + 0.2))
    return "\n".join(lines)


class Report:
    def __init__(self, **options):
        self.options = options

    def section(self, title, body):
        return f"== {title} ==\n{body}"

    def render(self, plan):
        parts = []
        for name, args in plan:
            handler = getattr(self, "pre_" + name, None)
            if handler is not None:
                args = handler(args)
            parts.append(self.section(name, COMMANDS[name](args)))
        return "\n".join(parts)

    def pre_fib(self, args):
        return {**args, "ns": sorted(args["ns"])}


plan = [
    ("collatz", {"limit": 300000}),
    ("fib", {"ns": [10, 90, 1000, 5]}),
    ("factorial", {"n": 300}),
    ("floats", {"n": 12}),
]
print(Report(verbose=True).render(plan))
try:
    mean_and_spread([])
except ZeroDivisionError as e:
    print("empty:", type(e).__name__, e)
