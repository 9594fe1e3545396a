import functools

ROWS = 9
POINTS = [-3, -1, 0, 2, 7]


def horner(coeffs, x, *, offset=0):
    acc = 0
    for c in coeffs:
        acc = acc * x + c
    return acc + offset


def scaled(factor, *, shift=0):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            return factor * fn(*args, **kwargs) + shift

        wrapper.factor = factor
        return wrapper

    return decorate


@scaled(3, shift=1)
def evaluate(coeffs, x):
    """Evaluates the polynomial with these coefficients at x."""
    return horner(coeffs, x)


class Poly:
    def __init__(self, coeffs):
        self.coeffs = coeffs

    def at(self, x, *, offset=0):
        return horner(self.coeffs, x, offset=offset)

    at_zero = functools.partialmethod(at, 0)
    shifted = functools.partialmethod(at, offset=1000)


def main():
    triangle = [[1]]
    while len(triangle) < ROWS:
        last = triangle[-1]
        triangle.append([1] + [a + b for a, b in zip(last, last[1:])] + [1])
    points = POINTS

    evaluators = [functools.partial(horner, row) for row in triangle]
    nested = functools.partial(functools.partial(horner, offset=5), triangle[3])
    print("nested partial flattens:", nested.func.__name__, nested.args, nested.keywords)
    override = functools.partial(nested, offset=-5)
    print("keyword override:", override(2), nested(2), override.keywords)
    table = [[ev(x) for x in points] for ev in evaluators]
    scaled_rows = [functools.partial(evaluate, row) for row in triangle]
    scaled_table = [[f(x) for x in points] for f in scaled_rows]
    print("wrapped:", evaluate.__name__, evaluate.__doc__, evaluate.factor, evaluate.__wrapped__(triangle[2], 4))
    p = Poly(triangle[4])
    print("partialmethod:", p.at_zero(), p.shifted(1), p.shifted(1, offset=0))
    fold = functools.reduce(lambda acc, f: f(acc), [functools.partial(horner, [1, 1])] * 4, 2)
    print("reduce through partials:", fold)

    for n, (values, scaled_values) in enumerate(zip(table, scaled_table)):
        line = f"n={n}:"
        for x, v, s in zip(POINTS, values, scaled_values):
            closed = (x + 1) ** n
            mark = "" if v == closed and s == 3 * closed + 1 else "!"
            line += f" {v}{mark}"
        print(line)


main()
