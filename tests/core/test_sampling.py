"""The classic samplers of lessons 1-2 against the target law: KS tests, 1/M acceptance, MH convergence."""

import numpy as np
import pytest
from scipy import stats

from ganviz.core.errors import ConfigError
from ganviz.core.sampling import (
    InverseTransform,
    MetropolisHastings,
    Rejection,
    check_params,
    make_sampler,
    total_variation,
)
from ganviz.core.targets import make_target


def ks_pvalue(samples, target):
    return stats.kstest(samples, lambda x: target.cdf(x)).pvalue


@pytest.mark.parametrize("name", ["gaussian", "bimodal", "exponential", "beta"])
def test_inverse_transform_passes_ks_against_the_target(name):
    target = make_target(name)
    sampler = InverseTransform(target, seed=1)
    for _ in range(20):  # as the app draws them: a few per frame
        sampler.advance(200)
    assert len(sampler.samples) == 4000
    assert ks_pvalue(sampler.samples, target) > 0.01


def test_the_ks_test_used_would_catch_a_wrong_transform():
    # the same uniforms through the quantile function of a shifted law must be rejected
    target, other = make_target("gaussian"), make_target("gaussian", {"mean": 4.3})
    u = np.random.default_rng(1).random(4000)
    assert ks_pvalue(other.icdf(u), target) < 1e-6


def test_inverse_transform_uses_each_uniform_once_and_reports_it():
    sampler = InverseTransform(make_target("bimodal"), seed=3)
    sampler.advance(50)
    s = sampler.state()
    assert s.tried == s.accepted == 50 and s.acceptance == 1.0
    np.testing.assert_allclose(s.recent_x, make_target("bimodal").icdf(s.recent_y))


def test_rejection_roof_lies_over_the_target_and_acceptance_is_one_over_m():
    target = make_target("bimodal")
    sampler = Rejection(target, seed=2)
    x = np.linspace(*target.bounds[0], 100_001)
    assert np.all(target.density(x[:, None]) <= sampler.M * sampler.q)
    n = 100_000
    sampler.advance(n)
    rate = sampler.accepted / sampler.tried
    # the bounds hold all but 2e-9 of the mass, so the rate is 1/M up to binomial noise
    sd = np.sqrt((1 / sampler.M) * (1 - 1 / sampler.M) / n)
    assert abs(rate - 1 / sampler.M) < 4 * sd
    assert ks_pvalue(sampler.samples, target) > 0.01


def test_metropolis_hastings_histogram_converges_to_the_target():
    target = make_target("bimodal")
    mh = MetropolisHastings(target, seed=4, width=1.0, chains=100)
    mh.advance(3000)
    chains = mh.chains()
    tv = [total_variation(chains[n // 5:n].ravel(), target) for n in (100, 300, 3000)]
    assert tv[0] > 0.2  # early on the chains still remember their start at the left end
    assert tv[2] < 0.02  # 40 bins, 240 000 correlated states: the histogram has reached the target
    assert tv[0] > tv[1] > tv[2]


def test_one_metropolis_chain_as_the_app_runs_it():
    target = make_target("bimodal")
    mh = make_sampler(target, {"method": "metropolis", "width": 1.0})
    for _ in range(200):
        mh.advance(100)
    s = mh.state()
    assert s.tried == 20_000 and 0.3 < s.acceptance < 0.7
    assert total_variation(s.samples[2000:], target) < 0.15  # one correlated chain: 0.09 measured


def test_metropolis_width_trades_acceptance_for_distance():
    target = make_target("bimodal")
    rates = []
    for width in (0.1, 1.0, 8.0):
        mh = MetropolisHastings(target, seed=5, width=width, start=-2.0)
        mh.advance(3000)
        rates.append(mh.accepted / mh.tried)
    assert rates[0] > 0.9 > rates[1] > rates[2]
    assert rates[2] < 0.2


def test_a_seed_fixes_the_draws():
    target = make_target("bimodal")
    for method in ("inverse", "rejection", "metropolis"):
        a, b = (make_sampler(target, {"method": method, "seed": 7}) for _ in range(2))
        a.advance(300)
        b.advance(300)
        np.testing.assert_array_equal(a.samples, b.samples)
        c = make_sampler(target, {"method": method, "seed": 8})
        c.advance(300)
        assert not np.array_equal(a.samples[:50], c.samples[:50])


def test_bad_sampler_settings_are_named():
    with pytest.raises(ConfigError, match="sampler.method: must be one of inverse, rejection, metropolis"):
        check_params({"method": "gibbs"})
    with pytest.raises(ConfigError, match="sampler.width"):
        check_params({"method": "metropolis", "width": -1})
    with pytest.raises(ConfigError, match="sampler.speed: unknown setting"):
        check_params({"method": "inverse", "speed": 3})
    with pytest.raises(ConfigError, match="target: the sampling methods work on a 1-D target"):
        make_sampler(make_target("ring"), {"method": "inverse"})
    with pytest.raises(ConfigError, match="sampler.start"):
        MetropolisHastings(make_target("exponential"), start=-5.0)
