"""Reference values quoted in src/compare/tests.rs (the comparison tables' hand cases).

Run from the repository root: python3 tests/oracles/compare_cases.py  (needs scipy >= 1.11,
networkx 3.x, numpy) and, for the survival case, Rscript tests/oracles/compare_cases.R.
The values are written into the test comments and assertions by hand; nothing is read at test
time.
"""
import networkx as nx
import numpy as np
from scipy.stats import mannwhitneyu

# comparison_row_by_hand_and_by_the_stats_engine: urban {1, 2, 4, 7} vs rural {3, 5, 6, 8, 10}.
print("mannwhitneyu p =", repr(mannwhitneyu([1, 2, 4, 7], [3, 5, 6, 8, 10]).pvalue))

# null_baselines_have_their_expected_means: transitivity of G(30, 100).
v = [nx.transitivity(nx.gnm_random_graph(30, 100, seed=s)) for s in range(4000)]
print("G(30,100) transitivity mean = %.4f sd = %.4f" % (np.mean(v), np.std(v, ddof=1)))
