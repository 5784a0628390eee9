//! Per-member calls on the default program with fuzzed snapshots, carts and options.
//!
//! The first byte picks the entry point; the rest is JSON. When it is an object with any of
//! `snapshot`, `cart` and `options`, those are the inputs (the seeds are personas and the
//! shared vectors in that shape); otherwise the whole text is the snapshot, so broken JSON
//! reaches the parser too. Every result is checked for its invariants, and calling twice
//! must give the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;
use tierwise::engine::Engine;
use tierwise_fuzz::{check, default_engine, personas};

static ENGINE: OnceLock<Engine> = OnceLock::new();
static NOW: OnceLock<String> = OnceLock::new();

fn part(inputs: &Value, key: &str, fallback: &str) -> String {
    match inputs.get(key) {
        // Strings are taken as the JSON text itself, so a seed can hold malformed parts.
        Some(Value::String(text)) => text.clone(),
        Some(value) => value.to_string(),
        None => fallback.to_string(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let engine = ENGINE.get_or_init(default_engine);
    let now = NOW.get_or_init(|| personas().1);
    let default_options = format!(r#"{{"now":"{now}"}}"#);
    let (snapshot, cart, options) = match serde_json::from_str::<Value>(text) {
        Ok(inputs @ Value::Object(_)) if ["snapshot", "cart", "options"].iter().any(|key| inputs.get(key).is_some()) => {
            (part(&inputs, "snapshot", "{}"), part(&inputs, "cart", "{}"), part(&inputs, "options", &default_options))
        }
        _ => (text.to_string(), "{}".to_string(), default_options),
    };
    let run = || match selector % 6 {
        0 => engine.evaluate_json(&snapshot, &options),
        1 => engine.preview_points_json(&snapshot, &cart, &options),
        2 => engine.tier_progress_json(&snapshot, &options),
        3 => engine.next_best_offers_json(&snapshot, &options),
        4 => engine.tier_progress_after_cart_json(&snapshot, &cart, &options),
        _ => engine.facts_json(&snapshot, &options),
    };
    let first = run();
    if selector & 0x80 != 0 {
        let second = run();
        match (&first, &second) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "the same call gave different bytes"),
            (Err(a), Err(b)) => assert_eq!(a.issues, b.issues, "the same call gave different errors"),
            _ => panic!("the same call succeeded once and failed once"),
        }
    }
    check(first);
});
