"""A trainer's complete state, captured and put back: the basis of resume, experiment files and rewind.

`capture` finds the torch state by type among the trainer's attributes (every module's
state_dict with its gradients, every optimizer's state_dict, every torch and numpy random
generator), so players with more layers, buffers or optimizers are captured without a list to
keep up to date. With the config, step, status and histories, restoring and training on gives
bit for bit the run that would have happened. The evaluator needs nothing: its samples are
fixed by the seed and target, which the config holds. Putting a state back is the trainer's
job (Trainer.restore, rewind): it rebuilds itself with `config_of(state)` when the networks or
target differ, then `load`s the rest; nothing here builds a trainer.

`Timeline` keeps such states every few steps in a bounded buffer, for rewinding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import torch

from ganviz.core.config import Config, from_dict
from ganviz.core.errors import ConfigError
from ganviz.core.experiment_file import State

EVERY = 50  # steps between checkpoints at first; doubles each time the buffer is thinned
CAPACITY = 64  # checkpoints kept at most
MIN_CAPACITY = 8  # ... and at least, however large the networks
MEMORY_BUDGET = 256 * 2**20  # bytes for all checkpoints of a run (large networks keep fewer)
_FAILURES = (ValueError, RuntimeError, KeyError, TypeError, IndexError)


class Stateful(Protocol):
    """What is read and written of a trainer besides its torch and numpy objects (found by type)."""

    config: Config
    pending: Config | None
    step_count: int
    status: str
    diverged_step: int | None
    message: str
    history: dict[str, list[float]]

    def apply(self, changes: Mapping[str, Any]) -> list[str]: ...


def _by_kind(tr: Stateful) -> dict[str, dict]:
    """The trainer's stateful torch and numpy objects, by attribute name."""
    kinds: dict[str, dict] = {"module": {}, "optim": {}, "torch_rng": {}, "numpy_rng": {}}
    for name, value in vars(tr).items():
        if isinstance(value, torch.nn.Module):
            kinds["module"][name] = value
        elif isinstance(value, torch.optim.Optimizer):
            kinds["optim"][name] = value
        elif isinstance(value, torch.Generator):
            kinds["torch_rng"][name] = value
        elif isinstance(value, np.random.Generator):
            kinds["numpy_rng"][name] = value
    return kinds


def _array(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().copy()  # a copy: the live tensors keep changing in place


# ----- capture -------------------------------------------------------------------------------------
def capture(tr: Stateful, history: bool = True) -> State:
    """The trainer's complete state; history=False records only the histories' lengths (for rewinding)."""
    kinds = _by_kind(tr)
    arrays: dict[str, np.ndarray] = {}
    header: dict = {
        "config": tr.config.to_dict(), "pending": tr.pending.to_dict() if tr.pending else None,
        "step": tr.step_count, "status": tr.status, "diverged_step": tr.diverged_step, "message": tr.message,
        "modules": sorted(kinds["module"]), "torch_rngs": sorted(kinds["torch_rng"]),
        "numpy_rngs": {n: g.bit_generator.state for n, g in kinds["numpy_rng"].items()}, "optimizers": {}}
    for name, module in kinds["module"].items():
        arrays.update({f"module/{name}/{k}": _array(v) for k, v in module.state_dict().items()})
        arrays.update({f"grad/{name}/{k}": _array(p.grad) for k, p in module.named_parameters()
                       if p.grad is not None})
    for name, opt in kinds["optim"].items():
        sd = opt.state_dict()
        scalars: dict = {}
        for index, slots in sd["state"].items():
            for slot, value in slots.items():
                if isinstance(value, torch.Tensor):
                    arrays[f"optim/{name}/{index}/{slot}"] = _array(value)
                else:
                    scalars.setdefault(str(index), {})[slot] = value
        header["optimizers"][name] = {"type": type(opt).__name__, "param_groups": sd["param_groups"],
                                      "scalars": scalars}
    for name, gen in kinds["torch_rng"].items():
        arrays[f"rng/{name}"] = gen.get_state().numpy().copy()
    if history:
        header["history"] = sorted(tr.history)
        for name, values in tr.history.items():
            arrays[f"history/{name}"] = np.asarray(values, dtype=np.int64 if name == "step" else np.float64)
    else:
        header["history_len"] = {name: len(values) for name, values in tr.history.items()}
    return State(header, arrays)


def nbytes(state: State) -> int:
    """Memory held by a state's arrays."""
    return sum(a.nbytes for a in state.arrays.values())


# ----- restore -------------------------------------------------------------------------------------
def config_of(state: State, key: str = "experiment") -> Config:
    """The state's config, checked (and its pending config too); ConfigError under `key` if refused.

    The trainer first rebuilds itself with it when its networks or target differ, then `load`s the state.
    """
    header = state.header
    cfg = _config(header.get("config"), key, "config")
    if header.get("pending") is not None:
        _config(header["pending"], key, "pending config")
    return cfg


def _config(data, key: str, what: str) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(key, f"the {what} must be an object of key: value pairs")
    try:
        return from_dict(data)
    except ConfigError as e:
        raise ConfigError(key, f"its {what} is refused: {e}") from None


def load(tr: Stateful, state: State, key: str = "experiment") -> None:
    """Put a state into a trainer whose networks have the state's architecture; ConfigError under `key` if it
    does not fit (the trainer may then be half changed: the caller puts back what it captured before)."""
    try:
        _load_unchecked(tr, state, key)
    except ConfigError:
        raise
    except _FAILURES as e:
        raise ConfigError(key, f"the state does not fit this experiment ({type(e).__name__}: {e})") from None


def _load_unchecked(tr: Stateful, state: State, key: str) -> None:
    header, arrays = state.header, state.arrays
    cfg = from_dict(header["config"])
    pending = from_dict(header["pending"]) if header.get("pending") is not None else None
    tr.pending = None
    changes = {k: v for k, v in cfg.to_dict().items() if tr.config.to_dict().get(k) != v}
    if changes:
        tr.apply(changes)  # live keys only (the caller made sure); optimizers of another kind are rebuilt
    kinds = _by_kind(tr)
    _check_names(key, "networks", header.get("modules"), kinds["module"])
    _check_names(key, "optimizers", sorted(header.get("optimizers", {})), kinds["optim"])
    _check_names(key, "random streams", header.get("torch_rngs"), kinds["torch_rng"])
    _check_names(key, "random streams", sorted(header.get("numpy_rngs", {})), kinds["numpy_rng"])
    # check every array before changing anything that a later failure could leave half done
    modules = {name: _module_state(key, name, m, arrays) for name, m in kinds["module"].items()}
    optims = {name: _optim_state(key, name, o, header["optimizers"][name], arrays)
              for name, o in kinds["optim"].items()}
    rngs = {name: _rng_state(key, name, g, arrays) for name, g in kinds["torch_rng"].items()}
    history = _history(key, header, arrays, tr.history)
    for name, module in kinds["module"].items():
        module.load_state_dict(modules[name][0])
        for pname, p in module.named_parameters():
            p.grad = modules[name][1].get(pname)
    for name, opt in kinds["optim"].items():
        opt.load_state_dict(optims[name])
    for name, gen in kinds["torch_rng"].items():
        gen.set_state(rngs[name])
    for name, gen in kinds["numpy_rng"].items():
        gen.bit_generator.state = header["numpy_rngs"][name]
    tr.step_count = header["step"]
    tr.status, tr.diverged_step, tr.message = header["status"], header.get("diverged_step"), header.get("message", "")
    tr.history = history
    tr.pending = pending


def _check_names(key: str, what: str, names, have: dict) -> None:
    if not isinstance(names, list) or sorted(names) != sorted(have):
        raise ConfigError(key, f"its {what} {names} do not match this experiment's {sorted(have)}")


def _fetch(key: str, arrays: dict, name: str, shape: tuple, dtype: torch.dtype) -> torch.Tensor:
    """A copy of one array as a tensor, after checking its shape and type."""
    if name not in arrays:
        raise ConfigError(key, f"the array {name} is missing")
    a = arrays[name]
    if a.shape != shape:
        raise ConfigError(key, f"the array {name} has shape {a.shape}; this experiment needs {shape}")
    want = torch.empty((), dtype=dtype).numpy().dtype
    if a.dtype != want:
        raise ConfigError(key, f"the array {name} holds {a.dtype}; this experiment needs {want}")
    return torch.from_numpy(np.array(a, copy=True))  # a copy: restored tensors are updated in place


def _module_state(key: str, name: str, module: torch.nn.Module, arrays: dict) -> tuple[dict, dict]:
    expected = module.state_dict()
    stored = {k for k in arrays if k.startswith(f"module/{name}/")}
    extra = stored - {f"module/{name}/{k}" for k in expected}
    if extra:
        raise ConfigError(key, f"the arrays {sorted(extra)} do not belong to this experiment's {name}")
    weights = {k: _fetch(key, arrays, f"module/{name}/{k}", tuple(v.shape), v.dtype) for k, v in expected.items()}
    grads = {k: _fetch(key, arrays, f"grad/{name}/{k}", tuple(p.shape), p.dtype)
             for k, p in module.named_parameters() if f"grad/{name}/{k}" in arrays}
    return weights, grads


def _optim_state(key: str, name: str, opt: torch.optim.Optimizer, meta: dict, arrays: dict) -> dict:
    if not isinstance(meta, dict) or meta.get("type") != type(opt).__name__:
        got = meta.get("type") if isinstance(meta, dict) else meta
        raise ConfigError(key, f"{name} holds the state of a {got} optimizer; this experiment uses "
                               f"{type(opt).__name__}")
    params = [p for group in opt.param_groups for p in group["params"]]
    groups = [{k: tuple(v) if isinstance(v, list) and k != "params" else v for k, v in g.items()}
              for g in meta["param_groups"]]
    state: dict[int, dict] = {}
    prefix = f"optim/{name}/"
    for array_name in arrays:
        if not array_name.startswith(prefix):
            continue
        index, _, slot = array_name[len(prefix):].partition("/")
        if not index.isdigit() or int(index) >= len(params):
            raise ConfigError(key, f"the array {array_name} names no parameter of {name}")
        p = params[int(index)]
        # step counters are float32 scalars; the other slots are shaped like their parameter
        shape, dtype = ((), torch.float32) if slot == "step" else (tuple(p.shape), p.dtype)
        state.setdefault(int(index), {})[slot] = _fetch(key, arrays, array_name, shape, dtype)
    for index, slots in meta.get("scalars", {}).items():
        state.setdefault(int(index), {}).update(slots)
    return {"state": state, "param_groups": groups}


def _rng_state(key: str, name: str, gen: torch.Generator, arrays: dict) -> torch.Tensor:
    current = gen.get_state()
    return _fetch(key, arrays, f"rng/{name}", tuple(current.shape), current.dtype)


def _history(key: str, header: dict, arrays: dict, current: dict) -> dict[str, list]:
    if "history_len" in header:  # a checkpoint of this run: the histories as they were then
        lengths = header["history_len"]
        if any(len(current.get(k, [])) < n for k, n in lengths.items()):
            raise ConfigError(key, "the checkpoint's histories are longer than the run's")
        return {k: current[k][:n] for k, n in lengths.items()}
    history = {}
    for name in header.get("history", []):
        a = arrays.get(f"history/{name}")
        if a is None or a.ndim != 1 or a.dtype.kind not in "if":
            raise ConfigError(key, f"the history {name!r} is missing or not a list of numbers")
        history[name] = a.tolist()
    return history


# ----- rewinding -----------------------------------------------------------------------------------
class Timeline:
    """Checkpoints of one run, every `every` steps, at most `capacity` of them.

    When full, every other checkpoint is dropped (the first is kept) and the interval doubles,
    so they stay evenly spread over the whole run and memory stays bounded however long it goes.
    """

    def __init__(self, every: int = EVERY, capacity: int = CAPACITY):
        self.every = every
        self.capacity = capacity
        self.items: list[State] = []

    def steps(self) -> list[int]:
        """The steps one can rewind to, oldest first."""
        return [s.step for s in self.items]

    def due(self, tr: Stateful) -> None:
        """Record a checkpoint if one is due at the trainer's step (call before each iteration)."""
        if tr.step_count % self.every == 0 and (not self.items or self.items[-1].step < tr.step_count):
            self.record(tr)

    def record(self, tr: Stateful) -> None:
        """Record a checkpoint of the trainer as it is now."""
        self.items.append(capture(tr, history=False))
        if len(self.items) == 1:  # large networks keep fewer checkpoints
            fits = MEMORY_BUDGET // max(nbytes(self.items[0]), 1)
            self.capacity = int(min(self.capacity, max(MIN_CAPACITY, fits)))
        while len(self.items) > self.capacity:
            self.every *= 2
            self.items = self.items[:1] + [s for s in self.items[1:] if s.step % self.every == 0]

    def latest(self, step: int) -> State:
        """The newest checkpoint at or before `step`; ConfigError under "rewind" if there is none."""
        earlier = [s for s in self.items if s.step <= step]
        if not earlier:
            first = f"the earliest is step {self.items[0].step}" if self.items else "none is recorded yet"
            raise ConfigError("rewind", f"no checkpoint at or before step {step}; {first}")
        return earlier[-1]

    def drop_after(self, step: int) -> None:
        """Forget the checkpoints after `step` (the run went back there: they are another future now)."""
        self.items = [s for s in self.items if s.step <= step]
