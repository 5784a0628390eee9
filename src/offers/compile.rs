//! Checking and compiling the offer sections once, so that choosing for a member does only
//! per-member work.

use crate::text::check_id;
use crate::error::Code;
use super::experiment::{bucket_ranges, BucketRange};
use super::spec::{ExperimentSpec, OfferKind, OfferSpec, Purpose, ScoreMode, SurfaceSpec, ValidityBound};
use super::{MAX_ARMS, MAX_BOOSTS, MAX_CHANNELS, MAX_EXPERIMENTS, MAX_SURFACES, MAX_WEIGHT_BP};
use crate::condition::{self, Condition};
use crate::error::pointer;
use crate::json::write::ToJsonKey;
use crate::limits;
use crate::money::{Bp, Money, Points};
use crate::points::MoneyValue;
use crate::program::ProgramHeader;
use crate::text::{check_translated_text, LocalizedText};
use crate::read::CompileContext;
use crate::time::Instant;
use serde_json::{Map, Value};
use crate::vec_map::{VecMap, VecSet};

/// How a boost changes the propensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoostEffect {
    /// Multiply by basis points.
    MultiplyBp(i64),
    /// Add basis points (may be negative).
    AddBp(i64),
}

/// A compiled boost.
#[derive(Debug, Clone)]
pub struct Boost {
    /// When it applies.
    pub when: Condition,
    /// What it does.
    pub effect: BoostEffect,
}

/// Frequency rules with their windows checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Frequency {
    /// `(max impressions, window in days)`.
    pub impressions: Option<(u32, u32)>,
    /// Days of cooldown after a redemption.
    pub cooldown_days: Option<u32>,
    /// Lifetime redemptions.
    pub max_redemptions: Option<u32>,
}

/// An offer's place in an experiment: the experiment's index and the indexes of the arms
/// that see it.
#[derive(Debug, Clone)]
pub struct OfferArms {
    /// Index into [`CompiledOffers::experiments`].
    pub experiment: usize,
    /// Arm indexes, ascending.
    pub arms: Vec<usize>,
}

/// One offer, compiled.
#[derive(Debug, Clone)]
pub struct Offer {
    /// Id.
    pub id: String,
    /// Title.
    pub title: LocalizedText,
    /// Body.
    pub body: LocalizedText,
    /// Kind.
    pub kind: OfferKind,
    /// Purpose.
    pub purpose: Purpose,
    /// Channels, as given.
    pub channels: Vec<String>,
    /// Eligibility condition.
    pub eligibility: Option<Condition>,
    /// Validity bounds as written, for explanations.
    pub valid_from: Option<ValidityBound>,
    /// Validity end as written.
    pub valid_until: Option<ValidityBound>,
    /// First instant the offer is valid.
    pub opens_at: Option<Instant>,
    /// First instant it is no longer valid.
    pub closes_at: Option<Instant>,
    /// Cost in minor units.
    pub cost: Money,
    /// Value in minor units.
    pub value: Money,
    /// Base propensity in basis points.
    pub propensity: Bp,
    /// Boosts in order.
    pub boosts: Vec<Boost>,
    /// Lever in basis points.
    pub lever: Bp,
    /// Group.
    pub group: Option<String>,
    /// Frequency rules.
    pub frequency: Frequency,
    /// Whether consent is needed.
    pub requires_consent: bool,
    /// Experiment arms that see it.
    pub experiment: Option<OfferArms>,
    /// Data handed back.
    pub data: Map<String, Value>,
    /// Margin rate its value counts at, basis points; `None` (the whole value) when the
    /// program has no `margin`.
    pub margin_bp: Option<i64>,
    /// The category whose margin rate values it.
    pub margin_category: Option<String>,
}

/// One experiment, with its bucket ranges computed.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// Key.
    pub key: String,
    /// Hash seed (the key unless given).
    pub seed: String,
    /// Hash version.
    pub hash_version: u32,
    /// Arm ids in order.
    pub arm_ids: Vec<String>,
    /// Which arms are holdouts.
    pub holdout: Vec<bool>,
    /// GrowthBook bucket ranges, one per arm.
    pub ranges: Vec<BucketRange>,
}

/// One surface, compiled.
#[derive(Debug, Clone)]
pub struct Surface {
    /// Id.
    pub id: String,
    /// Channel.
    pub channel: String,
    /// Allowed purposes.
    pub purposes: Vec<Purpose>,
    /// Extra consent key for offers that require consent.
    pub channel_consent: Option<String>,
    /// Default limit.
    pub limit: u32,
    /// Score mode.
    pub score_mode: ScoreMode,
    /// Weights per kind.
    pub kind_weights: VecMap<OfferKind, Bp>,
    /// Weights per purpose.
    pub purpose_weights: VecMap<Purpose, Bp>,
}

impl Surface {
    /// Context weight of `kind` here, basis points.
    pub fn kind_weight(&self, kind: OfferKind) -> Bp {
        self.kind_weights.get(&kind).copied().unwrap_or(Bp::ONE)
    }

    /// Context weight of `purpose` here, basis points.
    pub fn purpose_weight(&self, purpose: Purpose) -> Bp {
        self.purpose_weights.get(&purpose).copied().unwrap_or(Bp::ONE)
    }
}

/// The compiled offer sections.
#[derive(Debug, Clone, Default)]
pub struct CompiledOffers {
    /// Offers in catalog order.
    pub offers: Vec<Offer>,
    /// Surfaces.
    pub surfaces: Vec<Surface>,
    /// Experiments.
    pub experiments: Vec<Experiment>,
    /// The contact policy, when the program has one.
    pub contact: Option<crate::contact::ContactPolicy>,
}

impl CompiledOffers {
    /// Makes every offer's value count at the program's gross margin rate of its
    /// `margin_category` (the program's `margin`): its score ranks profit, not revenue.
    pub fn count_values_at_margin(&mut self, margin: &crate::margin::Margin) {
        for offer in &mut self.offers {
            offer.margin_bp = Some(margin.rate_of(offer.margin_category.as_deref()));
        }
    }
}



fn check_weight(ctx: &mut CompileContext, path: &str, weight: Bp) {
    if weight.0 > MAX_WEIGHT_BP {
        ctx.report(Code::OutOfRange, path, format!("must be at most {MAX_WEIGHT_BP} basis points (×100)"));
    }
}

fn compile_condition(ctx: &mut CompileContext, condition: &Value, path: &str) -> Option<Condition> {
    match condition::compile(condition, path) {
        Ok(compiled) => Some(compiled),
        Err(issues) => {
            ctx.issues.extend(issues);
            None
        }
    }
}


/// The elements of the array `value` (a missing or null section is empty). Callers parse
/// and check one element at a time, so that issues come in document order.
fn elements<'a>(ctx: &mut CompileContext, value: Option<&'a Value>, path: &str) -> &'a [Value] {
    match value {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            ctx.report(Code::InvalidType, path, format!("expected an array, got {}", crate::read::json_type(other)));
            &[]
        }
    }
}

fn compile_surfaces(ctx: &mut CompileContext, program: &Map<String, Value>) -> Vec<Surface> {
    let given = program.contains_key("surfaces");
    let items = elements(ctx, program.get("surfaces"), "/surfaces");
    if items.len() > MAX_SURFACES {
        ctx.report(Code::TooManySurfaces, "/surfaces", format!("at most {MAX_SURFACES} surfaces are accepted, got {}", items.len()));
        return Vec::new();
    }
    let mut defaults = if given { Vec::new() } else { super::spec::default_surfaces() }.into_iter();
    let count = if given { items.len() } else { defaults.len() };
    let mut seen = VecSet::new();
    let mut surfaces = Vec::new();
    for index in 0..count {
        let at = pointer("/surfaces", index);
        let spec: Option<SurfaceSpec> = if given { items.get(index).and_then(|item| ctx.parse(item, &at)) } else { defaults.next() };
        let Some(spec) = spec else { continue };
        check_id(ctx, &pointer(&at, "id"), &spec.id);
        check_id(ctx, &pointer(&at, "channel"), &spec.channel);
        if let Some(key) = &spec.channel_consent {
            check_id(ctx, &pointer(&at, "channel_consent"), key);
        }
        if !seen.insert(spec.id.clone()) {
            ctx.report(Code::DuplicateId, pointer(&at, "id"), format!("surface {:?} is defined twice", spec.id));
        }
        if spec.purposes.is_empty() {
            ctx.report(Code::InvalidValue, pointer(&at, "purposes"), "a surface must allow at least one purpose");
        }
        if spec.limit as usize > limits::MAX_OFFERS {
            ctx.report(Code::OutOfRange, pointer(&at, "limit"), format!("must be at most {}", limits::MAX_OFFERS));
        }
        for (kind, weight) in &spec.kind_weights {
            let name = kind.json_key();
            check_weight(ctx, &pointer(&pointer(&at, "kind_weights"), name), *weight);
        }
        for (purpose, weight) in &spec.purpose_weights {
            let name = purpose.json_key();
            check_weight(ctx, &pointer(&pointer(&at, "purpose_weights"), name), *weight);
        }
        surfaces.push(Surface {
            id: spec.id,
            channel: spec.channel,
            purposes: spec.purposes,
            channel_consent: spec.channel_consent,
            limit: spec.limit,
            score_mode: spec.score_mode,
            kind_weights: spec.kind_weights,
            purpose_weights: spec.purpose_weights,
        });
    }
    surfaces
}

fn compile_experiment(ctx: &mut CompileContext, at: &str, spec: ExperimentSpec) -> Experiment {
    check_id(ctx, &pointer(at, "key"), &spec.key);
    if let Some(seed) = &spec.seed {
        if seed.chars().count() > limits::MAX_ID_CHARS {
            ctx.report(Code::StringTooLong, pointer(at, "seed"), format!("must be at most {} characters", limits::MAX_ID_CHARS));
        }
    }
    if !matches!(spec.hash_version, 1 | 2) {
        ctx.report(Code::InvalidValue, pointer(at, "hash_version"), format!("GrowthBook hash versions are 1 and 2, got {}", spec.hash_version));
    }
    if spec.coverage > Bp::ONE {
        ctx.report(Code::OutOfRange, pointer(at, "coverage"), "coverage is at most 10000 basis points");
    }
    let arms_at = pointer(at, "arms");
    if spec.arms.len() < 2 || spec.arms.len() > MAX_ARMS {
        ctx.report(Code::InvalidLength, &arms_at, format!("an experiment has 2 to {MAX_ARMS} arms, got {}", spec.arms.len()));
    }
    let mut seen = VecSet::new();
    for (index, arm) in spec.arms.iter().enumerate() {
        check_id(ctx, &pointer(&pointer(&arms_at, index), "id"), &arm.id);
        if !seen.insert(arm.id.as_str()) {
            ctx.report(Code::DuplicateId, pointer(&pointer(&arms_at, index), "id"), format!("arm {:?} is defined twice", arm.id));
        }
    }
    let given: Vec<Bp> = spec.arms.iter().filter_map(|arm| arm.weight).collect();
    let weights: Option<Vec<f64>> = if given.is_empty() {
        None
    } else if given.len() != spec.arms.len() {
        ctx.report(Code::IncompleteWeights, &arms_at, "give every arm a weight, or none for equal weights");
        None
    } else {
        let total: i64 = given.iter().map(|w| w.0).sum();
        if total != Bp::ONE.0 {
            ctx.report(Code::WeightsNot10000, &arms_at, format!("arm weights must add up to 10000 basis points, got {total}"));
        }
        // bp / 10000 is the float nearest the decimal GrowthBook would be given (0.45).
        Some(given.iter().map(|w| w.0 as f64 / 10_000.0).collect())
    };
    let coverage = spec.coverage.0 as f64 / 10_000.0;
    Experiment {
        seed: spec.seed.clone().unwrap_or_else(|| spec.key.clone()),
        key: spec.key,
        hash_version: spec.hash_version,
        ranges: bucket_ranges(spec.arms.len(), Some(coverage), weights.as_deref()),
        arm_ids: spec.arms.iter().map(|arm| arm.id.clone()).collect(),
        holdout: spec.arms.iter().map(|arm| arm.holdout).collect(),
    }
}

fn compile_experiments(ctx: &mut CompileContext, program: &Map<String, Value>) -> Vec<Experiment> {
    let items = elements(ctx, program.get("experiments"), "/experiments");
    if items.len() > MAX_EXPERIMENTS {
        ctx.report(Code::TooManyExperiments, "/experiments", format!("at most {MAX_EXPERIMENTS} experiments are accepted, got {}", items.len()));
        return Vec::new();
    }
    let mut seen = VecSet::new();
    let mut experiments = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = pointer("/experiments", index);
        let Some(spec) = ctx.parse::<ExperimentSpec>(item, &at) else { continue };
        if !seen.insert(spec.key.clone()) {
            ctx.report(Code::DuplicateId, pointer(&at, "key"), format!("experiment {:?} is defined twice", spec.key));
        }
        experiments.push(compile_experiment(ctx, &at, spec));
    }
    experiments
}

fn compile_frequency(ctx: &mut CompileContext, at: &str, spec: &super::spec::FrequencySpec) -> Frequency {
    let at = pointer(at, "frequency");
    let impressions = match (spec.max_impressions, spec.per_days) {
        (Some(max), Some(days)) => Some((max, days)),
        (None, None) => None,
        (Some(_), None) => {
            ctx.report(Code::MissingField, pointer(&at, "per_days"), "`max_impressions` needs `per_days`, the window it counts in");
            None
        }
        (None, Some(_)) => {
            ctx.report(Code::MissingField, pointer(&at, "max_impressions"), "`per_days` needs `max_impressions`");
            None
        }
    };
    for (name, days) in [("per_days", spec.per_days), ("cooldown_days", spec.cooldown_days)] {
        if days.is_some_and(|d| !(1..=3660).contains(&d)) {
            ctx.report(Code::OutOfRange, pointer(&at, name), "must be within 1..=3660 days");
        }
    }
    if spec.max_impressions == Some(0) {
        ctx.report(Code::OutOfRange, pointer(&at, "max_impressions"), "must be at least 1 (remove the offer to never show it)");
    }
    if spec.max_redemptions == Some(0) {
        ctx.report(Code::OutOfRange, pointer(&at, "max_redemptions"), "must be at least 1");
    }
    Frequency { impressions, cooldown_days: spec.cooldown_days, max_redemptions: spec.max_redemptions }
}

fn compile_offer(ctx: &mut CompileContext, at: &str, spec: OfferSpec, header: &ProgramHeader, experiments: &[Experiment]) -> Option<Offer> {
    let issues_before = ctx.issues.len();
    check_id(ctx, &pointer(at, "id"), &spec.id);
    check_translated_text(ctx, &pointer(at, "title"), &spec.title, &header.locales, true);
    check_translated_text(ctx, &pointer(at, "body"), &spec.body, &header.locales, false);
    if spec.purpose == Purpose::Service && !matches!(spec.kind, OfferKind::ServiceNotice | OfferKind::Content) {
        ctx.report(Code::ServiceCarriesMarketing, pointer(at, "kind"), "a service offer must be a `service_notice` or `content`; coupons, bonuses and gifts are marketing");
    }
    let channels_at = pointer(at, "channels");
    if spec.channels.is_empty() || spec.channels.len() > MAX_CHANNELS {
        ctx.report(Code::InvalidLength, &channels_at, format!("an offer has 1 to {MAX_CHANNELS} channels"));
    }
    for (index, channel) in spec.channels.iter().enumerate() {
        check_id(ctx, &pointer(&channels_at, index), channel);
    }
    let eligibility = spec.eligibility.as_ref().and_then(|condition| compile_condition(ctx, condition, &pointer(at, "eligibility")));
    let opens_at = spec.valid_from.map(|bound| bound.opens_at(header.offset));
    let closes_at = spec.valid_until.map(|bound| bound.closes_at(header.offset));
    if let (Some(opens), Some(closes)) = (opens_at, closes_at) {
        if closes <= opens {
            ctx.report(Code::EmptyWindow, pointer(at, "valid_until"), "must be after `valid_from`");
        }
    }
    if spec.propensity > Bp::ONE {
        ctx.report(Code::OutOfRange, pointer(at, "propensity"), "a propensity is at most 10000 basis points");
    }
    let boosts_at = pointer(at, "boosts");
    if spec.boosts.len() > MAX_BOOSTS {
        ctx.report(Code::InvalidLength, &boosts_at, format!("at most {MAX_BOOSTS} boosts per offer"));
    }
    let mut boosts = Vec::new();
    for (index, boost) in spec.boosts.iter().enumerate() {
        let boost_at = pointer(&boosts_at, index);
        let effect = match (boost.multiply_bp, boost.add_bp) {
            (Some(factor), None) => {
                check_weight(ctx, &pointer(&boost_at, "multiply_bp"), factor);
                Some(BoostEffect::MultiplyBp(factor.0))
            }
            (None, Some(add)) => {
                if !(-10_000..=10_000).contains(&add) {
                    ctx.report(Code::OutOfRange, pointer(&boost_at, "add_bp"), "must be within -10000..=10000");
                }
                Some(BoostEffect::AddBp(add))
            }
            _ => {
                ctx.report(Code::InvalidBoost, &boost_at, "a boost has exactly one of `multiply_bp` and `add_bp`");
                None
            }
        };
        let when = compile_condition(ctx, &boost.when, &pointer(&boost_at, "when"));
        if let (Some(when), Some(effect)) = (when, effect) {
            boosts.push(Boost { when, effect });
        }
    }
    check_weight(ctx, &pointer(at, "lever"), spec.lever);
    if let Some(group) = &spec.group {
        check_id(ctx, &pointer(at, "group"), group);
    }
    let frequency = compile_frequency(ctx, at, &spec.frequency);
    let experiment = spec.experiment.as_ref().and_then(|link| {
        let link_at = pointer(at, "experiment");
        let Some(index) = experiments.iter().position(|e| e.key == link.key) else {
            ctx.report(Code::UnknownExperiment, pointer(&link_at, "key"), format!("no experiment {:?} in `experiments`", link.key));
            return None;
        };
        let experiment = experiments.get(index)?;
        if link.arms.is_empty() {
            ctx.report(Code::InvalidLength, pointer(&link_at, "arms"), "name at least one arm");
        }
        let mut arms = VecSet::new();
        for (arm_index, arm) in link.arms.iter().enumerate() {
            let arm_at = pointer(&pointer(&link_at, "arms"), arm_index);
            match experiment.arm_ids.iter().position(|id| id == arm) {
                None => ctx.report(Code::UnknownArm, arm_at, format!("experiment {:?} has no arm {arm:?}", link.key)),
                Some(position) if experiment.holdout.get(position).copied().unwrap_or(false) => {
                    ctx.report(Code::HoldoutArm, arm_at, format!("arm {arm:?} is a holdout: its members see no offer of the experiment"));
                }
                Some(position) => {
                    arms.insert(position);
                }
            }
        }
        Some(OfferArms { experiment: index, arms: arms.into_iter().collect() })
    });
    if ctx.issues.len() > issues_before {
        return None;
    }
    Some(Offer {
        requires_consent: spec.requires_consent.unwrap_or(spec.purpose == Purpose::Marketing),
        id: spec.id,
        title: spec.title,
        body: spec.body,
        kind: spec.kind,
        purpose: spec.purpose,
        channels: spec.channels,
        eligibility,
        valid_from: spec.valid_from,
        valid_until: spec.valid_until,
        opens_at,
        closes_at,
        cost: spec.cost,
        value: spec.value,
        propensity: spec.propensity,
        boosts,
        lever: spec.lever,
        group: spec.group,
        frequency,
        experiment,
        data: spec.data,
        margin_bp: None,
        margin_category: spec.margin_category,
    })
}

/// Values an offer that gives points (`data.points`) at the program's one points rate:
/// its `value` is what the points are worth, and so is its `cost` unless the offer sets
/// one (points that are never redeemed cost less than their worth). A `value` the offer
/// sets must agree with the rate, so a text and its number cannot drift apart.
fn value_points_offer(ctx: &mut CompileContext, at: &str, item: &Value, spec: &mut OfferSpec, rate: MoneyValue) {
    let Some(given) = spec.data.get("points") else { return };
    let points_at = pointer(&pointer(at, "data"), "points");
    let Some(points) = given.as_i64().filter(|points| (0..=crate::money::MAX_AMOUNT).contains(points)) else {
        ctx.report(Code::InvalidValue, points_at, "the points an offer gives must be a whole number of points, at least 0");
        return;
    };
    let Some(worth) = rate.worth(Points(points)) else {
        ctx.report(Code::OutOfRange, points_at, format!("{points} points are worth more than {} minor units", crate::money::MAX_AMOUNT));
        return;
    };
    if item.get("value").is_some() && spec.value != worth {
        ctx.report(
            Code::PointsValueMismatch,
            pointer(at, "value"),
            format!("{points} points are worth {} minor units at `points.money_value`; set `value` to that or leave it out", worth.minor()),
        );
        return;
    }
    spec.value = worth;
    if item.get("cost").is_none() {
        spec.cost = worth;
    }
}

/// Compiles `offers`, `surfaces` and `experiments` of `program`, recording every issue.
/// `points_value` is the program's `points.money_value`, which values offers that give
/// points.
pub fn compile(program: &Map<String, Value>, header: &ProgramHeader, points_value: Option<MoneyValue>, ctx: &mut CompileContext) -> CompiledOffers {
    let contact = crate::contact::compile::compile(program.get("contact_policy"), ctx);
    let mut surfaces = compile_surfaces(ctx, program);
    if let Some(policy) = &contact {
        complete_surfaces(ctx, policy, program.contains_key("surfaces"), &mut surfaces);
    }
    let experiments = compile_experiments(ctx, program);
    let mut offers = Vec::new();
    let items = elements(ctx, program.get("offers"), "/offers");
    if items.len() > limits::MAX_OFFERS {
        ctx.report(Code::TooManyOffers, "/offers", format!("at most {} offers are accepted, got {}", limits::MAX_OFFERS, items.len()));
        return CompiledOffers { offers, surfaces, experiments, contact };
    }
    let mut seen = VecSet::new();
    for (index, item) in items.iter().enumerate() {
        let at = pointer("/offers", index);
        let Some(mut spec) = ctx.parse::<OfferSpec>(item, &at) else { continue };
        if let Some(rate) = points_value {
            value_points_offer(ctx, &at, item, &mut spec, rate);
        }
        if !seen.insert(spec.id.clone()) {
            ctx.report(Code::DuplicateId, pointer(&at, "id"), format!("offer {:?} is defined twice", spec.id));
        }
        if let Some(policy) = &contact {
            for (position, channel) in spec.channels.iter().enumerate() {
                if policy.channel(channel).is_none() {
                    let at = pointer(&pointer(&at, "channels"), position);
                    ctx.report(Code::UnknownChannel, at, format!("the contact policy declares no channel {channel:?}"));
                }
            }
        }
        if let Some(offer) = compile_offer(ctx, &at, spec, header, &experiments) {
            offers.push(offer);
        }
    }
    CompiledOffers { offers, surfaces, experiments, contact }
}

/// Completes the surface table with the contact policy: a surface the program writes must
/// be on a declared channel and allow only purposes its channel carries; a default surface
/// on a channel the policy does not declare is left out, and one on a declared channel
/// allows only what the channel carries. Every surface takes its channel's consent key
/// unless it names its own, and every outbound channel without a surface gets one named
/// after it (limit 1, neutral weights).
fn complete_surfaces(ctx: &mut CompileContext, policy: &crate::contact::ContactPolicy, given: bool, surfaces: &mut Vec<Surface>) {
    let mut kept = Vec::with_capacity(surfaces.len());
    for (index, mut surface) in std::mem::take(surfaces).into_iter().enumerate() {
        let at = pointer("/surfaces", index);
        let Some(channel) = policy.channel(&surface.channel) else {
            if given {
                ctx.report(Code::UnknownChannel, pointer(&at, "channel"), format!("the contact policy declares no channel {:?}", surface.channel));
            }
            continue;
        };
        if given {
            if let Some(purpose) = surface.purposes.iter().find(|purpose| !channel.purposes.contains(purpose)) {
                ctx.report(Code::InvalidValue, pointer(&at, "purposes"), format!("channel {:?} does not carry {:?}", channel.id, purpose.json_key()));
            }
        } else {
            surface.purposes.retain(|purpose| channel.purposes.contains(purpose));
            if surface.purposes.is_empty() {
                continue;
            }
        }
        if surface.channel_consent.is_none() {
            surface.channel_consent.clone_from(&channel.consent);
        }
        kept.push(surface);
    }
    for (index, channel) in policy.channels.iter().enumerate() {
        if channel.kind != crate::contact::ChannelKind::Outbound || kept.iter().any(|surface| surface.channel == channel.id) {
            continue;
        }
        if kept.iter().any(|surface| surface.id == channel.id) {
            let at = pointer(&pointer("/contact_policy/channels", index), "id");
            ctx.report(Code::DuplicateId, at, format!("outbound channel {:?} needs a surface of its own, and a surface on another channel already has its id", channel.id));
            continue;
        }
        kept.push(Surface {
            id: channel.id.clone(),
            channel: channel.id.clone(),
            purposes: channel.purposes.clone(),
            channel_consent: channel.consent.clone(),
            limit: 1,
            score_mode: ScoreMode::Gross,
            kind_weights: VecMap::new(),
            purpose_weights: VecMap::new(),
        });
    }
    *surfaces = kept;
}
