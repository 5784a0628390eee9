//! The same engine a storefront runs in the browser, run natively on the server to
//! recompute what the client previewed before any value is awarded.
//!
//! ```text
//! cargo run --example server_recompute -- program.json snapshot.json cart.json 2026-11-18T12:00:00+08:00
//! ```
//!
//! Without arguments it uses the embedded default program, the "potential" persona and
//! the cart of worked example 2.

use std::process::ExitCode;
use tierwise::engine::Engine;

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");
const PERSONAS: &str = include_str!("../src/defaults/personas.json");
const WORKED_EXAMPLE_CART: &str = r#"{
  "lines": [
    { "category": "tea", "unit_price": 12800, "quantity": 2 },
    { "category": "teaware", "unit_price": 19900, "quantity": 1 },
    { "category": "gift_card", "unit_price": 10000, "quantity": 1 }
  ],
  "discount": 5000,
  "shipping": 1000
}"#;

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn inputs() -> Result<(String, String, String, String), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [program, snapshot, cart, now] = args.as_slice() {
        return Ok((read(program)?, read(snapshot)?, read(cart)?, now.clone()));
    }
    if !args.is_empty() {
        return Err("usage: server_recompute PROGRAM.json SNAPSHOT.json CART.json NOW".into());
    }
    let personas: serde_json::Value = serde_json::from_str(PERSONAS).map_err(|e| e.to_string())?;
    let snapshot = personas["personas"]
        .as_array()
        .and_then(|list| list.iter().find(|p| p["id"] == "potential"))
        .map(|p| p["snapshot"].to_string())
        .ok_or("the default personas have no `potential` persona")?;
    Ok((DEFAULT_PROGRAM.to_string(), snapshot, WORKED_EXAMPLE_CART.to_string(), "2026-11-18T12:00:00+08:00".into()))
}

fn main() -> ExitCode {
    let run = || -> Result<String, String> {
        let (program, snapshot, cart, now) = inputs()?;
        let engine = Engine::compile_json(&program).map_err(|e| e.to_string())?;
        let options = serde_json::json!({ "now": now }).to_string();
        engine.preview_points_json(&snapshot, &cart, &options).map_err(|e| e.to_string())
    };
    match run() {
        Ok(preview) => {
            println!("{preview}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
