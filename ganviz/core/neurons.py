"""Inside the networks: every hidden unit of an MLP player as a picture of its activation over the
player's input, with the weights that feed it.

D's input is data space (a line in 1-D, the plane in 2-D), G's the latent (a line for a 1-D latent,
the plane of its first two coordinates otherwise, the others held at 0). A unit's picture is its
output after the activation (and batch norm with its running statistics, as at evaluation) at
each point of a grid over that input. Nothing here trains or draws from a random stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ganviz.core.models import ACTIVATIONS, MLP

LAYER_KINDS = tuple(type(make()) for make in ACTIVATIONS.values())  # the modules that end a hidden layer


@dataclass(frozen=True)
class LayerMaps:
    """One hidden layer: each unit's activation over the grid and its incoming weights."""

    activations: np.ndarray  # (units, len(ys), len(xs)) over a plane, (units, len(xs)) over a line
    weights: np.ndarray  # (units, fan_in): rows of the layer's weight matrix
    bias: np.ndarray  # (units,)


@dataclass(frozen=True)
class NetworkMaps:
    """A player's hidden units over its input grid, and its output there."""

    player: str  # "G" or "D"
    xs: np.ndarray  # the grid along the first input coordinate
    ys: np.ndarray | None  # along the second (None: a line)
    layers: list[LayerMaps]
    output: np.ndarray  # (outputs, *grid shape): G's coordinates, or D's logit


def why_not(cfg) -> str | None:
    """Why this run's players cannot be drawn unit by unit, or None."""
    if cfg.target == "dirac":
        return "the Dirac-GAN's players are single numbers, not networks (see its phase plane)"
    if cfg.pack > 1 or cfg.minibatch_std:
        return ("with packing or the minibatch-std feature, D reads several samples at once: it has no "
                "picture over one point")
    return None


def grid_points(xs: np.ndarray, ys: np.ndarray | None, width: int) -> np.ndarray:
    """The grid as rows of a `width`-wide input: x (and y) in the first coordinates, 0 elsewhere; rows
    run along x fastest (so a reshape to (len(ys), len(xs)) is an image with y down the rows)."""
    if ys is None:
        pts = np.zeros((len(xs), width))
        pts[:, 0] = xs
        return pts
    gx, gy = np.meshgrid(xs, ys)
    pts = np.zeros((gx.size, width))
    pts[:, 0], pts[:, 1] = gx.ravel(), gy.ravel()
    return pts


@torch.no_grad()
def network_maps(mlp: MLP, player: str, xs: np.ndarray, ys: np.ndarray | None = None,
                 input_scale: float = 1.0) -> NetworkMaps:
    """Run the grid through `mlp` once, keeping each hidden layer's output (after its activation)."""
    first = mlp.net[0]
    dtype = first.weight.dtype
    pts = grid_points(np.asarray(xs, float), None if ys is None else np.asarray(ys, float), first.in_features)
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
    return NetworkMaps(player, np.asarray(xs, float), None if ys is None else np.asarray(ys, float), layers,
                       h.T.reshape(h.shape[1], *shape).double().numpy().copy())
