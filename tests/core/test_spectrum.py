"""The game spectrum: closed forms of the Dirac-GAN, exact against Arnoldi, products against central differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from ganviz.core import spectrum as sp
from ganviz.core.config import from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.trainer import Trainer

DIRAC = {"target": "dirac", "loss": "minimax", "update": "simultaneous", "optimizer_g": "sgd", "optimizer_d": "sgd",
         "lr_g": 0.1, "lr_d": 0.1, "batch_size": 1, "dirac.theta0": 0.0, "dirac.psi0": 0.0}
# a small MLP game on the plane: 2·8 + 8 + 8·8 + 8 + 8·2 + 2 (G) and 2·8 + 8 + 8·8 + 8 + 8 + 1 (D) = 219 parameters
SMALL = {"target": "ring", "hidden": 8, "layers": 2, "latent_dim": 2, "batch_size": 64, "lr_g": 1e-3, "lr_d": 1e-3,
         "activation": "tanh", "seed": 3}


def _dirac(**changes) -> Trainer:
    return Trainer(from_dict({**DIRAC, **changes}))


def _small(**changes) -> Trainer:
    """The small game in float64, so that differences and eigenvalues are compared at 1e-6 and below."""
    trainer = Trainer(from_dict({**SMALL, **changes}))
    trainer.G.double()
    trainer.D.double()
    trainer.dtype = torch.float64
    return trainer


def _sorted(vals) -> np.ndarray:
    vals = np.asarray(vals)
    return vals[np.lexsort((vals.imag, vals.real))]


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating"])
def test_dirac_gan_rotates_at_half_i(loss):
    # Mescheder et al. 2018: J = [[0, −f'(0)], [f'(0), 0]] with f'(0) = 1/2, eigenvalues ±i/2
    s = sp.spectrum(_dirac(loss=loss))
    assert s.method == "exact" and s.parameters == 2
    np.testing.assert_allclose(_sorted(s.eigenvalues), [-0.5j, 0.5j], atol=1e-6)
    # simultaneous steps of h = 0.1: |1 ± 0.05i| = √1.0025 > 1, the outward spiral
    assert s.max_step_modulus == pytest.approx(math.sqrt(1 + 0.05**2), abs=1e-9)
    assert s.verdict == "diverges"


def test_r1_moves_the_eigenvalues_into_the_left_half_plane():
    # R1 with γ: J = [[0, −1/2], [1/2, −γ]], eigenvalues −γ/2 ± i·√(1/4 − γ²/4)
    s = sp.spectrum(_dirac(regularizer="r1", reg_weight=0.3))
    expected = -0.15 + 1j * math.sqrt(0.25 - 0.0225)
    assert abs(expected.imag - 0.47697) < 1e-5  # the figure
    np.testing.assert_allclose(_sorted(s.eigenvalues), [expected.conjugate(), expected], atol=1e-6)
    assert s.verdict == "converges"


def test_consensus_damps_the_rotation():
    # consensus γ: J − γJᵀJ = [[−γ/4, −1/2], [1/2, −γ/4]], eigenvalues −1/4 ± i/2 for γ = 1
    s = sp.spectrum(_dirac(regularizer="consensus", reg_weight=1.0))
    np.testing.assert_allclose(_sorted(s.eigenvalues), [-0.25 - 0.5j, -0.25 + 0.5j], atol=1e-6)
    assert s.max_real == pytest.approx(-0.25, abs=1e-6)


def test_jacobian_vector_products_agree_with_central_differences():
    trainer = _small(regularizer="r1", reg_weight=0.5)
    game = sp.GameField(trainer)
    rng = np.random.default_rng(0)
    w = rng.standard_normal(game.size)
    w /= np.linalg.norm(w)
    eps = 1e-5
    values = []
    params = list(trainer.G.parameters()) + list(trainer.D.parameters())
    for sign in (1, -1):
        with torch.no_grad():  # move the run itself; the twin draws the same batch at the same step
            offset = 0
            for p in params:
                p += sign * eps * torch.as_tensor(w[offset:offset + p.numel()]).reshape(p.shape)
                offset += p.numel()
        values.append(sp.GameField(trainer).value())
        with torch.no_grad():
            offset = 0
            for p in params:
                p -= sign * eps * torch.as_tensor(w[offset:offset + p.numel()]).reshape(p.shape)
                offset += p.numel()
    central = (values[0] - values[1]) / (2 * eps)
    jw = game.jvp(w)
    assert np.linalg.norm(jw) > 1e-3  # not a vacuous zero
    np.testing.assert_allclose(jw, central, atol=1e-6 * max(1.0, np.abs(central).max()))
    u = rng.standard_normal(game.size)
    assert u @ jw == pytest.approx(game.vjp(u) @ w, rel=1e-9)  # Jᵀ is J's transpose


def test_the_batched_matrix_is_the_rows_one_at_a_time():
    game = sp.GameField(_small())
    rows = np.stack([game.vjp(e) for e in np.eye(game.size)])
    np.testing.assert_allclose(game.matrix(), rows, atol=1e-12)


def test_arnoldi_finds_the_exact_eigenvalues_of_largest_real_part_and_modulus():
    trainer = _small(regularizer="consensus", reg_weight=0.5)
    exact = sp.spectrum(trainer, method="exact")
    assert exact.parameters == 219 and len(exact.eigenvalues) == 219
    arnoldi = sp.spectrum(trainer, method="arnoldi", k=4)
    assert arnoldi.method == "arnoldi" and 4 <= len(arnoldi.eigenvalues) <= 12
    scale = np.abs(exact.eigenvalues).max()
    for value, residual in zip(arnoldi.eigenvalues, arnoldi.residuals, strict=True):
        assert np.abs(exact.eigenvalues - value).min() < 1e-6 * scale
        assert residual < 1e-6 * scale
    # the largest real part, the largest modulus and the largest imaginary part are among those found
    assert arnoldi.max_real == pytest.approx(exact.max_real, abs=1e-6 * scale)
    assert np.abs(arnoldi.eigenvalues).max() == pytest.approx(np.abs(exact.eigenvalues).max(), rel=1e-6)
    assert np.abs(exact.eigenvalues.imag).max() > 1e-3  # the game rotates: there is an imaginary part to find
    assert np.abs(arnoldi.eigenvalues.imag).max() == pytest.approx(np.abs(exact.eigenvalues.imag).max(), rel=1e-6)


def test_step_moduli_with_two_learning_rates_are_those_of_the_step_map():
    trainer = _small(lr_g=2e-3, lr_d=5e-3)
    s = sp.spectrum(trainer, method="exact")
    game = sp.GameField(trainer)
    h = np.r_[np.full(game.n_g, 2e-3), np.full(game.size - game.n_g, 5e-3)]
    step_map = np.eye(game.size) + h[:, None] * game.matrix()
    assert s.max_step_modulus == pytest.approx(np.abs(np.linalg.eigvals(step_map)).max(), rel=1e-9)


def test_measuring_leaves_the_run_and_its_streams_alone():
    trainer = Trainer(from_dict({**SMALL, "batchnorm": True, "regularizer": "instance-noise", "reg_weight": 0.1}))
    trainer.train(3)
    before = {k: v.clone() for k, v in {**trainer.G.state_dict(), **trainer.D.state_dict()}.items()}
    gen_state, rng_state = trainer.gen.get_state(), trainer.rng.bit_generator.state
    first = sp.spectrum(trainer)
    after = {**trainer.G.state_dict(), **trainer.D.state_dict()}
    assert all(torch.equal(before[k], after[k]) for k in before)  # running statistics too
    assert torch.equal(trainer.gen.get_state(), gen_state) and trainer.rng.bit_generator.state == rng_state
    np.testing.assert_array_equal(sp.spectrum(trainer).eigenvalues, first.eigenvalues)  # and it is repeatable


@pytest.mark.parametrize("changes, word", [({"discriminator": "oracle"}, "oracle"), ({"method": "gmn"}, "mmd"),
                                           ({"unroll_steps": 2}, "unroll_steps=0")])
def test_games_without_a_trained_discriminator_are_refused_with_the_reason(changes, word):
    with pytest.raises(ConfigError, match=word):
        sp.spectrum(Trainer(from_dict({**SMALL, **changes})))


def test_the_json_fields():
    fields = sp.spectrum(_dirac()).to_json()
    assert {"step", "eigenvalues", "residuals", "method", "max_step_modulus", "verdict"} <= set(fields)
    assert fields["residuals"] == [0.0, 0.0] and all(len(pair) == 2 for pair in fields["eigenvalues"])
