//! RFM scores: recency, frequency and monetary value each scored 1 to 5 against four
//! breakpoints. Integers only.
//!
//! **Buckets.** Each breakpoint is the *inclusive upper end* of a bucket: with
//! breakpoints `[b₀, b₁, b₂, b₃]` the buckets are `v ≤ b₀`, `b₀ < v ≤ b₁`,
//! `b₁ < v ≤ b₂`, `b₂ < v ≤ b₃` and `v > b₃`. Frequency and monetary buckets score 1 to
//! 5 in that order; recency buckets score 5 to 1 (fewer days since the last order is
//! better). So a value equal to a breakpoint goes to the bucket of smaller values: the
//! lower score for frequency and monetary, the higher score for recency. Breakpoints
//! from [`quintile_breakpoints`] (nearest-rank quintiles) fit this rule exactly: the
//! bottom fifth of the values is the first bucket.

use crate::error::Code;
use crate::error::{pointer, Error, Issue};
use crate::json::write::ToJson;
use serde::{Deserialize, Serialize};

/// Breakpoints for the three RFM dimensions, each four non-decreasing thresholds.
///
/// ```json
/// { "recency": [30, 60, 120, 240], "frequency": [1, 2, 4, 8], "monetary": [20000, 50000, 100000, 300000] }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RfmBreakpoints {
    /// Days since the last qualifying order.
    pub recency: [i64; 4],
    /// Qualifying orders in the lookback.
    pub frequency: [i64; 4],
    /// Qualifying spend in the lookback, in minor units.
    pub monetary: [i64; 4],
}

/// RFM scores, each in `1..=5` (5 is best: recent, frequent, high spend).
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RfmScores {
    /// Recency score.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
}

impl RfmScores {
    /// The usual three-digit cell label, e.g. `"545"`.
    pub fn cell(&self) -> String {
        format!("{}{}{}", self.r, self.f, self.m)
    }
}

/// One customer's RFM inputs: what [`rfm_scores`] scores and what
/// [`RfmBreakpoints::from_population`] summarises.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RfmInputs {
    /// Days since the last qualifying order; `None` when there is none.
    pub recency_days: Option<i64>,
    /// Qualifying orders in the lookback.
    pub frequency: i64,
    /// Qualifying spend in the lookback, in minor units.
    pub monetary: i64,
}

impl RfmBreakpoints {
    /// Checks that each list is non-decreasing; an issue with code
    /// `breakpoints_not_ascending` points at the first element smaller than the one
    /// before it (`/frequency/2`).
    pub fn validate(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        for (name, values) in [("recency", &self.recency), ("frequency", &self.frequency), ("monetary", &self.monetary)] {
            for (index, pair) in values.windows(2).enumerate() {
                if let [before, after] = pair {
                    if after < before {
                        issues.push(Issue::new(
                            Code::BreakpointsNotAscending,
                            pointer(&pointer("", name), index + 1),
                            format!("{name} breakpoints must not decrease: {after} follows {before}"),
                        ));
                        break;
                    }
                }
            }
        }
        Error::from_issues(issues).map_or(Ok(()), Err)
    }

    /// Quintile breakpoints of a population ([`quintile_breakpoints`] of each
    /// dimension). Customers without an order are left out of the recency quintiles.
    pub fn from_population(customers: &[RfmInputs]) -> RfmBreakpoints {
        let recency: Vec<i64> = customers.iter().filter_map(|c| c.recency_days).collect();
        let frequency: Vec<i64> = customers.iter().map(|c| c.frequency).collect();
        let monetary: Vec<i64> = customers.iter().map(|c| c.monetary).collect();
        RfmBreakpoints {
            recency: quintile_breakpoints(&recency),
            frequency: quintile_breakpoints(&frequency),
            monetary: quintile_breakpoints(&monetary),
        }
    }
}

/// Number of breakpoints strictly below `value`: its bucket index, 0 to 4.
fn bucket(value: i64, breakpoints: &[i64; 4]) -> u8 {
    breakpoints.iter().fold(0u8, |count, &breakpoint| count + u8::from(value > breakpoint))
}

/// Scores one customer (bucket rule in the module documentation). A customer with no
/// order (`recency_days = None`) has `r = 1`. Never fails; breakpoints that are not
/// sorted (see [`RfmBreakpoints::validate`]) still give scores in `1..=5`.
pub fn rfm_scores(recency_days: Option<i64>, frequency: i64, monetary: i64, breakpoints: &RfmBreakpoints) -> RfmScores {
    let r = match recency_days {
        None => 1,
        Some(days) => 5 - bucket(days, &breakpoints.recency),
    };
    RfmScores { r, f: 1 + bucket(frequency, &breakpoints.frequency), m: 1 + bucket(monetary, &breakpoints.monetary) }
}

/// The four quintile cut points of `values` (any order): for k = 1..4, the
/// nearest-rank k/5 quantile, the value of 1-based rank ⌈k·n/5⌉ in sorted order, i.e. the
/// smallest value with at least k/5 of the values at or below it. With the bucket rule of
/// [`rfm_scores`] the values up to the first cut point score 1 (5 for recency), and so
/// on. One value, or all values equal, gives that value four times (so everyone lands
/// in the first bucket). No values gives `[0, 0, 0, 0]`.
pub fn quintile_breakpoints(values: &[i64]) -> [i64; 4] {
    if values.is_empty() {
        return [0; 4];
    }
    let mut sorted = values.to_vec();
    crate::sort::sort(&mut sorted);
    let n = sorted.len();
    let mut cuts = [0; 4];
    for (k, cut) in (1..=4usize).zip(cuts.iter_mut()) {
        // ⌈k·n/5⌉ ≥ 1 for n ≥ 1; k·n cannot overflow for any slice that fits in memory.
        let rank = (k * n).div_ceil(5);
        *cut = sorted.get(rank.saturating_sub(1)).copied().unwrap_or_default();
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_of_ten_values_split_in_pairs() {
        let values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
        assert_eq!(quintile_breakpoints(&values), [2, 4, 6, 8]);
        let breakpoints = RfmBreakpoints { recency: [2, 4, 6, 8], frequency: [2, 4, 6, 8], monetary: [2, 4, 6, 8] };
        let f_scores: Vec<u8> = (1..=10).map(|v| rfm_scores(Some(v), v, 0, &breakpoints).f).collect();
        assert_eq!(f_scores, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        let r_scores: Vec<u8> = (1..=10).map(|v| rfm_scores(Some(v), 0, 0, &breakpoints).r).collect();
        assert_eq!(r_scores, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    }
}
