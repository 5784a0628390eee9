//! The crate's own writer (`json::write`, `#[derive(ToJson)]`) against serde's derived
//! `Serialize` on the real result types: for every shared vector, the typed result of its
//! call written both ways must be the same bytes, and the same `serde_json::Value`. Field
//! order, skipped fields, flattened members and float text all show in the bytes, which
//! the canonical vector outputs (keys sorted) would not.

mod support;

use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use tierwise::engine::{read_options, Engine};
use tierwise::json::write::{to_json_text, ToJson};
use tierwise::snapshot::{Cart, Snapshot};

/// Both writers agree on `value`; `Err` says how they differ.
fn agree<T: ToJson + Serialize>(label: &str, value: &T) -> Result<(), String> {
    // Unchecked: a result the engine refuses for an integer beyond 2^53 - 1 is still
    // compared, and the refusal is checked by the engine's own tests.
    let ours = to_json_text(value);
    let theirs = serde_json::to_string(value).map_err(|error| format!("{label}: {error}"))?;
    if ours != theirs {
        return Err(format!("{label}: text differs\n ours:  {ours}\n serde: {theirs}"));
    }
    if Some(value.to_json_value()) != serde_json::to_value(value).ok() {
        return Err(format!("{label}: values differ"));
    }
    Ok(())
}

fn program_text(vector: &Value) -> Option<String> {
    match vector.get("program")? {
        Value::String(name) if name == "default" => Some(support::DEFAULT_PROGRAM.to_string()),
        Value::String(_) => None,
        program => Some(program.to_string()),
    }
}

fn snapshot_text(vector: &Value) -> Option<String> {
    match vector.get("snapshot") {
        Some(Value::String(reference)) => {
            let id = reference.strip_prefix("persona:")?;
            let personas: Value = serde_json::from_str(support::PERSONAS).ok()?;
            personas["personas"].as_array()?.iter().find(|p| p["id"] == id).map(|p| p["snapshot"].to_string())
        }
        Some(snapshot) => Some(snapshot.to_string()),
        None => Some("{}".into()),
    }
}

/// Writes the typed result of a vector's call both ways. Vectors whose inputs are
/// rejected have no typed result; their errors are compared instead.
fn check(label: &str, vector: &Value) -> Result<usize, String> {
    let Some(program) = program_text(vector) else { return Ok(0) };
    let engine = match Engine::compile_json(&program) {
        Ok(engine) => engine,
        Err(error) => return agree(label, &error).map(|()| 1),
    };
    agree(&format!("{label} program"), &engine.program_info())?;
    let call = vector.get("call").and_then(Value::as_str).unwrap_or("facts");
    if call == "compile" {
        return Ok(1);
    }
    let Some(snapshot) = snapshot_text(vector) else { return Ok(1) };
    let options = vector.get("options").cloned().unwrap_or(json!({})).to_string();
    let cart = vector.get("cart").cloned().unwrap_or(json!({})).to_string();
    let inputs = Snapshot::from_json(&snapshot).and_then(|snapshot| read_options(&options).map(|options| (snapshot, options)));
    let (snapshot, options) = match inputs {
        Ok(inputs) => inputs,
        Err(error) => return agree(label, &error).map(|()| 2),
    };
    let cart = Cart::from_json(&cart, "/cart");
    let mut checked = 1;
    let mut each = |name: &str, outcome: Result<(), String>| {
        checked += 1;
        outcome.map_err(|why| format!("{label} {name}: {why}"))
    };
    each("facts", agree(label, &engine.facts(&snapshot, options.now)))?;
    each("facts value", agree(label, &engine.facts_value(&snapshot, options.now)))?;
    match engine.evaluate(&snapshot, &options) {
        Ok(page) => each("evaluate", agree(label, &page))?,
        Err(error) => each("evaluate error", agree(label, &error))?,
    }
    match engine.next_best_offers(&snapshot, &options) {
        Ok(offers) => each("offers", agree(label, &offers))?,
        Err(error) => each("offers error", agree(label, &error))?,
    }
    match engine.tier_progress(&snapshot, &options) {
        Ok(tier) => each("tier", agree(label, &tier))?,
        Err(error) => each("tier error", agree(label, &error))?,
    }
    if let Ok(cart) = &cart {
        match engine.preview_points(&snapshot, cart, &options) {
            Ok(points) => each("points", agree(label, &points))?,
            Err(error) => each("points error", agree(label, &error))?,
        }
        match engine.tier_progress_after_cart(&snapshot, cart, options.now) {
            Ok(after) => each("tier after cart", agree(label, &after))?,
            Err(error) => each("tier after cart error", agree(label, &error))?,
        }
    }
    each("rfm", agree(label, &engine.rfm_breakpoints(std::slice::from_ref(&snapshot), options.now)))?;
    Ok(checked)
}

#[test]
fn every_vector_result_is_written_as_serde_writes_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/vectors").filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        let text = std::fs::read_to_string(&file).expect("readable vector");
        let Ok(parsed) = serde_json::from_str::<Value>(&text) else { continue };
        for (label, vector) in support::expand(&name, &parsed) {
            match check(&label, &vector) {
                Ok(count) => checked += count,
                Err(why) => failures.push(why),
            }
        }
    }
    assert!(checked > 1000, "only {checked} results compared");
    assert!(failures.is_empty(), "{} results differ:\n{}", failures.len(), failures.join("\n\n"));
}
