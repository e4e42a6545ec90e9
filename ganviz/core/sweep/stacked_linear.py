"""A linear layer over stacked cells, x (C, n, in) @ w (C, in, out) + b (C, 1, out), with fast thin products.

GAN layers at the ends are thin: 1 or 2 inputs (the latent, the data) and 1 or 2 outputs (D's
logit, a sample). Batched products with a thin last factor are slow on the CPU: for 16 cells of
batch 256, (C, n, 64) @ (C, 64, 1) took 140 µs where the transposed product (C, 1, 64) @ (C, 64, n)
took 46, and an inner size of 1 is an outer product that broadcasting does in a tenth of the
bmm's time. torch's own backward of baddbmm uses the slow orientation for the weight gradient
of a thin output (204 µs against 16), so this layer has its own backward, built from
differentiable operations so that gradient penalties can differentiate through it again.
"""

from __future__ import annotations

import torch

THIN = 2  # a result this narrow is computed transposed


def product(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """a (C, m, k) @ b (C, k, n), in the orientation that is fast for these sizes."""
    if a.shape[2] == 1:
        return a * b  # outer product: broadcasting beats a bmm with an inner size of 1
    if b.shape[2] <= THIN < a.shape[1]:
        return torch.bmm(b.transpose(1, 2), a.transpose(1, 2)).transpose(1, 2)
    return torch.bmm(a, b)


class StackedLinear(torch.autograd.Function):
    """y = x @ w + b per cell; gradients only for the inputs that need them."""

    @staticmethod
    def forward(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        if x.shape[2] == 1:
            return torch.addcmul(b, x, w)
        if w.shape[2] <= THIN:
            return product(x, w) + b
        return torch.baddbmm(b, x, w)

    @staticmethod
    def setup_context(ctx, inputs, output) -> None:
        x, w, _ = inputs
        ctx.save_for_backward(x, w)

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        gx = product(grad, w.transpose(1, 2)) if need_x else None
        gw = product(x.transpose(1, 2), grad) if need_w else None
        gb = grad.sum(dim=1, keepdim=True) if need_b else None
        return gx, gw, gb


def stacked_linear(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x (C, n, in) @ w (C, in, out) + b (C, 1, out)."""
    return StackedLinear.apply(x, w, b)
