//! Money, points and rates as exact integers. No floating point ever touches an amount.
//!
//! Inputs are bounded by [`MAX_AMOUNT`] (the largest integer JavaScript holds exactly), so
//! sums of a bounded number of amounts cannot overflow `i64`, and products are taken in
//! `i128` before they are narrowed back with a check.

use crate::json::write::ToJson;
use serde::{de, Deserialize, Deserializer, Serialize};
use crate::json::{FromJson, ReadError, Reader};
use std::fmt;

/// The largest amount, point count or counter accepted in any input: 2^53 − 1, the
/// largest integer a JavaScript number represents exactly.
pub const MAX_AMOUNT: i64 = 9_007_199_254_740_991;

fn bounded_non_negative<'de, D: Deserializer<'de>>(deserializer: D, what: &str) -> Result<i64, D::Error> {
    let value = i64::deserialize(deserializer)?;
    if value < 0 {
        return Err(de::Error::custom(format!("{what} must not be negative, got {value}")));
    }
    if value > MAX_AMOUNT {
        return Err(de::Error::custom(format!("{what} must be at most 2^53-1, got {value}")));
    }
    Ok(value)
}

/// Reads a whole number within `0..=MAX_AMOUNT`; `what` names it in messages.
#[inline(never)]
fn read_bounded_non_negative(reader: &mut Reader<'_>, what: &str) -> Result<i64, ReadError> {
    let value = reader.whole(what)?;
    if value < 0 {
        return Err(ReadError::invalid_value(format!("expected {what}, got {value}, which is negative")));
    }
    if value > i128::from(MAX_AMOUNT) {
        return Err(ReadError::invalid_value(format!("expected {what}, got {value}, beyond 2^53-1 (the largest integer JavaScript holds exactly)")));
    }
    Ok(value as i64)
}

/// An amount of money in minor units (fen, cents) of the program's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[derive(ToJson)]
#[serde(transparent)]
pub struct Money(pub i64);

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        bounded_non_negative(deserializer, "an amount of money").map(Money)
    }
}

impl FromJson for Money {
    fn read(reader: &mut Reader<'_>) -> Result<Money, ReadError> {
        read_bounded_non_negative(reader, "a whole number of minor units").map(Money)
    }
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// Minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// `self + other`, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// `self - other`, `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// `self - other`, never below zero.
    pub fn saturating_sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0).max(0))
    }

    /// `self × quantity`, `None` on overflow.
    pub fn checked_mul(self, quantity: i64) -> Option<Money> {
        self.0.checked_mul(quantity).map(Money)
    }

    /// Sum of amounts, saturating at `i64::MAX` (unreachable with bounded inputs).
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Money {
        Money(amounts.into_iter().fold(0i64, |acc, m| acc.saturating_add(m.0)))
    }
}

/// A count of loyalty points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[derive(ToJson)]
#[serde(transparent)]
pub struct Points(pub i64);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Points, D::Error> {
        bounded_non_negative(deserializer, "a number of points").map(Points)
    }
}

impl FromJson for Points {
    fn read(reader: &mut Reader<'_>) -> Result<Points, ReadError> {
        read_bounded_non_negative(reader, "a whole number of points").map(Points)
    }
}

impl Points {
    /// Zero.
    pub const ZERO: Points = Points(0);

    /// The count.
    pub fn count(self) -> i64 {
        self.0
    }
}

/// A rate in basis points: 10 000 = 100 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[derive(ToJson)]
#[serde(transparent)]
pub struct Bp(pub i64);

impl<'de> Deserialize<'de> for Bp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Bp, D::Error> {
        let value = i64::deserialize(deserializer)?;
        if !(0..=100_000_000).contains(&value) {
            return Err(de::Error::custom(format!("a rate in basis points must be within 0..=100000000, got {value}")));
        }
        Ok(Bp(value))
    }
}

impl FromJson for Bp {
    fn read(reader: &mut Reader<'_>) -> Result<Bp, ReadError> {
        reader.whole_within(0, 100_000_000, "a rate in basis points from 0 to 100000000").map(|value| Bp(value as i64))
    }
}

impl Bp {
    /// 100 %.
    pub const ONE: Bp = Bp(10_000);

    /// Basis points.
    pub fn basis_points(self) -> i64 {
        self.0
    }
}

/// How a fractional result becomes an integer.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Towards negative infinity (the default).
    #[default]
    Floor,
    /// To the nearest integer, halves away from zero.
    HalfUp,
    /// Towards positive infinity.
    Ceil,
}

impl Rounding {
    /// `numerator / denominator` rounded this way. `denominator` must be positive;
    /// returns `None` when it is not or when the result does not fit `i64`.
    pub fn divide(self, numerator: i128, denominator: i128) -> Option<i64> {
        if denominator <= 0 {
            return None;
        }
        let quotient = numerator.div_euclid(denominator);
        let remainder = numerator.rem_euclid(denominator);
        let rounded = match self {
            Rounding::Floor => quotient,
            Rounding::Ceil => quotient + i128::from(remainder != 0),
            Rounding::HalfUp => {
                if numerator >= 0 {
                    quotient + i128::from(remainder * 2 >= denominator)
                } else {
                    quotient + i128::from(remainder * 2 > denominator)
                }
            }
        };
        i64::try_from(rounded).ok()
    }

    /// `value × bp / 10 000`, rounded this way; `None` on overflow.
    pub fn apply_bp(self, value: i64, bp: Bp) -> Option<i64> {
        self.divide(i128::from(value) * i128::from(bp.0), 10_000)
    }
}

/// An ISO 4217 currency: its code and how many minor digits it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// Three-letter code, e.g. `CNY`.
    pub code: String,
    /// Digits after the decimal point: 2 for CNY, 0 for JPY, 3 for KWD.
    pub minor_digits: u32,
}

/// Minor digits for ISO 4217 codes whose exponent is not 2.
const NON_TWO_DIGIT: &[(&str, u32)] = &[
    ("BHD", 3), ("BIF", 0), ("CLF", 4), ("CLP", 0), ("DJF", 0), ("GNF", 0), ("IQD", 3), ("ISK", 0),
    ("JOD", 3), ("JPY", 0), ("KMF", 0), ("KRW", 0), ("KWD", 3), ("LYD", 3), ("OMR", 3), ("PYG", 0),
    ("RWF", 0), ("TND", 3), ("UGX", 0), ("UYI", 0), ("UYW", 4), ("VND", 0), ("VUV", 0), ("XAF", 0),
    ("XOF", 0), ("XPF", 0),
];

/// The ISO 4217 alphabetic codes (list one as amended to 2025, with the funds, metals and
/// testing codes), and the recently withdrawn ANG, CUC, HRK, SLL and ZWL that data still
/// carries. Sorted, three letters each, so a lookup is a binary search over the text.
const ISO_4217: &str = "AEDAFNALLAMDANGAOAARSAUDAWGAZNBAMBBDBDTBGNBHDBIFBMDBNDBOBBOVBRLBSDBTNBWPBYNBZDCADCDFCHECHFCHWCLFCLPCNYCOPCOUCRCCUCCUPCVECZKDJFDKKDOPDZDEGPERNETBEURFJDFKPGBPGELGHSGIPGMDGNFGTQGYDHKDHNLHRKHTGHUFIDRILSINRIQDIRRISKJMDJODJPYKESKGSKHRKMFKPWKRWKWDKYDKZTLAKLBPLKRLRDLSLLYDMADMDLMGAMKDMMKMNTMOPMRUMURMVRMWKMXNMXVMYRMZNNADNGNNIONOKNPRNZDOMRPABPENPGKPHPPKRPLNPYGQARRONRSDRUBRWFSARSBDSCRSDGSEKSGDSHPSLESLLSOSSRDSSPSTNSVCSYPSZLTHBTJSTMTTNDTOPTRYTTDTWDTZSUAHUGXUSDUSNUYIUYUUYWUZSVEDVESVNDVUVWSTXAFXAGXAUXBAXBBXBCXBDXCDXCGXDRXOFXPDXPFXPTXSUXTSXUAXXXYERZARZMWZWGZWL";

/// Whether `code` is one of [`ISO_4217`].
fn is_iso_4217(code: &str) -> bool {
    let count = ISO_4217.len() / 3;
    let at = |index: usize| ISO_4217.get(index * 3..index * 3 + 3).unwrap_or("");
    let (mut low, mut high) = (0, count);
    while low < high {
        let middle = (low + high) / 2;
        match at(middle).cmp(code) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

impl Currency {
    /// The currency for an ISO 4217 code (`CNY`; codes outside the standard, such as `XXY`,
    /// are refused). Codes not in the short list of exceptions have two minor digits, as
    /// most currencies do.
    pub fn from_code(code: &str) -> Result<Currency, String> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!("expected an ISO 4217 currency code such as CNY, got {code:?}"));
        }
        if !is_iso_4217(code) {
            return Err(format!("{code:?} is not an ISO 4217 currency code; expected a code such as CNY, USD or JPY"));
        }
        let minor_digits = NON_TWO_DIGIT.iter().find(|(c, _)| *c == code).map_or(2, |(_, d)| *d);
        Ok(Currency { code: code.to_string(), minor_digits })
    }

    /// Minor units in one major unit (100 for CNY, 1 for JPY).
    pub fn minor_per_major(&self) -> i64 {
        10i64.pow(self.minor_digits)
    }

    /// Formats an amount as a plain decimal string in major units (`320000` → `3200.00`).
    pub fn format_major(&self, amount: Money) -> String {
        let per = self.minor_per_major();
        let sign = if amount.0 < 0 { "-" } else { "" };
        let abs = amount.0.unsigned_abs();
        if self.minor_digits == 0 {
            return format!("{sign}{abs}");
        }
        format!("{sign}{}.{:0width$}", abs / per as u64, abs % per as u64, width = self.minor_digits as usize)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

mod schema {
    use super::{Bp, Money, Points, MAX_AMOUNT};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    fn non_negative(description: &str) -> Schema {
        json_schema!({ "type": "integer", "minimum": 0, "maximum": MAX_AMOUNT, "description": description })
    }

    impl JsonSchema for Money {
        fn schema_name() -> Cow<'static, str> {
            "Money".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            non_negative("An amount in minor units (fen, cents) of the program's currency.")
        }
    }

    impl JsonSchema for Points {
        fn schema_name() -> Cow<'static, str> {
            "Points".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            non_negative("A whole number of loyalty points.")
        }
    }

    impl JsonSchema for Bp {
        fn schema_name() -> Cow<'static, str> {
            "Bp".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({ "type": "integer", "minimum": 0, "maximum": 100_000_000, "description": "A rate in basis points: 10000 = 100 %." })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_iso_4217_codes() {
        let codes: Vec<&str> = (0..ISO_4217.len() / 3).filter_map(|i| ISO_4217.get(i * 3..i * 3 + 3)).collect();
        assert_eq!(codes.len() * 3, ISO_4217.len());
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]), "the list must be sorted for the binary search");
        for code in &codes {
            assert!(Currency::from_code(code).is_ok(), "{code}");
        }
        for (code, digits) in NON_TWO_DIGIT {
            assert!(codes.contains(code), "{code}");
            assert_eq!(Currency::from_code(code).map(|c| c.minor_digits), Ok(*digits));
        }
        assert_eq!(Currency::from_code("CNY").map(|c| c.minor_digits), Ok(2));
        for code in ["XXY", "AAA", "ZZZ", "CNH", "RMB", "cny", "CN", "CNYY", "", "ÄÖÜ"] {
            assert!(Currency::from_code(code).is_err(), "{code}");
        }
    }

    #[test]
    fn rounding_modes() {
        assert_eq!(Rounding::Floor.divide(7, 2), Some(3));
        assert_eq!(Rounding::Ceil.divide(7, 2), Some(4));
        assert_eq!(Rounding::HalfUp.divide(7, 2), Some(4));
        assert_eq!(Rounding::HalfUp.divide(5, 4), Some(1));
        assert_eq!(Rounding::Floor.divide(-7, 2), Some(-4));
        assert_eq!(Rounding::HalfUp.divide(-7, 2), Some(-4));
        assert_eq!(Rounding::HalfUp.divide(-5, 4), Some(-1));
        assert_eq!(Rounding::Floor.divide(1, 0), None);
        assert_eq!(Rounding::Floor.apply_bp(405, Bp(1000)), Some(40));
    }

    #[test]
    fn currencies() {
        assert_eq!(Currency::from_code("CNY").map(|c| c.minor_digits), Ok(2));
        assert_eq!(Currency::from_code("JPY").map(|c| c.minor_digits), Ok(0));
        assert!(Currency::from_code("cny").is_err());
        let cny = Currency::from_code("CNY").unwrap_or(Currency { code: "CNY".into(), minor_digits: 2 });
        assert_eq!(cny.format_major(Money(320000)), "3200.00");
        assert_eq!(cny.format_major(Money(5)), "0.05");
    }

    #[test]
    fn money_rejects_negative_and_unsafe_integers() {
        assert!(serde_json::from_str::<Money>("-1").is_err());
        assert!(serde_json::from_str::<Money>("9007199254740992").is_err());
        assert!(serde_json::from_str::<Money>("1.5").is_err());
        assert_eq!(serde_json::from_str::<Money>("9007199254740991").ok(), Some(Money(MAX_AMOUNT)));
    }
}
