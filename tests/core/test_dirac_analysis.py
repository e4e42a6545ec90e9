"""The Dirac-GAN's linearisation against Mescheder et al. 2018's closed forms, and against the trainer itself.

The closed forms assume the minimax loss (L = f(ψθ) + f(0), f(t) = −log(1 + e^(−t)), so
f′(0) = 1/2 and f″(0) = −1/4), which is the dirac-gan preset's loss.
"""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from ganviz.core import dirac_analysis as da
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

F1, F2 = 0.5, -0.25  # f′(0), f″(0)


def _cfg(**changes):
    return load_preset("dirac-gan").with_changes(changes)


def _pair(re, im):
    return np.array([re - 1j * im, re + 1j * im])


@pytest.mark.parametrize("changes, expected", [
    ({}, _pair(0.0, 0.5)),
    ({"regularizer": "r1", "reg_weight": 0.3}, _pair(-0.15, 0.47697)),
    ({"regularizer": "r2", "reg_weight": 0.3}, _pair(-0.15, 0.47697)),  # ∇ₓ(ψx) is ψ at real and fake points alike
    ({"regularizer": "instance-noise", "reg_weight": 0.7}, _pair(-0.1225, 0.48476)),
    ({"regularizer": "consensus", "reg_weight": 1.0}, _pair(-0.25, 0.5)),
])
def test_eigenvalues_match_the_papers_table(changes, expected):
    eig = da.analyse(_cfg(**changes)).eigenvalues
    np.testing.assert_allclose(eig, expected, atol=1e-5)


@pytest.mark.parametrize("gamma", [0.1, 0.3, 2.0])
def test_r1_eigenvalues_follow_the_general_formula(gamma):
    # −γ/2 ± √(γ²/4 − f′(0)²): complex for small γ, real (overdamped) for large γ
    root = np.sqrt(complex(gamma**2 / 4 - F1**2))
    expected = sorted([-gamma / 2 - root, -gamma / 2 + root], key=lambda z: (z.real, z.imag))
    np.testing.assert_allclose(da.analyse(_cfg(regularizer="r1", reg_weight=gamma)).eigenvalues, expected, atol=1e-12)


@pytest.mark.parametrize("sigma", [0.3, 0.7, 1.5])
def test_instance_noise_eigenvalues_follow_the_general_formula(sigma):
    # f″(0)σ² ± √(f″(0)²σ⁴ − f′(0)²)
    a = F2 * sigma**2
    root = np.sqrt(complex(a**2 - F1**2))
    np.testing.assert_allclose(da.analyse(_cfg(regularizer="instance-noise", reg_weight=sigma)).eigenvalues,
                               sorted([a - root, a + root], key=lambda z: (z.real, z.imag)), atol=1e-12)


@pytest.mark.parametrize("h", [0.05, 0.2, 0.5])
def test_step_map_moduli(h):
    sim = da.analyse(_cfg(lr_g=h, lr_d=h)).step_moduli
    alt = da.analyse(_cfg(lr_g=h, lr_d=h, update="alternating")).step_moduli
    np.testing.assert_allclose(sim, math.sqrt(1 + h**2 / 4), rtol=1e-12)
    np.testing.assert_allclose(alt, 1.0, atol=1e-12)


def test_step_modulus_at_the_issues_step_size():
    assert da.analyse(_cfg()).step_moduli[0] == pytest.approx(1.0049876, abs=1e-7)


def _f_prime(t):
    return 1.0 / (1.0 + np.exp(t))


def test_field_is_the_closed_form_minimax_field():
    rng = np.random.default_rng(0)
    theta, psi = rng.uniform(-3, 3, (2, 50))
    u, v = da.gradient_field(_cfg(), theta, psi)
    np.testing.assert_allclose(u, -psi * _f_prime(psi * theta), atol=1e-13)
    np.testing.assert_allclose(v, theta * _f_prime(psi * theta), atol=1e-13)


def test_instance_noise_field_is_the_expectation_over_the_noise():
    # minimax with noise on D's inputs: v_θ = −ψ E σ(−ψ(θ+σε)), v_ψ = E (θ+σε) σ(−ψ(θ+σε)) − E σε σ(ψσε)
    sigma, theta, psi = 0.7, 1.3, -0.8
    sig = stats.logistic.cdf

    def expect(g):
        return integrate.quad(lambda e: g(e) * stats.norm.pdf(e), -12, 12, epsabs=1e-13)[0]

    u_ref = -psi * expect(lambda e: sig(-psi * (theta + sigma * e)))
    v_ref = (expect(lambda e: (theta + sigma * e) * sig(-psi * (theta + sigma * e)))
             - expect(lambda e: sigma * e * sig(psi * sigma * e)))
    u, v = da.gradient_field(_cfg(regularizer="instance-noise", reg_weight=sigma), np.array([theta]), np.array([psi]))
    assert u[0] == pytest.approx(u_ref, abs=1e-5)
    assert v[0] == pytest.approx(v_ref, abs=1e-5)


@pytest.mark.parametrize("changes", [
    {},
    {"update": "alternating"},
    {"update": "alternating", "d_steps": 3, "g_steps": 2, "lr_d": 0.1},
    {"regularizer": "consensus", "reg_weight": 1.0},
    {"regularizer": "consensus", "reg_weight": 0.5, "update": "alternating"},
    {"regularizer": "r1", "reg_weight": 0.3, "momentum": 0.5},
    {"loss": "nonsaturating", "lr_g": 0.3},
])
def test_step_jacobian_is_the_trainers_own_step(changes):
    """Central differences of one real Trainer iteration near (0, 0) give the step map's Jacobian."""
    cfg = _cfg(**changes)
    eps = 1e-5
    cols = []
    for k in range(2):
        ends = []
        for sign in (1, -1):
            start = np.zeros(2)
            start[k] = sign * eps
            tr = Trainer(cfg.with_changes({"dirac.theta0": start[0], "dirac.psi0": start[1]}))
            tr.iterate()
            ends.append(np.array([float(tr.G.theta.detach()), float(tr.D.psi.detach())]))
        cols.append((ends[0] - ends[1]) / (2 * eps))
    trainer_jac = np.stack(cols, axis=1)
    np.testing.assert_allclose(da.step_jacobian(cfg)[:2, :2], trainer_jac, atol=1e-8)


def test_verdicts():
    assert da.analyse(_cfg()).verdict == "diverges"
    assert da.analyse(_cfg(update="alternating")).verdict == "circles"
    assert da.analyse(_cfg(regularizer="r1", reg_weight=0.3)).verdict == "converges"
    wgan = da.analyse(_cfg(loss="wasserstein", clip=1.0))
    np.testing.assert_allclose(wgan.eigenvalues, _pair(0.0, 1.0), atol=1e-12)  # the critic's field is (−ψ, θ)
    assert wgan.verdict == "diverges" and "clipping" in wgan.summary
    # R1 strong enough for the continuous flow but a step too long for it: the step map decides
    assert da.analyse(_cfg(regularizer="r1", reg_weight=0.3, lr_g=8.0, lr_d=8.0)).verdict == "diverges"


def test_wgan_gp_has_no_jacobian_at_the_equilibrium():
    # λ(|ψ| − 1)² has a kink at ψ = 0: the verdict says so instead of printing a meaningless number
    result = da.analyse(_cfg(loss="wasserstein", regularizer="wgan-gp", reg_weight=1.0))
    assert result.verdict == "undefined" and np.isnan(result.jacobian).all()


def test_adam_is_judged_in_continuous_time():
    result = da.analyse(_cfg(optimizer_g="adam", optimizer_d="adam", regularizer="r1", reg_weight=0.3))
    assert result.step_moduli.size == 0
    assert result.verdict == "converges" and "continuous time" in result.summary


def test_phase_plane_recomputes_on_a_change_only():
    plane = da.PhasePlane()
    first = plane.fields(_cfg(), 1.0, 1.0)
    assert plane.fields(_cfg(), 0.5, -0.5)["plane_u"] is first["plane_u"]  # same config and size: cached
    faster = plane.fields(_cfg(lr_g=0.4, lr_d=0.4), 0.5, -0.5)
    assert faster["step_moduli"][0] == pytest.approx(math.sqrt(1 + 0.4**2 / 4))
    r1 = plane.fields(_cfg(regularizer="r1", reg_weight=0.3), 0.5, -0.5)
    assert str(r1["verdict"]) == "converges"
    assert not np.allclose(r1["plane_v"], first["plane_v"])
    out = plane.fields(_cfg(regularizer="r1", reg_weight=0.3), 3.0, 1.0)  # the run spiralled out: a wider plane
    assert out["plane_theta"][-1] == 4.0 and first["plane_theta"][-1] == 2.0
    assert out["plane_u"].shape == (da.FIELD_POINTS, da.FIELD_POINTS)
