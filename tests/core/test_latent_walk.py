"""Latent walks: the two interpolations against their definitions."""

import numpy as np
import pytest
import torch

from ganviz.core.config import from_dict
from ganviz.core.latent_walk import path, walk
from ganviz.core.trainer import Trainer


def test_linear_goes_straight_and_spherical_turns_at_a_constant_rate_keeping_the_norm():
    rng = np.random.default_rng(0)
    za, zb = rng.normal(size=5), rng.normal(size=5)
    line = path(za, zb, 9, "linear")
    np.testing.assert_allclose(line[[0, -1]], [za, zb])
    np.testing.assert_allclose(line[4], (za + zb) / 2)
    zb = zb / np.linalg.norm(zb) * np.linalg.norm(za)  # equal norms
    arc = path(za, zb, 9, "spherical")
    np.testing.assert_allclose(arc[[0, -1]], [za, zb], atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(arc, axis=1), np.linalg.norm(za), rtol=1e-12)
    angle = np.arccos(za @ zb / (za @ za))
    unit = arc / np.linalg.norm(arc, axis=1, keepdims=True)
    steps = np.arccos(np.clip((unit[:-1] * unit[1:]).sum(1), -1, 1))
    np.testing.assert_allclose(steps, angle / 8, rtol=1e-9)
    # between two latents of equal norm the straight line's middle is nearer the origin; the arc's is not
    assert np.linalg.norm(path(za, zb, 9, "linear")[4]) < np.linalg.norm(za)
    np.testing.assert_allclose(path(za, 2 * za, 3, "spherical"), path(za, 2 * za, 3, "linear"))  # parallel
    with pytest.raises(ValueError):
        path(za, zb, 3, "curved")


def test_walking_g_draws_what_g_draws_and_touches_no_training_state():
    tr = Trainer(from_dict({"target": "digits", "network": "dcgan", "hidden": 8, "latent": "normal",
                            "latent_dim": 4, "batchnorm": True, "batch_size": 16}))
    tr.train(3)
    before = [p.clone() for p in tr.G.state_dict().values()]
    za, zb = np.ones(4), -np.ones(4)
    images = walk(tr.G, za, zb, 5, "linear")
    tr.G.eval()
    want = tr.G(torch.from_numpy(path(za, zb, 5, "linear")).float()).detach().double().numpy()
    tr.G.train()
    np.testing.assert_allclose(images, want, rtol=1e-6)
    assert images.shape == (5, 64) and tr.G.training
    assert all(torch.equal(a, b) for a, b in zip(before, tr.G.state_dict().values(), strict=True))
