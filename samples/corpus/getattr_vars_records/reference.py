CSV = """\
id,customer,city,qty,unit_cents
1,Ada,Zürich,3,1250
2,Bo,Oslo,1,99900
3,Cy,Zürich,12,310
4,Di,Lima,2,4500
5,Ed,Oslo,7,1999
6,Fa,Lima,1,120000
7,Gu,Kyoto,5,860
8,Hu,Oslo,2,2500"""


def cell(c):
    try:
        return int(c)
    except ValueError:
        return c


lines = CSV.splitlines()
header = lines[0].split(",")
rows = []
totals = {}
for line in lines[1:]:
    cells = line.split(",")
    rows.append({h: cell(c) for h, c in zip(header, cells)})
    totals[cells[2]] = totals.get(cells[2], 0) + int(cells[3]) * int(cells[4])

import operator
import types


class Order:
    def total(self):
        return self.qty * self.unit_cents


class SlimOrder:
    __slots__ = tuple(header)


orders, slim = [], []
for row in rows:
    o = Order()
    vars(o).update(row)
    o.where = types.SimpleNamespace(city=row["city"], initial=row["city"][0])
    orders.append(o)
    s = SlimOrder()
    for name in header:
        setattr(s, name, row[name])
    slim.append(s)

print("vars of first:", {k: v for k, v in vars(orders[0]).items() if k != "where"})
try:
    vars(slim[0])
except TypeError as e:
    print("TypeError:", e)
print("slots read back:", [getattr(slim[0], name) for name in SlimOrder.__slots__])
print("slot descriptor:", type(SlimOrder.__dict__["qty"]).__name__, hasattr(slim[0], "__dict__"))

key_names = [header[2], header[4]]
for o in sorted(orders, key=operator.attrgetter(*key_names)):
    print(f"  {o.id} {o.customer:<3} {o.city:<7} {o.unit_cents:>6} x{o.qty:<2} = {o.total()}")
print("by dotted name:", [operator.attrgetter("where.initial", "id")(o) for o in orders[:4]])

by_city = {}
for o in sorted(orders, key=operator.attrgetter("where.city")):
    by_city[o.city] = by_city.get(o.city, 0) + o.total()
cities = {o.where.city for o in orders}
print("cities in set order:", " ".join(cities))

for city, cents in by_city.items():
    print(f"{city:<7} {cents // 100}.{cents % 100:02} {'ok' if totals.get(city) == cents else 'MISMATCH'}")
