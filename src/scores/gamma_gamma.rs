//! The Gamma-Gamma model of average transaction value (Fader, Hardie & Lee 2005, "RFM
//! and CLV: Using Iso-Value Curves for Customer Base Analysis", *Journal of Marketing
//! Research* 42(4), 415–430; Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
//! Value").
//!
//! Each transaction value is gamma(p, ν); ν varies across customers as gamma(q, γ).
//! Amounts are in whatever unit `gamma` was fitted in (the paper's CDNOW fit is in
//! dollars); tierwise programs use minor units of the program currency.

use crate::error::Code;
use super::bgnbd::{positive, validate_count};
use crate::error::{Error, Issue};
use crate::json::write::ToJson;
use serde::{Deserialize, Serialize};

/// Fitted Gamma-Gamma parameters.
///
/// ```json
/// { "p": 6.25, "q": 3.74, "gamma": 15.44 }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct GammaGammaParams {
    /// Shape of the gamma distribution of each transaction value.
    pub p: f64,
    /// Shape of the gamma distribution of ν across customers; must exceed 1 for the mean
    /// transaction value to exist.
    pub q: f64,
    /// Scale of the gamma distribution of ν across customers, in money units.
    pub gamma: f64,
}

impl GammaGammaParams {
    /// Checks that `p` and `gamma` are finite and positive (`not_finite`,
    /// `not_positive`) and that `q` is finite and greater than 1 (`q_not_above_one`);
    /// paths `/p`, `/q`, `/gamma`.
    pub fn validate(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        positive(&mut issues, "p", self.p);
        if !self.q.is_finite() {
            issues.push(Issue::new(Code::NotFinite, "/q", "q must be a finite number"));
        } else if self.q <= 1.0 {
            issues.push(Issue::new(
                Code::QNotAboveOne,
                "/q",
                format!("q must be greater than 1 for the expected transaction value to exist, got {}", self.q),
            ));
        }
        positive(&mut issues, "gamma", self.gamma);
        Error::from_issues(issues).map_or(Ok(()), Err)
    }

    /// The population mean transaction value `p·γ/(q − 1)` (the expectation for a
    /// customer about whom nothing is known). Meaningful for valid parameters only.
    pub fn population_mean(&self) -> f64 {
        self.p * self.gamma / (self.q - 1.0)
    }
}

/// E[M | x, m_x]: the expected average transaction value of a customer who made `x`
/// repeat transactions averaging `mean_value` (Fader, Hardie & Lee 2005; Fader & Hardie
/// 2013):
///
/// `(γ + m_x·x)·p / (p·x + q − 1)`,
///
/// a weighted average of the population mean `p·γ/(q − 1)` and `m_x` with weight
/// `p·x/(p·x + q − 1)` on the customer's own mean. For `x = 0` it is the population mean
/// and `mean_value` is ignored.
///
/// Errors: invalid parameters (see [`GammaGammaParams::validate`]); `x` not a
/// non-negative whole number (`/x`); `mean_value` not finite or negative
/// (`/mean_value`, codes `not_finite`, `negative`).
pub fn expected_average_value(params: &GammaGammaParams, x: f64, mean_value: f64) -> Result<f64, Error> {
    let mut issues = match params.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.into_issues(),
    };
    validate_count(&mut issues, x);
    validate_mean_value(&mut issues, mean_value);
    if let Some(error) = Error::from_issues(issues) {
        return Err(error);
    }
    Ok(expected_average_value_unchecked(params, x, mean_value))
}

/// Checks a mean transaction value: finite and not negative (path `/mean_value`).
pub(crate) fn validate_mean_value(issues: &mut Vec<Issue>, mean_value: f64) {
    if !mean_value.is_finite() {
        issues.push(Issue::new(Code::NotFinite, "/mean_value", "mean_value must be a finite number"));
    } else if mean_value < 0.0 {
        issues.push(Issue::new(Code::Negative, "/mean_value", format!("mean_value must not be negative, got {mean_value}")));
    }
}

pub(crate) fn expected_average_value_unchecked(params: &GammaGammaParams, x: f64, mean_value: f64) -> f64 {
    if x == 0.0 {
        return params.population_mean();
    }
    // Written as a weighted average so that huge x cannot overflow p·x·m_x.
    let own_weight = params.p * x / (params.p * x + params.q - 1.0);
    (1.0 - own_weight) * params.population_mean() + own_weight * mean_value
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDNOW: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };

    #[test]
    fn population_mean_and_weighting() {
        // p·γ/(q − 1) = 96.5/2.74.
        assert!((CDNOW.population_mean() - 35.218_978_102_189_78).abs() < 1e-12);
        assert_eq!(expected_average_value(&CDNOW, 0.0, 1234.0).unwrap(), CDNOW.population_mean());
        // x = 2, m_x = 20: (15.44 + 40)·6.25/(12.5 + 2.74) = 346.5/15.24.
        let value = expected_average_value(&CDNOW, 2.0, 20.0).unwrap();
        assert!((value - 22.736_220_472_440_945).abs() < 1e-12, "{value}");
    }

    #[test]
    fn rejects_bad_parameters_with_paths() {
        let error = expected_average_value(&GammaGammaParams { p: -1.0, q: 1.0, gamma: f64::NAN }, 1.5, -3.0).unwrap_err();
        let found: Vec<(&str, &str)> = error.issues().iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(
            found,
            [("not_positive", "/p"), ("q_not_above_one", "/q"), ("not_finite", "/gamma"), ("not_an_integer", "/x"), ("negative", "/mean_value")]
        );
    }
}
