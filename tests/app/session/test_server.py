"""The trainer and evaluator loops driven in-process over real pipes: commands apply between steps,
frames are paced, history records arrive in order."""

import json
import math
import multiprocessing as mp
import threading
import time

import numpy as np
import pytest

from ganviz.app.session.evaluator_server import EvaluatorServer
from ganviz.app.session.protocol import Applied, Failed, Frame, Pong, Refused
from ganviz.app.session.server import Pacer, TrainerServer
from ganviz.app.session.spectrum_worker import SpectrumWorker
from ganviz.core.presets import load_preset


class Harness:
    """Trainer and evaluator servers on threads, with the GUI's ends of the pipes."""

    def __init__(self, preset="bimodal-1d", prepared=False, spectra=False, **changes):
        cmd_recv, self.cmd = mp.Pipe(duplex=False)
        job_recv, job_send = mp.Pipe(duplex=False)
        ack_recv, ack_send = mp.Pipe(duplex=False)
        self.msg, msg_send = mp.Pipe(duplex=False)
        cfg = load_preset(preset).with_changes({"hidden": 16, **changes})
        self.evaluator = EvaluatorServer(job_recv, ack_send, msg_send)
        if prepared:  # as the app's evaluator process starts: its mirror built before the first job
            self.evaluator.prepare(cfg.to_json())
        self.eval_thread = threading.Thread(target=self.evaluator.run, daemon=True)
        self.eval_thread.start()
        trainer_end = None
        if spectra:  # the spectrum process's loop, on a thread here
            trainer_end, worker_end = mp.Pipe()
            threading.Thread(target=SpectrumWorker(worker_end).run, daemon=True).start()
        self.server = TrainerServer(cmd_recv, job_send, ack_recv, cfg.to_json(), trainer_end)
        self.thread = threading.Thread(target=self._run_trainer, daemon=True)
        self.thread.start()

    def _run_trainer(self):
        try:
            self.server.run()
        finally:
            self.server.jobs.send(("quit",))

    def send(self, *cmd):
        self.cmd.send(cmd)

    def next(self, kind=Frame, timeout=60.0):
        """The next message of this kind (frames are acknowledged so more can come)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.msg.poll(0.05):
                m = self.msg.recv()
                if isinstance(m, Frame):
                    self.send("credit")
                    if kind is Frame:
                        return m
                elif kind is not Frame and isinstance(m, kind):
                    return m
        raise AssertionError(f"no {kind} within {timeout} s")

    def close(self):
        self.send("quit")
        self.thread.join(2)
        self.eval_thread.join(2)
        assert not self.thread.is_alive() and not self.eval_thread.is_alive()


@pytest.fixture
def h():
    harness = Harness()
    yield harness
    harness.close()


def test_first_frame_is_the_initial_state(h):
    f = h.next()
    assert f.step == 0 and not f.playing and f.rows and f.rows[0]["step"] == 0
    assert f.snapshot.kind == "1d"


@pytest.mark.parametrize("preset", ["bimodal-1d", "ring-8"])
def test_an_evaluator_prepared_at_start_draws_the_same_first_frame(preset):
    frames = []
    for prepared in (False, True):
        harness = Harness(preset, prepared=prepared)
        try:
            frames.append(harness.next())
        finally:
            harness.close()
    lazy, early = (f.snapshot for f in frames)
    for name in ("samples", "p_true", "p_gen", "d", "d_star"):
        np.testing.assert_array_equal(getattr(early, name), getattr(lazy, name), err_msg=name)
    assert frames[0].rows[0].keys() == frames[1].rows[0].keys()


def test_an_evaluator_given_a_config_it_cannot_build_waits_for_the_first_job():
    ev = EvaluatorServer(None, None, None)
    ev.prepare(load_preset("ring-8").to_json().replace('"target": "ring"', '"target": "no-such-target"'))
    assert ev.mirror is None and ev.config_json == ""  # the trainer, building the same config, reports it


def test_play_trains_and_each_frame_carries_the_step(h):
    h.next()
    h.send("play", True)
    frames = [h.next() for _ in range(15)]
    assert frames[-1].step > frames[0].step >= 0
    assert all(f.playing and f.speed == math.inf for f in frames[1:])
    assert [f.step for f in frames] == sorted(f.step for f in frames)
    h.send("play", False)


def test_frames_keep_a_fixed_schedule_never_closer_than_half_a_period():
    p = Pacer(period=8)  # whole numbers: the schedule's arithmetic is exact
    shown = []
    for now in range(0, 80):  # looked at 8 times a period, a frame made whenever one is due
        if p.frame_due(now):
            shown.append(now)
            p.published(now)
    assert shown[:2] == [0, 4] and set(np.diff(shown[1:])) == {8}  # the first at once, then one a period
    p.published(120)  # a late frame (a stall of 5 periods): the next is due half a period later, no catching up
    assert not p.frame_due(123) and p.frame_due(124)


def test_a_fixed_speed_owes_speed_steps_a_period_and_a_stall_is_no_burst():
    p = Pacer(period=1)
    steps = 0
    for now in range(0, 81):  # 80 periods at 1/8 step a period: 10 steps
        p.accrue(now, 1 / 8, playing=True)
        while p.budget >= 1:
            p.budget -= 1
            steps += 1
    assert steps == 10 and p.budget == 0
    p.accrue(86, 1 / 8, playing=True)  # 6/8 of a step owed: due in 2 periods, but looked at again after one
    assert p.budget == 0.75 and p.wait_s(1 / 8) == 1
    p.accrue(87, 1 / 2, playing=True)
    assert p.budget == 1.0 and p.wait_s(1 / 2) == 0  # owed now
    p.budget = 0.75
    assert p.wait_s(1 / 2) == 0.5  # the last quarter of a step comes in half a period
    p.accrue(200, 1 / 8, playing=True)  # a long stall: still at most one step owed
    assert p.budget == 1.0
    p.accrue(300, 4.0, playing=True)  # 4 steps a frame: at most 2 frames' worth
    assert p.budget == 8.0
    p.budget = 0.0
    p.accrue(400, 4.0, playing=False)  # paused: nothing owed
    assert p.budget == 0.0


def test_live_change_reaches_the_trainer_and_the_next_frame(h):
    h.next()
    h.send("apply", {"lr_g": 0.01, "loss": "least-squares", "discriminator": "oracle"})
    assert h.next(Applied).waiting == []
    f = h.next()
    cfg = json.loads(f.config_json)
    assert (cfg["lr_g"], cfg["loss"], cfg["discriminator"]) == (0.01, "least-squares", "oracle")


def test_refused_change_says_why_and_changes_nothing(h):
    h.next()
    h.send("apply", {"lr_d": -5})
    refused = h.next(Refused)
    key, message = refused.key, refused.message
    assert key == "lr_d" and "must be" in message
    assert json.loads(h.next().config_json)["lr_d"] == load_preset("bimodal-1d").lr_d  # unchanged


def test_reset_keys_wait_and_reset_applies_them(h):
    h.next()
    h.send("apply", {"hidden": 8})  # the paired key sets both players
    assert h.next(Applied).waiting == ["hidden_d", "hidden_g"]
    assert h.next().pending == ("hidden_d", "hidden_g")
    h.send("reset", None)
    f = h.next()
    cfg = json.loads(f.config_json)
    assert f.generation == 1 and f.step == 0 and (cfg["hidden_g"], cfg["hidden_d"]) == (8, 8) and f.pending == ()


def test_single_steps_do_what_they_say(h):
    h.next()
    tr = h.server.trainer
    g_before = [p.clone() for p in tr.G.parameters()]
    d_before = [p.clone() for p in tr.D.parameters()]
    h.send("step", "d")
    h.next()
    assert all((a == b).all() for a, b in zip(g_before, tr.G.parameters(), strict=True))
    assert any((a != b).any() for a, b in zip(d_before, tr.D.parameters(), strict=True))
    d_after = [p.clone() for p in tr.D.parameters()]
    h.send("step", "g")
    h.next()
    assert any((a != b).any() for a, b in zip(g_before, tr.G.parameters(), strict=True))
    assert all((a == b).all() for a, b in zip(d_after, tr.D.parameters(), strict=True))
    h.send("step", "both")
    assert h.next().step == 1


def test_slow_motion_steps_one_at_a_time(h):
    h.next()
    h.send("speed", 1 / 8)
    h.send("play", True)
    frames = [h.next()]
    while frames[-1].step < 3:
        frames.append(h.next(timeout=60))
    h.send("play", False)
    assert all(f.speed == 1 / 8 for f in frames)
    assert max(np.diff([f.step for f in frames])) == 1  # one step at a time, never a burst


def test_a_fault_in_a_step_pauses_and_is_reported(h):
    h.next()
    h.send("raise")
    h.send("play", True)
    failed = h.next(Failed)
    message, details = failed.message, failed.details
    assert "injected" in message and "Traceback" in details
    f = h.next()
    assert not f.playing
    h.send("reset", None)
    h.send("step", "both")
    assert h.next().step >= 0


def test_divergence_pauses_with_status():
    h = Harness(lr_g=1e3, lr_d=1e3, optimizer_g="sgd", optimizer_d="sgd")
    try:
        h.next()
        h.send("play", True)
        deadline = time.monotonic() + 120  # a ceiling
        while time.monotonic() < deadline:
            f = h.next()
            if f.snapshot.status == "diverged":
                break
        assert f.snapshot.status == "diverged" and "diverged" in f.snapshot.message
        assert not f.playing
        h.send("play", True)  # refused while diverged: a reset is needed first
        assert not h.next().playing
    finally:
        h.close()


def test_samples_that_stop_being_finite_diverge_the_run_as_headless():
    """The evaluator measures G's samples; when they overflow (with finite losses) the trainer stops."""
    h = Harness(log_every=5)
    try:
        h.next()  # the mirror exists once the first frame is made
        evaluate = h.evaluator.mirror.evaluator.evaluate

        def overflowing(trainer, **kw):
            fields_out, row = evaluate(trainer, **kw)
            return fields_out, {**row, "finite": False}  # as _nonfinite reports it

        h.evaluator.mirror.evaluator.evaluate = overflowing
        h.send("play", True)
        deadline = time.monotonic() + 120  # a ceiling
        f = h.next()
        while f.snapshot.status != "diverged" and time.monotonic() < deadline:
            f = h.next()
        assert f.snapshot.status == "diverged" and not f.playing
        assert "the generator's samples are not finite at step 5" in f.snapshot.message
        assert h.server.trainer.diverged_step == 6  # as Trainer.log marks it headless
    finally:
        h.close()


def test_history_rows_arrive_in_order_with_gradient_norms():
    h = Harness(log_every=5)
    try:
        h.next()
        h.send("play", True)
        rows = []
        deadline = time.monotonic() + 120  # a ceiling
        while len(rows) < 6 and time.monotonic() < deadline:
            rows += h.next().rows
        h.send("play", False)
        steps = [r["step"] for r in rows]
        assert steps[:6] == [5, 10, 15, 20, 25, 30]
        assert all(r["grad_g"] > 0 and r["grad_d"] > 0 and "w1" in r for r in rows)
    finally:
        h.close()


def test_a_ping_is_answered_after_every_earlier_command_has_taken_effect(h):
    h.next()
    h.send("apply", {"lr_g": 0.02})
    h.send("step", "both")
    h.send("step", "both")
    h.send("speed", 0.25)
    h.send("ping", "token")
    pong = h.next(Pong)
    token, state = pong.token, pong.state
    assert token == "token" and state["step"] == 2 and not state["playing"] and state["status"] == "ok"
    assert json.loads(state["config_json"])["lr_g"] == 0.02 and state["generation"] == 0 and state["speed"] == 0.25
