"""The clock: time.time_ns() reads the wall clock and time.monotonic_ns() a
clock that only moves forward, so no two runs print the same. The matrix
runs every cell twice and must see them differ."""

# matrix: varies between runs: time.time_ns() and time.monotonic_ns() read clocks that move between runs

import time

print("time_ns", time.time_ns())
print("monotonic_ns", time.monotonic_ns())
