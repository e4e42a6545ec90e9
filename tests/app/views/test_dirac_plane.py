"""The Dirac-GAN phase-plane view: field arrows, trajectory, distance plot and the numbers panel."""

import numpy as np
import pytest

from ganviz.app.views.dirac_plane import MAX_TRAJECTORY, DiracPlane, arrow_segments, thinned
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer


def _snapshot(**changes):
    tr = Trainer(load_preset("dirac-gan").with_changes(changes))
    tr.train(5)
    return tr.snapshot(view=True)


@pytest.fixture
def view(qtbot):
    v = DiracPlane()
    qtbot.addWidget(v)
    return v


def _shafts(item):
    """(start, end) points of every arrow's shaft: the first of its three segments."""
    x, y = item.getData()
    pts = np.stack([x, y], axis=1).reshape(-1, 6, 2)
    return pts[:, 0], pts[:, 1]


def test_arrows_point_along_the_snapshots_field(view, dirac):
    snap, _ = dirac
    view.update(snap)
    e = snap.extra
    tt, pp = np.meshgrid(e["plane_theta"], e["plane_psi"])
    start, end = _shafts(view.arrows)
    moving = np.hypot(e["plane_u"], e["plane_v"]) > 0
    assert len(start) == moving.sum()
    centre = (start + end) / 2
    np.testing.assert_allclose(centre[:, 0], tt[moving])
    np.testing.assert_allclose(centre[:, 1], pp[moving])
    d = end - start
    u, v = e["plane_u"][moving], e["plane_v"][moving]
    np.testing.assert_allclose(d[:, 0] * v - d[:, 1] * u, 0, atol=1e-12)  # parallel ...
    assert np.all(d[:, 0] * u + d[:, 1] * v > 0)  # ... and the same way round


def test_arrow_segments_survive_an_empty_or_nan_field():
    axis = np.linspace(-1, 1, 3)
    assert len(arrow_segments(axis, axis, np.zeros((3, 3)), np.zeros((3, 3)))[0]) == 0
    x, _ = arrow_segments(axis, axis, np.full((3, 3), np.nan), np.ones((3, 3)))
    assert len(x) == 0


def test_panel_shows_the_analysis_and_follows_a_switch(view):
    plain = _snapshot()
    view.update(plain)
    text = view.panel.text()
    assert "diverges" in text and "0.50000i" in text and "1.0049876" in text
    arrows_before = view.arrows.getData()[0].copy()
    view.update(_snapshot(regularizer="r1", reg_weight=0.3))
    text = view.panel.text()
    assert "converges" in text and "0.47697i" in text and "−0.1500" in text and "0.9746794" in text
    assert not np.array_equal(view.arrows.getData()[0], arrows_before)
    view.update(_snapshot(update="alternating"))
    assert "circles" in view.panel.text() and "1 D step, then 1 G step" in view.panel.text()


def test_distance_plot_draws_the_radius_on_a_log_axis(view, dirac):
    _, history = dirac
    view.update(history)
    x, y = view.radius.getOriginalDataset()
    np.testing.assert_allclose(x, history["step"])
    np.testing.assert_allclose(y, history["radius"])
    assert view.distance.plotItem.getAxis("left").logMode


def test_long_trajectories_are_thinned_to_a_bound(view):
    n = 3 * MAX_TRAJECTORY
    angle = np.linspace(0, 40, n)
    history = {"step": np.arange(n, dtype=float), "theta": np.cos(angle), "psi": np.sin(angle),
               "radius": np.ones(n)}
    view.update(history)
    x, y = view.trajectory.getData()
    assert len(x) <= MAX_TRAJECTORY
    assert (x[-1], y[-1]) == (history["theta"][-1], history["psi"][-1])
    kept_x, _ = thinned(np.arange(10.0), np.arange(10.0), 4)
    assert kept_x[0] == 0 and kept_x[-1] == 9 and len(kept_x) <= 4


def test_plane_widens_to_hold_the_trajectory(view, dirac):
    snap, _ = dirac
    view.update(snap)
    far = {"step": np.arange(3.0), "theta": np.array([1.0, 5.0, 7.5]), "psi": np.array([1.0, -2.0, 0.0]),
           "radius": np.array([1.4, 5.4, 7.5])}
    view.update(far)
    (x0, x1), (y0, y1) = view.plane.plotItem.viewRange()
    assert x1 >= 7.5 and x0 <= -7.5 and y1 >= 7.5


def test_renders_offscreen(view, dirac, tmp_path):
    snap, history = dirac
    view.update(history)
    view.update(snap)
    view.resize(1200, 650)
    view.show()
    image = view.grab()
    assert image.save(str(tmp_path / "plane.png"))
    assert image.width() == 1200
    assert view.plane.plotItem.getAxis("bottom").labelText.startswith("θ")


def test_here_says_how_the_run_moves_where_it_is_now():
    from ganviz.app.views.dirac_plane import local_motion

    t = np.linspace(0, 2, 12)
    out = (np.exp(0.3 * t) * np.cos(t), np.exp(0.3 * t) * np.sin(t))  # a spiral growing out
    assert local_motion(*out) == "moving out"
    assert local_motion(np.exp(-0.3 * t) * np.cos(t), np.exp(-0.3 * t) * np.sin(t)) == "moving in"
    assert local_motion(np.cos(t), np.sin(t)) == "circling"
    parked = (np.full(12, -3.0), np.full(12, -3.0))  # where the saturating loss has no gradient left
    assert local_motion(*parked).startswith("stalled")
    assert local_motion(np.zeros(12), np.zeros(12)) == "at rest at (0, 0)"
    assert local_motion(np.ones(3), np.ones(3)) == ""  # too few records to tell


def test_the_verdict_is_said_to_be_about_the_equilibrium(qtbot, dirac):
    from ganviz.app.views.dirac_plane import panel_html

    snap, _ = dirac
    text = panel_html(snap.extra, "moving out")
    assert "near (0, 0):" in text and "<b>here:</b> moving out" in text
