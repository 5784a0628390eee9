//! Lifecycle stages: the program's ordered classification of members by days since joining
//! and days without an order (the practice's new → active → silent → dormant → churned).
//!
//! Stages are tried in order and the first whose rules all hold is the member's; a stage
//! without rules matches everyone, so it belongs last. Both counters grow by one a day while
//! nothing happens, so the stage a member reaches next, and on which day, follows from the
//! rules alone: it is the first day on which some rule's bound is crossed and another
//! stage's rules hold. `docs/mechanics.md` has a worked example.

use crate::error::{pointer, Code};
use crate::json::write::ToJson;
use crate::read::CompileContext;
use crate::text::{check_id, check_text, LocalizedText};
use crate::time::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most stages a program may list.
pub const MAX_STAGES: usize = 20;

/// Largest day bound a stage rule may give (a hundred years).
pub const MAX_STAGE_DAYS: i64 = 36_600;

/// The `lifecycle` section.
///
/// ```json
/// { "stages": [
///     { "id": "new", "days_since_join": { "max": 30 } },
///     { "id": "active", "days_without_order": { "max": 90 } },
///     { "id": "silent", "days_without_order": { "min": 91, "max": 180 } },
///     { "id": "dormant", "days_without_order": { "min": 181, "max": 365 } },
///     { "id": "churned" } ] }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct LifecycleSpec {
    /// The stages, tried in order: the first whose rules all hold is the member's.
    pub stages: Vec<StageSpec>,
}

/// One lifecycle stage.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// Stage id, the value of the `lifecycle_stage` fact.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// Holds when the calendar days since joining (`days_since_join`) are within the range.
    #[serde(default)]
    pub days_since_join: Option<DayRange>,
    /// Holds when the calendar days since the last qualifying order, or since joining for
    /// a member who has not ordered yet, are within the range.
    #[serde(default)]
    pub days_without_order: Option<DayRange>,
}

/// A range of whole days, both ends included; at least one end is given.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct DayRange {
    /// Fewest days (inclusive); no lower bound when absent.
    #[serde(default)]
    pub min: Option<i64>,
    /// Most days (inclusive); no upper bound when absent.
    #[serde(default)]
    pub max: Option<i64>,
}

impl DayRange {
    fn holds(self, days: i64) -> bool {
        self.min.is_none_or(|min| days >= min) && self.max.is_none_or(|max| days <= max)
    }
}

/// The rule of a stage that compared a counter with a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum StageRule {
    /// Days since joining.
    DaysSinceJoin,
    /// Days since the last qualifying order, or since joining without one.
    DaysWithoutOrder,
}

/// A rule of the member's stage that held, with the member's count of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct StageClause {
    /// Which counter the rule reads.
    pub rule: StageRule,
    /// The rule's fewest days, when it gives one.
    pub min: Option<i64>,
    /// The rule's most days, when it gives one.
    pub max: Option<i64>,
    /// The member's count today.
    pub actual: i64,
}

/// The stage a member reaches next if nothing happens (no order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct NextStage {
    /// Stage id.
    pub id: String,
    /// Display name.
    pub name: LocalizedText,
    /// The first day on which the member is in that stage.
    pub on: Date,
    /// Calendar days from today to `on` (at least 1).
    pub in_days: i64,
}

/// The member's lifecycle stage, the rules that decided it, and what comes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct LifecycleResult {
    /// Id of the member's stage; `null` when no stage's rules hold.
    pub stage: Option<String>,
    /// Display name of the stage (empty without one).
    pub name: LocalizedText,
    /// The rules of the stage that held, with the member's counts (empty for a stage
    /// without rules).
    pub because: Vec<StageClause>,
    /// Days since joining today.
    pub days_since_join: i64,
    /// Days without an order today (since the last qualifying order, or since joining).
    pub days_without_order: i64,
    /// The stage reached next if the member does not order, and when; `null` when the
    /// member stays in this stage for good.
    pub next: Option<NextStage>,
}

/// A compiled `lifecycle` section.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    stages: Vec<StageSpec>,
}

/// The counters stages read, as of one day.
#[derive(Debug, Clone, Copy)]
struct Counters {
    days_since_join: i64,
    days_without_order: i64,
}

/// The day counts of a member today, from which any later day's follow.
#[derive(Debug, Clone, Copy)]
struct Clock {
    /// Today − the joining date; negative for a member who joins in the future.
    raw_days_since_join: i64,
    /// Today − the last qualifying order's date; `None` without one.
    days_since_last_order: Option<i64>,
}

impl Clock {
    /// The counters `days` days from today if nothing happens. Days since joining stay at
    /// 0 until the joining date; without an order, days without one are days since joining.
    fn counters(self, days: i64) -> Counters {
        let days_since_join = self.raw_days_since_join.saturating_add(days).max(0);
        let days_without_order = self.days_since_last_order.map_or(days_since_join, |count| count.saturating_add(days));
        Counters { days_since_join, days_without_order }
    }

    /// The unclamped count a rule on `rule` compares, today: each grows by one a day.
    fn raw(self, rule: StageRule) -> i64 {
        match (rule, self.days_since_last_order) {
            (StageRule::DaysWithoutOrder, Some(count)) => count,
            _ => self.raw_days_since_join,
        }
    }
}

fn check_range(ctx: &mut CompileContext, path: &str, range: DayRange) {
    if range.min.is_none() && range.max.is_none() {
        ctx.report(Code::InvalidValue, path, "give `min`, `max` or both");
    }
    for (key, bound) in [("min", range.min), ("max", range.max)] {
        if let Some(days) = bound.filter(|days| !(0..=MAX_STAGE_DAYS).contains(days)) {
            ctx.report(Code::OutOfRange, pointer(path, key), format!("must be within 0..={MAX_STAGE_DAYS} days, got {days}"));
        }
    }
    if let (Some(min), Some(max)) = (range.min, range.max) {
        if min > max {
            ctx.report(Code::WindowReversed, pointer(path, "max"), format!("`max` ({max}) must not be below `min` ({min})"));
        }
    }
}

impl Lifecycle {
    /// Compiles the `lifecycle` section; `None` when absent, or after reporting issues
    /// under `/lifecycle`.
    pub fn compile(section: Option<&Value>, ctx: &mut CompileContext) -> Option<Lifecycle> {
        let section = section.filter(|value| !value.is_null())?;
        let before = ctx.issues.len();
        let spec: LifecycleSpec = ctx.parse(section, "/lifecycle")?;
        if spec.stages.is_empty() {
            ctx.report(Code::EmptyList, "/lifecycle/stages", "list at least one stage");
        }
        if spec.stages.len() > MAX_STAGES {
            ctx.report(Code::TooManyEntries, "/lifecycle/stages", format!("at most {MAX_STAGES} stages, got {}", spec.stages.len()));
        }
        let mut seen = crate::vec_map::VecSet::new();
        let count = spec.stages.len();
        for (index, stage) in spec.stages.iter().enumerate() {
            let at = pointer("/lifecycle/stages", index);
            check_id(ctx, &pointer(&at, "id"), &stage.id);
            if !seen.insert(stage.id.as_str()) {
                ctx.report(Code::DuplicateId, pointer(&at, "id"), format!("`{}` is used twice", stage.id));
            }
            check_text(ctx, &pointer(&at, "name"), &stage.name);
            if let Some(range) = stage.days_since_join {
                check_range(ctx, &pointer(&at, "days_since_join"), range);
            }
            if let Some(range) = stage.days_without_order {
                check_range(ctx, &pointer(&at, "days_without_order"), range);
            }
            if stage.days_since_join.is_none() && stage.days_without_order.is_none() && index + 1 < count {
                ctx.report(Code::UnreachableStage, pointer("/lifecycle/stages", index + 1), format!("stage `{}` has no rules, so no stage after it can match", stage.id));
            }
        }
        (ctx.issues.len() == before).then_some(Lifecycle { stages: spec.stages })
    }

    /// The ids of the stages, in order.
    pub fn stage_ids(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|stage| stage.id.as_str())
    }

    /// Index of the first stage whose rules hold for `counters`.
    fn stage_at(&self, counters: Counters) -> Option<usize> {
        self.stages.iter().position(|stage| {
            stage.days_since_join.is_none_or(|range| range.holds(counters.days_since_join))
                && stage.days_without_order.is_none_or(|range| range.holds(counters.days_without_order))
        })
    }

    /// The stage of a member who joined on `joined` and last ordered on `last_order` (a
    /// qualifying order), today; and the stage reached next if nothing happens.
    pub fn classify(&self, joined: Date, last_order: Option<Date>, today: Date) -> LifecycleResult {
        let clock = Clock { raw_days_since_join: joined.days_until(today), days_since_last_order: last_order.map(|date| date.days_until(today)) };
        let now = clock.counters(0);
        let Counters { days_since_join, days_without_order } = now;
        let current = self.stage_at(now);
        let stage = current.and_then(|index| self.stages.get(index));
        let because = stage.map(|stage| {
            let mut clauses = Vec::new();
            if let Some(range) = stage.days_since_join {
                clauses.push(StageClause { rule: StageRule::DaysSinceJoin, min: range.min, max: range.max, actual: days_since_join });
            }
            if let Some(range) = stage.days_without_order {
                clauses.push(StageClause { rule: StageRule::DaysWithoutOrder, min: range.min, max: range.max, actual: days_without_order });
            }
            clauses
        });
        // A counter crosses a bound on the day it reaches `min` or passes `max`; the stage
        // can change on no other day.
        let mut crossings: Vec<i64> = Vec::new();
        for stage in &self.stages {
            for (range, rule) in [(stage.days_since_join, StageRule::DaysSinceJoin), (stage.days_without_order, StageRule::DaysWithoutOrder)] {
                let count = clock.raw(rule);
                let Some(range) = range else { continue };
                crossings.extend(range.min.map(|min| min.saturating_sub(count)));
                crossings.extend(range.max.map(|max| max.saturating_add(1).saturating_sub(count)));
            }
        }
        // Tried in ascending order; there are at most four per stage, so picking the next
        // smallest each time costs less code than a sort.
        let mut next = None;
        let mut after = 0;
        while let Some(days) = crossings.iter().copied().filter(|days| *days > after).min() {
            after = days;
            let Some(stage) = self.stage_at(clock.counters(days)).filter(|index| Some(*index) != current).and_then(|index| self.stages.get(index)) else { continue };
            next = today.add_days(days).map(|on| NextStage { id: stage.id.clone(), name: stage.name.clone(), on, in_days: days });
            break;
        }
        LifecycleResult {
            stage: stage.map(|stage| stage.id.clone()),
            name: stage.map(|stage| stage.name.clone()).unwrap_or_default(),
            because: because.unwrap_or_default(),
            days_since_join,
            days_without_order,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compiled(section: Value) -> Result<Lifecycle, Vec<(String, String)>> {
        let mut ctx = CompileContext::default();
        let lifecycle = Lifecycle::compile(Some(&section), &mut ctx);
        match lifecycle {
            Some(lifecycle) if ctx.issues.is_empty() => Ok(lifecycle),
            _ => Err(ctx.issues.iter().map(|issue| (issue.code.as_str().to_string(), issue.path.clone())).collect()),
        }
    }

    fn practice() -> Lifecycle {
        compiled(json!({"stages": [
            {"id": "new", "days_since_join": {"max": 30}},
            {"id": "active", "days_without_order": {"max": 90}},
            {"id": "silent", "days_without_order": {"min": 91, "max": 180}},
            {"id": "dormant", "days_without_order": {"min": 181, "max": 365}},
            {"id": "churned"}
        ]}))
        .unwrap_or_default()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or(Date::MIN)
    }

    #[test]
    fn the_first_stage_whose_rules_hold_and_the_next_one() {
        let result = practice().classify(date("2025-01-01"), Some(date("2026-09-01")), date("2026-11-18"));
        assert_eq!(result.stage.as_deref(), Some("active"));
        assert_eq!(result.days_without_order, 78);
        assert_eq!(result.because, vec![StageClause { rule: StageRule::DaysWithoutOrder, min: None, max: Some(90), actual: 78 }]);
        assert_eq!(result.next.map(|next| (next.id, next.on.to_string(), next.in_days)), Some(("silent".to_string(), "2026-12-01".to_string(), 13)));
    }

    #[test]
    fn a_new_member_without_orders_goes_silent_after_joining_days() {
        let result = practice().classify(date("2026-11-10"), None, date("2026-11-18"));
        assert_eq!(result.stage.as_deref(), Some("new"));
        // Day 31 after joining: no longer new, 31 days without an order is still active.
        assert_eq!(result.next.map(|next| (next.id, next.in_days)), Some(("active".to_string(), 23)));
        // Joining in a week: new for the 30 days after the joining date.
        let early = practice().classify(date("2026-11-25"), None, date("2026-11-18"));
        assert_eq!((early.days_since_join, early.next.map(|next| (next.id, next.on.to_string()))), (0, Some(("active".to_string(), "2026-12-26".to_string()))));
        let churned = practice().classify(date("2020-01-01"), Some(date("2021-01-01")), date("2026-11-18"));
        assert_eq!((churned.stage.as_deref(), churned.because.len(), churned.next), (Some("churned"), 0, None));
    }

    #[test]
    fn mistakes_are_reported_at_their_paths() {
        let issues = compiled(json!({"stages": [
            {"id": "all"},
            {"id": "all", "days_since_join": {}},
            {"id": "x", "days_without_order": {"min": 10, "max": 5}},
            {"id": "y", "days_without_order": {"min": -1}}
        ]}));
        let pairs = |list: &[(&str, &str)]| list.iter().map(|(code, path)| (code.to_string(), path.to_string())).collect::<Vec<_>>();
        assert_eq!(
            issues.err(),
            Some(pairs(&[
                ("unreachable_stage", "/lifecycle/stages/1"),
                ("duplicate_id", "/lifecycle/stages/1/id"),
                ("invalid_value", "/lifecycle/stages/1/days_since_join"),
                ("window_reversed", "/lifecycle/stages/2/days_without_order/max"),
                ("out_of_range", "/lifecycle/stages/3/days_without_order/min"),
            ]))
        );
        assert_eq!(compiled(json!({"stages": []})).err(), Some(pairs(&[("empty_list", "/lifecycle/stages")])));
    }
}
