//! Compact JSON text of a result: byte for byte what `serde_json::to_string` writes, and a
//! note of any integer JavaScript would read as a different number.
//!
//! serde_json's writer goes through generic layers (an `io::Write`, a `Formatter`, a
//! per-byte escape loop) that the size-optimised wasm build does not inline: writing a
//! 37 KB page there took more time than computing it. This serializer appends to one
//! `Vec<u8>` directly and copies runs of string bytes that need no escape in one go. Floats
//! are still written by serde_json, so their shortest form is exactly its own.

use serde::ser::{self, Serialize};
use std::fmt::{self, Display};

/// The output so far, and whether an integer beyond ±(2^53 − 1) was written outside a
/// string.
pub(super) struct Output {
    pub(super) bytes: Vec<u8>,
    pub(super) unsafe_integer: bool,
}

/// Why a value could not be written (a map key that is not a string or a number, or an
/// error raised by a `Serialize` implementation).
#[derive(Debug)]
pub(super) struct OutputError(String);

impl Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OutputError {}

impl ser::Error for OutputError {
    fn custom<T: Display>(message: T) -> OutputError {
        OutputError(message.to_string())
    }
}

/// The largest integer JavaScript holds exactly.
const SAFE_LIMIT: u128 = (1 << 53) - 1;

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

impl Output {
    pub(super) fn with_capacity(capacity: usize) -> Output {
        Output { bytes: Vec::with_capacity(capacity), unsafe_integer: false }
    }

    fn string(&mut self, value: &str) {
        self.bytes.push(b'"');
        let bytes = value.as_bytes();
        let mut start = 0;
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            let escape = ESCAPE[byte as usize];
            if escape != 0 {
                self.bytes.extend_from_slice(&bytes[start..index]);
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
            index += 1;
        }
        self.bytes.extend_from_slice(&bytes[start..]);
        self.bytes.push(b'"');
    }

    /// A decimal integer; `checked` notes one beyond the safe range.
    fn integer(&mut self, negative: bool, magnitude: u128, checked: bool) {
        if checked && magnitude > SAFE_LIMIT {
            self.unsafe_integer = true;
        }
        let mut digits = [0u8; 40];
        let mut at = digits.len();
        if let Ok(mut small) = u64::try_from(magnitude) {
            loop {
                at -= 1;
                digits[at] = b'0' + (small % 10) as u8;
                small /= 10;
                if small == 0 {
                    break;
                }
            }
        } else {
            let mut large = magnitude;
            loop {
                at -= 1;
                digits[at] = b'0' + (large % 10) as u8;
                large /= 10;
                if large == 0 {
                    break;
                }
            }
        }
        if negative {
            self.bytes.push(b'-');
        }
        self.bytes.extend_from_slice(&digits[at..]);
    }

    /// A float exactly as serde_json writes it (`null` when not finite).
    fn float<T: Serialize>(&mut self, value: T) -> Result<(), OutputError> {
        serde_json::to_writer(&mut self.bytes, &value).map_err(|e| OutputError(e.to_string()))
    }
}

/// A list, object or variant being written: whether a separator is due, and what closes it.
pub(super) struct Compound<'a> {
    output: &'a mut Output,
    first: bool,
    close: &'static [u8],
}

impl Compound<'_> {
    fn separate(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.output.bytes.push(b',');
        }
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutputError> {
        self.separate();
        value.serialize(&mut *self.output)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), OutputError> {
        self.separate();
        self.output.string(key);
        self.output.bytes.push(b':');
        value.serialize(&mut *self.output)
    }

    fn finish(self) -> Result<(), OutputError> {
        self.output.bytes.extend_from_slice(self.close);
        Ok(())
    }
}

impl Output {
    fn open(&mut self, open: &[u8], close: &'static [u8]) -> Compound<'_> {
        self.bytes.extend_from_slice(open);
        Compound { output: self, first: true, close }
    }

    /// `{"variant":` before the content of a variant written as an object.
    fn open_variant(&mut self, variant: &str, open: &[u8], close: &'static [u8]) -> Compound<'_> {
        self.bytes.push(b'{');
        self.string(variant);
        self.bytes.push(b':');
        self.open(open, close)
    }
}

/// `serialize_i8` … `serialize_u32` of a serializer, through its 64-bit methods.
macro_rules! narrow_integers {
    () => {
        fn serialize_i8(self, value: i8) -> Result<(), OutputError> {
            self.serialize_i64(i64::from(value))
        }

        fn serialize_i16(self, value: i16) -> Result<(), OutputError> {
            self.serialize_i64(i64::from(value))
        }

        fn serialize_i32(self, value: i32) -> Result<(), OutputError> {
            self.serialize_i64(i64::from(value))
        }

        fn serialize_u8(self, value: u8) -> Result<(), OutputError> {
            self.serialize_u64(u64::from(value))
        }

        fn serialize_u16(self, value: u16) -> Result<(), OutputError> {
            self.serialize_u64(u64::from(value))
        }

        fn serialize_u32(self, value: u32) -> Result<(), OutputError> {
            self.serialize_u64(u64::from(value))
        }
    };
}

impl<'a> ser::Serializer for &'a mut Output {
    type Ok = ();
    type Error = OutputError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    narrow_integers!();

    fn serialize_bool(self, value: bool) -> Result<(), OutputError> {
        self.bytes.extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i64(self, value: i64) -> Result<(), OutputError> {
        self.integer(value < 0, u128::from(value.unsigned_abs()), true);
        Ok(())
    }

    fn serialize_i128(self, value: i128) -> Result<(), OutputError> {
        self.integer(value < 0, value.unsigned_abs(), true);
        Ok(())
    }

    fn serialize_u64(self, value: u64) -> Result<(), OutputError> {
        self.integer(false, u128::from(value), true);
        Ok(())
    }

    fn serialize_u128(self, value: u128) -> Result<(), OutputError> {
        self.integer(false, value, true);
        Ok(())
    }

    fn serialize_f32(self, value: f32) -> Result<(), OutputError> {
        self.float(value)
    }

    fn serialize_f64(self, value: f64) -> Result<(), OutputError> {
        self.float(value)
    }

    fn serialize_char(self, value: char) -> Result<(), OutputError> {
        self.string(value.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), OutputError> {
        self.string(value);
        Ok(())
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), OutputError> {
        let mut list = self.open(b"[", b"]");
        for byte in value {
            ser::SerializeSeq::serialize_element(&mut list, byte)?;
        }
        list.finish()
    }

    fn serialize_none(self) -> Result<(), OutputError> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), OutputError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), OutputError> {
        self.bytes.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), OutputError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), OutputError> {
        self.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result<(), OutputError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _name: &'static str, _index: u32, variant: &'static str, value: &T) -> Result<(), OutputError> {
        let mut object = self.open(b"{", b"}");
        object.field(variant, value)?;
        object.finish()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, OutputError> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, OutputError> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, OutputError> {
        Ok(self.open(b"[", b"]"))
    }

    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>, OutputError> {
        Ok(self.open_variant(variant, b"[", b"]}"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, OutputError> {
        Ok(self.open(b"{", b"}"))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, OutputError> {
        Ok(self.open(b"{", b"}"))
    }

    fn serialize_struct_variant(self, _name: &'static str, _index: u32, variant: &'static str, _len: usize) -> Result<Compound<'a>, OutputError> {
        Ok(self.open_variant(variant, b"{", b"}}"))
    }
}

/// The list-like compounds: each element written after a separator.
macro_rules! list_compound {
    ($($name:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$name for Compound<'_> {
            type Ok = ();
            type Error = OutputError;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutputError> {
                self.element(value)
            }

            fn end(self) -> Result<(), OutputError> {
                self.finish()
            }
        }
    )*};
}

list_compound!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = OutputError;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), OutputError> {
        self.separate();
        key.serialize(KeySerializer { output: &mut *self.output })
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), OutputError> {
        self.output.bytes.push(b':');
        value.serialize(&mut *self.output)
    }

    fn end(self) -> Result<(), OutputError> {
        self.finish()
    }
}

/// The object-like compounds with field names known at compile time.
macro_rules! struct_compound {
    ($($name:ident),* $(,)?) => {$(
        impl ser::$name for Compound<'_> {
            type Ok = ();
            type Error = OutputError;

            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), OutputError> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), OutputError> {
                self.finish()
            }
        }
    )*};
}

struct_compound!(SerializeStruct, SerializeStructVariant);

/// A map key: strings as they are, numbers and booleans in quotes (as serde_json does);
/// anything else is an error.
struct KeySerializer<'a> {
    output: &'a mut Output,
}

impl KeySerializer<'_> {
    fn quoted_integer(self, negative: bool, magnitude: u128) -> Result<(), OutputError> {
        self.output.bytes.push(b'"');
        self.output.integer(negative, magnitude, false);
        self.output.bytes.push(b'"');
        Ok(())
    }
}

fn key_must_be_a_string() -> OutputError {
    OutputError("key must be a string".to_string())
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = OutputError;
    type SerializeSeq = ser::Impossible<(), OutputError>;
    type SerializeTuple = ser::Impossible<(), OutputError>;
    type SerializeTupleStruct = ser::Impossible<(), OutputError>;
    type SerializeTupleVariant = ser::Impossible<(), OutputError>;
    type SerializeMap = ser::Impossible<(), OutputError>;
    type SerializeStruct = ser::Impossible<(), OutputError>;
    type SerializeStructVariant = ser::Impossible<(), OutputError>;

    narrow_integers!();

    fn serialize_str(self, value: &str) -> Result<(), OutputError> {
        self.output.string(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), OutputError> {
        self.output.string(value.encode_utf8(&mut [0u8; 4]));
        Ok(())
    }

    fn serialize_bool(self, value: bool) -> Result<(), OutputError> {
        self.output.string(if value { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i64(self, value: i64) -> Result<(), OutputError> {
        self.quoted_integer(value < 0, u128::from(value.unsigned_abs()))
    }

    fn serialize_i128(self, value: i128) -> Result<(), OutputError> {
        self.quoted_integer(value < 0, value.unsigned_abs())
    }

    fn serialize_u64(self, value: u64) -> Result<(), OutputError> {
        self.quoted_integer(false, u128::from(value))
    }

    fn serialize_u128(self, value: u128) -> Result<(), OutputError> {
        self.quoted_integer(false, value)
    }

    fn serialize_f32(self, _value: f32) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_f64(self, _value: f64) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_none(self) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit(self) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), OutputError> {
        self.output.string(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _name: &'static str, value: &T) -> Result<(), OutputError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _name: &'static str, _index: u32, _variant: &'static str, _value: &T) -> Result<(), OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_tuple_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeTupleVariant, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, OutputError> {
        Err(key_must_be_a_string())
    }

    fn serialize_struct_variant(self, _name: &'static str, _index: u32, _variant: &'static str, _len: usize) -> Result<Self::SerializeStructVariant, OutputError> {
        Err(key_must_be_a_string())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn ours<T: Serialize>(value: &T) -> Option<String> {
        let mut output = Output::with_capacity(16);
        value.serialize(&mut output).ok()?;
        String::from_utf8(output.bytes).ok()
    }

    #[derive(Serialize)]
    #[serde(tag = "reason", rename_all = "snake_case")]
    enum Tagged {
        Plain,
        WithFields { count: u32, names: Vec<String> },
    }

    #[derive(Serialize)]
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
    struct Flattened {
        id: &'static str,
        #[serde(flatten)]
        reason: Tagged,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        unit: (),
        tuple: (i8, char),
        bytes: &'static [u8],
        #[serde(rename = "needs \"escapes\"\n")]
        escaped_name: u8,
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let escapes: String = (0u8..0x80).map(char::from).chain("é漢字😀\u{2028}/".chars()).collect();
        let mut keyed: BTreeMap<u64, i8> = BTreeMap::new();
        keyed.insert(u64::MAX, -1);
        let values: Vec<Value> = vec![
            json!(null),
            json!([true, false, 0, -0.0, 1.5, 1e300, -1e-300, 0.1, 123456789012345678u64, -9007199254740991i64]),
            json!({"": {}, "a": [], "b": [[]], "c": {"d": "e\"\\\n\t"}, "escapes": escapes}),
        ];
        for value in &values {
            assert_eq!(ours(value), serde_json::to_string(value).ok(), "{value}");
        }
        let flattened = Flattened { id: "x", reason: Tagged::WithFields { count: 3, names: vec!["a".into()] }, skipped: None, unit: (), tuple: (-8, 'ü'), bytes: b"\x00\xff", escaped_name: 1 };
        assert_eq!(ours(&flattened), serde_json::to_string(&flattened).ok());
        assert_eq!(ours(&Tagged::Plain), serde_json::to_string(&Tagged::Plain).ok());
        let externals = [External::Unit, External::Newtype(-5), External::Tuple(7, f64::NAN), External::Struct { flag: true, text: None }];
        assert_eq!(ours(&externals), serde_json::to_string(&externals).ok());
        assert_eq!(ours(&keyed), serde_json::to_string(&keyed).ok());
        assert_eq!(ours(&(f32::MAX, f32::MIN_POSITIVE, 1.1f32, u128::MAX, i128::MIN)), serde_json::to_string(&(f32::MAX, f32::MIN_POSITIVE, 1.1f32, u128::MAX, i128::MIN)).ok());
    }

    #[test]
    fn notes_integers_beyond_the_safe_range_outside_strings() {
        let check = |value: &Value| {
            let mut output = Output::with_capacity(16);
            value.serialize(&mut output).map(|()| output.unsafe_integer).ok()
        };
        assert_eq!(check(&json!([9007199254740991i64, -9007199254740991i64, "99999999999999999999", 1e300])), Some(false));
        assert_eq!(check(&json!({"a": 9007199254740992u64})), Some(true));
        assert_eq!(check(&json!([-9007199254740992i64])), Some(true));
        let keyed: BTreeMap<u64, u8> = [(u64::MAX, 1)].into_iter().collect();
        let mut output = Output::with_capacity(16);
        assert!(keyed.serialize(&mut output).is_ok());
        assert!(!output.unsafe_integer);
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
            prop_assert_eq!(ours(&value), serde_json::to_string(&value).ok());
        }
    }
}
