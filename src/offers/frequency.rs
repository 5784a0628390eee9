//! Frequency rules over the snapshot's offer history: lifetime redemptions, cooldown after
//! a redemption, and impressions per window. Days are calendar days in the program's
//! offset; history entries after `now` have not happened yet and are ignored.

use super::compile::Frequency;
use crate::snapshot::{OfferEvent, OfferEventKind};
use crate::time::{Date, Instant, UtcOffset};
use crate::vec_map::VecMap;

/// One offer's history: impression and redemption dates, each sorted newest first.
#[derive(Debug, Default, Clone)]
pub struct OfferHistory {
    /// Dates of impressions, newest first.
    pub impressions: Vec<Date>,
    /// Dates of redemptions, newest first.
    pub redemptions: Vec<Date>,
}

/// The history of every offer, indexed once per call.
pub fn index_history(history: &[OfferEvent], now: Instant, offset: UtcOffset) -> VecMap<&str, OfferHistory> {
    // One entry per event, merged per offer after one sort, however long the history.
    let mut events = Vec::new();
    for event in history.iter().filter(|event| event.at <= now) {
        let mut entry = OfferHistory::default();
        let date = event.at.date_in(offset);
        match event.kind {
            OfferEventKind::Impression => entry.impressions.push(date),
            OfferEventKind::Redemption => entry.redemptions.push(date),
            OfferEventKind::Click | OfferEventKind::Dismissal => {}
        }
        events.push((event.offer_id.as_str(), entry));
    }
    let mut by_offer = VecMap::from_unsorted(events, |first, later| {
        first.impressions.extend(later.impressions);
        first.redemptions.extend(later.redemptions);
    });
    for entry in by_offer.values_mut() {
        crate::sort::sort_by(&mut entry.impressions, |a, b| b.cmp(a));
        crate::sort::sort_by(&mut entry.redemptions, |a, b| b.cmp(a));
    }
    by_offer
}

/// Why a frequency rule holds an offer back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capped {
    /// Redeemed `redemptions` times, the lifetime maximum is `max`.
    Lifetime {
        /// Redemptions so far.
        redemptions: u32,
        /// The maximum.
        max: u32,
    },
    /// Redeemed on `last` less than `days` ago; shown again from `frees_on`.
    Cooldown {
        /// Date of the last redemption.
        last: Date,
        /// Cooldown days.
        days: u32,
        /// First date it may show again.
        frees_on: Option<Date>,
    },
    /// `count` impressions within `days` days reached `max`; shown again from `frees_on`.
    Impressions {
        /// Impressions in the window.
        count: u32,
        /// The maximum.
        max: u32,
        /// The window.
        days: u32,
        /// First date it may show again.
        frees_on: Option<Date>,
    },
}

fn saturating_count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// The first frequency rule that holds an offer back today, in the order lifetime limit,
/// cooldown, impressions (most lasting first).
pub fn check(rules: &Frequency, history: Option<&OfferHistory>, today: Date) -> Option<Capped> {
    let history = history?;
    if let Some(max) = rules.max_redemptions {
        let redemptions = saturating_count(history.redemptions.len());
        if redemptions >= max {
            return Some(Capped::Lifetime { redemptions, max });
        }
    }
    if let (Some(days), Some(&last)) = (rules.cooldown_days, history.redemptions.first()) {
        // Redeemed on day R with a cooldown of D days: hidden on R … R+D−1.
        let frees_on = last.add_days(i64::from(days));
        if frees_on.is_some_and(|free| today < free) {
            return Some(Capped::Cooldown { last, days, frees_on });
        }
    }
    if let Some((max, days)) = rules.impressions {
        // The window of `days` calendar days ends today: dates today−days+1 … today.
        let in_window: Vec<Date> = history.impressions.iter().copied().filter(|date| (0..i64::from(days)).contains(&date.days_until(today))).collect();
        let count = saturating_count(in_window.len());
        if count >= max {
            // Enough impressions must leave the window: the max-th newest leaves it on
            // its date + days.
            let index = usize::try_from(max).ok().and_then(|m| m.checked_sub(1));
            let frees_on = index.and_then(|i| in_window.get(i)).and_then(|date| date.add_days(i64::from(days)));
            return Some(Capped::Impressions { count, max, days, frees_on });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or(Date::MIN)
    }

    #[test]
    fn impressions_free_up_when_the_oldest_counted_one_leaves_the_window() {
        let history = OfferHistory { impressions: vec![date("2026-11-22"), date("2026-11-20"), date("2026-11-10")], redemptions: vec![] };
        let rules = Frequency { impressions: Some((2, 7)), ..Frequency::default() };
        // 11-22 and 11-20 are in the 7-day window ending 11-23 (11-17 … 11-23).
        let capped = check(&rules, Some(&history), date("2026-11-23"));
        assert_eq!(capped, Some(Capped::Impressions { count: 2, max: 2, days: 7, frees_on: Some(date("2026-11-27")) }));
        // On 11-27 the window is 11-21 … 11-27: one impression left.
        assert_eq!(check(&rules, Some(&history), date("2026-11-27")), None);
    }

    #[test]
    fn lifetime_comes_before_cooldown() {
        let history = OfferHistory { impressions: vec![], redemptions: vec![date("2026-11-20")] };
        let rules = Frequency { impressions: None, cooldown_days: Some(30), max_redemptions: Some(1) };
        assert_eq!(check(&rules, Some(&history), date("2026-11-23")), Some(Capped::Lifetime { redemptions: 1, max: 1 }));
        let rules = Frequency { max_redemptions: None, ..rules };
        assert_eq!(
            check(&rules, Some(&history), date("2026-11-23")),
            Some(Capped::Cooldown { last: date("2026-11-20"), days: 30, frees_on: Some(date("2026-12-20")) })
        );
        assert_eq!(check(&rules, Some(&history), date("2026-12-20")), None);
    }
}
