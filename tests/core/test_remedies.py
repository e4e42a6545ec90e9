"""Mode-collapse remedies: unrolled D, PacGAN packing, minibatch std, and the mode measurements."""

import copy
import math

import numpy as np
import pytest
import torch

from ganviz.core import remedies
from ganviz.core.config import from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.metrics import mode_coverage
from ganviz.core.presets import load_preset
from ganviz.core.targets import make_target
from ganviz.core.trainer import Trainer


def _ring(**changes) -> Trainer:
    return Trainer(load_preset("ring-8").with_changes({"hidden": 16, "batch_size": 64, **changes}))


def _sigmoid(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


# ----- unrolling --------------------------------------------------------------------------------
def test_unrolling_leaves_d_and_its_optimizer_unchanged_and_changes_g_gradient():
    plain, unrolled = _ring(), _ring()
    for tr in (plain, unrolled):
        tr.train(3)  # Adam has state to unroll through
    unrolled.apply({"unroll_steps": 4})
    d_before = copy.deepcopy(unrolled.D.state_dict())
    opt_before = copy.deepcopy(unrolled.opt_d.state_dict())
    plain.step_g()
    unrolled.step_g()
    for name, value in unrolled.D.state_dict().items():
        assert torch.equal(value, d_before[name]), name
    opt_after = unrolled.opt_d.state_dict()
    for key, state in opt_before["state"].items():
        for name, value in state.items():
            assert torch.equal(torch.as_tensor(opt_after["state"][key][name]), torch.as_tensor(value))
    # both G steps drew the same latents from identical states: only the unrolling differs
    g_plain = torch.cat([p.grad.ravel() for p in plain.G.parameters()])
    g_unrolled = torch.cat([p.grad.ravel() for p in unrolled.G.parameters()])
    assert torch.isfinite(g_unrolled).all()
    assert (g_plain - g_unrolled).norm() > 1e-3 * g_plain.norm()


def _dirac_unrolled_gradient(theta: float, psi: float, h: float, k: int) -> float:
    """d/dθ of G's non-saturating loss softplus(ψ_k θ) after k SGD steps of the Dirac-GAN's D,
    ψ_{j+1} = ψ_j + h θ σ(−ψ_j θ), carried forward by hand with dψ_j/dθ."""
    p, dp = psi, 0.0
    for _ in range(k):
        s = _sigmoid(-p * theta)
        ds = s * (1 - s) * -(dp * theta + p)  # d/dθ of σ(−ψ_j(θ) θ)
        p, dp = p + h * theta * s, dp + h * (s + theta * ds)
    return _sigmoid(p * theta) * (p + theta * dp)


@pytest.mark.parametrize("k", [0, 1, 3])
def test_unrolled_gradient_equals_hand_computation_on_the_dirac_gan(k):
    cfg = load_preset("dirac-gan").with_changes(
        {"loss": "nonsaturating", "update": "alternating", "unroll_steps": k, "lr_d": 0.5,
         "dirac.theta0": 0.7, "dirac.psi0": -0.4})
    tr = Trainer(cfg)
    tr.step_g()
    assert float(tr.G.theta.grad) == pytest.approx(_dirac_unrolled_gradient(0.7, -0.4, 0.5, k), rel=1e-10)
    assert tr.D.psi.item() == -0.4  # the real D did not move


def _tiny_d(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.Tanh(), torch.nn.Linear(5, 1)).double()


@pytest.mark.parametrize("kind", ["sgd", "adam", "rmsprop"])
def test_unrolled_parameters_equal_torch_optimizer_steps(kind):
    """k steps written out differentiably land where torch's own optimizer goes, from its current state."""
    d = _tiny_d()
    make = {"sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
            "adam": lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.5, 0.99)),
            "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01)}[kind]
    opt = make(d.parameters())
    gen = torch.Generator().manual_seed(1)
    real, fake = torch.randn(32, 2, generator=gen, dtype=torch.float64), torch.randn(32, 2, generator=gen,
                                                                                     dtype=torch.float64)

    def loss(forward):
        return torch.nn.functional.softplus(-forward(real)).mean() + torch.nn.functional.softplus(forward(fake)).mean()

    for _ in range(2):  # some optimizer state to start from
        opt.zero_grad()
        loss(d).backward()
        opt.step()
    before = copy.deepcopy(d.state_dict())
    unrolled = remedies.unrolled_parameters(d, opt, loss, 3)
    twin = copy.deepcopy(d)
    twin_opt = make(twin.parameters())
    twin_opt.load_state_dict(opt.state_dict())
    for _ in range(3):
        twin_opt.zero_grad()
        loss(twin).backward()
        twin_opt.step()
    for name, value in twin.named_parameters():
        assert torch.allclose(unrolled[name], value, rtol=1e-10, atol=1e-12), name
        assert torch.equal(d.state_dict()[name], before[name])


def test_unrolled_gradient_matches_finite_differences_through_adam():
    """G's gradient through 2 unrolled Adam steps against central differences of the same computation."""
    d = _tiny_d(2)
    opt = torch.optim.Adam(d.parameters(), lr=0.05, betas=(0.5, 0.999))
    real = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.5]], dtype=torch.float64)
    base = torch.tensor([[0.2, 0.1], [0.3, -0.2], [-0.1, 0.4]], dtype=torch.float64)

    def g_loss(shift: torch.Tensor) -> torch.Tensor:
        fake = base + shift

        def d_loss(forward):
            return (torch.nn.functional.softplus(-forward(real)).mean()
                    + torch.nn.functional.softplus(forward(fake)).mean())

        d_k = remedies.unrolled_discriminator(d, opt, d_loss, 2)
        return torch.nn.functional.softplus(-d_k(fake)).mean()

    shift = torch.tensor([0.05, -0.03], dtype=torch.float64, requires_grad=True)
    (grad,) = torch.autograd.grad(g_loss(shift), shift)
    eps = 1e-6
    for i in range(2):
        e = torch.zeros(2, dtype=torch.float64)
        e[i] = eps
        numeric = (g_loss(shift.detach() + e) - g_loss(shift.detach() - e)) / (2 * eps)
        assert float(grad[i]) == pytest.approx(float(numeric.detach()), rel=1e-6, abs=1e-9)


def test_unrolled_runs_are_bit_for_bit_reproducible():
    a, b = _ring(unroll_steps=2, seed=5), _ring(unroll_steps=2, seed=5)
    a.train(4)
    b.train(4)
    for p, q in zip(a.G.parameters(), b.G.parameters(), strict=True):
        assert torch.equal(p, q)


# ----- packing and minibatch std -----------------------------------------------------------------
def test_packing_widens_d_input_to_m_times_dim():
    tr = _ring(pack=4)
    assert tr.D.body.net[0].in_features == 4 * 2
    x = torch.from_numpy(np.random.default_rng(0).normal(size=(64, 2))).float()
    logits = tr.D(x)
    assert logits.shape == (16,)
    by_hand = tr.D.body(torch.from_numpy(x.numpy().reshape(16, 8))).squeeze(-1)  # rows [x0 x1 x2 x3], ...
    assert torch.equal(logits, by_hand)
    assert _ring().D.body.net[0].in_features == 2


def test_pack_samples_completes_the_last_pack_with_the_first_samples():
    x = torch.arange(10.0).reshape(5, 2)
    packed = remedies.pack_samples(x, 2)
    assert packed.tolist() == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 0, 1]]


def test_minibatch_std_feature_matches_numpy():
    x = np.random.default_rng(3).normal(size=(50, 2)) * [0.5, 2.0]
    expected = np.mean(np.sqrt(np.var(x, axis=0) + 1e-8))  # biased variance over the batch, as Karras et al.
    t = torch.from_numpy(x)
    assert float(remedies.minibatch_std(t)) == pytest.approx(expected, rel=1e-12)
    inputs = remedies.discriminator_input(t, 1, True)
    assert inputs.shape == (50, 3)
    assert np.allclose(inputs[:, 2].numpy(), expected, rtol=1e-12)
    tr = _ring(minibatch_std=True, pack=2)
    assert tr.D.body.net[0].in_features == 2 * 2 + 1


def test_grid_scores_points_against_the_generated_batch():
    tr = _ring(minibatch_std=True, pack=2)
    points = torch.tensor([[0.0, 0.0], [2.0, 0.0]])
    batch = torch.from_numpy(np.random.default_rng(0).normal(size=(100, 2))).float()
    feature = float(remedies.minibatch_std(batch))
    by_hand = tr.D.body(torch.tensor([[0.0, 0.0, 0.0, 0.0, feature], [2.0, 0.0, 2.0, 0.0, feature]])).squeeze(-1)
    assert torch.allclose(tr.D.at_points(points, batch), by_hand)


# ----- config ------------------------------------------------------------------------------------
def test_remedy_keys_live_or_needing_reset():
    tr = _ring()
    assert tr.apply({"unroll_steps": 3}) == [] and tr.config.unroll_steps == 3
    assert tr.apply({"pack": 2}) == ["pack"]
    assert tr.apply({"minibatch_std": True}) == ["minibatch_std", "pack"]
    tr.reset()
    assert tr.D.body.net[0].in_features == 5


@pytest.mark.parametrize("changes, key, words", [
    ({"pack": 3, "batch_size": 256}, "pack", "multiple of pack"),
    ({"pack": 0}, "pack", "integer in [1, 16]"),
    ({"unroll_steps": -1}, "unroll_steps", "integer in [0, 20]"),
    ({"target": "dirac", "pack": 2}, "pack", "Dirac-GAN"),
    ({"target": "dirac", "minibatch_std": True}, "minibatch_std", "Dirac-GAN"),
])
def test_bad_remedy_settings_are_refused_with_a_clear_message(changes, key, words):
    with pytest.raises(ConfigError) as err:
        from_dict(changes)
    assert err.value.key == key and words in str(err.value)


# ----- the collapse measurements ----------------------------------------------------------------
def test_true_samples_are_high_quality_with_the_chi_square_probability():
    """In 2-D, P(‖x − μ‖ < 3σ) = 1 − e^(−9/2) = 0.98889 for a sample of its own mode."""
    target = make_target("grid", {})
    x = target.sample(np.random.default_rng(0), 20000)
    cover = mode_coverage(x, target.modes, target.mode_std)
    p = 1 - math.exp(-4.5)
    assert cover["modes"] == 25
    assert cover["hq"] == pytest.approx(p, abs=4 * math.sqrt(p * (1 - p) / 20000))


def test_snapshot_colours_and_shares_follow_mode_coverage_without_touching_training_rng():
    tr = _ring(seed=1)
    tr.train(20)
    rng_state, gen_state = copy.deepcopy(tr.rng.bit_generator.state), tr.gen.get_state().clone()
    full, view = tr.snapshot(), tr.snapshot(view=True)
    target = tr.target
    cover = mode_coverage(full.samples, target.modes, target.mode_std)
    assert full.samples.shape == (2500, 2)
    assert np.array_equal(full.sample_mode, cover["assignment"])
    assert np.allclose(full.mode_share, cover["counts"] / 2500)
    assert np.allclose(view.mode_share, full.mode_share)  # the view's bars also count all 2500
    assert np.array_equal(view.sample_mode, mode_coverage(view.samples, target.modes, target.mode_std)["assignment"])
    assert tr.rng.bit_generator.state == rng_state and torch.equal(tr.gen.get_state(), gen_state)
