"""Image targets: the seeds' "dog probability distribution" made real on 8×8 handwritten digits.

A sample is an image as a point of R^64 (rows of pixels, each scaled to [−1, 1] by x/8 − 1), drawn
uniformly from the training images of the chosen classes. There is no density to draw or compare:
the evaluation (core/image_evaluation.py) reads images with a classifier instead.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from ganviz.core.digits_data import CLASSES, SIDE, digits
from ganviz.core.targets.base import ParamSpec, Target

ALL_CLASSES = tuple(range(CLASSES))


class Digits(Target):
    """The 8×8 digits of the chosen classes (all ten by default)."""

    name: ClassVar[str] = "digits"
    dim: ClassVar[int] = SIDE * SIDE
    image: ClassVar[bool] = True
    summary: ClassVar[str] = "8×8 handwritten digits (scikit-learn's 1,797), as points of R^64"
    PARAMS: ClassVar[dict[str, ParamSpec]] = {
        "classes": ParamSpec(ALL_CLASSES, 0, CLASSES - 1, "The digits drawn from (e.g. 7, or 0,1,7).",
                             integer=True, many=True),
    }

    def _setup(self) -> None:
        images, labels = digits()
        keep = np.isin(labels, self.params["classes"])
        self.images, self.labels = images[keep], labels[keep]
        lo = np.full(self.dim, -1.0)
        self._set_moments(self.images.mean(0), self.images.std(0), np.stack([lo, -lo], axis=1))

    def _sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.images[rng.integers(0, len(self.images), n)]


class Digits7(Digits):
    """The seeds' example: a GAN learning to draw the digit 7."""

    name: ClassVar[str] = "digits-7"
    summary: ClassVar[str] = "8×8 handwritten sevens (scikit-learn's 179)"
    PARAMS: ClassVar[dict[str, ParamSpec]] = {
        "classes": ParamSpec((7,), 0, CLASSES - 1, "The digits drawn from (the seeds' example: 7).",
                             integer=True, many=True),
    }
