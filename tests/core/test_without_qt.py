"""The core is pure: every ganviz.core module imports with Qt and pyqtgraph unavailable."""

import pkgutil
import subprocess
import sys

import ganviz.core

BLOCKER = """
import importlib, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"):
            raise ImportError(f"{name} is not available here")
        return None

sys.meta_path.insert(0, NoQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def test_every_core_module_imports_without_qt():
    names = [m.name for m in pkgutil.walk_packages(ganviz.core.__path__, "ganviz.core.")]
    assert len(names) > 30  # the walk found the package's modules
    proc = subprocess.run([sys.executable, "-c", BLOCKER, *names], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == f"imported {len(names)}"
