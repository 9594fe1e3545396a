import functools
import inspect

calls = {}


def counted(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        calls[fn.__name__] = calls.get(fn.__name__, 0) + 1
        return fn(*args, **kwargs)

    return wrapper


def require(**kinds):
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for name, kind in kinds.items():
                if name in kwargs and not isinstance(kwargs[name], kind):
                    raise TypeError(f"{fn.__name__}: {name} must be {kind.__name__}, not {type(kwargs[name]).__name__}")
            return fn(*args, **kwargs)

        return wrapper

    return decorate


@require(n=int, k=int)
@counted
@functools.lru_cache(maxsize=None)
def choose(*, n, k):
    if k == 0 or k == n:
        return 1
    return choose(n=n - 1, k=k - 1) + choose(n=n - 1, k=k)


@counted
@functools.lru_cache(maxsize=64)
def catalan(n):
    return 1 if n == 0 else sum(catalan(i) * catalan(n - 1 - i) for i in range(n))


def binomial(n, k):
    acc = 1
    for i in range(k):
        acc = acc * (n - i) // (i + 1)
    return acc


def main():
    queries = [(14 + 2 * i, (3 * i) % (14 + 2 * i) + 1) for i in range(12)]
    expected_catalan = [binomial(2 * n, n) // (n + 1) for n in range(19)]

    binomials = [choose(n=n, k=k) for n, k in queries]
    catalans = [catalan(i) for i in range(len(expected_catalan))]
    try:
        choose(n=5, k=2.0)
    except TypeError as e:
        print("TypeError:", e)
    print("choose cache:", choose.__wrapped__.__wrapped__.cache_info())
    print("catalan cache:", catalan.__wrapped__.cache_info())
    print("unwrap chain:", functools.reduce(lambda f, _: f.__wrapped__, range(2), choose).__name__, inspect.unwrap(choose) is choose.__wrapped__.__wrapped__.__wrapped__)
    stats = dict(sorted(calls.items()))
    stats["cached_choose"] = choose.__wrapped__.__wrapped__.cache_info().currsize

    for (n, k), got in zip(queries, binomials):
        print(f"C({n},{k}) = {got} {'ok' if got == binomial(n, k) else 'MISMATCH'}")
    print(f"catalan agree: {'true' if catalans == expected_catalan else 'false'} (last {expected_catalan[-1]})")
    for name, count in stats.items():
        print(f"stat {name} = {count}")


main()
