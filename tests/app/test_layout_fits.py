"""At a projector's 1024×768, at 1280×720 and on a 1920×1080 screen, the window keeps the size asked for,
and every plot on the 1-D, 2-D, Dirac and image pages shows its axes, title and legend inside its own bounds
(nothing cut off at a right edge)."""

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF

from ganviz.core.presets import load_preset
from tests.app.conftest import wait_frame


def outside(view: pg.GraphicsView) -> list[str]:
    """The parts of the view's plot layout (axes, title, legend, the plot itself) placed beyond the view's
    visible area (1 px of slack)."""
    area = QRectF(view.viewport().rect()).adjusted(-1, -1, 1, 1)
    root = view.centralWidget
    parts = [root] + [root.layout.itemAt(i) for i in range(root.layout.count())] if hasattr(root, "layout") else [root]
    bad = []
    for item in parts:
        if not item.isVisible() or item.geometry().isEmpty():
            continue
        # the room the layout gave it (an axis' bounding box also holds margins for tick labels it may not have)
        rect = item.geometry() if item is root else root.mapRectToScene(item.geometry())
        if not area.contains(rect):
            bad.append(f"{type(view).__name__}: {type(item).__name__} at {rect.getRect()} beyond {area.getRect()}")
    return bad


PAGES = {"bimodal-1d": ("density_1d", "strip", "transform"), "ring-8": ("field_2d", "mode_bars", "density_2d"),
         "dirac-gan": ("dirac.plane", "dirac.data_space", "dirac.distance"),
         "digits": ("image_page.grid_view", "image_page.scores", "image_page.shares")}


def view_named(window, path: str):
    obj = window
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
SLOW = {"digits"}  # a DCGAN window: checked at the two smaller sizes and at 2×, where room is tightest
SMALL = {"digits": {"hidden": 8}}  # the layout does not depend on the channels


@pytest.mark.parametrize("preset,size", [(p, s) for p in sorted(PAGES) for s in SIZES
                                         if p not in SLOW or s != SIZES[-1]])
def test_each_page_fits_its_plots_at_a_projectors_sizes(qtbot, open_window, preset, size):
    window = open_window(load_preset(preset).with_changes(SMALL.get(preset, {})))
    window.resize(*size)
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.snapshot.step > 0)  # drawn from a trained state, at the new size
    qtbot.waitUntil(lambda: window.size().toTuple() == size)  # not widened by the plots' minimum sizes
    views = [view_named(window, name) for name in (*PAGES[preset], "losses", "metrics")]
    assert all(v.isVisible() for v in views)
    problems = [p for v in views for p in outside(v)]
    assert not problems, "\n".join(problems)
    right = window.view_area().mapTo(window, window.view_area().rect().topRight()).x()
    assert right < window.width()  # the plot column ends inside the window


@pytest.mark.parametrize("preset,scale", [(p, f) for p in sorted(PAGES) for f in (2.0, 3.0)
                                          if p not in SLOW or f == 2.0])
def test_presentation_mode_keeps_every_plot_shown_inside_its_view(qtbot, open_window, preset, scale):
    window = open_window(load_preset(preset).with_changes(SMALL.get(preset, {})))
    window.showFullScreen = lambda: window.resize(1024, 768)  # a projector's full screen (offscreen has none)
    window.presentation.set_scale(scale)
    window.presentation.enter()
    window.set_playing(True)
    wait_frame(qtbot, window, lambda f: f.snapshot.step > 0)  # drawn at the new scale
    qtbot.waitUntil(lambda: window.size().toTuple() == (1024, 768))
    views = [view_named(window, name) for name in (*PAGES[preset], "losses", "metrics")]

    def problems() -> list[str]:
        return [p for v in views if v.isVisible() for p in outside(v)]

    try:
        qtbot.waitUntil(lambda: views[0].isVisible() and not problems())  # the page's own picture always stays
    except qtbot.TimeoutError:
        shown = [n for n, v in zip((*PAGES[preset], "losses", "metrics"), views, strict=True) if v.isVisible()]
        pytest.fail(f"{shown} at {scale}×:\n" + "\n".join(problems()))
    window.presentation.leave()
    assert all(v.isVisible() for v in views)  # leaving shows every pane again
