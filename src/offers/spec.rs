//! The offer sections of a program as JSON: `offers`, `surfaces` and `experiments`.
//!
//! These are plain input types; [`super::compile`] checks what types cannot say (ranges,
//! references between sections, conditions) and reports every issue with its path.

use crate::json::write::ToJson;
use crate::money::{Bp, Money};
use crate::text::LocalizedText;
use crate::time::{Date, Instant, UtcOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use crate::vec_map::VecMap;

/// What an offer is, which surfaces weigh and which explanations name.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum OfferKind {
    /// A coupon (money off, possibly with a threshold).
    Coupon,
    /// Extra points (double points, points for a task).
    PointsBonus,
    /// A gift (birthday gift, exclusive product).
    Gift,
    /// A service message (follow-up, reminder, returns notice); carries no marketing.
    ServiceNotice,
    /// Content: a guide, an invitation, early access.
    Content,
}

/// Why a member is shown an offer: service messages inform about something the member
/// already has; marketing tries to sell. Surfaces decide which purposes may appear.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Service: order follow-up, points expiry, returns. Allowed everywhere.
    Service,
    /// Marketing: coupons, bonuses, gifts. Needs consent unless the offer says otherwise.
    Marketing,
}

/// How a surface turns the weighted value of an offer into its score.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ScoreMode {
    /// `propensity × value × context weight × lever` (the default).
    #[default]
    Gross,
    /// The expected margin `propensity × (value − cost) × context weight × lever`; offers
    /// whose expected margin is negative are suppressed as `unprofitable`.
    Net,
}

/// A bound of a validity window: a date (the whole calendar day in the program's offset)
/// or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidityBound {
    /// A calendar day in the program's offset: `valid_from` starts at its midnight,
    /// `valid_until` includes the whole day.
    Date(Date),
    /// An exact instant: `valid_from` is inclusive, `valid_until` exclusive.
    Instant(Instant),
}

impl ValidityBound {
    /// The first instant of the window this bound opens.
    pub fn opens_at(self, offset: UtcOffset) -> Instant {
        match self {
            ValidityBound::Date(date) => Instant::start_of_day(date, offset),
            ValidityBound::Instant(instant) => instant,
        }
    }

    /// The first instant after the window this bound closes (exclusive end).
    pub fn closes_at(self, offset: UtcOffset) -> Instant {
        match self {
            ValidityBound::Date(date) => {
                let start = Instant::start_of_day(date, offset);
                start.add_seconds(crate::time::SECONDS_PER_DAY).unwrap_or(start)
            }
            ValidityBound::Instant(instant) => instant,
        }
    }
}

impl Serialize for ValidityBound {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ValidityBound::Date(date) => date.serialize(serializer),
            ValidityBound::Instant(instant) => instant.serialize(serializer),
        }
    }
}

impl crate::json::FromJson for ValidityBound {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<ValidityBound, crate::json::ReadError> {
        let text = reader.string("a date YYYY-MM-DD or an instant such as 2026-11-18T12:00:00+08:00")?;
        let bound = if text.len() == 10 { Date::parse(&text).map(ValidityBound::Date) } else { Instant::parse(&text).map(ValidityBound::Instant) };
        bound.map_err(crate::json::ReadError::invalid_value)
    }
}

impl<'de> Deserialize<'de> for ValidityBound {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ValidityBound, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        if text.len() == 10 {
            Date::parse(&text).map(ValidityBound::Date).map_err(serde::de::Error::custom)
        } else {
            Instant::parse(&text).map(ValidityBound::Instant).map_err(serde::de::Error::custom)
        }
    }
}

impl JsonSchema for ValidityBound {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ValidityBound".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let date = generator.subschema_for::<Date>();
        let instant = generator.subschema_for::<Instant>();
        schemars::json_schema!({
            "description": "A date (YYYY-MM-DD, the whole day in the program's offset) or an instant with an offset.",
            "anyOf": [date, instant]
        })
    }
}

/// One offer of the catalog.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct OfferSpec {
    /// Stable identifier; ties in ranking break on it, offer history refers to it.
    pub id: String,
    /// Title per locale, e.g. `{"zh-CN": "满300减50", "en": "¥50 off ¥300"}`.
    pub title: LocalizedText,
    /// Body text per locale.
    #[serde(default)]
    pub body: LocalizedText,
    /// What the offer is.
    pub kind: OfferKind,
    /// `service` or `marketing`.
    pub purpose: Purpose,
    /// Channels the offer may be delivered on (`web`, `app`, `mini_program`, `sms`,
    /// `phone`, …); a surface shows it only when its channel is listed.
    pub channels: Vec<String>,
    /// Condition over facts that must hold; always eligible when absent.
    #[serde(default)]
    pub eligibility: Option<Value>,
    /// First date or instant the offer may be shown.
    #[serde(default)]
    pub valid_from: Option<ValidityBound>,
    /// Last date (inclusive) or instant (exclusive) the offer may be shown.
    #[serde(default)]
    pub valid_until: Option<ValidityBound>,
    /// Budget cost to the business in minor units (a ¥50 coupon costs 5000); subtracted
    /// from the score on surfaces whose `score_mode` is `net`.
    #[serde(default)]
    pub cost: Money,
    /// Value to the member in minor units; points are counted at their redemption value
    /// in minor units (points-equivalent), service messages at what the designer deems.
    #[serde(default)]
    pub value: Money,
    /// Base probability that the member takes the offer, in basis points (0–10000);
    /// 10000 when absent.
    #[serde(default = "full_propensity")]
    pub propensity: Bp,
    /// Adjustments of the propensity, applied in order when their condition holds.
    #[serde(default)]
    pub boosts: Vec<BoostSpec>,
    /// Business priority weight in basis points (10000 = neutral); at most 1000000.
    #[serde(default = "neutral_weight")]
    pub lever: Bp,
    /// Offers of one group exclude each other: at most one is shown.
    #[serde(default)]
    pub group: Option<String>,
    /// Limits read from the snapshot's offer history.
    #[serde(default)]
    pub frequency: FrequencySpec,
    /// Whether marketing consent (plus the surface's channel consent) is needed; by
    /// default `true` for marketing and `false` for service.
    #[serde(default)]
    pub requires_consent: Option<bool>,
    /// The experiment arms that see this offer.
    #[serde(default)]
    pub experiment: Option<OfferExperimentSpec>,
    /// Free-form data handed back with the offer (coupon template, link, image).
    #[serde(default)]
    pub data: Map<String, Value>,
    /// The product category the offer sells: with a program `margin`, its value counts at
    /// that category's margin rate (the program-wide rate when absent or without a rate
    /// of its own). Needs a `margin` section.
    #[serde(default)]
    pub margin_category: Option<String>,
}

/// A propensity adjustment: when `when` holds, multiply by `multiply_bp` or add `add_bp`
/// (exactly one of the two). The result is kept within 0–10000 after every step.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct BoostSpec {
    /// Condition over facts.
    pub when: Value,
    /// Multiplier in basis points (15000 = ×1.5), at most 1000000.
    #[serde(default)]
    pub multiply_bp: Option<Bp>,
    /// Basis points to add (negative to subtract), within −10000..=10000.
    #[serde(default)]
    pub add_bp: Option<i64>,
}

/// Frequency rules, from the snapshot's `offer_history` at `now`, calendar days in the
/// program's offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct FrequencySpec {
    /// At most this many impressions within `per_days` calendar days (today included).
    #[serde(default)]
    pub max_impressions: Option<u32>,
    /// The window of `max_impressions`, in days.
    #[serde(default)]
    pub per_days: Option<u32>,
    /// Days after a redemption during which the offer is not shown again.
    #[serde(default)]
    pub cooldown_days: Option<u32>,
    /// Redemptions after which the offer is never shown again.
    #[serde(default)]
    pub max_redemptions: Option<u32>,
}

/// Which arms of which experiment see an offer.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct OfferExperimentSpec {
    /// Key of an experiment in the program's `experiments`.
    pub key: String,
    /// Arm ids that see this offer; never a holdout arm.
    pub arms: Vec<String>,
}

fn full_propensity() -> Bp {
    Bp::ONE
}

fn neutral_weight() -> Bp {
    Bp::ONE
}

fn default_hash_version() -> u32 {
    2
}

fn default_limit() -> u32 {
    3
}

/// An A/B test over offers, assigned like a GrowthBook experiment with the member id as
/// the hash attribute.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    /// Experiment key (GrowthBook's `key`), referred to by offers.
    pub key: String,
    /// Hash seed; the key when absent, as in GrowthBook.
    #[serde(default)]
    pub seed: Option<String>,
    /// GrowthBook hash version, 1 or 2; 2 when absent.
    #[serde(default = "default_hash_version")]
    pub hash_version: u32,
    /// Share of members in the experiment, in basis points; 10000 when absent.
    #[serde(default = "full_propensity")]
    pub coverage: Bp,
    /// The arms, in GrowthBook's variation order.
    pub arms: Vec<ArmSpec>,
}

/// One arm of an experiment.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ArmSpec {
    /// Arm id, referred to by offers.
    pub id: String,
    /// Share of the experiment's members in basis points; give every arm a weight
    /// (adding up to 10000) or none (equal weights, `1/n` as GrowthBook computes them).
    #[serde(default)]
    pub weight: Option<Bp>,
    /// Members of a holdout arm see no offer of the experiment.
    #[serde(default)]
    pub holdout: bool,
}

/// A place that shows offers: its channel, the purposes it allows and how it weighs them.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct SurfaceSpec {
    /// Surface id, passed as `surface` in the options (`member_page`, `cart`, …).
    pub id: String,
    /// The channel the surface belongs to (`web`, `app`, `sms`, `phone`, …).
    pub channel: String,
    /// Purposes allowed here; a refund confirmation allows `service` only.
    pub purposes: Vec<Purpose>,
    /// Consent key needed, besides `marketing`, by offers that require consent here
    /// (`sms` for an SMS surface).
    #[serde(default)]
    pub channel_consent: Option<String>,
    /// How many offers to return when the call does not say; 3 when absent.
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// `gross` (default) or `net` of cost.
    #[serde(default)]
    pub score_mode: ScoreMode,
    /// Context weight per offer kind in basis points; 10000 for kinds not listed.
    #[serde(default)]
    pub kind_weights: VecMap<OfferKind, Bp>,
    /// Context weight per purpose in basis points; 10000 for purposes not listed.
    #[serde(default)]
    pub purpose_weights: VecMap<Purpose, Bp>,
}

/// The surfaces a program has when it lists none: `member_page` and `cart` on the web
/// allow service and marketing, `refund_confirmation` service only, `sms` needs SMS
/// consent for marketing, and `staff_call` is the phone channel (a call list for staff).
pub fn default_surfaces() -> Vec<SurfaceSpec> {
    let surface = |id: &str, channel: &str, purposes: &[Purpose], channel_consent: Option<&str>| SurfaceSpec {
        id: id.to_string(),
        channel: channel.to_string(),
        purposes: purposes.to_vec(),
        channel_consent: channel_consent.map(str::to_string),
        limit: default_limit(),
        score_mode: ScoreMode::Gross,
        kind_weights: VecMap::new(),
        purpose_weights: VecMap::new(),
    };
    let both = [Purpose::Service, Purpose::Marketing];
    vec![
        surface("member_page", "web", &both, None),
        surface("cart", "web", &both, None),
        surface("refund_confirmation", "web", &[Purpose::Service], None),
        surface("sms", "sms", &both, Some("sms")),
        surface("staff_call", "phone", &both, Some("phone")),
    ]
}
