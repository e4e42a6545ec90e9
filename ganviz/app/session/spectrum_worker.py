"""The spectrum process: measures the game's spectrum for the trainer, beside it, at low priority.

A thread of the trainer process could not do it: ARPACK's restarts and Python's share of each
product hold the interpreter lock, and a solving thread at nice 10 cut training on ring-8 from
347 to 192-199 steps/s (benchmarks/spectrum_cost.py). A process of its own has its own lock, and
at nice 10 the scheduler gives the trainer, the evaluator and the window the cores first.

Protocol on one duplex connection with the trainer process (spectrum_job.SpectrumJob is the other end):
    trainer → here: ("measure", job_id, config_json, step, G state dict, D state dict), ("cancel",), ("quit",)
    here → trainer: ("done", job_id, Spectrum), ("failed", job_id, message), ("cancelled", job_id)
A cancel stops the solve running at its next product; the end of the connection ends the process.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading

SOLVE_NICE = 10  # below the trainer, the evaluator (nice 2) and the window


class SpectrumWorker:
    """Mirrors the run it is sent (players rebuilt only when the config changes) and solves its game."""

    def __init__(self, conn):
        self.conn = conn
        self.jobs: queue.Queue = queue.Queue()
        self.stop = threading.Event()  # set by a cancel (or the end): the solve running stops
        self._mirror = None
        self._mirror_config = ""

    def _listen(self) -> None:
        """On a thread of its own, so that a cancel reaches a solve that is running."""
        try:
            while True:
                message = self.conn.recv()
                if message[0] == "measure":
                    self.jobs.put(message)
                elif message[0] == "cancel":
                    self.stop.set()
                elif message[0] == "quit":
                    break
        except (EOFError, OSError):
            pass  # the trainer is gone
        self.stop.set()
        self.jobs.put(None)

    def run(self) -> None:
        threading.Thread(target=self._listen, daemon=True, name="spectrum-listener").start()
        while True:
            job = self.jobs.get()
            if job is None:
                return
            self.stop.clear()  # a cancel sent before this job was for an earlier one
            try:
                self.conn.send(self._measure(*job[1:]))
            except (EOFError, OSError, BrokenPipeError):
                return

    def _measure(self, job_id: int, config_json: str, step: int, g_state: dict, d_state: dict) -> tuple:
        from ganviz.app.session.weights import load_state
        from ganviz.core.config import from_json
        from ganviz.core.errors import ConfigError
        from ganviz.core.spectrum import Cancelled, GameField, solve
        from ganviz.core.trainer import Trainer

        try:
            if self._mirror is None or config_json != self._mirror_config:
                self._mirror, self._mirror_config = Trainer(from_json(config_json)), config_json
            tr = self._mirror
            load_state(tr.G, g_state)
            load_state(tr.D, d_state)
            tr.step_count = step
            game = GameField(tr)
            game.stop = self.stop
            return ("done", job_id, solve(game))
        except Cancelled:
            return ("cancelled", job_id)
        except ConfigError as e:
            return ("failed", job_id, e.message)
        except Exception as exc:  # noqa: BLE001 - reported to the trainer, which tells the window
            return ("failed", job_id, f"the eigenvalues could not be computed: {type(exc).__name__}: {exc}")


def serve_spectra(conn) -> None:
    """Entry point of the spectrum process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the window, which stops us
    with contextlib.suppress(OSError):
        os.nice(SOLVE_NICE)
    import torch

    torch.set_num_threads(1)
    try:
        SpectrumWorker(conn).run()
    finally:
        conn.close()
