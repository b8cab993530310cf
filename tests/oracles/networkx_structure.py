#!/usr/bin/env python3
"""Reference values for `src/structure/` (clustering, Burt, components, modularity, Louvain,
assortativity), computed with networkx 3.x.

Run by hand from the repository root (CI needs neither Python nor networkx):

    python3 tests/oracles/networkx_structure.py

Writes
  tests/fixtures/structure/networkx_structure.json  graphs + networkx's values (Rust oracle tests)
  tests/fixtures/structure/sna_edges.csv            the same graphs, as input of sna_structure.R
  tests/fixtures/structure/sna_nodes.csv

Conventions mirrored from `docs/metrics-structure.md`:
  * nodes are 0..n-1 (Florentine families: names sorted alphabetically, index = rank);
  * clustering, transitivity, constraint, effective size, path lengths: unweighted (weight=None);
  * modularity and Louvain: weighted (networkx's default weight="weight");
  * every value networkx does not give as a finite number is written as null, and what networkx
    did instead ("returns nan", "raises ZeroDivisionError", ...) is recorded under "reference".
"""

import csv
import json
import math
import os
import random
import sys
import warnings

import networkx as nx

OUT = os.path.join("tests", "fixtures", "structure")


def call(f):
    """(value, note): value is a finite float/int or None; note says what networkx did."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            v = f()
        if isinstance(v, float) and not math.isfinite(v):
            return None, "returns %r" % v + (" (with warning)" if caught else "")
        return v, None
    except Exception as e:  # noqa: BLE001 - we record whatever networkx raises
        return None, "raises %s: %s" % (type(e).__name__, e)


def node_values(d, n):
    out, notes = [], []
    for i in range(n):
        v = d[i]
        if isinstance(v, float) and not math.isfinite(v):
            out.append(None)
            notes.append(i)
        else:
            out.append(v)
    return out, notes


def path_stats(G):
    """avg_path_length and diameter of the largest component, ties → smallest node."""
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(c)))
    if not comps:
        H = G
    else:
        H = G.subgraph(comps[0])
    apl = call(lambda: nx.average_shortest_path_length(H))
    dia = call(lambda: nx.diameter(H))
    if comps:
        share = (len(comps[0]) / G.number_of_nodes(), None)
    else:
        share = (None, "no component (n = 0): 0/0, no networkx function")
    return apl, dia, share


def case(name, G, actor_type, naf, extra_partitions=(), louvain_seeds=(1, 2, 3)):
    n = G.number_of_nodes()
    assert sorted(G.nodes()) == list(range(n))
    ref = {}
    expected = {}

    clus = nx.clustering(G)
    expected["clustering"] = [clus[i] for i in range(n)]
    for key, f in [("constraint", nx.constraint), ("effective_size", nx.effective_size)]:
        d, note = call(lambda: f(G, weight=None))
        if d is None:
            # The whole-graph (scipy) path refuses graphs without nodes or edges; the per-node
            # path (nodes=...) is what networkx's documentation describes: use it, and record.
            d = f(G, nodes=list(G), weight=None)
            ref[key + "_whole_graph"] = note
        expected[key], iso = node_values(d, n)
        if iso:
            ref[key] = "returns nan for nodes %s" % iso

    net = {}
    for key, f in [
        ("density", lambda: nx.density(G)),
        ("n_components", lambda: nx.number_connected_components(G)),
        ("transitivity", lambda: nx.transitivity(G)),
        ("avg_clustering", lambda: nx.average_clustering(G)),
    ]:
        v, note = call(f)
        net[key] = v
        if note:
            ref[key] = note
    (apl, apl_note), (dia, dia_note), (share, share_note) = path_stats(G)
    net["avg_path_length"], net["diameter"], net["largest_component_share"] = apl, dia, share
    for key, note in [
        ("avg_path_length", apl_note),
        ("diameter", dia_note),
        ("largest_component_share", share_note),
    ]:
        if note:
            ref[key] = note

    # Assortativity on the actor-type attribute (unweighted in networkx).
    H = G.copy()
    nx.set_node_attributes(H, {i: actor_type[i] for i in range(n)}, "t")
    v, note = call(lambda: nx.attribute_assortativity_coefficient(H, "t"))
    net["actor_type_assortativity"] = v
    if note:
        ref["actor_type_assortativity"] = note
    elif G.number_of_edges() == 0:
        ref["actor_type_assortativity"] = "returns %r (empty mixing matrix, no warning)" % v

    # Modularity (weighted, resolution 1) of several partitions given as label vectors.
    partitions = [("actor_type", list(actor_type))]
    partitions += list(extra_partitions)
    rng = random.Random(7)
    partitions.append(("random3", [rng.randrange(3) for _ in range(n)]))
    partitions.append(("singletons", list(range(n))))
    for seed in louvain_seeds:
        comms = nx.community.louvain_communities(G, seed=seed)
        lab = [0] * n
        for k, comm in enumerate(sorted(comms, key=min)):
            for u in comm:
                lab[u] = k
        partitions.append(("networkx_louvain_seed%d" % seed, lab))
    mods = []
    for pname, lab in partitions:
        groups = {}
        for u, l in enumerate(lab):
            groups.setdefault(l, set()).add(u)
        v, note = call(lambda: nx.community.modularity(G, list(groups.values())))
        vu, note_u = call(
            lambda: nx.community.modularity(G, list(groups.values()), weight=None)
        )
        mods.append(
            {
                "name": pname,
                "labels": lab,
                "modularity": v,
                "modularity_unweighted": vu,
                "reference": note,
            }
        )

    bet = nx.betweenness_centrality(G, normalized=True, endpoints=False)
    return {
        "name": name,
        "n": n,
        "edges": [[u, v, float(d.get("weight", 1.0))] for u, v, d in sorted(
            (min(a, b), max(a, b), d) for a, b, d in G.edges(data=True))],
        "actor_type": list(actor_type),
        "naf_section": list(naf),
        "betweenness_normalized": [bet[i] for i in range(n)],
        "node": expected,
        "network": net,
        "partitions": mods,
        "reference": ref,
    }


def main():
    cases = []

    # Disconnected graph with isolates: a triangle with a pendant, a 2-path, a 2-path of equal
    # size (tie broken by the smallest node) and two isolates.
    G = nx.Graph()
    G.add_nodes_from(range(11))
    G.add_edges_from([(0, 1), (1, 2), (0, 2), (2, 3), (4, 5), (5, 6), (7, 8), (8, 9)])
    cases.append(case("disconnected_isolates", G, [0, 0, 1, 1, 0, 1, 2, 2, 2, 0, 1],
                      [0, None, 1, 1, 0, 1, 2, None, 2, 0, 1]))

    cases.append(case("star6", nx.star_graph(5), [0, 1, 1, 2, 2, 1], [0, 1, 1, 2, 2, 1]))
    cases.append(case("path7", nx.path_graph(7), [0, 0, 1, 1, 0, 2, 2], [0] * 7))
    cases.append(case("complete6", nx.complete_graph(6), [0, 1, 0, 1, 0, 1], [0, 1, 0, 1, 0, 1]))

    # Weighted graph with several equal-length shortest paths (two 4-cycles sharing a node).
    W = nx.Graph()
    W.add_weighted_edges_from([(0, 1, 2.0), (1, 2, 1.0), (0, 3, 1.0), (3, 2, 2.0), (2, 4, 3.0),
                               (4, 5, 1.0), (2, 6, 1.0), (6, 5, 3.0), (5, 7, 0.5), (1, 3, 4.0)])
    cases.append(case("weighted8", W, [0, 0, 1, 1, 1, 2, 2, 0], [0, 0, 1, None, 1, 2, 2, 0]))

    K = nx.karate_club_graph()  # weighted (Zachary's interaction counts)
    club = [0 if K.nodes[i]["club"] == "Mr. Hi" else 1 for i in range(34)]
    # Our 4-category partition: club × (degree >= 5); used as a second attribute.
    four = [2 * club[i] + (1 if K.degree(i) >= 5 else 0) for i in range(34)]
    naf = [None if i in (0, 33) else four[i] for i in range(34)]
    cases.append(case("karate_weighted", K, club, naf, [("club_x_degree", four)]))
    Ku = nx.Graph()
    Ku.add_nodes_from(K)
    Ku.add_edges_from(K.edges())
    cases.append(case("karate", Ku, club, naf, [("club_x_degree", four)]))
    # The same network with the 4 categories as actor types: many triangles whose corners are
    # of 2 or 3 different types (exercises every closed-pair case of brokerage).
    cases.append(case("karate_4types", Ku, four, naf))

    F0 = nx.florentine_families_graph()
    names = sorted(F0.nodes())
    F = nx.relabel_nodes(F0, {s: i for i, s in enumerate(names)})
    ftype = [i % 3 for i in range(len(names))]
    cases.append(case("florentine", F, ftype, ftype))

    G1 = nx.Graph()
    G1.add_node(0)
    cases.append(case("one_node", G1, [0], [None]))
    cases.append(case("two_nodes", nx.path_graph(2), [0, 1], [0, 1]))
    E = nx.empty_graph(5)
    cases.append(case("no_edges", E, [0, 1, 0, 1, 2], [0, 1, 0, 1, 2]))
    cases.append(case("no_member", nx.empty_graph(0), [], []))
    cases.append(case("one_category", nx.cycle_graph(5), [3] * 5, [3] * 5))

    R = nx.gnm_random_graph(200, 600, seed=20260101)
    rng = random.Random(11)
    rt = [rng.randrange(4) for _ in range(200)]
    rn = [None if rng.random() < 0.1 else rng.randrange(6) for _ in range(200)]
    cases.append(case("random200", R, rt, rn))

    os.makedirs(OUT, exist_ok=True)
    doc = {
        "generator": "tests/oracles/networkx_structure.py",
        "networkx": nx.__version__,
        "python": sys.version.split()[0],
        "cases": cases,
    }
    with open(os.path.join(OUT, "networkx_structure.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")

    # Inputs of the sna script: unweighted edge lists and the actor-type classes.
    sna_names = ["disconnected_isolates", "star6", "path7", "complete6", "karate",
                 "karate_4types", "florentine", "one_node", "two_nodes", "no_edges",
                 "random200"]
    with open(os.path.join(OUT, "sna_edges.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["graph", "u", "v"])
        for c in cases:
            if c["name"] in sna_names:
                for u, v, _ in c["edges"]:
                    w.writerow([c["name"], u, v])
    with open(os.path.join(OUT, "sna_nodes.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["graph", "node", "class"])
        for c in cases:
            if c["name"] in sna_names:
                for i, t in enumerate(c["actor_type"]):
                    w.writerow([c["name"], i, t])


if __name__ == "__main__":
    main()
