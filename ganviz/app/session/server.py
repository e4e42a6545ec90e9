"""The trainer process: a loop that applies commands between steps, trains, and offers frames.

The loop has the shape of a superqt/napari generator worker: each turn drains the commands,
trains for one frame's worth of steps, and publishes. Frames are paced at FRAME_RATE and only
sent when the GUI has drawn the previous one (one credit), so nothing ever queues up.
`TrainerServer.run()` takes any pair of connection-like objects, so tests drive it in-process.
"""

from __future__ import annotations

import math
import signal
import time
import traceback

import torch

from ganviz.app.session.protocol import FRAME_RATE, Frame
from ganviz.core.config import from_json, needs_reset
from ganviz.core.errors import ConfigError
from ganviz.core.trainer import Trainer

PERIOD = 1.0 / FRAME_RATE


class InjectedFault(RuntimeError):
    """Raised inside a step on request, to test that faults are reported and survived."""


class TrainerServer:
    """Owns the Trainer in the child process and serves one GUI."""

    def __init__(self, commands, messages, config_json: str):
        self.commands, self.messages = commands, messages
        self.trainer = Trainer(from_json(config_json))
        self.playing = False
        self.speed = math.inf
        self.credit = 1
        self.dirty = True  # something changed since the last frame
        self.quit = False
        self.generation = 0
        self.rows: list[dict] = []
        self.budget = 0.0  # fractional steps owed at slow speeds
        self.total_steps = 0
        self.train_s = 0.0
        self.rate_window: list[tuple[float, int]] = []
        self.fault_next = False
        self._log()

    # ----- the loop ----------------------------------------------------------------------------
    def run(self) -> None:
        """Serve until told to quit or the GUI goes away."""
        next_tick = time.perf_counter()
        while not self.quit:
            idle = not self.playing and not (self.dirty and self.credit)
            try:
                self._drain(timeout=0.05 if idle else 0.0)
            except (EOFError, OSError):
                return  # the GUI is gone
            if self.quit:
                return
            now = time.perf_counter()
            if self.playing:
                self._train_until(next_tick)
                now = time.perf_counter()
            if now >= next_tick:
                next_tick = max(next_tick + PERIOD, now)
                if self.playing and math.isfinite(self.speed):
                    self.budget += self.speed
                self._publish()
            elif not self.playing and self.dirty and self.credit:
                self._publish()

    def _drain(self, timeout: float) -> None:
        while self.commands.poll(timeout):
            self._handle(self.commands.recv())
            timeout = 0.0

    def _train_until(self, deadline: float) -> None:
        """At a fixed speed, the steps owed; at max speed, steps until the frame is due."""
        t0 = time.perf_counter()
        start = self.trainer.step_count
        try:
            if math.isfinite(self.speed):
                while self.budget >= 1 and self.playing:
                    self.budget -= 1
                    self._iterate()
            else:
                while time.perf_counter() < deadline and self.playing:
                    self._iterate()
        except Exception as exc:  # a fault inside a step: pause, report, stay usable
            self._fault(exc)
        done = self.trainer.step_count - start
        self.train_s += time.perf_counter() - t0
        self.total_steps += done
        if done:
            self.dirty = True
            self.rate_window.append((time.perf_counter(), self.trainer.step_count))

    def _iterate(self) -> None:
        if self.fault_next:
            self.fault_next = False
            raise InjectedFault("a fault injected by a test")
        tr = self.trainer
        tr.iterate()
        if tr.step_count % tr.config.log_every == 0 or tr.status != "ok":
            self._log()
        if tr.status != "ok":
            self.playing = False

    def _log(self) -> None:
        row = self.trainer.log()
        row["step"] = self.trainer.step_count
        self.rows.append(row)

    def _fault(self, exc: Exception) -> None:
        self.playing = False
        self.dirty = True
        self.messages.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))

    # ----- commands ----------------------------------------------------------------------------
    def _handle(self, cmd: tuple) -> None:
        name = cmd[0]
        if name == "credit":
            self.credit = 1
            return
        self.dirty = True
        if name == "quit":
            self.quit = True
        elif name == "play":
            self.playing = bool(cmd[1]) and self.trainer.status == "ok"
            self.budget = 0.0
        elif name == "speed":
            self.speed = float(cmd[1])
        elif name == "apply":
            self._apply(cmd[1])
        elif name == "step":
            self._step(cmd[1])
        elif name == "reset":
            self._reset(cmd[1])
        elif name == "raise":
            self.fault_next = True

    def _apply(self, changes: dict) -> None:
        try:
            waiting = self.trainer.apply(changes)
        except ConfigError as e:
            self.messages.send(("refused", e.key, e.message))
            return
        self.messages.send(("applied", waiting))

    def _step(self, which: str) -> None:
        tr = self.trainer
        if tr.status != "ok":
            return
        try:
            if which == "both":
                self._iterate()
            elif which == "d" and tr.trains_d:
                tr.step_d()
            elif which == "g":
                tr.step_g()
        except Exception as exc:
            self._fault(exc)

    def _reset(self, config_json: str | None) -> None:
        try:
            self.trainer.reset(from_json(config_json) if config_json else None)
        except ConfigError as e:
            self.messages.send(("refused", e.key, e.message))
            return
        self.generation += 1
        self.rows = []
        self.rate_window = []
        self.playing = self.playing and self.trainer.status == "ok"
        self._log()

    # ----- publishing --------------------------------------------------------------------------
    def _rate(self) -> float:
        now = time.perf_counter()
        self.rate_window = [(t, s) for t, s in self.rate_window if now - t <= 1.0]
        if len(self.rate_window) < 2:
            return 0.0
        (t0, s0), (t1, s1) = self.rate_window[0], self.rate_window[-1]
        return (s1 - s0) / (t1 - t0) if t1 > t0 else 0.0

    def _publish(self) -> None:
        if not (self.credit and self.dirty):
            return
        tr = self.trainer
        frame = Frame(snapshot=tr.snapshot(view=True), rows=self.rows, step=tr.step_count, playing=self.playing,
                      steps_per_s=self._rate(), generation=self.generation, config_json=tr.config.to_json(),
                      pending=tuple(needs_reset(tr.config, tr.pending)) if tr.pending else (),
                      total_steps=self.total_steps, train_s=self.train_s)
        self.rows = []
        self.credit = 0
        self.dirty = False
        self.messages.send(frame)


def serve(commands, messages, config_json: str) -> None:
    """Entry point of the trainer process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the GUI, which stops us cleanly
    torch.set_num_threads(1)  # the GUI process has the other core
    try:
        TrainerServer(commands, messages, config_json).run()
    finally:
        messages.close()
