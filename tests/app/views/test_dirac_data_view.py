"""The Dirac-GAN in data space: the real point mass at 0, G's at θ, D's logit line ψ·x, under the plane."""

import dataclasses

import numpy as np
import pytest

from ganviz.app.views.dirac_plane import DiracPlane


@pytest.fixture
def page(qtbot):
    v = DiracPlane()
    v.resize(900, 700)
    qtbot.addWidget(v)
    return v


def test_the_spikes_and_line_follow_theta_and_psi(page, dirac):
    snap, _ = dirac
    page.update(snap)
    theta, psi = snap.extra["theta"], snap.extra["psi"]
    view = page.data_space
    assert list(view.real.getData()[0]) == [0.0, 0.0]  # the real data never moves
    np.testing.assert_allclose(view.fake.getData()[0], [theta, theta])
    x, y = view.line.getData()
    np.testing.assert_allclose(np.diff(y) / np.diff(x), [psi])  # the line's slope is ψ ...
    np.testing.assert_allclose(y[0] / x[0], psi)  # ... and it passes through the origin
    heads_x, _ = view.heads.getData()
    np.testing.assert_allclose(heads_x, [0.0, theta])


def test_x_axis_is_the_planes_theta_axis_and_the_line_spans_it(page, dirac, qtbot):
    snap, _ = dirac
    page.update(snap)
    page.plane.setXRange(-3.0, 5.0, padding=0)
    view = page.data_space
    (x0, x1), (y0, y1) = view.plotItem.getViewBox().viewRange()
    assert (x0, x1) == pytest.approx((-3.0, 5.0))
    x, y = view.line.getData()
    assert (x[0], x[-1]) == pytest.approx((x0, x1))  # redrawn over the new range
    psi = snap.extra["psi"]
    assert max(abs(y0), abs(y1)) >= max(1.0, abs(psi) * 5.0)  # the whole line fits vertically


def test_a_nan_point_leaves_the_last_picture(page, dirac):
    snap, _ = dirac
    page.update(snap)
    before = page.data_space.fake.getData()[0].copy()
    lost = dataclasses.replace(snap, extra={**snap.extra, "theta": float("nan")})  # a copy: the fixture is shared
    page.data_space.draw(lost)
    np.testing.assert_array_equal(page.data_space.fake.getData()[0], before)
