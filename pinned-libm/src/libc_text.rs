//! The C library's text, pinned like the libm.
//!
//! CPython formats every errno-based exception (`OSError` and its subclasses,
//! the `OverflowError` of float `**` and `math`) and `os.strerror`,
//! `signal.strsignal`, `socket.gaierror`/`herror` with the C library's message
//! functions, and glibc and musl word them differently (`ERANGE`: "Numerical
//! result out of range" against "Result not representable"). This module is
//! the one table behind them on every target; with `c-exports` the functions
//! are exported under the C names, so a static CPython (and, preloaded, the
//! reference CPython) prints these words.
//!
//! The wording is glibc's ([`TEXT_ORIGIN`]): it is what the pure-Python
//! original prints on the Linux machines most programs are written and checked
//! on (Debian, Ubuntu, Fedora, the usual CI runners), so pinning to it changes
//! nothing for them and removes the drift on musl (and, next, WASI's
//! musl-derived libc). The numbers are Linux's generic ones, shared by x86_64
//! and aarch64 on glibc and musl alike (checked against the target's own
//! `<errno.h>` values in the tests).

use std::borrow::Cow;

/// Where the words come from (recorded next to the libm pin in every report).
pub const TEXT_ORIGIN: &str = "glibc 2.36 (Debian 12), C locale";

/// `strerror`: (errno, name, message) for every number glibc describes.
pub static ERRNO_TEXT: &[(i32, &str, &str)] = &[
    (0, "", "Success"),
    (1, "EPERM", "Operation not permitted"),
    (2, "ENOENT", "No such file or directory"),
    (3, "ESRCH", "No such process"),
    (4, "EINTR", "Interrupted system call"),
    (5, "EIO", "Input/output error"),
    (6, "ENXIO", "No such device or address"),
    (7, "E2BIG", "Argument list too long"),
    (8, "ENOEXEC", "Exec format error"),
    (9, "EBADF", "Bad file descriptor"),
    (10, "ECHILD", "No child processes"),
    (11, "EAGAIN", "Resource temporarily unavailable"),
    (12, "ENOMEM", "Cannot allocate memory"),
    (13, "EACCES", "Permission denied"),
    (14, "EFAULT", "Bad address"),
    (15, "ENOTBLK", "Block device required"),
    (16, "EBUSY", "Device or resource busy"),
    (17, "EEXIST", "File exists"),
    (18, "EXDEV", "Invalid cross-device link"),
    (19, "ENODEV", "No such device"),
    (20, "ENOTDIR", "Not a directory"),
    (21, "EISDIR", "Is a directory"),
    (22, "EINVAL", "Invalid argument"),
    (23, "ENFILE", "Too many open files in system"),
    (24, "EMFILE", "Too many open files"),
    (25, "ENOTTY", "Inappropriate ioctl for device"),
    (26, "ETXTBSY", "Text file busy"),
    (27, "EFBIG", "File too large"),
    (28, "ENOSPC", "No space left on device"),
    (29, "ESPIPE", "Illegal seek"),
    (30, "EROFS", "Read-only file system"),
    (31, "EMLINK", "Too many links"),
    (32, "EPIPE", "Broken pipe"),
    (33, "EDOM", "Numerical argument out of domain"),
    (34, "ERANGE", "Numerical result out of range"),
    (35, "EDEADLK", "Resource deadlock avoided"),
    (36, "ENAMETOOLONG", "File name too long"),
    (37, "ENOLCK", "No locks available"),
    (38, "ENOSYS", "Function not implemented"),
    (39, "ENOTEMPTY", "Directory not empty"),
    (40, "ELOOP", "Too many levels of symbolic links"),
    (42, "ENOMSG", "No message of desired type"),
    (43, "EIDRM", "Identifier removed"),
    (44, "ECHRNG", "Channel number out of range"),
    (45, "EL2NSYNC", "Level 2 not synchronized"),
    (46, "EL3HLT", "Level 3 halted"),
    (47, "EL3RST", "Level 3 reset"),
    (48, "ELNRNG", "Link number out of range"),
    (49, "EUNATCH", "Protocol driver not attached"),
    (50, "ENOCSI", "No CSI structure available"),
    (51, "EL2HLT", "Level 2 halted"),
    (52, "EBADE", "Invalid exchange"),
    (53, "EBADR", "Invalid request descriptor"),
    (54, "EXFULL", "Exchange full"),
    (55, "ENOANO", "No anode"),
    (56, "EBADRQC", "Invalid request code"),
    (57, "EBADSLT", "Invalid slot"),
    (59, "EBFONT", "Bad font file format"),
    (60, "ENOSTR", "Device not a stream"),
    (61, "ENODATA", "No data available"),
    (62, "ETIME", "Timer expired"),
    (63, "ENOSR", "Out of streams resources"),
    (64, "ENONET", "Machine is not on the network"),
    (65, "ENOPKG", "Package not installed"),
    (66, "EREMOTE", "Object is remote"),
    (67, "ENOLINK", "Link has been severed"),
    (68, "EADV", "Advertise error"),
    (69, "ESRMNT", "Srmount error"),
    (70, "ECOMM", "Communication error on send"),
    (71, "EPROTO", "Protocol error"),
    (72, "EMULTIHOP", "Multihop attempted"),
    (73, "EDOTDOT", "RFS specific error"),
    (74, "EBADMSG", "Bad message"),
    (75, "EOVERFLOW", "Value too large for defined data type"),
    (76, "ENOTUNIQ", "Name not unique on network"),
    (77, "EBADFD", "File descriptor in bad state"),
    (78, "EREMCHG", "Remote address changed"),
    (79, "ELIBACC", "Can not access a needed shared library"),
    (80, "ELIBBAD", "Accessing a corrupted shared library"),
    (81, "ELIBSCN", ".lib section in a.out corrupted"),
    (
        82,
        "ELIBMAX",
        "Attempting to link in too many shared libraries",
    ),
    (83, "ELIBEXEC", "Cannot exec a shared library directly"),
    (
        84,
        "EILSEQ",
        "Invalid or incomplete multibyte or wide character",
    ),
    (
        85,
        "ERESTART",
        "Interrupted system call should be restarted",
    ),
    (86, "ESTRPIPE", "Streams pipe error"),
    (87, "EUSERS", "Too many users"),
    (88, "ENOTSOCK", "Socket operation on non-socket"),
    (89, "EDESTADDRREQ", "Destination address required"),
    (90, "EMSGSIZE", "Message too long"),
    (91, "EPROTOTYPE", "Protocol wrong type for socket"),
    (92, "ENOPROTOOPT", "Protocol not available"),
    (93, "EPROTONOSUPPORT", "Protocol not supported"),
    (94, "ESOCKTNOSUPPORT", "Socket type not supported"),
    (95, "EOPNOTSUPP", "Operation not supported"),
    (96, "EPFNOSUPPORT", "Protocol family not supported"),
    (
        97,
        "EAFNOSUPPORT",
        "Address family not supported by protocol",
    ),
    (98, "EADDRINUSE", "Address already in use"),
    (99, "EADDRNOTAVAIL", "Cannot assign requested address"),
    (100, "ENETDOWN", "Network is down"),
    (101, "ENETUNREACH", "Network is unreachable"),
    (102, "ENETRESET", "Network dropped connection on reset"),
    (103, "ECONNABORTED", "Software caused connection abort"),
    (104, "ECONNRESET", "Connection reset by peer"),
    (105, "ENOBUFS", "No buffer space available"),
    (106, "EISCONN", "Transport endpoint is already connected"),
    (107, "ENOTCONN", "Transport endpoint is not connected"),
    (
        108,
        "ESHUTDOWN",
        "Cannot send after transport endpoint shutdown",
    ),
    (109, "ETOOMANYREFS", "Too many references: cannot splice"),
    (110, "ETIMEDOUT", "Connection timed out"),
    (111, "ECONNREFUSED", "Connection refused"),
    (112, "EHOSTDOWN", "Host is down"),
    (113, "EHOSTUNREACH", "No route to host"),
    (114, "EALREADY", "Operation already in progress"),
    (115, "EINPROGRESS", "Operation now in progress"),
    (116, "ESTALE", "Stale file handle"),
    (117, "EUCLEAN", "Structure needs cleaning"),
    (118, "ENOTNAM", "Not a XENIX named type file"),
    (119, "ENAVAIL", "No XENIX semaphores available"),
    (120, "EISNAM", "Is a named type file"),
    (121, "EREMOTEIO", "Remote I/O error"),
    (122, "EDQUOT", "Disk quota exceeded"),
    (123, "ENOMEDIUM", "No medium found"),
    (124, "EMEDIUMTYPE", "Wrong medium type"),
    (125, "ECANCELED", "Operation canceled"),
    (126, "ENOKEY", "Required key not available"),
    (127, "EKEYEXPIRED", "Key has expired"),
    (128, "EKEYREVOKED", "Key has been revoked"),
    (129, "EKEYREJECTED", "Key was rejected by service"),
    (130, "EOWNERDEAD", "Owner died"),
    (131, "ENOTRECOVERABLE", "State not recoverable"),
    (132, "ERFKILL", "Operation not possible due to RF-kill"),
    (133, "EHWPOISON", "Memory page has hardware error"),
];

/// `strsignal`: (signal, name, description) for the classic signals; the
/// real-time ones are numbered from glibc's `SIGRTMIN` (see [`strsignal`]).
pub static SIGNAL_TEXT: &[(i32, &str, &str)] = &[
    (1, "SIGHUP", "Hangup"),
    (2, "SIGINT", "Interrupt"),
    (3, "SIGQUIT", "Quit"),
    (4, "SIGILL", "Illegal instruction"),
    (5, "SIGTRAP", "Trace/breakpoint trap"),
    (6, "SIGABRT", "Aborted"),
    (7, "SIGBUS", "Bus error"),
    (8, "SIGFPE", "Floating point exception"),
    (9, "SIGKILL", "Killed"),
    (10, "SIGUSR1", "User defined signal 1"),
    (11, "SIGSEGV", "Segmentation fault"),
    (12, "SIGUSR2", "User defined signal 2"),
    (13, "SIGPIPE", "Broken pipe"),
    (14, "SIGALRM", "Alarm clock"),
    (15, "SIGTERM", "Terminated"),
    (16, "SIGSTKFLT", "Stack fault"),
    (17, "SIGCHLD", "Child exited"),
    (18, "SIGCONT", "Continued"),
    (19, "SIGSTOP", "Stopped (signal)"),
    (20, "SIGTSTP", "Stopped"),
    (21, "SIGTTIN", "Stopped (tty input)"),
    (22, "SIGTTOU", "Stopped (tty output)"),
    (23, "SIGURG", "Urgent I/O condition"),
    (24, "SIGXCPU", "CPU time limit exceeded"),
    (25, "SIGXFSZ", "File size limit exceeded"),
    (26, "SIGVTALRM", "Virtual timer expired"),
    (27, "SIGPROF", "Profiling timer expired"),
    (28, "SIGWINCH", "Window changed"),
    (29, "SIGPOLL", "I/O possible"),
    (30, "SIGPWR", "Power failure"),
    (31, "SIGSYS", "Bad system call"),
];

/// glibc's real-time signal range on Linux (NPTL keeps 32 and 33 for itself).
const GLIBC_SIGRTMIN: i32 = 34;
const GLIBC_SIGRTMAX: i32 = 64;

/// `gai_strerror`: (`EAI_*` code, name, message); glibc's codes, which musl
/// shares for every name it has.
pub static GAI_TEXT: &[(i32, &str, &str)] = &[
    (-1, "EAI_BADFLAGS", "Bad value for ai_flags"),
    (-2, "EAI_NONAME", "Name or service not known"),
    (-3, "EAI_AGAIN", "Temporary failure in name resolution"),
    (-4, "EAI_FAIL", "Non-recoverable failure in name resolution"),
    (-5, "EAI_NODATA", "No address associated with hostname"),
    (-6, "EAI_FAMILY", "ai_family not supported"),
    (-7, "EAI_SOCKTYPE", "ai_socktype not supported"),
    (-8, "EAI_SERVICE", "Servname not supported for ai_socktype"),
    (
        -9,
        "EAI_ADDRFAMILY",
        "Address family for hostname not supported",
    ),
    (-10, "EAI_MEMORY", "Memory allocation failure"),
    (-11, "EAI_SYSTEM", "System error"),
    (-100, "EAI_INPROGRESS", "Processing request in progress"),
    (-101, "EAI_CANCELED", "Request canceled"),
    (-102, "EAI_NOTCANCELED", "Request not canceled"),
    (-103, "EAI_ALLDONE", "All requests done"),
    (-104, "EAI_INTR", "Interrupted by a signal"),
    (
        -105,
        "EAI_IDN_ENCODE",
        "Parameter string not correctly encoded",
    ),
];

/// `hstrerror`: (`h_errno`, name, message).
pub static HERROR_TEXT: &[(i32, &str, &str)] = &[
    (-1, "NETDB_INTERNAL", "Resolver internal error"),
    (0, "NETDB_SUCCESS", "Resolver Error 0 (no error)"),
    (1, "HOST_NOT_FOUND", "Unknown host"),
    (2, "TRY_AGAIN", "Host name lookup failure"),
    (3, "NO_RECOVERY", "Unknown server error"),
    (4, "NO_DATA", "No address associated with name"),
];

/// WASI numbers errno values its own way (the WASI preview 1 `errno` type,
/// which wasi-libc's `<errno.h>` uses: `ERANGE` is 68, Linux's 68 is
/// `EADV`): (WASI number, glibc's name for the same error). `ENOTSUP` is
/// listed under glibc's name for it, `EOPNOTSUPP`. WASI's 76,
/// `ENOTCAPABLE`, has no Linux counterpart: see [`WASI_NOTCAPABLE`].
pub static WASI_ERRNO: &[(i32, &str)] = &[
    (0, ""),
    (1, "E2BIG"),
    (2, "EACCES"),
    (3, "EADDRINUSE"),
    (4, "EADDRNOTAVAIL"),
    (5, "EAFNOSUPPORT"),
    (6, "EAGAIN"),
    (7, "EALREADY"),
    (8, "EBADF"),
    (9, "EBADMSG"),
    (10, "EBUSY"),
    (11, "ECANCELED"),
    (12, "ECHILD"),
    (13, "ECONNABORTED"),
    (14, "ECONNREFUSED"),
    (15, "ECONNRESET"),
    (16, "EDEADLK"),
    (17, "EDESTADDRREQ"),
    (18, "EDOM"),
    (19, "EDQUOT"),
    (20, "EEXIST"),
    (21, "EFAULT"),
    (22, "EFBIG"),
    (23, "EHOSTUNREACH"),
    (24, "EIDRM"),
    (25, "EILSEQ"),
    (26, "EINPROGRESS"),
    (27, "EINTR"),
    (28, "EINVAL"),
    (29, "EIO"),
    (30, "EISCONN"),
    (31, "EISDIR"),
    (32, "ELOOP"),
    (33, "EMFILE"),
    (34, "EMLINK"),
    (35, "EMSGSIZE"),
    (36, "EMULTIHOP"),
    (37, "ENAMETOOLONG"),
    (38, "ENETDOWN"),
    (39, "ENETRESET"),
    (40, "ENETUNREACH"),
    (41, "ENFILE"),
    (42, "ENOBUFS"),
    (43, "ENODEV"),
    (44, "ENOENT"),
    (45, "ENOEXEC"),
    (46, "ENOLCK"),
    (47, "ENOLINK"),
    (48, "ENOMEM"),
    (49, "ENOMSG"),
    (50, "ENOPROTOOPT"),
    (51, "ENOSPC"),
    (52, "ENOSYS"),
    (53, "ENOTCONN"),
    (54, "ENOTDIR"),
    (55, "ENOTEMPTY"),
    (56, "ENOTRECOVERABLE"),
    (57, "ENOTSOCK"),
    (58, "EOPNOTSUPP"),
    (59, "ENOTTY"),
    (60, "ENXIO"),
    (61, "EOVERFLOW"),
    (62, "EOWNERDEAD"),
    (63, "EPERM"),
    (64, "EPIPE"),
    (65, "EPROTO"),
    (66, "EPROTONOSUPPORT"),
    (67, "EPROTOTYPE"),
    (68, "ERANGE"),
    (69, "EROFS"),
    (70, "ESPIPE"),
    (71, "ESRCH"),
    (72, "ESTALE"),
    (73, "ETIMEDOUT"),
    (74, "ETXTBSY"),
    (75, "EXDEV"),
];

/// This target's `ERANGE` and `EINVAL` (WASI numbers them 68 and 28).
pub const ERANGE: i32 = if cfg!(target_os = "wasi") { 68 } else { 34 };
pub const EINVAL: i32 = if cfg!(target_os = "wasi") { 28 } else { 22 };

/// WASI's own error (a capability the runtime did not grant), in wasi-libc's
/// words: glibc has none to give.
pub const WASI_NOTCAPABLE: (i32, &str, &str) = (76, "ENOTCAPABLE", "Capabilities insufficient");

/// The number glibc's table knows `errnum` of this target's C library by:
/// the same on Linux; on WASI translated by name ([`WASI_ERRNO`]). `None`
/// for a number this C library does not define.
pub fn linux_errno(errnum: i32) -> Option<i32> {
    if cfg!(target_os = "wasi") {
        wasi_to_linux(errnum)
    } else {
        Some(errnum)
    }
}

/// [`linux_errno`] for WASI's numbering (on every target, for the tests).
pub fn wasi_to_linux(errnum: i32) -> Option<i32> {
    let (_, name) = WASI_ERRNO.iter().find(|(n, _)| *n == errnum)?;
    ERRNO_TEXT
        .iter()
        .find(|(_, glibc, _)| glibc == name)
        .map(|(linux, _, _)| *linux)
}

fn find(table: &'static [(i32, &str, &str)], number: i32) -> Option<&'static str> {
    table
        .iter()
        .find(|(n, _, _)| *n == number)
        .map(|(_, _, text)| *text)
}

/// `strerror(errnum)`: glibc's words, "Unknown error N" for the rest.
/// The number is this target's C library's (see [`linux_errno`]).
pub fn strerror(errnum: i32) -> Cow<'static, str> {
    match linux_errno(errnum).and_then(|n| find(ERRNO_TEXT, n)) {
        Some(text) => Cow::Borrowed(text),
        None if cfg!(target_os = "wasi") && errnum == WASI_NOTCAPABLE.0 => {
            Cow::Borrowed(WASI_NOTCAPABLE.2)
        }
        None => Cow::Owned(format!("Unknown error {errnum}")),
    }
}

/// `strsignal(sig)`: glibc's words, real-time signals counted from glibc's
/// `SIGRTMIN` on every libc (musl's own `SIGRTMIN` is 35), "Unknown signal N"
/// for the rest (which `signal.strsignal` turns into `None`).
pub fn strsignal(sig: i32) -> Cow<'static, str> {
    match find(SIGNAL_TEXT, sig) {
        Some(text) => Cow::Borrowed(text),
        None if (GLIBC_SIGRTMIN..=GLIBC_SIGRTMAX).contains(&sig) => {
            Cow::Owned(format!("Real-time signal {}", sig - GLIBC_SIGRTMIN))
        }
        None => Cow::Owned(format!("Unknown signal {sig}")),
    }
}

/// `gai_strerror(code)`: glibc's words, "Unknown error" for the rest.
pub fn gai_strerror(code: i32) -> &'static str {
    find(GAI_TEXT, code).unwrap_or("Unknown error")
}

/// `hstrerror(code)`: glibc's words; every negative code is an internal
/// error, any other unknown one "Unknown resolver error".
pub fn hstrerror(code: i32) -> &'static str {
    find(HERROR_TEXT, code.max(-1)).unwrap_or("Unknown resolver error")
}

/// The C symbols exported with `c-exports` (the build guard refuses a pinned
/// binary that imports any of them from the platform libc).
pub const EXPORTED_TEXT_SYMBOLS: &[&str] = &[
    "strerror",
    "strerror_r",
    "__xpg_strerror_r",
    "strsignal",
    "gai_strerror",
    "hstrerror",
];

/// Every table, one line per entry, after the origin: the bytes whose SHA-256
/// reports record as the text pin's identity (a changed word changes it).
pub fn canonical_tables() -> String {
    let mut out = format!("origin\t{TEXT_ORIGIN}\n");
    for (kind, table) in [
        ("errno", ERRNO_TEXT),
        ("signal", SIGNAL_TEXT),
        ("gai", GAI_TEXT),
        ("herror", HERROR_TEXT),
    ] {
        for (number, name, text) in table {
            out.push_str(&format!("{kind}\t{number}\t{name}\t{text}\n"));
        }
    }
    out.push_str(&format!(
        "signal\t{GLIBC_SIGRTMIN}..={GLIBC_SIGRTMAX}\tSIGRTMIN+n\tReal-time signal n\n"
    ));
    // WASI's numbering of the same errors, and its one error of its own.
    for (number, name) in WASI_ERRNO {
        out.push_str(&format!("wasi-errno\t{number}\t{name}\n"));
    }
    let (number, name, text) = WASI_NOTCAPABLE;
    out.push_str(&format!("wasi-errno\t{number}\t{name}\t{text}\n"));
    // The time pin (formatting rules, by version, and the C-locale items).
    out.push_str("strftime\tglibc 2.36 rules, C locale\n");
    for (item, name, text) in crate::libc_time::LANGINFO_C {
        out.push_str(&format!("langinfo\t{item}\t{name}\t{text}\n"));
    }
    out.push_str(&format!(
        "langinfo\t{}\tCODESET (byte locale)\t{}\n",
        crate::libc_time::CODESET_ITEM,
        crate::libc_time::BYTE_CODESET
    ));
    out
}

/// C-ABI definitions under the C library's names.
#[cfg(feature = "c-exports")]
pub mod c_exports {
    use std::cell::UnsafeCell;
    use std::ffi::{c_char, c_int, CString};
    use std::sync::OnceLock;

    /// The NUL-terminated copy of one table, made once: known messages are
    /// static strings, as in glibc, so two calls never overwrite each other.
    fn c_table(
        cell: &'static OnceLock<Vec<(i32, CString)>>,
        table: &'static [(i32, &str, &str)],
    ) -> &'static [(i32, CString)] {
        cell.get_or_init(|| {
            table
                .iter()
                .map(|(n, _, text)| (*n, CString::new(*text).expect("no NUL in the tables")))
                .collect()
        })
    }

    /// The static C string of `number` in `table` (shared with the time
    /// exports' `nl_langinfo`).
    pub(crate) fn known(
        cell: &'static OnceLock<Vec<(i32, CString)>>,
        table: &'static [(i32, &str, &str)],
        number: i32,
    ) -> Option<*mut c_char> {
        c_table(cell, table)
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, text)| text.as_ptr().cast_mut())
    }

    static ERRNO: OnceLock<Vec<(i32, CString)>> = OnceLock::new();
    static SIGNAL: OnceLock<Vec<(i32, CString)>> = OnceLock::new();
    static GAI: OnceLock<Vec<(i32, CString)>> = OnceLock::new();
    static HERROR: OnceLock<Vec<(i32, CString)>> = OnceLock::new();

    thread_local! {
        /// "Unknown error N" and real-time signal texts: per thread, like glibc.
        static SCRATCH: UnsafeCell<[u8; 64]> = const { UnsafeCell::new([0; 64]) };
    }

    /// Copies `text` into this thread's scratch buffer (NUL-terminated).
    fn scratch(text: &str) -> *mut c_char {
        SCRATCH.with(|cell| {
            let buf = cell.get();
            let len = text.len().min(63);
            // SAFETY: the buffer is this thread's own and 64 bytes long; no
            // reference to it outlives this call.
            unsafe {
                std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), len);
                *buf.cast::<u8>().add(len) = 0;
            }
            buf.cast::<c_char>()
        })
    }

    /// Writes `text` into a caller's buffer: 0, or `ERANGE` when it was cut.
    ///
    /// # Safety
    /// `buf` must be valid for `len` bytes of writes (or `len` is 0).
    unsafe fn fill(text: &str, buf: *mut c_char, len: usize) -> c_int {
        if buf.is_null() || len == 0 {
            return super::ERANGE;
        }
        let n = text.len().min(len - 1);
        // SAFETY: n + 1 <= len bytes, as the caller guarantees.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), n);
            *buf.cast::<u8>().add(n) = 0;
        }
        if n < text.len() {
            super::ERANGE
        } else {
            0
        }
    }

    #[no_mangle]
    pub extern "C" fn strerror(errnum: c_int) -> *mut c_char {
        known_errno(errnum).unwrap_or_else(|| scratch(&super::strerror(errnum)))
    }

    /// The static C string of this C library's `errnum`, if glibc has one.
    fn known_errno(errnum: c_int) -> Option<*mut c_char> {
        known(&ERRNO, super::ERRNO_TEXT, super::linux_errno(errnum)?)
    }

    /// The XSI `strerror_r` (returns an error number) under the name Rust's
    /// `std` and `-D_XOPEN_SOURCE` C code call on Linux, glibc and musl alike.
    ///
    /// # Safety
    /// `buf` must be valid for `len` bytes of writes.
    #[export_name = "__xpg_strerror_r"]
    pub unsafe extern "C" fn xsi_strerror_r(errnum: c_int, buf: *mut c_char, len: usize) -> c_int {
        // SAFETY: forwarded from the caller.
        let status = unsafe { fill(&super::strerror(errnum), buf, len) };
        match (status, known_errno(errnum)) {
            (0, None) => super::EINVAL, // an unknown number, still described
            (status, _) => status,
        }
    }

    /// musl's `strerror_r` is the XSI one too. Both of musl's names must be
    /// defined here: its archive member defines them together, and linking
    /// it for either would clash with these.
    ///
    /// # Safety
    /// `buf` must be valid for `len` bytes of writes.
    #[cfg_attr(not(target_env = "gnu"), export_name = "strerror_r")]
    pub unsafe extern "C" fn musl_strerror_r(errnum: c_int, buf: *mut c_char, len: usize) -> c_int {
        // SAFETY: forwarded from the caller.
        unsafe { xsi_strerror_r(errnum, buf, len) }
    }

    /// glibc's GNU `strerror_r` (returns the message): a static string when
    /// known, else the text written into `buf`. Exported on glibc only (musl's
    /// `strerror_r` is the XSI one above).
    ///
    /// # Safety
    /// `buf` must be valid for `len` bytes of writes.
    #[cfg_attr(target_env = "gnu", export_name = "strerror_r")]
    pub unsafe extern "C" fn gnu_strerror_r(
        errnum: c_int,
        buf: *mut c_char,
        len: usize,
    ) -> *mut c_char {
        if let Some(text) = known_errno(errnum) {
            return text;
        }
        // SAFETY: forwarded from the caller.
        unsafe { fill(&super::strerror(errnum), buf, len) };
        buf
    }

    #[no_mangle]
    pub extern "C" fn strsignal(sig: c_int) -> *mut c_char {
        known(&SIGNAL, super::SIGNAL_TEXT, sig).unwrap_or_else(|| scratch(&super::strsignal(sig)))
    }

    #[no_mangle]
    pub extern "C" fn gai_strerror(code: c_int) -> *const c_char {
        known(&GAI, super::GAI_TEXT, code)
            .map_or(c"Unknown error".as_ptr(), <*mut c_char>::cast_const)
    }

    #[no_mangle]
    pub extern "C" fn hstrerror(code: c_int) -> *const c_char {
        known(&HERROR, super::HERROR_TEXT, code.max(-1)).map_or(
            c"Unknown resolver error".as_ptr(),
            <*mut c_char>::cast_const,
        )
    }

    /// Addresses of every export (see the libm's `EXPORT_TABLE`).
    #[used]
    pub static TEXT_EXPORT_TABLE: crate::c_exports::ExportTable = crate::c_exports::ExportTable(&[
        strerror as *const (),
        xsi_strerror_r as *const (),
        gnu_strerror_r as *const (),
        strsignal as *const (),
        gai_strerror as *const (),
        hstrerror as *const (),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_numbers_are_worded_like_glibc() {
        assert_eq!(strerror(34), "Numerical result out of range");
        assert_eq!(strerror(41), "Unknown error 41");
        assert_eq!(strerror(-3), "Unknown error -3");
        assert_eq!(strsignal(34), "Real-time signal 0");
        assert_eq!(strsignal(64), "Real-time signal 30");
        assert_eq!(strsignal(32), "Unknown signal 32");
        assert_eq!(strsignal(65), "Unknown signal 65");
        assert_eq!(gai_strerror(-12), "Unknown error");
        assert_eq!(hstrerror(9), "Unknown resolver error");
    }

    #[test]
    fn wasi_errno_numbers_translate_by_name_to_glibcs_words() {
        // WASI numbers 0..=75 in order, each a distinct error glibc describes.
        let numbers: Vec<i32> = WASI_ERRNO.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (0..=75).collect::<Vec<_>>());
        let mut linux: Vec<i32> = WASI_ERRNO
            .iter()
            .map(|(n, name)| wasi_to_linux(*n).unwrap_or_else(|| panic!("{name} unknown to glibc")))
            .collect();
        linux.sort_unstable();
        linux.dedup();
        assert_eq!(linux.len(), WASI_ERRNO.len());
        assert_eq!(wasi_to_linux(68), Some(34)); // ERANGE
        assert_eq!(wasi_to_linux(44), Some(2)); // ENOENT
        assert_eq!(wasi_to_linux(58), Some(95)); // ENOTSUP = EOPNOTSUPP
        assert_eq!(wasi_to_linux(0), Some(0));
        assert_eq!(wasi_to_linux(WASI_NOTCAPABLE.0), None);
        assert_eq!(wasi_to_linux(77), None);
        // On this (Linux) target the numbers are glibc's own.
        assert_eq!(linux_errno(68), Some(68));
        assert_eq!((ERANGE, EINVAL), (34, 22));
    }

    #[test]
    fn the_identity_covers_every_entry() {
        let text = canonical_tables();
        let entries = ERRNO_TEXT.len() + SIGNAL_TEXT.len() + GAI_TEXT.len() + HERROR_TEXT.len();
        let time = crate::libc_time::LANGINFO_C.len() + 2;
        let wasi = WASI_ERRNO.len() + 1;
        assert_eq!(text.lines().count(), entries + 2 + time + wasi);
        assert!(text.contains("errno\t34\tERANGE\tNumerical result out of range\n"));
    }

    #[cfg(feature = "c-exports")]
    #[test]
    fn the_c_exports_say_the_same_words() {
        use std::ffi::CStr;
        let c = |p: *const std::ffi::c_char| {
            // SAFETY: the exports return NUL-terminated strings.
            unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string()
        };
        let range = c_exports::strerror(34);
        assert_eq!(c(range), "Numerical result out of range");
        // Known messages are static: a later call does not overwrite them.
        assert_eq!(c(c_exports::strerror(999)), "Unknown error 999");
        assert_eq!(c(range), "Numerical result out of range");
        assert_eq!(c(c_exports::strsignal(40)), "Real-time signal 6");
        assert_eq!(c(c_exports::gai_strerror(-2)), "Name or service not known");
        assert_eq!(c(c_exports::hstrerror(-7)), "Resolver internal error");
        let mut buf = [0 as std::ffi::c_char; 8];
        // SAFETY: an 8-byte buffer.
        let status = unsafe { c_exports::xsi_strerror_r(2, buf.as_mut_ptr(), buf.len()) };
        assert_eq!((status, c(buf.as_ptr())), (34, "No such".to_string()));
        let mut buf = [0 as std::ffi::c_char; 64];
        // SAFETY: a 64-byte buffer.
        let status = unsafe { c_exports::xsi_strerror_r(300, buf.as_mut_ptr(), buf.len()) };
        assert_eq!(
            (status, c(buf.as_ptr())),
            (22, "Unknown error 300".to_string())
        );
    }

    /// On a glibc host the tables must be exactly the host's words: glibc's
    /// own describers (`strerrordesc_np`, `sigdescr_np`, 2.32+) are not the
    /// exported names, and `dlsym(RTLD_NEXT)` finds glibc's `gai_strerror`
    /// and `hstrerror` behind any export of ours in this test binary.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    mod against_the_host_glibc {
        use super::super::*;
        use std::ffi::{c_char, c_int, c_void, CStr};

        extern "C" {
            fn strerrordesc_np(errnum: c_int) -> *const c_char;
            fn strerrorname_np(errnum: c_int) -> *const c_char;
            fn sigdescr_np(sig: c_int) -> *const c_char;
            fn sigabbrev_np(sig: c_int) -> *const c_char;
            fn dlsym(handle: *mut c_void, name: *const c_char) -> *mut c_void;
            fn gnu_get_libc_version() -> *const c_char;
        }

        fn text(p: *const c_char) -> Option<String> {
            // SAFETY: glibc returns NULL or a static NUL-terminated string.
            (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
        }

        fn host_only(version: &str) -> bool {
            // SAFETY: a static string.
            let host = text(unsafe { gnu_get_libc_version() }).unwrap_or_default();
            if host != version {
                eprintln!("host glibc {host}, the table is from {version}: not compared");
            }
            host == version
        }

        #[test]
        fn errno_and_signal_words_are_the_host_glibc_words() {
            if !host_only("2.36") {
                return;
            }
            for n in -5..200 {
                // SAFETY: plain calls with any int.
                let (desc, name) = unsafe { (strerrordesc_np(n), strerrorname_np(n)) };
                let ours = ERRNO_TEXT.iter().find(|(m, _, _)| *m == n);
                match text(desc) {
                    Some(desc) => {
                        let (_, our_name, our_text) =
                            ours.unwrap_or_else(|| panic!("errno {n} missing"));
                        assert_eq!(*our_text, desc, "errno {n}");
                        let name = text(name).filter(|_| n != 0).unwrap_or_default();
                        assert_eq!(*our_name, name, "errno {n}");
                    }
                    None => assert!(ours.is_none(), "errno {n} is unknown to glibc"),
                }
            }
            for n in 0..70 {
                // SAFETY: plain calls with any int.
                let (desc, abbrev) = unsafe { (sigdescr_np(n), sigabbrev_np(n)) };
                let ours = SIGNAL_TEXT.iter().find(|(m, _, _)| *m == n);
                match text(desc) {
                    Some(desc) => {
                        let (_, our_name, our_text) =
                            ours.unwrap_or_else(|| panic!("signal {n} missing"));
                        assert_eq!(*our_text, desc, "signal {n}");
                        assert_eq!(
                            *our_name,
                            format!("SIG{}", text(abbrev).unwrap_or_default())
                        );
                    }
                    None => assert!(ours.is_none(), "signal {n} is unknown to glibc"),
                }
            }
        }

        #[test]
        fn resolver_words_are_the_host_glibc_words() {
            if !host_only("2.36") {
                return;
            }
            const RTLD_NEXT: *mut c_void = -1isize as *mut c_void;
            // SAFETY: looking up two libc functions by name.
            let (gai, herr) = unsafe {
                (
                    dlsym(RTLD_NEXT, c"gai_strerror".as_ptr()),
                    dlsym(RTLD_NEXT, c"hstrerror".as_ptr()),
                )
            };
            assert!(!gai.is_null() && !herr.is_null());
            // SAFETY: both have the signature `const char *f(int)`.
            type Describe = extern "C" fn(c_int) -> *const c_char;
            let (gai, herr) = unsafe {
                (
                    std::mem::transmute::<*mut c_void, Describe>(gai),
                    std::mem::transmute::<*mut c_void, Describe>(herr),
                )
            };
            for n in -120..20 {
                assert_eq!(gai_strerror(n), text(gai(n)).unwrap(), "EAI {n}");
                assert_eq!(hstrerror(n), text(herr(n)).unwrap(), "h_errno {n}");
            }
        }
    }
}
