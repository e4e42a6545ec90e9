"""Before/after pairs of the first-contact work (issue 14): the same preset, size and step count in the
app as it was at BEFORE (a git worktree of that commit) and in this checkout, side by side in
assets/screenshots/before-after/NAME-before.png and NAME-after.png.

    python scripts/before_after.py              # every pair (about 5 minutes)
    python scripts/before_after.py ring-8-1400x850 ...   # only the pairs named

Each picture is the window itself (offscreen, a fresh settings file), opened on the preset, trained to
the step count (live changes applied when the run passes their step), paused and grabbed.
The start page is a first start of `ganviz` itself (see FIRST_START).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "screenshots" / "before-after"
BEFORE = "7f2fda2"  # the app before the first-contact work
CEILING_S = 400  # a hung run alone reaches this

# name: (preset, width, height, steps, options): --set k=v,... before the start; --change STEP:k=v live;
# --present SCALE (a 1024×768 full screen); --first grabs 1.5 s after the window shows, before any frame
PAIRS = {
    "ring-8-1400x850": ("ring-8", 1400, 850, 1500, []),
    "bimodal-1d-1400x850": ("bimodal-1d", 1400, 850, 3000, []),
    "bimodal-1d-oracle-1400x850": ("bimodal-1d-oracle", 1400, 850, 1500, []),
    "bimodal-1d-gmn-1400x850": ("bimodal-1d-gmn", 1400, 850, 1500, []),
    "dirac-gan-1400x850": ("dirac-gan", 1400, 850, 300, []),
    "bimodal-1d-changes-1400x850": ("bimodal-1d", 1400, 850, 3000,
                                    ["--change", "1000:lr_g=0.0005", "--change", "2000:d_steps=3"]),
    "bimodal-1d-present-2x-1024x768": ("bimodal-1d", 1024, 768, 600, ["--present", "2"]),
    "bimodal-1d-wasserstein-1400x850": ("bimodal-1d", 1400, 850, 1500,
                                        ["--set", "loss=wasserstein,regularizer=wgan-gp,d_steps=5"]),
    "grid-25-1400x850": ("grid-25", 1400, 850, 1500, []),
    "bimodal-1d-first-second-1400x850": ("bimodal-1d", 1400, 850, 0, ["--first"]),
}


def _value(text: str):
    return json.loads(text) if text[:1] in "0123456789-[{" else text


def grab(root: str, out: str, preset: str, width: int, height: int, steps: int, opts: list[str]) -> None:
    """In a child process: the window of the app in `root`, grabbed as PAIRS describes."""
    sys.path.insert(0, root)
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])  # noqa: F841 (kept alive)
    import ganviz
    from ganviz.app.window import MainWindow
    from ganviz.core.config import from_dict
    from ganviz.core.presets import load_preset

    assert ganviz.__file__.startswith(root), ganviz.__file__
    pairs = list(zip(opts, opts[1:], strict=False))
    cfg = load_preset(preset)
    for flag, arg in pairs:
        if flag == "--set":
            cfg = from_dict({**cfg.to_dict(), **{k: _value(v) for k, v in (kv.split("=", 1) for kv in arg.split(","))}})
    changes = [(int(at), *kv.split("=", 1))
               for at, kv in (arg.split(":", 1) for flag, arg in pairs if flag == "--change")]
    window = MainWindow(cfg, QSettings(f"{tempfile.mkdtemp()}/s.ini", QSettings.IniFormat))
    window.resize(width, height)
    present = dict(pairs).get("--present")
    if present:
        window.showFullScreen = lambda: window.resize(1024, 768)  # a projector's full screen (offscreen has none)
        window.presentation.set_scale(float(present))
    window.show()

    def run(seconds: float, until) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not until():
            QCoreApplication.processEvents(QEventLoop.AllEvents, 20)
            time.sleep(0.002)

    def past(step: int) -> bool:
        return window.last_frame is not None and window.last_frame.step >= step

    if "--first" not in opts:
        run(120, lambda: window.last_frame is not None)
        if present:
            window.presentation.enter()
        window.set_playing(True)
        for at, key, value in changes:
            run(CEILING_S, lambda at=at: past(at))
            window.apply_live(from_dict({**window.config.to_dict(), key: _value(value)}))
        run(CEILING_S, lambda: past(steps))
        window.set_playing(False)
        run(5, lambda: not window.last_frame.playing)
    run(1.5, lambda: False)
    window.grab().save(out)
    window.close()


def main(argv: list[str]) -> int:
    names = argv or list(PAIRS)
    unknown = [n for n in names if n not in PAIRS]
    if unknown:
        print(f"unknown pairs: {', '.join(unknown)}; known: {', '.join(PAIRS)}", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-f", "--detach", str(before), BEFORE],
                       check=True, capture_output=True)
        try:
            for name in names:
                for side, root in (("before", before), ("after", ROOT)):
                    preset, width, height, steps, opts = PAIRS[name]
                    out = OUT / f"{name}-{side}.png"
                    cmd = [sys.executable, __file__, "--grab", str(root), str(out), preset, str(width),
                           str(height), str(steps), *opts]
                    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OMP_NUM_THREADS="1")
                    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=CEILING_S + 120)
                    ok = proc.returncode == 0 and out.exists()
                    print(f"{out.name}: {'ok' if ok else proc.stderr.strip()[-400:]}", file=sys.stderr)
                    if not ok:
                        failed.append(out.name)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--grab"]:
        a = sys.argv[2:]
        grab(a[0], a[1], a[2], int(a[3]), int(a[4]), int(a[5]), a[6:])
    else:
        sys.exit(main(sys.argv[1:]))
