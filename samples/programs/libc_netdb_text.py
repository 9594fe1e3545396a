"""The resolver's words: socket.gaierror carries gai_strerror()'s text, which
glibc and musl word differently; the pinned text makes every target print
glibc's. WASI preview 1 has no sockets, so CPython there has no _socket
module: the program says so instead."""

# matrix: agree within os: WASI preview 1 has no sockets, so CPython for wasm32-wasip1 builds no _socket module and there is no resolver to ask (the program prints that the module is missing)

try:
    import socket
except ImportError as e:
    print("no-module socket:", e)
    raise SystemExit(0)

# Resolver errors that need no network: flags and a numeric host are checked first.
for host, flags in [("not-a-number", socket.AI_NUMERICHOST), (None, 0x7FFF)]:
    try:
        socket.getaddrinfo(host, "80", flags=flags)
    except socket.gaierror as e:
        print("gaierror", e.errno, e.strerror)
