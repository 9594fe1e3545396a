"""How many live references one object may have. CPython counts them in a
Py_ssize_t. RustPython 0.5.0 packs an object's strong count into one machine
word beside three flags and a weak count, which leaves it 15 bits on a 32-bit
target: the 32 767th live reference to one object aborts the process (under
wasmtime an `unreachable` trap, with no Python error and no message). Every
instance holds a reference to its class, so 32 767 live instances of one class
end the same way. A list that repeats one object is the shortest way there.
The Light build edits that crate for wasm32 (targets/wasm32-wasip1.toml, 28
bits as in RustPython 0.6.0), and this program shows whether the edit holds.
Each line is flushed: an abort loses what stdout still buffers."""

marker = object()
for n in (1_000, 30_000, 32_000, 33_000, 100_000):
    held = [marker] * n
    print("references to one object", n, len(held), held[-1] is marker, flush=True)
    del held

print("one shared constant", len([True] * 60_000), len([None] * 60_000), flush=True)


class Point:
    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x


points = [Point(i) for i in range(40_000)]
print("live instances of one class", len(points), sum(p.x for p in points))
