"""A diverged run hands the views NaN: they must draw what is finite and never crash."""

import dataclasses

import numpy as np
import pytest

from ganviz.app.views import Density1DView, Density2DView, DiracPlane, Field2DView, MappingStrip, TransformPlot

NAN_1D = ("p_gen", "d", "g_of_z", "samples")
NAN_2D = ("p_gen", "d", "samples", "sample_grad", "latent_lines")


def _poisoned(snapshot, names, every):
    """NaN in every `every`-th entry of the named fields (every=1: all of them)."""
    changes = {}
    for name in names:
        a = np.array(getattr(snapshot, name), dtype=float)
        a.flat[::every] = np.nan
        changes[name] = a
    return dataclasses.replace(snapshot, **changes)


def _paint(qtbot, view):
    view.resize(500, 350)
    view.show()
    qtbot.waitExposed(view)
    view.grab()


@pytest.mark.parametrize("every", [3, 1])
def test_1d_views_survive_nan(qtbot, bimodal, every):
    snap = _poisoned(bimodal[0], NAN_1D, every)
    for cls in (Density1DView, MappingStrip, TransformPlot):
        view = cls()
        qtbot.addWidget(view)
        if cls is Density1DView:
            view.set_layers(histogram=True, gap=True)
        view.update(snap)
        _paint(qtbot, view)


@pytest.mark.parametrize("every", [3, 1])
def test_2d_views_survive_nan(qtbot, ring, every):
    snap = _poisoned(ring[0], NAN_2D, every)
    field = Field2DView()
    field.set_layers(arrows=True, latent_grid=True)
    for view in (field, Density2DView()):
        qtbot.addWidget(view)
        view.update(snap)
        _paint(qtbot, view)
    x, _ = field.samples.getData()
    assert np.isfinite(x).all()


def test_dirac_plane_survives_nan(qtbot, dirac):
    view = DiracPlane()
    qtbot.addWidget(view)
    view.update({"step": np.arange(3.0), "theta": np.array([1.0, np.nan, 2.0]), "psi": np.full(3, np.nan)})
    view.update(dataclasses.replace(dirac[0], extra={"theta": np.nan, "psi": 1.0}))
    _paint(qtbot, view)
