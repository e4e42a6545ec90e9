"""Train ring-8 plain and with R1 (γ = 10) and save the Game spectrum view of each at step 2,000, with the
spectra of steps 0, 500, …, 2,000 as its history (runs offscreen; a few minutes of one core).

Writes assets/screenshots/spectrum_plain.png and spectrum_r1.png.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch  # noqa: E402
from screenshots import save  # noqa: E402 (this folder is on sys.path when a script runs)

from ganviz.app.session.protocol import GameSpectrum  # noqa: E402
from ganviz.app.views.spectrum_view import SpectrumView  # noqa: E402
from ganviz.core.presets import load_preset  # noqa: E402
from ganviz.core.spectrum import spectrum  # noqa: E402
from ganviz.core.trainer import Trainer  # noqa: E402

SIZE = (760, 720)
SEED = 1000  # a report seed: the picture is of a run nobody tuned
STEPS = range(0, 2001, 500)
SHOTS = {"spectrum_plain.png": {}, "spectrum_r1.png": {"regularizer": "r1", "reg_weight": 10.0}}


def shoot(name: str, changes: dict) -> None:
    """Measure the spectrum of ring-8 with `changes` every 500 steps up to 2,000 and save the view."""
    tr = Trainer(load_preset("ring-8").with_changes({**changes, "seed": SEED}))
    view = SpectrumView()
    for step in STEPS:
        tr.train(step - tr.step_count)
        started = time.perf_counter()
        s = spectrum(tr)
        view.update(GameSpectrum.of(s, 0, time.perf_counter() - started))
        print(f"  step {s.step}: max |1 + hλ| = {s.max_step_modulus:.6f}", file=sys.stderr)
    save(view, name, SIZE)


def main() -> int:
    from pyqtgraph.Qt import QtWidgets

    torch.set_num_threads(1)
    _app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    for name, changes in SHOTS.items():
        shoot(name, changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
