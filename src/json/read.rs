//! Reading JSON text: one tokenizer over `&str` and the [`FromJson`] readers written
//! against it.
//!
//! Every reader is a plain function of one [`Reader`]: no visitor, no generic
//! deserializer, so each type's reader is compiled once. Objects are walked by one
//! function ([`Reader::object`]) that hands each key to the caller; a problem found in a
//! value travels outwards and collects the JSON-pointer tokens of the objects and arrays
//! it passes, so the path of a problem costs nothing while nothing is wrong.
//!
//! What is accepted is what the crate's inputs accepted before (serde_json's reading):
//! numbers as JavaScript writes them, an integer beyond `u64` or written with a fraction
//! or an exponent read as a float (so `1.0` and `-0` are not whole numbers), a float
//! beyond `f64` refused as invalid JSON, nesting up to [`MAX_JSON_DEPTH`] levels, strings
//! with every escape and surrogate pairs but no lone surrogate.

use crate::error::{pointer, Code, Error};
use crate::limits::MAX_JSON_DEPTH;
use serde_json::Value;
use std::borrow::Cow;

/// A problem met while reading: a stable code, a message, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    /// `invalid_type`, `invalid_value`, `missing_field`, `unknown_field`, `unknown_variant`,
    /// `invalid_json`, `json_too_deep`…
    pub code: Code,
    /// A sentence for humans.
    pub message: String,
    /// JSON-pointer tokens from the value concerned outwards (innermost first).
    tokens: Vec<String>,
    /// Where the problem sits relative to the value being read.
    place: Place,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// The value being read (tokens are added as the error travels out).
    Value,
    /// The object whose key was just read (a duplicate key): the key is not part of the path.
    Object,
    /// The text as a whole (syntax, nesting): the path is the input's own.
    Text,
}

impl ReadError {
    fn new(code: Code, message: String) -> ReadError {
        ReadError { code, message, tokens: Vec::new(), place: Place::Value }
    }

    /// A value of the right type with a value that is not allowed (a negative amount, an
    /// impossible date).
    pub fn invalid_value(message: impl Into<String>) -> ReadError {
        ReadError::new(Code::InvalidValue, message.into())
    }

    /// A required field left out of an object.
    #[inline(never)]
    pub fn missing_field(name: &str) -> ReadError {
        let mut error = ReadError::new(Code::MissingField, format!("`{name}` is required"));
        error.tokens.push(name.to_string());
        error
    }

    /// A key the object does not know; `known` lists the keys it does.
    #[inline(never)]
    pub fn unknown_field(key: &str, known: &[&str]) -> ReadError {
        let message = if known.is_empty() { format!("unknown field `{key}`: no fields are allowed here") } else { format!("unknown field `{key}`, expected one of {}", quoted(known)) };
        ReadError::new(Code::UnknownField, message)
    }

    /// A key given twice in one object.
    #[inline(never)]
    pub fn duplicate_field(key: &str) -> ReadError {
        let mut error = ReadError::new(Code::InvalidValue, format!("`{key}` is given twice"));
        error.place = Place::Object;
        error
    }

    /// A string that names none of the `known` variants.
    #[inline(never)]
    pub fn unknown_variant(found: &str, known: &[&str]) -> ReadError {
        ReadError::new(Code::UnknownVariant, format!("{found:?} is not one of {}", quoted(known)))
    }

    /// The same error about the object whose key is being read rather than its value.
    pub fn about_object(mut self) -> ReadError {
        if self.place == Place::Value {
            self.place = Place::Object;
        }
        self
    }

    /// The same error about the value at `token` of the enclosing object or array.
    #[inline(never)]
    pub fn at(mut self, token: impl ToString) -> ReadError {
        match self.place {
            Place::Value => self.tokens.push(token.to_string()),
            Place::Object => self.place = Place::Value,
            Place::Text => {}
        }
        self
    }

    /// The JSON pointer of the problem under `prefix`.
    pub fn path(&self, prefix: &str) -> String {
        self.tokens.iter().rev().fold(prefix.to_string(), |at, token| pointer(&at, token))
    }

    /// The crate's error, with the path rooted at `prefix`.
    pub fn into_error(self, prefix: &str) -> Error {
        let path = self.path(prefix);
        Error::one(self.code, path, self.message)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The error of a `TryFrom` conversion a type is read through (`#[serde(try_from)]`): a
/// [`ReadError`] as it is, anything else as an `invalid_value` with its text.
pub trait IntoReadError {
    /// The error as a reading problem.
    fn into_read_error(self) -> ReadError;
}

impl IntoReadError for ReadError {
    fn into_read_error(self) -> ReadError {
        self
    }
}

impl IntoReadError for String {
    fn into_read_error(self) -> ReadError {
        ReadError::invalid_value(self)
    }
}

fn quoted(names: &[&str]) -> String {
    let mut out = String::new();
    for (index, name) in names.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

/// A JSON number as it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number from 0 to `u64::MAX`.
    Unsigned(u64),
    /// A negative whole number from `i64::MIN`.
    Negative(i64),
    /// Any other number: with a fraction or an exponent, beyond the integers above, or `-0`.
    Float(f64),
}

/// The one JSON tokenizer: a position in a text.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { text, at: 0, depth: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        match self.bytes().get(self.at) {
            Some(&byte) if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') => Some(byte),
            _ => self.peek_after_whitespace(),
        }
    }

    #[inline(never)]
    fn peek_after_whitespace(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    /// A syntax error at the current position.
    #[inline(never)]
    fn syntax(&self, what: &str) -> ReadError {
        let before = self.text.as_bytes().get(..self.at).unwrap_or(self.text.as_bytes());
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        let mut error = ReadError::new(Code::InvalidJson, format!("not valid JSON: {what} at line {line} column {column}"));
        error.place = Place::Text;
        error
    }

    /// A value of the wrong JSON type; describes what comes next in the text. A scalar is
    /// read first, so that broken syntax in it is reported as such.
    #[inline(never)]
    pub fn invalid_type(&mut self, expected: &str) -> ReadError {
        let start = self.peek().map(|_| self.at);
        let read = match self.peek() {
            Some(b'"') => self.string_body().map(|_| "a string"),
            Some(b'{') => Ok("an object"),
            Some(b'[') => Ok("an array"),
            Some(b't') => self.literal("true").map(|()| "true"),
            Some(b'f') => self.literal("false").map(|()| "false"),
            Some(b'n') => self.literal("null").map(|()| "null"),
            _ => self.number_body().map(|_| "a number"),
        };
        let found = match read {
            Ok("a number") => format!("the number {}", self.text.get(start.unwrap_or(0)..self.at).unwrap_or("")),
            Ok(found) => found.to_string(),
            Err(error) => return error,
        };
        ReadError::new(Code::InvalidType, format!("expected {expected}, got {found}"))
    }

    fn expect_byte(&mut self, byte: u8, what: &str) -> Result<(), ReadError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.syntax(what))
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), ReadError> {
        if self.text.get(self.at..).is_some_and(|rest| rest.starts_with(word)) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.syntax("expected a value"))
        }
    }

    /// Consumes `null` when it comes next.
    #[inline(never)]
    pub fn null(&mut self) -> Result<bool, ReadError> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads `true` or `false`.
    #[inline(never)]
    pub fn boolean(&mut self, expected: &str) -> Result<bool, ReadError> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            Some(b'"' | b'{' | b'[' | b'n' | b'-' | b'0'..=b'9') => Err(self.invalid_type(expected)),
            _ => Err(self.syntax("expected a value")),
        }
    }

    /// Reads a string; borrowed from the text unless it holds escapes.
    #[inline(never)]
    pub fn string(&mut self, expected: &str) -> Result<Cow<'a, str>, ReadError> {
        match self.peek() {
            Some(b'"') => self.string_body(),
            Some(b'{' | b'[' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => Err(self.invalid_type(expected)),
            _ => Err(self.syntax("expected a value")),
        }
    }

    /// Moves past the bytes of a string that need no attention: not a quote, a backslash
    /// or a control character. Eight at a time while it can.
    #[inline]
    fn skip_plain(&mut self) {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = self.bytes();
        while let Some(chunk) = bytes.get(self.at..self.at + 8) {
            let word = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
            let quote = word ^ (ONES * u64::from(b'"'));
            let backslash = word ^ (ONES * u64::from(b'\\'));
            let special = (quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash) | (word.wrapping_sub(ONES * 0x20) & !word);
            if special & HIGH != 0 {
                break;
            }
            self.at += 8;
        }
        while bytes.get(self.at).is_some_and(|&byte| byte != b'"' && byte != b'\\' && byte >= 0x20) {
            self.at += 1;
        }
    }

    /// The string whose opening quote is next.
    fn string_body(&mut self) -> Result<Cow<'a, str>, ReadError> {
        let bytes = self.bytes();
        self.at += 1;
        let start = self.at;
        self.skip_plain();
        // The common case: no escape, borrowed as it is.
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b'"' => {
                    let text = self.text.get(start..self.at).unwrap_or("");
                    self.at += 1;
                    return Ok(Cow::Borrowed(text));
                }
                b'\\' => break,
                0..=0x1f => return Err(self.syntax("control character in a string")),
                _ => self.at += 1,
            }
        }
        let mut out = String::from(self.text.get(start..self.at).unwrap_or(""));
        loop {
            let run = self.at;
            while let Some(&byte) = bytes.get(self.at) {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(self.text.get(run..self.at).unwrap_or(""));
            match bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = bytes.get(self.at).copied();
                    self.at += 1;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => {
                            self.at -= 1;
                            return Err(self.syntax("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.syntax("control character in a string")),
                None => return Err(self.syntax("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ReadError> {
        let digits = self.text.get(self.at..self.at + 4).and_then(|hex| if hex.bytes().all(|b| b.is_ascii_hexdigit()) { u32::from_str_radix(hex, 16).ok() } else { None });
        match digits {
            Some(value) => {
                self.at += 4;
                Ok(value)
            }
            None => Err(self.syntax("invalid \\u escape")),
        }
    }

    /// The character of a `\u` escape whose `\u` was just read, with the second half of a
    /// surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, ReadError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.text.get(self.at..).is_some_and(|rest| rest.starts_with("\\u")) {
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..=0xDFFF).contains(&second) {
                        return Err(self.syntax("lone leading surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    return Err(self.syntax("lone leading surrogate in a \\u escape"));
                }
            }
            0xDC00..=0xDFFF => return Err(self.syntax("lone trailing surrogate in a \\u escape")),
            other => other,
        };
        char::from_u32(code).ok_or_else(|| self.syntax("invalid \\u escape"))
    }

    /// Reads a number.
    #[inline(never)]
    pub fn number(&mut self, expected: &str) -> Result<Number, ReadError> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number_body(),
            Some(b'"' | b'{' | b'[' | b't' | b'f' | b'n') => Err(self.invalid_type(expected)),
            _ => Err(self.syntax("expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.bytes().get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    fn number_body(&mut self) -> Result<Number, ReadError> {
        let bytes = self.bytes();
        let start = self.at;
        let negative = bytes.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let int_start = self.at;
        // The integer part's value while it fits a u64.
        let mut magnitude: Option<u64> = Some(0);
        while let Some(&byte) = bytes.get(self.at) {
            if !byte.is_ascii_digit() {
                break;
            }
            magnitude = magnitude.and_then(|m| m.checked_mul(10)).and_then(|m| m.checked_add(u64::from(byte - b'0')));
            self.at += 1;
        }
        let int_digits = self.at - int_start;
        if int_digits == 0 || (int_digits > 1 && bytes.get(int_start) == Some(&b'0')) {
            return Err(self.syntax("invalid number"));
        }
        let mut float = false;
        if bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
            float = true;
        }
        if matches!(bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("invalid number"));
            }
            float = true;
        }
        if !float {
            if let Some(magnitude) = magnitude {
                if !negative {
                    return Ok(Number::Unsigned(magnitude));
                }
                // As JavaScript and serde_json read them: `-0` is a float.
                let value = (magnitude as i64).wrapping_neg();
                return Ok(if value >= 0 { Number::Float(-(magnitude as f64)) } else { Number::Negative(value) });
            }
        }
        let value: f64 = self.text.get(start..self.at).and_then(|text| text.parse().ok()).unwrap_or(f64::INFINITY);
        if value.is_finite() {
            Ok(Number::Float(value))
        } else {
            self.at = start;
            Err(self.syntax("number out of range"))
        }
    }

    /// Reads a whole number (not `1.0`, not `-0`).
    #[inline(never)]
    pub fn whole(&mut self, expected: &str) -> Result<i128, ReadError> {
        let start = self.at;
        match self.number(expected)? {
            Number::Unsigned(value) => Ok(i128::from(value)),
            Number::Negative(value) => Ok(i128::from(value)),
            Number::Float(_) => {
                self.at = start;
                Err(self.invalid_type(expected))
            }
        }
    }

    /// Reads a whole number within `min..=max`.
    #[inline(never)]
    pub fn whole_within(&mut self, min: i128, max: i128, expected: &str) -> Result<i128, ReadError> {
        let value = self.whole(expected)?;
        if (min..=max).contains(&value) {
            Ok(value)
        } else {
            Err(ReadError::invalid_value(format!("expected {expected}, got {value}")))
        }
    }

    /// Reads any number as a float.
    #[inline(never)]
    pub fn float(&mut self, expected: &str) -> Result<f64, ReadError> {
        Ok(match self.number(expected)? {
            Number::Unsigned(value) => value as f64,
            Number::Negative(value) => value as f64,
            Number::Float(value) => value,
        })
    }

    fn enter(&mut self) -> Result<(), ReadError> {
        self.depth += 1;
        if self.depth >= MAX_JSON_DEPTH {
            let mut error = ReadError::new(Code::JsonTooDeep, format!("nested deeper than {MAX_JSON_DEPTH} levels"));
            error.place = Place::Text;
            return Err(error);
        }
        Ok(())
    }

    /// Reads an object, handing each key to `field`, which reads (or refuses) the value.
    /// A problem in a value is given the key as its path token.
    #[inline(never)]
    pub fn object(&mut self, expected: &str, field: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<(), ReadError>) -> Result<(), ReadError> {
        match self.peek() {
            Some(b'{') => {}
            Some(b'"' | b'[' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => return Err(self.invalid_type(expected)),
            _ => return Err(self.syntax("expected a value")),
        }
        self.enter()?;
        self.at += 1;
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a key"));
            }
            let key = self.string_body()?;
            self.expect_byte(b':', "expected `:`")?;
            if let Err(error) = field(self, &key) {
                return Err(error.at(&*key));
            }
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
    }

    /// Reads an array, handing each element's index to `element`, which reads it. A
    /// problem in an element is given the index as its path token.
    #[inline(never)]
    pub fn array(&mut self, expected: &str, element: &mut dyn FnMut(&mut Reader<'a>, usize) -> Result<(), ReadError>) -> Result<(), ReadError> {
        match self.peek() {
            Some(b'[') => {}
            Some(b'"' | b'{' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => return Err(self.invalid_type(expected)),
            _ => return Err(self.syntax("expected a value")),
        }
        self.enter()?;
        self.at += 1;
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            if let Err(error) = element(self, index) {
                return Err(error.at(index));
            }
            index += 1;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    /// Skips one value, checking its syntax only (an ignored value has no depth limit,
    /// and its numbers are not converted).
    #[inline(never)]
    pub fn skip(&mut self) -> Result<(), ReadError> {
        // Open containers: true for an object.
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek() {
                Some(b'{') => {
                    self.at += 1;
                    if self.peek() == Some(b'}') {
                        self.at += 1;
                    } else {
                        open.push(true);
                        self.key()?;
                        continue;
                    }
                }
                Some(b'[') => {
                    self.at += 1;
                    if self.peek() == Some(b']') {
                        self.at += 1;
                    } else {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'"') => {
                    self.skip_string()?;
                }
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => self.skip_number()?,
                _ => return Err(self.syntax("expected a value")),
            }
            // A value ended: close what it ends, or go on to the next element or key.
            loop {
                let Some(&is_object) = open.last() else { return Ok(()) };
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        if is_object {
                            self.key()?;
                        }
                        break;
                    }
                    Some(b'}') if is_object => {
                        self.at += 1;
                        open.pop();
                    }
                    Some(b']') if !is_object => {
                        self.at += 1;
                        open.pop();
                    }
                    _ => return Err(self.syntax(if is_object { "expected `,` or `}`" } else { "expected `,` or `]`" })),
                }
            }
        }
    }

    /// A key and its colon, skipped.
    fn key(&mut self) -> Result<(), ReadError> {
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a key"));
        }
        self.skip_string()?;
        self.expect_byte(b':', "expected `:`")
    }

    fn skip_string(&mut self) -> Result<(), ReadError> {
        let bytes = self.bytes();
        let start = self.at;
        self.at += 1;
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                b'\\' => break,
                0..=0x1f => return Err(self.syntax("control character in a string")),
                _ => self.at += 1,
            }
        }
        self.at = start;
        self.string_body().map(|_| ())
    }

    fn skip_number(&mut self) -> Result<(), ReadError> {
        let bytes = self.bytes();
        if bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        let int_digits = self.digits();
        let valid_int = int_digits == 1 || (int_digits > 1 && bytes.get(int_start) != Some(&b'0'));
        let mut valid = valid_int;
        if valid && bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            valid = self.digits() > 0;
        }
        if valid && matches!(bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            valid = self.digits() > 0;
        }
        if valid {
            Ok(())
        } else {
            Err(self.syntax("invalid number"))
        }
    }

    /// Reads any value as a `serde_json::Value` (objects keep the last of duplicate keys).
    #[inline(never)]
    pub fn value(&mut self) -> Result<Value, ReadError> {
        Ok(match self.peek() {
            Some(b'{') => {
                let mut map = serde_json::Map::new();
                self.object("", &mut |reader, key| {
                    let value = reader.value()?;
                    map.insert(key.to_string(), value);
                    Ok(())
                })?;
                Value::Object(map)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.array("", &mut |reader, _| {
                    items.push(reader.value()?);
                    Ok(())
                })?;
                Value::Array(items)
            }
            Some(b'"') => Value::String(self.string_body()?.into_owned()),
            Some(b't' | b'f') => Value::Bool(self.boolean("")?),
            Some(b'n') => {
                self.literal("null")?;
                Value::Null
            }
            Some(b'-' | b'0'..=b'9') => Value::Number(match self.number_body()? {
                Number::Unsigned(value) => value.into(),
                Number::Negative(value) => value.into(),
                Number::Float(value) => serde_json::Number::from_f64(value).ok_or_else(|| self.syntax("number out of range"))?,
            }),
            _ => return Err(self.syntax("expected a value")),
        })
    }

    /// The string value of the key `tag` of the object that comes next, or `None` when the
    /// object lacks it; the reader stays where it was. Reads the whole object first, its
    /// numbers and nesting included, as serde did before it looked for the tag.
    #[inline(never)]
    pub fn tag(&mut self, tag: &str, expected: &str) -> Result<Option<Cow<'a, str>>, ReadError> {
        let start = (self.at, self.depth);
        let mut found: Option<Result<Cow<'a, str>, ReadError>> = None;
        self.object(expected, &mut |reader, key| {
            if key == tag && found.is_none() {
                let value = match reader.peek() {
                    Some(b'"') => Ok(reader.string_body()?),
                    _ => {
                        let before = reader.at;
                        let error = reader.invalid_type("a variant name");
                        reader.at = before;
                        reader.value()?;
                        Err(error)
                    }
                };
                found = Some(value);
                Ok(())
            } else {
                reader.value().map(|_| ())
            }
        })?;
        (self.at, self.depth) = start;
        match found {
            None => Ok(None),
            Some(Ok(name)) => Ok(Some(name)),
            Some(Err(error)) => Err(error.at(tag)),
        }
    }

    /// Checks that only whitespace follows the value read.
    pub fn end(&mut self) -> Result<(), ReadError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax("trailing characters")),
        }
    }
}

/// A type read from JSON text by the crate's one [`Reader`].
pub trait FromJson: Sized {
    /// Reads one value.
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError>;

    /// The value of a field left out of its object, when leaving it out is allowed
    /// (`None` for an `Option`).
    fn missing() -> Option<Self> {
        None
    }
}

/// Reads a whole text as `T`; problems carry JSON pointers rooted at `prefix`.
pub fn from_str<T: FromJson>(text: &str, prefix: &str) -> Result<T, Error> {
    let mut reader = Reader::new(text);
    T::read(&mut reader).and_then(|value| reader.end().map(|()| value)).map_err(|error| error.into_error(prefix))
}

/// Reads the value of a field into its slot; a second value for the same field is refused.
/// Generated readers call it for every field.
pub fn field<T: FromJson>(reader: &mut Reader<'_>, slot: &mut Option<T>, name: &str) -> Result<(), ReadError> {
    if slot.is_some() {
        return Err(ReadError::duplicate_field(name));
    }
    *slot = Some(T::read(reader)?);
    Ok(())
}

/// The value of a required field once its object has been read.
pub fn required<T: FromJson>(slot: Option<T>, name: &str) -> Result<T, ReadError> {
    match slot {
        Some(value) => Ok(value),
        None => T::missing().ok_or_else(|| ReadError::missing_field(name)),
    }
}

macro_rules! whole_numbers {
    ($($type:ty => $expected:literal),* $(,)?) => {$(
        impl FromJson for $type {
            fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
                let value = reader.whole_within(<$type>::MIN as i128, <$type>::MAX as i128, $expected)?;
                Ok(value as $type)
            }
        }
    )*};
}

whole_numbers! {
    u8 => "a whole number from 0 to 255",
    u16 => "a whole number from 0 to 65535",
    u32 => "a whole number from 0 to 4294967295",
    u64 => "a whole number from 0 to 18446744073709551615",
    usize => "a whole number no less than 0",
    i32 => "a whole number from -2147483648 to 2147483647",
    i64 => "a whole number",
}

impl FromJson for f64 {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.float("a number")
    }
}

impl FromJson for bool {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.boolean("true or false")
    }
}

impl FromJson for String {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.string("a string").map(Cow::into_owned)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        if reader.null()? {
            Ok(None)
        } else {
            T::read(reader).map(Some)
        }
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        T::read(reader).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut items = Vec::new();
        reader.array("an array", &mut |reader, _| {
            items.push(T::read(reader)?);
            Ok(())
        })?;
        Ok(items)
    }
}

impl<K: FromKey + Ord, T: FromJson> FromJson for crate::vec_map::VecMap<K, T> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut entries = Vec::new();
        reader.object("an object", &mut |reader, key| {
            // A key that is not allowed is a problem of the object, as serde reported it.
            let key = K::from_key(key).map_err(ReadError::about_object)?;
            let value = T::read(reader)?;
            entries.push((key, value));
            Ok(())
        })?;
        // Sorted once, however many keys; of a key given twice the later value wins.
        Ok(crate::vec_map::VecMap::from_unsorted(entries, |first, later| *first = later))
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let mut items = Vec::with_capacity(N);
        reader.array("an array", &mut |reader, index| {
            if index >= N {
                return Err(reader.syntax("more elements than the array holds"));
            }
            items.push(T::read(reader)?);
            Ok(())
        })?;
        let found = items.len();
        items.try_into().map_err(|_| ReadError::new(Code::InvalidLength, format!("expected an array of {N} elements, got {found}")))
    }
}

impl FromJson for Value {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.value()
    }
}

impl FromJson for serde_json::Map<String, Value> {
    fn read(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        if reader.peek() != Some(b'{') {
            return Err(reader.invalid_type("an object"));
        }
        match reader.value()? {
            Value::Object(map) => Ok(map),
            _ => Err(reader.invalid_type("an object")),
        }
    }
}

/// A type read from an object's key (`VecMap` keys): strings, and enums of unit
/// variants through their derived reader.
pub trait FromKey: Sized {
    /// Reads the unescaped key.
    fn from_key(key: &str) -> Result<Self, ReadError>;
}

impl FromKey for String {
    fn from_key(key: &str) -> Result<Self, ReadError> {
        Ok(key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vec_map::VecMap;

    fn read<T: FromJson>(text: &str) -> Result<T, (String, String)> {
        from_str::<T>(text, "/in").map_err(|error| (error.code().to_string(), error.path().to_string()))
    }

    fn code<T: FromJson + std::fmt::Debug>(text: &str) -> String {
        match read::<T>(text) {
            Ok(value) => format!("ok {value:?}"),
            Err((code, _)) => code,
        }
    }

    #[test]
    fn numbers_read_as_javascript_and_serde_json_read_them() {
        assert_eq!(read::<i64>(" 42 "), Ok(42));
        assert_eq!(read::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(code::<i64>("9223372036854775808"), "invalid_value");
        assert_eq!(code::<i64>("-9223372036854775809"), "invalid_type");
        assert_eq!(code::<i64>("18446744073709551616"), "invalid_type");
        assert_eq!(code::<i64>("1.0"), "invalid_type");
        assert_eq!(code::<i64>("1e2"), "invalid_type");
        assert_eq!(code::<i64>("-0"), "invalid_type");
        assert_eq!(code::<i64>("\"1\""), "invalid_type");
        assert_eq!(code::<u32>("-1"), "invalid_value");
        assert_eq!(code::<u32>("4294967296"), "invalid_value");
        assert_eq!(read::<u32>("4294967295"), Ok(u32::MAX));
        assert_eq!(read::<f64>("-0").map(f64::to_bits), Ok((-0.0f64).to_bits()));
        assert_eq!(read::<f64>("1.6582067800885623e15"), Ok(1.6582067800885623e15));
        assert_eq!(read::<f64>("5e-324"), Ok(5e-324));
        assert_eq!(read::<f64>("1e-400"), Ok(0.0));
        assert_eq!(code::<f64>("1e400"), "invalid_json");
        assert_eq!(code::<i64>("1e400"), "invalid_json");
        for bad in ["01", "-", "1.", "1e", "+1", ".5", "1.e3", "0x10", "1 2", "- 1", "NaN", "Infinity"] {
            assert_eq!(code::<f64>(bad), "invalid_json", "{bad}");
        }
    }

    #[test]
    fn values_equal_serde_json_values() {
        let texts = [
            r#"{"a":[1,-2,3.5,-0,1e2,18446744073709551615,18446744073709551616,-9223372036854775809,true,false,null],"b":{"c":"d\u00e9\ud83d\ude00\n\t\"\\\/"},"a":"last"}"#,
            "[]",
            "{}",
            "\"\"",
            "0.1",
            "123456789012345678901234567890",
            r#"{"x":{"y":[[[{}]]]}}"#,
        ];
        for text in texts {
            let ours = read::<Value>(text).map_err(|e| e.0);
            let theirs: Result<Value, String> = serde_json::from_str(text).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            if let Ok(value) = &ours {
                assert_eq!(serde_json::to_string(value).ok(), theirs.as_ref().ok().and_then(|v| serde_json::to_string(v).ok()));
            }
        }
    }

    #[test]
    fn strings_with_escapes_and_surrogates() {
        assert_eq!(read::<String>(r#""plain""#).as_deref(), Ok("plain"));
        assert_eq!(read::<String>(r#""a\u0041\u00e9\ud83d\ude00\b\f\r""#).as_deref(), Ok("aAé😀\u{8}\u{c}\r"));
        for bad in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83dx""#, r#""\ud83d\u0041""#, r#""\x""#, "\"a\u{1}\"", r#""\u12""#, r#""open"#, "\"tab\there\""] {
            assert_eq!(code::<String>(bad), "invalid_json", "{bad}");
            assert_eq!(code::<Value>(bad), "invalid_json", "{bad}");
        }
    }

    /// Plain bytes are skipped eight at a time: a quote, backslash, control character or
    /// multi-byte character at every position of a chunk is still seen.
    #[test]
    fn strings_read_the_same_at_every_offset() {
        for before in 0..20 {
            for special in ["\\\"", "\\n", "\\u00e9", "\u{1}", "\u{1f}", "é", "😀", "\u{7f}", " ", "\\\\"] {
                for after in [0, 1, 9] {
                    let text = format!("\"{}{special}{}\"", "a".repeat(before), "b".repeat(after));
                    let ours = read::<String>(&text).map_err(|e| e.0);
                    let theirs = serde_json::from_str::<String>(&text).map_err(|_| "invalid_json".to_string());
                    assert_eq!(ours, theirs, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn syntax_problems_are_invalid_json_at_the_root() {
        for bad in ["", " ", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "[1]x", "tru", "nul", "{\"a\":1", "[", "{,}"] {
            assert_eq!(read::<Value>(bad), Err(("invalid_json".to_string(), "/in".to_string())), "{bad:?}");
        }
        assert_eq!(read::<Vec<Vec<i64>>>("[[1],[2,]]"), Err(("invalid_json".to_string(), "/in".to_string())));
    }

    #[test]
    fn nesting_is_limited_as_before() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        for depth in [1, 2, 100, 127, 128, 129, 5000] {
            let ours = read::<Value>(&nested(depth)).map(|_| ()).map_err(|e| e.0);
            let theirs = serde_json::from_str::<Value>(&nested(depth)).map(|_| ()).map_err(|e| crate::read::unreadable_json_code(&e).to_string());
            assert_eq!(ours, theirs, "{depth}");
        }
        // An ignored value has no limit, as serde_json's ignoring had none.
        let mut reader = Reader::new("[[[[[[[[[[]]]]]]]]]]");
        assert_eq!(reader.skip(), Ok(()));
        assert_eq!(reader.end(), Ok(()));
    }

    #[test]
    fn paths_collect_on_the_way_out() {
        let text = r#"{"a":[{"b":1},{"b":"x"}]}"#;
        let mut reader = Reader::new(text);
        let error = VecMap::<String, Vec<VecMap<String, i64>>>::read(&mut reader).unwrap_err();
        assert_eq!((error.code, error.path("/p")), (Code::InvalidType, "/p/a/1/b".to_string()));
        assert_eq!(error.message, "expected a whole number, got a string");
        let error = read::<VecMap<String, Vec<u8>>>(r#"{"a/b~c":[1, 300]}"#).unwrap_err();
        assert_eq!(error, ("invalid_value".to_string(), "/in/a~1b~0c/1".to_string()));
    }

    #[test]
    fn skipping_checks_syntax() {
        for (text, ok) in [(r#"{"a":[1,{"b":"\u00e9"}],"c":null}"#, true), ("[1e400]", true), (r#"{"a" 1}"#, false), ("[1,]", false), (r#"["\ud800"]"#, false), ("[01]", false), (r#"{"a":1,}"#, false)] {
            let mut reader = Reader::new(text);
            assert_eq!(reader.skip().and_then(|()| reader.end()).is_ok(), ok, "{text}");
        }
    }

    /// The crate's scalar types read as their serde readers did: the same value, or the
    /// same code at the same path.
    #[test]
    fn scalar_types_read_as_before() {
        use crate::money::{Bp, Money, Points};
        use crate::offers::spec::ValidityBound;
        use crate::points::EarnRate;
        use crate::snapshot::Birthday;
        use crate::time::{Date, Instant, UtcOffset};
        fn same<T: FromJson + serde::de::DeserializeOwned + std::fmt::Debug + PartialEq>(text: &str) {
            let ours = from_str::<Vec<T>>(text, "/x").map_err(|e| (e.code().to_string(), e.path().to_string()));
            let before = crate::read::tests::parse_str_tracked::<Vec<T>>(text, "/x").map_err(|e| (e.code().to_string(), e.path().to_string()));
            assert_eq!(ours, before, "{} {text}", std::any::type_name::<T>());
        }
        let inputs = [
            "[0]", "[1, 2]", "[-1]", "[9007199254740991]", "[9007199254740992]", "[18446744073709551616]", "[1.5]", "[-0]", "[1e3]",
            "[100000000]", "[100000001]", "[\"1\"]", "[null]", "[true]", "[{}]", "[[]]", "[{\"bp\":5}]", "[{\"bp\":5,\"bp\":6}]",
            "[{\"x\":1}]", "[{\"bp\":-1}]", "[{\"bp\":\"1\"}]", "[\"2026-02-28\"]", "[\"2026-02-30\"]", "[\"--02-29\"]",
            "[\"2026-01-01T00:00:00Z\"]", "[\"2026-01-01T00:00:00+08:00\"]", "[\"2026-01-01T25:00:00Z\"]", "[\"+08:00\"]", "[\"Z\"]",
            "[\"+19:00\"]", "[\"1991-05-08\"]", "[\"x\"]", "[1e400]", "[1,", "[5000]", "[5001]",
        ];
        for text in inputs {
            same::<Money>(text);
            same::<Points>(text);
            same::<Bp>(text);
            same::<Date>(text);
            same::<Instant>(text);
            same::<UtcOffset>(text);
            same::<Birthday>(text);
            same::<EarnRate>(text);
            same::<ValidityBound>(text);
            same::<i64>(text);
            same::<u32>(text);
            same::<u8>(text);
            same::<f64>(text);
            same::<bool>(text);
            same::<String>(text);
            same::<Option<i64>>(text);
            same::<Value>(text);
        }
    }

    /// The derive's features on the program's own types: each problem's code and path.
    #[test]
    fn derived_readers_report_where_the_problem_is() {
        use crate::engine::EvaluateOptions;
        use crate::offers::spec::SurfaceSpec;
        use crate::points::ExpirySpec;
        use crate::scores::RfmBreakpoints;
        use crate::tier::WindowSpec;
        fn outcome<T: FromJson + std::fmt::Debug>(text: &str) -> String {
            match from_str::<T>(text, "/p") {
                Ok(value) => format!("{value:?}"),
                Err(error) => format!("{} {}", error.code(), error.path()),
            }
        }
        // Internally tagged, fields checked for the variant the tag names, wherever it is.
        assert_eq!(outcome::<WindowSpec>(r#"{"months":6,"kind":"rolling_months"}"#), "RollingMonths { months: 6 }");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"calendar_year"}"#), "CalendarYear");
        assert_eq!(outcome::<WindowSpec>(r#"{"months":6}"#), "missing_field /p/kind");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"weekly"}"#), "unknown_variant /p/kind");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":3}"#), "invalid_type /p/kind");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"rolling_months"}"#), "missing_field /p/months");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"rolling_months","months":"6"}"#), "invalid_type /p/months");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"calendar_year","months":6}"#), "unknown_field /p/months");
        assert_eq!(outcome::<WindowSpec>(r#"{"kind":"calendar_year","months":1e400}"#), "invalid_json /p");
        assert_eq!(outcome::<WindowSpec>("[]"), "invalid_type /p");
        // try_from: the conversion's own codes and paths.
        assert_eq!(outcome::<ExpirySpec>(r#"{"kind":"end_of_year","years_after":1}"#), "EndOfYear { years_after: 1 }");
        assert_eq!(outcome::<ExpirySpec>(r#"{"kind":"end_of_year"}"#), "missing_field /p/years_after");
        assert_eq!(outcome::<ExpirySpec>(r#"{"kind":"never","months":3}"#), "unknown_field /p/months");
        assert_eq!(outcome::<ExpirySpec>(r#"{"kind":"never","days":3}"#), "unknown_field /p/days");
        // Defaults, enum map keys (a bad key is the object's problem), duplicates.
        assert!(outcome::<SurfaceSpec>(r#"{"id":"s","channel":"web","purposes":["service"]}"#).contains("limit: 3"));
        assert_eq!(outcome::<SurfaceSpec>(r#"{"id":"s","channel":"web","purposes":["service"],"kind_weights":{"nope":1}}"#), "unknown_variant /p/kind_weights");
        assert_eq!(outcome::<SurfaceSpec>(r#"{"id":"s","channel":"web","purposes":["sales"]}"#), "unknown_variant /p/purposes/0");
        assert_eq!(outcome::<SurfaceSpec>(r#"{"id":"s","id":"t","channel":"web","purposes":[]}"#), "invalid_value /p");
        assert_eq!(outcome::<SurfaceSpec>(r#"{"channel":"web","purposes":[]}"#), "missing_field /p/id");
        // Fixed-length arrays.
        assert_eq!(outcome::<RfmBreakpoints>(r#"{"recency":[1,2,3],"frequency":[1,2,3,4],"monetary":[1,2,3,4]}"#), "invalid_length /p/recency");
        assert_eq!(outcome::<RfmBreakpoints>(r#"{"recency":[1,2,3,4,5],"frequency":[1,2,3,4],"monetary":[1,2,3,4]}"#), "invalid_json /p");
        // read_with: an explicit null limit is refused, a missing one is the default.
        assert_eq!(outcome::<EvaluateOptions>(r#"{"now":"2026-01-01T00:00:00Z","limit":null}"#), "invalid_value /p/limit");
        assert!(outcome::<EvaluateOptions>(r#"{"now":"2026-01-01T00:00:00Z"}"#).contains("limit: None"));
        assert!(outcome::<EvaluateOptions>(r#"{"now":"2026-01-01T00:00:00Z","limit":2}"#).contains("limit: Some(2)"));
    }

    #[test]
    fn tags_are_found_anywhere_in_the_object() {
        let mut reader = Reader::new(r#"{"months":3,"kind":"rolling_months"}"#);
        assert_eq!(reader.tag("kind", "a window").ok().flatten().as_deref(), Some("rolling_months"));
        assert_eq!(reader.at, 0);
        let mut reader = Reader::new(r#"{"months":3}"#);
        assert_eq!(reader.tag("kind", "a window"), Ok(None));
        let mut reader = Reader::new(r#"{"kind":5}"#);
        assert_eq!(reader.tag("kind", "a window").map_err(|e| (e.code, e.path(""))), Err((Code::InvalidType, "/kind".to_string())));
    }
}
