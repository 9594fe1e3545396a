import inspect

HANDLERS = {}


def command(name=None, **defaults):
    def register(fn):
        HANDLERS[name or fn.__name__] = (fn, defaults)
        return fn

    return register


@command()
def add(*numbers, scale=1):
    return scale * sum(numbers)


@command(sep=" ")
def concat(first, *rest, sep):
    return sep.join((first, *rest))


@command("stats")
def summarize(*values, mode="mean", **options):
    ordered = sorted(values, reverse=options.get("order") == "desc")
    if mode == "range":
        return max(values) - min(values)
    if mode == "median":
        return ordered[len(ordered) // 2]
    if mode == "mean":
        return sum(values) / len(values)
    return ordered


@command(times=1, end=".")
def shout(*words, times, end):
    return " ".join(w.upper() for w in words * times) + end


def dispatch(name, args, kwargs):
    if name not in HANDLERS:
        return ("unknown", name)
    fn, defaults = HANDLERS[name]
    merged = {**defaults, **kwargs}
    try:
        bound = inspect.signature(fn).bind(*args, **merged)
    except TypeError as e:
        return ("rejected", str(e))
    return ("ok", repr(fn(*bound.args, **bound.kwargs)))


outcomes = [dispatch(name, args, kwargs) for name, args, kwargs in commands]
print("handlers:", {name: str(inspect.signature(fn)) for name, (fn, _) in HANDLERS.items()})
