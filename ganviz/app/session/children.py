"""Starting the app's child processes (trainer, evaluator, sweep) quickly, and without torch in the window.

On Linux the children come from a fork server: one fresh interpreter, started as early as the
app can (`warm_up`), that imports torch and the training code once and then forks every child
from itself. A child then starts in milliseconds instead of importing torch anew (1.5–2 s each on
these machines): the first frame, a reset after a crash, a sweep and every test window wait for
that. The fork server is never a fork of the window process, so no Qt state is copied. Elsewhere,
and in the one-folder app, children are spawned as before.

The entry points below are named by module and function when a child is made; they import the
training code inside the child only, so naming them costs the window process nothing.
"""

from __future__ import annotations

import multiprocessing as mp
import sys

# What the fork server imports before it forks anything: all the children need. torch.optim imports
# torch._dynamo on the first optimizer a process makes (2 s here): once in the server is enough.
PRELOAD = ["ganviz.app.session.server", "ganviz.app.session.evaluator_server", "ganviz.core.sweep.worker",
           "ganviz.app.session.spectrum_worker", "ganviz.core.spectrum", "torch._dynamo"]


def context():
    """The multiprocessing context the app's children are made with."""
    if sys.platform != "linux" or getattr(sys, "frozen", False):
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def warm_up() -> None:
    """Start the fork server now, so that it imports torch while the window is being built."""
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def trainer(*args) -> None:
    """Entry point of the trainer process (server.serve)."""
    from ganviz.app.session.server import serve

    serve(*args)


def evaluator(*args) -> None:
    """Entry point of the evaluation process (evaluator_server.serve_evaluator)."""
    from ganviz.app.session.evaluator_server import serve_evaluator

    serve_evaluator(*args)


def spectra(*args) -> None:
    """Entry point of the spectrum process (spectrum_worker.serve_spectra), started when first wanted."""
    from ganviz.app.session.spectrum_worker import serve_spectra

    serve_spectra(*args)


def sweep(*args) -> None:
    """Entry point of a stability-map sweep (sweep.worker.sweep_in_child)."""
    from ganviz.core.sweep.worker import sweep_in_child

    sweep_in_child(*args)
