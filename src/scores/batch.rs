//! Scoring a whole customer base with one set of fitted parameters: P(alive), expected
//! purchases over a horizon and the Gamma-Gamma expected transaction value of every
//! customer, as `lifetimes` computes them over a summary table.
//!
//! The results are bit for bit those of [`probability_alive`](super::probability_alive),
//! [`expected_purchases`](super::expected_purchases) and
//! [`expected_average_value`](super::expected_average_value) called customer by customer;
//! the batch is faster because it checks the parameters once, computes `ln a` once, shares
//! P(alive) between the two BG/NBD figures, and evaluates the hypergeometric part of the
//! expectation once per distinct `(x, T)`: it does not depend on `t_x`, and in a summary
//! measured in whole days or weeks most customers share their `(x, T)` with others (475
//! distinct pairs among 2,357 CDNOW-shaped customers).

use super::bgnbd::{expected_purchases_if_alive_of, non_negative, probability_alive_given_ln_a, validate_history, BgNbdParams};
use super::gamma_gamma::{expected_average_value_unchecked, validate_mean_value, GammaGammaParams};
use crate::error::{Error, Issue};
use crate::json::write::ToJson;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One customer's summary, in the time unit the parameters were fitted in.
///
/// ```json
/// { "x": 2, "t_x": 30.43, "t": 38.86, "mean_value": 35.0 }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct CustomerSummary {
    /// Repeat purchases (a whole number).
    pub x: f64,
    /// Time of the last repeat purchase since the first purchase (0 when `x` is 0).
    pub t_x: f64,
    /// Time since the first purchase (T in the papers).
    pub t: f64,
    /// Mean value of the repeat purchases; only read with Gamma-Gamma parameters, 0 when
    /// absent.
    #[serde(default)]
    pub mean_value: f64,
}

/// A customer base to score with one set of parameters.
///
/// ```json
/// { "bgnbd": { "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426 },
///   "gamma_gamma": { "p": 6.25, "q": 3.74, "gamma": 15.44 },
///   "horizon": 39,
///   "customers": [{ "x": 2, "t_x": 30.43, "t": 38.86, "mean_value": 35.0 }] }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct CustomerBase {
    /// Fitted BG/NBD parameters.
    pub bgnbd: BgNbdParams,
    /// Fitted Gamma-Gamma parameters; without them `expected_average_value` is `null`.
    #[serde(default)]
    pub gamma_gamma: Option<GammaGammaParams>,
    /// Horizon of the expected purchases, in model time units.
    pub horizon: f64,
    /// The customers, each scored on its own.
    pub customers: Vec<CustomerSummary>,
}

/// The scores of one customer, full precision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct CustomerScores {
    /// P(alive | x, t_x, T).
    pub p_alive: f64,
    /// E[Y(horizon) | x, t_x, T].
    pub expected_purchases: f64,
    /// E[M | x, m_x]; `null` without Gamma-Gamma parameters.
    pub expected_average_value: Option<f64>,
}

/// Scores every customer of `base`, in order.
///
/// Errors: every problem at once, with paths into `base`: the parameters at `/bgnbd/r`,
/// `/gamma_gamma/q`, …, the horizon at `/horizon` and each customer's history at
/// `/customers/3/t_x` (the codes of [`probability_alive`](super::probability_alive) and
/// [`expected_average_value`](super::expected_average_value)).
pub fn score_customers(base: &CustomerBase) -> Result<Vec<CustomerScores>, Error> {
    check(base)?;
    let bgnbd = &base.bgnbd;
    let ln_a = libm::log(bgnbd.a);
    // Q by (x, T), as bits: the same arguments give the same bits.
    let mut if_alive: HashMap<(u64, u64), f64, BuildHasherDefault<BitsHasher>> = HashMap::default();
    let scores = base
        .customers
        .iter()
        .map(|customer| {
            let CustomerSummary { x, t_x, t, mean_value } = *customer;
            let p_alive = probability_alive_given_ln_a(bgnbd, ln_a, x, t_x, t);
            let q = *if_alive.entry((x.to_bits(), t.to_bits())).or_insert_with(|| expected_purchases_if_alive_of(bgnbd, base.horizon, x, t));
            CustomerScores {
                p_alive,
                expected_purchases: p_alive * q,
                expected_average_value: base.gamma_gamma.as_ref().map(|params| expected_average_value_unchecked(params, x, mean_value)),
            }
        })
        .collect();
    Ok(scores)
}

/// A hasher for keys made of `f64` bits: one multiply-rotate per word. Lookups only (the
/// map is never iterated), so the order of the table cannot reach a result; fixed rather
/// than random seeds keep every run identical.
#[derive(Default)]
struct BitsHasher(u64);

impl Hasher for BitsHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Every issue of `base`, with its path.
fn check(base: &CustomerBase) -> Result<(), Error> {
    let mut issues: Vec<Issue> = Vec::new();
    if let Err(error) = base.bgnbd.validate() {
        issues.extend(error.into_issues().into_iter().map(|issue| issue.under("/bgnbd")));
    }
    if let Some(Err(error)) = base.gamma_gamma.as_ref().map(GammaGammaParams::validate) {
        issues.extend(error.into_issues().into_iter().map(|issue| issue.under("/gamma_gamma")));
    }
    non_negative(&mut issues, "horizon", base.horizon);
    let mut found = Vec::new();
    for (index, customer) in base.customers.iter().enumerate() {
        validate_history(&mut found, customer.x, customer.t_x, customer.t);
        if base.gamma_gamma.is_some() {
            validate_mean_value(&mut found, customer.mean_value);
        }
        if !found.is_empty() {
            let prefix = format!("/customers/{index}");
            issues.extend(found.drain(..).map(|issue| issue.under(&prefix)));
        }
    }
    Error::from_issues(issues).map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::{expected_average_value, expected_purchases, probability_alive};

    const CDNOW: BgNbdParams = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const SPEND: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };

    #[test]
    fn gives_the_bits_of_the_one_customer_functions() {
        let customers: Vec<CustomerSummary> = [(2.0, 30.43, 38.86, 35.0), (0.0, 0.0, 38.86, 0.0), (2.0, 12.0, 38.86, 20.0), (7.0, 3.0, 4.0, 1.5), (1.0, 1.0, 2.0, 9.0)]
            .iter()
            .map(|&(x, t_x, t, mean_value)| CustomerSummary { x, t_x, t, mean_value })
            .collect();
        let base = CustomerBase { bgnbd: CDNOW, gamma_gamma: Some(SPEND), horizon: 39.0, customers: customers.clone() };
        let scores = score_customers(&base).unwrap_or_default();
        assert_eq!(scores.len(), customers.len());
        for (customer, score) in customers.iter().zip(&scores) {
            let CustomerSummary { x, t_x, t, mean_value } = *customer;
            assert_eq!(score.p_alive.to_bits(), probability_alive(&CDNOW, x, t_x, t).unwrap_or(f64::NAN).to_bits());
            assert_eq!(score.expected_purchases.to_bits(), expected_purchases(&CDNOW, 39.0, x, t_x, t).unwrap_or(f64::NAN).to_bits());
            assert_eq!(score.expected_average_value.map(f64::to_bits), expected_average_value(&SPEND, x, mean_value).ok().map(f64::to_bits));
        }
        // The paper's customer: P(alive) 0.7266, 1.226 purchases in 39 weeks.
        assert_eq!(format!("{:.4} {:.3}", scores[0].p_alive, scores[0].expected_purchases), "0.7266 1.226");
        let without_spend = score_customers(&CustomerBase { gamma_gamma: None, ..base }).unwrap_or_default();
        assert!(without_spend.iter().all(|score| score.expected_average_value.is_none()));
    }

    #[test]
    fn reports_every_issue_with_its_path() {
        let base = CustomerBase {
            bgnbd: BgNbdParams { alpha: -1.0, ..CDNOW },
            gamma_gamma: Some(GammaGammaParams { q: 1.0, ..SPEND }),
            horizon: f64::NAN,
            customers: vec![
                CustomerSummary { x: 1.0, t_x: 1.0, t: 2.0, mean_value: 3.0 },
                CustomerSummary { x: 1.5, t_x: 3.0, t: 2.0, mean_value: -1.0 },
            ],
        };
        let error = score_customers(&base).err().map(|e| e.into_issues()).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(
            found,
            [
                ("not_positive", "/bgnbd/alpha"),
                ("q_not_above_one", "/gamma_gamma/q"),
                ("not_finite", "/horizon"),
                ("not_an_integer", "/customers/1/x"),
                ("recency_after_age", "/customers/1/t_x"),
                ("negative", "/customers/1/mean_value"),
            ]
        );
    }
}
