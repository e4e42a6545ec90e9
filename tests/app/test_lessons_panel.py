"""The Lessons dock in the real window: every built-in lesson runs through its steps; bad files change nothing."""

import json
import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from ganviz.app.session.protocol import Inverted, Refused
from ganviz.core.config import default_config, from_json
from ganviz.core.lessons import VIEWS, builtin_lessons, load_lesson
from tests.app.conftest import settle

FIRST_FRAME_MS = 120000  # two child processes import torch first (slow on a loaded 2-core machine)
STEP_MS = 60000  # a reset on a busy 2-core machine


def wait_for(condition, timeout_ms):
    """Serve Qt events until `condition()` holds (module fixtures cannot use qtbot)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QCoreApplication.processEvents(QEventLoop.AllEvents, 20)


@pytest.fixture(scope="module")
def shared_window(qapp, tmp_path_factory):
    """One main window with its trainer processes for the whole module (starting one takes seconds)."""
    from ganviz.app.window import MainWindow

    settings = tmp_path_factory.mktemp("lessons") / "s.ini"
    win = MainWindow(default_config(), QSettings(str(settings), QSettings.IniFormat))
    win.resize(1400, 850)
    win.show()
    wait_for(lambda: win.last_frame is not None, FIRST_FRAME_MS)
    win.replies, win.errors = [], []
    win.client.replied.connect(lambda r: win.replies.append(r))
    win.client.errored.connect(lambda m, d: win.errors.append(m))
    yield win
    win.close()


@pytest.fixture
def window(shared_window):
    """The shared window, with the replies and errors of this test only."""
    shared_window.replies.clear()
    shared_window.errors.clear()
    return shared_window


def running_config(win):
    return from_json(win.last_frame.config_json)


def check_step_shown(qtbot, win, step):
    """The trainer runs the step's config, and exactly the step's views and layers show."""
    qtbot.waitUntil(lambda: running_config(win) == step.config, timeout=STEP_MS)
    lv = win.lessons
    widgets = {"strip": win.strip, "transform": win.transform, "losses": win.losses, "metrics": win.metrics,
               "sampler": lv.sampler, "loss_curves": lv.loss_curves, "rounding": lv.rounding,
               "spectrum": win.spectrum.dock, "networks": win.networks.page}
    assert set(widgets) | {"find_code"} == set(VIEWS)
    for name, widget in widgets.items():
        assert widget.isHidden() != (name in step.show), name  # (the 1-D page's plots hide with their page)
    page = win.image_page  # a tab, not a pane: in front, or the latent walk is
    assert page.tools.currentWidget() is (page.finder if "find_code" in step.show else page.walk)
    assert win.pages.isHidden() == ("sampler" in step.show or "networks" in step.show)
    for name, on in win.density_1d.layers().items():
        assert on == step.layers[name], name
    for name in ("samples", "contours", "arrows", "latent_grid"):
        assert win.field_2d.layers()[name] == step.layers[name], name
    assert lv.invert_action.isChecked() == step.invert


def test_every_builtin_lesson_runs_through_all_its_steps(qtbot, window):
    lv = window.lessons
    for path in builtin_lessons():
        assert lv.open(path)
        assert lv.dock.isVisible() and lv.panel.chooser.currentData() == str(path)
        steps = lv.panel.lesson.steps
        for i, step in enumerate(steps):
            if i:
                qtbot.mouseClick(lv.panel.next_button, Qt.LeftButton)
            assert lv.panel.counter.text() == f"step {i + 1} of {len(steps)}"
            assert lv.panel.step_title.text() == step.title
            check_step_shown(qtbot, window, step)
            if step.sampler is not None:
                qtbot.waitUntil(lambda: len(lv.sampler.sampler.samples) > 0, timeout=STEP_MS)
                assert lv.sampler.sampler.method == step.sampler["method"]
            qtbot.waitUntil(lambda s=step: window.last_frame.playing == s.play, timeout=STEP_MS)
        assert not lv.panel.next_button.isEnabled()
        qtbot.mouseClick(lv.panel.prev_button, Qt.LeftButton)  # back one step: started afresh with its config
        check_step_shown(qtbot, window, steps[-2])
    assert [r for r in window.replies if isinstance(r, Refused)] == []
    assert window.errors == []


def test_a_step_with_run_steps_pauses_there(qtbot, window, tmp_path):
    path = tmp_path / "short.json"
    path.write_text(json.dumps({"title": "short", "steps": [
        {"title": "run", "text": "train a little", "preset": "bimodal-1d", "config": {"hidden": 8},
         "play": True, "run_steps": 40}]}))
    window.lessons.open(path)
    generation = window.lessons.panel.run_generation  # the reset's run: an older paused frame must not count
    qtbot.waitUntil(lambda: window.last_frame.generation >= generation and window.last_frame.step >= 40
                    and not window.last_frame.playing, timeout=STEP_MS)
    assert window.last_frame.step == 40  # exactly: the trainer pauses itself there
    qtbot.waitUntil(lambda: not window.transport.is_playing(), timeout=STEP_MS)


def test_a_bad_lesson_file_says_why_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    lv = window.lessons
    lv.open(builtin_lessons()[2])
    qtbot.waitUntil(lambda: running_config(window) == lv.panel.lesson.steps[0].config, timeout=STEP_MS)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    before = (lv.panel.lesson, lv.panel.index, window.config, lv.panel.text.toPlainText())
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"title": "bad", "steps": [{"title": "s", "text": "t", "config": {"lr_g": -1}}]}))
    assert not lv.open(bad)
    assert shown == [("Cannot open lesson", "steps[0].config.lr_g: must be a number in [1e-07, 10000], "
                                            "got -1 (in bad.json)")]
    (tmp_path / "broken.json").write_text("{ not json")
    assert not lv.open(tmp_path / "broken.json")
    assert "broken.json is not valid JSON" in shown[-1][1]
    assert (lv.panel.lesson, lv.panel.index, window.config, lv.panel.text.toPlainText()) == before
    state = settle(qtbot, window)  # anything the refused files might have sent has reached the trainer
    assert from_json(state.config_json) == lv.panel.lesson.steps[0].config


def test_clicking_the_density_view_finds_z_and_marks_it_on_the_strip(qtbot, window, tmp_path):
    path = tmp_path / "invert.json"
    path.write_text(json.dumps({"title": "invert", "steps": [
        {"title": "click", "text": "click a point", "preset": "bimodal-1d", "invert": True}]}))
    lv = window.lessons
    lv.open(path)
    step = load_lesson(path).steps[0]
    qtbot.waitUntil(lambda: running_config(window) == step.config and window.last_frame.snapshot.g_of_z is not None,
                    timeout=STEP_MS)
    g = window.last_frame.snapshot.g_of_z
    x = float(np.median(g))  # between G's smallest and largest output: G reaches it
    vb = window.density_1d.plotItem.vb
    y = float(np.mean(vb.viewRange()[1]))
    at = window.density_1d.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(window.density_1d.viewport(), Qt.LeftButton, pos=at)
    qtbot.waitUntil(lambda: any(isinstance(r, Inverted) for r in window.replies), timeout=STEP_MS)
    found = next(r for r in window.replies if isinstance(r, Inverted))
    clicked, z, gz, distance = found.x, found.z, found.g_of_z, found.distance
    assert clicked[0] == pytest.approx(x, abs=0.05)  # where the click landed, to a pixel
    assert distance < 1e-3 and abs(gz[0] - clicked[0]) < 1e-3
    assert 0.0 <= z[0] <= 1.0
    marks = lv.marks
    assert marks.strip_points.isVisible() and marks.clicked_1d.value() == pytest.approx(clicked[0])
    assert marks.strip_points.data["x"][1] == pytest.approx(gz[0])
    assert "distance" in window.statusBar().currentMessage()


def test_a_step_with_claims_shows_how_often_they_held(qtbot, window, tmp_path):
    path = tmp_path / "claimed.json"
    claim = {"id": "settles", "text": "W1 ends small.", "series": "w1_rel", "op": "<", "value": 0.5,
             "where": "at", "step": 100}
    path.write_text(json.dumps({"title": "claimed", "steps": [
        {"title": "one", "text": "Watch it settle.", "preset": "bimodal-1d", "claims": [claim]},
        {"title": "two", "text": "No promise here.", "config": {"lr_g": 0.002}}]}))
    panel = window.lessons.panel
    panel._measured = {"claimed.settles": {"seeds": list(range(1000, 1010)), "holds": [True] * 9 + [False]}}
    assert window.lessons.open(path)
    shown = panel.text.toPlainText()
    assert shown.startswith("Watch it settle.")
    assert "• W1 ends small. Measured: holds in 9 of 10 seeds (seeds 1000–1009)." in shown
    qtbot.mouseClick(panel.next_button, Qt.LeftButton)
    assert panel.text.toPlainText() == "No promise here."
