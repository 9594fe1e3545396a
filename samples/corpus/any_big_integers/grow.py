for a, b, c in zip(fibs, fibs[1:], fibs[2:]):
    assert a + b == c and type(c) is int
print("fib", len(fibs), fibs[0], fibs[-1], hex(fibs[-1]), fibs[-1].bit_length())
for n, f in facts.items():
    if n % 5 == 0:
        print(f"{n}! = {f} ({f.bit_length()} bits)")

alternating = sum(facts.values())
boundaries = []
for bits in (63, 64, 127, 128):
    boundaries += [2**bits - 1, 2**bits, -(2**bits), -(2**bits) - 1]
big = fibs[-1] * fibs[-2]
huge = [big, -big, 2**200 - 1, -(3**150), 10**40 + 7, 1 << 300, -(1 << 300)]
for h in huge:
    print(h.bit_length(), h % 1000003, str(h)[:24])
