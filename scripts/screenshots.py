"""Train a few presets briefly and save a PNG of every view to assets/screenshots/ (runs offscreen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
import torch  # noqa: E402
from pyqtgraph.Qt import QtWidgets  # noqa: E402

from ganviz.app.history import HistoryBuffer  # noqa: E402
from ganviz.app.views import (  # noqa: E402
    Density1DView,
    Density2DView,
    Field2DView,
    LossPlot,
    MappingStrip,
    MetricsPlot,
    TransformPlot,
)
from ganviz.core.presets import load_preset  # noqa: E402
from ganviz.core.trainer import Trainer  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots"
SIZE = (1000, 600)


def train(preset: str, steps: int, log_every: int = 50):
    """Train a preset for `steps`, logging every `log_every`; return its snapshot and history."""
    tr = Trainer(load_preset(preset))
    history = HistoryBuffer()
    for _ in range(steps // log_every):
        tr.train(log_every)
        history.append({"step": tr.step_count, **tr.log()})
    print(f"{preset}: {tr.step_count} steps, {tr.status}", file=sys.stderr)
    return tr.snapshot(view=True), history.arrays()  # the grids the app draws on


def save(widget: QtWidgets.QWidget, name: str, size: tuple[int, int] = SIZE) -> None:
    """Lay the widget out at `size`, paint it and write it as a PNG in OUT."""
    widget.resize(*size)
    widget.show()
    QtWidgets.QApplication.processEvents()
    path = OUT / name
    widget.grab().save(str(path))
    print(f"wrote {path}", file=sys.stderr)


def density_with_strip(snapshot, gap: bool) -> QtWidgets.QWidget:
    """The 1-D density above the z ↦ G(z) strip, x axes linked, as in the app."""
    box = QtWidgets.QWidget()
    box.setStyleSheet("background: white")
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    density, strip = Density1DView(), MappingStrip()
    strip.link_x(density)
    density.set_layers(gap=gap)
    layout.addWidget(density, 3)
    layout.addWidget(strip, 1)
    density.update(snapshot)
    strip.update(snapshot)
    box.views = (density, strip)  # keep the Python wrappers alive
    return box


def main() -> int:
    """Write every screenshot; returns the exit status."""
    torch.set_num_threads(1)
    OUT.mkdir(parents=True, exist_ok=True)
    pg.mkQApp("ganviz screenshots")
    bimodal, bimodal_history = train("bimodal-1d", 1500)
    gmn, _ = train("bimodal-1d-gmn", 600)
    ring, ring_history = train("ring-8", 2000)

    save(density_with_strip(bimodal, gap=True), "density_1d.png")
    save(density_with_strip(gmn, gap=False), "density_1d_gmn.png")
    transform = TransformPlot()
    transform.update(bimodal)
    save(transform, "transform_1d.png")
    field = Field2DView()
    field.set_layers(arrows=True)
    field.update(ring)
    save(field, "field_2d.png")
    density_2d = Density2DView()
    density_2d.update(ring)
    save(density_2d, "density_2d.png")
    losses = LossPlot()
    losses.update(bimodal_history)
    save(losses, "losses.png")
    metrics = MetricsPlot()
    metrics.update(ring_history)
    save(metrics, "metrics.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
