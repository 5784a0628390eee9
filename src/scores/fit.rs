//! Maximum-likelihood fits of the BG/NBD and Gamma-Gamma models over a customer base:
//! what a nightly job runs to refit the parameters a program carries.
//!
//! Both fits maximise the log-likelihood of the papers (Fader, Hardie & Lee 2005, BG/NBD
//! equation 6; Fader, Hardie & Lee 2005 "RFM and CLV", the Gamma-Gamma density of a
//! customer's mean value) over the logarithms of the parameters, so every step stays
//! positive, with BFGS: analytic gradients (digamma from [`ln_gamma_difference_over`]), a
//! backtracking line search and an inverse-Hessian update. BG/NBD starts where the
//! `lifetimes` package starts (every parameter e^0.1 ≈ 1.105); Gamma-Gamma at p = q = 1 and
//! γ at the mean value, so money in any unit converges alike. The fit reports the
//! log-likelihood it reached, the iterations and whether the gradient vanished
//! (`converged`).
//!
//! Customers may come once each or as distinct rows with a weight (how many customers
//! share that history): the log-likelihood is a weighted sum, so the fit over
//! `(x, t_x, T, count)` rows equals the fit over the customers they summarise, to the last
//! bit: equal rows are merged and sorted before the sum, whichever way they came. This is
//! how a Spark job fits millions of customers on one driver.
//!
//! Floats are fine here: these are statistics, not money. Native only: the storefront's
//! wasm never fits, so it does not carry this module.

use super::bgnbd::{validate_history, BgNbdParams};
use super::gamma_gamma::GammaGammaParams;
use super::special::{ln_gamma, ln_gamma_difference_over};
use crate::error::{pointer, Code, Error, Issue};
use crate::json::write::ToJson;
use serde::{Deserialize, Serialize};

/// Largest number of BFGS iterations before a fit gives up (and says `converged: false`).
pub const MAX_ITERATIONS: u32 = 1000;

/// The gradient of the mean log-likelihood (per customer, with respect to the logarithms of
/// the parameters) below which a fit has converged. BFGS goes on towards
/// [`STOP_TOLERANCE`] for as long as its steps still gain in the last bits.
pub const GRADIENT_TOLERANCE: f64 = 1e-7;

/// The gradient at which BFGS stops even though a step could still gain.
const STOP_TOLERANCE: f64 = 1e-11;

/// A fitted BG/NBD model and how the fit went.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct BgNbdFit {
    /// Shape of the gamma distribution of purchase rates.
    pub r: f64,
    /// Rate of the gamma distribution of purchase rates, in the time unit of the data.
    pub alpha: f64,
    /// First shape of the beta distribution of drop-out probabilities.
    pub a: f64,
    /// Second shape of the beta distribution of drop-out probabilities.
    pub b: f64,
    /// The log-likelihood of the data at these parameters (a sum over customers).
    pub log_likelihood: f64,
    /// Customers fitted (the sum of the weights).
    pub customers: f64,
    /// BFGS iterations taken.
    pub iterations: u32,
    /// Whether the gradient fell below the tolerance within [`MAX_ITERATIONS`].
    pub converged: bool,
}

impl BgNbdFit {
    /// The fitted parameters.
    pub fn params(&self) -> BgNbdParams {
        BgNbdParams { r: self.r, alpha: self.alpha, a: self.a, b: self.b }
    }
}

/// A fitted Gamma-Gamma model and how the fit went.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct GammaGammaFit {
    /// Shape of the gamma distribution of each transaction value.
    pub p: f64,
    /// Shape of the gamma distribution of ν across customers.
    pub q: f64,
    /// Scale of the gamma distribution of ν across customers, in the money unit of the data.
    pub gamma: f64,
    /// The log-likelihood of the data at these parameters (a sum over customers).
    pub log_likelihood: f64,
    /// Customers fitted: those with at least one repeat purchase (the sum of their weights).
    pub customers: f64,
    /// BFGS iterations taken.
    pub iterations: u32,
    /// Whether the gradient fell below the tolerance within [`MAX_ITERATIONS`].
    pub converged: bool,
}

impl GammaGammaFit {
    /// The fitted parameters.
    pub fn params(&self) -> GammaGammaParams {
        GammaGammaParams { p: self.p, q: self.q, gamma: self.gamma }
    }
}

/// ψ(x), the digamma function, for x > 0.
fn digamma(x: f64) -> f64 {
    ln_gamma_difference_over(x, 0.0)
}

/// One distinct customer history with the number of customers who share it.
#[derive(Debug, Clone, Copy)]
struct History {
    x: f64,
    t_x: f64,
    t: f64,
    weight: f64,
}

/// The BG/NBD log-likelihood of one history and its gradient with respect to (r, α, a, b).
fn bgnbd_term(params: [f64; 4], h: &History) -> (f64, [f64; 4]) {
    let [r, alpha, a, b] = params;
    let History { x, t_x, t, .. } = *h;
    let ln_alpha_t = libm::log(alpha + t);
    let ln_alpha_tx = libm::log(alpha + t_x);
    let base = ln_gamma(r + x) - ln_gamma(r) + r * libm::log(alpha) + ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
    let a3 = -(r + x) * ln_alpha_t;
    // Customers with repeat purchases may have dropped out after the last one (A4).
    let (ll, share3, share4) = if x > 0.0 {
        let a4 = libm::log(a) - libm::log(b + x - 1.0) - (r + x) * ln_alpha_tx;
        let top = a3.max(a4);
        let e3 = libm::exp(a3 - top);
        let e4 = libm::exp(a4 - top);
        (base + top + libm::log(e3 + e4), e3 / (e3 + e4), e4 / (e3 + e4))
    } else {
        (base + a3, 1.0, 0.0)
    };
    let d_r = digamma(r + x) - digamma(r) + libm::log(alpha) - share3 * ln_alpha_t - share4 * ln_alpha_tx;
    let d_alpha = r / alpha - share3 * (r + x) / (alpha + t) - share4 * (r + x) / (alpha + t_x);
    let psi_ab = digamma(a + b);
    let psi_abx = digamma(a + b + x);
    let d_a = psi_ab - psi_abx + if x > 0.0 { share4 / a } else { 0.0 };
    let d_b = psi_ab + digamma(b + x) - digamma(b) - psi_abx - if x > 0.0 { share4 / (b + x - 1.0) } else { 0.0 };
    (ll, [d_r, d_alpha, d_a, d_b])
}

/// One distinct (x, mean value) pair with the number of customers who share it.
#[derive(Debug, Clone, Copy)]
struct Spend {
    x: f64,
    mean: f64,
    weight: f64,
}

/// The Gamma-Gamma log-likelihood of one customer's mean value and its gradient with
/// respect to (p, q, γ).
fn gamma_gamma_term(params: [f64; 3], s: &Spend) -> (f64, [f64; 3]) {
    let [p, q, gamma] = params;
    let Spend { x, mean, .. } = *s;
    let px = p * x;
    let ln_total = libm::log(gamma + mean * x);
    let ln_mean = libm::log(mean);
    let ln_x = libm::log(x);
    let ll = ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q) + q * libm::log(gamma) + (px - 1.0) * ln_mean + px * ln_x - (px + q) * ln_total;
    let psi_pxq = digamma(px + q);
    let d_p = x * (psi_pxq - digamma(px) + ln_mean + ln_x - ln_total);
    let d_q = psi_pxq - digamma(q) + libm::log(gamma) - ln_total;
    let d_gamma = q / gamma - (px + q) / (gamma + mean * x);
    (ll, [d_p, d_q, d_gamma])
}

/// The outcome of [`maximise`]: the logarithms of the parameters, the mean log-likelihood,
/// the iterations and whether the gradient vanished.
struct Optimum<const N: usize> {
    log_params: [f64; N],
    mean_log_likelihood: f64,
    iterations: u32,
    converged: bool,
}

/// Maximises `f` (a mean log-likelihood and its gradient, both in the logarithms of the
/// parameters) with BFGS from `start`, until the gradient is below [`STOP_TOLERANCE`] or no
/// step along the search direction gains any more (the last bits of a flat optimum). A
/// trial point where `f` is not finite is treated as worse than any other, so the line
/// search backs away from it.
fn maximise<const N: usize>(start: [f64; N], f: impl Fn(&[f64; N]) -> (f64, [f64; N])) -> Optimum<N> {
    let mut point = start;
    let (mut value, mut gradient) = f(&point);
    // The inverse Hessian of −f, started at the identity.
    let mut inverse = [[0.0; N]; N];
    for (i, row) in inverse.iter_mut().enumerate() {
        if let Some(cell) = row.get_mut(i) {
            *cell = 1.0;
        }
    }
    let norm = |g: &[f64; N]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS {
        if !value.is_finite() || norm(&gradient) < STOP_TOLERANCE {
            break;
        }
        iterations += 1;
        // Ascent direction d = H·g (H approximates the inverse Hessian of −f).
        let mut direction = [0.0; N];
        for (d, row) in direction.iter_mut().zip(&inverse) {
            *d = row.iter().zip(&gradient).map(|(h, g)| h * g).sum();
        }
        let mut slope: f64 = direction.iter().zip(&gradient).map(|(d, g)| d * g).sum();
        if slope <= 0.0 || !slope.is_finite() {
            // Not an ascent direction: restart from steepest ascent.
            for (i, row) in inverse.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().enumerate() {
                    *cell = if i == j { 1.0 } else { 0.0 };
                }
            }
            direction = gradient;
            slope = gradient.iter().map(|g| g * g).sum();
        }
        // Steps in log space longer than 5 (a factor e^5) are cut to 5.
        let longest = norm(&direction);
        let mut step = if longest > 5.0 { 5.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let mut trial = point;
            for (t, d) in trial.iter_mut().zip(&direction) {
                *t += step * d;
            }
            let (trial_value, trial_gradient) = f(&trial);
            if trial_value.is_finite() && trial_gradient.iter().all(|g| g.is_finite()) && trial_value > value && trial_value >= value + 1e-4 * step * slope {
                accepted = Some((trial, trial_value, trial_gradient));
                break;
            }
            step *= 0.5;
        }
        let Some((next, next_value, next_gradient)) = accepted else {
            break;
        };
        // BFGS update of the inverse Hessian of −f: s = Δx, y = −Δg.
        let mut s = [0.0; N];
        let mut y = [0.0; N];
        for i in 0..N {
            if let (Some(si), Some(yi), Some(n), Some(p), Some(ng), Some(g)) =
                (s.get_mut(i), y.get_mut(i), next.get(i), point.get(i), next_gradient.get(i), gradient.get(i))
            {
                *si = n - p;
                *yi = g - ng;
            }
        }
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-300 {
            let mut hy = [0.0; N];
            for (h, row) in hy.iter_mut().zip(&inverse) {
                *h = row.iter().zip(&y).map(|(a, b)| a * b).sum();
            }
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            let rho = 1.0 / sy;
            for (i, row) in inverse.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().enumerate() {
                    let (si, sj, hyi, hyj) = (s.get(i), s.get(j), hy.get(i), hy.get(j));
                    if let (Some(si), Some(sj), Some(hyi), Some(hyj)) = (si, sj, hyi, hyj) {
                        *cell += (1.0 + yhy * rho) * rho * si * sj - rho * (hyi * sj + si * hyj);
                    }
                }
            }
        }
        point = next;
        value = next_value;
        gradient = next_gradient;
    }
    Optimum { log_params: point, mean_log_likelihood: value, iterations, converged: value.is_finite() && norm(&gradient) < GRADIENT_TOLERANCE }
}

fn check_lengths(issues: &mut Vec<Issue>, expected: usize, columns: &[(&str, usize)]) {
    for (name, length) in columns {
        if *length != expected {
            issues.push(Issue::new(Code::InvalidLength, pointer("", name), format!("{name} has {length} values, the first column has {expected}")));
        }
    }
}

fn check_weights(issues: &mut Vec<Issue>, weights: Option<&[f64]>) {
    for (index, weight) in weights.unwrap_or(&[]).iter().enumerate() {
        if !weight.is_finite() || *weight < 0.0 {
            issues.push(Issue::new(Code::Negative, pointer("/weights", index), format!("a weight must be a finite number ≥ 0, got {weight}")));
        }
    }
}

/// The BG/NBD log-likelihood (a weighted sum over customers) of the histories at `params`:
/// what [`fit_bgnbd`] maximises, to compare fits made elsewhere.
pub fn bgnbd_log_likelihood(params: &BgNbdParams, x: &[f64], t_x: &[f64], t: &[f64], weights: Option<&[f64]>) -> Result<f64, Error> {
    let histories = read_histories(x, t_x, t, weights)?;
    params.validate()?;
    Ok(histories.iter().map(|h| h.weight * bgnbd_term([params.r, params.alpha, params.a, params.b], h).0).sum())
}

fn read_histories(x: &[f64], t_x: &[f64], t: &[f64], weights: Option<&[f64]>) -> Result<Vec<History>, Error> {
    let mut issues = Vec::new();
    check_lengths(&mut issues, x.len(), &[("t_x", t_x.len()), ("t", t.len()), ("weights", weights.map_or(x.len(), <[f64]>::len))]);
    if x.is_empty() {
        issues.push(Issue::new(Code::EmptyList, "/x", "there are no customers to fit"));
    }
    check_weights(&mut issues, weights);
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    let mut issues = Vec::new();
    let mut histories = Vec::with_capacity(x.len());
    for (index, ((&x, &t_x), &t)) in x.iter().zip(t_x).zip(t).enumerate() {
        let mut found = Vec::new();
        validate_history(&mut found, x, t_x, t);
        // Paths name the column and the row: /t_x/17.
        issues.extend(found.into_iter().map(|issue| {
            let path = format!("{}/{index}", issue.path);
            Issue { path, ..issue }
        }));
        let weight = weights.and_then(|w| w.get(index)).copied().unwrap_or(1.0);
        if weight > 0.0 {
            histories.push(History { x, t_x, t, weight });
        }
    }
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    // Equal histories become one weighted row, in one order: the likelihood is then summed
    // the same way whether the customers came one by one or already counted (a Spark
    // aggregation), so both give the same fit to the last bit, and faster.
    histories.sort_by(|p, q| p.x.total_cmp(&q.x).then(p.t_x.total_cmp(&q.t_x)).then(p.t.total_cmp(&q.t)));
    histories.dedup_by(|later, kept| {
        let same = later.x == kept.x && later.t_x == kept.t_x && later.t == kept.t;
        if same {
            kept.weight += later.weight;
        }
        same
    });
    Ok(histories)
}

/// Fits the BG/NBD model by maximum likelihood to customers with `x` repeat purchases, the
/// last at `t_x`, observed for `t` time units since their first purchase (the columns
/// `frequency`, `recency`, `T` of a `lifetimes` summary), each row weighted by `weights`
/// (1 when absent: one row per customer).
///
/// Errors: columns of different lengths (`invalid_length`), no customers (`empty_list`), a
/// negative weight, or an invalid history (`not_an_integer`, `recency_after_age`, …) at
/// `/x/N`, `/t_x/N`, `/t/N`.
pub fn fit_bgnbd(x: &[f64], t_x: &[f64], t: &[f64], weights: Option<&[f64]>) -> Result<BgNbdFit, Error> {
    let histories = read_histories(x, t_x, t, weights)?;
    let total: f64 = histories.iter().map(|h| h.weight).sum();
    if total <= 0.0 {
        return Err(Error::one(Code::EmptyList, "/weights", "every weight is 0: there are no customers to fit"));
    }
    let objective = |log_params: &[f64; 4]| {
        let params = log_params.map(libm::exp);
        let mut value = 0.0;
        let mut gradient = [0.0; 4];
        for h in &histories {
            let (ll, g) = bgnbd_term(params, h);
            value += h.weight * ll;
            for ((sum, gi), p) in gradient.iter_mut().zip(g).zip(params) {
                // d/d(ln p) = p · d/dp
                *sum += h.weight * gi * p;
            }
        }
        (value / total, gradient.map(|g| g / total))
    };
    let optimum = maximise([0.1; 4], objective);
    let [r, alpha, a, b] = optimum.log_params.map(libm::exp);
    Ok(BgNbdFit { r, alpha, a, b, log_likelihood: optimum.mean_log_likelihood * total, customers: total, iterations: optimum.iterations, converged: optimum.converged })
}

fn read_spends(x: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<Vec<Spend>, Error> {
    let mut issues = Vec::new();
    check_lengths(&mut issues, x.len(), &[("monetary_value", monetary_value.len()), ("weights", weights.map_or(x.len(), <[f64]>::len))]);
    check_weights(&mut issues, weights);
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    let mut issues = Vec::new();
    let mut spends = Vec::new();
    for (index, (&x, &mean)) in x.iter().zip(monetary_value).enumerate() {
        if !x.is_finite() || x < 0.0 || x != libm::floor(x) {
            issues.push(Issue::new(Code::NotAnInteger, pointer("/x", index), format!("x counts repeat purchases and must be a whole number ≥ 0, got {x}")));
            continue;
        }
        if x == 0.0 {
            // No repeat purchase, no mean value to fit: left out, as the model's papers do.
            continue;
        }
        if !mean.is_finite() || mean <= 0.0 {
            issues.push(Issue::new(
                Code::NotPositive,
                pointer("/monetary_value", index),
                format!("the mean value of a customer with repeat purchases must be positive, got {mean}"),
            ));
            continue;
        }
        let weight = weights.and_then(|w| w.get(index)).copied().unwrap_or(1.0);
        if weight > 0.0 {
            spends.push(Spend { x, mean, weight });
        }
    }
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    spends.sort_by(|p, q| p.x.total_cmp(&q.x).then(p.mean.total_cmp(&q.mean)));
    spends.dedup_by(|later, kept| {
        let same = later.x == kept.x && later.mean == kept.mean;
        if same {
            kept.weight += later.weight;
        }
        same
    });
    if spends.is_empty() {
        return Err(Error::one(Code::EmptyList, "/x", "no customer has a repeat purchase: there is nothing to fit"));
    }
    Ok(spends)
}

/// The Gamma-Gamma log-likelihood (a weighted sum over the customers with repeat purchases)
/// at `params`: what [`fit_gamma_gamma`] maximises.
pub fn gamma_gamma_log_likelihood(params: &GammaGammaParams, x: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<f64, Error> {
    let spends = read_spends(x, monetary_value, weights)?;
    params.validate()?;
    Ok(spends.iter().map(|s| s.weight * gamma_gamma_term([params.p, params.q, params.gamma], s).0).sum())
}

/// Fits the Gamma-Gamma model by maximum likelihood to customers with `x` repeat purchases
/// of mean value `monetary_value` (the columns `frequency` and `monetary_value` of a
/// `lifetimes` summary), each row weighted by `weights` (1 when absent). Customers without
/// a repeat purchase (`x = 0`) have no mean value and are left out.
///
/// Errors: columns of different lengths (`invalid_length`), a count that is not a whole
/// number (`/x/N`), a mean value that is not positive for `x > 0` (`/monetary_value/N`), no
/// customer with a repeat purchase (`empty_list`).
pub fn fit_gamma_gamma(x: &[f64], monetary_value: &[f64], weights: Option<&[f64]>) -> Result<GammaGammaFit, Error> {
    let spends = read_spends(x, monetary_value, weights)?;
    let total: f64 = spends.iter().map(|s| s.weight).sum();
    let objective = |log_params: &[f64; 3]| {
        let params = log_params.map(libm::exp);
        let mut value = 0.0;
        let mut gradient = [0.0; 3];
        for s in &spends {
            let (ll, g) = gamma_gamma_term(params, s);
            value += s.weight * ll;
            for ((sum, gi), p) in gradient.iter_mut().zip(g).zip(params) {
                *sum += s.weight * gi * p;
            }
        }
        (value / total, gradient.map(|g| g / total))
    };
    // γ starts at the scale of the data (its mean value), so money in minor units or in
    // dollars converges alike.
    let mean_value = spends.iter().map(|s| s.weight * s.mean).sum::<f64>() / total;
    let optimum = maximise([0.0, 0.0, libm::log(mean_value.max(f64::MIN_POSITIVE))], objective);
    let [p, q, gamma] = optimum.log_params.map(libm::exp);
    Ok(GammaGammaFit { p, q, gamma, log_likelihood: optimum.mean_log_likelihood * total, customers: total, iterations: optimum.iterations, converged: optimum.converged })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Central differences of the log-likelihood against the analytic gradient.
    #[test]
    fn gradients_match_finite_differences() {
        let history = History { x: 3.0, t_x: 20.5, t: 31.0, weight: 1.0 };
        let params = [0.7, 4.0, 0.9, 2.5];
        let (_, gradient) = bgnbd_term(params, &history);
        for i in 0..4 {
            let h = 1e-6;
            let (mut up, mut down) = (params, params);
            up[i] += h;
            down[i] -= h;
            let numeric = (bgnbd_term(up, &history).0 - bgnbd_term(down, &history).0) / (2.0 * h);
            assert!((numeric - gradient[i]).abs() < 1e-6, "BG/NBD parameter {i}: {numeric} against {}", gradient[i]);
        }
        let spend = Spend { x: 2.0, mean: 35.0, weight: 1.0 };
        let params = [6.0, 3.5, 15.0];
        let (_, gradient) = gamma_gamma_term(params, &spend);
        for i in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (params, params);
            up[i] += h;
            down[i] -= h;
            let numeric = (gamma_gamma_term(up, &spend).0 - gamma_gamma_term(down, &spend).0) / (2.0 * h);
            assert!((numeric - gradient[i]).abs() < 1e-6, "Gamma-Gamma parameter {i}: {numeric} against {}", gradient[i]);
        }
    }

    #[test]
    fn weighted_rows_fit_as_the_customers_they_stand_for() {
        let x = [0.0, 1.0, 2.0, 0.0, 5.0, 1.0, 3.0];
        let t_x = [0.0, 10.0, 25.0, 0.0, 30.0, 2.0, 12.0];
        let t = [40.0, 38.0, 39.0, 20.0, 33.0, 35.0, 30.0];
        let weights = [3.0, 1.0, 2.0, 1.0, 1.0, 2.0, 1.0];
        let mut expanded = (Vec::new(), Vec::new(), Vec::new());
        for (i, w) in weights.iter().enumerate() {
            for _ in 0..(*w as usize) {
                expanded.0.push(x[i]);
                expanded.1.push(t_x[i]);
                expanded.2.push(t[i]);
            }
        }
        let weighted = fit_bgnbd(&x, &t_x, &t, Some(&weights)).unwrap();
        let plain = fit_bgnbd(&expanded.0, &expanded.1, &expanded.2, None).unwrap();
        assert!(weighted.converged, "{weighted:?}");
        assert_eq!(weighted.customers, 11.0);
        // Equal rows are merged before the sum, so the two fits are the same to the bit.
        assert_eq!(weighted, plain);
    }

    #[test]
    fn bad_columns_are_reported_with_their_rows() {
        let error = fit_bgnbd(&[1.0, 0.5], &[1.0, 0.0], &[2.0], None).err().map(Error::into_issues).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(found, [("invalid_length", "/t")]);
        let error = fit_bgnbd(&[1.0, 0.5, 2.0], &[1.0, 0.0, 9.0], &[2.0, 1.0, 3.0], None).err().map(Error::into_issues).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(found, [("not_an_integer", "/x/1"), ("recency_after_age", "/t_x/2")]);
        let error = fit_bgnbd(&[], &[], &[], None).err();
        assert_eq!(error.as_ref().map(|e| (e.code(), e.path())), Some((Code::EmptyList, "/x")));
        let error = fit_gamma_gamma(&[0.0, 2.0], &[0.0, -3.0], None).err();
        assert_eq!(error.as_ref().map(|e| (e.code(), e.path())), Some((Code::NotPositive, "/monetary_value/1")));
        let error = fit_gamma_gamma(&[0.0, 0.0], &[0.0, 0.0], None).err();
        assert_eq!(error.as_ref().map(Error::code), Some(Code::EmptyList));
    }
}
