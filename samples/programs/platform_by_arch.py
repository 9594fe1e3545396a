"""Facts that belong to the CPU, not to the program: the machine's name,
four open(2) flags that are the kernel's ABI for each architecture (WASI has
none of them: None there), and C's
plain `char`, signed on x86_64 but unsigned on aarch64, which
locale.localeconv() shows through CHAR_MAX."""

# matrix: agree within arch: os.uname().machine names the CPU, O_DIRECT, O_DIRECTORY, O_NOFOLLOW and O_TMPFILE are the kernel's ABI for it, and C's char is signed on x86_64 but unsigned on aarch64 (locale.CHAR_MAX and the unset fields of localeconv() are 127 there, 255 here)

import locale
import os
import platform

print("machine", os.uname().machine, platform.machine())

for name in ["O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW", "O_TMPFILE"]:
    print("open-flag", name, getattr(os, name, None))
print("CHAR_MAX", locale.CHAR_MAX)
print("localeconv", sorted(locale.localeconv().items()))
