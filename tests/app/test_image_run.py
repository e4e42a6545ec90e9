"""A digits run in the window: the image page in place of the density views, drawing the trainer's frames,
and the distance plot counting classes."""

import numpy as np

from ganviz.app.views.image_page import pairs_mosaic
from ganviz.core.presets import load_preset
from tests.app.conftest import wait_frame


def test_the_window_trains_the_digits_and_shows_them(qtbot, open_window):
    window = open_window(load_preset("digits").with_changes({"hidden": 8, "log_every": 10}))
    assert window.kind == "image" and window.pages.currentWidget() is window.image_page
    window.send("until", 30)
    window.set_playing(True)
    frame = wait_frame(qtbot, window, lambda f: f.step >= 30 and not f.playing)
    snap = frame.snapshot
    assert snap.kind == "image" and snap.samples.shape == (36, 8, 8)
    np.testing.assert_array_equal(window.image_page.mosaic.image, pairs_mosaic(snap.samples, snap.extra["nearest"]))
    qtbot.waitUntil(lambda: len(window.history.arrays().get("classes", ())) >= 3, timeout=60000)
    window._draw_history()
    assert window.metrics.count == "classes" and "classes" in window.metrics.listed
    assert "fd" in window.metrics.listed
