import sys


def main() -> None:
    static_part: int = 100
    attr_names: list[str] = ["x", "y", "z"]
    attr_pairs: list[tuple[str, int]] = [("x", 10), ("y", 20), ("z", 30)]

    class Box:
        pass

    b = Box()
    for k, v in attr_pairs:
        setattr(b, k, v)
    total = sum(getattr(b, name) for name in attr_names)
    sum_total = static_part + total
    sys.stdout.write(f"static={static_part}|dynamic={total}|sum={sum_total}\n")


main()
