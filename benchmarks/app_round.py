"""One timed round of the app for the benchmarks that price a view (spectrum_cost.py, networks_cost.py).

Run as a process of its own: a fresh window (offscreen, settings in a temporary folder) plays ring-8 with
the view asked for shown from the start, for `warmup` seconds, then counts the steps and frames of the
next `seconds`, and prints one JSON line: steps_per_s, fps, pictures_per_s (frames carrying the networks'
pictures) and spectra (the seconds each game spectrum took).

    python benchmarks/app_round.py VIEW EVERY WARMUP SECONDS FOLDER SIZE
    (VIEW: none, spectrum or networks; EVERY: the spectrum's N; SIZE: WxH, or - for the window's own)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

VIEWS = ("none", "spectrum", "networks")


def one_round(view: str, warmup: float, seconds: float, every: int = 0, size: str = "-") -> dict:
    """Run a round in a child process and return what it measured."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": folder}
        out = subprocess.run([sys.executable, __file__, view, str(every), str(warmup), str(seconds), folder, size],
                             env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _round(view: str, every: int, warmup: float, seconds: float, folder: str, size: str) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from ganviz.app.window import MainWindow
    from ganviz.core.presets import load_preset

    window = MainWindow(load_preset("ring-8"), QSettings(folder + "/s.ini", QSettings.IniFormat))
    if size != "-":
        window.resize(*(int(v) for v in size.split("x")))
    window.show()
    marks, counts, took = {}, {"frames": 0, "pictures": 0}, []
    window.session.replied.connect(lambda m: took.append(m.seconds) if type(m).__name__ == "GameSpectrum" else None)

    def on_frame(frame) -> None:
        if "t0" in marks:
            counts["frames"] += 1
            counts["pictures"] += frame.neurons is not None

    window.on_frame(on_frame)

    def tick() -> None:
        frame, now = window.last_frame, time.perf_counter()
        if frame is None:
            return
        if "start" not in marks:
            if view == "spectrum":
                window.spectrum.every.setValue(every)
                window.spectrum.action.trigger()
            elif view == "networks":
                window.networks.action.trigger()
            window.set_playing(True)
            marks["start"] = now
        elif "t0" not in marks and now - marks["start"] >= warmup:
            marks["t0"], marks["s0"] = now, frame.step
        elif "t0" in marks and now - marks["t0"] >= seconds:
            span = now - marks["t0"]
            print(json.dumps({"steps_per_s": (frame.step - marks["s0"]) / span, "fps": counts["frames"] / span,
                              "pictures_per_s": counts["pictures"] / span, "spectra": took}))
            window.close()
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(20)
    app.exec()


if __name__ == "__main__":
    if len(sys.argv) != 7 or sys.argv[1] not in VIEWS:
        sys.exit(__doc__)
    _round(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6])
