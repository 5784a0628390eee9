//! Tiers: the `tiers` section of a program, compiled once, and the tier progress of one
//! member at `now`.
//!
//! A member's tier is the highest level whose thresholds are met in the current
//! qualification window (upgrades are immediate), or the tier they hold until its validity
//! ends, whichever is higher. At the validity end the held tier is re-evaluated against the
//! window that ended by then; it may drop, by at most `max_levels_dropped` levels, after
//! `grace_days`. `docs/tiers.md` states every rule with a worked example.
//!
//! This module is pure domain: no JavaScript, no clock, no panics on input.

mod metrics;
mod progress;
mod spec;
mod window;

pub use metrics::ExtraActivity;
pub use progress::{
    AccelerationProgress, CurrentTier, MetricKind, MetricProgress, NextTier, Requalification, RequalificationStatus, Standing, TierAfterCart, TierChange, TierProgress, TierRef, WindowKind,
    WindowProgress, WindowTotals,
};
pub use spec::{AcceleratedMetric, AccelerationSpec, Benefit, Combine, LevelSpec, QualifySpec, TiersSpec, ValiditySpec, WindowSpec};
pub use window::Span;

use crate::text::check_id;
use crate::error::Code;
use crate::error::pointer;
use crate::limits;
use crate::money::MAX_AMOUNT;
use crate::text::{check_text, LocalizedText};
use crate::read::{json_type, CompileContext};
use crate::time::UtcOffset;
use metrics::Metric;
use serde_json::Value;
use crate::vec_map::{VecMap, VecSet};
use window::{ValidityRule, WindowRule};

/// Keys of the `tiers` object.
const KEYS: &[&str] = &["window", "validity", "combine", "max_levels_dropped", "grace_days", "levels", "accelerations"];
/// Most accelerations a program may define.
const MAX_ACCELERATIONS: usize = 20;
/// Most windows one acceleration may have.
const MAX_ACCELERATION_WINDOWS: usize = 50;
/// Keys of a level's `qualify` object: the metrics.
const METRICS: &[&str] = &["spend", "orders", "points_earned", "counters"];
/// Longest rolling window or validity, in months.
const MAX_MONTHS: u32 = 120;
/// Longest grace period, in days.
const MAX_GRACE_DAYS: u32 = 3660;

/// One threshold of a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Threshold {
    metric: Metric,
    target: i64,
}

/// One level, compiled.
#[derive(Debug, Clone)]
struct Level {
    id: String,
    name: LocalizedText,
    combine: Combine,
    thresholds: Vec<Threshold>,
    benefits: Vec<Benefit>,
}

/// The tier rules of a program, compiled: levels lowest first with their thresholds
/// resolved, the window and validity rules parsed, and the counters they name collected.
#[derive(Debug, Clone)]
pub struct TierRules {
    offset: UtcOffset,
    excluded_categories: Vec<String>,
    window: WindowRule,
    validity: ValidityRule,
    max_levels_dropped: usize,
    grace_days: i64,
    levels: Vec<Level>,
    /// Counter names used by any level, sorted; [`Metric::Counter`] indexes this.
    counters: Vec<String>,
    /// Accelerations in program order.
    accelerations: Vec<AccelerationSpec>,
}

impl TierRules {
    /// Level ids, lowest first.
    pub fn level_ids(&self) -> Vec<String> {
        self.levels.iter().map(|level| level.id.clone()).collect()
    }

    /// Rank (0 = base) of the level with this id.
    pub fn rank_of(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|level| level.id == id)
    }
}

/// A threshold as read, with the path it came from.
struct ReadThreshold {
    key: MetricKey,
    target: i64,
    path: String,
}

/// A metric by name, before counters are numbered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum MetricKey {
    Spend,
    Orders,
    PointsEarned,
    Counter(String),
}

fn thresholds_of(qualify: &QualifySpec, path: &str) -> Vec<ReadThreshold> {
    let at = pointer(path, "qualify");
    let mut out = Vec::new();
    if let Some(spend) = qualify.spend {
        out.push(ReadThreshold { key: MetricKey::Spend, target: spend.minor(), path: pointer(&at, "spend") });
    }
    if let Some(orders) = qualify.orders {
        out.push(ReadThreshold { key: MetricKey::Orders, target: orders, path: pointer(&at, "orders") });
    }
    if let Some(points) = qualify.points_earned {
        out.push(ReadThreshold { key: MetricKey::PointsEarned, target: points.count(), path: pointer(&at, "points_earned") });
    }
    let counters = pointer(&at, "counters");
    for (name, target) in &qualify.counters {
        out.push(ReadThreshold { key: MetricKey::Counter(name.clone()), target: *target, path: pointer(&counters, name) });
    }
    out
}

/// Reports keys of `qualify` that name no metric and returns the level without them, so
/// that the rest of the level is still read.
fn without_unknown_metrics(level: &Value, path: &str, ctx: &mut CompileContext) -> Value {
    let mut level = level.clone();
    if let Some(Value::Object(qualify)) = level.get_mut("qualify") {
        let unknown: Vec<String> = qualify.keys().filter(|key| !METRICS.contains(&key.as_str())).cloned().collect();
        for key in unknown {
            ctx.report(
                Code::UnknownMetric,
                pointer(&pointer(path, "qualify"), &key),
                format!("`{key}` is not a metric; use spend, orders, points_earned, or a named counter under counters"),
            );
            qualify.remove(&key);
        }
    }
    level
}


/// Reads an optional field, `default` when absent.
fn optional<T: crate::json::FromJson>(map: &serde_json::Map<String, Value>, key: &str, default: T, ctx: &mut CompileContext) -> Option<T> {
    match map.get(key) {
        Some(value) => ctx.parse(value, &pointer("/tiers", key)),
        None => Some(default),
    }
}

/// Compiles the `tiers` section (found at `/tiers`), reporting every issue to `ctx`.
/// `offset` and `excluded_categories` come from the program header.
pub fn compile(value: &Value, offset: UtcOffset, excluded_categories: &[String], ctx: &mut CompileContext) -> Option<TierRules> {
    let Value::Object(map) = value else {
        ctx.report(Code::InvalidType, "/tiers", format!("`tiers` must be an object, got {}", json_type(value)));
        return None;
    };
    for key in map.keys().filter(|key| !KEYS.contains(&key.as_str())) {
        ctx.report(Code::UnknownField, pointer("/tiers", key), format!("unknown field `{key}`"));
    }
    for key in ["window", "validity", "levels"] {
        if !map.contains_key(key) {
            ctx.report(Code::MissingField, pointer("/tiers", key), format!("missing field `{key}`"));
        }
    }
    let window: Option<WindowSpec> = map.get("window").and_then(|v| ctx.parse(v, "/tiers/window"));
    if let Some(WindowSpec::RollingMonths { months }) = window {
        if !(1..=MAX_MONTHS).contains(&months) {
            ctx.report(Code::OutOfRange, "/tiers/window/months", format!("must be within 1..={MAX_MONTHS} months, got {months}"));
        }
    }
    let validity: Option<ValiditySpec> = map.get("validity").and_then(|v| ctx.parse(v, "/tiers/validity"));
    if let Some(ValiditySpec::MonthsAfterReaching { months }) = validity {
        if !(1..=MAX_MONTHS).contains(&months) {
            ctx.report(Code::OutOfRange, "/tiers/validity/months", format!("must be within 1..={MAX_MONTHS} months, got {months}"));
        }
    }
    let combine: Option<Combine> = optional(map, "combine", Combine::Any, ctx);
    let max_levels_dropped: Option<u32> = optional(map, "max_levels_dropped", 1, ctx);
    if let Some(dropped) = max_levels_dropped {
        if dropped == 0 || dropped as usize > limits::MAX_TIERS {
            ctx.report(
                Code::OutOfRange,
                "/tiers/max_levels_dropped",
                format!("must be within 1..={}, got {dropped}; use a lifetime validity for tiers that never drop", limits::MAX_TIERS),
            );
        }
    }
    let grace_days: Option<u32> = optional(map, "grace_days", 0, ctx);
    if let Some(grace) = grace_days {
        if grace > MAX_GRACE_DAYS {
            ctx.report(Code::OutOfRange, "/tiers/grace_days", format!("must be within 0..={MAX_GRACE_DAYS} days, got {grace}"));
        }
    }
    let levels = map.get("levels").and_then(|levels| compile_levels(levels, combine.unwrap_or_default(), ctx));
    let accelerations = compile_accelerations(map.get("accelerations"), ctx);
    let (levels, counters) = levels?;
    Some(TierRules {
        offset,
        excluded_categories: excluded_categories.to_vec(),
        window: WindowRule::from_spec(window?),
        validity: ValidityRule::from_spec(validity?),
        max_levels_dropped: max_levels_dropped? as usize,
        grace_days: i64::from(grace_days?),
        levels,
        counters,
        accelerations: accelerations?,
    })
}

/// Reads `/tiers/accelerations`: each entry on its own, every issue reported.
fn compile_accelerations(value: Option<&Value>, ctx: &mut CompileContext) -> Option<Vec<AccelerationSpec>> {
    const PATH: &str = "/tiers/accelerations";
    let items = match value {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            ctx.report(Code::InvalidType, PATH, format!("expected an array of accelerations, got {}", json_type(other)));
            return None;
        }
    };
    if items.len() > MAX_ACCELERATIONS {
        ctx.report(Code::InvalidLength, PATH, format!("at most {MAX_ACCELERATIONS} accelerations are accepted, got {}", items.len()));
        return None;
    }
    let before = ctx.issues.len();
    let mut ids = VecSet::new();
    let mut read = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let path = pointer(PATH, index);
        let Some(spec) = ctx.parse::<AccelerationSpec>(item, &path) else { continue };
        let id_path = pointer(&path, "id");
        check_id(ctx, &id_path, &spec.id);
        if !ids.insert(spec.id.clone()) {
            ctx.report(Code::DuplicateId, id_path, format!("another acceleration already has the id {:?}", spec.id));
        }
        check_text(ctx, &pointer(&path, "name"), &spec.name);
        let windows = pointer(&path, "windows");
        if spec.windows.is_empty() {
            ctx.report(Code::EmptyList, &windows, "name at least one window");
        }
        if spec.windows.len() > MAX_ACCELERATION_WINDOWS {
            ctx.report(Code::InvalidLength, &windows, format!("at most {MAX_ACCELERATION_WINDOWS} windows are accepted, got {}", spec.windows.len()));
        }
        for (position, window) in spec.windows.iter().enumerate() {
            if window.from > window.to {
                ctx.report(Code::WindowReversed, pointer(&pointer(&windows, position), "to"), format!("ends ({}) before it starts ({})", window.to, window.from));
            }
        }
        if !(2..=10).contains(&spec.factor) {
            ctx.report(Code::OutOfRange, pointer(&path, "factor"), format!("must be within 2..=10, got {}", spec.factor));
        }
        if spec.metrics.is_empty() {
            ctx.report(Code::EmptyList, pointer(&path, "metrics"), "name `spend`, `orders` or both");
        }
        read.push(spec);
    }
    (ctx.issues.len() == before).then_some(read)
}

fn compile_levels(value: &Value, default_combine: Combine, ctx: &mut CompileContext) -> Option<(Vec<Level>, Vec<String>)> {
    const PATH: &str = "/tiers/levels";
    let Value::Array(items) = value else {
        ctx.report(Code::InvalidType, PATH, format!("expected an array of levels, got {}", json_type(value)));
        return None;
    };
    if items.is_empty() {
        ctx.report(Code::NoLevels, PATH, "at least one level is required: the base tier every member has");
        return None;
    }
    if items.len() > limits::MAX_TIERS {
        ctx.report(Code::TooManyTiers, PATH, format!("at most {} tiers are accepted, got {}", limits::MAX_TIERS, items.len()));
        return None;
    }
    let mut read: Vec<Option<(LevelSpec, Vec<ReadThreshold>)>> = Vec::with_capacity(items.len());
    let mut first_with_id: VecMap<String, usize> = VecMap::new();
    // The highest threshold so far per metric, and the path that set it.
    let mut previous: VecMap<MetricKey, (i64, String)> = VecMap::new();
    for (index, item) in items.iter().enumerate() {
        let path = pointer(PATH, index);
        let item = without_unknown_metrics(item, &path, ctx);
        let Some(spec) = ctx.parse::<LevelSpec>(&item, &path) else {
            read.push(None);
            continue;
        };
        let id_path = pointer(&path, "id");
        check_id(ctx, &id_path, &spec.id);
        if let Some(first) = first_with_id.get(&spec.id) {
            ctx.report(Code::DuplicateId, id_path, format!("level id `{}` is already used by /tiers/levels/{first}", spec.id));
        } else {
            first_with_id.insert(spec.id.clone(), index);
        }
        check_text(ctx, &pointer(&path, "name"), &spec.name);
        let mut benefit_ids = VecSet::new();
        for (position, benefit) in spec.benefits.iter().enumerate() {
            let at = pointer(&pointer(&path, "benefits"), position);
            check_id(ctx, &pointer(&at, "id"), &benefit.id);
            if !benefit_ids.insert(benefit.id.as_str()) {
                ctx.report(Code::DuplicateId, pointer(&at, "id"), format!("benefit id `{}` appears twice in this level", benefit.id));
            }
            check_text(ctx, &pointer(&at, "name"), &benefit.name);
        }
        let thresholds = thresholds_of(&spec.qualify, &path);
        if index == 0 && !thresholds.is_empty() {
            ctx.report(Code::BaseTierHasThresholds, pointer(&path, "qualify"), "the first level is the base tier every member has; it takes no thresholds");
        }
        if index > 0 && thresholds.is_empty() {
            ctx.report(Code::NoThresholds, pointer(&path, "qualify"), "a level above the base tier needs at least one threshold");
        }
        for threshold in &thresholds {
            if let MetricKey::Counter(name) = &threshold.key {
                check_id(ctx, &threshold.path, name);
            }
            if threshold.target <= 0 {
                ctx.report(Code::ThresholdNotPositive, &threshold.path, format!("must be positive, got {}", threshold.target));
                continue;
            }
            if threshold.target > MAX_AMOUNT {
                ctx.report(Code::OutOfRange, &threshold.path, "must be at most 2^53-1");
                continue;
            }
            if let Some((lower, lower_path)) = previous.get(&threshold.key) {
                if threshold.target <= *lower {
                    ctx.report(
                        Code::ThresholdNotIncreasing,
                        &threshold.path,
                        format!("must exceed the previous tier's threshold ({} at {lower_path}), got {}", lower, threshold.target),
                    );
                    continue;
                }
            }
            if index > 0 {
                previous.insert(threshold.key.clone(), (threshold.target, threshold.path.clone()));
            }
        }
        read.push(Some((spec, thresholds)));
    }
    let mut counters: Vec<String> = read
        .iter()
        .flatten()
        .flat_map(|(_, thresholds)| thresholds.iter())
        .filter_map(|threshold| match &threshold.key {
            MetricKey::Counter(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    crate::sort::sort(&mut counters);
    counters.dedup();
    let mut levels = Vec::with_capacity(read.len());
    for entry in read {
        let (spec, thresholds) = entry?;
        let thresholds = thresholds
            .into_iter()
            .map(|threshold| {
                let metric = match threshold.key {
                    MetricKey::Spend => Metric::Spend,
                    MetricKey::Orders => Metric::Orders,
                    MetricKey::PointsEarned => Metric::PointsEarned,
                    MetricKey::Counter(name) => Metric::Counter(counters.binary_search(&name).unwrap_or(usize::MAX)),
                };
                Threshold { metric, target: threshold.target }
            })
            .collect();
        levels.push(Level { id: spec.id, name: spec.name, combine: spec.combine.unwrap_or(default_combine), thresholds, benefits: spec.benefits });
    }
    Some((levels, counters))
}
