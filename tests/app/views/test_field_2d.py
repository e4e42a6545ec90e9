"""The 2-D views: the D(x) heat map with its layers, and the two density panels."""

import dataclasses

import numpy as np
import pytest
from pyqtgraph.Qt import QtCore

from ganviz.app.views import Density2DView, Field2DView
from ganviz.app.views.field_2d import MAX_ARROWS
from ganviz.app.views.grid_image import contour_lines, frame_rect, grid_rect, mass_levels
from ganviz.core.snapshot import Snapshot
from ganviz.core.targets import make_target

GX = np.linspace(-1.0, 1.0, 40)
GY = np.linspace(-2.0, 2.0, 30)


def _synthetic(d=None, witness=None) -> Snapshot:
    """A 2-D snapshot on a non-square grid whose D increases along x only."""
    xx, yy = np.meshgrid(GX, GY)  # (m, n): rows along y
    p_true = np.exp(-(xx**2 + yy**2) / 0.2)
    d = (xx + 1) / 2 if d is None else d
    return Snapshot(step=0, status="ok", message="", metrics={}, kind="2d", samples=np.zeros((5, 2)),
                    grid_x=GX, grid_y=GY, p_true=p_true, p_gen=p_true * 0.5, d=d, d_star=d, witness=witness)


@pytest.fixture
def field(qtbot):
    view = Field2DView()
    qtbot.addWidget(view)
    view.resize(600, 500)
    return view


def test_image_orientation_and_placement(field, qtbot):
    snap = _synthetic()
    field.update(snap)
    image = field.image
    assert image.image.shape == (len(GY), len(GX))
    # Pixel (column i, row j) is centred on the grid node (GX[i], GY[j]).
    for i, j in ((0, 0), (39, 0), (5, 29), (20, 13)):
        p = image.mapToView(QtCore.QPointF(i + 0.5, j + 0.5))
        assert (p.x(), p.y()) == pytest.approx((GX[i], GY[j]))
    field.show()
    qtbot.waitExposed(field)
    field.grab()  # paints: the image is rendered to a QImage that is x wide and y high
    qimage = image.qimage
    assert (qimage.width(), qimage.height()) == (len(GX), len(GY))
    left, right = qimage.pixelColor(0, 10), qimage.pixelColor(39, 10)
    low, high = field.colorbar.colorMap().map([0.0, 1.0], mode="qcolor")
    assert left.blue() == pytest.approx(low.blue(), abs=12) and right.red() == pytest.approx(high.red(), abs=12)
    assert qimage.pixelColor(0, 0) == qimage.pixelColor(0, 29)  # nothing changes along y


def test_d_levels_fixed_and_witness_symmetric(field):
    field.update(_synthetic(d=np.full((30, 40), 0.6)))
    assert tuple(field.image.levels) == (0.0, 1.0)
    assert field.colorbar.getAxis("right").labelText == "D(x)"
    witness = np.linspace(-0.3, 0.1, 40 * 30).reshape(30, 40)
    field.update(_synthetic(witness=witness))
    lo, hi = field.image.levels
    assert lo == pytest.approx(-hi) and hi >= 0.3
    np.testing.assert_array_equal(field.image.image, witness)
    assert "witness" in field.colorbar.getAxis("right").labelText
    field.update(_synthetic())
    assert tuple(field.image.levels) == (0.0, 1.0)


def test_real_snapshots_update_the_same_items(field, ring):
    first, second = ring
    field.set_layers(arrows=True, latent_grid=True)
    field.update(first)
    items = (field.image, field.samples, field.contours, field.arrows, field.grid_lines)
    ids, n_items = [id(i) for i in items], len(field.scene().items())
    x, y = field.samples.getData()
    np.testing.assert_allclose(x, first.samples[: len(x), 0])
    np.testing.assert_allclose(y, first.samples[: len(x), 1])
    np.testing.assert_array_equal(field.image.image, first.d)
    n_arrows = min(len(first.sample_grad), MAX_ARROWS)
    assert len(field.arrows.getData()[0]) == 6 * n_arrows  # shaft and two barbs each
    lines = first.latent_lines
    assert len(field.grid_lines.getData()[0]) == lines.shape[0] * (lines.shape[1] + 1)
    field.update(second)
    assert [id(i) for i in (field.image, field.samples, field.contours, field.arrows, field.grid_lines)] == ids
    assert len(field.scene().items()) == n_items
    np.testing.assert_array_equal(field.image.image, second.d)


def test_arrows_point_along_the_push(field):
    samples = np.array([[0.0, 0.0], [0.5, 0.5]])
    snap = dataclasses.replace(_synthetic(), samples=samples, sample_grad=np.array([[1.0, 0.0], [0.0, -3.0]]))
    field.set_layers(arrows=True)
    field.update(snap)
    x, y = field.arrows.getData()
    assert (x[0], y[0]) == (0.0, 0.0) and x[1] > 0 and y[1] == pytest.approx(0.0)
    assert (x[6], y[6]) == (0.5, 0.5) and y[7] < 0.5 and x[7] == pytest.approx(0.5)


def test_hidden_layers_are_not_updated_and_contours_are_cached(field, ring):
    first, second = ring
    field.update(first)
    field.set_layers(samples=False)
    field.update(second)
    np.testing.assert_allclose(field.samples.getData()[0], first.samples[: len(field.samples.getData()[0]), 0])
    arrows_x = field.arrows.getData()[0]
    assert not field.arrows.isVisible() and (arrows_x is None or len(arrows_x) == 0)
    key = field._contour_key
    contours = field.contours.getData()
    field.update(second)  # same target: the contour lines are not recomputed
    assert field._contour_key is key
    assert field.contours.getData()[0] is contours[0]
    with pytest.raises(ValueError, match="unknown layers"):
        field.set_layers(grid=True)


def test_contours_enclose_the_requested_mass():
    xx, yy = np.meshgrid(GX, GY)
    p = np.exp(-((xx - 0.2) ** 2 + yy**2) / (2 * 0.1**2))
    (level,) = mass_levels(p, (0.5,))
    x, y = contour_lines(p, GX, GY, [level])
    keep = np.isfinite(x)
    # Half the mass of an isotropic Gaussian lies within radius σ√(2 ln 2).
    r = np.hypot(x[keep] - 0.2, y[keep])
    assert r.mean() == pytest.approx(0.1 * np.sqrt(2 * np.log(2)), rel=0.1)
    rect = grid_rect(GX, GY)
    assert (rect.left(), rect.right()) == pytest.approx((GX[0] - 1 / 39, GX[-1] + 1 / 39))


def test_density_2d_panels_share_levels(qtbot, ring):
    first, second = ring
    view = Density2DView()
    qtbot.addWidget(view)
    view.update(first)
    gen, true = view.gen_image, view.true_image
    assert gen.image.shape == first.p_gen.shape and true.image.shape == first.p_true.shape
    np.testing.assert_allclose(gen.image, np.sqrt(first.p_gen))
    assert tuple(gen.levels) == tuple(true.levels) == tuple(view.colorbar.levels())
    # beside a kernel estimate the true panel shows p_true through the same kernel
    assert first.p_true_smooth is not None
    np.testing.assert_allclose(true.image, np.sqrt(first.p_true_smooth))
    assert view.colorbar.levels()[1] >= np.sqrt(first.p_true_smooth.max())
    ids, n_items = (id(gen), id(true)), len(view.scene().items())
    view.update(second)
    assert (id(view.gen_image), id(view.true_image)) == ids and len(view.scene().items()) == n_items
    np.testing.assert_allclose(view.gen_image.image, np.sqrt(second.p_gen))
    rect = view.gen_image.mapRectToView(view.gen_image.boundingRect())
    assert rect.left() < first.grid_x[0] < rect.left() + 0.1


def _shows(plot, rect) -> bool:
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    eps = 1e-9
    return x0 <= rect.left() + eps and x1 >= rect.right() - eps and y0 <= rect.top() + eps and y1 >= rect.bottom() - eps


def _inside(plot, rect) -> bool:
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    eps = 1e-9
    return x0 >= rect.left() - eps and x1 <= rect.right() + eps and y0 >= rect.top() - eps and y1 <= rect.bottom() + eps


def test_density_2d_panels_are_equal_and_frame_the_target_inside_the_grid(qtbot, ring_view):
    """At the app's panel size both panels get the same width, show the target's whole frame, and show
    nothing beyond the grid (the images cover all that is visible)."""
    snap = ring_view
    view = Density2DView()
    qtbot.addWidget(view)
    view.resize(680, 330)
    view.show()
    view.update(snap)
    qtbot.waitExposed(view)
    QtCore.QCoreApplication.processEvents()
    gen, true = view.gen_plot, view.true_plot
    assert gen.vb.geometry().width() == pytest.approx(true.vb.geometry().width(), abs=1.0)
    assert gen.mapRectToScene(gen.boundingRect()).right() <= true.mapRectToScene(true.boundingRect()).left() + 1.0
    (x0, x1), (y0, y1) = make_target("ring", {}).bounds
    assert snap.frame == pytest.approx((x0, x1, y0, y1))  # the frame is the target's bounds
    frame = frame_rect(snap)
    grid = grid_rect(snap.grid_x, snap.grid_y)
    for plot in (gen, true):
        assert _shows(plot, frame) and _inside(plot, grid)
    assert not true.getAxis("left").label.isVisible()  # the shared x₂ label belongs to the left panel


@pytest.mark.parametrize("size", [(760, 420), (420, 700), (700, 700)])  # plot boxes 2 : 1 to 1 : 2
def test_the_field_covers_the_whole_plane_shown_in_a_wide_or_a_tall_view(qtbot, ring_view, size):
    """The D(x) heat map reaches every edge of the plot, whatever the plot's shape, and the ring is framed."""
    snap = ring_view
    view = Field2DView()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    view.update(snap)
    qtbot.waitExposed(view)
    QtCore.QCoreApplication.processEvents()
    image = view.image.mapRectToView(view.image.boundingRect())
    assert _shows(view.plotItem, frame_rect(snap)) and _inside(view.plotItem, image)


def test_field_2d_pads_the_grid_and_keeps_the_legend_off_the_data(field):
    field.update(_synthetic())
    rect = grid_rect(GX, GY)
    (x0, x1), (y0, y1) = field.plotItem.vb.viewRange()
    assert y0 < rect.top() and y1 > rect.bottom()  # modes at the grid's edge do not touch the frame
    assert field.legend.parentItem() is not field.plotItem.vb
    assert field.plotItem.vb not in (field.legend.parentItem(), field.legend.parentItem().parentItem())
