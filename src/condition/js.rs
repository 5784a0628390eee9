//! JavaScript value semantics, emulated on `serde_json::Value`.
//!
//! GrowthBook evaluates conditions with plain JavaScript operators, so a condition's
//! meaning depends on how JavaScript coerces values: `"8" > 5` is true because the string
//! is converted to a number, `"10" < "9"` is true because two strings compare by UTF-16
//! code units, a missing attribute is `null` and `null < 10` is true because `null`
//! becomes `0`, and `value + ""` turns `[1, 2]` into `"1,2"`. Rust has none of these
//! coercions, so this module spells out the ones the condition language relies on:
//!
//! * [`to_number`] is the abstract operation ToNumber (with StringToNumber for strings);
//! * [`write_js_string`] is ToString, including JavaScript's number formatting
//!   (`1e21` prints as `"1e+21"`, `0.000001` as `"0.000001"`, `1e-7` as `"1e-7"`);
//! * [`less_than`] is the abstract relational comparison behind `<`, `<=`, `>`, `>=`;
//! * [`cmp_utf16`] orders strings the way JavaScript does (by UTF-16 code unit, which
//!   differs from Rust's byte order for characters above U+FFFF);
//! * [`truthy`] is ToBoolean; [`strict_equal`] is `===` and [`same_value_zero`] is the
//!   comparison `Array.prototype.includes` uses, both restricted to JSON values, where
//!   arrays and objects are never equal to anything (they would be compared by identity).
//!
//! Facts and conditions are JSON, so `undefined`, `NaN` and functions never appear as
//! values; a missing fact is represented by JSON `null`, exactly as GrowthBook's
//! `getPath` returns `null` for it.

use serde_json::Value;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt::Write;

/// Compares two strings by UTF-16 code units, as JavaScript's `<` does.
pub(crate) fn cmp_utf16(left: &str, right: &str) -> Ordering {
    // Byte order equals code point order, which equals UTF-16 order except when a
    // surrogate pair (code points above U+FFFF) meets a code unit in U+E000..=U+FFFF.
    // Only pay for the UTF-16 walk when a four-byte sequence is present.
    let wide = |s: &str| s.bytes().any(|b| b >= 0xF0);
    if wide(left) || wide(right) {
        left.encode_utf16().cmp(right.encode_utf16())
    } else {
        left.cmp(right)
    }
}

/// ToBoolean.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The number a JSON number stands for in JavaScript (the nearest double).
pub(crate) fn number_of(value: &serde_json::Number) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// `===` restricted to JSON values: arrays and objects are never strictly equal to a
/// different value, and JSON never holds the same array twice by reference.
pub(crate) fn strict_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => number_of(a) == number_of(b),
        (Value::String(a), Value::String(b)) => a == b,
        _ => false,
    }
}

/// SameValueZero, the equality `Array.prototype.includes` uses. For JSON values it is the
/// same as `===` (the two differ only for `NaN`, which JSON cannot hold).
pub(crate) fn same_value_zero(left: &Value, right: &Value) -> bool {
    strict_equal(left, right)
}

/// Whether `JSON.stringify(left) === JSON.stringify(right)`, up to object key order.
///
/// JavaScript serialises object keys in insertion order, so `{"a":1,"b":2}` and
/// `{"b":2,"a":1}` stringify differently there. JSON objects are unordered (RFC 8259) and
/// our parser does not keep key order, so here they are equal. Numbers compare by value,
/// as their serialisations do (`1` and `1.0` both print as `1`).
pub(crate) fn json_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_equal(x, y)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, x)| b.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => strict_equal(left, right),
    }
}

/// ToNumber for a JSON value. Arrays go through ToPrimitive (their string form), so
/// `[]` is `0`, `[5]` is `5` and `[1, 2]` is `NaN`; objects are `NaN`.
pub(crate) fn to_number(value: &Value) -> f64 {
    match value {
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => number_of(n),
        Value::String(s) => string_to_number(s),
        Value::Array(_) => string_to_number(&to_js_string(value)),
        Value::Object(_) => f64::NAN,
    }
}

/// Whether `c` is StrWhiteSpaceChar: JavaScript's WhiteSpace or LineTerminator.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}' | '\u{A}' | '\u{B}' | '\u{C}' | '\u{D}' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

/// StringToNumber: what `Number(text)` and `text * 1` give in JavaScript.
///
/// Surrounding whitespace is ignored, the empty string is `0`, `0x`/`0o`/`0b` prefixes
/// are read in their base, `Infinity` is accepted with a sign, and anything else that is
/// not a complete decimal literal is `NaN` (so `"12px"`, `"1_000"` and `"inf"` are `NaN`).
pub(crate) fn string_to_number(text: &str) -> f64 {
    let trimmed = text.trim_matches(is_js_whitespace);
    if trimmed.is_empty() {
        return 0.0;
    }
    let radix = match trimmed.as_bytes() {
        [b'0', b'x' | b'X', _, ..] => Some(16),
        [b'0', b'o' | b'O', _, ..] => Some(8),
        [b'0', b'b' | b'B', _, ..] => Some(2),
        _ => None,
    };
    if let (Some(radix), Some(digits)) = (radix, trimmed.get(2..)) {
        return radix_to_number(digits, radix);
    }
    let unsigned = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if unsigned == "Infinity" {
        return if trimmed.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    if !is_decimal_literal(unsigned) {
        return f64::NAN;
    }
    trimmed.parse::<f64>().unwrap_or(f64::NAN)
}

/// Reads digits in `radix`, `NaN` if any character is not a digit of that base.
fn radix_to_number(digits: &str, radix: u32) -> f64 {
    let mut exact: u128 = 0;
    let mut approximate = 0.0_f64;
    let mut overflowed = false;
    for c in digits.chars() {
        let Some(digit) = c.to_digit(radix) else { return f64::NAN };
        approximate = approximate * f64::from(radix) + f64::from(digit);
        if !overflowed {
            match exact.checked_mul(u128::from(radix)).and_then(|v| v.checked_add(u128::from(digit))) {
                Some(next) => exact = next,
                None => overflowed = true,
            }
        }
    }
    if overflowed {
        approximate
    } else {
        // A u128 converts to the nearest double, like JavaScript's exact-then-round.
        exact as f64
    }
}

/// StrUnsignedDecimalLiteral without `Infinity`: `1`, `1.`, `.5`, `1.5e-3`.
fn is_decimal_literal(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    let digits = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    let integer_digits = digits(&mut at);
    let mut fraction_digits = 0;
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        fraction_digits = digits(&mut at);
    }
    if integer_digits == 0 && fraction_digits == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

/// ToString for a JSON value, borrowing when the value already is a string.
pub(crate) fn to_js_string(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s.as_str()),
        Value::Null => Cow::Borrowed("null"),
        Value::Bool(true) => Cow::Borrowed("true"),
        Value::Bool(false) => Cow::Borrowed("false"),
        Value::Object(_) => Cow::Borrowed("[object Object]"),
        Value::Number(_) | Value::Array(_) => {
            let mut out = String::new();
            write_js_string(&mut out, value);
            Cow::Owned(out)
        }
    }
}

/// Appends ToString of `value` to `out`. Arrays join their elements with `,`, writing
/// nothing for `null` elements, as `Array.prototype.join` does.
pub(crate) fn write_js_string(out: &mut String, value: &Value) {
    write_nested(out, value, 0);
}

/// How deep nested arrays are followed when writing them as text. JSON parsed by
/// `serde_json` is never deeper than 128 levels; the bound keeps a hand-built value from
/// exhausting the stack.
const MAX_TEXT_DEPTH: usize = 128;

fn write_nested(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Number(n) => write_js_number(out, number_of(n)),
        Value::Array(items) if depth < MAX_TEXT_DEPTH => {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                if !item.is_null() {
                    write_nested(out, item, depth + 1);
                }
            }
        }
        Value::Array(_) => {}
        other => out.push_str(&to_js_string(other)),
    }
}

/// Number::toString(10): the shortest digits that round-trip, laid out the way
/// JavaScript does (plain notation for exponents −7 < e < 21, otherwise `1e+21` style).
///
/// When two shortest candidates are equally near the double, JavaScript takes the even
/// one (ECMA-262 Number::toString, note 2): `1125899906842624.25` prints as
/// `1125899906842624.2`. `core::fmt` rounds such ties up, so [`shortest_digits`] corrects
/// them after checking the tie exactly.
pub(crate) fn write_js_number(out: &mut String, number: f64) {
    if number.is_nan() {
        out.push_str("NaN");
        return;
    }
    if number == 0.0 {
        out.push('0');
        return;
    }
    if number.is_infinite() {
        out.push_str(if number < 0.0 { "-Infinity" } else { "Infinity" });
        return;
    }
    if number < 0.0 {
        out.push('-');
    }
    let (digits, exponent) = shortest_digits(number.abs());
    let k = digits.len() as i64;
    let n = exponent + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        // Here 0 < n < k, so the split is inside the ASCII digit string.
        let (whole, fraction) = digits.split_at_checked(n as usize).unwrap_or((digits.as_str(), ""));
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits.as_str(), ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = n - 1;
        let _ = write!(out, "e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
}

/// The shortest round-trip digits of a finite positive double and the decimal exponent
/// of the first digit: `(digits, e)` stands for `d.ddd × 10^e`, without trailing zeros.
/// Among equally short candidates the nearest is taken, and of two equally near the even.
fn shortest_digits(number: f64) -> (String, i64) {
    // `{:e}` prints the shortest round-trip digits as `d.ddde±x`, the nearest of them,
    // and a tie rounded up.
    let scientific = format!("{number:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((scientific.as_str(), "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    // At most 17 significant digits, so they fit a u64.
    let Ok(significand) = digits.parse::<u64>() else { return (digits, exponent) };
    // The value is `significand × 10^scale`.
    let scale = exponent + 1 - digits.len() as i64;
    match even_tie_partner(number, significand, scale) {
        Some(mut even) => {
            let mut scale = scale;
            while even % 10 == 0 {
                even /= 10;
                scale += 1;
            }
            let digits = even.to_string();
            let exponent = scale + digits.len() as i64 - 1;
            (digits, exponent)
        }
        None => (digits, exponent),
    }
}

/// For an odd `significand` whose `significand × 10^scale` is exactly as near `number` as
/// a neighbour `(significand ± 1) × 10^scale` that also reads back as `number`: that even
/// neighbour. The tie is decided in exact integer arithmetic.
fn even_tie_partner(number: f64, significand: u64, scale: i64) -> Option<u64> {
    if significand % 2 == 0 {
        return None;
    }
    // number = odd × 2^power exactly.
    let bits = number.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mut odd, mut power) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    if odd == 0 {
        return None;
    }
    let zeros = odd.trailing_zeros();
    odd >>= zeros;
    power += i64::from(zeros);
    // A tie means number = (2·significand ± 1) × 10^scale / 2 = twice_mid × 5^scale × 2^(scale − 1),
    // with twice_mid odd: so the powers of two must agree, and the odd parts.
    if power != scale - 1 {
        return None;
    }
    // For scale ≥ 0 the odd parts agree when odd = twice_mid × 5^scale, for scale < 0 when
    // twice_mid = odd × 5^−scale. twice_mid is below 2^58 and odd below 2^53, so a power of
    // five above 5^27 can never match, and up to it the check is a u64 division.
    let exponent = scale.unsigned_abs();
    if exponent > 27 {
        return None;
    }
    let power_of_five = (0..exponent).fold(1_u64, |power, _| power * 5);
    for (twice_mid, partner) in [(2 * significand - 1, significand - 1), (2 * significand + 1, significand + 1)] {
        let (multiple, factor) = if scale >= 0 { (odd, twice_mid) } else { (twice_mid, odd) };
        if multiple % power_of_five == 0
            && multiple / power_of_five == factor
            && format!("{partner}e{scale}").parse::<f64>() == Ok(number)
        {
            return Some(partner);
        }
    }
    None
}

/// A primitive after ToPrimitive: what the relational operators actually compare.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Primitive<'a> {
    /// A number (`null` and booleans are converted on use, see [`Primitive::number`]).
    Number(f64),
    /// A string.
    String(Cow<'a, str>),
}

impl Primitive<'_> {
    /// ToNumber of the primitive.
    pub(crate) fn number(&self) -> f64 {
        match self {
            Primitive::Number(n) => *n,
            Primitive::String(s) => string_to_number(s),
        }
    }
}

/// ToPrimitive for a JSON value: arrays and objects become their string form; `null`
/// and booleans are already numbers as far as `<` is concerned.
pub(crate) fn to_primitive(value: &Value) -> Primitive<'_> {
    match value {
        Value::Null => Primitive::Number(0.0),
        Value::Bool(b) => Primitive::Number(f64::from(u8::from(*b))),
        Value::Number(n) => Primitive::Number(number_of(n)),
        Value::String(s) => Primitive::String(Cow::Borrowed(s.as_str())),
        Value::Array(_) | Value::Object(_) => Primitive::String(to_js_string(value)),
    }
}

/// The abstract relational comparison `left < right`: `Some(true)` or `Some(false)`, and
/// `None` ("undefined") when a side is `NaN`, which makes all of `<`, `<=`, `>`, `>=` false.
/// Two strings compare by UTF-16 code units; otherwise both sides become numbers.
pub(crate) fn less_than(left: &Primitive<'_>, right: &Primitive<'_>) -> Option<bool> {
    if let (Primitive::String(a), Primitive::String(b)) = (left, right) {
        return Some(cmp_utf16(a, b) == Ordering::Less);
    }
    let (a, b) = (left.number(), right.number());
    if a.is_nan() || b.is_nan() {
        None
    } else {
        Some(a < b)
    }
}

/// The relational operators of the condition language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
}

/// `left OP right` with JavaScript's semantics (`a <= b` is "not `b < a`", unless NaN).
pub(crate) fn relate(relation: Relation, left: &Primitive<'_>, right: &Primitive<'_>) -> bool {
    match relation {
        Relation::Less => less_than(left, right) == Some(true),
        Relation::Greater => less_than(right, left) == Some(true),
        Relation::LessOrEqual => less_than(right, left) == Some(false),
        Relation::GreaterOrEqual => less_than(left, right) == Some(false),
    }
}

/// `typeof`, refined the way GrowthBook's `$type` does (`null` and `array` are their own
/// types). A missing fact is `null`.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// JavaScript's `String.prototype.toLowerCase` (full Unicode lowercase mapping).
pub(crate) fn lowercase(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) || !text.is_ascii() {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn number_string(number: f64) -> String {
        let mut out = String::new();
        write_js_number(&mut out, number);
        out
    }

    #[test]
    fn numbers_print_like_javascript() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1"),
            (-0.0, "0"),
            (100.0, "100"),
            (123.456, "123.456"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e21, "1.5e+21"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.23e-18, "1.23e-18"),
            (-42.5, "-42.5"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (9007199254740993.0, "9007199254740992"),
            // Two shortest candidates equally near: the even one, as JavaScript prints.
            (1125899906842624.0 + 0.25, "1125899906842624.2"),
            (1125899906842624.0 + 0.75, "1125899906842624.8"),
            (2.5e-323, "2.5e-323"),
        ];
        for (number, text) in cases {
            assert_eq!(number_string(number), text, "{number}");
        }
    }

    /// tests/fixtures/js-number-text.txt: doubles and their `String(x)` as Node prints
    /// them (regenerated by tests/fixtures/js-number-text.mjs, which the JS suite runs
    /// over a corpus of more than 100,000 doubles).
    #[test]
    fn numbers_print_like_node_over_a_corpus() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/js-number-text.txt");
        let corpus = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{path}: {error}"));
        let (mut checked, mut ties, mut failures) = (0, 0, Vec::new());
        for line in corpus.lines() {
            let (bits, text) = line.split_once(' ').unwrap_or_else(|| panic!("malformed line {line:?}"));
            let number = f64::from_bits(u64::from_str_radix(bits, 16).unwrap_or_else(|_| panic!("bits {bits:?}")));
            let written = number_string(number);
            if written != text {
                failures.push(format!("{bits} ({number:e}): wrote {written}, JavaScript {text}"));
            }
            let digits = format!("{:e}", number.abs());
            let (mantissa, exponent) = digits.split_once('e').unwrap_or((&digits, "0"));
            let significand: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            if let (Ok(significand), Ok(exponent)) = (significand.parse::<u64>(), exponent.parse::<i64>()) {
                let scale = exponent + 1 - significand.to_string().len() as i64;
                ties += usize::from(number != 0.0 && even_tie_partner(number.abs(), significand, scale).is_some());
            }
            checked += 1;
        }
        assert!(failures.is_empty(), "{} of {checked} differ:\n{}", failures.len(), failures.join("\n"));
        assert!(checked > 3000, "only {checked} doubles in the corpus");
        // The corpus must hold ties that `core::fmt` alone would round the other way.
        assert!(ties > 100, "only {ties} ties in the corpus");
    }

    #[test]
    fn strings_convert_to_numbers_like_javascript() {
        let cases = [
            ("", 0.0),
            ("  \n", 0.0),
            ("8", 8.0),
            (" 8 ", 8.0),
            ("\u{3000}8\u{A0}", 8.0),
            ("1.", 1.0),
            (".5", 0.5),
            ("+1e3", 1000.0),
            ("-0.25", -0.25),
            ("0x1F", 31.0),
            ("0b101", 5.0),
            ("0o17", 15.0),
            ("Infinity", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
        ];
        for (text, number) in cases {
            assert_eq!(string_to_number(text), number, "{text:?}");
        }
        for text in ["12px", "1_000", "inf", "NaN", "-0x1F", "0x", ".", "e5", "1e", "1,5", "١٢"] {
            assert!(string_to_number(text).is_nan(), "{text:?}");
        }
    }

    #[test]
    fn values_convert_to_strings_like_javascript() {
        assert_eq!(to_js_string(&json!(null)), "null");
        assert_eq!(to_js_string(&json!([1, [2, 3], null, "x", true])), "1,2,3,,x,true");
        assert_eq!(to_js_string(&json!({"a": 1})), "[object Object]");
        assert_eq!(to_js_string(&json!(1e21)), "1e+21");
        assert_eq!(to_number(&json!([])), 0.0);
        assert_eq!(to_number(&json!([" 5 "])), 5.0);
        assert!(to_number(&json!([1, 2])).is_nan());
    }

    #[test]
    fn relations_follow_the_abstract_comparison() {
        let p = |v: Value| to_primitive(&v).into_owned_for_test();
        assert!(relate(Relation::Greater, &p(json!("8")), &p(json!(5))));
        assert!(relate(Relation::Less, &p(json!("10")), &p(json!("9"))));
        assert!(relate(Relation::Less, &p(json!(null)), &p(json!(10))));
        assert!(relate(Relation::LessOrEqual, &p(json!(null)), &p(json!(0))));
        assert!(!relate(Relation::GreaterOrEqual, &p(json!("abc")), &p(json!(1))));
        assert!(!relate(Relation::LessOrEqual, &p(json!("abc")), &p(json!(1))));
        assert!(relate(Relation::Greater, &p(json!(true)), &p(json!(0))));
    }

    #[test]
    fn strings_order_by_utf16_code_units() {
        // U+FF5E (fullwidth tilde) is one code unit 0xFF5E; U+1F600 is 0xD83D 0xDE00.
        assert_eq!(cmp_utf16("\u{1F600}", "\u{FF5E}"), Ordering::Less);
        assert_eq!("\u{1F600}".cmp("\u{FF5E}"), Ordering::Greater);
        assert_eq!(cmp_utf16("a", "b"), Ordering::Less);
    }

    #[test]
    fn absurdly_deep_arrays_do_not_exhaust_the_stack() {
        let mut value = json!("x");
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        assert_eq!(to_js_string(&value), "");
        // Dropping a value this deep would itself recurse; leak it instead.
        std::mem::forget(value);
    }

    impl Primitive<'_> {
        fn into_owned_for_test(self) -> Primitive<'static> {
            match self {
                Primitive::Number(n) => Primitive::Number(n),
                Primitive::String(s) => Primitive::String(Cow::Owned(s.into_owned())),
            }
        }
    }
}
