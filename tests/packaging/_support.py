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


CEILING_S = 600  # for a hung app only: the app quits on its step and frame counts


def run_app(command: list[str], tmp_path: Path, steps: int = 20,
            frames: int = 5) -> tuple[subprocess.CompletedProcess, dict]:
    """Start the app on ring-8 playing, let it quit by itself once it has trained `steps` steps and drawn
    `frames` frames; (process, its --report). A slow machine takes longer, it does not fail."""
    report = tmp_path / "report.json"
    proc = subprocess.run([*command, "--preset", "ring-8", "--play", "--quit-after-steps", str(steps),
                           "--quit-after-frames", str(frames), "--quit-after", str(CEILING_S),
                           "--report", str(report)], cwd=tmp_path, env=user_env(tmp_path),
                          capture_output=True, text=True, timeout=CEILING_S + 120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    data = json.loads(report.read_text())
    assert data["steps"] >= steps and data["frames"] >= frames, data  # quit on its counts, not the ceiling
    return proc, data


def shipped_assets() -> list[str]:
    """Relative paths (under assets/) of the files the wheel and the app must carry: presets, lessons, the
    measured rates of their claims, the start page's pictures and the icon."""
    folders = ("presets", "lessons", "claims", "gallery")
    files = [p for sub in folders for p in sorted((ASSETS / sub).glob("**/*")) if p.is_file()]
    files += [ASSETS / "icon.svg", ASSETS / "icon.png"]
    return [p.relative_to(ASSETS).as_posix() for p in files]
