//! Just enough of ELF to know what a dynamically linked binary loads: its
//! `PT_INTERP` (the loader) and its `DT_NEEDED` libraries. Read from the
//! file's headers in place, so asking it of fifty 14 MB binaries costs a few
//! small reads, not fifty `readelf` processes.

use anyhow::{bail, ensure, Context, Result};
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// What a binary asks the loader for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dynamic {
    /// `PT_INTERP`; `None` for a static binary.
    pub interpreter: Option<String>,
    /// `DT_NEEDED`, in file order.
    pub needed: Vec<String>,
}

const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_INTERP: u32 = 3;
const DT_NULL: u64 = 0;
const DT_NEEDED: u64 = 1;
const DT_STRTAB: u64 = 5;
/// Bounds on what is read, so a damaged file cannot make us allocate much.
const MAX_HEADERS: usize = 256;
const MAX_DYNAMIC: usize = 64 * 1024;

struct Segment {
    kind: u32,
    offset: u64,
    vaddr: u64,
    filesz: u64,
}

/// Reads the loader and libraries `binary` names. Little-endian ELF32 and
/// ELF64 (every target we build); anything else is an error naming the file.
pub fn dynamic(binary: &Path) -> Result<Dynamic> {
    let file = File::open(binary).with_context(|| format!("cannot open {}", binary.display()))?;
    read(&file).with_context(|| format!("{} is not an ELF file we can read", binary.display()))
}

fn read(file: &File) -> Result<Dynamic> {
    let mut ident = [0u8; 64];
    file.read_exact_at(&mut ident, 0)
        .context("shorter than an ELF header")?;
    ensure!(&ident[..4] == b"\x7fELF", "no ELF magic");
    ensure!(ident[5] == 1, "big-endian ELF");
    let wide = match ident[4] {
        1 => false,
        2 => true,
        class => bail!("unknown ELF class {class}"),
    };
    let (phoff, phentsize, phnum) = if wide {
        (
            u64_at(&ident, 0x20),
            u16_at(&ident, 0x36),
            u16_at(&ident, 0x38),
        )
    } else {
        (
            u64::from(u32_at(&ident, 0x1c)),
            u16_at(&ident, 0x2a),
            u16_at(&ident, 0x2c),
        )
    };
    let (entsize, count) = (usize::from(phentsize), usize::from(phnum));
    ensure!(count <= MAX_HEADERS, "{count} program headers");
    ensure!(
        entsize >= if wide { 56 } else { 32 },
        "program header size {entsize}"
    );
    let mut table = vec![0u8; entsize * count];
    file.read_exact_at(&mut table, phoff)
        .context("program headers lie outside the file")?;
    let segments: Vec<Segment> = table
        .chunks_exact(entsize)
        .map(|h| {
            if wide {
                Segment {
                    kind: u32_at(h, 0),
                    offset: u64_at(h, 8),
                    vaddr: u64_at(h, 16),
                    filesz: u64_at(h, 32),
                }
            } else {
                Segment {
                    kind: u32_at(h, 0),
                    offset: u64::from(u32_at(h, 4)),
                    vaddr: u64::from(u32_at(h, 8)),
                    filesz: u64::from(u32_at(h, 16)),
                }
            }
        })
        .collect();
    let mut out = Dynamic::default();
    if let Some(interp) = segments.iter().find(|s| s.kind == PT_INTERP) {
        let bytes = bounded_read(file, interp.offset, interp.filesz)?;
        out.interpreter = Some(c_string(&bytes, 0)?);
    }
    let Some(dynamic) = segments.iter().find(|s| s.kind == PT_DYNAMIC) else {
        return Ok(out);
    };
    let table = bounded_read(file, dynamic.offset, dynamic.filesz)?;
    let step = if wide { 16 } else { 8 };
    let mut needed = Vec::new();
    let mut strtab = None;
    for entry in table.chunks_exact(step) {
        let (tag, value) = if wide {
            (u64_at(entry, 0), u64_at(entry, 8))
        } else {
            (u64::from(u32_at(entry, 0)), u64::from(u32_at(entry, 4)))
        };
        match tag {
            DT_NULL => break,
            DT_NEEDED => needed.push(value),
            DT_STRTAB => strtab = Some(value),
            _ => {}
        }
    }
    if needed.is_empty() {
        return Ok(out);
    }
    let strtab = strtab.context("DT_NEEDED without DT_STRTAB")?;
    // DT_STRTAB is an address: the loadable segment holding it gives its offset.
    let segment = segments
        .iter()
        .filter(|s| s.kind == PT_LOAD)
        .find(|s| s.vaddr <= strtab && strtab < s.vaddr + s.filesz)
        .context("DT_STRTAB is in no loadable segment")?;
    let strings = bounded_read(
        file,
        segment.offset + (strtab - segment.vaddr),
        segment.filesz - (strtab - segment.vaddr),
    )?;
    for name in needed {
        out.needed.push(c_string(&strings, name)?);
    }
    Ok(out)
}

fn bounded_read(file: &File, offset: u64, len: u64) -> Result<Vec<u8>> {
    let len = usize::try_from(len).unwrap_or(usize::MAX).min(MAX_DYNAMIC);
    let mut buf = vec![0u8; len];
    let mut filled = 0;
    while filled < len {
        let n = file.read_at(&mut buf[filled..], offset + filled as u64)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buf.truncate(filled);
    Ok(buf)
}

fn c_string(bytes: &[u8], at: u64) -> Result<String> {
    let start = usize::try_from(at).ok().filter(|s| *s < bytes.len());
    let start = start.context("string offset outside its table")?;
    let end = bytes[start..]
        .iter()
        .position(|b| *b == 0)
        .context("unterminated string")?;
    Ok(String::from_utf8_lossy(&bytes[start..start + end]).into_owned())
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// What binutils says, for comparison.
    fn readelf(binary: &Path) -> Dynamic {
        let text = |flag: &str| {
            let out = Command::new("readelf")
                .arg(flag)
                .arg(binary)
                .output()
                .unwrap();
            String::from_utf8(out.stdout).unwrap()
        };
        Dynamic {
            interpreter: text("-lW")
                .lines()
                .find_map(|l| l.split("[Requesting program interpreter: ").nth(1))
                .map(|r| r.trim_end_matches(']').to_string()),
            needed: text("-dW")
                .lines()
                .filter_map(|l| l.split("Shared library: [").nth(1))
                .map(|r| r.trim_end_matches(']').to_string())
                .collect(),
        }
    }

    #[test]
    fn agrees_with_readelf_on_system_binaries() {
        for binary in ["/bin/sh", "/usr/bin/python3.11", "/bin/ls"] {
            let path = Path::new(binary);
            if !path.exists() {
                continue;
            }
            let ours = dynamic(path).unwrap();
            assert!(!ours.needed.is_empty(), "{binary}: {ours:?}");
            assert_eq!(ours, readelf(path), "{binary}");
        }
    }

    #[test]
    fn a_file_that_is_not_elf_is_an_error_naming_it() {
        let dir = crate::util::Scratch::new("not-elf");
        let path = dir.join("script");
        std::fs::write(&path, format!("#!/bin/sh\n{}\n", "echo hi; ".repeat(20))).unwrap();
        let err = format!("{:#}", dynamic(&path).unwrap_err());
        assert!(
            err.contains(&path.display().to_string()) && err.contains("no ELF magic"),
            "{err}"
        );
        std::fs::write(&path, b"\x7fELF\x02\x01").unwrap();
        let err = format!("{:#}", dynamic(&path).unwrap_err());
        assert!(err.contains("shorter than an ELF header"), "{err}");
        let _ = std::fs::remove_file(&path);
    }
}
