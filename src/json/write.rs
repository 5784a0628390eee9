//! Writing JSON text: one [`JsonWriter`] appending to a byte buffer, and the [`ToJson`]
//! trait every result type implements (most through `#[derive(ToJson)]`, which reads the
//! types' `#[serde(...)]` attributes).
//!
//! The text is byte for byte what `serde_json::to_string` writes for the same value: the
//! same escapes, integers in decimal, floats in their shortest round-trip form through the
//! formatter serde_json itself uses (`zmij`), `null` for a float that is not finite. Unlike
//! a `serde::Serializer`, nothing here is generic over the output, so each type's writer is
//! one small function, and no `core::fmt` machinery is reached.

use crate::error::Code;
use crate::error::Error;
use serde_json::{Map, Number, Value};

/// `#[derive(ToJson)]`: the writer of a struct or enum from its `#[serde(...)]` attributes.
pub use tierwise_json_derive::ToJson;

/// The largest integer JavaScript holds exactly: 2^53 − 1.
const SAFE_LIMIT: u64 = (1 << 53) - 1;

/// What follows a backslash for each byte that JSON strings escape (`u` for `\u00XX`),
/// 0 for bytes written as they are: serde_json's table.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Compact JSON text being written, and whether an integer beyond ±(2^53 − 1) was written
/// outside a string (JavaScript would read it as a different number).
#[derive(Debug, Default)]
pub struct JsonWriter {
    bytes: Vec<u8>,
    unsafe_integer: bool,
}

impl JsonWriter {
    /// An empty writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> JsonWriter {
        JsonWriter { bytes: Vec::with_capacity(capacity), unsafe_integer: false }
    }

    /// Whether an integer beyond the safe range was written as a number.
    pub fn unsafe_integer(&self) -> bool {
        self.unsafe_integer
    }

    /// The text so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text written. Only whole `&str` values and ASCII are ever appended, so the
    /// conversion cannot fail; the check keeps this free of `unsafe`.
    pub fn into_string(self) -> Result<String, Error> {
        String::from_utf8(self.bytes).map_err(|_| Error::one(Code::InternalError, "", "the written result is not UTF-8"))
    }

    /// Appends JSON text as it is: punctuation, or a key already quoted and escaped (what
    /// the derive emits, `,"name":`).
    pub fn raw(&mut self, text: &str) {
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// Appends one byte of punctuation (`{`, `,`, …).
    pub fn byte(&mut self, byte: u8) {
        self.bytes.push(byte);
    }

    /// `null`.
    pub fn null(&mut self) {
        self.raw("null");
    }

    /// `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// A quoted string; runs of bytes that need no escape are copied in one go.
    pub fn string(&mut self, value: &str) {
        self.bytes.push(b'"');
        self.string_content(value);
        self.bytes.push(b'"');
    }

    /// The escaped content of a string, without the quotes.
    fn string_content(&mut self, value: &str) {
        let bytes = value.as_bytes();
        let mut start = 0;
        for (index, &byte) in bytes.iter().enumerate() {
            let escape = ESCAPE[usize::from(byte)];
            if escape == 0 {
                continue;
            }
            if let Some(run) = bytes.get(start..index) {
                self.bytes.extend_from_slice(run);
            }
            if escape == b'u' {
                self.bytes.extend_from_slice(b"\\u00");
                self.bytes.push(HEX_DIGITS[usize::from(byte >> 4)]);
                self.bytes.push(HEX_DIGITS[usize::from(byte & 0xf)]);
            } else {
                self.bytes.push(b'\\');
                self.bytes.push(escape);
            }
            start = index + 1;
        }
        if let Some(run) = bytes.get(start..) {
            self.bytes.extend_from_slice(run);
        }
    }

    /// `,` unless `first`, which it clears: the separator before a list element or an
    /// object member.
    pub fn separator(&mut self, first: &mut bool) {
        if *first {
            *first = false;
        } else {
            self.bytes.push(b',');
        }
    }

    /// A separator, `key` quoted and escaped, and `:`: the start of a map entry.
    pub fn key(&mut self, first: &mut bool, key: &str) {
        self.separator(first);
        self.string(key);
        self.bytes.push(b':');
    }

    /// A separator and a key already quoted with its colon (`"name":`): the start of a
    /// field whose name the derive knows.
    pub fn field(&mut self, first: &mut bool, quoted_key: &str) {
        self.separator(first);
        self.raw(quoted_key);
    }

    /// A signed integer, noted when beyond the safe range.
    pub fn i64(&mut self, value: i64) {
        if value < 0 {
            self.bytes.push(b'-');
        }
        self.u64(value.unsigned_abs());
    }

    /// An unsigned integer, noted when beyond the safe range.
    pub fn u64(&mut self, value: u64) {
        if value > SAFE_LIMIT {
            self.unsafe_integer = true;
        }
        self.digits(value);
    }

    /// A 128-bit signed integer, noted when beyond the safe range.
    pub fn i128(&mut self, value: i128) {
        if value < 0 {
            self.bytes.push(b'-');
        }
        self.u128(value.unsigned_abs());
    }

    /// A 128-bit unsigned integer, noted when beyond the safe range.
    pub fn u128(&mut self, value: u128) {
        match u64::try_from(value) {
            Ok(small) => self.u64(small),
            Err(_) => {
                self.unsafe_integer = true;
                let mut digits = [0u8; 40];
                let mut at = digits.len();
                let mut rest = value;
                while rest > 0 && at > 0 {
                    at -= 1;
                    digits[at] = b'0' + (rest % 10) as u8;
                    rest /= 10;
                }
                self.bytes.extend_from_slice(digits.get(at..).unwrap_or_default());
            }
        }
    }

    /// The decimal digits of `value`, unchecked (also used inside strings).
    pub fn digits(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = value;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 || at == 0 {
                break;
            }
        }
        self.bytes.extend_from_slice(digits.get(at..).unwrap_or_default());
    }

    /// `value` with at least `width` digits, zeros in front (`07`, `0042`): for dates and
    /// clock times inside strings.
    pub fn padded(&mut self, value: u32, width: usize) {
        let mut length = 1;
        let mut rest = value / 10;
        while rest > 0 {
            length += 1;
            rest /= 10;
        }
        for _ in length..width {
            self.bytes.push(b'0');
        }
        self.digits(u64::from(value));
    }

    /// A float as serde_json writes it: the shortest text that reads back as the same
    /// number, `null` when not finite.
    pub fn f64(&mut self, value: f64) {
        if value.is_finite() {
            self.raw(zmij::Buffer::new().format_finite(value));
        } else {
            self.null();
        }
    }

    /// A 32-bit float as serde_json writes it.
    pub fn f32(&mut self, value: f32) {
        if value.is_finite() {
            self.raw(zmij::Buffer::new().format_finite(value));
        } else {
            self.null();
        }
    }
}

/// A value that writes itself as JSON text, byte for byte what its `serde::Serialize`
/// gives through `serde_json::to_string`, and converts itself to the `serde_json::Value`
/// that `serde_json::to_value` gives.
pub trait ToJson {
    /// Appends the value's JSON text.
    fn write_json(&self, out: &mut JsonWriter);

    /// The value as a `serde_json::Value` (what conditions read).
    fn to_json_value(&self) -> Value;
}

/// A value written as the members of an object someone else opened: what
/// `#[serde(flatten)]` needs (structs, internally tagged enums, maps).
pub trait ToJsonFields {
    /// Appends `"name":value` members, each after a separator unless `first`.
    fn write_json_fields(&self, out: &mut JsonWriter, first: &mut bool);

    /// Inserts the members into `map`.
    fn json_value_fields(&self, map: &mut Map<String, Value>);
}

/// The JSON text of `value`, or `result_out_of_range` when it holds an integer JavaScript
/// would read as a different number. Inputs are bounded so that this is not reached; if a
/// sum or a rate still passes the bound, no result is better than a wrong one.
pub fn to_json_string<T: ToJson + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = JsonWriter::with_capacity(4096);
    value.write_json(&mut out);
    if out.unsafe_integer() {
        let mut message = String::from("a number in the result exceeds ");
        push_decimal(&mut message, crate::money::MAX_AMOUNT);
        message.push_str(", the largest integer JavaScript holds exactly; the inputs' amounts are too large");
        return Err(Error::one(crate::error::Code::ResultOutOfRange, "", message));
    }
    out.into_string()
}

/// The JSON text of `value`, without the safe-integer check: for explanations, scores and
/// errors, which serde_json wrote unchecked before.
pub fn to_json_text<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = JsonWriter::with_capacity(256);
    value.write_json(&mut out);
    String::from_utf8(out.bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// Appends the decimal digits of `value` to `text` without `core::fmt`.
pub fn push_decimal(text: &mut String, value: i64) {
    let mut out = JsonWriter::with_capacity(20);
    out.i64(value);
    text.extend(out.bytes.iter().map(|&byte| char::from(byte)));
}

/// The decimal text of `value` without `core::fmt`.
pub fn decimal(value: i64) -> String {
    let mut text = String::new();
    push_decimal(&mut text, value);
    text
}

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut JsonWriter) {
                out.i64(i64::from(*self));
            }

            fn to_json_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut JsonWriter) {
                out.u64(u64::from(*self));
            }

            fn to_json_value(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

signed!(i8, i16, i32, i64);
unsigned!(u8, u16, u32, u64);

impl ToJson for isize {
    fn write_json(&self, out: &mut JsonWriter) {
        out.i128(*self as i128);
    }

    fn to_json_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut JsonWriter) {
        out.u128(*self as u128);
    }

    fn to_json_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for i128 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.i128(*self);
    }

    fn to_json_value(&self) -> Value {
        i64::try_from(*self).map_or_else(|_| Value::from(*self as f64), Value::from)
    }
}

impl ToJson for u128 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.u128(*self);
    }

    fn to_json_value(&self) -> Value {
        u64::try_from(*self).map_or_else(|_| Value::from(*self as f64), Value::from)
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.f64(*self);
    }

    fn to_json_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for f32 {
    fn write_json(&self, out: &mut JsonWriter) {
        out.f32(*self);
    }

    fn to_json_value(&self) -> Value {
        Value::from(*self)
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut JsonWriter) {
        out.bool(*self);
    }

    fn to_json_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }

    fn to_json_value(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut JsonWriter) {
        out.string(self);
    }

    fn to_json_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToJson for () {
    fn write_json(&self, out: &mut JsonWriter) {
        out.null();
    }

    fn to_json_value(&self) -> Value {
        Value::Null
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }

    fn to_json_value(&self) -> Value {
        (**self).to_json_value()
    }
}

impl<T: ToJsonFields + ?Sized> ToJsonFields for &T {
    fn write_json_fields(&self, out: &mut JsonWriter, first: &mut bool) {
        (**self).write_json_fields(out, first);
    }

    fn json_value_fields(&self, map: &mut Map<String, Value>) {
        (**self).json_value_fields(map);
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        (**self).write_json(out);
    }

    fn to_json_value(&self) -> Value {
        (**self).to_json_value()
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(out),
            None => out.null(),
        }
    }

    fn to_json_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json_value)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut JsonWriter) {
        out.byte(b'[');
        let mut first = true;
        for element in self {
            out.separator(&mut first);
            element.write_json(out);
        }
        out.byte(b']');
    }

    fn to_json_value(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json_value).collect())
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }

    fn to_json_value(&self) -> Value {
        self.as_slice().to_json_value()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut JsonWriter) {
        self.as_slice().write_json(out);
    }

    fn to_json_value(&self) -> Value {
        self.as_slice().to_json_value()
    }
}

/// A map key: written as a JSON string, as serde_json writes string keys and unit variants.
pub trait ToJsonKey {
    /// The key's text, before escaping.
    fn json_key(&self) -> &str;
}

impl ToJsonKey for String {
    fn json_key(&self) -> &str {
        self
    }
}

impl ToJsonKey for str {
    fn json_key(&self) -> &str {
        self
    }
}

impl<K: ToJsonKey, T: ToJson> ToJson for crate::vec_map::VecMap<K, T> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.byte(b'{');
        let mut first = true;
        self.write_json_fields(out, &mut first);
        out.byte(b'}');
    }

    fn to_json_value(&self) -> Value {
        let mut map = Map::new();
        self.json_value_fields(&mut map);
        Value::Object(map)
    }
}

impl<K: ToJsonKey, T: ToJson> ToJsonFields for crate::vec_map::VecMap<K, T> {
    fn write_json_fields(&self, out: &mut JsonWriter, first: &mut bool) {
        for (key, value) in self {
            out.key(first, key.json_key());
            value.write_json(out);
        }
    }

    fn json_value_fields(&self, map: &mut Map<String, Value>) {
        for (key, value) in self {
            map.insert(key.json_key().to_owned(), value.to_json_value());
        }
    }
}

impl ToJson for Map<String, Value> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.byte(b'{');
        let mut first = true;
        self.write_json_fields(out, &mut first);
        out.byte(b'}');
    }

    fn to_json_value(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl ToJson for Number {
    fn write_json(&self, out: &mut JsonWriter) {
        if let Some(value) = self.as_u64() {
            out.u64(value);
        } else if let Some(value) = self.as_i64() {
            out.i64(value);
        } else if let Some(value) = self.as_f64() {
            out.f64(value);
        } else {
            out.null();
        }
    }

    fn to_json_value(&self) -> Value {
        Value::Number(self.clone())
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut JsonWriter) {
        match self {
            Value::Null => out.null(),
            Value::Bool(value) => out.bool(*value),
            Value::Number(number) => number.write_json(out),
            Value::String(text) => out.string(text),
            Value::Array(list) => list.write_json(out),
            Value::Object(map) => map.write_json(out),
        }
    }

    fn to_json_value(&self) -> Value {
        self.clone()
    }
}

impl ToJsonFields for Map<String, Value> {
    fn write_json_fields(&self, out: &mut JsonWriter, first: &mut bool) {
        for (key, value) in self {
            out.key(first, key);
            value.write_json(out);
        }
    }

    fn json_value_fields(&self, map: &mut Map<String, Value>) {
        for (key, value) in self {
            map.insert(key.clone(), value.clone());
        }
    }
}

/// Scalars of the crate written as strings, whose text is built without `core::fmt`.
mod scalars {
    use super::{JsonWriter, ToJson};
    use crate::error::Error;
    use crate::offers::spec::ValidityBound;
    use crate::points::EarnRate;
    use crate::snapshot::Birthday;
    use crate::time::{Date, Instant, UtcOffset};
    use serde_json::{Map, Value};

    /// The text a string-valued scalar writes between its quotes, reused for its value.
    fn as_value(write: impl FnOnce(&mut JsonWriter)) -> Value {
        let mut out = JsonWriter::with_capacity(32);
        write(&mut out);
        let text = out.bytes.get(1..out.bytes.len().saturating_sub(1)).unwrap_or_default();
        Value::String(String::from_utf8_lossy(text).into_owned())
    }

    /// `YYYY-MM-DD`; years are 0000–9999.
    fn date_text(out: &mut JsonWriter, date: Date) {
        let (year, month, day) = date.ymd();
        if year < 0 {
            out.byte(b'-');
        }
        out.padded(year.unsigned_abs(), 4);
        out.byte(b'-');
        out.padded(month, 2);
        out.byte(b'-');
        out.padded(day, 2);
    }

    /// `+HH:MM` or `-HH:MM`.
    fn offset_text(out: &mut JsonWriter, offset: UtcOffset) {
        let seconds = offset.seconds();
        out.byte(if seconds < 0 { b'-' } else { b'+' });
        let magnitude = seconds.unsigned_abs();
        out.padded(magnitude / 3600, 2);
        out.byte(b':');
        out.padded(magnitude % 3600 / 60, 2);
    }

    impl ToJson for Date {
        fn write_json(&self, out: &mut JsonWriter) {
            out.byte(b'"');
            date_text(out, *self);
            out.byte(b'"');
        }

        fn to_json_value(&self) -> Value {
            as_value(|out| self.write_json(out))
        }
    }

    impl ToJson for UtcOffset {
        fn write_json(&self, out: &mut JsonWriter) {
            out.byte(b'"');
            offset_text(out, *self);
            out.byte(b'"');
        }

        fn to_json_value(&self) -> Value {
            as_value(|out| self.write_json(out))
        }
    }

    impl ToJson for Instant {
        fn write_json(&self, out: &mut JsonWriter) {
            let offset = self.offset();
            let seconds = u32::try_from(self.seconds_of_day_in(offset)).unwrap_or(0);
            out.byte(b'"');
            date_text(out, self.date_in(offset));
            out.byte(b'T');
            out.padded(seconds / 3600, 2);
            out.byte(b':');
            out.padded(seconds % 3600 / 60, 2);
            out.byte(b':');
            out.padded(seconds % 60, 2);
            offset_text(out, offset);
            out.byte(b'"');
        }

        fn to_json_value(&self) -> Value {
            as_value(|out| self.write_json(out))
        }
    }

    impl ToJson for Birthday {
        fn write_json(&self, out: &mut JsonWriter) {
            out.byte(b'"');
            match self.year {
                Some(year) => {
                    if year < 0 {
                        out.byte(b'-');
                    }
                    out.padded(year.unsigned_abs(), 4);
                    out.byte(b'-');
                }
                None => out.raw("--"),
            }
            out.padded(self.month, 2);
            out.byte(b'-');
            out.padded(self.day, 2);
            out.byte(b'"');
        }

        fn to_json_value(&self) -> Value {
            as_value(|out| self.write_json(out))
        }
    }

    impl ToJson for ValidityBound {
        fn write_json(&self, out: &mut JsonWriter) {
            match self {
                ValidityBound::Date(date) => date.write_json(out),
                ValidityBound::Instant(instant) => instant.write_json(out),
            }
        }

        fn to_json_value(&self) -> Value {
            match self {
                ValidityBound::Date(date) => date.to_json_value(),
                ValidityBound::Instant(instant) => instant.to_json_value(),
            }
        }
    }

    impl ToJson for EarnRate {
        fn write_json(&self, out: &mut JsonWriter) {
            match self {
                EarnRate::PerMajor(points) => out.i64(*points),
                EarnRate::BasisPoints(bp) => {
                    out.raw("{\"bp\":");
                    bp.write_json(out);
                    out.byte(b'}');
                }
            }
        }

        fn to_json_value(&self) -> Value {
            match self {
                EarnRate::PerMajor(points) => Value::from(*points),
                EarnRate::BasisPoints(bp) => {
                    let mut map = Map::new();
                    map.insert("bp".into(), bp.to_json_value());
                    Value::Object(map)
                }
            }
        }
    }

    /// `{code, path, message, issues}`: the first three repeat the first issue, which is
    /// what the JS `TierwiseError` carries.
    impl ToJson for Error {
        fn write_json(&self, out: &mut JsonWriter) {
            out.raw("{\"code\":");
            out.string(self.code().as_str());
            out.raw(",\"path\":");
            out.string(self.path());
            out.raw(",\"message\":");
            out.string(&self.message());
            out.raw(",\"issues\":");
            self.issues().write_json(out);
            out.byte(b'}');
        }

        fn to_json_value(&self) -> Value {
            let mut map = Map::new();
            map.insert("code".into(), Value::String(self.code().as_str().to_owned()));
            map.insert("path".into(), Value::String(self.path().to_owned()));
            map.insert("message".into(), Value::String(self.message()));
            map.insert("issues".into(), self.issues().to_json_value());
            Value::Object(map)
        }
    }

}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::vec_map::VecMap;
    use crate::time::{Date, Instant, UtcOffset};
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::json;

    fn ours<T: ToJson + ?Sized>(value: &T) -> String {
        let mut out = JsonWriter::with_capacity(16);
        value.write_json(&mut out);
        out.into_string().unwrap_or_default()
    }

    fn serde<T: Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }

    /// The text and the value both agree with serde_json.
    fn same<T: ToJson + Serialize + ?Sized>(value: &T) {
        assert_eq!(ours(value), serde(value));
        assert_eq!(Some(value.to_json_value()), serde_json::to_value(value).ok(), "{}", serde(value));
    }

    #[test]
    fn primitives_are_written_as_serde_json_writes_them() {
        same(&0i8);
        same(&i8::MIN);
        same(&i16::MIN);
        same(&i32::MIN);
        same(&u8::MAX);
        same(&u16::MAX);
        same(&u32::MAX);
        same(&-9007199254740991i64);
        same(&usize::MAX);
        same(&isize::MIN);
        for float in [0.0, -0.0, 1.5, 0.1, 0.30000000000000004, 1e300, -1e-300, 5e-324, f64::MAX, f64::NAN, f64::INFINITY, 123456789.0, 1e21, 1e-7] {
            same(&float);
        }
        for float in [f32::MAX, f32::MIN_POSITIVE, 1.1f32, f32::NEG_INFINITY] {
            same(&float);
        }
        same(&true);
        same(&false);
        same(&());
        same("a \"quoted\" \\ line\n\t\u{1}\u{1f}\u{7f} é漢字😀\u{2028}/");
        same(&String::from(""));
        same(&Some(3u8));
        same(&None::<u8>);
        same(&vec![Some("a".to_string()), None]);
        same(&[1i64, 2, 3]);
        same(&Vec::<u8>::new());
        same(&Box::new(7u32));
        let map: VecMap<String, Vec<i64>> = [("b".into(), vec![1]), ("a\"".into(), vec![]), ("".into(), vec![-1, 2])].into_iter().collect();
        same(&map);
        same(&VecMap::<String, u8>::new());
        let escapes: String = (0u8..0x80).map(char::from).collect();
        same(&escapes);
        assert_eq!(ours(&u128::MAX), serde(&u128::MAX));
        assert_eq!(ours(&i128::MIN.wrapping_add(1)), serde(&(i128::MIN + 1)));
    }

    #[test]
    fn json_values_are_written_as_serde_json_writes_them() {
        let escapes: String = (0u8..0x80).map(char::from).chain("é漢字😀\u{2028}/".chars()).collect();
        let values = [
            json!(null),
            json!([true, false, 0, -0.0, 1.5, 1e300, -1e-300, 0.1, 123456789012345678u64, -9007199254740991i64, u64::MAX, i64::MIN]),
            json!({"": {}, "a": [], "b": [[]], "c": {"d": "e\"\\\n\t"}, "escapes": escapes}),
        ];
        for value in &values {
            same(value);
        }
    }

    #[test]
    fn crate_scalars_are_written_as_their_serialize_writes_them() {
        let offsets = [Some(UtcOffset::UTC), UtcOffset::from_seconds(8 * 3600), UtcOffset::from_seconds(-(9 * 3600 + 30 * 60)), UtcOffset::from_seconds(18 * 3600)];
        for offset in offsets.into_iter().flatten() {
            same(&offset);
        }
        for date in [Date::MIN, Date::MAX, Date::from_ymd(2026, 2, 28).unwrap_or(Date::MIN), Date::from_ymd(7, 11, 3).unwrap_or(Date::MIN)] {
            same(&date);
        }
        for text in ["2026-11-23T10:00:00+08:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-05:30", "2026-03-01T00:00:59.123+00:00"] {
            let instant = Instant::parse(text);
            assert!(instant.is_ok(), "{text}");
            if let Ok(instant) = instant {
                same(&instant);
            }
        }
        for text in ["1990-03-14", "--02-29", "0001-01-01"] {
            let birthday = crate::snapshot::Birthday::parse(text);
            assert!(birthday.is_ok(), "{text}");
            if let Ok(birthday) = birthday {
                same(&birthday);
            }
        }
        let error = Error::all(vec![
            crate::error::Issue::new(crate::error::Code::InvalidType, "/x", "first \"one\""),
            crate::error::Issue::new(crate::error::Code::MissingField, "", "second"),
        ]);
        same(&error);
        same(&Error::one(crate::error::Code::OutOfRange, "/p/0", "the only one"));
    }

    #[test]
    fn notes_integers_beyond_the_safe_range_outside_strings() {
        let unsafe_after = |value: &Value| {
            let mut out = JsonWriter::with_capacity(16);
            value.write_json(&mut out);
            out.unsafe_integer()
        };
        assert!(!unsafe_after(&json!([9007199254740991i64, -9007199254740991i64, "99999999999999999999", 1e300])));
        assert!(unsafe_after(&json!({"a": 9007199254740992u64})));
        assert!(unsafe_after(&json!([-9007199254740992i64])));
        assert!(unsafe_after(&json!(u64::MAX)));
        let mut out = JsonWriter::with_capacity(16);
        u128::MAX.write_json(&mut out);
        assert!(out.unsafe_integer());
        assert_eq!(to_json_string(&json!({"a": [1, 9007199254740991i64]})).ok().as_deref(), Some(r#"{"a":[1,9007199254740991]}"#));
        let rejected = to_json_string(&json!({"total": 18014398509481982u64})).err();
        assert_eq!(rejected.as_ref().map(|e| e.code()), Some(Code::ResultOutOfRange));
        assert_eq!(rejected.map(|e| e.message()), Some(format!("result_out_of_range: a number in the result exceeds {}, the largest integer JavaScript holds exactly; the inputs' amounts are too large", crate::money::MAX_AMOUNT)));
    }

    #[test]
    fn decimals_and_padding_match_core_fmt() {
        for value in [0, 7, -7, 10, 99, 100, i64::MAX, i64::MIN, 9007199254740993] {
            assert_eq!(decimal(value), value.to_string());
        }
        for (value, width) in [(0u32, 2usize), (7, 2), (42, 2), (123, 2), (7, 4), (2026, 4), (12345, 4)] {
            let mut out = JsonWriter::with_capacity(8);
            out.padded(value, width);
            assert_eq!(String::from_utf8_lossy(out.as_bytes()), format!("{value:0width$}"));
        }
    }

    #[derive(Serialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    #[derive(ToJson)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        FirstKind,
        #[serde(rename = "other \"kind\"")]
        Second,
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    #[serde(tag = "reason", rename_all = "snake_case")]
    enum Tagged {
        Plain,
        WithFields {
            count: u32,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            names: Vec<String>,
        },
        Wrapped(Inner),
        #[serde(rename_all = "UPPERCASE")]
        Shouting { loud_name: bool },
        Braced {},
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        #[serde(default)]
        depth: i64,
        #[serde(skip)]
        hidden: u8,
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    enum External {
        Unit,
        Newtype(i64),
        Tuple(u8, f64),
        Struct {
            #[serde(rename = "flag \"quoted\"")]
            flag: bool,
            text: Option<String>,
        },
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    #[serde(untagged)]
    enum Either {
        Left(Inner),
        Right { r#type: String },
        Both(u8, u8),
        Neither,
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    #[serde(transparent)]
    struct Amount {
        minor: i64,
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    struct Newtype(Amount);

    #[derive(Serialize)]
    #[derive(ToJson)]
    struct Pair(i8, &'static str);

    #[derive(Serialize)]
    #[derive(ToJson)]
    struct Nothing;

    #[derive(Serialize)]
    #[derive(ToJson)]
    #[serde(rename_all = "camelCase")]
    struct Flattened<'a> {
        id: &'a str,
        #[serde(flatten)]
        reason: Tagged,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped_when_none: Option<u8>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        only_when_true: bool,
        #[serde(flatten)]
        inner: &'a Inner,
        #[serde(flatten)]
        extra: VecMap<String, Value>,
        by_kind: VecMap<Kind, Amount>,
        #[serde(rename = "needs \"escapes\"\n\u{1}")]
        escaped_name: Pair,
        list: Vec<Either>,
    }

    #[derive(Serialize)]
    #[derive(ToJson)]
    struct OnlyOptional {
        #[serde(skip_serializing_if = "Option::is_none")]
        first: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        second: Option<u8>,
    }

    #[test]
    fn derived_writers_write_what_serde_derives_write() {
        let inner = Inner { depth: -3, hidden: 9 };
        for reason in [Tagged::Plain, Tagged::WithFields { count: 3, names: vec!["a".into()] }, Tagged::WithFields { count: 0, names: vec![] }, Tagged::Wrapped(Inner { depth: 1, hidden: 2 }), Tagged::Shouting { loud_name: true }, Tagged::Braced {}] {
            same(&reason);
            for (skipped_when_none, only_when_true) in [(None, false), (Some(4), true)] {
                let extra: VecMap<String, Value> = [("zeta".to_string(), json!([1, {"b": null}])), ("alpha \"x\"".to_string(), json!(0.5))].into_iter().collect();
                let by_kind: VecMap<Kind, Amount> = [(Kind::Second, Amount { minor: 7 }), (Kind::FirstKind, Amount { minor: -1 })].into_iter().collect();
                let list = vec![Either::Left(Inner { depth: 0, hidden: 0 }), Either::Right { r#type: "t".into() }, Either::Both(1, 2), Either::Neither];
                let flattened = Flattened { id: "x\u{0}", reason: Tagged::Plain, skipped_when_none, only_when_true, inner: &inner, extra, by_kind, escaped_name: Pair(-8, "ü"), list };
                let flattened = Flattened { reason: match &reason {
                    Tagged::Plain => Tagged::Plain,
                    Tagged::WithFields { count, names } => Tagged::WithFields { count: *count, names: names.clone() },
                    Tagged::Wrapped(inner) => Tagged::Wrapped(Inner { depth: inner.depth, hidden: inner.hidden }),
                    Tagged::Shouting { loud_name } => Tagged::Shouting { loud_name: *loud_name },
                    Tagged::Braced {} => Tagged::Braced {},
                }, ..flattened };
                same(&flattened);
            }
        }
        same(&[External::Unit, External::Newtype(-5), External::Tuple(7, f64::NAN), External::Struct { flag: true, text: None }]);
        same(&(Newtype(Amount { minor: 12 })));
        same(&Pair(1, "two"));
        same(&Nothing);
        same(&Inner { depth: i64::MIN, hidden: 0 });
        same(&[Kind::FirstKind, Kind::Second]);
        for (first, second) in [(None, None), (Some(1), None), (None, Some(2)), (Some(1), Some(2))] {
            same(&OnlyOptional { first, second });
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
                prop::collection::btree_map(any::<String>(), inner, 0..8).prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_json_value_is_written_byte_for_byte(value in json_value()) {
            prop_assert_eq!(ours(&value), serde(&value));
        }

        #[test]
        fn any_float_is_written_byte_for_byte(value in any::<f64>(), single in any::<f32>()) {
            prop_assert_eq!(ours(&value), serde(&value));
            prop_assert_eq!(ours(&single), serde(&single));
        }

        #[test]
        fn any_instant_is_written_as_its_display(seconds in -62_167_219_200i64..253_402_300_799, offset in -1080i32..=1080) {
            let offset = UtcOffset::from_seconds(offset * 60).unwrap_or(UtcOffset::UTC);
            let instant = Instant::from_unix_seconds(seconds, offset);
            prop_assert_eq!(ours(&instant), serde(&instant));
            let date = instant.date_in(offset);
            prop_assert_eq!(ours(&date), serde(&date));
        }
    }
}
