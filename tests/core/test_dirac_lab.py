"""Runs of the real trainer on the Dirac-GAN: from θ = ψ = 1 with h = 0.2, 500 steps (issue 5).

Each run's outcome is checked against the issue's figures, and the analysis's verdict for the
same config must agree with what the run did.
"""

import math

import numpy as np
import pytest
import torch

from ganviz.core import dirac_analysis as da
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

STEPS = 500


def _run(changes: dict) -> tuple[np.ndarray, Trainer]:
    """The distance to (0, 0) after each of STEPS iterations."""
    tr = Trainer(load_preset("dirac-gan").with_changes(changes))
    radius = np.empty(STEPS)
    for i in range(STEPS):
        tr.iterate()
        radius[i] = math.hypot(tr.G.theta.item(), tr.D.psi.item())
    assert tr.status == "ok"
    return radius, tr


def _verdict(changes: dict) -> str:
    return da.analyse(load_preset("dirac-gan").with_changes(changes)).verdict


def test_plain_simultaneous_spirals_out():
    radius, _ = _run({})
    assert radius[-1] == pytest.approx(3.0969, abs=1e-3)  # the "about 3.10", from √2
    assert _verdict({}) == "diverges"


def test_plain_alternating_circles():
    radius, _ = _run({"update": "alternating"})
    assert 1.35 < radius.min() and radius.max() < 1.5  # neither in nor out
    assert _verdict({"update": "alternating"}) == "circles"


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
@pytest.mark.parametrize("reg", [{"regularizer": "r1", "reg_weight": 0.3},
                                 {"regularizer": "consensus", "reg_weight": 1.0}])
def test_r1_and_consensus_converge(reg, update):
    changes = {**reg, "update": update}
    radius, _ = _run(changes)
    assert radius[-1] < 1e-3
    assert _verdict(changes) == "converges"


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_sampled_instance_noise_stays_near_the_equilibrium(update):
    changes = {"regularizer": "instance-noise", "reg_weight": 0.7, "batch_size": 256, "update": update}
    radius, _ = _run(changes)
    assert radius[-100:].max() < 0.15
    assert radius[-100:].min() > 0  # the sampled noise keeps it jittering: converging in mean, not exactly
    assert _verdict(changes) == "converges"


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_wgan_with_clipping_does_not_converge(update):
    changes = {"loss": "wasserstein", "clip": 1.0, "update": update}
    radius, tr = _run(changes)
    assert radius[-100:].min() > 0.5
    assert abs(tr.D.psi.item()) <= 1.0  # clipping holds ψ in [−1, 1]
    assert _verdict(changes) != "converges"


def test_wgan_gp_does_not_converge_and_gets_no_linear_verdict():
    changes = {"loss": "wasserstein", "regularizer": "wgan-gp", "reg_weight": 1.0}
    radius, _ = _run(changes)
    assert radius[-100:].min() > 0.5
    assert _verdict(changes) == "undefined"


def _closed_form_consensus_step(theta, psi, h, gamma, alternating):
    """A step along Mescheder et al.'s minimax field v = (−ψ f′(ψθ), θ f′(ψθ)) minus γ∇(½‖v‖²).

    The gradient of ½‖v‖² is taken by central differences, independently of autograd.
    """
    def v(t, p):
        fp = 1.0 / (1.0 + math.exp(t * p))
        return np.array([-p * fp, t * fp])

    def regularized(t, p, e=1e-6):
        grad = [(v(t + e, p) @ v(t + e, p) - v(t - e, p) @ v(t - e, p)) / (4 * e),
                (v(t, p + e) @ v(t, p + e) - v(t, p - e) @ v(t, p - e)) / (4 * e)]
        return v(t, p) - gamma * np.array(grad)

    if alternating:
        psi = psi + h * regularized(theta, psi)[1]
        return theta + h * regularized(theta, psi)[0], psi
    w = regularized(theta, psi)
    return theta + h * w[0], psi + h * w[1]


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_consensus_steps_match_the_closed_form(update):
    tr = Trainer(load_preset("dirac-gan").with_changes({"regularizer": "consensus", "reg_weight": 0.7,
                                                        "update": update}))
    theta, psi = 1.0, 1.0
    for _ in range(40):
        tr.iterate()
        theta, psi = _closed_form_consensus_step(theta, psi, 0.2, 0.7, update == "alternating")
        assert (tr.G.theta.item(), tr.D.psi.item()) == pytest.approx((theta, psi), abs=1e-7)


@pytest.mark.parametrize("update", ["simultaneous", "alternating"])
def test_consensus_trains_mlps(update):
    """On networks too: runs, stays finite, and the term changes D's step (compared at γ = 0 on the same batch)."""
    base = load_preset("bimodal-1d").with_changes({"hidden": 16, "regularizer": "consensus", "update": update})
    after = {}
    for gamma in (0.0, 1.0):
        tr = Trainer(base.with_changes({"reg_weight": gamma}))
        tr.train(3)
        after[gamma] = torch.cat([p.detach().flatten() for p in tr.D.parameters()])
        assert tr.status == "ok" and torch.isfinite(after[gamma]).all()
    assert not torch.equal(after[0.0], after[1.0])
    plain = Trainer(load_preset("bimodal-1d").with_changes({"hidden": 16, "update": update}))
    plain.train(3)
    if update == "simultaneous":  # γ = 0 and no regularizer: the same draws, the same numbers
        assert torch.equal(after[0.0], torch.cat([p.detach().flatten() for p in plain.D.parameters()]))
