"""Prime tools: a sieve, modular exponentiation and Miller-Rabin on big
integers (static), behind a command layer that is patched at run time for
verbose logging (dynamic: the patched function is REBOUND).
"""


def sieve(limit: int) -> list[bool]:
    flags = [True] * (limit + 1)
    flags[0] = False
    if limit >= 1:
        flags[1] = False
    p = 2
    while p * p <= limit:
        if flags[p]:
            m = p * p
            while m <= limit:
                flags[m] = False
                m += p
        p += 1
    return flags


def count_primes(limit: int) -> int:
    flags = sieve(limit)
    total = 0
    for f in flags:
        if f:
            total += 1
    return total


def power_mod(base: int, exponent: int, modulus: int) -> int:
    result = 1 % modulus
    base %= modulus
    while exponent > 0:
        if exponent & 1:
            result = result * base % modulus
        base = base * base % modulus
        exponent >>= 1
    return result


def miller_rabin(n: int) -> bool:
    if n < 2:
        return False
    for p in [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]:
        if n % p == 0:
            return n == p
    d = n - 1
    s = 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]:
        x = power_mod(a, d, n)
        if x == 1 or x == n - 1:
            continue
        composite = True
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                composite = False
                break
        if composite:
            return False
    return True


def next_prime(n: int) -> int:
    candidate = n + 1
    while not miller_rabin(candidate):
        candidate += 1
    return candidate


def describe(n: int) -> str:
    return str(n) + (" is prime" if miller_rabin(n) else " is composite")


def run_commands(commands):
    return [handler(*args) for handler, args in commands]


def log_calls(fn):
    def wrapper(*args, **kwargs):
        result = fn(*args, **kwargs)
        print(f"  {fn.__name__}{args} -> {result}")
        return result
    return wrapper


describe = log_calls(describe)

print("primes below 5 * 10**6:", count_primes(5 * 10**6))
print("2**127-1:", miller_rabin(2**127 - 1), "2**128+1:", miller_rabin(2**128 + 1))
print("next prime after 10**30:", next_prime(10**30))
print("pow:", power_mod(3, 10**18, 2**89 - 1), power_mod(-7, 5, 13), power_mod(5, 0, 1))
results = run_commands([(describe, (97,)), (describe, (561,)), (next_prime, (2**64,))])
print(results)
