//! The `explain` levels of offers results. `summary`, the default, is the `full` result with
//! each suppressed offer cut down to its id, the code of its reason and the hint; nothing
//! else differs. Checked over every default persona, both offers calls and every surface of
//! the default program.

use serde_json::{json, Map, Value};
use tierwise::engine::Engine;

const PROGRAM: &str = include_str!("../src/defaults/program.json");
const PERSONAS: &str = include_str!("../src/defaults/personas.json");

fn personas() -> (String, Vec<(String, String)>) {
    let file: Value = serde_json::from_str(PERSONAS).expect("personas are JSON");
    let now = file["now"].as_str().expect("personas have a now").to_string();
    let list = file["personas"].as_array().expect("a persona list");
    (now, list.iter().map(|p| (p["id"].as_str().unwrap_or("?").to_string(), p["snapshot"].to_string())).collect())
}

fn call(engine: &Engine, name: &str, snapshot: &str, options: &Value) -> String {
    let options = options.to_string();
    let result = match name {
        "evaluate" => engine.evaluate_json(snapshot, &options),
        _ => engine.next_best_offers_json(snapshot, &options),
    };
    result.unwrap_or_else(|error| panic!("{name} {options}: {error:?}"))
}

/// The offers result inside a call's output.
fn offers_of<'a>(name: &str, output: &'a mut Value) -> &'a mut Value {
    if name == "evaluate" {
        &mut output["offers"]
    } else {
        output
    }
}

/// What `summary` must say of an offer `full` explains.
fn summary_of(full: &Value) -> Value {
    let hint = if full["reason"] == "ineligible" { full["hint"].clone() } else { Value::Null };
    json!({ "id": full["id"], "reason": full["reason"], "hint": hint })
}

#[test]
fn summary_is_the_full_result_with_each_suppressed_offer_cut_to_id_code_and_hint() {
    let engine = Engine::compile_json(PROGRAM).expect("the default program compiles");
    let (now, personas) = personas();
    let program: Value = serde_json::from_str(PROGRAM).expect("JSON");
    let surfaces: Vec<Value> = program["surfaces"].as_array().expect("surfaces").iter().map(|s| s["id"].clone()).collect();
    let mut seen = Map::new();
    for (persona, snapshot) in &personas {
        for name in ["evaluate", "next_best_offers"] {
            for surface in &surfaces {
                let options = |explain: Option<&str>| {
                    let mut options = json!({ "now": now, "surface": surface });
                    if let Some(level) = explain {
                        options["explain"] = json!(level);
                    }
                    options
                };
                let label = format!("{persona} {name} {surface}");
                let default = call(&engine, name, snapshot, &options(None));
                let summary_text = call(&engine, name, snapshot, &options(Some("summary")));
                assert_eq!(default, summary_text, "{label}: the default is not summary");
                let mut summary: Value = serde_json::from_str(&summary_text).expect("JSON");
                let mut full: Value = serde_json::from_str(&call(&engine, name, snapshot, &options(Some("full")))).expect("JSON");
                let expected: Vec<Value> = offers_of(name, &mut full)["suppressed"].as_array().expect("a list").iter().map(summary_of).collect();
                for item in &expected {
                    let reason = item["reason"].as_str().unwrap_or("?").to_string();
                    let key = if item["hint"].is_null() { reason } else { format!("{reason} with a hint") };
                    seen.insert(key, Value::Bool(true));
                }
                let cut = offers_of(name, &mut summary)["suppressed"].take();
                assert_eq!(cut, Value::Array(expected), "{label}");
                offers_of(name, &mut full)["suppressed"] = Value::Null;
                offers_of(name, &mut summary)["suppressed"] = Value::Null;
                assert_eq!(summary, full, "{label}: the rest of the result differs");
            }
        }
    }
    // The personas must reach the reasons whose explanation the summary drops.
    for reason in ["ineligible", "ineligible with a hint", "outranked", "channel_not_allowed", "wrong_surface"] {
        assert!(seen.contains_key(reason), "no persona is suppressed for {reason}: {:?}", seen.keys().collect::<Vec<_>>());
    }
}

#[test]
fn a_summary_entry_is_written_as_id_reason_hint() {
    let engine = Engine::compile_json(PROGRAM).expect("the default program compiles");
    let (now, personas) = personas();
    let (_, snapshot) = personas.iter().find(|(id, _)| id == "new").expect("persona new");
    let text = call(&engine, "next_best_offers", snapshot, &json!({ "now": now }));
    assert!(
        text.contains(r#"{"id":"winback_pack","reason":"ineligible","hint":{"path":"days_since_last_order","operator":"$gte","target":180,"actual":11,"missing":169}}"#),
        "{text}"
    );
    assert!(text.contains(r#"{"id":"staff_callback","reason":"channel_not_allowed","hint":null}"#), "{text}");
}

#[test]
fn an_unknown_level_is_refused_with_its_path() {
    let engine = Engine::compile_json(PROGRAM).expect("the default program compiles");
    let error = engine.next_best_offers_json(r#"{"member_id":"m","joined_at":"2026-01-01"}"#, r#"{"now":"2026-11-23T10:00:00+08:00","explain":"verbose"}"#).err();
    assert_eq!(error.as_ref().map(|e| e.path()), Some("/options/explain"));
}
