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


binomials = [choose(n=n, k=k) for n, k in pairs]
catalans = [catalan(i) for i in range(catalan_count)]
try:
    choose(n=5, k=2.0)
except TypeError as e:
    print("TypeError:", e)
print("choose cache:", choose.__wrapped__.__wrapped__.cache_info())
print("catalan cache:", catalan.__wrapped__.cache_info())
print("unwrap chain:", functools.reduce(lambda f, _: f.__wrapped__, range(2), choose).__name__, inspect.unwrap(choose) is choose.__wrapped__.__wrapped__.__wrapped__)
stats = dict(sorted(calls.items()))
stats["cached_choose"] = choose.__wrapped__.__wrapped__.cache_info().currsize
