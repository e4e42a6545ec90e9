"""Measuring an image GAN: what the image page draws and the histories record, from latents and real
images fixed by the evaluation seed (never the training streams).

Frames carry a grid of samples from 36 fixed latents (so their change over training shows) with each
one's nearest training image and distance, D's scores on real and generated images, and the class
shares. Records add the classes covered, the Fréchet distance in the digits classifier's feature space
(`fd`) and the memorisation ratio `nn` (median distance of a generated image to its nearest training
image over the median leave-one-out distance among the training images themselves: near or above 1,
G draws new images; far below, it copies).
"""

from __future__ import annotations

import numpy as np
import torch

from ganviz.core.digits_classifier import classifier
from ganviz.core.digits_data import SIDE
from ganviz.core.evaluation import evaluating
from ganviz.core.image_metrics import (
    class_shares,
    classes_covered,
    frechet,
    leave_one_out,
    moments,
    nearest,
)
from ganviz.core.kernels import mmd2
from ganviz.core.latent import sample_latent
from ganviz.core.losses import LOSSES
from ganviz.core.players import Players

GRID = 36  # samples on the image page (6 × 6) from fixed latents
N_IMAGES = 1000  # generated images per measurement
N_SCORES = 256  # real and generated images whose D scores the page draws as histograms; in the app's
# frames also the images whose classes it reads (1,000 through the DCGAN cost 20 ms a frame)
N_MMD = 500


class ImageEvaluator:
    """Measures a run on an image target; `evaluate` as Evaluator.evaluate."""

    def __init__(self, target, config, seed: int):
        gen = torch.Generator().manual_seed(int(seed))
        self.z_grid = sample_latent(config.latent, GRID, config.latent_dim, gen)
        self.z_eval = sample_latent(config.latent, N_IMAGES, config.latent_dim, gen)
        self.seed = int(seed)
        self.set_target(target)

    def set_target(self, target) -> None:
        """The training images of the target's classes and what the metrics compare against."""
        self.target = target
        self.pool = target.images
        self.classifier = classifier()
        self.real_moments = moments(self.classifier.features(self.pool))
        self.pool_spacing = float(np.median(leave_one_out(self.pool)))
        rng = np.random.Generator(np.random.PCG64(self.seed))
        self.real_eval = target.sample(rng, N_IMAGES)

    def prepare(self) -> None:
        """Nothing to precompute beyond what set_target did (the classifier is trained then)."""

    def evaluate(self, run: Players, fields: bool, view: bool = False) -> tuple[dict, dict]:
        with evaluating(run.G, run.D):
            return self._evaluate(run, fields, view)

    def _evaluate(self, run: Players, fields: bool, view: bool) -> tuple[dict, dict]:
        grid_t = run.G(self.z_grid.to(run.dtype))
        grid = grid_t.double().numpy()
        finite = bool(np.isfinite(grid).all())
        metrics: dict = {"finite": finite}
        gen_t = None
        if not view:
            gen_t = run.G(self.z_eval.to(run.dtype))
            gen = gen_t.double().numpy()
            metrics["finite"] = finite = finite and bool(np.isfinite(gen).all())
            if finite:
                metrics.update(self._metrics(run, gen_t, gen))
        if not fields:
            return {}, metrics
        if gen_t is None:  # a frame for the app: fewer images read, the same first latents
            gen_t = run.G(self.z_eval[:N_SCORES].to(run.dtype))
            finite = finite and bool(torch.isfinite(gen_t).all())
        return self._fields(run, grid, gen_t, finite), metrics

    def _metrics(self, run: Players, gen_t: torch.Tensor, gen: np.ndarray) -> dict:
        cfg = run.config
        real_t = torch.from_numpy(self.real_eval).to(run.dtype)
        out: dict = {"mmd": float(mmd2(real_t[:N_MMD], gen_t[:N_MMD], cfg.mmd_bandwidths, unbiased=True))}
        if run.opponent.through_d:
            loss = LOSSES[cfg.loss]
            r, f = run.logits(real_t, gen_t), run.logits(gen_t, gen_t)
            out["loss_d"], out["loss_g"] = float(loss.d_loss(r, f)), float(loss.g_loss(f))
        else:  # a GMN's loss is MMD² itself: computed again only for the biased estimator
            out["loss_d"] = float("nan")
            out["loss_g"] = out["mmd"] if cfg.mmd_estimator == "unbiased" else float(
                mmd2(real_t[:N_MMD], gen_t[:N_MMD], cfg.mmd_bandwidths, unbiased=False))
        probs = self.classifier.probabilities(gen)
        shares = class_shares(probs)
        out["classes"] = float(classes_covered(shares))
        out["class_max"] = float(shares.max())
        out["class_target"] = float(shares[self.target.params["classes"]].sum())
        out["fd"] = frechet(*moments(self.classifier.features(gen)), *self.real_moments)
        out["nn"] = float(np.median(nearest(gen, self.pool)[1]) / self.pool_spacing)
        return out

    def _fields(self, run: Players, grid: np.ndarray, gen_t: torch.Tensor, finite: bool) -> dict:
        fields: dict = {"kind": "image", "samples": grid.reshape(GRID, SIDE, SIDE)}
        if not finite:
            return fields
        index, dist = nearest(grid, self.pool)
        gen = gen_t.double().numpy()
        extra = {"nearest": self.pool[index].reshape(GRID, SIDE, SIDE), "nearest_dist": dist,
                 "class_share": class_shares(self.classifier.probabilities(gen)), "class_images": len(gen)}
        if run.opponent.through_d and run.opponent.trains_d:
            prob = LOSSES[run.config.loss].prob
            real_t = torch.from_numpy(self.real_eval[:N_SCORES]).to(run.dtype)
            extra["d_real"] = prob(run.D(real_t)).double().numpy()
            extra["d_fake"] = prob(run.D(gen_t[:N_SCORES])).double().numpy()
        fields["extra"] = extra
        return fields
