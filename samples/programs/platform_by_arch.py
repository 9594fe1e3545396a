"""Facts that belong to the CPU, not to the program: four open(2) flags are
the kernel's ABI for each architecture, and C's plain `char` is signed on
x86_64 but unsigned on aarch64, which locale.localeconv() shows through
CHAR_MAX."""

# matrix: agree within arch: O_DIRECT, O_DIRECTORY, O_NOFOLLOW and O_TMPFILE are the kernel's ABI for the CPU, and C's char is signed on x86_64 but unsigned on aarch64 (locale.CHAR_MAX and the unset fields of localeconv() are 127 there, 255 here)

import locale
import os

for name in ["O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW", "O_TMPFILE"]:
    print("open-flag", name, getattr(os, name))
print("CHAR_MAX", locale.CHAR_MAX)
print("localeconv", sorted(locale.localeconv().items()))
