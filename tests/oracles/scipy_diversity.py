#!/usr/bin/env python3
"""Oracle for the diversity indices of `src/diversity/` (issue 4, item 5).

Writes tests/fixtures/diversity/random_compositions.json: random compositions (sizes 1-40, with
zeros; integer member counts and real-valued employee weights; one all-zero composition) with a
random symmetric disparity matrix each, and the indices computed independently of the Rust code:

- shannon: scipy.stats.entropy (natural log), the reference implementation;
- simpson, gini_simpson, hhi (0-10,000 scale), hill_0/1/2 and hill(q) from the definitions
  (Jost 2006) with numpy; rao_stirling = p^T D p (zero diagonal, so the sum over i != j,
  Stirling 2007);
- null where the index is undefined (total weight 0; pielou with fewer than two categories).

The Rust test (src/diversity/oracle_tests.rs) compares within 1e-12 (relative above 1).
Regenerate: python3 tests/oracles/scipy_diversity.py  (from the repository root; deterministic).
"""

import json
import math
import pathlib

import numpy as np
import scipy
import scipy.stats

SEED = 20071
N_CASES = 30
ORDERS = [0.5, 0.9, 1.5, 3.0, "inf"]
OUT = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "diversity" / "random_compositions.json"


def composition(rng, k):
    size = int(rng.integers(1, 41))
    if k % 2 == 0:
        w = rng.integers(0, 12, size=size).astype(float)  # member counts
    else:
        w = np.round(rng.lognormal(2.0, 1.5, size=size), 3)  # employees, real-valued
        w[rng.random(size) < 0.25] = 0.0
    if k == 7:
        w[:] = 0.0  # undefined everything but richness
    if k == 9:
        w[:] = 0.0
        w[size // 2] = 5.0  # a single category
    return w


def disparity(rng, size):
    d = rng.random((size, size))
    thirds = rng.random((size, size)) < 0.5
    d[thirds] = np.round(d[thirds] * 3) / 3  # tree-like values 0, 1/3, 2/3, 1 for half the cells
    d = np.round(np.triu(d, 1), 4)  # short decimals keep the fixture small
    d = d + d.T
    return d


def hill(p, q):
    if q == "inf":
        return float(1.0 / p.max())
    return float(np.sum(p**q) ** (1.0 / (1.0 - q)))


def indices(w, d):
    present = w[w > 0]
    s = int(present.size)
    out = {"richness": s}
    if s == 0:
        for name in ["shannon", "pielou", "simpson", "gini_simpson", "hill_0", "hill_1", "hill_2", "hhi", "rao_stirling"]:
            out[name] = None
        out["hill_q"] = [None for _ in ORDERS]
        return out
    p = present / present.sum()
    h = float(scipy.stats.entropy(w))
    lam = float(np.sum(p * p))
    pall = w / w.sum()
    out.update(
        shannon=h,
        pielou=h / math.log(s) if s > 1 else None,
        simpson=lam,
        gini_simpson=1.0 - lam,
        hill_0=float(s),
        hill_1=math.exp(h),
        hill_2=1.0 / lam,
        hhi=10_000.0 * lam,
        rao_stirling=float(pall @ d @ pall),
        hill_q=[hill(p, q) for q in ORDERS],
    )
    return out


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for k in range(N_CASES):
        w = composition(rng, k)
        d = disparity(rng, w.size)
        cases.append({"weights": w.tolist(), "disparity": d.tolist(), "expected": indices(w, d)})
    doc = {
        "generator": f"tests/oracles/scipy_diversity.py (scipy {scipy.__version__}, numpy {np.__version__}, seed {SEED})",
        "orders": [q if q != "inf" else None for q in ORDERS],
        "orders_note": "hill_q[k] is the Hill number of order orders[k]; null order = +infinity",
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in cases)
    OUT.write_text(head + ',\n "cases": [\n' + body + "\n ]\n}\n")
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
