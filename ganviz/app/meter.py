"""Measuring the app itself: GUI-thread stalls, frame rate, start-up time, the --report file."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

TICK_MS = 10


def process_age_s() -> float:
    """Seconds since this process started (from /proc on Linux; else since this module was imported)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat") as f:
            start = int(f.read().rsplit(")", 1)[1].split()[19]) / ticks
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED


_IMPORTED = time.perf_counter()


class StallMeter(QObject):
    """A 10 ms timer on the GUI thread: any longer gap is time the event loop was not served."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.max_stall_ms = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Begin measuring (forgetting earlier stalls)."""
        self.max_stall_ms = 0.0
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_stall_ms = max(self.max_stall_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now


class FrameCounter:
    """Frames drawn, and the rate over a sliding second."""

    def __init__(self):
        self.frames = 0
        self._times: list[float] = []

    def tick(self) -> None:
        """One frame was drawn."""
        now = time.perf_counter()
        self.frames += 1
        self._times.append(now)
        while self._times and now - self._times[0] > 1.0:
            self._times.pop(0)

    @property
    def fps(self) -> float:
        """Frames in the last second."""
        if len(self._times) < 2:
            return 0.0
        span = self._times[-1] - self._times[0]
        return (len(self._times) - 1) / span if span > 0 else 0.0


def write_report(path: Path, fields: dict) -> None:
    """Write the --report JSON (steps, frames, steps_per_s, fps, max_stall_ms, startup_s)."""
    path.write_text(json.dumps(fields, indent=1))
