"""The GUI side of the session: start the trainer and evaluator processes, send commands, receive frames.

Commands go to the trainer process; it hands weights to the evaluator process, which sends
frames and replies here. A worker thread owns the receiving end of that pipe. Frames go into a one-item slot (latest
wins); `frame_ready` is emitted only when the slot was empty, so the GUI thread is never
flooded. Replies and errors are forwarded as signals. The GUI thread only sends commands.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from ganviz.app.session import children
from ganviz.app.session.pipes import one_way_pipe
from ganviz.app.session.protocol import Failed, Frame

# How long stop() lets the children finish on their own before ending them by force. They quit within
# milliseconds when the machine is idle; the margin is for a loaded one, where a forced end would lose
# nothing but would be a fault all the same. The window is hidden before it waits (closeEvent).
STOP_GRACE_S = 5.0


@dataclass(frozen=True)
class Stopped:
    """How the last stop() ended the children: their exit codes (0 = they left on their own)."""

    trainer_exit: int | None
    evaluator_exit: int | None
    forced: bool  # one of them had to be terminated

    @property
    def clean(self) -> bool:
        return not self.forced and self.trainer_exit == 0 and self.evaluator_exit == 0


class TrainerClient(QObject):
    """Runs the trainer in a child process and connects it to the GUI."""

    frame_ready = Signal()
    replied = Signal(object)  # a typed reply (protocol.REPLIES) other than Failed
    errored = Signal(str, str)  # message, details: an exception inside a training step
    died = Signal(str)  # the trainer process ended without being asked to

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()  # the GUI thread and the receiver both send credits
        self._slot: Frame | None = None
        self._process = None
        self._evaluator = None
        self._thread: threading.Thread | None = None
        self._commands = None
        self._stopping = False
        self._started = threading.Event()  # set once the children of the current start have started
        self._spectra = None  # the spectrum process, once wanted
        self._spectra_end = None  # its end of the connection to the trainer, until it starts
        self.last_stop: Stopped | None = None  # what the last stop() found

    # ----- lifecycle ---------------------------------------------------------------------------
    def start(self, config_json: str) -> None:
        """Start a trainer process for this config (stopping any previous one)."""
        self.stop()
        ctx = children.context()
        cmd_recv, cmd_send = ctx.Pipe(duplex=False)
        job_recv, job_send = one_way_pipe(ctx)  # weights: the trainer must not wait for the evaluator
        ack_recv, ack_send = ctx.Pipe(duplex=False)
        msg_recv, msg_send = one_way_pipe(ctx)  # frames: nor the evaluator for the GUI
        self._evaluator = ctx.Process(target=children.evaluator, args=(job_recv, ack_send, msg_send, config_json),
                                      daemon=True, name="ganviz-evaluator")
        # the spectrum process is the trainer's helper, but a daemonic process may not start children: it is
        # started from here, when first wanted (start_spectra), and its end of the connection waits here till then
        spectra_trainer_end, self._spectra_end = ctx.Pipe()
        self._ctx = ctx
        self._process = ctx.Process(target=children.trainer,
                                    args=(cmd_recv, job_send, ack_recv, config_json, spectra_trainer_end),
                                    daemon=True, name="ganviz-trainer")
        self._commands = cmd_send  # commands wait in the pipe until the trainer has started
        self._stopping = False
        self._started = threading.Event()
        ends = (cmd_recv, job_recv, job_send, ack_recv, ack_send, msg_send, spectra_trainer_end)
        self._thread = threading.Thread(target=self._launch, daemon=True, name="ganviz-receiver",
                                        args=(msg_recv, self._process, self._evaluator, ends, self._started))
        self._thread.start()

    def _launch(self, conn, process, evaluator, ends, started: threading.Event) -> None:
        """On the receiver thread: start the children, then receive from them. At the app's first start the
        fork server is still importing torch and starting waits for it; the window does not."""
        try:
            evaluator.start()
            process.start()
        except Exception as exc:  # reported, not raised: this is a thread of our own
            failed = f"{type(exc).__name__}: {exc}"
        else:
            failed = None
        finally:
            for end in ends:
                end.close()  # each end lives in the process that uses it
            started.set()
        if failed is not None:
            if not self._stopping and process is self._process:
                self.died.emit(f"the trainer process could not start ({failed})")
            conn.close()
            return
        self._receive(conn, process, evaluator)

    def stop(self, grace: float = STOP_GRACE_S) -> Stopped | None:
        """Ask the trainer to quit and wait up to `grace` seconds for both children to leave, then end them
        by force. Returns (and keeps in `last_stop`) how they ended; None if none was running."""
        if self._process is None:
            return None
        self._stopping = True
        self.send("quit")
        deadline = time.monotonic() + grace
        self._started.wait(grace)
        if self._spectra is not None:
            self._spectra_starter.join(grace)
        children_ = [p for p in (self._process, self._evaluator, self._spectra) if p is not None]
        for proc in children_:  # the spectrum process leaves when the trainer's end of its connection closes
            if proc.pid is not None:
                proc.join(max(0.0, deadline - time.monotonic()))
        forced = False
        for proc in children_:
            if proc.pid is not None and proc.is_alive():
                forced = True
                proc.terminate()
                proc.join(1.0)
        if self._thread is not None:
            self._thread.join(1.0)  # the pipe closed with the children: the receiver ends at once
        with self._send_lock:
            if self._commands is not None:
                self._commands.close()
            self._commands = None
        self.last_stop = Stopped(self._process.exitcode, self._evaluator.exitcode, forced)
        if self._spectra_end is not None:
            self._spectra_end.close()
        self._process = self._evaluator = self._thread = self._spectra = self._spectra_end = None
        return self.last_stop

    @property
    def alive(self) -> bool:
        """Whether the trainer and evaluator processes are running (or being started)."""
        if self._process is None:
            return False
        if not self._started.is_set():
            return True
        return all(p.is_alive() for p in (self._process, self._evaluator))

    @property
    def pid(self) -> int | None:
        """The trainer process id (tests kill it to check that death is reported)."""
        return self._process.pid if self._process is not None else None

    def start_spectra(self) -> None:
        """Start the spectrum process of the current trainer, if it is not running yet (on a thread: at the
        app's first start the fork server may still be importing torch, and the window must not wait)."""
        if self._spectra is not None or self._spectra_end is None:
            return
        end, self._spectra_end = self._spectra_end, None
        self._spectra = self._ctx.Process(target=children.spectra, args=(end,), daemon=True, name="ganviz-spectra")
        self._spectra_starter = threading.Thread(target=self._start_spectra, args=(self._spectra, end), daemon=True,
                                                 name="ganviz-spectra-start")
        self._spectra_starter.start()

    @staticmethod
    def _start_spectra(process, end) -> None:
        try:
            process.start()
        finally:
            end.close()  # it lives in the spectrum process now (or, if that failed, the trainer hears EOF)

    # ----- traffic -----------------------------------------------------------------------------
    def send(self, *command) -> bool:
        """Send one command; False if the trainer is not there to receive it. Asking for spectra starts the
        process that computes them."""
        if command[0] == "spectrum" and command[1]:
            self.start_spectra()
        with self._send_lock:
            if self._commands is None:
                return False
            try:
                self._commands.send(command)
                return True
            except (OSError, ValueError):
                return False

    def take_frame(self) -> Frame | None:
        """The newest frame, or None; taking it lets the trainer send the next."""
        with self._lock:
            frame, self._slot = self._slot, None
        if frame is not None:
            self.send("credit")
        return frame

    def _receive(self, conn, process, evaluator) -> None:
        try:
            self._forward(conn)
            broken = None
        except (EOFError, OSError):  # the children ended (or were told to)
            broken = None
        except Exception as exc:  # a message that cannot be read: the stream is lost from here on
            broken = f"{type(exc).__name__}: {exc}"
        conn.close()
        if self._stopping or process is not self._process:
            return
        if broken is not None:
            for proc in (process, evaluator):
                proc.terminate()  # they cannot be reached any more; a reset starts new ones
            self.died.emit(f"the connection to the trainer broke ({broken})")
            return
        process.join(0.5)
        evaluator.join(0.1)
        # the evaluator went first (the trainer then leaves quietly, exit code 0)
        if process.is_alive() or (evaluator.exitcode is not None and evaluator.exitcode != 0):
            self.died.emit(f"the evaluation process stopped (exit code {evaluator.exitcode})")
        else:
            self.died.emit(f"the trainer process stopped (exit code {process.exitcode})")

    def _forward(self, conn) -> None:
        """Frames into the slot, replies and errors out as signals, until the pipe closes."""
        while True:
            message = conn.recv()
            if isinstance(message, Frame):
                with self._lock:
                    old = self._slot
                    if old is not None and old.rows and old.generation == message.generation:
                        message = replace(message, rows=old.rows + message.rows)  # records are never dropped
                    dropped, self._slot = old, message
                if dropped is None:
                    self.frame_ready.emit()
                else:
                    self.send("credit")  # latest wins: the older frame is dropped, its credit returned
            elif isinstance(message, Failed):
                self.errored.emit(message.message, message.details)
            else:
                self.replied.emit(message)
