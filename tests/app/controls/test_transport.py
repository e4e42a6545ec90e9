"""The transport buttons send their signals."""

import math

from ganviz.app.controls import SPEEDS, TransportControls


def test_transport_signals(qtbot):
    controls = TransportControls()
    qtbot.addWidget(controls)
    log = []
    controls.play_toggled.connect(lambda on: log.append(("play", on)))
    controls.step_requested.connect(lambda which: log.append(("step", which)))
    controls.reset_requested.connect(lambda: log.append(("reset",)))
    controls.speed_changed.connect(lambda s: log.append(("speed", s)))
    for which in ("d", "g", "both"):
        controls.step_actions[which].trigger()
    controls.reset_action.trigger()
    controls.play_action.trigger()
    assert controls.is_playing() and controls.play_action.text() == "Pause"
    assert not controls.step_actions["d"].isEnabled()  # no single steps while playing
    controls.play_action.trigger()
    controls.speed_slider.setValue(0)
    controls.speed_slider.setValue(len(SPEEDS) - 1)
    assert log == [("step", "d"), ("step", "g"), ("step", "both"), ("reset",), ("play", True), ("play", False),
                   ("speed", 1 / 8), ("speed", math.inf)]


def test_setters_are_silent(qtbot):
    controls = TransportControls()
    qtbot.addWidget(controls)
    log = []
    controls.play_toggled.connect(log.append)
    controls.speed_changed.connect(log.append)
    controls.set_playing(True)
    controls.set_speed(48)
    assert log == [] and controls.is_playing() and controls.speed() == 50
    controls.set_speed(math.inf)
    assert controls.speed() == math.inf
