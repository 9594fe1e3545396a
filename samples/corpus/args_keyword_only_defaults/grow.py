import inspect


def grow(principal, /, bp=100, *, years=1, rounding="floor", log=[]):
    balance = principal
    for _ in range(years):
        interest = balance * bp
        balance += interest // 10000 if rounding == "floor" else -(-interest // 10000)
    log.append(balance)
    return balance


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
