//! One `check` for the shared vectors in `tests/vectors/`: the native suite and the wasm
//! suites run every vector through it.
#![allow(dead_code)]

pub mod canonical;
pub mod conditions;

use serde_json::{json, Value};
use tierwise::engine::Engine;

/// The fixture files embedded by `build.rs` as `(file stem, contents)`, for the wasm suites
/// that have no file system: `VECTOR_FILES` and `CONDITION_FILES`.
pub mod embedded {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// Every embedded vector, expanded and labelled as [`expand`] does.
pub fn embedded_vectors() -> Vec<(String, Value)> {
    let mut vectors = Vec::new();
    for (name, text) in embedded::VECTOR_FILES {
        let file: Value = serde_json::from_str(text).unwrap_or_else(|error| panic!("tests/vectors/{name}.json is not JSON: {error}"));
        vectors.extend(expand(name, &file));
    }
    vectors
}

/// The file name (without `.json`) under which a vector's output is written, the same in
/// every runtime.
pub fn output_name(label: &str) -> String {
    label.replace(['#', '/', ' '], "_")
}

/// The embedded default program.
pub const DEFAULT_PROGRAM: &str = include_str!("../../src/defaults/program.json");
/// The default personas.
pub const PERSONAS: &str = include_str!("../../src/defaults/personas.json");

/// Expands a vector file into named vectors: a file is one vector, or `{"vectors": [...]}`
/// whose entries inherit every other top-level field of the file.
pub fn expand(file_name: &str, file: &Value) -> Vec<(String, Value)> {
    let Some(list) = file.get("vectors").and_then(Value::as_array) else {
        return vec![(file_name.to_string(), file.clone())];
    };
    list.iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut merged = file.as_object().cloned().unwrap_or_default();
            merged.remove("vectors");
            if let Some(fields) = entry.as_object() {
                for (key, value) in fields {
                    merged.insert(key.clone(), value.clone());
                }
            }
            let label = entry.get("name").and_then(Value::as_str).map_or_else(|| index.to_string(), str::to_string);
            (format!("{file_name}#{label}"), Value::Object(merged))
        })
        .collect()
}

fn program_text(vector: &Value) -> Result<String, String> {
    match vector.get("program") {
        Some(Value::String(name)) if name == "default" => Ok(DEFAULT_PROGRAM.to_string()),
        Some(Value::String(other)) => Err(format!("unknown program reference {other:?}")),
        Some(program) => Ok(program.to_string()),
        None => Err("vector has no program".into()),
    }
}

fn snapshot_text(vector: &Value) -> Result<String, String> {
    match vector.get("snapshot") {
        Some(Value::String(reference)) => {
            let id = reference.strip_prefix("persona:").ok_or_else(|| format!("unknown snapshot reference {reference:?}"))?;
            let personas: Value = serde_json::from_str(PERSONAS).map_err(|e| e.to_string())?;
            personas["personas"]
                .as_array()
                .and_then(|list| list.iter().find(|p| p["id"] == id))
                .map(|p| p["snapshot"].to_string())
                .ok_or_else(|| format!("no persona {id:?}"))
        }
        Some(snapshot) => Ok(snapshot.to_string()),
        None => Ok("{}".into()),
    }
}

/// A vector's options. The offers calls explain suppressed offers in full unless the options
/// name a level or the vector says `"default_explain": true`: the vectors were written
/// against the full explanation, and the summary is checked by vectors that ask for it.
pub fn options_of(vector: &Value, call: &str) -> Value {
    let mut options = vector.get("options").cloned().unwrap_or(json!({}));
    let default_level = vector.get("default_explain").and_then(Value::as_bool).unwrap_or(false);
    if matches!(call, "evaluate" | "next_best_offers") && !default_level {
        if let Value::Object(fields) = &mut options {
            fields.entry("explain").or_insert_with(|| json!("full"));
        }
    }
    options
}

/// Runs a vector's call; `Ok` holds the result JSON text, `Err` the error as JSON.
pub fn run(vector: &Value) -> Result<Result<String, Value>, String> {
    let program = program_text(vector)?;
    let call = vector.get("call").and_then(Value::as_str).unwrap_or("facts");
    let engine = match Engine::compile_json(&program) {
        Ok(engine) => engine,
        Err(error) => return Ok(Err(serde_json::to_value(&error).map_err(|e| e.to_string())?)),
    };
    if call == "compile" {
        return Ok(Ok(json!({ "ok": true }).to_string()));
    }
    let snapshot = snapshot_text(vector)?;
    let options = options_of(vector, call).to_string();
    let outcome = match call {
        "facts" => engine.facts_json(&snapshot, &options),
        "evaluate" => engine.evaluate_json(&snapshot, &options),
        "next_best_offers" => engine.next_best_offers_json(&snapshot, &options),
        "contact_plan" => engine.contact_plan_json(&snapshot, &options),
        "preview_points" => {
            let cart = vector.get("cart").cloned().unwrap_or(json!({})).to_string();
            engine.preview_points_json(&snapshot, &cart, &options)
        }
        "tier_progress" => engine.tier_progress_json(&snapshot, &options),
        "tier_progress_after_cart" => {
            let cart = vector.get("cart").cloned().unwrap_or(json!({})).to_string();
            engine.tier_progress_after_cart_json(&snapshot, &cart, &options)
        }
        other => return Err(format!("unknown call {other:?}")),
    };
    Ok(outcome.map_err(|error| serde_json::to_value(&error).unwrap_or(Value::Null)))
}

/// Subset match: every key of `expected` objects must match; arrays element-wise with
/// equal length; scalars equal.
pub fn subset(expected: &Value, actual: &Value, path: &str, failures: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                match have.get(key) {
                    Some(found) => subset(value, found, &format!("{path}/{key}"), failures),
                    None => failures.push(format!("{path}/{key}: missing (expected {value})")),
                }
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            if want.len() != have.len() {
                failures.push(format!("{path}: expected {} elements, got {}: {actual}", want.len(), have.len()));
                return;
            }
            for (index, (w, h)) in want.iter().zip(have).enumerate() {
                subset(w, h, &format!("{path}/{index}"), failures);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        _ if expected == actual => {}
        _ => failures.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Runs one vector and compares; `Ok` holds the output (result or error) as JSON text.
pub fn check(vector: &Value) -> Result<String, String> {
    let outcome = run(vector)?;
    let mut failures = Vec::new();
    let output = match (&outcome, vector.get("expect"), vector.get("expect_error")) {
        (Ok(text), Some(expected), None) => {
            let actual: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            subset(expected, &actual, "", &mut failures);
            text.clone()
        }
        (Err(error), None, Some(expected)) => {
            subset(expected, error, "", &mut failures);
            error.to_string()
        }
        (Ok(text), None, Some(_)) => return Err(format!("expected an error, got {text}")),
        (Err(error), Some(_), None) => return Err(format!("expected a result, got error {error}")),
        _ => return Err("a vector needs exactly one of expect / expect_error".into()),
    };
    if failures.is_empty() {
        Ok(output)
    } else {
        Err(failures.join("\n"))
    }
}
