"""Parsing and spacing of the swept axes, and the messages for bad ones."""

import numpy as np
import pytest

from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.sweep import parse_axis

BASE = load_preset("bimodal-1d")


def test_log_axis_is_geometric_with_exact_ends():
    axis = parse_axis(BASE, "lr_g=1e-4..1e-1:4:log")
    np.testing.assert_allclose(axis.values, [1e-4, 1e-3, 1e-2, 1e-1], rtol=1e-12)
    assert (axis.key, axis.n, axis.log) == ("lr_g", 4, True)


def test_linear_axis_and_integer_keys_round():
    np.testing.assert_allclose(parse_axis(BASE, "beta1=0..0.9:4").values, [0.0, 0.3, 0.6, 0.9])
    hidden = parse_axis(BASE, "hidden=8..64:3").values
    assert hidden.dtype.kind == "i" and hidden.tolist() == [8, 36, 64]


def test_one_value_and_target_parameters():
    assert parse_axis(BASE, "lr_d=0.003..0.003:1").values.tolist() == [0.003]
    assert parse_axis(BASE, "target.std=0.5..1.5:3").values.tolist() == [0.5, 1.0, 1.5]


@pytest.mark.parametrize("text, words", [
    ("lr_g=1..2", "expected KEY=LO..HI:N[:log]"),
    ("nope=1..2:3", "unknown key 'nope'"),
    ("loss=1..2:3", "loss is not a number"),
    ("lr_g=1e-4..1e-1:0", "N must be a whole number ≥ 1"),
    ("lr_g=1e-4..1e-1:two", "N must be a whole number ≥ 1"),
    ("lr_g=0..1e-1:4:log", "log spacing needs LO and HI > 0"),
    ("lr_g=1e-4..1e-1:4:lin", "the optional last part must be 'log'"),
    ("lr_g=x..1:4", "LO must be a number"),
    ("lr_g=1e-9..1e-1:4:log", "lr_g must be a number in [1e-07, 10000]"),
])
def test_bad_axes_name_the_option_and_what_is_accepted(text, words):
    with pytest.raises(ConfigError) as e:
        parse_axis(BASE, text, "--y")
    assert e.value.key == "--y" and words in str(e.value)
