"""The game's spectrum, computed in the trainer process beside training (the ("spectrum", every) command).

The field is taken at the current step in the trainer's own thread (a twin of the run: copies of
the players and a stream of its own), then solved in a worker thread while training goes on, so
neither the steps nor the frames wait for ARPACK. One computation at a time: a step that falls due
while one is still running is skipped. A computation the run has left behind (a reset, a load, a
rewind, a setting changed) or that nobody watches any more is stopped at its next product.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ganviz.app.session.protocol import GameSpectrum, Refused
from ganviz.core.errors import ConfigError
from ganviz.core.spectrum import Cancelled, GameField, solve, unsupported

SOLVE_NICE = 10  # the solving thread yields the cores to training, the evaluator and the window


def _lower_priority() -> None:
    """Run the calling thread (alone: on Linux a thread is a task of its own) at SOLVE_NICE."""
    with contextlib.suppress(OSError, AttributeError):  # not permitted, or no per-thread priorities here
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SOLVE_NICE)


@dataclass
class _Running:
    generation: int
    started: float
    game: GameField
    future: Future


class SpectrumJob:
    """Starts spectra when due and replies with each (GameSpectrum) or why there is none (Refused)."""

    def __init__(self, reply: Callable[[object], None]):
        self.reply = reply
        self.every = 0  # 0: off
        self._pool: ThreadPoolExecutor | None = None
        self._running: _Running | None = None
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
        if self._running is not None:
            self._running.game.stop.set()
            self._running = None

    def start(self, trainer, generation: int) -> None:
        if self._running is not None or trainer.status != "ok":
            return
        config_json = trainer.config.to_json()
        why = unsupported(trainer)
        if why:
            if self._refused_for != config_json:
                self.reply(Refused("spectrum", why))
                self._refused_for = config_json
            return
        started = time.perf_counter()
        try:
            game = GameField(trainer)
        except ConfigError as e:
            self.reply(Refused("spectrum", e.message))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spectrum",
                                            initializer=_lower_priority)
        self._running = _Running(generation, started, game, self._pool.submit(solve, game))

    def poll(self) -> None:
        """Reply with a finished computation, if there is one."""
        run = self._running
        if run is None or not run.future.done():
            return
        self._running = None
        try:
            s = run.future.result()
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - a failed solve is reported; training goes on
            self.reply(Refused("spectrum", f"the eigenvalues could not be computed: {type(exc).__name__}: {exc}"))
            return
        self.reply(GameSpectrum(run.generation, s.step, [[float(v.real), float(v.imag)] for v in s.eigenvalues],
                                [float(r) for r in s.residuals], s.method, s.parameters, s.step_sizes,
                                s.max_step_modulus, s.max_real, s.verdict, s.summary,
                                time.perf_counter() - run.started))

    def close(self) -> None:
        """Stop the computation running and the worker (the process is leaving)."""
        self.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
