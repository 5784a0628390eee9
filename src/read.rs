//! Reading JSON into typed values while keeping every problem as an [`Issue`] with a
//! JSON-pointer path. Compilation uses [`CompileContext`] to collect **all** issues of a
//! program at once; per-member inputs (snapshots, carts, options) stop at the first
//! structural problem but still say exactly where it is.

use crate::error::{pointer, Error, Issue};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Turns a serde error at `path` (a `serde_path_to_error` path) into an issue.
fn issue_from_serde(prefix: &str, path: &serde_path_to_error::Path, message: String) -> Issue {
    let mut at = prefix.to_string();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => at = pointer(&at, index),
            serde_path_to_error::Segment::Map { key } => at = pointer(&at, key),
            serde_path_to_error::Segment::Enum { variant } => at = pointer(&at, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    let message = strip_position(&message);
    let (code, field) = if let Some(field) = between(&message, "missing field `", "`") {
        ("missing_field", Some(field))
    } else if let Some(field) = between(&message, "unknown field `", "`") {
        ("unknown_field", Some(field))
    } else if message.starts_with("invalid type") {
        ("invalid_type", None)
    } else if message.starts_with("unknown variant") {
        ("unknown_variant", None)
    } else if message.starts_with("invalid length") {
        ("invalid_length", None)
    } else if message.contains("recursion limit") {
        ("json_too_deep", None)
    } else {
        ("invalid_value", None)
    };
    if let Some(field) = field {
        if !at.ends_with(&pointer("", field)) {
            at = pointer(&at, field);
        }
    }
    Issue::new(code, at, message)
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// serde_json appends " at line L column C" to parse errors; the path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_string(),
        _ => message.to_string(),
    }
}

/// Deserialises `value` as `T`; the issue's path is rooted at `path`.
pub fn parse_value<T: DeserializeOwned>(value: &Value, path: &str) -> Result<T, Issue> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let at = error.path().clone();
        issue_from_serde(path, &at, error.into_inner().to_string())
    })
}

/// Parses JSON text as `T`; problems carry JSON pointers rooted at `prefix`
/// (e.g. `""` for a snapshot, `"/cart"` for a cart passed inside options).
pub fn parse_str<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let at = error.path().clone();
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            Error::one("invalid_json", prefix, format!("not valid JSON: {inner}"))
        } else {
            Error { issues: vec![issue_from_serde(prefix, &at, inner.to_string())] }
        }
    })?;
    deserializer.end().map_err(|e| Error::one("invalid_json", prefix, format!("not valid JSON: {e}")))?;
    Ok(value)
}

/// Deserialises `T` from any serde deserializer (the wasm boundary's JS values), with the
/// same issue codes and JSON-pointer paths rooted at `prefix` as [`parse_str`]; the
/// messages are the deserializer's own.
#[cfg(feature = "object-boundary")]
pub fn parse_from<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(deserializer: D, prefix: &str) -> Result<T, Error> {
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let at = error.path().clone();
        Error { issues: vec![issue_from_serde(prefix, &at, error.into_inner().to_string())] }
    })
}

/// Parses JSON text into a generic value (for programs, whose sections are read one by one).
pub fn parse_json(text: &str, prefix: &str) -> Result<Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        let code = if e.to_string().contains("recursion limit") { "json_too_deep" } else { "invalid_json" };
        Error::one(code, prefix, format!("not valid JSON: {e}"))
    })
}

/// Collects issues while a program is compiled.
#[derive(Debug, Default)]
pub struct CompileContext {
    /// Every issue found so far.
    pub issues: Vec<Issue>,
}

impl CompileContext {
    /// Records an issue.
    pub fn report(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::new(code, path, message));
    }

    /// Deserialises `value` as `T`, recording an issue and returning `None` on failure.
    pub fn parse<T: DeserializeOwned>(&mut self, value: &Value, path: &str) -> Option<T> {
        match parse_value(value, path) {
            Ok(parsed) => Some(parsed),
            Err(issue) => {
                self.issues.push(issue);
                None
            }
        }
    }

    /// Deserialises every element of the array `value` on its own, so that one broken
    /// element does not hide the problems of the others. A non-array records one issue.
    pub fn parse_each<T: DeserializeOwned>(&mut self, value: &Value, path: &str) -> Vec<Option<T>> {
        match value {
            Value::Array(items) => items.iter().enumerate().map(|(index, item)| self.parse(item, &pointer(path, index))).collect(),
            Value::Null => Vec::new(),
            other => {
                self.report("invalid_type", path, format!("expected an array, got {}", json_type(other)));
                Vec::new()
            }
        }
    }
}

/// The JSON type name of a value, as messages use it.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        amount: crate::money::Money,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn paths_point_at_the_problem() {
        let err = parse_str::<Outer>(r#"{"items":[{"amount":1},{"amount":-5}]}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), ("invalid_value", "/items/1/amount"));
        let err = parse_str::<Outer>(r#"{"items":[{}]}"#, "/cart").unwrap_err();
        assert_eq!((err.code(), err.path()), ("missing_field", "/cart/items/0/amount"));
        let err = parse_str::<Outer>(r#"{"items":[],"extra":1}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), ("unknown_field", "/extra"));
        let err = parse_str::<Outer>(r#"{"items":[{"amount":"1"}]}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), ("invalid_type", "/items/0/amount"));
        let err = parse_str::<Outer>(r#"{"items":["#, "").unwrap_err();
        assert_eq!(err.code(), "invalid_json");
    }

    #[test]
    fn parse_each_reports_every_broken_element() {
        let mut ctx = CompileContext::default();
        let value: Value = serde_json::json!([{"amount": 1}, {"amount": -1}, {"amount": "x"}]);
        let parsed: Vec<Option<Inner>> = ctx.parse_each(&value, "/rules");
        assert_eq!(parsed.iter().filter(|p| p.is_some()).count(), 1);
        let paths: Vec<&str> = ctx.issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, vec!["/rules/1/amount", "/rules/2/amount"]);
    }
}
