//! Reading JSON into typed values while keeping every problem as an [`Issue`] with a
//! JSON-pointer path. Compilation uses [`CompileContext`] to collect **all** issues of a
//! program at once; per-member inputs (snapshots, carts, options) stop at the first
//! structural problem but still say exactly where it is.

use crate::error::Code;
use crate::error::{pointer, Error, Issue};
use crate::json::FromJson;
use serde_json::Value;

/// Turns a serde error at `path` (a `serde_path_to_error` path) into an issue.
#[cfg(test)]
fn issue_from_serde(prefix: &str, path: &serde_path_to_error::Path, message: String) -> Issue {
    let tokens = path.iter().filter_map(|segment| match segment {
        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
        serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
        serde_path_to_error::Segment::Unknown => None,
    });
    issue_at(prefix, tokens, message)
}

#[cfg(test)]
/// Turns a serde error message about the value at the JSON-pointer `tokens` into an issue:
/// the code from the message, and for a missing or unknown field the field's own path.
fn issue_at(prefix: &str, tokens: impl IntoIterator<Item = String>, message: String) -> Issue {
    let mut at = prefix.to_string();
    for token in tokens {
        at = pointer(&at, token);
    }
    let message = strip_position(&message);
    let (code, field) = if let Some(field) = between(&message, "missing field `", "`") {
        (Code::MissingField, Some(field))
    } else if let Some(field) = between(&message, "unknown field `", "`") {
        (Code::UnknownField, Some(field))
    } else if message.starts_with("invalid type") {
        (Code::InvalidType, None)
    } else if message.starts_with("unknown variant") {
        (Code::UnknownVariant, None)
    } else if message.starts_with("invalid length") {
        (Code::InvalidLength, None)
    } else if message.contains("recursion limit") {
        (Code::JsonTooDeep, None)
    } else {
        (Code::InvalidValue, None)
    };
    if let Some(field) = field {
        if !at.ends_with(&pointer("", field)) {
            at = pointer(&at, field);
        }
    }
    Issue::new(code, at, message)
}

#[cfg(test)]
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
/// serde_json appends " at line L column C" to parse errors; the path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_string(),
        _ => message.to_string(),
    }
}

/// Parses JSON text as `T`; problems carry JSON pointers rooted at `prefix`
/// (e.g. `""` for a snapshot, `"/cart"` for a cart passed inside options).
///
/// The text is read by the crate's own reader ([`crate::json`]): one tokenizer and plain
/// per-type functions, no per-type serde deserialiser. The path of a problem is collected
/// as the error travels out of the objects and arrays it is in, so nothing is tracked
/// while the input is fine.
pub fn parse_str<T: FromJson>(text: &str, prefix: &str) -> Result<T, Error> {
    crate::json::from_str(text, prefix)
}

#[cfg(test)]
/// The code of JSON text serde_json could not read: nested past its recursion limit
/// ([`crate::limits::MAX_JSON_DEPTH`]) is a limit of its own, everything else is a syntax error.
pub(crate) fn unreadable_json_code(error: &serde_json::Error) -> Code {
    if error.to_string().contains("recursion limit") {
        Code::JsonTooDeep
    } else {
        Code::InvalidJson
    }
}

/// Parses JSON text into a generic value (for programs, whose sections are read one by one).
pub fn parse_json(text: &str, prefix: &str) -> Result<Value, Error> {
    crate::json::from_str(text, prefix)
}

/// Collects issues while a program is compiled.
#[derive(Debug, Default)]
pub struct CompileContext {
    /// Every issue found so far.
    pub issues: Vec<Issue>,
}

impl CompileContext {
    /// Records an issue.
    pub fn report(&mut self, code: Code, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::new(code, path, message));
    }

    /// Deserialises `value` as `T`, recording an issue and returning `None` on failure.
    ///
    /// The value is written back to JSON text and read by [`parse_str`]: every type is then
    /// deserialised from one kind of reader only, which keeps a second copy of each
    /// deserialiser (and a path-tracking third) out of the wasm. Compiling a program is
    /// done once, so the extra writing costs little where it is paid. The text is written by
    /// the crate's own writer (the same bytes as `Value`'s `Display`): serde_json's would
    /// bring serde's `Serialize` for `Value` and its generic writer into the wasm.
    pub fn parse<T: FromJson>(&mut self, value: &Value, path: &str) -> Option<T> {
        match parse_str(&crate::json::write::to_json_text(value), path) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                self.issues.extend(error.into_issues());
                None
            }
        }
    }

    /// Deserialises every element of the array `value` on its own, so that one broken
    /// element does not hide the problems of the others. A non-array records one issue.
    pub fn parse_each<T: FromJson>(&mut self, value: &Value, path: &str) -> Vec<Option<T>> {
        match value {
            Value::Array(items) => items.iter().enumerate().map(|(index, item)| self.parse(item, &pointer(path, index))).collect(),
            Value::Null => Vec::new(),
            other => {
                self.report(Code::InvalidType, path, format!("expected an array, got {}", json_type(other)));
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
pub(crate) mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;

    #[derive(crate::json::FromJson)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        amount: crate::money::Money,
    }

    #[derive(crate::json::FromJson)]
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[test]
    fn paths_point_at_the_problem() {
        let err = parse_str::<Outer>(r#"{"items":[{"amount":1},{"amount":-5}]}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::InvalidValue, "/items/1/amount"));
        let err = parse_str::<Outer>(r#"{"items":[{}]}"#, "/cart").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::MissingField, "/cart/items/0/amount"));
        let err = parse_str::<Outer>(r#"{"items":[],"extra":1}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::UnknownField, "/extra"));
        let err = parse_str::<Outer>(r#"{"items":[{"amount":"1"}]}"#, "").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::InvalidType, "/items/0/amount"));
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

    /// How inputs were read through serde until the crate read them itself: serde_json
    /// without tracking, the path recovered from the position where it stopped. Where
    /// serde_path_to_error cannot name a key (a map keyed by an enum), this is the reading
    /// the crate's own reader is compared with.
    pub(crate) fn parse_str_positions<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, Error> {
        serde_json::from_str(text).map_err(|error| {
            if unreadable_json_code(&error) == "json_too_deep" {
                return Error::one(Code::JsonTooDeep, prefix, format!("nested deeper than {} levels: {error}", crate::limits::MAX_JSON_DEPTH));
            }
            if error.is_syntax() || error.is_eof() {
                return Error::one(Code::InvalidJson, prefix, format!("not valid JSON: {error}"));
            }
            let message = error.to_string();
            let offset = offset_of(text, error.line(), error.column());
            Error::from_issue(issue_at(prefix, tokens_at(text, offset, &message), message))
        })
    }

    /// The byte offset of serde_json's 1-based line and 0-based byte column.
    fn offset_of(text: &str, line: usize, column: usize) -> usize {
        let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(at, _)| at + 1) };
        (line_start + column).min(text.len())
    }

    /// Errors about a whole object or array rather than one of its values; serde_json reports
    /// them after the container's closing bracket.
    fn is_about_container(message: &str) -> bool {
        message.contains("missing field `") || message.starts_with("invalid length") || message.starts_with("duplicate field")
    }

    /// One level of the JSON being scanned by [`tokens_at`].
    enum Level<'a> {
        /// An object and the raw text of the key last read in it.
        Object(Option<&'a str>),
        /// An array and the index of its current element.
        Array(usize),
    }

    /// What the scan met last.
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Nothing,
        Open,
        Close,
        Key,
        Colon,
        Comma,
        Scalar,
    }

    /// The JSON-pointer tokens of the value a data error at byte `offset` of `text` is about:
    /// the path `serde_path_to_error` tracks, recovered from where serde_json stopped.
    ///
    /// serde_json stops right after a value a deserialiser rejected as it read it (a number of
    /// the wrong type, an unknown variant); right before an object or array of the wrong type;
    /// right after a key it does not know or has seen twice; right after the closing bracket
    /// of a container that lacks a field or an element (`about_container`). A value checked
    /// after it was read (a negative amount, an impossible date) is reported when its object
    /// or array ends: after the whitespace that follows it, after the closing bracket when it
    /// was the last value, and in an array after the comma and whitespace that follow it.
    /// The text before `offset` is valid JSON as far as it goes: syntax errors never get here.
    fn tokens_at(text: &str, offset: usize, message: &str) -> Vec<String> {
        let bytes = &text.as_bytes()[..offset.min(text.len())];
        let mut levels: Vec<Level<'_>> = Vec::new();
        let mut closed: Option<Level<'_>> = None;
        // The last two things met, most recent first.
        let (mut last, mut before) = (Token::Nothing, Token::Nothing);
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            at += 1;
            let token = match byte {
                b' ' | b'\t' | b'\n' | b'\r' => continue,
                b'{' => {
                    levels.push(Level::Object(None));
                    Token::Open
                }
                b'[' => {
                    levels.push(Level::Array(0));
                    Token::Open
                }
                b'}' | b']' => {
                    closed = levels.pop();
                    Token::Close
                }
                b':' => Token::Colon,
                b',' => {
                    if let Some(Level::Array(index)) = levels.last_mut() {
                        *index += 1;
                    }
                    Token::Comma
                }
                b'"' => {
                    let start = at;
                    while at < bytes.len() && bytes[at] != b'"' {
                        at += if bytes[at] == b'\\' { 2 } else { 1 };
                    }
                    let raw = text.get(start..at).unwrap_or("");
                    at += 1;
                    match levels.last_mut() {
                        Some(Level::Object(key)) if last != Token::Colon => {
                            *key = Some(raw);
                            Token::Key
                        }
                        _ => Token::Scalar,
                    }
                }
                _ => {
                    // A number, true, false or null, up to the next delimiter.
                    while at < bytes.len() && !matches!(bytes[at], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        at += 1;
                    }
                    Token::Scalar
                }
            };
            before = last;
            last = token;
        }
        let token_of = |level: &Level<'_>| match level {
            Level::Object(key) => key.map(unescape_key),
            Level::Array(index) => Some(index.to_string()),
        };
        let about_container = is_about_container(message);
        let mut tokens: Vec<String> = Vec::with_capacity(levels.len() + 1);
        if let Some((innermost, outer)) = levels.split_last() {
            tokens.extend(outer.iter().filter_map(token_of));
            match innermost {
                // Between the values of an object: the object itself.
                Level::Object(_) if matches!(last, Token::Key | Token::Open | Token::Comma) => {}
                // A checked value followed by a comma: the element before the comma.
                Level::Array(index) if last == Token::Comma && before == Token::Scalar && !message.starts_with("invalid type") => {
                    tokens.push(index.saturating_sub(1).to_string());
                }
                level => tokens.extend(token_of(level)),
            }
        }
        if last == Token::Close && before == Token::Scalar && !about_container {
            // A checked value, the last of the object or array just closed.
            tokens.extend(closed.as_ref().and_then(token_of));
        }
        tokens
    }

    /// A key as its raw JSON text, unescaped.
    fn unescape_key(raw: &str) -> String {
        if raw.contains('\\') {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
        } else {
            raw.to_string()
        }
    }

    /// How inputs were read through serde: tracking the path of every value with
    /// serde_path_to_error. The crate's own reader must give the same values, and the same
    /// codes at the same paths, on every input (the messages are its own).
    pub(crate) fn parse_str_tracked<T: DeserializeOwned>(text: &str, prefix: &str) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let at = error.path().clone();
            let inner = error.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                Error::one(unreadable_json_code(&inner), prefix, format!("not valid JSON: {inner}"))
            } else {
                Error::from_issue(issue_from_serde(prefix, &at, inner.to_string()))
            }
        })?;
        deserializer.end().map_err(|e| Error::one(Code::InvalidJson, prefix, format!("not valid JSON: {e}")))?;
        Ok(value)
    }

    /// The one way the crate's reader differs from serde's derived readers: serde read a
    /// struct from an array too (its fields by position) and an enum from an object
    /// (`{"completed": null}`), and called any other non-string given for an enum invalid
    /// JSON; the crate's reader, like the JSON Schema and the TypeScript types, wants an
    /// object and a string, and says so with `invalid_type` at that value, which must be
    /// an array or not a string (serde: invalid JSON, whatever it was). What serde made of
    /// it does not matter then.
    fn refused_on_purpose<T>(text: &str, new: &Result<T, Error>, old: &Result<T, Error>) -> bool {
        let Err(new) = new else { return false };
        let [issue] = new.issues() else { return false };
        // The shape of the text, its floats beyond f64 (the edits write `1e400`) made readable.
        let whole = serde_json::from_str::<Value>(&text.replace("1e400", "0")).unwrap_or(Value::Null);
        let value = issue.path.strip_prefix("/in").and_then(|at| whole.pointer(at));
        // Where the text is not one serde_json reads as a whole (a float beyond f64
        // elsewhere), serde's own error at or inside the array shows it read one there.
        let serde_read_inside = old.as_ref().err().is_some_and(|old| old.path() == issue.path || old.path().starts_with(&format!("{}/", issue.path)));
        let struct_from_array =
            issue.message.starts_with("expected an object") && issue.message.ends_with("got an array") && (value.is_some_and(Value::is_array) || serde_read_inside);
        let serde_said_invalid_json = old.as_ref().err().is_some_and(|old| old.code() == "invalid_json");
        let enum_from_other = issue.message.starts_with("expected one of") && (value.is_some_and(|v| !v.is_string()) || serde_said_invalid_json);
        issue.code == "invalid_type" && (struct_from_array || enum_from_other)
    }

    fn same_reading<T: FromJson + DeserializeOwned + serde::Serialize>(text: &str) -> Result<(), String> {
        let where_ = |error: &Error| error.issues().iter().map(|issue| (issue.code.clone(), issue.path.clone())).collect::<Vec<_>>();
        let new = parse_str::<T>(text, "/in");
        let old = parse_str_tracked::<T>(text, "/in");
        let agrees = |old: &Result<T, Error>| match (&new, old) {
            (Ok(new), Ok(old)) => serde_json::to_string(new).ok() == serde_json::to_string(old).ok(),
            (Err(new), Err(old)) => where_(new) == where_(old),
            _ => false,
        };
        let same = agrees(&old) || agrees(&parse_str_positions::<T>(text, "/in")) || refused_on_purpose(text, &new, &old);
        if same {
            Ok(())
        } else {
            let show = |result: &Result<T, Error>| match result {
                Ok(value) => serde_json::to_string(value).unwrap_or_default(),
                Err(error) => format!("{:?}", error.issues()),
            };
            Err(format!("{text}\n  serde:  {}\n  ours:   {}", show(&old), show(&new)))
        }
    }

    #[test]
    fn our_reader_gives_the_tracked_codes_and_paths() {
        use crate::engine::EvaluateOptions;
        use crate::snapshot::{Cart, Snapshot};
        let cases = [
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","lines":[{"unit_price":1},{"unit_price":-5}]}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"bad"}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"placed_at":"bad","id":"o"}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00"}],"tier":{"id":"x","since":"2026-02-30"}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o"}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","id":"p"}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","x":1}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":{}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[[]]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[1, {}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","consent":{"sms":"yes"}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","consent":{"sms":[]}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","birthday":"--02-30"}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","birthday":{}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","tier":["silver"]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","tier":[]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","tier":{"id":"a","x/y~":1}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","points":{"lots":[{"earned_at":"2026-01-01","points":5,"remaining":-1}]}}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","events":[{"kind":"a","at":"2026-01-01T00:00:00Z","value":1.5}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","offer_history":[{"offer_id":"a","kind":"seen","at":"2026-01-01T00:00:00Z"}]}"#,
            r#"{"member_id":"m","joined_at":"2026-13-01"}"#,
            r#"{"joined_at":"2026-13-01"}"#,
            r#"{"member_id":"m"}"#,
            r#"{"m\u0065mber_id":"m","joined_at":"2026-01-01","\u006frders":[{"id":"o","placed_at":"x"}]}"#,
            "{\n  \"member_id\": \"m\",\n  \"joined_at\": \"2026-01-01\",\n  \"orders\": [\n    {\"id\": \"o\", \"placed_at\": \"2026-01-02T10:00:00+08:00\", \"discount\": -1 }\n  ]\n}",
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","discount":1e400}]}"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","status":"lost"}]}"#,
            r#"5"#,
            r#"[]"#,
            r#"["m"]"#,
            r#"{"member_id":"m","joined_at":"2026-01-01"} x"#,
            r#"{"member_id":"m","joined_at":"2026-01-01","#,
        ];
        for case in cases {
            same_reading::<Snapshot>(case).unwrap_or_else(|problem| panic!("{problem}"));
        }
        for case in [r#"{"lines":[{"unit_price":1,"quantity":1.5}]}"#, r#"{"lines":[{"unit_price":"1"}],"discount":-3}"#, r#"{"discount":-3}"#, r#"{"lines":[{"unit_price":1}, 7]}"#] {
            same_reading::<Cart>(case).unwrap_or_else(|problem| panic!("{problem}"));
        }
        for case in [r#"{"now":"x"}"#, r#"{"now":"2026-01-01T00:00:00Z","cart":{"lines":[{}]}}"#, r#"{"now":"2026-01-01T00:00:00Z","limit":-1}"#, r#"{}"#] {
            same_reading::<EvaluateOptions>(case).unwrap_or_else(|problem| panic!("{problem}"));
        }
        for case in [r#"[{"member_id":"a","joined_at":"2026-01-01"},{"member_id":"b","joined_at":"x"}]"#, r#"[{"member_id":"a","joined_at":"2026-01-01"}, 3]"#] {
            same_reading::<Vec<Snapshot>>(case).unwrap_or_else(|problem| panic!("{problem}"));
        }
        for case in [r#"["2026-01-01", "2026-02-30", "2026-01-03"]"#, r#"["2026-01-01", {}]"#, r#"["2026-01-01", "2026-02-30"]"#] {
            same_reading::<Vec<crate::time::Date>>(case).unwrap_or_else(|problem| panic!("{problem}"));
        }
    }

    /// Inputs made from valid ones by random edits (a value replaced, a key dropped, added,
    /// duplicated or escaped) and written with random whitespace, read both ways.
    #[cfg(not(target_arch = "wasm32"))]
    mod random_edits {
        use super::*;
        use crate::engine::EvaluateOptions;
        use crate::snapshot::{Cart, Snapshot};
        use proptest::prelude::*;
        use serde_json::json;

        struct Random(u64);

        impl Random {
            fn next(&mut self) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0
            }
            fn below(&mut self, n: usize) -> usize {
                (self.next() % n.max(1) as u64) as usize
            }
        }

        fn replacement(random: &mut Random) -> Value {
            let long = "x".repeat(140);
            let choices = [
                json!(-1), json!(0), json!(1.5), json!(9007199254740993u64), json!("x"), json!("2026-02-30"),
                json!("2026-01-01T00:00:00Z"), json!("--02-29"), json!(true), json!(null), json!({}), json!([]),
                json!([1]), json!({"a": 1}), json!("__BIG__"), json!(long), json!("completed"), json!([{"unit_price": -1}]),
            ];
            choices[random.below(choices.len())].clone()
        }

        fn nodes(value: &Value, at: String, out: &mut Vec<String>) {
            out.push(at.clone());
            match value {
                Value::Object(map) => map.iter().for_each(|(key, child)| nodes(child, pointer(&at, key), out)),
                Value::Array(items) => items.iter().enumerate().for_each(|(index, child)| nodes(child, pointer(&at, index), out)),
                _ => {}
            }
        }

        fn edit(value: &mut Value, random: &mut Random) {
            let mut all = Vec::new();
            nodes(value, String::new(), &mut all);
            let at = all[random.below(all.len())].clone();
            let Some(node) = value.pointer_mut(&at) else { return };
            match (node, random.below(4)) {
                (Value::Object(map), 0) if !map.is_empty() => {
                    let key = map.keys().nth(random.below(map.len())).cloned().unwrap_or_default();
                    map.remove(&key);
                }
                (Value::Object(map), 1) => {
                    map.insert(["extra", "id", "a/b~c", "é"][random.below(4)].to_string(), replacement(random));
                }
                (Value::Array(items), 1) => items.push(replacement(random)),
                (node, _) => *node = replacement(random),
            }
        }

        fn write(value: &Value, random: &mut Random, out: &mut String) {
            let space = |random: &mut Random, out: &mut String| out.push_str(["", "", " ", "\n", "\n  ", "\t"][random.below(6)]);
            match value {
                Value::Object(map) => {
                    out.push('{');
                    let duplicate = random.below(12) == 0;
                    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                    if duplicate && !entries.is_empty() {
                        let twice = entries[random.below(entries.len())];
                        entries.insert(random.below(entries.len() + 1), twice);
                    }
                    for (index, (key, child)) in entries.into_iter().enumerate() {
                        if index > 0 {
                            out.push(',');
                        }
                        space(random, out);
                        let key = serde_json::to_string(key).unwrap_or_default();
                        if random.below(8) == 0 && key.len() > 2 {
                            // The first character written as a \u escape.
                            let first = key[1..].chars().next().unwrap_or('a');
                            out.push_str(&format!("\"\\u{:04x}{}", first as u32, &key[1 + first.len_utf8()..]));
                        } else {
                            out.push_str(&key);
                        }
                        space(random, out);
                        out.push(':');
                        space(random, out);
                        write(child, random, out);
                        space(random, out);
                    }
                    out.push('}');
                }
                Value::Array(items) => {
                    out.push('[');
                    for (index, child) in items.iter().enumerate() {
                        if index > 0 {
                            out.push(',');
                        }
                        space(random, out);
                        write(child, random, out);
                        space(random, out);
                    }
                    out.push(']');
                }
                Value::String(text) if text == "__BIG__" => out.push_str("1e400"),
                other => out.push_str(&other.to_string()),
            }
        }

        fn snapshot() -> Value {
            json!({
                "member_id": "m-1", "joined_at": "2024-05-20", "birthday": "1991-05-08",
                "tier": {"id": "silver", "since": "2025-04-02", "valid_until": "2026-12-31"},
                "orders": [
                    {"id": "o-1", "placed_at": "2026-02-14T12:00:00+08:00", "status": "refunded", "discount": 400, "shipping": 100,
                     "lines": [{"sku": "s", "category": "tea", "unit_price": 9900, "quantity": 2, "discount": 100, "refunded": 50}]},
                    {"id": "o-2", "placed_at": "2026-03-14T12:00:00Z", "lines": [{"unit_price": 100}, {"category": "x", "unit_price": 5}]}
                ],
                "points": {"lots": [{"earned_at": "2026-02-21", "points": 704, "remaining": 404, "available_at": "2026-02-28", "expires_at": "2027-12-31", "source": "order"}],
                           "ledger": [{"at": "2026-02-21T00:00:00+08:00", "rule": "base", "points": 5}]},
                "events": [{"kind": "check_in", "at": "2026-11-20T08:00:00+08:00"}, {"kind": "review", "at": "2026-10-02T21:00:00+08:00", "value": 2}],
                "consent": {"marketing": true, "sms": false},
                "offer_history": [{"offer_id": "a", "kind": "impression", "at": "2026-11-01T09:00:00+08:00"}],
                "attributes": {"city": "Shanghai", "n": 3, "nested": {"a": [1, {"b": null}]}}
            })
        }

        fn check_all(value: &Value, kind: usize, seed: u64) -> Result<(), String> {
            let mut random = Random(seed | 1);
            let mut edited = value.clone();
            for _ in 0..1 + random.below(3) {
                edit(&mut edited, &mut random);
            }
            let mut text = String::new();
            write(&edited, &mut random, &mut text);
            match kind {
                0 => same_reading::<Snapshot>(&text),
                1 => same_reading::<Cart>(&text),
                2 => same_reading::<EvaluateOptions>(&text),
                3 => same_reading::<Vec<Snapshot>>(&text),
                4 => same_reading::<Vec<crate::offers::spec::OfferSpec>>(&text),
                5 => same_reading::<Vec<crate::offers::spec::SurfaceSpec>>(&text),
                _ => same_reading::<crate::points::PointsSpec>(&text),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

            #[test]
            fn edited_inputs_read_the_same_both_ways(seed in any::<u64>(), kind in 0usize..7) {
                let base = match kind {
                    0 => snapshot(),
                    1 => json!({"lines": [{"category": "tea", "unit_price": 12800, "quantity": 2}, {"unit_price": 5}], "discount": 5000, "shipping": 1000}),
                    2 => json!({"now": "2026-11-18T12:00:00+08:00", "surface": "cart", "limit": 3, "cart": {"lines": [{"unit_price": 5}], "discount": 1}}),
                    3 => json!([snapshot(), {"member_id": "b", "joined_at": "2026-01-01"}]),
                    // Program sections, from the default program.
                    _ => {
                        let program: Value = serde_json::from_str(include_str!("defaults/program.json")).unwrap_or(Value::Null);
                        program[["offers", "surfaces", "points"][kind - 4]].clone()
                    }
                };
                if let Err(problem) = check_all(&base, kind, seed) {
                    prop_assert!(false, "{}", problem);
                }
            }
        }
    }
}
