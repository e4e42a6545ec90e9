"""View → Inside the networks: shown (in place of the main views), the frames carry the players' pictures
and the page draws them as the core computes them for the same run; hidden, the trainer stops sending them."""

import numpy as np

from ganviz.core.neurons import players_maps
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer
from tests.app.conftest import settle, wait_frame


def test_shown_the_page_draws_the_runs_units_and_hidden_they_stop(qtbot, open_window):
    config = load_preset("ring-8").with_changes({"hidden": 16})
    window = open_window(config)
    part = window.networks
    assert window.view_switches()["networks"] is part.action
    views_width, plots_width = window.pages.width(), window.plots_column.width()
    part.action.trigger()  # as a click on View → Inside the networks
    assert part.page.isVisible() and window.pages.isHidden()  # in place of the main views, in their room
    qtbot.waitUntil(lambda: abs(part.page.width() - views_width) <= 1, timeout=10000)
    assert window.plots_column.width() == plots_width
    qtbot.waitUntil(lambda: bool(part.view.maps), timeout=120000)
    state = settle(qtbot, window)
    assert state.step == 0 and not state.playing
    expected, _ = players_maps(Trainer(config), part.units.value())  # the same run, headless, at step 0
    for player in ("G", "D"):
        for column, maps in zip(part.view.shown_units(player)[1:-1], expected[player].layers, strict=True):
            assert len(column) == len(maps.activations)
            for drawn, want in zip(column, maps.activations, strict=True):
                np.testing.assert_allclose(drawn, want, rtol=1e-5, atol=1e-6)
    part.units.setValue(3)  # fewer units per layer: the next frame has them
    qtbot.waitUntil(lambda: [len(c) for c in part.view.shown_units("D")] == [2, 3, 3, 1], timeout=60000)
    part.action.trigger()  # hidden: no more pictures
    assert not part.page.isVisible() and not window.pages.isHidden()
    qtbot.waitUntil(lambda: abs(window.pages.width() - views_width) <= 1, timeout=10000)
    before = settle(qtbot, window).step
    window.send("step", "both")
    frame = wait_frame(qtbot, window, lambda f: f.step == before + 1)
    assert frame.neurons is None
