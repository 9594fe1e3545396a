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
