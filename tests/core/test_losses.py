"""Each loss against its formula written out by hand with probabilities."""

import math

import pytest
import torch

from ganviz.core.losses import LOSSES

R = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
F = torch.tensor([-0.7, 0.4], dtype=torch.float64)


def _p(x):
    return [1 / (1 + math.exp(-v)) for v in x.tolist()]


def _mean(values):
    return sum(values) / len(values)


def test_minimax_and_nonsaturating():
    pr, pf = _p(R), _p(F)
    d = -_mean([math.log(p) for p in pr]) - _mean([math.log(1 - p) for p in pf])
    for name in ("minimax", "nonsaturating"):
        assert LOSSES[name].d_loss(R, F).item() == pytest.approx(d, rel=1e-12)
    assert LOSSES["minimax"].g_loss(F).item() == pytest.approx(_mean([math.log(1 - p) for p in pf]), rel=1e-12)
    assert LOSSES["nonsaturating"].g_loss(F).item() == pytest.approx(-_mean([math.log(p) for p in pf]), rel=1e-12)


def test_absolute_is_the_seeds_loss():
    pr, pf = _p(R), _p(F)
    assert LOSSES["absolute"].d_loss(R, F).item() == pytest.approx(_mean([1 - p for p in pr]) + _mean(pf))
    assert LOSSES["absolute"].g_loss(F).item() == pytest.approx(_mean([1 - p for p in pf]))


def test_least_squares_wasserstein_hinge():
    r, f = R.tolist(), F.tolist()
    assert LOSSES["least-squares"].d_loss(R, F).item() == pytest.approx(
        0.5 * _mean([(v - 1) ** 2 for v in r]) + 0.5 * _mean([v * v for v in f]))
    assert LOSSES["least-squares"].g_loss(F).item() == pytest.approx(0.5 * _mean([(v - 1) ** 2 for v in f]))
    assert LOSSES["wasserstein"].d_loss(R, F).item() == pytest.approx(_mean(f) - _mean(r))
    assert LOSSES["hinge"].d_loss(R, F).item() == pytest.approx(
        _mean([max(0, 1 - v) for v in r]) + _mean([max(0, 1 + v) for v in f]))
    assert LOSSES["hinge"].g_loss(F).item() == pytest.approx(-_mean(f))


def test_minimax_saturates_where_nonsaturating_does_not():
    # When D confidently rejects a sample (logit −6), the minimax gradient is tiny.
    f = torch.tensor([-6.0], requires_grad=True)
    (gm,) = torch.autograd.grad(LOSSES["minimax"].g_loss(f), f)
    (gn,) = torch.autograd.grad(LOSSES["nonsaturating"].g_loss(f), f)
    assert abs(gm.item()) == pytest.approx(1 / (1 + math.exp(6)), rel=1e-5)
    assert abs(gn.item()) > 100 * abs(gm.item())
