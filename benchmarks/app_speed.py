"""The app's acceptance figures: frame rate, longest GUI stall, start-up time, and training speed against headless.

Alternates, in one session so that machine noise hits both alike:
  - the app, `ganviz --preset ring-8 --play --quit-after 20 --report r.json`, offscreen, in a
    1600×950 window on a 1920×1080 virtual screen, with settings kept in a temporary folder;
  - the headless `ganviz run --preset ring-8 --steps 4000 --out x.json` (one torch thread, its default),
    and the same with `--threads 2`, for the record: the app's trainer has one core to itself.
Prints each round and the medians. Goals: fps ≥ 30, max stall < 50 ms, app/headless steps/s ≥ 0.8.
With `--load N`, N busy processes keep the cores loaded for the whole session (a lecture laptop with a
browser and a video call), the app and the headless runs alike; the goals are then ≥ 10 fps, a
first frame, and app/headless steps/s ≥ 0.5.

    python benchmarks/app_speed.py [--rounds 3] [--seconds 20] [--steps 4000] [--size 1600x950] [--load 2]
                                   [--preset digits]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run_speed import ganviz_rate  # `ganviz run`'s own steps_per_s (this folder is on sys.path when run)

PRESET = "ring-8"  # the default; --preset digits prices the image page
SCREEN = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
          "screens": [{"name": "bench", "x": 0, "y": 0, "width": 1920, "height": 1080,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
SEED_GEOMETRY = """
import sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(int(sys.argv[1]), int(sys.argv[2]))
settings = QSettings("ganviz", "ganviz")
settings.setValue("geometry", window.saveGeometry())
settings.sync()
"""


BUSY = "while True:\n    sum(i * i for i in range(10_000))"  # one core's worth of pure-Python work


@contextlib.contextmanager
def busy_processes(n: int):
    """n processes spinning on a core each until the block ends."""
    procs = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(n)]
    try:
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def app_env(folder: Path, size: tuple[int, int]) -> dict:
    """Offscreen on a screen large enough for `size`, with a saved window geometry of that size."""
    screen = folder / "screen.json"
    screen.write_text(json.dumps(SCREEN))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               XDG_CONFIG_HOME=str(folder / "config"), XDG_CACHE_HOME=str(folder / "cache"))
    subprocess.run([sys.executable, "-c", SEED_GEOMETRY, *map(str, size)], env=env, check=True)
    return env


def app_round(env: dict, seconds: float, folder: Path, preset: str = PRESET) -> dict:
    """The --report of one app run."""
    report = folder / "report.json"
    report.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-m", "ganviz", "--preset", preset, "--play", "--quit-after",
                           str(seconds), "--report", str(report)], env=env, capture_output=True, text=True,
                          timeout=seconds + 120)
    if proc.returncode != 0 or not report.exists():
        raise SystemExit(f"the app failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return json.loads(report.read_text())


def main() -> None:
    """Alternate the app and the headless run; print every round and the medians."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=20.0, help="the app's --quit-after")
    ap.add_argument("--steps", type=int, default=4000, help="headless steps")
    ap.add_argument("--size", default="1600x950", help="window size WxH")
    ap.add_argument("--load", type=int, default=0, help="busy processes running throughout (default none)")
    ap.add_argument("--preset", default=PRESET, help="the preset both train (default ring-8)")
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp, busy_processes(args.load):
        folder = Path(tmp)
        env = app_env(folder, size)
        for i in range(args.rounds):
            app = app_round(env, args.seconds, folder, args.preset)
            headless = ganviz_rate(args.preset, args.steps, threads=1)
            two = ganviz_rate(args.preset, args.steps, threads=2)
            row = {**app, "headless_steps_per_s": headless, "ratio": app["steps_per_s"] / headless,
                   "headless2_steps_per_s": two, "ratio2": app["steps_per_s"] / two}
            rows.append(row)
            print(f"round {i + 1}: {row['fps']:.1f} fps, max stall {row['max_stall_ms']:.0f} ms, "
                  f"start-up {row['startup_s']:.2f} s, first frame {row['first_frame_s'] or float('nan'):.2f} s, "
                  f"app {row['steps_per_s']:.0f} steps/s, "
                  f"headless {headless:.0f} steps/s, ratio {row['ratio']:.2f}; "
                  f"headless --threads 2 {two:.0f} steps/s, ratio {row['ratio2']:.2f}", flush=True)
    med = {k: statistics.median(float("nan") if r[k] is None else r[k] for r in rows) for k in rows[0]}
    fps_goal, ratio_goal = (10, 0.5) if args.load else (30, 0.8)
    print(f"median of {len(rows)} ({args.preset}, {size[0]}×{size[1]}, {args.load} busy processes): "
          f"fps {med['fps']:.1f} (goal ≥ {fps_goal}), max_stall_ms {med['max_stall_ms']:.0f}"
          f"{'' if args.load else ' (goal < 50)'}, startup_s {med['startup_s']:.2f}, "
          f"first_frame_s {med['first_frame_s']:.2f}, app steps_per_s {med['steps_per_s']:.0f}, "
          f"headless steps_per_s {med['headless_steps_per_s']:.0f}, ratio {med['ratio']:.2f} (goal ≥ {ratio_goal}); "
          f"headless --threads 2 {med['headless2_steps_per_s']:.0f}, ratio {med['ratio2']:.2f}")


if __name__ == "__main__":
    main()
