"""No circular imports in ganviz: each module can be read, tested and changed from the bottom up."""

from __future__ import annotations

import textwrap
from pathlib import Path

import ganviz
from tests.import_graph import describe, import_graph

ROOT = Path(ganviz.__file__).parent


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    """A package `pkg` in tmp_path holding these files (relative path → source)."""
    root = tmp_path / "pkg"
    for rel, source in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")
    return root


def test_ganviz_has_no_circular_imports():
    graph = import_graph(ROOT, "ganviz")
    assert len(graph) > 50 and graph["ganviz.core.trainer"]  # the walk found the modules and their imports
    circles = describe(graph)
    assert not circles, "circular imports:\n" + "\n".join(circles)


def test_a_circle_is_found_even_when_hidden_in_a_function(tmp_path):
    root = _package(tmp_path, {
        "a.py": "from pkg.b import thing\n",
        "b.py": "def thing():\n    from pkg import c\n    return c\n",
        "c.py": "import pkg.a\n",
        "d.py": "from pkg.a import thing\n",  # hangs off the circle without being part of it
    })
    graph = import_graph(root, "pkg")
    assert describe(graph) == ["pkg.a → pkg.b → pkg.c → pkg.a"]


def test_type_checking_imports_and_submodules_of_a_package_are_not_edges(tmp_path):
    root = _package(tmp_path, {
        "sub/__init__.py": "from pkg.sub.leaf import X\n",
        "sub/leaf.py": "from pkg.sub import helpers\nX = 1\n",  # the submodule, not sub's __init__
        "sub/helpers.py": "",
        "a.py": """
            from typing import TYPE_CHECKING
            import typing
            from pkg.b import B
            if TYPE_CHECKING:
                from pkg.c import C
            if typing.TYPE_CHECKING:
                import pkg.c
            else:
                import pkg.sub
            """,
        "b.py": "B = 1\n",
        "c.py": "from pkg.a import *\n",
    })
    graph = import_graph(root, "pkg")
    assert graph["pkg.a"] == {"pkg.b", "pkg.sub"}
    assert graph["pkg.sub.leaf"] == {"pkg.sub.helpers"}
    assert describe(graph) == []
