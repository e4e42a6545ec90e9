"""What the Game spectrum dock costs training: the app's steps/s on ring-8 with the dock shown (a spectrum
every N steps) against the dock hidden, in alternating rounds so that machine noise hits both alike.

Each round is a fresh window in a process of its own (offscreen, settings in a temporary folder):
it plays ring-8 for --warmup seconds, then counts the steps of the next --seconds. Prints each round,
the medians and their ratio, and how long the spectra took. Goal: the dock costs ≤ 20 % of the steps/s
at the default N (session.protocol.SPECTRUM_EVERY).

    python benchmarks/spectrum_cost.py [--rounds 3] [--seconds 60] [--warmup 10] [--every 2000 ...]
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

def main(every, warmup, seconds, folder):
    app = QApplication([])
    from ganviz.app.window import MainWindow
    from ganviz.core.presets import load_preset
    window = MainWindow(load_preset("ring-8"), QSettings(folder + "/s.ini", QSettings.IniFormat))
    window.show()
    marks, state = {}, {"played": False}
    took = []
    window.session.replied.connect(lambda m: took.append(m.seconds) if type(m).__name__ == "GameSpectrum" else None)

    def tick():
        frame, now = window.last_frame, time.perf_counter()
        if frame is None:
            return
        if not state["played"]:
            if every:
                window.spectrum.every.setValue(every)
                window.spectrum.action.trigger()
            window.set_playing(True)
            state["played"], marks["start"] = True, now
        elif "t0" not in marks and now - marks["start"] >= warmup:
            marks["t0"], marks["s0"] = now, frame.step
        elif "t0" in marks and now - marks["t0"] >= seconds:
            print(json.dumps({"steps_per_s": (frame.step - marks["s0"]) / (now - marks["t0"]), "spectra": took}))
            window.close()
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    app.exec()

if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
"""


def one_round(every: int, warmup: float, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "round.py")
        with open(script, "w") as f:
            f.write(ROUND)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": folder}
        out = subprocess.run([sys.executable, script, str(every), str(warmup), str(seconds), folder],
                             env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--every", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    rates: dict[int, list[float]] = {0: [], **{n: [] for n in args.every}}
    spectra: dict[int, list[float]] = {n: [] for n in args.every}
    for r in range(args.rounds):
        for every in rates:
            got = one_round(every, args.warmup, args.seconds)
            rates[every].append(got["steps_per_s"])
            spectra.get(every, []).extend(got["spectra"])
            label = "hidden" if every == 0 else f"every {every}"
            print(f"round {r + 1} {label:>11}: {got['steps_per_s']:6.1f} steps/s, spectra took "
                  f"{', '.join(f'{s:.1f}' for s in got['spectra']) or '-'} s", flush=True)
    base = statistics.median(rates[0])
    print(f"dock hidden: median {base:.1f} steps/s")
    for every in args.every:
        med = statistics.median(rates[every])
        took = spectra[every]
        print(f"every {every}: median {med:.1f} steps/s = {med / base:.2f}× hidden (cost {1 - med / base:.0%}); "
              f"{len(took)} spectra, median {statistics.median(took) if took else float('nan'):.1f} s each")


if __name__ == "__main__":
    main()
