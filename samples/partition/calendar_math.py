"""Calendar arithmetic: leap years, day numbers, weekdays and ISO weeks as
typed integer kernels (static), formatted through a singledispatch-based
printer and a `**kwargs`-configured report (dynamic).
"""

import functools


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    if month == 4 or month == 6 or month == 9 or month == 11:
        return 30
    return 31


def day_number(year: int, month: int, day: int) -> int:
    """Days since 0001-01-01 (proleptic Gregorian), 0-based."""
    y = year - 1
    days = y * 365 + y // 4 - y // 100 + y // 400
    for m in range(1, month):
        days += days_in_month(year, m)
    return days + day - 1


def weekday(year: int, month: int, day: int) -> int:
    """0 = Monday."""
    return day_number(year, month, day) % 7


def iso_week(year: int, month: int, day: int) -> tuple[int, int]:
    n = day_number(year, month, day)
    jan4 = day_number(year, 1, 4)
    week1_monday = jan4 - jan4 % 7
    if n < week1_monday:
        prev4 = day_number(year - 1, 1, 4)
        return year - 1, (n - (prev4 - prev4 % 7)) // 7 + 1
    next4 = day_number(year + 1, 1, 4)
    if n >= next4 - next4 % 7:
        return year + 1, 1
    return year, (n - week1_monday) // 7 + 1


def easter(year: int) -> tuple[int, int]:
    a = year % 19
    b = year // 100
    c = year % 100
    d = (19 * a + b - b // 4 - (b - (b + 8) // 25 + 1) // 3 + 15) % 30
    e = (32 + 2 * (b % 4) + 2 * (c // 4) - d - c % 4) % 7
    f = d + e - 7 * ((a + 11 * d + 22 * e) // 451) + 114
    return f // 31, f % 31 + 1


NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@functools.singledispatch
def show(value):
    return repr(value)


@show.register
def _(value: tuple):
    return "-".join(f"{v:02d}" for v in value)


@show.register
def _(value: bool):
    return "yes" if value else "no"


def report(*dates, **columns):
    lines = []
    for y, m, d in dates:
        cells = [f"{y:04d}-{m:02d}-{d:02d}"]
        for title, fn in columns.items():
            cells.append(f"{title}={show(fn(y, m, d))}")
        lines.append(" ".join(cells))
    return "\n".join(lines)


print(report(
    (2000, 2, 29), (1999, 12, 31), (2021, 1, 3), (2026, 12, 2), (1, 1, 1), (9999, 12, 31), (2004, 12, 31),
    day=lambda y, m, d: NAMES[weekday(y, m, d)],
    leap=lambda y, m, d: is_leap(y),
    week=iso_week,
    n=day_number,
))
print("easter", [show(easter(y)) for y in (1961, 2000, 2024, 2025, 2026, 2285)])
print("big years", day_number(10**20, 3, 1), weekday(-400, 3, 1), is_leap(-4))
