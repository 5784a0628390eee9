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
