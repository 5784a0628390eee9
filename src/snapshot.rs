//! What the storefront knows about one member, and the cart it asks about.
//!
//! A snapshot is plain data; nothing here is derived. [`crate::facts`] turns a snapshot
//! and `now` into the one view that every decision reads.

use crate::error::Code;
use crate::error::{pointer, Error, Issue};
use crate::json::write::ToJson;
use crate::limits;
use crate::money::{Money, Points};
use crate::time::{Date, Instant};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use crate::vec_map::VecMap;

/// One member's data as the storefront holds it.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Stable member identifier; experiments hash it.
    pub member_id: String,
    /// Date the member joined the program.
    pub joined_at: Date,
    /// Birthday as `YYYY-MM-DD` or, without a year, `--MM-DD`.
    #[serde(default)]
    pub birthday: Option<Birthday>,
    /// The tier the member holds according to the storefront.
    #[serde(default)]
    pub tier: Option<TierState>,
    /// Orders, any order; refunded and cancelled ones included with their status.
    #[serde(default)]
    pub orders: Vec<Order>,
    /// Points lots and the ledger of points earned per rule.
    #[serde(default)]
    pub points: PointsAccount,
    /// Activities, complaints and named counters, one entry per occurrence.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Consent flags by channel or purpose: `marketing`, `sms`, `email`, `push`, …
    #[serde(default)]
    pub consent: VecMap<String, bool>,
    /// Impressions, clicks, redemptions and dismissals of offers.
    #[serde(default)]
    pub offer_history: Vec<OfferEvent>,
    /// Contacts sent to the member (SMS, push, staff calls, …), service and marketing, with
    /// the member's response: what the contact policy's caps and the fatigue facts count.
    #[serde(default)]
    pub contact_history: Vec<ContactEvent>,
    /// The channel the member prefers to be contacted on; the contact plan tries it first.
    #[serde(default)]
    pub preferred_channel: Option<String>,
    /// Attributes of the member, visible to a program's conditions as `attributes.<name>`
    /// when the program declares them (with a type this value must have); others are
    /// accepted and shown in the facts as given.
    #[serde(default)]
    pub attributes: Map<String, Value>,
    /// The referral that brought this member in, when one did: who referred them and
    /// when it was recorded. A `referral_welcome` bonus reads it.
    #[serde(default)]
    pub referred_by: Option<ReferredBy>,
}

/// A recorded referral, on the referred member's side.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ReferredBy {
    /// The referring member's id.
    pub member_id: String,
    /// When the referral was recorded; it counts from then on.
    pub at: Instant,
}

/// A birthday, with or without the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    /// Year of birth when known.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31 (29 February allowed).
    pub day: u32,
}

impl Birthday {
    /// Parses `YYYY-MM-DD` or `--MM-DD`.
    pub fn parse(text: &str) -> Result<Birthday, String> {
        if let Some(rest) = text.strip_prefix("--") {
            // 2000 is a leap year, so 29 February is accepted without a year.
            let date = Date::parse(&format!("2000-{rest}")).map_err(|_| format!("expected a birthday as YYYY-MM-DD or --MM-DD, got {text:?}"))?;
            return Ok(Birthday { year: None, month: date.month(), day: date.day() });
        }
        let date = Date::parse(text)?;
        Ok(Birthday { year: Some(date.year()), month: date.month(), day: date.day() })
    }

    /// The next occurrence on or after `today`; 29 February falls on 28 February in
    /// common years.
    pub fn next_on_or_after(self, today: Date) -> Option<Date> {
        let this_year = self.in_year(today.year())?;
        if this_year >= today {
            Some(this_year)
        } else {
            self.in_year(today.year() + 1)
        }
    }

    /// This birthday in `year`.
    pub fn in_year(self, year: i32) -> Option<Date> {
        let day = self.day.min(crate::time::days_in_month(year, self.month));
        Date::from_ymd(year, self.month, day)
    }
}

impl Serialize for Birthday {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.year {
            Some(year) => serializer.collect_str(&format_args!("{year:04}-{:02}-{:02}", self.month, self.day)),
            None => serializer.collect_str(&format_args!("--{:02}-{:02}", self.month, self.day)),
        }
    }
}

impl crate::json::FromJson for Birthday {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<Birthday, crate::json::ReadError> {
        let text = reader.string("a birthday YYYY-MM-DD or --MM-DD")?;
        Birthday::parse(&text).map_err(crate::json::ReadError::invalid_value)
    }
}

impl<'de> Deserialize<'de> for Birthday {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Birthday, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Birthday::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Birthday {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Birthday".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}|-)-[0-9]{2}-[0-9]{2}$",
            "description": "A birthday as YYYY-MM-DD, or --MM-DD when the year is unknown."
        })
    }
}

/// The tier the storefront says the member holds.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct TierState {
    /// Tier id as the program names it.
    pub id: String,
    /// Date the tier was reached.
    #[serde(default)]
    pub since: Option<Date>,
    /// Last day the tier is valid; re-evaluated after it.
    #[serde(default)]
    pub valid_until: Option<Date>,
}

/// Status of an order. Only `paid` and `completed` orders qualify for anything.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Paid, not yet delivered.
    Paid,
    /// Delivered and kept (the default).
    #[default]
    Completed,
    /// Cancelled before fulfilment.
    Cancelled,
    /// Refunded in full.
    Refunded,
}

impl OrderStatus {
    /// True when the order counts for spend, orders and points.
    pub fn qualifies(self) -> bool {
        matches!(self, OrderStatus::Paid | OrderStatus::Completed)
    }
}

/// One order.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Order id, unique among the snapshot's orders: the same id twice is rejected as
    /// `duplicate_id` rather than counted twice.
    pub id: String,
    /// When the order was placed.
    pub placed_at: Instant,
    /// Status; `completed` when absent.
    #[serde(default)]
    pub status: OrderStatus,
    /// Lines of the order.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// Order-level discount (coupon), spread over eligible lines pro rata.
    #[serde(default)]
    pub discount: Money,
    /// Shipping charged; never qualifies nor earns.
    #[serde(default)]
    pub shipping: Money,
}

fn one() -> i64 {
    1
}

/// One line of an order or cart.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Line id, unique within its order (or cart) when given; a repeated id is rejected
    /// as `duplicate_id`.
    #[serde(default)]
    pub id: Option<String>,
    /// Product identifier.
    #[serde(default)]
    pub sku: Option<String>,
    /// Product category, matched against excluded and bonus categories.
    #[serde(default)]
    pub category: Option<String>,
    /// Price of one unit in minor units.
    pub unit_price: Money,
    /// Units; 1 when absent.
    #[serde(default = "one")]
    pub quantity: i64,
    /// Line-level discount in minor units.
    #[serde(default)]
    pub discount: Money,
    /// Amount refunded on this line in minor units (partial returns).
    #[serde(default)]
    pub refunded: Money,
}

impl Line {
    /// `unit_price × quantity − discount`, never below zero; `None` on overflow.
    pub fn amount_after_line_discount(&self) -> Option<Money> {
        Some(self.unit_price.checked_mul(self.quantity)?.saturating_sub(self.discount))
    }
}

/// The cart a points preview is asked about.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Cart {
    /// Lines in the cart.
    #[serde(default)]
    pub lines: Vec<Line>,
    /// Order-level discount (coupon).
    #[serde(default)]
    pub discount: Money,
    /// Shipping.
    #[serde(default)]
    pub shipping: Money,
}

/// Points lots and the earning ledger.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct PointsAccount {
    /// Lots of points, each earned at one time; redemptions have already been taken
    /// from `remaining`, oldest lots first.
    #[serde(default)]
    pub lots: Vec<Lot>,
    /// Points earned per earning rule, for per-period caps.
    #[serde(default)]
    pub ledger: Vec<LedgerEntry>,
}

/// A lot of points earned at one time.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    /// Lot id, unique among the lots when given; a repeated id is rejected as
    /// `duplicate_id`.
    #[serde(default)]
    pub id: Option<String>,
    /// Date the points were earned.
    pub earned_at: Date,
    /// Points originally earned in this lot.
    pub points: Points,
    /// Points still unused.
    pub remaining: Points,
    /// Date the points become usable; available immediately when absent.
    #[serde(default)]
    pub available_at: Option<Date>,
    /// Last day the points are usable; derived from the program's expiry policy when absent.
    #[serde(default)]
    pub expires_at: Option<Date>,
    /// What earned them (`order`, `check_in`, …).
    #[serde(default)]
    pub source: Option<String>,
}

/// Points earned by one rule at one time.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    /// When the points were earned.
    pub at: Instant,
    /// Earning rule or activity id.
    pub rule: String,
    /// Points earned.
    pub points: Points,
}

fn one_count() -> i64 {
    1
}

/// An occurrence of an activity, complaint or named counter.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Event id, unique among the events when given; a repeated id is rejected as
    /// `duplicate_id`.
    #[serde(default)]
    pub id: Option<String>,
    /// What happened: `check_in`, `review`, `referral`, `survey`, `profile_completed`,
    /// `complaint`, or a counter named by the program.
    pub kind: String,
    /// When it happened.
    pub at: Instant,
    /// How much it counts for (1 when absent), e.g. nights for a `nights` counter.
    #[serde(default = "one_count")]
    pub value: i64,
}

/// What happened between the member and an offer.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum OfferEventKind {
    /// The offer was shown.
    Impression,
    /// The member clicked it.
    Click,
    /// The member redeemed it.
    Redemption,
    /// The member dismissed it.
    Dismissal,
}

/// One entry of the offer history.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct OfferEvent {
    /// Id of this history entry, unique in the offer history when given; a repeated id is
    /// rejected as `duplicate_id`.
    #[serde(default)]
    pub id: Option<String>,
    /// Offer id.
    pub offer_id: String,
    /// What happened.
    pub kind: OfferEventKind,
    /// When.
    pub at: Instant,
}

/// How the member responded to a contact.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ContactResponse {
    /// Opened (read) it.
    Opened,
    /// Clicked through.
    Clicked,
    /// Redeemed what it offered.
    Redeemed,
}

/// One contact sent to the member.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ContactEvent {
    /// Id of this contact, unique in the contact history when given; a repeated id is
    /// rejected as `duplicate_id`.
    #[serde(default)]
    pub id: Option<String>,
    /// The channel it went out on (`sms`, `push`, `phone`, …).
    pub channel: String,
    /// `service` or `marketing`; only marketing counts against caps and fatigue.
    pub purpose: crate::offers::spec::Purpose,
    /// When it was sent.
    pub at: Instant,
    /// The offer it carried, when any.
    #[serde(default)]
    pub offer_id: Option<String>,
    /// The member's response; absent when none was recorded (ignored).
    #[serde(default)]
    pub response: Option<ContactResponse>,
}

// The checks below run on every snapshot, almost always finding nothing: they build the
// JSON pointer of a value only when it has a problem.

/// Whether an identifier is longer than the limit; counting characters only when the byte
/// length says it might be.
fn id_too_long(text: &str) -> bool {
    text.len() > limits::MAX_ID_CHARS && text.chars().count() > limits::MAX_ID_CHARS
}

fn check_id(issues: &mut Vec<Issue>, path: impl FnOnce() -> String, text: &str) {
    if id_too_long(text) {
        issues.push(Issue::new(Code::StringTooLong, path(), format!("must be at most {} characters", limits::MAX_ID_CHARS)));
    }
}

/// Reports every repeated id of one list as `duplicate_id` at the repeat's own path, in
/// list order (the first occurrence stays valid): a record sent twice would otherwise be
/// counted twice (spend, orders, points, frequency caps). `id_at(i)` is the id of the
/// list's record `i` of `len`, `None` for a record without one. Ids in strictly increasing
/// order, as storefront ids usually are, are unique: one pass without allocating.
/// Otherwise they are sorted (stably, so equal ids keep list order) and repeats found next
/// to each other. Not generic, so the five lists share one copy in the wasm.
fn check_unique_ids<'a>(issues: &mut Vec<Issue>, what: &str, list: &str, len: usize, id_at: &dyn Fn(usize) -> Option<&'a str>) {
    let mut previous: Option<&str> = None;
    let mut increasing = true;
    for id in (0..len).filter_map(id_at) {
        if previous.is_some_and(|before| before >= id) {
            increasing = false;
            break;
        }
        previous = Some(id);
    }
    if increasing {
        return;
    }
    let mut entries: Vec<(&str, usize)> = (0..len).filter_map(|index| id_at(index).map(|id| (id, index))).collect();
    crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
    // For each record that repeats an earlier id, the index of the first record with it.
    let mut first_of: Vec<Option<usize>> = vec![None; len];
    let mut run: Option<(&str, usize)> = None;
    for (id, index) in entries {
        match run {
            Some((first_id, first)) if first_id == id => {
                if let Some(slot) = first_of.get_mut(index) {
                    *slot = Some(first);
                }
            }
            _ => run = Some((id, index)),
        }
    }
    for (index, first) in first_of.into_iter().enumerate() {
        let (Some(first), Some(id)) = (first, id_at(index)) else { continue };
        issues.push(Issue::new(
            Code::DuplicateId,
            pointer(&pointer(list, index), "id"),
            format!("{what} id {id:?} already appears at index {first} of this list; each record must appear once"),
        ));
    }
}

/// Checks the lines of an order or a cart and returns what they add up to (unit price ×
/// quantity, before discounts), saturating. Every amount a result can show is a sum of
/// such amounts, so lines whose total passes 2^53-1 are rejected here: a result above it
/// would not survive `JSON.parse` in JavaScript. Paths are built only for lines with a
/// problem.
fn check_lines(issues: &mut Vec<Issue>, path: impl Fn() -> String, lines: &[Line]) -> i64 {
    if lines.len() > limits::MAX_LINES {
        issues.push(Issue::new(Code::TooManyLines, path(), format!("at most {} lines are accepted, got {}", limits::MAX_LINES, lines.len())));
        return 0;
    }
    let mut total: i64 = 0;
    for (index, line) in lines.iter().enumerate() {
        let at = |field: &str| pointer(&pointer(&path(), index), field);
        if let Some(id) = &line.id {
            check_id(issues, || at("id"), id);
        }
        if !(0..=limits::MAX_QUANTITY).contains(&line.quantity) {
            issues.push(Issue::new(Code::QuantityOutOfRange, at("quantity"), format!("must be within 0..={}, got {}", limits::MAX_QUANTITY, line.quantity)));
        } else {
            match line.unit_price.checked_mul(line.quantity) {
                Some(amount) if amount.minor() <= crate::money::MAX_AMOUNT => total = total.saturating_add(amount.minor()),
                _ => {
                    issues.push(Issue::new(Code::AmountOutOfRange, pointer(&path(), index), format!("unit_price × quantity must be at most {} minor units", crate::money::MAX_AMOUNT)));
                    total = i64::MAX;
                }
            }
        }
        if let Some(sku) = &line.sku {
            check_id(issues, || at("sku"), sku);
        }
        if let Some(category) = &line.category {
            check_id(issues, || at("category"), category);
        }
        if let Some(amount) = line.amount_after_line_discount() {
            if line.refunded > amount {
                issues.push(Issue::new(Code::RefundExceedsAmount, at("refunded"), format!("refunded {} exceeds the line amount {}", line.refunded.0, amount.0)));
            }
        }
    }
    if lines.iter().any(|line| line.id.is_some()) {
        check_unique_ids(issues, "line", &path(), lines.len(), &|index| lines.get(index).and_then(|line| line.id.as_deref()));
    }
    if total > crate::money::MAX_AMOUNT && !issues.iter().any(|issue| issue.code == "amount_out_of_range") {
        issues.push(Issue::new(Code::AmountOutOfRange, path(), format!("the lines add up to more than {} minor units", crate::money::MAX_AMOUNT)));
    }
    total
}

impl Snapshot {
    /// Parses and checks a snapshot; every path is rooted at the snapshot.
    pub fn from_json(text: &str) -> Result<Snapshot, Error> {
        let snapshot: Snapshot = crate::read::parse_str(text, "")?;
        snapshot.check()?;
        Ok(snapshot)
    }

    /// Checks what the types alone do not: limits, string lengths, consistent amounts.
    pub fn check(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        check_id(&mut issues, || "/member_id".to_string(), &self.member_id);
        if self.orders.len() > limits::MAX_ORDERS {
            issues.push(Issue::new(Code::TooManyOrders, "/orders", format!("at most {} orders are accepted, got {}", limits::MAX_ORDERS, self.orders.len())));
        } else {
            let mut total: i64 = 0;
            for (index, order) in self.orders.iter().enumerate() {
                let at = |field: &str| pointer(&pointer("/orders", index), field);
                check_id(&mut issues, || at("id"), &order.id);
                total = total.saturating_add(check_lines(&mut issues, || at("lines"), &order.lines));
            }
            check_unique_ids(&mut issues, "order", "/orders", self.orders.len(), &|index| self.orders.get(index).map(|order| order.id.as_str()));
            // Spend over any window is a sum of orders, so all of them together must fit too.
            if total > crate::money::MAX_AMOUNT && !issues.iter().any(|issue| issue.code == "amount_out_of_range") {
                issues.push(Issue::new(Code::AmountOutOfRange, "/orders", format!("the orders add up to more than {} minor units", crate::money::MAX_AMOUNT)));
            }
        }
        for (name, len) in [
            ("/points/lots", self.points.lots.len()),
            ("/points/ledger", self.points.ledger.len()),
            ("/events", self.events.len()),
            ("/offer_history", self.offer_history.len()),
            ("/contact_history", self.contact_history.len()),
        ] {
            if len > limits::MAX_ENTRIES {
                issues.push(Issue::new(Code::TooManyEntries, name, format!("at most {} entries are accepted, got {len}", limits::MAX_ENTRIES)));
            }
        }
        let lots = &self.points.lots;
        check_unique_ids(&mut issues, "lot", "/points/lots", lots.len(), &|index| lots.get(index).and_then(|lot| lot.id.as_deref()));
        for (index, lot) in self.points.lots.iter().enumerate() {
            if let Some(id) = &lot.id {
                check_id(&mut issues, || pointer(&pointer("/points/lots", index), "id"), id);
            }
            if lot.remaining > lot.points {
                issues.push(Issue::new(Code::RemainingExceedsPoints, pointer(&pointer("/points/lots", index), "remaining"), "a lot cannot have more points remaining than it earned"));
            }
        }
        check_unique_ids(&mut issues, "event", "/events", self.events.len(), &|index| self.events.get(index).and_then(|event| event.id.as_deref()));
        for (index, event) in self.events.iter().enumerate() {
            let at = |field: &str| pointer(&pointer("/events", index), field);
            if let Some(id) = &event.id {
                check_id(&mut issues, || at("id"), id);
            }
            check_id(&mut issues, || at("kind"), &event.kind);
            if !(0..=crate::money::MAX_AMOUNT).contains(&event.value) {
                issues.push(Issue::new(Code::InvalidValue, at("value"), "must be a non-negative safe integer"));
            }
        }
        let history = &self.offer_history;
        check_unique_ids(&mut issues, "offer history entry", "/offer_history", history.len(), &|index| history.get(index).and_then(|entry| entry.id.as_deref()));
        for (index, entry) in self.offer_history.iter().enumerate() {
            if let Some(id) = &entry.id {
                check_id(&mut issues, || pointer(&pointer("/offer_history", index), "id"), id);
            }
        }
        if let Some(referral) = &self.referred_by {
            check_id(&mut issues, || "/referred_by/member_id".to_string(), &referral.member_id);
        }
        let contacts = &self.contact_history;
        check_unique_ids(&mut issues, "contact", "/contact_history", contacts.len(), &|index| contacts.get(index).and_then(|entry| entry.id.as_deref()));
        for (index, entry) in self.contact_history.iter().enumerate() {
            let at = |field: &str| pointer(&pointer("/contact_history", index), field);
            for (field, text) in [("id", entry.id.as_deref()), ("channel", Some(entry.channel.as_str())), ("offer_id", entry.offer_id.as_deref())] {
                if let Some(text) = text {
                    check_id(&mut issues, || at(field), text);
                }
            }
        }
        if let Some(channel) = &self.preferred_channel {
            check_id(&mut issues, || "/preferred_channel".to_string(), channel);
        }
        for key in self.attributes.keys().chain(self.consent.keys()) {
            if id_too_long(key) {
                issues.push(Issue::new(Code::StringTooLong, "/attributes", format!("attribute and consent keys must be at most {} characters", limits::MAX_ID_CHARS)));
                break;
            }
        }
        match Error::from_issues(issues) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

impl Cart {
    /// Parses and checks a cart; paths are rooted at `prefix` (`/cart` when the cart came
    /// inside the options).
    pub fn from_json(text: &str, prefix: &str) -> Result<Cart, Error> {
        let cart: Cart = crate::read::parse_str(text, prefix)?;
        cart.check().map_err(|e| e.under(prefix))?;
        Ok(cart)
    }

    /// Checks limits and amounts.
    pub fn check(&self) -> Result<(), Error> {
        let mut issues = Vec::new();
        check_lines(&mut issues, || "/lines".to_string(), &self.lines);
        match Error::from_issues(issues) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_with_and_without_year() {
        let b = Birthday::parse("--02-29").unwrap();
        assert_eq!((b.year, b.month, b.day), (None, 2, 29));
        let today = Date::parse("2026-03-01").unwrap();
        assert_eq!(b.next_on_or_after(today).map(|d| d.to_string()), Some("2027-02-28".into()));
        assert_eq!(b.in_year(2028).map(|d| d.to_string()), Some("2028-02-29".into()));
        assert!(Birthday::parse("--13-01").is_err());
        assert_eq!(serde_json::to_string(&Birthday::parse("1990-03-14").unwrap()).unwrap(), "\"1990-03-14\"");
    }

    #[test]
    fn limit_checks_point_at_every_offending_value() {
        let long = "x".repeat(129);
        // 100 three-byte characters: over the limit in bytes, within it in characters.
        let wide = "茶".repeat(100);
        let text = format!(
            r#"{{"member_id":"{wide}","joined_at":"2026-01-01","orders":[{{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","lines":[{{"unit_price":1,"category":"{wide}"}},{{"unit_price":5,"sku":"{long}","refunded":6}}]}}],
                "events":[{{"kind":"{long}","at":"2026-01-02T10:00:00+08:00","value":-1}}]}}"#
        );
        let err = Snapshot::from_json(&text).unwrap_err();
        let found: Vec<(&str, &str)> = err.issues().iter().map(|i| (i.code.as_str(), i.path.as_str())).collect();
        assert_eq!(
            found,
            [
                ("string_too_long", "/orders/0/lines/1/sku"),
                ("refund_exceeds_amount", "/orders/0/lines/1/refunded"),
                ("string_too_long", "/events/0/kind"),
                ("invalid_value", "/events/0/value"),
            ]
        );
        let err = Cart::from_json(&format!(r#"{{"lines":[{{"unit_price":1,"category":"{long}"}}]}}"#), "/cart").unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::StringTooLong, "/cart/lines/0/category"));
    }

    #[test]
    fn snapshot_errors_point_at_the_value() {
        let err = Snapshot::from_json(r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","lines":[{"unit_price":-1}]}]}"#).unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::InvalidValue, "/orders/0/lines/0/unit_price"));
        let err = Snapshot::from_json(r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"o","placed_at":"2026-01-02T10:00:00+08:00","lines":[{"unit_price":1,"quantity":-2}]}]}"#).unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::QuantityOutOfRange, "/orders/0/lines/0/quantity"));
        let err = Snapshot::from_json(r#"{"member_id":"m","joined_at":"2026-02-30"}"#).unwrap_err();
        assert_eq!((err.code(), err.path()), (Code::InvalidValue, "/joined_at"));
    }
}
