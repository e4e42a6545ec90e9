"""The stability map draws a sweep's fields, crosses out diverged cells and turns a click into that cell's config."""

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from ganviz.app.views.stability_map import StabilityMap, cell_edges, is_log_spaced, shown_values
from ganviz.core.presets import load_preset

BASE = load_preset("dirac-gan")


def fields(metric=None, diverged=None):
    """A 3 × 4 map over log-spaced lr_g (columns) and linear momentum (rows)."""
    x = np.geomspace(1e-3, 1.0, 4)
    y = np.array([0.0, 0.25, 0.5])
    metric = np.arange(12, dtype=float).reshape(3, 4) + 1 if metric is None else metric
    diverged = np.zeros((3, 4), bool) if diverged is None else diverged
    return {"x_key": "lr_g", "x_values": x, "y_key": "momentum", "y_values": y, "metric_name": "radius",
            "metric": metric, "diverged": diverged, "config": BASE.to_json()}


@pytest.fixture
def view(qtbot):
    w = StabilityMap()
    qtbot.addWidget(w)
    w.resize(700, 500)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_spacing_and_edges():
    assert is_log_spaced(np.geomspace(1e-4, 1e-1, 5)) and not is_log_spaced(np.linspace(0.1, 1, 5))
    assert cell_edges(np.array([0.0, 1.0, 2.0])) == (-0.5, 2.5)
    values, logged = shown_values(np.array([1e-3, 1.0, np.nan]))
    assert logged and values[:2].tolist() == [-3.0, 0.0]


def test_draws_log_axes_levels_and_crosses(view):
    diverged = np.zeros((3, 4), bool)
    diverged[2, 3] = diverged[0, 1] = True
    metric = np.arange(12, dtype=float).reshape(3, 4) + 1
    metric[diverged] = np.nan
    view.update(fields(metric, diverged))
    view.grab()
    assert view.x_axis.logMode and not view.y_axis.logMode
    assert view.image.image.shape == (3, 4)
    assert view.colorbar.levels() == pytest.approx((1.0, 11.0))
    xs, ys = view.crosses.getData()
    assert sorted(zip(np.round(xs, 6), ys, strict=True)) == sorted([(-2.0, 0.0), (0.0, 0.5)])  # (log10 lr_g, momentum)
    assert "2 diverged" in view.caption.text


def test_a_click_on_a_cell_emits_its_config(view, qtbot):
    view.update(fields())
    view.grab()
    chosen = []
    view.config_chosen.connect(chosen.append)
    # the centre of the cell lr_g = 0.1 (log10 = −1), momentum = 0.25
    scene = view.plot.vb.mapViewToScene(QPointF(-1.0, 0.25))
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(scene))
    assert len(chosen) == 1
    cfg = chosen[0]
    assert cfg.lr_g == pytest.approx(0.1) and cfg.momentum == 0.25
    assert {k: v for k, v in cfg.to_dict().items() if k not in ("lr_g", "momentum")} == \
        {k: v for k, v in json.loads(BASE.to_json()).items() if k not in ("lr_g", "momentum")}
    assert "lr_g = 0.1, momentum = 0.25: radius = 7" in view.caption.text


def test_a_click_outside_the_map_does_nothing(view):
    view.update(fields())
    assert view.cell_at(5.0, 0.25) is None and view.cell_at(-1.0, 0.25) == (1, 2)


def test_one_blown_up_cell_does_not_flatten_the_colours(view):
    metric = np.full((3, 4), 0.5)
    metric[0, 0], metric[2, 3] = 0.1, 1e6  # W₁ of a generator that ran off to a million
    view.update(fields(metric))
    lo, hi = view.colorbar.levels()
    assert (lo, hi) == pytest.approx((-1.0, 2.0))  # log₁₀, three decades from the lowest cell
    assert "cells above 100 in the top colour" in view.caption.text
