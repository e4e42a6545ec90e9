"""The timeline slider: notches at the checkpoints, a held handle is left alone, releasing asks for a rewind."""

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from ganviz.app.controls.timeline import TimelineSlider, keep_history_before
from ganviz.app.history import HistoryBuffer


def make(qtbot):
    timeline = TimelineSlider()
    qtbot.addWidget(timeline)
    timeline.resize(400, 40)
    timeline.show()
    requests = []
    timeline.rewind_requested.connect(requests.append)
    return timeline, requests


def handle_centre(slider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    return slider.style().subControlRect(QStyle.CC_Slider, option, QStyle.SC_SliderHandle, slider).center()


def test_the_handle_rests_at_now_after_the_checkpoints(qtbot):
    timeline, requests = make(qtbot)
    assert not timeline.slider.isEnabled()  # nothing to go back to yet
    timeline.set_run([0, 50, 100], 130)
    assert timeline.positions() == [0, 50, 100, 130]
    assert timeline.slider.maximum() == 3 and timeline.slider.value() == 3 and timeline.slider.isEnabled()
    assert timeline.readout.text() == "now · 3 checkpoints"
    timeline.set_run([0, 50, 100], 100)  # just rewound to a checkpoint: it is now
    assert timeline.positions() == [0, 50, 100] and timeline.readout.text() == "now · 2 checkpoints"
    assert requests == []


def test_dragging_shows_the_step_and_releasing_rewinds(qtbot):
    timeline, requests = make(qtbot)
    timeline.set_run([0, 50, 100, 150], 170)
    slider = timeline.slider
    start = handle_centre(slider)
    qtbot.mousePress(slider, Qt.LeftButton, pos=start)
    assert slider.isSliderDown()
    qtbot.mouseMove(slider, QPoint(start.x() - slider.width() // 2, start.y()))
    assert 0 < slider.value() < 4 and requests == []  # no rewind while held
    timeline.set_run([0, 50, 100, 150, 200], 210)  # a frame arrives meanwhile: the handle stays
    held = slider.value()
    assert timeline.readout.text() == f"back to step {timeline.positions()[held]:,}"
    qtbot.mouseRelease(slider, Qt.LeftButton, pos=QPoint(start.x() - slider.width() // 2, start.y()))
    assert requests == [[0, 50, 100, 150, 170][held]]


def test_keys_rewind_at_once_and_now_asks_nothing(qtbot):
    timeline, requests = make(qtbot)
    timeline.set_run([0, 50, 100], 120)
    timeline.slider.setFocus()
    qtbot.keyClick(timeline.slider, Qt.Key_Left)
    assert requests == [100]
    timeline.set_run([0, 50, 100], 100)
    qtbot.keyClick(timeline.slider, Qt.Key_Home)
    assert requests == [100, 0]
    timeline.set_run([0], 0)
    qtbot.keyClick(timeline.slider, Qt.Key_End)
    assert requests == [100, 0]


def test_rewinding_keeps_the_history_before_the_checkpoint():
    history = HistoryBuffer()
    for step in range(0, 500, 100):
        history.append({"step": step, "w1": step / 100.0})
    keep_history_before(history, history.arrays(), 300)
    np.testing.assert_array_equal(history.arrays()["step"], [0, 100, 200])
    np.testing.assert_array_equal(history.arrays()["w1"], [0.0, 1.0, 2.0])
    keep_history_before(history, {}, 300)
    assert len(history) == 0
