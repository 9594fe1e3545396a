import random

draws = {}
for k, (method, args) in enumerate(plan):
    rng = random.Random(seed + k)
    sample = getattr(rng, method)
    values = [sample(*args) for _ in range(count)]
    label = f"{method}{tuple(args)!r}"
    print(f"{label:<34} first {values[0]!r} {values[1]!r} {values[2]!r}")
    draws[label] = values
