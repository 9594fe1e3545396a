"""Digits of pi with Machin's formula in exact integer arithmetic.

The arctangent series runs on integers far beyond 64 bits (static); a small
report layer with a decorator-based plugin registry and keyword options
prints the results (dynamic).
"""


def arctan_inverse(x: int, unity: int) -> int:
    """arctan(1/x) scaled by `unity`, summed until the terms vanish."""
    total = unity // x
    term = total
    x_squared = x * x
    n = 1
    sign = -1
    while term != 0:
        term //= x_squared
        n += 2
        total += sign * (term // n)
        sign = -sign
    return total


def pi_digits(digits: int) -> int:
    guard = 10
    unity = 10 ** (digits + guard) if digits >= 0 else 1
    pi = 4 * (4 * arctan_inverse(5, unity) - arctan_inverse(239, unity))
    return pi // 10 ** guard


def digit_histogram(n: int) -> list[int]:
    counts = [0] * 10
    while n > 0:
        counts[n % 10] += 1
        n //= 10
    return counts


def isqrt_newton(n: int) -> int:
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


def sqrt2_digits(digits: int) -> int:
    return isqrt_newton(2 * 10 ** (2 * digits))


def checksum(n: int, modulus: int) -> int:
    acc = 0
    while n > 0:
        acc = (acc * 31 + n % 1000) % modulus
        n //= 1000
    return acc


REPORTS = []


def report(title, **options):
    def register(fn):
        REPORTS.append((title, fn, options))
        return fn
    return register


@report("pi", digits=300, width=60)
def show_pi(digits, width):
    text = str(pi_digits(digits))
    lines = [text[i:i + width] for i in range(0, len(text), width)]
    return "\n".join(lines) + f"\nchecksum {checksum(pi_digits(digits), 1_000_003)}"


@report("histogram", digits=1000)
def show_histogram(digits):
    counts = digit_histogram(pi_digits(digits))
    return " ".join(f"{d}:{c}" for d, c in enumerate(counts))


@report("sqrt2", digits=200, width=50)
def show_sqrt2(digits, width):
    text = str(sqrt2_digits(digits))
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


for title, fn, options in REPORTS:
    print(f"== {title} ({', '.join(f'{k}={v}' for k, v in sorted(options.items()))}) ==")
    print(fn(**options))
print("isqrt", [isqrt_newton(k) for k in (0, 1, 15, 16, 17, 10**40)])
