"""Random sequences of GUI commands to the trainer process (hypothesis, stateful), over real pipes with
the evaluator: valid commands take effect, invalid ones are refused naming the key, and the run never
ends in an inconsistent state while frames keep coming.

Every command is followed by a barrier: ("save",) is answered in order with everything sent before
it, and its answer holds the trainer's complete state (config, pending settings, step, status). The
first frame after it shows what the GUI would draw once the command took effect.
"""

import json
import math
import time

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ganviz.app.controls.transport import SPEEDS
from ganviz.app.session.protocol import Applied, Failed, Frame, Moved, Refused, SavedState
from ganviz.core import experiment_file
from ganviz.core.config import changed_keys, from_dict, key_specs, needs_reset
from tests.app.session.test_server import Harness
from tests.core.test_trainer_stateful import COMBINATION_KEYS, invalid_value, valid_value

REPLY_S = 10.0  # a reply or frame later than this means the trainer is stuck (the machine is shared)


class Session:
    """The GUI's end of a Harness: every message kept in order, frames acknowledged."""

    def __init__(self, harness: Harness):
        self.h = harness
        self.frames: list[Frame] = []
        self.replies: list[tuple] = []

    def _take(self, timeout: float) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.h.msg.poll(0.02):
                m = self.h.msg.recv()
                if isinstance(m, Frame):
                    self.h.send("credit")
                    self.frames.append(m)
                else:
                    self.replies.append(m)
                return m
        raise AssertionError(f"nothing from the trainer within {timeout} s")

    def barrier(self) -> tuple[list[tuple], dict, Frame]:
        """Replies to the commands sent so far, the trainer's state header then, and the next frame."""
        self.h.send("save")
        start = len(self.replies)
        while not (len(self.replies) > start and isinstance(self.replies[-1], SavedState)):
            self._take(REPLY_S)
        replies = self.replies[start:-1]
        header = experiment_file.from_bytes(self.replies[-1].data).header
        self.saved = self.replies[-1].data
        seen = len(self.frames)
        while len(self.frames) == seen:
            self._take(REPLY_S)
        return replies, header, self.frames[-1]


class ServerMachine(RuleBasedStateMachine):
    """The model: settings in force, settings waiting for a reset, the step, playing or not, generation."""

    @initialize(preset=st.sampled_from(["bimodal-1d", "dirac-gan"]))
    def start(self, preset):
        changes = {"batch_size": 32} if preset != "dirac-gan" else {}
        self.s = Session(Harness(preset, log_every=20, **changes))
        self.config = json.loads(self.s.h.server.trainer.config.to_json())
        self.pending: dict | None = None
        self.playing = False
        self.step = 0
        self.generation = 0
        self.fault_armed = False
        self.saved: list[bytes] = []
        self.last: Frame | None = None
        self.replies, self.header, self.frame = self.s.barrier()
        self.jumped = False  # the last command may move the step back (reset, rewind, load)

    def teardown(self):
        if hasattr(self, "s"):
            self.s.h.close()

    def _sync(self, jumped: bool = False, pausing: bool = False) -> list[tuple]:
        """Wait for the barrier; fold in what the trainer reports (playing stops on a fault or divergence).

        jumped: the command may move the step back (reset, rewind, load); pausing: it may pause (rewind,
        load). The rule checks those itself.
        """
        self.jumped = jumped
        errors_before = sum(isinstance(r, Failed) for r in self.s.replies)
        self.replies, self.header, self.frame = self.s.barrier()
        if self.playing and not self.frame.playing and not pausing:  # stopped by itself: it must say why
            if self.frame.snapshot.status == "ok":
                assert self.fault_armed, "training stopped with no fault and no divergence"
                while sum(isinstance(r, Failed) for r in self.s.replies) == errors_before:
                    self.s._take(REPLY_S)
                self.replies = self.replies + [r for r in self.s.replies if isinstance(r, Failed)][errors_before:]
            self.playing = False
        errors = [r for r in self.replies if isinstance(r, Failed)]
        if errors:
            assert self.fault_armed and "injected" in errors[0].message and "Traceback" in errors[0].details
            self.fault_armed = False
            self.playing = False
        if self.header["status"] != "ok":
            self.playing = False
        return [r for r in self.replies if not isinstance(r, Failed)]

    def _paused_and_ok(self) -> bool:
        return not self.playing and self.header["status"] == "ok"

    # ----- transport ----------------------------------------------------------------------------------
    @rule(on=st.booleans())
    def play(self, on):
        self.s.h.send("play", on)
        self.playing = on and self.header["status"] == "ok"
        self._sync()
        if not on:
            # paused: the step no longer moves from one barrier to the next
            step = self.header["step"]
            assert self._sync() == [] and self.header["step"] == step

    @rule(speed=st.sampled_from(SPEEDS))
    def speed(self, speed):
        self.s.h.send("speed", speed)
        assert self._sync() == []

    @rule(which=st.sampled_from(["d", "g", "both"]))
    def step_once(self, which):
        exact = self._paused_and_ok()
        before = self.header["step"]
        will_fault = exact and which == "both" and self.fault_armed
        self.s.h.send("step", which)
        assert self._sync() == []
        if exact:  # one iteration moves the step by one; a single D or G update does not
            moved = which == "both" and not will_fault and self.header["status"] == "ok"
            assert self.header["step"] - before == (1 if moved else 0) or self.header["status"] != "ok"
            if will_fault:
                assert not self.fault_armed  # the injected fault was raised and reported

    @precondition(lambda self: not self.fault_armed)
    @rule()
    def inject_a_fault(self):
        self.s.h.send("raise")
        self.fault_armed = True
        self._sync()

    # ----- settings -----------------------------------------------------------------------------------
    @rule(data=st.data())
    def change_a_key(self, data):
        specs = key_specs(from_dict(self.config))
        key = data.draw(st.sampled_from(sorted(specs)), label="key")
        value = data.draw(valid_value(specs[key]), label="value")
        self.s.h.send("apply", {key: value})
        (reply,) = self._sync()
        if isinstance(reply, Refused):
            assert reply.key in {key, "target", *COMBINATION_KEYS} and reply.message, reply
            assert self.header["config"] == self.config and self.header["pending"] == self.pending
            return
        assert isinstance(reply, Applied)
        wanted = from_dict(self.pending or self.config).with_changes({key: value}).to_dict()
        if key in reply.waiting:  # waits for a reset; the frame marks it
            assert self.header["pending"][key] == wanted[key] and self.header["config"][key] == self.config[key]
            assert key in self.frame.pending
        else:  # in force at once: the next frame runs with it
            assert self.header["config"][key] == wanted[key] == json.loads(self.frame.config_json)[key]
        self.config, self.pending = self.header["config"], self.header["pending"]

    @rule(data=st.data())
    def refuse_a_bad_value(self, data):
        specs = key_specs(from_dict(self.config))
        key = data.draw(st.sampled_from(sorted(specs)), label="key")
        value = data.draw(invalid_value(specs[key]), label="value")
        self.s.h.send("apply", {key: value})
        (reply,) = self._sync()
        assert isinstance(reply, Refused) and reply.key == key and "must be" in reply.message, reply
        assert self.header["config"] == self.config and self.header["pending"] == self.pending

    @rule(key=st.sampled_from(["lr", "target.nope", "Seed", "", "hidden_units"]))
    def refuse_an_unknown_key(self, key):
        self.s.h.send("apply", {key: 1})
        (reply,) = self._sync()
        assert isinstance(reply, Refused) and reply.key == key and reply.message, reply
        assert self.header["config"] == self.config

    # ----- lifecycle ----------------------------------------------------------------------------------
    @rule(with_config=st.booleans())
    def reset(self, with_config):
        wanted = self.pending or self.config
        self.s.h.send("reset", json.dumps(wanted) if with_config else None)
        assert self._sync(jumped=True) == []
        self.generation += 1
        assert self.header["config"] == wanted and self.header["pending"] is None
        assert self.frame.generation == self.generation and self.header["status"] == "ok"
        if not self.playing:
            assert self.header["step"] == 0 and self.frame.step == 0
        self.config, self.pending = wanted, None

    @rule(text=st.sampled_from(['{"lr_g": -1}', "{not json", '["a"]', '{"hidden": "big"}']))
    def refuse_a_bad_reset(self, text):
        self.s.h.send("reset", text)
        (reply,) = self._sync()
        assert isinstance(reply, Refused), reply
        assert reply.key in ("lr_g", "config", "hidden_g", "hidden_d") and reply.message, reply
        assert self.header["config"] == self.config and self.frame.generation == self.generation

    @rule()
    def save(self):
        self.saved.append(self.s.saved)  # the barrier's answer is a save
        self._sync()

    @precondition(lambda self: self.saved)
    @rule(data=st.data())
    def load(self, data):
        blob = data.draw(st.sampled_from(self.saved), label="saved")
        want = experiment_file.from_bytes(blob).header
        self.s.h.send("load", blob)
        (reply,) = self._sync(jumped=True, pausing=True)
        assert isinstance(reply, Moved) and reply.kind == "loaded" and reply.step == want["step"], reply
        self.generation += 1
        self.playing = False
        assert (reply.generation, self.frame.generation) == (self.generation, self.generation)
        assert self.header["step"] == want["step"] and self.header["config"] == want["config"]
        assert self.header["pending"] == want["pending"] and not self.frame.playing
        self.config, self.pending = want["config"], want["pending"]

    @rule(junk=st.sampled_from([b"", b"PK\x03\x04 truncated", b"{}", bytes(range(256))]))
    def refuse_a_bad_file(self, junk):
        self.s.h.send("load", junk)
        (reply,) = self._sync()
        assert isinstance(reply, Refused) and reply.key == "experiment" and reply.message, reply
        assert self.header["config"] == self.config and self.frame.generation == self.generation

    @rule(back=st.integers(0, 200))
    def rewind(self, back):
        paused = self._paused_and_ok()
        marks = list(self.frame.checkpoints)
        asked = max(self.header["step"] - back, 0)
        self.s.h.send("rewind", asked)
        (reply,) = self._sync(jumped=True, pausing=True)
        if isinstance(reply, Refused):
            assert reply.key == "rewind" and "no checkpoint" in reply.message
            assert not paused or not [m for m in marks if m <= asked]
            return
        assert isinstance(reply, Moved) and reply.kind == "rewound" and reply.step <= asked, reply
        if paused:
            assert reply.step == max(m for m in marks if m <= asked)
        self.generation += 1
        self.playing = False
        assert self.header["step"] == reply.step and self.frame.generation == self.generation
        self.config = self.header["config"]
        self.pending = self.header["pending"]

    # ----- what must always hold ----------------------------------------------------------------------
    @invariant()
    def consistent(self):
        if not hasattr(self, "header"):
            return
        header, frame = self.header, self.frame
        config = from_dict(header["config"])  # the settings in force are valid
        assert header["config"] == self.config and header["pending"] == self.pending
        if header["pending"] is not None:  # only keys that need a reset wait for one
            pending = from_dict(header["pending"])
            assert set(changed_keys(config, pending)) == set(needs_reset(config, pending)) != set()
            assert set(frame.pending) == set(needs_reset(config, pending))
        else:
            assert frame.pending == ()
        if header["status"] == "ok":
            assert header["diverged_step"] is None and header["message"] == ""
        else:
            assert header["status"] == "diverged" and "diverged" in header["message"]
            assert frame.snapshot.status == "diverged" and not frame.playing
        assert frame.playing == self.playing and frame.generation == self.generation
        assert frame.step >= header["step"]  # the frame came after the barrier
        if self.last is not None and not self.jumped:  # the step only goes back on reset, rewind or load
            assert header["step"] >= self.last_step
        self.last, self.last_step = frame, header["step"]
        marks = list(frame.checkpoints)
        assert marks == sorted(marks) and all(m <= frame.step for m in marks)
        assert math.isfinite(frame.total_steps)


ServerMachine.TestCase.settings = settings(max_examples=10, stateful_step_count=20, deadline=None,
                                           suppress_health_check=[HealthCheck.too_slow])
test_server_commands = ServerMachine.TestCase
