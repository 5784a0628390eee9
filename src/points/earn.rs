//! What one order (a cart) earns: eligible amounts per line, base points, every bonus
//! rule with its caps, and the total.

use crate::error::Code;
use super::compile::{BonusRule, CompiledPoints, BASE_RULE_ID};
use super::spec::{FrequencyPeriod, RuleCaps, Stacking};
use crate::error::{pointer, Error};
use crate::json::write::ToJson;
use crate::money::{Bp, Money, Points, MAX_AMOUNT};
use crate::order;
use crate::text::LocalizedText;
use crate::snapshot::{Cart, LedgerEntry, Order};
use crate::time::{Date, Instant, UtcOffset};
use schemars::JsonSchema;
use serde::Serialize;

/// Why a cart line earns nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum LineReason {
    /// Its category is excluded from earning (gift cards).
    ExcludedCategory,
    /// Its amount after the line discount is zero.
    ZeroAmount,
    /// Its share of the order discount took all of it.
    FullyDiscounted,
    /// What was left of it has been refunded.
    Refunded,
}

/// One cart line and what it contributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct LinePoints {
    /// Position of the line in the cart, from 0.
    pub index: usize,
    /// The line's sku.
    pub sku: Option<String>,
    /// The line's category.
    pub category: Option<String>,
    /// `unit_price × quantity − discount` in minor units.
    pub amount: Money,
    /// Its share of the order discount (pro rata in minor units).
    pub order_discount: Money,
    /// Refunded on the line.
    pub refunded: Money,
    /// What earns: amount less its order-discount share and refunds; 0 when excluded.
    pub eligible: Money,
    /// Base points attributable to this line alone (its eligible amount at the rate,
    /// rounded). Informative: the order's base is computed on the total, so these may
    /// add up to a little less than it.
    pub base: Points,
    /// Why the line earns nothing, when it does not.
    pub reason: Option<LineReason>,
}

/// What a contribution line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// Base points: the eligible amount at the rate.
    Base,
    /// A tier bonus.
    Tier,
    /// A category bonus.
    Category,
    /// A campaign bonus (date windows, member day).
    Campaign,
    /// A birthday-month bonus.
    BirthdayMonth,
    /// Fixed points on every n-th order of a period.
    NthOrder,
    /// A percentage of the categories' base on every n-th order of a period with them.
    NthCategoryOrder,
    /// The referee's welcome points on their first order.
    ReferralWelcome,
}

/// Why a bonus rule does not apply to this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// The member has no tier in the snapshot.
    NoTier,
    /// The member's tier has no bonus in `bp_by_tier`.
    TierNotListed,
    /// No eligible amount in the rule's categories.
    NoEligibleLines,
    /// Today is in none of the campaign's windows.
    OutsideCampaignWindows,
    /// Today is not the campaign's day of the month.
    NotCampaignDay,
    /// The snapshot has no birthday.
    NoBirthday,
    /// Today is not in the member's birth month.
    NotBirthdayMonth,
    /// The cart is an order of the period, but not one the rule rewards (`frequency`
    /// says which is).
    NotNthOrder,
    /// The snapshot records no referral (`referred_by`) by `now`.
    NotReferred,
    /// The member has placed a qualifying order before: the welcome is for the first.
    NotFirstOrder,
}

/// Where the cart stands in a frequency rule's count: "this is your 5th order this
/// quarter", "2 more orders for +200".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct FrequencyProgress {
    /// The period orders are counted in.
    pub period: FrequencyPeriod,
    /// First day of the current period; `null` for `lifetime`.
    pub period_start: Option<Date>,
    /// Last day of the current period; `null` for `lifetime`.
    pub period_end: Option<Date>,
    /// Every how many orders earn.
    pub every: u32,
    /// Orders counted in the period before this cart, up to `now`.
    pub orders_before: i64,
    /// The cart's number among the period's orders; `null` when the cart does not count
    /// (nothing eligible, or none of the rule's categories).
    pub order_number: Option<i64>,
    /// The number of the next order the rule rewards after this cart.
    pub next_rewarded: i64,
    /// Orders still to place after this cart to reach it, that order included.
    pub orders_to_next: i64,
    /// `nth_order`: the points that order earns; `null` for `nth_category_order`, whose
    /// bonus (`bp`) depends on that order's lines.
    pub next_points: Option<Points>,
}

/// Which cap limited a contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum CapKind {
    /// The rule's `caps.per_order`.
    PerOrder,
    /// The rule's `caps.per_month`, less what the ledger shows this month.
    PerMonth,
    /// The rule's `caps.per_year`, less what the ledger shows this year.
    PerYear,
    /// The program's `max_points_per_order`, less what earlier lines of this order took.
    OrderTotal,
}

/// The cap that limited a contribution, and by how much room it had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct CapHit {
    /// Which cap.
    pub kind: CapKind,
    /// The cap as the program sets it.
    pub limit: Points,
    /// What already counted against it: earlier this period (from the ledger) or earlier
    /// in this order; 0 for a per-order cap.
    pub earned_before: Points,
    /// What was left under it, which is what the contribution was awarded.
    pub allowance: Points,
}

/// One contribution to the order's points: the base, or one bonus rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Contribution {
    /// `base`, or the bonus rule's id.
    pub rule: String,
    /// What kind of contribution.
    pub kind: ContributionKind,
    /// The rule's display name.
    pub name: LocalizedText,
    /// How a bonus stacks; `null` for the base.
    pub stacking: Option<Stacking>,
    /// Whether the rule applies to this order at all.
    pub applies: bool,
    /// Why it does not apply.
    pub reason: Option<SkipReason>,
    /// Money the points were computed from: the whole eligible amount for the base, the
    /// eligible amount of the rule's lines for a category bonus.
    pub eligible: Option<Money>,
    /// Points the bonus percentage applies to: base (additive), the base of the rule's
    /// lines (category), or everything awarded before it (compound).
    pub basis: Option<Points>,
    /// The bonus in basis points.
    pub bp: Option<Bp>,
    /// Points before caps (0 when the rule does not apply).
    pub requested: Points,
    /// Points awarded after caps.
    pub awarded: Points,
    /// True when a cap took some of `requested` away.
    pub capped: bool,
    /// The cap that did.
    pub cap: Option<CapHit>,
    /// `nth_order` and `nth_category_order`: the cart's place in the period's count;
    /// `null` for the other kinds.
    pub frequency: Option<FrequencyProgress>,
}

/// What the earning of one order needs to know about the member.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    pub(crate) today: Date,
    pub(crate) now: Instant,
    pub(crate) offset: UtcOffset,
    pub(crate) tier: Option<&'a str>,
    pub(crate) birthday_month: Option<u32>,
    pub(crate) ledger: &'a [LedgerEntry],
    /// The snapshot's orders, for frequency and first-order rules.
    pub(crate) orders: &'a [Order],
    /// True when the snapshot records a referral of this member by `now`.
    pub(crate) referred: bool,
}

/// What one order earns.
#[derive(Debug, Clone)]
pub(crate) struct Earning {
    pub(crate) eligible: Money,
    pub(crate) lines: Vec<LinePoints>,
    pub(crate) contributions: Vec<Contribution>,
    pub(crate) total: Points,
}

fn out_of_range() -> Error {
    Error::one(Code::PointsOutOfRange, "", format!("the points of this cart would exceed {MAX_AMOUNT}"))
}

impl CompiledPoints {
    /// `amount` at the earning rate, rounded the program's way.
    pub(crate) fn points_for(&self, amount: Money) -> Option<i64> {
        let numerator = i128::from(amount.minor()) * i128::from(self.rate_bp);
        let denominator = i128::from(self.minor_per_major) * 10_000;
        self.rounding.divide(numerator, denominator).filter(|p| (0..=MAX_AMOUNT).contains(p))
    }

    /// `basis × bp`, rounded the program's way.
    fn bonus_for(&self, basis: i64, bp: Bp) -> Option<i64> {
        self.rounding.apply_bp(basis, bp).filter(|p| (0..=MAX_AMOUNT).contains(p))
    }
}

/// Points the ledger shows `rule` earned from `from` to `to` (inclusive), up to `now`.
fn ledger_points(member: &Member<'_>, rule: &str, from: Date, to: Date) -> i64 {
    member
        .ledger
        .iter()
        .filter(|entry| entry.rule == rule && entry.at <= member.now)
        .filter(|entry| {
            let date = entry.at.date_in(member.offset);
            from <= date && date <= to
        })
        .fold(0i64, |sum, entry| sum.saturating_add(entry.points.count()))
}

/// Applies the caps that bind `requested` and returns the award and the binding cap:
/// the one with the least room, the first listed on a tie (per order, per month, per
/// year, order total).
fn settle(requested: i64, rule: &str, caps: &RuleCaps, max_per_order: Option<Points>, awarded_before: i64, member: &Member<'_>) -> (i64, Option<CapHit>) {
    let mut candidates: Vec<CapHit> = Vec::with_capacity(4);
    if let Some(limit) = caps.per_order {
        candidates.push(CapHit { kind: CapKind::PerOrder, limit, earned_before: Points::ZERO, allowance: limit });
    }
    let today = member.today;
    if let Some(limit) = caps.per_month {
        let earned = ledger_points(member, rule, today.start_of_month(), today.end_of_month());
        candidates.push(CapHit { kind: CapKind::PerMonth, limit, earned_before: Points(earned), allowance: Points(limit.count().saturating_sub(earned).max(0)) });
    }
    if let Some(limit) = caps.per_year {
        let earned = ledger_points(member, rule, today.start_of_year(), today.end_of_year());
        candidates.push(CapHit { kind: CapKind::PerYear, limit, earned_before: Points(earned), allowance: Points(limit.count().saturating_sub(earned).max(0)) });
    }
    if let Some(limit) = max_per_order {
        candidates.push(CapHit {
            kind: CapKind::OrderTotal,
            limit,
            earned_before: Points(awarded_before),
            allowance: Points(limit.count().saturating_sub(awarded_before).max(0)),
        });
    }
    let binding = candidates.into_iter().filter(|cap| cap.allowance.count() < requested).min_by_key(|cap| cap.allowance);
    match binding {
        Some(cap) => (cap.allowance.count(), Some(cap)),
        None => (requested, None),
    }
}

/// The current `period` around `today`, first and last day; `None` for `lifetime`.
pub(crate) fn frequency_bounds(period: FrequencyPeriod, today: Date) -> Option<(Date, Date)> {
    match period {
        FrequencyPeriod::Week => {
            let monday = today.add_days(1 - i64::from(today.iso_weekday()))?;
            Some((monday, monday.add_days(6).unwrap_or(Date::MAX)))
        }
        FrequencyPeriod::Month => Some((today.start_of_month(), today.end_of_month())),
        FrequencyPeriod::Quarter => {
            let first_month = (today.month() - 1) / 3 * 3 + 1;
            let start = Date::from_ymd(today.year(), first_month, 1)?;
            let end = start.add_months(3).and_then(|next| next.add_days(-1)).unwrap_or(Date::MAX);
            Some((start, end))
        }
        FrequencyPeriod::Year => Some((today.start_of_year(), today.end_of_year())),
        FrequencyPeriod::Lifetime => None,
    }
}

/// Orders placed by `now` whose date is in `bounds` (any date for `None`) and that count:
/// paid or completed with a positive eligible amount, in `categories` when given.
fn orders_counted(points: &CompiledPoints, member: &Member<'_>, bounds: Option<(Date, Date)>, categories: Option<&[String]>) -> i64 {
    let excluded = |line: &crate::snapshot::Line| order::in_categories(line, &points.excluded_categories);
    let mut count = 0i64;
    for placed in member.orders.iter().filter(|placed| placed.placed_at <= member.now && placed.status.qualifies()) {
        let date = placed.placed_at.date_in(member.offset);
        if bounds.is_some_and(|(from, to)| date < from || to < date) {
            continue;
        }
        let counts = match categories {
            None => order::net_total(&placed.lines, placed.discount, excluded) > Money::ZERO,
            Some(categories) => order::net_amounts(&placed.lines, placed.discount, excluded)
                .iter()
                .zip(&placed.lines)
                .any(|(amount, line)| *amount > Money::ZERO && order::in_categories(line, categories)),
        };
        if counts {
            count = count.saturating_add(1);
        }
    }
    count
}

/// The cart's place in a frequency rule's count, and whether the rule rewards it.
fn frequency(points: &CompiledPoints, member: &Member<'_>, every: u32, period: FrequencyPeriod, categories: Option<&[String]>, cart_counts: bool, next_points: Option<Points>) -> (FrequencyProgress, bool) {
    let bounds = frequency_bounds(period, member.today);
    let orders_before = orders_counted(points, member, bounds, categories);
    let every_orders = i64::from(every.max(1));
    let order_number = cart_counts.then(|| orders_before.saturating_add(1));
    let count_after = order_number.unwrap_or(orders_before);
    let next_rewarded = (count_after / every_orders).saturating_add(1).saturating_mul(every_orders);
    let progress = FrequencyProgress {
        period,
        period_start: bounds.map(|(from, _)| from),
        period_end: bounds.map(|(_, to)| to),
        every,
        orders_before,
        order_number,
        next_rewarded,
        orders_to_next: next_rewarded.saturating_sub(count_after),
        next_points,
    };
    (progress, order_number.is_some_and(|number| number % every_orders == 0))
}

/// Earns `cart` for `member` under `points`. Errors carry paths relative to the cart.
pub(crate) fn earn(points: &CompiledPoints, cart: &Cart, member: &Member<'_>) -> Result<Earning, Error> {
    let excluded = |line: &crate::snapshot::Line| order::in_categories(line, &points.excluded_categories);
    let mut amounts = Vec::with_capacity(cart.lines.len());
    for (index, line) in cart.lines.iter().enumerate() {
        match line.amount_after_line_discount() {
            Some(amount) if amount.minor() <= MAX_AMOUNT => amounts.push(amount),
            _ => {
                return Err(Error::one(
                    Code::AmountOutOfRange,
                    pointer("/lines", index),
                    format!("unit_price × quantity must be at most {MAX_AMOUNT} minor units"),
                ))
            }
        }
    }
    let after_discount = order::eligible_amounts(&cart.lines, cart.discount, excluded);
    let mut lines = Vec::with_capacity(cart.lines.len());
    let mut eligible_total = Money::ZERO;
    for (index, ((line, amount), discounted)) in cart.lines.iter().zip(&amounts).zip(&after_discount).enumerate() {
        let is_excluded = excluded(line);
        let eligible = if is_excluded { Money::ZERO } else { discounted.saturating_sub(line.refunded) };
        let reason = if is_excluded {
            Some(LineReason::ExcludedCategory)
        } else if *amount == Money::ZERO {
            Some(LineReason::ZeroAmount)
        } else if *discounted == Money::ZERO {
            Some(LineReason::FullyDiscounted)
        } else if eligible == Money::ZERO {
            Some(LineReason::Refunded)
        } else {
            None
        };
        eligible_total = eligible_total.checked_add(eligible).ok_or_else(out_of_range)?;
        lines.push(LinePoints {
            index,
            sku: line.sku.clone(),
            category: line.category.clone(),
            amount: *amount,
            order_discount: if is_excluded { Money::ZERO } else { amount.saturating_sub(*discounted) },
            refunded: line.refunded,
            eligible,
            base: Points(points.points_for(eligible).ok_or_else(out_of_range)?),
            reason,
        });
    }

    let base = points.points_for(eligible_total).ok_or_else(out_of_range)?;
    let mut contributions = Vec::with_capacity(points.bonuses.len() + 1);
    let (base_awarded, base_cap) = settle(base, BASE_RULE_ID, &RuleCaps::default(), points.max_points_per_order, 0, member);
    let mut running = base_awarded;
    contributions.push(Contribution {
        rule: BASE_RULE_ID.to_string(),
        kind: ContributionKind::Base,
        name: LocalizedText::new(),
        stacking: None,
        applies: true,
        reason: None,
        eligible: Some(eligible_total),
        basis: None,
        bp: None,
        requested: Points(base),
        awarded: Points(base_awarded),
        capped: base_cap.is_some(),
        cap: base_cap,
        frequency: None,
    });

    let today = member.today;
    for bonus in &points.bonuses {
        let mut eligible = None;
        let mut basis = base;
        let mut frequency_progress = None;
        // Points a rule awards as such rather than as a percentage of a basis.
        let mut fixed: Option<Points> = None;
        let (kind, bp, reason) = match &bonus.rule {
            BonusRule::Tier { bp_by_tier } => match member.tier {
                None => (ContributionKind::Tier, None, Some(SkipReason::NoTier)),
                Some(tier) => match bp_by_tier.get(tier) {
                    Some(bp) => (ContributionKind::Tier, Some(*bp), None),
                    None => (ContributionKind::Tier, None, Some(SkipReason::TierNotListed)),
                },
            },
            BonusRule::Category { categories, bp } => {
                let in_categories = lines.iter().zip(&cart.lines).filter(|(_, line)| order::in_categories(line, categories));
                let amount = Money::sum(in_categories.map(|(points_line, _)| points_line.eligible));
                eligible = Some(amount);
                basis = points.points_for(amount).ok_or_else(out_of_range)?;
                let reason = (amount == Money::ZERO).then_some(SkipReason::NoEligibleLines);
                (ContributionKind::Category, Some(*bp), reason)
            }
            BonusRule::Campaign { windows, day_of_month, bp } => {
                let reason = if !windows.is_empty() && !windows.iter().any(|w| w.from <= today && today <= w.to) {
                    Some(SkipReason::OutsideCampaignWindows)
                } else if day_of_month.is_some_and(|day| day != today.day()) {
                    Some(SkipReason::NotCampaignDay)
                } else {
                    None
                };
                (ContributionKind::Campaign, Some(*bp), reason)
            }
            BonusRule::BirthdayMonth { bp } => {
                let reason = match member.birthday_month {
                    None => Some(SkipReason::NoBirthday),
                    Some(month) if month != today.month() => Some(SkipReason::NotBirthdayMonth),
                    Some(_) => None,
                };
                (ContributionKind::BirthdayMonth, Some(*bp), reason)
            }
            BonusRule::NthOrder { every, period, points: award } => {
                let cart_counts = eligible_total > Money::ZERO;
                let (progress, rewarded) = frequency(points, member, *every, *period, None, cart_counts, Some(*award));
                frequency_progress = Some(progress);
                fixed = Some(*award);
                let reason = if !cart_counts {
                    Some(SkipReason::NoEligibleLines)
                } else if !rewarded {
                    Some(SkipReason::NotNthOrder)
                } else {
                    None
                };
                (ContributionKind::NthOrder, None, reason)
            }
            BonusRule::NthCategoryOrder { every, period, categories, bp } => {
                let in_categories = lines.iter().zip(&cart.lines).filter(|(_, line)| order::in_categories(line, categories));
                let amount = Money::sum(in_categories.map(|(points_line, _)| points_line.eligible));
                eligible = Some(amount);
                basis = points.points_for(amount).ok_or_else(out_of_range)?;
                let cart_counts = amount > Money::ZERO;
                let (progress, rewarded) = frequency(points, member, *every, *period, Some(categories), cart_counts, None);
                frequency_progress = Some(progress);
                let reason = if !cart_counts {
                    Some(SkipReason::NoEligibleLines)
                } else if !rewarded {
                    Some(SkipReason::NotNthOrder)
                } else {
                    None
                };
                (ContributionKind::NthCategoryOrder, Some(*bp), reason)
            }
            BonusRule::ReferralWelcome { points: award } => {
                fixed = Some(*award);
                let reason = if !member.referred {
                    Some(SkipReason::NotReferred)
                } else if orders_counted(points, member, None, None) > 0 {
                    Some(SkipReason::NotFirstOrder)
                } else if eligible_total == Money::ZERO {
                    Some(SkipReason::NoEligibleLines)
                } else {
                    None
                };
                (ContributionKind::ReferralWelcome, None, reason)
            }
        };
        if bonus.stacking == Stacking::Compound {
            basis = running;
        }
        let requested = match (reason, bp, fixed) {
            (None, _, Some(award)) => award.count(),
            (None, Some(bp), None) => points.bonus_for(basis, bp).ok_or_else(out_of_range)?,
            _ => 0,
        };
        let (awarded, cap) = settle(requested, &bonus.id, &bonus.caps, points.max_points_per_order, running, member);
        running = running.checked_add(awarded).filter(|total| *total <= MAX_AMOUNT).ok_or_else(out_of_range)?;
        contributions.push(Contribution {
            rule: bonus.id.clone(),
            kind,
            name: bonus.name.clone(),
            stacking: Some(bonus.stacking),
            applies: reason.is_none(),
            reason,
            eligible,
            basis: fixed.is_none().then_some(Points(basis)),
            bp,
            requested: Points(requested),
            awarded: Points(awarded),
            capped: cap.is_some(),
            cap,
            frequency: frequency_progress,
        });
    }
    Ok(Earning { eligible: eligible_total, lines, contributions, total: Points(running) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap_or(Date::MIN)
    }

    fn bounds(period: FrequencyPeriod, today: &str) -> Option<(String, String)> {
        frequency_bounds(period, d(today)).map(|(from, to)| (from.to_string(), to.to_string()))
    }

    #[test]
    fn frequency_periods_are_calendar_periods_around_today() {
        let pair = |from: &str, to: &str| Some((from.to_string(), to.to_string()));
        // 2026-11-29 is a Sunday, 2026-11-30 a Monday.
        assert_eq!(bounds(FrequencyPeriod::Week, "2026-11-29"), pair("2026-11-23", "2026-11-29"));
        assert_eq!(bounds(FrequencyPeriod::Week, "2026-11-30"), pair("2026-11-30", "2026-12-06"));
        // A week across the new year.
        assert_eq!(bounds(FrequencyPeriod::Week, "2027-01-01"), pair("2026-12-28", "2027-01-03"));
        assert_eq!(bounds(FrequencyPeriod::Month, "2028-02-10"), pair("2028-02-01", "2028-02-29"));
        assert_eq!(bounds(FrequencyPeriod::Quarter, "2026-01-01"), pair("2026-01-01", "2026-03-31"));
        assert_eq!(bounds(FrequencyPeriod::Quarter, "2026-06-30"), pair("2026-04-01", "2026-06-30"));
        assert_eq!(bounds(FrequencyPeriod::Quarter, "2026-08-15"), pair("2026-07-01", "2026-09-30"));
        assert_eq!(bounds(FrequencyPeriod::Quarter, "2026-12-31"), pair("2026-10-01", "2026-12-31"));
        assert_eq!(bounds(FrequencyPeriod::Year, "2026-05-05"), pair("2026-01-01", "2026-12-31"));
        assert_eq!(bounds(FrequencyPeriod::Lifetime, "2026-05-05"), None);
        // The last quarter of the last representable year ends on its last day.
        assert_eq!(bounds(FrequencyPeriod::Quarter, "9999-11-30"), pair("9999-10-01", "9999-12-31"));
    }
}
