//! One `check` for the condition cases in `tests/conditions/*.json`, shared by the native
//! suite (`tests/conditions.rs`) and the wasm suites (`tests/wasm_suite`).
//!
//! A file is `{"description"?, "cases": [case, …]}`; a case is
//! `{"name", "condition", "facts"?, "saved_groups"?, "expect": bool}` or
//! `{…, "expect_error": {"code", "path"}}`, optionally with `"explain"` (subset-matched
//! against the serialised explanation; the string `"<absent>"` requires a key to be
//! absent), `"failed_leaves"`/`"held_leaves"` (arrays, each element subset-matched),
//! `"hints"` (the hints of the failed leaves), `"paths"` (the fact paths read) and
//! `"differs_from_growthbook"` (a sentence saying why the expectation is not GrowthBook's).
//! Every case is also run through the JSON-string entry points.

use serde_json::{json, Value};
use tierwise::condition::{compile, eval_condition_json, explain_condition_json, SavedGroups};

pub const CASE_KEYS: &[&str] = &[
    "name",
    "condition",
    "facts",
    "saved_groups",
    "expect",
    "expect_error",
    "explain",
    "failed_leaves",
    "held_leaves",
    "hints",
    "paths",
    "differs_from_growthbook",
];

/// Every case of a condition file as `(name, case)`; the error says why the file is unusable.
pub fn cases(file_name: &str, text: &str) -> Result<Vec<(String, Value)>, String> {
    let document: Value = serde_json::from_str(text).map_err(|error| format!("{file_name} is not JSON: {error}"))?;
    let cases = document["cases"].as_array().ok_or_else(|| format!("{file_name} has no \"cases\" array"))?;
    Ok(cases
        .iter()
        .map(|case| (format!("{file_name}: {}", case["name"].as_str().unwrap_or("<unnamed>")), case.clone()))
        .collect())
}

/// Checks one case; the error says what differed.
pub fn check(case: &Value) -> Result<(), String> {
    let object = case.as_object().ok_or("a case must be an object")?;
    if let Some(unknown) = object.keys().find(|key| !CASE_KEYS.contains(&key.as_str())) {
        return Err(format!("unknown case key {unknown:?}"));
    }
    let condition = case.get("condition").ok_or("missing \"condition\"")?;
    let facts = case.get("facts").cloned().unwrap_or_else(|| json!({}));
    let groups_json = case.get("saved_groups").cloned().unwrap_or_else(|| json!({}));
    let groups: SavedGroups =
        serde_json::from_value(groups_json.clone()).map_err(|error| format!("bad saved_groups: {error}"))?;
    let wire = (condition.to_string(), facts.to_string(), groups_json.to_string());

    if let Some(wanted) = case.get("expect_error") {
        let code = wanted["code"].as_str().ok_or("expect_error needs a code")?;
        let path = wanted["path"].as_str().ok_or("expect_error needs a path")?;
        let issues = match compile(condition, "") {
            Ok(_) => return Err(format!("compiled, but {code} at {path:?} was expected")),
            Err(issues) => issues,
        };
        if !issues.iter().any(|issue| issue.code == code && issue.path == path) {
            return Err(format!("expected {code} at {path:?}, got {issues:?}"));
        }
        let wire_error = eval_condition_json(&wire.0, &wire.1, &wire.2)
            .err()
            .ok_or("the JSON entry point accepted a condition that does not compile")?;
        let wire_path = format!("/condition{path}");
        if !wire_error.issues().iter().any(|issue| issue.code == code && issue.path == wire_path) {
            return Err(format!("the JSON entry point reported {:?}", wire_error.into_issues()));
        }
        return Ok(());
    }

    let expect = case.get("expect").and_then(Value::as_bool).ok_or("a case needs \"expect\" or \"expect_error\"")?;
    let compiled = compile(condition, "").map_err(|issues| format!("did not compile: {issues:?}"))?;
    let held = compiled.eval(&facts, &groups);
    if held != expect {
        return Err(format!("eval gave {held}, expected {expect}"));
    }
    let explanation = compiled.explain(&facts, &groups);
    if explanation.held() != held {
        return Err(format!("explain says {}, eval says {held}", explanation.held()));
    }
    let explained = serde_json::to_value(&explanation).map_err(|error| error.to_string())?;
    if let Some(wanted) = case.get("explain") {
        subset("explain", wanted, &explained)?;
    }
    for (key, leaves) in [("failed_leaves", explanation.failed_leaves()), ("held_leaves", explanation.held_leaves())] {
        if let Some(wanted) = case.get(key) {
            let leaves = serde_json::to_value(&leaves).map_err(|error| error.to_string())?;
            subset(key, wanted, &leaves)?;
        }
    }
    if let Some(wanted) = case.get("hints") {
        let hints: Vec<String> = explanation.failed_leaves().iter().filter_map(|leaf| leaf.hint()).collect();
        if json!(hints) != *wanted {
            return Err(format!("hints were {hints:?}, expected {wanted}"));
        }
    }
    if let Some(wanted) = case.get("paths") {
        if json!(compiled.paths()) != *wanted {
            return Err(format!("paths were {:?}, expected {wanted}", compiled.paths()));
        }
    }
    if let Some(reason) = case.get("differs_from_growthbook") {
        reason.as_str().filter(|text| !text.is_empty()).ok_or("differs_from_growthbook must be a sentence")?;
    }

    let wire_held =
        eval_condition_json(&wire.0, &wire.1, &wire.2).map_err(|error| format!("JSON entry point: {error}"))?;
    if wire_held != held {
        return Err(format!("the JSON entry point gave {wire_held}"));
    }
    let wire_explained = explain_condition_json(&wire.0, &wire.1, &wire.2).map_err(|error| error.to_string())?;
    let wire_explained: Value = serde_json::from_str(&wire_explained).map_err(|error| error.to_string())?;
    if wire_explained != explained {
        return Err("the JSON entry point explained differently".to_string());
    }
    Ok(())
}

/// Subset match: every key of an expected object must be present and match (or be absent
/// when the expected value is `"<absent>"`); arrays match element by element and must have
/// the same length; scalars must be equal.
fn subset(at: &str, expected: &Value, actual: &Value) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(wanted), Value::Object(got)) => {
            for (key, value) in wanted {
                let here = format!("{at}.{key}");
                match (value.as_str() == Some("<absent>"), got.get(key)) {
                    (true, None) => {}
                    (true, Some(found)) => return Err(format!("{here} should be absent, is {found}")),
                    (false, None) => return Err(format!("{here} is missing in {actual}")),
                    (false, Some(found)) => subset(&here, value, found)?,
                }
            }
            Ok(())
        }
        (Value::Array(wanted), Value::Array(got)) => {
            if wanted.len() != got.len() {
                return Err(format!("{at} has {} elements, expected {}: {actual}", got.len(), wanted.len()));
            }
            wanted.iter().zip(got).enumerate().try_for_each(|(index, (w, g))| subset(&format!("{at}[{index}]"), w, g))
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{at} is {actual}, expected {expected}")),
    }
}

