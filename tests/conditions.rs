//! Runs every case in `tests/conditions/*.json` through one `check` function.
//!
//! A file is `{"description"?, "cases": [case, …]}`; a case is
//! `{"name", "condition", "facts"?, "saved_groups"?, "expect": bool}` or
//! `{…, "expect_error": {"code", "path"}}`, optionally with `"explain"` (subset-matched
//! against the serialised explanation; the string `"<absent>"` requires a key to be
//! absent), `"failed_leaves"`/`"held_leaves"` (arrays, each element subset-matched),
//! `"hints"` (the hints of the failed leaves), `"paths"` (the fact paths read) and
//! `"differs_from_growthbook"` (a sentence saying why the expectation is not GrowthBook's).
//! Every case is also run through the JSON-string entry points. Property tests at the end
//! check that random conditions and facts never make compiling or evaluating panic.

use serde_json::{json, Value};
use std::fs;
use std::path::Path;
use tierwise::condition::{compile, eval_condition_json, explain_condition_json, SavedGroups};

const CASE_KEYS: &[&str] = &[
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

#[test]
fn condition_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conditions");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();

    let mut ran = 0;
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let text = fs::read_to_string(file).unwrap_or_else(|error| panic!("cannot read {name}: {error}"));
        let document: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name} is not JSON: {error}"));
        let cases = document["cases"].as_array().unwrap_or_else(|| panic!("{name} has no \"cases\" array"));
        for case in cases {
            ran += 1;
            let case_name = case["name"].as_str().unwrap_or("<unnamed>");
            if let Err(message) = check(case) {
                failures.push(format!("{name}: {case_name}: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} condition cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(ran > 150, "only {ran} condition cases ran; the fixtures must hold more than 150");
}

/// Checks one case; the error says what differed.
fn check(case: &Value) -> Result<(), String> {
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
        if !wire_error.issues.iter().any(|issue| issue.code == code && issue.path == wire_path) {
            return Err(format!("the JSON entry point reported {:?}", wire_error.issues));
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

mod properties {
    //! Whatever the condition and the facts, compiling and evaluating never panic, and an
    //! explanation always agrees with the evaluation.

    use proptest::prelude::*;
    use serde_json::{Map, Value};
    use tierwise::condition::{compile, SavedGroups};

    const FACT_KEYS: &[&str] = &["tier", "spend", "tags", "a", "a.b", "a.0", "$groups"];
    const OPERATORS: &[&str] = &[
        "$eq",
        "$ne",
        "$gt",
        "$gte",
        "$lt",
        "$lte",
        "$in",
        "$nin",
        "$ini",
        "$nini",
        "$all",
        "$alli",
        "$size",
        "$elemMatch",
        "$exists",
        "$type",
        "$regex",
        "$regexi",
        "$veq",
        "$vgt",
        "$vlte",
        "$inGroup",
        "$notInGroup",
        "$not",
    ];

    fn scalar() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(Value::from),
            (-1e6..1e6f64).prop_map(Value::from),
            prop::sample::select(vec![
                "",
                "gold",
                "8",
                "10",
                "1.2.3",
                "v2.0.0-rc.1",
                "^g",
                "[",
                "null",
                "number",
                "array",
                "g",
                "a.*b",
                "\\s",
            ])
            .prop_map(Value::from),
            "\\PC{0,6}".prop_map(Value::from),
        ]
    }

    /// Any JSON, with keys drawn from fact paths and operators.
    fn json() -> impl Strategy<Value = Value> {
        scalar().prop_recursive(5, 48, 4, |inner| {
            let keys: Vec<&str> =
                FACT_KEYS.iter().chain(OPERATORS).chain(&["$and", "$or", "$nor", "$bogus"]).copied().collect();
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(keys), inner), 0..4).prop_map(object),
            ]
        })
    }

    fn object(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())
    }

    /// What a fact may be tested with: mostly well-formed, sometimes not.
    fn value_test() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![scalar(), prop::collection::vec(scalar(), 0..4).prop_map(Value::Array)];
        leaf.prop_recursive(4, 32, 3, |inner| {
            prop::collection::vec((prop::sample::select(OPERATORS), inner), 1..3).prop_map(object)
        })
    }

    /// Condition objects built from fact keys and logical operators.
    fn condition() -> impl Strategy<Value = Value> {
        let clause = (prop::sample::select(FACT_KEYS), value_test());
        prop::collection::vec(clause, 0..3).prop_map(object).prop_recursive(4, 24, 3, |inner| {
            prop_oneof![
                (prop::sample::select(vec!["$and", "$or", "$nor"]), prop::collection::vec(inner.clone(), 0..3))
                    .prop_map(|(key, items)| object(vec![(key, Value::Array(items))])),
                inner.clone().prop_map(|item| object(vec![("$not", item)])),
                (inner, prop::sample::select(FACT_KEYS), value_test()).prop_map(|(mut item, key, test)| {
                    if let Value::Object(map) = &mut item {
                        map.insert(key.to_string(), test);
                    }
                    item
                }),
            ]
        })
    }

    fn facts() -> impl Strategy<Value = Value> {
        prop::collection::vec((prop::sample::select(vec!["tier", "spend", "tags", "a", "$groups"]), json()), 0..5)
            .prop_map(object)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn evaluation_never_panics_and_explanations_agree(
            condition in condition(),
            facts in facts(),
            members in prop::collection::vec(scalar(), 0..3),
        ) {
            let groups: SavedGroups = [("g".to_string(), members)].into_iter().collect();
            if let Ok(compiled) = compile(&condition, "/c") {
                let held = compiled.eval(&facts, &groups);
                let explanation = compiled.explain(&facts, &groups);
                prop_assert_eq!(explanation.held(), held);
                prop_assert!(serde_json::to_string(&explanation).is_ok());
                for leaf in explanation.failed_leaves().into_iter().chain(explanation.held_leaves()) {
                    prop_assert!(explanation.leaves().contains(&leaf));
                }
            }
        }

        #[test]
        fn compiling_anything_never_panics_and_issues_point_inside(condition in json()) {
            if let Err(issues) = compile(&condition, "/c") {
                prop_assert!(!issues.is_empty());
                for issue in issues {
                    prop_assert!(issue.path.starts_with("/c"), "{:?}", issue);
                }
            }
        }
    }
}
