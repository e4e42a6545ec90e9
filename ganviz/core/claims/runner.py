"""Running claims over seeds: one training run per (config, seed), shared by every claim on that config.

Claims on equal configs (a preset's claims, and lesson steps that start from that preset unchanged)
share their runs, trained as far as the furthest claim reads. The seeds of one config train as one
batched population where the sweep engine allows it, else one by one; each group is a plain
dictionary, so it runs here or on a Dask worker with the same numbers.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ganviz.core.claims.catalog import ClaimRef
from ganviz.core.claims.format import SPECTRUM_SERIES
from ganviz.core.claims.judge import judge, scale_of
from ganviz.core.config import Config, from_json
from ganviz.core.errors import ConfigError

DEFAULT_SEEDS = tuple(range(1000, 1010))  # report on seeds never tuned on (tuning uses seeds below 100)
MAX_SEED = 2**31 - 1


@dataclass
class Group:
    """One config's runs: every claim that reads them, trained to the furthest step any of them needs."""

    config: Config
    refs: list[ClaimRef]

    @property
    def steps(self) -> int:
        return max(r.claim.steps for r in self.refs)

    @property
    def spectrum_at(self) -> list[int]:
        """The steps at which a claim reads the game's spectrum."""
        return sorted({r.claim.last for r in self.refs if r.claim.series in SPECTRUM_SERIES})


def parse_seeds(text: str) -> list[int]:
    """Seeds from `1000-1009` (a range, both ends included) or `3,5,8`; ConfigError naming --seeds."""
    text = text.strip()
    is_range = "-" in text.lstrip("-") and "," not in text
    try:
        seeds = [int(t) for t in (text.split("-", 1) if is_range else text.split(","))]
    except ValueError:
        raise ConfigError("--seeds", f"expected a range such as 1000-1009 or a list such as 3,5,8, got {text!r}") \
            from None
    if is_range:
        if seeds[1] < seeds[0]:
            raise ConfigError("--seeds", f"the range must run upwards, got {text!r}")
        seeds = list(range(seeds[0], seeds[1] + 1))
    bad = [s for s in seeds if not 0 <= s <= MAX_SEED]
    if bad:
        raise ConfigError("--seeds", f"seeds must be whole numbers from 0 to {MAX_SEED}, got {bad[0]}")
    if len(set(seeds)) != len(seeds):
        raise ConfigError("--seeds", f"a seed is given twice in {text!r}")
    return seeds


def plan(refs: list[ClaimRef]) -> list[Group]:
    """Claims grouped by the config their runs train (the seed set aside: each run gets its own)."""
    groups: dict[str, Group] = {}
    for ref in refs:
        key = ref.config.with_changes({"seed": 0}).to_json()
        groups.setdefault(key, Group(ref.config, [])).refs.append(ref)
    return list(groups.values())


def group_spec(group: Group, seeds: list[int]) -> dict:
    """The self-contained job that trains one group's runs (see run_group)."""
    return {"config": group.config.to_json(), "seeds": list(seeds), "steps": group.steps,
            "spectrum_at": group.spectrum_at}


def run_group(spec: dict, progress: Callable[[int], None] | None = None) -> list[dict]:
    """Train the config over the seeds to spec['steps'], recording histories every log_every steps.

    Returns one history (series name → list) per seed. progress(model_steps) is called as runs advance.
    At the steps in spec['spectrum_at'] the game's spectrum is measured too (one run at a time then: it
    needs each run's own players), its series NaN at every other record.
    """
    from ganviz.core.sweep.plan import one_torch_thread, population_size, why_one_by_one
    from ganviz.core.sweep.players import NotBatchable
    from ganviz.core.sweep.population import Population
    from ganviz.core.trainer import Trainer

    base = from_json(spec["config"])
    steps, every = spec["steps"], base.log_every
    configs = [base.with_changes({"seed": s}) for s in spec["seeds"]]
    histories: list[dict] = []
    size = population_size(base)
    spectrum_at = set(spec.get("spectrum_at", ()))
    with one_torch_thread():
        for start in range(0, len(configs), size):
            part = configs[start:start + size]
            trainers, spectra = None, []
            if why_one_by_one(base) is None and not spectrum_at:
                try:
                    population = Population(part)
                except NotBatchable:
                    population = None
                if population is not None:
                    population.log()
                    while population.step_count < steps and population.active.any():
                        before = population.step_count
                        population.train(min(every, steps - before))
                        population.log()
                        if progress:
                            progress(len(part) * (population.step_count - before))
                    trainers = population.trainers
            if trainers is None:
                trainers = []
                for cfg in part:
                    tr = Trainer(cfg)
                    tr.log()
                    measured = {}
                    while tr.step_count < steps and tr.status == "ok":
                        done = tr.train(min(every, steps - tr.step_count))
                        tr.log()
                        if tr.step_count in spectrum_at and tr.status == "ok":
                            measured[tr.step_count] = _spectrum_figures(tr)
                        if progress:
                            progress(done)
                    trainers.append(tr)
                    spectra.append(measured)
            for i, tr in enumerate(trainers):
                history = {k: list(v) for k, v in tr.history.items()}
                if spectrum_at:
                    for j, name in enumerate(SPECTRUM_SERIES):
                        history[name] = [spectra[i].get(s, (np.nan, np.nan))[j] for s in history["step"]]
                histories.append(history)
    return histories


def _spectrum_figures(trainer) -> tuple[float, float]:
    """(max |1 + hλ|, max Re λ) of the run's game now."""
    from ganviz.core.spectrum import spectrum

    s = spectrum(trainer)
    return s.max_step_modulus, s.max_real


def jobs(groups: list[Group], seeds: list[int]) -> list[tuple[int, dict]]:
    """(group index, spec) to run, in seed order within a group: an unbatched group's seeds one per job,
    a batched group's in as few jobs as its population size allows, of equal size (10 seeds of the ring
    presets, 8 to a population, go as two jobs of 5 that two workers can share, not as 8 and 2)."""
    from ganviz.core.sweep.plan import population_size, why_one_by_one

    out = []
    for i, g in enumerate(groups):
        if why_one_by_one(g.config) is None and not g.spectrum_at:
            count = max(1, -(-len(seeds) // population_size(g.config)))
            size = max(1, -(-len(seeds) // count))
            parts = [seeds[k:k + size] for k in range(0, len(seeds), size)]
        else:
            parts = [[s] for s in seeds]
        out += [(i, group_spec(g, part)) for part in parts]
    return out


def job_cost(spec: dict) -> int:
    """A rough relative cost of a job, for handing out the largest first (unrolled steps each cost a D step)."""
    cfg = from_json(spec["config"])
    return len(spec["seeds"]) * spec["steps"] * (1 + cfg.unroll_steps) * max(1, cfg.d_steps)


def run_claims(refs: list[ClaimRef], seeds: list[int], progress: Callable[[int], None] | None = None,
               executor: str = "local", scheduler: str | None = None, workers: int = 1) -> tuple[list[dict], float]:
    """Every claim judged on every seed: (entries as in `ganviz claims --out`, wall seconds).

    workers > 1 (local executor): that many worker processes, one torch thread each.
    """
    from ganviz.core.targets import make_target

    started = time.perf_counter()
    groups = plan(refs)
    todo = jobs(groups, seeds)
    specs = [spec for _, spec in todo]
    if executor == "dask":
        from ganviz.core.sweep.runner import run_on_dask

        results = run_on_dask(run_group, specs, scheduler, progress,
                              cost=lambda spec: len(spec["seeds"]) * spec["steps"], tag="claims")
    elif executor == "local" and workers > 1:
        results = run_in_processes(specs, workers, progress)
    elif executor == "local":
        results = [run_group(spec, progress) for spec in specs]
    else:
        raise ConfigError("--executor", f"unknown executor {executor!r}; accepted: local, dask")
    per_group: list[list[dict]] = [[] for _ in groups]
    for (i, _), histories in zip(todo, results, strict=True):
        per_group[i] += histories  # jobs of a group are made in seed order
    by_id = {}
    for group, histories in zip(groups, per_group, strict=True):
        cfg = group.config
        scale = 1.0 if cfg.target == "dirac" else scale_of(make_target(cfg.target, cfg.target_params).std)
        for ref in group.refs:
            judged = [judge(ref.claim, h, scale, cfg.log_every) for h in histories]
            by_id[ref.id] = entry(ref, seeds, judged)
    return [by_id[r.id] for r in refs], time.perf_counter() - started


_progress_queue = None  # set in each worker process: where run_group's progress goes


def _start_worker(updates) -> None:
    global _progress_queue
    _progress_queue = updates


def _run_in_worker(spec: dict) -> list[dict]:
    return run_group(spec, _progress_queue.put)


def run_in_processes(specs: list[dict], workers: int, progress: Callable[[int], None] | None) -> list[list[dict]]:
    """run_group on every spec in `workers` spawned processes, the costliest first; results in specs' order."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")  # no forked torch state
    updates = context.Queue()
    order = sorted(range(len(specs)), key=lambda i: -job_cost(specs[i]))
    results: list = [None] * len(specs)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(updates,)) as pool:
        futures = {pool.submit(_run_in_worker, specs[i]): i for i in order}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            _drain(updates, progress)
            for f in done:
                results[futures[f]] = f.result()
        _drain(updates, progress)
    return results


def _drain(updates, progress) -> None:
    while True:
        try:
            n = updates.get_nowait()
        except queue.Empty:
            return
        if progress:
            progress(n)


def entry(ref: ClaimRef, seeds: list[int], judged: list[tuple[float, bool]]) -> dict:
    """One claim's result, as written to the JSON file."""
    holds = [bool(h) for _, h in judged]
    return {"claim": ref.id, "preset": ref.preset, "lesson": ref.lesson, "text": ref.claim.text,
            "measures": ref.claim.describe(), "seeds": list(seeds), "holds": holds,
            "rate": float(np.mean(holds)) if holds else float("nan"),
            "figure": [None if np.isnan(f) else float(f) for f, _ in judged]}
