"""Reading the class's CSV files: good files with and without a header, and each bad case refused by line."""

from __future__ import annotations

import numpy as np
import pytest

from ganviz.core import data_file
from ganviz.core.data_file import (
    MAX_ROWS,
    POINTS_MEMBER,
    load_points,
    parse_points,
    points_arrays,
    points_ref,
    read_points,
    restore_points,
    store_points,
)
from ganviz.core.errors import ConfigError


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    """A fresh point store per test."""
    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setattr(data_file, "_CACHE", {})
    return tmp_path / "store"


def refused(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_points(text, "mine.csv")
    assert err.value.key == "mine.csv"
    return err.value.message


@pytest.mark.parametrize(("text", "expected"), [
    ("1.5\n-2\n3e2\n", [[1.5], [-2.0], [300.0]]),
    ("x\n1.5\n-2\n", [[1.5], [-2.0]]),
    ("0.5,1\n2,-3\n", [[0.5, 1.0], [2.0, -3.0]]),
    ("x,y\n0.5,1\n2,-3\n", [[0.5, 1.0], [2.0, -3.0]]),
    ("x; y\r\n0,1\r\n".replace(",", ";") + "2;3\r\n", [[0.0, 1.0], [2.0, 3.0]]),
    ("# my points\n\n1\t2\n\n3\t4\n", [[1.0, 2.0], [3.0, 4.0]]),
])
def test_good_files(text, expected):
    np.testing.assert_array_equal(parse_points(text), np.array(expected))


def test_read_points_from_a_file_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "points.csv"
    path.write_bytes("\ufeffvalue\n1\n2\n4\n".encode())
    np.testing.assert_array_equal(read_points(path), [[1.0], [2.0], [4.0]])


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("\n  \n# only a comment\n", "the file is empty"),
    ("x,y\n", "no data rows"),
    ("1\n", "only 1 data row"),
    ("1\n2\nabc\n", "line 3, column 1: 'abc' is not a number"),
    ("x,y\n1,2\n3,four\n", "line 3, column 2: 'four' is not a number"),
    ("1,2\n3,\n", "line 2, column 2: '' is not a number"),
    ("1\nnan\n", "line 2, column 1: 'nan'; accepted: finite numbers only"),
    ("1,2\n3,inf\n", "line 2, column 2: 'inf'; accepted: finite numbers only"),
    ("1,2,3\n4,5,6\n", "line 1: 3 columns; accepted: one column (1-D) or two (2-D)"),
    ("a,b,c\n", "line 1: 3 columns"),
    ("1,2\n3,4\n5,6,7\n", "line 3: 3 columns, but line 1 has 2"),
    ("1\n2\n3,4\n", "line 3: 2 columns, but line 1 has 1"),
    ("1\n1e9\n", "line 2, column 1: 1e9 is beyond ±1e+06"),
])
def test_bad_text_is_refused_with_the_line(text, message):
    assert message in refused(text)


def test_more_than_a_million_rows_is_refused_at_the_first_extra_line():
    text = "x\n" + "1\n" * (MAX_ROWS + 1)
    assert refused(text) == f"line {MAX_ROWS + 2}: more than 1,000,000 data rows; accepted: at most 1,000,000"


def test_exactly_a_million_rows_is_accepted():
    assert parse_points("0.5\n" * MAX_ROWS).shape == (MAX_ROWS, 1)


def test_binary_and_non_text_files_are_refused(tmp_path):
    png = tmp_path / "picture.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ConfigError, match="picture.csv: .*not a CSV text file"):
        read_points(png)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"1\n2\n\xe9\xe9\n")
    with pytest.raises(ConfigError, match="latin.csv: line 3: not a CSV text file"):
        read_points(latin)
    with pytest.raises(ConfigError, match="missing.csv: cannot be read"):
        read_points(tmp_path / "missing.csv")


def test_store_names_points_by_content_and_loads_them_back(store):
    pts = np.random.default_rng(0).normal(size=(500, 2))
    ref = store_points(pts)
    assert ref == points_ref(pts.copy()) and ref.startswith("sha256:") and len(ref) == 39
    assert store_points(pts) == ref and len(list(store.iterdir())) == 1
    data_file._CACHE.clear()  # as in a fresh process: read from disk
    back = load_points(ref)
    np.testing.assert_array_equal(back, pts)
    assert not back.flags.writeable
    assert points_ref(pts[:, :1]) != ref and points_ref(pts + 1e-12) != ref


@pytest.mark.parametrize("ref", ["", "sha256:xyz", "md5:" + "0" * 32, "sha256:" + "A" * 32, 3])
def test_malformed_names_are_refused(ref):
    with pytest.raises(ConfigError, match="target.data: must name stored points"):
        load_points(ref)


def test_unknown_names_say_how_to_get_the_points_back():
    with pytest.raises(ConfigError, match="no stored points named sha256:0+ .*Load data"):
        load_points("sha256:" + "0" * 32)


@pytest.mark.parametrize("points", [np.zeros((1, 1)), np.zeros((4, 3)), np.array([[0.0], [np.nan]]),
                                    np.array([[0.0], [2e6]])])
def test_store_refuses_points_no_file_could_give(points):
    with pytest.raises(ConfigError, match="target.data"):
        store_points(points)


def test_experiment_files_can_carry_the_points_to_another_machine(store, tmp_path, monkeypatch):
    pts = np.random.default_rng(1).normal(size=(300, 1))
    config = {"target": "samples-1d", "target.data": store_points(pts), "lr_g": 1e-3}
    arrays = points_arrays(config)
    assert list(arrays) == [POINTS_MEMBER] and points_arrays({"target": "ring"}) == {}
    monkeypatch.setenv("GANVIZ_DATA_DIR", str(tmp_path / "elsewhere"))  # a machine that never saw the CSV
    data_file._CACHE.clear()
    with pytest.raises(ConfigError, match="no stored points"):
        load_points(config["target.data"])
    assert restore_points(arrays) == config["target.data"] and restore_points({}) is None
    np.testing.assert_array_equal(load_points(config["target.data"]), pts)
