"""Own data in the app: File → Load data… (good and bad files) and drawing a target with the mouse."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt

from ganviz.app import draw_target
from ganviz.app.draw_target import BINS_1D, POINTS_1D, Drawing, load_data
from ganviz.app.window import MainWindow
from ganviz.core import data_file
from ganviz.core.data_file import load_points
from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.targets import make_target


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setattr(data_file, "_CACHE", {})


@pytest.fixture
def make_window(qtbot, tmp_path):
    """A real window whose trainer commands are recorded instead of sent (no run is needed here)."""
    windows = []

    def make(preset: str) -> MainWindow:
        w = MainWindow(load_preset(preset).with_changes({"hidden": 16}),
                       QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
        w.sent = []
        w.client.send = lambda *c: w.sent.append(c) or True
        w.resize(1200, 800)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        del w.client.send  # the real send again, so that closing can tell the children to quit
        w.close()


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(draw_target.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def test_loading_a_good_csv_makes_it_the_target(make_window, tmp_path, warnings):
    w = make_window("bimodal-1d")
    path = tmp_path / "heights.csv"
    rng = np.random.default_rng(0)
    values = rng.normal(170, 8, 500)
    path.write_text("height\n" + "\n".join(f"{v:.17g}" for v in values) + "\n")
    assert load_data(w, path) and warnings == []
    assert w.config.target == "samples-1d" and w.panel.config() == w.config
    np.testing.assert_array_equal(load_points(w.config.target_params["data"])[:, 0], values)
    assert w.sent[-1][0] == "reset" and '"target": "samples-1d"' in w.sent[-1][1]
    target = make_target(w.config.target, w.config.target_params)
    assert w.statusBar().currentMessage() == f"loaded heights.csv: 500 points, kernel bandwidth h = " \
                                             f"{target.bandwidth:.3g} (Scott's rule)"
    assert "target.bandwidth" in w.panel.keys()  # shown and settable in the Settings dock


def test_two_columns_make_a_2d_target(make_window, tmp_path, warnings):
    w = make_window("bimodal-1d")
    path = tmp_path / "xy.csv"
    path.write_text("0,0\n1,1\n2,0.5\n")
    assert load_data(w, path)
    assert w.config.target == "samples-2d" and w.config.dim == 2


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00", "bad.csv: line 1: not a CSV text file"),
    (b"x\n1\nabc\n", "bad.csv: line 3, column 1: 'abc' is not a number"),
    (b"1\nnan\n", "bad.csv: line 2, column 1: 'nan'; accepted: finite numbers only"),
    (b"1,2,3\n", "bad.csv: line 1: 3 columns; accepted: one column (1-D) or two (2-D)"),
    (b"", "bad.csv: the file is empty"),
])
def test_a_bad_file_is_refused_and_the_experiment_is_untouched(make_window, tmp_path, warnings, content, message):
    w = make_window("bimodal-1d")
    before, sent = w.config, list(w.sent)
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert not load_data(w, path)
    assert len(warnings) == 1 and warnings[0].startswith(message)
    assert w.config == before and w.panel.config() == before and w.sent == sent


def test_a_million_and_one_rows_are_refused(make_window, tmp_path, warnings):
    w = make_window("bimodal-1d")
    before = w.config
    path = tmp_path / "big.csv"
    path.write_text("1\n" * 1_000_001)
    assert not load_data(w, path)
    assert warnings == ["big.csv: line 1000001: more than 1,000,000 data rows; accepted: at most 1,000,000"]
    assert w.config == before


def test_a_drawn_step_density_keeps_its_proportions():
    d = Drawing(1, (0.0, 4.0))
    d.press(0.0, 3.0)
    d.move(2.0, 3.0)  # fast stroke: the bins in between are filled
    d.press(2.0, 1.0)
    d.move(4.0, 1.0)
    d.release()
    x, y = d.curve()
    assert np.isfinite(y).all()
    points, bandwidth = d.result()
    assert points.shape == (POINTS_1D, 1) and bandwidth == pytest.approx(1.5 * 4.0 / BINS_1D)
    assert np.mean(points[:, 0] < 2.0) == pytest.approx(0.75, abs=0.01)


def test_drawing_below_the_axis_counts_as_zero_and_empty_drawings_are_explained():
    d = Drawing(1, (0.0, 1.0))
    with pytest.raises(ConfigError, match="drag across the density view"):
        d.result()
    d.press(0.0, -5.0)
    d.move(1.0, -5.0)
    with pytest.raises(ConfigError, match="zero everywhere"):
        d.result()
    d2 = Drawing(2, (0.0, 10.0))
    d2.press(1.0, 1.0)
    d2.move(1.01, 1.0)  # closer than 1 % of the width: no new point
    with pytest.raises(ConfigError, match="place at least 2 points"):
        d2.result()
    d2.move(2.0, 2.0)
    assert d2.result()[0].tolist() == [[1.0, 1.0], [2.0, 2.0]]


def drag(qtbot, viewport, points):
    qtbot.mousePress(viewport, Qt.LeftButton, pos=points[0])
    for p in points[1:]:
        qtbot.mouseMove(viewport, p)
    qtbot.mouseRelease(viewport, Qt.LeftButton, pos=points[-1])


def test_drawing_with_the_mouse_on_the_density_view(make_window, qtbot):
    w = make_window("bimodal-1d")
    w.draw_tool.start()
    assert w.draw_tool.active and w.draw_tool.bar.isVisible()
    vp = w.density_1d.viewport()
    h, width = vp.height(), vp.width()
    drag(qtbot, vp, [QPoint(int(width * f), int(h * 0.4)) for f in np.linspace(0.2, 0.8, 25)])
    x, y = w.draw_tool.drawing.curve()
    assert np.isfinite(y).sum() > BINS_1D // 3 and np.all(y[np.isfinite(y)] > 0)
    assert w.draw_tool.use()
    assert w.config.target == "samples-1d" and not w.draw_tool.active
    assert w.statusBar().currentMessage().startswith(f"drawn target: {POINTS_1D:,} points")
    assert w.density_1d.plotItem.vb.state["mouseEnabled"] == [True, True]  # pan and zoom are back


def test_placing_points_on_the_field_and_cancelling(make_window, qtbot):
    w = make_window("ring-8")
    assert w.kind == "2d"
    w.draw_tool.start()
    vp = w.field_2d.viewport()
    for fx, fy in ((0.3, 0.3), (0.5, 0.6), (0.7, 0.4)):
        qtbot.mouseClick(vp, Qt.LeftButton, pos=QPoint(int(vp.width() * fx), int(vp.height() * fy)))
    assert len(w.draw_tool.drawing.points) == 3
    before = w.config
    w.draw_tool.stop()  # Cancel: nothing changes
    assert w.config == before and not w.draw_tool.active
    w.draw_tool.start()
    drag(qtbot, vp, [QPoint(int(vp.width() * f), int(vp.height() * 0.5)) for f in np.linspace(0.3, 0.7, 30)])
    assert w.draw_tool.use() and w.config.target == "samples-2d"
    assert len(load_points(w.config.target_params["data"])) >= 10
