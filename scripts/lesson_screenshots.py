"""Screenshots of the first and last step of every built-in lesson (whole window, 1600×950, offscreen).

Writes assets/screenshots/lessons/NN-first.png and NN-last.png. A step that trains is played
until its run_steps or --max-steps (whichever is lower: a loaded machine trains slowly), then
paused; a sampler step runs its sampler for a few seconds. The trainer runs in a spawned
child process, hence the `__main__` guard.

    python scripts/lesson_screenshots.py [--max-steps 1500] [--only 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app_screenshots import run_events  # noqa: E402 (this folder is on sys.path when a script runs)

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots" / "lessons"
SIZE = (1600, 950)
SAMPLER_SECONDS = 5.0


def settle(window, step, max_steps: int, timeout: float) -> None:
    """Let a step play out (up to max_steps), then pause and wait for the paused frame."""
    panel = window.lessons.panel
    generation = panel.run_generation
    run_events(60, lambda: window.last_frame is not None and window.last_frame.generation >= generation)
    if step.sampler is not None:
        run_events(SAMPLER_SECONDS)
    if step.play:
        goal = min(step.run_steps or max_steps, max_steps)
        run_events(timeout, lambda: window.last_frame.generation >= generation and window.last_frame.step >= goal)
    window.set_playing(False)
    run_events(10, lambda: not window.last_frame.playing)
    if step.invert:
        show_inversion(window)
    if "spectrum" in step.show:  # the spectrum of the step shown (a ring-8 one takes tens of seconds)
        view, at = window.spectrum.view, window.last_frame.step
        run_events(timeout, lambda: view.shown is not None and view.shown.step == at)
    run_events(0.5)  # the last frame's repaint


def show_inversion(window) -> None:
    """Do what a click does, at a point G reaches: a generated sample (so the picture shows the marks)."""
    snap = window.last_frame.snapshot
    point = snap.samples[len(snap.samples) // 3].tolist()
    window.lessons.invert_at(point)
    marks = window.lessons.marks
    run_events(30, lambda: marks.strip_points.isVisible() or marks.field_points.isVisible())


def main() -> None:
    """Render the lessons' first and last steps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-steps", type=int, default=1500)
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds a step may train at most")
    parser.add_argument("--only", type=int, nargs="*", help="lesson numbers (1-13)")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ganviz.app.window import MainWindow
    from ganviz.core.config import default_config
    from ganviz.core.lessons import builtin_lessons

    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(default_config(), QSettings(str(Path(tmp) / "s.ini"), QSettings.IniFormat))
        window.resize(*SIZE)
        window.show()
        if not run_events(60, lambda: window.last_frame is not None):
            raise SystemExit("no frame from the trainer within 60 s")
        for number, path in enumerate(builtin_lessons(), start=1):
            if args.only and number not in args.only:
                continue
            window.lessons.open(path)
            panel = window.lessons.panel
            for index, tag in ((0, "first"), (len(panel.lesson.steps) - 1, "last")):
                panel.go(index, fresh=True)
                settle(window, panel.lesson.steps[index], args.max_steps, args.timeout)
                out = OUT / f"{path.stem[:2]}-{tag}.png"
                window.grab().save(str(out))
                print(f"wrote {out} (step {window.last_frame.step})", file=sys.stderr)
        window.close()
    app.quit()


if __name__ == "__main__":
    main()
