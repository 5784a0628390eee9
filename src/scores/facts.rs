//! Score facts of one member: RFM, the BG/NBD and Gamma-Gamma models, CLV and the churn
//! rule, derived from the snapshot's qualifying orders and complaints at `now`.
//!
//! This is the one place where the pure scores meet a snapshot. It runs after the base
//! facts and reads what they read (qualifying orders as `docs/facts.md` defines them,
//! calendar days in the program's offset); nothing here feeds back into the base facts.
//! How each fact is derived is documented in `docs/scores.md`.

use super::bgnbd::{expected_purchases, probability_alive};
use super::churn::{churn_signals, ChurnInputs, ChurnSignals};
use super::clv::{clv_minor_units, customer_lifetime_value};
use super::gamma_gamma::expected_average_value;
use super::rfm::{rfm_scores, RfmInputs};
use super::spec::ScoresSpec;
use crate::facts::{self, FactsConfig, QualifyingOrder};
use crate::json::write::ToJson;
use crate::money::Money;
use crate::snapshot::Snapshot;
use crate::time::{Date, Instant};
use schemars::JsonSchema;
use serde::Serialize;
use crate::vec_map::VecMap;

/// The horizon of `expected_orders_90d`, in days.
pub const EXPECTED_ORDERS_HORIZON_DAYS: i64 = 90;

/// The `rfm` fact: the member's RFM inputs and, when the program has breakpoints, scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct RfmFact {
    /// Recency score 1–5 (5: ordered most recently); `null` without breakpoints.
    pub r: Option<u8>,
    /// Frequency score 1–5; `null` without breakpoints.
    pub f: Option<u8>,
    /// Monetary score 1–5; `null` without breakpoints.
    pub m: Option<u8>,
    /// The three scores as one label, e.g. `"545"`; `null` without breakpoints.
    pub cell: Option<String>,
    /// Calendar days since the last qualifying order (not limited to the lookback);
    /// `null` without one.
    pub recency_days: Option<i64>,
    /// Qualifying orders in the lookback.
    pub frequency: i64,
    /// Qualifying spend in the lookback, minor units.
    pub monetary: Money,
}

/// The facts the scores add to the base facts.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ScoreFacts {
    /// RFM inputs and scores.
    pub rfm: RfmFact,
    /// BG/NBD probability that the member is still active, rounded to 6 decimals; `null`
    /// without `bgnbd` parameters or without a qualifying order.
    pub p_alive: Option<f64>,
    /// BG/NBD expected qualifying orders (purchase days) in the next 90 days, rounded to 6
    /// decimals; `null` without `bgnbd` parameters or without a qualifying order.
    pub expected_orders_90d: Option<f64>,
    /// Gamma-Gamma expected value of a future order, minor units, rounded down; the
    /// population mean for members without repeat orders; `null` without `gamma_gamma`.
    pub expected_order_value: Option<Money>,
    /// Customer lifetime value over the program's CLV horizon, minor units, rounded down;
    /// `null` without both models or without a qualifying order.
    pub clv: Option<Money>,
    /// Churn signals (last period against the one before) and risk.
    pub churn: ChurnSignals,
}

/// A member's purchase history as the BG/NBD and Gamma-Gamma models read it, in days.
///
/// Qualifying orders are grouped by calendar day: several orders on one day are one
/// purchase whose value is their total (the convention of the models' papers and of the
/// `lifetimes` package with daily periods).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseHistory {
    /// Repeat purchases: days with a qualifying order after the first such day.
    pub repeat_purchases: u32,
    /// Days from the first purchase day to the last one (0 without repeat purchases).
    pub days_to_last_purchase: i64,
    /// Days from the first purchase day to today: the member's age as a customer.
    pub days_since_first_purchase: i64,
    /// Mean qualifying spend of the repeat purchase days, minor units (0 without any).
    pub repeat_mean_value: f64,
}

impl PurchaseHistory {
    /// From qualifying orders (any order) up to today; `None` without any.
    pub fn from_orders(orders: &[QualifyingOrder], today: Date) -> Option<PurchaseHistory> {
        let days: VecMap<Date, i64> =
            VecMap::from_unsorted(orders.iter().map(|order| (order.date, order.spend.minor())).collect(), |total, spend| *total = total.saturating_add(spend));
        let (&first, _) = days.first_key_value()?;
        let (&last, _) = days.last_key_value()?;
        let repeat_purchases = u32::try_from(days.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let repeat_spend: i64 = days.iter().skip(1).fold(0i64, |sum, (_, spend)| sum.saturating_add(*spend));
        let repeat_mean_value = if repeat_purchases == 0 { 0.0 } else { repeat_spend as f64 / f64::from(repeat_purchases) };
        Some(PurchaseHistory {
            repeat_purchases,
            days_to_last_purchase: first.days_until(last),
            days_since_first_purchase: first.days_until(today).max(0),
            repeat_mean_value,
        })
    }

    /// `(x, t_x, T)` in a model time unit of `time_unit_days` days.
    pub fn in_time_units(&self, time_unit_days: i64) -> (f64, f64, f64) {
        let unit = time_unit_days.max(1) as f64;
        (f64::from(self.repeat_purchases), self.days_to_last_purchase as f64 / unit, self.days_since_first_purchase as f64 / unit)
    }
}

/// True when `date` is among the `days` calendar days ending `offset_days` days before
/// today (offset 0: the window that ends today).
fn in_window(date: Date, today: Date, offset_days: i64, days: i64) -> bool {
    (offset_days..offset_days.saturating_add(days)).contains(&date.days_until(today))
}

/// RFM inputs from qualifying orders: recency since the last order (any time), frequency
/// and monetary value over the `lookback_days` days ending today.
pub fn rfm_inputs(orders: &[QualifyingOrder], today: Date, lookback_days: i64) -> RfmInputs {
    let recent = orders.iter().filter(|o| in_window(o.date, today, 0, lookback_days));
    let (frequency, monetary) = recent.fold((0i64, 0i64), |(count, spend), o| (count + 1, spend.saturating_add(o.spend.minor())));
    RfmInputs { recency_days: orders.iter().map(|o| o.date).max().map(|last| last.days_until(today)), frequency, monetary }
}

/// RFM inputs of a snapshot at `now`.
pub fn rfm_inputs_of(config: &FactsConfig, snapshot: &Snapshot, now: Instant, lookback_days: i64) -> RfmInputs {
    rfm_inputs(&facts::qualifying_orders(config, snapshot, now), now.date_in(config.offset), lookback_days)
}

/// Orders, average order value and complaints in the last `period_days` days and in the
/// `period_days` days before them.
pub fn churn_inputs(config: &FactsConfig, orders: &[QualifyingOrder], snapshot: &Snapshot, now: Instant, period_days: i64) -> ChurnInputs {
    let today = now.date_in(config.offset);
    let period = |offset: i64| {
        let (count, spend) = orders
            .iter()
            .filter(|o| in_window(o.date, today, offset, period_days))
            .fold((0i64, 0i64), |(count, spend), o| (count + 1, spend.saturating_add(o.spend.minor())));
        let complaints = snapshot
            .events
            .iter()
            .filter(|e| e.kind == "complaint" && e.at <= now && in_window(e.at.date_in(config.offset), today, offset, period_days))
            .fold(0i64, |sum, e| sum.saturating_add(e.value));
        (count, (count > 0).then(|| spend / count), complaints)
    };
    let (orders_last_period, average_order_value_last_period, complaints_last_period) = period(0);
    let (orders_previous_period, average_order_value_previous_period, complaints_previous_period) = period(period_days);
    ChurnInputs {
        orders_last_period,
        orders_previous_period,
        average_order_value_last_period,
        average_order_value_previous_period,
        complaints_last_period,
        complaints_previous_period,
    }
}

/// Rounds to 6 decimals, half away from zero: `round(v · 10⁶) / 10⁶`. Both steps are
/// correctly rounded IEEE operations, so the result (and its JSON text) is the same in
/// every runtime. Not-a-number becomes 0.
pub fn round_to_micros(value: f64) -> f64 {
    if value.is_nan() {
        return 0.0;
    }
    libm::round(value * 1e6) / 1e6
}

/// The score facts of `snapshot` at `now` under the program's `scores` section.
pub fn derive(spec: &ScoresSpec, config: &FactsConfig, snapshot: &Snapshot, now: Instant) -> ScoreFacts {
    let today = now.date_in(config.offset);
    let orders = facts::qualifying_orders(config, snapshot, now);

    let inputs = rfm_inputs(&orders, today, spec.rfm.lookback_days);
    let scores = spec.rfm.breakpoints.as_ref().map(|b| rfm_scores(inputs.recency_days, inputs.frequency, inputs.monetary, b));
    let rfm = RfmFact {
        r: scores.map(|s| s.r),
        f: scores.map(|s| s.f),
        m: scores.map(|s| s.m),
        cell: scores.map(|s| s.cell()),
        recency_days: inputs.recency_days,
        frequency: inputs.frequency,
        monetary: Money(inputs.monetary),
    };

    // The compiled spec has valid parameters, and the history is valid by construction
    // (whole x ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0), so the models do not fail here; an
    // error would give `null` rather than a panic.
    let history = PurchaseHistory::from_orders(&orders, today);
    let mut p_alive = None;
    let mut expected_orders_90d = None;
    if let (Some(bgnbd), Some(history)) = (&spec.bgnbd, &history) {
        let (x, t_x, t) = history.in_time_units(bgnbd.time_unit_days);
        let horizon = EXPECTED_ORDERS_HORIZON_DAYS as f64 / bgnbd.time_unit_days.max(1) as f64;
        p_alive = probability_alive(&bgnbd.params(), x, t_x, t).ok().map(round_to_micros);
        expected_orders_90d = expected_purchases(&bgnbd.params(), horizon, x, t_x, t).ok().map(round_to_micros);
    }
    let expected_order_value = spec.gamma_gamma.and_then(|params| {
        let value = match &history {
            Some(history) => expected_average_value(&params, f64::from(history.repeat_purchases), history.repeat_mean_value).ok()?,
            None => params.population_mean(),
        };
        Some(Money(clv_minor_units(value)))
    });
    let clv = match (&spec.bgnbd, &spec.gamma_gamma, &history) {
        (Some(bgnbd), Some(gamma_gamma), Some(history)) => {
            let (x, t_x, t) = history.in_time_units(bgnbd.time_unit_days);
            let settings = spec.clv_or_default();
            customer_lifetime_value(
                &bgnbd.params(),
                gamma_gamma,
                x,
                t_x,
                t,
                history.repeat_mean_value,
                settings.horizon_months,
                settings.monthly_discount_rate,
                bgnbd.time_unit_days as f64,
            )
            .ok()
            .map(|value| Money(clv_minor_units(value)))
        }
        _ => None,
    };
    let churn = churn_signals(&churn_inputs(config, &orders, snapshot, now, spec.churn.period_days), p_alive, &spec.churn.thresholds);
    ScoreFacts { rfm, p_alive, expected_orders_90d, expected_order_value, clv, churn }
}
