#!/usr/bin/env python3
"""Reference values for `ptce::centrality`, computed with networkx.

Run by hand (CI needs neither Python nor networkx):

    python3 tests/oracles/networkx_centrality.py

It writes one JSON file per graph in tests/fixtures/centrality/. Each file holds the graph (nodes
0..n-1, with the original labels in `labels`, edges `[u, v, weight]` with u < v) and, for every
measure, one value per node in node order: a number, or null where networkx raised or returned NaN.
`notes` records, per measure, what networkx did when it did not return numbers.

Conventions (the same as `src/centrality/`):
- degree            G.degree()
- degree_centrality nx.degree_centrality(G)
- strength          G.degree(weight="weight")
- betweenness       nx.betweenness_centrality(G, normalized=True, endpoints=False)
- betweenness_weighted  same, weight="distance" with distance = 1 / weight on every edge
- closeness         nx.closeness_centrality(G)   (Wasserman-Faust correction, the default)
- harmonic          nx.harmonic_centrality(G) / (n - 1); null for n = 1
- eigenvector       nx.eigenvector_centrality(G, max_iter=100000, tol=1e-14)   (unweighted)
- pagerank          nx.pagerank(G, alpha=0.85, weight="weight", max_iter=100000, tol=1e-14)

Tested with networkx 3.6.1, Python 3.11.
"""

import json
import math
import os
import random
import sys
from fractions import Fraction

import networkx as nx

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "centrality")
TOL = 1e-14
MAX_ITER = 100000


def relabel(g):
    """Relabel nodes 0..n-1 in sorted label order; return the graph and the labels."""
    labels = sorted(g.nodes(), key=lambda x: (str(type(x)), x))
    mapping = {lab: i for i, lab in enumerate(labels)}
    h = nx.Graph()
    h.add_nodes_from(range(len(labels)))
    for u, v, d in g.edges(data=True):
        h.add_edge(mapping[u], mapping[v], weight=float(d.get("weight", 1.0)))
    return h, labels


def per_node(g, f, measure, notes):
    """Call f(g) -> dict, return values in node order; None (and a note) on exception or NaN."""
    try:
        d = f(g)
    except Exception as e:  # networkx raises for undefined cases; record which
        notes[measure] = f"networkx raised {type(e).__name__}: {e}"
        return [None] * g.number_of_nodes()
    out = []
    for v in range(g.number_of_nodes()):
        x = float(d[v])
        if math.isnan(x):
            notes[measure] = "networkx returned NaN for some nodes (written as null)"
            out.append(None)
        else:
            out.append(x)
    return out


def with_distance(g):
    h = g.copy()
    for u, v, d in h.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    return h


def harmonic(g):
    n = g.number_of_nodes()
    if n == 1:
        raise ValueError("harmonic / (n - 1) undefined for n = 1 (ptce convention: null)")
    h = nx.harmonic_centrality(g)
    return {v: h[v] / (n - 1) for v in g}


MEASURES = {
    "degree": lambda g: dict(g.degree()),
    "degree_centrality": nx.degree_centrality,
    "strength": lambda g: dict(g.degree(weight="weight")),
    "betweenness": lambda g: nx.betweenness_centrality(g, normalized=True, endpoints=False),
    "betweenness_weighted": lambda g: nx.betweenness_centrality(
        with_distance(g), normalized=True, endpoints=False, weight="distance"
    ),
    "closeness": nx.closeness_centrality,
    "harmonic": harmonic,
    "eigenvector": lambda g: nx.eigenvector_centrality(g, max_iter=MAX_ITER, tol=TOL),
    "pagerank": lambda g: nx.pagerank(g, alpha=0.85, weight="weight", max_iter=MAX_ITER, tol=TOL),
}


def write(name, description, g):
    h, labels = relabel(g)
    notes = {}
    expected = {m: per_node(h, f, m, notes) for m, f in MEASURES.items()}
    doc = {
        "name": name,
        "description": description,
        "generator": f"networkx {nx.__version__}, tests/oracles/networkx_centrality.py",
        "n": h.number_of_nodes(),
        "labels": [str(x) for x in labels],
        "edges": [[u, v, d["weight"]] for u, v, d in sorted(h.edges(data=True))],
        "expected": expected,
        "notes": notes,
    }
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"{name}: n={h.number_of_nodes()} m={h.number_of_edges()} notes={notes}")


def near_tie_weights():
    """Integer weight triples (a, b, c) with 1/a + 1/b == 1/c exactly but not in floating point."""
    out = []
    for a in range(2, 60):
        for b in range(a, 60):
            s = Fraction(1, a) + Fraction(1, b)
            if s.numerator == 1 and (1.0 / a + 1.0 / b) != 1.0 / s.denominator:
                out.append((a, b, s.denominator))
    return out


def tie_graph():
    """Weighted graph with several equal-length shortest paths under distance = 1/weight.

    Exact ties: weights that are powers of two (1/w exact in binary) and 1/3 + 1/6 == 1/2, which
    also ties in floating point. Near ties: 1/a + 1/b == 1/c in exact arithmetic but not in floating
    point; networkx (and ptce) compare float sums exactly, so these count as distinct lengths.
    """
    g = nx.Graph()
    # a 4-cycle of weight-2 edges: a0-a1-a3 and a0-a2-a3 tie at 1/2 + 1/2 = 1
    g.add_edge("a0", "a1", weight=2)
    g.add_edge("a1", "a3", weight=2)
    g.add_edge("a0", "a2", weight=2)
    g.add_edge("a2", "a3", weight=2)
    g.add_edge("a0", "a4", weight=1)
    g.add_edge("a4", "a3", weight=1)  # length 2: longer than the two tied paths of length 1
    # 1/3 + 1/6 == 1/2 exactly in floating point too: three equal paths b0 -> b3
    g.add_edge("b0", "b1", weight=3)
    g.add_edge("b1", "b3", weight=6)
    g.add_edge("b0", "b2", weight=6)
    g.add_edge("b2", "b3", weight=3)
    g.add_edge("b0", "b3", weight=2)
    # near ties: 1/a + 1/b == 1/c mathematically, not in floats
    a, b, c = near_tie_weights()[0]
    g.add_edge("c0", "c1", weight=a)
    g.add_edge("c1", "c3", weight=b)
    g.add_edge("c0", "c3", weight=c)
    g.add_edge("c0", "c2", weight=b)
    g.add_edge("c2", "c3", weight=a)
    # the same near tie as a separate component, where no longer prefix can absorb the 1-ulp gap
    g.add_edge("d0", "d1", weight=a)
    g.add_edge("d1", "d3", weight=b)
    g.add_edge("d0", "d3", weight=c)
    g.add_edge("d0", "d2", weight=b)
    g.add_edge("d2", "d3", weight=a)
    # glue the blocks a, b, c so paths cross them (rounding of longer sums then makes some of
    # the c-block near ties exact ties, as networkx sees them)
    g.add_edge("a3", "b0", weight=1)
    g.add_edge("b3", "c0", weight=1)
    g.add_edge("a3", "c0", weight=4)
    return g, (a, b, c)


def main():
    os.makedirs(OUT, exist_ok=True)

    g = nx.Graph()
    g.add_edges_from([(0, 1, {"weight": 2}), (1, 2, {"weight": 1}), (0, 2, {"weight": 3})])
    g.add_edges_from([(3, 4, {"weight": 1}), (4, 5, {"weight": 5}), (5, 6, {"weight": 1})])
    g.add_nodes_from([7, 8])
    write("disconnected_isolates", "triangle + path of 4 + 2 isolated nodes, weighted", g)

    write("star", "star: centre 0 and 6 leaves", nx.star_graph(6))
    write("path", "path of 6 nodes", nx.path_graph(6))
    write("complete", "complete graph K6", nx.complete_graph(6))
    write("cycle8", "cycle of 8 nodes (bipartite: eigenvalue -2 of A)", nx.cycle_graph(8))
    g = nx.Graph()
    g.add_edges_from([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (6, 7)])
    write("two_triangles", "two disjoint triangles and a disjoint edge (eigenvector limit)", g)

    g, abc = tie_graph()
    write(
        "weighted_ties",
        "weighted graph with exact ties (1/2+1/2, 1/3+1/6 == 1/2) and a floating-point near tie "
        f"1/{abc[0]} + 1/{abc[1]} vs 1/{abc[2]} (equal in exact arithmetic, not in floats)",
        g,
    )

    write("karate", "Zachary's karate club, networkx's weighted version", nx.karate_club_graph())
    write("florentine", "Florentine families (networkx), labels sorted", nx.florentine_families_graph())

    g = nx.Graph()
    g.add_node(0)
    write("one_node", "a single node", g)
    write("two_nodes", "two nodes joined by an edge of weight 2.5", nx.Graph([(0, 1, {"weight": 2.5})]))
    g = nx.Graph()
    g.add_nodes_from(range(5))
    write("no_edges", "5 nodes, no edges", g)

    g = nx.gnm_random_graph(200, 600, seed=20261126)
    rng = random.Random(20261126)
    for u, v in sorted(g.edges()):
        g[u][v]["weight"] = rng.randint(1, 5)
    write("random200", "G(n=200, m=600) seed 20261126, integer weights 1-5 (random.Random(20261126))", g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
