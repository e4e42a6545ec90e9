"""The GUI side of the trainer process: start it, send commands, receive the newest frame.

A worker thread owns the receiving end of the pipe. Frames go into a one-item slot (latest
wins); `frame_ready` is emitted only when the slot was empty, so the GUI thread is never
flooded. Replies and errors are forwarded as signals. The GUI thread only sends commands.
"""

from __future__ import annotations

import multiprocessing as mp
import threading

from PySide6.QtCore import QObject, Signal

from ganviz.app.session.protocol import Frame


class TrainerClient(QObject):
    """Runs the trainer in a child process and connects it to the GUI."""

    frame_ready = Signal()
    replied = Signal(object)  # ("applied", keys) | ("refused", key, message)
    errored = Signal(str, str)  # message, details: an exception inside a training step
    died = Signal(str)  # the trainer process ended without being asked to

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()  # the GUI thread and the receiver both send credits
        self._slot: Frame | None = None
        self._process = None
        self._thread: threading.Thread | None = None
        self._commands = None
        self._stopping = False

    # ----- lifecycle ---------------------------------------------------------------------------
    def start(self, config_json: str) -> None:
        """Start a trainer process for this config (stopping any previous one)."""
        from ganviz.app.session.server import serve  # imported here: the child needs it, not the GUI

        self.stop()
        ctx = mp.get_context("spawn")
        cmd_recv, cmd_send = ctx.Pipe(duplex=False)
        msg_recv, msg_send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=serve, args=(cmd_recv, msg_send, config_json), daemon=True,
                                    name="ganviz-trainer")
        self._process.start()
        cmd_recv.close()
        msg_send.close()
        self._commands = cmd_send
        self._stopping = False
        self._thread = threading.Thread(target=self._receive, args=(msg_recv, self._process), daemon=True,
                                        name="ganviz-receiver")
        self._thread.start()

    def stop(self, timeout: float = 1.0) -> None:
        """Ask the trainer to quit; wait at most `timeout` seconds in all, then end it by force."""
        if self._process is None:
            return
        self._stopping = True
        self.send("quit")
        self._process.join(timeout * 0.7)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout * 0.3)
        if self._thread is not None:
            self._thread.join(timeout * 0.2)
        with self._send_lock:
            if self._commands is not None:
                self._commands.close()
            self._commands = None
        self._process = self._thread = None

    @property
    def alive(self) -> bool:
        """Whether a trainer process is running."""
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        """The trainer process id (tests kill it to check that death is reported)."""
        return self._process.pid if self._process is not None else None

    # ----- traffic -----------------------------------------------------------------------------
    def send(self, *command) -> bool:
        """Send one command; False if the trainer is not there to receive it."""
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

    def _receive(self, conn, process) -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if isinstance(message, Frame):
                with self._lock:
                    dropped, self._slot = self._slot, message
                if dropped is None:
                    self.frame_ready.emit()
                else:
                    self.send("credit")  # latest wins: the older frame is dropped, its credit returned
            elif message[0] == "error":
                self.errored.emit(message[1], message[2])
            else:
                self.replied.emit(message)
        conn.close()
        if not self._stopping and process is self._process:
            process.join(0.5)
            self.died.emit(f"the trainer process stopped (exit code {process.exitcode})")
