"""Export: PNG and SVG files of real views (the SVG parses and keeps its curves), histories as CSV."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from ganviz.app import export
from ganviz.app.export import context_menu, export_view, history_columns, write_history_csv
from ganviz.app.history import HistoryBuffer
from ganviz.app.views.density_1d import Density1DView
from ganviz.app.views.dirac_plane import DiracPlane
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def snapshot():
    tr = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 16}))
    tr.train(20)
    return tr.snapshot()


@pytest.fixture
def density(qtbot, snapshot):
    view = Density1DView()
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    view.update(snapshot)
    return view


def test_png_of_a_plot_has_the_views_size(density, tmp_path):
    path = export_view(density, tmp_path / "d.png")
    with Image.open(path) as png:
        assert png.size[0] == density.width() and png.size[1] == pytest.approx(density.height(), abs=1)
        assert len(set(png.convert("RGB").get_flattened_data())) > 10  # drawn, not blank
    with Image.open(export_view(density, tmp_path / "d2.png", scale=2)) as big:
        assert big.size[0] == 2 * density.width()


def test_svg_of_a_plot_parses_and_keeps_curves_and_labels(density, tmp_path):
    root = ET.parse(export_view(density, tmp_path / "d.svg")).getroot()
    assert root.tag == SVG + "svg"
    paths = root.findall(f".//{SVG}path") + root.findall(f".//{SVG}polyline")
    assert len(paths) >= 4  # the densities, D, D* and the axes are vector paths
    text = " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))
    assert "x" in text and "D(x)" in text


def test_composite_widgets_export_too(qtbot, tmp_path):
    plane = DiracPlane()
    qtbot.addWidget(plane)
    plane.resize(700, 400)
    plane.show()
    root = ET.parse(export_view(plane, tmp_path / "p.svg")).getroot()
    assert root.tag == SVG + "svg" and root.get("width") is not None
    with Image.open(export_view(plane, tmp_path / "p.png")) as png:
        assert png.size == (700, 400)


def test_other_suffixes_are_refused(density, tmp_path):
    with pytest.raises(ValueError, match="d.jpg: export as .png or .svg"):
        export_view(density, tmp_path / "d.jpg")


def test_history_csv_has_one_column_per_series_and_one_row_per_record(tmp_path):
    hist = HistoryBuffer()
    rng = np.random.default_rng(0)
    for step in range(0, 1000, 100):
        row = {"step": step, "loss_d": rng.normal(), "loss_g": rng.normal()}
        if step >= 500:
            row["jsd"] = abs(rng.normal())  # a series that starts later: NaN before
        hist.append(row)
    arrays = hist.arrays()
    path = tmp_path / "h.csv"
    assert write_history_csv(arrays, path) == 10
    with path.open() as f:
        rows = list(csv.reader(f))
    assert rows[0] == history_columns(arrays) == ["step", "jsd", "loss_d", "loss_g"]
    assert len(rows) == 11 and [r[0] for r in rows[1:]] == [str(s) for s in range(0, 1000, 100)]
    for i, row in enumerate(rows[1:]):
        for name, cell in zip(rows[0][1:], row[1:], strict=True):
            want = arrays[name][i]
            assert cell == "" if np.isnan(want) else float(cell) == want  # exact: repr round-trips


def test_the_right_click_menu_exports_through_a_file_dialog(density, tmp_path, monkeypatch):
    target = tmp_path / "chosen"
    monkeypatch.setattr(export.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(export.QMessageBox, "warning", lambda *a: pytest.fail(f"export failed: {a[2]}"))
    menu = context_menu(density, "Density view")
    labels = [a.text() for a in menu.actions()]
    assert labels == ["Export as PNG…", "Export as SVG…"]
    menu.actions()[1].trigger()
    ET.parse(tmp_path / "chosen.svg")  # the suffix of the chosen action was added


def test_the_image_page_exports_whole_and_by_picture(qtbot, tmp_path):
    from ganviz.app.views.image_page import CREAM, ImagePage

    tr = Trainer(load_preset("digits").with_changes({"hidden": 8}))
    tr.train(3)
    page = ImagePage()
    qtbot.addWidget(page)
    page.resize(700, 800)
    page.show()
    page.update(tr.snapshot())
    views = export.window_views(SimpleNamespace(view_area=lambda: page, views=lambda: {"image_page": page}))
    assert views["Image page"] is page and views["Samples beside nearest images"] is page.grid_view
    with Image.open(export_view(views["Samples beside nearest images"], tmp_path / "grid.png")) as png:
        colours = set(png.convert("RGB").get_flattened_data())
    assert tuple(int(c) for c in CREAM) in colours  # the training images' paper: the mosaic itself was drawn
    root = ET.parse(export_view(views["Image page"], tmp_path / "page.svg")).getroot()
    text = " ".join("".join(t.itertext()) for t in root.iter(SVG + "text"))
    assert "D(x)" in text and "digit" in text and "Latent walk" in text
    with Image.open(export_view(views["D's score"], tmp_path / "scores.png")) as png:
        assert png.size[0] == page.scores.width()


def test_the_windows_views_get_menus_but_the_image_pages_drawing_grid_keeps_its_right_button(qtbot, tmp_path):
    from PySide6.QtCore import QSettings, Qt

    from ganviz.app.window import MainWindow

    window = MainWindow(load_preset("digits").with_changes({"hidden": 8}),
                        QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window)
    page = window.image_page
    for widget in (page.grid_view, page.scores, page.shares, page.walk, window.losses):
        assert widget.contextMenuPolicy() == Qt.CustomContextMenu
    for widget in (page, page.finder, page.finder.canvas):  # a right click there erases, it opens no menu
        assert widget.contextMenuPolicy() != Qt.CustomContextMenu
    window.close()
