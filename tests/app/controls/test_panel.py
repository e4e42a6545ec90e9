"""The controls panel: generated editors, commits, refusals, pending resets and relevance."""

import math

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from ganviz.app.controls import ControlsPanel
from ganviz.core.config import default_config, key_specs
from ganviz.core.presets import load_preset, preset_names
from ganviz.core.targets import target_names


@pytest.fixture
def panel(qtbot):
    widget = ControlsPanel(default_config())
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def seen(panel):
    """Every signal the panel sends, in order."""
    log = []
    panel.changed.connect(lambda k, v: log.append(("changed", k, v)))
    panel.reset_needed.connect(lambda keys: log.append(("reset_needed", keys)))
    panel.refused.connect(lambda k, m: log.append(("refused", k, m)))
    return log


def type_into(qtbot, box, text):
    """Replace a text box's content as a user would, ending with Enter."""
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key_Return)


def shows(field, value) -> bool:
    shown = field.value()
    if isinstance(value, list):
        return all(math.isclose(a, b) for a, b in zip(shown, value, strict=True))
    if isinstance(value, float):
        return math.isclose(shown, value)
    return shown == value


def test_every_key_of_every_target_has_an_editor(panel, seen):
    for name in target_names():
        config = default_config().with_changes({"target": name})
        panel.set_config(config)
        assert sorted(panel.keys()) == sorted(key_specs(config))
        assert all(shows(panel.field(k), v) for k, v in config.to_dict().items())
    assert seen == []  # set_config is silent


def test_editors_show_each_preset(panel, seen):
    for name in preset_names():
        config = load_preset(name)
        panel.set_config(config)
        wrong = [k for k, v in config.to_dict().items() if not shows(panel.field(k), v)]
        assert wrong == [], name
    assert seen == []


def test_typed_learning_rate_is_committed_once(panel, seen, qtbot):
    box = panel.field("lr_g").input
    type_into(qtbot, box, "3e-4")
    panel.field("lr_d").input.setFocus()  # leaving the box must not send it again
    assert seen == [("changed", "lr_g", 3e-4)]
    assert panel.config().lr_g == 3e-4


@pytest.mark.parametrize("text", ["abc", "-1", "1e9"])
def test_bad_learning_rate_is_refused_at_the_widget(panel, seen, qtbot, text):
    field = panel.field("lr_g")
    type_into(qtbot, field.input, text)
    assert [s[0] for s in seen] == ["refused"]
    assert field.input.text() == "0.001" and panel.config().lr_g == 1e-3
    key, message = panel.refusal()
    assert key == "lr_g" and "lr_g" in message and "[1e-07, 10000]" in message
    assert "#d32f2f" in field.input.styleSheet() and message in field.toolTip()
    type_into(qtbot, field.input, "0.01")  # a good entry clears the mark
    assert panel.refusal() is None and field.error() == "" and field.input.styleSheet() == ""


@pytest.mark.parametrize("key, text", [("hidden_g", "0"), ("layers_d", "20")])
def test_out_of_range_integer_is_refused_with_a_reason(panel, seen, qtbot, key, text):
    field = panel.field(key)
    before = field.value()
    type_into(qtbot, field.input, text)
    assert [s[:2] for s in seen] == [("refused", key)] and key in seen[0][2]
    assert field.value() == before and field.error()


def test_bad_bandwidth_list_is_refused(panel, seen, qtbot):
    field = panel.field("mmd_bandwidths")
    type_into(qtbot, field.input, "0.2,x")
    assert [s[:2] for s in seen] == [("refused", "mmd_bandwidths")]
    assert field.input.text() == "0.2, 0.5, 1, 2"
    type_into(qtbot, field.input, "0.1, 1")
    assert seen[-1] == ("changed", "mmd_bandwidths", [0.1, 1.0])


def test_cross_key_conflicts_are_refused_and_named(panel, seen, qtbot):
    panel.set_config(default_config().with_changes({"target": "uniform"}))
    type_into(qtbot, panel.field("target.low").input, "5")
    assert seen[-1][:2] == ("refused", "target.low") and panel.config().target_params["low"] == -2
    panel.set_config(default_config().with_changes({"method": "gmn"}))
    panel.field("target").input.setCurrentText("dirac")
    key, message = panel.refusal()
    assert key == "target" and "method" in message
    assert panel.field("target").value() == "bimodal"


def test_network_size_needs_a_reset(panel, seen):
    panel.field("hidden_g").input.setValue(128)
    assert seen == [("changed", "hidden_g", 128), ("reset_needed", ["hidden_g"])]
    assert "●" in panel.label("hidden_g").text() and "after a reset" in panel.label("hidden_g").toolTip()
    assert "●" not in panel.label("layers_g").text() and "●" not in panel.label("hidden_d").text()
    panel.clear_pending()
    assert panel.pending_keys() == [] and "●" not in panel.label("hidden_g").text()


def test_live_key_needs_no_reset(panel, seen):
    panel.field("batch_size").input.setValue(64)
    assert seen == [("changed", "batch_size", 64)] and panel.pending_keys() == []


def test_changing_target_rebuilds_its_parameter_rows(panel, seen):
    assert "target.mu1" in panel.keys()
    panel.field("target").input.setCurrentText("ring")
    assert seen == [("changed", "target", "ring"), ("reset_needed", ["target"])]
    keys = panel.keys()
    assert {"target.radius", "target.std", "target.n_modes"} <= set(keys) and "target.mu1" not in keys
    form = panel.section("Data").form
    rows = [form.getWidgetPosition(panel.field(k))[0] for k in ("target", "target.n_modes", "target.radius",
                                                                "target.std", "latent")]
    assert rows == sorted(rows) == list(range(rows[0], rows[0] + 5))
    assert panel.field("target.radius").value() == 2.0


def test_log_slider_ends_give_the_range(panel, seen):
    field = panel.field("lr_g")
    spec = field.spec
    for position, expected in ((0, spec.lo), (field.slider.maximum(), spec.hi)):
        field.slider.setSliderDown(True)
        field.slider.setValue(position)
        field.slider.setSliderDown(False)  # the release sends the last value
        assert panel.config().lr_g == expected and seen[-1] == ("changed", "lr_g", expected)
        assert float(field.input.text()) == expected


def test_slider_burst_is_merged(panel, seen, qtbot):
    slider = panel.field("lr_d").slider
    slider.setSliderDown(True)
    for i in range(20):
        slider.setValue(300 + 10 * i)
    assert len(seen) <= 2
    slider.setSliderDown(False)
    qtbot.wait(80)
    assert 1 <= len(seen) <= 3
    assert seen[-1] == ("changed", "lr_d", panel.field("lr_d").scale.to_value(490))


def test_relevance_greys_out_and_keeps_values(panel):
    panel.set_config(default_config().with_changes({"method": "gmn", "loss": "hinge"}))
    for key in ("loss", "clip", "regularizer", "d_steps", "lr_d", "optimizer_d"):
        assert not panel.field(key).isEnabled(), key
        assert "Not used now" in panel.field(key).toolTip()
    assert panel.field("loss").value() == "hinge"
    assert panel.field("mmd_estimator").isEnabled() and panel.field("lr_g").isEnabled()
    assert not panel.field("dirac.theta0").isEnabled()
    panel.set_config(load_preset("dirac-gan"))
    assert panel.field("dirac.theta0").isEnabled() and panel.field("dirac.psi0").isEnabled()
    assert panel.field("momentum").isEnabled() and not panel.field("beta1").isEnabled()
    assert not panel.field("hidden_g").isEnabled() and not panel.label("hidden_d").isEnabled()


def test_relevance_follows_the_users_edits(panel):
    assert not panel.field("mmd_estimator").isEnabled()
    panel.field("method").input.setCurrentText("gmn")
    assert panel.field("mmd_estimator").isEnabled() and not panel.field("lr_d").isEnabled()


def test_tooltips_say_what_is_accepted(panel):
    assert panel.field("lr_g").toolTip().startswith(
        "lr_g: Generator learning rate.\nAccepts a number in [1e-07, 10000].")
    assert "after a reset" in panel.field("hidden_d").toolTip()
    assert "after a reset" not in panel.field("lr_g").toolTip()


def test_wheel_scrolls_past_unfocused_editors(panel):
    combo = panel.field("loss").input
    before = combo.currentIndex()
    centre = QPointF(combo.rect().center())
    event = QWheelEvent(centre, combo.mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt.NoButton, Qt.NoModifier,
                        Qt.NoScrollPhase, False)
    QApplication.sendEvent(combo, event)
    assert combo.currentIndex() == before and not event.isAccepted()


def test_rows_are_labelled_in_words_with_reset_keys_marked_and_by_key_on_request(qtbot):
    from ganviz.core.config import LABELS, base_specs

    panel = ControlsPanel()
    qtbot.addWidget(panel)
    assert panel.label("lr_d").text() == "D learning rate"  # live: no mark
    assert panel.label("hidden_g").text() == "G width ⟳"  # applies after a reset, marked before any change
    assert panel.label("target.std").text() == "std"
    assert "lr_d:" in panel.field("lr_d").toolTip()  # the key, as --set names it
    panel.set_by_key(True)
    assert panel.label("lr_d").text() == "lr_d" and panel.label("hidden_g").text() == "hidden_g ⟳"
    panel.set_by_key(False)
    assert panel.label("lr_d").text() == "D learning rate"
    assert set(LABELS) == set(base_specs())  # every key has its words
