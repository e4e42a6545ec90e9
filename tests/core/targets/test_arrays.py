"""The numpy side of the one-formula array operations, against scipy."""

import numpy as np
import pytest
from scipy import special

from ganviz.core.targets.arrays import NumpyOps


@pytest.mark.parametrize("axis", [0, 1])
def test_logsumexp_is_scipys_on_ordinary_and_extreme_rows(axis):
    rng = np.random.default_rng(3)
    a = np.concatenate([rng.normal(0, 50, size=(40, 6)),
                        [[-np.inf] * 6, [np.inf, 1, 2, 3, 4, 5], [800.0] * 6, [-800.0] * 6,
                         [-np.inf, 0, 0, 0, 0, -np.inf]]])
    a = a if axis == 1 else a.T
    with np.errstate(all="raise"):  # no warning escapes: −inf and +inf rows are meant
        got = NumpyOps.logsumexp(a, axis=axis)
    np.testing.assert_allclose(got, special.logsumexp(a, axis=axis), rtol=1e-13)
    assert got.shape == (a.shape[1 - axis],)
