"""Hidden units as pictures: the maps against a forward pass written out by hand in numpy."""

import numpy as np
import pytest
import torch

from ganviz.core.config import from_dict
from ganviz.core.neuron_maps import grid_points, importance, keep_units, strongest_edges, strongest_units
from ganviz.core.neurons import LINE_POINTS, PLANE_POINTS, network_maps, players_maps, why_not
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


@pytest.mark.parametrize("changes, words", [({"target": "dirac"}, "single numbers"), ({"pack": 2}, "packing"),
                                            ({"method": "gmn"}, "no discriminator"),
                                            ({"discriminator": "oracle", "target": "bimodal"}, "oracle")])
def test_players_without_a_picture_per_unit_are_named(changes, words):
    assert words in why_not(load_preset("ring-8").with_changes(changes), "D")
    assert why_not(load_preset("ring-8"), "D") is None and why_not(load_preset("ring-8"), "G") is None
    g_reason = why_not(load_preset("ring-8").with_changes(changes), "G")
    assert (g_reason is not None) == (changes.get("target") == "dirac")  # G is a network but in the Dirac-GAN


def test_importance_is_spread_times_outgoing_length_by_brute_force():
    tr = Trainer(load_preset("ring-8").with_changes({"hidden": 6, "layers": 2}))
    xs = np.linspace(-2, 2, 9)
    maps = network_maps(tr.D.body, "D", xs, xs)
    hidden, _ = by_hand(tr.D.body, grid_points(xs, xs, 2), "relu")
    linears = [m for m in tr.D.body.net if isinstance(m, torch.nn.Linear)]
    scores = importance(maps)
    for layer in range(2):
        w_next = linears[layer + 1].weight.detach().double().numpy()
        for unit in range(6):
            want = np.std(hidden[layer][:, unit]) * np.sqrt(sum(w_next[r, unit] ** 2 for r in range(len(w_next))))
            assert scores[layer][unit] == pytest.approx(want, rel=1e-5, abs=1e-9)
    top = strongest_units(maps, 3)
    for layer in range(2):
        ranked = sorted(range(6), key=lambda u: -scores[layer][u])[:3]
        assert list(top[layer]) == sorted(ranked)


def test_kept_units_carry_their_numbers_and_the_edges_their_weights():
    tr = Trainer(load_preset("ring-8").with_changes({"hidden": 10, "layers": 2}))
    xs = np.linspace(-2, 2, 5)
    full = network_maps(tr.D.body, "D", xs, xs)
    chosen = [np.array([1, 4, 7]), np.array([0, 2, 3, 9])]
    kept = keep_units(full, chosen)
    assert [m.activations.shape for m in kept.layers] == [(3, 5, 5), (4, 5, 5)]
    assert [m.size for m in kept.layers] == [10, 10]
    np.testing.assert_allclose(kept.layers[1].activations, full.layers[1].activations[[0, 2, 3, 9]], rtol=1e-6)
    edges = strongest_edges(kept, per_node=2)
    # every drawn node has two incoming edges (inputs: only two, so both), each the weight it says it is
    assert len(edges) == 3 * 2 + 4 * 2 + 1 * 2
    w1, w2, w_out = (full.layers[0].weights, full.layers[1].weights, full.output_weights)
    for e in edges:
        if e.column == 1:
            assert e.weight == pytest.approx(w1[chosen[0][e.target], e.source])
        elif e.column == 2:
            assert e.weight == pytest.approx(w2[chosen[1][e.target], chosen[0][e.source]])
        else:
            assert e.weight == pytest.approx(w_out[e.target, chosen[1][e.source]])
    # into each node, no weight left out is larger than one drawn (brute force over the shown sources)
    for unit in range(4):
        drawn = [abs(e.weight) for e in edges if e.column == 2 and e.target == unit]
        rest = [abs(w2[chosen[1][unit], s]) for s in chosen[0]]
        assert sorted(drawn, reverse=True) == sorted(rest, reverse=True)[:2]


def test_players_maps_cut_each_layer_and_name_a_missing_d():
    tr = Trainer(load_preset("ring-8"))
    maps, why = players_maps(tr, units=8)
    assert why == {} and set(maps) == {"G", "D"}
    assert [m.activations.shape for m in maps["D"].layers] == [(8, PLANE_POINTS, PLANE_POINTS)] * 2
    assert [m.size for m in maps["D"].layers] == [128, 128]
    (x0, x1), (y0, y1) = tr.target.bounds
    assert maps["D"].xs[[0, -1]].tolist() == [x0, x1] and maps["D"].ys[[0, -1]].tolist() == [y0, y1]
    assert maps["G"].xs[[0, -1]].tolist() == [-2.5, 2.5]  # a normal latent
    gmn = Trainer(from_dict({"target": "bimodal", "method": "gmn", "hidden": 5}))
    maps, why = players_maps(gmn, units=8)
    assert set(maps) == {"G"} and "no discriminator" in why["D"]
    assert maps["G"].layers[0].activations.shape == (5, LINE_POINTS) and maps["G"].xs[[0, -1]].tolist() == [0, 1]
    # a uniform latent wider than two: the coordinates not drawn sit at the law's centre, 0.5
    wide = Trainer(from_dict({"target": "ring", "latent": "uniform", "latent_dim": 3, "hidden": 4, "layers": 1}))
    g = players_maps(wide, units=4)[0]["G"]
    pts = grid_points(g.xs, g.ys, 3, others=0.5)
    assert g.ys[[0, -1]].tolist() == [0, 1] and (pts[:, 2] == 0.5).all()
    want = wide.G(torch.as_tensor(pts, dtype=torch.float32)).detach().numpy()
    np.testing.assert_allclose(g.output.reshape(2, -1).T, want, rtol=1e-5, atol=1e-6)
