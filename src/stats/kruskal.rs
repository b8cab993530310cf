//! Kruskal–Wallis H test for k independent samples, as `scipy.stats.kruskal`, and Dunn's post-hoc
//! pairwise comparisons with tie correction and Benjamini–Hochberg adjustment, as
//! `scikit_posthocs.posthoc_dunn(..., p_adjust="fdr_bh")`.
//!
//! H = [12/(N(N+1)) Σ Rᵢ²/nᵢ − 3(N+1)] / (1 − Σ(t³−t)/(N³−N)), p = P(χ²_{k−1} > H).
//! Dunn: zᵢⱼ = (R̄ᵢ − R̄ⱼ) / √((N(N+1)/12 − Σ(t³−t)/(12(N−1))) (1/nᵢ + 1/nⱼ)), p = 2·(1 − Φ(|z|)),
//! adjusted by BH over the k(k−1)/2 pairs.
//!
//! References: Kruskal, W. H. & Wallis, W. A. (1952). Use of ranks in one-criterion variance
//! analysis. *JASA* 47(260), 583–621. Dunn, O. J. (1964). Multiple comparisons using rank sums.
//! *Technometrics* 6(3), 241–252.

use super::all_finite;
use super::multiple::benjamini_hochberg;
use super::rank::{average_ranks, Ranks};
use super::special::{chi2_sf, norm_sf};

/// Result of [`kruskal_wallis`].
#[derive(Debug, Clone, PartialEq)]
pub struct KruskalWallis {
    /// Tie-corrected H statistic.
    pub h: f64,
    /// Degrees of freedom, k − 1.
    pub df: usize,
    /// P(χ²_df > H).
    pub p_value: f64,
}

/// One pair of groups in Dunn's post-hoc test.
#[derive(Debug, Clone, PartialEq)]
pub struct DunnPair {
    /// Index of the first group.
    pub i: usize,
    /// Index of the second group (i < j).
    pub j: usize,
    /// z = (mean rank of i − mean rank of j) / standard error.
    pub z: f64,
    /// Two-sided normal p-value.
    pub p_value: f64,
    /// Benjamini–Hochberg adjusted p-value over all pairs.
    pub p_adjusted: f64,
}

/// Pooled ranks of the groups, or `None` when fewer than 2 groups, an empty group or a
/// non-finite value.
fn pooled_ranks(groups: &[&[f64]]) -> Option<Ranks> {
    if groups.len() < 2 || groups.iter().any(|g| g.is_empty() || !all_finite(g)) {
        return None;
    }
    let pooled: Vec<f64> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    Some(average_ranks(&pooled))
}

/// Rank sums of each group from the pooled ranks (groups concatenated in order).
fn rank_sums(groups: &[&[f64]], ranks: &Ranks) -> Vec<f64> {
    let mut start = 0;
    groups
        .iter()
        .map(|g| {
            let s = ranks.ranks[start..start + g.len()].iter().sum();
            start += g.len();
            s
        })
        .collect()
}

/// Kruskal–Wallis H test, as `scipy.stats.kruskal(*groups)`.
///
/// # Arguments
/// * `groups` - k ≥ 2 non-empty samples.
///
/// # Returns
/// `Some(KruskalWallis)`; `None` for fewer than 2 groups, an empty group, a non-finite value, or
/// when all values are equal (scipy returns NaN: the tie correction is 0).
///
/// # Complexity
/// O(N log N).
///
/// # Examples
/// ```
/// let r = ptce::stats::kruskal_wallis(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]).unwrap();
/// assert_eq!(r.df, 1);
/// assert!((r.h - 27.0 / 7.0).abs() < 1e-12);
/// ```
pub fn kruskal_wallis(groups: &[&[f64]]) -> Option<KruskalWallis> {
    let ranks = pooled_ranks(groups)?;
    let n = ranks.ranks.len() as f64;
    let ties = 1.0 - ranks.tie_term() / (n * n * n - n);
    let ssbn: f64 = rank_sums(groups, &ranks)
        .iter()
        .zip(groups)
        .map(|(r, g)| r * r / g.len() as f64)
        .sum();
    let h = (12.0 / (n * (n + 1.0)) * ssbn - 3.0 * (n + 1.0)) / ties;
    if !h.is_finite() {
        return None;
    }
    let df = groups.len() - 1;
    Some(KruskalWallis {
        h,
        df,
        p_value: chi2_sf(h, df)?,
    })
}

/// Dunn's pairwise post-hoc test with tie correction, BH-adjusted over all pairs.
///
/// # Arguments
/// * `groups` - k ≥ 2 non-empty samples.
///
/// # Returns
/// The k(k−1)/2 pairs (i < j, in lexicographic order); `None` for fewer than 2 groups, an empty
/// group, a non-finite value, or when all values are equal (zero variance).
///
/// # Complexity
/// O(N log N + k²).
pub fn dunn(groups: &[&[f64]]) -> Option<Vec<DunnPair>> {
    let ranks = pooled_ranks(groups)?;
    let n = ranks.ranks.len() as f64;
    let x_ties = ranks.tie_term() / (12.0 * (n - 1.0));
    let var = n * (n + 1.0) / 12.0 - x_ties;
    if var.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let means: Vec<f64> = rank_sums(groups, &ranks)
        .iter()
        .zip(groups)
        .map(|(r, g)| r / g.len() as f64)
        .collect();
    let mut pairs = Vec::new();
    for i in 0..groups.len() {
        for j in i + 1..groups.len() {
            let b = 1.0 / groups[i].len() as f64 + 1.0 / groups[j].len() as f64;
            let z = (means[i] - means[j]) / (var * b).sqrt();
            let p_value = 2.0 * norm_sf(z.abs());
            pairs.push(DunnPair {
                i,
                j,
                z,
                p_value,
                p_adjusted: p_value,
            });
        }
    }
    let adjusted = benjamini_hochberg(&pairs.iter().map(|p| Some(p.p_value)).collect::<Vec<_>>());
    for (pair, adj) in pairs.iter_mut().zip(adjusted) {
        pair.p_adjusted = adj.unwrap_or(pair.p_value);
    }
    Some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h_by_hand() {
        // Groups {1,2,3} and {4,5,6}: rank sums 6 and 15; H = 12/42·(36/3 + 225/3) − 21 = 27/7.
        let r = kruskal_wallis(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]).unwrap();
        assert!((r.h - 27.0 / 7.0).abs() < 1e-12);
        // chi2.sf(27/7, 1) = erfc(√(27/14)) (df = 1).
        assert!((r.p_value - super::super::special::erfc((27.0_f64 / 14.0).sqrt())).abs() < 1e-15);
    }

    #[test]
    fn undefined_cases() {
        assert!(kruskal_wallis(&[&[1.0, 1.0], &[1.0]]).is_none());
        assert!(kruskal_wallis(&[&[1.0, 2.0]]).is_none());
        assert!(kruskal_wallis(&[&[1.0, 2.0], &[]]).is_none());
        assert!(dunn(&[&[3.0, 3.0], &[3.0]]).is_none());
    }

    #[test]
    fn dunn_two_groups_by_hand() {
        // {1,2,3} vs {4,5,6}: mean ranks 2 and 5; var = 6·7/12 = 3.5; B = 2/3 → z = −3/√(7/3).
        let d = dunn(&[&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]]).unwrap();
        assert_eq!(d.len(), 1);
        assert!((d[0].z + 3.0 / (7.0_f64 / 3.0).sqrt()).abs() < 1e-14);
        assert_eq!(d[0].p_value, d[0].p_adjusted);
    }
}
