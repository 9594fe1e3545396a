"""Object addresses: CPython's id() is an object's address, its default
repr() shows it, and since Python 3.10 hash() of a NaN float is derived from
it. All three follow where the allocator's memory landed, which address
space layout randomisation moves on every run where the runner applies it."""

# matrix: varies between runs: id(), the default repr() and hash() of a NaN float are an object's address, which moves with the memory layout of each run

import math

thing = object()
print("id", id(thing))
print("repr", repr(thing))
print("hash(nan)", hash(math.nan))
