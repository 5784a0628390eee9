//! The `tiers` section of a program as JSON. These types are the input contract: the JSON
//! Schema and the TypeScript types are generated from them. `docs/tiers.md` explains every
//! field with examples.

use crate::json::write::ToJson;
use crate::money::{Money, Points};
use crate::text::LocalizedText;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use crate::vec_map::VecMap;

fn one_level() -> u32 {
    1
}

/// The tier rules of a program.
///
/// ```json
/// {
///   "window": { "kind": "calendar_year" },
///   "validity": { "kind": "end_of_following_calendar_year" },
///   "combine": "any",
///   "max_levels_dropped": 1,
///   "grace_days": 0,
///   "levels": [
///     { "id": "member", "name": { "zh-CN": "普通会员", "en": "Member" } },
///     { "id": "silver", "name": { "zh-CN": "银卡会员", "en": "Silver" }, "qualify": { "spend": 200000, "orders": 5 } }
///   ]
/// }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct TiersSpec {
    /// The qualification window the metrics are measured in.
    pub window: WindowSpec,
    /// How long an earned tier is kept before it is re-evaluated.
    pub validity: ValiditySpec,
    /// How a level's thresholds combine unless the level says otherwise; `any` by default.
    #[serde(default)]
    pub combine: Combine,
    /// Levels a member can lose at one re-evaluation, at least 1; 1 by default.
    #[serde(default = "one_level")]
    #[schemars(range(min = 1, max = crate::limits::MAX_TIERS))]
    pub max_levels_dropped: u32,
    /// Days after the validity end during which a failed re-evaluation does not take
    /// effect yet; 0 by default.
    #[serde(default)]
    #[schemars(range(max = super::MAX_GRACE_DAYS))]
    pub grace_days: u32,
    /// The levels, lowest first. The first is the base tier every member has; it has no
    /// thresholds. Every higher level has at least one.
    #[schemars(length(min = 1, max = crate::limits::MAX_TIERS))]
    pub levels: Vec<LevelSpec>,
    /// Campaign windows in which qualifying spend and/or orders count ×`factor` toward
    /// tier progress (special events accelerate upgrades). A day in several windows
    /// counts at the largest factor.
    #[serde(default)]
    pub accelerations: Vec<AccelerationSpec>,
}

/// A metric an acceleration multiplies.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum AcceleratedMetric {
    /// Qualifying spend.
    Spend,
    /// Qualifying orders.
    Orders,
}

fn both_metrics() -> Vec<AcceleratedMetric> {
    vec![AcceleratedMetric::Spend, AcceleratedMetric::Orders]
}

/// A tier acceleration: during its `windows`, each qualifying order's spend and/or the
/// order itself count `factor` times toward tier progress.
///
/// ```json
/// { "id": "double_week", "windows": [{ "from": "2026-12-07", "to": "2026-12-13" }], "factor": 2 }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct AccelerationSpec {
    /// Stable id, unique among the accelerations.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// Date windows (inclusive, the program's offset) in which orders are accelerated.
    pub windows: Vec<crate::points::DateWindow>,
    /// How many times an accelerated order counts, 2 to 10.
    #[schemars(range(min = 2, max = 10))]
    pub factor: u32,
    /// What is multiplied: `spend`, `orders` or both (the default).
    #[serde(default = "both_metrics")]
    pub metrics: Vec<AcceleratedMetric>,
}

/// A qualification window, in the program's UTC offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum WindowSpec {
    /// 1 January to 31 December.
    CalendarYear {},
    /// January–March, April–June, July–September, October–December.
    CalendarQuarter {},
    /// The `months` months ending today: from the day after the same date `months`
    /// months ago (clamped to the month's last day) through today.
    RollingMonths {
        /// Length of the window in months, 1 to 120.
        #[schemars(range(min = 1, max = super::MAX_MONTHS))]
        months: u32,
    },
    /// From an anniversary of `joined_at` to the day before the next one; a 29 February
    /// join has its anniversary on 28 February in common years.
    MembershipYear {},
}

/// How long an earned tier is valid.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ValiditySpec {
    /// Until 31 December of the year after the one the tier was reached in.
    EndOfFollowingCalendarYear {},
    /// Until the last day of the calendar quarter after the one the tier was reached in.
    EndOfFollowingCalendarQuarter {},
    /// For `months` full months: until the day before the same date `months` months later
    /// (a date the month lacks moves to the 1st of the next month first).
    MonthsAfterReaching {
        /// Months of validity, 1 to 120.
        #[schemars(range(min = 1, max = super::MAX_MONTHS))]
        months: u32,
    },
    /// Never: a tier once reached is kept.
    Lifetime {},
}

/// How several thresholds of one level combine.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Reaching any one threshold reaches the level; progress is the best ratio.
    #[default]
    Any,
    /// Every threshold must be reached; progress is the worst ratio.
    All,
}

/// One tier.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    /// Stable id, the one snapshots carry in `tier.id` (`gold`).
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
    /// Thresholds over the qualification window; absent for the base tier.
    #[serde(default)]
    pub qualify: QualifySpec,
    /// Overrides the program-wide `combine` for this level.
    #[serde(default)]
    pub combine: Option<Combine>,
    /// What members of this tier get, for display.
    #[serde(default)]
    pub benefits: Vec<Benefit>,
}

/// Thresholds of one level. Each present threshold must be positive and exceed the same
/// threshold of every lower level.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct QualifySpec {
    /// Qualifying spend in minor units: paid or completed orders, after discounts and
    /// refunds, without excluded categories and shipping.
    #[serde(default)]
    pub spend: Option<Money>,
    /// Qualifying orders: paid or completed with a positive qualifying spend.
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub orders: Option<i64>,
    /// Points earned: the original `points` of every lot earned in the window.
    #[serde(default)]
    pub points_earned: Option<Points>,
    /// Named counters: the sum of the `value`s of snapshot events of that `kind`.
    #[serde(default)]
    pub counters: VecMap<String, i64>,
}

/// A benefit of a tier, shown to members.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Benefit {
    /// Stable id; the same benefit in two tiers has the same id.
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
}
