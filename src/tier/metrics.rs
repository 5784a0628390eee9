//! What a member did, per metric and calendar day. Each metric is a date-sorted series with
//! running totals, so the total over any window, and the day a threshold was first
//! reached in it, are binary searches: re-evaluating many past windows stays cheap.

use super::{AcceleratedMetric, TierRules};
use crate::money::{Money, Points};
use crate::order;
use crate::snapshot::Snapshot;
use crate::time::{Date, Instant};
use crate::vec_map::VecMap;

/// A metric a threshold is set on. Counters index [`TierRules::counters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Metric {
    Spend,
    Orders,
    PointsEarned,
    Counter(usize),
}

/// Activity not yet in the snapshot, counted as happening today: an order about to be
/// placed. [`crate::tier::TierRules::progress_with`] takes it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExtraActivity {
    /// Qualifying spend to add.
    pub spend: Money,
    /// Qualifying orders to add.
    pub orders: i64,
    /// Points earned to add.
    pub points_earned: Points,
}

/// Values by day, unsorted.
type DatedValues = Vec<(Date, i64)>;

/// Values by day with running totals.
#[derive(Debug, Clone, Default)]
pub(crate) struct Series {
    dates: Vec<Date>,
    running: Vec<i64>,
}

impl Series {
    fn new(mut entries: Vec<(Date, i64)>) -> Series {
        crate::sort::sort_by_key(&mut entries, |(date, _)| *date);
        let mut total = 0i64;
        let mut series = Series { dates: Vec::with_capacity(entries.len()), running: Vec::with_capacity(entries.len()) };
        for (date, value) in entries {
            total = total.saturating_add(value.max(0));
            series.dates.push(date);
            series.running.push(total);
        }
        series
    }

    /// Sum of the values of the first `count` entries.
    fn running_total(&self, count: usize) -> i64 {
        count.checked_sub(1).and_then(|last| self.running.get(last)).copied().unwrap_or(0)
    }

    /// Sum of the values dated `start` through `through`.
    pub(crate) fn total(&self, start: Date, through: Date) -> i64 {
        let before = self.running_total(self.dates.partition_point(|date| *date < start));
        let upto = self.running_total(self.dates.partition_point(|date| *date <= through));
        upto.saturating_sub(before).max(0)
    }

    /// The first day in `start..=through` by which the values since `start` add up to
    /// `target`.
    pub(crate) fn first_reaching(&self, start: Date, through: Date, target: i64) -> Option<Date> {
        let first = self.dates.partition_point(|date| *date < start);
        let needed = self.running_total(first).saturating_add(target);
        let offset = self.running.get(first..)?.partition_point(|total| *total < needed);
        let date = *self.dates.get(first.checked_add(offset)?)?;
        (date <= through).then_some(date)
    }
}

/// Every metric of one member, as of `now`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Activity {
    spend: Series,
    orders: Series,
    points_earned: Series,
    counters: Vec<Series>,
    /// Per acceleration (program order): the spend and the orders it added on top of
    /// what the orders themselves count.
    accelerated: Vec<(Series, Series)>,
}

impl TierRules {
    /// The acceleration that multiplies `metric` on `date`: the one with the largest
    /// factor, the first listed on a tie; its index and factor.
    pub(crate) fn acceleration_on(&self, date: Date, metric: AcceleratedMetric) -> Option<(usize, u32)> {
        let mut best: Option<(usize, u32)> = None;
        for (index, acceleration) in self.accelerations.iter().enumerate() {
            let covers = acceleration.metrics.contains(&metric) && acceleration.windows.iter().any(|window| window.from <= date && date <= window.to);
            if covers && best.is_none_or(|(_, factor)| acceleration.factor > factor) {
                best = Some((index, acceleration.factor));
            }
        }
        best
    }
}

/// `value` counted under the acceleration on `date`: the value to count, and what the
/// acceleration added to it with the acceleration's index. The counted value is held at
/// 2^53 − 1, like every amount a result shows.
fn accelerate(rules: &TierRules, date: Date, metric: AcceleratedMetric, value: i64) -> (i64, Option<(usize, i64)>) {
    match rules.acceleration_on(date, metric) {
        Some((index, factor)) => {
            let counted = value.saturating_mul(i64::from(factor)).min(crate::money::MAX_AMOUNT.max(value));
            (counted, Some((index, counted.saturating_sub(value))))
        }
        None => (value, None),
    }
}

impl Activity {
    /// Collects the snapshot's activity up to `now` (and `extra`, dated today). Orders
    /// count when paid or completed with a positive qualifying spend; lots count their
    /// original points on the day they were earned; counters sum event values by kind.
    pub(crate) fn collect(rules: &TierRules, snapshot: &Snapshot, now: Instant, extra: &ExtraActivity) -> Activity {
        let today = now.date_in(rules.offset);
        let mut spend = Vec::new();
        let mut orders = Vec::new();
        // Per acceleration: the spend and the orders it added, by day.
        let mut added: Vec<(DatedValues, DatedValues)> = vec![(Vec::new(), Vec::new()); rules.accelerations.len()];
        let mut count = |date: Date, spent: i64, placed: i64| {
            if spent > 0 {
                let (counted, extra) = accelerate(rules, date, AcceleratedMetric::Spend, spent);
                spend.push((date, counted));
                if let Some((entries, more)) = extra.and_then(|(index, more)| added.get_mut(index).map(|entries| (&mut entries.0, more))) {
                    entries.push((date, more));
                }
            }
            if placed > 0 {
                let (counted, extra) = accelerate(rules, date, AcceleratedMetric::Orders, placed);
                orders.push((date, counted));
                if let Some((entries, more)) = extra.and_then(|(index, more)| added.get_mut(index).map(|entries| (&mut entries.1, more))) {
                    entries.push((date, more));
                }
            }
        };
        for placed in snapshot.orders.iter().filter(|order| order.placed_at <= now) {
            // qualifying_spend is zero unless the order is paid or completed, so a positive
            // spend is exactly order::is_qualifying_order, computed once.
            let amount = order::qualifying_spend(placed, &rules.excluded_categories);
            if amount > Money::ZERO {
                count(placed.placed_at.date_in(rules.offset), amount.minor(), 1);
            }
        }
        count(today, extra.spend.minor(), extra.orders);
        let mut points: Vec<(Date, i64)> = snapshot.points.lots.iter().filter(|lot| lot.earned_at <= today).map(|lot| (lot.earned_at, lot.points.count())).collect();
        if extra.points_earned > Points::ZERO {
            points.push((today, extra.points_earned.count()));
        }
        // The program's counter names, a few: inserted one by one (a later name wins, as
        // when collected).
        let mut index: VecMap<&str, usize> = VecMap::new();
        for (i, name) in rules.counters.iter().enumerate() {
            index.insert(name.as_str(), i);
        }
        let mut counters: Vec<Vec<(Date, i64)>> = vec![Vec::new(); rules.counters.len()];
        for event in snapshot.events.iter().filter(|event| event.at <= now) {
            if let Some(entries) = index.get(event.kind.as_str()).and_then(|i| counters.get_mut(*i)) {
                entries.push((event.at.date_in(rules.offset), event.value));
            }
        }
        Activity {
            spend: Series::new(spend),
            orders: Series::new(orders),
            points_earned: Series::new(points),
            counters: counters.into_iter().map(Series::new).collect(),
            accelerated: added.into_iter().map(|(spend, orders)| (Series::new(spend), Series::new(orders))).collect(),
        }
    }

    /// Spend and orders acceleration `index` added from `start` through `through`.
    pub(crate) fn accelerated(&self, index: usize, start: Date, through: Date) -> (i64, i64) {
        self.accelerated.get(index).map_or((0, 0), |(spend, orders)| (spend.total(start, through), orders.total(start, through)))
    }

    pub(crate) fn series(&self, metric: Metric) -> Option<&Series> {
        match metric {
            Metric::Spend => Some(&self.spend),
            Metric::Orders => Some(&self.orders),
            Metric::PointsEarned => Some(&self.points_earned),
            Metric::Counter(index) => self.counters.get(index),
        }
    }

    /// Total of `metric` from `start` through `through`.
    pub(crate) fn total(&self, metric: Metric, start: Date, through: Date) -> i64 {
        self.series(metric).map_or(0, |series| series.total(start, through))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap_or(Date::MIN)
    }

    #[test]
    fn totals_and_first_reaching() {
        let series = Series::new(vec![(d("2026-03-01"), 50), (d("2026-01-10"), 100), (d("2026-03-01"), 25), (d("2025-12-31"), 1000)]);
        assert_eq!(series.total(d("2026-01-01"), d("2026-12-31")), 175);
        assert_eq!(series.total(d("2026-01-01"), d("2026-02-28")), 100);
        assert_eq!(series.total(d("2025-12-31"), d("2025-12-31")), 1000);
        assert_eq!(series.total(d("2026-04-01"), d("2026-03-01")), 0);
        assert_eq!(series.first_reaching(d("2026-01-01"), d("2026-12-31"), 100), Some(d("2026-01-10")));
        assert_eq!(series.first_reaching(d("2026-01-01"), d("2026-12-31"), 101), Some(d("2026-03-01")));
        assert_eq!(series.first_reaching(d("2026-01-01"), d("2026-12-31"), 176), None);
        assert_eq!(series.first_reaching(d("2026-01-01"), d("2026-02-28"), 101), None);
        assert_eq!(Series::default().first_reaching(d("2026-01-01"), d("2026-12-31"), 1), None);
    }
}
