#!/usr/bin/env python3
"""Side-by-side timing of the per-PTCE metric stage and of loading (issue 8), in one run.

    cargo build --release
    target/release/ptce generate --ptces 1000 --seed 1 --out /tmp/s1000
    target/release/ptce generate --ptces 10000 --seed 1 --out /tmp/s10000
    python3 benches/peers/scale_peers.py --study /tmp/s1000 --load-study /tmp/s10000 --threads 2

Optional, outside CI: needs pandas, networkx, python-igraph and polars (pip install ...).

What is timed, on the same machine in the same run:

1. ptce: `ptce --threads T run STUDY --figures none -q -v`, best of `--repeat` runs; the metric
   stage is the manifest's `networks` + `metrics` steps (grouping the input rows by PTCE,
   building every network x stage snapshot, every node and network measure).
2. pandas + networkx, and igraph: the same networks (read from the `edges` and `node_metrics`
   tables of that ptce run, so that both peers see exactly ptce's networks, isolated members
   included), grouped with pandas `groupby`, then the same measures:
   degree centrality, strength, betweenness (unweighted and with distance 1/weight), closeness,
   harmonic, eigenvector, PageRank, clustering, Burt's constraint and effective size (networkx
   only: igraph has no effective size), best of 8 seeded Louvain runs; per network: density,
   components, average path length and diameter of the largest component, transitivity,
   average clustering, modularity of the Louvain partition and of the actor types, actor-type
   assortativity. Gould-Fernandez brokerage and the E-I index, which ptce computes too, have no
   function in either peer and are left out (so the peers do less work than ptce).
   Reading the two CSV tables is timed apart and not counted in the metric stage.
   networkx and igraph run on one thread (they have no thread option); ptce on T.
3. Loading: the `load` step of `ptce --threads T validate LOAD_STUDY -v` (reading and parsing
   the seven CSV files into tables of cells) vs polars `read_csv` of the same files into
   DataFrames (POLARS_MAX_THREADS=T), best of `--repeat` each.

Prints a Markdown table to paste into docs/performance.md.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--study", required=True, help="study folder for the metric stage (e.g. 1,000 PTCEs)")
    p.add_argument("--load-study", help="study folder for the loading comparison (e.g. 10,000 PTCEs)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--ptce", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "release", "ptce"))
    p.add_argument("--skip-networkx", action="store_true")
    return p.parse_args()


def run_ptce(args, study, out):
    cmd = [args.ptce, "--threads", str(args.threads), "run", study, "--out", out,
           "--figures", "none", "--force", "-q", "-v"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "manifest.json")) as f:
        return json.load(f)["run"]["timings_seconds"]


def best_ptce(args, study, out):
    runs = [run_ptce(args, study, out) for _ in range(args.repeat)]
    metric = min(r["networks"] + r["metrics"] for r in runs)
    load = min(r["load"] for r in runs)
    return metric, load, runs


def ptce_load(args, study):
    """Best `load` time of `ptce validate -v` (stderr line `  load   0.123 s ...`)."""
    best = None
    for _ in range(args.repeat):
        cmd = [args.ptce, "--threads", str(args.threads), "validate", study, "-v"]
        err = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        for line in err.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[0] == "load" and parts[2] == "s":
                t = float(parts[1])
                best = t if best is None else min(best, t)
    return best


def read_networks(out):
    import pandas as pd
    t0 = time.perf_counter()
    nodes = pd.read_csv(os.path.join(out, "tables", "node_metrics.csv"),
                        usecols=["ptce_id", "snapshot", "org_id", "actor_type"], dtype=str,
                        keep_default_na=False)
    edges = pd.read_csv(os.path.join(out, "tables", "edges.csv"),
                        usecols=["ptce_id", "snapshot", "source", "target", "weight"],
                        dtype={"ptce_id": str, "snapshot": str, "source": str, "target": str,
                               "weight": float}, keep_default_na=False)
    return nodes, edges, time.perf_counter() - t0


def effective_size_nx(nx, g):
    return nx.effective_size(g)


def networkx_stage(nodes, edges):
    import networkx as nx
    from networkx.algorithms import community
    t0 = time.perf_counter()
    edge_groups = dict(tuple(edges.groupby(["ptce_id", "snapshot"], sort=False)))
    count = 0
    for key, nd in nodes.groupby(["ptce_id", "snapshot"], sort=False):
        g = nx.Graph()
        for org, at in zip(nd["org_id"], nd["actor_type"]):
            g.add_node(org, actor_type=at)
        ed = edge_groups.get(key)
        if ed is not None:
            for s, t, w in zip(ed["source"], ed["target"], ed["weight"]):
                g.add_edge(s, t, weight=w, distance=1.0 / w)
        count += 1
        nx.degree_centrality(g)
        dict(g.degree(weight="weight"))
        nx.betweenness_centrality(g)
        nx.betweenness_centrality(g, weight="distance")
        nx.closeness_centrality(g)
        nx.harmonic_centrality(g)
        try:
            nx.eigenvector_centrality(g, max_iter=100000, tol=1e-14)
        except nx.PowerIterationFailedConvergence:
            pass
        try:
            nx.pagerank(g, weight="weight", max_iter=100000, tol=1e-14)
        except nx.PowerIterationFailedConvergence:
            pass
        nx.clustering(g)
        nx.constraint(g)
        effective_size_nx(nx, g)
        best = None
        for seed in range(8):
            parts = community.louvain_communities(g, seed=seed)
            q = community.modularity(g, parts) if g.number_of_edges() else 0.0
            if best is None or q > best[0]:
                best = (q, parts)
        nx.density(g)
        comps = list(nx.connected_components(g))
        if comps:
            big = g.subgraph(max(comps, key=len))
            if big.number_of_nodes() > 1:
                nx.average_shortest_path_length(big)
                nx.diameter(big)
        nx.transitivity(g)
        nx.average_clustering(g)
        if g.number_of_edges():
            types = {}
            for v, at in g.nodes(data="actor_type"):
                types.setdefault(at, set()).add(v)
            community.modularity(g, list(types.values()))
            nx.attribute_assortativity_coefficient(g, "actor_type")
    return time.perf_counter() - t0, count


def igraph_stage(nodes, edges):
    import igraph as ig
    t0 = time.perf_counter()
    edge_groups = dict(tuple(edges.groupby(["ptce_id", "snapshot"], sort=False)))
    count = 0
    for key, nd in nodes.groupby(["ptce_id", "snapshot"], sort=False):
        ids = list(nd["org_id"])
        index = {v: i for i, v in enumerate(ids)}
        ed = edge_groups.get(key)
        pairs, weights = [], []
        if ed is not None:
            pairs = [(index[s], index[t]) for s, t in zip(ed["source"], ed["target"])]
            weights = list(ed["weight"])
        g = ig.Graph(n=len(ids), edges=pairs)
        g.es["weight"] = weights
        dist = [1.0 / w for w in weights]
        types = list(nd["actor_type"])
        labels = {t: i for i, t in enumerate(sorted(set(types)))}
        g.vs["t"] = [labels[t] for t in types]
        count += 1
        n = g.vcount()
        g.degree()
        g.strength(weights="weight")
        g.betweenness(directed=False)
        g.betweenness(directed=False, weights=dist)
        g.closeness(normalized=True)
        g.harmonic_centrality(normalized=True)
        if n > 0:
            g.eigenvector_centrality(scale=False)
            g.pagerank(weights="weight")
        g.transitivity_local_undirected(mode="zero")
        g.constraint(weights="weight")
        best = None
        for seed in range(8):
            import random
            random.seed(seed)
            ig.set_random_number_generator(random)
            c = g.community_multilevel(weights="weight")
            if best is None or c.modularity > best.modularity:
                best = c
        g.density()
        comps = g.connected_components()
        if n > 0:
            big = comps.giant()
            if big.vcount() > 1:
                big.average_path_length(directed=False)
                big.diameter(directed=False)
        g.transitivity_undirected()
        g.transitivity_avglocal_undirected(mode="zero")
        if g.ecount():
            g.modularity(g.vs["t"])
            g.assortativity_nominal("t", directed=False)
    return time.perf_counter() - t0, count


def polars_load(study, threads, repeat):
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl
    files = sorted(f for f in os.listdir(study) if f.endswith(".csv"))
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        frames = [pl.read_csv(os.path.join(study, f), infer_schema_length=10000) for f in files]
        dt = time.perf_counter() - t0
        rows = sum(df.height for df in frames)
        best = dt if best is None else min(best, dt)
    return best, rows, pl.__version__


def main():
    args = parse_args()
    import networkx
    import igraph
    import pandas
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"networkx {networkx.__version__}, igraph {igraph.__version__}, pandas {pandas.__version__}",
          file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        ours, _, runs = best_ptce(args, args.study, out)
        print(f"ptce metric stage: {ours:.3f} s (runs: {[round(r['networks'] + r['metrics'], 3) for r in runs]})",
              file=sys.stderr)
        nodes, edges, read_s = read_networks(out)
        print(f"reading node_metrics + edges with pandas: {read_s:.2f} s", file=sys.stderr)
        ig_s, count = igraph_stage(nodes, edges)
        print(f"igraph: {ig_s:.2f} s over {count} networks", file=sys.stderr)
        nx_s = None
        if not args.skip_networkx:
            nx_s, _ = networkx_stage(nodes, edges)
            print(f"pandas + networkx: {nx_s:.2f} s", file=sys.stderr)
        rows = [("ptce", ours, 1.0), ("igraph", ig_s, ig_s / ours)]
        if nx_s is not None:
            rows.append(("pandas + networkx", nx_s, nx_s / ours))
        print(f"\n### Metric stage, {count} networks of {args.study} ({args.threads} threads for ptce)\n")
        print("| tool | seconds | ratio to ptce |")
        print("|---|---:|---:|")
        for name, s, r in rows:
            print(f"| {name} | {s:.3f} | {r:.1f}x |")
        if args.load_study:
            our_load = ptce_load(args, args.load_study)
            pl_s, nrows, plv = polars_load(args.load_study, args.threads, args.repeat)
            print(f"\n### Loading {args.load_study} ({nrows} rows)\n")
            print("| tool | seconds | ratio to polars |")
            print("|---|---:|---:|")
            print(f"| polars {plv} read_csv ({args.threads} threads) | {pl_s:.3f} | 1.00 |")
            print(f"| ptce load step | {our_load:.3f} | {our_load / pl_s:.2f} |")


if __name__ == "__main__":
    main()
