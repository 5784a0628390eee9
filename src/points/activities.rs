//! Activities: what the member can still earn this period without an order, and how.

use super::compile::CompiledActivity;
use super::spec::{ActivityKind, Allowance, AllowancePeriod};
use crate::json::write::ToJson;
use crate::money::Points;
use crate::text::LocalizedText;
use crate::snapshot::Event;
use crate::time::{Date, Instant, UtcOffset};
use schemars::JsonSchema;
use serde::Serialize;
use crate::vec_map::VecSet;

/// Where the member stands on a check-in streak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct StreakPreview {
    /// Consecutive days the bonus needs (it repeats at every multiple).
    pub days: u32,
    /// Points of the bonus.
    pub points: Points,
    /// Consecutive days with a check-in, ending today, or yesterday while today has none yet.
    pub current: i64,
    /// True when the member has checked in today.
    pub checked_in_today: bool,
    /// Further daily check-ins until the bonus (from today if not checked in yet,
    /// otherwise from tomorrow).
    pub check_ins_to_bonus: i64,
    /// The day the bonus is earned when the member checks in every day.
    pub bonus_on: Option<Date>,
}

/// One activity and what is left of it this period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ActivityPreview {
    /// Activity id.
    pub id: String,
    /// What the activity is.
    pub kind: ActivityKind,
    /// Display name.
    pub name: LocalizedText,
    /// How to earn it.
    pub how: LocalizedText,
    /// The snapshot event kind it counts.
    pub event: String,
    /// Points per occurrence.
    pub points: Points,
    /// The allowance; `null` when unlimited.
    pub allowance: Option<Allowance>,
    /// First day of the current period (`null` for lifetime or unlimited).
    pub period_start: Option<Date>,
    /// Last day of the current period (`null` for lifetime or unlimited).
    pub period_end: Option<Date>,
    /// Occurrences counted against the allowance so far (`null` when unlimited).
    pub used: Option<i64>,
    /// Occurrences that still earn points this period (`null` when unlimited).
    pub remaining: Option<i64>,
    /// Points still to be earned this period: `remaining × points` (`null` when unlimited).
    pub points_available: Option<Points>,
    /// True when one more occurrence today would earn points.
    pub can_earn_now: bool,
    /// Check-in streak, for a check-in activity with a streak bonus.
    pub streak: Option<StreakPreview>,
    /// `referral` only: the welcome points the referred friend gets on their first order
    /// (the program's first `referral_welcome` bonus), so both sides can be told; `null`
    /// otherwise.
    pub referee_points: Option<Points>,
}

/// The current period's first and last day; `None` for a lifetime allowance.
fn period_bounds(period: AllowancePeriod, today: Date) -> Option<(Date, Date)> {
    match period {
        AllowancePeriod::Day => Some((today, today)),
        AllowancePeriod::Week => {
            let monday = today.add_days(-i64::from(today.iso_weekday()) + 1)?;
            Some((monday, monday.add_days(6).unwrap_or(Date::MAX)))
        }
        AllowancePeriod::Month => Some((today.start_of_month(), today.end_of_month())),
        AllowancePeriod::Year => Some((today.start_of_year(), today.end_of_year())),
        AllowancePeriod::Lifetime => None,
    }
}

fn streak(activity: &CompiledActivity, days_with_event: &VecSet<Date>, today: Date) -> Option<StreakPreview> {
    let bonus = activity.streak?;
    let checked_in_today = days_with_event.contains(&today);
    let mut current = 0i64;
    let mut day = if checked_in_today { Some(today) } else { today.add_days(-1) };
    while let Some(d) = day.filter(|d| days_with_event.contains(d)) {
        current += 1;
        day = d.add_days(-1);
    }
    let days = i64::from(bonus.days.max(1));
    let check_ins_to_bonus = days - current.rem_euclid(days);
    let first = if checked_in_today { 1 } else { 0 };
    Some(StreakPreview {
        days: bonus.days,
        points: bonus.points,
        current,
        checked_in_today,
        check_ins_to_bonus,
        bonus_on: today.add_days(check_ins_to_bonus - 1 + first),
    })
}

/// What is left of each activity on `today`.
pub(crate) fn preview_activities(activities: &[CompiledActivity], events: &[Event], now: Instant, offset: UtcOffset, today: Date, referee_points: Option<Points>) -> Vec<ActivityPreview> {
    activities
        .iter()
        .map(|activity| {
            let happened: Vec<(Date, i64)> =
                events.iter().filter(|e| e.kind == activity.event && e.at <= now).map(|e| (e.at.date_in(offset), e.value)).collect();
            let bounds = activity.allowance.and_then(|a| period_bounds(a.per, today));
            let used = activity.allowance.map(|_| {
                happened
                    .iter()
                    .filter(|(date, _)| bounds.is_none_or(|(from, to)| from <= *date && *date <= to))
                    .fold(0i64, |sum, (_, value)| sum.saturating_add(*value))
            });
            let remaining = activity.allowance.zip(used).map(|(allowance, used)| i64::from(allowance.count).saturating_sub(used).max(0));
            let days: VecSet<Date> = VecSet::from_unsorted(happened.iter().map(|(date, _)| *date).collect());
            ActivityPreview {
                id: activity.id.clone(),
                kind: activity.kind,
                name: activity.name.clone(),
                how: activity.how.clone(),
                event: activity.event.clone(),
                points: activity.points,
                allowance: activity.allowance,
                period_start: bounds.map(|(from, _)| from),
                period_end: bounds.map(|(_, to)| to),
                used,
                remaining,
                points_available: remaining.map(|left| Points(left.saturating_mul(activity.points.count()))),
                can_earn_now: remaining.is_none_or(|left| left > 0),
                streak: streak(activity, &days, today),
                referee_points: referee_points.filter(|_| activity.kind == ActivityKind::Referral),
            }
        })
        .collect()
}
