//! The scores as JSON-text functions for the wasm boundary and analysts: parameters cross
//! as JSON text, numbers as numbers, results are full-precision numbers (the facts round
//! theirs; these do not).
//!
//! Error paths are relative to the arguments, as in the functions they wrap: parameters at
//! `/r`, `/alpha`, … (their JSON text is the root), the history at `/x`, `/t_x`, `/t`.

use super::batch::{score_customers, CustomerBase};
use super::bgnbd::{expected_purchases, probability_alive, BgNbdParams};
use super::clv::customer_lifetime_value;
use super::gamma_gamma::{expected_average_value, GammaGammaParams};
use crate::error::Error;
use crate::json::write::ToJson;
use crate::money::Bp;
use crate::read;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// [`probability_alive`] with the parameters as JSON text `{"r", "alpha", "a", "b"}`.
pub fn probability_alive_json(params: &str, x: f64, t_x: f64, t: f64) -> Result<f64, Error> {
    let params: BgNbdParams = read::parse_str(params, "")?;
    probability_alive(&params, x, t_x, t)
}

/// [`expected_purchases`] over the next `horizon` time units, with the parameters as JSON
/// text.
pub fn expected_purchases_json(params: &str, horizon: f64, x: f64, t_x: f64, t: f64) -> Result<f64, Error> {
    let params: BgNbdParams = read::parse_str(params, "")?;
    expected_purchases(&params, horizon, x, t_x, t)
}

/// [`expected_average_value`] with the parameters as JSON text `{"p", "q", "gamma"}`.
pub fn expected_average_value_json(params: &str, x: f64, mean_value: f64) -> Result<f64, Error> {
    let params: GammaGammaParams = read::parse_str(params, "")?;
    expected_average_value(&params, x, mean_value)
}

/// The arguments of [`customer_lifetime_value`] as one JSON object; error paths name its
/// fields (`/bgnbd/r`, `/x`, `/horizon_months`).
///
/// ```json
/// { "bgnbd": { "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426 },
///   "gamma_gamma": { "p": 6.25, "q": 3.74, "gamma": 15.44 },
///   "x": 2, "t_x": 30.43, "t": 38.86, "mean_value": 35.0,
///   "horizon_months": 12, "monthly_discount_rate": 100, "time_unit_days": 7 }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ClvInput {
    /// Fitted BG/NBD parameters.
    pub bgnbd: BgNbdParams,
    /// Fitted Gamma-Gamma parameters, in the unit of `mean_value`.
    pub gamma_gamma: GammaGammaParams,
    /// Repeat purchases.
    pub x: f64,
    /// Time of the last repeat purchase since the first purchase, in model time units.
    pub t_x: f64,
    /// Time since the first purchase (T), in model time units.
    pub t: f64,
    /// Mean value of the repeat purchases.
    pub mean_value: f64,
    /// Months valued.
    pub horizon_months: u32,
    /// Monthly discount rate in basis points; 0 when absent.
    #[serde(default)]
    pub monthly_discount_rate: Bp,
    /// Days in one model time unit (7 for weeks).
    pub time_unit_days: f64,
}

/// [`customer_lifetime_value`] with its arguments as one JSON object ([`ClvInput`]); the
/// result is in the unit of `mean_value` and γ.
pub fn customer_lifetime_value_json(input: &str) -> Result<f64, Error> {
    let input: ClvInput = read::parse_str(input, "")?;
    customer_lifetime_value(
        &input.bgnbd,
        &input.gamma_gamma,
        input.x,
        input.t_x,
        input.t,
        input.mean_value,
        input.horizon_months,
        input.monthly_discount_rate,
        input.time_unit_days,
    )
}

/// [`score_customers`] over JSON text: a [`CustomerBase`] in, an array of
/// `{p_alive, expected_purchases, expected_average_value}` out, one per customer in order.
/// Error paths point into the input (`/bgnbd/alpha`, `/customers/3/t_x`).
pub fn score_customers_json(base: &str) -> Result<String, Error> {
    let base: CustomerBase = read::parse_str(base, "")?;
    let scores = score_customers(&base)?;
    Ok(crate::json::write::to_json_text(&scores))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    const CDNOW: &str = r#"{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}"#;

    #[test]
    fn the_paper_customer_through_json() {
        let expected = expected_purchases_json(CDNOW, 39.0, 2.0, 30.43, 38.86).unwrap_or(f64::NAN);
        assert_eq!(format!("{expected:.3}"), "1.226");
        let alive = probability_alive_json(CDNOW, 2.0, 30.43, 38.86).unwrap_or(f64::NAN);
        assert_eq!(format!("{alive:.4}"), "0.7266");
        let scores = score_customers_json(&format!(r#"{{"bgnbd":{CDNOW},"horizon":39,"customers":[{{"x":2,"t_x":30.43,"t":38.86}}]}}"#));
        assert_eq!(scores.ok().as_deref(), Some(format!(r#"[{{"p_alive":{alive},"expected_purchases":{expected},"expected_average_value":null}}]"#).as_str()));
    }

    #[test]
    fn errors_point_into_the_arguments() {
        let error = probability_alive_json(r#"{"r":0.243,"alpha":4.414,"a":0.793}"#, 2.0, 1.0, 3.0).err();
        assert_eq!(error.as_ref().map(|e| (e.code(), e.path())), Some((Code::MissingField, "/b")));
        let error = expected_purchases_json(CDNOW, -1.0, 2.5, 4.0, 3.0).err().map(|e| e.into_issues()).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(found, [("not_an_integer", "/x"), ("recency_after_age", "/t_x"), ("negative", "/horizon")]);
        let error = customer_lifetime_value_json(
            r#"{"bgnbd":{"r":0.243,"alpha":-1,"a":0.793,"b":2.426},"gamma_gamma":{"p":6.25,"q":1,"gamma":15.44},
                "x":2,"t_x":30.43,"t":38.86,"mean_value":35,"horizon_months":5000,"time_unit_days":7}"#,
        )
        .err()
        .map(|e| e.into_issues())
        .unwrap_or_default();
        let found: Vec<&str> = error.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(found, ["/bgnbd/alpha", "/gamma_gamma/q", "/horizon_months"]);
        let error = score_customers_json(r#"{"bgnbd":{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426},"horizon":39,"customers":[{"x":1,"t_x":0,"t":1},{"x":1,"t":1}]}"#).err();
        assert_eq!(error.as_ref().map(|e| (e.code(), e.path())), Some((Code::MissingField, "/customers/1/t_x")));
        let error = expected_average_value_json("{", 1.0, 1.0).err();
        assert_eq!(error.as_ref().map(Error::code), Some(Code::InvalidJson));
    }
}
