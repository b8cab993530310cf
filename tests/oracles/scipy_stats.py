#!/usr/bin/env python3
"""Oracle for src/stats: writes tests/fixtures/stats/{mannwhitney,wilcoxon,kruskal,bh,permutation,
bca}.json from scipy (>= 1.11; generated with scipy 1.17.1, numpy 2.4) and scikit-posthocs.

Run from the repository root:  python3 tests/oracles/scipy_stats.py
Inputs are integers or multiples of 1/64 (exact in binary and in JSON), generated from fixed seeds.
The project never needs Python: only the committed JSON is read by the tests.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "stats")


def dyadic(rng, n, lo=0, hi=1 << 14, unique=True):
    """n values k/64, without ties when unique."""
    if unique:
        ks = rng.choice(np.arange(lo, hi), size=n, replace=False)
    else:
        ks = rng.integers(lo, hi, size=n)
    return [float(k) / 64.0 for k in ks]


def ints(rng, n, lo, hi):
    return [float(v) for v in rng.integers(lo, hi, size=n)]


def num(x):
    """JSON number, or None for NaN (the Rust side expects None where scipy gives NaN)."""
    x = float(x)
    return None if math.isnan(x) else x


def dump(name, payload):
    payload = {"generator": f"tests/oracles/scipy_stats.py (scipy {scipy.__version__}, numpy {np.__version__})",
               **payload}
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")


def two_sample_inputs(rng):
    """Pairs (name, a, b) covering exact / asymptotic, ties, n from 3 to 200, unequal sizes."""
    c = []
    c.append(("exact_3_3", dyadic(rng, 3), dyadic(rng, 3)))
    c.append(("exact_3_5_separated", [1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0, 8.0]))
    c.append(("exact_5_8", dyadic(rng, 5), dyadic(rng, 8)))
    c.append(("exact_8_8", dyadic(rng, 8), dyadic(rng, 8)))
    c.append(("exact_4_40", dyadic(rng, 4), dyadic(rng, 40)))
    c.append(("exact_8_200", dyadic(rng, 8, 0, 1 << 16), dyadic(rng, 200, 0, 1 << 16)))
    c.append(("exact_7_12_shifted", [v + 40 for v in dyadic(rng, 7, 0, 4096)], dyadic(rng, 12, 0, 4096)))
    c.append(("exact_4_4", dyadic(rng, 4), dyadic(rng, 4)))
    c.append(("exact_6_6", dyadic(rng, 6), dyadic(rng, 6)))
    c.append(("exact_7_7_shifted", [v + 20 for v in dyadic(rng, 7, 0, 4096)], dyadic(rng, 7, 0, 4096)))
    c.append(("exact_9_8", dyadic(rng, 9), dyadic(rng, 8)))
    c.append(("exact_3_100", dyadic(rng, 3, 0, 1 << 16), dyadic(rng, 100, 0, 1 << 16)))
    c.append(("exact_8_30_reversed", dyadic(rng, 30), [v + 60 for v in dyadic(rng, 8, 0, 4096)]))
    c.append(("asym_ties_small_3_4", [1.0, 2.0, 2.0], [2.0, 3.0, 4.0, 4.0]))
    c.append(("asym_ties_6_9", ints(rng, 6, 0, 5), ints(rng, 9, 0, 5)))
    c.append(("asym_9_9_noties", dyadic(rng, 9), dyadic(rng, 9)))
    c.append(("asym_20_35", dyadic(rng, 20), dyadic(rng, 35)))
    c.append(("asym_ties_30_45", ints(rng, 30, 0, 10), ints(rng, 45, 2, 12)))
    c.append(("asym_200_150", dyadic(rng, 200, 0, 1 << 16), dyadic(rng, 150, 0, 1 << 16)))
    c.append(("asym_ties_200_200", ints(rng, 200, 0, 30), ints(rng, 200, 0, 31)))
    c.append(("one_group_constant_10_12", [5.0] * 10, ints(rng, 12, 0, 10)))
    c.append(("one_group_constant_3_4", [2.0] * 3, [1.0, 3.0, 4.0, 5.0]))
    c.append(("both_constant_equal", [2.0] * 6, [2.0] * 9))
    c.append(("both_constant_different", [1.0] * 5, [2.0] * 7))
    c.append(("strong_effect_25_30", [v + 100 for v in dyadic(rng, 25, 0, 4096)], dyadic(rng, 30, 0, 4096)))
    return c


def mannwhitney(rng):
    cases = []
    for name, a, b in two_sample_inputs(rng):
        r = stats.mannwhitneyu(a, b, method="auto")
        ties = len(set(a + b)) < len(a) + len(b)
        # scipy's `auto` rule (_mwu_choose_method), to check the method and case coverage.
        method = "exact" if min(len(a), len(b)) <= 8 and not ties else "asymptotic"
        cases.append({"name": name, "a": a, "b": b, "u": num(r.statistic), "p": num(r.pvalue),
                      "method_rule": method})
    dump("mannwhitney.json", {"call": "scipy.stats.mannwhitneyu(a, b, method='auto')", "cases": cases})


def wilcoxon(rng):
    inputs = []
    def pair(name, d, base=None):
        y = base if base is not None else ints(rng, len(d), 0, 100)
        x = [yi + di for yi, di in zip(y, d)]
        inputs.append((name, x, y))
    pair("exact_3", [1.0, -2.0, 3.0])
    pair("exact_6", dyadic(rng, 6, -4096, 4096))
    pair("exact_10_positive", [v + 1 for v in dyadic(rng, 10, 0, 4096)])
    pair("exact_20", dyadic(rng, 20, -4096, 4096))
    pair("exact_50", dyadic(rng, 50, -4096, 3000))
    pair("exact_4", [0.5, -1.25, 2.0, 3.5])
    pair("exact_12", dyadic(rng, 12, -4096, 4096))
    pair("exact_30_negative", [v - 20 for v in dyadic(rng, 30, -1000, 4096)])
    pair("perm_ties_11", ints(rng, 11, -4, 9))
    pair("perm_ties_8", [1.0, -1.0, 2.0, 2.0, 3.0, -3.0, 4.0, 5.0])
    pair("perm_zeros_10", [0.0, 0.0, 1.0, -2.0, 3.0, 4.0, 5.5, 6.0, -7.0, 8.0])
    pair("perm_ties_zeros_13", ints(rng, 13, -3, 6))
    pair("perm_all_zero_5", [0.0] * 5)
    pair("asym_ties_14", ints(rng, 14, -5, 8))
    pair("asym_zeros_30", ints(rng, 30, -6, 9))
    pair("asym_51_noties", dyadic(rng, 51, -4096, 4096))
    pair("asym_120", dyadic(rng, 120, -3000, 4096))
    pair("asym_ties_200", ints(rng, 200, -20, 25))
    pair("asym_all_zero_20", [0.0] * 20)
    pair("asym_ties_60", ints(rng, 60, -10, 12))
    pair("asym_80_noties", dyadic(rng, 80, -4096, 4096))
    cases = []
    for name, x, y in inputs:
        r = stats.wilcoxon(x, y)
        d = [a - b for a, b in zip(x, y)]
        nz = [abs(v) for v in d if v != 0]
        ties_or_zeros = len(nz) < len(d) or len(set(nz)) < len(nz)
        # scipy's `auto` rule (scipy/stats/_wilcoxon.py), to check the method and case coverage.
        rule = ("asymptotic" if len(d) > 50 else "exact" if not ties_or_zeros
                else "permutation" if len(d) <= 13 else "asymptotic")
        cases.append({"name": name, "x": x, "y": y, "statistic": num(r.statistic), "p": num(r.pvalue),
                      "method_rule": rule})
    dump("wilcoxon.json", {"call": "scipy.stats.wilcoxon(x, y) (zero_method='wilcox', correction=False, "
                                   "two-sided, method='auto')", "cases": cases})


def kruskal(rng):
    import pandas as pd
    import scikit_posthocs as sp
    inputs = [
        ("k2_separated", [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
        ("k3_small_noties", [dyadic(rng, 3), dyadic(rng, 4), dyadic(rng, 5)]),
        ("k3_ties", [ints(rng, 6, 0, 4), ints(rng, 7, 0, 4), ints(rng, 5, 1, 5)]),
        ("k4_unequal", [dyadic(rng, 3), dyadic(rng, 10), dyadic(rng, 25), dyadic(rng, 7)]),
        ("k4_shifted", [[v + 30 * i for v in dyadic(rng, 8, 0, 4096)] for i in range(4)]),
        ("k2_200_ties", [ints(rng, 200, 0, 20), ints(rng, 150, 1, 21)]),
        ("k5_ties", [ints(rng, n, 0, 8) for n in (4, 9, 12, 20, 6)]),
        ("k3_one_constant", [[3.0] * 5, ints(rng, 6, 0, 7), ints(rng, 8, 2, 9)]),
        ("k3_large", [dyadic(rng, 60, 0, 1 << 16), dyadic(rng, 80, 0, 1 << 16), dyadic(rng, 50, 0, 1 << 16)]),
        ("k2_constant_groups", [[1.0] * 4, [2.0] * 6]),
        ("k3_three_each", [dyadic(rng, 3), dyadic(rng, 3), dyadic(rng, 3)]),
        ("k6_mixed", [ints(rng, n, 0, 50) for n in (5, 15, 30, 10, 40, 8)]),
        ("all_equal", [[2.0] * 3, [2.0] * 4]),
    ]
    cases = []
    for name, groups in inputs:
        r = stats.kruskal(*groups)
        case = {"name": name, "groups": groups, "h": num(r.statistic), "p": num(r.pvalue)}
        if not math.isnan(r.statistic):
            df = pd.DataFrame({"v": [v for g in groups for v in g],
                               "g": [i for i, g in enumerate(groups) for _ in g]})
            raw = sp.posthoc_dunn(df, val_col="v", group_col="g", p_adjust=None)
            adj = sp.posthoc_dunn(df, val_col="v", group_col="g", p_adjust="fdr_bh")
            k = len(groups)
            case["dunn"] = [{"i": i, "j": j, "p": float(raw.loc[i, j]), "p_adjusted": float(adj.loc[i, j])}
                            for i in range(k) for j in range(i + 1, k)]
        cases.append(case)
    dump("kruskal.json", {"call": "scipy.stats.kruskal(*groups); scikit_posthocs.posthoc_dunn(p_adjust=None | "
                                  "'fdr_bh') (version " + sp.__version__ + ")", "cases": cases})


def bh(rng):
    inputs = [
        ("scipy_doc", [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240,
                       0.4262, 0.5719, 0.6528, 0.7590, 1.000]),
        ("single", [0.03]),
        ("two", [0.04, 0.01]),
        ("with_none", [0.2, None, 0.01, None, 0.04, 0.03]),
        ("all_none", [None, None]),
        ("ties", [0.01, 0.01, 0.02, 0.02, 0.02, 0.5]),
        ("zeros_and_ones", [0.0, 1.0, 0.0, 0.5, 1.0]),
        ("uniform_20", [float(v) for v in rng.random(20)]),
        ("small_50", [float(v) for v in rng.random(50) ** 4]),
        ("tiny", [1e-300, 1e-20, 3e-12, 0.7]),
        ("reverse_sorted", [0.9, 0.5, 0.3, 0.1, 0.05, 0.001]),
        ("uniform_200_with_none", [None if i % 7 == 3 else float(v) for i, v in enumerate(rng.random(200))]),
        ("near_one", [0.999, 0.998, 0.9999, 0.97]),
    ]
    cases = []
    for name, ps in inputs:
        defined = [p for p in ps if p is not None]
        adj = list(stats.false_discovery_control(defined, method="bh")) if defined else []
        it = iter(adj)
        out = [None if p is None else float(next(it)) for p in ps]
        cases.append({"name": name, "p": ps, "adjusted": out})
    dump("bh.json", {"call": "scipy.stats.false_discovery_control(defined p, method='bh'); None left out",
                     "cases": cases})


def median_diff(x, y, axis=-1):
    return np.median(x, axis=axis) - np.median(y, axis=axis)


def permutation(rng):
    inputs = [
        ("2_2", [1.0, 2.0], [3.0, 4.0]),
        ("3_3", dyadic(rng, 3), dyadic(rng, 3)),
        ("3_4_ties", [1.0, 2.0, 2.0], [2.0, 3.0, 3.0, 5.0]),
        ("4_5", dyadic(rng, 4), dyadic(rng, 5)),
        ("5_5_ties", ints(rng, 5, 0, 4), ints(rng, 5, 0, 4)),
        ("6_6", dyadic(rng, 6), dyadic(rng, 6)),
        ("7_6_shifted", [v + 50 for v in dyadic(rng, 7, 0, 4096)], dyadic(rng, 6, 0, 4096)),
        ("3_12", dyadic(rng, 3), dyadic(rng, 12)),
        ("2_30", ints(rng, 2, 0, 10), ints(rng, 30, 0, 10)),
        ("one_constant_4_6", [3.0] * 4, ints(rng, 6, 0, 7)),
        ("all_equal_3_4", [1.0] * 3, [1.0] * 4),
        ("decimals_5_6", [0.1, 0.2, 0.3, 0.7, 1.1], [0.3, 0.4, 0.6, 0.9, 1.2, 1.3]),
        ("7_7_ties", ints(rng, 7, 0, 3), ints(rng, 7, 1, 4)),
    ]
    cases = []
    for name, a, b in inputs:
        n_max = math.comb(len(a) + len(b), len(a))
        assert n_max <= 9999, name
        r = stats.permutation_test((a, b), median_diff, permutation_type="independent",
                                   alternative="two-sided", n_resamples=9999, vectorized=True)
        cases.append({"name": name, "a": a, "b": b, "statistic": num(r.statistic), "p": num(r.pvalue),
                      "n_permutations": n_max})
    dump("permutation.json", {"call": "scipy.stats.permutation_test((a, b), median(x) - median(y), "
                                      "permutation_type='independent', alternative='two-sided', "
                                      "n_resamples=9999) — exact: C(n_a+n_b, n_a) <= 9999", "cases": cases})


def bca(rng):
    """BCa levels from scipy's own _bca_interval for given replicates (private API of scipy 1.17)."""
    from scipy.stats._resampling import _bca_interval
    inputs = [
        ("10_12", dyadic(rng, 10, 0, 4096), dyadic(rng, 12, 0, 4096)),
        ("7_9_ties", ints(rng, 7, 0, 6), ints(rng, 9, 0, 6)),
        ("25_20", dyadic(rng, 25, 0, 4096), dyadic(rng, 20, 0, 4096)),
    ]
    cases = []
    for name, a, b in inputs:
        theta = float(np.median(a) - np.median(b))
        reps = [theta + float(v) / 64.0 for v in rng.integers(-400, 380, size=999)]
        lo, hi = _bca_interval((np.array(a), np.array(b)), median_diff, axis=-1, alpha=0.025,
                               theta_hat_b=np.array(reps), batch=None, xp=np)[:2]
        cases.append({"name": name, "a": a, "b": b, "replicates": reps, "alpha": 0.025,
                      "level_low": float(lo), "level_high": float(hi)})
    dump("bca.json", {"call": "scipy.stats._resampling._bca_interval(data, median diff, alpha=0.025, "
                              "theta_hat_b=replicates)", "cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261126)
    mannwhitney(rng)
    wilcoxon(rng)
    kruskal(rng)
    bh(rng)
    permutation(rng)
    bca(rng)
