"""View → Game spectrum: shown, the trainer measures the game and the dock draws the core's numbers;
hidden, it stops; a game without a learned discriminator is explained."""

import numpy as np
from pyqtgraph.Qt import QtCore

from ganviz.core import spectrum as sp
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer
from tests.app.conftest import settle, wait_frame

SMALL = {"hidden": 16}  # 1-D players small enough for the exact spectrum


def _shown(qtbot, window, count=1):
    """Show the dock and wait for `count` spectra of the run in its view."""
    dock = window.spectrum
    dock.action.trigger()  # as a click on View → Game spectrum
    assert dock.dock.isVisible()
    qtbot.waitUntil(lambda: dock.view.shown is not None and len(dock.view.history) >= count, timeout=120000)
    return dock


def test_the_dock_draws_the_spectrum_of_the_run_as_the_core_computes_it(qtbot, open_window):
    config = load_preset("bimodal-1d").with_changes(SMALL)
    window = open_window(config)
    dock = _shown(qtbot, window)
    reply = dock.view.shown
    assert (reply.step, reply.method) == (0, "exact")
    expected = sp.spectrum(Trainer(config)).eigenvalues  # the same run, headless, at step 0
    drawn = dock.view.points.getData()
    np.testing.assert_allclose(drawn[0] + 1j * drawn[1], expected, rtol=1e-6, atol=1e-6)
    # the disc |1 + hλ| < 1: centre −1/h, radius 1/h, through the origin
    x, y = dock.view.disc.getData()
    h = config.lr_d
    assert x.min() == np.float64(-2 / h) and abs(x.max()) < 1e-9 and np.isclose(y.max(), 1 / h)
    # the worst eigenvalue (largest |1 + hλ|) is ringed, and the history holds its modulus
    worst = dock.view.worst.getData()
    moduli = np.abs(1 + h * expected)
    assert np.isclose(worst[0][0] + 1j * worst[1][0], expected[np.argmax(moduli)])
    assert np.isclose(dock.view.modulus_line.getData()[1][-1], moduli.max(), rtol=1e-6)
    text = dock.view.verdict.text()
    assert reply.verdict in text and "step 0" in text and f"{reply.parameters:,} parameters" in text
    assert f"max |1 + hλ| = {moduli.max():.6f}" in text
    note = sp.step_rule_note(config)  # what the disc leaves out of this run's update rule: in the tooltip
    assert note and note in dock.view.verdict.toolTip() and "hover" in text
    spectra = window.client._spectra
    window.close()  # the spectrum process leaves with the trainer, on its own
    assert window.client.last_stop.clean and spectra.exitcode == 0


def test_every_n_steps_while_shown_and_none_once_hidden(qtbot, open_window):
    window = open_window(load_preset("bimodal-1d").with_changes(SMALL))
    window.spectrum.every.setValue(100)
    dock = _shown(qtbot, window)
    for stop in (100, 200):  # in steps, each waited for: one spectrum runs at a time, and one due meanwhile is skipped
        window.send("until", stop)
        window.set_playing(True)
        qtbot.waitUntil(lambda s=stop: dock.view.history[-1][0] == s, timeout=120000)
    assert [row[0] for row in dock.view.history] == [0, 100, 200]
    dock.action.trigger()  # hidden: ("spectrum", 0)
    assert not dock.dock.isVisible()
    stopped = settle(qtbot, window)
    count = len(dock.view.history)
    window.send("until", stopped.step + 400)
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.step >= stopped.step + 400)
    settle(qtbot, window)  # every reply sent by then has arrived
    assert len(dock.view.history) == count  # nothing measured while hidden


def test_an_oracle_run_is_explained_not_measured(qtbot, open_window):
    window = open_window(load_preset("bimodal-1d-oracle").with_changes(SMALL))
    dock = window.spectrum
    dock.action.trigger()
    qtbot.waitUntil(lambda: "oracle" in dock.view.verdict.text(), timeout=120000)
    assert dock.view.shown is None and dock.view.verdict.text().startswith("no spectrum")


def test_the_dock_is_reached_from_the_view_menu(qtbot, open_window):
    window = open_window(load_preset("bimodal-1d").with_changes(SMALL))
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.spectrum.action in view_menu.actions()
    assert not window.spectrum.dock.isVisible()  # hidden until chosen: no spectra cost a run by default
    assert window.spectrum.dock.objectName() and QtCore.Qt.LeftDockWidgetArea == window.dockWidgetArea(
        window.spectrum.dock)
