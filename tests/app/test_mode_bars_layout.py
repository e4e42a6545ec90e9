"""The mode bars take their place before the first frame, so that frame does not lay the page out anew."""

from PySide6.QtCore import QSettings

from ganviz.app.window import MainWindow
from ganviz.core.presets import load_preset


def test_mode_bars_are_placed_from_the_config_before_any_frame(qtbot, settings_path):
    ring = MainWindow(load_preset("ring-8"), QSettings(str(settings_path), QSettings.IniFormat))
    qtbot.addWidget(ring)
    try:
        assert ring.last_frame is None and not ring.mode_bars.isHidden()  # ring-8 has 8 modes
        ring.apply_config(load_preset("ring-8").with_changes({"target": "correlated-gaussian"}))
        assert ring.mode_bars.isHidden()  # one correlated Gaussian: no modes to count
    finally:
        ring.close()
