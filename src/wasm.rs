//! The one boundary between JavaScript and the domain.
//!
//! Inputs cross as JSON text and results come back as JSON text: one parse on each side,
//! byte-identical output in every runtime, and no JS object graph walked from Rust. Errors
//! cross as plain objects `{code, path, message, issues}`, which the package's JS entry
//! turns into a `TierwiseError`. Nothing here panics on input.

use crate::error::Code;
use crate::engine::{self, Engine};
use crate::error::Error;
use crate::offers;
use wasm_bindgen::prelude::*;

fn to_js_error(error: &Error) -> JsValue {
    let text = crate::json::write::to_json_text(error);
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

    /// Offers for one member on one surface, with why each other offer is not shown, as
    /// JSON text; `options` is `{"now", "surface"?, "limit"?, "explain"?}` as JSON text
    /// (`"explain": "full"` for each suppressed offer's whole reason).
    ///
    /// ```js
    /// const { offers, suppressed } = JSON.parse(raw.nextBestOffers(JSON.stringify(snapshot),
    ///   JSON.stringify({ now: "2026-11-23T10:00:00+08:00", surface: "member_page", limit: 3 })));
    /// ```
    #[wasm_bindgen(js_name = nextBestOffers)]
    pub fn next_best_offers(&self, snapshot: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.next_best_offers_json(snapshot, options))
    }

    /// For each outbound channel of the contact policy, the best offer to send now or why
    /// none goes out and from when one could, as JSON text; `options` is `{"now"}` as JSON text.
    ///
    /// ```js
    /// const { channels } = JSON.parse(raw.contactPlan(JSON.stringify(snapshot),
    ///   JSON.stringify({ now: "2026-11-23T20:00:00+08:00" })));
    /// ```
    #[wasm_bindgen(js_name = contactPlan)]
    pub fn contact_plan(&self, snapshot: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.contact_plan_json(snapshot, options))
    }

    /// What a cart would earn, line by line and rule by rule, when the points become
    /// usable and expire, the balance, activities and rewards; as JSON text.
    ///
    /// ```js
    /// const cart = { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }], discount: 5000, shipping: 1000 };
    /// JSON.parse(raw.previewPoints(JSON.stringify(snapshot), JSON.stringify(cart), '{"now":"2026-11-18T12:00:00+08:00"}')).total;
    /// ```
    #[wasm_bindgen(js_name = previewPoints)]
    pub fn preview_points(&self, snapshot: &str, cart: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.preview_points_json(snapshot, cart, options))
    }

    /// Tier progress of a snapshot, as JSON text: current and next tier, per-metric
    /// progress, deadline, pace and requalification.
    ///
    /// ```js
    /// const tier = JSON.parse(raw.tierProgress(JSON.stringify(snapshot), JSON.stringify({ now })));
    /// tier.next?.metrics[0].remaining; // 180000
    /// ```
    #[wasm_bindgen(js_name = tierProgress)]
    pub fn tier_progress(&self, snapshot: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.tier_progress_json(snapshot, options))
    }

    /// What placing a cart now would do to the tier, as JSON text.
    ///
    /// ```js
    /// const after = JSON.parse(raw.tierProgressAfterCart(JSON.stringify(snapshot), JSON.stringify(cart), JSON.stringify({ now })));
    /// if (after.changes_tier) console.log(`This order takes you to ${after.tier_after.name.en}`);
    /// ```
    #[wasm_bindgen(js_name = tierProgressAfterCart)]
    pub fn tier_progress_after_cart(&self, snapshot: &str, cart: &str, options: &str) -> Result<String, JsValue> {
        result(self.inner.tier_progress_after_cart_json(snapshot, cart, options))
    }

    /// The program's id, version, name, currency and its minor digits, calendar offset and
    /// locales, as JSON text: what a front end needs to format the results.
    ///
    /// ```js
    /// const { currency, minor_digits } = JSON.parse(raw.program()); // "CNY", 2
    /// ```
    pub fn program(&self) -> Result<String, JsValue> {
        result(self.inner.program_info_json())
    }

    /// The warnings found when the program was compiled, as a JSON array of issues with
    /// `severity: "warning"` (empty when there are none).
    ///
    /// ```js
    /// const warnings = JSON.parse(raw.warnings());
    /// ```
    pub fn warnings(&self) -> Result<String, JsValue> {
        Ok(crate::json::write::to_json_text(self.inner.warnings()))
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

    /// Compiles a JSON array of conditions with this program's saved groups; throws
    /// `{code, path, …}` with paths under `/conditions/N`.
    ///
    /// ```js
    /// const list = raw.compileConditions('[{"orders_365d":{"$gte":3}},{"tier":"gold"}]');
    /// list.eval(raw.facts(snapshot, options)); // Uint8Array [1, 0]
    /// ```
    #[wasm_bindgen(js_name = compileConditions)]
    pub fn compile_conditions(&self, conditions: &str) -> Result<WasmConditions, JsValue> {
        self.inner.compile_conditions_json(conditions).map(|inner| WasmConditions { inner }).map_err(|error| to_js_error(&error))
    }
}

/// GrowthBook's `hash(seed, value, version)`: a number in `[0, 1)`, `undefined` for a
/// version other than 1 or 2. Strings are read as UTF-16 code units, lone surrogates
/// included, exactly as GrowthBook reads them.
///
/// ```js
/// hash("coupon_vs_points", "张三", 2); // 0.8115
/// ```
#[wasm_bindgen]
pub fn hash(seed: &js_sys::JsString, value: &js_sys::JsString, version: f64) -> Option<f64> {
    // GrowthBook compares with `===`, so 2.0 is version 2 and 2.5 is no version.
    let version = if version == 1.0 {
        1
    } else if version == 2.0 {
        2
    } else {
        return None;
    };
    let seed: Vec<u16> = seed.iter().collect();
    let value: Vec<u16> = value.iter().collect();
    offers::experiment::hash_utf16(&seed, &value, version)
}

fn pair(range: &JsValue) -> Option<(f64, f64)> {
    let range = range.dyn_ref::<js_sys::Array>()?;
    Some((range.get(0).as_f64()?, range.get(1).as_f64()?))
}

/// GrowthBook's `chooseVariation(n, ranges)`: the index of the first `[start, end)` range
/// holding `n`, or −1. Throws when `ranges` is not an array of number pairs.
///
/// ```js
/// chooseArm(0.6, [[0, 0.25], [0.5, 0.75]]); // 1
/// ```
#[wasm_bindgen(js_name = chooseArm)]
pub fn choose_arm(n: f64, #[wasm_bindgen(unchecked_param_type = "[number, number][]")] ranges: &JsValue) -> Result<i32, JsValue> {
    let invalid = || to_js_error(&Error::one(Code::InvalidType, "/ranges", "ranges must be an array of [start, end] number pairs"));
    let list = ranges.dyn_ref::<js_sys::Array>().ok_or_else(invalid)?;
    let ranges: Option<Vec<(f64, f64)>> = list.iter().map(|range| pair(&range)).collect();
    Ok(offers::experiment::choose_arm(n, &ranges.ok_or_else(invalid)?))
}

/// Most variations `bucketRanges` accepts, so a typo cannot allocate the page to death.
const MAX_VARIATIONS: u32 = 10_000;

/// GrowthBook's `getBucketRanges(numVariations, coverage, weights)`, with its defaults
/// (coverage 1, equal weights) and fallbacks. Throws `out_of_range` above 10000 variations.
///
/// ```js
/// bucketRanges(3, 0.5, [0.1, 0.45, 0.45]); // [[0, 0.05], [0.1, 0.325], [0.55, 0.775]]
/// ```
#[wasm_bindgen(js_name = bucketRanges, unchecked_return_type = "[number, number][]")]
pub fn bucket_ranges(num_variations: u32, coverage: Option<f64>, weights: Option<Vec<f64>>) -> Result<JsValue, JsValue> {
    if num_variations > MAX_VARIATIONS {
        return Err(to_js_error(&Error::one(Code::OutOfRange, "/num_variations", format!("at most {MAX_VARIATIONS} variations"))));
    }
    let ranges = offers::experiment::bucket_ranges(num_variations as usize, coverage, weights.as_deref());
    let out = js_sys::Array::new();
    for (start, end) in ranges {
        out.push(&js_sys::Array::of2(&JsValue::from_f64(start), &JsValue::from_f64(end)));
    }
    Ok(out.into())
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

/// Every issue of a program as a JSON array: the errors (empty when it compiles), then the
/// warnings (`severity: "warning"`).
///
/// ```js
/// const issues = JSON.parse(validateProgram(JSON.stringify(program)));
/// ```
#[wasm_bindgen(js_name = validateProgram)]
pub fn validate_program(program: &str) -> String {
    crate::json::write::to_json_text(&engine::validate_program_json(program))
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

/// A list of conditions compiled once and evaluated over any number of fact sets, one
/// boundary crossing per evaluation of the whole list.
///
/// ```js
/// const list = WasmConditions.compile(JSON.stringify(offers.map((o) => o.eligibility)), "{}");
/// const held = list.eval(JSON.stringify(facts)); // Uint8Array, 1 where the condition holds
/// ```
#[wasm_bindgen]
pub struct WasmConditions {
    inner: crate::condition::ConditionList,
}

#[wasm_bindgen]
impl WasmConditions {
    /// Compiles a JSON array of conditions and the saved groups (JSON text, may be `"{}"`);
    /// throws `{code, path, …}` with paths under `/conditions/N` or `/saved_groups`.
    ///
    /// ```js
    /// const list = WasmConditions.compile('[{"orders_365d":{"$gte":3}},{"tier":"gold"}]', "{}");
    /// ```
    pub fn compile(conditions: &str, saved_groups: &str) -> Result<WasmConditions, JsValue> {
        crate::condition::ConditionList::compile_json(conditions, saved_groups).map(|inner| WasmConditions { inner }).map_err(|error| to_js_error(&error))
    }

    /// How many conditions the list holds.
    ///
    /// ```js
    /// list.length; // 2
    /// ```
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// Evaluates every condition over facts given as JSON text: 1 where it holds, 0 where
    /// it does not, in list order.
    ///
    /// ```js
    /// list.eval('{"orders_365d":5,"tier":"silver"}'); // Uint8Array [1, 0]
    /// ```
    pub fn eval(&self, facts: &str) -> Result<Vec<u8>, JsValue> {
        self.inner.eval_json(facts).map_err(|error| to_js_error(&error))
    }
}

/// Compiles a JSON array of conditions and evaluates each over the facts, in one call:
/// 1 where a condition holds, 0 where it does not. All three arguments are JSON text.
///
/// ```js
/// evalConditions('[{"orders_365d":{"$gte":3}},{"tier":"gold"}]', '{"orders_365d":5,"tier":"silver"}', "{}"); // Uint8Array [1, 0]
/// ```
#[wasm_bindgen(js_name = evalConditions)]
pub fn eval_conditions(conditions: &str, facts: &str, saved_groups: &str) -> Result<Vec<u8>, JsValue> {
    crate::condition::ConditionList::compile_json(conditions, saved_groups)
        .and_then(|list| list.eval_json(facts))
        .map_err(|error| to_js_error(&error))
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
