"""An image GAN end to end: DCGAN's players as the paper prescribes, determinism, and measurements that
are what they say (nearest images by brute force, class shares by the classifier) and draw from no
training stream."""

import numpy as np
import pytest
import torch
from torch import nn

from ganviz.core.config import from_dict
from ganviz.core.digits_classifier import classifier
from ganviz.core.errors import ConfigError
from ganviz.core.image_metrics import class_shares
from ganviz.core.trainer import Trainer

DCGAN = {"target": "digits", "network": "dcgan", "latent": "normal", "latent_dim": 8, "hidden": 8,
         "batchnorm": True, "activation_g": "relu", "activation_d": "leaky_relu", "batch_size": 32, "log_every": 10}


def test_dcgan_players_follow_the_prescription_and_map_64_numbers():
    tr = Trainer(from_dict(DCGAN))
    g, d = tr.G, tr.D.body
    out = g(torch.randn(7, 8))
    assert out.shape == (7, 64) and out.abs().max() <= 1  # tanh output
    assert d(out).shape == (7, 1)
    g_layers, d_layers = list(g.modules()), list(d.modules())
    assert isinstance(g.up[-1], nn.Tanh) and isinstance(g.up[-2], nn.ConvTranspose2d)  # no norm before G's output
    assert isinstance(d.net[0], nn.Conv2d) and not isinstance(d.net[1], nn.BatchNorm2d)  # none at D's input
    assert any(isinstance(m, nn.BatchNorm2d) for m in g_layers) and any(isinstance(m, nn.BatchNorm2d) for m in d_layers)
    assert any(isinstance(m, nn.ReLU) for m in g_layers) and any(isinstance(m, nn.LeakyReLU) for m in d_layers)
    assert [m.stride for m in d_layers if isinstance(m, nn.Conv2d)] == [(2, 2), (2, 2)]  # strided, no pooling


def test_same_seed_same_samples_and_measuring_changes_nothing():
    a, b, c = (Trainer(from_dict(DCGAN)) for _ in range(3))
    a.train(12)
    for _ in range(3):  # measured between steps: the training streams must not notice
        b.train(4)
        b.log()
        b.snapshot()
    c.train(12)
    for x, y in ((a, b), (a, c)):
        np.testing.assert_array_equal(x.snapshot().samples, y.snapshot().samples)
    other = Trainer(from_dict({**DCGAN, "seed": 1}))
    other.train(12)
    assert not np.array_equal(a.snapshot().samples, other.snapshot().samples)


def test_the_page_fields_are_what_they_say():
    tr = Trainer(from_dict({**DCGAN, "network": "mlp", "hidden": 32}))
    tr.train(5)
    snap = tr.snapshot()
    assert snap.kind == "image" and snap.samples.shape == (36, 8, 8)
    pool = tr.target.images
    flat = snap.samples.reshape(36, 64)
    for k in range(36):  # each sample's nearest training image, by brute force
        dist = np.sqrt(((pool - flat[k]) ** 2).sum(1))
        np.testing.assert_array_equal(snap.extra["nearest"][k].ravel(), pool[np.argmin(dist)])
        assert snap.extra["nearest_dist"][k] == pytest.approx(dist.min(), rel=1e-9)
    tr.G.eval()  # as the evaluator draws G: batch norm at its running statistics
    gen = tr.G(tr.evaluator.z_eval).detach().double().numpy()  # the same 1,000 fixed latents
    tr.G.train()
    np.testing.assert_allclose(snap.extra["class_share"], class_shares(classifier().probabilities(gen)))
    assert snap.extra["d_real"].shape == snap.extra["d_fake"].shape == (256,)
    row = tr.log()
    assert {"classes", "class_max", "class_target", "fd", "nn"} <= set(row) and row["fd"] > 0


@pytest.mark.parametrize("changes, key", [({"discriminator": "oracle"}, "discriminator"),
                                         ({"target": "ring"}, "network"), ({"pack": 2}, "pack"),
                                         ({"g_init_spread": 1.0, "network": "mlp"}, "g_init_spread")])
def test_what_images_rule_out_is_refused_by_name(changes, key):
    with pytest.raises(ConfigError) as err:
        from_dict({**DCGAN, **changes})
    assert err.value.key == key and "accepted" in err.value.message
