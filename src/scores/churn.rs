//! Rule-based churn signals from counts over two consecutive periods, combined with the
//! BG/NBD probability of being alive into a low / medium / high risk. Integers and
//! basis points only (P(alive) is the one float).

use crate::json::write::ToJson;
use serde::{Deserialize, Serialize};

/// Counts for the last period and the period before it (equal lengths, e.g. the last 90
/// days and the 90 days before). Negative counts are treated as 0.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ChurnInputs {
    /// Qualifying orders in the last period.
    pub orders_last_period: i64,
    /// Qualifying orders in the previous period.
    pub orders_previous_period: i64,
    /// Average qualifying order value in the last period, minor units; `None` without orders.
    pub average_order_value_last_period: Option<i64>,
    /// Average qualifying order value in the previous period, minor units; `None` without orders.
    pub average_order_value_previous_period: Option<i64>,
    /// Complaints in the last period.
    pub complaints_last_period: i64,
    /// Complaints in the previous period.
    pub complaints_previous_period: i64,
}

/// Thresholds of the churn rules. The defaults are the documented rule.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case", default)]
pub struct ChurnThresholds {
    /// `frequency_down` when orders fell by at least this many basis points (default
    /// 2 500, i.e. a quarter).
    pub frequency_drop_bp: i64,
    /// `aov_down` when the average order value fell by at least this many basis points
    /// (default 2 000).
    pub aov_drop_bp: i64,
    /// High risk below this P(alive) (default 0.3).
    pub high_risk_p_alive: f64,
    /// At least medium risk below this P(alive) (default 0.6).
    pub medium_risk_p_alive: f64,
}

impl Default for ChurnThresholds {
    fn default() -> ChurnThresholds {
        ChurnThresholds { frequency_drop_bp: 2_500, aov_drop_bp: 2_000, high_risk_p_alive: 0.3, medium_risk_p_alive: 0.6 }
    }
}

/// Churn risk level.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ChurnRisk {
    /// No signal and P(alive) not low.
    Low,
    /// One signal, or P(alive) below the medium threshold.
    Medium,
    /// Two or more signals, or P(alive) below the high threshold.
    High,
}

/// The churn signals of one customer and the resulting risk.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ChurnSignals {
    /// Change in orders, last against previous period, in basis points (−10 000 = all
    /// gone), truncated toward zero; `None` when the previous period had no orders.
    pub frequency_change_bp: Option<i64>,
    /// Change in average order value in basis points, truncated toward zero; `None`
    /// unless both periods have an average and the previous one is positive.
    pub aov_change_bp: Option<i64>,
    /// Complaints in the last period minus complaints in the previous period.
    pub complaints_change: i64,
    /// The signals that fired, in this order: `frequency_down`, `aov_down`,
    /// `complaints_up`.
    pub signals: Vec<String>,
    /// The risk level.
    pub risk: ChurnRisk,
}

/// `(last − previous) · 10 000 / previous`, truncated toward zero; `None` if
/// `previous ≤ 0`. Saturates at the `i64` range (unreachable with bounded inputs).
fn change_bp(last: i64, previous: i64) -> Option<i64> {
    if previous <= 0 {
        return None;
    }
    let change = (i128::from(last) - i128::from(previous)) * 10_000 / i128::from(previous);
    Some(i64::try_from(change).unwrap_or(if change < 0 { i64::MIN } else { i64::MAX }))
}

/// Computes the churn signals and risk.
///
/// Signals:
/// - `frequency_down`: the previous period had orders and the count fell by at least
///   `frequency_drop_bp` (default: by a quarter or more; no order at all in the last
///   period is −10 000 bp);
/// - `aov_down`: both periods have an average order value and it fell by at least
///   `aov_drop_bp` (default 20 %);
/// - `complaints_up`: more complaints in the last period than in the previous one.
///
/// Risk: **high** if P(alive) < `high_risk_p_alive` (0.3) or two or more signals fired;
/// otherwise **medium** if P(alive) < `medium_risk_p_alive` (0.6) or one signal fired;
/// otherwise **low**. Without P(alive) (`None`, or not a number) only the signals count;
/// a P(alive) outside `[0, 1]` is clamped into it.
pub fn churn_signals(inputs: &ChurnInputs, p_alive: Option<f64>, thresholds: &ChurnThresholds) -> ChurnSignals {
    let orders_last = inputs.orders_last_period.max(0);
    let orders_previous = inputs.orders_previous_period.max(0);
    let frequency_change_bp = change_bp(orders_last, orders_previous);
    let aov_change_bp = match (inputs.average_order_value_last_period, inputs.average_order_value_previous_period) {
        (Some(last), Some(previous)) => change_bp(last.max(0), previous),
        _ => None,
    };
    let complaints_change =
        inputs.complaints_last_period.max(0).saturating_sub(inputs.complaints_previous_period.max(0));

    let mut signals = Vec::new();
    if frequency_change_bp.is_some_and(|change| change <= -thresholds.frequency_drop_bp) {
        signals.push("frequency_down".to_string());
    }
    if aov_change_bp.is_some_and(|change| change <= -thresholds.aov_drop_bp) {
        signals.push("aov_down".to_string());
    }
    if complaints_change > 0 {
        signals.push("complaints_up".to_string());
    }

    let p_alive = p_alive.filter(|p| !p.is_nan()).map(|p| p.clamp(0.0, 1.0));
    let risk = if signals.len() >= 2 || p_alive.is_some_and(|p| p < thresholds.high_risk_p_alive) {
        ChurnRisk::High
    } else if signals.len() == 1 || p_alive.is_some_and(|p| p < thresholds.medium_risk_p_alive) {
        ChurnRisk::Medium
    } else {
        ChurnRisk::Low
    };
    ChurnSignals { frequency_change_bp, aov_change_bp, complaints_change, signals, risk }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_signals_are_high_risk() {
        let inputs = ChurnInputs {
            orders_last_period: 1,
            orders_previous_period: 4,
            average_order_value_last_period: Some(7_000),
            average_order_value_previous_period: Some(10_000),
            complaints_last_period: 0,
            complaints_previous_period: 0,
        };
        let signals = churn_signals(&inputs, Some(0.9), &ChurnThresholds::default());
        assert_eq!(signals.frequency_change_bp, Some(-7_500));
        assert_eq!(signals.aov_change_bp, Some(-3_000));
        assert_eq!(signals.signals, ["frequency_down", "aov_down"]);
        assert_eq!(signals.risk, ChurnRisk::High);
    }
}
