//! The one boundary between JavaScript and the domain.
//!
//! Inputs cross as JSON text and results come back as JSON text: one parse on each side,
//! byte-identical output in every runtime, and no JS object graph walked from Rust. Errors
//! cross as plain objects `{code, path, message, issues}`, which the package's JS entry
//! turns into a `TierwiseError`. Nothing here panics on input.

use crate::engine::{self, Engine};
use crate::error::Error;
use wasm_bindgen::prelude::*;

fn to_js_error(error: &Error) -> JsValue {
    let text = serde_json::to_string(error).unwrap_or_else(|_| String::from(r#"{"code":"internal_error","path":"","message":"error","issues":[]}"#));
    js_sys::JSON::parse(&text).unwrap_or_else(|_| JsValue::from_str(&text))
}

fn result(value: Result<String, Error>) -> Result<String, JsValue> {
    value.map_err(|error| to_js_error(&error))
}

/// A compiled program. The JS `Engine` class wraps this one.
///
/// ```js
/// const raw = WasmEngine.compile(JSON.stringify(program));
/// const facts = JSON.parse(raw.facts(JSON.stringify(snapshot), JSON.stringify({ now })));
/// ```
#[wasm_bindgen]
pub struct WasmEngine {
    inner: Engine,
}

#[wasm_bindgen]
impl WasmEngine {
    /// Compiles a program given as JSON text; throws `{code, path, message, issues}`.
    ///
    /// ```js
    /// const raw = WasmEngine.compile('{"id":"p","currency":"CNY","utc_offset":"+08:00"}');
    /// ```
    pub fn compile(program: &str) -> Result<WasmEngine, JsValue> {
        Engine::compile_json(program).map(|inner| WasmEngine { inner }).map_err(|error| to_js_error(&error))
    }

    /// Facts of a snapshot; `options` is `{"now": "…"}` as JSON text.
    ///
    /// ```js
    /// JSON.parse(raw.facts(JSON.stringify(snapshot), '{"now":"2026-11-23T10:00:00+08:00"}'));
    /// ```
    pub fn facts(&self, snapshot: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.facts_json(snapshot, options))
    }

    /// Everything a member page shows, as JSON text.
    ///
    /// ```js
    /// JSON.parse(raw.evaluate(JSON.stringify(snapshot), JSON.stringify({ now, surface: "member_page" })));
    /// ```
    pub fn evaluate(&self, snapshot: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.evaluate_json(snapshot, options))
    }

    /// Quintile RFM breakpoints of a list of snapshots at `now`, with this program's
    /// calendar, exclusions and lookback, as JSON text `{recency, frequency, monetary}`
    /// ready for `scores.rfm.breakpoints`.
    ///
    /// ```js
    /// const breakpoints = JSON.parse(raw.rfmBreakpoints(JSON.stringify(personas.map((p) => p.snapshot)), JSON.stringify({ now })));
    /// program.scores.rfm.breakpoints = breakpoints;
    /// ```
    #[wasm_bindgen(js_name = rfmBreakpoints)]
    pub fn rfm_breakpoints(&self, snapshots: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.rfm_breakpoints_json(snapshots, options))
    }
}

fn number(value: Result<f64, Error>) -> Result<f64, JsValue> {
    value.map_err(|error| to_js_error(&error))
}

/// BG/NBD probability that a customer is still active, from the parameters
/// `{"r", "alpha", "a", "b"}` (JSON text), repeat purchases `x`, time of the last one
/// `t_x` and age `t` (T) in the parameters' time unit. Throws `{code, path, …}` with paths
/// `/r` … `/x`, `/t_x`, `/t`.
///
/// ```js
/// bgnbdProbabilityAlive('{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}', 2, 30.43, 38.86); // 0.726578570080673
/// ```
#[wasm_bindgen(js_name = bgnbdProbabilityAlive)]
pub fn bgnbd_probability_alive(params: &str, x: f64, t_x: f64, t: f64) -> Result<f64, JsValue> {
    number(crate::scores::json::probability_alive_json(params, x, t_x, t))
}

/// BG/NBD expected purchases in the next `horizon` time units of a customer with history
/// `(x, t_x, t)`.
///
/// ```js
/// bgnbdExpectedPurchases('{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}', 39, 2, 30.43, 38.86); // 1.226028174767144
/// ```
#[wasm_bindgen(js_name = bgnbdExpectedPurchases)]
pub fn bgnbd_expected_purchases(params: &str, horizon: f64, x: f64, t_x: f64, t: f64) -> Result<f64, JsValue> {
    number(crate::scores::json::expected_purchases_json(params, horizon, x, t_x, t))
}

/// Gamma-Gamma expected value of a customer's future transactions, from the parameters
/// `{"p", "q", "gamma"}` (JSON text), repeat transactions `x` and their mean value, in the
/// unit of `gamma`.
///
/// ```js
/// gammaGammaExpectedValue('{"p":6.25,"q":3.74,"gamma":15.44}', 0, 0); // 35.21897810218978
/// ```
#[wasm_bindgen(js_name = gammaGammaExpectedValue)]
pub fn gamma_gamma_expected_value(params: &str, x: f64, mean_value: f64) -> Result<f64, JsValue> {
    number(crate::scores::json::expected_average_value_json(params, x, mean_value))
}

/// Customer lifetime value from one JSON object `{bgnbd, gamma_gamma, x, t_x, t,
/// mean_value, horizon_months, monthly_discount_rate, time_unit_days}`, in the unit of
/// `mean_value`.
///
/// ```js
/// customerLifetimeValue(JSON.stringify({ bgnbd, gamma_gamma, x: 2, t_x: 30.43, t: 38.86, mean_value: 35,
///   horizon_months: 12, monthly_discount_rate: 100, time_unit_days: 7 })); // 50.976528137814284 with the CDNOW fits
/// ```
#[wasm_bindgen(js_name = customerLifetimeValue)]
pub fn customer_lifetime_value(input: &str) -> Result<f64, JsValue> {
    number(crate::scores::json::customer_lifetime_value_json(input))
}

/// Every issue of a program as a JSON array (empty when it compiles).
///
/// ```js
/// const issues = JSON.parse(validateProgram(JSON.stringify(program)));
/// ```
#[wasm_bindgen(js_name = validateProgram)]
pub fn validate_program(program: &str) -> String {
    serde_json::to_string(&engine::validate_program_json(program)).unwrap_or_else(|_| String::from("[]"))
}

/// The crate version.
///
/// ```js
/// version(); // "0.1.0"
/// ```
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Evaluates a condition over facts; all three arguments are JSON text
/// (`saved_groups` may be `"{}"`).
///
/// ```js
/// evalCondition('{"orders_365d":{"$gte":3}}', '{"orders_365d":5}', "{}"); // true
/// ```
#[wasm_bindgen(js_name = evalCondition)]
pub fn eval_condition(condition: &str, facts: &str, saved_groups: &str) -> Result<bool, JsValue> {
    crate::condition::eval_condition_json(condition, facts, saved_groups).map_err(|error| to_js_error(&error))
}

/// Explains a condition over facts: which clause held or failed, with the actual values.
///
/// ```js
/// JSON.parse(explainCondition('{"spend_90d":{"$gte":50000}}', '{"spend_90d":18000}', "{}"));
/// ```
#[wasm_bindgen(js_name = explainCondition)]
pub fn explain_condition(condition: &str, facts: &str, saved_groups: &str) -> Result<String, JsValue> {
    result(crate::condition::explain_condition_json(condition, facts, saved_groups))
}
