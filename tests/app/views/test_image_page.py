"""The image page draws the snapshot's numbers: each sample beside its nearest training image, D's scores as
histograms, the class shares as bars."""

import numpy as np

from ganviz.app.views.image_page import BINS, CELL_GAP, CREAM, GAP, PAPER, ImagePage, ink, pairs_mosaic
from ganviz.core.config import from_dict
from ganviz.core.trainer import Trainer


def test_the_mosaic_puts_each_sample_beside_its_neighbour_ink_on_paper():
    rng = np.random.default_rng(0)
    samples, nearest = rng.uniform(-1, 1, (7, 8, 8)), rng.uniform(-1, 1, (7, 8, 8))
    picture = pairs_mosaic(samples, nearest, columns=3)
    assert picture.shape == (3 * 8 + 2 * CELL_GAP, 3 * (16 + GAP) + 2 * CELL_GAP, 3)
    # cell 4: second row, second column
    top, left = 8 + CELL_GAP, 16 + GAP + CELL_GAP
    np.testing.assert_array_equal(picture[top:top + 8, left:left + 8], ink(samples[4]))
    np.testing.assert_array_equal(picture[top:top + 8, left + 8 + GAP:left + 16 + GAP], ink(nearest[4], CREAM))
    # blank paper white (a training image's cream), full ink black, half ink half way
    assert ink(np.array([-1.0, 1.0, 0.0])).tolist() == [[255, 255, 255], [0, 0, 0], [128, 128, 128]]
    assert ink(np.array([-1.0]), CREAM).tolist() == [[255, 236, 190]]
    assert (picture[-1, -1] == PAPER).all()  # the empty eighth and ninth cells are paper


def test_the_page_draws_a_real_runs_snapshot(qtbot):
    tr = Trainer(from_dict({"target": "digits", "hidden": 16, "latent": "normal", "latent_dim": 4}))
    tr.train(3)
    snap = tr.snapshot()
    page = ImagePage()
    qtbot.addWidget(page)
    page.resize(700, 700)
    page.show()
    page.update(snap)
    np.testing.assert_array_equal(page.mosaic.image, pairs_mosaic(snap.samples, snap.extra["nearest"]))
    for item, key in ((page.real_hist, "d_real"), (page.fake_hist, "d_fake")):
        x, y = item.xData, item.yData
        np.testing.assert_array_equal(x, BINS)
        np.testing.assert_array_equal(y, np.histogram(snap.extra[key], bins=BINS)[0])
    np.testing.assert_allclose(page.bars.opts["height"], 100 * snap.extra["class_share"])
    assert page.shares.getPlotItem().getAxis("left").labelText == "% of 1,000 images"  # headless: 1,000 latents
    view = tr.snapshot(view=True)  # the app's frames read the first 256 of them
    assert view.extra["class_images"] == 256 and view.extra["d_fake"].shape == (256,)
    page.update(view)
    assert page.shares.getPlotItem().getAxis("left").labelText == "% of 256 images"
    assert f"{np.median(snap.extra['nearest_dist']):.2f}" in page.grid_title.text()


def test_a_click_on_two_samples_asks_for_their_walk_and_draws_it(qtbot):
    from types import SimpleNamespace

    from pyqtgraph.Qt import QtCore

    tr = Trainer(from_dict({"target": "digits", "hidden": 16, "latent": "normal", "latent_dim": 4}))
    page = ImagePage()
    qtbot.addWidget(page)
    page.resize(700, 800)
    page.show()
    page.update(tr.snapshot())
    asked = []
    page.walk.requested.connect(lambda *args: asked.append(args))
    # a click inside the neighbour of sample 8 (row 1, column 2) picks sample 8; between cells, nothing
    assert page.sample_at(2 * (16 + GAP + CELL_GAP) + 12, 8 + CELL_GAP + 3) == 8
    assert page.sample_at(16 + GAP + 1, 2) is None
    for sample in (8, 30):
        cell = QtCore.QPointF((sample % 6) * (16 + GAP + CELL_GAP) + 3, (sample // 6) * (8 + CELL_GAP) + 3)
        canvas = page.grid_view
        qtbot.mouseClick(canvas.viewport(), QtCore.Qt.MouseButton.LeftButton,
                         pos=canvas.mapFromScene(page.box.mapViewToScene(cell)))
    assert asked == [(8, 30, "spherical", 10)]
    images = np.random.default_rng(0).uniform(-1, 1, (10, 8, 8))
    page.walk.show_walk(SimpleNamespace(ends=(8, 30), mode="spherical", images=images, step=0))
    strip = page.walk.strip.image
    assert strip.shape == (8, 10 * 9, 3)
    np.testing.assert_array_equal(strip[:, 9 * 3:9 * 3 + 8], ink(images[3]))
    first = page.walk.frame
    qtbot.waitUntil(lambda: page.walk.frame != first, timeout=10000)  # animated
    np.testing.assert_array_equal(page.walk.big.image, ink(images[page.walk.frame]))
    page.walk.show_walk(SimpleNamespace(ends=(8, 31), mode="spherical", images=images * 0, step=0))
    np.testing.assert_array_equal(page.walk.strip.image, strip)  # an answer for other ends is dropped
