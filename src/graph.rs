//! The compact undirected graph on which every metric runs.
//!
//! Networks are *built* with petgraph (see `network`), then frozen into this compressed sparse row
//! (CSR) form: nodes are `0..n` in the order the caller chose (the network builder orders them by
//! organization id, so "ties broken by the smallest id" means "smallest index"), each node's
//! neighbours are sorted ascending, and every undirected edge appears as two arcs carrying the same
//! weight. Self-loops are refused; parallel edges are merged by summing their weights.

use std::fmt;

/// Why an edge list could not be turned into a [`Graph`].
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// An endpoint is not below the number of nodes.
    NodeOutOfRange { node: u32, n: usize },
    /// An edge joins a node to itself.
    SelfLoop { node: u32 },
    /// A weight is zero, negative, NaN or infinite.
    BadWeight {
        source: u32,
        target: u32,
        weight: f64,
    },
    /// More nodes or arcs than a `u32` index can address.
    TooLarge { n: usize, arcs: usize },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::NodeOutOfRange { node, n } => {
                write!(f, "node {node} is out of range for a graph of {n} nodes")
            }
            GraphError::SelfLoop { node } => write!(f, "self-loop on node {node}"),
            GraphError::BadWeight {
                source,
                target,
                weight,
            } => write!(
                f,
                "edge {source}–{target} has weight {weight}; expected a finite positive number"
            ),
            GraphError::TooLarge { n, arcs } => {
                write!(
                    f,
                    "graph too large: {n} nodes, {arcs} arcs (limit 2^32 − 1)"
                )
            }
        }
    }
}

impl std::error::Error for GraphError {}

/// An undirected, weighted graph in CSR form.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

impl Graph {
    /// Builds a graph of `n` nodes from undirected edges `(u, v, weight)`.
    ///
    /// # Arguments
    /// * `n` — number of nodes; isolated nodes are allowed.
    /// * `edges` — undirected edges; `(u, v)` and `(v, u)` are the same edge, and repeated edges
    ///   are merged with their weights summed.
    ///
    /// # Returns
    /// The graph, or the first problem found (endpoint out of range, self-loop, weight that is
    /// not finite and positive, size beyond `u32`).
    ///
    /// # Complexity
    /// O(n + m log m) time, O(n + m) memory.
    ///
    /// # Examples
    /// ```
    /// use ptce::graph::Graph;
    /// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 2.0), (2, 1, 0.5)]).unwrap();
    /// assert_eq!(g.n(), 3);
    /// assert_eq!(g.m(), 2);
    /// assert_eq!(g.neighbors(1), &[0, 2]);
    /// assert_eq!(g.neighbor_weights(1), &[1.0, 2.5]);
    /// ```
    pub fn from_edges<I>(n: usize, edges: I) -> Result<Graph, GraphError>
    where
        I: IntoIterator<Item = (u32, u32, f64)>,
    {
        let mut arcs: Vec<(u32, u32, f64)> = Vec::new();
        for (u, v, w) in edges {
            for node in [u, v] {
                if node as usize >= n {
                    return Err(GraphError::NodeOutOfRange { node, n });
                }
            }
            if u == v {
                return Err(GraphError::SelfLoop { node: u });
            }
            if !(w.is_finite() && w > 0.0) {
                return Err(GraphError::BadWeight {
                    source: u,
                    target: v,
                    weight: w,
                });
            }
            arcs.push((u, v, w));
            arcs.push((v, u, w));
        }
        if n >= u32::MAX as usize || arcs.len() >= u32::MAX as usize {
            return Err(GraphError::TooLarge {
                n,
                arcs: arcs.len(),
            });
        }
        // Stable sort keeps the summation order of merged weights fixed for a given input.
        arcs.sort_by_key(|a| (a.0, a.1));
        let mut offsets = vec![0usize; n + 1];
        let mut targets = Vec::with_capacity(arcs.len());
        let mut weights: Vec<f64> = Vec::with_capacity(arcs.len());
        let mut last: Option<(u32, u32)> = None;
        for (u, v, w) in arcs {
            if last == Some((u, v)) {
                if let Some(acc) = weights.last_mut() {
                    *acc += w;
                }
                continue;
            }
            last = Some((u, v));
            offsets[u as usize + 1] += 1;
            targets.push(v);
            weights.push(w);
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Ok(Graph {
            offsets,
            targets,
            weights,
        })
    }

    /// `n` isolated nodes.
    pub fn empty(n: usize) -> Graph {
        Graph {
            offsets: vec![0; n + 1],
            targets: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Number of nodes.
    pub fn n(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of undirected edges.
    pub fn m(&self) -> usize {
        self.targets.len() / 2
    }

    /// Sorted neighbours of `u`.
    pub fn neighbors(&self, u: usize) -> &[u32] {
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// Weights of the edges to the neighbours of `u`, in the order of [`Graph::neighbors`].
    pub fn neighbor_weights(&self, u: usize) -> &[f64] {
        &self.weights[self.offsets[u]..self.offsets[u + 1]]
    }

    /// Number of neighbours of `u`.
    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// Weight of edge `u`–`v`, if it exists (binary search, O(log deg)).
    pub fn edge_weight(&self, u: usize, v: usize) -> Option<f64> {
        let nbrs = self.neighbors(u);
        nbrs.binary_search(&(v as u32))
            .ok()
            .map(|i| self.neighbor_weights(u)[i])
    }

    /// CSR offsets: the arcs of `u` are `offsets[u]..offsets[u + 1]` (length `n + 1`).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// CSR arc targets (length `2m`).
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// CSR arc weights (length `2m`).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Undirected edges `(u, v, weight)` with `u < v`, in increasing `(u, v)` order.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        (0..self.n()).flat_map(move |u| {
            self.neighbors(u)
                .iter()
                .zip(self.neighbor_weights(u))
                .filter(move |(&v, _)| (u as u32) < v)
                .map(move |(&v, &w)| (u as u32, v, w))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_parallel_edges_and_sorts_neighbours() {
        let g = Graph::from_edges(4, [(3, 0, 1.0), (0, 1, 2.0), (1, 0, 3.0)]).unwrap();
        assert_eq!(g.n(), 4);
        assert_eq!(g.m(), 2);
        assert_eq!(g.neighbors(0), &[1, 3]);
        assert_eq!(g.neighbor_weights(0), &[5.0, 1.0]);
        assert_eq!(g.degree(2), 0);
        assert_eq!(g.edge_weight(1, 0), Some(5.0));
        assert_eq!(g.edge_weight(1, 2), None);
        let e: Vec<_> = g.edges().collect();
        assert_eq!(e, vec![(0, 1, 5.0), (0, 3, 1.0)]);
    }

    #[test]
    fn refuses_bad_edges() {
        assert_eq!(
            Graph::from_edges(2, [(0, 0, 1.0)]),
            Err(GraphError::SelfLoop { node: 0 })
        );
        assert_eq!(
            Graph::from_edges(2, [(0, 2, 1.0)]),
            Err(GraphError::NodeOutOfRange { node: 2, n: 2 })
        );
        assert!(matches!(
            Graph::from_edges(2, [(0, 1, -1.0)]),
            Err(GraphError::BadWeight { .. })
        ));
        assert!(matches!(
            Graph::from_edges(2, [(0, 1, f64::NAN)]),
            Err(GraphError::BadWeight { .. })
        ));
    }

    #[test]
    fn empty_graph() {
        let g = Graph::from_edges(0, []).unwrap();
        assert_eq!(g.n(), 0);
        assert_eq!(g.m(), 0);
        assert_eq!(g.edges().count(), 0);
    }
}
