"""Image metrics against closed forms, scipy and brute force on small arrays."""

import numpy as np
import pytest
from scipy import linalg

from ganviz.core.image_metrics import (
    class_shares,
    classes_covered,
    frechet,
    frechet_between,
    leave_one_out,
    nearest,
)


def test_frechet_of_diagonal_gaussians_is_the_closed_form():
    mu1, mu2 = np.array([0.0, 1.0, -2.0]), np.array([1.0, 1.0, 0.5])
    s1, s2 = np.array([1.0, 2.0, 0.5]), np.array([3.0, 0.5, 0.5])
    # for diagonal covariances: |μ₁ − μ₂|² + Σ (σ₁ − σ₂)²
    want = 1.0 + 0.0 + 6.25 + (1 - 3) ** 2 + (2 - 0.5) ** 2 + 0.0
    assert frechet(mu1, np.diag(s1**2), mu2, np.diag(s2**2)) == pytest.approx(want, rel=1e-12)
    assert frechet(mu1, np.diag(s1**2), mu1, np.diag(s1**2)) == pytest.approx(0.0, abs=1e-12)


def test_frechet_of_full_covariances_agrees_with_scipy_sqrtm():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    c1, c2 = a @ a.T + 0.1 * np.eye(5), b @ b.T + 0.1 * np.eye(5)
    mu1, mu2 = rng.normal(size=5), rng.normal(size=5)
    want = np.sum((mu1 - mu2) ** 2) + np.trace(c1 + c2 - 2 * linalg.sqrtm(c1 @ c2).real)
    assert frechet(mu1, c1, mu2, c2) == pytest.approx(want, rel=1e-9)
    x, y = rng.normal(size=(400, 3)), rng.normal(loc=2.0, size=(300, 3))
    fitted = frechet(x.mean(0), np.cov(x.T), y.mean(0), np.cov(y.T))
    assert frechet_between(x, y) == pytest.approx(fitted, rel=1e-12)


def test_nearest_neighbours_by_brute_force():
    rng = np.random.default_rng(1)
    pool, queries = rng.normal(size=(40, 6)), rng.normal(size=(15, 6))
    index, dist = nearest(queries, pool)
    for q, i, d in zip(queries, index, dist, strict=True):
        by_loop = [np.sqrt(np.sum((q - p) ** 2)) for p in pool]
        assert i == int(np.argmin(by_loop)) and d == pytest.approx(min(by_loop), rel=1e-9)
    loo = leave_one_out(pool)
    for k, p in enumerate(pool):
        others = [np.sqrt(np.sum((p - o) ** 2)) for j, o in enumerate(pool) if j != k]
        assert loo[k] == pytest.approx(min(others), rel=1e-9)
    twin = np.vstack([pool[:3], pool[:1]])
    assert leave_one_out(twin)[0] == 0.0  # a copy of an image is at distance 0


def test_class_shares_count_confident_samples_only():
    probs = np.array([[0.9, 0.1, 0.0], [0.6, 0.4, 0.0], [0.4, 0.35, 0.25], [0.0, 0.2, 0.8], [0.5, 0.5, 0.0]])
    # confident (≥ 0.5): rows 0, 1 → class 0; row 3 → class 2; row 4 → class 0 (argmax picks the first)
    np.testing.assert_allclose(class_shares(probs), [3 / 5, 0.0, 1 / 5])
    assert classes_covered(np.array([0.3, 0.0, 0.0099, 0.01, 0.5])) == 3
