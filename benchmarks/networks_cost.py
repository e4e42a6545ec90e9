"""What the Inside the networks page costs: the app's training steps/s and frames/s on ring-8 with the page
shown (the pictures of 8 units a layer, twice a second) against hidden, in alternating rounds so that machine
noise hits both alike.

Each round is a fresh window in a process of its own (offscreen, 1280×800, settings in a temporary folder):
it plays ring-8 for --warmup seconds, then counts the steps and frames of the next --seconds, and the frames
that carried the pictures. Prints each round, the medians and their ratios.

    python benchmarks/networks_cost.py [--rounds 3] [--seconds 30] [--warmup 8]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROUND = r"""
import json, sys, time
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

def main(shown, warmup, seconds, folder):
    app = QApplication([])
    from ganviz.app.window import MainWindow
    from ganviz.core.presets import load_preset
    window = MainWindow(load_preset("ring-8"), QSettings(folder + "/s.ini", QSettings.IniFormat))
    window.resize(1280, 800)
    window.show()
    marks, state, counts = {}, {"played": False}, {"frames": 0, "pictures": 0}

    def on_frame(frame):
        if "t0" in marks:
            counts["frames"] += 1
            counts["pictures"] += frame.neurons is not None
    window.on_frame(on_frame)

    def tick():
        frame, now = window.last_frame, time.perf_counter()
        if frame is None:
            return
        if not state["played"]:
            if shown:
                window.networks.action.trigger()
            window.set_playing(True)
            state["played"], marks["start"] = True, now
        elif "t0" not in marks and now - marks["start"] >= warmup:
            marks["t0"], marks["s0"] = now, frame.step
        elif "t0" in marks and now - marks["t0"] >= seconds:
            span = now - marks["t0"]
            print(json.dumps({"steps_per_s": (frame.step - marks["s0"]) / span, "fps": counts["frames"] / span,
                              "pictures_per_s": counts["pictures"] / span}))
            window.close()
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    app.exec()

if __name__ == "__main__":
    main(sys.argv[1] == "1", float(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
"""


def one_round(shown: bool, warmup: float, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "round.py")
        with open(script, "w") as f:
            f.write(ROUND)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": folder}
        out = subprocess.run([sys.executable, script, "1" if shown else "0", str(warmup), str(seconds), folder],
                             env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=8.0)
    args = parser.parse_args()
    got: dict[bool, list[dict]] = {False: [], True: []}
    for r in range(args.rounds):
        for shown in (False, True):
            row = one_round(shown, args.warmup, args.seconds)
            got[shown].append(row)
            print(f"round {r + 1} {'shown' if shown else 'hidden':>6}: {row['steps_per_s']:6.1f} steps/s, "
                  f"{row['fps']:5.1f} fps, {row['pictures_per_s']:4.2f} pictures/s", flush=True)
    med = {shown: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for shown, rows in got.items()}
    print(f"hidden: median {med[False]['steps_per_s']:.1f} steps/s, {med[False]['fps']:.1f} fps")
    ratio = med[True]["steps_per_s"] / med[False]["steps_per_s"]
    print(f"shown:  median {med[True]['steps_per_s']:.1f} steps/s ({ratio:.2f}×), {med[True]['fps']:.1f} fps, "
          f"{med[True]['pictures_per_s']:.2f} pictures/s")


if __name__ == "__main__":
    main()
