//! The facts catalog: every fact a program's conditions may read, with its type, whether it
//! can be `null`, its unit and a one-line definition, in one machine-readable table.
//!
//! `Engine::compile` checks every path of every segment, tag, offer and boost condition
//! against this table (see [`crate::fact_check`]); `docs/facts.md` documents the same
//! names, and a test keeps the two, and the Rust fact types, in step.
//!
//! Names are dot paths. A segment written `<placeholder>` stands for any key of an open map
//! (`category_spend_365d.<category>`, `events_30d.<kind>`, `consent.<flag>`): their keys
//! come from the member's data, so any key is accepted. `attributes.<key>` is the one map
//! whose keys the program declares (`attributes` in the program); only declared keys may
//! be read. The object facts `rfm` and `churn` are closed: only their listed members exist.

use crate::json::write::ToJson;
use crate::error::Code;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use crate::vec_map::VecMap;

/// The JSON type of a fact's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// A whole number.
    Integer,
    /// A number that may have decimals (model outputs).
    Number,
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// A calendar date as a `YYYY-MM-DD` string.
    Date,
    /// An array of strings.
    StringList,
    /// An array of whole numbers.
    IntegerList,
}

impl FactType {
    /// The name used in `docs/facts.md` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            FactType::Integer => "integer",
            FactType::Number => "number",
            FactType::String => "string",
            FactType::Boolean => "boolean",
            FactType::Date => "date",
            FactType::StringList => "array of strings",
            FactType::IntegerList => "array of integers",
        }
    }
}

/// When a fact is known in the one-way pipeline: segments cannot read `segment` or `tags`
/// (they do not exist yet), tags cannot read `tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Derived from the snapshot alone.
    Base,
    /// Derived by the scores (RFM, models, churn).
    Score,
    /// Derived by the program's lifecycle stages and value score, over the base and
    /// score facts.
    Mechanics,
    /// The `segment` fact, known once segments are evaluated.
    Segment,
    /// The `tags` fact, known once tags are evaluated.
    Tags,
}

/// One fact of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactEntry {
    /// Dot path; `<…>` marks any key of an open map.
    pub name: &'static str,
    /// Type of the value.
    pub kind: FactType,
    /// Whether the value can be `null` (or, for a map's key, be absent) while the others
    /// are not: a condition that a `null` passes is then worth a warning.
    pub nullable: bool,
    /// Unit of the value (`days`, `minor units`…), empty when none.
    pub unit: &'static str,
    /// When the fact is known.
    pub stage: Stage,
    /// One line for humans.
    pub description: &'static str,
}

const fn fact(name: &'static str, kind: FactType, nullable: bool, unit: &'static str, description: &'static str) -> FactEntry {
    FactEntry { name, kind, nullable, unit, stage: Stage::Base, description }
}

const fn mechanic(name: &'static str, kind: FactType, nullable: bool, unit: &'static str, description: &'static str) -> FactEntry {
    FactEntry { name, kind, nullable, unit, stage: Stage::Mechanics, description }
}

const fn score(name: &'static str, kind: FactType, nullable: bool, unit: &'static str, description: &'static str) -> FactEntry {
    FactEntry { name, kind, nullable, unit, stage: Stage::Score, description }
}

use FactType::{Boolean, Date, Integer, IntegerList, Number, String as Text, StringList};

/// Every fact, in the order of `docs/facts.md`.
pub const CATALOG: &[FactEntry] = &[
    fact("member_id", Text, false, "", "the snapshot's member id"),
    fact("today", Date, false, "", "date of `now` in the program offset"),
    fact("day_of_month", Integer, false, "1–31", "day of `today`"),
    fact("month", Integer, false, "1–12", "month of `today`"),
    fact("weekday", Integer, false, "1–7", "ISO weekday of `today`, Monday = 1"),
    fact("days_since_join", Integer, false, "days", "today − `joined_at`"),
    fact("membership_years", Integer, false, "years", "whole years since `joined_at`"),
    fact("membership_anniversary_in_days", Integer, false, "days", "days until the next anniversary of joining"),
    fact("days_since_last_order", Integer, true, "days", "today − date of the last qualifying order"),
    fact("days_since_first_order", Integer, true, "days", "today − date of the first qualifying order"),
    fact("first_order_date", Date, true, "", "date of the first qualifying order"),
    fact("last_order_date", Date, true, "", "date of the last qualifying order"),
    fact("first_order_anniversary_in_days", Integer, true, "days", "days until the next anniversary of the first qualifying order"),
    fact("orders_30d", Integer, false, "orders", "qualifying orders in the last 30 days"),
    fact("orders_90d", Integer, false, "orders", "qualifying orders in the last 90 days"),
    fact("orders_365d", Integer, false, "orders", "qualifying orders in the last 365 days"),
    fact("orders_total", Integer, false, "orders", "qualifying orders ever"),
    fact("spend_30d", Integer, false, "minor units", "qualifying spend in the last 30 days"),
    fact("spend_90d", Integer, false, "minor units", "qualifying spend in the last 90 days"),
    fact("spend_365d", Integer, false, "minor units", "qualifying spend in the last 365 days"),
    fact("spend_total", Integer, false, "minor units", "qualifying spend ever"),
    fact("aov_365d", Integer, false, "minor units", "average qualifying order value over 365 days"),
    fact("refunded_orders_365d", Integer, false, "orders", "cancelled or fully refunded orders in the last 365 days"),
    fact("order_month_streak", Integer, false, "months", "consecutive calendar months with a qualifying order"),
    fact("orders_by_month", IntegerList, false, "orders", "qualifying orders in each of the 12 complete calendar months before this one, newest first"),
    fact("declining_months", Integer, false, "months", "consecutive complete months, ending with last month, each with fewer qualifying orders than the month before"),
    fact("category_spend_365d.<category>", Integer, false, "minor units", "qualifying spend per line category, last 365 days (absent: none)"),
    fact("category_orders_365d.<category>", Integer, false, "orders", "qualifying orders containing the category, last 365 days (absent: none)"),
    fact("top_category_365d", Text, true, "", "category with the highest 365-day spend"),
    fact("birthday_month", Integer, true, "1–12", "birth month"),
    fact("birthday_in_days", Integer, true, "days", "days until the next birthday"),
    fact("is_birthday_month", Boolean, false, "", "today is in the birth month"),
    fact("age", Integer, true, "years", "whole years since birth"),
    fact("tier", Text, true, "", "the tier in effect on the page (an upgrade earned by now counts at once)"),
    fact("tier_held", Text, true, "", "tier id the snapshot says the member holds, as given"),
    fact("tier_upgraded", Boolean, false, "", "`tier` is above `tier_held`: thresholds met by now that the storefront has not applied yet"),
    fact("tier_valid_until", Date, true, "", "last day of the validity of the tier in effect"),
    fact("tier_days_left", Integer, true, "days", "`tier_valid_until` − today"),
    fact("points_balance", Integer, false, "points", "usable points"),
    fact("points_pending", Integer, false, "points", "points not yet available"),
    fact("points_expiring", Integer, false, "points", "usable points expiring within `expiry_warning_days`"),
    fact("points_expiring_30d", Integer, false, "points", "usable points expiring within 30 days"),
    fact("expiry_warning_days", Integer, false, "days", "the program's warning horizon"),
    fact("next_expiry_date", Date, true, "", "the earliest expiry date among usable lots"),
    fact("complaints_30d", Integer, false, "events", "complaints in the last 30 days"),
    fact("complaints_90d", Integer, false, "events", "complaints in the last 90 days"),
    fact("check_in_streak", Integer, false, "days", "consecutive days with a check-in"),
    fact("checked_in_today", Boolean, false, "", "a check-in today"),
    fact("events_30d.<kind>", Integer, false, "event values", "sum of event values by kind, last 30 days (absent: none)"),
    fact("events_90d.<kind>", Integer, false, "event values", "sum of event values by kind, last 90 days (absent: none)"),
    fact("events_365d.<kind>", Integer, false, "event values", "sum of event values by kind, last 365 days (absent: none)"),
    fact("consent.<flag>", Boolean, false, "", "consent flags as given (absent: not consenting)"),
    fact("preferred_channel", Text, true, "", "the channel the member prefers, as the snapshot gives it"),
    fact("marketing_contacts_30d", Integer, false, "contacts", "marketing contacts in the last 30 days, every channel"),
    fact("channel_marketing_contacts_30d.<channel>", Integer, false, "contacts", "marketing contacts per channel, last 30 days (absent: none)"),
    fact("ignored_marketing_contacts", Integer, false, "contacts", "the newest marketing contacts in a row with no response recorded"),
    fact("fatigued", Boolean, false, "", "`ignored_marketing_contacts` reached the contact policy's `fatigue_after`"),
    fact("attributes.<key>", Text, true, "", "attributes the program declares, as the snapshot gives them"),
    fact("first_large_order_date", Date, true, "", "date of the first qualifying order over `facts.large_order_over`"),
    fact("days_since_first_large_order", Integer, true, "days", "today − `first_large_order_date`"),
    fact("attribute_days.<attribute>", Integer, false, "days", "date attribute the program declares − today (negative once past; absent: not given)"),
    fact("referred_by", Text, true, "", "id of the member who referred this one"),
    score("rfm.recency_days", Integer, true, "days", "days since the last qualifying order"),
    score("rfm.frequency", Integer, false, "orders", "qualifying orders in the RFM lookback"),
    score("rfm.monetary", Integer, false, "minor units", "qualifying spend in the RFM lookback"),
    score("rfm.r", Integer, true, "1–5", "recency score"),
    score("rfm.f", Integer, true, "1–5", "frequency score"),
    score("rfm.m", Integer, true, "1–5", "monetary score"),
    score("rfm.cell", Text, true, "", "the three scores as one label"),
    score("p_alive", Number, true, "probability", "BG/NBD probability that the member is still active"),
    score("expected_orders_90d", Number, true, "purchase days", "BG/NBD expected purchase days in the next 90 days"),
    score("expected_order_value", Integer, true, "minor units", "Gamma-Gamma expected value of a future purchase day"),
    score("clv", Integer, true, "minor units", "customer lifetime value over the CLV horizon"),
    score("churn.frequency_change_bp", Integer, true, "basis points", "change in orders, last period against the previous"),
    score("churn.aov_change_bp", Integer, true, "basis points", "change in average order value, last period against the previous"),
    score("churn.complaints_change", Integer, false, "events", "complaints in the last period − the previous"),
    score("churn.signals", StringList, false, "", "the churn signals that fired"),
    score("churn.risk", Text, false, "", "`high`, `medium` or `low`"),
    mechanic("lifecycle_stage", Text, true, "", "id of the first lifecycle stage whose rules hold"),
    mechanic("lifecycle_next_stage", Text, true, "", "the stage the member reaches next if nothing happens"),
    mechanic("lifecycle_next_stage_on", Date, true, "", "the date `lifecycle_next_stage` is reached if nothing happens"),
    mechanic("lifecycle_next_stage_in_days", Integer, true, "days", "`lifecycle_next_stage_on` − today"),
    mechanic("value_score", Integer, true, "0–100", "the program's weighted value score"),
    FactEntry { name: "segment", kind: Text, nullable: true, unit: "", stage: Stage::Segment, description: "id of the first segment whose condition holds" },
    FactEntry { name: "tags", kind: StringList, nullable: false, unit: "", stage: Stage::Tags, description: "ids of the tags whose conditions hold" },
];

/// The prefix of the one map whose keys the program declares.
pub const ATTRIBUTES: &str = "attributes";
/// The open map of days to each declared date attribute (`attribute_days.<attribute>`).
pub const ATTRIBUTE_DAYS: &str = "attribute_days";

/// The type of a declared snapshot attribute.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum AttributeType {
    /// A JSON string.
    String,
    /// A JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An array of strings.
    StringList,
}

impl AttributeType {
    /// The fact type conditions see.
    pub fn fact_type(self) -> FactType {
        match self {
            AttributeType::String => FactType::String,
            AttributeType::Number => FactType::Number,
            AttributeType::Boolean => FactType::Boolean,
            AttributeType::Date => FactType::Date,
            AttributeType::StringList => FactType::StringList,
        }
    }
}

/// A snapshot attribute as the program declares it: `{"type": "number", "description": "…"}`.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct AttributeSpec {
    /// The JSON type the snapshot gives (a `null` or absent value is always accepted).
    #[serde(rename = "type")]
    pub kind: AttributeType,
    /// What the attribute means, for people reading the program.
    #[serde(default)]
    pub description: Option<String>,
}

/// Declared snapshot attributes by name.
pub type Attributes = VecMap<String, AttributeSpec>;

/// Checks a snapshot's `attributes` against the declared ones: a declared attribute that is
/// present and not `null` must have its declared type (`invalid_type`, or `invalid_value`
/// for a string that is not a date), at `/attributes/<name>`. Attributes the program does
/// not declare are accepted as they are; no condition can read them.
pub fn check_attributes(declared: &Attributes, given: &serde_json::Map<String, serde_json::Value>) -> Vec<crate::Issue> {
    use serde_json::Value;
    let mut issues = Vec::new();
    for (name, spec) in declared {
        let Some(value) = given.get(name).filter(|value| !value.is_null()) else { continue };
        let at = crate::error::pointer("/attributes", name);
        let fits = match (spec.kind, value) {
            (AttributeType::String, Value::String(_)) | (AttributeType::Number, Value::Number(_)) | (AttributeType::Boolean, Value::Bool(_)) => true,
            (AttributeType::StringList, Value::Array(items)) => items.iter().all(Value::is_string),
            (AttributeType::Date, Value::String(text)) => {
                if crate::time::Date::parse(text).is_err() {
                    issues.push(crate::Issue::new(Code::InvalidValue, at, format!("attribute `{name}` is declared as a date (YYYY-MM-DD), got {text:?}")));
                }
                continue;
            }
            _ => false,
        };
        if !fits {
            let wanted = match spec.kind {
                AttributeType::String => "a string",
                AttributeType::Number => "a number",
                AttributeType::Boolean => "true or false",
                AttributeType::Date => "a date string (YYYY-MM-DD)",
                AttributeType::StringList => "an array of strings",
            };
            issues.push(crate::Issue::new(Code::InvalidType, at, format!("attribute `{name}` is declared as {wanted}, got {}", crate::read::json_type(value))));
        }
    }
    issues
}

/// What a path names, when it names something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// A fact (or a key of an open map, or a declared attribute) of this type.
    Value {
        /// Its type.
        kind: FactType,
        /// Whether it can be `null` or absent.
        nullable: bool,
    },
    /// An object fact or map read whole (`rfm`, `consent`, `attributes`).
    Object,
}

/// Why a path names nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// No fact has this name; the nearest known names, best first (at most three).
    NoSuchFact(Vec<String>),
    /// The fact exists but is not known yet where it is read (`tags` in a tag condition).
    NotYet {
        /// The fact's name.
        name: &'static str,
    },
    /// The path reads a member of a value that has none (`days_since_join.x`).
    NoMembers {
        /// The fact whose value has no members.
        fact: String,
        /// Its type.
        kind: FactType,
    },
}

/// The facts a condition may read: the catalog up to a stage, and the declared attributes
/// (`None` when they could not be read, so that `attributes.*` is not checked).
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The last stage the condition can see.
    pub stage: Stage,
    /// Declared snapshot attributes.
    pub attributes: Option<&'a Attributes>,
}

/// Whether the dot path `pattern` (with `<placeholder>` segments) names exactly
/// `segments`, or with `prefix`, begins with them.
fn segments_match(pattern: &str, segments: &[&str], prefix: bool) -> bool {
    let mut parts = pattern.split('.');
    for segment in segments {
        match parts.next() {
            Some(part) if part.starts_with('<') || part == *segment => {}
            _ => return false,
        }
    }
    let more = parts.next().is_some();
    more == prefix
}

/// A canonical array index (`0`, `12`), which GrowthBook's paths use to enter arrays.
fn is_index(segment: &str) -> bool {
    segment == "0" || (!segment.is_empty() && !segment.starts_with('0') && segment.bytes().all(|b| b.is_ascii_digit()))
}

impl Scope<'_> {
    /// What `path` names, or why it names nothing.
    pub fn resolve(&self, path: &str) -> Result<Known, Unknown> {
        let segments: Vec<&str> = path.split('.').collect();
        let Some((&first, rest)) = segments.split_first() else { return Err(self.no_such_fact(path)) };
        if first == ATTRIBUTES {
            return self.resolve_attribute(path, rest);
        }
        if first == ATTRIBUTE_DAYS {
            if let (Some(declared), [key, ..]) = (self.attributes, rest) {
                // Only attributes declared as dates have days to them.
                if declared.get(*key).is_none_or(|spec| spec.kind != AttributeType::Date) {
                    return Err(self.no_such_fact(path));
                }
            }
        }
        // The longest catalog name that is a prefix of the path decides.
        for end in (1..=segments.len()).rev() {
            let Some(head) = segments.get(..end) else { continue };
            let Some(entry) = CATALOG.iter().find(|entry| segments_match(entry.name, head, false)) else { continue };
            if entry.stage > self.stage {
                return Err(Unknown::NotYet { name: entry.name });
            }
            let tail = segments.get(end..).unwrap_or_default();
            return entry_member(head.join("."), entry.kind, entry.nullable, tail);
        }
        // A proper prefix of catalog names: an object fact or an open map read whole.
        if CATALOG.iter().any(|entry| entry.stage <= self.stage && segments_match(entry.name, &segments, true)) {
            return Ok(Known::Object);
        }
        Err(self.no_such_fact(path))
    }

    fn resolve_attribute(&self, path: &str, rest: &[&str]) -> Result<Known, Unknown> {
        let Some(declared) = self.attributes else {
            return Ok(Known::Value { kind: FactType::String, nullable: true });
        };
        let Some((&key, tail)) = rest.split_first() else { return Ok(Known::Object) };
        match declared.get(key) {
            Some(spec) => entry_member(format!("{ATTRIBUTES}.{key}"), spec.kind.fact_type(), true, tail),
            None => Err(self.no_such_fact(path)),
        }
    }

    fn no_such_fact(&self, path: &str) -> Unknown {
        Unknown::NoSuchFact(nearest(path, &self.names()))
    }

    /// Every name a condition in this scope can read, with declared attributes spelt out
    /// (`attributes.vip_level`) and open maps with their placeholder.
    pub fn names(&self) -> Vec<String> {
        let spelt_out = |name: &str| name.starts_with("attributes.") || (self.attributes.is_some() && name.starts_with("attribute_days."));
        let mut names: Vec<String> = CATALOG.iter().filter(|entry| entry.stage <= self.stage && !spelt_out(entry.name)).map(|entry| entry.name.to_string()).collect();
        for key in self.attributes.into_iter().flat_map(|declared| declared.keys()) {
            names.push(format!("{ATTRIBUTES}.{key}"));
        }
        for (key, _) in self.attributes.into_iter().flat_map(|declared| declared.iter()).filter(|(_, spec)| spec.kind == AttributeType::Date) {
            names.push(format!("{ATTRIBUTE_DAYS}.{key}"));
        }
        names
    }
}

/// What the members `tail` of a fact of type `kind` name: nothing left is the fact itself;
/// a list may be entered by a canonical index; nothing else has members.
fn entry_member(fact: String, kind: FactType, nullable: bool, tail: &[&str]) -> Result<Known, Unknown> {
    match tail {
        [] => Ok(Known::Value { kind, nullable }),
        [index] if kind == FactType::StringList && is_index(index) => Ok(Known::Value { kind: FactType::String, nullable: true }),
        [index] if kind == FactType::IntegerList && is_index(index) => Ok(Known::Value { kind: FactType::Integer, nullable: true }),
        _ => Err(Unknown::NoMembers { fact, kind }),
    }
}

/// The most edits a name may be from a misspelling of it to be suggested: a third of the
/// misspelling's length, at least 1 and at most 3.
fn max_distance(text: &str) -> usize {
    (text.chars().count() / 3).clamp(1, 3)
}

/// Up to three of `names` nearest to `text` by edit distance (adjacent transpositions count
/// as one edit), nearest first, ties in catalog order: only names within [`max_distance`],
/// and at most one edit further than the nearest (a near miss is not drowned in far ones).
/// A placeholder name (`events_30d.<kind>`) is compared, and suggested, with the keys of
/// `text` in place of its placeholders (`events_30d.review` for `events_03d.review`).
pub fn nearest(text: &str, names: &[String]) -> Vec<String> {
    // A name this long is no misspelling of a fact, and comparing it would cost time and
    // memory in proportion to its length.
    if text.len() > crate::limits::MAX_ID_CHARS * 2 {
        return Vec::new();
    }
    let limit = max_distance(text);
    let scored: Vec<(usize, String)> = names
        .iter()
        .map(|name| {
            let compared = with_keys_of(name, text);
            (edit_distance(text, &compared), compared)
        })
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    let Some(best) = scored.iter().map(|(distance, _)| *distance).min() else { return Vec::new() };
    // Nearest first, ties in catalog order; distances are small, so one pass per distance
    // costs less code than a sort.
    let mut found = Vec::new();
    for wanted in best..=best + 1 {
        found.extend(scored.iter().filter(|(distance, _)| *distance == wanted).map(|(_, name)| name.clone()));
    }
    found.truncate(3);
    found
}

/// `name` with each `<placeholder>` segment replaced by the segment of `text` at the same
/// place (so `events_30d.<kind>` compares with `events_03d.review` as `events_30d.review`).
fn with_keys_of(name: &str, text: &str) -> String {
    let given: Vec<&str> = text.split('.').collect();
    name.split('.')
        .enumerate()
        .map(|(index, part)| if part.starts_with('<') { given.get(index).copied().unwrap_or(part) } else { part })
        .collect::<Vec<_>>()
        .join(".")
}

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps
/// of two adjacent characters each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(cell) = table.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(cell) = table.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    let get = |table: &[usize], i: usize, j: usize| table.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (ca, cb) = (a.get(i - 1), b.get(j - 1));
            let cost = usize::from(ca != cb);
            let mut best = (get(&table, i - 1, j) + 1).min(get(&table, i, j - 1) + 1).min(get(&table, i - 1, j - 1) + cost);
            if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                best = best.min(get(&table, i - 2, j - 2) + 1);
            }
            if let Some(cell) = table.get_mut(at(i, j)) {
                *cell = best;
            }
        }
    }
    get(&table, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(stage: Stage, attributes: Option<&Attributes>) -> Scope<'_> {
        Scope { stage, attributes }
    }

    #[test]
    fn resolves_plain_member_map_and_list_paths() {
        let all = scope(Stage::Tags, None);
        assert_eq!(all.resolve("days_since_join"), Ok(Known::Value { kind: FactType::Integer, nullable: false }));
        assert_eq!(all.resolve("days_since_last_order"), Ok(Known::Value { kind: FactType::Integer, nullable: true }));
        assert_eq!(all.resolve("rfm.r"), Ok(Known::Value { kind: FactType::Integer, nullable: true }));
        assert_eq!(all.resolve("rfm"), Ok(Known::Object));
        assert_eq!(all.resolve("consent"), Ok(Known::Object));
        assert_eq!(all.resolve("consent.sms"), Ok(Known::Value { kind: FactType::Boolean, nullable: false }));
        assert_eq!(all.resolve("events_30d.review"), Ok(Known::Value { kind: FactType::Integer, nullable: false }));
        assert_eq!(all.resolve("tags.0"), Ok(Known::Value { kind: FactType::String, nullable: true }));
        assert_eq!(all.resolve("tags.01"), Err(Unknown::NoMembers { fact: "tags".into(), kind: FactType::StringList }));
        assert_eq!(all.resolve("days_since_join.x"), Err(Unknown::NoMembers { fact: "days_since_join".into(), kind: FactType::Integer }));
        assert_eq!(all.resolve("consent.sms.x"), Err(Unknown::NoMembers { fact: "consent.sms".into(), kind: FactType::Boolean }));
        assert_eq!(all.resolve("rfm.rr"), Err(Unknown::NoSuchFact(vec!["rfm.r".into(), "rfm.f".into(), "rfm.m".into()])));
        assert_eq!(all.resolve("days_since_jion"), Err(Unknown::NoSuchFact(vec!["days_since_join".into()])));
        assert_eq!(all.resolve(""), Err(Unknown::NoSuchFact(Vec::new())));
        assert_eq!(all.resolve("zzzzzzzzzzzz"), Err(Unknown::NoSuchFact(Vec::new())));
    }

    #[test]
    fn later_stages_are_not_visible_earlier() {
        assert_eq!(scope(Stage::Score, None).resolve("segment"), Err(Unknown::NotYet { name: "segment" }));
        assert_eq!(scope(Stage::Segment, None).resolve("tags"), Err(Unknown::NotYet { name: "tags" }));
        assert!(scope(Stage::Segment, None).resolve("segment").is_ok());
        assert!(scope(Stage::Score, None).resolve("churn.risk").is_ok());
    }

    #[test]
    fn attributes_are_the_declared_ones() {
        let declared: Attributes = [("vip_level".to_string(), AttributeSpec { kind: AttributeType::Number, description: None })].into_iter().collect();
        let with = scope(Stage::Tags, Some(&declared));
        assert_eq!(with.resolve("attributes.vip_level"), Ok(Known::Value { kind: FactType::Number, nullable: true }));
        assert_eq!(with.resolve("attributes"), Ok(Known::Object));
        assert_eq!(with.resolve("attributes.vip_levle"), Err(Unknown::NoSuchFact(vec!["attributes.vip_level".into()])));
        assert_eq!(with.resolve("attributes.city"), Err(Unknown::NoSuchFact(Vec::new())));
        // Attributes that could not be read are not checked.
        assert!(scope(Stage::Tags, None).resolve("attributes.anything").is_ok());
    }

    /// The fact names and types of the tables of `docs/facts.md`: each row's first cell
    /// holds one or more backquoted names, its second the type.
    fn documented() -> Vec<(String, String)> {
        let mut rows = Vec::new();
        for line in include_str!("../docs/facts.md").lines().filter(|line| line.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let (Some(names), Some(kind)) = (cells.first(), cells.get(1)) else { continue };
            for name in names.trim_start_matches("| ").split(", ") {
                rows.push((name.trim_matches('`').to_string(), kind.replace("\\|", "|")));
            }
        }
        rows
    }

    #[test]
    fn docs_facts_md_documents_exactly_the_catalog() {
        let wanted: Vec<(String, String)> = CATALOG
            .iter()
            .map(|entry| {
                let kind = if entry.name == "attributes.<key>" { "as declared".to_string() } else { entry.kind.name().to_string() };
                (entry.name.to_string(), if entry.nullable { format!("{kind} | null") } else { kind })
            })
            .collect();
        assert_eq!(documented(), wanted);
    }

    #[test]
    fn the_catalog_names_the_fields_of_the_fact_types() {
        use crate::member::MemberFacts;
        let schema = serde_json::to_value(schemars::schema_for!(MemberFacts)).unwrap_or_default();
        let definitions = schema.get("$defs").cloned().unwrap_or_default();
        let properties = |object: &serde_json::Value| -> Vec<(String, bool)> {
            let mut fields: Vec<(String, bool)> = object
                .get("properties")
                .and_then(serde_json::Value::as_object)
                .map(|map| map.iter().map(|(name, field)| (name.clone(), field.to_string().contains("\"null\""))).collect())
                .unwrap_or_default();
            fields.sort();
            fields
        };
        // Top level: every field is a fact, an object fact or an open map.
        let mut top: Vec<(String, bool)> = Vec::new();
        for entry in CATALOG {
            let first = entry.name.split('.').next().unwrap_or_default().to_string();
            let nullable = entry.nullable && !entry.name.contains('.');
            if !top.iter().any(|(name, _)| *name == first) {
                top.push((first, nullable));
            }
        }
        top.sort();
        // `membership_anniversary_in_days` is an `Option` only for dates past the calendar's
        // range, which no snapshot reaches; the catalog does not call it nullable.
        let mut fields = properties(&schema);
        for field in &mut fields {
            if field.0 == "membership_anniversary_in_days" {
                field.1 = false;
            }
        }
        assert_eq!(fields, top);
        // Closed objects: their members exactly.
        for (object, definition) in [("rfm", "RfmFact"), ("churn", "ChurnSignals")] {
            let mut members: Vec<(String, bool)> = CATALOG
                .iter()
                .filter_map(|entry| entry.name.strip_prefix(&format!("{object}.")).map(|member| (member.to_string(), entry.nullable)))
                .collect();
            members.sort();
            assert_eq!(properties(definitions.get(definition).unwrap_or(&serde_json::Value::Null)), members, "{object}");
        }
    }

    #[test]
    fn declared_attributes_must_have_their_type() {
        let declared: Attributes = [
            ("level", AttributeType::Number),
            ("city", AttributeType::String),
            ("vip", AttributeType::Boolean),
            ("since", AttributeType::Date),
            ("labels", AttributeType::StringList),
        ]
        .into_iter()
        .map(|(name, kind)| (name.to_string(), AttributeSpec { kind, description: None }))
        .collect();
        let check = |given: serde_json::Value| -> Vec<(String, String)> {
            let map = given.as_object().cloned().unwrap_or_default();
            check_attributes(&declared, &map).into_iter().map(|issue| (issue.code.as_str().to_string(), issue.path)).collect()
        };
        assert!(check(serde_json::json!({"level": 3.5, "city": "Hangzhou", "vip": false, "since": "2026-01-31", "labels": ["a"], "other": {"x": 1}})).is_empty());
        assert!(check(serde_json::json!({"level": null})).is_empty());
        assert_eq!(
            check(serde_json::json!({"level": "3", "city": 1, "vip": "yes", "since": "2026-02-30", "labels": ["a", 1]})),
            vec![
                ("invalid_type".to_string(), "/attributes/city".to_string()),
                ("invalid_type".to_string(), "/attributes/labels".to_string()),
                ("invalid_type".to_string(), "/attributes/level".to_string()),
                ("invalid_value".to_string(), "/attributes/since".to_string()),
                ("invalid_type".to_string(), "/attributes/vip".to_string()),
            ]
        );
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("jion", "join"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn suggestions_keep_map_keys() {
        let names = scope(Stage::Tags, None).names();
        assert_eq!(nearest("events_03d.review", &names), vec!["events_30d.review".to_string(), "events_90d.review".to_string()]);
        assert_eq!(nearest("spend_356d", &names), vec!["spend_365d".to_string(), "spend_30d".to_string()]);
        assert_eq!(nearest("consnet.sms", &names), vec!["consent.sms".to_string()]);
        assert_eq!(nearest(&"days_since_join".repeat(1000), &names), Vec::<String>::new());
    }
}
