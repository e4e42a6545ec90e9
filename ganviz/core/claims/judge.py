"""Judging a claim on one run's histories: its figure and whether it holds."""

from __future__ import annotations

import math

import numpy as np

from ganviz.core.claims.format import Claim


def scale_of(target_std) -> float:
    """The target's spread as one number: its std in 1-D, the root mean square of its stds in 2-D."""
    std = np.asarray(target_std, dtype=np.float64).ravel()
    return float(np.sqrt(np.mean(std**2)))


def series_values(history: dict, name: str, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """(steps, values) of one series of a run's histories (w1_rel is w1 over `scale`)."""
    steps = np.asarray(history.get("step", []), dtype=np.int64)
    key = "w1" if name == "w1_rel" else name
    values = np.asarray(history.get(key, [math.nan] * len(steps)), dtype=np.float64)
    return steps, values / scale if name == "w1_rel" else values


def judge(claim: Claim, history: dict, scale: float, log_every: int) -> tuple[float, bool]:
    """(figure, holds) of `claim` on a run's histories (see format.py for what each kind measures)."""
    steps, values = series_values(history, claim.series, scale)
    inside = (steps >= claim.first) & (steps <= claim.last)
    if claim.where == "at":
        hit = values[steps == claim.last]
        figure = float(hit[-1]) if len(hit) else math.nan
        return figure, claim.passes(figure)
    if claim.where == "share":
        # every record the window should hold; those a diverged run never made count as failed
        expected = (claim.last - claim.first) // log_every + 1
        passed = sum(claim.passes(v) for v in values[inside])
        figure = passed / expected
        return figure, figure >= claim.share
    window = values[inside]
    expected = (claim.last - claim.first) // log_every + 1
    if len(window) < expected or np.isnan(window).any():
        return math.nan, False
    fifth = max(1, expected // 5)
    figure = float(np.median(window[-fifth:]) - np.median(window[:fifth]))
    return figure, claim.passes(figure)
