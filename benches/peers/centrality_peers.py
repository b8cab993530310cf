#!/usr/bin/env python3
"""Times networkx, igraph, rustworkx and NetworKit on the graphs of benches/centrality.rs.

Run after `cargo bench --bench centrality` (which writes the edge lists), with the same thread
count, in the same session:

    RAYON_NUM_THREADS=2 cargo bench --bench centrality
    python3 benches/peers/centrality_peers.py --threads 2 [--dir target/centrality-bench]

Prints one table (seconds per call) of every measure x library x graph. Conventions:
- threads: NetworKit `setNumberOfThreads(threads)`; rustworkx reads RAYON_NUM_THREADS (set here
  before import); igraph and networkx are single-threaded (they have no thread option).
- Each call is timed once if it takes more than 1 s, else as the best of 3 (wall clock); the
  CPU seconds of all the process's threads during that call are printed too (less sensitive than
  wall time to other processes competing for the cores).
- 50,000-node graph: the exact distance-based measures (betweenness, closeness, harmonic) cost
  O(n·m), minutes to hours per library. Where a library can run them from a subset of sources
  they are timed on a uniform sample (`--sample` sources, `--nx-sample` for networkx) and scaled
  by n / sample, marked "~ scaled": igraph `betweenness(sources=...)`, `closeness(vertices=...)`,
  `harmonic_centrality(vertices=...)`; NetworKit `EstimateBetweenness` (an exact Brandes pass per
  sampled source); networkx `betweenness_centrality(k=...)`, `closeness_centrality(u=...)`,
  `harmonic_centrality(nbunch=...)`. Otherwise (rustworkx; NetworKit closeness and harmonic) the
  5,000-node time is scaled by the n·m ratio (x100), marked "~ n·m". `--full` times every full
  run instead (networkx's excepted: hours), e.g. the full betweenness runs of issue 25:
  `--full --measures betweenness --graphs 50000 --only igraph,NetworKit,rustworkx`. Sampled and scaled times estimate the full run well on these homogeneous random
  graphs, where every source costs about the same.
- Iterative measures use tol=1e-14 where the library accepts a tolerance (networkx, rustworkx,
  NetworKit); igraph's PRPACK / ARPACK have their own stopping rules. NetworKit's eigenvector
  tolerance bounds the change of the eigenvalue estimate, not of the vector: compare it with
  ptce's `eigenvector_tol_1e-11` bench (same accuracy; benches/peers/eigenvector_accuracy.py).
"""

import argparse
import os
import random
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "centrality-bench"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sample", type=int, default=500, help="sources sampled on the 50,000-node graph")
    p.add_argument("--nx-sample", type=int, default=50, help="sources sampled for networkx on the 50,000-node graph")
    p.add_argument("--full", action="store_true", help="time full betweenness runs on the large graph")
    p.add_argument("--only", default="", help="comma-separated library names to run")
    p.add_argument("--measures", default="", help="comma-separated measures to time (default: all)")
    p.add_argument("--graphs", default="", help="comma-separated graph sizes to time, e.g. 50000 (default: both)")
    return p.parse_args()


ARGS = parse_args()
os.environ["RAYON_NUM_THREADS"] = str(ARGS.threads)
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)

import igraph as ig  # noqa: E402
import networkit as nk  # noqa: E402
import networkx as nx  # noqa: E402
import rustworkx as rx  # noqa: E402

nk.setNumberOfThreads(ARGS.threads)
if hasattr(nk, "setLogLevel"):
    nk.setLogLevel("ERROR")

# (edge list, is the large graph)
GRAPHS = [("gnm_5000_25000.edges", False), ("gnm_50000_250000.edges", True)]
MEASURES = [m for m in ["betweenness", "closeness", "harmonic", "eigenvector", "pagerank"]
            if not ARGS.measures or m in ARGS.measures.split(",")]
GRAPHS = [(f, big) for f, big in GRAPHS
          if not ARGS.graphs or f.split("_")[1] in ARGS.graphs.split(",")]


def want(measure):
    """Whether `measure` is timed in this run (`--measures`)."""
    return measure in MEASURES


class Timing(float):
    """Wall-clock seconds that also carry the CPU seconds of all threads (`.cpu`)."""

    def __new__(cls, wall, cpu):
        obj = float.__new__(cls, wall)
        obj.cpu = cpu
        return obj

    def __mul__(self, k):
        return Timing(float(self) * k, self.cpu * k)

    __rmul__ = __mul__


def timed(f):
    """Times f(): once if it takes more than 1 s, else the best of 3 (wall clock)."""
    best = None
    for _ in range(3):
        c, t = time.process_time(), time.perf_counter()
        f()
        dt, dc = time.perf_counter() - t, time.process_time() - c
        if best is None or dt < best:
            best = Timing(dt, dc)
        if dt > 1.0:
            break
    return best


def read(path):
    edges = []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                continue
            u, v, w = line.split()
            edges.append((int(u), int(v), float(w)))
    n = 1 + max(max(u, v) for u, v, _ in edges)
    return n, edges


def run_networkx(n, edges, big, sample):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(edges)
    out = {}
    if not big:
        if want("betweenness"):
            out["betweenness"] = (timed(lambda: nx.betweenness_centrality(g)), "")
        if want("closeness"):
            out["closeness"] = (timed(lambda: nx.closeness_centrality(g)), "")
        if want("harmonic"):
            out["harmonic"] = (timed(lambda: nx.harmonic_centrality(g)), "")
    else:
        # networkx's full runs take hours on this graph (the sampled time x n / sample).
        sample = sample[: ARGS.nx_sample]
        scale = n / len(sample)
        if want("betweenness"):
            out["betweenness"] = (
                timed(lambda: nx.betweenness_centrality(g, k=len(sample), seed=1)) * scale, "~ scaled")
        if want("closeness"):
            out["closeness"] = (timed(lambda: [nx.closeness_centrality(g, u=u) for u in sample]) * scale, "~ scaled")
        if want("harmonic"):
            out["harmonic"] = (timed(lambda: nx.harmonic_centrality(g, nbunch=sample)) * scale, "~ scaled")
    if want("eigenvector"):
        out["eigenvector"] = (timed(lambda: nx.eigenvector_centrality(g, max_iter=100000, tol=1e-14)), "")
    if want("pagerank"):
        out["pagerank"] = (
            timed(lambda: nx.pagerank(g, alpha=0.85, weight="weight", max_iter=100000, tol=1e-14)), "")
    return out


def run_igraph(n, edges, big, sample):
    g = ig.Graph(n=n, edges=[(u, v) for u, v, _ in edges])
    g.es["weight"] = [w for _, _, w in edges]
    out = {}
    if big and not ARGS.full:
        scale = n / len(sample)
        if want("betweenness"):
            out["betweenness"] = (timed(lambda: g.betweenness(directed=False, sources=sample)) * scale, "~ scaled")
        if want("closeness"):
            out["closeness"] = (timed(lambda: g.closeness(vertices=sample)) * scale, "~ scaled")
        if want("harmonic"):
            out["harmonic"] = (timed(lambda: g.harmonic_centrality(vertices=sample)) * scale, "~ scaled")
    else:
        if want("betweenness"):
            out["betweenness"] = (timed(lambda: g.betweenness(directed=False)), "")
        if want("closeness"):
            out["closeness"] = (timed(lambda: g.closeness()), "")
        if want("harmonic"):
            out["harmonic"] = (timed(lambda: g.harmonic_centrality()), "")
    if want("eigenvector"):
        out["eigenvector"] = (timed(lambda: g.eigenvector_centrality(scale=False)), "ARPACK")
    if want("pagerank"):
        out["pagerank"] = (timed(lambda: g.pagerank(damping=0.85, weights="weight")), "PRPACK")
    return out


def run_networkit(n, edges, big, sample):
    g = nk.Graph(n, weighted=True)
    for u, v, w in edges:
        g.addEdge(u, v, w)
    gu = nk.Graph(n, weighted=False)
    for u, v, _ in edges:
        gu.addEdge(u, v)
    out = {}

    def run(algo):
        return lambda: algo().run()

    if not want("betweenness"):
        pass
    elif big and not ARGS.full:
        k = len(sample)
        out["betweenness"] = (
            timed(run(lambda: nk.centrality.EstimateBetweenness(gu, k, True, True))) * (n / k),
            "~ scaled",
        )
    else:
        out["betweenness"] = (timed(run(lambda: nk.centrality.Betweenness(gu, True))), "")
    for m, algo in [
        ("closeness", lambda: nk.centrality.Closeness(gu, True, nk.centrality.ClosenessVariant.GENERALIZED)),
        ("harmonic", lambda: nk.centrality.HarmonicCloseness(gu, True)),
    ]:
        key = ("NetworKit", m)
        if not want(m):
            continue
        if big and not ARGS.full and key in SMALL:
            out[m] = (nm_scaled(key, n, len(edges)), "~ n·m")
        else:
            out[m] = (timed(run(algo)), "")
            SMALL[key] = (out[m][0], n, len(edges))
    # NetworKit's tol bounds the change of the norm ||Ax||, not of the vector: at 1e-14 its vector
    # is as accurate as ptce's at 1e-11 (benches/peers/eigenvector_accuracy.py).
    if want("eigenvector"):
        out["eigenvector"] = (
            timed(run(lambda: nk.centrality.EigenvectorCentrality(gu, 1e-14))),
            "tol 1e-14 on the norm",
        )
    if want("pagerank"):
        out["pagerank"] = (timed(run(lambda: nk.centrality.PageRank(g, 0.85, 1e-14))), "tol 1e-14")
    return out


# 5,000-node times, for the n·m scaling of runs too long to time on the large graph.
SMALL = {}


def nm_scaled(key, n, m):
    t5, n5, m5 = SMALL[key]
    return t5 * (n * m) / (n5 * m5)


def run_rustworkx(n, edges, big, sample):
    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    dg = rx.PyDiGraph()
    dg.add_nodes_from(range(n))
    dg.add_edges_from(edges + [(v, u, w) for u, v, w in edges])
    out = {}
    for m, f in [
        ("betweenness", lambda: rx.betweenness_centrality(g, normalized=True, parallel_threshold=50)),
        ("closeness", lambda: rx.closeness_centrality(g, wf_improved=True)),
    ]:
        key = ("rustworkx", m)
        if not want(m):
            continue
        if big and not ARGS.full and key in SMALL:
            out[m] = (nm_scaled(key, n, len(edges)), "~ n·m")
        else:
            out[m] = (timed(f), "")
            SMALL[key] = (out[m][0], n, len(edges))
    out["harmonic"] = (float("nan"), "n/a")
    if want("eigenvector"):
        out["eigenvector"] = (
            timed(lambda: rx.eigenvector_centrality(g, max_iter=100000, tol=1e-14)), "tol 1e-14")
    if want("pagerank"):
        out["pagerank"] = (
            timed(lambda: rx.pagerank(dg, alpha=0.85, weight_fn=lambda w: w, max_iter=100000, tol=1e-14)),
            "directed copy",
        )
    return out


LIBS = [("igraph", run_igraph), ("NetworKit", run_networkit), ("rustworkx", run_rustworkx), ("networkx", run_networkx)]


def main():
    only = set(x for x in ARGS.only.split(",") if x)
    print(f"# threads={ARGS.threads} networkx {nx.__version__}, igraph {ig.__version__}, "
          f"rustworkx {rx.__version__}, NetworKit {nk.__version__}; seconds per call")
    print("| graph | measure | library | seconds | CPU seconds | note |")
    print("|---|---|---|---:|---:|---|")
    for fname, big in GRAPHS:
        path = os.path.join(ARGS.dir, fname)
        if not os.path.exists(path):
            print(f"missing {path}: run `cargo bench --bench centrality` first", file=sys.stderr)
            return 1
        n, edges = read(path)
        sample = sorted(random.Random(1).sample(range(n), min(ARGS.sample, n)))
        for lib, f in LIBS:
            if only and lib not in only:
                continue
            res = f(n, edges, big, sample)
            for m in MEASURES:
                t, note = res[m]
                # scaled times (sample or n·m) carry their CPU time scaled alike
                c = f"{t.cpu:.4g}" if isinstance(t, Timing) else ""
                print(f"| {fname} | {m} | {lib} | {t:.4g} | {c} | {note} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
