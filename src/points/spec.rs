//! The `points` section of a program, as a designer writes it.
//!
//! Every type here is plain input data (`Deserialize` + `JsonSchema`, unknown fields
//! rejected, snake_case). [`super::compile`] checks what the types alone cannot —
//! references, ranges, combinations — and precomputes what every preview needs.
//! `docs/points.md` explains each rule with an example.

use crate::json::write::ToJson;
use crate::money::{Bp, Money, Points, Rounding};
use crate::text::LocalizedText;
use crate::time::Date;
use schemars::JsonSchema;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use crate::vec_map::VecMap;
use std::fmt;

/// The largest whole-point rate: 10 000 points per major unit.
pub const MAX_RATE_POINTS: i64 = 10_000;

/// The points section of a program. Only `rate` is required.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct PointsSpec {
    /// Points per major unit of currency (per ¥1): a whole number (`1`), or
    /// `{"bp": 15000}` for a fractional rate in basis points (1.5 points per ¥1).
    pub rate: EarnRate,
    /// How every contribution (base and each bonus) becomes whole points: `floor`
    /// (default), `half_up` or `ceil`.
    #[serde(default)]
    pub rounding: Rounding,
    /// Categories that earn nothing, in addition to the program's top-level
    /// `excluded_categories`.
    #[serde(default)]
    pub excluded_categories: Vec<String>,
    /// Bonus rules, evaluated in this order (additive ones first, then compound ones).
    #[serde(default)]
    pub bonuses: Vec<BonusRuleSpec>,
    /// Most points one order may earn in total, base and bonuses together.
    #[serde(default)]
    pub max_points_per_order: Option<Points>,
    /// Days an order's points stay pending (the return window) before they are usable.
    #[serde(default)]
    pub pending_days: u32,
    /// When earned points expire; `{"kind": "never"}` when absent.
    #[serde(default)]
    pub expiry: ExpirySpec,
    /// Points for things other than orders: reviews, check-ins, referrals, …
    #[serde(default)]
    pub activities: Vec<ActivitySpec>,
    /// What points can be redeemed for.
    #[serde(default)]
    pub rewards: Vec<RewardSpec>,
    /// What points are worth in money, the one rate every offer value and text uses:
    /// `{"points": 100, "money": 100}` is ¥1 per 100 points. Offers that give points
    /// (`data.points`) are valued at it.
    #[serde(default)]
    pub money_value: Option<MoneyValue>,
}

/// What points are worth: `points` points are worth `money` minor units.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct MoneyValue {
    /// A number of points, at least 1.
    pub points: Points,
    /// What they are worth in minor units, at least 1.
    pub money: Money,
}

impl MoneyValue {
    /// What `points` are worth, floored to a minor unit; `None` for a zero rate or past
    /// 2^53 − 1.
    ///
    /// ```
    /// use tierwise::money::{Money, Points};
    /// use tierwise::points::MoneyValue;
    /// let rate = MoneyValue { points: Points(100), money: Money(100) };
    /// assert_eq!(rate.worth(Points(2000)), Some(Money(2000)));
    /// let rate = MoneyValue { points: Points(3), money: Money(2) };
    /// assert_eq!(rate.worth(Points(10)), Some(Money(6)));
    /// ```
    pub fn worth(self, points: Points) -> Option<Money> {
        if self.points.count() <= 0 {
            return None;
        }
        let minor = i128::from(points.count()) * i128::from(self.money.minor()) / i128::from(self.points.count());
        i64::try_from(minor).ok().filter(|minor| (0..=crate::money::MAX_AMOUNT).contains(minor)).map(Money)
    }
}

/// Every key of [`PointsSpec`], in schema order (a unit test keeps it in step).
pub const POINTS_KEYS: &[&str] =
    &["rate", "rounding", "excluded_categories", "bonuses", "max_points_per_order", "pending_days", "expiry", "activities", "rewards", "money_value"];

/// Points earned per major unit of currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarnRate {
    /// A whole number of points per major unit (`"rate": 1` is 1 point per ¥1).
    PerMajor(i64),
    /// A rate in basis points of a point per major unit (`{"bp": 15000}` is 1.5 points
    /// per ¥1, `{"bp": 5000}` one point per ¥2).
    BasisPoints(Bp),
}

impl EarnRate {
    /// The rate in basis points of a point per major unit (`1` → 10 000).
    pub fn basis_points(self) -> i64 {
        match self {
            EarnRate::PerMajor(points) => points.saturating_mul(10_000),
            EarnRate::BasisPoints(bp) => bp.basis_points(),
        }
    }
}

impl Serialize for EarnRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            EarnRate::PerMajor(points) => serializer.serialize_i64(*points),
            EarnRate::BasisPoints(bp) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("bp", bp)?;
                map.end()
            }
        }
    }
}

impl crate::json::FromJson for EarnRate {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<EarnRate, crate::json::ReadError> {
        use crate::json::read::Number;
        use crate::json::ReadError;
        const EXPECTED: &str = "a whole number of points per major unit, or {\"bp\": basis points}";
        if reader.peek() == Some(b'{') {
            let mut bp: Option<Bp> = None;
            reader.object(EXPECTED, &mut |reader, key| match key {
                "bp" => crate::json::read::field(reader, &mut bp, "bp"),
                _ => Err(ReadError::unknown_field(key, &["bp"])),
            })?;
            return crate::json::read::required(bp, "bp").map(EarnRate::BasisPoints);
        }
        match reader.number(EXPECTED)? {
            Number::Unsigned(value) => match i64::try_from(value) {
                Ok(points) if points <= MAX_RATE_POINTS => Ok(EarnRate::PerMajor(points)),
                _ => Err(ReadError::invalid_value(format!("a rate must be within 0..={MAX_RATE_POINTS} points per major unit, got {value}"))),
            },
            Number::Negative(value) => Err(ReadError::invalid_value(format!("a rate must not be negative, got {value}"))),
            Number::Float(value) => Err(ReadError::invalid_value(format!(
                "a rate must be a whole number; write {{\"bp\": …}} for a fractional rate such as 1.5 points (15000), got {value}"
            ))),
        }
    }
}

impl<'de> Deserialize<'de> for EarnRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<EarnRate, D::Error> {
        struct RateVisitor;

        impl<'de> de::Visitor<'de> for RateVisitor {
            type Value = EarnRate;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of points per major unit, or {\"bp\": basis points}")
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<EarnRate, E> {
                match i64::try_from(value) {
                    Ok(points) if points <= MAX_RATE_POINTS => Ok(EarnRate::PerMajor(points)),
                    _ => Err(E::custom(format!("a rate must be within 0..={MAX_RATE_POINTS} points per major unit, got {value}"))),
                }
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<EarnRate, E> {
                match u64::try_from(value) {
                    Ok(points) => self.visit_u64(points),
                    Err(_) => Err(E::custom(format!("a rate must not be negative, got {value}"))),
                }
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<EarnRate, E> {
                Err(E::custom(format!("a rate must be a whole number; write {{\"bp\": …}} for a fractional rate such as 1.5 points (15000), got {value}")))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<EarnRate, A::Error> {
                let mut bp: Option<Bp> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "bp" {
                        return Err(de::Error::custom(format!("unknown field `{key}`, expected `bp`")));
                    }
                    if bp.is_some() {
                        return Err(de::Error::custom("duplicate field `bp`"));
                    }
                    bp = Some(map.next_value()?);
                }
                bp.map(EarnRate::BasisPoints).ok_or_else(|| de::Error::custom("missing field `bp`"))
            }
        }

        deserializer.deserialize_any(RateVisitor)
    }
}

impl JsonSchema for EarnRate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EarnRate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Points per major unit of currency: a whole number, or {\"bp\": n} in basis points of a point (15000 = 1.5 points).",
            "oneOf": [
                { "type": "integer", "minimum": 0, "maximum": MAX_RATE_POINTS },
                {
                    "type": "object",
                    "properties": { "bp": { "type": "integer", "minimum": 0, "maximum": 100_000_000 } },
                    "required": ["bp"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// What a bonus rule depends on.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum BonusKind {
    /// A percentage of base by the member's tier (`bp_by_tier`).
    Tier,
    /// A percentage of the base attributable to lines of some `categories` (`bp`).
    Category,
    /// A percentage of base on campaign days: date `windows` and/or a monthly
    /// `day_of_month` such as member day on the 18th (`bp`).
    Campaign,
    /// A percentage of base during the member's birth month (`bp`).
    BirthdayMonth,
    /// Fixed `points` on every `every`-th qualifying order of a `period` (the 5th order
    /// this quarter earns 200).
    NthOrder,
    /// A percentage (`bp`) of the base of the `categories`' lines on every `every`-th
    /// order of a `period` with such lines (the 3rd tea order this month earns double).
    NthCategoryOrder,
    /// Fixed `points` for a referred member (the snapshot's `referred_by`) on their first
    /// qualifying order: the referee's side of a referral.
    ReferralWelcome,
}

/// The period a frequency rule counts orders in, in the program's offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum FrequencyPeriod {
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter (January–March, …).
    Quarter,
    /// A calendar year.
    Year,
    /// The whole membership: every `every`-th order ever.
    Lifetime,
}

/// How a bonus combines with the others.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Stacking {
    /// The bonus is a percentage of base (or of its lines' base); bonuses add up.
    #[default]
    Additive,
    /// The bonus is a percentage of everything awarded before it: base, every additive
    /// bonus, and earlier compound bonuses.
    Compound,
}

/// Caps on one bonus rule. Each is a number of points; absent means no cap.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct RuleCaps {
    /// Most points this rule awards on one order.
    #[serde(default)]
    pub per_order: Option<Points>,
    /// Most points this rule awards in one calendar month (in the program's offset),
    /// counting what the snapshot's ledger says it already awarded this month.
    #[serde(default)]
    pub per_month: Option<Points>,
    /// Most points this rule awards in one calendar year, counting the ledger.
    #[serde(default)]
    pub per_year: Option<Points>,
}

/// An inclusive range of calendar dates in the program's offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct DateWindow {
    /// First day of the window.
    pub from: Date,
    /// Last day of the window (inclusive).
    pub to: Date,
}

/// One bonus rule. Which fields apply depends on `kind`:
///
/// | kind | needs | may have |
/// |---|---|---|
/// | `tier` | `bp_by_tier` | |
/// | `category` | `categories`, `bp` | (additive only) |
/// | `campaign` | `bp`, and `windows` and/or `day_of_month` | |
/// | `birthday_month` | `bp` | |
/// | `nth_order` | `every`, `period`, `points` | (additive only) |
/// | `nth_category_order` | `every`, `period`, `categories`, `bp` | (additive only) |
/// | `referral_welcome` | `points` | (additive only) |
///
/// Every kind may have `name`, `stacking` and `caps`.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct BonusRuleSpec {
    /// Rule id, unique among bonuses and activities; the ledger names rules by it.
    pub id: String,
    /// What the bonus depends on.
    pub kind: BonusKind,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// The bonus in basis points (10000 = +100 %); not for `tier`.
    #[serde(default)]
    pub bp: Option<Bp>,
    /// `tier` only: the bonus in basis points per tier id; tiers not listed get none.
    #[serde(default)]
    pub bp_by_tier: Option<VecMap<String, Bp>>,
    /// `category` and `nth_category_order` only: the categories whose lines the bonus is
    /// computed on.
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    /// `campaign` only: date windows in which the campaign runs (inclusive).
    #[serde(default)]
    pub windows: Option<Vec<DateWindow>>,
    /// `campaign` only: the day of every month the campaign runs (member day: 18).
    #[serde(default)]
    pub day_of_month: Option<u32>,
    /// `nth_order` and `nth_category_order` only: every how many orders of the period
    /// earn (5: the 5th, 10th, …), 1 to 1000.
    #[serde(default)]
    pub every: Option<u32>,
    /// `nth_order` and `nth_category_order` only: the period orders are counted in.
    #[serde(default)]
    pub period: Option<FrequencyPeriod>,
    /// `nth_order` and `referral_welcome` only: the fixed points the rule awards.
    #[serde(default)]
    pub points: Option<Points>,
    /// `additive` (default) or `compound`.
    #[serde(default)]
    pub stacking: Stacking,
    /// Per-order and per-period caps of this rule.
    #[serde(default)]
    pub caps: RuleCaps,
}

/// When earned points expire. On the wire: `{"kind": "never"}`,
/// `{"kind": "months_after_earning", "months": 24}` or
/// `{"kind": "end_of_year", "years_after": 1}`.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[derive(ToJson)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ExpiryFields")]
pub enum ExpirySpec {
    /// Points never expire.
    #[default]
    Never,
    /// Points are usable through the same day `months` months after they were earned
    /// (earned 2026-11-18, 24 months: usable through 2028-11-18; a day missing from the
    /// target month falls on its last day).
    MonthsAfterEarning {
        /// Months, 1–600.
        months: u32,
    },
    /// Points are usable through December 31st of the year `years_after` years after
    /// the year they were earned (1: earned in 2026, usable through 2027-12-31).
    EndOfYear {
        /// Years after the year of earning, 0–100.
        years_after: u32,
    },
}

impl JsonSchema for ExpirySpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExpirySpec".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "When earned points expire.",
            "oneOf": [
                {
                    "description": "Points never expire.",
                    "type": "object",
                    "properties": { "kind": { "const": "never" } },
                    "required": ["kind"],
                    "additionalProperties": false
                },
                {
                    "description": "Usable through the same day `months` months after earning.",
                    "type": "object",
                    "properties": { "kind": { "const": "months_after_earning" }, "months": { "type": "integer", "minimum": 1, "maximum": 600 } },
                    "required": ["kind", "months"],
                    "additionalProperties": false
                },
                {
                    "description": "Usable through December 31st of the year `years_after` years after the year of earning.",
                    "type": "object",
                    "properties": { "kind": { "const": "end_of_year" }, "years_after": { "type": "integer", "minimum": 0, "maximum": 100 } },
                    "required": ["kind", "years_after"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The expiry policy as written, read field by field so that a mistake is reported at
/// the field it concerns (an internally tagged enum would only name the policy).
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpiryFields {
    kind: ExpiryKind,
    #[serde(default)]
    months: Option<u32>,
    #[serde(default)]
    years_after: Option<u32>,
}

#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ExpiryKind {
    Never,
    MonthsAfterEarning,
    EndOfYear,
}

impl TryFrom<ExpiryFields> for ExpirySpec {
    type Error = crate::json::ReadError;

    fn try_from(fields: ExpiryFields) -> Result<ExpirySpec, crate::json::ReadError> {
        use crate::json::ReadError;
        let unexpected = |field: &str, kind: &str| {
            let mut error = ReadError::unknown_field(field, &[]).at(field);
            error.message = format!("unknown field `{field}`: the `{kind}` policy does not take it");
            error
        };
        let missing = |field: &str, kind: &str| {
            let mut error = ReadError::missing_field(field);
            // Worded as serde's own, which serde's reader (native users) maps to the same code.
            error.message = format!("missing field `{field}`: the `{kind}` policy needs it");
            error
        };
        match (fields.kind, fields.months, fields.years_after) {
            (ExpiryKind::Never, None, None) => Ok(ExpirySpec::Never),
            (ExpiryKind::Never, Some(_), _) => Err(unexpected("months", "never")),
            (ExpiryKind::Never, None, Some(_)) => Err(unexpected("years_after", "never")),
            (ExpiryKind::MonthsAfterEarning, _, Some(_)) => Err(unexpected("years_after", "months_after_earning")),
            (ExpiryKind::MonthsAfterEarning, Some(months), None) => Ok(ExpirySpec::MonthsAfterEarning { months }),
            (ExpiryKind::MonthsAfterEarning, None, None) => Err(missing("months", "months_after_earning")),
            (ExpiryKind::EndOfYear, Some(_), _) => Err(unexpected("months", "end_of_year")),
            (ExpiryKind::EndOfYear, None, Some(years_after)) => Ok(ExpirySpec::EndOfYear { years_after }),
            (ExpiryKind::EndOfYear, None, None) => Err(missing("years_after", "end_of_year")),
        }
    }
}

/// What an activity is.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A daily check-in; may carry a streak bonus. Counts `check_in` events.
    CheckIn,
    /// A product review. Counts `review` events.
    Review,
    /// A referred friend who joined. Counts `referral` events.
    Referral,
    /// A completed survey. Counts `survey` events.
    Survey,
    /// A completed profile. Counts `profile_completed` events.
    ProfileCompletion,
}

impl ActivityKind {
    /// The snapshot event kind this activity counts unless the program names another.
    pub fn default_event(self) -> &'static str {
        match self {
            ActivityKind::CheckIn => "check_in",
            ActivityKind::Review => "review",
            ActivityKind::Referral => "referral",
            ActivityKind::Survey => "survey",
            ActivityKind::ProfileCompletion => "profile_completed",
        }
    }
}

/// The period an allowance is counted in, in the program's offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum AllowancePeriod {
    /// A calendar day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
    /// The whole membership (`"count": 1` means once ever).
    Lifetime,
}

/// How many times an activity earns points per period.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Allowance {
    /// Occurrences that earn points per period.
    pub count: u32,
    /// The period.
    pub per: AllowancePeriod,
}

/// Extra points for checking in several days in a row.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct StreakBonus {
    /// Consecutive days; the bonus is earned each time the streak reaches a multiple
    /// of this (7, 14, 21, … for 7). At least 2.
    pub days: u32,
    /// Points of the bonus.
    pub points: Points,
}

/// One way to earn points without an order.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// Activity id, unique among bonuses and activities.
    pub id: String,
    /// What the activity is.
    pub kind: ActivityKind,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// How the member earns it, per locale ("Check in on the member page every day").
    #[serde(default)]
    pub how: LocalizedText,
    /// The snapshot event kind counted; defaults by kind (`check_in`, `review`,
    /// `referral`, `survey`, `profile_completed`).
    #[serde(default)]
    pub event: Option<String>,
    /// Points per occurrence.
    pub points: Points,
    /// Occurrences that earn points per period; unlimited when absent.
    #[serde(default)]
    pub allowance: Option<Allowance>,
    /// `check_in` only: a bonus for consecutive days.
    #[serde(default)]
    pub streak: Option<StreakBonus>,
}

/// One reward of the redemption catalog.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct RewardSpec {
    /// Reward id, unique among rewards.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// Points it costs; at least 1.
    pub points: Points,
    /// Cash paid on top, in minor units (points + cash rewards); 0 when absent.
    #[serde(default)]
    pub cash: Money,
    /// Tier ids allowed to redeem it; everyone when absent or empty.
    #[serde(default)]
    pub tiers: Vec<String>,
}
