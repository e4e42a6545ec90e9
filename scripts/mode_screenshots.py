"""Screenshot of the 2-D page collapsing on ring-8: samples coloured by nearest mode, and the mode bars.

Trains the ring-8 preset headless (a fixed seed and step count, so the picture is reproducible),
then draws its snapshot on the app's own 2-D page (offscreen) and saves
assets/screenshots/ring8_collapse.png.

    python scripts/mode_screenshots.py [--steps 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots"
SIZE = (1600, 950)


def trained_snapshot(preset: str, steps: int, seed: int):
    """The snapshot the app's evaluator would draw after `steps` iterations of the preset."""
    from ganviz.core.presets import load_preset
    from ganviz.core.trainer import Trainer

    trainer = Trainer(load_preset(preset).with_changes({"seed": seed}))
    trainer.train(steps)
    metrics = trainer.log()
    print(f"{preset} seed {seed} step {steps}: {metrics['modes']:.0f} modes, {100 * metrics['hq']:.1f} % high quality",
          file=sys.stderr)
    return trainer.config, trainer.snapshot(view=True)


def capture(config, snapshot, name: str) -> Path:
    """Draw the snapshot on the window's 2-D page (its trainer process stopped) and save a grab of the page."""
    from PySide6.QtCore import QCoreApplication, QSettings

    from ganviz.app.session.protocol import Frame
    from ganviz.app.window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(config, QSettings(str(Path(tmp) / "settings.ini"), QSettings.IniFormat))
        window.client.stop()  # the picture is the headless run's, not a live one
        window.resize(*SIZE)
        window.show()
        window._draw(Frame(snapshot=snapshot, step=snapshot.step, config_json=config.to_json()))
        for _ in range(20):
            QCoreApplication.processEvents()
        path = OUT / name
        window.pages.currentWidget().grab().save(str(path))
        window.close()
    print(f"wrote {path}", file=sys.stderr)
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot; returns the exit status."""
    from PySide6.QtWidgets import QApplication

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ganviz")
    OUT.mkdir(parents=True, exist_ok=True)
    config, snapshot = trained_snapshot("ring-8", args.steps, args.seed)
    capture(config, snapshot, "ring8_collapse.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
