"""Metrics of generated images from their exact definitions (numpy and scipy; no torch, no classifier).

- Fréchet distance between two Gaussians fitted to feature vectors (FID's formula, here in a small
  digits classifier's feature space): ‖μ₁ − μ₂‖² + tr(C₁ + C₂ − 2 (C₁^½ C₂ C₁^½)^½).
- Nearest neighbours by Euclidean distance, brute force (the pools hold at most 1,797 images).
- Class coverage: a class counts when at least 1 % of the samples are read as it with confidence ≥ 0.5.
"""

from __future__ import annotations

import numpy as np

COVER_SHARE = 0.01  # a class counts as covered from this share of the samples up
CONFIDENT = 0.5  # a sample counts for a class when the classifier gives it this probability or more


def psd_sqrt(c: np.ndarray) -> np.ndarray:
    """The symmetric square root of a positive semi-definite matrix (eigenvalues below 0 by rounding set to 0)."""
    w, v = np.linalg.eigh((c + c.T) / 2)
    return (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T


def frechet(mu1: np.ndarray, c1: np.ndarray, mu2: np.ndarray, c2: np.ndarray) -> float:
    """The Fréchet (2-Wasserstein) distance² between N(μ₁, C₁) and N(μ₂, C₂)."""
    s1 = psd_sqrt(c1)
    cross = np.linalg.eigvalsh(s1 @ c2 @ s1)
    shared = np.sum(np.sqrt(np.clip(cross, 0.0, None)))  # tr (C₁^½ C₂ C₁^½)^½
    value = float(np.sum((mu1 - mu2) ** 2) + np.trace(c1) + np.trace(c2) - 2.0 * shared)
    return max(value, 0.0)


def moments(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance (n − 1 in the denominator) of feature rows."""
    return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_between(a: np.ndarray, b: np.ndarray) -> float:
    """The Fréchet distance² between Gaussians fitted to the rows of `a` and of `b`."""
    return frechet(*moments(a), *moments(b))


def squared_distances(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(len(a), len(b)) squared Euclidean distances, never below 0."""
    d = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * a @ b.T
    return np.clip(d, 0.0, None)


def nearest(queries: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query row, (the index of its nearest pool row, the distance to it)."""
    d = squared_distances(queries, pool)
    index = d.argmin(axis=1)
    return index, np.sqrt(d[np.arange(len(queries)), index])


def leave_one_out(pool: np.ndarray) -> np.ndarray:
    """Each pool row's distance to its nearest other row (a copy of it counts: distance 0)."""
    d = squared_distances(pool, pool)
    np.fill_diagonal(d, np.inf)
    return np.sqrt(d.min(axis=1))


def class_shares(probs: np.ndarray) -> np.ndarray:
    """Per class, the share of samples read as it with confidence ≥ 0.5 (rows: samples, columns: classes)."""
    top = probs.argmax(axis=1)
    confident = probs.max(axis=1) >= CONFIDENT
    return np.bincount(top[confident], minlength=probs.shape[1]) / len(probs)


def classes_covered(shares: np.ndarray) -> int:
    """How many classes hold at least 1 % of the samples."""
    return int(np.sum(shares >= COVER_SHARE))
