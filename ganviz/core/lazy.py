"""A module imported on first use, so that code which only describes things need not pay for it.

The targets describe themselves (parameters, ranges, densities on a grid) with numpy alone, and
the window process uses only that; their torch methods serve the trainer. `torch` here is a
stand-in that imports the real module the first time one of its attributes is read.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands in for a module until an attribute is first read; then it is imported (once) and used."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}{'' if self._module is None else ' (imported)'}>"


torch = LazyModule("torch")
