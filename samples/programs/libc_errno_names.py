"""The C library's words for each error, by name rather than number, so that
every target compares them, WASI included (it numbers errno values its own
way: see libc_errno_text.py). The names are the ones WASI preview 1 defines,
all of which Linux defines too; the pinned text gives glibc's words for each."""

import errno
import os

# WASI preview 1's errors (its `errno` type), under the names Python's errno
# module gives them; ENOTCAPABLE is WASI's own, absent on Linux.
NAMES = """E2BIG EACCES EADDRINUSE EADDRNOTAVAIL EAFNOSUPPORT EAGAIN EALREADY EBADF
EBADMSG EBUSY ECANCELED ECHILD ECONNABORTED ECONNREFUSED ECONNRESET EDEADLK
EDESTADDRREQ EDOM EDQUOT EEXIST EFAULT EFBIG EHOSTUNREACH EIDRM EILSEQ
EINPROGRESS EINTR EINVAL EIO EISCONN EISDIR ELOOP EMFILE EMLINK EMSGSIZE
EMULTIHOP ENAMETOOLONG ENETDOWN ENETRESET ENETUNREACH ENFILE ENOBUFS ENODEV
ENOENT ENOEXEC ENOLCK ENOLINK ENOMEM ENOMSG ENOPROTOOPT ENOSPC ENOSYS ENOTCONN
ENOTDIR ENOTEMPTY ENOTRECOVERABLE ENOTSOCK ENOTSUP ENOTTY ENXIO EOVERFLOW
EOWNERDEAD EPERM EPIPE EPROTO EPROTONOSUPPORT EPROTOTYPE ERANGE EROFS ESPIPE
ESRCH ESTALE ETIMEDOUT ETXTBSY EXDEV""".split()

for name in NAMES:
    print("errno", name, os.strerror(getattr(errno, name)))
print("success", os.strerror(0))

# The OverflowError of float ** carries (errno, strerror): the words only.
try:
    10.0 ** 400
except OverflowError as e:
    print("float-pow", e.args[0][1] if isinstance(e.args[0], tuple) else e.args[1])

# OSErrors raised by real calls, by name and words.
missing = "/nonexistent-hybrid-dir/file.txt"
for label, attempt in [
    ("open-missing", lambda: open(missing)),
    ("listdir-missing", lambda: os.listdir(missing)),
    ("fstat-closed-fd", lambda: os.fstat(987)),
]:
    try:
        attempt()
    except OSError as e:
        print(label, type(e).__name__, errno.errorcode[e.errno], e.strerror)
