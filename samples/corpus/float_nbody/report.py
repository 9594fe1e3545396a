for step, energy in checkpoints:
    print(f"step {step:>7} energy {energy!r}")
first, last = checkpoints[0][1], checkpoints[-1][1]
print(f"drift {last - first!r} relative {(last - first) / abs(first):.3e}")
for name, row in zip(names, final):
    print(f"{name:<8}", " ".join(f"{field}={value!r}" for field, value in zip(("x", "y", "z", "vx", "vy", "vz"), row)))
