//! The priority queue of the Dijkstra passes of weighted betweenness: a radix heap (Ahuja,
//! Mehlhorn, Orlin & Tarjan 1990, "Faster algorithms for the shortest path problem", *J. ACM*
//! 37(2): 213–223) over the keys `(distance bits, node)`.
//!
//! Dijkstra pops keys in increasing order and pushes keys no smaller than the last one popped
//! (a distance plus a positive length, or a hub's member at the hub's distance, whose index is
//! larger: `groups.rs`). A radix heap keeps each key in the bucket of the highest bit in which it
//! differs from the last key popped, so a pop looks at one bucket instead of sifting through a
//! binary heap. The keys are a total order (a node is pushed again only at a strictly smaller
//! distance), so the pops are exactly those of `BinaryHeap<Reverse<(u64, u32)>>`: the passes
//! settle the same nodes in the same order and every sum is the same float. A key below the last
//! one popped — which only a length absorbed by the rounding of a much larger distance could
//! make — goes to a binary heap popped first, so the order stays exact for any input.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Buckets: key XOR last is below 2⁹⁶, so its highest bit is at most 95 (bucket 96).
const BUCKETS: usize = 97;

/// A min-queue of `(u64, u32)` keys, for pushes no smaller than the last pop (others allowed).
#[derive(Debug)]
pub(super) struct RadixHeap {
    /// The last key popped (0 before the first pop).
    last: u128,
    /// `buckets[0]` holds keys equal to `last`; `buckets[b]` keys whose highest bit differing
    /// from `last` is bit b − 1.
    buckets: Vec<Vec<u128>>,
    /// Bit b set when `buckets[b]` is not empty.
    occupied: u128,
    /// Keys pushed below `last`, popped before every bucket.
    late: BinaryHeap<Reverse<u128>>,
}

impl Default for RadixHeap {
    fn default() -> Self {
        RadixHeap {
            last: 0,
            buckets: vec![Vec::new(); BUCKETS],
            occupied: 0,
            late: BinaryHeap::new(),
        }
    }
}

impl RadixHeap {
    fn key((high, low): (u64, u32)) -> u128 {
        (u128::from(high) << 32) | u128::from(low)
    }

    fn bucket(key: u128, last: u128) -> usize {
        (128 - (key ^ last).leading_zeros()) as usize
    }

    /// Empties the queue (keeping its memory).
    pub(super) fn clear(&mut self) {
        while self.occupied != 0 {
            let b = self.occupied.trailing_zeros() as usize;
            self.buckets[b].clear();
            self.occupied &= self.occupied - 1;
        }
        self.late.clear();
        self.last = 0;
    }

    /// Adds a key.
    pub(super) fn push(&mut self, item: (u64, u32)) {
        let key = Self::key(item);
        if key < self.last {
            self.late.push(Reverse(key));
            return;
        }
        let b = Self::bucket(key, self.last);
        self.buckets[b].push(key);
        self.occupied |= 1 << b;
    }

    /// Removes and returns the smallest key.
    pub(super) fn pop(&mut self) -> Option<(u64, u32)> {
        let key = match self.late.pop() {
            Some(Reverse(k)) => k,
            None => self.pop_bucketed()?,
        };
        Some(((key >> 32) as u64, key as u32))
    }

    /// The smallest key of the buckets (`late` being empty).
    fn pop_bucketed(&mut self) -> Option<u128> {
        if self.occupied == 0 {
            return None;
        }
        if self.occupied & 1 == 0 {
            self.refill();
        }
        let zero = &mut self.buckets[0];
        let k = zero.pop();
        if zero.is_empty() {
            self.occupied &= !1;
        }
        k
    }

    /// Makes the smallest key of the first non-empty bucket `last`: that bucket's keys then
    /// differ from it in lower bits only and move to lower buckets (the smallest to bucket 0).
    fn refill(&mut self) {
        let b = self.occupied.trailing_zeros() as usize;
        let mut moved = std::mem::take(&mut self.buckets[b]);
        self.occupied &= !(1 << b);
        let last = moved.iter().copied().min().unwrap_or(self.last);
        self.last = last;
        for &k in &moved {
            let c = Self::bucket(k, last);
            self.buckets[c].push(k);
            self.occupied |= 1 << c;
        }
        moved.clear();
        self.buckets[b] = moved;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::rng::{below, stream};

    /// Random Dijkstra-like runs (pushes at or above the last pop, equal distances, ties broken
    /// by the node) and runs with pushes below it pop exactly what a binary heap pops.
    #[test]
    fn pops_what_a_binary_heap_pops() {
        let mut rng = stream(11, 0, 0);
        for case in 0..300u64 {
            let mut radix = RadixHeap::default();
            let mut binary: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
            let mut last = 0.0f64;
            let late = case % 3 == 0;
            let steps = 1 + below(&mut rng, 400);
            for step in 0..steps {
                if below(&mut rng, 3) > 0 || binary.is_empty() {
                    let extra = match below(&mut rng, 4) {
                        0 => 0.0,
                        1 => 1.0 / (1 + below(&mut rng, 7)) as f64,
                        _ => below(&mut rng, 1000) as f64 / 97.0,
                    };
                    let d = if late && below(&mut rng, 5) == 0 {
                        last * below(&mut rng, 100) as f64 / 100.0
                    } else {
                        last + extra
                    };
                    let item = (d.to_bits(), below(&mut rng, 50) as u32);
                    radix.push(item);
                    binary.push(Reverse(item));
                } else {
                    let a = radix.pop();
                    let b = binary.pop().map(|Reverse(x)| x);
                    assert_eq!(a, b, "case {case}, step {step}");
                    last = f64::from_bits(a.unwrap().0);
                }
                if case % 50 == 7 && step == steps / 2 {
                    radix.clear();
                    binary.clear();
                    last = 0.0;
                }
            }
            while let Some(Reverse(b)) = binary.pop() {
                assert_eq!(radix.pop(), Some(b), "case {case}, draining");
            }
            assert_eq!(radix.pop(), None);
        }
    }
}
