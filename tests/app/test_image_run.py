"""A digits run in the window: the image page in place of the density views, drawing the trainer's frames, a
latent walk between two samples as the core computes it, the code of a training image found as the core finds it,
and the distance plot counting classes."""

import numpy as np
import pytest

from ganviz.app.views.image_page import pairs_mosaic
from ganviz.core import latent_walk
from ganviz.core.inversion import invert
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer
from tests.app.conftest import wait_frame


def test_the_window_trains_the_digits_and_shows_them(qtbot, open_window):
    config = load_preset("digits").with_changes({"hidden": 8, "log_every": 10})
    window = open_window(config)
    assert window.kind == "image" and window.pages.currentWidget() is window.image_page
    window.send("until", 30)
    window.set_playing(True)
    frame = wait_frame(qtbot, window, lambda f: f.step >= 30 and not f.playing)
    snap = frame.snapshot
    assert snap.kind == "image" and snap.samples.shape == (36, 8, 8)
    np.testing.assert_array_equal(window.image_page.mosaic.image, pairs_mosaic(snap.samples, snap.extra["nearest"]))
    walk = window.image_page.walk
    walk.choose(8)
    walk.choose(30)  # as two clicks on the grid: the trainer walks its G between the two fixed latents
    qtbot.waitUntil(lambda: walk.images is not None, timeout=60000)
    headless = Trainer(config)
    headless.train(30)
    z = headless.evaluator.z_grid.double().numpy()
    want = latent_walk.walk(headless.G, z[8], z[30], 10, "spherical").reshape(10, 8, 8)
    np.testing.assert_allclose(walk.images, want, rtol=1e-5, atol=1e-6)
    finder = window.image_page.finder
    finder.load(7)
    finder.ask()  # the Find z button: the trainer inverts its G at step 30 from its own starts
    qtbot.waitUntil(lambda: finder.found is not None, timeout=60000)
    same = invert(headless.G, finder.asked.ravel(), config.latent, config.latent_dim)
    np.testing.assert_allclose(finder.found.z, same.z, rtol=1e-4, atol=1e-5)
    assert finder.found.distance == pytest.approx(same.distance, rel=1e-4)
    assert f"{same.distance:.3g}" in finder.note.text() and finder.found.step == 30
    qtbot.waitUntil(lambda: len(window.history.arrays().get("classes", ())) >= 3, timeout=60000)
    window._draw_history()
    assert window.metrics.count == "classes" and "classes" in window.metrics.listed
    assert "fd" in window.metrics.listed
