"""The crate's modules import each other without circles (issue 16): a module that reaches back
up to whatever uses it is a design that no longer reads top-down. Reads `crate::…` paths in
src/ (code only: comments, doc links and test modules are left out) and fails on any cycle
between the modules of `core`, `web` and `strings`, naming it.
Run: python3 -m unittest discover -s scripts"""

import pathlib
import re
import unittest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
PATH = re.compile(r"crate::((?:core|web|strings)::\w+)")
GROUP = re.compile(r"crate::(core|web|strings)::\{([^}]*)\}")


def module_of(file, src=SRC):
    """`core::config_parse` for src/core/config_parse/read.rs: the crate's second level."""
    parts = file.relative_to(src).with_suffix("").parts
    return "::".join(parts[:2]) if len(parts) > 1 else None


def graph(src=SRC):
    edges = {}
    for file in sorted(src.rglob("*.rs")):
        source = module_of(file, src)
        if source is None or file.stem == "tests":
            continue
        code = file.read_text().split("#[cfg(all(test")[0]
        code = "\n".join(line for line in code.splitlines() if not line.strip().startswith("//"))
        targets = {m.group(1) for m in PATH.finditer(code)}
        for m in GROUP.finditer(code):
            for item in m.group(2).split(","):
                name = item.strip().split("::")[0].split(" ")[0]
                if name and name != "self":
                    targets.add(f"{m.group(1)}::{name}")
        edges.setdefault(source, set()).update(t for t in targets if t != source)
    return edges


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


class ModuleGraph(unittest.TestCase):
    def test_no_import_circles(self):
        self.assertEqual(cycles(graph()), [])

    def test_a_circle_is_found(self):
        edges = {"web::a": {"web::b"}, "web::b": {"web::c"}, "web::c": {"web::a"}, "web::d": {"web::a"}}
        self.assertEqual(cycles(edges), [["web::a", "web::b", "web::c"]])

    def test_the_graph_sees_grouped_imports(self):
        edges = graph()
        self.assertIn("core::config", edges["core::consent"])
        self.assertIn("web::state", edges["web::flow"])


if __name__ == "__main__":
    unittest.main()
