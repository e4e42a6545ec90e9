"""The history plots and the Dirac plane."""

import math

import numpy as np
import pytest

from ganviz.app.views import DiracPlane, LossPlot, MetricsPlot


def _xy(item):
    x, y = item.getOriginalDataset()  # getData() would give log10 of the values on a log axis
    return (np.empty(0), np.empty(0)) if x is None else (np.asarray(x), np.asarray(y))


def test_loss_plot_curves_and_reference(qtbot, bimodal):
    history = bimodal[2]
    view = LossPlot()
    qtbot.addWidget(view)
    view.update(history)
    for key in ("loss_d", "loss_g", "value"):
        x, y = _xy(view.curves[key])
        np.testing.assert_array_equal(x, history["step"])
        np.testing.assert_allclose(y, history[key])
    assert view.reference.value() == pytest.approx(-math.log(4))
    assert any("−log 4" in label.text for _, label in view.legend.items)  # named in the legend, not over ticks
    ids, n_items = [id(c) for c in view.curves.values()], len(view.scene().items())
    longer = {k: np.append(v, v[-1]) for k, v in history.items()}
    longer["step"][-1] += 10
    view.update(longer)
    assert [id(c) for c in view.curves.values()] == ids and len(view.scene().items()) == n_items
    assert len(_xy(view.curves["loss_d"])[0]) == len(history["step"]) + 1


def test_history_axes_start_at_step_0_with_the_first_record(qtbot, bimodal):
    first = {k: v[:1] for k, v in bimodal[2].items()}
    first["step"] = np.array([0.0])  # one record, at step 0, as a run's first frame has
    for view in (LossPlot(), MetricsPlot()):
        qtbot.addWidget(view)
        view.resize(400, 300)
        view.show()
        view.update(first)
        view.plotItem.vb.updateAutoRange()
        low, high = view.plotItem.vb.viewRange()[0]
        assert low >= 0.0 and high > low  # not −0.4…0.4 "step"


def test_loss_plot_drops_nan_and_missing_series(qtbot):
    view = LossPlot()
    qtbot.addWidget(view)
    view.update({"step": np.arange(4.0), "loss_d": np.array([1.0, np.nan, 0.5, np.inf])})
    np.testing.assert_array_equal(_xy(view.curves["loss_d"])[0], [0.0, 2.0])
    assert len(_xy(view.curves["value"])[0]) == 0
    view.update({})  # before anything was logged


def test_metrics_plot_log_axis_survives_zeros_and_nan(qtbot, bimodal):
    view = MetricsPlot()
    qtbot.addWidget(view)
    history = dict(bimodal[2])
    history["jsd"] = history["jsd"].copy()
    history["jsd"][:3] = [0.0, np.nan, -1e-3]
    history["mmd"] = np.full_like(history["mmd"], np.nan)
    view.update(history)
    x, y = _xy(view.curves["jsd"])
    assert np.all(y > 0) and len(x) == len(history["step"]) - 3
    assert len(_xy(view.curves["mmd"])[0]) == 0
    assert view.plotItem.getAxis("left").logMode and not view.plotItem.getAxis("right").logMode
    np.testing.assert_allclose(_xy(view.modes)[1], history["modes"])
    assert view.modes.isVisible()
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # paints the log axis with what was kept


def test_metrics_plot_without_modes(qtbot, dirac):
    view = MetricsPlot()
    qtbot.addWidget(view)
    view.update(dirac[1])
    assert not view.modes.isVisible()
    np.testing.assert_allclose(_xy(view.curves["w1"])[1], dirac[1]["w1"][dirac[1]["w1"] > 0])
    # the Dirac-GAN has only W₁ = |θ|: no empty "modes covered" axis, no legend entries without a curve
    assert _legend_texts(view) == ["W₁"]
    assert not view.plotItem.getAxis("right").isVisible()


def test_metrics_plot_lists_what_a_history_has(qtbot, bimodal):
    view = MetricsPlot()
    qtbot.addWidget(view)
    assert _legend_texts(view) == ["JSD", "W₁", "MMD²", "modes covered"]  # before any record
    history = dict(bimodal[2])
    view.update(history)
    assert _legend_texts(view) == ["JSD", "W₁", "MMD²", "modes covered"]
    assert view.plotItem.getAxis("right").isVisible()
    no_modes = {k: v for k, v in history.items() if k != "modes"}
    no_modes["step"] = history["step"] + 1000  # a later history (a reset to a target without modes)
    view.update(no_modes)
    assert _legend_texts(view) == ["JSD", "W₁", "MMD²"]
    assert not view.plotItem.getAxis("right").isVisible()


def test_dirac_plane_trajectory_and_marker(qtbot, dirac):
    snap, history = dirac
    view = DiracPlane()
    qtbot.addWidget(view)
    view.update(history)
    x, y = _xy(view.trajectory)
    np.testing.assert_allclose(x, history["theta"])
    np.testing.assert_allclose(y, history["psi"])
    px, py = view.current.getData()
    assert (px[0], py[0]) == (history["theta"][-1], history["psi"][-1])
    view.update(snap)
    px, py = view.current.getData()
    assert (px[0], py[0]) == pytest.approx((float(snap.extra["theta"]), float(snap.extra["psi"])))
    ex, ey = view.equilibrium.getData()
    assert (ex[0], ey[0]) == (0.0, 0.0)


def _legend_texts(view):
    return [label.text for _, label in view.legend.items]


def test_each_game_shows_only_its_own_lines(qtbot):
    view = LossPlot()
    qtbot.addWidget(view)
    shown = lambda: {k for k, c in view.curves.items() if c.isVisible()}  # noqa: E731
    assert shown() == {"loss_d", "loss_g", "value"} and view.reference.isVisible()
    assert "value at equilibrium (−log 4)" in _legend_texts(view)
    view.set_game("gmn", "nonsaturating")  # no discriminator: G's loss is MMD², nothing else
    assert shown() == {"loss_g"} and not view.reference.isVisible()
    assert _legend_texts(view) == ["MMD² (G's loss)"]
    view.set_game("gan", "wasserstein")  # a critic: no V(D, G), no −log 4
    assert shown() == {"loss_d", "loss_g"} and not view.reference.isVisible()
    assert _legend_texts(view) == ["loss D (critic)", "loss G"]
    view.set_game("gan", "minimax")
    assert shown() == {"loss_d", "loss_g", "value"} and view.reference.isVisible()


def test_the_configs_list_of_critic_losses_is_the_loss_registrys():
    from ganviz.core.config import CRITIC_LOSSES
    from ganviz.core.losses import LOSSES

    assert set(CRITIC_LOSSES) == {name for name, loss in LOSSES.items() if loss.critic}
