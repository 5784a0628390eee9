//! Numbers at the edges that JavaScript cannot even read exactly: i64::MIN, i64::MAX, 2^64
//! and integers written as floats. They come as JSON text from a server or a file rather
//! than from a JS value, so they are checked natively; the portable cases (2^53 ± 1,
//! negative, fractional, null) are vectors in `tests/vectors/reliability-numbers.json`.

use tierwise::engine::Engine;

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");
const MEMBER: &str = r#"{"member_id":"m","joined_at":"2024-01-01"}"#;
const NOW: &str = r#"{"now":"2026-11-23T10:00:00+08:00"}"#;

fn price(engine: &Engine, literal: &str) -> (String, String, String) {
    let cart = format!(r#"{{"lines":[{{"category":"tea","unit_price":{literal}}}]}}"#);
    match engine.preview_points_json(MEMBER, &cart, NOW) {
        Ok(text) => panic!("{literal} was accepted: {}", &text[..200]),
        Err(error) => (error.code().to_string(), error.path().to_string(), error.issues()[0].message.clone()),
    }
}

#[test]
fn integers_past_the_safe_range_are_rejected_at_their_field() {
    let engine = Engine::compile_json(DEFAULT_PROGRAM).expect("compiles");
    for (literal, code, message) in [
        ("9223372036854775807", "invalid_value", "expected a whole number of minor units, got 9223372036854775807, beyond 2^53-1 (the largest integer JavaScript holds exactly)"),
        ("9223372036854775808", "invalid_value", "expected a whole number of minor units, got 9223372036854775808, beyond 2^53-1 (the largest integer JavaScript holds exactly)"),
        ("18446744073709551615", "invalid_value", "expected a whole number of minor units, got 18446744073709551615, beyond 2^53-1 (the largest integer JavaScript holds exactly)"),
        ("18446744073709551616", "invalid_type", "expected a whole number of minor units, got the number 18446744073709551616"),
        ("-9223372036854775808", "invalid_value", "expected a whole number of minor units, got -9223372036854775808, which is negative"),
        ("-9223372036854775809", "invalid_type", "expected a whole number of minor units, got the number -9223372036854775809"),
        ("1e2", "invalid_type", "expected a whole number of minor units, got the number 1e2"),
        ("100.0", "invalid_type", "expected a whole number of minor units, got the number 100.0"),
        ("-0", "invalid_type", "expected a whole number of minor units, got the number -0"),
    ] {
        let (got_code, path, got_message) = price(&engine, literal);
        assert_eq!((got_code.as_str(), path.as_str()), (code, "/cart/lines/0/unit_price"), "{literal}");
        assert_eq!(got_message, message, "{literal}");
    }
}

#[test]
fn numbers_a_double_cannot_hold_are_not_json() {
    let engine = Engine::compile_json(DEFAULT_PROGRAM).expect("compiles");
    for literal in ["1e400", "-1e400"] {
        let (code, path, message) = price(&engine, literal);
        assert_eq!((code.as_str(), path.as_str()), ("invalid_json", "/cart"), "{literal}");
        assert!(message.contains("number out of range"), "{message}");
    }
}
