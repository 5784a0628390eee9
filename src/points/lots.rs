//! Points lots: what is usable, pending and expiring on a given day, and which lots a
//! redemption draws from (soonest-expiring first, then oldest).

use super::spec::ExpirySpec;
use crate::json::write::ToJson;
use crate::money::Points;
use crate::snapshot::Lot;
use crate::time::Date;
use schemars::JsonSchema;
use serde::Serialize;
use crate::vec_map::VecMap;

/// Points that share a date (becoming usable, or expiring).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct DatedPoints {
    /// The date.
    pub date: Date,
    /// Points.
    pub points: Points,
    /// Days from today to the date.
    pub days_left: i64,
}

/// The member's points account as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Balance {
    /// Usable points today: remaining in lots that are available and not expired.
    pub available: Points,
    /// Points earned but not usable yet.
    pub pending: Points,
    /// When pending points become usable, by date.
    pub pending_lots: Vec<DatedPoints>,
    /// Usable points expiring within the warning horizon, by expiry date (the last day
    /// they can be used), soonest first.
    pub expiring: Vec<DatedPoints>,
    /// Their total.
    pub expiring_total: Points,
    /// The warning horizon in days (`facts.expiry_warning_days`).
    pub expiry_warning_days: i64,
    /// The next expiry of usable points, however far.
    pub next_expiry: Option<DatedPoints>,
    /// Usable points on the day this cart's points become usable, the cart's points
    /// included: pending lots released by then are added, lots expired by then are not.
    pub available_after_cart: Points,
}

/// The last day a lot is usable: its own `expires_at`, else the program's policy from
/// its `earned_at`; `None` when it never expires.
pub fn lot_expiry(lot: &Lot, policy: ExpirySpec) -> Option<Date> {
    lot.expires_at.or_else(|| policy.expires_at(lot.earned_at))
}

/// True when `lot` (known as of `today`) can be spent on `day`.
fn usable_on(lot: &Lot, expiry: Option<Date>, today: Date, day: Date) -> bool {
    lot.remaining > Points::ZERO
        && lot.earned_at <= today
        && lot.available_at.is_none_or(|from| from <= day)
        && expiry.is_none_or(|end| end >= day)
}

fn add(entries: &mut Vec<(Date, i64)>, date: Date, points: Points) {
    entries.push((date, points.count()));
}

/// The points by date, summed per date in date order: one sort however many lots.
fn dated(today: Date, entries: Vec<(Date, i64)>) -> Vec<DatedPoints> {
    let map = VecMap::from_unsorted(entries, |total, points| *total = total.saturating_add(points));
    map.into_iter().map(|(date, points)| DatedPoints { date, points: Points(points), days_left: today.days_until(date) }).collect()
}

/// The balance of `lots` on `today`; `cart_points` become usable on `cart_available_at`.
pub fn balance(lots: &[Lot], policy: ExpirySpec, today: Date, warning_days: i64, cart_points: Points, cart_available_at: Date) -> Balance {
    let mut available = 0i64;
    let mut pending = 0i64;
    let mut after_cart = cart_points.count();
    let mut pending_by_date = Vec::new();
    let mut expiring_by_date = Vec::new();
    let mut expiry_by_date = Vec::new();
    for lot in lots {
        let expiry = lot_expiry(lot, policy);
        if usable_on(lot, expiry, today, cart_available_at) {
            after_cart = after_cart.saturating_add(lot.remaining.count());
        }
        if usable_on(lot, expiry, today, today) {
            available = available.saturating_add(lot.remaining.count());
            if let Some(end) = expiry {
                add(&mut expiry_by_date, end, lot.remaining);
                if today.days_until(end) < warning_days {
                    add(&mut expiring_by_date, end, lot.remaining);
                }
            }
        } else if lot.remaining > Points::ZERO && lot.earned_at <= today && expiry.is_none_or(|end| end >= today) {
            if let Some(from) = lot.available_at {
                pending = pending.saturating_add(lot.remaining.count());
                add(&mut pending_by_date, from, lot.remaining);
            }
        }
    }
    let expiring = dated(today, expiring_by_date);
    let expiring_total = expiring.iter().fold(0i64, |sum, d| sum.saturating_add(d.points.count()));
    Balance {
        available: Points(available),
        pending: Points(pending),
        pending_lots: dated(today, pending_by_date),
        expiring,
        expiring_total: Points(expiring_total),
        expiry_warning_days: warning_days,
        next_expiry: dated(today, expiry_by_date).into_iter().next(),
        available_after_cart: Points(after_cart),
    }
}

/// Points taken from one lot by a redemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct LotUse {
    /// Position of the lot in the snapshot's `points.lots`.
    pub lot: usize,
    /// When the lot was earned.
    pub earned_at: Date,
    /// Last day the lot is usable.
    pub expires_at: Option<Date>,
    /// Points taken from it.
    pub points: Points,
}

/// Which lots a redemption of `points` on `today` draws from: usable lots, the
/// soonest-expiring first, so that a redemption saves the points that would expire
/// next; lots that never expire come last. Ties: oldest earned first, then snapshot
/// order. `None` when the usable balance is short.
pub fn redeem_soonest_expiring_first(lots: &[Lot], policy: ExpirySpec, today: Date, points: Points) -> Option<Vec<LotUse>> {
    let mut usable: Vec<(usize, &Lot, Option<Date>)> =
        lots.iter().enumerate().map(|(index, lot)| (index, lot, lot_expiry(lot, policy))).filter(|(_, lot, expiry)| usable_on(lot, *expiry, today, today)).collect();
    crate::sort::sort_by_key(&mut usable, |(index, lot, expiry)| (expiry.unwrap_or(Date::MAX), lot.earned_at, *index));
    let mut left = points.count();
    let mut uses = Vec::new();
    for (index, lot, expiry) in usable {
        if left <= 0 {
            break;
        }
        let taken = left.min(lot.remaining.count());
        uses.push(LotUse { lot: index, earned_at: lot.earned_at, expires_at: expiry, points: Points(taken) });
        left -= taken;
    }
    (left <= 0).then_some(uses)
}
