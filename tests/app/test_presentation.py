"""Presentation mode on the real window: fonts and lines scaled, controls hidden, and all back on leaving."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter

from ganviz.app.presentation import DEFAULT_SCALE, SCALE_KEY, Presentation, scale_setting
from ganviz.app.views.palette import projector_color
from ganviz.app.window import MainWindow
from ganviz.core.presets import load_preset
from tests.app.conftest import wait_frame


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(load_preset("bimodal-1d").with_changes({"hidden": 16}),
                   QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def look(w: MainWindow) -> dict:
    """What presentation mode changes, as plain values."""
    axis = w.density_1d.plotItem.getAxis("bottom")
    legend_label = next(i for i in w.density_1d.scene().items() if isinstance(i, pg.LabelItem) and i.opts.get("size"))
    return {
        "tick_pt": axis.style["tickFont"].pointSizeF(),
        "label_css": axis.labelStyle["font-size"],
        "gen_width": w.density_1d.gen_curve.opts["pen"].widthF(),
        "gen_color": w.density_1d.gen_curve.opts["pen"].color().name(),
        "loss_width": pg.mkPen(w.losses.plotItem.listDataItems()[0].opts["pen"]).widthF(),
        "legend_size": legend_label.opts["size"],
        "menus": w.menuBar().isVisible(), "status": w.statusBar().isVisible(),
        "settings": w.settings_dock.isVisible(), "run": w.run_toolbar.isVisible(),
        "splitters": [sp.sizes() for sp in [w.view_area(), *w.view_area().findChildren(QSplitter)]],
        "fullscreen": w.isFullScreen(), "state": bytes(w.saveState()), "size": w.size().toTuple(),
    }


def test_entering_scales_fonts_and_lines_hides_controls_and_leaving_restores_all(window, qtbot):
    before = look(window)
    assert before["menus"] and before["settings"] and not before["fullscreen"]
    window.presentation.enter()
    qtbot.waitUntil(window.isFullScreen)
    on = look(window)
    assert on["tick_pt"] == pytest.approx(2 * before["tick_pt"])
    assert float(on["label_css"][:-2]) == pytest.approx(2 * float(before["label_css"][:-2]))
    assert on["gen_width"] == pytest.approx(2 * before["gen_width"])
    assert on["loss_width"] == pytest.approx(2 * max(before["loss_width"], 1.0))
    assert float(on["legend_size"][:-2]) == pytest.approx(2 * float(before["legend_size"][:-2]))
    assert on["gen_color"] != before["gen_color"]  # strengthened for the projector
    assert not (on["menus"] or on["status"] or on["settings"] or on["run"])
    bar = window.presentation.bar
    assert bar.isVisible() and [a.text() for a in bar.actions() if a.text()][:2] == ["Play", "Step"]
    assert window.presentation.counter.text() == "step 0"
    assert window.presentation.counter.font().pointSizeF() >= 20  # large: readable from the back
    window.presentation.leave()
    qtbot.waitUntil(lambda: look(window) == before, timeout=60000)
    assert window.presentation.bar is None


def test_f11_toggles_even_with_the_menus_hidden(window, qtbot):
    qtbot.keyClick(window, Qt.Key_F11)
    assert window.presentation.active
    qtbot.keyClick(window, Qt.Key_F11)
    assert not window.presentation.active and window.menuBar().isVisible()


def test_the_bar_plays_pauses_and_steps(window, qtbot, monkeypatch):
    sent = []
    monkeypatch.setattr(window.client, "send", lambda *command: sent.append(command) or True)
    window.presentation.enter()
    play = window.presentation.play_action
    play.trigger()
    qtbot.waitUntil(lambda: play.text() == "Pause")
    assert window.transport.is_playing() and sent[-1] == ("play", True)
    play.trigger()
    qtbot.waitUntil(lambda: play.text() == "Play")
    window.presentation.step_action.trigger()
    assert sent[-2:] == [("play", False), ("step", "both")]
    window.presentation.leave()


def test_the_counter_follows_the_frames_drawn(window, qtbot):
    window.presentation.enter()
    window.presentation._timer.stop()  # the periodic refresh alone lagged: "step 3" when the run stopped at 300
    counter = window.presentation.counter
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.step >= 200)
    window.set_playing(False)
    qtbot.waitUntil(lambda: not window.last_frame.playing)
    assert counter.text() == f"step {window.last_frame.step:,}"  # set by the frame drawn
    assert counter.width() >= counter.fontMetrics().horizontalAdvance(counter.text())  # room for long counts
    window.presentation.leave()


def test_the_scale_is_a_setting_kept_between_sessions(tmp_path, qtbot, window):
    settings = QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat)
    assert scale_setting(settings) == DEFAULT_SCALE == 2.0
    p = Presentation(window, settings, toggle_play=lambda: None, step=lambda: None, is_playing=lambda: False,
                     current_step=lambda: 0)
    p.set_scale(3.0)
    assert scale_setting(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat)) == 3.0
    with pytest.raises(ValueError, match="presentation scale must be 1 to 4, got 5"):
        p.set_scale(5.0)
    settings.setValue(SCALE_KEY, "huge")
    assert scale_setting(settings) == DEFAULT_SCALE  # a bad stored value is ignored


def test_projector_colours_keep_hue_and_greys():
    green = QColor("#009E73")
    strong = projector_color(green)
    assert strong.hsvHue() == green.hsvHue() and strong.hsvSaturation() == 255
    light = projector_color(QColor("#E69F00"))  # orange: darkened so it reads on a bright wall
    assert light.value() <= 200
    assert projector_color(QColor("#707070")).name() == "#707070"
