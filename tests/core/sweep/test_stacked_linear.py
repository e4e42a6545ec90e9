"""The stacked linear layer gives baddbmm's values and gradients, first and second order, for thin and wide shapes."""

import pytest
import torch

from ganviz.core.sweep.stacked_linear import stacked_linear

SHAPES = [(1, 8), (2, 8), (8, 8), (8, 1), (8, 2), (1, 1)]  # (in, out): the ends of an MLP are thin


def tensors(k_in: int, k_out: int, cells: int = 3, n: int = 5):
    gen = torch.Generator().manual_seed(k_in * 10 + k_out)
    make = lambda *shape: torch.randn(*shape, generator=gen, dtype=torch.float64, requires_grad=True)  # noqa: E731
    return make(cells, n, k_in), make(cells, k_in, k_out), make(cells, 1, k_out)


@pytest.mark.parametrize("k_in, k_out", SHAPES)
def test_values_and_gradients_equal_baddbmm(k_in, k_out):
    x, w, b = tensors(k_in, k_out)
    ours, ref = stacked_linear(x, w, b), torch.baddbmm(b, x, w)
    torch.testing.assert_close(ours, ref, rtol=1e-12, atol=1e-12)
    weight = torch.randn(ref.shape, dtype=torch.float64)
    for a, r in zip(torch.autograd.grad((ours * weight).sum(), (x, w, b)),
                    torch.autograd.grad((ref * weight).sum(), (x, w, b)), strict=True):
        torch.testing.assert_close(a, r, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("k_in, k_out", SHAPES)
def test_gradcheck_and_second_order(k_in, k_out):
    x, w, b = tensors(k_in, k_out)
    assert torch.autograd.gradcheck(stacked_linear, (x, w, b))
    assert torch.autograd.gradgradcheck(stacked_linear, (x, w, b))


def test_only_the_asked_gradients_are_made():
    x, w, b = tensors(4, 1)
    out = stacked_linear(x, w.detach(), b.detach())
    (gx,) = torch.autograd.grad(out.sum(), x)
    torch.testing.assert_close(gx, w.detach().transpose(1, 2).expand_as(x), rtol=0, atol=0)
    assert stacked_linear(x.detach(), w.detach(), b.detach()).requires_grad is False
