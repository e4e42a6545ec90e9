"""Inside the networks: every hidden unit of an MLP player as a picture of its activation over the
player's input, with the weights that feed it.

D's input is data space (a line in 1-D, the plane in 2-D), G's the latent (a line for a 1-D latent,
the plane of its first two coordinates otherwise, the others held at the latent law's centre). A unit's picture is its
output after the activation (and batch norm with its running statistics, as at evaluation) at
each point of a grid over that input. Nothing here trains or draws from a random stream.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ganviz.core.models import ACTIVATIONS, MLP
from ganviz.core.neuron_maps import LayerMaps, NetworkMaps, grid_points, keep_units, strongest_units

LAYER_KINDS = tuple(type(make()) for make in ACTIVATIONS.values())  # the modules that end a hidden layer


def why_not(cfg, player: str = "D") -> str | None:
    """Why this run's `player` ("G" or "D") cannot be drawn unit by unit, or None."""
    if cfg.target == "dirac":
        return "the Dirac-GAN's players are single numbers, not networks (see its phase plane)"
    if cfg.image:
        return ("an image player's input or output is 64 pixels: its units have no picture over a line or a "
                "plane (the image page shows what G makes and how D scores it)")
    if player == "G":
        return None
    if cfg.method == "gmn":
        return "a GMN has no discriminator: MMD compares the samples themselves"
    if cfg.discriminator == "oracle":
        return "D is the oracle D* = p_t/(p_t+p_g), computed from the densities, not a network"
    if cfg.pack > 1 or cfg.minibatch_std:
        return ("with packing or the minibatch-std feature, D reads several samples at once: it has no "
                "picture over one point")
    return None


@torch.no_grad()
def network_maps(mlp: MLP, player: str, xs: np.ndarray, ys: np.ndarray | None = None,
                 input_scale: float = 1.0, others: float = 0.0) -> NetworkMaps:
    """Run the grid through `mlp` once, keeping each hidden layer's output (after its activation); input
    coordinates beyond the grid's one or two are held at `others`."""
    first = mlp.net[0]
    dtype = first.weight.dtype
    pts = grid_points(np.asarray(xs, float), None if ys is None else np.asarray(ys, float), first.in_features,
                      others)
    h = torch.as_tensor(pts * input_scale, dtype=dtype)
    shape = (len(xs),) if ys is None else (len(ys), len(xs))
    was_training = mlp.training
    mlp.eval()  # batch norm with its running statistics, as the evaluator draws the players
    try:
        layers, linear = [], None
        for module in mlp.net:
            h = module(h)
            if isinstance(module, nn.Linear):
                linear = module
            elif isinstance(module, LAYER_KINDS):
                units = h.shape[1]
                layers.append(LayerMaps(h.T.reshape(units, *shape).double().numpy().copy(),
                                        linear.weight.double().numpy().copy(), linear.bias.double().numpy().copy()))
    finally:
        mlp.train(was_training)
    last = mlp.output_layer
    return NetworkMaps(player, np.asarray(xs, float), None if ys is None else np.asarray(ys, float), layers,
                       h.T.reshape(h.shape[1], *shape).double().numpy().copy(),
                       last.weight.double().numpy().copy(), last.bias.double().numpy().copy(), first.in_features)


LINE_POINTS = 161  # grid points of a unit's curve over a line
PLANE_POINTS = 40  # per side of a unit's picture over a plane (40 × 40: smooth at a thumbnail's size)


def latent_range(kind: str) -> tuple[float, float, float]:
    """The stretch of one latent coordinate drawn and its centre: the uniform's [0, 1] around 0.5, the
    normal's ±2.5 (98.8 % of it) around 0, as the warped latent grid of the 2-D views."""
    return (0.0, 1.0, 0.5) if kind == "uniform" else (-2.5, 2.5, 0.0)


def _input_grid(trainer, player: str) -> tuple[np.ndarray, np.ndarray | None, float]:
    """(xs, ys or None, the value of input coordinates off the grid) over which `player` is drawn: D over
    the target's bounds, G over its latent's first one or two coordinates."""
    if player == "D":
        bounds, others = trainer.target.bounds, 0.0
    else:
        lo, hi, others = latent_range(trainer.config.latent)
        bounds = [(lo, hi)] * min(2, trainer.config.latent_dim)
    if len(bounds) == 1:
        return np.linspace(*bounds[0], LINE_POINTS), None, others
    (x0, x1), (y0, y1) = bounds[:2]
    return np.linspace(x0, x1, PLANE_POINTS), np.linspace(y0, y1, PLANE_POINTS), others


def players_maps(trainer, units: int) -> tuple[dict[str, NetworkMaps], dict[str, str]]:
    """Both players' maps at the trainer's current weights, each hidden layer cut to its `units` most
    important units (neuron_maps.importance); and why a player is not drawn, by player."""
    maps, why = {}, {}
    for player in ("G", "D"):
        reason = why_not(trainer.config, player)
        if reason is not None:
            why[player] = reason
            continue
        net, scale = (trainer.G, 1.0) if player == "G" else (trainer.D.body, trainer.D.input_scale)
        xs, ys, others = _input_grid(trainer, player)
        full = network_maps(net, player, xs, ys, scale, others)
        maps[player] = keep_units(full, strongest_units(full, units))
    return maps, why
