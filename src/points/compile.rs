//! Checking the points section and precomputing what every preview needs.
//!
//! Each key and each list element is read on its own so that one mistake does not hide
//! another: every issue is reported with its JSON pointer and a stable code.

use crate::text::check_id;
use crate::error::Code;
use super::spec::{
    ActivityKind, ActivitySpec, Allowance, BonusKind, BonusRuleSpec, DateWindow, EarnRate, ExpirySpec, FrequencyPeriod, MoneyValue, RewardSpec, RuleCaps,
    Stacking, StreakBonus, POINTS_KEYS,
};
use crate::error::pointer;
use crate::limits;
use crate::money::{Bp, Money, Points, Rounding};
use crate::text::{check_text, LocalizedText};
use crate::read::{json_type, CompileContext};
use serde_json::{Map, Value};
use crate::vec_map::VecSet;
use crate::vec_map::VecMap;

/// The id the base contribution goes by; no rule may take it.
pub const BASE_RULE_ID: &str = "base";

/// What compiling the points section needs from the rest of the program.
#[derive(Debug, Clone, Copy)]
pub struct PointsContext<'a> {
    /// Minor units per major unit of the program's currency (100 for CNY).
    pub minor_per_major: i64,
    /// The program's top-level `excluded_categories`.
    pub excluded_categories: &'a [String],
    /// Tier ids of the program, lowest first, to check `bp_by_tier` and reward
    /// restrictions against. `None` while the program has no tier section to check
    /// against: references are then taken as written.
    pub known_tiers: Option<&'a [String]>,
    /// The program's warning horizon for expiring points (`facts.expiry_warning_days`).
    pub expiry_warning_days: i64,
}

/// A compiled bonus rule.
#[derive(Debug, Clone)]
pub(crate) struct CompiledBonus {
    pub(crate) id: String,
    pub(crate) name: LocalizedText,
    pub(crate) rule: BonusRule,
    pub(crate) stacking: Stacking,
    pub(crate) caps: RuleCaps,
}

/// What a compiled bonus rule depends on.
#[derive(Debug, Clone)]
pub(crate) enum BonusRule {
    Tier { bp_by_tier: VecMap<String, Bp> },
    Category { categories: Vec<String>, bp: Bp },
    Campaign { windows: Vec<DateWindow>, day_of_month: Option<u32>, bp: Bp },
    BirthdayMonth { bp: Bp },
    NthOrder { every: u32, period: FrequencyPeriod, points: Points },
    NthCategoryOrder { every: u32, period: FrequencyPeriod, categories: Vec<String>, bp: Bp },
    ReferralWelcome { points: Points },
}

/// A compiled activity.
#[derive(Debug, Clone)]
pub(crate) struct CompiledActivity {
    pub(crate) id: String,
    pub(crate) kind: ActivityKind,
    pub(crate) name: LocalizedText,
    pub(crate) how: LocalizedText,
    pub(crate) event: String,
    pub(crate) points: Points,
    pub(crate) allowance: Option<Allowance>,
    pub(crate) streak: Option<StreakBonus>,
}

/// A compiled reward.
#[derive(Debug, Clone)]
pub(crate) struct CompiledReward {
    pub(crate) id: String,
    pub(crate) name: LocalizedText,
    pub(crate) points: Points,
    pub(crate) cash: Money,
    pub(crate) tiers: Vec<String>,
}

/// The points section, checked and ready for previews.
#[derive(Debug, Clone)]
pub struct CompiledPoints {
    /// Basis points of a point per major unit.
    pub(crate) rate_bp: i64,
    pub(crate) minor_per_major: i64,
    pub(crate) rounding: Rounding,
    /// The program's and the section's excluded categories together.
    pub(crate) excluded_categories: Vec<String>,
    /// Evaluation order: additive rules in program order, then compound ones.
    pub(crate) bonuses: Vec<CompiledBonus>,
    pub(crate) max_points_per_order: Option<Points>,
    pub(crate) pending_days: i64,
    pub(crate) expiry: ExpirySpec,
    pub(crate) activities: Vec<CompiledActivity>,
    /// Cheapest first, then by id.
    pub(crate) rewards: Vec<CompiledReward>,
    pub(crate) expiry_warning_days: i64,
    pub(crate) money_value: Option<MoneyValue>,
}

impl CompiledPoints {
    /// What points are worth (`points.money_value`), when the program says.
    pub fn money_value(&self) -> Option<MoneyValue> {
        self.money_value
    }

    /// The expiry policy.
    pub fn expiry(&self) -> ExpirySpec {
        self.expiry
    }

    /// Last usable day of points earned on `earned_at` under the program's policy;
    /// `None` when they never expire. This is what facts use for lots that carry no
    /// `expires_at` of their own.
    pub fn policy_expiry(&self, earned_at: crate::time::Date) -> Option<crate::time::Date> {
        self.expiry.expires_at(earned_at)
    }

    /// Every category that earns nothing (the program's and the section's).
    pub fn excluded_categories(&self) -> &[String] {
        &self.excluded_categories
    }
}

impl ExpirySpec {
    /// Last usable day of points earned on `earned_at`; `None` when they never expire.
    ///
    /// ```
    /// use tierwise::points::ExpirySpec;
    /// use tierwise::time::Date;
    /// let earned = Date::parse("2026-11-18").ok();
    /// let end = earned.and_then(|d| ExpirySpec::EndOfYear { years_after: 1 }.expires_at(d));
    /// assert_eq!(end.map(|d| d.to_string()), Some("2027-12-31".to_string()));
    /// let end = earned.and_then(|d| ExpirySpec::MonthsAfterEarning { months: 24 }.expires_at(d));
    /// assert_eq!(end.map(|d| d.to_string()), Some("2028-11-18".to_string()));
    /// ```
    pub fn expires_at(self, earned_at: crate::time::Date) -> Option<crate::time::Date> {
        match self {
            ExpirySpec::Never => None,
            ExpirySpec::MonthsAfterEarning { months } => {
                earned_at.add_months(i32::try_from(months).unwrap_or(i32::MAX)).or(Some(crate::time::Date::MAX))
            }
            ExpirySpec::EndOfYear { years_after } => {
                let year = i64::from(earned_at.year()) + i64::from(years_after);
                let year = i32::try_from(year).unwrap_or(i32::MAX);
                crate::time::Date::from_ymd(year, 12, 31).or(Some(crate::time::Date::MAX))
            }
        }
    }
}

/// Reads one optional key: `Some(None)` when absent, `None` when present but broken
/// (the issue is recorded).
fn optional<T: crate::json::FromJson>(ctx: &mut CompileContext, map: &Map<String, Value>, key: &str, path: &str) -> Option<Option<T>> {
    match map.get(key) {
        None => Some(None),
        Some(value) => ctx.parse(value, &pointer(path, key)).map(Some),
    }
}



fn check_tier(ctx: &mut CompileContext, input: &PointsContext<'_>, path: &str, tier: &str) {
    check_id(ctx, path, tier);
    if let Some(known) = input.known_tiers {
        if !known.iter().any(|t| t == tier) {
            let list = known.join(", ");
            ctx.report(Code::UnknownTier, path, format!("no tier {tier:?} in the program (tiers: {list})"));
        }
    }
}

/// Compiles the `points` section at `path` (`/points`). Returns `None` when any issue
/// was recorded in it.
pub fn compile(value: &Value, path: &str, ctx: &mut CompileContext, input: &PointsContext<'_>) -> Option<CompiledPoints> {
    let Value::Object(map) = value else {
        ctx.report(Code::InvalidType, path, format!("the points section must be an object, got {}", json_type(value)));
        return None;
    };
    let issues_before = ctx.issues.len();
    for key in map.keys() {
        if !POINTS_KEYS.contains(&key.as_str()) {
            ctx.report(Code::UnknownField, pointer(path, key), format!("unknown field `{key}`, expected one of {}", POINTS_KEYS.join(", ")));
        }
    }
    let rate: Option<EarnRate> = match map.get("rate") {
        Some(value) => ctx.parse(value, &pointer(path, "rate")),
        None => {
            ctx.report(Code::MissingField, pointer(path, "rate"), "missing field `rate`");
            None
        }
    };
    let rounding: Option<Option<Rounding>> = optional(ctx, map, "rounding", path);
    let excluded: Option<Option<Vec<String>>> = optional(ctx, map, "excluded_categories", path);
    if let Some(Some(excluded)) = &excluded {
        for (index, category) in excluded.iter().enumerate() {
            check_id(ctx, &pointer(&pointer(path, "excluded_categories"), index), category);
        }
    }
    let mut excluded_categories: Vec<String> = input.excluded_categories.to_vec();
    for category in excluded.clone().flatten().unwrap_or_default() {
        if !excluded_categories.contains(&category) {
            excluded_categories.push(category);
        }
    }
    let max_points_per_order: Option<Option<Points>> = optional(ctx, map, "max_points_per_order", path);
    let pending_days: Option<Option<u32>> = optional(ctx, map, "pending_days", path);
    if let Some(Some(days)) = pending_days {
        if days > 366 {
            ctx.report(Code::OutOfRange, pointer(path, "pending_days"), format!("must be within 0..=366 days, got {days}"));
        }
    }
    let expiry: Option<Option<ExpirySpec>> = optional(ctx, map, "expiry", path);
    if let Some(Some(expiry)) = expiry {
        check_expiry(ctx, &pointer(path, "expiry"), expiry);
    }

    let money_value: Option<Option<MoneyValue>> = optional(ctx, map, "money_value", path);
    if let Some(Some(value)) = money_value {
        let at = pointer(path, "money_value");
        if value.points == Points::ZERO {
            ctx.report(Code::OutOfRange, pointer(&at, "points"), "must be at least 1 point");
        }
        if value.money == Money::ZERO {
            ctx.report(Code::OutOfRange, pointer(&at, "money"), "must be at least 1 minor unit");
        }
    }

    let mut rule_ids: VecSet<String> = VecSet::new();
    let bonuses = compile_list(ctx, map, "bonuses", path, limits::MAX_POINTS_RULES, Code::TooManyRules, |ctx, at, spec: BonusRuleSpec| {
        claim_rule_id(ctx, &mut rule_ids, &pointer(at, "id"), &spec.id);
        compile_bonus(ctx, at, spec, input, &excluded_categories)
    });
    let activities = compile_list(ctx, map, "activities", path, limits::MAX_POINTS_RULES, Code::TooManyRules, |ctx, at, spec: ActivitySpec| {
        claim_rule_id(ctx, &mut rule_ids, &pointer(at, "id"), &spec.id);
        compile_activity(ctx, at, spec)
    });
    let mut reward_ids: VecSet<String> = VecSet::new();
    let rewards = compile_list(ctx, map, "rewards", path, limits::MAX_REWARDS, Code::TooManyRewards, |ctx, at, spec: RewardSpec| {
        let id_path = pointer(at, "id");
        if !reward_ids.insert(spec.id.clone()) {
            ctx.report(Code::DuplicateId, id_path, format!("another reward already has the id {:?}", spec.id));
        }
        compile_reward(ctx, at, spec, input)
    });

    if ctx.issues.len() > issues_before {
        return None;
    }
    let rate = rate?;
    let mut bonuses = bonuses?;
    // Additive rules first, compound rules after them, each group in program order.
    crate::sort::sort_by_key(&mut bonuses, |bonus| bonus.stacking == Stacking::Compound);
    let mut rewards = rewards?;
    crate::sort::sort_by(&mut rewards, |a, b| a.points.cmp(&b.points).then_with(|| a.id.cmp(&b.id)));
    Some(CompiledPoints {
        rate_bp: rate.basis_points(),
        minor_per_major: input.minor_per_major.max(1),
        rounding: rounding?.unwrap_or_default(),
        excluded_categories,
        bonuses,
        max_points_per_order: max_points_per_order?,
        pending_days: i64::from(pending_days?.unwrap_or(0)),
        expiry: expiry?.unwrap_or_default(),
        activities: activities?,
        rewards,
        expiry_warning_days: input.expiry_warning_days,
        money_value: money_value?,
    })
}

/// Reads the list under `key`, each element on its own, and compiles the readable ones.
/// Returns `None` when anything in the list was broken.
fn compile_list<S: crate::json::FromJson, C>(
    ctx: &mut CompileContext,
    map: &Map<String, Value>,
    key: &str,
    path: &str,
    max: usize,
    too_many: Code,
    mut each: impl FnMut(&mut CompileContext, &str, S) -> Option<C>,
) -> Option<Vec<C>> {
    let at = pointer(path, key);
    let items = match map.get(key) {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            ctx.report(Code::InvalidType, &at, format!("expected an array, got {}", json_type(other)));
            return None;
        }
    };
    if items.len() > max {
        ctx.report(too_many, &at, format!("at most {max} entries are accepted, got {}", items.len()));
        return None;
    }
    // Each element is read and checked before the next, so issues come in document order.
    let mut compiled = Vec::with_capacity(items.len());
    let mut broken = false;
    for (index, item) in items.iter().enumerate() {
        let item_path = pointer(&at, index);
        match ctx.parse::<S>(item, &item_path).and_then(|spec| each(ctx, &item_path, spec)) {
            Some(done) => compiled.push(done),
            None => broken = true,
        }
    }
    (!broken).then_some(compiled)
}

fn claim_rule_id(ctx: &mut CompileContext, ids: &mut VecSet<String>, path: &str, id: &str) {
    if id == BASE_RULE_ID {
        ctx.report(Code::ReservedId, path, format!("{BASE_RULE_ID:?} names the base contribution; choose another id"));
    } else if !ids.insert(id.to_string()) {
        ctx.report(Code::DuplicateId, path, format!("another bonus or activity already has the id {id:?}"));
    }
}

fn check_expiry(ctx: &mut CompileContext, path: &str, expiry: ExpirySpec) {
    match expiry {
        ExpirySpec::Never => {}
        ExpirySpec::MonthsAfterEarning { months } => {
            if !(1..=600).contains(&months) {
                ctx.report(Code::OutOfRange, pointer(path, "months"), format!("must be within 1..=600 months, got {months}"));
            }
        }
        ExpirySpec::EndOfYear { years_after } => {
            if years_after > 100 {
                ctx.report(Code::OutOfRange, pointer(path, "years_after"), format!("must be within 0..=100 years, got {years_after}"));
            }
        }
    }
}

/// Records `not_allowed_for_kind` when `present`.
fn forbid(ctx: &mut CompileContext, path: &str, field: &str, present: bool, kind: &str) {
    if present {
        ctx.report(Code::NotAllowedForKind, pointer(path, field), format!("`{field}` does not apply to a {kind} rule"));
    }
}

fn require<T: Clone>(ctx: &mut CompileContext, path: &str, field: &str, value: &Option<T>, kind: &str) -> Option<T> {
    if value.is_none() {
        ctx.report(Code::MissingField, pointer(path, field), format!("a {kind} rule needs `{field}`"));
    }
    value.clone()
}

fn compile_bonus(ctx: &mut CompileContext, path: &str, spec: BonusRuleSpec, input: &PointsContext<'_>, excluded: &[String]) -> Option<CompiledBonus> {
    let before = ctx.issues.len();
    check_id(ctx, &pointer(path, "id"), &spec.id);
    check_text(ctx, &pointer(path, "name"), &spec.name);
    let kind_name = match spec.kind {
        BonusKind::Tier => "tier",
        BonusKind::Category => "category",
        BonusKind::Campaign => "campaign",
        BonusKind::BirthdayMonth => "birthday_month",
        BonusKind::NthOrder => "nth_order",
        BonusKind::NthCategoryOrder => "nth_category_order",
        BonusKind::ReferralWelcome => "referral_welcome",
    };
    let frequency = matches!(spec.kind, BonusKind::NthOrder | BonusKind::NthCategoryOrder);
    forbid(ctx, path, "every", spec.every.is_some() && !frequency, kind_name);
    forbid(ctx, path, "period", spec.period.is_some() && !frequency, kind_name);
    forbid(ctx, path, "points", spec.points.is_some() && !matches!(spec.kind, BonusKind::NthOrder | BonusKind::ReferralWelcome), kind_name);
    if frequency || spec.kind == BonusKind::ReferralWelcome {
        forbid(ctx, path, "bp_by_tier", spec.bp_by_tier.is_some(), kind_name);
        forbid(ctx, path, "windows", spec.windows.is_some(), kind_name);
        forbid(ctx, path, "day_of_month", spec.day_of_month.is_some(), kind_name);
        if spec.stacking == Stacking::Compound {
            ctx.report(Code::CompoundNotSupported, pointer(path, "stacking"), format!("a {kind_name} rule awards points of its own and is always additive"));
        }
    }
    if let Some(every) = spec.every {
        if !(1..=1000).contains(&every) {
            ctx.report(Code::OutOfRange, pointer(path, "every"), format!("must be within 1..=1000 orders, got {every}"));
        }
    }
    if let Some(points) = spec.points {
        if points == Points::ZERO {
            ctx.report(Code::OutOfRange, pointer(path, "points"), "a rule that awards fixed points awards at least 1");
        }
    }
    let rule = match spec.kind {
        BonusKind::Tier => {
            forbid(ctx, path, "bp", spec.bp.is_some(), kind_name);
            forbid(ctx, path, "categories", spec.categories.is_some(), kind_name);
            forbid(ctx, path, "windows", spec.windows.is_some(), kind_name);
            forbid(ctx, path, "day_of_month", spec.day_of_month.is_some(), kind_name);
            let bp_by_tier = require(ctx, path, "bp_by_tier", &spec.bp_by_tier, kind_name);
            if let Some(map) = &bp_by_tier {
                let at = pointer(path, "bp_by_tier");
                if map.is_empty() {
                    ctx.report(Code::EmptyList, &at, "name at least one tier");
                }
                for tier in map.keys() {
                    check_tier(ctx, input, &pointer(&at, tier), tier);
                }
            }
            bp_by_tier.map(|bp_by_tier| BonusRule::Tier { bp_by_tier })
        }
        BonusKind::Category => {
            forbid(ctx, path, "bp_by_tier", spec.bp_by_tier.is_some(), kind_name);
            forbid(ctx, path, "windows", spec.windows.is_some(), kind_name);
            forbid(ctx, path, "day_of_month", spec.day_of_month.is_some(), kind_name);
            if spec.stacking == Stacking::Compound {
                ctx.report(
                    Code::CompoundNotSupported,
                    pointer(path, "stacking"),
                    "a category bonus is computed on its own lines' base and is always additive",
                );
            }
            let bp = require(ctx, path, "bp", &spec.bp, kind_name);
            let categories = require(ctx, path, "categories", &spec.categories, kind_name);
            if let Some(list) = &categories {
                check_categories(ctx, &pointer(path, "categories"), list, excluded);
            }
            match (categories, bp) {
                (Some(categories), Some(bp)) => Some(BonusRule::Category { categories, bp }),
                _ => None,
            }
        }
        BonusKind::Campaign => {
            forbid(ctx, path, "bp_by_tier", spec.bp_by_tier.is_some(), kind_name);
            forbid(ctx, path, "categories", spec.categories.is_some(), kind_name);
            let bp = require(ctx, path, "bp", &spec.bp, kind_name);
            if spec.windows.is_none() && spec.day_of_month.is_none() {
                ctx.report(Code::CampaignWithoutSchedule, path, "a campaign needs `windows`, `day_of_month`, or both");
            }
            if let Some(windows) = &spec.windows {
                let at = pointer(path, "windows");
                if windows.is_empty() {
                    ctx.report(Code::EmptyList, &at, "name at least one window, or leave `windows` out");
                }
                for (index, window) in windows.iter().enumerate() {
                    if window.from > window.to {
                        ctx.report(Code::WindowReversed, pointer(&pointer(&at, index), "to"), format!("ends ({}) before it starts ({})", window.to, window.from));
                    }
                }
            }
            if let Some(day) = spec.day_of_month {
                if !(1..=31).contains(&day) {
                    ctx.report(Code::OutOfRange, pointer(path, "day_of_month"), format!("must be within 1..=31, got {day}"));
                }
            }
            bp.map(|bp| BonusRule::Campaign { windows: spec.windows.clone().unwrap_or_default(), day_of_month: spec.day_of_month, bp })
        }
        BonusKind::BirthdayMonth => {
            forbid(ctx, path, "bp_by_tier", spec.bp_by_tier.is_some(), kind_name);
            forbid(ctx, path, "categories", spec.categories.is_some(), kind_name);
            forbid(ctx, path, "windows", spec.windows.is_some(), kind_name);
            forbid(ctx, path, "day_of_month", spec.day_of_month.is_some(), kind_name);
            require(ctx, path, "bp", &spec.bp, kind_name).map(|bp| BonusRule::BirthdayMonth { bp })
        }
        BonusKind::NthOrder => {
            forbid(ctx, path, "bp", spec.bp.is_some(), kind_name);
            forbid(ctx, path, "categories", spec.categories.is_some(), kind_name);
            let every = require(ctx, path, "every", &spec.every, kind_name);
            let period = require(ctx, path, "period", &spec.period, kind_name);
            let points = require(ctx, path, "points", &spec.points, kind_name);
            match (every, period, points) {
                (Some(every), Some(period), Some(points)) => Some(BonusRule::NthOrder { every, period, points }),
                _ => None,
            }
        }
        BonusKind::NthCategoryOrder => {
            let every = require(ctx, path, "every", &spec.every, kind_name);
            let period = require(ctx, path, "period", &spec.period, kind_name);
            let bp = require(ctx, path, "bp", &spec.bp, kind_name);
            let categories = require(ctx, path, "categories", &spec.categories, kind_name);
            if let Some(list) = &categories {
                check_categories(ctx, &pointer(path, "categories"), list, excluded);
            }
            match (every, period, categories, bp) {
                (Some(every), Some(period), Some(categories), Some(bp)) => Some(BonusRule::NthCategoryOrder { every, period, categories, bp }),
                _ => None,
            }
        }
        BonusKind::ReferralWelcome => {
            forbid(ctx, path, "bp", spec.bp.is_some(), kind_name);
            forbid(ctx, path, "categories", spec.categories.is_some(), kind_name);
            require(ctx, path, "points", &spec.points, kind_name).map(|points| BonusRule::ReferralWelcome { points })
        }
    };
    if ctx.issues.len() > before {
        return None;
    }
    Some(CompiledBonus { id: spec.id, name: spec.name, rule: rule?, stacking: spec.stacking, caps: spec.caps })
}

/// Checks a bonus's `categories` at `at`: not empty, valid ids, none excluded.
fn check_categories(ctx: &mut CompileContext, at: &str, list: &[String], excluded: &[String]) {
    if list.is_empty() {
        ctx.report(Code::EmptyList, at, "name at least one category");
    }
    for (index, category) in list.iter().enumerate() {
        let item = pointer(at, index);
        check_id(ctx, &item, category);
        if excluded.contains(category) {
            ctx.report(Code::ExcludedCategory, item, format!("{category:?} is excluded from earning, so this bonus could never apply"));
        }
    }
}

fn compile_activity(ctx: &mut CompileContext, path: &str, spec: ActivitySpec) -> Option<CompiledActivity> {
    let before = ctx.issues.len();
    check_id(ctx, &pointer(path, "id"), &spec.id);
    check_text(ctx, &pointer(path, "name"), &spec.name);
    check_text(ctx, &pointer(path, "how"), &spec.how);
    if let Some(event) = &spec.event {
        check_id(ctx, &pointer(path, "event"), event);
    }
    if let Some(streak) = spec.streak {
        if spec.kind != ActivityKind::CheckIn {
            ctx.report(Code::NotAllowedForKind, pointer(path, "streak"), "only a check_in activity has a streak bonus");
        }
        if !(2..=366).contains(&streak.days) {
            ctx.report(Code::OutOfRange, pointer(&pointer(path, "streak"), "days"), format!("must be within 2..=366 days, got {}", streak.days));
        }
    }
    if ctx.issues.len() > before {
        return None;
    }
    let event = spec.event.unwrap_or_else(|| spec.kind.default_event().to_string());
    Some(CompiledActivity {
        id: spec.id,
        kind: spec.kind,
        name: spec.name,
        how: spec.how,
        event,
        points: spec.points,
        allowance: spec.allowance,
        streak: spec.streak,
    })
}

fn compile_reward(ctx: &mut CompileContext, path: &str, spec: RewardSpec, input: &PointsContext<'_>) -> Option<CompiledReward> {
    let before = ctx.issues.len();
    check_id(ctx, &pointer(path, "id"), &spec.id);
    check_text(ctx, &pointer(path, "name"), &spec.name);
    if spec.points == Points::ZERO {
        ctx.report(Code::OutOfRange, pointer(path, "points"), "a reward costs at least 1 point");
    }
    for (index, tier) in spec.tiers.iter().enumerate() {
        check_tier(ctx, input, &pointer(&pointer(path, "tiers"), index), tier);
    }
    if ctx.issues.len() > before {
        return None;
    }
    Some(CompiledReward { id: spec.id, name: spec.name, points: spec.points, cash: spec.cash, tiers: spec.tiers })
}

#[cfg(test)]
mod tests {
    use super::super::spec::PointsSpec;
    use super::*;
    use serde_json::json;
    use std::collections::BTreeSet;

    fn context(known: Option<&[String]>) -> PointsContext<'_> {
        PointsContext { minor_per_major: 100, excluded_categories: &[], known_tiers: known, expiry_warning_days: 30 }
    }

    fn issues(section: Value, known: Option<&[String]>) -> Vec<(String, String)> {
        let mut ctx = CompileContext::default();
        let compiled = compile(&section, "/points", &mut ctx, &context(known));
        assert_eq!(compiled.is_some(), ctx.issues.is_empty());
        ctx.issues.into_iter().map(|i| (i.code.as_str().to_string(), i.path)).collect()
    }

    #[test]
    fn keys_list_matches_the_schema() {
        let schema = schemars::schema_for!(PointsSpec);
        let properties = schema.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect::<BTreeSet<_>>());
        let listed: BTreeSet<String> = POINTS_KEYS.iter().map(|k| k.to_string()).collect();
        assert_eq!(properties, Some(listed));
    }

    #[test]
    fn tier_references_are_checked_when_tiers_are_known() {
        let tiers = vec!["member".to_string(), "silver".to_string()];
        let section = json!({
            "rate": 1,
            "bonuses": [{ "id": "t", "kind": "tier", "bp_by_tier": { "silver": 1000, "platinum": 2000 } }],
            "rewards": [{ "id": "r", "points": 10, "tiers": ["gold"] }]
        });
        assert_eq!(
            issues(section.clone(), Some(&tiers)),
            vec![
                ("unknown_tier".to_string(), "/points/bonuses/0/bp_by_tier/platinum".to_string()),
                ("unknown_tier".to_string(), "/points/rewards/0/tiers/0".to_string()),
            ]
        );
        assert!(issues(section, None).is_empty());
    }

    #[test]
    fn every_problem_is_reported() {
        let section = json!({
            "rate": 1.5,
            "pending_days": 400,
            "expiry": { "kind": "months_after_earning", "months": 0 },
            "bonuses": [
                { "id": "base", "kind": "birthday_month", "bp": 100 },
                { "id": "c", "kind": "category", "bp": 100, "categories": [], "stacking": "compound" },
                { "id": "m", "kind": "campaign", "bp": 100, "day_of_month": 32, "windows": [{ "from": "2026-02-01", "to": "2026-01-01" }] },
                { "id": "m", "kind": "campaign", "bp": 100 },
                { "id": "t", "kind": "tier", "bp": 100 }
            ],
            "activities": [{ "id": "r", "kind": "review", "points": 5, "streak": { "days": 1, "points": 5 } }],
            "rewards": [{ "id": "x", "points": 0 }, { "id": "x", "points": 5 }],
            "color": "red"
        });
        let found = issues(section, None);
        let expected: Vec<(&str, &str)> = vec![
            ("unknown_field", "/points/color"),
            ("invalid_value", "/points/rate"),
            ("out_of_range", "/points/pending_days"),
            ("out_of_range", "/points/expiry/months"),
            ("reserved_id", "/points/bonuses/0/id"),
            ("compound_not_supported", "/points/bonuses/1/stacking"),
            ("empty_list", "/points/bonuses/1/categories"),
            ("window_reversed", "/points/bonuses/2/windows/0/to"),
            ("out_of_range", "/points/bonuses/2/day_of_month"),
            ("duplicate_id", "/points/bonuses/3/id"),
            ("campaign_without_schedule", "/points/bonuses/3"),
            ("not_allowed_for_kind", "/points/bonuses/4/bp"),
            ("missing_field", "/points/bonuses/4/bp_by_tier"),
            ("not_allowed_for_kind", "/points/activities/0/streak"),
            ("out_of_range", "/points/activities/0/streak/days"),
            ("out_of_range", "/points/rewards/0/points"),
            ("duplicate_id", "/points/rewards/1/id"),
        ];
        let expected: Vec<(String, String)> = expected.into_iter().map(|(c, p)| (c.to_string(), p.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn rates_read_both_ways() {
        assert_eq!(serde_json::from_value::<EarnRate>(json!(2)).ok(), Some(EarnRate::PerMajor(2)));
        assert_eq!(serde_json::from_value::<EarnRate>(json!({ "bp": 15000 })).ok(), Some(EarnRate::BasisPoints(Bp(15000))));
        assert!(serde_json::from_value::<EarnRate>(json!(-1)).is_err());
        assert!(serde_json::from_value::<EarnRate>(json!(10001)).is_err());
        assert!(serde_json::from_value::<EarnRate>(json!({ "bp": 1, "x": 2 })).is_err());
        assert!(serde_json::from_value::<EarnRate>(json!({})).is_err());
        assert_eq!(EarnRate::PerMajor(1).basis_points(), 10_000);
    }

    #[test]
    fn additive_rules_come_before_compound_ones() {
        let section = json!({
            "rate": 1,
            "bonuses": [
                { "id": "a", "kind": "birthday_month", "bp": 100, "stacking": "compound" },
                { "id": "b", "kind": "birthday_month", "bp": 100 },
                { "id": "c", "kind": "birthday_month", "bp": 100, "stacking": "compound" },
                { "id": "d", "kind": "birthday_month", "bp": 100 }
            ]
        });
        let mut ctx = CompileContext::default();
        let compiled = compile(&section, "/points", &mut ctx, &context(None));
        let order: Vec<String> = compiled.map(|c| c.bonuses.into_iter().map(|b| b.id).collect()).unwrap_or_default();
        assert_eq!(order, vec!["b", "d", "a", "c"]);
    }
}
