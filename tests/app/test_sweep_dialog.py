"""Lab → Stability map…: settings refused at the dialog, a sweep in a child process, cancel, and loading a cell."""

import numpy as np
import pytest
from PySide6.QtWidgets import QMainWindow

from ganviz.app.sweep_dialog import SweepDialog, open_sweep_dialog
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

CHILD_MS = 120_000  # the spawned child imports torch before it trains (slow on a busy machine)
BASE = load_preset("dirac-gan")


@pytest.fixture
def dialog(qtbot):
    d = SweepDialog(BASE)
    qtbot.addWidget(d)
    yield d
    d.cancel()


def _small(d, steps=20):
    d.x_axis.key.setCurrentText("lr_g")
    d.y_axis.key.setCurrentText("lr_d")
    for editor in (d.x_axis, d.y_axis):
        editor.lo.setText("0.05")
        editor.hi.setText("0.5")
        editor.n.setValue(2)
        editor.log.setChecked(True)
    d.steps.setValue(steps)


@pytest.mark.parametrize("edit, words", [
    (lambda d: d.x_axis.lo.setText("abc"), "x axis: from and to must be numbers"),
    (lambda d: d.x_axis.lo.setText("0"), "x axis: log spacing needs LO and HI > 0"),
    (lambda d: d.y_axis.key.setCurrentText("lr_g"), "y axis: the two axes must sweep different keys"),
    (lambda d: d.y_axis.hi.setText("1e9"), "y axis: lr_d must be a number in [1e-07, 10000]"),
])
def test_bad_settings_are_refused_at_the_dialog(dialog, edit, words):
    _small(dialog)
    edit(dialog)
    assert dialog.start() is False and not dialog.running
    assert words in dialog.message.text()


def test_offers_the_targets_metrics_and_number_keys(dialog):
    assert [dialog.metric_box.itemData(i) for i in range(dialog.metric_box.count())] == ["radius", "w1"]
    keys = [dialog.x_axis.key.itemText(i) for i in range(dialog.x_axis.key.count())]
    assert {"lr_g", "lr_d", "momentum", "dirac.theta0"} <= set(keys) and "loss" not in keys


def test_sweep_runs_in_a_child_and_its_cells_load(dialog, qtbot):
    _small(dialog)
    chosen = []
    dialog.config_chosen.connect(chosen.append)
    assert dialog.start()
    assert dialog.running and not dialog.run_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=CHILD_MS)
    assert "done in" in dialog.message.text(), dialog.message.text()
    fields = dialog.map.fields
    np.testing.assert_allclose(fields["x_values"], [0.05, 0.5])
    # cell (row 1, column 0): lr_d = 0.5, lr_g = 0.05, as a lone run would end
    tr = Trainer(BASE.with_changes({"lr_g": 0.05, "lr_d": 0.5}))
    tr.train(20)
    assert fields["metric"][1, 0] == pytest.approx(np.hypot(tr.G.theta.item(), tr.D.psi.item()), rel=1e-9)
    dialog.map.select(1, 0)
    assert chosen and (chosen[0].lr_g, chosen[0].lr_d) == pytest.approx((0.05, 0.5))


def test_cancel_stops_the_child_and_frees_the_controls(dialog):
    _small(dialog, steps=1_000_000)
    assert dialog.start()
    process = dialog._process
    dialog.cancel()
    assert not process.is_alive() and not dialog.running
    assert dialog.run_button.isEnabled() and dialog.message.text() == "cancelled"


class _Window(QMainWindow):
    """What open_sweep_dialog needs of the main window: the settings shown and apply_config."""

    def __init__(self):
        super().__init__()
        self.applied = []
        self.config = BASE.with_changes({"lr_g": 0.3})  # host.config: the settings shown

    def apply_config(self, config):
        self.applied.append(config)

    def set_playing(self, playing):
        self.applied.append(("playing", playing))


def test_the_window_gets_the_clicked_cell(qtbot):
    window = _Window()
    qtbot.addWidget(window)
    dialog = open_sweep_dialog(window)
    assert open_sweep_dialog(window) is dialog  # one dialog per window
    assert dialog.base.lr_g == 0.3
    dialog.map.update({"x_key": "lr_g", "x_values": np.array([0.1, 0.2]), "y_key": "lr_d",
                       "y_values": np.array([0.1]), "metric_name": "radius", "metric": np.ones((1, 2)),
                       "diverged": np.zeros((1, 2), bool), "config": dialog.base.to_json()})
    dialog.map.select(0, 1)
    assert len(window.applied) == 2 and window.applied[0] == ("playing", False)  # paused first
    assert window.applied[1].lr_g == pytest.approx(0.2)
    dialog.close()


def test_a_clicked_cell_restarts_the_real_window_on_its_config_ready_to_play(qtbot, open_window):
    from tests.app.conftest import wait_frame

    window = open_window(BASE)
    window.transport.play_action.trigger()
    wait_frame(qtbot, window, lambda f: f.step > 50)
    window.open_stability_map()
    dialog = window.findChild(SweepDialog)
    dialog.map.update({"x_key": "lr_g", "x_values": np.array([0.1, 0.2]), "y_key": "lr_d",
                       "y_values": np.array([0.1, 0.4]), "metric_name": "radius", "metric": np.ones((2, 2)),
                       "diverged": np.zeros((2, 2), bool), "config": BASE.to_json()})
    dialog.map.select(1, 0)  # lr_d = 0.4, lr_g = 0.1
    expected = BASE.with_changes({"lr_g": 0.1, "lr_d": 0.4})
    assert window.panel.config() == expected
    frame = wait_frame(qtbot, window, lambda f: f.step == 0 and f.config_json == expected.to_json())
    assert not frame.playing and not window.transport.is_playing()
    window.transport.play_action.trigger()  # ready to play: it trains from there
    wait_frame(qtbot, window, lambda f: f.step > 0 and f.config_json == expected.to_json())
    dialog.close()
