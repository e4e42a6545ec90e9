"""The Qt-free parts of the controls: grouping table, relevance rules, slider scale."""

import math

import pytest

from ganviz.app.controls.groups import GROUPS, OTHER, TARGET_PARAMS, group_keys
from ganviz.app.controls.relevance import RULES, inactive_reason
from ganviz.app.controls.scale import SliderScale, format_number
from ganviz.core.config import base_specs, default_config, key_specs


def test_tables_name_only_real_keys():
    known = set(base_specs())
    listed = {k for _, keys in GROUPS for k in keys if k != TARGET_PARAMS}
    ruled = {k for keys, _, _ in RULES for k in keys}
    assert listed <= known and ruled <= known


def test_every_key_lands_in_a_group_and_unknown_ones_in_other():
    keys = list(key_specs(default_config())) + ["future_key"]
    groups = group_keys(keys)
    flat = [k for _, ks in groups for k in ks]
    assert sorted(flat) == sorted(keys)
    assert groups[-1] == (OTHER, ["future_key"])
    data = dict(groups)["Data"]
    assert data[0] == "target" and data[1].startswith("target.") and data[-1] == "latent_dim"


def test_relevance_follows_method_target_and_optimizers():
    gan = default_config()
    gmn = gan.with_changes({"method": "gmn"})
    for key in ("loss", "clip", "regularizer", "d_steps", "lr_d", "optimizer_d", "mmd_estimator"):
        assert (inactive_reason(key, gan) is None) != (inactive_reason(key, gmn) is None) or key == "clip"
    assert inactive_reason("mmd_estimator", gan) and inactive_reason("mmd_estimator", gmn) is None
    assert inactive_reason("lr_g", gmn) is None
    sgd = gan.with_changes({"optimizer_g": "sgd"})
    assert inactive_reason("momentum", gan) and inactive_reason("momentum", sgd) is None
    assert inactive_reason("beta1", sgd) is None  # D still uses adam
    assert inactive_reason("beta1", sgd.with_changes({"optimizer_d": "sgd"}))
    ring = gan.with_changes({"target": "ring"})
    assert inactive_reason("kde_bandwidth", gan) and inactive_reason("kde_bandwidth", ring) is None
    assert inactive_reason("kde_bandwidth", gan.with_changes({"discriminator": "oracle"})) is None
    dirac = gan.with_changes({"target": "dirac"})
    assert inactive_reason("dirac.theta0", gan) and inactive_reason("dirac.theta0", dirac) is None
    assert inactive_reason("hidden_g", dirac) and inactive_reason("hidden_g", gan) is None


@pytest.mark.parametrize("lo, hi, log", [(1e-7, 1e4, True), (0.005, 1.0, True), (-10, 10, False), (0, 0.9999, False)])
def test_slider_scale_ends_are_exact_and_positions_round_trip(lo, hi, log):
    scale = SliderScale(lo, hi, log)
    assert scale.to_value(0) == lo and scale.to_value(scale.steps) == hi
    for position in range(scale.steps + 1):
        value = scale.to_value(position)
        assert lo <= value <= hi
        assert scale.to_position(value) == position


def test_format_number_parses_back():
    for v in (1e-7, 3e-4, 0.001, 2.0, -0.0, 0.9999, 1e4, 0.123456789):
        assert float(format_number(v)) == v
    assert format_number(2.0) == "2" and format_number(-0.0) == "0"
    assert not math.isnan(float(format_number(1e-300)))
