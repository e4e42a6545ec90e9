"""The stacked optimizers move each cell as a lone torch.optim optimizer with that cell's settings."""

import numpy as np
import pytest
import torch

from ganviz.core.sweep.optim import StackedOptimizer

LR = [1e-3, 3e-2, 0.1]
MOMENTUM = [0.0, 0.5, 0.9]
BETA1 = [0.5, 0.9, 0.0]
BETA2 = [0.999, 0.99, 0.9]


def _lone(kind: str, c: int, p: torch.Tensor) -> torch.optim.Optimizer:
    if kind == "sgd":
        return torch.optim.SGD([p], lr=LR[c], momentum=MOMENTUM[c])
    if kind == "adam":
        return torch.optim.Adam([p], lr=LR[c], betas=(BETA1[c], BETA2[c]))
    return torch.optim.RMSprop([p], lr=LR[c])


@pytest.mark.parametrize("kind", ["sgd", "adam", "rmsprop"])
def test_each_cell_follows_torch_optim(kind):
    gen = torch.Generator().manual_seed(1)
    start = torch.randn(3, 4, 5, generator=gen)
    targets = torch.randn(3, 4, 5, generator=gen)
    stacked = start.clone().requires_grad_(True)
    opt = StackedOptimizer(kind, [stacked], LR, MOMENTUM, BETA1, BETA2)
    lone = [start[c].clone().requires_grad_(True) for c in range(3)]
    lone_opts = [_lone(kind, c, p) for c, p in enumerate(lone)]
    for _ in range(25):
        # log-cosh bowls: gradients change with the point (so the state matters) but stay bounded
        loss = torch.cosh(stacked - targets).log().sum()
        opt.step(torch.autograd.grad(loss, [stacked]), torch.ones(3, dtype=torch.bool))
        for c, (p, o) in enumerate(zip(lone, lone_opts, strict=True)):
            o.zero_grad()
            torch.cosh(p - targets[c]).log().sum().backward()
            o.step()
    for c in range(3):
        np.testing.assert_allclose(stacked[c].detach().numpy(), lone[c].detach().numpy(), rtol=1e-5, atol=1e-6)


def test_inactive_cells_keep_their_parameters():
    p = torch.ones(2, 1, 3, requires_grad=True)
    opt = StackedOptimizer("adam", [p], [0.1, 0.1], [0, 0], [0.5, 0.5], [0.9, 0.9])
    grad = torch.tensor([[[1.0, 2.0, 3.0]], [[float("nan"), 1.0, 1.0]]])
    opt.step([grad], torch.tensor([True, False]))
    assert torch.equal(p[1].detach(), torch.ones(1, 3))
    assert (p[0].detach() < 1).all()
