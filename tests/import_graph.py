"""The import graph of a package, read from its source with `ast` (nothing is imported), and its circles.

Every import counts wherever it sits, inside functions too: an import moved into a function to
dodge a circle still ties the two modules together. Imports under `if TYPE_CHECKING:` do not
count, since they never run. `import a.b` and `from a.b import name` are edges to a.b;
`from a.b import c` is an edge to a.b.c instead when c is a submodule, because importing a
submodule uses nothing defined in the package's __init__.
"""

from __future__ import annotations

import ast
from pathlib import Path


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Module name → source file for every .py under the package directory `root` (a package is its __init__)."""
    files = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def _is_type_checking(test: ast.expr) -> bool:
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


class _Imports(ast.NodeVisitor):
    """The modules of `known` that one module's source imports."""

    def __init__(self, name: str, is_package: bool, known: set[str]):
        self.package = name if is_package else name.rpartition(".")[0]  # what `from .` means here
        self.known = known
        self.found: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:  # the else branch does run
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            anchor = self.package.split(".")
            anchor = anchor[:len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            self._add(sub if sub in self.known else base)

    def _add(self, name: str) -> None:
        if name in self.known:
            self.found.add(name)


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module → the package's modules it imports (at any depth, TYPE_CHECKING blocks aside)."""
    files = module_files(root, package)
    known = set(files)
    graph = {}
    for name, path in files.items():
        visitor = _Imports(name, path.name == "__init__.py", known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        graph[name] = visitor.found - {name}
    return graph


def components(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return sorted(found)


def chain(graph: dict[str, set[str]], members: list[str]) -> list[str]:
    """A shortest circle through the component's first module, as the modules met along it (first repeated last)."""
    inside = set(members)
    first = members[0]
    came_from: dict[str, str] = {}
    frontier = [first]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node] & inside):
                if child == first:
                    path = [node]
                    while path[-1] != first:
                        path.append(came_from[path[-1]])
                    return [*reversed(path), first]
                if child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    raise ValueError(f"{members} is not a strongly connected component")


def describe(graph: dict[str, set[str]]) -> list[str]:
    """One line per circle: a chain of imports, and every module of the component when it holds more."""
    lines = []
    for members in components(graph):
        loop = chain(graph, members)
        line = " → ".join(loop)
        if len(members) > len(loop) - 1:
            line += f"  (the whole component: {', '.join(members)})"
        lines.append(line)
    return lines
