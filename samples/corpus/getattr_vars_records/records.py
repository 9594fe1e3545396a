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
