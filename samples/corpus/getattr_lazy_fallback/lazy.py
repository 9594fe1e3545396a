class Lazy:
    misses = 0

    def __getattr__(self, name):
        # Only called when normal lookup fails.
        kind, _, arg = name.partition("_")
        if not arg.isdigit() or kind not in ("fib", "tri", "bits"):
            raise AttributeError(f"no lazy attribute {name!r}")
        type(self).misses += 1
        n = int(arg)
        if kind == "fib":
            a, b = 0, 1
            for _ in range(n):
                a, b = b, a + b
            value = a
        elif kind == "tri":
            value = n * (n + 1) // 2
        else:
            value = bin(n).count("1")
        setattr(self, name, value)
        return value


lazy = Lazy()
answers = [getattr(lazy, name) for name in names]
for name in extra:
    print(name, "->", getattr(lazy, name, "<absent>"), hasattr(lazy, name))
try:
    lazy.cube_3
except AttributeError as e:
    print("AttributeError:", e)
print("class attribute wins over __getattr__:", getattr(lazy, "misses"), "__getattr__" in vars(Lazy))
misses = Lazy.misses
cached = sorted(vars(lazy).items(), key=lambda kv: (kv[0].split("_")[0], int(kv[0].split("_")[1])))
