import hashlib


def describe(v):
    if -(2**63) <= v < 2**63:
        return "Int"
    return f"BigInt({((v if v >= 0 else ~v).bit_length() + 8) // 8} bytes)"


def main():
    fib = (0, 1)
    fibs = []
    for i in range(111):
        if i >= 88:
            fibs.append(fib[0])
        fib = (fib[1], fib[0] + fib[1])
    fact = 1
    facts = {}
    for n in range(1, 34):
        fact *= n
        if n >= 18:
            facts[n] = -fact if n % 2 == 1 else fact

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

    print(f"alternating sum {alternating} is {describe(alternating)}")
    for v in boundaries:
        fits = -(2**127) <= v < 2**127 and -(2**127) <= v * 3 < 2**127
        print(f"{v} {describe(v)} x3={v * 3 if fits else 'overflow'}")
    encoded = b"\x07" + bytes([len(huge)])
    for h in huge:
        raw = h.to_bytes(((h if h >= 0 else ~h).bit_length() + 8) // 8, "little", signed=True)
        encoded += b"\x03" + bytes([len(raw)]) + raw
    print("huge digest", hashlib.sha256(encoded).hexdigest())

    lengths = {}
    for h in huge:
        raw = h.to_bytes((h.bit_length() + 8) // 8, "little", signed=True)
        lengths[h.bit_length()] = len(raw)
        print(hashlib.sha256(raw).hexdigest()[:32], h == int.from_bytes(raw, "little", signed=True))
    print("lengths", lengths)


main()
