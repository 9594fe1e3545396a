"""Runs a WASI command module under wasmtime (the pinned PyPI wheel's engine).

Written by `cargo xtask` next to the wheel it installs; run with `-I -S`:

    run.py --module M.wasm --compiled C.cwasm [--preopen DIR]... [--compile-only] -- ARG...

The engine settings are fixed here and reported by `--identify` (after the
wheel's version), because they decide the output: NaN canonicalisation makes
every NaN a float operation produces the one canonical NaN, so the same module
prints the same bits on an x86_64 and an aarch64 host (wasm leaves NaN
payloads to the hardware otherwise).

The module is compiled once and its machine code kept in C (wasmtime checks
that it matches this engine and its settings when loading it; a mismatch
compiles again). The program sees only ARG (argv[0] is "hybrid"), an empty
environment, this process's stdin/stdout/stderr, and each DIR read-only at its
own absolute path. Exit status: the program's, or 134 when it traps (as an
abort would on Linux).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wasmtime  # noqa: E402

SETTINGS = {"cranelift_nan_canonicalization": True}


def engine():
    # wasmtime's own compilation cache is off unless enabled: the compiled
    # code is kept by this script instead, next to the module's key.
    config = wasmtime.Config()
    config.cranelift_nan_canonicalization = SETTINGS["cranelift_nan_canonicalization"]
    return wasmtime.Engine(config)


def load(eng, module, compiled):
    if os.path.isfile(compiled):
        try:
            return wasmtime.Module.deserialize_file(eng, compiled)
        except wasmtime.WasmtimeError:
            pass  # another wasmtime or other settings: compile again
    mod = wasmtime.Module.from_file(eng, module)
    tmp = "%s.tmp%d" % (compiled, os.getpid())
    os.makedirs(os.path.dirname(compiled) or ".", exist_ok=True)
    with open(tmp, "wb") as f:
        f.write(mod.serialize())
    os.replace(tmp, compiled)
    return mod


def main(argv):
    if argv[1:] == ["--identify"]:
        from importlib.metadata import version

        print("wasmtime", version("wasmtime"))
        print(" ".join("%s=%s" % (k, "on" if v else "off") for k, v in SETTINGS.items()))
        return 0
    module = compiled = None
    preopens = []
    compile_only = False
    rest = argv[1:]
    while rest and rest[0] != "--":
        flag = rest.pop(0)
        if flag == "--compile-only":
            compile_only = True
            continue
        if not rest:
            sys.stderr.write("run.py: %s needs a value\n" % flag)
            return 2
        value = rest.pop(0)
        if flag == "--module":
            module = value
        elif flag == "--compiled":
            compiled = value
        elif flag == "--preopen":
            preopens.append(value)
        else:
            sys.stderr.write("run.py: unknown option %s\n" % flag)
            return 2
    if module is None or compiled is None:
        sys.stderr.write("run.py: --module and --compiled are required\n")
        return 2
    eng = engine()
    mod = load(eng, module, compiled)
    if compile_only:
        return 0
    wasi = wasmtime.WasiConfig()
    wasi.argv = ["hybrid"] + rest[1:]
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    for directory in preopens:
        wasi.preopen_dir(directory, directory, fs_mutable=False)
    store = wasmtime.Store(eng)
    store.set_wasi(wasi)
    linker = wasmtime.Linker(eng)
    linker.define_wasi()
    instance = linker.instantiate(store, mod)
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as exit_:
        return exit_.code
    except wasmtime.Trap as trap:
        sys.stderr.write("wasm trap: %s\n" % trap.message)
        return 134
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
