//! The C library's time formatting, pinned to glibc's behaviour in the C
//! locale for the targets whose C library formats differently.
//!
//! `time.strftime` hands the whole format to the C library (`wcsftime`), so
//! every GNU extension a program uses is the C library's business: on musl
//! `%k`, `%l`, `%P`, the `^`/`#` flags and field widths (`%10A`, `%05d`) make
//! the whole result empty, and `%Z` of a struct without a zone prints nothing
//! where glibc prints the local zone's name. `time.gmtime()` carries glibc's
//! zone name "GMT" where musl says "UTC"; a few `nl_langinfo` items of the C
//! locale differ too. This module is glibc 2.36's rules, written from its
//! documented behaviour and checked against the host glibc in the tests; on
//! musl (and WASI, which follows musl) the exports below replace the C
//! library's. glibc targets keep glibc's own functions: they are the origin,
//! and only they know the other locales a program may select.

/// What the formatter asks the C library about the local time zone.
pub trait LocalZone {
    /// `mktime`: the seconds since the epoch of a local broken-down time.
    fn seconds(&self, tm: &Tm) -> Option<i64>;
    /// `tzname[isdst]` after `tzset()`.
    fn name(&self, isdst: i32) -> Vec<u32>;
}

/// A `struct tm`, with the zone name decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tm {
    pub sec: i32,
    pub min: i32,
    pub hour: i32,
    pub mday: i32,
    pub mon: i32,
    /// Years since 1900.
    pub year: i32,
    pub wday: i32,
    pub yday: i32,
    pub isdst: i32,
    pub gmtoff: i64,
    /// `tm_zone`, `None` when the pointer is NULL.
    pub zone: Option<Vec<u32>>,
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The output would not fit: `strftime` returns 0.
#[derive(Debug, PartialEq, Eq)]
pub struct Full;

/// Letter case applied to copied text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Keep,
    Upper,
    Lower,
}

/// A character's case mapping when it is one character (as `towupper` and
/// `towlower` map), else the character itself.
fn one_to_one<I: Iterator<Item = char>>(c: u32, map: impl Fn(char) -> I) -> u32 {
    char::from_u32(c)
        .map(|ch| {
            let mut mapped = map(ch);
            match (mapped.next(), mapped.next()) {
                (Some(m), None) => m as u32,
                _ => c,
            }
        })
        .unwrap_or(c)
}

fn upper(c: u32) -> u32 {
    one_to_one(c, char::to_uppercase)
}

fn lower(c: u32) -> u32 {
    one_to_one(c, char::to_lowercase)
}

fn units(text: &str) -> Vec<u32> {
    text.chars().map(|c| c as u32).collect()
}

/// The output and its capacity (`maxsize`, which includes the final NUL).
struct Out {
    text: Vec<u32>,
    limit: usize,
}

impl Out {
    /// glibc's `add`: `n` units after padding to `width` (zeros for the `0`
    /// flag, spaces otherwise), refused when it would not leave room for NUL.
    fn add(
        &mut self,
        n: usize,
        width: i64,
        pad: u32,
        write: impl FnOnce(&mut Vec<u32>),
    ) -> Result<(), Full> {
        let delta = width - n as i64;
        let incr = n + usize::try_from(delta.max(0)).map_err(|_| Full)?;
        if incr >= self.limit - self.text.len() {
            return Err(Full);
        }
        if delta > 0 {
            let fill = if pad == u32::from(b'0') { b'0' } else { b' ' };
            self.text
                .extend(std::iter::repeat_n(u32::from(fill), delta as usize));
        }
        write(&mut self.text);
        Ok(())
    }

    fn cpy(&mut self, s: &[u32], width: i64, pad: u32, case: Case) -> Result<(), Full> {
        self.add(s.len(), width, pad, |out| {
            out.extend(s.iter().map(|&c| match case {
                Case::Keep => c,
                Case::Upper => upper(c),
                Case::Lower => lower(c),
            }))
        })
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days since the Monday of the ISO week holding January 4 (negative:
/// the week belongs to the previous ISO year).
fn iso_week_days(yday: i32, wday: i32) -> i32 {
    const BIG_ENOUGH_MULTIPLE_OF_7: i32 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_ENOUGH_MULTIPLE_OF_7) % 7 + 4 - 1
}

/// `strftime(format, tm)` with at most `limit - 1` units of output, as
/// glibc 2.36 formats in the C locale; `Err(Full)` where it returns 0.
pub fn strftime(
    format: &[u32],
    tm: &Tm,
    zone: &dyn LocalZone,
    limit: usize,
) -> Result<Vec<u32>, Full> {
    let mut out = Out {
        text: Vec::new(),
        limit,
    };
    let mut tzset_called = false;
    format_into(&mut out, format, tm, zone, &mut tzset_called)?;
    Ok(out.text)
}

fn format_into(
    out: &mut Out,
    format: &[u32],
    tm: &Tm,
    zone: &dyn LocalZone,
    tzset_called: &mut bool,
) -> Result<(), Full> {
    let ch = |c: u8| u32::from(c);
    let hour12 = match tm.hour {
        h if h > 12 => h - 12,
        0 => 12,
        h => h,
    };
    let end = format.iter().position(|&c| c == 0).unwrap_or(format.len());
    let format = &format[..end];
    let at = |i: usize| format.get(i).copied().unwrap_or(0);
    let mut f = 0;
    while f < format.len() {
        if format[f] != ch(b'%') {
            let c = format[f];
            out.add(1, -1, 0, |o| o.push(c))?;
            f += 1;
            continue;
        }
        let start = f;
        let mut pad = 0u32;
        let mut width: i64 = -1;
        let mut to_upper = false;
        let mut to_lower = false;
        let mut change_case = false;
        // Flags.
        loop {
            f += 1;
            match at(f) {
                c if c == ch(b'_') || c == ch(b'-') || c == ch(b'0') => pad = c,
                c if c == ch(b'^') => to_upper = true,
                c if c == ch(b'#') => change_case = true,
                _ => break,
            }
        }
        // Field width (a GNU extension), saturating like glibc's.
        if (ch(b'0')..=ch(b'9')).contains(&at(f)) {
            width = 0;
            while (ch(b'0')..=ch(b'9')).contains(&at(f)) {
                width = (width * 10 + i64::from(at(f) - ch(b'0'))).min(i64::from(i32::MAX));
                f += 1;
            }
        }
        let modifier = match at(f) {
            c if c == ch(b'E') || c == ch(b'O') => {
                f += 1;
                c
            }
            _ => 0,
        };
        let conversion = at(f);
        // What one conversion produces.
        enum Field {
            Text(Vec<u32>),
            Number {
                digits: i64,
                value: i64,
                space: bool,
            },
            Sub(&'static str),
            Signed {
                digits: i64,
                text: Vec<u32>,
                negative: bool,
            },
            Nothing,
            Bad,
        }
        let number = |d: i64, v: i32| Field::Number {
            digits: d,
            value: i64::from(v),
            space: false,
        };
        let spaced = |d: i64, v: i32| Field::Number {
            digits: d,
            value: i64::from(v),
            space: true,
        };
        let e = ch(b'E');
        let o = ch(b'O');
        let year = tm.year.wrapping_add(1900);
        let field = match char::from_u32(conversion).unwrap_or('\u{fffd}') {
            '%' if modifier != 0 => Field::Bad,
            '%' => Field::Text(vec![ch(b'%')]),
            'a' | 'A' if modifier != 0 => Field::Bad,
            'a' | 'A' => {
                if change_case {
                    to_upper = true;
                    to_lower = false;
                }
                let name = DAYS.get(tm.wday as usize).copied().unwrap_or("?");
                let name = if conversion == ch(b'a') && name != "?" {
                    &name[..3]
                } else {
                    name
                };
                Field::Text(units(name))
            }
            'B' if modifier == e => Field::Bad,
            'b' | 'h' | 'B' => {
                if change_case {
                    to_upper = true;
                    to_lower = false;
                }
                if modifier == e {
                    Field::Bad
                } else {
                    let name = MONTHS.get(tm.mon as usize).copied().unwrap_or("?");
                    let name = if conversion != ch(b'B') && name != "?" {
                        &name[..3]
                    } else {
                        name
                    };
                    Field::Text(units(name))
                }
            }
            'c' if modifier == o => Field::Bad,
            'c' => Field::Sub("%a %b %e %H:%M:%S %Y"),
            'C' => number(1, year / 100 - i32::from(year % 100 < 0)),
            'x' if modifier == o => Field::Bad,
            'x' => Field::Sub("%m/%d/%y"),
            'D' if modifier != 0 => Field::Bad,
            'D' => Field::Sub("%m/%d/%y"),
            'd' | 'e' | 'H' | 'I' | 'k' | 'l' | 'j' | 'M' | 'm' | 'S' | 'U' | 'V' | 'g' | 'G'
            | 'W' | 'w'
                if modifier == e =>
            {
                Field::Bad
            }
            'd' => number(2, tm.mday),
            'e' => spaced(2, tm.mday),
            'F' if modifier != 0 => Field::Bad,
            'F' => Field::Sub("%Y-%m-%d"),
            'H' => number(2, tm.hour),
            'I' => number(2, hour12),
            'k' => spaced(2, tm.hour),
            'l' => spaced(2, hour12),
            'j' => number(3, tm.yday.wrapping_add(1)),
            'M' => number(2, tm.min),
            'm' => number(2, tm.mon.wrapping_add(1)),
            'n' => Field::Text(vec![ch(b'\n')]),
            't' => Field::Text(vec![ch(b'\t')]),
            'p' | 'P' => {
                if conversion == ch(b'P') {
                    to_lower = true;
                }
                if change_case {
                    to_upper = false;
                    to_lower = true;
                }
                Field::Text(units(if tm.hour > 11 { "PM" } else { "AM" }))
            }
            'R' => Field::Sub("%H:%M"),
            'r' => Field::Sub("%I:%M:%S %p"),
            'S' => number(2, tm.sec),
            's' => match zone.seconds(tm) {
                Some(t) => Field::Signed {
                    digits: 1,
                    text: units(&t.unsigned_abs().to_string()),
                    negative: t < 0,
                },
                None => Field::Signed {
                    digits: 1,
                    text: units("1"),
                    negative: true,
                },
            },
            'X' if modifier == o => Field::Bad,
            'X' | 'T' => Field::Sub("%H:%M:%S"),
            'u' => number(1, (tm.wday - 1 + 7) % 7 + 1),
            'U' => number(2, (tm.yday - tm.wday + 7) / 7),
            'V' | 'g' | 'G' => {
                let mut iso_year = year;
                let mut days = iso_week_days(tm.yday, tm.wday);
                if days < 0 {
                    iso_year -= 1;
                    days = iso_week_days(tm.yday + 365 + i32::from(is_leap(iso_year)), tm.wday);
                } else {
                    let d = iso_week_days(tm.yday - (365 + i32::from(is_leap(iso_year))), tm.wday);
                    if d >= 0 {
                        iso_year += 1;
                        days = d;
                    }
                }
                match conversion {
                    c if c == ch(b'g') => number(2, (iso_year % 100 + 100) % 100),
                    c if c == ch(b'G') => number(1, iso_year),
                    _ => number(2, days / 7 + 1),
                }
            }
            'W' => number(2, (tm.yday - (tm.wday - 1 + 7) % 7 + 7) / 7),
            'w' => number(1, tm.wday),
            'Y' if modifier == o => Field::Bad,
            'Y' => number(1, year),
            'y' => number(2, (tm.year % 100 + 100) % 100),
            'Z' => {
                if change_case {
                    to_upper = false;
                    to_lower = true;
                }
                let name = match &tm.zone {
                    Some(z) if !z.is_empty() => z.clone(),
                    _ if tm.isdst >= 0 => {
                        *tzset_called = true;
                        if tm.isdst <= 1 {
                            zone.name(tm.isdst)
                        } else {
                            units("?")
                        }
                    }
                    other => other.clone().unwrap_or_default(),
                };
                Field::Text(name)
            }
            'z' if tm.isdst < 0 => Field::Nothing,
            'z' => {
                let sign = if tm.gmtoff < 0 { b'-' } else { b'+' };
                out.add(1, width, pad, |o| o.push(ch(sign)))?;
                let diff = (tm.gmtoff as i32).unsigned_abs() / 60;
                number(4, ((diff / 60) * 100 + diff % 60) as i32)
            }
            _ => Field::Bad,
        };
        let case = if to_lower {
            Case::Lower
        } else if to_upper {
            Case::Upper
        } else {
            Case::Keep
        };
        match field {
            Field::Text(text) => out.cpy(&text, width, pad, case)?,
            Field::Nothing => {}
            Field::Bad => {
                // glibc copies the directive back from where parsing stopped
                // (at the end of the format: the last unit) to the nearest
                // '%' (for `%E%` that is the final '%' alone).
                let last = f.min(format.len() - 1);
                let from = (start..=last)
                    .rev()
                    .find(|&i| format[i] == ch(b'%'))
                    .unwrap_or(start);
                out.cpy(&format[from..=last], width, pad, case)?;
                f = last;
            }
            Field::Sub(sub) => {
                let sub = units(sub);
                let mut unbounded = Out {
                    text: Vec::new(),
                    limit: usize::MAX,
                };
                format_into(&mut unbounded, &sub, tm, zone, tzset_called)?;
                let text = unbounded.text;
                let keep = if to_upper { Case::Upper } else { Case::Keep };
                out.add(text.len(), width, pad, |o| {
                    o.extend(
                        text.iter()
                            .map(|&c| if keep == Case::Upper { upper(c) } else { c }),
                    )
                })?;
            }
            Field::Number {
                digits,
                value,
                space,
            } => {
                if space && pad != ch(b'0') && pad != ch(b'-') {
                    pad = ch(b'_');
                }
                let text = units(&value.unsigned_abs().to_string());
                number_with_padding(out, digits.max(width), width, pad, text, value < 0, case)?;
            }
            Field::Signed {
                digits,
                text,
                negative,
            } => {
                number_with_padding(out, digits, width, pad, text, negative, case)?;
            }
        }
        f += 1;
    }
    Ok(())
}

/// glibc's `do_number_sign_and_padding`: the sign, then padding to `digits`
/// (spaces for `_`, zeros after the sign otherwise, none for `-`), then the
/// digits copied with what remains of the width.
fn number_with_padding(
    out: &mut Out,
    digits: i64,
    mut width: i64,
    pad: u32,
    mut text: Vec<u32>,
    negative: bool,
    case: Case,
) -> Result<(), Full> {
    let ch = |c: u8| u32::from(c);
    if negative {
        text.insert(0, ch(b'-'));
    }
    if pad != ch(b'-') {
        let padding = digits - text.len() as i64;
        if padding > 0 {
            let room = i64::try_from(out.limit - out.text.len()).unwrap_or(i64::MAX);
            if pad == ch(b'_') {
                if padding >= room {
                    return Err(Full);
                }
                out.text
                    .extend(std::iter::repeat_n(ch(b' '), padding as usize));
                width = if width > padding { width - padding } else { 0 };
            } else {
                if digits >= room {
                    return Err(Full);
                }
                if negative {
                    text.remove(0);
                    out.text.push(ch(b'-'));
                }
                out.text
                    .extend(std::iter::repeat_n(ch(b'0'), padding as usize));
                width = 0;
            }
        }
    }
    out.cpy(&text, width, pad, case)
}

/// `gmtime_r`'s fields for `t` seconds since the epoch (UTC, zone "GMT" as
/// glibc names it), or `None` when the year does not fit in a C `int`.
pub fn gmtime(t: i64) -> Option<Tm> {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (eras of 400 years).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy_march = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy_march + 2) / 153;
    let mday = doy_march - (153 * mp + 2) / 5 + 1;
    let mon = if mp < 10 { mp + 2 } else { mp - 10 };
    let year = yoe + era * 400 + i64::from(mon < 2);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = BEFORE[mon as usize] + mday - 1 + i64::from(leap && mon >= 2);
    Some(Tm {
        sec: (secs % 60) as i32,
        min: (secs / 60 % 60) as i32,
        hour: (secs / 3600) as i32,
        mday: mday as i32,
        mon: mon as i32,
        year: i32::try_from(year - 1900).ok()?,
        wday: (days + 4).rem_euclid(7) as i32,
        yday: yday as i32,
        isdst: 0,
        gmtoff: 0,
        zone: Some(units("GMT")),
    })
}

/// glibc's answers for the `nl_langinfo` items of the C locale where musl's
/// differ (item numbers are the same in both: `_NL_ITEM(category, index)`).
pub const LANGINFO_C: &[(i32, &str, &str)] = &[
    (0x2_0028, "D_T_FMT", "%a %b %e %H:%M:%S %Y"),
    (0x2_002E, "ERA_D_FMT", ""),
    (0x2_002F, "ALT_DIGITS", ""),
    (0x2_0030, "ERA_D_T_FMT", ""),
    (0x2_0031, "ERA_T_FMT", ""),
    (0x4_000F, "CRNCYSTR", "-"),
];

/// glibc's `CODESET` name of a byte locale (`MB_CUR_MAX == 1`); musl says
/// "ASCII". (UTF-8 locales are "UTF-8" in both.)
pub const CODESET_ITEM: i32 = 14;
pub const BYTE_CODESET: &str = "ANSI_X3.4-1968";

/// `struct tm` of the 64-bit Linux C libraries (glibc and musl agree).
#[cfg(any(test, all(feature = "c-exports", not(target_env = "gnu"))))]
#[repr(C)]
pub struct CTm {
    pub tm_sec: std::ffi::c_int,
    pub tm_min: std::ffi::c_int,
    pub tm_hour: std::ffi::c_int,
    pub tm_mday: std::ffi::c_int,
    pub tm_mon: std::ffi::c_int,
    pub tm_year: std::ffi::c_int,
    pub tm_wday: std::ffi::c_int,
    pub tm_yday: std::ffi::c_int,
    pub tm_isdst: std::ffi::c_int,
    pub tm_gmtoff: std::ffi::c_long,
    pub tm_zone: *const std::ffi::c_char,
}

#[cfg(any(test, all(feature = "c-exports", not(target_env = "gnu"))))]
impl CTm {
    /// The C struct of `tm`, with `zone` as its `tm_zone` pointer.
    pub fn new(tm: &Tm, zone: *const std::ffi::c_char) -> CTm {
        CTm {
            tm_sec: tm.sec,
            tm_min: tm.min,
            tm_hour: tm.hour,
            tm_mday: tm.mday,
            tm_mon: tm.mon,
            tm_year: tm.year,
            tm_wday: tm.wday,
            tm_yday: tm.yday,
            tm_isdst: tm.isdst,
            tm_gmtoff: tm.gmtoff as std::ffi::c_long,
            tm_zone: zone,
        }
    }

    /// The fields, `tm_zone` decoded (NULL: `None`).
    ///
    /// # Safety
    /// `tm_zone` is NULL or a NUL-terminated string.
    pub unsafe fn fields(&self) -> Tm {
        let zone = (!self.tm_zone.is_null()).then(|| {
            // SAFETY: as the caller guarantees.
            unsafe { std::ffi::CStr::from_ptr(self.tm_zone) }
                .to_bytes()
                .iter()
                .map(|&b| u32::from(b))
                .collect()
        });
        Tm {
            sec: self.tm_sec,
            min: self.tm_min,
            hour: self.tm_hour,
            mday: self.tm_mday,
            mon: self.tm_mon,
            year: self.tm_year,
            wday: self.tm_wday,
            yday: self.tm_yday,
            isdst: self.tm_isdst,
            // `c_long` is 64 bits here, 32 on wasm32.
            #[allow(clippy::useless_conversion)]
            gmtoff: i64::from(self.tm_gmtoff),
            zone,
        }
    }
}

/// C-ABI definitions for the C libraries that are not the origin.
#[cfg(all(feature = "c-exports", not(target_env = "gnu")))]
pub mod c_exports {
    use super::{CTm, LocalZone, Tm};
    use std::ffi::{c_char, c_int, CString};
    use std::sync::OnceLock;

    extern "C" {
        fn mktime(tm: *mut CTm) -> i64;
        // wasi-libc has neither (no time zones: always UTC).
        #[cfg(not(target_os = "wasi"))]
        fn tzset();
        #[cfg(not(target_os = "wasi"))]
        static tzname: [*const c_char; 2];
        fn __nl_langinfo(item: c_int) -> *mut c_char;
        fn __ctype_get_mb_cur_max() -> usize;
        fn __errno_location() -> *mut c_int;
    }

    /// The platform's own time zone (musl's `mktime`, `tzname`).
    struct Platform<'a>(&'a CTm);

    impl LocalZone for Platform<'_> {
        fn seconds(&self, tm: &Tm) -> Option<i64> {
            let mut copy = CTm::new(tm, self.0.tm_zone);
            copy.tm_gmtoff = self.0.tm_gmtoff;
            // SAFETY: a valid, exclusively borrowed struct tm.
            Some(unsafe { mktime(&mut copy) })
        }

        /// On WASI: "UTC". wasi-libc has no time zones: its local time is
        /// UTC and its `localtime` names it so, but its `tzname` is empty,
        /// which made `%Z` of a `struct tm` without a zone '' there and 'UTC'
        /// on glibc with no zone data (a clean root).
        #[cfg(target_os = "wasi")]
        fn name(&self, _isdst: i32) -> Vec<u32> {
            "UTC".chars().map(u32::from).collect()
        }

        #[cfg(not(target_os = "wasi"))]
        fn name(&self, isdst: i32) -> Vec<u32> {
            // SAFETY: tzset initialises tzname, two NUL-terminated strings.
            unsafe {
                tzset();
                let name = tzname[isdst as usize];
                if name.is_null() {
                    return Vec::new();
                }
                std::ffi::CStr::from_ptr(name)
                    .to_bytes()
                    .iter()
                    .map(|&b| u32::from(b))
                    .collect()
            }
        }
    }

    /// # Safety
    /// `s` holds `maxsize` wide characters, `format` is NUL-terminated and
    /// `tm` is a valid `struct tm`, as C callers guarantee.
    #[no_mangle]
    pub unsafe extern "C" fn wcsftime(
        s: *mut u32,
        maxsize: usize,
        format: *const u32,
        tm: *const CTm,
    ) -> usize {
        if maxsize == 0 || s.is_null() || format.is_null() || tm.is_null() {
            return 0;
        }
        // SAFETY: as the caller guarantees.
        let (format, ctm) = unsafe {
            let mut len = 0;
            while *format.add(len) != 0 {
                len += 1;
            }
            (std::slice::from_raw_parts(format, len), &*tm)
        };
        // SAFETY: a C caller's tm_zone is NULL or a string.
        let tm = unsafe { ctm.fields() };
        match super::strftime(format, &tm, &Platform(ctm), maxsize) {
            Ok(text) => {
                // SAFETY: strftime kept text.len() < maxsize.
                unsafe {
                    std::ptr::copy_nonoverlapping(text.as_ptr(), s, text.len());
                    *s.add(text.len()) = 0;
                }
                text.len()
            }
            Err(super::Full) => 0,
        }
    }

    /// The narrow `strftime`, by the same glibc rules as [`wcsftime`]: the
    /// format is read as UTF-8 (a byte that is not is taken as Latin-1) and
    /// the text written as UTF-8. CPython calls `wcsftime`; RustPython (the
    /// Light tier) calls this one, which would otherwise be the C library's.
    ///
    /// # Safety
    /// `s` holds `maxsize` bytes, `format` is NUL-terminated and `tm` is a
    /// valid `struct tm`, as C callers guarantee.
    #[no_mangle]
    pub unsafe extern "C" fn strftime(
        s: *mut c_char,
        maxsize: usize,
        format: *const c_char,
        tm: *const CTm,
    ) -> usize {
        if maxsize == 0 || s.is_null() || format.is_null() || tm.is_null() {
            return 0;
        }
        // SAFETY: as the caller guarantees.
        let (format, ctm) = unsafe { (std::ffi::CStr::from_ptr(format).to_bytes(), &*tm) };
        let wide: Vec<u32> = match std::str::from_utf8(format) {
            Ok(text) => text.chars().map(u32::from).collect(),
            Err(_) => format.iter().map(|&b| u32::from(b)).collect(),
        };
        // SAFETY: a C caller's tm_zone is NULL or a string.
        let tm = unsafe { ctm.fields() };
        // Every character takes at least one byte, so a text that fits in
        // `maxsize` bytes fits in `maxsize` characters; the byte count is
        // checked after encoding.
        let Ok(text) = super::strftime(&wide, &tm, &Platform(ctm), maxsize) else {
            return 0;
        };
        let bytes: String = text
            .iter()
            .map(|&c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        if bytes.len() >= maxsize {
            return 0;
        }
        // SAFETY: bytes.len() < maxsize, the caller's buffer size.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), s.cast::<u8>(), bytes.len());
            *s.add(bytes.len()) = 0;
        }
        bytes.len()
    }

    /// `strftime_l`, the locale ignored (the rules are glibc's C locale's).
    /// musl's own `syslog` calls it; were it musl's, the member defining it
    /// would also define `strftime` and clash with the one above.
    ///
    /// # Safety
    /// As for [`strftime`]; `locale` is not read.
    #[no_mangle]
    pub unsafe extern "C" fn strftime_l(
        s: *mut c_char,
        maxsize: usize,
        format: *const c_char,
        tm: *const CTm,
        locale: *mut std::ffi::c_void,
    ) -> usize {
        let _ = locale;
        // SAFETY: as the caller guarantees.
        unsafe { strftime(s, maxsize, format, tm) }
    }

    /// # Safety
    /// `t` and `out` are valid pointers, as C callers guarantee.
    #[no_mangle]
    pub unsafe extern "C" fn gmtime_r(t: *const i64, out: *mut CTm) -> *mut CTm {
        // SAFETY: as the caller guarantees.
        let Some(tm) = super::gmtime(unsafe { *t }) else {
            // SAFETY: this thread's errno.
            unsafe { *__errno_location() = 75 }; // EOVERFLOW
            return std::ptr::null_mut();
        };
        // SAFETY: `out` is valid for writes.
        unsafe {
            *out = CTm::new(&tm, c"GMT".as_ptr());
        }
        out
    }

    /// glibc's C-locale answers where musl's differ, musl's own elsewhere
    /// (its `nl_langinfo` is a weak alias, so defining it here is safe).
    #[no_mangle]
    pub extern "C" fn nl_langinfo(item: c_int) -> *mut c_char {
        static PINNED: OnceLock<Vec<(i32, CString)>> = OnceLock::new();
        if let Some(text) = crate::libc_text::c_exports::known(&PINNED, super::LANGINFO_C, item) {
            return text;
        }
        // SAFETY: plain calls into the C library.
        if item == super::CODESET_ITEM && unsafe { __ctype_get_mb_cur_max() } == 1 {
            return c"ANSI_X3.4-1968".as_ptr().cast_mut();
        }
        // SAFETY: musl's own implementation, for every other item.
        unsafe { __nl_langinfo(item) }
    }

    /// Addresses of every export (see the libm's `EXPORT_TABLE`).
    #[used]
    pub static TIME_EXPORT_TABLE: crate::c_exports::ExportTable = crate::c_exports::ExportTable(&[
        wcsftime as *const (),
        strftime as *const (),
        strftime_l as *const (),
        gmtime_r as *const (),
        nl_langinfo as *const (),
    ]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &[u32]) -> String {
        s.iter().filter_map(|&c| char::from_u32(c)).collect()
    }

    struct Utc;
    impl LocalZone for Utc {
        fn seconds(&self, tm: &Tm) -> Option<i64> {
            // Days from civil, for the tests' UTC zone.
            let (y, m) = (i64::from(tm.year) + 1900, i64::from(tm.mon) + 1);
            let y = if m <= 2 { y - 1 } else { y };
            let era = y.div_euclid(400);
            let yoe = y - era * 400;
            let mp = (m + 9) % 12;
            let doy = (153 * mp + 2) / 5 + i64::from(tm.mday) - 1;
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
            let days = era * 146_097 + doe - 719_468;
            Some(
                days * 86_400
                    + i64::from(tm.hour) * 3600
                    + i64::from(tm.min) * 60
                    + i64::from(tm.sec),
            )
        }
        fn name(&self, _isdst: i32) -> Vec<u32> {
            units("UTC")
        }
    }

    fn leap_day() -> Tm {
        Tm {
            sec: 9,
            min: 5,
            hour: 13,
            mday: 29,
            mon: 1,
            year: 124,
            wday: 4,
            yday: 59,
            isdst: 0,
            gmtoff: 0,
            zone: None,
        }
    }

    fn fmt(f: &str, tm: &Tm) -> String {
        text(&strftime(&units(f), tm, &Utc, 1024).unwrap())
    }

    #[test]
    fn gnu_extensions_as_glibc_prints_them() {
        let tm = leap_day();
        for (f, want) in [
            ("%k|%l|%P|%s", "13| 1|pm|1709211909"),
            ("%c", "Thu Feb 29 13:05:09 2024"),
            ("%10z", "         +0000000000"),
            ("%_10z", "         +         0"),
            ("%-z", "+0"),
            ("%^_10a", "       THU"),
            ("%#10p", "        pm"),
            ("%#Z", "utc"),
            ("%^c", "THU FEB 29 13:05:09 2024"),
            ("%05d|%_5d|%-5d|%-10A", "00029|   29|   29|  Thursday"),
            ("%5E", "  %5E"),
            ("%^10q|ab%|%Oa|%OY|%E%", "     %^10Q|ab%|%Oa|%OY|%"),
            ("%Ey %EC %Ob %Op %Oy", "24 20 Feb PM 24"),
        ] {
            assert_eq!(fmt(f, &tm), want, "{f}");
        }
        let early = Tm {
            year: -1901,
            ..leap_day()
        };
        assert_eq!(fmt("%Y|%C|%y", &early), "-1|-1|99");
        // Output that does not fit: 0, like glibc.
        assert_eq!(strftime(&units("%A"), &tm, &Utc, 8), Err(Full));
        assert_eq!(
            strftime(&units("%A"), &tm, &Utc, 9).map(|t| text(&t)),
            Ok("Thursday".into())
        );
    }

    #[test]
    fn gmtime_is_the_civil_calendar() {
        let tm = gmtime(1_709_211_909).unwrap();
        assert_eq!(
            (tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec, tm.wday, tm.yday),
            (124, 1, 29, 13, 5, 9, 4, 59)
        );
        assert_eq!(gmtime(-1).unwrap().year, 69);
        assert_eq!(gmtime(i64::MAX), None);
    }

    /// On a glibc host: our formatter against glibc's `strftime`, and our
    /// `gmtime` against glibc's `gmtime_r`, over many formats and times.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    mod against_the_host_glibc {
        use super::super::*;
        use super::{text, units, Utc};
        use std::ffi::{c_char, c_int, CStr};

        fn zeroed() -> CTm {
            CTm::new(&Tm::default(), std::ptr::null())
        }

        extern "C" {
            #[link_name = "strftime"]
            fn c_strftime(
                s: *mut c_char,
                max: usize,
                format: *const c_char,
                tm: *const CTm,
            ) -> usize;
            fn gmtime_r(t: *const i64, out: *mut CTm) -> *mut CTm;
            fn setenv(name: *const c_char, value: *const c_char, overwrite: c_int) -> c_int;
            fn tzset();
        }

        fn glibc(format: &str, tm: &CTm, max: usize) -> Option<String> {
            let c = std::ffi::CString::new(format).unwrap();
            let mut buf = vec![0 as c_char; max.max(1)];
            // SAFETY: a buffer of `max` bytes, a NUL-terminated format.
            let n = unsafe { c_strftime(buf.as_mut_ptr(), max, c.as_ptr(), tm) };
            // SAFETY: strftime wrote a NUL-terminated string when n > 0.
            (n > 0 || format.is_empty()).then(|| {
                unsafe { CStr::from_ptr(buf.as_ptr()) }
                    .to_string_lossy()
                    .into_owned()
            })
        }

        /// A small deterministic generator (no dependency needed).
        struct Lcg(u64);
        impl Lcg {
            fn next(&mut self, n: u64) -> u64 {
                self.0 = self
                    .0
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (self.0 >> 33) % n
            }
        }

        #[test]
        fn formats_agree_with_glibc() {
            // SAFETY: the tests' process time zone, set before any formatting.
            unsafe {
                setenv(c"TZ".as_ptr(), c"UTC0".as_ptr(), 1);
                tzset();
            }
            let conversions = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+qQEOfLiJ";
            let flags = ["", "_", "-", "0", "^", "#", "^#", "0_", "-0"];
            let widths = ["", "1", "3", "10"];
            let modifiers = ["", "E", "O"];
            let mut rng = Lcg(7);
            let mut compared = 0;
            for t in [
                0i64,
                1_709_211_909,
                946_598_400,
                -1,
                -2_208_988_800,
                253_402_300_799,
                1_104_537_600,
                1_230_681_600,
            ] {
                let mut ctm = zeroed();
                // SAFETY: valid pointers.
                assert!(!unsafe { gmtime_r(&t, &mut ctm) }.is_null());
                let ours = gmtime(t).unwrap();
                assert_eq!(
                    (
                        ours.sec, ours.min, ours.hour, ours.mday, ours.mon, ours.year, ours.wday,
                        ours.yday
                    ),
                    (
                        ctm.tm_sec,
                        ctm.tm_min,
                        ctm.tm_hour,
                        ctm.tm_mday,
                        ctm.tm_mon,
                        ctm.tm_year,
                        ctm.tm_wday,
                        ctm.tm_yday
                    ),
                    "gmtime({t})"
                );
                // Without a zone, as CPython passes a plain struct_time.
                ctm.tm_zone = std::ptr::null();
                let tm = Tm { zone: None, ..ours };
                for c in conversions.chars() {
                    for _ in 0..12 {
                        let f = format!(
                            "<%{}{}{}{c}>",
                            flags[rng.next(flags.len() as u64) as usize],
                            widths[rng.next(widths.len() as u64) as usize],
                            modifiers[rng.next(modifiers.len() as u64) as usize]
                        );
                        let want = glibc(&f, &ctm, 256);
                        let got = strftime(&units(&f), &tm, &Utc, 256).ok().map(|t| text(&t));
                        assert_eq!(got, want, "format {f:?} at {t}");
                        compared += 1;
                    }
                }
            }
            for f in ["%", "x%", "%5", "%E", "%_", "%^#-010"] {
                let ctm = zeroed();
                let tm = Tm::default();
                assert_eq!(
                    strftime(&units(f), &tm, &Utc, 64).ok().map(|t| text(&t)),
                    glibc(f, &ctm, 64),
                    "{f:?}"
                );
            }
            assert!(compared > 3000);
        }
    }
}
