//! Shared pieces of the fuzz targets: the fixed inputs a target combines with the fuzzed
//! one, and the invariants every successful result must satisfy. A broken invariant
//! panics, which libFuzzer reports as a crash like any other.

use serde_json::Value;
use tierwise::engine::Engine;
use tierwise::Error;

/// The default program, as shipped.
pub const DEFAULT_PROGRAM: &str = include_str!("../../src/defaults/program.json");
/// The default personas, as shipped.
pub const PERSONAS: &str = include_str!("../../src/defaults/personas.json");
/// A cart with every kind of line: categories with bonuses, an excluded one, shipping and
/// an order coupon (worked example 2).
pub const CART: &str = r#"{"lines":[{"category":"tea","unit_price":12800,"quantity":2},{"category":"teaware","unit_price":19900,"quantity":1},{"category":"gift_card","unit_price":10000,"quantity":1}],"shipping":1000,"discount":5000}"#;

/// The personas' snapshots as JSON text and the instant they are evaluated at.
pub fn personas() -> (Vec<String>, String) {
    let value: Value = serde_json::from_str(PERSONAS).expect("the personas are JSON");
    let now = value["now"].as_str().expect("the personas have a now").to_string();
    let snapshots = value["personas"].as_array().expect("a persona list").iter().map(|p| p["snapshot"].to_string()).collect();
    (snapshots, now)
}

/// The default program compiled.
pub fn default_engine() -> Engine {
    Engine::compile_json(DEFAULT_PROGRAM).expect("the default program compiles")
}

/// A rejected input must say why: at least one issue, each with a snake_case code and a
/// JSON-pointer path, and the error must serialise (it crosses the wasm boundary as JSON).
pub fn check_error(error: &Error) {
    assert!(!error.issues.is_empty(), "an error without issues");
    for issue in &error.issues {
        assert!(!issue.code.is_empty() && issue.code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "bad code {:?}", issue.code);
        assert!(issue.path.is_empty() || issue.path.starts_with('/'), "bad path {:?}", issue.path);
        assert!(!issue.message.is_empty(), "an issue without a message: {issue:?}");
    }
    serde_json::to_string(error).expect("errors serialise");
}

/// Checks a successful result: valid JSON, no ratio outside 0..=1, no negative money or
/// points where the result says how much, and a points preview whose total is the sum of
/// its contributions.
pub fn check_result(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("results are JSON");
    walk(&value, "");
    value
}

fn walk(value: &Value, at: &str) {
    match value {
        Value::Object(map) => {
            for key in ["ratio", "progress"] {
                if let Some(ratio) = map.get(key).and_then(Value::as_f64) {
                    assert!((0.0..=1.0).contains(&ratio), "{at}/{key} = {ratio} is outside 0..=1");
                }
            }
            for key in ["remaining", "total", "eligible", "awarded", "requested"] {
                if let Some(number) = map.get(key).and_then(Value::as_i64) {
                    assert!(number >= 0, "{at}/{key} = {number} is negative");
                }
            }
            if let (Some(total), Some(contributions)) = (map.get("total").and_then(Value::as_i64), map.get("contributions").and_then(Value::as_array)) {
                let sum: i64 = contributions.iter().filter_map(|c| c["awarded"].as_i64()).sum();
                assert_eq!(total, sum, "{at}: total is not the sum of the contributions");
            }
            for (key, inner) in map {
                walk(inner, &format!("{at}/{key}"));
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                walk(inner, &format!("{at}/{index}"));
            }
        }
        Value::Number(number) => {
            if let Some(float) = number.as_f64() {
                assert!(float.is_finite(), "{at} is not finite");
            }
        }
        _ => {}
    }
}

/// Checks an outcome of a JSON entry point.
pub fn check(outcome: Result<String, Error>) {
    match outcome {
        Ok(text) => {
            check_result(&text);
        }
        Err(error) => check_error(&error),
    }
}
