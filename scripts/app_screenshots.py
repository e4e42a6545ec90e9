"""Screenshots of the whole app window (1600×950, offscreen): bimodal-1d and ring-8 after some seconds of play.

Writes assets/screenshots/app_1d.png and app_2d.png. The trainer runs in a spawned child
process, hence the `__main__` guard.

    python scripts/app_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots"
SIZE = (1600, 950)
SHOTS = (("bimodal-1d", 8.0, "app_1d.png"), ("ring-8", 10.0, "app_2d.png"))


def run_events(seconds: float, until=None) -> bool:
    """Serve the event loop for `seconds`, or until `until()` is true; returns whether it became true."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until is not None and until():
            return True
        QCoreApplication.processEvents(QEventLoop.AllEvents, 20)
        time.sleep(0.002)
    return until is not None and until()


def capture(preset: str, seconds: float, name: str, settings_file: Path) -> Path:
    """Open the window on a preset, play for `seconds`, pause, and save a grab of the whole window."""
    from PySide6.QtCore import QSettings

    from ganviz.app.window import MainWindow
    from ganviz.core.presets import load_preset

    window = MainWindow(load_preset(preset), QSettings(str(settings_file), QSettings.IniFormat))
    window.resize(*SIZE)
    window.show()
    if not run_events(60, lambda: window.last_frame is not None):
        raise SystemExit(f"{preset}: no frame from the trainer within 60 s")
    window.set_playing(True)
    run_events(seconds)
    window.set_playing(False)
    run_events(5, lambda: not window.last_frame.playing)
    run_events(0.3)  # let the last frame's repaint through
    path = OUT / name
    window.grab().save(str(path))
    print(f"wrote {path} ({preset}, step {window.last_frame.step})", file=sys.stderr)
    window.close()
    return path


def quiet_offscreen_note() -> None:
    """Qt messages go to stderr, except the offscreen platform's note that it cannot resize windows by hint."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(kind, context, message):
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def main() -> int:
    """Write both screenshots; returns the exit status."""
    from PySide6.QtWidgets import QApplication

    quiet_offscreen_note()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ganviz")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for preset, seconds, name in SHOTS:
            capture(preset, seconds, name, Path(tmp) / "settings.ini")
    return 0


if __name__ == "__main__":
    sys.exit(main())
