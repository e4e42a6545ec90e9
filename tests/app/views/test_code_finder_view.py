"""Finding the code of an image: the 8×8 grid drawn on by the mouse or loaded with a training image, the image
sent as 64 pixels, and the trainer's answer drawn beside it with its distance."""

import numpy as np
import pyqtgraph as pg
import pytest
from pyqtgraph.Qt import QtCore
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qt_compat import qt_api
from sklearn.datasets import load_digits

from ganviz.app.session.protocol import Inverted
from ganviz.app.views.code_finder_view import CodeFinderView, stroke
from ganviz.app.views.image_page import ink


@pytest.fixture
def finder(qtbot):
    view = CodeFinderView(ink)
    qtbot.addWidget(view)
    view.resize(600, 220)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_a_stroke_inks_a_pixel_and_half_inks_its_four_neighbours_and_erasing_blanks_it():
    blank = -np.ones((8, 8))
    once = stroke(blank, 0, 3, ink=True)
    want = blank.copy()
    want[0, 3] = 1.0
    want[1, 3] = want[0, 2] = want[0, 4] = 0.0  # the edge of the grid cuts the fourth neighbour off
    np.testing.assert_array_equal(once, want)
    twice = stroke(once, 0, 4, ink=True)
    assert twice[0, 3] == 1.0 and twice[0, 4] == 1.0  # half ink never lowers a pixel already inked
    np.testing.assert_array_equal(stroke(twice, 0, 3, ink=False)[0], [-1, -1, 0, -1, 1, 0, -1, -1])
    np.testing.assert_array_equal(blank, -np.ones((8, 8)))  # the image it started from is left as it was


def test_a_loaded_training_image_is_scikit_learns_digit_scaled_to_minus_one_one(finder):
    data = load_digits()  # scikit-learn's own reader of the same file
    finder.load(1000)
    np.testing.assert_allclose(finder.image, data.images[1000] / 8.0 - 1.0)
    assert f"(a {data.target[1000]})" in finder.note.text() and "1,001" in finder.note.text()
    np.testing.assert_array_equal(finder.drawing.image, ink(finder.image))


def _click(qtbot, finder, row, col, button):
    scene = finder.draw_box.mapViewToScene(QtCore.QPointF(col + 0.5, row + 0.5))
    pos = finder.canvas.mapFromScene(scene)
    qtbot.mouseClick(finder.canvas.viewport(), button, pos=pos)


def test_the_mouse_draws_on_the_grid_left_inks_right_erases(qtbot, finder):
    buttons = qt_api.QtCore.Qt.MouseButton
    np.testing.assert_allclose(finder.image, load_digits().images[0] / 8.0 - 1.0)  # it opens on training image 1
    finder.clear()
    _click(qtbot, finder, 2, 5, buttons.LeftButton)
    assert finder.image[2, 5] == 1.0 and finder.image[3, 5] == 0.0 and finder.image[0, 0] == -1.0
    assert (finder.image > -1).sum() == 5
    _click(qtbot, finder, 2, 5, buttons.RightButton)
    assert finder.image[2, 5] == -1.0 and (finder.image > -1).sum() == 4
    assert "your drawing" in finder.note.text()


def test_it_sends_the_image_and_draws_the_answer_to_it_only(finder):
    sent = []
    finder.requested.connect(sent.append)
    finder.load(7)
    finder.ask()
    assert len(sent) == 1 and np.asarray(sent[0]).shape == (64,)
    np.testing.assert_array_equal(np.asarray(sent[0]).reshape(8, 8), finder.image)
    rng = np.random.default_rng(0)
    other = Inverted(list(rng.uniform(-1, 1, 64)), [0.1, 0.2], list(np.zeros(64)), 3.0)
    assert not finder.show_found(other)  # an answer about another image (or a click's) is left alone
    assert finder.found is None
    g = rng.uniform(-1, 1, 64)
    x = np.asarray(sent[0])
    answer = Inverted(sent[0], [3.0, 4.0], list(g), float(np.linalg.norm(g - x)), 1234)
    assert finder.show_found(answer)
    np.testing.assert_array_equal(finder.result.image, ink(g.reshape(8, 8)))
    text = finder.note.text()
    assert f"{answer.distance:.3g}" in text and f"{answer.distance / 8:.2g} a pixel" in text
    assert "|z| = 5 over 2" in text  # ‖(3, 4)‖
    assert "G at step 1,234" in text  # the answer says which G it is about
    finder.clear()
    assert "as it was when asked" in finder.note.text()  # x changed since: the answer is for the old one


def test_a_drag_inks_the_pixels_under_the_mouse(qtbot, finder):
    buttons = qt_api.QtCore.Qt.MouseButton
    finder.clear()
    limit = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOption("mouseRateLimit", 0)  # pyqtgraph drops moves closer than 1/limit s; a test's come at once

    def at(row, col):
        return finder.canvas.mapFromScene(finder.draw_box.mapViewToScene(QtCore.QPointF(col + 0.5, row + 0.5)))

    try:
        view = finder.canvas.viewport()
        qtbot.mousePress(view, buttons.LeftButton, pos=at(4, 1))
        for col in range(1, 7):  # moves with the button held (QTest's own moves carry no button)
            p = QPointF(at(4, col))
            QApplication.sendEvent(view, QMouseEvent(QEvent.Type.MouseMove, p, QPointF(view.mapToGlobal(p.toPoint())),
                                                     buttons.NoButton, buttons.LeftButton,
                                                     qt_api.QtCore.Qt.KeyboardModifier.NoModifier))
        qtbot.mouseRelease(view, buttons.LeftButton, pos=at(4, 6))
    finally:
        pg.setConfigOption("mouseRateLimit", limit)
    assert (finder.image[4, 2:7] == 1.0).all()  # a stroke along row 4 (its first pixel may fall within the drag's
    # starting threshold)
    assert (finder.image[3, 2:7] >= 0.0).all() and finder.image[0, 0] == -1.0
