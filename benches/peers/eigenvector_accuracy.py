#!/usr/bin/env python3
"""How accurate eigenvector centrality is at a given tolerance, for `ptce` and NetworKit, on the
graphs of benches/centrality.rs (the edge lists `cargo bench --bench centrality` writes).

The two tolerances do not mean the same thing, so equal numbers do not give equal results:
- `ptce` (networkx's rule): iterate x <- (A + I)x / ||(A + I)x||_2 from x = 1/n, stop when
  sum_v |x_v - x_last_v| < n * tol: a bound on the change of the *vector*.
- NetworKit `EigenvectorCentrality(G, tol)`: iterate x <- Ax / ||Ax||_2 from x = 1, stop when the
  *norm* ||Ax|| (the eigenvalue estimate) changes by at most tol. For a symmetric matrix the
  norm converges about twice as fast as the vector, so at tol = 1e-14 NetworKit stops with a
  vector still up to some 1e-9 off per node; and since 1e-14 is a few units in the last place of
  a norm of about 11, when it stops depends on rounding (with several threads, on the order of
  its parallel sums): its accuracy varies from run to run.

For each rule and tolerance this prints the iterations (both rules replayed in numpy) and the L1
and largest error of the resulting unit vector against ARPACK's leading eigenvector
(scipy `eigsh`, tol = 0), and the same errors for NetworKit's own output. The `ptce` tolerance
benched against NetworKit at 1e-14 (`EIGENVECTOR_TOL_AS_NETWORKIT` in benches/centrality.rs) is
the largest one whose errors are at most NetworKit's on both graphs.

    python3 benches/peers/eigenvector_accuracy.py [--dir target/centrality-bench]
"""

import argparse
import os

import networkit as nk
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

GRAPHS = ["gnm_5000_25000.edges", "gnm_50000_250000.edges"]


def read(path):
    e = np.loadtxt(path, comments="#", ndmin=2)
    u, v = e[:, 0].astype(np.int64), e[:, 1].astype(np.int64)
    return 1 + int(max(u.max(), v.max())), u, v


def errors(x, ref):
    x = np.abs(x) / np.linalg.norm(x)
    return np.abs(x - ref).sum(), np.abs(x - ref).max()


def networkit_rule(a, tol):
    x, length, it = np.ones(a.shape[0]), 0.0, 0
    while True:
        old = length
        y = a @ x
        length = np.linalg.norm(y)
        x, it = y / length, it + 1
        if abs(length - old) <= tol:
            return x, it


def ptce_rule(a, tol):
    n = a.shape[0]
    x, it = np.full(n, 1.0 / n), 0
    while True:
        y = a @ x + x
        y /= np.linalg.norm(y)
        err, x, it = np.abs(y - x).sum(), y, it + 1
        if err < n * tol:
            return x, it


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "centrality-bench"))
    p.add_argument("--threads", type=int, default=2, help="NetworKit's threads, as in the bench")
    p.add_argument("--repeat", type=int, default=3, help="NetworKit runs per tolerance")
    args = p.parse_args()
    nk.setNumberOfThreads(args.threads)
    print("| graph | method | tol | iterations | L1 error | largest error |")
    print("|---|---|---:|---:|---:|---:|")
    for name in GRAPHS:
        n, u, v = read(os.path.join(args.dir, name))
        a = sp.coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
        a = (a + a.T).tocsr()
        _, vec = sla.eigsh(a, k=1, which="LA", tol=0)
        ref = np.abs(vec[:, 0]) / np.linalg.norm(vec[:, 0])
        g = nk.Graph(n)
        for s, t in zip(u.tolist(), v.tolist()):
            g.addEdge(s, t)
        for tol in [1e-8, 1e-14]:
            x, it = networkit_rule(a, tol)
            print(f"| {name} | NetworKit's rule (numpy) | {tol:g} | {it} | {errors(x, ref)[0]:.2g} | {errors(x, ref)[1]:.2g} |")
            # Its stopping test compares two norms of about 11 to 1e-14, a few units in the last
            # place: with several threads the summation order moves the stop, so run it again.
            for _ in range(args.repeat):
                ev = nk.centrality.EigenvectorCentrality(g, tol)
                ev.run()
                l1, mx = errors(np.array(ev.scores()), ref)
                print(f"| {name} | NetworKit {nk.__version__}, {args.threads} threads | {tol:g} | | {l1:.2g} | {mx:.2g} |")
        for tol in [1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14]:
            x, it = ptce_rule(a, tol)
            l1, mx = errors(x, ref)
            print(f"| {name} | ptce's rule (numpy) | {tol:g} | {it} | {l1:.2g} | {mx:.2g} |")


if __name__ == "__main__":
    main()
