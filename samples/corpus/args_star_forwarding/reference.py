import hashlib


def primes(limit):
    composite = [False] * (limit + 1)
    found = []
    for n in range(2, limit + 1):
        if not composite[n]:
            found.append(n)
            for m in range(n * n, limit + 1, n):
                composite[m] = True
    return found


trace = []


def traced(fn):
    def wrapper(*args, **kwargs):
        shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        trace.append(f"{fn.__name__}({', '.join(shown)})")
        return fn(*args, **kwargs)

    return wrapper


@traced
def weigh(*values, scale=1, label="w", **extra):
    return (label, scale * sum(v * v for v in values), tuple(sorted(extra)))


@traced
def relay(first, *rest, **options):
    options.setdefault("scale", len(rest) + 1)
    return weigh(first, *rest[::-1], **options)


def fan_out(fn, *shared, **common):
    def call(*more, **extra):
        return fn(*shared, *more, **{**common, **extra})

    return call


def main():
    ps = primes(60)
    specs, calls = [], []
    for n in range(1, 8):
        args = ps[n : 2 * n]
        kwargs = {}
        if n % 2 == 0:
            kwargs["scale"] = 10 + n
            kwargs["label"] = f"p{n}"
        if n % 3 == 0:
            kwargs[f"tag{n}"] = True
        scale = 10 + n if n % 2 == 0 else n
        specs.append(scale * sum(p * p for p in args))
        calls.append((args, kwargs))

    results = [relay(*args, **kwargs) for args, kwargs in calls]
    fanned = fan_out(relay, 100, label="fan")
    print("fan:", fanned(*calls[-1][0], note="x", scale=2), fanned())
    try:
        relay(1, first=0)
    except TypeError as e:
        print("TypeError:", e)
    try:
        weigh(1, scale=3, **{"label": "x", "scale": 2})
    except TypeError as e:
        # The message names the module (__main__ or the fragment's): drop it.
        print("TypeError:", str(e).removeprefix(__name__ + "."))
    print(len(trace), "traced calls; last:", trace[-1])
    trace_digest = hashlib.sha256("\n".join(trace).encode()).hexdigest()

    for i, ((label, total, extras), expected) in enumerate(zip(results, specs)):
        verdict = "ok" if total == expected else "MISMATCH"
        shown = "(" + ", ".join(f'"{e}"' for e in extras) + ("," if len(extras) == 1 else "") + ")"
        print(f"call {i}: {label} total={total} extras={shown} {verdict}")
    print("trace sha256", trace_digest)


main()
