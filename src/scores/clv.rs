//! Customer lifetime value over a horizon of months: BG/NBD expected purchases per month
//! times the Gamma-Gamma expected transaction value, discounted monthly.

use crate::error::Code;
use super::bgnbd::{expected_purchases_unchecked, validate_history, BgNbdParams};
use super::gamma_gamma::{expected_average_value_unchecked, GammaGammaParams};
use crate::error::{Error, Issue};
use crate::money::{Bp, MAX_AMOUNT};

/// Days in one CLV month: 30, as in the Python `lifetimes` package for daily data
/// (`freq = "D"`). Its weekly mode uses 4.345 weeks per month instead, which corresponds
/// to `time_unit_days = 30/4.345`.
pub const DAYS_PER_MONTH: f64 = 30.0;

/// Longest horizon accepted: ten years. Every month costs one BG/NBD expectation, so the
/// horizon bounds the work of a CLV.
pub const MAX_HORIZON_MONTHS: u32 = 120;

/// Customer lifetime value over the next `horizon_months` months:
///
/// `Σ_{i=1..H} v · (E[Y(i·u) | x, t_x, t] − E[Y((i−1)·u) | x, t_x, t]) / (1 + d)^i`
///
/// where `E[Y(·)]` is the BG/NBD conditional expectation ([`super::expected_purchases`]),
/// `u = DAYS_PER_MONTH / time_unit_days` is one month in model time units, `v` is the
/// Gamma-Gamma expected transaction value ([`super::expected_average_value`]) for
/// `(x, mean_value)` and `d` is the monthly discount rate. This is the construction of
/// `customer_lifetime_value` in the Python `lifetimes` package: purchases expected in
/// month `i` are valued at month end and discounted by `(1 + d)^i`. Month increments
/// are clamped at 0 (they are nonnegative in exact arithmetic).
///
/// `x`, `t_x`, `t` are in model time units (those of the BG/NBD parameters);
/// `time_unit_days` is the length of that unit in days (7 for weeks, 1 for days). The
/// result is in the unit of `mean_value` and γ; see [`clv_minor_units`] to store it.
///
/// Errors: invalid parameters or history (as in the two models); `/horizon_months`
/// beyond [`MAX_HORIZON_MONTHS`] (`horizon_too_long`); `/monthly_discount_rate`
/// negative (`negative`); `/time_unit_days` not finite and positive.
#[allow(clippy::too_many_arguments)]
pub fn customer_lifetime_value(
    bgnbd: &BgNbdParams,
    gamma_gamma: &GammaGammaParams,
    x: f64,
    t_x: f64,
    t: f64,
    mean_value: f64,
    horizon_months: u32,
    monthly_discount_rate: Bp,
    time_unit_days: f64,
) -> Result<f64, Error> {
    let mut issues = Vec::new();
    if let Err(error) = bgnbd.validate() {
        issues.extend(error.under("/bgnbd").into_issues());
    }
    if let Err(error) = gamma_gamma.validate() {
        issues.extend(error.under("/gamma_gamma").into_issues());
    }
    validate_history(&mut issues, x, t_x, t);
    if !mean_value.is_finite() {
        issues.push(Issue::new(Code::NotFinite, "/mean_value", "mean_value must be a finite number"));
    } else if mean_value < 0.0 {
        issues.push(Issue::new(Code::Negative, "/mean_value", format!("mean_value must not be negative, got {mean_value}")));
    }
    if horizon_months > MAX_HORIZON_MONTHS {
        issues.push(Issue::new(
            Code::HorizonTooLong,
            "/horizon_months",
            format!("the horizon must be at most {MAX_HORIZON_MONTHS} months, got {horizon_months}"),
        ));
    }
    if monthly_discount_rate.basis_points() < 0 {
        issues.push(Issue::new(Code::Negative, "/monthly_discount_rate", "the discount rate must not be negative"));
    }
    if !time_unit_days.is_finite() || time_unit_days <= 0.0 {
        issues.push(Issue::new(Code::NotPositive, "/time_unit_days", "time_unit_days must be a positive finite number"));
    }
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }

    let value = expected_average_value_unchecked(gamma_gamma, x, mean_value);
    let month = DAYS_PER_MONTH / time_unit_days;
    let growth = 1.0 + monthly_discount_rate.basis_points() as f64 / 10_000.0;
    let mut previous = 0.0;
    let mut total = 0.0;
    for i in 1..=horizon_months {
        let cumulative = expected_purchases_unchecked(bgnbd, f64::from(i) * month, x, t_x, t);
        let in_month = (cumulative - previous).max(0.0);
        total += value * in_month / libm::pow(growth, f64::from(i));
        previous = cumulative;
    }
    Ok(if total.is_finite() { total } else { 0.0 })
}

/// A statistical CLV as whole minor units for facts: rounded down, and clamped to
/// `0..=MAX_AMOUNT` (2^53 − 1); not-a-number gives 0.
pub fn clv_minor_units(clv: f64) -> i64 {
    if clv.is_nan() || clv <= 0.0 {
        return 0;
    }
    let floored = libm::floor(clv);
    if floored >= MAX_AMOUNT as f64 {
        MAX_AMOUNT
    } else {
        floored as i64
    }
}
