"""Hidden units as pictures: the maps against a forward pass written out by hand in numpy."""

import numpy as np
import pytest
import torch

from ganviz.core.config import from_dict
from ganviz.core.neurons import grid_points, network_maps, why_not
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

ACT = {"relu": lambda a: np.maximum(a, 0), "tanh": np.tanh, "leaky_relu": lambda a: np.where(a > 0, a, 0.2 * a)}


def by_hand(mlp, pts, activation):
    """Each hidden layer's outputs and the net's output, from its weights alone (no batch norm)."""
    linears = [m for m in mlp.net if isinstance(m, torch.nn.Linear)]
    h, hidden = pts, []
    for lin in linears[:-1]:
        h = ACT[activation](h @ lin.weight.detach().double().numpy().T + lin.bias.detach().double().numpy())
        hidden.append(h)
    out = h @ linears[-1].weight.detach().double().numpy().T + linears[-1].bias.detach().double().numpy()
    return hidden, out


@pytest.mark.parametrize("activation", ["relu", "tanh", "leaky_relu"])
def test_d_over_the_plane_is_its_layers_outputs(activation):
    tr = Trainer(load_preset("ring-8").with_changes({"hidden": 12, "layers": 3, "activation": activation}))
    xs, ys = np.linspace(-3, 3, 7), np.linspace(-2, 2, 5)
    maps = network_maps(tr.D.body, "D", xs, ys)
    assert [m.activations.shape for m in maps.layers] == [(12, 5, 7)] * 3
    assert [m.weights.shape for m in maps.layers] == [(12, 2), (12, 12), (12, 12)]
    assert maps.output.shape == (1, 5, 7)
    hidden, out = by_hand(tr.D.body, grid_points(xs, ys, 2), activation)
    for layer, want in zip(maps.layers, hidden, strict=True):
        np.testing.assert_allclose(layer.activations.reshape(12, -1), want.T, rtol=1e-5, atol=1e-6)
    # the image convention: row i is y = ys[i], column j is x = xs[j]
    np.testing.assert_allclose(maps.output[0, 4, 0], out[4 * 7 + 0, 0], rtol=1e-5, atol=1e-6)
    # and D's own logits at the same points
    logits = tr.D(torch.as_tensor(grid_points(xs, ys, 2), dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(maps.output.reshape(-1), logits, rtol=1e-5, atol=1e-6)


def test_g_over_a_line_latent_and_the_first_two_of_a_wider_one():
    tr = Trainer(from_dict({"target": "bimodal", "latent_dim": 1, "hidden": 8, "layers": 2}))
    zs = np.linspace(-1, 1, 9)
    maps = network_maps(tr.G, "G", zs)
    assert [m.activations.shape for m in maps.layers] == [(8, 9)] * 2 and maps.output.shape == (1, 9)
    g_of_z = tr.G(torch.as_tensor(zs[:, None], dtype=torch.float32))[:, 0].detach().numpy()
    np.testing.assert_allclose(maps.output[0], g_of_z, rtol=1e-5, atol=1e-6)
    wide = Trainer(from_dict({"target": "ring", "latent_dim": 4, "hidden": 8, "layers": 2}))
    maps = network_maps(wide.G, "G", zs, zs[:3])
    pts = grid_points(zs, zs[:3], 4)
    assert (pts[:, 2:] == 0).all() and maps.output.shape == (2, 3, 9)
    g_of_z = wide.G(torch.as_tensor(pts, dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(maps.output.reshape(2, -1).T, g_of_z, rtol=1e-5, atol=1e-6)


def test_batch_norm_is_drawn_with_its_running_statistics_and_left_in_training_mode():
    tr = Trainer(load_preset("ring-8").with_changes({"hidden": 8, "batchnorm": True}))
    tr.train(5)
    xs = np.linspace(-2, 2, 6)
    maps = network_maps(tr.D.body, "D", xs, xs)
    assert tr.D.body.training  # put back as it was
    tr.D.body.eval()
    want = tr.D(torch.as_tensor(grid_points(xs, xs, 2), dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(maps.output.reshape(-1), want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("changes, words", [({"target": "dirac"}, "single numbers"), ({"pack": 2}, "packing")])
def test_players_without_a_picture_per_unit_are_named(changes, words):
    assert words in why_not(load_preset("ring-8").with_changes(changes))
    assert why_not(load_preset("ring-8")) is None
