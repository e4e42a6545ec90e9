"""Redraw soak: the real app redraws continuously for 240 frames (8 s at 30 fps), switching between a 2-D
and a 1-D preset every 60 frames.

PySide6 6.12.0 with pyqtgraph 0.14.0 aborted within seconds of this ("Fatal Python error:
none_dealloc"); the pin on 6.11.3 rests on this test passing. It runs the app's own start-up path
(`launch`) in a subprocess, so an abort shows as a non-zero exit code and its message on stderr.
"""

import json
import os
import subprocess
import sys

SEGMENT_FRAMES = 60  # ring-8, bimodal-1d, ring-8, bimodal-1d
SEGMENTS = 4
CEILING_S = 600  # only a hung app reaches this: the test waits for frames, not for the clock

# The driver: the app as `ganviz --preset ring-8 --play --quit-after-frames 240 --report FILE` starts
# it, plus a slot that loads the other preset and plays again every SEGMENT_FRAMES frames drawn. An
# exception in a slot goes to stderr (the app's dialog hook is left out: offscreen nobody could dismiss it).
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ganviz.app.launch as launch_module
from ganviz.app.window import MainWindow
from ganviz.cli.main import build_parser
from ganviz.core.presets import load_preset

segment, segments, ceiling, report = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
presets = ["ring-8", "bimodal-1d"]
launch_module._install_error_hook = lambda: None
app = QApplication(sys.argv[:1])
switched = []

def on_frame(window):
    due = len(switched) + 1
    if due < segments and window.counter.frames >= due * segment:
        window.apply_config(load_preset(presets[due % 2]))
        window.set_playing(True)
        switched.append(window.kind)

def attach():  # once the event loop runs, after launch() showed the window
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.client.frame_ready.connect(lambda: on_frame(window))

QTimer.singleShot(0, attach)
args = build_parser().parse_args(["--preset", presets[0], "--play", "--quit-after-frames", str(segment * segments),
                                  "--quit-after", ceiling, "--report", report])
status = launch_module.launch(args)
print("switched", len(switched))
sys.exit(status)
"""


def test_continuous_redraw_of_both_pages_for_240_frames(tmp_path):
    report = tmp_path / "report.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(SEGMENT_FRAMES), str(SEGMENTS), str(CEILING_S),
                           str(report)], env=env, capture_output=True, text=True, timeout=CEILING_S + 120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == ""
    assert f"switched {SEGMENTS - 1}" in proc.stdout
    data = json.loads(report.read_text())
    assert data["frames"] >= SEGMENT_FRAMES * SEGMENTS, data  # it quit on its frame count, not on the ceiling
    assert data["steps"] > 0, data
    log = (tmp_path / "cache" / "ganviz" / "ganviz.log").read_text()
    assert "ERROR" not in log and "CRITICAL" not in log, log[-3000:]
