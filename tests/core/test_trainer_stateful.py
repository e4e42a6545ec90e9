"""Random sequences of Trainer commands (hypothesis, stateful): every command does what it says or is
refused naming the key, and the run never ends in an inconsistent state.

The model is what a user could write down while clicking: the step count, the settings in force,
the settings waiting for a reset, and the exact states seen before each iteration (a rewind must
land on one of them, a load must bring back the saved one, bit for bit).
"""

import math

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ganviz.core.checkpoint import Timeline, capture
from ganviz.core.config import changed_keys, from_dict, key_specs, needs_reset
from ganviz.core.errors import ConfigError
from ganviz.core.presets import load_preset
from ganviz.core.trainer import Trainer

# Keys whose large values only cost time (the machine is shared): valid values stay below these.
COST_CAPS = {"batch_size": 64, "d_steps": 3, "g_steps": 3, "unroll_steps": 2, "hidden": 12, "layers": 2,
             "latent_dim": 3, "pack": 4, "log_every": 1000}
# Keys a valid-looking value can still be refused under: the combination rules of config.py.
COMBINATION_KEYS = {"method", "discriminator", "batchnorm", "pack", "minibatch_std"}
BASE = {"hidden": 8, "batch_size": 32}
TIMELINE_EVERY, TIMELINE_CAPACITY = 2, 4  # frequent checkpoints, so that a short sequence thins them


def valid_value(spec):
    """A strategy of values this key accepts."""
    if spec.choices is not None:
        return st.sampled_from(spec.choices)
    if spec.type is bool:
        return st.booleans()
    if spec.type is list:
        return st.lists(st.floats(spec.lo, spec.hi), min_size=1, max_size=4)
    hi = min(spec.hi, COST_CAPS.get(spec.key, spec.hi))
    if spec.type is int:
        return st.integers(int(spec.lo), int(hi))
    if spec.log:
        return st.floats(math.log(spec.lo), math.log(hi)).map(lambda u: min(max(math.exp(u), spec.lo), hi))
    return st.floats(spec.lo, hi)


def invalid_value(spec):
    """A strategy of values this key refuses: wrong type, out of range, NaN or infinite."""
    junk = st.one_of(st.none(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
                     st.dictionaries(st.text(max_size=2), st.integers(), max_size=1))
    if spec.choices is not None:
        return st.one_of(junk.filter(lambda v: v not in spec.choices), st.integers(), st.floats())
    if spec.type is bool:
        return st.one_of(junk, st.integers(), st.floats())
    if spec.type is list:
        return st.one_of(st.none(), st.text(max_size=5), st.just([]),
                         st.lists(st.sampled_from([math.nan, math.inf, spec.hi * 2, -1.0]), min_size=1, max_size=3))
    bad_numbers = st.sampled_from([math.nan, math.inf, -math.inf, spec.lo - 1, spec.hi * 2 + 1, True, 1e308])
    if spec.type is int:
        bad_numbers = st.one_of(bad_numbers, st.just(spec.lo + 0.5))
    return st.one_of(junk.filter(lambda v: not isinstance(v, bool | int | float)), bad_numbers)


def arrays_of(state):
    """The training state's arrays (weights, gradients, optimizer slots, torch RNG) and numpy RNG states."""
    kinds = ("module", "grad", "optim", "rng")
    return ({k: v for k, v in state.arrays.items() if k.split("/")[0] in kinds}, state.header["numpy_rngs"])


def assert_same_state(a, b):
    (arrays_a, rng_a), (arrays_b, rng_b) = arrays_of(a), arrays_of(b)
    assert sorted(arrays_a) == sorted(arrays_b)
    for name in arrays_a:
        np.testing.assert_array_equal(arrays_a[name], arrays_b[name], err_msg=name)
    assert rng_a == rng_b


class TrainerMachine(RuleBasedStateMachine):
    """Drives one Trainer; the model is the step, the settings and the states seen before each iteration."""

    @initialize(preset=st.sampled_from(["bimodal-1d", "dirac-gan", "gaussian-1d"]))
    def start(self, preset):
        self.tr = Trainer(load_preset(preset).with_changes(BASE if preset != "dirac-gan" else {}))
        self._new_timeline()
        self.step = 0
        self.before_iterate: dict[int, object] = {}  # step → the state just before iterating from it
        self.saved = []

    def _new_timeline(self):
        self.tr.timeline = Timeline(every=TIMELINE_EVERY, capacity=TIMELINE_CAPACITY)

    # ----- training ---------------------------------------------------------------------------------
    @rule(n=st.integers(1, 3))
    def iterate(self, n):
        for _ in range(n):
            ok = self.tr.status == "ok"
            # a checkpoint already taken at this step (by a load, before a single update) is kept,
            # so the state seen now is what a rewind gives back only when no mark is there yet
            if ok and self.step not in self.tr.timeline.steps():
                self.before_iterate[self.step] = capture(self.tr, history=False)
            self.tr.iterate()
            self.step += ok  # a diverged run does not move
            assert self.tr.step_count == self.step

    @rule(which=st.sampled_from(["d", "g"]))
    def single_step(self, which):
        if self.tr.status != "ok":
            return
        getattr(self.tr, f"step_{which}")()
        assert self.tr.step_count == self.step  # a single update is not an iteration
        self.before_iterate.pop(self.step, None)  # the state at this step has moved on

    # ----- settings ---------------------------------------------------------------------------------
    @rule(data=st.data())
    def change_a_key(self, data):
        specs = key_specs(self.tr.config)
        key = data.draw(st.sampled_from(sorted(specs)), label="key")
        value = data.draw(valid_value(specs[key]), label="value")
        before, pending = self.tr.config, self.tr.pending
        try:
            waiting = self.tr.apply({key: value})
        except ConfigError as e:
            assert e.key in {key, "target", *COMBINATION_KEYS}, (key, value, e)
            assert (self.tr.config, self.tr.pending) == (before, pending)  # refused: nothing changed
            return
        wanted = (pending or before).with_changes({key: value})
        if key in waiting:
            assert self.tr.pending is not None and self.tr.pending.to_dict()[key] == wanted.to_dict()[key]
            assert self.tr.config.to_dict()[key] == before.to_dict()[key]  # not yet: after a reset
        else:
            assert self.tr.config.to_dict()[key] == wanted.to_dict()[key]  # at once
        assert self.tr.step_count == self.step

    @rule(data=st.data())
    def refuse_a_bad_value(self, data):
        specs = key_specs(self.tr.config)
        key = data.draw(st.sampled_from(sorted(specs)), label="key")
        value = data.draw(invalid_value(specs[key]), label="value")
        before, pending = self.tr.config, self.tr.pending
        try:
            self.tr.apply({key: value})
        except ConfigError as e:
            assert e.key == key and e.message, e
        else:
            raise AssertionError(f"{key}={value!r} was accepted")
        assert (self.tr.config, self.tr.pending) == (before, pending)

    @rule(data=st.data())
    def refuse_an_unknown_key(self, data):
        specs = key_specs(self.tr.config)
        key = data.draw(st.one_of(st.text(min_size=1, max_size=8), st.text(max_size=4).map("target.".__add__))
                        .filter(lambda k: k not in specs), label="key")
        before = self.tr.config
        try:
            self.tr.apply({key: 1})
        except ConfigError as e:
            assert e.key in (key, repr(key)) and ("unknown" in e.message or "must be" in e.message), e
        else:
            raise AssertionError(f"unknown key {key!r} was accepted")
        assert self.tr.config == before

    # ----- lifecycle --------------------------------------------------------------------------------
    @rule()
    def reset(self):
        wanted = self.tr.pending or self.tr.config
        self.tr.reset()
        self._new_timeline()
        assert self.tr.config == wanted and self.tr.pending is None and self.tr.status == "ok"
        self.step = 0
        self.before_iterate = {}

    @rule()
    def save(self):
        self.saved.append(capture(self.tr))

    @precondition(lambda self: self.saved)
    @rule(data=st.data())
    def load(self, data):
        state = data.draw(st.sampled_from(self.saved), label="saved")
        self.tr.restore(state)
        self._new_timeline()
        self.tr.timeline.record(self.tr)
        assert_same_state(capture(self.tr), state)
        assert self.tr.config == from_dict(state.header["config"]) and self.tr.status == state.header["status"]
        self.step = state.step
        self.before_iterate = {self.step: capture(self.tr, history=False)}  # what the load's checkpoint holds

    @rule(back=st.integers(0, 8))
    def rewind(self, back):
        asked = max(self.step - back, 0)
        marks = [s for s in self.tr.timeline.steps() if s <= asked]
        try:
            landed = self.tr.rewind(asked)
        except ConfigError as e:
            assert not marks and e.key == "rewind" and "no checkpoint" in e.message
            return
        assert landed == marks[-1] == self.tr.step_count
        if landed in self.before_iterate:  # the checkpoint is the state seen then, bit for bit
            assert_same_state(capture(self.tr, history=False), self.before_iterate[landed])
        self.step = landed
        self.before_iterate = {s: v for s, v in self.before_iterate.items() if s <= landed}

    # ----- what must always hold ----------------------------------------------------------------------
    @invariant()
    def consistent(self):
        tr = getattr(self, "tr", None)
        if tr is None:
            return
        assert from_dict(tr.config.to_dict()) == tr.config  # the settings in force are valid
        assert tr.step_count == self.step
        if tr.pending is not None:  # only keys that need a reset wait for one
            assert set(changed_keys(tr.config, tr.pending)) == set(needs_reset(tr.config, tr.pending)) != set()
        if tr.status == "ok":
            assert tr.diverged_step is None and tr.message == ""
        else:
            assert tr.status == "diverged" and tr.diverged_step is not None and "diverged" in tr.message
        steps = tr.timeline.steps()
        assert steps == sorted(steps) and all(s <= tr.step_count for s in steps)
        assert len(steps) <= TIMELINE_CAPACITY


TrainerMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                            suppress_health_check=[HealthCheck.too_slow])
test_trainer_commands = TrainerMachine.TestCase
