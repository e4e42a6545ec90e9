"""The soak benchmark's hands: the real app (as `ganviz --preset ring-8 --play` starts it) with a random
control change every 100 ms, and a status line every few seconds.

`python -m ganviz.app.soak_driver --seconds N --status FILE.jsonl --report FILE.json [--seed S]`.
benchmarks/soak.py runs it in a subprocess and measures its memory from outside. Changes go through
the controls' own `committed` signals, so each one takes the path a user's edit takes. Every live
key is changed, the target's parameters less often (see TARGET_EVERY). Values stay where ring-8
keeps training (learning rates up to 1e-2, small step counts); a run that diverges anyway is reset
and played on, as a lecturer would.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

CHANGE_MS = 100
STATUS_S = 5.0
RESET_CHANCE = 0.003  # per change (about one every 30 s): start over, which rebuilds the networks
# The target's own parameters cost 0.4 s a change (trainer and evaluator both recompute the true
# density on their grids): at 10 a second nothing else would run. They change once every 10 s.
TARGET_EVERY = 100
# Upper bounds that keep ring-8 training at full speed (the full ranges would often diverge or crawl).
CAPS = {"lr_g": 1e-2, "lr_d": 1e-2, "batch_size": 256, "d_steps": 3, "g_steps": 3, "unroll_steps": 2,
        "reg_weight": 10.0, "clip": 1.0, "log_every": 500, "kde_bandwidth": 0.5}
FLOORS = {"log_every": 100, "lr_g": 1e-5, "lr_d": 1e-5, "batch_size": 32, "kde_bandwidth": 0.02}


def random_value(spec, rng: random.Random):
    """A value for a key, within its range and the caps above."""
    if spec.choices is not None:
        return rng.choice(spec.choices)
    if spec.type is bool:
        return rng.random() < 0.5
    lo = max(spec.lo, FLOORS.get(spec.key, spec.lo))
    hi = min(spec.hi, CAPS.get(spec.key, spec.hi))
    if spec.type is list:
        return sorted(round(math.exp(rng.uniform(math.log(0.05), math.log(4))), 3) for _ in range(rng.randint(1, 4)))
    if spec.type is int:
        return rng.randint(int(lo), int(hi))
    if spec.log:
        return math.exp(rng.uniform(math.log(lo), math.log(hi)))
    return rng.uniform(lo, hi)


class Driver:
    """Makes the changes and writes the status lines."""

    def __init__(self, window, status_path: Path, seed: int):
        from ganviz.app.meter import StallMeter

        self.window, self.status_path, self.rng = window, status_path, random.Random(seed)
        self.changes = self.resets = self.recoveries = 0
        self.reset_from: int | None = None  # the generation a recovery reset left
        self.stalls = StallMeter(window)  # our own meter: restarted at every status line
        self.stalls.start()
        self.started = time.perf_counter()

    def change(self) -> None:
        """One random control change (or, rarely, a reset); a diverged run is reset and played on."""
        from ganviz.core.config import key_specs

        w = self.window
        frame = w.last_frame
        if frame is not None and frame.snapshot.status != "ok" and frame.generation != self.reset_from:
            self.recoveries += 1  # once per diverged run: its reset shows in a frame of a later generation
            self.reset_from = frame.generation
            self._reset()
            return
        if self.rng.random() < RESET_CHANCE:
            self.resets += 1
            self._reset()
            return
        target_turn = self.changes % TARGET_EVERY == TARGET_EVERY - 1
        specs = [s for s in key_specs(w.panel.config()).values()
                 if s.live and s.key.startswith("target.") == target_turn]
        spec = self.rng.choice(specs)
        w.panel.field(spec.key).committed.emit(random_value(spec, self.rng))
        self.changes += 1
        if not w.transport.is_playing():
            w.set_playing(True)

    def _reset(self) -> None:
        self.window.reset()
        self.window.set_playing(True)

    def status(self) -> None:
        """Append one JSON line: time, longest stall since the last line, steps, frames, changes."""
        w = self.window
        frame = w.last_frame
        line = {"t": round(time.perf_counter() - self.started, 2), "max_stall_ms": round(self.stalls.max_stall_ms, 1),
                "steps": frame.total_steps if frame else 0, "frames": w.counter.frames, "changes": self.changes,
                "resets": self.resets, "recoveries": self.recoveries,
                "status": frame.snapshot.status if frame else "", "trainer_alive": w.client.alive}
        with open(self.status_path, "a") as f:
            f.write(json.dumps(line) + "\n")
        self.stalls.start()


def main(argv: list[str] | None = None) -> int:
    """Run the app for --seconds with the driver attached; the app's exit status."""
    parser = argparse.ArgumentParser(prog="python -m ganviz.app.soak_driver")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--status", type=Path, required=True, help="JSON lines, one every few seconds")
    parser.add_argument("--report", type=Path, required=True, help="the app's own --report")
    parser.add_argument("--preset", default="ring-8")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ganviz.app.launch import launch
    from ganviz.app.window import MainWindow
    from ganviz.cli.main import build_parser

    app = QApplication(sys.argv[:1])
    keep: list = []  # the driver and its timers live as long as the app (a connection alone does not keep them)

    def attach():  # runs once the event loop has started, after launch() showed the window
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        driver = Driver(window, args.status, args.seed)
        keep.append(driver)
        for interval, slot in ((CHANGE_MS, driver.change), (int(STATUS_S * 1000), driver.status)):
            timer = QTimer(window, interval=interval)
            timer.timeout.connect(slot)
            timer.start()
            keep.append(timer)

    QTimer.singleShot(0, attach)
    app_args = build_parser().parse_args(["--preset", args.preset, "--play", "--quit-after", str(args.seconds),
                                          "--report", str(args.report)])
    return launch(app_args)


if __name__ == "__main__":
    sys.exit(main())
