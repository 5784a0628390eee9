//! Redemption: which rewards the member can afford now and once this cart's points are
//! usable, and how far the next one is.

use super::compile::CompiledReward;
use super::lots::LotUse;
use crate::json::write::ToJson;
use crate::money::{Money, Points};
use crate::text::LocalizedText;
use crate::time::Date;
use schemars::JsonSchema;
use serde::Serialize;

/// One reward of the catalog, seen from this member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct RewardPreview {
    /// Reward id.
    pub id: String,
    /// Display name.
    pub name: LocalizedText,
    /// Points it costs.
    pub points: Points,
    /// Cash paid on top, in minor units.
    pub cash: Money,
    /// Tier ids allowed to redeem it (empty: everyone).
    pub tiers: Vec<String>,
    /// True when the member's tier may not redeem it.
    pub tier_restricted: bool,
    /// The member may redeem it today.
    pub affordable_now: bool,
    /// The member may redeem it once this cart's points are usable.
    pub affordable_after_cart: bool,
    /// Points short today (0 when the balance covers it).
    pub missing_now: Points,
    /// Points short once this cart's points are usable.
    pub missing_after_cart: Points,
    /// When affordable now: how many points expiring within the warning horizon
    /// redeeming it would use, and so save from expiring (redemptions use the
    /// soonest-expiring points first, then the oldest); 0 otherwise.
    pub expiring_points_saved: Points,
}

/// The next reward to aim for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct NextReward {
    /// Reward id.
    pub id: String,
    /// Points it costs.
    pub points: Points,
    /// Points short today.
    pub missing_now: Points,
    /// Points short once this cart's points are usable (0: this cart unlocks it).
    pub missing_after_cart: Points,
}

/// The redemption catalog from this member's point of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Redemption {
    /// Every reward, cheapest first (ties by id).
    pub rewards: Vec<RewardPreview>,
    /// Ids of rewards the member may redeem today.
    pub affordable_now: Vec<String>,
    /// Ids of rewards the member may redeem once this cart's points are usable.
    pub affordable_after_cart: Vec<String>,
    /// The cheapest reward the member's tier may redeem that today's balance does not
    /// cover; `null` when there is none.
    pub next_reward: Option<NextReward>,
}

/// What the rewards look like for a member of `tier` with `available` points today and
/// `after_cart` once the cart's points are usable. `draw` tells which lots a redemption
/// would use today, and `expiring_by` the last day counted as expiring soon.
pub(crate) fn preview_rewards(
    rewards: &[CompiledReward],
    tier: Option<&str>,
    available: Points,
    after_cart: Points,
    draw: impl Fn(Points) -> Option<Vec<LotUse>>,
    expiring_soon: impl Fn(Option<Date>) -> bool,
) -> Redemption {
    let shortfall = |have: Points, cost: Points| Points(cost.count().saturating_sub(have.count()).max(0));
    let mut previews = Vec::with_capacity(rewards.len());
    for reward in rewards {
        let tier_restricted = !reward.tiers.is_empty() && !tier.is_some_and(|t| reward.tiers.iter().any(|allowed| allowed == t));
        let affordable_now = !tier_restricted && available >= reward.points;
        let expiring_points_saved = if affordable_now {
            draw(reward.points)
                .unwrap_or_default()
                .iter()
                .filter(|used| expiring_soon(used.expires_at))
                .fold(0i64, |sum, used| sum.saturating_add(used.points.count()))
        } else {
            0
        };
        previews.push(RewardPreview {
            id: reward.id.clone(),
            name: reward.name.clone(),
            points: reward.points,
            cash: reward.cash,
            tiers: reward.tiers.clone(),
            tier_restricted,
            affordable_now,
            affordable_after_cart: !tier_restricted && after_cart >= reward.points,
            missing_now: shortfall(available, reward.points),
            missing_after_cart: shortfall(after_cart, reward.points),
            expiring_points_saved: Points(expiring_points_saved),
        });
    }
    let next_reward = previews.iter().find(|r| !r.tier_restricted && !r.affordable_now).map(|r| NextReward {
        id: r.id.clone(),
        points: r.points,
        missing_now: r.missing_now,
        missing_after_cart: r.missing_after_cart,
    });
    Redemption {
        affordable_now: previews.iter().filter(|r| r.affordable_now).map(|r| r.id.clone()).collect(),
        affordable_after_cart: previews.iter().filter(|r| r.affordable_after_cart).map(|r| r.id.clone()).collect(),
        rewards: previews,
        next_reward,
    }
}
