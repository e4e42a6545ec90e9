"""The 1-D views: density with D(x), the mapping strip and the transform plot."""

import dataclasses

import numpy as np
import pyqtgraph as pg
import pytest

from ganviz.app.views import Density1DView, MappingStrip, TransformPlot


def _xy(item):
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


def _scene_size(view):
    return len(view.scene().items())


@pytest.fixture
def density(qtbot):
    view = Density1DView()
    qtbot.addWidget(view)
    return view


def test_density_items_hold_the_snapshot(density, bimodal):
    snap = bimodal[0]
    density.update(snap)
    for item, field in ((density.true_curve, snap.p_true), (density.gen_curve, snap.p_gen),
                        (density.d_curve, snap.d), (density.d_star_curve, snap.d_star)):
        x, y = _xy(item)
        np.testing.assert_array_equal(x, snap.grid)
        np.testing.assert_allclose(y, field)
    assert density.right.viewRange()[1][0] <= 0.0 and density.right.viewRange()[1][1] >= 1.0


def test_density_second_snapshot_updates_the_same_items(density, bimodal):
    first, second, _ = bimodal
    density.update(first)
    items = (density.true_curve, density.gen_curve, density.d_curve, density.d_star_curve)
    ids, n_items = [id(i) for i in items], _scene_size(density)
    density.update(second)
    assert [id(i) for i in (density.true_curve, density.gen_curve, density.d_curve, density.d_star_curve)] == ids
    assert _scene_size(density) == n_items
    np.testing.assert_allclose(_xy(density.gen_curve)[1], second.p_gen)
    np.testing.assert_allclose(_xy(density.d_curve)[1], second.d)


def test_hidden_layers_are_not_updated_and_catch_up_when_shown(density, bimodal):
    first, second, _ = bimodal
    density.update(first)
    density.set_layers(generated=False, d_star=False)
    density.update(second)
    np.testing.assert_allclose(_xy(density.gen_curve)[1], first.p_gen)
    np.testing.assert_allclose(_xy(density.d_star_curve)[1], first.d_star)
    assert not density.layers()["generated"]
    assert density.legend.getLabel(density.gen_curve) is None
    density.set_layers(generated=True)
    np.testing.assert_allclose(_xy(density.gen_curve)[1], second.p_gen)


def test_histogram_and_gap_layers(density, bimodal):
    snap = bimodal[0]
    assert not density.layers()["histogram"] and not density.layers()["gap"]
    density.set_layers(histogram=True, gap=True)
    density.update(snap)
    edges, counts = _xy(density.hist)
    assert len(edges) == len(counts) + 1
    assert np.sum(counts * np.diff(edges)) == pytest.approx(1.0, abs=0.02)
    assert not density.gap.path().isEmpty()
    with pytest.raises(ValueError, match="unknown layers"):
        density.set_layers(nonsense=True)


def test_witness_replaces_d_and_switches_back(density, gmn, bimodal):
    density.update(gmn)
    assert density.witness_mode
    np.testing.assert_allclose(_xy(density.d_curve)[1], gmn.witness)
    assert "witness" in density.plotItem.getAxis("right").labelText
    assert density.legend.getLabel(density.d_curve).text == "witness f(x)"
    lo, hi = density.right.viewRange()[1]
    assert lo == pytest.approx(-hi) and hi >= np.abs(gmn.witness).max()
    assert not density.d_star_curve.isVisible() and density.half_line.value() == 0.0
    assert density.legend.getLabel(density.d_star_curve) is None  # no D* without a discriminator
    density.update(bimodal[0])
    assert not density.witness_mode
    assert density.legend.getLabel(density.d_curve).text == "D(x)"
    assert density.d_star_curve.isVisible() and density.half_line.value() == 0.5
    assert density.right.viewRange()[1][0] == pytest.approx(-0.02, abs=0.03)


def test_plain_qt_update_still_repaints(density, monkeypatch):
    """QWidget.update() with no argument or a region (as Qt and pyqtgraph call it) schedules a repaint and is
    not mistaken for data; one argument of any other kind is data to draw."""
    from PySide6.QtCore import QRect, QRectF
    from PySide6.QtGui import QRegion

    repaints, drawn = [], []
    monkeypatch.setattr(pg.PlotWidget, "update", lambda self, *args: repaints.append(args))
    monkeypatch.setattr(density, "draw", drawn.append)
    for args in ((), (QRect(0, 0, 5, 5),), (QRectF(0, 0, 5, 5),), (QRegion(0, 0, 5, 5),)):
        density.update(*args)
    assert repaints == [(), (QRect(0, 0, 5, 5),), (QRectF(0, 0, 5, 5),), (QRegion(0, 0, 5, 5),)] and drawn == []
    density.update("a snapshot")
    assert drawn == ["a snapshot"] and len(repaints) == 4


def test_mapping_strip_links_latents_to_outputs(qtbot, bimodal):
    snap = bimodal[0]
    density, strip = Density1DView(), MappingStrip()
    qtbot.addWidget(density)
    qtbot.addWidget(strip)
    strip.link_x(density)
    strip.update(snap)
    x, y = _xy(strip.links)
    assert 60 <= len(x) <= 82 and len(x) % 2 == 0
    np.testing.assert_array_equal(y[0::2], 1.0)
    np.testing.assert_array_equal(y[1::2], 0.0)
    assert np.all(np.isin(x[1::2], snap.g_of_z))  # bottom ends are G(z)
    assert np.all(np.diff(x[0::2]) > 0)  # top ends in latent order
    n_items = _scene_size(strip)
    strip.update(bimodal[1])
    assert _scene_size(strip) == n_items
    density.plotItem.setXRange(-1.0, 1.0, padding=0)
    assert strip.plotItem.vb.viewRange()[0] == pytest.approx([-1.0, 1.0])


def test_mapping_strip_and_transform_without_a_1d_latent(qtbot, bimodal):
    snap = dataclasses.replace(bimodal[0], z=None, g_of_z=None, ideal_map=None)
    strip, transform = MappingStrip(), TransformPlot()
    qtbot.addWidget(strip)
    qtbot.addWidget(transform)
    for view in (strip, transform):
        view.update(snap)
        assert view.message.isVisible()
    assert not strip.links.isVisible() and not transform.g_curve.isVisible()
    strip.update(bimodal[0])
    assert strip.links.isVisible() and not strip.message.isVisible()


def test_transform_plot_curves(qtbot, bimodal):
    snap = bimodal[0]
    view = TransformPlot()
    qtbot.addWidget(view)
    view.update(snap)
    x, y = _xy(view.g_curve)
    np.testing.assert_array_equal(x, snap.z)
    np.testing.assert_allclose(y, snap.g_of_z)
    np.testing.assert_allclose(_xy(view.ideal_curve)[1], snap.ideal_map)
    ids = (id(view.g_curve), id(view.ideal_curve))
    view.update(bimodal[1])
    assert (id(view.g_curve), id(view.ideal_curve)) == ids
    np.testing.assert_allclose(_xy(view.g_curve)[1], bimodal[1].g_of_z)


def test_layer_choices_survive_a_gmn_round_trip(density, gmn, bimodal):
    density.set_layers(d_star=False, gap=True)
    density.update(gmn)
    assert not density.gap.isVisible()  # no D* to compare with in GMN mode
    density.update(bimodal[0])
    assert not density.d_star_curve.isVisible() and density.gap.isVisible()
    assert density.layers() == {"true": True, "generated": True, "histogram": False, "d": True,
                                "d_star": False, "gap": True}


def test_density_legend_sits_below_the_plot(density, bimodal):
    density.resize(800, 450)
    density.show()
    density.update(bimodal[0])
    from pyqtgraph.Qt import QtCore
    QtCore.QCoreApplication.processEvents()
    legend = density.legend.mapRectToScene(density.legend.boundingRect())
    box = density.plotItem.vb.mapRectToScene(density.plotItem.vb.boundingRect())
    assert legend.top() >= box.bottom()  # under the x axis, never over a curve
    assert density.legend.columnCount == len(density.legend.items)  # one row


def test_the_density_axis_follows_p_data_and_marks_where_p_g_is_cut_off(density, bimodal):
    snap = bimodal[0]
    x = np.asarray(snap.grid, float)
    spike = np.where(np.abs(x - 1.0) < 0.05, 12.0, 0.0)  # a generator piled at x = 1, peak 12
    spiky = dataclasses.replace(snap, p_gen=spike)
    density.update(spiky)
    top = density.plotItem.vb.viewRange()[1][1]
    assert top == pytest.approx(1.1 * np.max(snap.p_true), rel=1e-6)  # p_data fills the plot, not 3 % of it
    marks_x, marks_y = density.clipped.getData()
    assert len(marks_x) == 1 and abs(marks_x[0] - 1.0) < 0.05 and marks_y[0] == pytest.approx(top)
    assert density.legend.getLabel(density.clipped) is not None
    density.set_follow_generated(True)
    assert density.plotItem.vb.viewRange()[1][1] >= 12.0
    assert len(density.clipped.getData()[0]) == 0 and density.legend.getLabel(density.clipped) is None


def test_clipped_peaks_finds_one_mark_per_run_above_the_top():
    from ganviz.app.views.density_1d import clipped_peaks

    x = np.arange(10.0)
    y = np.array([0, 5, 7, 5, 0, 0, 9, 0, 3, 4])
    np.testing.assert_array_equal(clipped_peaks(x, y, 4.0), [2.0, 6.0])
    assert clipped_peaks(x, np.zeros(10), 1.0).size == 0


def test_with_the_oracle_one_curve_is_d_star_and_with_a_critic_there_is_no_d_star(density, bimodal):
    density.update(bimodal[0])
    assert density.d_star_curve.isVisible()
    density.set_discriminator("oracle")
    assert not density.d_star_curve.isVisible() and density.d_curve.isVisible()
    assert density.legend.getLabel(density.d_curve).text == "D*(x), the oracle"
    assert density.legend.getLabel(density.d_star_curve) is None
    assert "oracle" in density.plotItem.getAxis("right").labelText
    density.set_discriminator("critic")
    assert not density.d_star_curve.isVisible() and density.legend.getLabel(density.d_curve).text == "σ(critic f(x))"
    density.set_discriminator("learned")
    assert density.d_star_curve.isVisible() and density.legend.getLabel(density.d_curve).text == "D(x)"


def test_transform_plot_names_the_decreasing_ideal_map_when_g_is_nearer_it(qtbot, bimodal):
    snap = bimodal[0]
    view = TransformPlot()
    qtbot.addWidget(view)
    view.update(dataclasses.replace(snap, extra={**snap.extra, "ideal_decreasing": False}))
    assert view.legend.getLabel(view.ideal_curve).text == "ideal F⁻¹(F_Z(z)), increasing"
    falling = dataclasses.replace(snap, g_of_z=snap.g_of_z[::-1], ideal_map=snap.ideal_map[::-1],
                                  extra={**snap.extra, "ideal_decreasing": True})
    view.update(falling)
    assert view.legend.getLabel(view.ideal_curve).text == "ideal F⁻¹(1 − F_Z(z)), decreasing"
    np.testing.assert_allclose(_xy(view.ideal_curve)[1], snap.ideal_map[::-1])
