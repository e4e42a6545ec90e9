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

    def to_dict(self) -> dict:
        """As saved in an experiment file's header."""
        return {"step": self.step, "key": self.key, "old": self.old, "new": self.new}

    @classmethod
    def from_dict(cls, d: dict) -> Change:
        """From an experiment file's header; ValueError/KeyError/TypeError on a malformed entry."""
        return cls(int(d["step"]), str(d["key"]), d["old"], d["new"])

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

    def load(self, entries: list) -> None:
        """The changes saved with an opened experiment (malformed entries are skipped: marks are a help, not data)."""
        self.changes = []
        for d in entries if isinstance(entries, list) else []:
            try:
                self.changes.append(Change.from_dict(d))
            except (KeyError, TypeError, ValueError):
                continue

    def keep_before(self, step: int) -> None:
        """Keep the changes made at or before `step` (a rewind to there)."""
        self.changes = [c for c in self.changes if c.step <= step]
