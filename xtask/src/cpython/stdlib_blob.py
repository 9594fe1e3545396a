"""Writes the stdlib blob the hybrid runtime embeds (runtime/src/stdlib.rs).

Compiles every module under LIB with this interpreter (which must be the pinned
CPython version: the runtime hands the marshalled code straight to it) and
writes, little-endian: b"HYSTDLIB", u32 format version 3, u32 entry count, an
index (per entry: u32 name length, the dotted name, u8 flags (1: package,
2: zlib-compressed), u32 offset of its data from the start of the blob, u32
stored length, u32 marshalled length), then the data. The index comes first so
that starting up reads a few kilobytes, not every page of the blob. Modules
named with --eager are stored as plain marshal data (CPython needs them before
the runtime's importer exists); the others are zlib-compressed.

Entries are sorted by name and compiled with the filename "<frozen NAME>", the
name CPython gives its own frozen modules: nothing in the blob depends on where
the source was unpacked, and tracebacks/linecache never try to read a file that
does not exist. Run with PYTHONHASHSEED=0 so frozenset constants marshal in one
order: the same inputs give the same bytes.

usage: stdlib_blob.py LIB OUT --optimize N [--prune PATTERN]... [--skip NAME]...
                      [--eager NAME]... --compress-level N
Prints one JSON line: modules, packages, pruned, skipped, bytes.
"""

import argparse
import fnmatch
import json
import marshal
import os
import struct
import sys
import zlib

MAGIC = b"HYSTDLIB"
FORMAT_VERSION = 3


def modules(lib):
    """Yields (dotted name, is_package, path) for every importable .py under lib."""
    for root, dirs, files in os.walk(lib):
        rel = os.path.relpath(root, lib)
        parts = [] if rel == "." else rel.split(os.sep)
        # Only real packages (with __init__.py) whose names are identifiers.
        dirs[:] = sorted(
            d for d in dirs
            if d.isidentifier() and os.path.isfile(os.path.join(root, d, "__init__.py"))
        )
        for f in sorted(files):
            if not f.endswith(".py"):
                continue
            stem = f[:-3]
            if not stem.isidentifier():
                continue
            if stem == "__init__":
                if not parts:
                    continue
                yield ".".join(parts), True, os.path.join(root, f)
            else:
                yield ".".join(parts + [stem]), False, os.path.join(root, f)


def pruned(name, patterns):
    """True if name or one of its parent packages matches a pattern."""
    pieces = name.split(".")
    prefixes = [".".join(pieces[: i + 1]) for i in range(len(pieces))]
    return any(fnmatch.fnmatchcase(p, pat) for p in prefixes for pat in patterns)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lib")
    ap.add_argument("out")
    ap.add_argument("--optimize", type=int, required=True, choices=[0, 1, 2])
    ap.add_argument("--prune", action="append", default=[])
    ap.add_argument("--skip", action="append", default=[])
    ap.add_argument("--eager", action="append", default=[])
    ap.add_argument("--compress-level", type=int, required=True, choices=range(10))
    args = ap.parse_args()
    if sys.flags.hash_randomization:
        sys.exit("stdlib_blob.py: run with PYTHONHASHSEED=0 (the blob must be deterministic)")

    entries, n_pruned, n_skipped = [], 0, 0
    for name, is_package, path in modules(args.lib):
        if pruned(name, args.prune):
            n_pruned += 1
            continue
        if name in args.skip:
            n_skipped += 1
            continue
        with open(path, "rb") as f:
            source = f.read()
        try:
            code = compile(source, "<frozen %s>" % name, "exec", dont_inherit=True, optimize=args.optimize)
        except SyntaxError as e:
            sys.exit("stdlib_blob.py: %s does not compile: %s (prune it in toolchains/cpython.toml)" % (path, e))
        entries.append((name, is_package, marshal.dumps(code)))
    entries.sort(key=lambda e: e[0])

    stored = []
    for name, is_package, code in entries:
        compressed = args.compress_level > 0 and name not in args.eager
        data = zlib.compress(code, args.compress_level) if compressed else code
        flags = (1 if is_package else 0) | (2 if compressed else 0)
        stored.append((name.encode("ascii"), flags, data, len(code)))
    missing = set(args.eager) - {name for name, _, _ in entries}
    if missing:
        sys.exit("stdlib_blob.py: eager modules not in the blob: %s" % ", ".join(sorted(missing)))
    header = len(MAGIC) + 8
    index_size = sum(4 + len(raw) + 1 + 4 + 4 + 4 for raw, _, _, _ in stored)
    out = bytearray(MAGIC)
    out += struct.pack("<II", FORMAT_VERSION, len(stored))
    offset = header + index_size
    for raw, flags, data, raw_len in stored:
        out += struct.pack("<I", len(raw)) + raw
        out += struct.pack("<BIII", flags, offset, len(data), raw_len)
        offset += len(data)
    for _, _, data, _ in stored:
        out += data
    tmp = args.out + ".part"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, args.out)
    print(json.dumps({
        "modules": len(entries),
        "packages": sum(1 for e in entries if e[1]),
        "pruned": n_pruned,
        "skipped": n_skipped,
        "bytes": len(out),
        "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
