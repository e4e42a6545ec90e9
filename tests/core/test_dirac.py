"""The Dirac-GAN reproduces Mescheder et al.'s step map, computed independently in float64."""

import math

import numpy as np
import pytest

from ganviz.core.presets import load_preset
from ganviz.core.run import run


def _fprime(t):
    # f(t) = −log(1 + e^(−t)), so f′(t) = 1 / (1 + e^t)
    return 1.0 / (1.0 + math.exp(t))


def reference(steps, h=0.2, alternating=False):
    theta, psi = 1.0, 1.0
    out = [(theta, psi)]
    for _ in range(steps):
        if alternating:  # D first, then G from the new ψ (ganviz's order)
            psi = psi + h * theta * _fprime(psi * theta)
            theta = theta - h * psi * _fprime(psi * theta)
        else:
            g = _fprime(psi * theta)
            theta, psi = theta - h * psi * g, psi + h * theta * g
        out.append((theta, psi))
    return np.array(out)


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_step_map_to_1e5_at_every_step(update):
    cfg = load_preset("dirac-gan").with_changes({"update": update})
    out = run(cfg, 500)
    ref = reference(500, alternating=update == "alternating")
    assert out["hist_step"].tolist() == list(range(501))
    assert np.max(np.abs(out["hist_theta"] - ref[:, 0])) < 1e-5
    assert np.max(np.abs(out["hist_psi"] - ref[:, 1])) < 1e-5


def test_simultaneous_spirals_out_alternating_stays_bounded():
    sim = run(load_preset("dirac-gan"), 500)
    alt = run(load_preset("dirac-gan").with_changes({"update": "alternating"}), 500)
    assert sim["hist_radius"][0] == pytest.approx(math.sqrt(2))
    assert sim["hist_radius"][-1] == pytest.approx(3.0969, abs=1e-3)  # the "about 3.10"
    assert alt["hist_radius"][-1] == pytest.approx(1.4126, abs=1e-3)  # the "about 1.42"
    assert np.max(alt["hist_radius"]) < 1.5
