LOW, HIGH = -400, 600
t = 137
readings = []
for _ in range(10):
    t = (t * 37 + 91) % 1301 - 500
    readings.append(t)
bounds = (LOW, HIGH)

class Bounded:
    """Data descriptor: clamps on set, stores in the instance dict under a private name."""

    def __init__(self, low, high):
        self.low, self.high, self.clamped = low, high, 0

    def __set_name__(self, owner, name):
        self.public, self.private = name, "_" + name

    def __get__(self, obj, objtype=None):
        return self if obj is None else getattr(obj, self.private)

    def __set__(self, obj, value):
        if not self.low <= value <= self.high:
            self.clamped += 1
            value = min(max(value, self.low), self.high)
        setattr(obj, self.private, value)


class computed_once:
    """Non-data descriptor: computes once, then the instance attribute shadows it."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        self.calls += 1
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class Sensor:
    tenths = Bounded(*bounds)

    def __init__(self, tenths):
        self.tenths = tenths

    @computed_once
    def kelvin(self):
        return self.tenths + 2732

    @property
    def fahrenheit(self):
        return self.tenths * 9 / 5 + 320

    @classmethod
    def unit(cls):
        return f"{cls.__name__}: tenths of a degree"


sensors = [Sensor(r) for r in readings]
print("descriptor names:", Sensor.tenths.public, Sensor.tenths.private, "| clamped:", Sensor.tenths.clamped)
print("float property before patch:", [s.fahrenheit for s in sensors[:4]])
Sensor.fahrenheit = property(lambda self: self.tenths * 9 // 5 + 320, doc="exact tenths")
print("patched property:", Sensor.fahrenheit.__doc__, [s.fahrenheit for s in sensors[:4]])
kelvins = [s.kelvin for s in sensors] + [s.kelvin for s in sensors]
print("computed_once calls:", Sensor.__dict__["kelvin"].calls, "for", len(kelvins), "reads; shadowed:", "kelvin" in vars(sensors[0]))
print(Sensor.unit())
Sensor.unit = staticmethod(lambda: "patched: plain function")
print(Sensor.unit(), "|", sensors[0].unit(), "|", type(Sensor.__dict__["unit"]).__name__)
try:
    sensors[0].fahrenheit = 0
except AttributeError as e:
    print("AttributeError:", e)
rows = [(s.tenths, s.fahrenheit, s.kelvin) for s in sensors]
print("private storage:", sorted(vars(sensors[0])))

for raw, row in zip(readings, rows):
    clamped = min(max(raw, LOW), HIGH)
    mine = (clamped, clamped * 9 // 5 + 320, clamped + 2732)
    print(f"raw {raw:>5}: stored {row[0]:>4} F {row[1]:>5} K {row[2]:>5} {'ok' if row == mine else 'MISMATCH'}")
