"""The palette's axis labels: a label longer than its axis gives way to its short form."""

import pyqtgraph as pg

from ganviz.app.views import palette


def _label_span(axis: pg.AxisItem) -> tuple[float, float]:
    """Where the label's text lies along a bottom axis, in the axis' coordinates."""
    left = axis.label.pos().x()
    return left, left + axis.label.boundingRect().width()


def test_a_long_label_gives_way_when_its_axis_is_too_short_and_comes_back(qtbot):
    view = pg.PlotWidget()
    qtbot.addWidget(view)
    long, short = "θ (the generator's point in the plane)", "θ"
    palette.label(view.plotItem, "bottom", long, short=short)
    axis = view.plotItem.getAxis("bottom")
    view.resize(220, 200)
    view.show()
    qtbot.waitUntil(lambda: axis.labelText == short)
    assert axis.label.boundingRect().width() <= axis.width()
    view.resize(900, 200)
    qtbot.waitUntil(lambda: axis.labelText == long)
    left, right = _label_span(axis)
    assert 0 <= left and right <= axis.width()  # centred on the axis, not left where the short one stood
    assert abs((left + right) / 2 - axis.width() / 2) <= 2


def test_a_label_without_a_short_form_is_kept(qtbot):
    view = pg.PlotWidget()
    qtbot.addWidget(view)
    palette.label(view.plotItem, "left", "a label longer than any axis this small plot has")
    view.resize(150, 120)
    view.show()
    qtbot.waitExposed(view)
    assert view.plotItem.getAxis("left").labelText == "a label longer than any axis this small plot has"
