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


def _data(item):
    x, y = item.getData()
    return np.asarray(x if x is not None else [], float), np.asarray(y if y is not None else [], float)


@pytest.mark.parametrize("every", [3, 1])
def test_1d_views_survive_nan(qtbot, bimodal, every):
    snap = _poisoned(bimodal[0], NAN_1D, every)
    views = {cls: cls() for cls in (Density1DView, MappingStrip, TransformPlot)}
    views[Density1DView].set_layers(histogram=True, gap=True)
    for view in views.values():
        qtbot.addWidget(view)
        view.update(snap)
        _paint(qtbot, view)  # an exception while painting fails the test (pytest-qt)
    density, strip, transform = views.values()
    # what is still finite is drawn in full beside the NaN fields
    np.testing.assert_array_equal(_data(density.true_curve)[1], snap.p_true)
    np.testing.assert_array_equal(_data(transform.ideal_curve)[1], snap.ideal_map)
    # the strip links only latents whose image is finite (two points per link); all NaN: no link at all
    xs, ys = _data(strip.links)
    assert np.isfinite(xs).all() and np.isfinite(ys).all()
    finite = snap.g_of_z[np.isfinite(snap.g_of_z)]
    assert set(xs[1::2]) <= set(finite) and (len(xs) > 0) == (len(finite) > 0)
    # the histogram counts only finite samples; all NaN leaves it empty, not NaN
    assert np.isfinite(_data(density.hist)[1]).all()


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
    assert len(_data(view.trajectory)[0]) == 0  # no point has both coordinates finite
    view.update({"step": np.arange(3.0), "theta": np.array([1.0, np.nan, 2.0]), "psi": np.array([0.5, 1.0, 3.0])})
    np.testing.assert_array_equal(np.column_stack(_data(view.trajectory)), [[1.0, 0.5], [2.0, 3.0]])
    view.update(dataclasses.replace(dirac[0], extra={"theta": np.nan, "psi": 1.0}))
    _paint(qtbot, view)
    x, y = _data(view.current)  # the current point stays the last finite one
    assert (x.tolist(), y.tolist()) == ([2.0], [3.0])
