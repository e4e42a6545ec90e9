"""The mode-collapse view: a bar per mode, its title, and the samples coloured by mode in the 2-D field."""

import math

import numpy as np
import pyqtgraph as pg
import pytest

from ganviz.app.views.field_2d import SAMPLES, SAMPLES_BY_MODE, Field2DView
from ganviz.app.views.mode_bars import LOW_QUALITY, NO_MODES, ModeBarsView, mode_colour
from ganviz.core.metrics import mode_coverage
from ganviz.core.snapshot import Snapshot

GX = np.linspace(-3, 3, 20)


def _snapshot(share=None, sample_mode=None, samples=None) -> Snapshot:
    field = np.full((20, 20), 0.5)
    samples = np.zeros((len(sample_mode) if sample_mode is not None else 3, 2)) if samples is None else samples
    return Snapshot(step=0, status="ok", message="", metrics={}, kind="2d", samples=samples, grid_x=GX, grid_y=GX,
                    p_true=field, p_gen=field, d=field, d_star=field,
                    mode_share=None if share is None else np.asarray(share, float),
                    sample_mode=None if sample_mode is None else np.asarray(sample_mode))


@pytest.fixture
def bars(qtbot):
    view = ModeBarsView()
    qtbot.addWidget(view)
    view.resize(700, 260)
    return view


def test_bars_show_each_modes_share_in_its_colour(bars):
    share = [0.5, 0.3, 0, 0, 0, 0, 0, 0.004]
    bars.update(_snapshot(share))
    opts = bars.bars.opts
    assert list(opts["x"]) == list(range(1, 9))
    assert np.allclose(opts["height"], [50, 30, 0, 0, 0, 0, 0, 0.4])
    assert [b.color().name().upper() for b in opts["brushes"]] == [mode_colour(k).upper() for k in range(8)]
    assert bars.plotItem.titleLabel.text == "modes covered 3 / 8<br>high quality 80.4 %"
    # a perfect generator puts 1 − e^(−4.5) of its samples within 3 std, spread evenly over 8 modes
    assert bars.perfect.yData[0] == pytest.approx(100 * (1 - math.exp(-4.5)) / 8)
    assert bars.plotItem.vb.viewRange()[1][1] >= 50


def test_collapse_on_a_real_ring_snapshot(bars, ring):
    snap = ring[1]
    bars.update(snap)
    target_modes = np.array([[2 * math.cos(a), 2 * math.sin(a)] for a in 2 * np.pi * np.arange(8) / 8])
    cover = mode_coverage(snap.samples, target_modes, 0.02)
    assert np.allclose(bars.bars.opts["height"], 100 * cover["counts"] / len(snap.samples))
    assert bars.plotItem.titleLabel.text.startswith(f"modes covered {cover['modes']} / 8")


def test_targets_without_modes_show_a_message(bars):
    bars.update(_snapshot([0.1, 0.2]))
    bars.update(_snapshot(None))
    assert bars.message.isVisible() and bars.message.toPlainText() == NO_MODES
    assert not bars.bars.isVisible()
    bars.update(_snapshot([0.1] * 25))
    assert bars.bars.isVisible() and len(bars.bars.opts["x"]) == 25


def test_field_colours_samples_by_mode_and_low_quality_grey(qtbot):
    view = Field2DView()
    qtbot.addWidget(view)
    samples = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0], [np.nan, 0.0], [2.0, 0.01]])
    view.update(_snapshot([0.4] + [0.0] * 7, sample_mode=[0, 2, -1, 0, 0], samples=samples))
    colours = [pg.mkBrush(b).color().name().upper() for b in view.samples.data["brush"]]
    assert colours == [mode_colour(0).upper(), mode_colour(2).upper(), LOW_QUALITY.upper(), mode_colour(0).upper()]
    assert len(view.samples.data) == 4  # the NaN sample is left out, its colour with it
    assert view._legend_rows[0][1] == SAMPLES_BY_MODE
    view.update(_snapshot(None, samples=samples[:2]))
    assert view._legend_rows[0][1] == SAMPLES
