import inspect


def compound_floor(principal, bp, years):
    balance = principal
    for _ in range(years):
        balance = balance + balance * bp // 10000
    return balance


def grow(principal, /, bp=100, *, years=1, rounding="floor", log=[]):
    balance = principal
    for _ in range(years):
        interest = balance * bp
        balance += interest // 10000 if rounding == "floor" else -(-interest // 10000)
    log.append(balance)
    return balance


def main():
    cases, expected = [], []
    for i, principal in enumerate([1000, 2500, 10000, 123457]):
        for j, bp in enumerate([125, 350, 799]):
            years = 1 + (i * 3 + j) % 7
            cases.append({"principal": principal, "bp": bp, "years": years})
            expected.append((principal, bp, years, compound_floor(principal, bp, years)))

    print("signature", inspect.signature(grow))
    floor = [grow(c["principal"], c["bp"], years=c["years"]) for c in cases]
    try:
        grow(**cases[0])
    except TypeError as e:
        print("TypeError:", e)
    try:
        grow(1, 2, 3)
    except TypeError as e:
        print("TypeError:", e)
    grow.__kwdefaults__ = {**grow.__kwdefaults__, "rounding": "ceil"}
    grow.__defaults__ = (0,)
    print("defaults now", grow.__defaults__, sorted(grow.__kwdefaults__))
    ceil = [grow(c["principal"], c["bp"], years=c["years"]) for c in cases]
    print("no interest by default:", grow(500, years=3))
    bound = inspect.signature(grow).bind(7, years=2)
    bound.apply_defaults()
    print("bound", {k: v for k, v in bound.arguments.items() if k != "log"})
    logged = len(grow.__kwdefaults__["log"])

    for (principal, bp, years, mine), f, c in zip(expected, floor, ceil):
        agree = "=" if f == mine else "!="
        print(f"{principal:>7} @{bp:>3}bp x{years}: floor {f} {agree} rust {mine}, ceil {c} (+{c - f})")
    print(f"mutable default logged {logged} balances")


main()
