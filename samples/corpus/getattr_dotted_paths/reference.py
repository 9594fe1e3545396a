import hashlib
LAYERS = [
    "server.host = localhost\nserver.port = 8080\nserver.tls.enabled = false\nlog.level = info\nlog.sinks.file.path = /var/log/app",
    "server.port = 9443\nserver.tls.enabled = true\nserver.tls.cert = site.pem\ncache.size = 256",
    "-log.sinks.file.path\nlog.level = debug\ncache.ttl = 30\nserver.workers = 4",
]


def parse(value):
    if value in ("true", "false"):
        return value == "true"
    try:
        return int(value)
    except ValueError:
        return value


ops = []
effective = {}
for layer in LAYERS:
    for line in layer.splitlines():
        if line.startswith("-"):
            effective.pop(line[1:], None)
            ops.append(("unset", line[1:], None))
        elif " = " in line:
            key, value = line.split(" = ", 1)
            effective[key] = parse(value)
            ops.append(("set", key, parse(value)))
effective = dict(sorted(effective.items()))
keys = list(effective)

import functools
import types


class Node(types.SimpleNamespace):
    pass


def resolve(root, path):
    return functools.reduce(getattr, path.split("."), root)


def assign(root, path, value):
    *parents, leaf = path.split(".")
    node = root
    for name in parents:
        if not hasattr(node, name):
            setattr(node, name, Node())
        node = getattr(node, name)
    setattr(node, leaf, value)


def unset(root, path):
    *parents, leaf = path.split(".")
    parent = resolve(root, ".".join(parents)) if parents else root
    delattr(parent, leaf)
    # Prune namespaces left empty, innermost first.
    while parents:
        node = resolve(root, ".".join(parents))
        if vars(node):
            break
        name = parents.pop()
        delattr(resolve(root, ".".join(parents)) if parents else root, name)


def flatten(node, prefix=""):
    for name, value in sorted(vars(node).items()):
        if isinstance(value, Node):
            yield from flatten(value, prefix + name + ".")
        else:
            yield prefix + name, value


config = Node()
for action, path, value in ops:
    if action == "set":
        assign(config, path, value)
    else:
        unset(config, path)
    print(f"{action:5} {path:<22} -> top level: {sorted(vars(config))}")

looked_up = [resolve(config, key) for key in keys]
print("missing with default:", getattr(resolve(config, "log"), "sinks", "<pruned>"))
try:
    resolve(config, "server.tls.key")
except AttributeError as e:
    print("AttributeError:", e)
flat = dict(flatten(config))
print("sections in set order:", " ".join({k.split(".")[0] for k in flat}))


def show(v):
    """How the Rust side displays bools, ints and strs."""
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, str):
        return '"' + v + '"'
    return str(v)


for (key, mine), got in zip(effective.items(), looked_up):
    same = type(got) is type(mine) and got == mine
    print(f"{key} = {show(got)} {'ok' if same else 'MISMATCH'}")
print("flattened tree equals effective config:", "true" if list(flat.items()) == list(effective.items()) else "false")


def canon(v):
    """The runtime codec's canonical encoding (the parts this program needs; all lengths < 128)."""
    if isinstance(v, bool):
        return b"\x02" if v else b"\x01"
    if isinstance(v, int):
        raw = b"" if v == 0 else v.to_bytes(((v if v >= 0 else ~v).bit_length() + 8) // 8, "little", signed=True)
        return b"\x03" + bytes([len(raw)]) + raw
    if isinstance(v, str):
        return b"\x05" + bytes([len(v.encode())]) + v.encode()
    return b"\x09" + bytes([len(v)]) + b"".join(canon(k) + canon(x) for k, x in v.items())


print("flat digest", hashlib.sha256(canon(flat)).hexdigest())
