//! Runs every case in `tests/conditions/*.json` through the one condition `check` in
//! `tests/support/conditions.rs` (the wasm suites run the same cases through it). Property
//! tests at the end check that random conditions and facts never make compiling or
//! evaluating panic.

mod support;

use std::fs;
use std::path::Path;
use support::conditions::{cases, check};

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
        for (label, case) in cases(&name, &text).unwrap_or_else(|error| panic!("{error}")) {
            ran += 1;
            if let Err(message) = check(&case) {
                failures.push(format!("{label}: {message}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} condition cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(ran > 150, "only {ran} condition cases ran; the fixtures must hold more than 150");
}

mod properties {
    //! Whatever the condition and the facts, compiling and evaluating never panic, and an
    //! explanation always agrees with the evaluation and with the shortcuts to its leaves.

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
                // The shortcuts give exactly what the tree gives.
                let failed: Vec<_> = explanation.failed_leaves().into_iter().cloned().collect();
                prop_assert_eq!(&compiled.failed_leaves(&facts, &groups), &failed);
                prop_assert_eq!(&explanation.clone().into_failed_leaves(), &failed);
                let held_leaves: Vec<_> = explanation.held_leaves().into_iter().cloned().collect();
                prop_assert_eq!(&explanation.into_held_leaves(), &held_leaves);
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
