def shape(v):
    if v is None:
        return "N"
    if isinstance(v, bool):
        return "b"
    if isinstance(v, int):
        return "i"
    if isinstance(v, str):
        return "s"
    if isinstance(v, tuple):
        return "(" + ",".join(shape(x) for x in v) + ")"
    if isinstance(v, list):
        return "[" + ",".join(sorted(set(shape(x) for x in v))) + "]*" + str(len(v))
    if isinstance(v, dict):
        return "{" + ",".join(f"{k}:{shape(x)}" for k, x in v.items()) + "}"
    if isinstance(v, frozenset):
        return "F" + str(len(v))
    if isinstance(v, set):
        return "S" + str(len(v))
    raise TypeError(type(v).__name__)


print("top", shape({k: v for k, v in doc.items() if k != "seeds"}))
for seed, info in doc["seeds"].items():
    print(f"seed {seed:2d} {shape(info)}")

by_steps = {}
for seed, info in doc["seeds"].items():
    by_steps.setdefault(info["steps"], []).append(seed)
inverted = {steps: tuple(group) for steps, group in sorted(by_steps.items())}

rising = [seed for seed, info in doc["seeds"].items() if info["note"] is not None]
record = {
    "inverted": inverted,
    "echo": [doc["meta"], list(doc["meta"]), None],
    "rising": rising,
    "peaks": sorted(doc["peaks"] - {1}),
    "shared": doc["lengths"] & frozenset(doc["peaks"]),
    "odd_heads": [info["head"] for info in doc["seeds"].values() if info["odd"]],
}
