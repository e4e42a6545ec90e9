"""Train ring-8 and bimodal-1d headless and save the Inside the networks view of each (runs offscreen;
a minute of one core).

Writes assets/screenshots/networks_ring8.png (step 2,000, D's output chosen) and networks_1d.png
(step 2,000, D's units beside D(x)).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch  # noqa: E402
from screenshots import save  # noqa: E402 (this folder is on sys.path when a script runs)

from ganviz.app.session.protocol import Frame  # noqa: E402
from ganviz.app.views.networks_view import NetworksView  # noqa: E402
from ganviz.core.neurons import players_maps  # noqa: E402
from ganviz.core.presets import load_preset  # noqa: E402
from ganviz.core.trainer import Trainer  # noqa: E402

SIZE = (760, 720)  # the room of the main views in a 1280×800 window
SEED = 1000  # a report seed: the picture is of a run nobody tuned
STEPS = 2000
UNITS = 8
SHOTS = {"networks_ring8.png": "ring-8", "networks_1d.png": "bimodal-1d"}


def shoot(name: str, preset: str) -> None:
    tr = Trainer(load_preset(preset).with_changes({"seed": SEED}))
    tr.train(STEPS)
    maps, missing = players_maps(tr, UNITS)
    view = NetworksView()
    view.update(Frame(snapshot=tr.snapshot(view=True), step=tr.step_count, neurons=maps, neurons_missing=missing))
    save(view, name, SIZE)


def main() -> int:
    from pyqtgraph.Qt import QtWidgets

    torch.set_num_threads(1)
    _app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    names = sys.argv[1:] or list(SHOTS)
    for name in names:
        shoot(name, SHOTS[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
