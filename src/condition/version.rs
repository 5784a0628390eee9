//! GrowthBook's padded version strings, behind `$veq $vne $vgt $vgte $vlt $vlte`.
//!
//! A version is turned into one string that compares correctly as text: a leading `v`
//! and any `+build` suffix are dropped, the rest is split at `.` and `-`, a plain
//! `major.minor.patch` gets a `~` part appended (so `1.0.0` sorts after `1.0.0-beta`,
//! `~` being the largest printable ASCII character), every all-digit part is left-padded
//! with spaces to five characters (so `" 9"` sorts before `"10"`), and the parts are joined
//! with `-`. The two padded strings are then compared the way JavaScript compares strings.
//!
//! Anything that is neither a non-empty string nor a number counts as version `"0"`.

use super::js;
use serde_json::Value;

/// The padded form of a fact or operand value.
pub(crate) fn padded(value: &Value) -> String {
    match value {
        Value::String(text) if !text.is_empty() => padded_text(text),
        Value::Number(_) => padded_text(&js::to_js_string(value)),
        _ => padded_text("0"),
    }
}

/// The padded form of a version string.
pub(crate) fn padded_text(text: &str) -> String {
    let text = text.strip_prefix('v').unwrap_or(text);
    let text = strip_build(text);
    let parts: Vec<&str> = text.split(['-', '.']).collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.push('-');
        }
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            // `padStart(5, " ")` counts UTF-16 units; an ASCII digit string is one per byte.
            out.extend(std::iter::repeat(' ').take(5_usize.saturating_sub(part.len())));
        }
        out.push_str(part);
    }
    if parts.len() == 3 {
        out.push_str("-~");
    }
    out
}

/// Removes `+build…`: the first `+` from which the rest of the text holds no line
/// terminator, since JavaScript's `/\+.*$/` cannot cross one.
fn strip_build(text: &str) -> &str {
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            start = at + c.len_utf8();
        }
    }
    match text.get(start..).and_then(|tail| tail.find('+')) {
        Some(plus) => text.get(..start + plus).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        js::cmp_utf16(&padded_text(a), &padded_text(b))
    }

    #[test]
    fn pads_like_growthbook() {
        assert_eq!(padded_text("v1.2.3-rc.1+build123"), "    1-    2-    3-rc-    1");
        assert_eq!(padded_text("1.0.0"), "    1-    0-    0-~");
        assert_eq!(padded_text("10000.0.0"), "10000-    0-    0-~");
    }

    #[test]
    fn orders_versions() {
        assert_eq!(cmp("0.9.99", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0-rc.1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0-beta.2", "1.0.0-beta.11"), Ordering::Less);
        assert_eq!(cmp("1.2.3", "v1.2.3"), Ordering::Equal);
        assert_eq!(cmp("1-2-3", "1-2.3+build99"), Ordering::Equal);
        assert_eq!(cmp("1.2.3.4", "1.2.3-4"), Ordering::Equal);
        assert_eq!(cmp("1.2.3-r2", "1.2.3-r100"), Ordering::Greater);
        assert_eq!(cmp("a.b.c.d.e.f", "1.2.3"), Ordering::Greater);
    }

    #[test]
    fn non_versions_are_zero() {
        assert_eq!(padded(&Value::Null), padded_text("0"));
        assert_eq!(padded(&Value::String(String::new())), padded_text("0"));
        assert_eq!(padded(&serde_json::json!(2)), padded_text("2"));
    }
}
