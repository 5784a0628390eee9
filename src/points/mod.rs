//! Points: earning on an order, activities, pending points, expiry lots and redemption.
//!
//! The program's `points` section ([`PointsSpec`]) is compiled once by [`compile`] into
//! [`CompiledPoints`]; [`preview_points`] then tells, for one member and one cart, what
//! the cart earns line by line and rule by rule, when those points become usable and
//! when they expire, the member's balance and expiring lots, what activities can still
//! earn this period, and what the balance can be redeemed for.
//!
//! All amounts are integers: money in minor units, rates in basis points, points whole.
//! Each contribution (the base and every bonus) is rounded on its own, in the program's
//! rounding mode, so the preview's `total` is exactly the sum of its contribution lines.
//! `docs/points.md` is the designer's guide.

mod activities;
mod compile;
mod earn;
mod lots;
mod rewards;
mod spec;

pub use activities::{ActivityPreview, StreakPreview};
pub use compile::{compile, CompiledPoints, PointsContext, BASE_RULE_ID};
pub use earn::{CapHit, CapKind, Contribution, ContributionKind, FrequencyProgress, LinePoints, LineReason, SkipReason};
pub use lots::{balance, lot_expiry, redeem_soonest_expiring_first, Balance, DatedPoints, LotUse};
pub use rewards::{NextReward, Redemption, RewardPreview};
pub use spec::{
    ActivityKind, ActivitySpec, Allowance, AllowancePeriod, BonusKind, BonusRuleSpec, DateWindow, EarnRate, ExpirySpec, FrequencyPeriod, MoneyValue, PointsSpec, RewardSpec,
    RuleCaps, Stacking, StreakBonus, MAX_RATE_POINTS, POINTS_KEYS,
};

use crate::error::Error;
use crate::facts::Facts;
use crate::json::write::ToJson;
use crate::money::{Money, Points};
use crate::snapshot::{Cart, Snapshot};
use crate::time::{Date, Instant, UtcOffset};
use schemars::JsonSchema;
use serde::Serialize;

/// What a cart would earn, and what the member's points look like around it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct PointsPreview {
    /// Today in the program's offset.
    pub today: Date,
    /// Eligible amount of the cart in minor units: the sum of the lines' `eligible`.
    pub eligible: Money,
    /// Shipping of the cart; it never earns.
    pub shipping: Money,
    /// Every cart line, in cart order, with its eligible amount and attributable base.
    pub lines: Vec<LinePoints>,
    /// The base, then every bonus rule (additive ones, then compound ones, each in
    /// program order), with requested and awarded points and the cap that bound.
    pub contributions: Vec<Contribution>,
    /// Points the cart earns: exactly the sum of the contributions' `awarded`.
    pub total: Points,
    /// True when any contribution was capped.
    pub capped: bool,
    /// The day the cart's points become usable: today plus the pending days.
    pub available_at: Date,
    /// The last day the cart's points are usable under the expiry policy; `null` when
    /// they never expire.
    pub expires_at: Option<Date>,
    /// The member's balance, pending and expiring points.
    pub balance: Balance,
    /// What activities can still earn this period.
    pub activities: Vec<ActivityPreview>,
    /// What the balance can be redeemed for.
    pub redemption: Redemption,
    /// What this order does to the tier once it counts (its spend, the order itself and
    /// the points it earns): "this order takes you to Gold". The engine fills it from the
    /// tier rules; `null` when the program has no tiers.
    pub tier_after_order: Option<crate::tier::TierAfterCart>,
}

/// Previews what `cart` earns for the member of `snapshot` at `now`, with `facts`
/// derived from the same snapshot and `now` (today, tier, birth month).
///
/// Fails only when an amount is beyond what the crate represents exactly (a line over
/// 2^53 − 1 minor units, or points beyond that); the error's path is relative to the
/// cart (`/lines/3`). An empty cart earns 0 and is not an error.
pub fn preview_points(points: &CompiledPoints, snapshot: &Snapshot, cart: &Cart, now: Instant, facts: &Facts, offset: UtcOffset) -> Result<PointsPreview, Error> {
    let today = facts.today;
    let member = earn::Member {
        today,
        now,
        offset,
        tier: facts.tier.as_deref(),
        birthday_month: facts.birthday_month,
        ledger: &snapshot.points.ledger,
        orders: &snapshot.orders,
        referred: snapshot.referred_by.as_ref().is_some_and(|referral| referral.at <= now),
    };
    let earning = earn::earn(points, cart, &member)?;
    let available_at = today.add_days(points.pending_days).unwrap_or(Date::MAX);
    let expires_at = points.expiry.expires_at(today);
    let lots = &snapshot.points.lots;
    let balance = lots::balance(lots, points.expiry, today, points.expiry_warning_days, earning.total, available_at);
    let referee_points = points.bonuses.iter().find_map(|bonus| match bonus.rule {
        compile::BonusRule::ReferralWelcome { points } => Some(points),
        _ => None,
    });
    let activities = activities::preview_activities(&points.activities, &snapshot.events, now, offset, today, referee_points);
    let warning_days = points.expiry_warning_days;
    let redemption = rewards::preview_rewards(
        &points.rewards,
        facts.tier.as_deref(),
        balance.available,
        balance.available_after_cart,
        |cost| lots::redeem_soonest_expiring_first(lots, points.expiry, today, cost),
        |expiry| expiry.is_some_and(|end| today.days_until(end) < warning_days),
    );
    let capped = earning.contributions.iter().any(|c| c.capped);
    Ok(PointsPreview {
        today,
        eligible: earning.eligible,
        shipping: cart.shipping,
        lines: earning.lines,
        contributions: earning.contributions,
        total: earning.total,
        capped,
        available_at,
        expires_at,
        balance,
        activities,
        redemption,
        tier_after_order: None,
    })
}
