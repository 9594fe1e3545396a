"""The C library's locale data as Python sees it: the locale a program starts
in (CPython coerces a "C" LC_CTYPE to C.UTF-8), every nl_langinfo item,
locale-aware formatting and collation. (localeconv() is in platform_by_arch:
its unset fields are C's CHAR_MAX.)"""

import locale
import sys

# (The composite LC_ALL name is each C library's own: see platform_by_libc.)
print("start", locale.setlocale(locale.LC_CTYPE, None), locale.setlocale(locale.LC_NUMERIC, None), locale.setlocale(locale.LC_TIME, None))
print("encodings", locale.getpreferredencoding(False), sys.getfilesystemencoding(), sys.stdout.encoding, sys.flags.utf8_mode)
print("getlocale", locale.getlocale())
items = [name for name in dir(locale) if name.isupper() and name not in (
    "LC_ALL", "LC_COLLATE", "LC_CTYPE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC", "LC_TIME", "CHAR_MAX")]
for name in sorted(items):
    print("langinfo", name, repr(locale.nl_langinfo(getattr(locale, name))))
print("format", locale.format_string("%.2f|%d", (1234567.891, 1234567), grouping=True), locale.str(3.25))
print("strcoll", locale.strcoll("a", "B"), locale.strxfrm("abc"))
