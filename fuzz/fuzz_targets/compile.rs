//! Program compilation: any text either compiles or is rejected with issues. A program that
//! compiles is then run for every default persona through each entry point, so that odd
//! but valid programs (huge rates, empty sections, strange windows) are evaluated too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tierwise::engine::{validate_program_json, Engine};
use tierwise_fuzz::{check, check_error, personas, CART};

static PERSONAS: OnceLock<(Vec<String>, String)> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let engine = match Engine::compile_json(text) {
        Ok(engine) => engine,
        Err(error) => {
            check_error(&error);
            assert_eq!(validate_program_json(text), error.issues, "validate and compile disagree");
            return;
        }
    };
    let (snapshots, now) = PERSONAS.get_or_init(personas);
    let options = format!(r#"{{"now":"{now}","cart":{CART}}}"#);
    let plain = format!(r#"{{"now":"{now}"}}"#);
    for snapshot in snapshots.iter().take(3) {
        check(engine.evaluate_json(snapshot, &options));
        check(engine.tier_progress_after_cart_json(snapshot, CART, &plain));
    }
});
