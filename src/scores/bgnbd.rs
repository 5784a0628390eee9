//! The BG/NBD model of Fader, Hardie & Lee (2005), "“Counting Your Customers” the Easy
//! Way: An Alternative to the Pareto/NBD Model", *Marketing Science* 24(2), 275–284.
//!
//! While alive a customer buys at rate λ (gamma-distributed across customers with shape
//! `r` and rate `alpha`); after each purchase they drop out with probability p
//! (beta-distributed with `a`, `b`). A customer's history is summarised by the number of
//! repeat purchases `x`, the time of the last one `t_x` and the customer's age `t`
//! (called T in the paper), all measured from the first purchase in the model's time
//! unit (whatever unit the parameters were fitted in: weeks for the paper's CDNOW data).
//!
//! The numerics are described in `docs/scores.md`.

use crate::error::Code;
use super::special::{expm1_over, hyp2f1_regularized_near_one, ln_gamma, ln_hyp2f1_positive, reduced_series, MAX_TERMS};
use crate::error::{pointer, Error, Issue};
use crate::json::write::ToJson;
use serde::{Deserialize, Serialize};

/// Fitted BG/NBD parameters, in the time unit the model was fitted in.
///
/// ```json
/// { "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426 }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct BgNbdParams {
    /// Shape of the gamma distribution of purchase rates.
    pub r: f64,
    /// Rate (inverse scale) of the gamma distribution of purchase rates, in time units.
    pub alpha: f64,
    /// First shape of the beta distribution of drop-out probabilities.
    pub a: f64,
    /// Second shape of the beta distribution of drop-out probabilities.
    pub b: f64,
}

/// Largest shape parameter (`r`, `a`, `b`) accepted. Fitted shapes are far below it (the
/// CDNOW fit has r = 0.243, a = 0.793, b = 2.426); the hypergeometric series behind the
/// expectations take a number of terms that grows with the shapes, so this bound is what
/// keeps the work of one evaluation small (see docs/scores.md, "Limits").
pub const MAX_SHAPE: f64 = 1000.0;

impl BgNbdParams {
    /// Checks that every parameter is finite and positive and that the shapes `r`, `a`, `b`
    /// are at most [`MAX_SHAPE`]. Issues have code `not_finite`, `not_positive` or
    /// `out_of_range` and paths `/r`, `/alpha`, `/a`, `/b`.
    pub fn validate(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        for (name, value) in [("r", self.r), ("alpha", self.alpha), ("a", self.a), ("b", self.b)] {
            positive(&mut issues, name, value);
            if name != "alpha" && value.is_finite() && value > MAX_SHAPE {
                issues.push(Issue::new(Code::OutOfRange, pointer("", name), format!("{name} must be at most {MAX_SHAPE}, got {value}")));
            }
        }
        Error::from_issues(issues).map_or(Ok(()), Err)
    }
}

pub(crate) fn positive(issues: &mut Vec<Issue>, name: &str, value: f64) {
    if !value.is_finite() {
        issues.push(Issue::new(Code::NotFinite, pointer("", name), format!("{name} must be a finite number")));
    } else if value <= 0.0 {
        issues.push(Issue::new(Code::NotPositive, pointer("", name), format!("{name} must be positive, got {value}")));
    }
}

pub(crate) fn non_negative(issues: &mut Vec<Issue>, name: &str, value: f64) -> bool {
    if !value.is_finite() {
        issues.push(Issue::new(Code::NotFinite, pointer("", name), format!("{name} must be a finite number")));
        false
    } else if value < 0.0 {
        issues.push(Issue::new(Code::Negative, pointer("", name), format!("{name} must not be negative, got {value}")));
        false
    } else {
        true
    }
}

/// Checks a purchase count: finite, non-negative and a whole number (path `/x`).
pub(crate) fn validate_count(issues: &mut Vec<Issue>, x: f64) -> bool {
    if !non_negative(issues, "x", x) {
        return false;
    }
    if x != libm::floor(x) {
        issues.push(Issue::new(Code::NotAnInteger, "/x", format!("x counts repeat purchases and must be a whole number, got {x}")));
        return false;
    }
    true
}

/// Checks a customer history `(x, t_x, t)`: `x` a whole number ≥ 0, `0 ≤ t_x ≤ t`, and
/// `t_x = 0` when `x = 0` (the model's convention: recency is the time of the last
/// *repeat* purchase). Paths `/x`, `/t_x`, `/t`.
pub(crate) fn validate_history(issues: &mut Vec<Issue>, x: f64, t_x: f64, t: f64) {
    // The common case in a few comparisons; the checks below name what is wrong.
    let valid = x.is_finite() && x >= 0.0 && x == libm::floor(x) && t.is_finite() && t_x >= 0.0 && t_x <= t && (x != 0.0 || t_x == 0.0);
    if valid {
        return;
    }
    let x_ok = validate_count(issues, x);
    let t_x_ok = non_negative(issues, "t_x", t_x);
    let t_ok = non_negative(issues, "t", t);
    if t_x_ok && t_ok && t_x > t {
        issues.push(Issue::new(
            Code::RecencyAfterAge,
            "/t_x",
            format!("t_x (time of the last purchase, {t_x}) must not exceed t (the customer's age, {t})"),
        ));
    }
    if x_ok && t_x_ok && x == 0.0 && t_x != 0.0 {
        issues.push(Issue::new(Code::RecencyWithoutPurchases, "/t_x", "t_x must be 0 when there are no repeat purchases (x = 0)"));
    }
}

fn validate_all(params: &BgNbdParams, x: f64, t_x: f64, t: f64, horizon: Option<f64>) -> Result<(), Error> {
    let mut issues = match params.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.into_issues(),
    };
    validate_history(&mut issues, x, t_x, t);
    if let Some(horizon) = horizon {
        non_negative(&mut issues, "horizon", horizon);
    }
    Error::from_issues(issues).map_or(Ok(()), Err)
}

/// P(alive | x, t_x, t): the probability that a customer with this history has not yet
/// dropped out (Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD model":
/// the likelihood of the 2005 paper split by Bayes' theorem):
///
/// `1 / (1 + [x > 0] · a/(b + x − 1) · ((α + t)/(α + t_x))^(r + x))`.
///
/// Evaluated as a logistic function of the log-odds, so it is in `[0, 1]` and finite
/// for every valid input. A customer without repeat purchases is alive with probability
/// 1 under the model (they cannot have dropped out without a purchase).
///
/// Errors: invalid parameters (see [`BgNbdParams::validate`]) or history (codes
/// `not_finite`, `negative`, `not_an_integer`, `recency_after_age`,
/// `recency_without_purchases` at `/x`, `/t_x`, `/t`).
pub fn probability_alive(params: &BgNbdParams, x: f64, t_x: f64, t: f64) -> Result<f64, Error> {
    validate_all(params, x, t_x, t, None)?;
    Ok(probability_alive_unchecked(params, x, t_x, t))
}

pub(crate) fn probability_alive_unchecked(params: &BgNbdParams, x: f64, t_x: f64, t: f64) -> f64 {
    probability_alive_given_ln_a(params, libm::log(params.a), x, t_x, t)
}

/// [`probability_alive_unchecked`] with `ln a` computed once by the caller.
pub(crate) fn probability_alive_given_ln_a(params: &BgNbdParams, ln_a: f64, x: f64, t_x: f64, t: f64) -> f64 {
    if x == 0.0 {
        return 1.0;
    }
    let BgNbdParams { r, alpha, a: _, b } = *params;
    // ln odds of "dropped out at t_x" against "alive at t".
    let ln_odds = ln_a - libm::log(b + x - 1.0) + (r + x) * libm::log1p((t - t_x) / (alpha + t_x));
    let probability = if ln_odds > 0.0 {
        let odds_alive = libm::exp(-ln_odds);
        odds_alive / (1.0 + odds_alive)
    } else {
        1.0 / (1.0 + libm::exp(ln_odds))
    };
    probability.clamp(0.0, 1.0)
}

/// E[Y(horizon) | x, t_x, t]: the expected number of purchases in the next `horizon`
/// time units by a customer with this history (Fader, Hardie & Lee 2005, eq. 10):
///
/// `P(alive) · (a + b + x − 1)/(a − 1) · [1 − ((α + t)/(α + t + horizon))^(r + x)
///  · ₂F₁(r + x, b + x; a + b + x − 1; horizon/(α + t + horizon))]`.
///
/// The bracket is evaluated in a rearranged form that has no removable singularity at
/// `a = 1` and no cancellation for large `x` or `t` (see `docs/scores.md`). The result is
/// finite, non-negative, at most `P(alive) · (r + x) · horizon/(α + t)` (the expectation
/// if the customer never dropped out), and nondecreasing in `horizon`.
///
/// Errors: as [`probability_alive`], plus `/horizon` (`not_finite`, `negative`).
pub fn expected_purchases(params: &BgNbdParams, horizon: f64, x: f64, t_x: f64, t: f64) -> Result<f64, Error> {
    validate_all(params, x, t_x, t, Some(horizon))?;
    Ok(expected_purchases_unchecked(params, horizon, x, t_x, t))
}

pub(crate) fn expected_purchases_unchecked(params: &BgNbdParams, horizon: f64, x: f64, t_x: f64, t: f64) -> f64 {
    let alive = probability_alive_unchecked(params, x, t_x, t);
    alive * expected_purchases_if_alive_of(params, horizon, x, t)
}

/// Q for repeat purchases `x` at age `t`: [`expected_purchases_if_alive`] with the
/// model's `s = r + x`, `β = b + x` and `k = horizon/(α + t)`.
pub(crate) fn expected_purchases_if_alive_of(params: &BgNbdParams, horizon: f64, x: f64, t: f64) -> f64 {
    let BgNbdParams { r, alpha, a, b } = *params;
    expected_purchases_if_alive(r + x, a, b + x, horizon / (alpha + t))
}

/// E[X(t)]: the expected number of repeat purchases in the first `t` time units of a
/// customer just acquired (Fader, Hardie & Lee 2005, eq. 9):
///
/// `(a + b − 1)/(a − 1) · [1 − (α/(α + t))^r · ₂F₁(r, b; a + b − 1; t/(α + t))]`,
///
/// which is [`expected_purchases`] for the history `x = 0, t_x = 0, t = 0`.
///
/// Errors: invalid parameters, or `t` not finite or negative (path `/t`).
pub fn expected_purchases_new_customer(params: &BgNbdParams, t: f64) -> Result<f64, Error> {
    let mut issues = match params.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.into_issues(),
    };
    non_negative(&mut issues, "t", t);
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    Ok(expected_purchases_if_alive(params.r, params.a, params.b, t / params.alpha))
}

/// Above this `k` the ratio is capped: `ln(1 + k)` stays finite and the result is the
/// (astronomical) value at the cap.
const MAX_RATIO: f64 = 1e300;

/// Terms the direct series may take when `z > 1/2` before the connection formula is
/// used instead.
const NEAR_ONE_SERIES_BUDGET: usize = 500;

/// Half-width of the band around `a = 1` in which the connection formula (which divides
/// by `a − 1`) is replaced by cubic interpolation from `a = 1 ± δ, 1 ± 2δ`.
const A_NEAR_ONE: f64 = 3e-4;

/// Q(s, a, β, k) = E[(1 − (1 + p·k)^−s)/p] for p ~ Beta(a, β): the expected number of
/// purchases over a horizon of `k·(α + t)` by a customer who is alive now, with
/// `s = r + x`, `β = b + x`, `k = horizon/(α + t)`. `s, a, β > 0`, `k ≥ 0`.
pub(crate) fn expected_purchases_if_alive(s: f64, a: f64, beta: f64, k: f64) -> f64 {
    if k.is_nan() || k <= 0.0 {
        return 0.0;
    }
    let k = k.min(MAX_RATIO);
    let upper = s * k;
    let z = k / (1.0 + k);
    let y = 1.0 / (1.0 + k);
    let ln_y = -libm::log1p(k);

    // 1. The reduced series, when it converges with a small rounding error.
    let budget = if z <= 0.5 { MAX_TERMS } else { NEAR_ONE_SERIES_BUDGET };
    let series = (z < 1.0).then(|| series_form(s, a, beta, z, ln_y, budget));
    if let Some(series) = series {
        if series.converged && series.relative_error <= ACCEPTED_ERROR {
            return series.value.clamp(0.0, upper);
        }
    }
    // 2. Near z = 1, the connection formula.
    if z > 0.5 {
        if let Some(value) = connection_form_any_a(s, a, beta, y, ln_y, upper) {
            return value.clamp(0.0, upper);
        }
    }
    // 3. The untransformed series of positive terms, if it is the more accurate one.
    let mut best = series.filter(|series| series.converged && !series.value.is_nan());
    if let Some(positive) = positive_form(s, a, beta, z, ln_y) {
        let better = match best {
            None => true,
            Some(series) => positive.relative_error < series.relative_error,
        };
        if better {
            best = Some(positive);
        }
    }
    let value = best.or(series).map_or(f64::NAN, |series| series.value);
    if value.is_nan() {
        // Only reachable far outside any fitted model; see docs/scores.md.
        return 0.0;
    }
    value.clamp(0.0, upper)
}

/// Relative rounding error below which the reduced series is used as it is.
const ACCEPTED_ERROR: f64 = 1e-12;

/// A value of Q with an estimate of its relative rounding error.
#[derive(Debug, Clone, Copy)]
struct Estimate {
    value: f64,
    relative_error: f64,
    converged: bool,
}

/// `Q = C·(1 − y^(a−1))/(a − 1) − y^(a−1)·S(z)` with `C = a + β − 1`, `A = C − s`
/// (Euler-transformed eq. 10, the `(a − 1)` factor cancelled term by term). The error
/// estimate is the largest magnitude summed, relative to the result: large when
/// `A = a + b − 1 − r` is very negative and the terms alternate.
fn series_form(s: f64, a: f64, beta: f64, z: f64, ln_y: f64, budget: usize) -> Estimate {
    let c = a + beta - 1.0;
    let big_a = c - s;
    let head = c * -expm1_over(ln_y, a - 1.0);
    let series = reduced_series(big_a, a, beta, z, budget);
    let y_power = libm::exp((a - 1.0) * ln_y);
    let value = head - y_power * series.sum;
    let magnitude = head.abs().max(y_power * series.largest);
    Estimate { value, relative_error: f64::EPSILON * magnitude / value.abs(), converged: series.converged }
}

/// `Q = C·(1 − y^s·₂F₁(s, β; C; z))/(a − 1)` straight from eq. 10, the series summed in
/// log space (all its terms are positive when `C > 0`). Loses accuracy when
/// `y^s·₂F₁ ≈ 1` (short horizons), so it is only a fallback for very negative `A`.
fn positive_form(s: f64, a: f64, beta: f64, z: f64, ln_y: f64) -> Option<Estimate> {
    let c = a + beta - 1.0;
    if c <= 0.0 || a == 1.0 {
        return None;
    }
    let (ln_f, terms) = ln_hyp2f1_positive(s, beta, c, z)?;
    let ln_h = s * ln_y + ln_f;
    let one_minus_h = -libm::expm1(ln_h);
    let value = c * one_minus_h / (a - 1.0);
    let h = libm::exp(ln_h);
    let relative_error = f64::EPSILON * (terms as f64 + s.abs() * ln_y.abs() + 10.0) * h / one_minus_h.abs();
    Some(Estimate { value, relative_error, converged: true })
}

fn connection_form_any_a(s: f64, a: f64, beta: f64, y: f64, ln_y: f64, upper: f64) -> Option<f64> {
    let offset = a - 1.0;
    if offset.abs() >= A_NEAR_ONE {
        return connection_form(s, a, beta, y, ln_y, upper);
    }
    // Cubic (Lagrange) interpolation in a through 1 − 2δ, 1 − δ, 1 + δ, 1 + 2δ.
    let delta = A_NEAR_ONE;
    let nodes = [-2.0 * delta, -delta, delta, 2.0 * delta];
    let mut total = 0.0;
    for (i, &node) in nodes.iter().enumerate() {
        let value = connection_form(s, 1.0 + node, beta, y, ln_y, upper)?;
        let mut weight = 1.0;
        for (j, &other) in nodes.iter().enumerate() {
            if i != j {
                weight *= (offset - other) / (node - other);
            }
        }
        total += weight * value;
    }
    Some(total)
}

/// `Q = (C − Γ(C + 1)·y^(a−1)·₂F₁(A, a − 1; C; z)/Γ(C)) / (a − 1)` with the regularised
/// ₂F₁ from the connection formula at `1 − z`; `|a − 1| ≥ δ`.
///
/// `None` when the result cannot be trusted: outside `[0, s·k]` (Q's true range, with a
/// margin for rounding), or with an estimated rounding error above [`ACCEPTED_ERROR`].
/// Both happen when `a` and `b + x` are large (tens to hundreds) and the formula's terms
/// alternate and cancel; the caller then falls back to the positive series.
fn connection_form(s: f64, a: f64, beta: f64, y: f64, ln_y: f64, upper: f64) -> Option<f64> {
    let c = a + beta - 1.0;
    let big_a = c - s;
    let ln_scale = ln_gamma(a + beta) + (a - 1.0) * ln_y;
    let (scaled, error) = hyp2f1_regularized_near_one(big_a, a - 1.0, c, y, ln_y, ln_scale)?;
    let value = (c - scaled) / (a - 1.0);
    let in_range = value >= -1e-9 * upper && value <= upper * (1.0 + 1e-9);
    let trusted = error / (a - 1.0).abs() <= ACCEPTED_ERROR * value.abs();
    (value.is_finite() && in_range && trusted).then_some(value)
}

