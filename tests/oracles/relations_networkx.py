#!/usr/bin/env python3
"""Oracle for src/relations/rewire.rs (issue 22): mean transitivity of graphs rewired by networkx
`double_edge_swap`, over many independent rewirings of the same committed graph.

Writes tests/fixtures/relations/double_edge_swap.json. Run from the repository root:
    python3 tests/oracles/relations_networkx.py
For each graph: the edge list, nswap = 10 x edges (successful swaps), max_tries = 100 x nswap, and
over R = 2000 rewirings (each from the original graph, seeds 0..R-1) the mean of
networkx.transitivity and its standard error sd / sqrt(R).
"""
import json
import math
import platform

import networkx as nx

R = 2000


def graphs():
    yield "karate_club", nx.karate_club_graph()
    yield "gnp_30_015_seed7", nx.gnp_random_graph(30, 0.15, seed=7)
    yield "watts_strogatz_24_4_01_seed3", nx.connected_watts_strogatz_graph(24, 4, 0.1, seed=3)


def main():
    cases = []
    for name, g in graphs():
        g = nx.Graph(g)
        g = nx.convert_node_labels_to_integers(g, ordering="sorted")
        edges = sorted((min(u, v), max(u, v)) for u, v in g.edges())
        nswap = 10 * len(edges)
        values = []
        for r in range(R):
            h = g.copy()
            nx.double_edge_swap(h, nswap=nswap, max_tries=100 * nswap, seed=r)
            values.append(nx.transitivity(h))
        mean = sum(values) / R
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (R - 1))
        cases.append({
            "name": name,
            "n": g.number_of_nodes(),
            "edges": [list(e) for e in edges],
            "nswap": nswap,
            "max_tries": 100 * nswap,
            "replicates": R,
            "observed_transitivity": nx.transitivity(g),
            "mean_transitivity": mean,
            "se_mean_transitivity": sd / math.sqrt(R),
        })
    out = {"python": platform.python_version(), "networkx": nx.__version__, "cases": cases}
    with open("tests/fixtures/relations/double_edge_swap.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
