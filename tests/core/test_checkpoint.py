"""Capture and restore a trainer: resuming and rewinding give bit for bit the run that would have happened."""

import numpy as np
import pytest
import torch

from ganviz.core import checkpoint
from ganviz.core.checkpoint import Timeline, capture
from ganviz.core.errors import ConfigError
from ganviz.core.experiment_file import from_bytes, to_bytes
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

LOG_EVERY = 50


def small(preset="bimodal-1d", **changes):
    """A preset with small networks and frequent records, so that the tests are quick."""
    return load_preset(preset).with_changes({"hidden": 16, "log_every": LOG_EVERY, **changes})


def drive(tr, steps, changes_at=None):
    """Train `steps` iterations, recording histories every log_every steps (as `ganviz run` does)."""
    for _ in range(steps):
        if changes_at and tr.step_count in changes_at:
            tr.apply(changes_at[tr.step_count])
        tr.iterate()
        if tr.step_count % tr.config.log_every == 0:
            tr.log()


def assert_same_run(a, b):
    """Exactly equal: step, status, weights and buffers, optimizer states, RNG states and histories."""
    assert (a.step_count, a.status, a.config) == (b.step_count, b.status, b.config)
    for x, y in ((a.G, b.G), (a.D, b.D)):
        sa, sb = x.state_dict(), y.state_dict()
        assert sa.keys() == sb.keys()
        for k in sa:
            assert torch.equal(sa[k], sb[k]), k
    for x, y in ((a.opt_g, b.opt_g), (a.opt_d, b.opt_d)):
        sa, sb = x.state_dict(), y.state_dict()
        assert sa["param_groups"] == sb["param_groups"]
        for i in sa["state"]:
            for k in sa["state"][i]:
                assert torch.equal(sa["state"][i][k], sb["state"][i][k]), (i, k)
    assert torch.equal(a.gen.get_state(), b.gen.get_state())
    assert a.rng.bit_generator.state == b.rng.bit_generator.state
    assert a.history.keys() == b.history.keys()
    for k in a.history:
        np.testing.assert_array_equal(a.history[k], b.history[k], err_msg=k)


CASES = {
    "adam, learned D": small(),
    "batch norm, simultaneous, SGD momentum, instance noise (2-D)": small(
        "ring-8", batchnorm=True, update="simultaneous", optimizer_d="sgd", momentum=0.9,
        regularizer="instance-noise", reg_weight=0.05, batch_size=64),
    "dirac-gan in float64, rmsprop": load_preset("dirac-gan").with_changes({"optimizer_g": "rmsprop"}),
}


@pytest.mark.parametrize("config", CASES.values(), ids=CASES.keys())
def test_save_at_150_load_and_play_150_equals_300_steps(config):
    whole = Trainer(config)
    whole.log()
    drive(whole, 300)

    first = Trainer(config)
    first.log()
    drive(first, 150)
    saved = to_bytes(capture(first))  # through the file format, as a save and an open would
    resumed = Trainer(small("gaussian-1d", hidden=8))  # another experiment: everything is rebuilt
    resumed.restore(from_bytes(saved))
    drive(resumed, 150)

    assert whole.history["step"][-1] == 300 and len(whole.history["step"]) == 300 // config.log_every + 1
    assert_same_run(whole, resumed)


def test_resume_after_live_changes_keeps_them_including_another_optimizer_kind():
    changes = {40: {"optimizer_g": "sgd", "momentum": 0.5, "lr_g": 0.01}, 90: {"loss": "hinge", "lr_d": 5e-4}}
    whole = Trainer(small())
    drive(whole, 200, changes)
    first = Trainer(small())
    drive(first, 120, changes)
    resumed = Trainer(small())  # same architecture: restored in place
    resumed.restore(capture(first))
    assert resumed.config.optimizer_g == "sgd" and type(resumed.opt_g) is torch.optim.SGD
    drive(resumed, 80)
    assert_same_run(whole, resumed)


def test_pending_settings_and_a_diverged_status_are_part_of_the_state():
    tr = Trainer(small(lr_g=1000.0, lr_d=1000.0, optimizer_g="sgd", optimizer_d="sgd"))
    drive(tr, 50)
    assert tr.status == "diverged"
    assert tr.apply({"hidden_d": 24}) == ["hidden_d"]
    other = Trainer(small())
    other.restore(capture(tr))
    assert (other.status, other.diverged_step, other.message) == (tr.status, tr.diverged_step, tr.message)
    assert other.pending is not None and other.pending.hidden_d == 24 and other.config.hidden_d == 16
    other.reset()
    assert other.config.hidden_d == 24 and other.step_count == 0


def test_a_module_added_to_the_trainer_is_captured_without_being_listed():
    # as another feature might add a network of its own to the trainer
    a, b = Trainer(small()), Trainer(small())
    for tr, seed in ((a, 1), (b, 2)):
        tr.critic_copy = torch.nn.Linear(3, 2)
        torch.nn.init.normal_(tr.critic_copy.weight, generator=torch.Generator().manual_seed(seed))
    b.restore(capture(a))
    assert torch.equal(a.critic_copy.weight, b.critic_copy.weight)


def test_a_state_that_does_not_fit_is_refused_and_the_trainer_is_untouched():
    source = Trainer(small())
    drive(source, 30)
    tr = Trainer(small(lr_g=3e-4))
    drive(tr, 20)
    before = capture(tr)
    state = capture(source)
    name = "module/G/net.0.weight"
    state.arrays[name] = np.zeros((3, 3), dtype=np.float32)
    with pytest.raises(ConfigError, match=r"module/G/net\.0\.weight has shape \(3, 3\)"):
        tr.restore(state)
    after = capture(tr)
    assert after.header == before.header
    assert after.arrays.keys() == before.arrays.keys()
    for k in before.arrays:
        np.testing.assert_array_equal(after.arrays[k], before.arrays[k])
    assert tr.config.lr_g == pytest.approx(3e-4)  # the config applied first was put back too

    del state.arrays[name]
    with pytest.raises(ConfigError, match="is missing"):
        tr.restore(state)
    state = capture(source)
    state.header["optimizers"]["opt_g"]["type"] = "SGD"
    with pytest.raises(ConfigError, match="SGD optimizer"):
        tr.restore(state)
    state = capture(source)
    state.header["config"]["lr_g"] = -1
    with pytest.raises(ConfigError, match="lr_g"):
        tr.restore(state)
    assert capture(tr).header == before.header


def test_a_refused_state_of_other_networks_leaves_the_run_as_it_was():
    # the trainer rebuilds itself for the state's networks first, so a refusal has to rebuild it back
    tr = Trainer(small())
    drive(tr, 120)
    twin = Trainer(small())
    drive(twin, 120)
    timeline = tr.timeline
    state = capture(Trainer(small(hidden=24)))
    name = min(k for k in state.arrays if k.startswith("module/D/"))
    state.arrays[name] = np.zeros((3, 3), dtype=np.float32)
    with pytest.raises(ConfigError, match=r"has shape \(3, 3\)"):
        tr.restore(state)
    assert tr.config.hidden_d == 16 and tr.timeline is timeline and timeline.steps() == [0, 50, 100]
    drive(tr, 60)
    drive(twin, 60)
    assert_same_run(tr, twin)


def test_rewinding_and_playing_on_unchanged_reproduces_the_run():
    whole = Trainer(small())
    whole.log()
    drive(whole, 400)
    tr = Trainer(small())
    tr.log()
    drive(tr, 400)
    assert tr.timeline.steps() == list(range(0, 400, checkpoint.EVERY))

    assert tr.rewind(230) == 200  # the newest checkpoint at or before 230
    assert tr.step_count == 200 and tr.history["step"][-1] == 200
    assert tr.timeline.steps() == list(range(0, 201, checkpoint.EVERY))  # the future is gone
    drive(tr, 200)
    assert_same_run(whole, tr)


def test_changing_a_key_after_rewinding_branches_the_run():
    original = Trainer(small())
    drive(original, 300)
    tr = Trainer(small())
    drive(tr, 300)
    tr.rewind(100)
    tr.apply({"lr_g": 1e-2})
    drive(tr, 200)
    assert tr.step_count == 300
    np.testing.assert_array_equal(tr.history["step"], original.history["step"])
    np.testing.assert_array_equal(tr.history["w1"][:2], original.history["w1"][:2])  # steps 50 and 100 shared
    assert not np.array_equal(tr.history["w1"][2:], original.history["w1"][2:])  # then they part
    assert not torch.equal(tr.G.output_layer.weight, original.G.output_layer.weight)


def test_rewind_with_no_checkpoint_yet_is_refused():
    tr = Trainer(small())
    with pytest.raises(ConfigError, match="none is recorded yet"):
        tr.rewind(0)
    tr.train(1)
    assert tr.rewind(0) == 0 and tr.step_count == 0


def test_the_timeline_stays_bounded_and_evenly_spread_over_a_long_run():
    tr = Trainer(small())
    tr.timeline = Timeline(every=1, capacity=8)
    tr.train(300)
    steps = tr.timeline.steps()
    assert 4 <= len(steps) <= 8
    assert steps[0] == 0 and set(np.diff(steps)) == {tr.timeline.every}
    assert steps[-1] > 300 - 2 * tr.timeline.every  # the recent past is always there
    assert tr.rewind(steps[2]) == steps[2]


def test_large_networks_keep_fewer_checkpoints(monkeypatch):
    tr = Trainer(small())
    size = checkpoint.nbytes(capture(tr, history=False))
    monkeypatch.setattr(checkpoint, "MEMORY_BUDGET", 10 * size)
    tr.timeline = Timeline(every=1, capacity=64)
    tr.train(100)
    assert tr.timeline.capacity == 10 and len(tr.timeline.steps()) <= 10
