"""The wheel as a user installs it: built from the repository, installed in a fresh venv elsewhere.

The fresh venv sees the project venv's packages through a .pth line (torch, Qt, ...), so
nothing is downloaded; pip installs only the wheel itself, offline.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.packaging._support import ROOT, run_app, shipped_assets, user_env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (path,) = out.glob("ganviz-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with only the wheel installed into it."""
    root = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True, timeout=120)
    (purelib,) = root.glob("lib/python*/site-packages")
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "project_deps.pth").write_text("\n".join(deps) + "\n")  # appended after the venv's own
    subprocess.run([sys.executable, "-m", "pip", "--python", str(root / "bin" / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    return root


def _in_venv(venv: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=tmp_path, env=user_env(tmp_path),
                          capture_output=True, text=True, timeout=300)


def test_wheel_carries_the_assets_and_not_the_screenshots(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"ganviz/assets/{rel}" for rel in shipped_assets()}
    assert expected <= names, sorted(expected - names)
    assert any(rel.startswith("lessons/") for rel in shipped_assets()) or not (ROOT / "assets/lessons").is_dir()
    assert not [n for n in names if "screenshots" in n or "__pycache__" in n]


def test_installed_package_reads_its_own_assets(venv, tmp_path):
    code = "import ganviz, ganviz.core.presets as p; print(ganviz.__file__); print(p.assets_dir())"
    proc = _in_venv(venv, tmp_path, "python", "-c", code)
    assert proc.returncode == 0, proc.stderr
    module, assets = (Path(line) for line in proc.stdout.split())
    assert venv in module.parents and venv in assets.parents  # the installed copy, not the repository
    for rel in shipped_assets():
        assert (assets / rel).read_bytes() == (ROOT / "assets" / rel).read_bytes(), rel


def test_installed_command_lists_presets_and_runs(venv, tmp_path):
    proc = _in_venv(venv, tmp_path, "ganviz", "presets")
    assert proc.returncode == 0, proc.stderr
    listed = [line.split()[0] for line in proc.stdout.splitlines()]
    assert sorted(listed) == sorted(p.stem for p in (ROOT / "assets" / "presets").glob("*.json"))

    proc = _in_venv(venv, tmp_path, "ganviz", "run", "--preset", "gaussian-1d", "--steps", "20", "--out", "r.json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads((tmp_path / "r.json").read_text())
    assert out["status"] == "ok" and out["steps"] == 20

    proc = _in_venv(venv, tmp_path, "ganviz", "run", "--preset", "nope", "--steps", "1")
    assert proc.returncode == 2 and "unknown preset 'nope'" in proc.stderr


def test_installed_app_starts_trains_and_quits(venv, tmp_path):
    _, report = run_app([str(venv / "bin" / "ganviz")], tmp_path)
    assert report["steps_per_s"] > 0 and report["first_frame_s"] > 0
