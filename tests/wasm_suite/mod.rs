//! The wasm-bindgen tests, run twice from the same source: in Node (`tests/wasm_node.rs`)
//! and in headless Chromium (`tests/wasm_browser.rs`).
//!
//! They run the shared vectors and condition cases through the same `check`s as the native
//! suites (embedded at build time, since there is no file system here), and exercise the
//! exported boundary in `src/wasm.rs`: errors arrive as plain objects and an instance
//! survives bad input.

// The recorded bits of the scores, checked on wasm32 too: libm must give the same bits here.
#[path = "../bit_identity.rs"]
mod bit_identity;

use crate::support;
use js_sys::{Array, Reflect};
use tierwise::wasm::{eval_condition, explain_condition, validate_program, version, WasmEngine};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const NOW: &str = r#"{"now":"2026-11-23T10:00:00+08:00"}"#;
const SNAPSHOT: &str = r#"{"member_id":"m1","joined_at":"2026-11-01"}"#;

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(object: &JsValue, name: &str) -> String {
    field(object, name).as_string().unwrap_or_else(|| panic!("`{name}` is not a string on {object:?}"))
}

#[wasm_bindgen_test]
fn every_shared_vector_passes() {
    let vectors = support::embedded_vectors();
    assert!(!vectors.is_empty(), "no vectors were embedded; is tests/vectors empty?");
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|(label, vector)| support::check(vector).err().map(|why| format!("{label}:\n{why}")))
        .collect();
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), vectors.len(), failures.join("\n\n"));
}

#[wasm_bindgen_test]
fn every_condition_case_passes() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for (name, text) in support::embedded::CONDITION_FILES {
        for (label, case) in support::conditions::cases(name, text).unwrap_or_else(|error| panic!("{error}")) {
            ran += 1;
            if let Err(why) = support::conditions::check(&case) {
                failures.push(format!("{label}: {why}"));
            }
        }
    }
    assert!(ran > 150, "only {ran} condition cases were embedded");
    assert!(failures.is_empty(), "{} of {ran} condition cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn conditions_cross_the_boundary() {
    let facts = r#"{"orders_365d":5,"tier":"silver"}"#;
    assert_eq!(eval_condition(r#"{"orders_365d":{"$gte":3}}"#, facts, "{}").ok(), Some(true));
    let explained = explain_condition(r#"{"tier":"gold"}"#, facts, "{}").expect("explains");
    assert!(explained.contains(r#""held":false"#), "{explained}");
    let Err(error) = eval_condition(r#"{"tier":{"$bogus":1}}"#, facts, "{}") else {
        panic!("an unknown operator compiled");
    };
    assert!(text(&error, "path").starts_with("/condition"), "{error:?}");
}

#[wasm_bindgen_test]
fn a_bad_program_throws_an_error_object_with_every_issue() {
    let Err(error) = WasmEngine::compile(r#"{"currency":"yuan","utc_offset":"+25:00"}"#) else {
        panic!("a program without an id compiled");
    };
    assert!(error.is_object(), "errors cross as objects, got {error:?}");
    assert_eq!(text(&error, "code"), "missing_field");
    assert_eq!(text(&error, "path"), "/id");
    assert!(text(&error, "message").contains("more issue"));
    let issues = Array::from(&field(&error, "issues"));
    let paths: Vec<String> = issues.iter().map(|issue| text(&issue, "path")).collect();
    assert_eq!(paths, ["/id", "/currency", "/utc_offset"]);
}

#[wasm_bindgen_test]
fn an_instance_keeps_working_after_rejected_inputs() {
    let engine = WasmEngine::compile(support::DEFAULT_PROGRAM).expect("the default program compiles");
    for round in 0..200 {
        assert!(WasmEngine::compile("{").is_err(), "round {round}: broken JSON compiled");
        assert!(WasmEngine::compile("[]").is_err());
        assert!(engine.facts("{}", NOW).is_err(), "round {round}: an empty snapshot passed");
        assert!(engine.facts(SNAPSHOT, r#"{"now":"yesterday"}"#).is_err());
        assert!(engine.evaluate("not json", NOW).is_err());
    }
    let facts = engine.facts(SNAPSHOT, NOW).expect("facts after 1000 rejected inputs");
    assert!(facts.contains(r#""days_since_join":22"#), "{facts}");
    let error = engine.facts(SNAPSHOT, r#"{"now":"yesterday"}"#).err().expect("a bad now is rejected");
    assert_eq!(text(&error, "path"), "/options/now");
}

#[wasm_bindgen_test]
fn validate_program_lists_issues_without_throwing() {
    let issues: serde_json::Value = serde_json::from_str(&validate_program(r#"{"id":"","currency":"CNY","utc_offset":"+08:00","extra":1}"#)).expect("issues are JSON");
    let codes: Vec<&str> = issues.as_array().expect("an array").iter().filter_map(|issue| issue["code"].as_str()).collect();
    assert_eq!(codes, ["unknown_field", "invalid_id"]);
    assert_eq!(validate_program(support::DEFAULT_PROGRAM), "[]");
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
