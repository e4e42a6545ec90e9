"""The one-folder app (PyInstaller, `make package`): built, started offscreen, trains and reports.

Building takes minutes, so a build in dist/ganviz newer than every source it is made from is
reused; otherwise the test builds it exactly as `make package` does.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging._support import ROOT, run_app, shipped_assets, user_env

pytestmark = pytest.mark.bundle  # `make test` runs these alone, after the parallel phase

APP = ROOT / "dist" / "ganviz"
EXE = APP / "ganviz"
BUILD = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", "dist",
         "--workpath", "build/pyinstaller", "packaging/ganviz.spec"]  # the Makefile's `package` target
SOURCES = ["ganviz", "assets/presets", "assets/lessons", "assets/icon.svg", "assets/icon.png", "packaging",
           "pyproject.toml", "constraints.txt"]
MAX_SIZE_MB = 900  # measured 763 MB; a jump means something big slipped back in (CUDA, test programs)


def _newest_source_mtime() -> float:
    times = []
    for rel in SOURCES:
        path = ROOT / rel
        files = path.rglob("*") if path.is_dir() else [path]
        times += [f.stat().st_mtime for f in files if f.is_file() and "__pycache__" not in f.parts]
    return max(times)


@pytest.fixture(scope="module")
def app() -> Path:
    # `make test` runs this module in its own pytest run after the parallel one; the lock still keeps
    # two runs started by hand from building into one dist/ folder at once (that corrupted files).
    lock = ROOT / "build" / "package.lock"
    lock.parent.mkdir(exist_ok=True)
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        if not EXE.is_file() or EXE.stat().st_mtime < _newest_source_mtime():
            proc = subprocess.run(BUILD, cwd=ROOT, capture_output=True, text=True, timeout=1500)
            assert proc.returncode == 0, proc.stderr[-5000:]
    return APP


def test_bundle_carries_the_assets(app):
    data = app / "_internal" / "ganviz" / "assets"
    for rel in shipped_assets():
        assert (data / rel).read_bytes() == (ROOT / "assets" / rel).read_bytes(), rel


def test_bundle_has_no_test_programs_and_stays_small(app):
    torch_dir = app / "_internal" / "torch"
    assert not (torch_dir / "test").exists() and not (torch_dir / "include").exists()
    gpu = ("libcuda", "libcudart", "libcublas", "libcudnn", "libnccl", "libnvrtc", "libamdhip")
    assert not [f for f in app.rglob("lib*.so*") if f.name.startswith(gpu) or f.name.endswith("_test.so")]
    size_mb = sum(f.stat().st_size for f in app.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20
    assert size_mb < MAX_SIZE_MB


def test_bundle_runs_headless_commands(app, tmp_path):
    proc = subprocess.run([str(EXE), "run", "--preset", "bimodal-1d-gmn", "--steps", "10"], cwd=tmp_path,
                          env=user_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("ok: 10 steps")


def test_bundle_app_starts_trains_and_reports(app, tmp_path):
    _, report = run_app([str(EXE)], tmp_path)
    assert report["steps_per_s"] > 0 and report["first_frame_s"] > 0
