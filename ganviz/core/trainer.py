"""The trainer: owns every torch object of a run and advances it step by step.

No Qt here. The app and the CLI drive the same object: `train(n)`, single `step_d()` /
`step_g()`, `apply(changes)` between steps, `snapshot()` for the views, `log()` for histories.
Training draws randomness only from its own two streams (torch for latents and noise, numpy
for real data), both derived from the seed; evaluation has streams of its own.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch

from ganviz.core import checkpoint, regularizers, remedies
from ganviz.core.config import Config, changed_keys, needs_reset
from ganviz.core.dcgan import DCGANBody, DCGANGenerator
from ganviz.core.errors import ConfigError
from ganviz.core.evaluation import Evaluator
from ganviz.core.image_evaluation import ImageEvaluator
from ganviz.core.kernels import kde_log_density
from ganviz.core.latent import sample_latent
from ganviz.core.losses import LOSSES
from ganviz.core.metrics import grad_norm
from ganviz.core.models import MLP, DiracDiscriminator, DiracGenerator, Discriminator
from ganviz.core.opponents import Opponent, opponent_for
from ganviz.core.optim import lr_scale, make_optimizer, optimizer_kind, retune
from ganviz.core.players import Players, generator_loss
from ganviz.core.snapshot import Snapshot
from ganviz.core.targets import make_target

# The oracle's logit log p_t − log p_g is clamped here where p_t is 0 (outside the support):
# D* is 0 there and carries no gradient, as in the ideal case, without inf − inf = NaN.
_LOG_FLOOR = -1e4


def _set_grads(params: list[torch.Tensor], grads: tuple[torch.Tensor, ...]) -> None:
    for p, g in zip(params, grads, strict=True):
        p.grad = g


class Trainer:
    """One run: generator, discriminator, optimizers, RNG streams, step count and histories."""

    def __init__(self, config: Config):
        self.pending: Config | None = None
        self.reset(config)

    # ----- lifecycle -------------------------------------------------------------------------
    def reset(self, config: Config | None = None) -> None:
        """Start over from step 0 with `config` (or the pending one, or the current one)."""
        cfg = config or self.pending or self.config
        self.pending = None
        self.config = cfg
        self.target = make_target(cfg.target, cfg.target_params)
        self.is_dirac = cfg.target == "dirac"
        self.dtype = torch.float64 if self.is_dirac else torch.float32
        init_seed, torch_seed, data_seed, eval_seed = (
            int(s) for s in np.random.SeedSequence(cfg.seed).generate_state(4))
        init_gen = torch.Generator().manual_seed(init_seed)
        self.gen = torch.Generator().manual_seed(torch_seed)
        self.rng = np.random.Generator(np.random.PCG64(data_seed))
        self.G, self.D = self._build_players(cfg, init_gen)
        self.opt_g = make_optimizer(cfg.optimizer_g, self.G.parameters(), cfg.lr_g, cfg)
        self.opt_d = make_optimizer(cfg.optimizer_d, self.D.parameters(), cfg.lr_d, cfg)
        self.step_count = 0
        self.status = "ok"
        self.diverged_step: int | None = None
        self.message = ""
        self.history: dict[str, list[float]] = {}
        measure = ImageEvaluator if self.target.image else Evaluator
        self.evaluator = measure(self.target, cfg, eval_seed)
        self.timeline = checkpoint.Timeline()  # checkpoints for rewind(); a reset starts a new one

    def _build_players(self, cfg: Config, init_gen: torch.Generator):
        if self.is_dirac:
            return DiracGenerator(cfg.dirac.theta0), DiracDiscriminator(cfg.dirac.psi0)
        if cfg.network == "dcgan":
            return (DCGANGenerator(cfg.latent_dim, cfg.hidden_g, cfg.activation_g, cfg.batchnorm, init_gen),
                    Discriminator(DCGANBody(cfg.hidden_d, cfg.activation_d, cfg.batchnorm, init_gen),
                                  input_scale=cfg.d_input_scale))
        dim = self.target.dim
        g = MLP(cfg.latent_dim, dim, cfg.hidden_g, cfg.layers_g, cfg.activation_g, cfg.batchnorm, init_gen,
                init=cfg.init)
        d_width = remedies.d_input_width(dim, cfg.pack, cfg.minibatch_std)
        d = Discriminator(MLP(d_width, 1, cfg.hidden_d, cfg.layers_d, cfg.activation_d, cfg.batchnorm, init_gen,
                              init=cfg.init),
                          cfg.pack, cfg.minibatch_std, cfg.d_input_scale)
        if cfg.g_init_spread > 0:
            self._spread_generator(g, cfg, init_gen)
        return g, d

    def _spread_generator(self, g: MLP, cfg: Config, init_gen: torch.Generator) -> None:
        """Rescale G's output layer so that it starts with the target's mean and `spread` × its std."""
        with torch.no_grad():
            out = g(sample_latent(cfg.latent, 4096, cfg.latent_dim, init_gen))
            mean, std = out.mean(0), out.std(0).clamp_min(1e-8)
            want_std = torch.as_tensor(cfg.g_init_spread * self.target.std, dtype=out.dtype)
            scale = want_std / std
            layer = g.output_layer
            layer.weight.mul_(scale[:, None])
            layer.bias.copy_((layer.bias - mean) * scale + torch.as_tensor(self.target.mean, dtype=out.dtype))

    # ----- live changes ----------------------------------------------------------------------
    def apply(self, changes: Mapping[str, Any]) -> list[str]:
        """Apply live changes now; keep the rest for the next reset and return their keys.

        Raises ConfigError (nothing changed) when any value is refused.
        """
        old = self.config
        new = (self.pending or old).with_changes(changes)  # earlier changes still waiting are kept
        waiting = needs_reset(old, new)
        new_values = new.to_dict()
        live = {k: new_values[k] for k in changed_keys(old, new) if k not in waiting}
        self._set_live(old.with_changes(live))
        self.pending = new if waiting else None
        return waiting

    def _set_live(self, cfg: Config) -> None:
        old, self.config = self.config, cfg
        if cfg.target_params != old.target_params:
            self.target = make_target(cfg.target, cfg.target_params)
            self.evaluator.set_target(self.target)
        for opt_name, player, lr, attr in (("optimizer_g", self.G, cfg.lr_g, "opt_g"),
                                           ("optimizer_d", self.D, cfg.lr_d, "opt_d")):
            kind = getattr(cfg, opt_name)
            opt = getattr(self, attr)
            if optimizer_kind(opt) != kind:
                setattr(self, attr, make_optimizer(kind, player.parameters(), lr, cfg))
            else:
                retune(opt, lr, cfg)

    # ----- data ------------------------------------------------------------------------------
    def _real(self, n: int) -> torch.Tensor:
        return torch.from_numpy(self.target.sample(self.rng, n)).to(self.dtype)

    def _fake(self, n: int) -> torch.Tensor:
        cfg = self.config
        return self.G(sample_latent(cfg.latent, n, cfg.latent_dim, self.gen, self.dtype))

    def _noisy(self, x: torch.Tensor) -> torch.Tensor:
        return regularizers.add_instance_noise(self.config.regularizer, self.config.reg_weight, x, self.gen)

    # ----- losses ----------------------------------------------------------------------------
    def _d_loss(self, real: torch.Tensor, fake: torch.Tensor, d=None) -> torch.Tensor:
        """D's loss on a batch; `d` stands in for self.D (an unrolled copy)."""
        cfg = self.config
        d = self.D if d is None else d
        real, fake = self._noisy(real), self._noisy(fake)
        loss = LOSSES[cfg.loss].d_loss(d(real), d(fake))
        extra = regularizers.penalty(cfg.regularizer, cfg.reg_weight, d, real, fake, self.gen)
        return loss if extra is None else loss + extra

    def _unrolled_d(self, fake: torch.Tensor):
        """D after `unroll_steps` differentiable steps on a fresh real batch and these generated
        samples (Metz et al. 2017); self.D and its optimizer are not changed."""
        cfg = self.config
        real = self._real(len(fake))
        clip = cfg.clip if cfg.loss == "wasserstein" else 0.0
        return remedies.unrolled_discriminator(self.D, self.opt_d, lambda d: self._d_loss(real, fake, d),
                                               cfg.unroll_steps, clip)

    def oracle_logits(self, x: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        """logit of D* = p_t/(p_t+p_g) at x, with p_g a KDE of `fake` (differentiable in both)."""
        log_pt = self.target.log_prob(x).clamp_min(_LOG_FLOOR)
        return log_pt - kde_log_density(x, fake, self.config.kde_bandwidth)

    @property
    def opponent(self) -> Opponent:
        """What G plays against: the learned D, the oracle D*, or MMD² (a GMN)."""
        return opponent_for(self.config)

    def logits(self, x: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        """D's logits at x: the learned D's, or the oracle's (which needs the generated batch `fake`)."""
        if self.opponent.d_is_d_star:
            return self.oracle_logits(x, fake)
        return self.D(x)

    def generator_loss_at(self, fake: torch.Tensor, real: torch.Tensor | None) -> torch.Tensor:
        """G's loss for generated points `fake` (`real` samples are used by the GMN only)."""
        return generator_loss(self.config, self.logits, fake, real)

    def _g_loss(self, fake: torch.Tensor) -> torch.Tensor:
        opponent = self.opponent
        if not opponent.through_d:  # MMD² against a fresh real batch
            return self.generator_loss_at(fake, self._real(len(fake)))
        if not opponent.trains_d:  # the oracle: no noise, no unrolling, D* of this very batch
            return self.generator_loss_at(fake, None)
        if self.config.unroll_steps > 0:
            d_k = self._unrolled_d(fake)
            return LOSSES[self.config.loss].g_loss(d_k(self._noisy(fake)))
        return self.generator_loss_at(self._noisy(fake), None)

    @property
    def trains_d(self) -> bool:
        """Whether the learned discriminator is being trained (not in GMN or oracle mode)."""
        return self.opponent.trains_d

    @property
    def _uses_consensus(self) -> bool:
        return self.config.regularizer == "consensus" and self.trains_d

    def _consensus(self, loss_d: torch.Tensor, loss_g: torch.Tensor) -> torch.Tensor:
        """γ/2·‖v‖² of both players' gradients, to be added to both losses."""
        return regularizers.consensus(self.config.reg_weight, loss_d, list(self.D.parameters()),
                                      loss_g, list(self.G.parameters()))

    # ----- updates ---------------------------------------------------------------------------
    def step_d(self) -> float:
        """One discriminator update; returns its loss."""
        n = self.config.batch_size
        real = self._real(n)
        consensus = self._uses_consensus
        with torch.set_grad_enabled(consensus):  # consensus differentiates G's gradient too
            fake = self._fake(n)
        loss = self._d_loss(real, fake)
        if consensus:
            loss = loss + self._consensus(loss, self._g_loss(fake))
        # autograd.grad, not backward: G's .grad must keep G's own last gradient.
        params = list(self.D.parameters())
        _set_grads(params, torch.autograd.grad(loss, params))
        self.opt_d.step()
        self._clip()
        return self._checked(loss)

    def step_g(self) -> float:
        """One generator update; returns its loss."""
        fake = self._fake(self.config.batch_size)
        loss = self._g_loss(fake)
        if self._uses_consensus:
            loss = loss + self._consensus(self._d_loss(self._real(len(fake)), fake), loss)
        # autograd.grad, not backward: D's .grad must keep D's own last gradient.
        params = list(self.G.parameters())
        _set_grads(params, torch.autograd.grad(loss, params))
        self.opt_g.step()
        return self._checked(loss)

    def _step_simultaneous(self) -> None:
        """Both players step from the same point: gradients are taken before either moves."""
        n = self.config.batch_size
        real = self._real(n)
        fake = self._fake(n)
        d_params, g_params = list(self.D.parameters()), list(self.G.parameters())
        consensus = self._uses_consensus
        loss_d = self._d_loss(real, fake if consensus else fake.detach())
        loss_g = self._g_loss(fake)
        if consensus:
            term = self._consensus(loss_d, loss_g)
            loss_d, loss_g = loss_d + term, loss_g + term
        grads_d = torch.autograd.grad(loss_d, d_params, retain_graph=consensus)  # the term is shared
        grads_g = torch.autograd.grad(loss_g, g_params)
        _set_grads(d_params, grads_d)
        _set_grads(g_params, grads_g)
        self.opt_d.step()
        self.opt_g.step()
        self._clip()
        self._checked(loss_d)
        self._checked(loss_g)

    def _clip(self) -> None:
        c = self.config.clip
        if c > 0 and self.config.loss == "wasserstein":
            with torch.no_grad():
                for p in self.D.parameters():
                    p.clamp_(-c, c)

    def _checked(self, loss: torch.Tensor) -> float:
        value = loss.item()
        if not math.isfinite(value) and self.status == "ok":
            self._diverge(f"a loss became {value} at step {self.step_count + 1}")
        return value

    def _diverge(self, why: str) -> None:
        self.diverge_at(self.step_count + 1, why)

    def diverge_at(self, step: int, why: str) -> None:
        """Mark the run diverged (at `step`, for `why`); training stops until a reset."""
        self.status = "diverged"
        self.diverged_step = step
        self.message = f"diverged: {why}; lower the learning rates or reset"

    def iterate(self) -> None:
        """One training iteration; does nothing once diverged."""
        if self.status != "ok":
            return
        self.timeline.due(self)
        cfg = self.config
        # every iteration, so that a live change of lr_halflife or lr_warmup (to 0 too) takes effect at once
        factor = lr_scale(cfg, self.step_count)
        for opt, lr in ((self.opt_g, cfg.lr_g), (self.opt_d, cfg.lr_d)):
            for group in opt.param_groups:
                group["lr"] = lr * factor
        if self.trains_d and cfg.update == "simultaneous":
            self._step_simultaneous()
        else:
            if self.trains_d:
                for _ in range(cfg.d_steps):
                    self.step_d()
            for _ in range(cfg.g_steps):
                if self.status == "ok":
                    self.step_g()
        self.step_count += 1

    def train(self, n: int) -> int:
        """Up to n iterations (fewer if the run diverges); returns how many ran."""
        start = self.step_count
        for _ in range(n):
            if self.status != "ok":
                break
            self.iterate()
        return self.step_count - start

    # ----- observation -----------------------------------------------------------------------
    def probe(self, seed: int) -> Trainer:
        """A twin of this run for measuring its game (see spectrum.py): the same config, target and losses,
        its own copies of G and D and its own random streams from `seed`, so nothing done through it
        reaches the training state or its streams (not even batch norm's running statistics)."""
        twin = copy.copy(self)
        twin.G, twin.D = copy.deepcopy(self.G), copy.deepcopy(self.D)
        twin.gen = torch.Generator().manual_seed(seed)
        twin.rng = np.random.Generator(np.random.PCG64(seed))
        twin.opt_g = twin.opt_d = twin.history = twin.timeline = None  # a twin measures; it never trains
        return twin

    def players(self) -> Players:
        """The players as the evaluator measures them (made afresh: a reset or restore replaces G and D)."""
        return Players(self.G, self.D, self.config, self.dtype, self.logits)

    def measure(self, fields: bool, view: bool = False) -> tuple[dict, dict]:
        """(snapshot fields or {}, metrics with "finite") now, by this run's evaluator (see Evaluator.evaluate)."""
        return self.evaluator.evaluate(self.players(), fields=fields, view=view)

    def log(self) -> dict[str, float]:
        """Evaluate the metrics now and append them to the histories."""
        _, metrics = self.measure(fields=False)
        metrics["grad_g"] = grad_norm(self.G.parameters())
        metrics["grad_d"] = grad_norm(self.D.parameters())
        finite = metrics.pop("finite")
        if self.status == "ok" and not finite:
            self._diverge(f"the generator's samples are not finite at step {self.step_count}")
        self.history.setdefault("step", []).append(self.step_count)
        for key, value in metrics.items():
            self.history.setdefault(key, []).append(value)
        return metrics

    def snapshot(self, view: bool = False) -> Snapshot:
        """Everything the views draw, computed without touching training state or its RNG.

        view=True: on the lighter view grids and without metrics (for redrawing many times a second).
        """
        fields, metrics = self.measure(fields=True, view=view)
        metrics.pop("finite")
        return Snapshot(step=self.step_count, status=self.status, message=self.message,
                        metrics=metrics, **fields)

    # ----- resume and rewind (the state itself: checkpoint.capture) ----------------------------
    def restore(self, state: checkpoint.State) -> None:
        """Become the captured run (from checkpoint.capture or an experiment file); ConfigError leaves it unchanged."""
        self._become(state, "experiment")
        self.timeline = checkpoint.Timeline()  # a new timeline starts there
        self.timeline.record(self)

    def rewind(self, step: int) -> int:
        """Go back to the newest checkpoint at or before `step` (playing on branches from there); returns its step."""
        state = self.timeline.latest(step)
        self._become(state, "rewind")
        self.timeline.drop_after(state.step)
        return state.step

    def _become(self, state: checkpoint.State, key: str) -> None:
        """Rebuild this run from a captured state, keeping the timeline; if the state is refused (ConfigError
        under `key`) everything is put back as it was."""
        cfg = checkpoint.config_of(state, key)
        timeline, before, old = self.timeline, checkpoint.capture(self), self.config
        try:
            self._load(state, cfg, key)
        except ConfigError:
            self._load(before, old, key)
            raise
        finally:
            self.timeline = timeline  # a reset started a new one

    def _load(self, state: checkpoint.State, cfg: Config, key: str) -> None:
        if needs_reset(self.config, cfg):  # other networks or target: build them first
            self.reset(cfg)
        checkpoint.load(self, state, key)
