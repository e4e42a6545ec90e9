"""File → Open preset: every preset one click away, and opening one runs exactly its config."""

import json

from ganviz.app.preset_menu import PresetMenu
from ganviz.core.presets import PRESET_GROUPS, list_presets, load_preset, preset_names, preset_speed
from tests.app.conftest import settle, wait_frame


class FakeHost:
    """The two host methods the menu uses, recorded."""

    def __init__(self):
        self.applied, self.messages, self.speeds = [], [], []

    def apply_config(self, config):
        self.applied.append(config)

    def set_speed(self, steps_per_frame):
        self.speeds.append(steps_per_frame)

    def show_message(self, text, ms):
        self.messages.append(text)


def test_the_menu_lists_every_preset_once_with_its_description(qtbot):
    menu = PresetMenu(FakeHost(), None)
    assert sorted(menu.actions) == sorted(preset_names())  # exactly what `ganviz presets` lists
    for name, description in list_presets():
        assert menu.actions[name].toolTip() == description
    sections = [a.text() for a in menu.menu.actions() if a.isSeparator() and a.text()]
    assert sections == list(PRESET_GROUPS)


def test_each_action_applies_its_presets_config(qtbot):
    host = FakeHost()
    menu = PresetMenu(host, None)
    for name in preset_names():
        menu.actions[name].trigger()
        assert host.applied[-1] == load_preset(name), name
    assert len(host.applied) == len(preset_names())
    assert host.speeds == [preset_speed(n) for n in preset_names()]  # the Dirac-GAN in slow motion


def test_in_the_window_a_preset_restarts_the_run_with_its_config_and_the_lesson_tab_shows(qtbot, open_window):
    window = open_window(load_preset("gaussian-1d"))
    file_menu = window.menuBar().actions()[0].menu()
    assert window.presets_menu.menu.menuAction() in file_menu.actions()
    exports = [a.text() for a in file_menu.actions() if "xport" in a.text() and "histories" not in a.text()]
    assert exports == ["&Export view as PNG or SVG…"]  # one entry for images, not two
    lessons = window.lessons.dock
    assert lessons.isVisible() and lessons in window.tabifiedDockWidgets(window.settings_dock)
    window.presets_menu.actions["ring-8"].trigger()
    state = settle(qtbot, window)
    assert json.loads(state.config_json) == json.loads(load_preset("ring-8").to_json())
    assert window.panel.config() == load_preset("ring-8")
    # the views follow the game of the run they draw: a GMN has no discriminator's lines
    window.presets_menu.actions["bimodal-1d-gmn"].trigger()
    wait_frame(qtbot, window, lambda f: json.loads(f.config_json)["method"] == "gmn")
    assert [label.text for _, label in window.losses.legend.items] == ["MMD² (G's loss)"]
