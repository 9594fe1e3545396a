import hashlib
import inspect

SCRIPT = """\
add 3 4 5
add 10 -2 scale=3
concat alpha beta gamma sep=-
concat one
stats 9 1 8 2 7 mode=range
stats 4 4 6 mode=mean
stats 5 mode=median
shout hello world times=2 end=!
add x=1
missing 1 2
stats 3 1 2 order=desc"""

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


def atom(token):
    try:
        return int(token)
    except ValueError:
        return token


def leb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n == 0:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def canon(v):
    """The runtime codec's canonical encoding (the parts this program needs)."""
    if isinstance(v, int):
        raw = b"" if v == 0 else v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True)
        return b"\x03" + leb(len(raw)) + raw
    if isinstance(v, str):
        raw = v.encode()
        return b"\x05" + leb(len(raw)) + raw
    if isinstance(v, (list, tuple)):
        return (b"\x07" if isinstance(v, list) else b"\x08") + leb(len(v)) + b"".join(map(canon, v))
    if isinstance(v, dict):
        return b"\x09" + leb(len(v)) + b"".join(canon(k) + canon(x) for k, x in v.items())
    raise TypeError(type(v).__name__)


def main():
    commands = []
    for line in SCRIPT.splitlines():
        name, *tokens = line.split()
        args, kwargs = [], {}
        for token in tokens:
            if "=" in token:
                key, value = token.split("=", 1)
                kwargs[key] = atom(value)
            else:
                args.append(atom(token))
        commands.append((name, args, kwargs))
    print(f"parsed {len(commands)} commands, digest {hashlib.sha256(canon(commands)).hexdigest()}")

    outcomes = [dispatch(name, args, kwargs) for name, args, kwargs in commands]
    print("handlers:", {name: str(inspect.signature(fn)) for name, (fn, _) in HANDLERS.items()})

    for line, (status, shown) in zip(SCRIPT.splitlines(), outcomes):
        print(f"{line:<32} {status} {shown}")
    print("outcomes digest", hashlib.sha256(canon(outcomes)).hexdigest())


main()
