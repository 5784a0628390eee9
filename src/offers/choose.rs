//! Choosing offers for one member: surface → validity → eligibility → consent →
//! frequency → the contact policy's gate (marketing on an outbound channel) → experiment
//! → profit (net surfaces) → rank → group → limit, each offer dropped at the first step it
//! fails and told why.

use crate::error::Code;
use super::compile::{BoostEffect, CompiledOffers, Experiment, Offer, Surface};
use super::experiment::{choose_arm, hash};
use super::frequency::{self, Capped, OfferHistory};
use super::result::{
    AppliedBoost, ArmAssignment, ArmRef, ChosenOffer, ClauseReport, DropReason, EligibilityHint, Explain, OffersResult, ScoreBreakdown, Suppressed, SuppressedOffer,
    SuppressedSummary,
};
use super::spec::{Purpose, ScoreMode};
use crate::contact::gate::{marketing_gate, Gate};
use crate::contact::ContactPolicy;
use super::DEFAULT_SURFACE;
use crate::condition::{Condition, ExplainedClause};
use crate::error::Error;
use crate::program::SavedGroups;
use crate::snapshot::Snapshot;
use crate::time::{Instant, UtcOffset};
use serde_json::Value;
use crate::vec_map::VecMap;

/// What choosing needs to know about the member and the moment.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The facts as JSON, which conditions read.
    pub facts: &'a Value,
    /// The program's saved groups.
    pub saved_groups: &'a SavedGroups,
    /// The snapshot (member id, consent, offer history).
    pub snapshot: &'a Snapshot,
    /// The moment of the call.
    pub now: Instant,
    /// The program's offset, which defines calendar days.
    pub offset: UtcOffset,
}

/// 10000⁴: the denominator of a score (propensity, two weights and the lever are basis points).
const SCORE_SCALE: i128 = 10_000_i128 * 10_000 * 10_000 * 10_000;

fn report(clause: ExplainedClause) -> ClauseReport {
    let ExplainedClause { held, operator, path, expected, actual, missing } = clause;
    ClauseReport { path, operator, expected, actual, missing, held }
}

fn held_clauses(condition: &Condition, member: &Member<'_>) -> Vec<ClauseReport> {
    condition.explain(member.facts, member.saved_groups).into_held_leaves().into_iter().map(report).collect()
}

/// The hint for one failed numeric comparison between integers.
fn hint(clause: &ClauseReport) -> Option<EligibilityHint> {
    if clause.held {
        return None;
    }
    let target = clause.expected.as_i64()?;
    let actual = clause.actual.as_ref()?.as_i64()?;
    let missing = match clause.operator.as_str() {
        "$gte" => target.checked_sub(actual)?,
        "$gt" => target.checked_sub(actual)?.checked_add(1)?,
        "$lte" => actual.checked_sub(target)?,
        "$lt" => actual.checked_sub(target)?.checked_add(1)?,
        _ => return None,
    };
    (missing > 0).then(|| EligibilityHint { path: clause.path.clone(), operator: clause.operator.clone(), target, actual, missing })
}

fn ineligible(condition: &Condition, member: &Member<'_>) -> DropReason {
    let clauses: Vec<ClauseReport> = condition.failed_leaves(member.facts, member.saved_groups).into_iter().map(report).collect();
    let hint = match clauses.as_slice() {
        [only] => hint(only),
        _ => None,
    };
    DropReason::Ineligible { clauses, hint }
}

fn consent_given(snapshot: &Snapshot, key: &str) -> bool {
    snapshot.consent.get(key).copied().unwrap_or(false)
}

/// How an experiment assigns a member, as GrowthBook's `run` would.
pub fn assign(experiment: &Experiment, member_id: &str) -> ArmAssignment {
    let bucket = if member_id.is_empty() { None } else { hash(&experiment.seed, member_id, experiment.hash_version) };
    let arm_index = bucket.map_or(-1, |n| choose_arm(n, &experiment.ranges));
    let arm = usize::try_from(arm_index).ok();
    ArmAssignment {
        experiment: experiment.key.clone(),
        in_experiment: arm.is_some(),
        arm: arm.and_then(|i| experiment.arm_ids.get(i)).cloned(),
        arm_index,
        holdout: arm.and_then(|i| experiment.holdout.get(i)).copied().unwrap_or(false),
        bucket,
        hash_version: experiment.hash_version,
    }
}

/// A candidate that passed every filter, with its exact score.
struct Candidate<'a> {
    index: usize,
    offer: &'a Offer,
    exact: i128,
    breakdown: ScoreBreakdown,
    arm: Option<ArmRef>,
}

fn clamp_propensity(value: i128) -> i64 {
    // Within 0..=10000, so the narrowing cannot fail.
    i64::try_from(value.clamp(0, 10_000)).unwrap_or(0)
}

fn score(offer: &Offer, surface: &Surface, member: &Member<'_>) -> (i128, ScoreBreakdown) {
    let mut propensity = offer.propensity.0.clamp(0, 10_000);
    let mut boosts = Vec::new();
    for (index, boost) in offer.boosts.iter().enumerate() {
        if !boost.when.eval(member.facts, member.saved_groups) {
            continue;
        }
        let (multiply_bp, add_bp) = match boost.effect {
            BoostEffect::MultiplyBp(factor) => {
                propensity = clamp_propensity(i128::from(propensity) * i128::from(factor) / 10_000);
                (Some(factor), None)
            }
            BoostEffect::AddBp(add) => {
                propensity = clamp_propensity(i128::from(propensity) + i128::from(add));
                (None, Some(add))
            }
        };
        boosts.push(AppliedBoost {
            index: u32::try_from(index).unwrap_or(u32::MAX),
            multiply_bp,
            add_bp,
            propensity_bp: propensity,
            // Filled in by `explain_boosts` for the offers whose score is shown.
            reasons: Vec::new(),
        });
    }
    let kind_weight = surface.kind_weight(offer.kind).0;
    let purpose_weight = surface.purpose_weight(offer.purpose).0;
    // Compile bounds every factor (value and cost < 2^53, propensity ≤ 10^4, weights ≤
    // 10^6), so each product stays below 10^38 < i128::MAX; saturate rather than trust
    // that blindly.
    let weighted = |amount: i128| {
        [propensity, kind_weight, purpose_weight, offer.lever.0]
            .iter()
            .try_fold(amount, |acc, factor| acc.checked_mul(i128::from(*factor)))
            .unwrap_or(if amount < 0 { i128::MIN } else { i128::MAX })
    };
    let value = offer.margin_bp.map_or(offer.value.0, |rate| crate::margin::at_rate(offer.value.0, rate));
    let product = weighted(i128::from(value));
    let expected_cost = weighted(i128::from(offer.cost.0));
    let exact = match surface.score_mode {
        ScoreMode::Gross => product,
        // The expected margin: the cost is paid only when the member takes the offer, so
        // it is weighted by the same propensity, context and lever as the value.
        ScoreMode::Net => weighted(i128::from(value) - i128::from(offer.cost.0)),
    };
    // Shown floored, and within ±(2^53 − 1) so that JavaScript reads it exactly; ranking
    // uses the exact value.
    let limit = i128::from(crate::money::MAX_AMOUNT);
    let floor = |value: i128| i64::try_from(value.div_euclid(SCORE_SCALE).clamp(-limit, limit)).unwrap_or(0);
    let breakdown = ScoreBreakdown {
        base_propensity_bp: offer.propensity.0,
        boosts,
        propensity_bp: propensity,
        value,
        revenue_value: offer.margin_bp.map(|_| offer.value.0),
        margin_bp: offer.margin_bp,
        kind_weight_bp: kind_weight,
        purpose_weight_bp: purpose_weight,
        lever_bp: offer.lever.0,
        gross: floor(product),
        cost: offer.cost.0,
        expected_cost: floor(expected_cost),
        score_mode: surface.score_mode,
        score: floor(exact),
    };
    (exact, breakdown)
}

/// The clauses that made each applied boost of `breakdown` hold: explaining them costs as
/// much as the rest of the score, so it is done only for the scores a result shows.
fn explain_boosts(offer: &Offer, breakdown: &mut ScoreBreakdown, member: &Member<'_>) {
    for applied in &mut breakdown.boosts {
        if let Some(boost) = usize::try_from(applied.index).ok().and_then(|index| offer.boosts.get(index)) {
            applied.reasons = held_clauses(&boost.when, member);
        }
    }
}

/// The first filter an offer fails before ranking, if any.
fn filter(offer: &Offer, surface: &Surface, member: &Member<'_>, history: &VecMap<&str, OfferHistory>, compiled_contact: Option<&ContactPolicy>, gate: Option<&Gate>) -> Option<DropReason> {
    if !surface.purposes.contains(&offer.purpose) {
        return Some(DropReason::WrongSurface { purpose: offer.purpose, allowed: surface.purposes.clone() });
    }
    if !offer.channels.contains(&surface.channel) {
        return Some(DropReason::ChannelNotAllowed { channel: surface.channel.clone(), channels: offer.channels.clone() });
    }
    if offer.opens_at.is_some_and(|opens| member.now < opens) {
        return Some(DropReason::NotYetValid { valid_from: offer.valid_from });
    }
    if offer.closes_at.is_some_and(|closes| member.now >= closes) {
        return Some(DropReason::Expired { valid_until: offer.valid_until });
    }
    if let Some(condition) = &offer.eligibility {
        if !condition.eval(member.facts, member.saved_groups) {
            return Some(ineligible(condition, member));
        }
    }
    if offer.requires_consent {
        if !consent_given(member.snapshot, "marketing") {
            return Some(DropReason::NoConsent { consent: "marketing".to_string() });
        }
        if let Some(key) = surface.channel_consent.as_deref() {
            if !consent_given(member.snapshot, key) {
                // On an outbound channel of the contact policy a missing channel consent is
                // the member's opt-out of that channel.
                return Some(match compiled_contact.and_then(|policy| policy.outbound(&surface.channel)) {
                    Some(channel) => DropReason::ChannelOptOut { channel: channel.id.clone(), consent: key.to_string() },
                    None => DropReason::NoConsent { consent: key.to_string() },
                });
            }
        }
    }
    let today = member.now.date_in(member.offset);
    let capped = match frequency::check(&offer.frequency, history.get(offer.id.as_str()), today) {
        None => None,
        Some(Capped::Lifetime { redemptions, max }) => Some(DropReason::LifetimeLimit { redemptions, max_redemptions: max }),
        Some(Capped::Cooldown { last, days, frees_on }) => Some(DropReason::Cooldown { last_redeemed: last, cooldown_days: days, frees_on }),
        Some(Capped::Impressions { count, max, days, frees_on }) => {
            Some(DropReason::FrequencyCapped { impressions: count, max_impressions: max, per_days: days, frees_on })
        }
    };
    // The contact policy's gate holds back marketing only; service is never capped nor quiet.
    capped.or_else(|| gate.filter(|_| offer.purpose == Purpose::Marketing).map(|gate| gate.reason.clone()))
}

/// Chooses the offers of `surface` (the default surface when `None`) for a member, the
/// offers not returned explained at the `explain` level.
/// Fails only when the surface is unknown; paths point into the call's options.
pub fn next_best_offers(compiled: &CompiledOffers, member: &Member<'_>, surface: Option<&str>, limit: Option<u32>, explain: Explain) -> Result<OffersResult, Error> {
    let surface_id = surface.unwrap_or(DEFAULT_SURFACE);
    let Some(surface) = compiled.surfaces.iter().find(|s| s.id == surface_id) else {
        let known: Vec<&str> = compiled.surfaces.iter().map(|s| s.id.as_str()).collect();
        return Err(Error::one(Code::UnknownSurface, "/options/surface", format!("no surface {surface_id:?}; the program has {known:?}")));
    };
    let limit = limit.unwrap_or(surface.limit);
    let gate = compiled.contact.as_ref().and_then(|policy| Some((policy, policy.outbound(&surface.channel)?))).and_then(|(policy, channel)| marketing_gate(policy, channel, member, &[]));
    Ok(choose_on(compiled, member, surface, limit, explain, gate.as_ref(), &[]))
}

/// Chooses at most `limit` offers of `surface`, marketing held back by the contact
/// policy's `gate` of its channel when there is one; offers in `exclude` (planned on
/// another channel) are left out without a reason.
pub(crate) fn choose_on(compiled: &CompiledOffers, member: &Member<'_>, surface: &Surface, limit: u32, explain: Explain, gate: Option<&Gate>, exclude: &[&str]) -> OffersResult {
    let history = frequency::index_history(&member.snapshot.offer_history, member.now, member.offset);
    let mut dropped: Vec<Option<DropReason>> = vec![None; compiled.offers.len()];
    let mut assignments: Vec<Option<ArmAssignment>> = vec![None; compiled.experiments.len()];
    let mut candidates = Vec::new();
    for (index, offer) in compiled.offers.iter().enumerate() {
        if exclude.contains(&offer.id.as_str()) {
            continue;
        }
        let reason = filter(offer, surface, member, &history, compiled.contact.as_ref(), gate);
        let mut arm = None;
        let reason = reason.or_else(|| {
            let link = offer.experiment.as_ref()?;
            let experiment = compiled.experiments.get(link.experiment)?;
            let slot = assignments.get_mut(link.experiment)?;
            let assignment = slot.get_or_insert_with(|| assign(experiment, &member.snapshot.member_id));
            let key = experiment.key.clone();
            let arm_id = assignment.arm.clone();
            let arm_index = usize::try_from(assignment.arm_index).ok();
            match (arm_index, arm_id) {
                (Some(_), Some(arm_id)) if assignment.holdout => Some(DropReason::Holdout { experiment: key, arm: arm_id }),
                (Some(position), Some(arm_id)) if !link.arms.contains(&position) => Some(DropReason::OtherArm { experiment: key, arm: arm_id }),
                (Some(_), Some(arm_id)) => {
                    arm = Some(ArmRef { experiment: key, arm: arm_id });
                    None
                }
                _ => Some(DropReason::NotInExperiment { experiment: key }),
            }
        });
        match reason {
            Some(reason) => {
                if let Some(slot) = dropped.get_mut(index) {
                    *slot = Some(reason);
                }
            }
            None => {
                let (exact, breakdown) = score(offer, surface, member);
                if surface.score_mode == ScoreMode::Net && exact < 0 {
                    if let Some(slot) = dropped.get_mut(index) {
                        *slot = Some(DropReason::Unprofitable { score: breakdown });
                    }
                } else {
                    candidates.push(Candidate { index, offer, exact, breakdown, arm });
                }
            }
        }
    }
    // Best score first; equal scores in offer id order.
    crate::sort::sort_by(&mut candidates, |a, b| b.exact.cmp(&a.exact).then_with(|| a.offer.id.cmp(&b.offer.id)));
    let mut chosen = Vec::new();
    let mut groups: VecMap<&str, &str> = VecMap::new();
    for (position, candidate) in candidates.into_iter().enumerate() {
        let taken_by = candidate.offer.group.as_deref().and_then(|group| groups.get(group).map(|by| (group, *by)));
        let reason = if let Some((group, by)) = taken_by {
            Some(DropReason::GroupTaken { group: group.to_string(), by: by.to_string() })
        } else if chosen.len() < limit as usize {
            if let Some(group) = candidate.offer.group.as_deref() {
                groups.insert(group, candidate.offer.id.as_str());
            }
            None
        } else {
            // The breakdown moves into the reason: nothing reads it afterwards.
            let rank = u32::try_from(position + 1).unwrap_or(u32::MAX);
            let mut score = candidate.breakdown;
            if explain == Explain::Full {
                explain_boosts(candidate.offer, &mut score, member);
            }
            if let Some(slot) = dropped.get_mut(candidate.index) {
                *slot = Some(DropReason::Outranked { rank, score });
            }
            continue;
        };
        match reason {
            Some(reason) => {
                if let Some(slot) = dropped.get_mut(candidate.index) {
                    *slot = Some(reason);
                }
            }
            None => {
                let offer = candidate.offer;
                let mut score = candidate.breakdown;
                explain_boosts(offer, &mut score, member);
                chosen.push(ChosenOffer {
                    id: offer.id.clone(),
                    rank: u32::try_from(chosen.len() + 1).unwrap_or(u32::MAX),
                    kind: offer.kind,
                    purpose: offer.purpose,
                    title: offer.title.clone(),
                    body: offer.body.clone(),
                    group: offer.group.clone(),
                    valid_until: offer.valid_until,
                    reasons: offer.eligibility.as_ref().map(|condition| held_clauses(condition, member)).unwrap_or_default(),
                    score,
                    experiment: candidate.arm,
                    data: offer.data.clone(),
                });
            }
        }
    }
    let dropped = compiled.offers.iter().zip(dropped).filter_map(|(offer, reason)| reason.map(|reason| (offer.id.clone(), reason)));
    let suppressed = match explain {
        Explain::Summary => Suppressed::Summary(dropped.map(|(id, reason)| SuppressedSummary::of(id, reason)).collect()),
        Explain::Full => Suppressed::Full(dropped.map(|(id, reason)| SuppressedOffer { id, reason }).collect()),
    };
    let experiments = assignments.into_iter().flatten().collect();
    OffersResult { surface: surface.id.clone(), channel: surface.channel.clone(), limit, score_mode: surface.score_mode, offers: chosen, suppressed, experiments }
}
