"""The opponent a config trains G against, and that the trainer and the evaluator follow it."""

import math

import pytest

from ganviz.core.config import default_config
from ganviz.core.opponents import LEARNED, MMD, ORACLE, opponent_for
from ganviz.core.trainer import Trainer


@pytest.mark.parametrize(("method", "discriminator", "opponent"), [
    ("gan", "learned", LEARNED), ("gan", "oracle", ORACLE), ("gmn", "learned", MMD), ("gmn", "oracle", MMD)])
def test_each_config_has_one_opponent(method, discriminator, opponent):
    cfg = default_config().with_changes({"method": method, "discriminator": discriminator})
    assert opponent_for(cfg) is opponent


@pytest.mark.parametrize("opponent", [LEARNED, ORACLE, MMD])
def test_the_trainer_and_its_measurements_follow_the_opponent(opponent):
    changes = {"learned": {}, "oracle": {"discriminator": "oracle"}, "mmd": {"method": "gmn"}}[opponent.name]
    tr = Trainer(default_config().with_changes({**changes, "batch_size": 64, "seed": 3}))
    d_before = [p.detach().clone() for p in tr.D.parameters()]
    tr.train(3)
    d_moved = any(not bool((a == b.detach()).all()) for a, b in zip(d_before, tr.D.parameters(), strict=True))
    assert tr.trains_d == d_moved == opponent.trains_d  # only a learned D is trained
    metrics = tr.log()
    assert math.isnan(metrics["loss_d"]) == (not opponent.through_d)  # a GMN has no D loss
    assert math.isnan(metrics["d_gap"]) == (not opponent.trains_d)  # a gap of D to D* only for a learned D
    snap = tr.snapshot()
    assert (snap.witness is not None) == (not opponent.through_d)  # the MMD's witness stands where D would
    if opponent.d_is_d_star:
        shown = ~(snap.d != snap.d)  # where D* is drawn at all
        assert (snap.d[shown] == snap.d_star[shown]).all()
