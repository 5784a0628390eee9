//! Facts: the one derived view of a snapshot at `now`.
//!
//! Every tag, segment and offer condition reads these facts, the demo page shows them, and
//! `docs/facts.md` documents each one (name, type, unit, definition, edge cases). Calendar
//! days are counted in the program's UTC offset. Anything dated after `now` has not
//! happened yet and is ignored.

use crate::json::write::ToJson;
use crate::money::{Money, Points};
use crate::order;
use crate::snapshot::Snapshot;
use crate::time::{Date, Instant, UtcOffset};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};
use crate::vec_map::{VecMap, VecSet};

/// What facts need to know about the program.
#[derive(Debug, Clone)]
pub struct FactsConfig {
    /// The program's UTC offset, which defines calendar days.
    pub offset: UtcOffset,
    /// Categories that never qualify (gift cards).
    pub excluded_categories: Vec<String>,
    /// Days ahead in which expiring points are reported as `points_expiring`.
    pub expiry_warning_days: i64,
    /// Qualifying spend an order must exceed to be a large order (`first_large_order_date`).
    pub large_order_over: Money,
    /// Names of the attributes the program declares as dates (`attribute_days`).
    pub date_attributes: Vec<String>,
    /// Marketing contacts ignored in a row after which a member is `fatigued` (the
    /// contact policy's `fatigue_after`, 3 without one).
    pub fatigue_after: u32,
}

/// The facts view. Field names are the names conditions use.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Facts {
    /// The member id.
    pub member_id: String,
    /// Today's date in the program's offset.
    pub today: Date,
    /// Day of the month today, 1–31 (member day is the 18th).
    pub day_of_month: u32,
    /// Month today, 1–12.
    pub month: u32,
    /// Day of the week today, Monday = 1 … Sunday = 7.
    pub weekday: u32,
    /// Calendar days since joining (0 on the day of joining; never negative).
    pub days_since_join: i64,
    /// Whole years of membership.
    pub membership_years: i64,
    /// Days until the next anniversary of joining (0 today).
    pub membership_anniversary_in_days: Option<i64>,
    /// Calendar days since the last qualifying order; `null` without one.
    pub days_since_last_order: Option<i64>,
    /// Calendar days since the first qualifying order; `null` without one.
    pub days_since_first_order: Option<i64>,
    /// Date of the first qualifying order.
    pub first_order_date: Option<Date>,
    /// Date of the last qualifying order.
    pub last_order_date: Option<Date>,
    /// Days until the next anniversary of the first qualifying order (0 today).
    pub first_order_anniversary_in_days: Option<i64>,
    /// Qualifying orders in the last 30 calendar days (today included).
    pub orders_30d: i64,
    /// Qualifying orders in the last 90 calendar days.
    pub orders_90d: i64,
    /// Qualifying orders in the last 365 calendar days.
    pub orders_365d: i64,
    /// Qualifying orders ever.
    pub orders_total: i64,
    /// Qualifying spend in minor units over the last 30 days.
    pub spend_30d: Money,
    /// Qualifying spend over the last 90 days.
    pub spend_90d: Money,
    /// Qualifying spend over the last 365 days.
    pub spend_365d: Money,
    /// Qualifying spend ever.
    pub spend_total: Money,
    /// Average qualifying order value over 365 days, floored; 0 without orders.
    pub aov_365d: Money,
    /// Orders refunded in full or cancelled in the last 365 days.
    pub refunded_orders_365d: i64,
    /// Consecutive calendar months with a qualifying order, up to this month (or last
    /// month while this month has none yet).
    pub order_month_streak: i64,
    /// Qualifying orders in each of the 12 complete calendar months before this one,
    /// newest first: `orders_by_month.0` is last month, `orders_by_month.11` the month a
    /// year before it.
    pub orders_by_month: Vec<i64>,
    /// Consecutive complete calendar months, ending with last month, each with fewer
    /// qualifying orders than the month before it (0 when last month had no fewer).
    pub declining_months: i64,
    /// Qualifying spend per category over 365 days.
    pub category_spend_365d: VecMap<String, Money>,
    /// Qualifying orders containing each category over 365 days.
    pub category_orders_365d: VecMap<String, i64>,
    /// Category with the highest 365-day spend (ties: alphabetical); `null` without any.
    pub top_category_365d: Option<String>,
    /// Birth month, 1–12.
    pub birthday_month: Option<u32>,
    /// Days until the next birthday (0 today).
    pub birthday_in_days: Option<i64>,
    /// True during the birth month.
    pub is_birthday_month: bool,
    /// Age in whole years when the birth year is known.
    pub age: Option<i64>,
    /// Tier in effect on the page: the tier progress's current tier when the program has
    /// tiers (an upgrade earned by `now` counts at once, a due re-evaluation may drop it),
    /// otherwise the tier the snapshot says the member holds.
    pub tier: Option<String>,
    /// Tier the snapshot says the member holds, as given.
    pub tier_held: Option<String>,
    /// True when `tier` is above `tier_held`: thresholds met by `now` that the storefront
    /// has not applied yet.
    pub tier_upgraded: bool,
    /// Last day of the validity of the tier in effect.
    pub tier_valid_until: Option<Date>,
    /// Days from today until `tier_valid_until` (0 on the last day).
    pub tier_days_left: Option<i64>,
    /// Usable points: remaining in lots that are available and not expired.
    pub points_balance: Points,
    /// Points earned but not yet available.
    pub points_pending: Points,
    /// Usable points expiring within the warning horizon.
    pub points_expiring: Points,
    /// Usable points expiring within 30 days.
    pub points_expiring_30d: Points,
    /// The warning horizon in days.
    pub expiry_warning_days: i64,
    /// Next date on which usable points expire.
    pub next_expiry_date: Option<Date>,
    /// Complaints in the last 30 days.
    pub complaints_30d: i64,
    /// Complaints in the last 90 days.
    pub complaints_90d: i64,
    /// Consecutive days with a check-in ending today (or yesterday if none today yet).
    pub check_in_streak: i64,
    /// True when the member has checked in today.
    pub checked_in_today: bool,
    /// Sum of event values by kind over the last 30 days.
    pub events_30d: VecMap<String, i64>,
    /// Sum of event values by kind over the last 90 days.
    pub events_90d: VecMap<String, i64>,
    /// Sum of event values by kind over the last 365 days.
    pub events_365d: VecMap<String, i64>,
    /// Consent flags as given.
    pub consent: VecMap<String, bool>,
    /// The channel the member prefers, as the snapshot gives it.
    pub preferred_channel: Option<String>,
    /// Marketing contacts in the last 30 calendar days (today included), every channel.
    pub marketing_contacts_30d: i64,
    /// Marketing contacts in the last 30 calendar days per channel.
    pub channel_marketing_contacts_30d: VecMap<String, i64>,
    /// The newest marketing contacts in a row with no response recorded.
    pub ignored_marketing_contacts: i64,
    /// True when `ignored_marketing_contacts` reaches the program's `fatigue_after`.
    pub fatigued: bool,
    /// Attributes as the snapshot gives them; a program's conditions may read those it
    /// declares (`attributes` in the program), which have their declared type.
    pub attributes: Map<String, Value>,
    /// Date of the first qualifying order whose qualifying spend is over the program's
    /// `facts.large_order_over` (¥100 by default); `null` without one.
    pub first_large_order_date: Option<Date>,
    /// Calendar days since `first_large_order_date` (0 on the day).
    pub days_since_first_large_order: Option<i64>,
    /// For each attribute the program declares as a date and the snapshot gives: days
    /// from today to it (0 on the day, negative once past): a warranty end, a renewal due.
    pub attribute_days: VecMap<String, i64>,
    /// Id of the member who referred this one (`referred_by` in the snapshot, once
    /// recorded by `now`).
    pub referred_by: Option<String>,
}

/// True when `date` lies in the `days` calendar days ending with `today`.
fn within(date: Date, today: Date, days: i64) -> bool {
    let age = date.days_until(today);
    (0..days).contains(&age)
}

/// Months between two dates counted as calendar months (`2026-11` − `2026-09` = 2).
fn month_index(date: Date) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month()) - 1
}

/// Days until the next yearly recurrence of (month, day) on or after `today`.
fn days_to_anniversary(origin: Date, today: Date) -> Option<i64> {
    let birthday = crate::snapshot::Birthday { year: None, month: origin.month(), day: origin.day() };
    birthday.next_on_or_after(today).map(|next| today.days_until(next))
}

fn whole_years(from: Date, to: Date) -> i64 {
    let (fy, fm, fd) = from.ymd();
    let (ty, tm, td) = to.ymd();
    let years = i64::from(ty - fy) - i64::from((tm, td) < (fm, fd));
    years.max(0)
}

/// Derives the facts of `snapshot` at `now`. `expires_at` gives the expiry date of a lot
/// (the snapshot's own, or the program's policy).
pub fn derive(config: &FactsConfig, snapshot: &Snapshot, now: Instant, expires_at: impl Fn(&crate::snapshot::Lot) -> Option<Date>) -> Facts {
    let today = now.date_in(config.offset);
    let mut facts = Facts {
        member_id: snapshot.member_id.clone(),
        today,
        day_of_month: today.day(),
        month: today.month(),
        weekday: today.iso_weekday(),
        days_since_join: snapshot.joined_at.days_until(today).max(0),
        membership_years: whole_years(snapshot.joined_at, today),
        membership_anniversary_in_days: days_to_anniversary(snapshot.joined_at, today),
        days_since_last_order: None,
        days_since_first_order: None,
        first_order_date: None,
        last_order_date: None,
        first_order_anniversary_in_days: None,
        orders_30d: 0,
        orders_90d: 0,
        orders_365d: 0,
        orders_total: 0,
        spend_30d: Money::ZERO,
        spend_90d: Money::ZERO,
        spend_365d: Money::ZERO,
        spend_total: Money::ZERO,
        aov_365d: Money::ZERO,
        refunded_orders_365d: 0,
        order_month_streak: 0,
        orders_by_month: Vec::new(),
        declining_months: 0,
        category_spend_365d: VecMap::new(),
        category_orders_365d: VecMap::new(),
        top_category_365d: None,
        birthday_month: snapshot.birthday.map(|b| b.month),
        birthday_in_days: snapshot.birthday.and_then(|b| b.next_on_or_after(today)).map(|next| today.days_until(next)),
        is_birthday_month: snapshot.birthday.is_some_and(|b| b.month == today.month()),
        age: snapshot.birthday.and_then(|b| {
            let born = Date::from_ymd(b.year?, b.month, b.day.min(crate::time::days_in_month(b.year?, b.month)))?;
            Some(whole_years(born, today))
        }),
        tier: snapshot.tier.as_ref().map(|t| t.id.clone()),
        tier_held: snapshot.tier.as_ref().map(|t| t.id.clone()),
        tier_upgraded: false,
        tier_valid_until: snapshot.tier.as_ref().and_then(|t| t.valid_until),
        tier_days_left: snapshot.tier.as_ref().and_then(|t| t.valid_until).map(|end| today.days_until(end)),
        points_balance: Points::ZERO,
        points_pending: Points::ZERO,
        points_expiring: Points::ZERO,
        points_expiring_30d: Points::ZERO,
        expiry_warning_days: config.expiry_warning_days,
        next_expiry_date: None,
        complaints_30d: 0,
        complaints_90d: 0,
        check_in_streak: 0,
        checked_in_today: false,
        events_30d: VecMap::new(),
        events_90d: VecMap::new(),
        events_365d: VecMap::new(),
        consent: snapshot.consent.clone(),
        preferred_channel: snapshot.preferred_channel.clone(),
        marketing_contacts_30d: 0,
        channel_marketing_contacts_30d: VecMap::new(),
        ignored_marketing_contacts: 0,
        fatigued: false,
        attributes: snapshot.attributes.clone(),
        first_large_order_date: None,
        days_since_first_large_order: None,
        attribute_days: attribute_days(config, snapshot, today),
        referred_by: snapshot.referred_by.as_ref().filter(|referral| referral.at <= now).map(|referral| referral.member_id.clone()),
    };
    derive_contacts(config, snapshot, now, today, &mut facts);
    derive_orders(config, snapshot, now, today, &mut facts);
    derive_points(snapshot, today, &expires_at, &mut facts);
    derive_events(config, snapshot, now, today, &mut facts);
    facts
}

/// Days from `today` to each declared date attribute the snapshot gives as a date.
fn attribute_days(config: &FactsConfig, snapshot: &Snapshot, today: Date) -> VecMap<String, i64> {
    let mut days = VecMap::new();
    for name in &config.date_attributes {
        if let Some(date) = snapshot.attributes.get(name).and_then(Value::as_str).and_then(|text| Date::parse(text).ok()) {
            days.insert(name.clone(), today.days_until(date));
        }
    }
    days
}

/// The tier in effect on the page when the program's tier rules decide it, which
/// [`Facts::put_tier_in_effect`] writes into the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierInEffect {
    /// Level id of the tier in effect.
    pub id: String,
    /// Last day it is certain to be kept; `None` for the base tier and lifetime validity.
    pub valid_until: Option<Date>,
    /// True when it is above the tier the snapshot carries.
    pub upgraded: bool,
}

impl Facts {
    /// Makes `tier`, `tier_valid_until` and `tier_days_left` describe the tier in effect,
    /// so that every stage reading the facts (points, rewards, offers) sees the tier the
    /// page shows; `tier_held` keeps what the snapshot said.
    pub fn put_tier_in_effect(&mut self, tier: TierInEffect) {
        self.tier_days_left = tier.valid_until.map(|end| self.today.days_until(end));
        self.tier_valid_until = tier.valid_until;
        self.tier_upgraded = tier.upgraded;
        self.tier = Some(tier.id);
    }
}

/// A qualifying order as the facts count it: its calendar date in the program's offset and
/// its qualifying spend (always positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualifyingOrder {
    /// Date the order was placed, in the program's offset.
    pub date: Date,
    /// Qualifying spend in minor units.
    pub spend: Money,
}

/// Net amount of each line of a paid or completed order, excluded categories at zero.
fn line_amounts(config: &FactsConfig, order: &crate::snapshot::Order) -> Vec<Money> {
    let excluded = |line: &crate::snapshot::Line| order::in_categories(line, &config.excluded_categories);
    order::net_amounts(&order.lines, order.discount, excluded)
}

/// The sum of [`line_amounts`].
fn line_total(config: &FactsConfig, order: &crate::snapshot::Order) -> Money {
    order::net_total(&order.lines, order.discount, |line| order::in_categories(line, &config.excluded_categories))
}

/// The qualifying spend of the qualifying orders placed up to `now` (excluded categories
/// left out), and the same spend with each line weighed by `weight` of its category
/// (`None`: a line without one): `(Σ amount, Σ amount × weight)`.
pub fn weighted_spend(config: &FactsConfig, snapshot: &Snapshot, now: Instant, weight: impl Fn(Option<&str>) -> i64) -> (i128, i128) {
    let mut total = 0i128;
    let mut weighted = 0i128;
    for order in snapshot.orders.iter().filter(|o| o.placed_at <= now && o.status.qualifies()) {
        for (line, amount) in order.lines.iter().zip(line_amounts(config, order)) {
            if amount > Money::ZERO {
                total += i128::from(amount.0);
                weighted += i128::from(amount.0) * i128::from(weight(line.category.as_deref()));
            }
        }
    }
    (total, weighted)
}

/// The qualifying orders placed up to `now`, oldest first: the orders every order fact
/// counts (see `docs/facts.md`). Later stages (scores) derive their own windows from these.
pub fn qualifying_orders(config: &FactsConfig, snapshot: &Snapshot, now: Instant) -> Vec<QualifyingOrder> {
    let mut orders: Vec<QualifyingOrder> = snapshot
        .orders
        .iter()
        .filter(|o| o.placed_at <= now && o.status.qualifies())
        .map(|o| QualifyingOrder { date: o.placed_at.date_in(config.offset), spend: line_total(config, o) })
        .filter(|o| o.spend > Money::ZERO)
        .collect();
    crate::sort::sort_by_key(&mut orders, |o| o.date);
    orders
}

fn derive_orders(config: &FactsConfig, snapshot: &Snapshot, now: Instant, today: Date, facts: &mut Facts) {
    let mut months = Vec::new();
    let mut order_months: Vec<i64> = Vec::new();
    // Records of the input, however many: collected, then sorted once into maps.
    let mut category_spend = Vec::new();
    let mut category_orders = Vec::new();
    for order in snapshot.orders.iter().filter(|o| o.placed_at <= now) {
        let date = order.placed_at.date_in(config.offset);
        if !order.status.qualifies() {
            if within(date, today, 365) {
                facts.refunded_orders_365d += 1;
            }
            continue;
        }
        let spend = line_total(config, order);
        if spend == Money::ZERO {
            continue;
        }
        months.push(month_index(date));
        if spend > config.large_order_over && facts.first_large_order_date.is_none_or(|first| date < first) {
            facts.first_large_order_date = Some(date);
        }
        order_months.push(month_index(date));
        facts.first_order_date = Some(facts.first_order_date.map_or(date, |d| d.min(date)));
        facts.last_order_date = Some(facts.last_order_date.map_or(date, |d| d.max(date)));
        facts.orders_total += 1;
        facts.spend_total = Money(facts.spend_total.0.saturating_add(spend.0));
        for (days, orders, total) in [
            (30, &mut facts.orders_30d, &mut facts.spend_30d),
            (90, &mut facts.orders_90d, &mut facts.spend_90d),
            (365, &mut facts.orders_365d, &mut facts.spend_365d),
        ] {
            if within(date, today, days) {
                *orders += 1;
                *total = Money(total.0.saturating_add(spend.0));
            }
        }
        if within(date, today, 365) {
            let amounts = line_amounts(config, order);
            let mut categories = Vec::new();
            for (line, amount) in order.lines.iter().zip(&amounts) {
                let Some(category) = &line.category else { continue };
                if *amount == Money::ZERO {
                    continue;
                }
                category_spend.push((category.clone(), *amount));
                categories.push(category);
            }
            category_orders.extend(VecSet::from_unsorted(categories).into_iter().map(|category| (category.clone(), 1_i64)));
        }
    }
    let months_with_orders = VecSet::from_unsorted(months);
    facts.category_spend_365d = VecMap::from_unsorted(category_spend, |total, amount| *total = Money(total.0.saturating_add(amount.0)));
    facts.category_orders_365d = VecMap::from_unsorted(category_orders, |count, one| *count = count.saturating_add(one));
    facts.days_since_last_order = facts.last_order_date.map(|d| d.days_until(today));
    facts.days_since_first_order = facts.first_order_date.map(|d| d.days_until(today));
    facts.days_since_first_large_order = facts.first_large_order_date.map(|d| d.days_until(today));
    facts.first_order_anniversary_in_days = facts.first_order_date.and_then(|d| days_to_anniversary(d, today));
    facts.aov_365d = if facts.orders_365d > 0 { Money(facts.spend_365d.0 / facts.orders_365d) } else { Money::ZERO };
    facts.top_category_365d = facts
        .category_spend_365d
        .iter()
        .fold(None::<(&String, Money)>, |best, (name, spend)| match best {
            Some((_, best_spend)) if best_spend >= *spend => best,
            _ => Some((name, *spend)),
        })
        .map(|(name, _)| name.clone());
    let this_month = month_index(today);
    let mut month = if months_with_orders.contains(&this_month) { this_month } else { this_month - 1 };
    while months_with_orders.contains(&month) {
        facts.order_month_streak += 1;
        month -= 1;
    }
    // A count scans the orders' months: 13 months and a decline of k months cost
    // (13 + k) passes, and k months of decline need k(k+1)/2 orders, so k stays small.
    let orders_in = |month: i64| order_months.iter().filter(|m| **m == month).count() as i64;
    facts.orders_by_month = (1..=MONTHS_COUNTED).map(|back| orders_in(this_month - back)).collect();
    // Counts only fall going forward, so going back they rise: the loop ends within as
    // many months as there are orders.
    let mut month = this_month - 1;
    while orders_in(month) < orders_in(month - 1) {
        facts.declining_months += 1;
        month -= 1;
    }
}

/// Complete calendar months `orders_by_month` counts.
pub const MONTHS_COUNTED: i64 = 12;

fn derive_points(snapshot: &Snapshot, today: Date, expires_at: &impl Fn(&crate::snapshot::Lot) -> Option<Date>, facts: &mut Facts) {
    let mut balance = 0i64;
    let mut pending = 0i64;
    let mut expiring = 0i64;
    let mut expiring_30d = 0i64;
    for lot in &snapshot.points.lots {
        if lot.remaining == Points::ZERO || lot.earned_at > today {
            continue;
        }
        let expiry = lot.expires_at.or_else(|| expires_at(lot));
        if expiry.is_some_and(|end| end < today) {
            continue;
        }
        if lot.available_at.is_some_and(|from| from > today) {
            pending = pending.saturating_add(lot.remaining.0);
            continue;
        }
        balance = balance.saturating_add(lot.remaining.0);
        if let Some(end) = expiry {
            let days = today.days_until(end);
            if days < facts.expiry_warning_days {
                expiring = expiring.saturating_add(lot.remaining.0);
            }
            if days < 30 {
                expiring_30d = expiring_30d.saturating_add(lot.remaining.0);
            }
            facts.next_expiry_date = Some(facts.next_expiry_date.map_or(end, |d| d.min(end)));
        }
    }
    facts.points_balance = Points(balance);
    facts.points_pending = Points(pending);
    facts.points_expiring = Points(expiring);
    facts.points_expiring_30d = Points(expiring_30d);
}

fn derive_events(config: &FactsConfig, snapshot: &Snapshot, now: Instant, today: Date, facts: &mut Facts) {
    // Records of the input, however many: collected, then sorted once into maps.
    let mut check_ins = Vec::new();
    let mut by_window: [Vec<(String, i64)>; 3] = Default::default();
    for event in snapshot.events.iter().filter(|e| e.at <= now) {
        let date = event.at.date_in(config.offset);
        for (days, entries) in [30, 90, 365].into_iter().zip(by_window.iter_mut()) {
            if within(date, today, days) {
                entries.push((event.kind.clone(), event.value));
            }
        }
        if event.kind == "check_in" {
            check_ins.push(date);
        }
    }
    let [events_30d, events_90d, events_365d] = by_window.map(|entries| VecMap::from_unsorted(entries, |total, value| *total = total.saturating_add(value)));
    facts.events_30d = events_30d;
    facts.events_90d = events_90d;
    facts.events_365d = events_365d;
    let check_in_days = VecSet::from_unsorted(check_ins);
    facts.complaints_30d = facts.events_30d.get("complaint").copied().unwrap_or(0);
    facts.complaints_90d = facts.events_90d.get("complaint").copied().unwrap_or(0);
    facts.checked_in_today = check_in_days.contains(&today);
    let mut day = if facts.checked_in_today { Some(today) } else { today.add_days(-1) };
    while let Some(d) = day.filter(|d| check_in_days.contains(d)) {
        facts.check_in_streak += 1;
        day = d.add_days(-1);
    }
}

fn derive_contacts(config: &FactsConfig, snapshot: &Snapshot, now: Instant, today: Date, facts: &mut Facts) {
    let marketing = || snapshot.contact_history.iter().filter(|contact| contact.purpose == crate::offers::spec::Purpose::Marketing && contact.at <= now);
    for contact in marketing().filter(|contact| within(contact.at.date_in(config.offset), today, 30)) {
        facts.marketing_contacts_30d += 1;
        *facts.channel_marketing_contacts_30d.entry(contact.channel.clone()).or_insert(0) += 1;
    }
    // The newest contact decides first; contacts at the same instant in history order.
    let mut newest_first: Vec<&crate::snapshot::ContactEvent> = marketing().collect();
    crate::sort::sort_by(&mut newest_first, |a, b| b.at.cmp(&a.at));
    let ignored = newest_first.iter().take_while(|contact| contact.response.is_none()).count();
    facts.ignored_marketing_contacts = i64::try_from(ignored).unwrap_or(i64::MAX);
    facts.fatigued = ignored >= usize::try_from(config.fatigue_after).unwrap_or(usize::MAX);
}

/// The facts as a JSON value, which conditions read.
pub fn to_value(facts: &Facts) -> Value {
    facts.to_json_value()
}
