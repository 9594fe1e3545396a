//! The stdlib inside the binary (Pro tier).
//!
//! The xtask compiles the pinned CPython's `Lib/` to marshalled code objects
//! and writes them into one blob (format below). With the `frozen-stdlib`
//! feature the blob is compiled in with `include_bytes!` and, before CPython
//! starts, `PyImport_FrozenModules` is pointed at a table whose code pointers
//! reference the blob in place: nothing is unpacked or written at run time.
//!
//! Blob format (little-endian): `b"HYSTDLIB"`, `u32` format version (3),
//! `u32` entry count, then an index, per entry: `u32` name length, the dotted
//! module name (ASCII), `u8` flags (1: package, 2: zlib-compressed), `u32`
//! offset of the data from the start of the blob, `u32` stored length, `u32`
//! marshalled length; then the data. The index comes first so start-up
//! touches a few pages of it, not every page of the blob.
//!
//! Uncompressed entries (the few modules CPython imports while starting) go
//! into `PyImport_FrozenModules`. Compressed ones are served by
//! [`crate::embedded_importer`], which inflates a module when it is first
//! imported: the blob is a third of its raw size and start-up stays cheap.

/// First bytes of every stdlib blob.
pub const MAGIC: &[u8; 8] = b"HYSTDLIB";
/// The blob format this runtime reads.
pub const FORMAT_VERSION: u32 = 3;

/// One module of the blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobEntry<'a> {
    pub name: &'a str,
    pub is_package: bool,
    /// Whether `data` is zlib-compressed marshal data (else plain marshal data).
    pub compressed: bool,
    pub data: &'a [u8],
    /// Length of the marshalled code once inflated.
    pub code_len: usize,
}

/// Reads the blob's index, or says what is wrong with it.
pub fn parse_blob(blob: &[u8]) -> Result<Vec<BlobEntry<'_>>, String> {
    let mut pos = 0usize;
    let mut take = |n: usize| -> Result<&[u8], String> {
        let end = pos
            .checked_add(n)
            .filter(|e| *e <= blob.len())
            .ok_or("stdlib blob is truncated")?;
        let slice = &blob[pos..end];
        pos = end;
        Ok(slice)
    };
    if take(8)? != MAGIC {
        return Err("not a stdlib blob (bad magic)".into());
    }
    let u32_at = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
    let version = u32_at(take(4)?);
    if version != FORMAT_VERSION {
        return Err(format!(
            "stdlib blob format {version}, this runtime reads {FORMAT_VERSION}"
        ));
    }
    let count = u32_at(take(4)?) as usize;
    let mut entries = Vec::with_capacity(count.min(blob.len()));
    for _ in 0..count {
        let name_len = u32_at(take(4)?) as usize;
        let name = std::str::from_utf8(take(name_len)?).map_err(|_| "module name is not UTF-8")?;
        let flags = take(1)?[0];
        let offset = u32_at(take(4)?) as usize;
        let len = u32_at(take(4)?) as usize;
        let code_len = u32_at(take(4)?) as usize;
        let data = offset
            .checked_add(len)
            .and_then(|end| blob.get(offset..end))
            .ok_or_else(|| format!("stdlib blob: the code of {name} lies outside the blob"))?;
        entries.push(BlobEntry {
            name,
            is_package: flags & 1 != 0,
            compressed: flags & 2 != 0,
            data,
            code_len,
        });
    }
    Ok(entries)
}

#[cfg(feature = "frozen-stdlib")]
static BLOB: &[u8] = include_bytes!(env!("HYBRID_STDLIB_BLOB"));

/// Points CPython's frozen-module table at the embedded stdlib's
/// uncompressed entries and hands the compressed ones to the importer.
/// Returns false in builds without a blob (dev mode reads the stdlib from disk).
#[cfg(feature = "cpython")]
pub(crate) fn install_frozen_stdlib() -> bool {
    #[cfg(feature = "frozen-stdlib")]
    {
        use pyo3::ffi::_frozen;
        use std::ffi::CString;
        let entries = parse_blob(BLOB).unwrap_or_else(|e| panic!("embedded {e}"));
        let (compressed, eager): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.compressed);
        let mut table: Vec<_frozen> = Vec::with_capacity(eager.len() + 1);
        for entry in eager {
            let name = CString::new(entry.name).expect("module names have no NUL");
            table.push(_frozen {
                name: name.into_raw(),
                code: entry.data.as_ptr(),
                size: entry.data.len() as std::os::raw::c_int,
                is_package: i32::from(entry.is_package),
                get_code: None,
            });
        }
        // SAFETY: a zeroed entry terminates the table, as CPython expects.
        table.push(unsafe { std::mem::zeroed() });
        let table: &'static [_frozen] = Box::leak(table.into_boxed_slice());
        // SAFETY: set once, before the interpreter starts and reads it.
        unsafe { pyo3::ffi::PyImport_FrozenModules = table.as_ptr() };
        crate::embedded_importer::set_modules(compressed);
        true
    }
    #[cfg(not(feature = "frozen-stdlib"))]
    {
        false
    }
}

/// Whether this binary carries its stdlib (the Pro blob, or the Light
/// engine's frozen one) rather than reading it from disk.
pub fn is_embedded() -> bool {
    cfg!(feature = "rustpython") || embedded_blob().is_some()
}

/// The stdlib blob compiled into this binary, if any.
pub fn embedded_blob() -> Option<&'static [u8]> {
    #[cfg(feature = "frozen-stdlib")]
    {
        Some(BLOB)
    }
    #[cfg(not(feature = "frozen-stdlib"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A format-3 blob with uncompressed entries (`code_len` = stored length).
    fn blob(entries: &[(&str, bool, &[u8])]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        let index: usize = entries
            .iter()
            .map(|(n, _, _)| 4 + n.len() + 1 + 4 + 4 + 4)
            .sum();
        let mut offset = out.len() + index;
        for (name, pkg, code) in entries {
            out.extend_from_slice(&(name.len() as u32).to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.push(u8::from(*pkg));
            out.extend_from_slice(&(offset as u32).to_le_bytes());
            out.extend_from_slice(&(code.len() as u32).to_le_bytes());
            out.extend_from_slice(&(code.len() as u32).to_le_bytes());
            offset += code.len();
        }
        for (_, _, code) in entries {
            out.extend_from_slice(code);
        }
        out
    }

    #[test]
    fn parses_what_it_specifies_and_refuses_truncation() {
        let b = blob(&[("json", true, b"abc"), ("json.decoder", false, b"")]);
        let entries = parse_blob(&b).unwrap();
        assert_eq!(
            entries[0],
            BlobEntry {
                name: "json",
                is_package: true,
                compressed: false,
                data: b"abc",
                code_len: 3
            }
        );
        assert_eq!(entries[1].name, "json.decoder");
        for cut in 0..b.len() {
            assert!(
                parse_blob(&b[..cut]).is_err(),
                "truncated at {cut} accepted"
            );
        }
        assert_eq!(
            parse_blob(&b).unwrap()[0].data,
            b"abc",
            "code found through the index"
        );
        let mut bad = b.clone();
        bad[0] = b'X';
        assert!(parse_blob(&bad).unwrap_err().contains("magic"));
    }
}
