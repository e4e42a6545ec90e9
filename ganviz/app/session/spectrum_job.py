"""The game's spectrum on request of the window (the ("spectrum", every) command), from the trainer's side.

The trainer hands the current point (config, step, both players' weights) to the spectrum process
(spectrum_worker) and goes on training; the result comes back as a GameSpectrum reply. One computation
at a time: when one falls due while another is running, the point the run has reached by the time
that one finishes is measured next (so a run that pauses ends with the spectrum of where it stopped).
A computation the run has left behind (a reset, a load, a rewind, a setting changed) or that nobody
watches any more is cancelled, and stops at its next product.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from ganviz.app.session.protocol import GameSpectrum, Refused
from ganviz.app.session.weights import numpy_state
from ganviz.core.spectrum import unsupported

GONE = "the spectrum process has stopped; spectra come back with the next trainer process (start ganviz again)"


@dataclass
class _Running:
    job: int
    generation: int
    started: float


class SpectrumJob:
    """Starts spectra when due and replies with each (GameSpectrum) or why there is none (Refused)."""

    def __init__(self, reply: Callable[[object], None], conn=None):
        self.reply = reply
        self.conn = conn  # to the spectrum process; None: there is none (a spectrum is refused)
        self.every = 0  # 0: off
        self._ids = itertools.count(1)
        self._running: _Running | None = None
        self._owed = False  # one fell due while another was running: measure the run's point when it is done
        self._refused_for: str | None = None  # the config last refused: said once, not every `every` steps

    def set_every(self, trainer, generation: int, every: int) -> None:
        """Compute one now and then every `every` steps; 0 stops (the one running too)."""
        self.every = max(0, int(every))
        if self.every:
            self._refused_for = None  # asked again: say why again
            self.start(trainer, generation)
        else:
            self.cancel()

    def after_step(self, trainer, generation: int) -> None:
        if self.every and trainer.step_count % self.every == 0:
            self.start(trainer, generation)

    def changed(self, trainer, generation: int) -> None:
        """The run is at a new point or plays a new game (reset, load, rewind, settings): measure it now."""
        if self.every:
            self.cancel()
            self.start(trainer, generation)

    def cancel(self) -> None:
        self._owed = False
        if self._running is not None:
            self._running = None
            self._send(("cancel",))

    def start(self, trainer, generation: int) -> None:
        if self._running is not None:
            self._owed = True
            return
        if trainer.status != "ok":
            return
        config_json = trainer.config.to_json()
        why = unsupported(trainer) or (None if self.conn is not None else GONE)
        if why:
            if self._refused_for != config_json:
                self.reply(Refused("spectrum", why))
                self._refused_for = config_json
            return
        job = next(self._ids)
        state = (numpy_state(trainer.G), numpy_state(trainer.D))
        if self._send(("measure", job, config_json, trainer.step_count, *state)):
            self._running = _Running(job, generation, time.perf_counter())

    def poll(self, trainer, generation: int) -> None:
        """Reply with a finished computation, if there is one (answers to cancelled jobs are dropped), and
        start the one owed."""
        self._collect()
        if self._owed and self._running is None and self.every:
            self._owed = False
            self.start(trainer, generation)

    def _collect(self) -> None:
        while self.conn is not None:
            try:
                if not self.conn.poll():
                    return
                message = self.conn.recv()
            except (EOFError, OSError):
                self._lost()
                return
            run = self._running
            if run is None or message[1] != run.job:
                continue
            self._running = None
            if message[0] == "done":
                self.reply(GameSpectrum.of(message[2], run.generation, time.perf_counter() - run.started))
            elif message[0] == "failed":
                self.reply(Refused("spectrum", message[2]))

    def _send(self, message) -> bool:
        if self.conn is None:
            return False
        try:
            self.conn.send(message)
            return True
        except (OSError, ValueError):
            self._lost()
            return False

    def _lost(self) -> None:
        """The spectrum process is gone: say so once if someone is waiting, and stop asking."""
        self.conn = None
        if self._running is not None or self.every:
            self.reply(Refused("spectrum", GONE))
        self._running = None
        self._owed = False
        self.every = 0

    def close(self) -> None:
        """The trainer is leaving: the spectrum process ends when its connection does."""
        if self.conn is not None:
            self._send(("quit",))
            self.conn.close()
            self.conn = None
