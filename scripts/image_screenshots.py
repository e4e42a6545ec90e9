"""Train the digits preset headless and save the image page at step 3,000 (offscreen; a minute of one core).

Writes assets/screenshots/image_page.png.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import torch  # noqa: E402
from screenshots import save  # noqa: E402 (this folder is on sys.path when a script runs)

from ganviz.app.views.image_page import ImagePage  # noqa: E402
from ganviz.core.presets import load_preset  # noqa: E402
from ganviz.core.trainer import Trainer  # noqa: E402

SIZE = (760, 720)  # the room of the main views in a 1280×800 window
SEED = 1000  # a report seed: the picture is of a run nobody tuned
STEPS = 3000


def main() -> int:
    from pyqtgraph.Qt import QtWidgets

    torch.set_num_threads(1)
    _app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    tr = Trainer(load_preset("digits").with_changes({"seed": SEED}))
    tr.train(STEPS)
    page = ImagePage()
    page.update(tr.snapshot())
    save(page, "image_page.png", SIZE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
