# Prints the AST of one Python file as JSON, parsed by this CPython's own
# grammar (`ast.parse`), so the partitioner never carries a second parser that
# could drift from the language. Run as: python3.11 -I -S dump_ast.py FILE
import ast
import json
import sys


def node(n):
    if isinstance(n, ast.AST):
        out = {"_": type(n).__name__}
        if hasattr(n, "lineno"):
            out["line"] = n.lineno
        for field, value in ast.iter_fields(n):
            if field == "ctx":
                out[field] = type(value).__name__
            elif field == "value" and isinstance(n, ast.Constant):
                out[field] = constant(value)
            else:
                out[field] = node(value)
        return out
    if isinstance(n, list):
        return [node(x) for x in n]
    return n


def constant(v):
    # Every constant tagged with its exact type; numbers as exact text.
    if v is None:
        return {"none": True}
    if isinstance(v, bool):
        return {"bool": v}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v), "hex": v.hex()}
    if isinstance(v, str):
        return {"str": v}
    return {"other": type(v).__name__}


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        source = f.read()
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        json.dump({"error": {"message": e.msg, "line": e.lineno or 0, "col": e.offset or 0}}, sys.stdout)
        return
    except ValueError as e:  # e.g. NUL bytes in the source
        json.dump({"error": {"message": str(e), "line": 0, "col": 0}}, sys.stdout)
        return
    json.dump({"module": node(tree)}, sys.stdout)


main()
