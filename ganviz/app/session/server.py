"""The trainer process: a loop that applies commands between steps, trains, and hands off frames.

The loop has the shape of a superqt/napari generator worker: each turn drains the commands,
trains for a slice of time, and publishes. Publishing means sending the weights to the
evaluation process (evaluator_server), which measures and draws up the frame; frames are paced
at FRAME_RATE and only made when the GUI has credit, so nothing ever queues up.
`TrainerServer.run()` takes connection-like objects, so tests drive it in-process.
"""

from __future__ import annotations

import gc
import math
import os
import signal
import time
import traceback

import torch

from ganviz.app.session.protocol import (
    FRAME_RATE,
    NEURONS_PERIOD,
    Applied,
    Failed,
    Inverted,
    Moved,
    Pong,
    Refused,
    SavedState,
    Walked,
)
from ganviz.app.session.spectrum_job import SpectrumJob
from ganviz.app.session.weights import numpy_state
from ganviz.core import experiment_file
from ganviz.core.checkpoint import capture
from ganviz.core.config import from_json, needs_reset
from ganviz.core.errors import ConfigError
from ganviz.core.inversion import invert
from ganviz.core.latent_walk import MODES, walk
from ganviz.core.metrics import grad_norm
from ganviz.core.trainer import Trainer

PERIOD = 1.0 / FRAME_RATE
# Two frames may be in flight: the next is made while the GUI draws the last. The GUI returns a
# credit for every frame it draws or drops, so at most two ever wait, never a growing queue.
CREDITS = 2
LOGS_AHEAD = 3  # history records the evaluator may owe before training waits for it
SLICE = 0.005  # seconds of training between looks at the command pipe


class Pacer:
    """When the next frame is due and how many steps a fixed speed owes, from the times it is given.

    It reads no clock of its own, so its rules can be checked with made-up times. Frames keep a
    fixed schedule (lateness does not add up) but are never closer than half a period; a fixed
    speed owes `speed` steps a period, capped so that a stall never turns into a burst.
    """

    def __init__(self, period: float = PERIOD):
        self.period = period
        self.next_due = -math.inf
        self.budget = 0.0  # fractional steps owed
        self.last: float | None = None  # when accrue() last looked

    def frame_due(self, now: float) -> bool:
        return now >= self.next_due

    def published(self, now: float) -> None:
        self.next_due = max(self.next_due + self.period, now + self.period / 2)

    def accrue(self, now: float, speed: float, playing: bool) -> None:
        """Add the steps owed since the last look (only while playing at a fixed speed)."""
        if self.last is not None and playing and math.isfinite(speed):
            self.budget = min(self.budget + speed * (now - self.last) / self.period, max(2 * speed, 1.0))
        self.last = now

    def wait_s(self, speed: float) -> float:
        """How long until the next step is owed at a fixed speed (0 when one is owed now)."""
        return 0.0 if self.budget >= 1 else min(self.period, (1 - self.budget) * self.period / speed)


class InjectedFault(RuntimeError):
    """Raised inside a step on request, to test that faults are reported and survived."""


class TrainerServer:
    """Owns the Trainer in the child process and serves one GUI."""

    def __init__(self, commands, jobs, acks, config_json: str, spectra=None):
        self.commands, self.jobs, self.acks = commands, jobs, acks
        self.trainer = Trainer(from_json(config_json))
        self.playing = False
        self.speed = math.inf
        self.pacer = Pacer()
        self.credit = CREDITS
        self.dirty = True  # something changed since the last frame
        self.quit = False
        self.generation = 0
        self.logs_owed = 0
        self.total_steps = 0
        self.train_s = 0.0
        self.rate_window: list[tuple[float, int]] = []
        self.fault_next = False
        self.stop_at: int | None = None  # ("until", step): pause exactly there (a lesson's run_steps)
        self.spectra = SpectrumJob(self._reply, spectra)  # spectra: the connection to the spectrum process
        self.neurons = 0  # ("neurons", units): units per layer the frames' network pictures show (0: none)
        self.neurons_at = -math.inf  # when a frame last carried them
        self._log()

    # ----- the loop ----------------------------------------------------------------------------
    def run(self) -> None:
        """Serve until told to quit or the GUI goes away."""
        pacer = self.pacer
        while not self.quit:
            try:
                self._drain(timeout=self._wait_time())
            except (EOFError, OSError):
                return  # the GUI is gone
            if self.quit:
                return
            self._collect_acks(block=False)
            self.spectra.poll(self.trainer, self.generation)
            now = time.perf_counter()
            pacer.accrue(now, self.speed, self.playing)
            if self.credit and self.dirty and (pacer.frame_due(now) or not self.playing):
                self._publish()
                pacer.published(now)
            elif self.playing:
                # stop when the next frame is due, so frames keep their pace
                due = pacer.next_due if self.credit else now + SLICE
                self._train_slice(min(now + SLICE, max(due, now + 0.0005)))

    def _wait_time(self) -> float:
        """How long to block on the command pipe: long when idle, never while there is work."""
        if not self.playing:
            return 0.0 if (self.dirty and self.credit) else 0.05
        return self.pacer.wait_s(self.speed) if math.isfinite(self.speed) else 0.0

    def _drain(self, timeout: float) -> None:
        """Handle the commands waiting now. Those that arrive meanwhile wait for the next turn: a stream of
        costly changes (a dragged target slider: 0.4 s each) must not hold back frames for ever."""
        batch = []
        while self.commands.poll(timeout):
            batch.append(self.commands.recv())
            timeout = 0.0
        if ("quit",) in batch:
            batch = [("quit",)]  # closing the window must not wait for queued work
        for i, cmd in enumerate(batch):
            later = batch[i + 1] if i + 1 < len(batch) else None
            if cmd[0] == "apply" and later and later[0] == "apply" and later[1].keys() == cmd[1].keys():
                continue  # the same settings again just after: only the last of a drag counts
            self._handle(cmd)

    def _train_slice(self, deadline: float) -> None:
        """Train the steps owed (fixed speed) or until `deadline` (max speed), then return to the commands."""
        t0 = time.perf_counter()
        start = self.trainer.step_count
        try:
            if math.isfinite(self.speed):
                while self.pacer.budget >= 1 and self.playing and time.perf_counter() < deadline:
                    self.pacer.budget -= 1
                    self._iterate()
            else:
                while self.playing and time.perf_counter() < deadline:
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
        self.spectra.after_step(tr, self.generation)
        if self.stop_at is not None and tr.step_count >= self.stop_at:
            self.playing = False
            self.stop_at = None

    def _log(self) -> None:
        """Hand a history record to the evaluator; wait if it is too far behind (records are never dropped)."""
        tr = self.trainer
        self.jobs.send(("log", self._state(), {"grad_g": grad_norm(tr.G.parameters()),
                                               "grad_d": grad_norm(tr.D.parameters())}))
        self.logs_owed += 1
        self._collect_acks(block=self.logs_owed > LOGS_AHEAD)

    def _collect_acks(self, block: bool) -> None:
        while self.logs_owed and (block or self.acks.poll(0)):
            generation, step, finite = self.acks.recv()
            self.logs_owed -= 1
            block = self.logs_owed > LOGS_AHEAD
            tr = self.trainer
            if not finite and generation == self.generation and tr.status == "ok":
                # the losses can stay finite while G's outputs overflow: the run has diverged all the same
                tr.diverge_at(step + 1, f"the generator's samples are not finite at step {step}")
                self.playing = False
                self.dirty = True

    def _state(self) -> dict:
        """What the evaluator needs to mirror the run: weights, step, status, live config."""
        tr = self.trainer
        return {"config_json": tr.config.to_json(), "generation": self.generation, "step": tr.step_count,
                "status": tr.status, "message": tr.message,
                "G": numpy_state(tr.G), "D": numpy_state(tr.D)}

    def _fault(self, exc: Exception) -> None:
        self.playing = False
        self.dirty = True
        self._reply(Failed(f"{type(exc).__name__}: {exc}", traceback.format_exc()))

    def _reply(self, message) -> None:
        """Replies reach the GUI through the evaluator, in order with the frames."""
        self.jobs.send(("reply", message))

    # ----- commands ----------------------------------------------------------------------------
    def _handle(self, cmd: tuple) -> None:
        name = cmd[0]
        if name == "credit":
            self.credit = min(self.credit + 1, CREDITS)
            return
        self.dirty = True
        if name == "quit":
            self.quit = True
        elif name == "play":
            self.playing = bool(cmd[1]) and self.trainer.status == "ok"
            self.pacer.budget = 0.0
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
        elif name == "save":
            self._reply(SavedState(experiment_file.to_bytes(capture(self.trainer))))
        elif name in ("load", "rewind"):
            self._go_to(name, cmd[1])
        elif name == "invert":
            self._invert(cmd[1])
        elif name == "walk":
            self._walk(*cmd[1])
        elif name == "spectrum":
            self.spectra.set_every(self.trainer, self.generation, int(cmd[1]))
        elif name == "neurons":
            self.neurons, self.neurons_at = max(0, int(cmd[1])), -math.inf  # the next frame carries them
        elif name == "until":
            self.stop_at = None if cmd[1] is None else int(cmd[1])
        elif name == "ping":  # a barrier: the pong comes after the effects of every earlier command
            tr = self.trainer
            self._reply(Pong(cmd[1], {"step": tr.step_count, "playing": self.playing, "status": tr.status,
                                      "generation": self.generation, "config_json": tr.config.to_json(),
                                      "speed": self.speed}))

    def _invert(self, point: list) -> None:
        """Find z with G(z) closest to the point (its own random starts; training's streams untouched)."""
        tr = self.trainer
        if tr.is_dirac or len(point) != tr.target.dim:
            self._reply(Refused("invert", f"needs a point of the {tr.target.dim}-D data space of a network G"))
            return
        found = invert(tr.G, point, tr.config.latent, tr.config.latent_dim)
        self._reply(Inverted(found.x.tolist(), found.z.tolist(), found.g_of_z.tolist(), found.distance, tr.step_count))

    def _walk(self, a: int, b: int, mode: str, points: int) -> None:
        """G between two of the image page's fixed latents (the evaluator's, from the same seed)."""
        tr = self.trainer
        if not tr.target.image:
            self._reply(Refused("walk", "a latent walk is drawn for image targets (digits, digits-7)"))
            return
        z = tr.evaluator.z_grid.double().numpy()
        if not (0 <= int(a) < len(z) and 0 <= int(b) < len(z)) or mode not in MODES or not 2 <= int(points) <= 64:
            self._reply(Refused("walk", f"needs two samples 0–{len(z) - 1}, a mode ({', '.join(MODES)}) and "
                                        "2–64 points"))
            return
        images = walk(tr.G, z[int(a)], z[int(b)], int(points), mode)
        side = int(round(math.sqrt(images.shape[1])))
        self._reply(Walked(self.generation, tr.step_count, (int(a), int(b)), mode, images.reshape(-1, side, side)))

    def _apply(self, changes: dict) -> None:
        try:
            waiting = self.trainer.apply(changes)
        except ConfigError as e:
            self._reply(Refused(e.key, e.message))
            return
        self._reply(Applied(waiting))
        self.spectra.changed(self.trainer, self.generation)  # switching R1 or consensus on moves the spectrum

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
            self._reply(Refused(e.key, e.message))
            return
        self.generation += 1
        self.rate_window = []
        self.stop_at = None
        self.playing = self.playing and self.trainer.status == "ok"
        self.spectra.changed(self.trainer, self.generation)  # step 0 of the new run, if the view is open
        self._log()

    def _go_to(self, name: str, where) -> None:
        """Become a saved run ("load", npz bytes) or go back to a checkpoint ("rewind", step), paused."""
        try:
            if name == "load":
                self.trainer.restore(experiment_file.from_bytes(where))
            else:
                self.trainer.rewind(int(where))
        except ConfigError as e:  # refused: the run is as it was
            self._reply(Refused(e.key, e.message))
            return
        tr = self.trainer
        self.generation += 1  # the GUI and the evaluator drop records of the abandoned future
        self.playing = False
        self.rate_window = []
        self._reply(Moved("loaded" if name == "load" else "rewound", self.generation, tr.step_count,
                          tr.config.to_json(), tr.pending.to_json() if tr.pending else None))
        self.spectra.changed(tr, self.generation)
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
        meta = {"step": tr.step_count, "playing": self.playing, "steps_per_s": self._rate(),
                "generation": self.generation, "config_json": tr.config.to_json(),
                "pending": tuple(needs_reset(tr.config, tr.pending)) if tr.pending else (),
                "total_steps": self.total_steps, "train_s": self.train_s,
                "checkpoints": tuple(tr.timeline.steps()), "speed": self.speed}
        state = self._state()
        now = time.perf_counter()
        if self.neurons and (not self.playing or now - self.neurons_at >= NEURONS_PERIOD):
            state["neurons"], self.neurons_at = self.neurons, now  # the evaluator draws them up
        self.jobs.send(("frame", state, meta))
        self.credit -= 1
        self.dirty = False


def serve(commands, jobs, acks, config_json: str, spectra=None) -> None:
    """Entry point of the trainer process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the GUI, which stops us cleanly
    torch.set_num_threads(1)  # one core trains; the evaluator and the GUI share the other
    server = None
    try:
        server = TrainerServer(commands, jobs, acks, config_json, spectra)
        gc.collect()
        gc.freeze()  # torch's objects need no full collections: no 50 ms pauses mid-training
        server.run()
    except (EOFError, OSError):
        pass  # the evaluator died (its pipes closed): the GUI reports it; no traceback on the terminal
    finally:
        if server is not None:
            server.spectra.close()
        try:
            jobs.send(("quit",))
        except OSError:
            pass
        jobs.close()
    # Leave at once: an orderly interpreter shutdown with torch loaded takes 0.5-2 s, and the
    # window must close within 1 s. Everything worth keeping has been sent.
    os._exit(0)
