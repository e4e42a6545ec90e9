"""Redraw soak: the real app redraws continuously for 20 s, switching between a 2-D and a 1-D preset.

PySide6 6.12.0 with pyqtgraph 0.14.0 aborted within seconds of this ("Fatal Python error:
none_dealloc"); the pin on 6.11.3 rests on this test passing. It runs the app's own start-up path
(`launch`) in a subprocess, so an abort shows as a non-zero exit code and its message on stderr.
"""

import json
import os
import subprocess
import sys
import time

SEGMENT_S = 5.0  # ring-8, bimodal-1d, ring-8, bimodal-1d: 20 s of play
SEGMENTS = 4

# The driver: the app as `ganviz --preset ring-8 --play --quit-after 20 --report FILE` starts it,
# plus timers that load the other preset and play again every SEGMENT_S seconds. An exception in
# a slot goes to stderr (the app's dialog hook is left out: offscreen nobody could dismiss it).
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ganviz.app.launch as launch_module
from ganviz.app.window import MainWindow
from ganviz.cli.main import build_parser
from ganviz.core.presets import load_preset

segment, segments, report = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
presets = ["ring-8", "bimodal-1d"]
launch_module._install_error_hook = lambda: None
app = QApplication(sys.argv[:1])
switched = []

def switch(i):
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.apply_config(load_preset(presets[i % 2]))
    window.set_playing(True)
    switched.append(window.kind)

for i in range(1, segments):
    QTimer.singleShot(int(i * segment * 1000), lambda i=i: switch(i))
args = build_parser().parse_args(["--preset", presets[0], "--play", "--quit-after", str(segment * segments),
                                  "--report", report])
status = launch_module.launch(args)
print("switched", len(switched))
sys.exit(status)
"""


def test_continuous_redraw_of_both_pages_for_20_s(tmp_path):
    report = tmp_path / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(SEGMENT_S), str(SEGMENTS), str(report)],
                          env=env, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == ""
    assert f"switched {SEGMENTS - 1}" in proc.stdout
    data = json.loads(report.read_text())
    assert data["frames"] > 60, data  # drawn all along (beside another test worker it can fall to ~5 fps)
    assert data["steps"] > 0, data
    log = (tmp_path / "cache" / "ganviz" / "ganviz.log").read_text()
    assert "ERROR" not in log and "CRITICAL" not in log, log[-3000:]
    assert took < 40, f"the soak took {took:.0f} s"
