"""How much recording slows training: the app's --report on ring-8 without recording, and while recording.

Alternates, in one session so that machine noise hits all alike, the app run
`ganviz --preset ring-8 --play --quit-after S --report r.json` (offscreen, 1600×950 window) plain,
recording a GIF, and recording an MP4 of the view area (from 1 s after the window shows, at the
chosen fps and size, until the window closes). Prints each round, the medians and the slowdown
1 − recording/plain of steps per second. Goal: at most 20 %.

    python benchmarks/recording_speed.py [--rounds 3] [--seconds 20] [--fps 15] [--size 800x450]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from app_speed import PRESET, app_env  # noqa: E402 (the same offscreen screen and window size)

# Runs the real `ganviz` command with a recording started 1 s after the window is built.
DRIVER = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
import ganviz.app.window as window_module
from ganviz.app.recorder import RecordSettings
from ganviz.cli.main import main

record, fps, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
built = window_module.MainWindow.__init__

def init(self, *args, **kwargs):
    built(self, *args, **kwargs)
    if record != "-":
        settings = RecordSettings(Path(record), fps, width, height)
        QTimer.singleShot(1000, lambda: self.recorder.start(self.centralWidget(), settings))

window_module.MainWindow.__init__ = init
sys.exit(main(sys.argv[5:]))
"""


def app_round(env: dict, seconds: float, folder: Path, record: str, fps: int, size: tuple[int, int]) -> dict:
    """The --report of one app run, recording to `record` ("-" for none), plus the file's frame count."""
    report = folder / "report.json"
    report.unlink(missing_ok=True)
    out = folder / record if record != "-" else None
    if out is not None:
        out.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(out or "-"), str(fps), *map(str, size),
                           "--preset", PRESET, "--play", "--quit-after", str(seconds), "--report", str(report)],
                          env=env, capture_output=True, text=True, timeout=seconds + 180)
    if proc.returncode != 0 or not report.exists():
        raise SystemExit(f"the app failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    row = json.loads(report.read_text())
    row["recorded_frames"] = _frames(out) if out is not None else 0
    return row


def _frames(path: Path) -> int:
    if not path.exists():
        return -1
    if path.suffix == ".gif":
        from PIL import Image
        with Image.open(path) as gif:
            return gif.n_frames
    import imageio_ffmpeg
    reader = imageio_ffmpeg.read_frames(str(path))
    next(reader)
    return sum(1 for _ in reader)


def main() -> None:
    """Alternate plain, GIF and MP4 runs; print every round, the medians and the slowdowns."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=20.0, help="the app's --quit-after")
    ap.add_argument("--fps", type=int, default=15)
    ap.add_argument("--size", default="800x450", help="recorded size WxH")
    ap.add_argument("--window", default="1600x950", help="window size WxH")
    args = ap.parse_args()
    size = tuple(int(v) for v in args.size.lower().split("x"))
    window = tuple(int(v) for v in args.window.lower().split("x"))
    modes = {"plain": "-", "gif": "rec.gif", "mp4": "rec.mp4"}
    rows: dict[str, list[dict]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = app_env(folder, window)
        for i in range(args.rounds):
            for mode, record in modes.items():
                row = app_round(env, args.seconds, folder, record, args.fps, size)
                rows[mode].append(row)
                print(f"round {i + 1} {mode}: {row['steps_per_s']:.0f} steps/s, {row['fps']:.1f} fps, "
                      f"max stall {row['max_stall_ms']:.0f} ms, recorded {row['recorded_frames']} frames",
                      flush=True)
    med = {m: {k: statistics.median(r[k] for r in rs) for k in ("steps_per_s", "fps", "max_stall_ms")}
           for m, rs in rows.items()}
    plain = med["plain"]["steps_per_s"]
    for mode in modes:
        m = med[mode]
        slow = 1 - m["steps_per_s"] / plain
        print(f"median {mode} ({PRESET}, {args.fps} fps at {size[0]}×{size[1]}): {m['steps_per_s']:.0f} steps/s, "
              f"{m['fps']:.1f} fps, max stall {m['max_stall_ms']:.0f} ms"
              + ("" if mode == "plain" else f", slowdown {100 * slow:.0f} % (goal ≤ 20 %)"))


if __name__ == "__main__":
    main()
