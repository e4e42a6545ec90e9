"""The live changes of a run's settings: at which step which key went from what to what.

The history plots mark each one, so that a curve can be read afterwards ("what did I change at
step 5,000?"). A reset starts a new run and a new log; a rewind keeps the changes before its step.
"""

from __future__ import annotations

from dataclasses import dataclass


def _value(v: object) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list):
        return ", ".join(_value(x) for x in v)
    return str(v).lower() if isinstance(v, bool) else str(v)


@dataclass(frozen=True)
class Change:
    """One live change: `key` went from `old` to `new` at `step`."""

    step: int
    key: str
    old: object
    new: object

    def text(self) -> str:
        """As the marker's tooltip says it."""
        return f"step {self.step:,}: {self.key} {_value(self.old)} → {_value(self.new)}"


class ChangeLog:
    """The changes of the current run, oldest first."""

    def __init__(self):
        self.changes: list[Change] = []

    def record(self, step: int, key: str, old: object, new: object) -> None:
        """Note a change; a key changed again at the same step (a slider's drag) keeps its first old value."""
        last = self.changes[-1] if self.changes else None
        if last is not None and last.step == step and last.key == key:
            old = last.old
            self.changes.pop()
        if old != new:
            self.changes.append(Change(step, key, old, new))

    def clear(self) -> None:
        """Forget every change (a new run)."""
        self.changes = []

    def keep_before(self, step: int) -> None:
        """Keep the changes made at or before `step` (a rewind to there)."""
        self.changes = [c for c in self.changes if c.step <= step]
