classes = {}
for name, base, own, weight in spec:
    bases = (classes[base],) if base else ()
    namespace = dict(own)
    namespace["weight"] = weight
    namespace["__doc__"] = f"{name}: built from a spec"
    classes[name] = type(name, bases, namespace)


def fields(cls):
    names = []
    for klass in reversed(cls.__mro__):
        for key in vars(klass):
            if not key.startswith("_") and key != "weight" and not callable(getattr(klass, key)) and key not in names:
                names.append(key)
    return {n: getattr(cls, n) for n in names}


def score(self):
    return type(self).weight * sum(fields(type(self)).values())


classes["Item"].score = score
classes["Item"].__repr__ = lambda self: f"<{type(self).__name__} {fields(type(self))}>"
classes["Box"].score = lambda self: score(self)
classes["Box"].score.__name__ = "box_score"

for name, cls in classes.items():
    print(f"{name:<6} mro={[c.__name__ for c in cls.__mro__]} doc={cls.__doc__!r}")
print("isinstance:", isinstance(classes["Crate"](), classes["Item"]), issubclass(classes["Knife"], classes["Box"]))
print("repr:", repr(classes["Crate"]()))
print("score owners:", {n: c.score.__name__ for n, c in classes.items()})
scores = {name: cls().score() for name, cls in classes.items()}
print("subclasses of Item:", sorted(c.__name__ for c in classes["Item"].__subclasses__()))
