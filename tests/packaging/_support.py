"""What the packaging tests share: the repository's paths and starting an installed app as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"


def user_env(tmp_path: Path) -> dict:
    """Offscreen, with settings and logs kept in tmp_path, and nothing pointing back into the repository."""
    (tmp_path / "home").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path / "home"))
    return env


def run_app(command: list[str], tmp_path: Path, seconds: float) -> tuple[subprocess.CompletedProcess, dict]:
    """Start the app on ring-8 playing, let it quit by itself after `seconds`; (process, its --report)."""
    report = tmp_path / "report.json"
    proc = subprocess.run([*command, "--preset", "ring-8", "--play", "--quit-after", str(seconds),
                           "--report", str(report)], cwd=tmp_path, env=user_env(tmp_path),
                          capture_output=True, text=True, timeout=seconds + 120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc, json.loads(report.read_text())


def shipped_assets() -> list[str]:
    """Relative paths (under assets/) of the files the wheel and the app must carry."""
    files = [p for sub in ("presets", "lessons") for p in sorted((ASSETS / sub).glob("**/*")) if p.is_file()]
    files += [ASSETS / "icon.svg", ASSETS / "icon.png"]
    return [p.relative_to(ASSETS).as_posix() for p in files]
