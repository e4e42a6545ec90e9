"""make_target: defaults, validation and the ConfigError keys it raises."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ganviz.core.errors import ConfigError
from ganviz.core.targets import TARGETS, ParamSpec, Target, Target1D, make_target, target_names


def raises_key(key, name, params=None):
    with pytest.raises(ConfigError) as err:
        make_target(name, params)
    assert err.value.key == key
    return err.value.message


def test_every_target_is_well_formed():
    assert target_names() == list(TARGETS)
    for name, cls in TARGETS.items():
        assert cls.name == name and cls.summary and issubclass(cls, Target)
        assert cls.dim in (1, 2) or (cls.image and cls.dim == 64)  # the 8×8 digits
        assert (cls.dim == 1) == issubclass(cls, Target1D)
        for spec in cls.PARAMS.values():
            assert isinstance(spec, ParamSpec) and spec.help
            defaults = list(spec.default) if spec.many else [spec.default]
            assert all(spec.lo <= v <= spec.hi for v in defaults)
            assert not spec.log or spec.lo > 0
            assert not spec.integer or all(float(v).is_integer() for v in defaults)
        t = make_target(name)
        assert t.params == {k: list(s.default) if s.many else s.default for k, s in cls.PARAMS.items()}
        for k, spec in cls.PARAMS.items():
            assert type(t.params[k]) is (list if spec.many else int if spec.integer else float)
        assert len(t.bounds) == t.dim and all(lo < hi for lo, hi in t.bounds)
        if cls.image:  # a pixel that is blank in every image has no spread
            assert np.all(t.std >= 0) and np.all(np.isfinite(t.mean))
        else:
            assert np.all(t.std > 0 if name != "dirac" else t.std == 0) and np.all(np.isfinite(t.mean))


def test_defaults_named_in_the_brief():
    assert make_target("bimodal").params == {"weight": 0.5, "mu1": -2.0, "mu2": 2.0, "std": 0.5}
    assert make_target("gaussian").params == {"mean": 4.0, "std": 1.25}
    assert make_target("discrete").params == {"n": 10, "p": 0.3} and make_target("discrete").discrete
    assert make_target("ring").params == {"n_modes": 8, "radius": 2.0, "std": 0.02}
    assert make_target("grid").params == {"size": 5, "spacing": 2.0, "std": 0.05}
    assert make_target("checkerboard").params == {"size": 4}
    assert make_target("correlated-gaussian").params["rho"] == 0.8


def test_partial_params_and_number_types():
    t = make_target("bimodal", {"mu2": 3})
    assert t.params["mu2"] == 3.0 and type(t.params["mu2"]) is float and t.params["mu1"] == -2.0
    assert make_target("ring", {"n_modes": 4.0}).params["n_modes"] == 4
    assert make_target("ring", {"n_modes": np.int64(5)}).params["n_modes"] == 5
    assert make_target("gaussian", {"std": np.float32(0.5)}).params["std"] == 0.5
    assert make_target("gaussian", {"std": 0.05}).params["std"] == 0.05  # bounds are inclusive


def test_unknown_target():
    msg = raises_key("target", "nope")
    assert "unknown target 'nope'" in msg and "bimodal" in msg and "checkerboard" in msg
    raises_key("target", None)


def test_unknown_param():
    msg = raises_key("target.foo", "bimodal", {"foo": 1.0})
    assert "accepted parameters of bimodal" in msg and "weight, mu1, mu2, std" in msg
    raises_key("target.std1", "gaussian", {"std1": 1.0})


@pytest.mark.parametrize(("name", "key", "value"), [
    ("gaussian", "std", -1.0), ("gaussian", "std", 0.0), ("gaussian", "mean", 1e6),
    ("bimodal", "weight", 1.0), ("beta", "a", 0.5), ("ring", "n_modes", 0), ("discrete", "p", 1.0),
    ("gaussian", "mean", math.nan), ("gaussian", "std", math.inf), ("bimodal", "mu1", -math.inf),
    ("gaussian", "mean", True), ("ring", "n_modes", False), ("gaussian", "mean", "1.0"),
    ("gaussian", "mean", None), ("gaussian", "mean", [1.0]), ("gaussian", "mean", 1 + 0j),
    ("ring", "n_modes", 2.5), ("grid", "size", 3.000001), ("discrete", "n", 7.5),
])
def test_bad_values_name_the_key(name, key, value):
    msg = raises_key(f"target.{key}", name, {key: value})
    assert "must be" in msg and repr(value) in msg


def test_messages_say_what_is_accepted():
    assert raises_key("target.std", "gaussian", {"std": -1}) == "must be a number in [0.05, 10], got -1"
    assert raises_key("target.n_modes", "ring", {"n_modes": 2.5}) == "must be an integer in [1, 32], got 2.5"


@pytest.mark.parametrize(("low", "high"), [(1.0, 1.0), (2.0, -3.0)])
def test_uniform_needs_low_below_high(low, high):
    msg = raises_key("target.high", "uniform", {"low": low, "high": high})
    assert "target.low" in msg
    assert make_target("uniform", {"low": 1.0, "high": 1.5}).params == {"low": 1.0, "high": 1.5}


def test_targets_are_independent_values():
    a, b = make_target("ring"), make_target("ring", {"n_modes": 3})
    assert a.params["n_modes"] == 8 and len(a.modes) == 8 and len(b.modes) == 3
    assert repr(a) == "Ring(n_modes=8, radius=2, std=0.02)"
    for attr in ("mean", "std", "modes"):
        assert getattr(a, attr).dtype == np.float64 and getattr(a, attr).flags.writeable  # torch-friendly
