//! Tier progress of one member at `now`: which tier they have and why, how far the next
//! tier is, whether their pace gets them there, and whether they keep the tier they have.

use crate::error::Code;
use super::metrics::{Activity, ExtraActivity, Metric};
use super::window::{Span, ValidityEnd, ValidityRule, WindowRule};
use super::{AcceleratedMetric, Benefit, Combine, Level, TierRules};
use crate::points::DateWindow;
use crate::error::Error;
use crate::json::write::ToJson;
use crate::limits;
use crate::money::{Money, Points};
use crate::order;
use crate::text::LocalizedText;
use crate::snapshot::{Cart, Snapshot};
use crate::time::{Date, Instant};
use schemars::JsonSchema;
use serde::Serialize;
use crate::vec_map::VecMap;

/// Why the member has their current tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The base tier, which every member has.
    Base,
    /// Its thresholds are met in the current window.
    Earned,
    /// Reached earlier and still within its validity.
    Held,
    /// Its validity has ended and the re-evaluation failed, but the grace period has
    /// not: it is kept until `requalification.drops_on`.
    Grace,
}

/// How the current tier compares with the one the snapshot carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum TierChange {
    /// The same tier.
    Unchanged,
    /// Higher: thresholds were met that the storefront has not applied yet.
    Upgraded,
    /// Lower: a re-evaluation the storefront has not applied yet dropped it.
    Dropped,
}

/// Whether the member keeps the current tier at its next re-evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum RequalificationStatus {
    /// Kept whatever happens: its thresholds are met in the window that decides.
    Secured,
    /// Not met yet, but the pace projection over the deciding window meets them.
    OnTrack,
    /// Neither met nor projected to be met.
    AtRisk,
}

/// A metric a threshold is set on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Qualifying spend in minor units.
    Spend,
    /// Qualifying orders.
    Orders,
    /// Points earned.
    PointsEarned,
    /// A named counter; `counter` names it.
    Counter,
}

/// The kind of qualification window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum WindowKind {
    /// 1 January to 31 December.
    CalendarYear,
    /// A calendar quarter.
    CalendarQuarter,
    /// The `months` months ending today.
    RollingMonths,
    /// A year from an anniversary of joining.
    MembershipYear,
}

/// A tier, as results name it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct TierRef {
    /// Level id.
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
    /// Position in the program's levels: 0 for the base tier.
    pub rank: usize,
}

/// The tier the member has now.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct CurrentTier {
    /// Level id.
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
    /// Position in the program's levels: 0 for the base tier.
    pub rank: usize,
    /// Why the member has it.
    pub standing: Standing,
    /// Day it was reached: the snapshot's `tier.since`, the day its thresholds were first
    /// met in the current window for an upgrade, or the day a re-evaluation changed it.
    pub since: Option<Date>,
    /// Last day it is certain to be kept; `null` for the base tier, for lifetime
    /// validity, and when the snapshot gives neither `valid_until` nor `since`.
    pub valid_until: Option<Date>,
    /// The tier id the snapshot carries.
    pub snapshot_tier: Option<String>,
    /// How this tier compares with the snapshot's.
    pub change: TierChange,
    /// Benefits of this tier.
    pub benefits: Vec<Benefit>,
}

/// Totals of every metric the program uses, in the current window.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct WindowTotals {
    /// Qualifying spend in minor units.
    pub spend: Money,
    /// Qualifying orders.
    pub orders: i64,
    /// Points earned.
    pub points_earned: Points,
    /// Named counters the program's thresholds use.
    pub counters: VecMap<String, i64>,
}

/// The current qualification window.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct WindowProgress {
    /// Kind of window.
    pub kind: WindowKind,
    /// Length of a rolling window in months.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<u32>,
    /// First day.
    pub start: Date,
    /// Last day (today for a rolling window).
    pub end: Date,
    /// Days in the window.
    pub days: i64,
    /// Days from the first day through today, today included.
    pub elapsed_days: i64,
    /// Last day to reach the next tier in this window; `null` for a rolling window,
    /// which never closes.
    pub deadline: Option<Date>,
    /// Days after today up to and including the deadline; `null` for a rolling window.
    pub days_left: Option<i64>,
    /// What the member has done in the window so far.
    pub totals: WindowTotals,
}

/// One threshold and how far the member is from it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct MetricProgress {
    /// The metric.
    pub metric: MetricKind,
    /// The counter's name when `metric` is `counter`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<String>,
    /// Value so far in the window.
    pub current: i64,
    /// The threshold.
    pub target: i64,
    /// `target − current`, at least 0.
    pub remaining: i64,
    /// `current / target`, floored to 4 decimals, at most 1.
    pub ratio: f64,
    /// `floor(current × window days / elapsed days)`: the value at the window's end if
    /// the pace so far holds.
    pub projected: i64,
    /// `current ≥ target`.
    pub reached: bool,
    /// `projected ≥ target`.
    pub on_pace: bool,
}

/// The tier above the current one.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct NextTier {
    /// Level id.
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
    /// Position in the program's levels.
    pub rank: usize,
    /// How its thresholds combine.
    pub combine: Combine,
    /// Each threshold, in the current window.
    pub metrics: Vec<MetricProgress>,
    /// Overall ratio: the best metric's for `any`, the worst's for `all`.
    pub progress: f64,
    /// Whether the projection reaches it by the deadline.
    pub on_pace: bool,
    /// Its benefits that the current tier does not have.
    pub benefits_added: Vec<Benefit>,
}

/// Whether the member keeps the current tier, and what is left to keep it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Requalification {
    /// The outcome so far.
    pub status: RequalificationStatus,
    /// The re-evaluation day: the current tier's validity end, or the current window's
    /// last day when the snapshot does not say.
    pub decided_on: Date,
    /// The window `metrics` are measured in: the deciding window once it has started,
    /// otherwise the current window (where re-reaching the tier keeps it).
    pub window: Span,
    /// How the current tier's thresholds combine.
    pub combine: Combine,
    /// The current tier's thresholds, in `window`.
    pub metrics: Vec<MetricProgress>,
    /// Overall ratio, as for the next tier.
    pub progress: f64,
    /// Whether the projection over `window` reaches the thresholds.
    pub on_pace: bool,
    /// The tier the member would have after a failed re-evaluation; `null` when secured.
    pub drops_to: Option<TierRef>,
    /// First day at that lower tier (after the grace period); `null` when secured.
    pub drops_on: Option<Date>,
}

/// A tier acceleration and what it added in the current window.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct AccelerationProgress {
    /// Acceleration id.
    pub id: String,
    /// Display name per locale.
    pub name: LocalizedText,
    /// How many times an accelerated order counts.
    pub factor: u32,
    /// What it multiplies.
    pub metrics: Vec<AcceleratedMetric>,
    /// True when today is in one of its windows.
    pub active_today: bool,
    /// The window today is in, else the next one to come; `null` when all are over.
    pub window: Option<DateWindow>,
    /// Spend it added to the current window's totals (on top of the orders' own spend).
    pub added_spend: Money,
    /// Orders it added to the current window's totals.
    pub added_orders: i64,
}

/// Tier progress of one member at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct TierProgress {
    /// Today in the program's offset.
    pub today: Date,
    /// The tier the member has.
    pub current: CurrentTier,
    /// The current qualification window.
    pub window: WindowProgress,
    /// The next tier up; `null` at the top.
    pub next: Option<NextTier>,
    /// Keeping the current tier; `null` for the base tier and for lifetime validity.
    pub requalification: Option<Requalification>,
    /// The program's tier accelerations, in program order; empty without any.
    pub accelerations: Vec<AccelerationProgress>,
}

/// What placing a cart now would do to the member's tier.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct TierAfterCart {
    /// The cart's qualifying spend: after discounts, without excluded categories and
    /// shipping.
    pub cart_spend: Money,
    /// Whether the cart counts as a qualifying order (positive qualifying spend).
    pub counts_as_order: bool,
    /// The cart's spend as it counts toward the tier: `cart_spend` times the factor of
    /// a spend acceleration running today.
    pub credited_spend: Money,
    /// The orders the cart counts as: 1 (or the factor of an orders acceleration running
    /// today) for a qualifying order, else 0.
    pub credited_orders: i64,
    /// The acceleration running today that multiplies the cart, when one does.
    pub accelerated_by: Option<String>,
    /// The member's tier before the cart.
    pub tier_before: TierRef,
    /// The member's tier after it.
    pub tier_after: TierRef,
    /// `tier_after` differs from `tier_before` ("this order takes you to Gold").
    pub changes_tier: bool,
    /// The current tier was not secured before the cart and is after it ("this order
    /// keeps your Silver").
    pub secures_tier: bool,
    /// The whole progress after the cart.
    pub progress: TierProgress,
}

/// The tier the member holds before looking at the current window.
#[derive(Debug, Clone, Copy)]
struct Held {
    rank: usize,
    since: Option<Date>,
    valid_until: Option<Date>,
    /// A failed re-evaluation whose drop waits for the grace period to end.
    grace: Option<PendingDrop>,
}

#[derive(Debug, Clone, Copy)]
struct PendingDrop {
    drops_on: Date,
    drops_to: usize,
}

/// What one evaluation looks at: the member's activity, the current window, today and
/// the join date that anchors membership years.
struct Evaluation<'a> {
    activity: &'a Activity,
    window: Span,
    today: Date,
    joined: Date,
}

/// A level's thresholds measured in a window.
struct Measured {
    metrics: Vec<MetricProgress>,
    progress: f64,
    met: bool,
    on_pace: bool,
}

fn out_of_range() -> Error {
    Error::one(Code::DateOutOfRange, "/options/now", "a date in this calculation falls outside the years 0000–9999")
}

/// `current / target` floored to 4 decimals and capped at 1, so 1 means reached.
fn ratio(current: i64, target: i64) -> f64 {
    if target <= 0 {
        return 1.0;
    }
    let ten_thousandths = (i128::from(current.max(0)) * 10_000 / i128::from(target)).min(10_000);
    f64::from(i32::try_from(ten_thousandths).unwrap_or(10_000)) / 10_000.0
}

/// `floor(current × days / elapsed)`; `current` when nothing has elapsed.
/// `current` extrapolated over the window, floored, and held at 2^53 − 1 like every
/// amount a result shows: a projection past it would be read differently by JavaScript.
fn projection(current: i64, days: i64, elapsed: i64) -> i64 {
    if elapsed <= 0 {
        return current;
    }
    let projected = i128::from(current) * i128::from(days) / i128::from(elapsed);
    i64::try_from(projected.min(i128::from(crate::money::MAX_AMOUNT))).unwrap_or(crate::money::MAX_AMOUNT)
}

fn later(a: Option<Date>, b: Option<Date>) -> Option<Date> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

impl TierRules {
    fn level(&self, rank: usize) -> Result<&Level, Error> {
        self.levels.get(rank).ok_or_else(|| Error::one(Code::InternalError, "", format!("no tier of rank {rank}")))
    }

    fn tier_ref(&self, rank: usize) -> Result<TierRef, Error> {
        let level = self.level(rank)?;
        Ok(TierRef { id: level.id.clone(), name: level.name.clone(), rank })
    }

    fn validity_end(end: Option<ValidityEnd>) -> Result<Option<Date>, Error> {
        match end.ok_or_else(out_of_range)? {
            ValidityEnd::On(date) => Ok(Some(date)),
            ValidityEnd::Never => Ok(None),
        }
    }

    /// Validity end of a tier reached on `reached` and met ever since: renewed period
    /// after period up to the one that contains `today` (a validity shorter than the
    /// window would otherwise end while the thresholds still hold).
    fn validity_of_earned(&self, reached: Date, today: Date) -> Result<Option<Date>, Error> {
        let mut end = Self::validity_end(self.validity.after_reaching(reached))?;
        // Windows are at most 120 months and periods at least one, so this ends well within the bound.
        for _ in 0..limits::MAX_TIER_REEVALUATIONS {
            match end {
                Some(day) if day < today => end = Self::validity_end(self.validity.after_renewal(day))?,
                _ => break,
            }
        }
        Ok(end)
    }

    /// True when the level's thresholds are met from `start` through `through`.
    fn is_met(&self, level: &Level, activity: &Activity, start: Date, through: Date) -> bool {
        let mut reached = level.thresholds.iter().map(|t| activity.total(t.metric, start, through) >= t.target);
        match level.combine {
            Combine::Any => reached.any(|r| r),
            Combine::All => reached.all(|r| r),
        }
    }

    /// The highest rank whose thresholds are met from `start` through `through` (0 when
    /// none is).
    /// Each counter's total over `start..=through`, by name, inserted one by one: the names
    /// are the program's, a few (a later name wins, as when collected).
    fn window_counters(&self, activity: &Activity, start: Date, through: Date) -> VecMap<String, i64> {
        let mut counters = VecMap::new();
        for (index, name) in self.counters.iter().enumerate() {
            counters.insert(name.clone(), activity.total(Metric::Counter(index), start, through));
        }
        counters
    }

    fn earned_rank(&self, activity: &Activity, start: Date, through: Date) -> usize {
        self.levels.iter().enumerate().skip(1).rev().find(|(_, level)| self.is_met(level, activity, start, through)).map_or(0, |(rank, _)| rank)
    }

    /// The first day from `start` by which the level's thresholds were met.
    fn reached_on(&self, level: &Level, activity: &Activity, start: Date, through: Date) -> Option<Date> {
        let mut days = level.thresholds.iter().map(|t| activity.series(t.metric).and_then(|series| series.first_reaching(start, through, t.target)));
        match level.combine {
            Combine::Any => days.flatten().min(),
            Combine::All => days.try_fold(None::<Date>, |latest, day| day.map(|day| later(latest, Some(day)))).flatten(),
        }
    }

    /// The level's thresholds measured in `span` as of `today`, with the pace projection
    /// over the whole span.
    fn measure(&self, level: &Level, activity: &Activity, span: Span, today: Date) -> Measured {
        let through = span.end.min(today);
        let days = span.days();
        let elapsed = span.elapsed_days(today);
        let metrics: Vec<MetricProgress> = level
            .thresholds
            .iter()
            .map(|threshold| {
                let current = activity.total(threshold.metric, span.start, through);
                let projected = projection(current, days, elapsed);
                let (metric, counter) = match threshold.metric {
                    Metric::Spend => (MetricKind::Spend, None),
                    Metric::Orders => (MetricKind::Orders, None),
                    Metric::PointsEarned => (MetricKind::PointsEarned, None),
                    Metric::Counter(index) => (MetricKind::Counter, self.counters.get(index).cloned()),
                };
                MetricProgress {
                    metric,
                    counter,
                    current,
                    target: threshold.target,
                    remaining: threshold.target.saturating_sub(current).max(0),
                    ratio: ratio(current, threshold.target),
                    projected,
                    reached: current >= threshold.target,
                    on_pace: projected >= threshold.target,
                }
            })
            .collect();
        let ratios = metrics.iter().map(|m| m.ratio);
        let (progress, met, on_pace) = match level.combine {
            Combine::Any => (ratios.fold(0.0, f64::max), metrics.iter().any(|m| m.reached), metrics.iter().any(|m| m.on_pace)),
            Combine::All => (ratios.fold(1.0, f64::min), metrics.iter().all(|m| m.reached), metrics.iter().all(|m| m.on_pace)),
        };
        Measured { metrics, progress, met, on_pace }
    }

    /// The tier the snapshot says the member holds, with its validity end.
    fn held(&self, snapshot: &Snapshot) -> Result<(Held, Option<usize>), Error> {
        let Some(state) = &snapshot.tier else {
            return Ok((Held { rank: 0, since: None, valid_until: None, grace: None }, None));
        };
        let rank = self.rank_of(&state.id).ok_or_else(|| {
            let ids: Vec<&str> = self.levels.iter().map(|level| level.id.as_str()).collect();
            Error::one(Code::UnknownTier, "/tier/id", format!("tier `{}` is not a level of this program ({})", state.id, ids.join(", ")))
        })?;
        let valid_until = if rank == 0 || self.validity == ValidityRule::Lifetime {
            None
        } else if let Some(end) = state.valid_until {
            Some(end)
        } else if let Some(since) = state.since {
            Self::validity_end(self.validity.after_reaching(since))?
        } else {
            None
        };
        Ok((Held { rank, since: state.since, valid_until, grace: None }, Some(rank)))
    }

    /// Applies every re-evaluation due before today that the snapshot has not applied:
    /// each decided by the window that ended by the validity end, dropping at most
    /// `max_levels_dropped` levels, waiting `grace_days` before a drop takes effect.
    fn apply_due_reevaluations(&self, mut held: Held, activity: &Activity, today: Date, joined: Date) -> Result<Held, Error> {
        let mut steps = 0usize;
        // The base tier has no validity end, so the loop stops when it is reached.
        while let Some(validity_end) = held.valid_until.filter(|end| *end < today) {
            steps += 1;
            if steps > limits::MAX_TIER_REEVALUATIONS {
                return Err(Error::one(
                    Code::TierTooStale,
                    "/tier/valid_until",
                    format!("the tier's validity ended more than {} re-evaluations ago; update the snapshot's tier", limits::MAX_TIER_REEVALUATIONS),
                ));
            }
            let deciding = self.window.deciding(validity_end, joined).ok_or_else(out_of_range)?;
            let floor = held.rank.saturating_sub(self.max_levels_dropped);
            let new_rank = self.earned_rank(activity, deciding.start, deciding.end).max(floor);
            let takes_effect = validity_end.add_days(1).ok_or_else(out_of_range)?;
            if new_rank < held.rank {
                let grace_end = validity_end.add_days(self.grace_days).ok_or_else(out_of_range)?;
                if today <= grace_end {
                    held.grace = Some(PendingDrop { drops_on: grace_end.add_days(1).ok_or_else(out_of_range)?, drops_to: new_rank });
                    break;
                }
                held.since = Some(takes_effect.add_days(self.grace_days).ok_or_else(out_of_range)?);
            } else if new_rank > held.rank {
                held.since = Some(takes_effect);
            }
            held.rank = new_rank;
            held.valid_until = if new_rank == 0 { None } else { Self::validity_end(self.validity.after_renewal(validity_end))? };
        }
        Ok(held)
    }

    /// Tier progress of `snapshot` at `now`.
    pub fn progress(&self, snapshot: &Snapshot, now: Instant) -> Result<TierProgress, Error> {
        self.progress_with(snapshot, now, &ExtraActivity::default())
    }

    /// Tier progress as if `extra` had also happened today (an order about to be placed,
    /// with the points it earns when the caller knows them).
    pub fn progress_with(&self, snapshot: &Snapshot, now: Instant, extra: &ExtraActivity) -> Result<TierProgress, Error> {
        let activity = Activity::collect(self, snapshot, now, extra);
        let today = now.date_in(self.offset);
        let joined = snapshot.joined_at;
        let (held, snapshot_rank) = self.held(snapshot)?;
        let held = self.apply_due_reevaluations(held, &activity, today, joined)?;
        let window = self.window.as_of(today, joined).ok_or_else(out_of_range)?;
        let earned = self.earned_rank(&activity, window.start, today);

        let (rank, standing, since, valid_until) = if earned > 0 && earned >= held.rank {
            let level = self.level(earned)?;
            let reached = self.reached_on(level, &activity, window.start, today);
            let from_reaching = match reached {
                Some(day) => self.validity_of_earned(day, today)?,
                None => None,
            };
            if earned == held.rank {
                (earned, Standing::Earned, held.since.or(reached), later(held.valid_until, from_reaching))
            } else {
                (earned, Standing::Earned, reached, from_reaching)
            }
        } else if held.rank == 0 {
            (0, Standing::Base, held.since, None)
        } else if held.grace.is_some() {
            (held.rank, Standing::Grace, held.since, held.valid_until)
        } else {
            (held.rank, Standing::Held, held.since, held.valid_until)
        };
        let level = self.level(rank)?;
        let before = snapshot_rank.unwrap_or(0);
        let current = CurrentTier {
            id: level.id.clone(),
            name: level.name.clone(),
            rank,
            standing,
            since,
            valid_until,
            snapshot_tier: snapshot.tier.as_ref().map(|tier| tier.id.clone()),
            change: match rank.cmp(&before) {
                std::cmp::Ordering::Greater => TierChange::Upgraded,
                std::cmp::Ordering::Less => TierChange::Dropped,
                std::cmp::Ordering::Equal => TierChange::Unchanged,
            },
            benefits: level.benefits.clone(),
        };

        let next = match self.levels.get(rank + 1) {
            Some(next_level) => {
                let measured = self.measure(next_level, &activity, window, today);
                Some(NextTier {
                    id: next_level.id.clone(),
                    name: next_level.name.clone(),
                    rank: rank + 1,
                    combine: next_level.combine,
                    metrics: measured.metrics,
                    progress: measured.progress,
                    on_pace: measured.on_pace,
                    benefits_added: next_level.benefits.iter().filter(|b| !level.benefits.iter().any(|own| own.id == b.id)).cloned().collect(),
                })
            }
            None => None,
        };

        let requalification = if rank == 0 || self.validity == ValidityRule::Lifetime {
            None
        } else {
            Some(self.requalification(level, &current, held.grace, &Evaluation { activity: &activity, window, today, joined })?)
        };

        let rolling = self.window.is_rolling();
        Ok(TierProgress {
            today,
            current,
            window: WindowProgress {
                kind: match self.window {
                    WindowRule::CalendarYear => WindowKind::CalendarYear,
                    WindowRule::CalendarQuarter => WindowKind::CalendarQuarter,
                    WindowRule::RollingMonths(_) => WindowKind::RollingMonths,
                    WindowRule::MembershipYear => WindowKind::MembershipYear,
                },
                months: match self.window {
                    WindowRule::RollingMonths(months) => Some(months),
                    _ => None,
                },
                start: window.start,
                end: window.end,
                days: window.days(),
                elapsed_days: window.elapsed_days(today),
                deadline: (!rolling).then_some(window.end),
                days_left: (!rolling).then(|| today.days_until(window.end)),
                totals: WindowTotals {
                    spend: Money(activity.total(Metric::Spend, window.start, today)),
                    orders: activity.total(Metric::Orders, window.start, today),
                    points_earned: Points(activity.total(Metric::PointsEarned, window.start, today)),
                    counters: self.window_counters(&activity, window.start, today),
                },
            },
            next,
            requalification,
            accelerations: self.acceleration_progress(&activity, window.start, today),
        })
    }

    /// Each acceleration, with what it added from `start` through `today`.
    fn acceleration_progress(&self, activity: &Activity, start: Date, today: Date) -> Vec<AccelerationProgress> {
        self.accelerations
            .iter()
            .enumerate()
            .map(|(index, acceleration)| {
                let (added_spend, added_orders) = activity.accelerated(index, start, today);
                let current = acceleration.windows.iter().find(|window| window.from <= today && today <= window.to);
                let upcoming = acceleration.windows.iter().filter(|window| window.from > today).min_by_key(|window| window.from);
                AccelerationProgress {
                    id: acceleration.id.clone(),
                    name: acceleration.name.clone(),
                    factor: acceleration.factor,
                    metrics: acceleration.metrics.clone(),
                    active_today: current.is_some(),
                    window: current.or(upcoming).copied(),
                    added_spend: Money(added_spend),
                    added_orders,
                }
            })
            .collect()
    }

    /// Whether the member keeps `current` (above the base tier) at its next re-evaluation.
    fn requalification(&self, level: &Level, current: &CurrentTier, grace: Option<PendingDrop>, at: &Evaluation<'_>) -> Result<Requalification, Error> {
        // The window the re-evaluation is decided by; without a validity end, the current one.
        let deciding = match current.valid_until {
            Some(end) => self.window.deciding(end, at.joined).ok_or_else(out_of_range)?,
            None => at.window,
        };
        let decided_on = current.valid_until.unwrap_or(at.window.end);
        let in_current_window = || self.measure(level, at.activity, at.window, at.today);
        let (status, window, measured, drop) = match (current.standing, grace) {
            // Met in the current window: reached again, so kept for a new validity period.
            (Standing::Earned, _) => (RequalificationStatus::Secured, at.window, in_current_window(), None),
            // Already failed; only reaching it again in the current window keeps it.
            (_, Some(pending)) => (RequalificationStatus::AtRisk, at.window, in_current_window(), Some((pending.drops_to, pending.drops_on))),
            // The deciding window has not started: nothing can be lost yet.
            _ if deciding.start > at.today => (RequalificationStatus::Secured, at.window, in_current_window(), None),
            _ => {
                let measured = self.measure(level, at.activity, deciding, at.today);
                if measured.met {
                    (RequalificationStatus::Secured, deciding, measured, None)
                } else {
                    let floor = current.rank.saturating_sub(self.max_levels_dropped);
                    let earned = self.earned_rank(at.activity, deciding.start, deciding.end.min(at.today));
                    let drops_to = earned.max(floor).min(current.rank.saturating_sub(1));
                    let drops_on = decided_on.add_days(self.grace_days.saturating_add(1)).ok_or_else(out_of_range)?;
                    let drop = Some((drops_to, drops_on));
                    if deciding.end < at.today {
                        // The deciding window ended without the tier: only the current window can keep it.
                        (RequalificationStatus::AtRisk, at.window, in_current_window(), drop)
                    } else if measured.on_pace {
                        (RequalificationStatus::OnTrack, deciding, measured, drop)
                    } else {
                        (RequalificationStatus::AtRisk, deciding, measured, drop)
                    }
                }
            }
        };
        let (drops_to, drops_on) = match drop {
            Some((to, on)) => (Some(self.tier_ref(to)?), Some(on)),
            None => (None, None),
        };
        Ok(Requalification {
            status,
            decided_on,
            window,
            combine: level.combine,
            metrics: measured.metrics,
            progress: measured.progress,
            on_pace: measured.on_pace,
            drops_to,
            drops_on,
        })
    }

    /// What placing `cart` at `now` would do: the cart counts as a qualifying order placed
    /// today, with its qualifying spend (discounts spread, excluded categories and shipping
    /// left out). Points the cart would earn are not counted; pass them to
    /// [`TierRules::progress_with`] when they are known.
    pub fn progress_after_cart(&self, snapshot: &Snapshot, cart: &Cart, now: Instant) -> Result<TierAfterCart, Error> {
        self.progress_after_cart_earning(snapshot, cart, now, Points::ZERO)
    }

    /// [`TierRules::progress_after_cart`] where the order also earns `points_earned`
    /// (what the points preview computed), for programs with a `points_earned` metric.
    pub fn progress_after_cart_earning(&self, snapshot: &Snapshot, cart: &Cart, now: Instant, points_earned: Points) -> Result<TierAfterCart, Error> {
        let excluded = |line: &crate::snapshot::Line| order::in_categories(line, &self.excluded_categories);
        let cart_spend = Money::sum(order::net_amounts(&cart.lines, cart.discount, excluded));
        let counts_as_order = cart_spend > Money::ZERO;
        let before = self.progress(snapshot, now)?;
        let extra = ExtraActivity { spend: cart_spend, orders: i64::from(counts_as_order), points_earned };
        let after = self.progress_with(snapshot, now, &extra)?;
        let secured = |progress: &TierProgress| progress.requalification.as_ref().is_some_and(|r| r.status == RequalificationStatus::Secured);
        let today = now.date_in(self.offset);
        let spend_by = self.acceleration_on(today, AcceleratedMetric::Spend).filter(|_| counts_as_order);
        let orders_by = self.acceleration_on(today, AcceleratedMetric::Orders).filter(|_| counts_as_order);
        let accelerated_by = spend_by.or(orders_by).and_then(|(index, _)| self.accelerations.get(index)).map(|acceleration| acceleration.id.clone());
        Ok(TierAfterCart {
            cart_spend,
            counts_as_order,
            credited_spend: Money(cart_spend.minor().saturating_mul(i64::from(spend_by.map_or(1, |(_, factor)| factor))).min(crate::money::MAX_AMOUNT.max(cart_spend.minor()))),
            credited_orders: if counts_as_order { i64::from(orders_by.map_or(1, |(_, factor)| factor)) } else { 0 },
            accelerated_by,
            tier_before: self.tier_ref(before.current.rank)?,
            tier_after: self.tier_ref(after.current.rank)?,
            changes_tier: after.current.rank != before.current.rank,
            secures_tier: after.current.rank == before.current.rank && !secured(&before) && secured(&after),
            progress: after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_floor_to_four_decimals_and_cap_at_one() {
        assert_eq!(ratio(320_000, 500_000), 0.64);
        assert_eq!(ratio(6, 10), 0.6);
        assert_eq!(ratio(199_999, 200_000), 0.9999);
        assert_eq!(ratio(1, 3), 0.3333);
        assert_eq!(ratio(2, 3), 0.6666);
        assert_eq!(ratio(900, 500), 1.0);
        assert_eq!(ratio(0, 5), 0.0);
        assert_eq!(ratio(i64::MAX, 1), 1.0);
    }

    fn rules(tiers: serde_json::Value) -> TierRules {
        let mut ctx = crate::read::CompileContext::default();
        let rules = super::super::compile(&tiers, crate::time::UtcOffset::parse("+08:00").unwrap_or_default(), &["gift_card".to_string()], &mut ctx);
        assert!(ctx.issues.is_empty(), "{:?}", ctx.issues);
        rules.unwrap_or_else(|| panic!("no rules"))
    }

    fn snapshot(value: serde_json::Value) -> Snapshot {
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
    }

    fn instant(text: &str) -> Instant {
        Instant::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_snapshot_too_stale_to_catch_up_is_an_error_not_a_hang() {
        // Ten-year rolling windows renewed every month, with an order every nine years, keep
        // silver at every renewal since the year 1000: far more than the limit.
        let rules = rules(serde_json::json!({
            "window": { "kind": "rolling_months", "months": 120 },
            "validity": { "kind": "months_after_reaching", "months": 1 },
            "levels": [ { "id": "member", "name": {} }, { "id": "silver", "name": {}, "qualify": { "orders": 1 } } ]
        }));
        let orders: Vec<serde_json::Value> = (0..115)
            .map(|i| serde_json::json!({ "id": format!("o{i}"), "placed_at": format!("{:04}-06-01T12:00:00+08:00", 1000 + 9 * i), "lines": [ { "unit_price": 100 } ] }))
            .collect();
        let member = snapshot(serde_json::json!({ "member_id": "m", "joined_at": "1000-01-01", "tier": { "id": "silver", "valid_until": "1000-12-31" }, "orders": orders }));
        let error = rules.progress(&member, instant("2026-11-23T10:00:00+08:00")).err();
        assert_eq!(error.as_ref().map(|e| (e.code(), e.path())), Some((Code::TierTooStale, "/tier/valid_until")));
        // The same member, re-evaluated from a recent validity end, is fine.
        let recent = snapshot(serde_json::json!({ "member_id": "m", "joined_at": "1000-01-01", "tier": { "id": "silver", "valid_until": "2026-10-31" }, "orders": [
            { "id": "o", "placed_at": "2020-06-01T12:00:00+08:00", "lines": [ { "unit_price": 100 } ] } ] }));
        let progress = rules.progress(&recent, instant("2026-11-23T10:00:00+08:00"));
        assert_eq!(progress.map(|p| (p.current.id, p.current.valid_until.map(|d| d.to_string()))).ok(), Some(("silver".to_string(), Some("2026-11-30".to_string()))));
    }

    proptest::proptest! {
        #[test]
        fn progress_is_consistent_for_any_member(
            program in 0usize..6,
            orders in proptest::collection::vec((0i64..1600, 0i64..400_000, 0usize..4), 0..40),
            tier in 0usize..5,
            valid_until in proptest::option::of(0i64..1600),
            today in 0i64..1600,
            cart in 0i64..600_000,
        ) {
            let windows = [
                serde_json::json!({ "kind": "calendar_year" }),
                serde_json::json!({ "kind": "calendar_quarter" }),
                serde_json::json!({ "kind": "rolling_months", "months": 12 }),
                serde_json::json!({ "kind": "membership_year" }),
                serde_json::json!({ "kind": "calendar_year" }),
                serde_json::json!({ "kind": "rolling_months", "months": 3 }),
            ];
            let validities = [
                serde_json::json!({ "kind": "end_of_following_calendar_year" }),
                serde_json::json!({ "kind": "end_of_following_calendar_quarter" }),
                serde_json::json!({ "kind": "months_after_reaching", "months": 12 }),
                serde_json::json!({ "kind": "months_after_reaching", "months": 3 }),
                serde_json::json!({ "kind": "lifetime" }),
                serde_json::json!({ "kind": "months_after_reaching", "months": 1 }),
            ];
            let rules = rules(serde_json::json!({
                "window": windows[program], "validity": validities[program],
                "combine": if program % 2 == 0 { "any" } else { "all" },
                "max_levels_dropped": 1 + program % 3, "grace_days": 10 * (program % 2),
                "levels": [
                    { "id": "member", "name": {} },
                    { "id": "silver", "name": {}, "qualify": { "spend": 200000, "orders": 5 } },
                    { "id": "gold", "name": {}, "qualify": { "spend": 500000, "orders": 10 } },
                    { "id": "diamond", "name": {}, "qualify": { "spend": 2000000, "orders": 30 } }
                ]
            }));
            let start = Date::parse("2024-01-01").unwrap_or(Date::MIN);
            let day = |offset: i64| start.add_days(offset).unwrap_or(start);
            let statuses = ["completed", "paid", "refunded", "cancelled"];
            let orders: Vec<serde_json::Value> = orders.iter().enumerate().map(|(i, (offset, amount, status))| serde_json::json!({
                "id": format!("o{i}"), "placed_at": format!("{}T12:00:00+08:00", day(*offset)), "status": statuses[*status],
                "lines": [ { "category": if i % 7 == 0 { "gift_card" } else { "tea" }, "unit_price": amount } ]
            })).collect();
            let ids = ["member", "silver", "gold", "diamond"];
            let mut member = serde_json::json!({ "member_id": "m", "joined_at": "2024-02-29", "orders": orders });
            if let Some(id) = ids.get(tier) {
                member["tier"] = serde_json::json!({ "id": id, "valid_until": valid_until.map(|offset| day(offset).to_string()) });
            }
            let member = snapshot(member);
            let now = instant(&format!("{}T10:00:00+08:00", day(today)));
            let progress = rules.progress(&member, now).unwrap_or_else(|e| panic!("{e}"));
            let today = progress.today;
            proptest::prop_assert!(progress.window.start <= today && today <= progress.window.end);
            proptest::prop_assert!((1..=progress.window.days).contains(&progress.window.elapsed_days));
            let check = |metrics: &[MetricProgress]| {
                metrics.iter().all(|m| (0.0..=1.0).contains(&m.ratio) && m.remaining == (m.target - m.current).max(0) && m.reached == (m.current >= m.target) && (m.ratio == 1.0) == m.reached)
            };
            match &progress.next {
                Some(next) => {
                    proptest::prop_assert_eq!(next.rank, progress.current.rank + 1);
                    proptest::prop_assert!(check(&next.metrics));
                    // The next tier is never reached: reaching it would have made it the current one.
                    let reached = match next.combine {
                        Combine::Any => next.metrics.iter().any(|m| m.reached),
                        Combine::All => next.metrics.iter().all(|m| m.reached),
                    };
                    proptest::prop_assert!(!reached);
                }
                None => proptest::prop_assert_eq!(progress.current.rank, 3),
            }
            match progress.current.standing {
                Standing::Earned | Standing::Held => proptest::prop_assert!(progress.current.valid_until.is_none_or(|end| end >= today)),
                Standing::Grace => proptest::prop_assert!(progress.current.valid_until.is_some_and(|end| end < today)),
                Standing::Base => proptest::prop_assert_eq!(progress.current.rank, 0),
            }
            match &progress.requalification {
                Some(requalification) => {
                    proptest::prop_assert!(progress.current.rank > 0 && program != 4);
                    proptest::prop_assert!(check(&requalification.metrics));
                    let secured = requalification.status == RequalificationStatus::Secured;
                    proptest::prop_assert_eq!(secured, requalification.drops_to.is_none());
                    proptest::prop_assert!(requalification.drops_to.as_ref().is_none_or(|to| to.rank < progress.current.rank));
                }
                None => proptest::prop_assert!(progress.current.rank == 0 || program == 4),
            }
            let cart = Cart { lines: vec![crate::snapshot::Line { id: None, sku: None, category: Some("tea".into()), unit_price: Money(cart), quantity: 1, discount: Money::ZERO, refunded: Money::ZERO }], discount: Money::ZERO, shipping: Money::ZERO };
            let after = rules.progress_after_cart(&member, &cart, now).unwrap_or_else(|e| panic!("{e}"));
            proptest::prop_assert!(after.tier_after.rank >= after.tier_before.rank);
            proptest::prop_assert_eq!(after.tier_before.rank, progress.current.rank);
        }
    }

    #[test]
    fn projection_is_floored_and_safe() {
        assert_eq!(projection(320_000, 365, 327), 357_186);
        assert_eq!(projection(6, 365, 327), 6);
        assert_eq!(projection(5, 92, 0), 5);
        assert_eq!(projection(crate::money::MAX_AMOUNT, 365, 1), crate::money::MAX_AMOUNT);
        assert_eq!(projection(crate::money::MAX_AMOUNT / 2, 365, 100), crate::money::MAX_AMOUNT);
    }
}
