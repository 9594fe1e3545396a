import fractions
import types

REGISTRY = {}


class UnitMeta(type):
    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        if bases:
            REGISTRY[cls.symbol] = cls
            cls.to = classmethod(lambda c, other, amount=1: fractions.Fraction(amount) * c.micro / REGISTRY[other].micro)
        return cls

    def __repr__(cls):
        return f"<unit {cls.symbol}>" if cls.__bases__ != (object,) else "<unit base>"


class Length(metaclass=UnitMeta):
    family_members = []

    def __init_subclass__(cls, /, micro, symbol, metric=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.micro, cls.symbol = micro, symbol
        cls.metric = symbol.endswith("m") if metric is None else metric
        Length.family_members.append(symbol)


for name, symbol, micro in table:
    types.new_class(name, (Length,), {"micro": micro, "symbol": symbol})

print("registered:", Length.family_members, "| metric:", sorted(s for s, c in REGISTRY.items() if c.metric))
print("reprs:", [repr(c) for c in list(REGISTRY.values())[:3]], repr(Length), type(REGISTRY["mi"]).__name__)
print("marathon in km:", float(REGISTRY["mi"].to("km", fractions.Fraction(262188, 10000))))
print("a foot in inches:", REGISTRY["ft"].to("in"), "| metre in yards:", REGISTRY["m"].to("yd"))
try:
    types.new_class("Bad", (Length,), {"symbol": "bd"})
except TypeError as e:
    print("TypeError:", e)

symbols = list(REGISTRY)
ratios = {}
for i, a in enumerate(symbols):
    for b in symbols[i + 1 :: 3]:
        r = REGISTRY[a].to(b)
        ratios[(a, b)] = (r.numerator, r.denominator)
imperial = {s for s, c in REGISTRY.items() if not c.metric}
print("imperial in set order:", " ".join(imperial))
