"""time.strftime and friends in the C locale with TZ unset: the C library
formats the fields (CPython calls wcsftime), so every directive is a place
where glibc and musl may print different bytes."""

import time

moment = time.struct_time((2024, 2, 29, 13, 5, 9, 3, 60, 0))
midnight = time.struct_time((1999, 12, 31, 0, 0, 0, 4, 365, 0))
directives = [
    "%a %A %b %B %h", "%c", "%x", "%X", "%p", "%r", "%D %T %R", "%F",
    "%d %e %H %I %j %m %M %S %y %Y %C", "%U %W %V %G %g %u %w",
    "%n|%t|%%", "%Ec|%EC|%Ex|%EX|%Ey|%EY", "%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy",
    "%k|%l|%P|%s", "%Z|%z",
]
for fmt in directives:
    print(repr(fmt), "->", repr(time.strftime(fmt, moment)), repr(time.strftime(fmt, midnight)))

print("gmtime-zone", time.strftime("%Z %z", time.gmtime(0)), time.gmtime(0).tm_zone)
print("tzname", time.tzname, time.timezone, time.altzone, time.daylight)
print("localtime-zone", time.strftime("%Z %z", time.localtime(0)), time.localtime(0).tm_zone)
print("asctime", time.asctime(moment), "|", time.ctime(0))
print("strptime", tuple(time.strptime("29 Feb 2024 13:05:09", "%d %b %Y %H:%M:%S")))
print("mktime", time.mktime(moment), time.mktime(midnight))
