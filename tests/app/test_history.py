"""HistoryBuffer: bounded, evenly thinned, aligned columns."""

import numpy as np
import pytest

from ganviz.app.history import HistoryBuffer


def test_a_million_rows_stay_bounded_and_evenly_spaced():
    buf = HistoryBuffer(max_points=4000)
    for i in range(1_000_000):
        buf.append({"step": i, "loss": 1.0})
        assert len(buf) <= 4000 if i % 50_000 == 0 else True
    steps = buf.arrays()["step"]
    assert len(steps) <= 4000 and len(buf) == len(steps)
    assert steps[0] == 0 and steps[-1] == 999_999
    gaps = np.diff(steps)[:-1]  # the newest row may sit closer to the one before it
    assert gaps.min() > 0 and gaps.max() <= 2 * gaps.min()
    assert len(steps) > 4000 // 2 - 10  # thinning halves, not more


def test_every_row_kept_until_full_then_first_and_newest_survive():
    buf = HistoryBuffer(max_points=10)
    for i in range(10):
        buf.append({"step": i})
    np.testing.assert_array_equal(buf.arrays()["step"], np.arange(10))
    for i in range(10, 37):
        buf.append({"step": i})
        steps = buf.arrays()["step"]
        assert steps[0] == 0 and steps[-1] == i and len(steps) <= 10
        assert np.all(np.diff(steps) > 0)


def test_columns_stay_aligned_when_keys_come_and_go():
    buf = HistoryBuffer()
    buf.append({"step": 0, "loss": 1.0})
    buf.append({"step": 1, "loss": 0.5, "modes": 3.0})
    buf.append({"step": 2})
    out = buf.arrays()
    np.testing.assert_array_equal(out["step"], [0, 1, 2])
    np.testing.assert_array_equal(out["loss"], [1.0, 0.5, np.nan])
    np.testing.assert_array_equal(out["modes"], [np.nan, 3.0, np.nan])
    out["loss"][0] = 99.0
    assert buf.arrays()["loss"][0] == 1.0  # arrays() hands out copies


def test_clear_starts_over():
    buf = HistoryBuffer(max_points=5)
    for i in range(100):
        buf.append({"step": i})
    buf.clear()
    assert len(buf) == 0 and buf.arrays() == {}
    for i in range(5):
        buf.append({"step": i})
    np.testing.assert_array_equal(buf.arrays()["step"], np.arange(5))  # the stride was reset too
    with pytest.raises(ValueError):
        HistoryBuffer(max_points=2)


def test_version_changes_exactly_when_the_rows_do():
    buf = HistoryBuffer(max_points=3)
    seen = {buf.version}
    for i in range(10):  # past max_points, so thinning happens too
        before = buf.version
        buf.arrays()
        assert buf.version == before  # reading changes nothing
        buf.append({"step": i})
        assert buf.version not in seen
        seen.add(buf.version)
    buf.clear()
    assert buf.version not in seen
