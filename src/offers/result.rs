//! What choosing offers returns: the chosen offers with their reasons and score, every
//! other offer with the first reason it was dropped, and the experiment arms assigned.
//!
//! How much a suppressed offer's reason says is the call's [`Explain`] level: its code and
//! hint by default, everything (the clauses that failed, the score that was outranked)
//! when asked for.

use super::spec::{OfferKind, Purpose, ScoreMode, ValidityBound};
use crate::json::write::ToJson;
use crate::text::LocalizedText;
use crate::time::{Date, Instant};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How much an offers result explains of the offers it does not return.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum Explain {
    /// Returned offers with their reasons and score; every other offer as its id, the
    /// code of the reason it was dropped and the eligibility hint (what a storefront
    /// renders).
    #[default]
    Summary,
    /// Returned offers as in `summary`; every other offer with the whole of its reason:
    /// the clauses that failed with the values they saw, the score it was outranked with
    /// (what a program designer debugs with).
    Full,
}

/// Offers for one member on one surface.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct OffersResult {
    /// The surface asked for.
    pub surface: String,
    /// Its channel.
    pub channel: String,
    /// How many offers could be returned at most.
    pub limit: u32,
    /// Whether scores are gross or net of cost on this surface.
    pub score_mode: ScoreMode,
    /// The chosen offers, best first.
    pub offers: Vec<ChosenOffer>,
    /// Every other offer of the catalog, in catalog order, with the first reason it was
    /// dropped: as [`SuppressedSummary`] at `explain: "summary"` (the default), as
    /// [`SuppressedOffer`] at `explain: "full"`.
    pub suppressed: Suppressed,
    /// Arms of the experiments that offers reaching the experiment step belong to, in
    /// program order: what a storefront logs as exposures.
    pub experiments: Vec<ArmAssignment>,
}

/// A returned offer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ChosenOffer {
    /// Offer id.
    pub id: String,
    /// Position, 1 for the best.
    pub rank: u32,
    /// Kind.
    pub kind: OfferKind,
    /// Purpose.
    pub purpose: Purpose,
    /// Title per locale.
    pub title: LocalizedText,
    /// Body per locale.
    pub body: LocalizedText,
    /// Group, when the offer has one.
    pub group: Option<String>,
    /// End of validity as the program wrote it.
    pub valid_until: Option<ValidityBound>,
    /// The eligibility clauses that held, with the values they saw; empty without a
    /// condition.
    pub reasons: Vec<ClauseReport>,
    /// How the score came about.
    pub score: ScoreBreakdown,
    /// The experiment arm that showed it.
    pub experiment: Option<ArmRef>,
    /// The offer's free-form data.
    pub data: Map<String, Value>,
}

/// One clause of a condition as evaluated for this member.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ClauseReport {
    /// Fact path (`spend_90d`, `consent.sms`).
    pub path: String,
    /// Operator (`$gte`, `$in`, …).
    pub operator: String,
    /// The operand the condition gives.
    pub expected: Value,
    /// The value of the fact; absent when the fact is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    /// True when the fact is missing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// Whether the clause itself held (under `$not`/`$nor` a failing condition may come
    /// from a clause that held).
    pub held: bool,
}

/// A boost whose condition held.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct AppliedBoost {
    /// Index in the offer's `boosts`.
    pub index: u32,
    /// Multiplier applied, basis points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiply_bp: Option<i64>,
    /// Basis points added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_bp: Option<i64>,
    /// Propensity after this boost, basis points.
    pub propensity_bp: i64,
    /// The clauses that made it hold.
    pub reasons: Vec<ClauseReport>,
}

/// The arbitration of one offer:
/// `gross = floor(value × propensity × kind_weight × purpose_weight × lever / 10000⁴)`,
/// `score = gross` or, net of cost, `gross − cost` (computed exactly before flooring:
/// `floor((value × propensity × … − cost × 10000⁴) / 10000⁴)`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ScoreBreakdown {
    /// The offer's base propensity, basis points.
    pub base_propensity_bp: i64,
    /// Boosts that applied, in order.
    pub boosts: Vec<AppliedBoost>,
    /// Propensity after boosts, basis points.
    pub propensity_bp: i64,
    /// Value in minor units; with a program `margin`, the offer's value at the margin
    /// rate, floored.
    pub value: i64,
    /// The offer's value before the margin, minor units; absent without a `margin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_value: Option<i64>,
    /// The margin rate the value counts at, basis points; absent without a `margin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_bp: Option<i64>,
    /// Surface weight of the offer's kind, basis points.
    pub kind_weight_bp: i64,
    /// Surface weight of the offer's purpose, basis points.
    pub purpose_weight_bp: i64,
    /// Lever, basis points.
    pub lever_bp: i64,
    /// `propensity × value × weights × lever`, minor units, floored.
    pub gross: i64,
    /// Cost in minor units.
    pub cost: i64,
    /// `propensity × cost × weights × lever`: the cost weighted as the value is, minor
    /// units, floored. Net surfaces rank by `gross − expected_cost` (computed exactly).
    pub expected_cost: i64,
    /// Gross or net.
    pub score_mode: ScoreMode,
    /// What offers are ranked by, minor units, floored (ranking compares the exact values):
    /// `gross` on gross surfaces, the expected margin `propensity × (value − cost) ×
    /// weights × lever` on net surfaces. `gross`, `expected_cost` and `score` are capped
    /// at ±(2^53 − 1), the integers JavaScript holds exactly.
    pub score: i64,
}

/// An experiment arm.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ArmRef {
    /// Experiment key.
    pub experiment: String,
    /// Arm id.
    pub arm: String,
}

/// How an experiment assigned this member.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ArmAssignment {
    /// Experiment key.
    pub experiment: String,
    /// Whether the member falls into an arm (false outside the coverage or without a
    /// member id).
    pub in_experiment: bool,
    /// Arm id.
    pub arm: Option<String>,
    /// Arm index, GrowthBook's variation id; −1 outside.
    pub arm_index: i32,
    /// Whether the arm is a holdout.
    pub holdout: bool,
    /// GrowthBook's hash of seed and member id, in `[0, 1)`.
    pub bucket: Option<f64>,
    /// Hash version used.
    pub hash_version: u32,
}

/// The offers that were not returned, explained as the call asked.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(untagged)]
pub enum Suppressed {
    /// `explain: "summary"`.
    Summary(Vec<SuppressedSummary>),
    /// `explain: "full"`.
    Full(Vec<SuppressedOffer>),
}

impl Suppressed {
    /// How many offers were not returned.
    pub fn len(&self) -> usize {
        match self {
            Suppressed::Summary(list) => list.len(),
            Suppressed::Full(list) => list.len(),
        }
    }

    /// Whether every offer was returned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each offer's id with the code of the reason it was dropped, in catalog order.
    pub fn codes(&self) -> Vec<(&str, DropCode)> {
        match self {
            Suppressed::Summary(list) => list.iter().map(|s| (s.id.as_str(), s.reason)).collect(),
            Suppressed::Full(list) => list.iter().map(|s| (s.id.as_str(), s.reason.code())).collect(),
        }
    }
}

/// An offer that was not returned, and the code of why: what a storefront needs to say
/// "not for you yet" without the explanation a program designer reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct SuppressedSummary {
    /// Offer id.
    pub id: String,
    /// The code of the first reason it was dropped.
    pub reason: DropCode,
    /// For `ineligible`, set when exactly one numeric comparison failed; `null` otherwise.
    pub hint: Option<EligibilityHint>,
}

impl SuppressedSummary {
    /// The summary of an offer dropped for `reason`.
    pub fn of(id: String, reason: DropReason) -> SuppressedSummary {
        let code = reason.code();
        let hint = match reason {
            DropReason::Ineligible { hint, .. } => hint,
            _ => None,
        };
        SuppressedSummary { id, reason: code, hint }
    }
}

/// An offer that was not returned, and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct SuppressedOffer {
    /// Offer id.
    pub id: String,
    /// The first reason it was dropped.
    #[serde(flatten)]
    pub reason: DropReason,
}

/// A "what would make this eligible" hint: the one numeric clause that failed and how far
/// the fact is from passing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct EligibilityHint {
    /// Fact path.
    pub path: String,
    /// `$gt`, `$gte`, `$lt` or `$lte`.
    pub operator: String,
    /// The operand.
    pub target: i64,
    /// The fact's value.
    pub actual: i64,
    /// How much the fact must grow (`$gt`, `$gte`) or shrink (`$lt`, `$lte`) to pass.
    pub missing: i64,
}

/// The first reason an offer was dropped, in pipeline order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DropReason {
    /// The surface does not allow the offer's purpose.
    WrongSurface {
        /// The offer's purpose.
        purpose: Purpose,
        /// Purposes the surface allows.
        allowed: Vec<Purpose>,
    },
    /// The offer is not delivered on the surface's channel.
    ChannelNotAllowed {
        /// The surface's channel.
        channel: String,
        /// The offer's channels.
        channels: Vec<String>,
    },
    /// Validity has not started.
    NotYetValid {
        /// `valid_from` as written.
        valid_from: Option<ValidityBound>,
    },
    /// Validity has ended.
    Expired {
        /// `valid_until` as written.
        valid_until: Option<ValidityBound>,
    },
    /// The eligibility condition failed.
    Ineligible {
        /// The clauses that made it fail, with their actual values.
        clauses: Vec<ClauseReport>,
        /// Set when exactly one numeric comparison failed, `null` otherwise.
        hint: Option<EligibilityHint>,
    },
    /// A consent the offer needs is missing or false.
    NoConsent {
        /// The consent key (`marketing`, `sms`).
        consent: String,
    },
    /// Redeemed as often as it may ever be.
    LifetimeLimit {
        /// Redemptions so far.
        redemptions: u32,
        /// The lifetime maximum.
        max_redemptions: u32,
    },
    /// Redeemed recently.
    Cooldown {
        /// Date of the last redemption.
        last_redeemed: Date,
        /// Cooldown in days.
        cooldown_days: u32,
        /// First date it may be shown again.
        frees_on: Option<Date>,
    },
    /// Shown as often as allowed in the window.
    FrequencyCapped {
        /// Impressions in the window.
        impressions: u32,
        /// The maximum.
        max_impressions: u32,
        /// The window in days.
        per_days: u32,
        /// First date it may be shown again.
        frees_on: Option<Date>,
    },
    /// The member is outside the experiment's coverage (or has no member id).
    NotInExperiment {
        /// Experiment key.
        experiment: String,
    },
    /// The member is in the experiment's holdout.
    Holdout {
        /// Experiment key.
        experiment: String,
        /// The holdout arm.
        arm: String,
    },
    /// The member is in an arm that does not see this offer.
    OtherArm {
        /// Experiment key.
        experiment: String,
        /// The member's arm.
        arm: String,
    },
    /// On a net surface, its expected margin `propensity × (value − cost) × weights ×
    /// lever` is negative: showing it is expected to lose money.
    Unprofitable {
        /// Its score, whose `score` is the (negative) expected margin.
        score: ScoreBreakdown,
    },
    /// A better offer of the same group was chosen.
    GroupTaken {
        /// The group.
        group: String,
        /// The chosen offer.
        by: String,
    },
    /// Better offers filled the limit.
    Outranked {
        /// Position among the candidates that reached ranking, 1 for the best.
        rank: u32,
        /// Its score.
        score: ScoreBreakdown,
    },
    /// The member opted out of (or never consented to) marketing on this outbound
    /// channel of the contact policy.
    ChannelOptOut {
        /// The channel.
        channel: String,
        /// The consent key that is missing or false.
        consent: String,
    },
    /// The member is outside the audience the contact policy gives this outbound channel.
    ChannelAudience {
        /// The channel.
        channel: String,
    },
    /// A marketing cap of the contact policy is reached.
    ContactCapped {
        /// The cap's id.
        cap: String,
        /// The channels it counts together.
        channels: Vec<String>,
        /// Marketing contacts in the period (including those planned in this call).
        contacts: u32,
        /// The maximum.
        max: u32,
        /// The period in calendar days.
        per_days: u32,
        /// First date a marketing contact may go out again under this cap.
        frees_on: Option<Date>,
    },
    /// Outbound marketing is quiet now on this channel.
    QuietHours {
        /// The channel.
        channel: String,
        /// The local time (program offset) sending is allowed again.
        frees_at: Instant,
    },
}

/// The code of a [`DropReason`]: its `reason` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum DropCode {
    /// The surface does not allow the offer's purpose.
    WrongSurface,
    /// The offer is not delivered on the surface's channel.
    ChannelNotAllowed,
    /// Validity has not started.
    NotYetValid,
    /// Validity has ended.
    Expired,
    /// The eligibility condition failed.
    Ineligible,
    /// A consent the offer needs is missing or false.
    NoConsent,
    /// Redeemed as often as it may ever be.
    LifetimeLimit,
    /// Redeemed recently.
    Cooldown,
    /// Shown as often as allowed in the window.
    FrequencyCapped,
    /// The member is outside the experiment's coverage (or has no member id).
    NotInExperiment,
    /// The member is in the experiment's holdout.
    Holdout,
    /// The member is in an arm that does not see this offer.
    OtherArm,
    /// On a net surface its expected margin is negative.
    Unprofitable,
    /// A better offer of the same group was chosen.
    GroupTaken,
    /// Better offers filled the limit.
    Outranked,
    /// The member opted out of marketing on this outbound channel.
    ChannelOptOut,
    /// The member is outside the outbound channel's audience.
    ChannelAudience,
    /// A marketing cap of the contact policy is reached.
    ContactCapped,
    /// Outbound marketing is quiet now.
    QuietHours,
}

impl DropReason {
    /// The reason's code.
    pub fn code(&self) -> DropCode {
        match self {
            DropReason::WrongSurface { .. } => DropCode::WrongSurface,
            DropReason::ChannelNotAllowed { .. } => DropCode::ChannelNotAllowed,
            DropReason::NotYetValid { .. } => DropCode::NotYetValid,
            DropReason::Expired { .. } => DropCode::Expired,
            DropReason::Ineligible { .. } => DropCode::Ineligible,
            DropReason::NoConsent { .. } => DropCode::NoConsent,
            DropReason::LifetimeLimit { .. } => DropCode::LifetimeLimit,
            DropReason::Cooldown { .. } => DropCode::Cooldown,
            DropReason::FrequencyCapped { .. } => DropCode::FrequencyCapped,
            DropReason::NotInExperiment { .. } => DropCode::NotInExperiment,
            DropReason::Holdout { .. } => DropCode::Holdout,
            DropReason::OtherArm { .. } => DropCode::OtherArm,
            DropReason::Unprofitable { .. } => DropCode::Unprofitable,
            DropReason::GroupTaken { .. } => DropCode::GroupTaken,
            DropReason::Outranked { .. } => DropCode::Outranked,
            DropReason::ChannelOptOut { .. } => DropCode::ChannelOptOut,
            DropReason::ChannelAudience { .. } => DropCode::ChannelAudience,
            DropReason::ContactCapped { .. } => DropCode::ContactCapped,
            DropReason::QuietHours { .. } => DropCode::QuietHours,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_written_as_its_reason_tag() {
        let reasons = [
            DropReason::NoConsent { consent: "sms".into() },
            DropReason::GroupTaken { group: "g".into(), by: "o".into() },
            DropReason::Ineligible { clauses: Vec::new(), hint: None },
            DropReason::NotInExperiment { experiment: "e".into() },
        ];
        for reason in reasons {
            let tag = serde_json::to_value(&reason).ok().and_then(|value| value.get("reason").cloned());
            assert_eq!(serde_json::to_value(reason.code()).ok(), tag);
        }
    }

    #[test]
    fn a_summary_keeps_the_hint_of_an_ineligible_offer_only() {
        let hint = EligibilityHint { path: "orders_365d".into(), operator: "$gte".into(), target: 3, actual: 1, missing: 2 };
        let ineligible = SuppressedSummary::of("a".into(), DropReason::Ineligible { clauses: Vec::new(), hint: Some(hint.clone()) });
        assert_eq!(ineligible, SuppressedSummary { id: "a".into(), reason: DropCode::Ineligible, hint: Some(hint) });
        let text = serde_json::to_string(&SuppressedSummary::of("b".into(), DropReason::NoConsent { consent: "sms".into() })).ok();
        assert_eq!(text.as_deref(), Some(r#"{"id":"b","reason":"no_consent","hint":null}"#));
    }
}
