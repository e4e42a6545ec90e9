"""Remedies for mode collapse: PacGAN packing, the minibatch-std feature and the unrolled discriminator.

- Packing (Lin et al. 2018, PacGAN): D judges m samples at once, concatenated into one input of
  width m·dim, so a generator that repeats itself is easier to catch.
- Minibatch standard deviation (Karras et al. 2018): the batch's standard deviation of each
  input coordinate, averaged over coordinates, is appended to every input as one more feature.
- Unrolling (Metz et al. 2017): G's loss is taken against D after k further steps of D's own
  optimizer, written out differentiably, so G sees how D would answer its move. The real D and
  its optimizer are left as they were.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn
from torch.func import functional_call

MBSTD_EPS = 1e-8  # inside the square root, as in Karras et al.: keeps the feature differentiable at 0


def d_input_width(dim: int, pack: int, minibatch_std: bool) -> int:
    """Width of D's input: m packed samples of `dim` coordinates, plus one for the minibatch-std feature."""
    return pack * dim + int(minibatch_std)


def minibatch_std(x: torch.Tensor) -> torch.Tensor:
    """The mean over coordinates of each coordinate's standard deviation over the batch (a 0-d tensor)."""
    var = ((x - x.mean(dim=0, keepdim=True)) ** 2).mean(dim=0)  # over the batch, biased as in the paper
    return torch.sqrt(var + MBSTD_EPS).mean()


def pack_samples(x: torch.Tensor, m: int) -> torch.Tensor:
    """(n, dim) samples as (⌈n/m⌉, m·dim) packs of m consecutive samples.

    When m does not divide n the last pack is completed with the first samples (evaluation
    batches only: training batches are a multiple of m, which the config checks).
    """
    if m == 1:
        return x
    short = -len(x) % m
    if short:
        x = torch.cat([x, x[:short]])
    return x.reshape(len(x) // m, m * x.shape[1])


def discriminator_input(x: torch.Tensor, pack: int, use_std: bool, context: torch.Tensor | None = None
                        ) -> torch.Tensor:
    """What D's network reads for the batch x: packs, then the minibatch-std feature of `context` (x itself if None)."""
    packed = pack_samples(x, pack)
    if not use_std:
        return packed
    feature = minibatch_std(x if context is None else context)
    return torch.cat([packed, feature.expand(len(packed), 1)], dim=1)


def point_input(points: torch.Tensor, pack: int, use_std: bool, context: torch.Tensor) -> torch.Tensor:
    """D's input that scores single points: each point packed with m − 1 copies of itself, and the
    minibatch-std feature of the batch `context` (what D(x) means on a grid when D reads batches)."""
    packed = points.repeat(1, pack)
    if not use_std:
        return packed
    feature = minibatch_std(context)
    return torch.cat([packed, feature.expand(len(packed), 1)], dim=1)


# ----- differentiable optimizer steps -----------------------------------------------------------
def safe_sqrt(v: torch.Tensor) -> torch.Tensor:
    """√v with derivative 0 instead of inf at v = 0 (an entry whose gradient was always exactly 0)."""
    positive = v > 0
    return torch.where(positive, torch.sqrt(torch.where(positive, v, torch.ones_like(v))), torch.zeros_like(v))


def _sgd(p, g, state, group):
    lr, mu = group["lr"], group["momentum"]
    if mu == 0:
        return p - lr * g, state
    buf = state.get("momentum_buffer")
    buf = g if buf is None else mu * buf + g  # torch.optim.SGD's first step takes the gradient itself
    return p - lr * buf, {"momentum_buffer": buf}


def _adam(p, g, state, group):
    b1, b2 = group["betas"]
    t = float(state["step"]) + 1 if "step" in state else 1.0
    m = state.get("exp_avg", torch.zeros_like(p)) * b1 + (1 - b1) * g
    v = state.get("exp_avg_sq", torch.zeros_like(p)) * b2 + (1 - b2) * g * g
    denom = safe_sqrt(v) / (1 - b2**t) ** 0.5 + group["eps"]
    return p - group["lr"] / (1 - b1**t) * m / denom, {"step": t, "exp_avg": m, "exp_avg_sq": v}


def _rmsprop(p, g, state, group):
    a = group["alpha"]
    v = state.get("square_avg", torch.zeros_like(p)) * a + (1 - a) * g * g
    return p - group["lr"] * g / (safe_sqrt(v) + group["eps"]), {"square_avg": v}


_RULES = {torch.optim.SGD: _sgd, torch.optim.Adam: _adam, torch.optim.RMSprop: _rmsprop}


def _check_supported(opt: torch.optim.Optimizer) -> None:
    group = opt.param_groups[0]
    if type(opt) not in _RULES:
        raise ValueError(f"unrolling supports sgd, adam and rmsprop, not {type(opt).__name__}")
    if group.get("weight_decay", 0) or group.get("nesterov") or group.get("amsgrad") or group.get("centered") \
            or group.get("maximize") or (isinstance(opt, torch.optim.RMSprop) and group.get("momentum", 0)) \
            or (isinstance(opt, torch.optim.SGD) and group.get("dampening", 0)):
        raise ValueError("unrolling supports only the optimizers' plain settings (as ganviz makes them)")


def unrolled_parameters(d: nn.Module, opt: torch.optim.Optimizer, d_loss: Callable, k: int,
                        clip: float = 0.0) -> dict[str, torch.Tensor]:
    """D's parameters after k steps of `opt`'s update rule on d_loss, as tensors differentiable in
    whatever d_loss depends on (the generator's samples). Neither d nor opt is changed.

    d_loss(forward) is D's loss with `forward(x)` standing for D; it is called once per step.
    clip > 0 clamps the parameters after each step, as WGAN weight clipping does.
    """
    _check_supported(opt)
    rule, group = _RULES[type(opt)], opt.param_groups[0]
    names = [name for name, _ in d.named_parameters()]
    originals = [p for _, p in d.named_parameters()]
    # detached: G's gradient flows through the steps, never into D's own parameters
    params = [p.detach().requires_grad_(True) for p in originals]
    states = [dict(opt.state.get(p, {})) for p in originals]
    # buffers (batch norm's running statistics) are copied so the steps' forward passes cannot touch D's
    buffers = {name: b.clone() for name, b in d.named_buffers()}
    for _ in range(k):
        loss = d_loss(forward_with(d, dict(zip(names, params, strict=True)), buffers))
        grads = torch.autograd.grad(loss, params, create_graph=True)
        stepped = [rule(p, g, s, group) for p, g, s in zip(params, grads, states, strict=True)]
        params = [p for p, _ in stepped]
        states = [s for _, s in stepped]
        if clip > 0:
            params = [p.clamp(-clip, clip) for p in params]
    return dict(zip(names, params, strict=True))


def forward_with(d: nn.Module, params: dict[str, torch.Tensor], buffers: dict[str, torch.Tensor] | None = None
                 ) -> Callable[[torch.Tensor], torch.Tensor]:
    """D's forward pass with these parameters in place of its own."""
    tensors = {**(buffers or {}), **params}
    return lambda x: functional_call(d, tensors, (x,))


def unrolled_discriminator(d: nn.Module, opt: torch.optim.Optimizer, d_loss: Callable, k: int,
                           clip: float = 0.0) -> Callable[[torch.Tensor], torch.Tensor]:
    """D after k unrolled steps, as a function of x (see unrolled_parameters)."""
    buffers = {name: b.clone() for name, b in d.named_buffers()}
    return forward_with(d, unrolled_parameters(d, opt, d_loss, k, clip), buffers)
