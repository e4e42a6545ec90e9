"""Train the Dirac-GAN plain and with R1 (γ = 0.3) and save the phase-plane view of each (runs offscreen).

Writes assets/screenshots/phase_plane_gan.png and phase_plane_r1.png.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
import torch  # noqa: E402
from screenshots import OUT, save  # noqa: E402 (this folder is on sys.path when a script runs)

from ganviz.app.history import HistoryBuffer  # noqa: E402
from ganviz.app.views import DiracPlane  # noqa: E402
from ganviz.core.presets import load_preset  # noqa: E402
from ganviz.core.trainer import Trainer  # noqa: E402

SIZE = (1300, 680)
STEPS = 500
SHOTS = {"phase_plane_gan.png": {}, "phase_plane_r1.png": {"regularizer": "r1", "reg_weight": 0.3}}


def shoot(name: str, changes: dict) -> None:
    """Train the dirac-gan preset with `changes` for STEPS steps, as the app would, and save the view."""
    tr = Trainer(load_preset("dirac-gan").with_changes(changes))
    history = HistoryBuffer()
    history.append({"step": 0, **tr.log()})
    for _ in range(STEPS):
        tr.train(1)
        history.append({"step": tr.step_count, **tr.log()})
    view = DiracPlane()
    view.update(history.arrays())
    view.update(tr.snapshot(view=True))
    save(view, name, SIZE)
    print(f"  {tr.step_count} steps, radius {tr.history['radius'][-1]:.4g}", file=sys.stderr)


def main() -> None:
    """Write both screenshots."""
    torch.set_num_threads(1)
    pg.mkQApp()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, changes in SHOTS.items():
        shoot(name, changes)


if __name__ == "__main__":
    main()
